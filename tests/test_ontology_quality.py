"""Quality checks on the ontology: each passes on the shipped ontology and fails,
naming the offending term, on a deliberately broken copy."""

from __future__ import annotations

import re

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, DCTERMS, Graph, Literal, URIRef

from conftest import REPO

CTOC = "https://w3id.org/ctoc-kg/ontology#"
ONTOLOGY_IRI = URIRef("https://w3id.org/ctoc-kg/ontology")


def T(name: str) -> URIRef:
    return URIRef(CTOC + name)


@pytest.fixture(scope="module")
def ontology_triples() -> list:
    return list(Graph().parse(REPO / "ontology" / "ctoc.ttl"))


@pytest.fixture
def ontology(ontology_triples) -> Graph:
    """A fresh copy of the shipped ontology per test (tests break it), on an Oxigraph
    store so that the checks' SPARQL runs fast."""
    g = Graph(store="Oxigraph")
    g.addN((s, p, o, g) for s, p, o in ontology_triples)
    return g


def faults(graph: Graph, check: str) -> list[tuple[str, str]]:
    from ctoc_kg.checks import run_check

    return run_check(graph, REPO / "queries" / "checks" / f"{check}.rq").faults


def terms(found) -> set[str]:
    return {t for t, _ in found}


CHECKS = ["ontology-header-violation", "ontology-bilingual-violation",
          "ontology-property-kind-violation", "ontology-orphan-class-violation",
          "data-undeclared-term-violation"]


@pytest.mark.parametrize("check", CHECKS)
def test_check_passes_on_the_shipped_ontology(ontology, check):
    assert faults(ontology, check) == []


def test_every_shipped_check_is_tested():
    shipped = sorted(p.stem for p in (REPO / "queries" / "checks").glob("*-violation.rq"))
    assert shipped == sorted(CHECKS)


def test_data_checks_pass_on_the_shipped_dataset():
    from ctoc_kg.checks import run_checks
    from ctoc_kg.dataset import load

    results = run_checks(load(), prefix="data-")
    assert results and all(r.passed for r in results), [r.faults for r in results]


@pytest.mark.parametrize("annotation", [DCTERMS.title, DCTERMS.license, OWL.versionIRI,
                                        URIRef("http://purl.org/vocab/vann/preferredNamespaceUri")])
def test_header_check_fails_without_an_annotation(ontology, annotation):
    ontology.remove((ONTOLOGY_IRI, annotation, None))
    found = faults(ontology, "ontology-header-violation")
    assert terms(found) == {str(ONTOLOGY_IRI)}
    assert str(annotation) in found[0][1]


def test_bilingual_check_fails_on_a_missing_french_label(ontology):
    ontology.remove((T("Meeting"), RDFS.label, Literal("réunion", lang="fr")))
    found = faults(ontology, "ontology-bilingual-violation")
    assert terms(found) == {CTOC + "Meeting"}
    assert "'fr'" in found[0][1]


def test_bilingual_check_fails_on_two_english_definitions(ontology):
    ontology.add((T("ordinal"), SKOS.definition, Literal("A second definition.", lang="en")))
    assert terms(faults(ontology, "ontology-bilingual-violation")) == {CTOC + "ordinal"}


def test_property_kind_check_fails_on_a_property_of_both_kinds(ontology):
    ontology.add((T("ordinal"), RDF.type, OWL.ObjectProperty))
    assert terms(faults(ontology, "ontology-property-kind-violation")) == {CTOC + "ordinal"}


def test_property_kind_check_fails_on_a_missing_range(ontology):
    ontology.remove((T("place"), RDFS.range, None))
    found = faults(ontology, "ontology-property-kind-violation")
    assert terms(found) == {CTOC + "place"} and "rdfs:range" in found[0][1]


def test_orphan_check_fails_on_a_class_without_superclass(ontology):
    ontology.remove((T("Footnote"), RDFS.subClassOf, None))
    assert terms(faults(ontology, "ontology-orphan-class-violation")) == {CTOC + "Footnote"}


def test_undeclared_check_fails_on_a_term_the_ontology_lacks(ontology):
    ontology.add((URIRef("https://w3id.org/ctoc-kg/id/x"), URIRef(CTOC + "meetingOff"), Literal(1)))
    assert terms(faults(ontology, "data-undeclared-term-violation")) == {CTOC + "meetingOff"}


