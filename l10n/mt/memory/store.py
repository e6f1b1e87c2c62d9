"""Translation memory storage: every accepted translation, in SQLite, reusable across articles
and runs.

A unit is keyed on the exact source text, the language pair and the engine that produced it
(``human`` for translations a person accepted, i.e. non-fuzzy ``msgstr`` of existing PO files;
``tmx`` for units imported from another tool's memory, with their file in ``origin``).
The translate core looks up human units first, then imported ones, then units of the engine in
use; an exact hit is reused without calling the engine, which makes repeated sentences free and
lets an interrupted run resume: every finished batch is committed before the next one starts.

Storage is the standard library's ``sqlite3`` in WAL mode (a killed process keeps every committed
unit). One :class:`TranslationMemory` object belongs to one thread (the translate core uses it
from the main thread only). Schema 1 (before ``origin``) is upgraded on the first write and read
as it is when opened read-only. TMX lives in :mod:`l10n.mt.memory.tmx`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Self

import polib

from l10n.catalog.state import EntryState, classify
from l10n.errors import CatalogError
from l10n.mt.memory import fuzzy_index

HUMAN = "human"
"""Engine name of units a person translated or accepted."""

IMPORTED = "tmx"
"""Engine name of units imported from another tool's TMX file (:func:`l10n.mt.memory.tmx.import_tmx`):
someone's translation, but not reviewed in this project, so only ever reused as a draft."""

FUZZY_ENGINES = (HUMAN, IMPORTED)
"""Engines whose units are close-match candidates (:mod:`l10n.mt.memory.fuzzy_index`): a machine
draft of a similar sentence is no better start than the engine's draft of this one."""

