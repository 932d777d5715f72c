"""The fact rules of the genre: what a Secretariat note on the subsidiary bodies says,
in French or English, read clause by clause.

Each rule looks for the parts of a statement (a body, an instrument, a meeting named
by its ordinal, dates, a tense, report symbols, a sequencing phrase), not for one
sentence's wording; the words that mark each thing (verbs of creation, tenses of
"to hold", "respectively", "immediately after" …) are listed once, per language, in
``MARKERS``.  Nothing is produced that the text does not state: a date needs its year,
a meeting its ordinal, a report its symbol.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ctoc_kg.namespaces import ID_NS
from ctoc_kg.extract import facts as F
from ctoc_kg.extract.facts import Fact, NewEntity
from ctoc_kg.extract.link import Linker, Mention, slug, symbol_slug
from ctoc_kg.extract.numbers import DateMention, find_dates, find_ordinals, find_yearless, fold, in_year
from ctoc_kg.extract.segment import BODY_KINDS, FOOTNOTE, HEADER, HEADING, PARAGRAPH, TITLE, Part, Span, clauses, sentences

# Marker phrases, matched on folded text (lower case, no accents).
MARKERS = {
    # tense of a meeting verb (folded text). Planned: a future, a modal or "is to/expected/scheduled"
    # + any meeting verb; held: a past, a passive, a perfect or a participle after a comma
    # (an adverb may stand in between: "was also held", "a également été tenue")
    "planned": r"\b(?:will|shall|would)(?:\s*,[^,;.]{1,40},)?\s+(?:[a-z]+\s+){0,2}?(?:be\s+)?(?:hold|held|meet|convene|convened|take\s+place|organi[sz]ed?"
               r"|reconvened?|conducted?|gather)\b"
               r"|\b(?:is|are)\s+(?:(?:also|now|currently|tentatively|provisionally|again)\s+)?(?:expected|scheduled|due|planned|set"
               r"|envisaged|foreseen|proposed|to\s+(?:be\s+)?(?:hold|held|meet|convened?|take\s+place|organi[sz]ed?|reconvened?))\b"
               r"|\b(?:scheduled|planned|envisaged)\s+(?:for|to)\b|\b(?:upcoming|forthcoming)\b"
               r"|\b(?:se\s+)?tiendr(?:a|ont)\b|\bse\s+reunir(?:a|ont)\b|\baur(?:a|ont)\s+lieu\b|\bse\s+deroul(?:era|eront)\b"
               r"|\bser(?:a|ont)\s+(?:[a-z]+\s+)?(?:convoquee?s?|organisee?s?|tenue?s?|reunie?s?)\b"
               r"|\b(?:devr(?:ait|aient|a|ont)|doi(?:t|vent)|(?:est|sont)\s+(?:censee?s?|appelee?s?))\s+(?:[a-z']+\s+){0,2}?"
               r"(?:se\s+tenir|tenir|se\s+reunir|reunir|avoir\s+lieu|etre\s+(?:[a-z]+\s+)?(?:convoquee?s?|organisee?s?|tenue?s?)"
               r"|se\s+derouler|convoquer)\b"
               r"|\b(?:est|sont)\s+(?:[a-z]+\s+)?prevue?s?\b|\bprevue?s?\s+(?:pour|le|les|du|en|a|au|les)\b|\bprevoi(?:t|ent)\s+de\s+tenir\b"
               r"|\b(?:prochaine?s?)\s+reunions?\b",
    "held": r"\b(?:a|ont|avait|avaient)\s+(?:[a-z]+\s+)?(?:tenu|eu\s+lieu)\b|\bs'est\s+(?:[a-z]+\s+)?(?:tenue?|reunie?|deroulee?)\b"
            r"|\bse\s+sont\s+(?:[a-z]+\s+)?(?:tenue?s|reuni(?:e)?s|deroulee?s)\b|\bs'etai(?:t|ent)\s+(?:tenue?s?|reunie?s?|deroulee?s?)\b"
            r"|\b(?:a|ont|avait|avaient)\s+(?:[a-z]+\s+)?ete\s+(?:[a-z]+\s+)?(?:tenue?s?|convoquee?s?|organisee?s?|reunie?s?)\b"
            r"|,\s+(?:tenue?s?|convoquee?s?|organisee?s?)\s+(?:[a-z]+\s+)?(?:a|le|les|du|en|au)\b"
            r"|,\s+(?:held|convened|organi[sz]ed|hosted)\s+(?:[a-z]+\s+)?(?:in|on|at|from|between|by)\b"
            r"|\b(?:was|were)\s+(?:[a-z]+\s+)?(?:held|convened|organi[sz]ed|conducted|hosted)\b"
            r"|\b(?:has|have|had)\s+(?:[a-z]+\s+)?(?:held|met|convened|taken\s+place|been\s+(?:held|convened|organi[sz]ed))\b"
            r"|\bheld\s+(?:its|their)\b|\b(?:convened|reconvened|gathered)\s+(?:its|their|for|in|on|at|from|between)\b|\bmet\b"
            r"|\btook\s+place\b",
    # verbs that create a body, and verbs that change its status ("became", "made it", "a fait")
    "create": r"\bcreee?s?\b|\bcreer\b|\bd'etablir\b|\binstituer\b|\binstituee?s?\b|\bestablish\b|\ba\s+institue?\b"
              r"|\bmise?\s+en\s+place\b(?!\s+du)|\bestablished\b|\bset\s+up\b|\bcreated\b|\bconstitue\b",
    "change": r"\bbec(?:a|o)me?s?\b|\bbecoming\b|\bmade\b|\bmakes?\b|\bconverted\b|\bturned\b|\btransformed\b|\bshould\s+be\b"
              r"|\bdevenue?s?\b|\bdevien(?:t|nent)\b|\bdeviendr(?:a|ait|aient|ont)\b|\ba\s+fait\b|\bfait\s+de\b"
              r"|\brendue?s?\b|\btransformee?s?\b|\bconvertie?s?\b|\bwould\s+be\b|\bshall\s+be\b|\bconstituerai(?:t|ent)\b"
              r"|\bserai(?:t|ent)\b|\bis\s+now\b|\b(?:has|have)\s+been\b|\best\s+(?:desormais|depuis)\b",
    "permanent": r"elements?\s+permanents?|\bpermanent\s+elements?\b|\bconstant\s+elements?\b|\bpermanent\s+(?:body|organ|basis|status)\b"
                 r"|\b(?:made|make|makes|rendered|become|became|is\s+now|was\s+made)\s+(?:it\s+|them\s+)?permanent\b"
                 r"|\bstatut\s+permanent\b"
                 r"|\btitre\s+permanent\b|\brendue?s?\s+permanente?s?\b|\bdevenue?s?\s+permanente?s?\b",
    "provisional": r"\bprovisoires?\b|\bprovisional\b|\binterim\b|\btemporaire\b|\btemporary\b",
    "decide": r"\bdecide\b|\bdecided\b|\ba\s+decide\b",
    "open-ended": r"composition\s+non\s+limitee|\bopen-ended\b|\bopen\s+ended\b",
    "intergovernmental": r"\bintergouvernementale?\b|\bintergovernmental\b",
    "government-experts": r"experts\s+gouvernementaux|government\s+experts",
    "report": r"\brapports?\b|\breports?\b",
    "respectively": r"\brespectivement\b|\brespectively\b",
    "this-meeting": r"\b(?:cette|ladite)\s+reunion\b|\b(?:this|that|the)\s+meeting\b|\bsa\s+reunion\b|\bits\s+meeting\b",
    "these-meetings": r"\b(?:ces|lesdites|les\s+deux|deux)\s+reunions\b|\b(?:these|those|both|the\s+two|the)\s+meetings\b",
    "submit": r"\bpresentes?\b|\bpresentee?s?\b|\bsoumise?s?\b|\bsubmitted\b|\bpresented\b|\bbefore\s+the\s+conference\b|\bsaisie?\b|\btransmise?s?\b",
    "pursuant": r"\bconformement\b|\ben\s+application\b|\bpursuant\b|\bin\s+accordance\b|\bcomme\s+suite\b|\bunder\b|\bas\s+requested\b|\bcomme\s+demande\b",
    "after": r"\b(?:immediately|directly|right)\s+(?:afterwards?|thereafter)\b|\bimmediately\s+(?:followed|follows|follow)\b(?!\s+by)|\bimmediately\s+preceded\s+by\b|\b(?:a|avait)\s+immediatement\s+suivi\b|\bsuivr?(?:a|ait)\s+immediatement\b|\b(?:immediatement|juste|aussitot|directement)\s+apres\b|\ba\s+la\s+suite\s+immediate\b|\bimmediately\s+(?:after|following)\b|\bright\s+after\b|\bdirectly\s+after\b|\bjust\s+after\b",
    "before": r"\bimmediately\s+(?:preceded|precedes|precede)\b(?!\s+by)|\bimmediately\s+followed\s+by\b|\b(?:a|avait)\s+immediatement\s+precede\b|\b(?:immediatement|juste|directement)\s+avant\b|\bimmediately\s+(?:before|preceding)\b|\bright\s+before\b|\bjust\s+before\b|\bdirectly\s+before\b",
    "meeting-word": r"reunions?\b|meetings?\b|sessions?\b",
    "reports-to": r"lui\s+communiquant\s+ses\s+rapports|lui\s+faisant\s+rapport|faisant\s+rapport\s+a\s+la\s+conference|reporting\s+to\s+(?:it|the\s+conference)|report\s+to\s+(?:it|the\s+conference)|submitting\s+its\s+reports",
    "serves": r"en\s+ce\s+qui\s+concerne\s+(?:le|la|les)\s+protocol|with\s+regard\s+to\s+the\s+protocol|concerning\s+the\s+protocol|in\s+relation\s+to\s+the\s+protocol|relating\s+to\s+the\s+protocol|au\s+titre\s+du\s+protocol|under\s+the\s+protocol",
    "encourage": r"\bencourage\b|\bencouraged\b|\ba\s+(?:notamment\s+)?encourage\b",
    "annually": r"chaque\s+annee|\bannuellement\b|\bannually\b|\bevery\s+year\b|\beach\s+year\b",
    "as-needed": r"s'il\s+y\s+(?:avait|a)\s+lieu|selon\s+que\s+de\s+besoin|\bas\s+appropriate\b|\bas\s+needed\b|\bwhere\s+appropriate\b|\bif\s+appropriate\b",
    "back-to-back": r"s'enchainent|consecutives?|back[\s-]to[\s-]back|consecutively|successives?",
    "efficient": r"utilisation\s+efficace\s+des\s+ressources|efficient\s+use\s+of\s+(?:the\s+)?resources",
    "reaffirm": r"\breaffirme\b|\breaffirmed\b",
    "all-subsequent": r"toutes\s+les\s+resolutions\s+qu'elle\s+a\s+adoptees\s+par\s+la\s+suite|all\s+(?:its\s+)?subsequent\s+resolutions|toutes\s+ses\s+resolutions\s+ulterieures",
    "request": r"\ba\s+prie\b|\bprie\b|\brequested\b|\bdemande\b|\bdemandait\b",
    "convene": r"\bconvoquer\b|\bconvene\b",
    "within-resources": r"dans\s+la\s+limite\s+des\s+ressources\s+disponibles|within\s+(?:existing|available)\s+resources|dans\s+la\s+limite\s+des\s+ressources\s+existantes",
    "at-least-one": r"au\s+moins\s+une\s+reunion|at\s+least\s+one\s+meeting",
    "results-submitted": r"resultats?\b[^.;]{0,120}\b(?:soumis|presentes|submitted|presented)|(?:submit|soumettre)[^.;]{0,60}\bresults?\b",
    "adopt-procedures": r"adopte\b[^.;]{0,80}\bprocedures\s+et\s+regles|adopted\b[^.;]{0,80}\bprocedures\s+and\s+rules",
    "subject-to": r"sous\s+reserve\s+des\s+dispositions|subject\s+to\s+the\s+provisions",
    "preparatory-phase": r"phase\s+preparatoire|preparatory\s+phase",
    "launch": r"\blancer\b|\blaunch\b|\blaunched\b",
    "conference": r"\bconference\b",
}
_RX = {k: re.compile(v) for k, v in MARKERS.items()}

SYMBOL = re.compile(r"\b[A-Z][A-Z0-9]*(?:\.[0-9]+)?(?:/[A-Z0-9][A-Za-z0-9.\-]*){2,}")


def find(kind: str, folded: str, start: int = 0, end: int | None = None) -> list[re.Match[str]]:
    return list(_RX[kind].finditer(folded, start, len(folded) if end is None else end))


def symbols(text: str, offset: int = 0) -> list[tuple[int, int, str]]:
    out = []
    for m in SYMBOL.finditer(text):
        sym = m.group(0).rstrip(".")
        if re.search(r"\d", sym):
            out.append((offset + m.start(), offset + m.start() + len(sym), sym))
    return out


def own_symbol(line: str) -> str | None:
    """The document's own symbol on a header line: the line is the symbol alone, or the
    organisation's name and the symbol ("United Nations   CTOC/COP/2022/3", "Nations Unies
    CTOC/COP/2022/3": the official two-column header as converted, one line)."""
    words = line.split()
    found = symbols(line)
    if not words or len(found) != 1 or len(words) > 8:
        return None
    sym = found[0][2]
    if words[-1].rstrip(".") == sym or words[0] == sym:
        rest = [w for w in words if w.rstrip(".") != sym]
        if not any(re.search(r"\d", w) for w in rest) and not re.search(
                r"\b(?:distr|original|item|point|agenda|ordre|session)", fold(" ".join(rest))):
            return sym
    return None


