"""Dates, day ranges and ordinals in French and English (ctoc_kg.extract.numbers), and
the variants of names and statuses the linker and rules must accept."""

from __future__ import annotations

import datetime as dt

import pytest

from ctoc_kg.extract import extract_text
from ctoc_kg.extract.numbers import find_dates, find_ordinals, fold, ordinal_suffix

D = dt.date


@pytest.mark.parametrize("text, first, last", [
    ("du 9 au 11 octobre 2019", D(2019, 10, 9), D(2019, 10, 11)),
    ("les 10 et 11 septembre 2020", D(2020, 9, 10), D(2020, 9, 11)),
    ("1er juillet 2020", D(2020, 7, 1), D(2020, 7, 1)),
    ("le 1er juillet 2020", D(2020, 7, 1), D(2020, 7, 1)),
    ("12-16 octobre 2020", D(2020, 10, 12), D(2020, 10, 16)),
    ("from 4 to 6 July 2022", D(2022, 7, 4), D(2022, 7, 6)),
    ("on 13 and 14 April 2021", D(2021, 4, 13), D(2021, 4, 14)),
    ("17–21 October 2022", D(2022, 10, 17), D(2022, 10, 21)),
    ("17 – 21 October 2022", D(2022, 10, 17), D(2022, 10, 21)),
    ("du 30 septembre au 2 octobre 2020", D(2020, 9, 30), D(2020, 10, 2)),
    ("from 30 May to 1 June 2022", D(2022, 5, 30), D(2022, 6, 1)),
    ("30 décembre 2021-2 janvier 2022", D(2021, 12, 30), D(2022, 1, 2)),
    ("le 3 août 2021", D(2021, 8, 3), D(2021, 8, 3)),
    ("9 février 2024", D(2024, 2, 9), D(2024, 2, 9)),
    ("on 9 November 2022", D(2022, 11, 9), D(2022, 11, 9)),
    ("between 9 and 11 March 2023", D(2023, 3, 9), D(2023, 3, 11)),
    ("July 4-6, 2022", D(2022, 7, 4), D(2022, 7, 6)),
    ("5 Sept. 2023", D(2023, 9, 5), D(2023, 9, 5)),
    # a day list, a pair across two months, weekday names
    ("on 21, 22 and 23 March 2026", D(2026, 3, 21), D(2026, 3, 23)),
    ("les 2, 3 et 4 décembre 2025", D(2025, 12, 2), D(2025, 12, 4)),
    ("on 31 January and 1 February 2027", D(2027, 1, 31), D(2027, 2, 1)),
    ("les 31 mars et 1er avril 2026", D(2026, 3, 31), D(2026, 4, 1)),
    ("du mardi 3 au jeudi 5 novembre 2026", D(2026, 11, 3), D(2026, 11, 5)),
    ("from Monday, 16 to Wednesday, 18 March 2026", D(2026, 3, 16), D(2026, 3, 18)),
    ("on Friday 9 October 2026", D(2026, 10, 9), D(2026, 10, 9)),
    ("le vendredi 30 octobre au lundi 2 novembre 2026", D(2026, 10, 30), D(2026, 11, 2)),
])
def test_dates(text, first, last):
    [d] = find_dates(text)
    assert (d.first, d.last) == (first, last)
    assert text[d.start:d.end] == d.text and d.text.strip() == d.text


@pytest.mark.parametrize("text", [
    "du 9 au 11 octobre",           # no year: not a date here
    "le 30 février 2021",           # no such day
    "from 31 June to 2 July 2021",  # no such day
    "du 12 au 9 mai 2021",          # backwards
    "in 2025",                      # a year alone
    "resolution 5/4",
])
def test_not_dates(text):
    assert find_dates(text) == []


@pytest.mark.parametrize("text", [
    "on 21, 23 and 25 March 2026",          # separate days: not one meeting's span
    "les 4 mai et 9 juin 2026",              # two days far apart, one year for both
    "on 30 and 31 June 2026",                # no such day
])
def test_partial_date_expressions_give_no_date(text):
    """An expression read only in part would give a wrong date: it gives none."""
    assert find_dates(text) == []


