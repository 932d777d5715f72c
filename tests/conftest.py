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
# The quick run's budget per test (docs/testing.md): a test whose call takes more CPU
# seconds than this, unmarked, is listed at the end of the run (never failed: the speed
# of a test is not what it tests).  Mark it ``slow`` or make it cheaper.
SLOW_BUDGET = 2.0

LINUX = sys.platform.startswith("linux")
POSIX = os.name == "posix"


def linux_only(why: str) -> pytest.MarkDecorator:
    """Skip, saying why, where the test's means exist only on Linux (/proc, ru_maxrss in KiB)."""
    return pytest.mark.skipif(not LINUX, reason=f"Linux only: {why}")


def posix_only(why: str) -> pytest.MarkDecorator:
    """Skip, saying why, where the test's means exist only on POSIX systems (FIFOs, /dev)."""
    return pytest.mark.skipif(not POSIX, reason=f"POSIX only: {why}")


def pytest_configure(config: pytest.Config) -> None:
    """pytest rewrites the asserts of every module of a package that ships a pytest plugin
    (hypothesis, anyio): about a second of CPU in each worker when bytecode is not cached
    (PYTHONDONTWRITEBYTECODE, a fresh clone).  Their asserts are not ours: leave them as
    they are (the attribute is pytest's own; without it nothing changes)."""
    must_rewrite = getattr(getattr(config.pluginmanager, "rewrite_hook", None), "_must_rewrite", None)
    if isinstance(must_rewrite, set):
        must_rewrite.difference_update({"hypothesis", "anyio"})


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


def pytest_addoption(parser: pytest.Parser) -> None:
    """Without pytest-xdist (an old [test] install), accept and ignore pyproject's
    ``-n auto --dist ...``: the suite then runs in one process."""
    try:
        import xdist  # noqa: F401
    except ImportError:
        group = parser.getgroup("xdist")
        # `_addoption`: pytest keeps lowercase short options for plugins; this stands in for one
        group._addoption("-n", "--numprocesses", dest="numprocesses", default=None,
                         help="ignored: pytest-xdist is not installed")
        group.addoption("--dist", dest="dist", default="no", help="ignored: pytest-xdist is not installed")


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist, absent without it
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """``-n auto`` (pyproject): the quick run of the whole suite uses every core; CI
    (servers, Java, apt installs in order), a ``-m`` selection and a run of named files
    or tests stay in one process."""
    if run_everything(config) or config.args_source != pytest.Config.ArgsSource.TESTPATHS:
        return 0
    return None  # xdist's own count: the cores


def _cpu_seconds() -> float:
    """CPU seconds of this process and of the child processes it has waited for."""
    import resource

    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item):
    """Record the CPU seconds of the test's call (not its fixtures) in its report, where
    ``pytest_terminal_summary`` (in the controlling process too) reads them."""
    if not LINUX:  # ru_utime of children: what the budget line is measured with
        yield
        return
    start = _cpu_seconds()
    yield
    item.user_properties.append(("cpu_seconds", round(_cpu_seconds() - start, 3)))


_over_budget: list[tuple[float, str]] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when != "call" or any(m in report.keywords for m in EXTRA_MARKERS):
        return
    cpu = dict(report.user_properties).get("cpu_seconds")
    if cpu is not None and cpu > SLOW_BUDGET:
        _over_budget.append((cpu, report.nodeid))


def pytest_terminal_summary(terminalreporter) -> None:
    """List the unmarked tests over the quick run's budget (a report, never a failure)."""
    if not _over_budget:
        return
    terminalreporter.section("over the quick run's budget")
    terminalreporter.line(f"unmarked tests whose call took more than {SLOW_BUDGET:g} CPU seconds "
                          "(mark them slow or make them cheaper; docs/testing.md):")
    for cpu, nodeid in sorted(_over_budget, reverse=True):
        terminalreporter.line(f"  {cpu:6.2f} s  {nodeid}")


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
    """Run a real process (the console script, ``python -m``): for the tests whose point
    is the process itself.  Everything else uses ``invoke`` or ``ctoc``."""
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300, **kw)


def invoke(args: list[str], *, cwd: Path | None = None, env: dict | None = None):
    """Run ``ctoc-kg ARGS`` in-process with click's CliRunner (the same ``main`` the
    console script calls, without a process start); stdout and stderr kept apart.
    Returns click's ``Result`` (``exit_code``, ``stdout``, ``stderr``, ``stdout_bytes``)."""
    from click.testing import CliRunner

    from ctoc_kg.cli import main

    try:
        runner = CliRunner(mix_stderr=False)
    except TypeError:  # click >= 8.2 always separates them
        runner = CliRunner()
    here = os.getcwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        return runner.invoke(main, args, env=env, catch_exceptions=True)
    finally:
        os.chdir(here)


