from pathlib import Path

import pytest
from rdflib import RDF, URIRef

from conftest import FIXTURE_DATA, FIXTURE_ONTOLOGY
from ctoc_kg.dataset import (ONTOLOGY_GRAPH, graph_iri, load, load_file, named_graphs,
                             new_dataset, union_graph)
from ctoc_kg.errors import EXIT_ERROR, CtocError, InputError

FX = "http://example.org/fixture#"
ID = "http://example.org/id/"


def test_each_file_gets_its_own_named_graph():
    ds = load([FIXTURE_ONTOLOGY, FIXTURE_DATA], include_ontology=False)
    assert named_graphs(ds) == [graph_iri("data"), graph_iri("ontology")]
    assert str(graph_iri("data")) == "https://w3id.org/ctoc-kg/graph/data"
    data = ds.graph(graph_iri("data"))
    assert (URIRef(ID + "cop"), RDF.type, URIRef(FX + "Conference")) in data
    assert (URIRef(ID + "cop"), RDF.type, URIRef(FX + "Conference")) not in ds.graph(ONTOLOGY_GRAPH)


def test_sparql_on_the_union_graph_sees_all_named_graphs():
    ds = load([FIXTURE_ONTOLOGY, FIXTURE_DATA], include_ontology=False)
    u = union_graph(ds)
    # the join needs a triple from graph/data and one from graph/ontology
    rows = list(u.query("""
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?x ?super WHERE { ?x a ?c . ?c rdfs:subClassOf ?super }"""))
    assert (URIRef(ID + "cop"), URIRef(FX + "Body")) in {tuple(r) for r in rows}
    n = len(ds.graph(graph_iri("data"))) + len(ds.graph(ONTOLOGY_GRAPH))
    assert len(list(u.triples((None, None, None)))) == n
    assert len(u) == n


def test_turtle_syntax_error_has_file_line_and_column(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix : <http://x/> .\n:a :p :b .\n:c :d .\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        load([bad], include_ontology=False)
    assert (e.value.line, e.value.column) == (3, 7)
    assert str(e.value).startswith(f"{bad}:3:7: ")
    assert e.value.exit_code == EXIT_ERROR
    assert isinstance(e.value, CtocError)


def test_bad_file_leaves_dataset_unchanged(tmp_path):
    bad = tmp_path / "bad.nt"
    bad.write_text("<http://a> <http://b> <http://c> .\n<http://a> <http://b> .\n", encoding="utf-8")
    ds = new_dataset()
    with pytest.raises(InputError) as e:
        load_file(ds, bad, graph_iri("bad"))
    assert e.value.line == 2
    assert len(ds) == 0


@pytest.mark.parametrize("name,cause", [("missing.ttl", "no such file"),
                                        ("folder.ttl", "is a directory"),
                                        ("data.csv", "unknown RDF format")])
def test_unusable_paths_are_input_errors(tmp_path, name, cause):
    (tmp_path / "folder.ttl").mkdir()
    (tmp_path / "data.csv").write_text("a,b\n")
    with pytest.raises(InputError) as e:
        load([tmp_path / name], include_ontology=False)
    assert cause in str(e.value)
    assert str(e.value).startswith(str(tmp_path / name))


def test_quad_formats_keep_their_graphs_and_other_formats_load(tmp_path):
    (tmp_path / "q.trig").write_text(
        "@prefix : <http://x/> . :a :p :b . GRAPH :g { :b :p :c }", encoding="utf-8")
    (tmp_path / "j.jsonld").write_text(
        '{"@id": "http://x/j", "http://x/p": {"@id": "http://x/k"}}', encoding="utf-8")
    (tmp_path / "r.rdf").write_text(
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:x="http://x/">'
        '<rdf:Description rdf:about="http://x/r"><x:p rdf:resource="http://x/s"/></rdf:Description>'
        '</rdf:RDF>', encoding="utf-8")
    ds = load([tmp_path / "q.trig", tmp_path / "j.jsonld", tmp_path / "r.rdf"], include_ontology=False)
    assert named_graphs(ds) == sorted([URIRef("http://x/g"), graph_iri("q"), graph_iri("j"), graph_iri("r")])
    assert len(ds.graph(graph_iri("q"))) == 1
    assert len(ds.graph(URIRef("http://x/g"))) == 1
    assert (URIRef("http://x/j"), URIRef("http://x/p"), URIRef("http://x/k")) in ds.graph(graph_iri("j"))
    assert (URIRef("http://x/r"), URIRef("http://x/p"), URIRef("http://x/s")) in ds.graph(graph_iri("r"))
