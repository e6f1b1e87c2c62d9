"""Find glossary terms in a sentence and judge a translation against them.

:func:`terms_in` finds the terms of a locale's rules in a source sentence (longest first, no
overlaps, with each rule's case and word-boundary options); :func:`violations` says what a
translation does wrong: a required term missing (``Kiev`` where the glossary says ``Kyiv``, the
accent lost from ``Brasília``), or a forbidden variant used. :func:`note` is the one-line
summary shown to translators, :func:`pairs` what an engine with its own glossary support gets.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from l10n.glossary.model import Glossary, Match, Rule


def _body(text: str, *, whole_word: bool) -> str:
    words = [re.escape(word) for word in text.split()]
    body = r"\s+".join(words)
    return rf"(?<!\w){body}(?!\w)" if whole_word else body


@lru_cache(maxsize=4096)
def _pattern(text: str, case_sensitive: bool, whole_word: bool) -> re.Pattern[str]:
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(_body(text, whole_word=whole_word), flags)


_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class _Index:
    """A locale's rules by the first word of their term (case-folded), so a sentence is only
    searched for the terms whose first word it contains."""

    by_word: dict[str, tuple[Rule, ...]]
    """First word of the term -> the rules whose term starts with it."""
    always: tuple[Rule, ...]
    """Rules matched inside words, or whose term has no word character: always searched."""


def _index(glossary: Glossary, locale: str) -> _Index:
    key = ("index", locale)
    index: _Index | None = glossary.memo.get(key)
    if index is None:
        by_word: dict[str, list[Rule]] = {}
        always: list[Rule] = []
        for rule in glossary.for_locale(locale):
            first = _WORD.search(rule.term)
            if first is None or not rule.whole_word:
                always.append(rule)
            else:
                by_word.setdefault(first.group(0).casefold(), []).append(rule)
        index = _Index({w: tuple(r) for w, r in by_word.items()}, tuple(always))
        glossary.memo[key] = index
    return index


def terms_in(glossary: Glossary, msgid: str, locale: str) -> tuple[Match, ...]:
    """Every occurrence of a term of ``locale``'s rules in ``msgid``, in order, not overlapping
    (a longer term wins: ``prime minister`` before ``minister``)."""
    if not glossary.rules:
        return ()
    index = _index(glossary, locale)
    candidates = list(index.always)
    for word in {w.casefold() for w in _WORD.findall(msgid)}:
        candidates += index.by_word.get(word, ())
    found: list[Match] = []
    for rule in candidates:
        pattern = _pattern(rule.term, rule.case_sensitive, rule.whole_word)
        found += [Match(m.start(), m.end(), m.group(0), rule) for m in pattern.finditer(msgid)]
    found.sort(key=lambda m: (m.start - m.end, m.start, m.rule.line))
    kept: list[Match] = []
    for match in found:
        if all(match.end <= k.start or k.end <= match.start for k in kept):
            kept.append(match)
    return tuple(sorted(kept, key=lambda m: m.start))


def _fold(text: str) -> str:
    """``text`` without case and accents, one character for one (``Brasília`` -> ``brasilia``)."""
    out = []
    for ch in text:
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        folded = base.casefold()
        out.append(folded if len(folded) == 1 else ch.lower())
    return "".join(out)


def _near(text: str, want: str, rule: Rule) -> str | None:
    """The spelling of ``want`` in ``text`` when it is there up to case and accents only."""
    m = _pattern(_fold(want), False, rule.whole_word).search(_fold(text))
    return text[m.start() : m.end()] if m else None


def _describe(rule: Rule, want: str) -> str:
    if rule.keep:
        return f"{want!r} must stay as in the source"
    return f"{rule.term!r} must be translated {want!r}"


def _first_per_rule(glossary: Glossary, msgid: str, locale: str) -> Iterator[Match]:
    """The terms of ``msgid`` (:func:`terms_in`), only the first match of each rule."""
    done: set[int] = set()
    for match in terms_in(glossary, msgid, locale):
        if match.rule.line not in done:
            done.add(match.rule.line)
            yield match


def violations(glossary: Glossary, msgid: str, msgstr: str, locale: str) -> tuple[str, ...]:
    """What ``msgstr`` (a translation of ``msgid`` into ``locale``) does against the glossary;
    empty when it follows it. One reason per rule, in the order the terms appear."""
    reasons: list[str] = []
    for match in _first_per_rule(glossary, msgid, locale):
        rule = match.rule
        want = rule.required(match.found)
        present = _pattern(want, rule.case_sensitive, rule.whole_word).search(msgstr)
        used = [
            m.group(0)
            for variant in rule.forbidden
            if (m := _pattern(variant, rule.case_sensitive, rule.whole_word).search(msgstr))
        ]
        if present is None:
            wrong = used[0] if used else _near(msgstr, want, rule)
            if wrong is not None and wrong != want:
                reasons.append(f"{_describe(rule, want)}, not {wrong!r}")
            else:
                reasons.append(f"{_describe(rule, want)}; the translation has no {want!r}")
        elif used:
            reasons.append(f"{used[0]!r} is a forbidden variant of {rule.term!r}; write {want!r}")
    return tuple(reasons)


def note(glossary: Glossary, msgid: str, locale: str) -> str:
    """The translator's reminder for ``msgid`` in ``locale``
    (``glossary: Kyiv -> Kyiv (not Kiev); prime minister -> primeiro-ministro``), or ``""``."""
    parts: list[str] = []
    for match in _first_per_rule(glossary, msgid, locale):
        rule = match.rule
        part = f"{rule.term} -> {rule.required(rule.term)}"
        if rule.forbidden:
            part += f" (not {', '.join(rule.forbidden)})"
        parts.append(part)
    return "glossary: " + "; ".join(parts) if parts else ""


def pairs(glossary: Glossary, locale: str) -> tuple[tuple[str, str], ...]:
    """Source term -> required text for every rule of ``locale``, in file order: the entries of
    an engine-side glossary (DeepL). Terms a file lists in several cases appear once."""
    out: dict[str, str] = {}
    for rule in glossary.for_locale(locale):
        out.setdefault(rule.term, rule.required(rule.term))
    return tuple(out.items())
