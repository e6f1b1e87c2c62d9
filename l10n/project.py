"""A project on disk: articles in ``source/``, catalogs in ``locales/``, output in ``build/``.

This is the IO edge of the pipeline. ``extract`` and ``build`` read and validate every input
first and write only when everything parsed, each file atomically, under a lock on the folder
they write; with ``check=True`` they write nothing and report what would change.
"""

from __future__ import annotations

import functools
import itertools
import os
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path, PurePosixPath
from typing import TypeVar

import polib

from l10n.catalog.checks import (
    CatalogUnit,
    CheckContext,
    Finding,
    ProjectInput,
    Severity,
    catalog_refusals,
    check_catalog,
    entry_finding,
    run_project_checks,
)
from l10n.catalog.gate import article_decision
from l10n.catalog.merge import MergeStats, merge_catalog
from l10n.catalog.orphans import Orphan, carry_over, find_orphans
from l10n.catalog.publish import (
    EVERY_TRANSLATION,
    ArticleDecision,
    ArticlePolicies,
    PublishPolicy,
    published_translations,
)
from l10n.catalog.state import EntryState, classify
from l10n.catalog.stats import PublishCounts, publish_counts
from l10n.catalog.store import (
    CatalogChanged,
    PoStyle,
    Snapshot,
    catalog_from_text,
    load_catalog,
    read_catalog_text,
    replace_catalog,
)
from l10n.catalog.template import (
    TemplateSource,
    build_template,
    new_locale_catalog,
    now_stamp,
)
from l10n.config import Config
from l10n.document.assemble import AssembleResult, Finish, assemble, short_msgid
from l10n.document.formats import FormatOptions, format_for, parse_document
from l10n.document.localize import FallbackTable, date_finisher, set_locale_keys, with_fallbacks
from l10n.document.model import SegmentedDocument
from l10n.document.units import segment_document
from l10n.errors import CatalogError, ConfigError, SourceError
from l10n.fsutil import atomic_write_text, locked
from l10n.glossary import annotate, project_glossary
from l10n.locales import is_safe_locale_folder
from l10n.output import OutputFormat, output_path, render_output
from l10n.safe_files import check_path, name_problem, read_source_text, shown
from l10n.workers import die_with_parent

Progress = Callable[[str], None]


class Action(str, Enum):
    """What happened (or would happen) to an output file."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    REMOVED = "removed"


@dataclass(frozen=True)
class Article:
    """One source article."""

    path: Path
    """Absolute path of the source file."""
    rel: str
    """Path relative to the source folder, ``/``-separated (``world/bakhmut.md``)."""
    format: str
    """Format registry name."""

    @property
    def stem(self) -> str:
        """``rel`` without its file ending: the catalog's name."""
        return str(PurePosixPath(self.rel).with_suffix(""))


@dataclass(frozen=True)
class FileChange:
    """One output file and what happened to it."""

    path: Path
    """The file."""
    action: Action
    """Created, updated or unchanged."""
    detail: str = ""
    """Counts or a warning for humans."""


@dataclass(frozen=True)
class Published:
    """What ``build`` put into one localized article."""

    path: Path
    """The built article."""
    locale: str
    """Its locale."""
    counts: PublishCounts
    """Its sentences by state, held and published."""
    decision: ArticleDecision = ArticleDecision(True, 100.0, (), "skip")
    """Whether the article was published at all under its :class:`ArticlePolicy` (when not,
    :attr:`path` was not written: removed or kept as it was)."""
    fallback: tuple[tuple[str, int], ...] = ()
    """(fallback locale, sentences whose translation came from it), for those that gave any."""

    def summary(self) -> str:
        """:meth:`PublishCounts.summary`, then ``; 2 from pt_BR`` per fallback locale used."""
        borrowed = "".join(f"; {n} from {other}" for other, n in self.fallback)
        return self.counts.summary() + borrowed


@dataclass
class Report:
    """What a command did, for the CLI to print."""

    changes: list[FileChange] = field(default_factory=list)
    """Every output file considered."""
    warnings: list[str] = field(default_factory=list)
    """Problems that did not stop the command."""
    messages: int = 0
    """Messages extracted (extract) or segments assembled (build)."""
    translated: int = 0
    """Segments that used a translation (build)."""
    published: list[Published] = field(default_factory=list)
    """Per built article and locale, what it holds and what was published (build)."""

    @property
    def changed(self) -> list[FileChange]:
        """Files created or updated."""
        return [c for c in self.changes if c.action is not Action.UNCHANGED]


