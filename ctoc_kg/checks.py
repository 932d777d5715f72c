"""Checks: SPARQL queries that must return no rows (``queries/checks/*-violation.rq``).

Each check file opens with a header comment (``# title:``, ``# question (en):`` …) and
selects ``?term`` and ``?message``: one row per fault, naming the offending term.
``ontology-*`` checks look at the ontology graph, ``data-*`` checks at the whole dataset.
``owlrl_inconsistencies`` runs the OWL 2 RL closure of a graph and returns what owlrl
reports as inconsistent (its error messages and members of owl:Nothing).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path

import re

from rdflib import OWL, RDF, Graph, URIRef

from ctoc_kg import resources
from ctoc_kg.errors import CtocError
from ctoc_kg.namespaces import ONTOLOGY_NS


@dataclass
class CheckResult:
    """The outcome of one check: its name, title and the faults it found."""

    name: str  # file stem, e.g. ontology-header-violation
    title: str
    faults: list[tuple[str, str]] = field(default_factory=list)  # (term, message)

    @property
    def passed(self) -> bool:
        return not self.faults


def header_field(text: str, key: str) -> str:
    """The value of ``# key: value`` in a query's header comment ('' if absent)."""
    prefix = f"# {key}:"
    for line in text.splitlines():
        if line.startswith(prefix):
            return line[len(prefix):].strip()
        if line.strip() and not line.startswith("#"):
            break
    return ""


def run_check(graph: Graph, path: str | PathLike[str]) -> CheckResult:
    """Run one check file on ``graph``."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    try:
        rows = graph.query(text)
    except Exception as e:  # a broken check file is a fault of the installation, exit 2
        raise CtocError(f"{path}: the check query does not run: {e}") from e
    faults = sorted({(str(r.term), str(r.message)) for r in rows})
    return CheckResult(path.stem, header_field(text, "title") or path.stem, faults)


def run_checks(graph: Graph, paths: list[Path] | None = None, *, prefix: str = "") -> list[CheckResult]:
    """Run the shipped checks (or ``paths``) whose file name starts with ``prefix``."""
    paths = resources.check_files() if paths is None else paths
    return [run_check(graph, p) for p in paths if Path(p).name.startswith(prefix)]


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
