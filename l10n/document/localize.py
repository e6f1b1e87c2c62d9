"""Make a built article read as native to its locale, beyond its translated sentences.

Three things, each decided here and nowhere else:

- **lang and dir in the front matter**: a built Markdown article's YAML (``---``) or TOML
  (``+++``) front matter gets the locale's BCP 47 tag (``lang: pt-BR``) under ``[build]
  lang_key`` and, for a right-to-left script, ``dir: rtl`` under ``dir_key``. An existing value of
  either key is replaced (``dir`` by ``ltr`` too, so an Arabic source's ``dir: rtl`` does not
  follow it into English); an absent one is added at the end of the top-level keys. Every other
  byte stays; the result is read back with PyYAML / :mod:`tomllib` and must equal the source's
  front matter but for those keys, or the front matter is left as it was (with a warning). An
  article without front matter gets none: adding one would change bytes outside translated text
  and show up as text in tools that do not read front matter (a plain Markdown viewer, GitHub
  shows it as a table); the HTML output carries the language on ``<html lang>``.
- **Dates in the prose** that ``[build] dates`` names: each is a regular expression with one
  group, the ISO date (``date (\\d{4}-\\d{2}-\\d{2})``), searched in the *source* sentence (the
  pattern is written in the source language; ``date`` may be ``data`` in the translation). The
  same ISO date in the published translation is written with Babel for the locale (``20 de
  outubro de 2022``). It happens at build, on each translation that the checks accepted (the
  checks and ``l10n check`` see the PO text, where the translator keeps ``2022-10-20`` as
  written); a sentence left in the source language is never touched, nor is a date outside the
  patterns: machine-readable front-matter dates (``date: 2022-10-20``) stay as they are.
- **A fallback chain** per locale (``[build.fallback] pt_PT = ["pt_BR"]``): which other locales'
  published translations fill a sentence the locale has none for (:func:`with_fallbacks`). No
  chain by default: another locale's text is another spelling and vocabulary (pt_BR *ônibus*,
  pt_PT *autocarro*), which a newsroom chooses to publish, not l10n.
"""

from __future__ import annotations

import datetime
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, cast

import yaml
from babel.dates import format_date

from l10n.document.formats.frontmatter import find_front_matter, yaml_node, yaml_value
from l10n.errors import ConfigError, LocaleError, SourceError
from l10n.locales import is_rtl, normalize_locale, parse_locale

DateFormat = Literal["short", "medium", "long", "full"]
DATE_FORMATS: tuple[DateFormat, ...] = ("short", "medium", "long", "full")
"""Babel's (CLDR's) named date formats: ``20/10/2022`` .. ``quinta-feira, 20 de outubro de 2022``."""

LOCALIZE_KEYS = frozenset({"lang_key", "dir_key", "dates", "date_format", "fallback"})
"""The keys of ``[build]`` read here."""


