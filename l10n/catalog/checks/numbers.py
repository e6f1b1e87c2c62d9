"""Checks that the numbers of a sentence keep their values in the translation.

Numbers are compared by value, each read the way a reader of its locale reads it
(:func:`l10n.document.numbers.find_values`): ``1,234.5`` in English and ``1.234,5`` in
Portuguese are the same number, ``$1.5 billion`` and ``1,5 bilhão`` too; ``3.2%`` and ``32%``,
``1.5 billion`` and ``15 bilhões`` are not. A translation may also keep the source's way of
writing a number, so it passes when either reading (the target locale's or the source's)
accounts for every number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from l10n.catalog.checks.base import CheckContext
from l10n.document.numbers import NumberValue, find_values

_PM = re.compile(r"\s?(?:p\.\s?m\.|pm\b)", re.IGNORECASE)
"""After an hour of the source, a 12-hour clock's afternoon: ``3 p.m.`` may become ``15h``."""

_EITHER_MARK = ("en", "de")
"""Without a target locale, the two conventions of decimal mark a translation may use."""


@dataclass(frozen=True)
class Comparison:
    """The numbers of a source and a translation paired by value."""

    missing: tuple[NumberValue, ...]
    """Numbers of the source that no number of the translation matches."""
    extra: tuple[NumberValue, ...]
    """Numbers of the translation that match no number of the source."""


def _values(number: NumberValue, source: str) -> set[Decimal]:
    values = {number.value}
    after = source[number.start + len(number.text):]
    if number.exponent == 0 and _PM.match(after) and number.base < 12:
        values.add(number.value + 12)
    return values


def _matches(want: NumberValue, got: NumberValue, values: set[Decimal]) -> bool:
    if got.value in values:
        return True
    # A scale word one side's table does not know (an abbreviation): compare what is written.
    return want.base == got.base and (want.exponent == 0 or got.exponent == 0)


def _compare(source: str, wanted: list[NumberValue], got: list[NumberValue]) -> Comparison:
    unused = list(got)
    missing = []
    for number in wanted:
        values = _values(number, source)
        match = next((g for g in unused if _matches(number, g, values)), None)
        if match is None:
            missing.append(number)
        else:
            unused.remove(match)
    return Comparison(tuple(missing), tuple(unused))


_MONTH = re.compile(r"\s?月")
"""After a number of a Japanese or Chinese date, the month it names: ``5月`` is *May*."""


def _dated(numbers: list[NumberValue], text: str) -> list[NumberValue]:
    """``numbers`` less the months of dates written with 月, which a source may write as words
    (*March 1* is ``3月1日``)."""
    return [n for n in numbers if not _MONTH.match(text, n.start + len(n.text))]


def compare_numbers(source: str, target: str, context: CheckContext) -> Comparison:
    """The numbers of ``source`` and ``target`` paired by value, under the reading of the
    translation (target locale or source locale) that leaves the fewest unpaired."""
    wanted = find_values(source, context.source_locale)
    readings = [context.target_locale] if context.target_locale else list(_EITHER_MARK)
    readings.append(context.source_locale)
    best: Comparison | None = None
    for locale in dict.fromkeys(readings):
        found = find_values(target, locale)
        got = _compare(source, wanted, found)
        if got.extra and _MONTH.search(target):
            undated = _compare(source, wanted, _dated(found, target))
            if len(undated.missing) + len(undated.extra) < len(got.missing) + len(got.extra):
                got = undated
        if best is None or len(got.missing) + len(got.extra) < len(best.missing) + len(best.extra):
            best = got
        if not got.missing and not got.extra:
            break
    assert best is not None
    return best


def numbers_same_value(source: str, target: str, context: CheckContext) -> str | None:
    """No number of the source is replaced by a different one: a number of the source is
    missing and the translation has one the source has not (``3.2%`` -> ``32%``)."""
    found = compare_numbers(source, target, context)
    if found.missing and found.extra:
        return (f"number {found.missing[0].shown} of the source became {found.extra[0].shown} "
                "(a different value)")
    return None


def numbers_kept(source: str, target: str, context: CheckContext) -> str | None:
    """Every number of the source appears in the translation, with its value, and no other
    (one written out in words, ``20`` as ``vinte``, is reported here as missing)."""
    found = compare_numbers(source, target, context)
    if found.missing and found.extra:
        return None  # numbers_same_value's
    if found.missing:
        return f"number {found.missing[0].shown} is missing"
    if found.extra:
        return f"number {found.extra[0].shown} is not in the source"
    return None
