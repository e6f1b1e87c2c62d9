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
  titles, "9 p.m. ET", German ordinals, "1." alone...), and of finders for the few breaks it
  never proposes (after "(See below.)", between the items of a list written inline), in
  :mod:`l10n.document.sentence_rules`;
* wrappers: emphasis around several whole sentences ("**Q: Why now? What changed?**", an
  italic editor's note). Fenced, it would be one message of several sentences; split at the
  break, each message would hold one unpaired delimiter ("**Q: Why now?" / "What changed?**")
  that checks flag and engines mangle; re-balanced ("**Q: Why now?**" / "**What changed?**"), a
  message would no longer be a substring of the block and the build would have to invent
  delimiters the source does not have. So a wrapper whose delimiters are exactly the first and
  the last characters of a sentence run is *opened*: its delimiters stay out of every message,
  in the text kept between messages, and the sentences inside become messages of their own
  ("Q: Why now?", "What changed?"). The build writes each translation back between the same
  delimiters, so the article keeps its emphasis where it was and every message is a contiguous,
  balanced substring. A wrapper around one sentence, or one that starts or ends inside a
  sentence ("Read **the report. It is long.** Then go."), stays a fence: its messages are the
  ones of earlier releases (a boundary is message identity, so nothing that was right moves).

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
    FINDERS,
    TIGHT_CLOSERS,
    TIGHT_TERMINATORS,
    AbbreviationKind,
    break_at,
    is_vetoed,
    supported_language,
)

