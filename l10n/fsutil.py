"""Safe file writes: atomic replacement and advisory locks.

A reader never sees a half-written PO file or article, and two ``l10n`` runs on the same
project cannot interleave their writes. Temporary files have short names of their own
(``.l10n-XXXXXXXX.l10n-tmp``, so a file name of 255 bytes still gets one) and a run that was
killed before it could rename them leaves them behind: the next run that takes the folder's
lock removes them (:func:`remove_leftovers`), at once when they were written under the lock,
after an hour when not (``.l10n-u-XXXXXXXX.l10n-tmp``: that writer may still be running).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from l10n.errors import CatalogError
from l10n.safe_files import read_source_text

__all__ = ["atomic_write_bytes", "atomic_write_chunks", "atomic_write_text", "locked", "read_source_text", "remove_leftovers"]

TEMP_PREFIX = ".l10n-"
UNLOCKED_PREFIX = ".l10n-u-"
"""Temporary files written outside a held folder lock (``l10n review``'s page, a memory export):
another run's sweep removes them only once they are :data:`UNLOCKED_AGE` seconds old."""
UNLOCKED_AGE = 3600.0
TEMP_SUFFIX = ".l10n-tmp"
_LEFTOVER = re.compile(r"\..*\.l10n-tmp")
"""Our temporary files: this module's names, and the longer ``.<name>.XXXXXXXX.l10n-tmp`` of
earlier releases."""

_held: set[Path] = set()
"""Folders this process holds the lock of (:func:`locked`)."""


def atomic_write_text(
    path: Path, text: str, *, before_replace: Callable[[], None] | None = None
) -> None:
    """Write ``text`` as UTF-8 to ``path`` through a temporary file and ``os.replace``.

    The file's permission bits are kept when it already exists. Raises :class:`CatalogError`
    naming the file when the folder cannot be created or written. ``before_replace`` runs
    right before the rename, the temporary file complete: if it raises, the temporary file is
    removed and ``path`` is left as it is (a last-moment "is it still the file I read?" check).
    """
    atomic_write_bytes(path, text.encode("utf-8"), before_replace=before_replace)


def atomic_write_bytes(
    path: Path, data: bytes, *, before_replace: Callable[[], None] | None = None
) -> None:
    """Byte-level twin of :func:`atomic_write_text`."""
    atomic_write_chunks(path, (data,), before_replace=before_replace)


def atomic_write_chunks(
    path: Path, chunks: Iterable[bytes], *, before_replace: Callable[[], None] | None = None
) -> None:
    """:func:`atomic_write_bytes` of the concatenation of ``chunks``, written as they come (a
    file larger than memory); an exception from ``chunks`` leaves ``path`` as it was."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_dir():
            raise CatalogError("is a folder, expected a file", path=path)
        mode = path.stat().st_mode & 0o7777 if path.exists() else None
        under_lock = any(path.parent.resolve().is_relative_to(folder) for folder in _held)
        prefix = TEMP_PREFIX if under_lock else UNLOCKED_PREFIX
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=TEMP_SUFFIX)
    except CatalogError:
        raise
    except OSError as exc:
        raise CatalogError(f"cannot write: {exc.strerror or exc}", path=path) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            try:
                for chunk in chunks:
                    handle.write(chunk)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        if before_replace is not None:
            try:
                before_replace()
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise CatalogError(f"cannot write: {exc.strerror or exc}", path=path) from exc


@contextlib.contextmanager
def locked(folder: Path, *, wait: bool = True, shared: bool = False) -> Iterator[None]:
    """Hold an exclusive advisory lock on ``folder`` for the duration of the block.

    The lock is taken on the folder itself (``flock`` on a directory descriptor), so no lock
    file is left behind. Two ``l10n`` runs writing the same ``locales/`` folder serialize here;
    with ``wait=False`` a held lock raises :class:`CatalogError` at once instead of blocking.
    Once the lock is held, temporary files a killed run left in the folder are removed.

    ``shared=True`` is the lock of a sharded run (``--shard I/N``, :mod:`l10n.project.shards`),
    whose files no other shard writes: shards hold it together, a whole-project run waits for
    all of them (and they for it). Files written under it get the :data:`UNLOCKED_PREFIX`
    temporary names, so another shard's sweep leaves them alone while they are young; the sweep
    still removes the temporary files of exclusive holders, none of which can be running.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder, os.O_RDONLY)
    except OSError as exc:
        raise CatalogError(f"cannot open folder: {exc.strerror or exc}", path=folder) from exc
    try:
        flags = (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | (0 if wait else fcntl.LOCK_NB)
        try:
            fcntl.flock(fd, flags)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise CatalogError(
                    "another l10n run is writing this folder; try again when it ends", path=folder
                ) from exc
            raise
        remove_leftovers(folder)
        if shared:
            yield
            return
        key = folder.resolve()
        _held.add(key)
        try:
            yield
        finally:
            _held.discard(key)
    finally:
        os.close(fd)


def remove_leftovers(folder: Path) -> list[Path]:
    """Delete the temporary files of :func:`atomic_write_bytes` under ``folder`` (not following
    links); only call it holding the folder's lock, when no other run can be writing there.
    Files written without a lock (:data:`UNLOCKED_PREFIX`) may belong to a run that is still
    writing: they go once they are an hour old. Returns what was removed."""
    removed: list[Path] = []
    now = time.time()
    for dirpath, _, filenames in os.walk(folder):
        for name in filenames:
            if not _LEFTOVER.fullmatch(name):
                continue
            path = Path(dirpath, name)
            with contextlib.suppress(OSError):
                st = os.lstat(path)
                young = now - st.st_mtime < UNLOCKED_AGE
                if stat.S_ISREG(st.st_mode) and not (name.startswith(UNLOCKED_PREFIX) and young):
                    os.unlink(path)
                    removed.append(path)
    return removed
