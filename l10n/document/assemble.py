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
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field

import yaml

from l10n.catalog.checks import CheckContext, Scope, refusal, scope_of
from l10n.document.formats import html_build
from l10n.document.formats.frontmatter import find_front_matter
from l10n.document.injection import added_markup
from l10n.document.inline import References, parse_inline, relabel_references
from l10n.document.model import Block, BlockKind, Layout, MarkupKind, Segment, SegmentedDocument
from l10n.document.structure import block_structure
from l10n.document.widths import article_width, display_width, wrap_width
from l10n.errors import SourceError

Lookup = Callable[[str], str | None]
"""Returns the translation of a msgid, or None to keep the source text."""

Finish = Callable[[str, str], str]
"""(msgid, a translation the checks accepted) -> the text to publish
(:func:`l10n.document.localize.render_dates`)."""


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
    guarded: tuple[Guarded, ...] = field(default=())
    """The translations the whole-article guards refused (each message of a refused block)."""
    used: frozenset[str] = field(default=frozenset())
    """The msgids whose translation is in :attr:`text`."""


@dataclass(frozen=True)
class Guarded:
    """A translation refused by a whole-article guard: it passes every check of
    :data:`l10n.catalog.checks.CHECKS` on its own, but spliced into the article it would change
    the article's structure (or break its front matter). ``l10n check`` reports these too."""

    msgid: str
    """The message whose translation was not used."""
    line: int
    """Source line of its block."""
    check: str
    """``structure`` or ``front matter``: which guard refused it."""
    message: str
    """Why, for the editor."""


def assemble(sdoc: SegmentedDocument, lookup: Lookup, target_locale: str | None = None,
             finish: Finish | None = None) -> AssembleResult:
    """Build the localized text of ``sdoc`` with translations from ``lookup`` into
    ``target_locale`` (which the checks need to read numbers; None when unknown). ``finish``
    rewrites each translation once the checks accepted it, before the whole-article guards."""
    doc = sdoc.document
    context = CheckContext(sdoc.language, target_locale, doc.references)
    by_block: dict[int, list[Segment]] = {}
    for seg in sdoc.segments:
        by_block.setdefault(seg.block, []).append(seg)
    changes: list[Change] = []
    warnings: list[tuple[int, str]] = []
    guarded: list[Guarded] = []
    width = article_width(doc.blocks)
    for index, block in enumerate(doc.blocks):
        segs = by_block.get(index, [])
        replacements: list[tuple[Segment, str]] = []
        for seg in segs:
            target = lookup(seg.msgid)
            if target is None or target == seg.msgid or not target.strip():
                continue
            scope = scope_of(doc.format, block.kind)
            problem = refusal(seg.msgid, target, scope, context)
            if problem:
                warnings.append((block.line, f"translation of {short_msgid(seg.msgid)!r} not used: {problem}"))
                continue
            if finish is not None:
                target = finish(seg.msgid, target)
            if scope is Scope.MARKDOWN:
                target = relabel_references(seg.msgid, target, doc.references)
            replacements.append((seg, target))
        if not replacements:
            continue
        if doc.format == "html":  # escaped, and written back as the source wrote it
            rendered = html_build.render_block(doc.text, block, replacements)
            injected = html_build.block_problem(doc.text, block, rendered)
            if injected:
                guarded += [Guarded(seg.msgid, block.line, "injection", injected) for seg, _ in replacements]
            else:
                changes.append((block, rendered, tuple(seg.msgid for seg, _ in replacements)))
            continue
        text = _new_logical(block, replacements)
        injected = _injected(doc.format, block, text, doc.references)
        if injected:
            guarded += [Guarded(seg.msgid, block.line, "injection", injected) for seg, _ in replacements]
            continue
        if block.layout in (Layout.INLINE, Layout.WRAPPED, Layout.TABLE_CELL):
            # White space around a block is skeleton; in a translation it could indent a line
            # into a code block.
            text = text.strip(" \t\r\n")
        changes.append((block, render_block(block, text, width), tuple(seg.msgid for seg, _ in replacements)))
    if doc.format == "html":
        warnings += [(g.line, f"translation of {short_msgid(g.msgid)!r} not used: {g.message}")
                     for g in guarded]
    if doc.format == "markdown":
        # Front matter is not Markdown: its values are checked as YAML/TOML, the body by structure.
        front = [c for c in changes if c[0].kind is BlockKind.FRONT_MATTER]
        body = [c for c in changes if c[0].kind is not BlockKind.FRONT_MATTER]
        changes = _keep_front_matter(doc.text, front, guarded) + _keep_structure(doc.text, body, guarded)
        warnings += [(g.line, f"translation of {short_msgid(g.msgid)!r} not used: {g.message}")
                     for g in guarded]
    out: list[str] = []
    pos = 0
    for block, rendered, _ in changes:
        out.append(doc.text[pos : block.start])
        out.append(rendered)
        pos = block.end
    out.append(doc.text[pos:])
    used = sum(len(change[2]) for change in changes)
    if doc.format == "html" and changes and target_locale:
        out = [html_build.localize_root("".join(out), target_locale)]
    return AssembleResult("".join(out), used, len(sdoc.segments), tuple(warnings), tuple(guarded),
                          frozenset(msgid for change in changes for msgid in change[2]))


