"""PO reading and writing: byte-identical to GNU msgcat, as strict as GNU msgfmt.

The references are the real gettext tools on this machine (``msgcat``, ``msgfmt``, 0.21) and,
for line breaking, the libunistring they are linked with.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import random
import re
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from l10n.errors import CatalogError, PoSyntaxError
from l10n.po import compile_mo, format_po, load_po, parse_flags, parse_po, save_po
from l10n.po.linebreak import POSSIBLE, PROHIBITED, char_width, simple_line_starts, width_linebreaks
from l10n.po.read import parse_solaris_reference
from l10n.po.write import escape

DATA = Path(__file__).parent / "data" / "po"
FIXTURES = sorted(DATA.glob("*.po*"))

assert shutil.which("msgcat") and shutil.which("msgfmt"), (
    "these tests need GNU gettext (msgcat, msgfmt)"
)


# ------------------------------------------------------------------------------------------
# Helpers: the gettext tools as oracles.
# ------------------------------------------------------------------------------------------


def msgcat(text: str, tmp_path: Path, width: int = 79) -> str:
    """What ``msgcat --force-po`` writes when it re-saves ``text`` (``width <= 0``: ``--no-wrap``).

    A text whose header says ``charset=CHARSET`` is a template: gettext wants a .pot name."""
    source = tmp_path / ("in.pot" if "charset=CHARSET" in text else "in.po")
    source.write_bytes(text.encode("utf-8"))
    option = "--no-wrap" if width <= 0 else f"--width={width}"
    done = subprocess.run(
        ["msgcat", "--force-po", option, str(source), "-o", "-"], capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    return done.stdout.decode("utf-8")


@dataclass(frozen=True)
class Verdict:
    """msgfmt's judgement of a file."""

    accepted: bool
    """Exit status 0."""
    first_error_line: int | None
    """Line of the first syntax error it printed, if any."""
    stderr: str
    """Everything it said."""


# msgfmt errors about content rather than syntax; parse_po leaves those to l10n's checks.
SEMANTIC = re.compile(
    r"do not both (begin|end) with|format specification|lacks a header|nplurals|Plural-Forms|"
    r"header field|charset|this is the location"
)


def msgfmt(text: str, tmp_path: Path, *options: str) -> Verdict:
    source = tmp_path / "x.po"
    source.write_bytes(text.encode("utf-8"))
    done = subprocess.run(
        ["msgfmt", *options, "-o", "/dev/null", str(source)], capture_output=True, check=False
    )
    stderr = done.stderr.decode("utf-8", "replace")
    first = None
    for line in stderr.splitlines():
        m = re.match(r"^.*x\.po:(\d+)(?::\d+)?: (.*)$", line)
        if m and not m.group(2).startswith("warning") and not SEMANTIC.search(m.group(2)):
            first = int(m.group(1))
            break
    return Verdict(done.returncode == 0, first, stderr)


def po_with(entries: Sequence[polib.POEntry], **metadata: str) -> polib.POFile:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", **metadata}
    po.extend(entries)
    return po


# ------------------------------------------------------------------------------------------
# Random catalogs.
# ------------------------------------------------------------------------------------------

FRAGMENTS = [
    "the", "a", "news", "article", "Lorem", "ipsum", "dolor", "sit", "amet,", "e.g.", "U.S.",
    "supercalifragilisticexpialidocious", "state-of-the-art", "well-known", "e-mail",
    "https://example.com/path/to/a/page?query=1&other=2", "foo/bar/baz", "C:\\path\\file",
    "\"quoted\"", "'single'", "(paren)", "[bracket]", "{brace}", "100%", "$5", "#hash", "end.",
    "why?", "wow!", "semi;", "colon:", "\t", "tab\there", "\n", "line\nbreak", "café", "naïve",
    "Ärger", "Привет", "мир", "Ελληνικά", "日本語のテキスト", "中文字符。", "한국어", "😀",
    "👍🏽", "🇫🇷🇧🇷", "e\u0301", "a\u0308", "ไทย", "עברית", "العربية", "\u00a0", "x\u200by",
    "—", "–", "«guillemets»", "“curly”", "…", "%s", "%d", "% d", "%-5d", "%1$s", "%(name)s",
    "{0}", "{name:>10}", "{a.b[0]}", "{{", "%%", "\\", "\\n", "back\\slash", "\r", "\a", "\x01",
    "1,000.50", "-5", "+7", "@user", "x" * 85, "\u3000", "「括弧」", "ｶﾀｶﾅ", "\u2028", "\x85",
]  # fmt: skip
SEPARATORS = [" ", " ", " ", "", "  ", "\n", "-", "/", "\t"]

any_char = st.characters(exclude_categories=["Cs"], exclude_characters="\0\x04")
fragment = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.text(any_char, min_size=1, max_size=4),
    st.sampled_from(SEPARATORS),
)


