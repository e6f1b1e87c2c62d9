"""Block structure of a Markdown text: what a translation must never change.

The build splices translations into the article and compares the block-level events (headings,
lists, quotes, tables, code blocks...) of the result with the source's; the checks compare a
translated message with its source the same way (:mod:`l10n.catalog.checks`).
"""

from __future__ import annotations

from typing import Any

import pyromark

_BLOCK_TAGS = frozenset({
    "Paragraph", "Heading", "List", "Item", "BlockQuote", "CodeBlock", "HtmlBlock", "Table",
    "TableHead", "TableRow", "TableCell", "FootnoteDefinition", "MetadataBlock",
    "DefinitionList", "DefinitionListTitle", "DefinitionListDefinition",
})
_DOCUMENT_OPTIONS = (
    pyromark.Options.ENABLE_TABLES
    | pyromark.Options.ENABLE_FOOTNOTES
    | pyromark.Options.ENABLE_STRIKETHROUGH
    | pyromark.Options.ENABLE_TASKLISTS
    | pyromark.Options.ENABLE_DEFINITION_LIST
    | pyromark.Options.ENABLE_GFM
    | pyromark.Options.ENABLE_HEADING_ATTRIBUTES
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
