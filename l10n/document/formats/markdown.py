"""Markdown articles (CommonMark + GFM tables, strikethrough, task lists, footnotes, and the
extensions of :data:`~l10n.document.formats.MARKDOWN_EXTENSIONS`).

pyromark (pulldown-cmark) reports the source range of every event, block and inline. A block's
translatable region runs from its first inline event to its last; the container prefixes on its
continuation lines (``> ``, list indentation) and everything between blocks (markers, fences,
code blocks, HTML blocks, link reference definitions, table rules) is skeleton; so are a
definition's ``: `` marker, a GitHub alert's ``[!NOTE]`` line and attribute lists (``{#id
.class}`` after a heading, pulldown-cmark's heading attributes; a ``{: .note}`` line at the start
or end of a block, kramdown's and Goldmark's block attributes). Inline markup is
kept in the text as written and described by :class:`~l10n.document.model.Markup` ranges, so the
segmenter can avoid breaking inside emphasis or links and checks can verify a translation.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, NamedTuple

import pyromark

from l10n.document.formats import FormatOptions
from l10n.document.formats.frontmatter import find_front_matter
from l10n.document.formats.markdown_extensions import (
    Run,
    drop_attribute_lines,
    is_mdx_code,
    parser_options,
    split_callout,
)
from l10n.document.formats.markdown_html import html_block_runs
from l10n.document.formats.markdown_templates import (
    only_templates,
    template_atoms,
    template_skeleton,
)
from l10n.document.inline import (
    ATOM_EVENTS,
    ATOM_NAMES,
    CONTAINER_EVENTS,
    span_attributes,
)
from l10n.document.model import (
    Block,
    BlockKind,
    Document,
    Layout,
    LinkDefinition,
    Markup,
    MarkupKind,
    new_block,
    new_markup,
)
from l10n.document.templates import Tag, prose_parameters

# Block containers whose direct inline content is a translatable run.
_LEAVES = {"Paragraph", "Heading", "TableCell", "Item", "DefinitionListTitle", "DefinitionListDefinition"}
_CONTAINER_INLINES = CONTAINER_EVENTS
_STARTS = {name: "Start" + name for name in _CONTAINER_INLINES}
_ENDS = {name: "End" + name for name in _CONTAINER_INLINES}
"""The tag an inline container's Start or End event is kept as (``StartEmphasis``)."""
_OPENED = {tag: name for name, tag in _STARTS.items()}
_CLOSED = frozenset(_ENDS.values())
"""The container of each kept Start tag, and the kept End tags (found by a dict lookup, not by
their prefix: these are all the kept events whose tag starts with ``Start`` or ``End``)."""
_LINK_EVENTS = frozenset({"StartLink", "EndLink", "StartImage", "EndImage"})
_ATOMS = {tag: (ATOM_NAMES.get(tag, tag.lower()), tag in ("Code", "InlineMath", "DisplayMath"))
          for tag in ATOM_EVENTS}
"""Markup name of each atom event, and whether the segmenter reads it as a stand-in word
(code and math do; HTML and footnote references are hidden like other markup)."""
_STAND_IN = "xxx"
_ESCAPABLE = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


class _Offsets:
    """UTF-8 byte offsets (pyromark) -> character offsets (Python str) of a text that is not
    ASCII: ``byte - extra[bisect_right(ends, byte)]``."""

    def __init__(self, text: str) -> None:
        self.ends: list[int] = []
        """The byte offset just past each non-ASCII character."""
        self.extra: list[int] = [0]
        """The extra bytes (beyond one per character) of the characters before ``ends[i]``
        and up to it: ``extra[i + 1]`` for ``ends[i]``."""
        total = 0
        # Articles that are not ASCII hold a few non-ASCII characters among thousands of
        # ASCII ones: only the chunks that hold one are scanned (isascii reads the others in C
        # many times faster than the regular expression would).
        for lo in range(0, len(text), _CHUNK):
            if text[lo : lo + _CHUNK].isascii():
                continue
            for m in _NON_ASCII.finditer(text, lo, lo + _CHUNK):
                total += len(m.group(0).encode("utf-8")) - 1
                self.ends.append(m.end() + total)
                self.extra.append(total)


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_CHUNK = 256


