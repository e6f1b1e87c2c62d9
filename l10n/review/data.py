"""What the review page shows, read from the project: one row per catalog, one item per entry.

Nothing here is computed twice: the state of an entry is :func:`l10n.catalog.state.classify`,
the counts are :func:`l10n.catalog.stats.catalog_stats` (what ``l10n status`` prints), the
findings are those of :func:`l10n.project.check_project` (what ``l10n check`` prints: each
catalog's own, then the project checks'), and the preview
texts are what ``l10n build`` writes (:mod:`l10n.review.preview`). This module only gathers
them into frozen values; :mod:`l10n.review.render` turns those into HTML.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import polib

from l10n.catalog.checks import Finding
from l10n.catalog.provenance import parse_provenance
from l10n.catalog.state import EntryState, classify, is_header, previous_msgid
from l10n.catalog.stats import CatalogStats, catalog_stats
from l10n.config import Config
from l10n.project import (
    Article,
    article_groups,
    article_loaded,
    catalog_findings,
    project_findings,
    published_article,
)
from l10n.review.preview import Preview, preview

STATE_LABELS: dict[EntryState, str] = {
    EntryState.TRANSLATED: "reviewed",
    EntryState.MACHINE: "machine draft",
    EntryState.EDITED: "edited draft",
    EntryState.STALE: "stale",
    EntryState.FUZZY: "other fuzzy",
    EntryState.UNTRANSLATED: "untranslated",
}
"""The entry states the page lists, in filter order, with their labels (obsolete entries and
the header are counted in the summary but not listed)."""

HEADER_FIELDS = ("Last-Translator", "Language-Team", "PO-Revision-Date")
"""The PO header fields the page shows with each catalog."""


@dataclass(frozen=True)
class ReviewItem:
    """One message entry of a catalog."""

    msgid: str
    """The current source sentence."""
    msgstr: tuple[str, ...]
    """The translation (one text, or every plural form; empty texts when untranslated)."""
    state: EntryState
    """Its state, as :func:`l10n.catalog.state.classify` decides."""
    previous_msgid: str | None
    """The source before it changed (``#|``), or None."""
    provenance: str
    """Machine-translation provenance for humans (``pseudo 1.0, 2024-05-01``), or ""."""
    po_line: int
    """Line of the entry in the PO file (0 when unknown)."""
    sources: tuple[str, ...]
    """Where the sentence is in the source articles (``source/news.md:12``, from ``#:``)."""
    findings: tuple[Finding, ...] = ()
    """What ``l10n check`` reports for this entry."""
    msgctxt: str | None = None
    """The message context, if any."""
    comments: str = ""
    """Translator comments (``#``) other than the provenance line, as written."""
    flags: tuple[str, ...] = ()
    """The entry's flags other than ``fuzzy`` (``python-format``)."""


@dataclass(frozen=True)
class ReviewRow:
    """One catalog: an article in one locale."""

    article: str
    """Article stem (``world/bakhmut``)."""
    locale: str
    """Target locale (``pt_BR``)."""
    po_path: str
    """The PO file, as shown to the editor (relative to the project when possible)."""
    stats: CatalogStats
    """Counts per state, exactly those of ``l10n status``."""
    findings: tuple[Finding, ...]
    """Every finding of ``l10n check`` for the catalog, in its order."""
    items: tuple[ReviewItem, ...]
    """Every message entry (not obsolete, not the header), in PO file order."""
    source_language: str = ""
    """Language of the msgids (``en``), for the ``lang`` of source cells; "" when unknown."""
    preview: Preview | None = None
    """The article as published in each state, or None when not built."""
    header: tuple[tuple[str, str], ...] = ()
    """The header fields shown with the catalog (:data:`HEADER_FIELDS` present in the file)."""


def provenance_note(entry: polib.POEntry) -> str:
    """Short provenance of a machine draft (``pseudo 1.0, 2024-05-01, edited since``), or ""."""
    prov = parse_provenance(entry.tcomment or "")
    if prov is None:
        return ""
    parts = [f"{prov.engine} {prov.model}".strip(), *([prov.date] if prov.date else [])]
    if prov.via != "engine":
        parts.append(f"via {prov.via}")
    if entry.msgstr and not prov.matches(entry.msgstr):
        parts.append("edited since")
    return ", ".join(parts)


def _comments(entry: polib.POEntry) -> str:
    lines = (entry.tcomment or "").splitlines()
    return "\n".join(line for line in lines if not line.startswith("mt:"))


def _owner(findings: Sequence[Finding], entries: Sequence[polib.POEntry]) -> dict[int, list[Finding]]:
    """Index of the entry each finding belongs to: the entry at its PO line, else the first
    entry with its msgid; findings of no entry are left out (the catalog list shows them)."""
    by_line = {entry.linenum: i for i, entry in enumerate(entries) if entry.linenum}
    by_msgid: dict[str, int] = {}
    for i, entry in enumerate(entries):
        by_msgid.setdefault(entry.msgid, i)
    owners: dict[int, list[Finding]] = {}
    for finding in findings:
        index = by_line.get(finding.line)
        if index is None or entries[index].msgid != finding.msgid:
            index = by_msgid.get(finding.msgid)
        if index is not None:
            owners.setdefault(index, []).append(finding)
    return owners


def review_items(po: polib.POFile, findings: Sequence[Finding] = ()) -> list[ReviewItem]:
    """Every message entry of ``po`` in file order (header and obsolete skipped), each with its
    findings among ``findings``."""
    entries = [e for e in po if not e.obsolete and not is_header(e)]
    owners = _owner(findings, entries)
    items: list[ReviewItem] = []
    for index, entry in enumerate(entries):
        if entry.msgid_plural:
            forms = tuple(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural))
        else:
            forms = (entry.msgstr,)
        items.append(
            ReviewItem(
                msgid=entry.msgid,
                msgstr=forms,
                state=classify(entry),
                previous_msgid=previous_msgid(entry),
                provenance=provenance_note(entry),
                po_line=entry.linenum or 0,
                sources=tuple(f"{path}:{line}" if line else path for path, line in entry.occurrences),
                findings=tuple(owners.get(index, ())),
                msgctxt=entry.msgctxt,
                comments=_comments(entry),
                flags=tuple(flag for flag in entry.flags if flag != "fuzzy"),
            )
        )
    return items


