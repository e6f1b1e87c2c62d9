"""The HTML element classes that decide how text inside HTML is read: which elements stay inside
a run of text, which are kept whole, which are never text, which have no end tag.

A module of its own so that readers of inline markup (:mod:`l10n.document.inline`, which the
merge's near-copy check imports) get these tables without :mod:`html.parser` and the HTML block
scanner (:mod:`l10n.document.formats.html_blocks`), about 10 ms of start-up they never use.
"""

from __future__ import annotations

INLINE_ELEMENTS = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "big", "br", "cite", "data", "del", "dfn", "em", "font",
    "i", "img", "ins", "mark", "q", "s", "small", "span", "strike", "strong", "sub", "sup",
    "time", "tt", "u", "wbr",
})
"""Elements that stay inside a run of text: their tags are protected markup atoms."""
ATOM_ELEMENTS = frozenset({"code", "kbd", "samp", "var", "math", "svg"})
"""Elements kept whole inside a run, content included: one atom, never translated."""
RAW_ELEMENTS = frozenset({
    "script", "style", "pre", "textarea", "template", "noscript", "iframe", "object", "xmp",
    "listing", "plaintext",
})
"""Elements whose content is never text to translate; they end the run around them."""
VOID_ELEMENTS = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
})
"""Elements without an end tag."""
