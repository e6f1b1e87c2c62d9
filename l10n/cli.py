"""The ``l10n`` command line: parse options, call one library function, print, exit.

Exit codes: 0 success; 1 ``--check`` found files that would change (or checks failed);
2 an error (bad configuration, unreadable input...), printed as one line without a traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from l10n import __version__
from l10n.config import Config, find_config, load_config
from l10n.errors import L10nError
from l10n.fsutil import locked
from l10n.locales import normalize_locale
from l10n.mt.engines import DEFAULT_ENGINE, ENGINES, describe_engines

F = TypeVar("F", bound=Callable[..., Any])

HELP = """Localize articles through gettext PO files.

\b
The workflow, run from the project folder (where l10n.toml is):
  l10n extract     split articles in source/ into sentences; write
                   locales/templates/<article>.pot and locales/<locale>/<article>.po
  l10n translate   fill empty entries with machine-translated drafts (marked
                   fuzzy, never overwriting human work); offline by default
  l10n status      what is translated, drafted, fuzzy or missing per locale
  l10n check       what is broken (the translations build refuses): lost links
                   or code, unbalanced emphasis; warns of missing numbers
                   (exit 1 on errors, for CI)
  l10n review      one HTML page for editors with all of the above
  l10n build       write build/<locale>/<article>, byte-identical to the source
                   outside the translated text
  l10n run         extract, translate and build in one go

