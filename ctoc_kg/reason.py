"""Reasoning: add the entailments the project needs to the graph ``graph/inferred``.

Profiles:

``targeted`` (default, fast)
    The ontology's class and property hierarchy is computed once from the graph
    ``graph/ontology`` (``rdfs:subClassOf``, ``rdfs:subPropertyOf``,
    ``owl:equivalentClass``, ``owl:equivalentProperty``, ``owl:inverseOf``,
    ``owl:TransitiveProperty``, ``owl:SymmetricProperty``), external super-terms
    included.  It is applied to every triple of the dataset (but not to the
    per-statement provenance graphs ``graph/<stem>.provenance``): types go up the class
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

import functools
import re
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from os import PathLike
from pathlib import Path

from typing import TYPE_CHECKING

from ctoc_kg import resources
from ctoc_kg.dataset import mark_inferred_apart
from ctoc_kg.errors import CtocError, InputError
from ctoc_kg.namespaces import GRAPH_NS, OWL, OWLRL_ERRORS, RDFS
from ctoc_kg.sparql_scan import RDF_TYPE, scan

if TYPE_CHECKING:  # rdflib is imported by the rdfs/owlrl profiles and ``hierarchy`` only
    from rdflib import Dataset, Graph, URIRef

_INFERRED = GRAPH_NS + "inferred"
_ONTOLOGY = GRAPH_NS + "ontology"
# ctoc_kg.provenance.is_provenance_graph (that module imports rdflib)
_PROVENANCE_SUFFIX = ".provenance"
# (axiom, which edges it gives, whether they run both ways)
_AXIOMS = ((RDFS + "subClassOf", "class", False), (OWL + "equivalentClass", "class", True),
           (RDFS + "subPropertyOf", "property", False), (OWL + "equivalentProperty", "property", True),
           (OWL + "inverseOf", "inverse", True))

PROFILES = ("targeted", "rdfs", "owlrl")
MAX_ROUNDS = 10



@dataclass
class ReasoningResult:
    """What ``reason`` did."""

    profile: str
    inferred: int = 0  # triples added to graph/inferred
    by_rule: dict[str, int] = field(default_factory=dict)  # rule file stem -> triples added
    rounds: int = 0  # rule rounds run
    seconds: float = 0.0
    # rdfs/owlrl: what owlrl found inconsistent (its messages); never stored as triples.
    # ``ctoc-kg validate --inference owlrl`` reports each as a Violation.
    inconsistencies: list[str] = field(default_factory=list)


@dataclass
class Hierarchy:
    """The ontology's term hierarchy, closed (each map gives *all* super-terms); its terms
    are rdflib URIRefs (``hierarchy``) or IRI strings (read from a store)."""

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
    """Compute the closed class/property hierarchy declared in ``ontology`` (rdflib terms)."""
    from rdflib import RDF, URIRef

    def named(*terms) -> bool:
        return all(isinstance(t, URIRef) for t in terms)

    axioms = [(kind, a, b, both) for axiom, kind, both in _AXIOMS
              for a, b in ontology.subject_objects(URIRef(axiom)) if named(a, b)]
    typed = [(kind, p) for kind in ("TransitiveProperty", "SymmetricProperty")
             for p in ontology.subjects(RDF.type, URIRef(OWL + kind)) if named(p)]
    return _hierarchy(axioms, typed)


def _hierarchy(axioms, typed) -> Hierarchy:
    """The closed hierarchy of ``axioms`` ((edge kind, a, b, both ways)) and ``typed``
    properties ((TransitiveProperty or SymmetricProperty, p)); terms of any one kind."""
    edges: dict[str, dict] = {"class": defaultdict(set), "property": defaultdict(set),
                              "inverse": defaultdict(set)}
    for kind, a, b, both_ways in axioms:
        edges[kind][a].add(b)
        if both_ways:
            edges[kind][b].add(a)
    return Hierarchy(
        superclasses=_closure(edges["class"]),
        superproperties=_closure(edges["property"]),
        inverses={p: frozenset(qs) for p, qs in edges["inverse"].items()},
        transitive=frozenset(p for kind, p in typed if kind == "TransitiveProperty"),
        symmetric=frozenset(p for kind, p in typed if kind == "SymmetricProperty"),
    )


def _iri(term) -> str:
    return f"<{term}>"


def _property_steps(h: Hierarchy) -> tuple[set, set, set]:
    """Every property derivation of the hierarchy, closed: pairs (p, q) such that a
    triple ``s p o`` entails ``s q o`` for any object (``forward``), only when ``o`` is
    not a literal because the chain passes through an inverse or a symmetric property
    (``forward_iri``), or ``o q s`` (``inverted``, never for a literal ``o``).
    rdf:type is not a property here: types go up the class hierarchy."""
    forward: set = set()
    forward_iri: set = set()
    inverted: set = set()
    for p in h.properties:
        if str(p) == RDF_TYPE:
            continue
        seen = {(p, False, False)}
        stack = [(p, False, False)]
        while stack:
            q, inv, via = stack.pop()
            nexts = [(sup, inv, via) for sup in h.superproperties.get(q, ())]
            nexts += [(r, not inv, True) for r in h.inverses.get(q, ())]
            if q in h.symmetric:
                nexts.append((q, not inv, True))
            for state in nexts:
                if state not in seen:
                    seen.add(state)
                    stack.append(state)
        for q, inv, via in seen:
            if str(q) == RDF_TYPE or (q == p and not inv):
                continue
            (inverted if inv else forward_iri if via else forward).add((p, q))
    forward_iri -= forward
    return forward, forward_iri, inverted


class _StoreReasoner:
    """The targeted profile run inside the pyoxigraph store: SPARQL updates whose WHERE
    reads the union of every named graph (``USING``) and inserts only what no graph holds
    yet, in graph/inferred.  No triple crosses into Python."""

    def __init__(self, store, h: Hierarchy, needs: Needs | None = None,
                 rules: list[tuple[str, str]] | None = None) -> None:
        import pyoxigraph as ox

        self.ox = ox
        self.store = store
        self.h = h
        self.inferred = ox.NamedNode(_INFERRED)
        forward, forward_iri, inverted = _property_steps(h)
        pairs = {(c, s) for c, ss in h.superclasses.items() for s in ss}
        transitive = set(h.transitive)
        self.rules = list(rules or [])
        if needs is not None and needs.predicate_patterns:
            needs = _resolve_predicates(store, needs, forward | forward_iri | inverted, transitive,
                                        self.rules)
        if needs is not None and needs.class_patterns and needs.classes is not None:
            needs = _resolve_classes(store, needs, forward | forward_iri | inverted, transitive,
                                     self.rules)
        objects = sorted(needs.objects) if needs is not None else []
        by_object = (forward, forward_iri, inverted, {(c, d) for c, d in pairs if str(d) in objects})
        if needs is not None:
            if objects:  # transitive chains may end at an object: their properties are seen whole
                needs = replace(needs, predicates=needs.predicates | {str(p) for p in transitive})
            forward, forward_iri, inverted, pairs, transitive, self.rules = _restrict(
                needs, forward, forward_iri, inverted, pairs, transitive, self.rules)
        if objects:  # the triples with these objects, whatever their predicate
            pairs = pairs | by_object[3]
        self.targets: dict[str, set[str]] = defaultdict(set)  # predicate -> what steps derive
        for p, q in forward | forward_iri | inverted | (by_object[0] | by_object[1] | by_object[2]
                                                       if objects else set()):
            self.targets[str(p)].add(str(q))
        pairs = sorted(pairs)
        target = _iri(_INFERRED)

        def values(rows) -> str:
            return " ".join(f"({_iri(a)} {_iri(b)})" for a, b in sorted(rows))

        self.steps: list[str] = []
        if forward:
            self.steps.append(
                f"INSERT {{ GRAPH {target} {{ ?s ?q ?o }} }} WHERE {{ VALUES (?p ?q) {{ {values(forward)} }} "
                "{SOURCE} { ?s ?p ?o } FILTER NOT EXISTS { GRAPH ?x { ?s ?q ?o } } }")
        if forward_iri:
            self.steps.append(
                f"INSERT {{ GRAPH {target} {{ ?s ?q ?o }} }} WHERE {{ VALUES (?p ?q) {{ {values(forward_iri)} }} "
                "{SOURCE} { ?s ?p ?o } FILTER(!isLiteral(?o)) FILTER NOT EXISTS { GRAPH ?x { ?s ?q ?o } } }")
        if inverted:
            self.steps.append(
                f"INSERT {{ GRAPH {target} {{ ?o ?q ?s }} }} WHERE {{ VALUES (?p ?q) {{ {values(inverted)} }} "
                "{SOURCE} { ?s ?p ?o } FILTER(!isLiteral(?o)) FILTER NOT EXISTS { GRAPH ?x { ?o ?q ?s } } }")
        if pairs:
            self.steps.append(
                f"INSERT {{ GRAPH {target} {{ ?s a ?d }} }} WHERE {{ VALUES (?c ?d) {{ {values(pairs)} }} "
                "{SOURCE} { ?s a ?c } FILTER NOT EXISTS { GRAPH ?x { ?s a ?d } } }")
        if objects:
            # the same steps, for the triples they give whose object is one of ``objects``
            # (steps above them give the same triple again: FILTER NOT EXISTS skips it)
            these = " ".join(_iri(o) for o in objects)
            forward_o, forward_iri_o, inverted_o, _ = by_object
            if forward_o:
                self.steps.append(
                    f"INSERT {{ GRAPH {target} {{ ?s ?q ?o }} }} WHERE {{ VALUES ?o {{ {these} }} "
                    f"VALUES (?p ?q) {{ {values(forward_o)} }} "
                    "{SOURCE} { ?s ?p ?o } FILTER NOT EXISTS { GRAPH ?x { ?s ?q ?o } } }")
            if forward_iri_o:
                self.steps.append(
                    f"INSERT {{ GRAPH {target} {{ ?s ?q ?o }} }} WHERE {{ VALUES ?o {{ {these} }} "
                    f"VALUES (?p ?q) {{ {values(forward_iri_o)} }} "
                    "{SOURCE} { ?s ?p ?o } FILTER NOT EXISTS { GRAPH ?x { ?s ?q ?o } } }")
            if inverted_o:
                self.steps.append(
                    f"INSERT {{ GRAPH {target} {{ ?o ?q ?s }} }} WHERE {{ VALUES ?s {{ {these} }} "
                    f"VALUES (?p ?q) {{ {values(inverted_o)} }} "
                    "{SOURCE} { ?s ?p ?o } FILTER(!isLiteral(?o)) FILTER NOT EXISTS { GRAPH ?x { ?o ?q ?s } } }")
        self.transitive = [
            f"INSERT {{ GRAPH {target} {{ ?s {_iri(p)} ?z }} }} {{USING}} WHERE {{ "
            f"?s {_iri(p)} ?o . ?o {_iri(p)}+ ?z FILTER NOT EXISTS {{ ?s {_iri(p)} ?z }} }}"
            for p in sorted(transitive)]
        self.transitive_predicates = {str(p) for p in transitive}

    def reachable(self, predicates: set[str]) -> set[str]:
        """The predicates ``close`` may add triples of, from new triples of ``predicates``."""
        out = set(predicates)
        for p in predicates:
            out |= self.targets.get(p, set())
        if out & self.transitive_predicates:
            out |= self.transitive_predicates
        return out

    def count(self) -> int:
        result = self.store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {_iri(_INFERRED)} {{ ?s ?p ?o }} }}")
        return int(next(iter(result))[0].value)

    def _run(self, template: str, source: str | None) -> None:
        if "{USING}" in template:  # the union of every named graph as the default graph
            # the per-statement provenance graphs are about the data, not part of it
            graphs = " ".join(f"USING {g}" for g in sorted(str(n) for n in self.store.named_graphs()
                                                           if not _is_provenance_graph(n.value)))
            template = template.replace("{USING}", graphs)
        self.store.update(template.replace("{SOURCE}", f"GRAPH {_iri(source) if source else '?g'}"))

    def close(self, source: str | None = None) -> None:
        """Apply the hierarchy to the triples of ``source`` (a graph IRI; None: all of
        them), then to its consequences, until nothing new appears."""
        while True:
            before = self.count()
            for step in self.steps:
                self._run(step, source)
            for step in self.transitive:
                self._run(step, None)
            if not self.transitive or self.count() == before:
                return
            source = None  # transitive chains: go round again over everything

    def add(self, triples) -> list:
        """Add the triples no graph holds to graph/inferred; return those added."""
        ox = self.ox
        added = []
        seen = set()
        for t in triples:
            if isinstance(t.subject, ox.Literal) or t in seen:
                continue
            seen.add(t)
            if next(iter(self.store.quads_for_pattern(t.subject, t.predicate, t.object, None)), None) is None:
                added.append(t)
        self.store.extend([ox.Quad(t.subject, t.predicate, t.object, self.inferred) for t in added])
        return added


def _derivable(steps: set, transitive: set, rules: list[tuple[str, str]]) -> set[str] | None:
    """The predicates some step or rule can add triples of; None: any (a rule the scan
    does not read, or whose template has a variable predicate)."""
    derivable = {str(q) for _, q in steps} | {str(p) for p in transitive}
    for _, text in rules:
        found = scan(text)
        if not found.complete or found.any_predicate:
            return None
        derivable |= found.template_iris
    return derivable


def _resolve_predicates(store, needs: Needs, steps: set, transitive: set,
                        rules: list[tuple[str, str]]) -> Needs | None:
    """``needs`` with the predicates of its ``predicate_patterns`` read from the store: the
    objects of ``?s P ?o``.  Only when no step or rule can infer a ``P`` triple (then the
    asserted ones are all there will be); else None (every predicate)."""
    import pyoxigraph as ox

    derivable = _derivable(steps, transitive, rules)
    if derivable is None or needs.predicate_patterns & derivable:
        return None
    found = {q.object.value for p in needs.predicate_patterns
             for q in store.quads_for_pattern(None, ox.NamedNode(p), None, None)
             if isinstance(q.object, ox.NamedNode)}
    # a verb that may be rdf:type matches rdf:type triples of any class
    classes = None if needs.classes is None or RDF_TYPE in found else needs.classes
    return Needs(needs.predicates | found, classes, needs.class_patterns, needs.all_rules)


def _resolve_classes(store, needs: Needs, steps: set, transitive: set,
                     rules: list[tuple[str, str]]) -> Needs:
    """``needs`` with the classes of its ``class_patterns`` read from the store: the
    subjects of ``?c P O``.  Only when no step or rule can infer a ``P`` triple (then the
    asserted ones are all there will be); else any class."""
    import pyoxigraph as ox

    derivable = _derivable(steps, transitive, rules)
    if derivable is None:
        return Needs(needs.predicates, None, all_rules=needs.all_rules)
    classes = set(needs.classes)
    for p, o in needs.class_patterns:
        if p in derivable:
            return Needs(needs.predicates, None, all_rules=needs.all_rules)
        classes |= {q.subject.value for q in store.quads_for_pattern(
            None, ox.NamedNode(p), ox.NamedNode(o), None) if isinstance(q.subject, ox.NamedNode)}
    return Needs(needs.predicates, frozenset(classes), all_rules=needs.all_rules)


def _restrict(needs: Needs, forward: set, forward_iri: set, inverted: set, pairs: set,
              transitive: set, rules: list[tuple[str, str]]):
    """The steps and rules whose output ``needs`` can see, and those their inputs come
    from, recursively (each rule's inputs: every IRI it names)."""
    preds = set(needs.predicates)
    classes = None if needs.classes is None else set(needs.classes)
    kept_rules: set[str] = set()
    scans = {name: scan(text) for name, text in rules}
    steps = [(p, q, kind) for kind, group in (("f", forward), ("i", forward_iri), ("v", inverted))
             for p, q in group]
    while True:
        size = (len(preds), None if classes is None else len(classes), len(kept_rules))
        for p, q, _ in steps:
            if str(q) in preds:
                preds.add(str(p))
        if RDF_TYPE in preds:
            for c, d in pairs:
                if classes is None or str(d) in classes:
                    if classes is not None:
                        classes.add(str(c))
        for name, found in scans.items():
            if name in kept_rules:
                continue
            unknown = not found.complete or found.any_predicate or found.any_class
            out = found.template_iris
            if (unknown or needs.all_rules or out & preds or (classes is None and RDF_TYPE in out)
                    or (classes is not None and out & classes)):
                kept_rules.add(name)
                if unknown:
                    return forward, forward_iri, inverted, pairs, transitive, rules
                preds |= found.iris
                if classes is not None:
                    classes |= found.iris
        if size == (len(preds), None if classes is None else len(classes), len(kept_rules)):
            break
    keep = {(p, q) for p, q, _ in steps if str(q) in preds}
    return (forward & keep, forward_iri & keep, inverted & keep,
            {(c, d) for c, d in pairs if RDF_TYPE in preds and (classes is None or str(d) in classes)},
            {p for p in transitive if str(p) in preds},
            [(name, text) for name, text in rules if name in kept_rules])


def _store_hierarchy(store) -> Hierarchy:
    """The hierarchy of graph/ontology, read from the store (IRIs as plain strings)."""
    import pyoxigraph as ox

    g = ox.NamedNode(_ONTOLOGY)
    axioms = [(kind, q.subject.value, q.object.value, both) for axiom, kind, both in _AXIOMS
              for q in store.quads_for_pattern(None, ox.NamedNode(axiom), None, g)
              if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode)]
    typed = [(kind, q.subject.value) for kind in ("TransitiveProperty", "SymmetricProperty")
             for q in store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), ox.NamedNode(OWL + kind), g)
             if isinstance(q.subject, ox.NamedNode)]
    return _hierarchy(axioms, typed)


