"""``ctoc-kg validate`` on the shipped graph, broken copies of it (one per cross-node
rule), output formats and exit codes; in-process, except the one test of the console
script itself."""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from conftest import REPO, console_script, ctoc, run
from rdflib import Graph

from ctoc_kg import resources

SHNS = "https://w3id.org/ctoc-kg/shapes#"
ID = "https://w3id.org/ctoc-kg/id/"
NOTE = "note-2020-07-01-subsidiary-bodies.ttl"
MEETING_TIP_9 = "<https://w3id.org/ctoc-kg/id/body/working-group-trafficking-in-persons/meeting/9>"
PREFIXES = ("@prefix ctoc: <https://w3id.org/ctoc-kg/ontology#> .\n"
            "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
            "@prefix id: <https://w3id.org/ctoc-kg/id/> .\n")


def validate_cli(*args: str, cwd: Path = REPO):
    return ctoc("validate", *args, cwd=cwd)


def block(text: str, subject: str) -> tuple[int, int]:
    """Start and end offsets of the Turtle block of ``subject`` (up to its final ``.``)."""
    start = text.index("\n" + subject + "\n") + 1
    end = text.index("\n.\n", start) + 3
    return start, end


def broken_copy(tmp_path: Path, edit=None, extra: str = "") -> list[str]:
    """Copies of the shipped graph files, the note edited by ``edit(text) -> text``,
    plus an extra Turtle file; returns the file arguments."""
    files = []
    for path in resources.graph_files():
        text = path.read_text(encoding="utf-8")
        if path.name == NOTE and edit is not None:
            changed = edit(text)
            assert changed != text, "the edit did not apply"
            text = changed
        (tmp_path / path.name).write_text(text, encoding="utf-8")
        files.append(str(tmp_path / path.name))
    if extra:
        (tmp_path / "extra.ttl").write_text(PREFIXES + extra, encoding="utf-8")
        files.append(str(tmp_path / "extra.ttl"))
    return files


def replace_in_block(subject: str, old: str, new: str):
    def edit(text: str) -> str:
        start, end = block(text, subject)
        part = text[start:end]
        assert part.count(old) == 1, (subject, old)
        return text[:start] + part.replace(old, new) + text[end:]
    return edit


def results(proc) -> list[dict]:
    return json.loads(proc.stdout)["results"]


@pytest.mark.slow
def test_shipped_graph_exits_0_and_shows_the_paragraph_15_warning():
    proc = run([console_script(), "validate"], cwd=REPO)  # the real console script
    assert proc.returncode == 0, proc.stderr
    assert "0 violations, 1 warning" in proc.stdout
    assert "Warning (1):" in proc.stdout
    assert "source:  paragraph 15 of the note" in proc.stdout
    assert "statement/para-15-sequence>" in proc.stdout


@pytest.mark.usefixtures("reuse_shipped_validation")
def test_fail_on_warning_exits_1_on_the_shipped_graph():
    proc = validate_cli("--fail-on", "warning", "--format", "json")
    assert proc.returncode == 1, proc.stderr
    [r] = results(proc)
    assert r["severity"] == "Warning"
    assert r["focus"] == ID + "doc/note-2020-07-01-subsidiary-bodies/statement/para-15-sequence"
    assert r["source_shape"] == SHNS + "SequencingStatementRule-datesAgree"
    assert [s["number"] for s in r["sources"] if s["kind"] == "Paragraph"] == [15]


def test_fail_on_none_exits_0_even_with_violations(tmp_path):
    files = broken_copy(tmp_path, replace_in_block(MEETING_TIP_9, '"2019-09-11"^^xsd:date', '"2019-09-01"^^xsd:date'))
    assert validate_cli(*files, "--fail-on", "none").returncode == 0


def test_sequencing_statement_that_agrees_with_the_dates_gives_no_warning(tmp_path):
    """Swap the two meetings of paragraph 15's statement: the Warning goes away."""
    statement = "<https://w3id.org/ctoc-kg/id/doc/note-2020-07-01-subsidiary-bodies/statement/para-15-sequence>"
    ic = "<https://w3id.org/ctoc-kg/id/body/working-group-international-cooperation/meeting/11>"
    ta = "<https://w3id.org/ctoc-kg/id/body/working-group-technical-assistance/meeting/12>"

    def edit(text):
        start, end = block(text, statement)
        part = text[start:end].replace(ic, "@@").replace(ta, ic).replace("@@", ta)
        return text[:start] + part + text[end:]

    proc = validate_cli(*broken_copy(tmp_path, edit), "--fail-on", "warning", "--format", "json")
    assert proc.returncode == 0, proc.stdout
    assert results(proc) == []


