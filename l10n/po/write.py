"""Writing PO text exactly as GNU gettext 0.21 writes it (write-po.c): ``msgcat --force-po``.

Every PO file ``l10n`` writes must survive a re-save by the gettext tools (``msgcat``,
``msgmerge``, editors that run them) byte for byte. polib's writer breaks lines differently
from gettext and Babel wraps at 76 columns, so this module reproduces write-po.c: comments,
flags in gettext's order, ``#:`` references filled to the page width, and strings broken into
lines by :mod:`l10n.po.linebreak` (UAX #14 as libunistring computes it) without breaking
inside format directives (:mod:`l10n.po.directives`).

What gettext does and this module therefore does too: flags gettext does not know
(``markdown-text``...) are dropped and ``fuzzy`` is dropped when the translation is empty;
obsolete entries keep ``fuzzy``, format flags and ``no-wrap`` only, and are dropped when
untranslated; duplicate references are merged and ``./`` is stripped from reference file
names. A catalog with only a header is written too (``--force-po``).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Final, NamedTuple

import polib

from l10n.errors import CatalogError
from l10n.gc_pause import gc_paused
from l10n.po.directives import directive_interiors
from l10n.po.flags import INT_MAX, NO_FLAGS, Flags, parse_flags
from l10n.po.header import HEADER_ATTR, header_charset, parse_metadata
from l10n.po.linebreak import PROHIBITED, UNDEFINED, line_starts, own_line_starts

__all__ = ["DEFAULT_WIDTH", "Message", "escape", "format_messages", "format_po", "header_message",
           "header_msgstr", "untranslated_message"]

DEFAULT_WIDTH: Final = 79
"""gettext's default page width (``msgcat``, ``msgmerge``, ``xgettext``)."""


class Message(NamedTuple):
    """One entry as gettext's writer sees it (message_ty): what :func:`format_messages` writes.
    :func:`format_po` makes one of every polib entry; a catalog built by ``l10n`` itself (a
    template: :func:`untranslated_message`, :func:`header_message`) is made of them directly,
    without polib objects. Immutable; a named tuple rather than a frozen dataclass because one is
    built for every entry of every catalog written, and a frozen dataclass's ``__init__`` (one
    ``object.__setattr__`` per field) costs about three times as much."""

    msgctxt: str | None
    """The context, None when absent."""
    msgid: str
    """The source text."""
    msgid_plural: str | None
    """The plural source text, None for a non-plural entry."""
    msgstrs: tuple[str, ...]
    """The translation, or one string per plural form."""
    translator_comments: tuple[str, ...]
    """``# `` lines."""
    extracted_comments: tuple[str, ...]
    """``#.`` lines."""
    references: tuple[tuple[str, str], ...]
    """``#:`` references, ``(file, line)``, line ``""`` when absent."""
    flags: Flags
    """The interpreted ``#,`` flags."""
    previous: tuple[str | None, str | None, str | None]
    """``#|`` msgctxt, msgid, msgid_plural."""
    obsolete: bool
    """A ``#~`` entry."""


def _lines(text: str | None) -> tuple[str, ...]:
    return tuple(text.split("\n")) if text else ()


def _message(entry: polib.POEntry) -> Message:
    plural = entry.msgid_plural or None
    if plural is not None:
        forms = entry.msgstr_plural or {0: ""}
        keys = sorted(int(k) for k in forms)
        if keys != list(range(len(keys))):
            raise CatalogError(
                f"entry {entry.msgid!r}: plural forms must be numbered 0..n-1, got {keys}"
            )
        msgstrs = tuple(forms[k] if k in forms else forms[str(k)] for k in keys)
    else:
        if entry.msgstr_plural:
            raise CatalogError(
                f"entry {entry.msgid!r} has plural translations (msgstr[N]) but no msgid_plural"
            )
        msgstrs = (entry.msgstr or "",)
    return Message._make((  # _make: no Python-level __new__ call, no keyword dict
        entry.msgctxt,
        entry.msgid,
        plural,
        msgstrs,
        _lines(entry.tcomment),
        _lines(entry.comment),
        _references(entry.occurrences),
        parse_flags(entry.flags),
        (entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural),
        bool(entry.obsolete),
    ))  # fmt: skip