def texts(min_size: int = 0, max_parts: int = 14) -> st.SearchStrategy[str]:
    joined = st.lists(fragment, min_size=min_size, max_size=max_parts).map("".join)
    return joined.filter(lambda t: len(t) >= min_size)


def comment_line_ok(line: str) -> bool:
    """Lines gettext reads back as written: no line end, no backslash-newline join, no CR,
    not a Solaris ``File: x, line: n`` reference."""
    return (
        "\n" not in line
        and "\r" not in line
        and not line.endswith("\\")
        and parse_solaris_reference(" " + line) is None
    )


comment_line = (
    st.lists(
        st.one_of(st.sampled_from(FRAGMENTS), st.text(any_char, max_size=3), st.just(" ")),
        max_size=6,
    )
    .map("".join)
    .filter(comment_line_ok)
)
# A comment of one empty line cannot be told from no comment in polib's model.
comment = st.lists(comment_line, min_size=1, max_size=3).map("\n".join).filter(lambda c: c != "")


def without_dot_slash(name: str) -> str:
    while name.startswith("./"):
        name = name[2:]
    return name


file_name = st.text(
    alphabet=st.sampled_from(list("abcxyz019_-./éß日")), min_size=1, max_size=40
).filter(lambda name: without_dot_slash(name) != "")
reference = st.tuples(file_name, st.one_of(st.just(""), st.integers(0, 10**7).map(str)))

FLAG_WORDS = [
    "fuzzy", "c-format", "no-c-format", "possible-c-format", "impossible-c-format",
    "python-format", "no-python-format", "python-brace-format", "objc-format", "sh-format",
    "no-wrap", "wrap", "range: 1..5", "range: 0..100", "range: 9..2", "markdown-text",
    "possible-python-brace-format", "qt-format", "no-java-format",
]  # fmt: skip


@st.composite
def entries(draw: st.DrawFn) -> polib.POEntry:
    msgctxt = draw(st.one_of(st.none(), texts(max_parts=4)))
    msgid = draw(texts(min_size=1))
    entry = polib.POEntry(msgid=msgid, msgctxt=msgctxt)
    translated = draw(st.booleans())
    if draw(st.integers(0, 4)) == 0:
        entry.msgid_plural = draw(texts(min_size=1, max_parts=6))
        entry.msgstr_plural = {i: (draw(texts(min_size=1)) if translated else "") for i in range(3)}
    else:
        entry.msgstr = draw(texts(min_size=1)) if translated else ""
    if draw(st.booleans()):
        entry.tcomment = draw(comment)
    if draw(st.booleans()):
        entry.comment = draw(comment)
    entry.occurrences = draw(st.lists(reference, max_size=8))
    entry.flags = draw(st.lists(st.sampled_from(FLAG_WORDS), max_size=4))
    if draw(st.integers(0, 3)) == 0:
        entry.previous_msgid = draw(texts())
        if draw(st.booleans()):
            entry.previous_msgctxt = draw(texts(max_parts=3))
        if draw(st.booleans()):
            entry.previous_msgid_plural = draw(texts(max_parts=4))
    entry.obsolete = draw(st.integers(0, 6)) == 0
    return entry


@st.composite
def catalogs(draw: st.DrawFn) -> polib.POFile:
    items = draw(st.lists(entries(), max_size=25, unique_by=lambda e: (e.msgctxt, e.msgid)))
    metadata = {
        "Project-Id-Version": draw(st.sampled_from(["demo 1.0", "a" * 120, "x y z"])),
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": "nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);",
    }
    extra = draw(
        st.lists(
            st.tuples(
                st.sampled_from(["X-Note", "X-Long", "X-Tool", "Language"]),
                st.text(alphabet=st.sampled_from(list("ab c-é/日,.;=")), max_size=90).map(
                    str.strip
                ),
            ),
            max_size=3,
        )
    )
    metadata.update(extra)
    po = po_with(items)
    po.metadata = metadata
    po.metadata_is_fuzzy = draw(st.booleans())
    po.header = draw(st.one_of(st.just(""), comment))
    return po


def expected_entry(entry: polib.POEntry) -> dict[str, object]:
    """What a parse of format_po's output must give back for ``entry``."""
    translated = (entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr) != ""
    references: list[tuple[str, str]] = []
    for name, line in entry.occurrences:
        name = without_dot_slash(name)
        if (name, line) not in references:
            references.append((name, line))
    return {
        "msgctxt": entry.msgctxt,
        "msgid": entry.msgid,
        "msgid_plural": entry.msgid_plural,
        "msgstr": entry.msgstr,
        "msgstr_plural": dict(entry.msgstr_plural),
        "tcomment": entry.tcomment,
        "comment": entry.comment,
        "occurrences": references,
        "flags": parse_flags(entry.flags).written(translated=translated, obsolete=entry.obsolete),
        "previous": (entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural),
        "obsolete": bool(entry.obsolete),
    }


