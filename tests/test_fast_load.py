"""dataset.load_file's fast path (N-Triples / N-Quads straight into the store) gives
exactly what the Python path (read_quads + add_quads) gives: the same quads, the same
lexical record, the same count and the same errors."""

from pathlib import Path

import pyoxigraph as ox
import pytest

from ctoc_kg import dataset as D
from ctoc_kg.errors import InputError
from ctoc_kg.generate import ERROR_KINDS, generate

XSD = "http://www.w3.org/2001/XMLSchema#"
G = D.graph_iri("data")


def python_path(files):
    """The Dataset the Python path builds from ``files`` [(path, graph)]."""
    ds = D.new_dataset()
    for path, graph in files:
        D.add_quads(ds, D.read_quads(path, graph))
    return ds


def loaded(files):
    ds = D.new_dataset()
    counts = [D.load_file(ds, path, graph) for path, graph in files]
    return ds, counts


def assert_same(fast, slow):
    assert sorted(map(str, D.quads(fast))) == sorted(map(str, D.quads(slow)))
    a, b = D._lexical(fast), D._lexical(slow)
    assert a.by_quad == b.by_quad
    assert a.by_literal == b.by_literal
    assert a.kept == b.kept


def spy(monkeypatch):
    """Record which files went through the Python parser."""
    parsed = []
    real = D._parse

    def recording(data, rdf_format, path, graph):
        parsed.append(Path(path).name)
        return real(data, rdf_format, path, graph)

    monkeypatch.setattr(D, "_parse", recording)
    return parsed


@pytest.mark.parametrize("suffix", [".nt", ".nq"])
def test_a_generated_corpus_with_seeded_errors_loads_the_same_by_both_paths(tmp_path, monkeypatch, suffix):
    path = tmp_path / f"corpus{suffix}"
    generate(path, 3000, seed=7, errors={k: 1 for k in ERROR_KINDS})
    parsed = spy(monkeypatch)
    fast, counts = loaded([(path, G)])
    assert parsed == []  # the store's own parser read it
    slow = python_path([(path, G)])
    assert_same(fast, slow)
    assert counts == [len(D.read_quads(path, G))]


TRICKY = (
    "# a comment\n"
    "\n"
    f'<http://x/a> <http://x/p> "1" ^^ <{XSD}integer> .\n'
    f'<http://x/a> <http://x/p> "2020-07-01"^^<{XSD}date> . # trailing comment\n'
    f'<http://x/a> <http://x/q> "x"@en .\n'
    f'<http://x/a> <http://x/s> "true"^^<{XSD}boolean> .\r\n'
    f'<http://x/a> <http://x/s>"false"^^<{XSD}boolean> .'
)


@pytest.mark.parametrize("text,fast_path", [
    (TRICKY, True),
    (TRICKY + "\n# a comment with ^^ in it\n", False),
    (TRICKY + '\n<http://x/a> <http://x/r> "x ^^ y"@en .\n', False),
    (TRICKY + f'\n<http://x/a> <http://x/q> "say \\"1\\""^^<{XSD}integer> .\n', False),
    (TRICKY + f'\n<http://x/a> <http://x/q> "say \\"1\\"" ^^<{XSD}string> .\n', False),
    (TRICKY + f'\n<http://x/a> <http://x/q> "\\u0030"^^<{XSD}integer> .\n', False),
    # an escaped datatype IRI is still read: xsd:int, which the store makes xsd:integer
    (TRICKY + f'\n<http://x/a> <http://x/q> "1"^^<{XSD}\\u0069nt> .\n', False),
])
def test_tricky_typed_literals_are_read_alike(tmp_path, monkeypatch, text, fast_path):
    path = tmp_path / "tricky.nt"
    path.write_text(text, encoding="utf-8")
    parsed = spy(monkeypatch)
    fast, counts = loaded([(path, G)])
    assert (parsed == []) == fast_path
    assert_same(fast, python_path([(path, G)]))
    assert counts == [len(D.read_quads(path, G))]


def test_canonical_only_file_goes_fast_and_a_non_canonical_one_does_not(tmp_path, monkeypatch):
    canonical = tmp_path / "canonical.nt"  # ("9"^^xsd:int would not be: the store makes it xsd:integer)
    canonical.write_text(f'<http://x/a> <http://x/p> "9"^^<{XSD}integer> .\n'
                         f'<http://x/a> <http://x/d> "2020-07-01"^^<{XSD}date> .\n', encoding="utf-8")
    odd = tmp_path / "odd.nt"
    odd.write_text(f'<http://x/a> <http://x/p> "09"^^<{XSD}integer> .\n'
                   f'<http://x/b> <http://x/p> "+1"^^<{XSD}int> .\n', encoding="utf-8")
    parsed = spy(monkeypatch)
    for order in ([canonical, odd], [odd, canonical]):
        parsed.clear()
        files = [(p, D.graph_iri(p.stem)) for p in order]
        fast, _ = loaded(files)
        assert "odd.nt" in parsed
        assert ("canonical.nt" in parsed) == (order[0] == odd)  # after a changed literal: Python path
        assert_same(fast, python_path(files))
        nine = ox.Literal("9", datatype=ox.NamedNode(XSD + "integer"))
        assert D.original_term(fast, nine) == nine  # "9" itself was read: no substitution
    (term,) = [q.object for q in D.quads(fast) if q.subject == ox.NamedNode("http://x/b")]
    assert term.value == "+1"


