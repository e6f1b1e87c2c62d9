"""An independent reading of built HTML pages: html5lib (a WHATWG parser the product never uses).

:func:`element_tree` is what a browser builds from a page, reduced to what a translation must not
change: every element with its depth and attributes, and every comment, in document order.
Translated attribute values (those the HTML format extracts) and the ``lang``/``dir`` of
``<html>`` are compared by name only. :func:`translate_words` is the "changes every word"
transform of the acceptance; it also writes ``&``, ``<``, ``>`` and quotes into the text, which
the build must escape.
"""

from __future__ import annotations

import re
from typing import Any

import html5lib

from l10n.document.assemble import assemble
from l10n.document.formats import FormatOptions, parse_document
from l10n.document.formats.html import PROSE_ATTRIBUTES
from l10n.document.inline_html import parse_html_inline
from l10n.document.units import segment_document
from l10n.mt.engines.pseudo import pseudo_translate
from l10n.mt.mask import mask, unmask

TRANSLATED = PROSE_ATTRIBUTES | {"content"}
"""Attribute values a translation may change."""


def element_tree(page: str) -> list[tuple[Any, ...]]:
    """(depth, tag, attributes) of every element and (depth, "#comment") of every comment."""
    root = html5lib.parse(page, treebuilder="etree", namespaceHTMLElements=False)
    out: list[tuple[Any, ...]] = []

    def walk(node: Any, depth: int) -> None:
        tag = node.tag
        if not isinstance(tag, str):  # a comment (or processing instruction)
            out.append((depth, "#comment"))
            return
        attributes = []
        for name, value in sorted(node.attrib.items()):
            changeable = name in TRANSLATED or (tag == "html" and name in ("lang", "dir"))
            attributes.append((name, "*" if changeable else value))
        out.append((depth, tag, tuple(attributes)))
        for child in node:
            walk(child, depth + 1)

    walk(root, 0)
    return out


_WORD = re.compile(r"[^\W\d_]+")


def translate_words(msgid: str) -> str:
    """Every word of the message's text changed (tags kept): ``Word`` -> ``DROwö&``, and every
    third word followed by `` < "q" >``."""
    inline = parse_html_inline(msgid)
    out: list[str] = []
    pos = 0
    count = 0
    for start, end in inline.literal:
        out.append(msgid[pos:start])
        piece = msgid[start:end]
        if piece.startswith("&") and piece.endswith(";"):
            out.append(piece)  # a reference as written (&amp;): kept
        else:
            def change(m: re.Match[str]) -> str:
                nonlocal count
                count += 1
                extra = ' < "q" >' if count % 3 == 0 else ""
                return m.group(0)[::-1].swapcase() + "ö&" + extra
            out.append(_WORD.sub(change, piece))
        pos = end
    out.append(msgid[pos:])
    return "".join(out)


def pseudo(msgid: str) -> str:
    """The pseudo engine's translation of ``msgid``, masked and unmasked as ``translate`` does."""
    masked = mask(msgid)
    return unmask(masked, pseudo_translate(masked.text))


def translated_round_trip(page: str, lookup: Any, locale: str = "fr") -> tuple[str, int, int]:
    """(the built page, translations used, translations refused) for ``page`` translated by
    ``lookup`` (msgid -> translation)."""
    doc = parse_document(page, "page.html", FormatOptions())
    sdoc = segment_document(doc, "en")
    result = assemble(sdoc, lookup, locale)
    return result.text, result.translated, len(result.warnings)
