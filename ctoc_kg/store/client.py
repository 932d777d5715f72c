"""The HTTP client of a remote SPARQL 1.1 store: ``Endpoints``, ``Store``.

* Upload: the SPARQL 1.1 Graph Store HTTP Protocol (``PUT`` replaces a graph in one
  request, ``POST`` adds to it), N-Triples bodies streamed from a file, ``?graph=IRI``.
  A store without GSP (the first request answers 404, 405 or 501) is loaded with SPARQL
  1.1 Update instead: ``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { … } }`` as ONE
  update request per graph for replace, ``INSERT DATA`` for append.
* Oxigraph (its answers carry ``Server: Oxigraph/…``) is loaded in bulk: ``POST
  /store?graph=IRI&no_transaction`` runs its bulk loader, which makes the data visible
  all at once when the whole body has been read (a failed request adds nothing).  A graph
  the server does not hold yet is loaded so directly; one it holds is replaced through a
  staging graph: bulk-load into ``urn:ctoc-kg:staging:…``, check its count, then ONE
  update request deletes what the new version lacks, inserts what the old one lacks and
  drops the staging graph (Oxigraph runs an update request in one transaction).  Oxigraph's
  own ``PUT`` clears the graph before it reads the body, so a failed ``PUT`` would leave
  it empty.
* Check: ``SELECT (COUNT(*) AS ?n) WHERE { GRAPH <g> { ?s ?p ?o } }`` per graph over the
  SPARQL 1.1 Protocol.
* Queries: ``POST`` of an URL-encoded form (``query=…``, ``default-graph-uri=…``; the
  form every SPARQL 1.1 server takes — Virtuoso 7 never answers a direct
  ``application/sparql-query`` POST); SELECT/ASK answers are read as SPARQL JSON
  results, CONSTRUCT/DESCRIBE as N-Triples.
* Result caps: a store that cuts large answers (Virtuoso's ``ResultSetMaxRows``, 10,000
  by default, announced by an ``X-SPARQL-MaxRows`` header on a capped answer, which is
  otherwise an ordinary 200) is not trusted: when a SELECT answer reaches the cap, the
  rows of the query are counted (``SELECT (COUNT(*) …) { { query } }``, one row), and a
  short answer is an error naming both numbers.  A graph read back is checked against
  its count the same way (Virtuoso cuts CONSTRUCT answers without any header).
* Upload bodies carry a ``Content-Length`` (Virtuoso answers ``201 Created`` to a chunked
  Graph Store ``PUT`` and stores nothing).

Credentials come only from the environment: ``CTOC_KG_TOKEN`` (a bearer token) or
``CTOC_KG_USER`` and ``CTOC_KG_PASSWORD`` (HTTP basic, sent with each request; HTTP
digest once the server asks for it, as Virtuoso's ``/sparql-auth`` and
``/sparql-graph-crud-auth`` do).  They are never put in an error message; an endpoint
URL with ``user:password@`` is refused.

Connection errors, timeouts and 5xx answers are retried ``retries`` times with
exponential backoff; 4xx answers never are.  Every failure raises ``StoreError``
(a ``CtocError``, exit 2) with a message a person can act on.
"""

from __future__ import annotations

import json
import os
import re
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urlsplit, urlunsplit

import pyoxigraph as ox


def _import_httpx():
    """httpx, without trio: httpcore imports trio when it is installed (selenium brings
    it) only to support trio's event loop, which ctoc-kg never runs — 0.1–0.3 s of every
    command that talks to a store.  Hidden only while httpcore is imported; a trio
    already imported is used as it is."""
    import sys

    hide = "trio" not in sys.modules and "httpcore" not in sys.modules
    if hide:
        sys.modules["trio"] = None  # type: ignore[assignment] - makes `import trio` fail
    try:
        import httpcore  # noqa: F401 - httpx imports it when its first client is made
        import httpx
    finally:
        if hide:
            del sys.modules["trio"]
    return httpx


httpx = _import_httpx()

from ctoc_kg.errors import StoreError

