"""A fake translation service on 127.0.0.1 speaking the wire formats of our online engines.

The real deep-translator client code (and our DeepL client) talks to it, so tests exercise
request building and response parsing without the internet. It dispatches on the path:

==================  ===================================================================
``GET /m``          Google web page: ``?tl=&sl=&q=`` -> HTML ``div.result-container``
``GET /get``        MyMemory: ``?langpair=src|tgt&q=`` -> JSON ``responseData``
``POST /translate`` LibreTranslate (everything in the query) or, with ``api-version``,
                    Microsoft (JSON body ``[{"text": ...}]``)
``POST /v2/translate`` DeepL: header ``Authorization: DeepL-Auth-Key``, JSON ``{"text": [...]}``;
                    with a known ``glossary_id``, its entries replace their source terms first
``/v2/glossaries``  DeepL glossaries: ``POST`` creates one (kept in ``glossaries``), ``GET``
                    lists them
``POST .../chat/completions`` OpenAI-compatible chat: the JSON body goes to ``chat`` (a fake
                    model, see ``tests/fakellm.py``), whose answer is sent as JSON
==================  ===================================================================

Knobs (attributes, change them between requests): ``statuses`` (status codes for the next
requests, consumed in order, then 200), ``delay`` (seconds before each answer), ``quota``
(MyMemory answers its quota warning with HTTP 200), ``drop_one`` (DeepL returns one result
too few), ``retry_after`` (header sent with 429). ``translate`` maps a text to its
"translation" (default: ``"PT " + text``, which keeps ``_1_`` tokens): a hostile service
answers ``echo`` (the text unchanged), ``markup`` (adds a ``<script>``, a ``javascript:`` link
and an ``<img>``) or ``huge`` (megabytes for a sentence).

Hostile knobs: ``redirect`` (answer every request with ``307`` to this base URL, path and query
kept: point it at another server to see what would be sent there), ``trickle`` (seconds between
two bytes of the whole answer, status line included), ``null`` (the service's text field is
JSON ``null``; Google: an empty result), ``silent`` (accept the request and never answer),
``unsized`` (no ``Content-Length``: the body ends when the connection closes).
"""

from __future__ import annotations

import html
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qs, urlsplit


@dataclass
class Recorded:
    """One request the server received."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes


def default_translate(text: str) -> str:
    return "PT " + text


def echo(text: str) -> str:
    """A service that sends the source back."""
    return text


def markup(text: str) -> str:
    """A service that injects markup and links into its answer."""
    return ("PT " + text + ' <script>alert(1)</script> [clique](javascript:alert(1)) '
            '<img src=x onerror=alert(1)>')


def huge(text: str) -> str:
    """A service that answers 8 MB for any sentence."""
    return "PT " + "a" * 8_000_000


@dataclass
class FakeServer:
    """Start with ``with FakeServer() as server:``; ``server.url`` is ``http://127.0.0.1:PORT``."""

    statuses: list[int] = field(default_factory=list)
    delay: float = 0.0
    quota: bool = False
    drop_one: bool = False
    retry_after: str | None = None
    redirect: str | None = None
    trickle: float = 0.0
    null: bool = False
    silent: bool = False
    unsized: bool = False
    translate: Callable[[str], str] = default_translate
    requests: list[Recorded] = field(default_factory=list)
    glossaries: dict[str, dict[str, Any]] = field(default_factory=dict)
    chat: Callable[[dict[str, Any]], object] | None = None

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        port = self._server.server_address[1]
        return f"http://127.0.0.1:{port}"

    def __enter__(self) -> Self:
        handler = _make_handler(self)
        self._server = _QuietServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()

    def next_status(self) -> int:
        with self._lock:
            return self.statuses.pop(0) if self.statuses else 200

    def record(self, item: Recorded) -> None:
        with self._lock:
            self.requests.append(item)

    def count(self, path: str) -> int:
        with self._lock:
            return sum(1 for r in self.requests if r.path == path)


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        return  # clients that time out and hang up are expected here