def _is_provenance_graph(iri: str) -> bool:
    """``ctoc_kg.provenance.is_provenance_graph`` (tests/test_reason.py: the same answers)."""
    return iri.startswith(GRAPH_NS) and iri.endswith(_PROVENANCE_SUFFIX)


def _owlrl(ds: Dataset, inferred: Graph, profile: str, result: "ReasoningResult") -> int:
    import owlrl  # slow import: only for these profiles
    from rdflib import RDF, Graph, Literal, URIRef

    semantics = owlrl.RDFS_Semantics if profile == "rdfs" else owlrl.OWLRL_Semantics
    copy = Graph()
    for g in ds.graphs():
        if str(g.identifier) != _INFERRED:
            for t in g:
                copy.add(t)
    before = set(copy)
    owlrl.DeductiveClosure(semantics).expand(copy)
    result.inconsistencies = inconsistencies(copy)
    errors = set(copy.subjects(RDF.type, URIRef(OWLRL_ERRORS + "ErrorMessage")))
    count = 0
    for t in copy:
        # owlrl writes what it finds inconsistent as triples: reported, never stored
        if t not in before and not isinstance(t[0], Literal) and t[0] not in errors:
            inferred.add(t)
            count += 1
    return count


def inconsistencies(closure: Graph) -> list[str]:
    """What owlrl's closure says is inconsistent: its error messages, and the members
    of owl:Nothing (a node in two disjoint classes)."""
    from rdflib import OWL, RDF, URIRef

    found = sorted(str(m) for e in closure.subjects(RDF.type, URIRef(OWLRL_ERRORS + "ErrorMessage"))
                   for m in closure.objects(e, URIRef(OWLRL_ERRORS + "error")))
    found += sorted(f"{n} is a member of owl:Nothing" for n in closure.subjects(RDF.type, OWL.Nothing)
                    if n != OWL.Nothing)
    return found


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


