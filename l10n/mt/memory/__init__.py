"""Translation memory: every accepted translation, reusable across articles and runs.

:mod:`~l10n.mt.memory.backend` is the one interface (:class:`Memory`) and the one function that
opens the configured memory (:func:`open_memory`): a SQLite file (:mod:`~l10n.mt.memory.sqlite`)
or a PostgreSQL database shared by a team (:mod:`~l10n.mt.memory.postgres`, with claims so that
each sentence is sent to the engine once: :mod:`~l10n.mt.memory.claims`);
:mod:`~l10n.mt.memory.fuzzy` finds close matches under the merge's news-safe rules;
:mod:`~l10n.mt.memory.tmx` exports TMX 1.4 and imports another tool's TMX
(:mod:`~l10n.mt.memory.tmx_read` parses it safely).
"""

from l10n.mt.memory.backend import Memory, open_memory
from l10n.mt.memory.model import HUMAN, IMPORTED, MemoryUnit, human_units
from l10n.mt.memory.sqlite import SCHEMA_VERSION, SqliteMemory, TranslationMemory
from l10n.mt.memory.tmx import ImportReport, export_tmx, import_tmx, tmx_bytes

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
