"""Limits and guards for outside input: file size, RDF/XML entities and depth, printing.

* ``check_file(path)`` — before anything is read: the path is a regular file (not a
  folder, FIFO, device or socket, which could block or never end) and is not larger
  than ``max_file_size()``.  The limit is 512 MiB by default; ``CTOC_KG_MAX_FILE_SIZE``
  or ``ctoc-kg --max-file-size`` raise it (``0`` turns it off).
* ``check_rdfxml(data, path)`` — RDF/XML is first read with expat (which never fetches
  external entities or DTDs) to refuse, with line and column: external entity
  declarations, entity expansion over ``MAX_ENTITY_EXPANSION`` bytes ("billion laughs";
  pyoxigraph's RDF/XML parser expands internal entities without a bound) and element
  nesting deeper than ``MAX_XML_DEPTH`` (pyoxigraph's time grows with the square of it).
* ``printable(text)`` — control characters escaped, for messages and table cells.

Nothing here prints or exits; errors are ``InputError`` / ``CtocError``.
"""

from __future__ import annotations

import os
import re
import stat
from os import PathLike
from pathlib import Path

from ctoc_kg.errors import CtocError, InputError

MiB = 1024 * 1024
DEFAULT_MAX_FILE_SIZE = 512 * MiB
MAX_FILE_SIZE_ENV = "CTOC_KG_MAX_FILE_SIZE"
MAX_FILE_SIZE_OPTION = "ctoc-kg --max-file-size SIZE"
MAX_XML_DEPTH = 512
MAX_ENTITY_EXPANSION = 64 * MiB

_override: int | None = None

