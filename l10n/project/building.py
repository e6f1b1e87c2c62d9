"""``build``: one localized article per article and locale, what its policy publishes, written
under the lock on ``build/``; and what ``build`` would decide for ``status``
(:func:`publish_decision`)."""

from __future__ import annotations

import contextlib
import functools
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polib

from l10n.catalog.gate import article_decision, splice_decides
from l10n.catalog.publish import (
    ArticleDecision,
    ArticlePolicies,
    ArticlePolicy,
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
from l10n.workers import ordered_map


class ArticleCatalogs:
    """The catalogs of one article, read from disk as they are asked for. Those of ``keep``
    are read once and kept for the article's time (a locale that others fall back on, or a
    catalog that ``status`` both counts and decides on); the others are not kept."""

    def __init__(self, config: Config, article: Article, keep: Collection[str] = ()) -> None:
        self.config = config
        """The project."""
        self.article = article
        """The article."""
        self.keep = frozenset(keep)
        """The locales whose catalogs are kept once read."""
        self._kept: dict[str, polib.POFile | None] = {}

    def get(self, locale: str) -> polib.POFile | None:
        """The catalog of ``locale`` (None: there is none)."""
        if locale in self._kept:
            return self._kept[locale]
        path = po_path(self.config, self.article, locale)
        po = load_catalog(path) if path.exists() else None
        if locale in self.keep:
            self._kept[locale] = po
        return po


def fallback_locales(config: Config, locales: Sequence[str]) -> set[str]:
    """The locales whose catalogs a build of ``locales`` reads for others' gaps."""
    return {other for locale in locales for other in config.localize.chain(locale)}


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
                     table: Mapping[str, str], policy: PublishPolicy,
                     catalogs: ArticleCatalogs | None = None) -> Localized:
    """The one place that turns ``locale``'s published translations (``table``) into the article
    ``build`` writes: the ``[build.fallback]`` locales fill what ``table`` lacks (their
    catalogs read through ``catalogs``), dates of the prose are rendered for the locale, and
    lang/dir go into the front matter (:mod:`l10n.document.localize`)."""
    return _localized(config, article, sdoc, locale,
                      _offered(config, article, locale, table, policy, catalogs))


def _localized(config: Config, article: Article, sdoc: SegmentedDocument, locale: str,
               filled: FallbackTable) -> Localized:
    result = _splice(config, sdoc, locale, filled)
    if article.format != "markdown" or not result.used:
        return Localized(result, result.text, filled)
    keyed = set_locale_keys(result.text, locale, config.localize)
    return Localized(result, keyed.text, filled, keyed.problem)


def _offered(config: Config, article: Article, locale: str, table: Mapping[str, str],
             policy: PublishPolicy, catalogs: ArticleCatalogs | None) -> FallbackTable:
    """``table``, then what the ``[build.fallback]`` locales of ``locale`` publish."""
    catalogs = catalogs or ArticleCatalogs(config, article)
    fallbacks = []
    for other in config.localize.chain(locale):
        po = catalogs.get(other)
        if po is not None:
            fallbacks.append((other, publish_table(po, policy)[0]))
    return with_fallbacks(table, fallbacks)


def _splice(config: Config, sdoc: SegmentedDocument, locale: str, filled: FallbackTable) -> AssembleResult:
    return assemble(sdoc, filled.table.get, locale, date_finisher(locale, config.localize))


def published_article(config: Config, article: Article, sdoc: SegmentedDocument, locale: str,
                      po: polib.POFile, policy: PublishPolicy) -> str:
    """The article ``build`` writes from ``po`` into ``locale`` under ``policy``."""
    return localize_article(config, article, sdoc, locale, publish_table(po, policy)[0], policy).text


@dataclass(frozen=True)
class _Offer:
    """What the catalogs of one locale offer one article."""

    path: Path
    """The locale's PO file."""
    states: dict[str, EntryState]
    """msgid -> the state of its entry, for every sentence of the article (untranslated when
    the catalog lacks it)."""
    filled: FallbackTable
    """The translations the build may splice in: the locale's, then its fallbacks'."""
    refused: dict[str, str] = field(default_factory=dict)
    """msgid -> why its translation is not published at all (a whole-entry check)."""
    missing: int | None = None
    """Sentences of the article the catalog lacks; None when there is no catalog."""


def _offer(config: Config, article: Article, sdoc: SegmentedDocument, locale: str,
           policy: PublishPolicy, catalogs: ArticleCatalogs) -> _Offer:
    path = po_path(config, article, locale)
    table: dict[str, str] = {}
    refused: dict[str, str] = {}
    states = dict.fromkeys((s.msgid for s in sdoc.segments), EntryState.UNTRANSLATED)
    missing = None
    po = catalogs.get(locale)
    if po is not None:
        states.update((e.msgid, classify(e)) for e in po if e.msgid in states and not e.obsolete)
        table, refused = publish_table(po, policy)
        missing = len({s.msgid for s in sdoc.segments} - {e.msgid for e in po})
        del po
    filled = _offered(config, article, locale, table, policy, catalogs)
    return _Offer(path, states, filled, refused, missing)


def _shown(offer: _Offer, used: Collection[str]) -> set[str]:
    """The sentences whose translation is in the built article (or equals the source)."""
    return {m for m in offer.states if m in used or offer.filled.table.get(m) == m}


