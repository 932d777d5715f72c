"""Prepare a query (read, parse, check, bind its parameters) and run it on a local
Dataset or a pyoxigraph Store.

``prepare`` and the ``execute*`` functions are apart so that a remote runner
(``ctoc_kg.store``) reuses ``prepare``.  Parameters are bound, never pasted: rdflib
evaluates the parsed query with ``initBindings``, pyoxigraph with ``substitutions``;
Oxigraph wants a substituted variable in the ``SELECT`` projection, so a query lists
its parameters there and ``drop_params`` takes those constant columns out again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ctoc_kg.dataset import original_terms, query_store
from ctoc_kg.errors import InputError, QueryError
from ctoc_kg.query.header import QueryInfo, find_query, parse_header
from ctoc_kg.query.params import ox_term
from ctoc_kg.sparql_scan import scan
from ctoc_kg.terms import from_ox, to_ox

ENGINES = ("oxigraph", "rdflib")


@dataclass
class PreparedQuery:
    """A parsed, checked query with its bound parameters, ready to execute."""

    info: QueryInfo
    text: str
    _parsed: Any  # rdflib.plugins.sparql.sparql.Query, parsed when first asked for
    terms: dict[str, Any]  # variable name -> pyoxigraph term (what Oxigraph substitutes)
    kind: str  # SELECT, ASK, CONSTRUCT, DESCRIBE
    ordered: bool  # the query has ORDER BY at its top level
    uses_service: bool

    @property
    def parsed(self):
        """rdflib's parse of the query (for ``engine="rdflib"``); made on first use."""
        if self._parsed is None:
            self._parsed = parse(self.text, str(self.info.path))
        return self._parsed

    @property
    def bindings(self) -> dict[str, Any]:
        """Variable name -> the bound rdflib term (imports rdflib; ``terms``: pyoxigraph's)."""
        return {k: from_ox(v, plain_strings=True) for k, v in self.terms.items()}

    def needs(self):
        """What reasoning this query can see (``ctoc_kg.reason.Needs``; None: all)."""
        from ctoc_kg.reason import Needs

        return Needs.of_query(self.text, self.terms)


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


# text -> rdflib's prepared Query: a prepared query is made to be evaluated again and again
# (rdflib reads its algebra and never changes it); parsing one costs 0.05-0.3 s of pyparsing
_PARSED: dict[str, Any] = {}
_PARSED_MAX = 64


def parse(text: str, where: str = "<query>"):
    """Parse SPARQL text with rdflib; a syntax error raises ``InputError`` with line:col.

    The same text is parsed once a process (the last ``_PARSED_MAX`` texts are kept;
    a text that does not parse is parsed again each time, so its error names ``where``)."""
    parsed = _PARSED.get(text)
    if parsed is not None:
        return parsed
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery

    try:
        parsed = prepareQuery(text)
    except ParseException as e:
        raise InputError(where, e.lineno, e.col, f"SPARQL syntax error: {e.msg}") from e
    except Exception as e:  # rdflib raises bare Exception for e.g. an unknown prefix
        raise InputError(where, cause=f"SPARQL error: {e}") from e
    while _PARSED and len(_PARSED) >= _PARSED_MAX:
        _PARSED.pop(next(iter(_PARSED)))
    if _PARSED_MAX:
        _PARSED[text] = parsed
    return parsed


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
    found = scan(text, {p.name for p in info.params})
    fast = found.complete and not found.uses_service and not (
        found.kind == "SELECT" and found.projected is None and info.params)
    if fast:
        # the scanner read it; the engine checks the syntax (no rdflib parse: ≈ 0.3 s)
        _check_syntax(text, path)
        parsed, kind, ordered, uses_service = None, found.kind, found.ordered, found.uses_service
        projected = found.projected
    else:
        parsed = parse(text, str(path))
        algebra = parsed.algebra
        uses_service = any(n.name == "ServiceGraphPattern" for n in _walk(algebra))
        kind = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT",
                "DescribeQuery": "DESCRIBE"}.get(algebra.name, algebra.name)
        ordered = _top_ordered(algebra)
        projected = {str(v) for v in algebra.get("PV") or []} if kind == "SELECT" else None
    if uses_service and not allow_service:
        raise QueryError(f"{path}: the query uses SERVICE (a remote endpoint); "
                         "refused unless --allow-service is given")
    params = dict(params or {})
    for key in params:
        if info.param(key) is None:
            declared = ", ".join(p.name for p in info.params) or "none"
            raise QueryError(f"{path}: unknown parameter {key!r} (declared: {declared})")
    terms = {p.name: ox_term(p, params.get(p.name, p.default)) for p in info.params}
    if kind == "SELECT":
        missing = [p.name for p in info.params if p.name not in projected]
        if missing:
            raise QueryError(f"{path}: parameter(s) {', '.join('?' + m for m in missing)} must be "
                             "listed in the SELECT clause (they are bound by substitution)")
    return PreparedQuery(info, text, parsed, terms, kind, ordered, uses_service)


_POSITION = re.compile(r"^error at (\d+):(\d+): ")


