"""`ctoc-kg report` (in-process) and the report API."""

from __future__ import annotations

import pytest

import json

from conftest import REPO, ctoc

SYMBOLS = ["CTOC/COP/WG.10/2019/5", "CTOC/COP/WG.10/2020/6", "CTOC/COP/WG.4/2019/6",
           "CTOC/COP/WG.4/2020/4", "CTOC/COP/WG.7/2019/6", "CTOC/COP/WG.7/2020/4",
           "CTOC/COP/WG.6/2020/4", "CTOC/COP/WG.3/2020/4", "CTOC/COP/WG.2/2020/3"]


@pytest.fixture(scope="module")
def report_without_validation():
    """``build_report(validation=False)``, once for the module (never changed: copy it)."""
    from ctoc_kg.report import build_report

    return build_report(validation=False)


def test_report_prints_the_tables_and_the_validation_line(tmp_path):
    r = ctoc("report", cwd=tmp_path)  # outside the checkout: shipped data only
    assert r.returncode == 0, r.stderr
    out = r.stdout
    for title in ("Subsidiary bodies and their mandates (7)", "Reports before the tenth session (9)",
                  "Meeting timeline (9)"):
        assert title in out
    for symbol in SYMBOLS:
        assert symbol in out
    for name in ("Working Group on Trafficking in Persons", "Working Group on Firearms",
                 "Working Group on International Cooperation",
                 "Working Group of Government Experts on Technical Assistance"):
        assert name in out
    assert "4/4 interim → 7/1 constant element" in out  # the Conference's English wording
    assert "English texts not confirmed against the UN's English texts (8)" in out
    assert "2020-07-07 – 2020-07-08" in out
    last = out.strip().splitlines()[-1]
    assert last.startswith("Validation: conforms: 0 violations")


@pytest.mark.slow
def test_report_in_french_as_json():
    r = ctoc("report", "--format", "json", "--lang", "fr", cwd=REPO)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    sections = {s["key"]: s for s in data["sections"]}
    assert sections["reports"]["title"] == "Rapports présentés à la dixième session"
    assert {row["Cote"] for row in sections["reports"]["rows"]} == set(SYMBOLS)
    names = {row["Organe"] for row in sections["bodies"]["rows"]}
    assert "Groupe de travail sur la traite des personnes" in names
    assert data["validation"]["conforms"] is True
    assert data["validation"]["counts"]["Violation"] == 0


def test_report_exits_1_when_validation_fails(monkeypatch, report_without_validation):
    import copy

    from click.testing import CliRunner

    from ctoc_kg.cli import main
    import ctoc_kg.report as report_module

    class Failing:
        conforms = False

        def summary(self):
            return "does not conform: 1 violation"

    def build(**kw):
        assert kw.get("lang", "en") == "en"
        rep = copy.copy(report_without_validation)
        rep.validation = Failing()
        return rep

    monkeypatch.setattr(report_module, "build_report", build)
    r = CliRunner().invoke(main, ["report"])
    assert r.exit_code == 1
    assert "Validation: does not conform: 1 violation" in r.output


def test_report_api_sections(report_without_validation):
    from ctoc_kg.report import render_text

    rep = report_without_validation
    assert [s.key for s in rep.sections] == ["bodies", "reports", "meetings", "unconfirmed"]
    bodies = {row[0]: row for row in rep.sections[0].rows}
    assert bodies["Working Group on Firearms"][3] == "5/4 (session 5)"
    assert bodies["Working Group on Firearms"][5] == "constant element"  # the Conference's wording
    unconfirmed = {(row[0], row[1]): row[2] for row in rep.sections[3].rows}
    assert unconfirmed[("resolution 5/3", "subject")].startswith("Implementation of the Protocol against")
    assert ("agenda item 5 of the tenth session", "title") in unconfirmed
    assert not [k for k in unconfirmed if k[0].startswith("Working Group")]  # confirmed names
    assert render_text(rep).strip().endswith("Validation: skipped")
