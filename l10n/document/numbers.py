"""Numbers in prose: the one definition of "a number" that checks, masking and merging share.

A number is a run of digits, possibly joined to further runs by single separator characters:
``1,234.5``, ``1 234,5`` (a no-break or narrow no-break space groups thousands in French),
``12:30``, ``2022-03-01``. Which separators join depends on what the caller needs, so the
choices are an explicit table (:data:`JOINERS`); the digits rule is the same for all.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

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
