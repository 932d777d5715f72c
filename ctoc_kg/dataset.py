"""Load the shipped or user RDF files into one Oxigraph-backed rdflib Dataset.

Named graphs (the contract):

* ``ontology/*.ttl``   -> ``https://w3id.org/ctoc-kg/graph/ontology`` (all together)
* ``graph/<stem>.ttl`` -> ``https://w3id.org/ctoc-kg/graph/<stem>``
* a user file ``<stem>.<ext>`` -> ``https://w3id.org/ctoc-kg/graph/<stem>``; in quad
  formats (``.nq``, ``.trig``) the file's own named graphs are kept and only its
  default graph goes to ``graph/<stem>``.
* inferred triples (``ctoc_kg.reason``) -> ``https://w3id.org/ctoc-kg/graph/inferred``

The Dataset is created with ``default_union=True``: SPARQL on it (``ds.query``) and
``ds.triples`` see the union of all named graphs.  ``union_graph(ds)`` gives that view.

Lexical forms are kept.  Importing this module sets ``rdflib.NORMALIZE_LITERALS =
False`` (process-wide), so rdflib never rewrites a literal it builds ("2020-07-16Z"^^xsd:date
keeps its timezone, "yes"^^xsd:boolean stays "yes" and ill-typed).  Oxigraph's store
keeps valid literals in canonical form ("09" as "9", "+1"^^xsd:int as "1"^^xsd:integer,
"1"^^xsd:boolean as "true"; it has no switch, oxigraph issue 526): ``add_quads`` (which
``load_file`` and ``copy`` use) records each quad the store changed, ``quads(ds)`` gives
the quads back as they were read, ``original_term(ds, t)`` a literal as written when
that is unambiguous; export, validation and query answers use them.

The union default graph of Oxigraph counts a triple once per named graph it is in;
``query_store(ds)`` gives a store whose default graph holds each triple once when a
triple is in two graphs (a user file that repeats the ontology), so answers do not
depend on how the data was cut into files.
"""

from __future__ import annotations

import re
import sys
import threading
from collections import OrderedDict
from itertools import islice
from contextlib import contextmanager
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ctoc_kg.namespaces import GRAPH_NS, XSD, file_graph_name  # noqa: F401 (API)
from ctoc_kg import resources, safety
from ctoc_kg.errors import CtocError, InputError

if TYPE_CHECKING:
    from rdflib import Dataset, Graph, URIRef


# rdflib would otherwise replace the lexical form of every typed literal it builds by
# the canonical form of its Python value, dropping what Python cannot hold (a date's
# timezone) and turning ill-typed forms into other values ("yes"^^xsd:boolean -> false).
# rdflib is not imported here (≈ 0.13 s a process that never needs it: query, export,
# load on a bare store): the switch is set now if rdflib is loaded, else as soon as
# anything loads it.
class _NoNormalize:
    """An import hook that sets ``rdflib.NORMALIZE_LITERALS = False`` once rdflib loads."""

    def find_spec(self, name, path=None, target=None):
        if name != "rdflib":
            return None
        sys.meta_path.remove(self)
        from importlib.util import find_spec

        spec = find_spec(name)
        if spec is not None and spec.loader is not None:
            exec_module = spec.loader.exec_module

            def run(module):
                exec_module(module)
                module.NORMALIZE_LITERALS = False

            spec.loader.exec_module = run
        return spec


if "rdflib" in sys.modules:
    sys.modules["rdflib"].NORMALIZE_LITERALS = False
elif not any(isinstance(f, _NoNormalize) for f in sys.meta_path):
    sys.meta_path.insert(0, _NoNormalize())

FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
}


def graph_iri(name: str) -> URIRef:
    """The IRI of the named graph ``name`` (``https://w3id.org/ctoc-kg/graph/<name>``)."""
    from rdflib import URIRef

    return URIRef(GRAPH_NS + name)


def __getattr__(name: str):
    # ONTOLOGY_GRAPH and INFERRED_GRAPH (rdflib URIRefs) are made on first use
    if name in ("ONTOLOGY_GRAPH", "INFERRED_GRAPH"):
        value = globals()[name] = graph_iri(name.split("_")[0].lower())
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def new_dataset() -> Dataset:
    """An empty Oxigraph-backed Dataset whose default graph is the union of all graphs."""
    from oxrdflib import OxigraphStore  # directly: rdflib's plugin lookup by name reads
    # every installed package's entry points (≈ 0.2 s a process)

    from rdflib import Dataset

    return Dataset(store=OxigraphStore(), default_union=True)


