"""Protect markup from machine translation: mask it as tokens before, restore it after.

Engines rewrite what they do not understand: the tiny offline model turns ``**bold**`` into
``** bold**``, splits URLs, rewrites e-mail addresses and numbers; online engines drop braces.
So every inline construct that must reach the draft unchanged is replaced by a short token the
models keep (measured: ``_1_`` survives 95-100 %, see ``docs/research/mt-engines.md`` §3):

* a standalone construct (code span, URL, e-mail, autolink, inline HTML, template tag, entity,
  escape, placeholder, number, line break) becomes ``_N_``;
* a paired construct (emphasis delimiters, link and image brackets) becomes ``_N_`` ... ``_/N_``
  around the text that is still translated;
* a glossary term (:mod:`l10n.glossary`), for engines without glossary support, becomes ``_N_``
  too, restored as the text the glossary requires (the term itself for a do-not-translate name,
  its required translation otherwise); a term inside another protected piece stays in it.

Masking is lossless: :func:`unmask` puts back the exact source characters of every token. Tokens
are surrounded by spaces in the masked text so the model sees separate words; whether each token
was glued to its neighbours in the source is remembered, and the spaces we added are removed
again on the way back (``**bold**`` -> ``_1_ bold _/1_`` -> ``_1_ negrito _/1_`` ->
``**negrito**``).

When the engine moved a token, its new neighbours decide the spacing: a token glued in the source
to punctuation (``**Wagner**’s``, ``(848``) is glued again only to punctuation, never to a
word that now follows it (the model drops the possessive: ``**Wagner** falou``, not
``**Wagner**falou``), and a token that had a space before or after it in the source gets one
before or after a word.

:mod:`l10n.mt.verify` judges an engine's output before it is unmasked; output that fails is
retried with :func:`safe_pieces` (translate only the text between tokens, quotes and brackets,
which cannot lose one) or given up.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from l10n.glossary.model import Match
from l10n.mt.scan import Span, TokenKind, TokenRole, scan

TOKEN_RE = re.compile(r"_(/?)(\d+)_")
"""How a token looks in masked text: ``_3_`` (single or open) or ``_/3_`` (close)."""


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
    before: str
    """The source character just before the piece (``""`` at the start)."""
    after: str
    """The source character just after the piece (``""`` at the end)."""
    replacement: str | None = None
    """What :func:`unmask` writes instead of ``text`` (a glossary term's required translation);
    ``None`` writes ``text``."""

    @property
    def output(self) -> str:
        """The characters the draft gets for this token."""
        return self.text if self.replacement is None else self.replacement

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


# --------------------------------------------------------------------------- public API


def mask(text: str, terms: Sequence[Match] = ()) -> Masked:
    """Replace the markup of ``text`` by tokens; the result's ``text`` goes to the engine.

    ``terms`` are the glossary terms found in ``text`` (:func:`l10n.glossary.terms_in`, offsets
    into ``text``) that the engine must not translate; each becomes a token restored as the
    term's required text.
    """
    stripped = text.strip()
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :] if stripped else ""
    if not stripped:
        return Masked(source=text, text="", tokens=(), leading=text, trailing="")
    body = stripped
    pieces, replacements = _with_terms(scan(body), terms, len(lead), len(body))
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
            before=body[piece.start - 1 : piece.start],
            after=body[piece.end : piece.end + 1],
            replacement=replacements.get(index),
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


def _with_terms(
    pieces: list[Span], terms: Sequence[Match], offset: int, length: int
) -> tuple[list[Span], dict[int, str]]:
    """The scanned pieces with the glossary terms merged in, in order (pair indices
    renumbered), and index -> replacement text for the terms. A term takes the place of the
    numbers inside it (``G7``, ``COVID-19``); a term that overlaps any other piece is left out
    (the piece protects it already, or the term straddles markup)."""
    absorbed: set[int] = set()
    extra: list[tuple[Span, str]] = []
    for term in terms:
        start, end = term.start - offset, term.end - offset
        inside = [i for i, p in enumerate(pieces) if start < p.end and p.start < end]
        if start < 0 or end > length or any(
            pieces[i].kind != "number" or pieces[i].start < start or pieces[i].end > end
            for i in inside
        ) or any(start < s.end and s.start < end for s, _ in extra):
            continue
        absorbed.update(inside)
        extra.append((Span(start, end, "glossary", "single"), term.target))
    if not extra:
        return pieces, {}
    merged: list[tuple[Span, int, str | None]] = [
        (p, i, None) for i, p in enumerate(pieces) if i not in absorbed
    ]
    merged += [(span, -1, target) for span, target in extra]
    merged.sort(key=lambda item: item[0].start)
    new_index = {old: new for new, (_, old, _) in enumerate(merged) if old >= 0}
    result: list[Span] = []
    replacements: dict[int, str] = {}
    for new, (span, old, target) in enumerate(merged):
        if old >= 0:
            span = Span(span.start, span.end, span.kind, span.role, new_index.get(span.pair, -1))
        else:
            replacements[new] = target or ""
        result.append(span)
    return result, replacements


def _append_gap(out: list[str], gap: str) -> None:
    """Append source text after a token, separating it from the token by a space."""
    if not gap:
        return
    if out and TOKEN_RE.fullmatch(out[-1]) and not gap[0].isspace():
        out.append(" ")
    out.append(gap)


def unmask(masked: Masked, translated: str) -> str:
    """Put the source markup back into a verified engine output, with the source's spacing."""
    by_key = {(t.id, t.role == "close"): t for t in masked.tokens}
    out: list[str] = []
    pos = 0
    body = translated.strip()
    previous: Token | None = None
    for m in TOKEN_RE.finditer(body):
        token = by_key[(int(m.group(2)), m.group(1) == "/")]
        gap = _space_after(previous, body[pos : m.start()])
        if token.kind == "break" or (token.glued_left and _glues(token.before, gap.rstrip()[-1:])):
            gap = gap.rstrip(" \t")
        elif gap and not gap[-1].isspace() and _wants_space(gap[-1], token, "close"):
            gap += " "
        out.append(gap)
        out.append(token.output)
        previous = token
        pos = m.end()
    out.append(_space_after(previous, body[pos:]))
    return masked.leading + "".join(out) + masked.trailing


def _space_after(token: Token | None, gap: str) -> str:
    """The text after ``token`` in the output, spaced from it as in the source."""
    if token is None:
        return gap
    if token.kind == "break" or (token.glued_right and _glues(token.after, gap.lstrip()[:1])):
        return gap.lstrip(" \t")
    if gap and not gap[0].isspace() and _wants_space(gap[0], token, "open"):
        return " " + gap
    return gap


def _glues(source_neighbour: str, output_neighbour: str) -> bool:
    """A token glued to ``source_neighbour`` may be glued to ``output_neighbour``: anything but
    a word character that took the place of punctuation or of the edge of the text."""
    return not output_neighbour.isalnum() or source_neighbour.isalnum()


def _wants_space(neighbour: str, token: Token, inner: TokenRole) -> bool:
    """An engine glued a word to a token the source kept apart: re-insert the source's space
    (never on the inner side of a pair, where the marked text belongs)."""
    return neighbour.isalnum() and token.role != inner


def restore_source(masked: Masked) -> str:
    """Unmask the masked text itself; equals ``masked.source`` (a self-check) when no glossary
    term was replaced."""
    return unmask(masked, masked.text)


def copy_draft(masked: Masked) -> str:
    """The draft of a text with nothing to translate: the source itself, with the glossary's
    required translations in place of its terms."""
    if all(t.replacement is None for t in masked.tokens):
        return masked.source
    return unmask(masked, masked.text)


@dataclass(frozen=True)
class Piece:
    """A stretch of masked text for the split-around-tokens strategy."""

    text: str
    """Characters of the masked text."""
    translate: bool
    """True for text to send to the engine; False for tokens, quotes and whitespace kept as is."""


_SAFE_SPLIT_RE = re.compile(r"(_/?\d+_|[\"\u201c\u201d\u201e\u00ab\u00bb\u2014()\[\]{}])")


def safe_pieces(masked: Masked) -> list[Piece]:
    """Split the masked text around tokens, double quotes and brackets.

    Translating only the ``translate`` pieces and joining everything back in order cannot lose a
    token, a quotation mark or a bracket; it is less fluent, so it is the fallback strategy.
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
