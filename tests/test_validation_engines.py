"""The fast validation engine (pyshacl-turbo, ``validate(engine="fast")``, the default)
gives exactly the report of the reference engine (pyshacl, ``engine="pyshacl"``): every
field of every result — focus and its label, path, value with its datatype and language,
severity, source shape, constraint component, the English and French messages, the
source paragraphs — on the shipped graph, every shape fixture, every mutation of the
bad-value catalogue and a generated corpus with seeded errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.mutations import MUTATIONS, write_copy

from ctoc_kg.errors import CtocError
from ctoc_kg.validate import ENGINES, load_shapes, validate

SHAPES_FIXTURES = Path(__file__).resolve().parent / "shapes"
BASE = SHAPES_FIXTURES / "base.ttl"
CASES = sorted(p.name for p in SHAPES_FIXTURES.iterdir() if p.is_dir())
# the quick run compares the engines on these fixtures (a SHACL-SPARQL rule, literal forms);
# every other fixture in CI (the 2 s budget, docs/testing.md)
QUICK_CASES = {"EventRule-endAfterStart", "LiteralRule-wellFormed"}


def full(report) -> list[tuple]:
    """Every field of every result, in the report's order, plus the summary counts."""
    rows = [(r.focus, r.focus_label, r.path, r.value, r.value_datatype, r.value_language,
             r.severity, r.source_shape, r.constraint_component, tuple(r.messages.items()),
             tuple(r.sources)) for r in report.results]
    return [report.counts, report.shacl_conforms, report.shapes, *rows]


def both(data, **kwargs) -> tuple[list, list]:
    return (full(validate(data, engine="fast", **kwargs)),
            full(validate(data, engine="pyshacl", **kwargs)))


@pytest.fixture(scope="module")
def shapes_graph():
    """The shipped shapes, for the tests that read them.  The engine comparisons pass no
    shapes: validate() then uses the Graph it remembers, whose compiled form and derived
    parts are made once a process (a caller's Graph is compiled again on every call)."""
    return load_shapes()


def test_engines_are_named_and_an_unknown_one_is_refused():
    assert ENGINES == ("fast", "pyshacl")
    with pytest.raises(CtocError, match="unknown validation engine"):
        validate(engine="jena")


def test_same_report_on_the_shipped_graph(shipped_validation):
    fast, reference = full(shipped_validation), full(validate(engine="pyshacl"))
    assert fast == reference
    assert fast[0]["Warning"] == 1  # the paragraph-15 Warning


@pytest.mark.parametrize("inference", ["none", pytest.param("rdfs", marks=pytest.mark.slow)])
def test_same_report_with_inference(inference, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix ctoc: <https://w3id.org/ctoc-kg/ontology#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "<https://w3id.org/ctoc-kg/id/meeting/x> a ctoc:Meeting ;\n"
        '  ctoc:startDate "2020-07-16Z"^^xsd:date ; ctoc:ordinal "09"^^xsd:integer .\n',
        encoding="utf-8")
    fast, reference = both([BASE, bad], inference=inference)
    assert fast == reference
    assert fast[0]["Violation"] > 0


@pytest.mark.parametrize("kind", ["accept", "reject"])
@pytest.mark.parametrize("case", [c if c in QUICK_CASES else pytest.param(c, marks=pytest.mark.slow)
                                  for c in CASES])
def test_same_report_on_every_shape_fixture(case, kind):
    data = [BASE, SHAPES_FIXTURES / case / f"{kind}.ttl"]
    fast = full(validate(data, engine="fast"))
    reference = full(validate(data, engine="pyshacl"))
    assert fast == reference


@pytest.mark.slow
@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.name)
def test_same_report_on_every_mutation(mutation, tmp_path):
    files = write_copy(mutation, tmp_path)
    fast = full(validate(files, engine="fast"))
    reference = full(validate(files, engine="pyshacl"))
    assert fast == reference


