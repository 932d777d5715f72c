"""A synthetic corpus shaped like the real one, for benchmarks and scale tests.

``generate(path, triples=N, seed=S, errors={"end-before-start": 3, ...})`` writes a file
of about ``N`` triples (the last body stops where ``N`` is reached) and returns a
``Corpus`` describing what it holds.  The same arguments give the same bytes.

**Every fact in the corpus is invented** (bodies, topics, meetings, dates, reports,
instruments, notes); the file says so in a comment header and in a ``dcat:Dataset``
node with an English and French ``dcterms:description``.  Only the entities every
document refers to (the Conference, the Convention and its Protocols, Vienna, the
Secretariat, UNODC, the languages) are copied from the shipped ``graph/shared.ttl``.

What it looks like (the real graph's model, at any size):

* sessions of the Conference every two years from 2004 (1st 2004, 2nd 2005, then
  2006, 2008, … 2024), each in Vienna in October, with a provisional agenda and a
  Note by the Secretariat on the reports of the subsidiary bodies (header, title,
  one heading per body, one paragraph per report);
* subsidiary bodies (working groups and expert groups, ``WG.k`` symbol series) with a
  lifecycle: established by a resolution or decision numbered ``session/n``
  (provisional), made permanent by a later one for most working groups, a few stop
  meeting; expert groups come with a convening request (tasks) and a submission
  request;
* one meeting a year per body, in Vienna, ordinals in date order, held or planned as
  of the note's date; some pairs of bodies are encouraged to meet back to back and do,
  with a sequencing statement that agrees with the dates;
* one report per meeting, symbol ``CTOC/COP/WG.k/YEAR/n`` (the meeting's year),
  submitted to the first session after the meeting;
* English and French labels on everything; every fact stated in a part of a note.

The number of bodies grows with ``N`` (about 330 triples each); the time span does not.

Seeded errors (``ERROR_KINDS``): each kind breaks one thing that exactly one shape
reports, once per error, on entities no other error touches, so ``ctoc-kg validate``
on the file reports exactly the seeded count for each kind's source shape.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from os import PathLike
from pathlib import Path

from ctoc_kg.errors import CtocError
from ctoc_kg.files import atomic_file
from ctoc_kg.namespaces import DCAT, DCTERMS, ID_NS, ONTOLOGY_NS, RDF, RDFS, SHAPES_NS, XSD
from ctoc_kg.provenance import statement_iri_of_line

RDF_TYPE = RDF + "type"
RDFS_LABEL = RDFS + "label"
DCAT_DATASET = DCAT + "Dataset"

FORMATS = (".nt", ".nq", ".ttl", ".trig", ".jsonld", ".rdf", ".xml")
SUMMARY_FORMATS = ("text", "json")  # of the summary `ctoc-kg generate` prints
MIN_TRIPLES = 2000
SESSIONS = 12  # 2004, 2005, 2006, 2008, …, 2024


@dataclass(frozen=True)
class ErrorKind:
    """One kind of seeded error and the validation result it gives (once per error)."""

    name: str
    source_shape: str  # local name in the shapes namespace
    severity: str  # "Violation" or "Warning"
    what: str

    @property
    def shape_iri(self) -> str:
        return SHAPES_NS + self.source_shape


ERROR_KINDS: dict[str, ErrorKind] = {k.name: k for k in (
    ErrorKind("end-before-start", "EventRule-endAfterStart", "Violation",
              "a meeting ends the day before it starts"),
    ErrorKind("two-end-dates", "EventShape-endDate", "Violation",
              "a meeting has a second end date"),
    ErrorKind("missing-provenance", "SourcedShape-statedIn", "Warning",
              "a meeting is stated in no part of a document"),
    ErrorKind("ordinal-order", "MeetingRule-ordinalOrder", "Violation",
              "two consecutive meetings of a body have their ordinals swapped"),
    ErrorKind("report-symbol", "ReportShape-symbol", "Violation",
              "a report symbol's number has a leading zero"),
    ErrorKind("symbol-year", "ReportRule-symbolYear", "Violation",
              "a report symbol carries the year before the meeting's"),
    ErrorKind("session-before-meeting", "ReportRule-sessionAfterMeeting", "Violation",
              "a report is submitted to a session held before its meeting"),
    ErrorKind("wrong-class", "DocumentShape-submittedPursuantTo", "Violation",
              "a report is submitted pursuant to a body instead of an instrument"),
    ErrorKind("missing-french-label", "LabelShape-label-fr", "Violation",
              "a paragraph has no French label"),
    ErrorKind("status-before-establishment", "StatusChangeRule-afterEstablishment", "Violation",
              "an instrument adopted before a body was established changes its status"),
    ErrorKind("dates-disagree", "SequencingStatementRule-datesAgree", "Warning",
              "a sequencing statement puts a meeting after one that ends later"),
)}


@dataclass
class Corpus:
    """What ``generate`` wrote."""

    path: Path
    triples: int
    seed: int
    requested: int
    bodies: int
    meetings: int
    reports: int
    instruments: int
    sessions: int
    errors: dict[str, int] = field(default_factory=dict)
    sample: dict[str, str] = field(default_factory=dict)  # query parameter -> a value in the corpus

    def expected_results(self) -> dict[tuple[str, str], int]:
        """(source shape IRI, severity) -> number of validation results the errors give."""
        out: dict[tuple[str, str], int] = {}
        for name, n in self.errors.items():
            if n:
                k = ERROR_KINDS[name]
                out[(k.shape_iri, k.severity)] = out.get((k.shape_iri, k.severity), 0) + n
        return out


def parse_errors(text: str | None) -> dict[str, int]:
    """``KIND=N,KIND=N`` (``all=N`` for every kind) as a dict; raises ``CtocError``."""
    out: dict[str, int] = {}
    if not text:
        return out
    for item in text.split(","):
        item = item.strip()
        if not item:
            continue
        name, sep, count = item.partition("=")
        name = name.strip()
        if not sep or not count.strip().isdigit():
            raise CtocError(f"--errors: {item!r} is not KIND=N (N a whole number)")
        names = list(ERROR_KINDS) if name == "all" else [name]
        if name != "all" and name not in ERROR_KINDS:
            raise CtocError(f"--errors: unknown kind {name!r} (known: all, {', '.join(ERROR_KINDS)})")
        for n in names:
            out[n] = int(count)
    return out


# --------------------------------------------------------------------------- words

_EN_ORD = ["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
           "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
           "sixteenth", "seventeenth", "eighteenth", "nineteenth"]
_EN_TENS = {20: "twent", 30: "thirt", 40: "fort", 50: "fift"}
_EN_UNITS = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_FR_ORD = ["", "première", "deuxième", "troisième", "quatrième", "cinquième", "sixième",
           "septième", "huitième", "neuvième", "dixième", "onzième", "douzième", "treizième",
           "quatorzième", "quinzième", "seizième", "dix-septième", "dix-huitième", "dix-neuvième"]
_FR_TENS = {20: "vingt", 30: "trente", 40: "quarante", 50: "cinquante"}
_FR_UNIT_ORD = ["", "unième", "deuxième", "troisième", "quatrième", "cinquième", "sixième",
                "septième", "huitième", "neuvième"]


def ordinal_en(n: int) -> str:
    """``21`` -> ``twenty-first`` (up to 59, then ``60th``)."""
    if n < 20:
        return _EN_ORD[n]
    tens, unit = n - n % 10, n % 10
    if tens not in _EN_TENS:
        return f"{n}th"
    if unit == 0:
        return _EN_TENS[tens] + "ieth"
    return f"{_EN_TENS[tens]}y-{_EN_ORD[unit]}"


def ordinal_fr(n: int) -> str:
    """``21`` -> ``vingt et unième`` (feminine: réunion, session; up to 59, then ``60e``)."""
    if n < 20:
        return _FR_ORD[n]
    tens, unit = n - n % 10, n % 10
    if tens not in _FR_TENS:
        return f"{n}e"
    if unit == 0:
        return _FR_TENS[tens][:-1] + "ième" if tens in (30, 40, 50) else "vingtième"
    if unit == 1:
        return f"{_FR_TENS[tens]} et unième"
    return f"{_FR_TENS[tens]}-{_FR_UNIT_ORD[unit]}"


_MONTHS_EN = ["", "January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]
_MONTHS_FR = ["", "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
              "septembre", "octobre", "novembre", "décembre"]


def _date_en(d: date) -> str:
    return f"{d.day} {_MONTHS_EN[d.month]} {d.year}"


def _date_fr(d: date) -> str:
    return f"{'1er' if d.day == 1 else d.day} {_MONTHS_FR[d.month]} {d.year}"


# Invented topics (en, fr with article, slug).  Combined with a number, they name
# bodies that do not exist.
TOPICS = [
    ("Cybercrime", "la cybercriminalité", "cybercrime"),
    ("Money-Laundering", "le blanchiment d'argent", "money-laundering"),
    ("Crimes that Affect the Environment", "les infractions portant atteinte à l'environnement",
     "environment"),
    ("Trafficking in Cultural Property", "le trafic de biens culturels", "cultural-property"),
    ("Falsified Medical Products", "les produits médicaux falsifiés", "medical-products"),
    ("Maritime Crime", "la criminalité maritime", "maritime-crime"),
    ("Asset Recovery", "le recouvrement d'avoirs", "asset-recovery"),
    ("Witness Protection", "la protection des témoins", "witness-protection"),
    ("Extradition", "l'extradition", "extradition"),
    ("Mutual Legal Assistance", "l'entraide judiciaire", "mutual-legal-assistance"),
    ("Identity-Related Crime", "la criminalité liée à l'identité", "identity-crime"),
    ("Trafficking in Wildlife", "le trafic d'espèces sauvages", "wildlife"),
    ("Crime Prevention", "la prévention du crime", "crime-prevention"),
    ("Special Investigative Techniques", "les techniques d'enquête spéciales",
     "investigative-techniques"),
    ("Data Collection", "la collecte de données", "data-collection"),
    ("Victim Assistance", "l'assistance aux victimes", "victim-assistance"),
]

PROTOCOLS = ("trafficking-in-persons-protocol", "smuggling-of-migrants-protocol",
             "firearms-protocol")


# --------------------------------------------------------------------------- terms

def _iri(x: str) -> str:
    return f"<{x}>"


def _id(path: str) -> str:
    return f"<{ID_NS}{path}>"


def _c(local: str) -> str:
    return f"<{ONTOLOGY_NS}{local}>"


def _str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


def _lang(s: str, lang: str) -> str:
    return f"{_str(s)}@{lang}"


def _int(n: int) -> str:
    return f'"{n}"^^<{XSD}integer>'


def _date(d: date) -> str:
    return f'"{d.isoformat()}"^^<{XSD}date>'


A = _iri(RDF_TYPE)
LABEL = _iri(RDFS_LABEL)
COP = _id("cop")
VIENNA = _id("place/vienna")
SECRETARIAT = _id("org/secretariat")
UNODC = _id("org/unodc")
LANG_EN = "<http://id.loc.gov/vocabulary/iso639-1/en>"


def _line(s: str, p: str, o: str) -> str:
    return f"{s} {p} {o} .\n"


# --------------------------------------------------------------------------- the plan

def session_year(s: int) -> int:
    return 2004 if s == 1 else 2005 if s == 2 else 2006 + 2 * (s - 3)


@dataclass
class Session:
    number: int
    start: date
    end: date
    headings: int = 0  # headings in this session's note so far
    paragraphs: int = 0
    instruments: int = 0  # instrument numbers used at this session so far

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def iri(self) -> str:
        return _id(f"session/{self.number}")

    @property
    def note_date(self) -> date:
        return date(self.year, 7, 1)

    @property
    def note_slug(self) -> str:
        return f"doc/note-{self.note_date.isoformat()}-subsidiary-bodies"

    @property
    def note(self) -> str:
        return _id(self.note_slug)

    def part(self, kind: str, n: int | None = None) -> str:
        return _id(f"{self.note_slug}/{kind}" + (f"/{n}" if n is not None else ""))


@dataclass
class Instrument:
    session: int
    number: int
    kind: str  # "resolution" or "decision"
    topic: tuple[str, str, str]
    part: str = ""  # the document part that states it

    @property
    def label(self) -> str:
        return f"{self.session}/{self.number}"

    @property
    def iri(self) -> str:
        return _id(f"{self.kind}/{self.session}-{self.number}")


@dataclass
class Meeting:
    ordinal: int
    start: date
    end: date
    session: int = 0  # the session its report goes to
    heading: int = 0  # the body's heading in that session's note
    paragraph: int = 0  # the report's paragraph in that session's note
    symbol_number: int = 1


@dataclass
class Body:
    k: int
    kind: str  # WorkingGroup or ExpertGroup
    topic: tuple[str, str, str]
    established: int  # session
    permanent: int | None  # session of the status change, if any
    members: tuple[str, ...]
    treaty: str | None
    meetings: list[Meeting]
    pursuant: bool  # reports cite the establishing instrument
    minimum_meetings: int = 1
    est_instrument: Instrument | None = None
    change_instrument: Instrument | None = None
    headings: dict[int, int] = field(default_factory=dict)  # session -> heading number
    pair: "Body | None" = None  # meets back to back after this body
    pair_instrument: Instrument | None = None
    pair_statement: int | None = None  # ordinal of this body's meeting in the statement

    @property
    def slug(self) -> str:
        word = "working-group" if self.kind == "WorkingGroup" else "expert-group"
        return f"body/{word}-{self.k}-{self.topic[2]}"

    @property
    def iri(self) -> str:
        return _id(self.slug)

    @property
    def name_en(self) -> str:
        word = "Working Group" if self.kind == "WorkingGroup" else "Expert Group"
        return f"{word} {self.k} on {self.topic[0]}"

    @property
    def name_fr(self) -> str:
        word = "Groupe de travail" if self.kind == "WorkingGroup" else "Groupe d'experts"
        return f"{word} {self.k} sur {self.topic[1]}"

    def meeting_iri(self, ordinal: int) -> str:
        return _id(f"{self.slug}/meeting/{ordinal}")

    def symbol(self, m: Meeting, year: int | None = None, number: str | None = None) -> str:
        return f"CTOC/COP/WG.{self.k}/{year or m.start.year}/{number or m.symbol_number}"


def _symbol_slug(symbol: str) -> str:
    return "doc/" + symbol.lower().replace("/", "-")


def _sessions() -> dict[int, Session]:
    out = {}
    for s in range(1, SESSIONS + 1):
        start = date(session_year(s), 10, 8 + (s * 5) % 10)
        out[s] = Session(s, start, start + timedelta(days=4))
    return out


def _target_session(sessions: dict[int, Session], end: date) -> int | None:
    for s in sorted(sessions):
        if sessions[s].start > end:
            return s
    return None


class _Planner:
    """Plans bodies one at a time (each from its own random stream, so the plan of body
    k does not depend on how many bodies come after it)."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.sessions = _sessions()
        self.instruments: list[Instrument] = []
        self.last_instrument: dict[int, Instrument] = {}

    def rng(self, *key) -> random.Random:
        return random.Random(":".join(map(str, ("ctoc-kg-generate", self.seed, *key))))

    def body(self, k: int, previous: Body | None) -> Body:
        r = self.rng("body", k)
        kind = "ExpertGroup" if k % 5 == 3 else "WorkingGroup"  # one body in five
        topic = TOPICS[r.randrange(len(TOPICS))]
        established = 1 + r.randrange(SESSIONS - 2)  # 1 … SESSIONS-2
        permanent = None
        if kind == "WorkingGroup" and r.random() < 0.7:
            permanent = established + 1 + r.randrange(SESSIONS - established - 1)
        members = ("OpenEnded",) + (("Intergovernmental",) if r.random() < 0.5 else ()) \
            + (("GovernmentExperts",) if kind == "ExpertGroup" else ())
        treaty = None
        if kind == "WorkingGroup" and r.random() < 0.6:
            treaty = PROTOCOLS[r.randrange(3)] if r.random() < 0.75 else "untoc"
        first = session_year(established) + 1
        last = session_year(SESSIONS)
        if r.random() < 0.2:  # stops meeting after a few years
            last = min(last, first + 2 + r.randrange(6))
        meetings = []
        for ordinal, year in enumerate(range(first, last + 1), start=1):
            start = date(year, 2 + r.randrange(7), 1 + r.randrange(20))
            end = start + timedelta(days=r.randrange(4))
            meetings.append(Meeting(ordinal, start, end, symbol_number=1 + r.randrange(6)))
        body = Body(k, kind, topic, established, permanent, members, treaty, meetings,
                    pursuant=r.random() < 0.5, minimum_meetings=1 + r.randrange(3))
        # every tenth working group meets back to back after the one before it
        if (k % 10 == 0 and previous is not None and kind == "WorkingGroup"
                and previous.kind == "WorkingGroup"):
            self._pair(previous, body, r)
        return body

    def _pair(self, a: Body, b: Body, r: random.Random) -> None:
        since = max(a.established, b.established) + 1
        if since > SESSIONS - 1:
            return
        from_year = session_year(since) + 1
        by_year = {m.start.year: m for m in a.meetings}
        common = []
        for m in b.meetings:
            prior = by_year.get(m.start.year)
            if prior is not None and prior.start.year >= from_year:
                m.start = prior.end + timedelta(days=1)
                m.end = m.start + timedelta(days=r.randrange(3))
                common.append(m)
        if not common:
            return
        b.pair = a
        b.pair_statement = common[-1].ordinal
        b.pair_instrument = Instrument(since, 0, "resolution", b.topic)  # numbered at commit

    def instrument(self, session: int, r: random.Random, topic) -> Instrument:
        """A new instrument of ``session``, or (half the time) the last one of it."""
        last = self.last_instrument.get(session)
        if last is not None and r.random() < 0.5:
            return last
        s = self.sessions[session]
        s.instruments += 1
        inst = Instrument(session, s.instruments, "resolution" if r.random() < 0.7 else "decision",
                          topic)
        self.instruments.append(inst)
        self.last_instrument[session] = inst
        return inst

    def commit(self, body: Body) -> None:
        """Give the body its instruments, headings and paragraphs."""
        r = self.rng("commit", body.k)
        for m in body.meetings:
            m.session = _target_session(self.sessions, m.end)
        notes = {min(body.established + 1, SESSIONS)} | {m.session for m in body.meetings}
        if body.permanent is not None:
            notes.add(min(body.permanent + 1, SESSIONS))
        if body.pair_instrument is not None:
            notes.add(min(body.pair_instrument.session + 1, SESSIONS))
        for s in sorted(notes):
            self.sessions[s].headings += 1
            body.headings[s] = self.sessions[s].headings
        for m in body.meetings:
            m.heading = body.headings[m.session]
            self.sessions[m.session].paragraphs += 1
            m.paragraph = self.sessions[m.session].paragraphs
        body.est_instrument = self.instrument(body.established, r, body.topic)
        if not body.est_instrument.part:
            body.est_instrument.part = self.heading_part(body, body.established)
        if body.permanent is not None:
            body.change_instrument = self.instrument(body.permanent, r, body.topic)
            if not body.change_instrument.part:
                body.change_instrument.part = self.heading_part(body, body.permanent)
        if body.pair_instrument is not None:
            inst = self.instrument(body.pair_instrument.session, r, body.topic)
            if not inst.part:
                inst.part = self.heading_part(body, inst.session)
            body.pair_instrument = inst

    def heading_part(self, body: Body, session: int) -> str:
        """The heading about ``body`` in the note that follows ``session``."""
        s = min(session + 1, SESSIONS)
        return self.sessions[s].part("heading", body.headings[s])