class Bare:
    """A pyoxigraph Store with this module's lexical record, without an rdflib Dataset
    around it: the functions here (``load_file``, ``add_quads``, ``oxigraph_store``,
    ``query_store``, ``original_term``, ``quads``), ``ctoc_kg.reason.reason`` (targeted)
    and ``ctoc_kg.query.execute`` (Oxigraph engine) take it where they take a Dataset.
    Making one imports no rdflib store plugin (oxrdflib imports rdflib's SPARQL parser,
    ≈ 0.15 s a process); ``ctoc-kg query`` uses it.  ``load(…, bare=True)`` makes one."""

    def __init__(self, store: ox.Store | None = None) -> None:
        self._inner = ox.Store() if store is None else store

    @property
    def store(self) -> "Bare":  # where oxigraph_store looks for the Store (``ds.store._inner``)
        return self


def load(
    files: Iterable[str | PathLike[str]] | None = None,
    *,
    include_ontology: bool = True,
    ontology: Iterable[str | PathLike[str]] | None = None,
    bare: bool = False,
) -> Dataset:
    """Load RDF files into a new Dataset, one named graph per file.

    With ``files=None`` the shipped ontology and graph are loaded.  With user files,
    each goes into ``graph/<stem>`` and the shipped ontology is added unless
    ``include_ontology`` is false.  ``ontology`` files, when given, go to
    ``graph/ontology`` instead of the shipped ontology.  Raises ``InputError`` for a
    missing, unreadable or invalid file (with line and column where the parser gives
    them).  Reasoning is not applied: ``ctoc_kg.open.open_dataset`` does both.
    ``bare``: a ``Bare`` store instead of a Dataset.
    """
    ds = Bare() if bare else new_dataset()
    if ontology is not None:
        for path in ontology:
            _load_file(ds, path, GRAPH_NS + "ontology")
    elif files is None or include_ontology:
        for path in resources.ontology_files():
            _load_file(ds, path, GRAPH_NS + "ontology")
    if files is None:
        for path in resources.graph_files():
            _load_file(ds, path, GRAPH_NS + path.stem)
    else:
        for f in files:
            path = Path(f)
            _load_file(ds, path, GRAPH_NS + file_graph_name(path))
    return ds


_POSITION = re.compile(r"^Parser error at line \d+ (?:column \d+|between columns \d+ and \d+): ")


def load_file(ds: Dataset, path: str | PathLike[str], graph: URIRef) -> int:
    """Parse one file into ``ds``; triples go to the named graph ``graph``.

    The file is parsed completely before anything is added, so a bad file leaves
    ``ds`` unchanged.  Returns the number of quads read.

    N-Triples and N-Quads files go straight into the store (parsed in Rust, no Python
    object per quad) when nothing in them needs the Python path: no blank node label
    (the store would rename it) and no typed literal the store would write in another
    form (``_fast_load``).  Any other file is parsed into quads and added by
    ``add_quads``.  Both give the same store and the same lexical record.
    """
    return _load_file(ds, path, graph, count=True)


def _load_file(ds: Dataset, path: str | PathLike[str], graph: URIRef, *, count: bool = False) -> int | None:
    """``load_file``; the number of quads read only if ``count`` (else None: counting the
    statements of an N-Triples file is a pass over its bytes that ``load`` does not need)."""
    path = Path(path)
    data, rdf_format = _read_checked(path)
    if _fast_load(ds, data, rdf_format, path, graph):
        return _statements(data) if count else None
    quads = _parse(data, rdf_format, path, graph)
    if isinstance(quads, _Parsed) and quads.blank_nodes:
        # a remembered parse whose blank nodes are already in ``ds`` (the same file loaded
        # twice into one graph): a parse of its own, whose unlabelled blank nodes are new
        # ones, as they were before the parse was remembered
        lex = _lexical(ds)
        if any(quads is t for t in lex.parses):
            quads = _parse_now(data, rdf_format, path, graph)
        else:
            lex.parses.append(quads)
    add_quads(ds, quads)
    return len(quads)


_BLANK_OR_COMMENT = re.compile(rb"\n[ \t]*(?=[#\r\n]|\Z)")