@dataclass
class MeetingRef:
    start: int          # offset in the document
    end: int
    body: str | None
    ordinal: int
    iri: str | None = None
    generic_body: bool = False
    reference: bool = False   # named as the reference of "immediately after …"
    status: str | None = None
    group: int | None = None  # coordinated ordinals before one plural noun
    complement: bool = False  # named in a complement ("following the 11th meeting"): not the clause's subject
    tail: int = 0             # where its name ends, with the body after it ("… meeting of the Working Group on X")
    part_of: bool = False     # "the second day of the 12th meeting": the clause's dates are the day's, not the meeting's
    elliptic: bool = False    # an ordinal standing for "<ordinal> meeting" with no verb: "…, and its ninth on 5 May"
    place: str | None = None


@dataclass
class Context:
    lang: str
    doc: str                                   # the document IRI
    text: str                                  # the whole normalised text
    linker: Linker
    facts: list[Fact] = field(default_factory=list)
    new: dict[str, NewEntity] = field(default_factory=dict)
    section_bodies: list[str] = field(default_factory=list)
    section_meetings: list[MeetingRef] = field(default_factory=list)
    para_meetings: list[MeetingRef] = field(default_factory=list)
    para_bodies: list[str] = field(default_factory=list)   # bodies named in the paragraph so far
    last_body: str | None = None
    last_instrument: str | None = None
    understood: dict[tuple[int, int], list[Fact]] = field(default_factory=dict)
    sequence_count: dict[str, int] = field(default_factory=dict)
    section_of: dict[str, str | None] = field(default_factory=dict)  # part key -> the key of its section's heading
    yearless: dict[str, str] = field(default_factory=dict)   # meeting IRI -> its days as written without a year
    acronyms: dict[str, str] = field(default_factory=dict)   # "WGFA" -> body IRI, as the text introduced it
    aliases: dict[str, tuple[str, str, list[str]]] = field(default_factory=dict)  # name -> (iri, note, part keys)

    def add(self, fact: Fact, unit: Span) -> Fact:
        self.facts.append(fact)
        self.understood.setdefault((unit.start, unit.end), []).append(fact)
        return fact

    def span(self, s: int, e: int) -> Span:
        return Span(s, e, self.text[s:e])

    def note_new(self, m: Mention, part: Part) -> None:
        if m.new and m.iri not in self.new and m.cls:
            self.new[m.iri] = NewEntity(m.iri, m.cls, m.label or m.iri.rsplit("/", 1)[-1], self.lang, part,
                                        self.span(m.start, m.end), m.note)


def _lines(part: Part) -> list[Span]:
    out = []
    for b in part.blocks:
        pos = b.start
        for line in b.text.split("\n"):
            lead = len(line) - len(line.lstrip())
            if line.strip():
                out.append(Span(pos + lead, pos + len(line.rstrip()), line.strip()))
            pos += len(line) + 1
    return out


def units(part: Part) -> list[Span]:
    """The units read one at a time: each line of the header, each block of the
    title, the sentences (cut at semicolons) of headings, paragraphs and footnotes."""
    if part.kind == HEADER:
        return _lines(part)
    if part.kind == TITLE:
        return [b for b in part.blocks]
    if part.kind == HEADING:  # a heading is one unit, whatever its punctuation ("II. Groupe …")
        return list(part.blocks)
    out = []
    for b in part.blocks:
        for s in sentences(b.text, b.start):
            out.extend(clauses(s) if part.kind in BODY_KINDS else [s])
    return out


# --- the document: header and title ---------------------------------------------------

def _language_names() -> dict[str, str]:
    from babel import Locale

    names = {}
    for code in ("ar", "zh", "en", "fr", "ru", "es"):
        for locale in ("en", "fr"):
            names[fold(Locale(locale).languages[code])] = code
    return names


def header_facts(ctx: Context, header: Part | None, title: Part | None, footnotes: list[Part]) -> dict:
    """Facts of the header and title blocks; returns the document's values."""
    doc: dict = {}
    langs = _language_names()
    if header is not None:
        distr_seen = False
        for b in _lines(header):
            f = fold(b.text)
            stated: dict = {}
            if re.match(r"distr\b", f):
                distr_seen = True
                if re.search(r"\b(?:generale?|general)\b", f):
                    stated["distribution"] = "GeneralDistribution"
            dates = find_dates(b.text)
            dates = [type(d)(d.start + b.start, d.end + b.start, d.first, d.last, d.text) for d in dates]
            pm = re.match(r"([A-ZÀ-Ý][\w' -]{1,40}),\s*", b.text)
            # the date of the note: a line that is only a date, or a date on the "Distr." line
            # (a .docx or .pdf may run "Distr.: General 1 July 2020 Original: English" together)
            rest = fold(b.text)
            for d in dates:
                rest = rest.replace(fold(d.text), " ")
            rest = re.sub(r"distr\.?\s*:?\s*(?:generale?|general|limitee?|limited|restreinte?|restricted)?|"
                          r"original\s*:\s*\w+|[\s.,:;]", "", rest)
            if dates and "date" not in doc and dates[0].single and not pm and (rest == "" or rest in langs):
                stated["date"] = dates[0].first
            m = re.search(r"\boriginal\s*:\s*(\w+)", f)
            if m and m.group(1) in langs:
                stated["original"] = langs[m.group(1)]
            bare = re.sub(r"\boriginal\s*:\s*\w+|distr\.?\s*:?\s*\w*|" + "|".join(
                re.escape(fold(d.text)) for d in dates) + ("|" if dates else "") + r"[.,:;]", " ", f).split()
            if len(bare) == 1 and bare[0] in langs and "language" not in doc:
                stated["language"] = langs[bare[0]]
            for s in ctx.linker.sessions(b.text, ctx.lang, b.start):
                if re.fullmatch(r"\s*" + re.escape(ctx.text[s.start:s.end]) + r"\s*", b.text, re.IGNORECASE):
                    stated["session"] = s.iri
                    ctx.note_new(s, header)
            if pm and dates and "session" in doc:
                place = next((p for p in ctx.linker.places_in(pm.group(1), b.start)), None)
                place_iri = place.iri if place else f"{ID_NS}place/{slug(pm.group(1))}"
                if place is None:
                    ctx.new.setdefault(place_iri, NewEntity(place_iri, "Place", pm.group(1).strip(), ctx.lang, header,
                                                            ctx.span(b.start, b.start + len(pm.group(1)))))
                ctx.add(Fact(F.SESSION, doc["session"], {"place": place_iri, "start": dates[0].first,
                                                         "end": dates[0].last}, header, [b]), b)
            am = re.search(r"\b(?:points?|items?)\s+([\d,\s]+(?:(?:et|and)\s+\d+)?)\b[^\n]*?(?:ordre du jour|agenda)[^*\n]*(\**)", f)
            if am:
                stated["items"] = [int(n) for n in re.findall(r"\d+", am.group(1))]
                stated["items_marker"] = am.group(2) or None
            own = own_symbol(b.text)
            if own:
                stated["symbol"] = own
            for key, value in stated.items():
                doc[key] = value
            real = {k: v for k, v in stated.items() if k != "items_marker"}
            if real:
                ctx.add(Fact(F.DOCUMENT, ctx.doc, real, header, [b]), b)
            _mentions(ctx, header, b)
    # the agenda named by the footnote of the agenda line
    if doc.get("items"):
        marker = doc.get("items_marker")
        agenda_symbol = None
        for fn in footnotes:
            syms = symbols(fn.text, fn.start)
            if syms and (marker is None or fn.marker == marker):
                agenda_symbol = syms[0]
                agenda_part = fn
                break
        if agenda_symbol is not None:
            agenda = f"{ID_NS}doc/{symbol_slug(agenda_symbol[2])}"
            doc["agenda"] = agenda
            fn_span = ctx.span(agenda_symbol[0], agenda_symbol[1])
            ctx.add(Fact(F.AGENDA, agenda, {"symbol": agenda_symbol[2], "session": doc.get("session")},
                         agenda_part, [fn_span]), agenda_part.blocks[0])
            for n in doc["items"]:
                ctx.add(Fact(F.AGENDA_ITEM, f"{agenda}/item/{n}", {"number": n, "agenda": agenda},
                             header, []), header.blocks[-1])
    # title block: agenda item titles, the title, the author
    if title is not None:
        blocks = list(title.blocks)
        note_by = [b for b in blocks if re.match(r"\s*note\s+(?:du|by\s+the)\s+secr", fold(b.text))]
        if note_by:
            doc["author"] = f"{ID_NS}org/secretariat"
            doc["kind"] = "SecretariatNote"
            ctx.add(Fact(F.DOCUMENT, ctx.doc, {"author": doc["author"], "kind": "SecretariatNote"}, title, note_by),
                    note_by[0])
        rest = [b for b in blocks if b not in note_by]
        items = doc.get("items") or []
        if doc.get("agenda") and len(rest) >= len(items) + 1:
            for n, b in zip(items, rest):
                ctx.add(Fact(F.AGENDA_ITEM, f"{doc['agenda']}/item/{n}", {"number": n, "agenda": doc["agenda"],
                                                                          "title": " ".join(b.text.split())}, title, [b]), b)
            rest = rest[len(items):]
        if rest:
            t = rest[-1] if not note_by else rest[-1]
            doc["title"] = " ".join(t.text.split())
            ctx.add(Fact(F.DOCUMENT, ctx.doc, {"title": doc["title"]}, title, [t]), t)
        for b in blocks:
            _mentions(ctx, title, b)
    return doc


