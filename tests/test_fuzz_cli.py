"""Property-based fuzzing of the commands that take outside input.

Random bytes and near-valid Turtle (a valid document with a few bytes changed) are
given to ``info``, ``fmt --check``, ``validate``, ``export``, and random parameter
values to ``query --param``.  Each run must end with exit 0, 1 or 2; a failure has a
one-line message on stderr and never a traceback; each example has a deadline.
Runs are in-process (click's CliRunner on the real ``ctoc_kg.cli.main``).
"""

from __future__ import annotations

import itertools
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURE_DATA
from hostile_helpers import block_network, invoke

VALID = FIXTURE_DATA.read_bytes()
TOKENS = [b"@prefix", b"<", b">", b"\"", b"'''", b".", b";", b",", b"[", b"]", b"(", b")",
          b"_:", b"^^", b"@en", b"a", b"\\u00", b"\n", b"#", b"\x00", b"\xff", b"\xc3", b"<http://x/>",
          b"{", b"}", b"GRAPH", b"true", b"1.5e", b"\"\"\""]

FUZZ = settings(max_examples=25, deadline=timedelta(seconds=20), derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

_counter = itertools.count()


@st.composite
def near_valid_turtle(draw) -> bytes:
    data = bytearray(VALID)
    for _ in range(draw(st.integers(1, 4))):
        pos = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        if action == "insert":
            data[pos:pos] = draw(st.sampled_from(TOKENS))
        elif action == "delete":
            del data[pos:pos + draw(st.integers(1, 20))]
        else:
            data[pos:pos + 1] = draw(st.binary(min_size=1, max_size=3))
    return bytes(data)


inputs = st.one_of(st.binary(max_size=400), near_valid_turtle())


def _check(result, allowed=(0, 1, 2)) -> None:
    assert result.exit_code in allowed, (result.exit_code, result.stderr, result.exception)
    exc = result.exception
    assert exc is None or isinstance(exc, SystemExit), f"uncaught {exc!r}"
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    if result.exit_code == 2:
        lines = result.stderr.strip().splitlines()
        assert lines and lines[0].startswith(("ctoc-kg: ", "Usage:")), result.stderr
        if lines[0].startswith("ctoc-kg: "):
            assert len(lines) == 1, result.stderr
        assert "internal error" not in result.stderr, result.stderr


def _file(folder: Path, data: bytes, ext: str = ".ttl") -> Path:
    p = folder / f"fuzz{next(_counter)}{ext}"
    p.write_bytes(data)
    return p


@FUZZ
@given(data=inputs, ext=st.sampled_from([".ttl", ".nt", ".nq", ".trig", ".jsonld", ".rdf"]))
def test_info_on_fuzzed_files(tmp_path_factory, data, ext):
    p = _file(tmp_path_factory.mktemp("info"), data, ext)
    _check(invoke(["info", "--no-ontology", "--reasoning", "none", str(p)]), allowed=(0, 2))


@FUZZ
@given(data=inputs)
def test_fmt_check_on_fuzzed_turtle(tmp_path_factory, data):
    p = _file(tmp_path_factory.mktemp("fmt"), data)
    _check(invoke(["fmt", "--check", str(p)]))
    assert p.read_bytes() == data  # --check changes nothing


@FUZZ
@given(data=inputs)
def test_export_on_fuzzed_turtle(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("export")
    p = _file(folder, data)
    out = folder / "out.nt"
    out.write_bytes(b"previous\n")
    result = invoke(["export", "--no-ontology", "--format", "nt", "-o", str(out), str(p)])
    _check(result, allowed=(0, 2))
    if result.exit_code == 2:
        assert out.read_bytes() == b"previous\n"


@pytest.mark.slow
@settings(FUZZ, max_examples=15, deadline=timedelta(seconds=60))
@given(data=inputs)
def test_validate_on_fuzzed_turtle(tmp_path_factory, data):
    p = _file(tmp_path_factory.mktemp("validate"), data)
    _check(invoke(["validate", str(p)]))


_param_values = st.one_of(st.text(max_size=40),
                          st.sampled_from(['"', "'", "}", "{", "\\", "<", ">", "#", "\"\"\"", "\x00",
                                           "} ; DROP ALL", "?s", "$x", "<http://x/>", "\n"]))


@pytest.mark.slow
@settings(FUZZ, max_examples=20)
@given(value=_param_values, name=st.sampled_from(["lang", "body", "instrument", "session", "from", "nope"]))
def test_query_param_fuzz(value, name):
    query = {"lang": "subsidiary-bodies", "body": "mandate-history", "instrument": "instrument-provisions",
             "session": "reports-before-session", "from": "meetings-in-range", "nope": "subsidiary-bodies"}[name]
    with block_network() as attempts:
        result = invoke(["query", query, "--param", f"{name}={value}", "--format", "json"])
    assert attempts == []
    _check(result, allowed=(0, 2))
