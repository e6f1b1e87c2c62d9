"""The one interface of a translation memory, whatever stores it, and the one function that
opens the configured memory (:func:`open_memory`: every command goes through it).

:class:`~l10n.mt.memory.sqlite.SqliteMemory` is the embedded default, one file per project
(the project folder lock serializes writers); :class:`~l10n.mt.memory.postgres.PostgresMemory`
is shared by a team: many processes on many machines read and write it at once, and claims
(:mod:`l10n.mt.memory.claims`) let them send each sentence to the engine once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, Protocol, Self

from l10n.errors import CatalogError
from l10n.mt.memory.location import Location
from l10n.mt.memory.model import MemoryUnit

Dialect = Literal["sqlite", "postgresql"]
"""SQL dialect of a backend's :attr:`Memory.connection`."""


class Memory(Protocol):
    """What the translate core, TMX import/export and ``l10n memory`` use of a memory."""

    dialect: Dialect
    """``sqlite`` or ``postgresql``: which SQL :attr:`connection` speaks."""
    shared: bool
    """True when other processes may write at the same time (claims are worth taking)."""
    location: str
    """Where it lives, for messages (a path, or the connection string without password)."""

    @property
    def connection(self) -> Any:
        """The backend's DB-API connection (``sqlite3`` or psycopg), for modules keeping
        tables of their own next to the units (the fuzzy index)."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None: ...

    def close(self) -> None:
        """Commit, give up this process's claims and close."""

    def lookup_many(self, sources: Sequence[str], source_lang: str, target_lang: str,
                    engine: str) -> dict[str, MemoryUnit]:
        """Exact matches for ``sources``: a human unit if there is one, else an imported one,
        else ``engine``'s."""
        ...

    def lookup(self, source: str, source_lang: str, target_lang: str,
               engine: str) -> MemoryUnit | None:
        """The exact match for one source text, human first."""
        ...

    def store(self, units: Iterable[MemoryUnit]) -> int:
        """Insert or replace ``units`` in one committed transaction (a unit stored again
        replaces the older one); returns how many rows were written."""
        ...

    def units(self, *, source_lang: str | None = None, target_lang: str | None = None,
              engine: str | None = None,
              engines: Sequence[str] | None = None) -> Iterator[MemoryUnit]:
        """Every unit matching the filters, ordered by language pair, source (code point
        order) and engine."""
        ...

    def count(self) -> int:
        """Number of units."""
        ...

    def fuzzy_indexed(self) -> bool:
        """Whether the database has the close-match index (:mod:`l10n.mt.memory.fuzzy_index`;
        a memory from before it gets it on its first opening for writing, a read-only one may
        not have it)."""
        ...

    def claim(self, engine: str, source_lang: str, target_lang: str,
              sources: Sequence[str]) -> set[str]:
        """The ``sources`` this process may now send to ``engine``: those no other live
        process has claimed (all of them on an unshared memory)."""
        ...

    def claimed(self, engine: str, source_lang: str, target_lang: str,
                sources: Sequence[str]) -> set[str]:
        """The ``sources`` another process holds a live claim on."""
        ...

    def release(self, engine: str, source_lang: str, target_lang: str,
                sources: Iterable[str]) -> None:
        """Give up this process's claims on ``sources`` (sent, stored or failed)."""


def unit_filter(dialect: Dialect, *, source_lang: str | None, target_lang: str | None,
                engine: str | None, engines: Sequence[str] | None) -> tuple[str, list[Any]]:
    """The ``WHERE`` clause (empty when there is no filter) and its arguments of
    :meth:`Memory.units`, in ``dialect``'s placeholders."""
    mark = "?" if dialect == "sqlite" else "%s"
    where: list[str] = []
    args: list[Any] = []
    for column, value in (("source_lang", source_lang), ("target_lang", target_lang),
                          ("engine", engine)):
        if value is not None:
            where.append(f"{column} = {mark}")
            args.append(value)
    if engines is not None and dialect == "sqlite":
        where.append(f"engine IN ({','.join('?' * len(engines))})")
        args.extend(engines)
    elif engines is not None:
        where.append("engine = ANY(%s)")
        args.append(list(engines))
    return (" WHERE " + " AND ".join(where)) if where else "", args


def open_memory(location: Location, *, readonly: bool = False) -> Memory:
    """The memory at ``location``: a SQLite file (created unless ``readonly``), or a
    PostgreSQL database (tables created on the first write)."""
    if isinstance(location, Path):
        from l10n.mt.memory.sqlite import SqliteMemory

        return SqliteMemory(location, readonly=readonly)
    try:
        from l10n.mt.memory.postgres import PostgresMemory
    except ImportError as exc:
        if not (exc.name or "").startswith("psycopg"):
            raise
        raise CatalogError(
            "a PostgreSQL translation memory needs psycopg: pip install 'l10n[postgres]'"
        ) from None
    return PostgresMemory(location, readonly=readonly)


def exists(location: Location) -> bool:
    """False for a SQLite file not created yet (a server is always asked)."""
    return location.exists() if isinstance(location, Path) else True
