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
SHAPES_IRI = BASE + "shapes"
SHAPES_NS = SHAPES_IRI + "#"

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
_SHORT = sorted({**PREFIXES, "ctocsh": SHAPES_NS}.items(), key=lambda kv: -len(kv[1]))


def shorten(iri: str) -> str | None:
    """``prefix:local`` for an IRI in a known namespace (``ctoc:symbol``,
    ``id:body/…``, ``ctocsh:ReportShape``), else None."""
    for prefix, ns in _SHORT:
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return None
