"""OWL 2 DL (issue 12, point 5): every annotation property the ontology and the data use
is declared, no IRI is two kinds of property (illegal punning), the ontology's
datatypes are in the OWL 2 datatype map (the data and shapes keep xsd:date), and the
code lists stay acyclic. The `java` test runs OWLAPI's DL profile check and HermiT
(scripts/owl/dl_check.py)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from rdflib import OWL, RDF, RDFS, XSD, Graph, Namespace, URIRef

from conftest import REPO

CTOC = Namespace("https://w3id.org/ctoc-kg/ontology#")
KINDS = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
# OWL 2 built-in annotation properties and the RDF/RDFS/OWL vocabulary that makes axioms
BUILT_IN = {RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy, OWL.versionInfo,
            OWL.deprecated, OWL.priorVersion, OWL.backwardCompatibleWith, OWL.incompatibleWith}
# the OWL 2 datatype map (OWL 2 Structural Specification, section 4), and rdf:langString
# (RDF 1.1), which OWLAPI and HermiT accept
DATATYPE_MAP = {RDF.PlainLiteral, RDF.XMLLiteral, RDFS.Literal, OWL.real, OWL.rational, RDF.langString} | {
    XSD[n] for n in ("decimal", "integer", "nonNegativeInteger", "nonPositiveInteger", "positiveInteger",
                     "negativeInteger", "long", "int", "short", "byte", "unsignedLong", "unsignedInt",
                     "unsignedShort", "unsignedByte", "double", "float", "string", "normalizedString",
                     "token", "language", "Name", "NCName", "NMTOKEN", "boolean", "hexBinary",
                     "base64Binary", "anyURI", "dateTime", "dateTimeStamp")}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(REPO / "ontology" / "ctoc.ttl")


@pytest.fixture(scope="module")
def facts() -> Graph:
    g = Graph()
    for f in sorted((REPO / "graph").glob("*.ttl")):
        if not f.name.endswith(".provenance.ttl"):
            g.parse(f)
    return g


def kinds(ontology: Graph, p: URIRef) -> set:
    return {k for k in KINDS if (p, RDF.type, k) in ontology}


def undeclared(ontology: Graph, graph: Graph) -> list[str]:
    """Predicates used in ``graph`` that the ontology does not declare as a property."""
    used = {p for p in graph.predicates() if not str(p).startswith((str(RDF), str(RDFS), str(OWL)))
            or p in BUILT_IN}
    return sorted(str(p) for p in used - BUILT_IN if not kinds(ontology, p))


def punning(ontology: Graph) -> list[str]:
    """Illegal punning: an IRI declared as two kinds of property, or as a property and a
    class or datatype; a sub-property axiom between different kinds; and a property that
    is not an annotation property used to annotate the ontology, a class or a property
    (what made dcterms:creator both an annotation and an object property)."""
    found = []
    for p in set(ontology.subjects(RDF.type, None)):
        k = kinds(ontology, p)
        if len(k) > 1 or (k and ((p, RDF.type, OWL.Class) in ontology or (p, RDF.type, RDFS.Datatype) in ontology)):
            found.append(f"{p} is {sorted(map(str, k))}")
    for a, b in ontology.subject_objects(RDFS.subPropertyOf):
        if kinds(ontology, a) and kinds(ontology, b) and kinds(ontology, a) != kinds(ontology, b):
            found.append(f"{a} ⊑ {b} across property kinds")
    annotated = set(ontology.subjects(RDF.type, OWL.Ontology)) | set(ontology.subjects(RDF.type, OWL.Class))
    for k in KINDS:
        annotated |= set(ontology.subjects(RDF.type, k))
    for s, p in ontology.subject_predicates():
        if s in annotated and p not in BUILT_IN and not str(p).startswith((str(RDF), str(RDFS), str(OWL))) \
                and OWL.AnnotationProperty not in kinds(ontology, p):
            found.append(f"{p} annotates {s} but is not an annotation property")
    return sorted(set(found))


def test_every_annotation_property_used_is_declared(ontology, facts):
    assert undeclared(ontology, ontology) == []
    assert undeclared(ontology, facts) == []
    for p in ("http://www.w3.org/2004/02/skos/core#definition", "http://purl.org/dc/terms/creator",
              "http://purl.org/dc/terms/description", "http://purl.org/dc/terms/license",
              "http://purl.org/vocab/vann/preferredNamespacePrefix",
              "http://purl.org/vocab/vann/preferredNamespaceUri", "http://purl.org/dc/terms/title"):
        assert kinds(ontology, URIRef(p)) == {OWL.AnnotationProperty}, p


def test_no_illegal_punning(ontology):
    assert punning(ontology) == []


def test_the_checks_catch_what_the_issue_found(ontology):
    g = Graph()
    for t in ontology:
        g.add(t)
    g.remove((URIRef("http://purl.org/dc/terms/creator"), RDF.type, None))
    g.add((URIRef("http://purl.org/dc/terms/creator"), RDF.type, OWL.ObjectProperty))
    g.add((CTOC.author, RDFS.subPropertyOf, URIRef("http://purl.org/dc/terms/creator")))
    assert undeclared(g, g) == []
    assert "http://purl.org/dc/terms/creator annotates https://w3id.org/ctoc-kg/ontology but is not an annotation property" in punning(g)
    g.remove((URIRef("http://www.w3.org/2004/02/skos/core#definition"), RDF.type, None))
    assert undeclared(g, g) == ["http://www.w3.org/2004/02/skos/core#definition"]


def test_ontology_datatypes_are_in_the_owl2_datatype_map(ontology):
    ranges = {(p, r) for p in ontology.subjects(RDF.type, OWL.DatatypeProperty)
              for r in ontology.objects(p, RDFS.range)}
    assert ranges and {(str(p), str(r)) for p, r in ranges if r not in DATATYPE_MAP} == set()
    assert not list(ontology.triples((None, None, XSD.date))) or all(
        p == URIRef("https://schema.org/rangeIncludes") for p in ontology.predicates(None, XSD.date))


def test_data_and_shapes_keep_xsd_date(facts):
    dates = [o for o in facts.objects() if getattr(o, "datatype", None) == XSD.date]
    assert len(dates) > 20
    shapes = Graph()
    for f in (REPO / "shapes").glob("*.ttl"):
        shapes.parse(f)
    assert (None, URIRef("http://www.w3.org/ns/shacl#datatype"), XSD.date) in shapes


def test_named_individuals_form_no_cycle(ontology):
    """pyshacl deep-copies every owl:NamedIndividual of the ontology graph into the data,
    following its links ten levels deep: a cycle (a code-list value pointing to its scheme
    pointing back, skos:hasTopConcept) multiplies that work beyond any time limit. The
    schemes are reached from the values only (skos:inScheme, skos:topConceptOf)."""
    individuals = set(ontology.subjects(RDF.type, OWL.NamedIndividual))
    edges = {i: {o for o in ontology.objects(i) if o in individuals} for i in individuals}

    def cyclic(start):
        seen, stack = set(), [(start, iter(edges[start]))]
        path = {start}
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                stack.pop()
                path.discard(node)
                continue
            if nxt in path:
                return True
            if nxt not in seen:
                seen.add(nxt)
                path.add(nxt)
                stack.append((nxt, iter(edges[nxt])))
        return False

    assert [str(i) for i in individuals if cyclic(i)] == []


@pytest.mark.java
@pytest.mark.slow
def test_owlapi_profile_and_hermit(tmp_path):
    """OWLAPI 5 (Debian libowlapi-java, installed here if missing) and HermiT 1.3.8 (from
    owlready2's sdist on PyPI): ontology DL-clean, consistent, no unsatisfiable class;
    with the data only the xsd:date literals remain outside the datatype map."""
    r = subprocess.run([sys.executable, str(REPO / "scripts" / "owl" / "dl_check.py"), "--install", "--json"],
                       capture_output=True, text=True, timeout=1800, cwd=tmp_path)
    result = json.loads(r.stdout)
    assert r.returncode == 0, r.stdout + r.stderr
    assert result["ok"]
    onto, data = result["ontology"], result["ontology+data"]
    assert onto["profile_violations"] == 0
    assert onto["hermit"] == {"consistent": True, "unsatisfiable": []}
    assert data["other_violations"] == [] and data["date_literal_violations"] > 0
    assert data["hermit"] == {"consistent": True, "unsatisfiable": []}
