"""Competency queries: find, read their headers, bind parameters, run, format.

A query file (``queries/*.rq``) opens with a header of ``#`` comment lines::

    # title: The Conference's subsidiary bodies
    # question (en): Which subsidiary bodies does the Conference have ...?
    # question (fr): Quels sont les organes subsidiaires ... ?
    # param lang: language = en — language of the names
    # answer: body, name, kind, ...

A line that starts with ``#`` followed by two or more spaces continues the field
above it.  The header ends at the first line that is not a comment.

Parameters.  ``param NAME: TYPE = DEFAULT — meaning`` binds the SPARQL variable
``?NAME`` to an RDF term built from the value (the default, or ``--param NAME=VALUE``).
The term is *bound*, never pasted into the query text: rdflib evaluates the
parsed query with ``initBindings``, pyoxigraph with ``substitutions=`` (SEP-0007);
both replace the variable by the term everywhere in the query.  Oxigraph requires
a substituted variable to be in the ``SELECT`` projection, so a query lists its
parameters there; ``execute`` drops those (constant) columns from the result.
Types (see ``PARAM_TYPES``):

``string``      a plain literal (``xsd:string``), any text
``instrument``  an instrument number such as ``7/1``, a plain literal matched
                against ``ctoc:instrumentNumber`` (any text is accepted; a value
                that is no number simply matches nothing)
``integer``     an ``xsd:integer`` (e.g. a session number, ``10``)
``date``        an ``xsd:date`` (``YYYY-MM-DD``)
``language``    a language tag (``en``, ``fr``), a plain literal compared with ``LANG()``
``body``        a body: a slug (``working-group-firearms`` -> ``id:body/working-group-firearms``),
                an ``id:`` path (``body/working-group-firearms``), ``id:body/...`` or a full IRI
``iri``         any entity: an ``id:`` path (``resolution/7-1``), ``id:...`` or a full IRI

Values that cannot be a term of the type (an IRI with a space, ``<``, ``>``,
``"``, ``{``, ``}``, ``|``, ``^``, backquote or backslash, a malformed date or
integer) raise ``CtocError`` (exit 2).

The API is split so a remote runner can reuse the first half: ``prepare`` (read,
parse, check, bind) and ``execute`` (on a local Dataset) / ``execute_store``
(on a pyoxigraph Store).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from os import PathLike
from pathlib import Path
from typing import Any

from ctoc_kg import resources
from ctoc_kg.errors import CtocError, InputError
from ctoc_kg.namespaces import ID_NS, shorten
from ctoc_kg.terms import from_ox, to_ox

FORMATS = ("table", "csv", "tsv", "json", "xml")
ENGINES = ("oxigraph", "rdflib")
PARAM_TYPES = ("string", "instrument", "integer", "date", "language", "body", "iri")



class QueryError(CtocError):
    """A query could not be prepared or run (exit 2)."""


# --------------------------------------------------------------------------- headers

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


# --------------------------------------------------------------------------- terms

_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LANG = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _iri(value: str, param: str, body: bool):
    from rdflib import URIRef

    v = value.strip()
    if v.startswith("<") and v.endswith(">"):
        v = v[1:-1]
    if v.startswith("id:"):
        v = ID_NS + v[3:]
    elif not _ABSOLUTE.match(v):
        if body and "/" not in v:
            v = "body/" + v
        v = ID_NS + v
    if not v or _BAD_IRI.search(v):
        raise QueryError(f"parameter {param}: {value!r} is not a valid IRI "
                         "(no spaces, quotes, angle brackets, braces, |, ^, ` or \\)")
    return URIRef(v)


def to_term(param: Param, value: str):
    """The RDF term for ``value`` as parameter ``param`` (raises ``QueryError``)."""
    from rdflib import XSD, Literal

    t = param.type
    if t in ("string", "instrument"):
        return Literal(value)
    if t == "language":
        if not _LANG.match(value):
            raise QueryError(f"parameter {param.name}: {value!r} is not a language tag (e.g. en, fr)")
        return Literal(value.lower())
    if t == "integer":
        if not _INTEGER.match(value.strip()):
            raise QueryError(f"parameter {param.name}: {value!r} is not an integer")
        return Literal(int(value.strip()), datatype=XSD.integer)
    if t == "date":
        try:
            d = date.fromisoformat(value.strip())
        except ValueError:
            raise QueryError(f"parameter {param.name}: {value!r} is not a date (YYYY-MM-DD)") from None
        if len(value.strip()) != 10:
            raise QueryError(f"parameter {param.name}: {value!r} is not a date (YYYY-MM-DD)")
        return Literal(d.isoformat(), datatype=XSD.date)
    if t in ("body", "iri"):
        return _iri(value, param.name, body=(t == "body"))
    raise QueryError(f"parameter {param.name}: unknown type {t!r}")  # pragma: no cover


# --------------------------------------------------------------------------- prepare

@dataclass
class PreparedQuery:
    """A parsed, checked query with its bound parameters, ready to execute."""

    info: QueryInfo
    text: str
    parsed: Any  # rdflib.plugins.sparql.sparql.Query
    bindings: dict[str, Any]  # variable name -> rdflib term
    kind: str  # SELECT, ASK, CONSTRUCT, DESCRIBE
    ordered: bool  # the query has ORDER BY at its top level
    uses_service: bool


def _walk(node, seen=None):
    from rdflib.plugins.sparql.parserutils import CompValue

    if seen is None:
        seen = set()
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, CompValue):
        yield node
        for v in node.values():
            yield from _walk(v, seen)
    elif isinstance(node, (list, tuple)):
        for v in node:
            yield from _walk(v, seen)


def _top_ordered(algebra) -> bool:
    """True if the query's solution sequence is ordered (OrderBy under Project/Slice/...)."""
    node = algebra.get("p")
    while node is not None and getattr(node, "name", None) in (
        "Project", "Distinct", "Reduced", "Slice", "OrderBy", "ToMultiSet"
    ):
        if node.name == "OrderBy":
            return True
        node = node.get("p")
    return False


