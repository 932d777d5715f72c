"""Cut a note into its parts (header block, title block, headings, numbered
paragraphs, footnotes) and each part into sentences and clauses, keeping offsets.

Every piece is a ``Span`` of the document's text (``text[start:end]``), so that each
extracted statement can point at the words it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ctoc_kg.extract.numbers import fold

HEADER, TITLE, HEADING, PARAGRAPH, FOOTNOTE = "header", "title", "heading", "paragraph", "footnote"
BLOCK = "block"  # a block of running text in a document without numbered paragraphs (reading order)
BODY_KINDS = (PARAGRAPH, BLOCK)  # the parts read sentence by sentence, clause by clause


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass
class Part:
    """One part of the note: ``kind`` (header/title/heading/paragraph/footnote),
    ``number`` (paragraph number, or order among headings/footnotes), the blocks it
    is made of (spans of the document's text), its ``marker`` (footnotes)."""

    kind: str
    number: int | None
    blocks: list[Span] = field(default_factory=list)
    marker: str | None = None
    bold: bool = False

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)

    @property
    def start(self) -> int:
        return self.blocks[0].start

    @property
    def key(self) -> str:
        """``header``, ``title``, ``heading/2``, ``para/15``, ``footnote/1``."""
        if self.kind in (HEADER, TITLE):
            return self.kind
        short = {PARAGRAPH: "para"}.get(self.kind, self.kind)
        return f"{short}/{self.number}"

    def name(self, lang: str = "en") -> str:
        names = {"en": {HEADER: "header block", TITLE: "title block", HEADING: "heading",
                        PARAGRAPH: "paragraph", FOOTNOTE: "footnote", BLOCK: "text block"},
                 "fr": {HEADER: "bloc d'en-tête", TITLE: "bloc de titre", HEADING: "intertitre",
                        PARAGRAPH: "paragraphe", FOOTNOTE: "note", BLOCK: "bloc de texte"}}[lang]
        if self.kind in (HEADER, TITLE):
            return names[self.kind]
        if self.kind == FOOTNOTE and self.marker:
            return f"{names[self.kind]} {self.marker}"
        return f"{names[self.kind]} {self.number}"


@dataclass
class Block:
    span: Span          # the block's text without the ** markers and the paragraph number
    raw_start: int      # where the block starts in the document (with markers)
    bold: bool
    number: int | None  # N of a numbered paragraph "N. …"
    marker: str | None  # "*" of a footnote "* …"
    noise: bool = False


# a paragraph's printed number: "1. ", "1.<tab>", "(1) ", "1) "
_NUMBERED = re.compile(r"(?:(\d{1,3})[.)]|\((\d{1,3})\))\s+(?=\S)")
# a footnote line: "* …", "† …", a Markdown footnote definition "[^1]: …"
_FOOTNOTE = re.compile(r"(?:(\*{1,4}|[†‡])\s+|\[\^(\w{1,6})\]:\s*)(?=\S)")
_NOISE = re.compile(r"^(?:\d{1,3}/\d{1,3}|[A-Z]\.\d{2}-\d{5}(?:\s*\(\w\))?|\*\d{7}\*|-?\s*\d{1,3}\s*-?|Page \d+)$")


def blocks(text: str) -> list[Block]:
    """The blocks of ``text``: runs of lines separated by blank lines; a numbered
    paragraph or a footnote line also starts a new block."""
    out: list[Block] = []
    lines: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1

    current: list[tuple[int, str]] = []

    def flush():
        if current:
            out.append(_block(text, current))
            current.clear()

    in_bold = False
    for start, line in lines:
        s = line.strip()
        if not s:
            if not in_bold:
                flush()
            continue
        starts_new = bool(_NUMBERED.match(s) or _FOOTNOTE.match(s)) and not in_bold
        if starts_new:
            flush()
        current.append((start, line))
        # a bold run "**…**" may span lines; keep it in one block
        if s.count("**") % 2 == 1:
            in_bold = not in_bold
    flush()
    return out


