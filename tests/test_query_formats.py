"""Query results written from pyoxigraph terms (no rdflib) are byte for byte what the
rdflib-based writers gave: ``reference`` below is the former ``format_result`` (rdflib
terms, rdflib's SPARQL results serializers), compared on every shipped query in every
format (the shipped graph and a generated corpus), on awkward literals, and on random
text."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Literal, URIRef, Variable
from rdflib.query import Result

from conftest import ctoc
from ctoc_kg import query as Q
from ctoc_kg import resources
from ctoc_kg.dataset import load
from ctoc_kg.namespaces import XSD, shorten
from ctoc_kg.reason import reason

NAMES = [p.stem for p in resources.query_files()]
# rdflib warns when it writes a number it cannot read ("abc"^^xsd:double): both writers see them
pytestmark = pytest.mark.filterwarnings("ignore:Serializing weird numerical")


# ---------------------------------------------------------------- the former writers

def _short(term) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return shorten(str(term)) or f"<{term}>"
    return str(term)


def _tsv_cell(term) -> str:
    if term is None:
        return ""
    if isinstance(term, Literal):
        return term.n3().replace("\t", "\\t").replace("\n", "\\n")
    return term.n3()


def reference(result: Q.QueryResult, output_format: str) -> str:
    """What ``format_result`` wrote from rdflib terms before it read pyoxigraph terms."""
    rows = result.rows  # rdflib terms
    if output_format == "table":
        if result.kind == "ASK":
            return "true" if result.ask else "false"
        body = Q.table(result.variables, [[_short(t) for t in row] for row in rows])
        return f"{body}\n({len(rows)} row{'s' if len(rows) != 1 else ''})"
    if output_format in ("csv", "tsv"):
        if result.kind == "ASK":
            return "true\n" if result.ask else "false\n"
        buf = io.StringIO()
        if output_format == "csv":
            w = csv.writer(buf, lineterminator="\r\n")
            w.writerow(result.variables)
            for row in rows:
                w.writerow(["" if t is None else str(t) for t in row])
        else:
            buf.write("\t".join("?" + v for v in result.variables) + "\n")
            for row in rows:
                buf.write("\t".join(_tsv_cell(t) for t in row) + "\n")
        return buf.getvalue()
    if output_format == "xml":
        rows = [tuple(_Written.of(t) if isinstance(t, Literal) else t for t in row) for row in rows]
    out = Result(result.kind)
    if result.kind == "ASK":
        out.askAnswer = bool(result.ask)
    else:
        out.vars = [Variable(v) for v in result.variables]
        out.bindings = [{Variable(v): t for v, t in zip(result.variables, row) if t is not None}
                        for row in rows]
    written = out.serialize(format=output_format).decode("utf-8")
    if output_format == "json":
        # rdflib writes with the standard library's json (", " and ": ") unless orjson is
        # installed, then compactly: the former writer's bytes are the standard library's,
        # whatever the test machine has (a CI machine with orjson failed every json case)
        return json.dumps(json.loads(written), allow_nan=False, ensure_ascii=False)
    return written


class _Written(Literal):
    """A literal that is true when its text is not empty.  rdflib's XML results writer
    hands the literal to ``XMLGenerator.characters``, which writes nothing for a false
    value: "0"^^xsd:integer, "false"^^xsd:boolean, "0.0"^^xsd:decimal came out as an
    empty element (the value lost; ``test_the_former_xml_writer_lost_false_values``).
    The new writer writes them: the one change, on purpose."""

    def __bool__(self) -> bool:
        return str(self) != ""

    @classmethod
    def of(cls, t: Literal) -> "_Written":
        return cls(str(t), lang=t.language, datatype=t.datatype, normalize=False)


def assert_same_everywhere(result: Q.QueryResult) -> None:
    """Every format from pyoxigraph terms == the former writer's from rdflib terms, and
    the same from the rdflib rows (what the rdflib engine and remote stores give)."""
    assert result.ox_rows is not None
    for fmt in Q.FORMATS:
        lean = Q.format_result(result, fmt)
        assert lean == reference(result, fmt), fmt
        again = Q.QueryResult(result.kind, result.variables, list(result.rows), result.ordered,
                              result.ask)
        assert again.ox_rows is None and Q.format_result(again, fmt) == lean, fmt


# ---------------------------------------------------------------- shipped queries

def _reasoned(files):
    ds = load(files, bare=True)
    reason(ds)  # everything any query can see
    return ds


@pytest.fixture(scope="module")
def shipped():
    return _reasoned(None)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    from ctoc_kg.generate import generate

    path = tmp_path_factory.mktemp("formats") / "corpus.nt"
    sample = generate(path, 3000, seed=5).sample
    return _reasoned([path]), sample


@pytest.mark.parametrize("name", NAMES)
def test_every_shipped_query_writes_the_same_bytes(shipped, name):
    result = Q.execute(Q.prepare(name), shipped)
    assert result.kind == "ASK" or result.ox_rows, name  # every shipped question has rows here
    assert_same_everywhere(result)


@pytest.mark.parametrize("name", NAMES)
def test_every_shipped_query_on_a_corpus_writes_the_same_bytes(corpus, name):
    ds, sample = corpus
    sample = dict(sample)
    if name.startswith("resolution-9-1"):  # the instrument whose requests the corpus holds
        sample["instrument"] = sample["request-instrument"]
    info = next(i for i in Q.shipped_queries() if i.name == name)
    params = {p.name: sample[p.name] for p in info.params if p.name in sample}
    assert_same_everywhere(Q.execute(Q.prepare(name, params), ds))


def test_the_command_writes_what_the_former_writer_wrote(shipped, tmp_path):
    # through the command line too: ctoc-kg query (its own store) == the reference
    for name, fmt in (("standard-vocabulary", "tsv"), ("reporting-gaps", "xml")):
        got = ctoc("query", name, "--format", fmt)
        assert got.returncode == 0, got.stderr
        want = reference(Q.execute(Q.prepare(name), shipped), fmt)
        assert got.stdout.rstrip("\n") == want.rstrip("\n"), (name, fmt)


# ---------------------------------------------------------------- awkward terms

AWKWARD = [
    ox.Literal("plain"),
    ox.Literal(""),
    ox.Literal('say "hi"'),
    ox.Literal("two\nlines"),
    ox.Literal('ends with a quote\n"'),
    ox.Literal('ends escaped\n\\"'),
    ox.Literal('has """ triple\nquotes'),
    ox.Literal("back\\slash"),
    ox.Literal("carriage\rreturn"),
    ox.Literal("tab\there"),
    ox.Literal("control \x01 \x1f and \x7f"),
    ox.Literal("xml <&> ' \" ]]>"),
    ox.Literal("non-ASCII: é 名 \U0001F600"),
    ox.Literal("percent %s %d"),
    ox.Literal("English", language="en"),
    ox.Literal("anglais\nligne", language="fr-ca"),
    ox.Literal("2020-07-16", datatype=ox.NamedNode(XSD + "date")),
    ox.Literal("42", datatype=ox.NamedNode(XSD + "integer")),
    ox.Literal("1.5", datatype=ox.NamedNode(XSD + "decimal")),
    ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")),
    ox.Literal("1.0E0", datatype=ox.NamedNode(XSD + "double")),
    ox.Literal("INF", datatype=ox.NamedNode(XSD + "double")),
    ox.Literal("-INF", datatype=ox.NamedNode(XSD + "float")),
    ox.Literal("NaN", datatype=ox.NamedNode(XSD + "double")),
    ox.Literal("x", datatype=ox.NamedNode("https://example.org/dt")),
    ox.Literal("x", datatype=ox.NamedNode(XSD + "string")),
    ox.NamedNode("https://w3id.org/ctoc-kg/id/body/x"),
    ox.NamedNode("https://w3id.org/ctoc-kg/ontology#Body"),
    ox.NamedNode("urn:x-not:shortened"),
    ox.NamedNode("https://example.org/é?q=1&r=<2>".replace("<", "%3C").replace(">", "%3E")),
    ox.BlankNode("b0"),
]
# lexical forms the store keeps only as written (ctoc_kg.dataset's lexical record gives
# them back): ill-typed and non-canonical numbers, as rdflib's N3 writes them
WRITTEN = ["inf", "-Infinity", "nan", "1e400", "abc", " 1", "1_0", "09"]