Change = tuple[Block, str, tuple[str, ...]]
"""A block, the text that replaces its region, and the msgids of the segments it translates."""


def _splice(source: str, changes: list[Change]) -> str:
    out: list[str] = []
    pos = 0
    for block, rendered, _ in changes:
        out.append(source[pos : block.start])
        out.append(rendered)
        pos = block.end
    out.append(source[pos:])
    return "".join(out)


_STRUCTURE = ("it would change the article's structure (a heading, list, quote, table or code "
              "block would appear or disappear)")


def _refuse(change: Change, check: str, message: str) -> list[Guarded]:
    return [Guarded(msgid, change[0].line, check, message) for msgid in change[2]]


def _keep_structure(source: str, changes: list[Change], guarded: list[Guarded]) -> list[Change]:
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
            guarded += _refuse(change, "structure", _STRUCTURE)
    return kept


def _keep_front_matter(source: str, changes: list[Change], guarded: list[Guarded]) -> list[Change]:
    """Runtime guard: the localized front matter still parses, with the same keys and values
    everywhere but the translated ones (each rendering was read back on its own already)."""
    if not changes:
        return changes
    try:
        found = find_front_matter(_splice(source, changes), "", ())
    except SourceError:
        found = None
    if found is not None:
        return changes
    for change in changes:
        guarded += _refuse(change, "front matter", "the front matter would no longer parse")
    return []


def _injected(article_format: str, block: Block, text: str, references: References) -> str | None:
    """Runtime guard, per block: the translated block adds no link, image, tag, autolink or
    URL that the source block does not have (:func:`~l10n.document.injection.added_markup`),
    even when each sentence's translation is harmless alone. Blocks of plain-text articles and
    HTML attribute values are not Markdown and are left to their own checks."""
    if article_format != "markdown" or block.kind is BlockKind.HTML_ATTRIBUTE:
        return None
    if block.kind is BlockKind.FRONT_MATTER:
        references = ()
    return added_markup(block.text, text, references)


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


def render_block(block: Block, text: str, article_width: int = 0) -> str:
    """The source bytes that stand for ``text`` in this block's place.

    ``article_width`` is :func:`~l10n.document.widths.article_width` of the block's article.
    """
    layout = block.layout
    if layout is Layout.INLINE:
        return _one_line(text)
    if layout is Layout.TABLE_CELL:
        return re.sub(r"(?<!\\)\|", r"\\|", _one_line(text))
    if layout is Layout.WRAPPED:
        return _wrap(block, text, article_width)
    if layout is Layout.UNDERLINED:
        return _underlined(block, text)
    return _render_scalar(block, text)


def _one_line(text: str) -> str:
    return re.sub(r"[ \t]*(?:\r\n|\n|\r)[ \t]*", " ", text)


def _underlined(block: Block, text: str) -> str:
    """A plain-text title with its rules: a rule that ended within two columns of where the
    title ended moves its end with the title's; one that covered the title still covers it."""
    over, over_gap, under_gap, under = block.separators
    title = _one_line(text).strip(" \t\r\n")
    title_column = _column_after(over_gap) if over else block.column
    old_end, new_end = block.width, title_column + display_width(title)

    def rule(source: str, column: int) -> str:
        end = column + len(source)
        length = len(source) + (new_end - old_end if abs(end - old_end) <= 2 else 0)
        if end >= old_end:
            length = max(length, new_end - column)
        return source[0] * max(length, 3)

    head = rule(over, block.column) + over_gap if over else ""
    return head + title + under_gap + rule(under, _column_after(under_gap))


def _column_after(gap: str) -> int:
    """The column where a line starts after the skeleton ``gap`` (a line break and indentation)."""
    return len(re.split(r"\r\n|\n|\r", gap)[-1].expandtabs(8))


# ---------------------------------------------------------------- re-wrapping

_RISKY_START = re.compile(r"(?:[#>=+*|`~<\[-]|\d{1,9}[.)](?:\s|$)|:$)")
_HARD = re.compile(r"(?:  +|\\)\n")


def _wrap(block: Block, text: str, article: int) -> str:
    # Soft breaks (from the source gaps or the translator) become spaces; hard ones stay.
    lines_out: list[str] = []
    pieces = _split_hard(text)
    seps = block.separators or ("\n",)
    first_indent = block.column
    indents = [len(s.lstrip("\r\n")) for s in seps]
    width = wrap_width(block, article)
    for piece, hard_marker in pieces:
        words = _words(_one_line(piece))
        line, line_width = "", 0  # the line's width is kept, not measured again per word
        for word in words:
            indent = first_indent if not lines_out else indents[min(len(lines_out) - 1, len(indents) - 1)]
            word_width = display_width(word)
            if not line:
                line, line_width = word, word_width
                continue
            if indent + line_width + 1 + word_width <= width or not _can_start_line(word) or line.endswith("\\"):
                line += " " + word
                line_width += 1 + word_width
            else:
                lines_out.append(line.rstrip(" "))
                line, line_width = word, word_width
        lines_out.append(line.rstrip(" ") + hard_marker)
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
    """Split at spaces that may become line breaks (not inside code spans or HTML tags); the
    extra spaces of a run stay at the end of the word before it."""
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
            # A run of spaces ("end.  Next") stays with the word before it, less the one
            # space that joins words (or becomes the line break).
            j = i
            while j + 1 < n and text[j + 1] == " ":
                j += 1
            if text[start:j].strip(" "):
                words.append(text[start:j])
            start = i = j + 1
            continue
        i += 1
    if start < n:
        words.append(text[start:])
    return words


