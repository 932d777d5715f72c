"""ctoc-kg extract: the first note against the hand-encoded graph, the test notes
against their expected facts, the formats, the errors, and the workflow (validate,
fmt)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from conftest import REPO

from ctoc_kg.cli import main
from ctoc_kg.errors import InputError
from ctoc_kg.extract import extract, extract_text
from ctoc_kg.extract.compare import STRICT, facts_of, from_json, score, table

NOTES = REPO / "tests" / "data" / "extract"
SEED_NAME = "000_f51f591040335cc9.txt"


def source_dir() -> Path | None:
    """``$CTOC_KG_SOURCE_DIR``, else ``../shared/source`` beside the checkout (or beside
    the folder of worktrees)."""
    env = os.environ.get("CTOC_KG_SOURCE_DIR")
    candidates = [Path(env)] if env else [REPO.parent / "shared" / "source", REPO.parent.parent / "shared" / "source"]
    for c in candidates:
        if (c / SEED_NAME).is_file():
            return c
    return None


@pytest.fixture(scope="module")
def seed():
    folder = source_dir()
    if folder is None:
        pytest.fail(f"the first note's text {SEED_NAME} was not found in ../shared/source beside the repository "
                    "(set CTOC_KG_SOURCE_DIR to the folder that holds it)")
    return extract(folder / SEED_NAME)


def test_seed_precision_and_recall_per_kind(seed, capsys):
    hand = facts_of(Graph().parse(REPO / "graph" / "note-2020-07-01-subsidiary-bodies.ttl"))
    scores = score(hand, facts_of(seed.graph))
    with capsys.disabled():
        print("\n" + table(scores, "ctoc-kg extract on the first note vs graph/note-2020-07-01-subsidiary-bodies.ttl"))
    for s in scores:
        if s.kind in STRICT:
            assert s.precision == 1.0, (s.kind, s.wrong)
            assert s.recall >= 0.95, (s.kind, s.missing)


def test_seed_same_document_and_parts(seed):
    assert seed.doc.endswith("/doc/note-2020-07-01-subsidiary-bodies")
    assert seed.lang == "fr"
    keys = [p.key for p in seed.parts]
    assert keys[:2] == ["header", "title"]
    assert [k for k in keys if k.startswith("para/")] == [f"para/{n}" for n in range(1, 19)]
    assert sum(k.startswith("heading/") for k in keys) == 6 and "footnote/1" in keys


def test_seed_nothing_invented(seed):
    """Every symbol, date and number of the output is in the note's text."""
    inventory = json.loads((REPO / "tests" / "data" / "note-inventory.json").read_text("utf-8"))
    got = facts_of(seed.graph)
    assert {s for (s,) in got["symbol"]} <= set(inventory["symbols"])
    assert {d for (_n, _p, d) in got["date"]} <= set(inventory["dates"])


def _expected(md: Path) -> dict:
    return json.loads(md.with_suffix(".expected.json").read_text("utf-8"))


TEST_NOTES = sorted(NOTES.glob("*.md"))
_EXTRACTED: dict = {}


def extracted(md: Path):
    """``extract(md)`` of a test note, once per process: the tests only read it."""
    if md not in _EXTRACTED:
        _EXTRACTED[md] = extract(md)
    return _EXTRACTED[md]


def test_there_are_test_notes_in_both_languages():
    langs = [_expected(p)["language"] for p in TEST_NOTES]
    assert len(TEST_NOTES) >= 3 and "fr" in langs and "en" in langs
    for p in TEST_NOTES:  # invented facts are marked as test data
        assert "TEST DATA" in p.read_text("utf-8") or "DONNÉES DE TEST" in p.read_text("utf-8")


