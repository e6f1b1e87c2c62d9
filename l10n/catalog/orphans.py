"""Catalogs whose article is gone, and the translations a renamed article takes from them.

An article renamed or deleted in ``source/`` leaves ``locales/templates/<old>.pot`` and
``locales/<locale>/<old>.po`` behind: :func:`find_orphans` lists them for ``status``. They are
never deleted by ``l10n``: a translator's work in them may still be wanted.

A rename is recognised by content, not by name: when ``extract`` creates the catalog of a new
article for a locale, :func:`carry_over` merges each orphaned catalog of that locale into the new
template with :func:`l10n.catalog.merge.merge_catalog` (the news-safe rules of every merge:
exact messages keep their translation and state, edited ones come back fuzzy with ``#|``, a
changed number or negation is never matched) and takes the best one when at least
:data:`RENAME_MATCH` of the new article's messages matched. Entries of the orphan that matched
nothing are not copied (they belong to the old article, which is still on disk).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

import polib

from l10n.catalog.store import catalog_from_text, read_catalog_text
from l10n.errors import L10nError
from l10n.safe_files import SymlinkPolicy, check_path, name_problem

if TYPE_CHECKING:
    from l10n.catalog.merge import MergeStats

RENAME_MATCH = 0.5
"""Share of a new article's messages that must match an orphaned catalog (exactly or fuzzily)
for its translations to be carried over."""


@dataclass(frozen=True)
class Orphan:
    """A catalog file whose article no longer exists."""

    path: Path
    """The ``.po`` or ``.pot`` file."""
    stem: str
    """The article it was made for, without its file ending (``world/old-name``)."""
    locale: str | None
    """The locale of a ``.po`` file; None for a template."""


@dataclass(frozen=True)
class CarriedOver:
    """The catalog of a new article, made from an orphaned one."""

    po: polib.POFile
    """The merged catalog (the template's entries with the orphan's translations)."""
    source: Orphan
    """Where the translations came from."""
    stats: MergeStats
    """How the new article's messages matched the orphan's."""


def find_orphans(locales_dir: Path, locales: Sequence[str], stems: Iterable[str], *,
                 symlinks: SymlinkPolicy, inside: Sequence[Path]) -> list[Orphan]:
    """Every template and every catalog of ``locales`` under ``locales_dir`` whose stem is not
    one of ``stems``, sorted. Hidden names, links the project's policy refuses and other
    non-regular files are left out (never read)."""
    known = set(stems)
    found: list[Orphan] = []
    for folder, ending, locale in [("templates", ".pot", None), *((loc, ".po", loc) for loc in locales)]:
        base = locales_dir / folder
        if not base.is_dir() or base.is_symlink():
            continue
        for path in _files(base, ending):
            rel = path.relative_to(base).as_posix()
            stem = str(PurePosixPath(rel).with_suffix(""))
            if stem in known or name_problem(rel):
                continue
            try:
                check_path(locales_dir, path, symlinks=symlinks, inside=inside, error=L10nError)
            except L10nError:
                continue
            found.append(Orphan(path, stem, locale))
    return sorted(found, key=lambda o: (o.locale or "", o.stem))


def _files(base: Path, ending: str) -> Iterable[Path]:
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.endswith(ending) and not name.startswith("."):
                yield Path(dirpath, name)


def carry_over(template: polib.POFile, orphans: Iterable[Orphan], locale: str, *,
               threshold: float) -> CarriedOver | None:
    """The new catalog for ``locale`` merged from the orphaned catalog of that locale that
    matches ``template`` best, when at least :data:`RENAME_MATCH` of its messages matched;
    None when none does. Ties go to the first orphan (sorted by name)."""
    wanted = sum(1 for e in template if not e.obsolete and (e.msgid or e.msgctxt is not None))
    if not wanted:
        return None
    from l10n.catalog.merge import merge_catalog  # rapidfuzz: a first extract has no orphans

    best: CarriedOver | None = None
    best_share = 0.0
    for orphan in orphans:
        if orphan.locale != locale:
            continue
        text, _ = read_catalog_text(orphan.path)
        if text is None:
            continue
        po, stats = merge_catalog(template, catalog_from_text(text, orphan.path),
                                  threshold=threshold, keep_obsolete=False)
        share = (stats.exact + stats.revived + stats.fuzzy) / wanted
        if share >= RENAME_MATCH and share > best_share:
            best, best_share = CarriedOver(po, orphan, stats), share
    return best
