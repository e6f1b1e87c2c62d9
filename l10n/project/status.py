"""``status``: what each catalog holds, and whether ``build`` would publish its article.

Every catalog is read once, for both: its counts (:func:`~l10n.catalog.stats.catalog_stats`) and
the decision :func:`~l10n.project.building.publish_decision` takes exactly as ``build`` does,
without rendering or writing the article (and without splicing it when the decision cannot
depend on the splice). The articles are done on every core, a few at a time, so memory is
bounded by the largest article.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from l10n.catalog.publish import ArticleDecision
from l10n.catalog.stats import CatalogStats, catalog_stats
from l10n.catalog.store import load_catalog
from l10n.config import Config
from l10n.project.building import ArticleCatalogs, fallback_locales, publish_decision
from l10n.project.files import catalogs, load_article, po_path
from l10n.project.model import Article
from l10n.project.shards import Shard
from l10n.workers import ordered_map


@dataclass(frozen=True)
class CatalogStatus:
    """One catalog of an article, as ``status`` reports it."""

    article: Article
    """The article."""
    locale: str
    """The catalog's locale."""
    stats: CatalogStats
    """Its strings and words per state."""
    decision: ArticleDecision
    """Whether ``build`` (with the configuration's policies) publishes the article into
    :attr:`locale`, and why not."""


def project_status(config: Config, locales: Sequence[str], *,
                   shard: Shard | None = None) -> list[CatalogStatus]:
    """Every catalog of ``locales`` (of the articles of ``shard``), per article then locale; a
    missing catalog is an error telling to run extract, raised before any is read."""
    found = list(catalogs(config, locales, shard=shard))
    by_article: dict[Article, list[str]] = {}
    for article, locale, _ in found:
        by_article.setdefault(article, []).append(locale)
    work = functools.partial(_article_status, config)
    return [row for rows in ordered_map(work, list(by_article.items())) for row in rows]


def _article_status(config: Config, item: tuple[Article, list[str]]) -> list[CatalogStatus]:
    article, locales = item
    sdoc = load_article(config, article)
    held = ArticleCatalogs(config, article, {*locales, *fallback_locales(config, locales)})
    out = []
    for locale in locales:
        po = held.get(locale)
        if po is None:  # removed since it was listed: the error of a missing file
            po = load_catalog(po_path(config, article, locale))
        out.append(CatalogStatus(article, locale, catalog_stats(po),
                                 publish_decision(config, article, sdoc, locale, held)))
    return out
