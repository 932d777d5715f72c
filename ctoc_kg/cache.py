"""A cache of loaded and reasoned datasets, keyed by the content of what went in.

``open_cached(files, reasoning=...)`` gives the Dataset ``open_dataset`` would give
for the same files, ontology, rules and reasoning profile.  The first time, it is built
as usual and written to an on-disk Oxigraph store under the cache folder; the next
time the same inputs (same bytes, same paths, same ctoc-kg code) are asked for, that
store is opened read-only instead: no parsing, no reasoning.  ``ctoc-kg query
--cache`` uses it; the Dataset it returns must not be changed.

The key is a SHA-256 over: this format's version, ctoc-kg's version and the source of
the modules that load and reason, pyoxigraph's version, the profile, and for every
ontology, data and rule file its path, the graph it goes to and its bytes.  An entry
holds the store (``store/``), the lexical record of ``ctoc_kg.dataset`` (literals the
store writes in another form, ``lexical.pickle``) and is complete once ``done``
exists.  Entries are written to a temporary folder and renamed into place, so two
processes never see a half-written entry; the ``KEEP`` most recently used entries are
kept, older ones removed.

Folder: ``directory`` argument, else ``$CTOC_KG_CACHE_DIR``, else
``$XDG_CACHE_HOME/ctoc-kg``, else ``~/.cache/ctoc-kg``.  A store takes about
160 bytes per quad on disk (≈ 30 MB for 100k triples and their inferences).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from os import PathLike
from pathlib import Path

from typing import TYPE_CHECKING

import pyoxigraph as ox

from ctoc_kg import __version__, dataset, resources
from ctoc_kg.namespaces import GRAPH_NS

if TYPE_CHECKING:  # rdflib is imported only to build an entry or open one as a Dataset
    from rdflib import Dataset

FORMAT = "ctoc-kg cache 1"
KEEP = 3  # entries kept (most recently used)
_CODE = ("dataset.py", "reason.py", "open.py", "cache.py", "sparql_scan.py")


@dataclass
class Cached:
    """What ``open_cached`` gives: the Dataset and whether it came from the cache."""

    dataset: Dataset
    hit: bool
    key: str
    error: str | None = None  # why the entry could not be written (the Dataset is fine)


def cache_dir(directory: str | PathLike[str] | None = None) -> Path:
    """The cache folder (see the module docstring)."""
    if directory is not None:
        return Path(directory)
    if os.environ.get("CTOC_KG_CACHE_DIR"):
        return Path(os.environ["CTOC_KG_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "ctoc-kg"


def _digest(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def cache_key(files: Sequence[str | PathLike[str]] | None, *, reasoning: str | None,
              rules: Sequence[str | PathLike[str]] | None = None) -> str:
    """The key of the entry for these inputs (reads every input file once)."""
    h = hashlib.sha256()

    def add(*parts: str) -> None:
        for part in parts:
            h.update(part.encode("utf-8") + b"\0")

    here = Path(__file__).resolve().parent
    add(FORMAT, __version__, ox.__version__, str(reasoning))
    for name in _CODE:
        add(name, _digest(here / name))
    for path in resources.ontology_files():
        add("ontology", str(path), _digest(path))
    if files is None:
        data = [(p, GRAPH_NS + p.stem) for p in resources.graph_files()]
    else:
        data = [(Path(f), GRAPH_NS + dataset.file_graph_name(f)) for f in files]
    for path, graph in data:
        add("data", path.resolve().as_uri(), str(graph), _digest(path))
    for path in (resources.rule_files() if rules is None else [Path(r) for r in rules]):
        add("rule", str(Path(path).resolve()), _digest(Path(path)))
    return h.hexdigest()


def open_cached(files: Sequence[str | PathLike[str]] | None = None, *,
                reasoning: str | None = "targeted",
                rules: Sequence[str | PathLike[str]] | None = None,
                directory: str | PathLike[str] | None = None, bare: bool = False) -> Cached:
    """``open_dataset(files, reasoning=reasoning, rules=rules)``, from the cache when the
    same inputs were opened before (then read-only), else built and written to it.
    ``bare``: from the cache, a ``ctoc_kg.dataset.Bare`` store instead of a Dataset
    (what ``ctoc-kg query`` needs, without importing an rdflib store plugin).

    Raises what ``open_dataset`` raises.  A cache folder that cannot be written does
    not fail the call: the Dataset is returned with ``error`` saying why."""
    files = None if files is None else list(files)
    key = cache_key(files, reasoning=reasoning, rules=rules)
    root = cache_dir(directory)
    entry = root / key
    if (entry / "done").exists():
        try:
            ds = _open_entry(entry, bare)
        except (OSError, pickle.UnpicklingError, EOFError):
            shutil.rmtree(entry, ignore_errors=True)  # damaged: rebuild
        else:
            os.utime(entry / "done")
            return Cached(ds, True, key)
    from ctoc_kg.open import open_dataset

    ds = open_dataset(files, reasoning=reasoning, rules=rules)
    try:
        _write_entry(ds, root, key)
        _evict(root)
    except OSError as e:
        return Cached(ds, False, key, f"the cache could not be written in {root}: {e}")
    return Cached(ds, False, key)


def _open_entry(entry: Path, bare: bool = False) -> Dataset:
    store = ox.Store.read_only(str(entry / "store"))
    with open(entry / "lexical.pickle", "rb") as f:
        saved = pickle.load(f)
    if bare:
        ds = dataset.Bare(store)
    else:
        from oxrdflib import OxigraphStore
        from rdflib import Dataset

        ds = Dataset(store=OxigraphStore(store=store), default_union=True)
    lex = dataset._lexical(ds)
    lex.by_quad, lex.by_literal, lex.kept = saved["by_quad"], saved["by_literal"], saved["kept"]
    if saved["union_is_store"]:  # query_store's answer, known when the entry was written
        lex.fixed_union = (store, {"use_default_graph_as_union": True})
    return ds


def _write_entry(ds: Dataset, root: Path, key: str) -> None:
    root.mkdir(parents=True, exist_ok=True)
    tmp = root / f"tmp-{uuid.uuid4().hex}"
    tmp.mkdir()
    try:
        source = dataset.oxigraph_store(ds)
        disk = ox.Store(str(tmp / "store"))
        # quads as they are (a parser would rename blank nodes)
        disk.bulk_extend(source.quads_for_pattern(None, None, None, None))
        disk.flush()
        del disk
        lex = dataset._lexical(ds)
        union_store, _ = dataset.query_store(ds)
        with open(tmp / "lexical.pickle", "wb") as f:
            pickle.dump({"by_quad": lex.by_quad, "by_literal": lex.by_literal, "kept": lex.kept,
                         "union_is_store": union_store is source}, f)
        (tmp / "done").touch()
        try:
            tmp.rename(root / key)
        except OSError:
            if not (root / key / "done").exists():
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _evict(root: Path) -> None:
    entries = [p for p in root.iterdir() if (p / "done").exists()]
    entries.sort(key=lambda p: (p / "done").stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        shutil.rmtree(old, ignore_errors=True)


def clear(directory: str | PathLike[str] | None = None) -> int:
    """Remove every entry of the cache folder; the number removed."""
    root = cache_dir(directory)
    if not root.is_dir():
        return 0
    removed = 0
    for p in root.iterdir():
        if p.is_dir() and ((p / "done").exists() or p.name.startswith("tmp-")):
            shutil.rmtree(p, ignore_errors=True)
            removed += 1
    return removed
