"""What gettext understands of an entry's ``#,`` flags (po_parse_comment_special).

The reader keeps the flag tokens of the last ``#,`` line as written; the writer, the line
breaker (format directives) and the directive checks interpret them through :func:`parse_flags`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Final, Literal, NamedTuple

__all__ = ["FORMAT_LANGUAGES", "Flags", "FormatState", "parse_flags", "split_flag_line"]

INT_MAX: Final = 2**31 - 1
"""C's ``INT_MAX``: gettext clamps ``range:`` bounds to it and uses it as the no-wrap width."""

FLAG_SEPARATORS: Final = re.compile(r"[\n \t\r\f\v,]+")


def split_flag_line(s: str) -> list[str]:
    """The tokens of a ``#,`` line as gettext splits them; ``range: a..b`` stays one flag."""
    tokens = [t for t in FLAG_SEPARATORS.split(s) if t]
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


FORMAT_LANGUAGES: Final = (
    "c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript",
    "scheme", "lisp", "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal",
    "smalltalk", "qt", "qt-plural", "kde", "kde-kuit", "boost", "tcl", "perl", "perl-brace",
    "php", "gcc-internal", "gfc-internal", "ycp",
)  # fmt: skip
"""gettext 0.21's format languages, in the order it writes their ``#,`` flags."""

FormatState = Literal["yes", "no", "possible", "impossible"]


class Flags(NamedTuple):
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


NO_FLAGS: Final = Flags()
"""An entry without flags."""


def parse_flags(flags: Iterable[str]) -> Flags:
    """Interpret flag tokens exactly as gettext reads a ``#,`` line made of them."""
    if not flags:
        return NO_FLAGS
    return _parse_flag_tuple(tuple(flags))


@functools.lru_cache(maxsize=1024)
def _parse_flag_tuple(flags: tuple[str, ...]) -> Flags:
    """:func:`parse_flags`, cached: a catalog repeats a few flag lines (``fuzzy``,
    ``python-format``...) and a :class:`Flags` costs microseconds to make (a named tuple);
    it is immutable, so entries may share one."""
    tokens = [t for t in FLAG_SEPARATORS.split(", ".join(flags)) if t]
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
                    low = min(int(m.group(1)), INT_MAX)
                    high = min(int(m.group(2)), INT_MAX)
                    if low <= high:
                        bounds = (low, high)
                        continue
            continue
        if token == "wrap":
            wrap = True
        elif token == "no-wrap":
            wrap = False
    return Flags(fuzzy, tuple(formats.items()), bounds, wrap)
