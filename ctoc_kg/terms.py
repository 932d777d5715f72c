"""Conversion of RDF terms between rdflib and pyoxigraph (the two term models we use)."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import XSD, BNode, Literal, URIRef

from ctoc_kg.errors import CtocError


def to_ox(term):
    """An rdflib term as a pyoxigraph term."""
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
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language, normalize=False)
        dt = term.datatype.value
        if plain_strings and dt == str(XSD.string):
            return Literal(term.value, normalize=False)
        return Literal(term.value, datatype=URIRef(dt), normalize=False)
    raise CtocError(f"unsupported RDF term {term!r}")
