"""Validate data against the SHACL shapes: ``validate()`` returns a ``ValidationReport``
of plain ``ValidationResult`` values (focus, path, value, severity, source shape,
messages in English and French, the source paragraphs).  The data is opened with
``ctoc_kg.open.open_dataset`` (targeted reasoning unless ``reasoning=False``);
``validation_graph`` builds the graph that is validated (schema triples of data files
left out and reported, owlrl's closure without domain/range when asked); pyshacl's
SHACL-SPARQL constraints run on Oxigraph (``SparqlOnOxigraph``); the data checks
(``queries/checks/data-*``) are reported with the SHACL results.  The parameters, the
fields and the reasons are in docs/validation.md; the output formats in
``ctoc_kg.validation_formats``.
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib import OWL, RDF, RDFS, XSD, BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SH

from ctoc_kg import resources
from ctoc_kg.dataset import INFERRED_GRAPH, ONTOLOGY_GRAPH, quads, read_quads
from ctoc_kg.errors import CtocError
from ctoc_kg.namespaces import ID_NS, ONTOLOGY_IRI, ONTOLOGY_NS, OWLRL_ERRORS, SHAPES_NS
from ctoc_kg.open import open_dataset
from ctoc_kg.terms import from_ox

CTOC = Namespace(ONTOLOGY_NS)
INFERENCE = ("none", "rdfs", "owlrl")
SEVERITIES = ("Violation", "Warning", "Info")
FAIL_ON = ("violation", "warning", "info", "none")

__all__ = [
    "validate", "ValidationReport", "ValidationResult", "SourcePart",
    "INFERENCE", "SEVERITIES", "FAIL_ON", "load_shapes", "strip_domain_range",
    "validation_graph", "data_checks", "is_schema_triple", "Finding", "SparqlOnOxigraph",
    "ENGINES",
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
    value: str | None = None  # an IRI, or a literal's lexical form exactly as in the data
    focus_label: str | None = None
    messages: dict[str, str] = field(default_factory=dict)
    sources: list[SourcePart] = field(default_factory=list)
    value_datatype: str | None = None  # a literal value's datatype IRI (xsd:string too)
    value_language: str | None = None  # a literal value's language tag

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
    def shacl_conforms(self) -> bool:
        """Conformance as SHACL defines it (``sh:conforms``): no result of any severity."""
        return not self.results

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


_SHAPES_MEMO: dict = {}  # (path, content digest) of each file -> their shapes Graph, read only


def _shared_shapes(paths: Sequence[str | PathLike[str]] | None) -> Graph:
    """``load_shapes(paths)`` remembered between runs of a process, keyed by the files'
    contents (a changed file is parsed again).  The Graph is shared: only read it (the
    fast engine does; pyshacl, which adds triples to its shapes graph, gets a copy)."""
    import hashlib

    if paths is None:
        paths = resources.shape_files()
        if not paths:
            raise CtocError("no shapes found: shapes/*.ttl is empty")
    try:
        key = tuple((str(p), hashlib.sha256(Path(p).read_bytes()).hexdigest()) for p in paths)
    except OSError:  # unreadable: load_shapes says why, as before
        return load_shapes(paths)
    graph = _SHAPES_MEMO.get(key)
    if graph is None:
        graph = load_shapes(paths)
        if len(_SHAPES_MEMO) >= 8:
            _SHAPES_MEMO.pop(next(iter(_SHAPES_MEMO)))
        _SHAPES_MEMO[key] = graph
    return graph


def _remembered(shapes: Graph) -> bool:
    """Is ``shapes`` one of ``_SHAPES_MEMO``'s Graphs (parsed here, never changed)?"""
    return any(g is shapes for g in list(_SHAPES_MEMO.values()))


def _of_shapes(shapes: Graph, make):
    """``make(shapes)`` (what a run derives from the shapes alone), remembered with the
    Graph when it is one of ``_SHAPES_MEMO``'s (never changed); made again for any other
    Graph.  The value is shared: only read it."""
    if not _remembered(shapes):
        return make(shapes)
    derived = shapes.__dict__.setdefault("_ctoc_derived", {})
    if make not in derived:
        derived[make] = make(shapes)
    return derived[make]


def _copy_graph(g: Graph) -> Graph:
    out = Graph()
    for t in g:
        out.add(t)
    return out


CHECKS_NS = SHAPES_NS + "check-"  # source "shape" of a data-check result
CHECK_COMPONENT = URIRef(SHAPES_NS + "SPARQLCheckComponent")

# What makes a triple "schema": it says something about classes or properties.
_SCHEMA_PREDICATES = {
    RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range,
    OWL.equivalentClass, OWL.equivalentProperty, OWL.inverseOf, OWL.disjointWith,
    OWL.propertyDisjointWith, OWL.propertyChainAxiom, OWL.unionOf, OWL.intersectionOf,
    OWL.complementOf, OWL.oneOf, OWL.onProperty, OWL.someValuesFrom, OWL.allValuesFrom,
    OWL.hasValue, OWL.members, OWL.disjointUnionOf, OWL.hasKey,
}
_SCHEMA_TYPES = {
    OWL.Class, RDFS.Class, RDF.Property, OWL.ObjectProperty, OWL.DatatypeProperty,
    OWL.AnnotationProperty, OWL.TransitiveProperty, OWL.SymmetricProperty,
    OWL.FunctionalProperty, OWL.InverseFunctionalProperty, OWL.AsymmetricProperty,
    OWL.ReflexiveProperty, OWL.IrreflexiveProperty, OWL.Ontology, OWL.Restriction,
    OWL.AllDisjointClasses, OWL.AllDifferent, RDFS.Datatype,
}


def is_schema_triple(t) -> bool:
    """Does the triple speak about the vocabulary (a class, a property, the ontology)
    rather than about the things the data describes?"""
    s, p, o = t
    return (p in _SCHEMA_PREDICATES or (p == RDF.type and o in _SCHEMA_TYPES)
            or str(s).startswith(str(CTOC)) or str(s) == str(CTOC).rstrip("#"))


@dataclass
class Finding:
    """A data check's result, outside SHACL: reported like a SHACL result."""

    check: str  # short name: schema-triple, owlrl-consistency, data-undeclared-term-violation
    focus: object
    path: object = None
    value: object = None
    messages: dict[str, str] = field(default_factory=dict)
    severity: str = "Violation"