__all__ = [
    "ABBREVIATIONS",
    "WHITESPACE",
    "AbbreviationKind",
    "Wrapper",
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


def _shadow_text(text: str, hidden: Sequence[tuple[int, int, str]]) -> str:
    """``text`` as the engine sees it: each hidden range replaced by its stand-in, and all
    whitespace as " " (see ``_OTHER_SPACE``)."""
    if hidden:
        parts: list[str] = []
        pos = 0
        for start, end, stand_in in hidden:
            parts.append(text[pos:start])
            parts.append(stand_in)
            pos = end
        parts.append(text[pos:])
        text = "".join(parts)
    if "\n" in text:
        text = text.replace("\n", " ")
    if text.isascii() and text.isprintable():
        # Once soft breaks are spaces, ASCII text rarely has other whitespace, all of which is
        # unprintable: two fast scans spare the character-class regex (a third of this step).
        return text
    return _OTHER_SPACE.sub(" ", text)


@dataclass(slots=True)  # not frozen: its __init__ would set each field by object.__setattr__
class _Shadow:
    """The text the engine sees, and the way back to offsets of the original block (built once
    per block that has breaks; never modified)."""

    text: str
    """Visible text with each hidden range replaced by its stand-in and all whitespace as " "."""
    starts: tuple[int, ...]
    """Shadow offset where each chunk begins (chunks cover the shadow text, in order)."""
    chunks: tuple[tuple[int, int, bool], ...]
    """Per chunk: original start, original end, and whether it is a stand-in (mapped as a unit)."""

    @classmethod
    def build(cls, text: str, hidden: Sequence[tuple[int, int, str]], shadow: str) -> _Shadow:
        """The offset map of ``shadow``, which is :func:`_shadow_text` of ``text``."""
        if not hidden:
            return cls(shadow, (0,), ((0, len(text), False),))
        starts: list[int] = []
        chunks: list[tuple[int, int, bool]] = []
        at = 0  # shadow length so far
        pos = 0  # original offset so far
        for start, end, stand_in in hidden:
            if start > pos:
                starts.append(at)
                chunks.append((pos, start, False))
                at += start - pos
            if stand_in:
                starts.append(at)
                chunks.append((start, end, True))
                at += len(stand_in)
            pos = end
        if pos < len(text):
            starts.append(at)
            chunks.append((pos, len(text), False))
        return cls(shadow, tuple(starts), tuple(chunks))

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

    def break_in_original(self, end: int, start: int) -> tuple[int, int, bool]:
        """``(end_in_original(end), start_in_original(start), is_stand_in(start))`` of a break.

        One call and two bisections where the three methods take three of each: this runs once
        per candidate break, and the two lookups of ``start`` are the same one.
        """
        starts = self.starts
        k = bisect_right(starts, end - 1) - 1
        o_start, o_end, stand_in = self.chunks[k]
        lo = o_end if stand_in else o_start + (end - starts[k])
        k = bisect_right(starts, start) - 1
        o_start, _, stand_in = self.chunks[k]
        return lo, (o_start if stand_in else o_start + (start - starts[k])), stand_in


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


def _candidate_breaks(lang: str, shadow: str) -> list[tuple[int, int, bool]]:
    """(end of left sentence, start of right sentence, vetoed?) in the shadow, per break of the
    engine or of a finder, sorted; the engine's breaks are all judged by the vetoes."""
    n = len(shadow)
    positions: list[tuple[int, bool]] = []
    pos = 0
    for piece in _engine_pieces(lang, shadow)[:-1]:
        pos += len(piece)
        positions.append((pos, True))
    for finder in FINDERS:
        found = finder.find(shadow)
        if found:  # rarely: most blocks then skip building an empty list per finder
            positions += [(p, finder.vetoed) for p in found]
    if len(positions) > 1:
        positions.sort()
    breaks: list[tuple[int, int, bool]] = []
    for pos, vetoed in positions:
        end = pos
        while end > 0 and shadow[end - 1] == " ":
            end -= 1
        start = pos
        while start < n and shadow[start] == " ":
            start += 1
        if end > 0 and start < n:
            if breaks and breaks[-1][:2] == (end, start):
                if not vetoed:  # the same break, proposed twice: the unvetoed one wins
                    breaks[-1] = (end, start, False)
                continue
            breaks.append((end, start, vetoed))
    return breaks


# --------------------------------------------------------------------------------------------
# Mapping breaks back
# --------------------------------------------------------------------------------------------


def _gap(text: str, lo: int, hi: int, solid: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The first whitespace run of ``text[lo:hi]`` that can separate two sentences.

    ``solid`` are the hidden ranges with something other than whitespace in them (hidden white
    space, such as the space before a soft line break, is still white space between sentences).
    The run must lie outside all of them and be maximal in the original text, so neither
    sentence begins or ends with whitespace. The rest of ``[lo, hi)`` is hidden markup, which
    thus stays with the sentence it touches.
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


@dataclass(slots=True)  # not frozen, as _Shadow
class _Fences:
    """The ``no_break`` ranges, merged, for a logarithmic "does this cut cross one?" test (never
    modified)."""

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


@dataclass(frozen=True, slots=True)
class Wrapper:
    """Paired delimiters around a run of text (emphasis): a fence, unless it wraps whole
    sentences, which then become messages of their own with the delimiters between them."""

    start: int
    """Offset of the opening delimiter."""
    inner_start: int
    """Offset just past the opening delimiter."""
    inner_end: int
    """Offset of the closing delimiter."""
    end: int
    """Offset just past the closing delimiter."""


def _check(
    text: str,
    hidden: Sequence[tuple[int, int, str]],
    no_break: Sequence[tuple[int, int]],
    wrappers: Sequence[Wrapper],
) -> None:
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    n = len(text)  # once: the loops below run per markup range of every block
    previous = 0
    for item in hidden:
        start, end, stand_in = item
        if not (previous <= start <= end <= n) or not isinstance(stand_in, str):
            raise ValueError(
                f"hidden range {item!r} must be (start, end, str) with start <= end <= "
                f"{len(text)}, sorted and not overlapping the previous one (ending at {previous})"
            )
        previous = end
    for start, end in no_break:
        if not (0 <= start <= end <= n):
            raise ValueError(f"no_break range {(start, end)!r} is not within 0..{len(text)}")
    for w in wrappers:
        if not (0 <= w.start < w.inner_start <= w.inner_end < w.end <= n):
            raise ValueError(
                f"{w!r} must have start < inner_start <= inner_end < end within 0..{len(text)}"
            )


def _accepted_gaps(
    text: str,
    code: str,
    shadow: _Shadow,
    breaks: list[tuple[int, int, bool]],
    solid: list[tuple[int, int]],
    fences: _Fences,
    bounds: tuple[int, int],
) -> list[tuple[int, int]]:
    """The gaps of ``text`` where a sentence ends, given the candidate breaks and the fences."""
    st = shadow.text
    first, last = bounds
    gaps: list[tuple[int, int]] = []
    begin = first
    begin_sh = 0
    for end_sh, start_sh, vetoed in breaks:
        lo, hi, right_is_stand_in = shadow.break_in_original(end_sh, start_sh)
        if lo <= begin:
            continue
        gap = _gap(text, lo, hi, solid)
        if gap is None and _ends_tight(st, end_sh):
            gap = _tight_gap(text, lo, hi, solid, fences)
        if gap is None or gap[1] >= last or fences.cross(*gap):
            continue  # (nothing but an inserted stand-in may follow the gap)
        if vetoed:
            if is_vetoed(break_at(st, begin_sh, end_sh, start_sh, code, right_is_stand_in)):
                continue
        gaps.append(gap)
        begin = gap[1]
        begin_sh = start_sh
    return gaps


def _cut(lo: int, hi: int, gaps: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """``[lo, hi)`` cut at ``gaps`` (sorted, inside it)."""
    spans: list[tuple[int, int]] = []
    for start, end in gaps:
        spans.append((lo, start))
        lo = end
    spans.append((lo, hi))
    return spans


@dataclass(frozen=True, slots=True)
class _Opener:
    """What opening wrappers needs: the wrappers by their outer range, and the gaps found when
    no wrapper is a fence."""

    text: str
    """The block."""
    by_outer: dict[tuple[int, int], Wrapper]
    """Each wrapper by ``(start, end)`` (one per range: nested twins are chained instead)."""
    gaps: list[tuple[int, int]]
    """Every gap where a sentence ends, with only the ``no_break`` ranges as fences."""
    by_start: list[tuple[int, int]]
    """The keys of ``by_outer``, sorted."""

    def spans(self, span: tuple[int, int], opened: frozenset[Wrapper]) -> list[tuple[int, int]]:
        """``span``, or the sentences inside it if it is exactly a wrapper of several."""
        w = self.by_outer.get(span)
        if w is None:
            return [span]
        chain = {w}
        lo, hi = w.inner_start, w.inner_end
        while (lo, hi) in self.by_outer:  # "***Q? A.***": emphasis directly around strong
            w = self.by_outer[(lo, hi)]
            chain.add(w)
            lo, hi = w.inner_start, w.inner_end
        text = self.text
        if lo >= hi or text[lo].isspace() or text[hi - 1].isspace():
            return [span]
        opened = opened | chain
        # Only the wrappers that start inside can fence a gap inside: the others end before it
        # or are opened (a closed one around it would have fenced the cuts that made ``span``).
        inside = self.by_start[bisect_left(self.by_start, (lo, -1)) : bisect_left(self.by_start, (hi, -1))]
        closed = _Fences.of([(x, y) for x, y in inside if self.by_outer[(x, y)] not in opened])
        k = bisect_left(self.gaps, (lo + 1, lo + 1))
        cuts: list[tuple[int, int]] = []
        while k < len(self.gaps) and self.gaps[k][1] < hi:
            if not closed.cross(*self.gaps[k]):
                cuts.append(self.gaps[k])
            k += 1
        if not cuts:
            return [span]
        return [inner for piece in _cut(lo, hi, cuts) for inner in self.spans(piece, opened)]


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def sentence_spans(
    text: str,
    lang: str,
    *,
    hidden: Sequence[tuple[int, int, str]] = (),
    no_break: Sequence[tuple[int, int]] = (),
    wrappers: Sequence[Wrapper] = (),
) -> list[tuple[int, int]]:
    """Sentences of one block as ``(start, end)`` offsets into ``text``.

    ``hidden``: sorted, non-overlapping ``(start, end, stand_in)`` ranges of markup; the engine
    sees ``stand_in`` instead (``""`` for delimiters and link destinations, a word such as
    ``"xxx"`` for code spans and images). ``no_break``: ``(start, end)`` ranges inside which no
    cut may fall (a cut at ``p`` is refused when ``start < p < end``). ``wrappers``: properly
    nested delimiter pairs (emphasis), fences too, except one that spans exactly a run of
    several sentences: it is opened (see the module docstring).

    The spans are sorted and disjoint, start and end on non-whitespace, and only whitespace lies
    between, before and after them, apart from the delimiters of opened wrappers; every other
    non-whitespace character is in exactly one span. An empty or all-whitespace text gives
    ``[]``.
    """
    _check(text, hidden, no_break, wrappers)
    first = len(text) - len(text.lstrip())
    if first == len(text):
        return []
    last = len(text.rstrip())
    code = supported_language(lang)
    shadow_text = _shadow_text(text, hidden)
    breaks = _candidate_breaks(code, shadow_text)
    if not breaks:
        # Nothing proposed a break (most blocks that reach the engine): one sentence. Returning
        # here skips the offset map, the fences and the gap search, which would find no gap.
        return [(first, last)]
    return _spans_at_breaks(text, code, hidden, no_break, wrappers, shadow_text, breaks)


def _spans_at_breaks(
    text: str,
    code: str,
    hidden: Sequence[tuple[int, int, str]],
    no_break: Sequence[tuple[int, int]],
    wrappers: Sequence[Wrapper],
    shadow_text: str,
    breaks: list[tuple[int, int, bool]],
) -> list[tuple[int, int]]:
    """The general path of :func:`sentence_spans` (checked arguments, a text that is not all
    whitespace): the candidate ``breaks`` of ``shadow_text`` judged and mapped to gaps."""
    first = len(text) - len(text.lstrip())
    last = len(text.rstrip())
    shadow = _Shadow.build(text, hidden, shadow_text)
    solid = [
        (start, end)
        for start, end, _ in hidden
        if start < end and not text[start:end].isspace()
    ]
    by_outer = {(w.start, w.end): w for w in wrappers} if wrappers else {}  # (most: no frame)
    fences = _Fences.of([*no_break, *by_outer] if by_outer else no_break)
    bounds = (first, last)
    spans = _cut(first, last, _accepted_gaps(text, code, shadow, breaks, solid, fences, bounds))
    if not by_outer or not any(span in by_outer for span in spans):
        return spans
    inner = _accepted_gaps(text, code, shadow, breaks, solid, _Fences.of(no_break), bounds)
    opener = _Opener(text, by_outer, inner, sorted(by_outer))
    return [piece for span in spans for piece in opener.spans(span, frozenset())]


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
