"""``extract``: every article's template and catalogs planned from the source and the files on
disk, then written under the lock on ``locales/`` without overwriting anyone's work.

Nothing is replaced before every article is validated, yet the new texts are not held in
memory: each is staged on disk as soon as its article is planned (:func:`l10n.fsutil.staging`,
under ``locales/``), and the staged files are renamed into place once the whole plan stands. The
run's memory is bounded by its largest article; a crash leaves every file old or new."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from l10n.catalog.orphans import Orphan, carry_over, find_orphans
from l10n.catalog.store import (
    CatalogChanged,
    PoStyle,
    Snapshot,
    catalog_from_text,
    read_catalog_text,
    replace_catalog_staged,
)
from l10n.catalog.template import (
    Template,
    TemplateSource,
    build_template,
    new_locale_catalog,
    now_stamp,
)
from l10n.config import Config
from l10n.fsutil import flush_stage, flushing_behind, locked, stage_bytes, staging
from l10n.gc_pause import gc_paused
from l10n.glossary import Glossary, annotate, project_glossary
from l10n.glossary.catalog import NOTE_PREFIX
from l10n.project.files import discover, display, load_article, po_path, select, template_path
from l10n.project.model import Action, Article, FileChange, Progress, Report
from l10n.project.runstate import bytes_digest
from l10n.project.shards import Shard
from l10n.project.skips import ExtractSkips
from l10n.workers import ordered_map

if TYPE_CHECKING:
    from l10n.catalog.merge import MergeStats


@dataclass(frozen=True)
class _Planned:
    """One output file of ``extract``'s plan."""

    path: Path
    """The template or PO file."""
    changed: bool
    """Whether extract would write it: the file does not hold the planned text yet."""
    staged: Path | None
    """The staged file holding the planned text, to be renamed into place; None when nothing
    changes or the run writes nothing (``--check``). The plan never holds a text itself."""
    created: bool
    """Whether the file did not exist when the plan was made."""
    snapshot: Snapshot
    """The identity of the bytes the plan was made from, checked again right before the file
    is replaced."""
    digest: str | None = None
    """SHA-256 of the file as the plan leaves it (:func:`l10n.project.runstate.text_digest`),
    for the no-op record."""

    @classmethod
    def of(cls, path: Path, text: str, old: str | None, snapshot: Snapshot,
           stage: Path | None) -> _Planned:
        """The plan to turn ``old`` (None: no file) into ``text``, staged in ``stage`` when
        it changes (None: not staged)."""
        data = text.encode("utf-8")  # as atomic_write_text writes it
        changed = text != old
        staged = stage_bytes(stage, data) if changed and stage is not None else None
        return cls(path, changed, staged, old is None, snapshot, bytes_digest(data))


@dataclass(frozen=True)
class _ArticlePlan:
    """Everything ``extract`` would write for one article."""

    files: list[_Planned]
    """Its template, then its PO files."""
    messages: int
    """Distinct messages in the article."""
    details: dict[Path, str]
    """Merge counts per PO file."""


_REPLANS = 20
"""How many times one article is re-planned because its files keep changing before giving up."""


