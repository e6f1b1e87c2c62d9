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
import re
from dataclasses import replace
from typing import Any

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
)
from l10n.document.templates import Tag, prose_parameters

# Block containers whose direct inline content is a translatable run.
_LEAVES = {"Paragraph", "Heading", "TableCell", "Item", "DefinitionListTitle", "DefinitionListDefinition"}
_CONTAINER_INLINES = CONTAINER_EVENTS
_ATOMS = ATOM_EVENTS
_STAND_IN = "xxx"
_ESCAPABLE = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


class _Offsets:
    """UTF-8 byte offsets (pyromark) -> character offsets (Python str)."""

    def __init__(self, text: str) -> None:
        self.ascii = text.isascii()
        self.bytes_at: list[int] = []  # byte offset just past each non-ASCII char
        self.extra: list[int] = []  # cumulative extra bytes up to and including it
        if not self.ascii:
            total = 0
            for m in re.finditer(r"[^\x00-\x7f]", text):
                n = len(m.group(0).encode("utf-8")) - 1
                total += n
                self.bytes_at.append(m.end() + total)
                self.extra.append(total)

    def char(self, byte: int) -> int:
        if self.ascii:
            return byte
        i = bisect.bisect_right(self.bytes_at, byte)
        return byte - (self.extra[i - 1] if i else 0)


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
    offsets = _Offsets(body)
    line_starts = _line_starts(text)
    stack: list[str] = []
    run: Run | None = None
    quote_depth = 0
    header = False
    html_lines: list[tuple[str, int, int]] = []  # the Html events of the HTML block being read

    def flush() -> None:
        nonlocal run
        runs = [run] if run is not None else []
        if run is not None and alerts and run.kind is BlockKind.BLOCKQUOTE:
            runs = split_callout(run, text)
        for each in runs:
            if attributes:
                drop_attribute_lines(each, text)
            if mdx and is_mdx_code(each, text):
                continue
            if each.events:
                block = _make_block(text, body_start, each, line_starts, (tag_starts, tags))
                if block is not None:
                    blocks.append(block)
        run = None

    char = offsets.char
    ascii_body = offsets.ascii
    link_ends: list[int] = []  # ends of the links and images being read
    value: Any
    tag: str
    event: Any  # pyromark's events are dicts and strings, typed loosely
    for event, rng in pyromark.events_with_range(body, options=flags):
        if type(event) is dict:
            tag = next(iter(event))
            value = event[tag]
        else:
            tag, value = event, None
        if tag == "Start" or tag == "End":
            name = value if type(value) is str else next(iter(value))
            if name in _CONTAINER_INLINES:
                if run is not None:
                    if ascii_body:
                        s, e = rng["start"] + body_start, rng["end"] + body_start
                    else:
                        s, e = char(rng["start"]) + body_start, char(rng["end"]) + body_start
                    if name in ("Link", "Image"):
                        e = _collapsed_end(text, tag, value, e, link_ends)
                    run.events.append((tag + name, value, s, e))
                continue
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
                    # Inline content may continue after a nested block (e.g. a list inside an item).
                    run = Run(*_kind(stack, header), quote_depth)
            continue
        if tag == "Html" and stack and stack[-1] == "HtmlBlock":
            s, e = rng["start"] + body_start, rng["end"] + body_start
            if not ascii_body:
                s, e = char(rng["start"]) + body_start, char(rng["end"]) + body_start
            html_lines.append((value, s, e))
            continue
        if run is None or tag == "TaskListMarker":
            continue
        if tag == "Html" and stack and stack[-1] not in _LEAVES:
            continue
        if ascii_body:
            run.events.append((tag, value, rng["start"] + body_start, rng["end"] + body_start))
        else:
            run.events.append(
                (tag, value, char(rng["start"]) + body_start, char(rng["end"]) + body_start)
            )
    flush()
    blocks.extend(_parameter_blocks(text, body_start, line_tags, options, line_starts))
    blocks.sort(key=lambda b: b.start)
    references = tuple(
        LinkDefinition(label, str(info["dest"]))
        for label, info in pyromark.reference_definitions(body, options=flags).items()
    )
    return Document(path=path, text=text, blocks=tuple(blocks), format="markdown",
                    references=references)


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
        block = _make_block(text, 0, Run(block_kind, Layout.INLINE, quote_depth, events), line_starts)
        if block is not None:
            out.append(replace(block, layout=Layout.INLINE, separators=(), width=0))
    return out