def _mentions(ctx: Context, part: Part, unit: Span) -> None:
    """Known entities a part names: the Conference, the Convention, the Secretariat, places."""
    f = fold(unit.text)
    found = set()
    if re.search(r"conference des parties|conference of the parties", f):
        found.add(ctx.linker.conference)
    if re.search(r"convention des nations unies contre la criminalite|convention against transnational organized crime", f):
        found.add(f"{ID_NS}treaty/untoc")
    if re.search(r"\bsecretariat\b", f):
        found.add(f"{ID_NS}org/secretariat")
    for p in ctx.linker.places_in(unit.text, unit.start):
        found.add(p.iri)
    for iri in sorted(found):
        if ctx.linker.known(iri):
            ctx.facts.append(Fact(F.MENTION, iri, {}, part, [unit]))


# --- headings, paragraphs --------------------------------------------------------------

def _resolve_generic(ctx: Context, kind: str) -> str | None:
    """The body a bare "the Working Group" / "le groupe d'experts" stands for: the
    section's body of that kind, or the last body named."""
    want = {"working-group": ("WorkingGroup",), "expert-group": ("ExpertGroup",),
            "mechanism": ("ReviewMechanism",)}[kind]
    cands = [b for b in ctx.section_bodies
             if ctx.linker.entities.get(b) is None or ctx.linker.entities[b].types & set(want)
             or not ctx.linker.entities[b].types]
    cands = [b for b in cands if b.split("/body/")[-1].startswith(kind.split("-")[0])] or cands
    if len(set(cands)) == 1:
        return cands[0]
    if ctx.last_body and ctx.last_body.split("/body/")[-1].startswith(kind.split("-")[0]):
        return ctx.last_body
    return None


def _bodies(ctx: Context, unit: Span, part: Part) -> list[Mention]:
    """Bodies named in ``unit``, bare heads resolved to the section's body."""
    named = ctx.linker.bodies_in(unit.text, unit.start)
    for m in named:
        ctx.note_new(m, part)
        if m.note and not m.new:  # a short name linked to a known body: the review lists it
            name = " ".join(ctx.text[m.start:m.end].split())
            keys = ctx.aliases.setdefault(name, (m.iri, m.note, []))[2]
            if part.key not in keys:
                keys.append(part.key)
        # "the Working Group on Firearms (WGFA)": the acronym names that body in this document
        intro = re.match(r"\s*\(([A-Z][A-Za-z]{1,9})\)", ctx.text[m.end:m.end + 16])
        if intro and sum(c.isupper() for c in intro.group(1)) >= 2 and not SYMBOL.match(intro.group(1)):
            ctx.acronyms.setdefault(intro.group(1), m.iri)
    named += _acronyms(ctx, unit, named)
    out = list(named)
    for s, e, kind in ctx.linker.generic_bodies(unit.text, unit.start):
        if any(m.start <= s < m.end for m in named):
            continue
        # a bare head after a named body of its kind in the same sentence is that body
        # ("The Working Group on X was established as an open-ended interim working group")
        before = [m for m in named if m.end <= s and m.iri.rsplit("/", 1)[-1].startswith(kind.split("-")[0])]
        iri = before[-1].iri if before else _resolve_generic(ctx, kind)
        if iri:
            out.append(Mention(s, e, iri, "body"))
    return sorted(out, key=lambda m: m.start)


def _acronyms(ctx: Context, unit: Span, named: list[Mention]) -> list[Mention]:
    """Acronyms of bodies in ``unit``: those the text introduced ("… Firearms (WGFA)") and
    the usual ones of the known working groups (``link.ACRONYMS``: WGSOM, WGTIP …)."""
    out = []
    for m in re.finditer(r"\b([A-Z][A-Za-z]{1,9})\b", unit.text):
        acr, s, e = m.group(1), unit.start + m.start(), unit.start + m.end()
        iri = ctx.acronyms.get(acr) or ctx.linker.acronym(acr)
        if iri is None or any(n.start <= s < n.end for n in named):
            continue
        if re.fullmatch(r"\s*\(", ctx.text[max(unit.start, s - 3):s]) and any(
                n.iri == iri and 0 <= s - n.end <= 3 for n in named):
            continue  # the acronym introduced in parentheses right after the name
        out.append(Mention(s, e, iri, "body"))
    return out


def _description(ctx: Context, unit: Span, m: Mention) -> str:
    """The folded words that describe a body mention: from its head to its subject,
    and (for an unnamed body) the clause around it up to the next body."""
    others = [b.start for b in ctx.linker.bodies_in(unit.text, unit.start) if b.start > m.start]
    stop = min(others + [unit.end])
    tail = ctx.text[m.end:stop]
    # a description ends at a coordination: "Working Group on Firearms and open-ended expert group …"
    cut = re.search(r"[,;.(]|\b(?:et|and)\b", tail)
    lead = ctx.text[max(unit.start, m.start - 60):m.start]
    art = list(re.finditer(r"\b(?:an?|the|une?|le|la|les|its|sa|son|leur|et|and)\s+|[,;:.(]", lead, re.IGNORECASE))
    if art:
        lead = lead[art[-1].end():]
    elif m.start - unit.start > 60:
        lead = ""
    return fold(lead + ctx.text[m.start:m.end] + (tail[:cut.start()] if cut else tail))


def _membership(desc: str) -> list[str]:
    out = []
    if _RX["open-ended"].search(desc):
        out.append("OpenEnded")
    if _RX["intergovernmental"].search(desc):
        out.append("Intergovernmental")
    if _RX["government-experts"].search(desc):
        out.append("GovernmentExperts")
    return out


