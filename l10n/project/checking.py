"""What ``l10n check`` reports for an article's catalog and for the project, on exactly the
entries ``build`` would publish, and what ``build`` may splice in (:func:`publish_table`).

A project is checked one catalog at a time (:func:`loaded_catalogs`): each catalog's own
findings (:func:`catalog_findings`), and the small facts the project checks keep of it
(:class:`ProjectFindings`); ``l10n check`` reports both (:func:`check_project`), the review
takes the project's first (:func:`project_findings`) and checks each catalog as it renders it."""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import polib

from l10n.catalog.checks import (
    CatalogUnit,
    CheckContext,
    Finding,
    ProjectChecks,
    ProjectInput,
    Severity,
    catalog_refusals,
    check_catalog,
    entry_finding,
)
from l10n.catalog.publish import (
    EVERY_TRANSLATION,
    PublishPolicy,
    published_translations,
)
from l10n.catalog.state import EntryState, classify
from l10n.catalog.store import (
    load_catalog,
)
from l10n.config import Config
from l10n.document.assemble import Finish, assemble
from l10n.document.localize import date_finisher
from l10n.document.model import SegmentedDocument
from l10n.project.files import catalogs, display, load_article
from l10n.project.model import Article


def publish_table(po: polib.POFile, policy: PublishPolicy) -> tuple[dict[str, str], dict[str, str]]:
    """What ``build`` may splice into an article from ``po``: msgid -> msgstr of the entries
    ``policy`` publishes, less those a whole-entry check refuses (returned as msgid -> why)."""
    table = published_translations(po, policy)
    refused = {msgid: problem for msgid, problem in catalog_refusals(po).items()
               if table.pop(msgid, None) is not None}
    return table, refused


def check_context(config: Config, article: Article, locale: str | None,
                  sdoc: SegmentedDocument | None = None) -> CheckContext:
    """What the checks know of ``article``'s catalog for ``locale``."""
    sdoc = sdoc or load_article(config, article)
    return CheckContext(config.source_language, locale, sdoc.document.references,
                        display(config, article.path))


def check_article(config: Config, article: Article, po: polib.POFile, *,
                  scope: PublishPolicy = EVERY_TRANSLATION, locale: str | None = None) -> list[Finding]:
    """Everything ``l10n check`` reports for one catalog of ``article`` (into ``locale``), on the
    entries ``scope`` publishes: the checks of :data:`~l10n.catalog.checks.CHECKS` on every
    entry, and, as ERROR findings, the translations a build with that policy would refuse only
    once spliced into the article (its whole-article structure and front-matter guards). So
    every translation ``build`` refuses is reported."""
    return _check_loaded(load_article(config, article), po, check_context(config, article, locale),
                         article.format, scope, date_finisher(locale, config.localize))


def _check_loaded(sdoc: SegmentedDocument, po: polib.POFile, context: CheckContext,
                  article_format: str, scope: PublishPolicy, finish: Finish | None = None) -> list[Finding]:
    locale = context.target_locale
    findings = check_catalog(po, article_format, context)
    table, _ = publish_table(po, scope)
    for guarded in assemble(sdoc, table.get, locale, finish).guarded:
        entry = po.find(guarded.msgid)
        if entry is not None:
            findings.append(entry_finding(entry, guarded.check, Severity.ERROR, guarded.message, context))
        else:
            findings.append(Finding(guarded.check, Severity.ERROR, guarded.message, guarded.msgid,
                                    0, False, context.article, locale or "", guarded.line))
    # Fuzzy entries outside the scope are left out; findings on any other entry always count.
    states = {entry.msgid: classify(entry) for entry in po if not entry.obsolete}
    return [f for f in findings
            if not (state := states.get(f.msgid, EntryState.TRANSLATED)).is_draft
            or scope.publishes(state)]


@dataclass(frozen=True)
class LoadedCatalog:
    """One catalog of the project read for checking, with its article."""

    article: Article
    """The article."""
    locale: str
    """The catalog's locale."""
    path: Path
    """The PO file."""
    po: polib.POFile
    """The catalog."""
    sdoc: SegmentedDocument
    """The article, parsed and segmented (once for all its locales)."""
    unit: CatalogUnit
    """The catalog as the project checks see it."""


def article_catalogs(config: Config, locales: Sequence[str], only: Collection[Path] | None = None,
                     *, required: bool = False) -> Iterator[tuple[Article, Iterator[LoadedCatalog]]]:
    """Every article with its catalogs of ``locales`` that exist (of ``only`` when given; with
    ``required`` a missing one is the error of :func:`~l10n.project.files.catalogs`). The
    article is parsed once for all its catalogs, and each catalog is read only when asked for,
    so a caller that drops it before the next holds one catalog at a time."""
    for article, chosen in article_groups(config, locales, only, required=required):
        yield article, article_loaded(config, article, chosen)


