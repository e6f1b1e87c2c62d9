"""Apply one unit read back from XLIFF to its PO entry: change only what the translator changed.

The rules, in order:

- a unit whose target cannot be read (an inline element l10n does not write) is **refused**;
- no target, or an empty one, never erases a translation: the entry stays as it is;
- the **same text** as the entry's (the codes give back the source's characters) leaves the
  entry, its flags and provenance alone, unless the file changed the state: a draft or stale
  entry the file calls reviewed (1.2 ``translated``/``signed-off``/``final``, 2.0
  ``translated``/``reviewed``/``final``) is reviewed (``fuzzy`` and ``#|`` go; the ``# mt:``
  comment stays, as when a PO editor removes ``fuzzy``), a reviewed entry the file calls a
  draft becomes fuzzy;
- a **changed text** replaces the msgstr and is reviewed, or stays (becomes) fuzzy when the
  file's state says it is not reviewed; the ``# mt:`` comment stays, so its digest no longer
  matching tells :func:`l10n.catalog.state.classify` that a person edited the draft;
- either change is **refused** when the target's codes do not fit the source's (a code lost,
  added twice, changed or closed before it opened: :func:`l10n.exchange.codes.match_codes`):
  the translation would break the article's markup. The unit is reported with its line and
  the rest of the file is imported (one broken segment should not hold back a whole article;
  the command exits 1 so that a script notices).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import polib

from l10n.catalog.state import EntryState, classify, restore_previous
from l10n.exchange.codes import Code, FoundCode, Part, match_codes, split_codes
from l10n.exchange.read import ReadPart, ReadUnit

Action = Literal["unchanged", "edited", "reviewed", "unreviewed", "refused"]
"""What importing a unit did to its entry."""


@dataclass(frozen=True)
class Outcome:
    """What happened to one entry."""

    action: Action
    """Unchanged; translation edited; reviewed; made a draft again; or refused."""
    detail: str
    """Why, for people (the problem of a refused unit; the state of an edited one)."""


def apply_unit(entry: polib.POEntry, unit: ReadUnit) -> Outcome:
    """Apply ``unit`` to ``entry`` (changed in place) by the rules of the module docstring."""
    if unit.problem is not None:
        return Outcome("refused", unit.problem)
    if unit.target is None:
        return Outcome("unchanged", "no target")
    state = classify(entry)
    source = split_codes(entry.msgid)
    text = rebuild(source, unit.target)
    found = [p for p in unit.target if isinstance(p, FoundCode)]
    if text == "":
        return Outcome("unchanged", "empty target; a translation is never erased")
    if text == entry.msgstr:
        if unit.verdict == "reviewed" and state.is_draft:
            problem = match_codes(source, found)
            if problem is not None:
                return Outcome("refused", f"not reviewed: {problem}")
            _review(entry)
            return Outcome("reviewed", f"was {_state_name(state)}")
        if unit.verdict in ("draft", "new") and state is EntryState.TRANSLATED:
            entry.flags.append("fuzzy")
            return Outcome("unreviewed", "marked for review in the file")
        return Outcome("unchanged", "")
    problem = match_codes(source, found)
    if problem is not None:
        return Outcome("refused", problem)
    entry.msgstr = text or ""
    if unit.verdict in ("draft", "new"):
        if "fuzzy" not in entry.flags:
            entry.flags.append("fuzzy")
        return Outcome("edited", "stays a draft (fuzzy), as the file's state says")
    _review(entry)
    return Outcome("edited", "reviewed")


def rebuild(source: Sequence[Part], target: Sequence[ReadPart]) -> str | None:
    """The text of ``target``: each code gives back the source's characters for it (or, for a
    code the source does not have, the characters the file carries); None when a code has no
    characters to give."""
    mine = {p.key: p for p in source if isinstance(p, Code)}
    out: list[str] = []
    for part in target:
        if isinstance(part, str):
            out.append(part)
            continue
        code = mine.get((part.id, part.role))
        data = code.data if code is not None else part.data
        if data is None:
            return None
        out.append(data)
    return "".join(out)


def _review(entry: polib.POEntry) -> None:
    """Mark ``entry`` reviewed: no ``fuzzy``, no previous source; comments stay."""
    restore_previous(entry)
    entry.previous_msgid = None
    entry.previous_msgid_plural = None
    entry.previous_msgctxt = None
    entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]


def _state_name(state: EntryState) -> str:
    return {
        EntryState.MACHINE: "a machine draft", EntryState.EDITED: "an edited draft",
        EntryState.STALE: "stale", EntryState.FUZZY: "fuzzy",
    }.get(state, state.value)