# --------------------------------------------------------------------------- rendering

@dataclass
class _Mutations:
    meetings: dict[tuple[int, int], str] = field(default_factory=dict)  # (body k, ordinal) -> kind
    reports: dict[tuple[int, int], tuple[str, int]] = field(default_factory=dict)
    paragraphs: set[tuple[int, int]] = field(default_factory=set)  # (session, paragraph)
    status_changes: list[tuple[Body, Instrument]] = field(default_factory=list)
    statements: list[tuple[Body, Meeting, Body, Meeting, int]] = field(default_factory=list)


NO_MUTATIONS = _Mutations()


def _labels(s: str, en: str, fr: str | None) -> Iterator[str]:
    yield _line(s, LABEL, _lang(en, "en"))
    if fr is not None:
        yield _line(s, LABEL, _lang(fr, "fr"))


def _render_body(b: Body, sessions: dict[int, Session], mut: _Mutations) -> Iterator[str]:
    s = b.iri
    yield _line(s, A, _c(b.kind))
    yield from _labels(s, b.name_en, b.name_fr)
    yield _line(s, _c("bodyOf"), COP)
    if b.kind == "WorkingGroup":
        yield _line(s, _c("reportsTo"), COP)
    for m in b.members:
        yield _line(s, _c("membershipCharacter"), _c(m))
    if b.treaty:
        yield _line(s, _c("servesTreaty"), _id(f"treaty/{b.treaty}"))
    for session, h in sorted(b.headings.items()):
        note = sessions[session]
        part = note.part("heading", h)
        yield _line(s, _c("statedIn"), part)
        yield _line(part, A, _c("Heading"))
        yield from _labels(part, f"heading {h} of the note of {_date_en(note.note_date)} ({b.name_en})",
                           f"intertitre {h} de la note du {_date_fr(note.note_date)} ({b.name_fr})")
        yield _line(part, _c("partNumber"), _int(h))
        yield _line(part, _c("partOf"), note.note)
    # establishment and status change
    est = b.est_instrument
    p = f"{est.iri[:-1]}/provision/establish-{b.slug[5:]}>"
    yield _line(p, A, _c("Establishment"))
    yield from _labels(p, f"{est.kind} {est.label} establishes the {b.name_en}",
                       f"{'la résolution' if est.kind == 'resolution' else 'la décision'} "
                       f"{est.label} crée le {b.name_fr}")
    yield _line(p, _c("establishes"), s)
    yield _line(p, _c("inInstrument"), est.iri)
    if b.kind == "WorkingGroup":
        yield _line(p, _c("resultingStatus"), _c("Provisional"))
    yield _line(p, _c("statedIn"), est.part if est.part else "")
    if b.kind == "ExpertGroup":
        yield from _render_requests(b, sessions)
    if b.change_instrument is not None:
        yield from _status_change(b, b.change_instrument, _heading(b, sessions, b.permanent))
    for bb, inst in mut.status_changes:
        if bb is b:
            yield from _status_change(b, inst, inst.part)
    # meetings, reports, paragraphs
    for m in b.meetings:
        yield from _render_meeting(b, m, sessions, mut)
    if b.pair is not None:
        yield from _render_pair(b, sessions)
    for seq_body, seq, ref_body, ref, _number in mut.statements:
        if seq_body is b:
            yield from _statement(seq_body, seq, ref_body, ref, sessions, tag="error")


