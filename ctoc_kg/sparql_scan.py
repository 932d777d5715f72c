"""What a SPARQL text says about itself, read from its tokens (no full parse).

``scan(text)`` gives the query's form (SELECT, ASK, CONSTRUCT, DESCRIBE), whether its
answer is ordered (ORDER BY outside any group), whether it uses SERVICE, the variables
its top-level SELECT projects, every IRI it names (prefixed names expanded, ``a`` as
rdf:type) and whether a triple pattern's predicate may be *any* predicate (a variable,
a negated property set) or an rdf:type pattern may match *any* class (its object is
not a constant, or rdf:type sits inside a longer property path).

It exists so that ``ctoc-kg query`` need not import and run rdflib's SPARQL parser
(≈ 0.3–0.5 s a run) and so that reasoning can be limited to what a query or a rule can
see (``ctoc_kg.reason.Needs``).  Syntax is not checked here: the engine that runs the
query does that.  Where the text is not understood the answer errs on the safe side
(``any_predicate`` true).  tests/test_query_scan.py compares it with rdflib's parse on
every shipped query and rule and on hand-written edge cases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

# PN_CHARS of the SPARQL grammar, approximated by Python's \w (letters and digits of any
# script) plus the few marks the grammar adds: a name written with anything else is
# read as an unknown token, and the scan then errs on the safe side.
_PN_CHARS_BASE = "^\\W\\d_"  # used as [^\W\d_]: letters
_PN_CHARS = "\\w\u00B7\u0300-\u036F\u203F\u2040\\-"
_VAR_CHARS = "\\w\u00B7\u0300-\u036F\u203F\u2040"
_TOKEN = re.compile(
    r'(?P<ws>\s+)'
    r'|(?P<comment>#[^\n]*)'
    r'|(?P<str>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n\r]|\\.)*"|\'(?:[^\'\\\n\r]|\\.)*\')'
    r'|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)'
    r'|(?P<var>[?$][' + _VAR_CHARS + r']+)'
    r'|(?P<bnode>_:[' + _PN_CHARS + r'.]*[' + _PN_CHARS + r'])'
    r'|(?P<pname>(?:[' + _PN_CHARS_BASE + r'](?:[' + _PN_CHARS + r'.]*[' + _PN_CHARS + r'])?)?:'
    r'(?:(?:[' + _PN_CHARS + r':]|%[0-9A-Fa-f]{2}|\\[_~.!$&\'()*+,;=/?#@%-])'
    r'(?:(?:[' + _PN_CHARS + r'.:]|%[0-9A-Fa-f]{2}|\\[_~.!$&\'()*+,;=/?#@%-])*'
    r'(?:[' + _PN_CHARS + r':]|%[0-9A-Fa-f]{2}|\\[_~.!$&\'()*+,;=/?#@%-]))?)?)'
    r'|(?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)'
    r'|(?P<num>[+-]?(?:[0-9]+\.[0-9]*[eE][+-]?[0-9]+|\.?[0-9]+[eE][+-]?[0-9]+|[0-9]*\.[0-9]+|[0-9]+))'
    r'|(?P<word>[A-Za-z_][A-Za-z0-9_]*)'
    r'|(?P<op>\^\^|&&|\|\||!=|<=|>=|[{}()\[\].;,|/^*+?!=<>-])'
    r'|(?P<other>.)', re.DOTALL)


@dataclass
class Scan:
    """What ``scan`` found (see the module docstring)."""

    kind: str | None = None  # SELECT, ASK, CONSTRUCT, DESCRIBE
    ordered: bool = False  # ORDER BY at the top level
    uses_service: bool = False
    projected: set[str] | None = None  # top-level SELECT variables (None: SELECT *)
    variables: set[str] = field(default_factory=set)  # every variable named
    iris: set[str] = field(default_factory=set)  # every IRI named
    template_iris: set[str] = field(default_factory=set)  # IRIs of a CONSTRUCT template
    any_predicate: bool = False  # some pattern may match any predicate
    any_class: bool = False  # some rdf:type pattern may match any class
    # ``?x a ?v`` with ``?v`` constrained in the same group by ``?v P O`` (P, O constants)
    # or ``VALUES ?v { IRIs }``: the classes it can match are the subjects of some
    # (P, O) in ``class_patterns`` or the IRIs of ``class_values`` (any_class stays false)
    class_patterns: set[tuple[str, str]] = field(default_factory=set)
    class_values: set[str] = field(default_factory=set)
    bound_verbs: set[str] = field(default_factory=set)  # bound variables used as a verb
    # when every pattern that may match any predicate has a variable verb ``?v`` held in
    # the same group by ``?s P ?v`` (P a constant) or ``VALUES ?v { IRIs }``: the P of each
    # (``verb_patterns``) and the IRIs (``verb_values``); the predicates such a pattern can
    # match are the objects of P and those IRIs.  None: any predicate (or none is free)
    verb_patterns: set[str] | None = field(default_factory=set)
    verb_values: set[str] = field(default_factory=set)
    # a free verb not held so, whose objects are all constants: ``?x ?v <o>`` matches only
    # triples whose object is ``<o>`` (an IRI in ``verb_objects``, or a bound variable's
    # name in ``verb_object_vars``)
    verb_objects: set[str] = field(default_factory=set)
    verb_object_vars: set[str] = field(default_factory=set)
    # a path that may have length zero (``p*``, ``p?``): it matches every node of the graph
    # with itself, so the graph's nodes matter, not only the triples of its predicates
    zero_length: bool = False
    complete: bool = True  # False: the text was not fully read (the flags above are then
    # set to the safe side; kind/ordered/uses_service/projected may be wrong)


class _Unknown(Exception):
    """The text goes beyond what the scanner reads: assume the worst."""


def _tokens(text: str) -> list[tuple[str, str]]:
    out = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind in ("ws", "comment"):
            continue
        out.append((kind, m.group(0)))
    return out


_PATTERN_KEYWORDS = {"OPTIONAL", "MINUS", "UNION", "GRAPH", "SERVICE", "FILTER", "BIND", "VALUES",
                     "SELECT"}


class _Scanner:
    def __init__(self, text: str, bound: set[str]) -> None:
        self.toks = _tokens(text)
        self.bound = bound  # variables bound to constants (substitutions)
        self.prefixes: dict[str, str] = {}
        self.base = ""
        self.out = Scan()
        self.i = 0
        self.groups: list[dict] = []  # open groups: their triples and VALUES
        self.type_vars: list[tuple[dict, str]] = []  # (group, ?v) of each "?x a ?v"
        # [group, ?v, its objects' tokens] of each free "?x ?v ?y"
        self.verb_vars: list[tuple[dict, str, list]] = []
        self.other_any = False  # any_predicate from something else than a verb variable

    # -- tokens
    def peek(self, k: int = 0) -> tuple[str, str]:
        j = self.i + k
        return self.toks[j] if j < len(self.toks) else ("eof", "")

    def next(self) -> tuple[str, str]:
        tok = self.peek()
        self.i += 1
        return tok

    def word(self, k: int = 0) -> str:
        kind, value = self.peek(k)
        return value.upper() if kind == "word" else ""

    def expect(self, value: str) -> None:
        kind, v = self.next()
        if v != value:
            raise _Unknown(f"expected {value!r}, found {v!r}")

    def iri(self, kind: str, value: str) -> str:
        if kind == "iri":
            v = value[1:-1]
            if self.base and not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", v):
                raise _Unknown("relative IRI")
            return v
        prefix, _, local = value.partition(":")
        if prefix not in self.prefixes:
            raise _Unknown(f"unknown prefix {prefix}")
        return self.prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)

    def note(self, kind: str, value: str) -> str | None:
        """Record a term token; its IRI (or None)."""
        if kind in ("iri", "pname"):
            iri = self.iri(kind, value)
            self.out.iris.add(iri)
            return iri
        if kind == "var":
            self.out.variables.add(value[1:])
        return None

    # -- the query
    def run(self) -> Scan:
        while True:  # prologue
            w = self.word()
            if w == "PREFIX":
                self.next()
                kind, value = self.next()
                if kind != "pname" or not value.endswith(":"):
                    raise _Unknown("PREFIX")
                k2, iri = self.next()
                if k2 != "iri":
                    raise _Unknown("PREFIX")
                self.prefixes[value[:-1]] = iri[1:-1]
            elif w == "BASE":
                self.next()
                self.base = self.next()[1]
            else:
                break
        w = self.word()
        if w not in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            raise _Unknown("not a query")
        self.out.kind = w
        self.next()
        if w == "SELECT":
            self.out.projected = self.projection()
        elif w == "CONSTRUCT":
            if self.peek()[1] == "{":
                before, self.out.iris = self.out.iris, set()
                self.group(template=True)
                self.out.template_iris = set(self.out.iris)
                self.out.iris |= before
        elif w == "DESCRIBE":
            self.out.any_predicate = True
            self.other_any = True
            while self.peek()[1] not in ("{", "") and self.word() not in ("WHERE", "FROM"):
                self.note(*self.next())
        self.dataset_clauses()
        if self.word() == "WHERE":
            self.next()
        if self.peek()[1] == "{":
            self.group()
        elif self.out.kind != "DESCRIBE":
            raise _Unknown("no group")
        self.modifiers(top=True)
        if self.peek()[0] != "eof":
            raise _Unknown(f"trailing {self.peek()[1]!r}")
        self.constrain_classes()
        self.constrain_verbs()
        return self.out

    def constrain_classes(self) -> None:
        """For each ``?x a ?v``: what ``?v`` is held to in the same group (a join, so
        every answer satisfies it), else any class."""
        for here, name in self.type_vars:
            values = here["values"].get(name)
            if values is not None:
                self.out.class_values |= values
                continue
            patterns = [(verb, self.iri(*obj)) for subj, verb, obj in here["triples"]
                        if subj == ("var", "?" + name) and obj[0] in ("iri", "pname")
                        and verb != RDF_TYPE]
            if patterns:
                self.out.class_patterns.add(patterns[0])
            else:
                self.out.any_class = True

    def constrain_verbs(self) -> None:
        """For each free verb ``?v``: what it is held to in the same group (a join: no
        answer uses a triple whose predicate is not an object of P or a VALUES IRI)."""
        if self.other_any:
            self.out.verb_patterns = None
            return
        for here, name, objects in self.verb_vars:
            values = here["values"].get(name)
            if values is not None:
                self.out.verb_values |= values
                continue
            patterns = [verb for subj, verb, obj in here["triples"] if obj == ("var", "?" + name)]
            if patterns:
                self.out.verb_patterns.add(patterns[0])
            elif objects and all(k in ("iri", "pname") or (k == "var" and v[1:] in self.bound)
                                 for k, v in objects):
                for k, v in objects:
                    if k == "var":
                        self.out.verb_object_vars.add(v[1:])
                    else:
                        self.out.verb_objects.add(self.iri(k, v))
            else:
                self.out.verb_patterns = None
                return

    def dataset_clauses(self) -> None:
        while self.word() == "FROM":
            self.next()
            if self.word() == "NAMED":
                self.next()
            self.note(*self.next())

    def projection(self) -> set[str] | None:
        if self.word() in ("DISTINCT", "REDUCED"):
            self.next()
        names: set[str] = set()
        star = False
        while True:
            kind, value = self.peek()
            if kind == "var":
                names.add(value[1:])
                self.note(*self.next())
            elif value == "*":
                star = True
                self.next()
            elif value == "(":  # (expression AS ?v)
                self.next()
                names.add(self.expression(until_as=True))
            else:
                break
        return None if star else names

    def modifiers(self, top: bool) -> None:
        while True:
            w = self.word()
            if w in ("GROUP", "ORDER"):
                self.next()
                if self.word() != "BY":
                    raise _Unknown(w)
                self.next()
                if w == "ORDER" and top:
                    self.out.ordered = True
                self.conditions()
            elif w == "HAVING":
                self.next()
                self.conditions()
            elif w in ("LIMIT", "OFFSET"):
                self.next()
                self.next()
            elif w == "VALUES":
                self.next()
                self.values()
            else:
                return

    def conditions(self) -> None:
        """GROUP BY / ORDER BY / HAVING conditions."""
        while True:
            kind, value = self.peek()
            w = self.word()
            if kind == "var":
                self.note(*self.next())
            elif value == "(":
                self.next()
                self.expression()
            elif w in ("ASC", "DESC") or (kind == "word" and self.peek(1)[1] == "(" and w not in (
                    "LIMIT", "OFFSET", "VALUES")) or (kind in ("iri", "pname") and self.peek(1)[1] == "("):
                if kind in ("iri", "pname"):
                    self.note(*self.next())
                else:
                    self.next()
                self.expect("(")
                self.expression()
            else:
                return

    def expression(self, until_as: bool = False) -> str:
        """Tokens up to the ")" closing an already opened "(" (EXISTS groups inside);
        ``until_as``: the "(expression AS ?v)" of a projection, whose ``v`` is returned."""
        depth = 1
        while depth:
            kind, value = self.peek()
            if kind == "eof":
                raise _Unknown("unclosed (")
            if value == "{":
                self.group()
                continue
            self.next()
            if until_as and depth == 1 and kind == "word" and value.upper() == "AS":
                k, v = self.next()
                if k != "var":
                    raise _Unknown("AS")
                self.out.variables.add(v[1:])
                self.expect(")")
                return v[1:]
            if value == "(":
                depth += 1
            elif value == ")":
                depth -= 1
            elif kind == "word" and value.upper() == "SERVICE":
                raise _Unknown("SERVICE in an expression")
            else:
                self.note(kind, value)
        if until_as:
            raise _Unknown("no AS")
        return ""

    def values(self) -> dict[str, set[str] | None]:
        """A VALUES block; for each of its variables the IRIs it gives (None: something
        else too, UNDEF or a literal)."""
        names = []
        kind, value = self.next()
        if kind == "var":
            self.note(kind, value)
            names.append(value[1:])
        elif value == "(":
            while self.peek()[1] != ")":
                k, v = self.next()
                self.note(k, v)
                if k != "var":
                    raise _Unknown("VALUES")
                names.append(v[1:])
            self.next()
        else:
            raise _Unknown("VALUES")
        single = kind == "var"
        found: dict[str, set[str] | None] = {n: set() for n in names}
        self.expect("{")
        column = 0
        depth = 1
        while depth:
            kind, value = self.next()
            if kind == "eof":
                raise _Unknown("VALUES")
            if value in ("{", "("):
                depth += 1
                column = 0
            elif value in ("}", ")"):
                depth -= 1
            else:
                iri = self.note(kind, value)
                if column >= len(names):
                    raise _Unknown("VALUES row")
                name = names[column]
                if iri is None or found[name] is None:
                    found[name] = None
                else:
                    found[name].add(iri)
                if single:
                    continue
                column += 1
        return found

    def group(self, template: bool = False) -> None:
        """A group graph pattern, from its "{" to its "}"."""
        self.expect("{")
        if self.word() == "SELECT":  # a sub-query
            self.next()
            self.projection()
            self.dataset_clauses()
            if self.word() == "WHERE":
                self.next()
            self.group()
            self.modifiers(top=False)
            self.expect("}")
            return
        here = {"triples": [], "values": {}}
        self.groups.append(here)
        state = "S"
        while True:
            kind, value = self.peek()
            w = self.word()
            if kind == "eof":
                raise _Unknown("unclosed {")
            if value == "}":
                self.next()
                self.groups.pop()
                return
            if value == "{":
                self.group()
                state = "S"
            elif w in ("OPTIONAL", "MINUS", "UNION"):
                self.next()
                state = "S"
            elif w == "GRAPH":
                self.next()
                self.note(*self.next())
                state = "S"
            elif w == "SERVICE":
                self.next()
                self.out.uses_service = True
                if self.word() == "SILENT":
                    self.next()
                self.note(*self.next())
                state = "S"
            elif w == "FILTER":
                self.next()
                self.constraint()
                state = "S"
            elif w == "BIND":
                self.next()
                self.expect("(")
                self.expression()
                state = "S"
            elif w == "VALUES":
                self.next()
                for name, iris in self.values().items():
                    here["values"][name] = iris if name not in here["values"] else None
                state = "S"
            elif value == ".":
                self.next()
                state = "S"
            elif state == "S":
                subject = self.peek()
                self.term_or_node()
                state = "V"
                if self.peek()[1] in (".", "}") or self.word() in _PATTERN_KEYWORDS:
                    state = "S"  # "[ :p :o ] ." or "( … ) ."
                else:
                    state = self.property_list(template, subject=subject)
            else:
                raise _Unknown(f"unexpected {value!r}")

    def constraint(self) -> None:
        kind, value = self.peek()
        w = self.word()
        if value == "(":
            self.next()
            self.expression()
        elif w == "NOT" and self.word(1) == "EXISTS":
            self.next()
            self.next()
            self.group()
        elif w == "EXISTS":
            self.next()
            self.group()
        elif kind in ("word", "iri", "pname") and self.peek(1)[1] == "(":
            self.note(*self.next())
            self.next()
            self.expression()
        else:
            raise _Unknown("FILTER")

    def term_or_node(self, verb_iri: str | None = None, simple: bool = True) -> None:
        """A subject or object: a term, "[ … ]" or "( … )"."""
        kind, value = self.peek()
        typed = verb_iri == RDF_TYPE
        if value == "[":
            self.next()
            if typed:
                self.out.any_class = True
            if self.peek()[1] != "]":
                self.property_list(False, closing="]")
            self.expect("]")
        elif value == "(":
            self.next()
            if typed:
                self.out.any_class = True
            while self.peek()[1] != ")":
                if self.peek()[0] == "eof":
                    raise _Unknown("collection")
                self.term_or_node()
            self.next()
            self.out.iris.update({"http://www.w3.org/1999/02/22-rdf-syntax-ns#first",
                                  "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest"})
        elif kind in ("iri", "pname"):
            self.next()
            self.note(kind, value)
            if self.peek()[0] == "op" and self.peek()[1] == "(":
                raise _Unknown("function call in a triple")
        elif kind == "var":
            self.next()
            self.note(kind, value)
            if typed and value[1:] not in self.bound:
                if self.groups:
                    self.type_vars.append((self.groups[-1], value[1:]))
                else:  # a CONSTRUCT template
                    self.out.any_class = True
        elif kind in ("str", "num", "bnode") or (kind == "word" and value.lower() in ("true", "false")):
            self.next()
            if typed:
                self.out.any_class = True
            if kind == "str":
                if self.peek()[0] == "lang":
                    self.next()
                elif self.peek()[1] == "^^":
                    self.next()
                    self.note(*self.next())
        else:
            raise _Unknown(f"term {value!r}")

    def property_list(self, template: bool, closing: str = "", subject=None) -> str:
        """verb objectList ( ";" verb objectList )*; returns the state after it."""
        while True:
            free = len(self.verb_vars)
            verb_iri, simple = self.verb()
            objects = self.verb_vars[-1][2] if len(self.verb_vars) > free else None
            while True:
                if subject is not None and verb_iri is not None and simple and self.groups:
                    self.groups[-1]["triples"].append((subject, verb_iri, self.peek()))
                if objects is not None:  # a free verb: its objects (a node "[…]" is none)
                    objects.append(self.peek() if self.peek()[1] not in ("[", "(") else ("node", ""))
                self.term_or_node(verb_iri if simple else None, simple)
                if self.peek()[1] == ",":
                    self.next()
                    continue
                break
            while self.peek()[1] == ";":
                self.next()
            if self.peek()[1] in (".", "}", "{", closing) or self.word() in _PATTERN_KEYWORDS:
                return "S"
            if self.toks[self.i - 1][1] != ";":
                raise _Unknown("after an object")

    def verb(self) -> tuple[str | None, bool]:
        """A verb or property path; (its IRI when it is a single IRI, whether it is)."""
        kind, value = self.peek()
        if kind == "var":
            self.next()
            self.out.variables.add(value[1:])
            if value[1:] not in self.bound:
                self.out.any_predicate = True
                if self.groups:
                    self.verb_vars.append((self.groups[-1], value[1:], []))
                else:  # a CONSTRUCT template
                    self.other_any = True
            else:
                self.out.bound_verbs.add(value[1:])
            return None, True
        start = self.i
        self.path()
        if self.i == start + 1:
            k, v = self.toks[start]
            if k == "word" and v == "a":
                return RDF_TYPE, True
            if k in ("iri", "pname"):
                return self.iri(k, v), True
        if any(k == "word" and v == "a" or (k in ("iri", "pname") and self.iri(k, v) == RDF_TYPE)
               for k, v in self.toks[start:self.i]):
            self.out.any_class = True
        return None, False

    def path(self) -> None:
        """A property path (alternatives of sequences of elements)."""
        while True:
            self.path_element()
            if self.peek()[1] in ("|", "/"):
                self.next()
                continue
            return

    def path_element(self) -> None:
        if self.peek()[1] == "^":
            self.next()
        kind, value = self.next()
        if value == "(":
            self.path()
            self.expect(")")
        elif value == "!":
            self.out.any_predicate = True
            self.other_any = True
            if self.peek()[1] == "(":
                self.next()
                while self.peek()[1] != ")":
                    if self.peek()[0] == "eof":
                        raise _Unknown("negated set")
                    self.note(*self.next())
                self.next()
            else:
                if self.peek()[1] == "^":
                    self.next()
                self.note(*self.next())
        elif kind == "word" and value == "a":
            self.out.iris.add(RDF_TYPE)
        elif kind in ("iri", "pname"):
            self.note(kind, value)
        else:
            raise _Unknown(f"path {value!r}")
        if self.peek()[1] in ("*", "+", "?") and self.peek()[0] == "op":
            if self.next()[1] != "+":
                self.out.zero_length = True


def scan(text: str, bound: set[str] | frozenset[str] = frozenset()) -> Scan:
    """Read ``text`` (see the module docstring).  ``bound``: variables that will be
    substituted by constants (a query's parameters), not free in predicate or class
    position.  A text this does not read gives ``any_predicate`` and ``any_class``
    true, ``kind`` None when even the form was not found."""
    s = _Scanner(text, set(bound))
    try:
        return s.run()
    except (_Unknown, IndexError):
        out = s.out
        out.any_predicate = out.any_class = True
        out.verb_patterns = None
        out.complete = False
        out.projected = None if out.kind != "SELECT" else out.projected
        return out
