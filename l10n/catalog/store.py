"""Catalog files on disk, read and written with the project's PO settings.

Every command that reads or writes a PO or POT file goes through here, and writing needs a
:class:`PoStyle`, built once from the configuration (:meth:`PoStyle.of`): no command can write
a catalog at another width than ``[po] width`` says, so ``l10n extract --check`` stays quiet
right after ``translate`` or ``run``. (The reader and writer themselves are :mod:`l10n.po`.)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polib

from l10n.config import Config
from l10n.po import format_po, load_po, po_from_text, save_po


@dataclass(frozen=True)
class PoStyle:
    """How the project's catalogs are written."""

    width: int
    """Wrap width (msgcat's ``-w``); 0 never wraps (``--no-wrap``)."""

    @classmethod
    def of(cls, config: Config) -> PoStyle:
        """The style ``l10n.toml``'s ``[po]`` table asks for."""
        return cls(width=config.po_width)

    def format(self, po: polib.POFile) -> str:
        """The text of ``po`` in this style."""
        return format_po(po, width=self.width)

    def save(self, path: Path, po: polib.POFile) -> bool:
        """Write ``po`` to ``path`` atomically, only if its bytes change; whether it wrote."""
        return save_po(path, po, width=self.width)


def load_catalog(path: Path) -> polib.POFile:
    """Read a PO or POT file (errors name the file and line)."""
    return load_po(path)


def catalog_from_text(text: str, path: Path) -> polib.POFile:
    """The catalog of file ``path`` from its already decoded ``text`` (no second read)."""
    return po_from_text(text, path)
