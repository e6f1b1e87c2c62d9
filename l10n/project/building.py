"""``build``: one localized article per article and locale, what its policy publishes, written
under the lock on ``build/``."""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import polib

from l10n.catalog.gate import article_decision
from l10n.catalog.publish import (
    ArticlePolicies,
    PublishPolicy,
)
from l10n.catalog.state import EntryState, classify
from l10n.catalog.stats import publish_counts
from l10n.catalog.store import (
    load_catalog,
)
from l10n.config import Config
from l10n.document.assemble import AssembleResult, assemble, short_msgid
from l10n.document.localize import FallbackTable, date_finisher, set_locale_keys, with_fallbacks
from l10n.document.model import SegmentedDocument
from l10n.fsutil import atomic_write_text, locked
from l10n.output import OutputFormat, output_path, render_output
from l10n.project.checking import publish_table
from l10n.project.files import (
    build_path,
    checked_path,
    discover,
    display,
    format_options,
    load_article,
    po_path,
    select,
)
from l10n.project.model import Action, Article, FileChange, Progress, Published, Report
from l10n.project.shards import Shard
from l10n.project.skips import BuildSkips


@dataclass(frozen=True)
class Localized:
    """One article as ``build`` writes it for one locale."""

    result: AssembleResult
    """The spliced article and what went into it."""
    text: str
    """The article as written: :attr:`result`'s text with lang/dir in its front matter."""
    filled: FallbackTable
    """The translations offered: the locale's published ones, then its fallback locales'."""
    problem: str | None = None
    """Why lang/dir were not written into the front matter, for a warning."""


def localize_article(config: Config, article: Article, sdoc: SegmentedDocument, locale: str,
                     table: Mapping[str, str], policy: PublishPolicy) -> Localized:
    """The one place that turns ``locale``'s published translations (``table``) into the article
    ``build`` writes: the ``[build.fallback]`` locales fill what ``table`` lacks, dates of the
    prose are rendered for the locale, and lang/dir go into the front matter
    (:mod:`l10n.document.localize`)."""
    fallbacks = []
    for other in config.localize.chain(locale):
        path = po_path(config, article, other)
        if path.exists():
            fallbacks.append((other, publish_table(load_catalog(path), policy)[0]))
    filled = with_fallbacks(table, fallbacks)
    result = assemble(sdoc, filled.table.get, locale, date_finisher(locale, config.localize))
    if article.format != "markdown" or not result.used:
        return Localized(result, result.text, filled)
    keyed = set_locale_keys(result.text, locale, config.localize)
    return Localized(result, keyed.text, filled, keyed.problem)


def published_article(config: Config, article: Article, sdoc: SegmentedDocument, locale: str,
                      po: polib.POFile, policy: PublishPolicy) -> str:
    """The article ``build`` writes from ``po`` into ``locale`` under ``policy``."""
    return localize_article(config, article, sdoc, locale, publish_table(po, policy)[0], policy).text


def build(
    config: Config,
    names: Sequence[str] = (),
    *,
    locales: Sequence[str] = (),
    policy: PublishPolicy | None = None,
    output: OutputFormat | None = None,
    gate: ArticlePolicies | None = None,
    check: bool = False,
    progress: Progress | None = None,
    force: bool = False,
    shard: Shard | None = None,
) -> Report:
    """Write one localized article per article (of ``shard``) and locale into the build folder,
    publishing what ``policy`` says (default: the configuration's ``[build]`` policy), as ``output``
    (default: ``[build] format``; see :mod:`l10n.output`), for the articles ``gate`` lets
    through (default: the configuration's); an article below its policy is not written, and its
    earlier output is removed (``below = "skip"``) or left as it is (``"keep"``).

    Memory is bounded by the largest article, not the project: each output is written (one
    atomic replacement, under the lock on the build folder) as soon as it is decided, and the
    report keeps no texts. An article that fails to parse stops the run with a one-line error;
    the outputs of the articles before it stay written, each complete (its old or its new
    content, never a mix), and the next run picks up where it stopped. With ``check`` nothing
    is written and the report says what would change.

    An article whose source, catalogs and outputs hash as the last run left them (with the same
    settings and options) is not built again: what that run reported for it is replayed and it
    is counted in ``report.skipped`` (:mod:`l10n.project.skips`); ``force`` builds every one.
    """
    report = Report()
    policy = config.publish if policy is None else policy
    output = config.output if output is None else output
    gate = config.articles if gate is None else gate
    every = discover(config)
    articles = select(every, names, config, shard)
    targets = list(locales) or list(config.locales)
    job = _BuildJob(config, targets, policy, output, gate)
    skips = BuildSkips(config, targets, output, (policy, gate), enabled=not force)
    if check:
        _build_all(job, articles, report, progress, skips, write=None)
        report.articles, report.skipped = len(articles), skips.state.skipped
        return report
    with contextlib.ExitStack() as stack:

        held = False

        def lock() -> None:
            nonlocal held
            if not held:  # shared by the shards of a run
                stack.enter_context(locked(config.build_dir, shared=shard is not None))
                held = True

        if config.build_dir.is_dir():
            lock()  # even with nothing to write: it removes leftovers
        _build_all(job, articles, report, progress, skips, write=lock)  # else: at the first write
        report.articles, report.skipped = len(articles), skips.state.skipped
        if held:
            skips.save(every)
    return report


