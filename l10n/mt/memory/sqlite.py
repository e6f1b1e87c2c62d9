"""The embedded translation memory: every accepted translation, in one SQLite file, reusable
across articles and runs (the :class:`~l10n.mt.memory.backend.Memory` of a single desk).

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
from pathlib import Path
from types import TracebackType
from typing import Self

from l10n.errors import CatalogError
from l10n.mt.memory import fuzzy_index
from l10n.mt.memory.backend import Dialect, unit_filter
from l10n.mt.memory.model import (
    FUZZY_ENGINES,
    HUMAN,
    IMPORTED,
    MemoryUnit,
    Row,
    preferred,
    rows_to_store,
)

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


class SqliteMemory:
    """A translation-memory database file (created on first use)."""

    dialect: Dialect = "sqlite"
    shared: bool = False

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        self.location = str(path)
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
                        fuzzy_index.add_units(self._db, "sqlite", self._db.execute(
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
                unit = MemoryUnit(
                    source, target, source_lang, target_lang, unit_engine, model, created, origin
                )
                if preferred(found.get(source), unit):
                    found[source] = unit
        return found

    def lookup(
        self, source: str, source_lang: str, target_lang: str, engine: str
    ) -> MemoryUnit | None:
        """The exact match for one source text, human first."""
        return self.lookup_many([source], source_lang, target_lang, engine).get(source)

    def store(self, units: Iterable[MemoryUnit]) -> int:
        """Insert or replace ``units`` in one committed transaction; returns how many."""
        rows = rows_to_store(units)
        if not rows:
            return 0
        try:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO units (source_lang, target_lang, engine, source, "
                    "target, model, created, origin) VALUES (?,?,?,?,?,?,?,?)",
                    rows,
                )
                # HOOK (l10n.mt.memory.fuzzy_index): human and imported units were just
                # stored, in this transaction; keep the fuzzy index's own tables up to date here.
                self.reusable_stored([row for row in rows if row[2] in FUZZY_ENGINES])
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
        clause, args = unit_filter("sqlite", source_lang=source_lang, target_lang=target_lang,
                                   engine=engine, engines=engines)
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

    def reusable_stored(self, rows: Sequence[Row]) -> None:
        """Called inside :meth:`store`'s transaction with the human and imported rows just
        written (maybe none): the close-match index learns them."""
        fuzzy_index.add_units(self._db, "sqlite", rows)

    def fuzzy_indexed(self) -> bool:
        """Whether the file has the close-match index (a read-only memory from before it has
        not)."""
        return fuzzy_index.has_schema(self._db, "sqlite")

    @property
    def connection(self) -> sqlite3.Connection:
        """The ``sqlite3`` connection (tables of other modules live in the same file)."""
        return self._db

    def claim(self, engine: str, source_lang: str, target_lang: str,
              sources: Sequence[str]) -> set[str]:
        """Everything: one machine, and the project folder lock serializes runs."""
        return set(sources)

    def claimed(self, engine: str, source_lang: str, target_lang: str,
                sources: Sequence[str]) -> set[str]:
        """Nothing: nobody else writes this file during a run."""
        return set()

    def release(self, engine: str, source_lang: str, target_lang: str,
                sources: Iterable[str]) -> None:
        """Nothing to give up."""

    def _execute(self, sql: str, args: tuple[str, ...]) -> list[tuple[str, ...]]:
        try:
            return list(self._db.execute(sql, args))
        except sqlite3.Error as exc:
            raise CatalogError(f"cannot read the translation memory: {exc}", path=self.path) from exc



TranslationMemory = SqliteMemory
"""The name callers used before there were two backends."""
