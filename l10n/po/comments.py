"""The comments of a PO entry as gettext reads them (read-catalog.c, po_parse_comment_filepos).

Both readers of :mod:`l10n.po.read` (the strict parser and the fast path for plain entries)
hand every comment line to :class:`CommentState`, so there is one owner of how a ``#.``, ``#:``,
``#,`` or ``# `` line becomes a field of the entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Final

from l10n.po.flags import split_flag_line

__all__ = ["CommentState", "parse_references", "parse_solaris_reference"]


@dataclass
class CommentState:
    """The comments gettext accumulates until the next message (read-catalog.c)."""

    translator: list[str] = field(default_factory=list)
    """``# `` lines, one space removed."""
    extracted: list[str] = field(default_factory=list)
    """``#.`` lines, one space removed."""
    references: list[tuple[str, str]] = field(default_factory=list)
    """``#:`` references as polib keeps them, duplicates dropped."""
    flags: list[str] = field(default_factory=list)
    """Tokens of the last ``#,`` line."""

    def add(self, text: str) -> None:
        """Dispatch one comment (the text after ``#``) as po_callback_comment_dispatcher."""
        if text.startswith("."):
            body = text[1:]
            self.extracted.append(body[1:] if body.startswith(" ") else body)
        elif text.startswith(":"):
            for ref in parse_references(text[1:]):
                self.add_reference(*ref)
        elif text.startswith((",", "!")):
            self.flags = split_flag_line(text[1:])
        else:
            solaris = parse_solaris_reference(text)
            if solaris is not None:
                self.add_reference(*solaris)
            else:
                self.translator.append(text[1:] if text.startswith(" ") else text)

    def add_reference(self, name: str, line: str) -> None:
        if (name, line) not in self.references:
            self.references.append((name, line))


_WS: Final = " \t\n"
_PLAIN_REFERENCES: Final = re.compile(
    r"[^ \t\n:]+(?::[^ \t\n:]+)*(?:[ \t\n]+[^ \t\n:]+(?::[^ \t\n:]+)*)*"
)
"""Whitespace-separated names without a colon at either end of a name (``a.md:3 b:c:4``): each
name is a reference on its own, the case of every ``#:`` line gettext and l10n write."""
_NAME_LINE: Final = re.compile(r"(.+):([0-9]+)")
_SPLIT: Final = re.compile(r"[ \t\n]+")


def parse_references(s: str, *, shortcut: bool = True) -> Iterator[tuple[str, str]]:
    """``#:`` references as gettext 0.21 reads them (po_parse_comment_filepos); ``s`` is the
    comment after ``#:``. ``shortcut=False`` always takes the general loop (for the tests that
    compare the two)."""
    stripped = s.strip(_WS)
    if shortcut and _PLAIN_REFERENCES.fullmatch(stripped):
        # No "FILE : NUMBER" nor "FILE: NUMBER" forms: each name stands alone, "FILE:NUMBER" or
        # a bare FILE. The general loop below gives the same result, more slowly.
        for name in _SPLIT.split(stripped):
            m = _NAME_LINE.fullmatch(name)
            if m is None:
                yield name, ""
            else:
                yield m.group(1), str(int(m.group(2)))
        return
    yield from _parse_references_general(s)


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
        if p < n and s[p] == ":":
            p += 1
            while p < n and s[p] in _WS:
                p += 1
            q = p
            while q < n and s[q].isdigit() and s[q].isascii():
                q += 1
            if q > p and (q == n or s[q] in _WS):
                yield s[start:i], str(int(s[p:q]))
                i = q
                continue
        # "FILE: NUMBER".
        if s[i - 1] == ":":
            p = i
            while p < n and s[p] in _WS:
                p += 1
            q = p
            while q < n and s[q].isdigit() and s[q].isascii():
                q += 1
            if q > p and (q == n or s[q] in _WS):
                yield s[start : i - 1], str(int(s[p:q]))
                i = q
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