def _references(occurrences: Sequence[tuple[str, ...]]) -> tuple[tuple[str, str], ...]:
    """polib's ``occurrences`` as the writer's references: ``(file, line)``, line ``""`` when
    absent, in order, each once."""
    references: dict[tuple[str, str], None] = {}  # ordered and deduplicated in one pass
    for ref in occurrences:
        name, line = ref[0], ref[1] if len(ref) > 1 else ""
        line = "" if line is None else str(line)
        references[(name, line)] = None
    return tuple(references)


def untranslated_message(
    msgid: str, references: tuple[tuple[str, str], ...], comment: str
) -> Message:
    """The entry :func:`format_po` writes for ``polib.POEntry(msgid=msgid, msgstr="",
    occurrences=references, comment=comment)``, without the polib object: a template's entry.
    ``references`` must hold each ``(file, line)`` pair once, as a template lists them (the
    deduplication of :func:`format_po` is not repeated)."""
    return Message._make((None, msgid, None, _UNTRANSLATED, (), _lines(comment), references,
                          NO_FLAGS, _NO_PREVIOUS, False))  # _make: no Python-level __new__ call


_UNTRANSLATED: Final = ("",)


def _metadata_text(metadata: Mapping[str, str]) -> str:
    return "".join(f"{key}: {value}\n" for key, value in metadata.items())


def _header_message(po: polib.POFile) -> Message | None:
    """The header entry to write: from the metadata, with the parsed header's extras."""
    stored: polib.POEntry | None = getattr(po, HEADER_ATTR, None)
    metadata = dict(po.metadata or {})
    fuzzy_value = po.metadata_is_fuzzy
    fuzzy = "fuzzy" in fuzzy_value if isinstance(fuzzy_value, list) else bool(fuzzy_value)
    if stored is None and not metadata and not po.header and not fuzzy:
        return None
    if stored is None:
        return header_message(metadata, po.header, fuzzy=fuzzy)
    if list(parse_metadata(stored.msgstr).items()) == list(metadata.items()):
        msgstr = stored.msgstr
    else:
        msgstr = _metadata_text(metadata)
    base = _message(stored)
    flags = Flags(fuzzy, base.flags.formats, base.flags.range, base.flags.wrap)
    return base._replace(msgctxt=None, msgid="", msgid_plural=None, msgstrs=(msgstr,),
                         translator_comments=_lines(po.header), flags=flags, obsolete=False)


def header_message(metadata: Mapping[str, str], comment: str, *, fuzzy: bool) -> Message:
    """The header entry :func:`format_po` writes for a catalog that was not read from a file
    (no stored header entry) with these ``po.metadata``, ``po.header`` and
    ``po.metadata_is_fuzzy``."""
    return Message(None, "", None, (_metadata_text(metadata),), _lines(comment), (), (),
                   Flags(fuzzy, (), None, None), _NO_PREVIOUS, False)


def header_msgstr(po: polib.POFile) -> str | None:
    """The header msgstr :func:`format_po` writes for ``po`` (None when it writes no header)."""
    header = _header_message(po)
    return header.msgstrs[0] if header is not None else None


@gc_paused
def format_po(po: polib.POFile, *, width: int = DEFAULT_WIDTH) -> str:
    """The text ``msgcat --force-po --width=WIDTH`` writes for this catalog.

    ``width <= 0`` means ``--no-wrap`` (strings are not wrapped, ``#:`` lines still fill 79
    columns); widths below 20 count as 20, as in gettext.

    The header comes first, then the entries in order, then the obsolete ones. Raises
    :class:`CatalogError` for a catalog gettext could not read back: duplicate msgctxt+msgid,
    NUL or EOT (``\\x04``) characters in a string, non-ASCII text without a UTF-8 charset,
    misnumbered plural forms.
    """
    head, entries = format_messages(_header_message(po), [_message(entry) for entry in po],
                                    width=width)
    return head + entries


