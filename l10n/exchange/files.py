"""``l10n xliff export`` / ``import``: XLIFF files for CAT tools, one per article and locale.

Export writes ``<folder>/<locale>/<article>.xlf`` (default folder ``build/xliff``) from each
catalog: every active singular entry becomes a unit (:mod:`l10n.exchange.units`), atomically
written and only when its bytes change.

Import reads every file given before it writes anything: a file that is not XLIFF 1.2 or 2.0,
declares a DTD or entities, names an article or locale the project does not have, or holds a
unit id no entry has (its sentence changed since the export), is an error naming file and line,
and no catalog is changed. Then each unit is applied to its entry
(:func:`l10n.exchange.apply.apply_unit`) and every catalog that changed is written through
:class:`l10n.catalog.store.PoStyle` with its fingerprint checked (a translator's save since
the read is never overwritten), under the lock on the locales folder.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polib

from l10n.catalog.store import (
    CatalogChanged,
    PoStyle,
    Snapshot,
    load_catalog,
    load_catalog_snapshot,
)
from l10n.config import Config
from l10n.errors import CatalogError
from l10n.exchange.apply import Action, apply_unit
from l10n.exchange.read import ReadUnit, read_xliff
from l10n.exchange.units import XliffVersion, bcp47, entry_unit, exportable, unit_id
from l10n.exchange.write import FileHeader, check_xml_text, render_xliff
from l10n.exchange.xmlread import XliffError, parse_xml
from l10n.fsutil import atomic_write_text, locked
from l10n.project import Action as FileAction
from l10n.project import catalogs, discover, po_path
from l10n.safe_files import check_path, read_regular_bytes

MAX_XLIFF_BYTES = 64 * 1024 * 1024
"""The largest XLIFF file import reads."""


@dataclass(frozen=True)
class Exported:
    """One XLIFF file written (or found unchanged) by export."""

    path: Path
    """The file."""
    article: str
    """The article's catalog name (``world/bakhmut``)."""
    locale: str
    """The locale."""
    units: int
    """How many units it holds."""
    action: FileAction
    """Created, updated or unchanged."""


@dataclass(frozen=True)
class ExportReport:
    """What export did."""

    files: tuple[Exported, ...]
    """Every file, per article and locale."""
    plurals: int
    """Plural entries left out (XLIFF units here are single sentences)."""


@dataclass(frozen=True)
class Imported:
    """What import did to one unit's entry."""

    file: Path
    """The XLIFF file."""
    line: int | None
    """Line of the unit in it."""
    po_path: Path
    """The catalog."""
    msgid: str
    """The entry's source."""
    action: Action
    """Unchanged, edited, reviewed, unreviewed or refused."""
    detail: str
    """Why, or the problem of a refused unit."""


@dataclass(frozen=True)
class ImportReport:
    """What import did."""

    units: tuple[Imported, ...]
    """Every unit of every file, in order."""
    written: tuple[Path, ...]
    """Catalogs written."""

    def count(self, action: Action) -> int:
        """How many units had ``action``."""
        return sum(1 for unit in self.units if unit.action == action)


def default_folder(config: Config) -> Path:
    """Where export writes without ``-o``: ``build/xliff``."""
    return config.build_dir / "xliff"


def export_xliff(config: Config, names: Sequence[str], locales: Sequence[str], *,
                 folder: Path | None = None, version: XliffVersion = "1.2") -> ExportReport:
    """Write the XLIFF file of every article ``names`` (all when empty) and locale."""
    out_dir = (folder or default_folder(config)).resolve()
    files: list[Exported] = []
    plurals = 0
    with locked(out_dir):
        for article, locale, path in catalogs(config, locales, names):
            po = load_catalog(path)
            entries = [e for e in po if exportable(e)]
            plurals += sum(1 for e in po if e.msgid_plural and not e.obsolete)
            for entry in entries:
                _check_entry(entry, path)
            header = FileHeader(article.rel, bcp47(config.source_language), bcp47(locale),
                                article.format == "markdown")
            text = render_xliff(header, [entry_unit(e) for e in entries], version)
            target = out_dir / locale / f"{article.stem}.xlf"
            check_path(out_dir, target, symlinks=config.symlinks, inside=config.inside, error=CatalogError)
            files.append(Exported(target, article.stem, locale, len(entries), _write(target, text)))
    return ExportReport(tuple(files), plurals)