# a typed literal as N-Triples writers write it: after a space, no escape, no "^" or
# newline in it, "^^" right after the closing quote, an IRI without "^", '"' or newline
_PLAIN_TYPED = re.compile(rb' ("[^"\\\n^]*"\^\^<[^>\n^"]*>)')


def _typed_literals(data: bytes) -> set[bytes] | None:
    """Each distinct ``"lexical"^^<datatype>`` of an N-Triples / N-Quads document, or None
    when one is written in a way this scan does not read (an escape in the lexical
    form, a "^^" inside a string): the caller then parses the document instead."""
    # One regular expression (≈ 2× faster than the loop below) when its matches hold
    # every "^" of the document: each match holds exactly two, its "^^", so if the
    # document has twice as many "^" as there are matches, every "^^" the loop would
    # find is one of them, and for each the loop finds the same quotes and ">" and keeps
    # the same bytes.  Anything else (a "^" elsewhere, a tab before a literal, spaces
    # around "^^"): the loop, which decides.  (Counting one byte is ≈ 2× faster than
    # counting "^^".)
    plain = _PLAIN_TYPED.findall(data)
    if 2 * len(plain) == data.count(b"^"):
        return set(plain)
    return _typed_literals_loop(data)


def _typed_literals_loop(data: bytes) -> set[bytes] | None:
    found = set()
    find, rfind = data.find, data.rfind
    pos = find(b"^^")
    while pos >= 0:
        close = rfind(b'"', 0, pos)
        if close < 0 or data[close + 1:pos].strip(b" \t"):
            return None
        open_ = rfind(b'"', 0, close)
        end = find(b">", pos)
        if (open_ < 1 or end < 0 or data[open_ - 1] not in b" \t>"  # an escaped quote
                or b"\\" in data[open_:close] or b"\n" in data[open_:end]):
            return None
        found.add(data[open_:close + 1] + b"^^" + data[pos + 2:end + 1].strip(b" \t"))
        pos = find(b"^^", end)
    return found


def _statements(data: bytes) -> int:
    """The number of statements of an N-Triples / N-Quads document (one per line)."""
    first = re.match(rb"[ \t]*(?:[#\r\n]|\Z)", data) is not None
    return data.count(b"\n") + 1 - first - len(_BLANK_OR_COMMENT.findall(data))


def _fast_load(ds: Dataset, data: bytes, rdf_format: ox.RdfFormat, path: Path,
               graph: URIRef | None) -> bool:
    """Load an N-Triples / N-Quads document with the store's own parser when that gives
    exactly what ``_parse`` + ``add_quads`` would, and return True; False (nothing done)
    otherwise."""
    if rdf_format not in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS):
        return False
    lex = _lexical(ds)
    # earlier quads read in another form; blank nodes ("_" first: one byte is searched ≈ 10×
    # faster than two, and most files have no "_" at all)
    if lex.by_quad or (b"_" in data and b"_:" in data):
        return False
    typed = _typed_literals(data)
    if typed is None:
        return False
    literals = []
    if typed:
        sample = b"".join(b"<urn:x-ctoc-kg:s> <urn:x-ctoc-kg:p> %s .\n" % t for t in typed)
        try:
            literals = [q.object for q in ox.parse(sample, format=ox.RdfFormat.N_TRIPLES)]
        except SyntaxError:
            return False
    candidates = list({lit for lit in literals if _may_change(lit)})
    stored = _stored_forms(candidates) if candidates else {}
    if any(stored[lit] != lit for lit in candidates):
        return False
    target = ox.NamedNode(str(graph)) if graph is not None else ox.DefaultGraph()
    with _parse_errors(path):
        oxigraph_store(ds).load(data, format=rdf_format, base_iri=path.resolve().as_uri(),
                                to_graph=target)
    lex.kept.update(candidates)
    return True


def read_quads(path: str | PathLike[str], graph: URIRef | None = None) -> list[ox.Quad]:
    """Parse one RDF file (format from its extension) into pyoxigraph quads.

    Triples of the file's default graph are put in ``graph`` (or left in the
    default graph when ``graph`` is None).  Raises ``InputError`` on any failure.

    Before reading: the format must be known, the path a regular file no larger than
    ``safety.max_file_size()``.  An empty (or blank) Turtle, N-Triples, N-Quads or
    TriG file is a valid document with no triples; an empty JSON-LD or RDF/XML file
    is not a JSON or XML document and is refused.  Turtle-family files must be UTF-8
    without a byte-order mark.  RDF/XML goes through ``safety.check_rdfxml`` first
    (no external entities, bounded entity expansion and depth).  A JSON-LD remote
    ``@context`` is never fetched.
    """
    path = Path(path)
    data, rdf_format = _read_checked(path)
    return list(_parse(data, rdf_format, path, graph))