@gc_paused
def format_messages(
    header: Message | None, messages: Sequence[Message], *, width: int = DEFAULT_WIDTH
) -> tuple[str, str]:
    """:func:`format_po`'s text of a catalog given in the writer's form, in two parts: the
    header entry's text and the text after it (the entries). Validated as :func:`format_po`
    validates (the entries against the header's charset), so a catalog with the same entries
    and another header of the same charset may reuse the second part as it is."""
    _validate(header, messages)
    wrap_strings = width > 0
    page_width = max(width, 20) if width > 0 else DEFAULT_WIDTH  # msgcat's minimum is 20
    head: list[str] = []
    if header is not None:
        _print_message(head, header, page_width, wrap_strings, False)
    out: list[str] = []
    blank_line = header is not None
    for message in messages:
        if not message.obsolete:
            _print_message(out, message, page_width, wrap_strings, blank_line)
            blank_line = True
    for message in messages:
        if message.obsolete:
            _print_message(out, message, page_width, wrap_strings, blank_line)
            blank_line = True
    return "".join(head), "".join(out)


def _validate(header: Message | None, messages: Sequence[Message]) -> None:
    seen: set[tuple[str | None, str]] = set()
    if header is not None:
        seen.add((None, ""))
    for m in messages:
        key = (m.msgctxt, m.msgid)
        if key in seen:
            what = "the header entry" if key == (None, "") else f"msgid {m.msgid!r}"
            context = f" (msgctxt {m.msgctxt!r})" if m.msgctxt is not None else ""
            raise CatalogError(f"duplicate entry for {what}{context}; gettext rejects duplicates")
        seen.add(key)
    charset = header_charset(header.msgstrs[0]) if header is not None else None
    utf8 = charset is not None and charset.upper() == "UTF-8"
    everything = ([header] if header is not None else []) + list(messages)
    # One look at all the strings together (a few C-level scans of one joined string instead
    # of several checks per string); only a catalog that fails it is walked entry by entry,
    # by _raise_first_problem, for the error naming the first bad entry.
    texts: list[str] = []
    previous_ok = True
    for m in everything:
        texts.append(m.msgid)
        texts += m.msgstrs
        if m.msgctxt is not None:
            texts.append(m.msgctxt)
        if m.msgid_plural is not None:
            texts.append(m.msgid_plural)
        previous = m.previous
        if previous != _NO_PREVIOUS:
            previous_ok = previous_ok and previous[1] is not None
            texts += (text for text in previous if text is not None)
    joined = "".join(texts)
    if previous_ok and "\0" not in joined and "\x04" not in joined and (utf8 or joined.isascii()):
        return
    _raise_first_problem(everything, utf8, charset)


def _raise_first_problem(everything: Sequence[Message], utf8: bool, charset: str | None) -> None:
    """The error for the first entry gettext could not read back (previous fields, NUL or EOT,
    non-ASCII text without UTF-8)."""
    for m in everything:
        if m.previous[1] is None and (m.previous[0] is not None or m.previous[2] is not None):
            raise CatalogError(
                f"entry {m.msgid!r} has a previous msgctxt or msgid_plural (#|) without a "
                "previous msgid"
            )
        texts = [m.msgctxt, m.msgid, m.msgid_plural, *m.msgstrs, *m.previous]
        for text in texts:
            if text is None:
                continue
            if "\0" in text or "\x04" in text:
                raise CatalogError(
                    f"entry {m.msgid!r} contains a NUL or EOT (\\x04) character, which a PO file "
                    "cannot hold"
                )
            if not utf8 and not text.isascii():
                raise CatalogError(
                    f"entry {m.msgid!r} has non-ASCII text but the header charset is "
                    f"{charset or 'not set'}; set Content-Type: text/plain; charset=UTF-8"
                )


