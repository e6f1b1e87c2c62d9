"""What every ``l10n`` command shares: the project state, the common options, how errors and
progress are shown and how changed files are listed.

Exit codes: 0 success; 1 ``--check`` found files that would change (or checks failed);
2 an error (bad configuration, unreadable input...), printed as one line without a traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from l10n.errors import L10nError

if TYPE_CHECKING:
    from l10n.config import Config
    from l10n.project.shards import Shard

F = TypeVar("F", bound=Callable[..., Any])


@contextmanager
def progress_line() -> Iterator[Callable[[str], None] | None]:
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


def fail(exc: L10nError) -> None:
    """Print ``exc`` as one line and exit 2."""
    click.echo(f"l10n: error: {exc}", err=True)
    sys.exit(2)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn user errors into one line and exit 2, Ctrl-C into exit 130."""
    try:
        yield
    except L10nError as exc:
        fail(exc)
    except KeyboardInterrupt:
        click.echo("l10n: interrupted; files written so far are complete and valid", err=True)
        sys.exit(130)


class State:
    """The ``--config`` / ``-C`` options, and the configuration they lead to (read once)."""

    def __init__(self, config_path: Path | None, project_dir: Path | None) -> None:
        self.config_path = config_path
        self.project_dir = project_dir
        self._config: Config | None = None

    def config(self) -> Config:
        """The configuration, read once; its deprecation notices go to stderr then."""
        if self._config is None:
            from l10n.config import find_config, load_config

            if self.config_path is not None:
                self._config = load_config(self.config_path)
            else:
                self._config = load_config(find_config(self.project_dir or Path.cwd()))
            for notice in self._config.notices:
                click.echo(f"l10n: warning: {notice}", err=True)
        return self._config


def locales_option(f: F) -> F:
    """``--locale/-l``, repeatable."""
    return click.option(
        "--locale",
        "-l",
        "locales",
        multiple=True,
        metavar="LOCALE",
        help="Only this locale (repeatable); default: every locale in the configuration.",
    )(f)


class ShardType(click.ParamType["Shard"]):
    """``I/N`` -> :class:`~l10n.project.shards.Shard`; anything else is a usage error (exit 2)."""

    name = "I/N"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Shard:
        from l10n.project.shards import Shard, ShardError, parse_shard

        if isinstance(value, Shard):
            return value
        try:
            return parse_shard(str(value))
        except ShardError as exc:
            self.fail(exc.message, param, ctx)


def shard_option(f: F) -> F:
    """``--shard I/N``: only this share of the articles (1-based; see README "Running on many
    machines")."""
    return click.option(
        "--shard",
        type=ShardType(),
        default=None,
        help="Only shard I of N (1 <= I <= N) of the articles, split by a hash of their path: "
             "N runs with I = 1..N, on one machine or many, together do one whole run "
             "(Kubernetes' 0-based JOB_COMPLETION_INDEX: give $((JOB_COMPLETION_INDEX + 1))/N).",
    )(f)


def check_option(f: F) -> F:
    """``--check``: write nothing, exit 1 if something would change."""
    return click.option(
        "--check",
        is_flag=True,
        help="Write nothing; exit 1 if any file would change (for CI).",
    )(f)


def resolve_locales(config: Config, locales: tuple[str, ...]) -> list[str]:
    """The ``--locale`` values, normalised; each must be a configured locale."""
    from l10n.locales import normalize_locale

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


def print_changes(config: Config, report: Any, check: bool) -> None:
    """One line per created or updated file (``would ...`` with ``--check``), then a count."""
    verb = {"created": "would create", "updated": "would update", "removed": "would remove"} if check else {}
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



def json_chunks(key: str, items: Iterable[Any], rest: Callable[[], Mapping[str, Any]]) -> Iterator[str]:
    """``json.dumps({key: [*items], **rest()}, ensure_ascii=False, indent=2)`` in pieces, one
    item at a time, so a report of 50,000 rows is never one object or one string in memory.
    ``rest`` is called after the last item (it may sum what the items gave)."""
    yield "{\n  " + json.dumps(key, ensure_ascii=False) + ": ["
    first = True
    for item in items:
        text = json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n    ")
        yield ("\n    " if first else ",\n    ") + text
        first = False
    yield "]" if first else "\n  ]"
    for name, value in rest().items():
        yield ",\n  " + json.dumps(name, ensure_ascii=False) + ": " + \
            json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  ")
    yield "\n}"
