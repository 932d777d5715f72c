"""Export the dataset in standard RDF formats, with deterministic bytes.

The dataset is cut into *parts*, one per named graph (the contract of
``ctoc_kg.dataset``): ``graph/ontology``, one graph per source document
(``graph/shared``, ``graph/note-…``) and, when asked, ``graph/inferred``.

Formats (``FORMATS``):

``nt``      the union of the parts, one triple per line, lines sorted, no duplicates.
``nq``      every part as quads in its named graph, lines sorted.
``ttl``     the union of the parts, triples in N-Triples line order (so each subject's
            triples are together), written by pyoxigraph's Turtle writer with the prefixes
            of ``ctoc_kg.namespaces`` that the data uses (but ``id:``, whose local names
            hold ``/``).
``trig``    every part in its named graph; graphs in IRI order, triples sorted: the bytes
            pyoxigraph's TriG writer gives, written graph by graph by its Turtle writer
            (from the graph's N-Triples lines), indented under the graph's header.
``jsonld``  every part as a named graph, compacted with the shipped context
            ``contexts/ctoc.jsonld`` (``ctoc_kg.jsonld``; embedded in the output as an
            object, never fetched).
``xml``     RDF/XML of the union of the parts only: RDF/XML has no named graphs.

Blank nodes are given canonical labels (``rdflib.compare``'s, computed from the triples
that hold blank nodes; remembered for the shipped graphs, ``ctoc_kg.canonical``) prefixed
by their graph's name, so the same input gives the same bytes in every run and process.

How it scales (``write``): each graph is dumped by Oxigraph as N-Triples into a pipe
(from a thread: the dump runs while the lines already read are split and sorted; no
temporary file, which pyoxigraph would sync to disk when it writes to a path), sorted in runs of at most
``CHUNK_BYTES`` (spilled to files, merged), and the graphs' sorted lines are merged
into the output; Turtle, TriG and RDF/XML are written by
pyoxigraph from that stream.  Memory stays bounded by a chunk, beside the store itself.
JSON-LD is written node by node (``ctoc_kg.jsonld.write``): the subjects of a graph are
sorted by their compacted id, and each node's triples are read from the store as it is
written (held for the whole graph: its subjects, and its triples holding blank nodes).
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO

import pyoxigraph as ox

from ctoc_kg.errors import CtocError
from ctoc_kg.namespaces import GRAPH_NS, PREFIXES

if TYPE_CHECKING:
    from rdflib import Dataset

# ctoc_kg.dataset (and rdflib) is imported when a Dataset is read, not with this module:
# `ctoc-kg load` imports selected_graphs before it has loaded anything
INFERRED = GRAPH_NS + "inferred"


def oxigraph_store(ds):
    from ctoc_kg.dataset import oxigraph_store

    return oxigraph_store(ds)


def as_written(ds, graph) -> dict:
    from ctoc_kg.dataset import as_written

    return as_written(ds, graph)

FORMATS: dict[str, str] = {
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "nq": "application/n-quads",
    "trig": "application/trig",
    "jsonld": "application/ld+json",
    "xml": "application/rdf+xml",
}
DATASET_FORMATS = ("nq", "trig", "jsonld")
CHUNK_BYTES = 64 * 1024 * 1024  # the most N-Triples held in memory at once per graph


@dataclass(frozen=True)
class Part:
    """One named graph: its IRI and its triples, sorted, with canonical blank nodes."""

    graph: str
    triples: tuple[ox.Triple, ...]

    def __len__(self) -> int:
        return len(self.triples)

    def ntriples(self) -> bytes:
        """The part as sorted N-Triples."""
        return sorted_lines(self.triples, ox.RdfFormat.N_TRIPLES)

    def quads(self) -> list[ox.Quad]:
        g = ox.NamedNode(self.graph)
        return [ox.Quad(t.subject, t.predicate, t.object, g) for t in self.triples]


# --------------------------------------------------------------------------- selection

def selected_graphs(ds: Dataset, *, inferred: bool = False, graph: str | None = None) -> list[str]:
    """The IRIs of the non-empty named graphs to export, sorted.

    ``graph/inferred`` is left out unless ``inferred``.  ``graph`` selects one graph
    (an exact IRI) or, when it ends with ``/`` or ``#``, the graphs whose IRI starts
    with it; a selection that matches nothing raises ``CtocError``."""
    store = oxigraph_store(ds)
    found = []
    for name in sorted(store.named_graphs(), key=lambda n: n.value):
        iri = name.value
        if iri == INFERRED and not inferred:
            continue
        if graph is not None and not _selected(iri, graph):
            continue
        if next(iter(store.quads_for_pattern(None, None, None, name)), None) is not None:
            found.append(iri)
    if graph is not None and not found:
        raise CtocError(f"no named graph matches --graph {graph}")
    return found


def graph_selected(iri: str, selector: str | None) -> bool:
    """Whether ``--graph selector`` (None: every graph) selects the graph ``iri``."""
    return selector is None or _selected(iri, selector)


def _selected(iri: str, selector: str) -> bool:
    if selector.endswith(("/", "#")):
        return iri.startswith(selector)
    return iri == selector


def _tag(iri: str) -> str:
    """A blank-node label prefix naming the graph (``note_2020_…`` for graph/note-2020-…)."""
    local = iri[len(GRAPH_NS):] if iri.startswith(GRAPH_NS) else ""
    local = re.sub(r"[^A-Za-z0-9]", "_", local)[:40] or "g"
    digest = hashlib.sha1(iri.encode("utf-8")).hexdigest()[:6]
    return f"{local}_{digest}"


# --------------------------------------------------------------------------- sorted lines

_OBJECT_BNODE = re.compile(rb" _:[^ ]+ \.\r?\n?$")


def _has_bnode(line: bytes) -> bool:
    return line.startswith(b"_:") or _OBJECT_BNODE.search(line) is not None


def _canonical_lines(lines: list[bytes], tag: str) -> list[bytes]:
    """N-Triples lines holding blank nodes, relabelled canonically (``{tag}_b{i}``: the
    rank of the label ``rdflib.compare`` gives the node; ``ctoc_kg.canonical``).

    The triples without blank nodes cannot change a blank node's canonical label, so
    only these lines are canonicalised.  A graph the shipped table knows (the shipped
    ontology's) is relabelled without rdflib."""
    from ctoc_kg import canonical

    triples = [ox.Triple(q.subject, q.predicate, q.object)
               for q in ox.parse(b"".join(lines), format=ox.RdfFormat.N_TRIPLES)]
    ranks = canonical.known_ranks(triples)
    if ranks is None:
        return _rdflib_canonical_lines(lines, tag)
    renamed = {label: ox.BlankNode(f"{tag}_b{rank}") for label, rank in ranks.items()}

    def conv(term):
        return renamed[term.value] if isinstance(term, ox.BlankNode) else term

    relabelled = [ox.Triple(conv(t.subject), t.predicate, conv(t.object)) for t in triples]
    return sorted(set(ox.serialize(relabelled, format=ox.RdfFormat.N_TRIPLES).splitlines(keepends=True)))


def _rdflib_canonical_lines(lines: list[bytes], tag: str) -> list[bytes]:
    """``_canonical_lines`` through rdflib (any graph)."""
    from rdflib import Graph, URIRef
    from rdflib.compare import to_canonical_graph

    from ctoc_kg.terms import from_ox, to_ox

    g = Graph()
    for q in ox.parse(b"".join(lines), format=ox.RdfFormat.N_TRIPLES):
        g.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    canon = to_canonical_graph(g)
    labels = sorted({str(n) for t in canon for n in (t[0], t[2])
                     if not isinstance(n, URIRef) and type(n).__name__ == "BNode"})
    renamed = {label: ox.BlankNode(f"{tag}_b{i}") for i, label in enumerate(labels)}

    def conv(term):
        return renamed[str(term)] if type(term).__name__ == "BNode" else to_ox(term)

    triples = [ox.Triple(conv(s), conv(p), conv(o)) for s, p, o in canon]
    return sorted(set(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).splitlines(keepends=True)))


