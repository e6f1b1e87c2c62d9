"""Catalog files on disk, read and written with the project's PO settings.

Every command that reads or writes a PO or POT file goes through here, and writing needs a
:class:`PoStyle`, built once from the configuration (:meth:`PoStyle.of`): no command can write
a catalog at another width than ``[po] width`` says, so ``l10n extract --check`` stays quiet
right after ``translate`` or ``run``. (The reader and writer themselves are :mod:`l10n.po`.)

It also owns the rule that protects other people's work: a command that plans a catalog from
the file it read replaces the file only while it still holds exactly those bytes
(:class:`Snapshot`, :func:`replace_catalog`). A translator saving in an editor does not take
``l10n``'s folder lock, so the bytes are compared again right before the rename; a change
seen there raises :class:`CatalogChanged` and the caller re-plans from the new file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import polib

from l10n.catalog.template import Template
from l10n.config import Config
from l10n.errors import CatalogError, PoSyntaxError
from l10n.fsutil import atomic_write_text, commit_staged
from l10n.po import Message, decode_po, format_messages, format_po, load_po, po_from_text, save_po


class CatalogChanged(CatalogError):
    """The file changed on disk since a plan was made from it: nothing was written."""


@dataclass(frozen=True)
class Snapshot:
    """What a catalog file held when it was read: the identity a later write checks."""

    digest: str | None
    """SHA-256 of the file's bytes; None when the file did not exist."""

    @classmethod
    def of_bytes(cls, data: bytes | None) -> Snapshot:
        """The snapshot of a file holding ``data`` (None: no file)."""
        return cls(None if data is None else hashlib.sha256(data).hexdigest())

    @classmethod
    def of_text(cls, text: str | None) -> Snapshot:
        """The snapshot of a file holding ``text`` as UTF-8 (None: no file)."""
        return cls.of_bytes(None if text is None else text.encode("utf-8"))

    @classmethod
    def of_file(cls, path: Path) -> Snapshot:
        """What ``path`` holds now."""
        return cls.of_bytes(_read_bytes(path))


def _read_bytes(path: Path) -> bytes | None:
    if path.is_dir():
        raise CatalogError("is a folder, expected a catalog file", path=path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CatalogError(f"cannot read: {exc.strerror or exc}", path=path) from exc


def read_catalog_text(path: Path) -> tuple[str | None, Snapshot]:
    """The decoded text of ``path`` (None when there is no file) and its snapshot, from one
    read (errors name the file and line, as :func:`load_catalog`'s)."""
    data = _read_bytes(path)
    return (None if data is None else decode_po(data, path)), Snapshot.of_bytes(data)


def _check_unchanged(path: Path, expected: Snapshot) -> None:
    if Snapshot.of_file(path) != expected:
        raise CatalogChanged(
            "the file changed on disk while l10n was working on it; nothing was overwritten",
            path=path,
        )


def replace_catalog(path: Path, text: str, expected: Snapshot) -> None:
    """Write ``text`` to ``path`` atomically if the file still holds what ``expected`` says,
    compared right before the rename; else raise :class:`CatalogChanged`, writing nothing.

    What remains: a save landing between that last read and the rename (microseconds) is
    still replaced; so is one by a writer that keeps the file open and writes later.
    """
    _check_unchanged(path, expected)
    atomic_write_text(path, text, before_replace=lambda: _check_unchanged(path, expected))


def replace_catalog_staged(path: Path, staged: Path, expected: Snapshot, *,
                           flushed: bool = False) -> None:
    """:func:`replace_catalog` with the new text already in the staged file ``staged``
    (:func:`l10n.fsutil.stage_bytes`), which is renamed into place (``flushed``: see
    :func:`l10n.fsutil.commit_staged`). The file is compared once, right before the rename:
    with the text already written there is nothing to spare by comparing it earlier too (one
    read and hash of every catalog less)."""
    commit_staged(staged, path, before_replace=lambda: _check_unchanged(path, expected),
                  flushed=flushed)


@dataclass(frozen=True)
class PoStyle:
    """How the project's catalogs are written."""

    width: int
    """Wrap width (msgcat's ``-w``); 0 never wraps (``--no-wrap``)."""

    @classmethod
    def of(cls, config: Config) -> PoStyle:
        """The style ``l10n.toml``'s ``[po]`` table asks for."""
        return cls(width=config.po_width)

    def format(self, po: polib.POFile | Template) -> str:
        """The text of ``po`` (a catalog, or a template as :func:`l10n.catalog.template.build_template`
        builds it) in this style."""
        if isinstance(po, Template):
            return "".join(self.format_parts(po.header(), po.messages))
        return format_po(po, width=self.width)

    def format_parts(self, header: Message | None, messages: Sequence[Message]) -> tuple[str, str]:
        """The text of a catalog given in the writer's form (a template), in this style: the
        header's text and the entries' (:func:`l10n.po.format_messages`)."""
        return format_messages(header, messages, width=self.width)

    def save(self, path: Path, po: polib.POFile) -> bool:
        """Write ``po`` to ``path`` atomically, only if its bytes change; whether it wrote."""
        return save_po(path, po, width=self.width)

    def replace(self, path: Path, po: polib.POFile, expected: Snapshot) -> Snapshot:
        """Write ``po`` to ``path`` as :func:`replace_catalog` does (only if its bytes change,
        only while the file is still the ``expected`` one); the snapshot of the file after."""
        text = self.format(po)
        after = Snapshot.of_text(text)
        if after != expected:
            replace_catalog(path, text, expected)
        return after


def load_catalog(path: Path) -> polib.POFile:
    """Read a PO or POT file (errors name the file and line)."""
    return load_po(path)


def load_catalog_snapshot(path: Path) -> tuple[polib.POFile, Snapshot]:
    """Read a PO or POT file and the snapshot of the bytes it was read from."""
    text, snapshot = read_catalog_text(path)
    if text is None:
        raise PoSyntaxError("no such file", path=path)
    return po_from_text(text, path), snapshot


def catalog_from_text(text: str, path: Path) -> polib.POFile:
    """The catalog of file ``path`` from its already decoded ``text`` (no second read)."""
    return po_from_text(text, path)
