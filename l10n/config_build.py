"""The ``[build]`` keys that decide whether an article is published at all: ``min_percent``,
``required``, ``below`` and the ``[build.locales.<locale>]`` tables overriding them, validated
into :class:`l10n.catalog.publish.ArticlePolicies` (for :func:`l10n.config.config_from_mapping`,
whose validator names the file and key in every error)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol, cast

from l10n.catalog.publish import BELOW_CHOICES, ArticlePolicies, ArticlePolicy, Below
from l10n.document.selectors import selector_problem


class Validator(Protocol):
    """What is needed of :mod:`l10n.config`'s validator: each method raises ``ConfigError``
    naming the key."""

    def fail(self, key: str, message: str) -> None: ...
    def table(self, data: Mapping[str, Any], key: str, allowed: set[str]) -> Mapping[str, Any]: ...
    def choice(self, key: str, value: Any, allowed: tuple[str, ...]) -> str: ...
    def locale(self, key: str, value: Any) -> str: ...


ARTICLE_KEYS = ("min_percent", "required", "below")


def article_policies(v: Validator, build: Mapping[str, Any], locales: tuple[str, ...]) -> ArticlePolicies:
    """``[build]`` ``min_percent`` / ``required`` / ``below`` and the ``[build.locales.X]``
    tables that override them for one locale (keys they leave out come from ``[build]``)."""
    default = _article_policy(v, "build", build, ArticlePolicy())
    per_locale_raw = build.get("locales", {})
    if not isinstance(per_locale_raw, dict):
        v.fail("build.locales", "must hold one table per locale, e.g. [build.locales.pt_BR] min_percent = 90")
    per_locale: dict[str, ArticlePolicy] = {}
    for key in per_locale_raw:
        loc = v.locale(f"build.locales.{key}", key)
        if loc not in locales:
            v.fail(f"build.locales.{key}", f"'{key}' is not in locales ({', '.join(locales)})")
        if loc in per_locale:
            v.fail(f"build.locales.{key}", f"names {loc} again; keep one table per locale")
        if not isinstance(per_locale_raw[key], dict):
            v.fail(f"build.locales.{key}", "must be a table of min_percent, required, below")
        table = v.table({f"build.locales.{key}": per_locale_raw[key]}, f"build.locales.{key}",
                        set(ARTICLE_KEYS))
        per_locale[loc] = _article_policy(v, f"build.locales.{key}", table, default)
    return ArticlePolicies(default, per_locale)


def _article_policy(v: Validator, where: str, table: Mapping[str, Any], base: ArticlePolicy) -> ArticlePolicy:
    minimum = table.get("min_percent", base.min_percent)
    if isinstance(minimum, bool) or not isinstance(minimum, (int, float)) or not 0 <= minimum <= 100:
        v.fail(f"{where}.min_percent", "must be a number from 0 to 100 (a share of the article's words)")
    required = table.get("required", list(base.required))
    if not isinstance(required, list) or not all(isinstance(x, str) for x in required):
        v.fail(f"{where}.required", 'must be a list of block selectors, e.g. ["title", "first_paragraph"]')
    for selector in required:
        problem = selector_problem(selector)
        if problem:
            v.fail(f"{where}.required", problem)
    below = v.choice(f"{where}.below", table.get("below", base.below), BELOW_CHOICES)
    return ArticlePolicy(float(minimum), tuple(dict.fromkeys(required)), cast(Below, below))
