"""A second SHACL engine: Apache Jena validates what ``ctoc-kg validate`` validates and
the two reports are compared on (focus node, path, severity, source shape, value).

Jena is installed from Debian when missing (``tests/support/jena.py``)."""

from __future__ import annotations

import pytest

from ctoc_kg.validate import validate
from support.jena import Jena, compare, ctoc_report, jena_shapes, validation_input, _as_quads

def test_jena_gets_one_message_per_sparql_constraint():
    """Jena 4.5 refuses a SPARQL constraint with two sh:message; the copy it gets has one
    (English), and nothing else of the shapes changes."""
    from ctoc_kg.validate import load_shapes

    shapes = _as_quads(load_shapes())
    copy = jena_shapes(shapes)
    sparql = {t.object for t in shapes if t.predicate.value.endswith("#sparql")}
    assert len(sparql) >= 7
    for node in sparql:
        before = [t.object for t in shapes if t.subject == node and t.predicate.value.endswith("#message")]
        after = [t.object for t in copy if t.subject == node and t.predicate.value.endswith("#message")]
        assert len(before) == 2 and [m.language for m in after] == ["en"]
    assert set(shapes) - set(copy) == {t for t in shapes if t.subject in sparql
                                       and t.predicate.value.endswith("#message")
                                       and t.object.language == "fr"}


@pytest.fixture(scope="module")
def jena() -> Jena:
    return Jena.ensure()


@pytest.mark.java
@pytest.mark.slow
def test_jena_agrees_on_the_shipped_graph(jena):
    data, shapes = validation_input()
    theirs = jena.validate(data, shapes)
    ours = ctoc_report(validate())
    diff = compare(ours, theirs)
    assert not diff, diff.explain()
    # the one finding of the note (paragraph 15), seen by both engines
    assert [k.severity for k in theirs.results] == ["<http://www.w3.org/ns/shacl#Warning>"]
    assert theirs.results[0].source_shape.endswith("SequencingStatementRule-datesAgree>")
