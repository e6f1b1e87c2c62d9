"""The fast reading path for plain PO entries (``l10n.po.scan``) reads exactly what the strict
parser reads, and steps aside for everything else, errors included.

The oracle is the strict parser (``parse_po(reader="strict")``), itself held to GNU msgfmt by
``test_pofile.py`` and ``test_po_fuzz.py``. Compared: every field of every entry (line numbers
included), the header, or the error message (file, line, text). Inputs: generated PO text with
hostile escapes, CRLF, ``#~`` obsolete entries, ``#|`` previous fields, plurals, msgctxt,
comments of every kind, wrapped and unwrapped strings and random damage; the mutants of
``test_po_fuzz.py``; real catalogs (the fixtures, the sample project, and the installed gettext
catalogs turned back into PO files by ``msgunfmt``).
"""

from __future__ import annotations

import shutil
import subprocess
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from po_mutants import mutants

from l10n.errors import PoSyntaxError
from l10n.po import HEADER_ATTR, parse_po
from l10n.po.comments import CommentState, parse_references
from l10n.po.entries import new_entry
from l10n.po.scan import scan_po

ROOT = Path(__file__).resolve().parent.parent
REAL = sorted((ROOT / "tests/data/po").glob("*.po*")) + sorted((ROOT / "locales").glob("*/*.po*"))


def dump(po: polib.POFile) -> object:
    """Everything a reader gives: header fields, the stored header entry, every entry."""
    header = getattr(po, HEADER_ATTR, None)
    return (
        po.header,
        list(po.metadata.items()),
        po.metadata_is_fuzzy,
        None if header is None else vars(header),
        [vars(entry) for entry in po],
        po.wrapwidth,
        po.encoding,
    )


def outcome(text: str, reader: str) -> tuple[str, object]:
    try:
        po = parse_po(text, path="x.po", reader=reader)  # type: ignore[arg-type]
    except PoSyntaxError as exc:
        return "error", str(exc)
    return "catalog", dump(po)


def same_as_strict(text: str) -> bool:
    """Assert that the default reader gives what the strict parser gives; whether the fast path
    read it."""
    assert outcome(text, "auto") == outcome(text, "strict")
    return scan_po(text.replace("\r\n", "\n"), "x.po") is not None


# ------------------------------------------------------------------------------------------
# Generated PO text.
# ------------------------------------------------------------------------------------------

LETTER_ESCAPES = ["\\n", "\\t", "\\\\", '\\"', "\\a", "\\b", "\\f", "\\r", "\\v"]
HOSTILE_ESCAPES = [
    "\\101", "\\x41", "\\303\\251", "\\xc3\\xa9", "\\0", "\\400", "\\xff", "\\x04", "\\q",
    "\\x", "\\", '"', "\\\n", "\n", "\x04", "\0", "\r",
]  # fmt: skip
PLAIN = ["a", "b c", "Hello, world.", "é", "日本語", " ", "\t", "#", "msgid", "%s", "{0}", "😀"]

plain_part = st.lists(st.sampled_from(PLAIN + LETTER_ESCAPES), max_size=5).map("".join)
hostile_part = st.lists(
    st.one_of(
        st.sampled_from(PLAIN + LETTER_ESCAPES + HOSTILE_ESCAPES),
        st.text(st.characters(exclude_categories=["Cs"]), max_size=3),
    ),
    max_size=5,
).map("".join)

PLAIN_COMMENTS = [
    "# translator note", "#", "#. extracted", "#.", "#: a.md:3 b.md", "#: a.md:12\tc:d:4",
    "#, fuzzy", "#, c-format, no-wrap", "#, python-format", "# mt: pseudo 1a2b",
]  # fmt: skip
HOSTILE_COMMENTS = [
    "#: f : 3", "#: f: 3 g", "#: :4", "#: a:", "#, range: 1..3", "#! x", "# File: a.c, line: 3",
    "#~", "#~ # old", "#|", "# x\\", "#  ", "#\r", "#: a:007", "#:",
]  # fmt: skip


