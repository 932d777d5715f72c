"""The fast engine remembers the shipped ontology's signed triples between runs of one
process (``validate._ontology_signatures``): a data file repeating an ontology triple is
not a schema finding, and a run against another ontology never reuses the memo."""

from __future__ import annotations

from rdflib import OWL, RDFS, BNode, Graph, URIRef

from ctoc_kg import resources
from ctoc_kg.validate import validate

SHNS = "https://w3id.org/ctoc-kg/shapes#"


def shipped_ontology() -> Graph:
    g = Graph()
    for f in resources.ontology_files():
        g.parse(f)
    return g


def schema_findings(report) -> set[tuple[str, str]]:
    return {(r.focus, r.value) for r in report.results
            if r.source_shape == SHNS + "check-schema-triple"}


def test_a_repeated_ontology_triple_is_known_before_and_after_another_ontology(tmp_path):
    ont = shipped_ontology()
    s, o = next((s, o) for s, o in sorted(ont.subject_objects(RDFS.subClassOf))
                if isinstance(s, URIRef) and isinstance(o, URIRef))
    data = tmp_path / "data.ttl"
    data.write_text(f"<{s}> <{RDFS.subClassOf}> <{o}> .\n", encoding="utf-8")
    other = tmp_path / "other-ontology.ttl"
    smaller = Graph()
    for t in ont:
        if t != (s, RDFS.subClassOf, o):
            smaller.add(t)
    smaller.serialize(other, format="turtle")

    assert schema_findings(validate([data], engine="fast")) == set()
    # the same triple against an ontology that lacks it is schema stated by the data file
    assert schema_findings(validate([data], ontology=[other], engine="fast")) == {(str(s), str(o))}
    assert schema_findings(validate([data], engine="fast")) == set()  # the shipped memo again
    assert schema_findings(validate([data], engine="fast")) == set()


def test_a_copied_blank_node_structure_is_known_on_every_run(tmp_path):
    """An owl:AllDisjointClasses axiom (a blank node and its owl:members list) copied into
    a data file matches the ontology's by content, on the first run and on the runs that
    use the memo."""
    ont = shipped_ontology()
    axioms = sorted(s for s in ont.subjects(OWL.members) if isinstance(s, BNode))
    assert axioms, "the shipped ontology has an owl:AllDisjointClasses axiom to copy"
    copy = Graph()
    todo = [axioms[0]]
    seen = set()
    while todo:  # the axiom and every blank node it leads to
        n = todo.pop()
        if n in seen:
            continue
        seen.add(n)
        for p, o in ont.predicate_objects(n):
            copy.add((n, p, o))
            if isinstance(o, BNode):
                todo.append(o)
    assert len(copy) > 3
    data = tmp_path / "disjoint.nt"
    copy.serialize(data, format="nt")
    first = validate([data], engine="fast")
    second = validate([data], engine="fast")
    assert schema_findings(first) == schema_findings(second) == set()
