"""The PO writer's fast paths give the bytes of the general paths they shortcut.

Line breaking has a per-character port of libunistring (:func:`width_linebreaks`, checked
against libunistring itself in ``test_pofile.py``) and a fast path for plain one-column text
(:func:`simple_line_starts`) that searches backwards from each line's last column; escaping has
a per-character loop and a whole-string shortcut. Each pair must agree on every input.
"""

from __future__ import annotations

import json
from pathlib import Path

import polib
from hypothesis import example, given, settings
from hypothesis import strategies as st

from l10n.po.flags import INT_MAX
from l10n.po.linebreak import (
    _CLASS_LETTERS,
    POSSIBLE,
    PROHIBITED,
    UNDEFINED,
    _all_patterns,
    _ascii,
    _plain_classes,
    line_starts,
    own_line_starts,
    simple_line_starts,
    width_linebreaks,
)
from l10n.po.write import _ESCAPE_LETTERS, _escaped, _needs_escape, _wrapped, escape, wrapped_lines

PLAIN = list("ab Z09 -/.,;:!?()[]{}\"'%$+*&#@_|~<>=\\") + list("’“”—–é…«»ß")
"""Characters of the fast path (one column, plain pair-table classes), spaces weighted in."""
OTHER = list("\t\x01\u00ad\u200b\u200d\u0301\u05d0\u3002\U0001f1e6")
"""Characters that send a string to the per-character path."""


def _expected(escaped: str, width: int, start: int, overrides: list[int]) -> list[int]:
    breaks = width_linebreaks(escaped, width, start, overrides)
    return [i for i, brk in enumerate(breaks) if brk == POSSIBLE]


@settings(max_examples=600, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(PLAIN + [" "] * 6), min_size=1, max_size=400),
    width=st.integers(1, 90),
    start=st.integers(0, 30),
    prohibited=st.sets(st.integers(0, 399), max_size=60),
)
@example(text="word " * 40, width=20, start=7, prohibited=set())
@example(text="a" * 50 + " b" * 10, width=10, start=0, prohibited=set())
@example(text="  leading spaces then words " * 5, width=12, start=3, prohibited={2, 10, 16})
@example(text="x y", width=1, start=30, prohibited=set())
def test_fast_line_breaking_is_the_per_character_port_with_any_overrides(
    text: str, width: int, start: int, prohibited: set[int]
) -> None:
    overrides = [PROHIBITED if i in prohibited else UNDEFINED for i in range(len(text))]
    fast = simple_line_starts(text, width, start, overrides)
    assert fast is not None
    assert fast == _expected(text, width, start, overrides)


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(PLAIN + OTHER + [" "] * 4), min_size=1, max_size=200),
    width=st.sampled_from([20, 40, 77]),
    start=st.sampled_from([0, 6, 7]),
)
def test_fast_line_breaking_declines_what_it_cannot_do_and_is_right_otherwise(
    text: str, width: int, start: int
) -> None:
    escaped, overrides = escape(text, 0, frozenset())
    fast = simple_line_starts(escaped, width, start, overrides)
    if any(c in OTHER for c in escaped):
        assert fast is None
    else:
        assert fast == _expected(escaped, width, start, overrides)


@settings(max_examples=400, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(PLAIN + list('\a\b\f\n\r\t\v\\"') + OTHER), max_size=80),
    offset=st.integers(0, 5),
)
def test_escaping_a_string_whole_is_escaping_it_character_by_character(text: str, offset: int) -> None:
    # A directive set that names no index of the text takes the per-character loop.
    by_character = escape(text, offset, frozenset({-1}))
    assert escape(text, offset, frozenset()) == by_character
    assert by_character[0].count("\\") >= sum(c in '\a\b\f\n\r\t\v\\"' for c in text)


@settings(max_examples=400, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(PLAIN + OTHER + [" "] * 6), min_size=1, max_size=300),
    width=st.integers(1, 90),
    start=st.integers(0, 30),
    prohibited=st.sets(st.integers(0, 299), max_size=40),
)
@example(text="word " * 40, width=77, start=6, prohibited=set())
@example(text="x" * 100, width=77, start=6, prohibited=set())
@example(text="ab cd", width=3, start=0, prohibited={3})
@example(text="ab cd", width=5, start=3, prohibited={3})
def test_a_string_goes_on_lines_of_its_own_iff_it_breaks_after_its_keyword(
    text: str, width: int, start: int, prohibited: set[int]
) -> None:
    overrides = bytearray(PROHIBITED if i in prohibited else UNDEFINED for i in range(len(text)))
    expected = line_starts(text, width, 0, overrides) if line_starts(text, width, start, overrides) else None
    assert own_line_starts(text, width, start, overrides) == expected


@settings(max_examples=600, deadline=None)
@given(
    text=st.text(max_size=200) | st.text(alphabet=st.sampled_from(PLAIN + [" "] * 6), max_size=200),
    width=st.integers(1, 90),
    start=st.integers(0, 30),
)
def test_fast_line_breaking_of_any_text_is_the_per_character_port(text: str, width: int, start: int) -> None:
    # Any text: ASCII takes the patterns of its 14 classes, other text those of all classes.
    escaped, overrides = escape(text, 0, frozenset())
    fast = simple_line_starts(escaped, width, start, overrides)
    if fast is not None:
        assert fast == _expected(escaped, width, start, overrides)


