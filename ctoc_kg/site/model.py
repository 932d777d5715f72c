"""What the site shows, read from the named graphs: one ``Resource`` per IRI.

Everything here is plain Python built from the export's parts (sorted triples with
canonical blank nodes), so the site is the same for the same input.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

# LANGS and the namespace strings are also what the site's other modules take from here
from ctoc_kg import LANGUAGES as LANGS  # noqa: F401
from ctoc_kg.namespaces import (ELI, GRAPH_NS, ID_NS, ONTOLOGY_IRI, ONTOLOGY_NS, OWL, PREFIXES,  # noqa: F401
                                RDF, RDFS, SH, SKOS, STATEMENT_NS, XSD, shorten)

RDF_TYPE = RDF + "type"
LABEL = RDFS + "label"
PREF_LABEL = SKOS + "prefLabel"
DEFINITION = SKOS + "definition"
COMMENT = RDFS + "comment"
STATED_IN = ONTOLOGY_NS + "statedIn"
PART_NUMBER = ONTOLOGY_NS + "partNumber"
PART_OF = ONTOLOGY_NS + "partOf"
INFERRED = GRAPH_NS + "inferred"
UNCONFIRMED_ENGLISH = ONTOLOGY_NS + "unconfirmedEnglish"
VERSION_OF = ONTOLOGY_NS + "versionOf"
STATEMENT = RDF + "Statement"
_REIFICATION = {RDF + "subject": 0, RDF + "predicate": 1, RDF + "object": 2}
ONTOLOGY_GRAPH = GRAPH_NS + "ontology"

# the site names standard terms with the project's prefixes and eli:, not id: (pages are paths)
_PREFIXES = {**{prefix: ns for prefix, ns in PREFIXES.items() if prefix != "id"}, "eli": ELI}


def curie(iri: str) -> str:
    """``prov:wasInfluencedBy`` for a standard IRI, else the IRI."""
    return shorten(iri, _PREFIXES) or iri


def site_path(iri: str) -> str | None:
    """The path (without extension) of the page of ``iri`` inside the site, or None
    when the site has no page for it: ``id/body/x`` for a data IRI, ``ontology/Meeting``
    for a term, ``ontology`` for the ontology itself, ``statement/<hex>`` for an
    rdf:Statement of a provenance graph."""
    if iri.startswith(ID_NS):
        rest = iri[len(ID_NS):]
        if rest and all(s not in ("", ".", "..") for s in rest.split("/")) \
                and not any(c in rest for c in "?#%\\\"<>"):
            return "id/" + rest
        return None
    if iri.startswith(STATEMENT_NS):
        rest = iri[len(STATEMENT_NS):]
        return "statement/" + rest if rest and rest.isalnum() and rest.isascii() else None
    if iri == ONTOLOGY_IRI:
        return "ontology"
    if iri.startswith(ONTOLOGY_NS):
        local = iri[len(ONTOLOGY_NS):]
        if local and "/" not in local and local not in (".", ".."):
            return "ontology/" + local
    return None


def relative(target: str, page: str) -> str:
    """A link from the file ``page`` to the file ``target`` (both site-relative)."""
    return posixpath.relpath(target, posixpath.dirname(page) or ".")


@dataclass
class Fact:
    predicate: str
    object: object  # a pyoxigraph term
    graph: str

    @property
    def inferred(self) -> bool:
        return self.graph == INFERRED


@dataclass
class Resource:
    iri: str
    path: str
    facts: list[Fact] = field(default_factory=list)   # iri as subject
    incoming: list[Fact] = field(default_factory=list)  # iri as object (Fact.object = subject)


def is_provenance_graph(graph: str) -> bool:
    """``…/graph/<stem>.provenance``: the graph of a document's rdf:Statement nodes."""
    return graph.startswith(GRAPH_NS) and graph.endswith(".provenance")


def fact_key(subject: str, predicate: str, obj) -> tuple:
    """How a triple is looked up in ``Model.statements``."""
    return (subject, predicate, _key(obj) if isinstance(obj, (ox.NamedNode, ox.BlankNode)) else obj)


