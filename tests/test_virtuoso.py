"""ctoc-kg against a second real store: Virtuoso Open Source 7 (Debian
``virtuoso-opensource``, apt-installed when missing; the package starts nothing, so the
tests start ``virtuoso-t`` on 127.0.0.1 with a fresh database and free ports, and stop
it).  Loaded through its authenticated endpoints (HTTP digest, user dba), counts
verified; the shipped queries answer over HTTP as they do locally; its default
``ResultSetMaxRows`` (10,000) is kept, and a larger answer is detected and refused
rather than trusted."""

from __future__ import annotations

import json
import re

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from conftest import ctoc
from store_helpers import VIRTUOSO_MAX_ROWS, assert_shipped_queries_match, plain_strings, virtuoso_server

from ctoc_kg import export as ex
from ctoc_kg import store as st
from ctoc_kg.errors import StoreError

pytestmark = [pytest.mark.server, pytest.mark.slow]

GRAPHS = "https://w3id.org/ctoc-kg/graph/"


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso") / "db") as server:
        yield server


@pytest.fixture
def as_dba(virtuoso, monkeypatch):
    """The Store API with Virtuoso's credentials in the environment."""
    for name, value in virtuoso.env().items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("CTOC_KG_TOKEN", raising=False)
    return virtuoso


def _load(virtuoso, tmp_path, *args) -> list[dict]:
    proc = ctoc("load", *virtuoso.load_args(), "--format", "json", *args, cwd=tmp_path,
                env=virtuoso.env())
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_load_counts_and_contents(virtuoso, as_dba, tmp_path, shipped_reasoned):
    report = {r["graph"]: r for r in _load(virtuoso, tmp_path, "--inferred")}
    parts = ex.parts(shipped_reasoned, inferred=True)
    assert sorted(report) == [p.graph for p in parts]
    with st.Store(st.Endpoints.for_url(virtuoso.endpoint)) as store:
        assert store.is_virtuoso()
        assert store.graphs(GRAPHS) == [p.graph for p in parts]
        for p in parts:
            r = report[p.graph]
            assert r["remote"] == r["local"] == len(p) and r["ok"], p.graph
            assert r["protocol"] == "gsp"
            remote = Graph().parse(data=store.get_graph(p.graph), format="nt")
            local = Graph().parse(data=p.ntriples(), format="nt")
            assert isomorphic(plain_strings(remote), plain_strings(local)), p.graph


def test_load_again_replaces_and_duplicates_nothing(virtuoso, as_dba, tmp_path):
    first = {r["graph"]: r["remote"] for r in _load(virtuoso, tmp_path)}
    again = {r["graph"]: r["remote"] for r in _load(virtuoso, tmp_path)}
    assert first == again
    with st.Store(st.Endpoints.for_url(virtuoso.endpoint)) as store:
        for graph, n in first.items():
            assert store.count(graph) == n


def test_shipped_queries_over_http_match_local_answers(virtuoso, as_dba, tmp_path, shipped_reasoned):
    _load(virtuoso, tmp_path, "--inferred")
    # the anonymous, read-only endpoint: what a public Virtuoso offers
    with st.Store(st.Endpoints.for_url(virtuoso.url + "/sparql"), timeout=60, retries=0) as store:
        assert_shipped_queries_match(store, shipped_reasoned)


def test_query_command_with_endpoint(virtuoso, tmp_path):
    _load(virtuoso, tmp_path, "--inferred")
    remote = ctoc("query", "--endpoint", virtuoso.url + "/sparql", "subsidiary-bodies",
                  "--format", "csv", cwd=tmp_path)
    local = ctoc("query", "subsidiary-bodies", "--format", "csv", cwd=tmp_path)
    assert remote.returncode == 0, remote.stderr
    assert sorted(remote.stdout.splitlines()) == sorted(local.stdout.splitlines())
    assert len(local.stdout.splitlines()) > 1


def test_wrong_password_is_refused_clearly(virtuoso, tmp_path):
    env = dict(virtuoso.env(), CTOC_KG_PASSWORD="not-the-password")
    proc = ctoc("load", *virtuoso.load_args(), "--retries", "0", cwd=tmp_path, env=env)
    assert proc.returncode == 2
    assert "401" in proc.stderr and "not-the-password" not in proc.stderr + proc.stdout


def test_result_cap_is_detected_and_reported_not_trusted(tmp_path, monkeypatch):
    """Virtuoso cuts any answer at ResultSetMaxRows (10,000 here, its default) and says
    so only in an ``X-SPARQL-MaxRows`` header of an ordinary 200 (and not at all for
    CONSTRUCT).  ctoc-kg counts the query's rows on the server when an answer reaches
    the cap: a cut answer is an error naming both numbers; one that really has 10,000
    rows passes."""
    from ctoc_kg.generate import generate

    corpus = tmp_path / "big.nt"
    generate(corpus, 25_000, seed=3)
    with virtuoso_server(tmp_path / "db") as virtuoso:  # holding this graph only
        for name, value in virtuoso.env().items():
            monkeypatch.setenv(name, value)
        _check_cap(virtuoso, tmp_path, corpus)


def _check_cap(virtuoso, tmp_path, corpus):
    report = _load(virtuoso, tmp_path, str(corpus), "--no-ontology")
    [loaded] = report
    n = loaded["local"]
    assert loaded["remote"] == n > VIRTUOSO_MAX_ROWS  # COUNT is one row: not cut
    graph = loaded["graph"]
    everything = f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    with st.Store(st.Endpoints.for_url(virtuoso.endpoint)) as store:
        with pytest.raises(StoreError) as cut:
            store.select(everything)
        message = str(cut.value)
        assert f"maximum of {VIRTUOSO_MAX_ROWS} rows" in message and f"the query has {n}" in message
        assert "ResultSetMaxRows" in message
        # exactly as many rows as the cap: the header comes, the count clears it
        exact = store.select(everything + f" ORDER BY ?s ?p ?o LIMIT {VIRTUOSO_MAX_ROWS}")
        assert len(exact.rows) == VIRTUOSO_MAX_ROWS
        assert len(store.select(everything + " LIMIT 10").rows) == 10
        # a graph read back (CONSTRUCT: cut without any header) is checked by count
        with pytest.raises(StoreError, match=f"which holds {n}:") as short:
            store.get_graph(graph)
        sent = int(re.search(r"sent (\d+) triples", str(short.value)).group(1))
        assert VIRTUOSO_MAX_ROWS <= sent < n  # Virtuoso 7.2 sends the cap + 1
    # the query command: exit 2 with the numbers, nothing printed as an answer
    rq = tmp_path / "everything.rq"
    rq.write_text("SELECT ?s ?p ?o WHERE { ?s ?p ?o }\n")
    proc = ctoc("query", "--endpoint", virtuoso.url + "/sparql", str(rq), "--format", "csv",
                cwd=tmp_path)
    assert proc.returncode == 2
    assert f"maximum of {VIRTUOSO_MAX_ROWS} rows" in proc.stderr
    assert f"the query has {n}" in proc.stderr
    assert proc.stdout == ""