def actual_entry(entry: polib.POEntry) -> dict[str, object]:
    return {
        "msgctxt": entry.msgctxt,
        "msgid": entry.msgid,
        "msgid_plural": entry.msgid_plural,
        "msgstr": entry.msgstr,
        "msgstr_plural": dict(entry.msgstr_plural),
        "tcomment": entry.tcomment,
        "comment": entry.comment,
        "occurrences": list(entry.occurrences),
        "flags": list(entry.flags),
        "previous": (entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural),
        "obsolete": bool(entry.obsolete),
    }


def written_entries(po: polib.POFile) -> list[polib.POEntry]:
    """The entries msgcat writes, in its order: live ones, then translated obsolete ones."""
    live = [e for e in po if not e.obsolete]
    obsolete = [
        e for e in po if e.obsolete and (e.msgstr_plural.get(0, "") if e.msgid_plural else e.msgstr)
    ]
    return live + obsolete


def valid_for_msgfmt(po: polib.POFile) -> polib.POFile:
    """The same catalog with what msgfmt --check judges as content made consistent: newlines
    at both ends follow the msgid, no format flags, no control characters."""

    def clean(text: str) -> str:
        return "".join(
            c for c in text if c in "\n\t" or not (ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0)
        )

    def follow(model: str, text: str) -> str:
        """``text`` cleaned, with a leading/trailing newline exactly where ``model`` has one."""
        if not text:
            return text
        core = clean(text).strip("\n") or "x"
        return (
            ("\n" if model.startswith("\n") else "") + core + ("\n" if model.endswith("\n") else "")
        )

    out = polib.POFile()
    out.metadata = dict(po.metadata)
    out.metadata_is_fuzzy = po.metadata_is_fuzzy
    out.header = po.header
    for e in po:
        msgid = clean(e.msgid) or "x"
        copy = polib.POEntry(
            msgid=msgid,
            msgctxt=None if e.msgctxt is None else clean(e.msgctxt),
            msgstr=follow(msgid, e.msgstr),
            tcomment=e.tcomment,
            comment=e.comment,
            occurrences=list(e.occurrences),
            flags=[f for f in e.flags if not f.endswith("-format")],
            obsolete=e.obsolete,
        )
        if e.msgid_plural:
            copy.msgid_plural = follow(msgid, e.msgid_plural)
            copy.msgstr_plural = {k: follow(msgid, v) for k, v in e.msgstr_plural.items()}
        if (copy.msgctxt, copy.msgid) in {(x.msgctxt, x.msgid) for x in out} or (
            copy.msgctxt is None and copy.msgid == ""
        ):
            continue
        out.append(copy)
    return out


# ------------------------------------------------------------------------------------------
# The writer against msgcat.
# ------------------------------------------------------------------------------------------


# No shrinking: each try runs msgcat and msgfmt, and the assertion already shows the text.
@settings(
    max_examples=50,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(po=catalogs(), width=st.sampled_from([79, 79, 60, 100, 0, 20, 33]))
def test_random_catalogs_are_written_as_msgcat_writes_them_and_read_back_whole(
    po: polib.POFile, width: int, tmp_path: Path
) -> None:
    text = format_po(po, width=width)
    assert msgcat(text, tmp_path, width) == text
    back = parse_po(text)
    assert [actual_entry(e) for e in back] == [expected_entry(e) for e in written_entries(po)]
    assert back.metadata == po.metadata
    assert back.header == po.header
    assert bool(back.metadata_is_fuzzy) == bool(po.metadata_is_fuzzy)
    assert format_po(back, width=width) == text
    checked = msgfmt(format_po(valid_for_msgfmt(po), width=width), tmp_path, "--check")
    assert checked.accepted, checked.stderr


def random_catalog(seed: int, size: int) -> polib.POFile:
    """A large catalog drawn with ``random`` (for batch comparisons)."""
    r = random.Random(seed)

    def text(parts: int) -> str:
        return "".join(
            r.choice(FRAGMENTS) + r.choice(SEPARATORS) for _ in range(r.randrange(parts))
        )

    po = po_with([], **{"Plural-Forms": "nplurals=2; plural=(n != 1);"})
    for i in range(size):
        entry = polib.POEntry(msgid=f"{text(30)} #{i}", msgstr=text(30) if r.random() < 0.7 else "")
        if r.random() < 0.15:
            entry.msgctxt = text(4)
        if r.random() < 0.15:
            entry.msgid_plural, entry.msgstr = text(10) + "s", ""
            entry.msgstr_plural = {0: text(20), 1: text(20)}
        if r.random() < 0.4:
            entry.flags = r.sample(FLAG_WORDS, r.randrange(1, 4))
        if r.random() < 0.5:
            entry.occurrences = [
                (r.choice(["src/a.c", "./lib/b.py", "source/a/very/long/path/article.md"]),
                 r.choice(["", str(r.randrange(1, 99999))]))
                for _ in range(r.randrange(1, 10))
            ]  # fmt: skip
        if r.random() < 0.3:
            entry.previous_msgid = text(20)
        entry.obsolete = r.random() < 0.1
        po.append(entry)
    return po


@pytest.mark.parametrize("width", [79, 60, 100, 0])
def test_a_thousand_random_entries_match_msgcat_at_each_width(width: int, tmp_path: Path) -> None:
    text = format_po(random_catalog(seed=width, size=1000), width=width)
    expected = msgcat(text, tmp_path, width)
    differing = [
        (i, a, b)
        for i, (a, b) in enumerate(
            zip(text.splitlines(), expected.splitlines(), strict=False), start=1
        )
        if a != b
    ]
    assert differing == [] and text == expected


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.name for f in FIXTURES])
def test_hand_written_fixtures_are_saved_back_byte_for_byte(fixture: Path, tmp_path: Path) -> None:
    original = fixture.read_text(encoding="utf-8")
    assert msgcat(original, tmp_path) == original  # the fixture is itself what gettext writes
    assert format_po(load_po(fixture)) == original


