"""Pseudo-localisation: an offline, deterministic "translation" that exposes i18n bugs.

``pseudo`` turns ``Read the report`` into ``[Ŕéåð ţĥé ŕéþöŕţ ·········]``: every letter is
accented (untranslated strings stand out), the text is about 30 % longer (more for short
strings, where real translations grow most) to reveal truncation, and brackets show where a
string was cut or concatenated. ``pseudo-rtl`` additionally wraps each run of words in
right-to-left override marks so layouts can be checked for right-to-left scripts.

Masked tokens (``_3_``, ``_/3_``) and the whitespace around them pass through untouched, so the
whole mask -> engine -> verify -> unmask path is exercised without a network or a model: this is
the engine of the end-to-end tests.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence

from l10n.mt.engines.base import Limits, read_options

_ACCENTS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "åƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
_TOKEN_SPLIT_RE = re.compile(r"(_/?\d+_)")
_WORDS_RE = re.compile(r"\S(?:.*\S)?", re.DOTALL)
_PAD = "\u00b7"  # middle dot: no Markdown meaning, visible, one column
_RLO = "\u202e"
_PDF = "\u202c"


def pseudo_translate(text: str, *, rtl: bool = False) -> str:
    """Pseudo-localise ``text``; tokens and outer whitespace are kept exactly."""
    core = text.strip()
    if not core:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    parts = []
    for part in _TOKEN_SPLIT_RE.split(core):
        if _TOKEN_SPLIT_RE.fullmatch(part):
            parts.append(part)
            continue
        accented = part.translate(_ACCENTS)
        if rtl:
            accented = _WORDS_RE.sub(lambda m: _RLO + m.group(0) + _PDF, accented)
        parts.append(accented)
    visible = len(_TOKEN_SPLIT_RE.sub("", core))
    ratio = 0.3 if visible >= 20 else 0.6
    pad = _PAD * max(2, math.ceil(visible * ratio))
    return f"{lead}[{''.join(parts)} {pad}]{trail}"


class PseudoEngine:
    """The ``pseudo`` and ``pseudo-rtl`` engines (any language pair, no network)."""

    def __init__(self, *, rtl: bool = False) -> None:
        self._rtl = rtl
        self.name = "pseudo-rtl" if rtl else "pseudo"
        self.version = "pseudo-1"
        self.limits = Limits(max_chars=100_000, max_items=64, max_concurrency=1)

    def supports(self, source: str, target: str) -> bool:
        """Pseudo-localisation works for every pair."""
        return True

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        """Pseudo-localise each text."""
        return [pseudo_translate(text, rtl=self._rtl) for text in texts]


def build_pseudo(options: Mapping[str, object]) -> PseudoEngine:
    """Registry factory for ``pseudo``."""
    read_options("pseudo", options, {})
    return PseudoEngine()


def build_pseudo_rtl(options: Mapping[str, object]) -> PseudoEngine:
    """Registry factory for ``pseudo-rtl``."""
    read_options("pseudo-rtl", options, {})
    return PseudoEngine(rtl=True)