@pytest.mark.parametrize("text, expected", [
    ("from 28 to 30 April and from 4 to 6 May 2026",
     [(D(2026, 4, 28), D(2026, 4, 30)), (D(2026, 5, 4), D(2026, 5, 6))]),
    ("du 2 au 4 mars, et les 9 et 10 mars 2026", [(D(2026, 3, 2), D(2026, 3, 4)), (D(2026, 3, 9), D(2026, 3, 10))]),
    ("le 12 mai et la douzième du 14 au 15 mai 2026", [(D(2026, 5, 12),) * 2, (D(2026, 5, 14), D(2026, 5, 15))]),
    # not in order, or not one phrase: the year is not carried
    ("from 4 to 6 May and from 28 to 30 April 2026", [(D(2026, 4, 28), D(2026, 4, 30))]),
    ("from 4 to 6 May. The other from 8 to 9 May 2026", [(D(2026, 5, 8), D(2026, 5, 9))]),
])
def test_a_year_written_once_for_two_expressions(text, expected):
    assert [(d.first, d.last) for d in find_dates(text)] == expected


def test_two_separate_days_are_two_dates():
    found = find_dates("le 5 mai 2021 et le 7 juin 2021")
    assert [(d.first, d.last) for d in found] == [(D(2021, 5, 5),) * 2, (D(2021, 6, 7),) * 2]


@pytest.mark.parametrize("text, lang, value", [
    ("sa neuvième réunion", "fr", 9), ("la onzième réunion", "fr", 11), ("une première réunion", "fr", 1),
    ("pour la cinquième fois", "fr", 5), ("la vingt et unième réunion", "fr", 21),
    ("la vingt-deuxième réunion", "fr", 22), ("la 11^e réunion", "fr", 11),
    ("the ninth meeting", "en", 9), ("its eleventh session", "en", 11), ("the twenty-first meeting", "en", 21),
    ("the first meeting", "en", 1), ("the second meeting", "en", 2), ("its 9th meeting", "en", 9),
    ("sa XIVe réunion", "fr", 14), ("la XIXème session", "fr", 19), ("its 16 th meeting", "en", 16),
    ("its XXIst meeting", "en", 21),
])
def test_ordinals(text, lang, value):
    [o] = find_ordinals(text, lang)
    assert o.value == value and text[o.start:o.end] == o.text


@pytest.mark.parametrize("text, lang", [("one of its constant elements", "en"), ("un de ses éléments", "fr"),
                                        ("deux réunions", "fr"), ("resolution 7/1", "en"), ("Le Groupe", "fr"),
                                        ("Ce groupe", "fr"), ("CIVIL", "en")])
def test_not_ordinals(text, lang):
    assert find_ordinals(text, lang) == []


def test_superscript_ordinal_letters_are_normalised():
    from ctoc_kg.extract.read import normalise

    text = normalise("sa 16ᵉ réunion et la 1ʳᵉ session, its 2ⁿᵈ meeting")
    assert [o.value for o in find_ordinals(text, "fr")][:2] == [16, 1]
    assert text.endswith("its 2nd meeting")


def test_fold_keeps_offsets():
    text = "Réunion\ndu Groupe — ﬁn Œuvre İ"
    assert len(fold(text)) == len(text)
    assert fold("Élément permanent\nà Vienne") == "element permanent a vienne"


def test_ordinal_suffix():
    assert [ordinal_suffix(n, "en") for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 111)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "111th"]
    assert [ordinal_suffix(n, "fr") for n in (1, 2, 10)] == ["1re", "2e", "10e"]


HEAD_EN = "Distr.: General\n1 July 2021\n\nNote by the Secretariat\n\n"
HEAD_FR = "Distr. générale\n1er juillet 2021\n\nNote du Secrétariat\n\n"


@pytest.mark.parametrize("lang, text, status", [
    ("en", "1. Pursuant to decision 4/4, an open-ended interim working group on trafficking in persons was established.", "Provisional"),
    ("en", "1. In its decision 4/4, the Conference established a provisional working group on trafficking in persons.", "Provisional"),
    ("fr", "1. Dans sa décision 4/4, la Conférence a créé un groupe de travail provisoire sur la traite des personnes.", "Provisional"),
    ("en", "1. By its decision 4/4, the Conference established the Working Group on Trafficking in Persons as a constant element.", "Permanent"),
    ("fr", "1. Par sa décision 4/4, la Conférence a créé le groupe de travail sur la traite des personnes en tant qu'élément permanent.", "Permanent"),
])
def test_status_variants_of_an_establishment(lang, text, status):
    x = extract_text((HEAD_EN if lang == "en" else HEAD_FR) + text + "\n", lang=lang)
    [f] = [f for f in x.facts if f.kind == "establishment"]
    assert f.values["body"].endswith("/body/working-group-trafficking-in-persons")
    assert f.values["instrument"].endswith("/decision/4-4") and f.values["status"] == status


