"""A local HTTP server for a built site that answers like the w3id.org entry would:
a resource path (``/id/…``, ``/ontology``, ``/ontology/Term``, ``/dataset``) gets a
``303 See Other`` to the representation its ``Accept`` header asks for; files are
served with their media types.  For trying the site out and for tests, not for
production (use any static host behind the ``.htaccess``)."""

from __future__ import annotations

import posixpath
import re
import threading
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ctoc_kg.errors import CtocError
from ctoc_kg.site.negotiation import MEDIA_TYPES, RESOURCE_PATTERN, negotiate


class _Handler(SimpleHTTPRequestHandler):
    extensions_map = {"": "application/octet-stream",
                      **{"." + ext: media for ext, media in MEDIA_TYPES.items()}}
    server_version = "ctoc-kg"
    sys_version = ""

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        log = getattr(self.server, "log", None)
        if log is not None:
            log(format % args)

    def _redirect_target(self) -> str | None:
        path = unquote(urlsplit(self.path).path)
        rel = path.lstrip("/")
        if rel == "":
            ext = negotiate(self.headers.get("Accept"))
            return "/dataset.ttl" if ext == "ttl" else "/index.html" if ext == "html" else \
                f"/dataset.{ext}"
        if not re.match(RESOURCE_PATTERN, rel):
            return None
        root = Path(self.directory)
        if not (root / (rel + ".html")).is_file():
            return None
        ext = negotiate(self.headers.get("Accept"))
        return "/" + posixpath.normpath(rel) + "." + ext

    def _answer(self, head: bool) -> None:
        target = self._redirect_target()
        if target is not None:
            self.send_response(HTTPStatus.SEE_OTHER)
            self.send_header("Location", target)
            self.send_header("Vary", "Accept")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if head:
            super().do_HEAD()
        else:
            super().do_GET()

    def do_GET(self):  # noqa: N802 - the base class's name
        self._answer(head=False)

    def do_HEAD(self):  # noqa: N802
        self._answer(head=True)

    def list_directory(self, path):  # no directory listings
        self.send_error(HTTPStatus.NOT_FOUND, "Not found")
        return None


def parse_bind(bind: str) -> tuple[str, int]:
    """``HOST:PORT`` (``[::1]:PORT`` for IPv6) as a pair; raises ``CtocError``."""
    m = re.fullmatch(r"\[?([^\]]*?)\]?:(\d{1,5})", bind or "")
    if not m or not m.group(1) or int(m.group(2)) > 65535:
        raise CtocError(f"--bind {bind!r}: expected HOST:PORT, e.g. 127.0.0.1:8000")
    return m.group(1), int(m.group(2))


class SiteServer:
    """A running server: ``url``, ``serve_forever()`` or ``start()`` in a thread, ``close()``."""

    def __init__(self, folder: str | Path, bind: str, log=None):
        folder = Path(folder)
        if not (folder / "index.html").is_file():
            raise CtocError(f"{folder}: not a built site (no index.html); build it with "
                            "`ctoc-kg site --out DIR` first")
        host, port = parse_bind(bind)
        handler = partial(_Handler, directory=str(folder))
        if ":" in host:
            class _Server6(ThreadingHTTPServer):
                import socket
                address_family = socket.AF_INET6
            server_class = _Server6
        else:
            server_class = ThreadingHTTPServer
        try:
            self.httpd = server_class((host, port), handler)
        except OSError as e:
            raise CtocError(f"cannot listen on {bind}: {e.strerror or e}") from e
        self.httpd.daemon_threads = True
        self.httpd.log = log
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"

    def serve_forever(self) -> None:
        self.httpd.serve_forever()

    def start(self) -> "SiteServer":
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        if self._thread is not None:
            self.httpd.shutdown()
            self._thread.join()
        self.httpd.server_close()