# One broken copy per cross-node rule: (edit of the note, extra triples, focus, source shape).
BROKEN = {
    "meeting ends before it starts": (
        replace_in_block(MEETING_TIP_9, '"2019-09-11"^^xsd:date', '"2019-09-01"^^xsd:date'), "",
        "body/working-group-trafficking-in-persons/meeting/9", "EventRule-endAfterStart"),
    "report symbol series": (
        lambda t: t.replace('ctoc:symbol "CTOC/COP/WG.4/2019/6"', 'ctoc:symbol "CTOC/COP/WG.5/2019/6"'), "",
        "doc/ctoc-cop-wg.4-2019-6", "ReportRule-symbolSeries"),
    "report symbol year": (
        lambda t: t.replace('ctoc:symbol "CTOC/COP/WG.4/2020/4"', 'ctoc:symbol "CTOC/COP/WG.4/2019/4"'), "",
        "doc/ctoc-cop-wg.4-2020-4", "ReportRule-symbolYear"),
    "meeting ordinals increase with dates": (
        replace_in_block(MEETING_TIP_9, '"2019-09-09"^^xsd:date', '"2020-09-12"^^xsd:date'), "",
        "body/working-group-trafficking-in-persons/meeting/9", "MeetingRule-ordinalOrder"),
    "report goes to a later session": (
        replace_in_block("<https://w3id.org/ctoc-kg/id/body/working-group-firearms/meeting/7>",
                         '"2020-07-17"^^xsd:date', '"2020-10-13"^^xsd:date'), "",
        "doc/ctoc-cop-wg.6-2020-4", "ReportRule-sessionAfterMeeting"),
    "instrument N/M adopted at session N": (
        None, "id:resolution\\/7-1 ctoc:adoptedAt id:session\\/10 .\n",
        "resolution/7-1", "InstrumentRule-adoptionSession"),
    "status change after establishment": (
        None,
        "id:test-early-status-change a ctoc:StatusChange ;\n"
        "  rdfs:label \"decision 4/4 makes the Working Group on Firearms permanent\"@en ,\n"
        "    \"la décision 4/4 rend permanent le Groupe de travail sur les armes à feu\"@fr ;\n"
        "  ctoc:concernsBody id:body\\/working-group-firearms ; ctoc:inInstrument id:decision\\/4-4 ;\n"
        "  ctoc:resultingStatus ctoc:Permanent ;\n"
        "  ctoc:statedIn id:doc\\/note-2020-07-01-subsidiary-bodies\\/para\\/11 .\n",
        "test-early-status-change", "StatusChangeRule-afterEstablishment"),
}


@pytest.mark.slow
@pytest.mark.parametrize("rule", list(BROKEN))
def test_broken_copy_exits_1_with_the_rule_result(tmp_path, rule):
    edit, extra, focus, shape = BROKEN[rule]
    files = broken_copy(tmp_path, edit, extra)
    proc = validate_cli(*files, "--format", "json")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    found = {(r["focus"], r["source_shape"], r["severity"]) for r in results(proc)}
    assert (ID + focus, SHNS + shape, "Violation") in found, sorted(found)


def test_unbroken_copy_of_the_graph_exits_0(tmp_path):
    """The broken-copy machinery itself: copies without an edit conform."""
    proc = validate_cli(*broken_copy(tmp_path), "--format", "json")
    assert proc.returncode == 0, proc.stdout
    assert [r["source_shape"] for r in results(proc)] == [SHNS + "SequencingStatementRule-datesAgree"]


