"""Find the inline constructs a machine translation must not touch (the scanner behind masking).

:func:`scan` walks a text once and returns every protected piece in order, without overlaps:
code spans, URLs, e-mail addresses, autolinks, inline HTML, template tags (Liquid, Jinja, Hugo
shortcodes, KumaScript macros: :mod:`l10n.document.templates`), entities, escapes, placeholders,
numbers, line breaks, and the delimiters of emphasis and links, paired the CommonMark way
(roughly). :mod:`l10n.mt.mask` turns the pieces into tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from l10n.document.inline import parse_inline
from l10n.document.model import MarkupKind
from l10n.document.numbers import number_end

TokenKind = Literal[
    "code",
    "link",
    "emphasis",
    "url",
    "email",
    "html",
    "entity",
    "escape",
    "placeholder",
    "template",
    "number",
    "break",
    "literal",
    "glossary",
]
"""What a token stands for (informational; all kinds are restored the same way)."""

TokenRole = Literal["single", "open", "close"]
"""``single`` stands alone; ``open``/``close`` bracket translatable text."""


_URL_RE = re.compile(r"(?:https?|ftp)://[^\s<>]*[^\s<>.,;:!?'\")\]*_~]|www\.[^\s<>]*[^\s<>.,;:!?'\")\]*_~]")
_EMAIL_RE = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ESCAPE_RE = re.compile(r"\\[!-/:-@\[-`{-~]")
_PLACEHOLDER_RE = re.compile(
    r"%\([^)\s]{1,40}\)[-+#0]*\d*(?:\.\d+)?[sdiouxXeEfFgGcr]"
    r"|%\d+\$[-+#0]*\d*(?:\.\d+)?[sdiouxXeEfFgGcr]"
    r"|%[-+#0]*\d*(?:\.\d+)?[sdifxXeEgGcuo](?![A-Za-z])"
    r"|\$\{[^{}\n]{1,60}\}|\{[A-Za-z0-9_.:!-]{0,40}\}"
)
_WORD_RE = re.compile(r"\w+")
_BREAK_RE = re.compile(r"[ \t]*\\?\r?\n[ \t]*")


@dataclass
class Span:
    """One protected piece found in the text (mutable while emphasis and links are paired)."""

    start: int
    """Offset of its first character."""
    end: int
    """Offset just after its last character."""
    kind: TokenKind
    """What it is."""
    role: TokenRole
    """Single, or the opening or closing half of a pair."""
    pair: int = -1
    """Index of the other half of a pair in the scan's result; -1 when single."""


def _is_punct(ch: str) -> bool:
    return not ch.isalnum() and not ch.isspace()


