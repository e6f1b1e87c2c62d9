"""Checks across all the catalogs of a project: what no single entry shows.

:data:`PROJECT_CHECKS` is the second, smaller table. A project check reads the project's
catalogs one at a time, in order, each while it is loaded (:meth:`ProjectRun.add`), and keeps
only the small facts it needs; once every catalog is read it gives its findings
(:meth:`ProjectRun.findings`), reading again the few catalogs it must quote. So a project is
checked in the memory of its largest catalog, not of all of them: consistency (the same source
sentence translated differently in two articles) keeps a digest per entry on disk
(:mod:`.consistency`); the glossary and name-form checks judge each catalog alone. A check
that needs a project file, such as a glossary, gets the project's root and settings
(:class:`ProjectInput`). All are WARNINGS: ``build`` publishes one article at a time and
refuses nothing for them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import polib

from l10n.catalog.checks.base import CheckContext, Finding, Severity


@dataclass(frozen=True)
class CatalogUnit:
    """One catalog of the project, as the project checks see it."""

    po: polib.POFile
    """The catalog."""
    file: str
    """The PO file, as shown in findings (unique in the project)."""
    context: CheckContext
    """Its article and locales, as its entries are checked."""


@dataclass(frozen=True)
class ProjectInput:
    """What a project check knows of the project besides its catalogs."""

    root: Path | None = None
    """The project's root (where a project file such as a glossary is), None when unknown."""
    include_fuzzy: bool = True
    """Whether fuzzy translations count (``check --no-fuzzy`` leaves them out)."""
    glossary: Path | None = None
    """The project's glossary file (``glossary.tsv``, ``[glossary] path``), None when none."""


Reread = Callable[[Collection[str]], Iterable[CatalogUnit]]
"""The catalogs of the given files (:attr:`CatalogUnit.file`) read again, in project order."""

Found = tuple[str, Finding]
"""A finding with the file (:attr:`CatalogUnit.file`) of the catalog it is in."""


class ProjectRun(Protocol):
    """One project check over one project: fed every catalog, then asked for its findings."""

    def add(self, unit: CatalogUnit) -> None:
        """Read one catalog (each once, in project order); keep no reference to it."""

    def findings(self, reread: Reread) -> Iterator[Found]:
        """Every finding, in report order, once the last catalog is added."""


@dataclass(frozen=True)
class ProjectCheck:
    """One rule of :data:`PROJECT_CHECKS`."""

    name: str
    """Short name shown with every finding."""
    severity: Severity
    """The severity of its findings."""
    start: Callable[[ProjectInput], ProjectRun]
    """A new run of the check over a project."""
    why: str = ""
    """One line: why this severity."""


CatalogRun = Callable[[CatalogUnit], Iterable[Finding]]
"""A project check that judges one catalog at a time: catalog -> its findings."""


class PerCatalog:
    """A :class:`ProjectRun` of a check that judges each catalog alone (its findings are still
    reported with the project's, after every catalog's own)."""

    def __init__(self, run: CatalogRun) -> None:
        self._run = run
        self._found: list[Found] = []

    def add(self, unit: CatalogUnit) -> None:
        self._found += [(unit.file, finding) for finding in self._run(unit)]

    def findings(self, reread: Reread) -> Iterator[Found]:
        yield from self._found


def per_catalog(prepare: Callable[[ProjectInput], CatalogRun]) -> Callable[[ProjectInput], ProjectRun]:
    """The :attr:`ProjectCheck.start` of a check that judges each catalog alone: ``prepare``
    reads what the check needs of the project once (a glossary file) and gives the check."""
    return lambda project: PerCatalog(prepare(project))


def translations(unit: CatalogUnit, include_fuzzy: bool) -> Iterator[polib.POEntry]:
    """The entries of ``unit`` whose translation a project check compares: not obsolete, with
    a msgid and a (singular) translation, not fuzzy unless ``include_fuzzy``."""
    for entry in unit.po:
        if entry.obsolete or not entry.msgid or not entry.msgstr:
            continue
        if include_fuzzy or "fuzzy" not in entry.flags:
            yield entry


def _consistency(project: ProjectInput) -> ProjectRun:
    from l10n.catalog.checks.consistency import Consistency  # it reads these types

    return Consistency(project)


def _glossary(project: ProjectInput) -> CatalogRun:
    from l10n.glossary.catalog import glossary_check  # the glossary package reads these types

    return glossary_check(project)


def _name_forms(project: ProjectInput) -> CatalogRun:
    from l10n.catalog.checks.names import names_consistent  # names.py reads these types

    return lambda unit: names_consistent(unit, project.include_fuzzy)


PROJECT_CHECKS: tuple[ProjectCheck, ...] = (
    ProjectCheck("consistency", Severity.WARNING, _consistency,
                 "two translations may both be right (context differs); an editor decides"),
    ProjectCheck("glossary", Severity.WARNING, per_catalog(_glossary),
                 "an inflected term (primeiros-ministros) or a rephrasing can be right; "
                 "--strict makes it fail CI"),
    ProjectCheck("name-forms", Severity.WARNING, per_catalog(_name_forms),
                 "one of the two forms may be an accepted exonym; an editor picks one"),
)
"""Every project check, in the order findings are reported."""


class ProjectChecks:
    """Every check of :data:`PROJECT_CHECKS` over one project: :meth:`add` each catalog as it
    is loaded, then :meth:`findings`."""

    def __init__(self, project: ProjectInput) -> None:
        self._runs = [check.start(project) for check in PROJECT_CHECKS]

    def add(self, unit: CatalogUnit) -> None:
        """Feed one catalog to every check (each catalog once, in project order)."""
        for run in self._runs:
            run.add(unit)

    def findings(self, reread: Reread) -> Iterator[Found]:
        """Every finding, check after check in table order."""
        for run in self._runs:
            yield from run.findings(reread)


def run_project_checks(project: ProjectInput, units: Iterable[CatalogUnit]) -> list[Found]:
    """The findings of every check of :data:`PROJECT_CHECKS` on ``units`` (read again from the
    same iterable when a check asks: for catalogs already in memory), in table order."""
    kept = list(units)
    checks = ProjectChecks(project)
    for unit in kept:
        checks.add(unit)
    return list(checks.findings(lambda files: [u for u in kept if u.file in files]))
