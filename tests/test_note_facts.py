"""The encoded note: every paragraph's facts, by SPARQL on the reasoned shipped graph.

One test per part of the note (header, title block, headings, paragraphs 1-18,
footnote). Dates are checked as xsd:date, ordinals as xsd:integer, symbols as exact
strings. A second group checks that the graph names no symbol, date or number that
the note does not contain (tests/data/note-inventory.json), and that the adoption
sessions are derived, not typed by hand.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import XSD, Literal, URIRef

from conftest import REPO

INVENTORY = json.loads((Path(__file__).parent / "data" / "note-inventory.json").read_text(encoding="utf-8"))

PREFIXES = """
PREFIX ctoc: <https://w3id.org/ctoc-kg/ontology#>
PREFIX id: <https://w3id.org/ctoc-kg/id/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX note: <https://w3id.org/ctoc-kg/id/doc/note-2020-07-01-subsidiary-bodies/>
"""
NOTE = "<https://w3id.org/ctoc-kg/id/doc/note-2020-07-01-subsidiary-bodies>"
NOTE_GRAPH = URIRef("https://w3id.org/ctoc-kg/graph/note-2020-07-01-subsidiary-bodies")


def part(p: str) -> str:
    return f"<https://w3id.org/ctoc-kg/id/doc/note-2020-07-01-subsidiary-bodies/{p}>"


def meeting(body: str, n: int, start: str, end: str, status: str, src: str) -> str:
    m = f"<https://w3id.org/ctoc-kg/id/body/{body}/meeting/{n}>"
    return f"""{m} a ctoc:Meeting ; ctoc:meetingOf id:body\\/{body} ; ctoc:ordinal {n} ;
        ctoc:startDate "{start}"^^xsd:date ; ctoc:endDate "{end}"^^xsd:date ;
        ctoc:meetingStatus ctoc:{status} ; ctoc:statedIn {part(src)} ."""


def report(symbol: str, body: str, n: int, src: str, pursuant: str | None) -> str:
    slug = symbol.lower().replace("/", "-")
    pur = f"; ctoc:submittedPursuantTo {pursuant}" if pursuant else ""
    return f"""<https://w3id.org/ctoc-kg/id/doc/{slug}> a ctoc:Report ; ctoc:symbol "{symbol}"^^xsd:string ;
        ctoc:reportsOn <https://w3id.org/ctoc-kg/id/body/{body}/meeting/{n}> ;
        ctoc:submittedTo id:session\\/10 {pur} ; ctoc:statedIn {part(src)} ."""


def provision(iri: str, cls: str, instrument: str | None, src: str, extra: str = "") -> str:
    inst = f"ctoc:inInstrument {instrument} ;" if instrument else ""
    return f"""<https://w3id.org/ctoc-kg/id/{iri}> a ctoc:{cls} ; {inst} {extra} ctoc:statedIn {part(src)} ."""


TIP = "working-group-trafficking-in-persons"
SOM = "working-group-smuggling-of-migrants"
FA = "working-group-firearms"
IC = "working-group-international-cooperation"
TA = "working-group-technical-assistance"
EG = "expert-group-resolution-9-1"

