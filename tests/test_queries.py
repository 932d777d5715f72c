"""Competency queries: headers, expected answers on two engines, parameter binding."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from result_keys import row_keys, term_key

from ctoc_kg import query as Q
from ctoc_kg import resources
from ctoc_kg.dataset import oxigraph_store

EXPECTED = Path(__file__).resolve().parent / "expected"
NAMES = [p.stem for p in resources.query_files()]
# rdflib's own engine takes seconds on these (the quick run's budget, docs/testing.md)
SLOW_ON_RDFLIB = {"lifecycle-org"}


@pytest.fixture(scope="module")
def reasoned(shipped_reasoned):
    return shipped_reasoned


@pytest.fixture(scope="module")
def asserted(shipped_asserted):
    return shipped_asserted


@pytest.fixture(scope="module")
def second_store(reasoned):
    """A separate pyoxigraph Store holding the same reasoned quads."""
    store = ox.Store()
    store.extend(list(oxigraph_store(reasoned).quads_for_pattern(None, None, None, None)))
    return store


def expected(name: str) -> Q.QueryResult:
    return Q.parse_results((EXPECTED / f"{name}.srj").read_text(encoding="utf-8"), "json")


def same_answers(got: Q.QueryResult, want: Q.QueryResult, ordered: bool) -> bool:
    assert got.variables == want.variables
    g, w = row_keys(got), row_keys(want)
    return g == w if ordered else Counter(g) == Counter(w)


def test_at_least_the_issue_questions_are_shipped():
    assert len(NAMES) >= 12
    for name in ("subsidiary-bodies", "mandate-history", "instrument-provisions",
                 "reports-before-session", "meetings-in-range", "body-timeline", "back-to-back",
                 "reporting-gaps", "provenance", "cited-instruments", "resolution-9-1-requests",
                 "standard-vocabulary"):
        assert name in NAMES


@pytest.mark.parametrize("name", NAMES)
def test_header_is_complete(name):
    info = next(i for i in Q.shipped_queries() if i.name == name)
    assert info.title and info.answer
    assert set(info.question) == {"en", "fr"}
    for p in info.params:
        assert p.type in Q.PARAM_TYPES and p.default and p.doc
        Q.to_term(p, p.default)  # the default is a valid value


@pytest.mark.parametrize("name", NAMES)
def test_every_query_has_an_expected_answer(name):
    want = expected(name)
    assert want.rows, f"{name}: the expected answer is empty; a competency query must answer"


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.slow) if n in SLOW_ON_RDFLIB else n
                                  for n in NAMES])
def test_rdflib_engine_gives_the_expected_answer(name, reasoned):
    prepared = Q.prepare(name)
    got = Q.execute(prepared, reasoned, engine="rdflib")
    assert same_answers(got, expected(name), prepared.ordered)


@pytest.mark.parametrize("name", NAMES)
def test_pyoxigraph_store_gives_the_expected_answer(name, second_store):
    prepared = Q.prepare(name)
    got = Q.execute_store(prepared, second_store)
    assert same_answers(got, expected(name), prepared.ordered)


@pytest.mark.parametrize("name", NAMES)
def test_dataset_default_engine_gives_the_expected_answer(name, reasoned):
    prepared = Q.prepare(name)
    got = Q.execute(prepared, reasoned)
    assert same_answers(got, expected(name), prepared.ordered)


def test_ordered_comparison_notices_a_swap():
    want = expected("reports-before-session")
    swapped = Q.QueryResult("SELECT", want.variables, [want.rows[1], want.rows[0], *want.rows[2:]], True)
    assert not same_answers(swapped, want, ordered=True)
    assert same_answers(swapped, want, ordered=False)


def test_literals_compare_by_datatype_and_language():
    from rdflib import XSD, Literal

    assert term_key(Literal("10", datatype=XSD.integer)) == term_key(Literal("010", datatype=XSD.integer))
    assert term_key(Literal("10", datatype=XSD.integer)) != term_key(Literal("10"))
    assert term_key(Literal("a", lang="en")) != term_key(Literal("a", lang="fr"))
    assert term_key(Literal("a", lang="EN")) == term_key(Literal("a", lang="en"))


# ---------------------------------------------------------------- the answers, checked against the note

def column(result: Q.QueryResult, var: str) -> list[str]:
    i = result.variables.index(var)
    return [None if r[i] is None else str(r[i]) for r in result.rows]


def test_reports_before_the_tenth_session_are_the_nine_symbols(reasoned):
    r = Q.execute(Q.prepare("reports-before-session"), reasoned)
    assert sorted(column(r, "symbol")) == sorted([
        "CTOC/COP/WG.10/2019/5", "CTOC/COP/WG.10/2020/6", "CTOC/COP/WG.4/2019/6",
        "CTOC/COP/WG.4/2020/4", "CTOC/COP/WG.7/2019/6", "CTOC/COP/WG.7/2020/4",
        "CTOC/COP/WG.6/2020/4", "CTOC/COP/WG.3/2020/4", "CTOC/COP/WG.2/2020/3"])
    assert Q.execute(Q.prepare("reports-before-session", {"session": "9"}), reasoned).rows == []


def test_mandate_history_parameter_selects_the_body(reasoned):
    r = Q.execute(Q.prepare("mandate-history", {"body": "working-group-smuggling-of-migrants"}), reasoned)
    assert column(r, "number") == ["5/3", "7/1"]
    assert column(r, "status") == ["interim", "constant element"]  # the Conference's English wording
    # the same body by id: path and by full IRI
    for form in ("body/working-group-smuggling-of-migrants", "id:body/working-group-smuggling-of-migrants",
                 "https://w3id.org/ctoc-kg/id/body/working-group-smuggling-of-migrants"):
        again = Q.execute(Q.prepare("mandate-history", {"body": form}), reasoned)
        assert row_keys(again) == row_keys(r)


def test_instrument_parameter_is_the_printed_number(reasoned):
    r = Q.execute(Q.prepare("instrument-provisions", {"instrument": "4/4"}), reasoned)
    assert column(r, "body") == ["https://w3id.org/ctoc-kg/id/body/working-group-trafficking-in-persons"]
    assert column(r, "status") == ["interim"]


def test_french_labels(reasoned):
    r = Q.execute(Q.prepare("subsidiary-bodies", {"lang": "fr"}), reasoned)
    assert "Groupe de travail sur les armes à feu" in column(r, "name")


def test_meetings_in_range_are_filtered_by_the_dates(reasoned):
    r = Q.execute(Q.prepare("meetings-in-range", {"from": "2019-01-01", "to": "2019-12-31"}), reasoned)
    assert column(r, "start") == ["2019-09-09", "2019-09-11", "2019-10-09"]
    assert set(column(r, "status")) == {"held"}


def test_back_to_back_exposes_the_paragraph_15_contradiction(reasoned):
    r = Q.execute(Q.prepare("back-to-back"), reasoned)
    assert len(r.rows) == 1
    row = dict(zip(r.variables, (None if t is None else str(t) for t in r.rows[0])))
    assert row["first"].endswith("working-group-international-cooperation/meeting/11")
    assert row["gapDays"] == "1" and row["backToBack"] == "true"
    assert row["contradictedBy"].endswith("/para/15")


# ---------------------------------------------------------------- reasoning matters

def test_standard_vocabulary_query_uses_no_ctoc_term():
    text = (resources.data_root() / "queries" / "standard-vocabulary.rq").read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    assert "ctoc" not in body.lower()


def test_standard_vocabulary_answers_after_reasoning_only(reasoned, asserted):
    prepared = Q.prepare("standard-vocabulary")
    after = Q.execute(prepared, reasoned)
    units = set(column(after, "unit"))
    assert len(units) == 7
    assert set(column(after, "parent")) == {"https://w3id.org/ctoc-kg/id/cop"}
    events = {e for e in column(after, "event") if e}
    assert len(events) == 9
    assert ("https://w3id.org/ctoc-kg/id/body/working-group-firearms/meeting/7", "2020-07-16", "2020-07-17") in {
        (e, s, t) for e, s, t in zip(column(after, "event"), column(after, "start"), column(after, "end"))}
    assert Q.execute(prepared, asserted).rows == []


def test_adoption_sessions_need_reasoning(reasoned, asserted):
    prepared = Q.prepare("cited-instruments")
    assert column(Q.execute(prepared, reasoned), "session") == ["2", "3", "4", "5", "5", "7", "9"]
    assert Q.execute(prepared, asserted).rows == []


# ---------------------------------------------------------------- parameters cannot change the query

HOSTILE = ['7/1" . } DROP ALL {', '"}', "} UNION { ?s ?p ?o }", '7/1"@en', "\\\" ) } #",
           "x' . ?a ?b ?c . FILTER(true) #"]


@pytest.mark.parametrize("value", HOSTILE)
def test_string_parameter_with_quotes_and_braces_is_one_literal(value, reasoned):
    before = len(reasoned)
    hostile = Q.execute(Q.prepare("instrument-provisions", {"instrument": value}), reasoned, engine="rdflib")
    plain = Q.execute(Q.prepare("instrument-provisions", {"instrument": "99/99"}), reasoned, engine="rdflib")
    assert hostile.rows == plain.rows == []
    assert Q.execute(Q.prepare("instrument-provisions", {"instrument": value}), reasoned).rows == []
    assert len(reasoned) == before  # nothing was changed


def test_bound_literal_really_is_matched(reasoned):
    # the same mechanism with an ordinary value does find rows (the test above is not vacuous)
    r = Q.execute(Q.prepare("instrument-provisions", {"instrument": "5/3"}), reasoned)
    assert len(r.rows) == 1


@pytest.mark.parametrize("value", ['x> } DROP ALL { <y', 'a"b', "a{b", "a}b", "with space", "a|b"])
def test_iri_parameter_that_is_not_an_iri_is_rejected(value):
    with pytest.raises(Q.QueryError):
        Q.prepare("body-timeline", {"body": value})


@pytest.mark.parametrize("param,value", [("session", "10 }"), ("session", "ten")])
def test_integer_parameter_is_checked(param, value):
    with pytest.raises(Q.QueryError):
        Q.prepare("reports-before-session", {param: value})


@pytest.mark.parametrize("value", ["2020-13-01", "2020-07-01T00:00:00", '2020-07-01" }'])
def test_date_parameter_is_checked(value):
    with pytest.raises(Q.QueryError):
        Q.prepare("meetings-in-range", {"from": value})


def test_unknown_parameter_is_refused():
    with pytest.raises(Q.QueryError, match="unknown parameter"):
        Q.prepare("subsidiary-bodies", {"nope": "1"})


def test_parameters_stay_out_of_the_query_text():
    prepared = Q.prepare("instrument-provisions", {"instrument": "ZZZ-marker"})
    assert "ZZZ-marker" not in prepared.text
    assert str(prepared.bindings["instrument"]) == "ZZZ-marker"


# ---------------------------------------------------------------- SERVICE and syntax errors

def test_service_is_found_in_the_algebra_not_the_text(tmp_path):
    hidden = tmp_path / "hidden.rq"
    # SERVICE written in lower case across lines, and a comment mentioning SERVICE elsewhere
    hidden.write_text("SELECT * WHERE {\n  service\n  <http://example.org/sparql> { ?s ?p ?o }\n}\n")
    with pytest.raises(Q.QueryError, match="SERVICE"):
        Q.prepare(hidden)
    assert Q.prepare(hidden, allow_service=True).uses_service
    harmless = tmp_path / "harmless.rq"
    harmless.write_text('# this query does not use SERVICE\nSELECT ?s WHERE { ?s ?p "SERVICE <x> {}" }\n')
    assert not Q.prepare(harmless).uses_service


def test_syntax_error_has_line_and_column(tmp_path):
    from ctoc_kg.errors import InputError

    bad = tmp_path / "bad.rq"
    bad.write_text("PREFIX ex: <http://example.org/>\nSELECT ?s WHERE {\n  ?s ex:p ?o ?x .\n}\n")
    with pytest.raises(InputError) as info:
        Q.prepare(bad)
    assert info.value.line == 3 and info.value.column is not None
    assert str(info.value).startswith(f"{bad}:3:")


def test_header_parser_reads_continuations_and_params():
    info = Q.parse_header(
        "# title: T\n# question (en): first\n#   second\n# question (fr): Q ?\n"
        "# param x: integer = 3 — the x\n# answer: a, b\nSELECT ?x WHERE {}\n")
    assert info.title == "T" and info.question == {"en": "first second", "fr": "Q ?"}
    assert info.params == [Q.Param("x", "integer", "3", "the x")]
    with pytest.raises(Q.QueryError):
        Q.parse_header("# param x: colour = red — a colour\nSELECT * {}")


def test_a_query_parsed_once_answers_each_binding_as_a_fresh_parse(reasoned, monkeypatch):
    """rdflib's parse of a text is made once a process and evaluated again with other
    bindings: each answer equals the one from a parse made for it alone, in any order."""
    from ctoc_kg.query import execution

    bodies = ["working-group-smuggling-of-migrants", "working-group-trafficking-in-persons",
              "working-group-smuggling-of-migrants"]

    def answers():
        return [row_keys(Q.execute(Q.prepare("mandate-history", {"body": b}), reasoned, engine="rdflib"))
                for b in bodies]

    reused = answers()
    shared = [Q.prepare("mandate-history", {"body": b}).parsed for b in bodies]
    assert all(p is shared[0] for p in shared)  # one parse, shared
    assert reused[0] == reused[2] != reused[1] and reused[1]
    monkeypatch.setattr(execution, "_PARSED_MAX", 0)  # nothing kept: a fresh parse each time
    monkeypatch.setattr(execution, "_PARSED", {})
    fresh = [row_keys(Q.execute(Q.prepare("mandate-history", {"body": b}), reasoned, engine="rdflib"))
             for b in bodies]
    assert fresh == reused
    kept = [Q.prepare("mandate-history", {"body": b}).parsed for b in bodies]  # all alive at once
    assert len({id(p) for p in kept}) == 3


def test_a_bound_query_is_checked_by_rdflib_once_and_a_bad_one_every_time(monkeypatch):
    from rdflib.plugins.sparql import parser

    from ctoc_kg.errors import QueryError
    from ctoc_kg.query import params

    calls = []
    real = parser.parseQuery
    monkeypatch.setattr(parser, "parseQuery", lambda text: calls.append(text) or real(text))
    monkeypatch.setattr(params, "_PARSES", {})
    good = "SELECT ?x WHERE { ?x ?p 1 }"
    params._check_parses(good)
    params._check_parses(good)
    assert calls == [good]
    bad = "SELECT ?x WHERE { ?x ?p }"
    for _ in range(2):
        with pytest.raises(QueryError, match="would not parse"):
            params._check_parses(bad)
    assert calls == [good, bad, bad]
