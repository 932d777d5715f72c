"""Query headers: the comment block that opens each query file, and finding queries.

A query file (``queries/*.rq``) opens with a header of ``#`` comment lines::

    # title: The Conference's subsidiary bodies
    # question (en): Which subsidiary bodies does the Conference have ...?
    # question (fr): Quels sont les organes subsidiaires ... ?
    # param lang: language = en — language of the names
    # answer: body, name, kind, ...

A line that starts with ``#`` followed by two or more spaces continues the field
above it.  The header ends at the first line that is not a comment.

The header declares the parameters (see ``ctoc_kg.query.params``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path

from ctoc_kg import resources
from ctoc_kg.errors import InputError, QueryError

PARAM_TYPES = ("string", "instrument", "integer", "date", "language", "body", "iri")


@dataclass(frozen=True)
class Param:
    """One declared parameter: binds the variable ``?name``."""

    name: str
    type: str
    default: str
    doc: str


@dataclass
class QueryInfo:
    """The header of a query file."""

    name: str
    path: Path
    title: str = ""
    question: dict[str, str] = field(default_factory=dict)  # language -> question
    params: list[Param] = field(default_factory=list)
    answer: str = ""

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


_FIELD = re.compile(r"^#\s?([a-z]+(?: \([a-z]{2}\))?|param [A-Za-z_][A-Za-z0-9_]*)\s*:\s?(.*)$")
_PARAM = re.compile(r"^param ([A-Za-z_][A-Za-z0-9_]*)$")
_PARAM_VALUE = re.compile(r"^([a-z]+)\s*=\s*(.*?)\s+—\s+(.+)$")


def parse_header(text: str, name: str = "", path: str | PathLike[str] = "") -> QueryInfo:
    """Read the header comment of a query (see the module docstring)."""
    info = QueryInfo(name=name, path=Path(path))
    fields: list[list[str]] = []  # [key, value]
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        m = _FIELD.match(stripped)
        if m and not re.match(r"^#\s{2,}", stripped):
            fields.append([m.group(1), m.group(2).strip()])
        elif fields:
            fields[-1][1] = (fields[-1][1] + " " + stripped.lstrip("#").strip()).strip()
    for key, value in fields:
        if key == "title":
            info.title = value
        elif key.startswith("question"):
            lang = key[len("question (") : -1] if "(" in key else "en"
            info.question[lang] = value
        elif key == "answer":
            info.answer = value
        elif (pm := _PARAM.match(key)) is not None:
            vm = _PARAM_VALUE.match(value)
            if vm is None or vm.group(1) not in PARAM_TYPES:
                raise QueryError(
                    f"{path or name}: malformed parameter line for {pm.group(1)!r}: expected "
                    f"'TYPE = DEFAULT — meaning' with TYPE one of {', '.join(PARAM_TYPES)}"
                )
            info.params.append(Param(pm.group(1), vm.group(1), vm.group(2), vm.group(3)))
    return info


def shipped_queries() -> list[QueryInfo]:
    """The headers of the shipped competency queries ``queries/*.rq``, by name."""
    out = []
    for path in resources.query_files():
        out.append(parse_header(path.read_text(encoding="utf-8"), path.stem, path))
    return out


def find_query(source: str | PathLike[str]) -> Path:
    """A shipped query name (``bodies``) or the path of a ``.rq`` file."""
    path = Path(source)
    if path.is_file():
        return path
    if path.suffix == "" and "/" not in str(source):
        for candidate in resources.query_files():
            if candidate.stem == str(source):
                return candidate
        names = ", ".join(p.stem for p in resources.query_files())
        raise QueryError(f"no shipped query named {str(source)!r} (known: {names}); "
                         "or give the path of a .rq file")
    raise InputError(path, cause="no such file")
