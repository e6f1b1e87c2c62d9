"""Where gettext breaks a PO string into lines: libunistring 1.0's ``u8_width_linebreaks_v2``.

gettext's writer asks libunistring for the line breaks of each string: Unicode line breaking
(UAX #14, with libunistring's pair table and its class resolution for UTF-8) and character
widths (``uc_width``), then greedy filling up to the page width. This module reproduces it per
character (:func:`width_linebreaks`) and, for the common case of one-column characters of plain
classes, with one regular-expression search per line (:func:`simple_line_starts`), which gives
the same result much faster. The tables (from Unicode 14.0, as in Python 3.11's
``unicodedata`` and libunistring 1.0) are in :mod:`l10n.po.linebreak_data`; characters assigned
later may break differently from a newer gettext.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Collection, Sequence
from typing import Final, NamedTuple

from l10n.po.linebreak_data import CLASS_EXCEPTIONS, CLASS_NAMES, PAIRS, WIDTH_EXCEPTIONS

__all__ = [
    "CR_BEFORE_LF",
    "MANDATORY",
    "POSSIBLE",
    "PROHIBITED",
    "UNDEFINED",
    "char_width",
    "line_starts",
    "own_line_starts",
    "simple_line_starts",
    "width_linebreaks",
]

# Break values of libunistring (unilbrk.h), as in its results and its override arrays.
UNDEFINED: Final = 0
"""Override: no override, take the break computed from the text."""
PROHIBITED: Final = 1
"""No break before this character."""
POSSIBLE: Final = 2
"""A line may start at this character (in results: the filling starts one here)."""
MANDATORY: Final = 3
"""A line must end at this character (a line feed or other mandatory break)."""
CR_BEFORE_LF: Final = 5
"""A CR directly followed by LF (value 4, hyphenation, is never produced for UTF-8 text)."""

# Line-break classes, numbered as in libunistring's lbrktables.h: 0..32 index the pair table.
(
    _WJ, _GL, _B2, _BA, _BB, _HY, _CL, _CP1, _CP2, _EX, _IN, _NS, _OP1, _OP2, _QU, _IS, _NU,
    _PO, _PR, _SY, _AL, _H2, _H3, _ID1, _ID2, _JL, _JV, _JT, _HL, _RI, _ZWJ, _EB, _EM,
) = range(33)  # fmt: skip
_BK, _CR, _LF, _CM, _ZW, _SP = range(33, 39)
_HL_BA = 100


def _range_table(text: str) -> tuple[list[int], list[int], list[str]]:
    starts: list[int] = []
    ends: list[int] = []
    values: list[str] = []
    for item in text.split():
        span, _, value = item.partition(":")
        first, _, last = span.partition("-")
        starts.append(int(first, 16))
        ends.append(int(last or first, 16))
        values.append(value)
    return starts, ends, values


@functools.lru_cache(maxsize=1)
def _tables() -> tuple[
    tuple[list[int], list[int], list[int]], tuple[list[int], list[int], list[int]]
]:
    starts, ends, names = _range_table(CLASS_EXCEPTIONS)
    classes = [CLASS_NAMES.index(name) for name in names]
    wstarts, wends, widths = _range_table(WIDTH_EXCEPTIONS)
    return (starts, ends, classes), (wstarts, wends, [int(w) for w in widths])


def _lookup(table: tuple[list[int], list[int], list[int]], code: int) -> int | None:
    starts, ends, values = table
    i = bisect.bisect_right(starts, code) - 1
    if i >= 0 and code <= ends[i]:
        return values[i]
    return None


def _guess_class(code: int) -> int:
    """The line-break class from Unicode properties; right for all but the listed exceptions."""
    ch = chr(code)
    category = unicodedata.category(ch)
    if category == "Cn":
        if 0x20000 <= code <= 0x3FFFD or 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF:
            return _ID1
        if 0x1F000 <= code <= 0x1FFFD:
            return _ID2
        return _AL
    if 0xAC00 <= code <= 0xD7A3:
        return _H2 if (code - 0xAC00) % 28 == 0 else _H3
    if category in ("Mn", "Mc", "Me", "Cc", "Cf"):
        return _CM
    if category == "Nd":
        return _NU
    if category == "Pe":
        return _CL
    if category in ("Pi", "Pf"):
        return _QU
    if category == "Zs":
        return _BA
    if category == "Sc":
        return _PR
    wide = unicodedata.east_asian_width(ch) in ("W", "F")
    if category == "Ps":
        return _OP2 if wide else _OP1
    return _ID1 if wide else _AL


def _guess_width(code: int) -> int:
    """Columns as libunistring's uc_width for UTF-8: -1 for control characters."""
    if code < 0x20 or 0x7F <= code < 0xA0:
        return -1
    ch = chr(code)
    category = unicodedata.category(ch)
    if category == "Cn":
        return 2 if 0x20000 <= code <= 0x3FFFD else 1
    if category in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def char_width(ch: str) -> int:
    """Columns of a character as libunistring's uc_width for UTF-8 (-1: control character)."""
    return _char_info(ch)[1]


