"""Splice translations into the source skeleton: one localized article.

Everything outside translated text is copied from the source byte for byte. A block whose
segments are all untranslated (or translated to themselves) is copied verbatim too. A block with
new text is written back by its layout: kept on one line, re-wrapped to the source width behind
the source's own line prefixes, or re-quoted as a YAML/TOML string. Re-wrapping never starts a
line with a character that would turn it into Markdown block syntax and never breaks inside a code
span or an HTML tag. A translation that fails an ERROR check of :mod:`l10n.catalog.checks` for
its scope (a lost link destination, code span or HTML tag, unpaired emphasis, a blank line in a
Markdown paragraph...) is not used: the source sentence stays and a warning says why. ``l10n
check`` reports exactly those translations as errors. A reference link whose label was translated
is written as a full reference to the source's label (``[notas de versão][release notes]``). After splicing, the block structure of the
whole article is compared with the source's as a last runtime guard.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import yaml

from l10n.catalog.checks import Scope, refusal, scope_of
from l10n.document.inline import parse_inline, relabel_references
from l10n.document.model import Block, Layout, MarkupKind, Segment, SegmentedDocument
from l10n.document.structure import block_structure

Lookup = Callable[[str], str | None]
"""Returns the translation of a msgid, or None to keep the source text."""


@dataclass(frozen=True)
class AssembleResult:
    """A localized article and what went into it."""

    text: str
    """The localized article."""
    translated: int
    """Segments whose translation was used."""
    total: int
    """All segments of the article."""
    warnings: tuple[tuple[int, str], ...] = field(default=())
    """(source line, message) for translations that were refused."""


def assemble(sdoc: SegmentedDocument, lookup: Lookup) -> AssembleResult:
    """Build the localized text of ``sdoc`` with translations from ``lookup``."""
    doc = sdoc.document
    by_block: dict[int, list[Segment]] = {}
    for seg in sdoc.segments:
        by_block.setdefault(seg.block, []).append(seg)
    changes: list[Change] = []
    warnings: list[tuple[int, str]] = []
    for index, block in enumerate(doc.blocks):
        segs = by_block.get(index, [])
        replacements: list[tuple[Segment, str]] = []
        for seg in segs:
            target = lookup(seg.msgid)
            if target is None or target == seg.msgid or not target.strip():
                continue
            scope = scope_of(doc.format, block.kind)
            problem = refusal(seg.msgid, target, scope, doc.references)
            if problem:
                warnings.append((block.line, f"translation of {short_msgid(seg.msgid)!r} not used: {problem}"))
                continue
            if scope is Scope.MARKDOWN:
                target = relabel_references(seg.msgid, target, doc.references)
            replacements.append((seg, target))
        if not replacements:
            continue
        text = _new_logical(block, replacements)
        if block.layout in (Layout.INLINE, Layout.WRAPPED, Layout.TABLE_CELL):
            # White space around a block is skeleton; in a translation it could indent a line
            # into a code block.
            text = text.strip(" \t\r\n")
        changes.append((block, render_block(block, text), len(replacements), replacements[0][0].msgid))
    if doc.format == "markdown":
        changes = _keep_structure(doc.text, changes, warnings)
    out: list[str] = []
    pos = 0
    for block, rendered, _count, _ in changes:
        out.append(doc.text[pos : block.start])
        out.append(rendered)
        pos = block.end
    out.append(doc.text[pos:])
    used = sum(change[2] for change in changes)
    return AssembleResult("".join(out), used, len(sdoc.segments), tuple(warnings))


Change = tuple[Block, str, int, str]
"""A block, the text that replaces its region, how many segments it translates, and the msgid of
the first of them (to name the block in a warning)."""


def _splice(source: str, changes: list[Change]) -> str:
    out: list[str] = []
    pos = 0
    for block, rendered, _, _ in changes:
        out.append(source[pos : block.start])
        out.append(rendered)
        pos = block.end
    out.append(source[pos:])
    return "".join(out)


def _keep_structure(source: str, changes: list[Change], warnings: list[tuple[int, str]]) -> list[Change]:
    """Runtime guard: the localized article must have the source's block structure.

    Checked once for the whole article; only when it fails are the changed blocks tried one by
    one, and a block whose translation would add or remove a heading, list, quote, table or
    code block keeps its source text (with a warning).
    """
    want = block_structure(source)
    if not changes or block_structure(_splice(source, changes)) == want:
        return changes
    kept: list[Change] = []
    for change in changes:
        trial = [*kept, change]
        if block_structure(_splice(source, trial)) == want:
            kept = trial
        else:
            warnings.append((change[0].line, f"translation of {short_msgid(change[3])!r} not used: it "
                                             "would change the article's structure (a heading, "
                                             "list, quote, table or code block would appear or "
                                             "disappear)"))
    return kept


def short_msgid(text: str, n: int = 40) -> str:
    """``text`` cut to ``n`` characters with an ellipsis, to name a message in a warning."""
    return text if len(text) <= n else text[: n - 1] + "…"


def _new_logical(block: Block, replacements: list[tuple[Segment, str]]) -> str:
    parts: list[str] = []
    pos = 0
    for seg, target in replacements:
        parts.append(block.text[pos : seg.start])
        parts.append(target)
        pos = seg.end
    parts.append(block.text[pos:])
    return "".join(parts)


def render_block(block: Block, text: str) -> str:
    """The source bytes that stand for ``text`` in this block's place."""
    layout = block.layout
    if layout is Layout.INLINE:
        return _one_line(text)
    if layout is Layout.TABLE_CELL:
        return re.sub(r"(?<!\\)\|", r"\\|", _one_line(text))
    if layout is Layout.WRAPPED:
        return _wrap(block, text)
    return _render_scalar(block, text)


