"""Format a ``ctoc_kg.validate.ValidationReport``: text, JSON, Turtle, JUnit XML.

Each function returns a ``str``; nothing here prints.

* ``to_text``: results grouped by severity (Violation, Warning, Info), each with the
  focus node (label and IRI), path, value, message and the source paragraphs.
* ``to_json``: ``{"conforms", "counts", "shapes", "inference", "reasoning",
  "seconds", "results": [...]}``, one object per result.
* ``to_turtle``: pyshacl's ``sh:ValidationReport`` graph.
* ``to_junit``: JUnit XML; one ``<testcase>`` per result (``<failure>`` for a
  Violation, ``<failure type="Warning">`` for a Warning, ``<skipped>`` for an Info
  unless ``fail_on`` makes it a failure), and one passing test case when there is
  no result, so CI systems show something either way.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from xml.etree import ElementTree as ET

from ctoc_kg.namespaces import ID_NS, ONTOLOGY_NS, SH, SHAPES_NS, XSD, shorten
from ctoc_kg.validate import SEVERITIES, ValidationReport, ValidationResult

FORMATS = ("text", "json", "turtle", "junit")

def short(iri: str | None) -> str:
    """A compact name for an IRI (``ctoc:symbol``, ``id:doc/...``) or the IRI itself."""
    if iri is None:
        return ""
    return shorten(iri) or iri


def _value_text(r: ValidationResult) -> str:
    """An IRI shortened; a literal quoted with its language or datatype, so "9" and 9
    and "2020-07-16"^^xsd:date read differently."""
    if r.value_language:
        return f'"{r.value}"@{r.value_language}'
    if r.value_datatype == XSD + "string":
        return f'"{r.value}"'
    if r.value_datatype:
        return f'"{r.value}"^^{short(r.value_datatype)}'
    return short(r.value)


def _sources_line(r: ValidationResult) -> str:
    paras = [s for s in r.sources if s.kind == "Paragraph" and s.number is not None]
    if paras:
        nums = ", ".join(str(s.number) for s in paras)
        return f"paragraph{'s' if len(paras) > 1 else ''} {nums} of the note"
    if r.sources:
        return ", ".join(s.label or short(s.iri) for s in r.sources)
    return ""


def to_format(report: ValidationReport, output_format: str, *, fail_on: str = "violation") -> str:
    """The report in ``output_format`` (one of ``FORMATS``)."""
    if output_format == "text":
        return to_text(report)
    if output_format == "json":
        return to_json(report)
    if output_format == "turtle":
        return to_turtle(report)
    if output_format == "junit":
        return to_junit(report, fail_on=fail_on)
    raise ValueError(f"unknown format {output_format!r} (one of {', '.join(FORMATS)})")


def to_text(report: ValidationReport) -> str:
    """A report for people, grouped by severity."""
    lines = [f"ctoc-kg validate: {report.summary()}",
             f"  {report.shapes} shapes, inference {report.inference}, "
             f"reasoning {'targeted' if report.reasoning else 'off'}"]
    for severity in SEVERITIES:
        group = [r for r in report.results if r.severity == severity]
        if not group:
            continue
        lines.append("")
        lines.append(f"{severity}s ({len(group)}):" if len(group) != 1 else f"{severity} (1):")
        for r in group:
            label = f"{r.focus_label} " if r.focus_label else ""
            lines.append(f"- {label}<{r.focus}>")
            if r.path:
                lines.append(f"    path:    {short(r.path)}")
            if r.value is not None:
                lines.append(f"    value:   {_value_text(r)}")
            lines.append(f"    message: {r.message}")
            if "fr" in r.messages:
                lines.append(f"    (fr)     {r.messages['fr']}")
            src = _sources_line(r)
            if src:
                lines.append(f"    source:  {src}")
            lines.append(f"    shape:   {short(r.source_shape)} ({short(r.constraint_component)})")
    from ctoc_kg.safety import printable

    return "\n".join(printable(line) for line in lines) + "\n"


def to_json(report: ValidationReport) -> str:
    """The report as JSON (one object per result, in ``results``)."""
    doc = {
        "conforms": report.conforms,
        "conforms_warning": report.conforms_warning,
        "shacl_conforms": report.shacl_conforms,
        "counts": report.counts,
        "shapes": report.shapes,
        "inference": report.inference,
        "reasoning": "targeted" if report.reasoning else None,
        "seconds": round(report.seconds, 3),
        "results": [
            {
                "focus": r.focus,
                "focus_label": r.focus_label,
                "path": r.path,
                "value": r.value,
                "value_datatype": r.value_datatype,
                "value_language": r.value_language,
                "severity": r.severity,
                "source_shape": r.source_shape,
                "constraint_component": r.constraint_component,
                "messages": r.messages,
                "sources": [asdict(s) for s in r.sources],
            }
            for r in report.results
        ],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def to_turtle(report: ValidationReport) -> str:
    """pyshacl's ``sh:ValidationReport`` as Turtle."""
    if report.graph is None:
        raise ValueError("this report carries no results graph")
    for prefix, ns in (("sh", SH), ("ctoc", ONTOLOGY_NS), ("ctocsh", SHAPES_NS), ("id", ID_NS)):
        report.graph.bind(prefix, ns)
    return report.graph.serialize(format="turtle")


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_safe(text: str | None) -> str | None:
    """``text`` with the characters XML 1.0 cannot hold written as ``\\xNN``, so the
    JUnit file always parses (a value may hold any character)."""
    if text is None:
        return None
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256
                        else f"\\u{ord(m.group()):04x}", text)


def to_junit(report: ValidationReport, *, fail_on: str = "violation") -> str:
    """JUnit XML: one test case per result (suite ``ctoc-kg validate``)."""
    failing = {s for s in SEVERITIES if fail_on != "none"
               and SEVERITIES.index(s) <= SEVERITIES.index(fail_on.capitalize())}
    suite = ET.Element("testsuite", name="ctoc-kg validate", time=f"{report.seconds:.3f}")
    failures = skipped = 0
    for i, r in enumerate(report.results, 1):
        case = ET.SubElement(suite, "testcase",
                             classname=short(r.source_shape),
                             name=f"{r.severity}: {short(r.focus)}"
                                  + (f" {short(r.path)}" if r.path else "") + f" #{i}")
        detail = "\n".join(filter(None, [
            f"focus: {r.focus_label or ''} <{r.focus}>",
            f"path: {r.path}" if r.path else None,
            f"value: {_value_text(r)}" if r.value is not None else None,
            f"severity: {r.severity}",
            f"shape: {r.source_shape}",
            f"component: {r.constraint_component}",
            f"source: {_sources_line(r)}" if r.sources else None,
            *(f"message ({lang}): {text}" for lang, text in sorted(r.messages.items())),
        ]))
        if r.severity in failing or r.severity == "Violation":
            failures += 1
            el = ET.SubElement(case, "failure", message=r.message, type=r.severity)
            el.text = detail
        else:
            skipped += 1
            el = ET.SubElement(case, "skipped", message=f"{r.severity}: {r.message}")
            ET.SubElement(case, "system-out").text = detail
    if not report.results:
        ET.SubElement(suite, "testcase", classname="ctoc-kg validate",
                      name=f"all {report.shapes} shapes conform")
    tests = max(len(report.results), 1)
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", str(skipped))
    for el in suite.iter():  # XML 1.0 cannot hold most control characters: escape them
        el.text = _xml_safe(el.text)
        for k, v in el.attrib.items():
            el.set(k, _xml_safe(v))
    ET.indent(suite)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suite, encoding="unicode") + "\n"