def _block(text: str, lines: list[tuple[int, str]]) -> Block:
    start = lines[0][0] + (len(lines[0][1]) - len(lines[0][1].lstrip()))
    last_start, last_line = lines[-1]
    end = last_start + len(last_line.rstrip())
    raw = text[start:end]
    bold = raw.startswith("**") and raw.endswith("**") and len(raw) > 4
    s, e = start, end
    if bold:
        s, e = s + 2, e - 2
    elif raw.startswith("#"):
        bold = True
        s += len(raw) - len(raw.lstrip("#"))
    while s < e and text[s].isspace():
        s += 1
    number = marker = None
    m = _NUMBERED.match(text, s, e) if not bold else None
    if m:
        number = int(m.group(1) or m.group(2))
        s = m.end()
    else:
        f = _FOOTNOTE.match(text, s, e)
        if f and not bold:
            marker = f.group(1) or f.group(2)
            s = f.end()
    body = text[s:e]
    # inner bold markers are layout, not text: keep offsets by not removing them here
    noise = bool(_NOISE.match(body.strip()))
    return Block(Span(s, e, body), start, bold, number, marker, noise)


_SYMBOL_LINE = re.compile(r"^[A-Z][A-Z0-9.]*(?:/[A-Z0-9][A-Za-z0-9.]*){2,}$")
_AGENDA = re.compile(r"\b(?:points?|items?)\b[^\n]{0,40}\b(?:ordre du jour|agenda)\b", re.IGNORECASE)
_NOTE_BY = re.compile(r"^\s*(?:note\s+(?:du|by\s+the)\s+secr[ée]tariat|note\s+by\s+the\s+secretary)", re.IGNORECASE)
_DISTR = re.compile(r"(?im)^\s*(?:distr\b|original\s*:)")
_PLACE_DATES = re.compile(r"^[A-ZÀ-Ý][\w' -]{1,40},\s*\d{1,2}")


def segment(text: str) -> tuple[list[Part], list[Block], str]:
    """The parts of the note, in reading order, the blocks left out as page furniture, and
    the text the parts' spans point into: ``text`` with the gap of a page break inside a
    paragraph (blank lines, running head, page number) made spaces, so that the paragraph
    is one span again (same length and offsets as ``text``).

    Without any numbered paragraph (a web page, a report excerpt), the blocks after the
    header and title are read as text blocks (kind ``block``, numbered in reading order);
    short lines without final punctuation between them are headings."""
    bl = [b for b in blocks(text)]
    for i, b in enumerate(bl):  # a running head repeating a symbol on every page
        if i > 2 and b.marker is None and b.number is None and _SYMBOL_LINE.match(b.span.text.strip()):
            b.noise = True
    noise = [b for b in bl if b.noise]
    bl = [b for b in bl if not b.noise]
    numbered = any(b.number is not None for b in bl)
    first_para = next((i for i, b in enumerate(bl) if b.number is not None), len(bl))
    front = bl[:first_para]

    header_end = -1  # index of the last header block
    for i, b in enumerate(front):
        if b.marker is None and _AGENDA.search(b.span.text):
            header_end = i
    if header_end < 0:
        for i, b in enumerate(front):
            if b.marker is None and _PLACE_DATES.match(b.span.text) and not b.bold:
                header_end = i
                break
    # the distribution and language lines (and the lines before them) are the header's too
    for i, b in enumerate(front):
        if b.marker is None and i > header_end and _DISTR.search(b.span.text) and not any(
                _NOTE_BY.match(c.span.text) for c in front[:i]):
            header_end = i
    title_end = header_end
    for i, b in enumerate(front):
        if i > header_end and _NOTE_BY.match(b.span.text):
            title_end = i
            break
    else:
        rest = [i for i, b in enumerate(front) if i > header_end and b.marker is None]
        if not numbered:  # a title is a short line before the text, if there is one
            title_end = rest[0] if rest and _heading_like(front[rest[0]]) else header_end
        elif len(rest) >= 2:
            title_end = rest[-2]
        elif rest:
            title_end = rest[-1]

    text, bl = _join_page_breaks(text, bl, title_end, numbered)
    parts: list[Part] = []
    header = Part(HEADER, None)
    title = Part(TITLE, None)
    headings = footnotes = running = 0
    for i, b in enumerate(bl):
        if b.marker is not None:
            footnotes += 1
            parts.append(Part(FOOTNOTE, footnotes, [b.span], marker=b.marker))
        elif i <= header_end:
            header.blocks.append(b.span)
        elif i <= title_end:
            title.blocks.append(b.span)
            title.bold = title.bold or b.bold
        elif b.number is not None:
            parts.append(Part(PARAGRAPH, b.number, [b.span]))
        elif not numbered and not _heading_like(b):
            running += 1
            parts.append(Part(BLOCK, running, [b.span]))
        else:
            headings += 1
            parts.append(Part(HEADING, headings, [b.span], bold=b.bold))
    lead = [p for p in (header, title) if p.blocks]
    return lead + parts, noise, text


