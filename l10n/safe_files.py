"""Which files l10n may open: regular files inside the project, never through a link out of it.

Articles, catalogs and built articles are found by name under the configured folders, and a
name there can be a symbolic link to ``/proc/self/environ`` or to any file of the user, a FIFO
that blocks every reader, or a device such as ``/dev/zero`` that never ends. This module is the
one place that decides whether such a path may be opened: every component below the configured
folder is looked at with ``lstat`` before anything is opened, a file is opened non-blocking and
checked again on its descriptor, and reading stops at a size limit. Its errors name the path
(and a line or byte offset) and never show what the file holds.
"""

from __future__ import annotations

import functools
import os
import re
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from l10n.errors import L10nError, SourceError

SymlinkPolicy = Literal["refuse", "inside"]
"""``refuse``: a symbolic link below a configured folder is an error; ``inside``: it is followed
when its target is inside the project (``[paths] symlinks``)."""

SYMLINK_POLICIES: tuple[SymlinkPolicy, ...] = ("refuse", "inside")
"""The values of ``[paths] symlinks``."""

MAX_SOURCE_BYTES = 50 * 1024 * 1024
"""Default size limit of a source article (``[paths] max_source_mb = 50``)."""

_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f]")
"""C0 control characters other than tab, line feed, form feed and carriage return: never text
of an article (a NUL or EOT is a sign of a binary or UTF-16 file, an ESC of terminal codes)."""

_CONTROL_BYTES = bytes(b for b in range(0x80) if _CONTROL.match(chr(b)))
"""The bytes of :data:`_CONTROL` in UTF-8 (each its own ASCII byte, which no other character's
encoding holds): a file is checked by deleting them in C, ten times faster than a regular
expression search over its text; the search runs only to place one that is there."""


@functools.cache
def _name_control() -> re.Pattern[str]:
    """Characters a one-line name cannot hold: C0, DEL, C1 and the Unicode line separators.
    Compiled on first use: the class beyond Latin-1 costs a PO merge run 2.4M instructions to
    compile (0.15%), and only names of sources and error messages need it."""
    return re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISLNK, "a symbolic link"),
)


def kind_of(mode: int) -> str:
    """What a file of ``st_mode`` ``mode`` is, for a message (``a named pipe (FIFO)``)."""
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def shown(path: Path | str) -> str:
    """``path`` printable on one line: bytes that are not UTF-8 and control characters escaped."""
    raw = os.fsencode(path).decode("utf-8", "backslashreplace")
    return _name_control().sub(lambda m: ascii(m.group())[1:-1], raw)


def check_path(
    base: Path,
    path: Path,
    *,
    symlinks: SymlinkPolicy,
    inside: Sequence[Path],
    error: type[L10nError],
) -> None:
    """Raise ``error`` naming the component unless every existing component of ``path`` below
    the folder ``base`` is a folder, and the last one (when it exists) a regular file.

    A symbolic link is refused, or with ``symlinks="inside"`` followed only when its target is
    inside one of the folders ``inside`` (resolved paths). A missing component ends the walk: a
    file that is to be created is fine. Nothing is opened.
    """
    parts = path.relative_to(base).parts
    current = base
    for i, part in enumerate(parts):
        current = current / part
        last = i == len(parts) - 1
        try:
            st = os.lstat(current)
        except FileNotFoundError:
            return
        except OSError as exc:
            raise error(f"cannot read: {exc.strerror or exc}", path=shown(current)) from exc
        if stat.S_ISLNK(st.st_mode):
            if symlinks == "refuse":
                raise error(
                    "is a symbolic link; l10n reads and writes only regular files inside the "
                    "project (set [paths] symlinks = \"inside\" to follow links that stay inside it)",
                    path=shown(current),
                )
            target = Path(os.path.realpath(current))
            if not any(target.is_relative_to(folder) for folder in inside):
                raise error(
                    "is a symbolic link to a place outside the project; l10n reads and writes "
                    "only files inside it",
                    path=shown(current),
                )
            try:
                st = os.stat(current)
            except OSError:
                return  # a dangling link: reading reports it; a write replaces the link itself
        if last and not stat.S_ISREG(st.st_mode):
            if stat.S_ISDIR(st.st_mode):
                raise error("is a folder, expected a file", path=shown(current))
            raise error(
                f"is {kind_of(st.st_mode)}, not a regular file; l10n reads and writes regular "
                "files only",
                path=shown(current),
            )
        if not last and not stat.S_ISDIR(st.st_mode):
            raise error(f"is {kind_of(st.st_mode)}, expected a folder", path=shown(current))


