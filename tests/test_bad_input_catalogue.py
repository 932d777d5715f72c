"""The catalogue of bad inputs tried, each with the exit code it must give.

Every case is run through the real ``ctoc_kg.cli.main`` group (in-process; a few are
also run through the installed console script with the network blocked, at the end).
Expected: exit 2 with one ``ctoc-kg: error: ...`` line (or click's usage error) and
no traceback; exit 0 where the input is valid after all (empty Turtle, external DTD
ignored); the message holds the stated fragment.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import FIXTURE_DATA, POSIX
from hostile_helpers import assert_clean_failure, entity_bomb, invoke, rdfxml, run_script

RDF = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'


@dataclass
class Case:
    id: str
    name: str | None  # file to create (None: none)
    data: bytes | str | None
    args: list[str]  # {f} is the file's path, {d} the folder
    code: int
    fragment: str = ""
    special: str = ""  # "fifo", "dir", "symlink:<target>", "sparse:<bytes>"


CASES = [
    Case("turtle-syntax", "a.ttl", "@prefix : <http://x/> .\n:a :p :b .\n:c :d .\n", ["info", "{f}"], 2, "a.ttl:3:7:"),
    Case("turtle-undeclared-prefix", "a.ttl", "<http://x/a> <http://x/p> nope:b .\n", ["info", "{f}"], 2, "a.ttl:1:"),
    Case("turtle-unterminated-string", "a.ttl", '<http://x/a> <http://x/p> "abc .\n', ["info", "{f}"], 2, "a.ttl:1:"),
    Case("turtle-bad-iri", "a.ttl", "<http://x/a b> <http://x/p> 1 .\n", ["info", "{f}"], 2, "a.ttl:1:"),
    Case("turtle-bad-language-tag", "a.ttl", '<http://x/a> <http://x/p> "x"@-- .\n', ["info", "{f}"], 2, "a.ttl:1:"),
    Case("ntriples-missing-object", "a.nt", "<http://a> <http://b> .\n", ["info", "{f}"], 2, "a.nt:1:23:"),
    Case("ntriples-relative-iri", "a.nt", "<a> <http://b> <http://c> .\n", ["info", "{f}"], 2, "absolute IRI"),
    Case("ntriples-prefixed-name", "a.nt", "@prefix : <http://x/> .\n:a :p :b .\n", ["info", "{f}"], 2, "a.nt:1:"),
    Case("nquads-bad-graph", "a.nq", "<http://a> <http://b> <http://c> <x> .\n", ["info", "{f}"], 2, "a.nq:1:"),
    Case("trig-unclosed-graph", "a.trig", "GRAPH <http://g> { <http://a> <http://b> <http://c> \n", ["info", "{f}"], 2, "a.trig:2:1:"),
    Case("jsonld-syntax", "a.jsonld", '{"@id": "http://x/j",\n "http://x/p": }', ["info", "{f}"], 2, "a.jsonld:2:16:"),
    # JSON-LD expansion drops a free-floating top-level value: an empty graph, not an error
    Case("jsonld-scalar-is-empty-graph", "a.jsonld", '"just a string"',
         ["info", "--no-ontology", "--reasoning", "none", "{f}"], 0, ""),
    Case("jsonld-empty", "a.jsonld", "", ["info", "{f}"], 2, "empty file"),
    Case("jsonld-remote-context", "a.jsonld", json.dumps({"@context": "http://127.0.0.1:9/c", "@id": "http://x/a"}),
         ["info", "{f}"], 2, "remote JSON-LD @context refused"),
    Case("jsonld-deep-nesting", "a.jsonld", '{"@id":"http://x/a","http://x/p":' + "[" * 70000 + "]" * 70000 + "}",
         ["info", "{f}"], 2, "stack"),
    Case("rdfxml-mismatched-tag", "a.rdf", f"<rdf:RDF {RDF}>\n<rdf:Description>\n</rdf:RDF>", ["info", "{f}"], 2, "a.rdf:3:3: mismatched tag"),
    Case("rdfxml-empty", "a.rdf", "", ["info", "{f}"], 2, "empty file"),
    Case("rdfxml-external-entity", "a.rdf", rdfxml("&x;", '<!DOCTYPE rdf:RDF [<!ENTITY x SYSTEM "file:///etc/passwd">]>'),
         ["info", "{f}"], 2, "external entity 'x'"),
    Case("rdfxml-external-parameter-entity", "a.rdf",
         rdfxml("v", '<!DOCTYPE rdf:RDF [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p"> %p;]>'),
         ["info", "{f}"], 2, "external parameter entity"),
    Case("rdfxml-external-dtd-ignored", "a.rdf", rdfxml("v", '<!DOCTYPE rdf:RDF SYSTEM "http://127.0.0.1:9/e.dtd">'),
         ["info", "--no-ontology", "--reasoning", "none", "{f}"], 0, ""),
    Case("rdfxml-billion-laughs", "a.rdf", entity_bomb(9), ["info", "{f}"], 2, "amplification"),
    Case("rdfxml-deep-nesting", "a.rdf", rdfxml("<rdf:Description><x:p>" * 600 + "</x:p></rdf:Description>" * 600),
         ["info", "{f}"], 2, "nested more than"),
    Case("rdfxml-undefined-entity", "a.rdf", rdfxml("&nope;"), ["info", "{f}"], 2, "undefined entity"),
    Case("empty-turtle-is-valid", "a.ttl", "", ["info", "--no-ontology", "--reasoning", "none", "{f}"], 0, ""),
    Case("comment-only-turtle-is-valid", "a.ttl", "# nothing\n", ["info", "--no-ontology", "--reasoning", "none", "{f}"], 0, ""),
    Case("unknown-extension", "a.csv", "a,b\n", ["info", "{f}"], 2, "unknown RDF format '.csv'"),
    Case("no-extension", "data", "<http://a> <http://b> <http://c> .\n", ["info", "{f}"], 2, "unknown RDF format"),
    Case("turtle-named-nt", "a.nt", "@prefix : <http://x/> .\n", ["info", "{f}"], 2, "a.nt:1:"),
    Case("turtle-named-rdf", "a.rdf", "@prefix : <http://x/> .\n", ["info", "{f}"], 2, "not well-formed"),
    Case("missing-file", None, None, ["info", "{d}/missing.ttl"], 2, "no such file"),
    Case("directory", None, None, ["info", "{d}/folder.ttl"], 2, "is a directory", special="dir"),
    Case("fifo", None, None, ["info", "{d}/pipe.ttl"], 2, "FIFO", special="fifo"),
    Case("device-dev-zero", None, None, ["info", "{d}/zero.nt"], 2, "a device", special="symlink:/dev/zero"),
    Case("dangling-symlink", None, None, ["info", "{d}/zero.nt"], 2, "no such file", special="symlink:/nonexistent/x"),
    Case("latin1-bytes", "a.ttl", b'<http://a> <http://b> "caf\xe9" .\n', ["info", "{f}"], 2, "a.ttl:1:27: Invalid UTF-8"),
    Case("utf16", "a.ttl", '<http://a> <http://b> "x" .\n'.encode("utf-16"), ["info", "{f}"], 2, "UTF-16"),
    Case("utf8-bom-turtle", "a.ttl", b'\xef\xbb\xbf<http://a> <http://b> "x" .\n', ["info", "{f}"], 2, "byte-order mark"),
    Case("nul-in-iri", "a.nt", b"<http://a\\u0000> <http://b> <http://c> .\n", ["info", "{f}"], 2, "IRI"),
    Case("escape-in-iri", "a.nt", b"<http://a\x1b[2J> <http://b> <http://c> .\n", ["info", "{f}"], 2, "IRI"),
    Case("over-size-limit", None, None, ["info", "{d}/big.nt"], 2, "over the size limit of 512 MiB", special="sparse:600M"),
    Case("over-lowered-limit", "a.nt", "<http://a> <http://b> <http://c> .\n",
         ["--max-file-size", "10", "info", "{f}"], 2, "--max-file-size"),
    Case("bad-max-file-size", "a.nt", "", ["--max-file-size", "lots", "info", "{f}"], 2, "not a size"),
    Case("token-over-16-mib", "a.nt", '<http://x/a> <http://x/p> "' + "b" * 17_000_000 + '" .\n',
         ["info", "{f}"], 2, "too long to parse"),
    Case("fmt-check-bad-turtle", "a.ttl", "@prefix : <http://x/> .\n:a :b .\n", ["fmt", "--check", "{f}"], 2, "a.ttl:2:"),
    Case("fmt-check-missing", None, None, ["fmt", "--check", "{d}/none.ttl"], 2, "no such file"),
    Case("validate-bad-turtle", "a.ttl", "@prefix : <http://x/> .\n:a :b .\n", ["validate", "{f}"], 2, "a.ttl:2:"),
    Case("validate-missing", None, None, ["validate", "{d}/none.ttl"], 2, "none.ttl"),
    Case("validate-bad-shapes", "s.ttl", "@prefix sh: <http://www.w3.org/ns/shacl#> .\n[ a sh:NodeShape ;\n",
         ["validate", "--shapes", "{f}"], 2, "s.ttl:"),
    Case("export-bad-turtle", "a.ttl", "@prefix : <http://x/> .\n:a :b .\n", ["export", "{f}"], 2, "a.ttl:2:"),
    Case("export-unknown-format", "a.ttl", "", ["export", "--format", "csv", "{f}"], 2, "csv"),
    Case("query-syntax-error", "q.rq", "SELECT * WHERE { ?s ?p }", ["query", "{f}"], 2, "q.rq"),
    Case("query-service-refused", "q.rq", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/s> { ?s ?p ?o } }",
         ["query", "{f}"], 2, "SERVICE"),
    Case("query-unknown-name", None, None, ["query", "no-such-question"], 2, "no-such-question"),
    Case("query-unknown-param", None, None, ["query", "subsidiary-bodies", "--param", "nope=1"], 2, "nope"),
    Case("query-param-without-equals", None, None, ["query", "subsidiary-bodies", "--param", "lang"], 2, "lang"),
    Case("query-file-non-utf8", "q.rq", b"SELECT * WHERE { ?s ?p \"\xe9\" }", ["query", "{f}"], 2, "q.rq"),
    Case("query-data-bad-turtle", "a.ttl", "@prefix : <http://x/> .\n:a :b .\n",
         ["query", "subsidiary-bodies", "--data", "{f}"], 2, "a.ttl:2:"),
    Case("unknown-command", None, None, ["frobnicate"], 2, "No such command"),
    Case("unknown-option", None, None, ["info", "--frob"], 2, "No such option"),
]


def _prepare(case: Case, tmp_path: Path) -> list[str]:
    f = None
    if case.name is not None:
        f = tmp_path / case.name
        data = case.data.encode("utf-8") if isinstance(case.data, str) else case.data
        f.write_bytes(data)
    s = case.special
    if s == "dir":
        (tmp_path / "folder.ttl").mkdir()
    elif s == "fifo":
        os.mkfifo(tmp_path / "pipe.ttl")
    elif s.startswith("symlink:"):
        (tmp_path / "zero.nt").symlink_to(s.split(":", 1)[1])
    elif s.startswith("sparse:"):
        with (tmp_path / "big.nt").open("wb") as fh:
            fh.truncate(600 * 1024 * 1024)
    return [a.replace("{f}", str(f)).replace("{d}", str(tmp_path)) for a in case.args]


def test_the_catalogue_has_at_least_40_distinct_cases():
    assert len({c.id for c in CASES}) == len(CASES) >= 40


@pytest.fixture(autouse=True)
def _default_limit(monkeypatch):
    monkeypatch.delenv("CTOC_KG_MAX_FILE_SIZE", raising=False)


def _needs_posix(case: Case) -> None:
    if not POSIX and (case.special == "fifo" or case.special.startswith("symlink:/dev/")):
        pytest.skip("POSIX only: a FIFO or a device file behind an RDF name")


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case, tmp_path):
    _needs_posix(case)
    args = _prepare(case, tmp_path)
    result = invoke(args)
    if case.code == 0:
        assert result.exit_code == 0, result.stderr
        return
    err = assert_clean_failure(result, case.code)
    assert "internal error" not in err, err
    assert case.fragment in err, err


# through the real console script (a process each): two in the quick run, all in CI
END_TO_END = ["turtle-syntax", "fifo"] + [
    pytest.param(case_id, marks=pytest.mark.slow)
    for case_id in ("jsonld-remote-context", "rdfxml-external-entity", "over-size-limit",
                    "validate-bad-turtle", "query-service-refused", "export-bad-turtle")]


@pytest.mark.parametrize("case_id", END_TO_END)
def test_bad_input_through_the_console_script(case_id, tmp_path):
    case = next(c for c in CASES if c.id == case_id)
    _needs_posix(case)
    args = _prepare(case, tmp_path)
    g = run_script(args, tmp_path)
    assert g.returncode == case.code, g.stdout + g.stderr
    assert "Traceback" not in g.stderr
    lines = g.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ctoc-kg: error: ") and case.fragment in lines[0]
    assert g.attempts == []
    debug = run_script(["--debug", *args], tmp_path)
    assert debug.returncode == case.code and "Traceback" in debug.stderr
