"""What is remembered between runs of one process, keyed by content: each memo hits on the
same bytes, misses when a file's bytes change under the same path (same size, same
modification time), keeps no failure, and hands out nothing a caller can change.

- ``dataset._parse``: a file's parsed quads (resolved path, SHA-256 of the bytes, target
  graph, format), bounded in bytes;
- ``validate._turbo_validate``: pyshacl-turbo's compiled shapes, kept with the shapes
  Graph ``validate._shared_shapes`` remembers;
- ``validate._ontology``: the ontology graph's rdflib triples and blank-node signatures;
- ``reason._rule_inputs``: the IRIs a rule text names.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pyoxigraph as ox
import pyshacl_turbo
import pytest

import ctoc_kg.validate as v
from ctoc_kg import dataset as D
from ctoc_kg import reason as R
from ctoc_kg.errors import InputError
from ctoc_kg.open import open_dataset
from ctoc_kg.validate import load_shapes, validate

XSD = "http://www.w3.org/2001/XMLSchema#"
SHAPES_FIXTURES = Path(__file__).resolve().parent / "shapes"
BASE = SHAPES_FIXTURES / "base.ttl"
G = D.graph_iri("data")


def rewrite_in_place(path: Path, text: str) -> None:
    """New bytes of the same size under the same path, with the old modification time."""
    stat = path.stat()
    assert len(text.encode("utf-8")) == stat.st_size
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


@pytest.fixture
def fresh_parses(monkeypatch):
    """Count the parses ``dataset._parse`` could not take from its memo."""
    calls = []
    real = D._parse_now

    def counting(data, rdf_format, path, graph):
        calls.append(Path(path).name)
        return real(data, rdf_format, path, graph)

    monkeypatch.setattr(D, "_parse_now", counting)
    return calls


# ---------------------------------------------------------------------------
# dataset._parse


def test_a_file_is_parsed_once_for_its_content_and_again_when_it_changes(tmp_path, fresh_parses):
    path = tmp_path / "data.ttl"
    path.write_text('<urn:x-test:a> <urn:x-test:p> "one" .\n', encoding="utf-8")
    first = D.load([path], include_ontology=False)
    second = D.load([path], include_ontology=False)
    assert fresh_parses == ["data.ttl"]
    assert sorted(map(str, D.quads(first))) == sorted(map(str, D.quads(second)))
    rewrite_in_place(path, '<urn:x-test:a> <urn:x-test:p> "two" .\n')
    third = D.load([path], include_ontology=False)
    assert fresh_parses == ["data.ttl", "data.ttl"]
    assert [q.object.value for q in D.quads(third)] == ["two"]
    # the same bytes into another graph is another parse (its quads name that graph)
    D.load([path], include_ontology=False, ontology=[path])
    assert fresh_parses == ["data.ttl", "data.ttl", "data.ttl"]
    assert fresh_parses.count("data.ttl") == 3


def test_the_shipped_ontology_is_parsed_once_a_process(fresh_parses):
    open_dataset([BASE], reasoning=None)
    fresh_parses.clear()
    a = open_dataset([BASE], reasoning=None)
    b = open_dataset([BASE], reasoning=None)
    assert fresh_parses == []
    assert sorted(map(str, D.quads(a))) == sorted(map(str, D.quads(b)))


def test_what_read_quads_returns_is_the_callers_own(tmp_path):
    path = tmp_path / "data.ttl"
    path.write_text("<urn:x-test:a> <urn:x-test:p> <urn:x-test:b> .\n", encoding="utf-8")
    got = D.read_quads(path, G)
    want = list(got)
    got.clear()
    got.append(ox.Quad(ox.NamedNode("urn:x-test:other"), ox.NamedNode("urn:x-test:p"),
                       ox.NamedNode("urn:x-test:c"), ox.NamedNode(str(G))))
    assert D.read_quads(path, G) == want
    assert [str(q) for q in D.quads(D.load([path], include_ontology=False))] == [
        str(ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(str(D.graph_iri("data")))))
        for q in want]


def test_the_lexical_record_is_the_same_from_a_remembered_parse(tmp_path, fresh_parses):
    path = tmp_path / "odd.ttl"
    path.write_text(f'<urn:x-test:a> <urn:x-test:p> "09"^^<{XSD}integer> , "+1"^^<{XSD}int> .\n',
                    encoding="utf-8")
    first, second = (D.load([path], include_ontology=False) for _ in range(2))
    assert fresh_parses == ["odd.ttl"]
    a, b = D._lexical(first), D._lexical(second)
    assert a.by_quad == b.by_quad and a.by_literal == b.by_literal and a.kept == b.kept
    assert sorted(q.object.value for q in D.quads(second)) == ["+1", "09"]
    nine = ox.Literal("9", datatype=ox.NamedNode(XSD + "integer"))
    assert D.original_term(second, nine).value == "09"


def test_a_file_loaded_twice_into_one_dataset_gets_new_blank_nodes_as_before(tmp_path, fresh_parses):
    """Turtle's unlabelled blank nodes are new ones on every parse: the same file loaded
    twice into one graph holds its blank-node triples twice, remembered parse or not."""
    path = tmp_path / "data.ttl"
    path.write_text("<urn:x-test:a> <urn:x-test:p> [ <urn:x-test:q> 1 ] .\n", encoding="utf-8")
    ds = D.new_dataset()
    D.load_file(ds, path, G)
    D.load_file(ds, path, G)
    assert len(D.oxigraph_store(ds)) == 4
    assert fresh_parses == ["data.ttl", "data.ttl"]  # the second: a parse of its own
    other = D.new_dataset()  # another dataset takes the remembered parse
    D.load_file(other, path, G)
    assert fresh_parses == ["data.ttl", "data.ttl"]
    assert len(D.oxigraph_store(other)) == 2


def test_a_file_that_does_not_parse_fails_every_time_and_is_not_remembered(tmp_path, fresh_parses):
    path = tmp_path / "bad.ttl"
    path.write_text("<urn:x-test:a> <urn:x-test:p> .\n", encoding="utf-8")
    errors = []
    for _ in range(2):
        with pytest.raises(InputError) as e:
            D.load([path], include_ontology=False)
        errors.append(str(e.value))
    assert errors[0] == errors[1] and ":1:" in errors[0]
    assert fresh_parses == ["bad.ttl", "bad.ttl"]
    assert not any(key[0] == str(path.resolve()) for key in D._PARSED)


def test_the_memo_is_bounded_in_bytes(tmp_path, monkeypatch, fresh_parses):
    monkeypatch.setattr(D, "_PARSED", type(D._PARSED)())
    monkeypatch.setattr(D, "_PARSED_BYTES", 200)
    monkeypatch.setattr(D, "_PARSED_FILE_BYTES", 120)
    files = []
    for name in "abc":
        path = tmp_path / f"{name}.ttl"
        path.write_text(f'<urn:x-test:{name}> <urn:x-test:p> "{name * 40}" .\n', encoding="utf-8")
        files.append(path)
    big = tmp_path / "big.ttl"
    big.write_text(f'<urn:x-test:big> <urn:x-test:p> "{"x" * 200}" .\n', encoding="utf-8")
    for path in [*files, big, big]:
        D.read_quads(path, G)
    assert sum(size for _q, size in D._PARSED.values()) <= 200
    assert {Path(key[0]).name for key in D._PARSED} == {"b.ttl", "c.ttl"}  # a.ttl went first
    assert fresh_parses == ["a.ttl", "b.ttl", "c.ttl", "big.ttl", "big.ttl"]  # never kept
    D.read_quads(files[2], G)
    D.read_quads(files[0], G)
    assert fresh_parses[-1] == "a.ttl" and fresh_parses.count("c.ttl") == 1


# ---------------------------------------------------------------------------
# validate: compiled shapes and the ontology


SHAPE = """@prefix sh: <http://www.w3.org/ns/shacl#> .
<urn:x-test:shape> a sh:NodeShape ; sh:targetNode <urn:x-test:a> ;
    sh:property <urn:x-test:shape-p> .
