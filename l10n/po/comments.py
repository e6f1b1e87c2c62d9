"""The comments of a PO entry as gettext reads them (read-catalog.c, po_parse_comment_filepos).

Both readers of :mod:`l10n.po.read` (the strict parser and the fast path for plain entries)
hand every comment line to :class:`CommentState`, so there is one owner of how a ``#.``, ``#:``,
``#,`` or ``# `` line becomes a field of the entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from l10n.po.flags import split_flag_line

__all__ = ["CommentState", "parse_references", "parse_solaris_reference"]


class CommentState:
    """The comments gettext accumulates until the next message (read-catalog.c).

    A plain class with slots rather than a dataclass: both readers make one per entry."""

    __slots__ = ("translator", "extracted", "references", "flags")

    def __init__(self) -> None:
        self.translator: list[str] = []
        """``# `` lines, one space removed."""
        self.extracted: list[str] = []
        """``#.`` lines, one space removed."""
        self.references: list[tuple[str, str]] = []
        """``#:`` references as polib keeps them, duplicates dropped."""
        self.flags: list[str] = []
        """Tokens of the last ``#,`` line."""

    def add(self, text: str) -> None:
        """Dispatch one comment (the text after ``#``) as po_callback_comment_dispatcher."""
        kind = text[:1]
        if kind == ":":
            for reference in parse_references(text[1:]):
                self.add_reference(reference)
        elif kind == ".":
            self.extracted.append(text[2:] if text.startswith(" ", 1) else text[1:])
        elif kind == "," or kind == "!":
            self.flags = split_flag_line(text[1:])
        else:
            solaris = parse_solaris_reference(text)
            if solaris is not None:
                self.add_reference(solaris)
            else:
                self.translator.append(text[1:] if kind == " " else text)

    def add_lines(self, lines: str) -> None:
        """:meth:`add` each of ``lines``, comment lines (``#...``, each ending in a line end)
        and blank lines, as the fast reader matches them before an entry."""
        one = _ONE_REFERENCE_LINE.fullmatch(lines)
        if one is not None:  # the usual block, one "#: FILE:NUMBER" line: what add() gives it
            self.add_reference(one.groups())  # type: ignore[arg-type]
            return
        for line in lines.split("\n"):
            if line:
                self.add(line[1:])

    def add_reference(self, reference: tuple[str, str]) -> None:
        """Keep a ``(file, line)`` reference unless the entry has it already."""
        if reference not in self.references:
            self.references.append(reference)


_WS: Final = " \t\n"
_PLAIN_REFERENCES: Final = re.compile(
    r"[^ \t\n:]+(?::[^ \t\n:]+)*(?:[ \t\n]+[^ \t\n:]+(?::[^ \t\n:]+)*)*"
)
"""Whitespace-separated names without a colon at either end of a name (``a.md:3 b:c:4``): each
name is a reference on its own, the case of every ``#:`` line gettext and l10n write."""
_NAME_LINE: Final = re.compile(r"(.+):([0-9]+)")
_FILE_NUMBER: Final = r"([^ \t\n:]+(?::[^ \t\n:]+)*?):([1-9][0-9]*)"
"""One ``FILE:NUMBER`` reference, the number without leading zeros. The number is the last
segment, so the lazy ``*?`` finds the same FILE, with no backtracking when it has no colon."""
_ONE_REFERENCE: Final = re.compile(rf"[ \t\n]*{_FILE_NUMBER}[ \t\n]*")
"""A ``#:`` comment of one ``FILE:NUMBER`` reference (``#: a.md:12``)."""
_ONE_REFERENCE_LINE: Final = re.compile(rf"\n*#:[ \t]*{_FILE_NUMBER}[ \t]*\n+")
""":data:`_ONE_REFERENCE` as the one comment line of a block between blank lines. Not
``[ \t\n]*``: a line end there would read the next comment line as part of the reference."""
_SPLIT: Final = re.compile(r"[ \t\n]+")


def parse_references(s: str, *, shortcut: bool = True) -> list[tuple[str, str]]:
    """``#:`` references as gettext 0.21 reads them (po_parse_comment_filepos); ``s`` is the
    comment after ``#:``. ``shortcut=False`` always takes the general loop (for the tests that
    compare the two)."""
    if shortcut:
        one = _ONE_REFERENCE.fullmatch(s)
        if one is not None:
            return [one.groups()]  # type: ignore[list-item]
    stripped = s.strip(_WS)
    if shortcut and _PLAIN_REFERENCES.fullmatch(stripped):
        # No "FILE : NUMBER" nor "FILE: NUMBER" forms: each name stands alone, "FILE:NUMBER" or
        # a bare FILE. The general loop below gives the same result, more slowly.
        found = []
        for name in _SPLIT.split(stripped):
            m = _NAME_LINE.fullmatch(name)
            found.append((name, "") if m is None else (m.group(1), str(int(m.group(2)))))
        return found
    return list(_parse_references_general(s))


def _parse_references_general(s: str) -> Iterator[tuple[str, str]]:
    n = len(s)
    i = 0
    while i < n:
        while i < n and s[i] in _WS:
            i += 1
        if i >= n:
            return
        start = i
        i += 1
        while i < n and s[i] not in _WS:
            i += 1
        # "FILE : NUMBER" with optional blanks.
        p = i
        while p < n and s[p] in _WS:
            p += 1
        if p < n and s[p] == ":" and (number := _number_after(s, p + 1)):
            yield s[start:i], str(int(s[number[0]:number[1]]))
            i = number[1]
            continue
        # "FILE: NUMBER".
        if s[i - 1] == ":" and (number := _number_after(s, i)):
            yield s[start : i - 1], str(int(s[number[0]:number[1]]))
            i = number[1]
            continue
        # "FILE:NUMBER".
        p = i
        while p > start and s[p - 1].isdigit() and s[p - 1].isascii():
            p -= 1
        if p < i and p > start + 1 and s[p - 1] == ":":
            yield s[start : p - 1], str(int(s[p:i]))
            continue
        yield s[start:i], ""


_SOLARIS = re.compile(
    r" [Ff]ile:[ \t]*(.*?)[ \t]*,[ \t]*line[ \t]*(?:number[ \t]*)?:([0-9]+)[ \t\n]*$"
)


def parse_solaris_reference(text: str) -> tuple[str, str] | None:
    """The ``(file, line)`` of a Solaris-style ``# File: x, line: 3`` comment, which gettext
    reads as a reference, or None for any other comment; ``text`` is the comment after ``#``."""
    m = _SOLARIS.match(text)
    if m is None:
        return None
    return m.group(1), str(int(m.group(2)))


def _number_after(s: str, p: int) -> tuple[int, int] | None:
    """The ASCII digits that follow the blanks at ``p`` in ``s`` and end at a blank or at the
    end of ``s``, as (start, end); None when there are none."""
    n = len(s)
    while p < n and s[p] in _WS:
        p += 1
    q = p
    while q < n and s[q].isdigit() and s[q].isascii():
        q += 1
    return (p, q) if q > p and (q == n or s[q] in _WS) else None
