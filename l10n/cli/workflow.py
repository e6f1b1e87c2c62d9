"""The commands that write: ``init``, ``extract``, ``translate``, ``build`` and ``run``."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click

from l10n.catalog.publish import BELOW_CHOICES, ArticlePolicies, Below, PublishPolicy
from l10n.cli.common import (
    State,
    check_option,
    locales_option,
    print_changes,
    progress_line,
    resolve_locales,
    shard_option,
    user_errors,
)
from l10n.errors import L10nError
from l10n.mt.engines import DEFAULT_ENGINE, ENGINES, describe_engines
from l10n.output import OUTPUTS, OutputFormat

if TYPE_CHECKING:
    from l10n.config import Config
    from l10n.project import Report
    from l10n.project.shards import Shard

F = TypeVar("F", bound=Callable[..., Any])


@click.command()
@click.option("--source-language", default="en", show_default=True, help="Language of the articles.")
@click.option("--locale", "-l", "locales", multiple=True, required=True, help="A target locale (repeatable).")
@click.option("--engine", type=click.Choice(list(ENGINES)), default=None,
              help="Translation engine for every locale (default: for each locale, the offline "
                   f"engines that cover it, written under [translate.locales]). {describe_engines()}")
@click.pass_obj
def init(state: State, source_language: str, locales: tuple[str, ...], engine: str | None) -> None:
    """Create l10n.toml and the source/ folder in the current (or -C) folder.

    Without --engine, each locale gets the offline engines that cover it
    (bergamot for Portuguese, apertium for the installed Apertium pairs) and
    init says what it picked; a locale no offline engine covers is named with
    what would cover it, and translate skips it until one is configured.
    """
    from l10n.fsutil import atomic_write_text
    from l10n.locales import normalize_locale
    from l10n.mt.picks import Picks, pick_offline

    with user_errors():
        root = (state.project_dir or Path.cwd()).resolve()
        target = root / "l10n.toml"
        if target.exists():
            raise L10nError("already exists; edit it instead", path=target)
        names = [normalize_locale(x) for x in locales]
        src = normalize_locale(source_language)
        picked = Picks({}, {}) if engine else pick_offline(src, names)
        picks, pivots = picked.chains, picked.pivots
        text = (
            f'source_language = "{src}"\n'
            f"locales = [{', '.join(json.dumps(n) for n in names)}]\n\n"
            '[paths]\nsource = "source"\nlocales = "locales"\nbuild = "build"\n\n'
            f'[translate]\nengine = "{engine or DEFAULT_ENGINE}"\n'
        )
        if picks:
            text += "\n[translate.locales]\n" + "".join(
                f"{name} = [{', '.join(json.dumps(e) for e in chain)}]\n"
                for name, chain in picks.items()
            )
        if pivots:
            text += "\n[engines.apertium]\npivots = {" + ", ".join(
                f"{name} = {json.dumps(hub)}" for name, hub in pivots.items()) + "}\n"
        import tomllib

        from l10n.config import config_from_mapping, engine_gaps

        config = config_from_mapping(tomllib.loads(text), root=root, config_path=target)
        atomic_write_text(target, text)
        (root / "source").mkdir(exist_ok=True)
        click.echo(f"created {target}; put articles in {root / 'source'} and run `l10n extract`")
        for name, chain in picks.items():
            through = f", through {pivots[name]}" if name in pivots else ""
            click.echo(f"engine for {name}: {', '.join(chain)} (offline{through})")
        for gap in engine_gaps(config):
            click.echo(f"warning: {gap}", err=True)


def force_option(f: F) -> F:
    """``--force``: ignore the run state of .l10n/state/ and do every article the full way."""
    return click.option(
        "--force", is_flag=True,
        help="Do every article the full way, also those whose files are unchanged since the "
             "last run (which are otherwise skipped; see .l10n/state/).",
    )(f)


def print_skipped(report: Report) -> None:
    """``312 of 326 articles unchanged, skipped`` when the run state let some be skipped."""
    if report.skipped:
        click.echo(f"{report.skipped} of {report.articles} articles unchanged, skipped")


@click.command()
@click.argument("articles", nargs=-1)
@check_option
@click.option("--dry-run", is_flag=True,
              help="Write nothing; show what would change in each file (kept, fuzzy, new, obsolete).")
@force_option
@shard_option
@click.pass_obj
def extract(state: State, articles: tuple[str, ...], check: bool, dry_run: bool,
            force: bool, shard: Shard | None) -> None:
    """Write templates (.pot) and update every locale's PO file.

    Each article in the source folder becomes locales/templates/<article>.pot;
    each configured locale gets locales/<locale>/<article>.po. Existing
    translations are kept: unchanged sentences keep theirs, edited sentences get
    the old one back as a fuzzy suggestion (with the old text as #| msgid), and
    sentences that disappeared become obsolete (#~) entries. Running it twice
    changes nothing; an article whose source, template and catalogs are as the
    last run left them is skipped (--force: not). ARTICLES limits the run to
    some articles.
    """
    from l10n.project import extract as run_extract

    with user_errors():
        config = state.config()
        with progress_line() as progress:
            report = run_extract(config, articles, check=check or dry_run, progress=progress,
                                 force=force, shard=shard)
        print_changes(config, report, check or dry_run)
        print_skipped(report)
        click.echo(f"{report.messages} messages")
        if check and report.changed:
            sys.exit(1)



@click.command()
@click.argument("articles", nargs=-1)
@locales_option
@click.option("--engine", "-e", default=None,
              help="Engine for this run (default: [translate] engine / [translate.locales] in the "
                   f"configuration). {describe_engines()} See README.md for what each needs.")
@click.option("--redraft-machine", is_flag=True,
              help="Also replace machine drafts nobody edited yet (fuzzy, text as the machine wrote it).")
@click.option("--dry-run", is_flag=True,
              help="Write nothing; show the entries and characters each engine would get.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object with the totals.")
@click.option("--no-memory", is_flag=True, help="Neither read nor fill the translation memory.")
@force_option
@shard_option
@click.pass_obj
def translate(state: State, articles: tuple[str, ...], locales: tuple[str, ...], engine: str | None,
              redraft_machine: bool, dry_run: bool, as_json: bool, no_memory: bool,
              force: bool, shard: Shard | None) -> None:
    """Fill empty entries with machine-translated drafts.

    Drafts are marked fuzzy, with a "# mt:" translator comment naming the
    engine and date, so a translator reviews them in a PO editor. Entries a
    human translated or edited, and entries whose source changed, are never
    touched. Exact matches
    from the translation memory are reused without calling the engine, so a
    repeated sentence is translated once; a close match of a human or imported
    unit becomes a draft too ([translate] memory_fuzzy). Safe to interrupt: finished work is
    saved and the next run continues where it stopped. A catalog the last run
    left with nothing to draft, unchanged since, is not read again (--force: it is).
    """
    with user_errors():
        config = state.config()
        report = _translate(config, articles, locales, engine, redraft_machine, dry_run, no_memory,
                            quiet=as_json, force=force, shard=shard)
        if as_json:
            click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
        else:
            _print_translate(report, dry_run)
        if getattr(report, "failed", 0) or getattr(report, "skipped", ()):
            sys.exit(1)


def _translate(config: Config, articles: tuple[str, ...], locales: tuple[str, ...], engine: str | None,
               redraft_machine: bool, dry_run: bool, no_memory: bool, *, quiet: bool,
               force: bool = False, shard: Shard | None = None) -> Any:
    from dataclasses import replace

    from l10n.catalog.store import PoStyle
    from l10n.fsutil import locked
    from l10n.glossary import project_glossary
    from l10n.mt.chains import translate_chains as run_translate
    from l10n.mt.engines.rate_budget import RateScope, rate_scope
    from l10n.mt.translate import TranslateJob, TranslateOptions
    from l10n.project import catalogs
    from l10n.project.skips import TranslateSkips

    skips = TranslateSkips(config, (engine, redraft_machine, no_memory), enabled=not force)
    jobs = []
    chains = {}
    for _, locale, path in catalogs(config, resolve_locales(config, locales), articles, shard=shard):
        chain = (engine,) if engine else config.engines_for(locale)
        if skips.unchanged(path, chain):
            continue
        chains[path] = chain
        jobs.append(TranslateJob(po_path=path, locale=locale, source_lang=config.source_language,
                                 engine=chain[0], fallback=chain[1:]))
    options = TranslateOptions(
        style=PoStyle.of(config),
        dry_run=dry_run,
        include_machine_fuzzy=redraft_machine,
        memory_path=None if no_memory else config.memory_path,
        memory_url=None if no_memory else config.memory_url,
        engine_options=config.engine_options,
        glossary=project_glossary(config),
        max_wait=config.max_wait,
        memory_fuzzy=config.memory_fuzzy,
    )
    show_bar = not quiet and not dry_run and sys.stderr.isatty()
    # The shards of one run translate at once (shared lock) and share the engines' rates.
    scope = RateScope(shards=shard.count if shard else 1, url=config.memory_url)
    with locked(config.locales_dir, wait=False, shared=shard is not None), rate_scope(scope):
        try:
            if not show_bar:
                report = run_translate(jobs, options=options)
            else:
                with click.progressbar(length=1, label="Translating", file=sys.stderr) as bar:
                    def progress(done: int, total: int) -> None:
                        bar.length = max(total, 1)
                        bar.update(done - bar.pos)
                    report = run_translate(jobs, options=options, progress=progress)
        finally:
            for notice in dict.fromkeys(scope.notices):
                click.echo(f"l10n: warning: {notice}", err=True)
        if not dry_run and report.aborted is None:
            for file in report.files:  # nothing left to draft: next time, not even read
                if not file.failed and file.digest is not None and file.path in chains:
                    skips.remember(file.path, chains[file.path], file.digest, file.skipped_human)
            skips.save()
    return replace(report, unchanged=skips.state.skipped, unchanged_human=skips.human)


def _print_translate(report: Any, dry_run: bool) -> None:
    data = report.to_json()
    skipped = 0
    if dry_run:
        click.echo("dry run: nothing was sent or written; would send:")
        for file in data.get("files", []):
            for msgid in file.get("planned", []):
                click.echo(f"  {file.get('path', '')}: {msgid}")
    else:
        aborted = data.get("aborted")
        for file in data.get("files", []):
            for failure in file.get("failures", []):
                reason = failure["reason"]
                if aborted and (reason == aborted or reason == f"not attempted: {aborted}"):
                    skipped += 1  # counted in the one line below
                    continue
                click.echo(f"not drafted: {file.get('path', '')}: {failure['msgid'][:60]!r}: "
                           f"{reason}", err=True)
    for line in data.get("switched", []):
        click.echo(f"l10n: warning: {line}", err=True)
    for skipped_locale in data.get("skipped", []):
        click.echo(f"l10n: warning: {skipped_locale['locale']} skipped: "
                   f"{skipped_locale['reason']}", err=True)
    for key in ("filled", "from_memory", "memory_fuzzy", "engine_calls", "failed", "skipped_human"):
        click.echo(f"{key.replace('_', ' ')}: {data.get(key, 0)}")
    if data.get("unchanged"):
        click.echo(f"{data['unchanged']} catalog(s) unchanged with nothing to draft, skipped")
    for name, chars in sorted((data.get("chars_by_engine") or {}).items()):
        click.echo(f"characters for {name}: {chars}")
    if data.get("aborted"):
        left = f", {skipped} {'entry' if skipped == 1 else 'entries'} skipped" if not dry_run else ""
        click.echo(f"l10n: error: translation stopped early{left}: {data['aborted']}; finished "
                   "drafts are saved, run again to continue", err=True)



def publish_options(drafts_default: bool | None, drafts_help: str) -> Callable[[F], F]:
    """``--include-drafts``, ``--include-stale`` and the deprecated ``--include-fuzzy``."""
    def wrap(f: F) -> F:
        f = click.option("--include-fuzzy/--no-include-fuzzy", "include_fuzzy", default=None,
                         help="Deprecated name of --include-drafts (it never publishes stale "
                              "translations).")(f)
        f = click.option("--include-stale/--no-include-stale", "include_stale", default=None,
                         help="Also publish stale translations: fuzzy ones made for an older "
                              "version of their sentence (#| previous msgid), which may say "
                              "something else than the article now does. Default: no, unless "
                              "[build] include_stale = true.")(f)
        return click.option("--include-drafts/--no-include-drafts", "include_drafts",
                            default=drafts_default, help=drafts_help)(f)
    return wrap


def publish_policy(config: Config, include_drafts: bool | None, include_stale: bool | None,
                   include_fuzzy: bool | None) -> PublishPolicy:
    """The policy the options ask for, the configuration's ``[build]`` keys filling the rest."""
    if include_fuzzy is not None:
        click.echo("l10n: warning: --include-fuzzy is deprecated; use --include-drafts (stale "
                   "translations are published only with --include-stale)", err=True)
        if include_drafts is not None and include_drafts != include_fuzzy:
            raise click.UsageError("--include-fuzzy is the old name of --include-drafts; give one")
        include_drafts = include_fuzzy
    return PublishPolicy(
        drafts=config.publish.drafts if include_drafts is None else include_drafts,
        stale=config.publish.stale if include_stale is None else include_stale,
    )


def gate_options(f: F) -> F:
    """``--min-percent``, ``--require`` and ``--below``: when an article is published at all."""
    f = click.option("--below", type=click.Choice(BELOW_CHOICES), default=None,
                     help="What happens to an article below the policy: skip (no file; an "
                          "earlier output is removed) or keep (the last published output stays "
                          "as it is). Default: [build] below, or skip.")(f)
    f = click.option("--require", "require", multiple=True, metavar="SELECTOR",
                     help="Blocks whose every sentence must be reviewed for the article to be "
                          "published: title, first_paragraph, headings, front_matter, "
                          "front_matter.KEY (repeatable; replaces [build] required; 'none' "
                          "requires nothing).")(f)
    return click.option("--min-percent", type=click.FloatRange(0, 100), default=None,
                        help="Publish an article only when this share of its source words is "
                             "in reviewed translations (drafts do not count). Overrides [build] "
                             "min_percent for every locale.")(f)


def gate_policies(config: Config, min_percent: float | None, require: tuple[str, ...],
                  below: str | None) -> ArticlePolicies:
    """The article policies of the configuration with the options over them."""
    from l10n.document.selectors import selector_problem

    required: tuple[str, ...] | None = None
    if require:
        required = tuple(dict.fromkeys(r for r in require if r != "none"))
        for selector in required:
            problem = selector_problem(selector)
            if problem:
                raise click.BadParameter(problem, param_hint="--require")
    return config.articles.overridden(min_percent=min_percent, required=required,
                                      below=cast(Below | None, below))


def _print_build(config: Config, report: Report, policy: PublishPolicy, *, check: bool,
                 as_json: bool) -> None:
    """Warnings on stderr; then the changed files, one summary line per article and locale and
    the totals (or all of it as one JSON object)."""
    from l10n.catalog.stats import CatalogStats, PublishCounts

    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    if as_json:
        held = sum((p.counts.held for p in report.published), CatalogStats())
        shown = sum((p.counts.published for p in report.published), CatalogStats())
        click.echo(json.dumps({
            "policy": {"drafts": policy.drafts, "stale": policy.stale},
            "files": [{"path": _shown(config, p.path), "locale": p.locale, **p.counts.to_json(),
                       "publish": p.decision.to_json(), "fallback": dict(p.fallback)}
                      for p in report.published],
            "skipped": [{"path": _shown(config, p.path), "locale": p.locale,
                         "below": p.decision.below, "reasons": list(p.decision.reasons)}
                        for p in report.published if not p.decision.publish],
            "total": PublishCounts(held, shown).to_json(),
            "segments": {"translated": report.translated, "total": report.messages},
            "changed": [_shown(config, c.path) for c in report.changed],
            "warnings": report.warnings,
        }, ensure_ascii=False, indent=2))
        return
    print_changes(config, report, check)
    kept = {c.path for c in report.changes}
    for published in report.published:
        if published.decision.publish:
            click.echo(f"{_shown(config, published.path)}: {published.summary()}")
        elif published.decision.below == "keep" and published.path not in kept:
            click.echo(f"{_shown(config, published.path)}: not published, nothing published "
                       f"earlier to keep: {'; '.join(published.decision.reasons)}")
        else:
            click.echo(f"{_shown(config, published.path)}: {published.decision.describe()}")
    click.echo(f"published {policy.describe()}")
    print_skipped(report)
    skipped = sum(1 for p in report.published if not p.decision.publish)
    if skipped:
        click.echo(f"{skipped} article(s) below the publish policy not written")
    click.echo(f"{report.translated} of {report.messages} sentences translated")


def _shown(config: Config, path: Path) -> str:
    return path.relative_to(config.root).as_posix() if path.is_relative_to(config.root) else str(path)


@click.command()
@click.argument("articles", nargs=-1)
@locales_option
@publish_options(None, "Also publish drafts: machine drafts and edited drafts (fuzzy, made for "
                       "the sentence as it is now). Default: no, unless [build] include_drafts "
                       "= true.")
@click.option("--format", "output", type=click.Choice(list(OUTPUTS)), default=None,
              help="What to write: " + "; ".join(f"{name}: {o.help}" for name, o in OUTPUTS.items())
                   + ". Default: [build] format, else source.")
@gate_options
@check_option
@click.option("--json", "as_json", is_flag=True,
              help="Print one JSON object: per article and locale, the sentences it holds and "
                   "those published, by state, and whether it was published at all.")
@force_option
@shard_option
@click.pass_obj
def build(state: State, articles: tuple[str, ...], locales: tuple[str, ...],
          include_drafts: bool | None, include_stale: bool | None, include_fuzzy: bool | None,
          output: OutputFormat | None, min_percent: float | None, require: tuple[str, ...],
          below: str | None, check: bool, as_json: bool, force: bool, shard: Shard | None) -> None:
    """Write the localized articles into build/<locale>/.

    Each sentence is replaced by its reviewed translation; untranslated and
    fuzzy sentences stay in the source language, unless --include-drafts
    (machine and edited drafts) or --include-stale (translations made before
    their sentence changed) publishes them too. Everything else is copied byte
    for byte. A translation that `l10n check` reports as an error (a lost link,
    code span or HTML tag...) is not used, and a warning names it; so does a
    warning for each article that mixes languages. Prints, per article and
    locale, the sentences published of each kind. --format html writes
    build/<locale>/<article>.html instead: a web page with lang and dir.

    An article is published for a locale only when it meets the policy of
    [build] min_percent / required (or --min-percent / --require): below it,
    no file is written and an earlier output is removed (--below skip, the
    default) or left as it was (--below keep); the summary says why. An article
    whose source, catalogs and outputs are as the last build left them (same
    options) is not built again (--force: it is).
    """
    from l10n.project import build as run_build

    with user_errors():
        config = state.config()
        policy = publish_policy(config, include_drafts, include_stale, include_fuzzy)
        gate = gate_policies(config, min_percent, require, below)
        with progress_line() as progress:
            report = run_build(config, articles, locales=resolve_locales(config, locales),
                               policy=policy, output=output, gate=gate, check=check,
                               progress=progress, force=force, shard=shard)
        _print_build(config, report, policy, check=check, as_json=as_json)
        if check and report.changed:
            sys.exit(1)



@click.command()
@locales_option
@click.option("--engine", "-e", default=None, help="Engine for the translate step.")
@publish_options(True, "Publish the drafts (default here: yes, so the result shows them; stale "
                       "translations only with --include-stale).")
@gate_options
@shard_option
@click.pass_obj
def run(state: State, locales: tuple[str, ...], engine: str | None, include_drafts: bool,
        include_stale: bool | None, include_fuzzy: bool | None, min_percent: float | None,
        require: tuple[str, ...], below: str | None, shard: Shard | None) -> None:
    """Extract, translate and build in one go (the whole workflow).

    Equivalent to `l10n extract && l10n translate && l10n build --include-drafts`:
    machine drafts are published, stale translations (made before their
    sentence changed) are not, unless --include-stale.
    """
    from l10n.project import build as run_build
    from l10n.project import extract as run_extract

    with user_errors():
        config = state.config()
        policy = publish_policy(config, include_drafts, include_stale, include_fuzzy)
        gate = gate_policies(config, min_percent, require, below)
        click.echo("== extract")
        extracted = run_extract(config, shard=shard)
        print_changes(config, extracted, False)
        print_skipped(extracted)
        click.echo("== translate")
        report = _translate(config, (), locales, engine, False, False, False, quiet=False,
                            shard=shard)
        _print_translate(report, False)
        click.echo("== build")
        built = run_build(config, locales=resolve_locales(config, locales), policy=policy, gate=gate,
                          shard=shard)
        _print_build(config, built, policy, check=False, as_json=False)
        if getattr(report, "failed", 0) or getattr(report, "skipped", ()):
            sys.exit(1)