def parse_markdown(text: str, path: str, options: FormatOptions) -> Document:
    """Find the translatable blocks of a Markdown article."""
    blocks: list[Block] = []
    body_start = 1 if text.startswith("\ufeff") else 0
    if options.front_matter:
        fm = find_front_matter(text, path, options.front_matter_keys, body_start)
        if fm is not None:
            blocks.extend(fm.blocks)
            body_start = fm.end
    body = text[body_start:]
    flags = parser_options(options)
    attributes = "attributes" in options.extensions
    alerts = "alerts" in options.extensions
    mdx = "mdx" in options.extensions
    body, tags, line_tags = template_skeleton(body, options.code_shortcodes, flags)
    tag_starts = [t.start + body_start for t in tags]
    # Document offset of a pyromark offset: ``+ body_start`` of an ASCII body, else ``-
    # shift[bisect_right(ends, byte)]`` (the UTF-8 extra bytes before it, less body_start).
    # The tables and bisect are locals: attribute lookups less per event kept.
    ascii_body = body.isascii()
    if ascii_body:
        ends: list[int] = []
        shift = [-body_start]
    else:
        offsets = _Offsets(body)
        ends = offsets.ends
        shift = [n - body_start for n in offsets.extra]
    bisect_right = bisect.bisect_right
    line_starts = _line_starts(text)
    stack: list[str] = []
    run: Run | None = None
    quote_depth = 0
    header = False
    html_lines: list[tuple[str, int, int]] = []  # the Html events of the HTML block being read

    def flush() -> None:
        nonlocal run
        if run is None or not run.events:  # a list item's run after its paragraphs, say
            run = None
            return
        runs = [run]
        if alerts and run.kind is _BLOCKQUOTE:
            runs = split_callout(run, text)
        for each in runs:
            if not each.events:
                continue
            first, last = _bounds(each.events)
            if attributes and drop_attribute_lines(each, text, first, last):
                if not each.events:
                    continue
                first, last = _bounds(each.events)
            if mdx and is_mdx_code(each, text):
                continue
            block = _make_block(text, body_start, each, first, last, line_starts, (tag_starts, tags))
            if block is not None:
                blocks.append(block)
        run = None

    link_ends: list[int] = []  # ends of the links and images being read
    # run.events.append of the run being read (assigned with run; only called while one is)
    unread: list[tuple[str, Any, int, int]] = []
    keep = unread.append
    value: Any
    tag: str
    event: Any  # pyromark's events are dicts and strings, typed loosely
    for event, rng in pyromark.events_with_range(body, options=flags):
        # Block structure, or else an event to keep: an inline one of the run being read, or a
        # line of the HTML block being read (when no run is); its offsets are found below.
        if type(event) is dict:
            tag, = event  # every event dict has one key
            if tag == "Text" or tag == "Code":  # most events: inline, kept when a run is read
                if run is None:
                    continue
                value = event[tag]
            elif tag == "Start" or tag == "End":
                value = event[tag]
                if type(value) is str:
                    name = value
                else:
                    name, = value
                inline = (_STARTS if tag == "Start" else _ENDS).get(name)
                if inline is not None:
                    if run is None:
                        continue
                    tag = inline
                else:
                    if run is not None:
                        flush()
                    if tag == "Start":
                        stack.append(name)
                        if name == "BlockQuote":
                            quote_depth += 1
                        elif name == "TableHead":
                            header = True
                        if name in _LEAVES:
                            run = Run(*_kind(stack, header), quote_depth)
                            keep = run.events.append
                    else:
                        if stack:
                            stack.pop()
                        if name == "HtmlBlock":
                            blocks.extend(_html_blocks(text, html_lines, quote_depth, line_starts))
                            html_lines = []
                        if name == "BlockQuote":
                            quote_depth -= 1
                        elif name == "TableHead":
                            header = False
                        if stack and stack[-1] in _LEAVES:
                            # Inline content may continue after a nested block (e.g. a list
                            # inside an item).
                            run = Run(*_kind(stack, header), quote_depth)
                            keep = run.events.append
                    continue
            elif run is None:
                if tag != "Html" or not stack or stack[-1] != "HtmlBlock":
                    continue
                value = event[tag]
            elif tag == "TaskListMarker":
                continue
            else:
                value = event[tag]
        elif run is None:
            continue
        else:
            tag, value = event, None
        # While a run is being read the innermost block is a leaf: every event is inline.
        if ascii_body:
            s = rng["start"] + body_start
            e = rng["end"] + body_start
        else:
            s = rng["start"]
            e = rng["end"]
            s -= shift[bisect_right(ends, s)]
            e -= shift[bisect_right(ends, e)]
        if run is None:
            html_lines.append((value, s, e))
        else:
            if tag in _LINK_EVENTS:
                e = _collapsed_end(text, tag, value, e, link_ends)
            keep((tag, value, s, e))
    flush()
    blocks.extend(_parameter_blocks(text, body_start, line_tags, options, line_starts))
    blocks.sort(key=operator.attrgetter("start"))
    references = _references(body, flags)
    return Document(path=path, text=text, blocks=tuple(blocks), format="markdown",
                    references=references)


