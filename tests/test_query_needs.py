"""Reasoning limited to what a query can see (``reason(…, needs=…)``) and the query path
that does not run rdflib's parser give exactly the rows of the full reasoning and of
rdflib's parse, on the shipped graph and on a generated corpus with seeded errors."""

from __future__ import annotations

from collections import Counter

import pytest

from result_keys import row_keys

from ctoc_kg import query as Q
from ctoc_kg import resources
from ctoc_kg.dataset import load
from ctoc_kg.query import execution as E
from ctoc_kg.reason import Needs, reason
from ctoc_kg.sparql_scan import RDF_TYPE, scan

NAMES = [p.stem for p in resources.query_files()]
RDFS_SUB = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
PARAM_SOURCE = {"resolution-9-1-requests": {"instrument": "request-instrument"}}


def _rows(result: Q.QueryResult, ordered: bool):
    keys = row_keys(result)
    return keys if ordered else Counter(keys)


def _same_rows_as_full_reasoning(open_, params_for) -> int:
    full = open_()
    reason(full)
    answered = 0
    reasoned = {}  # one limited reasoning per distinct Needs
    for name in NAMES:
        prepared = Q.prepare(name, params_for(name))
        needs = prepared.needs()
        if needs not in reasoned:
            reasoned[needs] = open_()
            reason(reasoned[needs], needs=needs)
        limited = reasoned[needs]
        want = Q.execute(prepared, full)
        got = Q.execute(prepared, limited)
        assert got.variables == want.variables, name
        assert _rows(got, prepared.ordered) == _rows(want, prepared.ordered), name
        answered += bool(want.rows)
    return answered


@pytest.fixture(scope="module")
def shipped_full():
    ds = load(bare=True)
    reason(ds)
    return ds


@pytest.mark.parametrize("name", NAMES)
def test_each_query_sees_the_same_rows_on_the_shipped_graph(name, shipped_full):
    prepared = Q.prepare(name)
    limited = load(bare=True)
    reason(limited, needs=prepared.needs())
    want, got = Q.execute(prepared, shipped_full), Q.execute(prepared, limited)
    assert got.variables == want.variables
    assert _rows(got, prepared.ordered) == _rows(want, prepared.ordered)
    assert want.rows or name in ("unconfirmed-english", "back-to-back", "lifecycle-org")


@pytest.mark.slow
def test_each_query_sees_the_same_rows_on_a_generated_corpus_with_errors(tmp_path):
    from ctoc_kg.generate import ERROR_KINDS, generate

    path = tmp_path / "corpus.nt"
    corpus = generate(path, 8000, seed=3, errors=dict.fromkeys(ERROR_KINDS, 1))

    def params_for(name):
        info = next(i for i in Q.shipped_queries() if i.name == name)
        out = {}
        for p in info.params:
            key = PARAM_SOURCE.get(name, {}).get(p.name, p.name)
            if key in corpus.sample:
                out[p.name] = corpus.sample[key]
        return out

    assert _same_rows_as_full_reasoning(lambda: load([path], bare=True), params_for) >= len(NAMES) - 3


def test_needs_are_limited_for_most_shipped_queries():
    limited = [n for n in NAMES if Q.prepare(n).needs() is not None]
    assert len(limited) >= len(NAMES) // 2, limited
    needs = Q.prepare("meetings-in-range").needs()
    assert "http://www.w3.org/ns/prov#wasInfluencedBy" not in needs.predicates


def test_limited_reasoning_infers_a_subset():
    full, limited = load(), load()
    whole = reason(full).inferred
    part = reason(limited, needs=Q.prepare("meetings-in-range").needs()).inferred
    assert 0 < part < whole


# ----------------------------------------------------------------- the scanner

def _rules_and_checks():
    root = resources.query_files()[0].parent
    return sorted(root.glob("rules/*.rq")) + sorted(root.glob("checks/*.rq")) + sorted(root.glob("reports/*.rq"))


