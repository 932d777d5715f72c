"""The one canonical Turtle writer for the repository's ``.ttl`` files (``ctoc-kg fmt``).

``canonical_turtle`` serialises with rdflib's ``longturtle`` and ``canon=True``
(rdflib 7.6: blank nodes are relabelled by ``rdflib.compare.to_canonical_graph``,
subjects, predicates, objects and prefixes are written in sorted order), so the
bytes depend only on the graph and the prefixes.  rdflib is pinned to 7.6.x in
``pyproject.toml`` so that these bytes do not change under us.

Prefixes: the fixed set ``namespaces.PREFIXES`` plus those the input file declares (the fixed
set wins a clash of prefix name or namespace).  longturtle writes only the
prefixes that are used.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from os import PathLike
from pathlib import Path

from rdflib import Graph

from ctoc_kg.dataset import read_quads
from ctoc_kg.errors import CtocError, InputError
from ctoc_kg.files import write_atomic
from ctoc_kg.namespaces import PREFIXES

# Folders of the repository whose .ttl files `ctoc-kg fmt` rewrites by default.
DEFAULT_FOLDERS = ("ontology", "graph", "shapes", "tests/fixtures")


def canonical_turtle(graph: Graph, prefixes: dict[str, str] | None = None) -> bytes:
    """The canonical Turtle bytes of ``graph``.

    ``prefixes`` (default: those bound in ``graph``) are added to ``PREFIXES``.
    """
    if prefixes is None:
        prefixes = {p: str(ns) for p, ns in graph.namespaces()}
    out = Graph(bind_namespaces="none")
    fixed_ns = set(PREFIXES.values())
    for prefix, ns in sorted(prefixes.items()):
        if prefix and prefix not in PREFIXES and ns not in fixed_ns:
            out.bind(prefix, ns, override=True, replace=True)
    for prefix, ns in PREFIXES.items():
        out.bind(prefix, ns, override=True, replace=True)
    for triple in graph.triples((None, None, None)):
        out.add(triple)
    return out.serialize(format="longturtle", canon=True, encoding="utf-8")


def format_file(path: str | PathLike[str]) -> bytes:
    """The canonical bytes of the Turtle file ``path`` (``InputError`` if it is not valid)."""
    path = Path(path)
    read_quads(path)  # exact line/column for syntax errors
    g = Graph(bind_namespaces="none")
    try:
        g.parse(path, format="turtle")
    except Exception as e:  # pragma: no cover - pyoxigraph accepted it already
        raise InputError(path, cause=str(e)) from e
    declared = {p: str(ns) for p, ns in g.namespaces()}
    return canonical_turtle(g, declared)


def find_repo_root(start: str | PathLike[str] | None = None) -> Path:
    """The nearest folder at or above ``start`` (default: cwd) whose pyproject.toml
    names the project ``ctoc-kg``."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                name = tomllib.loads(pyproject.read_text("utf-8")).get("project", {}).get("name")
            except (OSError, tomllib.TOMLDecodeError):
                name = None
            if name == "ctoc-kg":
                return folder
    raise CtocError(f"not inside a ctoc-kg checkout (no pyproject.toml naming ctoc-kg above {here}); give the files to format")


def default_paths(root: str | PathLike[str] | None = None) -> list[Path]:
    """Every ``.ttl`` under ``ontology/ graph/ shapes/ tests/fixtures`` of the repository."""
    root = Path(root) if root is not None else find_repo_root()
    return collect([root / f for f in DEFAULT_FOLDERS if (root / f).is_dir()])


def collect(paths: Iterable[str | PathLike[str]]) -> list[Path]:
    """Expand folders to the ``.ttl`` files under them; files are kept as given."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found.extend(sorted(q for q in p.rglob("*.ttl") if q.is_file()))
        else:
            found.append(p)
    return found


def _resolve(paths: Iterable[str | PathLike[str]] | None) -> list[Path]:
    return default_paths() if paths is None else collect(paths)


def check(paths: Iterable[str | PathLike[str]] | None = None) -> list[Path]:
    """The files (of ``paths``, default the repository's) that ``rewrite`` would change."""
    return [p for p in _resolve(paths) if format_file(p) != p.read_bytes()]


def rewrite(paths: Iterable[str | PathLike[str]] | None = None) -> list[Path]:
    """Rewrite the files that are not canonical; return those that changed.

    Every file is formatted before any is written, so one invalid file leaves all
    unchanged.  Each rewrite is atomic and keeps the file's mode (``files.write_atomic``).
    """
    pending = []
    for p in _resolve(paths):
        new = format_file(p)
        if new != p.read_bytes():
            pending.append((p, new))
    for p, new in pending:
        write_atomic(p, new)
    return [p for p, _ in pending]