def _references(body: str, flags: pyromark.Options) -> tuple[LinkDefinition, ...]:
    """The link reference definitions of ``body``.

    Every definition's label is closed by ``]`` right before its ``:`` (``[label]: dest``), so
    a body without ``]:`` has none and is not parsed a second time (about 70% of articles, 3% of
    the parse's cost).
    """
    if "]:" not in body:
        return ()
    return tuple(
        LinkDefinition(label, str(info["dest"]))
        for label, info in pyromark.reference_definitions(body, options=flags).items()
    )


def _parameter_blocks(
    text: str, body_start: int, tags: list[Tag], options: FormatOptions, line_starts: list[int]
) -> list[Block]:
    """The prose parameters of the shortcodes that stand on lines of their own (a figure's
    caption), each a block kept on one line inside its tag."""
    out = []
    for tag in tags:
        moved = replace(tag, start=tag.start + body_start, end=tag.end + body_start)
        for start, end, name in prose_parameters(text, moved, options.shortcode_parameters):
            line = bisect.bisect_right(line_starts, start)
            out.append(Block(kind=BlockKind.SHORTCODE_PARAMETER, start=start, end=end,
                             text=text[start:end], line=line, layout=Layout.INLINE,
                             column=start - line_starts[line - 1], note=name))
    return out


def _html_blocks(
    text: str, lines: list[tuple[str, int, int]], quote_depth: int, line_starts: list[int]
) -> list[Block]:
    """The runs of prose of one HTML block, each a block kept on one line (HTML is not
    re-wrapped; its line breaks are white space)."""
    out = []
    for kind, events in html_block_runs(text, lines):
        block_kind = BlockKind.HTML_TEXT if kind == "text" else BlockKind.HTML_ATTRIBUTE
        block = _make_block(text, 0, Run(block_kind, Layout.INLINE, quote_depth, events),
                            *_bounds(events), line_starts)
        if block is not None:
            out.append(replace(block, layout=Layout.INLINE, separators=(), width=0))
    return out


def _collapsed_end(text: str, tag: str, value: Any, end: int, link_ends: list[int]) -> int:
    """The end of a link or image event (``StartLink``, ``EndImage``...): pulldown-cmark's range
    of a collapsed reference (``[label][]``) stops before the ``[]``, which belongs to the link
    all the same."""
    if tag.startswith("Start"):
        info = value.get(next(iter(value))) if type(value) is dict else None
        if type(info) is dict and info.get("link_type") == "Collapsed" and text.startswith("[]", end):
            end += 2
        link_ends.append(end)
        return end
    return max(end, link_ends.pop()) if link_ends else end


def _kind(stack: list[str], header: bool) -> tuple[BlockKind, Layout]:
    leaf = stack[-1]
    kind = _LEAF_KINDS.get(leaf)
    if kind is not None:
        return kind
    if leaf == "TableCell":
        return _TABLE_HEADER if header else _TABLE_CELL
    for name in reversed(stack[:-1] if leaf == "Paragraph" else stack):
        kind = _CONTAINER_KINDS.get(name)
        if kind is not None:
            return kind
    return _PARAGRAPH


