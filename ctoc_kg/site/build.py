"""Build the static site: every page, alternate, diagram and description, as bytes.

``build_files()`` returns ``{site-relative path: bytes}`` and ``build_site()`` writes
them to a folder (all or nothing).  Nothing reads the clock or the environment: the
same shipped data gives the same bytes.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ctoc_kg import __version__
from ctoc_kg.namespaces import ID_NS, ONTOLOGY_IRI, ONTOLOGY_NS
from ctoc_kg.errors import CtocError
from ctoc_kg.site.alternates import ALTERNATES, alternates, embedded_jsonld, page_file
from ctoc_kg.site.i18n import UI, format_date
from ctoc_kg.site.model import (COMMENT, DEFINITION, LABEL, LANGS, ONTOLOGY_GRAPH,
                                OWL, PREF_LABEL, RDF_TYPE, RDFS, SKOS, STATED_IN,
                                UNCONFIRMED_ENGLISH, VERSION_OF, XSD, Model, curie, relative,
                                site_path)

MARKER = ".ctoc-kg-site"
CONTEXT_PATH = "context.jsonld"
C = ONTOLOGY_NS


@dataclass
class SiteSummary:
    folder: Path
    files: int
    pages: int
    resources: int


# --------------------------------------------------------------------------- rendering

class Renderer:
    def __init__(self, model: Model, site_url: str | None = None):
        from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

        self.m = model
        self.site_url = site_url
        self.env = Environment(loader=PackageLoader("ctoc_kg.site", "templates"),
                               autoescape=select_autoescape(["html"]), undefined=StrictUndefined,
                               trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
        self.files: dict[str, bytes] = {}
        self.pages = 0

    # links ----------------------------------------------------------------
    def href(self, iri: str, lang: str, page: str) -> str | None:
        path = site_path(iri)
        if path is None:
            return None
        if iri.startswith(ONTOLOGY_NS) and iri not in self.m.by_subject:
            return None
        return relative(page_file(path, lang), page)

    def link(self, term, lang: str, page: str) -> dict:
        """A value as ``{text, href, lang, note}`` for the templates."""
        if isinstance(term, ox.NamedNode):
            iri = term.value
            known = iri in self.m.by_subject
            text = self.m.label(iri, lang) if known else curie(iri)
            return {"text": text, "href": self.href(iri, lang, page) if known or iri.startswith(ID_NS)
                    else (iri if iri.startswith("http") else None), "iri": iri}
        if isinstance(term, ox.BlankNode):
            return {"text": self._blank(term.value, lang), "href": None, "iri": None}
        value = term.value
        dt = term.datatype.value if not term.language else None
        if dt == XSD + "date":
            value = format_date(value, lang)
        return {"text": value, "href": None, "iri": None, "lang": term.language or None}

    def _blank(self, key: str, lang: str) -> str:
        """A short text for a blank node: an OWL union or list, else its facts."""
        facts = self.m.by_subject.get("_:" + key, [])
        union = [f.object for f in facts if f.predicate == OWL + "unionOf"]
        if union:
            members = self._list(union[0])
            return (" ∪ " if True else "").join(self.m.label(i, lang) for i in members)
        return "[…]"

    def _list(self, head) -> list[str]:
        out = []
        seen = set()
        while isinstance(head, ox.BlankNode) and head.value not in seen:
            seen.add(head.value)
            facts = self.m.by_subject.get("_:" + head.value, [])
            first = next((f.object for f in facts if f.predicate.endswith("#first")), None)
            if isinstance(first, ox.NamedNode):
                out.append(first.value)
            head = next((f.object for f in facts if f.predicate.endswith("#rest")), None)
        return out

    def common(self, page_path: str, lang: str, title: str) -> dict:
        """What every page needs: navigation, language switch, stylesheet."""
        page = page_file(page_path, lang)
        other = "fr" if lang == "en" else "en"
        nav = [(UI[lang][k], relative(page_file(p, lang), page))
               for k, p in (("home", "index"), ("ontology", "ontology"), ("diagrams", "diagrams"),
                            ("dataset", "dataset"), ("validation", "validation"),
                            ("queries", "queries"))]
        return {"lang": lang, "ui": UI[lang], "title": title, "nav": nav,
                "css": relative("static/style.css", page),
                "switch": {"href": relative(page_file(page_path, other), page),
                           "text": UI[lang]["other_lang"], "lang": other},
                "home": relative(page_file("index", lang), page), "page": page,
                "version": __version__}

    def render(self, template: str, page_path: str, ctx: dict) -> None:
        html = self.env.get_template(template).render(**ctx)
        self.files[page_file(page_path, ctx["lang"])] = html.encode("utf-8")
        self.pages += 1

    # facts ------------------------------------------------------------------
    def fact_rows(self, iri: str, lang: str, page: str) -> list[dict]:
        """The page's facts grouped by predicate; labels and types are shown elsewhere.
        Inferred facts are listed when they use the project's own terms."""
        groups: dict[str, list] = defaultdict(list)
        inferred: dict[str, bool] = {}
        hidden = {RDF_TYPE, LABEL, PREF_LABEL, DEFINITION, STATED_IN, UNCONFIRMED_ENGLISH}
        unconfirmed = set(self.m.unconfirmed_english(iri))
        for f in self.m.by_subject.get(iri, []):
            if f.predicate in hidden:
                continue
            if f.inferred and not f.predicate.startswith(ONTOLOGY_NS):
                continue
            if f.graph == ONTOLOGY_GRAPH and not iri.startswith(ONTOLOGY_NS) and iri != ONTOLOGY_IRI:
                continue
            groups[f.predicate].append(f)
            inferred[f.predicate] = inferred.get(f.predicate, True) and f.inferred
        rows = []
        for p in sorted(groups, key=lambda p: (p == STATED_IN, self.m.label(p, lang).lower())):
            facts = groups[p]
            literals = [f for f in facts if isinstance(f.object, ox.Literal)]
            in_lang = [f for f in literals if f.object.language == lang]
            tagged = [f for f in literals if f.object.language]
            if tagged and in_lang:  # language-tagged text: the page's language
                facts = [f for f in facts if not (isinstance(f.object, ox.Literal)
                                                   and f.object.language and f.object.language != lang)]
            values = []
            seen: dict[tuple, dict] = {}
            for f in sorted(facts, key=lambda f: (str(f.object), f.graph)):
                v = self.link(f.object, lang, page)
                key = (v["text"], v.get("href"))
                parts = [x for x in self.m.stated_by(iri, p, f.object) if x != iri]  # a part states itself
                if key in seen:  # the same value from another graph: one value, all its parts
                    old = seen[key]
                    old["inferred"] = old["inferred"] and f.inferred
                    known = {s["href"] for s in old["stated_by"]}
                    old["stated_by"] += [s for s in self.part_refs(parts, lang, page)
                                         if s["href"] not in known]
                    continue
                v["inferred"] = f.inferred
                v["stated_by"] = self.part_refs(parts, lang, page)
                v["unconfirmed"] = p in unconfirmed and isinstance(f.object, ox.Literal) \
                    and (f.object.language or "").startswith("en")
                seen[key] = v
                values.append(v)
            values.sort(key=self.value_order)
            rows.append({"predicate": self.link(ox.NamedNode(p), lang, page),
                         "values": values, "inferred": inferred[p]})
        refs = [ref for row in rows for v in row["values"] for ref in v["stated_by"]]
        if len({ref["document"] for ref in refs}) > 1:  # say which document each number is in
            for ref in refs:
                ref["text"] = f"{self.document_name(ref['document'], lang)}, {ref['text']}"
        return rows

    def value_order(self, v: dict) -> tuple:
        """Parts of a document in document order (paragraph 2 before 10), else by text."""
        iri = v.get("iri")
        part = self.m.part_order(iri) if iri and self.m.value(iri, C + "partOf") is not None else ("",)
        return (part, v["text"].lower(), v.get("href") or "")

    def document_name(self, doc: str, lang: str) -> str:
        symbol = self.m.value(doc, C + "symbol")
        return symbol.value if symbol is not None else self.m.label(doc, lang)

    def incoming_rows(self, iri: str, lang: str, page: str) -> list[dict]:
        groups: dict[str, set] = defaultdict(set)
        for f in self.m.by_object.get(iri, []):
            if f.inferred and not f.predicate.startswith(ONTOLOGY_NS):
                continue
            if f.predicate == RDF_TYPE or not isinstance(f.object, ox.NamedNode):
                continue
            if f.graph == ONTOLOGY_GRAPH and not iri.startswith(ONTOLOGY_NS):
                continue
            groups[f.predicate].add(f.object.value)
        rows = []
        for p in sorted(groups, key=lambda p: self.m.label(p, lang).lower()):
            values = sorted((self.link(ox.NamedNode(s), lang, page) for s in groups[p]),
                            key=self.value_order)
            rows.append({"predicate": self.link(ox.NamedNode(p), lang, page), "values": values})
        return rows

    def part_ref(self, part: str, lang: str, page: str) -> dict:
        """A part of a source document cited by its number: ``para. 12``, linked to the
        part's page, with the part's full name (which names its document) as the title."""
        m = self.m
        kinds = [t[len(C):] for t in m.types(part) if t.startswith(C) and f"part_{t[len(C):]}" in UI[lang]]
        kind = min(kinds, key=lambda k: ("Paragraph", "Heading", "Footnote", "HeaderBlock",
                                         "TitleBlock", "DocumentPart").index(k), default=None)
        number, marker = m.value(part, C + "partNumber"), m.value(part, C + "marker")
        if kind is None:
            text = m.label(part, lang)
        else:
            text = UI[lang][f"part_{kind}"].format(n=number.value if number is not None else "",
                                                   marker=marker.value if marker is not None else "")
        doc = m.value(part, C + "partOf")
        return {"text": text, "href": self.href(part, lang, page), "title": m.label(part, lang),
                "document": doc.value if doc is not None else ""}

    def part_refs(self, parts: list[str], lang: str, page: str) -> list[dict]:
        return [self.part_ref(p, lang, page) for p in parts]

    def statement_rows(self, part: str, lang: str, page: str) -> list[dict]:
        """What a part states (from the provenance graphs): one row per triple."""
        rows = []
        for s, p, o in self.m.part_statements(part):
            subject = self.link(s, lang, page)
            rows.append({"subject": subject, "predicate": self.link(p, lang, page),
                         "object": self.link(o, lang, page)})
        rows.sort(key=lambda r: (r["subject"]["text"].lower(), r["predicate"]["text"].lower(),
                                 r["object"]["text"].lower()))
        return rows

    def versions(self, iri: str, lang: str, page: str) -> list[dict]:
        """The language versions of a work (``ctoc:versionOf`` it)."""
        out = []
        for v in self.m.subjects(VERSION_OF, iri):
            language, date = self.m.value(v, C + "language"), self.m.value(v, C + "distributionDate")
            out.append({"version": self.link(ox.NamedNode(v), lang, page),
                        "language": self.link(language, lang, page) if language is not None else None,
                        "date": self.link(date, lang, page) if date is not None else None})
        return out

    def sources(self, iri: str, lang: str, page: str) -> list[dict]:
        out = []
        for part in self.m.sources(iri):
            v = self.link(ox.NamedNode(part), lang, page)
            doc = self.m.value(part, C + "partOf")
            v["document"] = self.link(doc, lang, page) if doc is not None else None
            out.append(v)
        return out


