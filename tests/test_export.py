"""ctoc-kg export: every format round-trips, bytes are stable, writes are atomic."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from rdflib import XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import graph_diff, to_isomorphic

from conftest import console_script, ctoc

from ctoc_kg import export as ex
from ctoc_kg.dataset import INFERRED_GRAPH, ONTOLOGY_GRAPH

RDFLIB_FORMAT = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig",
                 "jsonld": "json-ld", "xml": "xml"}


@pytest.fixture(scope="module")
def shipped(shipped_reasoned):
    return shipped_reasoned


def source_graphs(ds, inferred: bool) -> dict[str, Graph]:
    """The dataset's named graphs as rdflib Graphs (read through rdflib, not export)."""
    out = {}
    for g in ds.graphs():
        iri = str(g.identifier)
        if not iri.startswith("https://w3id.org/ctoc-kg/graph/"):
            continue
        if g.identifier == INFERRED_GRAPH and not inferred:
            continue
        copy = Graph()
        for t in g:
            copy.add(t)
        if len(copy):
            out[iri] = copy
    return out


def _plain(term):
    # RDF 1.1: "x" and "x"^^xsd:string are the same literal; parsers differ in which they give
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


class Canonical:
    """A graph in a form that compares as isomorphism does, at a fraction of the cost:
    its triples without a blank node as a set (an isomorphism maps them to themselves),
    and the triples with one in rdflib's canonical form (isomorphic, or not).  Literals
    ``"x"^^xsd:string`` are read as ``"x"``."""

    def __init__(self, g: Graph) -> None:
        self.ground: set = set()
        blank = Graph()
        for s, p, o in g:
            t = (s, p, _plain(o))
            if isinstance(s, BNode) or isinstance(o, BNode):
                blank.add(t)
            else:
                self.ground.add(t)
        self.blank = to_isomorphic(blank)

    def __eq__(self, other) -> bool:
        return self.ground == other.ground and self.blank == other.blank

    def diff(self, other) -> tuple[list, list]:
        """(triples only here, triples only in other), a few of each."""
        _, mine, theirs = graph_diff(self.blank, other.blank)
        missing = list(self.ground - other.ground)[:10] + list(mine)[:10]
        added = list(other.ground - self.ground)[:10] + list(theirs)[:10]
        return missing, added


def assert_iso(expected: Graph | Canonical, got: Graph, what: str) -> None:
    expected = expected if isinstance(expected, Canonical) else Canonical(expected)
    got = Canonical(got)
    if expected != got:
        missing, added = expected.diff(got)
        lines = sorted(f"- {t}" for t in missing) + sorted(f"+ {t}" for t in added)
        pytest.fail(f"{what}: not isomorphic\n" + "\n".join(lines))


def parse_output(data: bytes, fmt: str):
    if fmt in ex.DATASET_FORMATS:
        d = Dataset()
        d.parse(data=data, format=RDFLIB_FORMAT[fmt])
        return {str(g.identifier): g for g in d.graphs() if len(g)}
    g = Graph()
    g.parse(data=data, format=RDFLIB_FORMAT[fmt])
    return g


def test_the_isomorphism_check_sees_a_lost_moved_or_changed_triple():
    """``Canonical`` compares as isomorphism does: blank-node labels do not matter, a
    lost triple, a triple moved to another blank node or a changed literal does."""
    def graph(*triples):
        g = Graph()
        for t in triples:
            g.add(t)
        return g

    a, b, x, y = URIRef("urn:a"), URIRef("urn:b"), BNode("x"), BNode("y")
    p, q = URIRef("urn:p"), URIRef("urn:q")
    base = [(a, p, x), (x, q, Literal(1)), (b, p, y), (y, q, Literal(2)), (a, q, Literal("s"))]
    relabelled = [(a, p, y), (y, q, Literal(1)), (b, p, x), (x, q, Literal(2)),
                  (a, q, Literal("s", datatype=XSD.string))]
    assert Canonical(graph(*base)) == Canonical(graph(*relabelled))
    moved = [(a, p, x), (x, q, Literal(2)), (b, p, y), (y, q, Literal(1)), (a, q, Literal("s"))]
    for other in (base[1:], base[:-1], moved, base[:-1] + [(a, q, Literal("t"))]):
        assert Canonical(graph(*base)) != Canonical(graph(*other))
        with pytest.raises(pytest.fail.Exception, match="not isomorphic"):
            assert_iso(graph(*base), graph(*other), "changed")


