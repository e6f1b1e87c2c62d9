"""Checks across all the catalogs of a project: what no single entry shows.

:data:`PROJECT_CHECKS` is the second, smaller table: each check reads every catalog at once
(consistency: the same source sentence translated differently in two articles). A check that
needs a project file, such as a glossary, plugs in here: it gets the project's root with the
catalogs (:class:`ProjectInput`). All are WARNINGS: ``build`` publishes one article at a
time and refuses nothing for them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import polib

from l10n.catalog.checks.base import CheckContext, Finding, Severity, entry_finding


@dataclass(frozen=True)
class CatalogUnit:
    """One catalog of the project, as the project checks see it."""

    po: polib.POFile
    """The catalog."""
    file: str
    """The PO file, as shown in findings."""
    context: CheckContext
    """Its article and locales, as its entries are checked."""


@dataclass(frozen=True)
class ProjectInput:
    """What a project check reads."""

    units: tuple[CatalogUnit, ...]
    """Every catalog checked, in order."""
    root: Path | None = None
    """The project's root (where a project file such as a glossary is), None when unknown."""
    include_fuzzy: bool = True
    """Whether fuzzy translations count (``check --no-fuzzy`` leaves them out)."""
    glossary: Path | None = None
    """The project's glossary file (``glossary.tsv``, ``[glossary] path``), None when none."""


ProjectRun = Callable[[ProjectInput], Iterable[tuple[CatalogUnit, Finding]]]


@dataclass(frozen=True)
class ProjectCheck:
    """One rule of :data:`PROJECT_CHECKS`."""

    name: str
    """Short name shown with every finding."""
    severity: Severity
    """The severity of its findings."""
    run: ProjectRun
    """The catalogs -> (catalog, finding) for every problem found."""
    why: str = ""
    """One line: why this severity."""


def _translations(unit: CatalogUnit, include_fuzzy: bool) -> Iterable[polib.POEntry]:
    for entry in unit.po:
        if entry.obsolete or not entry.msgid or not entry.msgstr:
            continue
        if include_fuzzy or "fuzzy" not in entry.flags:
            yield entry


def consistent_translations(project: ProjectInput) -> Iterable[tuple[CatalogUnit, Finding]]:
    """The same source sentence has one translation per locale across the project: each entry
    translated otherwise than the sentence's other entries gets a warning naming another."""
    seen: dict[tuple[str, str], list[tuple[CatalogUnit, polib.POEntry]]] = {}
    for unit in project.units:
        locale = unit.context.target_locale or ""
        for entry in _translations(unit, project.include_fuzzy):
            seen.setdefault((locale, entry.msgid), []).append((unit, entry))
    for group in seen.values():
        if len({entry.msgstr for _, entry in group}) < 2:
            continue
        for unit, entry in group:
            other_unit, other = next((u, e) for u, e in group if e.msgstr != entry.msgstr)
            message = (f"translated differently in {other_unit.file}:{other.linenum or 0}: "
                       f"{_short(other.msgstr)!r}")
            yield unit, entry_finding(entry, "consistency", Severity.WARNING, message, unit.context)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _glossary(project: ProjectInput) -> Iterable[tuple[CatalogUnit, Finding]]:
    from l10n.glossary.catalog import glossary_check  # the glossary package reads these types

    return glossary_check(project)


def _name_forms(project: ProjectInput) -> Iterable[tuple[CatalogUnit, Finding]]:
    from l10n.catalog.checks.names import names_consistent  # names.py reads these types

    return names_consistent(project)


PROJECT_CHECKS: tuple[ProjectCheck, ...] = (
    ProjectCheck("consistency", Severity.WARNING, consistent_translations,
                 "two translations may both be right (context differs); an editor decides"),
    ProjectCheck("glossary", Severity.WARNING, _glossary,
                 "an inflected term (primeiros-ministros) or a rephrasing can be right; "
                 "--strict makes it fail CI"),
    ProjectCheck("name-forms", Severity.WARNING, _name_forms,
                 "one of the two forms may be an accepted exonym; an editor picks one"),
)
"""Every project check, in the order findings are reported."""


def run_project_checks(project: ProjectInput) -> list[tuple[CatalogUnit, Finding]]:
    """The findings of every check of :data:`PROJECT_CHECKS`, in table order."""
    return [found for check in PROJECT_CHECKS for found in check.run(project)]