@pytest.mark.slow
def test_same_report_on_a_generated_corpus_with_seeded_errors(tmp_path):
    from ctoc_kg.generate import ERROR_KINDS, generate

    path = tmp_path / "corpus.nt"
    corpus = generate(path, 6000, seed=3, errors=dict.fromkeys(ERROR_KINDS, 2))
    fast, reference = both([path])
    assert fast == reference
    want = corpus.expected_results()
    got: dict = {}
    for row in fast[3:]:
        key = (row[7], row[6])
        got[key] = got.get(key, 0) + 1
    assert got == want


# --- SHACL-SPARQL constraints evaluated once over the whole graph (on the store)


def _engine_only(monkeypatch):
    """The fast engine evaluating SHACL-SPARQL per focus node itself, as before."""
    import ctoc_kg.validate as v

    monkeypatch.setattr(v, "_SPARQL_ON_STORE", False)


def test_every_shipped_sparql_constraint_runs_once_over_the_graph(shapes_graph):
    from rdflib.namespace import SH

    from ctoc_kg.validate import _whole_graph_constraints

    rest, taken = _whole_graph_constraints(shapes_graph)
    sparql_shapes = set(shapes_graph.subjects(SH.sparql, None))
    assert len(sparql_shapes) >= 20
    assert {c.shape for c in taken} == sparql_shapes
    assert not set(rest.subjects(SH.sparql, None))
    # nothing else of the shapes changes: the rest is the shapes minus those shapes' triples
    assert set(rest) < set(shapes_graph)
    assert all((s, None, None) not in rest for s in sparql_shapes)
    assert len(set(rest.subjects(SH.path, None))) == len(set(shapes_graph.subjects(SH.path, None)))


@pytest.mark.parametrize("select, joins", [
    ("SELECT $this ?value WHERE { $this <p> ?value . }", True),
    ("SELECT DISTINCT $this (<p> AS ?path) ?value WHERE { $this <p> ?value FILTER NOT EXISTS { $this <q> ?value } }", True),
    ("SELECT $this (MIN(?v) AS ?value) WHERE { $this <p> ?v } GROUP BY $this", True),
    ("SELECT $this (COUNT(?v) AS ?value) WHERE { $this <p> ?v }", False),  # one group per focus node
    ("SELECT $this (MIN(?v) AS ?value) WHERE { $this <p> ?v . ?v <q> ?c } GROUP BY ?c", False),
    ("SELECT $this ?value WHERE { $this <p> ?value MINUS { $this <q> ?value } }", False),
    ("SELECT $this ?value WHERE { ?value <p> $this }", False),  # $this not bound first
    ("SELECT $this ?value WHERE { $this <p> ?value } LIMIT 1", False),
    ("SELECT $this ?value WHERE { $this <p> ?value { SELECT ?value WHERE { ?value <q> 1 } } }", False),
    ("SELECT $this ?value WHERE { $this <p> ?value FILTER (?value != $currentShape) }", False),
    ("SELECT ?value WHERE { $this <p> ?value }", False),  # $this not projected
    ("SELECT $this ?value WHERE { $this <p> ?value VALUES ?value { 1 } }", False),
])
def test_which_sparql_constraints_can_run_once_over_the_graph(select, joins):
    from ctoc_kg.validate import _select_joins_on_this

    assert _select_joins_on_this(select) is joins


def test_same_report_with_the_sparql_constraints_on_the_store_on_the_shipped_graph(monkeypatch):
    on_store = full(validate(None))
    _engine_only(monkeypatch)
    assert full(validate(None)) == on_store


def test_same_report_with_the_sparql_constraints_on_the_store_on_a_seeded_corpus(tmp_path, monkeypatch):
    """Every error kind seeded once: each SHACL-SPARQL rule that reports, reported the same."""
    from ctoc_kg.generate import ERROR_KINDS, generate

    path = tmp_path / "corpus.nt"
    corpus = generate(path, 3000, seed=5, errors=dict.fromkeys(ERROR_KINDS, 1))
    on_store = full(validate([path]))
    _engine_only(monkeypatch)
    engine = full(validate([path]))
    assert on_store == engine
    got: dict = {}
    for row in on_store[3:]:
        got[(row[7], row[6])] = got.get((row[7], row[6]), 0) + 1
    assert got == corpus.expected_results()
    assert sum(1 for row in on_store[3:] if row[8].endswith("SPARQLConstraintComponent")) >= 6


