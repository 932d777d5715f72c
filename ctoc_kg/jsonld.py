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

from typing import TYPE_CHECKING, BinaryIO

import pyoxigraph as ox

from ctoc_kg import resources
from ctoc_kg.errors import CtocError
from ctoc_kg.namespaces import (DCTERMS, ELI, ID_NS, ONTOLOGY_NS, OWL, PREFIXES, RDF, RDFS, SCHEMA,
                                SKOS, VOID, XSD, split)

if TYPE_CHECKING:
    from rdflib import Graph

# rdflib is imported by the functions that read an ontology Graph (build_context), not
# with this module: export's compaction needs none of it

XSD_NS = XSD
RDF_TYPE = RDF + "type"
XSD_STRING = XSD_NS + "string"
XSD_INTEGER = XSD_NS + "integer"
XSD_BOOLEAN = XSD_NS + "boolean"
RDF_LANGSTRING = RDF + "langString"

# Prefixes the context declares (for keys and values without a term of their own).
# `id` is left out on purpose: `id` is the alias of @id.
CONTEXT_PREFIXES: dict[str, str] = {
    **{prefix: ns for prefix, ns in PREFIXES.items() if prefix != "id"}, "eli": ELI, "void": VOID}

# Standard properties that hold language-tagged text.
LANGUAGE_PROPERTIES = {
    RDFS + "label", RDFS + "comment", SKOS + "definition", SKOS + "prefLabel",
    SKOS + "altLabel", SKOS + "scopeNote", SKOS + "note", SKOS + "example",
    DCTERMS + "title", DCTERMS + "description",
}
# Always given a plain key, whether the ontology uses them yet or not.
ALWAYS_PROPERTIES = {RDFS + "label", RDFS + "comment", SKOS + "definition",
                     SKOS + "prefLabel", SKOS + "altLabel", SKOS + "inScheme",
                     SKOS + "hasTopConcept", SKOS + "topConceptOf", RDFS + "seeAlso",
                     # the per-statement provenance graphs (rdf:Statement reification)
                     RDF + "subject", RDF + "predicate", RDF + "object"}
ALWAYS_CLASSES = {SKOS + "Concept", SKOS + "ConceptScheme", RDF + "Statement"}
# Standard properties whose values are vocabulary terms (classes, properties, codes).
VOCAB_PROPERTIES = {
    RDFS + "subClassOf", RDFS + "subPropertyOf", RDFS + "domain", RDFS + "range",
    OWL + "inverseOf", OWL + "equivalentClass", OWL + "equivalentProperty",
    OWL + "disjointWith", OWL + "propertyDisjointWith", SKOS + "inScheme",
    SKOS + "topConceptOf", SKOS + "hasTopConcept", SKOS + "broader", SKOS + "narrower",
    SKOS + "exactMatch", SKOS + "closeMatch", SKOS + "related", RDFS + "isDefinedBy",
    RDF + "predicate",
}
# Standard properties whose values are other resources.
ID_PROPERTIES = {
    OWL + "versionIRI", OWL + "imports", RDFS + "seeAlso",
    DCTERMS + "license", DCTERMS + "source", RDF + "subject",
}
_STRUCTURAL = {RDFS + "subClassOf", RDFS + "subPropertyOf", OWL + "inverseOf",
               OWL + "equivalentClass", OWL + "equivalentProperty", RDFS + "domain",
               RDFS + "range"}
_PROPERTY_TYPES = {OWL + "ObjectProperty", OWL + "DatatypeProperty",
                   OWL + "AnnotationProperty", RDF + "Property"}


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def _prefix_of(iri: str) -> tuple[str, str] | None:
    return split(iri, CONTEXT_PREFIXES)


# --------------------------------------------------------------------------- the context

def build_context(ontology: Graph) -> dict:
    """The JSON-LD context (the object under ``@context``) for ``ontology``."""
    # rdflib's namespaces here (the module's RDF, RDFS, OWL, SKOS are plain strings)
    from rdflib import OWL, RDF, RDFS, URIRef
    from rdflib.namespace import SKOS

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
    # rdflib's namespaces here (the module's RDF, RDFS, OWL, SKOS are plain strings)
    from rdflib import OWL, RDF, RDFS, URIRef
    from rdflib.namespace import SKOS

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
    from rdflib import URIRef

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


_TERM_RANGES = frozenset((RDF + "Property", OWL + "ObjectProperty", OWL + "DatatypeProperty",
                          OWL + "AnnotationProperty", RDFS + "Class", OWL + "Class"))


