"""Protect markup from machine translation: mask it as tokens before, restore it after.

Engines rewrite what they do not understand: the tiny offline model turns ``**bold**`` into
``** bold**``, splits URLs, rewrites e-mail addresses and numbers; online engines drop braces.
So every inline construct that must reach the draft unchanged is replaced by a short token the
models keep (measured: ``_1_`` survives 95-100 %, see ``docs/research/mt-engines.md`` §3):

* a standalone construct (code span, URL, e-mail, autolink, inline HTML, entity, escape,
  placeholder, number, line break) becomes ``_N_``;
* a paired construct (emphasis delimiters, link and image brackets) becomes ``_N_`` ... ``_/N_``
  around the text that is still translated.

Masking is lossless: :func:`unmask` puts back the exact source characters of every token. Tokens
are surrounded by spaces in the masked text so the model sees separate words; whether each token
was glued to its neighbours in the source is remembered, and the spaces we added are removed
again on the way back (``**bold**`` -> ``_1_ bold _/1_`` -> ``_1_ negrito _/1_`` ->
``**negrito**``).

:func:`verify` checks an engine's output: every token exactly once, in the right role, every
pair opened before it is closed and nested as in the source, and no invented tokens. Output that
fails is never unmasked into a PO file; the caller retries with :func:`safe_pieces` (translate
only the text between tokens, which cannot lose one) or gives up.
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
    "number",
    "break",
    "literal",
]
"""What a token stands for (informational; all kinds are restored the same way)."""

TokenRole = Literal["single", "open", "close"]
"""``single`` stands alone; ``open``/``close`` bracket translatable text."""

TOKEN_RE = re.compile(r"_(/?)(\d+)_")
"""How a token looks in masked text: ``_3_`` (single or open) or ``_/3_`` (close)."""

QUOTE_CHARS = frozenset('"\u201c\u201d\u201e\u00ab\u00bb\u2014')
"""Double quotation marks in any typographic style, and the em dash (which the offline model
drops: "(CNN) — The" came back as "(CNN) O"); their count must survive translation."""


@dataclass(frozen=True)
class Token:
    """One protected piece of the source."""

    id: int
    """Number shown in the masked text; pairs share it."""
    kind: TokenKind
    """What the piece is."""
    role: TokenRole
    """Single, or the opening or closing half of a pair."""
    text: str
    """The exact source characters it replaces."""
    glued_left: bool
    """The source had no whitespace between the previous character and this piece."""
    glued_right: bool
    """The source had no whitespace between this piece and the next character."""

    @property
    def placeholder(self) -> str:
        """The token as it appears in masked text."""
        return f"_/{self.id}_" if self.role == "close" else f"_{self.id}_"


@dataclass(frozen=True)
class Masked:
    """A source text with its markup replaced by tokens."""

    source: str
    """The original text, unchanged."""
    text: str
    """The masked text sent to the engine (outer whitespace stripped)."""
    tokens: tuple[Token, ...]
    """Every token, in source order."""
    leading: str
    """Whitespace stripped from the start of ``source``; re-attached by :func:`unmask`."""
    trailing: str
    """Whitespace stripped from the end of ``source``."""

    @property
    def needs_translation(self) -> bool:
        """True when some text outside the tokens contains a letter."""
        return any(ch.isalpha() for ch in TOKEN_RE.sub(" ", self.text))


# --------------------------------------------------------------------------- scanning

_URL_RE = re.compile(r"(?:https?|ftp)://[^\s<>]*[^\s<>.,;:!?'\")\]*_~]|www\.[^\s<>]*[^\s<>.,;:!?'\")\]*_~]")
_EMAIL_RE = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ESCAPE_RE = re.compile(r"\\[!-/:-@\[-`{-~]")
_PLACEHOLDER_RE = re.compile(
    r"%\([^)\s]{1,40}\)[-+#0]*\d*(?:\.\d+)?[sdiouxXeEfFgGcr]"
    r"|%\d+\$[-+#0]*\d*(?:\.\d+)?[sdiouxXeEfFgGcr]"
    r"|%[-+#0]*\d*(?:\.\d+)?[sdifxXeEgGcuo](?![A-Za-z])"
    r"|\{\{[^{}\n]{0,60}\}\}|\$\{[^{}\n]{1,60}\}|\{[A-Za-z0-9_.:!-]{0,40}\}"
)
_WORD_RE = re.compile(r"\w+")
_BREAK_RE = re.compile(r"[ \t]*\\?\r?\n[ \t]*")


@dataclass
class _Piece:
    start: int
    end: int
    kind: TokenKind
    role: TokenRole
    pair: int = -1


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


_ATOM_KINDS: dict[str, TokenKind] = {"code": "code", "html": "html", "autolink": "url", "footnote": "link"}
"""Inline atoms (:mod:`l10n.document.inline`) and the token kind each one becomes."""


def _atoms(text: str) -> dict[int, tuple[int, TokenKind]]:
    """Code spans, inline HTML, autolinks and footnote references of ``text`` by start offset."""
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


def _scan(text: str) -> list[_Piece]:
    """Find every protected piece of ``text``, in order, without overlaps."""
    pieces: list[_Piece] = []
    brackets: list[int] = []  # indices into pieces of unmatched '[' / '!['
    atoms = _atoms(text)
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        m: re.Match[str] | None
        atom = atoms.get(i)
        if atom is not None:
            pieces.append(_Piece(i, atom[0], atom[1], "single"))
            i = atom[0]
            continue
        if ch == "`":  # a backtick run that opens no code span
            run_end = i + len(text[i:]) - len(text[i:].lstrip("`"))
            pieces.append(_Piece(i, run_end, "literal", "single"))
            i = run_end
            continue
        if ch == "\\":
            m = _BREAK_RE.match(text, i)
            if m:
                pieces.append(_Piece(i, m.end(), "break", "single"))
                i = m.end()
                continue
            m = _ESCAPE_RE.match(text, i)
            if m:
                pieces.append(_Piece(i, m.end(), "escape", "single"))
                i = m.end()
                continue
        if ch == "&":
            m = _ENTITY_RE.match(text, i)
            if m:
                pieces.append(_Piece(i, m.end(), "entity", "single"))
                i = m.end()
                continue
        if ch in "%{$":
            m = _PLACEHOLDER_RE.match(text, i)
            if m:
                pieces.append(_Piece(i, m.end(), "placeholder", "single"))
                i = m.end()
                continue
        if ch in " \t\r\n":
            m = _BREAK_RE.match(text, i)
            if m and "\n" in m.group():
                pieces.append(_Piece(i, m.end(), "break", "single"))
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
                pieces.append(_Piece(i, end, "url", "single"))
                i = end
                continue
        if word_start and (ch.isalnum() or ch in "._+-"):
            m = _EMAIL_RE.match(text, i)
            if m:
                pieces.append(_Piece(i, m.end(), "email", "single"))
                i = m.end()
                continue
        if ch == "[" or (ch == "!" and text.startswith("[", i + 1)):
            width = 2 if ch == "!" else 1
            brackets.append(len(pieces))
            pieces.append(_Piece(i, i + width, "link", "single"))
            i += width
            continue
        if ch == "]":
            end = _link_tail(text, i)
            piece = _Piece(i, end, "link", "single")
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
                start = _word_start(text, i)
                end = _WORD_RE.match(text, start).end()  # type: ignore[union-attr]
                while pieces and pieces[-1].start >= start:
                    pieces.pop()
                pieces.append(_Piece(start, end, "code", "single"))
                i = end
                continue
            pieces.append(_Piece(i, run_end, "emphasis", "single"))
            i = run_end
            continue
        number = number_end(text, i, "compound") if ch.isdigit() else -1
        if number >= 0:
            before = text[i - 1] if i > 0 else " "
            after = text[number] if number < n else " "
            if not (before.isalpha() or before == "_") and not (after.isalpha() or after == "_"):
                pieces.append(_Piece(i, number, "number", "single"))
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
                pieces.append(_Piece(i, end, "code", "single"))
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


def _pair_emphasis(text: str, pieces: list[_Piece]) -> None:
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


# --------------------------------------------------------------------------- public API


def mask(text: str) -> Masked:
    """Replace the markup of ``text`` by tokens; the result's ``text`` goes to the engine."""
    stripped = text.strip()
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :] if stripped else ""
    if not stripped:
        return Masked(source=text, text="", tokens=(), leading=text, trailing="")
    body = stripped
    pieces = _scan(body)
    ids: dict[int, int] = {}
    tokens: list[Token] = []
    out: list[str] = []
    pos = 0
    next_id = 1
    for index, piece in enumerate(pieces):
        if piece.role == "close" and piece.pair in ids:
            token_id = ids[piece.pair]
        else:
            token_id = next_id
            next_id += 1
            ids[index] = token_id
        is_break = piece.kind == "break"
        token = Token(
            id=token_id,
            kind=piece.kind,
            role=piece.role,
            text=body[piece.start : piece.end],
            glued_left=is_break or (piece.start > 0 and not body[piece.start - 1].isspace()),
            glued_right=is_break
            or (piece.end < len(body) and not body[piece.end].isspace()),
        )
        tokens.append(token)
        _append_gap(out, body[pos : piece.start])
        if out and not out[-1][-1:].isspace():
            out.append(" ")
        out.append(token.placeholder)
        pos = piece.end
    _append_gap(out, body[pos:])
    masked_text = "".join(out).strip()
    return Masked(
        source=text, text=masked_text, tokens=tuple(tokens), leading=lead, trailing=trail
    )


