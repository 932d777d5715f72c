"""The home page, the diagrams, the validation report and the answers of the queries."""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from ctoc_kg.namespaces import ID_NS, ONTOLOGY_NS
from ctoc_kg.site import diagrams as dg
from ctoc_kg.site.alternates import page_file
from ctoc_kg.site.i18n import MONTHS, UI
from ctoc_kg.site.model import LANGS, RDF_TYPE, relative

C = ONTOLOGY_NS


def _of_type(m, cls: str) -> list[str]:
    return sorted(i for i in m.data_iris if C + cls in m.types(i))


def _by_label(r, iris, lang, page):
    return sorted((r.link(ox.NamedNode(i), lang, page) for i in iris),
                  key=lambda v: v["text"].lower())


def render_home(r) -> None:

    m = r.m
    groups: dict[str, set] = defaultdict(set)
    for iri in m.data_iris:
        types = [t for t in m.asserted_types(iri) if t.startswith(C)] or ["other"]
        groups[types[0]].add(iri)
    for lang in LANGS:
        page = page_file("index", lang)
        sessions = sorted(_of_type(m, "Session"),
                          key=lambda i: int(m.value(i, C + "sessionNumber").value)
                          if m.value(i, C + "sessionNumber") is not None else 0)
        sections = [
            (UI[lang]["bodies"], _by_label(r, _of_type(m, "SubsidiaryBody"), lang, page)),
            (UI[lang]["sessions"], [r.link(ox.NamedNode(i), lang, page) for i in sessions]),
            (UI[lang]["instruments"], _by_label(r, _of_type(m, "Instrument"), lang, page)),
            (UI[lang]["documents"], _by_label(
                r, [i for i in _of_type(m, "Document")], lang, page)),
        ]
        everything = []
        for cls in sorted(groups, key=lambda c: m.label(c, lang).lower()):
            head = r.link(ox.NamedNode(cls), lang, page) if cls != "other" else {"text": "—", "href": None}
            everything.append((head, _by_label(r, groups[cls], lang, page)))
        ctx = r.common("index", lang, UI[lang]["site"])
        ctx.update(sections=sections, everything=everything,
                   diagram=bodies_diagram(r, lang, page),
                   context=relative("context.jsonld", page),
                   dataset=relative(page_file("dataset", lang), page))
        r.render("index.html", "index", ctx)


# --------------------------------------------------------------------------- diagrams

def bodies_diagram(r, lang: str, page: str) -> str:
    """The Conference, its subsidiary bodies and the instruments whose provisions
    created them or changed their status."""
    m = r.m
    ui = UI[lang]
    nodes, edges = [], []
    bodies = _of_type(m, "SubsidiaryBody")
    conferences = set()
    for b in bodies:
        nodes.append(dg.Node(b, m.label(b, lang), r.href(b, lang, page), fill="#eef4fa", group="bodies"))
        for p in (C + "reportsTo", C + "bodyOf"):
            for o in m.values(b, p):
                if isinstance(o, ox.NamedNode):
                    conferences.add(o.value)
                    edges.append(dg.Edge(b, o.value, label=ui["reports_to"] if p.endswith("reportsTo") else ""))
    for c in sorted(conferences):
        nodes.append(dg.Node(c, m.label(c, lang), r.href(c, lang, page), fill="#fdf3dc", shape="box"))
    instruments = set()
    seen_edges = set()
    for prov in sorted(set(_of_type(m, "Establishment")) | set(_of_type(m, "StatusChange"))):
        inst = m.value(prov, C + "inInstrument")
        targets = [o.value for p in (C + "establishes", C + "concernsBody")
                   for o in m.values(prov, p) if isinstance(o, ox.NamedNode)]
        if inst is None:
            continue
        instruments.add(inst.value)
        status = m.value(prov, C + "resultingStatus")
        verb = ui["establishes"] if C + "Establishment" in m.types(prov) else ui["status_change"]
        label = verb + (f" ({m.label(status.value, lang)})" if status is not None else "")
        for t in targets:
            if (inst.value, t, label) not in seen_edges:
                seen_edges.add((inst.value, t, label))
                edges.append(dg.Edge(inst.value, t, label=label, style="solid"))
    for i in sorted(instruments):
        nodes.append(dg.Node(i, _short_instrument(m, i, lang), r.href(i, lang, page), fill="#ffffff",
                             shape="note", group="instruments"))
    return dg.graphviz_svg(nodes, edges, rankdir="LR", title=ui["diagram_bodies"],
                           clusters={"bodies": ui["bodies"], "instruments": ui["instruments"]})


def _short_instrument(m, iri: str, lang: str) -> str:
    label = m.label(iri, lang)
    return label if len(label) < 40 else label[:39] + "…"