_IRI_TOKEN = re.compile(r'<([^<>"{}|^`\\\s]*)>')
_PREFIX_DECL = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^<>]*)>", re.IGNORECASE)


@functools.lru_cache(maxsize=64)
def _rule_inputs(text: str) -> frozenset[str] | None:
    """Every IRI a rule names (prefixed names expanded; ``a`` is rdf:type), a superset of
    the predicates whose triples its answer depends on; None when that cannot be told
    from the text (a variable or negated property in predicate position may match any
    predicate), so the rule is always evaluated again.  Remembered for each text (an
    immutable answer of the text alone: every reasoning run reads the same rules)."""
    found = scan(text)
    if not found.complete or found.any_predicate:
        return None
    return frozenset(found.iris)


@dataclass(frozen=True)
class Needs:
    """The triples a query can see: those whose predicate is in ``predicates``, and of
    the rdf:type triples only those whose class is in ``classes`` (None: any class).
    ``reason(…, needs=…)`` infers exactly the entailments of the full profile that are
    among them (and whatever they are derived from), nothing else."""

    predicates: frozenset[str]
    classes: frozenset[str] | None
    # (P, O): the subjects of ``?c P O`` are classes too (``?x a ?c . ?c P O`` in a query),
    # looked up in the store when reasoning starts (any class if P can be inferred)
    class_patterns: frozenset[tuple[str, str]] = frozenset()
    # every rule (and what it reads) is needed: the query sees the graph's nodes (a path
    # of length zero), and only rules make nodes (the hierarchy relates existing ones)
    all_rules: bool = False
    # P: the objects of ``?s P ?o`` are predicates too (``?s P ?v . ?x ?v ?y`` in a query),
    # looked up in the store when reasoning starts (all predicates if P can be inferred)
    predicate_patterns: frozenset[str] = frozenset()
    # IRIs O: every triple whose object is O, whatever its predicate (``?x ?v O``); its
    # entailments come from the triples with object O (up the property hierarchy), with
    # subject O (inverses), typed by a sub-class of O, from transitive chains and rules
    objects: frozenset[str] = frozenset()

    @classmethod
    def of_query(cls, text: str, bindings: dict | None = None) -> "Needs | None":
        """What the SPARQL ``text`` can see, its variables ``bindings`` (name -> term)
        bound to constants; None when it may see any triple (a variable predicate, a
        text the scanner does not read)."""
        bindings = bindings or {}
        found = scan(text, set(bindings))
        if not found.complete or found.kind not in ("SELECT", "ASK") or (
                found.any_predicate and found.verb_patterns is None):
            return None
        bound = {name: _iri_of(term) for name, term in bindings.items()}
        objects = set(found.verb_objects) | {bound.get(v) for v in found.verb_object_vars}
        if None in objects:  # a literal (or unknown) object: any predicate, any entailment
            return None
        iris = set(found.iris) | {iri for iri in bound.values() if iri is not None} | found.verb_values
        any_class = (found.any_class or RDF_TYPE in found.verb_values
                     or any(bound[v] == RDF_TYPE for v in found.bound_verbs))
        # any rule may make a triple with one of the objects: every rule is kept
        return cls(frozenset(iris), None if any_class else frozenset(iris | found.class_values),
                   frozenset(found.class_patterns), found.zero_length or bool(objects),
                   frozenset(found.verb_patterns or ()), frozenset(objects))


