"""Inline Markdown of one message: the single place that says what is markup and what is text.

A message is one sentence (or block) of an article, cut out of its paragraph. It is parsed by
pyromark (pulldown-cmark), the parser the Markdown format uses for whole articles, as if it stood
in the middle of a paragraph: a stand-in word in front and line breaks read as spaces, so a
message that starts with ``#``, ``1.`` or four spaces is not taken for a heading, a list or a
code block, and a footnote reference is recognised although its definition lives elsewhere.

:func:`parse_inline` gives the pieces: containers (emphasis, strong, strikethrough, links,
images), atoms (code spans, inline HTML, autolinks, footnote references, and template tags
found by :mod:`l10n.document.templates`, which the parser reads as one opaque word), the text
between them and the link syntax after a link's text. The checks, the word counts and the build guard ask it;
the event names it classifies are shared with :mod:`l10n.document.formats.markdown`.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, cast

import pyromark

from l10n.document.model import Markup, MarkupKind
from l10n.document.templates import Tag, find_tags, has_tags, opaque

CONTAINER_EVENTS = frozenset({
    "Emphasis", "Strong", "Strikethrough", "Link", "Image", "Superscript", "Subscript",
})
"""pyromark Start/End tags of inline containers: text inside them is translated."""
ATOM_EVENTS = frozenset({"Code", "InlineHtml", "FootnoteReference", "InlineMath", "DisplayMath", "Html"})
"""pyromark events of inline atoms: kept whole, never translated."""
ATOM_NAMES = {"InlineHtml": "html", "Html": "html", "FootnoteReference": "footnote"}
"""Markup names of atom events whose name is not simply the lower-cased event."""

EMPHASIS_CHARS = "*_~"
"""Characters whose runs open and close emphasis, strong and strikethrough."""

_OPTIONS = pyromark.Options.ENABLE_FOOTNOTES | pyromark.Options.ENABLE_STRIKETHROUGH
_STAND_IN = "a "
_FOOTNOTE_LABEL = re.compile(r"\[\^([^\]\s]+)\]")
_MAYBE_MARKUP = re.compile(r"[`<\[\]*_~&\\!]")


@dataclass(frozen=True)
class Inline:
    """The inline pieces of one message."""

    text: str
    """The message as given."""
    markup: tuple[Markup, ...]
    """Containers and atoms, sorted by start (outer before inner); offsets into ``text``."""
    literal: tuple[tuple[int, int], ...]
    """Ranges of ``text`` that are plain text (what a reader sees as words)."""
    link_tails: tuple[tuple[int, int], ...]
    """Ranges of link and image syntax after the link text: ``](dest "title")``."""

    def atoms(self) -> Counter[tuple[str, str]]:
        """Multiset of what must survive translation unchanged: ``(kind, value)`` pairs for
        link and image destinations, code spans, HTML tags, footnote references and template
        tags (:mod:`l10n.document.templates`)."""
        out: Counter[tuple[str, str]] = Counter()
        for m in self.markup:
            if m.name in ("link", "image", "autolink"):
                out[("image" if m.name == "image" else "link", m.target)] += 1
            elif m.kind is MarkupKind.ATOM:
                value = self.text[m.start : m.end]
                if m.name == "html":
                    value = value.strip()
                out[(m.name, value)] += 1
        return out

    def stray_delimiters(self) -> Counter[str]:
        """Emphasis characters left as literal text (unpaired), by character; escaped ones
        (``\\*``) are meant literally and not counted."""
        out: Counter[str] = Counter()
        text = self.text
        for start, end in self.literal:
            for i in range(start, end):
                ch = text[i]
                if ch in EMPHASIS_CHARS and not (i > 0 and text[i - 1] == "\\"):
                    out[ch] += 1
        return out

    def first_stray_run(self, char: str) -> str:
        """The first unpaired run of ``char`` (``**``, ``*``...), as written."""
        text = self.text
        for start, end in self.literal:
            i = text.find(char, start, end)
            if i >= 0:
                j = i
                while j < len(text) and text[j] == char:
                    j += 1
                return text[i:j]
        return char

    def prose(self) -> str:
        """``text`` with link destinations, HTML tags and autolinks blanked out (same length)."""
        chars = list(self.text)
        spans = list(self.link_tails)
        spans += [(m.start, m.end) for m in self.markup if m.name in ("html", "autolink", "template")]
        for start, end in spans:
            chars[start:end] = " " * (end - start)
        return "".join(chars)


def prose(text: str) -> str:
    """``text`` with link destinations, HTML tags, autolinks and template tags blanked out (same
    length): the words a reader sees, for counting."""
    if "<" not in text and "]" not in text and not has_tags(text):
        return text  # no link syntax, tag or autolink can be in it
    return parse_inline(text).prose()


def parse_inline(text: str) -> Inline:
    """The inline pieces of ``text`` (one message of a Markdown article)."""
    if not _MAYBE_MARKUP.search(text) and not has_tags(text):
        return Inline(text, (), ((0, len(text)),) if text else (), ())
    return _parse(text)


@lru_cache(maxsize=4096)
def _parse(text: str) -> Inline:
    flat = text.replace("\r", " ").replace("\n", " ")
    tags = find_tags(flat) if has_tags(flat) else []
    if tags:  # a tag is one opaque word to the Markdown parser; it becomes an atom below
        flat = opaque(flat, tags)
    labels = sorted(set(_FOOTNOTE_LABEL.findall(flat)))
    source = _STAND_IN + flat + "".join(f"\n\n[^{label}]: x" for label in labels)
    to_char = _char_offsets(_STAND_IN + flat)
    limit = len((_STAND_IN + flat).encode("utf-8"))
    shift = len(_STAND_IN)
    markup: list[Markup] = []
    literal: list[tuple[int, int]] = []
    tails: list[tuple[int, int]] = []
    open_links: list[list[int]] = []  # [start, end, text end] of links and images being read
    for raw, rng in pyromark.events_with_range(source, options=_OPTIONS):
        if rng["start"] >= limit:
            break
        start = max(to_char(rng["start"]) - shift, 0)
        end = max(to_char(rng["end"]) - shift, 0)
        event = cast(Any, raw)
        if type(event) is not dict:
            continue
        tag = next(iter(event))
        value = event[tag]
        if tag == "Start":
            name = value if type(value) is str else next(iter(value))
            if name not in CONTAINER_EVENTS:
                continue
            target = ""
            if type(value) is dict and type(value[name]) is dict:
                info = value[name]
                target = str(info.get("dest_url", ""))
                if info.get("link_type") in ("Autolink", "Email"):
                    markup.append(Markup(start, end, MarkupKind.ATOM, "autolink", target))
                    open_links.append([start, end, -1])
                    continue
            markup.append(Markup(start, end, MarkupKind.CONTAINER, name.lower(), target))
            if name in ("Link", "Image"):
                open_links.append([start, end, start + (2 if name == "Image" else 1)])
        elif tag == "End":
            name = value if type(value) is str else next(iter(value))
            if name in ("Link", "Image") and open_links:
                link_start, link_end, text_end = open_links.pop()
                if text_end >= 0:
                    tails.append((text_end, link_end))
                    if open_links and open_links[-1][2] >= 0:
                        open_links[-1][2] = max(open_links[-1][2], link_end)
        elif tag in ATOM_EVENTS:
            name = ATOM_NAMES.get(tag, tag.lower())
            markup.append(Markup(start, end, MarkupKind.ATOM, name))
            _extend(open_links, end)
        elif tag == "Text":
            if not (open_links and open_links[-1][2] < 0):
                literal.append((start, end))
            _extend(open_links, end)
        elif tag in ("SoftBreak", "HardBreak"):
            _extend(open_links, end)
    for link in open_links:
        if link[2] >= 0:
            tails.append((link[2], link[1]))
    if tags:
        literal = _add_tags(tags, markup, literal)
        markup = [_real_target(m, text, flat) for m in markup]
    markup.sort(key=lambda m: (m.start, -m.end))
    return Inline(text, tuple(markup), tuple(literal), tuple(sorted(tails)))


def _add_tags(
    tags: list[Tag], markup: list[Markup], literal: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Add template tags as ``template`` atoms (except inside a code span or HTML tag, which
    keeps them already) and take them out of the literal text."""
    others = [(m.start, m.end) for m in markup if m.kind is MarkupKind.ATOM]
    spans: list[tuple[int, int]] = []
    for tag in tags:
        if not any(s <= tag.start and tag.end <= e for s, e in others):
            markup.append(Markup(tag.start, tag.end, MarkupKind.ATOM, "template"))
            spans.append((tag.start, tag.end))
    if not spans:
        return literal
    out: list[tuple[int, int]] = []
    for start, end in literal:
        pos = start
        for s, e in spans:
            if e <= pos or s >= end:
                continue
            if s > pos:
                out.append((pos, s))
            pos = max(pos, e)
        if pos < end:
            out.append((pos, end))
    return out


def _real_target(m: Markup, text: str, flat: str) -> Markup:
    """The destination of a link read with its template tags made opaque, as written:
    ``[post]({{ site.url }}/about)``."""
    if not m.target:
        return m
    at = flat.find(m.target, m.start, m.end)
    if at < 0:
        return m
    return Markup(m.start, m.end, m.kind, m.name, text[at : at + len(m.target)].replace("\n", " "))


def _extend(open_links: list[list[int]], end: int) -> None:
    """Inner content up to ``end`` belongs to the text of the innermost open link."""
    if open_links and open_links[-1][2] >= 0:
        open_links[-1][2] = max(open_links[-1][2], end)


def _char_offsets(text: str) -> Any:
    """A function mapping UTF-8 byte offsets of ``text`` to character offsets."""
    if text.isascii():
        return lambda byte: byte
    ends: list[int] = []
    total = 0
    for ch in text:
        total += len(ch.encode("utf-8"))
        ends.append(total)

    def char(byte: int) -> int:
        return bisect.bisect_right(ends, byte)

    return char