def _one_line(text: str) -> str:
    return re.sub(r"[ \t]*(?:\r\n|\n|\r)[ \t]*", " ", text)


# ---------------------------------------------------------------- re-wrapping

_RISKY_START = re.compile(r"(?:[#>=+*|`~<\[-]|\d{1,9}[.)](?:\s|$)|:$)")
_HARD = re.compile(r"(?:  +|\\)\n")


def _wrap(block: Block, text: str) -> str:
    # Soft breaks (from the source gaps or the translator) become spaces; hard ones stay.
    lines_out: list[str] = []
    pieces = _split_hard(text)
    seps = block.separators or ("\n",)
    first_indent = block.column
    indents = [len(s.lstrip("\r\n")) for s in seps]
    width = max(block.width, 20)
    for piece, hard_marker in pieces:
        words = _words(_one_line(piece))
        line = ""
        for word in words:
            indent = first_indent if not lines_out else indents[min(len(lines_out) - 1, len(indents) - 1)]
            if not line:
                line = word
                continue
            if indent + len(line) + 1 + len(word) <= width or not _can_start_line(word) or line.endswith("\\"):
                line += " " + word
            else:
                lines_out.append(line)
                line = word
        lines_out.append(line + hard_marker)
    out = [lines_out[0]]
    for i, line in enumerate(lines_out[1:]):
        out.append(seps[min(i, len(seps) - 1)])
        out.append(line)
    return "".join(out)


def _split_hard(text: str) -> list[tuple[str, str]]:
    """Split at hard line breaks: (piece, marker) where marker keeps the break's spelling."""
    out: list[tuple[str, str]] = []
    pos = 0
    for m in _HARD.finditer(text):
        out.append((text[pos : m.start()], m.group(0)[:-1]))
        pos = m.end()
    out.append((text[pos:], ""))
    return out


def _words(text: str) -> list[str]:
    """Split at spaces that may become line breaks (not inside code spans or HTML tags)."""
    inline = parse_inline(text)
    protected = [(m.start, m.end) for m in inline.markup if m.kind is MarkupKind.ATOM]
    protected += inline.link_tails
    protected.sort()
    words: list[str] = []
    start = 0
    i = 0
    k = 0
    n = len(text)
    while i < n:
        while k < len(protected) and protected[k][1] <= i:
            k += 1
        if k < len(protected) and protected[k][0] <= i < protected[k][1]:
            i = protected[k][1]
            continue
        if text[i] == " ":
            if i > start:
                words.append(text[start:i])
            start = i + 1
        i += 1
    if start < n:
        words.append(text[start:])
    return words


def _can_start_line(word: str) -> bool:
    return not _RISKY_START.match(word)


# ---------------------------------------------------------------- front-matter scalars


def _render_scalar(block: Block, text: str) -> str:
    layout = block.layout
    if layout is Layout.YAML_PLAIN:
        return text if _yaml_plain_ok(text) else _yaml_double(text)
    if layout is Layout.YAML_SINGLE:
        if "\n" in text:
            return _yaml_double(text)
        return "'" + text.replace("'", "''") + "'"
    if layout is Layout.YAML_DOUBLE:
        return _yaml_double(text)
    if layout in (Layout.YAML_LITERAL, Layout.YAML_FOLDED):
        return _yaml_block(block, text)
    if layout is Layout.TOML_LITERAL and "'" not in text and "\n" not in text:
        return "'" + text + "'"
    return json.dumps(text, ensure_ascii=False)


def _yaml_plain_ok(text: str) -> bool:
    if not text or text != text.strip() or "\n" in text:
        return False
    try:
        return bool(yaml.safe_load("k: " + text) == {"k": text})
    except yaml.YAMLError:
        return False


def _yaml_double(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _yaml_block(block: Block, text: str) -> str:
    # Keep the block header ("|", ">-", "|2"...) and the content indentation of the source.
    header, indent = block.separators
    # The value's final line break is the skeleton's (the region ends before it).
    if text.endswith("\n"):
        text = text[:-1]
    if block.layout is Layout.YAML_FOLDED:
        text = text.replace("\n", "\n\n")
    return header + "".join("\n" + (indent + line if line else "") for line in text.split("\n"))
