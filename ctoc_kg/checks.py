"""Checks: SPARQL queries that must return no rows (``queries/checks/*-violation.rq``).

Each check file opens with a header comment (``# title:``, ``# question (en):`` …) and
selects ``?term`` and ``?message``: one row per fault, naming the offending term.
``ontology-*`` checks look at the ontology graph, ``data-*`` checks at the whole dataset.
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
    """The outcome of one check: its name, title and the faults it found."""

    name: str  # file stem, e.g. ontology-header-violation
    title: str
    faults: list[tuple[str, str]] = field(default_factory=list)  # (term, message)

    @property
    def passed(self) -> bool:
        return not self.faults


def run_check(graph: Graph, path: str | PathLike[str]) -> CheckResult:
    """Run one check file on ``graph``."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    try:
        rows = graph.query(text)
    except Exception as e:  # a broken check file is a fault of the installation, exit 2
        raise CtocError(f"{path}: the check query does not run: {e}") from e
    faults = sorted({(str(r.term), str(r.message)) for r in rows})
    return CheckResult(path.stem, parse_header(text, path.stem, path).title or path.stem, faults)


def run_checks(graph: Graph, paths: list[Path] | None = None, *, prefix: str = "") -> list[CheckResult]:
    """Run the shipped checks (or ``paths``) whose file name starts with ``prefix``."""
    paths = resources.check_files() if paths is None else paths
    return [run_check(graph, p) for p in paths if Path(p).name.startswith(prefix)]