def _closure(model: Model, iri: str) -> dict[str, list]:
    """The triples about ``iri`` per graph, with the blank nodes they lead to."""
    out: dict[str, list] = defaultdict(list)
    todo, seen = [iri], set()
    while todo:
        key = todo.pop()
        if key in seen:
            continue
        seen.add(key)
        for graph, triples in model.triples_by_subject.get(key, {}).items():
            out[graph].extend(triples)
            for t in triples:
                if isinstance(t.object, ox.BlankNode):
                    todo.append("_:" + t.object.value)
    return out


# --------------------------------------------------------------------------- the build

def build_files(*, site_url: str | None = None) -> dict[str, bytes]:
    """Every file of the site, by site-relative path, for the shipped data."""
    from importlib.resources import files as package_files

    from ctoc_kg import export, jsonld
    from ctoc_kg.open import open_dataset
    from ctoc_kg.site import describe, ontology_pages, special_pages
    from ctoc_kg.site.negotiation import htaccess

    ds = open_dataset()
    parts = export.parts(ds, inferred=True)
    model = Model(parts)
    context = jsonld.load_context()
    r = Renderer(model, site_url)

    # one page (two languages) and three alternates per IRI
    shapes = ontology_pages.shape_index()
    for iri in model.data_iris + model.ontology_terms + [ONTOLOGY_IRI]:
        path = site_path(iri)
        if path is None:
            continue
        if iri == ONTOLOGY_IRI:
            by_graph = {p.graph: list(p.triples) for p in parts if p.graph == ONTOLOGY_GRAPH}
        else:
            by_graph = _closure(model, iri)
            for graph, triples in model.provenance_by_subject.get(iri, {}).items():
                by_graph[graph].extend(triples)  # which part states each of its facts
        alt = alternates(by_graph, context)
        for ext, data in alt.items():
            r.files[f"{path}.{ext}"] = data
        if iri == ONTOLOGY_IRI:
            ontology_pages.render_reference(r, shapes, alt["jsonld"])
        elif iri.startswith(ONTOLOGY_NS):
            ontology_pages.render_term(r, iri, shapes, alt["jsonld"])
        else:
            render_entity(r, iri, alt["jsonld"])

    # one page per rdf:Statement of the provenance graphs (its IRI is ours: it resolves too)
    for node in sorted(model.statement_nodes):
        path = site_path(node)
        if path is None:
            continue
        alt = alternates(model.statement_triples[node], context)
        for ext, data in alt.items():
            r.files[f"{path}.{ext}"] = data
        render_statement(r, node, alt["jsonld"])

    special_pages.render_home(r)
    special_pages.render_diagrams(r)
    special_pages.render_validation(r)
    special_pages.render_queries(r, ds)
    describe.render_dataset(r, ds, parts, context)

    r.files[CONTEXT_PATH] = jsonld.dumps({"@context": context})
    r.files["static/style.css"] = (package_files("ctoc_kg.site") / "static" / "style.css").read_bytes()
    r.files[".htaccess"] = htaccess(site_url).encode("utf-8")
    r.files[MARKER] = (f"built by ctoc-kg {__version__}; `ctoc-kg site --out` may replace "
                       "this folder\n").encode("utf-8")
    return dict(sorted(r.files.items()))