@pytest.mark.parametrize("width", [79, 60, 100, 0])
def test_fixtures_rewrapped_at_other_widths_match_msgcat(width: int, tmp_path: Path) -> None:
    for fixture in FIXTURES:
        original = fixture.read_text(encoding="utf-8")
        assert format_po(parse_po(original), width=width) == msgcat(original, tmp_path, width)


def test_breaks_after_the_space_and_after_hyphens_like_msgcat(tmp_path: Path) -> None:
    words = "A sentence with well-known hyphenated-words-that-go-on-and-on and spaces " * 3
    text = format_po(po_with([polib.POEntry(msgid=words, msgstr="")]))
    assert '"A sentence with well-known hyphenated-words-that-go-on-and-on and spaces A "\n' in text
    assert msgcat(text, tmp_path) == text


def test_embedded_newline_starts_the_string_with_an_empty_line() -> None:
    text = format_po(po_with([polib.POEntry(msgid="one\ntwo", msgstr="short\n")]))
    assert 'msgid ""\n"one\\n"\n"two"\nmsgstr "short\\n"\n' in text


def test_no_wrap_writes_long_strings_on_one_line_but_still_fills_references(tmp_path: Path) -> None:
    entry = polib.POEntry(
        msgid="word " * 40, msgstr="", occurrences=[(f"src/file{i}.c", str(i)) for i in range(20)]
    )
    text = format_po(po_with([entry]), width=0)
    assert f'msgid "{"word " * 40}"' in text
    assert max(len(line) for line in text.splitlines() if line.startswith("#:")) <= 79
    assert msgcat(text, tmp_path, 0) == text


def test_flags_are_written_in_gettext_order_and_unknown_ones_dropped() -> None:
    entry = polib.POEntry(
        msgid="a",
        msgstr="b",
        flags=["no-wrap", "python-format", "markdown-text", "fuzzy", "c-format"],
    )
    assert "#, fuzzy, c-format, python-format, no-wrap\n" in format_po(po_with([entry]))


def test_fuzzy_is_not_written_for_an_untranslated_entry() -> None:
    assert "#," not in format_po(po_with([polib.POEntry(msgid="a", msgstr="", flags=["fuzzy"])]))


def test_untranslated_obsolete_entries_are_dropped_like_msgcat_does() -> None:
    kept = polib.POEntry(msgid="kept", msgstr="x", obsolete=True)
    dropped = polib.POEntry(msgid="dropped", msgstr="", obsolete=True)
    text = format_po(po_with([dropped, kept]))
    assert "dropped" not in text and '#~ msgid "kept"' in text


def test_edited_metadata_is_written_in_its_own_order() -> None:
    po = parse_po(DATA.joinpath("unusual_header.po").read_text(encoding="utf-8"))
    assert list(po.metadata)[:2] == ["Project-Id-Version", "X-Multi"]
    assert po.metadata["X-Multi"] == "first part\ncontinued on a line without a colon"
    po.metadata["Language"] = "de"
    text = format_po(po)
    assert '"Project-Id-Version: no space after the colon\\n"' in text  # regenerated
    assert text.index("X-Spaces") < text.index("Language: de")


