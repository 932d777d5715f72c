"""ctoc_kg.cache: a Dataset opened from the cache answers exactly as one built anew."""

import pytest

from conftest import ctoc
from ctoc_kg import cache
from ctoc_kg import dataset as D
from ctoc_kg import query as Q
from ctoc_kg.generate import ERROR_KINDS, generate
from ctoc_kg.open import open_dataset

XSD = "http://www.w3.org/2001/XMLSchema#"


def answers(ds, sample=None):
    """Every shipped query's rows (terms as N-Triples), with parameters from ``sample``."""
    out = {}
    for info in Q.shipped_queries():
        params = {p.name: sample[p.name] for p in info.params if sample and p.name in sample}
        if info.name.startswith("resolution-9-1"):
            params.pop("instrument", None)
        result = Q.execute(Q.prepare(info.name, params), ds)
        out[info.name] = sorted(tuple(t.n3() if t is not None else "" for t in row) for row in result.rows)
    return out


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "corpus.nt"
    c = generate(path, 2500, seed=3, errors={k: 1 for k in ERROR_KINDS})
    sample = {"body": c.sample["body"], "instrument": c.sample["instrument"],
              "session": c.sample["session"], "note": c.sample["note"], "entity": c.sample["entity"],
              "from": c.sample["from"], "to": c.sample["to"]}
    return path, sample


@pytest.mark.slow
def test_a_cached_corpus_answers_every_shipped_query_as_a_fresh_one(tmp_path, corpus):
    path, sample = corpus
    folder = tmp_path / "cache"
    first = cache.open_cached([path], directory=folder)
    second = cache.open_cached([path], directory=folder)
    assert (first.hit, second.hit) == (False, True)
    assert first.key == second.key
    fresh = answers(open_dataset([path]), sample)
    assert any(rows for rows in fresh.values())
    assert answers(first.dataset, sample) == fresh
    assert answers(second.dataset, sample) == fresh
    assert len(D.oxigraph_store(second.dataset)) == len(D.oxigraph_store(first.dataset))


@pytest.fixture(scope="module")
def shipped_answers(shipped_reasoned):
    """Every shipped query's rows on the shipped graph, built anew (once for the module)."""
    return answers(shipped_reasoned)


def test_the_shipped_graph_from_the_cache_answers_the_same(tmp_path, shipped_answers):
    folder = tmp_path / "cache"
    cache.open_cached(None, directory=folder)
    hit = cache.open_cached(None, directory=folder)
    assert hit.hit
    assert answers(hit.dataset) == shipped_answers


def test_literal_forms_and_blank_nodes_survive_the_cache(tmp_path):
    data = tmp_path / "odd.nt"
    data.write_text(f'<http://x/a> <http://x/p> "011"^^<{XSD}integer> .\n'
                    '_:b1 <http://x/q> <http://x/a> .\n', encoding="utf-8")
    folder = tmp_path / "cache"
    cache.open_cached([data], directory=folder)
    hit = cache.open_cached([data], directory=folder)
    assert hit.hit
    q = Q.prepare("q", text="SELECT ?v ?b WHERE { ?b <http://x/q> ?a . ?a <http://x/p> ?v }")
    (row,) = Q.execute(q, hit.dataset).rows
    (fresh,) = Q.execute(q, open_dataset([data])).rows
    assert str(row[0]) == "011" and row == fresh


def test_a_changed_file_or_profile_is_a_new_entry_and_old_entries_go(tmp_path, monkeypatch):
    data = tmp_path / "d.nt"
    folder = tmp_path / "cache"
    monkeypatch.setattr(cache, "KEEP", 2)
    keys = []
    for i in range(3):
        data.write_text(f"<http://x/a> <http://x/p> <http://x/b{i}> .\n", encoding="utf-8")
        got = cache.open_cached([data], directory=folder)
        assert not got.hit
        keys.append(got.key)
    assert len(set(keys)) == 3
    assert not cache.open_cached([data], reasoning=None, directory=folder).hit
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [keys[-1], cache.cache_key([data], reasoning=None)])
    assert cache.clear(folder) == 2 and list(folder.iterdir()) == []


def test_query_cli_with_cache_prints_the_same(tmp_path):
    data = tmp_path / "d.ttl"
    data.write_text("@prefix ctoc: <https://w3id.org/ctoc-kg/ontology#> .\n"
                    "<https://w3id.org/ctoc-kg/id/session/99> a ctoc:Session ; ctoc:sessionNumber 99 .\n",
                    encoding="utf-8")
    env = {"CTOC_KG_CACHE_DIR": str(tmp_path / "cache")}
    args = ["query", "reports-before-session", "--param", "session=10", "--format", "csv"]
    plain = ctoc(*args, cwd=tmp_path)
    runs = [ctoc(*args, "--cache", cwd=tmp_path, env=env) for _ in range(2)]
    assert plain.returncode == 0
    assert [r.stdout for r in runs] == [plain.stdout] * 2
    assert len(list((tmp_path / "cache").iterdir())) == 1
    runs = [ctoc(*args, "--data", str(data), "--cache", cwd=tmp_path, env=env) for _ in range(2)]
    assert runs[0].stdout == runs[1].stdout == ctoc(*args, "--data", str(data), cwd=tmp_path).stdout
    assert len(list((tmp_path / "cache").iterdir())) == 2


def test_a_cache_folder_that_cannot_be_written_only_warns(tmp_path, shipped_answers):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    got = cache.open_cached(None, directory=blocker / "cache")
    assert not got.hit and "could not be written" in got.error
    assert answers(got.dataset) == shipped_answers
    ran = ctoc("query", "subsidiary-bodies", "--cache", cwd=tmp_path,
               env={"CTOC_KG_CACHE_DIR": str(blocker / "cache")})
    assert ran.returncode == 0 and "warning: the cache could not be written" in ran.stderr
    assert ran.stdout == ctoc("query", "subsidiary-bodies", cwd=tmp_path).stdout


def test_a_bare_store_from_the_cache_answers_as_the_dataset(corpus, tmp_path):
    """``open_cached(…, bare=True)`` (what ``ctoc-kg query`` uses) gives a store without an
    rdflib Dataset around it that answers every shipped query as the Dataset does."""
    path, sample = corpus
    first = cache.open_cached([path], directory=tmp_path / "cache")
    again = cache.open_cached([path], directory=tmp_path / "cache", bare=True)
    assert again.hit and isinstance(again.dataset, D.Bare)
    assert answers(again.dataset, sample) == answers(first.dataset, sample)