def _can_start_line(word: str) -> bool:
    return not _RISKY_START.match(word)


# ---------------------------------------------------------------- front-matter scalars


def _render_scalar(block: Block, text: str) -> str:
    """The value in the source's quoting style when that style can hold it, else double-quoted.

    Every rendering is read back (PyYAML, :mod:`tomllib`) as the value of a key at the source
    key's column; a style that does not give back ``text`` exactly falls back to a double-quoted
    one-line string, which holds any text. Text with characters no parser should be trusted
    to keep raw (:data:`_UNSAFE`) is always written double-quoted, with them escaped.
    """
    if _UNSAFE.search(text):
        return _double(text)
    layout = block.layout
    if layout in _TOML:
        rendered = _toml_styled(layout, text)
        return rendered if rendered is not None and _toml_reads(rendered, text) else _double(text)
    rendered = _yaml_styled(block, text)
    return rendered if rendered is not None and _yaml_reads(block, rendered, text) else _double(text)


_BLOCK_SCALARS = (Layout.YAML_LITERAL, Layout.YAML_FOLDED)
_TOML = (Layout.TOML_BASIC, Layout.TOML_LITERAL, Layout.TOML_MULTILINE_BASIC, Layout.TOML_MULTILINE_LITERAL)


def _yaml_styled(block: Block, text: str) -> str | None:
    layout = block.layout
    if layout is Layout.YAML_PLAIN:
        return text
    if layout is Layout.YAML_SINGLE:
        return None if "\n" in text else "'" + text.replace("'", "''") + "'"
    if layout in _BLOCK_SCALARS:
        return _yaml_block(block, text)
    return None


def _yaml_reads(block: Block, rendered: str, text: str) -> bool:
    newline = block.separators[2] if len(block.separators) > 2 else "\n"
    # A block scalar's trailing line breaks follow in the skeleton; count them in.
    breaks = len(text) - len(text.rstrip("\n")) if block.layout in _BLOCK_SCALARS else 0
    probe = " " * block.column + "k: " + rendered + newline * max(1, breaks)
    try:
        return bool(yaml.safe_load(probe) == {"k": text})
    except yaml.YAMLError:
        return False


def _toml_styled(layout: Layout, text: str) -> str | None:
    if layout is Layout.TOML_LITERAL:
        return "'" + text + "'"
    if layout is Layout.TOML_MULTILINE_LITERAL:
        return "'''" + ("\n" if text.startswith("\n") else "") + text + "'''"
    if layout is Layout.TOML_MULTILINE_BASIC:
        body = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
        return '"""' + ("\n" if "\n" in text else "") + body + '"""'
    return None


def _toml_reads(rendered: str, text: str) -> bool:
    try:
        return bool(tomllib.loads("k = " + rendered) == {"k": text})
    except tomllib.TOMLDecodeError:
        return False


def _double(text: str) -> str:
    """A one-line double-quoted string: the same text in YAML and in TOML (JSON escapes).

    Characters that YAML reads as line breaks (NEL, U+2028, U+2029) or does not allow in a
    stream at all (DEL, C1 controls, U+FEFF, U+FFFE, U+FFFF), and that TOML does not allow raw
    either, are written as ``\\uXXXX``, which both read back as the character."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def _yaml_block(block: Block, text: str) -> str:
    """A literal or folded block scalar with the source's header and content indentation.

    The source's trailing line breaks (one for clip chomping, none for strip, all for keep) are
    skeleton: the region ends with the last content character. A folded scalar gets every line
    break of the value written so that folding gives it back (:func:`_unfold`).
    """
    header, indent, newline = (*block.separators, "\n")[:3]
    body = text.rstrip("\n")
    if block.layout is Layout.YAML_FOLDED:
        body = _unfold(body)
    return header + "".join(newline + (indent + line if line else "") for line in body.split("\n"))


def _unfold(value: str) -> str:
    """The folded-scalar lines whose folding is ``value``.

    Between two text lines, ``n`` line breaks of the value take ``n + 1`` (a single break folds
    to a space); next to a more-indented line breaks are kept as they are (YAML 1.2, 8.1.3).
    """
    parts = re.split(r"(\n+)", value)
    for i in range(1, len(parts) - 1, 2):
        if not parts[i - 1][:1].isspace() and not parts[i + 1][:1].isspace():
            parts[i] += "\n"
    return "".join(parts)