@pytest.mark.parametrize("md", TEST_NOTES, ids=[p.stem for p in TEST_NOTES])
def test_test_note(md, capsys):
    exp = _expected(md)
    x = extracted(md)
    assert x.lang == exp["language"]
    assert x.doc.endswith("/" + exp["document"])
    scores = score(from_json(exp), facts_of(x.graph))
    with capsys.disabled():
        print("\n" + table(scores, f"{md.name}{' [held out]' if exp.get('held_out') else ''}"))
    for s in scores:
        if s.kind in STRICT and s.kind != "ordinal" or not exp.get("held_out"):
            if s.kind in STRICT:
                assert s.precision == 1.0, (s.kind, s.wrong)
        if not exp.get("held_out") and s.kind in STRICT:
            assert s.recall >= 0.95, (s.kind, s.missing)
    if not exp.get("held_out"):
        assert not x.not_understood(), [u.text for _p, u in x.not_understood()]


def test_new_entities_are_listed_and_typed():
    x = extracted(NOTES / "en-2022-subsidiary-bodies.md")
    new = {e.iri.split("/id/")[1]: e.cls for e in x.new.values()}
    assert new["body/working-group-protection-cultural-property"] == "WorkingGroup"
    assert new["resolution/10-4"] == "Resolution" and new["session/11"] == "Session"
    review = x.review_markdown()
    assert "body/working-group-protection-cultural-property" in review


def test_variants_link_to_the_same_body():
    base = ("Distr.: General\n1 July 2021\n\nNote by the Secretariat\n\n1. {name} held its fifth meeting "
            "in Vienna on 3 May 2021.\n")
    iris = set()
    for name in ("The Working Group on Trafficking in Persons",
                 "The open-ended interim working group on trafficking in persons",
                 "The provisional working group on trafficking in persons",
                 "The open-ended Working Group on Trafficking in Persons"):
        x = extract_text(base.format(name=name), lang="en")
        iris |= {f.values["body"] for f in x.facts if f.kind == "meeting"}
    assert iris == {"https://w3id.org/ctoc-kg/id/body/working-group-trafficking-in-persons"}


def test_review_lists_what_was_not_understood():
    text = ("Distr.: General\n1 July 2021\n\nNote by the Secretariat\n\n1. The Working Group on Firearms held its "
            "fifth meeting in Vienna on 3 May 2021. The weather in Vienna was pleasant.\n")
    x = extract_text(text, lang="en")
    missing = [u.text for _p, u in x.not_understood()]
    assert missing == ["The weather in Vienna was pleasant."]
    data = x.review_json()
    units = [u for p in data["parts"] for u in p["units"]]
    assert {u["status"] for u in units} == {"understood", "not understood"}
    st = next(s for u in units for s in u["statements"] if s["kind"] == "meeting")
    assert "fifth meeting" in " ".join(sp["text"] for sp in st["spans"])
    assert "**not understood**" in x.review_markdown()


# --- command line -------------------------------------------------------------------

def _run(args):
    return CliRunner().invoke(main, args, catch_exceptions=False)


def test_cli_writes_canonical_turtle_and_report(tmp_path):
    out, rep = tmp_path / "note.ttl", tmp_path / "review.json"
    r = _run(["extract", str(NOTES / "fr-2021-groupes-de-travail.md"), "-o", str(out), "--report", str(rep)])
    assert r.exit_code == 0, r.output
    from ctoc_kg.turtle import format_file

    prov = tmp_path / "note.provenance.ttl"
    assert format_file(out) == out.read_bytes()  # ctoc-kg fmt leaves it unchanged
    assert format_file(prov) == prov.read_bytes()
    data = json.loads(rep.read_text("utf-8"))
    assert data["language"] == "fr" and data["not_understood"] == 0