@pytest.mark.parametrize("lang, text", [
    ("en", "1. In its resolution 7/1, the Conference decided that the Working Group on Firearms would be a constant element of the Conference."),
    ("en", "1. In its resolution 7/1, the Conference decided that the open-ended Working Group on Firearms would be a permanent element."),
    ("fr", "1. Dans sa résolution 7/1, la Conférence a décidé que le Groupe de travail sur les armes à feu constituerait un de ses éléments permanents."),
    ("fr", "1. Par sa résolution 7/1, la Conférence a décidé que le groupe de travail à composition non limitée sur les armes à feu deviendrait un élément permanent."),
])
def test_status_change_variants(lang, text):
    x = extract_text((HEAD_EN if lang == "en" else HEAD_FR) + text + "\n", lang=lang)
    [f] = [f for f in x.facts if f.kind == "status-change"]
    assert f.values["body"].endswith("/body/working-group-firearms") and f.values["status"] == "Permanent"
    assert f.values["instrument"].endswith("/resolution/7-1")


FIREARMS = "https://w3id.org/ctoc-kg/id/body/working-group-firearms"
TIP = "https://w3id.org/ctoc-kg/id/body/working-group-trafficking-in-persons"


@pytest.mark.parametrize("lang, text, expected", [
    ("en", "1. The Working Group on Firearms held its tenth meeting in Vienna on 5 and 6 July 2020, and its "
           "eleventh meeting in Vienna from 1 to 3 July 2021.",
     {(FIREARMS, 10, "2020-07-05", "2020-07-06", "Held"), (FIREARMS, 11, "2021-07-01", "2021-07-03", "Held")}),
    ("en", "1. At its eighth meeting, held in Vienna from 2 to 4 June 2021, the Working Group on Firearms adopted "
           "recommendations.", {(FIREARMS, 8, "2021-06-02", "2021-06-04", "Held")}),
    ("fr", "1. Les 10 et 11 septembre 2020, le Groupe de travail sur la traite des personnes tiendra sa dixième réunion.",
     {(TIP, 10, "2020-09-10", "2020-09-11", "Planned")}),
    ("fr", "1. Le Groupe de travail sur les armes à feu, dont la huitième réunion s'est tenue du 2 au 4 juin 2021, "
           "tiendra sa neuvième réunion en 2022.",
     {(FIREARMS, 8, "2021-06-02", "2021-06-04", "Held"), (FIREARMS, 9, None, None, "Planned")}),
    ("fr", "1. Le Groupe de travail sur les armes à feu a tenu ses dixième et onzième réunions les 7 et 8 juillet "
           "2020 et les 3 et 4 juin 2021, respectivement.",
     {(FIREARMS, 10, "2020-07-07", "2020-07-08", "Held"), (FIREARMS, 11, "2021-06-03", "2021-06-04", "Held")}),
    ("en", "1. The Working Group on Firearms held its sixth and seventh meetings on 2 and 3 May 2019 and from 16 to "
           "17 July 2020, respectively.",
     {(FIREARMS, 6, "2019-05-02", "2019-05-03", "Held"), (FIREARMS, 7, "2020-07-16", "2020-07-17", "Held")}),
    ("en", "1. The Working Group on Firearms held its sixth, seventh and eighth meetings in 2019, 2020 and 2021.",
     {(FIREARMS, 6, None, None, "Held"), (FIREARMS, 7, None, None, "Held"), (FIREARMS, 8, None, None, "Held")}),
    ("en", "1. The Working Group on International Cooperation will hold its eleventh meeting in Vienna from 5 to 7 "
           "July 2021, back to back with the twelfth meeting of the Working Group on Firearms.",
     {("https://w3id.org/ctoc-kg/id/body/working-group-international-cooperation", 11, "2021-07-05", "2021-07-07",
       "Planned"), (FIREARMS, 12, None, None, None)}),
    ("en", "1. The Working Group on Trafficking in Persons met for the fifth time on 3 May 2021.",
     {(TIP, 5, "2021-05-03", "2021-05-03", "Held")}),
    ("fr", "1. Le Groupe de travail sur la traite des personnes s'est réuni pour la cinquième fois le 3 mai 2021.",
     {(TIP, 5, "2021-05-03", "2021-05-03", "Held")}),
])
def test_meeting_phrasings(lang, text, expected):
    x = extract_text((HEAD_EN if lang == "en" else HEAD_FR) + text + "\n", lang=lang)
    got = {}
    for f in x.facts:
        if f.kind == "meeting":
            v = got.setdefault((f.values["body"], f.values["ordinal"]), {})
            v.update({k: f.values[k] for k in ("start", "end", "status") if k in f.values})
    assert {(b, n, v.get("start") and v["start"].isoformat(), v.get("end") and v["end"].isoformat(), v.get("status"))
            for (b, n), v in got.items()} == expected


