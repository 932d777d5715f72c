"""Compare query answers the way the SPARQL test suites do: a row is a tuple of
``(variable, term_key)``; literals compare by value, datatype and language."""

from __future__ import annotations

from rdflib import XSD, BNode, Literal, URIRef


def term_key(term) -> tuple:
    """A comparable key: IRIs by string, literals by value (else lexical form), datatype, language."""
    if term is None:
        return ("unbound",)
    if isinstance(term, URIRef):
        return ("iri", str(term))
    if isinstance(term, BNode):
        return ("bnode",)
    if isinstance(term, Literal):
        dt = str(term.datatype) if term.datatype and term.datatype != XSD.string else ""
        value = term.value if (dt and term.value is not None) else str(term)
        if isinstance(value, (int, float)) or type(value).__name__ == "Decimal":
            value = repr(float(value))
        return ("literal", str(value), dt, (term.language or "").lower())
    return ("other", str(term))


def row_keys(result) -> list[tuple]:
    """Each row as a tuple of ``(variable, term_key)`` in variable order."""
    return [tuple((v, term_key(t)) for v, t in zip(result.variables, row)) for row in result.rows]