@pytest.mark.parametrize("path", resources.query_files() + _rules_and_checks(), ids=lambda p: p.stem)
def test_scan_agrees_with_rdflib_on_shipped_sparql(path):
    from rdflib import URIRef, Variable

    text = path.read_text(encoding="utf-8")
    found = scan(text)
    assert found.complete
    algebra = E.parse(text).algebra
    kind = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT"}[algebra.name]
    assert found.kind == kind
    assert found.ordered == E._top_ordered(algebra)
    if kind == "SELECT" and found.projected is not None:
        assert found.projected == {str(v) for v in algebra.get("PV")}
    named, variable_predicate = set(), False
    for node in E._walk(algebra):
        named |= {str(v) for v in node.values() if isinstance(v, URIRef)}
        triples = node.get("triples")
        for t in triples if isinstance(triples, list) else []:
            variable_predicate |= isinstance(t[1], Variable)
            named |= {str(x) for x in t if isinstance(x, URIRef)}
    assert named <= found.iris
    assert found.any_predicate or not variable_predicate


@pytest.mark.parametrize("text, any_predicate, any_class", [
    ("SELECT * WHERE { ?s ?p ?o }", True, False),
    ("PREFIX ex: <http://e/> SELECT ?s WHERE { ?s a ex:C ; ex:p ?o }", False, False),
    ("PREFIX ex: <http://e/> SELECT ?s WHERE { ?s a ?c }", False, True),
    ("PREFIX ex: <http://e/> SELECT ?s WHERE { ?s a/ex:p* ex:C }", False, True),
    ("PREFIX ex: <http://e/> SELECT ?s WHERE { ?s !ex:p ?o }", True, False),
    ("PREFIX ex: <http://e/> SELECT ?s WHERE { ?s ex:p [ ?q ?o ] }", True, False),
    ("PREFIX ex: <http://e/> SELECT ?s WHERE { ?s ex:p ?o FILTER NOT EXISTS { ?o ?q ?s } }", True, False),
    ("PREFIX ex: <http://e/> SELECT ?s WHERE { { SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s ?p ?o } "
     "GROUP BY ?s } }", True, False),
    ("PREFIX ex: <http://e/> SELECT ?s WHERE { ?s ex:p ?o BIND(EXISTS { ?o a ?k } AS ?b) }", False, True),
    ("PREFIX ex: <http://e/> SELECT ?s WHERE { ?s ex:p \"a b c\" ; <http://e/q> 1.5 , ex:x . }", False, False),
    ("PREFIX ex: <http://e/> SELECT ?s WHERE { ?s ex:p ?o } ORDER BY DESC(?o) LIMIT 3", False, False),
    ("SELECT ?s WHERE { ?s <http://e/p> ?o . this is not sparql }", True, True),
])
def test_scan_flags_what_may_match_any_predicate_or_class(text, any_predicate, any_class):
    found = scan(text)
    assert (found.any_predicate, found.any_class) == (any_predicate, any_class)


def test_a_bound_variable_is_a_constant():
    text = "PREFIX ex: <http://e/> SELECT ?p ?s WHERE { ?s ?p ?o }"
    assert scan(text).any_predicate and not scan(text, {"p"}).any_predicate
    from rdflib import URIRef

    needs = Needs.of_query(text, {"p": URIRef("http://e/q")})
    assert needs is not None and "http://e/q" in needs.predicates
    assert Needs.of_query("PREFIX ex: <http://e/> SELECT ?s WHERE { ?s a ?c }").classes is None
    assert RDF_TYPE in Needs.of_query("SELECT ?s WHERE { ?s a <http://e/C> }").predicates


def test_prepare_without_rdflib_matches_prepare_with_it(monkeypatch):
    fast = {n: Q.prepare(n) for n in NAMES}
    monkeypatch.setattr(E, "scan", lambda text, bound=(): type(scan(text))(complete=False))
    for name, prepared in fast.items():
        slow = Q.prepare(name)
        assert prepared._parsed is None and slow._parsed is not None
        assert (prepared.kind, prepared.ordered, prepared.uses_service, prepared.bindings) == (
            slow.kind, slow.ordered, slow.uses_service, slow.bindings), name


# ----------------------------------------------- a triple in two graphs counts once

