"""PO files exactly as GNU gettext reads and writes them.

Every PO file ``l10n`` writes must survive a re-save by the gettext tools (``msgcat``,
``msgmerge``, editors that run them) byte for byte, and every file it reads must be one that
``msgfmt`` accepts. polib's writer breaks lines differently from gettext and its parser accepts
files that msgfmt rejects; Babel wraps at 76 columns. So this module has its own strict parser
and a writer that reproduces GNU gettext 0.21 (``write-po.c``), including its line breaking:
Unicode line breaking (UAX #14) and character widths as libunistring 1.0 computes them.

The in-memory catalog is polib's ``POFile``/``POEntry``, as elsewhere in ``l10n``:
``entry.tcomment`` holds the ``# `` translator comment, ``entry.comment`` the ``#.`` extracted
comment (several lines joined with ``\\n``), ``entry.occurrences`` the ``#:`` references as
``(file, "line")`` (``""`` when a reference has no line), ``entry.flags`` the tokens of the
``#,`` line, ``entry.previous_*`` the ``#|`` fields. The header is ``po.metadata`` (key order
kept as read), ``po.header`` (its comment lines) and ``po.metadata_is_fuzzy``. :func:`parse_po`
also keeps the header entry as it was read in the ``l10n_header_entry`` attribute of the
``POFile``: :func:`format_po` writes its exact text back while ``po.metadata`` still says the
same thing, so an unusual header (``Key:value`` without a space, continuation lines) is not
rewritten by a load/save cycle.

What gettext does and this module therefore does too: only the last ``#,`` line of an entry
counts; flags gettext does not know (``markdown-text``...) are dropped on write and ``fuzzy``
is dropped when the translation is empty; obsolete entries keep ``fuzzy``, format flags and
``no-wrap`` only, and are dropped when untranslated; duplicate references are merged and
``./`` is stripped from reference file names; a ``# File: a.c, line: 3`` comment is a
reference. :func:`format_po` is ``msgcat --force-po``: a catalog with only a header is written
too.

Known limits, each one an error or a documented loss rather than a silent difference:

* polib cannot hold the position of the header (it is always written first), a
  ``msgid_plural ""`` (read as no plural), or a comment made of a single empty ``#`` or ``#.``
  line (dropped).
* ``domain`` directives, charsets other than UTF-8 and octal/hex escapes that do not form
  UTF-8 are refused (msgfmt accepts them; convert with ``msgconv``).
* CRLF line ends are read as LF and written as LF (msgcat would keep ``\\r`` in comments).
* A comment line ending in a backslash is written as is, as msgcat does, and like msgcat's
  output it reads back joined with the next line.
* Breaks inside format directives are avoided as gettext does for C, Objective C, Python and
  Python-brace formats (including gettext 0.21's off-by-directive bookkeeping for the
  latter); for the 26 other format languages a break could land inside a directive.
* The line-breaking tables are those of Unicode 14.0 (Python 3.11's ``unicodedata``,
  libunistring 1.0); characters assigned later may break differently from a newer gettext.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal

import polib

from l10n.errors import CatalogError, PoSyntaxError
from l10n.fsutil import atomic_write_text

__all__ = [
    "Flags",
    "compile_mo",
    "format_po",
    "header_charset",
    "load_po",
    "parse_flags",
    "parse_po",
    "save_po",
]

HEADER_ATTR: Final = "l10n_header_entry"
"""Attribute of a parsed ``POFile`` holding the header ``POEntry`` exactly as it was read."""

DEFAULT_WIDTH: Final = 79
"""gettext's default page width (``msgcat``, ``msgmerge``, ``xgettext``)."""

_INT_MAX: Final = 2**31 - 1

# --------------------------------------------------------------------------------------------
# Reading: a lexer and a parser that follow gettext's po-lex.c and po-gram-gen.y.
# --------------------------------------------------------------------------------------------

TokenKind = Literal[
    "COMMENT", "DOMAIN", "MSGID", "MSGID_PLURAL", "MSGSTR", "MSGCTXT",
    "PREV_MSGID", "PREV_MSGID_PLURAL", "PREV_MSGCTXT", "STRING", "PREV_STRING",
    "NUMBER", "[", "]", "NAME", "JUNK", "EOF",
]  # fmt: skip

_KEYWORDS: Final[dict[str, TokenKind]] = {
    "domain": "DOMAIN",
    "msgid": "MSGID",
    "msgid_plural": "MSGID_PLURAL",
    "msgstr": "MSGSTR",
    "msgctxt": "MSGCTXT",
}
_PREV_KEYWORDS: Final[dict[str, TokenKind]] = {
    "msgid": "PREV_MSGID",
    "msgid_plural": "PREV_MSGID_PLURAL",
    "msgctxt": "PREV_MSGCTXT",
}
_SIMPLE_ESCAPES: Final = {
    "n": "\n", "t": "\t", "b": "\b", "r": "\r", "f": "\f", "v": "\v", "a": "\a",
    "\\": "\\", '"': '"',
}  # fmt: skip

_BLANKS = re.compile(r"[ \t\r\f\v]+")
_STRING_RUN = re.compile(r'[^"\\\n]+')
_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
_DIGITS = re.compile(r"[0-9]+")
_OCTAL = re.compile(r"[0-7]{1,3}")
_HEX = re.compile(r"[0-9A-Fa-f]+")


@dataclass(frozen=True)
class _Token:
    """One token of gettext's PO grammar."""

    kind: TokenKind
    """The token type, named as in ``po-gram-gen.y``."""
    line: int
    """The line gettext's lexer is on once it has read the token (what its errors report)."""
    obsolete: bool
    """True when a ``#~`` began the token's line."""
    value: str = ""
    """The decoded text of a string, the text of a comment, the digits of a number."""


class _Lexer:
    """Tokens of a PO text, with gettext's line numbers and errors (po-lex.c)."""

    def __init__(self, text: str, path: Path | str) -> None:
        self.path = path
        # gettext joins backslash-newline everywhere before tokenizing; remember where, so
        # that line numbers still count the joined lines.
        self.splices: list[int] = []
        if "\\\n" in text:
            pieces = text.split("\\\n")
            offset = 0
            for piece in pieces[:-1]:
                offset += len(piece)
                self.splices.append(offset)
            text = "".join(pieces)
        self.text = text
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.pos = 0
        self.obsolete = False
        self.previous = False

    def line_at(self, index: int) -> int:
        """gettext's line number once it has read up to (not including a newline at) ``index``."""
        return (
            1 + bisect.bisect_left(self.newlines, index) + bisect.bisect_right(self.splices, index)
        )

    def error(self, message: str, index: int) -> PoSyntaxError:
        return PoSyntaxError(message, path=self.path, line=self.line_at(index))

    def next_token(self) -> _Token:
        text = self.text
        n = len(text)
        while True:
            i = self.pos
            if i >= n:
                return _Token("EOF", self.line_at(n), self.obsolete)
            c = text[i]
            if c == "\n":
                self.obsolete = False
                self.previous = False
                self.pos = i + 1
                continue
            if c in " \t\r\f\v":
                m = _BLANKS.match(text, i)
                assert m is not None
                self.pos = m.end()
                continue
            if c == "#":
                nxt = text[i + 1] if i + 1 < n else ""
                if nxt == "~":
                    self.obsolete = True
                    if text.startswith("|", i + 2):
                        self.previous = True
                        self.pos = i + 3
                    else:
                        self.pos = i + 2
                    continue
                if nxt == "|":
                    self.previous = True
                    self.pos = i + 2
                    continue
                end = text.find("\n", i + 1)
                if end < 0:
                    self.pos = n
                    token = _Token("COMMENT", self.line_at(n), self.obsolete, text[i + 1 :])
                else:
                    self.pos = end + 1
                    token = _Token(
                        "COMMENT", self.line_at(end) + 1, self.obsolete, text[i + 1 : end]
                    )
                self.obsolete = False
                return token
            if c == '"':
                return self._string(i)
            if c.isascii() and (c.isalpha() or c in "_$"):
                m = _IDENTIFIER.match(text, i)
                assert m is not None
                word = m.group()
                self.pos = m.end()
                kind = (_PREV_KEYWORDS if self.previous else _KEYWORDS).get(word)
                if kind is None:
                    where = " in a #| line" if self.previous else ""
                    raise self.error(
                        f'keyword "{word}" unknown{where}; expected msgctxt, msgid, msgid_plural '
                        "or msgstr",
                        m.end(),
                    )
                return _Token(kind, self.line_at(m.end()), self.obsolete)
            if c.isdigit() and c.isascii():
                m = _DIGITS.match(text, i)
                assert m is not None
                self.pos = m.end()
                return _Token("NUMBER", self.line_at(m.end()), self.obsolete, m.group())
            self.pos = i + 1
            if c == "[" or c == "]":
                return _Token(c, self.line_at(i), self.obsolete)  # type: ignore[arg-type]
            return _Token("JUNK", self.line_at(i), self.obsolete, c)

    def _string(self, start: int) -> _Token:
        """Read a quoted string whose opening quote is at ``start`` (po-lex.c, case '"')."""
        text = self.text
        n = len(text)
        parts: list[str] = []
        raw_bytes = False
        i = start + 1
        while True:
            m = _STRING_RUN.match(text, i)
            if m is not None:
                parts.append(m.group())
                i = m.end()
            if i >= n:
                raise PoSyntaxError(
                    f"end-of-file within string (the string opened on line "
                    f"{self.line_at(start)} is not closed)",
                    path=self.path,
                    line=self.line_at(n),
                )
            c = text[i]
            if c == '"':
                break
            if c == "\n":
                raise PoSyntaxError(
                    f"end-of-line within string (the string opened on line {self.line_at(start)} "
                    'needs a closing "; a line break inside a message is written \\n)',
                    path=self.path,
                    line=self.line_at(i) + 1,
                )
            # A backslash: an escape sequence.
            e = text[i + 1] if i + 1 < n else ""
            if e in _SIMPLE_ESCAPES:
                parts.append(_SIMPLE_ESCAPES[e])
                i += 2
                continue
            if e in "01234567" and e:
                m = _OCTAL.match(text, i + 1)
                assert m is not None
                value = int(m.group(), 8) & 0xFF
                i = m.end()
            elif e == "x" and i + 2 < n and text[i + 2] in "0123456789abcdefABCDEF":
                m = _HEX.match(text, i + 2)
                assert m is not None
                value = int(m.group(), 16) & 0xFF
                i = m.end()
            else:
                index = i + 1 if e != "x" else i + 2
                shown = "\\" + (e if e not in ("", "\n") else "")
                raise self.error(
                    f"invalid control sequence {shown!r} in a string; valid escapes are \\n \\t "
                    '\\\\ \\" \\a \\b \\f \\r \\v, octal \\ooo and hex \\xhh',
                    min(index, n),
                )
            # Octal and hex escapes give bytes, to be read as UTF-8 with the rest.
            if value < 0x80:
                parts.append(chr(value))
            else:
                parts.append(chr(0xDC00 + value))
                raw_bytes = True
        self.pos = i + 1
        value_text = "".join(parts)
        if raw_bytes:
            try:
                value_text = value_text.encode("utf-8", "surrogateescape").decode("utf-8")
            except UnicodeError as exc:
                raise self.error(
                    "the octal or hex escapes of this string do not form UTF-8 text", i
                ) from exc
        # gettext keeps strings as C strings: an embedded NUL ends the string.
        value_text = value_text.split("\0", 1)[0]
        if "\x04" in value_text:
            raise self.error(
                "context separator <EOT> (\\x04) within string; gettext cannot store it", i
            )
        kind: TokenKind = "PREV_STRING" if self.previous else "STRING"
        return _Token(kind, self.line_at(i), self.obsolete, value_text)


