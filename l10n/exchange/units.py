"""What one PO entry is in XLIFF, in both directions: its unit id, its notes, its state.

**Unit ids** are content-based, like the messages themselves: ``m`` and the first 16 hex digits
of the SHA-256 of the entry's gettext key (``msgctxt``, EOT, ``msgid``; the ``msgid`` alone
without a context). Re-exporting after an edit elsewhere in the article keeps every other id,
and an id that no longer names an entry (its sentence changed) is refused on import.

**States**, from :func:`l10n.catalog.state.classify` (the one owner of "translated / draft /
stale"), are written as the tables below say; on the way back a file's state only says whether
the translator considers the unit reviewed, still a draft, or not translated
(:data:`VERDICTS_12`, :data:`VERDICTS_20`).

| entry state | XLIFF 1.2 ``<target>`` | XLIFF 2.0 ``<segment>`` |
|---|---|---|
| translated (reviewed) | ``state="translated"``, unit ``approved="yes"`` | ``state="translated"`` |
| machine draft | ``needs-review-translation``, ``state-qualifier="mt-suggestion"`` | ``initial``, ``subState="l10n:fuzzy_machine"`` + note |
| edited draft, other fuzzy | ``needs-review-translation`` | ``initial``, ``subState="l10n:..."`` + note |
| stale (``#|``) | ``needs-review-translation``, ``state-qualifier="fuzzy-match"`` | ``initial``, ``subState="l10n:fuzzy_changed"`` + note |
| untranslated | ``state="new"``, empty target | ``initial``, no target |
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Literal

import polib

from l10n.catalog.state import EntryState, classify, previous_msgid
from l10n.exchange.codes import Part, split_codes

XliffVersion = Literal["1.2", "2.0"]
"""The XLIFF versions l10n writes and reads."""

VERSIONS: tuple[XliffVersion, ...] = ("1.2", "2.0")
"""Every supported version; 1.2 first, the default (what CAT tools accept in practice)."""

Verdict = Literal["reviewed", "draft", "new"]
"""What a file's state says about a unit: reviewed by the translator, still to be reviewed, or
not translated."""

STATES_12: dict[EntryState, tuple[str, str | None]] = {
    EntryState.TRANSLATED: ("translated", None),
    EntryState.MACHINE: ("needs-review-translation", "mt-suggestion"),
    EntryState.EDITED: ("needs-review-translation", None),
    EntryState.FUZZY: ("needs-review-translation", None),
    EntryState.STALE: ("needs-review-translation", "fuzzy-match"),
    EntryState.UNTRANSLATED: ("new", None),
}
"""Entry state -> XLIFF 1.2 ``state`` and ``state-qualifier`` of the ``<target>``."""

STATES_20: dict[EntryState, str] = {
    EntryState.TRANSLATED: "translated",
    EntryState.MACHINE: "initial",
    EntryState.EDITED: "initial",
    EntryState.FUZZY: "initial",
    EntryState.STALE: "initial",
    EntryState.UNTRANSLATED: "initial",
}
"""Entry state -> XLIFF 2.0 ``state`` of the ``<segment>`` (``subState`` is ``l10n:<state>``)."""

STATE_NOTES: dict[EntryState, str] = {
    EntryState.MACHINE: "machine translation draft, not reviewed",
    EntryState.EDITED: "machine translation draft edited since, not reviewed",
    EntryState.FUZZY: "draft, not reviewed",
    EntryState.STALE: "translation of an older version of this sentence (see the previous source)",
}
"""The note telling a translator why a unit needs review."""

VERDICTS_12: dict[str, Verdict] = {
    "translated": "reviewed", "signed-off": "reviewed", "final": "reviewed",
    "needs-review-translation": "draft", "needs-review-adaptation": "draft",
    "needs-review-l10n": "draft", "needs-translation": "draft", "needs-adaptation": "draft",
    "needs-l10n": "draft", "new": "new",
}
"""XLIFF 1.2 ``<target state>`` -> verdict (the unit's ``approved`` counts only without it)."""

VERDICTS_20: dict[str, Verdict] = {
    "translated": "reviewed", "reviewed": "reviewed", "final": "reviewed", "initial": "draft",
}
"""XLIFF 2.0 ``<segment state>`` -> verdict (a segment without a state is ``initial``)."""


@dataclass(frozen=True)
class Note:
    """A note for the translator."""

    category: str
    """``developer`` (``#.``), ``location`` (``#:``), ``translator`` (``#`` comments, with the
    ``# mt:`` provenance), ``previous-source`` (``#|``) or ``state``."""
    text: str
    """What it says."""


@dataclass(frozen=True)
class Unit:
    """One entry as an XLIFF unit."""

    id: str
    """The content-based unit id (:func:`unit_id`)."""
    source: tuple[Part, ...]
    """The msgid as text and codes."""
    target: str
    """The msgstr ("" when untranslated)."""
    state: EntryState
    """The entry's state."""
    notes: tuple[Note, ...]
    """Comments, references, provenance and the state, for the translator."""


def unit_id(msgctxt: str | None, msgid: str) -> str:
    """The content-based id of the entry with this context and msgid."""
    key = msgid if msgctxt is None else f"{msgctxt}\x04{msgid}"
    return "m" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def entry_unit(entry: polib.POEntry) -> Unit:
    """``entry`` (active, not the header, singular) as a unit."""
    state = classify(entry)
    notes = [Note("developer", line) for line in (entry.comment or "").splitlines() if line.strip()]
    notes += [Note("location", f"{path}:{line}" if line else path) for path, line in entry.occurrences]
    if entry.tcomment:
        notes.append(Note("translator", entry.tcomment))
    if entry.msgctxt is not None:
        notes.append(Note("context", entry.msgctxt))
    previous = previous_msgid(entry) if state is EntryState.STALE else None
    if previous is not None:
        notes.append(Note("previous-source", previous))
    if state in STATE_NOTES:
        notes.append(Note("state", STATE_NOTES[state]))
    return Unit(unit_id(entry.msgctxt, entry.msgid), split_codes(entry.msgid), entry.msgstr, state,
                tuple(notes))


def exportable(entry: polib.POEntry) -> bool:
    """Whether ``entry`` becomes a unit: an active, singular message (plural entries, which
    articles do not have, are left out)."""
    return classify(entry) not in (EntryState.HEADER, EntryState.OBSOLETE) and not entry.msgid_plural


def bcp47(locale: str) -> str:
    """The XLIFF (BCP 47) spelling of a gettext locale: ``pt_BR`` -> ``pt-BR``,
    ``sr@latin`` -> ``sr-x-latin``."""
    return locale.replace("_", "-").replace("@", "-x-")
