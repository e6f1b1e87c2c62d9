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

Reference links (``[text][label]``, ``[label][]``, ``[label]``) are links only where their label
is defined, which is elsewhere in the article: given the article's definitions, they are read as
links to their destinations. A translated label matches no definition, so :func:`relabel_references`
writes such a link as a full reference to the source's label (``[notas de versão][release notes]``).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal, cast

import pyromark

from l10n.document.html_elements import ATOM_ELEMENTS, VOID_ELEMENTS
from l10n.document.model import LinkDefinition, Markup, MarkupKind
from l10n.document.templates import Tag, find_tags, has_tags, opaque

References = tuple[LinkDefinition, ...]
"""The link reference definitions of an article (:attr:`~l10n.document.model.Document.references`)."""

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
_ATTRIBUTE = r"""(?:[#.][^\s{}#.="']+|[A-Za-z_][\w:.-]*=(?:"[^"]*"|'[^']*'|[^\s"'{}]+))"""
ATTRIBUTE_LIST = re.compile(
    r"\{:[ \t]*(?:(?:%s|[A-Za-z_][\w-]*)[ \t]*)+\}|\{[ \t]*(?:%s[ \t]*)+\}" % (_ATTRIBUTE, _ATTRIBUTE)
)
"""An attribute list (kramdown's ``{: .note}``, Goldmark's and Pandoc's ``{#id .class key="v"}``):
markup, never translated. A line of its own next to a block, or right after a span element."""
_REFERENCE_TYPES = frozenset({"Reference", "Collapsed", "Shortcut"})
_BRACKETED = re.compile(r"\[((?:[^\[\]\\]|\\.)+)\]")
_PROBE = "l10n-probe:"
_WHITE = re.compile(r"\s+")


ReferenceForm = Literal["Reference", "Collapsed", "Shortcut"]


@dataclass(frozen=True)
class ReferenceLink:
    """A link or image of a message written by reference to a definition's label."""

    start: int
    """Offset of the opening ``[`` (or ``!``)."""
    text_end: int
    """Offset of the ``]`` that closes the link text."""
    end: int
    """Offset just past the link."""
    label: str
    """The label it names, as written."""
    destination: str
    """The destination of that label's definition."""
    form: ReferenceForm = "Reference"
    """How it is written: ``Reference`` (``[text][label]``), ``Collapsed`` (``[label][]``) or
    ``Shortcut`` (``[label]``)."""


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
    reference_links: tuple[ReferenceLink, ...] = ()
    """Links and images written by reference (only those whose label was defined), in order."""

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
        spans += [(m.start, m.end) for m in self.markup
                  if m.name in ("html", "autolink", "template", "attributes")]
        for start, end in spans:
            chars[start:end] = " " * (end - start)
        return "".join(chars)


def prose(text: str) -> str:
    """``text`` with link destinations, HTML tags, autolinks and template tags blanked out (same
    length): the words a reader sees, for counting."""
    if "<" not in text and "]" not in text and not has_tags(text):
        return text  # no link syntax, tag or autolink can be in it
    return parse_inline(text).prose()


def parse_inline(text: str, references: References = ()) -> Inline:
    """The inline pieces of ``text`` (one message of a Markdown article whose link reference
    definitions are ``references``)."""
    if not _MAYBE_MARKUP.search(text) and not has_tags(text):
        return Inline(text, (), ((0, len(text)),) if text else (), ())
    return _parse(text, _named_in(text, references))


