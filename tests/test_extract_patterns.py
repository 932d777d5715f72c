"""ctoc-kg extract: the phrasing classes found when the extractor was measured on notes
it had never seen (the header's own symbol, texts without numbered paragraphs, page
breaks, possessives, tenses, establishment and status change in one sentence, places
and dates stated once for several meetings, implicit sequencing references, reports
and their symbol series, name variants). Each test states one class in words of its
own; the sentences are invented test data."""

from __future__ import annotations

import datetime as dt

import pytest

from ctoc_kg.extract import extract_text
from ctoc_kg.extract.compare import facts_of

ID = "https://w3id.org/ctoc-kg/id/"
FIREARMS = ID + "body/working-group-firearms"
TIP = ID + "body/working-group-trafficking-in-persons"
SOM = ID + "body/working-group-smuggling-of-migrants"
IC = ID + "body/working-group-international-cooperation"
TA = ID + "body/working-group-technical-assistance"
HEAD = {"en": "Distr.: General\n1 July 2026\n\nNote by the Secretariat\n\n",
        "fr": "Distr. générale\n1er juillet 2026\n\nNote du Secrétariat\n\n"}


def run(lang: str, *paragraphs: str, heading: str | None = None):
    body = "\n\n".join(f"{i}. {p}" for i, p in enumerate(paragraphs, 1))
    return extract_text(HEAD[lang] + (f"**{heading}**\n\n" if heading else "") + body + "\n", lang=lang)


def meetings(x) -> dict:
    """meeting IRI -> {start, end, status, place} merged over the facts."""
    out: dict = {}
    for f in x.facts:
        if f.kind == "meeting":
            v = out.setdefault(f.subject, {})
            for k in ("start", "end", "status", "place"):
                if k in f.values:
                    v.setdefault(k, set()).add(f.values[k].isoformat() if isinstance(f.values[k], dt.date) else
                                               f.values[k].rsplit("/", 1)[-1])
    return {k: {n: (min(s) if len(s) == 1 else tuple(sorted(s))) for n, s in v.items()} for k, v in out.items()}


# --- the document's own symbol, texts without numbered paragraphs, page breaks --------

@pytest.mark.parametrize("line", ["United Nations                    CTOC/COP/2026/9",
                                  "Nations Unies\tCTOC/COP/2026/9", "CTOC/COP/2026/9"])
def test_own_symbol_on_the_header_line(line):
    x = extract_text(f"{line}\n\nConference of the Parties\n\nDistr.: General\n1 July 2026\n\nNote by the "
                     "Secretariat\n\n1. The Working Group on Firearms held its fifth meeting on 3 May 2026.\n", lang="en")
    assert x.doc == ID + "doc/ctoc-cop-2026-9"
    assert ("CTOC/COP/2026/9",) in facts_of(x.graph)["symbol"]
    assert ("doc/ctoc-cop-2026-9", "distributionDate", "2026-07-01") in facts_of(x.graph)["date"]


def test_a_header_line_with_an_agenda_symbol_is_not_the_documents():
    x = extract_text("Distr.: General\n1 July 2026\n\nItem 2 of the provisional agenda CTOC/COP/2026/1\n\nNote by the "
                     "Secretariat\n\n1. The Working Group on Firearms held its fifth meeting on 3 May 2026.\n", lang="en")
    assert x.doc.endswith("/doc/note-2026-07-01-note")


def test_a_text_without_numbered_paragraphs_is_read_block_by_block():
    text = ("Meetings of two working groups\n\n"
            "The Working Group on Firearms held its ninth meeting in Vienna on 4 and 5 March 2026. Experts from "
            "many countries took part.\n\n"
            "Its report is available as CTOC/COP/WG.6/2026/2.\n\n"
            "The Working Group on International Cooperation will hold its twentieth meeting in 2027.\n")
    x = extract_text(text, lang="en")
    assert [p.key for p in x.parts] == ["title", "block/1", "block/2", "block/3"]
    got = facts_of(x.graph)
    assert got["report-meeting"] == {("CTOC/COP/WG.6/2026/2", "body/working-group-firearms/meeting/9")}
    assert got["meeting-status"] == {("body/working-group-firearms/meeting/9", "Held"),
                                     ("body/working-group-international-cooperation/meeting/20", "Planned")}
    assert [u.text for _p, u in x.not_understood()] == ["Experts from many countries took part."]
    from rdflib import RDF, URIRef
    assert (URIRef(x.doc + "/block/2"), RDF.type, URIRef("https://w3id.org/ctoc-kg/ontology#DocumentPart")) in x.graph


def test_a_text_of_another_genre_without_numbers_is_still_refused():
    from ctoc_kg.errors import InputError

    with pytest.raises(InputError, match="nothing of the genre"):
        extract_text("A walk in the park\n\nThe children played football all afternoon. It was sunny.\n", lang="en")


NOTE = ("Distr.: General\n1 July 2026\n\nNote by the Secretariat\n\n**Working Group on Firearms**\n\n"
        "1. The Working Group on Firearms held its ninth meeting in Vienna from 2 to 4 March 2026. The report on "
        "that meeting (CTOC/COP/WG.6/2026/2) will be submitted to the Conference at its thirteenth session.\n\n"
        "2. The Working Group on Firearms will hold its tenth meeting on 9 and 10 February 2027.\n")


