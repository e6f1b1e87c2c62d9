"""Fill empty PO entries with machine-translated drafts, safely and resumably.

For every job (one PO file, one locale, one engine) the core:

1. classifies entries with :func:`l10n.catalog.state.classify` and collects those to fill:
   untranslated ones, plus untouched machine drafts with ``include_machine_fuzzy``
   (``--redraft-machine``); human, reviewed, edited and stale entries are never touched.
   Entries are deduplicated across files by source text, language pair and engine, so a
   sentence repeated in ten articles is translated once;
2. answers what it can from the translation memory (human translations of the PO files
   themselves first, then the SQLite memory; machine units only when produced by the
   engine's current model version, and following the glossary) and copies texts with nothing to translate (only markup,
   numbers, punctuation); an entry the memory does not know exactly may get a close match of
   a human or imported unit as its draft (:mod:`l10n.mt.memory.fuzzy`, ``memory_fuzzy``);
3. masks markup (:mod:`l10n.mt.mask`) and glossary terms (:mod:`l10n.mt.terms`), batches the
   rest within the engine's limits, translates the batches on ``limits.max_concurrency``
   threads and verifies every output
   (:mod:`l10n.mt.drafts`): a broken draft is never written;
4. writes each draft as ``msgstr``, adds the ``fuzzy`` flag and a provenance translator comment
   (:mod:`l10n.catalog.provenance`), stores it in the memory (committed per batch) and saves the
   PO files atomically, in the project's PO style, every ``save_every`` entries and at the end,
   also on Ctrl-C. A killed run leaves valid files; the next run finds the saved drafts filled
   and the unsaved ones in the memory.

The files are read, drafted, saved and released in batches of a few thousand entries, so
memory is bounded by a batch, not the project; what the batches share (each text's outcome,
the progress total, the human translations of every file) is :mod:`l10n.mt.batching`'s.

The caller should hold :func:`l10n.fsutil.locked` on the locales folder; in addition, a PO file
changed on disk during the run (a translator saving in Poedit) is re-read before each save and
only entries that are still empty (or still untouched machine drafts) receive drafts.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import date

import polib

from l10n.catalog.provenance import Provenance, Via, apply_draft, draft_digest
from l10n.catalog.state import classify
from l10n.catalog.store import CatalogChanged, Snapshot, load_catalog_snapshot
from l10n.errors import EngineError
from l10n.mt import mask as masking
from l10n.mt.batching import (
    HUMAN_WORK,
    HumanKey,
    Resolved,
    RunWide,
    UnitKey,
    collect_humans,
    draftable,
    prescan,
)
from l10n.mt.context import Article, items_for
from l10n.mt.drafts import Breaker, NotAttempted, Outcome
from l10n.mt.engines import Engine, chunk_plan
from l10n.mt.engines.base import ContextItem, context_engine
from l10n.mt.engines.reliability import WaitBudget
from l10n.mt.jobs import Failure, FileReport, TranslateJob, TranslateOptions, TranslateReport
from l10n.mt.memory import HUMAN, Memory, MemoryUnit
from l10n.mt.memory.claims import send_once
from l10n.mt.memory.fuzzy import MemoryMatcher
from l10n.mt.preparing import build_engines, normalise_jobs, open_run_memory
from l10n.mt.terms import mask_for, prepare, reusable

__all__ = [
    "Failure",
    "FileReport",
    "TranslateJob",
    "TranslateOptions",
    "TranslateReport",
    "build_engines",
    "run_translate",
]

# --------------------------------------------------------------------------- run state


_SAVE_ATTEMPTS = 20
"""How often one save re-reads a file that keeps changing under it before giving up."""


EntryKey = tuple[str | None, str]


def _key(entry: polib.POEntry) -> EntryKey:
    return entry.msgctxt, entry.msgid


@dataclass
class _Tally:
    filled: int = 0
    from_memory: int = 0
    memory_fuzzy: int = 0
    engine_calls: int = 0
    failed: int = 0
    skipped_human: int = 0
    sent: int = 0
    chars: int = 0
    failures: list[Failure] = field(default_factory=list)
    planned: list[str] = field(default_factory=list)


@dataclass
class _File:
    job: TranslateJob
    po: polib.POFile
    snapshot: Snapshot
    tally: _Tally = field(default_factory=_Tally)
    drafts: dict[EntryKey, tuple[str, Provenance]] = field(default_factory=dict)
    dirty: bool = False
    article: Article | None = None  # context engines: read once (l10n.mt.context)


@dataclass
class _Unit:
    key: UnitKey
    masked: masking.Masked
    owner: _File
    targets: list[tuple[_File, polib.POEntry]] = field(default_factory=list)
    fallback: masking.Masked | None = None  # glossary terms masked too (l10n.mt.terms)


class _Run:
    def __init__(
        self,
        files: list[_File],
        options: TranslateOptions,
        memory: Memory | None,
        engines: Mapping[str, Engine],
        shared: RunWide,
    ) -> None:
        self.files = files
        self.options = options
        self.memory = memory
        self.engines = engines
        self.shared = shared
        self.today = options.today or date.today().isoformat()
        self.unsaved = 0
        self.retry: list[_Unit] = []

    # -- planning

    def plan(self) -> tuple[list[_Unit], list[_Unit]]:
        """The units of this batch's entries: those new to the run, and those an earlier batch
        resolved (:meth:`reuse`)."""
        units: dict[UnitKey, _Unit] = {}
        reused: dict[UnitKey, _Unit] = {}
        results = self.shared.results
        for f in self.files:
            job = f.job
            for entry in f.po:
                if not draftable(entry, redraft_machine=self.options.include_machine_fuzzy):
                    if classify(entry) in HUMAN_WORK:
                        f.tally.skipped_human += 1
                    continue
                key = (job.engine, job.source_lang, job.locale, entry.msgid)
                table = reused if key in results else units
                unit = table.get(key)
                if unit is None:
                    masked, fallback = mask_for(self.engines.get(job.engine),
                                                self.options.glossary, entry.msgid, job.locale)
                    unit = table[key] = _Unit(key, masked, f, fallback=fallback)
                unit.targets.append((f, entry))
                if not self.shared.scanned:
                    self.shared.total += 1
        return list(units.values()), list(reused.values())

    def reuse(self, units: list[_Unit]) -> None:
        """Give the entries of ``units`` what their text came to in an earlier batch: the same
        draft and provenance, or the same failure (a dry run counted them already)."""
        for unit in units:
            done = self.shared.results[unit.key]
            if done.outcome == "drafted":
                self.fill(unit, done.text, done.engine, done.via, done.fixes, extra=done.extra,
                          fuzzy=done.fuzzy)
                if done.fuzzy:
                    for f, _ in unit.targets:
                        f.tally.memory_fuzzy += 1
            elif done.outcome == "failed":
                self.fail(unit, done.reason)

    def human_index(self) -> dict[HumanKey, str]:
        """Human translations of the jobs' own files (the memory's freshest part); they are
        also stored in the memory. Empty when the memory is off. Gathered once per run: by
        :func:`~l10n.mt.batching.prescan`, or here when the run is one batch."""
        if self.shared.humans is None:
            index: dict[HumanKey, str] = {}
            if self.options.memory is not None:
                for f in self.files:
                    collect_humans(f.po, f.job, index, self.memory,
                                   store=not self.options.dry_run)
            self.shared.humans = index
        return self.shared.humans

    def resolve_cheap(self, units: list[_Unit]) -> list[_Unit]:
        """Fill from memory and copies; return the units that need the engine."""
        humans = self.human_index()
        hits: dict[UnitKey, MemoryUnit] = {}
        if self.memory is not None:
            groups: dict[tuple[str, str, str], list[str]] = {}
            for unit in units:
                engine, src, tgt, msgid = unit.key
                groups.setdefault((engine, src, tgt), []).append(msgid)
            for (engine, src, tgt), msgids in groups.items():
                for msgid, hit in self.memory.lookup_many(msgids, src, tgt, engine).items():
                    hits[(engine, src, tgt, msgid)] = hit
        pending: list[_Unit] = []
        for unit in units:
            engine, src, tgt, msgid = unit.key
            human = humans.get((src, tgt, msgid))
            if human is not None:
                self.fill(unit, human, HUMAN, "memory")
            elif unit.key in hits and self._current(hits[unit.key]) and (
                hits[unit.key].human or reusable(self.options.glossary, msgid, hits[unit.key].target, tgt)
            ):
                hit = hits[unit.key]
                self.fill(unit, hit.target, hit.engine, "memory", extra=_origin(hit))
            elif not unit.masked.needs_translation:
                self.fill(unit, masking.copy_draft(unit.masked), engine, "copy")
            else:
                pending.append(unit)
        return self.resolve_fuzzy(pending, humans)

    def resolve_fuzzy(
        self, units: list[_Unit], humans: Mapping[HumanKey, str]
    ) -> list[_Unit]:
        """Give units a close match of a human or imported memory unit as their draft
        (``memory_fuzzy`` and more similar, the news-safe rules of :mod:`l10n.mt.memory.fuzzy`);
        return the rest, for the engine."""
        threshold = self.options.memory_fuzzy
        if self.memory is None or not units or threshold <= 0:
            return units
        matcher = self.shared.matcher
        if matcher is None:
            own = [MemoryUnit(source, target, s, t, HUMAN) for (s, t, source), target in humans.items()]
            matcher = self.shared.matcher = MemoryMatcher(self.memory, own)
        pending: list[_Unit] = []
        for unit in units:
            _, src, tgt, msgid = unit.key
            match = matcher.best(msgid, src, tgt, threshold)
            if match is None or not reusable(self.options.glossary, msgid, match.unit.target, tgt):
                pending.append(unit)
                continue
            extra = (("match", f"{match.percent}%"), *_origin(match.unit))
            self.fill(unit, match.unit.target, match.unit.engine, "memory", extra=extra, fuzzy=True)
            for f, _ in unit.targets:
                f.tally.memory_fuzzy += 1
        return pending

    def _current(self, hit: MemoryUnit) -> bool:
        """A machine unit is reused only if the engine's model has not changed since."""
        engine = self.engines.get(hit.engine)
        return hit.human or engine is None or not hit.model or hit.model == engine.version

    # -- applying

    def fill(
        self, unit: _Unit, text: str, engine: str, via: Via, fixes: tuple[str, ...] = (),
        *, extra: tuple[tuple[str, str], ...] = (), fuzzy: bool = False,
    ) -> None:
        """Write ``text`` as the draft of every entry of ``unit`` (the engine's model version
        goes into the memory, not into the comment; repairs that changed it go in ``fix=``,
        a memory match's similarity and origin in ``extra``, ``fuzzy``: a close match)."""
        self.shared.results[unit.key] = Resolved("drafted", text, engine, via, fixes, extra, fuzzy)
        extra = ((("fix", ",".join(fixes)),) if fixes else ()) + extra
        if via == "engine":  # model and prompt of engines that name them (llm: m=, p=)
            extra = tuple(getattr(self.engines.get(engine), "provenance_fields", ())) + extra
        provenance = Provenance(engine, self.today, draft_digest(text), via, extra=extra)
        for f, entry in unit.targets:
            f.tally.filled += 1
            if via == "memory":
                f.tally.from_memory += 1
            if not self.options.dry_run:
                apply_draft(entry, text, provenance)
                f.drafts[_key(entry)] = (text, provenance)
                f.dirty = True
                self.unsaved += 1
        self.advance(len(unit.targets))

    def fail(self, unit: _Unit, reason: str) -> None:
        self.shared.results[unit.key] = Resolved("failed", reason=reason)
        for f, entry in unit.targets:
            f.tally.failed += 1
            f.tally.failures.append(Failure(entry.msgid, reason))
        self.advance(len(unit.targets))

    def advance(self, count: int) -> None:
        self.shared.advance(count)

    def maybe_save(self, *, force: bool = False) -> None:
        """Save dirty files after ``save_every`` new drafts, or now with ``force``.

        Periodic saves of a big catalog are not free (formatting a 1,000-entry PO file takes
        0.3-1 s), so they are also spaced to at least three times the duration of the previous
        save: saving never takes more than about a quarter of the run. The memory holds every
        finished draft in between.
        """
        if self.options.dry_run:
            return
        if not force:
            if self.unsaved < max(1, self.options.save_every):
                return
            if time.monotonic() - self.shared.last_save_end < 3 * self.shared.last_save_cost:
                return
        started = time.monotonic()
        for f in self.files:
            if f.dirty:
                self.save(f)
        self.unsaved = 0
        self.shared.last_save_end = time.monotonic()
        self.shared.last_save_cost = self.shared.last_save_end - started

    def save(self, f: _File) -> None:
        """Write ``f``'s drafts into its file; when the file is no longer the one last read or
        written (someone saved it), into the new version, compared again right before the
        rename (:meth:`l10n.catalog.store.PoStyle.replace`)."""
        path = f.job.po_path
        for _ in range(_SAVE_ATTEMPTS):
            if Snapshot.of_file(path) != f.snapshot:
                fresh, f.snapshot = load_catalog_snapshot(path)
                f.po = self._reapply(f, fresh)
            try:
                f.snapshot = self.options.style.replace(path, f.po, f.snapshot)
            except CatalogChanged:
                continue
            f.dirty = False
            return
        raise CatalogChanged(
            f"kept changing on disk while translate was saving drafts ({_SAVE_ATTEMPTS} "
            "attempts); nothing of yours was overwritten: run `l10n translate` again",
            path=path,
        )

    def _reapply(self, f: _File, fresh: polib.POFile) -> polib.POFile:
        """Someone changed the file during the run: put our drafts into their version."""
        index = {_key(e): e for e in fresh if not e.obsolete}
        for key, (text, provenance) in f.drafts.items():
            entry = index.get(key)
            if entry is None:
                continue
            redraft = self.options.include_machine_fuzzy or entry.msgstr == text
            if draftable(entry, redraft_machine=redraft):
                apply_draft(entry, text, provenance)
        return fresh

    # -- engine work

    def dry_run(self, pending: list[_Unit]) -> None:
        for unit in pending:
            engine = unit.key[0]
            self.shared.results[unit.key] = Resolved("planned")
            unit.owner.tally.sent += 1
            unit.owner.tally.chars += len(unit.masked.text)
            unit.owner.tally.planned.append(unit.key[3])
            self.shared.chars_by_engine[engine] = self.shared.chars_by_engine.get(engine, 0) + len(
                unit.masked.text
            )

    def translate(self, pending: list[_Unit]) -> None:
        groups: dict[tuple[str, str, str], list[_Unit]] = {}
        for unit in pending:
            groups.setdefault(unit.key[:3], []).append(unit)
        for (name, src, tgt), units in groups.items():
            if self.shared.aborted:
                for unit in units:
                    self.fail(unit, f"not attempted: {self.shared.aborted}")
                continue
            self._translate_shared(self.engines[name], src, tgt, units)

    def _translate_shared(self, engine: Engine, src: str, tgt: str, units: list[_Unit]) -> None:
        """Send each sentence once across the processes sharing the memory
        (:mod:`l10n.mt.memory.claims`); fill those another process sent from the memory."""
        if self.memory is None or not self.memory.shared:
            self._translate_group(engine, src, tgt, units)
            return
        by_source = {unit.key[3]: unit for unit in units}

        def accept(hit: MemoryUnit) -> bool:
            return self._current(hit) and (
                hit.human or reusable(self.options.glossary, hit.source, hit.target, tgt))

        def send(todo: list[str]) -> None:
            self._translate_group(engine, src, tgt, [by_source[source] for source in todo])

        found = send_once(self.memory, engine.name, src, tgt, list(by_source), send, accept)
        for source, hit in found.items():
            self.fill(by_source[source], hit.target, hit.engine, "memory", extra=_origin(hit))
        self.maybe_save()

    def _translate_group(self, engine: Engine, src: str, tgt: str, units: list[_Unit]) -> None:
        refused = prepare(engine, self.options.glossary, src, tgt)
        if refused is not None:
            for unit in units:
                self.fail(unit, f"glossary not accepted: {refused}")
            if not refused.retryable:
                self.shared.aborted, self.shared.aborted_by = str(refused), engine.name
            return
        by_owner: dict[int, list[_Unit]] = {}
        for unit in units:
            by_owner.setdefault(id(unit.owner), []).append(unit)
        batches: list[list[_Unit]] = []
        for owned in by_owner.values():
            for plan in chunk_plan([u.masked.text for u in owned], engine.limits):
                batches.append([owned[i] for i in plan])
        breaker = Breaker(self.options.max_consecutive_failures)
        workers = max(1, min(engine.limits.max_concurrency, len(batches)))
        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=f"l10n-{engine.name}")
        futures: dict[Future[Outcome], list[_Unit]] = {}
        finished = False
        try:
            for batch in batches:
                items = [u.masked for u in batch]
                contexts = self._contexts(engine, batch)
                futures[pool.submit(breaker.run, engine, items, src, tgt, contexts)] = batch
            for future in as_completed(futures):
                batch = futures[future]
                error = future.exception()
                if error is None:
                    self._apply_outcome(engine, src, tgt, batch, future.result())
                elif isinstance(error, NotAttempted):
                    for unit in batch:
                        self.fail(unit, f"not attempted: {breaker.reason}")
                elif isinstance(error, EngineError):
                    for unit in batch:
                        self.fail(unit, str(error))
                else:
                    raise error
            finished = True
        finally:
            pool.shutdown(wait=finished, cancel_futures=True)
            if breaker.reason:
                self.shared.aborted, self.shared.aborted_by = breaker.reason, engine.name

    def _contexts(self, engine: Engine, batch: list[_Unit]) -> list[ContextItem] | None:
        """The article around each unit of ``batch`` (one PO file), for a context engine."""
        if context_engine(engine) is None:
            return None
        owner = batch[0].owner
        if owner.article is None:
            owner.article = Article.of(owner.po, owner.job.source_lang)
        return items_for(owner.article, [u.key[3] for u in batch],
                         [u.masked.text for u in batch], self.options.glossary, owner.job.locale)

    def _apply_outcome(
        self, engine: Engine, src: str, tgt: str, batch: list[_Unit], outcome: Outcome
    ) -> None:
        owner = batch[0].owner
        owner.tally.engine_calls += outcome.calls
        owner.tally.sent += len(batch)
        owner.tally.chars += outcome.chars
        self.shared.chars_by_engine[engine.name] = self.shared.chars_by_engine.get(engine.name, 0) + outcome.chars
        stored: list[MemoryUnit] = []
        for unit, text, reason, fixes in zip(
            batch, outcome.texts, outcome.reasons, outcome.fixes, strict=True
        ):
            if text is None:
                self.fail(unit, reason or "no translation")
                continue
            if unit.fallback and not reusable(self.options.glossary, unit.key[3], text, tgt):
                self.retry.append(unit)
                continue
            self.fill(unit, text, engine.name, "engine", fixes)
            stored.append(MemoryUnit(unit.key[3], text, src, tgt, engine.name, engine.version))
        if self.memory is not None and stored:
            self.memory.store(stored)
        self.maybe_save()

    def glossary_retry(self) -> list[_Unit]:
        """The units whose draft broke the glossary, masked with its terms this time (those
        left with nothing to translate are copied)."""
        pending, self.retry = self.retry, []
        for unit in pending:
            unit.masked, unit.fallback = unit.fallback or unit.masked, None
            if not unit.masked.needs_translation:
                self.fill(unit, masking.copy_draft(unit.masked), unit.key[0], "copy")
        return [unit for unit in pending if unit.masked.needs_translation]

    def reports(self) -> list[FileReport]:
        """One report per file of the batch, in job order."""
        return [
            FileReport(
                path=f.job.po_path,
                locale=f.job.locale,
                engine=f.job.engine,
                filled=f.tally.filled,
                from_memory=f.tally.from_memory,
                memory_fuzzy=f.tally.memory_fuzzy,
                engine_calls=f.tally.engine_calls,
                failed=f.tally.failed,
                skipped_human=f.tally.skipped_human,
                sent=f.tally.sent,
                chars=f.tally.chars,
                failures=tuple(f.tally.failures),
                planned=tuple(f.tally.planned),
                digest=f.snapshot.digest,
            )
            for f in self.files
        ]

    def draft(self) -> None:
        """Resolve every entry of the batch: earlier batches' results, memory and copies, then
        the engine."""
        units, reused = self.plan()
        if not self.shared.scanned:  # the run is this one batch: its plan counted the total
            self.shared.start()
        self.reuse(reused)
        pending = self.resolve_cheap(units)
        if self.options.dry_run:
            self.dry_run(pending)
        else:
            self.maybe_save()
            self.translate(pending)
            self.translate(self.glossary_retry())


