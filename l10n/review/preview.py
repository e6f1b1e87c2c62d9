"""The article as it would be published, for the review page's side-by-side preview.

The localized texts come from the code ``l10n build`` runs (:func:`l10n.project.publish_table`
then :func:`l10n.document.assemble.assemble`), once per publishing state of
:data:`PUBLISH_STATES`; :func:`published_text` is the one place that asks, so a change of the
build's publishing options is one edit here. :func:`article_html` renders an article for the
browser: Markdown through pyromark, with every raw HTML span of the text (from the source or
from a translation) turned into visible text first, and the result passed through the
allow-list of :mod:`l10n.review.sanitize`; plain text as preformatted text.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import polib
import pyromark

from l10n.catalog.publish import REVIEWED_ONLY, PublishPolicy
from l10n.document.assemble import assemble
from l10n.document.model import SegmentedDocument
from l10n.project import publish_table
from l10n.review.sanitize import sanitize

PUBLISH_STATES: tuple[tuple[str, PublishPolicy], ...] = (
    ("Reviewed only", REVIEWED_ONLY),
    ("With drafts", PublishPolicy(drafts=True)),
    ("With drafts and stale", PublishPolicy(drafts=True, stale=True)),
)
"""(label, build policy) of every publishing state the preview shows: plain ``build``,
``build --include-drafts`` (and ``run``), ``build --include-drafts --include-stale``."""


@dataclass(frozen=True)
class Preview:
    """One article in one locale, as source and as published."""

    format: str
    """The article's format registry name (``markdown``, ``text``)."""
    source: str
    """The source article."""
    published: tuple[tuple[str, str], ...]
    """(label of the publishing state, localized article) per state of :data:`PUBLISH_STATES`."""


def published_text(sdoc: SegmentedDocument, po: polib.POFile, policy: PublishPolicy) -> str:
    """The localized article ``l10n build`` writes from ``po`` under ``policy``."""
    table, _ = publish_table(po, policy)
    return assemble(sdoc, table.get).text


def preview(sdoc: SegmentedDocument, po: polib.POFile,
            publish: Callable[[PublishPolicy], str] | None = None, *, by_table: bool = True) -> Preview:
    """The source of ``sdoc`` and its localized text in every publishing state: ``publish``
    (the article ``build`` writes under a policy, :func:`l10n.project.published_article`, with
    its fallback locales, dates and lang), else :func:`published_text`.

    ``by_table`` says the text depends on the policy only through what it publishes of ``po``
    (:func:`l10n.project.publish_table`): true of :func:`published_text`, and of ``build``'s
    article for a locale without ``[build.fallback]`` locales (whose catalogs the policy also
    filters). Then two states that publish the same translations share one article, assembled
    once (a catalog of machine drafts and no stale entry has two distinct states of three)."""
    made: list[tuple[dict[str, str], str]] = []

    def text(policy: PublishPolicy) -> str:
        table = publish_table(po, policy)[0] if by_table else None
        same = next((done for made_for, done in made if made_for == table), None)
        if same is not None:
            return same
        done = publish(policy) if publish is not None else published_text(sdoc, po, policy)
        if table is not None:
            made.append((table, done))
        return done

    return Preview(
        format=sdoc.document.format,
        source=sdoc.document.text,
        published=tuple((label, text(policy)) for label, policy in PUBLISH_STATES),
    )


_OPTIONS = (
    pyromark.Options.ENABLE_TABLES
    | pyromark.Options.ENABLE_FOOTNOTES
    | pyromark.Options.ENABLE_STRIKETHROUGH
    | pyromark.Options.ENABLE_YAML_STYLE_METADATA_BLOCKS
    | pyromark.Options.ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
)


def _raw_html_as_text(markdown: str) -> str:
    """``markdown`` with every raw HTML span (inline tags, HTML block lines) written as
    character references, so the renderer shows it as text instead of passing it through."""
    data = markdown.encode("utf-8")
    spans: list[tuple[int, int]] = []
    for raw, rng in pyromark.events_with_range(markdown, options=_OPTIONS):
        event = cast(Any, raw)
        if type(event) is dict and next(iter(event)) in ("Html", "InlineHtml"):
            spans.append((int(rng["start"]), int(rng["end"])))
    out: list[bytes] = []
    pos = 0
    for start, end in sorted(set(spans)):
        if start < pos:
            continue
        out.append(data[pos:start])
        piece = data[start:end].decode("utf-8")
        newline = "\n" if piece.endswith("\n") else ""
        escaped = "".join(f"&#{ord(c)};" if c in "<>&" else c for c in piece.rstrip("\n"))
        out.append((escaped + newline).encode("utf-8"))
        pos = end
    out.append(data[pos:])
    return b"".join(out).decode("utf-8")


def markdown_html(markdown: str) -> str:
    """Safe HTML of a Markdown article: raw HTML shown as text, then the allow-list."""
    return sanitize(pyromark.html(_raw_html_as_text(markdown), options=_OPTIONS))


def article_html(text: str, article_format: str) -> str:
    """Safe HTML of an article in ``article_format`` for the preview."""
    if article_format == "markdown":
        return markdown_html(text)
    return f"<pre>{html.escape(text, quote=True)}</pre>"
