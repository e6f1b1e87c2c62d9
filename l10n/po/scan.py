"""A fast reading path for the plain PO entries that make up almost every real catalog.

The strict parser (:mod:`l10n.po.lex`, :mod:`l10n.po.read`) builds a token object per keyword
and per string. Catalogs written by gettext or ``l10n`` have a narrow layout: comment lines,
then ``#|`` previous lines, ``msgctxt``/``msgid``/``msgid_plural``/``msgstr`` lines each followed
by continuation strings, every keyword followed by one space and every string by a line end,
obsolete entries with ``#~ `` on every line, only the letter escapes (``\\n``, ``\\"``...). One
compiled regular expression matches such an entry whole; escapes are decoded only where a
backslash occurs.

Anything else, including every error, makes :func:`scan_po` return None, and the caller reads
the text with the strict parser: its results and its errors (file, line, message) are the only
ones. Comments and entries are built by the same code as the strict parser's
(:class:`~l10n.po.comments.CommentState`, :class:`~l10n.po.entries.CatalogBuilder`); a
hypothesis property test holds the two paths to the same result.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Final, NamedTuple

import polib

from l10n.errors import PoSyntaxError
from l10n.po.comments import CommentState
from l10n.po.entries import CatalogBuilder, Previous
from l10n.po.lex import SIMPLE_ESCAPES

__all__ = ["scan_po"]

_ESCAPE_LETTERS: Final = "".join(re.escape(letter) for letter in SIMPLE_ESCAPES)
_PLAIN: Final = r'[^"\\\n\x00\x04]*+'
"""String characters that need no decoding (NUL ends a gettext string; EOT is refused)."""
# The repeats are possessive (``*+``): what one iteration matches (a backslash, a line that
# starts with a quote or ``#``) can never start what follows the repeat, so giving an iteration
# back never makes a match, and sre skips the bookkeeping that would allow it (a quarter of the
# matching time).
_STRING: Final = rf'"{_PLAIN}(?:\\[{_ESCAPE_LETTERS}]{_PLAIN})*+"'
_COMMENTS: Final = r"(?:\#(?![~|])[^\n]*\n|\n)*+"
"""Comment lines (not ``#~`` nor ``#|``) and blank lines."""
_ESCAPE: Final = re.compile(r"\\(.)")
_TAIL: Final = re.compile(_COMMENTS)


class _Layout(NamedTuple):
    """The patterns of active or of obsolete entries."""

    entry: re.Pattern[str]
    """One whole entry, its comments first."""
    form: re.Pattern[str]
    """One ``msgstr[N]`` of the entry's plural forms."""
    joint: str
    """What joins two strings of one keyword: closing quote, line end, prefix, opening quote."""
    prev_joint: str
    """The same for the ``#|`` strings."""
    obsolete: bool
    """Whether these are ``#~`` entries."""


def _layout(prefix: str, prev_prefix: str) -> _Layout:
    m, p = re.escape(prefix), re.escape(prev_prefix)

    def strings(pfx: str) -> str:
        return rf"{_STRING}(?:\n{pfx}{_STRING})*+"

    main, prev = strings(m), strings(p)
    entry = re.compile(
        rf"(?P<comments>{_COMMENTS})"
        rf"(?:(?:{p}msgctxt (?P<prev_ctx>{prev})\n)?"
        rf"{p}msgid (?P<prev_id>{prev})\n"
        rf"(?:{p}msgid_plural (?P<prev_plural>{prev})\n)?)?"
        rf"(?:{m}msgctxt (?P<ctx>{main})\n)?"
        rf"(?P<keyword>{m}msgid) (?P<id>{main})\n"
        rf"(?:{m}msgstr (?P<str>{main})\n"
        rf"|{m}msgid_plural (?P<plural>{main})\n(?P<forms>(?:{m}msgstr\[[0-9]+\] {main}\n)++))"
    )
    form = re.compile(rf"{m}msgstr\[([0-9]+)\] ({main})\n")
    return _Layout(entry, form, f'"\n{prefix}"', f'"\n{prev_prefix}"', obsolete=bool(prefix))


_ACTIVE: Final = _layout("", "#| ")


@functools.cache
def _obsolete_layout() -> _Layout:
    """The layout of ``#~`` entries, compiled on first use: a template has none, and compiling
    the entry pattern is a good part of importing the readers."""
    return _layout("#~ ", "#~| ")


def _unescape(match: re.Match[str]) -> str:
    return SIMPLE_ESCAPES[match.group(1)]


def _value(strings: str, joint: str) -> str:
    """The text of a matched string list: quotes and joints removed, escapes decoded."""
    value = strings[1:-1]
    if "\n" in value:
        value = value.replace(joint, "")
    if "\\" in value:
        value = _ESCAPE.sub(_unescape, value)
    return value


def scan_po(text: str, path: Path | str) -> polib.POFile | None:
    """The catalog of ``text`` (LF line ends) when every entry has the plain layout, exactly as
    the strict parser reads it; None when the strict parser must read it (an unusual layout, a
    backslash-newline, any error)."""
    if not text.endswith("\n"):
        text += "\n"
    if "\\\n" in text:
        return None  # gettext joins the lines; the strict lexer keeps their numbers
    catalog = CatalogBuilder(path)
    pos = 0
    line = 1  # the line of ``counted``
    counted = 0
    end = len(text)
    active = _ACTIVE.entry.match
    while pos < end:
        layout = _ACTIVE
        m = active(text, pos)
        if m is None:
            layout = _obsolete_layout()
            m = layout.entry.match(text, pos)
            if m is None:
                break
        comment_lines, prev_ctx, prev_id, prev_plural, ctx, _, msgid, msgstr, plural, forms = (
            m.groups()
        )
        comments = CommentState()
        if comment_lines:
            comments.add_lines(comment_lines)
        joint = layout.joint
        prev: Previous | None = None
        if prev_id is not None:
            j = layout.prev_joint
            prev = (
                None if prev_ctx is None else _value(prev_ctx, j),
                _value(prev_id, j),
                None if prev_plural is None else _value(prev_plural, j),
            )
        msgctxt = None if ctx is None else _value(ctx, joint)
        msgid = _value(msgid, joint)
        msgid_plural: str | None = None
        if plural is None:
            msgstrs = [_value(msgstr, joint)]
        else:
            msgid_plural = _value(plural, joint)
            msgstrs = []
            for index, form in enumerate(layout.form.finditer(forms)):
                if int(form.group(1)) != index:
                    return None
                msgstrs.append(_value(form.group(2), joint))
        keyword = m.start("keyword")
        line += text.count("\n", counted, keyword)
        counted = keyword
        try:
            catalog.add(
                line, layout.obsolete, msgctxt, msgid, msgid_plural, msgstrs, prev, comments
            )
        except PoSyntaxError:
            return None  # a duplicate: the strict parser reports it, or an error it meets first
        pos = m.end()
    if pos < end and _TAIL.fullmatch(text, pos) is None:
        return None
    return catalog.po