def publish_decision(config: Config, article: Article, sdoc: SegmentedDocument, locale: str,
                     catalogs: ArticleCatalogs, *, policy: PublishPolicy | None = None,
                     gate: ArticlePolicy | None = None) -> ArticleDecision:
    """Whether ``build`` (with ``policy`` and ``gate``, default: the configuration's) publishes
    ``article`` into ``locale``, decided as ``build`` decides it. The article is spliced only
    when the decision can depend on which translations the splice uses
    (:func:`~l10n.catalog.gate.splice_decides`); nothing is rendered or written."""
    policy = config.publish if policy is None else policy
    gate = config.articles.for_locale(locale) if gate is None else gate
    offer = _offer(config, article, sdoc, locale, policy, catalogs)
    used: Collection[str] = ()
    if splice_decides(offer.states, offer.filled.table):
        used = _splice(config, sdoc, locale, offer.filled).used
    return article_decision(sdoc, offer.states, _shown(offer, used), gate)


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

    The articles are localized on every core (:func:`l10n.workers.ordered_map`), each parsed
    once for all its locales, and their outputs written here in the articles' order. Memory is
    bounded by the largest article, not the project: each output is written (one atomic
    replacement, under the lock on the build folder) as soon as its article is done, only a
    few articles are in flight at once, and the report keeps no texts. An article that fails to
    parse stops the run with a one-line error; the outputs of the articles before it stay
    written, each complete (its old or its new content, never a mix), and the next run picks
    up where it stopped. With ``check`` nothing is written and the report says what would
    change.

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


@dataclass(frozen=True)
class _Built:
    """One article localized into every locale of the run (in a worker), not yet written."""

    outputs: tuple[tuple[Path, str | None], ...]
    """(output path, its text; None: remove it; :data:`_KEEP`: leave it), per locale."""
    part: Report
    """The article's part of the report: warnings, what was published, counts (no changes)."""


def _localize_all(job: _BuildJob, article: Article) -> _Built:
    """``article`` in every locale of ``job``: parsed and segmented once."""
    part = Report()
    sdoc = load_article(job.config, article)
    catalogs = ArticleCatalogs(job.config, article, fallback_locales(job.config, job.locales))
    outputs = tuple(_build_one(job, article, sdoc, locale, catalogs, part) for locale in job.locales)
    return _Built(outputs, part)


def _build_all(job: _BuildJob, articles: Sequence[Article], report: Report,
               progress: Progress | None, skips: BuildSkips, *,
               write: Callable[[], None] | None) -> None:
    """Every article and locale of ``job`` into ``report``, in order, each article's outputs
    written as soon as it is done unless ``write`` is None (``write()`` takes the lock first,
    if not yet held); no text outlives its article. Articles ``skips`` knows unchanged are
    replayed (their input digests taken before any worker reads them), and every built one is
    remembered with its outputs."""
    work: Callable[[Article], _Built | Report] = functools.partial(_localize_all, job)
    done = ordered_map(work, articles, local=skips.replay)
    for article, built in zip(articles, done):
        if progress:
            progress(article.rel)
        if isinstance(built, Report):  # nothing changed since the last build
            _add(report, built)
            continue
        part = built.part
        outputs: list[tuple[Path, str | None, str | None]] = []
        for out, new in built.outputs:
            old = _read_old(out)
            if new is _KEEP:
                if old is not None:
                    outputs.append((out, old, old))  # kept as last published
                    part.changes.append(FileChange(out, Action.UNCHANGED))
                continue
            outputs.append((out, new, old))
            if new is None:
                if old is None:
                    continue
                action = Action.REMOVED
            else:
                action = (Action.CREATED if old is None else
                          Action.UPDATED if old != new else Action.UNCHANGED)
            part.changes.append(FileChange(out, action))
            if write is None or action is Action.UNCHANGED:
                continue
            write()
            if action is Action.REMOVED:
                out.unlink(missing_ok=True)  # no outdated translation left online
            else:
                assert new is not None
                atomic_write_text(out, new)
        skips.remember(article, part, outputs)
        _add(report, part)
        del outputs, built


def _add(report: Report, part: Report) -> None:
    """One article's ``part`` at the end of ``report``."""
    report.changes += part.changes
    report.warnings += part.warnings
    report.published += part.published
    report.messages += part.messages
    report.translated += part.translated


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
               catalogs: ArticleCatalogs, report: Report) -> tuple[Path, str | None]:
    """One article in one locale: its output path and text (None: remove the output;
    :data:`_KEEP`: leave it as it is), its counts and warnings added to ``report``."""
    config, policy = job.config, job.policy
    offer = _offer(config, article, sdoc, locale, policy, catalogs)
    path = offer.path
    for msgid, problem in offer.refused.items():
        report.warnings.append(
            f"{display(config, path)}: translation of {short_msgid(msgid)!r} not used: {problem}"
        )
    if offer.missing is None:
        report.warnings.append(
            f"{display(config, path)}: no catalog; the article is copied untranslated "
            "(run `l10n extract`)"
        )
    elif offer.missing:
        report.warnings.append(
            f"{display(config, path)}: {offer.missing} sentence(s) of the article are "
            "not in this catalog (run `l10n extract`); they stay in the source language"
        )
    done = _localized(config, article, sdoc, locale, offer.filled)
    result, filled = done.result, done.filled
    for line, message in result.warnings:
        report.warnings.append(f"{display(config, path)}: {sdoc.document.path}:{line}: {message}")
    # a.md and a.txt would share a.html, as they share a.po: extract refuses them
    out = checked_path(config, config.build_dir, output_path(build_path(config, article, locale), job.output))
    states = offer.states
    shown = _shown(offer, result.used)
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