@dataclass(frozen=True)
class _Strings:
    """A string list (``"a" "b"``) and where it started."""

    value: str
    """The concatenated, unescaped text."""
    line: int
    """The line of its first string."""
    obsolete: bool
    """Whether its first string was on a ``#~`` line."""


@dataclass
class _CommentState:
    """The comments gettext accumulates until the next message (read-catalog.c)."""

    translator: list[str] = field(default_factory=list)
    """``# `` lines, one space removed."""
    extracted: list[str] = field(default_factory=list)
    """``#.`` lines, one space removed."""
    references: list[tuple[str, str]] = field(default_factory=list)
    """``#:`` references as polib keeps them, duplicates dropped."""
    flags: list[str] = field(default_factory=list)
    """Tokens of the last ``#,`` line."""

    def add(self, text: str) -> None:
        """Dispatch one comment (the text after ``#``) as po_callback_comment_dispatcher."""
        if text.startswith("."):
            body = text[1:]
            self.extracted.append(body[1:] if body.startswith(" ") else body)
        elif text.startswith(":"):
            for ref in _parse_references(text[1:]):
                self.add_reference(*ref)
        elif text.startswith((",", "!")):
            self.flags = _flag_tokens(text[1:])
        else:
            solaris = _parse_solaris_reference(text)
            if solaris is not None:
                self.add_reference(*solaris)
            else:
                self.translator.append(text[1:] if text.startswith(" ") else text)

    def add_reference(self, name: str, line: str) -> None:
        if (name, line) not in self.references:
            self.references.append((name, line))


_WS: Final = " \t\n"


def _parse_references(s: str) -> Iterator[tuple[str, str]]:
    """``#:`` references as gettext 0.21 reads them (po_parse_comment_filepos)."""
    n = len(s)
    i = 0
    while i < n:
        while i < n and s[i] in _WS:
            i += 1
        if i >= n:
            return
        start = i
        i += 1
        while i < n and s[i] not in _WS:
            i += 1
        # "FILE : NUMBER" with optional blanks.
        p = i
        while p < n and s[p] in _WS:
            p += 1
        if p < n and s[p] == ":":
            p += 1
            while p < n and s[p] in _WS:
                p += 1
            q = p
            while q < n and s[q].isdigit() and s[q].isascii():
                q += 1
            if q > p and (q == n or s[q] in _WS):
                yield s[start:i], str(int(s[p:q]))
                i = q
                continue
        # "FILE: NUMBER".
        if s[i - 1] == ":":
            p = i
            while p < n and s[p] in _WS:
                p += 1
            q = p
            while q < n and s[q].isdigit() and s[q].isascii():
                q += 1
            if q > p and (q == n or s[q] in _WS):
                yield s[start : i - 1], str(int(s[p:q]))
                i = q
                continue
        # "FILE:NUMBER".
        p = i
        while p > start and s[p - 1].isdigit() and s[p - 1].isascii():
            p -= 1
        if p < i and p > start + 1 and s[p - 1] == ":":
            yield s[start : p - 1], str(int(s[p:i]))
            continue
        yield s[start:i], ""


_SOLARIS = re.compile(
    r" [Ff]ile:[ \t]*(.*?)[ \t]*,[ \t]*line[ \t]*(?:number[ \t]*)?:([0-9]+)[ \t\n]*$"
)


def _parse_solaris_reference(text: str) -> tuple[str, str] | None:
    """A ``# File: x, line: 3`` comment, which gettext reads as a reference."""
    m = _SOLARIS.match(text)
    if m is None:
        return None
    return m.group(1), str(int(m.group(2)))


_FLAG_SEPARATORS = re.compile(r"[\n \t\r\f\v,]+")


def _flag_tokens(s: str) -> list[str]:
    """The tokens of a ``#,`` line as gettext splits them; ``range: a..b`` stays one flag."""
    tokens = [t for t in _FLAG_SEPARATORS.split(s) if t]
    out: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token == "range:":
            if i + 1 < len(tokens):
                token = f"range: {tokens[i + 1]}"
                i += 1
        out.append(token)
        i += 1
    return out


