"""Bad values in well-formed data (issue 10): each case the issue reproduced on a copy of
graph/, as a test.  Never a crash, never a silent wrong answer, values never changed on
the way through.  The full catalogue of mutations, through every command, is
tests/test_bad_value_catalogue.py; the comparison with Apache Jena is
tests/test_second_engine.py."""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path
from xml.etree import ElementTree as ET

import pyoxigraph as ox
import pytest
from conftest import REPO, console_script, ctoc, run
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH
from support.mutations import FIREARMS_7, by_name, expand, write_copy

from ctoc_kg import query as Q
from ctoc_kg import resources
from ctoc_kg.errors import QueryError
from ctoc_kg.terms import to_ox
from ctoc_kg.validate import validate

SHNS = "https://w3id.org/ctoc-kg/shapes#"
ID = "https://w3id.org/ctoc-kg/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"


def mutated(tmp_path: Path, name: str) -> list[Path]:
    return write_copy(by_name(name), tmp_path / name)


def found(report) -> set[tuple[str, str]]:
    """(source shape local name, focus) of every result but the shipped Warning."""
    return {(r.source_shape.rsplit("#", 1)[-1], r.focus) for r in report.results
            if not r.source_shape.endswith("SequencingStatementRule-datesAgree")}


# --- ill-typed and wrongly typed values: a Violation naming node, property, value, paragraph


def test_an_ill_typed_start_date_is_a_violation_naming_node_property_value_and_paragraph(tmp_path):
    report = validate(mutated(tmp_path, "start-month-13"))
    meeting = expand(FIREARMS_7)
    assert found(report) == {("EventShape-startDate", meeting), ("EventRule-endAfterStart", meeting)}
    for r in report.results:
        if r.focus == meeting:
            assert r.severity == "Violation"
            assert r.path == "https://w3id.org/ctoc-kg/ontology#startDate"
            assert r.value == "2020-13-45" and r.value_datatype == XSD + "date"
            assert [s.number for s in r.sources if s.kind == "Paragraph"] == [12]
            assert r.messages["en"] and r.messages["fr"]


@pytest.mark.slow  # two validations of the full graph: over the quick run's budget
def test_the_shapes_run_in_any_order(tmp_path):
    """The crash depended on which shape ran first; results do not."""
    files = mutated(tmp_path, "start-feb-30")
    shapes = resources.shape_files()
    forward = validate(files, shapes=shapes)
    backward = validate(files, shapes=list(reversed(shapes)))
    assert {r.key() + (r.value,) for r in forward.results} == {r.key() + (r.value,) for r in backward.results}
    assert ("EventRule-endAfterStart", expand(FIREARMS_7)) in found(forward)


def test_an_ordinal_written_as_a_string_is_not_compared_with_numbers(tmp_path):
    """rdflib ordered "9" after 10 and reported a false MeetingRule-ordinalOrder."""
    report = validate(mutated(tmp_path, "ordinal-string"))
    assert {shape for shape, _ in found(report)} == {"MeetingShape-ordinal"}


@pytest.mark.parametrize("name", ["end-integer", "end-datetime"])
def test_an_end_date_of_another_type_gives_the_date_order_violation_not_a_false_session_rule(
        tmp_path, name):
    report = validate(mutated(tmp_path, name))
    meeting = expand(FIREARMS_7)
    assert found(report) == {("EventShape-endDate", meeting), ("EventRule-endAfterStart", meeting)}


# --- timezones, booleans, language tags: decided, and kept as written