def render_entity(r: Renderer, iri: str, jsonld_bytes: bytes) -> None:
    m = r.m
    path = site_path(iri)
    for lang in LANGS:
        page = page_file(path, lang)
        types = [r.link(ox.NamedNode(t), lang, page) for t in m.asserted_types(iri)] or \
            [r.link(ox.NamedNode(t), lang, page) for t in m.types(iri) if t.startswith(ONTOLOGY_NS)]
        unconfirmed = m.unconfirmed_english(iri)
        names = [{"lang": k or "—", "text": v, "unconfirmed": k == "en" and LABEL in unconfirmed,
                  "stated_by": r.part_refs([x for x in m.stated_by(
                      iri, LABEL, ox.Literal(v, language=k) if k else ox.Literal(v)) if x != iri], lang, page)}
                 for k, v in sorted(m.texts(iri, LABEL).items())]
        other = "fr" if lang == "en" else "en"
        ctx = r.common(path, lang, m.label(iri, lang))
        ctx.update(
            iri=iri, label=m.label(iri, lang), other_label=m.label(iri, other),
            label_unconfirmed=LABEL in unconfirmed and m.texts(iri, LABEL).get("en") == m.label(iri, lang),
            other_unconfirmed=LABEL in unconfirmed and m.texts(iri, LABEL).get("en") == m.label(iri, other),
            unconfirmed=[{"property": {"text": UI[lang]["name"]} if p == LABEL
                          else r.link(ox.NamedNode(p), lang, page),
                          "english": sorted(t.value for t in m.values(iri, p) if isinstance(t, ox.Literal)
                                            and (t.language or "").startswith("en"))}
                         for p in unconfirmed],
            types=types, names=names, comment=m.texts(iri, COMMENT),
            facts=r.fact_rows(iri, lang, page), incoming=r.incoming_rows(iri, lang, page),
            sources=r.sources(iri, lang, page), stated_here=r.statement_rows(iri, lang, page),
            versions=r.versions(iri, lang, page),
            alternates=[{"ext": ext, "name": name, "media": media,
                         "href": relative(f"{path}.{ext}", page)} for ext, name, media in ALTERNATES],
            jsonld=embedded_jsonld(jsonld_bytes))
        r.render("entity.html", path, ctx)


