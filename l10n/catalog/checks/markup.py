"""Checks that a translation keeps the markup of its source: block structure, links, images,
code spans, HTML tags, footnote references, emphasis, attribute quoting.

Markup broken in one message breaks the rendered article around it, so every check here is an
ERROR of the table (build refuses the translation).
"""

from __future__ import annotations

import re
from collections import Counter

from l10n.document.inline import EMPHASIS_CHARS, References, parse_inline, relabel_references
from l10n.document.structure import block_structure

_PARAGRAPH = ["Start:Paragraph", "End:Paragraph"]
_BLANK_LINE = re.compile(r"\n[ \t]*(?:\r?\n|\r)")


def structure_kept(source: str, target: str) -> str | None:
    """A Markdown sentence stays inline text: no blank line, no heading, list, quote, code
    block or table appears (or disappears) when the translation is read on its own."""
    # Even at the end of a sentence: the next sentence of the paragraph follows it.
    if _BLANK_LINE.search(target) and not _BLANK_LINE.search(source):
        return "a blank line would split the paragraph"
    # White space around a sentence is the skeleton's (the build trims it), not structure. A
    # translation that reads as one plain paragraph is inline text wherever it is spliced.
    got = block_structure(target.strip())
    if got != _PARAGRAPH and got != block_structure(source.strip()):
        return "it would change the article's structure (a heading, list, quote, table or code block)"
    return None


def markup_kept(source: str, target: str, references: References = ()) -> str | None:
    """Links, images, code spans, HTML tags and footnote references must be kept as they are.

    Reference links count by the destination their label stands for in ``references``; a link
    whose translated label matches no definition counts as written to the source's label, as
    ``build`` writes it (:func:`~l10n.document.inline.relabel_references`)."""
    source_inline = parse_inline(source, references)
    target = relabel_references(source, target, references)
    want, got = source_inline.atoms(), parse_inline(target, references).atoms()
    if want == got:
        return None
    missing = want - got
    if missing:
        kind, value = sorted(missing)[0]
        for link in source_inline.reference_links:
            if link.destination == value and kind in ("link", "image"):
                return (f"{kind} [{link.label}] is missing (a translated label needs the "
                        f"source's: [text][{link.label}])")
        return f"{kind} {value!r} is missing"
    kind, value = sorted(got - want)[0]
    return f"{kind} {value!r} is not in the source"


def emphasis_balanced(source: str, target: str) -> str | None:
    """No emphasis marker is left unpaired that the source pairs: it would print as a literal
    ``*`` or pair with a marker of the next sentence."""
    want, got = parse_inline(source), parse_inline(target)
    extra: Counter[str] = got.stray_delimiters() - want.stray_delimiters()
    for char in EMPHASIS_CHARS:
        if extra[char]:
            run = got.first_stray_run(char)
            return f"unbalanced {run!r}: emphasis would leak into the rest of the paragraph"
    return None


def quotes_kept(source: str, target: str) -> str | None:
    """A double-quoted value inside a tag (the only kind extracted: an HTML ``alt``/``title``, a
    shortcode's prose parameter) gains no ``"``, no shortcode closer and no line break: each
    would end the value, or the tag, early."""
    if target.count('"') > source.count('"'):
        return '" would end the quoted value and its tag (write &quot; or “”)'
    for closer in (">}}", "%}}"):
        if target.count(closer) > source.count(closer):
            return f"{closer} would end the shortcode around the value"
    if target.count("\n") > source.count("\n"):
        return "a line break inside a quoted value is not in the source"
    return None