def _flanking(text: str, start: int, end: int) -> tuple[bool, bool]:
    """CommonMark left/right flanking of the delimiter run ``text[start:end]``."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    left = not after.isspace() and (not _is_punct(after) or before.isspace() or _is_punct(before))
    right = not before.isspace() and (
        not _is_punct(before) or after.isspace() or _is_punct(after)
    )
    return left, right


_ATOM_KINDS: dict[str, TokenKind] = {
    "code": "code", "html": "html", "autolink": "url", "footnote": "link", "template": "template",
    "attributes": "code",
}
"""Inline atoms (:mod:`l10n.document.inline`) and the token kind each one becomes."""


def _atoms(text: str) -> dict[int, tuple[int, TokenKind]]:
    """Code spans, inline HTML, autolinks, footnote references and template tags of ``text`` by
    start offset."""
    return {
        m.start: (m.end, _ATOM_KINDS[m.name])
        for m in parse_inline(text).markup
        if m.kind is MarkupKind.ATOM and m.name in _ATOM_KINDS
    }


def _link_tail(text: str, pos: int) -> int:
    """``text[pos] == ']'``: the end of ``](dest "title")`` or ``][ref]``, or ``pos + 1``."""
    nxt = pos + 1
    if nxt < len(text) and text[nxt] == "(":
        depth = 0
        i = nxt
        quote = ""
        while i < len(text):
            ch = text[i]
            if ch == "\\":
                i += 2
                continue
            if quote:
                if ch == quote:
                    quote = ""
            elif ch in "\"'" and text[i - 1].isspace():
                quote = ch
            elif ch == "<" and i == nxt + 1:
                close = text.find(">", i)
                if close < 0:
                    return nxt
                i = close
            elif ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
                if depth == 0:
                    return i + 1
            elif ch == "\n" and text[i - 1] == "\n":
                return nxt
            i += 1
        return nxt
    if nxt < len(text) and text[nxt] == "[":
        close = text.find("]", nxt + 1)
        if close >= 0 and "[" not in text[nxt + 1 : close]:
            return close + 1
    return nxt


def scan(text: str) -> list[Span]:
    """Find every protected piece of ``text``, in order, without overlaps."""
    pieces: list[Span] = []
    brackets: list[int] = []  # indices into pieces of unmatched '[' / '!['
    atoms = _atoms(text)
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        m: re.Match[str] | None
        atom = atoms.get(i)
        if atom is not None:
            pieces.append(Span(i, atom[0], atom[1], "single"))
            i = atom[0]
            continue
        if ch == "`":  # a backtick run that opens no code span
            run_end = i + len(text[i:]) - len(text[i:].lstrip("`"))
            pieces.append(Span(i, run_end, "literal", "single"))
            i = run_end
            continue
        if ch == "\\" and i + 1 in atoms:  # a backslash before a template tag escapes no tag
            pieces.append(Span(i, i + 1, "literal", "single"))
            i += 1
            continue
        if ch == "\\":
            m = _BREAK_RE.match(text, i)
            if m:
                pieces.append(Span(i, m.end(), "break", "single"))
                i = m.end()
                continue
            m = _ESCAPE_RE.match(text, i)
            if m:
                pieces.append(Span(i, m.end(), "escape", "single"))
                i = m.end()
                continue
        if ch == "&":
            m = _ENTITY_RE.match(text, i)
            if m:
                pieces.append(Span(i, m.end(), "entity", "single"))
                i = m.end()
                continue
        if ch in "%{$":
            m = _PLACEHOLDER_RE.match(text, i)
            if m:
                pieces.append(Span(i, m.end(), "placeholder", "single"))
                i = m.end()
                continue
        if ch in " \t\r\n":
            m = _BREAK_RE.match(text, i)
            if m and "\n" in m.group():
                pieces.append(Span(i, m.end(), "break", "single"))
                i = m.end()
                continue
            i += 1
            continue
        word_start = i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "_-.+")
        if word_start and (ch in "hfwHFW"):
            m = _URL_RE.match(text, i)
            if m:
                end = m.end()
                while end < n and text[end] == ")" and text.count("(", i, end) > text.count(
                    ")", i, end
                ):
                    end += 1
                pieces.append(Span(i, end, "url", "single"))
                i = end
                continue
        if word_start and (ch.isalnum() or ch in "._+-"):
            m = _EMAIL_RE.match(text, i)
            if m:
                pieces.append(Span(i, m.end(), "email", "single"))
                i = m.end()
                continue
        if ch == "[" or (ch == "!" and text.startswith("[", i + 1)):
            width = 2 if ch == "!" else 1
            brackets.append(len(pieces))
            pieces.append(Span(i, i + width, "link", "single"))
            i += width
            continue
        if ch == "]":
            end = _link_tail(text, i)
            if text.startswith("[", i + 1) and any(i < start < end for start in atoms):
                end = i + 1  # ``][label]`` holding a tag is no reference label
            piece = Span(i, end, "link", "single")
            if brackets:
                opener = brackets.pop()
                pieces[opener].role = "open"
                pieces[opener].pair = len(pieces)
                piece.role = "close"
                piece.pair = opener
            pieces.append(piece)
            i = end
            continue
        if ch in "*_~":
            run_end = i
            while run_end < n and text[run_end] == ch:
                run_end += 1
            if ch == "_" and i > 0 and text[i - 1].isalnum() and run_end < n and (
                text[run_end].isalnum()
            ):
                # The word starts no earlier than the end of the piece before it (a placeholder
                # such as ``%c`` in ``%c_0`` is not part of the word).
                start = max(_word_start(text, i), pieces[-1].end if pieces else 0)
                end = _WORD_RE.match(text, start).end()  # type: ignore[union-attr]
                while pieces and pieces[-1].start >= start:
                    pieces.pop()
                pieces.append(Span(start, end, "code", "single"))
                i = end
                continue
            pieces.append(Span(i, run_end, "emphasis", "single"))
            i = run_end
            continue
        number = number_end(text, i, "compound") if ch.isdigit() else -1
        if number >= 0:
            before = text[i - 1] if i > 0 else " "
            after = text[number] if number < n else " "
            if not (before.isalpha() or before == "_") and not (after.isalpha() or after == "_"):
                pieces.append(Span(i, number, "number", "single"))
                i = number
                continue
            j = number
            while j < n and (text[j].isalnum()):
                j += 1
            i = j
            continue
        if ch.isalnum():
            j = i
            while j < n and text[j].isalnum():
                j += 1
            if j + 1 < n and text[j] == "_" and _intraword_underscore(text, j):
                end = _WORD_RE.match(text, i).end()  # type: ignore[union-attr]
                pieces.append(Span(i, end, "code", "single"))
                i = end
                continue
            i = j
            continue
        i += 1
    _pair_emphasis(text, pieces)
    return pieces


def _word_start(text: str, i: int) -> int:
    while i > 0 and (text[i - 1].isalnum() or text[i - 1] == "_"):
        i -= 1
    return i


def _intraword_underscore(text: str, j: int) -> bool:
    """``text[j]`` starts an underscore run with a letter or digit after it."""
    k = j
    while k < len(text) and text[k] == "_":
        k += 1
    return k < len(text) and text[k].isalnum()


def _pair_emphasis(text: str, pieces: list[Span]) -> None:
    """Pair emphasis delimiter runs (same character and length) the CommonMark way, roughly.

    Pairing only decides which tokens must stay ordered; every run is a token either way, so
    an unusual pairing never loses a character.
    """
    stack: list[int] = []
    for index, piece in enumerate(pieces):
        if piece.kind != "emphasis":
            continue
        left, right = _flanking(text, piece.start, piece.end)
        run = text[piece.start : piece.end]
        if right:
            for depth in range(len(stack) - 1, -1, -1):
                opener = pieces[stack[depth]]
                if text[opener.start : opener.end] == run:
                    opener.role = "open"
                    opener.pair = index
                    piece.role = "close"
                    piece.pair = stack[depth]
                    del stack[depth:]
                    break
            else:
                if left:
                    stack.append(index)
            continue
        if left:
            stack.append(index)
