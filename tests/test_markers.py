"""The marker contract (docs/testing.md): the markers pyproject registers are the ones the
quick run leaves out, CI runs the README's test command, and a test that starts a
server, a Java engine or a browser says so with its marker — read from the tests' source,
through the fixtures they request, so a new test cannot slip into the quick run."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest

from conftest import EXTRA_MARKERS, REPO

TESTS = Path(__file__).resolve().parent

# What makes a test need a marker: a name it (or a fixture it requests) uses.
NEEDS = {
    "server": {"oxigraph_server", "OxigraphServer", "virtuoso_server", "VirtuosoServer"},
    "java": {"Jena", "TopQuadrant"},
    "browser": {"webdriver"},
}
# ... or a string it passes (a script that starts a Java engine).
NEEDS_STRINGS = {"java": {"dl_check.py"}}


def _is_fixture(fn: ast.FunctionDef) -> bool:
    for d in fn.decorator_list:
        target = d.func if isinstance(d, ast.Call) else d
        if isinstance(target, ast.Attribute) and target.attr == "fixture":
            return True
    return False


def _marks(decorators: list[ast.expr]) -> set[str]:
    """``@pytest.mark.NAME`` (called or not) among decorators or a ``pytestmark`` value."""
    out = set()
    for d in decorators:
        target = d.func if isinstance(d, ast.Call) else d
        if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Attribute) \
                and target.value.attr == "mark":
            out.add(target.attr)
    return out


def _uses(fn: ast.FunctionDef) -> set[str]:
    """The markers a function's own body calls for."""
    names, strings = set(), set()
    for node in ast.walk(fn):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            strings.add(node.value)
    needed = {m for m, triggers in NEEDS.items() if names & triggers}
    needed |= {m for m, triggers in NEEDS_STRINGS.items() if any(t in s for s in strings for t in triggers)}
    return needed


def _params(fn: ast.FunctionDef) -> list[str]:
    return [a.arg for a in fn.args.args]


def unmarked(source: str) -> list[tuple[str, str]]:
    """(test, marker) for each test of a module that needs a marker it does not carry."""
    tree = ast.parse(source)
    module_marks: set[str] = set()
    functions: dict[str, ast.FunctionDef] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "pytestmark"
                                                for t in node.targets):
            value = node.value
            module_marks |= _marks(value.elts if isinstance(value, (ast.List, ast.Tuple)) else [value])
        elif isinstance(node, ast.FunctionDef):
            functions[node.name] = node
    fixtures = {name: fn for name, fn in functions.items() if _is_fixture(fn)}

    def needs(name: str, seen: frozenset = frozenset()) -> set[str]:
        fn = functions[name]
        out = _uses(fn)
        for p in _params(fn):
            if p in fixtures and p not in seen:
                out |= needs(p, seen | {name})
        return out

    missing = []
    for name, fn in functions.items():
        if name.startswith("test_") and not _is_fixture(fn):
            have = module_marks | _marks(fn.decorator_list)
            missing += [(name, m) for m in sorted(needs(name) - have)]
    return missing


def test_the_registered_markers_are_the_ones_the_quick_run_leaves_out():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    pytest_options = config["tool"]["pytest"]["ini_options"]
    registered = {m.split(":")[0].strip() for m in pytest_options["markers"]}
    assert registered == set(EXTRA_MARKERS)
    assert "--strict-markers" in pytest_options["addopts"].split()


def test_ci_runs_the_readmes_test_command():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    command = re.search(r"^\s*(python3 -m pip install '\.\[test\]' && python3 -m pytest -q)\s*$",
                        readme, flags=re.M)
    assert command, "README.md no longer shows the test command"
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert command.group(1) in [line.strip() for line in ci]


# this file is left out: its own example below names the triggers on purpose
@pytest.mark.parametrize("path", sorted(p for p in TESTS.glob("test_*.py") if p.name != Path(__file__).name),
                         ids=lambda p: p.name)
def test_tests_that_start_servers_java_or_a_browser_are_marked(path):
    assert unmarked(path.read_text(encoding="utf-8")) == []


def test_the_contract_check_sees_a_missing_marker_through_a_fixture():
    source = '''
import pytest
from store_helpers import oxigraph_server

@pytest.fixture
def store(tmp_path):
    with oxigraph_server(tmp_path) as s:
        yield s

@pytest.fixture
def loaded(store):
    return store

def test_unmarked(loaded):
    pass

@pytest.mark.server
def test_marked(loaded):
    pass

def test_java(tmp_path):
    subprocess.run([sys.executable, "scripts/owl/dl_check.py"])

def test_browser(site):
    driver = webdriver.Chrome()

def test_plain(tmp_path):
    pass
'''
    assert unmarked(source) == [("test_unmarked", "server"), ("test_java", "java"), ("test_browser", "browser")]
    assert unmarked("import pytest\npytestmark = [pytest.mark.server]\n" + source.split("import pytest", 1)[1]) \
        == [("test_java", "java"), ("test_browser", "browser")]
