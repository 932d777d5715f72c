"""``ctoc_kg.extract``: turn a Secretariat note into a reviewed named graph.

    from ctoc_kg.extract import extract
    result = extract("note.txt")            # .txt .md .docx .pdf; French or English
    result.turtle                            # canonical Turtle bytes (graph/<name>.ttl)
    result.review_markdown() / review_json() # every statement with its span; what was not understood
    result.graph_name                        # suggested file stem, e.g. note-2020-07-01-subsidiary-bodies

One module per job: ``read`` (formats), ``language`` (detection), ``segment`` (parts,
sentences), ``numbers`` (dates, ordinals), ``link`` (entity linking to ``graph/``),
``rules`` (the facts of the genre), ``writer`` (the only module that knows the
vocabulary), ``review`` (the review report), ``compare`` (facts per kind, precision and
recall against a reviewed graph).

Errors (``ctoc_kg.errors.InputError``, exit 2): an empty or unreadable file, an
unreadable PDF, a language other than French or English, a document in which nothing
of the genre was recognised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path

from ctoc_kg.namespaces import ID_NS
from ctoc_kg.errors import InputError

__all__ = ["extract", "extract_text", "Extraction"]

# kinds of fact that make a document "of the genre"
_GENRE_KINDS = {"meeting", "report", "establishment", "status-change", "sequencing", "encouragement",
                "convening-request", "submission-request", "reaffirmation", "procedures-adoption", "phase-launch"}


@dataclass
class Extraction:
    path: str
    text: str
    lang: str
    detected: str
    doc: str
    graph_name: str
    parts: list = field(default_factory=list)
    facts: list = field(default_factory=list)
    new: dict = field(default_factory=dict)
    units: list = field(default_factory=list)       # (part, span, [facts])
    noise: list = field(default_factory=list)
    linker: object = None
    _graph: object = None
    _provenance: object = None

    @property
    def graph(self):
        """The document's named graph (rdflib Graph)."""
        if self._graph is None:
            from ctoc_kg.extract.writer import build

            self._graph, self._provenance = build(self)
        return self._graph

    @property
    def provenance(self):
        """The provenance graph: one rdf:Statement per triple, with the parts stating it."""
        self.graph  # noqa: B018 - builds both
        return self._provenance

    @property
    def provenance_turtle(self) -> bytes:
        from ctoc_kg.extract.writer import to_turtle

        return to_turtle(self.provenance)

    @property
    def turtle(self) -> bytes:
        from ctoc_kg.extract.writer import to_turtle

        return to_turtle(self.graph)

    def not_understood(self) -> list:
        return [(p, u) for p, u, fs in self.units if not fs]

    def review_markdown(self) -> str:
        from ctoc_kg.extract.review import to_markdown

        return to_markdown(self)

    def review_json(self) -> dict:
        from ctoc_kg.extract.review import to_dict

        return to_dict(self)


def extract(path: str | PathLike[str], lang: str | None = None, *, linker=None) -> Extraction:
    """Read the note at ``path`` and extract its facts (nothing is written)."""
    from ctoc_kg.extract.read import read_text

    path = Path(path)
    return extract_text(read_text(path), lang=lang, linker=linker, path=str(path))


def extract_text(text: str, lang: str | None = None, *, linker=None, path: str = "<text>") -> Extraction:
    from ctoc_kg.extract import facts as F
    from ctoc_kg.extract.language import SUPPORTED, detect
    from ctoc_kg.extract.link import shipped_linker
    from ctoc_kg.extract.read import normalise
    from ctoc_kg.extract.rules import Context, read_parts, units
    from ctoc_kg.extract.segment import segment

    text = normalise(text)
    if not text.strip():
        raise InputError(path, cause="the file is empty: nothing to extract")
    detected = detect(text)
    if lang is None:
        if detected not in SUPPORTED:
            raise InputError(path, cause=f"the text is in a language other than French or English "
                             f"(detected: {detected}); extract reads French and English notes only")
        lang = detected
    elif lang not in SUPPORTED:
        raise InputError(path, cause=f"unsupported language {lang!r} (fr or en)")
    parts, noise, text = segment(text)  # a paragraph cut by a page break is one span again
    doc_iri, name = _document_iri(text, parts, lang)
    if linker is None:
        from ctoc_kg import resources
        from ctoc_kg.extract.link import Linker

        files = resources.graph_files()
        # the document's own earlier encoding (graph/<name>.ttl) is what this extraction replaces
        own = (name, name + ".provenance")
        linker = shipped_linker() if all(p.stem not in own for p in files) else \
            Linker([p for p in files if p.stem not in own])
    ctx = Context(lang=lang, doc=doc_iri, text=text, linker=linker)
    read_parts(ctx, parts)
    own = getattr(ctx, "document", {}).get("symbol")
    series_body = linker.series_body(own) if own else None  # a subsidiary body's own report (CTOC/COP/WG.6/…)
    if not any(f.kind in _GENRE_KINDS for f in ctx.facts) and series_body is None:
        raise InputError(path, cause="nothing of the genre was recognised (no meeting, report, body or "
                         "instrument provision): not a Secretariat note on the subsidiary bodies? Nothing written")
    result = Extraction(path=path, text=text, lang=lang, detected=detected, doc=doc_iri, graph_name=name,
                        parts=parts, facts=ctx.facts, new=ctx.new, noise=noise, linker=linker)
    result.document = getattr(ctx, "document", {})
    result.series_body = series_body
    result.aliases = ctx.aliases
    result.yearless = ctx.yearless
    for part in parts:
        for u in units(part):
            lead = part.kind in ("header", "title", "footnote")
            fs = [f for f in ctx.facts if (lead or f.kind != F.MENTION) and f.part is part and
                  any(u.start <= s.start < u.end or s.start <= u.start < s.end for s in f.spans)]
            if not fs:
                fs = [f for f in ctx.understood.get((u.start, u.end), []) if f is not None and f.kind != F.MENTION]
            result.units.append((part, u, fs))
    return result


def _document_iri(text: str, parts: list, lang: str) -> tuple[str, str]:
    """``doc/<symbol slug>`` when the header prints the note's symbol, else
    ``doc/note-<date>-<subject>`` (the scheme of the first note)."""
    from ctoc_kg.extract.link import slug, symbol_slug
    from ctoc_kg.extract.numbers import find_dates, fold
    from ctoc_kg.extract.rules import own_symbol
    from ctoc_kg.extract.segment import HEADER, TITLE

    header = next((p for p in parts if p.kind == HEADER), None)
    title = next((p for p in parts if p.kind == TITLE), None)
    if header is not None:
        for b in header.blocks:
            for line in b.text.split("\n"):
                if own_symbol(line):
                    name = symbol_slug(own_symbol(line))
                    return f"{ID_NS}doc/{name}", name
    date = None
    if header is not None:
        for b in header.blocks:
            d = find_dates(b.text)
            if d and d[0].single and not re.match(r"[A-ZÀ-Ý][\w' -]+,", b.text):
                date = d[0].first
                break
    subject = "note"
    if title is not None:
        t = fold(title.text)
        if re.search(r"organes subsidiaires|subsidiary bodies", t):
            subject = "subsidiary-bodies"
        else:
            blocks = [b for b in title.blocks if not re.match(r"\s*note\s+(?:du|by)", fold(b.text))]
            if blocks:
                subject = "-".join(slug(blocks[-1].text).split("-")[:5]) or "note"
    name = f"note-{date.isoformat() if date else 'undated'}-{subject}"
    return f"{ID_NS}doc/{name}", name