Translators edit the PO files in Poedit, Lokalize or Weblate; remove the
"fuzzy" mark once a draft is reviewed. `l10n segment FILE` shows how an
article is split into messages.
"""


@contextmanager
def _progress_line() -> Iterator[Callable[[str], None] | None]:
    """A one-line progress display on a terminal (nothing when output is redirected)."""
    if not sys.stderr.isatty():
        yield None
        return
    count = 0

    def show(name: str) -> None:
        nonlocal count
        count += 1
        click.echo(f"\r\033[K[{count}] {name}", nl=False, err=True)

    try:
        yield show
    finally:
        if count:
            click.echo("\r\033[K", nl=False, err=True)


def _fail(exc: L10nError) -> None:
    click.echo(f"l10n: error: {exc}", err=True)
    sys.exit(2)


@contextmanager
def _errors() -> Iterator[None]:
    try:
        yield
    except L10nError as exc:
        _fail(exc)
    except KeyboardInterrupt:
        click.echo("l10n: interrupted; files written so far are complete and valid", err=True)
        sys.exit(130)


class _State:
    def __init__(self, config_path: Path | None, project_dir: Path | None) -> None:
        self.config_path = config_path
        self.project_dir = project_dir
        self._config: Config | None = None

    def config(self) -> Config:
        if self._config is None:
            if self.config_path is not None:
                self._config = load_config(self.config_path)
            else:
                self._config = load_config(find_config(self.project_dir or Path.cwd()))
        return self._config


def _locales_option(f: F) -> F:
    return click.option(
        "--locale",
        "-l",
        "locales",
        multiple=True,
        metavar="LOCALE",
        help="Only this locale (repeatable); default: every locale in the configuration.",
    )(f)


def _check_option(f: F) -> F:
    return click.option(
        "--check",
        is_flag=True,
        help="Write nothing; exit 1 if any file would change (for CI).",
    )(f)


def _resolve_locales(config: Config, locales: tuple[str, ...]) -> list[str]:
    out = []
    for value in locales:
        loc = normalize_locale(value)
        if loc not in config.locales:
            raise L10nError(
                f"locale '{value}' is not configured; configured locales: {', '.join(config.locales)}",
                path=config.config_path,
            )
        out.append(loc)
    return out


@click.group(help=HELP, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="l10n")
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
              help="Configuration file (default: the nearest l10n.toml or pyproject.toml [tool.l10n]).")
@click.option("-C", "--project", "project_dir", type=click.Path(path_type=Path), default=None,
              help="Run as if started in this folder.")
@click.pass_context
def main(ctx: click.Context, config_path: Path | None, project_dir: Path | None) -> None:
    ctx.obj = _State(config_path, project_dir)


@main.command()
@click.argument("articles", nargs=-1)
@_check_option
@click.option("--dry-run", is_flag=True,
              help="Write nothing; show what would change in each file (kept, fuzzy, new, obsolete).")
@click.pass_obj
def extract(state: _State, articles: tuple[str, ...], check: bool, dry_run: bool) -> None:
    """Write templates (.pot) and update every locale's PO file.

    Each article in the source folder becomes locales/templates/<article>.pot;
    each configured locale gets locales/<locale>/<article>.po. Existing
    translations are kept: unchanged sentences keep theirs, edited sentences get
    the old one back as a fuzzy suggestion (with the old text as #| msgid), and
    sentences that disappeared become obsolete (#~) entries. Running it twice
    changes nothing. ARTICLES limits the run to some articles.
    """
    from l10n.project import extract as run_extract

    with _errors():
        config = state.config()
        with _progress_line() as progress:
            report = run_extract(config, articles, check=check or dry_run, progress=progress)
        _print_changes(config, report, check or dry_run)
        click.echo(f"{report.messages} messages")
        if check and report.changed:
            sys.exit(1)


@main.command()
@click.argument("articles", nargs=-1)
@_locales_option
@click.option("--include-fuzzy/--no-include-fuzzy", default=None,
              help="Use fuzzy entries (machine drafts, unreviewed changes). Default: no, unless "
                   "[build] include_fuzzy = true.")
@_check_option
@click.pass_obj
def build(state: _State, articles: tuple[str, ...], locales: tuple[str, ...],
          include_fuzzy: bool | None, check: bool) -> None:
    """Write the localized articles into build/<locale>/.

    Each sentence is replaced by its translation; untranslated (and, unless
    --include-fuzzy, fuzzy) sentences stay in the source language. Everything
    else is copied byte for byte. A translation that `l10n check` reports as an
    error (a lost link, code span or HTML tag...) is not used, and a warning
    names it.
    """
    from l10n.project import build as run_build

    with _errors():
        config = state.config()
        with _progress_line() as progress:
            report = run_build(config, articles, locales=_resolve_locales(config, locales),
                               include_fuzzy=include_fuzzy, check=check, progress=progress)
        for warning in report.warnings:
            click.echo(f"warning: {warning}", err=True)
        _print_changes(config, report, check)
        click.echo(f"{report.translated} of {report.messages} sentences translated")
        if check and report.changed:
            sys.exit(1)


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--lang", default=None, help="Source language (default: the configuration's).")
@click.option("--paragraph/--sentence", default=None,
              help="One message per block, or per sentence (default: [segment] mode).")
@click.option("--json", "as_json", is_flag=True,
              help="Print JSON: one object per message or gap, in order.")
@click.pass_obj
def segment(state: _State, file: Path, lang: str | None, paragraph: bool | None, as_json: bool) -> None:
    """Show the messages `l10n extract` writes for FILE, and the gaps between them.

    FILE is parsed and split with the settings of its project (the nearest
    l10n.toml above it, or --config / -C): [segment] mode, [markdown]
    front_matter_keys, [text] line_breaks. Outside a project the defaults are
    used. Gaps are the text kept as it is between two messages.
    """
    import dataclasses

    from l10n.document.units import pieces
    from l10n.project import load_file

    with _errors():
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


def _segment_config(state: _State, file: Path) -> Config:
    """The configuration of FILE's project; the defaults (said on stderr) outside one."""
    from l10n.config import default_config
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


def _print_changes(config: Config, report: Any, check: bool) -> None:
    verb = {"created": "would create", "updated": "would update"} if check else {}
    for change in report.changes:
        if change.action.value == "unchanged":
            continue
        try:
            shown = change.path.relative_to(config.root)
        except ValueError:
            shown = change.path
        detail = f" ({change.detail})" if change.detail else ""
        click.echo(f"{verb.get(change.action.value, change.action.value)} {shown}{detail}")
    unchanged = len(report.changes) - len(report.changed)
    if unchanged:
        click.echo(f"{unchanged} file(s) unchanged")


@main.command()
@click.argument("articles", nargs=-1)
@_locales_option
@click.option("--engine", "-e", default=None,
              help="Engine for this run (default: [translate] engine / [translate.locales] in the "
                   f"configuration). {describe_engines()} See README.md for what each needs.")
@click.option("--redraft-machine", is_flag=True,
              help="Also replace machine drafts nobody edited yet (fuzzy, text as the machine wrote it).")
@click.option("--dry-run", is_flag=True,
              help="Write nothing; show the entries and characters each engine would get.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object with the totals.")
@click.option("--no-memory", is_flag=True, help="Neither read nor fill the translation memory.")
@click.pass_obj
def translate(state: _State, articles: tuple[str, ...], locales: tuple[str, ...], engine: str | None,
              redraft_machine: bool, dry_run: bool, as_json: bool, no_memory: bool) -> None:
    """Fill empty entries with machine-translated drafts.

    Drafts are marked fuzzy, with a "# mt:" translator comment naming the
    engine and date, so a translator reviews them in a PO editor. Entries a
    human translated or edited, and entries whose source changed, are never
    touched. Exact matches
    from the translation memory are reused without calling the engine, so a
    repeated sentence is translated once. Safe to interrupt: finished work is
    saved and the next run continues where it stopped.
    """
    with _errors():
        config = state.config()
        report = _translate(config, articles, locales, engine, redraft_machine, dry_run, no_memory,
                            quiet=as_json)
        if as_json:
            click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
        else:
            _print_translate(report, dry_run)
        if getattr(report, "failed", 0):
            sys.exit(1)


def _translate(config: Config, articles: tuple[str, ...], locales: tuple[str, ...], engine: str | None,
               redraft_machine: bool, dry_run: bool, no_memory: bool, *, quiet: bool) -> Any:
    from l10n.catalog.store import PoStyle
    from l10n.mt.translate import TranslateJob, TranslateOptions, run_translate
    from l10n.project import catalogs

    jobs = [
        TranslateJob(po_path=path, locale=locale, source_lang=config.source_language,
                     engine=engine or config.engine_for(locale))
        for _, locale, path in catalogs(config, _resolve_locales(config, locales), articles)
    ]
    options = TranslateOptions(
        style=PoStyle.of(config),
        dry_run=dry_run,
        include_machine_fuzzy=redraft_machine,
        memory_path=None if no_memory else config.memory_path,
        engine_options=config.engine_options,
    )
    show_bar = not quiet and not dry_run and sys.stderr.isatty()
    with locked(config.locales_dir, wait=False):
        if not show_bar:
            return run_translate(jobs, options=options)
        with click.progressbar(length=1, label="Translating", file=sys.stderr) as bar:
            def progress(done: int, total: int) -> None:
                bar.length = max(total, 1)
                bar.update(done - bar.pos)
            return run_translate(jobs, options=options, progress=progress)


def _print_translate(report: Any, dry_run: bool) -> None:
    data = report.to_json()
    if dry_run:
        click.echo("dry run: nothing was sent or written; would send:")
        for file in data.get("files", []):
            for msgid in file.get("planned", []):
                click.echo(f"  {file.get('path', '')}: {msgid}")
    else:
        for file in data.get("files", []):
            for failure in file.get("failures", []):
                click.echo(f"not drafted: {file.get('path', '')}: {failure['msgid'][:60]!r}: "
                           f"{failure['reason']}", err=True)
    for key in ("filled", "from_memory", "engine_calls", "failed", "skipped_human"):
        click.echo(f"{key.replace('_', ' ')}: {data.get(key, 0)}")
    for name, chars in sorted((data.get("chars_by_engine") or {}).items()):
        click.echo(f"characters for {name}: {chars}")
    if data.get("aborted"):
        click.echo(f"l10n: error: translation stopped early: {data['aborted']}; finished drafts are "
                   "saved, run again to continue", err=True)


@main.command()
@_locales_option
@click.option("--fuzzy/--no-fuzzy", "include_fuzzy", default=True, show_default=True,
              help="Also check fuzzy entries (machine drafts and unreviewed changes).")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too, not only on errors.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def check(state: _State, locales: tuple[str, ...], include_fuzzy: bool, strict: bool, as_json: bool) -> None:
    """Check translations against their source (a gate for CI).

    Errors are exactly the translations `l10n build` refuses: in Markdown
    articles a lost or changed link, image, code span, HTML tag or footnote
    reference, unbalanced emphasis, a blank line or other change of the block
    structure (plain-text articles have no markup to break). Warnings deserve a
    look: a number of the source missing, white space or line breaks that
    differ. Exits 1 when there are errors (or, with --strict, warnings).
    """
    from l10n.catalog.checks import Severity, check_catalog
    from l10n.catalog.store import load_catalog
    from l10n.project import catalogs

    with _errors():
        config = state.config()
        rows = []
        for article, _, path in catalogs(config, _resolve_locales(config, locales), required=False):
            for finding in check_catalog(load_catalog(path), article.format):
                if finding.fuzzy and not include_fuzzy:
                    continue
                shown = path.relative_to(config.root) if path.is_relative_to(config.root) else path
                rows.append((str(shown), finding))
        errors = sum(1 for _, f in rows if f.severity is Severity.ERROR)
        warnings = len(rows) - errors
        if as_json:
            click.echo(json.dumps([
                {"file": file, "line": f.line, "check": f.check, "severity": f.severity.value,
                 "message": f.message, "msgid": f.msgid, "fuzzy": f.fuzzy}
                for file, f in rows
            ], ensure_ascii=False, indent=2))
        else:
            for file, f in rows:
                state_note = " (fuzzy)" if f.fuzzy else ""
                click.echo(f"{file}:{f.line}: {f.severity.value}: {f.check}: {f.message}{state_note}")
            click.echo(f"{errors} error(s), {warnings} warning(s)")
        if errors or (strict and warnings):
            sys.exit(1)


@main.command()
@_locales_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def status(state: _State, locales: tuple[str, ...], as_json: bool) -> None:
    """Show translation progress per article and locale.

    Counts strings and source words: translated, fuzzy (machine drafts,
    edited drafts, sentences whose source changed, other), untranslated and
    obsolete, with the percentage translated by words.
    """
    from l10n.catalog.stats import catalog_stats, format_table, stats_json
    from l10n.catalog.store import load_catalog
    from l10n.project import catalogs

    with _errors():
        config = state.config()
        rows = [
            (article.stem, locale, catalog_stats(load_catalog(path)))
            for article, locale, path in catalogs(config, _resolve_locales(config, locales))
        ]
        if as_json:
            click.echo(json.dumps(stats_json(rows), ensure_ascii=False, indent=2))
        else:
            click.echo(format_table(rows))


@main.command()
@_locales_option
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None,
              help="Where to write the page (default: build/review.html).")
@click.pass_obj
def review(state: _State, locales: tuple[str, ...], output: Path | None) -> None:
    """Write one HTML page for editors: what is left and what is broken.

    Per article and language: progress by words, the check findings (errors
    first), and every entry that needs a human: machine drafts and changed
    sentences side by side with their source, with a word diff of what changed.
    The page is self-contained (no scripts, no network) and prints well.
    """
    from l10n.review import write_review

    with _errors():
        config = state.config()
        target = output or config.build_dir / "review.html"
        written = write_review(config, _resolve_locales(config, locales), target)
        click.echo(f"wrote {written}")


@main.group()
def memory() -> None:
    """The translation memory: every accepted translation, reused across articles."""


@memory.command("export")
@click.argument("output", type=click.Path(path_type=Path))
@click.option("--locale", "-l", default=None, help="Only this target locale.")
@click.option("--engine", default=None, help="Only units from this engine ('human' for reviewed ones).")
@click.pass_obj
def memory_export(state: _State, output: Path, locale: str | None, engine: str | None) -> None:
    """Export the translation memory to a TMX 1.4 file (for CAT tools)."""
    from l10n.mt.memory import export_tmx

    with _errors():
        config = state.config()
        if config.memory_path is None:
            raise L10nError("the translation memory is disabled ([translate] memory = false)",
                            path=config.config_path)
        count = export_tmx(config.memory_path, output,
                           target_lang=normalize_locale(locale) if locale else None, engine=engine)
        click.echo(f"wrote {count} translation unit(s) to {output}")


@main.command()
@_locales_option
@click.option("--engine", "-e", default=None, help="Engine for the translate step.")
@click.option("--include-fuzzy/--no-include-fuzzy", default=True,
              help="Build with the drafts (default here: yes, so the result shows the drafts).")
@click.pass_obj
def run(state: _State, locales: tuple[str, ...], engine: str | None, include_fuzzy: bool) -> None:
    """Extract, translate and build in one go (the whole workflow).

    Equivalent to `l10n extract && l10n translate && l10n build --include-fuzzy`.
    """
    from l10n.project import build as run_build
    from l10n.project import extract as run_extract

    with _errors():
        config = state.config()
        click.echo("== extract")
        _print_changes(config, run_extract(config), False)
        click.echo("== translate")
        report = _translate(config, (), locales, engine, False, False, False, quiet=False)
        _print_translate(report, False)
        click.echo("== build")
        built = run_build(config, locales=_resolve_locales(config, locales), include_fuzzy=include_fuzzy)
        for warning in built.warnings:
            click.echo(f"warning: {warning}", err=True)
        _print_changes(config, built, False)
        click.echo(f"{built.translated} of {built.messages} sentences translated")
        if getattr(report, "failed", 0):
            sys.exit(1)


@main.command()
@click.option("--source-language", default="en", show_default=True, help="Language of the articles.")
@click.option("--locale", "-l", "locales", multiple=True, required=True, help="A target locale (repeatable).")
@click.option("--engine", type=click.Choice(list(ENGINES)), default=DEFAULT_ENGINE, show_default=True,
              help=f"Default translation engine. {describe_engines()}")
@click.pass_obj
def init(state: _State, source_language: str, locales: tuple[str, ...], engine: str) -> None:
    """Create l10n.toml and the source/ folder in the current (or -C) folder."""
    from l10n.fsutil import atomic_write_text

    with _errors():
        root = (state.project_dir or Path.cwd()).resolve()
        target = root / "l10n.toml"
        if target.exists():
            raise L10nError("already exists; edit it instead", path=target)
        names = [normalize_locale(x) for x in locales]
        src = normalize_locale(source_language)
        text = (
            f'source_language = "{src}"\n'
            f"locales = [{', '.join(json.dumps(n) for n in names)}]\n\n"
            '[paths]\nsource = "source"\nlocales = "locales"\nbuild = "build"\n\n'
            f'[translate]\nengine = "{engine}"\n'
        )
        import tomllib

        from l10n.config import config_from_mapping, engine_gaps

        config = config_from_mapping(tomllib.loads(text), root=root, config_path=target)
        atomic_write_text(target, text)
        (root / "source").mkdir(exist_ok=True)
        click.echo(f"created {target}; put articles in {root / 'source'} and run `l10n extract`")
        for gap in engine_gaps(config):
            click.echo(f"warning: {gap}", err=True)