# each subject of a graph, and whether it has a blank node as an object (one scan)
_SUBJECTS = "SELECT DISTINCT ?s (isBlank(?o) AS ?b) WHERE { ?s ?p ?o }"


def _jsonld_nodes(store: ox.Store, iri: str, written: dict, compactor) -> Iterator[tuple[str, list]]:
    """The nodes of one named graph for ``jsonld.write``: (node id, its triples as read,
    blank nodes with their canonical labels), in node id order, one node's triples at a
    time (a node's triples are read from the store when it is written; only the list of
    subjects, and the triples holding blank nodes, are held for the whole graph)."""
    g = ox.NamedNode(iri)

    def as_read(triples: Iterable) -> Iterator:
        for t in triples:
            originals = written.get(t.triple)
            yield from originals or (t,)

    subjects: dict = {}  # named subject -> whether a blank node is among its objects
    blank_subjects = []
    for row in store.query(_SUBJECTS, default_graph=g):
        subject = row[0]
        if isinstance(subject, ox.BlankNode):
            blank_subjects.append(subject)
        elif row[1].value == "true":
            subjects[subject] = True
        else:
            subjects.setdefault(subject, False)
    # the triples holding blank nodes, relabelled (rdflib.compare's labels), by node id
    blank = []
    for subject in dict.fromkeys(blank_subjects):
        blank.extend(store.quads_for_pattern(subject, None, None, g))
    for subject, has_blank in subjects.items():
        if has_blank:
            blank.extend(q for q in store.quads_for_pattern(subject, None, None, g)
                         if isinstance(q.object, ox.BlankNode))
    by_id: dict[str, list] = {}
    if blank:
        if written:
            blank = list(as_read(blank))
        lines = ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in blank],
                             format=ox.RdfFormat.N_TRIPLES).splitlines(keepends=True)
        for q in ox.parse(b"".join(_canonical_lines(lines, _tag(iri))), format=ox.RdfFormat.N_TRIPLES):
            by_id.setdefault(compactor.node_id(q.subject), []).append(q)
    node_id = compactor.node_id
    keyed = [(node_id(subject), subject) for subject in subjects]
    keyed.extend((sid, None) for sid in by_id)
    keyed.sort(key=lambda k: k[0])
    i, n = 0, len(keyed)
    while i < n:
        sid = keyed[i][0]
        triples: list = []
        while i < n and keyed[i][0] == sid:
            subject = keyed[i][1]
            i += 1
            if subject is None:
                continue
            found = store.quads_for_pattern(subject, None, None, g)
            if subjects[subject]:  # those triples come relabelled, from by_id
                found = [q for q in found if not isinstance(q.object, ox.BlankNode)]
            triples.extend(as_read(found) if written else found)
        triples.extend(by_id.get(sid, ()))
        yield sid, triples