def _iri_of(term) -> str | None:
    """The IRI of a pyoxigraph NamedNode or an rdflib URIRef; None for anything else."""
    import sys

    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return term.value
    rdflib = sys.modules.get("rdflib")  # an rdflib term exists only once rdflib is loaded
    return str(term) if rdflib is not None and isinstance(term, rdflib.URIRef) else None


def _lifecycle_order(store, ox) -> list | None:
    """The triples of the shipped rule ``construct-lifecycle-order.rq``, computed from one
    SELECT of its inputs: per body, its events sorted by (instrument key, IRI), each one
    following the one just before it.  The rule's FILTER NOT EXISTS makes Oxigraph compare
    every triple of events (seconds at 100k triples); this is linear.  None when an
    event is not an IRI (the SPARQL's STR comparisons then behave differently): the
    caller evaluates the rule itself."""
    rows = store.query(
        "PREFIX ctoc: <https://w3id.org/ctoc-kg/ontology#> SELECT DISTINCT ?event ?body ?number "
        "WHERE { ?event ctoc:establishes|ctoc:changes ?body ; "
        "ctoc:inInstrument/ctoc:instrumentNumber ?number . }",
        use_default_graph_as_union=True)
    limit = 2 ** 63 - 1  # Oxigraph's xsd:integer is 64-bit: beyond, the rule's BIND fails
    by_body: dict = defaultdict(set)
    for event, body, number in rows:
        if not isinstance(event, ox.NamedNode):
            return None
        if isinstance(number, ox.BlankNode):
            continue  # STR(blank node) is an error: the FILTER drops the row
        m = _RULE_NUMBER.fullmatch(number.value)
        if m is None:
            continue
        session, sequence = int(m.group(1)), int(m.group(2))
        if session > limit or sequence > limit or session * 100000 > limit \
                or session * 100000 + sequence > limit:
            continue
        by_body[body].add((session * 100000 + sequence, event.value, event))
    follows = ox.NamedNode("https://w3id.org/ctoc-kg/ontology#follows")
    out = []
    for events in by_body.values():
        ordered = sorted(events, key=lambda e: (e[0], e[1]))
        out += [ox.Triple(later[2], follows, earlier[2]) for earlier, later in zip(ordered, ordered[1:])]
    return out


