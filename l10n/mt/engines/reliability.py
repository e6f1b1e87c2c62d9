"""The reliability layer of online engines: timeouts, retries, rate limits, secrets.

Shared by the deep-translator engines (:mod:`l10n.mt.engines.online`) and our DeepL client
(:mod:`l10n.mt.engines.deepl`); see docs/research/mt-engines.md §5 for the policy:

* **timeouts** (connect 3 s, 30 s in all by default): deep-translator calls ``requests``
  without one, so :func:`install_timeout_shim` routes every ``requests`` call made inside
  :func:`observed` (a thread-local switch; other code in the process is unaffected) through
  :func:`l10n.mt.engines.http.send` (a wall-clock deadline, an answer size cap, same-origin
  redirects only). The shim also records the last HTTP status and ``Retry-After`` of the
  thread, which deep-translator's exceptions do not carry;
* **retries** (:func:`call_with_retries`): exponential backoff with full jitter on 429, 5xx,
  timeouts and dropped connections, ``Retry-After`` honoured; never on authentication errors,
  quota exhaustion or unsupported languages;
* a **rate limit** per engine shared by its threads (a :class:`RateBudget`: this process's
  :class:`RateLimiter`, or the bucket shared by every shard in PostgreSQL, chosen by
  :func:`l10n.mt.engines.rate_budget.rate_budget`), an optional
  character budget per run (:class:`CharBudget`), and a budget of seconds a run may lose to
  failures (:class:`WaitBudget`, ``[translate] max_wait``);
* **secrets**: keys come from environment variables (:func:`read_secret`), and every message
  and log record we let through is passed through :func:`redact`.
"""

from __future__ import annotations

import logging
import os
import random
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any, Literal, Protocol, TypeVar

import requests

from l10n.errors import ConfigError, EngineError
from l10n.mt.engines import http

T = TypeVar("T")

FailureKind = Literal[
    "transient", "no-result", "bad-request", "implausible", "auth", "quota", "unsupported",
    "refused", "waited", "error"
]
"""Why one request failed; decides retry and whether the whole batch is lost."""

RETRYABLE: frozenset[str] = frozenset({"transient", "no-result"})
"""Failure kinds worth another attempt (``no-result`` only once)."""

PER_TEXT: frozenset[str] = frozenset({"no-result", "bad-request", "implausible"})
"""Failure kinds that lose one text, not the batch."""


@dataclass(frozen=True)
class Policy:
    """Reliability settings of one online engine (``[engines.NAME]`` options)."""

    connect_timeout: float = 3.05
    """Seconds to establish a connection."""
    read_timeout: float = 30.0
    """Seconds one request may take in all, from sending to the answer's last byte (option
    ``timeout``; also the longest wait for one read)."""
    attempts: int = 5
    """Tries per request, the first included (option ``retries`` counts the extra ones)."""
    backoff: float = 1.0
    """Base of the exponential backoff, in seconds."""
    backoff_cap: float = 30.0
    """Longest single wait between two attempts, in seconds."""
    rate: float = 0.0
    """Requests per second for the whole engine; 0 means no limit."""
    concurrency: int = 1
    """Requests in flight at once (threads)."""
    char_budget: int = 0
    """Characters this engine may send in one run; 0 means no limit."""


POLICY_OPTIONS: dict[str, Any] = {
    "url": str,
    "timeout": float,
    "connect_timeout": float,
    "retries": int,
    "backoff": float,
    "backoff_cap": float,
    "rate": float,
    "concurrency": int,
    "char_budget": int,
}
"""Options every online engine accepts."""


