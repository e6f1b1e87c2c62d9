"""Text helpers shared by engines: sentence pieces, length-limited chunks, outer whitespace.

Engines lose whitespace (deep-translator strips it) and some have per-request length limits or,
like the tiny offline model, translate one sentence at a time best. These helpers cut a text into
pieces that join back to exactly the original (``"".join(pieces) == text``), so an engine can
translate the pieces and keep the spacing between them.
"""

from __future__ import annotations

import re

from l10n.document.segment import split_text

_SPACE_RE = re.compile(r"\s+")


def sentence_pieces(text: str, lang: str) -> list[str]:
    """Split ``text`` into sentences; every piece keeps its trailing whitespace.

    The same segmenter as extraction (:func:`l10n.document.segment.split_text`: sentencex plus our
    rules and its crash guard), so an engine never cuts a sentence that extraction kept whole.
    """
    return split_text(text, lang)


def split_outer_space(text: str) -> tuple[str, str, str]:
    """``(leading whitespace, core, trailing whitespace)`` of ``text``."""
    core = text.strip()
    if not core:
        return text, "", ""
    start = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    return text[:start], core, text[end:]


def chunk_text(text: str, max_chars: int, lang: str) -> list[str]:
    """Cut ``text`` into pieces of at most ``max_chars`` characters, at sentence boundaries.

    A sentence longer than the limit is cut at whitespace, and a single word longer than the
    limit is cut anywhere. ``"".join(result) == text``.
    """
    if max_chars <= 0:
        raise ValueError("max_chars must be positive")
    if len(text) <= max_chars:
        return [text]
    units: list[str] = []
    for sentence in sentence_pieces(text, lang):
        if len(sentence) <= max_chars:
            units.append(sentence)
            continue
        for word in _words(sentence):
            while len(word) > max_chars:
                units.append(word[:max_chars])
                word = word[max_chars:]
            if word:
                units.append(word)
    chunks: list[str] = []
    current = ""
    for unit in units:
        if current and len(current) + len(unit) > max_chars:
            chunks.append(current)
            current = ""
        current += unit
    if current:
        chunks.append(current)
    return chunks


def _words(text: str) -> list[str]:
    """Words each with their trailing whitespace; joins back to ``text``."""
    pieces: list[str] = []
    pos = 0
    for m in _SPACE_RE.finditer(text):
        pieces.append(text[pos : m.end()])
        pos = m.end()
    if pos < len(text):
        pieces.append(text[pos:])
    return pieces