def _statement_of(line: str, part: str) -> Iterator[str]:
    """The rdf:Statement of the triple ``line`` (an N-Triples line), stated in ``part``."""
    st = f"<{statement_iri_of_line(line)}>"
    subject, predicate, obj = line[:-3].split(" ", 2)
    yield _line(st, A, f"<{RDF}Statement>")
    yield _line(st, f"<{RDF}subject>", subject)
    yield _line(st, f"<{RDF}predicate>", predicate)
    yield _line(st, f"<{RDF}object>", obj)
    yield _line(st, _c("statedIn"), part)


def _heading(b: Body, sessions: dict[int, Session], session: int) -> str:
    s = min(session + 1, SESSIONS)
    return sessions[s].part("heading", b.headings[s])


def _status_change(b: Body, inst: Instrument, part: str) -> Iterator[str]:
    p = f"{inst.iri[:-1]}/provision/{b.slug[5:]}-permanent>"
    yield _line(p, A, _c("StatusChange"))
    yield from _labels(p, f"{inst.kind} {inst.label} makes the {b.name_en} a permanent element",
                       f"{'la résolution' if inst.kind == 'resolution' else 'la décision'} "
                       f"{inst.label} fait du {b.name_fr} un élément permanent")
    yield _line(p, _c("changes"), b.iri)
    yield _line(p, _c("inInstrument"), inst.iri)
    yield _line(p, _c("resultingStatus"), _c("Permanent"))
    yield _line(p, _c("statedIn"), part)


