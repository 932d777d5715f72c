"""ORG lifecycle (issue 12, point 4): after reasoning, a consumer who knows only W3C ORG,
PROV and Dublin Core finds for each body the event that created it and each event that
changed it, in order, with the instrument (queries/lifecycle-org.rq); a subsidiary body
is an org:unitOf the Conference."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from conftest import REPO

from ctoc_kg import query as Q
from ctoc_kg.dataset import copy, graph_iri
from ctoc_kg.reason import reason

ID = "https://w3id.org/ctoc-kg/id/"
CTOC = "https://w3id.org/ctoc-kg/ontology#"
ORG = "http://www.w3.org/ns/org#"
FA = ID + "body/working-group-firearms"


def lifecycle(ds) -> dict[str, list[tuple]]:
    result = Q.execute(Q.prepare("lifecycle-org", {}), ds)
    by_unit: dict[str, list[tuple]] = {}
    for r in result.rows:
        row = dict(zip(result.variables, r))
        by_unit.setdefault(str(row["unit"]), []).append(
            (int(row["position"]), str(row["relation"]), str(row["identifier"])))
    return by_unit


def test_the_query_speaks_no_ctoc():
    text = (REPO / "queries" / "lifecycle-org.rq").read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    assert "ctoc" not in body and CTOC not in body


def test_each_body_its_creation_then_its_changes_in_order(shipped_reasoned):
    units = lifecycle(shipped_reasoned)
    bodies = {str(b) for b in shipped_reasoned.subjects(RDF.type, URIRef(CTOC + "SubsidiaryBody"))}
    assert set(units) == bodies and len(bodies) == 7
    for unit, events in units.items():
        assert events[0][:2] == (1, ORG + "resultedFrom"), unit
        assert [e[0] for e in events] == list(range(1, len(events) + 1)), unit
        assert all(rel == ORG + "changedBy" for _, rel, _ in events[1:]), unit
    assert units[FA] == [(1, ORG + "resultedFrom", "5/4"), (2, ORG + "changedBy", "7/1")]
    assert units[ID + "body/working-group-trafficking-in-persons"] == [
        (1, ORG + "resultedFrom", "4/4"), (2, ORG + "changedBy", "7/1")]


def test_nothing_without_reasoning(shipped_asserted):
    assert lifecycle(shipped_asserted) == {}


def test_a_later_change_comes_last_by_number_not_by_spelling(shipped_asserted):
    """A status change by a (hypothetical) resolution 10/2 comes after 7/1 and 9/1:
    instrument numbers order by session, then sequence, as numbers."""
    ds = copy(shipped_asserted)
    g = ds.graph(graph_iri("test-later-change"))
    for n, prov in (("10-2", "later"), ("9-3", "between")):
        inst = URIRef(f"{ID}resolution/{n}")
        g.add((inst, RDF.type, URIRef(CTOC + "Resolution")))
        g.add((inst, URIRef(CTOC + "instrumentNumber"), Literal(n.replace("-", "/"))))
        g.add((inst, URIRef(CTOC + "adoptedBy"), URIRef(ID + "cop")))
        p = URIRef(f"{ID}resolution/{n}/provision/{prov}")
        g.add((p, RDF.type, URIRef(CTOC + "StatusChange")))
        g.add((p, URIRef(CTOC + "changes"), URIRef(FA)))
        g.add((p, URIRef(CTOC + "inInstrument"), inst))
        g.add((p, RDFS.label, Literal(f"status change {n}", lang="en")))
    reason(ds)
    assert [e[2] for e in lifecycle(ds)[FA]] == ["5/4", "7/1", "9/3", "10/2"]


def test_bodies_are_units_of_the_conference(shipped_reasoned):
    units = set(shipped_reasoned.subjects(URIRef(ORG + "unitOf"), URIRef(ID + "cop")))
    assert len(units) == 7
    assert (URIRef(ID + "cop"), URIRef(ORG + "hasUnit"), URIRef(FA)) in shipped_reasoned
    assert (URIRef(FA), URIRef(ORG + "subOrganizationOf"), URIRef(ID + "cop")) in shipped_reasoned