@dataclass(frozen=True)
class LocalizeOptions:
    """What ``[build]`` says about locale-correct articles."""

    lang_key: str = "lang"
    """Top-level front-matter key that gets the locale's BCP 47 tag; ``""`` writes none."""
    dir_key: str = "dir"
    """Top-level front-matter key that gets ``rtl`` (added for right-to-left locales; an existing
    value is set to ``ltr`` or ``rtl``); ``""`` writes none."""
    dates: tuple[re.Pattern[str], ...] = ()
    """Patterns of dates in the prose, each with one group: the ISO date to render."""
    date_format: DateFormat = "long"
    """Babel's date format for them."""
    fallback: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(locale, the locales whose translations fill its gaps, in order); the source comes last."""

    def chain(self, locale: str) -> tuple[str, ...]:
        """The fallback locales of ``locale``, in order (empty when it has none)."""
        return dict(self.fallback).get(locale, ())


# ---------------------------------------------------------------- configuration


def localize_options(build: Mapping[str, Any], locales: Sequence[str], file: Path) -> LocalizeOptions:
    """``[build]`` (already checked for unknown keys) -> :class:`LocalizeOptions`; a bad value
    is a :class:`ConfigError` naming the key and what is allowed."""

    def fail(key: str, message: str) -> ConfigError:
        return ConfigError(f"'build.{key}': {message}", path=file)

    keys: dict[str, str] = {}
    for name, default in (("lang_key", "lang"), ("dir_key", "dir")):
        value = build.get(name, default)
        if not isinstance(value, str) or value != value.strip() or any(c in value for c in ":=#\n"):
            raise fail(name, 'must be a front-matter key such as "lang", or "" to write none')
        keys[name] = value
    if keys["lang_key"] and keys["lang_key"] == keys["dir_key"]:
        raise fail("dir_key", "must differ from lang_key")
    raw_dates = build.get("dates", [])
    if not isinstance(raw_dates, list) or not all(isinstance(p, str) for p in raw_dates):
        raise fail("dates", 'must be a list of regular expressions, e.g. ["date (\\\\d{4}-\\\\d{2}-\\\\d{2})"]')
    dates = []
    for i, text in enumerate(raw_dates):
        try:
            pattern = re.compile(text)
        except re.error as exc:
            raise fail(f"dates[{i}]", f"is not a regular expression: {exc}") from exc
        if pattern.groups != 1:
            raise fail(f"dates[{i}]", "must have exactly one group (...): the ISO date "
                       "YYYY-MM-DD, e.g. \"date (\\\\d{4}-\\\\d{2}-\\\\d{2})\"; write other groups as (?:...)")
        dates.append(pattern)
    date_format = build.get("date_format", "long")
    if date_format not in DATE_FORMATS:
        raise fail("date_format", f"is {date_format!r}; allowed: {', '.join(DATE_FORMATS)}")
    return LocalizeOptions(keys["lang_key"], keys["dir_key"], tuple(dates),
                           cast(DateFormat, date_format), _fallback(build.get("fallback", {}), locales, fail))


def _fallback(raw: object, locales: Sequence[str], fail: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(raw, dict):
        raise fail("fallback", 'must be a table of locale = ["locale", ...], e.g. pt_PT = ["pt_BR"]')
    out: dict[str, tuple[str, ...]] = {}
    for key, chain in raw.items():
        where = f"fallback.{key}"
        locale = _locale(key, where, fail)
        if locale not in locales:
            raise fail(where, f"'{key}' is not in locales ({', '.join(locales)})")
        if not isinstance(chain, list) or not chain or not all(isinstance(c, str) for c in chain):
            raise fail(where, 'must be a non-empty list of locales, e.g. ["pt_BR"]')
        steps = tuple(_locale(c, where, fail) for c in chain)
        if locale in steps or len(set(steps)) != len(steps):
            raise fail(where, "names a locale twice or the locale itself; the source language "
                       "always comes last and need not be named")
        out[locale] = steps
    return tuple(out.items())


def _locale(value: str, where: str, fail: Any) -> str:
    try:
        return normalize_locale(value)
    except LocaleError as exc:
        raise fail(where, exc.message) from exc


# ---------------------------------------------------------------- fallback


@dataclass(frozen=True)
class FallbackTable:
    """The translations a build may splice into one article, own and borrowed."""

    table: Mapping[str, str]
    """msgid -> translation: the locale's published ones, then its fallbacks' for the rest."""
    origin: Mapping[str, str]
    """msgid -> the fallback locale its translation came from (absent: the locale's own)."""


def with_fallbacks(own: Mapping[str, str], fallbacks: Sequence[tuple[str, Mapping[str, str]]]) -> FallbackTable:
    """``own`` published translations, and for each msgid they lack, the first of
    ``fallbacks`` ((locale, its published translations), in chain order) that has one. A
    translation the locale publishes is never replaced, even when it equals the source."""
    table = dict(own)
    origin: dict[str, str] = {}
    for locale, published in fallbacks:
        for msgid, text in published.items():
            if msgid not in table:
                table[msgid] = text
                origin[msgid] = locale
    return FallbackTable(table, origin)


# ---------------------------------------------------------------- dates


def render_dates(source: str, translation: str, locale: str, options: LocalizeOptions) -> str:
    """``translation`` with each ISO date that a ``[build] dates`` pattern finds in ``source``
    written for ``locale`` (Babel ``format_date``). A date the translation does not hold as
    written, or that is not a real day (``2022-02-30``), stays as it is."""
    if not options.dates:
        return translation
    babel_locale = parse_locale(locale)
    for pattern in options.dates:
        for match in pattern.finditer(source):
            iso = match.group(1)
            if iso is None:
                continue
            try:
                day = datetime.date.fromisoformat(iso)
            except ValueError:
                continue
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso):
                continue  # fromisoformat also reads 20221020 and 2022-W42-4
            text = format_date(day, format=options.date_format, locale=babel_locale)
            translation = re.sub(rf"(?<![\w-]){re.escape(iso)}(?![\w-])", text.replace("\\", "\\\\"),
                                 translation)
    return translation


