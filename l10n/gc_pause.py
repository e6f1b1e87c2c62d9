"""Pausing Python's cyclic garbage collector while a catalog is read, merged or written, or an
article planned: the one owner of when ``l10n`` does so.

Reading, merging or formatting a catalog allocates a few objects per entry (the entry, its lists,
tuples and dicts) and keeps them all, none of them in a reference cycle. Each 700 allocations the
collector would walk the young objects, and every so often all of them, to find no garbage: about
a tenth of the work of a load. Paused, it walks them once, at the next collection after the work.
Planning an article is the same: its blocks, segments and entries live until it is done.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

__all__ = ["gc_paused"]

P = ParamSpec("P")
R = TypeVar("R")


def gc_paused(function: Callable[P, R]) -> Callable[P, R]:
    """``function`` run with the cyclic collector paused (reference counting still frees
    everything that is not in a cycle); a collector paused by the caller stays paused."""

    @wraps(function)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        if not gc.isenabled():
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()

    return paused
