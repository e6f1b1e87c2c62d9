"""The glossary as frozen data: one :class:`Rule` per row of the file, a :class:`Glossary` of
them, and the :class:`Match` of a rule in a sentence.

Kept apart from the file format (:mod:`l10n.glossary.load`) and from the matching
(:mod:`l10n.glossary.match`), so the rest of the code depends on values only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Flag = Literal["case-sensitive", "inside-words"]
"""A rule's matching options (the ``flags`` column)."""

FLAGS: tuple[Flag, ...] = ("case-sensitive", "inside-words")
"""Every flag: ``case-sensitive`` matches the case exactly (default: any case);
``inside-words`` also matches inside longer words (default: whole words only)."""


@dataclass(frozen=True)
class Rule:
    """One row of the glossary: a source term and what every translation must do with it."""

    term: str
    """The source-language term as written in the file (``Kyiv``, ``prime minister``)."""
    locale: str | None
    """The locale (``pt_BR``) or language (``pt``) the row is for; ``None`` for every locale."""
    translation: str | None
    """The required translation; ``None`` means "do not translate": keep the term as the source
    writes it."""
    forbidden: tuple[str, ...]
    """Variants a translation must not use (``Kiev``, ``Brasilia``)."""
    case_sensitive: bool
    """Match the term (and check the translation) in this exact case."""
    whole_word: bool
    """Match only whole words: no letter or digit right before or after."""
    line: int
    """Line of the row in the glossary file (1-based)."""

    @property
    def keep(self) -> bool:
        """True for a do-not-translate term."""
        return self.translation is None

    def required(self, found: str) -> str:
        """What the translation must contain where the source has ``found`` (the source's own
        spelling of a do-not-translate term, else the required translation)."""
        return found if self.translation is None else self.translation


@dataclass(frozen=True)
class Match:
    """One occurrence of a glossary term in a source sentence."""

    start: int
    """Offset of the first character of the term in the sentence."""
    end: int
    """Offset just after it."""
    found: str
    """The sentence's characters (``Prime minister`` for the term ``prime minister``)."""
    rule: Rule
    """The rule that applies for the locale."""

    @property
    def target(self) -> str:
        """What a draft writes in the term's place: the required text, with a capital first
        letter where the source capitalised a term the glossary writes in lower case (``Prime
        minister`` at the start of a sentence)."""
        text = self.rule.required(self.found)
        if (
            not self.rule.case_sensitive
            and self.rule.term[:1].islower()
            and self.found[:1].isupper()
            and text[:1].islower()
        ):
            return text[:1].upper() + text[1:]
        return text


@dataclass(frozen=True)
class Glossary:
    """A project's glossary: its rules in file order."""

    path: Path | None
    """The file it was read from (``None`` for the empty glossary)."""
    rules: tuple[Rule, ...]
    """Every row."""
    memo: dict[tuple[str, str], Any] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )
    """Values derived from ``rules`` per locale (:mod:`l10n.glossary.match` keeps its
    indexes here), computed once."""

    def for_locale(self, locale: str) -> tuple[Rule, ...]:
        """The rule that applies to each term in ``locale``: the row for the locale itself, else
        the one for its language (``pt`` for ``pt_BR``), else the one for every locale."""
        key = ("rules", locale)
        if key not in self.memo:
            self.memo[key] = self._for_locale(locale)
        rules: tuple[Rule, ...] = self.memo[key]
        return rules

    def _for_locale(self, locale: str) -> tuple[Rule, ...]:
        language = locale.split("_", 1)[0]
        best: dict[tuple[str, bool], tuple[int, Rule]] = {}
        for rule in self.rules:
            if rule.locale == locale:
                rank = 0
            elif rule.locale == language:
                rank = 1
            elif rule.locale is None:
                rank = 2
            else:
                continue
            key = term_key(rule)
            if key not in best or rank < best[key][0]:
                best[key] = (rank, rule)
        return tuple(sorted((rule for _, rule in best.values()), key=lambda r: r.line))


EMPTY = Glossary(path=None, rules=())
"""The glossary of a project without a glossary file."""


def term_key(rule: Rule) -> tuple[str, bool]:
    """What makes two rows the same term: its text (case-folded unless case-sensitive, white
    space normalised) and its case-sensitivity."""
    words = " ".join(rule.term.split())
    return (words if rule.case_sensitive else words.casefold(), rule.case_sensitive)