def test_the_writer_refuses_what_gettext_could_not_read_back() -> None:
    for bad in (
        [
            polib.POEntry(msgid="same", msgstr=""),
            polib.POEntry(msgid="same", msgstr="", obsolete=True),
        ],
        [polib.POEntry(msgid="nul\0", msgstr="")],
        [polib.POEntry(msgid="eot\x04", msgstr="")],
        [polib.POEntry(msgid="a", msgid_plural="as", msgstr_plural={0: "x", 2: "y"})],
        [polib.POEntry(msgid="a", msgstr="", previous_msgctxt="ctx")],
    ):
        with pytest.raises(CatalogError):
            format_po(po_with(bad))
    latin = po_with([polib.POEntry(msgid="café", msgstr="")])
    latin.metadata = {"Content-Type": "text/plain; charset=CHARSET"}
    with pytest.raises(CatalogError, match="charset=UTF-8"):
        format_po(latin)


# ------------------------------------------------------------------------------------------
# Line breaking against libunistring itself.
# ------------------------------------------------------------------------------------------


def libunistring() -> ctypes.CDLL:
    name = ctypes.util.find_library("unistring")
    assert name, "libunistring (used by gettext) not found"
    lib = ctypes.CDLL(name)
    lib.ulc_width_linebreaks_v2.restype = ctypes.c_int
    lib.ulc_width_linebreaks_v2.argtypes = [
        ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int,
        ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p,
    ]  # fmt: skip
    lib.uc_width.restype = ctypes.c_int
    lib.uc_width.argtypes = [ctypes.c_uint32, ctypes.c_char_p]
    return lib


def libunistring_breaks(
    lib: ctypes.CDLL, chars: str, width: int, start: int, overrides: list[int]
) -> list[int]:
    data = bytearray()
    over = bytearray()
    firsts = []
    for ch, value in zip(chars, overrides, strict=True):
        encoded = ch.encode("utf-8")
        firsts.append(len(data))
        data += encoded
        over += bytes([value]) + bytes([PROHIBITED] * (len(encoded) - 1))
    out = ctypes.create_string_buffer(len(data) + 1)
    lib.ulc_width_linebreaks_v2(bytes(data), len(data), width, start, 0, bytes(over), b"UTF-8", out)
    return [out.raw[i] for i in firsts]


SPECIAL_CHARS = list(" -/\u00ad\u200b\u200d\u0301\U0001f1e6\u05d0\u2010\r\n\x85\u3002")


@settings(max_examples=200, deadline=None)
@given(
    chars=st.lists(st.one_of(any_char, st.sampled_from(SPECIAL_CHARS)), max_size=50),
    width=st.integers(1, 40),
    start=st.integers(0, 20),
    overrides=st.lists(st.sampled_from([0, 0, 0, 1]), min_size=50, max_size=50),
)
@example(
    chars=list("ab\r\ncd \u05d0-x \U0001f1e6\U0001f1e6\U0001f1e6 e\u200d\u0301f"),
    width=3,
    start=0,
    overrides=[0] * 50,
)
def test_line_breaks_are_those_of_libunistring(
    chars: list[str], width: int, start: int, overrides: list[int]
) -> None:
    overrides = overrides[: len(chars)]
    lib = libunistring()
    assert width_linebreaks(chars, width, start, overrides) == libunistring_breaks(
        lib, "".join(chars), width, start, overrides
    )


def test_character_widths_are_those_of_libunistring() -> None:
    lib = libunistring()
    # Every code point of the BMP and plane 1, every 7th one beyond.
    codes = [*range(1, 0x20000), *range(0x20000, 0x110000, 7)]
    wrong = [
        code
        for code in codes
        if not 0xD800 <= code <= 0xDFFF
        and char_width(chr(code)) != lib.uc_width(code, b"UTF-8")
    ]
    assert wrong == []


# ------------------------------------------------------------------------------------------
# The parser against msgfmt.
# ------------------------------------------------------------------------------------------

HEADER = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'