class _Parser:
    """gettext's PO grammar (po-gram-gen.y) as recursive descent with one token of lookahead.

    Errors are raised in the order gettext reports them, so the first error is the one
    ``msgfmt`` prints first, with the same line.
    """

    def __init__(self, text: str, path: Path | str) -> None:
        self.lexer = _Lexer(text, path)
        self.path = path
        self.lookahead: _Token | None = None
        self.comments = _CommentState()
        self.seen: dict[tuple[str | None, str], int] = {}
        self.po = polib.POFile(wrapwidth=DEFAULT_WIDTH, encoding="utf-8")
        self.header: polib.POEntry | None = None
        # Like gettext's static plural_counter: reset by msgid_plural only, so msgstr[N]
        # without msgid_plural is checked against the previous plural entry's count.
        self.plural_counter = 0

    # Tokens -------------------------------------------------------------------------------
    def peek(self) -> _Token:
        if self.lookahead is None:
            self.lookahead = self.lexer.next_token()
        return self.lookahead

    def take(self) -> _Token:
        token = self.peek()
        self.lookahead = None
        return token

    def fail(self, message: str, line: int) -> PoSyntaxError:
        return PoSyntaxError(message, path=self.path, line=line)

    def syntax_error(self, token: _Token) -> PoSyntaxError:
        what = {
            "EOF": "end of file",
            "STRING": "a string",
            "PREV_STRING": "a #| string",
            "NUMBER": "a number",
            "JUNK": f"{token.value!r} outside quotes",
        }.get(token.kind, token.kind.lower().replace("prev_", "#| ").replace("_", " "))
        if token.kind in ("[", "]"):
            what = f"'{token.kind}'"
        return self.fail(f"syntax error: unexpected {what}", token.line)

    def check_obsolete(self, first: bool, second: _Token | _Strings) -> None:
        if first != second.obsolete:
            raise self.fail(
                "inconsistent use of #~: every line of an obsolete entry starts with #~",
                second.line,
            )

    def strings(self, kind: TokenKind) -> _Strings:
        first = self.peek()
        if first.kind != kind:
            raise self.syntax_error(first)
        self.take()
        parts = [first.value]
        while self.peek().kind == kind:
            token = self.take()
            self.check_obsolete(first.obsolete, token)
            parts.append(token.value)
        return _Strings("".join(parts), first.line, first.obsolete)

    def expect(self, kind: TokenKind) -> _Token:
        token = self.peek()
        if token.kind != kind:
            raise self.syntax_error(token)
        return self.take()

    # Grammar ------------------------------------------------------------------------------
    def parse(self) -> polib.POFile:
        while True:
            token = self.peek()
            if token.kind == "EOF":
                break
            if token.kind == "COMMENT":
                self.take()
                self.comments.add(token.value)
            elif token.kind == "DOMAIN":
                self.take()
                self.expect("STRING")
                raise self.fail(
                    "domain directives are not supported; split the file into one file per domain",
                    token.line,
                )
            elif token.kind in ("MSGID", "MSGCTXT", "PREV_MSGID", "PREV_MSGCTXT"):
                self.message()
            else:
                raise self.syntax_error(token)
        return self.po

    def message(self) -> None:
        prev: tuple[str | None, str, str | None] | None = None
        prev_obsolete = False
        if self.peek().kind in ("PREV_MSGID", "PREV_MSGCTXT"):
            prev, prev_obsolete = self.previous()
            token = self.peek()
            if token.kind not in ("MSGID", "MSGCTXT"):
                raise self.syntax_error(token)
        msgctxt, intro = self.intro()
        if prev is not None:
            self.check_obsolete(prev_obsolete, intro)
        msgid = self.strings("STRING")
        token = self.peek()
        obsolete = intro.obsolete
        if token.kind == "MSGSTR":
            msgstr_kw = self.take()
            after = self.peek()
            if after.kind == "STRING":
                msgstr = self.strings("STRING")
                self.check_obsolete(obsolete, msgid)
                self.check_obsolete(obsolete, msgstr_kw)
                self.check_obsolete(obsolete, msgstr)
                self.emit(intro, msgctxt, msgid.value, None, [msgstr.value], prev)
            elif after.kind == "[":
                first = self.plural_forms(msgstr_kw)[1]
                self.check_obsolete(obsolete, msgid)
                self.check_obsolete(obsolete, first)
                raise self.fail(
                    "missing 'msgid_plural' section: msgstr[N] needs a msgid_plural", intro.line
                )
            else:
                raise self.syntax_error(after)
        elif token.kind == "MSGID_PLURAL":
            plural_kw = self.take()
            plural = self.strings("STRING")
            self.check_obsolete(plural_kw.obsolete, plural)
            self.plural_counter = 0
            if self.peek().kind == "MSGSTR":
                forms, first = self.plural_forms(self.take())
                self.check_obsolete(obsolete, msgid)
                self.check_obsolete(obsolete, plural_kw)
                self.check_obsolete(obsolete, first)
                self.emit(intro, msgctxt, msgid.value, plural.value, forms, prev)
            else:
                self.check_obsolete(obsolete, msgid)
                self.check_obsolete(obsolete, plural_kw)
                raise self.fail(
                    "missing 'msgstr[]' section: a msgid_plural needs msgstr[0], msgstr[1]...",
                    intro.line,
                )
        else:
            self.check_obsolete(obsolete, msgid)
            raise self.fail("missing 'msgstr' section after this msgid", intro.line)

    def intro(self) -> tuple[str | None, _Token]:
        token = self.take()
        if token.kind == "MSGID":
            return None, token
        context = self.strings("STRING")
        msgid_kw = self.expect("MSGID")
        self.check_obsolete(token.obsolete, context)
        self.check_obsolete(token.obsolete, msgid_kw)
        return context.value, msgid_kw

    def previous(self) -> tuple[tuple[str | None, str, str | None], bool]:
        token = self.take()
        context: str | None = None
        intro = token
        if token.kind == "PREV_MSGCTXT":
            ctx = self.strings("PREV_STRING")
            intro = self.expect("PREV_MSGID")
            self.check_obsolete(token.obsolete, ctx)
            self.check_obsolete(token.obsolete, intro)
            context = ctx.value
            intro = _Token("PREV_MSGID", intro.line, intro.obsolete)
        msgid = self.strings("PREV_STRING")
        plural: str | None = None
        if self.peek().kind == "PREV_MSGID_PLURAL":
            plural_kw = self.take()
            plural_strings = self.strings("PREV_STRING")
            self.check_obsolete(plural_kw.obsolete, plural_strings)
            self.check_obsolete(intro.obsolete, msgid)
            self.check_obsolete(intro.obsolete, plural_kw)
            plural = plural_strings.value
        else:
            self.check_obsolete(intro.obsolete, msgid)
        return (context, msgid.value, plural), intro.obsolete

    def plural_forms(self, msgstr_kw: _Token) -> tuple[list[str], _Token]:
        """``msgstr[0] "..." msgstr[1] "..."``, the first ``msgstr`` already taken."""
        forms: list[str] = []
        first = msgstr_kw
        keyword = msgstr_kw
        while True:
            bracket = self.expect("[")
            number = self.expect("NUMBER")
            closing = self.expect("]")
            text = self.strings("STRING")
            for part in (bracket, number, closing, text):
                self.check_obsolete(keyword.obsolete, part)
            if int(number.value) != self.plural_counter:
                if self.plural_counter == 0:
                    message = f"first plural form has nonzero index msgstr[{int(number.value)}]"
                else:
                    message = (
                        f"plural form has wrong index msgstr[{int(number.value)}], expected "
                        f"msgstr[{self.plural_counter}]"
                    )
                raise self.fail(message, keyword.line)
            self.plural_counter += 1
            if forms:
                self.check_obsolete(first.obsolete, keyword)
            forms.append(text.value)
            if self.peek().kind != "MSGSTR":
                return forms, first
            keyword = self.take()

    def emit(
        self,
        intro: _Token,
        msgctxt: str | None,
        msgid: str,
        msgid_plural: str | None,
        msgstrs: list[str],
        prev: tuple[str | None, str, str | None] | None,
    ) -> None:
        key = (msgctxt, msgid)
        if key in self.seen:
            raise self.fail(
                f"duplicate message definition (the first definition is on line {self.seen[key]}); "
                "merge the two entries, e.g. with msguniq",
                intro.line,
            )
        self.seen[key] = intro.line
        state = self.comments
        self.comments = _CommentState()
        entry = polib.POEntry(
            msgid=msgid,
            msgctxt=msgctxt,
            msgstr="" if msgid_plural is not None else msgstrs[0],
            msgid_plural=msgid_plural or "",
            msgstr_plural=dict(enumerate(msgstrs)) if msgid_plural is not None else {},
            tcomment="\n".join(state.translator),
            comment="\n".join(state.extracted),
            occurrences=state.references,
            flags=state.flags,
            obsolete=intro.obsolete,
            linenum=intro.line,
        )
        if prev is not None:
            entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural = prev
        if msgctxt is None and msgid == "" and not intro.obsolete and self.header is None:
            self.header = entry
            self.po.header = entry.tcomment
            self.po.metadata = _parse_metadata(entry.msgstr)
            self.po.metadata_is_fuzzy = "fuzzy" in entry.flags
            setattr(self.po, HEADER_ATTR, entry)
        else:
            self.po.append(entry)


def _parse_metadata(msgstr: str) -> dict[str, str]:
    """Header fields as polib reads them (``Key: value`` lines; others continue the last key)."""
    metadata: dict[str, str] = {}
    key: str | None = None
    for line in msgstr.split("\n"):
        if not line:
            continue
        name, colon, value = line.partition(":")
        if colon:
            key = name
            metadata[key] = value.strip()
        elif key is not None:
            metadata[key] += "\n" + line.strip()
    return metadata


def parse_po(text: str, *, path: Path | str = "<string>") -> polib.POFile:
    """Parse PO text as strictly as GNU ``msgfmt`` does.

    Raises :class:`PoSyntaxError` with the line msgfmt reports for the first syntax or
    structure error: an unterminated string, an invalid escape, text outside quotes, an
    unknown keyword, a keyword without its string, a msgid without msgstr, plural forms
    without msgid_plural (or the reverse), plural indices not 0, 1, 2... in order, a misused
    ``#~``, a duplicate msgctxt+msgid (obsolete entries included, as msgfmt does), a UTF-8
    byte order mark (msgfmt rejects it too). CRLF line ends are accepted.
    """
    if text.startswith("\ufeff"):
        raise PoSyntaxError(
            "syntax error: the file starts with a UTF-8 byte order mark (BOM), which gettext "
            "rejects; save it as UTF-8 without BOM",
            path=path,
            line=1,
        )
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
    return _Parser(text, path).parse()


# --------------------------------------------------------------------------------------------
# Loading and saving files.
# --------------------------------------------------------------------------------------------

_CHARSET = re.compile(rb"charset=([^\s\"\\]+)")


def header_charset(header_msgstr: str) -> str | None:
    """The ``charset=`` of a header msgstr as gettext finds it; None when absent or ``CHARSET``."""
    at = header_msgstr.find("charset=")
    if at < 0:
        return None
    value = re.split(r"[ \t\n]", header_msgstr[at + len("charset=") :], maxsplit=1)[0]
    return None if value == "CHARSET" else value


def load_po(path: Path) -> polib.POFile:
    """Read a PO or POT file: UTF-8 only, then :func:`parse_po`.

    The header's charset must be UTF-8, or absent / ``CHARSET`` (a template) when the file is
    ASCII. Other encodings get an error that says how to convert the file.
    """
    path = Path(path)
    if path.is_dir():
        raise PoSyntaxError("is a folder, expected a PO file", path=path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise PoSyntaxError("no such file", path=path) from exc
    except OSError as exc:
        raise PoSyntaxError(f"cannot read: {exc.strerror or exc}", path=path) from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        declared = _CHARSET.search(data)
        name = declared.group(1).decode("ascii", "replace") if declared else None
        if name is not None and name.upper() not in ("UTF-8", "CHARSET"):
            raise PoSyntaxError(
                f"the file is encoded as {name}; l10n reads UTF-8 only: convert it with "
                f"`msgconv --to-code=UTF-8 {path} -o {path}`",
                path=path,
            ) from exc
        line = data[: exc.start].count(b"\n") + 1
        raise PoSyntaxError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "convert the file to UTF-8, e.g. with msgconv or iconv",
            path=path,
            line=line,
        ) from exc
    po = parse_po(text, path=path)
    header = getattr(po, HEADER_ATTR, None)
    charset = header_charset(header.msgstr) if header is not None else None
    if charset is not None and charset.upper() != "UTF-8":
        raise PoSyntaxError(
            f"the header declares charset={charset}; l10n reads UTF-8 only: convert the file "
            f"with `msgconv --to-code=UTF-8 {path} -o {path}`",
            path=path,
            line=header.linenum if header is not None else None,
        )
    if charset is None and not text.isascii():
        for entry in po:
            strings = (
                entry.msgctxt, entry.msgid, entry.msgid_plural, entry.msgstr,
                entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural,
            )  # fmt: skip
            if not all(
                t is None or t.isascii() for t in strings + tuple(entry.msgstr_plural.values())
            ):
                raise PoSyntaxError(
                    "this entry has non-ASCII text but the header declares no charset; set "
                    '"Content-Type: text/plain; charset=UTF-8\\n" in the header',
                    path=path,
                    line=entry.linenum,
                )
    po.fpath = str(path)
    return po


