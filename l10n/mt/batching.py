"""What the batches of one translate run share, so that memory stays bounded by a batch.

:func:`l10n.mt.translate.run_translate` loads, drafts, saves and releases the catalogs of a run
a batch at a time (``TranslateOptions.batch_entries`` entries or more, whole files), instead of
holding every catalog of the project at once. What must still hold across the whole run lives
here, as strings:

- :class:`Resolved`, in :attr:`RunWide.results`: what each unit (engine, language pair, source
  text) came to, so that a sentence repeated across batches is sent to the engine once per run
  (even with the memory off) and every entry of it gets the same draft and provenance, as when
  the run was one batch;
- the progress total, counted by :func:`prescan` before the first batch drafts anything (which
  also reads every catalog, so a broken one stops the run before anything is written), and the
  human translations of the run's own files, which answer entries of any batch;
- why the run stopped, and the characters sent per engine.

:func:`draftable` is the one rule of which entries receive drafts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import polib

from l10n.catalog.provenance import Via
from l10n.catalog.state import EntryState, classify
from l10n.catalog.store import load_catalog
from l10n.mt.jobs import TranslateJob
from l10n.mt.memory import Memory, human_units
from l10n.mt.memory.fuzzy import MemoryMatcher

UnitKey = tuple[str, str, str, str]
"""engine, source_lang, target_lang, msgid: one text to draft, shared by its repeats."""

HumanKey = tuple[str, str, str]
"""source_lang, target_lang, source text of a human translation."""

HUMAN_WORK = frozenset(
    {EntryState.TRANSLATED, EntryState.EDITED, EntryState.STALE, EntryState.FUZZY}
)
"""States whose text a person wrote, reviewed or has to review: counted as ``skipped_human``."""


def draftable(entry: polib.POEntry, *, redraft_machine: bool) -> bool:
    """Whether ``entry`` may receive a draft: its state says so, and it is a singular message
    (engines translate sentences, not plural forms)."""
    if entry.msgid_plural:
        return False
    return classify(entry).drafted(redraft_machine=redraft_machine)


@dataclass(frozen=True, slots=True)
class Resolved:
    """What one unit came to in an earlier batch; its repeats in later batches get the same."""

    outcome: Literal["drafted", "failed", "planned"]
    """A draft was written; no draft (``reason``); dry run: it would be sent (counted once)."""
    text: str = ""
    """The draft."""
    engine: str = ""
    """The engine named in the provenance comment."""
    via: Via = "engine"
    """Where the draft came from."""
    fixes: tuple[str, ...] = ()
    """Repairs made to the engine's output (``fix=``)."""
    extra: tuple[tuple[str, str], ...] = ()
    """Further provenance fields (memory match similarity, origin)."""
    fuzzy: bool = False
    """The draft is a close (not exact) memory match (counted in ``memory_fuzzy``)."""
    reason: str = ""
    """Why no draft."""


@dataclass
class RunWide:
    """The state of one run that outlives its batches (strings and counters only)."""

    progress: Callable[[int, int], None] | None
    """Called with (done, total) entries."""
    total: int = 0
    """Entries to draft in the whole run (repeats counted each)."""
    done: int = 0
    """Entries drafted or failed so far."""
    scanned: bool = False
    """``total`` and ``humans`` come from :func:`prescan` (more than one batch)."""
    humans: dict[HumanKey, str] | None = None
    """Human translations of the run's files; ``None`` until known (memory on only)."""
    results: dict[UnitKey, Resolved] = field(default_factory=dict)
    """Every unit resolved so far."""
    matcher: MemoryMatcher | None = None
    """Close-match finder, built when first needed."""
    chars_by_engine: dict[str, int] = field(default_factory=dict)
    """Characters sent per engine."""
    aborted: str | None = None
    """Why the run stopped early."""
    aborted_by: str | None = None
    """The engine that stopped it."""
    last_save_end: float = 0.0
    """When the last save ended (``time.monotonic``): periodic saves are spaced run-wide."""
    last_save_cost: float = 0.0
    """How long it took."""

    def start(self) -> None:
        """The total is known: show it."""
        if self.progress is not None:
            self.progress(0, self.total)

    def advance(self, count: int) -> None:
        """``count`` more entries are done."""
        self.done += count
        if self.progress is not None:
            self.progress(self.done, self.total)


def count_draftable(po: polib.POFile, *, redraft_machine: bool) -> int:
    """The entries of ``po`` that need a draft (the progress bar counts them)."""
    return sum(1 for entry in po if draftable(entry, redraft_machine=redraft_machine))


def collect_humans(
    po: polib.POFile, job: TranslateJob, humans: dict[HumanKey, str], memory: Memory | None,
    *, store: bool,
) -> None:
    """Add the human translations of ``po`` to ``humans`` (a later file's wins) and, with
    ``store``, to the memory."""
    units = human_units(po, job.source_lang, job.locale)
    for u in units:
        humans[(u.source_lang, u.target_lang, u.source)] = u.target
    if memory is not None and store:
        memory.store(units)


def prescan(
    first: Sequence[tuple[TranslateJob, polib.POFile]],
    rest: Sequence[TranslateJob],
    shared: RunWide,
    memory: Memory | None,
    *,
    redraft_machine: bool,
    with_humans: bool,
    store: bool,
) -> None:
    """Count the entries to draft and gather the human translations of every file of the run,
    the first batch's already loaded, the others read one at a time and released (a broken
    file raises here, before anything is written)."""
    humans: dict[HumanKey, str] = {}

    def scan(job: TranslateJob, po: polib.POFile) -> None:
        shared.total += count_draftable(po, redraft_machine=redraft_machine)
        if with_humans:
            collect_humans(po, job, humans, memory, store=store)

    for job, po in first:
        scan(job, po)
    for job in rest:
        scan(job, load_catalog(job.po_path))
    shared.scanned = True
    shared.humans = humans if with_humans else {}