def _meeting_refs(ctx: Context, unit: Span, bodies: list[Mention]) -> list[MeetingRef]:
    """Meetings named by an ordinal: "sa neuvième réunion", "the seventh meeting of the
    Working Group", "s'est réuni pour la cinquième fois", "its 9th session"."""
    text = unit.text
    f = fold(text)
    refs = []
    ordinals = find_ordinals(text, ctx.lang)
    # coordinated ordinals before one plural noun: "its sixth and seventh meetings",
    # "ses dixième et onzième réunions" -> each ordinal is a meeting of one group
    group_of: dict[int, tuple[int, int]] = {}  # index -> (group id, meeting word end)
    i = 0
    while i < len(ordinals):
        j = i
        while j + 1 < len(ordinals) and re.fullmatch(r"\s*(?:,|,?\s*(?:and|et))\s*", f[ordinals[j].end:ordinals[j + 1].start]):
            j += 1
        if j > i:
            m = re.match(r"\s+(?:reunions|meetings|sessions)\b", f[ordinals[j].end:])
            if m:
                for k in range(i, j + 1):
                    group_of[k] = (i, ordinals[j].end + m.end())
        i = j + 1
    for index, o in enumerate(ordinals):
        s, e = o.start, o.end
        after = f[e:e + 14]
        before = f[max(0, s - 12):s]
        if index in group_of:  # read as if each had the noun: "sixth [meetings]"
            after = f[group_of[index][1] - len(re.search(r"\w+$", f[:group_of[index][1]]).group(0)) - 1:][:14]
            if group_of[index][0] != index:
                before = f[max(0, ordinals[group_of[index][0]].start - 12):ordinals[group_of[index][0]].start]
        is_meeting = re.match(r"\s+(?:reunions?|meetings?|sessions)\b", after) and (
            index in group_of or re.match(r"\s+(?:reunions?|meetings?)\b", after))
        # "met for the fifth time", "s'est réuni à Vienne pour la cinquième fois" (not "held …, for the first time in …")
        is_time = re.match(r"\s+(?:fois|time)\b", after) and re.search(
            r"\b(?:met|meets|meet|convened?|reconvened?|gathered?|assembled?|reuni\w*|reunir\w*)\b[^.;]{0,60}"
            r"(?:pour la|for the)\s+$", f[max(0, s - 90):s])
        is_body_session = re.match(r"\s+sessions?\s+(?:of\s+the|du|de\s+la|de\s+l')\s", f[e:e + 30]) and any(
            b.start - unit.start - (e + len(re.match(r"\s+sessions?\s+(?:of\s+the|du|de\s+la|de\s+l')\s", f[e:e + 30]).group(0))) in range(0, 3)
            for b in bodies)
        # an ordinal standing for "<ordinal> meeting" after a first one: "the tenth … and its eleventh on …",
        # "la quatorzième réunion … et la quinzième du 3 au 5 juin", "la neuvième devrait se tenir"
        is_elliptic = bool(refs) and re.search(r"\b(?:la|le|sa|its|the|their|leur)\s+$", before) and not re.search(
            r"\b(?:for|pour)\s+(?:the|la)\s+$", before) and re.match(
            r"\s*(?:[,.;:]|$|(?:devrait|doit|se|s'est|a|aura|sera|was|will|is|took|met|held|has|on|in|at|from|between"
            r"|du|le|les|en|au|des|est)\b)", after)
        # "The Implementation Review Group held its first session": a body's own session,
        # unless the Conference is named in between ("… to the Conference at its tenth session")
        owner = [b for b in bodies if b.end <= unit.start + s and not _is_complement(ctx, b)]
        is_own_session = bool(re.match(r"\s+sessions?\b", after) and re.search(r"\b(?:its|sa|leur|their)\s+$", before)
                              and owner and not re.search(r"conferen|\belle\b|\blui\b|\bit\b|\bthem\b", f[owner[-1].end - unit.start:s])
                              and not find("submit", f[owner[-1].end - unit.start:s]))
        # "…; its tenth session is to take place in …": the session of the body the paragraph is
        # about, when it is the subject of a meeting verb and the Conference is not in the clause
        if not is_own_session and not owner and ctx.para_bodies and re.match(r"\s+session\b", after) and re.search(
                r"\b(?:its|sa|leur|their)\s+$", before) and not re.search(r"conferen|\bsubmit|\bsoumi|\bpresent", f):
            tail = f[e + re.match(r"\s+session\b", after).end():]
            is_own_session = any(m.start() <= 2 for m in find("planned", tail) + find("held", tail))
            if is_own_session:
                own_body = ctx.para_bodies[-1]
        # "A tenth session is to be held in Vienna …" with no body in the clause: in a paragraph or
        # section about one body, an article + ordinal + "session" that is the subject of a meeting
        # verb is that body's meeting (the Conference's sessions are named with the Conference)
        if not (is_meeting or is_time or is_body_session or is_elliptic or is_own_session) and re.match(
                r"\s+session\b", after) and re.search(r"(?:^|\b(?:an?|the|une|la|cette|this))\s+$", before) and not re.search(
                r"conferen|\bcop\b|\bsubmit|\bsoumi|\bpresent|\bdevant\b|\bbefore\b", f) and not re.match(
                r"\s+sessions?\s+(?:of|du|de)\b", f[e:e + 20]):
            tail = f[e + re.match(r"\s+session\b", after).end():]
            who = [b.iri for b in bodies if not _is_complement(ctx, b)] or (
                [ctx.section_bodies[0]] if len(set(ctx.section_bodies)) == 1 else ctx.para_bodies[-1:])
            if who and any(m.start() <= 30 for m in find("planned", tail) + find("held", tail)):
                is_own_session, owner, own_body = True, [], who[-1]
        if not (is_meeting or is_time or is_body_session or is_elliptic or is_own_session):
            continue
        abs_s, abs_e = unit.start + s, unit.start + e
        word_end = abs_e + (re.match(r"\s+\w+", f[e:]).end() if re.match(r"\s+\w+", f[e:]) else 0)
        if is_elliptic and not (is_meeting or is_time or is_own_session):
            word_end = abs_e  # "its ninth on 5 May": no meeting word after the ordinal
        if index in group_of:
            word_end = unit.start + group_of[index][1]
        body = None
        if is_own_session and not owner:
            body = own_body
        # "réunion du Groupe …" / "meeting of the Working Group …"
        follow = [b for b in bodies if 0 <= b.start - word_end <= 12 and
                  re.fullmatch(r"\s*(?:du|de\s+la|de\s+l'|des|of\s+the|of|de)\s*", fold(ctx.text[word_end:b.start]))]
        same = [m for m in refs + ctx.para_meetings + ctx.section_meetings if m.ordinal == o.value and m.body]
        # "the ninth meeting of WGXY" / "… of the Bureau": a name that is not linked owns the meeting,
        # never the clause's subject (left out; the review lists the ordinal as unused evidence)
        unlinked = not follow and re.match(r"\s*(?:of|du|de\s+la|de\s+l'|des)\s+(?:the\s+)?(?!Working|Groupe|Expert|Conf)[A-Z]",
                                           ctx.text[word_end:word_end + 30])
        if body is not None:
            pass
        elif unlinked and not is_time:
            continue
        elif follow and not is_time:
            body = follow[0].iri
        elif same and not [b for b in bodies if b.end <= abs_s]:
            body = same[0].body
        else:
            prior = [b for b in bodies if b.end <= abs_s]
            possessive = re.search(r"\b(?:its|their|sa|son|leur)\s+$", before)
            subjects = [b for b in prior if not _is_complement(ctx, b)]
            later = [b for b in bodies if b.start >= word_end and not _is_complement(ctx, b)]
            if possessive and subjects:  # the nearest subject: "A held its 9th …, and B held its 10th …"
                body = subjects[-1].iri
            elif possessive and later and not refs:  # "At its eighth meeting, held …, the Working Group …"
                body = later[0].iri
            elif prior:
                body = prior[-1].iri
            elif refs:
                body = refs[-1].body
            elif ctx.para_meetings:
                body = ctx.para_meetings[-1].body
            elif len(set(ctx.section_bodies)) == 1:
                body = ctx.section_bodies[0]
        lead = fold(ctx.text[max(unit.start, abs_s - 40):abs_s])
        refs.append(MeetingRef(abs_s, word_end, body, o.value,
                               group=group_of[index][0] if index in group_of else None,
                               complement=bool(_COMPLEMENT.search(lead)), part_of=bool(_PART_OF.search(lead)),
                               tail=follow[0].end if follow and not is_time else word_end,
                               elliptic=is_elliptic and not (is_meeting or is_time or is_own_session)))
    # the members of a group share the body found for the group's noun, unless "their" stands for
    # several subjects: "A and B held their twelfth and ninth meetings, respectively" (one each, in
    # order; without "respectively" nothing is guessed)
    for g in {r.group for r in refs if r.group is not None}:
        members = [q for q in refs if q.group == g]
        first = members[0].start - unit.start
        subjects = list(dict.fromkeys(b.iri for b in bodies if b.end <= members[0].start and not _is_complement(ctx, b)))
        if re.search(r"\b(?:their|leurs?)\s+$", f[max(0, first - 12):first]) and len(subjects) > 1:
            pair = len(subjects) == len(members) and find("respectively", f)
            for k, q in enumerate(members):
                q.body = subjects[k] if pair else None
            continue
        for q in members:
            q.body = members[-1].body if members[-1].body else q.body
    return refs


def _status(ctx: Context, unit: Span, lo: int, hi: int, anchor: int) -> tuple[str | None, Span | None]:
    """The tense of "to hold"/"se tenir" nearest ``anchor`` in [lo, hi) (document offsets)."""
    f = fold(unit.text)
    a, b = lo - unit.start, hi - unit.start
    marks = []
    planned = find("planned", f, a, b)
    for m in planned:
        marks.append(("Planned", m))
    for m in find("held", f, a, b):
        # a participle inside or right after a future ("is scheduled to be held in") is not a past
        if not any(p.start() <= m.start() < p.end() or (p.end() <= m.start() <= p.end() + 12 and re.fullmatch(
                r"[\s,]*(?:to\s+)?(?:be\s+)?", f[p.end():m.start()])) for p in planned):
            marks.append(("Held", m))
    if not marks:
        return None, None
    # a participle or an adjective ("initially scheduled for April", "prévue pour avril", "upcoming")
    # gives way to a finite verb in the same window ("… was held on 9 June")
    weak = re.compile(r"(?:scheduled|planned|envisaged)\s+(?:for|to)|upcoming|forthcoming|prevue?s?\s")
    strong = [x for x in marks if not weak.match(x[1].group(0))]
    if strong and len(strong) < len(marks) and any(x[0] != strong[0][0] for x in marks):
        marks = strong
    rel = anchor - unit.start
    later = [r - unit.start for r in getattr(ctx, "ref_starts", []) if r > anchor]
    # a tense right before a later meeting ("is expected to hold its fifteenth meeting") is that meeting's
    marks = [x for x in marks if not any(0 <= r - x[1].end() <= 30 and re.fullmatch(r"[\w' ]*", f[x[1].end():r])
                                         and not x[1].end() <= rel < r for r in later)]
    if not marks:
        return None, None
    pick = min(marks, key=lambda x: min(abs(x[1].start() - rel), abs(x[1].end() - rel)))
    m = pick[1]
    return pick[0], ctx.span(unit.start + m.start(), unit.start + m.end())


def meeting_iri(body: str, ordinal: int) -> str:
    return f"{body}/meeting/{ordinal}"


