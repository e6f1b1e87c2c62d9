"""What ``msgfmt -c`` rejects about one entry's format directives (msgl-check.c).

An entry flagged ``c-format``, ``python-format``, ``python-brace-format`` (or ``objc-format``)
must have translations whose directives fit the source's: the same arguments, of the same
types, as gettext's ``format_check`` for that language demands. :func:`format_problem` is the
one owner of that rule for ``l10n``; ``l10n check`` reports what it finds so that a catalog
``l10n check`` passes is one ``msgfmt -c`` accepts.

Like msgfmt: the header, obsolete, untranslated and (unless asked) fuzzy entries are not
checked; a source that is not a valid format string is not checked either; for a plural entry
every ``msgstr[j]`` is compared with ``msgid_plural``, strictly (same number of arguments) only
when form ``j`` is used for many values of ``n`` under the header's ``Plural-Forms`` (five or
more of 0..1000), so that ``msgstr[0]`` for ``n == 1`` may leave the number out.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

import polib

from l10n.po.directives import Argument, Scan, scan
from l10n.po.flags import FORMAT_LANGUAGES, Flags, parse_flags

__all__ = ["CHECKED_LANGUAGES", "format_problem"]

CHECKED_LANGUAGES = ("c", "objc", "python", "python-brace")
"""The format languages whose directives :func:`format_problem` checks (the others pass)."""

_GERMANIC: tuple[bool, ...] = (False, True)
"""msgfmt's distribution without a usable ``Plural-Forms``: ``(n != 1)``."""


def format_problem(
    entry: polib.POEntry, *, plural_forms: str | None = None, include_fuzzy: bool = False
) -> str | None:
    """The first thing ``msgfmt -c`` would reject about ``entry``'s format directives, as one
    phrase naming the format, or None when it would accept them.

    ``plural_forms`` is the catalog's ``Plural-Forms`` header value (it decides which plural
    translations may drop an argument); ``include_fuzzy`` checks fuzzy entries too, which
    msgfmt skips because it does not compile them.
    """
    if entry.obsolete or entry.msgid == "":
        return None
    flags = parse_flags(entry.flags)
    if flags.fuzzy and not include_fuzzy:
        return None
    if not flags.formats:
        return None  # no format flag, no directives to check (the loop below does nothing)
    plural = bool(entry.msgid_plural)
    if plural:
        forms = entry.msgstr_plural or {}
        msgstrs = [forms[k] for k in sorted(forms, key=int)]
    else:
        msgstrs = [entry.msgstr or ""]
    if not msgstrs or msgstrs[0] == "":
        return None
    source_name = "msgid_plural" if plural else "msgid"
    source_text = entry.msgid_plural if plural else entry.msgid
    often = _often(plural_forms) if plural else ()
    for language in _checked_languages(flags):
        source = scan(language, source_text, translated=False)
        if source is None or not source.valid:
            continue
        for j, msgstr in enumerate(msgstrs):
            name = f"msgstr[{j}]" if plural else "msgstr"
            translation = scan(language, msgstr, translated=True)
            assert translation is not None
            if not translation.valid:
                return f"'{name}' is not a valid {language}-format string, unlike '{source_name}'"
            strict = (
                not plural
                or len(msgstrs) == 1
                or (j < len(often) and often[j] and not _range_elides(flags, plural_forms, j))
            )
            problem = _CHECKS[language](source, translation, strict, source_name, name)
            if problem is not None:
                return f"{problem} ({language}-format)"
    return None


def _checked_languages(flags: Flags) -> list[str]:
    states = dict(flags.formats)
    return [
        language
        for language in FORMAT_LANGUAGES
        if language in CHECKED_LANGUAGES and states.get(language) in ("yes", "possible")
    ]


_PLURAL = re.compile(r"plural=([^;]*)")


@functools.lru_cache(maxsize=64)
def _plural_function(plural_forms: str | None) -> Callable[[int], int] | None:
    if plural_forms is None:
        return None
    m = _PLURAL.search(plural_forms)
    if m is None:
        return None
    import gettext  # only catalogs with plural entries need it: kept off start-up

    try:
        function: Callable[[int], int] = gettext.c2py(m.group(1).strip())
        function(0)
    except (ValueError, SyntaxError, ZeroDivisionError, RecursionError):
        return None
    return function


@functools.lru_cache(maxsize=64)
def _often(plural_forms: str | None) -> tuple[bool, ...]:
    """Whether each plural form is used for at least 5 of n = 0..1000 (check_plural_eval)."""
    function = _plural_function(plural_forms)
    if function is None:
        return _GERMANIC
    counts: dict[int, int] = {}
    try:
        for n in range(1001):
            value = function(n)
            counts[value] = counts.get(value, 0) + 1
    except ZeroDivisionError:
        return ()
    if not counts or min(counts) < 0:
        return ()
    return tuple(counts.get(j, 0) >= 5 for j in range(max(counts) + 1))


