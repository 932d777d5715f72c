"""Run a prepared query (``ctoc_kg.query.prepare``) on a remote store over the SPARQL
1.1 Protocol, with the same answer as local execution."""

from __future__ import annotations

from ctoc_kg.errors import StoreError
from ctoc_kg.namespaces import GRAPH_NS
from ctoc_kg.query import PreparedQuery, QueryResult, bind_values, drop_params
from ctoc_kg.store.client import Store


def execute_remote(prepared: PreparedQuery, store: Store) -> QueryResult:
    """Run ``prepared`` on ``store``; SELECT and ASK only.

    The local default graph is the union of the ctoc-kg graphs; the server is asked
    the same by naming them as the default graph (``default-graph-uri``).  Parameters
    are written into the text by ``bind_values`` (the protocol cannot pass bindings)
    and their constant columns dropped, as locally.
    """
    if prepared.kind not in ("SELECT", "ASK"):
        raise StoreError(f"{prepared.info.path}: {prepared.kind} queries are not run "
                         "remotely (SELECT and ASK only)")
    graphs = store.graphs(GRAPH_NS)
    if not graphs:
        raise StoreError(f"the store at {store.shown_url} holds no ctoc-kg "
                         f"graph ({GRAPH_NS}…); run `ctoc-kg load` first")
    answer = store.select(bind_values(prepared.text, prepared.bindings), graphs)
    if prepared.kind == "ASK":
        if answer.kind != "ASK":
            raise StoreError("the server answered an ASK query without a boolean")
        return QueryResult("ASK", [], [], False, answer.ask)
    if answer.kind != "SELECT":
        raise StoreError("the server answered a SELECT query with a boolean")
    return drop_params(QueryResult("SELECT", answer.variables, answer.rows, prepared.ordered),
                       prepared)