def _render_requests(b: Body, sessions: dict[int, Session]) -> Iterator[str]:
    est = b.est_instrument
    part = est.part
    p = f"{est.iri[:-1]}/provision/convene-{b.slug[5:]}>"
    yield _line(p, A, _c("ConveningRequest"))
    yield from _labels(p, f"{est.kind} {est.label} requests UNODC to convene the {b.name_en}",
                       f"{'la résolution' if est.kind == 'resolution' else 'la décision'} "
                       f"{est.label} prie l'ONUDC de convoquer le {b.name_fr}")
    yield _line(p, _c("addressee"), UNODC)
    yield _line(p, _c("concernsBody"), b.iri)
    yield _line(p, _c("inInstrument"), est.iri)
    yield _line(p, _c("minimumMeetingCount"), _int(b.minimum_meetings))
    yield _line(p, _c("modality"), _c("WithinAvailableResources"))
    yield _line(p, _c("statedIn"), part)
    for slug, en, fr in (("study", f"prepare a study on {b.topic[0].lower()}",
                          f"établir une étude sur {b.topic[1]}"),
                         ("recommendations", "formulate recommendations to the Conference",
                          "formuler des recommandations à l'intention de la Conférence")):
        t = f"{p[:-1]}/task/{slug}>"
        yield _line(p, _c("task"), t)
        yield _line(t, A, _c("Task"))
        yield from _labels(t, en, fr)
        yield _line(t, _c("statedIn"), part)
    target = min(b.established + 1, SESSIONS)
    q = f"{est.iri[:-1]}/provision/submit-{b.slug[5:]}-results>"
    yield _line(q, A, _c("SubmissionRequest"))
    yield from _labels(q, f"{est.kind} {est.label} asks for the results of the {b.name_en} to be "
                          f"submitted to the {ordinal_en(target)} session",
                       f"{'la résolution' if est.kind == 'resolution' else 'la décision'} "
                       f"{est.label} demande que les résultats du {b.name_fr} soient soumis à la "
                       f"{ordinal_fr(target)} session")
    yield _line(q, _c("concernsBody"), b.iri)
    yield _line(q, _c("inInstrument"), est.iri)
    yield _line(q, _c("targetSession"), sessions[target].iri)
    yield _line(q, _c("statedIn"), part)


