"""Reasoning: add the entailments the project needs to the graph ``graph/inferred``.

Profiles:

``targeted`` (default, fast)
    The ontology's class and property hierarchy is computed once from the graph
    ``graph/ontology`` (``rdfs:subClassOf``, ``rdfs:subPropertyOf``,
    ``owl:equivalentClass``, ``owl:equivalentProperty``, ``owl:inverseOf``,
    ``owl:TransitiveProperty``, ``owl:SymmetricProperty``), external super-terms
    included.  It is applied to every triple of the dataset: types go up the class
    hierarchy, values up the property hierarchy, inverses, symmetric and transitive
    properties are completed.  No ``rdfs:domain``/``rdfs:range`` typing (it hides
    data errors from validation).  Class expressions (blank nodes) are ignored.
    Then each ``queries/rules/construct-*.rq`` runs over the union graph and its
    new triples are added, repeating (with the hierarchy again) until nothing new
    appears, at most ``MAX_ROUNDS`` rounds.
``rdfs`` / ``owlrl``
    owlrl's full RDFS or OWL 2 RL closure of a copy of the union graph in memory;
    the difference is stored, then the rules run as above.  Slow: seconds on ten
    thousand triples, minutes on a hundred thousand.

Only triples that are not already asserted are added; the input graphs are never
changed.  Any earlier content of ``graph/inferred`` is replaced.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Dataset, Graph, Literal, URIRef

from ctoc_kg import resources
from ctoc_kg.dataset import INFERRED_GRAPH, ONTOLOGY_GRAPH
from ctoc_kg.errors import CtocError, InputError

PROFILES = ("targeted", "rdfs", "owlrl")
MAX_ROUNDS = 10

Triple = tuple  # (subject, predicate, object) of rdflib terms


@dataclass
class ReasoningResult:
    """What ``reason`` did."""

    profile: str
    inferred: int = 0  # triples added to graph/inferred
    by_rule: dict[str, int] = field(default_factory=dict)  # rule file stem -> triples added
    rounds: int = 0  # rule rounds run
    seconds: float = 0.0


@dataclass
class Hierarchy:
    """The ontology's term hierarchy, closed (each map gives *all* super-terms)."""

    superclasses: dict[URIRef, frozenset[URIRef]]
    superproperties: dict[URIRef, frozenset[URIRef]]
    inverses: dict[URIRef, frozenset[URIRef]]
    transitive: frozenset[URIRef]
    symmetric: frozenset[URIRef]

    @property
    def properties(self) -> set[URIRef]:
        """Every property some rule applies to."""
        return set(self.superproperties) | set(self.inverses) | self.transitive | self.symmetric


def _closure(edges: dict[URIRef, set[URIRef]]) -> dict[URIRef, frozenset[URIRef]]:
    closed: dict[URIRef, frozenset[URIRef]] = {}
    for start in edges:
        seen: set[URIRef] = set()
        stack = list(edges[start])
        while stack:
            node = stack.pop()
            if node not in seen:
                seen.add(node)
                stack.extend(edges.get(node, ()))
        seen.discard(start)
        if seen:
            closed[start] = frozenset(seen)
    return closed


def hierarchy(ontology: Graph) -> Hierarchy:
    """Compute the closed class/property hierarchy declared in ``ontology``."""
    sub_c: dict[URIRef, set[URIRef]] = defaultdict(set)
    sub_p: dict[URIRef, set[URIRef]] = defaultdict(set)
    inverse: dict[URIRef, set[URIRef]] = defaultdict(set)

    def named(*terms) -> bool:
        return all(isinstance(t, URIRef) for t in terms)

    # (axiom, the edges it gives, whether they run both ways)
    for axiom, edges, both_ways in ((RDFS.subClassOf, sub_c, False), (OWL.equivalentClass, sub_c, True),
                                    (RDFS.subPropertyOf, sub_p, False), (OWL.equivalentProperty, sub_p, True),
                                    (OWL.inverseOf, inverse, True)):
        for a, b in ontology.subject_objects(axiom):
            if named(a, b):
                edges[a].add(b)
                if both_ways:
                    edges[b].add(a)
    transitive = frozenset(p for p in ontology.subjects(RDF.type, OWL.TransitiveProperty) if named(p))
    symmetric = frozenset(p for p in ontology.subjects(RDF.type, OWL.SymmetricProperty) if named(p))
    return Hierarchy(
        superclasses=_closure(sub_c),
        superproperties=_closure(sub_p),
        inverses={p: frozenset(qs) for p, qs in inverse.items()},
        transitive=transitive,
        symmetric=symmetric,
    )