def read_unit(ctx: Context, part: Part, unit: Span) -> None:
    text, f = unit.text, fold(unit.text)
    bodies = _bodies(ctx, unit, part)
    instruments = ctx.linker.instruments(text, unit.start)
    for i in instruments:
        ctx.note_new(i, part)
    dates = [d for d in find_dates(text)]
    dates = [type(d)(d.start + unit.start, d.end + unit.start, d.first, d.last, d.text) for d in dates]
    places = ctx.linker.places_in(text, unit.start)
    syms = symbols(text, unit.start)
    refs = _meeting_refs(ctx, unit, bodies)
    # sessions of the Conference (not a body's own "first session", read as a meeting above)
    sessions = [s for s in ctx.linker.sessions(text, ctx.lang, unit.start)
                if not any(r.start <= s.start < r.end for r in refs)]
    for s in sessions:
        ctx.note_new(s, part)

    if part.kind == HEADING:
        _heading(ctx, part, unit, bodies, instruments, dates, places)
        return

    # a day range without a year takes the year of the nearest dated expression before it in its
    # sentence ("… les 3 et 4 mars 2023 ; … juste après, les 5–6 mars"), when it is not earlier
    yearless = []
    sentence = _sentence_of(part, unit) or unit
    before_dates = [d for d in find_dates(sentence.text)]
    for s0, e0, written, parts_ in find_yearless(text, [type(d)(d.start - unit.start, d.end - unit.start, d.first,
                                                                  d.last, d.text) for d in dates]):
        a, b = unit.start + s0, unit.start + e0
        prior = [d for d in before_dates if sentence.start + d.end <= a]
        got = in_year(parts_, prior[-1].last.year) if prior else None
        if got and got[0] >= prior[-1].first:
            dates.append(DateMention(a, b, got[0], got[1], written))
        else:
            yearless.append((a, b, written))
    dates.sort(key=lambda d: d.start)

    # the instrument that the sentence is about ("Dans sa résolution 7/1", "pursuant to decision 4/4")
    instrument = instruments[0].iri if instruments else None
    if instrument is None and re.search(r"\b(?:la\s+meme|cette|ladite)\s+(?:resolution|decision)\b|\bthe\s+same\s+(?:resolution|decision)\b|\bthat\s+(?:resolution|decision)\b", f):
        instrument = ctx.last_instrument
    for i in instruments:
        _instrument_title(ctx, part, unit, i)

    # body facts: membership, reporting line, treaty served
    for b in bodies:
        desc = _description(ctx, unit, b)
        members = _membership(desc)
        vals: dict = {"body_of": ctx.linker.conference}
        if members:
            vals["membership"] = members
        ctx.add(Fact(F.BODY, b.iri, vals, part, [ctx.span(b.start, b.end)]), unit)
    subject_body = _subject_body(ctx, unit, bodies)
    if subject_body is not None:
        if find("reports-to", f):
            m = find("reports-to", f)[0]
            ctx.add(Fact(F.BODY, subject_body, {"reports_to": ctx.linker.conference}, part,
                         [ctx.span(unit.start + m.start(), unit.start + m.end())]), unit)
        sv = find("serves", f)
        if sv:
            treaties = [t for t in ctx.linker.treaties_in(text, unit.start) if t.start >= unit.start + sv[0].start()]
            if treaties:
                ctx.add(Fact(F.BODY, subject_body, {"serves": treaties[0].iri}, part,
                             [ctx.span(unit.start + sv[0].start(), treaties[0].end)]), unit)
                ctx.facts.append(Fact(F.MENTION, treaties[0].iri, {}, part, [unit]))

    # establishment / status change: each verb with its instrument and its status words
    # ("X, set up by resolution 5/4 as an interim body, became a constant element under resolution 7/1")
    _lifecycle(ctx, part, unit, f, instruments, instrument, bodies, subject_body)

    # other provisions of an instrument
    _provisions(ctx, part, unit, f, instrument, bodies, sessions)

    # meetings
    ctx.ref_starts = [r.start for r in refs]
    resp = bool(find("respectively", f))
    chains = _chains(ctx, refs)  # coordinated subjects sharing one predicate
    seq = find("after", f) + find("before", f)

    def window(i: int) -> tuple[int, int]:
        r = refs[i]
        nxt = refs[i + 1].start if i + 1 < len(refs) else unit.end
        if r.complement:  # "following the 11th meeting …": only what follows it is its own
            return r.start, nxt
        if i == 0:
            return unit.start, nxt
        prev = max([refs[i - 1].end] + [d.end for d in dates if refs[i - 1].end <= d.start < r.start])
        # "… s'est tenue du 23 au 27 mai à Vienne, et la 13e se tiendra …": what comes before the
        # coordination that introduces this meeting is the previous one's
        coord = [m.end() for m in re.finditer(r"(?:,\s*|\s)(?:and|et|while|whereas|tandis\s+que|but|mais)\s",
                                              f[refs[i - 1].end - unit.start:r.start - unit.start])]
        if coord:
            prev = max(prev, refs[i - 1].end + coord[-1])
        return prev, nxt

    # a lead clause ending in a colon ("The two groups met in Vienna: …") gives its place to the meetings listed after it
    colon = re.search(r":\s", f)
    lead_end = unit.start + colon.start() if colon and refs and refs[0].start > unit.start + colon.start() else unit.start - 1
    lead_places = [p for p in places if p.start < lead_end]
    for i, r in enumerate(refs):
        if r.body is None:
            continue
        prev, nxt = window(i)
        chain = chains[i]
        last = chain[-1]
        r.iri = meeting_iri(r.body, r.ordinal)
        vals: dict = {"body": r.body, "ordinal": r.ordinal}
        spans = [ctx.span(r.start, r.end)]
        mine = [d for d in dates if r.end <= d.start < nxt]
        if not mine and i == 0 and not r.complement:
            mine = [d for d in dates if unit.start <= d.start < r.start]
        if r.part_of:
            mine = []
        if len(chain) > 1:  # "the 10th meeting of A and the 12th meeting of B will be held on …"
            shared = [d for d in dates if refs[last].end <= d.start < window(last)[1]]
            if len(shared) == len(chain) and resp:
                mine = [shared[chain.index(i)]]
            elif len(shared) == 1 or (shared and not resp and len(shared) != len(chain)):
                mine = shared[:1] if len(shared) == 1 else []
            else:
                mine = []
        if r.group is not None:  # "its sixth and seventh meetings on … and from …, respectively"
            members = [q for q in refs if q.group == r.group]
            after_group = [q for q in refs if q.start > members[-1].start and q.group != r.group]
            limit = after_group[0].start if after_group else unit.end
            group_dates = [d for d in dates if members[-1].end <= d.start < limit]
            mine = [group_dates[members.index(r)]] if len(group_dates) == len(members) else []
        r.reference = any(unit.start + m.end() <= r.start and not any(
            unit.start + m.end() <= q.start < r.start for q in refs if q is not r) for m in seq)
        if mine:
            d = mine[0]
            vals["start"], vals["end"] = d.first, d.last
            spans.append(ctx.span(d.start, d.end))
        elif not r.part_of:
            bare = [w for a_, _b, w in yearless if r.end <= a_ < nxt]
            if bare:  # "on 6–7 March" with no year anywhere before it in the sentence
                ctx.yearless.setdefault(r.iri, bare[0])
        lo, hi = (prev, nxt) if len(chain) == 1 else (window(chain[0])[0], window(last)[1])
        if r.group is not None:  # "their twelfth and ninth meetings, respectively, in Vienna": one place for all
            idx = [k for k, q in enumerate(refs) if q.group == r.group]
            lo, hi = min(lo, window(idx[0])[0]), max(hi, window(idx[-1])[1])
        status, sspan = _status(ctx, unit, lo, hi, r.start if len(chain) == 1 else refs[last].start)
        if status is None and r.group is not None and r is not [q for q in refs if q.group == r.group][0]:
            status = [q for q in refs if q.group == r.group][0].status
            sspan = ctx.span(r.start, r.end)
        gapped = status is None and i > 0 and (r.elliptic or _gapped(ctx, refs[i - 1], r, bodies))
        if gapped and refs[i - 1].status:
            # "A held its 9th meeting …, and its 10th …" / "…, et le Groupe B sa 12e réunion …" /
            # "its eighth meeting was held on X, and its ninth on Y": one verb for both
            status = refs[i - 1].status
            sspan = ctx.span(refs[i - 1].start, refs[i - 1].end)
        r.status = status
        if status:
            vals["status"] = status
            spans.append(sspan)
        pl = [p for p in places if lo <= p.start < hi]
        if not pl and gapped and refs[i - 1].place:  # the verb and its place are the previous conjunct's
            pl = [next(p for p in places if p.iri == refs[i - 1].place)]
        if not pl and lead_places and r.start > lead_end:  # "… met twice in Vienna: its eighth …, and its ninth …"
            pl = lead_places
        if pl:
            vals["place"] = pl[0].iri
            r.place = pl[0].iri
            spans.append(ctx.span(pl[0].start, pl[0].end))
        ctx.add(Fact(F.MEETING, r.iri, vals, part, spans), unit)
        ctx.para_meetings.append(r)
        ctx.section_meetings.append(r)
        ctx.last_body = r.body
    if not refs:
        _shared_predicate(ctx, part, unit, f, dates, places)

    # sequencing statements
    earlier = [r for r in ctx.para_meetings if r.iri and all(r is not q for q in refs)] or \
        [r for r in ctx.section_meetings if r.iri and all(r is not q for q in refs)]
    for kind in ("after", "before"):
        for m in find(kind, f):
            at = unit.start + m.start()
            subj = [r for r in refs if r.end <= at and r.iri]
            ref = [r for r in refs if r.start >= unit.start + m.end() and r.iri]
            rest = f[m.end():]
            named = re.match(r"\s*(?:celle|celui|that|the\s+one|the\s+meeting|la\s+reunion|les\s+travaux)\s+(?:du|de\s+la|de\s+l'|des"
                             r"|of\s+the|of)\s+", rest)
            if named and not (ref and ref[0].start - (unit.start + m.end()) <= named.end() + 2):
                # "… après celle du Groupe B", "right after the meeting of the Working Group on B":
                # B's meeting named before (in this paragraph, else in this section)
                body = next((b.iri for b in bodies if b.start >= unit.start + m.end() + named.end() - 2
                             and b.start - (unit.start + m.end()) <= named.end() + 2), None)
                pool = [q for q in reversed(earlier + [q for q in refs if q.end <= at]) if q.iri and q.body == body]
                ref = pool[:1] if body else []
            elif not ref and re.match(r"\s*(?:it|them|celle-ci|celui-ci|cela|this|that)?\s*(?:[.,;:)]|$)|\s*(?:it|them|celle-ci"
                                      r"|celui-ci|celle-la|the\s+latter|(?:that|this|the\s+said|cette|ladite)\s+(?:meeting|reunion))\b",
                                      rest) and subj:
                # "…, immediately afterwards." / "…, immediately followed it": the meeting named before
                ref = [q for q in reversed(earlier + [q for q in refs if q.end <= at]) if q.iri and q.iri != subj[-1].iri][:1]
            elif not subj and ref and (re.search(r"\b(?:it|elle|this\s+meeting|cette\s+reunion|celle-ci)\s+(?:[a-z]+\s+){0,2}$",
                                                 f[:m.start()]) or re.match(r"\s*(?:it|celle-ci|cela|this|that)?\s*,", rest)):
                # "It was immediately followed by X" / "Immediately after it, X …": the meeting named before
                subj, ref = [q for q in earlier if q.iri and q.iri != ref[0].iri][-1:], ref
                if kind == "after":  # "Immediately after it, X": X comes after the earlier meeting
                    subj, ref = ref[:1], subj
            if subj and ref and subj[-1].iri != ref[0].iri:
                a, b = subj[-1], ref[0]
                seqd, refd = (a, b) if kind == "after" else (b, a)
                n = ctx.sequence_count.get(part.key, 0) + 1
                ctx.sequence_count[part.key] = n
                key = part.key.replace("/", "-")
                iri = f"{ctx.doc}/statement/{key}-sequence" + (f"-{n}" if n > 1 else "")
                lo, hi = min(a.start, b.start, at), max(a.end, b.end, unit.start + m.end())
                lo, hi = max(lo, unit.start), min(hi, unit.end)
                ctx.add(Fact(F.SEQUENCING, iri, {"sequenced": seqd.iri, "reference": refd.iri,
                                                  "relation": "ImmediatelyAfter", "stated": kind},
                             part, [ctx.span(lo, hi)]), unit)

    # reports
    if syms and find("report", f):
        _reports(ctx, part, unit, f, syms, refs, sessions, instruments)

    if instruments:
        ctx.last_instrument = instruments[-1].iri
    for b in bodies:
        ctx.last_body = b.iri
    ctx.para_bodies.extend(b.iri for b in bodies if not _is_complement(ctx, b))
    for m in instruments + sessions:
        if ctx.linker.known(m.iri):
            ctx.facts.append(Fact(F.MENTION, m.iri, {}, part, [unit]))
    _mentions(ctx, part, unit)


