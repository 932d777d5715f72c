"""The review report: per part, each extracted statement with the text it came from,
each sentence or clause from which nothing was extracted ("not understood"), and the
entities that are new to the graph.  Markdown for people, JSON for tools."""

from __future__ import annotations

import datetime as _dt
import re

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
    unused = unused_evidence(x)
    for part, unit, facts in x.units:
        if part.key not in seen:
            seen.add(part.key)
            parts.append({"part": part.key, "name": part.name("en"), "units": []})
        parts[-1 if parts[-1]["part"] == part.key else [p["part"] for p in parts].index(part.key)]["units"].append({
            "text": unit.text, "start": unit.start, "end": unit.end,
            "status": "understood" if facts else NOT_UNDERSTOOD,
            "unused": unused.get((unit.start, unit.end), []),
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
        "units_with_unused_evidence": len(unused), "checks": checks(x),
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
           f"- {d['units_with_unused_evidence']} with **unused evidence** (a date, symbol, ordinal, instrument, place, "
           "tense or status word that no statement used: look for a missed fact there)",
           f"- {len(d['new_entities'])} new to the graph (listed at the end)", "",
           "Check every statement against its span; fix the Turtle by hand where it is wrong, "
           "then run `ctoc-kg validate` on it.", ""]
    if d["checks"]:
        out += ["## To check", ""] + [f"- {c}" for c in d["checks"]] + [""]
    for p in d["parts"]:
        out.append(f"## {p['name']} (`{p['part']}`)")
        out.append("")
        for u in p["units"]:
            text = " ".join(u["text"].split())
            if u["status"] == NOT_UNDERSTOOD:
                out.append(f"- **{NOT_UNDERSTOOD}**: “{text}”")
                if u["unused"]:
                    out.append(f"  - **unused evidence**: {'; '.join(u['unused'])}")
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
            if u["unused"]:
                out.append(f"  - **unused evidence**: {'; '.join(u['unused'])}")
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


# --- what the text gives that no statement used --------------------------------------

def _overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def unused_evidence(x) -> dict[tuple[int, int], list[str]]:
    """Per unit (start, end): the dates, symbols, ordinals, instruments, places, tenses and
    status words it contains that no statement used (by span or by value). A clause may
    be "understood" and still hold a fact that was missed: these lines show where."""
    from ctoc_kg.extract.numbers import find_dates, find_ordinals, find_yearless, fold
    from ctoc_kg.extract.rules import find, symbols

    facts = [f for f in x.facts if f.kind != "mention"]
    spans = [(s.start, s.end) for f in facts for s in f.spans]
    values: set = set()
    for f in facts:
        values.add(f.subject)
        for v in f.values.values():
            for item in (v if isinstance(v, list) else [v]):
                values.add(item.isoformat() if hasattr(item, "isoformat") else item)
    linker = x.linker
    out: dict[tuple[int, int], list[str]] = {}
    for part, u, _fs in x.units:
        if part.kind in ("header", "title"):
            continue
        found: list[str] = []
        for d in find_dates(u.text):
            a = (u.start + d.start, u.start + d.end)
            if not _overlaps(a, spans) and d.first.isoformat() not in values:
                found.append(f"date “{d.text}”")
        for s0, e0, written, _parts in find_yearless(u.text):
            if not _overlaps((u.start + s0, u.start + e0), spans):
                found.append(f"date without year “{written}”")
        for s, e, sym in symbols(u.text, u.start):
            if not _overlaps((s, e), spans) and sym not in values:
                found.append(f"symbol {sym}")
        for o in find_ordinals(u.text, x.lang):
            a = (u.start + o.start, u.start + o.end)
            word = fold(u.text[o.end:o.end + 12])
            if re.match(r"\s+(?:reunions?|meetings?|sessions?|fois|time)\b", word) and not _overlaps(a, spans) and not any(
                    isinstance(v, str) and (v.endswith(f"/meeting/{o.value}") or v.endswith(f"/session/{o.value}"))
                    for v in values):
                found.append(f"ordinal “{o.text}”")
        for m in linker.instruments(u.text, u.start):
            if m.iri not in values:
                found.append(f"instrument {_short(m.iri)}")
        for m in linker.places_in(u.text, u.start):
            if m.iri not in values:
                found.append(f"place {u.text[m.start - u.start:m.end - u.start]}")
        f = fold(u.text)
        for kind in ("planned", "held") if part.kind != "heading" else ():  # a heading's tense is not used (by design)
            for m in find(kind, f):
                if not _overlaps((u.start + m.start(), u.start + m.end()), spans):
                    found.append(f"tense “{u.text[m.start():m.end()]}” ({'planned' if kind == 'planned' else 'held'})")
        for kind, value in (("permanent", "Permanent"), ("provisional", "Provisional")):
            for m in find(kind, f):
                if not any(fx.part is part and fx.values.get("status") == value and fx.kind in ("establishment", "status-change")
                           and any(u.start <= s.start < u.end for s in fx.spans) for fx in facts):
                    found.append(f"status word “{u.text[m.start():m.end()]}”")
        if found:
            out[(u.start, u.end)] = list(dict.fromkeys(found))
    return out


def checks(x) -> list[str]:
    """Things to check that no single clause shows: a planned meeting without a day (no
    date is written: the shapes ask for one), a tense that the note's date contradicts,
    a document that does not say it is a note by the Secretariat."""
    out: list[str] = []
    meetings: dict[str, dict] = {}
    for f in x.facts:
        if f.kind == "meeting":
            m = meetings.setdefault(f.subject, {})
            for k in ("start", "status"):
                if k in f.values:
                    m.setdefault(k, f.values[k])
    date = getattr(x, "document", {}).get("date")
    for iri, m in sorted(meetings.items()):
        if m.get("status") and "start" not in m and iri in getattr(x, "yearless", {}):
            out.append(f"`{_short(iri)}` is stated with days but no year (“{x.yearless[iri]}”, and no dated expression "
                       "before it in its sentence): no ctoc:startDate/endDate is written (nothing invented); add the "
                       "year by hand")
        elif m.get("status") and "start" not in m:
            out.append(f"`{_short(iri)}` is {m['status'].lower()} and stated without a day: no ctoc:startDate/endDate "
                       "is written (nothing invented); add it by hand when it is known (validation: a Violation for a held "
                       "meeting, a Warning for a planned one)")
        if date and m.get("start") and m.get("status") == "Held" and m["start"] > date:
            out.append(f"`{_short(iri)}` is held according to the text but starts after the note's date ({date}): check the tense")
        if date and m.get("start") and m.get("status") == "Planned" and m["start"] < date:
            out.append(f"`{_short(iri)}` is planned according to the text but starts before the note's date ({date}): "
                       "check the tense")
    for name, (iri, note, keys) in getattr(x, "aliases", {}).items():
        n = sum(1 for f in x.facts if f.kind not in ("mention",) and (
            (f.subject or "").startswith(iri) or f.values.get("body") == iri))
        out.append(f"{note} — {n} statement(s) hang on `{_short(iri)}` there ({', '.join(keys)})")
    body = getattr(x, "series_body", None)
    if body:
        out.append(f"the document's symbol {x.document.get('symbol')} is of the series of the reports of "
                   f"`{_short(body)}` (graph/): it is probably that body's report; if so, type it ctoc:Report and "
                   "give it ctoc:reportsOn (the meeting) by hand")
    if getattr(x, "document", {}).get("kind") != "SecretariatNote":
        out.append("no “Note by the Secretariat / Note du Secrétariat” line: the document is typed ctoc:Document; "
                   "check its kind (a report, a web page …) and its date")
    return out
