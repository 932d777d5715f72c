"""Checks on the repository itself, used only by tests/test_ontology_quality.py:
every ``ctoc:`` term named in the repository's text is declared, and the OWL 2 RL
closure finds nothing inconsistent."""

from __future__ import annotations

import re
from os import PathLike
from pathlib import Path

from rdflib import OWL, RDF, Graph, URIRef

from ctoc_kg.namespaces import ONTOLOGY_NS

# where owlrl records inconsistencies in the closure it computes
_OWLRL_ERRORS = "http://www.daml.org/2002/03/agents/agent-ont#"

_TERM_USE = re.compile(r"(?:\bctoc:|" + re.escape(ONTOLOGY_NS) + r")([A-Za-z_][A-Za-z0-9_]*)")
# the folders and files whose text may name ctoc: terms (tests/ holds deliberately broken fixtures)
SCANNED = ("ontology", "graph", "shapes", "queries", "contexts", "ctoc_kg", "docs", "README.md", "SECURITY.md")
_TEXT_SUFFIXES = {".ttl", ".rq", ".py", ".md", ".json", ".jsonld", ".nt", ".nq", ".trig"}


def declared_terms(ontology: Graph) -> set[str]:
    """Local names of the ctoc: terms the ontology declares."""
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, OWL.NamedIndividual)
    return {str(s)[len(ONTOLOGY_NS):] for k in kinds for s in ontology.subjects(RDF.type, k)
            if str(s).startswith(ONTOLOGY_NS)}


def undeclared_term_uses(root: str | PathLike[str], declared: set[str]) -> list[tuple[str, int, str]]:
    """``(file, line, term)`` for every ctoc: term named in the scanned text files under
    ``root`` that the ontology does not declare."""
    root = Path(root)
    found = []
    for name in SCANNED:
        top = root / name
        files = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file()) if top.is_dir() else []
        for f in files:
            if f.suffix not in _TEXT_SUFFIXES or "__pycache__" in f.parts:
                continue
            for lineno, line in enumerate(f.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
                for term in _TERM_USE.findall(line):
                    if term not in declared:
                        found.append((str(f.relative_to(root)), lineno, term))
    return found


def owlrl_inconsistencies(graph: Graph) -> list[str]:
    """Messages for what the OWL 2 RL closure of a copy of ``graph`` finds inconsistent."""
    import owlrl

    g = Graph()
    for t in graph:
        g.add(t)
    closure = owlrl.DeductiveClosure(owlrl.OWLRL_Semantics)
    closure.expand(g)
    messages = sorted(str(o) for s in g.subjects(RDF.type, URIRef(_OWLRL_ERRORS + "ErrorMessage"))
                      for o in g.objects(s, URIRef(_OWLRL_ERRORS + "error")))
    messages += sorted(f"{s} is a member of owl:Nothing" for s in g.subjects(RDF.type, OWL.Nothing))
    return messages