<urn:x-test:shape-p> a sh:PropertyShape ; sh:path <urn:x-test:p> ; sh:{which}Count 1 ;
    sh:message "p"@en , "p"@fr .
"""


@pytest.fixture
def small(tmp_path):
    """A data file, a one-line ontology and a one-shape shapes file."""
    data = tmp_path / "data.ttl"
    data.write_text("<urn:x-test:a> <urn:x-test:q> 1 .\n", encoding="utf-8")
    ontology = tmp_path / "ontology.ttl"
    ontology.write_text("<urn:x-test:q> a <http://www.w3.org/2002/07/owl#DatatypeProperty> .\n",
                        encoding="utf-8")
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(SHAPE.format(which="min"), encoding="utf-8")
    return data, ontology, shapes


@pytest.fixture
def compiles(monkeypatch):
    calls = []
    real = pyshacl_turbo.compile_shapes

    def counting(graph, **kw):
        calls.append(len(graph))
        return real(graph, **kw)

    monkeypatch.setattr(pyshacl_turbo, "compile_shapes", counting)
    return calls


def components(report) -> list[str]:
    return [r.constraint_component.rsplit("#", 1)[-1] for r in report.results]


def test_compiled_shapes_are_kept_for_the_same_content_and_made_again_when_it_changes(small, compiles):
    data, ontology, shapes = small
    first = validate([data], shapes=[shapes], ontology=[ontology], engine="fast")
    assert components(first) == ["MinCountConstraintComponent"]
    assert len(compiles) == 1
    second = validate([data], shapes=[shapes], ontology=[ontology], engine="fast")
    assert len(compiles) == 1  # kept with the remembered shapes Graph
    assert second.results == first.results
    rewrite_in_place(shapes, SHAPE.format(which="max"))
    assert components(validate([data], shapes=[shapes], ontology=[ontology], engine="fast")) == []
    assert len(compiles) == 2


def test_a_shapes_graph_passed_in_is_compiled_on_every_call(small, compiles):
    data, ontology, shapes = small
    graph = load_shapes([shapes])
    for _ in range(2):
        assert components(validate([data], shapes=graph, ontology=[ontology], engine="fast")) == [
            "MinCountConstraintComponent"]
    assert len(compiles) == 2
    # the caller may change its Graph between calls: the change counts
    graph.remove((None, None, None))
    graph.parse(data=SHAPE.format(which="max"), format="turtle")
    assert components(validate([data], shapes=graph, ontology=[ontology], engine="fast")) == []


def test_kept_compiled_shapes_give_the_report_a_fresh_compile_gives(compiles):
    """The shipped shapes on shape fixtures that reject (both validated by the fast
    engine): the remembered program's report equals the report of shapes compiled for
    that call alone."""
    shapes = load_shapes()
    for case in ("MeetingShape",):
        files = [BASE, SHAPES_FIXTURES / case / "reject.ttl"]
        kept = validate(files, engine="fast")
        before = len(compiles)
        fresh = validate(files, shapes=shapes, engine="fast")
        assert len(compiles) == before + 1  # compiled for this call: the fast engine ran
        assert kept.results == fresh.results and kept.results
        assert sorted(map(str, kept.graph.predicates())) == sorted(map(str, fresh.graph.predicates()))


def test_a_caller_changing_a_report_does_not_change_the_next_one():
    files = [BASE, SHAPES_FIXTURES / "MeetingShape" / "reject.ttl"]
    first = validate(files, engine="fast")
    want = [r.key() for r in first.results]
    size = len(first.graph)
    first.graph.remove((None, None, None))
    first.results.clear()
    second = validate(files, engine="fast")
    assert [r.key() for r in second.results] == want
    assert len(second.graph) == size


def test_shapes_the_engine_refuses_fail_on_every_call(tmp_path, small, compiles):
    """A failed compile is not remembered: each call compiles and raises alike."""
    data, ontology, _ = small
    shapes = tmp_path / "bad-shapes.ttl"
    shapes.write_text(SHAPE.format(which="min").replace("sh:minCount 1", 'sh:minCount "x"'),
                      encoding="utf-8")
    raised = []
    for _ in range(2):
        with pytest.raises(Exception) as e:
            validate([data], shapes=[shapes], ontology=[ontology], engine="fast")
        raised.append((type(e.value), str(e.value)))
    assert raised[0] == raised[1] and "minCount" in raised[0][1]
    assert len(compiles) == 2


def test_the_ontology_memo_hits_on_the_same_content_and_misses_on_new_bytes(small, monkeypatch):
    data, ontology, shapes = small
    made = []
    real = v._rdflib_graph

    def counting(ox_quads):
        made.append(len(ox_quads))
        return real(ox_quads)

    monkeypatch.setattr(v, "_rdflib_graph", counting)
    token = uuid.uuid4().hex  # an ontology no earlier run of this process has seen
    ontology.write_text(f"<urn:x-test:q> a <http://www.w3.org/2002/07/owl#DatatypeProperty> ;\n"
                        f'    <urn:x-test:note> "{token}" .\n', encoding="utf-8")
    schema = data.parent / "schema.ttl"  # a data file that states the ontology's one triple
    schema.write_text("<urn:x-test:q> a <http://www.w3.org/2002/07/owl#DatatypeProperty> .\n",
                      encoding="utf-8")
    for _ in range(2):
        report = validate([data, schema], shapes=[shapes], ontology=[ontology], engine="fast")
        assert not [r for r in report.results if r.source_shape.endswith("check-schema-triple")]
    assert made == [2]
    # same size, same path, another class: the data file's triple is now schema of its own
    rewrite_in_place(ontology, f"<urn:x-test:q> a <http://www.w3.org/2002/07/owl#ObjectProperty>   ;\n"
                               f'    <urn:x-test:note> "{token}" .\n')
    report = validate([data, schema], shapes=[shapes], ontology=[ontology], engine="fast")
    assert made == [2, 2]
    assert [r.focus for r in report.results if r.source_shape.endswith("check-schema-triple")] == [
        "urn:x-test:q"]


def test_the_validation_graph_is_new_on_every_call(small):
    """The pyshacl path's graph is built from the remembered ontology triples: a caller
    changing one graph does not change the next."""
    data, ontology, _ = small
    first, _findings = v.validation_graph([data], ontology=[ontology])
    want = set(first)
    first.remove((None, None, None))
    second, _findings = v.validation_graph([data], ontology=[ontology])
    assert set(second) == want and len(want) == 2


# ---------------------------------------------------------------------------
# reason._rule_inputs


def test_a_rule_file_changed_in_place_is_read_again(tmp_path):
    rule = tmp_path / "construct-x.rq"
    text = "CONSTRUCT { ?s <urn:x-test:r> ?o } WHERE { ?s <urn:x-test:p> ?o }"
    rule.write_text(text, encoding="utf-8")
    data = tmp_path / "data.ttl"
    data.write_text("<urn:x-test:a> <urn:x-test:p> <urn:x-test:b> ; <urn:x-test:q> <urn:x-test:c> .\n",
                    encoding="utf-8")

    def inferred(ds):
        g = ox.NamedNode(str(D.graph_iri("inferred")))
        return sorted((q.subject.value, q.predicate.value, q.object.value)
                      for q in D.oxigraph_store(ds).quads_for_pattern(None, None, None, g))

    for _ in range(2):
        ds = open_dataset([data], include_ontology=False, rules=[rule])
        assert inferred(ds) == [("urn:x-test:a", "urn:x-test:r", "urn:x-test:b")]
    assert R._rule_inputs(text) is R._rule_inputs(text)
    rewrite_in_place(rule, text.replace("urn:x-test:p>", "urn:x-test:q>"))
    ds = open_dataset([data], include_ontology=False, rules=[rule])
    assert inferred(ds) == [("urn:x-test:a", "urn:x-test:r", "urn:x-test:c")]


# ---------------------------------------------------------------------------
# validate: what the pyshacl engine is given


AWKWARD = f"""@prefix ctoc: <https://w3id.org/ctoc-kg/ontology#> .
<https://w3id.org/ctoc-kg/id/x> a ctoc:Session ;
    ctoc:sessionNumber "09"^^<{XSD}integer> , "-0"^^<{XSD}integer> , "+1"^^<{XSD}int> ;
    ctoc:startDate "2019-02-30"^^<{XSD}date> , "2020-07-16Z"^^<{XSD}date> ;
    <http://www.w3.org/2000/01/rdf-schema#label> "Session"@EN-gb , "tab\\tand \\u00e9"@fr , "plain" ;
    ctoc:note [ <urn:x-test:p> "yes"^^<{XSD}boolean> ] .
