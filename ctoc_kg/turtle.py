"""The one canonical Turtle writer for the repository's ``.ttl`` files (``ctoc-kg fmt``).

``canonical_turtle`` serialises with rdflib's ``longturtle`` after the canonicalisation
its ``canon=True`` does (rdflib 7.6: blank nodes are relabelled by
``rdflib.compare.to_canonical_graph``; subjects, predicates, objects and prefixes are
written in sorted order), so the bytes depend only on the graph and the prefixes.
Lexical forms are kept: a literal whose short form would be another literal (``"1"^^
xsd:boolean`` is not ``1``) or not Turtle (``"yes"^^xsd:boolean``) is written quoted.  rdflib is pinned to 7.6.x in
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

import pyoxigraph as ox
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import split_uri

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
    _name_unbound_namespaces(graph, out)
    # what longturtle's canon=True does (rdflib 7.6 LongTurtleSerializer.canonize): blank
    # nodes relabelled by to_canonical_graph, through sorted N-Triples; done here so that
    # the literals rdflib would shorten wrongly can be marked after it (see _as_written)
    from rdflib.compare import to_canonical_graph

    whole = Graph(bind_namespaces="none")
    for triple in graph.triples((None, None, None)):
        whole.add(triple)
    lines = sorted(to_canonical_graph(whole).serialize(format="application/n-triples").split("\n"))
    canon = Graph(bind_namespaces="none")
    canon.parse(data="\n".join(lines), format="application/n-triples", skolemize=True)
    for s, p, o in canon.de_skolemize().triples((None, None, None)):
        out.add((s, p, _as_written(o)))
    return out.serialize(format="longturtle", encoding="utf-8")


def _name_unbound_namespaces(graph: Graph, out: Graph) -> None:
    """Bind ``ns1``, ``ns2`` … to the namespaces no prefix names, in sorted order.

    longturtle invents these names itself for predicates (and ``rdf:type`` objects) in the
    order it meets them, which follows Python's string hashing: without this, one file
    written twice with another ``PYTHONHASHSEED`` differs.
    """
    bound = {str(ns) for _, ns in out.namespaces()}
    taken = {p for p, _ in out.namespaces()}
    unbound = set()
    for _, p, o in graph.triples((None, None, None)):
        for iri in (p, o if p == RDF.type else None):
            if isinstance(iri, URIRef):
                try:
                    ns, _local = split_uri(iri)
                except ValueError:
                    continue
                if ns not in bound:
                    unbound.add(ns)
    n = 0
    for ns in sorted(unbound):
        n += 1
        while f"ns{n}" in taken:
            n += 1
        out.bind(f"ns{n}", ns, override=True, replace=True)


class _Quoted(Literal):
    """A literal rdflib must write quoted with its datatype: its short Turtle form
    (``true``, ``1``, ``1.5``, ``1e0``) would be another literal or no Turtle at all."""

    def _literal_n3(self, use_plain=False, qname_callback=None):  # noqa: ARG002
        return super()._literal_n3(False, qname_callback)


_SHORT_CHECKED: dict = {}


def _as_written(term):
    """``term``, or a ``_Quoted`` copy when rdflib's short form would change it: rdflib
    writes ``"1"^^xsd:boolean`` as ``1`` (an integer), ``"yes"^^xsd:boolean`` as ``yes``
    (not Turtle), ``"1e0"^^xsd:double`` as ``1e+00`` and ``"1"^^xsd:decimal`` as
    ``1.0``."""
    if not isinstance(term, Literal) or term.datatype is None or term.language:
        return term
    short = term._literal_n3(use_plain=True)
    if short.startswith('"'):
        return term
    key = (str(term), str(term.datatype), short)
    same = _SHORT_CHECKED.get(key)
    if same is None:
        try:
            (t,) = list(ox.parse(f"<urn:s> <urn:p> {short} .".encode(), format=ox.RdfFormat.TURTLE))
            same = t.object.value == str(term) and t.object.datatype.value == str(term.datatype)
        except (SyntaxError, ValueError):
            same = False
        _SHORT_CHECKED[key] = same
    if same:
        return term
    return _Quoted(str(term), datatype=term.datatype, normalize=False)


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
