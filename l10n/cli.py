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
from l10n.locales import normalize_locale

F = TypeVar("F", bound=Callable[..., Any])

HELP = """Localize articles through gettext PO files.

\b
The workflow, run from the project folder (where l10n.toml is):
  l10n extract     split articles in source/ into sentences; write
                   locales/templates/<article>.pot and locales/<locale>/<article>.po
  l10n translate   fill empty entries with machine-translated drafts (marked
                   fuzzy, never overwriting human work); offline by default
  l10n status      what is translated, drafted, fuzzy or missing per locale
  l10n build       write build/<locale>/<article>, byte-identical to the source
                   outside the translated text
  l10n run         extract, translate and build in one go

Translators edit the PO files in Poedit, Lokalize or Weblate; remove the
"fuzzy" mark once a draft is reviewed. `l10n segment FILE` shows how an
article is split into messages.
"""


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
@click.pass_obj
def extract(state: _State, articles: tuple[str, ...], check: bool) -> None:
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
        report = run_extract(config, articles, check=check)
        _print_changes(config, report, check)
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
    else is copied byte for byte. A translation that lost a link, code span or
    HTML tag of its source is not used, and a warning names it.
    """
    from l10n.project import build as run_build

    with _errors():
        config = state.config()
        report = run_build(config, articles, locales=_resolve_locales(config, locales),
                           include_fuzzy=include_fuzzy, check=check)
        for warning in report.warnings:
            click.echo(f"warning: {warning}", err=True)
        _print_changes(config, report, check)
        click.echo(f"{report.translated} of {report.messages} sentences translated")
        if check and report.changed:
            sys.exit(1)


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--lang", default=None, help="Source language (default: the configuration's, or en).")
@click.option("--paragraph", is_flag=True, help="Paragraph mode: one message per block.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON: one object per segment.")
def segment(file: Path, lang: str | None, paragraph: bool, as_json: bool) -> None:
    """Show how FILE is split into blocks and sentence messages.

    Use it to see and tune what extraction does, without a project.
    """
    from l10n.formats import FormatOptions, parse_document
    from l10n.fsutil import read_source_text
    from l10n.units import segment_document

    with _errors():
        language = lang
        if language is None:
            try:
                language = load_config(find_config(Path.cwd())).source_language
            except L10nError:
                language = "en"
        text = read_source_text(file)
        doc = parse_document(text, str(file), FormatOptions())
        sdoc = segment_document(doc, language, "paragraph" if paragraph else "sentence")
        rows = []
        for seg in sdoc.segments:
            block = doc.blocks[seg.block]
            rows.append({
                "line": block.line + block.text.count("\n", 0, seg.start),
                "block": seg.block,
                "kind": block.kind.value,
                "text": seg.msgid,
            })
        if as_json:
            click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        last = None
        for row in rows:
            if row["block"] != last:
                click.echo(click.style(f"-- line {row['line']}: {row['kind']}", dim=True))
                last = row["block"]
            click.echo(f"  {row['text']}")


def _print_changes(config: Config, report: Any, check: bool) -> None:
    verb = {"created": "would create", "updated": "would update"} if check else {}
    for change in report.changes:
        if change.action.value == "unchanged":
            continue
        try:
            shown = change.path.relative_to(config.root)
        except ValueError:
            shown = change.path
        click.echo(f"{verb.get(change.action.value, change.action.value)} {shown}")
    unchanged = len(report.changes) - len(report.changed)
    if unchanged:
        click.echo(f"{unchanged} file(s) unchanged")