class Ran:
    """What ``ctoc`` returns: the fields of a finished process, from an in-process run."""

    def __init__(self, result) -> None:
        self.returncode = result.exit_code
        self.stdout = result.stdout
        self.stderr = result.stderr
        self.stdout_bytes = result.stdout_bytes
        self.exception = result.exception


def ctoc(*args: str, cwd: Path | None = None, env: dict | None = None) -> Ran:
    """``ctoc-kg ARGS`` in-process, answering like ``run`` (``returncode``, ``stdout``, ``stderr``)."""
    return Ran(invoke(list(args), cwd=cwd, env=env))


@pytest.fixture(scope="session")
def shipped_reasoned():
    """The shipped ontology and graph, loaded and reasoned (``graph/inferred``) once per
    session.  Shared: never change it (``ctoc_kg.dataset.copy`` it first)."""
    from ctoc_kg.open import open_dataset

    yield from _unchanged(open_dataset())


@pytest.fixture(scope="session")
def shipped_validation():
    """``validate()`` of the shipped graph, once per session, for the tests that only
    read the report (a test that checks how validation runs calls ``validate`` itself).
    Shared: never change it; the session fails if a test did."""
    from ctoc_kg.validate import validate

    report = validate()
    before = _report_state(report)
    yield report
    assert _report_state(report) == before, "a test changed the shared shipped_validation report"


def _report_state(report) -> tuple:
    return ([(r.key(), r.value, tuple(sorted(r.messages.items()))) for r in report.results],
            len(report.graph) if report.graph is not None else None)


@pytest.fixture
def validate_once(monkeypatch):
    """For one test: ``ctoc_kg.validate.validate`` called again on the same files (same
    path, size and modification time) with the same options returns the report of the
    first call instead of validating again — for a test that runs ``ctoc-kg validate``
    on one input in several formats.  Any other call validates."""
    import ctoc_kg.validate as module

    real = module.validate
    reports: dict = {}
    reused = []

    def key(data, kw):
        if not isinstance(data, (list, tuple)) or not all(isinstance(f, (str, os.PathLike)) for f in data):
            return None
        files = tuple((str(f), os.stat(f).st_size, os.stat(f).st_mtime_ns) for f in data)
        return files, tuple(sorted((name, repr(value)) for name, value in kw.items()))

    def validate(data=None, **kw):
        k = key(data, kw)
        if k is not None and k in reports:
            reused.append(k)
            return reports[k]
        report = real(data, **kw)
        if k is not None:
            reports[k] = report
        return report

    monkeypatch.setattr(module, "validate", validate)
    yield
    assert reused, "validate_once: the test never validated the same input twice"


@pytest.fixture
def reuse_shipped_validation(monkeypatch, shipped_validation):
    """For one test: ``ctoc_kg.validate.validate`` called on the shipped graph with every
    option at its default — what ``ctoc-kg validate`` with no FILES and no options runs —
    answers ``shipped_validation`` instead of validating again; any other call validates.
    For the tests of what the command does with the report (formats, exit codes, --output),
    which read the report and never change it."""
    import inspect

    import ctoc_kg.validate as module

    real = module.validate
    defaults = {name: p.default for name, p in inspect.signature(real).parameters.items()
                if p.default is not inspect.Parameter.empty}
    calls = []

    def validate(data=None, **kw):
        shipped = data is None and all(name in defaults and value == defaults[name] for name, value in kw.items())
        calls.append(shipped)
        return shipped_validation if shipped else real(data, **kw)

    monkeypatch.setattr(module, "validate", validate)
    yield
    assert True in calls, "reuse_shipped_validation: the test never validated the shipped graph"


@pytest.fixture(scope="session")
def shipped_asserted():
    """The shipped ontology and graph without reasoning, once per session (never change it)."""
    from ctoc_kg.open import open_dataset

    yield from _unchanged(open_dataset(reasoning=None))


def _unchanged(ds):
    from ctoc_kg.dataset import oxigraph_store

    before = len(oxigraph_store(ds))
    yield ds
    assert len(oxigraph_store(ds)) == before, "a test changed a shared session dataset"


@pytest.fixture
def fixture_dataset():
    """The fixture ontology (graph/ontology) and data (graph/data), no shipped data."""
    from ctoc_kg.dataset import ONTOLOGY_GRAPH, graph_iri, load_file, new_dataset

    ds = new_dataset()
    load_file(ds, FIXTURE_ONTOLOGY, ONTOLOGY_GRAPH)
    load_file(ds, FIXTURE_DATA, graph_iri("data"))
    return ds
