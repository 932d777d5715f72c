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
    return load_shapes()


def test_engines_are_named_and_an_unknown_one_is_refused():
    assert ENGINES == ("fast", "pyshacl")
    with pytest.raises(CtocError, match="unknown validation engine"):
        validate(engine="jena")


def test_same_report_on_the_shipped_graph():
    fast, reference = both(None)
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
def test_same_report_on_every_shape_fixture(case, kind, shapes_graph):
    data = [BASE, SHAPES_FIXTURES / case / f"{kind}.ttl"]
    fast = full(validate(data, shapes=shapes_graph, engine="fast"))
    reference = full(validate(data, shapes=shapes_graph, engine="pyshacl"))
    assert fast == reference


@pytest.mark.slow
@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.name)
def test_same_report_on_every_mutation(mutation, tmp_path, shapes_graph):
    files = write_copy(mutation, tmp_path)
    fast = full(validate(files, shapes=shapes_graph, engine="fast"))
    reference = full(validate(files, shapes=shapes_graph, engine="pyshacl"))
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
