"""The report a new user sees first: load, reason, validate, answer the key questions.

``build_report(ds=None, lang="en", validation=True) -> Report`` loads the shipped
data (or copies ``ds``), reasons over it, validates it with ``ctoc_kg.validate``
and answers, with the shipped competency queries:

* ``bodies``   — the subsidiary bodies and their mandates (``subsidiary-bodies``,
  with the status history from ``mandate-history`` for each body);
* ``reports``  — the reports before the tenth session (``reports-before-session``), and
  ``reports-<n>`` for each other session that has reports (documents added later);
* ``meetings`` — the meeting timeline (``meetings-in-range`` over all dates);
* ``unconfirmed`` — the English names and titles not confirmed against a UN English
  text (``unconfirmed-english``).

``render_text(report)`` gives aligned tables; ``to_dict(report)`` a JSON-ready dict.
Nothing here prints.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from ctoc_kg import LANGUAGES
from ctoc_kg import query as Q

FORMATS = ("text", "json")
NAME_WIDTH = 60  # text tables cut longer names (JSON keeps them whole)

TEXT = {
    "en": {
        "heading": "CTOC-KG report: the Conference of the Parties and its subsidiary bodies",
        "bodies": "Subsidiary bodies and their mandates",
        "reports": "Reports before the tenth session",
        "reports_n": "Reports before session {n}",
        "meetings": "Meeting timeline",
        "unconfirmed": "English texts not confirmed against the UN's English texts",
        "entity": "Entity", "property": "Property", "text": "English text",
        "validation": "Validation",
        "skipped": "skipped",
        "body": "Body", "kind": "Kind", "membership": "Membership",
        "established": "Established by", "history": "Status history", "status": "Status now",
        "symbol": "Symbol", "meeting": "Meeting", "dates": "Dates", "pursuant": "Pursuant to",
        "ordinal": "No.", "state": "Status",
        "session": "session", "facts": "{triples} triples ({inferred} inferred), {seconds:.2f} s",
    },
    "fr": {
        "heading": "Rapport CTOC-KG : la Conférence des Parties et ses organes subsidiaires",
        "bodies": "Organes subsidiaires et leurs mandats",
        "reports": "Rapports présentés à la dixième session",
        "reports_n": "Rapports présentés à la session {n}",
        "meetings": "Calendrier des réunions",
        "unconfirmed": "Textes anglais non confirmés par les textes anglais de l'ONU",
        "entity": "Entité", "property": "Propriété", "text": "Texte anglais",
        "validation": "Validation",
        "skipped": "non effectuée",
        "body": "Organe", "kind": "Type", "membership": "Composition",
        "established": "Créé par", "history": "Historique du statut", "status": "Statut actuel",
        "symbol": "Cote", "meeting": "Réunion", "dates": "Dates", "pursuant": "En application de",
        "ordinal": "N°", "state": "État",
        "session": "session", "facts": "{triples} triples ({inferred} inférés), {seconds:.2f} s",
    },
}


@dataclass
class Section:
    """One table of the report: cells are plain strings."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[str]]


@dataclass
class Report:
    lang: str
    sections: list[Section] = field(default_factory=list)
    validation: object | None = None  # ctoc_kg.validate.ValidationReport, None when skipped
    triples: int = 0
    inferred: int = 0
    seconds: float = 0.0

    @property
    def conforms(self) -> bool:
        return self.validation is None or self.validation.conforms

    def validation_line(self) -> str:
        t = TEXT[self.lang]
        if self.validation is None:
            return f"{t['validation']}: {t['skipped']}"
        return f"{t['validation']}: {self.validation.summary()}"


def _s(term) -> str:
    return "" if term is None else str(term)


def _rows(name: str, ds, params: dict[str, str]) -> list[dict[str, object]]:
    result = Q.execute(Q.prepare(name, params), ds)
    return [dict(zip(result.variables, row)) for row in result.rows]


def _dates(start, end) -> str:
    s, e = _s(start), _s(end)
    if s and e and s != e:
        return f"{s} – {e}"
    return s or e


def _report_sessions(ds) -> list[int]:
    """The numbers of the sessions to which some report is submitted, ascending."""
    from ctoc_kg.namespaces import ONTOLOGY_NS

    q = (f"PREFIX ctoc: <{ONTOLOGY_NS}>\n"
         "SELECT DISTINCT ?n WHERE { ?r a ctoc:Report ; ctoc:submittedTo/ctoc:sessionNumber ?n }")
    found = set()
    for (n,) in ds.query(q):
        try:
            found.add(int(n))
        except (TypeError, ValueError):  # an ill-typed number: validation reports it
            continue
    return sorted(found)


