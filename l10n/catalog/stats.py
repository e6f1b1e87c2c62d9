"""Translation progress of a PO file, counted the way a reviewer plans work.

A locale is not done when every entry has text: machine drafts and entries whose source
changed are fuzzy and still need a person. :func:`catalog_stats` counts strings and source
words per state, splitting fuzzy entries by why they are fuzzy; :func:`format_table` and
:func:`stats_json` present rows of them (article, locale) with a total, for ``l10n status``.

States are those of :func:`l10n.catalog.state.classify` (one name per :class:`EntryState`
value): translated (reviewed), machine drafts, edited drafts, stale (fuzzy because the source
changed), fuzzy for another reason, untranslated, and obsolete (not in the totals).
:class:`PublishCounts` is the same count for one built article: what it holds and what the
build published, per state, for ``build``'s summary and its "mixes languages" warning.

Words are the source words of the msgid: whitespace-separated tokens that still hold a letter or
digit once HTML tags and Markdown link destinations are removed, so ``**``, ``—`` or ``<br/>``
are not words. The percentage done is translated words over all non-obsolete words.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

import polib

from l10n.catalog.publish import PublishPolicy
from l10n.catalog.state import EntryState, classify
from l10n.document.inline import prose
from l10n.errors import LocaleError
from l10n.locales import display_name

_WORDLIKE = re.compile(r"[^\W_]")


@dataclass(frozen=True)
class Count:
    """A number of entries and the source words in them."""

    strings: int = 0
    """Entries."""
    words: int = 0
    """Source words of those entries' msgids (see the module docstring)."""

    def __add__(self, other: Count) -> Count:
        return Count(self.strings + other.strings, self.words + other.words)


@dataclass(frozen=True)
class CatalogStats:
    """Progress of one catalog (or a sum of catalogs), by state."""

    translated: Count = Count()
    """Translated, not fuzzy: done."""
    fuzzy_machine: Count = Count()
    """Fuzzy machine drafts, untouched since the machine wrote them, awaiting review."""
    fuzzy_edited: Count = Count()
    """Fuzzy machine drafts a person edited without finishing the review."""
    fuzzy_changed: Count = Count()
    """Fuzzy because the source changed (a ``#|`` previous msgid, from a merge)."""
    fuzzy_other: Count = Count()
    """Fuzzy for another reason."""
    untranslated: Count = Count()
    """No translation (an empty msgstr or plural form)."""
    obsolete: Count = Count()
    """``#~`` entries no longer in the template; not part of :attr:`total`."""

    @property
    def fuzzy(self) -> Count:
        """All fuzzy entries."""
        return self.fuzzy_machine + self.fuzzy_edited + self.fuzzy_changed + self.fuzzy_other

    @property
    def total(self) -> Count:
        """All current (non-obsolete) entries."""
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        """Translated share of the current source words, 0..100; by strings when the entries hold
        no words at all, and 100 for a catalog without entries."""
        total = self.total
        if total.words:
            return 100.0 * self.translated.words / total.words
        if total.strings:
            return 100.0 * self.translated.strings / total.strings
        return 100.0

    def __add__(self, other: CatalogStats) -> CatalogStats:
        return CatalogStats(
            **{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)}
        )


STATES: tuple[str, ...] = tuple(f.name for f in fields(CatalogStats))
"""The state names, in display order."""


@functools.lru_cache(maxsize=8192)
def count_words(text: str) -> int:
    """Source words in ``text``: tokens with a letter or digit once markup is removed
    (remembered for the last few thousand texts: ``build`` and ``status`` count the same
    sentences for every locale)."""
    return sum(1 for token in prose(text).split() if _WORDLIKE.search(token))


def entry_state(entry: polib.POEntry) -> str:
    """The state name (from :data:`STATES`) of one message entry: :func:`classify`'s value."""
    return classify(entry).value


def catalog_stats(po: polib.POFile) -> CatalogStats:
    """Count strings and source words of ``po`` per state (the header is not an entry)."""
    return tally((entry.msgid, classify(entry)) for entry in po)


def tally(items: Iterable[tuple[str, EntryState]]) -> CatalogStats:
    """Count ``(msgid, state)`` pairs: strings and source words per state (headers skipped)."""
    strings = dict.fromkeys(STATES, 0)
    words = dict.fromkeys(STATES, 0)
    for msgid, entry_state in items:
        if entry_state is EntryState.HEADER:
            continue
        strings[entry_state.value] += 1
        words[entry_state.value] += count_words(msgid)
    return CatalogStats(**{state: Count(strings[state], words[state]) for state in STATES})


