"""Names for the parts of an article a publish policy can require to be reviewed.

``[build] required = ["title", "first_paragraph"]`` (or ``build --require title``) names blocks
of the article whose every sentence must have a reviewed translation before the article is
published for a locale (:class:`l10n.catalog.publish.ArticlePolicy`). The names mean:

- ``title``: the front-matter ``title`` value, and the article's first heading when no paragraph
  comes before it (Markdown ``# Title``, a plain-text title over a ``===`` rule); an article
  with neither (plain text without a title) has its first block as its title.
- ``first_paragraph``: the first paragraph of the body that is not the title.
- ``headings``: every heading.
- ``front_matter``: every translated front-matter value; ``front_matter.KEY`` the values of one
  key path (``front_matter.description``, ``front_matter.seo.title``).

A selector that selects nothing in an article (``headings`` in an article without any) is met.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from l10n.document.model import Block, BlockKind, SegmentedDocument

SELECTORS: tuple[str, ...] = ("title", "first_paragraph", "headings", "front_matter")
"""The selector names; ``front_matter.KEY`` may name one front-matter key path as well."""

_KEY_SELECTOR = re.compile(r"front_matter\.([A-Za-z0-9_*-]+(?:\.[A-Za-z0-9_*-]+)*)")
_BODY = (BlockKind.PARAGRAPH, BlockKind.LINE)


def selector_problem(selector: str) -> str | None:
    """Why ``selector`` is not a selector (for configuration and option errors), or None."""
    if selector in SELECTORS or _KEY_SELECTOR.fullmatch(selector):
        return None
    return (f"unknown block selector {selector!r}; selectors: {', '.join(SELECTORS)}, "
            "front_matter.KEY")


def selected_blocks(document_blocks: tuple[Block, ...], selector: str) -> list[int]:
    """Indexes of the blocks ``selector`` names (see the module docstring)."""
    body = [i for i, b in enumerate(document_blocks) if b.kind is not BlockKind.FRONT_MATTER]
    if selector == "headings":
        return [i for i in body if document_blocks[i].kind is BlockKind.HEADING]
    if selector == "front_matter":
        return [i for i, b in enumerate(document_blocks) if b.kind is BlockKind.FRONT_MATTER]
    if selector == "title":
        return _title(document_blocks, body)
    if selector == "first_paragraph":
        title = set(_title(document_blocks, body))
        return [i for i in body if i not in title and document_blocks[i].kind in _BODY][:1]
    m = _KEY_SELECTOR.fullmatch(selector)
    if m is None:
        raise ValueError(selector_problem(selector))
    key = m.group(1)
    return [i for i, b in enumerate(document_blocks) if b.kind is BlockKind.FRONT_MATTER
            and (b.note == key or b.note.startswith(key + "."))]


def _title(blocks: tuple[Block, ...], body: list[int]) -> list[int]:
    chosen = [i for i, b in enumerate(blocks) if b.kind is BlockKind.FRONT_MATTER and b.note == "title"]
    for i in body:
        if blocks[i].kind is BlockKind.HEADING:
            chosen.append(i)
            break
        if blocks[i].kind in _BODY:
            break
    if not chosen and body:
        chosen.append(body[0])
    return chosen


def selected_msgids(sdoc: SegmentedDocument, selectors: Iterable[str]) -> dict[str, set[str]]:
    """Per selector, the msgids of the sentences of the blocks it names."""
    out: dict[str, set[str]] = {}
    for selector in selectors:
        wanted = set(selected_blocks(sdoc.document.blocks, selector))
        out[selector] = {s.msgid for s in sdoc.segments if s.block in wanted}
    return out