@pytest.mark.parametrize("content, suffix, message", [
    ("", ".txt", "empty"),
    ("   \n\n", ".md", "empty"),
    ("El Grupo de Trabajo sobre la trata de personas celebró su novena reunión en Viena "
     "del 9 al 11 de septiembre de 2019 y presentará su informe.", ".txt", "language other than French or English"),
    ("The quick brown fox jumps over the lazy dog. The children played football in the park all day.",
     ".txt", "nothing of the genre was recognised"),
    ("%PDF-1.4\nthis is not really a PDF", ".pdf", "unreadable PDF"),
    ("not a pdf at all", ".pdf", "not a PDF"),
    ("PK\x03\x04 broken", ".docx", "not a readable .docx"),
], ids=["empty", "blank", "spanish", "other-genre", "broken-pdf", "not-pdf", "broken-docx"])
def test_cli_bad_input_exit_2_nothing_written(tmp_path, content, suffix, message):
    src = tmp_path / f"in{suffix}"
    src.write_text(content, encoding="utf-8")
    out, rep = tmp_path / "out.ttl", tmp_path / "review.md"
    r = CliRunner().invoke(main, ["extract", str(src), "-o", str(out), "--report", str(rep)])
    assert r.exit_code == 2
    assert message in r.output
    assert not out.exists() and not rep.exists()


def test_cli_help():
    r = _run(["extract", "--help"])
    assert r.exit_code == 0 and "--report" in r.output and "--lang" in r.output


# --- formats --------------------------------------------------------------------------

def _blocks(md: Path) -> list[tuple[str, bool]]:
    from ctoc_kg.extract.read import normalise

    out = []
    for block in normalise(md.read_text("utf-8")).split("\n\n"):
        b = block.strip()
        if not b:
            continue
        bold = b.startswith("**") and b.endswith("**")
        if bold or re.match(r"\d+\.\s", b):
            out.append((" ".join(b.strip("*").split()), bold))
        else:  # header lines stay lines (line breaks inside one Word paragraph)
            out.append(("\n".join(" ".join(line.split()) for line in b.split("\n")), bold))
    return out


def test_docx_gives_the_same_facts_as_the_text(tmp_path):
    import docx

    md = NOTES / "en-2022-subsidiary-bodies.md"
    d = docx.Document()
    for text, bold in _blocks(md):
        p = d.add_paragraph()
        p.add_run(text).bold = bold or None
    path = tmp_path / "note.docx"
    d.save(path)
    assert facts_of(extract(path).graph) == facts_of(extracted(md).graph)


def test_docx_numbered_paragraphs_without_typed_numbers(tmp_path):
    import docx

    md = NOTES / "fr-2021-groupes-de-travail.md"
    d = docx.Document()
    for text, bold in _blocks(md):
        m = re.match(r"\d+\.\s+", text)
        p = d.add_paragraph(text[m.end():] if m else text, style="List Number" if m else None)
        if bold:
            for run in p.runs:
                run.bold = True
    path = tmp_path / "note.docx"
    d.save(path)
    assert facts_of(extract(path).graph) == facts_of(extracted(md).graph)


@pytest.mark.slow
def test_pdf_gives_the_same_facts_as_the_text(tmp_path):
    from fpdf import FPDF

    md = NOTES / "fr-2021-groupes-de-travail.md"
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for text, bold in _blocks(md):
        pdf.set_font("Helvetica", style="B" if bold else "", size=10)
        pdf.multi_cell(0, 5, text.replace("’", "'"))
        pdf.ln(4)
    path = tmp_path / "note.pdf"
    pdf.output(str(path))
    got, want = facts_of(extract(path).graph), facts_of(extracted(md).graph)
    for kind in STRICT:
        assert got[kind] == want[kind], kind


def test_pdf_without_text_layer_is_refused(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 50, 50)
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(InputError, match="no text layer"):
        extract(path)


# --- the workflow: extract into a copy of graph/, then validate, report, query ----------

