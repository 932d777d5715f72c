"""The JSON-LD export and its context: what a web developer sees, and that PyLD (an
independent JSON-LD processor) and rdflib read back exactly the exported quads."""

from __future__ import annotations

import json

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from conftest import REPO

from ctoc_kg import export as ex
from ctoc_kg import jsonld
from ctoc_kg.dataset import ONTOLOGY_GRAPH, load, load_file, graph_iri, new_dataset

pyld = pytest.importorskip("pyld")  # a test dependency ([test] extra)


@pytest.fixture(scope="module")
def shipped(shipped_reasoned):
    return shipped_reasoned


@pytest.fixture(scope="module")
def exported(shipped):
    return json.loads(ex.export(shipped, "jsonld", inferred=True))


def _no_fetch(url, options=None):
    raise AssertionError(f"PyLD was asked to fetch {url}")


def pyld_quads(doc: dict) -> Dataset:
    """``doc`` expanded and turned into quads by PyLD, never fetching anything."""
    from pyld import jsonld as pj

    nquads = pj.to_rdf(doc, {"format": "application/n-quads", "documentLoader": _no_fetch})
    ds = Dataset()
    ds.parse(data=nquads, format="nquads")
    return ds


def by_graph(ds: Dataset) -> dict[str, Graph]:
    out = {}
    for g in ds.graphs():
        if len(g) and isinstance(g.identifier, URIRef) and not str(g.identifier).startswith("urn:x-rdflib"):
            copy = Graph()
            for t in g:
                copy.add(t)
            out[str(g.identifier)] = copy
    return out


def assert_same_quads(got: Dataset, expected: Dataset) -> None:
    a, b = by_graph(got), by_graph(expected)
    assert sorted(a) == sorted(b)
    for name in b:
        assert len(a[name]) == len(b[name]), name
        assert isomorphic(a[name], b[name]), name


@pytest.mark.slow
def test_export_round_trips_through_pyld_and_rdflib(shipped, exported):
    expected = Dataset()
    expected.parse(data=ex.export(shipped, "nq", inferred=True), format="nquads")
    assert_same_quads(pyld_quads(exported), expected)
    assert sum(len(g) for g in by_graph(expected).values()) > 2000
    # rdflib's own JSON-LD parser reads the same quads
    by_rdflib = Dataset()
    by_rdflib.parse(data=json.dumps(exported), format="json-ld")
    assert_same_quads(by_rdflib, expected)


def nodes(doc: dict, graph_suffix: str) -> dict[str, dict]:
    graph = next(g for g in doc["@graph"] if g["id"].endswith(graph_suffix))
    return {n["id"]: n for n in graph["@graph"]}


def test_what_a_web_developer_sees(exported):
    note = nodes(exported, "/graph/note-2020-07-01-subsidiary-bodies")
    meeting = note["body/working-group-firearms/meeting/7"]
    assert meeting["type"] == "Meeting"
    assert meeting["ordinal"] == 7                      # a JSON number
    assert meeting["startDate"] == "2020-07-16"         # typed by the context
    assert meeting["meetingStatus"] == "Planned"        # a code-list value: its short name
    assert meeting["meetingOf"] == "body/working-group-firearms"   # an entity: its short name
    assert meeting["label"]["fr"].startswith("septième réunion")   # a language map
    note_doc = note["doc/note-2020-07-01-subsidiary-bodies"]
    assert set(note_doc["title"]) == {"en", "fr"}
    assert note_doc["distribution"] == "GeneralDistribution"
    assert note_doc["documentDate"] == "2020-07-01"      # the work's date, typed by the context
    assert note_doc["unconfirmedEnglish"] == ["label", "title"]  # terms, as short names
    version = note["doc/note-2020-07-01-subsidiary-bodies/fr"]
    assert version["type"] == "LanguageVersion"
    assert version["versionOf"] == "doc/note-2020-07-01-subsidiary-bodies"
    assert version["distributionDate"] == "2020-07-01" and set(version["title"]) == {"fr"}
    # per-statement provenance: rdf:Statement nodes with plain keys
    provenance = nodes(exported, "/graph/note-2020-07-01-subsidiary-bodies.provenance")
    start = [n for n in provenance.values() if n.get("rdfSubject") == "body/working-group-firearms/meeting/7"
             and n["predicate"] == "startDate"]
    assert len(start) == 1 and start[0]["type"] == "Statement"
    assert start[0]["object"] == {"@value": "2020-07-16", "@type": "xsd:date"}
    assert "doc/note-2020-07-01-subsidiary-bodies/para/12" in start[0]["statedIn"]
    assert start[0]["id"].startswith("https://w3id.org/ctoc-kg/statement/")
    inferred = nodes(exported, "/graph/inferred")["body/working-group-firearms/meeting/7"]
    assert inferred["wasAssociatedWith"] == "body/working-group-firearms"
    assert inferred["schemaStartDate"] == "2020-07-16"
    # plain keys everywhere, the inferred graph and the ontology included
    for graph in exported["@graph"]:
        for node in graph["@graph"]:
            odd = [k for k in node if ":" in k or (k.startswith("@"))]
            assert not odd, (graph["id"], node["id"], odd)


