"""Parsed messages into polib's ``POFile``: the one place both PO readers build entries.

The strict parser (:mod:`l10n.po.read`) and the fast path for plain entries (:mod:`l10n.po.scan`)
find the same messages; :class:`CatalogBuilder` turns each into a ``POEntry`` (or the header),
so the two cannot disagree on what an entry holds.
"""

from __future__ import annotations

from pathlib import Path

import polib

from l10n.errors import PoSyntaxError
from l10n.po.comments import CommentState
from l10n.po.header import HEADER_ATTR, parse_metadata
from l10n.po.write import DEFAULT_WIDTH

__all__ = ["CatalogBuilder", "Previous", "new_entry"]

Previous = tuple[str | None, str, str | None]
"""The ``#|`` msgctxt, msgid and msgid_plural of an entry."""


def new_entry(
    *,
    msgid: str,
    msgstr: str,
    msgid_plural: str,
    msgstr_plural: dict[int, str],
    msgctxt: str | None,
    obsolete: bool,
    comment: str,
    tcomment: str,
    occurrences: list[tuple[str, str]],
    flags: list[str],
    previous_msgctxt: str | None,
    previous_msgid: str | None,
    previous_msgid_plural: str | None,
    linenum: int | None,
) -> polib.POEntry:
    """``polib.POEntry(...)`` with every field given, without its keyword-argument lookups: the
    readers and the merge build one per entry. A test keeps its attributes (and their order)
    equal to polib's."""
    entry: polib.POEntry = object.__new__(polib.POEntry)
    # polib's order of assignment, so that every entry shares one key table (PEP 412).
    entry.msgid = msgid
    entry.msgstr = msgstr
    entry.msgid_plural = msgid_plural
    entry.msgstr_plural = msgstr_plural
    entry.msgctxt = msgctxt
    entry.obsolete = obsolete
    entry.encoding = polib.default_encoding
    entry.comment = comment
    entry.tcomment = tcomment
    entry.occurrences = occurrences
    entry.flags = flags
    entry.previous_msgctxt = previous_msgctxt
    entry.previous_msgid = previous_msgid
    entry.previous_msgid_plural = previous_msgid_plural
    entry.linenum = linenum
    return entry


class CatalogBuilder:
    """Collects parsed messages into a ``POFile``: the first non-obsolete entry with an empty
    msgid and no context is the header, a repeated msgctxt+msgid is an error."""

    def __init__(self, path: Path | str) -> None:
        self.path = path
        self.po = polib.POFile(wrapwidth=DEFAULT_WIDTH, encoding="utf-8")
        self.seen: dict[tuple[str | None, str], int] = {}
        """The line of each msgctxt+msgid read so far."""
        self.header: polib.POEntry | None = None

    def add(
        self,
        line: int,
        obsolete: bool,
        msgctxt: str | None,
        msgid: str,
        msgid_plural: str | None,
        msgstrs: list[str],
        prev: Previous | None,
        comments: CommentState,
    ) -> None:
        """Add one message whose keyword (``msgid``) is on ``line``, with the comments read
        before it."""
        key = (msgctxt, msgid)
        if key in self.seen:
            raise PoSyntaxError(
                f"duplicate message definition (the first definition is on line {self.seen[key]}); "
                "merge the two entries, e.g. with msguniq",
                path=self.path,
                line=line,
            )
        self.seen[key] = line
        plural = msgid_plural is not None
        entry = new_entry(
            msgid=msgid,
            msgctxt=msgctxt,
            msgstr="" if plural else msgstrs[0],
            msgid_plural=msgid_plural or "",
            msgstr_plural=dict(enumerate(msgstrs)) if plural else {},
            tcomment="\n".join(comments.translator),
            comment="\n".join(comments.extracted),
            occurrences=comments.references,
            flags=comments.flags,
            obsolete=obsolete,
            linenum=line,
            previous_msgctxt=None if prev is None else prev[0],
            previous_msgid=None if prev is None else prev[1],
            previous_msgid_plural=None if prev is None else prev[2],
        )
        if msgctxt is None and msgid == "" and not obsolete and self.header is None:
            self.header = entry
            self.po.header = entry.tcomment
            self.po.metadata = parse_metadata(entry.msgstr)
            self.po.metadata_is_fuzzy = "fuzzy" in entry.flags
            setattr(self.po, HEADER_ATTR, entry)
        else:
            # Not POFile.append: its duplicate check (off unless asked) costs a lookup per
            # entry, and the check above is the one this catalog needs.
            list.append(self.po, entry)
