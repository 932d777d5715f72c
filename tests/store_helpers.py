"""Helpers for tests that talk to SPARQL servers: a real `oxigraph serve` on a free
127.0.0.1 port, and small fault servers (also on 127.0.0.1 only)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    assert found, "the oxigraph server (pip package `oxigraph`, in the test extra) is not installed"
    return found


class OxigraphServer:
    """`oxigraph serve --location DIR --bind 127.0.0.1:PORT`; start, kill, restart."""

    def __init__(self, location: Path, port: int | None = None) -> None:
        self.location = location
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 20.0) -> "OxigraphServer":
        self.proc = subprocess.Popen(
            [oxigraph_binary(), "serve", "--location", str(self.location),
             "--bind", f"127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"oxigraph serve exited: {self.proc.stderr.read().decode()[-500:]}")
            try:
                r = httpx.post(self.url + "/query", content="ASK {}", timeout=1,
                               headers={"Content-Type": "application/sparql-query",
                                        "Accept": "application/sparql-results+json"})
                if r.status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("oxigraph serve did not become ready")

    def kill(self) -> None:
        """SIGKILL: no clean shutdown, as in a crash."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        _stop(self.proc)
        if self.proc is not None and self.proc.stderr:
            self.proc.stderr.close()
        self.proc = None


def assert_shipped_queries_match(store, ds) -> int:
    """Every shipped SELECT/ASK query run on ``store`` (``execute_remote``) answers as
    it does locally on ``ds``: same kind, variables and rows (in order when ordered).
    Returns how many were compared."""
    from result_keys import row_keys

    from ctoc_kg import query as q
    from ctoc_kg import resources
    from ctoc_kg.store import execute_remote

    names = resources.query_files()
    assert names, "no shipped queries/*.rq"
    checked = 0
    for path in names:
        prepared = q.prepare(path)
        if prepared.kind not in ("SELECT", "ASK"):
            continue
        remote = execute_remote(prepared, store)
        local = q.execute(prepared, ds)
        assert remote.kind == local.kind, path.name
        assert remote.variables == local.variables, path.name
        assert remote.ordered == local.ordered == prepared.ordered, path.name
        if prepared.ordered:
            assert row_keys(remote) == row_keys(local), path.name
        else:
            assert sorted(row_keys(remote)) == sorted(row_keys(local)), path.name
        checked += 1
    assert checked, "no shipped SELECT/ASK query"
    return checked


def plain_strings(g):
    """A copy of rdflib Graph ``g`` with ``"x"^^xsd:string`` written as ``"x"`` (stores
    differ in which of the two they give back)."""
    from rdflib import XSD, Graph, Literal

    out = Graph()
    for s, p, o in g:
        if isinstance(o, Literal) and o.datatype == XSD.string:
            o = Literal(str(o))
        out.add((s, p, o))
    return out


def _stop(proc: subprocess.Popen | None, grace: float = 10) -> None:
    """SIGTERM, then SIGKILL if the process has not exited within ``grace`` seconds."""
    if proc is not None and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@contextmanager
def oxigraph_server(location: Path):
    server = OxigraphServer(location).start()
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def fault_server(handler_class: type[BaseHTTPRequestHandler]):
    """Serve ``handler_class`` on 127.0.0.1 on a free port in a thread; yield the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_class)
    server.daemon_threads = True
    # shutdown() waits for the serving loop to look at its flag: every 20 ms, not 0.5 s
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# --- Virtuoso Open Source ------------------------------------------------------------

VIRTUOSO_PACKAGE = "virtuoso-opensource"  # Debian; the package does not start a server
VIRTUOSO_USER = ("dba", "dba")  # a fresh database's administrator
VIRTUOSO_MAX_ROWS = 10_000  # Virtuoso's default ResultSetMaxRows, kept on purpose

_VIRTUOSO_INI = """\
[Database]
DatabaseFile       = {dir}/virtuoso.db
ErrorLogFile       = {dir}/virtuoso.log
LockFile           = {dir}/virtuoso.lck
TransactionFile    = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {dir}/virtuoso-temp.db
TransactionFile    = {dir}/virtuoso-temp.trx
Striping           = 0

