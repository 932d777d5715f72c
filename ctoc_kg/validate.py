"""Validate data against the SHACL shapes: ``validate()`` returns a ``ValidationReport``
of plain ``ValidationResult`` values (focus, path, value, severity, source shape,
messages in English and French, the source paragraphs).  The data is opened with
``ctoc_kg.open.open_dataset`` (targeted reasoning unless ``reasoning=False``); pyshacl
gets the ontology without ``rdfs:domain``/``rdfs:range``.  The parameters, the fields
and the reasons are in docs/validation.md; the output formats in
``ctoc_kg.validation_formats``.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from collections.abc import Sequence
from dataclasses import dataclass, field
from os import PathLike

from rdflib import RDF, RDFS, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SH

from ctoc_kg import resources
from ctoc_kg.dataset import ONTOLOGY_GRAPH, read_quads
from ctoc_kg.errors import CtocError
from ctoc_kg.namespaces import ONTOLOGY_NS
from ctoc_kg.open import open_dataset
from ctoc_kg.terms import from_ox

CTOC = Namespace(ONTOLOGY_NS)
INFERENCE = ("none", "rdfs", "owlrl")
SEVERITIES = ("Violation", "Warning", "Info")
FAIL_ON = ("violation", "warning", "info", "none")

__all__ = [
    "validate", "ValidationReport", "ValidationResult", "SourcePart",
    "INFERENCE", "SEVERITIES", "FAIL_ON", "load_shapes", "strip_domain_range",
    "validation_graphs",
]


@dataclass(frozen=True)
class SourcePart:
    """A part of a source document that states facts about a focus node."""

    iri: str
    label: str | None = None
    number: int | None = None  # ctoc:partNumber (the printed paragraph number)
    kind: str | None = None  # local name of its ctoc class: Paragraph, Heading, ...


@dataclass
class ValidationResult:
    """One SHACL validation result, in plain Python values."""

    focus: str
    severity: str
    source_shape: str
    constraint_component: str
    path: str | None = None
    value: str | None = None
    focus_label: str | None = None
    messages: dict[str, str] = field(default_factory=dict)
    sources: list[SourcePart] = field(default_factory=list)

    @property
    def message(self) -> str:
        """The English message, else any message, else an empty string."""
        return self.messages.get("en") or next(iter(self.messages.values()), "")

    def key(self) -> tuple:
        """What identifies a result (W3C SHACL test-suite comparison, minus value)."""
        return (self.focus, self.path, self.severity, self.source_shape, self.constraint_component)


@dataclass
class ValidationReport:
    """The outcome of ``validate``."""

    results: list[ValidationResult]
    shapes: int = 0
    inference: str = "none"
    reasoning: bool = True
    seconds: float = 0.0
    graph: Graph | None = None

    @property
    def counts(self) -> dict[str, int]:
        """Number of results per severity (every severity present as a key)."""
        counts = {s: 0 for s in SEVERITIES}
        for r in self.results:
            counts[r.severity] = counts.get(r.severity, 0) + 1
        return counts

    @property
    def conforms(self) -> bool:
        """No Violation (Warnings and Infos allowed)."""
        return self.counts["Violation"] == 0

    @property
    def conforms_warning(self) -> bool:
        """No Violation and no Warning."""
        c = self.counts
        return c["Violation"] == 0 and c["Warning"] == 0

    @property
    def focus_nodes(self) -> int:
        return len({r.focus for r in self.results})

    def fails(self, fail_on: str = "violation") -> bool:
        """True when a result is at least as severe as ``fail_on`` (``none``: never)."""
        if fail_on not in FAIL_ON:
            raise CtocError(f"unknown --fail-on level {fail_on!r} (one of {', '.join(FAIL_ON)})")
        if fail_on == "none":
            return False
        levels = SEVERITIES[: SEVERITIES.index(fail_on.capitalize()) + 1]
        return any(r.severity in levels for r in self.results)

    def summary(self) -> str:
        """One line, e.g. ``conforms: 0 violations, 1 warning, 0 infos (0.52 s)``."""
        c = self.counts

        def n(k: str, word: str) -> str:
            return f"{c[k]} {word}{'' if c[k] == 1 else 's'}"

        head = "conforms" if self.conforms else "does not conform"
        return (f"{head}: {n('Violation', 'violation')}, {n('Warning', 'warning')}, "
                f"{n('Info', 'info')} ({self.seconds:.2f} s)")


# ---------------------------------------------------------------------------
# Inputs


def strip_domain_range(ontology: Graph) -> Graph:
    """A copy of ``ontology`` without ``rdfs:domain`` and ``rdfs:range`` triples."""
    out = Graph()
    for t in ontology:
        if t[1] not in (RDFS.domain, RDFS.range):
            out.add(t)
    return out


def _parse_graph(paths: Sequence[str | PathLike[str]]) -> Graph:
    g = Graph()
    for p in paths:
        for q in read_quads(p):
            g.add(tuple(from_ox(x, plain_strings=True) for x in (q.subject, q.predicate, q.object)))
    return g



def load_shapes(paths: Sequence[str | PathLike[str]] | None = None) -> Graph:
    """Parse the shapes files (default: the shipped ``shapes/*.ttl``) into one Graph."""
    if paths is None:
        paths = resources.shape_files()
        if not paths:
            raise CtocError("no shapes found: shapes/*.ttl is empty")
    return _parse_graph(paths)



def validation_graphs(
    data: Dataset | Graph | Sequence[str | PathLike[str]] | None = None,
    *,
    ontology: Sequence[str | PathLike[str]] | None = None,
    reasoning: bool = True,
    rules: Sequence[str | PathLike[str]] | None = None,
) -> tuple[Graph, Graph]:
    """The two graphs ``validate`` hands the SHACL engine: the data (every named graph
    but the ontology, after the targeted reasoning unless ``reasoning`` is false) and
    the ontology without ``rdfs:domain``/``rdfs:range`` (pyshacl's ``ont_graph``, which
    it mixes into the data).  A second SHACL engine given their union sees what
    pyshacl sees (``tests/support/jena.py``)."""
    ds = open_dataset(data, ontology=ontology, reasoning="targeted" if reasoning else None,
                      rules=rules)
    data_graph = Graph()
    ont = Graph()
    for g in ds.graphs():
        target = ont if g.identifier == ONTOLOGY_GRAPH else data_graph
        for t in g:
            target.add(t)
    return data_graph, strip_domain_range(ont)


# ---------------------------------------------------------------------------
# Validation


def validate(
    data: Dataset | Graph | Sequence[str | PathLike[str]] | None = None,
    *,
    shapes: Sequence[str | PathLike[str]] | Graph | None = None,
    ontology: Sequence[str | PathLike[str]] | None = None,
    inference: str = "none",
    reasoning: bool = True,
    rules: Sequence[str | PathLike[str]] | None = None,
) -> ValidationReport:
    """Validate ``data`` against the SHACL shapes; see the module docstring."""
    if inference not in INFERENCE:
        raise CtocError(f"unknown inference {inference!r} (one of {', '.join(INFERENCE)})")
    start = time.perf_counter()
    if isinstance(shapes, Graph):  # pyshacl adds a few triples to its shapes graph: copy
        shapes_graph = Graph()
        for t in shapes:
            shapes_graph.add(t)
    else:
        shapes_graph = load_shapes(shapes)
    data_graph, ont_graph = validation_graphs(data, ontology=ontology, reasoning=reasoning,
                                              rules=rules)

    import pyshacl  # slow import: only here

    try:
        with _prepared_queries():
            _conforms, results_graph, _text = pyshacl.validate(
                data_graph,
                shacl_graph=shapes_graph,
                ont_graph=ont_graph,
                inference=inference,
                advanced=True,
                allow_warnings=True,
            )
    except Exception as e:  # pyshacl raises its own types for bad shapes
        if type(e).__module__.startswith("pyshacl"):
            raise CtocError(f"the shapes could not be used: {type(e).__name__}: {e}") from e
        raise
    # the ontology was mixed into the data: labels and parts come from both
    lookup = data_graph + ont_graph
    results = _results(results_graph, lookup, _templates(shapes_graph))
    shape_count = len({s for s in shapes_graph.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)}
                      | {s for s in shapes_graph.subjects(RDF.type, SH.PropertyShape) if isinstance(s, URIRef)})
    return ValidationReport(
        results=results,
        shapes=shape_count,
        inference=inference,
        reasoning=reasoning,
        seconds=time.perf_counter() - start,
        graph=results_graph,
    )


# Translated SPARQL queries by (text, base, namespaces), kept across validate() calls:
# the same shapes give the same few query texts every time.  Bounded, oldest out first.
_TRANSLATED: dict = {}
_TRANSLATED_MAX = 256


@contextmanager
def _prepared_queries():
    """Parse each SPARQL text once while pyshacl runs.

    pyshacl hands rdflib the same query text for every focus node of a SPARQL
    constraint, and rdflib parses it again each time (most of the run; see
    benchmarks/validate_bench.py).  Inside this block rdflib's SPARQL processor takes
    the translated query of each (text, base, namespaces) from ``_TRANSLATED``, as
    ``rdflib.plugins.sparql.prepareQuery`` would give it; evaluation and bindings are
    unchanged.  The patch is removed on exit.
    """
    from rdflib.plugins.sparql import processor
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    original = processor.SPARQLProcessor.query

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803
        if isinstance(strOrQuery, str):
            key = (strOrQuery, base, tuple(sorted((initNs or {}).items())))
            prepared = _TRANSLATED.get(key)
            if prepared is None:
                prepared = translateQuery(parseQuery(strOrQuery), base, initNs)
                if len(_TRANSLATED) >= _TRANSLATED_MAX:
                    del _TRANSLATED[next(iter(_TRANSLATED))]
                _TRANSLATED[key] = prepared
            strOrQuery = prepared
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    processor.SPARQLProcessor.query = query
    try:
        yield
    finally:
        processor.SPARQLProcessor.query = original


def _label(g: Graph, node, lang: str = "en") -> str | None:
    labels = list(g.objects(node, RDFS.label))
    for lab in labels:
        if isinstance(lab, Literal) and lab.language == lang:
            return str(lab)
    return str(labels[0]) if labels else None


def _path(g: Graph, path) -> str | None:
    """A readable rendering of a SHACL path (IRI, or a SPARQL-like property path)."""
    if path is None:
        return None
    if isinstance(path, URIRef):
        return str(path)
    if (path, RDF.first, None) in g:
        from rdflib.collection import Collection

        return "/".join(f"<{_path(g, p)}>" for p in Collection(g, path))
    inverse = g.value(path, SH.inversePath)
    if inverse is not None:
        return f"^{_path(g, inverse)}"
    for pred, op in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        inner = g.value(path, pred)
        if inner is not None:
            return f"({_path(g, inner)}){op}"
    return str(path)


def _value(v) -> str | None:
    if v is None:
        return None
    if isinstance(v, Literal):
        return str(v)
    return str(v)


def _sources(g: Graph, focus) -> list[SourcePart]:
    parts = []
    for part in set(g.objects(focus, CTOC.statedIn)):
        number = g.value(part, CTOC.partNumber)
        kind = next((str(c)[len(str(CTOC)):] for c in g.objects(part, RDF.type)
                     if str(c).startswith(str(CTOC)) and c != CTOC.DocumentPart), None)
        parts.append(SourcePart(
            iri=str(part),
            label=_label(g, part),
            number=int(number) if isinstance(number, Literal) and str(number).isdigit() else None,
            kind=kind,
        ))
    order = {"Paragraph": 0, "Heading": 1, "Footnote": 2, "HeaderBlock": 3, "TitleBlock": 4}
    parts.sort(key=lambda p: (order.get(p.kind, 9), p.number or 0, p.iri))
    return parts


def _templates(shapes: Graph) -> dict:
    """shape -> [(language, regex)] for each language-tagged sh:message of the shape
    or of its SPARQL constraints (pyshacl drops the tag when it fills ``{?var}``)."""
    import re

    out: dict = {}
    for shape in set(shapes.subjects(SH.message, None)) | set(shapes.subjects(SH.sparql, None)):
        nodes = [shape, *shapes.objects(shape, SH.sparql)]
        for node in nodes:
            for m in shapes.objects(node, SH.message):
                if isinstance(m, Literal) and m.language:
                    parts = re.split(r"\{[$?][A-Za-z_][A-Za-z0-9_]*\}", str(m))
                    pattern = "(?s)" + "(.*)".join(re.escape(p) for p in parts) + "$"
                    out.setdefault(shape, []).append((m.language, re.compile(pattern)))
    return out


def _results(results: Graph, data: Graph, templates: dict | None = None) -> list[ValidationResult]:
    out = []
    for node in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(node, SH.focusNode)
        severity = results.value(node, SH.resultSeverity)
        shape = results.value(node, SH.sourceShape)
        messages: dict[str, str] = {}
        for m in results.objects(node, SH.resultMessage):
            lang = m.language if isinstance(m, Literal) and m.language else ""
            if not lang:
                lang = next((lg for lg, rx in (templates or {}).get(shape, ()) if rx.match(str(m))), "")
            messages.setdefault(lang or "en", str(m))
        out.append(ValidationResult(
            focus=str(focus),
            focus_label=_label(data, focus) if focus is not None else None,
            path=_path(results, results.value(node, SH.resultPath)),
            value=_value(results.value(node, SH.value)),
            severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            source_shape=str(shape) if isinstance(shape, URIRef) else f"_:{shape}",
            constraint_component=str(results.value(node, SH.sourceConstraintComponent)),
            messages=messages,
            sources=_sources(data, focus) if focus is not None else [],
        ))
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    out.sort(key=lambda r: (rank.get(r.severity, 9), r.focus, r.path or "", r.source_shape, r.value or ""))
    return out