def save_po(path: Path, po: polib.POFile, *, width: int = DEFAULT_WIDTH) -> bool:
    """Write ``po`` as :func:`format_po` formats it, atomically, only if the bytes change.

    Returns whether the file was written.
    """
    path = Path(path)
    text = format_po(po, width=width)
    try:
        if path.is_file() and path.read_bytes() == text.encode("utf-8"):
            return False
    except OSError as exc:
        raise CatalogError(f"cannot read: {exc.strerror or exc}", path=path) from exc
    atomic_write_text(path, text)
    return True


def compile_mo(po: polib.POFile) -> bytes:
    """The binary MO catalog of ``po``: translated, non-fuzzy entries and the header."""
    header = _header_message(po)
    mo = polib.POFile(encoding="utf-8")
    mo.extend(entry for entry in po if entry.translated())
    header_entry = polib.POEntry(msgid="", msgstr=header.msgstrs[0] if header else "")
    mo.metadata_as_entry = lambda: header_entry
    data: bytes = mo.to_binary()
    return data


# --------------------------------------------------------------------------------------------
# Writing: gettext's write-po.c.
# --------------------------------------------------------------------------------------------

FORMAT_LANGUAGES: Final = (
    "c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript",
    "scheme", "lisp", "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal",
    "smalltalk", "qt", "qt-plural", "kde", "kde-kuit", "boost", "tcl", "perl", "perl-brace",
    "php", "gcc-internal", "gfc-internal", "ycp",
)  # fmt: skip
"""gettext 0.21's format languages, in the order it writes their ``#,`` flags."""

FormatState = Literal["yes", "no", "possible", "impossible"]


@dataclass(frozen=True)
class Flags:
    """What gettext understands of an entry's ``#,`` flags (po_parse_comment_special)."""

    fuzzy: bool = False
    """The ``fuzzy`` flag."""
    formats: tuple[tuple[str, FormatState], ...] = ()
    """``(language, state)`` for each ``[no-|possible-|impossible-]LANG-format`` flag."""
    range: tuple[int, int] | None = None
    """``range: min..max``."""
    wrap: bool | None = None
    """True for ``wrap``, False for ``no-wrap``, None when neither."""

    def written(self, *, translated: bool, obsolete: bool = False) -> list[str]:
        """The flags as gettext writes them: fuzzy (only when translated), formats, range
        (not for obsolete entries), no-wrap."""
        out = ["fuzzy"] if self.fuzzy and translated else []
        if not self.formats:
            if self.range is not None and not obsolete:
                out.append(f"range: {self.range[0]}..{self.range[1]}")
            if self.wrap is False:
                out.append("no-wrap")
            return out
        states = dict(self.formats)
        for language in FORMAT_LANGUAGES:
            state = states.get(language)
            if state in ("yes", "possible"):
                out.append(f"{language}-format")
            elif state == "no":
                out.append(f"no-{language}-format")
        if self.range is not None and not obsolete:
            out.append(f"range: {self.range[0]}..{self.range[1]}")
        if self.wrap is False:
            out.append("no-wrap")
        return out

    def format_languages(self) -> list[str]:
        """Languages whose directives gettext keeps whole when wrapping (yes or possible)."""
        if not self.formats:
            return []
        states = dict(self.formats)
        return [lang for lang in FORMAT_LANGUAGES if states.get(lang) in ("yes", "possible")]


_RANGE = re.compile(r"([0-9]+)\.\.([0-9]+)")


def parse_flags(flags: Iterable[str]) -> Flags:
    """Interpret flag tokens exactly as gettext reads a ``#,`` line made of them."""
    tokens = [t for t in _FLAG_SEPARATORS.split(", ".join(flags)) if t]
    fuzzy = False
    formats: dict[str, FormatState] = {}
    bounds: tuple[int, int] | None = None
    wrap: bool | None = None
    i = 0
    while i < len(tokens):
        token = tokens[i]
        i += 1
        if token == "fuzzy":
            fuzzy = True
            continue
        if token.endswith("-format"):
            name = token[: -len("-format")]
            state: FormatState = "yes"
            for prefix, value in (
                ("no-", "no"),
                ("possible-", "possible"),
                ("impossible-", "impossible"),
            ):
                if name.startswith(prefix):
                    name, state = name[len(prefix) :], value  # type: ignore[assignment]
                    break
            if name in FORMAT_LANGUAGES:
                formats[name] = state
                continue
        if token == "range:":
            if i < len(tokens):
                value_token = tokens[i]
                i += 1
                m = _RANGE.match(value_token)
                if m is not None:
                    low = min(int(m.group(1)), _INT_MAX)
                    high = min(int(m.group(2)), _INT_MAX)
                    if low <= high:
                        bounds = (low, high)
                        continue
            continue
        if token == "wrap":
            wrap = True
        elif token == "no-wrap":
            wrap = False
    return Flags(fuzzy, tuple(formats.items()), bounds, wrap)


@dataclass(frozen=True)
class _Message:
    """One entry as gettext's writer sees it (message_ty)."""

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


def _message(entry: polib.POEntry) -> _Message:
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
    references = []
    for ref in entry.occurrences:
        name, line = ref[0], ref[1] if len(ref) > 1 else ""
        line = "" if line is None else str(line)
        if (name, line) not in references:
            references.append((name, line))
    return _Message(
        msgctxt=entry.msgctxt,
        msgid=entry.msgid,
        msgid_plural=plural,
        msgstrs=msgstrs,
        translator_comments=_lines(entry.tcomment),
        extracted_comments=_lines(entry.comment),
        references=tuple(references),
        flags=parse_flags(entry.flags),
        previous=(entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural),
        obsolete=bool(entry.obsolete),
    )


def _metadata_text(metadata: dict[str, str]) -> str:
    return "".join(f"{key}: {value}\n" for key, value in metadata.items())


def _header_message(po: polib.POFile) -> _Message | None:
    """The header entry to write: from the metadata, with the parsed header's extras."""
    stored: polib.POEntry | None = getattr(po, HEADER_ATTR, None)
    metadata = dict(po.metadata or {})
    fuzzy_value = po.metadata_is_fuzzy
    fuzzy = "fuzzy" in fuzzy_value if isinstance(fuzzy_value, list) else bool(fuzzy_value)
    if stored is None and not metadata and not po.header and not fuzzy:
        return None
    if stored is not None and list(_parse_metadata(stored.msgstr).items()) == list(
        metadata.items()
    ):
        msgstr = stored.msgstr
    else:
        msgstr = _metadata_text(metadata)
    base = _message(stored) if stored is not None else None
    flags = base.flags if base is not None else Flags()
    flags = Flags(fuzzy, flags.formats, flags.range, flags.wrap)
    return _Message(
        msgctxt=None,
        msgid="",
        msgid_plural=None,
        msgstrs=(msgstr,),
        translator_comments=_lines(po.header),
        extracted_comments=base.extracted_comments if base else (),
        references=base.references if base else (),
        flags=flags,
        previous=base.previous if base else (None, None, None),
        obsolete=False,
    )


def format_po(po: polib.POFile, *, width: int = DEFAULT_WIDTH) -> str:
    """The text ``msgcat --force-po --width=WIDTH`` writes for this catalog.

    ``width <= 0`` means ``--no-wrap`` (strings are not wrapped, ``#:`` lines still fill 79
    columns); widths below 20 count as 20, as in gettext.

    The header comes first, then the entries in order, then the obsolete ones. Raises
    :class:`CatalogError` for a catalog gettext could not read back: duplicate msgctxt+msgid,
    NUL or EOT (``\\x04``) characters in a string, non-ASCII text without a UTF-8 charset,
    misnumbered plural forms.
    """
    header = _header_message(po)
    messages = [_message(entry) for entry in po]
    _validate(header, messages)
    wrap_strings = width > 0
    page_width = max(width, 20) if width > 0 else DEFAULT_WIDTH  # msgcat's minimum is 20
    out: list[str] = []
    blank_line = False
    live = ([header] if header is not None else []) + [m for m in messages if not m.obsolete]
    for message in live:
        _print_message(out, message, page_width, wrap_strings, blank_line)
        blank_line = True
    for message in messages:
        if message.obsolete:
            _print_message(out, message, page_width, wrap_strings, blank_line)
            blank_line = True
    return "".join(out)


def _validate(header: _Message | None, messages: Sequence[_Message]) -> None:
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
    for m in ([header] if header is not None else []) + list(messages):
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
    out: list[str], m: _Message, page_width: int, wrap_strings: bool, blank_line: bool
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
    flags = m.flags.written(translated=translated, obsolete=m.obsolete)
    if flags:
        out.append("#, " + ", ".join(flags) + "\n")
    wrap = wrap_strings and m.flags.wrap is not False
    width = page_width if wrap else _INT_MAX
    languages = m.flags.format_languages()
    prev_prefix = "#~| " if m.obsolete else "#| "
    for name, value in zip(("msgctxt", "msgid", "msgid_plural"), m.previous, strict=True):
        if value is not None:
            _wrap(out, prev_prefix, name, value, width, languages, False)
    prefix = "#~ " if m.obsolete else ""
    if m.msgctxt is not None:
        _wrap(out, prefix, "msgctxt", m.msgctxt, width, languages, False)
    _wrap(out, prefix, "msgid", m.msgid, width, languages, False)
    if m.msgid_plural is None:
        _wrap(out, prefix, "msgstr", m.msgstrs[0], width, languages, True)
    else:
        _wrap(out, prefix, "msgid_plural", m.msgid_plural, width, languages, False)
        for index, msgstr in enumerate(m.msgstrs):
            _wrap(out, prefix, f"msgstr[{index}]", msgstr, width, languages, True)


