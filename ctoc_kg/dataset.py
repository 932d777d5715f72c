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

Lexical forms are kept: importing this module sets ``rdflib.NORMALIZE_LITERALS = False``
(process-wide), so rdflib never rewrites a literal it builds ("2020-07-16Z"^^xsd:date
keeps its timezone, "yes"^^xsd:boolean stays "yes" and ill-typed, "09" stays "09").
"""

from __future__ import annotations

import re
from urllib.parse import quote
from collections.abc import Iterable
from os import PathLike
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib import Dataset, Graph, URIRef

from ctoc_kg.namespaces import GRAPH_NS
from ctoc_kg import resources, safety
from ctoc_kg.errors import CtocError, InputError

# rdflib would otherwise replace the lexical form of every typed literal it builds by
# the canonical form of its Python value, dropping what Python cannot hold (a date's
# timezone) and turning ill-typed forms into other values ("yes"^^xsd:boolean -> false).
rdflib.NORMALIZE_LITERALS = False

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
    return URIRef(GRAPH_NS + name)


def file_graph_name(path: str | PathLike[str]) -> str:
    """The graph name of a user file: its stem, percent-encoded where an IRI needs it
    (``my data.ttl`` -> ``my%20data``); ordinary stems are unchanged."""
    return quote(Path(path).stem, safe="-._~!$&'()*+,;=:@")


ONTOLOGY_GRAPH = graph_iri("ontology")
INFERRED_GRAPH = graph_iri("inferred")


def new_dataset() -> Dataset:
    """An empty Oxigraph-backed Dataset whose default graph is the union of all graphs."""
    return Dataset(store="Oxigraph", default_union=True)


def load(
    files: Iterable[str | PathLike[str]] | None = None,
    *,
    include_ontology: bool = True,
    ontology: Iterable[str | PathLike[str]] | None = None,
) -> Dataset:
    """Load RDF files into a new Dataset, one named graph per file.

    With ``files=None`` the shipped ontology and graph are loaded.  With user files,
    each goes into ``graph/<stem>`` and the shipped ontology is added unless
    ``include_ontology`` is false.  ``ontology`` files, when given, go to
    ``graph/ontology`` instead of the shipped ontology.  Raises ``InputError`` for a
    missing, unreadable or invalid file (with line and column where the parser gives
    them).  Reasoning is not applied: ``ctoc_kg.open.open_dataset`` does both.
    """
    ds = new_dataset()
    if ontology is not None:
        for path in ontology:
            load_file(ds, path, ONTOLOGY_GRAPH)
    elif files is None or include_ontology:
        for path in resources.ontology_files():
            load_file(ds, path, ONTOLOGY_GRAPH)
    if files is None:
        for path in resources.graph_files():
            load_file(ds, path, graph_iri(path.stem))
    else:
        for f in files:
            path = Path(f)
            load_file(ds, path, graph_iri(file_graph_name(path)))
    return ds


_POSITION = re.compile(r"^Parser error at line \d+ (?:column \d+|between columns \d+ and \d+): ")


def load_file(ds: Dataset, path: str | PathLike[str], graph: URIRef) -> int:
    """Parse one file into ``ds``; triples go to the named graph ``graph``.

    The file is parsed completely before anything is added, so a bad file leaves
    ``ds`` unchanged.  Returns the number of quads read.
    """
    quads = read_quads(path, graph)
    oxigraph_store(ds).extend(quads)
    return len(quads)


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
    try:
        target = ox.NamedNode(str(graph)) if graph is not None else ox.DefaultGraph()
        quads = [
            q if not isinstance(q.graph_name, ox.DefaultGraph)
            else ox.Quad(q.subject, q.predicate, q.object, target)
            for q in ox.parse(data, format=rdf_format, base_iri=path.resolve().as_uri())
        ]
    except SyntaxError as e:
        cause = _POSITION.sub("", str(e.msg))
        if "LoadDocumentCallback" in cause:
            cause = ("remote JSON-LD @context refused: ctoc-kg never fetches contexts "
                     "(works offline); inline the context in the file")
        raise InputError(path, e.lineno, e.offset, cause) from e
    except MemoryError as e:  # pyoxigraph: "Reached the buffer maximal size of 16777216"
        raise InputError(path, cause=f"a term or token is too long to parse ({e})") from e
    except (ValueError, OSError) as e:
        raise InputError(path, cause=str(e)) from e
    return quads


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
    """A new Oxigraph-backed Dataset with every quad of ``ds`` (``ds`` is not changed)."""
    out = new_dataset()
    inner = getattr(ds.store, "_inner", None)
    if isinstance(inner, ox.Store):
        oxigraph_store(out).extend(inner.quads_for_pattern(None, None, None, None))
        return out
    for g in ds.graphs():
        target = out.graph(g.identifier)
        for t in g:
            target.add(t)
    return out


def union_graph(ds: Dataset) -> Graph:
    """A Graph view over all named graphs of ``ds`` (SPARQL and ``triples`` see them all)."""
    if not ds.default_union:
        raise ValueError("dataset was not created with default_union=True")
    return ds


def named_graphs(ds: Dataset) -> list[URIRef]:
    """The IRIs of the non-empty named graphs of ``ds``, sorted."""
    store = oxigraph_store(ds)
    return sorted(URIRef(g.value) for g in store.named_graphs()
                  if next(iter(store.quads_for_pattern(None, None, None, g)), None))