def date_finisher(locale: str | None, options: LocalizeOptions) -> Callable[[str, str], str] | None:
    """What ``build`` (and ``check``, to see what ``build`` splices) does to each accepted
    translation into ``locale``: :func:`render_dates`; None when no pattern is configured."""
    if not options.dates or locale is None:
        return None
    return lambda msgid, text: render_dates(msgid, text, locale, options)


# ---------------------------------------------------------------- lang and dir


def bcp47(locale: str) -> str:
    """The locale as a BCP 47 tag, what HTML's ``lang`` and site generators read: ``pt_BR`` ->
    ``pt-BR``, ``sr@latin`` -> ``sr-Latn``, ``zh_Hant_TW`` -> ``zh-Hant-TW``."""
    parsed = parse_locale(locale)
    return "-".join(p for p in (parsed.language, parsed.script, parsed.territory) if p)


def locale_keys(locale: str, options: LocalizeOptions) -> tuple[tuple[str, str, bool], ...]:
    """(key, value, add when absent) for ``locale``: the language always, the direction added
    only for a right-to-left locale (an existing ``dir`` is corrected either way)."""
    out = []
    if options.lang_key:
        out.append((options.lang_key, bcp47(locale), True))
    if options.dir_key:
        rtl = is_rtl(locale)
        out.append((options.dir_key, "rtl" if rtl else "ltr", rtl))
    return tuple(out)


@dataclass(frozen=True)
class KeysResult:
    """An article with its front matter's lang/dir set."""

    text: str
    """The article (unchanged when ``problem`` is set or there is no front matter)."""
    problem: str | None = None
    """Why the front matter was left as it was, for a warning."""


_OPEN = re.compile(r"(---|\+\+\+)[ \t]*(\r?\n)")


def set_locale_keys(text: str, locale: str, options: LocalizeOptions) -> KeysResult:
    """``text`` (a built Markdown article) with :func:`locale_keys` written into its front matter."""
    wanted = locale_keys(locale, options)
    start = 1 if text.startswith("\ufeff") else 0
    opened = _OPEN.match(text, start)
    if not wanted or opened is None:
        return KeysResult(text)
    try:  # the Markdown reader's own test: "---" then a key line, else a thematic break
        found = find_front_matter(text, "", (), start)
    except SourceError:
        found = None
    if found is None:
        return KeysResult(text)
    kind = "yaml" if opened.group(1) == "---" else "toml"
    body_start, body_end, newline = opened.end(), text.rfind("\n", 0, found.end - 1) + 1, opened.group(2)
    body = text[body_start:body_end]
    try:
        before = _load(kind, body)
    except (yaml.YAMLError, tomllib.TOMLDecodeError, RecursionError):
        return KeysResult(text)  # not front matter after all (extract would have refused it)
    if not isinstance(before, dict):
        return KeysResult(text)
    new_body, expected = body, dict(before)
    for key, value, add in wanted:
        if key not in before and not add:
            continue
        edited = (_yaml_set if kind == "yaml" else _toml_set)(new_body, key, value, newline)
        if edited is None:
            return KeysResult(text, f"front matter key '{key}' not set to {value!r}: its value "
                              "is not a one-line value l10n can replace; write it on one line")
        new_body, expected[key] = edited, value
    try:
        after = _load(kind, new_body)
    except (yaml.YAMLError, tomllib.TOMLDecodeError, RecursionError):
        after = None
    if after != expected:
        keys = " and ".join(f"'{k}'" for k, _, _ in wanted)
        return KeysResult(text, f"front matter keys {keys} not set: the edited front matter would "
                          "read differently; set them in the source")
    return KeysResult(text[:body_start] + new_body + text[body_end:])


