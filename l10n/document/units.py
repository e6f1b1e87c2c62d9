"""Documents -> messages: split every block into segments and spell their msgids.

A msgid is the segment's logical text with soft line breaks folded to one space, so re-wrapping
a paragraph in the source does not change its messages; hard line breaks stay as written.

What the segmenter must respect comes from the block's markup: code spans, HTML and other atoms
are never cut; links are fences (no cut inside); emphasis, strong and strikethrough are
*wrappers*: fences too, unless one spans whole sentences, whose messages are then cut inside it
with its delimiters left between them (``WRAPPER_DELIMITERS``; the design is argued in
:mod:`l10n.document.segment`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, partial
from types import ModuleType
from typing import TYPE_CHECKING, Final, Literal

from l10n.document.model import (
    Block,
    BlockKind,
    Document,
    Markup,
    MarkupKind,
    Segment,
    SegmentedDocument,
)

if TYPE_CHECKING:
    from l10n.document.segment import Wrapper

_SOFT_BREAK = re.compile(r"[ \t]*\n[ \t]*")
STOP_CHARACTERS: Final = ".!?;)\u2026\u3002\uff01\uff1f\u061f\u0964\u06d4\u037e"
"""Characters after which a sentence may end (")" ends a list marker: "1) First 2) Second"); a
block without one before its last character is one sentence."""

_STOPS: Final = re.compile("[" + re.escape(STOP_CHARACTERS) + "]")
_ASCII_STOPS: Final = re.compile("[" + re.escape("".join(c for c in STOP_CHARACTERS if c.isascii())) + "]")
"""The ASCII stops, for ASCII text (most blocks): a class of five literals scans it faster
than the whole class, whose other members no ASCII character can match anyway."""


def normalize_msgid(block: Block, start: int, end: int) -> str:
    """The msgid of ``block.text[start:end]``: soft breaks folded, hard breaks kept."""
    text = block.text[start:end]
    if "\n" not in text:
        return text
    # Most blocks have no hard break: the test spares building a comprehension's frame for them.
    hard = {h - start for h in block.hard_breaks if start <= h < end} if block.hard_breaks else None
    if not hard:
        if " \n" not in text and "\n " not in text and "\t" not in text:
            # No blank beside any newline: every soft break is a lone "\n". Three substring
            # tests and a replace are a quarter of the regex's cost, which tries [ \t]* at
            # every character.
            return text.replace("\n", " ")
        return _SOFT_BREAK.sub(" ", text)
    out = []
    pos = 0
    for m in _SOFT_BREAK.finditer(text):
        nl = m.start() + m.group(0).index("\n")
        if nl in hard:
            continue
        out.append(text[pos : m.start()])
        out.append(" ")
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


@cache
def _segmenter() -> ModuleType:
    """:mod:`l10n.document.segment`, imported on first use: it loads the sentence engine, which
    the many importers of this module that only spell msgids never need. Cached, because an
    ``import`` statement run per block re-checks the module's spec each time (6 % of segmenting
    a corpus), where a cached call is one lookup in C."""
    from l10n.document import segment

    return segment


def block_spans(block: Block, language: str, mode: Literal["sentence", "paragraph"]) -> list[tuple[int, int]]:
    """Segment ranges of one block's logical text."""
    text = block.text
    # Paragraph mode, and multi-line front-matter values (literal block scalars), stay whole.
    if mode == "paragraph" or (block.hard_breaks and block.kind is BlockKind.FRONT_MATTER):
        stripped = text.strip()
        if not stripped:
            return []
        s = len(text) - len(text.lstrip())
        return [(s, s + len(stripped))]
    end_of_text = len(text.rstrip())
    if (_ASCII_STOPS if text.isascii() else _STOPS).search(text, 0, end_of_text - 1) is None:
        # No sentence-ending mark before the last character: one sentence, no segmenter needed.
        s = len(text) - len(text.lstrip())
        return [(s, end_of_text)] if end_of_text > s else []
    markup = block.markup
    # One loop, not comprehensions over generators: it spares their frames on every block.
    ranges: list[tuple[int, int]] = []
    wrappers: list[Wrapper] = []
    for m in markup:
        ranges.append((m.start, m.end))
        if m.name in WRAPPER_DELIMITERS:
            w = _wrapper(m, text)
            if w is not None:
                wrappers.append(w)
    if wrappers:
        wrapped = {(w.start, w.end) for w in wrappers}
        no_break = [
            (m.start, m.end)
            for m in markup
            if m.kind is MarkupKind.ATOM or (m.start, m.end) not in wrapped
        ]
    else:
        no_break = ranges
    spans: list[tuple[int, int]] = _segmenter().sentence_spans(
        text, language, hidden=block.hidden, no_break=no_break, wrappers=wrappers
    )
    return spans