def article_rows(config: Config, locales: Sequence[str], findings: Mapping[Path, Sequence[Finding]],
                 *, with_preview: bool = True) -> Iterator[list[ReviewRow]]:
    """The rows of one article at a time (one per locale, in locale order), article after
    article: each article is read, and its catalogs loaded and checked, only when its rows are
    asked for, so a caller that drops them before the next holds one article's data at a time.
    ``findings`` are those of the project checks (:func:`l10n.project.project_findings`): a
    row's findings are its catalog's own (:func:`l10n.project.catalog_findings`), then those,
    as ``l10n check`` lists them.

    A missing catalog is a :class:`~l10n.errors.CatalogError` telling to run ``l10n extract``.
    """
    for article, chosen in article_groups(config, locales, required=True):
        yield article_rows_of(config, article, chosen, findings, with_preview=with_preview)


def article_rows_of(config: Config, article: Article, chosen: Sequence[tuple[str, Path]],
                    findings: Mapping[Path, Sequence[Finding]], *,
                    with_preview: bool = True) -> list[ReviewRow]:
    """The rows of :func:`article_rows` of one ``article``, its catalogs ``chosen`` ((locale,
    PO file) pairs, :func:`l10n.project.article_groups`); ``findings`` need hold only theirs."""
    rows = []
    for loaded in article_loaded(config, article, chosen):
        path, po, locale = loaded.path, loaded.po, loaded.locale
        inside = path.is_relative_to(config.root)
        shown = path.relative_to(config.root).as_posix() if inside else str(path)
        found = (*catalog_findings(config, loaded), *findings.get(path, ()))
        shown_preview = None
        if with_preview:
            publish = partial(published_article, config, loaded.article, loaded.sdoc, locale, po)
            shown_preview = preview(loaded.sdoc, po, publish,
                                    by_table=not config.localize.chain(locale))
        rows.append(ReviewRow(
            article=loaded.article.stem,
            locale=locale,
            po_path=shown,
            stats=catalog_stats(po),
            findings=found,
            items=tuple(review_items(po, found)),
            source_language=config.source_language,
            preview=shown_preview,
            header=tuple((name, po.metadata[name]) for name in HEADER_FIELDS if po.metadata.get(name)),
        ))
    return rows


def collect(config: Config, locales: Sequence[str], *, with_preview: bool = True) -> list[ReviewRow]:
    """One row per article and locale (all configured locales when ``locales`` is empty), the
    whole project at once (the single page; :func:`article_rows` gives one article at a time).

    A missing catalog is a :class:`~l10n.errors.CatalogError` telling to run ``l10n extract``.
    """
    findings = project_findings(config, locales)
    return [row for rows in article_rows(config, locales, findings, with_preview=with_preview)
            for row in rows]
