"""Official English (issue 12, point 1): the labels and titles confirmed against the UN's
English texts (tests/data/official-names.json, with the URL of each confirming page) are
the graph's, with that URL as dcterms:source; every other English name or title of a
body, treaty, instrument, agenda item or document is flagged ctoc:unconfirmedEnglish,
and the flag is what the shipped query and the report show."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from conftest import REPO

from ctoc_kg import query as Q

DATA = json.loads((Path(__file__).parent / "data" / "official-names.json").read_text(encoding="utf-8"))
ID = "https://w3id.org/ctoc-kg/id/"
CTOC = "https://w3id.org/ctoc-kg/ontology#"
PREFIX = {"id:": ID, "ctoc:": CTOC, "rdfs:": str(RDFS), "skos:": str(SKOS)}
UNCONFIRMED = URIRef(CTOC + "unconfirmedEnglish")
TITLE, SUBJECT = URIRef(CTOC + "title"), URIRef(CTOC + "subject")
# what is an official text, by kind: the names of the Conference, the treaties and the
# bodies, and the titles (or, where the source gives no title, the subjects) of the
# instruments, agenda items and documents. Descriptive labels (of provisions, meetings,
# reports, parts, tasks; "resolution 7/1") are the project's own and are not listed.
OFFICIAL = {"Conference": (RDFS.label,), "Treaty": (RDFS.label,), "SubsidiaryBody": (RDFS.label,),
            "Instrument": (TITLE, SUBJECT), "AgendaItem": (TITLE,), "Document": (TITLE,),
            "LanguageVersion": (TITLE,)}


def iri(short: str) -> URIRef:
    for p, ns in PREFIX.items():
        if short.startswith(p):
            return URIRef(ns + short[len(p):])
    raise ValueError(short)


@pytest.fixture(scope="module")
def asserted() -> Graph:
    g = Graph()
    for f in [REPO / "ontology" / "ctoc.ttl", *sorted((REPO / "graph").glob("*.ttl"))]:
        g.parse(f)
    return g


@pytest.mark.parametrize("entry", DATA["confirmed"], ids=lambda e: f"{e['entity']} {e['property']}")
def test_confirmed_name_is_the_graphs_with_its_source(asserted, entry):
    s, p = iri(entry["entity"]), iri(entry["property"])
    english = {str(o) for o in asserted.objects(s, p) if isinstance(o, Literal) and o.language == "en"}
    assert entry["text"] in english
    if p in (RDFS.label, TITLE):
        assert english == {entry["text"]}, "one English label or title per entity"
    assert (s, DCTERMS.source, URIRef(entry["source"])) in asserted
    assert (s, UNCONFIRMED, p) not in asserted, "a confirmed text is not flagged"
    assert entry["source"].startswith("https://") or entry["source"].startswith("http://")


@pytest.mark.parametrize("entry", DATA["wording"], ids=lambda e: e["term"])
def test_interim_and_constant_element_wording(asserted, entry):
    s = iri(entry["term"])
    labels = {(str(o), o.language) for o in asserted.objects(s, RDFS.label)}
    assert labels == {(entry["en"], "en"), (entry["fr"], "fr")}
    assert {(str(o), o.language) for o in asserted.objects(s, SKOS.prefLabel)} == labels
    assert (s, DCTERMS.source, URIRef(entry["source"])) in asserted


def _official_texts(g: Graph):
    """(entity, property, English text) for every official name and title in ``g``."""
    for kind, properties in OFFICIAL.items():
        classes = set(g.transitive_subjects(RDFS.subClassOf, URIRef(CTOC + kind)))
        for s in {s for c in classes for s in g.subjects(RDF.type, c)}:
            for p in properties:
                for o in g.objects(s, p):
                    if isinstance(o, Literal) and o.language == "en":
                        yield s, p, str(o)


def test_every_official_english_text_is_confirmed_or_flagged(asserted):
    confirmed = {(iri(e["entity"]), iri(e["property"]), e["text"]) for e in DATA["confirmed"]}
    texts = list(_official_texts(asserted))
    unaccounted = [(str(s), str(p), t) for s, p, t in texts
                   if (s, p, t) not in confirmed and (s, UNCONFIRMED, p) not in asserted]
    assert unaccounted == []
    assert len(texts) >= 20 and len(confirmed) >= 15


def test_every_flag_points_to_an_english_value(asserted):
    for s, p in asserted.subject_objects(UNCONFIRMED):
        assert any(isinstance(o, Literal) and o.language == "en" for o in asserted.objects(s, p)), (s, p)


def test_the_check_catches_an_unflagged_back_translation(asserted):
    g = Graph()
    for t in asserted:
        g.add(t)
    res = URIRef(ID + "resolution/5-3")
    g.remove((res, UNCONFIRMED, SUBJECT))
    confirmed = {(iri(e["entity"]), iri(e["property"]), e["text"]) for e in DATA["confirmed"]}
    missing = [(s, p) for s, p, text in _official_texts(g)
               if (s, p, text) not in confirmed and (s, UNCONFIRMED, p) not in g]
    assert missing == [(res, SUBJECT)]


def test_the_shipped_query_lists_exactly_the_flagged_texts(shipped_reasoned, asserted):
    result = Q.execute(Q.prepare("unconfirmed-english", {}), shipped_reasoned)
    got = {(str(r[0]), str(r[2]), str(r[3])) for r in result.rows}
    expected = {(str(s), str(p), str(o)) for s, p in asserted.subject_objects(UNCONFIRMED)
                for o in asserted.objects(s, p) if isinstance(o, Literal) and o.language == "en"}
    assert got == expected and len(got) >= 8
    texts = {t for _, _, t in got}
    assert any(t.startswith("Implementation of the Protocol against the Smuggling of Migrants") for t in texts)


def test_alternatives_keep_the_older_wording(asserted):
    def alt(s):
        return {str(o) for o in asserted.objects(URIRef(ID + s), SKOS.altLabel) if o.language == "en"}
    assert "open-ended intergovernmental expert group established pursuant to Conference resolution 9/1" \
        in alt("body/expert-group-resolution-9-1")
    assert "open-ended interim working group of government experts on technical assistance" \
        in alt("body/working-group-technical-assistance")