def timeline(r, lang: str, page: str) -> str:
    m = r.m
    bars = []
    for meeting in _of_type(m, "Meeting") + _of_type(m, "Session"):
        start, end = m.value(meeting, C + "startDate"), m.value(meeting, C + "endDate")
        if start is None:
            continue
        owner = m.value(meeting, C + "meetingOf") or m.value(meeting, C + "sessionOf")
        status = m.value(meeting, C + "meetingStatus")
        bars.append(dg.Bar(row=m.label(owner.value, lang) if owner is not None else "—",
                           start=start.value, end=(end or start).value,
                           label=m.label(meeting, lang), href=r.href(meeting, lang, page),
                           planned=status is not None and status.value == C + "Planned"))
    return dg.timeline_svg(bars, months=MONTHS[lang], title=UI[lang]["diagram_timeline"],
                           legend=(UI[lang]["held"], UI[lang]["planned"]))


def reports_diagram(r, lang: str, page: str) -> str:
    m = r.m
    nodes, edges = [], []
    sessions = set()
    clusters = {}
    for rep in _of_type(m, "Report"):
        symbol = m.value(rep, C + "symbol")
        meeting = m.value(rep, C + "reportsOn")
        body = m.value(meeting.value, C + "meetingOf") if meeting is not None else None
        group = body.value if body is not None else None
        if group:
            clusters[group] = m.label(group, lang)
        text = symbol.value if symbol is not None else m.label(rep, lang)
        if meeting is not None:
            text += "\n" + m.label(meeting.value, lang)[:48]
        nodes.append(dg.Node(rep, text, r.href(rep, lang, page), shape="note", group=group))
        for s in m.values(rep, C + "submittedTo"):
            if isinstance(s, ox.NamedNode):
                sessions.add(s.value)
                edges.append(dg.Edge(rep, s.value, label=""))
    for s in sorted(sessions):
        nodes.append(dg.Node(s, m.label(s, lang), r.href(s, lang, page), fill="#fdf3dc"))
    return dg.graphviz_svg(nodes, edges, rankdir="LR", title=UI[lang]["diagram_reports"],
                           clusters=clusters)


def render_diagrams(r) -> None:

    for lang in LANGS:
        page = page_file("diagrams", lang)
        ctx = r.common("diagrams", lang, UI[lang]["diagrams"])
        ctx.update(diagrams=[
            ("bodies", UI[lang]["diagram_bodies"], bodies_diagram(r, lang, page)),
            ("timeline", UI[lang]["diagram_timeline"], timeline(r, lang, page)),
            ("reports", UI[lang]["diagram_reports"], reports_diagram(r, lang, page)),
        ])
        r.render("diagrams.html", "diagrams", ctx)


# --------------------------------------------------------------------------- validation

def render_validation(r) -> None:
    from ctoc_kg.validate import validate

    report = validate()
    counts = report.counts
    for lang in LANGS:
        page = page_file("validation", lang)
        rows = []
        for res in sorted(report.results, key=lambda x: x.key()):
            rows.append({
                "severity": res.severity,
                "focus": r.link(ox.NamedNode(res.focus), lang, page)
                if res.focus.startswith("http") else {"text": res.focus, "href": None},
                "path": res.path or "", "shape": res.source_shape,
                "message": res.messages.get(lang) or res.message,
                "sources": [r.link(ox.NamedNode(s.iri), lang, page) for s in res.sources],
            })
        ctx = r.common("validation", lang, UI[lang]["validation"])
        ctx.update(conforms=report.conforms, counts=counts, rows=rows, shapes=report.shapes)
        r.render("validation.html", "validation", ctx)


# --------------------------------------------------------------------------- queries

def render_queries(r, ds) -> None:
    from rdflib import Literal, URIRef

    from ctoc_kg import query as Q

    queries = []
    for info in Q.shipped_queries():
        prepared = Q.prepare(info.name)
        result = Q.execute(prepared, ds)
        text = info.path.read_text(encoding="utf-8")
        r.files[f"queries/{info.name}.rq"] = text.encode("utf-8")
        queries.append((info, result))
    for lang in LANGS:
        page = page_file("queries", lang)
        items = []
        for info, result in queries:
            rows = []
            for row in result.rows:
                cells = []
                for term in row:
                    if isinstance(term, URIRef):
                        cells.append(r.link(ox.NamedNode(str(term)), lang, page))
                    elif isinstance(term, Literal):
                        cells.append({"text": str(term), "href": None})
                    else:
                        cells.append({"text": "" if term is None else str(term), "href": None})
                rows.append(cells)
            items.append({
                "name": info.name, "title": info.title,
                "question": info.question.get(lang) or info.question.get("en", ""),
                "params": [{"name": p.name, "type": p.type, "default": p.default, "doc": p.doc}
                           for p in info.params],
                "answer": info.answer, "variables": result.variables, "rows": rows,
                "ask": result.ask, "file": relative(f"queries/{info.name}.rq", page),
                "text": info.path.read_text(encoding="utf-8"),
            })
        ctx = r.common("queries", lang, UI[lang]["queries"])
        ctx.update(queries=items)
        r.render("queries.html", "queries", ctx)


__all__ = ["render_home", "render_diagrams", "render_validation", "render_queries", "ID_NS",
           "RDF_TYPE"]
