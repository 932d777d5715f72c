"""The catalogue of bad values (issue 10): every mutation of tests/support/mutations.py —
dates, numbers, symbols, labels, structure — made on a copy of graph/ and run through
``validate``, ``report``, every shipped query, ``export`` and ``coverage``.

For each: the validation results are exactly the expected ones (``EXPECTED``), every
Violation names the node, the property and the value and the paragraph behind the node,
the exit codes follow the results, no command crashes or prints a traceback, and the
values come out of ``export`` exactly as they were written."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from conftest import ctoc
from rdflib import URIRef
from support.mutations import EXPECTED, MUTATIONS, PREFIXES, expand, term, write_copy

from ctoc_kg import query as Q
from ctoc_kg.open import open_dataset

SHNS = "https://w3id.org/ctoc-kg/shapes#"
STATED_IN = "https://w3id.org/ctoc-kg/ontology#statedIn"
SHIPPED_WARNING = SHNS + "SequencingStatementRule-datesAgree"
# results that count values, not one value: no sh:value to name
COUNTS = {"MinCountConstraintComponent", "MaxCountConstraintComponent",
          "QualifiedMinCountConstraintComponent", "UniqueLangConstraintComponent"}


def test_the_catalogue_is_large_and_covers_every_kind_of_mistake():
    groups = {m.group for m in MUTATIONS}
    assert len(MUTATIONS) >= 60
    assert groups == {"dates", "numbers", "symbols", "labels", "structure"}
    assert len({m.name for m in MUTATIONS}) == len(MUTATIONS)
    assert sum(1 for m in MUTATIONS if not EXPECTED[m.name]) < 10  # most are caught


def expected(name: str) -> set[tuple[str, str, str]]:
    out = set()
    for item in EXPECTED[name]:
        words = item.split(" ")
        severity = words.pop(0) if words[0] in ("Warning", "Info") else "Violation"
        shape, focus = words
        out.add((severity, SHNS + shape, expand(focus)))
    return out


def clean(proc) -> None:
    """The command ran (exit 0 or 1) and printed no traceback nor library noise."""
    assert proc.returncode in (0, 1), proc.stderr
    for bad in ("Traceback", "internal error", "Failed to convert"):
        assert bad not in proc.stderr, proc.stderr
        assert bad not in proc.stdout
    assert "Warning: " not in proc.stderr, proc.stderr  # Python's warnings


@pytest.mark.slow
@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.name)
def test_mutation_through_every_command(mutation, tmp_path):
    files = [str(f) for f in write_copy(mutation, tmp_path / "graph")]
    want = expected(mutation.name)
    violation = any(sev == "Violation" for sev, _s, _f in want)

    # validate: exactly the expected results, each naming node, property, value, paragraph
    proc = ctoc("validate", "--format", "json", *files, cwd=tmp_path)
    clean(proc)
    doc = json.loads(proc.stdout)
    got = {(r["severity"], r["source_shape"], r["focus"]) for r in doc["results"]
           if r["source_shape"] != SHIPPED_WARNING}
    assert got == want
    assert proc.returncode == (1 if violation else 0)
    ds = open_dataset([*files], reasoning=None)
    sourced = {str(s) for s, _p, _o in ds.triples((None, URIRef(STATED_IN), None))}
    for r in doc["results"]:
        assert r["focus"] and r["messages"].get("en") and r["messages"].get("fr"), r
        if r["constraint_component"].rsplit("#", 1)[-1] not in COUNTS and r["path"]:
            assert r["value"] is not None, r
        if r["focus"] in sourced:
            assert r["sources"], r
    text = ctoc("validate", *files, cwd=tmp_path)
    clean(text)
    assert text.returncode == proc.returncode

    # report: the same verdict, no crash
    proc = ctoc("report", *files, cwd=tmp_path)
    clean(proc)
    assert proc.returncode == (1 if violation else 0)
    assert ("does not conform" in proc.stdout) == violation

    # every shipped query answers (on the reasoned copy), and one through the command line
    reasoned = open_dataset([*files])
    for info in Q.shipped_queries():
        Q.execute(Q.prepare(info.name), reasoned)
    args = [a for f in files for a in ("--data", f)]
    clean(ctoc("query", "meetings-in-range", *args, cwd=tmp_path))

    # export: every value written by the mutation comes out exactly as written
    proc = ctoc("export", "--format", "nt", *files, cwd=tmp_path)
    clean(proc)
    assert proc.returncode == 0
    lines = set(proc.stdout.splitlines())
    for edit in mutation.edits:
        s, p = term(edit.s), term(edit.p)
        if edit.op in ("set", "add"):
            assert f"{s} {p} {term(edit.o)} ." in lines, edit
        elif edit.o is not None:
            assert f"{s} {p} {term(edit.o)} ." not in lines, edit

    # coverage: runs, and still lists every paragraph of the note
    proc = ctoc("coverage", "--format", "json", *files, cwd=tmp_path)
    clean(proc)
    parts = json.loads(proc.stdout)
    assert sum(1 for p in parts if p["kind"] == "Paragraph") >= 18


def test_mutations_write_what_they_say(tmp_path):
    """The mutation helper itself: a set replaces, an add adds, a remove removes, and the
    copy keeps every other triple and every lexical form."""
    from support.mutations import Mutation, add, apply, remove, set_

    m = Mutation("t", "dates", [set_("id:session/10", "ctoc:startDate", '"2020-10-12Z"^^xsd:date'),
                                add("id:session/10", "rdfs:comment", '"x"@en'),
                                remove("id:session/10", "ctoc:endDate")])
    before = apply(Mutation("none", "dates", []))
    after = apply(m)
    s = ox.NamedNode(PREFIXES["id"] + "session/10")
    values = {(t.predicate.value.rsplit("#", 1)[-1], str(t.object)) for ts in after.values() for t in ts
              if t.subject == s}
    assert ("startDate", f'"2020-10-12Z"^^<{PREFIXES["xsd"]}date>') in values
    assert ("comment", '"x"@en') in values
    assert not any(p == "endDate" for p, _ in values)
    # one date replaced, one comment added, one end date removed
    assert sum(map(len, after.values())) == sum(map(len, before.values()))
