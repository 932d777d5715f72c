
import owlrl
import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef

from conftest import FIXTURE_RULES
from ctoc_kg.dataset import INFERRED_GRAPH, ONTOLOGY_GRAPH, graph_iri, new_dataset
from ctoc_kg.errors import CtocError
from ctoc_kg.reason import hierarchy, reason

FX = "http://example.org/fixture#"
ID = "http://example.org/id/"
ORG = "http://www.w3.org/ns/org#"


def t(s, p, o):
    def term(x):
        if isinstance(x, URIRef):
            return x
        pfx, local = x.split(":", 1)
        return URIRef({"fx": FX, "id": ID, "org": ORG, "prov": "http://www.w3.org/ns/prov#",
                       "schema": "https://schema.org/"}[pfx] + local)
    return (term(s), RDF.type if p == "a" else term(p), term(o))


def snapshot(ds):
    return {g.identifier: set(g) for g in ds.graphs() if g.identifier != INFERRED_GRAPH}


def test_targeted_infers_hierarchy_inverse_transitive_symmetric_and_rules(fixture_dataset):
    ds = fixture_dataset
    before = snapshot(ds)
    result = reason(ds, rules=FIXTURE_RULES)
    inferred = set(ds.graph(INFERRED_GRAPH))
    assert snapshot(ds) == before  # input graphs untouched
    expected = {
        t("id:cop", "a", "org:Organization"),  # up to an external superclass
        t("id:session-1", "a", "fx:Sitting"),  # equivalentClass
        t("id:session-1", "a", "schema:Event"),
        t("id:untyped", "fx:subBodyOf", "id:cop"),  # transitive over two steps
        t("id:untyped", "org:subOrganizationOf", "id:cop"),  # sub-property of transitive
        t("id:cop", "fx:hasSubBody", "id:wg-firearms"),  # inverse
        t("id:session-2", "fx:jointWith", "id:session-1"),  # symmetric
        t("id:session-2", "fx:convenedBy", "id:wg-firearms"),  # equivalentProperty
        t("id:session-2", "prov:wasAssociatedWith", "id:cop"),
        # rule over an inferred triple, then pushed up the property hierarchy
        t("id:session-2", "fx:convenedBy", "id:cop"),
    }
    assert expected <= inferred, expected - inferred
    # no domain/range typing: untyped stays untyped
    assert not any(s == URIRef(ID + "untyped") and p == RDF.type for s, p, _ in inferred)
    # nothing asserted is repeated in graph/inferred
    asserted = set().union(*before.values())
    assert not inferred & asserted
    assert result.inferred == len(inferred)
    assert result.by_rule == {"construct-parent-meeting": 1}
    assert result.rounds == 2


def test_reasoning_twice_replaces_inferred_graph(fixture_dataset):
    first = reason(fixture_dataset, rules=FIXTURE_RULES).inferred
    second = reason(fixture_dataset, rules=FIXTURE_RULES).inferred
    assert first == second == len(fixture_dataset.graph(INFERRED_GRAPH))


def _owlrl_closure_without_domain_range(ds) -> set:
    """OWL-RL closure of the fixture, minus the rdfs:domain/range axioms (which
    the targeted profile deliberately does not apply)."""
    g = Graph()
    for named in ds.graphs():
        if named.identifier != INFERRED_GRAPH:
            for triple in named:
                if triple[1] not in (RDFS.domain, RDFS.range):
                    g.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    return set(g)


def test_targeted_is_sound_and_complete_against_owlrl(fixture_dataset):
    ds = fixture_dataset
    closure = _owlrl_closure_without_domain_range(ds)
    reason(ds, rules=[])
    inferred = set(ds.graph(INFERRED_GRAPH))
    assert inferred, "the fixture must make the targeted profile infer something"
    # sound: everything targeted infers is entailed
    assert inferred <= closure, inferred - closure
    # complete for the fixture ontology's classes and properties
    onto = ds.graph(ONTOLOGY_GRAPH)
    h = hierarchy(onto)
    classes = set(h.superclasses) | {c for cs in h.superclasses.values() for c in cs}
    properties = h.properties | {q for qs in h.superproperties.values() for q in qs}
    terms = set(onto.subjects()) | set(onto.objects())
    asserted = set().union(*snapshot(ds).values())
    needed = {
        (s, p, o) for s, p, o in closure
        if s not in terms  # instance data, not the ontology's own axioms
        and ((p == RDF.type and o in classes) or p in properties)
    }
    missing = needed - asserted - inferred
    assert not missing, missing
    assert len(needed - asserted) == len(inferred)


