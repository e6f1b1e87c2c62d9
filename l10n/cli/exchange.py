"""``l10n xliff export`` / ``l10n xliff import``: XLIFF files for CAT tools.

The work is :mod:`l10n.exchange`; this module parses options and prints one line per file
written and per unit that changed or was refused.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from l10n.cli.common import State, locales_option, resolve_locales, user_errors

if TYPE_CHECKING:
    from l10n.config import Config


@click.group("xliff")
def xliff() -> None:
    """Exchange translations with CAT tools (Trados, memoQ, OmegaT) as XLIFF."""


@xliff.command("export")
@click.argument("articles", nargs=-1)
@locales_option
@click.option("-o", "--output", "folder", type=click.Path(path_type=Path), default=None,
              help="Folder for the files (default: build/xliff); one <locale>/<article>.xlf each.")
@click.option("--version", "version", type=click.Choice(["1.2", "2.0"]), default="1.2", show_default=True,
              help="XLIFF version (1.2 is what CAT tools accept in practice).")
@click.pass_obj
def export(state: State, articles: tuple[str, ...], locales: tuple[str, ...], folder: Path | None,
           version: str) -> None:
    """Write one XLIFF file per article and locale.

    Every entry becomes a unit with a content-based id; markup is kept in
    codes a CAT tool cannot break; comments and source lines become notes;
    reviewed entries are "translated", drafts and stale entries need review.
    ARTICLES limits the run.
    """
    from l10n.exchange import export_xliff

    with user_errors():
        config = state.config()
        report = export_xliff(config, articles, resolve_locales(config, locales), folder=folder,
                              version="2.0" if version == "2.0" else "1.2")
        for item in report.files:
            click.echo(f"{item.action.value} {_shown(config, item.path)} ({item.units} units)")
        if report.plurals:
            click.echo(f"left out {report.plurals} plural entr(ies)")


@xliff.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.pass_obj
def import_(state: State, files: tuple[Path, ...]) -> None:
    """Take translations back from XLIFF files.

    Only what the translator changed changes: an edited target becomes the
    translation (reviewed, or fuzzy if the file's state says it needs
    review); a unit whose codes were lost or changed is refused and listed
    (exit 1); a malformed file changes nothing (exit 2).
    """
    from l10n.exchange import import_xliff

    with user_errors():
        config = state.config()
        report = import_xliff(config, [Path(f) for f in files])
        for unit in report.units:
            if unit.action == "unchanged":
                continue
            where = f"{unit.file}:{unit.line}" if unit.line else str(unit.file)
            click.echo(f"{where}: {unit.action}: {unit.msgid[:60]!r}"
                       + (f" ({unit.detail})" if unit.detail else ""))
        click.echo(f"{report.count('edited')} edited, {report.count('reviewed')} reviewed, "
                   f"{report.count('unreviewed')} marked for review, {report.count('unchanged')} "
                   f"unchanged, {report.count('refused')} refused")
        for path in report.written:
            click.echo(f"updated {_shown(config, path)}")
    if report.count("refused"):
        sys.exit(1)


def _shown(config: Config, path: Path) -> str:
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return str(path)
