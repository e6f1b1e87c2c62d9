"""Carrying a cosmetic source edit into a translation, where the edit is mechanical.

``l10n accept-cosmetic`` (:mod:`l10n.accept`) clears a stale entry whose source edit
:func:`l10n.catalog.triage.triage` found cosmetic; before, the quote marks, the writing of a
number and the white space at the ends move into the translation the way they moved in the
source. Nothing else does: punctuation, case and spelling are the translation's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from l10n.catalog.triage import AMOUNT, quote_marks, same_amount


@dataclass(frozen=True)
class Carried:
    """A translation after a cosmetic source edit was carried into it."""

    text: str
    """The translation (unchanged when nothing was mechanical)."""
    changes: tuple[str, ...]
    """What changed in it, for people (``quotes: " " -> “ ”``, ``number: 5% -> 5 %``); empty
    when the translation was kept as it was."""


def carry(old: str, new: str, translation: str) -> Carried:
    """Carry the mechanical part of the cosmetic edit ``old`` -> ``new`` into ``translation``.

    Mechanical are: the quote marks (when the translation uses the old source's quotes, in the
    same order, they become the new source's); the writing of a number whose value stayed
    (``5%`` -> ``5 %``, ``1,000`` -> ``1.000``; replaced where the translation writes it as the
    old source did, a translation's own localized form is left alone); leading and trailing white
    space. Other punctuation, case and typo fixes leave the translation as it is: they are not
    mechanical in another language.
    """
    text, changes = _carry_edges(old, new, translation)
    text, more = _carry_quotes(old, new, text)
    changes += more
    text, more = _carry_amounts(old, new, text)
    return Carried(text, changes + more)


def _edges(text: str) -> tuple[str, str]:
    core = text.strip()
    if not core:
        return text, ""
    start = text.index(core)
    return text[:start], text[start + len(core):]


def _carry_edges(old: str, new: str, translation: str) -> tuple[str, tuple[str, ...]]:
    if _edges(old) == _edges(new) or _edges(translation) != _edges(old) or not translation.strip():
        return translation, ()
    lead, trail = _edges(new)
    return lead + translation.strip() + trail, ("white space at the start or end",)


def _carry_quotes(old: str, new: str, translation: str) -> tuple[str, tuple[str, ...]]:
    before = [mark for _, mark in quote_marks(old)]
    after = [mark for _, mark in quote_marks(new)]
    if before == after or len(before) != len(after):
        return translation, ()
    found = quote_marks(translation)
    if [mark for _, mark in found] != before:
        return translation, ()
    chars = list(translation)
    for (offset, _), mark in zip(found, after):
        chars[offset] = mark
    return "".join(chars), (f"quotes: {' '.join(before)} -> {' '.join(after)}",)


def _carry_amounts(old: str, new: str, translation: str) -> tuple[str, tuple[str, ...]]:
    before, after = AMOUNT.findall(old), AMOUNT.findall(new)
    if len(before) != len(after):
        return translation, ()
    changes = []
    for x, y in zip(before, after):
        if x == y or not same_amount(x, y):
            continue
        pattern = re.compile(rf"(?<![\w.,]){re.escape(x)}(?![\w%‰])")
        if pattern.search(translation):
            translation = pattern.sub(y.replace("\\", "\\\\"), translation)
            changes.append(f"number: {x} -> {y}")
    return translation, tuple(changes)