_RULE_NUMBER = re.compile(r"([0-9]+)/([0-9]+)")
# shipped rules computed natively: the SHA-256 of the rule's text -> the function giving
# exactly its CONSTRUCT's triples (tests/test_reason.py compares both on the shipped graph
# and a generated corpus); another text (an edited rule) runs as SPARQL
_NATIVE = {"construct-lifecycle-order": _lifecycle_order}


def _native(name: str, text: str):
    fn = _NATIVE.get(name)
    if fn is None:
        return None
    try:
        shipped = [p.read_text(encoding="utf-8") for p in resources.rule_files() if p.stem == name]
    except (CtocError, OSError):
        return None
    return fn if text in shipped else None


def _evaluate_rule(reasoner: _StoreReasoner, name: str, text: str, native: bool = True):
    if native:
        fn = _native(name, text)
        if fn is not None:
            produced = fn(reasoner.store, reasoner.ox)
            if produced is not None:
                return produced
    try:
        produced = reasoner.store.query(text, use_default_graph_as_union=True)
    except (SyntaxError, OSError, ValueError) as e:  # a malformed rule is a project bug
        raise CtocError(f"rule {name}: {e}") from e
    if not isinstance(produced, reasoner.ox.QueryTriples):
        raise CtocError(f"rule {name}: not a CONSTRUCT query")
    return produced