def _kinds(ontology: Graph, prop: URIRef, code_lists: set[str], seen: set) -> set[str]:
    """How the values of ``prop`` look: ``@id``, ``@vocab``, ``language`` or an XSD
    datatype; a property without a declaration of its own takes its sub-properties'
    (and its inverse's ``@id``)."""
    # rdflib's namespaces here (the module's RDF, RDFS, OWL, SKOS are plain strings)
    from rdflib import OWL, RDF, RDFS, URIRef
    from rdflib.namespace import SKOS

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
    (a test compares them), written by ``_json_text``: the standard library's indenting
    encoder is its slow pure-Python one."""
    return (_json_text(doc, "\n") + "\n").encode("utf-8")


_encode_string = json.encoder.encode_basestring  # the C function, ensure_ascii=False


def _json_text(value, newline: str, sort_lists: bool = False) -> str:
    """``value`` as ``json.dumps(…, ensure_ascii=False, indent=2, sort_keys=True)``
    writes it, nested under ``newline`` (a line break and the current indentation).
    ``sort_lists``: arrays in ``_sorted``'s order (the same text as sorting them first)."""
    kind = type(value)
    if kind is str:
        return _encode_string(value)
    if kind is dict or kind is list or isinstance(value, (dict, list)):
        if not value:
            return "{}" if isinstance(value, dict) else "[]"
        inner = newline + "  "
        between = "," + inner
        if isinstance(value, dict):
            keys = sorted(value)
            for key in keys:
                if type(key) is not str:
                    raise TypeError(f"JSON keys here are strings, not {key!r}")
            return ("{" + inner + between.join([
                _encode_string(key) + ": " + (_encode_string(v) if type(v) is str
                                              else _json_text(v, inner, sort_lists))
                for key in keys for v in (value[key],)]) + newline + "}")
        if sort_lists and len(value) > 1:
            value = sorted(value, key=_sort_key)
        return ("[" + inner + between.join([
            _encode_string(v) if type(v) is str else _json_text(v, inner, sort_lists)
            for v in value]) + newline + "]")
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        return int.__repr__(value)
    return json.dumps(value)  # floats and anything else: as the standard library writes them


# --------------------------------------------------------------------------- compaction

@dataclass(frozen=True)
class _Term:
    name: str
    iri: str
    type: str | None  # "@id", "@vocab", a datatype IRI, or None
    language_map: bool


_VOCAB_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
_RELATIVE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._~/-]*")
_CANONICAL_INTEGER = re.compile(r"-?(0|[1-9][0-9]*)")

# how _Compactor._plan places a value
_LANGUAGE, _IRI, _BLANK, _LEXICAL, _EXPANDED, _NATIVE = range(6)