if TYPE_CHECKING:  # ctoc_kg.query (and rdflib) only once a query's answer is read
    from ctoc_kg.query import QueryResult

ENV_TOKEN = "CTOC_KG_TOKEN"
ENV_USER = "CTOC_KG_USER"
ENV_PASSWORD = "CTOC_KG_PASSWORD"

NT = "application/n-triples"
SPARQL_JSON = "application/sparql-results+json"
FORM = "application/x-www-form-urlencoded"
MAX_ROWS_HEADER = "x-sparql-maxrows"  # Virtuoso, on an answer cut at ResultSetMaxRows
CHUNK = 1024 * 1024  # bytes per chunk of an upload body (the progress bar's step)
NO_GSP = (404, 405, 501)


def _trim(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + " …"


def _endpoint_parts(url: str) -> tuple[str, str]:
    """(base, last path segment) of ``url``, refusing embedded credentials."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(f"not an http(s) URL: {url!r}")
    if parts.username or parts.password:
        raise StoreError("put no credentials in the endpoint URL; set CTOC_KG_USER and "
                         "CTOC_KG_PASSWORD, or CTOC_KG_TOKEN, in the environment")
    path = parts.path.rstrip("/")
    head, _, last = path.rpartition("/")
    return urlunsplit((parts.scheme, parts.netloc, head, "", "")), last


# Oxigraph's answer to a body it cannot parse (400): the same text as pyoxigraph's
# SyntaxError, "Parser error at line L column C: cause" or "… between columns C and D: …"
_PARSE_ERROR = re.compile(r"Parser error at line (\d+) (?:column (\d+)|between columns (\d+) and "
                          r"\d+): (.*)", re.S)


class ServerSyntaxError(StoreError):
    """The server refused an upload's body as not valid RDF, at ``line``:``column``."""

    def __init__(self, what: str, line: int, column: int, cause: str) -> None:
        self.line, self.column, self.cause = line, column, cause
        super().__init__(f"{what}: the server found no valid RDF at line {line} column "
                         f"{column}: {cause}")


@dataclass
class Endpoints:
    """The three URLs of a store.  ``for_url`` derives the missing ones."""

    query: str
    update: str | None = None
    graph_store: str | None = None

    @classmethod
    def for_url(cls, endpoint: str, *, update: str | None = None,
                graph_store: str | None = None) -> "Endpoints":
        """``endpoint`` is the query URL.  When it ends in ``/query`` or ``/sparql`` the
        update and graph-store URLs default to ``…/update`` and ``…/store`` beside it
        (Oxigraph's layout); Virtuoso's ``…/sparql-auth`` takes updates itself, its graph
        store is ``…/sparql-graph-crud-auth``; any other URL is taken as the server's
        base (``BASE/query``, ``BASE/update``, ``BASE/store``).  Other stores: give
        ``--update`` and ``--graph-store`` (see docs/triple-stores.md)."""
        for u in (update, graph_store):
            if u:
                _endpoint_parts(u)
        base, last = _endpoint_parts(endpoint)
        if last == "sparql-auth":  # Virtuoso's authenticated endpoint: queries and updates
            return cls(query=endpoint, update=update or endpoint,
                       graph_store=graph_store or base + "/sparql-graph-crud-auth")
        if last in ("query", "sparql"):
            query = endpoint
        else:
            base = endpoint.rstrip("/")
            query = base + "/query"
        return cls(query=query, update=update or base + "/update",
                   graph_store=graph_store or base + "/store")


class UserAuth(httpx.Auth):
    """A user name and password: HTTP basic with every request, until a ``401`` shows
    that the server wants digest (Virtuoso's ``-auth`` endpoints); digest from then on.

    ``learn`` is called by ``Store._request`` with a ``401`` answer: it reads the digest
    challenge (asking the same URL once without credentials when the answer carries
    none: Virtuoso sends no challenge to a request that came with basic credentials) and
    says whether to send the request again.  A streamed upload body cannot be sent
    twice, so the request is sent again by ``_request`` (with a fresh body), never from
    inside the flow."""

    def __init__(self, user: str, password: str) -> None:
        self._basic = httpx.BasicAuth(user, password)
        self._user, self._password = user, password
        self._digest: httpx.DigestAuth | None = None

    def auth_flow(self, request: httpx.Request):
        yield next((self._digest or self._basic).auth_flow(request))

    def learn(self, response: httpx.Response, probe: Callable[[], httpx.Response]) -> bool:
        if not _asks_digest(response):
            if self._digest is not None or response.headers.get("www-authenticate"):
                return False  # refused as it is (a wrong password, or another scheme)
            response = probe()
            if response.status_code != 401 or not _asks_digest(response):
                return False
        digest = httpx.DigestAuth(self._user, self._password)
        flow = digest.auth_flow(response.request)
        next(flow)
        try:
            flow.send(response)  # reads the challenge, kept for the next requests
        except StopIteration:
            return False
        self._digest = digest
        return True


def _asks_digest(response: httpx.Response) -> bool:
    return any(h.lower().startswith("digest ") for h in response.headers.get_list("www-authenticate"))


def credentials() -> tuple[dict[str, str], httpx.Auth | None]:
    """(extra headers, auth) from the environment; nothing when no variable is set."""
    token = os.environ.get(ENV_TOKEN)
    if token:
        return {"Authorization": f"Bearer {token}"}, None
    user = os.environ.get(ENV_USER)
    if user is not None:
        return {}, UserAuth(user, os.environ.get(ENV_PASSWORD, ""))
    return {}, None


@dataclass
class Store:
    """A remote SPARQL 1.1 store."""

    endpoints: Endpoints
    timeout: float = 60.0
    retries: int = 3
    backoff: float = 0.5
    _client: httpx.Client | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.retries < 0:
            raise StoreError("--retries must be 0 or more")
        headers, auth = credentials()
        headers["User-Agent"] = "ctoc-kg"
        self._auth = auth
        self._client = httpx.Client(timeout=httpx.Timeout(self.timeout), headers=headers,
                                    auth=auth, follow_redirects=True)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    @property
    def shown_url(self) -> str:
        """The query URL as shown in messages (no query string, no credentials)."""
        return _shown(self.endpoints.query)

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- HTTP with bounded retries ----------------------------------------------------

    def _request(self, method: str, url: str, *, what: str,
                 body: Callable[[], bytes | Iterator[bytes]] | None = None,
                 headers: dict[str, str] | None = None,
                 params=None,
                 ok_codes: tuple[int, ...] = ()) -> httpx.Response:
        """Send a request; retry connection errors, timeouts and 5xx; raise on 4xx
        unless its code is in ``ok_codes`` (then return the response)."""
        assert self._client is not None
        attempts = self.retries + 1
        last = ""
        for attempt in range(attempts):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                response = self._client.request(method, url, params=params, headers=headers,
                                                content=body() if body else None)
                if response.status_code == 401 and isinstance(self._auth, UserAuth) and \
                        self._auth.learn(response, lambda: self._client.request(
                            "HEAD", url, params=params, auth=None)):
                    # the server wants digest: send the request again (a fresh body), once
                    response = self._client.request(method, url, params=params,
                                                    headers=headers,
                                                    content=body() if body else None)
            except httpx.ConnectError as e:
                last = f"cannot connect to {_shown(url)} (is the server running?): {_cause(e)}"
                continue
            except httpx.TimeoutException as e:
                last = f"no answer from {_shown(url)} within {self.timeout:g} s ({type(e).__name__})"
                continue
            except httpx.TransportError as e:
                last = f"the connection to {_shown(url)} failed: {_cause(e)}"
                continue
            if response.status_code >= 500:
                last = (f"{what}: the server at {_shown(url)} answered {response.status_code} "
                        f"{response.reason_phrase}: {_trim(response.text)}")
                continue
            if response.status_code >= 400 and response.status_code not in ok_codes:
                raise StoreError(f"{what}: the server at {_shown(url)} refused it with "
                                 f"{response.status_code} {response.reason_phrase}: "
                                 f"{_trim(response.text) or '(no message)'}")
            return response
        tries = f" (after {attempts} attempts)" if attempts > 1 else ""
        raise StoreError(f"{what}: {last}{tries}")

    # --- loading ---------------------------------------------------------------------

    def server(self) -> str:
        """The ``Server`` header of the store's answers (``Oxigraph/0.5.13``, ``Virtuoso/…``),
        or an empty string; asked once, with ``ASK {}`` (a failure here only means "not
        known": the upload then goes the standard way and reports its own errors)."""
        if getattr(self, "_server", None) is None:
            assert self._client is not None
            def ask() -> httpx.Response:
                return self._client.post(self.endpoints.query,
                                         content=urlencode({"query": "ASK {}"}).encode(),
                                         headers={"Content-Type": FORM, "Accept": SPARQL_JSON})
            try:
                response = ask()
                if response.status_code == 401 and isinstance(self._auth, UserAuth) and \
                        self._auth.learn(response, lambda: self._client.request(
                            "HEAD", self.endpoints.query, auth=None)):
                    response = ask()
                self._server = response.headers.get("server", "") if response.status_code < 400 else ""
            except httpx.HTTPError:
                self._server = ""
        return self._server

    def is_oxigraph(self) -> bool:
        return self.server().lower().startswith("oxigraph")

    def is_virtuoso(self) -> bool:
        return self.server().lower().startswith("virtuoso")

    def put_graph(self, graph: str, ntriples: bytes, *, replace: bool,
                  progress: Callable[[int], None] | None = None) -> str:
        """Upload one graph held in memory; see ``put_file``."""
        import tempfile

        with tempfile.NamedTemporaryFile(prefix="ctoc-kg-upload-", suffix=".nt") as f:
            f.write(ntriples)
            f.flush()
            return self.put_file(graph, f.name, replace=replace, progress=progress,
                                 triples=ntriples.count(b"\n"))

    def put_file(self, graph: str, path: str, *, replace: bool, triples: int,
                 progress: Callable[[int], None] | None = None) -> str:
        """Upload the N-Triples file ``path`` (``triples`` lines) into ``graph``; return the
        protocol used: ``bulk`` (Oxigraph's bulk loader), ``bulk+staging`` (the same into a
        staging graph, then one update), ``gsp`` or ``update``.

        GSP first when a graph-store URL is known; on 404/405/501 SPARQL Update."""
        def body() -> Iterator[bytes]:
            return _file_chunks(path, progress)

        size = str(os.path.getsize(path))
        if self.endpoints.graph_store and not getattr(self, "_no_gsp", False):
            if self.is_oxigraph():
                if not replace or not self.holds(graph):
                    if self._bulk(graph, body, size):
                        return "bulk"
                else:
                    staging = f"urn:ctoc-kg:staging:{uuid.uuid4().hex}"
                    if self._bulk(staging, body, size):
                        self._swap(graph, staging, triples)
                        return "bulk+staging"
            else:
                response = self._request(
                    "PUT" if replace else "POST", self.endpoints.graph_store,
                    what=f"uploading graph <{graph}>", params={"graph": graph},
                    headers={"Content-Type": NT, "Content-Length": size}, body=body,
                    ok_codes=NO_GSP)
                if response.status_code not in NO_GSP:
                    return "gsp"
            if not getattr(self, "_no_gsp", False):
                self._no_gsp = True  # the store has no Graph Store Protocol here
        self.update_file(graph, path, replace=replace, progress=progress)
        return "update"

    def _bulk(self, graph: str, body: Callable[[], Iterator[bytes]], size: str) -> bool:
        """Oxigraph's bulk loader into ``graph``; False when the URL has no GSP.  A
        syntax error the server found in the body raises ``ServerSyntaxError`` (its
        line, column and cause); nothing is then loaded."""
        response = self._request(
            "POST", self.endpoints.graph_store, what=f"uploading graph <{graph}>",
            params={"graph": graph, "no_transaction": ""},
            headers={"Content-Type": NT, "Content-Length": size}, body=body,
            ok_codes=NO_GSP + (400,))
        if response.status_code == 400:
            found = _PARSE_ERROR.match(" ".join(response.text.split()))
            if found:
                line, column, first, cause = found.groups()
                raise ServerSyntaxError(f"uploading graph <{graph}>", int(line),
                                        int(column or first), cause)
            raise StoreError(f"uploading graph <{graph}>: the server at "
                             f"{_shown(self.endpoints.graph_store)} refused it with 400 "
                             f"{response.reason_phrase}: {_trim(response.text) or '(no message)'}")
        if response.status_code in NO_GSP:
            self._no_gsp = True
            return False
        return True

    def _swap(self, graph: str, staging: str, triples: int) -> None:
        """Make ``graph`` hold exactly what ``staging`` holds, in one update request (one
        transaction), and drop ``staging``; first check that it holds ``triples``."""
        g, s = _iri(graph), _iri(staging)
        try:
            got = self.count(staging)
            if got != triples:
                raise StoreError(f"uploading graph <{graph}>: the staging graph holds {got} "
                                 f"triples, {triples} were sent; the graph was left as it was")
            text = (f"DELETE {{ GRAPH {g} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} "
                    f"FILTER NOT EXISTS {{ GRAPH {s} {{ ?s ?p ?o }} }} }} ;\n"
                    f"INSERT {{ GRAPH {g} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {s} {{ ?s ?p ?o }} "
                    f"FILTER NOT EXISTS {{ GRAPH {g} {{ ?s ?p ?o }} }} }} ;\n"
                    f"DROP GRAPH {s}")
            self._request("POST", self.endpoints.update, what=f"replacing graph <{graph}>",
                          headers={"Content-Type": "application/sparql-update"},
                          body=lambda: text.encode("utf-8"))
        except BaseException:
            try:  # best effort: leave no staging graph behind
                self._request("POST", self.endpoints.update, what="dropping a staging graph",
                              headers={"Content-Type": "application/sparql-update"},
                              body=lambda: f"DROP SILENT GRAPH {s}".encode("utf-8"))
            except StoreError:
                pass
            raise

    def drop(self, graph: str) -> None:
        """``DROP SILENT GRAPH`` (one update request)."""
        self._request("POST", self.endpoints.update, what=f"dropping graph <{graph}>",
                      headers={"Content-Type": "application/sparql-update"},
                      body=lambda: f"DROP SILENT GRAPH {_iri(graph)}".encode("utf-8"))

    def update_graph(self, graph: str, ntriples: bytes, *, replace: bool,
                     progress: Callable[[int], None] | None = None) -> None:
        """Upload one graph held in memory with SPARQL Update; see ``update_file``."""
        import tempfile

        with tempfile.NamedTemporaryFile(prefix="ctoc-kg-upload-", suffix=".nt") as f:
            f.write(ntriples)
            f.flush()
            self.update_file(graph, f.name, replace=replace, progress=progress)

    def update_file(self, graph: str, path: str, *, replace: bool,
                    progress: Callable[[int], None] | None = None) -> None:
        """Upload the N-Triples file ``path`` with SPARQL Update in ONE request (the store
        applies it atomically): ``DROP SILENT GRAPH`` then ``INSERT DATA`` for replace."""
        if not self.endpoints.update:
            raise StoreError("the store has no Graph Store Protocol endpoint and no "
                             "update endpoint is known; give --update URL")
        iri = _iri(graph)
        head = (f"DROP SILENT GRAPH {iri} ;\n" if replace else "")
        head += f"INSERT DATA {{ GRAPH {iri} {{\n"
        tail = b"}}\n"
        size = len(head.encode("utf-8")) + os.path.getsize(path) + len(tail)

        def body() -> Iterator[bytes]:
            yield head.encode("utf-8")
            yield from _file_chunks(path, progress)
            yield tail

        self._request("POST", self.endpoints.update, what=f"updating graph <{graph}>",
                      headers={"Content-Type": "application/sparql-update",
                               "Content-Length": str(size)}, body=body)

    def count(self, graph: str) -> int:
        """The number of triples in the named graph ``graph`` on the server."""
        answer = self._json(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {_iri(graph)} {{ ?s ?p ?o }} }}")
        try:
            return int(answer["results"]["bindings"][0]["n"]["value"])
        except (IndexError, KeyError, ValueError, TypeError) as e:
            raise StoreError(f"the count query for <{graph}> gave no number: "
                             f"{_trim(json.dumps(answer), 200)}") from e

    def holds(self, graph: str) -> bool:
        """Whether the server holds any triple in the named graph ``graph`` (``ASK``: no
        count of a large graph)."""
        answer = self._json(f"ASK {{ GRAPH {_iri(graph)} {{ ?s ?p ?o }} }}")
        value = answer.get("boolean") if isinstance(answer, dict) else None
        if not isinstance(value, bool):
            raise StoreError(f"the ASK query for <{graph}> gave no boolean: "
                             f"{_trim(json.dumps(answer), 200)}")
        return value

    def _json(self, text: str):
        """The SPARQL JSON answer of a one-row query (a count, an ASK), read as plain JSON."""
        response = self._query(text, SPARQL_JSON)
        try:
            return json.loads(response.content)
        except ValueError:
            kind = response.headers.get("content-type", "").split(";")[0].strip()
            raise StoreError(f"the server at {_shown(self.endpoints.query)} answered "
                             f"{kind or 'something'} that is not SPARQL JSON results: "
                             f"{_trim(response.text, 200)}") from None

    def graphs(self, prefix: str = "") -> list[str]:
        """The IRIs of the non-empty named graphs on the server starting with ``prefix``."""
        result = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        column = result.variables.index("g") if "g" in result.variables else None
        return sorted(str(r[column]) for r in result.rows
                      if column is not None and r[column] is not None and str(r[column]).startswith(prefix))

    def get_graph(self, graph: str) -> bytes:
        """The N-Triples of ``graph`` from the server (by a CONSTRUCT query), checked
        against the server's count of the graph (a store may cut CONSTRUCT answers
        without a word: Virtuoso at ResultSetMaxRows)."""
        data = self.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {_iri(graph)} {{ ?s ?p ?o }} }}")
        got = sum(1 for _ in ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
        expected = self.count(graph)
        if got != expected:
            raise StoreError(f"the server at {self.shown_url} sent {got} triples of graph "
                             f"<{graph}>, which holds {expected}: it cuts large answers"
                             f"{_cap_advice(self.server())}")
        return data

    # --- queries ---------------------------------------------------------------------

    def _query(self, text: str, accept: str,
               default_graphs: list[str] | None = None) -> httpx.Response:
        form = urlencode([("query", text)] + [("default-graph-uri", g) for g in default_graphs or ()])
        return self._request("POST", self.endpoints.query, what="running a query",
                             headers={"Content-Type": FORM, "Accept": accept},
                             body=lambda: form.encode("ascii"))

    def select(self, text: str, default_graphs: list[str] | None = None) -> QueryResult:
        """Run a SELECT or ASK query; the answer must be SPARQL JSON results, read by
        rdflib's parser into the ``QueryResult`` local queries give.

        ``default_graphs`` become ``default-graph-uri`` parameters: the query's default
        graph is then their merge (SPARQL 1.1 Protocol).

        An answer as long as the server's announced row cap (``X-SPARQL-MaxRows``) is
        checked by counting the query's rows on the server; if the answer is shorter,
        ``StoreError`` (the store cut it) instead of a silently partial result."""
        from ctoc_kg.query import parse_results

        response = self._query(text, SPARQL_JSON, default_graphs)
        kind = response.headers.get("content-type", "").split(";")[0].strip()
        try:
            result = parse_results(response.text, "json")
        except Exception:  # rdflib raises what json and its own reader raise
            raise StoreError(f"the server at {_shown(self.endpoints.query)} answered "
                             f"{kind or 'something'} that is not SPARQL JSON results: "
                             f"{_trim(response.text, 200)}") from None
        cap = _row_cap(response)
        if cap is not None and result.kind == "SELECT" and len(result.rows) >= cap:
            total = self.count_rows(text, default_graphs)
            if total is None or total > len(result.rows):
                has = f"the query has {total}" if total is not None else "it could not be counted"
                raise StoreError(f"the server at {self.shown_url} cut the answer at its "
                                 f"maximum of {cap} rows (X-SPARQL-MaxRows); {has}"
                                 f"{_cap_advice(response.headers.get('server', ''))}")
        return result

    def count_rows(self, text: str, default_graphs: list[str] | None = None) -> int | None:
        """The number of rows of the SELECT query ``text`` on the server, counted there
        (one row back, so no cap applies); None when it cannot be asked."""
        prologue, body = split_prologue(text)
        if not re.match(r"(?i)SELECT\b", body):
            return None
        counted = f"{prologue}SELECT (COUNT(*) AS ?ctoc_kg_rows) WHERE {{ {{\n{body}\n}} }}"
        from ctoc_kg.query import parse_results

        response = self._query(counted, SPARQL_JSON, default_graphs)
        try:
            result = parse_results(response.text, "json")
            return int(result.rows[0][0])
        except Exception:  # not SPARQL JSON, no row, not a number: not known
            return None

    def construct(self, text: str) -> bytes:
        """Run a CONSTRUCT or DESCRIBE query; return the N-Triples (checked)."""
        response = self._query(text, NT)
        kind = response.headers.get("content-type", "").split(";")[0].strip()
        try:
            list(ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES))
        except SyntaxError:
            raise StoreError(f"the server at {_shown(self.endpoints.query)} answered "
                             f"{kind or 'something'} that is not N-Triples: "
                             f"{_trim(response.text, 200)}") from None
        return response.content


