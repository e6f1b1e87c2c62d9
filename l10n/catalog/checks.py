"""Checks of translations against their source: what an editor must fix before publishing.

Each check is one small function over (msgid, msgstr) returning a message or None; ``CHECKS``
is the ordered table of them. ``check_catalog`` runs the table over a PO file's translated and
fuzzy entries and returns findings; it never raises for a finding.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

import polib

from l10n.catalog.state import classify
from l10n.document.markup import emphasis_problem, markdown_atoms


class Severity(str, Enum):
    """How bad a finding is: errors break the article, warnings deserve a look."""

    ERROR = "error"
    WARNING = "warning"


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


Check = Callable[[str, str], str | None]


def markup_kept(source: str, target: str) -> str | None:
    """Links, images, code spans, HTML tags and footnote references must be kept as they are."""
    want, got = markdown_atoms(source), markdown_atoms(target)
    if want == got:
        return None
    missing = want - got
    if missing:
        kind, value = sorted(missing)[0]
        return f"{kind} {value!r} is missing"
    kind, value = sorted(got - want)[0]
    return f"{kind} {value!r} is not in the source"


def emphasis_balanced(source: str, target: str) -> str | None:
    """Emphasis markers come in pairs as in the source (``**`` and ``*`` counted apart)."""
    return emphasis_problem(source, target)


_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f ]\d+)*")


def numbers_kept(source: str, target: str) -> str | None:
    """Every number of the source appears in the translation (separators may be localized)."""
    def digits(text: str) -> Counter[str]:
        return Counter(re.sub(r"\D", "", m.group(0)) for m in _NUMBER.finditer(text))

    missing = digits(source) - digits(target)
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


CHECKS: tuple[tuple[str, Severity, Check], ...] = (
    ("markup", Severity.ERROR, markup_kept),
    ("emphasis", Severity.ERROR, emphasis_balanced),
    ("numbers", Severity.WARNING, numbers_kept),
    ("whitespace", Severity.WARNING, outer_whitespace),
)
"""Every check, in the order findings are reported."""


def check_entry(msgid: str, msgstr: str) -> list[tuple[str, Severity, str]]:
    """(check, severity, message) for every check the translation fails."""
    out = []
    for name, severity, check in CHECKS:
        message = check(msgid, msgstr)
        if message:
            out.append((name, severity, message))
    return out


def check_catalog(po: polib.POFile) -> list[Finding]:
    """Findings for every translated or fuzzy entry of a catalog."""
    findings: list[Finding] = []
    for entry in po:
        if entry.obsolete or not entry.msgstr or not entry.msgid:
            continue
        for name, severity, message in check_entry(entry.msgid, entry.msgstr):
            findings.append(
                Finding(name, severity, message, entry.msgid, entry.linenum or 0, classify(entry).is_draft)
            )
    return findings