@dataclass(frozen=True)
class PublishCounts:
    """What one article built into one locale holds, and what the build published, by state."""

    held: CatalogStats
    """The article's sentences (distinct messages) by the state of their catalog entry; a
    sentence the catalog lacks counts as untranslated."""
    published: CatalogStats
    """Those of them whose translation is in the built article (or equals the source)."""

    @property
    def in_source_language(self) -> int:
        """Sentences of the built article left in the source language."""
        return self.held.total.strings - self.published.total.strings

    @property
    def mixed(self) -> bool:
        """Whether the built article mixes languages: some sentences published, some not."""
        return 0 < self.published.total.strings < self.held.total.strings

    def summary(self) -> str:
        """``published 7 of 10 sentences: reviewed 3/3, machine draft 4/5, stale 0/2`` (published
        / held per state, states the article holds)."""
        parts = [f"{LABELS[name]} {getattr(self.published, name).strings}/{held.strings}"
                 for name in STATES if (held := getattr(self.held, name)).strings]
        return (f"published {self.published.total.strings} of {self.held.total.strings} sentences"
                + (": " + ", ".join(parts) if parts else ""))

    def left_out(self, policy: PublishPolicy) -> str:
        """Why sentences stay in the source language, ``refused 1, stale 1, untranslated 2``:
        per state ``policy`` does not publish, and ``refused`` for those it does (a check
        refused their translation)."""
        refused, parts = 0, []
        for name in STATES:
            count = getattr(self.held, name).strings - getattr(self.published, name).strings
            if policy.publishes(EntryState(name)):
                refused += count
            elif count:
                parts.append(f"{LABELS[name]} {count}")
        return ", ".join(([f"refused {refused}"] if refused else []) + parts)

    def to_json(self) -> dict[str, Any]:
        """``{"held": {...}, "published": {...}}``, each like a row of :func:`stats_json`."""
        return {"held": stats_data(self.held), "published": stats_data(self.published)}


def publish_counts(states: Mapping[str, EntryState], published: Iterable[str]) -> PublishCounts:
    """The counts of an article whose sentences are ``states`` (msgid -> state of its entry) and
    whose build published the translations of ``published`` (msgids)."""
    shown = set(published)
    return PublishCounts(
        held=tally(states.items()),
        published=tally((msgid, state) for msgid, state in states.items() if msgid in shown),
    )


def language_name(locale: str) -> str:
    """English name of ``locale`` from CLDR (Babel), or the code itself when CLDR has none."""
    try:
        return display_name(locale)
    except (LocaleError, ValueError):
        return locale


LABELS: dict[str, str] = {
    "translated": "reviewed",
    "fuzzy_machine": "machine draft",
    "fuzzy_edited": "edited draft",
    "fuzzy_changed": "stale",
    "fuzzy_other": "other fuzzy",
    "untranslated": "untranslated",
    "obsolete": "obsolete",
}
"""What ``status`` and ``build`` call each state (by its :data:`STATES` name) for people."""

_COLUMNS = tuple(LABELS.items())


def format_table(rows: Sequence[tuple[str, str, CatalogStats]]) -> str:
    """A plain-text table of ``(article, locale, stats)`` rows plus a total line.

    Each state cell is ``strings/words``; the last column is the percentage translated by words.
    """
    header = ["article", "locale", *(title for _, title in _COLUMNS), "done"]
    body: list[list[str]] = []
    total = CatalogStats()
    for article, locale, stats in rows:
        total = total + stats
        body.append([article, f"{locale} ({language_name(locale)})", *_cells(stats)])
    locales = {locale for _, locale, _ in rows}
    footer = ["total", f"{len(locales)} locale{'s' if len(locales) != 1 else ''}", *_cells(total)]
    table = [header, *body, footer]
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]

    def render(line: list[str]) -> str:
        cells = [
            cell.ljust(width) if i < 2 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(line, widths))
        ]
        return "  ".join(cells).rstrip()

    rule = "  ".join("-" * width for width in widths)
    lines = [render(header), rule, *(render(line) for line in body), rule, render(footer)]
    lines.append("cells: strings/source words; done: reviewed share of the source words")
    return "\n".join(lines) + "\n"


def _cells(stats: CatalogStats) -> list[str]:
    cells = [f"{getattr(stats, name).strings}/{getattr(stats, name).words}" for name, _ in _COLUMNS]
    return [*cells, f"{stats.percent:.1f}%"]


def stats_json(rows: Sequence[tuple[str, str, CatalogStats]]) -> dict[str, Any]:
    """The same rows as JSON-ready data: ``{"rows": [...], "total": {...}}``.

    Each row has ``article``, ``locale``, ``language``, one ``{"strings", "words"}`` object per
    state plus ``fuzzy`` and ``total``, and ``percent`` (translated words, 0..100, 2 decimals).
    """
    total = CatalogStats()
    items = []
    for article, locale, stats in rows:
        total = total + stats
        items.append(stats_row_json(article, locale, stats))
    return {"rows": items, "total": stats_data(total)}


def stats_row_json(article: str, locale: str, stats: CatalogStats) -> dict[str, Any]:
    """One row of :func:`stats_json`."""
    return {"article": article, "locale": locale, "language": language_name(locale), **stats_data(stats)}


def stats_data(stats: CatalogStats) -> dict[str, Any]:
    """The counts of ``stats`` as JSON-ready data (a row's or the total's)."""
    data: dict[str, Any] = {}
    for name in (*STATES, "fuzzy", "total"):
        count = getattr(stats, name)
        data[name] = {"strings": count.strings, "words": count.words}
    data["percent"] = round(stats.percent, 2)
    return data
