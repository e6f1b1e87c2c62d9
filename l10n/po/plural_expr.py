"""``Plural-Forms`` expressions exactly as gettext parses and evaluates them (plural.y).

msgfmt rejects a catalog whose ``plural=`` expression does not parse, can divide by zero or
gives a value outside ``0 .. nplurals-1`` for some n in 0..1000; :mod:`l10n.po.msgfmt_check`
applies the same rule with this parser. It follows gettext's grammar and C semantics (unsigned
long arithmetic that wraps, ``n`` the only variable, ``;`` or a line end ending the
expression), not Python's (:func:`gettext.c2py` accepts and rejects other strings).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

__all__ = ["PluralExpression", "parse_plural"]

_MASK: Final = (1 << 64) - 1

_BINARY: Final[dict[str, tuple[int, Callable[[int, int], int]]]] = {
    "||": (1, lambda a, b: int(bool(a) or bool(b))),
    "&&": (2, lambda a, b: int(bool(a) and bool(b))),
    "==": (3, lambda a, b: int(a == b)),
    "!=": (3, lambda a, b: int(a != b)),
    "<": (4, lambda a, b: int(a < b)),
    ">": (4, lambda a, b: int(a > b)),
    "<=": (4, lambda a, b: int(a <= b)),
    ">=": (4, lambda a, b: int(a >= b)),
    "+": (5, lambda a, b: (a + b) & _MASK),
    "-": (5, lambda a, b: (a - b) & _MASK),
    "*": (6, lambda a, b: (a * b) & _MASK),
    "/": (6, lambda a, b: a // b),
    "%": (6, lambda a, b: a % b),
}
"""Binary operators: precedence (higher binds tighter, all left-associative) and C meaning."""


class PluralSyntaxError(ValueError):
    """The expression does not parse."""


@dataclass(frozen=True)
class PluralExpression:
    """A parsed ``plural=`` expression: a tree of tuples evaluated with C semantics."""

    tree: tuple[object, ...]
    """``("n",)``, ``("num", v)``, ``("!", e)``, ``(op, a, b)`` or ``("?", c, a, b)``."""

    def __call__(self, n: int) -> int:
        """The value for ``n``; raises :class:`ZeroDivisionError` as C would trap."""
        return _evaluate(self.tree, n)


def _evaluate(tree: tuple[object, ...], n: int) -> int:
    kind = tree[0]
    if kind == "n":
        return n
    if kind == "num":
        return tree[1]  # type: ignore[return-value]
    if kind == "!":
        return int(_evaluate(tree[1], n) == 0)  # type: ignore[arg-type]
    if kind == "?":
        branch = tree[2] if _evaluate(tree[1], n) else tree[3]  # type: ignore[arg-type]
        return _evaluate(branch, n)  # type: ignore[arg-type]
    left = _evaluate(tree[1], n)  # type: ignore[arg-type]
    if kind == "&&" and not left:
        return 0
    if kind == "||" and left:
        return 1
    return _BINARY[kind][1](left, _evaluate(tree[2], n))  # type: ignore[arg-type, index]


def _tokens(text: str) -> list[object]:
    """gettext's plural lexer: numbers, operators, ``n ? : ( ) !``; stops at ``;``, a line end
    or the end of the string."""
    out: list[object] = []
    i = 0
    while True:
        while i < len(text) and text[i] in " \t":
            i += 1
        if i >= len(text) or text[i] in ";\n":
            return out
        c = text[i]
        if c.isdigit() and c.isascii():
            value = 0
            while i < len(text) and text[i] in "0123456789":
                value = (value * 10 + int(text[i])) & _MASK
                i += 1
            out.append(value)
            continue
        two = text[i : i + 2]
        if two in ("==", "!=", "<=", ">=", "&&", "||"):
            out.append(two)
            i += 2
            continue
        if c in "<>*/%+-n?:()!":
            out.append(c)
            i += 1
            continue
        raise PluralSyntaxError(f"unexpected {c!r}")


class _Parser:
    def __init__(self, tokens: list[object]) -> None:
        self.tokens = tokens
        self.pos = 0

    def peek(self) -> object:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> object:
        token = self.peek()
        if token is None:
            raise PluralSyntaxError("unexpected end")
        self.pos += 1
        return token

    def conditional(self) -> tuple[object, ...]:
        condition = self.binary(1)
        if self.peek() != "?":
            return condition
        self.take()
        then = self.conditional()
        if self.take() != ":":
            raise PluralSyntaxError("expected ':'")
        return ("?", condition, then, self.conditional())

    def binary(self, level: int) -> tuple[object, ...]:
        left = self.unary()
        while True:
            op = self.peek()
            if not isinstance(op, str) or op not in _BINARY or _BINARY[op][0] < level:
                return left
            self.take()
            left = (op, left, self.binary(_BINARY[op][0] + 1))

    def unary(self) -> tuple[object, ...]:
        token = self.take()
        if token == "!":
            return ("!", self.unary())
        if token == "n":
            return ("n",)
        if isinstance(token, int):
            return ("num", token)
        if token == "(":
            inner = self.conditional()
            if self.take() != ")":
                raise PluralSyntaxError("expected ')'")
            return inner
        raise PluralSyntaxError(f"unexpected {token!r}")


def parse_plural(text: str) -> PluralExpression | None:
    """The expression at the start of ``text`` (what follows ``plural=``), or None when gettext's
    parser rejects it."""
    try:
        parser = _Parser(_tokens(text))
        tree = parser.conditional()
    except PluralSyntaxError:
        return None
    if parser.peek() is not None:
        return None
    return PluralExpression(tree)