def _load(kind: str, body: str) -> object:
    if kind == "yaml":
        return yaml_value(body) if body.strip() else {}
    return tomllib.loads(body)


def _yaml_set(body: str, key: str, value: str, newline: str) -> str | None:
    """``body`` with the top-level ``key`` set to ``value`` (its one scalar replaced, in its own
    quoting style), or a ``key: value`` line added at the end; None when the existing value is
    not a scalar on one line."""
    try:
        root = yaml_node(body) if body.strip() else None
    except yaml.YAMLError:
        return None
    if root is not None and not isinstance(root, yaml.MappingNode):
        return None
    for key_node, value_node in root.value if root is not None else ():
        if not (isinstance(key_node, yaml.ScalarNode) and key_node.value == key):
            continue
        if not isinstance(value_node, yaml.ScalarNode) or value_node.style in ("|", ">"):
            return None
        start, end = value_node.start_mark.index, value_node.end_mark.index
        if value_node.start_mark.line != value_node.end_mark.line:
            return None
        space = " " if start == end and body[start - 1 : start] == ":" else ""  # `lang:` (null)
        return body[:start] + space + _yaml_scalar(value, value_node.style) + body[end:]
    if body and not body.endswith("\n"):
        return None
    return body + f"{key}: {_yaml_scalar(value, None)}{newline}"


def _yaml_scalar(value: str, style: str | None) -> str:
    if style == "'":
        return "'" + value.replace("'", "''") + "'"
    if style == '"' or yaml.safe_load(f"k: {value}") != {"k": value}:
        # A plain `no` is YAML 1.1's false (Norwegian), `on` true: quote what would not read back.
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return value


_TOML_TABLE = re.compile(r"^[ \t]*\[", re.M)
_TOML_VALUE = r"""("(?:[^"\\\r\n]|\\.)*"|'[^'\r\n]*'|[^\s#,\[\]{}"']+)"""


def _toml_set(body: str, key: str, value: str, newline: str) -> str | None:
    """``body`` with the top-level ``key`` set to ``value`` (a one-line string or bare value
    replaced, keeping its quote style and any comment), or a ``key = "value"`` line added after
    the last top-level key; None when the existing value is not one of those."""
    table = _TOML_TABLE.search(body)
    top = table.start() if table else len(body)
    names = "|".join(re.escape(k) for k in (key, f'"{key}"', f"'{key}'"))
    found = re.search(rf"^[ \t]*(?:{names})[ \t]*=[ \t]*{_TOML_VALUE}[ \t]*(?:#.*)?$",
                      body[:top], re.M)
    if found is not None:
        old = found.group(1)
        quoted = "'" + value + "'" if old.startswith("'") else _toml_basic(value)
        return body[: found.start(1)] + quoted + body[found.end(1):]
    if re.search(rf"^[ \t]*(?:{names})[ \t]*=", body[:top], re.M):
        return None
    # After the last top-level line, before the blank lines and comments that lead the first table.
    insert = top
    lines = body[:top].splitlines(keepends=True)
    while lines and (not lines[-1].strip() or lines[-1].lstrip().startswith("#")) and table:
        insert -= len(lines.pop())
    if insert and not body[:insert].endswith("\n"):
        return None
    return body[:insert] + f"{key} = {_toml_basic(value)}{newline}" + body[insert:]


def _toml_basic(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
