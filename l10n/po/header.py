"""The header entry of a PO file: its fields, its charset, and where a parsed one is kept.

The header is the entry with an empty msgid; polib exposes it as ``po.metadata``. The reader
also keeps the entry exactly as read (:data:`HEADER_ATTR`) so that the writer can give back its
exact text while the metadata says the same thing.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["HEADER_ATTR", "header_charset", "parse_metadata"]

HEADER_ATTR: Final = "l10n_header_entry"
"""Attribute of a parsed ``POFile`` holding the header ``POEntry`` exactly as it was read."""


def header_charset(header_msgstr: str) -> str | None:
    """The ``charset=`` of a header msgstr as gettext finds it; None when absent or ``CHARSET``."""
    at = header_msgstr.find("charset=")
    if at < 0:
        return None
    value = re.split(r"[ \t\n]", header_msgstr[at + len("charset=") :], maxsplit=1)[0]
    return None if value == "CHARSET" else value


def parse_metadata(msgstr: str) -> dict[str, str]:
    """Header fields as polib reads them (``Key: value`` lines; others continue the last key)."""
    metadata: dict[str, str] = {}
    key: str | None = None
    for line in msgstr.split("\n"):
        if not line:
            continue
        name, colon, value = line.partition(":")
        if colon:
            key = name
            metadata[key] = value.strip()
        elif key is not None:
            metadata[key] += "\n" + line.strip()
    return metadata
