"""Read a note into the project's plain-text convention, whatever its format.

The convention is that of the source file beside the repository (Markdown as
converted from the official files): blocks separated by blank lines, bold blocks in
``**…**``, numbered paragraphs starting ``N.``, footnotes starting ``*``.  Plain text
and Markdown are read as they are; ``.docx`` through python-docx (bold paragraphs,
automatically numbered paragraphs, footnotes); ``.pdf`` through pypdf (its text layer,
in layout mode so that the gaps between blocks survive).

``read_text(path) -> str`` returns that text, normalised (``1^{er}`` -> ``1er``,
``[CTOC/COP/WG.4/2019/6](#)`` -> the symbol, typographic apostrophes and spaces made
plain).  Errors are ``InputError`` (exit 2): a missing or unreadable file, an empty
one, a PDF that cannot be read or has no text layer, an unknown format.
"""

from __future__ import annotations

import re
import zipfile
from os import PathLike
from pathlib import Path

from ctoc_kg import safety
from ctoc_kg.errors import InputError

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
SUFFIXES = (*TEXT_SUFFIXES, ".docx", ".pdf")


def read_text(path: str | PathLike[str]) -> str:
    """The text of the note at ``path`` in the plain-text convention, normalised."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(path, cause=f"unknown document format {path.suffix or '(none)'!r} "
                         f"(known: {' '.join(SUFFIXES)})")
    data = safety.read_bytes(path)
    if not data.strip():
        raise InputError(path, cause="the file is empty: nothing to extract")
    if suffix == ".docx":
        text = _docx_text(path, data)
    elif suffix == ".pdf":
        text = _pdf_text(path, data)
    else:
        text = _decode(path, data)
    text = normalise(text)
    if not text.strip() or not re.search(r"\w", text):
        raise InputError(path, cause="the document holds no text: nothing to extract")
    return text


def _decode(path: Path, data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise InputError(path, cause=f"not valid UTF-16 text: {e}") from e
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise InputError(path, line, cause="not UTF-8 text (save the note as UTF-8)") from e


_SUPERSCRIPT = re.compile(r"\^\{([^{}]{1,6})\}|\^([a-zé]{1,3})\b")
_LINK = re.compile(r"\[([^\]\n]+)\]\((?:#|[^)\s]*)\)")
# superscript (modifier) letters of ordinals as some converters write them: "12ᵉ", "1ᵉʳ", "2ⁿᵈ"
_MODIFIERS = str.maketrans({"ᵉ": "e", "ʳ": "r", "ᵈ": "d", "ˢ": "s", "ᵗ": "t", "ʰ": "h", "ⁿ": "n", "ᵒ": "o", "ᵐ": "m"})
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ",
                         "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\t": " "})


def normalise(text: str) -> str:
    """Make the conventions of converted files plain: superscripts, links, spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)  # Markdown comments are not shown
    text = text.translate(_SPACES).translate(_MODIFIERS)
    text = _SUPERSCRIPT.sub(lambda m: m.group(1) or m.group(2), text)
    text = _LINK.sub(r"\1", text)
    text = re.sub(r"[ ]{2,}", " ", text)
    return "\n".join(line.rstrip() for line in text.split("\n"))


# --- .docx -------------------------------------------------------------------

def _docx_text(path: Path, data: bytes) -> str:
    import io

    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as e:  # pragma: no cover - a declared dependency
        raise InputError(path, cause=f"reading .docx needs python-docx ({e})") from e
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as e:
        raise InputError(path, cause=f"not a readable .docx file ({e})") from e
    except Exception as e:  # noqa: BLE001 - lxml and zip errors of a damaged file
        raise InputError(path, cause=f"not a readable .docx file ({type(e).__name__}: {e})") from e
    blocks: list[str] = []
    number = 0
    called: set[str] = set()  # footnote numbers called by a superscript in the text
    for para in document.paragraphs:
        text = _docx_runs_text(para, called).strip()
        if not text:
            continue
        numbered = para._p.pPr is not None and para._p.pPr.numPr is not None
        style = (para.style.name or "").lower() if para.style is not None else ""
        if (numbered or "list number" in style) and not re.match(r"\d+\.\s", text):
            number += 1
            text = f"{number}. {text}"
        elif m := re.match(r"(\d+)\.\s", text):
            number = int(m.group(1))
        runs = [r for r in para.runs if r.text.strip()]
        bold = bool(runs) and all(r.bold or (r.bold is None and _style_bold(para)) for r in runs)
        if bold or style.startswith("heading") or style == "title":
            text = f"**{text}**"
        blocks.append(text)
    blocks.extend(_docx_footnotes(document))
    return "\n\n".join(blocks)