_INFO: dict[str, tuple[int, int]] = {}


def _char_info(ch: str) -> tuple[int, int]:
    """(line-break class, width) of a character, cached."""
    info = _INFO.get(ch)
    if info is None:
        code = ord(ch)
        classes, widths = _tables()
        listed_class = _lookup(classes, code)
        listed_width = _lookup(widths, code)
        info = (
            listed_class if listed_class is not None else _guess_class(code),
            listed_width if listed_width is not None else _guess_width(code),
        )
        if len(_INFO) < 100_000:
            _INFO[ch] = info
    return info


_DIRECT, _INDIRECT = 0, 1
_RULES: Final = tuple(tuple("DIP".index(rule) for rule in row) for row in PAIRS)


def _possible_linebreaks(props: Sequence[int]) -> list[int]:
    """u8_possible_linebreaks_loop with CR-LF recognition (libunistring 1.0), per character,
    from the characters' line-break classes."""
    breaks = [PROHIBITED] * len(props)
    prev_prop = _BK
    last_prop = _BK
    seen_space = False
    ri_count = 0
    rules = _RULES
    for i, prop in enumerate(props):
        if prop >= _BK and prop <= _LF:  # BK, CR, LF
            breaks[i] = MANDATORY
            if prev_prop == _CR and prop == _LF:
                breaks[i - 1] = CR_BEFORE_LF
            prev_prop = prop
            last_prop = _BK
            seen_space = False
        else:
            if prop == _SP:
                seen_space = True
            elif prop == _ZW:
                last_prop = _ZW
                seen_space = False
            elif prop == _CM or prop == _ZWJ:
                if last_prop == _BK:
                    last_prop = _AL
                    seen_space = False
                elif last_prop == _ZW or seen_space:
                    breaks[i] = POSSIBLE
                    last_prop = _AL
                    seen_space = False
            else:
                if last_prop == _BK:
                    pass
                elif last_prop == _ZW:
                    breaks[i] = POSSIBLE
                elif prev_prop == _ZWJ:
                    pass
                elif last_prop == _RI and prop == _RI:
                    if seen_space or ri_count % 2 == 0:
                        breaks[i] = POSSIBLE
                elif prev_prop == _HL_BA:
                    pass
                else:
                    rule = rules[last_prop][prop]
                    if rule == _DIRECT or (rule == _INDIRECT and seen_space):
                        breaks[i] = POSSIBLE
                last_prop = prop
                seen_space = False
            prev_prop = _HL_BA if prev_prop == _HL and (prop == _HY or prop == _BA) else prop
        ri_count = ri_count + 1 if prop == _RI else 0
    return breaks