@pytest.mark.slow
def test_extracted_note_joins_the_graph(tmp_path):
    """Extract a test note into a copy of the repository's graph/: validation passes
    with its one Warning, fmt leaves the file as it is, and `ctoc-kg report` and the
    shipped queries show its meetings and reports beside the first note's."""
    import shutil
    import subprocess
    import sys

    copy = tmp_path / "repo"
    for folder in ("ctoc_kg", "ontology", "graph", "shapes", "queries", "contexts"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__", "data"))
    shutil.copy(REPO / "pyproject.toml", copy / "pyproject.toml")
    env = dict(os.environ, PYTHONPATH=str(copy))

    def ctoc(*args):
        return subprocess.run([sys.executable, "-m", "ctoc_kg", *args], cwd=copy, env=env,
                              capture_output=True, text=True, timeout=300)

    out = copy / "graph" / "note-2021-08-03-subsidiary-bodies.ttl"
    p = ctoc("extract", str(NOTES / "fr-2021-groupes-de-travail.md"), "-o", str(out))
    assert p.returncode == 0, p.stderr
    assert ctoc("fmt", "--check").returncode == 0
    v = ctoc("validate")
    assert v.returncode == 0 and "0 violations, 1 warning" in v.stdout, v.stdout + v.stderr

    r = ctoc("report", "--format", "json", "--no-validation")
    assert r.returncode == 0, r.stderr
    sections = {s["key"]: s for s in json.loads(r.stdout)["sections"]}
    assert len(sections["reports"]["rows"]) == 9                      # the first note's, before session 10
    assert {row["Symbol"] for row in sections["reports-11"]["rows"]} == {"CTOC/COP/WG.4/2021/6", "CTOC/COP/WG.6/2021/2"}
    assert sections["reports-11"]["title"] == "Reports before session 11"
    meetings = sections["meetings"]["rows"]
    dates = {m["Dates"] for m in meetings}
    assert "2021-09-30 – 2021-10-02" in dates and "2022-07-06" in dates  # the new note's
    assert "2019-09-09 – 2019-09-11" in dates                            # the first note's

    q = ctoc("query", "reports-before-session", "--param", "session=11", "--format", "csv")
    assert q.returncode == 0, q.stderr
    assert "CTOC/COP/WG.4/2021/6" in q.stdout and "CTOC/COP/WG.6/2021/2" in q.stdout
    q = ctoc("query", "body-timeline", "--param", "body=working-group-trafficking-in-persons", "--format", "csv")
    assert q.returncode == 0, q.stderr
    for d in ("2019-09-09", "2020-09-10", "2021-09-30", "2022-07-06"):  # both notes' meetings of one body
        assert d in q.stdout, q.stdout


def test_docx_footnotes_part_is_read(tmp_path):
    """Footnotes kept in Word's footnotes part (not in the body) still name the agenda."""
    import zipfile

    import docx

    md = NOTES / "en-2022-subsidiary-bodies.md"
    d = docx.Document()
    for text, bold in _blocks(md):
        if text.startswith("* "):
            continue  # goes to the footnotes part below
        p = d.add_paragraph()
        p.add_run(text).bold = bold or None
    plain = tmp_path / "plain.docx"
    d.save(plain)
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    notes = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{w}">'
             '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
             '<w:footnote w:id="1"><w:p><w:r><w:t>CTOC/COP/2022/1.</w:t></w:r></w:p></w:footnote></w:footnotes>')
    rel = ('<Relationship Id="rIdFn1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
           'footnotes" Target="footnotes.xml"/>')
    ctype = ('<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
             'officedocument.wordprocessingml.footnotes+xml"/>')
    path = tmp_path / "note.docx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
            elif item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", ctype.encode() + b"</Types>")
            dst.writestr(item, data)
        dst.writestr("word/footnotes.xml", notes)
    got = facts_of(extract(path).graph)
    assert ("CTOC/COP/2022/1",) in got["symbol"]
    assert got == facts_of(extracted(md).graph)


@pytest.mark.slow
def test_validate_with_graph_accepts_an_extracted_note(tmp_path):
    out = tmp_path / "note-2021-08-03-subsidiary-bodies.ttl"
    assert _run(["extract", str(NOTES / "fr-2021-groupes-de-travail.md"), "-o", str(out)]).exit_code == 0
    r = CliRunner().invoke(main, ["validate", "--with-graph", str(out)])
    assert r.exit_code == 0, r.output
    assert "0 violations, 1 warning" in r.output  # the first note's paragraph 15, as before
    alone = CliRunner().invoke(main, ["validate", str(out)])
    assert alone.exit_code == 1  # without the shared entities the bodies have no type