def test_rdfs_profile_stores_only_new_triples(fixture_dataset):
    ds = fixture_dataset
    before = snapshot(ds)
    result = reason(ds, "rdfs", rules=[])
    inferred = set(ds.graph(INFERRED_GRAPH))
    assert snapshot(ds) == before
    assert t("id:cop", "a", "org:Organization") in inferred
    # RDFS applies rdfs:range (this is why it is not the default)
    assert t("id:cop", "a", "fx:Body") in inferred
    assert not inferred & set().union(*before.values())
    assert result.inferred == len(inferred) > 0


def test_unknown_profile_is_an_error(fixture_dataset):
    with pytest.raises(CtocError, match="unknown reasoning profile"):
        reason(fixture_dataset, "magic")


def test_bad_rule_is_an_error(fixture_dataset, tmp_path):
    rule = tmp_path / "construct-broken.rq"
    rule.write_text("CONSTRUCT { ?s ?p } WHERE { ?s ?p ?o }")
    with pytest.raises(CtocError, match="construct-broken"):
        reason(fixture_dataset, rules=[rule])


def test_targeted_closes_long_chains_on_a_few_thousand_triples():
    """Correctness at a larger size (speed is measured in benchmarks/reason_bench.py)."""
    ds = new_dataset()
    from conftest import FIXTURE_ONTOLOGY
    from ctoc_kg.dataset import load_file
    load_file(ds, FIXTURE_ONTOLOGY, ONTOLOGY_GRAPH)
    data = ds.graph(graph_iri("synthetic"))
    body, sub, meeting = URIRef(FX + "WorkingGroup"), URIRef(FX + "subBodyOf"), URIRef(FX + "Session")
    for tree in range(150):  # 150 chains of 5 bodies, 450 meetings: 2,700 triples
        names = [URIRef(f"{ID}b{tree}-{i}") for i in range(5)]
        for i, b in enumerate(names):
            data.add((b, RDF.type, body))
            if i:
                data.add((b, sub, names[i - 1]))
        for m in range(3):
            mt = URIRef(f"{ID}m{tree}-{m}")
            data.add((mt, RDF.type, meeting))
            data.add((mt, URIRef(FX + "convenedBy"), names[-1]))
            data.add((mt, URIRef(FX + "jointWith"), URIRef(f"{ID}m{tree}-{(m + 1) % 3}")))
    assert 2000 < len(data) < 5000
    result = reason(ds, rules=[])
    assert result.inferred > len(data)
    for tree in (0, 77, 149):
        leaf = URIRef(f"{ID}b{tree}-4")
        assert (leaf, sub, URIRef(f"{ID}b{tree}-0")) in ds, "transitive closure missing along a chain"
        assert (leaf, sub, URIRef(f"{ID}b{(tree + 1) % 150}-0")) not in ds, "closure leaked across chains"


def _inferred(ds) -> set:
    return set(ds.graph(INFERRED_GRAPH))


def _same_as_reference(make, rules=None):
    """The store-side reasoning infers exactly what the first release's Python closure
    did (tests/reason_reference.py), apart from triples another graph already holds."""
    from reason_reference import reference_inferred

    ours_ds, theirs_ds = make(), make()
    result = reason(ours_ds, rules=rules)
    ours = _inferred(ours_ds)
    theirs = reference_inferred(theirs_ds, rules)
    assert ours == theirs, (f"only store-side: {sorted(ours - theirs)[:5]}\n"
                            f"only reference: {sorted(theirs - ours)[:5]}")
    assert result.inferred == len(ours)
    return ours


def test_store_side_equals_reference_on_the_fixture():
    from conftest import FIXTURE_DATA, FIXTURE_ONTOLOGY
    from ctoc_kg.dataset import load_file

    def make():
        ds = new_dataset()
        load_file(ds, FIXTURE_ONTOLOGY, ONTOLOGY_GRAPH)
        load_file(ds, FIXTURE_DATA, graph_iri("data"))
        return ds

    assert _same_as_reference(make, FIXTURE_RULES)


def test_store_side_equals_reference_on_the_shipped_graph():
    from ctoc_kg.dataset import load

    inferred = _same_as_reference(load)
    # the adoption-session rule's output went up the property hierarchy too
    adopted = [t for t in inferred if str(t[1]).endswith("#adoptedAt")]
    assert adopted and any(str(t[1]) == "http://www.w3.org/ns/prov#wasGeneratedBy" for t in inferred)


