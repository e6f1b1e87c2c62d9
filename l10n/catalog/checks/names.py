"""Checks that the proper names of a source sentence are in its translation, spelled as in the
source.

A name is a capitalized word of the source that does not start a sentence (``Zelensky``,
``Washington``; not ``The``, not an acronym). A translation that has a word within a small edit
distance of the name but not the name (``Zelenski``, ``Washingon``) probably misspelled it; one
that has nothing like it dropped or localized it. Both are WARNINGS: a near match cannot tell a
misspelling from an exonym (``Moscow`` is ``Moscou`` in Portuguese and French, ``Bakhmut`` is
``Bachmut`` in German), and a localized name (``London`` -> ``Londres``) is correct. Required
spellings per locale are the glossary's to enforce. Across one article, the project check
``name-forms`` (:func:`names_consistent`) reports a name written two ways (``Zelensky`` in one
paragraph, ``Zelenski`` in the next), whichever is right. Names CLDR localizes (countries, languages,
days, months: ``Russia`` -> ``Rússia``, ``Monday`` -> ``segunda-feira``) are not names here,
and a translation into a non-Latin script is not checked.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from functools import cache

import polib
from rapidfuzz.distance import Levenshtein

from l10n.catalog.checks.base import CheckContext, Finding, Severity, entry_finding
from l10n.catalog.checks.project import CatalogUnit, translations
from l10n.catalog.checks.text import NOT_PROSE
from l10n.document.numbers import language_of
from l10n.errors import LocaleError
from l10n.locales import parse_locale

_WORD = re.compile(r"[^\W\d_]+")
_LATIN_RUN = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]+")
"""Latin letters only: a name inside Japanese text (``PostgreSQLデータ``) is a word of its own."""
_SENTENCE_START = re.compile(r"(?:^|[.!?:…—–)]\s)[\s\"'“”‘’«»„(\[*_]*$")
_MIN_NAME = 3

NOT_NAMES: dict[str, frozenset[str]] = {
    "en": frozenset(["a", "an", "the", "this", "that", "these", "those", "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "it", "its", "he", "she", "we", "they", "i", "you", "his", "her", "our", "their", "in", "on", "at", "by", "for", "from", "with", "without", "after", "before", "during", "since", "until", "but", "and", "or", "nor", "so", "yet", "if", "as", "while", "although", "though", "because", "not", "no", "yes", "there", "here", "then", "now", "today", "yesterday", "tomorrow", "mr", "mrs", "ms", "dr", "sir", "madam", "president", "prime", "minister", "chancellor", "secretary", "general", "governor", "mayor", "senator", "king", "queen", "prince", "princess", "pope", "commander", "colonel", "captain", "lieutenant", "sergeant", "judge", "chief"]),
}
"""Per source language, capitalized words that are not names wherever they stand: words that
start a sentence after a date or a dateline, and titles capitalized before a name in English
(*President* Zelensky is *presidente* in Portuguese)."""


def _fold(word: str) -> str:
    """Lower case without accents: ``Rússia`` and ``Russia`` are the same name."""
    return "".join(c for c in unicodedata.normalize("NFD", word.casefold()) if not unicodedata.combining(c))


@cache
def _localized_words(locale: str) -> frozenset[str]:
    """Folded words of the names CLDR has for countries, languages, days and months in
    ``locale``: words a translation writes the target's way."""
    try:
        parsed = parse_locale(locale)
    except LocaleError:
        return frozenset()
    names: list[str] = [*parsed.territories.values(), *parsed.languages.values()]
    for table in (parsed.days, parsed.months):
        for context in table.values():
            for width in context.values():
                names.extend(width.values())
    return frozenset(_fold(w) for name in names for w in _WORD.findall(name))


def _localized(word: str, localized: frozenset[str]) -> bool:
    """Whether ``word`` is (the plural of) a word of a name CLDR localizes: *Russians*."""
    folded = _fold(word)
    return folded in localized or (folded.endswith("s") and folded[:-1] in localized)


def source_names(source: str, locale: str = "en") -> list[str]:
    """The proper names of ``source``: capitalized words (a capital, then lower case: not an
    acronym, nor its plural ``CDs``) not at the start of a sentence, not in a title-case
    heading, not a word CLDR localizes."""
    prose = NOT_PROSE.sub(" ", source)
    words = list(_WORD.finditer(prose))
    capitalized = [m for m in words if m.group(0)[0].isupper()]
    if len(words) >= 3 and len(capitalized) * 2 > len(words):
        return []  # Title Case: capitals say nothing
    localized = _localized_words(locale)
    out: list[str] = []
    for m in capitalized:
        word = m.group(0)
        if (len(word) < _MIN_NAME or not any(c.islower() for c in word.removesuffix("s")[1:])
                or _SENTENCE_START.search(prose[: m.start()]) or _localized(word, localized)
                or word.lower() in NOT_NAMES.get(language_of(locale), frozenset())):
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
    prose = NOT_PROSE.sub(" ", target)
    words = list(dict.fromkeys(_WORD.findall(prose) + _LATIN_RUN.findall(prose)))
    folded = {_fold(w) for w in words}
    for name in source_names(source, context.source_locale):
        if _fold(name) in folded:
            continue
        near = [w for w in words if w[:1].isupper() and _near(name, w)]
        if near:
            return f"name {name!r} is written {near[0]!r} (a misspelling? a localized form is fine)"
        return f"name {name!r} is not in the translation (fine if it is localized)"
    return None


_INFLECTION = 3
"""Letters a language may add to a name without writing it another way (``Putins``,
``Zelenskyego``'s stem is no rendering of its own: inflection, not a second spelling)."""


def rendering(name: str, target: str) -> str | None:
    """How ``target`` writes the source name ``name``: the name itself (also inflected, up to
    :data:`_INFLECTION` letters more), else the capitalized word nearest to it, else ``None``
    (dropped, or localized beyond recognition)."""
    prose = NOT_PROSE.sub(" ", target)
    words = list(dict.fromkeys(_WORD.findall(prose) + _LATIN_RUN.findall(prose)))
    folded_name = _fold(name)
    for word in words:
        folded = _fold(word)
        if folded.startswith(folded_name) and len(folded) - len(folded_name) <= _INFLECTION:
            return name
    near = [w for w in words if w[:1].isupper() and _near(name, w)]
    return near[0] if near else None


def names_consistent(unit: CatalogUnit, include_fuzzy: bool = True) -> Iterator[Finding]:
    """A name is written one way throughout an article (the catalog ``unit``): every entry
    writing it otherwise than the article's most common way (``Zelenski`` where three others
    have ``Zelensky``) gets a warning naming an entry that writes it the common way."""
    seen: dict[str, list[tuple[polib.POEntry, str]]] = {}
    for entry in translations(unit, include_fuzzy):
        if entry.msgid_plural or not _latin_script(entry.msgstr):
            continue
        for name in source_names(entry.msgid, unit.context.source_locale):
            written = rendering(name, entry.msgstr)
            if written is not None:
                seen.setdefault(name, []).append((entry, written))
    for name, uses in seen.items():
        counts = Counter(written for _, written in uses)
        if len(counts) < 2:
            continue
        common = max(counts, key=lambda w: (counts[w], w == name))
        model = next(e for e, w in uses if w == common)
        for entry, written in uses:
            if written != common:
                message = (f"name {name!r} is written {written!r} here but {common!r} at "
                           f"line {model.linenum or 0} of the same article")
                yield entry_finding(entry, "name-forms", Severity.WARNING, message, unit.context)