def test_blank_nodes_keep_their_labels(tmp_path, monkeypatch):
    path = tmp_path / "blank.nt"
    path.write_text("_:b1 <http://x/p> _:b2 .\n", encoding="utf-8")
    parsed = spy(monkeypatch)
    fast, _ = loaded([(path, G)])
    assert parsed == ["blank.nt"]
    assert {str(q.subject) for q in D.quads(fast)} == {"_:b1"}


@pytest.mark.parametrize("text,line", [
    ("<http://a> <http://b> <http://c> .\n<http://a> <http://b> .\n", 2),
    (f'<http://a> <http://b> "x"^^<{XSD}date> .\n<http://a> <http://b> "1"^^<{XSD}int .\n', 2),
])
def test_syntax_errors_are_the_same_and_change_nothing(tmp_path, text, line):
    path = tmp_path / "bad.nt"
    path.write_text(text, encoding="utf-8")
    ds = D.new_dataset()
    with pytest.raises(InputError) as fast:
        D.load_file(ds, path, G)
    with pytest.raises(InputError) as slow:
        D.read_quads(path, G)
    assert str(fast.value) == str(slow.value)
    assert fast.value.line == line
    assert len(ds) == 0


# ------------------------------------------ the typed-literal scan: regex and loop agree

TYPED_CASES = [
    TRICKY,
    TRICKY + "\n# a comment with ^^ in it\n",
    TRICKY + '\n<http://x/a> <http://x/r> "x ^^ y"@en .\n',
    TRICKY + f'\n<http://x/a> <http://x/q> "say \\"1\\""^^<{XSD}integer> .\n',
    f'<http://x/a> <http://x/p> "1"^^<{XSD}integer> .\n<http://x/a> <http://x/p> "2"^^<{XSD}int> .\n',
    f'<http://x/a> <http://x/p>\t"1"^^<{XSD}integer> .\n',  # a tab before the literal
    f'<http://x/a> <http://x/p> "1"^^^<{XSD}integer> .\n',  # three carets
    f'<http://x/a> <http://x/p> "1"^^<{XSD}inte^^ger> .\n',  # "^^" in the datatype IRI
    f'<http://x/a> <http://x/p> "a^b"^^<{XSD}string> .\n',  # one caret in the lexical form
    f'<http://x/a> <http://x/p> "1"^^<{XSD}integer .\n<http://x/b> <http://x/p> <http://x/c> .\n',
    f'<http://x/a> <http://x/p> "1\n2"^^<{XSD}integer> .\n',
    f'<http://x/a> <http://x/p> "1"^^xsd:integer .\n<http://x/b> <http://x/p> <http://x/c> .\n',
    f'"1"^^<{XSD}integer> <http://x/p> <http://x/c> .\n',  # a literal first on its line
    f'<http://x/a> <http://x/p> "1"^^<{XSD}integer> <http://x/g> .\n'  # N-Quads
    f'<http://x/a> <http://x/p> "2"^^<{XSD}integer><http://x/g> .\n',
    "",
    "^^",
    '<http://x/a> <http://x/p> "" ^^ <x> .\n',
]


@pytest.mark.parametrize("text", TYPED_CASES)
def test_the_typed_literal_regex_gives_what_the_loop_gives(text):
    data = text.encode("utf-8")
    assert D._typed_literals(data) == D._typed_literals_loop(data)


def test_a_generated_corpus_is_scanned_by_the_regex_alone(tmp_path, monkeypatch):
    path = tmp_path / "corpus.nt"
    generate(path, 3000, seed=7, errors={k: 1 for k in ERROR_KINDS})
    data = path.read_bytes()
    want = D._typed_literals_loop(data)
    monkeypatch.setattr(D, "_typed_literals_loop", lambda data: pytest.fail("the loop ran"))
    assert D._typed_literals(data) == want and want


# ------------------------------------------------------- a triple in two graphs

