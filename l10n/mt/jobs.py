"""The values of a translate run: what to translate (:class:`TranslateJob`), how
(:class:`TranslateOptions`), and what happened (:class:`TranslateReport`, one
:class:`FileReport` per PO file), kept apart from the machinery in :mod:`l10n.mt.translate`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from l10n.catalog.store import PoStyle
from l10n.glossary.model import EMPTY, Glossary


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
    fallback: tuple[str, ...] = ()
    """Engines to try after ``engine``, in order, when it cannot translate the pair, cannot be
    reached (no key, not installed) or stops during the run (:mod:`l10n.mt.chains`)."""


@dataclass(frozen=True)
class SkippedLocale:
    """A locale no engine of its chain could draft."""

    locale: str
    """The locale."""
    reason: str
    """One line: why each engine of the chain could not, and what would cover the locale."""


@dataclass(frozen=True)
class TranslateOptions:
    """How to run."""

    style: PoStyle
    """How the PO files are written back (the project's ``[po]`` settings)."""
    dry_run: bool = False
    """Count what would be sent; write nothing, call no engine."""
    include_machine_fuzzy: bool = False
    """Also re-draft fuzzy entries whose text is still an untouched machine draft."""
    memory_path: Path | None = None
    """Translation-memory database file; ``None`` (and no ``memory_url``) disables the memory."""
    memory_url: str | None = None
    """PostgreSQL memory shared by a team (``postgresql://...``, ``service=...``); wins over
    ``memory_path``."""
    engine_options: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    """``[engines.NAME]`` tables of ``l10n.toml``."""
    save_every: int = 25
    """Save the PO files after this many new drafts (and at the end); spaced so that saving
    takes at most about a quarter of the run."""
    today: str | None = None
    """Date written into provenance comments (ISO); ``None`` means today."""
    max_consecutive_failures: int = 3
    """Stop after this many failed requests in a row (the service is down)."""
    glossary: Glossary = EMPTY
    """The project glossary drafts must follow (masked for most engines, sent to those with
    glossary support)."""
    memory_fuzzy: float = 0.75
    """Minimum similarity (0..1) of a close memory match offered as a draft instead of calling
    the engine (``[translate] memory_fuzzy``, :mod:`l10n.mt.memory.fuzzy`); 0 disables."""
    max_wait: float = 60.0
    """Seconds the whole run may lose to failing online services (failed attempts and the
    backoff between them; ``[translate] max_wait``); then the rest is skipped. 0: no limit."""

    batch_entries: int = 5000
    """Catalogs are read, drafted, saved and released in batches of whole files holding at
    least this many entries (memory is bounded by a batch, not the project); repeats across
    batches are still sent once (:mod:`l10n.mt.batching`)."""

    @property
    def memory(self) -> Path | str | None:
        """Where the memory is: the PostgreSQL URL, else the file, else ``None`` (off)."""
        return self.memory_url or self.memory_path


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
    memory_fuzzy: int = 0
    """Of ``from_memory``, drafts that are a close (not exact) memory match."""
    digest: str | None = None
    """SHA-256 of the file as the run last read or wrote it (the run state's record)."""

    def to_json(self) -> dict[str, Any]:
        """Plain data for ``--json``."""
        return {
            "path": str(self.path),
            "locale": self.locale,
            "engine": self.engine,
            "filled": self.filled,
            "from_memory": self.from_memory,
            "memory_fuzzy": self.memory_fuzzy,
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
    aborted_by: str | None = None
    """The engine whose failure stopped the run."""
    skipped: tuple[SkippedLocale, ...] = ()
    """Locales left alone because no engine of their chain covers them."""
    switched: tuple[str, ...] = ()
    """One line per engine that stopped and was replaced by the next of its chains."""
    unchanged: int = 0
    """Catalogs not read at all: the last run left nothing to draft in them and they have not
    changed since (:mod:`l10n.project.skips`)."""
    unchanged_human: int = 0
    """Entries left alone as human work in those ``unchanged`` catalogs, as their last run
    counted them (so a run that skips them reports what a forced run would)."""

    @property
    def filled(self) -> int:
        """Total entries that received a draft."""
        return sum(f.filled for f in self.files)

    @property
    def from_memory(self) -> int:
        """Total drafts reused from the memory."""
        return sum(f.from_memory for f in self.files)

    @property
    def memory_fuzzy(self) -> int:
        """Of ``from_memory``, close (not exact) memory matches."""
        return sum(f.memory_fuzzy for f in self.files)

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
        """Total entries protected as human work, in the catalogs read and the unchanged ones."""
        return sum(f.skipped_human for f in self.files) + self.unchanged_human

    @property
    def sent(self) -> int:
        """Total distinct texts sent to engines."""
        return sum(f.sent for f in self.files)

    def to_json(self) -> dict[str, Any]:
        """One JSON object: integer totals, per-engine characters and per-file details."""
        return {
            "filled": self.filled,
            "from_memory": self.from_memory,
            "memory_fuzzy": self.memory_fuzzy,
            "engine_calls": self.engine_calls,
            "failed": self.failed,
            "skipped_human": self.skipped_human,
            "sent": self.sent,
            "chars_by_engine": dict(self.chars_by_engine),
            "dry_run": self.dry_run,
            "aborted": self.aborted,
            "skipped": [{"locale": s.locale, "reason": s.reason} for s in self.skipped],
            "switched": list(self.switched),
            "unchanged": self.unchanged,
            "files": [f.to_json() for f in self.files],
        }
