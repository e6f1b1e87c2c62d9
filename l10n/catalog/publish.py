"""Which translations a build publishes, decided once: every command that asks "would this
entry's translation be in the article?" asks a :class:`PublishPolicy`.

A reviewed translation (not fuzzy) is always published. Fuzzy entries come in two kinds that
must never be confused:

- **drafts**: machine drafts, edited drafts and other fuzzy entries. Their text was written
  for the sentence as it is now; it is unreviewed, but it says what the source says (as far as
  the machine or the translator got). ``build --include-drafts`` publishes them, and so does
  ``run`` by default.
- **stale** translations: fuzzy with a ``#|`` previous msgid. Their text was written for an
  *older* source sentence and may say the opposite of the new one ("The minister resigned"
  kept for "The minister did not resign"). Only ``--include-stale`` (or ``[build]
  include_stale = true``) publishes them; no other option, default or alias does.

Untranslated, obsolete and header entries are never published.

Whether an *article* is published for a locale at all is decided here too, by an
:class:`ArticlePolicy` (``[build] min_percent``, ``required``, ``below`` and their per-locale
overrides): :func:`decide_article` gives an :class:`ArticleDecision` with its reasons.

``build`` and ``run`` publish with the policy of their options and the configuration;
``check`` (``--fuzzy``) and the review page use :data:`EVERY_TRANSLATION` as their scope,
``check --no-fuzzy`` uses :data:`REVIEWED_ONLY`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import polib

from l10n.catalog.state import EntryState, classify

DRAFT_STATES = frozenset({EntryState.MACHINE, EntryState.EDITED, EntryState.FUZZY})
"""Fuzzy entries whose text was written for the current source sentence."""


@dataclass(frozen=True)
class PublishPolicy:
    """Which kinds of translations go into a built article (reviewed ones always do)."""

    drafts: bool = False
    """Publish drafts: machine drafts, edited drafts and other fuzzy entries (not stale ones)."""
    stale: bool = False
    """Publish stale translations: fuzzy with a ``#|`` previous msgid, written for an older
    source sentence (they may say something else than the article now does)."""

    def publishes(self, state: EntryState) -> bool:
        """Whether an entry in ``state`` has its translation published under this policy."""
        if state is EntryState.TRANSLATED:
            return True
        if state in DRAFT_STATES:
            return self.drafts
        if state is EntryState.STALE:
            return self.stale
        return False

    def describe(self) -> str:
        """What is published, for people: ``reviewed translations and drafts``."""
        kinds = ["reviewed translations"]
        if self.drafts:
            kinds.append("drafts")
        if self.stale:
            kinds.append("stale translations")
        return " and ".join([", ".join(kinds[:-1]), kinds[-1]] if len(kinds) > 1 else kinds)


REVIEWED_ONLY = PublishPolicy()
"""The default of ``build``: reviewed translations only."""

EVERY_TRANSLATION = PublishPolicy(drafts=True, stale=True)
"""Every entry that has text: the scope of ``check`` and the review page."""


def published_translations(entries: Iterable[polib.POEntry], policy: PublishPolicy) -> dict[str, str]:
    """msgid -> msgstr of the entries ``policy`` publishes (singular, without context)."""
    out: dict[str, str] = {}
    for entry in entries:
        if entry.msgctxt or entry.msgid_plural:
            continue
        if policy.publishes(classify(entry)):
            out[entry.msgid] = entry.msgstr
    return out


# --- Whether an article is published at all -------------------------------------------------

Below = Literal["skip", "keep"]
"""What ``build`` does with an article below its policy: ``skip`` writes no file for it (and
removes the output an earlier build left, so the site serves no outdated translation), ``keep``
leaves the last published output as it is (or writes nothing when there is none)."""

BELOW_CHOICES: tuple[Below, ...] = ("skip", "keep")
"""The values of ``[build] below`` and ``--below``."""


@dataclass(frozen=True)
class ArticlePolicy:
    """When an article is published for a locale at all (the entries it then publishes are the
    :class:`PublishPolicy`'s business)."""

    min_percent: float = 0.0
    """Share (0..100) of the article's source words that must be in reviewed translations the
    build uses. Drafts and stale translations never count, even when they are published: they
    fill gaps, they do not make an article ready."""
    required: tuple[str, ...] = ()
    """Selectors (:data:`l10n.document.selectors.SELECTORS`) of blocks whose every sentence
    must have a reviewed translation the build uses."""
    below: Below = "skip"
    """What happens to an article that falls short."""

    @property
    def gated(self) -> bool:
        """Whether the policy can hold an article back at all."""
        return self.min_percent > 0 or bool(self.required)

    def describe(self) -> str:
        """``at least 80% of words reviewed; reviewed: title, first_paragraph; below: skip``."""
        if not self.gated:
            return "every article is published"
        parts = []
        if self.min_percent > 0:
            parts.append(f"at least {self.min_percent:g}% of words reviewed")
        if self.required:
            parts.append(f"reviewed: {', '.join(self.required)}")
        return "; ".join([*parts, f"below: {self.below}"])


@dataclass(frozen=True)
class ArticlePolicies:
    """The article policy of every locale: ``[build]`` with ``[build.locales.<locale>]``
    overrides, and the command line's options over both."""

    default: ArticlePolicy = ArticlePolicy()
    """The ``[build]`` policy, for locales without their own table."""
    locales: Mapping[str, ArticlePolicy] = field(default_factory=dict)
    """Per-locale policies (already filled in from :attr:`default`)."""

    def for_locale(self, locale: str) -> ArticlePolicy:
        """The policy that applies to ``locale``."""
        return self.locales.get(locale, self.default)

    def overridden(self, *, min_percent: float | None = None, required: tuple[str, ...] | None = None,
                   below: Below | None = None) -> ArticlePolicies:
        """The same policies with the options that are given (not None) set for every locale."""
        def changed(p: ArticlePolicy) -> ArticlePolicy:
            return ArticlePolicy(p.min_percent if min_percent is None else min_percent,
                                 p.required if required is None else required,
                                 p.below if below is None else below)
        return ArticlePolicies(changed(self.default),
                               {loc: changed(p) for loc, p in self.locales.items()})


@dataclass(frozen=True)
class ArticleDecision:
    """Whether one article is published for one locale, and why not."""

    publish: bool
    """The article meets its policy."""
    percent: float
    """Share (0..100) of its source words in reviewed translations the build uses."""
    reasons: tuple[str, ...]
    """Why it falls short, one phrase each (empty when published)."""
    below: Below
    """What ``build`` does when it falls short (the policy's :attr:`ArticlePolicy.below`)."""

    def describe(self) -> str:
        """``skipped: 42.0% of words reviewed (needs 80%); title not reviewed (1 sentence)``."""
        if self.publish:
            return f"published ({self.percent:.1f}% of words reviewed)"
        verb = "skipped" if self.below == "skip" else "kept as last published"
        return f"{verb}: {'; '.join(self.reasons)}"

    def to_json(self) -> dict[str, object]:
        """``{"publish": false, "percent_reviewed": 42.0, "reasons": [...], "below": "skip"}``."""
        return {"publish": self.publish, "percent_reviewed": round(self.percent, 2),
                "reasons": list(self.reasons), "below": self.below}


def decide_article(policy: ArticlePolicy, reviewed_words: int, total_words: int,
                   unreviewed: Mapping[str, int]) -> ArticleDecision:
    """Whether an article is published under ``policy``.

    ``reviewed_words`` of its ``total_words`` source words are in reviewed translations the build
    uses (an article without words counts as 100 %); ``unreviewed`` holds, per required selector,
    how many of the selected sentences lack one (selectors that select nothing are met)."""
    percent = 100.0 if total_words == 0 else 100.0 * reviewed_words / total_words
    reasons: list[str] = []
    if percent < policy.min_percent:
        reasons.append(f"{percent:.1f}% of words reviewed (needs {policy.min_percent:g}%)")
    for selector in policy.required:
        missing = unreviewed.get(selector, 0)
        if missing:
            reasons.append(f"{selector} not reviewed ({missing} sentence{'s' if missing != 1 else ''})")
    return ArticleDecision(not reasons, percent, tuple(reasons), policy.below)