def extract(
    config: Config,
    names: Sequence[str] = (),
    *,
    check: bool = False,
    progress: Progress | None = None,
    force: bool = False,
    shard: Shard | None = None,
) -> Report:
    """Write (or, with ``check``, compare) the templates and PO files of the articles (of
    ``shard``: :mod:`l10n.project.shards`; a renamed article of one shard may take over the
    translations of an orphaned catalog just as a whole run would, only reading it).

    An article whose source, template and catalogs hash as the last run left them (with the
    same settings) is skipped and counted in ``report.skipped`` (:mod:`l10n.project.skips`);
    ``force`` does every article the full way.

    Every article is parsed and every existing catalog loaded before anything is written, so a
    bad input stops the run with nothing changed; meanwhile the new texts wait in a staging
    folder on disk, not in memory. Large projects are processed on all cores.
    The writes happen under the lock on the locales folder (which ``translate`` holds for its
    run), and a file is replaced only while it still holds the bytes its plan was made from:
    an article whose catalog changed meanwhile (a translator saving in an editor, another
    ``l10n`` run) is planned again from the new file, so no one else's work is written over.
    """
    report = Report()
    every = discover(config)
    articles = select(every, names, config, shard)
    project_glossary(config)  # a malformed glossary stops the run before any article is read
    skips = ExtractSkips(config, enabled=not force)
    todo = []
    for article in articles:
        if skips.unchanged(article):
            if progress:
                progress(article.rel)
        else:
            todo.append(article)
    orphans = tuple(orphaned_catalogs(config, every)) if todo else ()
    existed = config.locales_dir.is_dir()
    if existed and todo:  # catalogs to merge into: load the merge once, not in every worker
        import l10n.catalog.merge  # noqa: F401
    stage_folder: contextlib.AbstractContextManager[Path | None] = (
        staging(config.locales_dir) if todo and not check else contextlib.nullcontext())
    with stage_folder as stage:
        planner = functools.partial(_plan_extract, orphans=orphans, stage=stage)
        plans: list[_ArticlePlan] = []
        # The staged files go to the disk while later articles are planned (flush_stage below
        # still flushes whatever is left before the first rename).
        behind = flushing_behind(stage) if stage is not None else contextlib.nullcontext()
        with behind:
            for article, planned in zip(todo, ordered_map(functools.partial(planner, config), todo)):
                if progress:
                    progress(article.rel)
                plans.append(planned)
        changed = any(f.changed for plan in plans for f in plan.files)
        if not check and (changed or existed):
            # even with nothing to write: it removes leftovers; shared by the shards of a run
            with locked(config.locales_dir, shared=shard is not None):
                if stage is not None and changed:
                    flush_stage(stage)  # once for every staged file, before the first rename
                plans = [_write_article(config, a, p, planner) for a, p in zip(todo, plans)]
                for article, plan in zip(todo, plans):
                    skips.remember(article, [f.digest for f in plan.files], plan.messages)
                skips.save(every)
    done = dict(zip(todo, plans))
    for article in articles:
        if not skips.replay(article, report):
            report.messages += done[article].messages
            _report_plan(done[article], report)
    report.articles, report.skipped = len(articles), skips.state.skipped
    return report


def _write_article(config: Config, article: Article, plan: _ArticlePlan,
                   replan: Callable[[Config, Article], _ArticlePlan]) -> _ArticlePlan:
    """Write one article's plan (rename its staged files into place), re-planning it (with
    ``replan``) from the files on disk while they differ from what the plan was made from; the
    plan that was written."""
    flushed = True  # the first plan's files were flushed by extract; a new plan's are not
    for _ in range(_REPLANS):
        if any(Snapshot.of_file(f.path) != f.snapshot for f in plan.files):
            plan, flushed = replan(config, article), False
            continue
        try:
            for f in plan.files:
                if f.staged is not None:
                    replace_catalog_staged(f.path, f.staged, f.snapshot, flushed=flushed)
        except CatalogChanged:
            plan, flushed = replan(config, article), False
            continue
        return plan
    raise CatalogChanged(
        f"kept changing on disk while extract was writing it ({_REPLANS} attempts); "
        "nothing of yours was overwritten: run `l10n extract` again",
        path=plan.files[-1].path,
    )


