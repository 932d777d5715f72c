"""Helpers for the bad-input, hostile-input, fuzz and fault tests.

* ``invoke(args)`` (from conftest) runs the real ``ctoc_kg.cli.main`` group in-process (click's
  CliRunner: the same code path as the console script, without a process start), so
  fuzzing stays fast.  ``run_script(args, tmp_path)`` runs the installed console script
  with a network guard: a ``sitecustomize`` on ``PYTHONPATH`` that refuses and logs
  every name lookup and connection made from Python in that process.
* ``block_network()``: in-process, refuses and records every host-name lookup and
  connection made from Python code.
* ``Canary``: a TCP listener on 127.0.0.1 that records every connection; hostile
  files point their external references at it, so a fetch by any code (Python or
  the Rust parsers inside pyoxigraph) would show up as a connection.  When its block
  ends it also takes every connection still waiting in the kernel's queue, so a
  connection made before that moment is always counted (no sleeping needed).
* Hostile documents as bytes.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from conftest import console_script, invoke  # noqa: F401 - invoke is used through this module

RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

SITECUSTOMIZE = r'''
import json, os, socket
_LOG = os.environ["CTOC_KG_NETGUARD_LOG"]
def _refuse(kind, target):
    with open(_LOG, "a", encoding="utf-8") as f:
        f.write(json.dumps([kind, repr(target)]) + "\n")
    raise OSError("network blocked by the test's sitecustomize: %s %r" % (kind, target))
_connect = socket.socket.connect
def connect(self, address):
    if self.family == getattr(socket, "AF_UNIX", None):
        return _connect(self, address)
    _refuse("connect", address)
socket.socket.connect = connect
socket.socket.connect_ex = connect
socket.create_connection = lambda address, *a, **k: _refuse("create_connection", address)
socket.getaddrinfo = lambda host, *a, **k: _refuse("getaddrinfo", host)
socket.gethostbyname = lambda host: _refuse("gethostbyname", host)
'''


class Guarded:
    """Result of ``run_script``: the process and the network attempts it made."""

    def __init__(self, proc: subprocess.CompletedProcess, attempts: list):
        self.proc = proc
        self.returncode = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr
        self.attempts = attempts


def run_script(args: list[str], tmp_path: Path, *, cwd: Path | None = None,
               env: dict | None = None, timeout: float = 120) -> Guarded:
    """Run the real console script under the network guard; return output and attempts."""
    guard = tmp_path / "netguard"
    guard.mkdir(exist_ok=True)
    (guard / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    log = guard / "attempts.jsonl"
    log.write_text("", encoding="utf-8")
    full_env = dict(os.environ)
    full_env["PYTHONPATH"] = os.pathsep.join([str(guard), full_env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    full_env["CTOC_KG_NETGUARD_LOG"] = str(log)
    full_env.update(env or {})
    proc = subprocess.run([console_script(), *args], cwd=cwd or tmp_path, capture_output=True,
                          text=True, timeout=timeout, env=full_env)
    attempts = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line]
    return Guarded(proc, attempts)


def guard_is_active(tmp_path: Path) -> bool:
    """Prove the guard works: a process that tries to connect gets refused and logged."""
    guard = tmp_path / "netguard-probe"
    guard.mkdir(exist_ok=True)
    (guard / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    log = guard / "attempts.jsonl"
    env = dict(os.environ, PYTHONPATH=str(guard), CTOC_KG_NETGUARD_LOG=str(log))
    code = "import socket\ntry:\n socket.create_connection(('127.0.0.1', 9), timeout=1)\nexcept OSError: pass\n"
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60)
    return log.exists() and "create_connection" in log.read_text(encoding="utf-8")


def assert_clean_failure(result, code: int = 2) -> str:
    """An exit ``code``, one line on stderr starting ``ctoc-kg:``, no traceback. Returns it."""
    err = result.stderr
    assert result.exit_code == code, (result.exit_code, result.stdout, err, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in err and "Traceback" not in result.stdout
    lines = err.strip().splitlines()
    assert len(lines) >= 1
    if lines[0].startswith("Usage:"):  # click's own usage errors: "Error: ..." at the end
        assert lines[-1].startswith("Error:"), err
    else:
        assert lines == [lines[0]] and lines[0].startswith("ctoc-kg: "), err
    return err.strip()


class NetworkBlocked(OSError):
    """Raised by ``block_network`` in place of a connection or a name lookup."""


@contextmanager
def block_network() -> Iterator[list[tuple]]:
    """Refuse and record every host-name lookup and connection made from Python.

    Yields the list of attempts (``("connect", address)``, ``("getaddrinfo", host)``, …);
    each attempt also raises ``NetworkBlocked``.  Code in native extensions that opens
    sockets without Python's ``socket`` module is not seen.
    """
    attempts: list[tuple] = []
    saved = (socket.socket.connect, socket.socket.connect_ex, socket.create_connection,
             socket.getaddrinfo, socket.gethostbyname)

    def _refuse(kind: str, target) -> None:
        attempts.append((kind, target))
        raise NetworkBlocked(f"network access blocked by the test (block_network): {kind} {target!r}")

    def connect(self, address):
        if self.family == getattr(socket, "AF_UNIX", None):
            return saved[0](self, address)
        _refuse("connect", address)

    def connect_ex(self, address):
        if self.family == getattr(socket, "AF_UNIX", None):
            return saved[1](self, address)
        _refuse("connect", address)

    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.create_connection = lambda address, *a, **k: _refuse("create_connection", address)
    socket.getaddrinfo = lambda host, *a, **k: _refuse("getaddrinfo", host)
    socket.gethostbyname = lambda host: _refuse("gethostbyname", host)
    try:
        yield attempts
    finally:
        (socket.socket.connect, socket.socket.connect_ex, socket.create_connection,
         socket.getaddrinfo, socket.gethostbyname) = saved


class Canary:
    """A TCP server on 127.0.0.1 that accepts and records connections (and answers nothing)."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(128)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.hits: list[tuple] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, addr = self.sock.accept()
            except OSError:
                continue
            self.hits.append(addr)
            conn.close()

    def __enter__(self) -> "Canary":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        # connections whose handshake is done wait in the listen queue until accepted:
        # take them all now, so none made before this moment is missed
        self.sock.setblocking(False)
        while True:
            try:
                conn, addr = self.sock.accept()
            except (BlockingIOError, OSError):
                break
            self.hits.append(addr)
            conn.close()
        self.sock.close()


def rdfxml(body: str, doctype: str = "") -> bytes:
    return (f'<?xml version="1.0"?>\n{doctype}\n'
            f'<rdf:RDF xmlns:rdf="{RDF_NS}" xmlns:x="http://example.org/x#">\n'
            f'<rdf:Description rdf:about="http://example.org/id/r">\n'
            f'<x:p>{body}</x:p>\n'
            f'</rdf:Description>\n</rdf:RDF>\n').encode("utf-8")


def entity_bomb(levels: int) -> bytes:
    """The "billion laughs" document: 10 ** (levels + 1) characters from a few hundred bytes."""
    ents = '<!ENTITY a "aaaaaaaaaa">'
    prev = "a"
    for i in range(levels):
        name = chr(ord("b") + i)
        ents += f'<!ENTITY {name} "{("&" + prev + ";") * 10}">'
        prev = name
    return rdfxml(f"&{prev};", f"<!DOCTYPE rdf:RDF [{ents}]>")