def policy_from_options(base: Policy, opts: Mapping[str, object]) -> Policy:
    """Apply validated ``[engines.NAME]`` options to an engine's default policy."""
    changes: dict[str, Any] = {}
    mapping = {
        "timeout": "read_timeout",
        "connect_timeout": "connect_timeout",
        "backoff": "backoff",
        "backoff_cap": "backoff_cap",
        "rate": "rate",
        "concurrency": "concurrency",
        "char_budget": "char_budget",
    }
    for option, field_name in mapping.items():
        if option in opts:
            changes[field_name] = opts[option]
    if "retries" in opts:
        changes["attempts"] = int(opts["retries"]) + 1  # type: ignore[call-overload]
    policy = replace(base, **changes)
    if policy.concurrency < 1:
        raise ConfigError("engine option 'concurrency' must be at least 1")
    if policy.read_timeout <= 0 or policy.connect_timeout <= 0:
        raise ConfigError("engine timeouts must be positive numbers of seconds")
    return policy


ANSWER_GROWTH = 8
"""An answer body may be this many times the request's text (in bytes)..."""


def answer_limit(text_bytes: int, floor: int = 4096) -> int:
    """...or ``floor`` bytes, whichever is more: the largest answer read for a request whose
    texts are ``text_bytes`` long (an engine whose answer is an HTML page needs a higher floor).
    A bigger answer is a failed draft, read no further."""
    return max(floor, ANSWER_GROWTH * text_bytes)


# --------------------------------------------------------------------------- failures


