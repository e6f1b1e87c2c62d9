"""The small contract every machine-translation engine fulfils, and helpers they share.

An engine turns a list of texts into a list of translations of the same length and order. It
knows its own limits (characters and texts per request, how many requests may run at once) and
maps gettext locales (``pt_BR``) to its own language codes. It never sees PO files: the
translate core (:mod:`l10n.mt.translate`) masks markup, consults the translation memory, batches,
verifies and writes.

Context: an engine that translates better knowing the article (the chat engine ``llm``,
DeepL) also has ``translate_with_context`` (:class:`ContextEngine`); the translate core then
sends it :class:`ContextItem` s (title, neighbouring paragraphs, the article's names, glossary
terms) instead of bare texts. An engine whose drafts depend on more than its name (a model, a
prompt version) may list ``provenance_fields`` (``(("m", model), ("p", "1"))``): they are
written into each draft's provenance comment.

Failure contract of :meth:`Engine.translate_batch`: an empty string for one text means "no
translation for this one" (the entry stays empty and is reported); an :class:`EngineError` means
the whole batch failed, with ``retryable`` telling whether a later attempt may succeed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from l10n.errors import ConfigError


@dataclass(frozen=True)
class Limits:
    """How much work one engine accepts, and how much of it at once."""

    max_chars: int
    """Characters per request (sum over the texts of one :meth:`Engine.translate_batch` call)."""
    max_items: int
    """Texts per request."""
    max_concurrency: int
    """Requests (threads) that may run at the same time without harm."""


class Engine(Protocol):
    """A machine-translation engine behind one small interface."""

    @property
    def name(self) -> str:
        """Registry name (``bergamot``, ``libre``...); part of the translation-memory key."""
        ...

    @property
    def version(self) -> str:
        """Engine and model identifier written into provenance comments."""
        ...

    @property
    def limits(self) -> Limits:
        """Request size and concurrency limits."""
        ...

    def supports(self, source: str, target: str) -> bool:
        """True when the engine can translate between these gettext locales."""
        ...

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        """Translate ``texts`` (order and length preserved; ``""`` for a per-text failure)."""
        ...


class GlossaryEngine(Engine, Protocol):
    """An engine with glossary support of its own (DeepL): it gets the project glossary's
    entries instead of having the terms masked (:func:`glossary_engine`)."""

    def use_glossary(self, source: str, target: str, entries: Sequence[tuple[str, str]]) -> None:
        """From now on translate ``source`` -> ``target`` following ``entries`` (term ->
        required text), creating or reusing the engine-side glossary; raises
        :class:`~l10n.errors.EngineError` when that fails."""
        ...


@dataclass(frozen=True)
class ContextItem:
    """One text to translate with what surrounds it in its article (:class:`ContextEngine`)."""

    id: str
    """Key of the text in the request; results are matched by it, never by position."""
    text: str
    """The (masked) text to translate."""
    title: str = ""
    """The article's title (its front-matter title or first heading), "" when unknown."""
    before: str = ""
    """The paragraph (message) before this one in the article, "" at the start."""
    after: str = ""
    """The paragraph (message) after this one, "" at the end."""
    names: tuple[str, ...] = ()
    """Proper names of the whole article, to be rendered the same way in every message."""
    terms: tuple[tuple[str, str], ...] = ()
    """Glossary terms of this text: (source term, required translation)."""


class ContextEngine(Engine, Protocol):
    """An engine that uses an article's context (the chat engine ``llm``, DeepL): the translate
    core gives it :class:`ContextItem` s instead of bare texts (:func:`context_engine`)."""

    def translate_with_context(
        self, items: Sequence[ContextItem], source: str, target: str
    ) -> list[str]:
        """Translate each item's text (one result per item, in ``items`` order; ``""`` for a
        per-text failure), using its context."""
        ...


def context_engine(engine: Engine) -> ContextEngine | None:
    """``engine`` as a :class:`ContextEngine` when it uses context, else ``None``."""
    if callable(getattr(engine, "translate_with_context", None)):
        return engine  # type: ignore[return-value]
    return None


def glossary_engine(engine: Engine) -> GlossaryEngine | None:
    """``engine`` as a :class:`GlossaryEngine` when it has glossary support, else ``None``."""
    if callable(getattr(engine, "use_glossary", None)):
        return engine  # type: ignore[return-value]
    return None


OptionType = type[str] | type[int] | type[float] | type[bool]


def read_options(
    engine: str, options: Mapping[str, object], allowed: Mapping[str, OptionType]
) -> dict[str, object]:
    """Validate the ``[engines.NAME]`` table of ``l10n.toml`` for one engine.

    Raises :class:`ConfigError` for an unknown key (listing the valid ones), a value of the wrong
    type, or anything that looks like a secret: keys come from environment variables only.
    """
    result: dict[str, object] = {}
    for key, value in options.items():
        if "key" in key.lower() or "secret" in key.lower() or "token" in key.lower():
            raise ConfigError(
                f"[engines.{engine}] option '{key}': API keys are read from environment "
                "variables only, never from configuration files; remove it"
            )
        if key not in allowed:
            valid = ", ".join(sorted(allowed)) or "(none)"
            raise ConfigError(
                f"[engines.{engine}] unknown option '{key}'; valid options: {valid}"
            )
        kind = allowed[key]
        ok = isinstance(value, kind) and not (kind is not bool and isinstance(value, bool))
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
            ok = True
        if not ok:
            raise ConfigError(
                f"[engines.{engine}] option '{key}' must be a {kind.__name__}, got {value!r}"
            )
        if kind in (int, float) and value < 0:  # type: ignore[operator]
            raise ConfigError(f"[engines.{engine}] option '{key}' must not be negative")
        result[key] = value
    return result


def chunk_plan(texts: Sequence[str], limits: Limits) -> list[list[int]]:
    """Group indices of ``texts`` into requests within ``limits`` (order kept).

    A text longer than ``limits.max_chars`` travels alone; the engine splits it.
    """
    batches: list[list[int]] = []
    current: list[int] = []
    size = 0
    for index, text in enumerate(texts):
        length = len(text)
        if current and (len(current) >= limits.max_items or size + length > limits.max_chars):
            batches.append(current)
            current, size = [], 0
        current.append(index)
        size += length
    if current:
        batches.append(current)
    return batches