def _apply_rules(reasoner: _StoreReasoner, rules: list[tuple[str, str]],
                 result: ReasoningResult, *, push: bool) -> None:
    """Run the rules in rounds until none adds anything.  A rule is evaluated again only
    when a triple whose predicate it names was added since its last evaluation (its
    answer is otherwise the same, and already stored)."""
    store = reasoner.store
    delta = "urn:ctoc-kg:reasoning-delta"
    inputs = {name: _rule_inputs(text) for name, text in rules}
    changed: dict[str, set | None] = {name: None for name, _ in rules}  # None: everything
    for _ in range(MAX_ROUNDS):
        result.rounds += 1
        added = []
        for name, text in rules:
            needs = inputs[name]
            since = changed[name]
            if needs is not None and since is not None and not (needs & since):
                continue
            changed[name] = set()
            new = reasoner.add(_evaluate_rule(reasoner, name, text))
            added += new
            result.by_rule[name] = result.by_rule.get(name, 0) + len(new)
            _mark(changed, {t.predicate.value for t in new}, reasoner)
        if not added:
            return
        if not push:
            continue
        # push the rules' output through the hierarchy too
        g = reasoner.ox.NamedNode(delta)
        store.extend([reasoner.ox.Quad(t.subject, t.predicate, t.object, g) for t in added])
        try:
            reasoner.close(delta)
        finally:
            store.remove_graph(g)
        _mark(changed, reasoner.reachable({t.predicate.value for t in added}), reasoner)


