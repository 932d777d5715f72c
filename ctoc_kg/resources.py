"""Find the data shipped with ctoc-kg: ontology, graph, shapes, queries, contexts.

An installed wheel carries them in ``ctoc_kg/data/<folder>``.  In a source checkout
or an editable install that folder does not exist and the repository root (the
parent of the package folder) is used, if it holds ``ontology/ctoc.ttl``.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from ctoc_kg.errors import CtocError


def data_root() -> Path:
    """The folder that holds ``ontology/ graph/ shapes/ queries/ contexts/``."""
    shipped = files("ctoc_kg") / "data"
    if shipped.is_dir():
        return Path(str(shipped))
    repo = Path(__file__).resolve().parent.parent
    if (repo / "ontology" / "ctoc.ttl").is_file():
        return repo
    raise CtocError(
        "the shipped ontology was not found: neither ctoc_kg/data nor a source "
        f"checkout with ontology/ctoc.ttl (looked in {repo})"
    )


def _glob(folder: str, pattern: str) -> list[Path]:
    base = data_root() / folder
    if not base.is_dir():
        return []
    return sorted(p for p in base.glob(pattern) if p.is_file())


def ontology_files() -> list[Path]:
    """``ontology/*.ttl``: loaded together into the graph ``graph/ontology``."""
    return _glob("ontology", "*.ttl")


def graph_files() -> list[Path]:
    """``graph/*.ttl``: each loaded into the graph ``graph/<stem>``."""
    return _glob("graph", "*.ttl")


def shape_files() -> list[Path]:
    """``shapes/*.ttl``."""
    return _glob("shapes", "*.ttl")


def query_files() -> list[Path]:
    """Competency queries: ``queries/*.rq`` (top level only)."""
    return _glob("queries", "*.rq")


def check_files() -> list[Path]:
    """Checks that must return no rows: ``queries/checks/*-violation.rq``."""
    return _glob("queries/checks", "*-violation.rq")


def rule_files() -> list[Path]:
    """Derivation rules applied by reasoning: ``queries/rules/construct-*.rq``."""
    return _glob("queries/rules", "construct-*.rq")


def context_file() -> Path:
    """The JSON-LD context ``contexts/ctoc.jsonld`` (``CtocError`` if it is missing)."""
    path = data_root() / "contexts" / "ctoc.jsonld"
    if not path.is_file():
        raise CtocError(f"the JSON-LD context {path} is missing")
    return path