@st.composite
def entry_text(draw: st.DrawFn, *, hostile: bool) -> str:
    """One entry: comments, ``#|`` previous fields, msgctxt, msgid, msgstr or plural forms."""
    part = hostile_part if hostile else plain_part
    obsolete = draw(st.booleans())
    prefix = "#~ " if obsolete else ""
    prev_prefix = "#~| " if obsolete else "#| "
    if hostile and draw(st.booleans()):
        prefix = draw(st.sampled_from(["", "#~ ", "#~", "#~  ", " ", "\t"]))
        prev_prefix = draw(st.sampled_from(["#| ", "#~| ", "#|", "#~ | "]))

    def strings(keyword: str, pfx: str) -> str:
        parts = draw(st.lists(part, min_size=1, max_size=3))
        if draw(st.booleans()):
            parts.insert(0, "")  # the wrapped layout: msgid "" then the lines
        space = draw(st.sampled_from([" ", " ", "\t", "  ", ""])) if hostile else " "
        end = draw(st.sampled_from(["\n", "\n", " \n", "\r\n", ""])) if hostile else "\n"
        out = f'{pfx}{keyword}{space}"{parts[0]}"{end}'
        return out + "".join(f'{pfx}"{p}"\n' for p in parts[1:])

    comments = draw(
        st.lists(st.sampled_from(PLAIN_COMMENTS + (HOSTILE_COMMENTS if hostile else [])))
    )
    out = "".join(c + "\n" for c in comments)
    if draw(st.booleans()):
        if draw(st.booleans()):
            out += strings("msgctxt", prev_prefix)
        out += strings("msgid", prev_prefix)
        if draw(st.booleans()):
            out += strings("msgid_plural", prev_prefix)
    if draw(st.booleans()):
        out += strings("msgctxt", prefix)
    out += strings("msgid", prefix)
    if draw(st.booleans()):
        out += strings("msgid_plural", prefix)
        count = draw(st.integers(1, 3))
        indexes = [str(i) for i in range(count)]
        if hostile and draw(st.booleans()):
            damaged = st.sampled_from(["0", "1", "2", "00", "01", " 1", "1 "])
            indexes = draw(st.lists(damaged, min_size=1, max_size=3))
        for index in indexes:
            out += strings(f"msgstr[{index}]", prefix)
    else:
        out += strings("msgstr", prefix)
    return out


HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
)


@st.composite
def po_text(draw: st.DrawFn, *, hostile: bool) -> str:
    """A whole file: maybe a header, entries, blank lines between them; for ``hostile``, then
    damaged at random places."""
    pieces = [HEADER] if draw(st.booleans()) else []
    pieces += draw(st.lists(entry_text(hostile=hostile), max_size=6))
    separators = ["\n", "", "\n\n"] + (["  \n", "\r\n", "\\\n"] if hostile else [])
    text = ""
    for piece in pieces:
        text += piece + draw(st.sampled_from(separators))
    if draw(st.booleans()):
        text += draw(st.sampled_from(PLAIN_COMMENTS + (HOSTILE_COMMENTS if hostile else [])))
    if hostile:
        if draw(st.booleans()):
            text = text.replace("\n", "\r\n")
        for _ in range(draw(st.integers(0, 3))):
            at = draw(st.integers(0, len(text)))
            damage = draw(st.sampled_from(["", '"', "\\", "\n", "#~ ", "x", "\r", "\ufeff", " "]))
            cut = draw(st.integers(0, 2))
            text = text[:at] + damage + text[at + cut :]
    return text


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(po_text(hostile=True))
@example('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n')  # a duplicate
@example('msgid "a"\nmsgstr "b"\nmsgid "a"\nmsgstr "c"\nbogus\n')  # a duplicate, then an error
@example('msgid "a"\nmsgid_plural "b"\nmsgstr[1] "c"\n')  # plural forms out of order
@example('msgid "a"\nmsgstr "\\x41\\101"\n')  # octal and hex escapes: the strict path
@example('# comment \\\nmsgid "a"\nmsgstr "b"\n')  # a backslash-newline splice
@example('#| msgid "old"\n#~ msgid "a"\n#~ msgstr "b"\n')  # #| on an obsolete entry
@example('msgid "a"\r\nmsgstr "b"\r\n')
@example('msgid "a"\nmsgstr "b"')  # no final line end
@example('msgid "a"\nmsgstr "b\x04"\n')
def test_default_reader_reads_what_the_strict_parser_reads(text: str) -> None:
    same_as_strict(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(po_text(hostile=False))
def test_plain_catalogs_take_the_fast_path(text: str) -> None:
    strict = outcome(text, "strict")
    if strict[0] == "error":  # generated duplicates: the strict parser must report them
        assert "duplicate message definition" in str(strict[1])
        assert scan_po(text, "x.po") is None
        return
    assert same_as_strict(text), text


def test_real_catalogs_take_the_fast_path_with_the_strict_result() -> None:
    assert REAL
    for path in REAL:
        assert same_as_strict(path.read_text(encoding="utf-8")), path


@pytest.mark.skipif(shutil.which("msgunfmt") is None, reason="needs GNU gettext's msgunfmt")
def test_installed_gettext_catalogs_take_the_fast_path(tmp_path: Path) -> None:
    catalogs = sorted(Path("/usr/share/locale").glob("*/LC_MESSAGES/*.mo"))[::97][:40]
    if not catalogs:
        pytest.skip("no installed gettext catalogs")
    for mo in catalogs:
        done = subprocess.run(["msgunfmt", str(mo)], capture_output=True, check=False)
        if done.returncode != 0:
            continue
        try:
            text = done.stdout.decode("utf-8")
        except UnicodeDecodeError:
            continue  # another charset: load_po refuses it before parsing
        assert same_as_strict(text), mo


def test_mutants_of_real_files_read_as_the_strict_parser_reads() -> None:
    fast = 0
    batch = mutants(600, seed=15)
    for mutant in batch:
        try:
            text = mutant.data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        fast += same_as_strict(text)
    # Both paths were exercised: damage the fast path takes (a changed word) and damage it
    # leaves to the strict parser.
    assert 0 < fast < len(batch)


REFERENCE_CHARS = ["a", "b.md", ":", " ", "\t", "\n", "1", "0", "é", ".", "/", "\r"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(REFERENCE_CHARS), max_size=12).map("".join))
@example(" a.md:3 b:c:04 d")
@example(" f : 3 g: 4 :5 h:")
def test_reference_shortcut_agrees_with_the_general_reading(line: str) -> None:
    assert list(parse_references(line)) == list(parse_references(line, shortcut=False))