def _line(t: ox.Triple) -> bytes:
    return ox.serialize([t], format=ox.RdfFormat.N_TRIPLES)


PIECE_BYTES = 4 * 1024 * 1024  # N-Triples read from the dump at a time (split and sorted)


def _dumped(store: ox.Store, iri: str) -> Iterator[bytes]:
    """The N-Triples of the named graph ``iri`` as the store dumps them, in pieces of
    whole lines of about ``PIECE_BYTES``.

    The store dumps into a pipe from a thread of its own (pyoxigraph serialises without
    holding the GIL, which the pipe's writes release too), so the lines read are split
    and sorted while the rest is being written; any error of the dump is raised here."""
    import threading

    graph = ox.NamedNode(iri)
    read_end, write_end = os.pipe()
    failed: list[BaseException] = []

    def dump() -> None:
        try:
            with open(write_end, "wb", buffering=0) as pipe:
                store.dump(pipe, format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
        except BaseException as e:  # noqa: BLE001 - raised by the reading thread
            failed.append(e)

    thread = threading.Thread(target=dump, name="ctoc-kg-export-dump", daemon=True)
    thread.start()
    try:
        with open(read_end, "rb", buffering=1 << 20) as f:
            yield from _pieces(f)
    finally:  # (the read end is closed: a dump still writing stops with a broken pipe)
        thread.join()
    if failed:
        raise failed[0]


def _pieces(f: BinaryIO) -> Iterator[bytes]:
    rest = b""
    while True:
        block = f.read(PIECE_BYTES)
        if not block:
            if rest:
                yield rest
            return
        block = rest + block
        cut = block.rfind(b"\n") + 1
        if cut:
            rest = block[cut:]
            yield block[:cut]
        else:  # one line longer than a piece: read on
            rest = block


class _SortedGraph:
    """The sorted N-Triples lines of one named graph of a store, with canonical blank
    nodes; runs of at most ``CHUNK_BYTES`` spill to files in ``folder``."""

    def __init__(self, store: ox.Store, iri: str, folder: str, *, check_xml: bool = False,
                 written: dict | None = None) -> None:
        self.graph = iri
        self.runs: list[str | list[bytes]] = []
        self.count = 0
        # the store holds some literals in canonical form: their lines as written
        # (``dataset.as_written``), usually none
        replace = {_line(t): [_line(o) for o in originals] for t, originals in (written or {}).items()}
        blank: list[bytes] = []
        run: list[bytes] = []
        size = 0
        for piece in _dumped(store, iri):
            if check_xml:
                _check_xml_block(piece)
            lines = piece.splitlines(keepends=True)
            if replace:
                lines = [w for line in lines for w in replace.get(line, (line,))]
            if b"_:" in piece:
                keep = []
                for line in lines:
                    (blank if _has_bnode(line) else keep).append(line)
                lines = keep
            # each piece sorted as it comes: sorting the run then only merges them
            lines.sort()
            run.extend(lines)
            size += len(piece)
            if size >= CHUNK_BYTES:
                self._add_run(run, folder)
                run, size = [], 0
        self._add_run(run, folder)
        if blank:
            self._add_run(_canonical_lines(blank, _tag(iri)), folder)

    def _add_run(self, lines: list[bytes], folder: str) -> None:
        if not lines:
            return
        lines.sort()
        self.count += len(lines)
        if self.runs and isinstance(self.runs[-1], list):  # keep only the newest run in memory
            path = os.path.join(folder, f"r{id(self)}-{len(self.runs)}.nt")
            with open(path, "wb") as f:
                f.writelines(self.runs[-1])
            self.runs[-1] = path
        self.runs.append(lines)

    def blocks(self) -> Iterator[list[bytes]]:
        """Every line, sorted (runs merged), in lists of at most ``BLOCK_LINES`` lines (what
        the writers convert or join at a time stays small beside the run in memory)."""
        return _merge([_slices(r) if isinstance(r, list) else _file_blocks(r) for r in self.runs])

    def lines(self) -> Iterator[bytes]:
        for block in self.blocks():
            yield from block


MERGE_BLOCK = 1 << 20  # bytes read from each run at a time while merging
BLOCK_LINES = 1 << 14  # lines of an in-memory run handed on at a time


def _slices(lines: list[bytes]) -> Iterator[list[bytes]]:
    for start in range(0, len(lines), BLOCK_LINES):
        yield lines[start:start + BLOCK_LINES]


def _file_blocks(path: str) -> Iterator[list[bytes]]:
    with open(path, "rb") as f:
        while True:
            lines = f.readlines(MERGE_BLOCK)
            if not lines:
                return
            yield lines


def _merge(streams: list, *, distinct: bool = False) -> Iterator[list[bytes]]:
    """Merge sorted streams of blocks (sorted lists of lines) into sorted blocks.

    Each round takes, from every stream's current block, the lines up to the smallest
    of the blocks' last lines (all of them are final) and sorts them together: the
    per-line work stays in C (bisect, slicing, sort).  ``distinct``: a line found in
    several streams is given once (every copy of a line comes in the same round; the
    lines of one stream must be distinct already)."""
    from bisect import bisect_right

    heads: list[list] = []  # [block, offset of its first unread line, the stream]
    for stream in streams:
        it = iter(stream)
        block = next(it, None)
        if block:
            heads.append([block, 0, it])
    while heads:
        if len(heads) == 1:
            block, start, it = heads[0]
            batch = block[start:] if start else block
            heads[0] = [next(it, None), 0, it]
        else:
            bound = min(h[0][-1] for h in heads)
            batch = []
            for h in heads:
                cut = bisect_right(h[0], bound, h[1])
                batch.extend(h[0][h[1]:cut])
                if cut < len(h[0]):
                    h[1] = cut
                else:
                    h[0], h[1] = next(h[2], None), 0
            batch.sort()
            if distinct:
                batch = list(dict.fromkeys(batch))
        heads = [h for h in heads if h[0]]
        if batch:
            yield batch


def _lines(blocks: Iterable[list[bytes]]) -> Iterator[bytes]:
    for block in blocks:
        yield from block


def _as_quads(blocks: Iterable[list[bytes]], graph: str) -> Iterator[list[bytes]]:
    """Blocks of N-Triples lines as N-Quads lines of ``graph`` (the order is kept: the
    text after the object is the same in every line)."""
    tail = f" <{graph}> .\n".encode("utf-8")
    for block in blocks:
        yield [line[:-3] + tail for line in block]


class _LineReader(io.RawIOBase):
    """A binary file reading an iterator of byte strings (for pyoxigraph's parser)."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks = iter(chunks)
        self._buffer = memoryview(b"")  # the unread rest of the current chunk (no copies)

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        while not self._buffer:
            try:
                self._buffer = memoryview(next(self._chunks))
            except StopIteration:
                return 0
        n = min(len(b), len(self._buffer))
        b[:n] = self._buffer[:n]
        self._buffer = self._buffer[n:]
        return n


def _reader(blocks: Iterable[list[bytes]]) -> io.BufferedReader:
    return io.BufferedReader(_LineReader(b"".join(b) for b in blocks), buffer_size=1 << 20)


def _parsed(blocks: Iterable[list[bytes]], rdf_format=ox.RdfFormat.N_TRIPLES):
    """pyoxigraph's parser over blocks of lines (quads; no Python work per triple).

    Lenient (no IRI or language tag checks, twice as fast): the lines are pyoxigraph's
    own serialisation of terms it has already checked."""
    return ox.parse(_reader(blocks), format=rdf_format, lenient=True)


def _triples(blocks: Iterable[list[bytes]]) -> Iterator[ox.Triple]:
    for q in _parsed(blocks):
        yield ox.Triple(q.subject, q.predicate, q.object)


class _Output:
    """Where a pyoxigraph writer writes: the ``@prefix`` lines it puts first are sorted,
    and (for RDF/XML) every carriage return is escaped."""

    def __init__(self, out: BinaryIO, *, escape_cr: bool = False) -> None:
        self.out = out
        self.escape_cr = escape_cr
        self.head: bytes | None = b""

    def write(self, data) -> int:
        data = bytes(data)
        n = len(data)
        if self.escape_cr:
            # a raw CR would be read back as LF by XML parsers (end-of-line handling);
            # the writer puts CRs only in literal text, so escape every one
            data = data.replace(b"\r", b"&#13;")
        if self.head is not None:
            self.head += data
            lines = self.head.split(b"\n")
            if len(lines) > 1 and not all(x.startswith(b"@prefix ") for x in lines[:-1]):
                self.flush_head()
            return n
        self.out.write(data)
        return n

    def flush_head(self) -> None:
        if self.head is None:
            return
        lines = self.head.splitlines(keepends=True)
        n = 0
        while n < len(lines) and lines[n].startswith(b"@prefix ") and lines[n].endswith(b"\n"):
            n += 1
        self.out.write(b"".join(sorted(lines[:n]) + lines[n:]))
        self.head = None

    def flush(self) -> None:
        pass


def _trig_header(graph: str, prefixes: dict[str, str]) -> bytes:
    """The line the TriG writer opens the graph ``graph`` with (``<…> {`` or a prefixed
    name), as it writes it."""
    quad = ox.Quad(ox.NamedNode("urn:x-ctoc-kg:s"), ox.NamedNode("urn:x-ctoc-kg:p"),
                   ox.NamedNode("urn:x-ctoc-kg:o"), ox.NamedNode(graph))
    lines = ox.serialize([quad], format=ox.RdfFormat.TRIG, prefixes=prefixes).splitlines(keepends=True)
    return next(line for line in lines if not line.startswith(b"@prefix ")) + b"\t"


class _TrigGraph:
    """Where the Turtle writer writes one graph of a TriG document: its ``@prefix`` lines
    are set aside (the first graph's are written once, sorted, before its header: the
    ``document`` dict remembers), the rest goes after the graph's ``header`` with every
    line indented by a tab, and ``close`` ends the graph.  Nothing is written for a
    graph without triples."""

    def __init__(self, out: BinaryIO, header: bytes, document: dict) -> None:
        self.out = out
        self.header = header
        self.document = document
        self.prefixes: list[bytes] = []
        self.start: bytes | None = b""  # the writer's output until its first triple
        self.tab = False  # a line break was written last: the next line's tab is due

    def write(self, data) -> int:
        data = bytes(data)
        n = len(data)
        if self.start is not None:
            data = self.start + data
            while data.startswith(b"@prefix "):
                cut = data.find(b"\n") + 1
                if not cut:
                    break
                self.prefixes.append(data[:cut])
                data = data[cut:]
            if not data or b"\n" not in data and b"@prefix ".startswith(data[:8]):
                self.start = data  # not known yet whether it is a prefix line
                return n
            self.start = None
            if not self.document.get("started"):
                self.out.write(b"".join(sorted(self.prefixes)))
                self.document["started"] = True
            self.out.write(self.header)
        data = data.replace(b"\n", b"\n\t")
        if self.tab:
            data = b"\t" + data
        self.tab = data.endswith(b"\n\t")
        self.out.write(data[:-1] if self.tab else data)
        return n

    def flush(self) -> None:
        pass

    def close(self) -> None:
        if self.start is None:
            self.out.write(b"}\n")


# --------------------------------------------------------------------------- writing

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# N-Triples writes these characters as \\u00XX, \\b or \\f escapes, U+FFFE/U+FFFF as they are
_MAYBE_NOT_XML = (b"\\u00", b"\\b", b"\\f", b"\xef\xbf\xbe", b"\xef\xbf\xbf")


def _check_xml_block(block: bytes) -> None:
    """XML 1.0 cannot hold most control characters, escaped or not: refuse them (before
    anything is written)."""
    # (one scan for a backslash and one for U+FFFx first: most data hold neither)
    if not (b"\\" in block and any(needle in block for needle in _MAYBE_NOT_XML[:3])
            or b"\xef\xbf" in block and any(needle in block for needle in _MAYBE_NOT_XML[3:])):
        return
    for q in ox.parse(block, format=ox.RdfFormat.N_TRIPLES):
        for term in (q.subject, q.predicate, q.object):
            m = _NOT_XML.search(term.value)
            if m:
                raise CtocError(f"cannot write RDF/XML: {term.value[:60]!r} holds the control "
                                f"character U+{ord(m.group()):04X}, which XML 1.0 cannot "
                                "represent; use another format (nt, nq, ttl, trig, jsonld)")


def _write_sorted(sources: list, output_format: str, out: BinaryIO) -> None:
    """Write ``sources`` (objects with ``graph`` and ``blocks()``: sorted N-Triples lines)
    in ``output_format`` (not jsonld)."""
    # every prefix of the project's table, as `ctoc-kg fmt` writes them; no `id:` in
    # Turtle and TriG: its local names hold `/`, which they would have to escape
    prefixes = {p: ns for p, ns in sorted(PREFIXES.items()) if p != "id" or output_format == "xml"}
    if output_format == "nt":
        for block in _merge([s.blocks() for s in sources], distinct=True):
            out.write(b"".join(block))
    elif output_format == "nq":
        for block in _merge([_as_quads(s.blocks(), s.graph) for s in sources]):
            out.write(b"".join(block))
    elif output_format in ("ttl", "xml"):
        union = _merge([s.blocks() for s in sources], distinct=True)
        target = _Output(out, escape_cr=output_format == "xml")
        rdf_format = ox.RdfFormat.TURTLE if output_format == "ttl" else ox.RdfFormat.RDF_XML
        ox.serialize(_parsed(union), target, format=rdf_format, prefixes=prefixes)
        target.flush_head()
    elif output_format == "trig":
        # each graph written by the Turtle writer from its N-Triples (what the TriG writer
        # gives for the graph's quads, as a test checks; no graph name on every line to
        # parse), indented under the graph's header
        document: dict = {}
        for s in sources:
            target = _TrigGraph(out, _trig_header(s.graph, prefixes), document)
            ox.serialize(_parsed(s.blocks()), target, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
            target.close()
    else:
        raise CtocError(f"unknown export format {output_format!r} (one of {', '.join(FORMATS)})")


def write(ds: Dataset, output_format: str, out: BinaryIO, *, inferred: bool = False,
          graph: str | None = None) -> None:
    """Write ``ds`` in ``output_format`` to the binary file ``out``, streaming
    (``graph/inferred`` only with ``inferred``; ``graph`` as in ``selected_graphs``)."""
    if output_format not in FORMATS:
        raise CtocError(f"unknown export format {output_format!r} (one of {', '.join(FORMATS)})")
    store = oxigraph_store(ds)
    if output_format == "jsonld":
        from ctoc_kg import jsonld

        compactor = jsonld.compactor()
        graphs = [(iri, _jsonld_nodes(store, iri, as_written(ds, ox.NamedNode(iri)), compactor))
                  for iri in selected_graphs(ds, inferred=inferred, graph=graph)]
        jsonld.write(out, graphs, compactor)
        return
    iris = selected_graphs(ds, inferred=inferred, graph=graph)
    with tempfile.TemporaryDirectory(prefix="ctoc-kg-export-") as folder:
        sources = [_SortedGraph(store, iri, folder, check_xml=output_format == "xml",
                                written=as_written(ds, ox.NamedNode(iri)))
                   for iri in iris]
        _write_sorted(sources, output_format, out)


def export(ds: Dataset, output_format: str, *, inferred: bool = False, graph: str | None = None) -> bytes:
    """The bytes of ``ds`` in ``output_format`` (``graph/inferred`` only with ``inferred``)."""
    buffer = io.BytesIO()
    write(ds, output_format, buffer, inferred=inferred, graph=graph)
    return buffer.getvalue()


# --------------------------------------------------------------------------- parts

def parts(ds: Dataset, *, inferred: bool = False, graph: str | None = None) -> list[Part]:
    """The non-empty named graphs of ``ds`` as parts (in memory), sorted by graph IRI;
    selection as in ``selected_graphs``."""
    store = oxigraph_store(ds)
    found = []
    with tempfile.TemporaryDirectory(prefix="ctoc-kg-export-") as folder:
        for iri in selected_graphs(ds, inferred=inferred, graph=graph):
            sorted_graph = _SortedGraph(store, iri, folder, written=as_written(ds, ox.NamedNode(iri)))
            found.append(Part(iri, tuple(_triples(sorted_graph.blocks()))))
    return found


@dataclass
class _PartSource:
    graph: str
    _lines: Callable[[], list[bytes]]

    def blocks(self) -> Iterator[list[bytes]]:
        lines = self._lines()
        return iter([lines] if lines else [])


def serialize(selected: list[Part], output_format: str) -> bytes:
    """The bytes of ``selected`` (``parts``) in the export format ``output_format``."""
    if output_format == "jsonld":
        return _jsonld(selected)
    sources = [_PartSource(p.graph, (lambda p=p: p.ntriples().splitlines(keepends=True)))
               for p in selected]
    if output_format == "xml":
        _check_xml_block(b"".join(p.ntriples() for p in selected))
    buffer = io.BytesIO()
    _write_sorted(sources, output_format, buffer)
    return buffer.getvalue()


def sorted_lines(items: Iterable, rdf_format: ox.RdfFormat) -> bytes:
    """``items`` (triples or quads) serialised one per line, lines sorted, no duplicates."""
    data = ox.serialize(list(items), format=rdf_format)
    lines = sorted(set(data.splitlines(keepends=True)))
    return b"".join(lines)


def union(selected: list[Part]) -> list[ox.Triple]:
    """The distinct triples of all parts, in N-Triples line order."""
    return list(_triples(_merge([[p.ntriples().splitlines(keepends=True)] for p in selected if len(p)],
                                distinct=True)))


# --- JSON-LD ------------------------------------------------------------------------
# The context and the compaction live in ctoc_kg.jsonld (one function, also used by the
# site); these names stay importable from here (imported on first use).
_FROM_JSONLD = ("build_context", "context_document", "load_context")


def __getattr__(name: str):
    if name in _FROM_JSONLD:
        from ctoc_kg import jsonld

        return getattr(jsonld, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _jsonld(selected: list[Part]) -> bytes:
    from ctoc_kg import jsonld

    return jsonld.dumps(jsonld.compact([(p.graph, p.triples) for p in selected]))
