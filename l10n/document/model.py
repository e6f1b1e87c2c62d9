"""Plain values that flow through the pipeline: documents, blocks, segments.

A :class:`Document` is the source text plus the translatable :class:`Block` regions found in
it; everything outside the blocks is the skeleton and is copied verbatim at build time. A block's
*logical text* is what a translator sees before sentence splitting (container prefixes such as
``> `` removed, lines joined with ``\\n``). :class:`Segment` is one sentence of a block: the unit
that becomes a PO message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields
from enum import Enum
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

_T = TypeVar("_T")


class BlockKind(str, Enum):
    """What a translatable block is; written as the ``#.`` extracted comment."""

    PARAGRAPH = "paragraph"
    HEADING = "heading"
    LIST_ITEM = "list item"
    BLOCKQUOTE = "block quote"
    TABLE_CELL = "table cell"
    TABLE_HEADER = "table header"
    FOOTNOTE = "footnote"
    DEFINITION_TERM = "definition term"
    DEFINITION = "definition"
    HTML_TEXT = "html text"
    """A run of prose inside an HTML block (:mod:`l10n.document.formats.html_blocks`)."""
    HTML_ATTRIBUTE = "html attribute"
    """The double-quoted ``alt`` or ``title`` value of a tag in an HTML block."""
    SHORTCODE_PARAMETER = "shortcode parameter"
    """The double-quoted value of a shortcode parameter that holds prose (``caption="..."``)."""
    FRONT_MATTER = "front matter"
    LINE = "line"


class Layout(str, Enum):
    """How a block's new text is written back into the skeleton."""

    INLINE = "inline"
    """One line of text; a translation is kept on one line."""
    WRAPPED = "wrapped"
    """Several lines joined by soft breaks; a translation is re-wrapped to the source width."""
    UNDERLINED = "underlined"
    """A plain-text title between rules (``Title`` over ``=====``): one line, and a rule that
    ended where the title ended follows the translated title's width."""
    TABLE_CELL = "table cell"
    """One GFM table cell: one line, and a literal ``|`` in a translation is escaped."""
    YAML_PLAIN = "yaml plain"
    YAML_SINGLE = "yaml single-quoted"
    YAML_DOUBLE = "yaml double-quoted"
    YAML_LITERAL = "yaml literal block"
    YAML_FOLDED = "yaml folded block"
    TOML_BASIC = "toml basic string"
    TOML_LITERAL = "toml literal string"
    TOML_MULTILINE_BASIC = "toml multi-line basic string"
    TOML_MULTILINE_LITERAL = "toml multi-line literal string"


class MarkupKind(str, Enum):
    """Inline markup classes the segmenter and the markup checks care about."""

    CONTAINER = "container"
    """Emphasis, strong, strikethrough, link or image: no sentence break inside."""
    ATOM = "atom"
    """Code span, inline HTML, autolink, footnote reference: never translated, kept whole."""


@dataclass(frozen=True, slots=True)
class Markup:
    """One piece of inline markup inside a block's logical text."""

    start: int
    """Offset of the first character in the block's logical text."""
    end: int
    """Offset just past the last character."""
    kind: MarkupKind
    """Container or atom."""
    name: str
    """Parser name: ``emphasis``, ``strong``, ``link``, ``image``, ``code``, ``html``..."""
    target: str = ""
    """Link or image destination (never translatable), empty for other markup."""


@dataclass(frozen=True, slots=True)
class Block:
    """One translatable region of a source document."""

    kind: BlockKind
    """What the block is (paragraph, heading...)."""
    start: int
    """Offset (characters) of the region in the document text that a translation replaces."""
    end: int
    """End offset of that region; ``text[start:end]`` is copied when nothing is translated."""
    text: str
    """Logical text: content lines joined with ``\\n`` (container prefixes removed), or the
    decoded value of a front-matter scalar."""
    line: int
    """1-based line of ``start`` in the document, for ``#:`` references and errors."""
    layout: Layout
    """How new text is written back."""
    separators: tuple[str, ...] = ()
    """WRAPPED: the skeleton between content lines (newline plus container prefix).
    UNDERLINED: ``(overline or "", skeleton between overline and title, skeleton between title
    and underline, underline)``.
    YAML block scalars: ``(header, indentation, line ending)``, e.g. ``("|-", "  ", "\\n")``."""
    column: int = 0
    """0-based column of ``start`` on its line (the width of the first line's prefix); for a
    front-matter value, the column of the key that owns it."""
    width: int = 0
    """WRAPPED: the widest source line (see :mod:`l10n.document.widths` for the width a
    translation is re-wrapped to). UNDERLINED: the column where the source title ends."""
    markup: tuple[Markup, ...] = ()
    """Inline markup in ``text``, sorted by start; containers may nest."""
    hidden: tuple[tuple[int, int, str], ...] = ()
    """Ranges of ``text`` the segmenter must not read, each with its stand-in ("" or a word)."""
    hard_breaks: tuple[int, ...] = ()
    """Offsets in ``text`` of newlines that are hard line breaks (kept in messages)."""
    note: str = ""
    """Extra context for the translator, e.g. the front-matter key."""
    rewritten: tuple[tuple[int, int, str], ...] = ()
    """HTML: ranges of ``text`` that read differently from the source (a decoded character
    reference, white space collapsed to one space), each with the source text it stands for;
    the build writes untranslated text back as it was (:mod:`l10n.document.formats.html_build`)."""