def _append_gap(out: list[str], gap: str) -> None:
    """Append source text after a token, separating it from the token by a space."""
    if not gap:
        return
    if out and TOKEN_RE.fullmatch(out[-1]) and not gap[0].isspace():
        out.append(" ")
    out.append(gap)


def verify(masked: Masked, translated: str) -> list[str]:
    """Problems with an engine's masked output; an empty list means it can be unmasked."""
    problems: list[str] = []
    expected = {(t.id, t.role == "close"): t for t in masked.tokens}
    seen: dict[tuple[int, bool], int] = {}
    order: list[tuple[int, bool]] = []
    for m in TOKEN_RE.finditer(translated):
        key = (int(m.group(2)), m.group(1) == "/")
        if key not in expected:
            problems.append(f"unknown token {m.group(0)}")
            continue
        seen[key] = seen.get(key, 0) + 1
        order.append(key)
    for key, token in expected.items():
        count = seen.get(key, 0)
        if count == 0:
            problems.append(f"lost token {token.placeholder} ({token.text!r})")
        elif count > 1:
            problems.append(f"duplicated token {token.placeholder} ({token.text!r})")
    if problems:
        return problems
    position = {key: i for i, key in enumerate(order)}
    for token in masked.tokens:
        if token.role == "open" and position[(token.id, False)] > position[(token.id, True)]:
            problems.append(f"pair {token.id} closed before it opens")
    for token in masked.tokens:
        if (
            token.role == "open"
            and _encloses_text(masked.text, token.id)
            and not _encloses_text(translated, token.id)
        ):
            problems.append(f"pair {token.id} lost the text it marked")
    source_order = [(t.id, t.role == "close") for t in masked.tokens]
    if not problems and _nested(masked.tokens, source_order) and not _nested(masked.tokens, order):
        problems.append("paired markup crossed")
    return problems


