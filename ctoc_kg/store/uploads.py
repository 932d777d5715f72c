"""Upload the dataset's named graphs into a remote store, one request each, and check
the server's triple count of every graph afterwards.

``dump`` writes each graph's N-Triples to a file (pyoxigraph, no work per triple in
Python); ``upload_files`` streams the files (``Store.put_file``: Oxigraph's bulk loader,
the Graph Store Protocol or SPARQL Update); ``upload`` does both for parts held in
memory.

``EarlyUpload`` sends a user's N-Triples file as it is, only into a graph an Oxigraph
server does not hold yet, where its bulk loader makes the data visible once the whole
body is read (a refused or abandoned request adds nothing).  The server's parser is the
file's only reader (its syntax error comes back as the file's line and column), unless
the file is also read locally (``load --inferred``).  Whenever the load fails, what the
early uploads loaded is dropped, so the server is left as it was."""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ctoc_kg.errors import InputError
from ctoc_kg.store.client import ServerSyntaxError, Store

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


EARLY_MIN_BYTES = 1 << 20  # smaller files are not worth a thread: read first, then sent


class EarlyUpload:
    """One N-Triples file sent as it is into ``graph`` in a background thread (see the
    module docstring); ``start`` says whether it was started.

    ``read_here``: the file is also read locally (``load --inferred`` reasons over it),
    and a local read error is the one reported (``abandon``).  Otherwise the server's
    parser is the only reader: the file's start is checked here (``safety.check_file``,
    no byte-order mark), a syntax error the server finds comes back from ``wait`` as
    ``InputError`` with the file's line and column, and ``verify`` checks the server's
    count against the file's statements (``statements``), reading the file here only
    when they differ (duplicate lines, several statements on a line): the count is the
    one a local read gives."""

    def __init__(self, store: Store, graph: str, path: str | os.PathLike[str], *,
                 read_here: bool = True) -> None:
        self.store = store
        self.graph = graph
        self.path = str(path)
        self.read_here = read_here
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        self.protocol: str | None = None
        self.remote: int | None = None  # the server's count, once loaded (not read_here)
        self.statements: int | None = None  # the file's statement lines (not read_here)

    def start(self) -> bool:
        """Start the upload when the store is an Oxigraph server with a graph store and
        does not hold the graph; False (nothing sent) otherwise.  Without ``read_here``
        a file refused by the checks made here is not sent (``wait`` raises why)."""
        st = self.store
        if not st.endpoints.graph_store or getattr(st, "_no_gsp", False) or not st.is_oxigraph() \
                or st.holds(self.graph):
            return False
        if not self.read_here:
            try:
                _check_start(self.path)
            except InputError as e:
                self._error = e
                return True
        self._thread = threading.Thread(target=self._run, name="ctoc-kg upload", daemon=True)
        self._thread.start()
        return True

    def _run(self) -> None:
        try:
            size = str(os.path.getsize(self.path))
            try:
                if self.store._bulk(self.graph, lambda: _chunks(self.path), size):
                    self.protocol = "bulk"
            except ServerSyntaxError as e:
                if self.read_here:
                    raise
                from ctoc_kg.parse_hints import explain

                raise InputError(self.path, e.line, e.column,
                                 explain(self.path, e.line, e.column, e.cause)) from None
            if self.protocol and not self.read_here:
                self.remote = self.store.count(self.graph)
        except BaseException as e:  # noqa: BLE001 - handed to the caller by wait()
            self._error = e

    def wait(self) -> bool:
        """Wait for the upload; raise its error; True when the server took the file.
        (Not ``read_here``: the file's statements are counted here meanwhile.)"""
        if self._thread is not None:
            if not self.read_here and self.statements is None:
                self.statements = statements(self.path)
            self._thread.join()
        if self._error is not None:
            raise self._error
        return self.protocol is not None

    def abandon(self) -> BaseException | None:
        """The load fails: wait for the upload and drop what it loaded; return its own
        error, if any."""
        try:
            loaded = self.wait()
        except Exception as e:  # noqa: BLE001 - the caller chooses which error to report
            return e
        if loaded:
            self.store.drop(self.graph)
            self.protocol = None
        return None

    def verify(self, replace: bool) -> GraphLoad:
        """(Not ``read_here``, after ``wait``) the graph's report: the server's count
        against the file's statements, or against a local read of the file when they
        differ.  ``InputError`` when the local read refuses the file."""
        assert self.remote is not None and self.statements is not None
        local = self.statements
        if local != self.remote:
            from ctoc_kg.dataset import load

            local = local_count(load([self.path], include_ontology=False, bare=True), self.graph)
        return GraphLoad(self.graph, local, self.remote, "bulk", replace)


def _check_start(path: str) -> None:
    """What a local read refuses before parsing: ``safety.check_file`` and an encoding
    the file's first bytes show (UTF-16, a byte-order mark)."""
    from ctoc_kg import dataset, safety

    safety.check_file(path)
    try:
        with open(path, "rb") as f:
            head = f.read(4)
    except OSError as e:
        raise InputError(path, cause=e.strerror or str(e)) from e
    dataset._check_encoding(head, Path(path), dataset.FORMATS[".nt"])


_BLOCK = 1 << 24
# a line that is no statement: blank or a comment (after the end of line before it)
_NO_STATEMENT = re.compile(rb"\n[ \t]*(?=[#\r\n]|\Z)")


def statements(path: str) -> int:
    """The number of statement lines of an N-Triples file: lines that are neither blank
    nor a comment.  Read in blocks of whole lines, each counted by ``bytes.count`` and
    one regular expression: no work per line in Python."""
    count = 0
    pending = b"\n"  # every line is counted after the end of line before it
    with open(path, "rb") as f:
        while block := f.read(_BLOCK):
            data = pending + block
            cut = data.rfind(b"\n")
            if cut == 0:
                pending = data
                continue
            piece, pending = data[:cut], data[cut:]
            count += piece.count(b"\n") - len(_NO_STATEMENT.findall(piece))
    return count + 1 - len(_NO_STATEMENT.findall(pending))


def _chunks(path: str):
    from ctoc_kg.store.client import _file_chunks

    return _file_chunks(path, None)


def early_candidates(files, graph_of: Callable[[Path], str], *, taken: set[str],
                     selected: Callable[[str], bool]) -> list[tuple[str, Path]]:
    """(graph, file) for each user file that can be sent as it is: N-Triples, at least
    ``EARLY_MIN_BYTES``, alone in its graph (no other file and no graph in ``taken``,
    such as the ontology's, goes there) and selected."""
    by_graph: dict[str, list[Path]] = {}
    for f in files:
        by_graph.setdefault(graph_of(Path(f)), []).append(Path(f))
    out = []
    for graph, paths in by_graph.items():
        if len(paths) != 1 or graph in taken or not selected(graph):
            continue
        path = paths[0]
        try:
            if path.suffix.lower() == ".nt" and path.is_file() and \
                    path.stat().st_size >= EARLY_MIN_BYTES:
                out.append((graph, path))
        except OSError:
            continue
    return out


def local_count(ds, graph: str) -> int:
    """The number of triples in ``graph`` of the local store (counted by the store)."""
    from ctoc_kg.dataset import oxigraph_store

    result = oxigraph_store(ds).query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return int(next(iter(result))[0].value)


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