def relabel_references(source: str, target: str, references: References) -> str:
    """``target`` (a translation of ``source``) with each reference link whose label matches no
    definition written as a full reference to the label the source used there.

    The source's reference links that the translation lost are paired, in order, with the
    translation's bracketed texts that would be reference links if their labels were defined:
    each with the next one written the same way (``[x][]`` with ``[y][]``) if there is one, else
    with the next one. When some lost link finds none, nothing is rewritten (the markup check
    then names what is lost).
    """
    if not references or "[" not in target:
        return target
    want = parse_inline(source, references)
    if not want.reference_links:
        return target
    lost = want.atoms() - parse_inline(target, references).atoms()
    missing: list[ReferenceLink] = []
    for link in want.reference_links:
        for kind in ("link", "image"):
            if lost[(kind, link.destination)] > 0:
                lost[(kind, link.destination)] -= 1
                missing.append(link)
                break
    if not missing:
        return target
    flat = target.replace("\r", " ").replace("\n", " ")
    # Bracketed text that the source has as well ("[sic]") is not a translated label.
    kept = {m.group(1) for m in _BRACKETED.finditer(source.replace("\n", " "))}
    candidates = sorted({m.group(1) for m in _BRACKETED.finditer(flat)} - kept)
    probes = tuple(LinkDefinition(label, f"{_PROBE}{i}") for i, label in enumerate(candidates)
                   if not label.startswith("^"))
    found = _parse(target, _named_in(target, references) + probes)
    unresolved = [link for link in found.reference_links if link.destination.startswith(_PROBE)]
    outer = [link for link in unresolved
             if not any(o.start <= link.start and link.end <= o.end and o is not link for o in unresolved)]
    pairs: list[tuple[ReferenceLink, str]] = []
    for i, link in enumerate(missing):
        left = len(missing) - i - 1  # lost links still to pair after this one
        after = [o for o in outer if not pairs or o.start >= pairs[-1][0].end]
        usable = after[: len(after) - left] if left else after
        alike = [o for o in usable if o.form == link.form] or usable
        if not alike:
            return target
        pairs.append((alike[0], link.label))
    out = target
    for probe, label in reversed(pairs):
        out = out[: probe.text_end] + "][" + label + "]" + out[probe.end :]
    return out


def span_attributes(text: str, markup: tuple[Markup, ...] | list[Markup]) -> list[Markup]:
    """Attribute lists written right after a span element of ``text`` (``[a](b){:target="_blank"}``,
    ``*word*{: .red}``), as atoms named ``attributes``."""
    out = []
    for end in sorted({m.end for m in markup}):
        if text.startswith("{", end):
            found = ATTRIBUTE_LIST.match(text, end)
            if found:
                out.append(Markup(end, found.end(), MarkupKind.ATOM, "attributes"))
    return out


def _without(ranges: list[tuple[int, int]], holes: list[Markup]) -> list[tuple[int, int]]:
    """``ranges`` less the spans of ``holes``."""
    for hole in holes:
        cut: list[tuple[int, int]] = []
        for s, e in ranges:
            if e <= hole.start or s >= hole.end:
                cut.append((s, e))
                continue
            if s < hole.start:
                cut.append((s, hole.start))
            if e > hole.end:
                cut.append((hole.end, e))
        ranges = cut
    return ranges


def _named_in(text: str, references: References) -> References:
    """The definitions whose label appears in ``text`` (the others cannot change its parse)."""
    if not references or "[" not in text:
        return ()
    folded = _WHITE.sub(" ", text).casefold()
    return tuple(d for d, label in zip(references, _folded(references), strict=True) if label in folded)


def _folded(references: References) -> tuple[str, ...]:
    """The labels of ``references`` as they are matched: white space collapsed, case folded.

    Kept for the last article's definitions, looked up by identity: hashing them on every call
    would cost more than the folding."""
    last = _FOLDED[0] if _FOLDED else None
    if last is not None and last[0] is references:
        return last[1]
    folded = tuple(_WHITE.sub(" ", d.label).casefold() for d in references)
    _FOLDED[:] = [(references, folded)]
    return folded


_FOLDED: list[tuple[References, tuple[str, ...]]] = []


def _definition(definition: LinkDefinition) -> str:
    label = _WHITE.sub(" ", definition.label)
    dest = re.sub(r"([\\<>&])", r"\\\1", definition.destination)
    return f"\n\n[{label}]: <{dest}>"


