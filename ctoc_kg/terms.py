"""Conversion of RDF terms between rdflib and pyoxigraph (the two term models we use).

rdflib is imported only by a conversion that makes or reads an rdflib term (≈ 0.15 s
a process): a pyoxigraph term given to ``to_ox`` comes back as it is.
"""

from __future__ import annotations

import pyoxigraph as ox

from ctoc_kg.errors import CtocError
from ctoc_kg.namespaces import XSD

_OX_TERMS = (ox.NamedNode, ox.BlankNode, ox.Literal)
_STRING = XSD + "string"
_RDFLIB: tuple | None = None  # (URIRef, BNode, Literal) once rdflib is wanted


def rdflib_classes() -> tuple:
    """rdflib's (URIRef, BNode, Literal), imported on first use."""
    global _RDFLIB
    if _RDFLIB is None:
        from rdflib import BNode, Literal, URIRef

        _RDFLIB = (URIRef, BNode, Literal)
    return _RDFLIB


def to_ox(term):
    """An rdflib term (or a pyoxigraph term, returned as it is) as a pyoxigraph term."""
    if isinstance(term, _OX_TERMS):
        return term
    URIRef, BNode, Literal = _RDFLIB or rdflib_classes()

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise CtocError(f"unsupported RDF term {term!r}")


def from_ox(term, *, plain_strings: bool = False):
    """A pyoxigraph term (or None) as an rdflib term (or None).

    With ``plain_strings``, an ``xsd:string`` literal becomes a plain rdflib Literal,
    which is how rdflib's own SPARQL engine returns it (they are equal in RDF 1.1, not in
    rdflib's comparisons).  The lexical form is kept as it is (``normalize=False``,
    whatever ``rdflib.NORMALIZE_LITERALS`` says at the time).
    """
    if term is None:
        return None
    URIRef, BNode, Literal = _RDFLIB or rdflib_classes()

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language, normalize=False)
        dt = term.datatype.value
        if plain_strings and dt == _STRING:
            return Literal(term.value, normalize=False)
        return Literal(term.value, datatype=URIRef(dt), normalize=False)
    raise CtocError(f"unsupported RDF term {term!r}")