@pytest.fixture(scope="module")
def expected_graphs(shipped):
    """Per ``inferred``: each named graph and their union in ``Canonical`` form,
    computed once for the twelve round trips."""
    out = {}
    for inferred in (False, True):
        source = source_graphs(shipped, inferred)
        union = Graph()
        for g in source.values():
            for t in g:
                union.add(t)
        out[inferred] = ({iri: Canonical(g) for iri, g in source.items()}, Canonical(union))
    return out


@pytest.mark.parametrize("inferred", [False, True])
@pytest.mark.parametrize("fmt", list(ex.FORMATS))
def test_every_format_round_trips(shipped, expected_graphs, fmt, inferred):
    data = ex.export(shipped, fmt, inferred=inferred)
    by_graph, union = expected_graphs[inferred]
    parsed = parse_output(data, fmt)
    if fmt in ex.DATASET_FORMATS:
        assert sorted(parsed) == sorted(by_graph), "named graphs differ"
        for iri, g in by_graph.items():
            assert_iso(g, parsed[iri], f"{fmt} graph <{iri}>")
    else:
        assert_iso(union, parsed, f"{fmt} union")


def test_named_graphs_are_the_parts(shipped):
    got = [p.graph for p in ex.parts(shipped, inferred=True)]
    assert str(ONTOLOGY_GRAPH) in got and str(INFERRED_GRAPH) in got
    assert "https://w3id.org/ctoc-kg/graph/shared" in got
    assert any(g.startswith("https://w3id.org/ctoc-kg/graph/note-") for g in got)
    assert str(INFERRED_GRAPH) not in [p.graph for p in ex.parts(shipped)]
    assert got == sorted(got)


def test_graph_selection(shipped):
    only = ex.parts(shipped, graph=str(ONTOLOGY_GRAPH))
    assert [p.graph for p in only] == [str(ONTOLOGY_GRAPH)]
    with pytest.raises(ex.CtocError):  # without a trailing / or #: an exact IRI
        ex.parts(shipped, graph="https://w3id.org/ctoc-kg/graph/note-")
    prefixed = ex.parts(shipped, graph="https://w3id.org/ctoc-kg/graph/")
    assert len(prefixed) == len(ex.parts(shipped))
    with pytest.raises(ex.CtocError, match="no named graph matches"):
        ex.parts(shipped, graph="https://example.org/none")


def test_nt_and_nq_lines_are_sorted_and_distinct(shipped):
    for fmt in ("nt", "nq"):
        lines = ex.export(shipped, fmt, inferred=True).decode("utf-8").splitlines()
        assert lines == sorted(set(lines))
        assert len(lines) > 1000


def test_blank_nodes_get_graph_tagged_canonical_labels(shipped):
    ontology = ex.parts(shipped, graph=str(ONTOLOGY_GRAPH))[0]
    labels = {t.subject.value for t in ontology.triples if type(t.subject).__name__ == "BlankNode"}
    assert labels, "the shipped ontology has blank nodes (class expressions)"
    assert all(label.startswith("ontology_") for label in labels)


def _blank_lines(ds, graph: str) -> list[bytes]:
    import pyoxigraph as ox

    from ctoc_kg.dataset import quads

    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads(ds, ox.NamedNode(graph))
               if type(q.subject).__name__ == "BlankNode" or type(q.object).__name__ == "BlankNode"]
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).splitlines(keepends=True)


def _relabelled(lines: list[bytes], prefix: str) -> list[bytes]:
    """The same graph with other blank-node labels (and the lines in another order)."""
    import re

    return sorted((re.sub(rb"_:([A-Za-z0-9]+)", lambda m: b"_:" + prefix.encode() + m.group(1)[::-1], line)
                   for line in lines), reverse=True)


