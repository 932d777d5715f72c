"""Hostile input: nothing read from the local disk or the network that the user did
not name, no memory blow-up, no hang, no terminal escape sequences in errors.

Each test blocks the network (``block_network`` in-process; a sitecustomize
guard for the console script) and asserts nothing tried it; hostile references point
at a ``Canary`` listener, so a fetch from native code would be seen as well.
"""

from __future__ import annotations

import json

import pytest

from conftest import linux_only
from hostile_helpers import (Canary, NetworkBlocked, assert_clean_failure, block_network, entity_bomb,
                             guard_is_active, invoke, rdfxml, run_script)
from ctoc_kg import safety
from ctoc_kg.dataset import load, read_quads
from ctoc_kg.errors import InputError

SECRET = "TOP-SECRET-0b6f1c"


@pytest.fixture
def secret(tmp_path):
    p = tmp_path / "secret.txt"
    p.write_text(SECRET, encoding="utf-8")
    return p


@pytest.fixture
def offline():
    with block_network() as attempts:
        yield attempts
    assert attempts == [], f"network access attempted: {attempts}"


def _all_text(quads) -> str:
    return "\n".join(str(q) for q in quads)


# ---- the guards themselves can fail --------------------------------------------

def test_block_network_refuses_and_records():
    import socket
    with block_network() as attempts:
        with pytest.raises(NetworkBlocked):
            socket.create_connection(("127.0.0.1", 9))
        with pytest.raises(OSError):
            socket.getaddrinfo("example.org", 80)
        s = socket.socket()
        with pytest.raises(OSError):
            s.connect(("127.0.0.1", 9))
        s.close()
    assert [a[0] for a in attempts] == ["create_connection", "getaddrinfo", "connect"]
    socket.getaddrinfo("127.0.0.1", 80)  # restored afterwards


def test_the_subprocess_guard_logs_a_connection(tmp_path):
    assert guard_is_active(tmp_path)


def test_the_canary_sees_a_connection():
    import socket
    with Canary() as canary:
        socket.create_connection(("127.0.0.1", canary.port), timeout=2).close()
    assert len(canary.hits) == 1  # seen even when it came just before the block ended


def test_the_canary_counts_a_connection_it_never_accepted():
    """A connection still in the listen queue when the block ends is counted: the
    canary's thread is stopped first, so only the final drain can see it."""
    import socket
    canary = Canary()
    canary.__enter__()
    canary._stop.set()
    canary._thread.join(timeout=5)
    late = socket.create_connection(("127.0.0.1", canary.port), timeout=2)
    canary.__exit__(None, None, None)
    late.close()
    assert len(canary.hits) == 1


# ---- RDF/XML: external entities, DTDs, entity bombs, depth -----------------------

@pytest.mark.parametrize("kind", ["file", "http"])
def test_rdfxml_external_entity_is_refused_and_reads_nothing(tmp_path, secret, offline, kind):
    with Canary() as canary:
        target = secret.as_uri() if kind == "file" else f"{canary.url}/secret"
        p = tmp_path / "xxe.rdf"
        p.write_bytes(rdfxml("&xxe;", f'<!DOCTYPE rdf:RDF [<!ENTITY xxe SYSTEM "{target}">]>'))
        with pytest.raises(InputError) as e:
            read_quads(p)
    assert "external entity 'xxe'" in e.value.cause and e.value.line == 2
    assert SECRET not in str(e.value)
    assert canary.hits == []


def test_rdfxml_external_parameter_entity_is_refused(tmp_path, offline):
    with Canary() as canary:
        p = tmp_path / "param.rdf"
        p.write_bytes(rdfxml("v", f'<!DOCTYPE rdf:RDF [<!ENTITY % p SYSTEM "{canary.url}/p.dtd"> %p;]>'))
        with pytest.raises(InputError, match="external parameter entity"):
            read_quads(p)
    assert canary.hits == []


def test_rdfxml_external_dtd_is_never_fetched(tmp_path, offline):
    """An external DTD subset is ignored (not read): the data itself loads."""
    with Canary() as canary:
        p = tmp_path / "dtd.rdf"
        p.write_bytes(rdfxml("v", f'<!DOCTYPE rdf:RDF SYSTEM "{canary.url}/evil.dtd">'))
        quads = read_quads(p)
    assert len(quads) == 1
    assert canary.hits == []


def test_rdfxml_internal_entities_still_work(tmp_path, offline):
    """Protégé writes `<!ENTITY owl "...">` and `rdf:about="&owl;Thing"`: keep that working."""
    p = tmp_path / "protege.owl"
    p.write_bytes(rdfxml("&greeting;", '<!DOCTYPE rdf:RDF [<!ENTITY greeting "hello">]>'))
    assert [q.object.value for q in read_quads(p)] == ["hello"]