def build_report(ds=None, lang: str = "en", *, validation: bool = True) -> Report:
    """Load (unless ``ds``), reason, validate and answer the key questions."""
    from ctoc_kg.errors import CtocError

    if lang not in LANGUAGES:
        raise CtocError(f"unknown language {lang!r} (one of {', '.join(LANGUAGES)})")
    start = time.perf_counter()
    from ctoc_kg.dataset import INFERRED_GRAPH
    from ctoc_kg.open import open_dataset

    ds = open_dataset(ds)  # a reasoned copy: the caller's ds is unchanged
    report = Report(lang)
    if validation:
        from ctoc_kg.validate import validate

        report.validation = validate(ds)
    report.inferred = len(ds.graph(INFERRED_GRAPH))
    report.triples = len(ds)
    t = TEXT[lang]
    p = {"lang": lang}

    # bodies and their mandates
    rows = []
    for b in _rows("subsidiary-bodies", ds, p):
        history = []
        for h in _rows("mandate-history", ds, {**p, "body": str(b["body"])}):
            if h.get("status") is not None:
                history.append(f"{_s(h.get('number')) or '?'} {_s(h['status'])}")
        established = _s(b.get("number"))
        if b.get("session") is not None:
            established += f" ({t['session']} {b['session']})"
        rows.append([_s(b["name"]), _s(b.get("kind")), _s(b.get("membership")), established,
                     " → ".join(history), _s(b.get("status"))])
    report.sections.append(Section("bodies", t["bodies"], [
        t["body"], t["kind"], t["membership"], t["established"], t["history"], t["status"]], rows))

    # reports before the tenth session, then before each other session that has reports
    # (a document added with `ctoc-kg extract` may bring reports to a later session)
    for n in [10, *(n for n in _report_sessions(ds) if n != 10)]:
        rows = [[_s(r["symbol"]), _s(r["bodyName"]), _s(r.get("ordinal")),
                 _dates(r.get("start"), r.get("end")), _s(r.get("pursuantTo"))]
                for r in _rows("reports-before-session", ds, {**p, "session": str(n)})]
        key, title = ("reports", t["reports"]) if n == 10 else (f"reports-{n}", t["reports_n"].format(n=n))
        report.sections.append(Section(key, title, [
            t["symbol"], t["body"], t["meeting"], t["dates"], t["pursuant"]], rows))

    # the meeting timeline
    rows = [[_dates(m["start"], m["end"]), _s(m["bodyName"]), _s(m.get("ordinal")), _s(m.get("status"))]
            for m in _rows("meetings-in-range", ds, {**p, "from": "0001-01-01", "to": "9999-12-31"})]
    report.sections.append(Section("meetings", t["meetings"], [
        t["dates"], t["body"], t["ordinal"], t["state"]], rows))

    # English texts that are the project's rendering, not the UN's (ctoc:unconfirmedEnglish)
    rows = [[_s(u.get("entityLabel")) or _s(u["entity"]), _s(u["property"]).rsplit("#", 1)[-1], _s(u["text"])]
            for u in _rows("unconfirmed-english", ds, p)]
    report.sections.append(Section("unconfirmed", t["unconfirmed"], [
        t["entity"], t["property"], t["text"]], rows))

    report.seconds = time.perf_counter() - start
    return report


def _cut(cell: str, width: int = NAME_WIDTH) -> str:
    return cell if len(cell) <= width else cell[: width - 1] + "…"


def render_text(report: Report) -> str:
    """The report as titled, aligned text tables followed by the validation line."""
    t = TEXT[report.lang]
    out = [t["heading"], t["facts"].format(triples=report.triples, inferred=report.inferred,
                                           seconds=report.seconds), ""]
    for s in report.sections:
        out.append(f"{s.title} ({len(s.rows)})")
        out.append("=" * len(out[-1]))
        out.append(Q.table(s.columns, [[_cut(c) for c in row] for row in s.rows]))
        out.append("")
    out.append(report.validation_line())
    return "\n".join(out)


def to_dict(report: Report) -> dict:
    """A JSON-ready dict: sections as lists of row objects, and the validation summary."""
    v = report.validation
    return {
        "lang": report.lang,
        "triples": report.triples,
        "inferred": report.inferred,
        "sections": [{"key": s.key, "title": s.title, "columns": s.columns,
                      "rows": [dict(zip(s.columns, r)) for r in s.rows]} for s in report.sections],
        "validation": None if v is None else {
            "conforms": v.conforms, "counts": v.counts, "summary": v.summary()},
    }
