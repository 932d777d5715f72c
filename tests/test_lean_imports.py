"""`ctoc-kg export` (nt, nq, ttl, trig, xml; no --inferred) and `ctoc-kg load` on files
without blank nodes, and `ctoc-kg query` (Oxigraph engine, every format, reasoned or not,
from the cache), never import rdflib or oxrdflib (≈ 0.13 s a process), and give the
same output as the same command run with rdflib imported first (for export: in the
test's own process, where both are imported)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ctoc
from store_helpers import oxigraph_server

ROOT = Path(__file__).resolve().parent.parent

# Runs the CLI in this process, then prints which of rdflib/oxrdflib were loaded (on stderr,
# after the command's own output); argv[1] = "pre" imports rdflib (and the dataset module's
# literal switch) first.
_RUN = r"""
import runpy, sys
pre = sys.argv.pop(1) == "pre"
if pre:
    import rdflib, oxrdflib  # noqa: F401
sys.argv = ["ctoc-kg"] + sys.argv[1:]
code = 0
try:
    runpy.run_module("ctoc_kg", run_name="__main__")
except SystemExit as e:
    code = e.code or 0
sys.stdout.flush()
loaded = sorted(m for m in ("rdflib", "oxrdflib") if m in sys.modules)
sys.stderr.write("\nLOADED=" + ",".join(loaded) + "\n")
sys.exit(code)
"""


def _run(args: list[str], cwd: Path, pre: bool) -> tuple[int, bytes, str, list[str]]:
    proc = subprocess.run([sys.executable, "-c", _RUN, "pre" if pre else "lean", *args],
                          cwd=cwd, capture_output=True, timeout=300)
    err = proc.stderr.decode("utf-8")
    last = err.rstrip("\n").rsplit("\n", 1)[-1]
    assert last.startswith("LOADED="), err
    loaded = [m for m in last[len("LOADED="):].split(",") if m]
    return proc.returncode, proc.stdout, err.rsplit("\nLOADED=", 1)[0], loaded


def _lean_and_same(args: list[str], cwd: Path) -> bytes:
    code, out, err, loaded = _run(args, cwd, pre=False)
    assert code == 0, err
    assert loaded == [], f"{args} imported {loaded}"
    assert out == _in_process(args, cwd)
    return out


def _in_process(args: list[str], cwd: Path) -> bytes:
    """The command's stdout when rdflib and oxrdflib are imported before it: run in this
    process (where they are), without starting another."""
    import oxrdflib  # noqa: F401
    import rdflib  # noqa: F401

    ran = ctoc(*args, cwd=cwd)
    assert ran.returncode == 0, ran.stderr
    return ran.stdout_bytes


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("lean") / "corpus.nt"
    assert ctoc("generate", "--triples", "3000", "--seed", "7", "--out", str(out)).returncode == 0
    return out


def _inputs(corpus: Path) -> dict[str, list[str]]:
    return {"shipped": [str(p) for p in sorted((ROOT / "graph").glob("*.ttl"))],
            "corpus": [str(corpus)]}


@pytest.mark.parametrize("fmt", ["nt", "nq", "ttl", "trig", "xml"])
# the generated corpus (one more process per format) runs in CI, the quick run keeps the shipped graph
@pytest.mark.parametrize("which", ["shipped", pytest.param("corpus", marks=pytest.mark.slow)])
def test_export_imports_no_rdflib(corpus, tmp_path, which, fmt):
    files = _inputs(corpus)[which]
    out = _lean_and_same(["export", *files, "--no-ontology", "--format", fmt], tmp_path)
    assert len(out.splitlines()) > 100


def test_export_with_blank_nodes_still_the_same(tmp_path):
    # the shipped ontology holds blank nodes: their canonical labels (rdflib.compare's)
    # come from the shipped table (ctoc_kg.canonical), so rdflib is not imported, and the
    # bytes do not depend on whether it was
    code, out, err, loaded = _run(["export", "--format", "nt"], tmp_path, pre=False)
    assert code == 0, err
    assert loaded == []
    code2, out2, err2, loaded2 = _run(["export", "--format", "nt"], tmp_path, pre=True)
    assert code2 == 0, err2
    assert loaded2 == ["oxrdflib", "rdflib"]  # the check sees them when they are there
    assert out == out2
    assert b" _:" in out or out.startswith(b"_:")


@pytest.mark.server
@pytest.mark.slow
@pytest.mark.parametrize("which", ["shipped", "corpus"])
def test_load_imports_no_rdflib(corpus, tmp_path, which):
    files = [] if which == "shipped" else [str(corpus)]  # none: the shipped ontology and graph
    outs = []
    for pre in (False, True):
        with oxigraph_server(tmp_path / f"db-{pre}") as server:
            code, out, err, loaded = _run(["load", *files, "--endpoint", server.url,
                                           "--format", "json"], tmp_path, pre=pre)
            assert code == 0, err
            assert loaded == ([] if not pre else ["oxrdflib", "rdflib"])
            outs.append(out)
    assert outs[0] == outs[1] and outs[0]


# the quick run keeps one (provenance reasons fully: a variable predicate); every format's
# bytes against the former rdflib writers: tests/test_query_formats.py
@pytest.mark.parametrize("fmt", ["xml", *(pytest.param(f, marks=pytest.mark.slow)
                                          for f in ("table", "csv", "tsv", "json"))])
def test_query_imports_no_rdflib(tmp_path, fmt):
    assert _lean_and_same(["query", "provenance", "--format", fmt], tmp_path).strip()


@pytest.mark.slow
def test_query_on_a_corpus_and_from_the_cache_imports_no_rdflib(corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("CTOC_KG_CACHE_DIR", str(tmp_path / "cache"))
    for extra in ([], ["--no-reasoning"], ["--format", "json"]):
        out = _lean_and_same(["query", "subsidiary-bodies", "--data", str(corpus), "--format", "csv",
                              *extra], tmp_path)
        assert out.startswith((b"body,", b"{"))
    args = ["query", "reports-before-session", "--data", str(corpus), "--cache"]
    first = _run(args, tmp_path, pre=False)  # writes the entry (builds an rdflib Dataset)
    assert first[0] == 0, first[2]
    assert _lean_and_same(args, tmp_path) == first[1]  # read from it: no rdflib