def width_linebreaks(
    chars: Sequence[str], width: int, start_column: int, overrides: Sequence[int]
) -> list[int]:
    """libunistring's ``u8_width_linebreaks_internal``, one value per character of ``chars``.

    ``width`` is the line width in columns, ``start_column`` the column the first character
    is written at, ``overrides`` one break value per character (:data:`UNDEFINED` or an
    override such as :data:`PROHIBITED`). The result holds :data:`POSSIBLE` where the greedy
    filling starts a new line, :data:`MANDATORY` / :data:`CR_BEFORE_LF` for line ends in the
    text and :data:`PROHIBITED` elsewhere, as ``ulc_width_linebreaks_v2`` returns them.
    """
    get = _INFO.get
    infos = [get(c) or _char_info(c) for c in chars]
    breaks = _possible_linebreaks([info[0] for info in infos])
    last_p = -1
    last_column = start_column
    piece_width = 0
    for i, override in enumerate(overrides):
        brk = override if override != UNDEFINED else breaks[i]
        if brk != POSSIBLE and brk != MANDATORY and brk != CR_BEFORE_LF:
            breaks[i] = PROHIBITED
            w = infos[i][1]
            if w > 0:
                piece_width += w
            continue
        if last_p >= 0 and last_column + piece_width > width:
            breaks[last_p] = POSSIBLE
            last_column = 0
        if brk == POSSIBLE:
            last_p = i
            last_column += piece_width
            piece_width = 0
            breaks[i] = PROHIBITED
            w = infos[i][1]
            if w > 0:
                piece_width += w
        else:  # a mandatory break: the character ends a line
            breaks[i] = brk
            last_p = -1
            last_column = 0
            piece_width = 0
    if last_p >= 0 and last_column + piece_width > width:
        breaks[last_p] = POSSIBLE
    return breaks


def line_starts(escaped: str, width: int, start_column: int, overrides: Sequence[int]) -> list[int]:
    """Indices where libunistring's greedy filling starts a new line."""
    plain = _plain_classes(escaped)
    if plain is None:
        return _per_character_starts(escaped, width, start_column, overrides)
    return _plain_starts(*plain, width, start_column, overrides)


def _per_character_starts(
    escaped: str, width: int, start_column: int, overrides: Sequence[int]
) -> list[int]:
    breaks = width_linebreaks(escaped, width, start_column, overrides)
    return [i for i, brk in enumerate(breaks) if brk == POSSIBLE]


def own_line_starts(
    escaped: str, width: int, start_column: int, overrides: Sequence[int]
) -> list[int] | None:
    """How write-po.c breaks a string whose first line starts at ``start_column`` (after
    ``msgid "``): None when the filling from there starts no new line (the string stays whole
    on the keyword's line); otherwise gettext writes the string on lines of its own, and the
    result is :func:`line_starts` from column 0. That is, None when
    ``line_starts(escaped, width, start_column, overrides)`` is empty, else
    ``line_starts(escaped, width, 0, overrides)``, with one look at the characters.

    For one-column characters of plain classes (no mandatory breaks, so nothing resets the
    filling), the greedy filling breaks iff the text ends past ``width`` and it has an
    opportunity at all: at the text's end the pending opportunity is taken. So when the text
    does not fit from column 0 either, the filling from column 0 answers both questions (it
    breaks iff there is an opportunity); otherwise one search for the first opportunity does.
    """
    plain = _plain_classes(escaped)
    if plain is None:
        if not _per_character_starts(escaped, width, start_column, overrides):
            return None
        return _per_character_starts(escaped, width, 0, overrides)
    classes, patterns = plain
    n = len(classes)
    if start_column + n <= width:
        return None
    if n > width:
        return _plain_starts(classes, patterns, width, 0, overrides) or None
    return [] if _first_break(classes, patterns.forward, 0, overrides) >= 0 else None


def _class_letter(ch: str) -> str | None:
    """The letter naming the line-break class of ``ch`` (:data:`_CLASS_LETTERS`) when it is one
    column wide and its class obeys the plain pair table (no CM, ZWJ, ZW, RI, HL, mandatory
    breaks); None otherwise: the fast path does not apply."""
    cls, w = _char_info(ch)
    if w == 1 and ((cls < _BK and cls not in (_ZWJ, _RI, _HL)) or cls == _SP):
        return _CLASS_LETTERS[cls]
    return None


class _SimpleClasses(dict[int, str]):
    """str.translate table: a character -> :func:`_class_letter`. Other characters map to
    themselves, which disables the fast path: they are control characters or not ASCII, never
    letters. (ASCII results let ``str.translate`` take CPython's fast path for ASCII text.)"""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        value = _class_letter(ch) or ch
        if len(self) < 100_000:
            self[code] = value
        return value


