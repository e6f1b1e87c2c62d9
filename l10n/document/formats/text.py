"""Plain-text articles: blocks separated by blank lines, with the layout of RFC- and PEP-style text.

Leading and trailing white space of every line stays in the skeleton. Structure recognised
inside the blank-line groups, so that a translation keeps it:

- **Underlined headings**: a title line followed by a rule of one repeated character (``====``,
  ``----``, ``~~~~``...), optionally with the same rule above it. The title is one message; the
  rules are skeleton, and one that ended where the title ended is lengthened or shortened with
  the translated title (display width).
- **Indented blocks**: a group indented two or more columns deeper than the article's body text
  (code, literal text, tables) is verbatim, never a message. The body indentation is the most common indentation of
  the article's wrapped paragraphs. So are tables at any indentation (most lines with columns
  of spaces or ``|``) and reST explicit markup (``.. note::``, ``.. _target:``). The ``[text]
  indented = "translate"`` setting makes indented blocks translatable (tables stay verbatim).
- **List items and hanging indents**: a line that starts with a list marker (``*``, ``-``, ``1.``,
  ``a)``, ``(iv)``...) starts an item; an item, or a paragraph whose continuation lines are
  indented deeper than its first line, is one message re-wrapped behind that indentation. An
  indented group right after such an item, at its continuation indentation, is its next
  paragraph (prose, not verbatim).
- **Terms with an indented body**: a first line that stopped early (the next word would have
  fit) followed by deeper lines is a term: one message, and the body is a paragraph of its own.

Lines of an ordinary paragraph are either one hard-wrapped paragraph (``soft``: a translation is
re-wrapped to the source width) or separate units such as a byline and a dateline (``hard``:
every line is its own message). ``auto`` picks ``soft`` for blocks whose lines look wrapped: two
or more lines, all but the last long and of similar length, most of them broken where the next
word would not have fitted.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from l10n.document.formats import FormatOptions
from l10n.document.model import Block, BlockKind, Document, Layout
from l10n.document.sentence_rules import LIST_BULLETS, inline_list_items
from l10n.document.widths import display_width

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r|$)")
_RULE = re.compile(r"([=\-~^*+#_:.'\"`])\1{2,}")
_COLUMNS = re.compile(r"\S(?: {3,}|\t)\s*\S|\S \| \S|^[+|]?-{3,}[+|]")
_EXPLICIT = re.compile(r"\.\.(?: |$)")
_MARKER = re.compile(r"(?:[-*+•o]|\d{1,3}[.)]|[a-z][.)]|\((?:\d{1,3}|[a-z]|[ivxlc]{1,5})\))[ \t]+(?=\S)")


@dataclass(frozen=True)
class _Line:
    """One non-blank source line."""

    start: int
    """Offset of the line."""
    lead: int
    """Offset of its first non-blank character."""
    end: int
    """Offset just past its last non-blank character."""
    lineno: int
    """1-based line number."""
    indent: int
    """Columns of the leading white space (tabs to multiples of 8)."""

    def content(self, text: str) -> str:
        return text[self.lead : self.end]


def parse_text(text: str, path: str, options: FormatOptions) -> Document:
    """Find the translatable blocks of a plain-text article."""
    groups: list[list[_Line]] = [[]]
    for lineno, (start, end) in enumerate(_lines(text), 1):
        if start == 0 and text.startswith("\ufeff"):
            start = 1  # a UTF-8 byte order mark is skeleton: the built article keeps it
        raw = text[start:end]
        if not raw.strip():
            if groups[-1]:
                groups.append([])
            continue
        lead = len(raw) - len(raw.lstrip())
        indent = len(raw[:lead].expandtabs(8))
        groups[-1].append(_Line(start, start + lead, start + len(raw.rstrip()), lineno, indent))
    groups = [g for g in groups if g]
    parser = _Parser(text, options, _body_indent(text, groups))
    for group in groups:
        parser.group(group)
    return Document(path=path, text=text, blocks=tuple(parser.blocks), format="text")


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, without its line ending."""
    out: list[tuple[int, int]] = []
    for m in _LINE.finditer(text):
        if m.start() == len(text) and out:
            break
        body = m.group(0).rstrip("\r\n")
        out.append((m.start(), m.start() + len(body)))
    return out


