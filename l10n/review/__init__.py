"""The review page (``l10n review``): self-contained HTML that leads an editor to every
problem of the project's catalogs: one file for a small project, an index and one page per
article for a large one (:mod:`~l10n.review.pages`).

The package is the pipeline of the page: :mod:`~l10n.review.data` gathers what the other
commands decide (states, counts, findings), :mod:`~l10n.review.preview` builds the article as
``l10n build`` publishes it, :mod:`~l10n.review.render` writes the HTML with the style, script
and policy of :mod:`~l10n.review.assets`, and :mod:`~l10n.review.sanitize` keeps the rendered
preview inert. :func:`write_review` is the face the command uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from l10n.config import Config
from l10n.fsutil import atomic_write_text
from l10n.project import catalogs
from l10n.review.data import (
    STATE_LABELS,
    ReviewItem,
    ReviewRow,
    collect,
    provenance_note,
    review_items,
)
from l10n.review.diff import word_diff
from l10n.review.pages import pages_folder, remove_pages, write_split
from l10n.review.preview import PUBLISH_STATES, Preview, published_text
from l10n.review.render import lang_attrs, review_page

__all__ = [
    "PUBLISH_STATES",
    "STATE_LABELS",
    "Preview",
    "ReviewItem",
    "ReviewRow",
    "collect",
    "lang_attrs",
    "provenance_note",
    "published_text",
    "review_items",
    "review_page",
    "word_diff",
    "LAYOUTS",
    "SINGLE_LIMIT",
    "Layout",
    "Written",
    "write_review",
]


Layout = Literal["auto", "single", "split"]
"""How the review is written: ``single`` one page, ``split`` an index and a page per article,
``auto`` one page up to :data:`SINGLE_LIMIT` articles, split beyond."""

LAYOUTS: tuple[Layout, ...] = ("auto", "single", "split")
"""Every layout, for the command's choices."""

SINGLE_LIMIT = 50
"""The most articles ``auto`` puts on one page (a 326-article page weighed 7.6 MB)."""


@dataclass(frozen=True)
class Written:
    """What :func:`write_review` wrote."""

    path: Path
    """The page, or the index of a split review."""
    pages: int = 0
    """Article pages written next to it (0: one page)."""
    removed: int = 0
    """Pages of articles no longer reviewed that were removed."""


def write_review(
    config: Config,
    locales: Sequence[str],
    output: Path,
    *,
    title: str | None = None,
    generated: str | None = None,
    layout: Layout = "auto",
) -> Written:
    """Write the review to ``output`` in ``layout``, each file atomically.

    One page holds every catalog at once; a split review reads and writes one article at a
    time, then the index. Either way, pages of an earlier split review that this one does not
    write are removed."""
    stamp = generated or datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    heading = title or f"Translation review: {config.project}"
    if layout == "auto":
        count = len({article.stem for article, _, _ in catalogs(config, locales)})
        layout = "single" if count <= SINGLE_LIMIT else "split"
    if layout == "split":
        split = write_split(config, locales, output, title=heading, generated=stamp)
        return Written(split.index, split.pages, split.removed)
    page = review_page(collect(config, locales), title=heading, generated=stamp)
    atomic_write_text(output, page)
    return Written(output, 0, remove_pages(pages_folder(output), set()))
