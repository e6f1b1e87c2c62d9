"""Safe file writes: atomic replacement and advisory locks.

A reader never sees a half-written PO file or article, and two ``l10n`` runs on the same
project cannot interleave their writes.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from l10n.errors import CatalogError


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
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_dir():
            raise CatalogError("is a folder, expected a file", path=path)
        mode = path.stat().st_mode & 0o7777 if path.exists() else None
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".l10n-tmp")
    except CatalogError:
        raise
    except OSError as exc:
        raise CatalogError(f"cannot write: {exc.strerror or exc}", path=path) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
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
def locked(folder: Path, *, wait: bool = True) -> Iterator[None]:
    """Hold an exclusive advisory lock on ``folder`` for the duration of the block.

    The lock is taken on the folder itself (``flock`` on a directory descriptor), so no lock
    file is left behind. Two ``l10n`` runs writing the same ``locales/`` folder serialize here;
    with ``wait=False`` a held lock raises :class:`CatalogError` at once instead of blocking.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder, os.O_RDONLY)
    except OSError as exc:
        raise CatalogError(f"cannot open folder: {exc.strerror or exc}", path=folder) from exc
    try:
        flags = fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB)
        try:
            fcntl.flock(fd, flags)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise CatalogError(
                    "another l10n run is writing this folder; try again when it ends", path=folder
                ) from exc
            raise
        yield
    finally:
        os.close(fd)


def read_source_text(path: Path) -> str:
    """Read a UTF-8 text file exactly (no newline translation), with one-line errors."""
    from l10n.errors import SourceError

    if path.is_dir():
        raise SourceError("is a folder, expected a file", path=path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror or exc}", path=path) from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "convert the file to UTF-8, e.g. with iconv",
            path=path,
            line=line,
        ) from exc
