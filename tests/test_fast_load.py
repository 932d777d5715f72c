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