def _heading_like(b: Block) -> bool:
    """A bold block, or a short line without final punctuation."""
    t = b.span.text.strip()
    return b.bold or (len(t.split()) <= 16 and not re.search(r"[.!?:;]$", t))


def _join_page_breaks(text: str, bl: list[Block], title_end: int, numbered: bool) -> tuple[str, list[Block]]:
    """A block that continues the paragraph before it (it starts in lower case, or the
    paragraph stops without final punctuation) is that paragraph's text cut by a page
    break: the two become one block, the gap between them spaces."""
    out: list[Block] = []
    chars = None
    for i, b in enumerate(bl):
        prev = out[-1] if out else None
        t = b.span.text.lstrip()
        if (prev is not None and i > title_end and len(out) > title_end + 1 and prev.marker is None and not prev.bold
                and b.number is None and b.marker is None and not b.bold and t
                and (t[0].islower() or not re.search(r"[.!?:;»\")\]*]$", prev.span.text.rstrip()))
                and (prev.number is not None if numbered else not _heading_like(prev))):
            if chars is None:
                chars = list(text)
            for k in range(prev.span.end, b.span.start):
                chars[k] = " "
            joined = "".join(chars[prev.span.start:b.span.end])
            out[-1] = Block(Span(prev.span.start, b.span.end, joined), prev.raw_start, prev.bold, prev.number,
                            prev.marker, prev.noise)
            continue
        out.append(b)
    if chars is None:
        return text, out
    text = "".join(chars)
    return text, [Block(Span(b.span.start, b.span.end, text[b.span.start:b.span.end]), b.raw_start, b.bold, b.number,
                        b.marker, b.noise) for b in out]


# --- sentences and clauses ---------------------------------------------------

_ABBREV = {"distr", "no", "nos", "art", "arts", "para", "paras", "p", "pp", "vol", "m", "mme", "mr", "mrs",
           "ms", "dr", "e.g", "i.e", "etc", "cf", "al", "op", "rev", "add", "corr", "st", "sr", "jr", "vs"}


def sentences(text: str, offset: int = 0) -> list[Span]:
    """Sentences of ``text`` (offsets shifted by ``offset``): a full stop, question or
    exclamation mark followed by a space and a capital (or the end), outside
    parentheses and quotes, not after a known abbreviation or a single capital."""
    out: list[Span] = []
    start = 0
    depth = 0
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c in "(«[":
            depth += 1
        elif c in ")»]" and depth:
            depth -= 1
        elif c in ".!?" and depth == 0:
            j = i + 1
            while j < n and text[j] in "»\"')":
                j += 1
            if j >= n or (text[j].isspace() and _capital_follows(text, j)):
                word = re.search(r"([\w.]+)$", text[start:i])
                w = fold(word.group(1)) if word else ""
                if w not in _ABBREV and not re.fullmatch(r"[A-Z]", word.group(1) if word else ""):
                    _add(out, text, start, j, offset)
                    start = j
        elif c == "\n" and i + 1 < n and text[i + 1] == "\n":
            _add(out, text, start, i, offset)
            start = i
        i += 1
    _add(out, text, start, n, offset)
    return out


def _capital_follows(text: str, j: int) -> bool:
    k = j
    while k < len(text) and text[k].isspace():
        k += 1
    return k >= len(text) or text[k].isupper() or text[k].isdigit() or text[k] in "«\"*("


def _add(out: list[Span], text: str, s: int, e: int, offset: int) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if s < e and re.search(r"\w", text[s:e]):
        out.append(Span(s + offset, e + offset, text[s:e]))


def clauses(sentence: Span) -> list[Span]:
    """A sentence cut at semicolons (outside parentheses)."""
    out: list[Span] = []
    text = sentence.text
    depth = 0
    start = 0
    for i, c in enumerate(text):
        if c in "(«":
            depth += 1
        elif c in ")»" and depth:
            depth -= 1
        elif c == ";" and depth == 0:
            _add(out, text, start, i + 1, sentence.start)
            start = i + 1
    _add(out, text, start, len(text), sentence.start)
    return out
