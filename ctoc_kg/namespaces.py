"""Every namespace ctoc-kg names, the one prefix table, and the one IRI shortener.

Plain strings (importing this module imports no RDF library).  The project's own
IRIs live under ``https://w3id.org/ctoc-kg/``: the ontology's terms, the data's
entities (``id/``), the named graphs (``graph/``) and the shapes (``shapes#``).
"""

from __future__ import annotations

BASE = "https://w3id.org/ctoc-kg/"
ONTOLOGY_IRI = BASE + "ontology"
ONTOLOGY_NS = ONTOLOGY_IRI + "#"
ID_NS = BASE + "id/"
GRAPH_NS = BASE + "graph/"
STATEMENT_NS = BASE + "statement/"  # rdf:Statement nodes of the provenance graphs, one per triple
SHAPES_IRI = BASE + "shapes"
SHAPES_NS = SHAPES_IRI + "#"
DATASET_IRI = BASE + "dataset"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
ORG = "http://www.w3.org/ns/org#"
SCHEMA = "https://schema.org/"
TIME = "http://www.w3.org/2006/time#"
VANN = "http://purl.org/vocab/vann/"
SH = "http://www.w3.org/ns/shacl#"
FABIO = "http://purl.org/spar/fabio/"
FOAF = "http://xmlns.com/foaf/0.1/"
DCAT = "http://www.w3.org/ns/dcat#"
ELI = "http://data.europa.eu/eli/ontology#"
VOID = "http://rdfs.org/ns/void#"
ISO639_1 = "http://id.loc.gov/vocabulary/iso639-1/"  # languages: <ISO639_1 + "fr">
OWLRL_ERRORS = "http://www.daml.org/2002/03/agents/agent-ont#"  # where owlrl writes inconsistencies

# The project's prefixes: canonical Turtle (`ctoc-kg fmt`), export and the JSON-LD context.
PREFIXES: dict[str, str] = {
    "ctoc": ONTOLOGY_NS,
    "id": ID_NS,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "prov": PROV,
    "org": ORG,
    "schema": SCHEMA,
    "time": TIME,
    "vann": VANN,
    "sh": SH,
    "fabio": FABIO,
    "foaf": FOAF,
    "dcat": DCAT,
}

# What people read (query tables, validation reports) also names the shapes.
READABLE_PREFIXES: dict[str, str] = {**PREFIXES, "ctocsh": SHAPES_NS}


def split(iri: str, prefixes: dict[str, str] | None = None) -> tuple[str, str] | None:
    """``(prefix, local name)`` of ``iri`` by the longest namespace of ``prefixes``
    (default ``READABLE_PREFIXES``) that it starts with, else None."""
    table = READABLE_PREFIXES if prefixes is None else prefixes
    best = max((p for p, ns in table.items() if iri.startswith(ns) and len(iri) > len(ns)),
               key=lambda p: len(table[p]), default=None)
    return (best, iri[len(table[best]):]) if best is not None else None


def shorten(iri: str, prefixes: dict[str, str] | None = None) -> str | None:
    """``prefix:local`` for an IRI in a known namespace (``ctoc:symbol``,
    ``id:body/…``, ``ctocsh:ReportShape``), else None; see ``split``."""
    found = split(iri, prefixes)
    return f"{found[0]}:{found[1]}" if found else None


def file_graph_name(path) -> str:
    """The graph name of a user file (its graph is ``GRAPH_NS`` + this): its stem,
    percent-encoded where an IRI needs it (``my data.ttl`` -> ``my%20data``); ordinary
    stems are unchanged.  (``ctoc_kg.dataset`` loads each file into that graph.)"""
    from pathlib import Path
    from urllib.parse import quote

    return quote(Path(path).stem, safe="-._~!$&'()*+,;=:@")
