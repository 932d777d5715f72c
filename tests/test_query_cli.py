"""`ctoc-kg query`, run in-process (the console script itself is tested in test_cli.py)."""

from __future__ import annotations

import csv
import io
import json

from conftest import REPO, ctoc


def cli(*args, cwd=REPO):
    return ctoc("query", *args, cwd=cwd)


def test_list_names_every_shipped_query_with_its_question():
    r = cli("--list")
    assert r.returncode == 0, r.stderr
    for name in ("subsidiary-bodies", "reports-before-session", "standard-vocabulary"):
        assert f"{name}:" in r.stdout
    assert "--param body=" in r.stdout
    fr = cli("--list", "--lang", "fr")
    assert "Quels sont les organes subsidiaires" in fr.stdout


def test_csv_output_of_a_parameterised_query():
    r = cli("instrument-provisions", "--param", "instrument=4/4", "--format", "csv")
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [row["bodyName"] for row in rows] == ["Working Group on Trafficking in Persons"]
    assert "instrument" not in rows[0]  # the bound parameter column is dropped


def test_json_output_is_sparql_results():
    r = cli("reports-before-session", "--format", "json")
    data = json.loads(r.stdout)
    assert len(data["results"]["bindings"]) == 9
    assert "symbol" in data["head"]["vars"]


def test_tsv_xml_and_table_outputs():
    tsv = cli("body-timeline", "--format", "tsv")
    assert tsv.stdout.splitlines()[0].startswith("?ordinal\t?meeting")
    xml = cli("body-timeline", "--format", "xml")
    assert "<sparql" in xml.stdout and "CTOC/COP/WG.4/2019/6" in xml.stdout
    table = cli("body-timeline")
    assert "CTOC/COP/WG.4/2020/4" in table.stdout and "(2 rows)" in table.stdout


def test_no_reasoning_hides_the_adoption_sessions_and_the_alignment():
    assert "(0 rows)" in cli("standard-vocabulary", "--no-reasoning").stdout
    assert "(10 rows)" in cli("standard-vocabulary").stdout


def test_injection_attempt_is_rejected_or_harmless():
    bad_iri = cli("body-timeline", "--param", 'body=x" } DROP ALL { <y>')
    assert bad_iri.returncode == 2 and "not a valid IRI" in bad_iri.stderr
    literal = cli("instrument-provisions", "--param", 'instrument=7/1" . } DROP ALL {', "--format", "csv")
    assert literal.returncode == 0
    assert literal.stdout.strip().splitlines() == [
        "provision,action,body,bodyName,status,addressee,description"]


def test_syntax_error_exit_2_with_line_and_column(tmp_path):
    q = tmp_path / "bad.rq"
    q.write_text("SELECT ?s WHERE {\n  ?s ?p ?o ?x .\n}\n")
    r = cli(str(q))
    assert r.returncode == 2
    assert f"{q}:2:" in r.stderr and "syntax error" in r.stderr


def test_service_refused_unless_allowed(tmp_path):
    q = tmp_path / "svc.rq"
    q.write_text("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }\n")
    r = cli(str(q))
    assert r.returncode == 2 and "SERVICE" in r.stderr and "--allow-service" in r.stderr


def test_user_query_file_and_user_data(tmp_path):
    data = tmp_path / "mine.ttl"
    data.write_text("@prefix ctoc: <https://w3id.org/ctoc-kg/ontology#> .\n"
                    "<https://example.org/wg> a ctoc:WorkingGroup .\n")
    q = tmp_path / "groups.rq"
    q.write_text("PREFIX ctoc: <https://w3id.org/ctoc-kg/ontology#>\n"
                 "SELECT ?g WHERE { ?g a ctoc:SubsidiaryBody }\n")
    r = cli(str(q), "--data", str(data), "--format", "csv")
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["g", "https://example.org/wg"]


def test_unknown_query_name_and_parameter_exit_2():
    assert cli("no-such-question").returncode == 2
    r = cli("subsidiary-bodies", "--param", "colour=red")
    assert r.returncode == 2 and "unknown parameter" in r.stderr
