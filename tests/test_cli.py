import importlib.metadata
import json
import sys

from conftest import FIXTURE_DATA, FIXTURE_ONTOLOGY, console_script, ctoc, run
import ctoc_kg


def test_help_lists_commands_without_importing_rdflib(tmp_path):
    r = run([console_script(), "--help"], cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "info" in r.stdout and "fmt" in r.stdout
    code = ("import sys\nfrom ctoc_kg.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print('RDFLIB' if 'rdflib' in sys.modules else 'LIGHT')")
    r = run([sys.executable, "-c", code], cwd=tmp_path)
    assert r.stdout.strip().endswith("LIGHT"), r.stdout + r.stderr


def test_version_matches_the_package(tmp_path):
    expected = importlib.metadata.version("ctoc-kg")
    assert expected == ctoc_kg.__version__
    r = run([console_script(), "--version"], cwd=tmp_path)
    assert (r.returncode, r.stdout.strip()) == (0, f"ctoc-kg {expected}")
    r = run([sys.executable, "-m", "ctoc_kg", "--version"], cwd=tmp_path)
    assert (r.returncode, r.stdout.strip()) == (0, f"ctoc-kg {expected}")


# The console script itself is tested above (--help, --version) and in
# test_bad_input_catalogue.py; the commands below run in-process (conftest.ctoc).


def test_info_json_on_fixture_files(tmp_path):
    r = ctoc("info", "--no-ontology", "--format", "json", str(FIXTURE_ONTOLOGY), str(FIXTURE_DATA),
             cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    s = json.loads(r.stdout)
    graphs = s["graphs"]
    assert graphs["https://w3id.org/ctoc-kg/graph/data"] == 12
    assert graphs["https://w3id.org/ctoc-kg/graph/inferred"] > 0
    assert s["triples"] == sum(graphs.values())
    assert s["classes"] == 6
    assert s["ontology"]["version_info"] == "9.9.9-fixture"
    assert ["http://example.org/fixture#Body", 3] in s["instances"]
    assert s["reasoning"]["profile"] == "targeted"


def test_info_text_without_reasoning(tmp_path):
    r = ctoc("info", "--no-ontology", "--reasoning", "none", str(FIXTURE_ONTOLOGY), str(FIXTURE_DATA),
             cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "version 9.9.9-fixture" in r.stdout
    assert "triples: 46 in 2 named graphs" in r.stdout
    assert "reasoning: none" in r.stdout


def test_bad_input_is_one_line_on_stderr_and_exit_2(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix : <http://x/> .\n:a :b .\n", encoding="utf-8")
    r = ctoc("info", "--no-ontology", str(bad), cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == [r.stderr.strip()]
    assert f"{bad}:2:" in r.stderr and "Traceback" not in r.stderr
    r = ctoc("--debug", "info", "--no-ontology", str(bad), cwd=tmp_path)
    assert r.returncode == 2 and "Traceback" in r.stderr


def test_usage_error_exits_2(tmp_path):
    r = ctoc("info", "--format", "xml", cwd=tmp_path)
    assert r.returncode == 2


def test_info_on_the_shipped_data(tmp_path):
    """`ctoc-kg info` with no files reads the shipped ontology and graph (the lead's
    ontology/ctoc.ttl and graph/*.ttl), from a folder outside the checkout."""
    from rdflib import OWL, RDF, Graph

    from conftest import REPO

    onto = Graph().parse(REPO / "ontology" / "ctoc.ttl")
    [ontology_iri] = list(onto.subjects(RDF.type, OWL.Ontology))
    version = str(onto.value(ontology_iri, OWL.versionInfo))
    r = ctoc("info", "--format", "json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    s = json.loads(r.stdout)
    assert s["ontology"]["iri"] == str(ontology_iri) == "https://w3id.org/ctoc-kg/ontology"
    assert s["ontology"]["version_info"] == version
    graphs = s["graphs"]
    assert graphs["https://w3id.org/ctoc-kg/graph/ontology"] >= len(onto) > 0
    for f in sorted((REPO / "graph").glob("*.ttl")):
        assert graphs[f"https://w3id.org/ctoc-kg/graph/{f.stem}"] > 0, f.name
    assert s["triples"] == sum(graphs.values()) > 0
    assert s["classes"] > 0 and s["instances"]


def test_choice_lists_are_the_api_constants():
    """Every click.Choice of every command equals the API constant it stands for (a
    new choice list fails here until it is mapped to its constant)."""
    import click

    from ctoc_kg import LANGUAGES, coverage, export, generate, info, query, reason, report, validate
    from ctoc_kg import validation_formats
    from ctoc_kg.cli import COMMANDS, main
    from ctoc_kg.store import uploads

    expected = {
        ("coverage", "output_format"): coverage.FORMATS,
        ("export", "output_format"): tuple(export.FORMATS),
        ("extract", "lang"): LANGUAGES,
        ("generate", "output_format"): generate.SUMMARY_FORMATS,
        ("info", "output_format"): info.FORMATS,
        ("info", "reasoning"): (*reason.PROFILES, "none"),
        ("load", "output_format"): uploads.FORMATS,
        ("query", "output_format"): query.FORMATS,
        ("query", "engine"): query.ENGINES,
        ("query", "lang"): LANGUAGES,
        ("report", "output_format"): report.FORMATS,
        ("report", "lang"): LANGUAGES,
        ("validate", "inference"): validate.INFERENCE,
        ("validate", "engine"): validate.ENGINES,
        ("validate", "output_format"): validation_formats.FORMATS,
        ("validate", "fail_on"): validate.FAIL_ON,
    }
    found = {}
    ctx = click.Context(main)
    for name in COMMANDS:
        for param in main.get_command(ctx, name).params:
            if isinstance(param.type, click.Choice):
                found[(name, param.name)] = tuple(param.type.choices)
    assert found == {k: tuple(v) for k, v in expected.items()}
