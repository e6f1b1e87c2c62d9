"""Engine chains per locale: which engine drafts each locale, and what happens when it cannot.

``[translate.locales] de = ["deepl", "llm", "pseudo"]`` is a chain: the first engine that
translates the pair (:meth:`~l10n.mt.engines.base.Engine.supports`) and can be reached (it
builds: its API key is set, its package or Debian pair is installed) drafts the locale's
entries. An engine that stops during the run (a refused key, a service down, a quota used up)
is dropped and the entries it left empty go to the next engine of their chain, in a new pass
of :func:`l10n.mt.translate.run_translate` (which resumes: drafts already written stay). The
provenance comment of every draft names the engine that wrote it.

A locale no engine of its chain covers is skipped, reported in one line naming the locale and
what would cover it, and never stops the other locales. :func:`translate_chains` is the entry
point; configuration errors (an unknown engine, a bad ``[engines.NAME]`` option) still raise.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from l10n.errors import EngineError
from l10n.mt.engines import ENGINES, Engine, coverage_hint, create_engine
from l10n.mt.jobs import (
    FileReport,
    SkippedLocale,
    TranslateJob,
    TranslateOptions,
    TranslateReport,
)
from l10n.mt.translate import run_translate

__all__ = ["Choice", "Chooser", "translate_chains"]


@dataclass(frozen=True)
class Choice:
    """The engine a chain settles on for one pair, or why none."""

    engine: str | None
    """The chosen engine's name; ``None`` when no engine of the chain will do."""
    passed: tuple[str, ...]
    """One reason per engine passed over before it (``bergamot cannot translate en -> de``)."""


@dataclass
class Chooser:
    """Builds each engine once and picks, per chain and pair, the first usable one."""

    engine_options: Mapping[str, Mapping[str, object]]
    """``[engines.NAME]`` tables of ``l10n.toml``."""
    built: dict[str, Engine | str] = field(default_factory=dict)
    """Engines built so far, or why one could not be (no key, not installed)."""
    dead: dict[str, str] = field(default_factory=dict)
    """Engines that stopped during this run, with the reason."""

    def engine(self, name: str) -> Engine | str:
        """The engine ``name``, built on first use, or why it cannot be reached. Raises
        :class:`~l10n.errors.ConfigError` for an unknown name or bad options."""
        if name not in self.built:
            try:
                self.built[name] = create_engine(name, self.engine_options.get(name, {}))
            except EngineError as error:
                self.built[name] = f"{name} unreachable: {error.message}"
        return self.built[name]

    def choose(self, chain: Sequence[str], source: str, target: str) -> Choice:
        """The first engine of ``chain`` that translates ``source`` -> ``target`` and has not
        stopped during the run."""
        passed: list[str] = []
        for name in chain:
            if name in self.dead:
                passed.append(f"{name} stopped: {self.dead[name]}")
                continue
            engine = self.engine(name)
            if isinstance(engine, str):
                passed.append(engine)
            elif not engine.supports(source, target):
                passed.append(_unsupported(engine, source, target))
            else:
                return Choice(name, tuple(passed))
        return Choice(None, tuple(passed))


def _unsupported(engine: Engine, source: str, target: str) -> str:
    explain: Callable[[str, str], str] | None = getattr(engine, "unsupported_reason", None)
    if explain is not None:
        return f"{engine.name}: {explain(source, target)}"
    return f"{engine.name} cannot translate {source} -> {target}"


def chain_of(job: TranslateJob) -> tuple[str, ...]:
    """The engines ``job`` may use, in order."""
    return (job.engine, *(name for name in job.fallback if name != job.engine))


def _merge(earlier: FileReport | None, later: FileReport) -> FileReport:
    """One file's report over two passes: work adds up, what is still missing is the later's."""
    if earlier is None:
        return later
    return replace(
        later,
        filled=earlier.filled + later.filled,
        from_memory=earlier.from_memory + later.from_memory,
        engine_calls=earlier.engine_calls + later.engine_calls,
        sent=earlier.sent + later.sent,
        chars=earlier.chars + later.chars,
        planned=earlier.planned + later.planned,
    )


def translate_chains(
    jobs: Sequence[TranslateJob],
    *,
    options: TranslateOptions,
    progress: Callable[[int, int], None] | None = None,
) -> TranslateReport:
    """Draft every job with the first usable engine of its chain (``engine``, then
    ``fallback``), moving to the next engine of a chain when one stops; locales no engine
    covers are skipped and listed in ``report.skipped``."""
    for job in jobs:
        for name in chain_of(job):
            if name not in ENGINES:
                create_engine(name)  # raises the ConfigError listing the valid names
    chooser = Chooser(options.engine_options)
    files: dict[Path, FileReport] = {}
    order: list[Path] = []
    skipped: dict[str, SkippedLocale] = {}
    switched: list[str] = []
    chars: dict[str, int] = {}
    aborted: tuple[str | None, str | None] = (None, None)
    pending = list(jobs)
    for _ in range(len(ENGINES) + 1):
        runnable: list[tuple[TranslateJob, TranslateJob]] = []
        for job in pending:
            choice = chooser.choose(chain_of(job), job.source_lang, job.locale)
            if choice.engine is None:
                if job.locale not in skipped:
                    reason = "; ".join(choice.passed)
                    skipped[job.locale] = SkippedLocale(
                        job.locale, f"{reason}; {coverage_hint(job.source_lang, job.locale)}"
                    )
                continue
            runnable.append((job, replace(job, engine=choice.engine)))
        if not runnable:
            break
        engines = {job.engine: chooser.built[job.engine] for _, job in runnable}
        report = run_translate(
            [job for _, job in runnable],
            options=options,
            progress=progress,
            engines={k: v for k, v in engines.items() if not isinstance(v, str)},
        )
        for file in report.files:
            if file.path not in files:
                order.append(file.path)
            files[file.path] = _merge(files.get(file.path), file)
        for name, count in report.chars_by_engine.items():
            chars[name] = chars.get(name, 0) + count
        if report.aborted is None or report.aborted_by is None:
            break
        aborted = (report.aborted, report.aborted_by)
        chooser.dead[report.aborted_by] = report.aborted
        retry = [job for (job, _), file in zip(runnable, report.files, strict=True) if file.failed]
        pending = [
            job for job in retry
            if chooser.choose(chain_of(job), job.source_lang, job.locale).engine is not None
        ]
        if not pending:
            break
        switched.append(
            f"{report.aborted_by} stopped ({report.aborted}); the entries it left go to the "
            "next engine of their chain"
        )
        if len(pending) == len(retry):
            aborted = (None, None)
    return TranslateReport(
        files=tuple(files[path] for path in order),
        dry_run=options.dry_run,
        chars_by_engine=chars,
        aborted=aborted[0],
        aborted_by=aborted[1],
        skipped=tuple(skipped.values()),
        switched=tuple(switched),
    )