def _looks_wrapped(text: str, group: list[_Line]) -> bool:
    """Long lines of similar length, most of them broken because the next word did not fit."""
    lengths = [line.end - line.start for line in group]
    widest = max(lengths)
    if widest < 30 or any(n < widest - 25 for n in lengths[:-1]):
        return False
    full = sum(
        n + 1 + len(text[nxt.lead : nxt.end].split(maxsplit=1)[0]) > widest
        for n, nxt in zip(lengths, group[1:])
    )
    return 2 * full >= len(group) - 1


def _tabular(text: str, lines: list[_Line]) -> bool:
    """Columns (runs of spaces or ``|`` inside most lines) or reST explicit markup (``.. x::``)."""
    if text.startswith("..", lines[0].lead) and _EXPLICIT.match(text, lines[0].lead, lines[0].end):
        return True
    columns = sum(bool(_COLUMNS.search(text, line.lead, line.end)) for line in lines)
    return 2 * columns > len(lines)


def _body_indent(text: str, groups: list[list[_Line]]) -> int:
    """The indentation of the article's body text: most common among its wrapped paragraphs."""
    wrapped = Counter(
        g[0].indent for g in groups
        if len(g) > 1 and len({line.indent for line in g}) == 1 and _looks_wrapped(text, g)
    )
    counts = wrapped or Counter(line.indent for g in groups for line in g)
    if not counts:
        return 0  # an empty (or blank) article
    return min(counts, key=lambda indent: (-counts[indent], indent))


