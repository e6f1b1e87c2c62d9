"""PO and POT files on disk: the one reader (:func:`load_po`), the atomic writer, MO output.

Every command reads catalogs through :func:`load_po`, so a file that is not UTF-8, holds an
invalid UTF-8 byte or a NUL byte, or declares another charset gets the same one-line
``FILE:LINE: ...`` error that says what to do, whichever command met it. Parsing the text is
:mod:`l10n.po.read`'s job, what ``msgfmt -c`` checks after the grammar
:mod:`l10n.po.msgfmt_check`'s, formatting it :mod:`l10n.po.write`'s. These UTF-8 rules (with
non-ASCII text in a file that declares no charset) are the only files ``msgfmt -c`` accepts that
``l10n`` refuses: it cannot work on text whose encoding it cannot be sure of.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib

from l10n.errors import CatalogError, PoSyntaxError
from l10n.fsutil import atomic_write_bytes
from l10n.gc_pause import gc_paused
from l10n.po.header import HEADER_ATTR, header_charset
from l10n.po.msgfmt_check import msgfmt_problem
from l10n.po.read import parse_po
from l10n.po.write import DEFAULT_WIDTH, format_po, header_msgstr

__all__ = ["compile_mo", "decode_po", "load_po", "save_po"]

_CHARSET = re.compile(rb"charset=([^\s\"\\]+)")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _convert_hint(path: Path) -> str:
    return f"convert it with `msgconv --to-code=UTF-8 {path} -o {path}`"


def decode_po(data: bytes, path: Path) -> str:
    """The text of the bytes of the PO file ``path``, or the :class:`PoSyntaxError` (file, line,
    what to do) that :func:`load_po` raises when they are not UTF-8 text without NUL bytes."""
    if data.startswith(_UTF16_BOMS):
        raise PoSyntaxError(
            f"the file is encoded as UTF-16; l10n reads UTF-8 only: {_convert_hint(path)}",
            path=path,
            line=1,
        )
    nul = data.find(b"\0")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if 0 <= nul < exc.start:
            raise _nul_error(data, nul, path) from None
        line = _line_of(data, exc.start)
        byte = f"byte 0x{data[exc.start]:02x} is not valid UTF-8"
        declared = _CHARSET.search(data)
        name = declared.group(1).decode("ascii", "replace") if declared else None
        if name is not None and name.upper() not in ("UTF-8", "CHARSET"):
            raise PoSyntaxError(
                f"{byte}: the header declares charset={name} and l10n reads UTF-8 only; "
                + _convert_hint(path),
                path=path,
                line=line,
            ) from exc
        raise PoSyntaxError(
            f"{byte}; the file must be UTF-8 text: fix that line, or if the whole file is in "
            f"another encoding, declare its charset in the header and {_convert_hint(path)}",
            path=path,
            line=line,
        ) from exc
    if nul >= 0:
        raise _nul_error(data, nul, path)
    return text


def _nul_error(data: bytes, offset: int, path: Path) -> PoSyntaxError:
    return PoSyntaxError(
        "NUL byte (0x00) in the file; a PO file is text: remove it (is this a binary MO file?)",
        path=path,
        line=_line_of(data, offset),
    )


def load_po(path: Path) -> polib.POFile:
    """Read a PO or POT file: UTF-8 only, then :func:`l10n.po.parse_po`.

    The header's charset must be UTF-8, or absent / empty / ``CHARSET`` (a template) when the
    file is ASCII. Raises :class:`PoSyntaxError` with the file and line for what cannot be read: a
    folder or missing file, another encoding (naming the charset the header declares and the
    ``msgconv`` command that converts the file), an invalid UTF-8 byte, a NUL byte, a syntax
    error.
    """
    path = Path(path)
    if path.is_dir():
        raise PoSyntaxError("is a folder, expected a PO file", path=path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise PoSyntaxError("no such file", path=path) from exc
    except OSError as exc:
        raise PoSyntaxError(f"cannot read: {exc.strerror or exc}", path=path) from exc
    return po_from_text(decode_po(data, path), path)


@gc_paused
def po_from_text(text: str, path: Path) -> polib.POFile:
    """The catalog in ``text``, the decoded content of the file ``path`` (:func:`decode_po`),
    checked as :func:`load_po` checks a file: for a caller that has already read it.

    A PO file (not a ``.pot`` template) must also pass what ``msgfmt -c`` checks after the
    grammar (:mod:`l10n.po.msgfmt_check`)."""
    try:
        return _po_from_text(text, path)
    except PoSyntaxError as exc:
        raise _lone_cr_hint(exc, text) from None


_LONE_CR = re.compile(r"\r(?!\n)")


def _lone_cr_hint(exc: PoSyntaxError, text: str) -> PoSyntaxError:
    """``exc``, saying where a lone CR is when the file has one: gettext does not end a line
    there, so what follows it on the line is read as part of a comment or of the previous
    token, a frequent cause of the error."""
    found = _LONE_CR.search(text)
    if found is None or "CR" in exc.message:
        return exc
    line = text.count("\n", 0, found.start()) + 1
    return PoSyntaxError(
        f"{exc.message} (line {line} ends in a lone CR, which gettext does not take as a line "
        "end: save the file with LF line ends)",
        path=exc.path,
        line=exc.line,
    )


def _po_from_text(text: str, path: Path) -> polib.POFile:
    po = parse_po(text, path=path)
    header = getattr(po, HEADER_ATTR, None)
    charset = header_charset(header.msgstr) if header is not None else None
    if charset and charset.upper() != "UTF-8":
        raise PoSyntaxError(
            f"the header declares charset={charset}; l10n reads UTF-8 only: " + _convert_hint(path),
            path=path,
            line=header.linenum if header is not None else None,
        )
    if not charset and not text.isascii():
        for entry in po:
            strings = (
                entry.msgctxt, entry.msgid, entry.msgid_plural, entry.msgstr,
                entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural,
            )  # fmt: skip
            if not all(
                t is None or t.isascii() for t in strings + tuple(entry.msgstr_plural.values())
            ):
                raise PoSyntaxError(
                    "this entry has non-ASCII text but the header declares no charset; set "
                    '"Content-Type: text/plain; charset=UTF-8\\n" in the header',
                    path=path,
                    line=entry.linenum,
                )
    if Path(path).suffix != ".pot":
        problem = msgfmt_problem(po, text)
        if problem is not None:
            raise PoSyntaxError(problem.message, path=path, line=problem.line)
    po.fpath = str(path)
    return po


def save_po(path: Path, po: polib.POFile, *, width: int = DEFAULT_WIDTH) -> bool:
    """Write ``po`` as :func:`l10n.po.format_po` formats it, atomically, only if the bytes
    change.

    Returns whether the file was written.
    """
    path = Path(path)
    data = format_po(po, width=width).encode("utf-8")  # once, for the comparison and the write
    try:
        if path.is_file() and path.read_bytes() == data:
            return False
    except OSError as exc:
        raise CatalogError(f"cannot read: {exc.strerror or exc}", path=path) from exc
    atomic_write_bytes(path, data)
    return True


def compile_mo(po: polib.POFile) -> bytes:
    """The binary MO catalog of ``po``: translated, non-fuzzy entries and the header."""
    header = header_msgstr(po)
    mo = polib.POFile(encoding="utf-8")
    mo.extend(entry for entry in po if entry.translated())
    header_entry = polib.POEntry(msgid="", msgstr=header or "")
    mo.metadata_as_entry = lambda: header_entry
    data: bytes = mo.to_binary()
    return data
