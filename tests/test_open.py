"""The one way in (``ctoc_kg.open.open_dataset``): files, a Dataset or a Graph, then
optional reasoning; a Dataset or Graph passed in is never changed."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from conftest import FIXTURE_DATA, FIXTURE_ONTOLOGY, FIXTURE_RULES

from ctoc_kg import dataset
from ctoc_kg.dataset import INFERRED_GRAPH, ONTOLOGY_GRAPH, graph_iri
from ctoc_kg.errors import CtocError
from ctoc_kg.open import open_dataset


def graphs(ds) -> dict[str, int]:
    return {str(g): len(ds.graph(g)) for g in dataset.named_graphs(ds)}


def test_files_with_their_own_ontology_and_no_reasoning():
    ds = open_dataset([FIXTURE_DATA], ontology=[FIXTURE_ONTOLOGY], reasoning=None)
    fixture_ontology = dataset.load([FIXTURE_ONTOLOGY], include_ontology=False)
    assert graphs(ds) == {str(ONTOLOGY_GRAPH): len(fixture_ontology),
                          str(graph_iri("data")): 12}


def test_reasoning_fills_graph_inferred_with_the_given_rules():
    ds = open_dataset([FIXTURE_DATA], ontology=[FIXTURE_ONTOLOGY], rules=FIXTURE_RULES)
    assert len(ds.graph(INFERRED_GRAPH)) > 0
    without = open_dataset([FIXTURE_DATA], ontology=[FIXTURE_ONTOLOGY], rules=[])
    assert len(ds.graph(INFERRED_GRAPH)) > len(without.graph(INFERRED_GRAPH)) > 0


def test_a_dataset_is_copied_and_left_unchanged(fixture_dataset):
    before = graphs(fixture_dataset)
    ds = open_dataset(fixture_dataset, rules=FIXTURE_RULES)
    assert graphs(fixture_dataset) == before
    assert str(INFERRED_GRAPH) in graphs(ds)
    assert {g: n for g, n in graphs(ds).items() if g != str(INFERRED_GRAPH)} == before


def test_a_graph_goes_to_graph_data():
    g = Graph()
    g.add((URIRef("http://x/a"), URIRef("http://x/b"), Literal("c")))
    ds = open_dataset(g, include_ontology=False, reasoning=None)
    assert graphs(ds) == {str(graph_iri("data")): 1}
    assert len(g) == 1


def test_unknown_profile_is_an_error():
    with pytest.raises(CtocError, match="unknown reasoning profile"):
        open_dataset([FIXTURE_DATA], include_ontology=False, reasoning="magic")


def test_the_store_accessor_refuses_a_dataset_on_another_store():
    from rdflib import Dataset

    with pytest.raises(CtocError, match="not backed by Oxigraph"):
        dataset.oxigraph_store(Dataset())