def _read_checked(path: Path) -> tuple[bytes, ox.RdfFormat]:
    """The bytes of ``path`` and its format, after the checks ``read_quads`` lists."""
    rdf_format = FORMATS.get(path.suffix.lower())
    if rdf_format is None:
        known = " ".join(sorted(FORMATS))
        raise InputError(path, cause=f"unknown RDF format {path.suffix!r} (known: {known})")
    data = safety.read_bytes(path)
    _check_encoding(data, path, rdf_format)
    if rdf_format in (ox.RdfFormat.JSON_LD, ox.RdfFormat.RDF_XML) and not data.strip():
        empty = "{}" if rdf_format == ox.RdfFormat.JSON_LD else "<rdf:RDF/>"
        kind = "JSON" if rdf_format == ox.RdfFormat.JSON_LD else "XML"
        raise InputError(path, cause=f"empty file: not a {kind} document (an empty graph is {empty})")
    if rdf_format == ox.RdfFormat.RDF_XML:
        safety.check_rdfxml(data, path)
    return data, rdf_format


# Parses remembered for the rest of the process (every open_dataset parses the ontology,
# most also the shipped graph): (resolved path, SHA-256 of the bytes, target graph,
# format) -> the quads, a tuple of immutable pyoxigraph Quads.  Only a parse that
# succeeded is kept; a file larger than _PARSED_FILE_BYTES is parsed every time, and the
# least recently used parses go once the files kept add up to more than _PARSED_BYTES.
_PARSED: OrderedDict = OrderedDict()  # key -> (quads, size of the file)
_PARSED_BYTES = 8 * 2**20
_PARSED_FILE_BYTES = 2 * 2**20
_PARSED_LOCK = threading.Lock()


def _parse(data: bytes, rdf_format: ox.RdfFormat, path: Path,
           graph: URIRef | None) -> tuple[ox.Quad, ...] | list[ox.Quad]:
    """``_parse_now``, remembered for the same bytes of the same file into the same graph
    (``_PARSED``): the same quads, blank nodes included, so a caller that may change what
    it got copies it (``read_quads`` does)."""
    if len(data) > _PARSED_FILE_BYTES:
        return _parse_now(data, rdf_format, path, graph)
    import hashlib

    key = (str(path.resolve()), hashlib.sha256(data).digest(),
           None if graph is None else str(graph), rdf_format)
    with _PARSED_LOCK:
        hit = _PARSED.get(key)
        if hit is not None:
            _PARSED.move_to_end(key)
            return hit[0]
    quads = _Parsed(_parse_now(data, rdf_format, path, graph))
    quads.blank_nodes = any(isinstance(t, ox.BlankNode) for q in quads
                            for t in (q.subject, q.object, q.graph_name))
    with _PARSED_LOCK:
        _PARSED[key] = (quads, len(data))
        _PARSED.move_to_end(key)
        while sum(size for _q, size in _PARSED.values()) > _PARSED_BYTES:
            _PARSED.popitem(last=False)
    return quads


class _Parsed(tuple):
    """A remembered parse: its quads, whether a blank node is among them, and (once
    ``add_quads`` has worked them out) ``_typed_forms`` of its quads."""

    blank_nodes = False
    typed_forms: tuple | None = None


def _parse_now(data: bytes, rdf_format: ox.RdfFormat, path: Path, graph: URIRef | None) -> list[ox.Quad]:
    target = ox.NamedNode(str(graph)) if graph is not None else ox.DefaultGraph()
    with _parse_errors(path):
        return [
            q if not isinstance(q.graph_name, ox.DefaultGraph)
            else ox.Quad(q.subject, q.predicate, q.object, target)
            for q in ox.parse(data, format=rdf_format, base_iri=path.resolve().as_uri())
        ]


