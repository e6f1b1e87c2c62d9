"""Inline markup a translation must keep: link destinations, code spans, HTML, footnote refs.

Text between the markup is the translator's; the markup itself is not. ``markup_problem``
compares a translation with its source and says, in one phrase, what was lost or added.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pyromark

_OPTIONS = pyromark.Options.ENABLE_FOOTNOTES | pyromark.Options.ENABLE_STRIKETHROUGH


def markdown_atoms(text: str) -> Counter[tuple[str, str]]:
    """Multiset of the untranslatable pieces of one Markdown sentence."""
    atoms: Counter[tuple[str, str]] = Counter()
    depth = 0
    for event in pyromark.events(text, options=_OPTIONS):
        if isinstance(event, dict):
            ((tag, value),) = event.items()
            if tag == "Start" and isinstance(value, dict):
                name, info = next(iter(value.items()))
                if name in ("Link", "Image") and isinstance(info, dict):
                    atoms[(name.lower(), str(info.get("dest_url", "")))] += 1
                elif name == "CodeBlock":
                    depth += 1
            elif tag == "Code":
                atoms[("code", str(value))] += 1
            elif tag in ("InlineHtml", "Html"):
                atoms[("html", str(value).strip())] += 1
    # A sentence carries footnote references without their definitions, which the parser needs
    # to see them; count them by their spelling outside code spans instead.
    for m in _FOOTNOTE.finditer(_CODE_SPAN.sub("", text)):
        atoms[("footnote", m.group(1))] += 1
    return atoms


_CODE_SPAN = re.compile(r"(`+).*?\1", re.S)
_FOOTNOTE = re.compile(r"\[\^([^\]\s]+)\]")


_EMPHASIS = re.compile(r"(?<![\\*])(\*\*|\*|__|~~)(?!\*)")


def emphasis_problem(source: str, target: str) -> str | None:
    """None when every emphasis marker that is paired in the source is paired in the target."""

    def counts(text: str) -> Counter[str]:
        return Counter(m.group(1) for m in _EMPHASIS.finditer(_CODE_SPAN.sub("", text)))

    want, got = counts(source), counts(target)
    for marker in ("**", "*", "__", "~~"):
        if want[marker] % 2 == 0 and got[marker] % 2 == 1:
            return f"unbalanced {marker!r}: emphasis would leak into the rest of the paragraph"
    return None


def markup_problem(source: str, target: str, *, markdown: bool = True) -> str | None:
    """None when ``target`` keeps the markup of ``source``; otherwise what differs."""
    if not markdown:
        return None
    if "\n\n" in target.strip():
        return "a blank line would split the paragraph"
    want, got = markdown_atoms(source), markdown_atoms(target)
    if want != got:
        missing = want - got
        extra = got - want
        if missing:
            kind, value = next(iter(missing))
            return f"{kind} {value!r} is missing"
        kind, value = next(iter(extra))
        return f"{kind} {value!r} was added"
    return emphasis_problem(source, target)


_BLOCK_TAGS = frozenset({
    "Paragraph", "Heading", "List", "Item", "BlockQuote", "CodeBlock", "HtmlBlock", "Table",
    "TableHead", "TableRow", "TableCell", "FootnoteDefinition", "MetadataBlock",
})
_DOCUMENT_OPTIONS = (
    pyromark.Options.ENABLE_TABLES
    | pyromark.Options.ENABLE_FOOTNOTES
    | pyromark.Options.ENABLE_STRIKETHROUGH
    | pyromark.Options.ENABLE_TASKLISTS
)


def block_structure(markdown: str) -> list[str]:
    """The sequence of block-level events of a document: what a translation must not change."""
    out: list[str] = []
    for raw in pyromark.events(markdown, options=_DOCUMENT_OPTIONS):
        event: Any = raw
        if event == "Rule":
            out.append("Rule")
        elif isinstance(event, dict):
            ((tag, value),) = event.items()
            if tag in ("Start", "End"):
                name = value if isinstance(value, str) else next(iter(value))
                if name in _BLOCK_TAGS:
                    out.append(f"{tag}:{name}")
    return out