_PROLOGUE = re.compile(r"""(?:\s+|\#[^\n]*(?:\n|$)|(?i:BASE)\s*<[^>]*>|"""
                       r"""(?i:PREFIX)\s+[^\s:]*:\s*<[^>]*>)*""")


def split_prologue(text: str) -> tuple[str, str]:
    """(prologue, the rest) of a SPARQL query: the leading comments, BASE and PREFIX
    declarations (their grammar holds no string, so a pattern finds the end)."""
    end = _PROLOGUE.match(text).end()
    return text[:end], text[end:]


def _row_cap(response: httpx.Response) -> int | None:
    value = response.headers.get(MAX_ROWS_HEADER, "").strip()
    return int(value) if value.isdigit() else None


def _cap_advice(server: str) -> str:
    if server.lower().startswith("virtuoso"):
        return (" (Virtuoso's ResultSetMaxRows, [SPARQL] section of virtuoso.ini: raise it "
                "on every node that answers queries, then restart)")
    return " (raise the store's result-size limit)"


def _iri(iri: str) -> str:
    if any(c in iri for c in '<>"{}|^`\\ \n'):
        raise StoreError(f"not a valid graph IRI: {iri!r}")
    return f"<{iri}>"


def _file_chunks(path: str, progress: Callable[[int], None] | None) -> Iterator[bytes]:
    """The file's bytes in ``CHUNK`` pieces, reporting each to ``progress``."""
    with open(path, "rb") as f:
        while True:
            piece = f.read(CHUNK)
            if not piece:
                return
            yield piece
            if progress is not None:
                progress(len(piece))


def _shown(url: str) -> str:
    """``url`` without query string or credentials, for messages."""
    p = urlsplit(url)
    host = p.hostname or ""
    if p.port:
        host += f":{p.port}"
    return urlunsplit((p.scheme, host, p.path, "", ""))


def _cause(e: Exception) -> str:
    text = str(e) or type(e).__name__
    return _trim(text, 200)
