"""The vocabulary of the checks: severities, scopes, the context a check reads, findings.

Kept apart from the table (:mod:`l10n.catalog.checks.table`) so that every module of checks
imports the same few values and none imports another's functions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

import polib

from l10n.catalog.state import classify
from l10n.document.inline import References
from l10n.document.model import BlockKind


class Severity(str, Enum):
    """How bad a finding is: errors break or falsify the article (build refuses the
    translation), warnings deserve a look."""

    ERROR = "error"
    WARNING = "warning"


class Scope(str, Enum):
    """What kind of text a message is, which decides the checks that apply to it."""

    TEXT = "text"
    """A sentence of a plain-text article: no markup."""
    MARKDOWN = "markdown"
    """A sentence of a Markdown article's body: inline markup and block structure."""
    FRONT_MATTER = "front matter"
    """A front-matter value of a Markdown article: inline markup, no block structure."""
    HTML_ATTRIBUTE = "html attribute"
    """A double-quoted value inside a tag: the ``alt`` or ``title`` of a tag in an HTML block,
    a shortcode's prose parameter (``caption="..."``): no new ``"``."""
    HTML = "html"
    """A sentence of an HTML article: its inline tags are HTML markup, read by
    :mod:`l10n.document.inline_html` (its attribute values are plain text: the build escapes
    them)."""


def scope_of(article_format: str, kind: BlockKind) -> Scope:
    """The scope of a block of an article in format ``article_format`` (a registry name)."""
    if article_format == "html":
        return Scope.TEXT if kind is BlockKind.HTML_ATTRIBUTE else Scope.HTML
    if article_format != "markdown":
        return Scope.TEXT
    if kind in (BlockKind.HTML_ATTRIBUTE, BlockKind.SHORTCODE_PARAMETER):
        return Scope.HTML_ATTRIBUTE
    return Scope.FRONT_MATTER if kind is BlockKind.FRONT_MATTER else Scope.MARKDOWN


@dataclass(frozen=True)
class CheckContext:
    """What a check may know besides the two texts: the same for every entry of a catalog."""

    source_locale: str = "en"
    """Locale of the source article (how its numbers and quotes are written)."""
    target_locale: str | None = None
    """Locale of the translation; None when unknown (numbers are then read as either
    convention of decimal mark)."""
    references: References = ()
    """The article's link reference definitions (only the body of a Markdown article has any)."""
    article: str = ""
    """The source article, as shown in findings (``source/a.md``); empty when unknown."""


@dataclass(frozen=True)
class Finding:
    """One problem in one entry."""

    check: str
    """Name of the check."""
    severity: Severity
    """Error or warning."""
    message: str
    """What is wrong, for the editor."""
    msgid: str
    """The source sentence."""
    line: int
    """Line of the entry in the PO file (0 when unknown)."""
    fuzzy: bool
    """Whether the entry is still fuzzy (a draft or an unreviewed change)."""
    article: str = ""
    """The source article the sentence is in (``source/a.md``); empty when unknown."""
    locale: str = ""
    """The locale of the translation; empty when unknown."""
    source_line: int = 0
    """Line of the sentence in the source article (its first ``#:`` reference; 0 when unknown)."""


Run = Callable[[str, str, CheckContext], "str | None"]
"""(source, translation, context) -> what is wrong, or None."""


@dataclass(frozen=True)
class Check:
    """One rule of the table."""

    name: str
    """Short name shown with every finding."""
    severity: Severity
    """ERROR (build refuses the translation) or WARNING."""
    scopes: frozenset[Scope]
    """The kinds of text it applies to."""
    run: Run
    """(source, translation, context) -> what is wrong, or None."""
    why: str = ""
    """One line: why this severity (shown in the README's table)."""


def message_only(run: Callable[[str, str], str | None]) -> Run:
    """A check that needs nothing but the two texts."""
    def check(source: str, target: str, context: CheckContext) -> str | None:
        return run(source, target)

    check.__doc__ = run.__doc__
    return check


def with_references(run: Callable[[str, str, References], str | None]) -> Run:
    """A check that needs the article's link reference definitions."""
    def check(source: str, target: str, context: CheckContext) -> str | None:
        return run(source, target, context.references)

    check.__doc__ = run.__doc__
    return check


def source_line(entry: polib.POEntry, article: str = "") -> int:
    """Line of ``entry``'s sentence in the source article: its first ``#:`` reference to
    ``article`` (to any file when ``article`` is empty or not referenced), 0 without one."""
    lines = [(path, line) for path, line in entry.occurrences if str(line).isdigit()]
    for path, line in lines:
        if not article or path == article:
            return int(line)
    return int(lines[0][1]) if lines else 0


def entry_finding(entry: polib.POEntry, check: str, severity: Severity, message: str,
                  context: CheckContext) -> Finding:
    """A finding about ``entry`` of a catalog checked in ``context``."""
    return Finding(check, severity, message, entry.msgid, entry.linenum or 0,
                   classify(entry).is_draft, context.article, context.target_locale or "",
                   source_line(entry, context.article))


EntryCheck = Callable[[polib.POEntry, polib.POFile], "str | None"]
"""A check of a whole entry (its flags), not of its text: (entry, catalog) -> what is wrong."""