def _encloses_text(text: str, token_id: int) -> bool:
    """True when some text other than tokens lies between ``_N_`` and ``_/N_``."""
    start = text.find(f"_{token_id}_")
    end = text.find(f"_/{token_id}_")
    if start < 0 or end < start:
        return False
    inner = TOKEN_RE.sub("", text[start + len(f"_{token_id}_") : end])
    return bool(inner.strip())


def _nested(tokens: tuple[Token, ...], order: list[tuple[int, bool]]) -> bool:
    paired = {t.id for t in tokens if t.role == "open"}
    stack: list[int] = []
    for token_id, closing in order:
        if token_id not in paired:
            continue
        if not closing:
            stack.append(token_id)
        elif not stack or stack.pop() != token_id:
            return False
    return not stack


def unmask(masked: Masked, translated: str) -> str:
    """Put the source markup back into a verified engine output, with the source's spacing."""
    by_key = {(t.id, t.role == "close"): t for t in masked.tokens}
    out: list[str] = []
    pos = 0
    body = translated.strip()
    glue_next = False
    for m in TOKEN_RE.finditer(body):
        token = by_key[(int(m.group(2)), m.group(1) == "/")]
        gap = body[pos : m.start()]
        if glue_next:
            gap = gap.lstrip(" \t")
        if token.glued_left or token.kind == "break":
            gap = gap.rstrip(" \t")
        elif gap and not gap[-1].isspace() and _wants_space(gap[-1], token):
            gap += " "
        out.append(gap)
        out.append(token.text)
        glue_next = token.glued_right or token.kind == "break"
        pos = m.end()
    tail = body[pos:]
    if glue_next:
        tail = tail.lstrip(" \t")
    out.append(tail)
    return masked.leading + "".join(out) + masked.trailing


def _wants_space(previous: str, token: Token) -> bool:
    """An engine glued a token the source kept apart: re-insert the source's space."""
    return previous.isalnum() and token.role != "close"


def restore_source(masked: Masked) -> str:
    """Unmask the masked text itself; equals ``masked.source`` (a self-check)."""
    return unmask(masked, masked.text)


@dataclass(frozen=True)
class Piece:
    """A stretch of masked text for the split-around-tokens strategy."""

    text: str
    """Characters of the masked text."""
    translate: bool
    """True for text to send to the engine; False for tokens, quotes and whitespace kept as is."""


_SAFE_SPLIT_RE = re.compile(r"(_/?\d+_|[\"\u201c\u201d\u201e\u00ab\u00bb\u2014])")


def safe_pieces(masked: Masked) -> list[Piece]:
    """Split the masked text around tokens and double quotes.

    Translating only the ``translate`` pieces and joining everything back in order cannot lose a
    token or a quotation mark; it is less fluent, so it is the fallback strategy.
    """
    pieces: list[Piece] = []
    for part in _SAFE_SPLIT_RE.split(masked.text):
        if not part:
            continue
        if _SAFE_SPLIT_RE.fullmatch(part):
            pieces.append(Piece(part, False))
            continue
        lead = part[: len(part) - len(part.lstrip())]
        core = part.strip()
        trail = part[len(part.rstrip()) :] if core else ""
        if lead:
            pieces.append(Piece(lead, False))
        if core:
            pieces.append(Piece(core, any(ch.isalpha() for ch in core)))
        if trail:
            pieces.append(Piece(trail, False))
    return pieces


def quote_count(text: str) -> int:
    """Number of double quotation marks (any style) and em dashes in ``text``."""
    return sum(1 for ch in text if ch in QUOTE_CHARS)
