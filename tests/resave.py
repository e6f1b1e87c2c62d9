"""Re-save a PO file the way other tools do: polib, Babel, Translate Toolkit and msgcat, each
at a given width (the test oracles for provenance and state surviving other tools)."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import polib
from babel.messages import pofile as babel_po
from translate.storage import po as toolkit_po


def with_polib(path: Path, width: int) -> None:
    po = polib.pofile(str(path), wrapwidth=width)
    po.save(str(path))


def with_babel(path: Path, width: int) -> None:
    with path.open("rb") as f:
        catalog = babel_po.read_po(f)
    with path.open("wb") as f:
        babel_po.write_po(f, catalog, width=width, include_previous=True)


def with_toolkit(path: Path, width: int) -> None:
    store = toolkit_po.pofile(width=width)
    store.parse(path.read_bytes())
    path.write_bytes(bytes(store))


def with_msgcat(path: Path, width: int) -> None:
    subprocess.run(["msgcat", f"--width={width}", "-o", str(path), str(path)], check=True)


TOOLS: dict[str, Callable[[Path, int], None]] = {
    "polib": with_polib,
    "babel": with_babel,
    "toolkit": with_toolkit,
    "msgcat": with_msgcat,
}
"""Every re-saving tool, by name."""
