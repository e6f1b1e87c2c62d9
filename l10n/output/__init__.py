"""The last stage of the pipeline: what ``l10n build`` writes for a localized article.

``source`` (the default) is the article in its own format, byte-identical to the source outside
the translated text; ``html`` is that same text rendered as a web page
(:mod:`l10n.output.html`). :data:`OUTPUTS` is the one table of output formats: the CLI's
``--format`` choices and the ``[build] format`` values come from it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # the table is read for ``--help``, which parses no article
    from l10n.document.formats import FormatOptions
    from l10n.document.model import Document

OutputFormat = Literal["source", "html"]
"""The name of an output format."""

Render = Callable[[str, "Document", str, "FormatOptions"], str]
"""(localized article, its source document, locale, format options) -> the file's text."""


@dataclass(frozen=True)
class Output:
    """One output format of ``l10n build``."""

    suffix: str | None
    """The file name ending of its files (``.html``); None: the source article's own."""
    render: Render
    """Turns the localized article into the file's text."""
    help: str
    """What it writes, for ``--help``."""


def _source(built: str, document: Document, locale: str, options: FormatOptions) -> str:
    return built


def _html(built: str, document: Document, locale: str, options: FormatOptions) -> str:
    if document.format == "html":
        return built  # already a page: the HTML format wrote its lang and dir
    from l10n.output.html import html_page  # pyromark and Babel's dates only when asked for

    return html_page(built, article_format=document.format, locale=locale, options=options,
                     path=document.path)


OUTPUTS: dict[OutputFormat, Output] = {
    "source": Output(None, _source, "the article in its source format (Markdown, text)"),
    "html": Output(".html", _html, "a web page with lang and dir for the locale"),
}
"""Every output format by name; ``source`` is the default."""

DEFAULT_OUTPUT: OutputFormat = "source"
"""What ``build`` writes unless ``--format`` or ``[build] format`` says otherwise."""


def output_path(path: Path, output: OutputFormat) -> Path:
    """Where the file of ``output`` goes, for the source-format path ``path``."""
    suffix = OUTPUTS[output].suffix
    return path if suffix is None else path.with_suffix(suffix)


def render_output(output: OutputFormat, built: str, document: Document, locale: str,
                  options: FormatOptions) -> str:
    """The text of ``output``'s file for ``built``, the localized text of ``document``."""
    return OUTPUTS[output].render(built, document, locale, options)