_CLASS_LETTERS: Final = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklm"
"""The letter of each line-break class, by number."""
_SIMPLE = _SimpleClasses()
_NOT_SIMPLE: Final = re.compile("[^A-Za-m]")
_SPACE_CHAR: Final = _CLASS_LETTERS[_SP]


class _Patterns(NamedTuple):
    """The break opportunities between plain classes, for text of some of them."""

    forward: re.Pattern[str]
    """:func:`_break_pattern`."""
    reversed: re.Pattern[str]
    """:func:`_reversed_break_pattern`."""


def _patterns(letters: Collection[str]) -> _Patterns:
    """The patterns for text whose class letters are among ``letters``: exact for such text, and
    the fewer the classes, the fewer alternatives the regex engine tries at each character."""
    rules = _break_rules(letters)
    return _Patterns(_break_pattern(rules), _reversed_break_pattern(rules))


@functools.lru_cache(maxsize=1)
def _all_patterns() -> _Patterns:
    """:func:`_patterns` for any plain text."""
    return _patterns(_CLASS_LETTERS)


@functools.lru_cache(maxsize=1)
def _ascii() -> tuple[bytes, re.Pattern[str], _Patterns]:
    """For the 14 classes of printable ASCII: the ``bytes.translate`` table of
    :func:`_class_letter` for ASCII text (NUL for the characters outside the fast path, the
    control characters), a pattern finding a class letter of another class, and the patterns
    for text of these classes (a fifth of the alternatives of :func:`_all_patterns`)."""
    table = bytes(ord(_class_letter(chr(code)) or "\0") for code in range(128)) + bytes(128)
    letters = "".join(sorted({chr(letter) for letter in table if letter}))
    return table, re.compile(f"[^{letters}]"), _patterns(letters)


def _plain_classes(escaped: str) -> tuple[str, _Patterns] | None:
    """The class letters of ``escaped`` (:func:`_class_letter`) and the patterns for them; None
    when a character is not one of the plain one-column classes. ASCII text (most strings) is
    translated as bytes, several times faster than ``str.translate`` with a mapping. Other text
    takes the patterns of ASCII text too when its classes are among those of ASCII (letters
    with accents, typographic quotes), those of all classes otherwise."""
    table, other_class, patterns = _ascii()
    if escaped.isascii():
        letters = escaped.encode("ascii").translate(table)
        return (letters.decode("ascii"), patterns) if 0 not in letters else None
    classes = escaped.translate(_SIMPLE)
    other = other_class.search(classes)
    if other is None:
        return classes, patterns
    return None if _NOT_SIMPLE.search(classes, other.start()) else (classes, _all_patterns())


def _break_rules(letters: Collection[str]) -> list[tuple[str, str, str]]:
    """(class ``a``, the classes directly after which a line may start, those after ``a`` and a
    run of spaces), as class letters, for the plain classes among ``letters``."""
    simple = [
        c for c in range(_BK) if c not in (_ZWJ, _RI, _HL) and _CLASS_LETTERS[c] in letters
    ]
    rules = []
    for a in simple:
        direct = "".join(_CLASS_LETTERS[b] for b in simple if _RULES[a][b] == _DIRECT)
        spaced = "".join(_CLASS_LETTERS[b] for b in simple if _RULES[a][b] != 2)
        rules.append((_CLASS_LETTERS[a], direct, spaced))
    return rules


def _break_pattern(rules: list[tuple[str, str, str]]) -> re.Pattern[str]:
    """Break opportunities between plain classes: after ``a`` directly before ``b`` when the
    pair rule is direct, or after ``a`` and a run of spaces before ``b`` when it is direct or
    indirect. Each match ends where a break is possible (one of the two ways at most matches at
    a start: ``b`` is never a space). Every alternative starts with the character it consumes,
    which the regex engine checks first."""
    alike: dict[tuple[str, str], str] = {}  # (direct, spaced) -> the classes of those rules
    for ch, direct, spaced in rules:
        alike[(direct, spaced)] = alike.get((direct, spaced), "") + ch
    alternatives = []
    for (direct, spaced), chars in alike.items():
        ways = []
        if direct:
            ways.append(f"(?=[{direct}])")
        if spaced:
            ways.append(f"{_SPACE_CHAR}+(?=[{spaced}])")
        if ways:
            alternatives.append(f"{_one_of(chars)}(?:{'|'.join(ways)})")
    return re.compile("|".join(alternatives) or "(?!)")


