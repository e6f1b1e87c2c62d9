"""Inline markup of one message of an HTML article: its tags, read by the HTML scanner.

A message of an HTML page holds its inline tags as written (``<a href="...">``, ``</em>``,
``<br>``) and whole ``code``-like elements (:data:`~l10n.document.html_elements.ATOM_ELEMENTS`,
elements marked ``translate="no"``) as one atom. The Markdown reader (:mod:`l10n.document.inline`)
would take ``*`` and ``[x](y)`` in such text for markup; this module reads it as HTML, with the
same scanner as the format (:func:`~l10n.document.formats.html_blocks.tokens`), and gives the same
:class:`~l10n.document.inline.Inline` value, so the checks count atoms alike. It adds what only
HTML has: :func:`tag_residue`, the tags a message opens or closes without pairing them, which a
translation must keep (a reordered ``</a>`` would nest the page differently), and around which
text may not move.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from l10n.document.formats.html_blocks import tokens
from l10n.document.html_elements import ATOM_ELEMENTS, VOID_ELEMENTS
from l10n.document.inline import Inline
from l10n.document.model import Markup, MarkupKind


@lru_cache(maxsize=4096)
def parse_html_inline(text: str) -> Inline:
    """The tags (``html`` atoms) and the text of ``text``, one message of an HTML article."""
    if "<" not in text:
        return Inline(text, (), ((0, len(text)),) if text else (), ())
    markup: list[Markup] = []
    literal: list[tuple[int, int]] = []
    skip: tuple[str, int, int] | None = None  # (element, depth, start) of a whole atom element
    for kind, name, untranslated, start, end in tokens(text):
        if skip is not None:
            element, depth, at = skip
            if kind == "start" and name == element:
                skip = (element, depth + 1, at)
            elif kind == "end" and name == element:
                skip = (element, depth - 1, at) if depth > 1 else None
                if skip is None:
                    markup.append(Markup(at, end, MarkupKind.ATOM, "html"))
            continue
        if kind in ("data", "entity"):
            literal.append((start, end))
        elif kind == "start" and name not in VOID_ELEMENTS and (name in ATOM_ELEMENTS or untranslated):
            skip = (name, 1, start)
        else:
            markup.append(Markup(start, end, MarkupKind.ATOM, "html"))
    if skip is not None:
        markup.append(Markup(skip[2], len(text), MarkupKind.ATOM, "html"))
    return Inline(text, tuple(markup), tuple(literal), ())


@lru_cache(maxsize=4096)
def tag_residue(text: str) -> tuple[str, ...]:
    """The tags of ``text`` left unpaired once each end tag closes the start tag just before it
    (``</a>`` of a sentence whose ``<a>`` is in the previous one): ``/a`` for an end tag, ``a``
    for a start tag, in order."""
    if "<" not in text:
        return ()
    out: list[str] = []
    stack: list[int] = []  # indexes into out of the open start tags
    for kind, name, _, _, _ in tokens(text):
        if kind == "start" and name not in VOID_ELEMENTS:
            stack.append(len(out))
            out.append(name)
        elif kind == "end" and name not in VOID_ELEMENTS:
            if stack and out[stack[-1]] == name:
                out.pop(stack.pop())
            else:
                out.append("/" + name)
    return tuple(out)


def html_markup_kept(source: str, target: str) -> str | None:
    """A translation of an HTML message keeps every tag as written (and ``code``-like elements
    whole), nested as in the source: a lost, new or changed tag, or one that closes in a
    different order, changes the page."""
    want, got = parse_html_inline(source).atoms(), parse_html_inline(target).atoms()
    if want != got:
        missing: Counter[tuple[str, str]] = want - got
        if missing:
            return f"tag {sorted(missing)[0][1]!r} is missing"
        return f"tag {sorted(got - want)[0][1]!r} is not in the source"
    residue = tag_residue(source)
    if residue != tag_residue(target):
        return "the tags would nest differently from the source (an end tag moved before its start)"
    if residue and _gaps_after_open(source) != _gaps_after_open(target):
        return ("text would move next to a tag the sentence leaves unpaired; a browser would "
                "build different elements around it")
    return None


FORMATTING = frozenset({"a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike",
                        "strong", "tt", "u"})
"""The elements a browser re-opens for text that follows them once another end tag has closed
them (the HTML standard's "active formatting elements")."""


def _gaps_after_open(text: str) -> tuple[bool, ...]:
    """Whether there is text between and after the tags that follow the first formatting start
    tag of ``text`` left unpaired (``<a>`` closed by the ``</span>`` around it): a browser
    re-opens that element for text written after it, so such text must stay where the source
    has it. Empty when no formatting tag is left open."""
    stack: list[tuple[str, int]] = []
    for kind, name, _, start, _ in tokens(text):
        if kind == "start" and name not in VOID_ELEMENTS:
            stack.append((name, start))
        elif kind == "end" and stack and stack[-1][0] == name:
            stack.pop()
    opened = [start for name, start in stack if name in FORMATTING]
    if not opened:
        return ()
    out = []
    pos = -1
    for m in parse_html_inline(text).markup:
        if pos >= 0:
            out.append(m.start > pos)
        if m.start >= opened[0]:
            pos = max(pos, m.end)
    out.append(len(text) > pos)
    return tuple(out)
