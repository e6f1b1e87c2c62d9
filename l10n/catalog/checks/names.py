"""Checks that the proper names of a source sentence are in its translation, spelled as in the
source.

A name is a capitalized word of the source that does not start a sentence (``Zelensky``,
``Washington``; not ``The``, not an acronym). A translation that has a word within a small edit
distance of the name but not the name (``Zelenski``, ``Washingon``) probably misspelled it; one
that has nothing like it dropped or localized it. Both are WARNINGS: a near match cannot tell a
misspelling from an exonym (``Moscow`` is ``Moscou`` in Portuguese and French, ``Bakhmut`` is
``Bachmut`` in German), and a localized name (``London`` -> ``Londres``) is correct. Required
spellings per locale are the glossary's to enforce. Names CLDR localizes (countries, languages,
days, months: ``Russia`` -> ``Rússia``, ``Monday`` -> ``segunda-feira``) are not names here,
and a translation into a non-Latin script is not checked.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from rapidfuzz.distance import Levenshtein

from l10n.catalog.checks.base import CheckContext
from l10n.catalog.checks.text import NOT_PROSE

_WORD = re.compile(r"[^\W\d_]+")
_SENTENCE_START = re.compile(r"(?:^|[.!?:…]\s)[\s\"'“”‘’«»„(\[*_]*$")
_MIN_NAME = 3


def _fold(word: str) -> str:
    """Lower case without accents: ``Rússia`` and ``Russia`` are the same name."""
    return "".join(c for c in unicodedata.normalize("NFD", word.casefold()) if not unicodedata.combining(c))


@cache
def _localized_words(locale: str) -> frozenset[str]:
    """Folded words of the names CLDR has for countries, languages, days and months in
    ``locale``: words a translation writes the target's way."""
    from babel import Locale, UnknownLocaleError

    try:
        parsed = Locale.parse(locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return frozenset()
    names: list[str] = [*parsed.territories.values(), *parsed.languages.values()]
    for table in (parsed.days, parsed.months):
        for context in table.values():
            for width in context.values():
                names.extend(width.values())
    return frozenset(_fold(w) for name in names for w in _WORD.findall(name))


def source_names(source: str, locale: str = "en") -> list[str]:
    """The proper names of ``source``: capitalized words (a capital, then lower case) not at
    the start of a sentence, not in a title-case heading, not a word CLDR localizes."""
    prose = NOT_PROSE.sub(" ", source)
    words = list(_WORD.finditer(prose))
    capitalized = [m for m in words if m.group(0)[0].isupper()]
    if len(words) >= 3 and len(capitalized) * 2 > len(words):
        return []  # Title Case: capitals say nothing
    localized = _localized_words(locale)
    out: list[str] = []
    for m in capitalized:
        word = m.group(0)
        if (len(word) < _MIN_NAME or not any(c.islower() for c in word[1:])
                or _SENTENCE_START.search(prose[: m.start()]) or _fold(word) in localized):
            continue
        if word not in out:
            out.append(word)
    return out


def _latin_script(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    latin = sum(1 for c in letters if "LATIN" in unicodedata.name(c, ""))
    return latin * 2 >= len(letters)


def _near(name: str, word: str) -> bool:
    limit = 1 if len(name) <= 5 else 2
    return Levenshtein.distance(_fold(name), _fold(word), score_cutoff=limit) <= limit


def names_kept(source: str, target: str, context: CheckContext) -> str | None:
    """Every proper name of the source is in the translation as written; a near match
    (``Zelenski`` for ``Zelensky``) is reported as a misspelling, a name with nothing like it
    in the translation as missing (fine when it is localized: ``Londres``)."""
    if not _latin_script(target):
        return None
    words = _WORD.findall(NOT_PROSE.sub(" ", target))
    folded = {_fold(w) for w in words}
    for name in source_names(source, context.source_locale):
        if _fold(name) in folded:
            continue
        near = [w for w in words if w[:1].isupper() and _near(name, w)]
        if near:
            return f"name {name!r} is written {near[0]!r} (a misspelling? a localized form is fine)"
        return f"name {name!r} is not in the translation (fine if it is localized)"
    return None
