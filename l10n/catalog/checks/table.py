"""The one table of checks, :data:`CHECKS`, and the functions that run it for ``l10n check``
and ``l10n build``.

Each entry is a small function over (source, translation, context) with a severity, the scopes
it applies to (a plain-text article, the body of a Markdown article, a front-matter value, an
HTML attribute) and why it has that severity. ``build`` refuses a translation exactly when an
ERROR check of its scope fails (:func:`refusal`), and ``check`` reports exactly those as
errors, so the two can never disagree. Errors are what breaks or falsifies the article;
warnings never stop a build. No check raises for a finding.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

import polib

from l10n.catalog.checks.base import (
    Check,
    CheckContext,
    EntryCheck,
    Finding,
    Scope,
    Severity,
    entry_finding,
    message_only,
    scope_of,
    with_references,
)
from l10n.catalog.checks.markup import emphasis_balanced, markup_kept, quotes_kept, structure_kept
from l10n.catalog.checks.names import names_kept
from l10n.catalog.checks.numbers import numbers_kept, numbers_same_value
from l10n.catalog.checks.text import (
    brackets_balanced,
    doubled_spaces,
    doubled_words,
    final_punctuation,
    identifiers_kept,
    length_ratio,
    not_left_untranslated,
    outer_whitespace,
    quotes_balanced,
)
from l10n.document.inline import References
from l10n.document.inline_html import html_markup_kept
from l10n.document.model import BlockKind
from l10n.po import format_problem

_MARKUP_SCOPES = frozenset({Scope.MARKDOWN, Scope.FRONT_MATTER, Scope.HTML_ATTRIBUTE})
_ALL = frozenset(Scope)
E, W = Severity.ERROR, Severity.WARNING

CHECKS: tuple[Check, ...] = (
    Check("structure", E, frozenset({Scope.MARKDOWN}), message_only(structure_kept),
          "a new block (heading, list, blank line...) changes the article's layout"),
    Check("markup", E, _MARKUP_SCOPES, with_references(markup_kept),
          "a lost or changed link, image, code span, tag or footnote breaks the article"),
    Check("emphasis", E, _MARKUP_SCOPES, message_only(emphasis_balanced),
          "an unpaired marker leaks emphasis into the rest of the paragraph"),
    Check("html-markup", E, frozenset({Scope.HTML}), message_only(html_markup_kept),
          "a lost, changed or re-nested tag changes the page"),
    Check("attribute", E, frozenset({Scope.HTML_ATTRIBUTE}), message_only(quotes_kept),
          "a new \" ends the attribute value and breaks the tag"),
    Check("number-changed", E, _ALL, numbers_same_value,
          "a number replaced by another value falsifies the article"),
    Check("numbers", W, _ALL, numbers_kept,
          "a number missing or added may be written in words, which is correct"),
    Check("whitespace", W, _ALL, message_only(outer_whitespace),
          "the build trims the white space around a sentence"),
    Check("doubled-space", W, _ALL, message_only(doubled_spaces), "a typo; nothing breaks"),
    Check("doubled-word", W, _ALL, doubled_words, "a typo, or grammar (nous nous)"),
    Check("brackets", W, _ALL, message_only(brackets_balanced),
          "a typo the reader sees; nothing breaks"),
    Check("quotes", W, _ALL, message_only(quotes_balanced),
          "a typo or a lost quotation; the reader still reads the sentence"),
    Check("punctuation", W, _ALL, message_only(final_punctuation),
          "languages end sentences differently at times (titles, quotations)"),
    Check("untranslated", W, _ALL, message_only(not_left_untranslated),
          "the reader gets the source language, not a wrong text"),
    Check("length", W, _ALL, length_ratio, "languages differ in length; a hint of a lost part"),
    Check("names", W, _ALL, names_kept,
          "a near match cannot tell a misspelling from an exonym (Moscou, Bachmut)"),
    Check("identifiers", W, _ALL, message_only(identifiers_kept),
          "a split file or domain name misleads but breaks no markup"),
)
"""Every check, in the order findings are reported: errors first."""


def _context(context: CheckContext | References, markdown: bool) -> CheckContext:
    """``context`` as a CheckContext (a bare tuple is the article's references), without
    references where the text is not a Markdown body."""
    if not isinstance(context, CheckContext):
        context = CheckContext(references=context)
    if not markdown and context.references:
        context = dataclasses.replace(context, references=())
    return context


def check_entry(
    msgid: str, msgstr: str, scopes: Iterable[Scope], context: CheckContext | References = ()
) -> list[tuple[str, Severity, str]]:
    """(check, severity, message) for every check of ``scopes`` the translation fails, in
    ``context`` (or an article whose link reference definitions are ``context``, which only the
    body of a Markdown article uses)."""
    wanted = frozenset(scopes)
    ctx = _context(context, Scope.MARKDOWN in wanted)
    out = []
    for check in CHECKS:
        if check.scopes & wanted:
            message = check.run(msgid, msgstr, ctx)
            if message:
                out.append((check.name, check.severity, message))
    return out


def refusal(msgid: str, msgstr: str, scope: Scope, context: CheckContext | References = ()) -> str | None:
    """Why ``build`` must not use this translation (the first failing ERROR check), or None."""
    ctx = _context(context, scope is Scope.MARKDOWN)
    for check in CHECKS:
        if check.severity is Severity.ERROR and scope in check.scopes:
            message = check.run(msgid, msgstr, ctx)
            if message:
                return message
    return None


def entry_scopes(entry: polib.POEntry, article_format: str) -> frozenset[Scope]:
    """The scopes of an entry of an article's catalog, read from its ``#.`` block kinds (a
    sentence may appear in a front-matter value and in the body)."""
    kinds = [line.split(":", 1)[0].strip() for line in entry.comment.splitlines()]
    known = {kind.value for kind in BlockKind}
    scopes = {scope_of(article_format, BlockKind(k)) for k in kinds if k in known}
    return frozenset(scopes or {scope_of(article_format, BlockKind.PARAGRAPH)})


def format_directives_kept(entry: polib.POEntry, po: polib.POFile) -> str | None:
    """An entry flagged ``c-format``, ``python-format``... keeps its source's directives, as
    ``msgfmt -c`` requires (fuzzy entries too, which msgfmt skips: ``build`` may publish them)."""
    return format_problem(entry, plural_forms=po.metadata.get("Plural-Forms"), include_fuzzy=True)


ENTRY_CHECKS: tuple[tuple[str, EntryCheck], ...] = (
    ("format", format_directives_kept),
)
"""Errors about a whole entry rather than its text: its flags make the PO file one that GNU
gettext rejects. They apply to every scope; ``build`` refuses such an entry too
(:func:`catalog_refusals`)."""


def _entry_errors(entry: polib.POEntry, po: polib.POFile) -> Iterator[tuple[str, str]]:
    for name, run in ENTRY_CHECKS:
        message = run(entry, po)
        if message:
            yield name, message


def catalog_refusals(po: polib.POFile) -> dict[str, str]:
    """msgid -> why ``build`` must not publish the entry at all (the first failing entry
    check), for the entries that fail one; ``check`` reports the same ones as errors."""
    out: dict[str, str] = {}
    for entry in po:
        if entry.obsolete or not entry.msgid:
            continue
        for _, message in _entry_errors(entry, po):
            out.setdefault(entry.msgid, message)
    return out


def check_catalog(
    po: polib.POFile, article_format: str, context: CheckContext | References = ()
) -> list[Finding]:
    """Findings for every translated or fuzzy entry of the catalog of an article in format
    ``article_format`` (a name of :data:`l10n.document.formats.FORMATS`), checked in
    ``context`` (or, given a tuple, an article whose link reference definitions it holds)."""
    ctx = _context(context, True)
    findings: list[Finding] = []
    for entry in po:
        if entry.obsolete or not entry.msgid:
            continue
        for name, message in _entry_errors(entry, po):
            findings.append(entry_finding(entry, name, Severity.ERROR, message, ctx))
        if not entry.msgstr:
            continue
        for name, severity, message in check_entry(entry.msgid, entry.msgstr,
                                                   entry_scopes(entry, article_format), ctx):
            findings.append(entry_finding(entry, name, severity, message, ctx))
    return findings
