"""One request rate per engine and API key, however many processes and machines send.

An engine's ``rate`` option (requests per second, :class:`~l10n.mt.engines.reliability.Policy`)
is the service's limit for one account. A run's engines take their :class:`RateBudget` from
:func:`rate_budget`, which decides, once for every engine, who shares it:

* with a PostgreSQL database (``[translate] memory = "postgresql://..."``, the run's
  :class:`RateScope`), every process of every machine using that database takes its requests
  from one token bucket per engine and key in the table ``l10n_rate_budget``
  (:class:`SharedRateBudget`): a row keyed by the engine's name and the SHA-256 of its key (the
  key itself is never stored), refilled and taken in one atomic ``UPDATE ... RETURNING`` on the
  database's ``clock_timestamp()``, so the machines' clocks play no part. A taker that finds the
  bucket empty leaves it in debt and sleeps until its turn: together the processes start at
  most ``1 + rate * T`` requests in any ``T`` seconds (a bucket of one request, like the local
  limiter);
* without one, a shard of N (``--shard I/N``) gets ``rate / N`` in a per-process
  :class:`~l10n.mt.engines.reliability.RateLimiter`, so N shards together stay within the rate
  as well (and a whole run gets all of it);
* when the database cannot be reached (at the start or later), the run falls back to that 1/N
  local share and says so in :attr:`RateScope.notices`: slower, never over the limit.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from l10n.mt.engines.reliability import RateBudget, RateLimiter
from l10n.mt.memory.location import error_reason, secrets

__all__ = ["RateScope", "SharedRateBudget", "key_digest", "rate_budget", "rate_scope"]

BURST = 1.0
"""Requests the shared bucket holds when full: the same one request as :class:`RateLimiter`."""
CONNECT_TIMEOUT = 5
"""Seconds to reach the database before falling back to the local share."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS l10n_rate_budget (
    engine text NOT NULL,
    key_sha256 text NOT NULL,
    tokens double precision NOT NULL,
    updated timestamptz NOT NULL,
    PRIMARY KEY (engine, key_sha256)
)
"""
_SCHEMA_LOCK = 0x6C31306E  # "l10n": one advisory lock so concurrent creators do not collide
_CREATE_ROW = """
INSERT INTO l10n_rate_budget (engine, key_sha256, tokens, updated)
VALUES (%(engine)s, %(key)s, %(burst)s, clock_timestamp())
ON CONFLICT (engine, key_sha256) DO NOTHING
"""
_TAKE = """
UPDATE l10n_rate_budget AS b
SET tokens = LEAST(%(burst)s::float8,
                   b.tokens + %(rate)s::float8 * EXTRACT(EPOCH FROM (n.t - b.updated))::float8)
             - 1.0,
    updated = n.t
FROM (SELECT clock_timestamp() AS t) AS n
WHERE b.engine = %(engine)s AND b.key_sha256 = %(key)s
RETURNING b.tokens
"""


@dataclass(frozen=True)
class RateScope:
    """Who shares the engines' rates in this process's run."""

    shards: int = 1
    """N of ``--shard I/N`` (1: a whole run): the share of a rate without a database."""
    url: str | None = None
    """PostgreSQL connection URL of the shared buckets (``[translate] memory``); None: none."""
    notices: list[str] = field(default_factory=list, compare=False)
    """What went differently than configured (the database unreachable), for the CLI to show."""


_scope = RateScope()
_scope_lock = threading.Lock()


@contextmanager
def rate_scope(scope: RateScope) -> Iterator[RateScope]:
    """Make ``scope`` the one :func:`rate_budget` uses for engines built inside the block."""
    global _scope
    with _scope_lock:
        before, _scope = _scope, scope
    try:
        yield scope
    finally:
        with _scope_lock:
            _scope = before


def key_digest(key: str | None) -> str:
    """The SHA-256 (hex) of an API key, the only form of it the database sees ("" for none)."""
    return hashlib.sha256((key or "").encode("utf-8")).hexdigest()


def rate_budget(engine: str, rate: float, key: str | None = None) -> RateBudget:
    """The budget an engine named ``engine`` with ``rate`` requests per second (0: no limit)
    and API ``key`` takes its requests from, in the current :class:`RateScope`."""
    scope = _scope
    local_rate = rate / scope.shards if rate > 0 else 0.0
    if rate <= 0 or scope.url is None:
        return RateLimiter(local_rate)
    try:
        return SharedRateBudget(scope.url, engine, key, rate,
                                on_failure=lambda why: _fallback(scope, engine, local_rate, why))
    except _DatabaseDown as down:
        scope.notices.append(_fallback_notice(engine, local_rate, str(down)))
        return RateLimiter(local_rate)


def _fallback(scope: RateScope, engine: str, local_rate: float, why: str) -> RateBudget:
    scope.notices.append(_fallback_notice(engine, local_rate, why))
    return RateLimiter(local_rate)


def _fallback_notice(engine: str, local_rate: float, why: str) -> str:
    return (f"{engine}: the shared rate budget's database is unreachable ({why}); this process "
            f"sends at most {local_rate:g} requests per second instead")


class _DatabaseDown(Exception):
    """The database of the shared budget did not answer (message free of credentials)."""


class SharedRateBudget:
    """The token bucket of one engine and key in PostgreSQL, shared by every process using the
    database; thread-safe (one connection per budget, used by one thread at a time)."""

    def __init__(
        self,
        url: str,
        engine: str,
        key: str | None,
        rate: float,
        *,
        on_failure: Callable[[str], RateBudget],
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._params: dict[str, Any] = {"engine": engine, "key": key_digest(key),
                                        "rate": rate, "burst": BURST}
        self._rate = rate
        self._sleep = sleep
        self._on_failure = on_failure
        self._fallback: RateBudget | None = None
        self._lock = threading.Lock()
        self._secrets = secrets(url)
        self._conn = self._connect(url)

    def _connect(self, url: str) -> Any:
        try:
            import psycopg
        except ImportError as exc:
            raise _DatabaseDown("psycopg is not installed: pip install 'l10n[postgres]'") from exc
        try:
            conn = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT,
                                   prepare_threshold=None)
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
                conn.execute(_SCHEMA)
            conn.execute(_CREATE_ROW, self._params)
        except psycopg.Error as exc:
            raise _DatabaseDown(error_reason(exc, self._secrets)) from None
        return conn

    def acquire(self) -> None:
        """Take one request from the shared bucket, sleeping until its turn."""
        if self._fallback is not None:
            self._fallback.acquire()
            return
        import psycopg

        with self._lock:
            row = None
            if self._fallback is None:
                try:
                    row = self._conn.execute(_TAKE, self._params).fetchone()
                    if row is None:  # the row vanished (a dropped table)
                        self._fallback = self._on_failure("its l10n_rate_budget row is missing")
                except psycopg.Error as exc:
                    self._fallback = self._on_failure(error_reason(exc, self._secrets))
                if self._fallback is not None:
                    self._conn.close()
            fallback = self._fallback
        if fallback is not None:
            fallback.acquire()
            return
        assert row is not None
        tokens = float(row[0])
        if tokens < 0:
            self._sleep(-tokens / self._rate)


    def close(self) -> None:
        """Close the database connection (a process that ends closes it anyway)."""
        with self._lock:
            self._conn.close()