@dataclass(frozen=True)
class _BuildJob:
    """What one ``build`` run applies to every article."""

    config: Config
    """The project."""
    locales: list[str]
    """The locales built."""
    policy: PublishPolicy
    """What is published."""
    output: OutputFormat
    """The output format."""
    gate: ArticlePolicies
    """Which articles are published at all."""


def _build_all(job: _BuildJob, articles: Sequence[Article], report: Report,
               progress: Progress | None, skips: BuildSkips, *,
               write: Callable[[], None] | None) -> None:
    """Every article and locale of ``job`` into ``report``, each output written as soon as
    it is decided unless ``write`` is None (``write()`` takes the lock first, if not yet held);
    no text outlives its article. Articles ``skips`` knows unchanged are replayed, and every
    built one is remembered with its outputs."""
    for article in articles:
        if progress:
            progress(article.rel)
        if skips.replay(article, report):  # nothing changed since the last build
            continue
        sdoc = load_article(job.config, article)
        outputs: list[tuple[Path, str | None, str | None]] = []
        for locale in job.locales:
            out, new = _build_one(job, article, sdoc, locale, report)
            old = _read_old(out)
            if new is _KEEP:
                if old is not None:
                    outputs.append((out, old, old))  # kept as last published
                    report.changes.append(FileChange(out, Action.UNCHANGED))
                continue
            outputs.append((out, new, old))
            if new is None:
                if old is None:
                    continue
                action = Action.REMOVED
            else:
                action = (Action.CREATED if old is None else
                          Action.UPDATED if old != new else Action.UNCHANGED)
            report.changes.append(FileChange(out, action))
            if write is None or action is Action.UNCHANGED:
                continue
            write()
            if action is Action.REMOVED:
                out.unlink(missing_ok=True)  # no outdated translation left online
            else:
                assert new is not None
                atomic_write_text(out, new)
        skips.remember(article, report, outputs)
        del outputs


_KEEP = "\0keep"
""":func:`_build_one`'s answer for an article below its policy whose output stays as it is."""


def _read_old(out: Path) -> str | None:
    """What ``out`` holds now (None: no file; "" when unreadable, so it is rewritten)."""
    if not out.exists():
        return None
    try:
        return out.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def _build_one(job: _BuildJob, article: Article, sdoc: SegmentedDocument, locale: str,
               report: Report) -> tuple[Path, str | None]:
    """One article in one locale: its output path and text (None: remove the output;
    :data:`_KEEP`: leave it as it is), its counts and warnings added to ``report``."""
    config, policy = job.config, job.policy
    path = po_path(config, article, locale)
    table: dict[str, str] = {}
    states = dict.fromkeys((s.msgid for s in sdoc.segments), EntryState.UNTRANSLATED)
    if path.exists():
        po = load_catalog(path)
        states.update((e.msgid, classify(e)) for e in po if e.msgid in states and not e.obsolete)
        table, refused = publish_table(po, policy)
        for msgid, problem in refused.items():
            report.warnings.append(
                f"{display(config, path)}: translation of {short_msgid(msgid)!r} not used: {problem}"
            )
        missing = {s.msgid for s in sdoc.segments} - {e.msgid for e in po}
        if missing:
            report.warnings.append(
                f"{display(config, path)}: {len(missing)} sentence(s) of the article are "
                "not in this catalog (run `l10n extract`); they stay in the source language"
            )
        del po
    else:
        report.warnings.append(
            f"{display(config, path)}: no catalog; the article is copied untranslated "
            "(run `l10n extract`)"
        )
    done = localize_article(config, article, sdoc, locale, table, policy)
    result, filled = done.result, done.filled
    for line, message in result.warnings:
        report.warnings.append(f"{display(config, path)}: {sdoc.document.path}:{line}: {message}")
    # a.md and a.txt would share a.html, as they share a.po: extract refuses them
    out = checked_path(config, config.build_dir, output_path(build_path(config, article, locale), job.output))
    shown = {m for m in states if m in result.used or filled.table.get(m) == m}
    counts = publish_counts(states, shown)
    borrowed = Counter(filled.origin[m] for m in shown if m in filled.origin)
    decision = article_decision(sdoc, states, shown, job.gate.for_locale(locale))
    report.published.append(Published(out, locale, counts, decision, tuple(sorted(borrowed.items()))))
    if decision.publish:
        report.messages += result.total
        report.translated += result.translated
    if done.problem:
        report.warnings.append(f"{display(config, out)}: {done.problem}")
    if decision.publish and counts.mixed:
        report.warnings.append(
            f"{display(config, out)}: mixes languages: {counts.in_source_language} of "
            f"{counts.held.total.strings} sentences stay in the source language "
            f"({counts.left_out(policy)})"
        )
    if decision.publish:
        return out, render_output(job.output, done.text, sdoc.document, locale, format_options(config))
    return out, None if decision.below == "skip" else _KEEP