@pytest.mark.parametrize("cut, furniture", [
    ("The report on that meeting (CTOC/COP/WG.6/2026/2) will be", "\n\nV.26-01234\n\n2/4\n\nCTOC/COP/2026/4\n\n"),
    ("The report on that meeting (CTOC/COP/WG.6/2026/2) will", "\n\n- 2 -\n\n"),
    ("The report on", "\n\n"),
])
def test_a_page_break_inside_a_paragraph(cut, furniture):
    """The continuation after a page break (lower case, or the paragraph stops mid-sentence)
    is the same paragraph: same facts, same parts, no heading made of it."""
    i = NOTE.index(cut) + len(cut)
    broken = NOTE[:i] + furniture + NOTE[i + 1:]
    x, y = extract_text(NOTE, lang="en"), extract_text(broken, lang="en")
    assert facts_of(y.graph) == facts_of(x.graph)
    assert [p.key for p in y.parts] == [p.key for p in x.parts]
    assert not y.not_understood()


@pytest.mark.slow
def test_a_pdf_page_break_inside_a_paragraph(tmp_path):
    """A PDF whose paragraph runs over a page boundary (page number and running head in
    between) gives the facts of the same text without the break."""
    from fpdf import FPDF

    from ctoc_kg.extract import extract

    filler = " ".join(["The Working Group discussed the marking of firearms and the keeping of records."] * 5)
    last = ("The Working Group on Firearms held its ninth meeting in Vienna from 2 to 4 March 2026. " + filler +
            " The report on that meeting (CTOC/COP/WG.6/2026/2) will be submitted to the Conference at its thirteenth "
            "session, pursuant to resolution 7/1.")

    class Note(FPDF):
        def header(self):
            self.set_font("Helvetica", size=8)
            self.cell(0, 5, "CTOC/COP/2026/4", new_x="LMARGIN", new_y="NEXT")
            self.ln(3)

        def footer(self):
            self.set_y(-12)
            self.set_font("Helvetica", size=8)
            self.cell(0, 5, f"{self.page_no()}/2")

    pdf = Note()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for text in ["Distr.: General", "1 July 2026", "", "Note by the Secretariat", "", "**Working Group on Firearms**"]:
        pdf.multi_cell(0, 5, text.strip("*") or " ", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    n = 0
    while pdf.get_y() < 245:  # fill the page so that the last paragraph runs over its end
        n += 1
        pdf.multi_cell(0, 5, f"{n}. {filler}", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
    pdf.multi_cell(0, 5, f"{n + 1}. {last}", new_x="LMARGIN", new_y="NEXT")
    assert pdf.page_no() == 2
    path = tmp_path / "note.pdf"
    pdf.output(str(path))
    x = extract(path)
    got = facts_of(x.graph)
    assert got["report-meeting"] == {("CTOC/COP/WG.6/2026/2", "body/working-group-firearms/meeting/9")}
    assert got["report-session"] == {("CTOC/COP/WG.6/2026/2", "session/13")}
    assert not [p for p in x.parts if p.kind == "heading" and "thirteenth" in p.text]


# --- names: variants of a known body's subject, inverted names, name boundaries -------

@pytest.mark.parametrize("lang, name, body", [
    ("en", "The Working Group on Human Trafficking", TIP),
    ("en", "The working group on trafficking in human beings", TIP),
    ("en", "The Human Trafficking Working Group", TIP),
    ("fr", "Le groupe de travail sur la traite des êtres humains", TIP),
    ("en", "The Working Group on Migrant Smuggling", SOM),
    ("fr", "Le Groupe de travail sur le trafic de migrants", SOM),
    ("fr", "Le groupe de travail sur le trafic des migrants", SOM),
    ("en", "The Firearms Working Group", FIREARMS),
    ("en", "The working group on illicit firearms", FIREARMS),
    ("en", "The Technical Assistance Working Group", TA),
    ("fr", "Le groupe de travail sur l'assistance technique", TA),
    ("en", "The International Cooperation Working Group", IC),
])
def test_name_variants_link_to_the_known_body(lang, name, body):
    verb = "held its sixth meeting on 3 May 2026" if lang == "en" else "a tenu sa sixième réunion le 3 mai 2026"
    x = run(lang, f"{name} {verb}.")
    assert {f.values["body"] for f in x.facts if f.kind == "meeting"} == {body}
    assert not x.new


@pytest.mark.parametrize("lang, sentence, label", [
    ("fr", "Le groupe de travail sur les infractions qui portent atteinte à l'environnement a tenu sa première "
           "réunion le 3 mai 2026.", "Groupe de travail sur les infractions qui portent atteinte à l'environnement"),
    ("fr", "Le groupe de travail sur la fraude documentaire ayant tenu sa première réunion le 3 mai 2026, son rapport "
           "est disponible.", "Groupe de travail sur la fraude documentaire"),
    ("en", "The working group on document fraud, having held its first meeting on 3 May 2026, reported.",
     "Working group on document fraud"),
    ("en", "The working group on crimes that affect the environment held its first meeting on 3 May 2026.",
     "Working group on crimes that affect the environment"),
])
def test_a_new_bodys_name_ends_where_the_name_ends(lang, sentence, label):
    x = run(lang, sentence)
    assert [e.label for e in x.new.values() if e.cls == "WorkingGroup"] == [label]


def test_a_new_name_close_to_a_known_one_is_flagged():
    x = run("en", "The Working Group on Trafficking in Cultural Property held its first meeting on 3 May 2026.")
    [e] = [e for e in x.new.values() if e.cls == "WorkingGroup"]
    assert e.note and "working-group-trafficking-in-persons" in e.note
    assert "**check**" in x.review_markdown()


def test_report_series_are_read_from_the_graph():
    from ctoc_kg.extract.link import shipped_linker

    linker = shipped_linker()
    assert linker.series_body("CTOC/COP/WG.6/2031/7") == FIREARMS
    assert linker.series_body("CTOC/COP/WG.2/2031/7") == TA
    assert linker.series_body("CTOC/COP/WG.99/2031/7") is None