def _print_message(
    out: list[str], m: Message, page_width: int, wrap_strings: bool, blank_line: bool
) -> None:
    """message_print / message_print_obsolete of write-po.c."""
    translated = m.msgstrs[0] != ""
    if m.obsolete and not translated:
        return
    if blank_line:
        out.append("\n")
    for line in m.translator_comments:
        out.append(f"# {line}\n" if line else "#\n")
    for line in m.extracted_comments:
        out.append(f"#. {line}\n" if line else "#.\n")
    if m.references:
        out.append(_format_references(m.references, page_width))
    flags = m.flags
    if flags is NO_FLAGS:  # most entries: nothing to write, wrapped, no format language
        width = page_width if wrap_strings else INT_MAX
        languages: tuple[str, ...] = ()
    else:
        written = flags.written(translated=translated, obsolete=m.obsolete)
        if written:
            out.append("#, " + ", ".join(written) + "\n")
        width = page_width if wrap_strings and flags.wrap is not False else INT_MAX
        languages = tuple(flags.format_languages())
    if m.previous != _NO_PREVIOUS:
        prev_prefix = "#~| " if m.obsolete else "#| "
        for name, value in zip(("msgctxt", "msgid", "msgid_plural"), m.previous, strict=True):
            if value is not None:
                out.append(_wrapped(prev_prefix, name, value, width, languages, False))
    prefix = "#~ " if m.obsolete else ""
    if m.msgctxt is not None:
        out.append(_wrapped(prefix, "msgctxt", m.msgctxt, width, languages, False))
    out.append(_wrapped(prefix, "msgid", m.msgid, width, languages, False))
    if m.msgid_plural is None:
        out.append(_wrapped(prefix, "msgstr", m.msgstrs[0], width, languages, True))
    else:
        out.append(_wrapped(prefix, "msgid_plural", m.msgid_plural, width, languages, False))
        for index, msgstr in enumerate(m.msgstrs):
            out.append(_wrapped(prefix, f"msgstr[{index}]", msgstr, width, languages, True))


_NO_PREVIOUS: Final = (None, None, None)
_NONE_INSIDE: Final[frozenset[int]] = frozenset()


def _format_references(references: Sequence[tuple[str, str]], page_width: int) -> str:
    """``#:`` lines filled up to the page width (message_print_comment_filepos)."""
    parts = ["#:"]
    column = 2
    for name, line in references:
        while name.startswith("./"):
            name = name[2:]
        piece = f" {name}:{line}" if line != "" else f" {name}"
        # gettext counts the file name's bytes and the line's characters
        length = len(piece) if piece.isascii() else len(piece) - len(name) + len(name.encode("utf-8"))
        if column > 2 and column + length > page_width:
            parts.append("\n#:")
            column = 2
        parts.append(piece)
        column += length
    parts.append("\n")
    return "".join(parts)


_ESCAPE_LETTERS: Final = {
    "\\": "\\", '"': '"',
    "\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v",
}  # fmt: skip
"""The characters written as escapes, backslash first (:func:`_escaped` relies on it)."""
_ESCAPES: Final = tuple((c, "\\" + letter) for c, letter in _ESCAPE_LETTERS.items())


def _needs_escape(text: str) -> bool:
    """Whether ``text`` has a character of :data:`_ESCAPE_LETTERS`: nine substring tests, each a
    C-level scan (memchr for ASCII text), a third of the cost of one regex character-class
    search."""
    return (
        "\\" in text or '"' in text or "\n" in text or "\t" in text or "\r" in text
        or "\a" in text or "\b" in text or "\f" in text or "\v" in text
    )  # fmt: skip


def _escaped(text: str) -> str:
    """``text`` with its characters escaped (for a string that has some; most have none): one
    ``str.replace`` per escaped character it holds, the backslash first so that the backslashes
    added are not doubled; several times faster than ``str.translate`` with a mapping."""
    for c, escape_sequence in _ESCAPES:
        if c in text:
            text = text.replace(c, escape_sequence)
    return text


def escape(portion: str, offset: int, inside_directive: frozenset[int]) -> tuple[str, bytearray]:
    """One line's worth of a string (``portion``, starting at index ``offset`` of the string) as
    written between quotes, and the libunistring break overrides of each escaped character
    (:data:`l10n.po.linebreak.PROHIBITED` or :data:`~l10n.po.linebreak.UNDEFINED`): the second
    character of an escape never starts a line, nor does a character whose index is in
    ``inside_directive`` (the interior of a format directive). The overrides are a bytearray:
    zero-filled (UNDEFINED) in one allocation, about a tenth of the cost of a list of ints
    for every string written."""
    if not inside_directive:
        if not _needs_escape(portion):
            return portion, bytearray(len(portion))
        escaped = _escaped(portion)
        overrides = bytearray(len(escaped))
        at = escaped.find("\\")
        while at >= 0:
            overrides[at + 1] = PROHIBITED
            at = escaped.find("\\", at + 2)
        return escaped, overrides
    chars: list[str] = []
    overrides = bytearray()
    for k, c in enumerate(portion, start=offset):
        brk = PROHIBITED if k in inside_directive else UNDEFINED
        letter = _ESCAPE_LETTERS.get(c)
        if letter is not None:
            chars += ("\\", letter)
            overrides += bytes((brk, PROHIBITED))
        else:
            chars.append(c)
            overrides.append(brk)
    return "".join(chars), overrides