@pytest.mark.slow
def test_store_side_equals_reference_on_a_generated_corpus_with_errors(tmp_path):
    from ctoc_kg.dataset import load
    from ctoc_kg.generate import ERROR_KINDS, generate

    path = tmp_path / "corpus.nt"
    generate(path, 6000, seed=5, errors=dict.fromkeys(ERROR_KINDS, 1))
    assert len(_same_as_reference(lambda: load([path]))) > 3000


def test_triples_of_the_default_graph_take_part_and_stay_where_they_are(fixture_dataset):
    """A Dataset whose triples sit in its default graph (rdflib's ds.add) is reasoned
    over as well, and its default graph is left as it was."""
    from ctoc_kg.dataset import oxigraph_store
    import pyoxigraph as ox

    ds = fixture_dataset
    ds.add(t("id:extra", "a", "fx:WorkingGroup"))
    store = oxigraph_store(ds)
    default_before = set(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    assert default_before
    reason(ds, rules=[])
    assert t("id:extra", "a", "org:Organization") in ds.graph(INFERRED_GRAPH)
    assert set(store.quads_for_pattern(None, None, None, ox.DefaultGraph())) == default_before
    assert not any("urn:ctoc-kg" in g.value for g in store.named_graphs())


def _lifecycle_both_ways(ds):
    """The shipped lifecycle-order rule computed natively and as its SPARQL text."""
    from ctoc_kg import resources
    from ctoc_kg.dataset import oxigraph_store
    from ctoc_kg.reason import _StoreReasoner, _evaluate_rule, _native, _store_hierarchy

    reason(ds, rules=[])  # the rule reads inferred triples too
    store = oxigraph_store(ds)
    path = next(p for p in resources.rule_files() if p.stem == "construct-lifecycle-order")
    text = path.read_text(encoding="utf-8")
    assert _native(path.stem, text) is not None
    assert _native(path.stem, text + "\n# edited") is None  # an edited rule runs as SPARQL
    reasoner = _StoreReasoner(store, _store_hierarchy(store))
    native = set(_evaluate_rule(reasoner, path.stem, text))
    sparql = set(_evaluate_rule(reasoner, path.stem, text, native=False))
    assert native == sparql
    return native


def test_native_lifecycle_order_equals_its_sparql_on_the_shipped_graph():
    from ctoc_kg.dataset import load

    assert _lifecycle_both_ways(load())


@pytest.mark.slow
def test_native_lifecycle_order_equals_its_sparql_on_a_generated_corpus(tmp_path):
    from ctoc_kg.dataset import load
    from ctoc_kg.generate import ERROR_KINDS, generate

    path = tmp_path / "corpus.nt"
    generate(path, 20000, seed=7, errors=dict.fromkeys(ERROR_KINDS, 2))
    assert len(_lifecycle_both_ways(load([path]))) > 20


def test_native_lifecycle_order_ties_and_odd_numbers():
    """Equal keys are ordered by IRI; numbers that are not N/M are left out."""
    from ctoc_kg.dataset import load_file
    import pyoxigraph as ox

    ds = new_dataset()
    c = "https://w3id.org/ctoc-kg/ontology#"
    lines = []
    for event, number in [("e1", "4/4"), ("e2", "04/4"), ("e0", "4/4"), ("e3", "10/2"), ("e4", "x/1"),
                          ("e5", "9/99999"), ("e6", "3/1 "), ("e7", "1/1")]:
        lines.append(f"<http://e/{event}> <{c}establishes> <http://e/body> .")
        lines.append(f"<http://e/{event}> <{c}inInstrument> <http://e/i-{event}> .")
        lines.append(f'<http://e/i-{event}> <{c}instrumentNumber> "{number}" .')
    lines.append(f"<http://e/e3> <{c}inInstrument> <http://e/i-e1> .")  # two numbers
    data = "\n".join(lines) + "\n"
    import tempfile, pathlib

    with tempfile.TemporaryDirectory() as d:
        p = pathlib.Path(d) / "x.nt"
        p.write_text(data)
        load_file(ds, p, graph_iri("x"))
    got = _lifecycle_both_ways(ds)
    pairs = {(t.subject.value[9:], t.object.value[9:]) for t in got}
    assert ("e0", "e7") in pairs and ("e1", "e0") in pairs and ("e2", "e1") in pairs
    assert not any("e4" in pair or "e6" in pair for pair in pairs)
    assert isinstance(next(iter(got)), ox.Triple)
