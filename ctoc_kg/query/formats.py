"""Query results as text (``FORMATS``: an aligned table, or the SPARQL 1.1 results
formats CSV, TSV, JSON, XML), and SPARQL results read back into a ``QueryResult``.

The writers read pyoxigraph terms (``QueryResult.ox_rows``, an answer from Oxigraph) or
rdflib terms alike and import no rdflib: their bytes are the ones rdflib's results
serializers write for the same rdflib terms (``tests/test_query_formats.py`` compares
them on every shipped query and on awkward literals), an ``xsd:string`` literal being
a plain one.
"""

from __future__ import annotations

import csv
import io
import math

import pyoxigraph as ox

from ctoc_kg.errors import QueryError
from ctoc_kg.namespaces import XSD, shorten
from ctoc_kg.query.execution import QueryResult
from ctoc_kg.query.header import QueryInfo
from ctoc_kg.safety import printable
from ctoc_kg.terms import rdflib_classes

FORMATS = ("table", "csv", "tsv", "json", "xml")
SPARQL_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"
_STRING = XSD + "string"
# written INF / NaN in N3 when the lexical form reads as infinite / not a number
_INF_NAN_TYPES = frozenset(XSD + t for t in ("float", "double", "decimal"))


def _parts(term) -> tuple[str, str, str | None, str | None] | None:
    """(kind: uri, bnode or literal; value; datatype; language) of a pyoxigraph or rdflib
    term (None: unbound); a plain literal has neither datatype nor language."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return ("uri", term.value, None, None)
    if isinstance(term, ox.Literal):
        if term.language:
            return ("literal", term.value, None, term.language)
        dt = term.datatype.value
        return ("literal", term.value, None if dt == _STRING else dt, None)
    if isinstance(term, ox.BlankNode):
        return ("bnode", term.value, None, None)
    URIRef, BNode, Literal = rdflib_classes()  # an rdflib term: rdflib is loaded
    if isinstance(term, URIRef):
        return ("uri", str(term), None, None)
    if isinstance(term, Literal):
        dt = term.datatype
        return ("literal", str(term), None if dt is None else str(dt), term.language)
    if isinstance(term, BNode):
        return ("bnode", str(term), None, None)
    raise QueryError(f"unsupported RDF term {term!r}")


def _rows(result: QueryResult) -> list[list]:
    rows = result.ox_rows if result.ox_rows is not None else result.rows
    return [[_parts(t) for t in row] for row in rows]


def _short(cell) -> str:
    if cell is None:
        return ""
    if cell[0] == "uri":
        return shorten(cell[1]) or f"<{cell[1]}>"
    return cell[1]


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


def _csv_cell(cell) -> str:
    return "" if cell is None else cell[1]


_OX_VALUED = (ox.NamedNode, ox.Literal, ox.BlankNode)


def _csv_rows(result: QueryResult):
    """The CSV cells of each row: ``_csv_cell(_parts(term))``, read straight from a
    pyoxigraph term's value (an answer from Oxigraph) without the tuple in between."""
    if result.ox_rows is None:
        return ([_csv_cell(c) for c in row] for row in _rows(result))
    return (["" if t is None else t.value if type(t) in _OX_VALUED else _csv_cell(_parts(t))
             for t in row] for row in result.ox_rows)


def _quoted(value: str) -> str:
    """A lexical form quoted as in N3/Turtle (as rdflib's ``Literal.n3`` quotes it)."""
    if "\n" not in value:
        return '"%s"' % value.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r")
    encoded = value.replace("\\", "\\\\")
    if '"""' in value:
        encoded = encoded.replace('"""', '\\"\\"\\"')
    if encoded[-1] == '"' and encoded[-2] != "\\":
        encoded = encoded[:-1] + '\\"'
    return '"""%s"""' % encoded.replace("\r", "\\r")


def n3(cell) -> str:
    """The N3 / Turtle form of a term given by ``_parts`` (rdflib's ``n3()`` of it)."""
    kind, value, dt, lang = cell
    if kind == "uri":
        return f"<{value}>"
    if kind == "bnode":
        return f"_:{value}"
    encoded = _quoted(value)
    if lang:
        return f"{encoded}@{lang}"
    if dt is None:
        return encoded
    if dt in _INF_NAN_TYPES:
        try:
            number = float(value)
        except ValueError:
            number = 0.0
        if math.isinf(number):
            encoded = encoded.replace("inf", "INF").replace("Infinity", "INF")
        elif math.isnan(number):
            encoded = encoded.replace("nan", "NaN")
    return f"{encoded}^^<{dt}>"


