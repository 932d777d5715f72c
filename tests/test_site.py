"""ctoc-kg site: every IRI and ontology term has its pages and alternates; the same
input gives the same bytes; content negotiation (local server and .htaccess) answers
each media type; the dataset description is right."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from conftest import ctoc, run

from ctoc_kg.namespaces import ID_NS, ONTOLOGY_NS
from ctoc_kg.site import SiteServer, build_files, build_site, htaccess, negotiate
from ctoc_kg.site.model import site_path
from ctoc_kg.site.negotiation import RESOURCE_PATTERN

BODY = "https://w3id.org/ctoc-kg/id/body/working-group-firearms"


# --------------------------------------------------------------------------- quick

@pytest.mark.parametrize("accept, ext", [
    ("text/html", "html"), ("application/xhtml+xml", "html"), ("text/turtle", "ttl"),
    ("application/ld+json", "jsonld"), ("application/n-triples", "nt"), (None, "html"),
    ("*/*", "html"), ("image/png", "html"), ("text/turtle;q=0.5, application/ld+json", "jsonld"),
    ("text/html;q=0, text/turtle", "ttl"), ("TEXT/TURTLE", "ttl"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "html"),
    ("application/n-triples, text/turtle", "ttl"),  # a tie: Turtle comes first
])
def test_negotiate(accept, ext):
    assert negotiate(accept) == ext


def apache_decision(rules: str, path: str, accept: str | None) -> str | None:
    """Evaluate the RewriteCond/RewriteRule lines we generate (a small subset of
    mod_rewrite: conditions on %{HTTP_ACCEPT}, regex rules, [R=..,L]) for one request."""
    conds: list[tuple[str, bool]] = []
    for line in rules.splitlines():
        line = line.strip()
        if line.startswith("RewriteCond %{HTTP_ACCEPT}"):
            pattern = line.split(None, 2)[2]
            negated = pattern.startswith("!")
            conds.append((pattern.lstrip("!"), negated))
        elif line.startswith("RewriteCond"):
            conds.append(("__file__", False))  # -f: our paths are not files
        elif line.startswith("RewriteRule"):
            _, pattern, target, *flags = line.split()
            ok = all((c == "__file__" and False) or (c != "__file__" and (
                bool(re.search(c, accept or "", re.I)) != neg)) for c, neg in conds)
            conds = []
            m = re.match(pattern, path)
            if ok and m:
                if target == "-":
                    return None
                return re.sub(r"\$(\d)", lambda g: m.group(int(g.group(1))) or "", target)
    return None


@pytest.mark.parametrize("site_url", [None, "https://example.org/ctoc-kg/"])
@pytest.mark.parametrize("accept", ["text/html", "application/xhtml+xml", "text/turtle",
                                    "application/ld+json", "application/n-triples", None, "*/*",
                                    "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"])
def test_htaccess_answers_like_negotiate(site_url, accept):
    rules = htaccess(site_url)
    prefix = site_url or ""
    for path in ("id/body/working-group-firearms", "id/body/working-group-firearms/meeting/7",
                 "ontology", "ontology/Meeting", "dataset", "statement/002accc72f77b54df633"):
        assert apache_decision(rules, path, accept) == f"{prefix}{path}.{negotiate(accept)}"
    assert "R=303" in rules
    assert apache_decision(rules, "", accept) in (f"{prefix}index.html", f"{prefix}dataset.ttl")


def test_site_paths():
    assert site_path(BODY) == "id/body/working-group-firearms"
    assert site_path(ONTOLOGY_NS + "Meeting") == "ontology/Meeting"
    assert site_path("https://w3id.org/ctoc-kg/ontology") == "ontology"
    assert site_path(ID_NS + "a/../b") is None and site_path("http://example.org/x") is None
    assert site_path("https://w3id.org/ctoc-kg/statement/002accc72f77b54df633") == "statement/002accc72f77b54df633"
    assert site_path("https://w3id.org/ctoc-kg/statement/../x") is None
    assert re.match(RESOURCE_PATTERN, "id/doc/ctoc-cop-wg.4-2019-6")


def test_server_refuses_a_folder_without_a_site(tmp_path):
    from ctoc_kg.errors import CtocError

    with pytest.raises(CtocError, match="not a built site"):
        SiteServer(tmp_path, "127.0.0.1:0")
    (tmp_path / "index.html").write_text("x")
    with pytest.raises(CtocError, match="HOST:PORT"):
        SiteServer(tmp_path, "localhost")


def test_cli_needs_out_or_serve(tmp_path):
    r = ctoc("site", cwd=tmp_path)
    assert r.returncode == 2 and "--out" in r.stderr
    r = ctoc("site", "--help", cwd=tmp_path)
    assert r.returncode == 0 and "--serve" in r.stdout


def test_cli_refuses_a_folder_that_is_not_a_site(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    r = ctoc("site", "--out", str(out), cwd=tmp_path)
    assert r.returncode == 2 and "not a site built by ctoc-kg" in r.stderr
    assert (out / "keep.txt").read_text() == "mine"


def test_a_fact_stated_by_two_documents_cites_both_by_symbol_and_number():
    """Two documents state the same triple (one statement IRI in both provenance graphs):
    the fact lists both parts, each with its document's symbol because the page cites
    more than one document; a fact without a statement cites nothing; a statement node
    is not an entity and not 'referred to by'."""
    import pyoxigraph as ox

    from ctoc_kg.export import Part
    from ctoc_kg.namespaces import GRAPH_NS
    from ctoc_kg.provenance import statement_iri
    from ctoc_kg.site.build import Renderer
    from ctoc_kg.site.model import Model

    C, RDF = ONTOLOGY_NS, "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    n = ox.NamedNode

    def t(s, p, o):
        return ox.Triple(n(s), n(p), o if isinstance(o, ox.Literal) else n(o))

    body, cop = ID_NS + "body/b", ID_NS + "cop"
    fact = (body, C + "reportsTo", cop)
    st = str(statement_iri((URIRef(body), URIRef(C + "reportsTo"), URIRef(cop))))
    parts = []
    for doc, symbol, para in (("doc/a", "X/1", 3), ("doc/b", "X/2", 5)):
        part = f"{ID_NS}{doc}/para/{para}"
        parts.append(Part(GRAPH_NS + doc[4:], (
            t(*fact), t(body, C + "statedIn", part), t(ID_NS + doc, C + "symbol", ox.Literal(symbol)),
            t(part, RDF + "type", C + "Paragraph"), t(part, C + "partOf", ID_NS + doc),
            t(part, C + "partNumber", ox.Literal(str(para), datatype=n("http://www.w3.org/2001/XMLSchema#integer"))))))
        parts.append(Part(GRAPH_NS + doc[4:] + ".provenance", (
            t(st, RDF + "type", RDF + "Statement"), t(st, RDF + "subject", body),
            t(st, RDF + "predicate", C + "reportsTo"), t(st, RDF + "object", cop),
            t(st, C + "statedIn", part))))
    parts.append(Part(GRAPH_NS + "shared", (t(body, C + "symbol", ox.Literal("B")),)))
    r = Renderer(Model(parts))
    rows = {row["predicate"]["iri"]: row["values"] for row in r.fact_rows(body, "en", "id/body/b.html")}
    [reports] = rows[C + "reportsTo"]
    assert [(s["text"], s["href"]) for s in reports["stated_by"]] == [
        ("X/1, para. 3", "../doc/a/para/3.html"), ("X/2, para. 5", "../doc/b/para/5.html")]
    [symbol] = rows[C + "symbol"]
    assert symbol["stated_by"] == []
    fr = r.fact_rows(body, "fr", "id/body/b.fr.html")
    assert [s["text"] for row in fr for v in row["values"] for s in v["stated_by"]] == ["X/1, par. 3", "X/2, par. 5"]
    assert st not in r.m.data_iris and not r.incoming_rows(body, "en", "id/body/b.html")
    assert [str(x[1].value) for x in r.m.part_statements(ID_NS + "doc/b/para/5")] == [C + "reportsTo"]


# --------------------------------------------------------------------------- the built site

@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    build_site(out)
    return out


@pytest.fixture(scope="module")
def graph_iris(shipped_reasoned) -> tuple[list[str], list[str]]:
    """Every IRI of the graph under id/ (any position, any graph, inferred too) and
    every term of the ontology, read with rdflib from the shipped files."""
    ds = shipped_reasoned
    ids, terms = set(), set()
    for s, p, o, g in ds.quads():
        for t in (s, p, o):
            if isinstance(t, URIRef) and str(t).startswith((ID_NS, "https://w3id.org/ctoc-kg/statement/")):
                ids.add(str(t))
        if isinstance(s, URIRef) and str(s).startswith(ONTOLOGY_NS) and \
                str(g).endswith("/graph/ontology"):
            terms.add(str(s))
    return sorted(ids), sorted(terms)


@pytest.mark.slow
def test_every_iri_and_term_has_its_pages_and_alternates(site, graph_iris):
    ids, terms = graph_iris
    assert len(ids) > 90 and len(terms) > 100
    assert sum(1 for i in ids if "/statement/" in i) > 400  # the provenance graphs' statements
    reference = (site / "ontology.html").read_text(encoding="utf-8")
    for iri in ids + terms:
        path = site_path(iri)
        assert path, iri
        for suffix in (".html", ".fr.html", ".ttl", ".jsonld", ".nt"):
            assert (site / (path + suffix)).is_file(), path + suffix
        html = (site / (path + ".html")).read_text(encoding="utf-8")
        name = path.rsplit("/", 1)[-1]
        for ext, media in (("ttl", "text/turtle"), ("jsonld", "application/ld+json"),
                           ("nt", "application/n-triples")):
            assert f'<link rel="alternate" type="{media}" href="{name}.{ext}"' in html, path
        assert '<script type="application/ld+json">' in html
        assert f"<code>{iri}</code>" in html
        nt = Graph().parse(site / (path + ".nt"), format="nt")
        ttl = Graph().parse(site / (path + ".ttl"), format="turtle")
        if any(True for _ in nt.triples((URIRef(iri), None, None))):
            assert len(nt) == len(ttl)
        if iri.startswith(ONTOLOGY_NS):
            assert f'id="{iri[len(ONTOLOGY_NS):]}"' in reference, iri
            assert (URIRef(iri), None, None) in nt
    # the ontology as a whole
    for suffix in (".html", ".fr.html", ".ttl", ".jsonld", ".nt"):
        assert (site / ("ontology" + suffix)).is_file()


@pytest.mark.slow
def test_pages_need_no_javascript_and_links_resolve(site):
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        scripts = re.findall(r"<script([^>]*)>", html)
        assert all('type="application/ld+json"' in s for s in scripts), page
        for href in re.findall(r'href="([^"#]+)', html):
            if href.startswith(("http:", "https:", "mailto:")):
                continue
            assert (page.parent / href).resolve().is_file(), f"{page}: broken link {href}"


@pytest.mark.slow
def test_same_input_same_bytes(site, tmp_path):
    """Built again in this process, and in another process with other string hashing
    (set and dict orders that differ from run to run must not reach the files)."""
    import os
    import sys

    on_disk = {p.relative_to(site).as_posix(): p.read_bytes()
               for p in site.rglob("*") if p.is_file()}
    files = build_files()
    assert sorted(files) == sorted(on_disk)
    changed = [k for k in files if files[k] != on_disk[k]]
    assert not changed, changed[:5]
    seed = "1" if os.environ.get("PYTHONHASHSEED") != "1" else "2"
    r = run([sys.executable, "-m", "ctoc_kg", "site", "--out", str(tmp_path / "again")], tmp_path,
            env={**os.environ, "PYTHONHASHSEED": seed})
    assert r.returncode == 0, r.stderr
    again = {p.relative_to(tmp_path / "again").as_posix(): p.read_bytes()
             for p in (tmp_path / "again").rglob("*") if p.is_file()}
    assert sorted(again) == sorted(on_disk)
    changed = [k for k in again if again[k] != on_disk[k]]
    assert not changed, changed[:5]


@pytest.mark.slow
def test_pages_show_facts_sources_and_both_languages(site):
    en = (site / "id/body/working-group-firearms.html").read_text(encoding="utf-8")
    fr = (site / "id/body/working-group-firearms.fr.html").read_text(encoding="utf-8")
    assert '<h1 id="label">Working Group on Firearms</h1>' in en
    assert "Groupe de travail sur les armes à feu</h1>" in fr
    assert 'href="working-group-firearms.fr.html"' in en and 'lang="fr"' in en
    assert 'href="working-group-firearms/meeting/7.html">seventh meeting' in en
    assert 'class="source" href="../doc/note-2020-07-01-subsidiary-bodies/para/10.html"' in en
    report = (site / "id/doc/ctoc-cop-wg.6-2020-4.html").read_text(encoding="utf-8")
    assert "paragraph 12 of the note of 1 July 2020" in report
    para = (site / "id/doc/note-2020-07-01-subsidiary-bodies/para/12.html").read_text(encoding="utf-8")
    assert 'id="stated-here"' in para and "ctoc-cop-wg.6-2020-4.html" in para
    meeting = (site / "id/body/working-group-firearms/meeting/7.fr.html").read_text(encoding="utf-8")
    assert "16 juillet 2020" in meeting and "prévue" in meeting
    # derived facts are shown as such
    resolution = (site / "id/resolution/5-4.html").read_text(encoding="utf-8")
    assert "adopted at" in resolution and "(inferred)" in resolution


RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
STATED_BY = re.compile(r'<small class="stated-by">\[(.*?)\]</small>')


def visible(html: str) -> str:
    """The page without its embedded JSON-LD."""
    return re.sub(r"<script.*?</script>", "", html, flags=re.S)


@pytest.fixture(scope="module")
def provenance() -> list[tuple]:
    """(subject, predicate, object, {parts}) of every rdf:Statement in graph/*.provenance.ttl,
    read with rdflib from the repository's files (not through the site's code)."""
    from conftest import REPO

    g = Graph()
    for f in sorted((REPO / "graph").glob("*.provenance.ttl")):
        g.parse(f, format="turtle")
    out = []
    for st in g.subjects(URIRef(RDF_NS + "type"), URIRef(RDF_NS + "Statement")):
        parts = {str(p) for p in g.objects(st, URIRef(ONTOLOGY_NS + "statedIn"))}
        out.append((g.value(st, URIRef(RDF_NS + "subject")), g.value(st, URIRef(RDF_NS + "predicate")),
                    g.value(st, URIRef(RDF_NS + "object")), parts))
    assert len(out) > 400
    return out


def page_link(site: Path, target_iri: str, page: Path, lang: str) -> str:
    import os

    target = site / (site_path(target_iri) + (".html" if lang == "en" else ".fr.html"))
    return os.path.relpath(target, page.parent)


@pytest.mark.slow
def test_each_fact_shows_the_paragraphs_that_state_it(site, provenance):
    """Every statement of the provenance graphs appears on its subject's page (en or fr)
    as a fact followed by links to exactly the parts that state it (a part does not cite
    itself); an entity value is the link right before its parts."""
    checked = 0
    for s, p, o, parts in provenance:
        if p == URIRef(RDF_NS + "type"):
            continue  # types are shown in the page's heading
        expected_parts = parts - {str(s)}
        if not expected_parts or site_path(str(s)) is None:
            continue
        groups = []
        for lang, suffix in (("en", ".html"), ("fr", ".fr.html")):
            page = site / (site_path(str(s)) + suffix)
            html = visible(page.read_text(encoding="utf-8"))
            want = {page_link(site, part, page, lang) for part in expected_parts}
            for m in STATED_BY.finditer(html):
                got = set(re.findall(r'href="([^"]+)"', m.group(1)))
                before = html[:m.start()].rstrip()
                if isinstance(o, URIRef) and site_path(str(o)):
                    value = page_link(site, str(o), page, lang)
                    if not re.search(r'<a href="%s">[^<]*</a>(\s*<small class="(inferred|unconfirmed)"[^>]*>[^<]*</small>)*$'
                                     % re.escape(value), before):
                        continue
                groups.append(got == want)
        assert any(groups), (s, p, o, sorted(expected_parts))
        checked += 1
    assert checked > 300
    # the numbers quoted: "para. 10" / "par. 10", linked to the paragraph's page
    en = (site / "id/body/working-group-firearms.html").read_text(encoding="utf-8")
    assert 'href="../doc/note-2020-07-01-subsidiary-bodies/para/11.html" ' \
        'title="paragraph 11 of the note of 1 July 2020">para. 11</a>' in en
    fr = (site / "id/body/working-group-firearms.fr.html").read_text(encoding="utf-8")
    assert ">par. 11</a>" in fr


@pytest.mark.slow
def test_a_part_lists_what_it_states_and_statements_get_no_pages(site, provenance):
    per_part: dict[str, set] = {}
    for s, p, o, parts in provenance:
        for part in parts:
            per_part.setdefault(part, set()).add((s, p, o))
    for part, triples in per_part.items():
        html = (site / (site_path(part) + ".html")).read_text(encoding="utf-8")
        section = html[html.index('id="stated-here"'):]
        section = section[:section.index("</section>")]
        assert section.count("<tr><td>") == len(triples), part
    para = (site / "id/doc/note-2020-07-01-subsidiary-bodies/para/12.html").read_text(encoding="utf-8")
    assert "<td><span>16 July 2020</span></td>" in para  # the meeting's start date, stated there
    # rdf:Statement nodes are provenance, not entities: no entity page lists or links them
    for page in site.rglob("*.html"):
        if page.parent.name != "statement":
            html = visible(page.read_text(encoding="utf-8"))
            assert "w3id.org/ctoc-kg/statement/" not in html, page
            assert not re.search(r'href="[^"]*\bstatement/[0-9a-f]{20}\.', html), page
    # its IRI resolves to a page of its own: the triple, and the parts that state it
    start = [(s, o, parts) for s, p, o, parts in provenance
             if str(s).endswith("/body/working-group-firearms/meeting/7") and str(p).endswith("#startDate")]
    [(s, o, parts)] = start
    from ctoc_kg.provenance import statement_iri

    st = str(statement_iri((s, URIRef(ONTOLOGY_NS + "startDate"), o)))
    page = visible((site / (site_path(st) + ".html")).read_text(encoding="utf-8"))
    assert '<h1 id="label">seventh meeting of the Working Group on Firearms — start date — 16 July 2020</h1>' in page
    assert '<td id="statement-subject"><a href="../id/body/working-group-firearms/meeting/7.html">' in page
    assert sorted(re.findall(r'class="stated-by" href="([^"]+)"', page)) == sorted(
        "../" + site_path(x) + ".html" for x in parts)
    assert "par. 12" in (site / (site_path(st) + ".fr.html")).read_text(encoding="utf-8")
    nt = Graph().parse(site / (site_path(st) + ".nt"), format="nt")
    assert len(nt) == 4 + len(parts)  # type, subject, predicate, object, statedIn each part


@pytest.mark.slow
def test_a_work_links_its_language_versions(site):
    work = (site / "id/doc/note-2020-07-01-subsidiary-bodies.html").read_text(encoding="utf-8")
    versions = work[work.index('id="versions"'):]
    versions = versions[:versions.index("</section>")]
    assert 'href="note-2020-07-01-subsidiary-bodies/fr.html"' in versions
    assert "French" in versions and "1 July 2020" in versions
    version = (site / "id/doc/note-2020-07-01-subsidiary-bodies/fr.fr.html").read_text(encoding="utf-8")
    assert "version française" in version and 'href="../note-2020-07-01-subsidiary-bodies.fr.html"' in version
    assert "Type: <span id=\"types\"><a href=\"../../../ontology/LanguageVersion.fr.html\">" in version


@pytest.mark.slow
def test_unconfirmed_english_is_flagged_on_both_languages(site):
    from conftest import REPO

    g = Graph()
    for f in sorted((REPO / "graph").glob("*.ttl")):
        g.parse(f, format="turtle")
    flag = URIRef(ONTOLOGY_NS + "unconfirmedEnglish")
    flagged = {str(s) for s in g.subjects(flag, None)}
    assert len(flagged) >= 5
    for s in sorted({str(x) for x in g.subjects() if isinstance(x, URIRef) and str(x).startswith(ID_NS)}):
        for suffix in (".html", ".fr.html"):
            html = visible((site / (site_path(s) + suffix)).read_text(encoding="utf-8"))
            assert ('id="unconfirmed"' in html) == (s in flagged), (s, suffix)
            if suffix == ".html":  # the English value itself is marked where it is shown
                assert ('class="unconfirmed"' in html) == (s in flagged), (s, suffix)
    note = visible((site / "id/doc/note-2020-07-01-subsidiary-bodies.html").read_text(encoding="utf-8"))
    assert "could not be confirmed" in note and "(English not confirmed)</small></h1>" in note
    fr = visible((site / "id/doc/note-2020-07-01-subsidiary-bodies.fr.html").read_text(encoding="utf-8"))
    assert "(anglais non confirmé)</small></p>" in fr  # beside the English name under the title
    assert "n'a pas pu être confirmé" in fr.replace("&#39;", "'")
    item = visible((site / "id/doc/ctoc-cop-2020-1/item/2.fr.html").read_text(encoding="utf-8"))
    notice = item[item.index('id="unconfirmed"'):]
    notice = notice[:notice.index("</div>")]
    assert '<q lang="en">' in notice  # the unconfirmed English text, quoted on the French page


@pytest.mark.slow
def test_entity_jsonld_is_compacted_and_complete(site):
    doc = json.loads((site / "id/body/working-group-firearms/meeting/7.jsonld").read_text())
    assert isinstance(doc["@context"], dict)
    node = next(n for g in doc["@graph"] for n in g["@graph"] if g["id"].endswith("subsidiary-bodies"))
    assert node["ordinal"] == 7 and node["meetingStatus"] == "Planned"
    nt = Graph().parse(site / "id/body/working-group-firearms/meeting/7.nt", format="nt")
    from rdflib import Dataset

    d = Dataset()
    d.parse(data=json.dumps(doc), format="json-ld")
    assert len({(s, p, o) for s, p, o, _ in d.quads()}) == len(nt)


@pytest.mark.slow
def test_ontology_reference_shows_terms_shapes_and_code_lists(site):
    ref = (site / "ontology.html").read_text(encoding="utf-8")
    assert "<svg" in ref  # the class diagram
    meeting = ref[ref.index('id="Meeting"'):]
    meeting = meeting[:meeting.index("</section>")]
    assert "réunion" in meeting and "A numbered meeting of a subsidiary body." in meeting
    assert "ctocsh:MeetingShape" in meeting
    assert 'id="Planned"' in ref and 'id="code-lists"' in ref
    term = (site / "ontology/meetingOf.html").read_text(encoding="utf-8")
    assert "prov:wasAssociatedWith" in term  # the alignment
    assert "Domain" in term and "Range" in term


@pytest.mark.slow
def test_dataset_description(site):
    g = Graph().parse(site / "dataset.ttl", format="turtle")
    ds = URIRef("https://w3id.org/ctoc-kg/dataset")
    DCT, VOID, DCAT = ("http://purl.org/dc/terms/", "http://rdfs.org/ns/void#",
                       "http://www.w3.org/ns/dcat#")
    assert (ds, URIRef(DCT + "license"), URIRef("https://creativecommons.org/licenses/by/4.0/")) in g
    assert g.value(ds, URIRef(DCT + "issued")) == Literal("2020-07-01", datatype=URIRef(
        "http://www.w3.org/2001/XMLSchema#date"))
    ontology = Graph().parse(site / "ontology.ttl", format="turtle")
    version = ontology.value(URIRef("https://w3id.org/ctoc-kg/ontology"),
                             URIRef("http://www.w3.org/2002/07/owl#versionInfo"))
    assert str(version) == "0.2.0"  # the work/version model (issue 12)
    assert str(g.value(ds, URIRef(DCAT + "version"))) == str(version)
    subsets = {str(s): int(g.value(s, URIRef(VOID + "triples")))
               for s in g.objects(ds, URIRef(VOID + "subset"))}
    nq = (site / "download/ctoc-inferred.nq").read_text(encoding="utf-8").splitlines()
    for name, count in subsets.items():
        assert count == sum(1 for line in nq if line.endswith(f"<{name}> .")), name
    note = URIRef("https://w3id.org/ctoc-kg/graph/note-2020-07-01-subsidiary-bodies")
    assert g.value(note, URIRef(DCT + "source")) == URIRef(ID_NS + "doc/note-2020-07-01-subsidiary-bodies")
    # the provenance graph beside it: a named graph with its count, its source and the graph it describes
    prov = URIRef(str(note) + ".provenance")
    assert subsets[str(prov)] > 2000
    assert g.value(prov, URIRef(DCT + "relation")) == note
    assert g.value(prov, URIRef(DCT + "source")) == URIRef(ID_NS + "doc/note-2020-07-01-subsidiary-bodies")
    html = (site / "dataset.html").read_text(encoding="utf-8")
    row = html[html.index(f"<code>{prov}</code>"):]
    assert f'<td class="num">{subsets[str(prov)]}</td>' in row[:row.index("</tr>")]
    # issued = the latest ctoc:documentDate of the source documents (works with parts)
    from conftest import REPO

    data = Graph()
    for f in sorted((REPO / "graph").glob("*.ttl")):
        data.parse(f, format="turtle")
    dates = {o for s, o in data.subject_objects(URIRef(ONTOLOGY_NS + "documentDate"))
             if (None, URIRef(ONTOLOGY_NS + "partOf"), s) in data}
    assert g.value(ds, URIRef(DCT + "issued")) == max(dates, key=str)
    for dist in g.objects(ds, URIRef(DCAT + "distribution")):
        file = site / str(dist)[len("https://w3id.org/ctoc-kg/"):]
        assert file.is_file() and file.stat().st_size == int(g.value(dist, URIRef(DCAT + "byteSize")))
    queries = list(g.subjects(URIRef("https://schema.org/target"), ds))
    assert len(queries) >= 10
    for q in queries:
        assert (site / str(q)[len("https://w3id.org/ctoc-kg/"):]).is_file()
    ctx = json.loads((site / "context.jsonld").read_text())
    assert ctx["@context"]["id"] == "@id"


# --------------------------------------------------------------------------- serving

@pytest.fixture(scope="module")
def server(site):
    s = SiteServer(site, "127.0.0.1:0").start()
    yield s
    s.close()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None


def request(url: str, accept: str | None = None, follow: bool = False):
    req = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    opener = urllib.request.build_opener() if follow else urllib.request.build_opener(_NoRedirect)
    try:
        return opener.open(req, timeout=10)
    except urllib.error.HTTPError as e:
        return e


@pytest.mark.slow
@pytest.mark.server
@pytest.mark.parametrize("accept, ext, media, check", [
    ("text/html", "html", "text/html", "<h1"),
    ("text/turtle", "ttl", "text/turtle", "ctoc:reportsTo"),
    ("application/ld+json", "jsonld", "application/ld+json", '"@context"'),
    ("application/n-triples", "nt", "application/n-triples", f"<{BODY}>"),
    (None, "html", "text/html", "<h1"),
])
def test_server_content_negotiation(server, accept, ext, media, check):
    for path in ("id/body/working-group-firearms", "ontology/Meeting", "ontology",
                 "statement/002accc72f77b54df633"):
        r = request(server.url + path, accept)
        assert r.status == 303, path
        assert r.headers["Location"] == f"/{path}.{ext}"
        assert "Accept" in r.headers["Vary"]
        r = request(server.url + path, accept, follow=True)
        assert r.status == 200 and r.headers["Content-Type"].startswith(media)
        body = r.read().decode("utf-8")
        if path.startswith("id/"):
            assert check in body


@pytest.mark.slow
@pytest.mark.server
def test_server_files_and_errors(server):
    r = request(server.url, "text/turtle", follow=True)
    assert r.status == 200 and "void:Dataset" in r.read().decode()
    r = request(server.url + "id/body/no-such-body", "text/turtle")
    assert r.status == 404
    r = request(server.url + "context.jsonld", follow=True)
    assert r.status == 200 and r.headers["Content-Type"].startswith("application/ld+json")
    r = request(server.url + "id/body/", follow=True)
    assert r.status == 404  # no directory listings