@contextmanager
def _parse_errors(path: Path):
    """pyoxigraph's parse errors as ``InputError`` (file:line:column: cause)."""
    try:
        yield
    except SyntaxError as e:
        cause = _POSITION.sub("", str(e.msg))
        if "LoadDocumentCallback" in cause:
            cause = ("remote JSON-LD @context refused: ctoc-kg never fetches contexts "
                     "(works offline); inline the context in the file")
        from ctoc_kg.parse_hints import explain

        raise InputError(path, e.lineno, e.offset, explain(path, e.lineno, e.offset, cause)) from e
    except MemoryError as e:  # pyoxigraph: "Reached the buffer maximal size of 16777216"
        raise InputError(path, cause=f"a term or token is too long to parse ({e})") from e
    except (ValueError, OSError) as e:
        raise InputError(path, cause=str(e)) from e


_TEXT_FORMATS = (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG)


def _check_encoding(data: bytes, path: Path, rdf_format: ox.RdfFormat) -> None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(path, 1, 1, "the file is UTF-16; RDF files must be UTF-8")
    if rdf_format in _TEXT_FORMATS and data.startswith(b"\xef\xbb\xbf"):
        raise InputError(path, 1, 1, "the file starts with a UTF-8 byte-order mark (BOM), "
                         "which Turtle and N-Triples do not allow; save it as UTF-8 without BOM")


def oxigraph_store(ds: Dataset) -> ox.Store:
    """The pyoxigraph Store behind a Dataset made by ``new_dataset`` (or ``load``).

    Loading, querying and exporting through it skip rdflib's term conversion per
    triple.  (oxrdflib keeps the Store in its private ``_inner``; this is the one
    place that knows.)  ``CtocError`` for a Dataset on another store.
    """
    inner = getattr(ds.store, "_inner", None)
    if not isinstance(inner, ox.Store):
        raise CtocError("this Dataset is not backed by Oxigraph; make it with "
                        "ctoc_kg.dataset.new_dataset() or load()")
    return inner


def copy(ds: Dataset) -> Dataset:
    """A new Oxigraph-backed Dataset with every quad of ``ds`` (``ds`` is not changed),
    lexical forms included."""
    out = new_dataset()
    inner = getattr(ds.store, "_inner", None)
    if isinstance(inner, ox.Store):
        add_quads(out, list(quads(ds)))
        return out
    from ctoc_kg.terms import to_ox

    add_quads(out, [ox.Quad(to_ox(s), to_ox(p), to_ox(o), _graph_name(c.identifier))
                    for s, p, o, c in ds.quads((None, None, None, None))])
    return out


def _graph_name(identifier):
    from rdflib import URIRef
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    if identifier is None or identifier == DATASET_DEFAULT_GRAPH_ID:
        return ox.DefaultGraph()
    return ox.NamedNode(str(identifier)) if isinstance(identifier, URIRef) else ox.BlankNode(str(identifier))


# ---------------------------------------------------------------------------
# What the Oxigraph store changes, given back


@dataclass
class _Lexical:
    """Kept on a Dataset: the quads whose literal the store holds in another form."""

    by_quad: dict = field(default_factory=dict)  # stored quad -> [quads as read]
    by_literal: dict = field(default_factory=dict)  # stored literal -> {literals as read}
    kept: set = field(default_factory=set)  # literals stored as they were read
    union: tuple | None = None  # (store length, (store, query keywords)) for query_store
    fixed_union: tuple | None = None  # (store, query keywords) of a store that cannot change
    inferred_apart: int | None = None  # store size when graph/inferred was known apart
    parses: list = field(default_factory=list)  # remembered parses with blank nodes loaded here


def _lexical(ds: Dataset) -> _Lexical:
    lex = getattr(ds, "_ctoc_lexical", None)
    if lex is None:
        lex = _Lexical()
        ds._ctoc_lexical = lex
    return lex


def _may_change(term) -> bool:
    return (isinstance(term, ox.Literal) and term.language is None
            and term.datatype.value.startswith(XSD) and term.datatype.value != XSD + "string")


def _stored_forms(literals: list) -> dict:
    """literal -> the literal Oxigraph's store holds for it (one scratch store)."""
    scratch = ox.Store()
    p = ox.NamedNode("urn:x-ctoc-kg:value")
    scratch.extend([ox.Quad(ox.NamedNode(f"urn:x-ctoc-kg:{i}"), p, lit, ox.DefaultGraph())
                    for i, lit in enumerate(literals)])
    return {literals[int(q.subject.value.rsplit(":", 1)[1])]: q.object for q in scratch}