@pytest.mark.parametrize("kind", ["accept", "reject"])
@pytest.mark.parametrize("case", [c if c in QUICK_CASES else pytest.param(c, marks=pytest.mark.slow)
                                  for c in CASES])
def test_same_report_with_the_sparql_constraints_on_the_store_on_every_fixture(
        case, kind, monkeypatch):
    data = [BASE, SHAPES_FIXTURES / case / f"{kind}.ttl"]
    on_store = full(validate(data))
    _engine_only(monkeypatch)
    assert full(validate(data)) == on_store


def test_a_sparql_constraint_that_cannot_run_once_stays_with_the_engine(tmp_path, shapes_graph):
    """A constraint whose WHERE clause does not start by binding $this (here an OPTIONAL)
    is evaluated by the engine per focus node; the others still on the store; the same
    report as pyshacl's."""
    from rdflib import Graph

    from ctoc_kg.validate import _whole_graph_constraints

    extra = tmp_path / "extra.ttl"
    extra.write_text("""
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ctocsh: <https://w3id.org/ctoc-kg/shapes#> .
ctocsh:TestRule-optional a sh:NodeShape ;
  sh:targetSubjectsOf <https://w3id.org/ctoc-kg/ontology#ordinal> ;
  sh:sparql [ a sh:SPARQLConstraint ;
    sh:message "Meeting {?value} of no body."@en , "Réunion {?value} sans organe."@fr ;
    sh:select \"\"\"SELECT $this (<https://w3id.org/ctoc-kg/ontology#ordinal> AS ?path) ?value
      WHERE { OPTIONAL { $this <https://w3id.org/ctoc-kg/ontology#meetingOf> ?body }
              FILTER (!BOUND(?body))
              $this <https://w3id.org/ctoc-kg/ontology#ordinal> ?value }\"\"\" ] .
""", encoding="utf-8")
    shapes = Graph()
    for t in shapes_graph:
        shapes.add(t)
    shapes.parse(extra)
    rest, taken = _whole_graph_constraints(shapes)
    assert "TestRule-optional" not in {str(c.shape).rsplit("#")[-1] for c in taken}
    assert (None, None, None) in rest and len(taken) >= 20
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix ctoc: <https://w3id.org/ctoc-kg/ontology#> .\n"
        "<https://w3id.org/ctoc-kg/id/meeting/x> a ctoc:Meeting ; ctoc:ordinal 3 .\n",
        encoding="utf-8")
    fast = full(validate([BASE, bad], shapes=shapes, engine="fast"))
    assert fast == full(validate([BASE, bad], shapes=shapes, engine="pyshacl"))
    flagged = {r[0] for r in fast[3:] if r[7].endswith("TestRule-optional")}
    assert "https://w3id.org/ctoc-kg/id/meeting/x" in flagged


@pytest.mark.java
@pytest.mark.slow
def test_jena_agrees_with_the_sparql_constraints_on_the_store_on_a_seeded_corpus(tmp_path):
    """Apache Jena (SHACL-SPARQL per focus node) finds exactly what the fast path finds
    with every SHACL-SPARQL rule evaluated once on the store: each seeded error kind."""
    from concurrent.futures import ThreadPoolExecutor

    from support.jena import Jena, compare, ctoc_report, validation_input

    from ctoc_kg.generate import ERROR_KINDS, generate

    path = tmp_path / "corpus.nt"
    corpus = generate(path, 8000, seed=11, errors=dict.fromkeys(ERROR_KINDS, 2))
    jena = Jena.ensure()
    data, shapes = validation_input([path])
    with ThreadPoolExecutor(1) as pool:
        theirs = pool.submit(jena.validate, data, shapes)
        report = validate([path])
        theirs = theirs.result()
    diff = compare(ctoc_report(report), theirs)
    assert not diff, diff.explain()
    assert len(report.results) == sum(corpus.expected_results().values())
    assert any(r.constraint_component.endswith("SPARQLConstraintComponent") for r in report.results)