# part of the note -> graph patterns that must all match (ASK)
FACTS: dict[str, list[str]] = {
    "header": [
        # the note is the work: what every language version shares
        f"""{NOTE} a ctoc:SecretariatNote ; ctoc:distribution ctoc:GeneralDistribution ;
            ctoc:documentDate "2020-07-01"^^xsd:date ;
            ctoc:originalLanguage <http://id.loc.gov/vocabulary/iso639-1/en> ;
            ctoc:forSession id:session\\/10 ; ctoc:statedIn {part('header')} .
            FILTER NOT EXISTS {{ {NOTE} ctoc:language ?anyLanguage }}
            FILTER NOT EXISTS {{ {NOTE} ctoc:distributionDate ?anyDate }}""",
        # the text read is its French version ("Français", "Original : anglais")
        f"""{part('fr')} a ctoc:LanguageVersion ; ctoc:versionOf {NOTE} ;
            ctoc:language <http://id.loc.gov/vocabulary/iso639-1/fr> ;
            ctoc:distributionDate "2020-07-01"^^xsd:date ; ctoc:statedIn {part('header')} .
            {NOTE} ctoc:hasVersion {part('fr')} .""",
        """id:session\\/10 a ctoc:Session ; ctoc:sessionNumber 10 ; ctoc:sessionOf id:cop ;
            ctoc:place id:place\\/vienna ; ctoc:startDate "2020-10-12"^^xsd:date ;
            ctoc:endDate "2020-10-16"^^xsd:date .""",
        f"""{NOTE} ctoc:coversAgendaItem ?i2 , ?i4 , ?i5 .
            ?i2 ctoc:itemNumber 2 ; ctoc:itemOf ?agenda . ?i4 ctoc:itemNumber 4 ; ctoc:itemOf ?agenda .
            ?i5 ctoc:itemNumber 5 ; ctoc:itemOf ?agenda . ?agenda ctoc:forSession id:session\\/10 .""",
    ],
    "title": [
        f"""{NOTE} ctoc:author id:org\\/secretariat ; ctoc:title ?fr . FILTER(LANG(?fr) = "fr" && STRSTARTS(?fr, "Rapports sur les réunions des organes subsidiaires"))""",
        f"""{part('fr')} ctoc:title ?fr ; ctoc:statedIn {part('title')} .
            FILTER(LANG(?fr) = "fr" && STRSTARTS(?fr, "Rapports sur les réunions des organes subsidiaires"))
            FILTER NOT EXISTS {{ {part('fr')} ctoc:title ?other . FILTER(LANG(?other) != "fr") }}""",
        """?i ctoc:itemNumber 5 ; ctoc:title "Assistance technique"@fr , "Technical assistance"@en .""",
        """?i ctoc:itemNumber 2 ; ctoc:title ?t . FILTER(STRSTARTS(?t, "Examen de l'application de la Convention"))""",
        """?i ctoc:itemNumber 4 ; ctoc:title ?t . FILTER(STRSTARTS(?t, "Coopération internationale, notamment en matière d'extradition"))""",
    ],
    "footnote/1": [
        f"""<https://w3id.org/ctoc-kg/id/doc/ctoc-cop-2020-1> a ctoc:ProvisionalAgenda ;
            ctoc:symbol "CTOC/COP/2020/1"^^xsd:string ; ctoc:statedIn {part('footnote/1')} .
            {part('footnote/1')} ctoc:marker "*"^^xsd:string ; ctoc:partOf {NOTE} .""",
    ],
    "heading/1": [
        f"""id:body\\/{EG} a ctoc:ExpertGroup ; ctoc:statedIn {part('heading/1')} .
            id:resolution\\/9-1\\/provision\\/establish-expert-group a ctoc:Establishment ;
            ctoc:inInstrument id:resolution\\/9-1 ; ctoc:establishes id:body\\/{EG} .""",
        """?m1 ctoc:meetingOf id:body\\/expert-group-resolution-9-1 ; ctoc:place id:place\\/vienna .""",
    ],
    "heading/2": [f"""id:body\\/{TIP}\\/meeting\\/9 ctoc:place id:place\\/vienna ; ctoc:statedIn {part('heading/2')} ."""],
    "heading/3": [f"""id:body\\/{SOM}\\/meeting\\/6 ctoc:place id:place\\/vienna ; ctoc:statedIn {part('heading/3')} ."""],
    "heading/4": [f"""id:body\\/{FA}\\/meeting\\/7 ctoc:place id:place\\/vienna ; ctoc:statedIn {part('heading/4')} ."""],
    "heading/5": [f"""id:body\\/{IC}\\/meeting\\/11 ctoc:place id:place\\/vienna ; ctoc:statedIn {part('heading/5')} ."""],
    "heading/6": [f"""id:body\\/{TA}\\/meeting\\/12 ctoc:place id:place\\/vienna ; ctoc:statedIn {part('heading/6')} ."""],
    "para/1": [
        provision("resolution/9-1/provision/establish-review-mechanism", "Establishment", "id:resolution\\/9-1", "para/1",
                  "ctoc:establishes id:body\\/review-mechanism ;"),
        provision("resolution/9-1/provision/adopt-procedures-and-rules", "ProceduresAdoption", "id:resolution\\/9-1", "para/1",
                  "ctoc:concernsBody id:body\\/review-mechanism ; ctoc:modality ctoc:SubjectToInstrumentProvisions ;"),
        provision("resolution/9-1/provision/launch-preparatory-phase", "PhaseLaunch", "id:resolution\\/9-1", "para/1",
                  "ctoc:concernsBody id:body\\/review-mechanism ; ctoc:launchesPhase ctoc:PreparatoryPhase ;"),
        """id:resolution\\/9-1 a ctoc:Resolution ; ctoc:instrumentNumber "9/1"^^xsd:string ; ctoc:title ?t .
            FILTER(LANG(?t) = "fr" && STRSTARTS(?t, "Mise en place du Mécanisme d'examen"))""",
        """id:body\\/review-mechanism a ctoc:ReviewMechanism ; ctoc:bodyOf id:cop .""",
    ],
    "para/2": [
        provision("resolution/9-1/provision/convene-expert-group", "ConveningRequest", "id:resolution\\/9-1", "para/2",
                  f"""ctoc:addressee id:org\\/unodc ; ctoc:concernsBody id:body\\/{EG} ; ctoc:minimumMeetingCount 1 ;
                  ctoc:modality ctoc:WithinAvailableResources ;"""),
        """id:resolution\\/9-1\\/provision\\/convene-expert-group ctoc:task ?t1 , ?t2 , ?t3 .
            ?t1 a ctoc:Task . ?t2 a ctoc:Task . ?t3 a ctoc:Task . FILTER(?t1 != ?t2 && ?t2 != ?t3 && ?t1 != ?t3)""",
        provision("resolution/9-1/provision/submit-expert-group-results", "SubmissionRequest", "id:resolution\\/9-1", "para/2",
                  f"ctoc:concernsBody id:body\\/{EG} ; ctoc:targetSession id:session\\/10 ;"),
        f"""id:body\\/{EG} ctoc:membershipCharacter ctoc:OpenEnded , ctoc:Intergovernmental .""",
    ],
    "para/3": [
        meeting(EG, 1, "2019-10-09", "2019-10-11", "Held", "para/3"),
        meeting(EG, 2, "2020-07-13", "2020-07-15", "Planned", "para/3"),
        report("CTOC/COP/WG.10/2019/5", EG, 1, "para/3", "id:resolution\\/9-1"),
        report("CTOC/COP/WG.10/2020/6", EG, 2, "para/3", "id:resolution\\/9-1"),
    ],
    "para/4": [
        provision("decision/4-4/provision/establish-working-group", "Establishment", "id:decision\\/4-4", "para/4",
                  f"ctoc:establishes id:body\\/{TIP} ; ctoc:resultingStatus ctoc:Provisional ;"),
        f"""id:body\\/{TIP} ctoc:membershipCharacter ctoc:OpenEnded ; ctoc:servesTreaty id:treaty\\/trafficking-in-persons-protocol .
            id:treaty\\/trafficking-in-persons-protocol a ctoc:Protocol ; ctoc:supplements id:treaty\\/untoc .
            id:decision\\/4-4 a ctoc:Decision ; ctoc:subject "traite des êtres humains"@fr .""",
    ],
    "para/5": [
        provision("resolution/7-1/provision/trafficking-in-persons-permanent", "StatusChange", "id:resolution\\/7-1", "para/5",
                  f"ctoc:concernsBody id:body\\/{TIP} ; ctoc:resultingStatus ctoc:Permanent ;"),
        f"""id:body\\/{TIP} ctoc:reportsTo id:cop . id:resolution\\/7-1 ctoc:subject ?s . FILTER(LANG(?s) = "fr")""",
    ],
    "para/6": [
        meeting(TIP, 9, "2019-09-09", "2019-09-11", "Held", "para/6"),
        meeting(TIP, 10, "2020-09-10", "2020-09-11", "Planned", "para/6"),
        report("CTOC/COP/WG.4/2019/6", TIP, 9, "para/6", "id:resolution\\/7-1"),
        report("CTOC/COP/WG.4/2020/4", TIP, 10, "para/6", "id:resolution\\/7-1"),
    ],
    "para/7": [
        provision("resolution/5-3/provision/establish-working-group", "Establishment", "id:resolution\\/5-3", "para/7",
                  f"ctoc:establishes id:body\\/{SOM} ; ctoc:resultingStatus ctoc:Provisional ;"),
        f"""id:body\\/{SOM} ctoc:membershipCharacter ctoc:OpenEnded , ctoc:Intergovernmental ;
            ctoc:servesTreaty id:treaty\\/smuggling-of-migrants-protocol . id:resolution\\/5-3 a ctoc:Resolution ; ctoc:subject ?s .""",
    ],
    "para/8": [
        provision("resolution/7-1/provision/smuggling-of-migrants-permanent", "StatusChange", "id:resolution\\/7-1", "para/8",
                  f"ctoc:concernsBody id:body\\/{SOM} ; ctoc:resultingStatus ctoc:Permanent ;"),
        f"""id:body\\/{SOM} ctoc:reportsTo id:cop .""",
    ],
    "para/9": [
        meeting(SOM, 6, "2019-09-11", "2019-09-13", "Held", "para/9"),
        meeting(SOM, 7, "2020-09-08", "2020-09-09", "Planned", "para/9"),
        report("CTOC/COP/WG.7/2019/6", SOM, 6, "para/9", "id:resolution\\/7-1"),
        report("CTOC/COP/WG.7/2020/4", SOM, 7, "para/9", "id:resolution\\/7-1"),
    ],
    "para/10": [
        provision("resolution/5-4/provision/establish-working-group", "Establishment", "id:resolution\\/5-4", "para/10",
                  f"ctoc:establishes id:body\\/{FA} ;"),
        f"""id:body\\/{FA} ctoc:membershipCharacter ctoc:OpenEnded , ctoc:Intergovernmental ;
            ctoc:servesTreaty id:treaty\\/firearms-protocol . id:resolution\\/5-4 ctoc:subject ?s .""",
    ],
    "para/11": [
        provision("resolution/7-1/provision/firearms-permanent", "StatusChange", "id:resolution\\/7-1", "para/11",
                  f"ctoc:concernsBody id:body\\/{FA} ; ctoc:resultingStatus ctoc:Permanent ;"),
        f"""id:body\\/{FA} ctoc:reportsTo id:cop .""",
    ],
    "para/12": [
        meeting(FA, 7, "2020-07-16", "2020-07-17", "Planned", "para/12"),
        report("CTOC/COP/WG.6/2020/4", FA, 7, "para/12", "id:resolution\\/7-1"),
    ],
    "para/13": [
        provision("decision/3-2/provision/establish-working-group", "Establishment", "id:decision\\/3-2", "para/13",
                  f"ctoc:establishes id:body\\/{IC} ; ctoc:resultingStatus ctoc:Permanent ;"),
        provision("cop/provision/reaffirm-decision-3-2", "Reaffirmation", None, "para/13",
                  f"ctoc:reaffirms id:decision\\/3-2 ; ctoc:modality ctoc:InAllSubsequentResolutions ;"),
        f"""id:body\\/{IC} ctoc:membershipCharacter ctoc:OpenEnded . id:decision\\/3-2 ctoc:subject ?s .""",
    ],
    "para/14": [
        provision("resolution/7-1/provision/encourage-annual-consecutive-meetings", "Encouragement", "id:resolution\\/7-1", "para/14",
                  f"""ctoc:concernsBody id:body\\/{IC} , id:body\\/{TA} ; ctoc:modality ctoc:Annually , ctoc:AsNeeded , ctoc:BackToBack ;
                  ctoc:purpose ctoc:EfficientUseOfResources ;"""),
    ],
    "para/15": [
        meeting(IC, 11, "2020-07-07", "2020-07-08", "Planned", "para/15"),
        report("CTOC/COP/WG.3/2020/4", IC, 11, "para/15", None),
        f"""?s a ctoc:SequencingStatement ; ctoc:sequencedMeeting id:body\\/{IC}\\/meeting\\/11 ;
            ctoc:sequenceRelation ctoc:ImmediatelyAfter ; ctoc:referenceMeeting id:body\\/{TA}\\/meeting\\/12 ;
            ctoc:statedIn {part('para/15')} .""",
    ],
    "para/16": [
        provision("decision/2-6/provision/establish-working-group", "Establishment", "id:decision\\/2-6", "para/16",
                  f"ctoc:establishes id:body\\/{TA} ; ctoc:resultingStatus ctoc:Provisional ;"),
        f"""id:body\\/{TA} ctoc:membershipCharacter ctoc:OpenEnded , ctoc:GovernmentExperts .""",
    ],
    "para/17": [
        f"""id:resolution\\/7-1\\/provision\\/encourage-annual-consecutive-meetings ctoc:statedIn {part('para/17')} ;
            ctoc:concernsBody id:body\\/{IC} , id:body\\/{TA} .""",
    ],
    "para/18": [
        meeting(TA, 12, "2020-07-09", "2020-07-10", "Planned", "para/18"),
        report("CTOC/COP/WG.2/2020/3", TA, 12, "para/18", None),
        f"""?s a ctoc:SequencingStatement ; ctoc:sequencedMeeting id:body\\/{TA}\\/meeting\\/12 ;
            ctoc:sequenceRelation ctoc:ImmediatelyAfter ; ctoc:referenceMeeting id:body\\/{IC}\\/meeting\\/11 ;
            ctoc:statedIn {part('para/18')} .""",
    ],
}


