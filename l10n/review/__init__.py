"""The review page (``l10n review``): one self-contained HTML file that leads an editor to
every problem of the project's catalogs.

The package is the pipeline of the page: :mod:`~l10n.review.data` gathers what the other
commands decide (states, counts, findings), :mod:`~l10n.review.preview` builds the article as
``l10n build`` publishes it, :mod:`~l10n.review.render` writes the HTML with the style, script
and policy of :mod:`~l10n.review.assets`, and :mod:`~l10n.review.sanitize` keeps the rendered
preview inert. :func:`write_review` is the face the command uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from l10n.config import Config
from l10n.fsutil import atomic_write_text
from l10n.review.data import (
    STATE_LABELS,
    ReviewItem,
    ReviewRow,
    collect,
    provenance_note,
    review_items,
)
from l10n.review.diff import word_diff
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
    "write_review",
]


def write_review(
    config: Config,
    locales: Sequence[str],
    output: Path,
    *,
    title: str | None = None,
    generated: str | None = None,
) -> Path:
    """Collect the rows, render the page and write it atomically to ``output``; returns it."""
    stamp = generated or datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    heading = title or f"Translation review: {config.project}"
    page = review_page(collect(config, locales), title=heading, generated=stamp)
    atomic_write_text(output, page)
    return output