def validation_graph(
    data: Dataset | Graph | Sequence[str | PathLike[str]] | None = None,
    *,
    ontology: Sequence[str | PathLike[str]] | None = None,
    inference: str = "none",
    reasoning: bool = True,
    rules: Sequence[str | PathLike[str]] | None = None,
    opened=None,
) -> tuple["SparqlOnOxigraph", list[Finding]]:
    """The graph the SHACL engine validates, and what the data checks found on the way.

    The graph holds the data (every named graph but the ontology, after the targeted
    reasoning unless ``reasoning`` is false) and the ontology.  Schema triples of the
    data files that the ontology does not hold (``ctoc:Session rdfs:subClassOf …``,
    a class declared in a data file) are left out, so they never change what the shapes see,
    and each is a ``Finding``.  With ``inference`` ``rdfs``/``owlrl``, owlrl's closure
    is computed here on data + ontology *without* ``rdfs:domain``/``rdfs:range`` (so
    a wrong value is never typed into the class a shape expects); owlrl's
    inconsistency reports become findings instead of triples.  The domain and range
    triples are then added back, for the shapes that read them.  A second SHACL
    engine given this graph sees what pyshacl sees (``tests/support/jena.py``).
    ``opened``: the Dataset ``open_dataset`` made of these arguments, when the caller
    has it already (read, never changed).
    """
    if inference not in INFERENCE:
        raise CtocError(f"unknown inference {inference!r} (one of {', '.join(INFERENCE)})")
    ds = opened if opened is not None else open_dataset(
        data, ontology=ontology, reasoning="targeted" if reasoning else None, rules=rules)
    ontology_graph = ox.NamedNode(str(ONTOLOGY_GRAPH))
    inferred_graph = ox.NamedNode(str(INFERRED_GRAPH))
    ont_quads, data = [], []
    for q in quads(ds):
        if q.graph_name == ontology_graph:
            ont_quads.append(q)
        else:
            # the quads as read (``dataset.quads``: not the store's canonical forms),
            # converted with every lexical form kept
            data.append((q.graph_name, (from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)), q))
    ont = _ontology(ont_quads)
    target = SparqlOnOxigraph()
    findings: list[Finding] = []
    schema = _schema_part([t for _g, t, _q in data])
    known = ont.signed  # the ontology's triples, blank nodes by their content
    signed = _signed(schema, data=[t for _g, t, _q in data])
    reported = set()
    kept = []  # added at once (``addN``), in the same order
    mirror = []  # the same triples as pyoxigraph triples (SparqlOnOxigraph's store)
    for graph_name, t, q in data:
        if t not in schema:
            kept.append(t)
            mirror.append(q)
            continue
        sig = signed[t]
        if sig in known or graph_name == inferred_graph or sig in reported:
            continue
        reported.add(sig)
        # a blank node's own triples are reported through the triple that names it
        if not isinstance(t[0], BNode):
            findings.append(_schema_finding(t, graph_name))
    domain_range = [t for t in ont.triples if t[1] in (RDFS.domain, RDFS.range)]
    kept += [t for t in ont.triples if t[1] not in (RDFS.domain, RDFS.range)]
    target.addN((s, p, o, target) for s, p, o in kept)
    if inference != "none":
        findings += _closure(target, inference)
    target.addN((s, p, o, target) for s, p, o in domain_range)
    if inference == "none":  # the graph holds the data triples kept and the ontology
        target.mirror_from([ox.Triple(q.subject, q.predicate, q.object) for q in mirror], ont.ox_triples)
    return target, findings


def _schema_part(triples: list) -> set:
    """The schema triples among ``triples``, with the triples of the blank nodes they
    lead to (an owl:unionOf list, a restriction)."""
    schema = {t for t in triples if is_schema_triple(t)}
    by_subject: dict = {}
    for t in triples:
        if isinstance(t[0], BNode):
            by_subject.setdefault(t[0], []).append(t)
    todo = [t[2] for t in schema if isinstance(t[2], BNode)]
    seen = set()
    while todo:
        b = todo.pop()
        if b in seen:
            continue
        seen.add(b)
        for t in by_subject.get(b, ()):
            schema.add(t)
            if isinstance(t[2], BNode):
                todo.append(t[2])
    return schema


def _signed(triples, data=None) -> dict | set:
    """Triples with each blank node replaced by a digest of what it holds, so a copy of
    the ontology (its own blank-node labels) compares equal to the ontology.  Returns
    the set of signed triples for a Graph, or triple -> signed triple for a set."""
    import hashlib

    source = list(data if data is not None else triples)
    out_of: dict = {}
    for t in source:
        if isinstance(t[0], BNode):
            out_of.setdefault(t[0], []).append(t)
    memo: dict = {}

    def sig(node, depth=0):
        if not isinstance(node, BNode):
            return node.n3()
        if node in memo:
            return memo[node]
        if depth > 50:
            return "_:deep"
        memo[node] = "_:cycle"
        parts = sorted(f"{p.n3()} {sig(o, depth + 1)}" for _s, p, o in out_of.get(node, ()))
        memo[node] = "_:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()[:24]
        return memo[node]

    def signed(t):
        return (sig(t[0]), t[1].n3(), sig(t[2]))

    if isinstance(triples, Graph):
        return {signed(t) for t in triples}
    return {t: signed(t) for t in triples}


@dataclass(frozen=True)
class _Ontology:
    """What a run derives from the ontology graph alone (read only)."""

    triples: tuple  # its triples as rdflib terms, in the order of an rdflib Graph of them
    signed: frozenset  # ``_signed`` of that Graph
    ox_triples: tuple  # its quads as pyoxigraph triples, in their order
    plain_literals: bool  # ``_plain_literals`` of its objects


_ONTOLOGIES: OrderedDict = OrderedDict()  # the ontology graph's quads, in order -> _Ontology
_ONTOLOGIES_KEPT = 4
_ONTOLOGIES_LOCK = threading.Lock()


def _ontology(ont_quads: list) -> _Ontology:
    """The rdflib triples and the ``_signed`` triples of the ontology graph ``ont_quads``
    (pyoxigraph quads, as ``dataset.quads`` gives them), remembered for the next runs
    (every run of a process usually validates against the same ontology: its conversion
    to rdflib terms and its blank-node digests cost more than a small data file's
    validation).  The key is the quads themselves, blank-node labels included: the
    ontology file's parse is remembered (``dataset._parse``), so its blank nodes are the
    same on every run; any other graph is a new entry."""
    key = tuple(ont_quads)
    with _ONTOLOGIES_LOCK:
        found = _ONTOLOGIES.get(key)
        if found is not None:
            _ONTOLOGIES.move_to_end(key)
            return found
    graph = _rdflib_graph(ont_quads)
    found = _Ontology(tuple(graph), frozenset(_signed(graph)),
                      tuple(ox.Triple(q.subject, q.predicate, q.object) for q in ont_quads),
                      _plain_literals(q.object for q in ont_quads))
    with _ONTOLOGIES_LOCK:
        _ONTOLOGIES[key] = found
        while len(_ONTOLOGIES) > _ONTOLOGIES_KEPT:
            _ONTOLOGIES.popitem(last=False)
    return found