@settings(max_examples=600, deadline=None)
@given(
    text=st.text(alphabet=st.characters(max_codepoint=127), max_size=120)
    | st.text(alphabet=st.sampled_from(PLAIN + [" "] * 6), max_size=120)
    | st.text(max_size=120)
)
def test_the_ascii_patterns_find_what_the_patterns_of_all_classes_find(text: str) -> None:
    # A string of the classes of ASCII (any ASCII text, accented letters...) takes the patterns
    # built from those classes only; they must find what the patterns of all classes find.
    plain = _plain_classes(text)
    if plain is None:
        return
    classes, patterns = plain
    everything = _all_patterns()
    reverse = classes[::-1]
    for at in range(len(classes) + 1):
        for ascii_pattern, general, string in (
            (patterns.forward, everything.forward, classes),
            (patterns.reversed, everything.reversed, reverse),
        ):
            fast, slow = ascii_pattern.search(string, at), general.search(string, at)
            assert (fast and fast.span()) == (slow and slow.span())


def test_the_ascii_class_table_marks_exactly_the_characters_of_the_fast_path() -> None:
    # _plain_classes takes "no NUL" for "all plain" on ASCII text: every ASCII character
    # either gets a class letter or is a control character the fast path declines.
    table, _, _ = _ascii()
    for code in range(128):
        ch = chr(code)
        plain = simple_line_starts(ch * 3, 79, 0, bytearray(3)) is not None
        assert plain == (code >= 0x20 and code != 0x7F), ch
        assert plain == (chr(table[code]) in _CLASS_LETTERS), ch
        assert plain == (table[code] != 0), ch


def test_the_escape_test_names_the_escaped_characters() -> None:
    for code in range(0x3000):
        assert _needs_escape(chr(code)) == (chr(code) in _ESCAPE_LETTERS), code


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(PLAIN + list('\a\b\f\n\r\t\v\\"') + OTHER)))
def test_escaping_replaces_each_escaped_character_once(text: str) -> None:
    table = str.maketrans({c: "\\" + letter for c, letter in _ESCAPE_LETTERS.items()})
    assert _escaped(text) == text.translate(table)
    assert _needs_escape(text) == (_escaped(text) != text)


@settings(max_examples=600, deadline=None)
@given(
    value=st.lists(st.sampled_from(PLAIN + OTHER + ["\n", "\\", '"', " ", " ", "%s", "%d"])).map("".join),
    prefix=st.sampled_from(["", "#~ ", "#| ", "#~| "]),
    name=st.sampled_from(["msgctxt", "msgid", "msgid_plural", "msgstr", "msgstr[1]"]),
    page_width=st.sampled_from([0, 1, 10, 20, 40, 79, 80, INT_MAX]),
    languages=st.sampled_from([(), ("c",), ("python",)]),
    is_msgstr=st.booleans(),
)
@example(value="", prefix="", name="msgid", page_width=79, languages=(), is_msgstr=False)
@example(value="x" * 70, prefix="", name="msgid", page_width=79, languages=(), is_msgstr=False)
@example(value="x" * 71, prefix="", name="msgid", page_width=79, languages=(), is_msgstr=False)
@example(value="w " * 35 + "w", prefix="", name="msgid", page_width=79, languages=(), is_msgstr=False)
@example(value="w " * 36, prefix="", name="msgid", page_width=79, languages=(), is_msgstr=False)
@example(value="w " * 35 + "ww", prefix="#~ ", name="msgid", page_width=82, languages=(), is_msgstr=False)
@example(value='"' + "x" * 68, prefix="", name="msgid", page_width=79, languages=(), is_msgstr=False)
@example(value="%s é" * 9, prefix="#~ ", name="msgstr", page_width=79, languages=("c",), is_msgstr=True)
def test_a_string_that_fits_on_its_line_is_written_as_the_general_path_writes_it(
    value: str, prefix: str, name: str, page_width: int, languages: tuple[str, ...], is_msgstr: bool
) -> None:
    args = (prefix, name, value, page_width, languages, is_msgstr)
    assert _wrapped(*args) == wrapped_lines(*args)


def test_real_strings_are_written_as_the_general_path_writes_them() -> None:
    """Every string of the committed catalogs and every CommonMark spec example (each whole and
    line by line: real Markdown, escapes, tabs, non-ASCII), at three widths, live and obsolete."""
    root = Path(__file__).parents[1]
    values: list[str] = []
    for catalog in sorted([*root.glob("locales/**/*.po"), *root.glob("tests/data/po/*.po")]):
        for entry in polib.pofile(str(catalog)):
            values += [entry.msgid, entry.msgstr]
    spec = json.loads((root / "tests/data/commonmark/spec-0.31.2.json").read_text(encoding="utf-8"))
    for case in spec:
        values.append(case["markdown"])
        values += case["markdown"].splitlines()
    assert len(values) > 2000
    for value in values:
        for prefix, width in (("", 79), ("#~ ", 79), ("", 40), ("#| ", 20)):
            for name in ("msgid", "msgstr"):
                args = (prefix, name, value, width, (), name == "msgstr")
                assert _wrapped(*args) == wrapped_lines(*args), (args, value)