def test_new_entry_has_the_attributes_polib_gives() -> None:
    fields = dict(
        msgid="a", msgstr="b", msgid_plural="", msgstr_plural={}, msgctxt="c", obsolete=True,
        comment="x", tcomment="y", occurrences=[("f", "1")], flags=["fuzzy"],
        previous_msgctxt=None, previous_msgid="o", previous_msgid_plural=None, linenum=3,
    )  # fmt: skip
    entry = new_entry(**fields)  # type: ignore[arg-type]
    assert list(vars(entry).items()) == list(vars(polib.POEntry(**fields)).items())
    assert entry.fuzzy and entry == polib.POEntry(**fields)



def test_new_entries_take_no_more_memory_than_polib_entries() -> None:
    """A catalog holds many: their attributes share one key table, as polib's own do."""

    def held(make: Callable[..., polib.POEntry]) -> int:
        tracemalloc.start()
        entries = [
            make(
                msgid=f"m{i}", msgstr="s", msgid_plural="", msgstr_plural={}, msgctxt=None,
                obsolete=False, comment="", tcomment="", occurrences=[], flags=[],
                previous_msgctxt=None, previous_msgid=None, previous_msgid_plural=None, linenum=i,
            )  # fmt: skip
            for i in range(2000)
        ]
        size = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        assert len(entries) == 2000
        return size

    assert held(new_entry) <= held(polib.POEntry) * 1.05


def _state(comments: CommentState) -> tuple[object, ...]:
    return comments.translator, comments.extracted, comments.references, comments.flags


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.just(""),
            st.sampled_from(PLAIN_COMMENTS + HOSTILE_COMMENTS),
            st.lists(st.sampled_from(REFERENCE_CHARS), max_size=10).map(
                lambda p: "#:" + "".join(p)
            ),
            st.lists(st.sampled_from(REFERENCE_CHARS + ["#", "."]), max_size=10).map("".join),
        ),
        max_size=4,
    ).map(lambda lines: "".join(line.replace("\n", "") + "\n" for line in lines))
)
@example("#: a.md:3\n")
@example("\n#: a.md:3\n\n")
@example("#:\n#.:3\n")
@example("#: a:b:3 \t\n")
def test_a_comment_block_reads_as_its_lines_one_by_one(block: str) -> None:
    whole = CommentState()
    whole.add_lines(block)
    one_by_one = CommentState()
    for line in block.split("\n"):
        if line:
            one_by_one.add(line[1:])
    assert _state(whole) == _state(one_by_one)