def test_canonical_label_table_is_current(shipped):
    """ctoc_kg/canonical_labels.json holds what rdflib.compare gives every shipped graph
    with blank nodes (else: run scripts/canonical_labels.py)."""
    import importlib.util
    import json as _json

    from ctoc_kg import canonical

    spec = importlib.util.spec_from_file_location(
        "canonical_labels_script", Path(__file__).resolve().parent.parent / "scripts" / "canonical_labels.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    graphs = script.shipped_blank_graphs()
    assert str(ONTOLOGY_GRAPH) in graphs
    want = [dict(graph=iri, **canonical.table_entry(t)) for iri, t in sorted(graphs.items())]
    got = _json.loads(canonical.TABLE.read_text(encoding="utf-8"))["graphs"]
    assert got == want, "ctoc_kg/canonical_labels.json is stale: run python scripts/canonical_labels.py"


@pytest.mark.parametrize("prefix", ["x", "q1"])
def test_known_blank_nodes_get_rdflib_labels_without_rdflib(shipped, prefix):
    """The table gives the shipped ontology's blank nodes the labels rdflib.compare gives
    them, whatever labels they were read with."""
    import pyoxigraph as ox

    from ctoc_kg import canonical

    lines = _relabelled(_blank_lines(shipped, str(ONTOLOGY_GRAPH)), prefix)
    triples = [q.triple for q in ox.parse(b"".join(lines), format=ox.RdfFormat.N_TRIPLES)]
    assert canonical.known_ranks(triples) is not None
    assert ex._canonical_lines(lines, "t") == ex._rdflib_canonical_lines(lines, "t")


def test_unknown_or_symmetric_blank_nodes_go_through_rdflib():
    import pyoxigraph as ox

    from ctoc_kg import canonical

    # two blank nodes alike (an automorphism swaps them): no colour of their own
    alike = [b"_:a <http://x/p> <http://x/o> .\n", b"_:b <http://x/p> <http://x/o> .\n",
             b"<http://x/s> <http://x/q> _:a .\n", b"<http://x/s> <http://x/q> _:b .\n"]
    triples = [q.triple for q in ox.parse(b"".join(alike), format=ox.RdfFormat.N_TRIPLES)]
    colour = canonical.colours(triples)
    assert len(colour) == 2 and len(set(colour.values())) == 1
    assert canonical.key(triples, colour) is None and canonical.known_ranks(triples) is None
    assert ex._canonical_lines(alike, "t") == ex._rdflib_canonical_lines(alike, "t")
    assert {line.split()[0] for line in ex._canonical_lines(alike, "t")} >= {b"_:t_b0", b"_:t_b1"}
    # a chain the table does not know: distinct colours, rdflib's ranks
    chain = [b"_:a <http://x/p> _:b .\n", b"_:b <http://x/p> _:c .\n", b"_:c <http://x/p> <http://x/o> .\n"]
    triples = [q.triple for q in ox.parse(b"".join(chain), format=ox.RdfFormat.N_TRIPLES)]
    assert canonical.key(triples, canonical.colours(triples)) is not None
    assert canonical.known_ranks(triples) is None
    assert sorted(canonical.rdflib_ranks(triples).values()) == [0, 1, 2]
    assert ex._canonical_lines(chain, "t") == ex._rdflib_canonical_lines(chain, "t")


def _cli_export(args, env_seed: str, cwd: Path) -> bytes:
    import subprocess

    env = dict(os.environ, PYTHONHASHSEED=env_seed)
    proc = subprocess.run([console_script(), "export", *args], cwd=cwd, capture_output=True,
                          env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr.decode()
    return proc.stdout


@pytest.mark.slow
@pytest.mark.parametrize("fmt", list(ex.FORMATS))
def test_two_runs_give_identical_bytes(fmt, tmp_path):
    # separate processes with different hash seeds: no set or dict order leaks out
    first = _cli_export(["--format", fmt, "--inferred"], "1", tmp_path)
    second = _cli_export(["--format", fmt, "--inferred"], "2", tmp_path)
    assert first and first == second


def test_output_file_equals_stdout(tmp_path):
    out = tmp_path / "ctoc.nq"
    proc = ctoc("export", "--format", "nq", "--output", str(out), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes() == ctoc("export", "--format", "nq", cwd=tmp_path).stdout_bytes
    assert [p.name for p in tmp_path.iterdir()] == ["ctoc.nq"]


def test_cli_failed_write_exit_2_and_no_file(tmp_path):
    missing = tmp_path / "no-such-folder" / "out.ttl"
    proc = ctoc("export", "--output", str(missing), cwd=tmp_path)
    assert proc.returncode == 2
    assert "does not exist" in proc.stderr
    assert not missing.parent.exists()


def test_jsonld_reads_as_plain_json(shipped):
    doc = json.loads(ex.export(shipped, "jsonld"))
    assert doc["@context"] == ex.load_context()  # embedded as an object, not a URL
    nodes = {n["id"]: n for g in doc["@graph"] for n in g["@graph"]}
    session = nodes["session/10"]
    assert session["type"] == "Session"
    assert set(session["label"]) == {"en", "fr"}  # a language map


def test_jsonld_never_fetches_a_context(shipped, monkeypatch):
    import urllib.request

    def no_network(*a, **k):
        raise AssertionError("a remote context was fetched")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    data = ex.export(shipped, "jsonld")
    d = Dataset()
    d.parse(data=data, format="json-ld")
    assert sum(len(g) for g in d.graphs()) > 1000


def test_xml_is_the_union_only(shipped):
    g = parse_output(ex.export(shipped, "xml"), "xml")
    assert (URIRef("https://w3id.org/ctoc-kg/id/session/10"), None, None) in g
    assert not any(str(o).startswith("https://w3id.org/ctoc-kg/graph/") for o in g.objects())


def test_unknown_format_is_an_error(shipped):
    with pytest.raises(ex.CtocError, match="unknown export format"):
        ex.export(shipped, "csv")


def test_xml_keeps_carriage_returns_and_refuses_control_characters(tmp_path):
    from ctoc_kg.dataset import load as load_files

    cr = tmp_path / "cr.nt"
    cr.write_text('<http://x/a> <http://x/b> "cr\\r lf\\n" .\n')
    data = ex.export(load_files([cr], include_ontology=False), "xml")
    assert [str(o) for o in Graph().parse(data=data, format="xml").objects()] == ["cr\r lf\n"]
    bell = tmp_path / "bell.nt"
    bell.write_text('<http://x/a> <http://x/b> "bell\\u0007" .\n')
    with pytest.raises(ex.CtocError, match="U\\+0007"):
        ex.export(load_files([bell], include_ontology=False), "xml")


# --- the streaming export gives what the first release gave (tests/export_reference.py)

SAME_BYTES = ("nt", "nq", "jsonld")
SAME_GRAPHS = ("ttl", "trig", "xml")  # written with the whole prefix table now


def _reference():
    import export_reference

    return export_reference


@pytest.mark.slow
@pytest.mark.parametrize("inferred", [False, True])
def test_same_bytes_as_the_first_release(shipped, inferred):
    ref = _reference()
    for fmt in SAME_BYTES:
        assert ex.export(shipped, fmt, inferred=inferred) == ref.export(shipped, fmt, inferred=inferred), fmt
    for fmt in SAME_GRAPHS:
        got = parse_output(ex.export(shipped, fmt, inferred=inferred), fmt)
        want = parse_output(ref.export(shipped, fmt, inferred=inferred), fmt)
        if fmt in ex.DATASET_FORMATS:
            assert sorted(got) == sorted(want)
            for iri in want:
                assert_iso(want[iri], got[iri], f"{fmt} <{iri}> against the first release")
        else:
            assert_iso(want, got, f"{fmt} against the first release")


def test_sorting_in_runs_on_disk_gives_the_same_bytes(shipped, monkeypatch):
    """A graph larger than a chunk is sorted in runs spilled to files and merged."""
    whole = {fmt: ex.export(shipped, fmt, inferred=True) for fmt in ("nt", "nq", "ttl", "trig", "xml")}
    spilled = []
    real_add = ex._SortedGraph._add_run

    def add_run(self, lines, folder):
        real_add(self, lines, folder)
        spilled.append(sum(isinstance(r, str) for r in self.runs))

    monkeypatch.setattr(ex, "CHUNK_BYTES", 8192)
    monkeypatch.setattr(ex, "PIECE_BYTES", 2048)  # the dump read in pieces smaller than a run
    monkeypatch.setattr(ex._SortedGraph, "_add_run", add_run)
    for fmt, data in whole.items():
        assert ex.export(shipped, fmt, inferred=True) == data, fmt
    assert max(spilled) > 10


def test_write_streams_to_a_file_and_refuses_xml_before_writing(tmp_path):
    from ctoc_kg.dataset import load as load_files

    bell = tmp_path / "bell.nt"
    bell.write_text('<http://x/a> <http://x/b> "fine" .\n<http://x/a> <http://x/c> "bell\\u0007" .\n')
    ds = load_files([bell], include_ontology=False)
    out = io.BytesIO()
    with pytest.raises(ex.CtocError, match="U\\+0007"):
        ex.write(ds, "xml", out)
    assert out.getvalue() == b""
    out = io.BytesIO()
    ex.write(ds, "nt", out)
    assert out.getvalue() == ex.export(ds, "nt")


@pytest.mark.slow
def test_generated_corpus_with_errors_same_as_the_first_release(tmp_path):
    from ctoc_kg.generate import ERROR_KINDS, generate
    from ctoc_kg.open import open_dataset

    path = tmp_path / "corpus.nt"
    generate(path, 20000, seed=3, errors=dict.fromkeys(ERROR_KINDS, 2))
    ds = open_dataset([path])
    ref = _reference()
    for fmt in SAME_BYTES:
        assert ex.export(ds, fmt, inferred=True) == ref.export(ds, fmt, inferred=True), fmt
    got = Graph().parse(data=ex.export(ds, "ttl"), format="turtle")
    assert_iso(Graph().parse(path, format="nt") + Graph().parse(data=ex.export(ds, "nt", graph=str(ONTOLOGY_GRAPH)), format="nt"),
               got, "ttl of the corpus and the ontology")


def test_the_store_alone_exports_what_the_dataset_exports(tmp_path):
    """`ctoc-kg export` without --inferred reads into a dataset.Bare store (no rdflib
    Dataset): every format gives the bytes a Dataset of the same files gives, on the
    shipped graph and on a generated corpus with seeded errors."""
    from ctoc_kg.dataset import Bare, load
    from ctoc_kg.generate import ERROR_KINDS, generate

    path = tmp_path / "corpus.nt"
    generate(path, 2000, seed=5, errors=dict.fromkeys(ERROR_KINDS, 1))
    for files in (None, [path]):
        bare, full = load(files, bare=True), load(files)
        assert isinstance(bare, Bare) and not isinstance(full, Bare)
        for fmt in ex.FORMATS:
            assert ex.export(bare, fmt) == ex.export(full, fmt), (files, fmt)
        graph = str(ONTOLOGY_GRAPH)
        assert ex.export(bare, "nq", graph=graph) == ex.export(full, "nq", graph=graph)


ODD_INPUT = """
@prefix ctoc: <https://w3id.org/ctoc-kg/ontology#> .
@prefix id: <https://w3id.org/ctoc-kg/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
id:a ctoc:ordinal 12 ; ctoc:note [ rdfs:label "x"@en ; ctoc:ordinal 7 ] ;
    rdfs:label "a"@en, "a"@fr, "plain" ; a ctoc:Meeting, "not a class" .
id:a-b ctoc:friend id:a, [ ctoc:friend [ rdfs:label "deep" ] ] .
id:a\\/c rdfs:label "escaped slash" .
<http://example.org/elsewhere> ctoc:ordinal "1.5"^^xsd:decimal ; ctoc:flag true .
<https://w3id.org/ctoc-kg/ontology#Thing> rdfs:seeAlso [ rdfs:label "same" ], [ rdfs:label "same" ] .
[] ctoc:startDate "2020-07"^^xsd:gYearMonth, "2020-07-16"^^xsd:date .
"""
# literals the store holds in another form (kept as read: dataset.as_written), which the
# first release did not keep
OTHER_FORMS = """
@prefix ctoc: <https://w3id.org/ctoc-kg/ontology#> .
@prefix id: <https://w3id.org/ctoc-kg/id/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
id:a ctoc:ordinal "011"^^xsd:integer, "+5"^^xsd:integer, 12 ; ctoc:note [ ctoc:ordinal "07"^^xsd:integer ] .
<http://example.org/elsewhere> ctoc:ordinal "1.50"^^xsd:decimal ; ctoc:flag "1"^^xsd:boolean, true .
"""


@pytest.mark.parametrize("bare", [False, True])
def test_streaming_jsonld_same_bytes_on_odd_input(tmp_path, bare):
    """Blank nodes as objects of named subjects, nested and alike (rdflib's labels), ids
    outside @base, a node id sorting between a subject and its longer sibling: every
    byte as the first release; with literals the store holds in another form, every
    byte as the in-memory compaction of the sorted parts."""
    from ctoc_kg.dataset import load

    src = tmp_path / "odd.ttl"
    src.write_text(ODD_INPUT, encoding="utf-8")
    ds = load([src], bare=bare)
    ref = _reference()
    for fmt in SAME_BYTES:
        assert ex.export(ds, fmt) == ref.export(ds, fmt), fmt
    other = tmp_path / "forms.ttl"
    other.write_text(OTHER_FORMS, encoding="utf-8")
    ds = load([src, other], bare=bare)
    got = ex.export(ds, "jsonld")
    assert got == ex.serialize(ex.parts(ds), "jsonld")
    assert all(f'"{v}"'.encode() in got for v in ("011", "+5", "07", "1.50", "1"))


def test_jsonld_is_written_while_the_nodes_are_read(shipped, monkeypatch):
    """JSON-LD is streamed: written in pieces as the nodes are compacted (not built
    whole first), and the pieces are the bytes of the whole document."""
    from ctoc_kg import jsonld

    whole = ex.export(shipped, "jsonld", inferred=True)
    writes = []

    class Out:
        def write(self, data):
            writes.append((calls[0], bytes(data)))

    calls = [0]
    real = jsonld._Compactor.unsorted_node

    def counting(self, sid, triples):
        calls[0] += 1
        return real(self, sid, triples)

    monkeypatch.setattr(jsonld, "FLUSH", 16)
    monkeypatch.setattr(jsonld._Compactor, "unsorted_node", counting)
    ex.write(shipped, "jsonld", Out(), inferred=True)
    assert b"".join(w for _, w in writes) == whole
    assert len(writes) > 10
    assert writes[0][0] < calls[0] / 4  # the first bytes left before most nodes were made


# --- ttl, trig and xml: the bytes pyoxigraph's writers give for the sorted lines ------
# (the first-release comparison above checks these three as graphs only)

# blank nodes (nested, in lists, cycles, as a class), literals with escapes and in every
# form the Turtle writer shortens or not, local names a prefixed name cannot hold, IRIs
# one the prefix of another, predicates outside every prefix (RDF/XML namespaces)
AWKWARD = r"""
@prefix ctoc: <https://w3id.org/ctoc-kg/ontology#> .
@prefix id: <https://w3id.org/ctoc-kg/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/x/> .
id:a ctoc:note "quote \" back \\ nl \n cr \r tab \t é ☃ 𝄞" , "plain" , "fr"@fr , "gb"@en-GB , "" ;
  ctoc:count 1 , -7 , 99999999999999999999 ; ctoc:ratio 1.5 , "NaN"^^xsd:double ; ctoc:flag true , false ;
  ctoc:date "2020-01-01"^^xsd:date , "x"^^ex:custom , "y"^^<http://example.org/dt#a.b> ;
  ctoc:link <https://w3id.org/ctoc-kg/ontology#> , ctoc:a.b , <https://w3id.org/ctoc-kg/ontology#trailing.> ,
     <https://w3id.org/ctoc-kg/ontology#per%20cent> , <https://w3id.org/ctoc-kg/ontology#café> ,
     <https://w3id.org/ctoc-kg/ontology#with/slash> , <https://w3id.org/ctoc-kg/ontology#-dash> ,
     ctoc:0digit , ctoc:_under , <https://w3id.org/ctoc-kg/ontology#a~b> , <https://w3id.org/ctoc-kg/ontology#q?x=1> ,
     ex: , ex:a\/b , <urn:isbn:123> ;
  rdfs:seeAlso [ ctoc:note "inner" ; ctoc:link [ ctoc:note "deeper" ] ] , [ ctoc:note "other" ] ;
  ctoc:list ( "one" "two" [ ctoc:note "three" ] ) .
<https://w3id.org/ctoc-kg/id/a/b> a ctoc:Thing , [ rdfs:label "anon class" ] ; ctoc:note "sub" .
id:b a ctoc:Thing ; <http://example.org/other#p.q> "dotted" ; <http://example.org/9bad> "digit" ; ex:p ex:a .
_:loose ctoc:note "loose" , "loose2"@en ; ctoc:link _:loose2 .
_:loose2 ctoc:link _:loose .
ex:s1 a _:loose .
ex:s2 rdfs:label "<https://w3id.org/ctoc-kg/ontology#fake> in text" ; ctoc:html "<a href='x'>&amp;</a>" .
"""
# literals the store holds in another form (dataset.as_written keeps them as read; the
# first release did not), and literals the Turtle writer shortens or not
AWKWARD_FORMS = r"""
@prefix ctoc: <https://w3id.org/ctoc-kg/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/ctoc-kg/id/a> ctoc:count "01"^^xsd:integer , "+5"^^xsd:integer , "-0"^^xsd:integer ;
  ctoc:ratio 1.50 , "1."^^xsd:decimal , ".5"^^xsd:decimal , 1e3 , "1.0E-2"^^xsd:double , "INF"^^xsd:double ;
  ctoc:flag "1"^^xsd:boolean , "false"^^xsd:boolean ; ctoc:date "2020-1-1"^^xsd:date ;
  ctoc:note [ ctoc:count "007"^^xsd:integer ] .
"""


def _awkward_corpus(tmp_path, triples: int = 2000, forms: bool = False) -> list[Path]:
    """A generated corpus (seeded errors) whose statement IRIs are blank nodes, AWKWARD
    and (``forms``) AWKWARD_FORMS."""
    import re

    from ctoc_kg.generate import ERROR_KINDS, generate

    corpus = tmp_path / "corpus.nt"
    generate(corpus, triples, seed=7, errors=dict.fromkeys(ERROR_KINDS, 1))
    blank = tmp_path / "blank.nt"
    blank.write_text(re.sub(r"<https://w3id\.org/ctoc-kg/statement/([0-9a-f]+)>", r"_:s\1",
                            corpus.read_text(encoding="utf-8")), encoding="utf-8")
    awkward = tmp_path / "awkward.ttl"
    awkward.write_text(AWKWARD, encoding="utf-8")
    if not forms:
        return [blank, awkward]
    other = tmp_path / "forms.ttl"
    other.write_text(AWKWARD_FORMS, encoding="utf-8")
    return [blank, awkward, other]


def _pyoxigraph_writes(ds, fmt: str, **kw) -> bytes:
    """What ttl, trig and xml are: pyoxigraph's writer fed the sorted lines (ttl, xml: the
    nt export; trig: each graph's nt export in IRI order), with the project's prefixes
    (no `id:` but in RDF/XML), @prefix lines sorted, carriage returns escaped in RDF/XML."""
    import pyoxigraph as ox

    from ctoc_kg.namespaces import PREFIXES

    if fmt == "trig":
        graphs = ex.selected_graphs(ds, inferred=kw.get("inferred", False), graph=kw.get("graph"))
        source = b"".join(line[:-3] + f" <{iri}> .\n".encode()
                          for iri in graphs
                          for line in ex.export(ds, "nt", inferred=kw.get("inferred", False),
                                                graph=iri).splitlines(keepends=True))
        rdf_format = ox.RdfFormat.N_QUADS
    else:
        source, rdf_format = ex.export(ds, "nt", **kw), ox.RdfFormat.N_TRIPLES
    prefixes = {p: ns for p, ns in sorted(PREFIXES.items()) if p != "id" or fmt == "xml"}
    target = {"ttl": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "xml": ox.RdfFormat.RDF_XML}[fmt]
    data = ox.serialize(ox.parse(source, format=rdf_format), format=target, prefixes=prefixes)
    if fmt == "xml":
        return data.replace(b"\r", b"&#13;")
    lines = data.splitlines(keepends=True)
    n = sum(1 for _ in __import__("itertools").takewhile(lambda x: x.startswith(b"@prefix "), lines))
    return b"".join(sorted(lines[:n]) + lines[n:])


@pytest.mark.slow
@pytest.mark.parametrize("inferred", [False, True])
def test_awkward_corpus_same_bytes_in_every_format(tmp_path, inferred):
    """On a generated corpus with blank nodes and awkward literals and names: nt, nq and
    jsonld as the first release; ttl, trig and xml as pyoxigraph's writers give them for
    the sorted lines; the same again when the dump is read in pieces and sorted in runs
    of a few kilobytes (runs spilled to disk)."""
    from ctoc_kg.open import open_dataset

    reasoning = "targeted" if inferred else None
    ds = open_dataset(_awkward_corpus(tmp_path), reasoning=reasoning)
    ref = _reference()
    for fmt in SAME_BYTES:
        assert ex.export(ds, fmt, inferred=inferred) == ref.export(ds, fmt, inferred=inferred), fmt
    ds = open_dataset(_awkward_corpus(tmp_path, forms=True), reasoning=reasoning)
    got = {fmt: ex.export(ds, fmt, inferred=inferred) for fmt in ex.FORMATS}
    assert got["jsonld"] == ex.serialize(ex.parts(ds, inferred=inferred), "jsonld")
    assert all(f'"{v}"^^'.encode() in got["nt"] for v in ("01", "+5", "1.50", "2020-1-1", "007"))
    for fmt in ("ttl", "trig", "xml"):
        assert got[fmt] == _pyoxigraph_writes(ds, fmt, inferred=inferred), fmt
    assert b"_:" in got["nt"] and b"\\u0000" not in got["nt"]
    with pytest.MonkeyPatch.context() as m:
        m.setattr(ex, "PIECE_BYTES", 4096)
        m.setattr(ex, "CHUNK_BYTES", 16384)
        for fmt in ex.FORMATS:
            assert ex.export(ds, fmt, inferred=inferred) == got[fmt], fmt


def test_refusing_xml_stops_the_dump(tmp_path, monkeypatch):
    """RDF/XML refused on a piece read while the store is still dumping into the pipe:
    the error comes out, nothing is written, the dumping thread ends (no hang)."""
    import threading

    from ctoc_kg.dataset import load as load_files

    big = tmp_path / "big.nt"
    lines = [f'<http://x/s{i}> <http://x/p> "{"v" * 200} {i}" .\n' for i in range(20000)]
    lines[0] = '<http://x/a> <http://x/c> "bell\\u0007" .\n'
    big.write_text("".join(lines), encoding="utf-8")
    ds = load_files([big], include_ontology=False)
    monkeypatch.setattr(ex, "PIECE_BYTES", 1024)
    for _ in range(3):
        out = io.BytesIO()
        with pytest.raises(ex.CtocError, match="U\\+0007"):
            ex.write(ds, "xml", out)
        assert out.getvalue() == b""
        assert not [t for t in threading.enumerate() if t.name == "ctoc-kg-export-dump"]
    assert ex.export(ds, "nt").count(b"\n") == 20000


class _FailingDump:
    """A store whose ``dump`` writes half of a graph's N-Triples, then fails."""

    def __init__(self, store, error: BaseException) -> None:
        self.store, self.error = store, error

    def __getattr__(self, name):
        return getattr(self.store, name)

    def dump(self, output, format, from_graph):
        data = self.store.dump(format=format, from_graph=from_graph)
        output.write(data[:len(data) // 2])
        raise self.error


@pytest.mark.parametrize("error", [OSError(22, "Invalid argument"), OSError(28, "No space left"),
                                   ValueError("odd")])
def test_a_dump_failing_midway_raises_and_writes_nothing(shipped, monkeypatch, error):
    """The store's dump runs in a thread: an error it raises after writing part of a
    graph comes out of export (whatever it is), nothing is written, no thread is left."""
    import threading

    real = ex.oxigraph_store
    monkeypatch.setattr(ex, "oxigraph_store", lambda ds: _FailingDump(real(ds), error))
    for fmt in ("nt", "nq", "ttl", "trig", "xml"):
        out = io.BytesIO()
        with pytest.raises(type(error)) as raised:
            ex.write(shipped, fmt, out)
        assert raised.value is error and out.getvalue() == b"", fmt
        assert not [t for t in threading.enumerate() if t.name == "ctoc-kg-export-dump"]
