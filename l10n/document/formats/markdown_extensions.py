"""Markdown beyond CommonMark, as pulldown-cmark reads it: the parser options of the
configured extensions, and the three that need help after parsing (an alert's marker line,
attribute-list lines and MDX's ``import``/``export`` statements and ``{...}`` expressions, which
pulldown-cmark leaves as text, become skeleton).

:class:`Run` is the unit both work on: the inline events that :mod:`.markdown` collects for one
block before it becomes a :class:`~l10n.document.model.Block`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pyromark

from l10n.document.formats import FormatOptions
from l10n.document.inline import ATTRIBUTE_LIST
from l10n.document.model import BlockKind, Layout

BASE_OPTIONS = (
    pyromark.Options.ENABLE_TABLES
    | pyromark.Options.ENABLE_FOOTNOTES
    | pyromark.Options.ENABLE_STRIKETHROUGH
    | pyromark.Options.ENABLE_TASKLISTS
)
"""What every Markdown article is read with: CommonMark plus GFM tables, footnotes,
strikethrough and task lists."""

_EXTENSION_OPTIONS = {
    "definition_lists": pyromark.Options.ENABLE_DEFINITION_LIST,
    "attributes": pyromark.Options.ENABLE_HEADING_ATTRIBUTES,
    "alerts": pyromark.Options.ENABLE_GFM,
    "mdx": pyromark.Options(0),
}
"""pulldown-cmark options of the extensions of :data:`~l10n.document.formats.MARKDOWN_EXTENSIONS`."""


def parser_options(options: FormatOptions) -> pyromark.Options:
    """The pulldown-cmark options an article is read with."""
    flags = BASE_OPTIONS
    for name in options.extensions:
        flags |= _EXTENSION_OPTIONS[name]
    return flags


@dataclass(slots=True)
class Run:
    """Inline events collected for one block."""

    kind: BlockKind
    layout: Layout
    quote_depth: int
    events: list[tuple[str, Any, int, int]] = field(default_factory=list)
    skip_to: int = -1
    """Document offset before which the block's text is markup (a callout's ``[!TIP]-``)."""


_CALLOUT = re.compile(r"\[![A-Za-z][\w-]*\][+-]?[ \t]*")
"""An alert or callout marker that pulldown-cmark leaves as text: Obsidian's and Hugo's
``> [!tip]- Custom title``, or a type GitHub does not know."""


def split_callout(run: Run, text: str) -> list[Run]:
    """A quote paragraph that opens with a callout marker: the marker is skeleton, and the title
    after it on the same line is a block of its own, apart from the lines that follow."""
    first = run.events[0] if run.events else None
    if first is None or first[0] != "Text":
        return [run]
    found = _CALLOUT.match(text, first[2])
    line_start = text.rfind("\n", 0, first[2]) + 1
    if found is None or text[line_start : first[2]].strip(" \t>") != "":
        return [run]
    breaks = [i for i, event in enumerate(run.events) if event[0] in ("SoftBreak", "HardBreak")]
    title = Run(run.kind, run.layout, run.quote_depth, run.events[: breaks[0]] if breaks else run.events,
                 skip_to=found.end())
    if not breaks:
        return [title]
    return [title, Run(run.kind, run.layout, run.quote_depth, run.events[breaks[0] + 1 :])]


def drop_attribute_lines(run: Run, text: str, start: int, end: int) -> bool:
    """Leave a first or last line that is only an attribute list to the skeleton; whether any
    event was dropped. ``[start, end)`` holds every event of the run (the block's bounds, which
    the caller has already found)."""
    events = run.events
    if text.find("{", start, end) < 0:
        return False  # every attribute list opens with "{"
    count = len(events)
    breaks = [i for i, event in enumerate(events) if event[0] == "SoftBreak"]
    if not breaks:
        if _is_attribute_list(events, text):
            events.clear()
        return len(events) != count
    last = breaks[-1]
    if _is_attribute_list(events[last + 1 :], text):
        del events[last:]
    first = breaks[0]
    if first < len(events) and _is_attribute_list(events[:first], text):
        del events[: first + 1]
    return len(events) != count


def _is_attribute_list(events: list[tuple[str, Any, int, int]], text: str) -> bool:
    if not events or any(event[0] != "Text" for event in events):
        return False
    line = text[events[0][2] : events[-1][3]]
    return ATTRIBUTE_LIST.fullmatch(line.strip()) is not None


_ESM = re.compile(
    r"(?:import|export)[ \t]+(?:\{|\*|['\"]|(?:default|const|let|var|function|async|class|type)\b"
    r"|[A-Za-z_$][\w$]*[ \t]*(?:,|from\b))"
)
"""The first line of an MDX ESM block (``import X from '...'``, ``export const X = ...``): code
that MDX runs, never prose. A sentence does not open with a lower-case ``import {``."""


_PARAGRAPH = BlockKind.PARAGRAPH
"""Read once: ``BlockKind.PARAGRAPH`` goes through EnumType.__getattr__ at every read."""


def is_mdx_code(run: Run, text: str) -> bool:
    """Whether a top-level paragraph is MDX code rather than prose: an ``import``/``export``
    statement (MDX reads it up to the next blank line) or a ``{...}`` expression on its own (a
    JSX comment ``{/* ... */}`` or a value), which MDX evaluates and never prints as text."""
    if run.kind is not _PARAGRAPH or run.quote_depth or not run.events:
        return False
    start = run.events[0][2]
    line_start = text.rfind("\n", 0, start) + 1
    if line_start != start:
        return False  # indented: not at the top level of the document
    end = run.events[-1][3]
    if _ESM.match(text, start, end):
        return True
    return text.startswith("{", start, end) and text[start:end].rstrip().endswith("}")