# Enum members are read once, here: each ``BlockKind.X`` goes through EnumType.__getattr__
# (about 1,000 Ir, a quarter of a million reads in a 5 MB corpus).
_LEAF_KINDS = {
    "Heading": (BlockKind.HEADING, Layout.INLINE),
    "DefinitionListTitle": (BlockKind.DEFINITION_TERM, Layout.INLINE),
}
_CONTAINER_KINDS = {
    "Item": (BlockKind.LIST_ITEM, Layout.INLINE),
    "FootnoteDefinition": (BlockKind.FOOTNOTE, Layout.INLINE),
    "DefinitionListDefinition": (BlockKind.DEFINITION, Layout.INLINE),
    "BlockQuote": (BlockKind.BLOCKQUOTE, Layout.INLINE),
}
"""The kind of a paragraph (or an item's text) by its innermost container that has one."""
_TABLE_HEADER = (BlockKind.TABLE_HEADER, Layout.TABLE_CELL)
_TABLE_CELL = (BlockKind.TABLE_CELL, Layout.TABLE_CELL)
_PARAGRAPH = (BlockKind.PARAGRAPH, Layout.INLINE)
_BLOCKQUOTE = BlockKind.BLOCKQUOTE
_WRAPPED = Layout.WRAPPED
_IN_TABLE = Layout.TABLE_CELL
_ATOM = MarkupKind.ATOM
_CONTAINER = MarkupKind.CONTAINER


def _line_starts(text: str) -> list[int]:
    """The offset of every line of ``text`` (after ``\r\n``, ``\n`` or ``\r``)."""
    if "\r" in text:
        starts = [0]
        starts.extend(m.end() for m in _NEWLINE.finditer(text))
        return starts
    # Only "\n": line i + 1 starts past the lengths of lines 0..i and their i + 1 newlines,
    # summed in C (a regular-expression match per line costs five times as much).
    return [0, *map(operator.add, itertools.accumulate(map(len, text.split("\n")[:-1])),
                    itertools.count(1))]


_SEPARATOR_RES: dict[int, re.Pattern[str]] = {}
_NEWLINE = re.compile(r"\r\n|\n|\r")


def _separator_re(depth: int) -> re.Pattern[str]:
    """A line break and the container prefix of the line after it, ``depth`` quotes deep."""
    pattern = _SEPARATOR_RES.get(depth)
    if pattern is None:
        pattern = _SEPARATOR_RES[depth] = re.compile(r"(?:\r\n|\n|\r)(?:[ \t]*>){0,%d}[ \t]*" % depth)
    return pattern


class _Lines(NamedTuple):
    """A block region on several lines: its lines without their container prefixes."""

    pieces: list[tuple[int, int]]
    """(start, end) of each line's content, in document offsets."""
    separators: tuple[str, ...]
    """The skeleton between two pieces: the line break and the next line's container prefix."""
    logical: str
    """The pieces joined with ``\n``."""
    logical_at: Sequence[int]
    """The logical offset of each document offset of the region (index: offset - region start;
    an offset inside a separator stands for the end of the line before it): a table lookup per
    event offset instead of a bisect over the pieces."""


def _lines(text: str, start: int, end: int, quote_depth: int) -> _Lines:
    """The physical lines of ``text[start:end]`` and the container prefixes between them.

    ``text[end - 1]`` is not white space (a block region), so no separator runs past ``end``.
    """
    if quote_depth == 0 and "\r" not in text[start:end]:
        pieces, separators = _unquoted_lines(text, start, end)
    else:
        pieces, separators = _separated_lines(text, start, end, quote_depth)
    if separators.count("\n") == len(separators):
        # Lines without prefixes (a top-level paragraph): the logical text is the region.
        return _Lines(pieces, tuple(separators), text[start:end], range(end - start + 1))
    logical_at: list[int] = []
    cursor = 0
    following = [s for s, _ in pieces[1:]]
    following.append(end + 1)
    for (s, e), after in zip(pieces, following, strict=True):
        logical_at.extend(range(cursor, cursor + e - s))
        cursor += e - s
        logical_at.extend([cursor] * (after - e))  # the separator: the end of this line
        cursor += 1  # the "\n" joining the lines
    logical = "\n".join([text[s:e] for s, e in pieces])
    return _Lines(pieces, tuple(separators), logical, logical_at)


def _separated_lines(
    text: str, start: int, end: int, quote_depth: int
) -> tuple[list[tuple[int, int]], list[str]]:
    """The pieces and separators of :func:`_lines`, found by :func:`_separator_re`."""
    pieces: list[tuple[int, int]] = []
    separators: list[str] = []
    pos = start
    for m in _separator_re(quote_depth).finditer(text, start):
        s, e = m.span()
        if s >= end:
            break
        pieces.append((pos, s))
        separators.append(m.group())
        pos = e
    pieces.append((pos, end))
    return pieces, separators


