"""Template tags in a Markdown article: what the Markdown parser reads, and the atoms of a block.

:mod:`l10n.document.formats.markdown` parses a body in which template tags
(:mod:`l10n.document.templates`) are opaque words and code-bodied paired tags and lines of tags
are blank, so that they stay skeleton; the tags of each block become ``template`` atoms.
"""

from __future__ import annotations

import bisect
from typing import Any, cast

import pyromark

from l10n.document.model import Markup, MarkupKind
from l10n.document.templates import Tag, blank, code_regions, has_tags, opaque, tag_only_lines

_SKIP_BLOCKS = frozenset({"CodeBlock", "HtmlBlock"})


def template_skeleton(
    body: str, code_names: tuple[str, ...], options: Any
) -> tuple[str, list[Tag], list[Tag]]:
    """The body as the Markdown parser should read it, its template tags inside blocks, and the
    tags of the lines that hold only tags (skeleton, whose prose parameters may be blocks).

    Same length and lines as ``body``: the bodies of code-bodied paired tags
    (:func:`~l10n.document.templates.code_regions`) and the lines that hold only tags are
    blanked, so they end the paragraph around them and stay skeleton; every other tag is spelled
    as one opaque word, so nothing inside it is read as Markdown. Tags inside code blocks, HTML
    blocks and code spans are not tags (the source shows them as code).
    """
    if not has_tags(body):
        return body, [], []
    tags, regions = code_regions(body, code_names, _not_tags(body, options))
    if not tags:
        return body, [], []
    inside = [(r.start, r.end) for r in regions]
    kept = [t for t in tags if not any(s <= t.start < e for s, e in inside)]
    lines = tag_only_lines(body, kept)
    parsed = blank(opaque(body, kept), [*inside, *lines])
    in_lines = [t for t in kept if not any(s <= t.start < e for s, e in lines)]
    on_lines = [t for t in kept if any(s <= t.start < e for s, e in lines)]
    return parsed, in_lines, on_lines


def text_tags(body: str, options: Any) -> list[Tag]:
    """The template tags of ``body`` that a reader sees as text (outside code blocks, HTML
    blocks and code spans), in order: what HTML output must show as written."""
    if not has_tags(body):
        return []
    tags, _ = code_regions(body, (), _not_tags(body, options))
    return tags


def _not_tags(body: str, options: Any) -> list[tuple[int, int]]:
    """The character ranges of ``body`` where ``{{``... is not a tag: code spans, code blocks
    and HTML blocks (the source shows them as code or markup), sorted."""
    skip: list[tuple[int, int]] = []
    for raw, rng in pyromark.events_with_range(body, options=options):
        event = cast(Any, raw)
        if type(event) is not dict:
            continue
        tag = next(iter(event))
        value = event[tag]
        if tag == "Code" or (
            tag == "Start" and (value if type(value) is str else next(iter(value))) in _SKIP_BLOCKS
        ):
            skip.append((rng["start"], rng["end"]))
    return _char_ranges(body, sorted(skip))


def only_templates(logical: str, markup: list[Markup]) -> bool:
    """Whether the block holds nothing but template tags and white space (skeleton, as a line
    of tags between paragraphs is)."""
    rest = list(logical)
    found = False
    for m in markup:
        if m.name == "template":
            found = True
            rest[m.start : m.end] = " " * (m.end - m.start)
    return found and "".join(rest).isspace()


def _char_ranges(body: str, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """pyromark's UTF-8 byte ranges of ``body`` as character ranges."""
    if body.isascii() or not ranges:
        return ranges
    ends: list[int] = []  # UTF-8 byte offset just past each character
    total = 0
    for ch in body:
        total += len(ch.encode("utf-8"))
        ends.append(total)
    return [(bisect.bisect_right(ends, s), bisect.bisect_right(ends, e)) for s, e in ranges]


def template_atoms(
    tags: tuple[list[int], list[Tag]],
    body_start: int,
    start: int,
    end: int,
    to_logical: Any,
    markup: list[Markup],
    atoms: list[tuple[int, int]],
) -> None:
    """Add the template tags of the block region ``[start, end)`` as ``template`` atoms (not
    inside another atom, such as an HTML tag whose attribute holds the tag)."""
    starts, found = tags
    i = bisect.bisect_left(starts, start)
    others = [(m.start, m.end) for m in markup if m.kind is MarkupKind.ATOM]
    while i < len(found) and starts[i] < end:
        tag = found[i]
        ls, le = to_logical(tag.start + body_start), to_logical(tag.end + body_start)
        if not any(s <= ls and le <= e for s, e in others):
            markup.append(Markup(ls, le, MarkupKind.ATOM, "template"))
            atoms.append((ls, le))
        i += 1