@pytest.fixture(scope="module")
def reasoned(shipped_reasoned):
    return shipped_reasoned


def ask(ds, pattern: str) -> bool:
    return bool(ds.query(PREFIXES + "ASK {\n" + pattern + "\n}").askAnswer)


@pytest.mark.parametrize("where", sorted(FACTS))
def test_part_facts(reasoned, where):
    failing = [p for p in FACTS[where] if not ask(reasoned, p)]
    assert not failing, f"{where}: facts not in the graph:\n" + "\n---\n".join(failing)


def test_every_part_of_the_note_is_tested_and_exists(reasoned):
    parts = {str(r.p).rsplit("note-2020-07-01-subsidiary-bodies/", 1)[1] for r in reasoned.query(
        PREFIXES + f"SELECT ?p WHERE {{ ?p ctoc:partOf {NOTE} }}")}
    expected = {"header", "title", "footnote/1"} | {f"heading/{i}" for i in range(1, 7)} | {f"para/{i}" for i in range(1, 19)}
    assert parts == expected
    assert set(FACTS) == expected


def test_paragraph_numbers_are_integers(reasoned):
    rows = list(reasoned.query(PREFIXES + "SELECT ?n WHERE { ?p a ctoc:Paragraph ; ctoc:partNumber ?n }"))
    assert sorted(r.n.toPython() for r in rows) == list(range(1, 19))
    assert all(r.n.datatype == XSD.integer for r in rows)


