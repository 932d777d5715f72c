"""Query results as text (``FORMATS``: an aligned table, or the SPARQL 1.1 results
formats CSV, TSV, JSON, XML), and SPARQL results read back into a ``QueryResult``."""

from __future__ import annotations

import csv
import io

from rdflib import Literal, URIRef, Variable
from rdflib.query import Result

from ctoc_kg.errors import QueryError
from ctoc_kg.namespaces import shorten
from ctoc_kg.query.execution import QueryResult
from ctoc_kg.query.header import QueryInfo
from ctoc_kg.safety import printable

FORMATS = ("table", "csv", "tsv", "json", "xml")


def _short(term) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return shorten(str(term)) or f"<{term}>"
    return str(term)


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A plain aligned text table (no trailing spaces); control characters in cells are escaped."""
    headers = [printable(h) for h in headers]
    rows = [[printable(c) for c in r] for r in rows]
    widths = [len(h) for h in headers]
    for r in rows:
        for i, cell in enumerate(r):
            widths[i] = max(widths[i], len(cell))
    def line(cells):
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()
    out = [line(headers), line(["-" * w for w in widths])]
    out.extend(line(r) for r in rows)
    return "\n".join(out)


def _csv_cell(term) -> str:
    return "" if term is None else str(term)


def _tsv_cell(term) -> str:
    if term is None:
        return ""
    if isinstance(term, Literal):
        return term.n3().replace("\t", "\\t").replace("\n", "\\n")
    return term.n3()


def format_result(result: QueryResult, output_format: str = "table") -> str:
    """Text of the result in ``table``, ``csv``, ``tsv``, ``json`` or ``xml``
    (CSV, TSV, JSON and XML follow the SPARQL 1.1 results formats)."""
    if output_format not in FORMATS:
        raise QueryError(f"unknown format {output_format!r} (one of {', '.join(FORMATS)})")
    if output_format == "table":
        if result.kind == "ASK":
            return "true" if result.ask else "false"
        body = table(result.variables, [[_short(t) for t in row] for row in result.rows])
        n = len(result.rows)
        return f"{body}\n({n} row{'s' if n != 1 else ''})"
    if output_format in ("csv", "tsv"):
        buf = io.StringIO()
        if result.kind == "ASK":
            return "true\n" if result.ask else "false\n"
        if output_format == "csv":
            w = csv.writer(buf, lineterminator="\r\n")
            w.writerow(result.variables)
            for row in result.rows:
                w.writerow([_csv_cell(t) for t in row])
        else:
            buf.write("\t".join("?" + v for v in result.variables) + "\n")
            for row in result.rows:
                buf.write("\t".join(_tsv_cell(t) for t in row) + "\n")
        return buf.getvalue()
    return _rdflib_result(result).serialize(format=output_format).decode("utf-8")


def _rdflib_result(result: QueryResult):
    out = Result(result.kind)
    if result.kind == "ASK":
        out.askAnswer = bool(result.ask)
        return out
    out.vars = [Variable(v) for v in result.variables]
    out.bindings = [{Variable(v): t for v, t in zip(result.variables, row) if t is not None}
                    for row in result.rows]
    return out


def parse_results(text: str, input_format: str = "json") -> QueryResult:
    """Read SPARQL JSON/XML results (e.g. an expected-answer file, a server's answer)
    into a QueryResult (rdflib's results parsers)."""
    r = Result.parse(io.StringIO(text), format=input_format)
    if r.type == "ASK":
        return QueryResult("ASK", [], [], False, bool(r.askAnswer))
    variables = [str(v) for v in r.vars]
    rows = [tuple(b.get(v) for v in r.vars) for b in r.bindings]
    return QueryResult("SELECT", variables, rows, False)


def listing(infos: list[QueryInfo], lang: str = "en") -> str:
    """The queries as ``ctoc-kg query --list`` shows them: name, title, question, parameters."""
    lines = []
    for info in infos:
        lines.append(f"{info.name}: {info.title}")
        question = info.question.get(lang) or info.question.get("en", "")
        if question:
            lines.append(f"    {question}")
        for p in info.params:
            lines.append(f"    --param {p.name}=…  ({p.type}, default {p.default}) {p.doc}")
    return "\n".join(lines)
