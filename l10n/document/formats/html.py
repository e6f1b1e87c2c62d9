"""HTML articles (a CMS export: a full page or a fragment): their prose and prose attributes.

The page is scanned once by :func:`~l10n.document.formats.html_blocks.scan`, the same scanner
that reads HTML blocks inside Markdown, so there is one reading of what HTML text is. Each run of
text between block-level tags (``p``, ``h2``, ``li``, ``td``, ``figcaption``, text directly in a
``div``...) becomes a block; inline tags (``a``, ``em``, ``br``...) stay in it as protected
atoms, whole ``code``/``kbd`` elements as one atom. ``script``, ``style``, ``pre``,
``template``, ``textarea``, comments and elements marked ``translate="no"`` or with one of
``[html] skip_classes`` are skeleton. Translatable attribute values (:data:`PROSE_ATTRIBUTES`,
and the ``content`` of :data:`PROSE_META` tags) outside the runs are blocks of their own.

What a translator sees: white space collapsed to one space (in tags too) and character references decoded
(``&nbsp;`` is U+00A0, ``&rsquo;`` is ’), except the three that are HTML syntax in a message
holding tags (``&lt;``, ``&gt;``, ``&amp;``, kept as written in text runs) and invisible
characters (``&shy;``, ``&#8203;``...). Each such change is recorded in
:attr:`~l10n.document.model.Block.rewritten`, so the build writes untranslated text back byte
for byte (:mod:`l10n.document.formats.html_build`) and escapes translated text.
"""

from __future__ import annotations

import bisect
import html as html_lib
import re
import unicodedata

from l10n.document.formats import FormatOptions
from l10n.document.formats.html_blocks import TextRun, scan
from l10n.document.model import Block, BlockKind, Document, Layout, Markup, MarkupKind

PROSE_ATTRIBUTES = frozenset({"alt", "title", "aria-label", "placeholder"})
"""Attributes whose values are prose, on any tag outside a run of text."""
PROSE_META = frozenset({"description", "og:title", "og:description", "twitter:title",
                        "twitter:description"})
"""``<meta name=...>``/``<meta property=...>`` whose ``content`` is prose."""
KINDS: dict[str, BlockKind] = {
    "p": BlockKind.PARAGRAPH, "li": BlockKind.LIST_ITEM, "td": BlockKind.TABLE_CELL,
    "th": BlockKind.TABLE_HEADER, "blockquote": BlockKind.BLOCKQUOTE,
    "dt": BlockKind.DEFINITION_TERM, "dd": BlockKind.DEFINITION,
    **{f"h{n}": BlockKind.HEADING for n in range(1, 7)},
}
"""Block kinds of runs by their element; text in any other element is ``html text``."""

_STAND_IN = "xxx"
_WHITE = re.compile(r"[ \t\n\r\f]+")
_PLAIN_TAG = re.compile(r"<[^<>]*>\Z")
_ATTRIBUTE = re.compile(
    r"""[\s"'/]([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?"""
)
_CHARREF = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_SYNTAX = frozenset("<>&")


def parse_html(text: str, path: str, options: FormatOptions) -> Document:
    """The blocks of the HTML page or fragment ``text`` (the article at ``path``)."""
    runs, tags = scan(text, frozenset(options.skip_classes))
    line_starts = [0] + [m.end() for m in re.finditer(r"\r\n|\n|\r", text)]
    blocks: list[Block] = []
    for run in runs:
        if any(p.kind == "text" and "<" in text[p.start : p.end] for p in run.pieces):
            continue  # a tag the HTML parser did not read as one (``<div`` unclosed): not text
        block = _text_block(text, run, line_starts)
        if block is not None:
            blocks.append(block)
    for start, end in tags:
        blocks.extend(_attribute_blocks(text, start, end, line_starts))
    blocks.sort(key=lambda b: b.start)
    return Document(path=path, text=text, blocks=tuple(blocks), format="html")