def _typed_forms(new) -> list[tuple[ox.Quad, ox.Literal]]:
    """(quad, the literal the store holds for its object) of each quad of ``new`` whose
    object the store may hold in another form (``_may_change``), in order."""
    candidates = list({q.object for q in new if _may_change(q.object)})
    if not candidates:
        return []
    stored = _stored_forms(candidates)
    return [(q, stored[q.object]) for q in new if q.object in stored]


def add_quads(ds: Dataset, new: list[ox.Quad]) -> None:
    """Add quads to the Dataset's store, remembering the ones the store changes."""
    store = oxigraph_store(ds)
    if isinstance(new, _Parsed):  # a remembered parse: its forms are worked out once
        typed = new.typed_forms
        if typed is None:
            typed = new.typed_forms = tuple(_typed_forms(new))
    else:
        typed = _typed_forms(new)
    if typed:
        lex = _lexical(ds)
        unchanged = {q for q, form in typed if form == q.object}
        for q, form in typed:
            if form == q.object:
                lex.kept.add(form)
                group = lex.by_quad.get(q)
                if group is not None and q not in group:
                    group.append(q)
                continue
            sq = ox.Quad(q.subject, q.predicate, form, q.graph_name)
            group = lex.by_quad.get(sq)
            if group is None:
                group = lex.by_quad[sq] = [sq] if (sq in store or sq in unchanged) else []
            if q not in group:
                group.append(q)
            lex.by_literal.setdefault(form, set()).add(q.object)
    store.extend(new)


def quads(ds: Dataset, graph=None) -> Iterator[ox.Quad]:
    """The quads of ``ds`` (of the named graph ``graph``, a pyoxigraph term, if given)
    as they were read: a literal the store canonicalised comes back as written."""
    by_quad = _lexical(ds).by_quad
    for q in oxigraph_store(ds).quads_for_pattern(None, None, None, graph):
        group = by_quad.get(q)
        if group:
            yield from group
        else:
            yield q


def as_written(ds: Dataset, graph) -> dict:
    """For the named graph ``graph`` (a pyoxigraph term): each triple the store holds in
    another form than was read -> the triples as they were read (usually empty)."""
    out = {}
    for q, group in _lexical(ds).by_quad.items():
        if q.graph_name == graph:
            out[ox.Triple(q.subject, q.predicate, q.object)] = [
                ox.Triple(g.subject, g.predicate, g.object) for g in group]
    return out


def original_term(ds: Dataset, term):
    """A pyoxigraph term as it was written in the data: a literal the store holds in
    canonical form comes back in the one form it was read in; when several forms, or
    the canonical form itself, were read, the term is returned as it is."""
    if not isinstance(term, ox.Literal):
        return term
    lex = _lexical(ds)
    forms = lex.by_literal.get(term)
    if forms is None or len(forms) != 1 or term in lex.kept:
        return term
    return next(iter(forms))


def original_terms(ds: Dataset):
    """``original_term`` bound to ``ds``, or None when it would give every term back as
    it is (no literal of ``ds`` is held in another form than it was read in)."""
    if not _lexical(ds).by_literal:
        return None
    return lambda term: original_term(ds, term)


def query_store(ds: Dataset) -> tuple[ox.Store, dict]:
    """The store to run a SPARQL query on and the keyword arguments for its ``query``.

    Normally the Dataset's own store with ``use_default_graph_as_union=True``.  When a
    triple is in two named graphs, Oxigraph's union would count it twice; then a copy
    whose default graph holds every triple once (the RDF merge SPARQL means), with the
    named graphs beside it, is built and kept until the store changes."""
    lex = _lexical(ds)
    if lex.fixed_union is not None:
        return lex.fixed_union
    size = len(oxigraph_store(ds))
    if lex.union is not None and lex.union[0] == size:
        return lex.union[1]
    answer = _union_answer(ds, size, lex.inferred_apart == size)
    lex.union = (size, answer)
    return answer


