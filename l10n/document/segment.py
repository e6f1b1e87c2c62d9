"""Sentence spans of one translatable block, as exact offsets into it.

Why this module exists: a catalog entry is one sentence, and the rebuilt article must be
byte-faithful, so segmentation has to give offsets into the original block, never re-typed
strings. The engine is sentencex (pinned: a new release may move boundaries, and boundaries are
message identity). This module adds what the engine cannot know:

* inline markup: the caller names the ranges of the block that are markup (``hidden``), each with
  the stand-in the engine should see instead, and the ranges inside which no cut may fall
  (``no_break``); the engine segments the resulting *shadow* text and its breaks are mapped back;
* a cut is only made on whitespace of the original block, so closing markup (``**``, ``](url)``,
  a closing quote) stays with the left sentence and opening markup goes right;
* a small, table-driven layer of vetoes for breaks the engine gets wrong in news copy (initials,
  titles, "9 p.m. ET", German ordinals...), in :mod:`l10n.document.sentence_rules`. The layer
  only ever removes breaks.

Whitespace means ``str.isspace()`` throughout; newlines inside a block are soft line breaks.
The module knows nothing about Markdown: the ranges come from ``formats/``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Final

import sentencex  # no stubs; see _engine_pieces

from l10n.document.sentence_rules import (
    ABBREVIATIONS,
    TIGHT_CLOSERS,
    TIGHT_TERMINATORS,
    VETOES,
    AbbreviationKind,
    break_at,
    supported_language,
)

__all__ = [
    "ABBREVIATIONS",
    "WHITESPACE",
    "AbbreviationKind",
    "sentence_spans",
    "split_text",
    "supported_language",
]

# --------------------------------------------------------------------------------------------
# Shadow text
# --------------------------------------------------------------------------------------------

WHITESPACE: Final = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
"""Every character for which ``str.isspace()`` is true (checked by a test)."""

_OTHER_SPACE: Final = re.compile("[" + re.escape(WHITESPACE.replace(" ", "")) + "]")
"""Whitespace other than a plain space, which the engine sees as a plain space instead: soft line
breaks are not paragraph ends, and sentencex 1.0.32 panics on some multi-byte spaces next to an
initial ("B\\xa0." slices inside a UTF-8 character)."""


@dataclass(frozen=True, slots=True)
class _Shadow:
    """The text the engine sees, and the way back to offsets of the original block."""

    text: str
    """Visible text with each hidden range replaced by its stand-in and all whitespace as " "."""
    starts: tuple[int, ...]
    """Shadow offset where each chunk begins (chunks cover the shadow text, in order)."""
    chunks: tuple[tuple[int, int, bool], ...]
    """Per chunk: original start, original end, and whether it is a stand-in (mapped as a unit)."""

    @classmethod
    def build(cls, text: str, hidden: Sequence[tuple[int, int, str]]) -> _Shadow:
        if not hidden:
            return cls(_OTHER_SPACE.sub(" ", text), (0,), ((0, len(text), False),))
        parts: list[str] = []
        starts: list[int] = []
        chunks: list[tuple[int, int, bool]] = []
        at = 0  # shadow length so far
        pos = 0  # original offset so far
        for start, end, stand_in in hidden:
            for piece, o_start, o_end, is_stand_in in (
                (text[pos:start], pos, start, False),
                (stand_in, start, end, True),
            ):
                if piece:
                    parts.append(piece)
                    starts.append(at)
                    chunks.append((o_start, o_end, is_stand_in))
                    at += len(piece)
            pos = end
        if pos < len(text):
            parts.append(text[pos:])
            starts.append(at)
            chunks.append((pos, len(text), False))
        return cls(_OTHER_SPACE.sub(" ", "".join(parts)), tuple(starts), tuple(chunks))

    def end_in_original(self, end: int) -> int:
        """Original offset just after the shadow character at ``end - 1``."""
        k = bisect_right(self.starts, end - 1) - 1
        o_start, o_end, stand_in = self.chunks[k]
        return o_end if stand_in else o_start + (end - self.starts[k])

    def start_in_original(self, start: int) -> int:
        """Original offset of the shadow character at ``start``."""
        k = bisect_right(self.starts, start) - 1
        o_start, _, stand_in = self.chunks[k]
        return o_start if stand_in else o_start + (start - self.starts[k])

    def is_stand_in(self, position: int) -> bool:
        """Whether the shadow character at ``position`` comes from a hidden range's stand-in."""
        return self.chunks[bisect_right(self.starts, position) - 1][2]


