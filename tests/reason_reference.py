"""The first release's targeted reasoning, kept as the reference the store-side one in
ctoc_kg.reason must agree with (tests/test_reason.py): a semi-naive closure in Python over
rdflib terms, then the rules through rdflib's Dataset API.  Slow; for tests only."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rdflib import RDF, Dataset, Graph, Literal, URIRef

from ctoc_kg.dataset import INFERRED_GRAPH, ONTOLOGY_GRAPH
from ctoc_kg.errors import CtocError
from ctoc_kg.reason import MAX_ROUNDS, Hierarchy, ReasoningResult, hierarchy, read_rules

Triple = tuple


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




def reference_inferred(ds: Dataset, rules=None) -> set:
    """The triples the first release's targeted profile adds to ``ds`` (which it
    changes: graph/inferred is replaced), minus those some other graph asserts."""
    ds.remove((None, None, None, INFERRED_GRAPH))
    inferred = ds.graph(INFERRED_GRAPH)
    closure = _targeted(ds, inferred)
    texts = read_rules(rules)
    if texts:
        _apply_rules(ds, inferred, texts, ReasoningResult("targeted"), closure)
    out = set(inferred)
    asserted = {t for g in ds.graphs() if g.identifier != INFERRED_GRAPH for t in g}
    return out - asserted