def _rdflib_graph(ox_quads) -> Graph:
    g = Graph()
    for q in ox_quads:
        g.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    return g


def _schema_finding(t, graph_name) -> Finding:
    where = graph_name.value.rsplit("/", 1)[-1] if isinstance(graph_name, ox.NamedNode) else "default"
    return Finding(
        "schema-triple", t[0], t[1], t[2],
        {"en": f"The data file {where} states schema (what a class or property is), which "
               "belongs in the ontology; it is left out of validation. Move it to ontology/ "
               "or delete it.",
         "fr": f"Le fichier de données {where} énonce du schéma (ce qu'est une classe ou une "
               "propriété), qui relève de l'ontologie ; il est écarté de la validation. "
               "Déplacez-le dans ontology/ ou supprimez-le."})




def _closure(graph: Graph, inference: str) -> list[Finding]:
    """owlrl's RDFS or OWL 2 RL closure of ``graph``, in place; its inconsistency
    reports are removed from the graph and returned as findings."""
    import owlrl
    from pyshacl.inference import CustomRDFSSemantics  # what pyshacl's own "rdfs" runs

    semantics = CustomRDFSSemantics if inference == "rdfs" else owlrl.OWLRL_Semantics
    owlrl.DeductiveClosure(semantics).expand(graph)
    error_type = URIRef(OWLRL_ERRORS + "ErrorMessage")
    findings = []
    for node in list(graph.subjects(RDF.type, error_type)):
        for message in graph.objects(node, URIRef(OWLRL_ERRORS + "error")):
            # owlrl names the node at fault inside its message: make it the focus
            named = re.findall(re.escape(ID_NS) + r"[^\s,;)]+", str(message))
            focus = URIRef(named[-1]) if named else URIRef(ONTOLOGY_IRI)
            findings.append(Finding(
                "owlrl-consistency", focus, None, None,
                {"en": f"OWL 2 RL finds the data and ontology inconsistent: {message}",
                 "fr": f"OWL 2 RL trouve les données et l'ontologie incohérentes : {message}"}))
        for t in list(graph.triples((node, None, None))):
            graph.remove(t)
    for node in set(graph.subjects(RDF.type, OWL.Nothing)) - {OWL.Nothing}:
        findings.append(Finding(
            "owlrl-consistency", node, RDF.type, OWL.Nothing,
            {"en": "OWL 2 RL infers that this node belongs to owl:Nothing (it is in two "
                   "disjoint classes, or breaks another axiom): the data contradicts the ontology.",
             "fr": "OWL 2 RL déduit que ce nœud appartient à owl:Nothing (il est dans deux "
                   "classes disjointes, ou enfreint un autre axiome) : les données contredisent "
                   "l'ontologie."}))
    return findings


def data_checks(graph: Graph, paths: Sequence[str | PathLike[str]] | None = None) -> list[Finding]:
    """Run the ``queries/checks/data-*-violation.rq`` checks (or ``paths``) on ``graph``
    (the validation graph): one finding per row, with ``?focus ?path ?value`` when the
    check selects them, and its ``?message`` (English) and ``?messageFr``."""
    from ctoc_kg.checks import run_checks

    results = run_checks(graph, prefix="data-") if paths is None else run_checks(graph, list(paths))
    findings = []
    for result in results:
        seen = set()
        for d in result.rows:
            key = (d.get("focus", d.get("term")), d.get("path"), d.get("value"), d.get("message"))
            if key in seen:
                continue
            seen.add(key)
            messages = {"en": str(d.get("message") or result.title)}
            if d.get("messageFr") is not None:
                messages["fr"] = str(d["messageFr"])
            findings.append(Finding(result.name, key[0], key[1], key[2], messages))
    return findings


def _add_findings(results: Graph, findings: list[Finding]) -> None:
    """Write findings into pyshacl's results graph as ``sh:ValidationResult``s."""
    report = next(results.subjects(RDF.type, SH.ValidationReport), None)
    for f in findings:
        node = BNode()
        if report is not None:
            results.add((report, SH.result, node))
        results.add((node, RDF.type, SH.ValidationResult))
        results.add((node, SH.focusNode, f.focus))
        if f.path is not None:
            results.add((node, SH.resultPath, f.path))
        if f.value is not None:
            results.add((node, SH.value, f.value))
        results.add((node, SH.resultSeverity, SH[f.severity]))
        results.add((node, SH.sourceShape, URIRef(CHECKS_NS + f.check)))
        results.add((node, SH.sourceConstraintComponent, CHECK_COMPONENT))
        for lang, text in f.messages.items():
            results.add((node, SH.resultMessage, Literal(text, lang=lang)))


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
    checks: bool = True,
    engine: str = "fast",
) -> ValidationReport:
    """Validate ``data`` against the SHACL shapes; see the module docstring."""
    start = time.perf_counter()
    if engine not in ENGINES:
        raise CtocError(f"unknown validation engine {engine!r} (one of {', '.join(ENGINES)})")
    if inference not in INFERENCE:
        raise CtocError(f"unknown inference {inference!r} (one of {', '.join(INFERENCE)})")
    # only read here and by the fast engine; pyshacl gets a copy (it adds triples to it)
    shapes_graph = shapes if isinstance(shapes, Graph) else _shared_shapes(shapes)
    # the data, opened once for whichever engine validates it
    opened = open_dataset(data, ontology=ontology, reasoning="targeted" if reasoning else None,
                          rules=rules)
    if engine == "fast":
        fast = _validate_fast(data, shapes_graph, ontology=ontology, inference=inference,
                              reasoning=reasoning, rules=rules, checks=checks, opened=opened)
        if fast is not None:
            results_graph, view, findings = fast
            return _report(results_graph, view, findings, shapes_graph, inference, reasoning, start)
    # pyshacl adds its two "system triples" (owl:Class rdfs:subClassOf rdfs:Class, …) to the
    # shapes graph it gets: it gets a copy; the report reads the messages and the shapes
    # (which those triples do not touch) from the Graph the copy is made of
    engine_shapes, kept_copy = _pyshacl_shapes(shapes_graph)
    target, findings = validation_graph(data, ontology=ontology, inference=inference,
                                        reasoning=reasoning, rules=rules, opened=opened)
    if checks:
        findings += data_checks(target)

    import pyshacl  # slow import: only here

    # The ontology is already in ``target`` and the closure computed: pyshacl validates
    # it in place, so the SPARQL constraints run on Oxigraph (``SparqlOnOxigraph``).
    try:
        _conforms, results_graph, _text = pyshacl.validate(
            target,
            shacl_graph=engine_shapes,
            inference="none",
            advanced=True,
            allow_warnings=True,
            inplace=True,
        )
    except Exception as e:  # pyshacl raises its own types for bad shapes
        if type(e).__module__.startswith("pyshacl"):
            raise CtocError(f"the shapes could not be used: {type(e).__name__}: {e}") from e
        raise
    finally:
        # pyshacl sets rdflib.NORMALIZE_LITERALS back to True after reading the shapes
        rdflib.NORMALIZE_LITERALS = False
    _give_back(kept_copy, engine_shapes, shapes_graph)
    return _report(results_graph, target, findings, shapes_graph, inference, reasoning, start)