def discover(config: Config) -> list[Article]:
    """Every article under the source folder, sorted; other files are ignored.

    Names starting with ``.`` are skipped. An article must be a regular file inside the project
    with a one-line UTF-8 name (:mod:`l10n.safe_files`): a symbolic link (unless ``[paths]
    symlinks = "inside"`` and it stays inside), a FIFO, a device or a name with a line break is
    an error naming it. Linked folders are entered only under ``symlinks = "inside"``.
    """
    root = config.source_dir
    if not root.exists():
        raise ConfigError(
            "source folder does not exist; create it and put articles (.md, .txt) in it, "
            "or set paths.source in the configuration",
            path=root,
        )
    if not root.is_dir():
        raise ConfigError("paths.source is not a folder", path=root)
    found: list[Path] = []
    for path in _walk(config, root):
        rel = path.relative_to(root).as_posix()
        if format_for(rel) is None:
            continue
        problem = name_problem(rel)
        if problem:
            raise SourceError(problem, path=shown(path))
        if path.is_dir() and not path.is_symlink():
            raise SourceError("is a folder, but its name says it is an article", path=path)
        check_path(root, path, symlinks=config.symlinks, inside=config.inside, error=SourceError)
        found.append(path)
    articles = [Article(path=p, rel=p.relative_to(root).as_posix(), format=format_for(p.name) or "")
                for p in sorted(found)]
    stems: dict[str, str] = {}
    for article in articles:
        other = stems.setdefault(article.stem, article.rel)
        if other != article.rel:
            raise SourceError(
                f"'{other}' and '{article.rel}' would share the catalog '{article.stem}.po'; "
                "rename one of them",
                path=article.path,
            )
    return articles


def _walk(config: Config, root: Path) -> Iterator[Path]:
    """Every entry below ``root`` whose path has no hidden part; linked folders are entered only
    when ``config.symlinks`` allows it and they stay inside the project (each folder once)."""
    follow = config.symlinks == "inside"
    seen: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=follow):
        real = os.path.realpath(dirpath)
        if real in seen or not any(Path(real).is_relative_to(f) for f in config.inside):
            dirnames[:] = []
            continue
        seen.add(real)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in [*dirnames, *filenames]:
            if not name.startswith("."):
                yield Path(dirpath, name)


def select(articles: Sequence[Article], names: Sequence[str], config: Config) -> list[Article]:
    """The articles named on the command line (paths or relative names); all when none."""
    if not names:
        return list(articles)
    chosen: list[Article] = []
    for name in names:
        p = Path(name).resolve()
        match = [a for a in articles if a.path == p or a.rel == name or a.stem == name]
        if not match:
            raise SourceError("not an article of this project (see paths.source)", path=name)
        chosen.extend(m for m in match if m not in chosen)
    return chosen


def catalogs(
    config: Config, locales: Sequence[str], names: Sequence[str] = (), *, required: bool = True
) -> Iterator[tuple[Article, str, Path]]:
    """(article, locale, PO path) for every article and locale; a missing PO file is an error
    telling to run extract, or (``required=False``) is skipped."""
    for article in select(discover(config), names, config):
        for locale in locales or config.locales:
            path = po_path(config, article, locale)
            if not path.exists():
                if required:
                    raise CatalogError("no catalog yet; run `l10n extract` first", path=path)
                continue
            yield article, locale, path


def format_options(config: Config) -> FormatOptions:
    """Format settings taken from the configuration."""
    return FormatOptions(
        front_matter=True,
        front_matter_keys=config.front_matter_keys,
        line_breaks=config.text_line_breaks,
        code_shortcodes=config.code_shortcodes,
        shortcode_parameters=config.shortcode_parameters,
        indented=config.text_indented,
        extensions=config.markdown_extensions,
        skip_classes=config.html_skip_classes,
    )


def load_article(config: Config, article: Article) -> SegmentedDocument:
    """Read, parse and segment one article."""
    text = read_source_text(article.path, limit=config.max_source_bytes)
    doc = parse_document(text, _display(config, article.path), format_options(config), article.format)
    return segment_document(doc, config.source_language, config.segment_mode)