def _collapsed_end(text: str, tag: str, value: Any, end: int, link_ends: list[int]) -> int:
    """The end of a link or image event: pulldown-cmark's range of a collapsed reference
    (``[label][]``) stops before the ``[]``, which belongs to the link all the same."""
    if tag == "Start":
        info = value.get(next(iter(value))) if type(value) is dict else None
        if type(info) is dict and info.get("link_type") == "Collapsed" and text.startswith("[]", end):
            end += 2
        link_ends.append(end)
        return end
    return max(end, link_ends.pop()) if link_ends else end


def _kind(stack: list[str], header: bool) -> tuple[BlockKind, Layout]:
    leaf = stack[-1]
    if leaf == "Heading":
        return BlockKind.HEADING, Layout.INLINE
    if leaf == "DefinitionListTitle":
        return BlockKind.DEFINITION_TERM, Layout.INLINE
    if leaf == "TableCell":
        return (BlockKind.TABLE_HEADER if header else BlockKind.TABLE_CELL), Layout.TABLE_CELL
    for name in reversed(stack[:-1] if leaf == "Paragraph" else stack):
        if name == "Item":
            return BlockKind.LIST_ITEM, Layout.INLINE
        if name == "FootnoteDefinition":
            return BlockKind.FOOTNOTE, Layout.INLINE
        if name == "DefinitionListDefinition":
            return BlockKind.DEFINITION, Layout.INLINE
        if name == "BlockQuote":
            return BlockKind.BLOCKQUOTE, Layout.INLINE
    return BlockKind.PARAGRAPH, Layout.INLINE


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(m.end() for m in re.finditer(r"\r\n|\n|\r", text))
    return starts


_PREFIX_RES: dict[int, re.Pattern[str]] = {}
_NEWLINE = re.compile(r"\r\n|\n|\r")


def _prefix_re(depth: int) -> re.Pattern[str]:
    pattern = _PREFIX_RES.get(depth)
    if pattern is None:
        pattern = _PREFIX_RES[depth] = re.compile(r"(?:[ \t]*>){0,%d}[ \t]*" % depth)
    return pattern


