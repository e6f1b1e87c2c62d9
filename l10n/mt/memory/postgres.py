"""The shared translation memory: the same units as the SQLite file, in a PostgreSQL database
that many ``l10n`` processes on many machines read and write at once.

Semantics are SQLite's (:mod:`l10n.mt.memory.sqlite`): a unit is keyed on language pair, source
and engine, a unit stored again replaces the older one (``INSERT ... ON CONFLICT DO UPDATE``;
the last committed writer wins, nothing is lost or duplicated), exact lookups prefer human, then
imported, then the engine's own units, and export order is code point order (``COLLATE "C"``)
whatever the database's collation. The key's unique index is on ``md5(source)``, not on the
text: a B-tree entry holds at most about 2,700 bytes and a paragraph may be longer; lookups still
compare the full text.

Claims (table ``claims``) let processes send each sentence to the engine once: a process claims
the keys it is about to send (``INSERT ... ON CONFLICT DO NOTHING``-style, taking over only
expired claims), renews its claims with every batch it stores, and gives them up when the batch
is stored or failed; a killed process's claims lapse after :data:`CLAIM_SECONDS`. The loop that
uses them is :mod:`l10n.mt.memory.claims`.

Tables (``meta``, ``units``, ``claims``) are created by the first writer under an advisory lock,
so eight first writers do not race; ``meta`` holds the schema version. Credentials come from
libpq (``PGUSER``, ``PGPASSWORD``, ``~/.pgpass``, a service file): no message of this module
contains a password.
"""

from __future__ import annotations

import contextlib
import os
import socket
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from types import TracebackType
from typing import Any, Literal, Self, TypeVar

import psycopg
from psycopg import errors as pg_errors

from l10n.errors import CatalogError
from l10n.mt.memory import fuzzy_index
from l10n.mt.memory.backend import Dialect, unit_filter
from l10n.mt.memory.location import error_reason, redact, secrets
from l10n.mt.memory.model import (
    FUZZY_ENGINES,
    HUMAN,
    IMPORTED,
    MemoryUnit,
    Row,
    preferred,
    rows_to_store,
)

SCHEMA_VERSION = "1"
"""Version of the PostgreSQL schema (``meta`` row ``schema``)."""

CLAIM_SECONDS = 120.0
"""How long a claim lives without being renewed (each stored batch renews them): the longest a
killed process keeps others waiting for its sentences."""

CONNECT_SECONDS = 10
"""How long to wait for the server unless the connection string says (``connect_timeout``)."""

