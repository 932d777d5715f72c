"""The SHACL shapes: each shape accepts and rejects its fixtures, the shapes are valid
SHACL, and the shipped graph conforms (with the paragraph-15 source fault as a Warning)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SH

from ctoc_kg import resources
from ctoc_kg.validate import load_shapes, validate

SHAPES_FIXTURES = Path(__file__).resolve().parent / "shapes"
BASE = SHAPES_FIXTURES / "base.ttl"
CASES = sorted(p.name for p in SHAPES_FIXTURES.iterdir() if p.is_dir())
SHNS = "https://w3id.org/ctoc-kg/shapes#"
ID = "https://w3id.org/ctoc-kg/id/"


def keys(report) -> set[tuple]:
    return {r.key() for r in report.results}


def expected_keys(case: str) -> set[tuple]:
    rows = json.loads((SHAPES_FIXTURES / case / "expected.json").read_text(encoding="utf-8"))
    return {(r["focus"], r["path"], r["severity"], r["source_shape"], r["constraint_component"])
            for r in rows}


@pytest.fixture(scope="module")
def shapes_graph() -> Graph:
    """The shipped shapes, parsed once for the module (validate() reads a Graph passed in
    and never changes it; without one it parses the shipped shapes once a process)."""
    g = load_shapes()
    n = len(g)
    yield g
    assert len(g) == n, "validate() changed the shapes graph it was given"


def test_base_world_conforms(shapes_graph):
    report = validate([BASE], shapes=shapes_graph)
    assert report.results == []


@pytest.mark.parametrize("case", CASES)
def test_shape_accepts(case):
    report = validate([BASE, SHAPES_FIXTURES / case / "accept.ttl"])
    assert [(r.focus, r.source_shape, r.message) for r in report.results] == []


@pytest.mark.parametrize("case", CASES)
def test_shape_rejects(case):
    report = validate([BASE, SHAPES_FIXTURES / case / "reject.ttl"])
    got = keys(report)
    want = expected_keys(case)
    assert got == want, f"missing: {sorted(want - got, key=str)}\nunexpected: {sorted(got - want, key=str)}"
    # the rejecting file does break the shape the case is named after
    assert any(k[3] == SHNS + case or k[3].startswith(SHNS + case + "-") for k in got)


def named_shapes(g: Graph) -> set[URIRef]:
    return {s for t in (SH.NodeShape, SH.PropertyShape) for s in g.subjects(RDF.type, t)
            if isinstance(s, URIRef)}


def test_every_node_shape_has_fixtures(shapes_graph):
    node_shapes = {str(s)[len(SHNS):] for s in shapes_graph.subjects(RDF.type, SH.NodeShape)
                   if isinstance(s, URIRef)}
    assert node_shapes == set(CASES)
    for case in CASES:
        for name in ("accept.ttl", "reject.ttl", "expected.json"):
            assert (SHAPES_FIXTURES / case / name).is_file(), f"{case}/{name}"


def test_every_constraint_is_rejected_by_some_fixture(shapes_graph):
    """Each property shape, and each node shape with constraints of its own, shows up
    as the source shape of an expected result."""
    seen = {k[3] for case in CASES for k in expected_keys(case)}
    own = {SH.sparql, SH["or"], SH["and"], SH["not"], SH.xone, SH["class"], SH.nodeKind}
    must = {str(s) for s in named_shapes(shapes_graph)
            if (s, RDF.type, SH.PropertyShape) in shapes_graph
            or any((s, p, None) in shapes_graph for p in own)}
    assert must - seen == set()


def test_shape_files_are_split_by_kind():
    """core-*.ttl hold SHACL Core shapes only, sparql-*.ttl only SHACL-SPARQL rules;
    each named shape is defined in one file, beside its property shapes, and a rules
    file declares the prefixes its queries use."""
    defined: dict[URIRef, list[str]] = {}
    for path in resources.shape_files():
        g = load_shapes([path])
        kind = path.name.split("-")[0]
        assert kind in {"core", "sparql"}, path.name
        shapes = named_shapes(g)
        with_sparql = {s for s in shapes if (s, SH.sparql, None) in g}
        if kind == "core":
            assert with_sparql == set(), path.name
            assert not any("Rule-" in str(s) for s in shapes), path.name
        else:
            assert shapes == with_sparql, path.name
            assert all("Rule-" in str(s) for s in shapes), path.name
            for prefixes in g.objects(None, SH.prefixes):
                assert (prefixes, SH.declare, None) in g, (path.name, prefixes)
        for prop in g.objects(None, SH.property):
            assert prop in shapes, (path.name, prop)
        for s in shapes:
            defined.setdefault(s, []).append(path.name)
    assert {s: f for s, f in defined.items() if len(f) > 1} == {}
    assert set(defined) == named_shapes(load_shapes())


def test_property_shapes_are_named(shapes_graph):
    anonymous = [o for o in shapes_graph.objects(None, SH.property) if not isinstance(o, URIRef)]
    assert anonymous == []


def test_every_shape_has_bilingual_messages(shapes_graph):
    for s in named_shapes(shapes_graph):
        nodes = [s, *shapes_graph.objects(s, SH.sparql)]
        langs = {m.language for n in nodes for m in shapes_graph.objects(n, SH.message)}
        has_constraints = (s, RDF.type, SH.PropertyShape) in shapes_graph or (s, SH.sparql, None) in shapes_graph \
            or (s, SH["or"], None) in shapes_graph
        if has_constraints:
            assert {"en", "fr"} <= langs, s


@pytest.mark.slow
def test_shapes_pass_shacl_shacl():
    from pyshacl.entrypoints import meta_validate

    for path in resources.shape_files():
        conforms, _graph, text = meta_validate(load_shapes([path]))
        assert conforms, text


def test_meta_validation_catches_a_broken_shape(tmp_path):
    from pyshacl.entrypoints import meta_validate

    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<urn:s> a sh:NodeShape ; sh:property <urn:p> .\n"
        "<urn:p> a sh:PropertyShape ; sh:path <urn:x> ; sh:minCount \"one\" .\n",
        encoding="utf-8")
    conforms, _graph, _text = meta_validate(load_shapes([bad]))
    assert not conforms


def test_shipped_graph_has_no_violation_and_the_paragraph_15_warning(shipped_validation):
    report = shipped_validation
    assert report.counts["Violation"] == 0, [(r.focus, r.source_shape) for r in report.results]
    warnings = [r for r in report.results if r.severity == "Warning"]
    assert [(r.focus, r.source_shape) for r in warnings] == [
        (ID + "doc/note-2020-07-01-subsidiary-bodies/statement/para-15-sequence",
         SHNS + "SequencingStatementRule-datesAgree")]
    w = warnings[0]
    assert [s.number for s in w.sources if s.kind == "Paragraph"] == [15]
    assert w.message.startswith("Paragraph 15 ")
    assert w.messages["fr"].startswith("Le paragraphe 15 ")
    assert w.focus_label.startswith("paragraph 15")


@pytest.mark.parametrize("inference", ["none", "rdfs", pytest.param("owlrl", marks=pytest.mark.slow)])
def test_domain_and_range_never_hide_a_class_violation(tmp_path, inference):
    """A report that 'reports on' a session: with rdfs:range in play, RDFS inference
    would type the session as a ctoc:Meeting and sh:class would pass."""
    broken = tmp_path / "broken.ttl"
    broken.write_text(
        "@prefix ctoc: <https://w3id.org/ctoc-kg/ontology#> .\n"
        "@prefix ex: <https://w3id.org/ctoc-kg/id/test/> .\n"
        "ex:report-1 ctoc:reportsOn ex:session-3 .\n", encoding="utf-8")
    report = validate([BASE, broken], inference=inference)
    hits = {(r.focus, r.value, r.source_shape) for r in report.results
            if r.constraint_component == str(SH.ClassConstraintComponent)}
    assert (ID + "test/report-1", ID + "test/session-3", SHNS + "ReportShape-reportsOn") in hits


def test_a_dataset_passed_in_is_not_changed():
    from ctoc_kg.dataset import load

    ds = load([BASE])
    before = len(ds)
    report = validate(ds)
    assert report.results == []
    assert len(ds) == before
