"""Turn a verified engine output into a draft, repairing what engines break on real text.

:func:`finish` is the one step between verification (:mod:`l10n.mt.verify`) and the PO file. In
order (:data:`REPAIRS`):

* ``names``: proper names of the source the engine misspelled are put back
  (:mod:`l10n.mt.names`), for engines that opt in with a true ``respells_names`` attribute and
  can translate the pair backwards (the reverse check needs it);
* the markup is unmasked with the source's spacing (:func:`l10n.mt.mask.unmask`, always);
* ``quotes``: a closing curly quote that came back as an opening one (``“config.yml“``) is
  turned around.

The draft says which repairs changed it, for the provenance comment (``fix=names``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from l10n.errors import EngineError
from l10n.mt import names
from l10n.mt.engines.base import Engine
from l10n.mt.mask import Masked, unmask

Repair = Literal["names", "quotes"]
"""A repair that may change a draft's words or punctuation."""

REPAIRS: tuple[Repair, ...] = ("names", "quotes")
"""Every repair, in the order applied."""

OPENING, CLOSING = "\u201c", "\u201d"


@dataclass(frozen=True)
class Draft:
    """The text that goes into ``msgstr``, and how it was repaired."""

    text: str
    """The unmasked, repaired translation."""
    fixes: tuple[Repair, ...] = ()
    """The repairs that changed it, in :data:`REPAIRS` order."""


def finish(
    masked: Masked,
    output: str,
    back: names.BackTranslate | None = None,
    repairs: Sequence[Repair] = REPAIRS,
) -> Draft:
    """Repair and unmask a verified engine ``output`` of ``masked``.

    ``back`` translates words backwards (see :func:`back_translator`); without it names are
    not repaired. ``repairs`` selects repairs (all by default; the benchmark turns them off).
    """
    fixes: list[Repair] = []
    if "names" in repairs and back is not None:
        fixed = names.respell(masked.text, output, back)
        if fixed != output:
            fixes.append("names")
            output = fixed
    text = unmask(masked, output)
    if "quotes" in repairs:
        fixed = fix_quote_direction(text)
        if fixed != text:
            fixes.append("quotes")
            text = fixed
    return Draft(text, tuple(fixes))


def back_translator(engine: Engine, source: str, target: str) -> names.BackTranslate | None:
    """Words target -> source through ``engine``, if it opts into name repairs and can.

    A failed request answers ``""`` for every word, which keeps every suspect as it is.
    """
    if getattr(engine, "respells_names", False) is not True or not engine.supports(target, source):
        return None

    def back(words: Sequence[str]) -> list[str]:
        try:
            answers = engine.translate_batch(list(words), target, source)
        except EngineError:
            return [""] * len(words)
        if len(answers) != len(words):
            return [""] * len(words)
        return answers

    return back


def fix_quote_direction(text: str) -> str:
    """Turn ``“`` into ``”`` where it closes an open ``“`` after a word (and the reverse).

    ``“config.yml“ agora`` -> ``“config.yml” agora``. Only the English-style pair ``“”`` is
    followed: text with German ``„…“`` quotes is left alone.
    """
    if "\u201e" in text:
        return text
    out: list[str] = []
    is_open = False
    for i, ch in enumerate(text):
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if ch == OPENING and is_open and not before.isspace() and not after.isalnum():
            ch = CLOSING
        elif ch == CLOSING and not is_open and before.isspace() and not after.isspace():
            ch = OPENING
        if ch == OPENING:
            is_open = True
        elif ch == CLOSING:
            is_open = False
        out.append(ch)
    return "".join(out)