@pytest.mark.slow
def test_a_planned_meeting_stated_without_a_day_validates_with_a_warning(tmp_path):
    """fr-2031-noms-courts: "Une seizième session devrait se tenir … au premier semestre de 2032" is a
    planned meeting without ctoc:startDate (nothing invented): a Warning, not a Violation."""
    out = tmp_path / "ctoc-cop-2031-5.ttl"
    assert _run(["extract", str(NOTES / "fr-2031-noms-courts.md"), "-o", str(out)]).exit_code == 0
    r = CliRunner().invoke(main, ["validate", "--with-graph", "--format", "json", str(out)])
    assert r.exit_code == 0, r.output
    results = json.loads(r.output)["results"]
    planned = [x for x in results if x["focus"].endswith("working-group-trafficking-in-persons/meeting/16")]
    assert {(x["severity"], x["source_shape"].rsplit("#", 1)[-1]) for x in planned} == {
        ("Warning", "MeetingShape-firstDay"), ("Warning", "MeetingShape-endDate")}
    assert not [x for x in results if x["severity"] == "Violation"]


def test_english_rendering_of_the_first_note_gives_the_same_facts(capsys):
    """An English text of the first note (written for the tests, before the extractor was
    run on it) yields the facts of the hand-encoded graph: the language does not matter."""
    hand = facts_of(Graph().parse(REPO / "graph" / "note-2020-07-01-subsidiary-bodies.ttl"))
    x = extracted(NOTES / "seed-en" / "note-2020-07-01-english-rendering.md")
    assert x.lang == "en" and x.doc.endswith("/doc/note-2020-07-01-subsidiary-bodies")
    scores = score(hand, facts_of(x.graph))
    with capsys.disabled():
        print("\n" + table(scores, "English rendering of the first note vs the hand-encoded graph"))
    for s in scores:
        if s.kind in STRICT:
            assert s.precision == 1.0 and s.recall >= 0.95, (s.kind, s.missing, s.wrong)
    assert not x.not_understood()


def test_provenance_per_statement(seed):
    """Every triple of the document graph has a statement naming the parts that state it,
    and each node's ctoc:statedIn lists exactly the parts of the statements about it."""
    from rdflib import RDF, RDFS, URIRef

    ctoc = "https://w3id.org/ctoc-kg/ontology#"
    stated_in = URIRef(ctoc + "statedIn")
    unstated = {stated_in, RDFS.comment, URIRef("http://purl.org/dc/terms/source"), URIRef(ctoc + "unconfirmedEnglish")}
    doc, prov = seed.graph, seed.provenance
    statements = {}
    for st in prov.subjects(RDF.type, RDF.Statement):
        t = (prov.value(st, RDF.subject), prov.value(st, RDF.predicate), prov.value(st, RDF.object))
        statements.setdefault(t, set()).update(prov.objects(st, stated_in))
    triples = {t for t in doc if t[1] not in unstated}
    assert set(statements) == triples and all(statements.values())
    parts = {URIRef(seed.doc + "/" + p.key) for p in seed.parts}
    about = {}
    for (s, _p, o), ps in statements.items():
        for node in (s, o):
            if node not in parts:
                about.setdefault(node, set()).update(ps)
    for node in set(doc.subjects(stated_in)):
        assert set(doc.objects(node, stated_in)) == about[node], node
    # paragraph 10 states that the Working Group on Firearms is intergovernmental
    firearms = URIRef("https://w3id.org/ctoc-kg/id/body/working-group-firearms")
    inter = (firearms, URIRef(ctoc + "membershipCharacter"), URIRef(ctoc + "Intergovernmental"))
    assert URIRef(seed.doc + "/para/10") in statements[inter]