def _check_entry(entry: polib.POEntry, path: Path) -> None:
    for value in (entry.msgid, entry.msgstr, entry.comment or "", entry.tcomment or "", entry.msgctxt or ""):
        try:
            check_xml_text(value, f"the entry {entry.msgid[:40]!r}")
        except CatalogError as exc:
            raise CatalogError(exc.message, path=path, line=entry.linenum) from exc


def _write(path: Path, text: str) -> FileAction:
    try:
        old = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        old = None
    except (OSError, UnicodeDecodeError):
        old = ""
    if old == text:
        return FileAction.UNCHANGED
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, text)
    return FileAction.CREATED if old is None else FileAction.UPDATED


_REPLANS = 3
"""How often import re-reads a catalog that changed on disk before it gives up."""


@dataclass
class _Catalog:
    """A catalog being imported into, and the units for it."""

    label: str
    """``article [locale]``, for errors."""
    po: polib.POFile
    snapshot: Snapshot
    entries: dict[str, polib.POEntry]
    work: list[tuple[Path, ReadUnit]] = field(default_factory=list)


def import_xliff(config: Config, files: Sequence[Path]) -> ImportReport:
    """Apply the XLIFF ``files`` to their catalogs (see the module docstring)."""
    style = PoStyle.of(config)
    results: list[Imported] = []
    written: list[Path] = []
    with locked(config.locales_dir):
        planned = _plan(config, files)
        for path, catalog in planned.items():
            for attempt in range(_REPLANS):
                outcomes = [_apply(path, catalog, file, unit) for file, unit in catalog.work]
                try:
                    after = style.replace(path, catalog.po, catalog.snapshot)
                except CatalogChanged:  # a translator saved it meanwhile: apply to the new text
                    if attempt == _REPLANS - 1:
                        raise
                    _reload(path, catalog)
                    continue
                results += outcomes
                if after != catalog.snapshot:
                    written.append(path)
                break
    order = {file: i for i, file in enumerate(files)}
    results.sort(key=lambda r: (order.get(r.file, 0), r.line or 0))
    return ImportReport(tuple(results), tuple(written))


def _plan(config: Config, files: Sequence[Path]) -> dict[Path, _Catalog]:
    """Every file read and every unit matched to its entry, before anything is written."""
    articles = {a.rel: a for a in discover(config)}
    locales = {bcp47(locale).lower(): locale for locale in config.locales}
    planned: dict[Path, _Catalog] = {}
    for file in files:
        doc = parse_xml(read_regular_bytes(file, limit=MAX_XLIFF_BYTES, error=XliffError), file)
        _, parts = read_xliff(doc)
        for part in parts:
            article = articles.get(part.original)
            if article is None:
                raise XliffError(f"is for the article {part.original!r}, which this project "
                                 "does not have (see paths.source)", path=file, line=part.line)
            locale = locales.get(part.target_language.lower())
            if locale is None:
                raise XliffError(f"is for the language {part.target_language!r}, not one of the "
                                 f"project's locales ({', '.join(config.locales)})", path=file,
                                 line=part.line)
            path = po_path(config, article, locale)
            if path not in planned:
                planned[path] = _load(path, f"{article.stem} [{locale}]")
            catalog = planned[path]
            for unit in part.units:
                _entry(catalog, file, unit)
                catalog.work.append((file, unit))
    return planned


def _load(path: Path, label: str) -> _Catalog:
    if not path.exists():
        raise CatalogError("no catalog yet; run `l10n extract` first", path=path)
    po, snapshot = load_catalog_snapshot(path)
    return _Catalog(label, po, snapshot, _index(po))


def _reload(path: Path, catalog: _Catalog) -> None:
    catalog.po, catalog.snapshot = load_catalog_snapshot(path)
    catalog.entries = _index(catalog.po)


def _index(po: polib.POFile) -> dict[str, polib.POEntry]:
    return {unit_id(e.msgctxt, e.msgid): e for e in po if exportable(e)}


def _entry(catalog: _Catalog, file: Path, unit: ReadUnit) -> polib.POEntry:
    entry = catalog.entries.get(unit.id)
    if entry is None:
        raise XliffError(
            f"unit {unit.id!r} names no entry of {catalog.label}: its sentence changed or was "
            "removed since the export; export again and carry the translation over",
            path=file, line=unit.line)
    return entry


def _apply(path: Path, catalog: _Catalog, file: Path, unit: ReadUnit) -> Imported:
    entry = _entry(catalog, file, unit)
    msgid = entry.msgid
    outcome = apply_unit(entry, unit)
    return Imported(file, unit.line, path, msgid, outcome.action, outcome.detail)