def _copies(shapes: Graph) -> threading.local:
    """Where each thread keeps its copy of ``shapes`` for pyshacl (``_pyshacl_shapes``)."""
    return threading.local()


def _pyshacl_shapes(shapes: Graph) -> tuple[Graph, threading.local | None]:
    """The shapes graph to give pyshacl (which adds triples to it): a copy of ``shapes``;
    for a remembered shapes Graph (``_of_shapes``) the copy this thread gave pyshacl last
    time, when it came back holding only ``shapes`` and pyshacl's system triples (what
    pyshacl adds to any copy first), so one copy serves every run of a thread.  Returns
    the copy and where to give it back (``_give_back``; None: not kept)."""
    if not _remembered(shapes):
        return _copy_graph(shapes), None
    local = _of_shapes(shapes, _copies)
    copy = getattr(local, "graph", None)
    local.graph = None  # taken: given back only after a run that leaves it as expected
    return (copy if copy is not None else _copy_graph(shapes)), local


def _give_back(local: threading.local | None, copy: Graph, shapes: Graph) -> None:
    """Keep ``copy`` for this thread's next run if it holds ``shapes`` and, beside them,
    exactly pyshacl's system triples (``ShapesGraph.system_triples``)."""
    if local is None:
        return
    from pyshacl.shapes_graph import ShapesGraph

    system = {t for t in getattr(ShapesGraph, "system_triples", ()) if t not in shapes}
    if system and len(copy) == len(shapes) + len(system) and set(copy) == _of_shapes(shapes, _triples) | system:
        local.graph = copy


def _triples(shapes: Graph) -> frozenset:
    return frozenset(shapes)


def _report(results_graph: Graph, data: Graph, findings: list[Finding], shapes_graph: Graph,
            inference: str, reasoning: bool, start: float) -> ValidationReport:
    """The report from a SHACL engine's results graph, whichever engine made it."""
    templates = _of_shapes(shapes_graph, _templates)
    _tag_messages(results_graph, templates)
    _add_findings(results_graph, findings)
    # SHACL 3.1: sh:conforms is false when there is any result, whatever its severity
    report_node = next(results_graph.subjects(RDF.type, SH.ValidationReport), None)
    if report_node is not None:
        results_graph.set((report_node, SH.conforms,
                           Literal((report_node, SH.result, None) not in results_graph)))
    results = _results(results_graph, data, templates)
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


ENGINES = ("fast", "pyshacl")


def _validate_fast(data, shapes_graph: Graph, *, ontology, inference: str, reasoning: bool,
                   rules, checks: bool, opened=None):
    """Validate with pyshacl-turbo (SHACL Core and SHACL-SPARQL in Rust, pySHACL's API and
    report) on exactly the triples pyshacl would get; None when it cannot run (not
    installed, or a shape it does not support), and the caller uses pyshacl.

    Returns (results graph, a view of the validated graph for labels and sources,
    findings).  The validated triples go to the engine as N-Triples, so every literal
    keeps its lexical form ("09"^^xsd:integer stays "09"), as in pyshacl's rdflib graph.
    """
    try:
        import pyshacl_turbo
        from pyshacl_turbo.rdf import Input
    except ImportError:  # pragma: no cover - a dependency; pyshacl is the fallback
        return None
    from ctoc_kg.terms import to_ox

    if inference not in INFERENCE:
        raise CtocError(f"unknown inference {inference!r} (one of {', '.join(INFERENCE)})")
    if inference == "none":
        triples, findings = _validation_triples(data, ontology=ontology, reasoning=reasoning,
                                                rules=rules, opened=opened)
        if triples is None:  # a literal the fast engine would read differently: pyshacl
            return None
    else:  # owlrl's closure works on rdflib graphs: build the reference graph, then convert
        target, findings = validation_graph(data, ontology=ontology, inference=inference,
                                            reasoning=reasoning, rules=rules, opened=opened)
        triples = [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in target
                   if not isinstance(s, Literal) and isinstance(p, URIRef)]
        if not _plain_literals(t.object for t in triples):
            return None
    if not _values_have_shape_datatypes(triples, shapes_graph):
        return None
    text = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    # the store reads every literal as written (``_plain_literals``) but "-0"
    as_written = not any(isinstance(t.object, ox.Literal) and t.object.value == "-0" for t in triples)
    del triples
    store = ox.Store()
    store.load(text, format=ox.RdfFormat.N_TRIPLES)
    view = _StoreView(store)
    if checks:
        findings += data_checks(view)
    # SHACL-SPARQL constraints once over the whole graph on the store, the rest in the engine
    engine_shapes, whole, left = shapes_graph, [], []
    if _SPARQL_ON_STORE and as_written:
        engine_shapes, constraints = _of_shapes(shapes_graph, _whole_graph_constraints)
        whole, left = _whole_graph_results(store, constraints)
        if left:  # those shapes go back to the engine
            engine_shapes, constraints = _whole_graph_constraints(
                shapes_graph, keep={c.shape for c in left})
            whole = [r for r in whole if r[0] in constraints]
    try:
        results_graph = _turbo_validate(Input(text.decode("utf-8"), "nt", None, {}),
                                        shapes_graph, engine_shapes, bool(left))
    except NotImplementedError:  # a SHACL feature the fast engine lacks: pyshacl
        return None
    except Exception as e:  # its own error types for bad shapes, as pyshacl's
        if type(e).__module__.startswith("pyshacl"):
            raise CtocError(f"the shapes could not be used: {type(e).__name__}: {e}") from e
        raise
    finally:
        rdflib.NORMALIZE_LITERALS = False
    if results_graph is None:  # a shape it refuses (ValidationFailure): pyshacl
        return None
    _add_whole_graph_results(results_graph, whole)
    return results_graph, view, findings


