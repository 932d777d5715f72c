"""``load_into``: what ``ctoc-kg load`` does, as one call — read the files (or the shipped
graph), send each named graph to the store in one request, check the server's count of
each, and leave the server as it was when anything fails.

The order of the work:

1. a large N-Triples file alone in a graph the server does not hold yet starts on its
   way at once (``uploads.EarlyUpload``): read by the server alone, or also here when
   ``inferred`` reasons over it;
2. the other files are read here (reasoned when ``inferred``) and each selected graph is
   written as N-Triples (``uploads.dump``);
3. once the early uploads are in, the other graphs are sent (a load refused, or stopped
   while a large file is on its way, leaves no graph the server did not hold);
4. every graph's count on the server is compared with the local one.

When several files are refused, the error reported is the first file's in the order
given, as a local read (which stops at its first bad file) would report."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from ctoc_kg.errors import CtocError, InputError
from ctoc_kg.store.client import Endpoints, Store
from ctoc_kg.store.uploads import (EarlyUpload, GraphLoad, dump, early_candidates, local_count,
                                   upload_files)


class Stages(Protocol):
    """Where a long load says what it is doing (``ctoc_kg.cli.progress.Progress``)."""

    def stage(self, name: str) -> None: ...

    def bytes(self, name: str, total: int) -> Callable[[int], None]: ...


class _Quiet:
    def stage(self, name: str) -> None:
        pass

    def bytes(self, name: str, total: int) -> Callable[[int], None]:
        return lambda n: None


def load_into(endpoints: Endpoints, files: Sequence[str | os.PathLike[str]] = (), *,
              replace: bool = True, inferred: bool = False, graph: str | None = None,
              include_ontology: bool = True, timeout: float = 60.0, retries: int = 3,
              progress: Stages | None = None) -> list[GraphLoad]:
    """Upload ``files`` (none: the shipped ontology and graph) into the store at
    ``endpoints``, one named graph per part (``graph`` selects one, ``inferred`` adds the
    reasoned graph), and return each graph's local and server counts, in graph order.

    Raises ``InputError`` for a file refused (here or by the server's parser),
    ``StoreError`` when the store cannot be used, ``CtocError`` when no graph is
    selected; whatever the failure, the graphs this load created are dropped.  A count
    that differs is not an error: the caller reads ``GraphLoad.ok``."""
    from ctoc_kg.export import graph_selected, selected_graphs
    from ctoc_kg.namespaces import GRAPH_NS, file_graph_name

    progress = progress or _Quiet()
    files = [Path(f) for f in files]
    with tempfile.TemporaryDirectory(prefix="ctoc-kg-load-") as folder, \
            Store(endpoints, timeout=timeout, retries=retries) as st:
        early: list[EarlyUpload] = []
        order = {str(f): i for i, f in reversed(list(enumerate(files)))}
        if files:
            taken = {GRAPH_NS + "inferred"} | ({GRAPH_NS + "ontology"} if include_ontology else set())
            for iri, path in early_candidates(files, lambda p: GRAPH_NS + file_graph_name(p),
                                              taken=taken,
                                              selected=lambda g: graph_selected(g, graph)):
                upload = EarlyUpload(st, iri, path, read_here=inferred)
                if upload.start():
                    early.append(upload)
        checked = [u for u in early if not u.read_here]  # files the server alone reads
        try:
            ds = _read(files, checked, include_ontology=include_ontology, inferred=inferred,
                       progress=progress)
        except CtocError as e:
            raise _first_error(e, early, order) from None
        except BaseException:
            for upload in early:
                upload.abandon()
            raise
        try:
            graphs = selected_graphs(ds, inferred=inferred, graph=graph)
        except CtocError:  # no graph read here matches: one the server reads may
            if not checked:
                raise
            graphs = []
        graphs = sorted(set(graphs) | {u.graph for u in checked})
        progress.stage("writing N-Triples")
        graph_files = dump(ds, [g for g in graphs if g not in {u.graph for u in early}], folder)
        advance = progress.bytes("uploading", sum(f.size for f in graph_files))
        loads: dict[str, GraphLoad] = {}
        try:
            for upload in early:
                if not upload.wait() and not upload.read_here:
                    # not taken after all (no graph store there): read here, sent below
                    from ctoc_kg.dataset import load_file

                    load_file(ds, upload.path, upload.graph)
                    late = os.path.join(folder, f"late-{len(graph_files)}")
                    os.mkdir(late)
                    graph_files += dump(ds, [upload.graph], late)
            for upload in checked:
                if upload.protocol:
                    loads[upload.graph] = upload.verify(replace)
        except CtocError as e:
            raise _first_error(e, early, order) from None
        loads.update((r.graph, r) for r in upload_files(st, graph_files, replace=replace,
                                                        progress=advance))
        for upload in early:
            if upload.read_here and upload.protocol:
                loads[upload.graph] = GraphLoad(upload.graph, local_count(ds, upload.graph),
                                                st.count(upload.graph), "bulk", replace)
        return [loads[g] for g in graphs if g in loads]


def _read(files: list[Path], checked: list[EarlyUpload], *, include_ontology: bool,
          inferred: bool, progress: Stages):
    """The files read here: all of them, or all but those the server alone reads."""
    if checked:
        from ctoc_kg.dataset import load as load_files

        progress.stage("loading")
        skip = {u.path for u in checked}
        return load_files([f for f in files if str(f) not in skip],
                          include_ontology=include_ontology, bare=True)
    from ctoc_kg.open import open_for_writing

    return open_for_writing(files, include_ontology=include_ontology, inferred=inferred,
                            stage=progress.stage)


def _first_error(error: CtocError, early: list[EarlyUpload], order: dict[str, int]) -> CtocError:
    """The load failed with ``error``: drop what the early uploads loaded, and return the
    error to report — of the first file in the command's order when several files are
    refused."""
    errors = [error] + [e for e in (u.abandon() for u in early) if e is not None]
    refused = [e for e in errors if isinstance(e, InputError) and e.path in order]
    if refused:
        return min(refused, key=lambda e: order[e.path])
    return error
