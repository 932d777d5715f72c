"""Shared helpers for the tests (no __init__.py: tests are not a package)."""

from __future__ import annotations

import os
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


EXTRA_MARKERS = ("slow", "server", "browser", "java")

LINUX = sys.platform.startswith("linux")
POSIX = os.name == "posix"


def linux_only(why: str) -> pytest.MarkDecorator:
    """Skip, saying why, where the test's means exist only on Linux (/proc, ru_maxrss in KiB)."""
    return pytest.mark.skipif(not LINUX, reason=f"Linux only: {why}")


def posix_only(why: str) -> pytest.MarkDecorator:
    """Skip, saying why, where the test's means exist only on POSIX systems (FIFOs, /dev)."""
    return pytest.mark.skipif(not POSIX, reason=f"POSIX only: {why}")


def run_everything(config: pytest.Config) -> bool:
    """CI (``CI`` set to anything but empty/0/false) or an explicit ``-m`` runs every test."""
    ci = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
    return ci or bool(config.getoption("markexpr", ""))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The quick developer loop: leave out tests marked slow, server, browser or java."""
    if run_everything(config):
        return
    keep, drop = [], []
    for item in items:
        (drop if any(item.get_closest_marker(m) for m in EXTRA_MARKERS) else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def pytest_report_header(config: pytest.Config) -> str:
    if run_everything(config):
        return "ctoc-kg: running every test (CI or -m given)"
    return ("ctoc-kg: quick run, tests marked " + "/".join(EXTRA_MARKERS)
            + " deselected (set CI=true or pass -m to run them)")


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
