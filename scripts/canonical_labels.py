"""Write ctoc_kg/canonical_labels.json: the canonical blank-node label ranks (rdflib.compare's)
of every shipped named graph that holds blank nodes, so that `ctoc-kg export` need not
import rdflib for them (ctoc_kg.canonical).

Run after changing a blank node of the shipped ontology or graph (tests/test_export.py
says so when the table is stale):

    python scripts/canonical_labels.py
"""

from __future__ import annotations

import json
import sys

import pyoxigraph as ox

from ctoc_kg import canonical
from ctoc_kg.dataset import load, named_graphs, quads
from ctoc_kg.reason import reason


def shipped_blank_graphs() -> dict[str, list]:
    """Graph IRI -> its triples holding blank nodes (as read), for the shipped files and
    what reasoning adds to them."""
    ds = load()
    reason(ds)
    found = {}
    for name in named_graphs(ds):
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads(ds, ox.NamedNode(str(name)))
                   if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)]
        if triples:
            found[str(name)] = triples
    return found


def main() -> int:
    entries = [dict(graph=iri, **canonical.table_entry(triples))
               for iri, triples in sorted(shipped_blank_graphs().items())]
    text = json.dumps({"about": "rdflib.compare canonical label ranks by blank-node colour "
                                "(ctoc_kg.canonical); written by scripts/canonical_labels.py",
                       "graphs": entries}, indent=1, sort_keys=True) + "\n"
    canonical.TABLE.write_text(text, encoding="utf-8")
    print(f"{canonical.TABLE}: {len(entries)} graph(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
