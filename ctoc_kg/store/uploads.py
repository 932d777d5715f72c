"""Upload the dataset's named graphs into a remote store, one request each, and check
the server's triple count of every graph afterwards.

``dump`` writes each graph's N-Triples to a file (pyoxigraph, no work per triple in
Python); ``upload_files`` streams the files (``Store.put_file``: Oxigraph's bulk loader,
the Graph Store Protocol or SPARQL Update); ``upload`` does both for parts held in
memory."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass

from ctoc_kg.store.client import Store

FORMATS = ("text", "json")


@dataclass
class GraphLoad:
    """One graph of a load: the local and the server's triple counts after the upload."""

    graph: str
    local: int
    remote: int
    protocol: str  # "bulk", "bulk+staging", "gsp" or "update"
    replace: bool

    @property
    def ok(self) -> bool:
        # after a replace the graph holds exactly our triples; after an append at least
        return self.remote == self.local if self.replace else self.remote >= self.local


@dataclass(frozen=True)
class GraphFile:
    """One named graph written as N-Triples: where, how many triples, how many bytes."""

    graph: str
    path: str
    triples: int
    size: int


def dump(ds, graphs: list[str], folder: str) -> list[GraphFile]:
    """Write each named graph of ``ds`` in ``graphs`` to an N-Triples file in ``folder``."""
    import pyoxigraph as ox

    from ctoc_kg.dataset import oxigraph_store

    store = oxigraph_store(ds)
    out = []
    for i, graph in enumerate(graphs):
        path = os.path.join(folder, f"graph-{i}.nt")
        store.dump(path, format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
        lines = 0
        with open(path, "rb") as f:
            while block := f.read(1 << 24):
                lines += block.count(b"\n")
        out.append(GraphFile(graph, path, lines, os.path.getsize(path)))
    return out


def upload_files(store: Store, files: list[GraphFile], *, replace: bool = True,
                 progress: Callable[[int], None] | None = None) -> list[GraphLoad]:
    """Upload each file into its named graph (one request each), then count every graph
    on the server.  ``progress`` is called with the bytes sent."""
    sent = []
    for f in files:
        protocol = store.put_file(f.graph, f.path, replace=replace, triples=f.triples,
                                  progress=progress)
        sent.append((f, protocol))
    return [GraphLoad(f.graph, f.triples, store.count(f.graph), protocol, replace)
            for f, protocol in sent]


def upload(store: Store, parts, *, replace: bool = True,
           progress: Callable[[int], None] | None = None) -> list[GraphLoad]:
    """Upload each part (``ctoc_kg.export.Part``) into its named graph, then count
    every graph on the server.  ``progress`` is called with the bytes sent."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="ctoc-kg-upload-") as folder:
        files = []
        for i, part in enumerate(parts):
            path = os.path.join(folder, f"graph-{i}.nt")
            data = part.ntriples()
            with open(path, "wb") as f:
                f.write(data)
            files.append(GraphFile(part.graph, path, len(part), len(data)))
        return upload_files(store, files, replace=replace, progress=progress)


def format_loads(results: list[GraphLoad], output_format: str = "text") -> str:
    """The per-graph report of an upload: a line per graph, or a JSON array."""
    if output_format == "json":
        return json.dumps([{"graph": r.graph, "local": r.local, "remote": r.remote,
                            "protocol": r.protocol, "ok": r.ok} for r in results], indent=2)
    return "\n".join(f"{'ok' if r.ok else 'MISMATCH':8} {r.graph}: {r.local} local, "
                     f"{r.remote} on the server ({r.protocol})" for r in results)
