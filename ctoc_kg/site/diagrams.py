"""The site's diagrams, as SVG text to put inline in a page.

Graph layouts (bodies and instruments, reports and sessions, the class diagram) use
Graphviz's ``dot`` through PyGraphviz, whose wheels carry Graphviz itself, so
``pip install`` is enough.  The time axis is plain geometry and is drawn directly.
Nodes link to their pages: ``href(iri)`` gives the link, relative to the page that
holds the diagram.  Same input, same SVG (on a machine with the same fonts: Graphviz
measures text with the fonts it finds).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from html import escape

_XML_HEAD = re.compile(r"^<\?xml[^>]*>\s*(<!DOCTYPE[^>]*>\s*)?", re.S)
_COMMENT = re.compile(r"<!--.*?-->\s*", re.S)

FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"


@dataclass(frozen=True)
class Node:
    key: str
    label: str
    href: str | None = None
    shape: str = "box"
    fill: str = "#ffffff"
    group: str | None = None  # a cluster name


@dataclass(frozen=True)
class Edge:
    tail: str
    head: str
    label: str = ""
    style: str = "solid"
    arrowhead: str = "normal"


def graphviz_svg(nodes: list[Node], edges: list[Edge], *, rankdir: str = "LR",
                 clusters: dict[str, str] | None = None, title: str = "") -> str:
    """Lay out with ``dot`` and return the ``<svg>`` element (no XML prolog, no comments)."""
    import pygraphviz as pgv

    g = pgv.AGraph(directed=True, strict=False, name="G")
    g.graph_attr.update(rankdir=rankdir, fontname=FONT, fontsize="11", bgcolor="transparent",
                        nodesep="0.25", ranksep="0.5", tooltip=title or " ")
    g.node_attr.update(fontname=FONT, fontsize="10", style="filled,rounded", penwidth="1",
                       color="#4a5a6a", margin="0.12,0.06")
    g.edge_attr.update(fontname=FONT, fontsize="9", color="#4a5a6a", fontcolor="#2a3a4a")
    by_group: dict[str | None, list[Node]] = {}
    for n in sorted(nodes, key=lambda n: n.key):
        by_group.setdefault(n.group, []).append(n)
    for group in sorted(by_group, key=lambda k: (k is not None, k or "")):
        target = g
        if group is not None:
            target = g.add_subgraph(name="cluster_" + re.sub(r"\W", "_", group),
                                    label=(clusters or {}).get(group, group),
                                    style="rounded", color="#b0bcc8", fontsize="10")
        for n in by_group[group]:
            attrs = dict(label=n.label, shape=n.shape, fillcolor=n.fill, tooltip=n.label)
            if n.href:
                attrs.update(URL=n.href, target="_top")
            target.add_node(n.key, **attrs)
    for e in sorted(edges, key=lambda e: (e.tail, e.head, e.label)):
        g.add_edge(e.tail, e.head, label=e.label, style=e.style, arrowhead=e.arrowhead)
    g.layout(prog="dot")
    svg = g.draw(format="svg").decode("utf-8")
    svg = _COMMENT.sub("", _XML_HEAD.sub("", svg))
    return svg.strip() + "\n"


@dataclass(frozen=True)
class Bar:
    row: str        # the row's label (a body)
    start: str      # ISO date
    end: str        # ISO date
    label: str
    href: str | None
    planned: bool


def timeline_svg(bars: list[Bar], *, months: list[str], title: str,
                 legend: tuple[str, str]) -> str:
    """Meetings as bars on a time axis, one row per body (rows and bars in date order)."""
    if not bars:
        return ""
    days = [date.fromisoformat(b.start) for b in bars] + [date.fromisoformat(b.end) for b in bars]
    first = date(min(days).year, min(days).month, 1)
    last_day = max(days)
    last = date(last_day.year + (last_day.month == 12), last_day.month % 12 + 1, 1)
    span = (last - first).days or 1
    label_w, width, row_h, top = 300, 640, 34, 40
    rows: list[str] = []
    for b in sorted(bars, key=lambda b: (b.start, b.row)):
        if b.row not in rows:
            rows.append(b.row)
    height = top + row_h * len(rows) + 40

    def x(d: date) -> float:
        return label_w + (d - first).days / span * width

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
           f'width="{label_w + width + 20}" height="{height}" viewBox="0 0 {label_w + width + 20} '
           f'{height}" role="img" aria-label="{escape(title)}" font-family="{FONT}" font-size="11">',
           f"<title>{escape(title)}</title>"]
    d = first
    while d <= last:
        xx = x(d)
        out.append(f'<line x1="{xx:.1f}" y1="{top - 8}" x2="{xx:.1f}" y2="{height - 30}" '
                   f'stroke="#d8dee4" stroke-width="1"/>')
        if d.month in (1, 4, 7, 10):
            out.append(f'<text x="{xx + 2:.1f}" y="{top - 14}" fill="#4a5a6a">'
                       f'{escape(months[d.month - 1][:3])} {d.year}</text>')
        d = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    for i, row in enumerate(rows):
        y = top + i * row_h
        out.append(f'<text x="4" y="{y + row_h / 2 + 4:.1f}" fill="#1a2a3a">{escape(_clip(row, 46))}'
                   f'<title>{escape(row)}</title></text>')
    for b in sorted(bars, key=lambda b: (b.start, b.row, b.label)):
        i = rows.index(b.row)
        y = top + i * row_h + 6
        x0 = x(date.fromisoformat(b.start))
        x1 = x(date.fromisoformat(b.end)) + width / span  # the end day is included
        fill = "#ffffff" if b.planned else "#2f6f9f"
        dash = ' stroke-dasharray="4 2"' if b.planned else ""
        rect = (f'<rect x="{x0:.1f}" y="{y}" width="{max(x1 - x0, 4):.1f}" height="{row_h - 12}" '
                f'rx="3" fill="{fill}" stroke="#2f6f9f" stroke-width="1.5"{dash}>'
                f"<title>{escape(b.label)} ({b.start} – {b.end})</title></rect>")
        if b.href:
            rect = f'<a xlink:href="{escape(b.href)}" href="{escape(b.href)}">{rect}</a>'
        out.append(rect)
    ly = height - 14
    out.append(f'<rect x="{label_w}" y="{ly - 9}" width="14" height="10" fill="#2f6f9f"/>'
               f'<text x="{label_w + 18}" y="{ly}">{escape(legend[0])}</text>'
               f'<rect x="{label_w + 120}" y="{ly - 9}" width="14" height="10" fill="#ffffff" '
               f'stroke="#2f6f9f" stroke-dasharray="4 2"/>'
               f'<text x="{label_w + 138}" y="{ly}">{escape(legend[1])}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


Href = Callable[[str], "str | None"]