def _render_meeting(b: Body, m: Meeting, sessions: dict[int, Session], mut: _Mutations) -> Iterator[str]:
    note = sessions[m.session]
    s = b.meeting_iri(m.ordinal)
    kind = mut.meetings.get((b.k, m.ordinal))
    ordinal = m.ordinal
    if kind == "ordinal-order-low":
        ordinal = m.ordinal + 1
    elif kind == "ordinal-order-high":
        ordinal = m.ordinal - 1
    yield _line(s, A, _c("Meeting"))
    yield from _labels(s, f"{ordinal_en(m.ordinal)} meeting of the {b.name_en}",
                       f"{ordinal_fr(m.ordinal)} réunion du {b.name_fr}")
    yield _line(s, _c("meetingOf"), b.iri)
    yield _line(s, _c("ordinal"), _int(ordinal))
    yield _line(s, _c("startDate"), _date(m.start))
    if kind == "end-before-start":
        yield _line(s, _c("endDate"), _date(m.start - timedelta(days=1)))
    else:
        yield _line(s, _c("endDate"), _date(m.end))
    if kind == "two-end-dates":
        yield _line(s, _c("endDate"), _date(m.end + timedelta(days=1)))
    yield _line(s, _c("place"), VIENNA)
    held = m.start < note.note_date
    yield _line(s, _c("meetingStatus"), _c("Held" if held else "Planned"))
    para = note.part("para", m.paragraph)
    if kind != "missing-provenance":
        yield _line(s, _c("statedIn"), note.part("heading", m.heading))
        yield _line(s, _c("statedIn"), para)
        # per-statement provenance (ontology/README.md), here for the meeting's ordinal only
        yield from _statement_of(_line(s, _c("ordinal"), _int(ordinal)), para)
    # the report
    rkind, extra = mut.reports.get((b.k, m.ordinal), (None, 0))
    if rkind == "report-symbol":
        symbol = b.symbol(m, number=f"0{m.symbol_number}")
    elif rkind == "symbol-year":
        symbol = b.symbol(m, year=m.start.year - 1, number=str(90 + extra))
    else:
        symbol = b.symbol(m)
    r = _id(_symbol_slug(symbol))
    yield _line(r, A, _c("Report"))
    yield from _labels(r, f"report on the {ordinal_en(m.ordinal)} meeting of the {b.name_en} ({symbol})",
                       f"rapport sur la {ordinal_fr(m.ordinal)} réunion du {b.name_fr} ({symbol})")
    yield _line(r, _c("reportsOn"), s)
    yield _line(r, _c("symbol"), _str(symbol))
    session = sessions[extra].iri if rkind == "session-before-meeting" else note.iri
    yield _line(r, _c("submittedTo"), session)
    if rkind == "wrong-class":
        yield _line(r, _c("submittedPursuantTo"), b.iri)
    elif b.pursuant:
        yield _line(r, _c("submittedPursuantTo"), b.est_instrument.iri)
    yield _line(r, _c("coversAgendaItem"), _id(f"{_agenda_slug(note)}/item/2"))
    yield _line(r, _c("statedIn"), para)
    yield _line(para, A, _c("Paragraph"))
    fr = None if (m.session, m.paragraph) in mut.paragraphs else \
        f"paragraphe {m.paragraph} de la note du {_date_fr(note.note_date)}"
    yield from _labels(para, f"paragraph {m.paragraph} of the note of {_date_en(note.note_date)}", fr)
    yield _line(para, _c("partNumber"), _int(m.paragraph))
    yield _line(para, _c("partOf"), note.note)


def _render_pair(b: Body, sessions: dict[int, Session]) -> Iterator[str]:
    a = b.pair
    inst = b.pair_instrument
    p = f"{inst.iri[:-1]}/provision/back-to-back-{a.k}-{b.k}>"
    yield _line(p, A, _c("Encouragement"))
    yield from _labels(p, f"{inst.kind} {inst.label} encourages the {a.name_en} and the {b.name_en} "
                          "to meet annually and back to back",
                       f"{'la résolution' if inst.kind == 'resolution' else 'la décision'} "
                       f"{inst.label} encourage le {a.name_fr} et le {b.name_fr} à se réunir "
                       "chaque année et de façon consécutive")
    yield _line(p, _c("concernsBody"), a.iri)
    yield _line(p, _c("concernsBody"), b.iri)
    yield _line(p, _c("inInstrument"), inst.iri)
    yield _line(p, _c("modality"), _c("Annually"))
    yield _line(p, _c("modality"), _c("BackToBack"))
    yield _line(p, _c("purpose"), _c("EfficientUseOfResources"))
    yield _line(p, _c("statedIn"), _heading(b, sessions, inst.session))
    second = b.meetings[b.pair_statement - 1]
    first = next(m for m in a.meetings if m.start.year == second.start.year)
    yield from _statement(b, second, a, first, sessions, tag="sequence")


