"""Translatable text inside HTML: the runs of prose between block-level tags, with exact offsets.

A Markdown article may hold HTML blocks with prose (``<div class="note"><p>...</p></div>``,
``<figure>...<figcaption>...</figcaption></figure>``, ``<details><summary>...``). The Markdown
parser leaves them raw; :func:`text_runs` finds the text a reader sees in them without
re-serialising anything: Python's :class:`html.parser.HTMLParser` reports where every tag, text
and entity starts, so each run is a range of the source and the HTML around it stays skeleton,
byte for byte.

A run is the text between two block boundaries. Inline elements (:data:`~l10n.document.html_elements.INLINE_ELEMENTS`:
``a``, ``em``, ``strong``, ``span``, ``br``, ``img``...) stay inside the run as tags, which the
checks and the engines treat as protected atoms; code-like elements (:data:`~l10n.document.html_elements.ATOM_ELEMENTS`:
``code``, ``kbd``...) and inline elements marked ``translate="no"`` are one atom with their
content. Every other tag (``p``, ``li``, ``td``, ``figcaption``, ``summary``, ``h1``, ``div``...)
ends the run, so text written directly in a ``div`` is a run of its own. Raw elements
(:data:`~l10n.document.html_elements.RAW_ELEMENTS`: ``script``, ``style``, ``pre``, ``textarea``...), elements marked
``translate="no"``, comments, declarations and processing instructions are never read as text.
Entities stay as written (``&amp;``, ``&nbsp;``). Elements with one of ``skip_classes`` in their
``class`` attribute count as marked ``translate="no"`` (the HTML format's ``[html] skip_classes``).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Literal

from l10n.document.html_elements import ATOM_ELEMENTS, INLINE_ELEMENTS, RAW_ELEMENTS, VOID_ELEMENTS

PieceKind = Literal["text", "entity", "tag"]
"""What a piece of a run is: text as written, a character reference, or protected markup."""


@dataclass(frozen=True)
class Piece:
    """One piece of a run."""

    start: int
    """Offset of its first character in the scanned HTML."""
    end: int
    """Offset just past its last character."""
    kind: PieceKind
    """Text, entity, or a tag (or a whole atom element) that must survive translation."""


@dataclass(frozen=True)
class TextRun:
    """Translatable text between two block boundaries of an HTML fragment."""

    start: int
    """Offset of the run's first character (white space around it is skeleton)."""
    end: int
    """Offset just past its last character."""
    pieces: tuple[Piece, ...]
    """Its text, entities and inline tags, in order, covering ``[start, end)``."""
    element: str = ""
    """The innermost open block-level element around the run (``p``, ``li``, ``div``...), lower
    case; empty at the top level of the fragment."""


_TokenKind = Literal["start", "startend", "end", "data", "entity", "other"]


@dataclass(frozen=True)
class _Token:
    """One thing the HTML parser reported."""

    start: int
    """Offset where it starts."""
    kind: _TokenKind
    """Start tag, self-closed start tag, end tag, text, character reference or anything else."""
    name: str = ""
    """Tag name, lower case."""
    untranslated: bool = False
    """A start tag with ``translate="no"``."""