def load_file(config: Config, path: Path) -> SegmentedDocument:
    """Read, parse and segment any file exactly as :func:`extract` does an article of ``config``
    (``l10n segment``); its format comes from its name."""
    path = path.resolve()
    try:
        rel = path.relative_to(config.source_dir).as_posix()
    except ValueError:
        rel = path.name
    # An unknown ending gets "" and parse_document's error listing the formats.
    return load_article(config, Article(path=path, rel=rel, format=format_for(rel) or ""))


def template_path(config: Config, article: Article) -> Path:
    """``locales/templates/<stem>.pot``, checked like :func:`po_path`."""
    return _checked(config, config.locales_dir, config.locales_dir / "templates" / f"{article.stem}.pot")


def po_path(config: Config, article: Article, locale: str) -> Path:
    """``locales/<locale>/<stem>.po``; a :class:`CatalogError` when a part of it that exists is
    not a folder or a regular file inside the project (a link out, a FIFO...)."""
    return _checked(config, config.locales_dir, config.locales_dir / _folder(locale) / f"{article.stem}.po")


def build_path(config: Config, article: Article, locale: str) -> Path:
    """``build/<locale>/<rel>``, checked like :func:`po_path`."""
    return _checked(config, config.build_dir, config.build_dir / _folder(locale) / article.rel)


def _folder(locale: str) -> str:
    if not is_safe_locale_folder(locale):  # validated in config and CLI; never trust a path part
        raise CatalogError(f"invalid locale {ascii(locale)} for a folder name")
    return locale


def _checked(config: Config, base: Path, path: Path) -> Path:
    check_path(base, path, symlinks=config.symlinks, inside=config.inside, error=CatalogError)
    return path


def _display(config: Config, path: Path) -> str:
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class _Planned:
    """One output file of ``extract``'s plan."""

    path: Path
    """The template or PO file."""
    text: str
    """What extract would write."""
    old: str | None
    """What the file held when the plan was made (None: no file)."""
    snapshot: Snapshot
    """The identity of those bytes, checked again right before the file is replaced."""


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
) -> Report:
    """Write (or, with ``check``, compare) the templates and PO files of the articles.

    Every article is parsed and every existing catalog loaded before anything is written, so a
    bad input stops the run with nothing changed. Large projects are processed on all cores.
    The writes happen under the lock on the locales folder (which ``translate`` holds for its
    run), and a file is replaced only while it still holds the bytes its plan was made from:
    an article whose catalog changed meanwhile (a translator saving in an editor, another
    ``l10n`` run) is planned again from the new file, so no one else's work is written over.
    """
    report = Report()
    every = discover(config)
    articles = select(every, names, config)
    project_glossary(config)  # a malformed glossary stops the run before any article is read
    planner = functools.partial(_plan_extract, orphans=tuple(orphaned_catalogs(config, every)))
    plans: list[_ArticlePlan] = []
    for article, planned in zip(articles, _map(planner, config, articles)):
        if progress:
            progress(article.rel)
        plans.append(planned)
    changed = any(f.old != f.text for plan in plans for f in plan.files)
    if not check and (changed or config.locales_dir.is_dir()):
        with locked(config.locales_dir):  # even with nothing to write: it removes leftovers
            plans = [_write_article(config, a, p, planner) for a, p in zip(articles, plans)]
    for plan in plans:
        report.messages += plan.messages
        _report_plan(plan, report)
    return report


def _write_article(config: Config, article: Article, plan: _ArticlePlan,
                   replan: Callable[[Config, Article], _ArticlePlan]) -> _ArticlePlan:
    """Write one article's plan, re-planning it (with ``replan``) from the files on disk while
    they differ from what the plan was made from; the plan that was written."""
    for _ in range(_REPLANS):
        if any(Snapshot.of_file(f.path) != f.snapshot for f in plan.files):
            plan = replan(config, article)
            continue
        try:
            for f in plan.files:
                if f.old != f.text:
                    replace_catalog(f.path, f.text, f.snapshot)
        except CatalogChanged:
            plan = replan(config, article)
            continue
        return plan
    raise CatalogChanged(
        f"kept changing on disk while extract was writing it ({_REPLANS} attempts); "
        "nothing of yours was overwritten: run `l10n extract` again",
        path=plan.files[-1].path,
    )


T = TypeVar("T")


def _map(func: Callable[[Config, Article], T], config: Config, articles: list[Article]) -> Iterator[T]:
    """``func`` over the articles, in order; on several cores for a large project. The worker
    processes die with this one (:func:`l10n.workers.die_with_parent`)."""
    workers = min(os.cpu_count() or 1, 8)
    if workers < 2 or len(articles) < 8:
        for article in articles:
            yield func(config, article)
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=die_with_parent,
                             initargs=(os.getpid(),)) as pool:
        yield from pool.map(func, itertools.repeat(config), articles, chunksize=4)