MALFORMED = {
    "unterminated string": ('msgid "abc\nmsgstr "x"\n', 2),
    "unterminated at end of file": ('msgid "a"\nmsgstr "b', 2),
    "invalid escape": ('msgid "a\\qb"\nmsgstr "x"\n', 1),
    "text outside quotes": ('msgid "a"\nmsgstr "x"\n"y" z\n', 3),
    "junk character": ('msgid "a"\nmsgstr "x" ;\n', 2),
    "keyword without string": ('msgid\nmsgstr "b"\n', 2),
    "msgid without msgstr": ('msgid "a"\n\n\nmsgid "b"\nmsgstr ""\n', 1),
    "msgid without msgstr at end": ('msgid "a"\nmsgstr "b"\n\nmsgid "c"\n', 4),
    "msgstr[0] without msgid_plural": ('msgid "a"\nmsgstr[0] "x"\n', 1),
    "msgid_plural without msgstr[n]": ('msgid "a"\nmsgid_plural "b"\nmsgstr "x"\n', 3),
    "msgid_plural without anything": ('msgid "a"\nmsgid_plural "b"\n\nmsgid "c"\nmsgstr ""\n', 1),
    "first plural index not 0": ('msgid "a"\nmsgid_plural "b"\nmsgstr[1] "x"\n', 3),
    "plural index skipped": ('msgid "a"\nmsgid_plural "b"\nmsgstr[0] "x"\nmsgstr[2] "y"\n', 4),
    "duplicate message": ('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', 4),
    "duplicate with context": (
        'msgctxt "c"\nmsgid "a"\nmsgstr "b"\n\nmsgctxt "c"\nmsgid "a"\nmsgstr "x"\n',
        6,
    ),
    "obsolete duplicate": ('msgid "a"\nmsgstr "b"\n\n#~ msgid "a"\n#~ msgstr "c"\n', 4),
    "duplicate header": (HEADER + HEADER, 4),
    "inconsistent obsolete": ('msgid "a"\n#~ msgstr "b"\n', 2),
    "unknown keyword": ('msgid "a"\nmsgstring "b"\n', 2),
    "msgstr in previous": ('#| msgid "a"\n#| msgstr "b"\nmsgid "c"\nmsgstr ""\n', 2),
    "previous without message": ('#| msgid "x"\n', 2),
    "two msgstr": ('msgid "a"\nmsgstr "b"\nmsgstr "c"\n', 3),
    "context separator in string": ('msgid "a\\004b"\nmsgstr ""\n', 1),
    "stray msgstr": ('msgstr "x"\n', 1),
    "stray string": ('"orphan"\n' + HEADER, 1),
    "bad plural bracket": ('msgid "a"\nmsgid_plural "b"\nmsgstr[0 "x"\n', 3),
    "utf-8 byte order mark": ("\ufeff" + HEADER, 1),
    "comment between msgid and msgstr": ('msgid "a"\n# note\nmsgstr "b"\n', 1),
    "msgctxt without msgid": ('msgctxt "a"\nmsgstr "b"\n', 2),
}


@pytest.mark.parametrize("name", list(MALFORMED))
def test_malformed_input_is_rejected_on_the_line_msgfmt_reports(name: str, tmp_path: Path) -> None:
    text, line = MALFORMED[name]
    with pytest.raises(PoSyntaxError) as caught:
        parse_po(text, path="x.po")
    assert caught.value.line == line
    verdict = msgfmt(text, tmp_path)
    assert not verdict.accepted
    assert verdict.first_error_line == line, verdict.stderr


ACCEPTED = {
    "crlf line ends": HEADER.replace("\n", "\r\n")
    + '# c\r\n#, fuzzy\r\nmsgid "a"\r\nmsgstr "b"\r\n',
    "no header": 'msgid "a"\nmsgstr "b"\n',
    "empty file": "",
    "only comments": "# nothing here\n#. really\n",
    "multi-line strings": 'msgid "" "a" "b"\n"c"\nmsgstr ""\n"d"\n',
    "spaced plural index": 'msgid "a"\nmsgid_plural "b"\nmsgstr [ 0 ] "x"\nmsgstr[1]"y"\n',
    "octal and hex escapes": 'msgid "\\303\\251\\x41\\7"\nmsgstr "\\t\\v\\f\\b\\a\\r"\n',
    "backslash-newline joins lines": 'msgid "ab\\\ncd"\nmsgstr "x"\n',
    "obsolete with context and previous": (
        '#~| msgctxt "p"\n#~| msgid "old"\n#~ msgctxt "c"\n#~ msgid "a"\n#~ msgstr "b"\n'
    ),
    "comments inside obsolete entry": '#~ # translator\n#~ #, fuzzy\n#~ msgid "a"\n#~ msgstr "b"\n',
    "previous with continuation": (
        '#| msgid ""\n#| "one "\n#| "two"\n#| msgid_plural "p"\nmsgid "a"\nmsgstr "b"\n'
    ),
    "flags with odd spacing": '#,fuzzy ,  c-format,,no-wrap\nmsgid "a"\nmsgstr "b"\n',
    "references without line numbers": '#: a.c b.c:3 c.c: 4 d.c : 5\nmsgid "a"\nmsgstr "b"\n',
    "nul escape truncates": 'msgid "a\\0b"\nmsgstr "x"\n',
    "same msgid other context": 'msgid "a"\nmsgstr "b"\n\nmsgctxt ""\nmsgid "a"\nmsgstr "c"\n',
    "whitespace everywhere": ' \t msgid\t"a"   msgstr \f"b"\v\n',
}