def _distinct_count_says_twice(store) -> bool:
    distinct = next(iter(store.query(
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { "
        "{ ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } }")))[0]
    return int(distinct.value) != len(store)


def test_triples_in_two_graphs_are_found_as_by_counting(tmp_path):
    """query_store finds the triples held twice (here a data file repeating the ontology)
    without reading the largest graph whole: the same answer as counting the distinct
    triples, and every query answers as without the repeated file."""
    from ctoc_kg.dataset import (Bare, _in_two_graphs, _lexical, graph_iri, load_file,
                                 oxigraph_store, query_store)
    from ctoc_kg.generate import generate

    corpus = tmp_path / "corpus.nt"
    generate(corpus, 3000, seed=2)
    repeat = tmp_path / "repeat.ttl"
    repeat.write_bytes(resources.ontology_files()[0].read_bytes())
    cases = {"shipped": load(bare=True), "corpus": load([corpus], bare=True)}
    cases["corpus+repeat"] = load([corpus], bare=True)
    load_file(cases["corpus+repeat"], repeat, graph_iri("repeat"))
    for name, ds in cases.items():
        store = oxigraph_store(ds)
        assert _in_two_graphs(store, None, 10 ** 9) == _distinct_count_says_twice(store), name
        reason(ds)
        assert _in_two_graphs(store, None, 10 ** 9) == _distinct_count_says_twice(store), name
        # after reasoning graph/inferred is left out of the search: the same answer
        assert (query_store(ds)[0] is store) == (not _distinct_count_says_twice(store)), name
    for name, ds in cases.items():  # reasoning that says the store is final: the same answer
        reason(ds, final=True)
        store = oxigraph_store(ds)
        assert _lexical(ds).fixed_union is not None
        assert (query_store(ds)[0] is store) == (not _distinct_count_says_twice(store)), name
    assert _in_two_graphs(oxigraph_store(cases["corpus+repeat"]), None, 10 ** 9) is True
    assert _in_two_graphs(oxigraph_store(cases["corpus"]), None, 10 ** 9) is False
    assert _in_two_graphs(oxigraph_store(cases["corpus"]), None, 0) is None  # over budget
    for name in NAMES:
        prepared = Q.prepare(name)
        want = Q.execute(prepared, cases["corpus"])
        got = Q.execute(prepared, cases["corpus+repeat"])
        assert _rows(got, prepared.ordered) == _rows(want, prepared.ordered), name
    assert isinstance(cases["corpus"], Bare)


@pytest.mark.parametrize("where, patterns, values, any_class", [
    ("?s a ?c . ?c rdfs:subClassOf ex:C", {(RDFS_SUB, "http://e/C")}, set(), False),
    ("?s a ?c ; ex:p ?o . VALUES ?c { ex:A ex:B }", set(), {"http://e/A", "http://e/B"}, False),
    ("?s a ?c . VALUES (?c ?o) { (ex:A 1) (ex:B 2) }", set(), {"http://e/A", "http://e/B"}, False),
    ("?s a ?c . VALUES ?c { ex:A UNDEF }", set(), set(), True),
    ("?s a ?c . OPTIONAL { ?c rdfs:subClassOf ex:C }", set(), set(), True),  # not a join
    ("{ ?s a ?c } UNION { ?c rdfs:subClassOf ex:C }", set(), set(), True),
    ("?s a ?c . ?c rdfs:label ?l", set(), set(), True),  # the object is not a constant
    ("?s ex:p [ a ?c ] . ?c rdfs:subClassOf ex:C", {(RDFS_SUB, "http://e/C")}, set(), False),
])
def test_a_class_variable_held_by_a_join_limits_the_classes(where, patterns, values, any_class):
    found = scan("PREFIX ex: <http://e/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
                 f"SELECT ?s WHERE {{ {where} }}")
    assert found.complete
    assert (found.class_patterns, found.class_values, found.any_class) == (patterns, values, any_class)


def test_class_patterns_become_the_classes_of_the_store():
    ds = load(bare=True)
    needs = Q.prepare("cited-instruments").needs()
    assert needs.class_patterns and needs.classes is not None
    limited = reason(ds, needs=needs)
    assert 0 < limited.inferred < reason(load(bare=True)).inferred
    # a pattern whose predicate some step can infer gives every class
    from ctoc_kg.dataset import oxigraph_store
    from ctoc_kg.reason import _StoreReasoner, _store_hierarchy

    store = oxigraph_store(ds)
    inferable = Needs(frozenset({RDF_TYPE}), frozenset(),
                      frozenset({("http://www.w3.org/ns/prov#wasInfluencedBy", "http://e/x")}))
    reasoner = _StoreReasoner(store, _store_hierarchy(store), inferable)
    assert any("VALUES (?c ?d)" in step for step in reasoner.steps)
    every = _StoreReasoner(store, _store_hierarchy(store), Needs(frozenset({RDF_TYPE}), None))
    assert [s for s in reasoner.steps if "?c ?d" in s] == [s for s in every.steps if "?c ?d" in s]


def test_a_path_of_length_zero_keeps_every_rule():
    """``?a p* ?b`` matches every node with itself; only rules make new nodes (the
    adoption rule mints sessions), so every rule runs for such a query."""
    text = ("PREFIX ex: <http://e/> SELECT ?a ?b WHERE { ?a ex:p* ?b }")
    assert scan(text).zero_length and not scan(text.replace("*", "+")).zero_length
    needs = Needs.of_query(text)
    assert needs.all_rules
    full, limited = load(bare=True), load(bare=True)
    reason(full)
    result = reason(limited, needs=needs)
    assert set(result.by_rule) == {p.stem for p in resources.rule_files()}
    prepared_text = text
    import pyoxigraph as ox
    from ctoc_kg.dataset import oxigraph_store

    def nodes(ds):  # blank nodes get other labels in another load: counted only
        rows = [tuple(r) for r in oxigraph_store(ds).query(prepared_text, use_default_graph_as_union=True)]
        return len(rows), {r for r in rows if not any(isinstance(t, ox.BlankNode) for t in r)}

    assert nodes(full) == nodes(limited)
    # without the rules, the minted sessions would be missing
    assert Needs.of_query(text.replace("*", "+")).all_rules is False


# ------------------------------------- a variable predicate held by another pattern

@pytest.mark.parametrize("where, patterns, values", [
    ("?e ex:lists ?v ; ?v ?t", {"http://e/lists"}, set()),  # unconfirmed-english's form
    ("?x ?v ?t . ?e ex:lists ?v", {"http://e/lists"}, set()),  # either order
    ("?x ?v ?t . VALUES ?v { ex:a ex:b }", set(), {"http://e/a", "http://e/b"}),
    ("?x ?v ?t . VALUES ?v { ex:a UNDEF }", None, set()),
    ("?x ?v ?t . OPTIONAL { ?e ex:lists ?v }", None, set()),  # not a join
    ("?e ex:lists ?v OPTIONAL { ?x ?v ?t }", None, set()),  # the free verb in another group
    ("{ ?x ?v ?t } UNION { ?e ex:lists ?v }", None, set()),
    ("?x ?v ?t . ?v ex:lists ?e", None, set()),  # ?v not the object
    ("?e ex:lists ?v ; ?v ?t . ?s !ex:q ?o", None, set()),  # a negated set: any predicate
    ("?e ex:lists ?v ; ?v ?t . ?t ?w ?z", None, set()),  # ?w is free
])
def test_a_verb_variable_held_by_a_join_limits_the_predicates(where, patterns, values):
    found = scan(f"PREFIX ex: <http://e/> SELECT ?x WHERE {{ {where} }}")
    assert found.complete and found.any_predicate
    assert found.verb_patterns == patterns
    if patterns is not None:
        assert found.verb_values == values
    needs = Needs.of_query(f"PREFIX ex: <http://e/> SELECT ?x WHERE {{ {where} }}")
    assert (needs is None) == (patterns is None)


def test_unconfirmed_english_reasons_only_what_it_sees(shipped_full):
    needs = Q.prepare("unconfirmed-english").needs()
    assert needs is not None and needs.predicate_patterns == {
        "https://w3id.org/ctoc-kg/ontology#unconfirmedEnglish"}
    limited = load(bare=True)
    assert reason(limited, needs=needs).inferred < reason(load(bare=True)).inferred
    prepared = Q.prepare("unconfirmed-english")
    assert _rows(Q.execute(prepared, limited), True) == _rows(Q.execute(prepared, shipped_full), True)


_HELD = """PREFIX ex: <http://e/> PREFIX ctoc: <https://w3id.org/ctoc-kg/ontology#>
SELECT ?x ?v ?t WHERE { ?e ex:lists ?v . ?x ?v ?t }"""


def _held_rows(tmp_path, extra: str, ontology: str = ""):
    """Rows of ``_HELD`` on the shipped ontology (+ ``ontology``) and a small file, fully
    and limitedly reasoned."""
    onto = tmp_path / "more-ontology.ttl"
    onto.write_text("@prefix ex: <http://e/> .\n" + ontology, encoding="utf-8")
    data = tmp_path / "held.ttl"
    data.write_text(
        "@prefix ex: <http://e/> . @prefix ctoc: <https://w3id.org/ctoc-kg/ontology#> .\n"
        "@prefix org: <http://www.w3.org/ns/org#> . @prefix prov: <http://www.w3.org/ns/prov#> .\n"
        # listed: super-properties of ctoc:bodyOf and ctoc:follows, and org:hasUnit (the
        # inverse of org:unitOf): most triples the query sees are inferred ones
        "ex:list ex:lists org:subOrganizationOf , org:hasUnit , prov:wasInformedBy , ctoc:hasPart .\n"
        "ex:b ctoc:bodyOf ex:c . ex:e2 ctoc:follows ex:e1 . ex:p ctoc:partOf ex:n .\n"
        "ex:c org:subOrganizationOf ex:d .\n" + extra, encoding="utf-8")
    prepared = Q.prepare("held.rq", text=_HELD)
    needs = prepared.needs()
    ontologies = [*resources.ontology_files(), onto]
    full, limited = (load([data], bare=True, ontology=ontologies) for _ in range(2))
    reason(full)
    reason(limited, needs=needs)
    return needs, _rows(Q.execute(prepared, full), False), _rows(Q.execute(prepared, limited), False)


def test_a_held_verb_sees_the_inferred_triples_of_its_predicates(tmp_path):
    needs, want, got = _held_rows(tmp_path, "")
    assert needs is not None and needs.predicate_patterns == {"http://e/lists"}
    assert got == want and len(want) == 5  # 4 inferred (super-properties, inverses), 1 asserted


def test_a_held_verb_whose_pattern_can_be_inferred_reasons_fully(tmp_path):
    # ex:lists triples inferred from a sub-property's: the listed predicates are not all
    # asserted ones, so every predicate is reasoned; the same rows
    _, want, got = _held_rows(tmp_path, "ex:list2 ex:listed ctoc:partOf .\n",
                              "ex:listed <http://www.w3.org/2000/01/rdf-schema#subPropertyOf> ex:lists .\n")
    assert got == want and len(want) == 6  # and ex:p ctoc:partOf ex:n
    # a pattern some step can infer: every predicate (no limit)
    from ctoc_kg.dataset import oxigraph_store
    from ctoc_kg.reason import _StoreReasoner, _store_hierarchy

    ds = load(bare=True)
    store = oxigraph_store(ds)
    held = Needs(frozenset({"http://www.w3.org/ns/prov#wasInfluencedBy"}), frozenset(),
                 predicate_patterns=frozenset({"http://www.w3.org/ns/prov#wasInfluencedBy"}))
    every = _StoreReasoner(store, _store_hierarchy(store))
    assert _StoreReasoner(store, _store_hierarchy(store), held).steps == every.steps


# ------------------------------------------- a variable predicate with a constant object

@pytest.mark.parametrize("where, objects, object_vars", [
    ("?x ?v ex:o", {"http://e/o"}, set()),
    ("?x ?v ex:o , ex:b", {"http://e/o", "http://e/b"}, set()),
    ("?x ?v ?entity ; ex:p ?y", set(), {"entity"}),  # provenance's form (?entity bound)
    ("?x ?v ?y", None, set()),  # a free object
    ("?x ?v ex:o , ?y", None, set()),
    ("?x ?v [ ex:p ex:o ]", None, set()),
    ("?x ?v \"text\"", None, set()),
])
def test_a_verb_variable_with_constant_objects_limits_the_triples(where, objects, object_vars):
    found = scan(f"PREFIX ex: <http://e/> SELECT ?x ?entity WHERE {{ {where} }}", {"entity"})
    assert found.complete and found.any_predicate
    if objects is None:
        assert found.verb_patterns is None
    else:
        assert found.verb_patterns == set()
        assert (found.verb_objects, found.verb_object_vars) == (objects, object_vars)


def test_provenance_reasons_only_what_it_sees(shipped_full):
    prepared = Q.prepare("provenance")
    needs = prepared.needs()
    assert needs is not None and needs.objects == {"https://w3id.org/ctoc-kg/id/resolution/7-1"}
    assert needs.all_rules  # a rule may make a triple with that object
    limited = load(bare=True)
    assert reason(limited, needs=needs).inferred < reason(load(bare=True)).inferred
    assert _rows(Q.execute(prepared, limited), True) == _rows(Q.execute(prepared, shipped_full), True)
    # a literal bound where the object is: any entailment (no limit)
    text = "SELECT ?x ?value WHERE { ?x ?p ?value }"
    assert Needs.of_query(text, {"value": Q.to_term(Q.Param("value", "string", "x", ""), "x")}) is None


_OBJECT = """PREFIX ex: <http://e/>
SELECT ?x ?p WHERE { ?x ?p ex:o }"""


def test_triples_with_a_constant_object_are_the_full_reasonings(tmp_path):
    """Every kind of step that can end at the object: a super-property (ctoc:bodyOf ->
    org:subOrganizationOf, org:unitOf), an inverse (ctoc:partOf -> ctoc:hasPart from
    ex:o's own triple), a type whose class is the object (a sub-class of it), a
    transitive property, a symmetric one, and a rule's output (ctoc:follows)."""
    onto = tmp_path / "more-ontology.ttl"
    onto.write_text(
        "@prefix ex: <http://e/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "ex:C rdfs:subClassOf ex:o . ex:near a owl:TransitiveProperty . ex:next a owl:SymmetricProperty .\n"
        "ex:nearer rdfs:subPropertyOf ex:near .\n", encoding="utf-8")
    data = tmp_path / "object.ttl"
    data.write_text(
        "@prefix ex: <http://e/> . @prefix ctoc: <https://w3id.org/ctoc-kg/ontology#> .\n"
        "ex:b ctoc:bodyOf ex:o . ex:o ctoc:partOf ex:n . ex:i a ex:C .\n"
        "ex:a ex:near ex:m . ex:m ex:nearer ex:o . ex:o ex:next ex:z . ex:w ex:other ex:o .\n"
        "ex:q ex:nearer ex:a .\n", encoding="utf-8")
    ontologies = [*resources.ontology_files(), onto]
    prepared = Q.prepare("object.rq", text=_OBJECT)
    needs = prepared.needs()
    assert needs is not None and needs.objects == {"http://e/o"}
    full, limited = (load([data], bare=True, ontology=ontologies) for _ in range(2))
    whole = reason(full).inferred
    assert reason(limited, needs=needs).inferred < whole
    want, got = _rows(Q.execute(prepared, full), False), _rows(Q.execute(prepared, limited), False)
    assert got == want
    seen = {dict(row)["x"][1] + " " + dict(row)["p"][1].rsplit("/", 1)[-1] for row in want}
    assert {"http://e/b org#subOrganizationOf", "http://e/n ontology#hasPart",
            "http://e/i 22-rdf-syntax-ns#type", "http://e/a near", "http://e/q near",
            "http://e/z next", "http://e/w other"} <= seen, seen
