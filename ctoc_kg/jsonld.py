"""JSON-LD a web developer can use as is: the context, and compaction of named graphs.

``build_context(ontology)`` derives the context from the ontology (the shipped
``contexts/ctoc.jsonld`` is its output; a test keeps the two equal):

* ``id`` and ``type`` alias ``@id`` and ``@type``; ``@base`` is the data namespace
  ``https://w3id.org/ctoc-kg/id/``, so an entity is ``"body/working-group-firearms"``
  (there is no ``id:`` prefix, which would clash with the ``id`` alias);
* ``@vocab`` is the ontology namespace: classes and code-list values are their local
  names (``"type": "Meeting"``, ``"meetingStatus": "Planned"``);
* every property and class the ontology uses or aligns with has a plain key, standard
  ones too (``wasInfluencedBy``, ``subOrganizationOf``); a standard term whose local
  name is taken gets its prefix glued on (``schemaStartDate``, ``schemaEvent``);
* object properties are ``@type: @id`` (entities) or ``@type: @vocab`` (code lists,
  classes, properties); dates are typed (``@type: xsd:date``); integers carry no
  coercion, so they are written as JSON numbers; language-tagged properties are
  language maps (``"label": {"en": …, "fr": …}``).

``compact(parts, context)`` turns named graphs into one compacted document using
that context. It is written for this kind of context rather than running the general
JSON-LD compaction algorithm (PyLD, a test dependency, checks every output by expanding
it back to the same quads): it is linear in the number of triples, and a value that
does not fit its key's definition (a literal of an unexpected datatype, say) is
written in expanded form, so nothing is ever lost or changed.

A context is always passed as an object: nothing here fetches anything.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, XSD, Graph, URIRef
from rdflib.namespace import SKOS

from ctoc_kg.namespaces import DCTERMS, ELI, ID_NS, ONTOLOGY_NS, PREFIXES, SCHEMA, VOID, split
from ctoc_kg import resources
from ctoc_kg.errors import CtocError

XSD_NS = str(XSD)
RDF_TYPE = str(RDF.type)
XSD_STRING = XSD_NS + "string"
XSD_INTEGER = XSD_NS + "integer"
XSD_BOOLEAN = XSD_NS + "boolean"
RDF_LANGSTRING = str(RDF.langString)

# Prefixes the context declares (for keys and values without a term of their own).
# `id` is left out on purpose: `id` is the alias of @id.
CONTEXT_PREFIXES: dict[str, str] = {
    **{prefix: ns for prefix, ns in PREFIXES.items() if prefix != "id"}, "eli": ELI, "void": VOID}

# Standard properties that hold language-tagged text.
LANGUAGE_PROPERTIES = {
    str(RDFS.label), str(RDFS.comment), str(SKOS.definition), str(SKOS.prefLabel),
    str(SKOS.altLabel), str(SKOS.scopeNote), str(SKOS.note), str(SKOS.example),
    DCTERMS + "title", DCTERMS + "description",
}
# Always given a plain key, whether the ontology uses them yet or not.
ALWAYS_PROPERTIES = {str(RDFS.label), str(RDFS.comment), str(SKOS.definition),
                     str(SKOS.prefLabel), str(SKOS.altLabel), str(SKOS.inScheme),
                     str(SKOS.hasTopConcept), str(SKOS.topConceptOf), str(RDFS.seeAlso),
                     # the per-statement provenance graphs (rdf:Statement reification)
                     str(RDF.subject), str(RDF.predicate), str(RDF.object)}
ALWAYS_CLASSES = {str(SKOS.Concept), str(SKOS.ConceptScheme), str(RDF.Statement)}
# Standard properties whose values are vocabulary terms (classes, properties, codes).
VOCAB_PROPERTIES = {
    str(RDFS.subClassOf), str(RDFS.subPropertyOf), str(RDFS.domain), str(RDFS.range),
    str(OWL.inverseOf), str(OWL.equivalentClass), str(OWL.equivalentProperty),
    str(OWL.disjointWith), str(OWL.propertyDisjointWith), str(SKOS.inScheme),
    str(SKOS.topConceptOf), str(SKOS.hasTopConcept), str(SKOS.broader), str(SKOS.narrower),
    str(SKOS.exactMatch), str(SKOS.closeMatch), str(SKOS.related), str(RDFS.isDefinedBy),
    str(RDF.predicate),
}
# Standard properties whose values are other resources.
ID_PROPERTIES = {
    str(OWL.versionIRI), str(OWL.imports), str(RDFS.seeAlso),
    DCTERMS + "license", DCTERMS + "source", str(RDF.subject),
}
_STRUCTURAL = {str(RDFS.subClassOf), str(RDFS.subPropertyOf), str(OWL.inverseOf),
               str(OWL.equivalentClass), str(OWL.equivalentProperty), str(RDFS.domain),
               str(RDFS.range)}
_PROPERTY_TYPES = {str(OWL.ObjectProperty), str(OWL.DatatypeProperty),
                   str(OWL.AnnotationProperty), str(RDF.Property)}


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def _prefix_of(iri: str) -> tuple[str, str] | None:
    return split(iri, CONTEXT_PREFIXES)


# --------------------------------------------------------------------------- the context

def build_context(ontology: Graph) -> dict:
    """The JSON-LD context (the object under ``@context``) for ``ontology``."""
    props: set[str] = {str(p) for p in ontology.predicates()} | ALWAYS_PROPERTIES
    classes: set[str] = set(ALWAYS_CLASSES)
    for s, o in ontology.subject_objects(RDF.type):
        if str(o) in _PROPERTY_TYPES:
            props.add(str(s))
        elif str(o) in (str(OWL.Class), str(RDFS.Class)):
            classes.add(str(s))
        classes.add(str(o))
    for p in (RDFS.subPropertyOf, OWL.inverseOf, OWL.equivalentProperty):
        for s, o in ontology.subject_objects(p):
            props.update({str(s), str(o)})
    for p in (RDFS.subClassOf, OWL.equivalentClass, RDFS.domain, RDFS.range):
        for s, o in ontology.subject_objects(p):
            classes.add(str(o))
            if p in (RDFS.subClassOf, OWL.equivalentClass):
                classes.add(str(s))
    blank = {str(b) for b in ontology.all_nodes() if not isinstance(b, URIRef)}
    props -= blank
    classes -= props | blank
    vocab_terms = {i for i in (props | classes) if not i.startswith(XSD_NS) and i != RDF_TYPE}

    names = _names(vocab_terms)
    ctx: dict = {"@version": 1.1, "@base": ID_NS, "@vocab": ONTOLOGY_NS,
                 "id": "@id", "type": "@type"}
    ctx.update(CONTEXT_PREFIXES)
    code_lists = _code_list_classes(ontology)
    for iri in sorted(vocab_terms):
        name = names[iri]
        if iri in props:
            ctx[name] = _property_definition(ontology, iri, code_lists)
        else:
            ctx[name] = {"@id": iri}
    return ctx


def _names(iris: Iterable[str]) -> dict[str, str]:
    """A plain key for each IRI: the ctoc local name; else the standard local name;
    else (taken by a ctoc term, another standard term, a prefix or a keyword alias)
    the prefix glued to the capitalised local name."""
    reserved = {"id", "type", "graph"} | set(CONTEXT_PREFIXES)
    names: dict[str, str] = {}
    ours = sorted(i for i in iris if i.startswith(ONTOLOGY_NS))
    for iri in ours:
        local = iri[len(ONTOLOGY_NS):]
        if local in reserved:
            raise CtocError(f"ontology term {iri} has a local name the JSON-LD context reserves")
        names[iri] = local
    taken = set(names.values()) | reserved
    others = sorted(i for i in iris if not i.startswith(ONTOLOGY_NS))
    counts = defaultdict(int)
    for iri in others:
        counts[_local(iri)] += 1
    for iri in others:
        local = _local(iri)
        pfx = _prefix_of(iri)
        if local and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", local) and local not in taken \
                and counts[local] == 1:
            names[iri] = local
        elif pfx and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", pfx[1]):
            names[iri] = pfx[0] + pfx[1][:1].upper() + pfx[1][1:]
        else:
            names[iri] = iri
    for iri in others:
        taken.add(names[iri])
    return names


def _code_list_classes(ontology: Graph) -> set[str]:
    """Classes whose members are code-list values: skos:Concept and its sub-classes, and
    classes whose instances are ``skos:inScheme`` a concept scheme."""
    out = {str(SKOS.Concept)}
    changed = True
    while changed:
        changed = False
        for s, o in ontology.subject_objects(RDFS.subClassOf):
            if str(o) in out and str(s) not in out and isinstance(s, URIRef):
                out.add(str(s))
                changed = True
    for value in set(ontology.subjects(SKOS.inScheme, None)):
        for c in ontology.objects(value, RDF.type):
            if isinstance(c, URIRef) and str(c) != str(OWL.NamedIndividual):
                out.add(str(c))
    return out


def _property_definition(ontology: Graph, iri: str, code_lists: set[str]) -> dict:
    prop = URIRef(iri)
    if iri in LANGUAGE_PROPERTIES:
        return {"@id": iri, "@container": "@language"}
    if iri in VOCAB_PROPERTIES:
        return {"@id": iri, "@type": "@vocab"}
    if iri in ID_PROPERTIES:
        return {"@id": iri, "@type": "@id"}
    kinds = _kinds(ontology, prop, code_lists, set())
    if len(kinds) == 1:
        kind = next(iter(kinds))
        if kind == "language":
            return {"@id": iri, "@container": "@language"}
        if kind in ("@id", "@vocab"):
            return {"@id": iri, "@type": kind}
        if kind.startswith(XSD_NS) and kind not in (XSD_STRING, XSD_INTEGER):
            return {"@id": iri, "@type": "xsd:" + kind[len(XSD_NS):]}
    return {"@id": iri}


_TERM_RANGES = frozenset(str(t) for t in (RDF.Property, OWL.ObjectProperty, OWL.DatatypeProperty,
                                          OWL.AnnotationProperty, RDFS.Class, OWL.Class))


def _kinds(ontology: Graph, prop: URIRef, code_lists: set[str], seen: set) -> set[str]:
    """How the values of ``prop`` look: ``@id``, ``@vocab``, ``language`` or an XSD
    datatype; a property without a declaration of its own takes its sub-properties'
    (and its inverse's ``@id``)."""
    seen.add(prop)
    types = {str(t) for t in ontology.objects(prop, RDF.type)}
    ranges = [str(r) for r in ontology.objects(prop, RDFS.range) if isinstance(r, URIRef)]
    # an OWL 2 DL ontology declares rdfs:Literal where the data use a datatype outside the
    # OWL 2 datatype map (xsd:date); schema:rangeIncludes then names the datatype
    includes = sorted(str(r) for r in ontology.objects(prop, URIRef(SCHEMA + "rangeIncludes")) if isinstance(r, URIRef))
    if includes and ranges in ([], [str(RDFS.Literal)]):
        ranges = includes
    if ranges and all(r in _TERM_RANGES for r in ranges):  # its values are terms (ctoc:unconfirmedEnglish)
        return {"@vocab"}
    if str(OWL.ObjectProperty) in types and ranges:
        return {"@vocab"} if all(r in code_lists for r in ranges) else {"@id"}
    if (str(OWL.DatatypeProperty) in types or str(OWL.AnnotationProperty) in types) and ranges \
            and all(r.startswith(XSD_NS) or r == RDF_LANGSTRING for r in ranges):
        if ranges == [RDF_LANGSTRING]:
            return {"language"}
        return {ranges[0]} if len(ranges) == 1 else {"literal"}
    if types - {str(OWL.ObjectProperty), str(OWL.DatatypeProperty)}:
        return {"other"}
    # declared without a range (a standard term we align with): as its sub-properties
    kinds: set[str] = set()
    for sub in ontology.subjects(RDFS.subPropertyOf, prop):
        if sub not in seen:
            kinds |= _kinds(ontology, sub, code_lists, seen)
    if any(True for _ in ontology.subjects(OWL.inverseOf, prop)) or \
            any(True for _ in ontology.objects(prop, OWL.inverseOf)):
        kinds.add("@id")
    if str(OWL.ObjectProperty) in types:
        return kinds if kinds <= {"@id", "@vocab"} and kinds else {"@id"}
    if str(OWL.DatatypeProperty) in types:
        return kinds if kinds and not kinds & {"@id", "@vocab"} else {"literal"}
    return kinds or {"other"}


def context_document(ontology: Graph) -> bytes:
    """The bytes of ``contexts/ctoc.jsonld`` for ``ontology``."""
    return dumps({"@context": build_context(ontology)})


def load_context() -> dict:
    """The shipped JSON-LD context (the object under ``@context``), read from disk."""
    path = resources.context_file()
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise CtocError(f"{path}: cannot read the JSON-LD context: {e}") from e
    return doc["@context"]


def dumps(doc) -> bytes:
    """Deterministic JSON bytes: sorted keys, two-space indent, UTF-8, final newline.

    The same bytes as ``json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True)``
    (a test compares them), written by ``_write_json``: the standard library's indenting
    encoder is its slow pure-Python one."""
    parts: list[str] = []
    _write_json(doc, "\n", parts.append)
    parts.append("\n")
    return "".join(parts).encode("utf-8")


_encode_string = json.encoder.encode_basestring  # the C function, ensure_ascii=False


def _write_json(value, newline: str, out) -> None:
    """``value`` as ``json.dumps(…, ensure_ascii=False, indent=2, sort_keys=True)``
    writes it, nested under ``newline`` (a line break and the current indentation)."""
    if isinstance(value, str):
        out(_encode_string(value))
    elif isinstance(value, dict):
        if not value:
            out("{}")
            return
        inner = newline + "  "
        first = True
        for key in sorted(value):
            if not isinstance(key, str):
                raise TypeError(f"JSON keys here are strings, not {key!r}")
            out(("{" if first else ",") + inner + _encode_string(key) + ": ")
            first = False
            _write_json(value[key], inner, out)
        out(newline + "}")
    elif isinstance(value, list):
        if not value:
            out("[]")
            return
        inner = newline + "  "
        first = True
        for item in value:
            out(("[" if first else ",") + inner)
            first = False
            _write_json(item, inner, out)
        out(newline + "]")
    elif value is True:
        out("true")
    elif value is False:
        out("false")
    elif value is None:
        out("null")
    elif isinstance(value, int):
        out(int.__repr__(value))
    else:  # floats and anything else: as the standard library writes them
        out(json.dumps(value))


# --------------------------------------------------------------------------- compaction

@dataclass(frozen=True)
class _Term:
    name: str
    iri: str
    type: str | None  # "@id", "@vocab", a datatype IRI, or None
    language_map: bool


class _Compactor:
    def __init__(self, context: dict):
        self.base = context.get("@base")
        self.vocab = context.get("@vocab")
        self.prefixes: dict[str, str] = {}
        self.terms: dict[str, list[_Term]] = defaultdict(list)
        self.names: set[str] = {n for n in context if not n.startswith("@")}
        for name, value in context.items():
            if isinstance(value, str) and not name.startswith("@") and \
                    value.endswith(("#", "/", ":", "?", "[", "]", "@")):
                self.prefixes[name] = value
        for name, value in context.items():
            if name.startswith("@"):
                continue
            if isinstance(value, str):
                if value.startswith("@"):
                    continue
                self.terms[self._expand(value)].append(_Term(name, self._expand(value), None, False))
            elif isinstance(value, dict) and "@id" in value:
                iri = self._expand(value["@id"])
                t = value.get("@type")
                if t not in (None, "@id", "@vocab"):
                    t = self._expand(t)
                self.terms[iri].append(
                    _Term(name, iri, t, value.get("@container") == "@language"))
        for v in self.terms.values():
            v.sort(key=lambda t: t.name)
        # compact_iri is a pure function of its arguments: each IRI is compacted once
        self._iris: dict[tuple[str, bool], str] = {}

    def _expand(self, value: str) -> str:
        if ":" in value:
            pfx, rest = value.split(":", 1)
            if pfx in self.prefixes and not rest.startswith("//"):
                return self.prefixes[pfx] + rest
            return value
        return (self.vocab or "") + value

    # IRIs -----------------------------------------------------------------
    def compact_iri(self, iri: str, vocab: bool) -> str:
        key = (iri, vocab)
        found = self._iris.get(key)
        if found is None:
            found = self._iris[key] = self._compact_iri(iri, vocab)
        return found

    def _compact_iri(self, iri: str, vocab: bool) -> str:
        if vocab:
            terms = self.terms.get(iri)
            if terms:
                return terms[0].name
            if self.vocab and iri.startswith(self.vocab):
                local = iri[len(self.vocab):]
                if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.-]*", local) and local not in self.names:
                    return local
        else:
            if self.base and iri.startswith(self.base):
                rel = iri[len(self.base):]
                segments = rel.split("/")
                if re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9._~/-]*", rel) and \
                        not any(s in (".", "..", "") for s in segments):
                    return rel
        for pfx, ns in sorted(self.prefixes.items()):
            if iri.startswith(ns) and len(iri) > len(ns):
                rest = iri[len(ns):]
                if not rest.startswith("//") and f"{pfx}:{rest}" not in self.names:
                    return f"{pfx}:{rest}"
        return iri

    def node_id(self, term) -> str:
        if isinstance(term, ox.BlankNode):
            return "_:" + term.value
        return self.compact_iri(term.value, vocab=False)

    # values ---------------------------------------------------------------
    def expanded(self, o) -> dict:
        if isinstance(o, (ox.NamedNode, ox.BlankNode)):
            return {"id": self.node_id(o)}
        if o.language:
            return {"@value": o.value, "@language": o.language}
        if o.datatype.value == XSD_STRING:
            return {"@value": o.value}
        return {"@value": o.value, "@type": self.compact_iri(o.datatype.value, vocab=True)}

    def native(self, o):
        """A JSON number or boolean for a canonical xsd:integer/xsd:boolean, else None."""
        dt = o.datatype.value if not o.language else None
        if dt == XSD_INTEGER and re.fullmatch(r"-?(0|[1-9][0-9]*)", o.value) \
                and abs(int(o.value)) < 2**53:
            return int(o.value)
        if dt == XSD_BOOLEAN and o.value in ("true", "false"):
            return o.value == "true"
        return None

    def place(self, node: dict, p: str, o) -> None:
        """Add the value ``o`` of ``p`` to ``node`` under the key that fits it."""
        literal = isinstance(o, ox.Literal)
        for term in self.terms.get(p, ()):
            if term.language_map:
                if literal and (o.language or o.datatype.value == XSD_STRING):
                    lang_map = node.setdefault(term.name, {})
                    key = o.language or "@none"
                    _add(lang_map, key, o.value)
                    return
                continue
            if term.type in ("@id", "@vocab"):
                if literal:  # a value object is not coerced
                    _add(node, term.name, self.expanded(o))
                elif isinstance(o, ox.BlankNode):
                    _add(node, term.name, "_:" + o.value)
                else:
                    _add(node, term.name, self.compact_iri(o.value, vocab=term.type == "@vocab"))
                return
            if term.type is not None:  # a datatype
                if literal and not o.language and o.datatype.value == term.type:
                    _add(node, term.name, o.value)
                    return
                continue
            # no coercion
            if literal:
                native = self.native(o)
                if native is not None:
                    _add(node, term.name, native)
                elif not o.language and o.datatype.value == XSD_STRING:
                    _add(node, term.name, o.value)
                else:
                    _add(node, term.name, self.expanded(o))
            else:
                _add(node, term.name, self.expanded(o))
            return
        # no term fits: a compact IRI or the full IRI as key, the value in expanded form
        key = self.compact_iri(p, vocab=True)
        if key in self.names:  # a term with another definition: use a key without one
            key = self._fallback_key(p)
        if literal:
            native = self.native(o)
            _add(node, key, native if native is not None else self.expanded(o))
        else:
            _add(node, key, self.expanded(o))

    def _fallback_key(self, iri: str) -> str:
        for pfx, ns in sorted(self.prefixes.items()):
            if iri.startswith(ns) and f"{pfx}:{iri[len(ns):]}" not in self.names:
                return f"{pfx}:{iri[len(ns):]}"
        return iri


