"""Upload the dataset's parts into a remote store, one named graph each, and check
the server's triple count of every graph afterwards."""

from __future__ import annotations

import json
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
    protocol: str  # "gsp" or "update"
    replace: bool

    @property
    def ok(self) -> bool:
        # after a replace the graph holds exactly our triples; after an append at least
        return self.remote == self.local if self.replace else self.remote >= self.local


def upload(store: Store, parts, *, replace: bool = True,
         progress: Callable[[int], None] | None = None) -> list[GraphLoad]:
    """Upload each part (``ctoc_kg.export.Part``) into its named graph, then count
    every graph on the server.  ``progress`` is called with the bytes sent."""
    sent = []
    for part in parts:
        protocol = store.put_graph(part.graph, part.ntriples(), replace=replace,
                                   progress=progress)
        sent.append((part, protocol))
    return [GraphLoad(part.graph, len(part), store.count(part.graph), protocol, replace)
            for part, protocol in sent]


def format_loads(results: list[GraphLoad], output_format: str = "text") -> str:
    """The per-graph report of an upload: a line per graph, or a JSON array."""
    if output_format == "json":
        return json.dumps([{"graph": r.graph, "local": r.local, "remote": r.remote,
                            "protocol": r.protocol, "ok": r.ok} for r in results], indent=2)
    return "\n".join(f"{'ok' if r.ok else 'MISMATCH':8} {r.graph}: {r.local} local, "
                     f"{r.remote} on the server ({r.protocol})" for r in results)
