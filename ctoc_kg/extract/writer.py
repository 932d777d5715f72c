"""The one module that writes extracted facts in the project's vocabulary.

``build_graph(extraction) -> rdflib.Graph`` and ``to_turtle(graph) -> bytes`` (the
canonical Turtle of ``ctoc_kg.turtle``, so that ``ctoc-kg fmt`` leaves the file as it is).
The shapes of the output follow ``graph/note-2020-07-01-subsidiary-bodies.ttl``: the
document and its parts, then every fact with ``ctoc:statedIn`` the part that states it.
Entities already in ``graph/`` keep their IRIs and get only what this document states
about them; new ones are typed and labelled (in the note's language where no other
can be derived) and carry an ``rdfs:comment`` asking for review.
"""

from __future__ import annotations

import datetime as _dt

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef

from ctoc_kg.namespaces import DCTERMS, ID_NS, ISO639_1, ONTOLOGY_NS
from ctoc_kg.extract import facts as F
from ctoc_kg.extract.numbers import ordinal_suffix
from ctoc_kg.extract.segment import BLOCK, FOOTNOTE, HEADER, HEADING, PARAGRAPH, TITLE

CTOC = Namespace(ONTOLOGY_NS)
ID = Namespace(ID_NS)
LANG = ISO639_1
# triples that are not statements of the source (the model's rule, ontology/README.md)
UNSTATED = frozenset({URIRef(ONTOLOGY_NS + "statedIn"), RDFS.comment, URIRef(DCTERMS + "source"),
                      URIRef(ONTOLOGY_NS + "unconfirmedEnglish")})
NEW_COMMENT = "Extracted by ctoc-kg extract; not in graph/ before: review the label and type."

PART_CLASS = {HEADER: CTOC.HeaderBlock, TITLE: CTOC.TitleBlock, HEADING: CTOC.Heading,
              PARAGRAPH: CTOC.Paragraph, FOOTNOTE: CTOC.Footnote,
              BLOCK: CTOC.DocumentPart}  # a block of an unnumbered text: a part, numbered in reading order


def _date_label(d: _dt.date | None, lang: str) -> str:
    if d is None:
        return "undated" if lang == "en" else "sans date"
    from babel.dates import format_date

    text = format_date(d, "d MMMM y", locale=lang)
    if lang == "fr" and d.day == 1:
        text = "1er" + text[1:]
    return text


def part_iri(doc: str, part) -> URIRef:
    return URIRef(f"{doc}/{part.key}")