class _Parser:
    """Turns blank-line groups into blocks, remembering the previous item's indentation."""

    def __init__(self, text: str, options: FormatOptions, body: int) -> None:
        self.text = text
        self.options = options
        self.body = body
        self.blocks: list[Block] = []
        self.continuation: int | None = None  # where the last item's lines went on

    def group(self, group: list[_Line]) -> None:
        first = group[0]
        follows_item = self.continuation is not None and first.indent == self.continuation
        indented = first.indent >= self.body + 2 and not self._marker(first) and not follows_item
        if (indented and not self.options.indented) or _tabular(self.text, group):
            self.continuation = None
            return  # an indented block (code, literal text), a table, a reST directive
        if not follows_item:
            self.continuation = None
        units: list[tuple[bool, list[_Line]]] = []  # (is a heading, lines)
        i = 0
        while i < len(group):
            heading = self._heading(group, i)
            if heading:
                units.append((True, group[i : i + heading]))
                i += heading
                continue
            line = group[i]
            i += 1
            if _RULE.fullmatch(line.content(self.text)):
                units.append((True, []))  # a rule of its own: skeleton
                continue
            last = units[-1] if units else None
            if last is None or last[0] or self._marker(line) or line.indent < last[1][-1].indent:
                units.append((False, [line]))
            else:
                last[1].append(line)
        single = len(units) == 1 and len(group) == 1
        for is_heading, lines in units:
            if is_heading and lines:
                self._underlined(lines)
                self.continuation = None
            elif lines:
                self._item(lines, single)

    def _marker(self, line: _Line) -> re.Match[str] | None:
        return _MARKER.match(self.text, line.lead, line.end)

    def _heading(self, group: list[_Line], i: int) -> int:
        """How many lines a heading starting at ``group[i]`` takes (0: none)."""
        over = _RULE.fullmatch(group[i].content(self.text))
        at = i + 1 if over else i
        if at + 1 >= len(group) or _RULE.fullmatch(group[at].content(self.text)):
            return 0
        under = _RULE.fullmatch(group[at + 1].content(self.text))
        if not under or (over and over.group(1) != under.group(1)):
            return 0
        if at + 2 < len(group) and group[at + 2].indent > group[at].indent:
            return 0  # "term\n----\n   body": not worth guessing
        return at + 2 - i

    def _underlined(self, lines: list[_Line]) -> None:
        title = lines[-2]
        rules = [lines[0]] if len(lines) == 3 else []
        under = lines[-1]
        text = self.text
        start = rules[0].lead if rules else title.lead
        gaps = (text[rules[0].end : title.lead] if rules else "", text[title.end : under.lead])
        self.blocks.append(
            Block(
                BlockKind.HEADING,
                start,
                under.end,
                title.content(text),
                title.lineno,
                Layout.UNDERLINED,
                separators=(rules[0].content(text) if rules else "", *gaps, under.content(text)),
                column=start - (rules[0] if rules else title).start,
                width=title.indent + display_width(title.content(text)),
            )
        )

    def _item(self, item: list[_Line], single: bool) -> None:
        first, rest = item[0], item[1:]
        marker = self._marker(first)
        if marker and not rest and _one_line_list(self.text[first.lead : first.end], marker.group()):
            # "1) The first item 2) The second item", "• 9. One • 10. Two": a list written on
            # one line; its first marker stays in the text, where the segmenter cuts before
            # each next one.
            marker = None
        lead = marker.end() if marker else first.lead
        indents = {line.indent for line in rest}
        if not rest:
            self._line(first, lead, BlockKind.PARAGRAPH if single else BlockKind.LINE)
            self.continuation = None
            return
        if len(indents) > 1:
            self._line(first, lead, BlockKind.LINE)
            self.continuation = None
            self._item(rest, single=False)
            return
        deeper = rest[0].indent
        if marker is None and deeper == first.indent:
            self._paragraph(item)
            return
        if marker is None and deeper > first.indent and self._is_term(first, rest):
            self._line(first, lead, BlockKind.LINE)
            self.continuation = None
            self._paragraph(rest)
            return
        if self.options.line_breaks == "hard":
            self._line(first, lead, BlockKind.LINE)
            for line in rest:
                self._line(line, line.lead, BlockKind.LINE)
        else:
            self._wrapped(item, lead)
        self.continuation = deeper

    def _is_term(self, first: _Line, rest: list[_Line]) -> bool:
        """Whether ``first`` stopped early: the next word would have fitted on it."""
        widest = max(line.end - line.start for line in rest)
        next_word = self.text[rest[0].lead : rest[0].end].split(maxsplit=1)[0]
        return first.end - first.start + 1 + len(next_word) <= widest

    def _paragraph(self, lines: list[_Line]) -> None:
        if _tabular(self.text, lines):
            self.continuation = None
            return
        soft = len(lines) > 1 and (
            self.options.line_breaks == "soft"
            or (self.options.line_breaks == "auto" and _looks_wrapped(self.text, lines))
        )
        if soft:
            self._wrapped(lines, lines[0].lead)
        else:
            for line in lines:
                self._line(line, line.lead, BlockKind.PARAGRAPH if len(lines) == 1 else BlockKind.LINE)
        self.continuation = None

    def _line(self, line: _Line, lead: int, kind: BlockKind) -> None:
        text = self.text
        self.blocks.append(Block(kind, lead, line.end, text[lead : line.end], line.lineno, Layout.INLINE))

    def _wrapped(self, lines: list[_Line], lead: int) -> None:
        text = self.text
        first, last = lines[0], lines[-1]
        pieces = [text[lead : first.end]] + [text[line.lead : line.end] for line in lines[1:]]
        separators = tuple(text[lines[i].end : lines[i + 1].lead] for i in range(len(lines) - 1))
        self.blocks.append(
            Block(
                BlockKind.PARAGRAPH,
                lead,
                last.end,
                "\n".join(pieces),
                first.lineno,
                Layout.WRAPPED,
                separators=separators,
                width=max(line.end - line.start for line in lines),
                column=lead - first.start,
            )
        )


def _one_line_list(line: str, marker: str) -> bool:
    """Whether ``line`` (starting with the list marker ``marker``) holds a whole list: numbered
    markers in sequence, or a typographic bullet (``•``...) that comes back later in the line."""
    if inline_list_items(line):
        return True
    bullet = marker.strip()
    return len(bullet) == 1 and bullet in LIST_BULLETS and f" {bullet} " in line[len(marker) :]
