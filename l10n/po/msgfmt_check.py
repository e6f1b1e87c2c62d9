"""What ``msgfmt -c`` rejects in a catalog that parses: the checks after the grammar.

``l10n`` reads a PO file only if ``msgfmt --check`` (format, header and domain checks) would
compile it, so a file a translator's tools accept is one ``l10n`` accepts and the reverse, and
nothing ``l10n`` writes back fails ``msgfmt -c``. After :mod:`l10n.po.read`'s grammar, msgfmt
(msgfmt.c, msgl-check.c) requires, and :func:`msgfmt_problem` checks in the same order:

* a header entry with a non-empty ``msgstr`` (an empty, blank or comment-only file has none,
  nor has a file with CR-only line ends, which gettext reads as one line);
* a ``Plural-Forms`` whose ``nplurals`` is a number and whose ``plural`` expression parses,
  never divides by zero and stays below ``nplurals`` for n in 0..1000, when the header has
  both or a translated entry has plural forms; and every translated plural entry with exactly
  ``nplurals`` forms;
* in every translated, non-fuzzy entry: ``msgid``, ``msgid_plural`` and every ``msgstr`` all
  begin with a newline or none does, and likewise at the end;
* the format directives of those entries (:func:`l10n.po.format_check.format_problem`).

Like msgfmt, untranslated entries (empty ``msgstr``/``msgstr[0]``), fuzzy entries (but not a
fuzzy header) and obsolete entries are not checked. Templates (``.pot``) are not compiled and
their ``Plural-Forms: nplurals=INTEGER`` placeholder fails ``msgfmt -c``: they get only the
grammar.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, NamedTuple

import polib

from l10n.po.flags import parse_flags
from l10n.po.format_check import format_problem
from l10n.po.header import HEADER_ATTR

if TYPE_CHECKING:
    from l10n.po.plural_expr import PluralExpression

__all__ = ["MsgfmtProblem", "msgfmt_problem"]

_ULONG_MAX = (1 << 64) - 1
_INVALID_NPLURALS = (
    "invalid nplurals value in the Plural-Forms header: it must be a number, e.g. nplurals=2"
)
_INVALID_PLURAL = (
    "invalid plural expression in the Plural-Forms header: gettext cannot parse it "
    "(e.g. plural=(n != 1);)"
)


class MsgfmtProblem(NamedTuple):
    """The first error ``msgfmt -c`` would report."""

    message: str
    """What is wrong and what to do, one line."""
    line: int
    """The line it is about (1 for a file without a header)."""


def _forms(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        forms = entry.msgstr_plural or {}
        return [forms[k] for k in sorted(forms, key=int)]
    return [entry.msgstr or ""]


def _compiled(entry: polib.POEntry) -> bool:
    """Whether msgfmt keeps (and so checks) the entry: not obsolete, translated, not fuzzy."""
    if entry.obsolete:
        return False
    first = _forms(entry)[0] if entry.msgid_plural else entry.msgstr  # _forms, without a list
    return bool(first) and not (entry.flags and parse_flags(entry.flags).fuzzy)


def msgfmt_problem(po: polib.POFile, text: str) -> MsgfmtProblem | None:
    """The first thing ``msgfmt -c`` rejects in ``po``, parsed from ``text``, or None."""
    header: polib.POEntry | None = getattr(po, HEADER_ATTR, None)
    if header is None or header.msgstr == "":
        return MsgfmtProblem(_no_header(text, header), header.linenum if header else 1)
    compiled = [entry for entry in po if _compiled(entry)]
    problem = _plural_problem(header, compiled)
    if problem is not None:
        return problem
    plural_forms = po.metadata.get("Plural-Forms")
    for entry in compiled:
        message = _newline_problem(entry) or format_problem(entry, plural_forms=plural_forms)
        if message is not None:
            return MsgfmtProblem(f"{message} (msgfmt -c rejects it)", entry.linenum)
    return None


def _no_header(text: str, header: polib.POEntry | None) -> str:
    if "\r" in text and "\n" not in text.rstrip("\r"):
        return (
            "the file has CR-only line ends (old Mac style), which gettext reads as one single "
            "line: convert them to LF (e.g. `tr '\\r' '\\n'`)"
        )
    what = "has an empty msgstr" if header is not None else "is missing"
    return (
        f'the header entry (msgid "" with Content-Type, Language, Plural-Forms) {what}, so '
        "msgfmt -c rejects the file: restore the header, or delete the file and run "
        "`l10n extract` to create a fresh catalog"
    )


def _plural_problem(header: polib.POEntry, compiled: list[polib.POEntry]) -> MsgfmtProblem | None:
    """check_plural (msgl-check.c)."""
    counts = [(len(_forms(e)), e) for e in compiled if e.msgid_plural]
    first_plural = counts[0][1] if counts else None
    msgstr = header.msgstr
    plural_at = msgstr.find("plural=")
    nplurals_at = msgstr.find("nplurals=")
    line = header.linenum
    if first_plural is not None and (plural_at < 0 or nplurals_at < 0):
        attribute = '"plural=EXPRESSION"' if plural_at < 0 else '"nplurals=INTEGER"'
        return MsgfmtProblem(
            f"this catalog has plural translations (line {first_plural.linenum}) but the "
            f'header lacks a {attribute} attribute: add "Plural-Forms: nplurals=...; '
            'plural=...;\\n" for the language',
            line,
        )
    if plural_at < 0 or nplurals_at < 0:
        return None
    problem, nplurals = _header_plurals(msgstr)
    if problem is not None:
        return MsgfmtProblem(problem, line)
    if counts:
        fewest, few_entry = min(counts, key=lambda c: c[0])
        most, many_entry = max(counts, key=lambda c: c[0])
        if fewest < nplurals:
            return MsgfmtProblem(
                f"the header says nplurals={nplurals} but this entry has {fewest} plural "
                "form(s); give it one msgstr[N] per form",
                few_entry.linenum,
            )
        if most > nplurals:
            return MsgfmtProblem(
                f"the header says nplurals={nplurals} but this entry has {most} plural forms",
                many_entry.linenum,
            )
    return None


@functools.lru_cache(maxsize=256)
def _header_plurals(msgstr: str) -> tuple[str | None, int]:
    """What is wrong with the ``nplurals=`` and ``plural=`` of a header that has both, and the
    nplurals value (cached: one header is shared by many files)."""
    rest = msgstr[msgstr.find("nplurals=") + len("nplurals=") :].lstrip(" \t\n\r\f\v")
    digits = len(rest) - len(rest.lstrip("0123456789"))
    if digits == 0:
        return _INVALID_NPLURALS, 0
    nplurals = min(int(rest[:digits]), _ULONG_MAX)
    from l10n.po.plural_expr import parse_plural  # only for a header with Plural-Forms

    try:
        expression = parse_plural(msgstr[msgstr.find("plural=") + len("plural=") :])
    except RecursionError:
        expression = None
    if expression is None:
        return _INVALID_PLURAL, nplurals
    problem = _evaluation_problem(expression, nplurals)
    return (None if problem is None else f"Plural-Forms header: {problem}"), nplurals


def _evaluation_problem(expression: PluralExpression, nplurals: int) -> str | None:
    """check_plural_eval: the expression over n = 0..1000."""
    for n in range(1001):
        try:
            value = expression(n)
        except ZeroDivisionError:
            return "the plural expression can divide by zero"
        if value >= 1 << 63:
            return "the plural expression can produce negative values"
        if value >= nplurals:
            return (
                f"nplurals={nplurals} but the plural expression can produce values as large "
                f"as {value} (for n={n})"
            )
    return None


def _newline_problem(entry: polib.POEntry) -> str | None:
    """Test 1 and 2 of check_pair: newlines at the start and at the end agree."""
    msgid = entry.msgid
    if entry.msgid_plural:
        strings = [("msgid_plural", entry.msgid_plural)]
        strings += [(f"msgstr[{j}]", form) for j, form in enumerate(_forms(entry))]
    else:
        strings = [("msgstr", entry.msgstr or "")]
    starts = msgid.startswith("\n")
    for name, value in strings:
        if value.startswith("\n") != starts:
            return f"'msgid' and '{name}' do not both begin with '\\n'"
    ends = msgid.endswith("\n")
    for name, value in strings:
        if value.endswith("\n") != ends:
            return f"'msgid' and '{name}' do not both end with '\\n'"
    return None
