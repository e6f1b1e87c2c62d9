"""``l10n accept-cosmetic``: clear the stale entries whose source only changed cosmetically.

An edited sentence keeps its old translation as a stale entry (fuzzy, ``#|`` previous msgid),
and ``build`` publishes none of them. When :func:`l10n.catalog.triage.triage` finds the edit
cosmetic (quotes, punctuation, white space, case, a number's punctuation, a typo fix), the old
translation still says what the source says: this command removes ``fuzzy`` and ``#|`` so it
counts as reviewed again, after carrying the mechanical part of the edit into it
(:func:`l10n.catalog.triage.carry`). Meaning changes stay stale.

A translation that still carries a ``# mt:`` machine-translation comment may never have been
reviewed (the merge cannot tell a reviewed draft from an unreviewed one once its source
changed), so for those only ``#|`` goes: they stay drafts (``fuzzy``) for a person to review,
and their text is left as the machine wrote it. An entry whose translation, once carried, would
fail one of ``check``'s errors (the source gained or lost an emphasis, a code span, a link)
stays stale too: markup is not carried. Plural entries are left alone.

Every catalog is read before any is written; files are written atomically through
:class:`l10n.catalog.store.PoStyle`, under the lock on the locales folder.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import polib

from l10n.catalog.carry import carry
from l10n.catalog.checks import Severity, check_entry, entry_scopes
from l10n.catalog.provenance import has_provenance, parse_provenance
from l10n.catalog.state import EntryState, classify, previous_msgid, restore_previous
from l10n.catalog.store import PoStyle, load_catalog
from l10n.catalog.triage import Triage, triage
from l10n.config import Config
from l10n.document.inline import References
from l10n.fsutil import locked
from l10n.project import Article, catalogs, load_article


@dataclass(frozen=True)
class Accepted:
    """One stale entry whose source edit was cosmetic, and what was done to it."""

    article: str
    """Article stem (``world/bakhmut``)."""
    locale: str
    """Target locale."""
    po_path: Path
    """The catalog."""
    line: int
    """Line of the entry in the PO file as it was read (0 when unknown)."""
    old: str
    """The previous source (``#|``)."""
    new: str
    """The current source (msgid)."""
    triage: Triage
    """Why the edit is cosmetic, with the word diff."""
    translation: str
    """The translation before."""
    carried: str
    """The translation after (equal to ``translation`` when nothing was mechanical)."""
    changes: tuple[str, ...]
    """What changed in the translation (empty: kept as it was)."""
    reviewed: bool
    """Whether the entry now counts as reviewed; False for a machine draft, which stays fuzzy."""


@dataclass(frozen=True)
class Refused:
    """A cosmetic stale entry left stale because ``build`` would refuse its translation."""

    article: str
    """Article stem."""
    locale: str
    """Target locale."""
    po_path: Path
    """The catalog."""
    line: int
    """Line of the entry in the PO file (0 when unknown)."""
    new: str
    """The current source."""
    problem: str
    """Why (the first error of :data:`l10n.catalog.checks.CHECKS`, e.g. emphasis lost)."""


@dataclass(frozen=True)
class AcceptReport:
    """What ``accept-cosmetic`` did (or, with ``dry_run``, would do)."""

    accepted: tuple[Accepted, ...]
    """The cosmetic stale entries, in catalog and file order."""
    meaning: int
    """Stale entries whose source changed in meaning: left stale."""
    refused: tuple[Refused, ...]
    """Cosmetic ones left stale: the translation no longer fits the source's markup (an
    emphasis or code span added or removed), which no mechanical edit carries over."""
    skipped: int
    """Stale plural entries, left alone."""
    written: tuple[Path, ...]
    """Catalogs written (none with ``dry_run``)."""


def _machine_text(entry: polib.POEntry) -> bool:
    return has_provenance(entry) or parse_provenance(entry.tcomment) is not None


def _accept_entry(entry: polib.POEntry, found: Triage, old: str) -> tuple[str, tuple[str, ...], bool]:
    """Clear ``entry``'s stale marks (and ``fuzzy`` unless it is machine text); returns the new
    translation, what changed in it, and whether it is now reviewed."""
    restore_previous(entry)
    entry.previous_msgid = None
    entry.previous_msgid_plural = None
    entry.previous_msgctxt = None
    if _machine_text(entry):
        return entry.msgstr, (), False
    done = carry(old, entry.msgid, entry.msgstr)
    entry.msgstr = done.text
    entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    return done.text, done.changes, True


def accept_cosmetic(
    config: Config, names: Sequence[str] = (), locales: Sequence[str] = (), *, dry_run: bool = False
) -> AcceptReport:
    """Clear the cosmetic stale entries of the articles ``names`` (all when empty) in
    ``locales`` (all configured when empty); ``dry_run`` writes nothing."""
    style = PoStyle.of(config)
    accepted: list[Accepted] = []
    refused: list[Refused] = []
    meaning = skipped = 0
    references: dict[str, References] = {}
    planned: list[tuple[Path, polib.POFile]] = []
    with locked(config.locales_dir):
        for article, locale, path in catalogs(config, locales, names):
            po = load_catalog(path)
            changed = False
            for entry in po:
                if classify(entry) is not EntryState.STALE:
                    continue
                old = previous_msgid(entry)
                if old is None:
                    continue
                if entry.msgid_plural:
                    skipped += 1
                    continue
                found = triage(old, entry.msgid, language=config.source_language)
                if not found.cosmetic:
                    meaning += 1
                    continue
                problem = _build_error(config, article, entry, carry(old, entry.msgid, entry.msgstr).text,
                                       references)
                if problem is not None:
                    refused.append(Refused(article.stem, locale, path, entry.linenum or 0, entry.msgid, problem))
                    continue
                before = entry.msgstr
                after, changes, reviewed = _accept_entry(entry, found, old)
                accepted.append(Accepted(article.stem, locale, path, entry.linenum or 0, old,
                                         entry.msgid, found, before, after, changes, reviewed))
                changed = True
            if changed:
                planned.append((path, po))
        written = [] if dry_run else [path for path, po in planned if style.save(path, po)]
    return AcceptReport(tuple(accepted), meaning, tuple(refused), skipped, tuple(written))


def _build_error(config: Config, article: Article, entry: polib.POEntry, text: str,
                 references: dict[str, References]) -> str | None:
    """The error ``check`` would report for ``text`` as the translation of ``entry``, or None."""
    if article.rel not in references:
        references[article.rel] = load_article(config, article).document.references
    for _, severity, message in check_entry(entry.msgid, text, entry_scopes(entry, article.format),
                                            references[article.rel]):
        if severity is Severity.ERROR:
            return message
    return None
