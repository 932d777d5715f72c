"""Entity linking: find the entities a text names and give each its IRI.

The known entities are read from the graph (``graph/shared.ttl`` and the other
``graph/*.ttl``): the Conference, its sessions, the subsidiary bodies, instruments,
treaties, places and UN entities, with every ``rdfs:label`` and ``skos:altLabel`` in
either language.  A body is recognised by its head ("Working Group", "groupe de
travail", "expert group", "mechanism") and the subject after "on"/"sur", whatever
stands between (open-ended, interim, provisional, provisoire, intergovernmental, of
government experts, à composition non limitée …); an expert group also by the
instrument it was established under.  What is named but unknown gets an IRI by the
scheme of ``ontology/README.md`` and is marked new, for review.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from os import PathLike
from pathlib import Path

from ctoc_kg.extract.numbers import find_ordinals, fold
from ctoc_kg.namespaces import ID_NS, ONTOLOGY_NS, RDF, RDFS, SKOS

CTOC = ONTOLOGY_NS
RDFS_LABEL = RDFS + "label"
SKOS_ALT = SKOS + "altLabel"
SKOS_PREF = SKOS + "prefLabel"
RDF_TYPE = RDF + "type"

BODY_CLASSES = ("WorkingGroup", "ExpertGroup", "ReviewMechanism", "SubsidiaryBody")


@dataclass(frozen=True)
class Mention:
    """``text[start:end]`` names ``iri`` (``kind``: body, instrument, treaty, place, …)."""

    start: int
    end: int
    iri: str
    kind: str
    new: bool = False
    label: str | None = None      # for a new entity: the name as written
    cls: str | None = None        # for a new entity: its ctoc class
    note: str | None = None       # for a new entity: what the reviewer should check


@dataclass
class Entity:
    iri: str
    types: set[str] = field(default_factory=set)
    labels: dict[str, list[str]] = field(default_factory=dict)  # lang -> labels


_ARTICLE = r"(?:the\s+|la\s+|le\s+|les\s+|l'|des\s+|du\s+|de\s+la\s+|de\s+l'|d')?"
_BODY_HEAD = (r"(?:working\s+group|groupes?\s+de\s+travail|expert\s+group|groupe\s+d'experts"
              r"|groupe\s+(?:\w+\s+){0,2}d'experts)")
_STOP = {"the", "of", "on", "in", "and", "to", "a", "an", "for", "by", "with", "its", "their", "la", "le",
         "les", "l", "de", "des", "du", "d", "et", "a", "au", "aux", "en", "sur", "pour", "par", "un", "une",
         "contre", "against", "supplementing", "additionnel", "protocol", "protocole", "convention", "united",
         "nations", "unies", "transnational", "transnationale", "organized", "organisee", "crime",
         "criminalite", "s", "y", "rapportant", "thereto", "especially", "particulier", "visant"}


def slug(text: str) -> str:
    """An IRI path segment from a name: folded, words joined by hyphens."""
    words = re.findall(r"[a-z0-9]+", fold(text))
    return "-".join(w for w in words if w not in ("the", "of", "la", "le", "les", "l", "de", "des", "du", "d"))[:60].strip("-")


def symbol_slug(symbol: str) -> str:
    """``CTOC/COP/WG.4/2019/6`` -> ``ctoc-cop-wg.4-2019-6`` (the scheme of ontology/README.md)."""
    return re.sub(r"[^a-z0-9.]+", "-", symbol.lower()).strip("-")


# The subjects of the Conference's working groups as they are written in either language:
# one alternation per subject (folded). A known body whose name's subject is one of these
# is also found under the others ("Working Group on Human Trafficking", "groupe de travail
# sur la traite des êtres humains", "the Firearms Working Group").
TOPIC_VARIANTS = (
    r"trafficking\s+in\s+(?:persons|human\s+beings)|trafficking\s+of\s+persons|human\s+trafficking|trafficking\s+in\s+human\s+beings"
    r"|traite\s+(?:des|de)\s+(?:personnes|etres\s+humains)",
    r"(?:the\s+)?smuggling\s+of\s+migrants|migrant\s+smuggling|trafic\s+(?:illicite\s+)?(?:de|des)\s+migrants",
    r"(?:illicit\s+)?firearms|armes\s+a\s+feu",
    r"international\s+cooperation|cooperation\s+internationale",
    r"technical\s+assistance|assistance\s+technique",
)
# The head words of those subjects, in either language, each to one concept: a name whose
# subject is made of these words only, all of them in ONE known body's subject, is a short
# name of that body ("the Working Group on Trafficking", "le Groupe de travail sur la
# traite", "the Trafficking Working Group"): linked to it and flagged for review, never minted.
HEAD_WORDS = {
    "trafficking": "trafficking", "traite": "trafficking",
    "persons": "persons", "personnes": "persons", "human": "persons", "humains": "persons", "beings": "persons",
    "etres": "persons",
    "smuggling": "smuggling", "trafic": "smuggling", "migrants": "migrants", "migrant": "migrants",
    "firearms": "firearms", "armes": "firearms",
    "cooperation": "cooperation", "international": "international", "internationale": "international",
    "technical": "technical", "technique": "technical", "assistance": "assistance",
}
# words that may stand among head words without changing the subject
_HEAD_FILLER = {"illicit", "illicite", "feu", "a", "of", "in", "des", "de", "du", "la", "le", "les", "l", "d", "the",
                "on", "sur", "et", "and"}
# acronyms of the Conference's working groups as the Secretariat and delegations write them:
# acronym -> the head words of the body's subject (resolved to the body of graph/ with them)
ACRONYMS = {
    "WGTIP": frozenset({"trafficking", "persons"}), "WGSOM": frozenset({"smuggling", "migrants"}),
    "WGFA": frozenset({"firearms"}), "WGF": frozenset({"firearms"}),
    "WGIC": frozenset({"international", "cooperation"}), "WGTA": frozenset({"technical", "assistance"}),
}


def head_words(topic: str) -> frozenset[str] | None:
    """The concepts of a subject written with head words only ("trafficking", "la traite des
    êtres humains" -> {trafficking, persons}); None when another word stands in it."""
    out = set()
    for w in re.findall(r"[a-z]+", fold(topic)):
        if w in HEAD_WORDS:
            out.add(HEAD_WORDS[w])
        elif w not in _HEAD_FILLER:
            return None
    return frozenset(out) or None


# words that end a new body's name: participles, relative pronouns, verbs (folded)
_NAME_END = (r"et|and|qui|which|who|whose|dont|lequel|laquelle|ayant|etant|having|being|to|pour|for|a|has|have|had|was"
             r"|were|will|would|is|are|met|meets|held|convened|est|sont|devrait|doit|se|s'est|established|creee?s?"
             r"|tenue?s?|lors|during|with|avec|at|from|since|depuis|in|dans")


def _topic(label: str) -> str | None:
    """The subject of a body's name: the words after its last "on"/"sur" (articles dropped)."""
    m = re.search(r"\b(?:on|sur)\s+" + _ARTICLE + r"(.+)$", label, re.IGNORECASE)
    return m.group(1).strip() if m else None


_OTHER_ORGAN = re.compile(r"general assembly|assemblee generale|security council|conseil de securite|economic and social"
                          r" council|conseil economique et social|human rights council|conseil des droits de l'homme"
                          r"|commission on (?:crime|narcotic)|commission (?:pour la prevention|des stupefiants)")


class Linker:
    """Links names to the entities of a graph (default: the shipped ``graph/``)."""

    def __init__(self, files: list[str | PathLike[str]] | None = None) -> None:
        from rdflib import Graph

        from ctoc_kg import resources

        paths = [Path(f) for f in files] if files is not None else resources.graph_files()
        g = Graph()
        for p in paths:
            g.parse(p, format="turtle")
        self.entities: dict[str, Entity] = {}
        for s, p, o in g:
            if not str(s).startswith(ID_NS):
                continue
            e = self.entities.setdefault(str(s), Entity(str(s)))
            if str(p) == RDF_TYPE and str(o).startswith(CTOC):
                e.types.add(str(o)[len(CTOC):])
            elif str(p) in (RDFS_LABEL, SKOS_ALT, SKOS_PREF) and getattr(o, "language", None):
                e.labels.setdefault(o.language[:2], []).append(str(o))
        self.bodies = [e for e in self.entities.values() if e.types & set(BODY_CLASSES)]
        self.treaties = [e for e in self.entities.values() if e.types & {"Protocol", "Convention", "Treaty"}]
        self.places = [e for e in self.entities.values() if "Place" in e.types]
        self.conference = next((e.iri for e in self.entities.values() if "Conference" in e.types), ID_NS + "cop")
        self._topics: list[tuple[str, str]] = []  # (folded topic, iri)
        self._variants: list[tuple[re.Pattern[str], str]] = []  # (a subject in any wording, iri)
        self._heads: dict[str, set[str]] = {}  # body IRI -> the head words of its subject
        for b in self.bodies:
            for labels in b.labels.values():
                for label in labels:
                    t = _topic(label)
                    if t and re.search(r"\b(?:working group|groupe de travail)\b", fold(label)):
                        self._topics.append((fold(t), b.iri))
                        if head_words(t):
                            self._heads.setdefault(b.iri, set()).update(head_words(t))
                        for v in TOPIC_VARIANTS:
                            if re.fullmatch(v, fold(t)) and all(i != b.iri for _r, i in self._variants):
                                self._variants.append((re.compile(rf"(?:{v})\b"), b.iri))
        # report symbols by series ("CTOC/COP/WG.6") -> the bodies whose meetings they report on
        symbol, reports_on, meeting_of = {}, {}, {}
        for s_, p_, o_ in g:
            if str(p_) == CTOC + "symbol":
                symbol[s_] = str(o_)
            elif str(p_) == CTOC + "reportsOn":
                reports_on[s_] = o_
            elif str(p_) == CTOC + "meetingOf":
                meeting_of[s_] = str(o_)
        self.series: dict[str, set[str]] = {}
        for r, sym in symbol.items():
            if r in reports_on and reports_on[r] in meeting_of and series(sym):
                self.series.setdefault(series(sym), set()).add(meeting_of[reports_on[r]])

    # --- the kinds of entity -------------------------------------------------

    def label(self, iri: str, lang: str) -> str | None:
        e = self.entities.get(iri)
        if e and e.labels.get(lang):
            return sorted(e.labels[lang])[0]
        return None

    def topic_at(self, tail: str) -> tuple[int, str] | None:
        """The known subject at the start of ``tail`` (folded): (length, body IRI), the
        longest, written as in the graph or in another wording of the same subject."""
        best = None
        for topic, iri in self._topics:
            if tail.startswith(topic) and re.match(r"\b", tail[len(topic):]) and (best is None or len(topic) > best[0]):
                best = (len(topic), iri)
        for rx, iri in self._variants:
            m = rx.match(tail)
            if m and (best is None or m.end() > best[0]):
                best = (m.end(), iri)
        return best

    def short_name(self, topic: str) -> str | None:
        """The one known working group whose subject holds every head word of ``topic``
        ("Trafficking" -> the Working Group on Trafficking in Persons), else None."""
        hw = head_words(topic)
        if not hw:
            return None
        cands = [iri for iri, heads in self._heads.items() if hw <= heads]
        return cands[0] if len(cands) == 1 else None

    def _whole_subject(self, text: str, s0: int) -> str:
        """The subject from ``s0`` to the verb or punctuation that ends it, across the
        prepositions that end a new name ("Trafficking in Cultural Property" is not
        "Trafficking"), without a place or a date after it ("… in Vienna")."""
        f = fold(text)
        m = re.match(r"[\w' -]+?(?=[,.;:()]|\s+(?:qui|which|who|whose|dont|ayant|etant|having|being|has|have|had|was|were"
                     r"|will|would|is|are|met|meets|held|convened|est|sont|devrait|doit|se|s'est|a|ont|tiendra|tiendront"
                     r"|established|creee?s?|tenue?s?|lors|during)\b|$)", f[s0:s0 + 200])
        subject = text[s0:s0 + (m.end() if m else 0)]
        for p in self.places_in(subject):
            subject = re.sub(r"\s+(?:in|at|à|a|en)\s*$", "", subject[:p.start])
            break
        return re.split(r"\s+(?:on|from|in|du|le|les)\s+\d", subject)[0]

    def acronym(self, acronym: str) -> str | None:
        """The known body an acronym of ``ACRONYMS`` stands for ("WGSOM"), else None."""
        heads = ACRONYMS.get(acronym)
        cands = [iri for iri, h in self._heads.items() if heads and heads == h]
        return cands[0] if len(cands) == 1 else None

    def _overlap(self, topic: str) -> str | None:
        """A note for a new body whose subject shares a word with a known body's subject."""
        words = set(re.findall(r"[a-z]{4,}", fold(topic))) - _STOP
        for t, iri in self._topics:
            if words & (set(re.findall(r"[a-z]{4,}", t)) - _STOP):
                return (f"its subject shares words with {iri[len(ID_NS):]}: another name of that body? "
                        "If so, use that IRI (or add the name to graph/shared.ttl as a skos:altLabel)")
        return None

    def series_body(self, symbol: str) -> str | None:
        """The body whose reports carry ``symbol``'s series in graph/ (one body), else None."""
        bodies = self.series.get(series(symbol) or "", set())
        return next(iter(bodies)) if len(bodies) == 1 else None

    def known(self, iri: str) -> bool:
        return iri in self.entities and bool(self.entities[iri].types)

    def instruments(self, text: str, offset: int = 0) -> list[Mention]:
        """"résolution 7/1", "decision 4/4", "resolutions 5/3 and 5/4"."""
        out = []
        for m in re.finditer(r"\b(r[ée]solution|d[ée]cision)s?\s+((?:\d{1,2}/\d{1,2})(?:(?:\s*,\s*|\s+(?:et|and)\s+)\d{1,2}/\d{1,2})*)",
                             text, re.IGNORECASE):
            kind = "resolution" if fold(m.group(1)).startswith("resolution") else "decision"
            around = fold(text[max(0, m.start() - 80):m.start()] + " " + text[m.end():m.end() + 40])
            if _OTHER_ORGAN.search(around):
                continue  # a resolution of the General Assembly, the Council …: not the Conference's
            for n in re.finditer(r"\d{1,2}/\d{1,2}", m.group(2)):
                iri = f"{ID_NS}{kind}/{n.group(0).replace('/', '-')}"
                s = m.start(2) + n.start() if n.start() else m.start()
                out.append(Mention(offset + s, offset + m.start(2) + n.end(), iri, "instrument",
                                   new=not self.known(iri), label=n.group(0),
                                   cls="Resolution" if kind == "resolution" else "Decision"))
        return out

    def sessions(self, text: str, lang: str, offset: int = 0) -> list[Mention]:
        """"dixième session", "tenth session", "session 10" of the Conference."""
        out = []
        for o in find_ordinals(text, lang):
            after = text[o.end:o.end + 12]
            if re.match(r"\s+sessions?\b", after, re.IGNORECASE):
                iri = f"{ID_NS}session/{o.value}"
                end = o.end + re.match(r"\s+sessions?", after, re.IGNORECASE).end()
                out.append(Mention(offset + o.start, offset + end, iri, "session", new=not self.known(iri),
                                   label=str(o.value), cls="Session"))
        return out

    def bodies_in(self, text: str, offset: int = 0, instruments: list[Mention] | None = None) -> list[Mention]:
        """Subsidiary bodies named in ``text``."""
        out: list[Mention] = []
        f = fold(text)
        taken: list[tuple[int, int]] = []

        def add(s: int, e: int, iri: str, new=False, label=None, cls=None, note=None):
            if any(s < te and ts < e for ts, te in taken):
                return
            taken.append((s, e))
            out.append(Mention(offset + s, offset + e, iri, "body", new, label, cls, note))

        # full names first (exact, folded), longest first
        names = sorted(((fold(lab), b.iri) for b in self.bodies for labs in b.labels.values() for lab in labs),
                       key=lambda x: -len(x[0]))
        for name, iri in names:
            for m in re.finditer(re.escape(name), f):
                add(m.start(), m.end(), iri)
        # a head, modifiers without "on"/"sur", then "on"/"sur" and a known topic
        head = re.compile(_BODY_HEAD, re.IGNORECASE)
        for h in head.finditer(f):
            rest = f[h.end():h.end() + 200]
            m = re.match(r"((?:(?!\b(?:on|sur)\b|working group|groupe de travail)[^.;:()])*?)\b(?:on|sur)\s+" + _ARTICLE, rest)
            if m:
                tail = rest[m.end():]
                best = self.topic_at(tail)
                if best:
                    end = h.end() + m.end() + best[0]
                    add(h.start(), end, best[1])
                    # one plural head, several subjects: "the working groups on trafficking in
                    # persons, on the smuggling of migrants and on firearms"
                    while True:
                        more = re.match(r"\s*(?:,\s*(?:and\s+|et\s+)?|\s+and\s+|\s+et\s+)(?:on|sur)\s+" + _ARTICLE, f[end:])
                        if not more:
                            break
                        nxt = self.topic_at(f[end + more.end():])
                        if nxt is None:
                            break
                        add(end + more.end(), end + more.end() + nxt[0], nxt[1])
                        end = end + more.end() + nxt[0]
                    continue
                if "working group" in h.group(0) or "groupe" in h.group(0) and "travail" in h.group(0):
                    s0 = h.end() + m.end()
                    whole = self._whole_subject(text, s0)
                    short = self.short_name(whole)
                    if short and not self.known(f"{ID_NS}body/working-group-{slug(whole)}"):
                        # a short name of a known body: linked, flagged, never minted
                        end = s0 + len(whole.rstrip())
                        add(h.start(), end, short, note=_short_note(" ".join(text[h.start():end].split()), short))
                        continue
                    name = _new_name("".join("à" if c in "àÀ" else x for c, x in zip(text, f)), s0)  # à is not 'a' (has)
                    # a name cut at a preposition goes on to the verb ("… on Trafficking in Cultural Property held")
                    if re.match(r"\s*(?:in|to|for|with|at|from|a|pour|avec|dans)\b", f[s0 + len(name):]) and \
                            len(whole) > len(name) and not re.search(r"\d", whole) and len(whole.split()) <= 8 and \
                            not re.search(r"\b(?:meetings?|reunions?|sessions?|reports?|rapports?)\b", fold(whole)):
                        name = f[s0:s0 + len(whole)]
                    if name.strip() and len(name.split()) <= 10 and not re.match(
                            r"(?:its|their|sa|ses|son|leurs?|this|that|these|those|cette|ce|ces|her|his)\b|\d",
                            name.strip()) and not re.search(r"\b(?:meetings?|reunions?|sessions?|reports?|rapports?)\b", name):
                        topic_text = text[s0:s0 + len(name)].strip()
                        iri = f"{ID_NS}body/working-group-{slug(topic_text)}"
                        end = s0 + len(name.rstrip())
                        written = " ".join(text[h.start():end].split())
                        label = written[:1].upper() + written[1:]
                        add(h.start(), end, iri, not self.known(iri), label, "WorkingGroup",
                            self._overlap(topic_text) if not self.known(iri) else None)
                    continue
        # a subject before the head: "the Firearms Working Group", "the technical assistance working group"
        for rx, iri in self._variants:
            for m in re.finditer(rf"\b(?:{rx.pattern})\s+working\s+group\b(?!s)", f):
                add(m.start(), m.end(), iri)
        # a subject of head words before the head: "the Trafficking Working Group" (a short name)
        for m in re.finditer(r"(?:^|\b(?:the|a|an|its|their|this|that|of|by|with|and|to|for|whose)\s+|[,;:(]\s*)"
                             r"((?:[a-z]+\s+){1,4}?)working\s+group\b(?!s)", f):
            short = self.short_name(m.group(1))
            if short:
                written = " ".join(text[m.start(1):m.end()].split())
                add(m.start(1), m.end(), short, note=_short_note(written, short))
        # an expert group with the instrument it was established under, in the same clause
        for h in re.finditer(r"expert group|groupe (?:\w+ ){0,2}d'experts|groupe d'experts", f):
            if any(h.start() < te and ts < h.end() for ts, te in taken):
                continue
            clause = f[h.end():h.end() + 220]
            clause = re.split(r"[.;]|\bet (?:une|la|le)\b|\band (?:a|the)\b", clause)[0]
            m = re.search(r"(?:resolution|decision)\s+(\d{1,2})/(\d{1,2})", clause)
            if m:
                for kind in ("resolution", "decision"):
                    iri = f"{ID_NS}body/expert-group-{kind}-{m.group(1)}-{m.group(2)}"
                    if iri in self.entities:
                        add(h.start(), h.end() + m.end(), iri)
                        break
        # other named groups, in English title case: "the Implementation Review Group"
        for m in re.finditer(r"\b((?:[A-Z][a-z]+(?:-[a-z]+)?\s+){1,4})Group\b", text):
            words = m.group(1).split()
            while words and words[0] in ("The", "A", "An", "This", "That", "Its", "Their", "In", "By", "Under"):
                words = words[1:]
            if not words or words[-1] in ("Working", "Expert", "Experts"):
                continue
            name = " ".join(words) + " Group"
            start = m.start() + m.group(0).index(words[0])
            known = next((b.iri for b in self.bodies for labs in b.labels.values() for lab in labs
                          if fold(lab) == fold(name)), None)
            iri = known or f"{ID_NS}body/{slug(name)}"
            add(start, m.end(), iri, known is None and not self.known(iri), name, "SubsidiaryBody")
        # the review mechanism
        for m in re.finditer(r"mecanisme d'examen(?: de l'application)?|(?:implementation )?review mechanism|mechanism for the review(?: of the implementation)?", f):
            for b in self.bodies:
                if "ReviewMechanism" in b.types:
                    add(m.start(), m.end(), b.iri)
                    break
        return sorted(out, key=lambda x: x.start)

    def generic_bodies(self, text: str, offset: int = 0) -> list[tuple[int, int, str]]:
        """Heads that name a body without saying which ("the Working Group", "le groupe
        d'experts"): (start, end, kind) with kind ``working-group``/``expert-group``/``mechanism``."""
        out = []
        for m in re.finditer(r"working group|groupe de travail|expert group|groupe (?:\w+ ){0,2}d'experts|groupe d'experts|mecanisme|mechanism", fold(text)):
            kind = ("working-group" if "working" in m.group(0) or "travail" in m.group(0)
                    else "mechanism" if "mecan" in m.group(0) or "mechan" in m.group(0) else "expert-group")
            out.append((offset + m.start(), offset + m.end(), kind))
        return out

    def treaties_in(self, text: str, offset: int = 0) -> list[Mention]:
        """Protocols named in ``text`` (by their distinctive words), and the Convention."""
        out = []
        f = fold(text)
        for m in re.finditer(r"\bprotocol[e]?\b", f):
            window = f[m.end():m.end() + 220]
            window = re.split(r"\.\s|;|\bet (?:l'|le |la |les )?(?:aider|conseiller)|\bto (?:advise|assist)", window)[0]
            words = set(re.findall(r"[a-z]+", window)) - _STOP
            best, score = None, 0
            for t in self.treaties:
                if "Protocol" not in t.types:
                    continue
                tw = set()
                for labs in t.labels.values():
                    for lab in labs:
                        tw |= set(re.findall(r"[a-z]+", fold(lab))) - _STOP
                s = len(words & tw)
                if s > score:
                    best, score = t, s
                elif s == score:
                    best = None if best is not None and s else best
            if best is not None and score >= 2:
                out.append(Mention(offset + m.start(), offset + m.end(), best.iri, "treaty"))
        return out

    def places_in(self, text: str, offset: int = 0) -> list[Mention]:
        out = []
        f = fold(text)
        for p in self.places:
            for labs in p.labels.values():
                for lab in labs:
                    for m in re.finditer(r"\b" + re.escape(fold(lab)) + r"\b", f):
                        out.append(Mention(offset + m.start(), offset + m.end(), p.iri, "place"))
        return sorted(set(out), key=lambda x: x.start)

    def orgs_in(self, text: str, offset: int = 0) -> list[Mention]:
        out = []
        f = fold(text)
        for e in self.entities.values():
            if "UNEntity" not in e.types:
                continue
            names = {fold(lab) for labs in e.labels.values() for lab in labs}
            if e.iri.endswith("/unodc"):
                names |= {"unodc", "onudc", "office"}
            for name in names:
                for m in re.finditer(r"\b" + re.escape(name) + r"\b", f):
                    out.append(Mention(offset + m.start(), offset + m.end(), e.iri, "org"))
        return sorted(set(out), key=lambda x: x.start)


def _short_note(written: str, iri: str) -> str:
    return (f"“{written}” was read as {iri[len(ID_NS):]} (its subject's words are that body's): a short name? "
            "Check the statements on it; if it is another body, give it its own IRI")


def series(symbol: str) -> str | None:
    """The series of a report symbol: ``CTOC/COP/WG.6/2020/4`` -> ``CTOC/COP/WG.6``."""
    m = re.match(r"(.+?)/(?:19|20)\d\d/", symbol)
    return m.group(1) if m else None


def _new_name(f: str, s0: int) -> str:
    """The subject of a body the graph does not know, from ``s0`` in the folded text: up
    to punctuation, a verb, a participle or a relative pronoun ("… des migrants ayant …").
    A relative clause in the present is part of a name ("… on crimes that affect the
    environment", "… sur les infractions qui portent atteinte à l'environnement") when the
    name then ends within six words."""
    stop = rf"(?=[,.;:()]|\s+(?:{_NAME_END})\b|$)"
    words = re.match(rf"[\w' -]+?{stop}", f[s0:s0 + 200])
    if words is None:
        return ""
    rel = re.match(r"\s+(?:qui|that)\s+(?!(?:a|ont|est|sont|s'est|se|sera|seront|devrait|doit|was|were|has|have|had"
                   r"|will|would|is|are|held|met|shall|may|might|can|could)\b)(?:[\w'-]+\s+){0,5}?[\w'-]+" + stop,
                   f[s0 + words.end():s0 + words.end() + 120])
    return f[s0:s0 + words.end() + (rel.end() if rel else 0)]


@lru_cache(maxsize=4)
def shipped_linker() -> Linker:
    return Linker()
