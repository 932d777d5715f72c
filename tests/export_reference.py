"""The first release's export (every part built in memory, sorted in Python, blank nodes
canonicalised over whole graphs), kept as the reference the streaming export in
ctoc_kg.export must give the same bytes as (nt, nq, trig, xml, jsonld) or the same graph
as (ttl: another writer).  For tests only."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef

from ctoc_kg.dataset import INFERRED_GRAPH, oxigraph_store
from ctoc_kg.errors import CtocError
from ctoc_kg.namespaces import GRAPH_NS, PREFIXES
from ctoc_kg.terms import from_ox, to_ox

FORMATS: dict[str, str] = {
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "nq": "application/n-quads",
    "trig": "application/trig",
    "jsonld": "application/ld+json",
    "xml": "application/rdf+xml",
}
DATASET_FORMATS = ("nq", "trig", "jsonld")


@dataclass(frozen=True)
class Part:
    """One named graph: its IRI and its triples, sorted, with canonical blank nodes."""

    graph: str
    triples: tuple[ox.Triple, ...]

    def __len__(self) -> int:
        return len(self.triples)

    def ntriples(self) -> bytes:
        """The part as sorted N-Triples."""
        return sorted_lines(self.triples, ox.RdfFormat.N_TRIPLES)

    def quads(self) -> list[ox.Quad]:
        g = ox.NamedNode(self.graph)
        return [ox.Quad(t.subject, t.predicate, t.object, g) for t in self.triples]


def parts(ds: Dataset, *, inferred: bool = False, graph: str | None = None) -> list[Part]:
    """The non-empty named graphs of ``ds`` as parts, sorted by graph IRI.

    ``graph/inferred`` is left out unless ``inferred``.  ``graph`` selects one graph
    (an exact IRI) or, when it ends with ``/`` or ``#``, the graphs whose IRI starts
    with it; a selection that matches nothing raises ``CtocError``.
    """
    store = oxigraph_store(ds)
    found: list[Part] = []
    for name in sorted(store.named_graphs(), key=lambda n: n.value):
        iri = name.value
        if iri == str(INFERRED_GRAPH) and not inferred:
            continue
        if graph is not None and not _selected(iri, graph):
            continue
        triples = [ox.Triple(q.subject, q.predicate, q.object)
                   for q in store.quads_for_pattern(None, None, None, name)]
        if triples:
            found.append(Part(iri, tuple(_canonical(triples, _tag(iri)))))
    if graph is not None and not found:
        raise CtocError(f"no named graph matches --graph {graph}")
    return found


def _selected(iri: str, selector: str) -> bool:
    if selector.endswith(("/", "#")):
        return iri.startswith(selector)
    return iri == selector


def _tag(iri: str) -> str:
    """A blank-node label prefix naming the graph (``note_2020_…`` for graph/note-2020-…)."""
    local = iri[len(GRAPH_NS):] if iri.startswith(GRAPH_NS) else ""
    local = re.sub(r"[^A-Za-z0-9]", "_", local)[:40] or "g"
    digest = hashlib.sha1(iri.encode("utf-8")).hexdigest()[:6]
    return f"{local}_{digest}"


def _nt_line(t: ox.Triple) -> str:
    return f"{t.subject} {t.predicate} {t.object}"


def _canonical(triples: list[ox.Triple], tag: str) -> list[ox.Triple]:
    """Sorted triples whose blank nodes have canonical, graph-tagged labels."""
    if any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)
           for t in triples):
        from rdflib.compare import to_canonical_graph

        g = Graph()
        for t in triples:
            g.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
        canon = to_canonical_graph(g)
        labels = sorted({str(n) for t in canon for n in (t[0], t[2]) if not isinstance(n, (URIRef,))
                         and type(n).__name__ == "BNode"})
        renamed = {label: ox.BlankNode(f"{tag}_b{i}") for i, label in enumerate(labels)}

        def conv(term):
            if type(term).__name__ == "BNode":
                return renamed[str(term)]
            return to_ox(term)

        triples = [ox.Triple(conv(s), conv(p), conv(o)) for s, p, o in canon]
    return sorted(set(triples), key=_nt_line)


def sorted_lines(items: Iterable, rdf_format: ox.RdfFormat) -> bytes:
    """``items`` (triples or quads) serialised one per line, lines sorted, no duplicates."""
    data = ox.serialize(list(items), format=rdf_format)
    lines = sorted(set(data.splitlines(keepends=True)))
    return b"".join(lines)


def union(selected: list[Part]) -> list[ox.Triple]:
    """The distinct triples of all parts, sorted."""
    return sorted({t for p in selected for t in p.triples}, key=_nt_line)


def serialize(selected: list[Part], output_format: str) -> bytes:
    """The bytes of ``selected`` in the export format ``output_format`` (one of ``FORMATS``)."""
    if output_format == "nt":
        return sorted_lines(union(selected), ox.RdfFormat.N_TRIPLES)
    if output_format == "nq":
        return sorted_lines((q for p in selected for q in p.quads()), ox.RdfFormat.N_QUADS)
    if output_format == "trig":
        quads = [q for p in selected for q in p.quads()]
        # no `id:` prefix: its local names hold `/`, which TriG would have to escape
        used = {k: v for k, v in _used_prefixes(quads).items() if k != "id"}
        return _sorted_header(ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=used))
    if output_format == "xml":
        triples = union(selected)
        _check_xml_chars(triples)
        data = ox.serialize(triples, format=ox.RdfFormat.RDF_XML, prefixes=_used_prefixes(triples))
        # a raw CR would be read back as LF by XML parsers (end-of-line handling);
        # the writer puts CRs only in literal text, so escape every one
        return data.replace(b"\r", b"&#13;")
    if output_format == "ttl":
        from ctoc_kg.turtle import canonical_turtle
        g = Graph(bind_namespaces="none")
        for t in union(selected):
            g.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
        return canonical_turtle(g, {})
    if output_format == "jsonld":
        return _jsonld(selected)
    raise CtocError(f"unknown export format {output_format!r} (one of {', '.join(FORMATS)})")


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _check_xml_chars(triples: list[ox.Triple]) -> None:
    """XML 1.0 cannot hold most control characters, escaped or not: refuse them."""
    for t in triples:
        for term in (t.subject, t.predicate, t.object):
            m = _NOT_XML.search(term.value)
            if m:
                raise CtocError(f"cannot write RDF/XML: {term.value[:60]!r} holds the control "
                                f"character U+{ord(m.group()):04X}, which XML 1.0 cannot "
                                "represent; use another format (nt, nq, ttl, trig, jsonld)")


def _sorted_header(data: bytes) -> bytes:
    """The ``@prefix`` lines a pyoxigraph writer put first, in sorted order."""
    lines = data.splitlines(keepends=True)
    n = 0
    while n < len(lines) and lines[n].startswith(b"@prefix "):
        n += 1
    return b"".join(sorted(lines[:n]) + lines[n:])


def _used_prefixes(items) -> dict[str, str]:
    text = {str(term) for item in items for term in (item.subject, item.predicate, item.object)
            if isinstance(term, ox.NamedNode)}
    text |= {t.datatype.value for item in items for t in (item.object,)
             if isinstance(t, ox.Literal)}
    used = {}
    for prefix, ns in PREFIXES.items():
        if any(s.startswith("<" + ns) or s.startswith(ns) for s in text):
            used[prefix] = ns
    return used


# --- JSON-LD ------------------------------------------------------------------------
# The context and the compaction live in ctoc_kg.jsonld (one function, also used by the
# site); these names stay importable from here.
from ctoc_kg.jsonld import build_context, context_document, load_context  # noqa: E402,F401


def _jsonld(selected: list[Part]) -> bytes:
    from ctoc_kg import jsonld

    return jsonld.dumps(jsonld.compact([(p.graph, p.triples) for p in selected]))


# --- files --------------------------------------------------------------------------

def export(ds: Dataset, output_format: str, *, inferred: bool = False, graph: str | None = None) -> bytes:
    """The bytes of ``ds`` in ``output_format`` (``graph/inferred`` only with ``inferred``)."""
    if output_format not in FORMATS:
        raise CtocError(f"unknown export format {output_format!r} (one of {', '.join(FORMATS)})")
    return serialize(parts(ds, inferred=inferred, graph=graph), output_format)
