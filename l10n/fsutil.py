"""Safe file writes: atomic replacement and advisory locks.

A reader never sees a half-written PO file or article, and two ``l10n`` runs on the same
project cannot interleave their writes. Temporary files have short names of their own
(``.l10n-XXXXXXXX.l10n-tmp``, so a file name of 255 bytes still gets one) and a run that was
killed before it could rename them leaves them behind: the next run that takes the folder's
lock removes them (:func:`remove_leftovers`), at once when they were written under the lock,
after an hour when not (``.l10n-u-XXXXXXXX.l10n-tmp``: that writer may still be running).

A run that must validate a whole project before replacing any file (``extract``) stages its new
files instead (:func:`staging`, :func:`stage_bytes`): a private folder
``.l10n-stage-XXXXXXXX`` under the folder it writes, on the same filesystem, holds each new file
complete as soon as it is planned, so the run's memory is bounded by one article, not the
project; once everything is validated each staged file is renamed into place
(:func:`commit_staged`), so a crash still leaves every file old or new. The staging folder is
locked (``flock``) by its run; the sweep of a later run removes it once no run holds it.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import functools
import os
import re
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Final

from l10n.errors import CatalogError
from l10n.safe_files import read_source_text

__all__ = ["atomic_write_bytes", "atomic_write_chunks", "atomic_write_text", "commit_staged",
           "flush_stage", "flushing_behind", "locked", "read_source_text", "remove_leftovers",
           "stage_bytes", "staging"]

TEMP_PREFIX = ".l10n-"
UNLOCKED_PREFIX = ".l10n-u-"
"""Temporary files written outside a held folder lock (``l10n review``'s page, a memory export):
another run's sweep removes them only once they are :data:`UNLOCKED_AGE` seconds old."""
UNLOCKED_AGE = 3600.0
TEMP_SUFFIX = ".l10n-tmp"
_LEFTOVER = re.compile(r"\..*\.l10n-tmp")
"""Our temporary files: this module's names, and the longer ``.<name>.XXXXXXXX.l10n-tmp`` of
earlier releases."""
STAGE_PREFIX = ".l10n-stage-"
"""Name start of a staging folder (:func:`staging`)."""
STAGED_SUFFIX = ".staged"
"""Ending of a staged file: never ``.po``, so nothing reading catalogs takes one for a catalog."""

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
    mode, fd, tmp = _temporary(path)
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
        os.chmod(tmp, mode)
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


def _temporary(path: Path) -> tuple[int, int, str]:
    """The permission bits ``path`` gets (:func:`_target_mode`), and a new temporary file
    beside it (descriptor, name), named so that a sweep of leftovers finds it."""
    try:
        mode = _target_mode(path)
        under_lock = any(path.parent.resolve().is_relative_to(folder) for folder in _held)
        prefix = TEMP_PREFIX if under_lock else UNLOCKED_PREFIX
        fd, tmp = _new_file(path.parent, prefix, TEMP_SUFFIX)
    except CatalogError:
        raise
    except OSError as exc:
        raise CatalogError(f"cannot write: {exc.strerror or exc}", path=path) from exc
    return mode, fd, tmp


def _new_file(folder: Path, prefix: str, suffix: str) -> tuple[int, str]:
    """A new empty file in ``folder`` that only its owner may read (descriptor, absolute name),
    made as :func:`tempfile.mkstemp` makes one: ``prefix``, eight random characters, ``suffix``.
    Not ``mkstemp`` itself: importing :mod:`tempfile` (with :mod:`shutil`, :mod:`random`, bz2,
    lzma) cost a whole ``l10n`` merge run 1%."""
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    for _ in range(_NAME_TRIES):
        name = os.path.abspath(os.path.join(folder, f"{prefix}{os.urandom(4).hex()}{suffix}"))
        try:
            return os.open(name, flags, 0o600), name
        except FileExistsError:
            continue  # taken: another random name
    raise FileExistsError(errno.EEXIST, f"no free temporary file name in {folder}")


_NAME_TRIES: Final = 10_000
"""Random names tried before giving up (``tempfile.TMP_MAX``): 32 random bits each, so a taken
name is a sign of something filling the folder on purpose, not bad luck."""


class WriteBatch:
    """Atomic writes of many files (``build``'s outputs), flushed to the disk together.

    Each file is written to a temporary file beside it; every :data:`limit` files, and when
    the block ends (normally or not), the batch flushes them all at once (one ``syncfs`` per
    filesystem, :func:`_flush`) and only then renames each into place. So a crash leaves
    every file its old or its new bytes, as with :func:`atomic_write_bytes`, without one
    ``fsync`` per file (about 2 ms each on a virtual disk), and the batch holds names, never
    texts. Temporary files of a batch that could not be committed are removed."""

    def __init__(self, limit: int = 64) -> None:
        self.limit = limit
        """How many files wait at most before they are flushed and renamed."""
        self.pending: list[tuple[str, Path]] = []
        """(temporary file, its target), written, not yet renamed."""

    def __enter__(self) -> WriteBatch:
        return self

    def __exit__(self, *exc: object) -> None:
        self.commit()

    def write_text(self, path: Path, text: str) -> None:
        """Put ``text`` (UTF-8) in ``path`` at the next commit."""
        mode, fd, tmp = _temporary(path)
        self.pending.append((tmp, path))
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(text.encode("utf-8"))
            os.chmod(tmp, mode)
        except OSError as exc:
            self.discard()
            raise CatalogError(f"cannot write: {exc.strerror or exc}", path=path) from exc
        if len(self.pending) >= self.limit:
            self.commit()

    def commit(self) -> None:
        """Flush every pending file to the disk, then rename each into place."""
        if not self.pending:
            return
        try:
            _flush([tmp for tmp, _ in self.pending])
        except OSError as exc:
            self.discard()
            raise CatalogError(f"cannot write: {exc.strerror or exc}", path=self.pending_path) from exc
        while self.pending:
            tmp, path = self.pending[0]
            try:
                os.replace(tmp, path)
            except OSError as exc:
                self.discard()
                raise CatalogError(f"cannot write: {exc.strerror or exc}", path=path) from exc
            del self.pending[0]

    @property
    def pending_path(self) -> Path | None:
        """The first file waiting, for an error message."""
        return self.pending[0][1] if self.pending else None

    def discard(self) -> None:
        """Remove the pending temporary files (their targets stay as they are)."""
        for tmp, _ in self.pending:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        self.pending.clear()


def _flush(files: list[str]) -> None:
    """Flush ``files`` to the disk: one ``syncfs(2)`` for each filesystem they are on, where
    the C library has it; else one ``fsync`` each."""
    folders: dict[int, str] = {}
    for name in files:
        folder = os.path.dirname(name)
        folders.setdefault(os.stat(folder).st_dev, folder)
    for folder in folders.values():
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            synced = _syncfs(fd)
        finally:
            os.close(fd)
        if not synced:
            for name in files:
                _fsync_file(name)
            return


def _fsync_file(name: str | Path) -> None:
    """``fsync`` the file ``name``."""
    fd = os.open(name, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _target_mode(path: Path) -> int:
    """The permission bits a new version of ``path`` gets: the file's own when it exists, else
    what the umask leaves of 0666; its folder is created. Raises :class:`CatalogError` when
    ``path`` is a folder, :class:`OSError` when the folder cannot be made."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_dir():
        raise CatalogError("is a folder, expected a file", path=path)
    if path.exists():
        return path.stat().st_mode & 0o7777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextlib.contextmanager
def staging(folder: Path) -> Iterator[Path]:
    """A new staging folder under ``folder`` (made if missing) for the block: the files a run
    means to write there, staged by :func:`stage_bytes` and moved into place by
    :func:`commit_staged`. It is locked for as long as the block runs, so no other run's sweep
    (:func:`remove_leftovers`) takes it, and removed with whatever is left in it at the end,
    whatever happens; a ``folder`` the block made is removed too when it is left empty (a run
    that failed leaves the project as it found it). A run killed on the way leaves its staging
    folder behind, unlocked: the next run that takes ``folder``'s lock removes it."""
    made = not folder.is_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path, fd = _new_stage(folder)
    except OSError as exc:
        raise CatalogError(f"cannot make a staging folder: {exc.strerror or exc}", path=folder) from exc
    try:
        yield path
    finally:
        try:
            _remove_tree(path)
        finally:
            os.close(fd)
        if made:
            with contextlib.suppress(OSError):
                folder.rmdir()


def _remove_tree(path: Path) -> None:
    """Remove the folder ``path`` and everything in it, as far as possible."""
    import shutil  # only staging folders are removed whole; a plain write never needs it

    shutil.rmtree(path, ignore_errors=True)


def _new_stage(folder: Path) -> tuple[Path, int]:
    """A staging folder made under ``folder`` and the descriptor holding its lock. A sweep
    could remove the folder between its making and its locking: it is made again then."""
    import tempfile  # only a run that stages files needs it (see _new_file)

    while True:
        path = Path(tempfile.mkdtemp(dir=folder, prefix=STAGE_PREFIX))
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            if os.path.samestat(os.lstat(path), os.fstat(fd)):
                return path, fd
        except FileNotFoundError:
            pass
        os.close(fd)


def stage_bytes(stage: Path, data: bytes) -> Path:
    """A new file in the staging folder ``stage`` holding ``data``: what :func:`commit_staged`
    moves into place. It is not yet flushed to the disk: :func:`flush_stage` flushes every
    staged file at once, far cheaper than one ``fsync`` per file (about 2 ms each on a virtual
    disk, hundreds of files per run). Any process may call it (extract's workers do)."""
    try:
        fd, name = _new_file(stage, "tmp", STAGED_SUFFIX)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        raise CatalogError(f"cannot write: {exc.strerror or exc}", path=stage) from exc
    return Path(name)


def flush_stage(stage: Path) -> None:
    """Flush every file staged in ``stage`` so far to the disk (:func:`_flush`), so that a
    rename that puts one in place can never leave an empty or partial file after a crash."""
    try:
        _flush([os.path.join(stage, name) for name in os.listdir(stage)
                if name.endswith(STAGED_SUFFIX)])
    except OSError as exc:
        raise CatalogError(f"cannot flush staged files: {exc.strerror or exc}", path=stage) from exc


@contextlib.contextmanager
def flushing_behind(stage: Path, interval: float = 0.1) -> Iterator[None]:
    """While the block runs, flush the filesystem of the staging folder ``stage`` to the disk
    every ``interval`` seconds from a background thread (``syncfs`` runs without the GIL), so
    the disk writes of the files staged so far overlap the planning of the next articles and
    the :func:`flush_stage` that must still follow the block, before the first rename, finds
    little left to write (it was ~0.12 s of a 5 MB extract's wall time, all at its end). Only
    an overlap, never a replacement of that flush; where ``syncfs`` is missing it does nothing."""
    try:
        fd = os.open(stage, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        yield
        return
    import threading  # only a run that stages files needs it

    stop = threading.Event()

    def flush() -> None:
        while not stop.wait(interval):
            if not _syncfs(fd):
                return

    thread = threading.Thread(target=flush, name="l10n-flush-behind", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        os.close(fd)


@functools.cache
def _libc_syncfs() -> Callable[[int], int] | None:
    """The C library's ``syncfs``, looked up once; None where it is missing."""
    import ctypes  # only a run that writes staged files needs it

    try:
        call: Callable[[int], int] = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None
    return call


def _syncfs(fd: int) -> bool:
    """``syncfs(fd)`` through the C library; False where it is missing or fails."""
    call = _libc_syncfs()
    return call is not None and call(fd) == 0


def commit_staged(
    staged: Path, path: Path, *, before_replace: Callable[[], None] | None = None,
    flushed: bool = False,
) -> None:
    """Put the file ``staged`` (:func:`stage_bytes`) in place of ``path`` with one rename, as
    :func:`atomic_write_bytes` does its temporary file: the permission bits of the file it
    replaces, ``before_replace`` right before the rename (if it raises, ``path`` is left as
    it is). ``flushed``: :func:`flush_stage` ran since the file was staged; else the file
    is flushed here first. A ``path`` on another filesystem than the staging folder (a linked
    folder) is written through :func:`atomic_write_bytes` instead."""
    try:
        os.chmod(staged, _target_mode(path))
        if not flushed:
            _fsync_file(staged)
    except OSError as exc:
        raise CatalogError(f"cannot write: {exc.strerror or exc}", path=path) from exc
    if before_replace is not None:
        before_replace()
    try:
        os.replace(staged, path)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise CatalogError(f"cannot write: {exc.strerror or exc}", path=path) from exc
        atomic_write_bytes(path, staged.read_bytes(), before_replace=before_replace)


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
    links), and the staging folders (:func:`staging`) no run holds any more; only call it holding
    the folder's lock, when no other run can be writing there.
    Files written without a lock (:data:`UNLOCKED_PREFIX`) may belong to a run that is still
    writing: they go once they are an hour old. Returns what was removed."""
    removed: list[Path] = []
    now = time.time()
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in [d for d in dirnames if d.startswith(STAGE_PREFIX)]:
            dirnames.remove(name)
            if _remove_dead_stage(Path(dirpath, name)):
                removed.append(Path(dirpath, name))
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


def _remove_dead_stage(path: Path) -> bool:
    """Remove the staging folder ``path`` if no run holds its lock; whether it did."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:
        return False
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False  # its run is still going
        _remove_tree(path)
        return True
    finally:
        os.close(fd)
