"""The one way in: files (or a Dataset, or a Graph) → a Dataset → optional reasoning.

Every command that needs data calls ``open_dataset``; so do ``validate`` and
``report``.  Loading alone is ``ctoc_kg.dataset.load``; reasoning alone is
``ctoc_kg.reason.reason``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from os import PathLike
from typing import TYPE_CHECKING, Union

from ctoc_kg import dataset

if TYPE_CHECKING:
    from rdflib import Dataset, Graph

# rdflib (and the reasoner, which imports it) are imported by the calls that need them:
# `open_for_writing` without reasoning reads files into a bare store with neither
Source = Union["Dataset", "Graph", Sequence[Union[str, "PathLike[str]"]], str, "PathLike[str]", None]


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
    from rdflib import Dataset, Graph

    from ctoc_kg.reason import reason

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


def open_for_writing(files: Sequence[str | PathLike[str]] | None, *, include_ontology: bool = True,
                     inferred: bool = False, stage: Callable[[str], None] | None = None):
    """What ``export`` and ``load`` write out: the files (the shipped graph when none), in a
    ``dataset.Bare`` store when not ``inferred`` (no rdflib imported: they need the store
    alone), else in a Dataset with the targeted reasoning.  ``stage`` is told the work now
    running (``loading``, ``reasoning``), for a progress line."""
    tell = stage or (lambda name: None)
    tell("loading")
    if not inferred:
        return dataset.load(list(files) if files else None, include_ontology=include_ontology,
                            bare=True)
    from ctoc_kg.reason import reason

    ds = open_dataset(list(files) if files else None, include_ontology=include_ontology,
                      reasoning=None)
    tell("reasoning")
    reason(ds)
    return ds