@pytest.mark.parametrize("name", list(ACCEPTED))
def test_files_msgfmt_accepts_are_read(name: str, tmp_path: Path) -> None:
    text = ACCEPTED[name]
    assert msgfmt(text, tmp_path).accepted
    parse_po(text)


def test_parsed_fields_are_what_gettext_sees() -> None:
    po = parse_po(
        "# translator\n#\n#  indented\n#. extracted\n#.\n#: ./a.c:1 b.c a.c:1 b.c c.c: 4\n"
        '#, fuzzy, c-format\n#, python-format\n#| msgctxt "pc"\n#| msgid ""\n#| "old "\n'
        '#| "text"\nmsgctxt "ctx"\nmsgid "a\\tb"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[1] ""\n'
    )
    (entry,) = po
    assert entry.tcomment == "translator\n\n indented"
    assert entry.comment == "extracted\n"
    assert entry.occurrences == [("./a.c", "1"), ("b.c", ""), ("a.c", "1"), ("c.c", "4")]
    assert entry.flags == ["python-format"]  # only the last #, line counts, as in gettext
    assert (entry.previous_msgctxt, entry.previous_msgid) == ("pc", "old text")
    assert (entry.msgctxt, entry.msgid, entry.msgid_plural) == ("ctx", "a\tb", "as")
    assert entry.msgstr_plural == {0: "x", 1: ""}
    assert entry.linenum == 14


def test_crlf_files_read_like_lf_files() -> None:
    text = ACCEPTED["crlf line ends"]
    assert format_po(parse_po(text)) == format_po(parse_po(text.replace("\r\n", "\n")))


MUTATION_SNIPPETS = [
    '"', "\\", "#~ ", "#| ", "#", 'msgstr[1] ""', 'msgstr[0] "x"', 'msgid ""', "msgctxt \"c\"",
    'msgid_plural "p"', 'msgstr "y"', "[", "]", "0", "foo", "\\q", "\\x", "\n", '"\n"',
    '#~| msgid "a"', "\\004", "\\0", "é", "\t", "\r\n", "#, fuzzy", "#: a.c:1", "\\\n", "msgid",
]  # fmt: skip