def _mark(changed: dict, predicates: set, reasoner: _StoreReasoner) -> None:
    for name, since in changed.items():
        if since is not None:
            since |= predicates


def reason(ds: Dataset, profile: str = "targeted", *,
           rules: Sequence[str | PathLike[str]] | None = None,
           needs: Needs | None = None, final: bool = False) -> ReasoningResult:
    """Add inferred triples to the named graph ``graph/inferred`` of ``ds``.

    ``rules`` are CONSTRUCT query files (default: the shipped
    ``queries/rules/construct-*.rq``; pass ``[]`` for none).  ``needs`` (targeted
    profile only): infer only the triples a query can see (``Needs.of_query``) — the
    same ones the full profile infers among them, found by fewer steps and rules.
    ``final`` (targeted profile): ``ds`` is not changed after this call, only queried
    (``ctoc_kg.dataset.mark_inferred_apart``).
    """
    if profile not in PROFILES:
        raise CtocError(f"unknown reasoning profile {profile!r} (one of {', '.join(PROFILES)})")
    import pyoxigraph as ox

    if profile != "targeted" and not _is_dataset(ds):
        raise CtocError(f"the {profile} profile reasons on an rdflib Dataset, not a bare store")

    from ctoc_kg.dataset import oxigraph_store

    start = time.perf_counter()
    result = ReasoningResult(profile)
    store = oxigraph_store(ds)
    inferred_graph = ox.NamedNode(_INFERRED)
    if inferred_graph in set(store.named_graphs()):
        store.remove_graph(inferred_graph)
    rule_texts = read_rules(rules)
    # triples of the default graph take part through a named copy, removed afterwards
    default = ox.NamedNode("urn:ctoc-kg:reasoning-default")
    has_default = next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None
    if has_default:
        store.update(f"ADD DEFAULT TO {_iri(default.value)}")
    try:
        reasoner = _StoreReasoner(store, _store_hierarchy(store),
                                  needs if profile == "targeted" else None, rule_texts)
        rule_texts = reasoner.rules
        if profile == "targeted":
            reasoner.close()
        else:
            from rdflib import URIRef

            _owlrl(ds, ds.graph(URIRef(_INFERRED)), profile, result)
        if rule_texts:
            _apply_rules(reasoner, rule_texts, result, push=profile == "targeted")
    finally:
        if has_default:
            store.remove_graph(default)
    result.inferred = reasoner.count()
    if profile == "targeted":  # every triple it added is new to every graph
        mark_inferred_apart(ds, final=final)
    result.seconds = time.perf_counter() - start
    return result


def _is_dataset(ds) -> bool:
    """Is ``ds`` an rdflib Dataset (not a ``ctoc_kg.dataset.Bare`` store)?"""
    import sys

    rdflib = sys.modules.get("rdflib")  # no rdflib loaded: no rdflib Dataset exists
    return rdflib is not None and isinstance(ds, rdflib.Dataset)