def _plan_extract(config: Config, article: Article, orphans: Sequence[Orphan] = ()) -> _ArticlePlan:
    """Old and new texts of one article's template and PO files, computed without writing; a
    new catalog takes the translations of the ``orphans`` catalog it matches (a rename)."""
    planned: list[_Planned] = []
    details: dict[Path, str] = {}
    style = PoStyle.of(config)
    sdoc = load_article(config, article)
    messages = len({s.msgid for s in sdoc.segments})
    pot_file = template_path(config, article)
    old_pot_text, pot_snapshot = read_catalog_text(pot_file)
    old_pot = catalog_from_text(old_pot_text, pot_file) if old_pot_text is not None else None
    source = TemplateSource(_display(config, article.path), sdoc)
    # Keep the creation date when nothing else changed: running extract twice is a no-op.
    old_date = old_pot.metadata.get("POT-Creation-Date") if old_pot is not None else None
    template = build_template([source], project=config.project, creation_date=old_date)
    pot_text = style.format(template)
    if old_pot_text is not None and pot_text != old_pot_text:
        template.metadata["POT-Creation-Date"] = now_stamp()
        pot_text = style.format(template)
    planned.append(_Planned(pot_file, pot_text, old_pot_text, pot_snapshot))
    glossary = project_glossary(config)
    for locale in config.locales:
        path = po_path(config, article, locale)
        old_text, snapshot = read_catalog_text(path)
        carried = None if old_text is not None else carry_over(
            template, orphans, locale, threshold=config.fuzzy_threshold)
        if carried is not None:
            po = carried.po
            details[path] = f"renamed from {_display(config, carried.source.path)}: " \
                + _merge_summary(carried.stats)
        elif old_text is None:
            po = new_locale_catalog(template, locale)
        else:
            old = catalog_from_text(old_text, path)
            po, stats = merge_catalog(template, old, threshold=config.fuzzy_threshold)
            # Like msgmerge, leave PO-Revision-Date alone: it dates the translators' work.
            details[path] = _merge_summary(stats)
        annotate(po, glossary, locale)  # glossary: the "#. glossary:" notes, after the merge
        po_text = style.format(po)
        planned.append(_Planned(path, po_text, old_text, snapshot))
    return _ArticlePlan(planned, messages, details)


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
            Action.CREATED if f.old is None else Action.UPDATED if f.old != f.text else Action.UNCHANGED
        )
        report.changes.append(FileChange(f.path, action, plan.details.get(f.path, "")))


def publish_table(po: polib.POFile, policy: PublishPolicy) -> tuple[dict[str, str], dict[str, str]]:
    """What ``build`` may splice into an article from ``po``: msgid -> msgstr of the entries
    ``policy`` publishes, less those a whole-entry check refuses (returned as msgid -> why)."""
    table = published_translations(po, policy)
    refused = {msgid: problem for msgid, problem in catalog_refusals(po).items()
               if table.pop(msgid, None) is not None}
    return table, refused


def check_context(config: Config, article: Article, locale: str | None,
                  sdoc: SegmentedDocument | None = None) -> CheckContext:
    """What the checks know of ``article``'s catalog for ``locale``."""
    sdoc = sdoc or load_article(config, article)
    return CheckContext(config.source_language, locale, sdoc.document.references,
                        _display(config, article.path))


def check_article(config: Config, article: Article, po: polib.POFile, *,
                  scope: PublishPolicy = EVERY_TRANSLATION, locale: str | None = None) -> list[Finding]:
    """Everything ``l10n check`` reports for one catalog of ``article`` (into ``locale``), on the
    entries ``scope`` publishes: the checks of :data:`~l10n.catalog.checks.CHECKS` on every
    entry, and, as ERROR findings, the translations a build with that policy would refuse only
    once spliced into the article (its whole-article structure and front-matter guards). So
    every translation ``build`` refuses is reported."""
    return _check_loaded(load_article(config, article), po, check_context(config, article, locale),
                         article.format, scope, date_finisher(locale, config.localize))


