"""Summary numbers of a loaded dataset (``ctoc-kg info``)."""

from __future__ import annotations

from typing import Any

from rdflib import Dataset

from ctoc_kg.dataset import ONTOLOGY_GRAPH

# The ontology graph IRI is a constant of ours, written into the text: oxrdflib's
# initBindings only bind variables that are in the SELECT projection.
_PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
_TOTAL = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
_DISTINCT = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"
_CLASSES = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {
  GRAPH ?g { { ?c a owl:Class } UNION { ?c a rdfs:Class } } FILTER(isIRI(?c))
}"""
_INSTANCES = """
SELECT ?c (COUNT(DISTINCT ?x) AS ?n) WHERE { GRAPH ?g { ?x a ?c } FILTER(?g != <%s>) }
GROUP BY ?c ORDER BY DESC(?n) ?c""" % ONTOLOGY_GRAPH
_VERSION = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT ?o ?info ?iri WHERE {
  GRAPH <%s> { ?o a owl:Ontology OPTIONAL { ?o owl:versionInfo ?info } OPTIONAL { ?o owl:versionIRI ?iri } }
} ORDER BY ?o""" % ONTOLOGY_GRAPH


def info(ds: Dataset, top: int = 20) -> dict[str, Any]:
    """Counts for ``ds``.

    Keys: ``triples`` (quads in all named graphs), ``distinct_triples`` (union),
    ``graphs`` ({graph IRI: triples}), ``classes`` (IRIs typed owl:Class or
    rdfs:Class), ``instances`` (top ``top`` [class IRI, instances] outside the
    ontology graph, by count then IRI), ``ontology`` ({iri, version_info,
    version_iri} or None).
    """
    graphs = {str(row[0]): int(row[1]) for row in ds.query(_PER_GRAPH)}
    ontology = None
    for row in ds.query(_VERSION):
        ontology = {
            "iri": str(row[0]),
            "version_info": None if row[1] is None else str(row[1]),
            "version_iri": None if row[2] is None else str(row[2]),
        }
        break
    instances = [
        [str(c), int(n)]
        for c, n in ds.query(_INSTANCES)
    ][:top]
    return {
        "triples": int(next(iter(ds.query(_TOTAL)))[0]),
        "distinct_triples": int(next(iter(ds.query(_DISTINCT)))[0]),
        "graphs": graphs,
        "classes": int(next(iter(ds.query(_CLASSES)))[0]),
        "instances": instances,
        "ontology": ontology,
    }