_LOCK = 0x6C31306E  # 'l10n': the advisory lock the schema is created under
_WRITE_ATTEMPTS = 5
_CHUNK = 1000

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS units (
        source_lang TEXT NOT NULL,
        target_lang TEXT NOT NULL,
        engine      TEXT NOT NULL,
        source      TEXT NOT NULL,
        target      TEXT NOT NULL,
        model       TEXT NOT NULL DEFAULT '',
        created     TEXT NOT NULL,
        origin      TEXT NOT NULL DEFAULT '')""",
    "CREATE UNIQUE INDEX IF NOT EXISTS units_key "
    "ON units (source_lang, target_lang, engine, md5(source))",
    """CREATE TABLE IF NOT EXISTS claims (
        source_lang TEXT NOT NULL,
        target_lang TEXT NOT NULL,
        engine      TEXT NOT NULL,
        source      TEXT NOT NULL,
        owner       TEXT NOT NULL,
        expires     TIMESTAMPTZ NOT NULL)""",
    "CREATE UNIQUE INDEX IF NOT EXISTS claims_key "
    "ON claims (source_lang, target_lang, engine, md5(source))",
)

_SOURCES = "md5(source) = ANY(ARRAY(SELECT md5(x) FROM unnest(%s::text[]) AS x)) AND source = ANY(%s)"
"""The exact-source condition, through the ``md5`` index (two parameters: the same list)."""

_UPSERT = (
    "INSERT INTO units (source_lang, target_lang, engine, source, target, model, created, origin) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s) "
    "ON CONFLICT (source_lang, target_lang, engine, md5(source)) DO UPDATE SET "
    "source = EXCLUDED.source, target = EXCLUDED.target, model = EXCLUDED.model, "
    "created = EXCLUDED.created, origin = EXCLUDED.origin"
)

_CLAIM = (
    "INSERT INTO claims (source_lang, target_lang, engine, source, owner, expires) "
    "SELECT %s, %s, %s, s, %s, now() + %s * interval '1 second' FROM unnest(%s::text[]) AS s "
    "ON CONFLICT (source_lang, target_lang, engine, md5(source)) DO UPDATE SET "
    "source = EXCLUDED.source, owner = EXCLUDED.owner, expires = EXCLUDED.expires "
    "WHERE claims.expires < now() OR claims.owner = EXCLUDED.owner "
    "RETURNING source"
)

T = TypeVar("T")


class PostgresMemory:
    """A translation memory in a PostgreSQL database (see the module's docstring)."""

    dialect: Dialect = "postgresql"
    shared: bool = True

    def __init__(self, conninfo: str, *, readonly: bool = False,
                 claim_seconds: float = CLAIM_SECONDS) -> None:
        self.location = redact(conninfo)
        self.readonly = readonly
        self.claim_seconds = claim_seconds
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        """Who holds this process's claims (host, process, run)."""
        self._secrets = secrets(conninfo)
        self._holding = False
        self._conn = self._connect(conninfo)
        try:
            self._tables = self._check_schema()
        except BaseException:
            self._conn.close()
            raise

    # -- opening

    def _connect(self, conninfo: str) -> psycopg.Connection[tuple[Any, ...]]:
        options: dict[str, Any] = {}
        if "connect_timeout" not in conninfo and not os.environ.get("PGCONNECT_TIMEOUT"):
            options["connect_timeout"] = CONNECT_SECONDS
        try:
            # prepare_threshold=None: never prepare statements. A prepared statement is planned
            # for generic parameters, and a prepared pg_trgm `source % text` query switched
            # PostgreSQL to a sequential scan (49 ms became 6.2 s with psycopg's auto-prepare);
            # the planner must see every query's real values.
            conn = psycopg.connect(conninfo, autocommit=True, prepare_threshold=None,
                                   application_name="l10n", **options)
            if self.readonly:
                conn.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        except psycopg.Error as exc:
            raise CatalogError(
                f"cannot open the translation memory {self.location}: {self._reason(exc)}; "
                "check the server, the database name and PGUSER/PGPASSWORD (or ~/.pgpass), "
                "or use --no-memory"
            ) from None
        return conn

    def _check_schema(self) -> bool:
        """True when the tables exist (created now unless read-only); raises on a database
        holding another schema."""
        version = self._guard("read", self._version)
        if version is None and not self.readonly:
            version = self._guard("write", self._create)
        if version is None:
            return False
        if version != SCHEMA_VERSION:
            raise CatalogError(
                f"the database of {self.location} holds translation memory schema {version}, "
                f"this l10n version reads {SCHEMA_VERSION}; use a database of its own or "
                "--no-memory"
            )
        if not self.readonly:
            self._guard("write", lambda: _retrying(self._index_old_units))
        return True

    def _index_old_units(self) -> None:
        """Give a memory from before the close-match index its index (the first writer that
        finds it missing creates and fills it, under the index's advisory lock)."""
        with self._conn.transaction():
            if fuzzy_index.create_schema(self._conn, "postgresql"):
                rows = self._conn.execute(
                    "SELECT source_lang, target_lang, engine, source FROM units "
                    "WHERE engine = ANY(%s) ORDER BY source_lang, target_lang, source",
                    (list(FUZZY_ENGINES),)).fetchall()
                fuzzy_index.add_units(self._conn, "postgresql", rows)

    def _version(self) -> str | None:
        if self._conn.execute("SELECT to_regclass('meta')").fetchone() == (None,):
            return None
        row = self._conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if row is None:
            raise CatalogError(f"{self.location} has a table 'meta' that is not l10n's; use a "
                               "database of its own or --no-memory")
        return str(row[0])

    def _create(self) -> str | None:
        with self._conn.transaction():
            self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK,))
            for statement in _SCHEMA:
                self._conn.execute(statement)
            self._conn.execute("INSERT INTO meta VALUES ('schema', %s) ON CONFLICT DO NOTHING",
                               (SCHEMA_VERSION,))
        return self._version()

    # -- the Memory interface

    @property
    def connection(self) -> psycopg.Connection[tuple[Any, ...]]:
        """The psycopg connection (autocommit; statements are never prepared)."""
        return self._conn

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Give up this process's claims and close (a broken connection is just closed: the
        claims lapse)."""
        try:
            with contextlib.suppress(psycopg.Error):
                if self._holding and not self._conn.closed:
                    self._conn.execute("DELETE FROM claims WHERE owner = %s", (self.owner,))
        finally:
            self._holding = False
            self._conn.close()

    def lookup_many(self, sources: Sequence[str], source_lang: str, target_lang: str,
                    engine: str) -> dict[str, MemoryUnit]:
        """Exact matches for ``sources``: a human unit if there is one, else an imported one,
        else ``engine``'s."""
        found: dict[str, MemoryUnit] = {}
        unique = list(dict.fromkeys(sources))
        if not self._tables:
            return found
        for start in range(0, len(unique), _CHUNK):
            part = unique[start : start + _CHUNK]
            rows = self._read(
                "SELECT source, target, engine, model, created, origin FROM units "
                f"WHERE source_lang = %s AND target_lang = %s AND engine = ANY(%s) AND {_SOURCES}",
                (source_lang, target_lang, [HUMAN, IMPORTED, engine], part, part),
            )
            for source, target, unit_engine, model, created, origin in rows:
                unit = MemoryUnit(source, target, source_lang, target_lang, unit_engine, model,
                                  created, origin)
                if preferred(found.get(source), unit):
                    found[source] = unit
        return found

    def lookup(self, source: str, source_lang: str, target_lang: str,
               engine: str) -> MemoryUnit | None:
        """The exact match for one source text, human first."""
        return self.lookup_many([source], source_lang, target_lang, engine).get(source)

    def store(self, units: Iterable[MemoryUnit]) -> int:
        """Insert or replace ``units`` in one committed transaction (rows in key order, so
        concurrent writers cannot deadlock); renews this process's claims; returns how many."""
        rows = rows_to_store(units)
        if not rows:
            return 0

        def write() -> None:
            with self._conn.transaction(), self._conn.cursor() as cur:
                cur.executemany(_UPSERT, rows)
                # HOOK (l10n.mt.memory.fuzzy_index): human and imported units were just
                # stored, in this transaction; keep the fuzzy index's own tables up to date here.
                self.reusable_stored([row for row in rows if row[2] in FUZZY_ENGINES])
                if self._holding:
                    cur.execute("UPDATE claims SET expires = now() + %s * interval '1 second' "
                                "WHERE owner = %s", (self.claim_seconds, self.owner))

        self._guard("write", lambda: _retrying(write))
        return len(rows)

    def reusable_stored(self, rows: Sequence[Row]) -> None:
        """Called inside :meth:`store`'s transaction with the human and imported rows just
        written (maybe none): the close-match index learns them."""
        fuzzy_index.add_units(self._conn, "postgresql", rows)

    def fuzzy_indexed(self) -> bool:
        """Whether the database has the close-match index (a read-only memory from before it
        may not)."""
        return self._tables and self._guard(
            "read", lambda: fuzzy_index.has_schema(self._conn, "postgresql"))

    def units(self, *, source_lang: str | None = None, target_lang: str | None = None,
              engine: str | None = None,
              engines: Sequence[str] | None = None) -> Iterator[MemoryUnit]:
        """Every unit matching the filters, ordered by language pair, source and engine in
        code point order (the SQLite file's order)."""
        if not self._tables:
            return
        clause, args = unit_filter("postgresql", source_lang=source_lang, target_lang=target_lang,
                                   engine=engine, engines=engines)
        rows = self._read(
            "SELECT source, target, source_lang, target_lang, engine, model, created, origin "
            "FROM units" + clause + ' ORDER BY source_lang COLLATE "C", target_lang COLLATE "C", '
            'source COLLATE "C", engine COLLATE "C"', tuple(args))
        for row in rows:
            yield MemoryUnit(*row)

    def count(self) -> int:
        """Number of units."""
        if not self._tables:
            return 0
        return int(self._read("SELECT count(*) FROM units", ())[0][0])

    # -- claims

    def claim(self, engine: str, source_lang: str, target_lang: str,
              sources: Sequence[str]) -> set[str]:
        """Claim ``sources`` for this process: returns those it now holds (free, expired or
        already its own); the others are another live process's."""
        wanted = sorted(set(sources))
        if not wanted or self.readonly:
            return set(wanted)
        self._holding = True
        rows = self._guard("write", lambda: _retrying(lambda: self._conn.execute(
            _CLAIM, (source_lang, target_lang, engine, self.owner, self.claim_seconds, wanted)
        ).fetchall()))
        return {str(row[0]) for row in rows}

    def claimed(self, engine: str, source_lang: str, target_lang: str,
                sources: Sequence[str]) -> set[str]:
        """The ``sources`` another process holds a live claim on."""
        wanted = list(dict.fromkeys(sources))
        if not wanted or not self._tables:
            return set()
        rows = self._read(
            "SELECT source FROM claims WHERE source_lang = %s AND target_lang = %s "
            f"AND engine = %s AND {_SOURCES} AND owner <> %s AND expires >= now()",
            (source_lang, target_lang, engine, wanted, wanted, self.owner))
        return {str(row[0]) for row in rows}

    def release(self, engine: str, source_lang: str, target_lang: str,
                sources: Iterable[str]) -> None:
        """Give up this process's claims on ``sources``."""
        done = list(dict.fromkeys(sources))
        if not done or not self._holding:
            return
        self._guard("write", lambda: self._conn.execute(
            "DELETE FROM claims WHERE source_lang = %s AND target_lang = %s AND engine = %s "
            f"AND {_SOURCES} AND owner = %s",
            (source_lang, target_lang, engine, done, done, self.owner)))

    # -- errors

    def _read(self, sql: str, args: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        return self._guard("read", lambda: self._conn.execute(sql, args).fetchall())

    def _guard(self, what: Literal["read", "write"], action: Callable[[], T]) -> T:
        try:
            return action()
        except psycopg.Error as exc:
            raise CatalogError(
                f"cannot {what} the translation memory {self.location}: {self._reason(exc)}"
            ) from None

    def _reason(self, exc: BaseException) -> str:
        """The first line of a driver error, with any password blanked out."""
        return error_reason(exc, self._secrets)


def _retrying(action: Callable[[], T]) -> T:
    """``action`` again when PostgreSQL broke a deadlock or a serialization conflict by
    aborting it (rare: writers lock rows in key order)."""
    for _ in range(_WRITE_ATTEMPTS - 1):
        try:
            return action()
        except (pg_errors.DeadlockDetected, pg_errors.SerializationFailure):
            continue
    return action()