def _format_references(references: Sequence[tuple[str, str]], page_width: int) -> str:
    """``#:`` lines filled up to the page width (message_print_comment_filepos)."""
    parts = ["#:"]
    column = 2
    for name, line in references:
        while name.startswith("./"):
            name = name[2:]
        suffix = f":{line}" if line != "" else ""
        length = len(name.encode("utf-8")) + len(suffix) + 1
        if column > 2 and column + length > page_width:
            parts.append("\n#:")
            column = 2
        parts.append(f" {name}{suffix}")
        column += length
    parts.append("\n")
    return "".join(parts)


_ESCAPE_LETTERS: Final = {
    "\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v",
    "\\": "\\", '"': '"',
}  # fmt: skip

# Break values of libunistring (unilbrk.h).
_UNDEFINED, _PROHIBITED, _POSSIBLE, _MANDATORY, _HYPHENATION, _CR_BEFORE_LF = range(6)


_ESCAPE_TABLE: Final = str.maketrans({c: "\\" + letter for c, letter in _ESCAPE_LETTERS.items()})


def _escape(portion: str, offset: int, inside_directive: frozenset[int]) -> tuple[str, list[int]]:
    """The portion as written between quotes, and libunistring overrides for each character:
    the second character of an escape never starts a line, nor does a directive's interior."""
    if not inside_directive:
        escaped = portion.translate(_ESCAPE_TABLE)
        overrides = [_UNDEFINED] * len(escaped)
        at = escaped.find("\\")
        while at >= 0:
            overrides[at + 1] = _PROHIBITED
            at = escaped.find("\\", at + 2)
        return escaped, overrides
    chars: list[str] = []
    overrides = []
    for k, c in enumerate(portion, start=offset):
        brk = _PROHIBITED if k in inside_directive else _UNDEFINED
        letter = _ESCAPE_LETTERS.get(c)
        if letter is not None:
            chars += ("\\", letter)
            overrides += (brk, _PROHIBITED)
        else:
            chars.append(c)
            overrides.append(brk)
    return "".join(chars), overrides


def _columns_at_most(text: str) -> int:
    """An upper bound of the columns of ``text`` (exact for printable ASCII)."""
    return len(text) if text.isascii() else 2 * len(text)


def _wrap(
    out: list[str],
    prefix: str,
    name: str,
    value: str,
    page_width: int,
    languages: Sequence[str],
    is_msgstr: bool,
) -> None:
    """One keyword and its string, broken into lines as write-po.c's ``wrap()`` does."""
    out.append(_wrapped(prefix, name, value, page_width, tuple(languages), is_msgstr))


@functools.lru_cache(maxsize=32768)
def _wrapped(
    prefix: str, name: str, value: str, page_width: int, languages: tuple[str, ...], is_msgstr: bool
) -> str:
    """The lines of :func:`_wrap`, cached: a template and its PO files repeat every msgid."""
    out: list[str] = []
    inside_directive = _directive_interiors(value, languages, is_msgstr) if value else frozenset()
    startcol_after_break = len(prefix) + 1
    width = page_width - 1 - startcol_after_break
    first_line = True
    start = 0
    total = len(value)
    while True:
        newline = value.find("\n", start)
        end = total if newline < 0 else newline + 1
        escaped, overrides = _escape(value[start:end], start, inside_directive)
        if end > start and value[end - 1] == "\n":
            # Don't break immediately before the "\n" at the end.
            overrides[-2] = _PROHIBITED
        cuts: list[int] = []  # indices of ``escaped`` where a new line starts
        while True:
            startcol = len(prefix) + (len(name) + 1 if first_line else 0) + 1 - startcol_after_break
            if startcol + _columns_at_most(escaped) <= width:
                cuts = []  # it fits: libunistring would not break
            else:
                cuts = _line_starts(escaped, width, startcol, overrides)
            if first_line and escaped and (end < total or startcol > width or cuts):
                out.append(f'{prefix}{name} ""\n')
                first_line = False
                continue
            break
        head = f'{prefix}{name} "' if first_line else f'{prefix}"'
        first_line = False
        if not cuts:
            out.append(f'{head}{escaped}"\n')
        else:
            pieces = [head]
            last = 0
            for i in cuts:
                pieces.append(escaped[last:i])
                pieces.append(f'"\n{prefix}"')
                last = i
            pieces.append(escaped[last:])
            pieces.append('"\n')
            out.append("".join(pieces))
        start = end
        if start >= total:
            break
    return "".join(out)


# --------------------------------------------------------------------------------------------
# Line breaking: libunistring 1.0's u8_width_linebreaks_v2 (UAX #14 with its pair table).
# --------------------------------------------------------------------------------------------

# Line-break classes, numbered as in libunistring's lbrktables.h: 0..32 index the pair table.
(
    _WJ, _GL, _B2, _BA, _BB, _HY, _CL, _CP1, _CP2, _EX, _IN, _NS, _OP1, _OP2, _QU, _IS, _NU,
    _PO, _PR, _SY, _AL, _H2, _H3, _ID1, _ID2, _JL, _JV, _JT, _HL, _RI, _ZWJ, _EB, _EM,
) = range(33)  # fmt: skip
_BK, _CR, _LF, _CM, _ZW, _SP = range(33, 39)
_HL_BA = 100
_CLASS_NAMES: Final = ["WJ", "GL", "B2", "BA", "BB", "HY", "CL", "CP1", "CP2", "EX", "IN", "NS", "OP1", "OP2", "QU", "IS", "NU", "PO", "PR", "SY", "AL", "H2", "H3", "ID1", "ID2", "JL", "JV", "JT", "HL", "RI", "ZWJ", "EB", "EM", "BK", "CR", "LF", "CM", "ZW", "SP"]

# unilbrk_table[before][after]: D direct break, I break only after spaces, P prohibited.
_PAIRS: Final = (
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII",  # WJ
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII",  # GL
    "PIPIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # B2
    "PDDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # BA
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII",  # BB
    "PDDIDIPPPPIIDDIPIDDPDDDDDDDDDDDDD",  # HY
    "PIDIDIPPPPIPDDIPDIIPDDDDDDDDDDDDD",  # CL
    "PIDIDIPPPPIIDDIPIIIPIDDDDDDDIDIDD",  # CP1
    "PIDIDIPPPPIIDDIPDIIPDDDDDDDDDDDDD",  # CP2
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # EX
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # IN
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # NS
    "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP",  # OP1
    "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP",  # OP2
    "PIIIIIPPPPIIPPIPIIIPIIIIIIIIIIIII",  # QU
    "PIDIDIPPPPIIDDIPIDDPDDDDDDDDDDDDD",  # IS
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD",  # NU
    "PIDIDIPPPPIIIIIPIDDPIDDDDDDDIDIDD",  # PO
    "PIDIDIPPPPIIIIIPIDDPIIIIIIIIIDIII",  # PR
    "PIDIDIPPPPIIDDIPIDDPDDDDDDDDIDDDD",  # SY
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD",  # AL
    "PIDIDIPPPPIIDDIPDIDPDDDDDDIIDDDDD",  # H2
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDIDDDDD",  # H3
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDD",  # ID1
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDI",  # ID2
    "PIDIDIPPPPIIDDIPDIDPDIIDDIIDDDDDD",  # JL
    "PIDIDIPPPPIIDDIPDIDPDDDDDDIIDDDDD",  # JV
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDIDDDDD",  # JT
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD",  # HL
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # RI
    "PIDIDIPPPPIIIDIPIIIPIDDIIDDDIDIII",  # ZWJ
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDI",  # EB
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDD",  # EM
)