def test_a_date_with_a_timezone_is_refused_and_kept_as_written(tmp_path):
    files = mutated(tmp_path, "start-timezone-z")
    report = validate(files)
    meeting = expand(FIREARMS_7)
    assert found(report) == {("EventShape-startDate", meeting), ("EventShape-endDate", meeting)}
    assert {r.value for r in report.results if r.focus == meeting} == {"2020-07-16Z", "2020-07-17Z"}
    proc = ctoc("export", "--format", "nt", *map(str, files), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert f'"2020-07-16Z"^^<{XSD}date>' in proc.stdout
    # the query answers with the date as written
    data = [arg for f in files for arg in ("--data", str(f))]
    proc = ctoc("query", "meetings-in-range", *data, "--format", "csv", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "2020-07-16Z,2020-07-17Z" in proc.stdout


def test_fmt_keeps_timezones_booleans_and_non_canonical_numbers(tmp_path):
    path = tmp_path / "values.ttl"
    path.write_text('@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n'
                    '<urn:a> <urn:p> "2020-07-16Z"^^xsd:date , "yes"^^xsd:boolean , "09"^^xsd:integer ,'
                    ' "1"^^xsd:boolean , "1.50"^^xsd:decimal .\n', encoding="utf-8")
    proc = ctoc("fmt", str(path), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    objects = {str(t.object) for t in ox.parse(path.read_bytes(), format=ox.RdfFormat.TURTLE)}
    assert objects == {f'"2020-07-16Z"^^<{XSD}date>', f'"yes"^^<{XSD}boolean>', f'"09"^^<{XSD}integer>',
                       f'"1"^^<{XSD}boolean>', f'"1.50"^^<{XSD}decimal>'}


def test_values_the_store_would_canonicalise_come_back_as_written(tmp_path):
    """Oxigraph's store holds "09" as "9" and "+1"^^xsd:int as "1"^^xsd:integer; export,
    query answers and the validation report give the values as they were written."""
    path = tmp_path / "lexical.ttl"
    path.write_text('@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n'
                    '@prefix ctoc: <https://w3id.org/ctoc-kg/ontology#> .\n'
                    '<urn:a> <urn:p> "09"^^xsd:integer , "+1"^^xsd:int , "1"^^xsd:boolean , "1.50"^^xsd:decimal .\n',
                    encoding="utf-8")
    proc = ctoc("export", "--format", "nt", "--graph", "https://w3id.org/ctoc-kg/graph/lexical",
                str(path), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    for term in (f'"09"^^<{XSD}integer>', f'"+1"^^<{XSD}int>', f'"1"^^<{XSD}boolean>', f'"1.50"^^<{XSD}decimal>'):
        assert term in proc.stdout
    query = tmp_path / "values.rq"
    query.write_text("# title: values\n# question (en): values\n# question (fr): valeurs\n"
                     "# answer: ?o\nSELECT ?o WHERE { <urn:a> <urn:p> ?o }\n", encoding="utf-8")
    result = Q.execute(Q.prepare(query), _ds([path]))
    assert {(str(o), str(o.datatype)) for (o,) in result.rows} == {
        ("09", XSD + "integer"), ("+1", XSD + "int"), ("1", XSD + "boolean"), ("1.50", XSD + "decimal")}


def _ds(files):
    from ctoc_kg.open import open_dataset

    return open_dataset(files, reasoning=None)


def test_an_xsd_int_ordinal_is_not_silently_an_xsd_integer(tmp_path):
    """The store turns "9"^^xsd:int into "9"^^xsd:integer; the shapes see what was written."""
    report = validate(mutated(tmp_path, "ordinal-int"))
    [r] = [r for r in report.results if r.source_shape == SHNS + "MeetingShape-ordinal"]
    assert (r.value, r.value_datatype) == ("9", XSD + "int")


@pytest.mark.parametrize("name", ["label-en-region", "label-fr-ca"])
def test_a_label_with_a_region_subtag_is_refused(tmp_path, name):
    report = validate(mutated(tmp_path, name))
    [r] = [r for r in report.results if r.source_shape == SHNS + "LiteralRule-languageTag"]
    assert r.focus == expand("id:body/working-group-firearms")
    assert r.value_language in ("en-xx", "fr-ca")  # tags are case-insensitive; Oxigraph lowercases


# --- identity and structure


@pytest.mark.parametrize("name, shape", [
    ("ordinal-duplicate", "MeetingRule-uniqueOrdinal"),
    ("symbol-duplicate", "DocumentRule-uniqueSymbol"),
    ("report-untyped", "NodeRule-domainClass"),
    ("resolution-and-decision", "NodeRule-disjointClasses"),
    ("session-and-place", "NodeRule-disjointClasses"),
    ("same-as-bodies", "NodeRule-sameAs"),
    ("label-empty", "LiteralRule-notBlank"),
    ("property-misspelt", "check-data-undeclared-term-violation"),
])
def test_identity_and_structure_faults_are_violations(tmp_path, name, shape):
    report = validate(mutated(tmp_path, name))
    assert shape in {s for s, _ in found(report)}
    assert not report.conforms


def test_a_schema_triple_in_a_data_file_cannot_hide_a_violation(tmp_path):
    """`ctoc:Session rdfs:subClassOf ctoc:MeetingStatus` in a data file would let a session
    pass as a meeting status: it is left out of what the shapes see, and reported."""
    report = validate(mutated(tmp_path, "schema-subclass-hides"))
    assert found(report) == {("MeetingShape-meetingStatus", expand(FIREARMS_7)),
                             ("check-schema-triple", expand("ctoc:Session"))}
    [r] = [r for r in report.results if r.source_shape == SHNS + "check-schema-triple"]
    assert r.path.endswith("#subClassOf") and r.value == expand("ctoc:MeetingStatus")


@pytest.mark.usefixtures("validate_once")
def test_validate_reports_the_data_checks_in_every_format(tmp_path):
    files = [str(f) for f in mutated(tmp_path, "property-misspelt")]
    doc = json.loads(ctoc("validate", "--format", "json", *files, cwd=tmp_path).stdout)
    check = [r for r in doc["results"] if r["source_shape"].endswith("check-data-undeclared-term-violation")]
    assert [(r["path"].rsplit("#")[-1], r["value"]) for r in check] == [("submitedPursuantTo", ID + "resolution/9-1")]
    assert check[0]["messages"]["fr"]
    junit = ctoc("validate", "--format", "junit", *files, cwd=tmp_path).stdout
    assert "check-data-undeclared-term-violation" in junit
    turtle = ctoc("validate", "--format", "turtle", *files, cwd=tmp_path).stdout
    g = Graph().parse(data=turtle, format="turtle")
    assert URIRef(SHNS + "check-data-undeclared-term-violation") in set(g.objects(None, SH.sourceShape))


# --- reports that always parse, conformance as SHACL defines it


def test_junit_always_parses_even_with_control_characters(tmp_path):
    for name in ("symbol-control-character", "label-control-character"):
        files = [str(f) for f in mutated(tmp_path, name)]
        proc = ctoc("validate", "--format", "junit", *files, cwd=tmp_path)
        assert proc.returncode == 1
        suite = ET.fromstring(proc.stdout.encode())
        assert int(suite.get("failures")) >= 1


@pytest.mark.usefixtures("reuse_shipped_validation")
def test_the_turtle_report_says_sh_conforms_false_with_a_warning_and_exit_stays_0(tmp_path):
    proc = ctoc("validate", "--format", "turtle", cwd=tmp_path)
    assert proc.returncode == 0  # --fail-on violation: the Warning does not fail
    g = Graph().parse(data=proc.stdout, format="turtle")
    assert set(g.objects(None, SH.conforms)) == {Literal(False)}
    doc = json.loads(ctoc("validate", "--format", "json", cwd=tmp_path).stdout)
    assert (doc["conforms"], doc["shacl_conforms"]) == (True, False)


def test_the_shipped_graph_still_validates_with_exactly_its_one_warning(shipped_validation):
    report = shipped_validation
    assert [(r.severity, r.source_shape.rsplit("#")[-1]) for r in report.results] == [
        ("Warning", "SequencingStatementRule-datesAgree")]


# --- coverage, owlrl, the user's own copy of everything


def test_coverage_shows_a_non_integer_paragraph_number(tmp_path):
    files = [str(f) for f in mutated(tmp_path, "part-number-letter")]
    proc = ctoc("coverage", *files, cwd=tmp_path)
    assert proc.returncode in (0, 1), proc.stderr
    assert "| paragraph 15a |" in proc.stdout
    doc = json.loads(ctoc("coverage", "--format", "json", *files, cwd=tmp_path).stdout)
    assert "15a" in {d["number"] for d in doc}


@pytest.mark.slow
def test_an_owlrl_inconsistency_is_reported_not_stored(tmp_path):
    from ctoc_kg.dataset import INFERRED_GRAPH
    from ctoc_kg.namespaces import OWLRL_ERRORS
    from ctoc_kg.open import open_dataset
    from ctoc_kg.reason import reason

    files = mutated(tmp_path, "resolution-and-decision")
    ds = open_dataset(files, reasoning=None)
    result = reason(ds, "owlrl")
    assert any("resolution/7-1" in m for m in result.inconsistencies)
    assert not any(OWLRL_ERRORS in str(t) for q in ds.graph(INFERRED_GRAPH) for t in q)
    report = validate(files, inference="owlrl")
    owl = [r for r in report.results if r.source_shape == SHNS + "check-owlrl-consistency"]
    assert owl and {r.focus for r in owl} == {ID + "resolution/7-1"}
    assert all(r.severity == "Violation" for r in owl)


@pytest.mark.slow
def test_exported_data_queried_back_gives_the_shipped_answers(tmp_path):
    """`export --format nt` holds the ontology; querying it with the shipped ontology added
    again must not count a triple twice (mandate-history gave 16 rows instead of 2)."""
    from collections import Counter

    from ctoc_kg.open import open_dataset

    out = tmp_path / "all.nt"
    assert ctoc("export", "--format", "nt", "-o", str(out), cwd=tmp_path).returncode == 0
    shipped, copy = open_dataset(), open_dataset([out])
    for info in Q.shipped_queries():
        a = Q.execute(Q.prepare(info.name), shipped).rows
        b = Q.execute(Q.prepare(info.name), copy).rows
        assert Counter(map(str, a)) == Counter(map(str, b)), info.name
    assert len(Q.execute(Q.prepare("mandate-history", {"body": "working-group-firearms"}), copy).rows) == 2
    assert validate([out]).counts == {"Violation": 0, "Warning": 1, "Info": 0}


# --- plumbing: no global patch, bound queries that parse, files written whole


@pytest.mark.slow
def test_validation_in_threads_leaves_rdflib_as_it_was():
    from rdflib.plugins.sparql import processor

    original = processor.SPARQLProcessor.query
    answers, errors = [], []

    def work():
        try:
            answers.append(sorted(r.key() for r in validate().results))
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(answers) == 3 and answers[0] == answers[1] == answers[2]
    assert processor.SPARQLProcessor.query is original
    import rdflib

    assert rdflib.NORMALIZE_LITERALS is False


def test_bind_values_binds_a_parameter_projected_by_a_sub_query():
    text = ("SELECT ?x ?lang WHERE { { SELECT ?x ?lang WHERE { ?x <urn:p> ?v "
            "FILTER(LANG(?v) = ?lang) } } }")
    bound = Q.bind_values(text, {"lang": Literal("en")})
    assert 'SELECT ?x ("en" AS ?lang) WHERE' in bound
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.Literal("A", language="en")))
    store.add(ox.Quad(ox.NamedNode("urn:b"), ox.NamedNode("urn:p"), ox.Literal("B", language="fr")))
    rows = [(s["x"].value, s["lang"].value) for s in store.query(bound)]
    assert rows == [("urn:a", "en")]


def test_bind_values_takes_ask_without_where_and_refuses_what_would_not_parse():
    bound = Q.bind_values("ASK { ?s <urn:p> ?v }", {"v": Literal(3)})
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.Literal("3", datatype=ox.NamedNode(XSD + "integer"))))
    assert bool(store.query(bound)) is True
    with pytest.raises(QueryError, match="no .* group"):
        Q.bind_values("SELECT ?x ?v", {"v": Literal(1)})
    with pytest.raises(QueryError, match="would not parse"):  # checked before it is sent
        Q.bind_values("SELECT ?x WHERE { ?x ?p ?v FILTER(?v = ) }", {"v": Literal(1)})


