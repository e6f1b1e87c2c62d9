"""Plain-text articles: blocks separated by blank lines.

Leading and trailing white space of every line stays in the skeleton. Inside a block, lines are
either one hard-wrapped paragraph (``soft``: a translation is re-wrapped to the source width) or
separate units such as a byline and a dateline (``hard``: every line is its own message). ``auto``
picks ``soft`` for blocks whose lines look wrapped: two or more lines, all but the last long and
of similar length.
"""

from __future__ import annotations

import re

from l10n.document.formats import FormatOptions
from l10n.document.model import Block, BlockKind, Document, Layout

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r|$)")


def parse_text(text: str, path: str, options: FormatOptions) -> Document:
    """Find the translatable blocks of a plain-text article."""
    lines = _lines(text)
    blocks: list[Block] = []
    group: list[tuple[int, int, int, int]] = []  # (line_start, content_start, content_end, lineno)
    for lineno, (start, end) in enumerate(lines, 1):
        raw = text[start:end]
        stripped = raw.strip()
        if not stripped:
            _flush(text, group, options, blocks)
            group = []
            continue
        lead = len(raw) - len(raw.lstrip())
        trail = len(raw.rstrip())
        group.append((start, start + lead, start + trail, lineno))
    _flush(text, group, options, blocks)
    return Document(path=path, text=text, blocks=tuple(blocks), format="text")


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, without its line ending."""
    out: list[tuple[int, int]] = []
    for m in _LINE.finditer(text):
        if m.start() == len(text) and out:
            break
        body = m.group(0).rstrip("\r\n")
        out.append((m.start(), m.start() + len(body)))
    return out


def _looks_wrapped(text: str, group: list[tuple[int, int, int, int]]) -> bool:
    lengths = [end - line_start for line_start, _, end, _ in group]
    widest = max(lengths)
    return widest >= 30 and all(n >= widest - 25 for n in lengths[:-1])


def _flush(
    text: str, group: list[tuple[int, int, int, int]], options: FormatOptions, blocks: list[Block]
) -> None:
    if not group:
        return
    soft = len(group) > 1 and (
        options.line_breaks == "soft"
        or (options.line_breaks == "auto" and _looks_wrapped(text, group))
    )
    if not soft:
        for _, start, end, lineno in group:
            kind = BlockKind.PARAGRAPH if len(group) == 1 else BlockKind.LINE
            blocks.append(Block(kind, start, end, text[start:end], lineno, Layout.INLINE))
        return
    first, last = group[0], group[-1]
    pieces = [text[s:e] for _, s, e, _ in group]
    separators = tuple(text[group[i][2] : group[i + 1][1]] for i in range(len(group) - 1))
    width = max(end - line_start for line_start, _, end, _ in group)
    blocks.append(
        Block(
            BlockKind.PARAGRAPH,
            first[1],
            last[2],
            "\n".join(pieces),
            first[3],
            Layout.WRAPPED,
            separators=separators,
            width=width,
            column=first[1] - first[0],
        )
    )