def test_context_aliases_and_no_prefix_clash():
    ctx = jsonld.load_context()
    assert ctx["id"] == "@id" and ctx["type"] == "@type"
    assert ctx["@base"] == "https://w3id.org/ctoc-kg/id/"
    assert not [k for k, v in ctx.items() if v == "https://w3id.org/ctoc-kg/id/" and k != "@base"]
    assert "@container" not in ctx["ordinal"] and "@type" not in ctx["ordinal"]  # numbers
    assert ctx["label"]["@container"] == "@language"
    assert ctx["title"]["@container"] == "@language"
    assert ctx["meetingStatus"]["@type"] == "@vocab"


def test_shipped_context_is_generated_from_the_ontology():
    expected = jsonld.context_document(load().graph(ONTOLOGY_GRAPH))
    shipped = (REPO / "contexts" / "ctoc.jsonld").read_bytes()
    assert shipped == expected, (
        "contexts/ctoc.jsonld is stale; regenerate it with: python -c \"from ctoc_kg.dataset "
        "import load, ONTOLOGY_GRAPH; from ctoc_kg.jsonld import context_document; "
        "open('contexts/ctoc.jsonld','wb').write(context_document(load().graph(ONTOLOGY_GRAPH)))\"")


ODD = """
@prefix ctoc: <https://w3id.org/ctoc-kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
<https://w3id.org/ctoc-kg/id/body/x/meeting/1> a ctoc:Meeting ;
    ctoc:ordinal "011"^^xsd:integer , "7"^^xsd:nonNegativeInteger , "eleven" , 3 ;
    ctoc:startDate "2020-02-30" , "2020-07-16"^^xsd:date , "2020-07"^^xsd:gYearMonth ;
    ctoc:meetingStatus ctoc:Held , ex:Other , "Held" ;
    ctoc:meetingOf <https://w3id.org/ctoc-kg/id/odd:colon> , <https://w3id.org/ctoc-kg/id/a/../b> ,
        <https://w3id.org/ctoc-kg/id/> , <http://example.org/elsewhere> , _:b ;
    rdfs:label "no language" , "english"@en , "anglais"@fr-CA , 42 ;
    ctoc:title "plain title" , ex:notALiteral ;
    ctoc:symbol "X/1"@en ;
    ex:flag true , "TRUE"^^xsd:boolean ;
    ex:ordinal 5 ;
    <https://w3id.org/ctoc-kg/ontology#undeclared> "u" ;
    <https://w3id.org/ctoc-kg/ontology#label> "a ctoc term named like rdfs:label" .
_:b ctoc:ordinal 1 .
"""


def test_odd_values_round_trip_through_pyld(tmp_path):
    # values that do not fit their key's definition are kept in expanded form
    src = tmp_path / "odd.ttl"
    src.write_text(ODD, encoding="utf-8")
    ds = load([src])
    doc = json.loads(ex.export(ds, "jsonld"))
    expected = Dataset()
    expected.parse(data=ex.export(ds, "nq"), format="nquads")
    assert_same_quads(pyld_quads(doc), expected)
    node = nodes(doc, "/graph/odd")["body/x/meeting/1"]
    assert 3 in node["ordinal"]
    assert node["startDate"] == "2020-07-16"
    # values that do not fit a key's definition go under the prefixed key, expanded
    assert {"@value": "2020-07", "@type": "xsd:gYearMonth"} in node["ctoc:startDate"]
    assert node["label"]["@none"] == "no language"


def test_non_canonical_numbers_keep_their_lexical_form():
    # (the Oxigraph store canonicalises numbers on load, so build the triples directly)
    import pyoxigraph as ox

    s = ox.NamedNode("https://w3id.org/ctoc-kg/id/x")
    p = ox.NamedNode("https://w3id.org/ctoc-kg/ontology#ordinal")
    xsd = "http://www.w3.org/2001/XMLSchema#"
    triples = [ox.Triple(s, p, ox.Literal(v, datatype=ox.NamedNode(xsd + dt)))
               for v, dt in (("011", "integer"), ("+5", "integer"), ("12", "integer"),
                             ("7", "nonNegativeInteger"), ("1", "boolean"))]
    doc = jsonld.compact([("https://w3id.org/ctoc-kg/graph/g", triples)])
    values = doc["@graph"][0]["@graph"][0]["ordinal"]
    assert 12 in values
    assert {"@value": "011", "@type": "xsd:integer"} in values
    assert {"@value": "+5", "@type": "xsd:integer"} in values
    assert {"@value": "7", "@type": "xsd:nonNegativeInteger"} in values
    assert {"@value": "1", "@type": "xsd:boolean"} in values
    from pyld import jsonld as pj
    import re

    nquads = pj.to_rdf(doc, {"format": "application/n-quads", "documentLoader": _no_fetch})
    lexical = sorted(re.findall(r'"([^"]*)"\^\^', nquads))  # rdflib would normalise them
    assert lexical == sorted(["011", "+5", "12", "7", "1"])


