"""Facts per kind in a graph, and precision/recall of one graph against another.

``facts_of(graph)`` reads the facts the extractor is measured on from any graph in the
project's vocabulary (the hand-encoded note, an extraction, a test note's expected
facts), as tuples of short IRIs (``body/working-group-firearms/meeting/7``), ISO
dates, integers and code-list names:

=================  =====================================================
``symbol``         (symbol,) of every document with ``ctoc:symbol``
``date``           (node, property, date) for start/end dates and the date a document (the work) bears
``ordinal``        (meeting, ordinal)
``report-meeting`` (report symbol, meeting)
``body-instrument`` (Establishment/StatusChange, body, instrument, status or "")
``meeting-status`` (meeting, Held/Planned)
``meeting-place``  (meeting, place)
``report-session`` (report symbol, session)
``report-instrument`` (report symbol, instrument)
``sequencing``     (sequenced meeting, reference meeting)
``membership``     (body, membership character)
=================  =====================================================

``score(expected, got)`` gives per kind the counts, precision and recall.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ctoc_kg.namespaces import ID_NS, ONTOLOGY_NS

KINDS = ("symbol", "date", "ordinal", "report-meeting", "body-instrument", "meeting-status", "meeting-place",
         "report-session", "report-instrument", "sequencing", "membership")
# the kinds held to 100 % precision and >= 95 % recall on the first note
STRICT = ("symbol", "date", "ordinal", "report-meeting", "body-instrument")

_Q = {
    "symbol": "SELECT ?a WHERE { ?d ctoc:symbol ?a }",
    "date": """SELECT ?a ?p ?b WHERE { VALUES ?p { ctoc:startDate ctoc:endDate ctoc:documentDate }
               ?a ?p ?b }""",
    "ordinal": "SELECT ?a ?b WHERE { ?a a ctoc:Meeting ; ctoc:ordinal ?b }",
    "report-meeting": "SELECT ?a ?b WHERE { ?r ctoc:symbol ?a ; ctoc:reportsOn ?b }",
    "body-instrument": """SELECT ?k ?b ?i ?s WHERE {
               { ?p a ctoc:Establishment ; ctoc:establishes ?b BIND("Establishment" AS ?k) }
               UNION { ?p a ctoc:StatusChange ; ctoc:changes|ctoc:concernsBody ?b BIND("StatusChange" AS ?k) }
               ?p ctoc:inInstrument ?i . OPTIONAL { ?p ctoc:resultingStatus ?s0 }
               BIND(COALESCE(STRAFTER(STR(?s0), "#"), "") AS ?s) }""",
    "meeting-status": "SELECT ?a ?b WHERE { ?a ctoc:meetingStatus ?b }",
    "meeting-place": "SELECT ?a ?b WHERE { ?a a ctoc:Meeting ; ctoc:place ?b }",
    "report-session": "SELECT ?a ?b WHERE { ?r ctoc:symbol ?a ; ctoc:submittedTo ?b }",
    "report-instrument": "SELECT ?a ?b WHERE { ?r ctoc:symbol ?a ; ctoc:submittedPursuantTo ?b }",
    "sequencing": """SELECT ?a ?b WHERE { ?s a ctoc:SequencingStatement ; ctoc:sequencedMeeting ?a ;
               ctoc:referenceMeeting ?b }""",
    "membership": "SELECT ?a ?b WHERE { ?a ctoc:membershipCharacter ?b }",
}


def _short(term) -> object:
    from rdflib import Literal

    if isinstance(term, Literal):
        v = term.toPython()
        return v.isoformat() if hasattr(v, "isoformat") else v
    s = str(term)
    if s.startswith(ID_NS):
        return s[len(ID_NS):]
    if s.startswith(ONTOLOGY_NS):
        return s[len(ONTOLOGY_NS):]
    return s


@cache
def _prepared() -> dict:
    """``_Q`` parsed by rdflib once a process (a prepared query is evaluated again and again)."""
    from rdflib.plugins.sparql import prepareQuery

    return {kind: prepareQuery(f"PREFIX ctoc: <{ONTOLOGY_NS}>\n{q}") for kind, q in _Q.items()}


def facts_of(graph) -> dict[str, set[tuple]]:
    """The measured facts of ``graph`` (an rdflib Graph or Dataset), per kind."""
    out = {}
    for kind, q in _prepared().items():
        rows = graph.query(q)
        out[kind] = {tuple(_short(t) if t is not None else "" for t in row) for row in rows}
    return out


def from_json(data: dict) -> dict[str, set[tuple]]:
    """Expected facts written as JSON lists (``{"facts": {kind: [[...], ...]}}``)."""
    facts = data.get("facts", data)
    return {k: {tuple(x) for x in facts.get(k, [])} for k in KINDS}


@dataclass
class Score:
    kind: str
    expected: int
    found: int
    correct: int
    missing: list
    wrong: list

    @property
    def precision(self) -> float:
        return 1.0 if self.found == 0 else self.correct / self.found

    @property
    def recall(self) -> float:
        return 1.0 if self.expected == 0 else self.correct / self.expected


def score(expected: dict[str, set[tuple]], got: dict[str, set[tuple]], kinds=KINDS) -> list[Score]:
    out = []
    for k in kinds:
        e, g = expected.get(k, set()), got.get(k, set())
        out.append(Score(k, len(e), len(g), len(e & g), sorted(e - g, key=str), sorted(g - e, key=str)))
    return out


def table(scores: list[Score], title: str = "") -> str:
    lines = [title] if title else []
    lines.append(f"{'kind':<18} {'expected':>8} {'found':>6} {'correct':>7} {'precision':>9} {'recall':>7}")
    for s in scores:
        lines.append(f"{s.kind:<18} {s.expected:>8} {s.found:>6} {s.correct:>7} {s.precision:>9.1%} {s.recall:>7.1%}")
    return "\n".join(lines)
