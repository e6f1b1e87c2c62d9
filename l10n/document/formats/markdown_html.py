"""HTML blocks of a Markdown article: their runs of prose as the events of translatable blocks.

pulldown-cmark reports an HTML block as one ``Html`` event per line, each with its exact source
range (container prefixes such as ``> `` and list indentation lie between them). The lines are
glued into one HTML fragment, :func:`~l10n.document.formats.html_blocks.text_runs` finds its runs
of text, and each run becomes the inline events :mod:`l10n.document.formats.markdown` turns into
a block: text and entities as ``Text``, tags as ``InlineHtml`` atoms, template tags (which the
HTML scanner reads as words) as atoms the segmenter reads as one word. The quoted ``alt`` and
``title`` values of tags outside the runs are runs of their own. A Markdown paragraph
inside an HTML element, after a blank line, is not part of the HTML block: the Markdown format
extracts it already.
"""

from __future__ import annotations

import bisect
import re
from typing import Any, Literal

from l10n.document.formats.html_blocks import text_and_attribute_runs
from l10n.document.templates import find_tags, has_tags, opaque

Event = tuple[str, Any, int, int]
"""A pyromark-like event: (name, value, document start, document end)."""
RunKind = Literal["text", "attribute"]
"""A run of text between tags, or the quoted value of an ``alt`` or ``title`` attribute."""

_ONE_COMMENT = re.compile(r"\s*<!--(?:(?!--).)*-->\s*", re.DOTALL)
"""An HTML block that is one comment (``<!-- markdownlint-disable -->``, most HTML blocks of
real articles): no text and no tags. Without a ``--`` inside, nothing closes it before its end."""


def _is_one_comment(html: str) -> bool:
    """``_ONE_COMMENT.fullmatch(html)``, without its look-ahead at every character (these
    comments are most of the HTML of real articles): the comment's inside holds no ``--``, and
    does not end with ``-`` (that would make ``--`` of the closing ``-->``)."""
    found = html.strip()  # str.strip and \s remove the same (Unicode) white space
    if len(found) < 7 or not found.startswith("<!--") or not found.endswith("-->"):
        return False
    inside = found[4:-3]
    return "--" not in inside and not inside.endswith("-")


def html_block_runs(text: str, lines: list[tuple[str, int, int]]) -> list[tuple[RunKind, list[Event]]]:
    """The events of every run of text of one HTML block, whose ``Html`` events are ``lines``
    (value, document start, document end in characters); none when a line's value is not the
    source at its range (the block is then left to the skeleton)."""
    if any(text[s:e] != value for value, s, e in lines):
        return []
    html = "".join(value for value, _, _ in lines)
    if _is_one_comment(html):
        return []  # what the HTML scanner would find, without running it
    starts: list[int] = []
    cursor = 0
    for value, _, _ in lines:
        starts.append(cursor)
        cursor += len(value)
    doc_starts = [s for _, s, _ in lines]

    def doc_start(offset: int) -> int:
        i = max(bisect.bisect_right(starts, offset) - 1, 0)
        return doc_starts[i] + offset - starts[i]

    def doc_end(offset: int) -> int:
        i = max(bisect.bisect_left(starts, offset) - 1, 0)
        return doc_starts[i] + offset - starts[i]

    tags = find_tags(html) if has_tags(html) else []
    scanned = opaque(html, tags) if tags else html
    text_runs, attribute_runs = text_and_attribute_runs(scanned)
    out: list[tuple[RunKind, list[Event]]] = [
        ("attribute", [("Text", None, doc_start(run.start), doc_end(run.end))])
        for run in attribute_runs
        if not any(tag.start < run.end and run.start < tag.end for tag in tags)
    ]
    for run in text_runs:
        if any(p.kind == "text" and "<" in scanned[p.start : p.end] for p in run.pieces):
            continue  # a tag the HTML parser did not read as one (``<div`` unclosed): not text
        events: list[Event] = []
        for piece in run.pieces:
            name = "InlineHtml" if piece.kind == "tag" else "Text"
            events.append((name, None, doc_start(piece.start), doc_end(piece.end)))
        texts = [(p.start, p.end) for p in run.pieces if p.kind == "text"]
        for tag in tags:  # a tag inside an HTML tag's attribute is part of that atom already
            if any(s <= tag.start and tag.end <= e for s, e in texts):
                events.append(("Code", None, doc_start(tag.start), doc_end(tag.end)))
        out.append(("text", events))
    return out