_SIZE = re.compile(r"^\s*(\d+)\s*([kmgt]?)(i?b)?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "k": 1024, "m": MiB, "g": 1024 * MiB, "t": 1024 * 1024 * MiB}


def parse_size(text: str) -> int:
    """Bytes from ``"1048576"``, ``"600M"``, ``"2GiB"``, ``"1g"`` (binary units); ``0`` = no limit."""
    m = _SIZE.match(str(text))
    if not m:
        raise CtocError(f"not a size: {text!r} (give bytes, or a number with K, M, G or T, e.g. 600M or 2G)")
    return int(m.group(1)) * _UNITS[m.group(2).lower()]


def format_size(n: int) -> str:
    """``536870912`` -> ``"512 MiB"`` (exact when it divides, else one decimal)."""
    for unit, size in (("TiB", 1024**4), ("GiB", 1024**3), ("MiB", MiB), ("KiB", 1024)):
        if n >= size:
            return f"{n // size} {unit}" if n % size == 0 else f"{n / size:.1f} {unit}"
    return f"{n} bytes"


def set_max_file_size(limit: int | None) -> None:
    """Set the limit for this process (``None``: back to the env var or the default)."""
    global _override
    _override = limit


def max_file_size() -> int:
    """The size limit in bytes (0 = no limit): ``set_max_file_size``, else
    ``$CTOC_KG_MAX_FILE_SIZE``, else 512 MiB."""
    if _override is not None:
        return _override
    env = os.environ.get(MAX_FILE_SIZE_ENV)
    if env:
        try:
            return parse_size(env)
        except CtocError as e:
            raise CtocError(f"{MAX_FILE_SIZE_ENV}: {e}") from None
    return DEFAULT_MAX_FILE_SIZE


def check_file(path: str | PathLike[str]) -> os.stat_result:
    """Refuse (``InputError``) a path that is missing, not a regular file, or too big.

    Only ``stat`` is used: nothing is opened or read.
    """
    path = Path(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise InputError(path, cause="no such file") from None
    except PermissionError:
        raise InputError(path, cause="permission denied (cannot look at the file)") from None
    except OSError as e:
        raise InputError(path, cause=e.strerror or str(e)) from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(path, cause="is a directory, not a file")
    if not stat.S_ISREG(st.st_mode):
        kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(st.st_mode)
                else "a socket" if stat.S_ISSOCK(st.st_mode)
                else "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode)
                else "not a regular file")
        raise InputError(path, cause=f"is {kind}, not a regular file; give a file")
    limit = max_file_size()
    if limit and st.st_size > limit:
        raise InputError(
            path,
            cause=(f"file is {format_size(st.st_size)}, over the size limit of {format_size(limit)}; "
                   f"raise it with `{MAX_FILE_SIZE_OPTION}` or the environment variable "
                   f"{MAX_FILE_SIZE_ENV} (0 = no limit)"),
        )
    return st


def read_bytes(path: str | PathLike[str]) -> bytes:
    """The bytes of a checked file (``check_file``), OS errors as ``InputError``."""
    path = Path(path)
    check_file(path)
    try:
        return path.read_bytes()
    except OSError as e:
        raise InputError(path, cause=e.strerror or str(e)) from e


_ENTITY_REF = re.compile(rb"&([A-Za-z_:][A-Za-z0-9_.:-]*);")
_ENTITY_REF_STR = re.compile(r"&([A-Za-z_:][A-Za-z0-9_.:-]*);")


def check_rdfxml(data: bytes, path: str | PathLike[str]) -> None:
    """Refuse hostile or broken RDF/XML before pyoxigraph sees it (see module doc).

    expat reads the document without fetching anything (no external entity handler
    is set and parameter entities are never parsed).  A well-formedness error is an
    ``InputError`` with expat's line and column (column counted from 1).
    """
    from xml.parsers import expat

    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    entities: dict[str, str] = {}
    doctype_end = [0]
    depth = [0]

    class _Refused(Exception):
        pass

    def where() -> tuple[int, int]:
        return parser.CurrentLineNumber, parser.CurrentColumnNumber + 1

    def refuse(cause: str) -> None:
        line, col = where()
        raise _Refused(line, col, cause)

    def entity_decl(name, is_param, value, base, system_id, public_id, notation):
        if system_id is not None or public_id is not None:
            kind = "parameter entity" if is_param else "entity"
            refuse(f"external {kind} {name!r} ({system_id or public_id}) refused: "
                   "ctoc-kg never reads files or URLs named inside an input file")
        if not is_param and value is not None:
            entities[name] = value

    def end_doctype():
        doctype_end[0] = parser.CurrentByteIndex

    def start(name, attrs):
        depth[0] += 1
        if depth[0] > MAX_XML_DEPTH:
            refuse(f"elements nested more than {MAX_XML_DEPTH} deep; refused (too slow to parse)")

    def end(name):
        depth[0] -= 1

    parser.EntityDeclHandler = entity_decl
    parser.EndDoctypeDeclHandler = end_doctype
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(data, True)
    except _Refused as r:
        line, col, cause = r.args
        raise InputError(path, line, col, cause) from None
    except expat.ExpatError as e:
        raise InputError(path, e.lineno, e.offset + 1, expat.ErrorString(e.code)) from None

    if entities:
        sizes: dict[str, int] = {}

        def expanded(name: str, seen: frozenset[str] = frozenset()) -> int:
            if name in sizes:
                return sizes[name]
            if name in seen or name not in entities:  # expat already refused cycles/undefined
                return 0
            value = entities[name]
            total = len(_ENTITY_REF_STR.sub("", value).encode("utf-8"))
            for ref in _ENTITY_REF_STR.findall(value):
                total += expanded(ref, seen | {name})
            sizes[name] = total
            return total

        total = 0
        for m in _ENTITY_REF.finditer(data, doctype_end[0]):
            total += expanded(m.group(1).decode("utf-8", "replace"))
            if total > MAX_ENTITY_EXPANSION:
                line = data.count(b"\n", 0, m.start()) + 1
                raise InputError(path, line, cause=(
                    f"XML entities would expand to more than {format_size(MAX_ENTITY_EXPANSION)} "
                    "(an entity-expansion bomb?); refused"))


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable(text: str) -> str:
    """``text`` with newlines and other control characters escaped (``\\n``, ``\\x1b``), so
    that a message or a table cell is one line and cannot carry terminal escape sequences
    taken from hostile input (a file name, a literal, a server's answer)."""
    def esc(m: re.Match) -> str:
        c = m.group()
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(c, f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}")
    return _CONTROL.sub(esc, text)