def test_a_wrong_fact_is_caught(reasoned):
    """The per-part test would fail on a wrong date: the ASK is not vacuous."""
    wrong = FACTS["para/12"][0].replace("2020-07-16", "2020-07-15")
    assert not ask(reasoned, wrong)


# --- nothing invented ---------------------------------------------------------

def _literals(ds, graphs=None):
    for s, p, o, g in ds.quads((None, None, None, None)):
        if isinstance(o, Literal):
            yield o


def test_every_symbol_is_exactly_one_documents_identifier(reasoned):
    rows = list(reasoned.query(PREFIXES + "SELECT ?doc ?sym WHERE { ?doc a ctoc:Document ; ctoc:symbol ?sym }"))
    symbols = [str(r.sym) for r in rows]
    assert sorted(symbols) == sorted(INVENTORY["symbols"])
    assert len(set(symbols)) == len(symbols)
    docs = [r.doc for r in rows]
    assert len(set(docs)) == len(docs), "a document has two symbols"


def test_no_symbol_outside_the_note(reasoned):
    pattern = re.compile(r"CTOC/COP[\w./]*\d")
    found = {m for lit in _literals(reasoned) for m in pattern.findall(str(lit))}
    assert found <= set(INVENTORY["symbols"]), found - set(INVENTORY["symbols"])