# an instrument named as the means of a verb ("by resolution 5/4", "par sa résolution 7/1")
_AGENT = re.compile(r"(?:\bby|\bthrough|\bunder|\bpursuant\s+to|\bin\s+accordance\s+with|\bin|\bpar|\bdans|\ben\s+vertu\s+de"
                    r"|\bconformement\s+a(?:ux\s+dispositions\s+de)?|\ben\s+application\s+de|\baux\s+termes\s+de|\bwith)\s+"
                    r"(?:(?:its|the|sa|la|le|l')\s*)?(?:resolutions?|decisions?)\s+$")


def _lifecycle(ctx: Context, part: Part, unit: Span, f: str, instruments: list[Mention], instrument: str | None,
               bodies: list[Mention], subject_body: str | None) -> None:
    """Establishments and status changes of a clause. Each verb of creation ("established",
    "créé") or of change ("became", "made it", "dont … a fait", "a rendu") takes the
    instrument attached to it: an instrument that is the means of a verb ("by/under/par la
    résolution …") goes with the verb before it in its comma-piece, else the one after it;
    an instrument that is a subject ("resolution 7/1 made it …") with the verb after it.
    Status words ("interim", "constant element", "à titre provisoire") go with the verb of
    their comma-piece. A change needs "permanent"; "decided that an open-ended working group
    … would be a constant element" (a body not yet named) is an establishment as permanent."""
    creates = [("create", m) for m in find("create", f)]
    changes = [("change", m) for m in find("change", f)
               if not any(m.start() < c.end() and c.start() < m.end() for _k, c in creates)]
    events = sorted(creates + changes, key=lambda x: x[1].start())
    if not events:
        return
    cuts = [m.start() for m in re.finditer(r"[,;(]|\b(?:which|that|dont|que|qui)\b", f)]

    def piece(pos: int) -> int:
        return sum(1 for c in cuts if c <= pos)

    attached: dict[int, Mention] = {}  # event index -> instrument
    # first the pairs inside one piece ("established by resolution 5/4", "resolution 7/1 made it …"),
    # then an instrument left over goes with the next free verb ("in resolution 7/1, decided that … would
    # be"), else the nearest before
    left = []
    for inst in instruments:
        s0, e0 = inst.start - unit.start, inst.end - unit.start
        free = [k for k in range(len(events)) if k not in attached]
        before = [k for k in free if events[k][1].end() <= s0 and piece(events[k][1].start()) == piece(s0)]
        after = [k for k in free if events[k][1].start() >= e0]
        # a subject: "resolution 7/1 made it …", "que la résolution 7/1 a rendu …"
        subject = not _AGENT.search(re.sub(r"\d{1,2}/\d{1,2}$", "", f[:e0])) and after and re.fullmatch(
            r"\s*(?:\([^)]*\))?\s*(?:[a-z']+\s+){0,3}", f[e0:events[after[0]][1].start()])
        if subject:
            attached[after[0]] = inst
        elif before:
            attached[before[-1]] = inst
        else:
            left.append(inst)
    for inst in left:
        s0, e0 = inst.start - unit.start, inst.end - unit.start
        free = [k for k in range(len(events)) if k not in attached]
        after = [k for k in free if events[k][1].start() >= e0]
        before = [k for k in free if events[k][1].end() <= s0]
        k = after[0] if after else before[-1] if before else None
        if k is not None:
            attached[k] = inst
    if len({i.iri for i in instruments}) <= 1 and instrument:  # one instrument: every verb's
        one = next((i for i in instruments if i.iri == instrument), None) or Mention(unit.start, unit.start, instrument,
                                                                                    "instrument")
        for k in range(len(events)):
            attached.setdefault(k, one)
    statuses = [("Permanent", m) for m in find("permanent", f)] + [("Provisional", m) for m in find("provisional", f)]
    status_of: dict[int, str] = {}
    for value, m in sorted(statuses, key=lambda x: x[1].start()):
        same = [k for k in range(len(events)) if piece(events[k][1].start()) == piece(m.start())]
        before = [k for k in same if events[k][1].start() <= m.start()]
        if same:
            k = before[-1] if before else same[0]
            if value == "Permanent" or k not in status_of:  # "permanent" is the stronger word of a piece
                status_of[k] = value
            continue
        # a status word in a piece without a verb: the nearest verb's, if it has none yet
        k = min(range(len(events)), key=lambda k: abs(events[k][1].start() - m.start()))
        status_of.setdefault(k, value)
    decided = bool(find("decide", f))
    for k, (kind, m) in enumerate(events):
        inst = attached.get(k)
        if inst is None:
            continue
        lo, hi = next(((a, b) for a, b in _coordinated(f) if a <= m.start() < b), (0, len(f)))
        scoped = [b for b in bodies if unit.start + lo <= b.start < unit.start + hi and not _is_complement(ctx, b)]
        span = [ctx.span(unit.start + m.start(), unit.start + m.end())]
        if kind == "create":
            body = scoped[0].iri if scoped else subject_body
            if body:
                vals = {"body": body, "instrument": inst.iri}
                if status_of.get(k):
                    vals["status"] = status_of[k]
                ctx.add(Fact(F.ESTABLISHMENT, None, vals, part, span), unit)
            continue
        if status_of.get(k) != "Permanent":
            continue  # a change is to a permanent status ("became a constant element", "a rendu permanent")
        targets = scoped or ([b for b in bodies if b.iri == subject_body][:1] if subject_body else [])
        if not targets and subject_body:
            targets = [Mention(unit.start + lo, unit.start + hi, subject_body, "body")]
        for b in {t.iri: t for t in targets}.values():
            # an indefinite body that "would be" a constant element is created as one (decision 3/2's wording)
            lead = fold(ctx.text[max(unit.start, b.start - 40):b.start])
            article = r"\b(?:an?)" if ctx.lang == "en" else r"(?:\bune?|\bqu'une?|\bd'une?)"
            indefinite = b.start < unit.start + m.start() and re.search(article + r"\s+(?:[\w-]+\s+){0,3}$", lead)
            created = any(kd == "create" and em.start() < m.start() for kd, em in events)
            kind_of = F.ESTABLISHMENT if indefinite and decided and not created else F.STATUS_CHANGE
            ctx.add(Fact(kind_of, None, {"body": b.iri, "instrument": inst.iri, "status": "Permanent"}, part, span), unit)


def _chains(ctx: Context, refs: list[MeetingRef]) -> list[list[int]]:
    """For each meeting named in a clause, the coordinated meetings it shares a predicate
    with: "the tenth meeting of A and the twelfth meeting of B will be held …" (indices)."""
    out = [[i] for i in range(len(refs))]
    i = 0
    while i < len(refs):
        j = i
        while j + 1 < len(refs) and refs[j].group is None and refs[j + 1].group is None and re.fullmatch(
                r"\s*(?:,\s*)?(?:and|et|as\s+well\s+as|ainsi\s+que)\s+(?:the|la|le|les|l')?\s*",
                fold(ctx.text[refs[j].tail:refs[j + 1].start])):
            j += 1
        for k in range(i, j + 1):
            out[k] = list(range(i, j + 1))
        i = j + 1
    return out


_GAP_WORDS = {"and", "et", "while", "whereas", "tandis", "que", "then", "puis", "also", "egalement", "the", "le", "la",
              "les", "l", "its", "their", "sa", "son", "ses", "leur", "leurs", "in", "at", "a", "en", "on", "from", "du",
              "au", "of", "de", "des", "respectively", "respectivement", "both", "again"}


def _gapped(ctx: Context, a: MeetingRef, b: MeetingRef, bodies: list[Mention]) -> bool:
    """Is ``b`` the second object of ``a``'s verb ("held its 9th meeting in May and its 10th
    in June", "… a tenu sa 9e réunion …, et le Groupe B sa 12e réunion …")? Nothing but
    dates, places, a new subject and small words stands between them."""
    chars = list(fold(ctx.text[a.end:b.start]))
    spans = [(d.start, d.end) for d in find_dates(ctx.text[a.end:b.start])]
    spans += [(m.start - a.end, m.end - a.end) for m in bodies + ctx.linker.places_in(ctx.text[a.end:b.start], a.end)
              if a.end <= m.start and m.end <= b.start]
    for s, e in spans:
        chars[s:e] = " " * (e - s)
    words = re.findall(r"[a-z]+", "".join(chars))
    return set(words) <= _GAP_WORDS


_THESE = re.compile(r"\b(?:both|the\s+two|these\s+two|those\s+two|these|those|the\s+three|these\s+three|all\s+three)\s+meetings\b"
                    r"|\b(?:ces|les)\s+(?:deux|trois)\s+reunions\b|\bces\s+reunions\b|\btoutes\s+deux\b|\bl'une\s+et\s+l'autre\b")


def _shared_predicate(ctx: Context, part: Part, unit: Span, f: str, dates, places) -> None:
    """A clause about meetings named before: "Both meetings took place in Vienna", "Ces
    deux réunions se sont déroulées à Vienne" -> the place (and tense) of each."""
    m = _THESE.search(f)
    if not m or not (places or find("held", f) or find("planned", f)):
        return
    pool = [r for r in (ctx.para_meetings or ctx.section_meetings) if r.iri]
    pool = list({r.iri: r for r in pool}.values())
    n = 2 if re.search(r"both|two|deux|l'une", m.group(0)) else 3 if re.search(r"three|trois", m.group(0)) else len(pool)
    if len(pool) < n or n == 0:
        return
    status, sspan = _status(ctx, unit, unit.start, unit.end, unit.start + m.start())
    for r in pool[-n:]:
        vals = {"body": r.body, "ordinal": r.ordinal}
        spans = [ctx.span(unit.start + m.start(), unit.start + m.end())]
        if places:
            vals["place"] = places[0].iri
            spans.append(ctx.span(places[0].start, places[0].end))
        if status and r.status in (None, status):
            vals["status"] = status
            spans.append(sspan)
            r.status = status
        if len(vals) > 2:
            ctx.add(Fact(F.MEETING, r.iri, vals, part, spans), unit)


def _coordinated(f: str) -> list[tuple[int, int]]:
    """Offsets of the coordinated clauses of a folded clause: cut at ", and" / ", et" /
    ", while" when what follows names an instrument or a new subject."""
    cuts = [m.start() for m in re.finditer(
        r",\s+(?:and|et|while|tandis\s+que|whereas)\s+(?=(?:(?:in|by|dans|par)\s+(?:its\s+|sa\s+)?)?(?:resolution|decision|the\s+conference|la\s+conference|elle|it)\b)", f)]
    bounds = [0, *cuts, len(f)]
    return [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]


