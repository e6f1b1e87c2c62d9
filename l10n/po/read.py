"""Reading PO text as strictly as GNU ``msgfmt`` does: gettext's grammar (po-gram-gen.y).

The parser takes the tokens of :mod:`l10n.po.lex` and builds polib's ``POFile``/``POEntry``
through :mod:`l10n.po.entries` (see :mod:`l10n.po` for what each field holds), raising :class:`PoSyntaxError` with the line
msgfmt reports for the first error. Comments are dispatched as gettext's read-catalog.c does:
only the last ``#,`` line counts, duplicate references are merged, a ``# File: a.c, line: 3``
comment is a reference (:mod:`l10n.po.comments`). Plain catalogs take a fast path
(:mod:`l10n.po.scan`) that gives the same result or steps aside. Reading bytes from disk (encodings, charsets) is
:mod:`l10n.po.files`'s job.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal, NamedTuple

import polib

from l10n.errors import PoSyntaxError
from l10n.po.comments import CommentState, parse_solaris_reference
from l10n.po.entries import CatalogBuilder, Previous
from l10n.po.lex import Lexer, Token, TokenKind
from l10n.po.scan import scan_po

__all__ = ["Reader", "parse_po", "parse_solaris_reference"]


class _Strings(NamedTuple):
    """A string list (``"a" "b"``) and where it started."""

    value: str
    """The concatenated, unescaped text."""
    line: int
    """The line of its first string."""
    obsolete: bool
    """Whether its first string was on a ``#~`` line."""


class _Parser:
    """gettext's PO grammar (po-gram-gen.y) as recursive descent with one token of lookahead.

    Errors are raised in the order gettext reports them, so the first error is the one
    ``msgfmt`` prints first, with the same line.
    """

    def __init__(self, text: str, path: Path | str) -> None:
        self.lexer = Lexer(text, path)
        self.path = path
        self.lookahead: Token | None = None
        self.comments = CommentState()
        self.catalog = CatalogBuilder(path)
        # Like gettext's static plural_counter: reset by msgid_plural only, so msgstr[N]
        # without msgid_plural is checked against the previous plural entry's count.
        self.plural_counter = 0

    # Tokens -------------------------------------------------------------------------------
    def peek(self) -> Token:
        if self.lookahead is None:
            self.lookahead = self.lexer.next_token()
        return self.lookahead

    def take(self) -> Token:
        token = self.peek()
        self.lookahead = None
        return token

    def fail(self, message: str, line: int) -> PoSyntaxError:
        return PoSyntaxError(message, path=self.path, line=line)

    def syntax_error(self, token: Token) -> PoSyntaxError:
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

    def check_obsolete(self, first: bool, second: Token | _Strings) -> None:
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

    def expect(self, kind: TokenKind) -> Token:
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
        return self.catalog.po

    def message(self) -> None:
        prev: Previous | None = None
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

    def intro(self) -> tuple[str | None, Token]:
        token = self.take()
        if token.kind == "MSGID":
            return None, token
        context = self.strings("STRING")
        msgid_kw = self.expect("MSGID")
        self.check_obsolete(token.obsolete, context)
        self.check_obsolete(token.obsolete, msgid_kw)
        return context.value, msgid_kw

    def previous(self) -> tuple[Previous, bool]:
        token = self.take()
        context: str | None = None
        intro = token
        if token.kind == "PREV_MSGCTXT":
            ctx = self.strings("PREV_STRING")
            intro = self.expect("PREV_MSGID")
            self.check_obsolete(token.obsolete, ctx)
            self.check_obsolete(token.obsolete, intro)
            context = ctx.value
            intro = Token("PREV_MSGID", intro.line, intro.obsolete)
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

    def plural_forms(self, msgstr_kw: Token) -> tuple[list[str], Token]:
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
        intro: Token,
        msgctxt: str | None,
        msgid: str,
        msgid_plural: str | None,
        msgstrs: list[str],
        prev: Previous | None,
    ) -> None:
        comments, self.comments = self.comments, CommentState()
        self.catalog.add(
            intro.line, intro.obsolete, msgctxt, msgid, msgid_plural, msgstrs, prev, comments
        )


Reader = Literal["auto", "strict"]
"""How :func:`parse_po` reads: ``auto`` tries the fast path for plain entries
(:mod:`l10n.po.scan`) and falls back to the strict parser, ``strict`` uses the strict parser only
(the same result, more slowly: what the tests compare the fast path with)."""


def parse_po(text: str, *, path: Path | str = "<string>", reader: Reader = "auto") -> polib.POFile:
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
        # Not after a backslash: gettext joins a backslash with a following LF only, so a
        # backslash before CRLF stays a backslash (an error outside comments), never a splice.
        text = _CRLF.sub("\n", text)
    fast = scan_po(text, path) if reader == "auto" else None
    return fast if fast is not None else _Parser(text, path).parse()


_CRLF = re.compile(r"(?<!\\)\r\n")
