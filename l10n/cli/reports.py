"""The commands that read: ``status``, ``check``, ``review``, ``segment`` and ``memory``."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from l10n.cli.common import (
    State,
    json_chunks,
    locales_option,
    resolve_locales,
    shard_option,
    user_errors,
)
from l10n.errors import L10nError

if TYPE_CHECKING:
    from l10n.config import Config
    from l10n.project.shards import Shard


@click.command()
@locales_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@shard_option
@click.pass_obj
def status(state: State, locales: tuple[str, ...], as_json: bool, shard: Shard | None) -> None:
    """Show translation progress per article and locale.

    Counts strings and source words: reviewed, machine drafts, edited drafts,
    stale (translated before their sentence changed; never published unless
    `build --include-stale`), other fuzzy, untranslated and obsolete, with the
    percentage reviewed by words. Then whether `l10n build` (with the
    configuration's [build] policy) would publish each article for each
    locale, and why not; and the orphaned catalogs: templates and PO files
    whose article is gone (renamed or deleted), which l10n never deletes.
    With --shard I/N, only that shard's articles (and no orphans); without it,
    everything, e.g. after the shards of a run each did their part.
    """
    from l10n.catalog.stats import CatalogStats, format_table, stats_data, stats_row_json
    from l10n.project import orphaned_catalogs, project_status

    with user_errors():
        config = state.config()
        targets = resolve_locales(config, locales) or config.locales
        found = project_status(config, targets, shard=shard)
        rows = [(row.article.stem, row.locale, row.stats) for row in found]
        verdicts = [row.decision for row in found]
        orphans = [o for o in orphaned_catalogs(config) if o.locale is None or o.locale in targets
                   ] if shard is None else []
        if as_json:  # written row by row: {"rows": [...], "total": {...}, "orphans": [...]}
            total = CatalogStats()

            def items() -> Iterator[dict[str, Any]]:
                nonlocal total
                for row, decision in zip(rows, verdicts):
                    total = total + row[2]
                    yield {**stats_row_json(*row), "publish": decision.to_json()}

            def rest() -> dict[str, Any]:
                return {"total": stats_data(total),
                        "orphans": [{"path": _rel(config, o.path), "article": o.stem, "locale": o.locale}
                                    for o in orphans]}

            for chunk in json_chunks("rows", items(), rest):
                click.echo(chunk, nl=False)
            click.echo()
            return
        click.echo(format_table(rows))
        gated = {locale: config.articles.for_locale(locale) for locale in targets}
        if not any(policy.gated for policy in gated.values()):
            click.echo("build publishes every article (no [build] min_percent or required)")
        else:
            for locale, policy in gated.items():
                click.echo(f"build policy for {locale}: {policy.describe()}")
            width = max((len(row.article.stem) for row in found), default=0)
            for row, decision in zip(found, verdicts):
                verdict = (f"would publish ({decision.percent:.1f}% of words reviewed)" if decision.publish
                           else f"would {decision.below}: {'; '.join(decision.reasons)}")
                click.echo(f"  {row.article.stem.ljust(width)}  {row.locale}  {verdict}")
        for orphan in orphans:
            click.echo(f"orphaned: {_rel(config, orphan.path)}: no article {orphan.stem} in "
                       f"{_rel(config, config.source_dir)}/ (renamed or deleted); delete it when "
                       "nothing in it is needed")


def _rel(config: Config, path: Path) -> str:
    return path.relative_to(config.root).as_posix() if path.is_relative_to(config.root) else str(path)



@click.command()
@locales_option
@click.option("--fuzzy/--no-fuzzy", "include_fuzzy", default=True, show_default=True,
              help="Also check fuzzy entries (machine drafts and unreviewed changes).")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too, not only on errors.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def check(state: State, locales: tuple[str, ...], include_fuzzy: bool, strict: bool, as_json: bool) -> None:
    """Check translations against their source (a gate for CI).

    Errors are exactly the translations `l10n build` refuses: a number of the
    source replaced by another value, and in Markdown articles a lost or changed
    link, image, code span, HTML tag or footnote reference, unbalanced emphasis,
    a blank line or other change of the block structure. Warnings deserve a
    look: a number missing or added, white space, doubled words or spaces,
    unbalanced brackets or quotes, final punctuation, a translation identical to
    its source, an unusual length, a proper name missing or misspelled, a split
    identifier, a sentence translated differently elsewhere in the project, a
    glossary term not followed (glossary.tsv). Each finding names the PO line, the source article's line, the locale and
    the sentence. Exits 1 when there are errors (or, with --strict, warnings).
    """
    from l10n.catalog.checks import Severity
    from l10n.catalog.publish import EVERY_TRANSLATION, REVIEWED_ONLY
    from l10n.project import check_project

    with user_errors():
        config = state.config()
        rows = []
        scope = EVERY_TRANSLATION if include_fuzzy else REVIEWED_ONLY
        for path, finding in check_project(config, resolve_locales(config, locales), scope=scope):
            shown = path.relative_to(config.root) if path.is_relative_to(config.root) else path
            rows.append((str(shown), finding))
        errors = sum(1 for _, f in rows if f.severity is Severity.ERROR)
        warnings = len(rows) - errors
        if as_json:
            click.echo(json.dumps([
                {"file": file, "line": f.line, "check": f.check, "severity": f.severity.value,
                 "message": f.message, "msgid": f.msgid, "fuzzy": f.fuzzy, "article": f.article,
                 "locale": f.locale, "source_line": f.source_line}
                for file, f in rows
            ], ensure_ascii=False, indent=2))
        else:
            for file, f in rows:
                state_note = " (fuzzy)" if f.fuzzy else ""
                click.echo(f"{file}:{f.line}: {f.severity.value}: {f.check}: {f.message}{state_note}")
                click.echo(f"    {f.article}:{f.source_line} [{f.locale}] {_short(f.msgid)}")
            click.echo(f"{errors} error(s), {warnings} warning(s)")
        if errors or (strict and warnings):
            sys.exit(1)


def _short(msgid: str, limit: int = 70) -> str:
    """The sentence of a finding on one line, quoted, cut at ``limit`` characters."""
    one_line = " ".join(msgid.split())
    return json.dumps(one_line if len(one_line) <= limit else one_line[: limit - 1] + "…",
                      ensure_ascii=False)



@click.command()
@locales_option
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None,
              help="Where to write the page, or the index (default: build/review.html).")
@click.option("--layout", type=click.Choice(["auto", "single", "split"]), default="auto",
              show_default=True,
              help="single: one page; split: an index and a page per article in the folder "
                   "named like the index (build/review/); auto: single up to 50 articles.")
@click.pass_obj
def review(state: State, locales: tuple[str, ...], output: Path | None, layout: str) -> None:
    """Write HTML pages for editors that lead to every problem.

    A summary with the counts of `l10n status`, every finding of `l10n check`
    linked to its entry, then every entry (reviewed ones too) with its source
    line, state, provenance, source and translation side by side (a word diff
    for stale ones) and its findings, with filters by state; per article and
    language, a side-by-side preview of the article as `l10n build` publishes
    it, reviewed only and with drafts. Self-contained (no network; a
    Content-Security-Policy lets only its own filter script run); prints well.
    A large project (--layout split, or auto beyond 50 articles) gets an index
    (counts, every finding, filters) and one page per article, written one
    article at a time; pages of removed articles are deleted.
    """
    from l10n.review import LAYOUTS, write_review

    with user_errors():
        config = state.config()
        target = output or config.build_dir / "review.html"
        chosen = next(name for name in LAYOUTS if name == layout)
        written = write_review(config, resolve_locales(config, locales), target, layout=chosen)
        pages = f" and {written.pages} article page(s)" if written.pages else ""
        removed = f"; removed {written.removed} stale page(s)" if written.removed else ""
        click.echo(f"wrote {written.path}{pages}{removed}")



@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--lang", default=None, help="Source language (default: the configuration's).")
@click.option("--paragraph/--sentence", default=None,
              help="One message per block, or per sentence (default: [segment] mode).")
@click.option("--json", "as_json", is_flag=True,
              help="Print JSON: one object per message or gap, in order.")
@click.pass_obj
def segment(state: State, file: Path, lang: str | None, paragraph: bool | None, as_json: bool) -> None:
    """Show the messages `l10n extract` writes for FILE, and the gaps between them.

    FILE is parsed and split with the settings of its project (the nearest
    l10n.toml above it, or --config / -C): [segment] mode, [markdown]
    front_matter_keys, [text] line_breaks. Outside a project the defaults are
    used. Gaps are the text kept as it is between two messages.
    """
    import dataclasses

    from l10n.document.units import pieces
    from l10n.locales import normalize_locale
    from l10n.project import load_file

    with user_errors():
        config = _segment_config(state, file)
        if lang is not None:
            config = dataclasses.replace(config, source_language=normalize_locale(lang))
        if paragraph is not None:
            config = dataclasses.replace(config, segment_mode="paragraph" if paragraph else "sentence")
        parts = pieces(load_file(config, file))
        if as_json:
            click.echo(json.dumps([p.to_json() for p in parts], ensure_ascii=False, indent=2))
            return
        last = None
        for piece in parts:
            if piece.segment is None or piece.block is None:
                click.echo(click.style(f"  ~ {_show_gap(piece.text)}", dim=True))
                continue
            if piece.segment.block != last:
                click.echo(click.style(f"-- line {piece.line}: {piece.block.kind.value}", bold=True))
                last = piece.segment.block
            click.echo(f"  {piece.text}")


def _segment_config(state: State, file: Path) -> Config:
    """The configuration of FILE's project; the defaults (said on stderr) outside one."""
    from l10n.config import default_config, find_config, load_config
    from l10n.errors import ConfigError

    if state.config_path is not None:
        return load_config(state.config_path)
    start = state.project_dir or file.resolve().parent
    try:
        found = find_config(start)
    except ConfigError:
        click.echo("l10n: no l10n.toml (or [tool.l10n]) here or above; using the default settings",
                   err=True)
        return default_config(Path.cwd().resolve())
    return load_config(found)


def _show_gap(text: str, limit: int = 60) -> str:
    """A gap as a JSON string literal, so that spaces and line breaks are visible."""
    if len(text) <= limit:
        return json.dumps(text, ensure_ascii=False)
    return f"{json.dumps(text[: limit - 20], ensure_ascii=False)} ... ({len(text)} characters)"



@click.group()
def memory() -> None:
    """The translation memory: every accepted translation, reused across articles."""


@memory.command("export")
@click.argument("output", type=click.Path(path_type=Path))
@click.option("--locale", "-l", default=None, help="Only this target locale.")
@click.option("--engine", default=None, help="Only units from this engine ('human' for reviewed ones).")
@click.pass_obj
def memory_export(state: State, output: Path, locale: str | None, engine: str | None) -> None:
    """Export the translation memory to a TMX 1.4 file (for CAT tools)."""
    from l10n.locales import normalize_locale
    from l10n.mt.memory import export_tmx

    with user_errors():
        config = state.config()
        location = config.memory_url or config.memory_path
        if location is None:
            raise L10nError("the translation memory is disabled ([translate] memory = false)",
                            path=config.config_path)
        count = export_tmx(location, output,
                           target_lang=normalize_locale(locale) if locale else None, engine=engine)
        click.echo(f"wrote {count} translation unit(s) to {output}")



@memory.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--source-lang", default=None,
              help="Language of the source segments (default: the project's source language; "
                   "en-US and en-GB count as en).")