def article_groups(config: Config, locales: Sequence[str], only: Collection[Path] | None = None,
                   *, required: bool = False) -> Iterator[tuple[Article, list[tuple[str, Path]]]]:
    """The articles of :func:`article_catalogs`, each with its (locale, PO file) pairs, nothing
    read yet: what a worker process needs to load them (:func:`article_loaded`)."""
    for article, group in itertools.groupby(catalogs(config, locales, required=required),
                                            key=lambda t: t[0]):
        chosen = [(locale, path) for _, locale, path in group if only is None or path in only]
        if chosen:
            yield article, chosen


def article_loaded(config: Config, article: Article,
                   chosen: Sequence[tuple[str, Path]]) -> Iterator[LoadedCatalog]:
    """The catalogs ``chosen`` of ``article``, each read when asked for, the article parsed
    once for all of them."""
    sdoc: SegmentedDocument | None = None
    for locale, path in chosen:
        po = load_catalog(path)
        sdoc = sdoc or load_article(config, article)
        unit = CatalogUnit(po, display(config, path), check_context(config, article, locale, sdoc))
        yield LoadedCatalog(article, locale, path, po, sdoc, unit)


def loaded_catalogs(config: Config, locales: Sequence[str],
                    only: Collection[Path] | None = None) -> Iterator[LoadedCatalog]:
    """The catalogs of :func:`article_catalogs`, one after the other."""
    for _, group in article_catalogs(config, locales, only):
        yield from group


def catalog_findings(config: Config, loaded: LoadedCatalog,
                     scope: PublishPolicy = EVERY_TRANSLATION) -> list[Finding]:
    """What ``l10n check`` reports for one catalog alone (:func:`check_article`)."""
    return _check_loaded(loaded.sdoc, loaded.po, loaded.unit.context, loaded.article.format, scope,
                         date_finisher(loaded.locale, config.localize))


class ProjectFindings:
    """The project checks (:data:`~l10n.catalog.checks.PROJECT_CHECKS`) of one run: :meth:`add`
    each catalog as it streams past, then :meth:`findings` (which reads again the few catalogs
    a check must quote). Nothing of a catalog is kept but the checks' small facts."""

    def __init__(self, config: Config, locales: Sequence[str], scope: PublishPolicy) -> None:
        self._config = config
        self._locales = locales
        self._checks = ProjectChecks(ProjectInput(config.root, scope.drafts or scope.stale,
                                                  config.glossary_path))
        self._paths: dict[str, Path] = {}

    def add(self, loaded: LoadedCatalog) -> None:
        """Feed one catalog (each once, in project order)."""
        self._paths[loaded.unit.file] = loaded.path
        self._checks.add(loaded.unit)

    def findings(self) -> Iterator[tuple[Path, Finding]]:
        """(PO file, finding) of every project check, in table order."""
        def reread(files: Collection[str]) -> Iterator[CatalogUnit]:
            only = {self._paths[file] for file in files}
            return (loaded.unit for loaded in loaded_catalogs(self._config, self._locales, only))

        for file, finding in self._checks.findings(reread):
            yield self._paths[file], finding


def check_project(config: Config, locales: Sequence[str], *,
                  scope: PublishPolicy = EVERY_TRANSLATION) -> Iterator[tuple[Path, Finding]]:
    """Everything ``l10n check`` reports: (PO file, finding) for every catalog's findings
    (:func:`check_article`, on the entries ``scope`` publishes), then the project checks across
    catalogs (:data:`~l10n.catalog.checks.PROJECT_CHECKS`). Found as they are yielded, one
    catalog in memory at a time."""
    project = ProjectFindings(config, locales, scope)
    for loaded in loaded_catalogs(config, locales):
        for finding in catalog_findings(config, loaded, scope):
            yield loaded.path, finding
        project.add(loaded)
    yield from project.findings()


def project_findings(config: Config, locales: Sequence[str], *,
                     scope: PublishPolicy = EVERY_TRANSLATION) -> dict[Path, list[Finding]]:
    """The findings of the project checks alone (the end of :func:`check_project`), by PO file:
    what a caller that checks each catalog itself (:func:`catalog_findings`) adds to them."""
    project = ProjectFindings(config, locales, scope)
    for loaded in loaded_catalogs(config, locales):
        project.add(loaded)
    by_file: dict[Path, list[Finding]] = {}
    for path, finding in project.findings():
        by_file.setdefault(path, []).append(finding)
    return by_file
