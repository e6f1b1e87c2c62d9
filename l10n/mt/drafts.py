"""Engine work for one batch: translate masked texts, verify every output, fall back to
translating around the protected tokens, unmask; and the breaker that stops a run when the
engine keeps failing. Runs in worker threads; touches no PO file.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

from l10n.document.injection import added_markup
from l10n.errors import EngineError
from l10n.mt import mask as masking
from l10n.mt import repair
from l10n.mt.engines import Engine, chunk_plan
from l10n.mt.engines.base import ContextItem, context_engine
from l10n.mt.verify import check_output, implausible


@dataclass(frozen=True)
class Outcome:
    """What came back for one batch."""

    texts: tuple[str | None, ...]
    """The unmasked translation of each item, or ``None`` when it failed verification."""
    reasons: tuple[str, ...]
    """Why each failed item failed ("" for the good ones)."""
    calls: int
    """``translate_batch`` calls made (the batch, plus the fallback's)."""
    chars: int
    """Characters sent, masked."""
    fixes: tuple[tuple[str, ...], ...]
    """Repairs (:mod:`l10n.mt.repair`) that changed each item's output (``()`` for none)."""


def _call(
    engine: Engine,
    texts: list[str],
    source: str,
    target: str,
    contexts: Sequence[ContextItem] | None = None,
) -> list[str]:
    """The engine's outputs for ``texts``; with ``contexts`` (same texts, with their article
    around them) through :meth:`~l10n.mt.engines.base.ContextEngine.translate_with_context`
    when the engine has it."""
    with_context = context_engine(engine) if contexts is not None else None
    if with_context is not None and contexts is not None:
        out = with_context.translate_with_context(contexts, source, target)
    else:
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
    engine: Engine,
    items: Sequence[masking.Masked],
    source: str,
    target: str,
    contexts: Sequence[ContextItem] | None = None,
) -> Outcome:
    """Translate masked texts, verify, fall back to split-around-tokens, unmask.

    ``contexts`` (one per item, its masked text with the article around it) go to an engine
    that translates with context; the fallback's pieces are translated without.
    Runs in a worker thread. Raises :class:`EngineError` when the engine fails the batch.
    """
    texts = [m.text for m in items]
    calls, chars = 1, sum(len(t) for t in texts)
    outputs = _call(engine, texts, source, target, contexts)
    results: list[str | None] = [None] * len(items)
    reasons = [""] * len(items)
    # -- repairs hook (l10n.mt.repair): verified output -> draft text and the fixes it got
    back = repair.back_translator(engine, source, target)
    fixes: list[tuple[str, ...]] = [()] * len(items)

    def finish(index: int, output: str) -> None:
        draft = repair.finish(items[index], output, back)
        injected = added_markup(items[index].source, draft.text)
        if injected:  # the rule build and check apply: never written as a draft
            reasons[index] = f"unsafe answer: {injected}"
            return
        results[index], fixes[index] = draft.text, draft.fixes

    def problems_of(index: int, output: str) -> list[str]:
        problems = check_output(items[index], output)
        if not problems:
            problems = implausible(items[index], output, source, target)
        return problems

    # --
    retry: list[int] = []
    for index, out in enumerate(outputs):
        if problems_of(index, out):
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
            problems = problems_of(index, rebuilt)
            if any(p.translate and not t.strip() for p, t in zip(plans[index], pieces)):
                problems.append("no translation for part of the text")
            if problems:
                reasons[index] = "; ".join(problems)
            else:
                finish(index, rebuilt)
    return Outcome(tuple(results), tuple(reasons), calls, chars, tuple(fixes))


class NotAttempted(Exception):
    """A batch skipped because the run was stopped."""


class Breaker:
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
        self,
        engine: Engine,
        items: Sequence[masking.Masked],
        source: str,
        target: str,
        contexts: Sequence[ContextItem] | None = None,
    ) -> Outcome:
        if self.reason is not None:
            raise NotAttempted()
        try:
            outcome = translate_masked(engine, items, source, target, contexts)
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