class RequestFailed(Exception):
    """One request failed; ``detail`` is already free of secrets."""

    def __init__(
        self,
        kind: FailureKind,
        detail: str,
        *,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(detail)
        self.kind: FailureKind = kind
        self.detail = detail
        self.status = status
        self.retry_after = retry_after


_SECRET_PARAM_RE = re.compile(
    r"((?:api[_-]?key|auth[_-]?key|key|token|subscription-key|appkey)[\"']?\s*[=:]\s*[\"']?)[^&\s\"',}]+",
    re.IGNORECASE,
)


def redact(text: str, secrets: Sequence[str]) -> str:
    """``text`` with every secret and every ``key=...``-like parameter replaced by ``***``."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return _SECRET_PARAM_RE.sub(r"\1***", text)


def status_kind(status: int | None) -> FailureKind:
    """The failure kind of an HTTP status code (``None``: no answer at all)."""
    if status is None or status == 429 or status >= 500 or status == 408:
        return "transient"
    if status in (401, 403):
        return "auth"
    if status == 456:  # DeepL: quota exceeded
        return "quota"
    if status in (400, 413, 414, 422):
        return "bad-request"
    return "refused"


def retry_after_seconds(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (numeric form only)."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def describe(engine: str, failure: RequestFailed, *, key_env: str | None) -> str:
    """A one-line message for the user, saying what to do next."""
    where = f" (HTTP {failure.status})" if failure.status else ""
    if failure.kind == "auth":
        hint = f"; check the API key in ${key_env}" if key_env else "; the service refused access"
        return f"{engine}: authentication failed{where}{hint}"
    if failure.kind == "quota":
        return f"{engine}: quota exhausted{where}: {failure.detail}; try again later or use another engine"
    if failure.kind == "unsupported":
        return f"{engine}: language not supported: {failure.detail}"
    if failure.kind == "waited":
        return f"{engine}: {failure.detail}; the rest was skipped, run again later"
    if failure.kind == "transient":
        return f"{engine}: service unavailable{where} after retries: {failure.detail}; run again later"
    return f"{engine}: request failed{where}: {failure.detail}"


# --------------------------------------------------------------------------- HTTP observation


class Observation(threading.local):
    """What the shim saw in this thread during :func:`observed`."""

    timeout: tuple[float, float] | None = None
    deadline: float = 30.0
    """Total seconds one request may take (the policy's ``timeout``)."""
    max_bytes: int = 1 << 20
    """Largest answer body read (:func:`answer_limit`)."""
    status: int | None = None
    retry_after: str | None = None
    error: BaseException | None = None


_OBSERVED = Observation()
_SHIM_LOCK = threading.Lock()
_SHIM_INSTALLED = False


def install_timeout_shim() -> None:
    """Make ``requests`` honour our timeout while an engine works in this thread (idempotent).

    Also installs :class:`RedactingFilter` on urllib3's request logger.

    deep-translator calls ``requests.get/post`` without ``timeout=``; a dead server would block
    forever. The shim only acts in threads inside :func:`observed`; elsewhere it is a plain
    pass-through.
    """
    global _SHIM_INSTALLED
    with _SHIM_LOCK:
        if _SHIM_INSTALLED:
            return
        original = requests.sessions.Session.request

        def request(self: requests.Session, *args: Any, **kwargs: Any) -> requests.Response:
            timeout = _OBSERVED.timeout
            if timeout is None or len(args) > 2:
                return original(self, *args, **kwargs)
            if kwargs.get("timeout") is None:
                kwargs["timeout"] = timeout
            method = args[0] if args else kwargs.pop("method")
            url = args[1] if len(args) > 1 else kwargs.pop("url")
            try:
                response = http.send(self, method, url, deadline=_OBSERVED.deadline,
                                     max_bytes=_OBSERVED.max_bytes, request=original, **kwargs)
            except requests.RequestException as exc:
                _OBSERVED.error = exc
                raise
            _OBSERVED.status = response.status_code
            _OBSERVED.retry_after = response.headers.get("Retry-After")
            return response

        request.__wrapped__ = original  # type: ignore[attr-defined]
        requests.sessions.Session.request = request  # type: ignore[method-assign]
        logging.getLogger("urllib3.connectionpool").addFilter(RedactingFilter())
        logging.getLogger().addFilter(_drop_dt_microsoft_warning)
        _SHIM_INSTALLED = True


class RedactingFilter(logging.Filter):
    """Remove ``api_key=...``-like parameters from log records (urllib3 logs request URLs,
    and deep-translator's Libre client puts the key in the URL)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a malformed record is not ours to fix
            return True
        clean = redact(message, ())
        if clean != message:
            record.msg, record.args = clean, ()
        return True


def _drop_dt_microsoft_warning(record: logging.LogRecord) -> bool:
    """deep-translator's Microsoft client logs every failed request on the root logger before
    failing with an AttributeError; we classify and report that failure ourselves."""
    return not (
        record.name == "root"
        and "deep_translator" in record.pathname
        and str(record.msg).startswith("Returned error:")
    )


@contextmanager
def observed(policy: Policy, max_bytes: int = 1 << 20) -> Iterator[Observation]:
    """Inject ``policy``'s timeout and total deadline and an answer size limit of ``max_bytes``
    (:mod:`l10n.mt.engines.http`) into ``requests`` calls, and record the last HTTP status, in
    this thread."""
    _OBSERVED.timeout = (policy.connect_timeout, policy.read_timeout)
    _OBSERVED.deadline = policy.read_timeout
    _OBSERVED.max_bytes = max_bytes
    _OBSERVED.status = None
    _OBSERVED.retry_after = None
    _OBSERVED.error = None
    try:
        yield _OBSERVED
    finally:
        _OBSERVED.timeout = None


# --------------------------------------------------------------------------- rate and retries


class RateBudget(Protocol):
    """Where an engine's requests get their turn: :meth:`acquire` before each request."""

    def acquire(self) -> None:
        """Wait until the next request may start."""


class RateLimiter:
    """A token bucket of one request, refilled at ``rate`` per second, shared by the threads of
    this process (the local :class:`RateBudget`)."""

    def __init__(
        self,
        rate: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._interval = 1.0 / rate if rate > 0 else 0.0
        self._clock = clock
        self._sleep = sleep
        self._next = 0.0
        self._lock = threading.Lock()

    def acquire(self) -> None:
        """Wait until the next request may start."""
        if not self._interval:
            return
        with self._lock:
            now = self._clock()
            start = max(now, self._next)
            self._next = start + self._interval
        if start > now:
            self._sleep(start - now)


class WaitBudget:
    """Seconds a whole ``translate`` run may lose to a service that fails: failed attempts
    and the backoff between attempts count, successful requests do not (thread-safe, shared by
    every engine of a run; ``[translate] max_wait``). 0 means no limit."""

    def __init__(self, seconds: float = 0.0) -> None:
        self.limit = seconds
        self.used = 0.0
        self._lock = threading.Lock()

    def charge(self, seconds: float) -> None:
        """Count ``seconds`` lost."""
        with self._lock:
            self.used += max(0.0, seconds)

    def left(self) -> float:
        """Seconds still available (``inf`` without a limit)."""
        if not self.limit:
            return float("inf")
        with self._lock:
            return self.limit - self.used

    def failure(self) -> RequestFailed:
        """The failure that ends the run's waiting."""
        return RequestFailed(
            "waited",
            f"gave up after {self.used:.0f} s lost to failed requests "
            f"(limit [translate] max_wait = {self.limit:g} s)",
        )


def call_with_retries(
    call: Callable[[], T],
    *,
    policy: Policy,
    limiter: RateBudget,
    sleep: Callable[[float], None] = time.sleep,
    rng: random.Random | None = None,
    budget: WaitBudget | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> T:
    """Run ``call`` until it succeeds, retrying retryable :class:`RequestFailed` with backoff.

    Waits are "full jitter": uniform in ``[0, min(cap, base * 2**attempt)]``, at least the
    server's ``Retry-After`` (capped). ``no-result`` is retried once. The last failure is raised;
    once ``budget`` is used up, a ``waited`` failure instead (no further attempt, no sleep).
    """
    rand = rng or random
    budget = budget or WaitBudget()
    attempt = 0
    while True:
        if budget.left() <= 0:
            raise budget.failure()
        limiter.acquire()
        started = clock()
        try:
            return call()
        except RequestFailed as failure:
            budget.charge(clock() - started)
            attempt += 1
            if failure.kind not in RETRYABLE or attempt >= policy.attempts:
                raise
            if failure.kind == "no-result" and attempt >= 2:
                raise
            delay = rand.uniform(0.0, min(policy.backoff_cap, policy.backoff * 2 ** (attempt - 1)))
            if failure.retry_after is not None:
                delay = max(delay, min(failure.retry_after, policy.backoff_cap))
        if budget.left() < delay:
            raise budget.failure() from None
        budget.charge(delay)
        sleep(delay)


def retried(
    call: Callable[[], T],
    *,
    engine: str,
    policy: Policy,
    limiter: RateBudget,
    sleep: Callable[[float], None] = time.sleep,
    budget: WaitBudget | None = None,
    key_env: str | None = None,
    secrets: Sequence[str] = (),
) -> T | RequestFailed:
    """:func:`call_with_retries`, and what its last failure means, decided once for every online
    engine: a failure of these texts only (:data:`PER_TEXT`: an implausible answer) is returned,
    for the engine to leave those drafts empty; any other is raised as an
    :class:`~l10n.errors.EngineError` with the user's one-line message (``secrets`` removed)."""
    try:
        return call_with_retries(call, policy=policy, limiter=limiter, sleep=sleep, budget=budget)
    except RequestFailed as failure:
        if failure.kind in PER_TEXT:
            return failure
        message = redact(describe(engine, failure, key_env=key_env), list(secrets))
        raise EngineError(message, retryable=failure.kind == "transient", engine=engine) from None


class CharBudget:
    """Characters an engine may still send in this run (thread-safe); 0 = unlimited."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0
        self._lock = threading.Lock()

    def take(self, count: int) -> bool:
        """Reserve ``count`` characters; False when that would exceed the budget."""
        if not self.limit:
            return True
        with self._lock:
            if self.used + count > self.limit:
                return False
            self.used += count
            return True


# --------------------------------------------------------------------------- secrets


def read_secret(names: Sequence[str]) -> tuple[str | None, str]:
    """The first non-empty environment variable of ``names``; also the name to tell users."""
    for name in names:
        value = os.environ.get(name, "").strip()
        if value:
            return value, name
    return None, names[0]