def test_other_organs_resolutions_are_not_the_conferences():
    x = extract_text(HEAD_EN + "1. In its resolution 55/25, the General Assembly adopted the Convention. By its "
                     "decision 4/4, the Conference established an open-ended interim working group on trafficking "
                     "in persons.\n", lang="en")
    assert not any("55-25" in iri for iri in x.new)
    assert "55-25" not in x.turtle.decode()


@pytest.mark.parametrize("header, language, original", [
    ("Distr.: General\n1 July 2021\nOriginal: English", "en", "en"),
    ("Distr.: General 1 July 2021 Original: English", "en", "en"),   # one line, as .docx/.pdf may give
    ("Distr. générale\n1er juillet 2021\nFrançais\nOriginal : anglais", "fr", "en"),
    ("Distr. générale 1er juillet 2021 Français Original : anglais", "fr", "en"),
    ("Distr.: General\n1 July 2021\n\nEnglish\nOriginal: Spanish", "en", "es"),
])
def test_header_lines(header, language, original):
    body = ("1. The Working Group on Firearms held its fifth meeting in Vienna on 3 May 2021.\n" if language == "en" else
            "1. Le Groupe de travail sur les armes à feu a tenu sa cinquième réunion à Vienne le 3 mai 2021.\n")
    note = "Secretariat" if language == "en" else "Secrétariat"
    x = extract_text(f"Conference of the Parties\n\n{header}\n\nTenth session\n\nVienna, 12–16 October 2020\n\n"
                     f"Note {'by the' if language == 'en' else 'du'} {note}\n\n{body}")
    assert x.document["date"] == D(2021, 7, 1)
    assert x.document.get("original") == original
    from rdflib import URIRef

    ctoc = "https://w3id.org/ctoc-kg/ontology#"
    # the language is the version's (<doc>/<language>), not the document's (the work)
    assert not set(x.graph.objects(URIRef(x.doc), URIRef(ctoc + "language")))
    versions = set(x.graph.subjects(URIRef(ctoc + "versionOf"), URIRef(x.doc)))
    assert versions == {URIRef(f"{x.doc}/{language}")}
    langs = {o for v in versions for o in x.graph.objects(v, URIRef(ctoc + "language"))}
    assert {str(u)[-2:] for u in langs} == {language}


def test_reports_on_coordinated_meetings_and_no_body_from_a_possessive():
    x = extract_text(HEAD_EN + "1. The reports of the Working Group on Firearms on its sixth and seventh meetings "
                     "(CTOC/COP/WG.6/2019/2 and CTOC/COP/WG.6/2020/4) will be before the Conference at its tenth "
                     "session.\n", lang="en")
    got = {f.values["symbol"]: f.values.get("meeting") for f in x.facts if f.kind == "report"}
    assert got == {"CTOC/COP/WG.6/2019/2": FIREARMS + "/meeting/6", "CTOC/COP/WG.6/2020/4": FIREARMS + "/meeting/7"}
    y = extract_text(HEAD_EN + "1. The reports of the Working Group on its sixth and seventh meetings "
                     "(CTOC/COP/WG.6/2019/2 and CTOC/COP/WG.6/2020/4) will be before the Conference at its tenth "
                     "session.\n", lang="en")
    assert not y.new  # "the Working Group on its sixth …" names no new body
    assert not any(f.values.get("meeting") for f in y.facts if f.kind == "report")  # nothing guessed


