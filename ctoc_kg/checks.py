"""Checks: SPARQL queries that must return no rows (``queries/checks/*-violation.rq``).

Each check file opens with a header comment (``# title:``, ``# question (en):`` …) and
selects one row per fault: ``?term`` (or ``?focus``, ``?path``, ``?value``) and
``?message`` (``?messageFr`` too where it has one).  ``ontology-*`` checks look at the
ontology graph, ``data-*`` checks at the data (``validate`` runs them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path

from rdflib import Graph

from ctoc_kg import resources
from ctoc_kg.errors import CtocError
from ctoc_kg.query import parse_header


@dataclass
class CheckResult:
    """The outcome of one check: its name, title and the rows it found (variable -> term)."""

    name: str  # file stem, e.g. ontology-header-violation
    title: str
    rows: list[dict] = field(default_factory=list)

    @property
    def faults(self) -> list[tuple[str, str]]:
        """``(term, message)`` of each fault, sorted and distinct."""
        return sorted({(str(r.get("term", r.get("focus"))), str(r.get("message"))) for r in self.rows})

    @property
    def passed(self) -> bool:
        return not self.rows


def run_check(graph: Graph, path: str | PathLike[str]) -> CheckResult:
    """Run one check file on ``graph`` (``CtocError`` if the query does not run)."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    try:
        rows = [row.asdict() for row in graph.query(text)]
    except Exception as e:  # a broken check file is a fault of the installation, exit 2
        raise CtocError(f"{path}: the check query does not run: {e}") from e
    return CheckResult(path.stem, parse_header(text, path.stem, path).title or path.stem, rows)


def run_checks(graph: Graph, paths: list[Path] | None = None, *, prefix: str = "") -> list[CheckResult]:
    """Run the shipped checks (or ``paths``) whose file name starts with ``prefix``."""
    paths = resources.check_files() if paths is None else paths
    return [run_check(graph, p) for p in paths if Path(p).name.startswith(prefix)]
