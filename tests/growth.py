"""How much Python work a call does, counted rather than timed: the lines of ``l10n``'s own code
it executes (a loop runs its body's lines once per turn; comprehensions count per item too).

Tests compare the count for an input and for one twice as large: a linear step doubles it, a
quadratic one quadruples it, whatever else the machine is doing. C-level work (``str.count``, a
list's ``in``) is not seen; such steps need their own instrument.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import l10n

_PACKAGE = str(Path(l10n.__file__).resolve().parent)


def executed_lines(func: Callable[[], object]) -> int:
    """Lines of ``l10n``'s code executed by ``func()``."""
    count = 0

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return local

    def calls(frame: FrameType, event: str, arg: Any) -> Any:
        return local if frame.f_code.co_filename.startswith(_PACKAGE) else None

    previous = sys.gettrace()
    sys.settrace(calls)
    try:
        func()
    finally:
        sys.settrace(previous)
    return count


def clear_caches() -> None:
    """Empty every ``functools.lru_cache`` of ``l10n``'s modules, so each count starts cold."""
    for name, module in list(sys.modules.items()):
        if name == "l10n" or name.startswith("l10n."):
            for value in list(vars(module).values()):
                if isinstance(value, functools._lru_cache_wrapper):
                    value.cache_clear()


def growth(func: Callable[[int], object], n: int) -> float:
    """``executed_lines`` of ``func(2 * n)`` divided by that of ``func(n)`` (2.0 is linear),
    each from cold caches."""
    func(2)  # lazy imports and one-time set-up, which would count once

    def cold(size: int) -> int:
        clear_caches()
        return executed_lines(lambda: func(size))

    return cold(2 * n) / cold(n)
