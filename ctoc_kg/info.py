"""Summary numbers of a loaded dataset (``ctoc-kg info``)."""

from __future__ import annotations

from typing import Any

from rdflib import Dataset

from ctoc_kg.dataset import ONTOLOGY_GRAPH
from ctoc_kg.reason import ReasoningResult

FORMATS = ("text", "json")

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


def info(ds: Dataset, top: int = 20, reasoning: ReasoningResult | None = None) -> dict[str, Any]:
    """Counts for ``ds``.

    Keys: ``triples`` (quads in all named graphs), ``distinct_triples`` (union),
    ``graphs`` ({graph IRI: triples}), ``classes`` (IRIs typed owl:Class or
    rdfs:Class), ``instances`` (top ``top`` [class IRI, instances] outside the
    ontology graph, by count then IRI), ``ontology`` ({iri, version_info,
    version_iri} or None), ``reasoning`` (what ``reasoning`` did: {profile,
    inferred, rules, seconds}, or None).
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
        "reasoning": None if reasoning is None else {
            "profile": reasoning.profile,
            "inferred": reasoning.inferred,
            "rules": reasoning.by_rule,
            "seconds": round(reasoning.seconds, 3),
        },
    }


def to_text(s: dict) -> str:
    """``info`` plus its ``reasoning`` entry as lines for people."""
    lines = []
    o = s["ontology"]
    if o is None:
        lines.append("ontology: none loaded")
    else:
        version = o["version_info"] or "(no owl:versionInfo)"
        lines.append(f"ontology: {o['iri']} version {version}")
        if o["version_iri"]:
            lines.append(f"  version IRI: {o['version_iri']}")
    lines.append(f"triples: {s['triples']} in {len(s['graphs'])} named graphs "
                 f"({s['distinct_triples']} distinct)")
    width = max((len(str(n)) for n in s["graphs"].values()), default=1)
    for g, n in s["graphs"].items():
        lines.append(f"  {n:>{width}}  {g}")
    lines.append(f"classes: {s['classes']}")
    if s["instances"]:
        lines.append(f"instances per class (top {len(s['instances'])}):")
        width = max(len(str(n)) for _, n in s["instances"])
        for c, n in s["instances"]:
            lines.append(f"  {n:>{width}}  {c}")
    r = s["reasoning"]
    if r is None:
        lines.append("reasoning: none")
    else:
        lines.append(f"reasoning: {r['profile']}, {r['inferred']} triples inferred in {r['seconds']} s")
    return "\n".join(lines)
