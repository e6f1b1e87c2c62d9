"""Numbers in prose: the one definition of "a number" that checks, masking and merging share.

A number is a run of digits, possibly joined to further runs by single separator characters:
``1,234.5``, ``1 234,5`` (a no-break or narrow no-break space groups thousands in French),
``12:30``, ``2022-03-01``. Which separators join depends on what the caller needs, so the
choices are an explicit table (:data:`JOINERS`); the digits rule is the same for all.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Literal, NamedTuple

from l10n.errors import LocaleError

if TYPE_CHECKING:
    from decimal import Decimal

Joining = Literal["grouped", "decimal", "compound"]
"""How far a number reaches: see :data:`JOINERS`."""

JOINERS: dict[Joining, str] = {
    "grouped": ".,\u00a0\u202f ",
    "decimal": ".,",
    "compound": ".,:/-",
}
"""Characters that join digit runs into one number, per use:

``grouped``: decimal marks and thousands separators of any locale, spaces included (a number
of the source may come back localized: ``1,234.5`` as ``1.234,5`` or ``1 234,5``);
``decimal``: only ``.`` and ``,`` (a number as written in one sentence);
``compound``: also times, dates and ranges (``12:30``, ``2022-03-01``, ``3/4``), which machine
translation must receive as one unit."""


@cache
def number_pattern(joining: Joining = "grouped") -> re.Pattern[str]:
    """The compiled pattern of a number for ``joining``."""
    return re.compile(r"\d+(?:[" + re.escape(JOINERS[joining]) + r"]\d+)*")


def find_numbers(text: str, joining: Joining = "grouped") -> list[str]:
    """Every number of ``text``, as written, in order."""
    return number_pattern(joining).findall(text)


def number_end(text: str, pos: int, joining: Joining = "grouped") -> int:
    """End of the number starting at ``pos``, or -1 when ``text[pos]`` is not a digit."""
    m = number_pattern(joining).match(text, pos)
    return m.end() if m else -1


def digits(number: str) -> str:
    """The digits of a number without its separators: what stays when it is localized."""
    return _NOT_DIGIT.sub("", number)


_NOT_DIGIT = re.compile(r"\D")


# --- Values: what a number means in a locale -------------------------------------------------

_SPACES = "\u00a0\u202f\u2009 "
"""The spaces that group thousands where a locale groups with a space (fr, pt_PT, ru...)."""

_APOSTROPHES = "'\u2019"
"""The apostrophes that group thousands where a locale groups with one (de_CH)."""

SCALE_WORDS: dict[str, dict[str, int]] = {
    "en": {"thousand": 3, "million": 6, "millions": 6, "mn": 6, "billion": 9, "billions": 9,
           "bn": 9, "trillion": 12, "trillions": 12, "tn": 12},
    "pt": {"mil": 3, "milhão": 6, "milhões": 6, "mi": 6, "bilhão": 9, "bilhões": 9, "bi": 9,
           "mil milhões": 9, "bilião": 12, "biliões": 12, "trilhão": 12, "trilhões": 12, "tri": 12},
    "es": {"mil": 3, "millón": 6, "millones": 6, "mil millones": 9, "billón": 12, "billones": 12},
    "de": {"tausend": 3, "million": 6, "millionen": 6, "mio": 6, "milliarde": 9, "milliarden": 9,
           "mrd": 9, "billion": 12, "billionen": 12, "bio": 12},
    "fr": {"mille": 3, "million": 6, "millions": 6, "milliard": 9, "milliards": 9, "md": 9,
           "mds": 9, "billion": 12, "billions": 12},
    "it": {"mila": 3, "milione": 6, "milioni": 6, "miliardo": 9, "miliardi": 9},
    "ja": {"万": 4, "億": 8, "兆": 12},
    "zh": {"万": 4, "萬": 4, "亿": 8, "億": 8, "兆": 12},
}
"""Per language, the words after a number that multiply it, as powers of ten. Per language
because the same word differs: English *billion* is 10⁹, German *Billion* and Portuguese (Portugal)
*bilião* are 10¹². Words are lower case; CJK scale characters follow the digits directly and may
chain (``1万2000`` is 12,000)."""

_CJK_LANGUAGES = frozenset({"ja", "zh"})


class NumberValue(NamedTuple):
    """A number of a sentence, read the way a reader of its locale reads it."""

    text: str
    """The number as written, digits and separators (without a scale word)."""
    base: Decimal
    """Its value before any scale word: ``1.5`` in ``1.5 billion``."""
    exponent: int
    """The power of ten of its scale word (9 for *billion*), 0 without one."""
    start: int
    """Offset of its first digit in the sentence."""
    scale: str = ""
    """Its scale word as written, with the space before it (`` billion``, ``億``); empty
    without one."""

    @property
    def shown(self) -> str:
        """The number with its scale word, for a message: ``1.5 billion``."""
        return self.text + self.scale

    @property
    def value(self) -> Decimal:
        """What it stands for: ``1.5 billion`` is 1,500,000,000."""
        return self.base.scaleb(self.exponent)


def language_of(locale: str) -> str:
    """The language of a locale name (``pt`` of ``pt_BR`` or ``pt-BR``); ``""`` for a name
    CLDR does not know."""
    from l10n.locales import language_code  # Babel: only for locale-aware readings

    try:
        return language_code(locale)
    except LocaleError:
        return ""


@cache
def _separators(locale: str) -> tuple[str, str]:
    """(decimal mark, characters that group thousands) of ``locale`` (Babel's CLDR data;
    English's for a locale CLDR does not know)."""
    from babel.numbers import get_decimal_symbol, get_group_symbol

    from l10n.locales import parse_locale

    try:
        parsed = parse_locale(locale)
    except LocaleError:
        parsed = parse_locale("en")
    decimal, group = get_decimal_symbol(parsed), get_group_symbol(parsed)
    groups = _SPACES if group in _SPACES else _APOSTROPHES if group in _APOSTROPHES else group
    return decimal, groups


@cache
def _value_pattern(locale: str) -> re.Pattern[str]:
    decimal, groups = _separators(locale)
    d, g = re.escape(decimal), "[" + re.escape(groups) + "]"
    language = language_of(locale)
    words = sorted(SCALE_WORDS.get(language, {}), key=len, reverse=True)
    if language in _CJK_LANGUAGES:
        scale = "(?P<scale>" + "|".join(map(re.escape, words)) + ")?"
    else:
        scale = ("(?:[" + re.escape(_SPACES) + "]?(?P<scale>"
                 + "|".join(re.escape(w).replace(r"\ ", "[ \u00a0]") for w in words) + r")\b)?")
    return re.compile(
        r"(?<![\d])(?P<number>\d{1,3}(?:" + g + r"\d{3})+(?:" + d + r"\d+)?(?!\d)|\d+(?:" + d
        + r"\d+)?)" + scale, re.IGNORECASE)


def find_values(text: str, locale: str) -> list[NumberValue]:
    """Every number of ``text`` with its value as a reader of ``locale`` reads it: ``1,234.5``
    in English and ``1.234,5`` in Portuguese are both 1234.5, ``1 234,5`` (with any space) in
    French too; a scale word after it (:data:`SCALE_WORDS`) multiplies it. Times, dates and
    ranges give one value per part (``12:30`` is 12 and 30)."""
    from decimal import Decimal, InvalidOperation  # only for values: finding numbers needs none

    decimal, groups = _separators(locale)
    scales = SCALE_WORDS.get(language_of(locale), {})
    out: list[NumberValue] = []
    end = -1
    for m in _value_pattern(locale).finditer(text):
        written = m.group("number")
        plain = "".join(c for c in written if c not in groups).replace(decimal, ".")
        try:
            base = Decimal(plain)
        except InvalidOperation:  # pragma: no cover - the pattern only admits digits
            continue
        word = m.group("scale")
        exponent = scales.get(" ".join(word.lower().split()), 0) if word else 0
        previous = out[-1] if out else None
        if (previous is not None and m.start() == end and previous.exponent > exponent
                and language_of(locale) in _CJK_LANGUAGES):
            # 1万2000: the parts of one number.
            total = previous.value + base.scaleb(exponent)
            out[-1] = NumberValue(text[previous.start:m.end()], total, 0, previous.start)
        else:
            out.append(NumberValue(written, base, exponent, m.start(), m.group(0)[len(written):]))
        end = m.end()
    return out