def _range_elides(flags: Flags, plural_forms: str | None, j: int) -> bool:
    """With ``range: a..b``, form ``j`` applies to at most one n of the range."""
    if flags.range is None:
        return False
    function = _plural_function(plural_forms)
    if function is None:
        function = _germanic
    low, high = flags.range
    hits = 0
    for n in range(low, high + 1):
        if function(n) == j:
            hits += 1
            if hits > 1:
                return False
    return True


def _germanic(n: int) -> int:
    return int(n != 1)


Check = Callable[[Scan, Scan, bool, str, str], "str | None"]


def _arguments(found: Scan) -> list[Argument]:
    return [argument for directive in found.directives for argument in directive.arguments]


def _c_check(source: Scan, translation: Scan, strict: bool, msgid: str, msgstr: str) -> str | None:
    """format-c.c's format_check: the arguments in order, numbered ones by their number."""
    wanted, given = _c_types(source), _c_types(translation)
    if len(wanted) != len(given) if strict else len(wanted) < len(given):
        return f"number of format specifications in '{msgid}' and '{msgstr}' does not match"
    for index, (a, b) in enumerate(zip(wanted, given, strict=False), start=1):
        if a != b:
            return (
                f"format specifications in '{msgid}' and '{msgstr}' for argument {index} "
                "are not the same"
            )
    return None


def _c_types(found: Scan) -> list[str]:
    """The argument types in argument order (a valid scan numbers all or none)."""
    arguments = _arguments(found)
    by_number = {a.key: a.type for a in arguments if isinstance(a.key, int) and a.key > 0}
    if by_number:
        return [by_number[number] for number in sorted(by_number)]
    return [a.type for a in arguments]


def _python_check(
    source: Scan, translation: Scan, strict: bool, msgid: str, msgstr: str
) -> str | None:
    """format-python.c's format_check: a mapping or a tuple, names and types."""
    wanted, given = _arguments(source), _arguments(translation)
    wanted_named = {a.key: a.type for a in wanted if isinstance(a.key, str)}
    given_named = {a.key: a.type for a in given if isinstance(a.key, str)}
    wanted_unnamed = [a.type for a in wanted if a.key is None]
    given_unnamed = [a.type for a in given if a.key is None]
    if wanted_named and given_unnamed:
        return f"format specifications in '{msgid}' expect a mapping, those in '{msgstr}' expect a tuple"
    if wanted_unnamed and given_named:
        return f"format specifications in '{msgid}' expect a tuple, those in '{msgstr}' expect a mapping"
    problem = _names_problem(wanted_named, given_named, strict, msgid, msgstr, directional=True)
    if problem is not None:
        return problem
    for name in sorted(given_named):
        if not _compatible(wanted_named[name], given_named[name], strict):
            return (
                f"format specifications in '{msgid}' and '{msgstr}' for argument '{name}' "
                "are not the same"
            )
    if wanted_unnamed or given_unnamed:
        if len(wanted_unnamed) != len(given_unnamed):
            return f"number of format specifications in '{msgid}' and '{msgstr}' does not match"
        for index, (a, b) in enumerate(zip(wanted_unnamed, given_unnamed, strict=True), start=1):
            if not _compatible(a, b, strict):
                return (
                    f"format specifications in '{msgid}' and '{msgstr}' for argument {index} "
                    "are not the same"
                )
    return None


def _compatible(a: str, b: str, strict: bool) -> bool:
    return a == b or (not strict and "any" in (a, b))


def _python_brace_check(
    source: Scan, translation: Scan, strict: bool, msgid: str, msgstr: str
) -> str | None:
    """format-python-brace.c's format_check: the same field names (when strict)."""
    wanted = {a.key: "" for a in _arguments(source) if isinstance(a.key, str)}
    given = {a.key: "" for a in _arguments(translation) if isinstance(a.key, str)}
    return _names_problem(wanted, given, strict, msgid, msgstr, directional=False)


def _names_problem(
    wanted: dict[str, str],
    given: dict[str, str],
    strict: bool,
    msgid: str,
    msgstr: str,
    *,
    directional: bool,
) -> str | None:
    """The first name (in sorted order) one side has and the other lacks; with
    ``directional`` a name only the translation has is always a problem (python-format)."""
    for name in sorted(set(wanted) | set(given)):
        if name in wanted and name not in given and strict:
            return f"a format specification for argument '{name}' doesn't exist in '{msgstr}'"
        if name in given and name not in wanted and (strict or directional):
            return f"a format specification for argument '{name}' doesn't exist in '{msgid}'"
    return None


_CHECKS: dict[str, Check] = {
    "c": _c_check,
    "objc": _c_check,
    "python": _python_check,
    "python-brace": _python_brace_check,
}