def _make_handler(server: FakeServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # silence stderr
            return

        def do_GET(self) -> None:
            self._handle("GET")

        def do_POST(self) -> None:
            self._handle("POST")

        def _handle(self, method: str) -> None:
            parts = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            server.record(Recorded(method, parts.path, query, dict(self.headers), body))
            if server.silent:
                time.sleep(3600)  # a daemon thread; the client gives up
            if server.delay:
                time.sleep(server.delay)
            if server.redirect is not None:
                self.send_response(307)
                self.send_header("Location", server.redirect + self.path)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            status = server.next_status()
            path = parts.path
            if path.endswith("/chat/completions") and server.chat is not None:
                if status != 200:
                    self._json(status, {"error": {"message": "failure"}})
                else:
                    self._json(200, server.chat(json.loads(body)))
            elif path.endswith("/v2/glossaries"):
                self._deepl_glossaries(status, method, body)
            elif path.endswith("/v2/translate"):
                self._deepl(status, body)
            elif path.endswith("/translate") and "api-version" in query:
                self._microsoft(status, body)
            elif path.endswith("/translate"):
                self._libre(status, query)
            elif path.endswith("/get"):
                self._mymemory(status, query)
            elif path.endswith("/m"):
                self._google(status, query)
            else:
                self._send(404, "text/plain", b"not found")

        def _send(self, status: int, kind: str, data: bytes) -> None:
            if server.trickle:
                self._trickle(status, kind, data)
                return
            self.send_response(status)
            self.send_header("Content-Type", kind)
            if server.unsized:
                self.send_header("Connection", "close")
                self.close_connection = True
            else:
                self.send_header("Content-Length", str(len(data)))
            if status == 429 and server.retry_after is not None:
                self.send_header("Retry-After", server.retry_after)
            self.end_headers()
            try:
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):  # the client timed out and left
                self.close_connection = True

        def _trickle(self, status: int, kind: str, data: bytes) -> None:
            head = (f"HTTP/1.1 {status} X\r\nContent-Type: {kind}\r\n"
                    f"Content-Length: {len(data)}\r\nConnection: close\r\n\r\n").encode()
            self.close_connection = True
            try:
                for i in range(len(head) + len(data)):
                    self.wfile.write((head + data)[i : i + 1])
                    self.wfile.flush()
                    time.sleep(server.trickle)
            except (BrokenPipeError, ConnectionResetError, OSError):
                return

        def _json(self, status: int, value: object) -> None:
            self._send(status, "application/json", json.dumps(value).encode())

        def _google(self, status: int, query: dict[str, str]) -> None:
            if status != 200:
                self._send(status, "text/html", b"<html>error</html>")
                return
            text = "" if server.null else html.escape(server.translate(query.get("q", "")))
            page = f'<html><body><div class="result-container">{text}</div></body></html>'
            self._send(200, "text/html; charset=utf-8", page.encode())

        def _mymemory(self, status: int, query: dict[str, str]) -> None:
            if status != 200:
                self._json(status, {"responseDetails": "error", "responseStatus": status})
                return
            if server.quota:
                warning = (
                    "MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS FOR TODAY. "
                    "NEXT AVAILABLE IN  10 HOURS 20 MINUTES 33 SECONDS"
                )
                self._json(
                    200,
                    {
                        "responseData": {"translatedText": warning, "match": 1},
                        "quotaFinished": True,
                        "responseStatus": 429,
                        "matches": [],
                    },
                )
                return
            text: str | None = None
            if not server.null:
                text = html.escape(server.translate(query.get("q", "")), quote=True)
            self._json(
                200,
                {"responseData": {"translatedText": text}, "responseStatus": 200, "matches": []},
            )

        def _libre(self, status: int, query: dict[str, str]) -> None:
            if status != 200:
                self._json(status, {"error": "failure"})
                return
            answer = None if server.null else server.translate(query.get("q", ""))
            self._json(200, {"translatedText": answer})

        def _microsoft(self, status: int, body: bytes) -> None:
            if status != 200:
                code = status * 1000 + 1
                self._json(status, {"error": {"code": code, "message": "failure"}})
                return
            items = json.loads(body)
            self._json(
                200,
                [
                    {"translations": [{"text": None if server.null else server.translate(i["text"]),
                                       "to": "pt"}]}
                    for i in items
                ],
            )

        def _deepl(self, status: int, body: bytes) -> None:
            if status != 200:
                self._json(status, {"message": "failure"})
                return
            request = json.loads(body)
            texts = request["text"]
            if server.drop_one:
                texts = texts[:-1]
            glossary = server.glossaries.get(request.get("glossary_id", ""))
            if glossary is not None:
                for line in glossary["entries"].split("\n"):
                    term, target = line.split("\t")
                    texts = [t.replace(term, target) for t in texts]
            self._json(
                200,
                {
                    "translations": [
                        {"detected_source_language": "EN",
                         "text": None if server.null else server.translate(t)}
                        for t in texts
                    ]
                },
            )

        def _deepl_glossaries(self, status: int, method: str, body: bytes) -> None:
            if status != 200:
                self._json(status, {"message": "failure"})
                return
            if method == "GET":
                listed = [{k: v for k, v in g.items() if k != "entries"}
                          for g in server.glossaries.values()]
                self._json(200, {"glossaries": listed})
                return
            request = json.loads(body)
            glossary_id = f"glossary-{len(server.glossaries) + 1}"
            server.glossaries[glossary_id] = {
                "glossary_id": glossary_id, "name": request["name"], "ready": True,
                "source_lang": request["source_lang"].lower(),
                "target_lang": request["target_lang"].lower(), "entries": request["entries"],
                "entry_count": len(request["entries"].split("\n")),
            }
            self._json(201, {k: v for k, v in server.glossaries[glossary_id].items()
                             if k != "entries"})

    return Handler
