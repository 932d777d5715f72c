"""Precision and recall of ``ctoc-kg extract`` per note and per fact kind.

Notes: the first note (read from ``../shared/source/`` beside the repository, or
``--source DIR`` / ``$CTOC_KG_SOURCE_DIR``), compared with the hand-encoded
``graph/note-2020-07-01-subsidiary-bodies.ttl``, and every test note
``tests/data/extract/*.md`` with its ``*.expected.json`` (held-out notes are marked).

    python benchmarks/extract_bench.py [--source DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = "000_f51f591040335cc9.txt"


def main(argv=None) -> int:
    from rdflib import Graph

    from ctoc_kg.extract import extract
    from ctoc_kg.extract.compare import facts_of, from_json, score, table

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", default=os.environ.get("CTOC_KG_SOURCE_DIR", str(REPO.parent / "shared" / "source")))
    args = ap.parse_args(argv)
    totals: dict[str, list[int]] = {}
    runs = []
    seed = Path(args.source) / SEED
    if seed.is_file():
        runs.append(("first note (seed, vs graph/note-2020-07-01-subsidiary-bodies.ttl)", seed,
                     facts_of(Graph().parse(REPO / "graph" / "note-2020-07-01-subsidiary-bodies.ttl"))))
    else:
        print(f"(first note not found at {seed}: skipped; give --source DIR)", file=sys.stderr)
    for md in sorted((REPO / "tests" / "data" / "extract").glob("*.md")):
        expected = json.loads(md.with_suffix(".expected.json").read_text("utf-8"))
        tag = " [held out]" if expected.get("held_out") else ""
        runs.append((md.name + tag, md, from_json(expected)))
    for title, path, expected in runs:
        t = time.perf_counter()
        got = facts_of(extract(path).graph)
        scores = score(expected, got)
        print(table(scores, f"\n{title}  ({time.perf_counter() - t:.2f} s)"))
        for s in scores:
            agg = totals.setdefault(s.kind, [0, 0, 0])
            agg[0] += s.expected
            agg[1] += s.found
            agg[2] += s.correct
    print("\nall notes")
    print(f"{'kind':<18} {'expected':>8} {'found':>6} {'correct':>7} {'precision':>9} {'recall':>7}")
    for k, (e, f, c) in totals.items():
        print(f"{k:<18} {e:>8} {f:>6} {c:>7} {(c / f if f else 1):>9.1%} {(c / e if e else 1):>7.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
