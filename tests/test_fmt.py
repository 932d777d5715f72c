import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from conftest import FIXTURE_ONTOLOGY, REPO, console_script, ctoc, run
from ctoc_kg import turtle as api
from ctoc_kg.errors import CtocError, InputError


def shuffled_copy(src, dest):
    """The same graph and prefixes as ``src``, its triples written in shuffled order."""
    g = Graph(bind_namespaces="none")
    g.parse(src, format="turtle")
    prefixes = [f"@prefix {p}: <{ns}> ." for p, ns in g.namespaces()]
    lines = [line for line in g.serialize(format="nt").splitlines() if line.strip()]
    random.Random(7).shuffle(lines)
    dest.write_text("\n".join(prefixes + lines) + "\n", encoding="utf-8")


def test_repository_is_in_canonical_form(monkeypatch):
    monkeypatch.chdir(REPO / "tests")  # the checkout is found by walking up
    files = api.default_paths()
    assert REPO / "tests" / "fixtures" / "ontology.ttl" in files
    assert api.check() == []


def test_reordered_file_fails_check_then_fmt_fixes_it_idempotently(tmp_path):
    f = tmp_path / "ontology.ttl"
    shuffled_copy(FIXTURE_ONTOLOGY, f)
    assert api.check([tmp_path]) == [f]
    assert api.rewrite([f]) == [f]
    once = f.read_bytes()
    assert api.rewrite([f]) == []
    assert f.read_bytes() == once
    assert api.check([f]) == []
    # same graph, and the same bytes as the committed fixture (which is canonical)
    assert isomorphic(Graph().parse(f), Graph().parse(FIXTURE_ONTOLOGY))
    assert once == FIXTURE_ONTOLOGY.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["ontology.ttl"]  # no temp file left


def test_fixed_prefixes_are_used_and_declared_ones_kept(tmp_path):
    f = tmp_path / "p.ttl"
    f.write_text(
        "@prefix my: <http://example.org/my#> .\n"
        "@prefix o: <https://w3id.org/ctoc-kg/ontology#> .\n"
        "<https://w3id.org/ctoc-kg/id/cop> a o:Body ; my:x my:y .\n", encoding="utf-8")
    out = api.format_file(f).decode()
    assert "PREFIX ctoc: <https://w3id.org/ctoc-kg/ontology#>" in out
    assert "PREFIX my: <http://example.org/my#>" in out
    assert "PREFIX o:" not in out
    assert "id:cop" in out and "a ctoc:Body" in out


def test_invalid_file_is_an_input_error_and_nothing_is_written(tmp_path):
    good, bad = tmp_path / "a.ttl", tmp_path / "b.ttl"
    shuffled_copy(FIXTURE_ONTOLOGY, good)
    before = good.read_bytes()
    bad.write_text("@prefix : <http://x/> .\n:a :b .\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        api.rewrite([tmp_path])
    assert e.value.path == str(bad) and e.value.line == 2
    assert good.read_bytes() == before


def test_outside_a_checkout_without_paths_is_an_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CtocError, match="not inside a ctoc-kg checkout"):
        api.check()


iris = st.sampled_from([URIRef(f"https://w3id.org/ctoc-kg/{k}") for k in
                        ("ontology#Body", "ontology#name", "id/cop", "id/wg-1", "graph/x")]
                       + [URIRef("http://example.org/a"), URIRef("http://schema.org/b")])
literals = st.builds(Literal, st.text(max_size=8), lang=st.sampled_from([None, "en", "fr"]))
bnodes = st.sampled_from([BNode("b1"), BNode("b2"), BNode("b3")])


@pytest.mark.slow  # ≈ 2.8 CPU s: over the quick run's budget
@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.one_of(iris, bnodes), iris, st.one_of(iris, literals, bnodes)),
                max_size=12))
def test_canonical_turtle_is_a_fixpoint_and_keeps_the_graph(triples):
    g = Graph()
    for t in triples:
        g.add(t)
    first = api.canonical_turtle(g)
    reparsed = Graph().parse(data=first.decode(), format="turtle")
    assert isomorphic(g, reparsed)
    assert api.canonical_turtle(reparsed) == first


def test_cli_check_names_the_file_and_exits_1_then_fmt_fixes(tmp_path):
    f = tmp_path / "data.ttl"
    shuffled_copy(FIXTURE_ONTOLOGY, f)
    r = ctoc("fmt", "--check", str(f), cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    assert "data.ttl" in r.stdout
    r = ctoc("fmt", str(f), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "reformatted" in r.stdout
    r = ctoc("fmt", "--check", str(f), cwd=tmp_path)
    assert r.returncode == 0, r.stderr


@pytest.mark.slow
def test_cli_check_passes_on_the_repository():
    # the console script, from a folder inside the checkout: it finds the repository root
    r = run([console_script(), "fmt", "--check"], cwd=REPO / "tests" / "fixtures")
    assert r.returncode == 0, r.stdout + r.stderr


def test_namespaces_without_a_prefix_get_the_same_names_whatever_the_hash_seed(tmp_path):
    """rdflib invents ns1, ns2 … for undeclared namespaces in an order that follows string
    hashing; fmt names them in sorted order, so another process writes the same bytes."""
    import os
    import subprocess
    import sys

    text = ("<http://example.org/a/x> <http://example.org/b/p> <http://example.org/c/y> .\n"
            "<http://example.org/d/x> <http://example.org/e/q> \"v\" .\n"
            "<http://example.org/d/x> <http://example.net/f/r> <http://example.org/g/z> .\n"
            "<http://example.org/d/x> a <http://example.com/h/K> .\n")
    outputs = set()
    for seed in ("1", "2", "3", "5", "8"):
        path = tmp_path / f"seed{seed}.ttl"
        path.write_text(text)
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "ctoc_kg", "fmt", str(path)], check=True, env=env,
                       capture_output=True)
        outputs.add(path.read_bytes())
    assert len(outputs) == 1
    written = outputs.pop().decode()
    assert written.index("PREFIX ns1: <http://example.com/h/>") < written.index(
        "PREFIX ns2: <http://example.net/f/>")
    parsed = Graph().parse(data=written, format="turtle")
    assert isomorphic(parsed, Graph().parse(data=text, format="turtle"))