@click.pass_obj
def memory_import(state: State, file: Path, source_lang: str | None) -> None:
    """Import another tool's translation memory from a TMX 1.4 or 1.1 file.

    Language codes become the project's locales (pt-BR -> pt_BR). Inline codes
    (<bpt>, <ept>, <ph>...) become their original text; a pair whose codes lost
    their data or differ between the languages is skipped. Imported units are
    reused by `l10n translate` as drafts (fuzzy, `# mt: e=tmx via=memory
    origin=tmx:FILE`), exact or close matches, never as reviewed translations.
    A malformed file is an error naming its line, and nothing is imported.
    """
    from l10n.mt.memory import import_tmx

    with user_errors():
        config = state.config()
        location = config.memory_url or config.memory_path
        if location is None:
            raise L10nError("the translation memory is disabled ([translate] memory = false)",
                            path=config.config_path)
        report = import_tmx(location, file,
                            source_lang=source_lang or config.source_language,
                            locales=config.locales)
        per_locale = ", ".join(f"{loc} {n}" for loc, n in report.by_locale.items())
        click.echo(f"imported {report.stored} translation unit(s) from {file}"
                   + (f" ({per_locale})" if per_locale else ""))
        for reason, count in sorted(report.skipped.items()):
            click.echo(f"skipped {count}: {reason}")
