"""Bounded HTTP for online engines: a wall-clock deadline, a size cap, no foreign redirects.

``requests``' ``timeout`` is per socket read: a server that trickles one byte every 0.5 s keeps
a request alive forever, and nothing limits the size of an answer. Every request an engine makes
(our DeepL client's and, through the shim of :mod:`l10n.mt.engines.reliability`, every one
deep-translator makes) goes through :func:`send`, which

* arms a **watchdog** for the request's total deadline: the sockets the request uses (mounted
  :class:`DeadlineAdapter`, whose connections report their socket when they wait for an answer)
  are shut down when it fires, which wakes any blocked read at once; the request then fails
  with :class:`DeadlineExceeded` (a ``requests.Timeout``);
* reads the body itself (``stream=True``), at most ``max_bytes`` decoded bytes, and fails with
  :class:`Refused` past that, reading no further;
* refuses a redirect to another host or port, or from ``https`` to ``http``: an API key in a
  query string or a body (MyMemory's ``de=``, Libre's ``api_key``) must never reach another
  host (``requests`` only drops the ``Authorization`` header), and neither must a text.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

CHUNK = 16_384
"""Bytes read at a time."""


class DeadlineExceeded(requests.Timeout):
    """The request's total deadline passed before the answer was complete."""


class Refused(requests.RequestException):
    """The answer was not read or not followed: too big, or a redirect elsewhere."""

    def __init__(self, reason: str, *, kind: str) -> None:
        super().__init__(reason)
        self.reason = reason
        """What was refused, for the user (no secrets, no answer text)."""
        self.kind = kind
        """``too-big`` or ``redirect``."""


class _Watch:
    """Shuts down the registered sockets when the deadline passes."""

    def __init__(self, seconds: float) -> None:
        self.fired = False
        self._socks: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(0.0, seconds), self._fire)
        self._timer.daemon = True
        self._timer.start()

    def add(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        with self._lock:
            self._socks.append(sock)
            if self.fired:
                _shutdown(sock)

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            for sock in self._socks:
                _shutdown(sock)

    def cancel(self) -> None:
        self._timer.cancel()


def _shutdown(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed
        sock.shutdown(socket.SHUT_RDWR)


_CURRENT = threading.local()
"""``watch``: the :class:`_Watch` of the request this thread is making, if any."""


def _register(conn: HTTPConnection) -> None:
    watch: _Watch | None = getattr(_CURRENT, "watch", None)
    if watch is not None:
        watch.add(conn.sock)


class _WatchedHTTPConnection(HTTPConnection):
    def getresponse(self) -> Any:
        _register(self)
        return super().getresponse()


class _WatchedHTTPSConnection(HTTPSConnection):
    def getresponse(self) -> Any:
        _register(self)
        return super().getresponse()


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


class DeadlineAdapter(HTTPAdapter):
    """A ``requests`` adapter whose connections are watched by :func:`send`'s deadline."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _WatchedHTTPPool,
            "https": _WatchedHTTPSPool,
        }


def mount(session: requests.Session) -> requests.Session:
    """Make ``session``'s connections watched (idempotent); returns it."""
    if not isinstance(session.get_adapter("https://x"), DeadlineAdapter):
        session.mount("https://", DeadlineAdapter())
        session.mount("http://", DeadlineAdapter())
    return session


def redirect_allowed(origin: str, target: str) -> bool:
    """A redirect from ``origin`` may be followed only to the same host and port, and never
    from ``https`` to ``http``."""
    a, b = urlsplit(origin), urlsplit(target)
    if b.scheme not in ("http", "https") or (a.scheme == "https" and b.scheme != "https"):
        return False
    if (a.hostname or "").lower() != (b.hostname or "").lower():
        return False
    return _port(a) == _port(b) or (a.scheme, b.scheme) == ("http", "https")


def _port(parts: Any) -> int | None:
    try:
        return parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    except ValueError:
        return None


def send(
    session: requests.Session,
    method: str,
    url: str,
    *,
    deadline: float,
    max_bytes: int,
    request: Any = None,
    **kwargs: Any,
) -> requests.Response:
    """``session.request(method, url, **kwargs)`` within ``deadline`` seconds in all, with an
    answer of at most ``max_bytes`` (each redirect's too) and no redirect elsewhere.

    ``request`` is the un-patched ``Session.request`` to call (the shim passes the original);
    by default ``session.request``. Raises :class:`DeadlineExceeded`, :class:`Refused` or what
    ``requests`` raises.
    """
    mount(session)
    started = time.monotonic()
    end = started + deadline
    watch = _Watch(deadline)
    previous = getattr(_CURRENT, "watch", None)
    _CURRENT.watch = watch

    def check(response: requests.Response, *args: Any, **_: Any) -> requests.Response:
        if response.is_redirect:
            target = urljoin(response.url, response.headers.get("location", ""))
            if not redirect_allowed(url, target):
                response.close()
                where = urlsplit(target)
                raise Refused(
                    f"redirect to another host or scheme refused ({where.scheme}://{where.hostname})",
                    kind="redirect",
                )
        _read(response, max_bytes, end)
        return response

    hooks = dict(kwargs.pop("hooks", None) or {})
    existing = hooks.get("response", [])
    existing = list(existing) if isinstance(existing, list) else [existing]
    hooks["response"] = [check, *existing]
    kwargs.update(stream=True, allow_redirects=True, hooks=hooks)
    call = request or type(session).request
    try:
        return call(session, method, url, **kwargs)
    except Refused:
        raise
    except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
        if watch.fired or time.monotonic() >= end:
            raise DeadlineExceeded(f"no complete answer within {deadline:g} s") from None
        if isinstance(exc, requests.RequestException):
            raise
        if isinstance(exc, (urllib3.exceptions.TimeoutError, TimeoutError)):
            raise requests.Timeout(type(exc).__name__) from None
        raise requests.ConnectionError(type(exc).__name__) from None
    finally:
        watch.cancel()
        _CURRENT.watch = previous


def _read(response: requests.Response, max_bytes: int, end: float) -> None:
    """Read ``response``'s body into it, or fail past ``max_bytes`` or past ``end``."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        response.close()
        raise Refused(f"answer of {int(declared)} bytes refused (limit {max_bytes})", kind="too-big")
    parts: list[bytes] = []
    size = 0
    for chunk in response.raw.stream(CHUNK, decode_content=True):
        size += len(chunk)
        if size > max_bytes:
            response.close()
            raise Refused(f"answer over {max_bytes} bytes refused", kind="too-big")
        if time.monotonic() > end:
            response.close()
            raise DeadlineExceeded("the answer took longer than the deadline")
        parts.append(chunk)
    response._content = b"".join(parts)
    response._content_consumed = True