# --------------------------------------------------------------------------- entry point


def _origin(unit: MemoryUnit) -> tuple[tuple[str, str], ...]:
    """The ``origin=`` provenance field of a draft from an imported unit."""
    return (("origin", unit.origin),) if unit.origin else ()


def _load_batch(jobs: Sequence[TranslateJob], start: int, limit: int) -> list[_File]:
    """The files of ``jobs`` from ``start`` on, until they hold ``limit`` entries (at least one
    file)."""
    files: list[_File] = []
    entries = 0
    for job in jobs[start:]:
        if files and entries >= limit:
            break
        files.append(_File(job, *load_catalog_snapshot(job.po_path)))
        entries += len(files[-1].po)
    return files


def run_translate(
    jobs: Sequence[TranslateJob],
    *,
    options: TranslateOptions,
    progress: Callable[[int, int], None] | None = None,
    engines: Mapping[str, Engine] | None = None,
) -> TranslateReport:
    """Fill the empty entries of every job's PO file with fuzzy machine drafts.

    Engine construction problems (unknown engine, missing key, unsupported language pair) raise
    before anything is read or written. Problems during the run (an engine down, a key refused,
    a quota used up) stop the run cleanly: finished drafts are saved, the rest are counted as
    failed and ``report.aborted`` says why. Ctrl-C saves finished drafts and re-raises.
    ``engines`` are engines already built for the jobs (:mod:`l10n.mt.chains` chose them).
    The files are read, drafted, saved and released in batches of about
    ``options.batch_entries`` entries (:mod:`l10n.mt.batching`); a file that cannot be read
    stops the run before anything is written.
    """
    normal = normalise_jobs(jobs, options)
    if options.dry_run:
        engines = {}
    elif engines is None:
        engines = build_engines(normal, options.engine_options)
    budget = WaitBudget(options.max_wait)
    for engine in engines.values():
        if hasattr(engine, "wait_budget"):  # online engines: one budget for the whole run
            engine.wait_budget = budget
    limit = max(1, options.batch_entries)
    files = _load_batch(normal, 0, limit)
    memory = open_run_memory(options)
    shared = RunWide(progress)
    reports: list[FileReport] = []
    try:
        start = len(files)
        if start < len(normal):
            prescan([(f.job, f.po) for f in files], normal[start:], shared, memory,
                    redraft_machine=options.include_machine_fuzzy,
                    with_humans=options.memory is not None, store=not options.dry_run)
            shared.start()
        while files:
            run = _Run(files, options, memory, engines, shared)
            try:
                run.draft()
            finally:
                run.maybe_save(force=True)
            reports.extend(run.reports())
            files = _load_batch(normal, start, limit)
            start += len(files)
    finally:
        if memory is not None:
            memory.close()
    return TranslateReport(
        files=tuple(reports),
        dry_run=options.dry_run,
        chars_by_engine=dict(shared.chars_by_engine),
        aborted=shared.aborted,
        aborted_by=shared.aborted_by,
    )
