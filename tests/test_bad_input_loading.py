"""The loading layer (``dataset.read_quads`` / ``load``) on bad input: every failure is
an ``InputError`` naming the file, with line and column where the parser gives them."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from conftest import posix_only

from ctoc_kg import safety
from ctoc_kg.dataset import load, read_quads
from ctoc_kg.errors import EXIT_ERROR, CtocError, InputError


@pytest.fixture(autouse=True)
def _no_hang():
    """Fail (not hang) if something blocks reading a special file."""
    if not hasattr(signal, "SIGALRM"):  # Windows: no alarm; the tests there skip the special files
        yield
        return

    def boom(*_):
        raise TimeoutError("reading took more than 20 s (blocked on a special file?)")
    old = signal.signal(signal.SIGALRM, boom)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


@pytest.fixture(autouse=True)
def _default_limit(monkeypatch):
    monkeypatch.delenv(safety.MAX_FILE_SIZE_ENV, raising=False)
    safety.set_max_file_size(None)
    yield
    safety.set_max_file_size(None)


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    p = tmp_path / name
    p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return p


# name, content, expected (line, column) — each a syntax error the parser locates
MALFORMED = [
    ("bad.ttl", "@prefix : <http://x/> .\n:a :p :b .\n:c :d .\n", (3, 7), "not a valid RDF object"),
    ("undeclared-prefix.ttl", "<http://x/a> <http://x/p> nope:b .\n", (1, 27), "nope"),
    ("bad.nt", "<http://a> <http://b> <http://c> .\n<http://a> <http://b> .\n", (2, 23), "object"),
    ("relative.nt", "<a> <http://b> <http://c> .\n", (1, 1), "absolute IRI"),
    ("bad.nq", "<http://a> <http://b> <http://c> <http://g> <x> .\n", (1, 45), "IRI"),
    ("bad.trig", "GRAPH <http://g> { <http://a> <http://b> <http://c> \n", (2, 1), "Unexpected end"),
    ("bad.jsonld", '{"@id": "http://x/j",\n "http://x/p": }', (2, 16), "curly bracket"),
    ("bad.rdf", '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
                '<rdf:Description rdf:about="http://x/r">\n</rdf:RDF>', (3, 3), "mismatched tag"),
    ("unclosed.owl", '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n', (2, 1), "no element found"),
]


@pytest.mark.parametrize("name,text,where,cause", MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_file_gives_file_line_column_and_cause(tmp_path, name, text, where, cause):
    p = write(tmp_path, name, text)
    with pytest.raises(InputError) as e:
        read_quads(p)
    assert (e.value.line, e.value.column) == where
    assert cause in e.value.cause
    assert str(e.value) == f"{p}:{where[0]}:{where[1]}: {e.value.cause}"
    assert "Parser error" not in str(e.value)  # pyoxigraph's own prefix is not repeated
    assert e.value.exit_code == EXIT_ERROR


def test_rdfxml_well_formed_but_not_rdf_is_an_input_error(tmp_path):
    p = write(tmp_path, "notrdf.rdf", '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
              '<rdf:Description rdf:about="http://x/r"><rdf:li rdf:resource="not an iri"/></rdf:Description>'
              '</rdf:RDF>')
    with pytest.raises(InputError) as e:
        read_quads(p)
    assert str(e.value).startswith(f"{p}")


# The choice: an empty Turtle/N-Triples/N-Quads/TriG document is valid RDF with no
# triples (the grammars allow it); JSON-LD and RDF/XML need a JSON value / XML root.
@pytest.mark.parametrize("name,data", [("empty.ttl", b""), ("blank.ttl", b"  \n\t\n"),
                                       ("comment.ttl", b"# nothing yet\n"),
                                       ("prefix-only.ttl", b"@prefix : <http://x/> .\n"),
                                       ("empty.nt", b""), ("empty.nq", b""), ("empty.trig", b"")])
def test_empty_text_formats_are_valid_and_have_no_triples(tmp_path, name, data):
    p = write(tmp_path, name, data)
    assert read_quads(p) == []
    ds = load([p], include_ontology=False)
    assert len(ds) == 0


@pytest.mark.parametrize("name", ["empty.jsonld", "empty.rdf", "blank.owl"])
def test_empty_jsonld_and_rdfxml_are_refused(tmp_path, name):
    p = write(tmp_path, name, b"" if name.startswith("empty") else b"\n \n")
    with pytest.raises(InputError) as e:
        read_quads(p)
    assert "empty file" in e.value.cause


@pytest.mark.parametrize("name,data,cause", [
    ("turtle-in.nt", "@prefix : <http://x/> .\n:a :p :b .\n", None),
    ("json-in.ttl", '{"@id": "http://x/a"}', None),
    ("turtle-in.rdf", "@prefix : <http://x/> .\n:a :p :b .\n", "not well-formed"),
    ("turtle-in.jsonld", "@prefix : <http://x/> .\n", None),
])
def test_wrong_extension_is_a_syntax_error_of_the_extension_format(tmp_path, name, data, cause):
    p = write(tmp_path, name, data)
    with pytest.raises(InputError) as e:
        read_quads(p)
    assert e.value.line == 1
    if cause:
        assert cause in e.value.cause


@pytest.mark.parametrize("name", ["data.csv", "data", "data.ttl.bak", "data.json", "data.n3"])
def test_unknown_format_is_refused_before_reading(tmp_path, name, monkeypatch):
    p = write(tmp_path, name, "@prefix : <http://x/> .\n")
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read an unknown format"))
    with pytest.raises(InputError) as e:
        read_quads(p)
    assert "unknown RDF format" in e.value.cause and ".ttl" in e.value.cause


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_quads(tmp_path / "missing.ttl")
    (tmp_path / "folder.ttl").mkdir()
    with pytest.raises(InputError, match="is a directory"):
        read_quads(tmp_path / "folder.ttl")


def test_dangling_symlink_is_no_such_file(tmp_path):
    (tmp_path / "link.ttl").symlink_to(tmp_path / "gone.ttl")
    with pytest.raises(InputError, match="no such file"):
        read_quads(tmp_path / "link.ttl")


@posix_only("os.mkfifo")
def test_fifo_is_refused_without_blocking(tmp_path):
    """Opening a FIFO with no writer blocks forever: it must be refused from stat alone."""
    fifo = tmp_path / "pipe.ttl"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="FIFO"):
        read_quads(fifo)


@posix_only("/dev/zero, /dev/urandom and /dev/null")
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_device_behind_an_rdf_name_is_refused(tmp_path, device):
    """/dev/zero never ends: reading it would exhaust memory."""
    assert Path(device).exists(), f"{device} missing"
    link = tmp_path / "device.nt"
    link.symlink_to(device)
    with pytest.raises(InputError, match="a device"):
        read_quads(link)


def test_permission_denied_on_read_is_an_input_error_simulated(tmp_path, monkeypatch):
    """Simulated: tests may run as root, where chmod 000 does not stop reading."""
    p = write(tmp_path, "secret.ttl", "<http://a> <http://b> <http://c> .\n")

    def denied(self):
        raise PermissionError(13, "Permission denied", str(self))
    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(InputError) as e:
        read_quads(p)
    assert str(e.value) == f"{p}: Permission denied"


def test_permission_denied_on_stat_is_an_input_error_simulated(tmp_path, monkeypatch):
    p = tmp_path / "hidden" / "x.ttl"
    real_stat = Path.stat

    def denied(self, *a, **k):
        if self == p:
            raise PermissionError(13, "Permission denied", str(self))
        return real_stat(self, *a, **k)
    monkeypatch.setattr(Path, "stat", denied)
    with pytest.raises(InputError, match="permission denied"):
        read_quads(p)


@pytest.mark.parametrize("name,data,where,cause", [
    ("latin1.ttl", b'<http://a> <http://b> "caf\xe9" .\n', (1, 27), "Invalid UTF-8"),
    ("latin1.nt", b'<http://a> <http://b> "x" .\n<http://a> <http://b> "\xff\xfe" .\n', (2, 24), "Invalid UTF-8"),
    ("utf16.ttl", '<http://a> <http://b> "x" .\n'.encode("utf-16"), (1, 1), "UTF-16"),
    ("utf16.rdf", '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>'.encode("utf-16"), (1, 1), "UTF-16"),
    ("bom.ttl", b'\xef\xbb\xbf<http://a> <http://b> "x" .\n', (1, 1), "byte-order mark"),
    ("latin1.jsonld", b'{"@id": "http://x/a", "http://x/p": "caf\xe9"}', (1, 38), "UTF-8"),
])
def test_non_utf8_bytes_are_located(tmp_path, name, data, where, cause):
    p = write(tmp_path, name, data)
    with pytest.raises(InputError) as e:
        read_quads(p)
    assert cause in e.value.cause
    assert (e.value.line, e.value.column)[:1] == where[:1]


def test_bom_is_allowed_where_the_format_allows_it(tmp_path):
    p = write(tmp_path, "bom.jsonld", b'\xef\xbb\xbf{"@id": "http://x/a", "http://x/p": "v"}')
    assert len(read_quads(p)) == 1


def test_file_over_the_size_limit_is_refused_from_stat_before_reading(tmp_path, monkeypatch):
    big = tmp_path / "big.nt"
    with big.open("wb") as f:  # sparse: 600 MiB on paper, nothing on disk
        f.truncate(600 * safety.MiB)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read a file over the limit"))
    with pytest.raises(InputError) as e:
        read_quads(big)
    msg = e.value.cause
    assert "600 MiB" in msg and "512 MiB" in msg
    assert "--max-file-size" in msg and "CTOC_KG_MAX_FILE_SIZE" in msg


def test_the_limit_is_raised_by_env_and_by_the_api(tmp_path, monkeypatch):
    p = write(tmp_path, "small.nt", "<http://a> <http://b> <http://c> .\n" * 40)  # 1400 bytes
    monkeypatch.setenv(safety.MAX_FILE_SIZE_ENV, "1K")
    with pytest.raises(InputError, match="over the size limit of 1 KiB"):
        read_quads(p)
    monkeypatch.setenv(safety.MAX_FILE_SIZE_ENV, "2K")
    assert len(read_quads(p)) == 40
    safety.set_max_file_size(100)
    with pytest.raises(InputError, match="over the size limit of 100 bytes"):
        read_quads(p)
    safety.set_max_file_size(0)  # 0 = no limit
    assert len(read_quads(p)) == 40


def test_bad_size_in_env_is_a_clear_error(tmp_path, monkeypatch):
    p = write(tmp_path, "small.nt", "")
    monkeypatch.setenv(safety.MAX_FILE_SIZE_ENV, "lots")
    with pytest.raises(CtocError, match="CTOC_KG_MAX_FILE_SIZE: not a size"):
        read_quads(p)


@pytest.mark.parametrize("text,n", [("0", 0), ("1024", 1024), ("1k", 1024), ("600M", 600 * 2**20),
                                    ("2GiB", 2 * 2**30), (" 3 gb ", 3 * 2**30), ("1T", 2**40)])
def test_parse_size(text, n):
    assert safety.parse_size(text) == n


@pytest.mark.parametrize("text", ["", "-1", "1.5G", "10x", "G", "1 2"])
def test_parse_size_refuses_nonsense(text):
    with pytest.raises(CtocError, match="not a size"):
        safety.parse_size(text)


def test_one_bad_file_among_good_names_the_bad_one(tmp_path):
    good = write(tmp_path, "good.ttl", "<http://a> <http://b> <http://c> .\n")
    bad = write(tmp_path, "bad.nt", "<http://a> <http://b> .\n")
    with pytest.raises(InputError) as e:
        load([good, bad], include_ontology=False)
    assert e.value.path == str(bad)
