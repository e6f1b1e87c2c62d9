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

``build`` and ``run`` publish with the policy of their options and the configuration;
``check`` (``--fuzzy``) and the review page use :data:`EVERY_TRANSLATION` as their scope,
``check --no-fuzzy`` uses :data:`REVIEWED_ONLY`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

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