def _one_of(chars: str) -> str:
    """A regex matching one of the class letters ``chars``. The break patterns join classes of
    the same rules into one alternative: a third fewer alternatives to compile (the patterns
    were 2% of a whole ``l10n`` merge run) and to try."""
    return chars if len(chars) == 1 else f"[{chars}]"


def _reversed_break_pattern(rules: list[tuple[str, str, str]]) -> re.Pattern[str]:
    """:func:`_break_pattern` for the reversed class string: a match starts at index ``j`` of
    the reversed string when a line may start at index ``len - j`` of the text (only where
    matches start matters, not which alternative matches). Every alternative starts with the
    character it consumes, which the regex engine checks first; the ways through a run of
    spaces share that first character, and are grouped by the classes they allow before the
    spaces, so that few are tried at each space."""
    sp = _SPACE_CHAR
    after: dict[str, str] = {}  # the classes allowed before a class -> the classes of that rule
    for ch, direct, _ in rules:
        if direct:
            after[direct] = after.get(direct, "") + ch
    alternatives = [f"{_one_of(chars)}(?<=[{direct}]{_one_of(chars)})"
                    for direct, chars in after.items()]
    before_spaces: dict[str, str] = {}  # the classes allowed after the spaces -> those before
    for ch, _, spaced in rules:
        if spaced:
            before_spaces[spaced] = before_spaces.get(spaced, "") + ch
    if before_spaces:
        ways = "|".join(
            f"(?<=[{after}]{sp}){sp}*[{before}]" for after, before in before_spaces.items()
        )
        alternatives.append(f"{sp}(?:{ways})")
    return re.compile("|".join(alternatives) or "(?!)")


def simple_line_starts(
    escaped: str, width: int, start_column: int, overrides: Sequence[int]
) -> list[int] | None:
    """The same result as the per-character algorithm for text made of one-column characters
    with plain pair-table classes (most prose), computed with regular expressions; None when
    the text has other characters."""
    plain = _plain_classes(escaped)
    if plain is None:
        return None
    return _plain_starts(*plain, width, start_column, overrides)


def _first_break(classes: str, forward: re.Pattern[str], at: int, overrides: Sequence[int]) -> int:
    """The first index after ``at`` where a line may start and ``overrides`` allow it; -1 when
    there is none."""
    while (m := forward.search(classes, at)) is not None:
        if overrides[m.end()] != PROHIBITED:
            return m.end()
        at = m.end()
    return -1


def _plain_starts(
    classes: str, patterns: _Patterns, width: int, start_column: int, overrides: Sequence[int]
) -> list[int]:
    """:func:`simple_line_starts` from the class letters.

    The greedy filling of :func:`width_linebreaks` ends a line at the last break opportunity
    whose column is within ``width`` (at the first one after the line's start when none is),
    so each line costs one search backwards from its last column (in the reversed string),
    not one look at every opportunity of the text.
    """
    n = len(classes)
    result: list[int] = []
    start = 0  # where the current line starts
    column = start_column  # the column of ``start``
    reverse: str | None = None
    search_back = patterns.reversed.search
    while column + n - start > width:
        cut = -1
        # The last index whose column is <= width, which is before the end: the line is too long.
        last = start + width - column
        if last > start:
            if reverse is None:
                reverse = classes[::-1]
            j = n - last
            while (m := search_back(reverse, j, n - start)) is not None:
                j = m.start()
                if overrides[n - j] != PROHIBITED:
                    cut = n - j
                    break
                j += 1
        if cut < 0:  # no opportunity within the width: the line ends at the first one
            cut = _first_break(classes, patterns.forward, start, overrides)
        if cut < 0:
            break
        result.append(cut)
        start, column = cut, 0
    return result