def _docx_runs_text(para, called: set[str]) -> str:
    """A paragraph's text with a footnote call typed as a superscript number ("à Vienne¹.",
    the note's own layout when it is not a Word footnote) written as a Markdown call ``[^1]``,
    and a paragraph that starts with a called number (superscript or not: "¹ Le rapport …")
    as its Markdown definition ``[^1]: …``: segment reads both as a footnote of its part."""
    runs = list(para.runs)
    if not any(r.font is not None and r.font.superscript for r in runs):
        text = para.text
    else:
        pieces = []
        for r in runs:
            mark = r.text.strip()
            if r.font is not None and r.font.superscript and re.fullmatch(r"\d{1,2}", mark):
                pieces.append(f"[^{mark}]")
                if len("".join(pieces).strip()) > len(mark) + 3:
                    called.add(mark)
            else:
                pieces.append(r.text)
        text = "".join(pieces)
    m = re.match(r"\s*(?:\[\^(\d{1,2})\]|(\d{1,2}))\s+(?=\S)", text)
    if m and (m.group(1) or m.group(2)) in called:
        text = f"[^{m.group(1) or m.group(2)}]: {text[m.end():]}"
    return text


def _style_bold(para) -> bool:
    style = para.style
    while style is not None:
        if style.font is not None and style.font.bold is not None:
            return bool(style.font.bold)
        style = style.base_style
    return False


def _docx_footnotes(document) -> list[str]:
    """Footnote texts (``* text`` for the first, ``** text`` for the second …)."""
    from lxml import etree

    part = None
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/footnotes"):
            part = rel.target_part
            break
    if part is None:
        return []
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    root = etree.fromstring(part.blob)
    notes = []
    for note in root.findall("w:footnote", ns):
        kind = note.get(f"{{{ns['w']}}}type")
        if kind in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        text = " ".join("".join(t.text or "" for t in p.iter(f"{{{ns['w']}}}t"))
                        for p in note.findall("w:p", ns)).strip()
        if text:
            notes.append(f"{'*' * (len(notes) + 1)} {text}")
    return notes


# --- .pdf --------------------------------------------------------------------

def _pdf_text(path: Path, data: bytes) -> str:
    import io
    import logging

    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError
    except ImportError as e:  # pragma: no cover - a declared dependency
        raise InputError(path, cause=f"reading .pdf needs pypdf ({e})") from e
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    if not data.lstrip().startswith(b"%PDF"):
        raise InputError(path, cause="not a PDF file (no %PDF header)")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception as e:  # noqa: BLE001
                raise InputError(path, cause=f"the PDF is encrypted ({e})") from e
        pages = [page.extract_text(extraction_mode="layout") or "" for page in reader.pages]
    except InputError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, RecursionError) as e:
        raise InputError(path, cause=f"unreadable PDF ({type(e).__name__}: {e})") from e
    text = "\n\n".join(pages)
    if not re.search(r"\w", text):
        raise InputError(path, cause="the PDF has no text layer (a scan?); extract needs text, not images")
    return _pdf_blocks(text)


def _pdf_blocks(text: str) -> str:
    """Layout text -> blocks: strip the left margin, keep blank lines between blocks,
    and start a block at every numbered paragraph or footnote line."""
    lines = [line.rstrip() for line in text.split("\n")]
    indents = [len(line) - len(line.lstrip()) for line in lines if line.strip()]
    margin = min(indents) if indents else 0
    out: list[str] = []
    for line in lines:
        stripped = line[margin:].strip() if line.strip() else ""
        # a wide gap is a column boundary (a header's "Distr.: General" beside the Conference's
        # name): each column's text becomes a line of its own, left first
        stripped = "\n".join(re.sub(r" {2,}", " ", c) for c in re.split(r" {4,}", stripped))
        if stripped and re.match(r"(\d+\.|\*+)\s", stripped) and out and out[-1]:
            out.append("")
        out.append(stripped)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n") + "\n"
