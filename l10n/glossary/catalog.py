"""The glossary in catalogs: the ``#. glossary:`` note on entries that contain a term, and the
``glossary`` findings of ``l10n check``.

The note is an extracted comment (``#.``) of each locale's PO file, not of the POT: the
template has no locale, and what a translator must write depends on it. Since a merge takes
extracted comments from the template (as msgmerge does), ``extract`` writes the note after the
merge, every time, from the glossary alone: the same glossary and source give the same bytes,
so ``extract --check`` stays clean, and an edited glossary refreshes every note.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import polib

from l10n.catalog.checks import Finding, Severity
from l10n.catalog.checks.base import entry_finding
from l10n.catalog.state import classify
from l10n.errors import LocaleError
from l10n.glossary.load import load_glossary
from l10n.glossary.match import note, violations
from l10n.glossary.model import Glossary
from l10n.locales import normalize_locale

if TYPE_CHECKING:  # extract annotates catalogs: the glossary check's types only for mypy
    from l10n.catalog.checks.project import CatalogUnit, ProjectInput

NOTE_PREFIX = "glossary: "
"""How the note's line starts among an entry's extracted comments."""

SEVERITY = Severity.WARNING
"""Glossary findings are warnings: a translation that inflects a term (``primeiros-ministros``)
or rephrases around it can be right, and a warning never makes ``build`` drop a sentence back
to the source language; ``check --strict`` makes them fail CI."""


def annotate(po: polib.POFile, glossary: Glossary, locale: str) -> None:
    """Replace the glossary note of every entry of ``po`` (a catalog of ``locale``) by the
    current one: added where the msgid contains a term, removed where it no longer does."""
    for entry in po:
        if entry.obsolete:
            continue
        lines = [line for line in entry.comment.splitlines() if not line.startswith(NOTE_PREFIX)]
        text = note(glossary, entry.msgid, locale) if glossary.rules else ""
        if text:
            lines.append(text)
        entry.comment = "\n".join(lines)


def catalog_locale(po: polib.POFile) -> str | None:
    """The locale a catalog says it is for (its ``Language`` header), or ``None``."""
    value = po.metadata.get("Language", "").strip()
    if not value:
        return None
    try:
        return normalize_locale(value)
    except LocaleError:
        return None


def _reasons(glossary: Glossary, entry: polib.POEntry, locale: str) -> list[str]:
    texts = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
    reasons: list[str] = []
    for text in texts:
        if text:
            reasons += [r for r in violations(glossary, entry.msgid, text, locale) if r not in reasons]
    return reasons


def glossary_findings(po: polib.POFile, glossary: Glossary, locale: str | None = None) -> list[Finding]:
    """A WARNING finding for every translated or fuzzy entry of ``po`` that does not follow the
    glossary (``locale`` defaults to the catalog's ``Language`` header)."""
    locale = locale or catalog_locale(po)
    if locale is None or not glossary.rules:
        return []
    return [Finding("glossary", SEVERITY, reason, entry.msgid, entry.linenum or 0,
                    classify(entry).is_draft)
            for entry in po if not entry.obsolete and entry.msgid
            for reason in _reasons(glossary, entry, locale)]


def glossary_check(project: ProjectInput) -> Callable[[CatalogUnit], Iterator[Finding]]:
    """The ``glossary`` project check (:data:`~l10n.catalog.checks.PROJECT_CHECKS`): the
    project's glossary file, read once, and the check of every entry of a catalog against it."""
    glossary = load_glossary(project.glossary) if project.glossary is not None else None

    def check(unit: CatalogUnit) -> Iterator[Finding]:
        if glossary is None or not glossary.rules:
            return
        locale = unit.context.target_locale or catalog_locale(unit.po)
        if locale is None:
            return
        for entry in unit.po:
            if entry.obsolete or not entry.msgid:
                continue
            if not project.include_fuzzy and "fuzzy" in entry.flags:
                continue
            for reason in _reasons(glossary, entry, locale):
                yield entry_finding(entry, "glossary", SEVERITY, reason, unit.context)

    return check