def _engine_pieces(lang: str, shadow: str) -> list[str]:
    """sentencex's pieces of ``shadow`` (lossless); the whole text if the engine fails."""
    try:
        pieces: list[str] = sentencex.segment(lang, shadow)
    except BaseException as exc:  # pyo3 raises PanicException, a BaseException
        if type(exc).__name__ != "PanicException":
            raise
        return [shadow]
    if sum(map(len, pieces)) != len(shadow):  # runtime guard of the engine's losslessness
        return [shadow]
    return pieces


def _engine_breaks(lang: str, shadow: str) -> list[tuple[int, int]]:
    """(end of left sentence, start of right sentence) in the shadow, per engine break."""
    breaks: list[tuple[int, int]] = []
    n = len(shadow)
    pos = 0
    for piece in _engine_pieces(lang, shadow)[:-1]:
        pos += len(piece)
        end = pos
        while end > 0 and shadow[end - 1] == " ":
            end -= 1
        start = pos
        while start < n and shadow[start] == " ":
            start += 1
        if end > 0 and start < n and (not breaks or breaks[-1] != (end, start)):
            breaks.append((end, start))
    return breaks


# --------------------------------------------------------------------------------------------
# Mapping breaks back
# --------------------------------------------------------------------------------------------


def _gap(text: str, lo: int, hi: int, solid: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The first whitespace run of ``text[lo:hi]`` that can separate two sentences.

    ``solid`` are the non-empty hidden ranges. The run must lie outside all of them and be
    maximal in the original text, so neither sentence begins or ends with whitespace. The rest of
    ``[lo, hi)`` is hidden markup, which thus stays with the sentence it touches.
    """
    k = bisect_right(solid, (lo, len(text) + 1)) - 1  # the last range starting at or before lo
    if k < 0 or solid[k][1] <= lo:
        k += 1
    p = lo
    while p < hi:
        if k < len(solid) and solid[k][0] <= p:
            p = solid[k][1]
            k += 1
            continue
        if not text[p].isspace():
            p += 1
            continue
        limit = solid[k][0] if k < len(solid) else len(text)
        q = p
        while q < limit and text[q].isspace():
            q += 1
        if (p == 0 or not text[p - 1].isspace()) and (q == len(text) or not text[q].isspace()):
            return p, q
        p = q
    return None


@dataclass(frozen=True, slots=True)
class _Fences:
    """The ``no_break`` ranges, merged, for a logarithmic "does this cut cross one?" test."""

    starts: list[int]
    """Start of each merged range, increasing."""
    ends: list[int]
    """End of each merged range, increasing (merged ranges do not overlap)."""

    @classmethod
    def of(cls, no_break: Sequence[tuple[int, int]]) -> _Fences:
        if not no_break:
            return _NO_FENCES
        starts: list[int] = []
        ends: list[int] = []
        for start, end in sorted(no_break):
            if end - start < 2:
                continue  # no position lies strictly inside
            if ends and start < ends[-1]:
                ends[-1] = max(ends[-1], end)
            else:
                starts.append(start)
                ends.append(end)
        return cls(starts, ends)

    def cross(self, a: int, b: int) -> bool:
        """Whether some position of ``[a, b]`` lies strictly inside a range."""
        f = bisect_left(self.starts, b) - 1  # the range with the largest start < b
        return f >= 0 and a < self.ends[f]


_NO_FENCES: Final = _Fences([], [])


def _tight_gap(
    text: str, lo: int, hi: int, solid: list[tuple[int, int]], fences: _Fences
) -> tuple[int, int] | None:
    """An empty gap between ``lo`` and ``hi`` for scripts written without spaces ("。次").

    Hidden markup between the sentences goes left when a fence (an open emphasis) says so,
    otherwise right: the first position outside hidden ranges and fences wins.
    """
    candidates = [lo]
    k = bisect_left(solid, (lo, lo))
    while k < len(solid) and solid[k][1] <= hi:
        candidates.append(solid[k][1])
        k += 1
    for p in candidates:
        if (
            0 < p < len(text)
            and not text[p - 1].isspace()
            and not text[p].isspace()
            and not fences.cross(p, p)
        ):
            return p, p
    return None


def _ends_tight(shadow: str, end: int) -> bool:
    """Whether the shadow text before ``end`` ends with a full stop of a script without spaces."""
    i = end - 1
    while i >= 0 and shadow[i] in TIGHT_CLOSERS:
        i -= 1
    return i >= 0 and shadow[i] in TIGHT_TERMINATORS


def _check(
    text: str, hidden: Sequence[tuple[int, int, str]], no_break: Sequence[tuple[int, int]]
) -> None:
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    previous = 0
    for item in hidden:
        start, end, stand_in = item
        if not (previous <= start <= end <= len(text)) or not isinstance(stand_in, str):
            raise ValueError(
                f"hidden range {item!r} must be (start, end, str) with start <= end <= "
                f"{len(text)}, sorted and not overlapping the previous one (ending at {previous})"
            )
        previous = end
    for start, end in no_break:
        if not (0 <= start <= end <= len(text)):
            raise ValueError(f"no_break range {(start, end)!r} is not within 0..{len(text)}")


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def sentence_spans(
    text: str,
    lang: str,
    *,
    hidden: Sequence[tuple[int, int, str]] = (),
    no_break: Sequence[tuple[int, int]] = (),
) -> list[tuple[int, int]]:
    """Sentences of one block as ``(start, end)`` offsets into ``text``.

    ``hidden``: sorted, non-overlapping ``(start, end, stand_in)`` ranges of markup; the engine
    sees ``stand_in`` instead (``""`` for delimiters and link destinations, a word such as
    ``"xxx"`` for code spans and images). ``no_break``: ``(start, end)`` ranges inside which no
    cut may fall (a cut at ``p`` is refused when ``start < p < end``).

    The spans are sorted and disjoint, start and end on non-whitespace, and only whitespace lies
    between, before and after them; every non-whitespace character is in exactly one span. An
    empty or all-whitespace text gives ``[]``.
    """
    _check(text, hidden, no_break)
    first = len(text) - len(text.lstrip())
    if first == len(text):
        return []
    last = len(text.rstrip())
    code = supported_language(lang)
    shadow = _Shadow.build(text, hidden)
    solid = [(start, end) for start, end, _ in hidden if start < end]
    fences = _Fences.of(no_break)
    st = shadow.text

    spans: list[tuple[int, int]] = []
    begin = first
    for end_sh, start_sh in _engine_breaks(code, st):
        lo = shadow.end_in_original(end_sh)
        hi = shadow.start_in_original(start_sh)
        if lo <= begin:
            continue
        gap = _gap(text, lo, hi, solid)
        if gap is None and _ends_tight(st, end_sh):
            gap = _tight_gap(text, lo, hi, solid, fences)
        if gap is None or gap[1] >= last or fences.cross(*gap):
            continue  # (nothing but an inserted stand-in may follow the gap)
        cut = break_at(st, end_sh, start_sh, code, shadow.is_stand_in(start_sh))
        for veto in VETOES:
            if veto(cut):
                break
        else:
            spans.append((begin, gap[0]))
            begin = gap[1]
    spans.append((begin, last))
    return spans


def split_text(text: str, lang: str) -> list[str]:
    """``text`` cut into sentences, each followed by its whitespace: ``"".join(...) == text``.

    Leading whitespace goes with the first piece; an all-whitespace text is one piece and an
    empty text none.
    """
    spans = sentence_spans(text, lang)
    if not spans:
        return [text] if text else []
    bounds = [0, *(start for start, _ in spans[1:]), len(text)]
    return [text[i:j] for i, j in pairwise(bounds)]
