"""Shared helpers for the tests (no __init__.py: tests are not a package)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_ONTOLOGY = FIXTURES / "ontology.ttl"
FIXTURE_DATA = FIXTURES / "data.ttl"
FIXTURE_RULES = sorted((FIXTURES / "rules").glob("construct-*.rq"))


def console_script() -> str:
    """The installed ``ctoc-kg`` script (beside this interpreter, else on PATH)."""
    found = shutil.which("ctoc-kg", path=str(Path(sys.executable).parent)) or shutil.which("ctoc-kg")
    assert found, "the ctoc-kg console script is not installed"
    return found


def run(args: list[str], cwd: Path, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300, **kw)


@pytest.fixture
def fixture_dataset():
    """The fixture ontology (graph/ontology) and data (graph/data), no shipped data."""
    from ctoc_kg.dataset import ONTOLOGY_GRAPH, graph_iri, load_file, new_dataset

    ds = new_dataset()
    load_file(ds, FIXTURE_ONTOLOGY, ONTOLOGY_GRAPH)
    load_file(ds, FIXTURE_DATA, graph_iri("data"))
    return ds