[Parameters]
ServerPort         = 127.0.0.1:{sql_port}
DisableUnixSocket  = 1
CheckpointInterval = 60
DirsAllowed        = .
NumberOfBuffers    = 10000
MaxDirtyBuffers    = 6000
ThreadsPerQuery    = 2

[HTTPServer]
ServerPort         = 127.0.0.1:{http_port}
ServerRoot         = {dir}
ServerThreads      = 4
Charset            = UTF-8

[SPARQL]
ResultSetMaxRows      = {max_rows}
MaxQueryExecutionTime = 120
"""


def virtuoso_binary(install: bool = True) -> str:
    """``virtuoso-t``; ``apt-get install virtuoso-opensource`` when it is missing (as
    root, as CI runs), else a clear failure."""
    found = shutil.which("virtuoso-t")
    if found or not install:
        assert found, "virtuoso-t not found"
        return found
    import os

    if shutil.which("apt-get") is None or os.geteuid() != 0:
        raise AssertionError(f"Virtuoso is missing; install as root: apt-get install {VIRTUOSO_PACKAGE}")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    args = ["apt-get", "install", "-y", "-q", VIRTUOSO_PACKAGE]
    done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=1800)
    if done.returncode != 0:
        subprocess.run(["apt-get", "update", "-q"], capture_output=True, env=env, timeout=1800)
        done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=1800)
    assert done.returncode == 0, f"apt-get install {VIRTUOSO_PACKAGE} failed:\n{done.stderr[-2000:]}"
    found = shutil.which("virtuoso-t")
    assert found, f"virtuoso-t still missing after apt-get install {VIRTUOSO_PACKAGE}"
    return found


class VirtuosoServer:
    """``virtuoso-t +foreground`` on a fresh database in ``location`` (its own ini),
    SQL and HTTP on free 127.0.0.1 ports.  ``url`` is the HTTP base; the SPARQL
    endpoints are ``/sparql`` (anonymous, read), ``/sparql-auth`` (digest, update) and
    ``/sparql-graph-crud-auth`` (Graph Store Protocol, digest); user ``dba``/``dba``."""

    def __init__(self, location: Path, *, max_rows: int = VIRTUOSO_MAX_ROWS) -> None:
        self.location = location
        self.sql_port = free_port()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.max_rows = max_rows
        self.proc: subprocess.Popen | None = None

    @property
    def endpoint(self) -> str:
        return self.url + "/sparql-auth"

    @property
    def graph_store(self) -> str:
        return self.url + "/sparql-graph-crud-auth"

    def load_args(self) -> list[str]:
        """The options of ``ctoc-kg load`` for this server (credentials: ``env()``)."""
        return ["--endpoint", self.endpoint, "--graph-store", self.graph_store]

    def env(self) -> dict[str, str]:
        return {"CTOC_KG_USER": VIRTUOSO_USER[0], "CTOC_KG_PASSWORD": VIRTUOSO_USER[1]}

    def start(self, timeout: float = 120.0) -> "VirtuosoServer":
        binary = virtuoso_binary()
        self.location.mkdir(parents=True, exist_ok=True)
        ini = self.location / "virtuoso.ini"
        ini.write_text(_VIRTUOSO_INI.format(dir=self.location, sql_port=self.sql_port,
                                            http_port=self.port, max_rows=self.max_rows))
        self.proc = subprocess.Popen([binary, "+foreground", "+configfile", str(ini)],
                                     cwd=self.location, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                log = (self.location / "virtuoso.log")
                tail = log.read_text(errors="replace")[-800:] if log.exists() else ""
                raise RuntimeError(f"virtuoso-t exited ({self.proc.returncode}): {tail}")
            try:
                r = httpx.get(self.url + "/sparql", params={"query": "ASK {}"}, timeout=2,
                              headers={"Accept": "application/sparql-results+json"})
                if r.status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("virtuoso-t did not become ready")

    def stop(self) -> None:
        """SIGTERM (Virtuoso's quick shutdown), SIGKILL if it does not exit."""
        _stop(self.proc, grace=30)
        self.proc = None


@contextmanager
def virtuoso_server(location: Path, **kw):
    server = VirtuosoServer(location, **kw).start()
    try:
        yield server
    finally:
        server.stop()
