"""Competency queries, one module per job:

* ``header``    — the comment header of a query file (title, questions, parameters,
  answer) and finding a shipped query by name;
* ``params``    — a parameter's value as an RDF term, and ``bind_values`` for servers;
* ``execution`` — ``prepare`` (read, parse, check, bind) and ``execute`` on a local
  Dataset or ``execute_store`` on a pyoxigraph Store;
* ``formats``   — results as a table, CSV, TSV, JSON or XML, and SPARQL results read back.

The names below are the API (``from ctoc_kg import query as Q; Q.prepare(...)``);
docs/queries.md describes the header and the parameter types.
"""

from ctoc_kg.errors import QueryError
from ctoc_kg.query.execution import (
    ENGINES, PreparedQuery, QueryResult, drop_params, execute, execute_store, parse, prepare,
)
from ctoc_kg.query.formats import FORMATS, format_result, listing, parse_results, table
from ctoc_kg.query.header import PARAM_TYPES, Param, QueryInfo, find_query, parse_header, shipped_queries
from ctoc_kg.query.params import bind_values, to_term

__all__ = [
    "ENGINES", "FORMATS", "PARAM_TYPES", "Param", "PreparedQuery", "QueryError", "QueryInfo",
    "QueryResult", "bind_values", "drop_params", "execute", "execute_store", "find_query",
    "format_result", "listing", "parse", "parse_header", "parse_results", "prepare", "shipped_queries",
    "table", "to_term",
]
