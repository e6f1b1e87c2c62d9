"""Translation memory: every accepted translation, reusable across articles and runs.

:mod:`~l10n.mt.memory.backend` is the one interface (:class:`Memory`) and the one function that
opens the configured memory (:func:`open_memory`): a SQLite file (:mod:`~l10n.mt.memory.sqlite`)
or a PostgreSQL database shared by a team (:mod:`~l10n.mt.memory.postgres`, with claims so that
each sentence is sent to the engine once: :mod:`~l10n.mt.memory.claims`);
:mod:`~l10n.mt.memory.fuzzy` finds close matches under the merge's news-safe rules;
:mod:`~l10n.mt.memory.tmx` exports TMX 1.4 and imports another tool's TMX
(:mod:`~l10n.mt.memory.tmx_read` parses it safely).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from l10n.mt.memory.backend import Memory, open_memory
    from l10n.mt.memory.model import HUMAN, IMPORTED, MemoryUnit, human_units
    from l10n.mt.memory.sqlite import SCHEMA_VERSION, SqliteMemory, TranslationMemory
    from l10n.mt.memory.tmx import ImportReport, export_tmx, import_tmx, tmx_bytes

_HOME = {
    "Memory": "backend", "open_memory": "backend",
    "HUMAN": "model", "IMPORTED": "model", "MemoryUnit": "model", "human_units": "model",
    "SCHEMA_VERSION": "sqlite", "SqliteMemory": "sqlite", "TranslationMemory": "sqlite",
    "ImportReport": "tmx", "export_tmx": "tmx", "import_tmx": "tmx", "tmx_bytes": "tmx",
}
"""Where each name lives. They are imported when first asked for, so that reading the
configuration (which parses a memory location with :mod:`~l10n.mt.memory.location`) does not load
SQLite, RapidFuzz and the TMX reader, and ``l10n --help`` stays light
(``tests/test_cli_startup.py``)."""


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)


__all__ = [
    "HUMAN",
    "IMPORTED",
    "SCHEMA_VERSION",
    "ImportReport",
    "Memory",
    "MemoryUnit",
    "SqliteMemory",
    "TranslationMemory",
    "export_tmx",
    "human_units",
    "import_tmx",
    "open_memory",
    "tmx_bytes",
]