def _result(terms: list, extra_none: bool = True) -> Q.QueryResult:
    rows = [(t, None if i % 3 == 0 and extra_none else t, ox.NamedNode(f"urn:x:{i}"))
            for i, t in enumerate(terms)]
    rows.append((None, None, None))
    return Q.QueryResult("SELECT", ["value", "maybe", "n"], ordered=False, ox_rows=rows)


def test_awkward_terms_are_written_the_same():
    assert_same_everywhere(_result(AWKWARD))


def test_written_lexical_forms_are_written_the_same():
    terms = [ox.Literal(lex, datatype=ox.NamedNode(XSD + dt)) for lex in WRITTEN
             for dt in ("double", "float", "decimal", "integer")]
    assert_same_everywhere(_result(terms))


def test_ask_and_empty_answers_are_written_the_same():
    for ask in (True, False):
        result = Q.QueryResult("ASK", [], [], False, ask)
        for fmt in Q.FORMATS:
            assert Q.format_result(result, fmt) == reference(result, fmt)
    assert_same_everywhere(Q.QueryResult("SELECT", ["a", "b"], ordered=True, ox_rows=[]))
    assert_same_everywhere(Q.QueryResult("SELECT", [], ordered=True, ox_rows=[()]))


def test_a_query_answer_of_awkward_literals_through_the_store(tmp_path):
    # the same through execute (the store's terms, original_term's lexical record)
    data = tmp_path / "odd.nt"
    lines = [f'<urn:x:s{i}> <urn:x:p> {t} .' for i, t in enumerate(AWKWARD) if not isinstance(t, ox.BlankNode)]
    lines += [f'<urn:x:w{i}> <urn:x:p> "{lex}"^^<{XSD}double> .' for i, lex in enumerate(WRITTEN)]
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ds = load([data], include_ontology=False, bare=True)
    prepared = Q.prepare("odd.rq", text="SELECT ?s ?o ?lang WHERE { ?s ?p ?o "
                         "OPTIONAL { ?s ?p ?o FILTER(LANG(?o) != '') BIND(LANG(?o) AS ?lang) } }")
    result = Q.execute(prepared, ds)
    assert len(result.ox_rows) == len(lines)
    # the written forms come back as written ("09"^^xsd:double, not "9.0E0"; "inf", "nan" and
    # "1e400" share a stored form with another one, so the store's form is given)
    assert {t.value for row in result.ox_rows for t in row if isinstance(t, ox.Literal)} >= {
        "09", "abc", " 1", "1_0", "-Infinity"}
    assert_same_everywhere(result)