SKOS_ONTOLOGY = """
@prefix ctoc: <https://w3id.org/ctoc-kg/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
ctoc:Colour a owl:Class .
ctoc:ColourScheme a skos:ConceptScheme ; skos:prefLabel "colours"@en, "couleurs"@fr .
ctoc:Red a ctoc:Colour, skos:Concept ; skos:inScheme ctoc:ColourScheme ;
    skos:prefLabel "red"@en, "rouge"@fr .
ctoc:colour a owl:ObjectProperty ; rdfs:range ctoc:Colour .
ctoc:friend a owl:ObjectProperty ; rdfs:range ctoc:Person .
"""


def test_concept_scheme_values_are_short_names(tmp_path):
    # once code lists are SKOS concept schemes (skos:inScheme), their values are @vocab
    g = Graph().parse(data=SKOS_ONTOLOGY, format="turtle")
    ctx = jsonld.build_context(g)
    assert ctx["colour"] == {"@id": "https://w3id.org/ctoc-kg/ontology#colour", "@type": "@vocab"}
    assert ctx["friend"]["@type"] == "@id"
    assert ctx["prefLabel"]["@container"] == "@language"
    assert ctx["inScheme"]["@type"] == "@vocab"
    ont = tmp_path / "o.ttl"
    ont.write_text(SKOS_ONTOLOGY, encoding="utf-8")
    data = tmp_path / "d.ttl"
    data.write_text("<https://w3id.org/ctoc-kg/id/thing> <https://w3id.org/ctoc-kg/ontology#colour> "
                    "<https://w3id.org/ctoc-kg/ontology#Red> .\n", encoding="utf-8")
    ds = new_dataset()
    load_file(ds, ont, ONTOLOGY_GRAPH)
    load_file(ds, data, graph_iri("d"))
    parts = ex.parts(ds)
    doc = jsonld.compact([(p.graph, p.triples) for p in parts], ctx)
    thing = nodes(doc, "/graph/d")["thing"]
    assert thing["colour"] == "Red"
    red = nodes(doc, "/graph/ontology")["ctoc:Red"]
    assert red["inScheme"] == "ColourScheme"
    expected = Dataset()
    expected.parse(data=ex.serialize(parts, "nq"), format="nquads")
    assert_same_quads(pyld_quads(doc), expected)


def test_dumps_writes_what_the_standard_library_writes():
    """``jsonld.dumps`` has its own indenting writer (the standard library's is pure
    Python): the bytes must be those of ``json.dumps(indent=2, sort_keys=True,
    ensure_ascii=False)``."""
    import json as std

    docs = [{}, [], {"b": {}, "a": []}, [[], [{}], [[1]]], "s", 5, -3, 1.1, -0.0, True, None,
            {"@context": {"@version": 1.1, "id": "@id"}, "@graph": [{"id": "x", "n": [1, 2]}]},
            {"quote\"and\\back": ["tab\t", "nl\n", "cr\r", "\x01\x7f", "é ü 中", "\u2028\ud7ff"],
             "Z": False, "a": {"en": ["b", "a"], "@none": "x"}}]
    for doc in docs:
        assert jsonld.dumps(doc) == (std.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True)
                                     + "\n").encode("utf-8"), doc


def test_sorting_arrays_while_writing_is_sorting_them_first():
    """``jsonld.write`` sorts value arrays as it writes a node (``_json_text(...,
    sort_lists=True)``): the same text as ``_sorted`` then writing, on seeded random
    nodes of every shape a node can hold (and some it cannot)."""
    import random

    rng = random.Random(15)
    scalars = ["b", "a", "é", "a\"q", "", 0, 7, -2, True, False, "10", "9"]

    def value(depth):
        kind = rng.randrange(6 if depth < 3 else 2)
        if kind <= 1:
            return rng.choice(scalars)
        if kind == 2:
            return {"@value": rng.choice(["x", "1", "é"]), "@type": rng.choice(["xsd:date", "xsd:integer"])}
        if kind == 3:
            return {"id": rng.choice(["body/a", "_:b1", "ctoc:X"])}
        if kind == 4:
            return {rng.choice(["en", "fr", "@none"]): value(depth + 1) for _ in range(rng.randrange(1, 3))}
        return [value(depth + 1) for _ in range(rng.randrange(0, 5))]

    for _ in range(300):
        node = {rng.choice(["id", "type", "label", "ordinal", "z", "a"]): value(0) for _ in range(4)}
        assert jsonld._json_text(node, "\n  ", True) == jsonld._json_text(jsonld._sorted(node), "\n  "), node