class _Writer:
    def __init__(self, x) -> None:
        self.x = x
        self.g = Graph(bind_namespaces="none")
        self.lang = x.lang
        self.linker = x.linker
        self.doc = URIRef(x.doc)
        self.date = getattr(x, "document", {}).get("date")
        self.prov: dict[tuple, set[URIRef]] = {}  # triple -> the parts that state it
        self.cur: set[URIRef] = set()

    def add(self, s, p, o) -> None:
        t = (URIRef(s) if type(s) is str else s, p, URIRef(o) if type(o) is str else o)
        self.g.add(t)
        if p not in UNSTATED:
            self.prov.setdefault(t, set()).update(self.cur)

    def labels(self, s, en: str, fr: str) -> None:
        known = self.linker.entities.get(str(s))
        if known is not None and known.labels:
            return  # an entity of graph/ keeps its labels (one per language)
        self.add(s, RDFS.label, Literal(en, lang="en"))
        self.add(s, RDFS.label, Literal(fr, lang="fr"))

    def label_of(self, iri: str, lang: str) -> str:
        known = self.linker.label(iri, lang)
        if known:
            return known
        new = self.x.new.get(iri)
        if new is not None:
            return new.label
        return iri.rsplit("/", 1)[-1]

    def stated(self, s, fact) -> None:
        """Nothing to add: ctoc:statedIn is summarised from the statements at the end."""

    def known(self, iri: str) -> bool:
        return self.linker.known(iri)

    def version_labels(self, version, language: str) -> None:
        name = {"en": ("English", "anglaise"), "fr": ("French", "française")}.get(language, (language, language))
        self.labels(version, f"{name[0]} version of the document of {_date_label(self.date, 'en')}",
                    f"version {name[1]} du document du {_date_label(self.date, 'fr')}")

    # --------------------------------------------------------------------------------
    def document(self) -> None:
        x, doc = self.x, self.doc
        values = getattr(x, "document", {})
        kind = CTOC.SecretariatNote if values.get("kind") == "SecretariatNote" else CTOC.Document
        lead = [p for p in x.parts if p.kind in (HEADER, TITLE)] or x.parts[:1]
        self.cur = {part_iri(x.doc, p) for p in lead}
        self.add(doc, RDF.type, kind)
        if not values.get("language"):  # not printed (an original): the language it is written in
            version = URIRef(f"{doc}/{x.lang}")  # the text read is that language version
            self.add(version, RDF.type, CTOC.LanguageVersion)
            self.add(version, CTOC.versionOf, doc)
            self.add(version, CTOC.language, URIRef(LANG + x.lang))
            self.version_labels(version, x.lang)
        what = ("Note by the Secretariat", "Note du Secrétariat") if kind == CTOC.SecretariatNote else ("Document", "Document")
        self.labels(doc, f"{what[0]} of {_date_label(self.date, 'en')}",
                    f"{what[1]} du {_date_label(self.date, 'fr')}")
        for part in x.parts:
            p = part_iri(x.doc, part)
            self.cur = {p}  # a part states its own kind, number and document
            self.add(p, RDF.type, PART_CLASS[part.kind])
            self.add(p, CTOC.partOf, doc)
            if part.number is not None:
                self.add(p, CTOC.partNumber, Literal(part.number, datatype=XSD.integer))
            if part.marker:
                self.add(p, CTOC.marker, Literal(part.marker))
            self.labels(p, f"{part.name('en')} of the note of {_date_label(self.date, 'en')}",
                        f"{part.name('fr')} de la note du {_date_label(self.date, 'fr')}")

    def fact(self, f) -> None:
        v = f.values
        k = f.kind
        self.cur = {part_iri(self.x.doc, f.part)} if f.part is not None else set()
        if k == F.DOCUMENT:
            # the document is the work; the text read is one language version of it,
            # <doc>/<language> (ontology/README.md, "a document is a work")
            s = self.doc
            language = v.get("language") or self.lang  # the text's, when the header prints none
            version = URIRef(f"{self.doc}/{language}")
            if "date" in v:
                date = Literal(v["date"].isoformat(), datatype=XSD.date)
                self.add(s, CTOC.documentDate, date)
                self.add(version, CTOC.distributionDate, date)
            if "distribution" in v:
                self.add(s, CTOC.distribution, CTOC[v["distribution"]])
            if "date" in v or "language" in v:
                self.add(version, RDF.type, CTOC.LanguageVersion)
                self.add(version, CTOC.versionOf, s)
                self.add(version, CTOC.language, URIRef(LANG + language))
                self.version_labels(version, language)
            if "original" in v:
                self.add(s, CTOC.originalLanguage, URIRef(LANG + v["original"]))
            if "session" in v:
                self.add(s, CTOC.forSession, v["session"])
            if "items" in v and getattr(self.x, "document", {}).get("agenda"):
                for n in v["items"]:
                    self.add(s, CTOC.coversAgendaItem, f"{self.x.document['agenda']}/item/{n}")
            if "title" in v:
                self.add(s, CTOC.title, Literal(v["title"], lang=self.lang))
                if language == self.lang:
                    self.add(version, CTOC.title, Literal(v["title"], lang=self.lang))
            if "author" in v:
                self.add(s, CTOC.author, v["author"])
            if "symbol" in v:
                self.add(s, CTOC.symbol, Literal(v["symbol"]))
            self.stated(s, f)
        elif k == F.SESSION:
            s = f.subject
            self.add(s, CTOC.place, v["place"])
            self.add(s, CTOC.startDate, Literal(v["start"].isoformat(), datatype=XSD.date))
            self.add(s, CTOC.endDate, Literal(v["end"].isoformat(), datatype=XSD.date))
            self.stated(s, f)
        elif k == F.AGENDA:
            s = f.subject
            self.add(s, RDF.type, CTOC.ProvisionalAgenda)
            self.add(s, CTOC.symbol, Literal(v["symbol"]))
            if v.get("session"):
                self.add(s, CTOC.forSession, v["session"])
            self.labels(s, f"provisional agenda ({v['symbol']})", f"ordre du jour provisoire ({v['symbol']})")
            self.stated(s, f)
        elif k == F.AGENDA_ITEM:
            s = f.subject
            self.add(s, RDF.type, CTOC.AgendaItem)
            self.add(s, CTOC.itemNumber, Literal(v["number"], datatype=XSD.integer))
            self.add(s, CTOC.itemOf, v["agenda"])
            self.labels(s, f"agenda item {v['number']}", f"point {v['number']} de l'ordre du jour")
            if v.get("title"):
                self.add(s, CTOC.title, Literal(v["title"], lang=self.lang))
            self.stated(s, f)
        elif k == F.MEETING:
            s = f.subject
            body = v["body"]
            self.add(s, RDF.type, CTOC.Meeting)
            self.add(s, CTOC.meetingOf, body)
            self.add(s, CTOC.ordinal, Literal(v["ordinal"], datatype=XSD.integer))
            n = v["ordinal"]
            self.labels(s, f"{ordinal_suffix(n, 'en')} meeting of the {self.label_of(body, 'en')}",
                        f"{ordinal_suffix(n, 'fr')} réunion du {self.label_of(body, 'fr')}")
            if "start" in v:
                self.add(s, CTOC.startDate, Literal(v["start"].isoformat(), datatype=XSD.date))
                self.add(s, CTOC.endDate, Literal(v["end"].isoformat(), datatype=XSD.date))
            if "status" in v:
                self.add(s, CTOC.meetingStatus, CTOC[v["status"]])
            if "place" in v:
                self.add(s, CTOC.place, v["place"])
            self.stated(s, f)
        elif k == F.REPORT:
            s = f.subject
            self.add(s, RDF.type, CTOC.Report)
            self.add(s, CTOC.symbol, Literal(v["symbol"]))
            self.labels(s, f"report {v['symbol']}", f"rapport {v['symbol']}")
            if v.get("meeting"):
                self.add(s, CTOC.reportsOn, v["meeting"])
            if v.get("session"):
                self.add(s, CTOC.submittedTo, v["session"])
            if v.get("pursuant"):
                self.add(s, CTOC.submittedPursuantTo, v["pursuant"])
            self.stated(s, f)
        elif k in (F.ESTABLISHMENT, F.STATUS_CHANGE):
            body, inst = v["body"], v["instrument"]
            tail = body.rsplit("/", 1)[-1]
            if k == F.ESTABLISHMENT:
                kind = next((p for p in ("working-group", "expert-group", "review-mechanism") if tail.startswith(p)), tail)
                s = f"{inst}/provision/establish-{kind}"
                self.add(s, RDF.type, CTOC.Establishment)
                self.add(s, CTOC.establishes, body)
                self.labels(s, f"{self.label_of(inst, 'en')} establishes the {self.label_of(body, 'en')}",
                            f"la {self.label_of(inst, 'fr')} crée : {self.label_of(body, 'fr')}")
            else:
                topic = tail.replace("working-group-", "")
                s = f"{inst}/provision/{topic}-{v['status'].lower()}"
                self.add(s, RDF.type, CTOC.StatusChange)
                self.add(s, CTOC.changes, body)  # ⊑ ctoc:concernsBody
                self.labels(s, f"{self.label_of(inst, 'en')} makes the {self.label_of(body, 'en')} a {v['status'].lower()} element",
                            f"la {self.label_of(inst, 'fr')} fait de l'organe « {self.label_of(body, 'fr')} » un élément permanent"
                            if v["status"] == "Permanent" else f"la {self.label_of(inst, 'fr')} change le statut : {self.label_of(body, 'fr')}")
            self.add(s, CTOC.inInstrument, inst)
            if v.get("status"):
                self.add(s, CTOC.resultingStatus, CTOC[v["status"]])
            self.stated(s, f)
            self.stated(inst, f)
        elif k == F.BODY:
            s = f.subject
            if v.get("body_of"):
                self.add(s, CTOC.bodyOf, v["body_of"])
            for m in v.get("membership", []):
                self.add(s, CTOC.membershipCharacter, CTOC[m])
            if v.get("reports_to"):
                self.add(s, CTOC.reportsTo, v["reports_to"])
            if v.get("serves"):
                self.add(s, CTOC.servesTreaty, v["serves"])
            self.stated(s, f)
        elif k == F.INSTRUMENT:
            s = f.subject
            if v.get("title"):
                self.add(s, CTOC.title, Literal(v["title"], lang=self.lang))
            if v.get("subject"):
                self.add(s, CTOC.subject, Literal(v["subject"], lang=self.lang))
            self.stated(s, f)
        elif k == F.SEQUENCING:
            s = f.subject
            self.add(s, RDF.type, CTOC.SequencingStatement)
            self.add(s, CTOC.sequencedMeeting, v["sequenced"])
            self.add(s, CTOC.referenceMeeting, v["reference"])
            self.add(s, CTOC.sequenceRelation, CTOC[v["relation"]])
            self.labels(s, f"{f.part.name('en')}: one meeting comes immediately after another",
                        f"{f.part.name('fr')} : une réunion suit immédiatement une autre")
            if v.get("stated") == "before":
                self.add(s, RDFS.comment, Literal("The text says the reference meeting comes immediately "
                                                  "before; recorded as its converse.", lang="en"))
            self.stated(s, f)
        elif k in (F.ENCOURAGEMENT, F.CONVENING, F.SUBMISSION, F.REAFFIRMATION, F.PROCEDURES, F.PHASE):
            self.provision(f)
        elif k == F.MENTION:
            self.stated(f.subject, f)

    def provision(self, f) -> None:
        v, k = f.values, f.kind
        inst = v.get("instrument")
        cls, en, fr = {
            F.ENCOURAGEMENT: (CTOC.Encouragement, "encourages", "encourage"),
            F.CONVENING: (CTOC.ConveningRequest, "requests that meetings be convened", "demande la convocation de réunions"),
            F.SUBMISSION: (CTOC.SubmissionRequest, "asks for results to be submitted", "demande que des résultats soient soumis"),
            F.REAFFIRMATION: (CTOC.Reaffirmation, "reaffirms", "réaffirme"),
            F.PROCEDURES: (CTOC.ProceduresAdoption, "adopts procedures and rules", "adopte des procédures et règles"),
            F.PHASE: (CTOC.PhaseLaunch, "launches a phase", "lance une phase"),
        }[k]
        s = f.subject
        if k == F.REAFFIRMATION:
            t = v["reaffirms"].split("/id/")[-1].replace("/", "-")
            s = f"{self.linker.conference}/provision/reaffirm-{t}"
        elif k == F.CONVENING:
            s = f"{inst}/provision/convene-{_kind(v['body'])}"
        elif k == F.SUBMISSION:
            s = f"{inst}/provision/submit-{_kind(v['body'])}-results"
        self.add(s, RDF.type, cls)
        who_en = self.label_of(inst, "en") if inst else "the Conference"
        who_fr = self.label_of(inst, "fr") if inst else "la Conférence"
        self.labels(s, f"{who_en} {en}", f"{who_fr} {fr}")
        if inst:
            self.add(s, CTOC.inInstrument, inst)
            self.stated(inst, f)
        for b in v.get("bodies", []) + ([v["body"]] if v.get("body") else []):
            self.add(s, CTOC.concernsBody, b)
        for m in v.get("modality", []):
            self.add(s, CTOC.modality, CTOC[m])
        if v.get("purpose"):
            self.add(s, CTOC.purpose, CTOC[v["purpose"]])
        if v.get("addressee"):
            self.add(s, CTOC.addressee, v["addressee"])
            self.stated(v["addressee"], f)
        if v.get("minimum"):
            self.add(s, CTOC.minimumMeetingCount, Literal(v["minimum"], datatype=XSD.integer))
        if v.get("session"):
            self.add(s, CTOC.targetSession, v["session"])
        if v.get("reaffirms"):
            self.add(s, CTOC.reaffirms, v["reaffirms"])
        if v.get("phase"):
            self.add(s, CTOC.launchesPhase, CTOC[v["phase"]])
        self.stated(s, f)

    def new_entities(self) -> None:
        """Type and label what the graph did not know, with a comment for the reviewer."""
        for iri, e in sorted(self.x.new.items()):
            if not any(True for _ in self.g.triples((URIRef(iri), None, None))) and \
                    not any(True for _ in self.g.triples((None, None, URIRef(iri)))):
                continue
            s = URIRef(iri)
            self.cur = {part_iri(self.x.doc, e.part)} if e.part is not None else self.parts_stating(s)
            self.add(s, RDF.type, CTOC[e.cls])
            if e.cls in ("Resolution", "Decision"):
                number = e.label
                self.add(s, CTOC.instrumentNumber, Literal(number))
                self.add(s, CTOC.adoptedBy, self.linker.conference)
                word = {"Resolution": ("resolution", "résolution"), "Decision": ("decision", "décision")}[e.cls]
                self.labels(s, f"{word[0]} {number}", f"{word[1]} {number}")
            elif e.cls == "Session":
                n = int(e.label)
                self.add(s, CTOC.sessionNumber, Literal(n, datatype=XSD.integer))
                self.add(s, CTOC.sessionOf, self.linker.conference)
                self.labels(s, f"{ordinal_suffix(n, 'en')} session of the Conference of the Parties",
                            f"{ordinal_suffix(n, 'fr')} session de la Conférence des Parties")
            else:
                self.add(s, RDFS.label, Literal(e.label, lang=e.lang))
                self.add(s, RDFS.comment, Literal(NEW_COMMENT, lang="en"))
                if e.cls in ("WorkingGroup", "ExpertGroup"):
                    self.add(s, CTOC.bodyOf, self.linker.conference)

    def parts_stating(self, node) -> set[URIRef]:
        found: set[URIRef] = set()
        for (s, _p, o), parts in self.prov.items():
            if node in (s, o):
                found |= parts
        return found

    def summarise(self) -> None:
        """ctoc:statedIn on each node of ours: every part that states a triple in which
        it is the subject or the object (the parts themselves state only their own)."""
        parts = {part_iri(self.x.doc, p) for p in self.x.parts}
        summary: dict[URIRef, set[URIRef]] = {}
        for (s, _p, o), stated in self.prov.items():
            for node in (s, o):
                if isinstance(node, URIRef) and str(node).startswith(ID_NS) and node not in parts:
                    summary.setdefault(node, set()).update(stated)
        for node, stated in summary.items():
            for p in stated:
                self.g.add((node, CTOC.statedIn, p))

    def provenance(self) -> Graph:
        """One rdf:Statement per stated triple, with the parts that state it (the design
        of ontology/README.md: graph/<stem>.provenance.ttl beside graph/<stem>.ttl)."""
        from ctoc_kg.provenance import build as build_provenance

        def parts_of(t):
            stated = self.prov.get(t) or set()
            if not stated:  # pragma: no cover - every writer path sets the current parts
                raise ValueError(f"no part states {t}")
            return stated

        return build_provenance(self.g, parts_of)


def _kind(body: str) -> str:
    tail = body.rsplit("/", 1)[-1]
    return next((p for p in ("working-group", "expert-group", "review-mechanism") if tail.startswith(p)), tail)


def build_graph(extraction) -> Graph:
    return build(extraction)[0]


def build(extraction) -> tuple[Graph, Graph]:
    """The document graph and its provenance graph (one statement per triple)."""
    w = _Writer(extraction)
    w.document()
    for f in extraction.facts:
        w.fact(f)
    w.new_entities()
    w.summarise()
    return w.g, w.provenance()


def to_turtle(graph: Graph) -> bytes:
    from ctoc_kg.turtle import canonical_turtle

    return canonical_turtle(graph, {})
