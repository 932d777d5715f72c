"""Provenance per statement (issue 12, point 3): every asserted triple of a document's
graph has an rdf:Statement in graph/<stem>.provenance.ttl naming the parts that state
it; the node-level ctoc:statedIn agrees; the shipped queries answer "which paragraph
states that the Working Group on Firearms is intergovernmental?" (paragraph 10) and
"what does paragraph 15 state?", on both local engines and over the SPARQL protocol."""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef

from conftest import REPO, ctoc

from ctoc_kg import provenance as PV
from ctoc_kg import query as Q

ID = "https://w3id.org/ctoc-kg/id/"
CTOC = "https://w3id.org/ctoc-kg/ontology#"
NOTE = ID + "doc/note-2020-07-01-subsidiary-bodies"
DOC_FILE = REPO / "graph" / "note-2020-07-01-subsidiary-bodies.ttl"
PROV_FILE = REPO / "graph" / "note-2020-07-01-subsidiary-bodies.provenance.ttl"
FA = URIRef(ID + "body/working-group-firearms")


def part(p: str) -> URIRef:
    return URIRef(f"{NOTE}/{p}")


@pytest.fixture(scope="module")
def parsed() -> tuple[Graph, Graph]:
    """The document's graph and its provenance graph, parsed once for the module."""
    return Graph().parse(DOC_FILE), Graph().parse(PROV_FILE)


def _copy(g: Graph) -> Graph:
    out = Graph()
    out += g
    return out


@pytest.fixture
def doc(parsed) -> Graph:
    """The document's graph (a copy: a test may change it)."""
    return _copy(parsed[0])


@pytest.fixture
def prov(parsed) -> Graph:
    """The provenance graph (a copy: a test may change it)."""
    return _copy(parsed[1])


def test_every_document_graph_has_a_provenance_graph():
    docs = {p.stem for p in (REPO / "graph").glob("*.ttl")} - {"shared"}
    stems = {d for d in docs if not d.endswith(PV.SUFFIX)}
    assert stems and {d + PV.SUFFIX for d in stems} == docs - stems


def test_every_stated_triple_has_its_parts_and_nothing_else(doc, prov):
    assert PV.coverage_faults(doc, prov) == []
    statements = PV.statements(prov)
    assert len(statements) == len(list(PV.stated_triples(doc))) > 400
    parts = set(doc.subjects(URIRef(CTOC + "partOf"), URIRef(NOTE)))
    assert set().union(*statements.values()) == parts  # every part states something


def test_the_node_level_summary_agrees_with_the_statements(doc, prov):
    assert PV.summary_faults(doc, prov) == []


def test_what_the_provenance_says_about_the_firearms_group(prov):
    st = PV.statements(prov)
    member = URIRef(CTOC + "membershipCharacter")
    assert st[(FA, member, URIRef(CTOC + "Intergovernmental"))] == {part("para/10")}
    assert st[(FA, member, URIRef(CTOC + "OpenEnded"))] == {part("para/10")}
    assert st[(FA, URIRef(CTOC + "reportsTo"), URIRef(ID + "cop"))] == {part("para/11")}
    meeting = URIRef(ID + "body/working-group-firearms/meeting/7")
    assert st[(meeting, URIRef(CTOC + "startDate"), Literal("2020-07-16", datatype=URIRef(
        "http://www.w3.org/2001/XMLSchema#date")))] == {part("heading/4"), part("para/12")}
    assert st[(meeting, URIRef(CTOC + "meetingStatus"), URIRef(CTOC + "Planned"))] == {part("para/12")}


def test_a_missing_statement_is_a_fault(doc, prov):
    st = next(s for s in prov.subjects(RDF.predicate, URIRef(CTOC + "servesTreaty")))
    prov.remove((st, None, None))
    faults = PV.coverage_faults(doc, prov)
    assert len(faults) == 1 and "servesTreaty" in faults[0]


def test_a_statement_of_a_triple_the_document_does_not_assert_is_a_fault(doc, prov):
    st = BNode()
    for p, o in ((RDF.type, RDF.Statement), (RDF.subject, FA), (RDF.predicate, URIRef(CTOC + "membershipCharacter")),
                 (RDF.object, URIRef(CTOC + "GovernmentExperts")), (URIRef(CTOC + "statedIn"), part("para/10"))):
        prov.add((st, p, o))
    faults = PV.coverage_faults(doc, prov)
    assert len(faults) == 1 and "GovernmentExperts" in faults[0]


def test_a_summary_naming_a_part_that_says_nothing_about_the_node_is_a_fault(doc, prov):
    doc.add((FA, URIRef(CTOC + "statedIn"), part("para/1")))
    faults = PV.summary_faults(doc, prov)
    assert len(faults) == 1 and "para/1" in faults[0] and "working-group-firearms" in faults[0]


def test_a_summary_missing_a_stating_part_is_a_fault(doc, prov):
    doc.remove((FA, URIRef(CTOC + "statedIn"), part("para/11")))
    faults = PV.summary_faults(doc, prov)
    assert len(faults) == 1 and "para/11" in faults[0]


