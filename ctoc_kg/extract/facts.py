"""What the extractor found, independent of how it is written in RDF.

``Fact`` records are produced by ``ctoc_kg.extract.rules`` and turned into triples by
``ctoc_kg.extract.writer`` (the one module that knows the vocabulary).  Each fact
keeps the part of the note and the exact span of text it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ctoc_kg.extract.segment import Part, Span

# fact kinds
DOCUMENT = "document"              # values: date, distribution, language, original, session, items, title, author, symbol
SESSION = "session"                # subject session IRI; values: number, place, start, end
AGENDA = "agenda"                  # subject agenda IRI; values: symbol, session
AGENDA_ITEM = "agenda-item"        # subject item IRI; values: number, agenda, title
MEETING = "meeting"                # subject meeting IRI; values: body, ordinal, start, end, place, status
REPORT = "report"                  # subject report IRI; values: symbol, meeting, session, pursuant
ESTABLISHMENT = "establishment"    # values: body, instrument, status
STATUS_CHANGE = "status-change"    # values: body, instrument, status
BODY = "body"                      # subject body IRI; values: membership (list), body_of, reports_to, serves
INSTRUMENT = "instrument"          # subject instrument IRI; values: number, kind, title or subject
SEQUENCING = "sequencing"          # values: sequenced, reference, relation
ENCOURAGEMENT = "encouragement"    # values: instrument, bodies, modality, purpose
CONVENING = "convening-request"    # values: instrument, body, addressee, minimum, modality
SUBMISSION = "submission-request"  # values: instrument, body, session
REAFFIRMATION = "reaffirmation"    # values: reaffirms, body, modality
PROCEDURES = "procedures-adoption" # values: instrument, body, modality
PHASE = "phase-launch"             # values: instrument, body, phase
MENTION = "mention"                # subject: a known entity the part names (ctoc:statedIn only)


@dataclass
class Fact:
    kind: str
    subject: str | None
    values: dict = field(default_factory=dict)
    part: Part | None = None
    spans: list[Span] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)   # for the reviewer

    def span_text(self) -> str:
        return " … ".join(s.text for s in self.spans)


@dataclass
class NewEntity:
    iri: str
    cls: str
    label: str
    lang: str
    part: Part | None = None
    span: Span | None = None
    note: str | None = None     # what the reviewer should check (a possible variant of a known name)