# Line-break classes that _guess_class gets wrong: "FIRST[-LAST]:CLASS", code points in hex.
# Classes are already resolved as libunistring does for UTF-8 (AI, SA, XX -> AL; CB -> ID1).
_CLASS_EXCEPTIONS: Final = """
9:BA A:LF B-C:BK D:CR 20:SP 21:EX 22:QU 25:PO 27:QU 29:CP1 2B:PR 2C:IS 2D:HY 2E:IS 2F:SY
3A-3B:IS 3F:EX 5C:PR 5D:CP1 7C:BA 85:BK A0:GL A1:OP1 A2:PO AD:BA B0:PO B1:PR B4:BB BF:OP1 2C8:BB
2CC:BB 2DF:BB 34F:GL 35C-362:GL 37E:IS 589:IS 58A:BA 5BE:BA 5C6:EX 5D0-5EA:HL 5EF-5F2:HL
600-605:AL 609-60B:PO 60C-60D:IS 61B:EX 61D-61F:EX 66A:PO 66B-66C:NU 6D4:EX 6DD:AL 70F:AL 7F8:IS
7F9:EX 890-891:AL 8E2:AL 964-965:BA 9F2-9F3:PO 9F9:PO C77:BB C84:BB D79:PO E31:AL E34-E3A:AL
E47-E4E:AL E5A-E5B:BA EB1:AL EB4-EBC:AL EC8-ECD:AL F01-F04:BB F06-F07:BB F08:GL F09-F0A:BB
F0B:BA F0C:GL F0D-F11:EX F12:GL F14:EX F34:BA F7F:BA F85:BA FBE-FBF:BA FD0-FD1:BB FD2:BA FD3:BB
FD9-FDA:GL 102B-103E:AL 104A-104B:BA 1056-1059:AL 105E-1060:AL 1062-1064:AL 1067-106D:AL
1071-1074:AL 1082-108D:AL 108F:AL 109A-109D:AL 1100-115F:JL 1160-11A7:JV 11A8-11FF:JT 1361:BA
1400:BA 16EB-16ED:BA 1735-1736:BA 17B4-17D3:AL 17D4-17D5:BA 17D6:NS 17D8:BA 17DA:BA 17DD:AL
1802-1803:EX 1804-1805:BA 1806:BB 1808-1809:EX 180E:GL 1944-1945:EX 1A55-1A5E:AL 1A60-1A7C:AL
1B5A-1B5B:BA 1B5D-1B60:BA 1B7D-1B7E:BA 1C3B-1C3F:BA 1C7E-1C7F:BA 1FFD:BB 2007:GL 200B:ZW
200D:ZWJ 2010:BA 2011:GL 2012-2013:BA 2014:B2 2024-2026:IN 2027:BA 2028-2029:BK 202F:GL
2030-2037:PO 203C-203D:NS 2044:IS 2047-2049:NS 2056:BA 2058-205B:BA 205D-205E:BA 2060:WJ
2061-2064:AL 20A7:PO 20B6:PO 20BB:PO 20BE:PO 20C0:PO 20C1-20CF:PR 2103:PO 2109:PO 2116:PR
2212-2213:PR 22EF:IN 23E9-23EC:AL 23F1-23F2:ID1 25FD-25FE:AL 2600-2603:ID1 2618:ID1
261A-261C:ID1 261D:EB 261E-261F:ID1 2639-263B:ID1 2648-2653:AL 2668:ID1 2693:AL 26A1:AL
26AA-26AB:AL 26BF-26C3:ID1 26C6-26C8:ID1 26CD:ID1 26CE:AL 26CF-26D1:ID1 26D3:ID1 26D8-26D9:ID1
26DC:ID1 26DF-26E1:ID1 26F1:ID1 26F4:ID1 26F7-26F8:ID1 26F9:EB 26FE-2704:ID1 2705:AL
2708-2709:ID1 270A-270D:EB 2728:AL 274C:AL 274E:AL 2753-2755:AL 2757:AL 275B-2760:QU
2762-2763:EX 2764:ID1 2795-2797:AL 27B0:AL 27BF:AL 2B1B-2B1C:AL 2B50:AL 2B55:AL 2CF9:EX
2CFA-2CFC:BA 2CFE:EX 2CFF:BA 2D70:BA 2E00-2E01:QU 2E06-2E08:QU 2E0B:QU 2E0E-2E15:BA 2E17:BA
2E18:OP1 2E19:BA 2E2A-2E2D:BA 2E2E:EX 2E30-2E31:BA 2E33-2E34:BA 2E3A-2E3B:B2 2E3C-2E3E:BA
2E40-2E41:BA 2E43-2E4A:BA 2E4C:BA 2E4E-2E4F:BA 2E53-2E54:EX 2E5D:BA 3001-3002:CL 3005:NS 301C:NS
3035:CM 303B-303C:NS 303F:ID1 3041:NS 3043:NS 3045:NS 3047:NS 3049:NS 3063:NS 3083:NS 3085:NS
3087:NS 308E:NS 3095-3096:NS 309B-309E:NS 30A0-30A1:NS 30A3:NS 30A5:NS 30A7:NS 30A9:NS 30C3:NS
30E3:NS 30E5:NS 30E7:NS 30EE:NS 30F5-30F6:NS 30FB-30FE:NS 31F0-31FF:NS A015:NS A4FE-A4FF:BA
A60D:BA A60E:EX A60F:BA A6F3-A6F7:BA A838:PO A874-A875:BB A876-A877:EX A8CE-A8CF:BA A8FC:BB
A92E-A92F:BA A960-A97C:JL A9C7-A9C9:BA A9E5:AL AA5D-AA5F:BA AA7B-AA7D:AL AAB0:AL AAB2-AAB4:AL
AAB7-AAB8:AL AABE-AABF:AL AAC1:AL AAF0-AAF1:BA ABEB:BA D7B0-D7C6:JV D7CB-D7FB:JT FB1D:HL
FB1F-FB28:HL FB2A-FB36:HL FB38-FB3C:HL FB3E:HL FB40-FB41:HL FB43-FB44:HL FB46-FB4F:HL FDFC:PO
FE10:IS FE11-FE12:CL FE13-FE14:IS FE15-FE16:EX FE19:IN FE50:CL FE52:CL FE54-FE55:NS FE56-FE57:EX
FE6A:PO FEFF:WJ FF01:EX FF05:PO FF0C:CL FF0E:CL FF10-FF19:ID1 FF1A-FF1B:NS FF1F:EX FF61:CL
FF62:OP2 FF64:CL FF65:NS FF66:ID1 FF67-FF70:NS FF71-FF9D:ID1 FF9E-FF9F:NS FFA0-FFBE:ID1
FFC2-FFC7:ID1 FFCA-FFCF:ID1 FFD2-FFD7:ID1 FFDA-FFDC:ID1 FFE0:PO FFFC:ID1 10100-10102:BA 1039F:BA
103D0:BA 10857:BA 1091F:BA 10A50-10A57:BA 10AF0-10AF5:BA 10AF6:IN 10B39-10B3F:BA 10EAD:BA
11047-11048:BA 110BD:AL 110BE-110C1:BA 110CD:AL 11140-11143:BA 11175:BB 111C5-111C6:BA 111C8:BA
111DB:BB 111DD-111DF:BA 11238-11239:BA 1123B-1123C:BA 112A9:BA 1144B-1144E:BA 1145A-1145B:BA
115C1:BB 115C2-115C3:BA 115C4-115C5:EX 115C9-115D7:BA 11641-11642:BA 11660-1166C:BB
1171D-1172B:AL 1173C-1173E:BA 11944-11946:BA 119E2:BB 11A3F:BB 11A41-11A44:BA 11A45:BB
11A9A-11A9C:BA 11A9E-11AA0:BB 11AA1-11AA2:BA 11C41-11C45:BA 11C70:BB 11C71:EX 11FDD-11FE0:PO
11FFF:BA 12470-12474:BA 13258-1325A:OP1 1325B-1325D:CL 13282:CL 13286:OP1 13287:CL 13288:OP1
13289:CL 13379:OP1 1337A-1337B:CL 13430-13436:GL 13437:OP1 13438:CL 145CE:OP1 145CF:CL
16A6E-16A6F:BA 16AF5:BA 16B37-16B39:BA 16B44:BA 16E97-16E98:BA 16FE0-16FE3:NS 16FE4:GL
18B00-18CD5:AL 1AFF0-1AFF3:AL 1AFF5-1AFFB:AL 1AFFD-1AFFE:AL 1B150-1B152:NS 1B164-1B167:NS
1BC9F:BA 1DA87-1DA8A:BA 1E95E-1E95F:OP1 1ECAC:PO 1ECB0:PO 1F000-1F003:ID1 1F005-1F02B:ID1
1F030-1F093:ID1 1F0A0-1F0AE:ID1 1F0B1-1F0BF:ID1 1F0C1-1F0CE:ID1 1F0D1-1F0F5:ID1 1F10D-1F10F:ID1
1F16D-1F16F:ID1 1F18E:AL 1F191-1F19A:AL 1F1AD:ID1 1F1E6-1F1FF:RI 1F321-1F32C:ID1 1F336:ID1
1F37D:ID1 1F385:EB 1F394-1F39B:ID1 1F39E-1F39F:ID1 1F3B5-1F3B6:AL 1F3BC:AL 1F3C2-1F3C4:EB
1F3C7:EB 1F3CA-1F3CC:EB 1F3CD-1F3CE:ID1 1F3D4-1F3DF:ID1 1F3F1-1F3F3:ID1 1F3F5-1F3F7:ID1
1F3FB-1F3FF:EM 1F43F:ID1 1F441:ID1 1F442-1F443:EB 1F446-1F450:EB 1F466-1F478:EB 1F47C:EB
1F481-1F483:EB 1F485-1F487:EB 1F48F:EB 1F491:EB 1F4A0:AL 1F4A2:AL 1F4A4:AL 1F4AA:EB 1F4AF:AL
1F4B1-1F4B2:AL 1F4FD-1F4FE:ID1 1F500-1F506:AL 1F517-1F524:AL 1F532-1F53D:AL 1F54A:ID1 1F54F:ID1
1F568-1F573:ID1 1F574-1F575:EB 1F576-1F579:ID1 1F57A:EB 1F57B-1F58F:ID1 1F590:EB 1F591-1F594:ID1
1F595-1F596:EB 1F597-1F5A3:ID1 1F5A5-1F5D3:ID1 1F5DC-1F5F3:ID1 1F5FA:ID1 1F645-1F647:EB
1F64B-1F64F:EB 1F676-1F678:QU 1F679-1F67B:NS 1F6A3:EB 1F6B4-1F6B6:EB 1F6C0:EB 1F6C6-1F6CB:ID1
1F6CC:EB 1F6CD-1F6CF:ID1 1F6D3-1F6D4:ID1 1F6E0-1F6EA:ID1 1F6F0-1F6F3:ID1 1F7D5-1F7D8:ID1
1F8B0-1F8B1:ID1 1F90C:EB 1F90F:EB 1F918-1F91F:EB 1F926:EB 1F930-1F939:EB 1F93B:ID1
1F93C-1F93E:EB 1F946:ID1 1F977:EB 1F9B5-1F9B6:EB 1F9B8-1F9B9:EB 1F9BB:EB 1F9CD-1F9CF:EB
1F9D1-1F9DD:EB 1FA60-1FA6D:ID1 1FAC3-1FAC5:EB 1FAF0-1FAF6:EB 1FB93:AL 1FBCB-1FBEF:AL
1FBFA-1FBFF:AL 2FFFE-2FFFF:AL
"""