def _columns_at_most(text: str) -> int:
    """An upper bound of the columns of ``text`` (exact for printable ASCII)."""
    return len(text) if text.isascii() else 2 * len(text)


def _wrapped(
    prefix: str, name: str, value: str, page_width: int, languages: tuple[str, ...], is_msgstr: bool
) -> str:
    """One keyword and its string, broken into lines as write-po.c's ``wrap()`` does.

    A string without a newline that fits on the keyword's line (about half of the strings of a
    catalog of sentences) is written here, as :func:`wrapped_lines` would write it, without its
    format directives, break overrides and line-break analysis: 5% of the writer's instructions
    on the 5,000-entry merge benchmark. It costs less than a cache lookup, so only the other
    strings of a msgid are cached (:func:`_cached_lines`); a translation is not: it differs
    from file to file."""
    startcol = len(name) + 1  # after 'msgid "'
    width = page_width - len(prefix) - 2  # as in wrapped_lines
    if "\n" not in value and startcol + _columns_at_most(value) <= width:
        if not _needs_escape(value):
            return f'{prefix}{name} "{value}"\n'
        escaped = _escaped(value)  # escaping only lengthens: measure again
        if startcol + _columns_at_most(escaped) <= width:
            return f'{prefix}{name} "{escaped}"\n'
    if is_msgstr:
        return wrapped_lines(prefix, name, value, page_width, languages, is_msgstr)
    return _cached_lines(prefix, name, value, page_width, languages, is_msgstr)


def wrapped_lines(
    prefix: str, name: str, value: str, page_width: int, languages: tuple[str, ...], is_msgstr: bool
) -> str:
    """The general path of :func:`_wrapped`: any string, any width, line by line."""
    out: list[str] = []
    inside_directive = _NONE_INSIDE  # no format language (most entries): no directives
    if value and languages:
        inside_directive = directive_interiors(value, languages, is_msgstr)
    startcol_after_break = len(prefix) + 1
    width = page_width - 1 - startcol_after_break
    line_break = f'"\n{prefix}"'  # between two lines of the string
    first_line = True
    start = 0
    total = len(value)
    while True:
        newline = value.find("\n", start)
        end = total if newline < 0 else newline + 1
        escaped, overrides = escape(value[start:end], start, inside_directive)
        if end > start and value[end - 1] == "\n":
            # Don't break immediately before the "\n" at the end.
            overrides[-2] = PROHIBITED
        startcol = len(name) + 1 if first_line else 0  # after 'msgid "', or after '"'
        # A string of several lines, or one past the width already, starts on a line of its own.
        own_line = first_line and escaped != "" and (end < total or startcol > width)
        if own_line:
            startcol = 0
        cuts: list[int] = []  # indices of ``escaped`` where a new line starts
        if startcol + _columns_at_most(escaped) > width:  # else libunistring would not break
            if first_line and not own_line:
                # It starts on a line of its own iff it would break after the keyword.
                starts = own_line_starts(escaped, width, startcol, overrides)
                own_line = starts is not None
                cuts = starts or []
            else:
                cuts = line_starts(escaped, width, startcol, overrides)
        if own_line:
            out.append(f'{prefix}{name} ""\n')
            first_line = False
        head = f'{prefix}{name} "' if first_line else f'{prefix}"'
        first_line = False
        if not cuts:
            out.append(f'{head}{escaped}"\n')
        else:
            pieces = [head]
            last = 0
            for i in cuts:
                pieces.append(escaped[last:i])
                pieces.append(line_break)
                last = i
            pieces.append(escaped[last:])
            pieces.append('"\n')
            out.append("".join(pieces))
        start = end
        if start >= total:
            break
    return "".join(out)


_cached_lines = functools.lru_cache(maxsize=32768)(wrapped_lines)
""":func:`wrapped_lines` of msgids, cached: a template and its PO files repeat every msgid."""