@linux_only("ru_maxrss is in KiB on Linux (bytes on macOS, absent on Windows)")
@pytest.mark.parametrize("levels", [7, 8, 9])
def test_rdfxml_entity_bomb_is_refused_without_blowing_up_memory(tmp_path, levels):
    import resource

    p = tmp_path / "lol.rdf"
    p.write_bytes(entity_bomb(levels))  # 10**8 .. 10**10 characters from < 1 KB
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(InputError) as e:
        read_quads(p)
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert "amplification" in e.value.cause or "expand" in e.value.cause
    assert grown_kib < 50 * 1024, f"memory grew by {grown_kib} KiB"


def test_our_own_expansion_bound_applies_below_expats(tmp_path, monkeypatch):
    """expat allows 100x amplification; ctoc-kg also caps the total expanded size."""
    monkeypatch.setattr(safety, "MAX_ENTITY_EXPANSION", 1000)
    p = tmp_path / "wide.rdf"
    p.write_bytes(rdfxml("&e;" * 30, '<!DOCTYPE rdf:RDF [<!ENTITY e "' + "x" * 50 + '">]>'))
    with pytest.raises(InputError, match="expand to more than"):
        read_quads(p)
    monkeypatch.setattr(safety, "MAX_ENTITY_EXPANSION", 2000)
    assert len(read_quads(p)[0].object.value) == 1500


def test_rdfxml_recursive_and_undefined_entities(tmp_path):
    p = tmp_path / "loop.rdf"
    p.write_bytes(rdfxml("&a;", '<!DOCTYPE rdf:RDF [<!ENTITY a "&b;"><!ENTITY b "&a;">]>'))
    with pytest.raises(InputError, match="recursive entity"):
        read_quads(p)
    p.write_bytes(rdfxml("&nope;"))
    with pytest.raises(InputError, match="undefined entity"):
        read_quads(p)


def test_rdfxml_deep_nesting_is_refused_before_parsing(tmp_path, monkeypatch):
    """pyoxigraph's time grows with the square of the depth (minutes for 100k nested
    nodes): the guard refuses the file before pyoxigraph ever sees it."""
    import ctoc_kg.dataset

    def never(*a, **k):
        raise AssertionError("pyoxigraph was asked to parse a file the guard should refuse")

    monkeypatch.setattr(ctoc_kg.dataset.ox, "parse", never)
    n = 100_000
    body = "<rdf:Description><x:p>" * n + "</x:p></rdf:Description>" * n
    p = tmp_path / "deep.rdf"
    p.write_bytes(rdfxml(body))
    with pytest.raises(InputError, match="nested more than"):
        read_quads(p)


# ---- JSON-LD: remote contexts ---------------------------------------------------

@pytest.mark.parametrize("shape", ["string", "array", "nested", "import"])
def test_jsonld_remote_context_is_never_fetched(tmp_path, offline, shape):
    with Canary() as canary:
        url = f"{canary.url}/context.jsonld"
        ctx = {"string": url, "array": [url], "nested": {"@vocab": "http://x/", "p": {"@id": "http://x/p", "@context": url}},
               "import": {"@version": 1.1, "@import": url}}[shape]
        doc = {"@context": ctx, "@id": "http://x/a", "p": {"@id": "http://x/b", "name": "n"}}
        p = tmp_path / "remote.jsonld"
        p.write_text(json.dumps(doc), encoding="utf-8")
        with pytest.raises(InputError) as e:
            read_quads(p)
    assert "remote JSON-LD @context refused" in e.value.cause
    assert canary.hits == []


def test_jsonld_deep_nesting_is_an_error_not_a_crash(tmp_path):
    p = tmp_path / "deep.jsonld"
    n = 100_000
    p.write_text('{"@id": "http://x/a", "http://x/p": ' + "[" * n + "1" + "]" * n + "}", encoding="utf-8")
    with pytest.raises(InputError, match="stack"):
        read_quads(p)