class Model:
    """All triples of all parts, indexed by subject and by object.

    The provenance graphs (one ``rdf:Statement`` per triple of a document graph, with
    the parts that state it) are not facts about entities: they are read into
    ``statements`` (triple -> parts stating it) and ``stated_in_part`` (part -> the
    triples it states), and their triples kept only in ``provenance_by_subject`` (the
    statements about a node, per graph, for its alternates)."""

    def __init__(self, parts):
        self.parts = parts
        self.graphs = [p.graph for p in parts]
        self.by_subject: dict[str, list[Fact]] = defaultdict(list)
        self.by_object: dict[str, list[Fact]] = defaultdict(list)
        self.triples_by_subject: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        self.statements: dict[tuple, set[str]] = defaultdict(set)
        self.stated_in_part: dict[str, list[tuple]] = defaultdict(list)
        self.provenance_by_subject: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        # statement IRI -> (subject, predicate, object) and its triples per provenance graph
        self.statement_nodes: dict[str, tuple] = {}
        self.statement_triples: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        iris: set[str] = set()
        for part in parts:
            if is_provenance_graph(part.graph):
                self._read_statements(part)
                continue
            for t in part.triples:
                s, p, o = t.subject, t.predicate.value, t.object
                key = _key(s)
                self.by_subject[key].append(Fact(p, o, part.graph))
                self.triples_by_subject[key][part.graph].append(t)
                if isinstance(o, (ox.NamedNode, ox.BlankNode)):
                    self.by_object[_key(o)].append(Fact(p, s, part.graph))
                for term in (s, o):
                    if isinstance(term, ox.NamedNode):
                        iris.add(term.value)
                if p == RDF_TYPE and isinstance(o, ox.NamedNode):
                    iris.add(o.value)
        self.iris = iris
        self.ontology_terms = sorted(
            k for k, facts in self.by_subject.items()
            if k.startswith(ONTOLOGY_NS) and any(f.graph == ONTOLOGY_GRAPH for f in facts))
        self.data_iris = sorted(i for i in iris if i.startswith(ID_NS) and site_path(i))

    def _read_statements(self, part) -> None:
        nodes: dict[str, list] = defaultdict(list)
        for t in part.triples:
            nodes[_key(t.subject)].append(t)
        for node, triples in nodes.items():
            spo: list = [None, None, None]
            where, typed = [], False
            for t in triples:
                p = t.predicate.value
                if p in _REIFICATION:
                    spo[_REIFICATION[p]] = t.object
                elif p == STATED_IN and isinstance(t.object, ox.NamedNode):
                    where.append(t.object.value)
                elif p == RDF_TYPE and t.object == ox.NamedNode(STATEMENT):
                    typed = True
            s, p, o = spo
            if not typed or s is None or not isinstance(p, ox.NamedNode) or o is None:
                continue
            key = fact_key(_key(s), p.value, o)
            self.statements[key].update(where)
            for w in where:
                self.stated_in_part[w].append((s, p, o))
            self.provenance_by_subject[_key(s)][part.graph].extend(triples)
            self.statement_nodes[node] = (s, p, o)
            self.statement_triples[node][part.graph].extend(triples)

    # lookups --------------------------------------------------------------
    def stated_by(self, subject: str, predicate: str, obj) -> list[str]:
        """The parts that state the triple (from the provenance graphs), in document order."""
        return sorted(self.statements.get(fact_key(subject, predicate, obj), ()), key=self.part_order)

    def part_statements(self, part: str) -> list[tuple]:
        """The triples ``part`` states, as (subject, predicate, object) pyoxigraph terms."""
        return sorted(set(self.stated_in_part.get(part, ())), key=lambda t: tuple(str(x) for x in t))

    def unconfirmed_english(self, iri: str) -> list[str]:
        """The properties whose English value of ``iri`` is not confirmed by a UN text."""
        return sorted(o.value for o in self.values(iri, UNCONFIRMED_ENGLISH) if isinstance(o, ox.NamedNode))

    def values(self, iri: str, predicate: str, *, graph: str | None = None) -> list:
        return [f.object for f in self.by_subject.get(iri, ())
                if f.predicate == predicate and (graph is None or f.graph == graph)]

    def value(self, iri: str, predicate: str):
        vals = sorted(self.values(iri, predicate), key=lambda t: str(t))
        return vals[0] if vals else None

    def types(self, iri: str) -> list[str]:
        return sorted({o.value for o in self.values(iri, RDF_TYPE) if isinstance(o, ox.NamedNode)})

    def asserted_types(self, iri: str) -> list[str]:
        return sorted({f.object.value for f in self.by_subject.get(iri, ())
                       if f.predicate == RDF_TYPE and not f.inferred
                       and isinstance(f.object, ox.NamedNode)})

    def subjects(self, predicate: str, obj: str) -> list[str]:
        return sorted({_key(f.object) for f in self.by_object.get(obj, ()) if f.predicate == predicate})

    def texts(self, iri: str, predicate: str) -> dict[str, str]:
        """Language -> the text (the first in order when several), ``""`` for no tag."""
        out: dict[str, str] = {}
        for o in sorted(self.values(iri, predicate), key=lambda t: t.value):
            if isinstance(o, ox.Literal):
                out.setdefault(o.language or "", o.value)
        return out

    def label(self, iri: str, lang: str) -> str:
        for p in (PREF_LABEL, LABEL):
            texts = self.texts(iri, p)
            for key in (lang, "en", "fr", ""):
                if texts.get(key):
                    return texts[key]
        for key in ("", "en"):
            pass
        symbol = self.value(iri, ONTOLOGY_NS + "symbol")
        if symbol is not None:
            return symbol.value
        if iri.startswith(ID_NS):
            return iri[len(ID_NS):]
        if iri.startswith(ONTOLOGY_NS):
            return iri[len(ONTOLOGY_NS):]
        return curie(iri)

    def has_label(self, iri: str, lang: str) -> bool:
        return lang in self.texts(iri, LABEL) or lang in self.texts(iri, PREF_LABEL)

    def resource(self, iri: str) -> Resource:
        return Resource(iri, site_path(iri) or "", list(self.by_subject.get(iri, ())),
                        list(self.by_object.get(iri, ())))

    def sources(self, iri: str) -> list[str]:
        """The parts of source documents that state facts about ``iri``, in document
        order (the document, then the part's kind and number)."""
        parts = {o.value for o in self.values(iri, STATED_IN) if isinstance(o, ox.NamedNode)}
        return sorted(parts, key=self.part_order)

    def part_order(self, part: str) -> tuple:
        doc = self.value(part, PART_OF)
        number = self.value(part, PART_NUMBER)
        kinds = [t for t in self.types(part) if t.startswith(ONTOLOGY_NS)]
        order = {"HeaderBlock": 0, "TitleBlock": 1, "Heading": 2, "Paragraph": 3, "Footnote": 4}
        kind = min((order.get(t[len(ONTOLOGY_NS):], 9) for t in kinds), default=9)
        n = int(number.value) if number is not None and number.value.lstrip("-").isdigit() else 0
        return (doc.value if doc is not None else "", kind, n, part)


def _key(term) -> str:
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return term.value