# Character widths that _guess_width gets wrong: "FIRST[-LAST]:WIDTH".
_WIDTH_EXCEPTIONS: Final = """
0:0 CBF:1 CC6:1 1160-11FF:0 2E9A:2 2EF4-2EFF:2 2FD6-2FEF:2 2FFC-2FFF:2 3040:2 3097-3098:2
3100-3104:2 3130:2 318F:2 31E4-31EF:2 321F:2 A48D-A48F:2 A4C7-A4CF:2 D7B0-D7C6:0 D7CB-D7FB:0
FA6E-FA6F:2 FADA-FAFF:2 FE1A-FE1F:2 FE53:2 FE67:2 FE6C-FE6F:2 FF00:2 11A07-11A08:1 11C3F:1
1F203-1F20F:2 1F23C-1F23F:2 1F249-1F24F:2 1F252-1F25F:2 1F266-1F2FF:2 3FFFE-3FFFF:2
"""


def _range_table(text: str) -> tuple[list[int], list[int], list[str]]:
    starts: list[int] = []
    ends: list[int] = []
    values: list[str] = []
    for item in text.split():
        span, _, value = item.partition(":")
        first, _, last = span.partition("-")
        starts.append(int(first, 16))
        ends.append(int(last or first, 16))
        values.append(value)
    return starts, ends, values


@functools.lru_cache(maxsize=1)
def _tables() -> tuple[
    tuple[list[int], list[int], list[int]], tuple[list[int], list[int], list[int]]
]:
    starts, ends, names = _range_table(_CLASS_EXCEPTIONS)
    classes = [_CLASS_NAMES.index(name) for name in names]
    wstarts, wends, widths = _range_table(_WIDTH_EXCEPTIONS)
    return (starts, ends, classes), (wstarts, wends, [int(w) for w in widths])


def _lookup(table: tuple[list[int], list[int], list[int]], code: int) -> int | None:
    starts, ends, values = table
    i = bisect.bisect_right(starts, code) - 1
    if i >= 0 and code <= ends[i]:
        return values[i]
    return None


def _guess_class(code: int) -> int:
    """The line-break class from Unicode properties; right for all but the listed exceptions."""
    ch = chr(code)
    category = unicodedata.category(ch)
    if category == "Cn":
        if 0x20000 <= code <= 0x3FFFD or 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF:
            return _ID1
        if 0x1F000 <= code <= 0x1FFFD:
            return _ID2
        return _AL
    if 0xAC00 <= code <= 0xD7A3:
        return _H2 if (code - 0xAC00) % 28 == 0 else _H3
    if category in ("Mn", "Mc", "Me", "Cc", "Cf"):
        return _CM
    if category == "Nd":
        return _NU
    if category == "Pe":
        return _CL
    if category in ("Pi", "Pf"):
        return _QU
    if category == "Zs":
        return _BA
    if category == "Sc":
        return _PR
    wide = unicodedata.east_asian_width(ch) in ("W", "F")
    if category == "Ps":
        return _OP2 if wide else _OP1
    return _ID1 if wide else _AL


def _line_break_class(ch: str) -> int:
    """The resolved line-break class of a character."""
    return _char_info(ch)[0]


def _guess_width(code: int) -> int:
    """Columns as libunistring's uc_width for UTF-8: -1 for control characters."""
    if code < 0x20 or 0x7F <= code < 0xA0:
        return -1
    ch = chr(code)
    category = unicodedata.category(ch)
    if category == "Cn":
        return 2 if 0x20000 <= code <= 0x3FFFD else 1
    if category in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _char_width(ch: str) -> int:
    """Columns of a character as libunistring's uc_width for UTF-8 (-1: control character)."""
    return _char_info(ch)[1]


_INFO: dict[str, tuple[int, int]] = {}


def _char_info(ch: str) -> tuple[int, int]:
    """(line-break class, width) of a character, cached."""
    info = _INFO.get(ch)
    if info is None:
        code = ord(ch)
        classes, widths = _tables()
        listed_class = _lookup(classes, code)
        listed_width = _lookup(widths, code)
        info = (
            listed_class if listed_class is not None else _guess_class(code),
            listed_width if listed_width is not None else _guess_width(code),
        )
        if len(_INFO) < 100_000:
            _INFO[ch] = info
    return info


_DIRECT, _INDIRECT = 0, 1
_RULES: Final = tuple(tuple("DIP".index(rule) for rule in row) for row in _PAIRS)


def _possible_linebreaks(props: Sequence[int]) -> list[int]:
    """u8_possible_linebreaks_loop with CR-LF recognition (libunistring 1.0), per character,
    from the characters' line-break classes."""
    breaks = [_PROHIBITED] * len(props)
    prev_prop = _BK
    last_prop = _BK
    seen_space = False
    ri_count = 0
    rules = _RULES
    for i, prop in enumerate(props):
        if prop >= _BK and prop <= _LF:  # BK, CR, LF
            breaks[i] = _MANDATORY
            if prev_prop == _CR and prop == _LF:
                breaks[i - 1] = _CR_BEFORE_LF
            prev_prop = prop
            last_prop = _BK
            seen_space = False
        else:
            if prop == _SP:
                seen_space = True
            elif prop == _ZW:
                last_prop = _ZW
                seen_space = False
            elif prop == _CM or prop == _ZWJ:
                if last_prop == _BK:
                    last_prop = _AL
                    seen_space = False
                elif last_prop == _ZW or seen_space:
                    breaks[i] = _POSSIBLE
                    last_prop = _AL
                    seen_space = False
            else:
                if last_prop == _BK:
                    pass
                elif last_prop == _ZW:
                    breaks[i] = _POSSIBLE
                elif prev_prop == _ZWJ:
                    pass
                elif last_prop == _RI and prop == _RI:
                    if seen_space or ri_count % 2 == 0:
                        breaks[i] = _POSSIBLE
                elif prev_prop == _HL_BA:
                    pass
                else:
                    rule = rules[last_prop][prop]
                    if rule == _DIRECT or (rule == _INDIRECT and seen_space):
                        breaks[i] = _POSSIBLE
                last_prop = prop
                seen_space = False
            prev_prop = _HL_BA if prev_prop == _HL and (prop == _HY or prop == _BA) else prop
        ri_count = ri_count + 1 if prop == _RI else 0
    return breaks


def _width_linebreaks(
    chars: Sequence[str], width: int, start_column: int, overrides: Sequence[int]
) -> list[int]:
    """u8_width_linebreaks_internal: greedy filling of the break opportunities."""
    get = _INFO.get
    infos = [get(c) or _char_info(c) for c in chars]
    breaks = _possible_linebreaks([info[0] for info in infos])
    last_p = -1
    last_column = start_column
    piece_width = 0
    for i, override in enumerate(overrides):
        brk = override if override != _UNDEFINED else breaks[i]
        if brk != _POSSIBLE and brk != _MANDATORY and brk != _CR_BEFORE_LF:
            breaks[i] = _PROHIBITED
            w = infos[i][1]
            if w > 0:
                piece_width += w
            continue
        if last_p >= 0 and last_column + piece_width > width:
            breaks[last_p] = _POSSIBLE
            last_column = 0
        if brk == _POSSIBLE:
            last_p = i
            last_column += piece_width
            piece_width = 0
            breaks[i] = _PROHIBITED
            w = infos[i][1]
            if w > 0:
                piece_width += w
        else:  # a mandatory break: the character ends a line
            breaks[i] = brk
            last_p = -1
            last_column = 0
            piece_width = 0
    if last_p >= 0 and last_column + piece_width > width:
        breaks[last_p] = _POSSIBLE
    return breaks


def _line_starts(escaped: str, width: int, start_column: int, overrides: Sequence[int]) -> list[int]:
    """Indices where libunistring's greedy filling starts a new line."""
    fast = _simple_line_starts(escaped, width, start_column, overrides)
    if fast is not None:
        return fast
    breaks = _width_linebreaks(escaped, width, start_column, overrides)
    return [i for i, brk in enumerate(breaks) if brk == _POSSIBLE]


class _SimpleClasses(dict[int, str]):
    """str.translate table: a character -> a private-use character naming its line-break class,
    for characters one column wide whose class obeys the plain pair table (no CM, ZWJ, ZW, RI,
    HL, mandatory breaks). Other characters map to themselves, which disables the fast path."""

    def __missing__(self, code: int) -> str:
        cls, w = _char_info(chr(code))
        if w == 1 and cls < _BK and cls not in (_ZWJ, _RI, _HL):
            value = chr(_CLASS_BASE + cls)
        elif w == 1 and cls == _SP:
            value = chr(_CLASS_BASE + _SP)
        else:
            value = chr(code)
        if len(self) < 100_000:
            self[code] = value
        return value


_CLASS_BASE: Final = 0xE000
_SIMPLE = _SimpleClasses()
_NOT_SIMPLE: Final = re.compile("[^\ue000-\ue03f]")
_SPACE_CHAR: Final = chr(_CLASS_BASE + _SP)


def _break_pattern() -> re.Pattern[str]:
    """Break opportunities between plain classes: after ``a`` directly before ``b`` when the
    pair rule is direct, or after ``a`` and a run of spaces before ``b`` when it is direct or
    indirect. Each match ends where a break is possible."""
    simple = [c for c in range(_BK) if c not in (_ZWJ, _RI, _HL)]
    alternatives = []
    for a in simple:
        ch = chr(_CLASS_BASE + a)
        direct = "".join(chr(_CLASS_BASE + b) for b in simple if _RULES[a][b] == _DIRECT)
        spaced = "".join(chr(_CLASS_BASE + b) for b in simple if _RULES[a][b] != 2)
        if direct:
            alternatives.append(f"{ch}(?=[{direct}])")
        if spaced:
            alternatives.append(f"{ch}{_SPACE_CHAR}+(?=[{spaced}])")
    return re.compile("|".join(alternatives))