SCHEMA_VERSION = "2"
_OLD_SCHEMAS = ("1",)
"""Schemas read as they are, and upgraded to :data:`SCHEMA_VERSION` by a writer."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS units (
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    engine      TEXT NOT NULL,
    source      TEXT NOT NULL,
    target      TEXT NOT NULL,
    model       TEXT NOT NULL DEFAULT '',
    created     TEXT NOT NULL,
    origin      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (source_lang, target_lang, source, engine)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass(frozen=True)
class MemoryUnit:
    """One translation the memory knows."""

    source: str
    """Source text exactly as the msgid."""
    target: str
    """Its translation exactly as the msgstr (markup restored)."""
    source_lang: str
    """Source locale, gettext spelling (``en``)."""
    target_lang: str
    """Target locale, gettext spelling (``pt_BR``)."""
    engine: str
    """Engine registry name, or :data:`HUMAN`."""
    model: str = ""
    """Engine/model version that produced it (empty for human units)."""
    created: str = ""
    """UTC time stored, ISO 8601 (``2026-11-25T09:30:00Z``); filled in by :meth:`store`."""
    origin: str = ""
    """Where an imported unit came from (``tmx:omegat.tmx``); empty for units made here."""

    @property
    def human(self) -> bool:
        """True for a translation a person accepted."""
        return self.engine == HUMAN


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class TranslationMemory:
    """A translation-memory database (created on first use)."""

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        try:
            if readonly:
                self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(path)
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=NORMAL")
                self._db.executescript(_SCHEMA)
                self._db.execute(
                    "INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,)
                )
                self._db.commit()
            version = self._db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
            if not readonly and version is not None and version[0] in _OLD_SCHEMAS:
                with self._db:
                    self._db.execute(
                        "ALTER TABLE units ADD COLUMN origin TEXT NOT NULL DEFAULT ''"
                    )
                    self._db.execute(
                        "UPDATE meta SET value=? WHERE key='schema'", (SCHEMA_VERSION,)
                    )
                version = (SCHEMA_VERSION,)
            if not readonly and version is not None and version[0] == SCHEMA_VERSION:
                with self._db:  # a memory from before the close-match index gets it now
                    if fuzzy_index.create_schema(self._db, "sqlite"):
                        self._index(self._db.execute(
                            "SELECT source_lang, target_lang, engine, source FROM units "
                            "ORDER BY source_lang, target_lang, source"))
        except (sqlite3.Error, OSError) as exc:
            raise CatalogError(
                f"cannot open the translation memory: {exc}; check the path or use --no-memory",
                path=path,
            ) from exc
        if version is None or version[0] not in (SCHEMA_VERSION, *_OLD_SCHEMAS):
            self._db.close()
            raise CatalogError(
                "not a translation memory of this l10n version; move it away or use --no-memory",
                path=path,
            )
        self._origin = "origin" if version[0] == SCHEMA_VERSION else "''"

    @property
    def connection(self) -> sqlite3.Connection:
        """The DB-API connection (for :mod:`l10n.mt.memory.fuzzy_index`)."""
        return self._db

    @property
    def dialect(self) -> fuzzy_index.Dialect:
        """The SQL dialect of :attr:`connection`."""
        return "sqlite"

    def fuzzy_indexed(self) -> bool:
        """Whether the database has the close-match index (a read-only memory from before it
        has not)."""
        return fuzzy_index.has_schema(self._db, "sqlite")

    def _index(self, rows: Iterable[Sequence[str]]) -> None:
        """Add the close-match candidates among (source_lang, target_lang, engine, source)
        rows to the index, in the open transaction."""
        pairs: dict[str, list[str]] = {}
        for source_lang, target_lang, engine, source in rows:
            if engine in FUZZY_ENGINES:
                pairs.setdefault(fuzzy_index.pair_name(source_lang, target_lang), []).append(source)
        for pair, sources in pairs.items():
            fuzzy_index.add_sources(self._db, "sqlite", pair, sources)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Commit and close."""
        try:
            self._db.commit()
        finally:
            self._db.close()

    def lookup_many(
        self, sources: Sequence[str], source_lang: str, target_lang: str, engine: str
    ) -> dict[str, MemoryUnit]:
        """Exact matches for ``sources``: a human unit if there is one, else an imported one
        (:data:`IMPORTED`), else ``engine``'s."""
        found: dict[str, MemoryUnit] = {}
        rank = {HUMAN: 0, IMPORTED: 1}
        unique = list(dict.fromkeys(sources))
        for start in range(0, len(unique), 400):
            part = unique[start : start + 400]
            marks = ",".join("?" * len(part))
            rows = self._execute(
                f"SELECT source, target, engine, model, created, {self._origin} FROM units "
                "WHERE source_lang=? AND target_lang=? AND engine IN (?, ?, ?) "
                f"AND source IN ({marks})",
                (source_lang, target_lang, HUMAN, IMPORTED, engine, *part),
            )
            for source, target, unit_engine, model, created, origin in rows:
                known = found.get(source)
                if known is not None and rank.get(known.engine, 2) <= rank.get(unit_engine, 2):
                    continue
                found[source] = MemoryUnit(
                    source, target, source_lang, target_lang, unit_engine, model, created, origin
                )
        return found

    def lookup(
        self, source: str, source_lang: str, target_lang: str, engine: str
    ) -> MemoryUnit | None:
        """The exact match for one source text, human first."""
        return self.lookup_many([source], source_lang, target_lang, engine).get(source)

    def store(self, units: Iterable[MemoryUnit]) -> int:
        """Insert or replace ``units`` in one committed transaction; returns how many."""
        stamp = _now()
        rows = [
            (u.source_lang, u.target_lang, u.engine, u.source, u.target, u.model,
             u.created or stamp, u.origin)
            for u in units
            if u.source and u.target
        ]
        if not rows:
            return 0
        try:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO units (source_lang, target_lang, engine, source, "
                    "target, model, created, origin) VALUES (?,?,?,?,?,?,?,?)",
                    rows,
                )
                self._index(row[:4] for row in rows)
        except sqlite3.Error as exc:
            raise CatalogError(f"cannot write the translation memory: {exc}", path=self.path) from exc
        return len(rows)

    def units(
        self,
        *,
        source_lang: str | None = None,
        target_lang: str | None = None,
        engine: str | None = None,
        engines: Sequence[str] | None = None,
    ) -> Iterator[MemoryUnit]:
        """Every unit matching the filters (``engines``: any of these), ordered by language
        pair and source."""
        where: list[str] = []
        args: list[str] = []
        for column, value in (("source_lang", source_lang), ("target_lang", target_lang),
                              ("engine", engine)):
            if value is not None:
                where.append(f"{column}=?")
                args.append(value)
        if engines is not None:
            where.append(f"engine IN ({','.join('?' * len(engines))})")
            args.extend(engines)
        clause = (" WHERE " + " AND ".join(where)) if where else ""
        rows = self._execute(
            "SELECT source, target, source_lang, target_lang, engine, model, created, "
            f"{self._origin} FROM units"
            + clause
            + " ORDER BY source_lang, target_lang, source, engine",
            tuple(args),
        )
        for row in rows:
            yield MemoryUnit(*row)

    def count(self) -> int:
        """Number of units."""
        return int(self._execute("SELECT COUNT(*) FROM units", ())[0][0])

    def _execute(self, sql: str, args: tuple[str, ...]) -> list[tuple[str, ...]]:
        try:
            return list(self._db.execute(sql, args))
        except sqlite3.Error as exc:
            raise CatalogError(f"cannot read the translation memory: {exc}", path=self.path) from exc


def human_units(po: polib.POFile, source_lang: str, target_lang: str) -> list[MemoryUnit]:
    """The translations of ``po`` a person accepted, as memory units (pure)."""
    units: list[MemoryUnit] = []
    for entry in po:
        if entry.msgid_plural or classify(entry) is not EntryState.TRANSLATED:
            continue
        units.append(MemoryUnit(entry.msgid, entry.msgstr, source_lang, target_lang, HUMAN))
    return units