def test_a_named_group_and_its_own_sessions():
    """A group the graph does not know yet, named in title case, holding "sessions"."""
    x = extract_text(HEAD_EN + "1. The Implementation Review Group held its first session in Vienna from 3 to 5 June "
                     "2020. Its report (CTOC/COP/IRG/2020/2) will be submitted to the Conference at its tenth "
                     "session.\n", lang="en")
    irg = "https://w3id.org/ctoc-kg/id/body/implementation-review-group"
    assert {e.iri: e.cls for e in x.new.values()} == {irg: "SubsidiaryBody"}
    [m] = [f for f in x.facts if f.kind == "meeting"]
    assert m.subject == irg + "/meeting/1" and m.values["status"] == "Held"
    [r] = [f for f in x.facts if f.kind == "report"]
    assert r.values["meeting"] == irg + "/meeting/1"
    assert r.values["session"] == "https://w3id.org/ctoc-kg/id/session/10"


def test_the_conferences_session_is_not_a_bodys():
    x = extract_text(HEAD_EN + "1. The report of the Working Group on Firearms on its seventh meeting "
                     "(CTOC/COP/WG.6/2020/4) will be submitted to the Conference at its tenth session.\n", lang="en")
    assert {f.subject for f in x.facts if f.kind == "meeting"} == {FIREARMS + "/meeting/7"}


@pytest.mark.parametrize("lang, text", [
    ("en", "1. In its resolution 7/1, the Conference decided that the working groups on trafficking in persons, on "
           "the smuggling of migrants and on firearms would be constant elements of the Conference."),
    ("fr", "1. Dans sa résolution 7/1, la Conférence a décidé que les groupes de travail sur la traite des personnes, "
           "sur le trafic illicite de migrants et sur les armes à feu constitueraient des éléments permanents de la "
           "Conférence."),
])
def test_one_plural_head_several_bodies(lang, text):
    x = extract_text((HEAD_EN if lang == "en" else HEAD_FR) + text + "\n", lang=lang)
    bodies = {f.values["body"].rsplit("/", 1)[-1] for f in x.facts if f.kind == "status-change"}
    assert bodies == {"working-group-trafficking-in-persons", "working-group-smuggling-of-migrants",
                      "working-group-firearms"}
    assert not x.new


@pytest.mark.parametrize("sentence, sequenced, reference", [
    ("The eighth meeting of the Working Group on Firearms immediately followed the ninth meeting of the Working "
     "Group on Trafficking in Persons.", "firearms/meeting/8", "trafficking-in-persons/meeting/9"),
    ("The eighth meeting of the Working Group on Firearms was immediately followed by the ninth meeting of the "
     "Working Group on Trafficking in Persons.", "trafficking-in-persons/meeting/9", "firearms/meeting/8"),
    ("The eighth meeting of the Working Group on Firearms will be held immediately before the ninth meeting of "
     "the Working Group on Trafficking in Persons.", "trafficking-in-persons/meeting/9", "firearms/meeting/8"),
    ("The eighth meeting of the Working Group on Firearms was held on 3 May 2021. The ninth meeting of the "
     "Working Group on Trafficking in Persons, held on 4 May 2021, immediately followed it.",
     "trafficking-in-persons/meeting/9", "firearms/meeting/8"),
])
def test_sequencing_phrasings(sentence, sequenced, reference):
    x = extract_text(HEAD_EN + "1. " + sentence + "\n", lang="en")
    [s] = [f for f in x.facts if f.kind == "sequencing"]
    assert s.values["sequenced"].endswith("/working-group-" + sequenced)
    assert s.values["reference"].endswith("/working-group-" + reference)


def test_back_to_back_is_not_a_sequencing_statement():
    x = extract_text(HEAD_EN + "1. The Working Group on Firearms will hold its eighth meeting back to back with the "
                     "ninth meeting of the Working Group on Trafficking in Persons.\n", lang="en")
    assert not [f for f in x.facts if f.kind == "sequencing"]
