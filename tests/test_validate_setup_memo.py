"""What ``validate`` does once instead of on every run: the shapes files are parsed once
per process for each content (``validate._shared_shapes``), that Graph is only read (pyshacl
gets a copy), and the data is opened once even when the fast engine hands over to
pyshacl."""

from __future__ import annotations

import os
from pathlib import Path


import ctoc_kg.validate as v
from ctoc_kg.validate import load_shapes, validate

SHAPES_FIXTURES = Path(__file__).resolve().parent / "shapes"
BASE = SHAPES_FIXTURES / "base.ttl"
ILL_TYPED = SHAPES_FIXTURES / "EventShape" / "reject.ttl"  # dates like "2019-02-30": pyshacl runs

SHAPE = """@prefix sh: <http://www.w3.org/ns/shacl#> .
<urn:x-test:shape> a sh:NodeShape ; sh:targetNode <urn:x-test:a> ;
    sh:property <urn:x-test:shape-p> .
<urn:x-test:shape-p> a sh:PropertyShape ; sh:path <urn:x-test:p> ; sh:{which}Count 1 ;
    sh:message "p"@en , "p"@fr .
"""


def own_results(report) -> list[str]:
    return [r.constraint_component.rsplit("#", 1)[-1] for r in report.results
            if r.source_shape == "urn:x-test:shape-p"]


def test_a_shapes_file_changed_in_place_is_read_again(tmp_path):
    """Same path, same size, same modification time: the content decides."""
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(SHAPE.format(which="min"), encoding="utf-8")
    data = tmp_path / "data.ttl"
    data.write_text("<urn:x-test:a> <urn:x-test:q> 1 .\n", encoding="utf-8")
    ontology = tmp_path / "ontology.ttl"  # a small one: the shipped ontology is not the point
    ontology.write_text("<urn:x-test:q> a <http://www.w3.org/2002/07/owl#DatatypeProperty> .\n",
                        encoding="utf-8")
    first = validate([data], shapes=[shapes], ontology=[ontology])
    assert own_results(first) == ["MinCountConstraintComponent"]
    stat = shapes.stat()
    shapes.write_text(SHAPE.format(which="max"), encoding="utf-8")
    os.utime(shapes, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert shapes.stat().st_size == stat.st_size
    assert own_results(validate([data], shapes=[shapes], ontology=[ontology])) == []


def test_handing_over_to_pyshacl_opens_the_data_once_and_changes_no_shapes(monkeypatch):
    """The fast engine hands data with ill-typed values to pyshacl: the data is opened
    once, the report is pyshacl's, and pyshacl (which adds triples to the shapes graph
    it is given) changes neither the remembered shapes nor a shapes graph passed in."""
    remembered = v._shared_shapes(None)
    before = set(remembered)
    passed_in = load_shapes()
    passed_before = set(passed_in)
    opened = []
    real = v.open_dataset

    def counting(*args, **kw):
        opened.append(args)
        return real(*args, **kw)

    monkeypatch.setattr(v, "open_dataset", counting)
    handed_over = validate([BASE, ILL_TYPED], engine="fast")
    assert len(opened) == 1
    reference = validate([BASE, ILL_TYPED], shapes=passed_in, engine="pyshacl")
    assert len(opened) == 2
    assert handed_over.results == reference.results
    assert not handed_over.conforms
    assert v._shared_shapes(None) is remembered
    assert set(remembered) == before and len(remembered) == len(passed_in)
    assert set(passed_in) == passed_before
