"""Format directives (``%s``, ``%(name)d``, ``{0}``) as gettext's format parsers see them.

Two users: the writer, which never breaks a line inside a directive (:func:`directive_interiors`,
with gettext 0.21's own bookkeeping quirks), and the checks, which ask what ``msgfmt -c`` would
reject about a translation's directives (:func:`format_problem`). Parsers exist for the C,
Objective C, Python and Python-brace formats (format-c-parse.h, format-python.c,
format-python-brace.c); for gettext's 26 other format languages nothing is known here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Final

__all__ = ["directive_interiors"]


def directive_interiors(value: str, languages: Sequence[str], is_msgstr: bool) -> frozenset[int]:
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