def _statement(seq_body: Body, seq: Meeting, ref_body: Body, ref: Meeting,
               sessions: dict[int, Session], tag: str) -> Iterator[str]:
    """``seq`` (of seq_body) comes immediately after ``ref`` (of ref_body); stated in the
    paragraph of ``ref``'s report."""
    note = sessions[ref.session]
    s = _id(f"{note.note_slug}/statement/{tag}-{seq_body.k}-{seq.ordinal}-{ref_body.k}-{ref.ordinal}")
    yield _line(s, A, _c("SequencingStatement"))
    yield from _labels(
        s, f"paragraph {ref.paragraph}: the {ordinal_en(seq.ordinal)} meeting of the {seq_body.name_en} "
           f"comes immediately after the {ordinal_en(ref.ordinal)} meeting of the {ref_body.name_en}",
        f"paragraphe {ref.paragraph} : la {ordinal_fr(seq.ordinal)} réunion du {seq_body.name_fr} "
        f"se tient immédiatement après la {ordinal_fr(ref.ordinal)} réunion du {ref_body.name_fr}")
    yield _line(s, _c("sequencedMeeting"), seq_body.meeting_iri(seq.ordinal))
    yield _line(s, _c("sequenceRelation"), _c("ImmediatelyAfter"))
    yield _line(s, _c("referenceMeeting"), ref_body.meeting_iri(ref.ordinal))
    yield _line(s, _c("statedIn"), note.part("para", ref.paragraph))


def _render_instrument(inst: Instrument) -> Iterator[str]:
    s = inst.iri
    yield _line(s, A, _c("Resolution" if inst.kind == "resolution" else "Decision"))
    fr_kind = "résolution" if inst.kind == "resolution" else "décision"
    yield from _labels(s, f"{inst.kind} {inst.label}", f"{fr_kind} {inst.label}")
    yield _line(s, _c("adoptedBy"), COP)
    yield _line(s, _c("instrumentNumber"), _str(inst.label))
    yield _line(s, _c("subject"), _lang(f"work of the Conference on {inst.topic[0].lower()}", "en"))
    yield _line(s, _c("subject"), _lang(f"travaux de la Conférence sur {inst.topic[1]}", "fr"))
    yield _line(s, _c("statedIn"), inst.part)


def _agenda_slug(s: Session) -> str:
    return f"doc/ctoc-cop-{s.year}-1"


def _render_session(s: Session) -> Iterator[str]:
    n = s.number
    yield _line(s.iri, A, _c("Session"))
    yield from _labels(s.iri, f"{ordinal_en(n)} session of the Conference of the Parties",
                       f"{ordinal_fr(n)} session de la Conférence des Parties")
    yield _line(s.iri, _c("sessionNumber"), _int(n))
    yield _line(s.iri, _c("sessionOf"), COP)
    yield _line(s.iri, _c("startDate"), _date(s.start))
    yield _line(s.iri, _c("endDate"), _date(s.end))
    yield _line(s.iri, _c("place"), VIENNA)
    header = s.part("header")
    title = s.part("title")
    yield _line(s.iri, _c("statedIn"), header)
    # provisional agenda and its items
    agenda = _id(_agenda_slug(s))
    symbol = f"CTOC/COP/{s.year}/1"
    yield _line(agenda, A, _c("ProvisionalAgenda"))
    yield from _labels(agenda, f"provisional agenda of the {ordinal_en(n)} session ({symbol})",
                       f"ordre du jour provisoire de la {ordinal_fr(n)} session ({symbol})")
    yield _line(agenda, _c("forSession"), s.iri)
    yield _line(agenda, _c("symbol"), _str(symbol))
    items = ((1, "Organizational matters", "Questions d'organisation"),
             (2, "Reports of the subsidiary bodies", "Rapports des organes subsidiaires"))
    for number, en, fr in items:
        item = _id(f"{_agenda_slug(s)}/item/{number}")
        yield _line(item, A, _c("AgendaItem"))
        yield from _labels(item, f"agenda item {number} of the {ordinal_en(n)} session",
                           f"point {number} de l'ordre du jour de la {ordinal_fr(n)} session")
        yield _line(item, _c("itemNumber"), _int(number))
        yield _line(item, _c("itemOf"), agenda)
        yield _line(item, _c("title"), _lang(en, "en"))
        yield _line(item, _c("title"), _lang(fr, "fr"))
        yield _line(item, _c("statedIn"), header)
    # the note on the reports of the subsidiary bodies
    note = s.note
    d = s.note_date
    yield _line(note, A, _c("SecretariatNote"))
    yield from _labels(note, f"Note by the Secretariat of {_date_en(d)} on the reports on the "
                             "meetings of the subsidiary bodies",
                       f"Note du Secrétariat du {_date_fr(d)} sur les rapports sur les réunions "
                       "des organes subsidiaires")
    yield _line(note, _c("author"), SECRETARIAT)
    yield _line(note, _c("distribution"), _c("GeneralDistribution"))
    yield _line(note, _c("documentDate"), _date(d))
    yield _line(note, _c("forSession"), s.iri)
    yield _line(note, _c("originalLanguage"), LANG_EN)
    yield _line(note, _c("symbol"), _str(f"CTOC/COP/{s.year}/2"))
    yield _line(note, _c("title"), _lang("Reports on the meetings of the subsidiary bodies", "en"))
    yield _line(note, _c("title"), _lang("Rapports sur les réunions des organes subsidiaires", "fr"))
    yield _line(note, _c("coversAgendaItem"), _id(f"{_agenda_slug(s)}/item/2"))
    yield _line(note, _c("unconfirmedEnglish"), _c("title"))  # invented, like every name here
    yield _line(note, _c("statedIn"), header)
    yield _line(note, _c("statedIn"), title)
    # its English version (the work/version model of ontology/README.md)
    version = f"{note[:-1]}/en>"
    yield _line(version, A, _c("LanguageVersion"))
    yield from _labels(version, f"English version of the Note by the Secretariat of {_date_en(d)}",
                       f"version anglaise de la Note du Secrétariat du {_date_fr(d)}")
    yield _line(version, _c("versionOf"), note)
    yield _line(version, _c("language"), LANG_EN)
    yield _line(version, _c("distributionDate"), _date(d))
    yield _line(version, _c("title"), _lang("Reports on the meetings of the subsidiary bodies", "en"))
    yield _line(version, _c("statedIn"), header)
    yield _line(version, _c("statedIn"), title)
    for part, kind, en, fr in ((header, "HeaderBlock", "header block", "bloc d'en-tête"),
                               (title, "TitleBlock", "title block", "bloc de titre")):
        yield _line(part, A, _c(kind))
        yield from _labels(part, f"{en} of the note of {_date_en(d)}", f"{fr} de la note du {_date_fr(d)}")
        yield _line(part, _c("partOf"), note)