def test_dates_are_exactly_the_notes(reasoned):
    dates = {str(lit) for lit in _literals(reasoned) if lit.datatype == XSD.date}
    assert dates == set(INVENTORY["dates"])


def test_no_number_outside_the_note(reasoned):
    allowed = set(INVENTORY["numbers"]["digits"])
    numbers = {int(lit) for lit in _literals(reasoned) if lit.datatype == XSD.integer}
    assert numbers <= allowed, numbers - allowed
    in_text = set()
    for lit in _literals(reasoned):
        if lit.datatype in (None, XSD.string) or lit.language:
            in_text |= {int(d) for d in re.findall(r"\d+", str(lit))}
    # ontology literals (version 0.1.0) are not facts of the note
    in_text -= {0}
    assert in_text <= allowed, in_text - allowed
    ids = {int(d) for s, p, o, g in reasoned.quads((None, None, None, None)) for t in (s, o)
           if isinstance(t, URIRef) and str(t).startswith("https://w3id.org/ctoc-kg/id/")
           for d in re.findall(r"\d+", str(t))}
    assert ids <= allowed, ids - allowed


def test_adoption_sessions_are_derived_from_the_numbers(reasoned):
    rows = list(reasoned.query(PREFIXES + """
        SELECT ?i ?num ?n WHERE { ?i ctoc:instrumentNumber ?num ; ctoc:adoptedAt ?s . ?s ctoc:sessionNumber ?n }"""))
    got = {str(r.num): int(r.n) for r in rows}
    assert got == {"2/6": 2, "3/2": 3, "4/4": 4, "5/3": 5, "5/4": 5, "7/1": 7, "9/1": 9}
    for num, n in got.items():
        assert n == int(num.split("/")[0])