WRAPPER_DELIMITERS: Final[Mapping[str, tuple[str, ...]]] = {
    "strong": ("**", "__"),
    "emphasis": ("*", "_"),
    "strikethrough": ("~~", "~"),
}
"""Markup names whose delimiters may wrap several whole sentences (bold interview questions,
italic editor's notes), with their spellings, longest first. A link is never opened: its
destination would be left with the last sentence only."""


def _wrapper(m: Markup, text: str) -> Wrapper | None:
    """The delimiters of an emphasis-like container of ``text``, if it is one."""
    wrapper: type[Wrapper] = _segmenter().Wrapper
    for delimiter in WRAPPER_DELIMITERS.get(m.name, ()) if m.kind is MarkupKind.CONTAINER else ():
        d = len(delimiter)
        if (
            m.end - m.start > 2 * d
            and text.startswith(delimiter, m.start)
            and text.startswith(delimiter, m.end - d)
        ):
            return wrapper(m.start, m.start + d, m.end - d, m.end)
    return None


_segment: Final = partial(tuple.__new__, Segment)
"""``_segment((block, start, end, msgid))`` is ``Segment(block, start, end, msgid)`` without the
named tuple's ``__new__``, a Python function: one call per message, it was 4 % of segmenting."""


def segment_document(
    document: Document, language: str, mode: Literal["sentence", "paragraph"] = "sentence"
) -> SegmentedDocument:
    """Split every block of ``document`` into messages."""
    segments: list[Segment] = []
    for index, block in enumerate(document.blocks):
        for start, end in block_spans(block, language, mode):
            segments.append(_segment((index, start, end, normalize_msgid(block, start, end))))
    return SegmentedDocument(document=document, segments=tuple(segments), language=language)


def segment_lines(sdoc: SegmentedDocument) -> tuple[int, ...]:
    """The 1-based source line where each segment of ``sdoc`` starts (the ``#:`` references'
    line), in one pass: a block's line breaks are counted once, not again for every sentence
    of a long paragraph."""
    lines: list[int] = []
    block_index, counted_to, line = -1, 0, 0
    for seg in sdoc.segments:
        block = sdoc.document.blocks[seg.block]
        if seg.block != block_index or seg.start < counted_to:
            block_index, counted_to, line = seg.block, 0, block.line
        line += block.text.count("\n", counted_to, seg.start)
        counted_to = seg.start
        lines.append(line)
    return tuple(lines)


@dataclass(frozen=True, slots=True)
class Piece:
    """One piece of a segmented document as ``l10n segment`` shows it: a message or a gap."""

    text: str
    """A message's msgid, or a gap's text as written."""
    segment: Segment | None = None
    """The message's segment; None for a gap (text kept as it is, never translated)."""
    block: Block | None = None
    """The block the message belongs to; None for a gap."""
    line: int = 0
    """1-based source line where a message starts (:func:`segment_lines`; 0 for a gap)."""

    def to_json(self) -> dict[str, object]:
        """``{"type": "gap", "text"}`` or ``{"type": "message", "line", "block", "kind", "text"}``."""
        if self.segment is None or self.block is None:
            return {"type": "gap", "text": self.text}
        return {"type": "message", "line": self.line, "block": self.segment.block,
                "kind": self.block.kind.value, "text": self.text}


def pieces(sdoc: SegmentedDocument) -> list[Piece]:
    """The messages of ``sdoc`` in order, with the gaps between them.

    A gap is what stays untranslated between two messages: the source skeleton between blocks
    (markup, blank lines, code, untranslated front matter) and, inside a block, the logical
    text between its sentences (spaces, the ``\n`` of a line break). Gaps are never empty and
    never adjacent; a document without messages is one gap.
    """
    doc = sdoc.document
    by_block: dict[int, list[tuple[Segment, int]]] = {}
    for seg, line in zip(sdoc.segments, segment_lines(sdoc), strict=True):
        by_block.setdefault(seg.block, []).append((seg, line))
    out: list[Piece] = []
    gap: list[str] = []
    pos = 0  # document offset up to which the source is accounted for

    def flush() -> None:
        text = "".join(gap)
        if text:
            out.append(Piece(text))
        gap.clear()

    for index, block in enumerate(doc.blocks):
        gap.append(doc.text[pos : block.start])
        segs = by_block.get(index, [])
        if not segs:
            gap.append(doc.text[block.start : block.end])
        else:
            inner = 0
            for seg, line in segs:
                gap.append(block.text[inner : seg.start])
                flush()
                out.append(Piece(seg.msgid, seg, block, line))
                inner = seg.end
            gap.append(block.text[inner:])
        pos = block.end
    gap.append(doc.text[pos:])
    flush()
    return out
