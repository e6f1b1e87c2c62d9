"""Worker processes that die with the run that started them.

``extract``, ``build`` and ``status`` work through their articles in a process pool
(:func:`ordered_map`). When the run is killed (SIGKILL, an OOM kill, a
CI timeout), nothing tells the workers, and they would go on parsing for nobody. Each worker
asks the Linux kernel to kill it when its parent dies (``prctl(PR_SET_PDEATHSIG)``) and, on
every system, watches its parent from a thread and exits when it is gone.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

PR_SET_PDEATHSIG = 1
"""``prctl`` option: the signal this process gets when its parent thread exits (linux/prctl.h)."""

POLL_SECONDS = 0.5
"""How often a worker checks that its parent is still there."""


def die_with_parent(parent: int) -> None:
    """Pool initializer: end this process when the process ``parent`` (the run) is gone."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError, TypeError):
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    direct = os.getppid() == parent
    if not direct and not _exists(parent):  # the parent died before prctl took effect
        os._exit(1)
    threading.Thread(target=_watch, args=(parent, direct), name="l10n-parent-watch",
                     daemon=True).start()


def _exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _watch(parent: int, direct: bool) -> None:
    """Exit once ``parent`` is gone: a child of it is handed to another process when it dies
    (even while it is a zombie); otherwise (a forkserver's child) its pid stops existing."""
    while os.getppid() == parent if direct else _exists(parent):
        time.sleep(POLL_SECONDS)
    os._exit(1)


T = TypeVar("T")
R = TypeVar("R")

MAX_WORKERS = 8
"""No more worker processes than this, however many cores."""
MIN_ITEMS = 8
"""Fewer items than this are done in this process: starting workers would cost more."""
IN_FLIGHT = 4
"""Items handed to each worker ahead of the one being collected: enough to keep every core
busy, few enough that memory stays bounded by the largest item, not by the project."""


def ordered_map(func: Callable[[T], R], items: Sequence[T], *,
                local: Callable[[T], R | None] | None = None) -> Iterator[R]:
    """``func`` over ``items``, the results in order; on every core (up to
    :data:`MAX_WORKERS`) when there are :data:`MIN_ITEMS` or more, in worker processes that die
    with this one (:func:`die_with_parent`). Only ``workers * IN_FLIGHT`` items are handed out
    ahead of the result being collected, so results never pile up. ``local`` (called here, in
    order, as each item is handed out) answers the items it can: when it returns a result,
    ``func`` is not called for that item. An exception of ``func`` is raised when its item's
    turn comes, after the results of the items before it."""
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    if workers < 2 or len(items) < MIN_ITEMS:
        for item in items:
            known = local(item) if local is not None else None
            yield func(item) if known is None else known
        return
    pool = ProcessPoolExecutor(max_workers=workers, initializer=die_with_parent,
                               initargs=(os.getpid(),))
    try:
        pending: deque[Future[R] | R] = deque()
        ahead = iter(items)

        def hand_out() -> None:
            for item in ahead:
                known = local(item) if local is not None else None
                pending.append(pool.submit(func, item) if known is None else known)
                if len(pending) >= workers * IN_FLIGHT:
                    return

        hand_out()
        while pending:
            first = pending.popleft()
            result = first.result() if isinstance(first, Future) else first
            hand_out()
            yield result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
