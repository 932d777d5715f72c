"""The review report: per part, each extracted statement with the text it came from,
each sentence or clause from which nothing was extracted ("not understood"), and the
entities that are new to the graph.  Markdown for people, JSON for tools."""

from __future__ import annotations

import datetime as _dt

from rdflib import URIRef

from ctoc_kg.namespaces import ID_NS

NOT_UNDERSTOOD = "not understood"


def _short(v) -> str:
    if isinstance(v, (list, tuple)):
        return ", ".join(_short(x) for x in v)
    if isinstance(v, _dt.date):
        return v.isoformat()
    s = str(v)
    return s[len(ID_NS):] if s.startswith(ID_NS) else s


def _statement(f) -> str:
    subject = _short(f.subject) if f.subject else ""
    vals = "; ".join(f"{k} = {_short(v)}" for k, v in f.values.items())
    return f"{f.kind}{' ' + subject if subject else ''}: {vals}" if vals else f"{f.kind} {subject}"


def to_dict(x) -> dict:
    parts = []
    seen = set()
    for part, unit, facts in x.units:
        if part.key not in seen:
            seen.add(part.key)
            parts.append({"part": part.key, "name": part.name("en"), "units": []})
        parts[-1 if parts[-1]["part"] == part.key else [p["part"] for p in parts].index(part.key)]["units"].append({
            "text": unit.text, "start": unit.start, "end": unit.end,
            "status": "understood" if facts else NOT_UNDERSTOOD,
            "statements": [{"kind": f.kind, "subject": f.subject,
                            "values": {k: _short(v) for k, v in f.values.items()},
                            "spans": [{"start": s.start, "end": s.end, "text": s.text} for s in f.spans],
                            "notes": f.notes} for f in facts],
        })
    total = len(x.units)
    missing = sum(1 for _p, _u, fs in x.units if not fs)
    return {
        "source": x.path, "language": x.lang, "detected_language": x.detected, "document": x.doc,
        "graph_name": x.graph_name, "units": total, "not_understood": missing,
        "new_entities": [{"iri": e.iri, "class": e.cls, "label": e.label, "part": e.part.key if e.part else None,
                          "span": e.span.text if e.span else None, "note": e.note} for e in x.new.values()
                         if (URIRef(e.iri), None, None) in x.graph],
        "ignored": [{"text": b.span.text, "why": "page furniture"} for b in x.noise],
        "parts": parts,
    }


def to_markdown(x) -> str:
    d = to_dict(x)
    out = [f"# Review of the extraction of `{d['source']}`", "",
           f"- document: `{_short(d['document'])}` (suggested file: `graph/{d['graph_name']}.ttl`)",
           f"- language: {d['language']} (detected: {d['detected_language']})",
           f"- {d['units']} sentences or clauses read; **{d['not_understood']} not understood** (nothing extracted)",
           f"- {len(d['new_entities'])} new to the graph (listed at the end)", "",
           "Check every statement against its span; fix the Turtle by hand where it is wrong, "
           "then run `ctoc-kg validate` on it.", ""]
    for p in d["parts"]:
        out.append(f"## {p['name']} (`{p['part']}`)")
        out.append("")
        for u in p["units"]:
            text = " ".join(u["text"].split())
            if u["status"] == NOT_UNDERSTOOD:
                out.append(f"- **{NOT_UNDERSTOOD}**: “{text}”")
                continue
            out.append(f"- “{text}”")
            for st in u["statements"]:
                if st["kind"] == "mention":  # recognised, no statement of its own
                    out.append(f"  - names `{_short(st['subject'])}`")
                    continue
                vals = "; ".join(f"{k} = {v}" for k, v in st["values"].items())
                subj = _short(st["subject"]) if st["subject"] else ""
                spans = " … ".join(" ".join(s["text"].split()) for s in st["spans"])
                out.append(f"  - {st['kind']}{' `' + subj + '`' if subj else ''}: {vals}  ← “{spans}”")
                for n in st["notes"]:
                    out.append(f"    - note: {n}")
        out.append("")
    if d["new_entities"]:
        out += ["## New entities (not in graph/ before: review their IRIs, types and labels)", ""]
        for e in d["new_entities"]:
            out.append(f"- `{_short(e['iri'])}` ({e['class']}): “{e['label']}” ({e['part']})"
                       + (f" — **check**: {e['note']}" if e.get("note") else ""))
        out.append("")
    if d["ignored"]:
        out += ["## Ignored lines (page furniture)", ""] + [f"- “{i['text']}”" for i in d["ignored"]] + [""]
    return "\n".join(out)