@lru_cache(maxsize=4096)
def _parse(text: str, references: References = ()) -> Inline:
    flat = text.replace("\r", " ").replace("\n", " ")
    tags = find_tags(flat) if has_tags(flat) else []
    if tags:  # a tag is one opaque word to the Markdown parser; it becomes an atom below
        flat = opaque(flat, tags)
    labels = sorted(set(_FOOTNOTE_LABEL.findall(flat)))
    source = (_STAND_IN + flat + "".join(f"\n\n[^{label}]: x" for label in labels)
              + "".join(_definition(d) for d in references))
    to_char = _char_offsets(_STAND_IN + flat)
    limit = len((_STAND_IN + flat).encode("utf-8"))
    shift = len(_STAND_IN)
    markup: list[Markup] = []
    literal: list[tuple[int, int]] = []
    tails: list[tuple[int, int]] = []
    open_links: list[list[int]] = []  # [start, end, text end] of links and images being read
    open_ids: list[tuple[str, str, ReferenceForm] | None] = []  # (label, destination, form) of references
    references_out: list[ReferenceLink] = []
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
                if info.get("link_type") == "Collapsed" and text[end : end + 2] == "[]":
                    end += 2  # pulldown-cmark's range stops before the empty label
                if info.get("link_type") in ("Autolink", "Email"):
                    markup.append(Markup(start, end, MarkupKind.ATOM, "autolink", target))
                    open_links.append([start, end, -1])
                    continue
            markup.append(Markup(start, end, MarkupKind.CONTAINER, name.lower(), target))
            if name in ("Link", "Image"):
                open_links.append([start, end, start + (2 if name == "Image" else 1)])
                info = value[name] if type(value) is dict else None
                named = None
                if type(info) is dict and info.get("link_type") in _REFERENCE_TYPES:
                    named = (str(info.get("id", "")), target, cast(ReferenceForm, info["link_type"]))
                open_ids.append(named)
        elif tag == "End":
            name = value if type(value) is str else next(iter(value))
            if name in CONTAINER_EVENTS and name not in ("Link", "Image"):
                _extend(open_links, end)  # a link's text may end with emphasis: `[*x*]`
            if name in ("Link", "Image") and open_links:
                link_start, link_end, text_end = open_links.pop()
                if text_end >= 0:
                    tails.append((text_end, link_end))
                    named = open_ids.pop() if open_ids else None
                    if named is not None:
                        references_out.append(ReferenceLink(link_start, text_end, link_end, *named))
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
    attributes = span_attributes(text, markup) if "{" in text else []
    if attributes:
        markup.extend(attributes)
        literal = _without(literal, attributes)
    if "<" in text:
        markup, literal = _whole_elements(text, markup, literal)
    markup.sort(key=lambda m: (m.start, -m.end))
    references_out.sort(key=lambda r: r.start)
    return Inline(text, tuple(markup), tuple(literal), tuple(sorted(tails)), tuple(references_out))


_OPEN_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)")
_NO_TRANSLATE = re.compile(r"""\stranslate\s*=\s*["']?no\b""", re.IGNORECASE)


def _whole_elements(
    text: str, markup: list[Markup], literal: list[tuple[int, int]]
) -> tuple[list[Markup], list[tuple[int, int]]]:
    """Inline HTML elements whose content is never translated (``<code>``, ``<kbd>``... of
    :data:`~l10n.document.html_elements.ATOM_ELEMENTS`, and any element marked
    ``translate="no"``) as one ``html`` atom from the start tag to its end tag."""
    tags = sorted((m for m in markup if m.name == "html"), key=lambda m: m.start)
    whole: list[Markup] = []
    i = 0
    while i < len(tags):
        written = text[tags[i].start : tags[i].end]
        found = _OPEN_TAG.match(written)
        name = found.group(1).lower() if found else ""
        if (found is None or name in VOID_ELEMENTS or written.endswith("/>")
                or not (name in ATOM_ELEMENTS or _NO_TRANSLATE.search(written))):
            i += 1
            continue
        depth, j = 1, i + 1
        opener, closer = re.compile(rf"<{name}\b", re.I), re.compile(rf"</{name}\s*>", re.I)
        while j < len(tags):
            inner = text[tags[j].start : tags[j].end]
            depth += 1 if opener.match(inner) else -1 if closer.match(inner) else 0
            if depth == 0:
                break
            j += 1
        if j == len(tags):
            i += 1
            continue
        whole.append(Markup(tags[i].start, tags[j].end, MarkupKind.ATOM, "html"))
        i = j + 1
    if not whole:
        return markup, literal
    outside = [m for m in markup if not any(w.start <= m.start and m.end <= w.end for w in whole)]
    return outside + whole, _without(literal, whole)


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
