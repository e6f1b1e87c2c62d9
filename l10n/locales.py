"""Locale identifiers and their CLDR facts, through Babel.

Accepts what people type (``pt-BR``, ``pt_br``, ``sr@latin``) and gives back the gettext form
(``pt_BR``), the Plural-Forms header, the writing direction and an English display name. An
unknown locale is an error that names the value and shows how to spell a valid one.
"""

from __future__ import annotations

import re
from functools import lru_cache

import babel

from l10n.errors import LocaleError
from l10n.plurals import conventional_plural_forms

_MODIFIER = re.compile(r"[A-Za-z][A-Za-z0-9]{0,31}")
"""A gettext ``@modifier`` (``latin``, ``cyrillic``, ``valencia``, ``euro``): letters and digits
only, so that a normalised locale is always one safe path component."""

_IDENT = re.compile(r"[A-Za-z0-9_-]{1,40}")
"""What may stand before the modifier: language, script and territory subtags."""


def _split(value: str) -> tuple[str, str | None]:
    """(identifier, modifier) of ``value``; :class:`LocaleError` for characters that have no
    place in a locale (``/``, ``..``, control characters...): locales become folder names."""
    raw = value.strip()
    ident, sep, modifier = raw.partition("@")
    if not _IDENT.fullmatch(ident) or (sep and not _MODIFIER.fullmatch(modifier)):
        raise LocaleError(
            f"invalid locale {ascii(value)}: use a CLDR language code with an optional territory "
            "and an optional @modifier of letters and digits, such as 'pt_BR', 'de_CH' or "
            "'sr@latin'"
        )
    return ident.replace("-", "_"), (modifier if sep else None)


def is_safe_locale_folder(name: str) -> bool:
    """Whether ``name`` is spelled like a locale (what :func:`normalize_locale` gives back), the
    only names ever used as a folder of ``locales/`` or ``build/``."""
    try:
        _split(name)
    except LocaleError:
        return False
    return name.strip() == name


@lru_cache(maxsize=256)
def parse_locale(value: str) -> babel.Locale:
    """Parse ``value`` (``pt-BR``, ``pt_BR``, ``sr@latin``) into a Babel locale.

    Raises :class:`LocaleError` when CLDR does not know it.
    """
    raw = value.strip()
    if not raw:
        raise LocaleError("empty locale identifier; use a code such as 'pt_BR' or 'de'")
    ident, modifier = _split(raw)
    try:
        locale = babel.Locale.parse(ident, sep="_")
    except (ValueError, babel.UnknownLocaleError) as exc:
        raise LocaleError(
            f"unknown locale '{value}': use a CLDR language code with an optional territory, "
            "such as 'pt_BR', 'es', 'de_CH' or 'zh_Hant'"
        ) from exc
    if modifier == "latin" and locale.script is None:
        locale = babel.Locale(locale.language, territory=locale.territory, script="Latn")
    return locale


def normalize_locale(value: str) -> str:
    """The gettext spelling of a locale: ``pt-br`` -> ``pt_BR``; ``sr@latin`` kept."""
    locale = parse_locale(value)
    parts = [locale.language]
    if locale.script and "@" not in value:
        parts.append(locale.script)
    if locale.territory:
        parts.append(locale.territory)
    name = "_".join(parts)
    modifier = _split(value)[1]
    if modifier is not None:
        name += "@" + modifier
    return name


def plural_forms(value: str) -> str:
    """The ``Plural-Forms`` header value of a new catalog for a locale.

    gettext's conventional expression (what ``msginit`` and PO editors write, see
    :mod:`l10n.plurals`); Babel's CLDR rule only for a language those tables do not know.
    """
    locale = normalize_locale(value)
    known = conventional_plural_forms(locale)
    if known is not None:
        return known
    from babel.messages.plurals import get_plural  # its catalog module loads dates, zoneinfo

    try:
        return str(get_plural(locale.split("@")[0]).plural_forms)
    except (ValueError, babel.UnknownLocaleError):  # pragma: no cover - parse_locale checked it
        return "nplurals=2; plural=(n != 1);"


def is_rtl(value: str) -> bool:
    """True when the locale's script is written right to left."""
    return parse_locale(value).character_order == "right-to-left"


@lru_cache(maxsize=256)
def display_name(value: str) -> str:
    """English name of the locale, e.g. ``Portuguese (Brazil)`` (cached: Babel builds it anew
    from CLDR data at each call, and every new catalog's header names its locale twice)."""
    name = parse_locale(value).get_display_name("en")
    return name or value


def language_code(value: str) -> str:
    """The bare language (``pt`` for ``pt_BR``)."""
    return parse_locale(value).language


def language_tag(value: str) -> str:
    """The BCP 47 tag of the locale, as HTML's ``lang`` wants it: ``pt_BR`` -> ``pt-BR``,
    ``sr@latin`` -> ``sr-Latn``, ``zh_Hant_TW`` -> ``zh-Hant-TW``."""
    locale = parse_locale(value)
    return "-".join(part for part in (locale.language, locale.script, locale.territory) if part)