def _shared() -> list[str]:
    """The shared entities the corpus refers to, from the shipped graph/shared.ttl."""
    import pyoxigraph as ox

    from ctoc_kg import resources

    keep = {ONTOLOGY_NS + c for c in ("Conference", "Convention", "Protocol", "Place", "UNEntity")}
    keep.add(DCTERMS + "LinguisticSystem")
    path = resources.data_root() / "graph" / "shared.ttl"
    triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    chosen = {t.subject for t in triples if t.predicate.value == RDF_TYPE and t.object.value in keep}
    out = [f"{t.subject} {t.predicate} {t.object} .\n" for t in triples
           if t.subject in chosen and not t.predicate.value.endswith("statedIn")]
    return sorted(out)


def _describe(seed: int, requested: int, dataset: str) -> Iterator[str]:
    yield _line(dataset, A, _iri(DCAT_DATASET))
    yield _line(dataset, _iri(DCTERMS + "title"),
                _lang(f"Synthetic ctoc-kg corpus (seed {seed}, about {requested} triples)", "en"))
    yield _line(dataset, _iri(DCTERMS + "title"),
                _lang(f"Corpus synthétique ctoc-kg (graine {seed}, environ {requested} triplets)", "fr"))
    yield _line(dataset, _iri(DCTERMS + "description"), _lang(
        "Generated by `ctoc-kg generate` for benchmarks and tests. Every fact in it is invented: "
        "the bodies, their topics, meetings, dates, reports, symbols, instruments and notes do "
        "not exist. Only the Conference, the Convention and its Protocols, Vienna, the "
        "Secretariat, UNODC and the languages are real.", "en"))
    yield _line(dataset, _iri(DCTERMS + "description"), _lang(
        "Produit par `ctoc-kg generate` pour les mesures de performance et les tests. Tous les "
        "faits sont inventés : les organes, leurs thèmes, réunions, dates, rapports, cotes, "
        "instruments et notes n'existent pas. Seuls la Conférence, la Convention et ses "
        "Protocoles, Vienne, le Secrétariat, l'ONUDC et les langues sont réels.", "fr"))


HEADER = """\
# Synthetic ctoc-kg corpus: ctoc-kg generate --triples {requested} --seed {seed}{errors}
# EVERY FACT IN THIS FILE IS INVENTED (bodies, topics, meetings, dates, reports, symbols,
# instruments, notes), for benchmarks and tests only. Do not cite it; do not load it
# beside the real graph. Seeded errors: {seeded}.
"""


# --------------------------------------------------------------------------- errors

def _choose_errors(planner: _Planner, bodies: list[Body], errors: dict[str, int],
                   seed: int) -> _Mutations:
    mut = _Mutations()
    if not any(errors.values()):
        return mut
    r = random.Random(f"ctoc-kg-generate:{seed}:errors")
    paired = {b.k for b in bodies if b.pair is not None} | {b.pair.k for b in bodies if b.pair}
    free = [(b, m) for b in bodies if b.k not in paired for m in b.meetings]
    r.shuffle(free)
    used: set[tuple[int, int]] = set()

    def take(kind: str, n: int, ok=lambda b, m: True) -> list[tuple[Body, Meeting]]:
        got = []
        for b, m in free:
            if len(got) == n:
                break
            if (b.k, m.ordinal) not in used and ok(b, m):
                got.append((b, m))
                used.add((b.k, m.ordinal))
        if len(got) < n:
            raise CtocError(f"cannot seed {n} errors of kind {kind}: the corpus has room for "
                            f"{len(got)}; ask for more triples")
        return got

    for kind in ("end-before-start", "two-end-dates", "missing-provenance"):
        for b, m in take(kind, errors.get(kind, 0)):
            mut.meetings[(b.k, m.ordinal)] = kind
    for kind in ("report-symbol", "symbol-year", "wrong-class"):
        for j, (b, m) in enumerate(take(kind, errors.get(kind, 0))):
            mut.reports[(b.k, m.ordinal)] = (kind, j)
    for b, m in take("session-before-meeting", errors.get("session-before-meeting", 0)):
        before = max(s for s, sess in planner.sessions.items() if sess.start <= m.end)
        mut.reports[(b.k, m.ordinal)] = ("session-before-meeting", before)
    n = errors.get("missing-french-label", 0)
    for b, m in take("missing-french-label", n):
        mut.paragraphs.add((m.session, m.paragraph))
    n = errors.get("ordinal-order", 0)
    if n:
        pairs = []
        for b, m in free:
            if len(pairs) == n:
                break
            nxt = (b.k, m.ordinal + 1)
            if (b.k, m.ordinal) in used or m.ordinal == len(b.meetings) or nxt in used:
                continue
            used.update({(b.k, m.ordinal), nxt})
            pairs.append((b, m))
        if len(pairs) < n:
            raise CtocError(f"cannot seed {n} errors of kind ordinal-order: the corpus has room "
                            f"for {len(pairs)}; ask for more triples")
        for b, m in pairs:
            mut.meetings[(b.k, m.ordinal)] = "ordinal-order-low"
            mut.meetings[(b.k, m.ordinal + 1)] = "ordinal-order-high"
    n = errors.get("status-before-establishment", 0)
    if n:
        eligible = [b for b in bodies if b.established >= 2]
        r.shuffle(eligible)
        if len(eligible) < n:
            raise CtocError(f"cannot seed {n} errors of kind status-before-establishment: the "
                            f"corpus has room for {len(eligible)}; ask for more triples")
        for b in sorted(eligible[:n], key=lambda b: b.k):
            session = 1 + r.randrange(b.established - 1)
            planner.sessions[session].instruments += 1
            inst = Instrument(session, planner.sessions[session].instruments, "resolution", b.topic,
                              part=_heading_of(planner, b, b.established))
            planner.instruments.append(inst)
            mut.status_changes.append((b, inst))
    n = errors.get("dates-disagree", 0)
    if n:
        # a meeting is said to come immediately after one that ends later
        for i in range(n):
            (b1, m1), = take("dates-disagree", 1)
            (b2, m2), = take("dates-disagree", 1, lambda b, m: m.end > m1.start or m1.end > m.start)
            if not m1.start < m2.end:
                (b1, m1), (b2, m2) = (b2, m2), (b1, m1)
            mut.statements.append((b1, m1, b2, m2, i))
    return mut


def _heading_of(planner: _Planner, b: Body, session: int) -> str:
    s = min(session + 1, SESSIONS)
    return planner.sessions[s].part("heading", b.headings[s])


# --------------------------------------------------------------------------- generate