def test_adoption_sessions_are_not_typed_by_hand():
    from rdflib import Graph

    adopted_at = URIRef("https://w3id.org/ctoc-kg/ontology#adoptedAt")
    for path in sorted((REPO / "graph").glob("*.ttl")):
        g = Graph().parse(path)
        assert not list(g.triples((None, adopted_at, None))), f"{path.name} asserts ctoc:adoptedAt by hand"


def test_adoption_session_rule_follows_a_changed_number():
    """Change 7/1 to 8/1 in a copy: the rule puts it at session 8 (the rule computes, it does not look up)."""
    from ctoc_kg.dataset import load
    from ctoc_kg.reason import reason

    ds = load()
    inst = URIRef("https://w3id.org/ctoc-kg/id/resolution/7-1")
    num = URIRef("https://w3id.org/ctoc-kg/ontology#instrumentNumber")
    g = ds.graph(URIRef("https://w3id.org/ctoc-kg/graph/shared"))
    g.remove((inst, num, None))
    g.add((inst, num, Literal("8/1")))
    reason(ds)
    rows = list(ds.query(PREFIXES + "SELECT ?n WHERE { id:resolution\\/7-1 ctoc:adoptedAt ?s . ?s ctoc:sessionNumber ?n }"))
    assert [int(r.n) for r in rows] == [8]


# --- coverage -------------------------------------------------------------------

def test_every_part_supports_something_and_the_readme_table_is_current(reasoned):
    from ctoc_kg import coverage

    rows = coverage.coverage(reasoned)
    assert len(rows) == 27
    assert not coverage.uncovered(rows), [r.part for r in coverage.uncovered(rows)]
    assert coverage.readme_block(REPO / "graph" / "README.md") == coverage.to_markdown(rows)


def test_coverage_flags_a_part_that_supports_nothing(tmp_path):
    from ctoc_kg import coverage
    from ctoc_kg.dataset import load

    ds = load()
    stated_in = URIRef("https://w3id.org/ctoc-kg/ontology#statedIn")
    para9 = URIRef("https://w3id.org/ctoc-kg/id/doc/note-2020-07-01-subsidiary-bodies/para/9")
    for s, p, o, g in list(ds.quads((None, stated_in, para9, None))):
        ds.graph(g).remove((s, p, o))
    empty = coverage.uncovered(coverage.coverage(ds))
    assert [r.part for r in empty] == [str(para9)]
