"""What every page of the site links to: its HTML file names in each language and its
machine-readable alternates (Turtle, JSON-LD, N-Triples)."""

from __future__ import annotations

import functools
import json
import re

import pyoxigraph as ox
from rdflib import Graph

from ctoc_kg import jsonld, resources
from ctoc_kg.export import sorted_lines
from ctoc_kg.namespaces import VOID
from ctoc_kg.terms import from_ox
from ctoc_kg.turtle import canonical_turtle

ALTERNATES = (("ttl", "Turtle", "text/turtle"), ("jsonld", "JSON-LD", "application/ld+json"),
              ("nt", "N-Triples", "application/n-triples"))


def page_file(path: str, lang: str) -> str:
    """The HTML file of a page path in a language (``x.html``, ``x.fr.html``)."""
    return f"{path}.html" if lang == "en" else f"{path}.{lang}.html"


@functools.cache
def _declared_prefixes() -> dict[str, str]:
    """The prefixes the ontology's Turtle files declare (frbr:, allot:, undo: …)."""
    out: dict[str, str] = {}
    for path in resources.ontology_files():
        for name, ns in re.findall(r"(?im)^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w-]*):\s*<([^>]+)>",
                                   path.read_text(encoding="utf-8")):
            out.setdefault(name, ns)
    return out


def turtle_prefixes(graph: Graph) -> dict[str, str]:  # noqa: ARG001
    """The ontology's own prefixes (frbr:, allot:, undo: …) and void:; any namespace still
    without one is named ``ns1``… in sorted order by ``turtle.canonical_turtle``."""
    return {"void": VOID, **_declared_prefixes()}


def alternates(by_graph: dict[str, list], context: dict) -> dict[str, bytes]:
    """The Turtle, JSON-LD and N-Triples of the triples of a page, by named graph."""
    union = sorted({t for ts in by_graph.values() for t in ts}, key=str)
    g = Graph(bind_namespaces="none")
    for t in union:
        g.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object, plain_strings=True)))
    return {
        "nt": sorted_lines(union, ox.RdfFormat.N_TRIPLES),
        "ttl": canonical_turtle(g, turtle_prefixes(g)),
        "jsonld": jsonld.dumps(jsonld.compact(sorted(by_graph.items()), context)),
    }


def embedded_jsonld(data: bytes) -> str:
    """JSON-LD to put in a ``<script>`` element: ``<``, ``>`` and ``&`` escaped."""
    text = json.dumps(json.loads(data), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
