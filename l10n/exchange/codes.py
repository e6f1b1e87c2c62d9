"""Inline markup as XLIFF codes: what a CAT tool must carry through a translation untouched.

A sentence such as ``Read **the [report](https://x.org)** `now`.`` is cut into text and codes
by the same scanner that protects markup from machine translation (:func:`l10n.mt.scan.scan`,
which reads inline Markdown through :mod:`l10n.document.inline`): code spans, HTML tags,
template tags, URLs, entities, escapes, placeholders and line breaks become single codes
(``<ph>``), emphasis delimiters and link brackets become pairs (``<bpt>``/``<ept>`` in XLIFF
1.2, ``<pc>`` or ``<sc>``/``<ec>`` in 2.0) around the text that is still translated. Numbers are
*not* codes: a translator writes ``1.000`` for ``1,000``.

Codes are numbered from 1 in source order, the two halves of a pair sharing one number, so the
numbering is a function of the source text alone: import re-derives the codes from the entry's
msgid, never trusts the data a file carries, and :func:`match_codes` says what a translation
lost, added or changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from l10n.mt.scan import TokenKind, TokenRole, scan

TEXT_KINDS: frozenset[TokenKind] = frozenset({"number", "glossary"})
"""Scanner pieces that stay text in XLIFF: a translator may rewrite a number for the locale."""


@dataclass(frozen=True)
class Code:
    """One inline code of a sentence."""

    id: int
    """Number of the code, from 1 in source order; the two halves of a pair share it."""
    role: TokenRole
    """``single`` (``<ph>``), or the ``open``/``close`` half of a pair."""
    kind: TokenKind
    """What the markup is (``code``, ``emphasis``, ``link``...), written as ``ctype="x-..."``."""
    data: str
    """The exact source characters the code stands for."""

    @property
    def key(self) -> tuple[int, TokenRole]:
        """What identifies the code within its sentence."""
        return (self.id, self.role)

    @property
    def label(self) -> str:
        """How a report names the code: ``code 2 ('`x`')``, ``code 1 ('**' closing)``."""
        half = {"open": " opening", "close": " closing"}.get(self.role, "")
        return f"code {self.id} ({self.data!r}{half})"


Part = str | Code
"""A piece of a sentence: text, or a code."""


def split_codes(text: str) -> tuple[Part, ...]:
    """``text`` as text and codes; ``join_parts`` of the result is ``text`` again."""
    parts: list[Part] = []
    ids: dict[int, int] = {}
    next_id = 1
    pos = 0
    original = scan(text)
    kept = [i for i, p in enumerate(original) if p.kind not in TEXT_KINDS]
    for i in kept:
        piece = original[i]
        role: TokenRole = piece.role
        if role != "single" and (piece.pair < 0 or original[piece.pair].kind in TEXT_KINDS):
            role = "single"
        if role == "close" and piece.pair in ids:
            code_id = ids[piece.pair]
        else:
            code_id = next_id
            next_id += 1
            ids[i] = code_id
            if role == "close":
                role = "single"
        if piece.start > pos:
            parts.append(text[pos : piece.start])
        parts.append(Code(code_id, role, piece.kind, text[piece.start : piece.end]))
        pos = piece.end
    if pos < len(text):
        parts.append(text[pos:])
    return tuple(parts)


def join_parts(parts: Sequence[Part]) -> str:
    """The text of ``parts``: codes give back their data."""
    return "".join(p.data if isinstance(p, Code) else p for p in parts)


def well_nested(parts: Sequence[Part]) -> bool:
    """Whether every pair opens and closes inside the pairs around it (XLIFF 2.0 ``<pc>`` can
    then hold it; otherwise ``<sc>``/``<ec>`` are written)."""
    stack: list[int] = []
    for part in parts:
        if isinstance(part, Code) and part.role == "open":
            stack.append(part.id)
        elif isinstance(part, Code) and part.role == "close":
            if not stack or stack.pop() != part.id:
                return False
    return not stack


@dataclass(frozen=True)
class FoundCode:
    """A code as a file's target holds it."""

    id: int
    """Its number (the ``id``, ``startRef`` or ``dataRef`` the file gives)."""
    role: TokenRole
    """Single, open or close, from the element it was written as."""
    data: str | None
    """The data the file carries for it (``<ph>`` text in 1.2, ``<data>`` in 2.0); None when
    the file gives none."""


def match_codes(source: Sequence[Part], found: Sequence[FoundCode]) -> str | None:
    """Why the codes ``found`` in a translation do not fit the ``source`` codes (each exactly
    once, carrying the same data, a pair opened before it is closed), or None when they fit."""
    expected = {p.key: p for p in source if isinstance(p, Code)}
    seen: set[tuple[int, TokenRole]] = set()
    for code in found:
        key = (code.id, code.role)
        mine = expected.get(key)
        if mine is None:
            return f"code {code.id} ({code.role}) is not in the source"
        if key in seen:
            return f"{mine.label} appears twice"
        if code.data is not None and code.data != mine.data:
            return f"{mine.label} was changed to {code.data!r}"
        if code.role == "close" and (code.id, "open") not in seen:
            return f"{mine.label} closes before it opens"
        seen.add(key)
    lost = [p for key, p in expected.items() if key not in seen]
    if lost:
        return "lost " + ", ".join(p.label for p in lost)
    return None