def test_page_furniture_is_ignored_and_listed():
    """Job numbers, running heads and page numbers between paragraphs change nothing."""
    text = (NOTES / "fr-2021-groupes-de-travail.md").read_text("utf-8")
    noisy = text.replace("\n\n2. ", "\n\nV.21-01234 (F)\n\nCTOC/COP/2021/9\n\n2/3\n\n2. ")
    assert noisy != text
    x, y = extract_text(text), extract_text(noisy)
    assert facts_of(y.graph) == facts_of(x.graph)
    assert [b.span.text for b in y.noise] == ["V.21-01234 (F)", "CTOC/COP/2021/9", "2/3"]
    assert "page furniture" in y.review_markdown()


@pytest.mark.parametrize("md", TEST_NOTES + sorted((NOTES / "seed-en").glob("*.md")), ids=lambda p: p.stem)
def test_nothing_invented(md):
    """Every symbol, date and number the output holds is in the note's text."""
    from rdflib import XSD, Literal

    from ctoc_kg.extract.numbers import find_dates, find_ordinals, find_yearless, in_year
    from ctoc_kg.extract.read import read_text
    from ctoc_kg.extract.rules import symbols

    x = extracted(md)
    text = read_text(md)
    days = {d for m in find_dates(text) for d in (m.first, m.last)}
    # days written without a year take a year the text states (the sentence's: rules.read_unit)
    years = {d.first.year for d in find_dates(text)} | {d.last.year for d in find_dates(text)}
    days |= {d for _s, _e, _t, parts in find_yearless(text) for y in years for d in (in_year(parts, y) or ())}
    numbers = {o.value for o in find_ordinals(text, x.lang)} | {int(n) for n in re.findall(r"\d+", text)}
    syms = {s for _a, _b, s in symbols(text)}
    from rdflib import RDF, URIRef

    paragraph = URIRef("https://w3id.org/ctoc-kg/ontology#Paragraph")
    for _s, p, o in x.graph:
        if not isinstance(o, Literal):
            continue
        if str(p).endswith("#partNumber") and (_s, RDF.type, paragraph) not in x.graph:
            continue  # a heading's or text block's number is its reading order (ctoc:partNumber's definition)
        if o.datatype == XSD.date:
            assert o.toPython() in days, (p, o)
        elif o.datatype == XSD.integer:
            assert o.toPython() in numbers, (p, o)
        elif str(p).endswith("#symbol") or str(p).endswith("#instrumentNumber"):
            assert str(o) in syms or str(o) in text, (p, o)


def test_pdf_two_column_header(tmp_path):
    """The header of an official PDF puts "Distr.: General" and the date beside the
    Conference's name; the columns are read apart."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for left, right in [("Conference of the Parties to the", "Distr.: General"),
                        ("United Nations Convention against", "1 July 2021"),
                        ("Transnational Organized Crime", ""), ("", "Original: English")]:
        pdf.cell(110, 5, left)
        pdf.cell(60, 5, right, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    for text in ("Eleventh session", "Vienna, 17-21 October 2022", "Note by the Secretariat",
                 "1.    The Working Group on Firearms held its fifth meeting in Vienna on 3 May 2021. The report on "
                 "that meeting (CTOC/COP/WG.6/2021/2) will be submitted to the Conference at its eleventh session."):
        pdf.multi_cell(0, 5, text)
        pdf.ln(4)
    path = tmp_path / "note.pdf"
    pdf.output(str(path))
    x = extract(path)
    assert x.document["date"].isoformat() == "2021-07-01" and x.document["distribution"] == "GeneralDistribution"
    assert x.document["original"] == "en" and x.doc.endswith("/doc/note-2021-07-01-note")
    got = facts_of(x.graph)
    assert ("CTOC/COP/WG.6/2021/2", "body/working-group-firearms/meeting/5") in got["report-meeting"]