class _Compactor:
    def __init__(self, context: dict):
        self.context = context
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
        self._iris: dict[bool, dict[str, str]] = {True: {}, False: {}}
        # how a value of a predicate is placed, by (predicate, the kind of value): _plan
        self._plans: dict[tuple, tuple] = {}

    def _expand(self, value: str) -> str:
        if ":" in value:
            pfx, rest = value.split(":", 1)
            if pfx in self.prefixes and not rest.startswith("//"):
                return self.prefixes[pfx] + rest
            return value
        return (self.vocab or "") + value

    # IRIs -----------------------------------------------------------------
    def compact_iri(self, iri: str, vocab: bool) -> str:
        known = self._iris[vocab]
        found = known.get(iri)
        if found is None:
            found = known[iri] = self._compact_iri(iri, vocab)
        return found

    def _compact_iri(self, iri: str, vocab: bool) -> str:
        if vocab:
            terms = self.terms.get(iri)
            if terms:
                return terms[0].name
            if self.vocab and iri.startswith(self.vocab):
                local = iri[len(self.vocab):]
                if _VOCAB_LOCAL.fullmatch(local) and local not in self.names:
                    return local
        else:
            if self.base and iri.startswith(self.base):
                rel = iri[len(self.base):]
                segments = rel.split("/")
                if _RELATIVE.fullmatch(rel) and \
                        "" not in segments and "." not in segments and ".." not in segments:
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
        if dt == XSD_INTEGER and _CANONICAL_INTEGER.fullmatch(o.value) \
                and abs(int(o.value)) < 2**53:
            return int(o.value)
        if dt == XSD_BOOLEAN and o.value in ("true", "false"):
            return o.value == "true"
        return None

    def node(self, sid: str, triples: Iterable) -> dict:
        """The node object ``sid`` (its id as ``node_id`` gives it) for its ``triples``
        (pyoxigraph triples or quads, in any order), value arrays sorted."""
        return _sorted(self.unsorted_node(sid, triples))

    def unsorted_node(self, sid: str, triples: Iterable) -> dict:
        """``node`` with its value arrays in no particular order (each value placed
        under its key by the plan of its predicate and kind of value)."""
        node: dict = {"id": sid}
        plans = self._plans
        literal, blank_node, _list = ox.Literal, ox.BlankNode, list
        for t in triples:
            o = t.object
            kind = type(o)
            if kind is literal:
                language = o.language
                key = (t.predicate.value, language is not None, None if language else o.datatype.value)
            else:
                key = (t.predicate.value, kind is blank_node)
            plan = plans.get(key)
            if plan is None:
                plan = plans[key] = self._plan(key)
            mode, name, arg = plan
            if mode == _IRI:
                value = arg.get(o.value)
                if value is None:
                    value = self.compact_iri(o.value, arg is self._iris[True])
            elif mode == _LEXICAL:
                value = o.value
            elif mode == _LANGUAGE:
                _add(node.setdefault(name, {}), o.language or "@none", o.value)
                continue
            elif mode == _BLANK:
                value = "_:" + o.value
            elif mode == _NATIVE:
                value = self.native(o)
                if value is None:
                    value = self.expanded(o)
            else:
                value = self.expanded(o)
            # _add, inline (no value is None)
            old = node.get(name)
            if old is None:
                node[name] = value
            elif type(old) is _list:
                old.append(value)
            else:
                node[name] = [old, value]
        return node

    def _plan(self, key: tuple) -> tuple:
        """(mode, key name, argument): where and how a value of the predicate
        ``key[0]`` of the kind ``key[1:]`` goes (a literal: has a language, its datatype;
        else: is a blank node).  ``unsorted_node`` applies it."""
        p = key[0]
        literal = len(key) == 3
        language = literal and key[1]
        datatype = key[2] if literal else None
        if not literal and not key[1] and p == RDF_TYPE:
            return (_IRI, "type", self._iris[True])
        for term in self.terms.get(p, ()):
            if term.language_map:
                if literal and (language or datatype == XSD_STRING):
                    return (_LANGUAGE, term.name, None)
                continue
            if term.type in ("@id", "@vocab"):
                if literal:  # a value object is not coerced
                    return (_EXPANDED, term.name, None)
                if key[1]:
                    return (_BLANK, term.name, None)
                return (_IRI, term.name, self._iris[term.type == "@vocab"])
            if term.type is not None:  # a datatype
                if literal and not language and datatype == term.type:
                    return (_LEXICAL, term.name, None)
                continue
            # no coercion
            if literal:
                if datatype in (XSD_INTEGER, XSD_BOOLEAN):
                    return (_NATIVE, term.name, None)
                if not language and datatype == XSD_STRING:
                    return (_LEXICAL, term.name, None)
            return (_EXPANDED, term.name, None)
        # no term fits: a compact IRI or the full IRI as key, the value in expanded form
        name = self.compact_iri(p, vocab=True)
        if name in self.names:  # a term with another definition: use a key without one
            name = self._fallback_key(p)
        if literal and datatype in (XSD_INTEGER, XSD_BOOLEAN):
            return (_NATIVE, name, None)
        return (_EXPANDED, name, None)

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
    """The order of values in an array: ``"0"`` or ``"1"`` (objects) and the value as
    ``json.dumps(value, sort_keys=True, ensure_ascii=False)`` writes it."""
    if type(value) is str:
        return "0" + _encode_string(value)
    if isinstance(value, dict):
        if all(type(v) is str for v in value.values()):  # value objects, {"id": …}
            return "1{" + ", ".join([_encode_string(k) + ": " + _encode_string(value[k])
                                     for k in sorted(value)]) + "}"
        return "1" + json.dumps(_sorted(value), sort_keys=True, ensure_ascii=False)
    # (_sorted: the key of a value holding arrays is that of its sorted copy, whether
    # the value was sorted first or not)
    return "0" + json.dumps(_sorted(value), sort_keys=True, ensure_ascii=False)


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
    by_node: dict[str, list] = {}
    for t in triples:
        by_node.setdefault(compactor.node_id(t.subject), []).append(t)
    return [compactor.node(sid, by_node[sid]) for sid in sorted(by_node)]


def compactor(context: dict | None = None) -> _Compactor:
    """What compacts IRIs and nodes with ``context`` (default: the shipped one)."""
    return _Compactor(load_context() if context is None else context)


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


FLUSH = 4096  # nodes gathered before they are written


def write(out: BinaryIO, graphs: Iterable[tuple[str, Iterable[tuple[str, Iterable]]]],
          compactor: _Compactor, *, embed_context: bool = True) -> None:
    """Write to ``out`` the bytes ``dumps(compact(...))`` gives, streaming: ``graphs``
    are (graph IRI, nodes) pairs in IRI order, and each graph's nodes (node id, its
    triples) come in node id order (``compactor.node_id``), a node id at most once;
    one node at a time is held in memory (and the text of at most ``FLUSH``)."""
    parts: list[str] = ["{"]

    def flush() -> None:
        out.write("".join(parts).encode("utf-8"))
        parts.clear()

    if embed_context:
        parts.append('\n  "@context": ' + _json_text(compactor.context, "\n  ") + ",")
    parts.append('\n  "@graph": ')
    first_graph = True
    node_at = "\n        "
    for name, nodes in graphs:
        parts.append(("[" if first_graph else ",") + '\n    {\n      "@graph": ')
        first_graph = False
        first_node = True
        for sid, triples in nodes:
            text = _json_text(compactor.unsorted_node(sid, triples), node_at, True)
            parts.append(("[" if first_node else ",") + node_at + text)
            first_node = False
            if len(parts) >= FLUSH:
                flush()
        parts.append("[]" if first_node else "\n      ]")
        parts.append(',\n      "id": ' + _encode_string(compactor.node_id(ox.NamedNode(name))) + "\n    }")
    parts.append(("[]" if first_graph else "\n  ]") + "\n}\n")
    flush()