def _check_loaded(sdoc: SegmentedDocument, po: polib.POFile, context: CheckContext,
                  article_format: str, scope: PublishPolicy, finish: Finish | None = None) -> list[Finding]:
    locale = context.target_locale
    findings = check_catalog(po, article_format, context)
    table, _ = publish_table(po, scope)
    for guarded in assemble(sdoc, table.get, locale, finish).guarded:
        entry = po.find(guarded.msgid)
        if entry is not None:
            findings.append(entry_finding(entry, guarded.check, Severity.ERROR, guarded.message, context))
        else:
            findings.append(Finding(guarded.check, Severity.ERROR, guarded.message, guarded.msgid,
                                    0, False, context.article, locale or "", guarded.line))
    # Fuzzy entries outside the scope are left out; findings on any other entry always count.
    states = {entry.msgid: classify(entry) for entry in po if not entry.obsolete}
    return [f for f in findings
            if not (state := states.get(f.msgid, EntryState.TRANSLATED)).is_draft
            or scope.publishes(state)]


def check_project(config: Config, locales: Sequence[str], *,
                  scope: PublishPolicy = EVERY_TRANSLATION) -> list[tuple[Path, Finding]]:
    """Everything ``l10n check`` reports: (PO file, finding) for every catalog's findings
    (:func:`check_article`, on the entries ``scope`` publishes), then the project checks across
    catalogs (:data:`~l10n.catalog.checks.PROJECT_CHECKS`)."""
    out: list[tuple[Path, Finding]] = []
    units: list[CatalogUnit] = []
    paths: dict[str, Path] = {}
    for article, locale, path in catalogs(config, locales, required=False):
        po, sdoc = load_catalog(path), load_article(config, article)
        context = check_context(config, article, locale, sdoc)
        out += [(path, f) for f in _check_loaded(sdoc, po, context, article.format, scope,
                                                 date_finisher(locale, config.localize))]
        unit = CatalogUnit(po, _display(config, path), context)
        units.append(unit)
        paths[unit.file] = path
    found = run_project_checks(ProjectInput(tuple(units), config.root, scope.drafts or scope.stale,
                                            config.glossary_path))
    return out + [(paths[unit.file], f) for unit, f in found]


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
) -> Report:
    """Write one localized article per article and locale into the build folder, publishing
    what ``policy`` says (default: the configuration's ``[build]`` policy), as ``output``
    (default: ``[build] format``; see :mod:`l10n.output`), for the articles ``gate`` lets
    through (default: the configuration's); an article below its policy is not written, and its
    earlier output is removed (``below = "skip"``) or left as it is (``"keep"``)."""
    report = Report()
    policy = config.publish if policy is None else policy
    output = config.output if output is None else output
    gate = config.articles if gate is None else gate
    articles = select(discover(config), names, config)
    targets = list(locales) or list(config.locales)
    planned: list[tuple[Path, str | None, str | None]] = []
    for article in articles:
        if progress:
            progress(article.rel)
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
                        f"{_display(config, path)}: translation of {short_msgid(msgid)!r} not used: {problem}"
                    )
                missing = {s.msgid for s in sdoc.segments} - {e.msgid for e in po}
                if missing:
                    report.warnings.append(
                        f"{_display(config, path)}: {len(missing)} sentence(s) of the article are "
                        "not in this catalog (run `l10n extract`); they stay in the source language"
                    )
            else:
                report.warnings.append(
                    f"{_display(config, path)}: no catalog; the article is copied untranslated "
                    "(run `l10n extract`)"
                )
            done = localize_article(config, article, sdoc, locale, table, policy)
            result, filled = done.result, done.filled
            for line, message in result.warnings:
                report.warnings.append(f"{_display(config, path)}: {sdoc.document.path}:{line}: {message}")
            # a.md and a.txt would share a.html, as they share a.po: extract refuses them
            out = _checked(config, config.build_dir, output_path(build_path(config, article, locale), output))
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
                report.warnings.append(f"{_display(config, out)}: {done.problem}")
            if decision.publish and counts.mixed:
                report.warnings.append(
                    f"{_display(config, out)}: mixes languages: {counts.in_source_language} of "
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
    for path, new, old in planned:
        action = (Action.REMOVED if new is None else Action.CREATED if old is None
                  else Action.UPDATED if old != new else Action.UNCHANGED)
        report.changes.append(FileChange(path, action))
    if check or (not report.changed and not config.build_dir.is_dir()):
        return report
    with locked(config.build_dir):  # even with nothing to write: it removes leftovers
        for path, new, old in planned:
            if new is None:
                path.unlink(missing_ok=True)
            elif old != new:
                atomic_write_text(path, new)
    return report