def generate(path: str | PathLike[str], triples: int, seed: int = 0,
             errors: dict[str, int] | None = None) -> Corpus:
    """Write a synthetic corpus of about ``triples`` triples to ``path`` (format from
    the extension: ``FORMATS``), atomically.  See the module docstring."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise CtocError(f"{path}: unknown output format {path.suffix!r} (one of {' '.join(FORMATS)})")
    if triples < MIN_TRIPLES:
        raise CtocError(f"--triples must be at least {MIN_TRIPLES} (the sessions, notes and "
                        "agendas alone take about 1,000)")
    errors = {k: v for k, v in (errors or {}).items() if v}
    for k in errors:
        if k not in ERROR_KINDS:
            raise CtocError(f"unknown error kind {k!r} (known: {', '.join(ERROR_KINDS)})")
    if not path.parent.is_dir():
        raise CtocError(f"{path}: the folder {path.parent} does not exist")

    planner = _Planner(seed)
    shared = _shared()
    dataset = _id(f"dataset/synthetic-{seed}-{triples}")
    fixed = (len(shared) + sum(1 for _ in _describe(seed, triples, dataset))
             + sum(sum(1 for _ in _render_session(s)) for s in planner.sessions.values()))
    # room for the errors' extra triples (a status change and its instrument, a statement)
    reserve = 16 * errors.get("status-before-establishment", 0) + 8 * errors.get("dates-disagree", 0)
    budget = triples - fixed - reserve
    bodies: list[Body] = []
    total = 0
    instrument_lines = _count(_render_instrument(Instrument(1, 1, "resolution", TOPICS[0])))
    k = 0
    while True:
        k += 1
        body = planner.body(k, bodies[-1] if bodies else None)
        known = len(planner.instruments)
        planner_state = _snapshot(planner)
        planner.commit(body)
        size = _count(_render_body(body, planner.sessions, NO_MUTATIONS)) \
            + instrument_lines * (len(planner.instruments) - known)
        if total + size > budget:
            _restore(planner, planner_state, known)
            # the last body: as many meetings as still fit
            while body.meetings and body.pair is None:
                body.meetings.pop()
                body.headings.clear()
                planner.commit(body)
                size = _count(_render_body(body, planner.sessions, NO_MUTATIONS)) \
                    + instrument_lines * (len(planner.instruments) - known)
                if total + size <= budget:
                    bodies.append(body)
                    total += size
                    break
                _restore(planner, planner_state, known)
            break
        bodies.append(body)
        total += size
    if not bodies:
        raise CtocError(f"--triples {triples} leaves no room for a body; ask for more")

    mut = _choose_errors(planner, bodies, errors, seed)
    seeded = ", ".join(f"{k}={v}" for k, v in sorted(errors.items())) or "none"
    header = HEADER.format(requested=triples, seed=seed, seeded=seeded,
                           errors=f" --errors {seeded}" if errors else "")

    def lines() -> Iterator[str]:
        yield from _describe(seed, triples, dataset)
        yield from shared
        for s in planner.sessions.values():
            yield from _render_session(s)
        for inst in planner.instruments:
            yield from _render_instrument(inst)
        for b in bodies:
            yield from _render_body(b, planner.sessions, mut)

    written = _write(path, suffix, header, lines())
    meetings = sum(len(b.meetings) for b in bodies)
    sample = _sample(bodies, planner)
    return Corpus(path=path, triples=written, seed=seed, requested=triples, bodies=len(bodies),
                  meetings=meetings, reports=meetings, instruments=len(planner.instruments),
                  sessions=len(planner.sessions), errors=dict(errors), sample=sample)


def _snapshot(planner: _Planner) -> dict:
    return {"sessions": {n: (s.headings, s.paragraphs, s.instruments) for n, s in planner.sessions.items()},
            "last": dict(planner.last_instrument),
            "parts": {id(i): i.part for i in planner.instruments}}


def _restore(planner: _Planner, snap: dict, known: int) -> None:
    for n, (h, p, i) in snap["sessions"].items():
        s = planner.sessions[n]
        s.headings, s.paragraphs, s.instruments = h, p, i
    planner.last_instrument = dict(snap["last"])
    del planner.instruments[known:]
    for inst in planner.instruments:
        inst.part = snap["parts"][id(inst)]


def _count(lines: Iterable[str]) -> int:
    return sum(1 for _ in lines)


def _sample(bodies: list[Body], planner: _Planner) -> dict[str, str]:
    """Parameter values of the shipped queries that have answers in the corpus."""
    body = max(bodies, key=lambda b: (len(b.meetings), -b.k))
    expert = next((b for b in bodies if b.kind == "ExpertGroup"), None)
    session = max(planner.sessions.values(), key=lambda s: s.paragraphs)
    out = {
        "body": body.slug[len("body/"):],
        "instrument": body.est_instrument.label,
        "session": str(session.number),
        "note": session.note_slug,
        "entity": body.slug,
        "from": f"{session.year}-07-01",
        "to": session.end.isoformat(),
    }
    first = body.meetings[0]
    out["part"] = f"{planner.sessions[first.session].note_slug}/para/{first.paragraph}"
    out["subject"] = body.meeting_iri(first.ordinal)[len(ID_NS) + 1:-1]
    out["property"] = "ctoc:ordinal"
    out["value"] = str(first.ordinal)
    if expert is not None:
        out["request-instrument"] = expert.est_instrument.label
    return out


def _write(path: Path, suffix: str, header: str, lines: Iterator[str]) -> int:
    """Write atomically (``files.atomic_file``); return the number of triples."""
    count = 0
    with atomic_file(path) as f:
        if suffix in (".nt", ".nq"):
            f.write(header.encode("utf-8"))
            buf: list[str] = []
            for line in lines:
                buf.append(line)
                count += 1
                if len(buf) >= 10000:
                    f.write("".join(buf).encode("utf-8"))
                    buf.clear()
            f.write("".join(buf).encode("utf-8"))
        else:
            count = _write_other(f, suffix, header, lines)
    return count


def _write_other(f, suffix: str, header: str, lines: Iterator[str]) -> int:
    import pyoxigraph as ox

    from ctoc_kg.dataset import FORMATS as READ_FORMATS

    data = "".join(lines).encode("utf-8")
    triples = list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
    fmt = READ_FORMATS[suffix]
    prefixes = {"ctoc": ONTOLOGY_NS, "rdfs": RDFS, "xsd": XSD, "dcterms": DCTERMS}
    if suffix in (".ttl", ".trig"):
        f.write(header.encode("utf-8"))
    if fmt in (ox.RdfFormat.JSON_LD,):
        ox.serialize(triples, f, format=fmt)
    else:
        ox.serialize(triples, f, format=fmt, prefixes=prefixes)
    return len(triples)