def _unquoted_lines(text: str, start: int, end: int) -> tuple[list[tuple[int, int]], list[str]]:
    """:func:`_separated_lines` outside quotes, of a region without ``\r``: a separator is a
    ``\n`` and the spaces and tabs after it, so the lines are split at ``\n`` in C instead of
    matched one by one (a regular expression scans every character of the region)."""
    lines = text[start:end].split("\n")
    pieces = [(start, start + len(lines[0]))]
    separators: list[str] = []
    pos = pieces[0][1] + 1  # past the "\n"
    for line in lines[1:]:
        content = line.lstrip(" \t")
        indent = len(line) - len(content)
        separators.append("\n" + line[:indent] if indent else "\n")
        pieces.append((pos + indent, pos + len(line)))
        pos += len(line) + 1
    return pieces, separators


_START = operator.itemgetter(2)
_END = operator.itemgetter(3)


def _markup_order(m: Markup) -> tuple[int, int]:
    """Markup sorted by start, outer before inner."""
    return m.start, -m.end


def _bounds(events: list[tuple[str, Any, int, int]]) -> tuple[int, int]:
    """The first start and the last end of a run's events."""
    return min(map(_START, events)), max(map(_END, events))


def _make_block(
    text: str,
    body_start: int,
    run: Run,
    first: int,
    last: int,
    line_starts: list[int],
    tags: tuple[list[int], list[Tag]] = ([], []),
) -> Block | None:
    """The block of ``run``, whose events lie in ``[first, last)`` (:func:`_bounds`)."""
    events = run.events
    start, end = first, last
    # Trailing white space and line breaks belong to the skeleton.
    while end > start and text[end - 1] in " \t\r\n":
        end -= 1
    start = max(start, run.skip_to)
    while start < end and text[start] in " \t":
        start += 1
    if start > 0 and text[start - 1] == "\\" and start < end and text[start] in _ESCAPABLE:
        start -= 1  # pulldown-cmark's text of an escape (`\[`) starts after its backslash
    if start >= end:
        return None
    region = text[start:end]
    if region.isspace():
        return None

    lines = _lines(text, start, end, run.quote_depth) if "\n" in region or "\r" in region else None
    logical = region if lines is None else lines.logical
    if lines is None and len(events) == 1 and first <= start and not tags[1] and events[0][0] == "Text":
        # One piece of text on one line that covers the region (a quarter of all blocks): no
        # markup and nothing hidden, which is what _inline finds for it, without the reading.
        markup: tuple[Markup, ...] = ()
        hidden: tuple[tuple[int, int, str], ...] = ()
        hard: list[int] = []
    else:
        if first < start or last > end:  # an event reaches past the region: read it up to its edge
            events = [(tag, value, min(max(s, start), end), min(max(e, start), end))
                      for tag, value, s, e in events]
        inline = _inline(text, body_start, events, start, end, lines, logical, tags)
        if inline is None:
            return None
        markup, hidden, hard = inline

    line = bisect.bisect_right(line_starts, start)
    column = start - line_starts[line - 1]
    # new_block's arguments are positional (in Block's field order): by name, they cost a
    # third more per block.
    if lines is None:
        return new_block(run.kind, start, end, logical, line, run.layout, (), column, 0, markup, hidden)
    # Piece i is on line `line + i`: every separator holds exactly one line break.
    width = max([e - line_starts[line - 1 + i] for i, (_, e) in enumerate(lines.pieces)])
    layout = _WRAPPED if run.layout is not _IN_TABLE else _IN_TABLE
    return new_block(
        run.kind,
        start,
        end,
        logical,
        line,
        layout,
        lines.separators if layout is _WRAPPED else (),  # separators
        column,
        width,
        markup,
        hidden,
        tuple(sorted(set(hard))),  # hard_breaks
    )