def _union_answer(ds: Dataset, size: int | None, apart: bool) -> tuple[ox.Store, dict]:
    """``query_store``'s answer for ``ds``, whose store holds ``size`` quads now (None: not
    counted yet); ``apart``: graph/inferred holds no triple of another graph."""
    store = oxigraph_store(ds)
    skip = ox.NamedNode(GRAPH_NS + "inferred") if apart else None
    twice = _in_two_graphs(store, skip, size)
    if twice is None:
        distinct = next(iter(store.query(
            "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { "
            "{ ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } }")))[0]
        twice = int(distinct.value) != (len(store) if size is None else size)
    if not twice:
        answer = (store, {"use_default_graph_as_union": True})
    else:
        merged = ox.Store()  # the copy and the merge in Rust: half the time of Python objects
        merged.bulk_extend(store.quads_for_pattern(None, None, None, None))
        merged.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        answer = (merged, {"use_default_graph_as_union": False})
    return answer


_READ_BEFORE_COUNTING = 20000  # quads read before _in_two_graphs counts the store


def _in_two_graphs(store: ox.Store, skip, size: int | None) -> bool | None:
    """Is some triple in two graphs of ``store`` (``skip`` left out: a graph known to
    hold no triple of another)?  The graphs are read in turns until one graph is left,
    and each graph read to its end is looked up in all others at once (one SPARQL ASK):
    the largest is never read whole, so one big file with the ontology beside it costs
    the ontology's size.  None (not known) when that would read more than an eighth of
    the store (``size`` quads; None: counted only once more than
    ``_READ_BEFORE_COUNTING`` were read): the caller counts instead."""
    graphs = [g for g in store.named_graphs() if g != skip] + [ox.DefaultGraph()]
    turns = {g: iter(store.quads_for_pattern(None, None, None, g)) for g in graphs}
    limit = None if size is None else size // 8 + 1000
    total = 0
    step = 256
    while len(turns) > 1:
        for g in list(turns):
            read = sum(1 for _ in islice(turns[g], step))
            total += read
            if read < step:  # read to its end: is one of its triples in another graph?
                del turns[g]
                if read and _shares_a_triple(store, g):
                    return True
                if len(turns) == 1:
                    break
        if len(turns) > 1:
            if limit is None and total > _READ_BEFORE_COUNTING:
                limit = len(store) // 8 + 1000
            if limit is not None and total > limit:
                return None
        step *= 2
    return False


def _shares_a_triple(store: ox.Store, g) -> bool:
    """Does a triple of the graph ``g`` (named, or the default graph) sit in another graph?
    (Two ASKs: a UNION of both makes Oxigraph read every graph whole.)"""
    if isinstance(g, ox.DefaultGraph):
        return bool(store.query("ASK { ?s ?p ?o GRAPH ?x { ?s ?p ?o } }",
                                use_default_graph_as_union=False))
    bound = {ox.Variable("g"): g}
    return any(bool(store.query(query, use_default_graph_as_union=False, substitutions=bound))
               for query in ("ASK { GRAPH ?g { ?s ?p ?o } GRAPH ?x { ?s ?p ?o } FILTER(?x != ?g) }",
                             "ASK { GRAPH ?g { ?s ?p ?o } ?s ?p ?o }"))


def mark_inferred_apart(ds: Dataset, *, final: bool = False) -> None:
    """Record that the graph ``graph/inferred`` of ``ds`` holds no triple that another graph
    holds (what ``ctoc_kg.reason.reason`` makes), so ``query_store`` need not look at it;
    forgotten once the store's size changes.  ``final``: the caller will not change ``ds``
    any more (it only queries it, as ``ctoc-kg query`` does): ``query_store``'s answer is
    worked out now and kept, and the store is not counted (≈ 0.02 s at 100k triples)."""
    lex = _lexical(ds)
    if final:
        lex.fixed_union = _union_answer(ds, None, True)
    else:
        lex.inferred_apart = len(oxigraph_store(ds))


def union_graph(ds: Dataset) -> Graph:
    """A Graph view over all named graphs of ``ds`` (SPARQL and ``triples`` see them all)."""
    if not ds.default_union:
        raise ValueError("dataset was not created with default_union=True")
    return ds


def named_graphs(ds: Dataset) -> list[URIRef]:
    """The IRIs of the non-empty named graphs of ``ds``, sorted."""
    from rdflib import URIRef

    store = oxigraph_store(ds)
    return sorted(URIRef(g.value) for g in store.named_graphs()
                  if next(iter(store.quads_for_pattern(None, None, None, g)), None))