def _compiled(shapes: Graph):
    """pyshacl-turbo's compiled form of ``shapes`` (SHACL-SPARQL and the other advanced
    features on, as ``validate`` asks for): immutable, validates any number of graphs."""
    import pyshacl_turbo

    return pyshacl_turbo.compile_shapes(shapes, advanced=True)


def _compiled_rest(shapes: Graph):
    """``_compiled`` of the shapes left to the engine by ``_whole_graph_constraints``."""
    return _compiled(_of_shapes(shapes, _whole_graph_constraints)[0])


def _turbo_validate(data, shapes_graph: Graph, engine_shapes: Graph, narrowed: bool) -> Graph | None:
    """``pyshacl_turbo.validate(data, shacl_graph=engine_shapes, inference="none",
    advanced=True, allow_warnings=True)``'s results graph, None where it answers a
    ``ValidationFailure`` (a shape it refuses), with the same errors: a RuntimeError
    becomes its ``ReportableRuntimeError``, NotImplementedError passes through.

    ``engine_shapes`` is ``shapes_graph`` or what ``_whole_graph_constraints`` left of it
    (``narrowed``: with some shapes given back to the engine): its compiled form is kept
    with a remembered shapes Graph (``_of_shapes``, never changed), compiled on every
    call for any other; the module-level function compiles on every call (≈ 10 ms for
    the shipped shapes, canonicalising the shapes graph) and then does what this does."""
    import pyshacl_turbo
    from pyshacl_turbo.errors import ReportableRuntimeError

    try:
        if narrowed or not _remembered(shapes_graph):
            program = _compiled(engine_shapes)
        elif engine_shapes is shapes_graph:
            program = _of_shapes(shapes_graph, _compiled)
        else:
            program = _of_shapes(shapes_graph, _compiled_rest)
        _conforms, results_graph, _text = program.validate(
            data,
            inference=None,
            allow_warnings=True,
            _normalize_report_literals=True,  # what the module-level validate passes
        )
    except pyshacl_turbo.ValidationFailure:
        return None
    except NotImplementedError:
        raise
    except RuntimeError as error:
        raise ReportableRuntimeError(str(error)) from error
    return results_graph


_XSD = str(XSD)
_CANONICAL = {  # the datatypes whose values the fast engine reads exactly as pyshacl
    _XSD + "string": None,
    _XSD + "integer": re.compile(r"-?(0|[1-9][0-9]{0,17})"),
    _XSD + "boolean": re.compile(r"true|false"),
    _XSD + "date": re.compile(r"[12][0-9]{3}-[0-9]{2}-[0-9]{2}"),
}


def _plain_literals(objects) -> bool:
    """Is every literal among ``objects`` a string, a language-tagged text, or a
    well-formed xsd:integer, xsd:boolean or xsd:date (no timezone) in canonical form?

    pyshacl's SPARQL constraints run on Oxigraph, which reads "09"^^xsd:integer as 9;
    pyshacl-turbo keeps "09", and the two treat ill-typed values (a date "2019-02-30")
    differently in places.  Data holding any other literal, or a value of another
    datatype than the shapes give its property (``_values_have_shape_datatypes``), is
    validated by pyshacl.
    """
    import datetime

    seen = set()
    for o in objects:
        if not isinstance(o, ox.Literal) or o.language is not None or o in seen:
            continue
        seen.add(o)
        dt = o.datatype.value
        if dt not in _CANONICAL:
            return False
        rx = _CANONICAL[dt]
        if rx is None:
            continue
        if rx.fullmatch(o.value) is None:
            return False
        if dt.endswith("date"):
            try:
                datetime.date.fromisoformat(o.value)
            except ValueError:
                return False
    return True


_SCHEMA_PREDICATE_IRIS = frozenset(str(p) for p in _SCHEMA_PREDICATES)
_SCHEMA_TYPE_IRIS = frozenset(str(t) for t in _SCHEMA_TYPES)
_RDF_TYPE = str(RDF.type)


def _maybe_schema(q) -> bool:
    """A cheap test on a pyoxigraph quad that holds for every schema triple
    (``is_schema_triple``) and for few others."""
    p = q.predicate.value
    return (p in _SCHEMA_PREDICATE_IRIS
            or (p == _RDF_TYPE and isinstance(q.object, ox.NamedNode) and q.object.value in _SCHEMA_TYPE_IRIS)
            or (isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(str(CTOC).rstrip("#"))))


