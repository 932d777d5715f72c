"""ctoc-kg generate: a synthetic corpus (invented facts) shaped like the real graph,
deterministic for a seed, valid against the shipped shapes, and with seeded errors
that validation reports exactly, kind by kind."""

from __future__ import annotations

import json
from collections import Counter

import pyoxigraph as ox
import pytest

from conftest import console_script, run
from ctoc_kg.errors import CtocError
from ctoc_kg.generate import ERROR_KINDS, generate, parse_errors

CTOC = "https://w3id.org/ctoc-kg/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def triples_of(path) -> set:
    return {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(path=str(path))}


def test_same_seed_same_bytes_other_seed_other_corpus(tmp_path):
    a, b, c = tmp_path / "a.nt", tmp_path / "b.nt", tmp_path / "c.nt"
    generate(a, 5000, seed=7)
    generate(b, 5000, seed=7)
    generate(c, 5000, seed=8)
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()


@pytest.mark.parametrize("n", [2000, 5000, 20000])
def test_about_the_requested_size_and_every_line_is_a_distinct_triple(tmp_path, n):
    out = tmp_path / "c.nt"
    corpus = generate(out, n, seed=1)
    lines = [x for x in out.read_text(encoding="utf-8").splitlines() if not x.startswith("#")]
    assert corpus.triples == len(lines) == len(set(lines)) == len(triples_of(out))
    assert 0.97 * n <= corpus.triples <= n


def test_says_the_facts_are_invented_in_the_header_and_the_dataset_description(tmp_path):
    out = tmp_path / "c.nt"
    generate(out, 3000, seed=2)
    head = out.read_text(encoding="utf-8").splitlines()[:4]
    assert any("EVERY FACT IN THIS FILE IS INVENTED" in line for line in head)
    descriptions = {t.object.language: t.object.value for t in triples_of(out)
                    if t.predicate.value == "http://purl.org/dc/terms/description"}
    assert "invented" in descriptions["en"] and "inventés" in descriptions["fr"]


def test_shape_of_the_real_corpus(tmp_path):
    out = tmp_path / "c.nt"
    corpus = generate(out, 20000, seed=3)
    g = triples_of(out)
    types = Counter(t.object.value[len(CTOC):] for t in g
                    if t.predicate.value == RDF_TYPE and t.object.value.startswith(CTOC))
    assert types["Session"] == corpus.sessions == 12
    assert types["Meeting"] == types["Report"] == corpus.meetings > 0
    assert types["WorkingGroup"] + types["ExpertGroup"] == corpus.bodies
    assert types["Resolution"] + types["Decision"] == corpus.instruments
    assert types["Establishment"] == corpus.bodies and types["StatusChange"] > 0
    assert types["SecretariatNote"] == 12 and types["Paragraph"] == corpus.meetings
    # sessions every two years from 2004 (after 2004 and 2005), in October
    starts = sorted(t.object.value for t in g if t.predicate.value == CTOC + "startDate"
                    and "/session/" in t.subject.value)
    assert [s[:4] for s in starts] == ["2004", "2005"] + [str(y) for y in range(2006, 2025, 2)]
    # report symbols of the WG series, the meeting's year; instruments numbered session/n
    symbols = {t.subject.value: t.object.value for t in g if t.predicate.value == CTOC + "symbol"
               and "/doc/ctoc-cop-wg" in t.subject.value}
    import re
    assert symbols and all(re.fullmatch(r"CTOC/COP/WG\.[1-9][0-9]*/(20[0-9]{2})/[1-9]", s)
                           for s in symbols.values())
    numbers = [t.object.value for t in g if t.predicate.value == CTOC + "instrumentNumber"]
    assert len(numbers) == len(set(numbers)) == corpus.instruments
    # every labelled node has English and French labels
    langs: dict = {}
    for t in g:
        if t.predicate.value.endswith("#label"):
            langs.setdefault(t.subject, set()).add(t.object.language)
    assert langs and all(v == {"en", "fr"} for v in langs.values())


