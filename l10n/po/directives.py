"""Format directives (``%s``, ``%(name)d``, ``{0}``) as gettext's format parsers see them.

Two users: the writer, which never breaks a line inside a directive (:func:`directive_interiors`,
with gettext 0.21's own bookkeeping quirks), and the checks, which ask what ``msgfmt -c`` would
reject about a translation's directives (:func:`format_problem`). Parsers exist for the C,
Objective C, Python and Python-brace formats (format-c-parse.h, format-python.c,
format-python-brace.c); for gettext's 26 other format languages nothing is known here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Final, NamedTuple

__all__ = ["Argument", "Directive", "Scan", "directive_interiors", "scan"]


def directive_interiors(value: str, languages: Sequence[str], is_msgstr: bool) -> frozenset[int]:
    """Indices of ``value`` inside a format directive (not its first character).

    gettext uses the first language flagged ``yes`` or ``possible``; directives are marked up
    to the first invalid one, where its parser stops.
    """
    if not languages:
        return frozenset()
    if languages[0] == "python-brace":
        return _python_brace_interiors(value)
    scanner = _SCANNERS.get(languages[0])
    if scanner is None:
        return frozenset()
    inside: set[int] = set()
    for directive in scanner(value, is_msgstr).directives:
        inside.update(range(directive.start + 1, directive.end))
    return frozenset(inside)


def scan(language: str, text: str, *, translated: bool) -> Scan | None:
    """``text`` as gettext's parser for ``language`` (a name of
    :data:`~l10n.po.flags.FORMAT_LANGUAGES`: ``c``, ``objc``, ``python``, ``python-brace``)
    reads it; ``translated`` for a msgstr. None for a language without a parser here."""
    if language == "python-brace":
        ends, error = _python_brace_scan(text)
        found = tuple(
            Directive(start, end + 1, (Argument(text[start + 1 : end], "any"),))
            for end, start in ends
        )
        return Scan(found, error is None)
    scanner = _SCANNERS.get(language)
    return scanner(text, translated) if scanner is not None else None


class Argument(NamedTuple):
    """One argument a format directive consumes."""

    key: int | str | None
    """Its ``N$`` number (C; 0 when unnumbered), its ``(name)`` (Python) or its field text
    (Python-brace, as gettext names it: everything between the braces); None when unnamed."""
    type: str
    """What the argument must be, as gettext's parser classifies it, e.g. ``integer``,
    ``unsigned integer long``, ``string``, ``any``; two arguments agree when their types are equal."""


class Directive(NamedTuple):
    """One valid format directive of a string."""

    start: int
    """Index of its first character (``%`` or ``{``)."""
    end: int
    """Index after its last character."""
    arguments: tuple[Argument, ...]
    """The arguments it consumes, in order (a ``*`` width first); empty for ``%%``."""


class Scan(NamedTuple):
    """A string as a gettext format parser reads it."""

    directives: tuple[Directive, ...]
    """The valid directives, in order, up to the first invalid one."""
    valid: bool
    """Whether gettext's parser accepts the whole string (then it is a format string)."""


_ASCII_DIGITS: Final = frozenset("0123456789")


def _skip_digits(s: str, i: int) -> int:
    while i < len(s) and s[i] in _ASCII_DIGITS:
        i += 1
    return i


_C_SIZES: Final = {
    "j": "intmax_t",
    "z": "size_t",
    "Z": "size_t",
    "t": "ptrdiff_t",
    "L": "long long",
    "q": "long long",
}
_PRI_MACRO = re.compile(r"<PRI([diuoxX])(MAX|PTR|(?:LEAST|FAST)?(?:8|16|32|64))>")


def _c_type(conversion: str, size: str, objc: bool) -> str | None:
    """format-c.c's argument type of a conversion with a size; "" for none, None if invalid."""
    if conversion in "%m":
        return ""
    wide = " wide" if size in ("long", "long long") else ""
    if conversion == "c":
        return "char" + wide
    if conversion == "s":
        return "string" + wide
    if conversion == "C":
        return "char wide"
    if conversion == "S":
        return "string wide"
    sized = f" {size}" if size else ""
    if conversion in "di":
        return "integer" + sized
    if conversion in "uoxX":
        return "unsigned integer" + sized
    if conversion in "eEfFgGaA":
        return "double" + (" long long" if size == "long long" else "")
    if conversion == "p":
        return "pointer"
    if conversion == "n":
        return "count pointer" + sized
    if objc and conversion == "@":
        return "object"
    return None


def _c_scan(s: str, translated: bool, objc: bool = False) -> Scan:
    """``c-format`` (and ``objc-format``) directives, as format-c-parse.h of gettext 0.21."""
    n = len(s)
    directives: list[Directive] = []
    numbered: list[Argument] = []
    unnumbered = 0
    i = 0

    def invalid() -> Scan:
        return Scan(tuple(directives), False)

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
            return invalid()
        number, i = found
        while i < n and (s[i] in " +-#0'" or (translated and s[i] == "I")):
            i += 1
        arguments: list[Argument] = []
        for part in ("width", "precision"):
            if part == "precision":
                if i >= n or s[i] != ".":
                    break
                i += 1
            if i < n and s[i] == "*":
                found = argument_number(i + 1)
                if found is None:
                    return invalid()
                star_number, i = found
                if (star_number and unnumbered) or (not star_number and numbered):
                    return invalid()
                arguments.append(Argument(star_number, "integer"))
                if star_number:
                    numbered.append(arguments[-1])
                else:
                    unnumbered += 1
            else:
                i = _skip_digits(s, i)
        if i < n and s[i] == "<":
            m = _PRI_MACRO.match(s, i)
            if m is None:
                return invalid()
            signed = "integer" if m.group(1) in "di" else "unsigned integer"
            kind: str | None = f"{signed} {m.group(2)}"
            i = m.end() - 1
        else:
            size = ""
            while i < n and s[i] in "hlLqjzZt":
                if s[i] == "h":
                    size = "char" if size in ("short", "char") else "short"
                elif s[i] == "l":
                    size = "long long" if size in ("long", "long long") else "long"
                else:
                    size = _C_SIZES[s[i]]
                i += 1
            if i >= n:
                return invalid()
            kind = _c_type(s[i], size, objc)
            if kind is None:
                return invalid()
        if kind:
            if (number and unnumbered) or (not number and numbered):
                return invalid()
            arguments.append(Argument(number, kind))
            if number:
                numbered.append(arguments[-1])
            else:
                unnumbered += 1
        directives.append(Directive(start, i + 1, tuple(arguments)))
        i += 1
    # Numbered arguments: one type per number, and no number left out.
    types: dict[int, str] = {}
    for argument in numbered:
        assert isinstance(argument.key, int)
        if types.setdefault(argument.key, argument.type) != argument.type:
            return invalid()
    if types and sorted(types) != list(range(1, len(types) + 1)):
        return invalid()
    return Scan(tuple(directives), True)


def _python_scan(s: str, translated: bool) -> Scan:
    """``python-format`` directives, as format-python.c of gettext 0.21."""
    n = len(s)
    directives: list[Directive] = []
    named = unnamed = 0
    i = 0

    def invalid() -> Scan:
        return Scan(tuple(directives), False)

    while i < n:
        if s[i] != "%":
            i += 1
            continue
        start = i
        i += 1
        name: str | None = None
        if i < n and s[i] == "(":
            depth = 0
            i += 1
            name_start = i
            while i < n:
                if s[i] == "(":
                    depth += 1
                elif s[i] == ")":
                    if depth == 0:
                        break
                    depth -= 1
                i += 1
            if i >= n:
                return invalid()
            name = s[name_start:i]
            i += 1
        while i < n and s[i] in "-+ #0":
            i += 1
        arguments: list[Argument] = []
        zero_precision = False
        for part in ("width", "precision"):
            if part == "precision":
                if i >= n or s[i] != ".":
                    break
                i += 1
            if i < n and s[i] == "*":
                i += 1
                if named:
                    return invalid()
                unnamed += 1
                arguments.append(Argument(None, "integer"))
            elif part == "precision":
                digits_end = _skip_digits(s, i)
                zero_precision = digits_end > i and set(s[i:digits_end]) == {"0"}
                i = digits_end
            else:
                i = _skip_digits(s, i)
        if i < n and s[i] in "hlL":
            i += 1
        if i >= n or s[i] not in _PYTHON_TYPES:
            return invalid()
        kind = _PYTHON_TYPES[s[i]]
        if kind == "string" and zero_precision:
            kind = "any"
        if name is not None:
            if unnamed:
                return invalid()
            named += 1
            arguments.append(Argument(name, kind))
        elif s[i] != "%":
            if named:
                return invalid()
            unnamed += 1
            arguments.append(Argument(None, kind))
        directives.append(Directive(start, i + 1, tuple(arguments)))
        i += 1
    # A name used twice must be used with compatible types.
    types: dict[str, str] = {}
    for directive in directives:
        for argument in directive.arguments:
            if not isinstance(argument.key, str):
                continue
            known = types.setdefault(argument.key, argument.type)
            if known == "any":
                types[argument.key] = argument.type
            elif argument.type not in (known, "any"):
                return invalid()
    return Scan(tuple(directives), True)


_PYTHON_TYPES: Final = {
    "%": "none", "c": "character", "s": "string", "r": "string",
    **dict.fromkeys("iduoxX", "integer"), **dict.fromkeys("eEfgG", "float"),
}  # fmt: skip


_NAME_START: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")
_NAME_CHARS: Final = _NAME_START | _ASCII_DIGITS


class _BadDirective(Exception):
    """A python-brace directive gettext's parser rejects: where, relative to which ``{``."""

    def __init__(self, position: int, directive_start: int) -> None:
        super().__init__(position)
        self.position = position
        self.directive_start = directive_start


def _python_brace_scan(s: str) -> tuple[list[tuple[int, int]], tuple[int, int] | None]:
    """The top-level directives of a ``python-brace-format`` string as (closing-brace index,
    ``{`` index), up to the first invalid one, and that error as (position, its ``{``) or None
    when the whole string is valid (format-python-brace.c)."""
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
    return ends, error


def _python_brace_interiors(s: str) -> frozenset[int]:
    """What gettext 0.21 protects in a ``python-brace-format`` string.

    format-python-brace.c records directive bounds relative to the directive's own ``{``
    instead of the string's start (its ``FDI_SET`` uses a local ``format_start``). The
    effect, reproduced here: at most one protected region, from the string's first byte to
    the smallest such relative end offset, and none if that offset is a parse error.
    """
    ends, error = _python_brace_scan(s)
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


_SCANNERS: Final[dict[str, Callable[[str, bool], Scan]]] = {
    "c": _c_scan,
    "objc": lambda s, translated: _c_scan(s, translated, objc=True),
    "python": _python_scan,
}