def _validation_triples(data, *, ontology, reasoning: bool, rules,
                        opened=None) -> tuple[list | None, list[Finding]]:
    """The triples of ``validation_graph`` (inference none) as pyoxigraph triples, in the
    forms they were read, and the same findings; only the schema candidates and the
    blank nodes' triples go through rdflib.  None instead of the triples when a literal
    is not one the fast engine reads as pyshacl does (``_plain_literals``).  ``opened``:
    as for ``validation_graph``."""
    ds = opened if opened is not None else open_dataset(
        data, ontology=ontology, reasoning="targeted" if reasoning else None, rules=rules)
    ontology_graph = ox.NamedNode(str(ONTOLOGY_GRAPH))
    inferred_graph = ox.NamedNode(str(INFERRED_GRAPH))
    ont_quads = []  # in the order quads(ds, ontology_graph) gives them
    out: dict = {}
    candidates = []
    for q in quads(ds):
        if q.graph_name == ontology_graph:
            ont_quads.append(q)
            continue
        if isinstance(q.subject, ox.BlankNode) or _maybe_schema(q):
            candidates.append(q)
        else:
            out[ox.Triple(q.subject, q.predicate, q.object)] = None
    data_triples = [(q, (from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
                    for q in candidates]
    schema = _schema_part([t for _q, t in data_triples])
    ont = _ontology(ont_quads)
    known = ont.signed
    signed = _signed(schema, data=[t for _q, t in data_triples])
    findings: list[Finding] = []
    reported = set()
    for q, t in data_triples:
        if t not in schema:
            out[ox.Triple(q.subject, q.predicate, q.object)] = None
            continue
        sig = signed[t]
        if sig in known or q.graph_name == inferred_graph or sig in reported:
            continue
        reported.add(sig)
        if not isinstance(t[0], BNode):
            findings.append(_schema_finding(t, q.graph_name))
    plain = _plain_literals(t.object for t in out)  # the data's; the ontology's: remembered
    out.update(dict.fromkeys(ont.ox_triples))
    if not (plain and ont.plain_literals):
        return None, findings
    return list(out), findings


def _shape_datatypes(shapes: Graph) -> dict:
    """property (a pyoxigraph NamedNode) -> the datatypes the shapes give its values."""
    wanted: dict = {}
    for shape, datatype in shapes.subject_objects(SH.datatype):
        path = shapes.value(shape, SH.path)
        if isinstance(path, URIRef) and isinstance(datatype, URIRef):
            wanted.setdefault(ox.NamedNode(str(path)), set()).add(str(datatype))
    return {p: frozenset(d) for p, d in wanted.items()}


def _values_have_shape_datatypes(triples, shapes: Graph) -> bool:
    """Does every value of a property that a shape gives an ``sh:datatype`` have one of
    the datatypes the shapes give it?  The engines compare a value of the wrong
    datatype (an xsd:integer where a date is due) differently in the SPARQL rules."""
    wanted = _of_shapes(shapes, _shape_datatypes)
    lang_string = str(RDF.langString)
    for t in triples:
        want = wanted.get(t.predicate)
        if want is None:
            continue
        o = t.object
        if not isinstance(o, ox.Literal):
            return False
        dt = lang_string if o.language is not None else o.datatype.value
        if dt not in want:
            return False
    return True


class SparqlOnOxigraph(Graph):
    """An in-memory rdflib Graph whose SPARQL queries are answered by pyoxigraph.

    pyshacl evaluates SHACL-SPARQL constraints with ``graph.query(text, initBindings=…)``.
    rdflib's own engine does not follow the SPARQL operator rules on bad values: it
    orders ``"9"`` against ``10`` and an ``xsd:date`` against an integer or an
    ``xsd:dateTime`` where SPARQL says "type error", and ``YEAR()`` of an ill-typed date
    raises a Python ``AttributeError``.  It also parses the same text again for every
    focus node.  Here the query runs on a pyoxigraph copy of the graph (made on the
    first query, dropped when a triple is added or removed), where incomparable values
    are errors as the specification says, and pre-bound variables are substituted.

    One object per ``validate`` call: no global state, safe across threads.
    Oxigraph's store holds valid literals in canonical form ("09" as "9"), so a literal
    bound by a constraint query comes back canonical; the core constraints (datatype,
    pattern, counts) see the exact terms of this Graph.
    """

    _mirror = None

    def _oxigraph(self):
        import pyoxigraph as ox

        from ctoc_kg.terms import to_ox

        if self._mirror is None:
            store = ox.Store()
            if self._seed is not None:
                store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())
                                  for part in self._seed for t in part)
            else:
                # generalised triples (a literal subject, which owlrl's closure adds) are not RDF
                store.bulk_extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.DefaultGraph())
                                  for s, p, o in self.triples((None, None, None))
                                  if not isinstance(s, Literal) and isinstance(p, URIRef))
            self._mirror = store
        return self._mirror

    _seed = None  # pyoxigraph triples whose rdflib forms (``from_ox``) are this Graph's

    def mirror_from(self, *parts) -> None:
        """Say that this Graph holds exactly the ``from_ox`` forms of the pyoxigraph
        triples in ``parts`` (what ``validation_graph`` built it from): the store for its
        queries is made of them, not converted back triple by triple (``to_ox`` gives
        each back as it was); forgotten when a triple is added or removed."""
        self._mirror, self._seed = None, parts

    def add(self, triple):
        self._mirror = self._seed = None
        return super().add(triple)

    def addN(self, quads):  # noqa: N802 - rdflib's name
        self._mirror = self._seed = None
        return super().addN(quads)

    def remove(self, triple):
        self._mirror = self._seed = None
        return super().remove(triple)

    def query(self, query_object, processor="sparql", result="sparql", initNs=None,  # noqa: N803
              initBindings=None, use_store_provided=True, **kwargs):
        if not isinstance(query_object, str):
            return super().query(query_object, processor, result, initNs, initBindings,
                                 use_store_provided, **kwargs)
        import pyoxigraph as ox
        from rdflib.query import Result
        from rdflib.term import Variable

        from ctoc_kg.terms import from_ox, to_ox

        try:
            answer = self._oxigraph().query(
                query_object,
                prefixes={str(k): str(v) for k, v in (initNs or {}).items()},
                substitutions={ox.Variable(str(k)): to_ox(v) for k, v in (initBindings or {}).items()},
            )
        except SyntaxError as e:
            raise CtocError(f"the shapes could not be used: a SPARQL query does not parse: {e}") from e
        if isinstance(answer, ox.QueryBoolean):
            out = Result("ASK")
            out.askAnswer = bool(answer)
        elif isinstance(answer, ox.QuerySolutions):
            out = Result("SELECT")
            out.vars = [Variable(v.value) for v in answer.variables]
            out.bindings = [{v: from_ox(t) for v, t in zip(out.vars, row) if t is not None}
                            for row in answer]
        else:
            out = Result("CONSTRUCT")
            g = Graph()
            for t in answer:
                g.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
            out.graph = g
        return out


class _StoreView(SparqlOnOxigraph):
    """The validated graph as the fast engine's caller sees it: SPARQL (the data checks)
    and the few ``objects``/``value`` look-ups that label results, on a pyoxigraph store."""

    def __init__(self, store):
        super().__init__()
        self._mirror = store

    def objects(self, subject=None, predicate=None, unique=False):
        from ctoc_kg.terms import to_ox

        if isinstance(subject, Literal):  # a literal focus node: no triple starts there
            return
        for q in self._mirror.quads_for_pattern(to_ox(subject), to_ox(predicate), None, None):
            yield from_ox(q.object)

    def value(self, subject=None, predicate=RDF.value, object=None, default=None, any=True):  # noqa: A002
        return next(iter(self.objects(subject, predicate)), default)


