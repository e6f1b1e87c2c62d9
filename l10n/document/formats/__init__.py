"""Source formats: each turns an article's text into a :class:`~l10n.document.model.Document`.

A format only finds the translatable regions and their inline markup; it never rewrites the
source. The same parse serves extraction and build, so the skeleton is always the source itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

from l10n.document.model import Document
from l10n.document.templates import DEFAULT_CODE_SHORTCODES, DEFAULT_PROSE_PARAMETERS
from l10n.errors import SourceError

MARKDOWN_EXTENSIONS: tuple[str, ...] = ("definition_lists", "attributes", "alerts", "mdx")
"""Markdown syntax beyond CommonMark and GFM tables that articles may use, all on by default:
``definition_lists`` (``Term`` / ``: definition``, as in Goldmark and kramdown), ``attributes``
(``{#id .class}`` after a heading, a ``{: .note}`` line after or before a block), ``alerts``
(GitHub's ``> [!NOTE]``) and ``mdx`` (MDX's top-level ``import``/``export`` statements and
``{...}`` expressions, which Docusaurus reads in ``.md`` files too). Markup they add stays out
of the messages."""


@dataclass(frozen=True)
class FormatOptions:
    """Per-format settings from the configuration."""

    front_matter: bool = True
    """Whether a leading ``---``/``+++`` block is front matter (Markdown)."""
    front_matter_keys: tuple[str, ...] = ("title", "description", "summary")
    """Front-matter keys (dotted for nested tables) whose string values are translatable."""
    line_breaks: str = "auto"
    """Plain text: ``soft``, ``hard`` or ``auto`` (see :mod:`l10n.document.formats.text`)."""
    code_shortcodes: tuple[str, ...] = DEFAULT_CODE_SHORTCODES
    """Markdown: paired shortcodes and template tags whose body is code (kept verbatim)."""
    shortcode_parameters: tuple[str, ...] = DEFAULT_PROSE_PARAMETERS
    """Markdown: ``shortcode.parameter`` names whose double-quoted values are prose."""
    indented: bool = False
    """Plain text: indented blocks (code, literal text) are translatable too."""
    extensions: tuple[str, ...] = MARKDOWN_EXTENSIONS
    """Markdown: the names of :data:`MARKDOWN_EXTENSIONS` that are read as markup."""
    skip_classes: tuple[str, ...] = ("notranslate",)
    """HTML: elements with one of these classes are never extracted (as ``translate="no"``)."""


Parser = Callable[[str, str, FormatOptions], Document]


def _markdown(text: str, path: str, options: FormatOptions) -> Document:
    from l10n.document.formats.markdown import parse_markdown

    return parse_markdown(text, path, options)


def _text(text: str, path: str, options: FormatOptions) -> Document:
    from l10n.document.formats.text import parse_text

    return parse_text(text, path, options)


def _html(text: str, path: str, options: FormatOptions) -> Document:
    from l10n.document.formats.html import parse_html

    return parse_html(text, path, options)


FORMATS: dict[str, Parser] = {
    "markdown": _markdown,
    "text": _text,
    "html": _html,
}
"""Registry of formats by name."""

EXTENSIONS: dict[str, str] = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".mdx": "markdown",
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
}
"""File name endings and the format each one means."""


def format_for(path: str) -> str | None:
    """The format name for a source path, or None when the ending is not an article."""
    return EXTENSIONS.get(PurePosixPath(path).suffix.lower())


def parse_document(text: str, path: str, options: FormatOptions, fmt: str | None = None) -> Document:
    """Parse ``text`` (the article at ``path``) with its format."""
    name = fmt or format_for(path)
    if name is None or name not in FORMATS:
        raise SourceError(
            f"unknown article format; use one of {', '.join(sorted(EXTENSIONS))}", path=path
        )
    return FORMATS[name](text, path, options)
