"""Per-engine language-code tables: gettext locale (``pt_BR``) -> the code an engine expects.

Every engine spells languages its own way: Google's web page wants ``pt`` for Brazilian
Portuguese and ``iw`` for Hebrew, MyMemory wants region codes (``pt-BR``, never bare ``pt``),
LibreTranslate servers use ``pb`` and ``zt``, Microsoft lower-cases scripts (``zh-hans``), DeepL
upper-cases targets and has regional targets only for some languages (``PT-BR``, ``EN-US``).
The tables below come from docs/research/mt-engines.md §1.4 (measured against deep-translator's
own tables, and the providers' documentation). A locale is looked up most specific first
(``zh_Hant_TW``, ``zh_Hant``, ``zh_TW``, ``zh``); an explicit ``None`` means "not supported",
which stops the search before any request is made.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Literal

from babel.core import get_global

from l10n.errors import LocaleError
from l10n.locales import parse_locale

CodeStyle = Literal["bare", "region", "lower", "upper"]
"""How an engine spells a language when no override applies: ``pt``, ``pt-BR``, ``pt``, ``PT``."""


@dataclass(frozen=True)
class CodeTable:
    """How one engine spells languages."""

    style: CodeStyle
    """Fallback spelling when no override matches."""
    overrides: Mapping[str, str | None] = field(default_factory=dict)
    """Keys are gettext-style ids (``pt_BR``, ``zh_Hant``, ``sr_Latn``, ``he``); ``None`` = unsupported."""
    valid: frozenset[str] | None = None
    """Codes the engine accepts; ``None`` trusts the fallback spelling."""


@lru_cache(maxsize=512)
def _keys(locale: str) -> tuple[str, str | None, str | None, tuple[str, ...]]:
    """``(language, script, territory, lookup keys most specific first)`` for a locale."""
    parsed = parse_locale(locale)
    lang, script, territory = parsed.language, parsed.script, parsed.territory
    keys: list[str] = []
    if script and territory:
        keys.append(f"{lang}_{script}_{territory}")
    if script:
        keys.append(f"{lang}_{script}")
    if territory:
        keys.append(f"{lang}_{territory}")
    keys.append(lang)
    return lang, script, territory, tuple(keys)


def engine_code(table: CodeTable, locale: str) -> str | None:
    """The engine's code for ``locale``, or ``None`` when the engine does not support it."""
    try:
        lang, script, territory, keys = _keys(locale)
    except LocaleError:
        return None
    for key in keys:
        if key in table.overrides:
            return table.overrides[key]
    candidates: list[str] = []
    if table.style == "bare":
        candidates = [lang]
    elif table.style == "lower":
        if script:
            candidates.append(f"{lang}-{script}".lower())
        candidates.append(lang)
    elif table.style == "upper":
        if territory:
            candidates.append(f"{lang}-{territory}".upper())
        candidates.append(lang.upper())
    else:
        likely = str(get_global("likely_subtags").get(lang, "")).split("_")
        region = territory or (likely[-1] if len(likely) > 1 else lang.upper())
        if script:
            candidates.append(f"{lang}-{script}-{region}")
        candidates.append(f"{lang}-{region}")
        if table.valid is not None:
            candidates.extend(sorted(c for c in table.valid if c.split("-")[0] == lang))
    for candidate in candidates:
        if table.valid is None or candidate in table.valid:
            return candidate
    return None


def _google_codes() -> frozenset[str]:
    from deep_translator.constants import GOOGLE_LANGUAGES_TO_CODES

    return frozenset(GOOGLE_LANGUAGES_TO_CODES.values()) | {"pt-PT"}


def _mymemory_codes() -> frozenset[str]:
    from deep_translator.constants import MY_MEMORY_LANGUAGES_TO_CODES

    return frozenset(MY_MEMORY_LANGUAGES_TO_CODES.values())


_GOOGLE_OVERRIDES: dict[str, str | None] = {
    "pt_BR": "pt",
    "pt_PT": "pt-PT",
    "zh_Hans": "zh-CN",
    "zh_CN": "zh-CN",
    "zh_SG": "zh-CN",
    "zh_Hant": "zh-TW",
    "zh_TW": "zh-TW",
    "zh_HK": "zh-TW",
    "zh": "zh-CN",
    "he": "iw",
    "nb": "no",
    "nn": "no",
    "fil": "tl",
    "jv": "jw",
    "sr_Latn": None,
}

_MYMEMORY_OVERRIDES: dict[str, str | None] = {
    "zh_Hans": "zh-CN",
    "zh_Hant": "zh-TW",
    "sr_Latn": "sr-Latn-RS",
    "sr": "sr-Cyrl-RS",
    "he": "he-IL",
    "nb": "nb-NO",
    "fil": "fil-PH",
    "es_419": "es-419",
}