def _check_syntax(text: str, path) -> None:
    """Oxigraph's parse of ``text`` (on an empty store; nothing is evaluated that could
    reach out: the caller has ruled out SERVICE); a syntax error raises ``InputError``
    with line and column."""
    try:
        ox.Store().query(text)
    except SyntaxError as e:
        m = _POSITION.match(str(e.msg))
        line, column = (int(m.group(1)), int(m.group(2))) if m else (None, None)
        cause = _POSITION.sub("", str(e.msg))
        raise InputError(path, line, column, f"SPARQL syntax error: {cause}") from e
    except (OSError, ValueError):
        pass  # not a syntax error; running the query reports it


class QueryResult:
    """Plain result: variables and rows of rdflib terms (None = unbound).

    An answer from Oxigraph keeps its rows as pyoxigraph terms (``ox_rows``; a plain
    literal is an ``xsd:string`` one) and makes the rdflib rows when ``rows`` is first
    read: the formats read ``ox_rows`` and never import rdflib."""

    def __init__(self, kind: str, variables: list[str], rows: list[tuple] | None = None,
                 ordered: bool = False, ask: bool | None = None, *,
                 ox_rows: list[tuple] | None = None) -> None:
        self.kind = kind
        self.variables = variables
        self.ordered = ordered
        self.ask = ask
        self._rows = rows if rows is not None or ox_rows is not None else []
        self.ox_rows = ox_rows if rows is None else None

    @property
    def rows(self) -> list[tuple]:
        if self._rows is None:
            self._rows = [tuple(from_ox(t, plain_strings=True) for t in row) for row in self.ox_rows]
        return self._rows

    @rows.setter
    def rows(self, rows: list[tuple]) -> None:
        self._rows, self.ox_rows = rows, None

    def _key(self) -> tuple:
        return (self.kind, self.variables, self.rows, self.ordered, self.ask)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, QueryResult):
            return NotImplemented
        return self._key() == other._key()

    __hash__ = None  # mutable, like the dataclass it was

    def __repr__(self) -> str:
        return (f"QueryResult(kind={self.kind!r}, variables={self.variables!r}, rows={self.rows!r}, "
                f"ordered={self.ordered!r}, ask={self.ask!r})")


def execute(prepared: PreparedQuery, ds, engine: str = "oxigraph") -> QueryResult:
    """Run a prepared SELECT or ASK query on a local Dataset (its union graph).

    ``engine="oxigraph"`` runs the text on the Dataset's pyoxigraph store with
    ``substitutions``; ``engine="rdflib"`` runs rdflib's own SPARQL evaluator on
    the parsed query with ``initBindings``.
    """
    if engine == "oxigraph":
        # each triple once even if two named graphs hold it; literals as written
        store, union = query_store(ds)
        return execute_store(prepared, store, terms=original_terms(ds), **union)
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
    return drop_params(QueryResult("SELECT", variables, rows, prepared.ordered), prepared)


def drop_params(result: QueryResult, prepared: PreparedQuery) -> QueryResult:
    """``result`` without the columns of the query's parameters (constants)."""
    keep = [i for i, v in enumerate(result.variables) if v not in prepared.terms]
    if len(keep) == len(result.variables):
        return result
    result.variables = [result.variables[i] for i in keep]
    if result.ox_rows is not None:
        result.ox_rows = [tuple(row[i] for i in keep) for row in result.ox_rows]
    else:
        result.rows = [tuple(row[i] for i in keep) for row in result.rows]
    return result


def execute_store(prepared: PreparedQuery, store, *, use_default_graph_as_union: bool = True,
                  terms=None) -> QueryResult:
    """Run a prepared SELECT or ASK query on a pyoxigraph Store (union default graph
    unless ``use_default_graph_as_union`` is false); ``terms`` maps each pyoxigraph term
    of the answer (the rows keep pyoxigraph terms until ``rows`` is read)."""
    _check_kind(prepared)
    subs = {ox.Variable(k): to_ox(v) for k, v in prepared.terms.items()}
    try:
        result = store.query(prepared.text, use_default_graph_as_union=use_default_graph_as_union,
                             substitutions=subs)
    except SyntaxError as e:
        raise InputError(prepared.info.path, e.lineno, e.offset, f"SPARQL syntax error: {e.msg}") from e
    except OSError as e:
        raise QueryError(f"{prepared.info.path}: query failed: {e}") from e
    if isinstance(result, ox.QueryBoolean):
        return QueryResult("ASK", [], [], False, bool(result))
    variables = [v.value for v in result.variables]
    width = range(len(variables))
    if terms is None:
        rows = [tuple(sol[i] for i in width) for sol in result]
    else:
        rows = [tuple(terms(sol[i]) for i in width) for sol in result]
    return drop_params(QueryResult("SELECT", variables, ordered=prepared.ordered, ox_rows=rows),
                       prepared)


def _check_kind(prepared: PreparedQuery) -> None:
    if prepared.kind not in ("SELECT", "ASK"):
        raise QueryError(f"{prepared.info.path}: {prepared.kind} queries are not run by "
                         "`query` (SELECT and ASK only)")

