"""``l10n accept-cosmetic``: clear stale entries whose source edit was cosmetic, and list them.

The work is :func:`l10n.accept.accept_cosmetic`; this module parses options and prints one block
per entry (article, locale, PO line, old -> new source, what happened to the translation).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from l10n.cli.common import State, locales_option, resolve_locales, user_errors

if TYPE_CHECKING:
    from l10n.config import Config


@click.command("accept-cosmetic")
@click.argument("articles", nargs=-1)
@locales_option
@click.option("--dry-run", is_flag=True, help="Write nothing; list what would be accepted.")
@click.pass_obj
def accept_cosmetic(state: State, articles: tuple[str, ...], locales: tuple[str, ...], dry_run: bool) -> None:
    """Accept translations whose source changed only cosmetically.

    For every stale entry (fuzzy, with the old source as #| msgid) the edit
    is classified: cosmetic (quotes, punctuation, white space, case, a
    number's punctuation with its value unchanged, a typo fix) or meaning
    (numbers, negation, names, words added or removed). Cosmetic ones lose
    "fuzzy" and "#|" and count as reviewed again; quote marks, numbers'
    punctuation and white space at the ends are carried into the translation.
    Entries whose text is still machine output ("# mt:") only lose "#|" and
    stay drafts. Meaning changes stay stale. ARTICLES limits the run.
    """
    from l10n.accept import accept_cosmetic as run_accept

    with user_errors():
        config = state.config()
        report = run_accept(config, articles, resolve_locales(config, locales), dry_run=dry_run)
        for item in report.accepted:
            click.echo(f"{_shown(config, item.po_path)}:{item.line}: {item.article} [{item.locale}] "
                       f"{', '.join(item.triage.reasons)}")
            click.echo(f"  source: {item.old!r} -> {item.new!r}")
            if item.changes:
                click.echo(f"  translation: {item.translation!r} -> {item.carried!r} ({'; '.join(item.changes)})")
            else:
                click.echo("  translation: kept")
            if not item.reviewed:
                click.echo("  still a draft: its text is machine output, review it")
        for left in report.refused:
            click.echo(f"{_shown(config, left.po_path)}:{left.line}: {left.article} [{left.locale}] "
                       f"cosmetic, but stays stale: {left.problem}")
        verb = "would accept" if dry_run else "accepted"
        click.echo(f"{verb} {len(report.accepted)} cosmetic change(s); "
                   f"{report.meaning} meaning change(s) stay stale"
                   + (f"; {len(report.refused)} cosmetic left stale (markup)" if report.refused else "")
                   + (f"; {report.skipped} plural entr(ies) left alone" if report.skipped else ""))
        for path in report.written:
            click.echo(f"updated {_shown(config, path)}")


def _shown(config: Config, path: Path) -> str:
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return str(path)
