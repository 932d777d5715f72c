"""The one way in: files (or a Dataset, or a Graph) → a Dataset → optional reasoning.

Every command that needs data calls ``open_dataset``; so do ``validate`` and
``report``.  Loading alone is ``ctoc_kg.dataset.load``; reasoning alone is
``ctoc_kg.reason.reason``.
"""

from __future__ import annotations

from collections.abc import Sequence
from os import PathLike

from rdflib import Dataset, Graph

from ctoc_kg import dataset
from ctoc_kg.reason import reason

Source = Dataset | Graph | Sequence[str | PathLike[str]] | str | PathLike[str] | None


def open_dataset(
    data: Source = None,
    *,
    ontology: Sequence[str | PathLike[str]] | None = None,
    include_ontology: bool = True,
    reasoning: str | None = "targeted",
    rules: Sequence[str | PathLike[str]] | None = None,
    bare: bool = False,
) -> Dataset:
    """A new Dataset holding ``data``, reasoned with the profile ``reasoning``.

    ``data``
        None (the shipped ontology and graph), RDF file paths (each in its named graph,
        see ``ctoc_kg.dataset``), or an rdflib ``Dataset`` / ``Graph`` (copied, never
        changed; a Graph goes to ``graph/data``).
    ``ontology``
        Ontology files used instead of the shipped ontology (ignored for a Dataset).
    ``include_ontology``
        False: no ontology at all (unless ``ontology`` is given).
    ``reasoning``
        A ``ctoc_kg.reason.PROFILES`` name, or None for none.
    ``rules``
        Rule files for the reasoning (default: the shipped rules).
    ``bare``
        For files: a ``ctoc_kg.dataset.Bare`` store instead of a Dataset (no rdflib store
        plugin imported; what ``ctoc-kg query`` uses; targeted reasoning only).

    Raises ``InputError`` for a bad file and ``CtocError`` for an unknown profile.
    """
    if isinstance(data, Dataset):
        ds = dataset.copy(data)
    elif isinstance(data, Graph):
        from ctoc_kg.terms import to_ox
        import pyoxigraph as ox

        ds = dataset.load([], include_ontology=include_ontology, ontology=ontology)
        target = ox.NamedNode(str(dataset.graph_iri("data")))
        dataset.add_quads(ds, [ox.Quad(to_ox(s), to_ox(p), to_ox(o), target) for s, p, o in data])
    else:
        if isinstance(data, (str, PathLike)):
            data = [data]
        ds = dataset.load(None if data is None else list(data),
                          include_ontology=include_ontology, ontology=ontology, bare=bare)
    if reasoning is not None:
        reason(ds, reasoning, rules=rules)
    return ds