def _twice_by_counting(store) -> bool:
    distinct = next(iter(store.query(
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { "
        "{ ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } }")))[0]
    return int(distinct.value) != len(store)


def _store(quads):
    store = ox.Store()
    store.extend([ox.Quad(ox.NamedNode(f"http://x/{s}"), ox.NamedNode("http://x/p"),
                          ox.NamedNode(f"http://x/{o}"), g) for s, o, g in quads])
    return store


_BIG = [(f"s{i}", "o", ox.NamedNode("http://x/big")) for i in range(3000)]


@pytest.mark.parametrize("name, quads", [
    ("apart", _BIG + [("a", "b", ox.NamedNode("http://x/small"))]),
    ("small in big", _BIG + [("s7", "o", ox.NamedNode("http://x/small"))]),
    ("default in big", _BIG + [("s7", "o", ox.DefaultGraph())]),
    ("default apart", _BIG + [("a", "b", ox.DefaultGraph())]),
    ("default in small", _BIG + [("a", "b", ox.DefaultGraph()), ("a", "b", ox.NamedNode("http://x/small"))]),
    ("blank-node graphs", _BIG + [("a", "b", ox.BlankNode("g1")), ("a", "b", ox.BlankNode("g2"))]),
    ("blank-node graphs apart", _BIG + [("a", "b", ox.BlankNode("g1")), ("c", "b", ox.BlankNode("g2"))]),
    ("two small ones share", _BIG + [("a", "b", ox.NamedNode("http://x/one")),
                                     ("a", "b", ox.NamedNode("http://x/two"))]),
    ("last of a long small graph", _BIG + [(f"t{i}", "o", ox.NamedNode("http://x/small")) for i in range(700)]
     + [("s2999", "o", ox.NamedNode("http://x/small"))]),
    ("two big ones", _BIG + [(f"s{i}", "o", ox.NamedNode("http://x/big2")) for i in range(2999, 6000)]),
    ("empty", []),
])
def test_in_two_graphs_agrees_with_counting(name, quads):
    store = _store(quads)
    assert D._in_two_graphs(store, None, 10 ** 9) is _twice_by_counting(store), name
    found = D._in_two_graphs(store, None, len(store))
    assert found in (None, _twice_by_counting(store)), name
    assert D._in_two_graphs(store, None, None) in (None, _twice_by_counting(store)), name  # not counted


def test_in_two_graphs_counts_the_store_only_after_reading_much(monkeypatch):
    """Without a size, a store read in turns past ``_READ_BEFORE_COUNTING`` quads is
    counted and the budget applies (None: the caller counts the distinct triples)."""
    big = [(f"s{i}", "o", ox.NamedNode(f"http://x/g{i % 2}")) for i in range(6000)]
    store = _store(big)
    assert D._in_two_graphs(store, None, None) is False  # 6000 quads: under the floor
    monkeypatch.setattr(D, "_READ_BEFORE_COUNTING", 100)
    assert D._in_two_graphs(store, None, None) is None  # two graphs of 3000: over 6000 // 8


def test_original_terms_is_none_only_when_every_term_comes_back_as_it_is(tmp_path):
    clean = tmp_path / "clean.nt"
    clean.write_text(f'<http://x/a> <http://x/p> "9"^^<{XSD}integer> .\n', encoding="utf-8")
    odd = tmp_path / "odd.nt"
    odd.write_text(f'<http://x/a> <http://x/p> "09"^^<{XSD}integer> .\n', encoding="utf-8")
    ds, _ = loaded([(clean, G)])
    assert D.original_terms(ds) is None
    ds, _ = loaded([(odd, G)])
    nine = ox.Literal("9", datatype=ox.NamedNode(XSD + "integer"))
    assert D.original_terms(ds)(nine) == D.original_term(ds, nine) == ox.Literal(
        "09", datatype=ox.NamedNode(XSD + "integer"))


def test_the_merged_query_store_holds_every_quad_and_each_triple_once_in_the_default_graph():
    """A triple in two named graphs: query_store answers from a copy whose default graph
    is the RDF merge (blank nodes, literals and default-graph triples included) and whose
    named graphs are the dataset's, built as the quads themselves say."""
    from ctoc_kg.dataset import new_dataset, oxigraph_store, query_store

    ds = new_dataset()
    store = oxigraph_store(ds)
    s, p, b = ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.BlankNode()
    g1, g2 = ox.NamedNode("urn:g1"), ox.NamedNode("urn:g2")
    quads = [ox.Quad(s, p, ox.Literal("x", language="fr"), g1), ox.Quad(s, p, ox.Literal("x", language="fr"), g2),
             ox.Quad(b, p, ox.Literal("09", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")), g2),
             ox.Quad(s, p, b, ox.DefaultGraph()), ox.Quad(s, p, s, g1)]
    store.extend(quads)
    merged, kw = query_store(ds)
    assert kw == {"use_default_graph_as_union": False} and merged is not store
    held = set(store)  # the store's own terms (it reads "09"^^xsd:integer as 9)
    want = held | {ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in held}
    assert set(merged) == want
    assert len(merged) == len(want) == 8
    rows = list(merged.query("SELECT ?o WHERE { <urn:s> <urn:p> ?o }"))
    assert len(rows) == 3  # the literal once, the blank node, <urn:s>