def render_statement(r: Renderer, node: str, jsonld_bytes: bytes) -> None:
    """The page of an rdf:Statement: the triple it is about and the parts that state it."""
    m = r.m
    path = site_path(node)
    s, p, o = m.statement_nodes[node]
    parts = m.stated_by(s.value if isinstance(s, ox.NamedNode) else "_:" + s.value, p.value, o)
    for lang in LANGS:
        page = page_file(path, lang)
        triple = {"subject": r.link(s, lang, page), "predicate": r.link(p, lang, page),
                  "object": r.link(o, lang, page)}
        title = f"{triple['subject']['text']} — {triple['predicate']['text']} — {triple['object']['text']}"
        ctx = r.common(path, lang, title)
        ctx.update(
            iri=node, label=title, triple=triple,
            stated=[dict(r.link(ox.NamedNode(x), lang, page), ref=r.part_ref(x, lang, page)["text"])
                    for x in parts],
            graphs=sorted(m.statement_triples[node]),
            alternates=[{"ext": ext, "name": name, "media": media,
                         "href": relative(f"{path}.{ext}", page)} for ext, name, media in ALTERNATES],
            jsonld=embedded_jsonld(jsonld_bytes))
        r.render("statement.html", path, ctx)


def build_site(out: str | os.PathLike[str], *, site_url: str | None = None) -> SiteSummary:
    """Build the site into the folder ``out``: written beside it first, then put in its
    place, so ``out`` holds the old site or the whole new one.  A folder that is not
    empty and was not built by ``ctoc-kg site`` is refused, never overwritten."""
    out = Path(out)
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        raise CtocError(f"{out}: exists and is not a site built by ctoc-kg (no {MARKER}); "
                        "choose an empty or new folder")
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        raise CtocError(f"{out}: the folder {parent} does not exist")
    files = build_files(site_url=site_url)
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=parent))
    except OSError as e:
        raise CtocError(f"{out}: cannot write: {e.strerror or e}") from e
    old = None
    try:
        for rel, data in files.items():
            target = tmp / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        os.chmod(tmp, 0o755)
        if out.exists():
            old = parent / f".{out.name}.old-{os.getpid()}"
            os.replace(out, old)
        os.replace(tmp, out)
    except BaseException as e:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None and old.exists() and not out.exists():
            os.replace(old, out)
        if isinstance(e, OSError):
            raise CtocError(f"{out}: cannot write: {e.strerror or e}") from e
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    pages = sum(1 for k in files if k.endswith(".html"))
    resources = sum(1 for k in files if k.endswith(".nt"))
    return SiteSummary(out, len(files), pages, resources)


__all__ = ["build_site", "build_files", "SiteSummary", "page_file", "RDFS", "SKOS"]
