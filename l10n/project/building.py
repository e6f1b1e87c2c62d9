"""``build``: one localized article per article and locale, what its policy publishes, written
under the lock on ``build/``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
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

    An article whose source, catalogs and outputs hash as the last run left them (with the same
    settings and options) is not built again: what that run reported for it is replayed and it
    is counted in ``report.skipped`` (:mod:`l10n.project.skips`); ``force`` builds every one."""
    report = Report()
    policy = config.publish if policy is None else policy
    output = config.output if output is None else output
    gate = config.articles if gate is None else gate
    every = discover(config)
    articles = select(every, names, config, shard)
    targets = list(locales) or list(config.locales)
    planned: list[tuple[Path, str | None, str | None]] = []
    skips = BuildSkips(config, targets, output, (policy, gate), enabled=not force)
    for article in articles:
        if progress:
            progress(article.rel)
        if skips.replay(article, report):  # nothing changed since the last build
            continue
        first = len(planned)
        sdoc = load_article(config, article)
        for locale in targets:
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
            out = checked_path(config, config.build_dir, output_path(build_path(config, article, locale), output))
            shown = {m for m in states if m in result.used or filled.table.get(m) == m}
            counts = publish_counts(states, shown)
            borrowed = Counter(filled.origin[m] for m in shown if m in filled.origin)
            decision = article_decision(sdoc, states, shown, gate.for_locale(locale))
            report.published.append(Published(out, locale, counts, decision,
                                              tuple(sorted(borrowed.items()))))
            if decision.publish:
                report.messages += result.total
                report.translated += result.translated
            text = done.text
            if done.problem:
                report.warnings.append(f"{display(config, out)}: {done.problem}")
            if decision.publish and counts.mixed:
                report.warnings.append(
                    f"{display(config, out)}: mixes languages: {counts.in_source_language} of "
                    f"{counts.held.total.strings} sentences stay in the source language "
                    f"({counts.left_out(policy)})"
                )
            old = None
            if out.exists():
                try:
                    old = out.read_bytes().decode("utf-8")
                except (OSError, UnicodeDecodeError):
                    old = ""
            if decision.publish:
                rendered = render_output(output, text, sdoc.document, locale, format_options(config))
                planned.append((out, rendered, old))
            elif decision.below == "skip" and out.exists():
                planned.append((out, None, old))  # no outdated translation left online
            elif old is not None:
                planned.append((out, old, old))  # kept as last published
        skips.remember(article, report, planned[first:])
    report.articles, report.skipped = len(articles), skips.state.skipped
    for path, new, old in planned:
        action = (Action.REMOVED if new is None else Action.CREATED if old is None
                  else Action.UPDATED if old != new else Action.UNCHANGED)
        report.changes.append(FileChange(path, action))
    if check or (not report.changed and not config.build_dir.is_dir()):
        return report
    # even with nothing to write: it removes leftovers; shared by the shards of a run
    with locked(config.build_dir, shared=shard is not None):
        for path, new, old in planned:
            if new is None:
                path.unlink(missing_ok=True)
            elif old != new:
                atomic_write_text(path, new)
        skips.save(every)
    return report
