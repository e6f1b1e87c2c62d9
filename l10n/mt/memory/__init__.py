"""Translation memory: every accepted translation, reusable across articles and runs.

:mod:`~l10n.mt.memory.store` keeps the units in SQLite and answers exact lookups;
:mod:`~l10n.mt.memory.fuzzy` finds close matches under the merge's news-safe rules;
:mod:`~l10n.mt.memory.tmx` exports TMX 1.4 and imports another tool's TMX
(:mod:`~l10n.mt.memory.tmx_read` parses it safely).
"""

from l10n.mt.memory.store import (
    HUMAN,
    IMPORTED,
    SCHEMA_VERSION,
    MemoryUnit,
    TranslationMemory,
    human_units,
)
from l10n.mt.memory.tmx import ImportReport, export_tmx, import_tmx, tmx_bytes

__all__ = [
    "HUMAN",
    "IMPORTED",
    "SCHEMA_VERSION",
    "ImportReport",
    "MemoryUnit",
    "TranslationMemory",
    "export_tmx",
    "human_units",
    "import_tmx",
    "tmx_bytes",
]
