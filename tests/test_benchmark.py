"""benchmarks/run.py --quick (what CI runs): every piece of work is measured against its
alternative, validation of the generated corpus gives exactly the seeded results (and
Jena's where Jena runs), and every shipped query has answers on the corpus.  No timing is
asserted here: the ratios are the benchmark's output, not a test's."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import REPO
from ctoc_kg.query import shipped_queries


@pytest.mark.slow
@pytest.mark.server
def test_quick_benchmark(tmp_path):
    out = tmp_path / "bench.json"
    done = subprocess.run([sys.executable, str(REPO / "benchmarks" / "run.py"), "--quick",
                           "--repeat", "1", "--alt-timeout", "900", "--pyshacl-timeout", "60",
                           "--json", str(out),
                           "--markdown"],
                          capture_output=True, text=True, timeout=3600, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "| work | alternative | target | 10,000 |" in done.stdout
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["versions"]["pyoxigraph"] and result["machine"]["cpus"]
    size = result["sizes"]["10000"]
    assert 9_700 <= size["corpus"]["triples"] <= 10_000
    rows = {(r["work"], r["alternative"]): r for r in size["rows"]}
    works = {w for w, _ in rows}
    want = {"load (parse into the store)", "reason (targeted)", "validate (clean)",
            "validate (seeded errors)", "server load (throughput)"}
    want |= {f"export {f}" for f in ("nt", "nq", "ttl", "trig", "jsonld", "xml")}
    want |= {f"query {q.name}" for q in shipped_queries()}
    assert want <= works, want - works
    for (work, alternative), r in rows.items():
        assert r["ours"]["seconds"] is not None, (work, r["ours"]["note"])
        assert r["ours"]["peak_mb"] > 0
        if r["alt"] is not None and r["alt"]["seconds"] is not None:
            assert r["ratio"] is not None and r["ratio"] > 0, work
        if r["target"] is not None and r["ratio"] is not None:
            assert r["met"] == (r["ratio"] >= r["target"] if r["ratio_kind"] == "throughput"
                                else r["ratio"] <= r["target"])
    # the alternatives that need nothing beyond the test extra always run
    for work in ("load (parse into the store)", "server load (throughput)", "export ttl"):
        assert next(r for (w, _), r in rows.items() if w == work)["ratio"] is not None, work
    for label, expected in (("clean", 0), ("seeded errors", 33)):
        r = rows[(f"validate ({label})", "Apache Jena SHACL 4.5")]
        assert r["results"]["ctoc-kg"] == r["results"]["expected"] == expected, r["notes"]
        assert not [n for n in r["notes"] if "differ from the seeded" in n]
        if "jena" in r["results"]:
            assert r["same_results_as_jena"] is True, r["notes"]
    for q in shipped_queries():
        r = rows[(f"query {q.name}", "pyoxigraph load + query")]
        assert r["rows"]["ctoc-kg"] > 0, f"{q.name} has no answer on the generated corpus"