def _slot_builder(cls: type[_T]) -> Callable[..., _T]:
    """A function that builds a ``cls`` (a frozen dataclass with slots) exactly as ``cls(...)``
    does, from the same arguments (positional in field order, or by name, with the same
    defaults), for parsers that build tens of thousands of them per article set.

    It stores each field through its slot's descriptor: a frozen dataclass's ``__init__`` calls
    ``object.__setattr__`` per field, which looks the attribute up by name on the class first,
    and costs about twice as much. Generated from :func:`dataclasses.fields` (as ``dataclass``
    writes ``__init__`` itself), so it follows every change of the fields.
    """
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    params = []
    for i, f in enumerate(fields(cls)):  # type: ignore[arg-type]
        if f.default_factory is not MISSING:
            raise TypeError(f"{cls.__name__}.{f.name}: a default factory is not supported")
        namespace[f"_set{i}"] = getattr(cls, f.name).__set__
        if f.default is MISSING:
            params.append(f.name)
        else:
            namespace[f"_default{i}"] = f.default
            params.append(f"{f.name}=_default{i}")
    body = "".join(f"    _set{i}(obj, {name})\n" for i, name in enumerate(names))
    source = f"def build({', '.join(params)}):\n    obj = _new(_cls)\n{body}    return obj\n"
    exec(source, namespace)  # noqa: S102 - code generated from the field names above only
    build: Callable[..., _T] = namespace["build"]
    build.__doc__ = f"Build a {cls.__name__}: the same as {cls.__name__}(...), cheaper."
    return build


if TYPE_CHECKING:  # checked as the classes themselves
    new_markup = Markup
    new_block = Block
else:
    new_markup = _slot_builder(Markup)
    """``Markup(...)`` for parsers: the same object, built at half the cost."""
    new_block = _slot_builder(Block)
    """``Block(...)`` for parsers: the same object, built at half the cost."""


@dataclass(frozen=True, slots=True)
class LinkDefinition:
    """A link reference definition of a Markdown article (``[label]: destination``)."""

    label: str
    """The label as written in the definition (matched case-insensitively)."""
    destination: str
    """The link destination it stands for."""


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed source article: its exact text and its translatable blocks, in order."""

    path: str
    """Path relative to the source folder, with ``/`` separators; the article's identity."""
    text: str
    """The whole source, decoded from UTF-8, byte-exact."""
    blocks: tuple[Block, ...]
    """Translatable regions, sorted and non-overlapping."""
    format: str
    """Registry name of the format that parsed it (``text``, ``markdown``, ``html``)."""
    references: tuple[LinkDefinition, ...] = ()
    """Markdown: the link reference definitions, which reference links in messages resolve to."""


class Segment(NamedTuple):
    """One message: a sentence (or a whole block in paragraph mode) of a block.

    A named tuple rather than a frozen dataclass: one is built per message (40,000 for a 5 MB
    corpus), and the dataclass constructor, one ``object.__setattr__`` per field, cost twice as
    much. It is as immutable; compare segments only with segments.
    """

    block: int
    """Index of the block in ``Document.blocks``."""
    start: int
    """Offset in the block's logical text."""
    end: int
    """End offset in the block's logical text."""
    msgid: str
    """The message as the translator sees it: soft line breaks folded to single spaces."""


@dataclass(frozen=True, slots=True)
class SegmentedDocument:
    """A document with its segments, ready for the catalog and for assembly."""

    document: Document
    """The parsed source."""
    segments: tuple[Segment, ...]
    """All segments of all blocks, in document order."""
    language: str = "en"
    """Source language the segmenter used."""
    notes: tuple[str, ...] = field(default=())
    """Warnings found while parsing (nothing fatal)."""