def test_only_the_shipped_context_is_used_by_jsonld_export(offline):
    """export --format jsonld compacts with contexts/ctoc.jsonld, read from disk."""
    from ctoc_kg import resources
    result = invoke(["export", "--format", "jsonld"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    shipped = json.loads(resources.context_file().read_text(encoding="utf-8"))["@context"]
    assert doc["@context"] == shipped  # inlined, so a reader needs no fetch either


def test_no_module_parses_jsonld_with_rdflib():
    """rdflib's JSON-LD parser fetches remote contexts; only pyoxigraph (which refuses) may parse."""
    import re
    from pathlib import Path
    import ctoc_kg
    hits = []
    for src in Path(ctoc_kg.__file__).parent.rglob("*.py"):
        text = src.read_text(encoding="utf-8")
        for m in re.finditer(r"\.parse\([^)]*(json-ld|jsonld)", text):
            hits.append(f"{src.name}: {m.group(0)}")
    assert hits == []


# ---- control characters and huge terms ------------------------------------------

def test_control_characters_in_iris_are_refused_with_position(tmp_path):
    p = tmp_path / "ctl.nt"
    p.write_bytes(b'<http://a> <http://b> "ok" .\n<http://a\x1b[2Jb> <http://b> "x" .\n')
    with pytest.raises(InputError) as e:
        read_quads(p)
    assert e.value.line == 2 and "IRI" in e.value.cause
    p.write_bytes(b'<http://a\\u0000b> <http://b> "x" .\n')  # escaped NUL
    with pytest.raises(InputError, match="IRI"):
        read_quads(p)


def test_control_characters_in_literals_are_kept_as_data(tmp_path):
    p = tmp_path / "ctl.nt"
    p.write_bytes(b'<http://a> <http://b> "bell\x07 esc\\u001B[31m nul\\u0000" .\n')
    (q,) = read_quads(p)
    assert q.object.value == "bell\x07 esc\x1b[31m nul\x00"


@pytest.mark.parametrize("fmt", ["nt", "nq", "ttl", "trig", "xml", "jsonld"])
def test_export_of_control_characters_round_trips(tmp_path, fmt):
    p = tmp_path / "ctl.nt"
    p.write_bytes(b'<http://x/a> <http://x/b> "tab\\t cr\\r esc\\u001B[31m bell\\u0007" .\n')
    result = invoke(["export", "--no-ontology", "--format", fmt, str(p)])
    assert result.exit_code in (0, 2), result.stderr
    if result.exit_code == 2:  # refusing is acceptable; writing unreadable output is not
        assert_clean_failure(result)
        return
    out = tmp_path / f"out.{ {'xml': 'rdf'}.get(fmt, fmt) }"
    out.write_bytes(result.stdout_bytes)
    values = {q.object.value for q in read_quads(out) if q.predicate.value == "http://x/b"}
    assert values == {"tab\t cr\r esc\x1b[31m bell\x07"}


def test_huge_iri_and_literal_load_and_errors_stay_short(tmp_path, offline):
    iri = "http://x/" + "a" * 2_000_000
    lit = "b" * 10_000_000
    p = tmp_path / "huge.nt"
    p.write_text(f'<{iri}> <http://x/p> "{lit}" .\n', encoding="utf-8")
    (q,) = read_quads(p)
    assert len(q.subject.value) == len(iri) and len(q.object.value) == len(lit)
    bad = tmp_path / "huge-bad.nt"
    bad.write_text(f'<{iri}> <http://x/p> "{lit}\n', encoding="utf-8")  # unterminated
    with pytest.raises(InputError) as e:
        read_quads(bad)
    assert len(str(e.value)) < 2000, "the error message repeats the huge term"


def test_term_over_the_parser_buffer_is_an_input_error(tmp_path):
    """pyoxigraph raises MemoryError for a token over 16 MiB: an input error, not a crash."""
    p = tmp_path / "giant.nt"
    p.write_text('<http://x/a> <http://x/p> "' + "b" * 20_000_000 + '" .\n', encoding="utf-8")
    with pytest.raises(InputError, match="too long to parse"):
        read_quads(p)


@pytest.mark.parametrize("stem", ["my data", "50%", "a#b", "c?d", "é"])
def test_file_names_that_are_not_iri_safe_get_a_valid_graph_iri(tmp_path, stem):
    from ctoc_kg.dataset import named_graphs
    p = tmp_path / f"{stem}.nt"
    p.write_text("<http://x/a> <http://x/p> <http://x/b> .\n", encoding="utf-8")
    ds = load([p], include_ontology=False)
    (g,) = named_graphs(ds)
    from urllib.parse import unquote
    assert unquote(str(g).rsplit("/", 1)[1]) == stem
    assert " " not in str(g) and "#" not in str(g) and "?" not in str(g)


def test_error_messages_cannot_carry_terminal_escapes(tmp_path):
    name = "evil\x1b[2J\nname.ttl"
    p = tmp_path / name
    p.write_text(":a :b .\n", encoding="utf-8")
    result = invoke(["info", "--no-ontology", str(p)])
    err = assert_clean_failure(result)
    assert "\x1b" not in err and "\\x1b[2J\\nname.ttl" in err


# ---- the console script, network blocked ---------------------------------------

@pytest.mark.parametrize("case", ["xxe", pytest.param("remote-context", marks=pytest.mark.slow),
                                  pytest.param("external-dtd", marks=pytest.mark.slow)])
def test_console_script_opens_no_socket_on_hostile_files(tmp_path, secret, case):
    with Canary() as canary:
        if case == "xxe":
            p = tmp_path / "x.rdf"
            p.write_bytes(rdfxml("&xxe;", f'<!DOCTYPE rdf:RDF [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'))
        elif case == "external-dtd":
            p = tmp_path / "x.rdf"
            p.write_bytes(rdfxml("v", f'<!DOCTYPE rdf:RDF SYSTEM "{canary.url}/e.dtd">'))
        else:
            p = tmp_path / "x.jsonld"
            p.write_text(json.dumps({"@context": f"{canary.url}/c", "@id": "http://x/a", "n": "v"}), encoding="utf-8")
        g = run_script(["export", "--no-ontology", "--format", "nt", str(p)], tmp_path)
    assert g.attempts == [] and canary.hits == []
    assert SECRET not in g.stdout + g.stderr
    assert "Traceback" not in g.stderr
    if case == "external-dtd":
        assert g.returncode == 0 and '"v"' in g.stdout
    else:
        assert g.returncode == 2 and len(g.stderr.strip().splitlines()) == 1


@pytest.mark.slow
def test_query_with_service_is_refused_without_a_socket(tmp_path):
    with Canary() as canary:
        q = tmp_path / "svc.rq"
        q.write_text(f"SELECT * WHERE {{ SERVICE <{canary.url}/sparql> {{ ?s ?p ?o }} }}", encoding="utf-8")
        g = run_script(["query", str(q)], tmp_path)
    assert g.returncode == 2, g.stdout + g.stderr
    assert "SERVICE" in g.stderr and "--allow-service" in g.stderr
    assert len(g.stderr.strip().splitlines()) == 1
    assert g.attempts == [] and canary.hits == []


def test_service_hidden_in_lowercase_or_comment_tricks_is_refused(tmp_path):
    q = tmp_path / "svc.rq"
    q.write_text("select * where {\n  # comment\n  service\n<http://127.0.0.1:9/s> { ?s ?p ?o } }", encoding="utf-8")
    result = invoke(["query", str(q)])
    assert_clean_failure(result)
    assert "SERVICE" in result.stderr or "service" in result.stderr


@pytest.mark.parametrize("value", ['x" } ; DROP ALL ; SELECT * { "', "} UNION { ?s ?p ?o }",
                                   "en> } SERVICE <http://127.0.0.1:9/> { ?a ?b ?c",
                                   "\\u0022 } #", "a\nb", "\x00"])
def test_query_parameters_cannot_inject(tmp_path, value):
    with block_network() as attempts:
        result = invoke(["query", "subsidiary-bodies", "--param", f"lang={value}", "--format", "json"])
    assert attempts == []
    assert result.exit_code in (0, 2), result.stderr
    if result.exit_code == 2:
        assert_clean_failure(result)
    else:  # bound as a literal: the query's structure is unchanged, so no row has a foreign variable
        rows = json.loads(result.stdout)
        assert "DROP" not in json.dumps(rows["head"])


def test_control_characters_from_data_are_escaped_in_text_output(tmp_path):
    """A literal with a terminal escape sequence is printed escaped by the query table
    and by the validation text report, never raw."""
    data = tmp_path / "hostile.ttl"
    data.write_text(
        '@prefix ctoc: <https://w3id.org/ctoc-kg/ontology#> .\n'
        '<https://w3id.org/ctoc-kg/id/doc/x> a ctoc:Report ; ctoc:symbol "X\\u001b[2J\\u0007" .\n',
        encoding="utf-8")
    query = tmp_path / "q.rq"
    query.write_text("SELECT ?s WHERE { ?d <https://w3id.org/ctoc-kg/ontology#symbol> ?s }\n")
    out = invoke(["query", str(query), "--data", str(data), "--no-reasoning"])
    assert out.exit_code == 0, out.stderr
    assert "\x1b" not in out.stdout and "\x07" not in out.stdout
    assert "X\\x1b[2J\\x07" in out.stdout
    report = invoke(["validate", str(data), "--format", "text", "--fail-on", "none"])
    assert report.exit_code == 0, report.stderr
    assert "\x1b" not in report.stdout and "X\\x1b[2J\\x07" in report.stdout