@pytest.fixture(scope="module")
def several_results(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("several")
    files = broken_copy(tmp, lambda t: t.replace('ctoc:symbol "CTOC/COP/WG.4/2019/6"', 'ctoc:symbol "ctoc/cop/wg.4"'))
    out = {}
    for fmt in ("json", "junit", "turtle"):
        proc = validate_cli(*files, "--format", fmt)
        assert proc.returncode == 1, proc.stderr
        out[fmt] = proc.stdout
    return out


@pytest.mark.slow
def test_json_has_one_entry_per_result(several_results):
    doc = json.loads(several_results["json"])
    assert doc["conforms"] is False
    assert len(doc["results"]) == sum(doc["counts"].values()) >= 3
    assert {"focus", "path", "value", "severity", "source_shape", "constraint_component",
            "messages", "sources", "focus_label"} <= set(doc["results"][0])


@pytest.mark.slow
def test_junit_has_one_testcase_per_result(several_results):
    doc = json.loads(several_results["json"])
    suite = ET.fromstring(several_results["junit"])
    cases = suite.findall("testcase")
    assert len(cases) == len(doc["results"]) == int(suite.get("tests"))
    failures = [c for c in cases if c.find("failure") is not None]
    assert len(failures) == int(suite.get("failures")) == doc["counts"]["Violation"]
    assert {c.get("classname") for c in failures} >= {"ctocsh:DocumentShape-symbol", "ctocsh:ReportShape-symbol"}


@pytest.mark.slow
def test_turtle_report_parses(several_results):
    from rdflib.namespace import SH

    g = Graph().parse(data=several_results["turtle"], format="turtle")
    n = len(json.loads(several_results["json"])["results"])
    assert len(set(g.subjects(None, SH.ValidationResult))) == n


@pytest.mark.usefixtures("reuse_shipped_validation")
def test_junit_on_the_shipped_graph_has_a_case_even_without_failures():
    proc = validate_cli("--format", "junit")
    assert proc.returncode == 0
    suite = ET.fromstring(proc.stdout)
    assert suite.get("failures") == "0"
    assert len(suite.findall("testcase")) == 1  # the paragraph-15 Warning, as skipped


@pytest.mark.usefixtures("reuse_shipped_validation")
def test_output_file(tmp_path):
    out = tmp_path / "report.json"
    proc = validate_cli("--format", "json", "--output", str(out))
    assert proc.returncode == 0
    assert proc.stdout == ""
    assert "conforms" in proc.stderr
    assert len(json.loads(out.read_text(encoding="utf-8"))["results"]) == 1


def test_bad_data_file_exits_2_with_position(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix x: <http://x/> .\nx:a x:b x:c ;\n  x:d .\n", encoding="utf-8")
    proc = validate_cli(str(bad))
    assert proc.returncode == 2
    assert re.search(r"bad\.ttl:3:\d+: ", proc.stderr), proc.stderr


def test_bad_shapes_file_exits_2_with_position(tmp_path):
    bad = tmp_path / "shapes.ttl"
    bad.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n<urn:s> a sh:NodeShape ;\n", encoding="utf-8")
    proc = validate_cli("--shapes", str(bad))
    assert proc.returncode == 2
    assert "shapes.ttl:" in proc.stderr


def test_missing_file_exits_2(tmp_path):
    proc = validate_cli(str(tmp_path / "nothing.ttl"))
    assert proc.returncode == 2
    assert "nothing.ttl" in proc.stderr


def test_own_shapes_and_ontology(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix ctoc: <https://w3id.org/ctoc-kg/ontology#> .\n"
        "<urn:x#MeetingCount> a sh:NodeShape ; sh:targetClass ctoc:Meeting ;\n"
        "  sh:property <urn:x#MeetingCount-ordinal> .\n"
        "<urn:x#MeetingCount-ordinal> a sh:PropertyShape ; sh:path ctoc:ordinal ; sh:maxInclusive 10 .\n",
        encoding="utf-8")
    ontology = REPO / "ontology" / "ctoc.ttl"
    proc = validate_cli("--shapes", str(shapes), "--ontology", str(ontology), "--format", "json")
    assert proc.returncode == 1
    focus = {r["focus"] for r in results(proc)}
    assert ID + "body/working-group-technical-assistance/meeting/12" in focus
    assert all(r["source_shape"] == "urn:x#MeetingCount-ordinal" for r in results(proc))


def test_help_lists_every_option():
    proc = validate_cli("--help")
    assert proc.returncode == 0
    for opt in ("--shapes", "--ontology", "--inference", "--engine", "--format", "--fail-on", "--output"):
        assert opt in proc.stdout


def test_both_engines_print_the_same_report(tmp_path):
    files = broken_copy(tmp_path, lambda t: t.replace('ctoc:symbol "CTOC/COP/WG.4/2019/6"',
                                                      'ctoc:symbol "ctoc/cop/wg.4"'))
    out = {}
    for engine in ("fast", "pyshacl"):
        proc = validate_cli(*files, "--engine", engine, "--format", "json")
        assert proc.returncode == 1, proc.stderr
        doc = json.loads(proc.stdout)
        doc.pop("seconds")
        out[engine] = doc
    assert out["fast"]["results"]
    assert out["fast"] == out["pyshacl"]
    assert validate_cli("--engine", "jena").returncode == 2