def mutate(text: str, r: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(r.randrange(1, 3)):
        i = r.randrange(len(lines))
        op = r.randrange(6)
        if op == 0:
            del lines[i]
        elif op == 1:
            lines.insert(i, r.choice(lines))
        elif op == 2 and lines[i]:
            j = r.randrange(len(lines[i]))
            lines[i] = lines[i][:j] + lines[i][j + 1 :]
        elif op == 3:
            j = r.randrange(len(lines[i]) + 1)
            lines[i] = lines[i][:j] + r.choice(MUTATION_SNIPPETS) + lines[i][j:]
        elif op == 4:
            lines[i] = "#~ " + lines[i]
        elif i + 1 < len(lines):
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
    return "\n".join(lines)


def test_mutated_files_get_msgfmts_verdict_and_first_error_line(tmp_path: Path) -> None:
    r = random.Random(2026)
    base = format_po(random_catalog(seed=7, size=40), width=60)
    disagreements = []
    for _ in range(100):
        text = mutate(base, r)
        try:
            parse_po(text, path="x.po")
            mine = None
        except PoSyntaxError as exc:
            mine = exc.line
        verdict = msgfmt(text, tmp_path)
        if mine is None:
            agrees = verdict.accepted or verdict.first_error_line is None
        else:
            agrees = not verdict.accepted and verdict.first_error_line == mine
        if not agrees:
            disagreements.append((mine, verdict.stderr, text))
    assert disagreements == []


# ------------------------------------------------------------------------------------------
# Files.
# ------------------------------------------------------------------------------------------


def test_load_po_reads_utf8_files_and_refuses_other_encodings(tmp_path: Path) -> None:
    good = tmp_path / "good.po"
    good.write_bytes((HEADER + 'msgid "café"\nmsgstr "Kaffee"\n').encode("utf-8"))
    assert load_po(good)[0].msgid == "café"

    latin = tmp_path / "latin.po"
    latin.write_bytes(
        (HEADER.replace("UTF-8", "ISO-8859-1") + 'msgid "café"\nmsgstr ""\n').encode("latin-1")
    )
    with pytest.raises(PoSyntaxError, match="msgconv"):
        load_po(latin)

    declared = tmp_path / "declared.po"
    declared.write_bytes(
        (HEADER.replace("UTF-8", "ISO-8859-1") + 'msgid "a"\nmsgstr ""\n').encode()
    )
    with pytest.raises(PoSyntaxError, match="msgconv"):
        load_po(declared)

    broken = tmp_path / "broken.po"
    broken.write_bytes(HEADER.encode() + b'msgid "a"\nmsgstr "\xff"\n')
    with pytest.raises(PoSyntaxError) as caught:
        load_po(broken)
    assert caught.value.line == 5 and "UTF-8" in caught.value.message

    template = tmp_path / "t.pot"
    template.write_bytes(HEADER.replace("UTF-8", "CHARSET").encode() + b'msgid "a"\nmsgstr ""\n')
    assert load_po(template)[0].msgid == "a"
    template.write_bytes(
        HEADER.replace("UTF-8", "CHARSET").encode() + 'msgid "é"\nmsgstr ""\n'.encode()
    )
    with pytest.raises(PoSyntaxError, match="charset") as caught:
        load_po(template)
    assert caught.value.line == 4
    # Comments are not converted by gettext: a template may have a non-ASCII author.
    template.write_bytes(
        "# © José\n".encode()
        + HEADER.replace("UTF-8", "CHARSET").encode()
        + b'msgid "a"\nmsgstr ""\n'
    )
    assert load_po(template)[0].msgid == "a"


def test_load_po_names_the_line_the_declared_charset_and_the_fix_for_unreadable_bytes(
    tmp_path: Path,
) -> None:
    path = tmp_path / "a.po"
    latin = HEADER.replace("UTF-8", "ISO-8859-1") + '#. note\nmsgid "café"\nmsgstr ""\n'
    path.write_bytes(latin.encode("latin-1"))
    with pytest.raises(PoSyntaxError) as caught:
        load_po(path)
    assert caught.value.line == 5
    assert "charset=ISO-8859-1" in caught.value.message
    assert f"msgconv --to-code=UTF-8 {path} -o {path}" in caught.value.message

    path.write_bytes(HEADER.encode() + b'msgid "a"\nmsgstr "b"\n\nmsgid "c\x00"\nmsgstr "d"\n')
    with pytest.raises(PoSyntaxError, match="NUL byte") as caught:
        load_po(path)
    assert caught.value.line == 7
    # A NUL byte before an invalid UTF-8 byte is the first error.
    path.write_bytes(HEADER.encode() + b'msgid "\x00"\nmsgstr "\xff"\n')
    with pytest.raises(PoSyntaxError, match="NUL byte") as caught:
        load_po(path)
    assert caught.value.line == 4

    path.write_bytes((HEADER + 'msgid "a"\nmsgstr "b"\n').encode("utf-16"))
    with pytest.raises(PoSyntaxError, match="UTF-16.*msgconv") as caught:
        load_po(path)
    assert caught.value.line == 1


def test_load_po_gives_clear_errors_for_folders_and_missing_files(tmp_path: Path) -> None:
    with pytest.raises(PoSyntaxError, match="folder"):
        load_po(tmp_path)
    with pytest.raises(PoSyntaxError, match="no such file"):
        load_po(tmp_path / "missing.po")


def test_syntax_errors_name_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.po"
    path.write_text('msgid "a"\nmsgstr "b\n', encoding="utf-8")
    with pytest.raises(PoSyntaxError) as caught:
        load_po(path)
    assert str(caught.value).startswith(f"{path}:3: end-of-line within string")


def test_save_po_writes_only_when_the_bytes_change(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "a.po"
    po = po_with([polib.POEntry(msgid="a", msgstr="b")])
    assert save_po(path, po) is True
    assert path.read_text(encoding="utf-8") == format_po(po)
    before = path.stat().st_mtime_ns
    assert save_po(path, load_po(path)) is False
    assert path.stat().st_mtime_ns == before
    po[0].msgstr = "c"
    assert save_po(path, po) is True
    assert 'msgstr "c"' in path.read_text(encoding="utf-8")


def test_compile_mo_holds_the_translated_entries_and_the_header(tmp_path: Path) -> None:
    po = load_po(DATA / "tricky.po")
    mo = tmp_path / "a.mo"
    mo.write_bytes(compile_mo(po))
    back = subprocess.run(["msgunfmt", str(mo)], capture_output=True, check=True).stdout.decode()
    assert 'msgid "Short"\nmsgstr "Curto"' in back
    assert "Project-Id-Version: l10n-fixture 1.0" in back
    assert "O novo título" not in back  # fuzzy entries are not compiled


@settings(max_examples=400, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab Z09 -/.,;:!?()[]{}\"'%$+*&#@_|~<>=") + list("’“”—–é…«»ß")),
            min_size=1, max_size=160),
    st.sampled_from([20, 58, 74, 77, 98]),
    st.sampled_from([0, 6, 7, 9]),
)
def test_regex_line_breaking_matches_the_per_character_port(text: str, width: int, start: int) -> None:
    escaped, overrides = escape(text, 0, frozenset())
    fast = simple_line_starts(escaped, width, start, overrides)
    slow = width_linebreaks(escaped, width, start, overrides)
    assert fast == [i for i, b in enumerate(slow) if b == POSSIBLE]