class _Closure:
    """Incremental (semi-naive) application of a Hierarchy to a set of triples."""

    def __init__(self, h: Hierarchy) -> None:
        self.h = h
        self.facts: set[Triple] = set()
        # transitive properties: p -> subject -> objects, p -> object -> subjects
        self.out: dict[URIRef, dict] = defaultdict(lambda: defaultdict(set))
        self.into: dict[URIRef, dict] = defaultdict(lambda: defaultdict(set))

    def add(self, triples: Iterable[Triple]) -> None:
        agenda = [t for t in triples if t not in self.facts]
        self.facts.update(agenda)
        for t in agenda:
            self._index(t)
        h = self.h
        while agenda:
            s, p, o = agenda.pop()
            derived: list[Triple] = []
            if p == RDF.type:
                for c in h.superclasses.get(o, ()):
                    derived.append((s, RDF.type, c))
            else:
                for q in h.superproperties.get(p, ()):
                    derived.append((s, q, o))
                if not isinstance(o, Literal):
                    for q in h.inverses.get(p, ()):
                        derived.append((o, q, s))
                    if p in h.symmetric:
                        derived.append((o, p, s))
                if p in h.transitive:
                    for z in self.out[p].get(o, ()):
                        derived.append((s, p, z))
                    for w in self.into[p].get(s, ()):
                        derived.append((w, p, o))
            for t in derived:
                if t not in self.facts:
                    self.facts.add(t)
                    self._index(t)
                    agenda.append(t)

    def _index(self, t: Triple) -> None:
        s, p, o = t
        if p in self.h.transitive:
            self.out[p][s].add(o)
            self.into[p][o].add(s)


def _asserted(ds: Dataset, h: Hierarchy) -> set[Triple]:
    """The triples of ``ds`` (outside graph/inferred) that the hierarchy applies to."""
    found: set[Triple] = set()
    graphs = [g for g in ds.graphs() if g.identifier != INFERRED_GRAPH]
    for g in graphs:
        for c in h.superclasses:
            found.update(g.triples((None, RDF.type, c)))
        for p in h.properties:
            found.update(g.triples((None, p, None)))
    return found


def _clear_inferred(ds: Dataset) -> None:
    ds.remove((None, None, None, INFERRED_GRAPH))


def _targeted(ds: Dataset, inferred: Graph) -> _Closure:
    h = hierarchy(ds.graph(ONTOLOGY_GRAPH))
    asserted = _asserted(ds, h)
    closure = _Closure(h)
    closure.add(asserted)
    for t in closure.facts - asserted:
        inferred.add(t)
    return closure


def _owlrl(ds: Dataset, inferred: Graph, profile: str) -> int:
    import owlrl  # slow import: only for these profiles

    semantics = owlrl.RDFS_Semantics if profile == "rdfs" else owlrl.OWLRL_Semantics
    copy = Graph()
    for g in ds.graphs():
        if g.identifier != INFERRED_GRAPH:
            for t in g:
                copy.add(t)
    before = set(copy)
    owlrl.DeductiveClosure(semantics).expand(copy)
    count = 0
    for t in copy:
        if t not in before and not isinstance(t[0], Literal):
            inferred.add(t)
            count += 1
    return count


def read_rules(paths: Sequence[str | PathLike[str]] | None = None) -> list[tuple[str, str]]:
    """(name, query text) of each rule file; the shipped rules when ``paths`` is None."""
    if paths is None:
        try:
            paths = resources.rule_files()
        except CtocError:
            paths = []
    rules = []
    for p in paths:
        p = Path(p)
        try:
            rules.append((p.stem, p.read_text(encoding="utf-8")))
        except OSError as e:
            raise InputError(p, cause=e.strerror or str(e)) from e
    return rules


def _apply_rules(ds: Dataset, inferred: Graph, rules: list[tuple[str, str]],
                 result: ReasoningResult, closure: _Closure | None) -> None:
    for _ in range(MAX_ROUNDS):
        result.rounds += 1
        added: list[Triple] = []
        for name, text in rules:
            try:
                produced = ds.query(text)
            except Exception as e:  # a malformed rule is a project bug, not a crash
                raise CtocError(f"rule {name}: {e}") from e
            n = 0
            for t in produced:
                if isinstance(t[0], Literal) or t in ds:
                    continue
                inferred.add(t)
                added.append(t)
                n += 1
            result.by_rule[name] = result.by_rule.get(name, 0) + n
        if not added:
            return
        if closure is not None:  # push the rules' output through the hierarchy too
            before = set(closure.facts)
            closure.add(added)
            for t in closure.facts - before:
                if t not in ds:
                    inferred.add(t)


def reason(ds: Dataset, profile: str = "targeted", *,
           rules: Sequence[str | PathLike[str]] | None = None) -> ReasoningResult:
    """Add inferred triples to the named graph ``graph/inferred`` of ``ds``.

    ``rules`` are CONSTRUCT query files (default: the shipped
    ``queries/rules/construct-*.rq``; pass ``[]`` for none).
    """
    if profile not in PROFILES:
        raise CtocError(f"unknown reasoning profile {profile!r} (one of {', '.join(PROFILES)})")
    start = time.perf_counter()
    result = ReasoningResult(profile)
    _clear_inferred(ds)
    inferred = ds.graph(INFERRED_GRAPH)
    closure = None
    if profile == "targeted":
        closure = _targeted(ds, inferred)
    else:
        _owlrl(ds, inferred, profile)
    rule_texts = read_rules(rules)
    if rule_texts:
        _apply_rules(ds, inferred, rule_texts, result, closure)
    result.inferred = len(inferred)
    result.seconds = time.perf_counter() - start
    return result
