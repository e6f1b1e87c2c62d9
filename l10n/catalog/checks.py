"""Checks of translations against their source: what an editor must fix before publishing.

One table, :data:`CHECKS`, serves both ``l10n check`` and ``l10n build``: each entry is a small
function over (msgid, msgstr) with a severity and the scopes it applies to (a plain-text article,
the body of a Markdown article, a front-matter value). ``build`` refuses a translation exactly
when an ERROR check of its scope fails (:func:`refusal`), and ``check`` reports exactly those
as errors, so the two can never disagree. Warnings never stop a build. No check raises for a
finding.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import Enum

import polib

from l10n.catalog.state import classify
from l10n.document.inline import EMPHASIS_CHARS, References, parse_inline, relabel_references
from l10n.document.model import BlockKind
from l10n.document.numbers import digits, find_numbers
from l10n.document.structure import block_structure
from l10n.po import format_problem


class Severity(str, Enum):
    """How bad a finding is: errors break the article (build refuses the translation),
    warnings deserve a look."""

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


def scope_of(article_format: str, kind: BlockKind) -> Scope:
    """The scope of a block of an article in format ``article_format`` (a registry name)."""
    if article_format != "markdown":
        return Scope.TEXT
    if kind in (BlockKind.HTML_ATTRIBUTE, BlockKind.SHORTCODE_PARAMETER):
        return Scope.HTML_ATTRIBUTE
    return Scope.FRONT_MATTER if kind is BlockKind.FRONT_MATTER else Scope.MARKDOWN


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


@dataclass(frozen=True)
class Check:
    """One rule of the table."""

    name: str
    """Short name shown with every finding."""
    severity: Severity
    """ERROR (build refuses the translation) or WARNING."""
    scopes: frozenset[Scope]
    """The kinds of text it applies to."""
    run: Callable[[str, str, References], str | None]
    """(source, translation, the article's link reference definitions) -> what is wrong, or None."""


def _message_only(run: Callable[[str, str], str | None]) -> Callable[[str, str, References], str | None]:
    """A check that needs nothing of the article but the message."""
    def check(source: str, target: str, references: References) -> str | None:
        return run(source, target)

    return check


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


def numbers_kept(source: str, target: str) -> str | None:
    """Every number of the source appears in the translation (separators may be localized)."""
    def counts(text: str) -> Counter[str]:
        return Counter(digits(number) for number in find_numbers(text))

    missing = counts(source) - counts(target)
    if missing:
        return f"number {sorted(missing)[0]} is missing"
    return None


def outer_whitespace(source: str, target: str) -> str | None:
    """Leading and trailing white space and line breaks match the source."""
    if source[: len(source) - len(source.lstrip())] != target[: len(target) - len(target.lstrip())]:
        return "leading white space differs from the source"
    if source[len(source.rstrip()) :] != target[len(target.rstrip()) :]:
        return "trailing white space differs from the source"
    if source.count("\n") != target.count("\n"):
        return "the number of line breaks differs from the source"
    return None


def quotes_kept(source: str, target: str) -> str | None:
    """A double-quoted value inside a tag (the only kind extracted) gains no ``"``, no
    shortcode closer and no line break: each would end the value, or the tag, early."""
    if target.count('"') > source.count('"'):
        return '" would end the quoted value and its tag (write &quot; or “”)'
    for closer in (">}}", "%}}"):
        if target.count(closer) > source.count(closer):
            return f"{closer} would end the shortcode around the value"
    if target.count("\n") > source.count("\n"):
        return "a line break inside a quoted value is not in the source"
    return None


_MARKUP_SCOPES = frozenset({Scope.MARKDOWN, Scope.FRONT_MATTER, Scope.HTML_ATTRIBUTE})
_ALL = frozenset(Scope)

CHECKS: tuple[Check, ...] = (
    Check("structure", Severity.ERROR, frozenset({Scope.MARKDOWN}), _message_only(structure_kept)),
    Check("markup", Severity.ERROR, _MARKUP_SCOPES, markup_kept),
    Check("emphasis", Severity.ERROR, _MARKUP_SCOPES, _message_only(emphasis_balanced)),
    Check("attribute", Severity.ERROR, frozenset({Scope.HTML_ATTRIBUTE}), _message_only(quotes_kept)),
    Check("numbers", Severity.WARNING, _ALL, _message_only(numbers_kept)),
    Check("whitespace", Severity.WARNING, _ALL, _message_only(outer_whitespace)),
)
"""Every check, in the order findings are reported."""


def check_entry(
    msgid: str, msgstr: str, scopes: Iterable[Scope], references: References = ()
) -> list[tuple[str, Severity, str]]:
    """(check, severity, message) for every check of ``scopes`` the translation fails, in an
    article whose link reference definitions are ``references`` (which only the body of a Markdown
    article uses)."""
    wanted = frozenset(scopes)
    if Scope.MARKDOWN not in wanted:
        references = ()
    out = []
    for check in CHECKS:
        if check.scopes & wanted:
            message = check.run(msgid, msgstr, references)
            if message:
                out.append((check.name, check.severity, message))
    return out


def refusal(msgid: str, msgstr: str, scope: Scope, references: References = ()) -> str | None:
    """Why ``build`` must not use this translation (the first failing ERROR check), or None."""
    if scope is not Scope.MARKDOWN:
        references = ()
    for check in CHECKS:
        if check.severity is Severity.ERROR and scope in check.scopes:
            message = check.run(msgid, msgstr, references)
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


EntryCheck = Callable[[polib.POEntry, polib.POFile], str | None]


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
    po: polib.POFile, article_format: str, references: References = ()
) -> list[Finding]:
    """Findings for every translated or fuzzy entry of the catalog of an article in format
    ``article_format`` (a name of :data:`l10n.document.formats.FORMATS`) whose link reference
    definitions are ``references``."""
    findings: list[Finding] = []
    for entry in po:
        if entry.obsolete or not entry.msgid:
            continue
        for name, message in _entry_errors(entry, po):
            findings.append(
                Finding(name, Severity.ERROR, message, entry.msgid, entry.linenum or 0,
                        classify(entry).is_draft)
            )
        if not entry.msgstr:
            continue
        for name, severity, message in check_entry(entry.msgid, entry.msgstr,
                                                   entry_scopes(entry, article_format), references):
            findings.append(
                Finding(name, severity, message, entry.msgid, entry.linenum or 0, classify(entry).is_draft)
            )
    return findings
