"""Benchmark: loading and reasoning on the shipped graph and on scaled copies of it.

Prints, for each size, the seconds taken by: loading into the Oxigraph-backed Dataset,
loading into rdflib's default memory store, the targeted reasoning profile, and owlrl's
RDFS and OWL 2 RL closures (skipped above --owlrl-max triples: they take minutes), with
ratios against the targeted profile. Scaled copies repeat the note's graph with every
data IRI moved under a copy prefix, so the shape of the data stays the same.

    python benchmarks/reason_bench.py [--copies 1 10 50] [--owlrl-max 20000]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from timing import median_seconds

from ctoc_kg import resources
from ctoc_kg.dataset import ONTOLOGY_GRAPH, graph_iri, load_file, new_dataset
from ctoc_kg.reason import reason


def scaled_copy(copies: int, folder: Path) -> Path:
    """One N-Triples file with ``copies`` copies of the shipped instance data."""
    from rdflib import Graph, URIRef

    base = Graph()
    for f in resources.graph_files():
        base.parse(f)
    out = folder / f"data-x{copies}.nt"
    with out.open("w", encoding="utf-8") as fh:
        for k in range(copies):
            def move(t):
                s = str(t)
                if isinstance(t, URIRef) and s.startswith("https://w3id.org/ctoc-kg/id/"):
                    return URIRef(s.replace("/id/", f"/id/copy{k}/", 1))
                return t
            g = Graph()
            for s, p, o in base:
                g.add((move(s), p, move(o)))
            fh.write(g.serialize(format="nt"))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, nargs="+", default=[1, 10, 50])
    ap.add_argument("--owlrl-max", type=int, default=20000,
                    help="skip owlrl closures above this many instance triples")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'copies':>6} {'triples':>8} {'load ox':>8} {'load mem':>9} {'targeted':>9} "
              f"{'rdfs':>8} {'owlrl':>8} {'rdfs/t':>7} {'owlrl/t':>8}")
        for copies in args.copies:
            data = scaled_copy(copies, Path(tmp))

            def fresh():
                ds = new_dataset()
                for p in resources.ontology_files():
                    load_file(ds, p, ONTOLOGY_GRAPH)
                load_file(ds, data, graph_iri("data"))
                return ds

            triples = len(fresh())
            t_load = median_seconds(fresh)

            def load_mem():
                from rdflib import Graph
                g = Graph()
                g.parse(data, format="nt")
            t_mem = median_seconds(load_mem, repeat=1)
            t_targeted = median_seconds(lambda: reason(fresh(), "targeted")) - t_load
            if triples <= args.owlrl_max:
                t_rdfs = median_seconds(lambda: reason(fresh(), "rdfs"), repeat=1) - t_load
                t_owl = median_seconds(lambda: reason(fresh(), "owlrl"), repeat=1) - t_load
                extra = f"{t_rdfs:8.2f} {t_owl:8.2f} {t_rdfs / t_targeted:7.0f}x {t_owl / t_targeted:7.0f}x"
            else:
                extra = f"{'-':>8} {'-':>8} {'-':>7} {'-':>8}"
            print(f"{copies:6d} {triples:8d} {t_load:8.3f} {t_mem:9.3f} {t_targeted:9.3f} {extra}", flush=True)


if __name__ == "__main__":
    main()
