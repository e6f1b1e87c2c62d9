"""The tokens of a PO file, with the line numbers and errors of gettext's lexer (po-lex.c).

:mod:`l10n.po.read` parses these tokens; keeping the lexer apart keeps each of the two at one
job: this module knows strings, escapes, keywords and comments, the parser knows the grammar.
"""

from __future__ import annotations

import bisect
import re
from pathlib import Path
from typing import Final, Literal, NamedTuple

from l10n.errors import PoSyntaxError

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
SIMPLE_ESCAPES: Final = {
    "n": "\n", "t": "\t", "b": "\b", "r": "\r", "f": "\f", "v": "\v", "a": "\a",
    "\\": "\\", '"': '"',
}  # fmt: skip
"""The letter escapes of a PO string (``\\n``...) and the character each stands for."""

_BLANKS = re.compile(r"[ \t\r\f\v]+")
_STRING_RUN = re.compile(r'[^"\\\n]+')
_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
_DIGITS = re.compile(r"[0-9]+")
_OCTAL = re.compile(r"[0-7]{1,3}")
_HEX = re.compile(r"[0-9A-Fa-f]+")


class Token(NamedTuple):
    """One token of gettext's PO grammar."""

    kind: TokenKind
    """The token type, named as in ``po-gram-gen.y``."""
    line: int
    """The line gettext's lexer is on once it has read the token (what its errors report)."""
    obsolete: bool
    """True when a ``#~`` began the token's line."""
    value: str = ""
    """The decoded text of a string, the text of a comment, the digits of a number."""


class Lexer:
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

    def next_token(self) -> Token:
        text = self.text
        n = len(text)
        while True:
            i = self.pos
            if i >= n:
                return Token("EOF", self.line_at(n), self.obsolete)
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
                    token = Token("COMMENT", self.line_at(n), self.obsolete, text[i + 1 :])
                else:
                    self.pos = end + 1
                    token = Token(
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
                return Token(kind, self.line_at(m.end()), self.obsolete)
            if c.isdigit() and c.isascii():
                m = _DIGITS.match(text, i)
                assert m is not None
                self.pos = m.end()
                return Token("NUMBER", self.line_at(m.end()), self.obsolete, m.group())
            self.pos = i + 1
            if c == "[" or c == "]":
                return Token(c, self.line_at(i), self.obsolete)  # type: ignore[arg-type]
            return Token("JUNK", self.line_at(i), self.obsolete, c)

    def _string(self, start: int) -> Token:
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
            if e in SIMPLE_ESCAPES:
                parts.append(SIMPLE_ESCAPES[e])
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
        return Token(kind, self.line_at(i), self.obsolete, value_text)
