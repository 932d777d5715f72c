"""ctoc-kg load against a real `oxigraph serve` (started here; marked ``server``) and
fault servers (in-process HTTP servers in a thread); the commands run in-process, except
the load that is killed mid-way."""

from __future__ import annotations

import json
import subprocess
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from conftest import console_script, ctoc, linux_only
from store_helpers import (OxigraphServer, assert_shipped_queries_match, fault_server, oxigraph_server,
                           plain_strings)

from ctoc_kg import export as ex
from ctoc_kg import store as st
from ctoc_kg.query import bind_values


@pytest.fixture(scope="module")
def local_parts(shipped_reasoned):
    return shipped_reasoned, ex.parts(shipped_reasoned, inferred=True)


@pytest.fixture
def server(tmp_path):
    with oxigraph_server(tmp_path / "db") as s:
        yield s


@pytest.mark.server
@pytest.mark.slow
def test_load_round_trip_counts_and_contents(server, tmp_path, local_parts):
    proc = ctoc("load", "--endpoint", server.url, "--inferred", "--format", "json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    report = {r["graph"]: r for r in json.loads(proc.stdout)}
    _, parts = local_parts
    assert sorted(report) == [p.graph for p in parts]
    with st.Store(st.Endpoints.for_url(server.url)) as store:
        assert store.graphs("https://w3id.org/ctoc-kg/graph/") == [p.graph for p in parts]
        for p in parts:
            assert report[p.graph]["remote"] == report[p.graph]["local"] == len(p)
            assert store.count(p.graph) == len(p)
            remote = Graph().parse(data=store.get_graph(p.graph), format="nt")
            local = Graph().parse(data=p.ntriples(), format="nt")
            assert isomorphic(plain_strings(remote), plain_strings(local)), p.graph


@pytest.mark.server
@pytest.mark.slow
def test_load_twice_with_replace_duplicates_nothing(server, tmp_path):
    counts = []
    for _ in range(2):
        proc = ctoc("load", "--endpoint", server.url + "/query", "--replace", "--format", "json",
                    cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        counts.append({r["graph"]: r["remote"] for r in json.loads(proc.stdout)})
    assert counts[0] == counts[1]
    with st.Store(st.Endpoints.for_url(server.url)) as store:
        total = store.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows[0][0]
    assert int(total) == sum(counts[0].values())


@pytest.mark.server
@pytest.mark.slow
def test_append_adds_and_replace_restores(server, tmp_path):
    data = tmp_path / "extra.nt"
    data.write_text('<https://example.org/a> <https://example.org/p> "1" .\n')
    assert ctoc("load", str(data), "--no-ontology", "--endpoint", server.url, cwd=tmp_path).returncode == 0
    data.write_text('<https://example.org/a> <https://example.org/p> "2" .\n')
    proc = ctoc("load", str(data), "--no-ontology", "--append", "--endpoint", server.url, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    graph = "https://w3id.org/ctoc-kg/graph/extra"
    with st.Store(st.Endpoints.for_url(server.url)) as store:
        assert store.count(graph) == 2
        assert ctoc("load", str(data), "--no-ontology", "--endpoint", server.url,
                    cwd=tmp_path).returncode == 0
        assert store.count(graph) == 1


@pytest.mark.server
@pytest.mark.slow
def test_update_fallback_when_no_graph_store(server, tmp_path, local_parts):
    proc = ctoc("load", "--endpoint", server.url, "--graph-store", server.url + "/no-gsp-here",
                "--format", "json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert {r["protocol"] for r in report} == {"update"}
    assert all(r["remote"] == r["local"] for r in report)
    # replace through SPARQL Update is also DROP + INSERT: loading again changes no count
    again = json.loads(ctoc("load", "--endpoint", server.url, "--graph-store",
                            server.url + "/no-gsp-here", "--format", "json", cwd=tmp_path).stdout)
    assert [r["remote"] for r in again] == [r["remote"] for r in report]


@pytest.mark.server
@pytest.mark.slow
def test_shipped_queries_over_http_match_local_answers(server, tmp_path, local_parts):
    assert ctoc("load", "--endpoint", server.url, "--inferred", cwd=tmp_path).returncode == 0
    ds, _ = local_parts
    with st.Store(st.Endpoints.for_url(server.url)) as store:
        assert_shipped_queries_match(store, ds)


def test_server_down_is_exit_2_with_a_clear_message(tmp_path, waits):
    from store_helpers import free_port

    url = f"http://127.0.0.1:{free_port()}"
    proc = ctoc("load", "--endpoint", url, "--retries", "1", cwd=tmp_path)
    assert proc.returncode == 2
    assert "cannot connect" in proc.stderr and "is the server running?" in proc.stderr
    assert "after 2 attempts" in proc.stderr and waits == [0.5]
    assert "Traceback" not in proc.stderr


@pytest.mark.server
@pytest.mark.slow
@linux_only("watches the loader's connection through /proc")
def test_killed_mid_load_leaves_each_graph_old_or_new(tmp_path):
    """SIGKILL the server while a large graph is being replaced, restart it on the
    same folder: every graph is entirely its previous or its new version."""
    old = tmp_path / "old"
    new = tmp_path / "new"
    old.mkdir()
    new.mkdir()
    n_old, n_new = 1000, 300_000
    for folder, n, tag in ((old, n_old, "old"), (new, n_new, "new")):
        with (folder / "big.nt").open("w") as f:
            for i in range(n):
                f.write(f'<https://example.org/s{i}> <https://example.org/p> "{tag}{i}" .\n')
        (folder / "small.nt").write_text(
            f'<https://example.org/x> <https://example.org/v> "{tag}" .\n')
    server = OxigraphServer(tmp_path / "db").start()
    try:
        files = lambda d: [str(d / "big.nt"), str(d / "small.nt")]  # noqa: E731
        proc = ctoc("load", *files(old), "--no-ontology", "--endpoint", server.url, cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        loader = subprocess.Popen([console_script(), "load", *files(new), "--no-ontology",
                                   "--endpoint", server.url, "--retries", "0", "--quiet"],
                                  cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True)
        # wait until the upload of the big graph is in flight, then crash the server
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not _connected(server.port, loader.pid):
            time.sleep(0.02)
        time.sleep(0.3)
        server.kill()
        out, err = loader.communicate(timeout=120)
        assert loader.returncode == 2, (out, err)
        assert "Traceback" not in err
        server.start()
        with st.Store(st.Endpoints.for_url(server.url)) as store:
            for name, sizes in (("big", (n_old, n_new)), ("small", (1, 1))):
                graph = f"https://w3id.org/ctoc-kg/graph/{name}"
                count = store.count(graph)
                assert count in sizes, f"{name}: {count} triples, neither version"
                tags = store.select(
                    f"SELECT DISTINCT (SUBSTR(?o, 1, 3) AS ?t) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
                assert len(tags.rows) == 1, f"{name}: a mix of versions"
                tag = str(tags.rows[0][0])
                assert count == {"old": sizes[0], "new": sizes[1]}[tag]
    finally:
        server.stop()


def _connected(port: int, pid: int) -> bool:
    """True once process ``pid`` has an established TCP connection to ``port``."""
    import os

    try:
        inodes = {os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")}
    except OSError:
        return False
    try:
        lines = Path("/proc/net/tcp").read_text().splitlines()[1:]
    except OSError:
        return False
    for line in lines:
        cols = line.split()
        remote_port = int(cols[2].split(":")[1], 16)
        if remote_port == port and cols[3] == "01" and f"socket:[{cols[9]}]" in inodes:
            return True
    return False


# --- fault servers (127.0.0.1 only) ---------------------------------------------------

class _Base(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def _body(self) -> bytes:
        n = int(self.headers.get("Content-Length") or 0)
        if n:
            return self.rfile.read(n)
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            data = b""
            while True:
                size = int(self.rfile.readline().strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    return data
                data += self.rfile.read(size)
                self.rfile.readline()
        return b""

    def reply(self, code: int, body: bytes = b"", kind: str = "text/plain") -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _count_json(n: int) -> bytes:
    return json.dumps({"head": {"vars": ["n"]}, "results": {"bindings": [
        {"n": {"type": "literal", "value": str(n),
               "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]}}).encode()


@pytest.fixture
def waits(monkeypatch) -> list[float]:
    """The waits between attempts (``Store.backoff``, doubling), recorded instead of slept."""
    import types

    from ctoc_kg.store import client

    asked: list[float] = []
    fake = types.SimpleNamespace(**{name: getattr(time, name) for name in dir(time) if not name.startswith("_")})
    fake.sleep = asked.append
    monkeypatch.setattr(client, "time", fake)
    return asked


@pytest.fixture
def small_file(tmp_path):
    f = tmp_path / "tiny.nt"
    f.write_text('<https://example.org/a> <https://example.org/p> "1" .\n'
                 '<https://example.org/a> <https://example.org/p> "2" .\n')
    return f


def test_wrong_count_is_exit_1_with_both_numbers(tmp_path, small_file):
    class WrongCount(_Base):
        def do_PUT(self):
            self._body()
            self.reply(201)

        def do_POST(self):
            self._body()
            self.reply(200, _count_json(1), "application/sparql-results+json")

    with fault_server(WrongCount) as url:
        proc = ctoc("load", str(small_file), "--no-ontology", "--endpoint", url, cwd=tmp_path)
    assert proc.returncode == 1
    assert "1 triples on the server but 2 locally" in proc.stderr


def test_5xx_is_retried_then_exit_2(tmp_path, small_file, waits):
    hits = []

    class Always500(_Base):
        def do_PUT(self):
            self._body()
            hits.append(1)
            self.reply(500, b"disk on fire")

    with fault_server(Always500) as url:
        proc = ctoc("load", str(small_file), "--no-ontology", "--endpoint", url,
                    "--retries", "2", cwd=tmp_path)
    assert proc.returncode == 2
    assert len(hits) == 3
    assert waits == [0.5, 1.0]  # Store.backoff, doubled after each attempt
    assert "500" in proc.stderr and "disk on fire" in proc.stderr and "after 3 attempts" in proc.stderr


def test_5xx_then_success_recovers(tmp_path, small_file, waits):
    hits = []

    class FlakyOnce(_Base):
        def do_PUT(self):
            self._body()
            hits.append(1)
            self.reply(503 if len(hits) == 1 else 201, b"busy")

        def do_POST(self):
            self._body()
            self.reply(200, _count_json(2), "application/sparql-results+json")

    with fault_server(FlakyOnce) as url:
        proc = ctoc("load", str(small_file), "--no-ontology", "--endpoint", url, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert len(hits) == 2 and waits == [0.5]


def test_4xx_is_not_retried_and_shows_the_servers_text(tmp_path, small_file, waits):
    hits = []

    class Refuses(_Base):
        def do_PUT(self):
            self._body()
            hits.append(1)
            self.reply(403, b"write access denied for this graph\n" + b"x" * 2000)

    with fault_server(Refuses) as url:
        proc = ctoc("load", str(small_file), "--no-ontology", "--endpoint", url, cwd=tmp_path)
    assert proc.returncode == 2
    assert len(hits) == 1 and waits == []
    assert "403" in proc.stderr and "write access denied for this graph" in proc.stderr
    assert len(proc.stderr) < 800  # trimmed


def test_hanging_server_times_out(tmp_path, small_file, waits):
    class Hangs(_Base):
        def do_PUT(self):
            self._body()
            time.sleep(5)

    with fault_server(Hangs) as url:
        proc = ctoc("load", str(small_file), "--no-ontology", "--endpoint", url,
                    "--timeout", "0.25", "--retries", "1", cwd=tmp_path)
    assert proc.returncode == 2 and waits == [0.5]
    assert "no answer" in proc.stderr and "0.25 s" in proc.stderr  # the timeout, not the server, ended it


def test_connection_dropped_mid_request(tmp_path, small_file, waits):
    class Drops(_Base):
        def do_PUT(self):
            self.rfile.read(5)
            self.connection.shutdown(2)
            self.connection.close()

    with fault_server(Drops) as url:
        proc = ctoc("load", str(small_file), "--no-ontology", "--endpoint", url,
                    "--retries", "1", cwd=tmp_path)
    assert proc.returncode == 2 and waits == [0.5]
    assert "connection" in proc.stderr and "Traceback" not in proc.stderr


def test_non_json_answer_to_a_query(tmp_path, small_file):
    class HtmlQuery(_Base):
        def do_PUT(self):
            self._body()
            self.reply(201)

        def do_POST(self):
            self._body()
            self.reply(200, b"<html><body>Welcome to my store</body></html>", "text/html")

    with fault_server(HtmlQuery) as url:
        proc = ctoc("load", str(small_file), "--no-ontology", "--endpoint", url, cwd=tmp_path)
    assert proc.returncode == 2
    assert "text/html" in proc.stderr and "not SPARQL JSON results" in proc.stderr


def test_credentials_from_environment_never_in_output(tmp_path, small_file):
    seen = []

    class NeedsAuth(_Base):
        def do_PUT(self):
            self._body()
            seen.append(self.headers.get("Authorization"))
            self.reply(401, b"bad credentials")

    env = {"CTOC_KG_USER": "alice", "CTOC_KG_PASSWORD": "s3cret-pw", "CTOC_KG_TOKEN": None}
    with fault_server(NeedsAuth) as url:
        proc = ctoc("load", str(small_file), "--no-ontology", "--endpoint", url, cwd=tmp_path, env=env)
        assert proc.returncode == 2
        assert seen and seen[0].startswith("Basic ")
        assert "s3cret-pw" not in proc.stderr + proc.stdout
        env = dict(env, CTOC_KG_TOKEN="tok-123")
        proc = ctoc("load", str(small_file), "--no-ontology", "--endpoint", url, cwd=tmp_path, env=env)
        assert seen[-1] == "Bearer tok-123"
        assert "tok-123" not in proc.stderr + proc.stdout
    proc = ctoc("load", "--endpoint", "http://bob:pw@127.0.0.1:1/query", cwd=tmp_path)
    assert proc.returncode == 2 and "no credentials in the endpoint URL" in proc.stderr
    assert "pw@" not in proc.stderr


def test_bind_values_substitutes_like_oxigraph():
    from rdflib import Literal as L

    text = ("# WHERE { ?lang }\nSELECT ?x ?lang WHERE { ?x <http://a/?lang> \"?lang\" "
            "OPTIONAL { ?x ?p ?v FILTER(LANG(?v) = ?lang) } }")
    bound = bind_values(text, {"lang": L('en"x')})
    # the projection keeps the column (no VALUES block: Virtuoso 7 hangs on some
    # queries that begin with one)
    assert 'SELECT ?x ("en\\"x" AS ?lang) WHERE { ?x' in bound
    assert "VALUES" not in bound
    assert 'FILTER(LANG(?v) = "en\\"x")' in bound  # inside OPTIONAL too
    assert '<http://a/?lang> "?lang"' in bound  # IRIs and strings untouched
    assert bound.startswith("# WHERE { ?lang }")
    # SELECT * has no projection to write it in: a VALUES block first binds it
    star = bind_values("SELECT * WHERE { ?x <http://a/p> ?v FILTER(LANG(?v) = ?lang) }",
                       {"lang": L("en")})
    assert star.startswith('SELECT * WHERE { VALUES (?lang) { ("en") }')
    import pyoxigraph as ox

    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://a/s"), ox.NamedNode("http://a/p"), ox.Literal("A", language="en")))
    rows = [(s["x"].value, s["v"].value, s["lang"].value) for s in store.query(star)]
    assert rows == [("http://a/s", "A", "en")]


@pytest.mark.server
@pytest.mark.slow
def test_query_command_with_endpoint(server, tmp_path):
    assert ctoc("load", "--endpoint", server.url, "--inferred", cwd=tmp_path).returncode == 0
    remote = ctoc("query", "--endpoint", server.url, "subsidiary-bodies", "--format", "csv", cwd=tmp_path)
    local = ctoc("query", "subsidiary-bodies", "--format", "csv", cwd=tmp_path)
    assert remote.returncode == 0, remote.stderr
    assert local.returncode == 0, local.stderr
    r_lines, l_lines = remote.stdout.splitlines(), local.stdout.splitlines()
    assert len(r_lines) == len(l_lines) > 1
    down = ctoc("query", "--endpoint", "http://127.0.0.1:1", "subsidiary-bodies", cwd=tmp_path)
    assert down.returncode == 2 and "cannot connect" in down.stderr


# --- Oxigraph: bulk loads, replacement through a staging graph ---------------------

@pytest.mark.server
@pytest.mark.slow
def test_oxigraph_bulk_load_then_replace_through_a_staging_graph(server, tmp_path):
    data = tmp_path / "doc.ttl"
    data.write_text('<https://example.org/a> <https://example.org/p> "1", "2" ; '
                    '<https://example.org/q> [ <https://example.org/r> "b" ] .\n')

    def load(*extra):
        proc = ctoc("load", str(data), "--no-ontology", "--endpoint", server.url, "--format", "json",
                    *extra, cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout)

    assert [r["protocol"] for r in load()] == ["bulk"]
    graph = "https://w3id.org/ctoc-kg/graph/doc"
    data.write_text('<https://example.org/a> <https://example.org/p> "2", "3" ; '
                    '<https://example.org/q> [ <https://example.org/r> "c" ] .\n')
    report = load()
    assert [r["protocol"] for r in report] == ["bulk+staging"]
    assert report[0]["remote"] == report[0]["local"] == 4
    with st.Store(st.Endpoints.for_url(server.url)) as store:
        remote = Graph().parse(data=store.get_graph(graph), format="nt")
        assert isomorphic(plain_strings(remote), plain_strings(Graph().parse(data, format="turtle")))
        everything = store.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert [str(r[0]) for r in everything.rows] == [graph]  # no staging graph left
    assert [r["protocol"] for r in load("--append")] == ["bulk"]


def test_staging_count_mismatch_leaves_the_graph_and_drops_the_staging_graph(tmp_path, small_file):
    """An Oxigraph-like server whose staging graph comes out short: the swap is not made."""
    updates = []

    class ShortStaging(_Base):
        server_version = "Oxigraph/0.5.13"  # the Server header: bulk loads
        sys_version = ""

        def do_POST(self):
            body = self._body()
            if self.path.startswith("/store"):
                self.reply(204)
            elif self.path.startswith("/update"):
                updates.append(body.decode())
                self.reply(204)
            elif b"COUNT" in body and b"staging" in body:
                self.reply(200, _count_json(1), "application/sparql-results+json")
            elif b"COUNT" in body:
                self.reply(200, _count_json(5), "application/sparql-results+json")
            else:
                self.reply(200, b'{"head": {}, "boolean": true}', "application/sparql-results+json")

    with fault_server(ShortStaging) as url:
        proc = ctoc("load", str(small_file), "--no-ontology", "--endpoint", url, cwd=tmp_path)
    assert proc.returncode == 2
    assert "staging graph holds 1 triples, 2 were sent" in proc.stderr
    assert "left as it was" in proc.stderr
    assert len(updates) == 1 and updates[0].startswith("DROP SILENT GRAPH <urn:ctoc-kg:staging:")


# --- what Virtuoso taught: form-encoded queries, Content-Length, digest, row caps ----

def _rows_json(n: int) -> bytes:
    return json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": [
        {"x": {"type": "literal", "value": str(i)}} for i in range(n)]}}).encode()


def test_a_capped_answer_is_counted_and_refused_when_cut():
    """An answer as long as the X-SPARQL-MaxRows cap is checked by a COUNT of the same
    query on the server: cut (more rows exist) -> StoreError with both numbers;
    exactly the cap -> the answer."""
    from urllib.parse import parse_qs

    total = {"n": 5}
    seen = []

    class Capped(_Base):
        server_version = "Virtuoso/07.20.3229"
        sys_version = ""

        def do_POST(self):
            form = parse_qs(self._body().decode())
            seen.append((self.headers.get("Content-Type"), form))
            query = form["query"][0]
            if "COUNT(*)" in query:
                self.reply(200, _count_json(total["n"]), "application/sparql-results+json")
                return
            body = _rows_json(3)
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("X-SPARQL-MaxRows", "3")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    text = "PREFIX ex: <http://example.org/>\n# a comment\nSELECT ?x WHERE { ?x ex:p ?y } ORDER BY ?x"
    with fault_server(Capped) as url, st.Store(st.Endpoints.for_url(url + "/sparql"), retries=0) as store:
        with pytest.raises(st.StoreError, match=r"cut the answer at its maximum of 3 rows .*the query has 5"):
            store.select(text, ["https://w3id.org/ctoc-kg/graph/a"])
        kind, form = seen[-1]
        assert kind == "application/x-www-form-urlencoded"
        assert form["default-graph-uri"] == ["https://w3id.org/ctoc-kg/graph/a"]
        counted = form["query"][0]
        assert counted.startswith("PREFIX ex: <http://example.org/>\n# a comment\n"
                                  "SELECT (COUNT(*) AS ?ctoc_kg_rows) WHERE { {\nSELECT ?x WHERE")
        assert Graph().query(counted.replace("ex:p", "<http://example.org/p>"))  # it parses
        total["n"] = 3
        assert len(store.select(text).rows) == 3  # exactly the cap: a complete answer


def test_uploads_carry_a_content_length_not_chunks(tmp_path, small_file):
    """Virtuoso answers 201 to a chunked Graph Store PUT and stores nothing."""
    puts = []

    class Records(_Base):
        def do_PUT(self):
            puts.append((self.headers.get("Content-Length"), self.headers.get("Transfer-Encoding"),
                         self._body()))
            self.reply(201)

        def do_POST(self):
            self._body()
            self.reply(200, _count_json(2), "application/sparql-results+json")

    with fault_server(Records) as url:
        proc = ctoc("load", str(small_file), "--no-ontology", "--endpoint", url, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    [(length, chunked, body)] = puts
    assert chunked is None and int(length) == len(body) == small_file.stat().st_size


def test_digest_credentials_when_the_server_asks(tmp_path, small_file):
    """Virtuoso's -auth endpoints: a 401 with a Digest challenge (and none at all when
    basic credentials came); the upload is sent again with digest and a fresh body."""
    import hashlib

    realm, nonce = "SPARQL", "abc123"
    got = []

    def md5(text: str) -> str:
        return hashlib.md5(text.encode()).hexdigest()

    class Digest(_Base):
        def check(self) -> bool:
            auth = self.headers.get("Authorization") or ""
            if not auth.startswith("Digest "):
                self.send_response(401)
                if not auth:  # Virtuoso sends no challenge to a basic request
                    self.send_header("WWW-Authenticate", f'Digest realm="{realm}", nonce="{nonce}", '
                                                         'qop="auth", algorithm="MD5"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return False
            f = dict(p.strip().split("=", 1) for p in auth[7:].split(","))
            f = {k: v.strip('"') for k, v in f.items()}
            ha1 = md5(f"alice:{realm}:s3cret-pw")
            ha2 = md5(f"{self.command}:{f['uri']}")
            ok = f["response"] == md5(f"{ha1}:{nonce}:{f['nc']}:{f['cnonce']}:{f['qop']}:{ha2}")
            if not ok:
                self.reply(401, b"wrong")
            return ok

        def do_HEAD(self):
            self.check()

        def do_PUT(self):
            body = self._body()
            if self.check():
                got.append(body)
                self.reply(201)

        def do_POST(self):
            self._body()
            if self.check():
                self.reply(200, _count_json(2), "application/sparql-results+json")

    env = {"CTOC_KG_USER": "alice", "CTOC_KG_PASSWORD": "s3cret-pw", "CTOC_KG_TOKEN": None}
    with fault_server(Digest) as url:
        proc = ctoc("load", str(small_file), "--no-ontology", "--endpoint", url, cwd=tmp_path, env=env)
    assert proc.returncode == 0, proc.stderr
    assert [sorted(b.splitlines()) for b in got] == [sorted(small_file.read_bytes().splitlines())]
    assert "s3cret-pw" not in proc.stderr + proc.stdout


def test_virtuoso_endpoint_layout():
    e = st.Endpoints.for_url("http://h:8890/sparql-auth")
    assert (e.query, e.update, e.graph_store) == ("http://h:8890/sparql-auth", "http://h:8890/sparql-auth",
                                                  "http://h:8890/sparql-graph-crud-auth")


# --- a large N-Triples file is sent as it is while it is read (store.uploads.EarlyUpload)

def _spy_early(monkeypatch) -> list:
    from ctoc_kg.store import uploads

    monkeypatch.setattr(uploads, "EARLY_MIN_BYTES", 0)
    started = []
    real = uploads.EarlyUpload.start

    def start(self):
        ok = real(self)
        started.append((self.graph, ok))
        return ok

    monkeypatch.setattr(uploads.EarlyUpload, "start", start)
    return started


@pytest.mark.server
def test_a_large_ntriples_file_is_sent_as_it_is_while_it_is_read(server, tmp_path, monkeypatch):
    from ctoc_kg.dataset import load as load_files
    from ctoc_kg.generate import ERROR_KINDS, generate

    data = tmp_path / "corpus.nt"
    generate(data, 3000, seed=2, errors=dict.fromkeys(ERROR_KINDS, 1))
    graph = "https://w3id.org/ctoc-kg/graph/corpus"
    started = _spy_early(monkeypatch)
    read = _spy_reads(monkeypatch)
    proc = ctoc("load", str(data), "--endpoint", server.url, "--format", "json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    report = {r["graph"]: r for r in json.loads(proc.stdout)}
    assert started == [(graph, True)]  # the ontology's graph is not a candidate
    assert data not in read  # the server's parser alone read it (the ontology is read here)
    assert report[graph]["protocol"] == "bulk"
    part = ex.parts(load_files([data]), graph=graph)[0]
    assert report[graph]["local"] == report[graph]["remote"] == len(part)
    with st.Store(st.Endpoints.for_url(server.url)) as store:
        remote = Graph().parse(data=store.get_graph(graph), format="nt")
    assert isomorphic(plain_strings(remote), plain_strings(Graph().parse(data=part.ntriples(), format="nt")))
    # the server holds the graph now: the next load replaces it through a staging graph
    started.clear()
    proc = ctoc("load", str(data), "--endpoint", server.url, "--format", "json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert started == [(graph, False)]
    report = {r["graph"]: r for r in json.loads(proc.stdout)}
    assert report[graph]["protocol"] == "bulk+staging"
    assert report[graph]["local"] == report[graph]["remote"] == len(part)


@pytest.mark.server
@pytest.mark.parametrize("flaw", ["syntax error at the end", "byte-order mark"])
def test_a_bad_file_sent_early_leaves_the_server_as_it_was(server, tmp_path, monkeypatch, flaw):
    from ctoc_kg.generate import generate

    data = tmp_path / "bad.nt"
    generate(data, 2000, seed=2)
    text = data.read_bytes()
    if flaw == "byte-order mark":  # refused here, perhaps taken by the server: then dropped
        data.write_bytes(b"\xef\xbb\xbf" + text)
    else:
        data.write_bytes(text + b"<https://example.org/a> <https://example.org/b> oops .\n")
    started = _spy_early(monkeypatch)
    proc = ctoc("load", str(data), "--no-ontology", "--endpoint", server.url, cwd=tmp_path)
    assert proc.returncode == 2
    assert "bad.nt:" in proc.stderr and "Traceback" not in proc.stderr
    assert started == [("https://w3id.org/ctoc-kg/graph/bad", True)]
    with st.Store(st.Endpoints.for_url(server.url)) as store:
        assert store.graphs() == []


@pytest.mark.server
def test_a_bulk_upload_cut_mid_body_adds_nothing(server, tmp_path):
    """What a load stopped while a large file is being sent relies on: Oxigraph's bulk
    loader never commits a body it did not receive whole (the connection closes after
    half of it, cut mid-line and at a line's end)."""
    import socket
    from urllib.parse import quote

    from ctoc_kg.generate import generate
    from ctoc_kg.store.uploads import statements

    data = tmp_path / "cut.nt"
    generate(data, 3000, seed=6)
    body = data.read_bytes()
    half = len(body) // 2
    for cut in (half, body.index(b"\n", half) + 1):
        graph = f"https://example.org/cut-{cut}"
        head = (f"POST /store?graph={quote(graph, safe='')}&no_transaction HTTP/1.1\r\n"
                f"Host: 127.0.0.1:{server.port}\r\nContent-Type: application/n-triples\r\n"
                f"Content-Length: {len(body)}\r\n\r\n").encode()
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
            sock.sendall(head + body[:cut])
        time.sleep(1)
        with st.Store(st.Endpoints.for_url(server.url)) as store:
            assert store.graphs() == []
    # and whole, the same request loads it
    with st.Store(st.Endpoints.for_url(server.url)) as store:
        assert store._bulk("https://example.org/whole", lambda: iter([body]), str(len(body)))
        assert store.count("https://example.org/whole") == statements(str(data))


def _spy_reads(monkeypatch) -> list:
    """The paths ctoc_kg.dataset reads (``_load_file``: every local read of a file, through
    ``load`` or ``load_file``)."""
    from ctoc_kg import dataset

    read = []
    real = dataset._load_file

    def load_file(ds, path, graph, **kw):
        read.append(Path(path))
        return real(ds, path, graph, **kw)

    monkeypatch.setattr(dataset, "_load_file", load_file)
    return read


def _local_error(path: Path) -> str:
    from ctoc_kg.dataset import load as load_files
    from ctoc_kg.errors import InputError

    with pytest.raises(InputError) as caught:
        load_files([path], include_ontology=False, bare=True)
    return str(caught.value)


_FLAWS = {  # line 900 of a 2,000-triple corpus, as the user could break it
    "unterminated string": b'<https://example.org/a> <https://example.org/b> "no end .',
    "space in an IRI": b"<https://example.org/a b> <https://example.org/b> <https://example.org/c> .",
    "bad language tag": b'<https://example.org/a> <https://example.org/b> "x"@1x .',
    "trailing hyphen in a language tag": b'<https://example.org/a> <https://example.org/b> "x"@en- .',
    "relative IRI": b'<a> <https://example.org/b> "x" .',
    "not UTF-8": b'<https://example.org/a> <https://example.org/b> "caf\xe9" .',
    "UTF-16": None,
}


@pytest.mark.server
@pytest.mark.parametrize("flaw", sorted(_FLAWS))
def test_a_file_broken_mid_way_is_reported_as_here_and_nothing_is_visible(server, tmp_path,
                                                                          monkeypatch, flaw):
    """The server's parser alone reads the large file: its syntax error is the file's
    line and column with the same cause as a local read, and neither the file's graph
    nor the ontology's (sent beside it) is left on the server."""
    from ctoc_kg.generate import generate

    data = tmp_path / "broken.nt"
    generate(data, 2000, seed=3)
    lines = data.read_bytes().split(b"\n")
    if _FLAWS[flaw] is None:
        data.write_bytes(b"\xff\xfe" + "\n".join(x.decode() for x in lines).encode("utf-16-le"))
    else:
        lines[899] = _FLAWS[flaw]
        data.write_bytes(b"\n".join(lines))
    expected = _local_error(data)
    started = _spy_early(monkeypatch)
    read = _spy_reads(monkeypatch)
    proc = ctoc("load", str(data), "--endpoint", server.url, cwd=tmp_path)
    assert proc.returncode == 2, proc.stdout
    assert proc.stderr.strip().endswith(expected), (proc.stderr, expected)
    assert (":900:" in expected) == (_FLAWS[flaw] is not None)
    assert started == [("https://w3id.org/ctoc-kg/graph/broken", True)] and data not in read
    with st.Store(st.Endpoints.for_url(server.url)) as store:
        assert store.graphs() == []


@pytest.mark.server
def test_the_first_bad_file_in_the_command_is_reported(server, tmp_path, monkeypatch):
    """A file read here and a file the server reads are both bad: the error is the first
    one's in the command's order, as a load without a server would report it."""
    from ctoc_kg.generate import generate

    big = tmp_path / "big.nt"
    generate(big, 2000, seed=3)
    big.write_bytes(big.read_bytes() + b"<https://example.org/a> oops .\n")
    small = tmp_path / "small.ttl"
    small.write_text("@prefix ex: <https://example.org/> .\nex:a ex:b .\n")
    _spy_early(monkeypatch)
    for first, second in ((big, small), (small, big)):
        proc = ctoc("load", str(first), str(second), "--endpoint", server.url, cwd=tmp_path)
        assert proc.returncode == 2
        assert proc.stderr.strip().endswith(_local_error(first)), proc.stderr
        with st.Store(st.Endpoints.for_url(server.url)) as store:
            assert store.graphs() == []


@pytest.mark.server
def test_duplicate_lines_are_counted_by_a_local_read(server, tmp_path, monkeypatch):
    """The server holds fewer triples than the file has statement lines (a repeated
    line): the file is then read here, and the report compares distinct triples."""
    from ctoc_kg.generate import generate

    data = tmp_path / "dups.nt"
    generate(data, 2000, seed=4)
    lines = data.read_bytes().split(b"\n")
    statements = [x for x in lines if x.strip() and not x.startswith(b"#")]
    data.write_bytes(b"\n".join(lines + statements[:5] + [b"# the end", b"   ", b""]))
    _spy_early(monkeypatch)
    read = _spy_reads(monkeypatch)
    proc = ctoc("load", str(data), "--no-ontology", "--endpoint", server.url, "--format", "json",
                cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    [report] = json.loads(proc.stdout)
    assert report["local"] == report["remote"] == len(set(statements)) == len(statements)
    assert read == [data]  # once, to count the distinct triples


@pytest.mark.server
def test_graph_selection_of_a_file_the_server_reads(server, tmp_path, monkeypatch):
    from ctoc_kg.generate import generate

    data = tmp_path / "picked.nt"
    generate(data, 2000, seed=5)
    other = tmp_path / "other.nt"
    other.write_text('<https://example.org/a> <https://example.org/p> "1" .\n')
    _spy_early(monkeypatch)
    graph = "https://w3id.org/ctoc-kg/graph/picked"
    proc = ctoc("load", str(data), str(other), "--graph", graph, "--endpoint", server.url,
                "--format", "json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert [r["graph"] for r in json.loads(proc.stdout)] == [graph]
    with st.Store(st.Endpoints.for_url(server.url)) as store:
        assert store.graphs() == [graph]


@pytest.mark.parametrize("block", [1, 2, 3, 5, 8, 1 << 24])
def test_statement_lines_are_counted_in_any_block_size(tmp_path, monkeypatch, block):
    from ctoc_kg.dataset import _statements
    from ctoc_kg.store import uploads

    monkeypatch.setattr(uploads, "_BLOCK", block)
    texts = [b"", b"\n", b"a", b"a\n", b"# c\na\n\n  \n\tb", b"\n\na\r\n#x\r\n \r\n",
             b"a\n   # c", b"<a> <b> <c> .\n<d> <e> \"f\" .\n\n\n# x\n<g> <h> <i> .",
             b"#\n#\n", b" \t\n\t x\n"]
    for i, text in enumerate(texts):
        path = tmp_path / f"t{i}.nt"
        path.write_bytes(text)
        assert uploads.statements(str(path)) == _statements(text), text



# --- the API the command calls: store.load_into

class _Stages:
    """Records what a load says it is doing (the command's progress line)."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.sent = 0
        self.total = 0

    def stage(self, name: str) -> None:
        self.names.append(name)

    def bytes(self, name: str, total: int):
        self.names.append(name)
        self.total = total

        def advance(n: int) -> None:
            self.sent += n
        return advance


@pytest.mark.server
def test_load_into_returns_each_graphs_counts_and_names_its_stages(server, tmp_path, monkeypatch):
    from ctoc_kg.generate import generate
    from ctoc_kg.namespaces import GRAPH_NS

    big = tmp_path / "big.nt"
    generate(big, 2000, seed=4)
    small = tmp_path / "small.ttl"
    small.write_text("@prefix ex: <https://example.org/> .\nex:a ex:b ex:c , ex:d .\n")
    started = _spy_early(monkeypatch)
    stages = _Stages()
    results = st.load_into(st.Endpoints.for_url(server.url), [big, small], progress=stages)
    assert started == [(GRAPH_NS + "big", True)]  # the server alone reads the .nt file
    assert [r.graph for r in results] == sorted([GRAPH_NS + "big", GRAPH_NS + "ontology",
                                                 GRAPH_NS + "small"])
    by_graph = {r.graph: r for r in results}
    assert all(r.ok for r in results)
    assert by_graph[GRAPH_NS + "small"].local == by_graph[GRAPH_NS + "small"].remote == 2
    assert by_graph[GRAPH_NS + "big"].protocol == "bulk"
    assert stages.names == ["loading", "writing N-Triples", "uploading"]
    assert stages.sent == stages.total > 0  # the graphs read here, each byte reported once
    # a file refused: InputError of that file, and the server left as it was
    with st.Store(st.Endpoints.for_url(server.url)) as store:
        for r in results:
            store.drop(r.graph)
    small.write_text("@prefix ex: <https://example.org/> .\nex:a ex:b .\n")
    from ctoc_kg.errors import InputError

    with pytest.raises(InputError) as refused:
        st.load_into(st.Endpoints.for_url(server.url), [big, small])
    assert refused.value.path == str(small) and refused.value.line == 2
    with st.Store(st.Endpoints.for_url(server.url)) as store:
        assert store.graphs() == []