def test_every_shipped_query_bound_for_a_server_parses_and_answers_like_substitution(shipped_reasoned):
    from ctoc_kg.dataset import oxigraph_store

    store = oxigraph_store(shipped_reasoned)
    for info in Q.shipped_queries():
        prepared = Q.prepare(info.name)
        bound = Q.bind_values(prepared.text, prepared.bindings)
        answer = store.query(bound, use_default_graph_as_union=True)
        local = Q.execute_store(prepared, store)
        if prepared.kind == "ASK":
            assert bool(answer) == local.ask, info.name
            continue
        names = [v.value for v in answer.variables]
        assert set(local.variables) <= set(names)
        remote = sorted(tuple(str(sol[n]) if sol[n] is not None else "" for n in local.variables)
                        for sol in answer)
        here = sorted(tuple(str(to_ox(t)) if t is not None else "" for t in row) for row in local.rows)
        assert remote == here, info.name


def test_coverage_write_keeps_the_file_mode(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text((REPO / "graph" / "README.md").read_text(encoding="utf-8"), encoding="utf-8")
    block_start = readme.read_text(encoding="utf-8").index("| part |")
    readme.write_text(readme.read_text(encoding="utf-8")[:block_start] + "| part | stale |\n"
                      + readme.read_text(encoding="utf-8")[block_start:].split("\n", 1)[1], encoding="utf-8")
    os.chmod(readme, 0o644)
    proc = ctoc("coverage", "--write", str(readme), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert stat.S_IMODE(readme.stat().st_mode) == 0o644
    assert ctoc("coverage", "--write", str(readme), "--check", cwd=tmp_path).returncode == 0


@pytest.mark.usefixtures("reuse_shipped_validation")
def test_validate_output_is_written_whole_or_not_at_all(tmp_path):
    out = tmp_path / "report.xml"
    out.write_text("previous\n", encoding="utf-8")
    os.chmod(out, 0o640)
    proc = ctoc("validate", "--format", "junit", "--output", str(out), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    ET.parse(out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.xml"]  # no temporary left
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "report.xml").write_text("previous\n", encoding="utf-8")
    os.chmod(locked, 0o500)
    try:
        proc = ctoc("validate", "--output", str(locked / "report.xml"), cwd=tmp_path)
        if os.geteuid() != 0:  # root writes anywhere
            assert proc.returncode == 2
            assert (locked / "report.xml").read_text(encoding="utf-8") == "previous\n"
    finally:
        os.chmod(locked, 0o700)


@pytest.mark.slow
def test_no_command_prints_a_traceback_without_debug(tmp_path):
    """The console script itself (logging and warnings as a user sees them)."""
    files = [str(f) for f in mutated(tmp_path, "start-month-13")]
    script = console_script()
    commands = [
        ["validate", *files], ["report", *files], ["coverage", *files],
        ["export", "--format", "nt", *files],
        ["query", "meetings-in-range", *[arg for f in files for arg in ("--data", f)]],
    ]
    for args in commands:
        proc = run([script, *args], cwd=tmp_path)
        assert proc.returncode in (0, 1), (args, proc.stderr)
        assert "Traceback" not in proc.stderr and "Failed to convert" not in proc.stderr, (args, proc.stderr)
        assert "Warning:" not in proc.stderr, (args, proc.stderr)
    debug = run([script, "--debug", "validate", *files], cwd=tmp_path)
    assert "Failed to convert Literal" in debug.stderr  # --debug shows what the libraries say


def test_sparql_constraints_are_answered_by_oxigraph(monkeypatch):
    """The comparison rules above hold because pyshacl hands its SPARQL to our graph: if a
    pyshacl release bypassed ``SparqlOnOxigraph.query`` (rdflib's engine again), this fails."""
    from ctoc_kg import validate as v

    calls = []
    original = v.SparqlOnOxigraph.query

    def spy(self, *args, **kw):
        calls.append(args[0] if args else kw.get("query_object"))
        return original(self, *args, **kw)

    monkeypatch.setattr(v.SparqlOnOxigraph, "query", spy)
    report = validate(engine="pyshacl")  # the reference engine (the fast one is in Rust)
    assert len(report.results) == 1
    assert any("ctoc:sequenceRelation" in str(q) for q in calls)  # SequencingStatementRule