def read_regular_bytes(path: Path, *, limit: int, error: type[L10nError] = SourceError) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    Checked before opening (``stat``), opened non-blocking (a FIFO swapped in cannot hang the
    run) and checked again on the descriptor; a larger file is an error, so a device or a huge
    file never fills the memory.
    """
    try:
        before = os.stat(path)
        if not stat.S_ISREG(before.st_mode):
            raise error(_not_regular(before.st_mode), path=shown(path))
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError as exc:
        raise error("no such file", path=shown(path)) from exc
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror or exc}", path=shown(path)) from exc
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise error(_not_regular(st.st_mode), path=shown(path))
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror or exc}", path=shown(path)) from exc
    finally:
        os.close(fd)
    if size > limit:
        raise error(
            f"is larger than the limit of {limit // (1024 * 1024)} MB for an article "
            "([paths] max_source_mb); is it really an article?",
            path=shown(path),
        )
    return b"".join(chunks)


def _not_regular(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is a folder, expected a file"
    return f"is {kind_of(mode)}, not a regular file; l10n reads regular files only"


_CHARSET = re.compile(rb"""<meta\s[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page's ``<meta charset>`` (or ``<meta http-equiv>``) names in its
    first 1024 bytes, where browsers look for it, in lower case; None without one."""
    found = _CHARSET.search(data[:1024])
    return found.group(1).decode("ascii").lower() if found else None


def decode_source(data: bytes, path: Path | str) -> str:
    """``data``, the bytes of the article ``path``, as text: UTF-8 with no control characters
    but tab, line feed, form feed and carriage return. Errors give the line and column (or byte
    offset) and never quote the text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError(
            "is UTF-16 (it starts with a UTF-16 byte order mark); convert it to UTF-8, e.g. "
            "with iconv -f UTF-16 -t UTF-8",
            path=shown(path),
        )
    if _looks_utf16(data):
        raise SourceError(
            "looks like UTF-16 without a byte order mark (every other byte is NUL); convert "
            "it to UTF-8, e.g. with iconv -f UTF-16LE -t UTF-8",
            path=shown(path),
            line=1,
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        charset = declared_charset(data)
        if charset is not None and charset.replace("-", "") != "utf8":
            raise SourceError(
                f"is in {charset}, as its <meta charset> says (byte 0x{data[exc.start]:02x} at "
                f"offset {exc.start} is not UTF-8); l10n reads UTF-8 pages: convert it with "
                f"iconv -f {charset} -t UTF-8 and declare <meta charset=\"utf-8\">",
                path=shown(path),
                line=line,
            ) from exc
        raise SourceError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "convert the file to UTF-8, e.g. with iconv",
            path=shown(path),
            line=line,
        ) from exc
    m = _CONTROL.search(text) if len(data.translate(None, _CONTROL_BYTES)) != len(data) else None
    if m is not None:
        line = text.count("\n", 0, m.start()) + 1
        column = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        raise SourceError(
            f"column {column}: control character U+{ord(m.group()):04X} "
            f"(byte offset {len(text[: m.start()].encode('utf-8'))}); an article is text: "
            "remove it, or convert the file to UTF-8 if it is in another encoding",
            path=shown(path),
            line=line,
        )
    return text


def _looks_utf16(data: bytes) -> bool:
    head = data[:4096]
    if len(head) < 4 or b"\x00" not in head:
        return False
    even, odd = head[0::2], head[1::2]
    return even.count(0) >= 0.9 * len(even) or odd.count(0) >= 0.9 * len(odd)


def read_source_text(path: Path, *, limit: int = MAX_SOURCE_BYTES) -> str:
    """Read the article ``path`` exactly (no newline translation) with :func:`read_regular_bytes`
    and :func:`decode_source`."""
    return decode_source(read_regular_bytes(path, limit=limit), path)


def name_problem(rel: str) -> str | None:
    """Why an article named ``rel`` (relative to the source folder) cannot be used, or None.

    Its name goes into the ``#:`` lines of every catalog, which hold one line of UTF-8 text:
    a name that is not UTF-8 or holds a line break, tab or other control character is refused.
    """
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        return "the file name is not valid UTF-8; rename the file (e.g. with convmv)"
    if _name_control().search(rel):
        return ("the file name holds a line break, tab or other control character, which a "
                "PO file's '#:' line cannot hold; rename the file")
    return None