def parse(text: str, where: str = "<query>"):
    """Parse SPARQL text with rdflib; a syntax error raises ``InputError`` with line:col."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery

    try:
        return prepareQuery(text)
    except ParseException as e:
        raise InputError(where, e.lineno, e.col, f"SPARQL syntax error: {e.msg}") from e
    except Exception as e:  # rdflib raises bare Exception for e.g. an unknown prefix
        raise InputError(where, cause=f"SPARQL error: {e}") from e


def prepare(source: str | PathLike[str], params: dict[str, str] | None = None, *,
            allow_service: bool = False, text: str | None = None) -> PreparedQuery:
    """Read, parse and check a query, and bind its parameters.

    ``source`` is a shipped query name or a file path (``text`` overrides the
    file's content; ``source`` then only names it).  ``params`` override the
    header defaults; a parameter the header does not declare is an error.
    A query with ``SERVICE`` (found in the parsed algebra) is refused unless
    ``allow_service``.
    """
    if text is None:
        path = find_query(source)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise InputError(path, cause=str(e)) from e
        name = path.stem
    else:
        path = Path(str(source))
        name = path.stem
    info = parse_header(text, name, path)
    parsed = parse(text, str(path))
    algebra = parsed.algebra
    uses_service = any(n.name == "ServiceGraphPattern" for n in _walk(algebra))
    if uses_service and not allow_service:
        raise QueryError(f"{path}: the query uses SERVICE (a remote endpoint); "
                         "refused unless --allow-service is given")
    params = dict(params or {})
    for key in params:
        if info.param(key) is None:
            declared = ", ".join(p.name for p in info.params) or "none"
            raise QueryError(f"{path}: unknown parameter {key!r} (declared: {declared})")
    bindings = {p.name: to_term(p, params.get(p.name, p.default)) for p in info.params}
    if algebra.name == "SelectQuery":
        projected = {str(v) for v in algebra.get("PV") or []}
        missing = [p.name for p in info.params if p.name not in projected]
        if missing:
            raise QueryError(f"{path}: parameter(s) {', '.join('?' + m for m in missing)} must be "
                             "listed in the SELECT clause (they are bound by substitution)")
    kind = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT",
            "DescribeQuery": "DESCRIBE"}.get(algebra.name, algebra.name)
    return PreparedQuery(info, text, parsed, bindings, kind, _top_ordered(algebra), uses_service)


# --------------------------------------------------------------------------- execute

@dataclass
class QueryResult:
    """Plain result: variables and rows of rdflib terms (None = unbound)."""

    kind: str
    variables: list[str]
    rows: list[tuple]
    ordered: bool
    ask: bool | None = None


def execute(prepared: PreparedQuery, ds, engine: str = "oxigraph") -> QueryResult:
    """Run a prepared SELECT or ASK query on a local Dataset (its union graph).

    ``engine="oxigraph"`` runs the text on the Dataset's pyoxigraph store with
    ``substitutions``; ``engine="rdflib"`` runs rdflib's own SPARQL evaluator on
    the parsed query with ``initBindings``.
    """
    if engine == "oxigraph":
        from ctoc_kg.dataset import oxigraph_store

        return execute_store(prepared, oxigraph_store(ds))
    if engine != "rdflib":
        raise QueryError(f"unknown engine {engine!r} (one of {', '.join(ENGINES)})")
    _check_kind(prepared)
    # A parsed Query object makes the Oxigraph store decline, so rdflib evaluates it.
    result = ds.query(prepared.parsed, initBindings=prepared.bindings)
    if prepared.kind == "ASK":
        return QueryResult("ASK", [], [], False, bool(result.askAnswer))
    variables = [str(v) for v in result.vars]
    rows = [tuple(row.get(v) if hasattr(row, "get") else row[i]
                  for i, v in enumerate(result.vars)) for row in result]
    return _drop_params(QueryResult("SELECT", variables, rows, prepared.ordered), prepared)


def _drop_params(result: QueryResult, prepared: PreparedQuery) -> QueryResult:
    keep = [i for i, v in enumerate(result.variables) if v not in prepared.bindings]
    result.variables = [result.variables[i] for i in keep]
    result.rows = [tuple(row[i] for i in keep) for row in result.rows]
    return result


def execute_store(prepared: PreparedQuery, store) -> QueryResult:
    """Run a prepared SELECT or ASK query on a pyoxigraph Store (union default graph)."""
    import pyoxigraph as ox

    _check_kind(prepared)
    subs = {ox.Variable(k): to_ox(v) for k, v in prepared.bindings.items()}
    try:
        result = store.query(prepared.text, use_default_graph_as_union=True, substitutions=subs)
    except SyntaxError as e:
        raise InputError(prepared.info.path, e.lineno, e.offset, f"SPARQL syntax error: {e.msg}") from e
    except OSError as e:
        raise QueryError(f"{prepared.info.path}: query failed: {e}") from e
    if isinstance(result, ox.QueryBoolean):
        return QueryResult("ASK", [], [], False, bool(result))
    variables = [v.value for v in result.variables]
    rows = [tuple(_from_ox(sol[i]) for i in range(len(variables))) for sol in result]
    return _drop_params(QueryResult("SELECT", variables, rows, prepared.ordered), prepared)


def _check_kind(prepared: PreparedQuery) -> None:
    if prepared.kind not in ("SELECT", "ASK"):
        raise QueryError(f"{prepared.info.path}: {prepared.kind} queries are not run by "
                         "`query` (SELECT and ASK only)")


def _from_ox(term):
    return from_ox(term, plain_strings=True)



# --------------------------------------------------------------------------- comparison

def term_key(term) -> tuple:
    """A comparable key: IRIs by string, literals by value (else lexical form), datatype, language."""
    from rdflib import XSD, BNode, Literal, URIRef

    if term is None:
        return ("unbound",)
    if isinstance(term, URIRef):
        return ("iri", str(term))
    if isinstance(term, BNode):
        return ("bnode",)
    if isinstance(term, Literal):
        dt = str(term.datatype) if term.datatype and term.datatype != XSD.string else ""
        value = term.value if (dt and term.value is not None) else str(term)
        if isinstance(value, (int, float)) or type(value).__name__ == "Decimal":
            value = repr(float(value))
        return ("literal", str(value), dt, (term.language or "").lower())
    return ("other", str(term))


def row_keys(result: QueryResult) -> list[tuple]:
    """Each row as a tuple of ``(variable, term_key)`` in variable order."""
    return [tuple((v, term_key(t)) for v, t in zip(result.variables, row)) for row in result.rows]


# --------------------------------------------------------------------------- formats

def _short(term) -> str:
    from rdflib import Literal, URIRef

    if term is None:
        return ""
    if isinstance(term, URIRef):
        return shorten(str(term)) or f"<{term}>"
    if isinstance(term, Literal):
        return str(term)
    return str(term)


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A plain aligned text table (no trailing spaces); control characters in cells are escaped."""
    from ctoc_kg.safety import printable

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
    from rdflib import Literal

    if term is None:
        return ""
    if isinstance(term, Literal):
        return term.n3().replace("\t", "\\t").replace("\n", "\\n")
    return term.n3()


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """Text of the result in ``table``, ``csv``, ``tsv``, ``json`` or ``xml``
    (CSV, TSV, JSON and XML follow the SPARQL 1.1 results formats)."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    if fmt == "table":
        if result.kind == "ASK":
            return "true" if result.ask else "false"
        body = table(result.variables, [[_short(t) for t in row] for row in result.rows])
        n = len(result.rows)
        return f"{body}\n({n} row{'s' if n != 1 else ''})"
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        if result.kind == "ASK":
            return "true\n" if result.ask else "false\n"
        if fmt == "csv":
            w = csv.writer(buf, lineterminator="\r\n")
            w.writerow(result.variables)
            for row in result.rows:
                w.writerow([_csv_cell(t) for t in row])
        else:
            buf.write("\t".join("?" + v for v in result.variables) + "\n")
            for row in result.rows:
                buf.write("\t".join(_tsv_cell(t) for t in row) + "\n")
        return buf.getvalue()
    return _rdflib_result(result).serialize(format=fmt).decode("utf-8")


def _rdflib_result(result: QueryResult):
    from rdflib import Variable
    from rdflib.query import Result

    out = Result(result.kind)
    if result.kind == "ASK":
        out.askAnswer = bool(result.ask)
        return out
    out.vars = [Variable(v) for v in result.variables]
    out.bindings = [{Variable(v): t for v, t in zip(result.variables, row) if t is not None}
                    for row in result.rows]
    return out


def parse_results(text: str, fmt: str = "json") -> QueryResult:
    """Read SPARQL JSON/XML results (e.g. an expected-answer file) into a QueryResult."""
    from rdflib.query import Result

    r = Result.parse(io.StringIO(text), format=fmt)
    if r.type == "ASK":
        return QueryResult("ASK", [], [], False, bool(r.askAnswer))
    variables = [str(v) for v in r.vars]
    rows = [tuple(b.get(v) for v in r.vars) for b in r.bindings]
    return QueryResult("SELECT", variables, rows, False)
