"""Canonical blank-node labels for export: rdflib.compare's, remembered for known graphs.

``export`` gives a graph's blank nodes the labels ``{tag}_b{i}``, ``i`` being the rank of
the label ``rdflib.compare.to_canonical_graph`` (rdflib 7.6) gives the node among all the
graph's labels.  Importing rdflib and running that costs ≈ 0.3 CPU s a process, most of a
small export, for the shipped ontology's few dozen lines of blank nodes (class lists).

So the ranks of the graphs we ship are kept in ``canonical_labels.json`` (written by
``scripts/canonical_labels.py``; a test keeps it equal to what rdflib computes), keyed by
content, without rdflib:

* each blank node gets a *colour* by colour refinement: a digest of its old colour and
  the sorted list of its edges (predicate, and the other end: a term as N-Triples or a
  blank node's colour), repeated until the partition stops splitting.  Colours depend
  only on the graph's structure, never on the labels it was read with;
* when every blank node has a colour of its own (no two are alike), the lines with each
  blank node written as its colour, sorted, are a canonical form of the graph: their
  digest is the key, and the table gives each colour's rank.

Any other graph (unknown key, or two blank nodes alike) goes through rdflib as before,
so the bytes are the same whichever way a graph goes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import pyoxigraph as ox

TABLE = Path(__file__).with_name("canonical_labels.json")


def colours(triples: Iterable) -> dict[str, str]:
    """Each blank node's label (as read) -> its colour (hex digest; see the module)."""
    edges: dict[str, list] = {}
    triples = list(triples)
    for t in triples:
        for node in (t.subject, t.object):
            if isinstance(node, ox.BlankNode):
                edges.setdefault(node.value, [])
    for t in triples:
        s, p, o = t.subject, str(t.predicate), t.object
        if isinstance(s, ox.BlankNode):
            edges[s.value].append(("o", p, o))
        if isinstance(o, ox.BlankNode):
            edges[o.value].append(("i", p, s))
    fixed = {}  # the other ends that are not blank nodes, written once
    for node, found in edges.items():
        fixed[node] = [(d, p, None, x.value) if isinstance(x, ox.BlankNode) else (d, p, str(x), None)
                       for d, p, x in found]
    colour = dict.fromkeys(edges, "")
    classes = 1 if edges else 0
    while True:
        new = {}
        for node, found in fixed.items():
            items = sorted(f"{d} {p} {text if text is not None else '_:' + colour[blank]}"
                           for d, p, text, blank in found)
            new[node] = hashlib.sha256("\n".join([colour[node], *items]).encode("utf-8")).hexdigest()
        count = len(set(new.values()))
        colour = new
        if count == classes:  # the new colours refine the old ones: no split, stable
            return colour
        classes = count


def key(triples: list, colour: dict[str, str]) -> str | None:
    """The digest of ``triples`` with each blank node written as its colour (sorted
    lines), or None when two blank nodes share a colour (then it is not canonical)."""
    if len(set(colour.values())) != len(colour):
        return None

    def term(x) -> str:
        return "_:c" + colour[x.value] if isinstance(x, ox.BlankNode) else str(x)

    lines = sorted({f"{term(t.subject)} {t.predicate} {term(t.object)} ." for t in triples})
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


@cache
def _table() -> dict[str, dict[str, int]]:
    try:
        data = json.loads(TABLE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {entry["key"]: entry["ranks"] for entry in data.get("graphs", [])}


@cache
def _sizes() -> frozenset[int]:
    try:
        data = json.loads(TABLE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return frozenset()
    return frozenset(entry["blank_nodes"] for entry in data.get("graphs", []))


def known_ranks(triples: list) -> dict[str, int] | None:
    """Each blank node's label (as read) -> the rank of its rdflib canonical label, when
    the graph of ``triples`` (those holding blank nodes) is in the table; else None."""
    nodes = {x.value for t in triples for x in (t.subject, t.object) if isinstance(x, ox.BlankNode)}
    if len(nodes) not in _sizes():  # colouring a large unknown graph would be wasted
        return None
    colour = colours(triples)
    ranks = _table().get(key(triples, colour) or "")
    if ranks is None:
        return None
    return {node: ranks[c] for node, c in colour.items()}


def rdflib_ranks(triples: list) -> dict[str, int]:
    """Each blank node's label (as read) -> the rank of its ``to_canonical_graph`` label
    (imports rdflib).  The graph must have no two blank nodes alike (``key`` not None):
    the ranks are matched through the colours, which the canonical graph shares."""
    from rdflib import BNode, Graph
    from rdflib.compare import to_canonical_graph

    from ctoc_kg.terms import from_ox, to_ox

    g = Graph()
    for t in triples:
        g.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    canonical = list(to_canonical_graph(g))
    canon = [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in canonical]
    labels = sorted({str(n) for s, _, o in canonical for n in (s, o) if isinstance(n, BNode)})
    rank = {label: i for i, label in enumerate(labels)}
    by_colour = {c: rank[label] for label, c in colours(canon).items()}
    return {node: by_colour[c] for node, c in colours(triples).items()}


def table_entry(triples: list) -> dict:
    """The table entry for one graph's blank-node triples (imports rdflib)."""
    colour = colours(triples)
    k = key(triples, colour)
    if k is None:
        raise ValueError("two blank nodes are alike: their labels cannot be remembered by colour")
    ranks = rdflib_ranks(triples)
    return {"key": k, "blank_nodes": len(colour),
            "ranks": {colour[node]: r for node, r in sorted(ranks.items(), key=lambda x: x[1])}}