class _Logical:
    """The logical text of a block being built, with what each rewritten range stood for."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.rewritten: list[tuple[int, int, str]] = []

    def add(self, logical: str, written: str) -> tuple[int, int]:
        start = self.size
        self.parts.append(logical)
        self.size += len(logical)
        if logical != written:
            self.rewritten.append((start, self.size, written))
        return start, self.size

    def text(self, source: str) -> None:
        """Add text as written, each run of white space collapsed to one space."""
        pos = 0
        for m in _WHITE.finditer(source):
            if m.start() > pos:
                self.add(source[pos : m.start()], source[pos : m.start()])
            self.add(" ", m.group(0))
            pos = m.end()
        if pos < len(source):
            self.add(source[pos:], source[pos:])

    def reference(self, written: str, keep_syntax: bool) -> None:
        """Add a character reference, decoded unless it is syntax or invisible."""
        decoded = html_lib.unescape(written)
        if not decoded or (keep_syntax and _SYNTAX & set(decoded)) or any(
            unicodedata.category(ch)[0] in "CZ" and ch != "\u00a0" for ch in decoded
        ):
            decoded = written
        self.add(decoded, written)


def _text_block(text: str, run: TextRun, line_starts: list[int]) -> Block | None:
    out = _Logical()
    markup: list[Markup] = []
    hidden: list[tuple[int, int, str]] = []
    for piece in run.pieces:
        written = text[piece.start : piece.end]
        if piece.kind == "text":
            out.text(written)
        elif piece.kind == "entity":
            out.reference(written, keep_syntax=True)
        else:
            start, end = out.add(_WHITE.sub(" ", written), written)  # build writes it back
            markup.append(Markup(start, end, MarkupKind.ATOM, "html"))
            hidden.append((start, end, "" if _PLAIN_TAG.match(written) else _STAND_IN))
    logical = "".join(out.parts)
    if not any(ch.isalnum() for ch in _visible(logical, markup)):
        return None
    kind = KINDS.get(run.element, BlockKind.HTML_TEXT)
    return _block(kind, run.start, run.end, out, line_starts, run.element, tuple(markup),
                  tuple(hidden))


def _visible(logical: str, markup: list[Markup]) -> str:
    chars = list(logical)
    for m in markup:
        chars[m.start : m.end] = " " * (m.end - m.start)
    return "".join(chars)


def _block(kind: BlockKind, start: int, end: int, logical: _Logical, line_starts: list[int],
           note: str, markup: tuple[Markup, ...] = (),
           hidden: tuple[tuple[int, int, str], ...] = ()) -> Block:
    line = bisect.bisect_right(line_starts, start)
    return Block(kind, start, end, "".join(logical.parts), line, Layout.INLINE,
                 column=start - line_starts[line - 1], markup=markup, hidden=hidden,
                 rewritten=tuple(logical.rewritten), note=note)


def tag_attributes(tag: str) -> list[tuple[str, int, int, str]]:
    """(name in lower case, value start, value end, quote) of each attribute of the start tag
    ``tag`` that has a value, offsets into ``tag``; quote is ``"``, ``'`` or empty (unquoted)."""
    name_end = re.match(r"<[^\s/>]*", tag)
    pos = name_end.end() if name_end else 0
    out = []
    for m in _ATTRIBUTE.finditer(tag, pos):
        for group, quote in ((2, '"'), (3, "'"), (4, "")):
            if m.group(group) is not None:
                out.append((m.group(1).lower(), m.start(group), m.end(group), quote))
    return out


def _attribute_blocks(text: str, start: int, end: int, line_starts: list[int]) -> list[Block]:
    tag = text[start:end]
    name = re.match(r"<([^\s/>]+)", tag)
    if name is None:
        return []
    attributes = tag_attributes(tag)
    wanted = set(PROSE_ATTRIBUTES)
    if name.group(1).lower() == "meta":
        keys = {n: tag[s:e].strip().lower() for n, s, e, _ in attributes}
        if keys.get("name") in PROSE_META or keys.get("property") in PROSE_META:
            wanted.add("content")
    out = []
    for attr, s, e, _ in attributes:
        if attr not in wanted:
            continue
        value = tag[s:e]
        lead = len(value) - len(value.lstrip(" \t\n\r\f"))
        trail = len(value.rstrip(" \t\n\r\f"))
        value = value[lead:trail]
        if not any(ch.isalnum() for ch in html_lib.unescape(value)):
            continue
        logical = _Logical()
        pos = 0
        for m in _CHARREF.finditer(value):
            logical.text(value[pos : m.start()])
            logical.reference(m.group(0), keep_syntax=False)
            pos = m.end()
        logical.text(value[pos:])
        out.append(_block(BlockKind.HTML_ATTRIBUTE, start + s + lead, start + s + trail,
                          logical, line_starts, attr))
    return out
