"""The article-level publish decision for one built article, from what the build put in it.

:func:`l10n.catalog.publish.decide_article` decides on numbers; this module gets them from an
article: its source words in reviewed translations the build uses (by
:func:`l10n.catalog.stats.count_words`, as ``status`` counts words), and the sentences of the
blocks the policy requires (:mod:`l10n.document.selectors`) that lack one. ``build`` calls it
once per article and locale, and ``status`` reports what ``build`` would decide.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

from l10n.catalog.publish import ArticleDecision, ArticlePolicy, decide_article
from l10n.catalog.state import EntryState
from l10n.catalog.stats import count_words
from l10n.document.model import SegmentedDocument
from l10n.document.selectors import selected_msgids


def article_decision(sdoc: SegmentedDocument, states: Mapping[str, EntryState],
                     published: Collection[str], policy: ArticlePolicy) -> ArticleDecision:
    """Whether the article ``sdoc`` is published under ``policy``, when its sentences' entries are
    in ``states`` (msgid -> state) and the build used the translations of ``published``."""
    reviewed = {m for m, state in states.items() if _counts(state) and m in published}
    total = sum(count_words(m) for m in states)
    done = sum(count_words(m) for m in reviewed)
    unreviewed = {selector: len(msgids - reviewed)
                  for selector, msgids in selected_msgids(sdoc, policy.required).items()}
    return decide_article(policy, done, total, unreviewed)


def _counts(state: EntryState | None) -> bool:
    """Whether a sentence whose entry is in ``state`` counts toward publishing its article once
    the build uses its translation: only reviewed ones do (drafts and stale translations fill
    gaps, they do not make an article ready)."""
    return state is EntryState.TRANSLATED


def splice_decides(states: Mapping[str, EntryState], offered: Iterable[str]) -> bool:
    """Whether :func:`article_decision` can depend on which of the translations ``offered``
    (msgids) the build uses. When it cannot (none of them counts), ``article_decision(sdoc,
    states, (), policy)`` is what the build decides, and ``status`` need not splice the article
    to report it."""
    return any(_counts(states.get(m)) for m in offered)