"""


@pytest.mark.parametrize("files", [
    ["awkward"],
    [BASE, SHAPES_FIXTURES / "EventShape" / "reject.ttl"],
    [BASE, SHAPES_FIXTURES / "LiteralRule-wellFormed" / "reject.ttl"],
], ids=["awkward", "EventShape", "LiteralRule-wellFormed"])
def test_the_store_behind_the_validation_graph_is_what_converting_it_gives(tmp_path, files):
    """validation_graph's SparqlOnOxigraph makes its store of the pyoxigraph triples it was
    built from: the same store as converting each of its rdflib triples back."""
    if files == ["awkward"]:
        path = tmp_path / "awkward.ttl"
        path.write_text(AWKWARD, encoding="utf-8")
        files = [path]
    target, _findings = v.validation_graph(files)
    assert target._seed is not None
    seeded = set(target._oxigraph())
    target._mirror = target._seed = None
    converted = set(target._oxigraph())
    assert seeded == converted and len(seeded) > 1000
    target.add((v.URIRef("urn:x-test:a"), v.URIRef("urn:x-test:p"), v.Literal("new")))
    assert target._seed is None  # a change: converted again
    assert len(set(target._oxigraph())) == len(converted) + 1


def test_pyshacls_copy_of_the_shapes_is_kept_only_as_pyshacl_leaves_it(monkeypatch):
    """A thread's copy of the remembered shapes goes back to pyshacl on its next run when
    it holds the shapes and pyshacl's system triples, and is made again otherwise."""
    files = [BASE, SHAPES_FIXTURES / "EventShape" / "reject.ttl"]
    copies = []
    real = v._copy_graph

    def counting(g):
        copies.append(len(g))
        return real(g)

    monkeypatch.setattr(v, "_copy_graph", counting)
    first = validate(files, engine="pyshacl")
    made = len(copies)  # 0 or 1: earlier tests of this thread may have made it
    second = validate(files, engine="pyshacl")
    assert second.results == first.results and first.results
    assert len(copies) == made <= 1
    shapes = v._shared_shapes(None)
    local = v._of_shapes(shapes, v._copies)
    kept = local.graph
    assert kept is not None and len(kept) == len(shapes) + 2
    assert set(kept) >= set(shapes)
    # taken for a run: the next run of this thread makes its own until it is given back
    taken, where = v._pyshacl_shapes(shapes)
    assert taken is kept and where is local and local.graph is None
    other, _ = v._pyshacl_shapes(shapes)
    assert other is not kept and len(copies) == made + 1 and len(other) == len(shapes)
    # given back changed in any other way than pyshacl changes it: dropped
    kept.add((v.URIRef("urn:x-test:a"), v.URIRef("urn:x-test:p"), v.URIRef("urn:x-test:b")))
    v._give_back(local, kept, shapes)
    assert local.graph is None
    v._give_back(local, other, shapes)  # the shapes alone: pyshacl has not run on it
    assert local.graph is None
    kept.remove((v.URIRef("urn:x-test:a"), None, None))
    v._give_back(local, kept, shapes)
    assert local.graph is kept