_BREAKS: Final = _break_pattern()


def _simple_line_starts(
    escaped: str, width: int, start_column: int, overrides: Sequence[int]
) -> list[int] | None:
    """The same result as the per-character algorithm for text made of one-column characters
    with plain pair-table classes (most prose), computed with one regular expression; None when
    the text has other characters."""
    classes = escaped.translate(_SIMPLE)
    if _NOT_SIMPLE.search(classes):
        return None
    positions = [m.end() for m in _BREAKS.finditer(classes) if m.end() < len(classes)]
    if not positions:
        return []
    result: list[int] = []
    last_p = -1
    last_column = start_column
    previous = 0
    for p in positions:
        if overrides[p] == _PROHIBITED:
            continue
        piece = p - previous
        if last_p >= 0 and last_column + piece > width:
            result.append(last_p)
            last_column = 0
        last_column += piece
        last_p = p
        previous = p
    if last_p >= 0 and last_column + len(escaped) - previous > width:
        result.append(last_p)
    return result


# --------------------------------------------------------------------------------------------
# Format directives: gettext does not break lines inside them.
# --------------------------------------------------------------------------------------------


def _directive_interiors(value: str, languages: Sequence[str], is_msgstr: bool) -> frozenset[int]:
    """Indices of ``value`` inside a format directive (not its first character).

    gettext uses the first language flagged ``yes`` or ``possible``; directives are marked up
    to the first invalid one, where its parser stops.
    """
    if not languages:
        return frozenset()
    if languages[0] == "python-brace":
        return _python_brace_interiors(value)
    parser = _DIRECTIVE_PARSERS.get(languages[0])
    if parser is None:
        return frozenset()
    inside: set[int] = set()
    for start, end in parser(value, is_msgstr):
        inside.update(range(start + 1, end))
    return frozenset(inside)


_ASCII_DIGITS: Final = frozenset("0123456789")


def _skip_digits(s: str, i: int) -> int:
    while i < len(s) and s[i] in _ASCII_DIGITS:
        i += 1
    return i


def _c_directives(s: str, translated: bool, objc: bool = False) -> Iterator[tuple[int, int]]:
    """Spans of valid ``c-format`` directives, up to the first invalid one (format-c-parse.h)."""
    n = len(s)
    numbered = unnumbered = 0
    i = 0

    def argument_number(i: int) -> tuple[int, int] | None:
        """A ``N$`` at ``i``: (N, index after it); (0, i) when absent; None when N is 0."""
        j = _skip_digits(s, i)
        if j > i and j < n and s[j] == "$":
            number = int(s[i:j])
            return None if number == 0 else (number, j + 1)
        return 0, i

    while i < n:
        if s[i] != "%":
            i += 1
            continue
        start = i
        i += 1
        found = argument_number(i)
        if found is None:
            return
        number, i = found
        while i < n and (s[i] in " +-#0'" or (translated and s[i] == "I")):
            i += 1
        for part in ("width", "precision"):
            if part == "precision":
                if i >= n or s[i] != ".":
                    break
                i += 1
            if i < n and s[i] == "*":
                found = argument_number(i + 1)
                if found is None:
                    return
                star_number, i = found
                if star_number:
                    if unnumbered:
                        return
                    numbered += 1
                else:
                    if numbered:
                        return
                    unnumbered += 1
            else:
                i = _skip_digits(s, i)
        takes_argument = True
        if i < n and s[i] == "<":
            m = _PRI_MACRO.match(s, i)
            if m is None:
                return
            i = m.end() - 1
        else:
            while i < n and s[i] in "hlLqjzZt":
                i += 1
            if i >= n:
                return
            conversion = s[i]
            if conversion in "%m":
                takes_argument = False
            elif conversion not in "cCsSiduoxXeEfFgGaApn" and not (objc and conversion == "@"):
                return
        if takes_argument:
            if number:
                if unnumbered:
                    return
                numbered += 1
            else:
                if numbered:
                    return
                unnumbered += 1
        yield start, i + 1
        i += 1


_PRI_MACRO = re.compile(r"<PRI[diuoxX](?:MAX|PTR|(?:LEAST|FAST)?(?:8|16|32|64))>")


def _python_directives(s: str, translated: bool) -> Iterator[tuple[int, int]]:
    """Spans of valid ``python-format`` directives up to the first invalid one (format-python.c)."""
    n = len(s)
    named = unnamed = 0
    i = 0
    while i < n:
        if s[i] != "%":
            i += 1
            continue
        start = i
        i += 1
        has_name = False
        if i < n and s[i] == "(":
            depth = 0
            i += 1
            while i < n:
                if s[i] == "(":
                    depth += 1
                elif s[i] == ")":
                    if depth == 0:
                        break
                    depth -= 1
                i += 1
            if i >= n:
                return
            i += 1
            has_name = True
        while i < n and s[i] in "-+ #0":
            i += 1
        if i < n and s[i] == "*":
            i += 1
            if named:
                return
            unnamed += 1
        else:
            i = _skip_digits(s, i)
        if i < n and s[i] == ".":
            i += 1
            if i < n and s[i] == "*":
                i += 1
                if named:
                    return
                unnamed += 1
            else:
                i = _skip_digits(s, i)
        if i < n and s[i] in "hlL":
            i += 1
        if i >= n or s[i] not in "%csriduoxXeEfgG":
            return
        if has_name:
            if unnamed:
                return
            named += 1
        elif s[i] != "%":
            if named:
                return
            unnamed += 1
        yield start, i + 1
        i += 1


_NAME_START: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")
_NAME_CHARS: Final = _NAME_START | _ASCII_DIGITS


class _BadDirective(Exception):
    """A python-brace directive gettext's parser rejects: where, relative to which ``{``."""

    def __init__(self, position: int, directive_start: int) -> None:
        super().__init__(position)
        self.position = position
        self.directive_start = directive_start


def _python_brace_interiors(s: str) -> frozenset[int]:
    """What gettext 0.21 protects in a ``python-brace-format`` string.

    format-python-brace.c records directive bounds relative to the directive's own ``{``
    instead of the string's start (its ``FDI_SET`` uses a local ``format_start``). The
    effect, reproduced here: at most one protected region, from the string's first byte to
    the smallest such relative end offset, and none if that offset is a parse error.
    """
    n = len(s)

    def field(i: int, numeric: bool) -> int:
        """Index after a name (or, with ``numeric``, a name or a number) at ``i``; -1 if none."""
        if i < n and s[i] in _NAME_START:
            i += 1
            while i < n and s[i] in _NAME_CHARS:
                i += 1
            return i
        if numeric and i < n and s[i] in _ASCII_DIGITS:
            return _skip_digits(s, i)
        return -1

    ends: list[tuple[int, int]] = []  # (closing-brace index, directive start)

    def directive(start: int, toplevel: bool) -> int:
        """Parse the directive whose ``{`` is at ``start``; the index after it."""
        i = start + 1
        if i < n and s[i] == "{":
            return i + 1
        after = field(i, True)
        if after < 0:
            raise _BadDirective(i, start)
        i = after
        while i < n and s[i] in ".[":
            if s[i] == ".":
                after = field(i + 1, False)
                if after < 0:
                    raise _BadDirective(i + 1, start)
                i = after
            else:
                after = field(i + 1, True)
                if after < 0:
                    raise _BadDirective(i + 1, start)
                if after >= n or s[after] != "]":
                    raise _BadDirective(after + 1, start)
                i = after + 1
        if i < n and s[i] == ":":
            if not toplevel:
                raise _BadDirective(i, start)
            i += 1
            if i < n and s[i] == "{":
                i = directive(i, False)
                if i >= n or s[i] != "}":
                    raise _BadDirective(i, start)
            else:
                c1 = s[i] if i < n else ""
                c2 = s[i + 1] if i + 1 < n else ""
                if c1.isascii() and c2 and c2 in "<>=^":
                    i += 2
                elif c1 and c1 in "<>=^":
                    i += 1
                if i < n and s[i] in "+- ":
                    i += 1
                if i < n and s[i] == "#":
                    i += 1
                if i < n and s[i] == "0":
                    i += 1
                i = _skip_digits(s, i)
                if i < n and s[i] == ".":
                    i = _skip_digits(s, i + 1)
                if i < n and s[i] in "bcdoxXneEfFgG%":
                    i += 1
                if i >= n or s[i] != "}":
                    raise _BadDirective(i, start)
        if i >= n or s[i] != "}":
            raise _BadDirective(i, start)
        if toplevel:
            ends.append((i, start))
        return i + 1

    error: tuple[int, int] | None = None
    i = 0
    try:
        while i < n:
            i = directive(i, True) if s[i] == "{" else i + 1
    except _BadDirective as bad:
        error = (bad.position, bad.directive_start)
    if not ends:
        return frozenset()

    def relative(position: int, directive_start: int) -> int:
        return len(s[directive_start:position].encode("utf-8"))

    limit = min(relative(end, start) for end, start in ends)
    if error is not None and relative(*error) <= limit:
        return frozenset()  # an error mark comes first: the region is an invalid directive
    inside: set[int] = set()
    offset = 0
    for index, ch in enumerate(s):
        if 1 <= offset <= limit:
            inside.add(index)
        offset += len(ch.encode("utf-8"))
        if offset > limit:
            break
    return frozenset(inside)


_DIRECTIVE_PARSERS: Final = {
    "c": _c_directives,
    "objc": lambda s, translated: _c_directives(s, translated, objc=True),
    "python": _python_directives,
}