_TEXT = st.lists(st.sampled_from(list('ab "\\\n\r\t\'<>&é名%#\x01') + ['"""', "inf", "nan", "1e9"]),
                 max_size=8).map("".join)


@settings(max_examples=60, deadline=None)
@given(values=st.lists(st.tuples(_TEXT, st.sampled_from(["", "en", "fr-ca", XSD + "double", XSD + "string",
                                                          XSD + "decimal", "urn:x:dt"])),
                       min_size=1, max_size=4))
def test_random_literals_are_written_the_same(values):
    terms = []
    for text, kind in values:
        if kind in ("en", "fr-ca"):
            terms.append(ox.Literal(text, language=kind))
        elif kind:
            terms.append(ox.Literal(text, datatype=ox.NamedNode(kind)))
        else:
            terms.append(ox.Literal(text))
    assert_same_everywhere(_result(terms))


def test_plain_strings_are_rdflib_plain_literals():
    # what the former writer was given: xsd:string as a plain literal, as rdflib's engine gives
    result = _result([ox.Literal("x")], extra_none=False)
    assert result.rows[0][0] == Literal("x") and result.rows[0][0].datatype is None
    assert json.loads(Q.format_result(result, "json"))["results"]["bindings"][0]["value"] == {
        "type": "literal", "value": "x"}
    assert isinstance(_result([ox.BlankNode("b")]).rows[0][0], BNode)


def test_the_former_xml_writer_lost_false_values():
    zero = ox.Literal("0", datatype=ox.NamedNode(XSD + "integer"))
    no = ox.Literal("false", datatype=ox.NamedNode(XSD + "boolean"))
    result = Q.QueryResult("SELECT", ["n", "b"], ordered=False, ox_rows=[(zero, no)])
    ours = Q.format_result(result, "xml")
    assert f'<literal datatype="{XSD}integer">0</literal>' in ours
    assert f'<literal datatype="{XSD}boolean">false</literal>' in ours
    assert Q.parse_results(ours, "xml").rows == result.rows
    out = Result("SELECT")  # rdflib's writer on the same rdflib terms
    out.vars = [Variable("n"), Variable("b")]
    out.bindings = [dict(zip(out.vars, result.rows[0]))]
    former = out.serialize(format="xml").decode("utf-8")
    assert f'<literal datatype="{XSD}integer"></literal>' in former
    assert former.replace("></literal>", ">0</literal>", 1).replace("></literal>", ">false</literal>", 1) == ours