def _make_block(
    text: str,
    body_start: int,
    run: Run,
    line_starts: list[int],
    tags: tuple[list[int], list[Tag]] = ([], []),
) -> Block | None:
    events = run.events
    start = min([event[2] for event in events])
    end = max([event[3] for event in events])
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

    # Physical lines of the region and the container prefixes between them.
    pieces: list[tuple[int, int]] = []  # content (start, end) in document offsets
    separators: list[str] = []
    if "\n" in region or "\r" in region:
        prefix_re = _prefix_re(run.quote_depth)
        pos = start
        for m in _NEWLINE.finditer(region):
            nl_start = start + m.start()
            prefix = prefix_re.match(text, start + m.end())
            assert prefix is not None
            pieces.append((pos, nl_start))
            separators.append(text[nl_start : prefix.end()])
            pos = prefix.end()
        pieces.append((pos, end))
    else:
        pieces.append((start, end))

    if len(pieces) == 1:
        logical = region

        def to_logical(doc: int) -> int:
            return min(max(doc - start, 0), end - start)

        newline_at: set[int] = set()
    else:
        doc_starts: list[int] = []
        log_starts: list[int] = []
        cursor = 0
        for s, e in pieces:
            doc_starts.append(s)
            log_starts.append(cursor)
            cursor += e - s + 1  # the "\n" joining lines
        logical = "\n".join(text[s:e] for s, e in pieces)

        def to_logical(doc: int) -> int:
            i = bisect.bisect_right(doc_starts, doc) - 1
            if i < 0:
                return 0
            s, e = pieces[i]
            return log_starts[i] + min(max(doc - s, 0), e - s)

        newline_at = {log_starts[i] - 1 for i in range(1, len(pieces))}

    hard: list[int] = []
    markup: list[Markup] = []
    visible: list[tuple[int, int]] = []
    open_containers: list[tuple[str, int, str, int]] = []  # name, start, target, len(visible)
    atoms: list[tuple[int, int]] = []
    for tag, value, s, e in events:
        if tag == "Text" or tag == "SoftBreak":
            visible.append((to_logical(s), to_logical(e)))
        elif tag == "HardBreak":
            # The event may run past the newline over the next line's indentation; the break
            # is the newline itself, which is the end of a piece in logical offsets.
            at = _NEWLINE.search(text, s, e)
            nl = to_logical(at.start()) if at is not None else -1
            if nl in newline_at:
                hard.append(nl)
            visible.append((to_logical(s), to_logical(e)))
        elif tag.startswith("Start"):
            name = tag[5:]
            target = ""
            if type(value) is dict:
                info = value.get(name)
                if type(info) is dict:
                    target = str(info.get("dest_url", ""))
                    if info.get("link_type") in ("Autolink", "Email"):
                        name = "autolink"
            open_containers.append((name, to_logical(s), target, len(visible)))
        elif tag.startswith("End"):
            if open_containers:
                name, ls, target, mark = open_containers.pop()
                le = to_logical(e)
                if name == "autolink":
                    markup.append(Markup(ls, le, MarkupKind.ATOM, "autolink", target))
                    atoms.append((ls, le))
                    _drop_inside(visible, mark, ls, le)
                else:
                    markup.append(Markup(ls, le, MarkupKind.CONTAINER, name.lower(), target))
        elif tag in _ATOMS:
            ls, le = to_logical(s), to_logical(e)
            name = _ATOM_NAMES.get(tag, tag.lower())
            markup.append(Markup(ls, le, MarkupKind.ATOM, name))
            if name in ("code", "inlinemath", "displaymath"):
                atoms.append((ls, le))
    if tags[1]:
        template_atoms(tags, body_start, start, end, to_logical, markup, atoms)
        if only_templates(logical, markup):
            return None
    attributes = span_attributes(logical, markup) if markup and "{" in logical else []
    markup.extend(attributes)
    if markup:
        markup.sort(key=lambda m: (m.start, -m.end))
    hidden = _hidden(logical, visible, atoms)
    if attributes:  # markup to the segmenter, although the parser reads it as text
        hidden = tuple(sorted(hidden + tuple((a.start, a.end, "") for a in attributes)))

    width = 0
    layout = run.layout
    if len(pieces) > 1:
        layout = Layout.WRAPPED if run.layout is not Layout.TABLE_CELL else Layout.TABLE_CELL
        for s, e in pieces:
            ln = bisect.bisect_right(line_starts, s) - 1
            width = max(width, e - line_starts[ln])
    line = bisect.bisect_right(line_starts, start)
    column = start - line_starts[line - 1]
    return Block(
        run.kind,
        start,
        end,
        logical,
        line,
        layout,
        separators=tuple(separators) if layout is Layout.WRAPPED else (),
        width=width,
        column=column,
        markup=tuple(markup),
        hidden=hidden,
        hard_breaks=tuple(sorted(set(hard))),
    )


_ATOM_NAMES = ATOM_NAMES


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
    marks: list[tuple[int, int, str]] = []
    for s, e in atoms:
        marks.append((s, e, _STAND_IN))
    covered = sorted(visible + atoms)
    pos = 0
    n = len(logical)
    for s, e in covered:
        if s > pos:
            _gap(logical, pos, s, marks)
        if e > pos:
            pos = e
    if pos < n:
        _gap(logical, pos, n, marks)
    if len(marks) > 1:
        marks.sort()
    return tuple(marks)


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