def _tsv_cell(cell) -> str:
    if cell is None:
        return ""
    text = n3(cell)
    if cell[0] == "literal":
        return text.replace("\t", "\\t").replace("\n", "\\n")
    return text


def _json(result: QueryResult) -> str:
    if result.kind == "ASK":
        doc = {"head": {}, "boolean": bool(result.ask)}
    else:
        bindings = []
        for row in _rows(result):
            b = {}
            for var, cell in zip(result.variables, row):
                if cell is None:
                    continue
                kind, value, dt, lang = cell
                term = {"type": kind, "value": value}
                if dt is not None:
                    term["datatype"] = dt
                if lang is not None:
                    term["xml:lang"] = lang
                b[var] = term
            bindings.append(b)
        doc = {"results": {"bindings": bindings}, "head": {"vars": list(result.variables)}}
    import json  # here: only this format needs it (≈ 3 ms a process)

    return json.dumps(doc, allow_nan=False, ensure_ascii=False)


def _xml(result: QueryResult) -> str:
    from xml.dom import XML_NAMESPACE
    from xml.sax.saxutils import XMLGenerator  # imports urllib (≈ 0.02 s): XML output only
    from xml.sax.xmlreader import AttributesNSImpl

    out = io.BytesIO()
    w = XMLGenerator(out, "utf-8")
    none = AttributesNSImpl({}, {})

    def start(name: str, attrs=none) -> None:
        w.startElementNS((SPARQL_RESULTS_NS, name), name, attrs)

    def end(name: str) -> None:
        w.endElementNS((SPARQL_RESULTS_NS, name), name)

    def named(name: str):
        return AttributesNSImpl({(None, "name"): name}, {(None, "name"): "name"})

    w.startDocument()
    w.startPrefixMapping("", SPARQL_RESULTS_NS)
    w.startPrefixMapping("xml", XML_NAMESPACE)
    start("sparql")
    start("head")
    for var in (result.variables if result.kind != "ASK" else []):
        start("variable", named(var))
        end("variable")
    end("head")
    if result.kind == "ASK":
        start("boolean")
        w.characters("true" if result.ask else "false")
        end("boolean")
    else:
        start("results")
        for row in _rows(result):
            start("result")
            for var, cell in zip(result.variables, row):
                if cell is None:
                    continue
                kind, value, dt, lang = cell
                start("binding", named(var))
                if kind == "literal" and lang:
                    start(kind, AttributesNSImpl({(XML_NAMESPACE, "lang"): lang},
                                                 {(XML_NAMESPACE, "lang"): "xml:lang"}))
                elif kind == "literal" and dt:
                    start(kind, AttributesNSImpl({(None, "datatype"): dt}, {(None, "datatype"): "datatype"}))
                else:
                    start(kind)
                w.characters(value)
                end(kind)
                end("binding")
            end("result")
        end("results")
    end("sparql")
    w.endDocument()
    return out.getvalue().decode("utf-8")


def format_result(result: QueryResult, output_format: str = "table") -> str:
    """Text of the result in ``table``, ``csv``, ``tsv``, ``json`` or ``xml``
    (CSV, TSV, JSON and XML follow the SPARQL 1.1 results formats)."""
    if output_format not in FORMATS:
        raise QueryError(f"unknown format {output_format!r} (one of {', '.join(FORMATS)})")
    if output_format == "table":
        if result.kind == "ASK":
            return "true" if result.ask else "false"
        rows = _rows(result)
        body = table(result.variables, [[_short(c) for c in row] for row in rows])
        n = len(rows)
        return f"{body}\n({n} row{'s' if n != 1 else ''})"
    if output_format in ("csv", "tsv"):
        buf = io.StringIO()
        if result.kind == "ASK":
            return "true\n" if result.ask else "false\n"
        if output_format == "csv":
            w = csv.writer(buf, lineterminator="\r\n")
            w.writerow(result.variables)
            w.writerows(_csv_rows(result))
        else:
            buf.write("\t".join("?" + v for v in result.variables) + "\n")
            for row in _rows(result):
                buf.write("\t".join(_tsv_cell(c) for c in row) + "\n")
        return buf.getvalue()
    return _json(result) if output_format == "json" else _xml(result)


def parse_results(text: str, input_format: str = "json") -> QueryResult:
    """Read SPARQL JSON/XML results (e.g. an expected-answer file, a server's answer)
    into a QueryResult (rdflib's results parsers)."""
    from rdflib.query import Result

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
