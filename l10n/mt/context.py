"""The article around a message, for engines that translate with context.

A PO file is one article in one locale, its entries in article order (extraction writes them
so). :class:`Article` reads what a context engine (:class:`~l10n.mt.engines.base.ContextEngine`)
gets besides the text: the article's title (the front-matter ``title``, else the first
heading), the messages right before and after, and the proper names of the whole article (the
``names`` check's definition, :func:`l10n.catalog.checks.names.source_names`), so that a name, a
person's gender and a term stay the same from one paragraph to the next.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import polib

from l10n.catalog.checks.names import source_names
from l10n.glossary.match import terms_in
from l10n.glossary.model import Glossary
from l10n.mt.engines.base import ContextItem

MAX_NAMES = 40
"""Most names sent with a request (the most frequent of the article)."""


@dataclass(frozen=True)
class Article:
    """One PO file's messages in order, as context."""

    msgids: tuple[str, ...]
    """Every live message, in file (article) order."""
    position: Mapping[str, int]
    """Message -> its index in :attr:`msgids`."""
    title: str
    """The article's title, "" when it has none."""
    names: tuple[str, ...]
    """Proper names of the article, most frequent first (at most :data:`MAX_NAMES`)."""

    @classmethod
    def of(cls, po: polib.POFile, source_locale: str) -> Article:
        """The context of the article ``po`` translates."""
        entries = [e for e in po if not e.obsolete and e.msgid]
        msgids = tuple(e.msgid for e in entries)
        title = next((e.msgid for e in entries if _kind(e, "front matter: title")), "")
        if not title:
            title = next((e.msgid for e in entries if _kind(e, "heading")), "")
        counts: Counter[str] = Counter()
        for msgid in msgids:
            counts.update(source_names(msgid, source_locale))
        names = tuple(name for name, _ in counts.most_common(MAX_NAMES))
        position: dict[str, int] = {}
        for index, msgid in enumerate(msgids):
            position.setdefault(msgid, index)
        return cls(msgids, position, title, names)

    def neighbours(self, msgid: str) -> tuple[str, str]:
        """The messages before and after ``msgid`` ("" at either end, or when unknown)."""
        index = self.position.get(msgid)
        if index is None:
            return "", ""
        before = self.msgids[index - 1] if index > 0 else ""
        after = self.msgids[index + 1] if index + 1 < len(self.msgids) else ""
        return before, after

    def item(self, key: str, msgid: str, text: str, glossary: Glossary, locale: str) -> ContextItem:
        """The :class:`ContextItem` of ``msgid`` (sent as ``text``, masked) under ``key``."""
        before, after = self.neighbours(msgid)
        terms = tuple(dict.fromkeys((m.found, m.target) for m in terms_in(glossary, msgid, locale)))
        return ContextItem(key, text, title=self.title if self.title != msgid else "",
                           before=before, after=after, names=self.names, terms=terms)


def _kind(entry: polib.POEntry, kind: str) -> bool:
    return any(line.strip() == kind or line.strip().startswith(kind + " ")
               for line in (entry.comment or "").splitlines())


def items_for(
    article: Article, msgids: Sequence[str], texts: Sequence[str], glossary: Glossary, locale: str
) -> list[ContextItem]:
    """One :class:`ContextItem` per message of a batch, keyed ``"1"``, ``"2"``..."""
    return [article.item(str(index + 1), msgid, text, glossary, locale)
            for index, (msgid, text) in enumerate(zip(msgids, texts, strict=True))]
