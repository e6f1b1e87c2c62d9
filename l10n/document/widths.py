"""Display widths, and the width a hard-wrapped paragraph was wrapped to.

A translation is re-wrapped to the source paragraph's width. The widest source line is a poor
guess: one line that holds a long URL would make every translated line 170 columns wide. The
*typical* width is the widest line that is not an outlier: lines much wider than the
paragraph's median line (a line stretched by an unbreakable token) do not count. A paragraph
with fewer than three broken lines has no median of its own and uses the whole article's. The
last line of a paragraph never sets the median: it ends where the text ends, not where the
author broke it. A word
wider than the width is never broken: it gets a line of its own (see
:mod:`l10n.document.assemble`).
"""

from __future__ import annotations

from collections.abc import Iterable

from l10n.document.model import Block, Layout
from l10n.po.linebreak import char_width

MIN_WIDTH = 20
"""No paragraph is re-wrapped narrower than this."""


NARROW_BELOW = "\u0300"
"""Every printable character below this one (ASCII, Latin-1, Latin Extended, IPA, spacing
modifiers) takes one column; the combining marks start here."""


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide East Asian characters two, combining marks 0."""
    if text.isprintable() and (text.isascii() or max(text) < NARROW_BELOW):
        return len(text)  # the common case: one column per character (Latin scripts)
    return sum(max(char_width(c), 0) for c in text)


def line_widths(block: Block) -> list[int]:
    """Widths (prefix included) of the source lines of a wrapped block; all but the last end
    at a soft break."""
    if block.layout is not Layout.WRAPPED:
        return []
    lines = block.text.split("\n")
    prefixes = [block.column] + [display_width(s.lstrip("\r\n")) for s in block.separators]
    return [prefixes[min(i, len(prefixes) - 1)] + display_width(line) for i, line in enumerate(lines)]


def _tolerance(reference: int) -> int:
    return max(8, reference // 4)


def _typical(widths: list[int], reference: int = 0) -> int:
    """The widest of ``widths`` that is not an outlier for ``reference`` (default: their median);
    0 for none."""
    if not widths:
        return 0
    ordered = sorted(widths)
    reference = reference or ordered[(len(ordered) - 1) // 2]
    return max((w for w in ordered if w <= reference + _tolerance(reference)), default=0)


def article_width(blocks: Iterable[Block]) -> int:
    """The typical width of all wrapped paragraphs of an article together (0 when it has none)."""
    return _typical([w for block in blocks for w in line_widths(block)[:-1]])


def wrap_width(block: Block, article: int = 0) -> int:
    """The width to re-wrap a translation of ``block`` to.

    ``article`` is :func:`article_width` of the block's article. A paragraph without outliers
    keeps its widest line. Outliers are judged against the paragraph's median broken line when
    it has three or more, else against the article's width; when all the paragraph's ordinary
    lines are short (a short line says only that the author broke it there), the article's
    width (or the median) is the answer.
    """
    widths = line_widths(block)
    if len(widths) < 2:
        return max(block.width, MIN_WIDTH)
    broken = sorted(widths[:-1])
    reference = broken[(len(broken) - 1) // 2] if len(broken) >= 3 or not article else article
    limit = reference + _tolerance(reference)
    normal = [w for w in widths if w <= limit]
    typical = max(normal, default=0)
    if len(normal) < len(widths) and typical < reference - _tolerance(reference):
        typical = reference
    return max(typical, MIN_WIDTH)
