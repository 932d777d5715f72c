"""Query parameters: a value given by the user becomes an RDF term, which is bound.

Parameters.  ``param NAME: TYPE = DEFAULT — meaning`` binds the SPARQL variable
``?NAME`` to an RDF term built from the value (the default, or ``--param NAME=VALUE``).
The term is *bound*, never pasted into the query text: rdflib evaluates the
parsed query with ``initBindings``, pyoxigraph with ``substitutions=`` (SEP-0007);
both replace the variable by the term everywhere in the query.  Oxigraph requires
a substituted variable to be in the ``SELECT`` projection, so a query lists its
parameters there; ``execute`` drops those (constant) columns from the result.
Types (see ``PARAM_TYPES``):

``string``      a plain literal (``xsd:string``), any text
``instrument``  an instrument number such as ``7/1``, a plain literal matched
                against ``ctoc:instrumentNumber`` (any text is accepted; a value
                that is no number simply matches nothing)
``integer``     an ``xsd:integer`` (e.g. a session number, ``10``)
``date``        an ``xsd:date`` (``YYYY-MM-DD``)
``language``    a language tag (``en``, ``fr``), a plain literal compared with ``LANG()``
``body``        a body: a slug (``working-group-firearms`` -> ``id:body/working-group-firearms``),
                an ``id:`` path (``body/working-group-firearms``), ``id:body/...`` or a full IRI
``iri``         any entity: an ``id:`` path (``resolution/7-1``), ``id:...``, a ``ctoc:`` term
                (``ctoc:membershipCharacter``) or a full IRI

Values that cannot be a term of the type (an IRI with a space, ``<``, ``>``,
``"``, ``{``, ``}``, ``|``, ``^``, backquote or backslash, a malformed date or
integer) raise ``QueryError`` (exit 2).

``bind_values`` writes the bound terms into the query text for a server, since the
SPARQL Protocol has no way to pass bindings.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

import pyoxigraph as ox

from ctoc_kg.errors import QueryError
from ctoc_kg.namespaces import ID_NS, ONTOLOGY_NS, XSD
from ctoc_kg.query.header import Param
from ctoc_kg.terms import from_ox, to_ox


_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LANG = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_INTEGER_TYPE = ox.NamedNode(XSD + "integer")
_DATE_TYPE = ox.NamedNode(XSD + "date")


def _iri(value: str, param: str, body: bool):
    v = value.strip()
    if v.startswith("<") and v.endswith(">"):
        v = v[1:-1]
    if v.startswith("id:"):
        v = ID_NS + v[3:]
    elif v.startswith("ctoc:"):
        v = ONTOLOGY_NS + v[5:]
    elif not _ABSOLUTE.match(v):
        if body and "/" not in v:
            v = "body/" + v
        v = ID_NS + v
    if v and not _BAD_IRI.search(v):
        try:
            return ox.NamedNode(v)
        except ValueError:  # not an IRI by RFC 3987 (Oxigraph could not bind it)
            pass
    raise QueryError(f"parameter {param}: {value!r} is not a valid IRI "
                     "(no spaces, quotes, angle brackets, braces, |, ^, ` or \\)")


def to_term(param: Param, value: str):
    """The RDF term for ``value`` as parameter ``param``, an rdflib term (raises
    ``QueryError``); ``ox_term`` gives it as a pyoxigraph term without importing rdflib."""
    return from_ox(ox_term(param, value), plain_strings=True)


def ox_term(param: Param, value: str):
    """The RDF term for ``value`` as parameter ``param``, a pyoxigraph term (raises
    ``QueryError``); a string is an ``xsd:string`` literal."""
    t = param.type
    if t in ("string", "instrument"):
        try:
            return ox.Literal(value)
        except ValueError:  # a lone surrogate (undecodable bytes in the argument)
            raise QueryError(f"parameter {param.name}: {value!r} is not valid text") from None
    if t == "language":
        if not _LANG.match(value):
            raise QueryError(f"parameter {param.name}: {value!r} is not a language tag (e.g. en, fr)")
        return ox.Literal(value.lower())
    if t == "integer":
        if not _INTEGER.match(value.strip()):
            raise QueryError(f"parameter {param.name}: {value!r} is not an integer")
        return ox.Literal(str(int(value.strip())), datatype=_INTEGER_TYPE)
    if t == "date":
        try:
            d = date.fromisoformat(value.strip())
        except ValueError:
            raise QueryError(f"parameter {param.name}: {value!r} is not a date (YYYY-MM-DD)") from None
        if len(value.strip()) != 10:
            raise QueryError(f"parameter {param.name}: {value!r} is not a date (YYYY-MM-DD)")
        return ox.Literal(d.isoformat(), datatype=_DATE_TYPE)
    if t in ("body", "iri"):
        return _iri(value, param.name, body=(t == "body"))
    raise QueryError(f"parameter {param.name}: unknown type {t!r}")  # pragma: no cover


# SPARQL's lexical tokens that matter to binding: strings (long ones first), IRIs,
# comments, variables, the keywords that open a projection or a VALUES list, braces
# and parentheses.  Anything else passes through unchanged.  (Compiled on first use:
# ≈ 10 ms a process, and only ``bind_values`` reads it, for a server.)
_TOKEN_PATTERN = (
    r'(?P<str>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\')'
    r'|(?P<iri><[^<>"{}|^`\\\s]*>)'
    r'|(?P<comment>#[^\n]*)'
    r'|(?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)'
    r'|(?P<kw>\b(?:SELECT|WHERE|VALUES|AS|ASK)\b)'
    r'|(?P<punct>[{}()])')


@cache
def _token() -> re.Pattern:
    return re.compile(_TOKEN_PATTERN, re.IGNORECASE)


def bind_values(text: str, bindings: dict) -> str:
    """``text`` with its parameters bound, for a server (the SPARQL Protocol has no way to
    pass bindings).

    Like Oxigraph's ``substitutions``, every use of a bound variable in the query's
    group (sub-queries included) is replaced by its value, written as an N-Triples term
    by pyoxigraph (escaped, never pasted from user text); strings, IRIs and comments are
    left alone.  A sub-query that projects the variable projects ``(value AS ?var)``, and
    so does the query's own projection, so the column stays.  Only where that cannot say
    it (``SELECT *``, a variable a sub-query projects too) an inline ``VALUES`` block
    first in the top-level group binds the variable (Virtuoso 7 never answers some
    queries that begin so, hence not always).  ``WHERE`` may be left out
    (``ASK { … }``, ``SELECT * { … }``).  The text sent is parsed first: a query this
    cannot bind raises ``QueryError``, it is never sent broken.
    """
    if not bindings:
        return text
    terms = {n: str(to_ox(v)) for n, v in bindings.items()}
    out: list[str] = []
    pos = 0
    opened = False  # past the first "{" (the query's group)
    projection: list[int] | None = None  # paren depths of open sub-SELECT projections
    top = False  # in the query's own SELECT projection
    star = False  # ... which is "*"
    top_slots: list[tuple[int, str]] = []  # where the projection names a bound variable
    sub_projected: set[str] = set()
    values_at = None  # where a VALUES block may go (after the first "{")
    depth = 0  # parentheses
    in_values = False
    for m in _token().finditer(text):
        gap = text[pos:m.start()]
        if top and depth == 0 and "*" in gap:
            star = True
        out.append(gap)
        pos = m.end()
        tok = m.group(0)
        kind = m.lastgroup
        if kind == "kw":
            word = tok.upper()
            if word == "SELECT" and opened:
                projection = [depth]
            elif word == "SELECT":
                top = True
            elif word == "WHERE":
                projection = None
                top = False
            elif word == "VALUES":
                in_values = True
        elif kind == "punct":
            if tok == "(":
                depth += 1
            elif tok == ")":
                depth -= 1
            elif tok == "{":
                if not opened:
                    opened, top = True, False
                    out.append(tok)
                    values_at = len(out)
                    out.append("")
                    continue
                projection = None
                in_values = False
        elif kind == "var" and not in_values:
            name = tok[1:] if tok[1:] in bindings else None
            if name is not None and top and depth == 0:
                top_slots.append((len(out), name))
            elif name is not None and opened:
                if projection is not None and depth == projection[0]:
                    tok = f"({terms[name]} AS ?{name})"
                    sub_projected.add(name)
                elif not _after_as(out):
                    tok = terms[name]
        out.append(tok)
    out.append(text[pos:])
    if not opened:
        raise QueryError("cannot bind parameters for a remote store: the query has no "
                         "{ … } group")
    for i, name in top_slots:
        if name not in sub_projected:
            out[i] = f"({terms[name]} AS ?{name})"
    in_block = sorted(n for n in bindings if star or n in sub_projected)
    if in_block:
        out[values_at] = (f" VALUES ({' '.join('?' + n for n in in_block)}) "
                          f"{{ ({' '.join(terms[n] for n in in_block)}) }} ")
    bound = "".join(out)
    _check_parses(bound)
    return bound


def _after_as(out: list[str]) -> bool:
    """Is the variable about to be written the target of ``AS`` (``BIND(… AS ?x)``)?"""
    for piece in reversed(out):
        if piece.strip():
            return piece.strip().upper() == "AS"
    return False


_PARSES: dict[str, None] = {}  # bound texts rdflib parsed (the last 64): parsing is pure
_PARSES_MAX = 64


def _check_parses(text: str) -> None:
    if text in _PARSES:
        return
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parseQuery(text)
    except Exception as e:  # pyparsing's ParseException and friends
        raise QueryError(f"cannot bind parameters for a remote store: the bound query "
                         f"would not parse ({e}); run it locally instead") from e
    if len(_PARSES) >= _PARSES_MAX:
        _PARSES.pop(next(iter(_PARSES)))
    _PARSES[text] = None