@gc_paused  # planning keeps hundreds of thousands of objects alive until the article is done
def _plan_extract(config: Config, article: Article, orphans: Sequence[Orphan] = (),
                  stage: Path | None = None) -> _ArticlePlan:
    """What one article's template and PO files would become, computed without touching them:
    each new text is staged in ``stage`` (None: only compared); a new catalog takes the
    translations of the ``orphans`` catalog it matches (a rename)."""
    planned: list[_Planned] = []
    details: dict[Path, str] = {}
    style = PoStyle.of(config)
    sdoc = load_article(config, article)
    pot_file = template_path(config, article)
    old_pot_text, pot_snapshot = read_catalog_text(pot_file)
    old_pot = catalog_from_text(old_pot_text, pot_file) if old_pot_text is not None else None
    source = TemplateSource(display(config, article.path), sdoc)
    # Keep the creation date when nothing else changed: running extract twice is a no-op.
    old_date = old_pot.metadata.get("POT-Creation-Date") if old_pot is not None else None
    template = build_template([source], project=config.project, creation_date=old_date)
    head, entries_text = style.format_parts(template.header(), template.messages)
    pot_text = head + entries_text
    if old_pot_text is not None and pot_text != old_pot_text:
        # Only the header changes with the date: the entries' text stays as formatted.
        template = template.dated(now_stamp())
        pot_text = style.format_parts(template.header(), ())[0] + entries_text
    planned.append(_Planned.of(pot_file, pot_text, old_pot_text, pot_snapshot, stage))
    glossary = project_glossary(config)
    reuse = _entries_reusable(template, glossary)
    catalog = functools.cache(template.catalog)  # polib entries only for a merge or carry-over
    for locale in config.locales:
        path = po_path(config, article, locale)
        old_text, snapshot = read_catalog_text(path)
        carried = None if old_text is not None or not orphans else carry_over(
            catalog(), orphans, locale, threshold=config.fuzzy_threshold)
        if carried is None and old_text is None and reuse:
            # A new catalog: its own header, then the template's entries as already written.
            po_text = style.format_parts(template.locale_header(locale), ())[0] + entries_text
            planned.append(_Planned.of(path, po_text, old_text, snapshot, stage))
            continue
        if carried is not None:
            po = carried.po
            details[path] = f"renamed from {display(config, carried.source.path)}: " \
                + _merge_summary(carried.stats)
        elif old_text is None:
            po = new_locale_catalog(catalog(), locale)
        else:
            from l10n.catalog.merge import merge_catalog  # rapidfuzz: only to update a catalog

            old = catalog_from_text(old_text, path)
            po, stats = merge_catalog(catalog(), old, threshold=config.fuzzy_threshold)
            # Like msgmerge, leave PO-Revision-Date alone: it dates the translators' work.
            details[path] = _merge_summary(stats)
        annotate(po, glossary, locale)  # glossary: the "#. glossary:" notes, after the merge
        po_text = style.format(po)
        planned.append(_Planned.of(path, po_text, old_text, snapshot, stage))
    return _ArticlePlan(planned, len(template.messages), details)


def _entries_reusable(template: Template, glossary: Glossary) -> bool:
    """Whether a new locale catalog's entries are written exactly as the template's (which
    :func:`new_locale_catalog` copies untranslated): one formatting for the template and every
    new catalog. Not when the glossary adds notes, or a comment is one :func:`annotate` would
    rewrite (each distinct comment checked once: most entries share a block kind's)."""
    if glossary.rules:
        return False
    comments = {"\n".join(m.extracted_comments) for m in template.messages}
    return all(c == "\n".join(ln for ln in c.splitlines() if not ln.startswith(NOTE_PREFIX))
               for c in comments)


def orphaned_catalogs(config: Config, articles: Sequence[Article] | None = None) -> list[Orphan]:
    """The templates and catalogs of the configured locales whose article no longer exists
    (:mod:`l10n.catalog.orphans`); ``articles`` defaults to every article of the project."""
    stems = (a.stem for a in (discover(config) if articles is None else articles))
    return find_orphans(config.locales_dir, config.locales, stems, symlinks=config.symlinks,
                        inside=config.inside)


def _merge_summary(stats: MergeStats) -> str:
    parts = [f"{stats.exact + stats.revived} kept"]
    for label, count in (("fuzzy", stats.fuzzy), ("new", stats.new), ("obsolete", stats.obsolete)):
        if count:
            parts.append(f"{count} {label}")
    return ", ".join(parts)


def _report_plan(plan: _ArticlePlan, report: Report) -> None:
    for f in plan.files:
        action = (
            Action.CREATED if f.created else Action.UPDATED if f.changed else Action.UNCHANGED
        )
        report.changes.append(FileChange(f.path, action, plan.details.get(f.path, "")))
