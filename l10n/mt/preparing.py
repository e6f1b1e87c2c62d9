"""What a translate run checks and builds before it reads a catalog: the jobs, normalised and
validated, the engines they name (each checked for its language pairs) and the memory."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from l10n.errors import ConfigError, EngineError
from l10n.locales import normalize_locale
from l10n.mt.engines import ENGINES, Engine, create_engine
from l10n.mt.jobs import TranslateJob, TranslateOptions
from l10n.mt.memory import Memory, open_memory
from l10n.mt.memory.backend import exists

__all__ = ["build_engines", "normalise_jobs", "open_run_memory"]


def normalise_jobs(jobs: Sequence[TranslateJob], options: TranslateOptions) -> list[TranslateJob]:
    """``jobs`` with their locales normalised; raises for an unknown engine or bad options."""
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


def open_run_memory(options: TranslateOptions) -> Memory | None:
    """The run's translation memory (read-only for a dry run), or ``None`` when it is off."""
    location = options.memory
    if location is None:
        return None
    if options.dry_run:
        return open_memory(location, readonly=True) if exists(location) else None
    return open_memory(location)
