"""What the translation memory holds, whichever backend stores it: :class:`MemoryUnit`, the
engine names of human and imported units, and the human units of a PO file."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

import polib

from l10n.catalog.state import EntryState, classify

HUMAN = "human"
"""Engine name of units a person translated or accepted."""

IMPORTED = "tmx"
"""Engine name of units imported from another tool's TMX file (:func:`l10n.mt.memory.tmx.import_tmx`):
someone's translation, but not reviewed in this project, so only ever reused as a draft."""

RANK = {HUMAN: 0, IMPORTED: 1}
"""Exact-lookup precedence: human units, then imported ones, then the engine's own (rank 2)."""


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
    """UTC time stored, ISO 8601 (``2026-11-25T09:30:00Z``); filled in by ``store``."""
    origin: str = ""
    """Where an imported unit came from (``tmx:omegat.tmx``); empty for units made here."""

    @property
    def human(self) -> bool:
        """True for a translation a person accepted."""
        return self.engine == HUMAN


def now() -> str:
    """The ``created`` stamp of units stored now."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def preferred(known: MemoryUnit | None, candidate: MemoryUnit) -> bool:
    """True when ``candidate`` wins the exact lookup over ``known`` (:data:`RANK`)."""
    return known is None or RANK.get(candidate.engine, 2) < RANK.get(known.engine, 2)


FUZZY_ENGINES = (HUMAN, IMPORTED)
"""Engines whose units are close-match candidates (:mod:`l10n.mt.memory.fuzzy_index`): a machine
draft of a similar sentence is no better start than the engine's draft of this one."""

Row = tuple[str, str, str, str, str, str, str, str]
"""A unit as stored: source_lang, target_lang, engine, source, target, model, created, origin."""


def rows_to_store(units: Iterable[MemoryUnit]) -> list[Row]:
    """The rows one ``store`` call writes: units with a source and a target, the last one of
    each key winning (the key is language pair, source and engine; a unit stored again replaces
    the older one, on every backend), ``created`` stamped now when empty, in key order (writers
    that lock rows in the same order cannot deadlock each other)."""
    stamp = now()
    rows: dict[tuple[str, str, str, str], Row] = {}
    for u in units:
        if u.source and u.target:
            rows[(u.source_lang, u.target_lang, u.source, u.engine)] = (
                u.source_lang, u.target_lang, u.engine, u.source, u.target, u.model,
                u.created or stamp, u.origin)
    return [rows[key] for key in sorted(rows)]


def human_units(po: polib.POFile, source_lang: str, target_lang: str) -> list[MemoryUnit]:
    """The translations of ``po`` a person accepted, as memory units (pure)."""
    units: list[MemoryUnit] = []
    for entry in po:
        if entry.msgid_plural or classify(entry) is not EntryState.TRANSLATED:
            continue
        units.append(MemoryUnit(entry.msgid, entry.msgstr, source_lang, target_lang, HUMAN))
    return units
