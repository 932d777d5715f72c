"""Time ``ctoc_kg.validate.validate`` on the shipped graph (prints figures).

Run: ``python benchmarks/validate_bench.py [--repeat N]``.  Reports the median of N
runs for each inference mode, and what running pyshacl's SPARQL constraints on
pyoxigraph (``SparqlOnOxigraph``) instead of rdflib's engine changes.  Target: the default run well under 2 s.
"""

from __future__ import annotations

import argparse
import time
from contextlib import nullcontext
from unittest import mock

from rdflib import Graph
from timing import median_seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    t = time.perf_counter()
    import pyshacl  # noqa: F401

    from ctoc_kg import validate as v
    print(f"import ctoc_kg.validate + pyshacl: {time.perf_counter() - t:.2f} s")

    report = v.validate()
    print(f"shipped graph: {report.summary()}; {report.shapes} shapes")
    print(f"{'configuration':48} median s (n={args.repeat})")
    rows = [
        ("default (targeted reasoning, inference none)", {}, nullcontext()),
        ("inference rdfs (ontology without domain/range)", {"inference": "rdfs"}, nullcontext()),
        ("inference owlrl (ontology without domain/range)", {"inference": "owlrl"}, nullcontext()),
        ("no targeted reasoning", {"reasoning": False}, nullcontext()),
        ("default, SPARQL constraints on rdflib's engine", {},
         mock.patch.object(v.SparqlOnOxigraph, "query", Graph.query)),
    ]
    for name, kwargs, ctx in rows:
        with ctx:
            s = median_seconds(lambda: v.validate(**kwargs), args.repeat)
        print(f"{name:48} {s:8.2f}")


if __name__ == "__main__":
    main()
