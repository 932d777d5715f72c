"""Provenance per statement: which part of a source document states each triple.

A document's facts live in ``graph/<stem>.ttl`` (named graph ``graph/<stem>``). Its
provenance lives beside it in ``graph/<stem>.provenance.ttl`` (named graph
``graph/<stem>.provenance``): one ``rdf:Statement`` (a blank node) per asserted
triple of the document graph, with ``ctoc:statedIn`` for every part that states it. The statement's IRI is
minted from the triple (``statement_iri``: the SHA-1 of its N-Triples form under
``https://w3id.org/ctoc-kg/statement/``), so the same triple stated by two documents is one
node, and no blank node needs canonical relabelling::

    <https://w3id.org/ctoc-kg/statement/…> a rdf:Statement ;
       rdf:subject id:body/working-group-firearms ;
       rdf:predicate ctoc:membershipCharacter ;
       rdf:object ctoc:Intergovernmental ;
       ctoc:statedIn note:para/10 .

Every triple of the document graph is covered except those whose predicate is in
``UNSTATED`` (the node-level summary ``ctoc:statedIn`` itself and the project's
editorial annotations). ``ctoc:statedIn`` on a node stays as a summary: it must list
every part that states a triple about the node (as subject), and only parts that
state a triple in which the node is the subject or the object (``summary_faults``).

Plain RDF 1.1 reification, so it is queried with basic graph patterns in SPARQL 1.1 on
any store. See ontology/README.md for why this design was chosen.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator

import hashlib

from rdflib import RDF, RDFS, Graph, Namespace, URIRef
from rdflib.term import Node

from ctoc_kg.namespaces import GRAPH_NS, ONTOLOGY_NS, STATEMENT_NS

CTOC = Namespace(ONTOLOGY_NS)
DCTERMS_SOURCE = URIRef("http://purl.org/dc/terms/source")
STATED_IN = CTOC.statedIn
SUFFIX = ".provenance"

# Predicates whose triples are not statements of the source document.
UNSTATED = frozenset({STATED_IN, RDFS.comment, DCTERMS_SOURCE, CTOC.unconfirmedEnglish})

Triple = tuple[Node, Node, Node]


def provenance_graph_iri(document_graph: str) -> URIRef:
    """``graph/<stem>`` -> ``graph/<stem>.provenance``."""
    return URIRef(str(document_graph) + SUFFIX)


def is_provenance_graph(graph: str) -> bool:
    """True for the IRI of a provenance graph (``…/graph/<stem>.provenance``)."""
    g = str(graph)
    return g.startswith(GRAPH_NS) and g.endswith(SUFFIX)


def statement_iri(triple: Triple) -> URIRef:
    """The IRI of the rdf:Statement of ``triple``: the first 20 hex digits of the SHA-1 of
    its N-Triples form, under ``https://w3id.org/ctoc-kg/statement/``."""
    return URIRef(statement_iri_of_line(" ".join(term.n3() for term in triple) + " .\n"))


def statement_iri_of_line(line: str) -> str:
    """``statement_iri`` of the triple written as the N-Triples line ``line``
    (``"<s> <p> <o> .\\n"``), for writers that produce lines rather than terms."""
    return STATEMENT_NS + hashlib.sha1(line.encode("utf-8")).hexdigest()[:20]


def stated_triples(document: Graph) -> Iterator[Triple]:
    """The triples of a document graph that must each have a statement."""
    for t in document:
        if t[1] not in UNSTATED:
            yield t


def build(document: Graph, parts_of: Callable[[Triple], Iterable[URIRef]]) -> Graph:
    """The provenance graph of ``document``: one statement per stated triple, with the
    parts ``parts_of(triple)`` gives (a ``ValueError`` if it gives none)."""
    out = Graph()
    for t in sorted(stated_triples(document)):
        parts = sorted(set(parts_of(t)))
        if not parts:
            raise ValueError(f"no part states {t}")
        st = statement_iri(t)
        out.add((st, RDF.type, RDF.Statement))
        out.add((st, RDF.subject, t[0]))
        out.add((st, RDF.predicate, t[1]))
        out.add((st, RDF.object, t[2]))
        for p in parts:
            out.add((st, STATED_IN, p))
    return out


def statements(provenance: Graph) -> dict[Triple, set[Node]]:
    """triple -> the parts that state it, read from a provenance graph."""
    found: dict[Triple, set[Node]] = defaultdict(set)
    for st in provenance.subjects(RDF.type, RDF.Statement):
        s = provenance.value(st, RDF.subject)
        p = provenance.value(st, RDF.predicate)
        o = provenance.value(st, RDF.object)
        found[(s, p, o)] |= set(provenance.objects(st, STATED_IN))
    return dict(found)


def coverage_faults(document: Graph, provenance: Graph) -> list[str]:
    """Triples without a statement (or a statement without a part), and statements of
    triples the document graph does not assert."""
    st = statements(provenance)
    faults = [f"no part states {t}" for t in sorted(stated_triples(document)) if not st.get(t)]
    faults += [f"statement of a triple the document does not assert: {t}"
               for t in sorted(st) if t not in document]
    return faults


def summary_faults(document: Graph, provenance: Graph) -> list[str]:
    """Where a node's ``ctoc:statedIn`` summary disagrees with the statements: a part
    stating a triple about the node (as subject) missing from its summary, or a part in
    its summary that states no triple in which the node is subject or object. A part's
    own structural triples (its kind, number, document) are stated in the part itself
    and need no summary."""
    st = statements(provenance)
    as_subject: dict[Node, set[Node]] = defaultdict(set)
    as_either: dict[Node, set[Node]] = defaultdict(set)
    for (s, _p, o), parts in st.items():
        as_subject[s] |= parts - {s}  # a part states its own number and kind
        as_either[s] |= parts
        as_either[o] |= parts
    faults = []
    for node in sorted(set(as_subject) | set(document.subjects(STATED_IN))):
        summary = set(document.objects(node, STATED_IN))
        for part in sorted(as_subject[node] - summary):
            faults.append(f"{node}: {part} states a triple about it but is not in its ctoc:statedIn")
        for part in sorted(summary - as_either[node]):
            faults.append(f"{node}: ctoc:statedIn {part}, but that part states no triple about it")
    return faults