def test_work_version_and_statement_provenance_as_in_the_real_graph(tmp_path):
    """The model of issue 12: each note is a work with its English version, status changes
    name the body they change, and each meeting's ordinal has its rdf:Statement (IRI as
    ctoc_kg.provenance mints it) stated in the meeting's paragraph."""
    from rdflib import Graph, Literal, Namespace, URIRef
    from rdflib.namespace import RDF

    from ctoc_kg import provenance as PV

    out = tmp_path / "c.nt"
    corpus = generate(out, 5000, seed=4)
    g = Graph().parse(out, format="nt")
    C = Namespace(CTOC)
    notes = set(g.subjects(RDF.type, C.SecretariatNote))
    assert len(notes) == 12
    for note in notes:
        version = URIRef(f"{note}/en")
        assert (version, C.versionOf, note) in g and (version, RDF.type, C.LanguageVersion) in g
        assert g.value(note, C.documentDate) == g.value(version, C.distributionDate) is not None
        assert (note, C.language, None) not in g and (note, C.distributionDate, None) not in g
    changes = set(g.subjects(RDF.type, C.StatusChange))
    assert changes and all(g.value(c, C.changes) is not None for c in changes)
    statements = set(g.subjects(RDF.type, RDF.Statement))
    assert len(statements) == corpus.meetings
    for st in statements:
        triple = (g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object))
        assert triple in g and triple[1] == C.ordinal and PV.statement_iri(triple) == st
        part = g.value(st, C.statedIn)
        assert "/para/" in str(part) and (triple[0], C.statedIn, part) in g
    # the sample the benchmark queries with names a stated triple
    sample = corpus.sample
    subject = URIRef("https://w3id.org/ctoc-kg/id/" + sample["subject"])
    value = Literal(int(sample["value"]))
    assert PV.statement_iri((subject, C.ordinal, value)) in statements
    assert sample["part"] in str(g.value(PV.statement_iri((subject, C.ordinal, value)), C.statedIn))


def test_other_formats_hold_the_same_triples(tmp_path):
    nt = tmp_path / "c.nt"
    generate(nt, 3000, seed=4)
    want = triples_of(nt)
    for ext in (".ttl", ".trig", ".nq", ".jsonld", ".rdf"):
        other = tmp_path / f"c{ext}"
        generate(other, 3000, seed=4)
        assert triples_of(other) == want, ext


def test_errors_option():
    assert parse_errors("end-before-start=2, symbol-year=1") == {"end-before-start": 2,
                                                                 "symbol-year": 1}
    assert parse_errors("all=3") == {k: 3 for k in ERROR_KINDS}
    for bad in ("nope=1", "symbol-year", "symbol-year=x", "symbol-year=-1"):
        with pytest.raises(CtocError):
            parse_errors(bad)


def test_errors_that_do_not_fit_are_refused_and_nothing_is_written(tmp_path):
    out = tmp_path / "c.nt"
    with pytest.raises(CtocError, match="cannot seed"):
        generate(out, 2000, seed=1, errors={"end-before-start": 10_000})
    assert not out.exists() and list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_cli_summary_and_bad_options(tmp_path):
    out = tmp_path / "c.nt"
    r = run([console_script(), "generate", "--triples", "3000", "--seed", "5", "--out", str(out),
             "--errors", "symbol-year=1", "--format", "json"], cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    summary = json.loads(r.stdout)
    assert summary["triples"] == len(triples_of(out))
    assert summary["expected"] == [{"source_shape": ERROR_KINDS["symbol-year"].shape_iri,
                                    "severity": "Violation", "count": 1}]
    r = run([console_script(), "generate", "--help"], cwd=tmp_path)
    assert r.returncode == 0 and all(k in r.stdout for k in ERROR_KINDS)
    for args in (["--triples", "10"], ["--triples", "3000", "--errors", "bogus=1"]):
        r = run([console_script(), "generate", *args, "--out", str(tmp_path / "x.nt")], cwd=tmp_path)
        assert r.returncode == 2 and r.stderr.count("\n") == 1, r.stderr
        assert not (tmp_path / "x.nt").exists()
    r = run([console_script(), "generate", "-n", "3000", "--out", str(tmp_path / "x.csv")], cwd=tmp_path)
    assert r.returncode == 2 and "unknown output format" in r.stderr


@pytest.mark.slow
def test_validates_clean(tmp_path):
    from ctoc_kg.validate import validate

    out = tmp_path / "c.nt"
    generate(out, 6000, seed=11)
    report = validate([out])
    assert [(r.source_shape, r.focus) for r in report.results] == []


@pytest.mark.slow
def test_seeded_errors_are_reported_exactly_by_kind(tmp_path):
    from ctoc_kg.validate import validate

    out = tmp_path / "c.nt"
    counts = {name: 1 + i % 3 for i, name in enumerate(ERROR_KINDS)}
    corpus = generate(out, 8000, seed=12, errors=counts)
    report = validate([out])
    got = Counter((r.source_shape, r.severity) for r in report.results)
    assert dict(got) == corpus.expected_results()
    # each error is on its own focus node
    assert len({r.focus for r in report.results}) == len(report.results)


@pytest.mark.parametrize("seed", range(6))
def test_every_referenced_node_is_described(tmp_path, seed):
    """Each IRI of ours used as an object is also a subject (no dangling references, also
    after the last body is cut to fit the size)."""
    out = tmp_path / "c.nt"
    generate(out, 2500 + 1000 * seed, seed=seed, errors={"status-before-establishment": 1,
                                                        "dates-disagree": 1})
    g = triples_of(out)
    subjects = {t.subject for t in g}
    dangling = {t.object.value for t in g if isinstance(t.object, ox.NamedNode)
                and t.object.value.startswith("https://w3id.org/ctoc-kg/id/")
                and t.object not in subjects}
    assert dangling == set()