def _add(node: dict, key: str, value) -> None:
    if key not in node:
        node[key] = value
    elif isinstance(node[key], list):
        node[key].append(value)
    else:
        node[key] = [node[key], value]


def _sort_key(value) -> str:
    if isinstance(value, dict):
        return "1" + json.dumps(value, sort_keys=True, ensure_ascii=False)
    return "0" + json.dumps(value, sort_keys=True, ensure_ascii=False)


def _sorted(value):
    if isinstance(value, list):
        items = [_sorted(v) for v in value]
        if len(items) > 1:
            items.sort(key=_sort_key)
        return items
    if isinstance(value, dict):
        return {k: _sorted(v) if isinstance(v, (list, dict)) else v for k, v in value.items()}
    return value


def compact_graph(triples: Iterable, compactor: _Compactor) -> list[dict]:
    """The node objects of one graph, sorted by ``id``."""
    nodes: dict[str, dict] = {}
    for t in triples:
        sid = compactor.node_id(t.subject)
        node = nodes.setdefault(sid, {"id": sid})
        p = t.predicate.value
        if p == RDF_TYPE and isinstance(t.object, ox.NamedNode):
            _add(node, "type", compactor.compact_iri(t.object.value, vocab=True))
        else:
            compactor.place(node, p, t.object)
    return [_sorted(nodes[k]) for k in sorted(nodes)]


def compact(graphs: Sequence[tuple[str, Sequence]], context: dict | None = None, *,
            embed_context: bool = True) -> dict:
    """One JSON-LD document for ``graphs`` — (graph IRI, pyoxigraph triples) pairs —
    compacted with ``context`` (default: the shipped one), which is embedded in the
    document as an object (never a URL).  Each graph becomes ``{"id": IRI, "@graph":
    [...]}``; nodes are sorted by ``id``, value arrays sorted, keys sorted on output."""
    if context is None:
        context = load_context()
    compactor = _Compactor(context)
    doc: dict = {}
    if embed_context:
        doc["@context"] = context
    doc["@graph"] = [{"id": compactor.node_id(ox.NamedNode(name)),
                      "@graph": compact_graph(triples, compactor)}
                     for name, triples in sorted(graphs, key=lambda g: g[0])]
    return doc