def _label(g: Graph, node, lang: str = "en") -> str | None:
    """The node's label in ``lang`` (the first in code-point order when several), else
    its first label of any language."""
    labels = sorted((lab for lab in g.objects(node, RDFS.label)), key=lambda lab: (str(lab), lab.n3()))
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
        number = min(g.objects(part, CTOC.partNumber), key=lambda n: n.n3(), default=None)
        kind = min((str(c)[len(str(CTOC)):] for c in g.objects(part, RDF.type)
                    if str(c).startswith(str(CTOC)) and c != CTOC.DocumentPart), default=None)
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


def _tag_messages(results: Graph, templates: dict) -> None:
    """Give back the language tag pyshacl drops from a message whose ``{?var}`` it fills."""
    for node, m in list(results.subject_objects(SH.resultMessage)):
        if isinstance(m, Literal) and not m.language:
            shape = results.value(node, SH.sourceShape)
            lang = next((lg for lg, rx in templates.get(shape, ()) if rx.match(str(m))), None)
            if lang:
                results.remove((node, SH.resultMessage, m))
                results.add((node, SH.resultMessage, Literal(str(m), lang=lang)))


def _results(results: Graph, data: Graph, templates: dict | None = None) -> list[ValidationResult]:
    out = []
    for node in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(node, SH.focusNode)
        severity = results.value(node, SH.resultSeverity)
        shape = results.value(node, SH.sourceShape)
        value = results.value(node, SH.value)
        messages: dict[str, str] = {}
        for m in results.objects(node, SH.resultMessage):
            lang = m.language if isinstance(m, Literal) and m.language else ""
            if not lang:
                lang = next((lg for lg, rx in (templates or {}).get(shape, ()) if rx.match(str(m))), "")
            messages.setdefault(lang or "en", str(m))
        messages = dict(sorted(messages.items()))  # en, fr: the same order from every engine
        out.append(ValidationResult(
            focus=str(focus),
            focus_label=_label(data, focus) if focus is not None else None,
            path=_path(results, results.value(node, SH.resultPath)),
            value=_value(value),
            value_datatype=(str(value.datatype or XSD.string) if isinstance(value, Literal)
                            and not value.language else None),
            value_language=value.language if isinstance(value, Literal) else None,
            severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            source_shape=str(shape) if isinstance(shape, URIRef) else f"_:{shape}",
            constraint_component=str(results.value(node, SH.sourceConstraintComponent)),
            messages=messages,
            sources=_sources(data, focus) if focus is not None else [],
        ))
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    # a total order, so every engine's results come out in the same order
    out.sort(key=lambda r: (rank.get(r.severity, 9), r.focus, r.path or "", r.source_shape, r.value or "",
                            r.constraint_component, r.value_datatype or "", r.value_language or "",
                            sorted(r.messages.items())))
    return out


# ---------------------------------------------------------------------------
# SHACL-SPARQL constraints evaluated once over the whole graph


_SPARQL_ON_STORE = True  # tests set it False to compare with the engine's own evaluation

_SHAPE_KEYS = frozenset(str(p) for p in (
    RDF.type, RDFS.label, RDFS.comment, SH.sparql, SH.severity, SH.targetClass,
    SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode, SH.target, SH.name,
    SH.description))
_CONSTRAINT_KEYS = frozenset(str(p) for p in (RDF.type, SH.message, SH.prefixes, SH.select))
_TARGET_KEYS = frozenset(str(p) for p in (RDF.type, SH.prefixes, SH.select))
_PREBOUND = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_MESSAGE_VARIABLE = re.compile(r"\{[$?]([A-Za-z_][A-Za-z0-9_]*)\}")
_AGGREGATE = re.compile(r"\b(COUNT|SUM|MIN|MAX|AVG|SAMPLE|GROUP_CONCAT)\s*\(", re.I)


@dataclass(frozen=True)
class _WholeGraphConstraint:
    """A SHACL-SPARQL constraint of a node shape, as one query over the whole graph:
    its targets (one DISTINCT ``?this`` subquery) joined with its SELECT query."""

    shape: URIRef
    constraint: object  # the sh:sparql node (a blank node in the shipped shapes)
    query: str
    severity: URIRef
    messages: tuple  # the constraint's sh:message literals


def _keys_within(g: Graph, node, allowed) -> bool:
    return all(str(p) in allowed for p in g.predicates(node, None))


def _prefixes(g: Graph, node) -> dict | None:
    out: dict = {}
    for ontology in g.objects(node, SH.prefixes):
        for declaration in g.objects(ontology, SH.declare):
            prefix, namespace = g.value(declaration, SH.prefix), g.value(declaration, SH.namespace)
            if prefix is None or namespace is None:
                return None
            if out.setdefault(str(prefix), str(namespace)) != str(namespace):
                return None
    return out


def _select_joins_on_this(select: str) -> bool:
    """Is evaluating ``select`` once and keeping the rows whose ``?this`` is a focus node
    the same as evaluating it once per focus node with ``$this`` pre-bound?  True for a
    single SELECT that projects ``$this`` and whose WHERE clause starts with a triple
    pattern on ``$this`` (so every row binds it there), with no other pre-bound variable,
    no sub-query, MINUS, VALUES, SERVICE, GRAPH, LIMIT or OFFSET (which see ``$this``
    differently when it is substituted), and any aggregate grouped by ``$this``."""
    text = select.strip()
    words = re.findall(r"[A-Za-z_]+", text.upper())
    if words.count("SELECT") != 1 or not words or words[0] != "SELECT":
        return False
    if {"MINUS", "VALUES", "SERVICE", "GRAPH", "LIMIT", "OFFSET", "PREFIX", "BASE", "FROM",
            "REDUCED"} & set(words):
        return False
    if re.search(r"\bAS\s+[$?]this\b", text, re.I):
        return False
    if {m.group(1) for m in _PREBOUND.finditer(text)} - {"this"}:
        return False
    head, sep, body = text.partition("WHERE")
    if not sep or not re.search(r"\$this\b", head) or "(" in head.split("$this")[0]:
        return False
    if not re.match(r"\s*\{\s*\$this\s", body):
        return False
    if _AGGREGATE.search(text) or "GROUP" in words or "HAVING" in words:
        group = re.search(r"GROUP\s+BY\s+(.*?)(HAVING|ORDER|$)", body, re.S | re.I)
        if group is None or not re.search(r"[$?]this\b", group.group(1)):
            return False
    return True


