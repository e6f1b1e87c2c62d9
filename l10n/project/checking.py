"""What ``l10n check`` reports for an article's catalog and for the project, on exactly the
entries ``build`` would publish, and what ``build`` may splice in (:func:`publish_table`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polib

from l10n.catalog.checks import (
    CatalogUnit,
    CheckContext,
    Finding,
    ProjectInput,
    Severity,
    catalog_refusals,
    check_catalog,
    entry_finding,
    run_project_checks,
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


def check_project(config: Config, locales: Sequence[str], *,
                  scope: PublishPolicy = EVERY_TRANSLATION) -> list[tuple[Path, Finding]]:
    """Everything ``l10n check`` reports: (PO file, finding) for every catalog's findings
    (:func:`check_article`, on the entries ``scope`` publishes), then the project checks across
    catalogs (:data:`~l10n.catalog.checks.PROJECT_CHECKS`)."""
    out: list[tuple[Path, Finding]] = []
    units: list[CatalogUnit] = []
    paths: dict[str, Path] = {}
    for article, locale, path in catalogs(config, locales, required=False):
        po, sdoc = load_catalog(path), load_article(config, article)
        context = check_context(config, article, locale, sdoc)
        out += [(path, f) for f in _check_loaded(sdoc, po, context, article.format, scope,
                                                 date_finisher(locale, config.localize))]
        unit = CatalogUnit(po, display(config, path), context)
        units.append(unit)
        paths[unit.file] = path
    found = run_project_checks(ProjectInput(tuple(units), config.root, scope.drafts or scope.stale,
                                            config.glossary_path))
    return out + [(paths[unit.file], f) for unit, f in found]