def _inline(
    text: str,
    body_start: int,
    events: list[tuple[str, Any, int, int]],
    start: int,
    end: int,
    lines: _Lines | None,
    logical: str,
    tags: tuple[list[int], list[Tag]],
) -> tuple[tuple[Markup, ...], tuple[tuple[int, int, str], ...], list[int]] | None:
    """The markup, hidden ranges and hard line breaks (logical offsets) of the block region
    ``[start, end)`` from its ``events`` (inside the region); None when it holds only template
    tags (skeleton)."""
    # The logical offset of document offset d is at[d - start].
    at: Sequence[int] = range(end - start + 1) if lines is None else lines.logical_at
    hard: list[int] = []
    markup: list[Markup] = []
    visible: list[tuple[int, int]] = []
    open_containers: list[tuple[str, int, str, int]] = []  # name, start, target, len(visible)
    atoms: list[tuple[int, int]] = []
    for tag, value, s, e in events:
        if tag == "Text" or tag == "SoftBreak":
            visible.append((at[s - start], at[e - start]))
        elif tag in _ATOMS:
            name, stand_in = _ATOMS[tag]
            ls, le = at[s - start], at[e - start]
            markup.append(new_markup(ls, le, _ATOM, name))
            if stand_in:
                atoms.append((ls, le))
        elif tag in _OPENED:
            name = _OPENED[tag]
            target = ""
            if type(value) is dict:
                info = value.get(name)
                if type(info) is dict:
                    target = str(info.get("dest_url", ""))
                    if info.get("link_type") in ("Autolink", "Email"):
                        name = "autolink"
            open_containers.append((name, at[s - start], target, len(visible)))
        elif tag in _CLOSED:
            if open_containers:
                name, ls, target, mark = open_containers.pop()
                le = at[e - start]
                if name == "autolink":
                    markup.append(new_markup(ls, le, _ATOM, "autolink", target))
                    atoms.append((ls, le))
                    _drop_inside(visible, mark, ls, le)
                else:
                    markup.append(new_markup(ls, le, _CONTAINER, name.lower(), target))
        elif tag == "HardBreak":
            # The event may run past the newline over the next line's indentation; the break
            # is the newline itself, which joins two pieces in the logical text.
            found = _NEWLINE.search(text, s, e)
            if found is not None and lines is not None:
                nl = at[found.start() - start]
                if logical[nl : nl + 1] == "\n":
                    hard.append(nl)
            visible.append((at[s - start], at[e - start]))
    if tags[1]:
        n = end - start
        template_atoms(tags, body_start, start, end,
                       lambda doc: at[min(max(doc - start, 0), n)], markup, atoms)
        if only_templates(logical, markup):
            return None
    attributes = span_attributes(logical, markup) if markup and "{" in logical else []
    markup.extend(attributes)
    if len(markup) > 1:
        markup.sort(key=_markup_order)
    hidden = _hidden(logical, visible, atoms)
    if attributes:  # markup to the segmenter, although the parser reads it as text
        hidden = tuple(sorted(hidden + tuple((a.start, a.end, "") for a in attributes)))
    return tuple(markup), hidden, hard


def _drop_inside(visible: list[tuple[int, int]], mark: int, start: int, end: int) -> None:
    """Remove from ``visible`` the ranges inside ``[start, end]`` (an autolink's text).

    The ranges are in document order, so only those read since the autolink opened (from index
    ``mark``) and the ones just before it that start at or after ``start`` can be inside: the
    work is the autolink's own, not the whole block's for every autolink.
    """
    first = mark
    while first > 0 and visible[first - 1][0] >= start:
        first -= 1
    visible[first:] = [v for v in visible[first:] if not (start <= v[0] and v[1] <= end)]


def _hidden(
    logical: str, visible: list[tuple[int, int]], atoms: list[tuple[int, int]]
) -> tuple[tuple[int, int, str], ...]:
    """Ranges the segmenter must not read: everything that is not text; atoms as a stand-in word.

    Newlines between lines stay visible (they are white space to the segmenter).
    """
    if atoms:
        covered = visible + atoms
        covered.sort()
    else:
        covered = sorted(visible)
    end = len(logical)
    covered.append((end, end))  # so that the loop hides what follows the last range too
    marks: list[tuple[int, int, str]] = [(s, e, _STAND_IN) for s, e in atoms] if atoms else []
    multiline = "\n" in logical
    pos = 0
    for s, e in covered:
        if s > pos:  # a gap: hidden, but for its newlines (only then is it cut up)
            if multiline and logical.find("\n", pos, s) >= 0:
                _gap(logical, pos, s, marks)
            else:
                marks.append((pos, s, ""))
        if e > pos:
            pos = e
    if len(marks) > 1:
        marks.sort()
    return tuple(marks)  # () when all is text (most blocks)


def _gap(logical: str, s: int, e: int, marks: list[tuple[int, int, str]]) -> None:
    """Hide ``logical[s:e]`` except its newlines."""
    while s < e:
        nl = logical.find("\n", s, e)
        if nl == -1:
            marks.append((s, e, ""))
            return
        if nl > s:
            marks.append((s, nl, ""))
        s = nl + 1