def _sentence_of(part: Part, unit: Span) -> Span | None:
    for b in part.blocks:
        for sent in sentences(b.text, b.start):
            if sent.start <= unit.start < sent.end:
                return sent
    return None


def _is_complement(ctx: Context, b: Mention) -> bool:
    """Is this body named as a complement ("the tenth meeting of the Working Group …",
    "la onzième réunion du Groupe …", "back to back with the Working Group …", "après
    celle du Groupe …") rather than as a subject?"""
    lead = fold(ctx.text[max(0, b.start - 30):b.start])
    return bool(re.search(r"(?:reunions?|meetings?|sessions?|celle|celui|that|reports?|rapports?)\s+(?:du|de\s+la|de\s+l'|des"
                          r"|of\s+the|of)\s*$|\b(?:with|avec|after|apres|before|avant|than|by|par|to|au|aux|from|like)"
                          r"\s+(?:the\s+|le\s+|la\s+|les\s+|l')?$", lead))


_PART_OF = re.compile(r"(?:\bday|\bjournee|\bjour|\bsegment|\bpart|\bpartie|\bsession)\s+(?:of|de|du)\s+(?:the|its|la|le|sa|l')?\s*$")
# a meeting named after these words is a complement of the clause (it takes neither its
# dates nor its tense): "following the 11th meeting", "à l'issue de la 9e réunion", "the
# second day of the 12th meeting"
_COMPLEMENT = re.compile(r"(?:\bfollowing|\bafter|\bbefore|\bpreceding|\bapres|\bavant|\ba\s+l'issue\s+de|\bin\s+the\s+margins?\s+of"
                         r"|\bon\s+the\s+margins?\s+of|\ben\s+marge\s+de|\bin\s+conjunction\s+with|\bback\s+to\s+back\s+with"
                         r"|\bday\s+of|\bjournee\s+de|\bjour\s+de|\bsegment\s+of|\bpart\s+of)\s+(?:the|its|la|le|sa|du|de\s+la|l')?\s*$")


def _subject_body(ctx: Context, unit: Span, bodies: list[Mention]) -> str | None:
    """The body the clause is about: the first named, else the section's, else (a pronoun:
    "resolution 7/1 made it permanent") the last body the paragraph named."""
    if bodies:
        return bodies[0].iri
    if len(set(ctx.section_bodies)) == 1:
        return ctx.section_bodies[0]
    if ctx.para_bodies and re.search(r"\b(?:it|them|elle|il|ils|elles|l')\b|\bl'a\b|\ben\s+(?:a|ont|avait)\s+fait\b",
                                     fold(unit.text)):
        return ctx.para_bodies[-1]
    return None


def _instrument_title(ctx: Context, part: Part, unit: Span, m: Mention) -> None:
    rest = ctx.text[m.end:unit.end]
    t = re.match(r"\s*,?\s*(?:intitulée?|entitled|titled)\s*[«\"“]\s*([^»\"”]+?)\s*[»\"”]", rest)
    if t:
        ctx.add(Fact(F.INSTRUMENT, m.iri, {"title": t.group(1)}, part,
                     [ctx.span(m.end + t.start(1), m.end + t.end(1))]), unit)
        return
    s = re.match(r"(\s*(?:de\s+la\s+conf[ée]rence\s+des\s+parties|of\s+the\s+conference(?:\s+of\s+the\s+parties)?)?\s*,?\s*"
                 r"(?:sur|relatif|relative|relatives|relatifs|concernant|on|concerning|entitled|on\s+the\s+subject\s+of)"
                 r"(?:\s+(?:à|aux|au))?\s+(?:(?:la|le|les|l')\s*|the\s+)?)", rest, re.IGNORECASE)
    if not s:
        return
    body = rest[s.end():]
    stop = re.search(r",\s+(?:un|une|la|le|les|l'|the|an?|it|elle|il)\b\s*|\.\s|;|$", body, re.IGNORECASE)
    subject = body[:stop.start()].strip().rstrip(",")
    if 2 <= len(subject.split()) <= 40:
        start = m.end + s.end()
        ctx.add(Fact(F.INSTRUMENT, m.iri, {"subject": subject}, part, [ctx.span(start, start + len(subject))]), unit)


def _heading(ctx, part, unit, bodies, instruments, dates, places) -> None:
    """A heading names the section's bodies, and often their meetings' dates and place."""
    ctx.section_bodies = list(dict.fromkeys(b.iri for b in bodies))
    ctx.section_meetings = []
    ctx.para_meetings = []
    f = fold(unit.text)
    for b in bodies:
        members = _membership(_description(ctx, unit, b))
        vals = {"body_of": ctx.linker.conference}
        if members:
            vals["membership"] = members
        ctx.add(Fact(F.BODY, b.iri, vals, part, [ctx.span(b.start, b.end)]), unit)
        ctx.last_body = b.iri
    create = find("create", f)
    if create and instruments and len(ctx.section_bodies) == 1:
        ctx.add(Fact(F.ESTABLISHMENT, None, {"body": ctx.section_bodies[0], "instrument": instruments[0].iri},
                     part, [ctx.span(unit.start + create[0].start(), instruments[0].end)]), unit)
    # dates and place of the section's meetings, matched later with the paragraphs' meetings
    for d in dates:
        ctx.facts.append(Fact("heading-dates", None, {"bodies": list(ctx.section_bodies), "start": d.first,
                                                      "end": d.last, "place": places[0].iri if places else None},
                              part, [ctx.span(d.start, d.end)] + ([ctx.span(places[0].start, places[0].end)] if places else [])))
        ctx.understood.setdefault((unit.start, unit.end), [])
    if places and not dates and ctx.section_bodies:  # "Meetings of the Working Group on X held in Vienna"
        tense = "Held" if find("held", f) or re.search(r"\bheld\b|\btenue?s?\b", f) else \
            "Planned" if find("planned", f) else None
        ctx.facts.append(Fact("heading-place", None, {"bodies": list(ctx.section_bodies), "place": places[0].iri,
                                                      "status": tense}, part, [ctx.span(places[0].start, places[0].end)]))
    for m in instruments:
        if ctx.linker.known(m.iri):
            ctx.facts.append(Fact(F.MENTION, m.iri, {}, part, [unit]))
    if bodies or dates:
        ctx.understood.setdefault((unit.start, unit.end), []).append(ctx.facts[-1] if ctx.facts else None)


def _provisions(ctx: Context, part: Part, unit: Span, f: str, instrument, bodies, sessions) -> None:
    sp = lambda m: ctx.span(unit.start + m.start(), unit.start + m.end())  # noqa: E731
    named = list(dict.fromkeys(b.iri for b in bodies))
    enc = find("encourage", f)
    if enc and instrument and named:
        mods = [name for key, name in (("annually", "Annually"), ("as-needed", "AsNeeded"), ("back-to-back", "BackToBack"))
                if find(key, f)]
        vals = {"instrument": instrument, "bodies": named, "modality": mods}
        if find("efficient", f):
            vals["purpose"] = "EfficientUseOfResources"
        ctx.add(Fact(F.ENCOURAGEMENT, f"{instrument}/provision/encourage-" + "-".join(
            b.rsplit("/", 1)[-1].replace("working-group-", "") for b in named), vals, part, [sp(enc[0])]), unit)
    rea = find("reaffirm", f)
    if rea:
        target = ctx.last_instrument if re.search(r"\bcette\s+decision|\bthis\s+decision|\bthat\s+decision|\bcette\s+resolution|\bthis\s+resolution", f) else None
        target = target or (ctx.linker.instruments(unit.text, unit.start)[0].iri if ctx.linker.instruments(unit.text, unit.start) else None)
        if target:
            vals = {"reaffirms": target}
            if len(set(ctx.section_bodies)) == 1:
                vals["body"] = ctx.section_bodies[0]
            if find("all-subsequent", f):
                vals["modality"] = ["InAllSubsequentResolutions"]
            num = target.rsplit("/", 2)
            ctx.add(Fact(F.REAFFIRMATION, f"{ctx.linker.conference}/provision/reaffirm-{num[-2]}-{num[-1]}", vals,
                         part, [sp(rea[0])]), unit)
    conv = find("convene", f)
    if conv and find("request", f) and instrument:
        generic = [(s, e, k) for s, e, k in ctx.linker.generic_bodies(unit.text, unit.start) if s > unit.start + conv[0].start()]
        body = None
        after_named = [b for b in bodies if b.start > unit.start + conv[0].start()]
        if after_named:
            body = after_named[0].iri
        elif generic:
            body = _resolve_generic(ctx, generic[0][2])
        orgs = ctx.linker.orgs_in(unit.text, unit.start)
        vals = {"instrument": instrument}
        if body:
            vals["body"] = body
        if orgs:
            vals["addressee"] = orgs[0].iri
        if find("at-least-one", f):
            vals["minimum"] = 1
        if find("within-resources", f):
            vals["modality"] = ["WithinAvailableResources"]
        if body:
            ctx.add(Fact(F.CONVENING, f"{instrument}/provision/convene-{body.rsplit('/', 1)[-1]}", vals, part,
                         [sp(conv[0])]), unit)
            for o in orgs:
                ctx.facts.append(Fact(F.MENTION, o.iri, {}, part, [unit]))
    res = find("results-submitted", f)
    if res and sessions and instrument:
        generic = [(s, e, k) for s, e, k in ctx.linker.generic_bodies(unit.text, unit.start)]
        body = bodies[0].iri if bodies else (_resolve_generic(ctx, generic[0][2]) if generic else None)
        if body:
            ctx.add(Fact(F.SUBMISSION, f"{instrument}/provision/submit-{body.rsplit('/', 1)[-1]}-results",
                         {"instrument": instrument, "body": body, "session": sessions[-1].iri}, part, [sp(res[0])]), unit)
    review = [b for b in bodies if ctx.linker.entities.get(b.iri) and "ReviewMechanism" in ctx.linker.entities[b.iri].types]
    if instrument and review:
        mech = review[0].iri
        ad = find("adopt-procedures", f)
        if ad:
            vals = {"instrument": instrument, "body": mech}
            if find("subject-to", f):
                vals["modality"] = ["SubjectToInstrumentProvisions"]
            ctx.add(Fact(F.PROCEDURES, f"{instrument}/provision/adopt-procedures-and-rules", vals, part, [sp(ad[0])]), unit)
        ph = find("preparatory-phase", f)
        if ph and find("launch", f):
            ctx.add(Fact(F.PHASE, f"{instrument}/provision/launch-preparatory-phase",
                         {"instrument": instrument, "body": mech, "phase": "PreparatoryPhase"}, part, [sp(ph[0])]), unit)