def _target_patterns(g: Graph, shape) -> tuple[list[str], dict] | None:
    """SPARQL patterns binding ``?this`` to each target of ``shape`` (SHACL 2.1.3), and
    the prefixes their queries need; None when a target is not one of those."""
    patterns, prefixes = [], {}
    for c in g.objects(shape, SH.targetClass):
        if not isinstance(c, URIRef):
            return None
        patterns.append(f"?this <{RDF.type}>/<{RDFS.subClassOf}>* <{c}> .")
    for p in g.objects(shape, SH.targetSubjectsOf):
        if not isinstance(p, URIRef):
            return None
        patterns.append(f"?this <{p}> ?targetObject .")
    for p in g.objects(shape, SH.targetObjectsOf):
        if not isinstance(p, URIRef):
            return None
        patterns.append(f"?targetSubject <{p}> ?this .")
    for n in g.objects(shape, SH.targetNode):
        if isinstance(n, BNode):
            return None
        patterns.append(f"VALUES ?this {{ {n.n3()} }}")
    for t in g.objects(shape, SH.target):
        select = g.value(t, SH.select)
        declared = _prefixes(g, t)
        if (select is None or declared is None or not _keys_within(g, t, _TARGET_KEYS)
                or set(g.objects(t, RDF.type)) - {SH.SPARQLTarget}
                or _PREBOUND.search(str(select))):
            return None
        for k, v in declared.items():
            if prefixes.setdefault(k, v) != v:
                return None
        patterns.append("{ " + str(select) + "\n}")
    return patterns, prefixes


def _whole_graph_constraints(shapes: Graph, keep=frozenset()) -> tuple[Graph, list[_WholeGraphConstraint]]:
    """The shapes graph without the node shapes whose only constraints are SHACL-SPARQL
    ones that can be evaluated once over the whole graph (``_select_joins_on_this``),
    and those constraints.  A shape referred to by another, deactivated, with its own
    sh:message or any other parameter stays with the engine."""
    taken: list[_WholeGraphConstraint] = []
    drop = set()
    for shape in set(shapes.subjects(SH.sparql, None)):
        if (shape in keep or not isinstance(shape, URIRef)
                or set(shapes.objects(shape, RDF.type)) != {SH.NodeShape}
                or (None, None, shape) in shapes or not _keys_within(shapes, shape, _SHAPE_KEYS)):
            continue
        targets = _target_patterns(shapes, shape)
        if targets is None:
            continue
        patterns, prefixes = targets
        severity = shapes.value(shape, SH.severity) or SH.Violation
        if not isinstance(severity, URIRef):
            continue
        found = []
        for c in shapes.objects(shape, SH.sparql):
            select = shapes.value(c, SH.select)
            declared = _prefixes(shapes, c)
            if (select is None or declared is None or not _keys_within(shapes, c, _CONSTRAINT_KEYS)
                    or set(shapes.objects(c, RDF.type)) - {SH.SPARQLConstraint}
                    or not _select_joins_on_this(str(select))
                    or any(prefixes.get(k, v) != v for k, v in declared.items())):
                found = None
                break
            header = "".join(f"PREFIX {k}: <{v}>\n" for k, v in sorted({**prefixes, **declared}.items()))
            targets_union = " UNION ".join("{ " + p + " }" for p in patterns) or "FILTER (false)"
            body = re.sub(r"\$this\b", "?this", str(select))
            query = (f"{header}SELECT * WHERE {{\n{{ SELECT DISTINCT ?this WHERE {{ {targets_union} }} }}\n"
                     f"{{ {body}\n}}\n}}")
            found.append(_WholeGraphConstraint(shape, c, query, severity,
                                               tuple(shapes.objects(c, SH.message))))
        if not found:
            continue
        taken += found
        drop.add(shape)
    if not drop:
        return shapes, []
    # the rest of the shapes graph: each dropped shape with the blank nodes it leads to
    gone = set()
    todo = list(drop)
    while todo:
        node = todo.pop()
        if node in gone:
            continue
        gone.add(node)
        for o in shapes.objects(node, None):
            if isinstance(o, BNode):
                todo.append(o)
    rest = Graph()
    for prefix, ns in shapes.namespaces():
        rest.bind(prefix, ns, override=True)
    for t in shapes:
        if t[0] not in gone:
            rest.add(t)
    return rest, taken


def _whole_graph_results(store, constraints: list[_WholeGraphConstraint]):
    """Evaluate each constraint once on ``store``; returns (results as
    ``sh:ValidationResult`` triples' fields, constraints the engine must evaluate instead:
    a query that does not parse here, a row without an IRI ``?path``, without ``?value``,
    or whose message names an unbound or blank-node variable)."""
    from ctoc_kg.terms import from_ox

    results, left = [], []
    for c in constraints:
        try:
            answer = store.query(c.query)
            variables = [v.value for v in answer.variables]
            rows = [dict(zip(variables, row)) for row in answer]
        except (SyntaxError, OSError, ValueError):
            left.append(c)
            continue
        made, ok = [], True
        for row in rows:
            path, value = row.get("path"), row.get("value")
            if not isinstance(path, ox.NamedNode) or value is None or isinstance(value, ox.BlankNode):
                ok = False
                break
            messages = []
            for m in c.messages:
                text = str(m)
                names = _MESSAGE_VARIABLE.findall(text)
                if any(not isinstance(row.get(n), (ox.NamedNode, ox.Literal)) for n in names):
                    ok = False
                    break
                text = _MESSAGE_VARIABLE.sub(lambda x: row[x.group(1)].value, text)
                messages.append(Literal(text, lang=m.language) if isinstance(m, Literal) else m)
            if not ok:
                break
            made.append((from_ox(row["this"]), from_ox(path), from_ox(value), messages))
        if ok:
            results += [(c, *r) for r in made]
        else:
            left.append(c)
    return results, left


def _add_whole_graph_results(results_graph: Graph, results) -> None:
    """Write the results as the engine writes a SHACL-SPARQL result."""
    report = next(results_graph.subjects(RDF.type, SH.ValidationReport), None)
    for c, focus, path, value, messages in results:
        node = BNode()
        if report is not None:
            results_graph.add((report, SH.result, node))
        results_graph.add((node, RDF.type, SH.ValidationResult))
        results_graph.add((node, SH.focusNode, focus))
        results_graph.add((node, SH.resultPath, path))
        results_graph.add((node, SH.value, value))
        results_graph.add((node, SH.resultSeverity, c.severity))
        results_graph.add((node, SH.sourceShape, c.shape))
        results_graph.add((node, SH.sourceConstraint, c.constraint))
        results_graph.add((node, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
        for m in messages:
            results_graph.add((node, SH.resultMessage, m))
