"""Close matches from the translation memory for sentences it does not know exactly.

"He met the prime minister again." is not in the memory, "He met the prime minister." is: its
translation is a better start for the translator than a fresh machine draft, offered as a fuzzy
draft (provenance ``via=memory match=89%``, never reviewed). A close match must say the same
thing, so the merge's news-safe rule decides (:func:`l10n.catalog.merge.same_facts`: the same
numbers, negations and names) and, because the draft carries the other sentence's markup, the
same inline markup (:mod:`l10n.document.inline`: link targets, code spans, tags); "He did not
meet the prime minister." never gets "He met the prime minister."'s translation.

Similarity is the merge's too: gettext's ``fstrcmp`` (``2 * matched / (len(a) + len(b))`` over
characters, RapidFuzz's Indel). Only human and imported units are candidates: a machine draft
of a similar sentence is no better start than the engine's draft of this one.

Two indexes answer, with the same algorithm: :mod:`l10n.mt.memory.fuzzy_index`, kept in the
memory's database and maintained on every store (a memory of millions of units is asked
without loading it; its terms are pairs of consecutive words), and :class:`FuzzyIndex` in
process, for the run's own human translations (not in the memory yet) and a read-only memory
from before the database index (its terms are words). Both are an inverted index with prefix
filtering (a candidate shares one of the query's rarest terms, enough to share a set share of
them) within a length window (Indel similarity ``s`` needs the shorter text to be at least
``s / (2 - s)`` of the longer one), then RapidFuzz over what is left
(``benchmarks/memory.py``, ``benchmarks/memory_fuzzy.py``).
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from l10n.catalog.merge import same_facts
from l10n.document.inline import parse_inline
from l10n.mt.memory import fuzzy_index
from l10n.mt.memory.backend import Memory
from l10n.mt.memory.fuzzy_index import OVERLAP, similar, tokens
from l10n.mt.memory.model import FUZZY_ENGINES, IMPORTED, MemoryUnit

DEFAULT_THRESHOLD = 0.75
"""Default ``[translate] memory_fuzzy``: below it a memory match is more rewriting than help
(one changed word in a ten-word sentence scores about 0.9, two about 0.8)."""



@dataclass(frozen=True)
class FuzzyMatch:
    """A memory unit close enough to a sentence to serve as its draft."""

    unit: MemoryUnit
    """The unit whose translation is offered."""
    score: float
    """Similarity 0..1 (gettext's measure)."""

    @property
    def percent(self) -> int:
        """The similarity as a whole percentage, rounded down (``87``)."""
        return math.floor(self.score * 100 + 1e-9)


def _markup(text: str) -> list[tuple[str, str, str]]:
    """The inline markup of ``text`` as (name, target, text of atoms), sorted."""
    inline = parse_inline(text)
    return sorted(
        (m.name, m.target, text[m.start : m.end] if m.kind.value == "atom" else "")
        for m in inline.markup
    )


def admissible(query: str, source: str) -> bool:
    """Whether ``source``'s translation may be offered for ``query``: the same facts and the
    same inline markup."""
    return same_facts(query, source) and _markup(query) == _markup(source)


class FuzzyIndex:
    """The close-match index over the units of one language pair.

    Units are kept ordered by source length (stable), so every posting list is ordered by
    length too and the length window is two bisections per list.
    """

    def __init__(self, units: Iterable[MemoryUnit]) -> None:
        unique: dict[str, MemoryUnit] = {}
        for unit in units:
            if unit.source:
                unique.setdefault(unit.source, unit)
        self.units: list[MemoryUnit] = sorted(unique.values(), key=lambda u: len(u.source))
        self.sources: list[str] = [u.source for u in self.units]
        self.lengths: list[int] = [len(source) for source in self.sources]
        self.postings: dict[str, list[int]] = {}
        for index, source in enumerate(self.sources):
            for token in tokens(source):
                self.postings.setdefault(token, []).append(index)

    def __len__(self) -> int:
        return len(self.units)

    def candidates(self, query: str, threshold: float) -> list[int]:
        """Units sharing enough of the query's tokens and of a length that can reach
        ``threshold``, in index order."""
        ordered = sorted(tokens(query), key=lambda t: (len(self.postings.get(t, ())), t))
        if not ordered:
            return []
        required = max(1, math.ceil(OVERLAP * len(ordered) - 1e-9))
        size = len(query)
        first = bisect_left(self.lengths, size * threshold / (2 - threshold) - 1e-9)
        end = bisect_right(self.lengths, size * (2 - threshold) / threshold + 1e-9)
        seen: set[int] = set()
        for token in ordered[: len(ordered) - required + 1]:
            posting = self.postings.get(token, [])
            seen.update(posting[bisect_left(posting, first) : bisect_left(posting, end)])
        return sorted(seen)

    def best(self, query: str, threshold: float) -> FuzzyMatch | None:
        """The most similar admissible unit at or above ``threshold`` (ties: the shorter, then
        the one stored first), or ``None``; the query itself never matches (that is an exact
        match)."""
        if not 0.0 < threshold <= 1.0:
            return None
        ids = self.candidates(query, threshold)
        if not ids:
            return None
        sources = self.sources
        found = similar(query, [sources[i] for i in ids], threshold)
        for _, score, position in sorted(found, key=lambda f: (-f[1], f[2])):
            unit = self.units[ids[position]]
            if unit.source != query and admissible(query, unit.source):
                return FuzzyMatch(unit, float(score))
        return None


def _better(a: FuzzyMatch | None, b: FuzzyMatch | None) -> FuzzyMatch | None:
    """The more similar of two matches (ties: the shorter source, then ``a``)."""
    if a is None or b is None:
        return a or b
    return b if (-b.score, len(b.unit.source)) < (-a.score, len(a.unit.source)) else a


class MemoryMatcher:
    """Close matches from a memory: its human and imported units through the database's index
    (:mod:`l10n.mt.memory.fuzzy_index`), plus the human translations of the run's own files
    (``own``) through an in-process index per language pair, built when first asked."""

    def __init__(self, memory: Memory, own: Iterable[MemoryUnit] = ()) -> None:
        self.memory = memory
        self.own = list(own)
        self.indexes: dict[tuple[str, str], FuzzyIndex] = {}
        self.indexed = memory.fuzzy_indexed()

    def best(self, query: str, source_lang: str, target_lang: str,
             threshold: float) -> FuzzyMatch | None:
        """The close match of ``query`` (see :meth:`FuzzyIndex.best`)."""
        pair = (source_lang, target_lang)
        index = self.indexes.get(pair)
        if index is None:
            units = [u for u in self.own if (u.source_lang, u.target_lang) == pair]
            if not self.indexed:
                units += self.memory.units(source_lang=source_lang, target_lang=target_lang,
                                           engines=FUZZY_ENGINES)
            index = self.indexes[pair] = FuzzyIndex(units)
        found = index.best(query, threshold)
        if self.indexed:
            found = _better(self.stored(query, source_lang, target_lang, threshold), found)
        return found

    def stored(self, query: str, source_lang: str, target_lang: str,
               threshold: float) -> FuzzyMatch | None:
        """The close match of ``query`` among the memory's indexed units."""
        memory = self.memory
        pair = fuzzy_index.pair_name(source_lang, target_lang)
        for source, score in fuzzy_index.close_sources(memory.connection, memory.dialect, pair,
                                                       query, threshold):
            if source == query or not admissible(query, source):
                continue
            unit = memory.lookup(source, source_lang, target_lang, IMPORTED)
            if unit is not None and unit.engine in FUZZY_ENGINES:
                return FuzzyMatch(unit, score)
        return None