def _held_first(pool: list[MeetingRef], n: int) -> list[MeetingRef]:
    """The last ``n`` meetings of ``pool``, held ones first when there are more than ``n``
    (a report is on a meeting held; a planned one's report only when the text pairs them),
    then those of unknown status; a meeting named in a complement last."""
    pool = list({r.iri: r for r in pool if r.iri}.values())
    for keep in (lambda r: not r.complement, lambda r: r.status != "Planned", lambda r: r.status == "Held"):
        if len(pool) > n and len([r for r in pool if keep(r)]) >= n:
            pool = [r for r in pool if keep(r)]
    return pool[-n:] if n else []


def _check_series(ctx, syms, meetings: list, pool: list[MeetingRef]) -> tuple[list, dict[str, list[str]]]:
    """The symbol series of graph/ (CTOC/COP/WG.6 -> the Working Group on Firearms) against
    the meetings the text gave the reports: pair again by series when that is one to one,
    else leave a report whose series belongs to another body without its meeting."""
    notes: dict[str, list[str]] = {}
    series = [ctx.linker.series_body(sym) for _s, _e, sym in syms]
    pool = list({r.iri: r for r in pool if r.iri}.values())

    def by_series(body):
        cands = [r for r in pool if r.body == body]
        held = [r for r in cands if r.status != "Planned"]
        cands = held if len(held) == 1 else cands
        return cands[0] if len(cands) == 1 else None

    if meetings and any(b and m.body != b for b, m in zip(series, meetings)):
        again = [by_series(b) if b else m for b, m in zip(series, meetings)]
        if all(again) and len({r.iri for r in again}) == len(again):
            return again, notes
        out = []
        for (_s, _e, sym), b, m in zip(syms, series, meetings):
            if b and m.body != b:
                notes.setdefault(sym, []).append(
                    f"the text points to {m.iri[len(ID_NS):]}, but the series of {sym} belongs to "
                    f"{b[len(ID_NS):]} in graph/: check which meeting it reports on")
                out.append(None)
            else:
                out.append(m)
        return out, notes
    if not meetings and pool and all(series):
        again = [by_series(b) for b in series]
        if all(again) and len({r.iri for r in again}) == len(again):
            for (_s, _e, sym), r in zip(syms, again):
                notes.setdefault(sym, []).append(f"paired with {r.iri[len(ID_NS):]} by its symbol series (graph/)")
            return again, notes
    return meetings, notes


def _reports(ctx, part, unit, f, syms, refs, sessions, instruments) -> None:
    """Report symbols -> the meetings they report on, the session, the instrument."""
    meetings: list[MeetingRef] = []
    # the meetings of this paragraph; a paragraph of reports alone is about the section's
    para = [r for r in ctx.para_meetings if r.iri] or [r for r in ctx.section_meetings if r.iri and r not in refs]
    if len(syms) > 1 and (find("respectively", f) or find("these-meetings", f)):
        pool = para if len({r.iri for r in para}) >= len(syms) else [r for r in ctx.section_meetings if r.iri]
        meetings = _held_first(pool, len(syms))
    elif (refs or ctx.para_meetings) and len(syms) == 1 and re.search(
            r"\b(?:cette\s+derniere|ce\s+dernier|celle-ci|the\s+latter)\b", f):
        meetings = [r for r in (refs or ctx.para_meetings) if r.iri][-1:]  # "…, et sa huitième réunion … ; le rapport de cette dernière porte la cote …"
    elif refs:
        meetings = [r for r in refs if r.iri][: len(syms)]
    elif len(syms) == 1 and re.search(r"\b(?:son|sa|leur|its|their)\s+(?:rapport|report)\b", f) and \
            [r for r in para if not r.reference]:
        meetings = _held_first([r for r in para if not r.reference], 1)
    elif (find("this-meeting", f) or part.kind == FOOTNOTE and re.search(
            r"\b(?:cette|ladite)\s+(?:session|reunion)\b|\b(?:this|that)\s+(?:session|meeting)\b", f)) and ctx.para_meetings:
        meetings = ctx.para_meetings[-1:]
    elif len(syms) == len({r.iri for r in para}):
        meetings = list({r.iri: r for r in para}.values())
    elif len(syms) == 1 and len({r.iri for r in ctx.section_meetings if r.iri}) == 1:
        meetings = ctx.section_meetings[-1:]
    if len(meetings) != len(syms):
        meetings = []
    meetings, series_notes = _check_series(ctx, syms, meetings, para + [r for r in refs if r.iri])
    session = None
    sub = find("submit", f)
    if not sessions:  # "…; both will be submitted to the Conference at its twelfth session"
        sentence = _sentence_of(part, unit)
        if sentence is not None and sentence.end > unit.end:
            rest = ctx.span(unit.end, sentence.end)
            fr = fold(rest.text)
            if find("submit", fr) or find("conference", fr):
                sessions = ctx.linker.sessions(rest.text, ctx.lang, rest.start)
                sub = sub or find("submit", fr)
    if sessions and (sub or find("conference", f)):
        session = sessions[-1].iri
    pursuant = None
    for p in find("pursuant", f):
        after = [i for i in instruments if i.start >= unit.start + p.end()]
        if after and after[0].start - (unit.start + p.end()) < 40:
            pursuant = after[0].iri
            break
    for k, (s, e, sym) in enumerate(syms):
        vals = {"symbol": sym}
        if meetings and meetings[k] is not None:
            vals["meeting"] = meetings[k].iri
        if session:
            vals["session"] = session
        if pursuant:
            vals["pursuant"] = pursuant
        notes = [] if meetings and meetings[k] is not None else ["the meeting this report is on could not be told from the text"]
        notes += series_notes.get(sym, [])
        spans = [ctx.span(s, e)]
        if session:
            spans.append(ctx.span(sessions[-1].start, sessions[-1].end))
        ctx.add(Fact(F.REPORT, f"{ID_NS}doc/{symbol_slug(sym)}", vals, part, spans, notes), unit)
    # "… (SYMBOL) et celui sur la huitième réunion seront présentés …" / "and the one on the eighth meeting":
    # the report already known for that meeting takes the sentence's session and instrument
    if session or pursuant:
        used = {m.iri for m in meetings if m is not None}
        for r in refs:
            if r.iri in used or not re.search(r"\b(?:celui|that|the\s+one)\s+(?:sur|on|de|of|du)\s+(?:la|le|the|sa|its)?\s*$",
                                              fold(ctx.text[max(unit.start, r.start - 30):r.start])):
                continue
            known = [x for x in ctx.facts if x.kind == F.REPORT and x.values.get("meeting") == r.iri]
            if known:
                vals = {"symbol": known[0].values["symbol"], "meeting": r.iri}
                if session:
                    vals["session"] = session
                if pursuant:
                    vals["pursuant"] = pursuant
                ctx.add(Fact(F.REPORT, known[0].subject, vals, part, [ctx.span(r.start, r.end)]), unit)


def read_parts(ctx: Context, parts: list[Part]) -> None:
    """Run the rules over every part, in reading order."""
    header = next((p for p in parts if p.kind == HEADER), None)
    title = next((p for p in parts if p.kind == TITLE), None)
    footnotes = [p for p in parts if p.kind == FOOTNOTE]
    doc = header_facts(ctx, header, title, footnotes)
    ctx.document = doc
    heading = None
    part_meetings: dict[str, list[MeetingRef]] = {}
    for part in parts:
        if part.kind in (HEADER, TITLE):
            continue
        if part.kind == FOOTNOTE:
            # a Markdown footnote "[^2]: …" is about the part that calls it ("… à Vienne[^2]")
            caller = next((p for p in parts if p is not part and p.marker is None and f"[^{part.marker}]" in p.text), None)
            if caller is not None and caller.key in part_meetings:
                ctx.para_meetings = list(part_meetings[caller.key])
            for u in units(part):
                if doc.get("agenda") and symbols(u.text):
                    ctx.understood.setdefault((u.start, u.end), []).append(
                        next(x for x in ctx.facts if x.kind == F.AGENDA))
                else:
                    read_unit(ctx, part, u)
            continue
        if part.kind in BODY_KINDS:
            ctx.para_meetings = []
            ctx.para_bodies = []
        if part.kind == HEADING:
            heading = part
        ctx.section_of[part.key] = heading.key if heading is not None else None
        for u in units(part):
            read_unit(ctx, part, u)
        part_meetings[part.key] = list(ctx.para_meetings)
    _merge_headings(ctx)


def _merge_headings(ctx: Context) -> None:
    """Give the meetings of a section what its heading states: the dates and place of a
    meeting with the same dates; the place of the meetings whose dates lie in a range the
    heading gives for several of them ("held in Vienna from 2 to 6 March"); the place of
    the section's meetings when the heading gives a place and no dates (of its held
    meetings when it says "held")."""
    headings = [x for x in ctx.facts if x.kind in ("heading-dates", "heading-place")]
    ctx.facts = [x for x in ctx.facts if x.kind not in ("heading-dates", "heading-place")]
    meetings = [x for x in ctx.facts if x.kind == F.MEETING and x.part is not None]
    placed = {m.subject for m in meetings if m.values.get("place")}
    status = {}
    for m in meetings:
        status.setdefault(m.subject, m.values.get("status"))
    done = set()
    for h in headings:
        key = (h.part.blocks[0].start, h.part.blocks[0].end)
        place = h.values.get("place")
        for m in meetings:
            if m.values["body"] not in h.values["bodies"] or (m.subject, h.part.key) in done:
                continue
            vals = {"body": m.values["body"], "ordinal": m.values["ordinal"]}
            if h.kind == "heading-dates":
                if "start" not in m.values:
                    continue
                if m.values["start"] == h.values["start"] and m.values["end"] == h.values["end"]:
                    vals.update(start=h.values["start"], end=h.values["end"])
                elif not (place and ctx.section_of.get(m.part.key) == h.part.key
                          and h.values["start"] <= m.values["start"] and m.values["end"] <= h.values["end"]):
                    continue
            elif ctx.section_of.get(m.part.key) != h.part.key or m.subject in placed or (
                    h.values["status"] and status.get(m.subject) != h.values["status"]):
                continue
            if place:
                vals["place"] = place
            if len(vals) > 2:
                done.add((m.subject, h.part.key))
                ctx.facts.append(Fact(F.MEETING, m.subject, vals, h.part, h.spans))
                ctx.understood.setdefault(key, []).append(ctx.facts[-1])