class _Tokens(HTMLParser):
    """Collects tokens with their start offsets (the next token's start is a token's end)."""

    def __init__(self, html: str, skip_classes: frozenset[str] = frozenset()) -> None:
        super().__init__(convert_charrefs=False)
        self.skip_classes = skip_classes
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", html)]
        self.tokens: list[_Token] = []

    def _here(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _add(self, kind: _TokenKind, name: str = "", untranslated: bool = False) -> None:
        at = self._here()
        if self.tokens and self.tokens[-1].start == at:
            return  # nothing consumed (should not happen): keep the first reading
        self.tokens.append(_Token(at, kind, name, untranslated))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._add("start", tag, _untranslated(attrs, self.skip_classes))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._add("startend", tag, _untranslated(attrs, self.skip_classes))

    def handle_endtag(self, tag: str) -> None:
        self._add("end", tag)

    def handle_data(self, data: str) -> None:
        self._add("data")

    def handle_entityref(self, name: str) -> None:
        self._add("entity")

    def handle_charref(self, name: str) -> None:
        self._add("entity")

    def handle_comment(self, data: str) -> None:
        self._add("other")

    def handle_decl(self, decl: str) -> None:
        self._add("other")

    def handle_pi(self, data: str) -> None:
        self._add("other")

    def unknown_decl(self, data: str) -> None:
        self._add("other")


def _untranslated(attrs: list[tuple[str, str | None]], skip_classes: frozenset[str] = frozenset()) -> bool:
    for name, value in attrs:
        if name == "translate" and (value or "").strip().lower() == "no":
            return True
        if name == "class" and skip_classes and skip_classes & set((value or "").split()):
            return True
    return False


def _tokens(html: str, skip_classes: frozenset[str] = frozenset()) -> list[tuple[_Token, int]]:
    """Every token of ``html`` with its end offset."""
    parser = _Tokens(html, skip_classes)
    parser.feed(html)
    parser.close()
    tokens = parser.tokens
    if not tokens:
        return []  # nothing the parser reads as a token ("<" alone): no text, all skeleton
    ends = [t.start for t in tokens[1:]] + [len(html)]
    return list(zip(tokens, ends, strict=True))


def tokens(html: str) -> list[tuple[str, str, bool, int, int]]:
    """(kind, tag name, marked ``translate="no"``, start, end) of every token of ``html``; kind
    is ``start``, ``startend``, ``end``, ``data``, ``entity`` or ``other`` (comments,
    declarations, processing instructions)."""
    return [(t.kind, t.name, t.untranslated, t.start, end) for t, end in _tokens(html)]


@dataclass
class _Walk:
    """State of the walk over the tokens (mutable, private to :func:`text_runs`)."""

    html: str
    runs: list[TextRun]
    pieces: list[Piece]
    tags: list[tuple[int, int]]
    """Start tags read outside raw and atom elements (where ``alt`` and ``title`` may be prose)."""
    open_blocks: list[str]
    """Block-level elements open at this point, outermost first."""
    element: str = ""
    """The innermost open block-level element when the current run began."""

    def piece(self, start: int, end: int, kind: PieceKind) -> None:
        if not self.pieces:
            self.element = self.open_blocks[-1] if self.open_blocks else ""
        self.pieces.append(Piece(start, end, kind))

    def end_run(self) -> None:
        run = _trimmed(self.html, self.pieces)
        if run is not None:
            self.runs.append(TextRun(run.start, run.end, run.pieces, self.element))
        self.pieces = []

    def open_block(self, name: str) -> None:
        self.open_blocks.append(name)

    def close_block(self, name: str) -> None:
        if name in self.open_blocks:
            while self.open_blocks and self.open_blocks.pop() != name:
                pass


def text_runs(html: str, skip_classes: frozenset[str] = frozenset()) -> tuple[TextRun, ...]:
    """The runs of translatable text of the HTML fragment ``html``, in order (elements with a
    class of ``skip_classes`` are read as marked ``translate="no"``)."""
    return tuple(_walk(html, skip_classes).runs)


def scan(
    html: str, skip_classes: frozenset[str] = frozenset()
) -> tuple[tuple[TextRun, ...], tuple[tuple[int, int], ...]]:
    """The runs of text of ``html`` (as :func:`text_runs`) and the (start, end) of every start
    tag outside raw, atom and untranslated elements and outside the runs: where translatable
    attribute values may be."""
    walk = _walk(html, skip_classes)
    starts = [r.start for r in walk.runs]
    tags = []
    for tag in walk.tags:
        i = bisect.bisect_right(starts, tag[0]) - 1
        if i < 0 or not walk.runs[i].start <= tag[0] < walk.runs[i].end:
            tags.append(tag)
    return tuple(walk.runs), tuple(tags)


_ATTRIBUTE = re.compile(r'\s(?:alt|title)\s*=\s*"([^"]*)"', re.IGNORECASE)
"""An ``alt`` or ``title`` attribute whose value is double-quoted: prose, in which a
translation may write an apostrophe (single-quoted and unquoted values are left alone)."""


def attribute_runs(html: str) -> tuple[TextRun, ...]:
    """The double-quoted ``alt`` and ``title`` values with a word in them of the start tags that are
    not part of a run of text (a tag inside a run is an atom of that run, kept whole)."""
    return text_and_attribute_runs(html)[1]


def text_and_attribute_runs(html: str) -> tuple[tuple[TextRun, ...], tuple[TextRun, ...]]:
    """:func:`text_runs` and :func:`attribute_runs` of ``html``, from one reading of it."""
    walk = _walk(html)
    starts = [r.start for r in walk.runs]  # the runs are in order and do not overlap
    out: list[TextRun] = []
    for start, end in walk.tags:
        i = bisect.bisect_right(starts, start) - 1
        if i >= 0 and start < walk.runs[i].end:
            continue
        for found in _ATTRIBUTE.finditer(html, start, end):
            s, e = found.span(1)
            value = html[s:e]
            if any(ch.isalnum() for ch in value) and value == value.strip() and "\n" not in value:
                out.append(TextRun(s, e, (Piece(s, e, "text"),)))
    return tuple(walk.runs), tuple(out)


def _walk(html: str, skip_classes: frozenset[str] = frozenset()) -> _Walk:
    walk = _Walk(html, [], [], [], [])
    skip: tuple[str, int, int, bool] | None = None  # (element, depth, start, kept as an atom)
    for token, end in _tokens(html, skip_classes):
        kind, name = token.kind, token.name
        if skip is not None:
            element, depth, start, atom = skip
            if kind == "start" and name == element and name not in VOID_ELEMENTS:
                skip = (element, depth + 1, start, atom)
            elif kind == "end" and name == element:
                skip = (element, depth - 1, start, atom) if depth > 1 else None
                if skip is None and atom:
                    walk.piece(start, end, "tag")
            continue
        if kind in ("data", "entity"):
            walk.piece(token.start, end, "text" if kind == "data" else "entity")
        elif kind == "other":
            walk.end_run()
        elif kind == "end":
            if name in INLINE_ELEMENTS:
                walk.piece(token.start, end, "tag")
            else:
                walk.end_run()
                walk.close_block(name)
        else:
            walk.tags.append((token.start, end))
            opens = kind == "start" and name not in VOID_ELEMENTS
            inline = name in INLINE_ELEMENTS or name in ATOM_ELEMENTS
            if name in RAW_ELEMENTS or (token.untranslated and not inline):
                walk.end_run()
                if opens:
                    skip = (name, 1, token.start, False)
            elif name in ATOM_ELEMENTS or token.untranslated:
                if opens:
                    skip = (name, 1, token.start, True)
                else:
                    walk.piece(token.start, end, "tag")
            elif name in INLINE_ELEMENTS:
                walk.piece(token.start, end, "tag")
            else:
                walk.end_run()
                if opens:
                    walk.open_block(name)
    if skip is not None and skip[3]:
        walk.piece(skip[2], len(html), "tag")  # an atom element left open: protected to the end
    walk.end_run()
    return walk


_EDGE_TAGS = re.compile(r"<(?:br|wbr|img)\b[^>]*>", re.IGNORECASE)
"""Void tags left to the skeleton at the edges of a run (an image's ``alt`` is then a run of
its own)."""


def _trimmed(html: str, pieces: list[Piece]) -> TextRun | None:
    """The run of ``pieces`` without white space, line breaks and images at its edges, or None when
    it holds no word (only white space, punctuation, entities or tags)."""
    if not any(p.kind == "text" and any(ch.isalnum() for ch in html[p.start : p.end]) for p in pieces):
        return None
    kept = list(pieces)
    while kept and (_blank(html, kept[0]) or _unpaired(html, kept, 0)):
        kept.pop(0)
    while kept and (_blank(html, kept[-1]) or _unpaired(html, kept, -1)):
        kept.pop()
    if not kept:
        return None
    first, last = kept[0], kept[-1]
    if first.kind == "text":
        text = html[first.start : first.end]
        first = Piece(first.start + len(text) - len(text.lstrip()), first.end, "text")
    if last.kind == "text":
        text = html[last.start : last.end]
        last = Piece(last.start, last.end - len(text) + len(text.rstrip()), "text")
    if len(kept) == 1:
        kept = [Piece(first.start, last.end, first.kind)]
    else:
        kept[0], kept[-1] = first, last
    return TextRun(kept[0].start, kept[-1].end, tuple(kept))


_TAG_NAME = re.compile(r"</?([A-Za-z][^\s/>]*)")


def _unpaired(html: str, pieces: list[Piece], at: int) -> bool:
    """Whether the piece at the edge ``at`` (0 or -1) of a run is an inline start tag the run
    never closes (first piece) or an end tag of an element opened before the run (last piece):
    left to the skeleton. Text a translation puts beside such a tag would land in another
    element: after ``<p><a></p>`` the parser reopens the unclosed ``a`` around any text that
    comes before the next tag, so a message ``<a>Hello.`` translated ``[<a>Olá.]`` gets one
    ``a`` element more than the page had."""
    edge = _tag_of(html, pieces[at])
    if edge is None or edge[1] != (at == -1) or edge[0] in VOID_ELEMENTS:
        return False
    name, closing = edge
    others = pieces[1:] if at == 0 else pieces[:-1]
    return (name, not closing) not in {_tag_of(html, p) for p in others}


def _tag_of(html: str, piece: Piece) -> tuple[str, bool] | None:
    """The element name of a piece that is one tag (lower case; not an atom element kept
    whole, ``<kbd>Ctrl</kbd>``) and whether it is an end tag."""
    found = _TAG_NAME.match(html, piece.start) if piece.kind == "tag" else None
    if found is None or html.find("<", piece.start + 1, piece.end) != -1:
        return None
    return found.group(1).lower(), html.startswith("</", piece.start)


def _blank(html: str, piece: Piece) -> bool:
    text = html[piece.start : piece.end]
    if piece.kind == "text":
        return text.isspace() or not text
    return piece.kind == "tag" and _EDGE_TAGS.fullmatch(text) is not None