def test_build_writes_one_statement_per_triple_with_the_parts_given():
    g = Graph()
    g.add((FA, URIRef(CTOC + "reportsTo"), URIRef(ID + "cop")))
    g.add((FA, URIRef(CTOC + "statedIn"), part("para/11")))
    g.add((FA, RDFS.comment, Literal("editorial")))
    prov = PV.build(g, lambda t: [part("para/11")])
    assert PV.statements(prov) == {(FA, URIRef(CTOC + "reportsTo"), URIRef(ID + "cop")): {part("para/11")}}
    with pytest.raises(ValueError, match="no part states"):
        PV.build(g, lambda t: [])


def _rows(name, params, ds, engine):
    result = Q.execute(Q.prepare(name, params), ds, engine=engine)
    return [dict(zip(result.variables, r)) for r in result.rows]


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_which_paragraph_states_that_the_firearms_group_is_intergovernmental(shipped_reasoned, engine):
    rows = _rows("statement-source", {}, shipped_reasoned, engine)
    assert [(str(r["part"]), int(r["number"])) for r in rows] == [(str(part("para/10")), 10)]
    rows = _rows("statement-source", {"subject": "body/working-group-firearms/meeting/7",
                                      "property": "ctoc:startDate", "value": "2020-07-16"},
                 shipped_reasoned, engine)
    assert sorted(str(r["part"]) for r in rows) == [str(part("heading/4")), str(part("para/12"))]
    rows = _rows("statement-source", {"value": "GovernmentExperts"}, shipped_reasoned, engine)
    assert rows == []  # the note does not say it, so no part states it


# Paragraph 15 of the note, fact by fact: the eleventh meeting on international cooperation
# is to be held on 7 and 8 July 2020, immediately after the twelfth meeting on technical
# assistance; its report CTOC/COP/WG.3/2020/4 goes to the tenth session.
IC11 = "body/working-group-international-cooperation/meeting/11"
TA12 = "body/working-group-technical-assistance/meeting/12"
WG3 = "doc/ctoc-cop-wg.3-2020-4"
SEQ = "doc/note-2020-07-01-subsidiary-bodies/statement/para-15-sequence"
PARAGRAPH_15 = {
    (IC11, "rdf:type", "Meeting"), (IC11, "meetingOf", "body/working-group-international-cooperation"),
    (IC11, "ordinal", "11"), (IC11, "meetingStatus", "Planned"),
    (IC11, "startDate", "2020-07-07"), (IC11, "endDate", "2020-07-08"),
    (TA12, "rdf:type", "Meeting"), (TA12, "meetingOf", "body/working-group-technical-assistance"),
    (TA12, "ordinal", "12"),
    (WG3, "rdf:type", "Report"), (WG3, "symbol", "CTOC/COP/WG.3/2020/4"), (WG3, "reportsOn", IC11),
    (WG3, "submittedTo", "session/10"),
    (SEQ, "rdf:type", "SequencingStatement"), (SEQ, "sequencedMeeting", IC11),
    (SEQ, "sequenceRelation", "ImmediatelyAfter"), (SEQ, "referenceMeeting", TA12),
}


def _short(term) -> str:
    return str(term).replace(ID, "").replace(CTOC, "").replace(str(RDF), "rdf:")


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_what_paragraph_15_states(shipped_reasoned, engine):
    rows = _rows("part-statements", {}, shipped_reasoned, engine)
    facts = [(_short(r["subject"]), _short(r["property"]), _short(r["object"])) for r in rows]
    assert len(facts) == len(set(facts))  # one row per triple
    # exactly what the paragraph says: neither the twelfth meeting's dates nor any place
    # (those are in the headings), nor names, nor the paragraph's own structure
    assert set(facts) == PARAGRAPH_15
    rows = _rows("part-statements", {"part": "doc/note-2020-07-01-subsidiary-bodies/para/10"},
                 shipped_reasoned, engine)
    assert ("body/working-group-firearms", "membershipCharacter", "Intergovernmental") in {
        (_short(r["subject"]), _short(r["property"]), _short(r["object"])) for r in rows}


@pytest.mark.server
@pytest.mark.slow
def test_the_provenance_queries_over_the_sparql_protocol(tmp_path):
    """Oxigraph server: load the shipped graphs (provenance graphs included) with
    ctoc-kg load, then ask both questions over HTTP; same answers as locally."""
    from store_helpers import oxigraph_server

    with oxigraph_server(tmp_path / "db") as server:
        assert ctoc("load", "--endpoint", server.url, "--inferred", cwd=tmp_path).returncode == 0
        for name in ("statement-source", "part-statements"):
            remote = ctoc("query", "--endpoint", server.url, name, "--format", "csv", cwd=tmp_path)
            local = ctoc("query", name, "--format", "csv", cwd=tmp_path)
            assert remote.returncode == 0, remote.stderr
            assert remote.stdout == local.stdout and len(local.stdout.splitlines()) > 1
