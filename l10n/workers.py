"""Worker processes that die with the run that started them.

``extract`` parses articles in a process pool. When the run is killed (SIGKILL, an OOM kill, a
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
