"""The names this module had before the memory got two backends, kept importable: the units
live in :mod:`l10n.mt.memory.model`, the SQLite file in :mod:`l10n.mt.memory.sqlite`, the
interface and :func:`~l10n.mt.memory.backend.open_memory` in :mod:`l10n.mt.memory.backend`."""

from l10n.mt.memory.model import HUMAN, IMPORTED, MemoryUnit, human_units
from l10n.mt.memory.sqlite import SCHEMA_VERSION, SqliteMemory, TranslationMemory

__all__ = ["HUMAN", "IMPORTED", "SCHEMA_VERSION", "MemoryUnit", "SqliteMemory",
           "TranslationMemory", "human_units"]