_LIBRE_CODES = frozenset(
    ["ar", "az", "bg", "bn", "ca", "cs", "da", "de", "el", "en", "eo", "es", "et", "eu", "fa", "fi", "fr", "ga", "gl", "he", "hi", "hu", "id", "it", "ja", "ko", "lt", "lv", "ms", "nb", "nl", "pl", "pt", "pb", "ro", "ru", "sk", "sl", "sq", "sr", "sv", "th", "tl", "tr", "uk", "ur", "vi", "zh", "zt"]
)
_LIBRE_OVERRIDES: dict[str, str | None] = {
    "pt_BR": "pb",
    "zh_Hant": "zt",
    "zh_TW": "zt",
    "zh_HK": "zt",
    "zh_Hans": "zh",
    "zh_CN": "zh",
    "fil": "tl",
    "sr_Latn": None,
}

_MICROSOFT_CODES = frozenset(
    ["af", "am", "ar", "as", "az", "ba", "bg", "bn", "bo", "bs", "ca", "cs", "cy", "da", "de", "dv", "el", "en", "es", "et", "eu", "fa", "fi", "fil", "fj", "fo", "fr", "fr-ca", "ga", "gl", "gu", "ha", "he", "hi", "hr", "hsb", "ht", "hu", "hy", "id", "ig", "is", "it", "iu", "ja", "ka", "kk", "km", "kn", "ko", "ku", "ky", "lo", "lt", "lv", "lzh", "mg", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "nb", "ne", "nl", "or", "pa", "pl", "prs", "ps", "pt", "pt-pt", "ro", "ru", "rw", "sk", "sl", "sm", "so", "sq", "sr-cyrl", "sr-latn", "st", "sv", "sw", "ta", "te", "th", "ti", "tk", "tlh-latn", "to", "tr", "tt", "ty", "ug", "uk", "ur", "uz", "vi", "xh", "yo", "yue", "zh-hans", "zh-hant", "zu"]
)
_MICROSOFT_OVERRIDES: dict[str, str | None] = {
    "pt_BR": "pt",
    "pt_PT": "pt-pt",
    "zh_CN": "zh-hans",
    "zh_SG": "zh-hans",
    "zh_TW": "zh-hant",
    "zh_HK": "zh-hant",
    "zh": "zh-hans",
    "fr_CA": "fr-ca",
    "sr_Latn": "sr-latn",
    "sr": "sr-cyrl",
    "no": "nb",
}

_DEEPL_TARGETS = frozenset(
    ["AR", "BG", "CS", "DA", "DE", "EL", "EN-GB", "EN-US", "ES", "ES-419", "ET", "FI", "FR", "HE", "HU", "ID", "IT", "JA", "KO", "LT", "LV", "NB", "NL", "PL", "PT-BR", "PT-PT", "RO", "RU", "SK", "SL", "SV", "TH", "TR", "UK", "VI", "ZH-HANS", "ZH-HANT"]
)
_DEEPL_SOURCES = frozenset(
    ["AR", "BG", "CS", "DA", "DE", "EL", "EN", "ES", "ET", "FI", "FR", "HE", "HU", "ID", "IT", "JA", "KO", "LT", "LV", "NB", "NL", "PL", "PT", "RO", "RU", "SK", "SL", "SV", "TH", "TR", "UK", "VI", "ZH"]
)
_DEEPL_TARGET_OVERRIDES: dict[str, str | None] = {
    "en": "EN-US",
    "en_GB": "EN-GB",
    "en_AU": "EN-GB",
    "en_IE": "EN-GB",
    "en_NZ": "EN-GB",
    "pt": "PT-BR",
    "pt_PT": "PT-PT",
    "pt_AO": "PT-PT",
    "pt_MZ": "PT-PT",
    "zh": "ZH-HANS",
    "zh_Hans": "ZH-HANS",
    "zh_Hant": "ZH-HANT",
    "zh_TW": "ZH-HANT",
    "zh_HK": "ZH-HANT",
    "no": "NB",
    "nn": None,
}
_DEEPL_SOURCE_OVERRIDES: dict[str, str | None] = {"no": "NB"}


@cache
def table(name: str, role: Literal["source", "target"] = "target") -> CodeTable:
    """The code table of a registry engine name (``google-web``, ``deepl``...)."""
    if name == "google-web":
        return CodeTable("bare", _GOOGLE_OVERRIDES, _google_codes())
    if name == "mymemory":
        return CodeTable("region", _MYMEMORY_OVERRIDES, _mymemory_codes())
    if name == "libre":
        return CodeTable("bare", _LIBRE_OVERRIDES, _LIBRE_CODES)
    if name == "microsoft":
        return CodeTable("lower", _MICROSOFT_OVERRIDES, _MICROSOFT_CODES)
    if name == "deepl":
        if role == "source":
            return CodeTable("upper", _DEEPL_SOURCE_OVERRIDES, _DEEPL_SOURCES)
        return CodeTable("upper", _DEEPL_TARGET_OVERRIDES, _DEEPL_TARGETS)
    raise KeyError(name)


def pair_codes(name: str, source: str, target: str) -> tuple[str, str] | None:
    """Engine ``name``'s codes for a pair of gettext locales, or ``None`` when it lacks one."""
    src = engine_code(table(name, "source"), source)
    tgt = engine_code(table(name, "target"), target)
    if src is None or tgt is None:
        return None
    return src, tgt