def test_every_ctoc_term_named_in_the_repo_is_declared(ontology):
    from ontology_checks import declared_terms, undeclared_term_uses

    assert undeclared_term_uses(REPO, declared_terms(ontology)) == []


def test_the_repo_scan_finds_an_undeclared_term(tmp_path, ontology):
    from ontology_checks import declared_terms, undeclared_term_uses

    (tmp_path / "queries").mkdir()
    (tmp_path / "queries" / "q.rq").write_text("SELECT * WHERE { ?m ctoc:meetingOf ?b ; ctoc:ordinall ?n }\n")
    assert undeclared_term_uses(tmp_path, declared_terms(ontology)) == [("queries/q.rq", 1, "ordinall")]


def _words(local: str) -> str:
    return " ".join(re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+", local)).lower()


def label_mismatches(ontology: Graph) -> list[tuple[str, list[str]]]:
    """(term, English labels) for each declared term whose English label is not its
    local name in words (``startDate`` -> "start date")."""
    from ontology_checks import declared_terms

    wrong = []
    for name in sorted(declared_terms(ontology)):
        labels = sorted(str(l) for l in ontology.objects(T(name), RDFS.label) if l.language == "en")
        if [_words(name)] != [l.lower().replace("-", " ") for l in labels]:
            # a code-list value keeps its IRI when its official wording changes: the
            # wording its IRI spells is then its English alternative label
            alt = [str(l).lower() for l in ontology.objects(T(name), SKOS.altLabel) if l.language == "en"]
            if not ((T(name), RDF.type, SKOS.Concept) in _concepts(ontology) and _words(name) in alt
                    and len(labels) == 1):
                wrong.append((name, labels))
    return wrong


def test_english_labels_match_local_names(ontology):
    assert label_mismatches(ontology) == []


def _concepts(ontology: Graph) -> set:
    """(value, rdf:type, skos:Concept) for every code-list value (typed with a list class)."""
    lists = set(ontology.subjects(RDFS.subClassOf, SKOS.Concept))
    return {(v, RDF.type, SKOS.Concept) for c in lists for v in ontology.subjects(RDF.type, c)}


def test_official_wording_of_the_body_status_values(ontology):
    """Issue 12: the Conference's English texts say "interim" and "constant element";
    the French say "provisoire" and "élément permanent"; the old wording stays as altLabel."""
    def labels(name, p=RDFS.label):
        return {(str(l), l.language) for l in ontology.objects(T(name), p)}
    assert labels("Provisional") == {("interim", "en"), ("provisoire", "fr")}
    assert labels("Permanent") == {("constant element", "en"), ("élément permanent", "fr")}
    assert ("provisional", "en") in labels("Provisional", SKOS.altLabel)
    assert ("permanent", "en") in labels("Permanent", SKOS.altLabel)
    for name in ("Provisional", "Permanent"):
        assert labels(name, SKOS.prefLabel) == labels(name)


def test_label_check_catches_a_mismatch(ontology):
    ontology.set((T("startDate"), RDFS.label, Literal("beginning", lang="en")))
    ontology.add((T("endDate"), RDFS.label, Literal("finish", lang="en")))  # a second English label
    found = dict(label_mismatches(ontology))
    assert sorted(found) == ["endDate", "startDate"]
    assert found["startDate"] == ["beginning"] and "finish" in found["endDate"]


@pytest.mark.slow
def test_owlrl_closure_of_the_ontology_and_data_is_consistent(ontology):
    from ontology_checks import owlrl_inconsistencies
    from ctoc_kg.dataset import load

    assert owlrl_inconsistencies(ontology) == []
    ds = load()
    union = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    assert owlrl_inconsistencies(union) == []


@pytest.mark.slow
def test_owlrl_check_reports_a_node_in_two_disjoint_classes(ontology):
    from ontology_checks import owlrl_inconsistencies

    x = URIRef("https://w3id.org/ctoc-kg/id/x")
    ontology.add((x, RDF.type, T("Session")))
    ontology.add((x, RDF.type, T("Meeting")))
    found = owlrl_inconsistencies(ontology)
    assert found and any(str(x) in m for m in found)
