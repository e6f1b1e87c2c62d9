"""The Markdown parser's fast paths give what the general paths they shortcut give.

Blocks and markup are built through their slots (:data:`~l10n.document.model.new_block`); an
HTML block that is one comment skips the HTML scanner; line starts are summed from line lengths
when there is no ``\\r``; a block's logical offsets come from a table per region (the identity
for lines without container prefixes) instead of a bisect over its lines. Each pair must agree
on every input; a body without ``]:`` has no link reference definitions, so its second parse
(pyromark's block pass) is skipped.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

import pyromark
import yaml
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from l10n import safe_files
from l10n.document.formats import FormatOptions, frontmatter, markdown, markdown_html
from l10n.document.formats.markdown_extensions import parser_options
from l10n.document.model import (
    Block,
    BlockKind,
    Layout,
    Markup,
    MarkupKind,
    new_block,
    new_markup,
)
from l10n.document.templates import has_tags
from l10n.errors import SourceError

_SMALL = st.integers(min_value=-3, max_value=10_000)
_TUPLES = st.lists(st.tuples(_SMALL, _SMALL, st.text(max_size=3)), max_size=3).map(tuple)


@settings(max_examples=200, deadline=None)
@given(
    start=_SMALL, end=_SMALL, kind=st.sampled_from(MarkupKind), name=st.text(max_size=8),
    target=st.none() | st.text(max_size=8),
)
def test_new_markup_is_the_markup_the_class_builds(
    start: int, end: int, kind: MarkupKind, name: str, target: str | None
) -> None:
    if target is None:
        fast, slow = new_markup(start, end, kind, name), Markup(start, end, kind, name)
    else:
        fast = new_markup(start, end, kind, name, target=target)
        slow = Markup(start, end, kind, name, target)
    assert fast == slow and repr(fast) == repr(slow) and hash(fast) == hash(slow)


@settings(max_examples=200, deadline=None)
@given(
    kind=st.sampled_from(BlockKind), layout=st.sampled_from(Layout), start=_SMALL, end=_SMALL,
    text=st.text(max_size=20), line=_SMALL, column=_SMALL, width=_SMALL,
    separators=st.lists(st.text(max_size=3), max_size=3).map(tuple), hidden=_TUPLES,
    hard=st.lists(_SMALL, max_size=3).map(tuple), note=st.text(max_size=5), rewritten=_TUPLES,
)
def test_new_block_is_the_block_the_class_builds(
    kind: BlockKind, layout: Layout, start: int, end: int, text: str, line: int, column: int,
    width: int, separators: tuple[str, ...], hidden: tuple[tuple[int, int, str], ...],
    hard: tuple[int, ...], note: str, rewritten: tuple[tuple[int, int, str], ...],
) -> None:
    markup = (Markup(0, 1, MarkupKind.ATOM, "code"),)
    named: dict[str, Any] = dict(separators=separators, column=column, width=width, markup=markup,
                 hidden=hidden, hard_breaks=hard, note=note, rewritten=rewritten)
    fast = new_block(kind, start, end, text, line, layout, **named)
    assert fast == Block(kind, start, end, text, line, layout, **named)
    assert repr(fast) == repr(Block(kind, start, end, text, line, layout, **named))
    assert new_block(kind, start, end, text, line, layout) == Block(kind, start, end, text, line, layout)


def test_blocks_built_through_their_slots_are_frozen() -> None:
    block = new_block(BlockKind.PARAGRAPH, 0, 1, "a", 1, Layout.INLINE)
    try:
        block.start = 2  # type: ignore[misc]
    except AttributeError:
        pass
    else:
        raise AssertionError("a block must stay immutable")


def _scanned_runs(html: str) -> list[object]:
    """html_block_runs of ``html`` as one HTML block line, with the comment shortcut off."""
    saved = markdown_html._ONE_COMMENT
    markdown_html._ONE_COMMENT = re.compile(r"(?!)")  # matches nothing: always scan
    try:
        return list(markdown_html.html_block_runs(html, [(html, 0, len(html))]))
    finally:
        markdown_html._ONE_COMMENT = saved


_COMMENTISH = st.text(alphabet=st.sampled_from(list("<!->a- \n\t{}%")), max_size=30)


@settings(max_examples=500, deadline=None)
@given(inner=_COMMENTISH, before=st.sampled_from(["", " ", "  ", "\n"]),
       after=st.sampled_from(["", "\n", " \n", "\n\n", "x", "<b>x</b>"]))
@example(inner=" markdownlint-disable ", before="", after="\n")
@example(inner=" a -- > b ", before="", after="\n")
@example(inner="", before="", after="")
def test_a_one_comment_html_block_has_the_runs_the_scanner_finds(
    inner: str, before: str, after: str
) -> None:
    html = f"{before}<!--{inner}-->{after}"
    fast = markdown_html.html_block_runs(html, [(html, 0, len(html))])
    assert fast == _scanned_runs(html)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab \n\r\t>-")), max_size=60))
def test_line_starts_are_those_of_every_line_break(text: str) -> None:
    expected = [0] + [m.end() for m in re.finditer(r"\r\n|\n|\r", text)]
    assert markdown._line_starts(text) == expected


def _logical_by_bisect(pieces: list[tuple[int, int]], doc: int) -> int:
    """The general mapping the table replaces: a bisect over the pieces."""
    doc_starts = [s for s, _ in pieces]
    log_starts = []
    cursor = 0
    for s, e in pieces:
        log_starts.append(cursor)
        cursor += e - s + 1
    i = bisect.bisect_right(doc_starts, doc) - 1
    if i < 0:
        return 0
    s, e = pieces[i]
    return log_starts[i] + min(max(doc - s, 0), e - s)


@settings(max_examples=500, deadline=None)
@given(
    lines=st.lists(st.text(alphabet=st.sampled_from(list("ab> \t")), min_size=1, max_size=8),
                   min_size=2, max_size=6),
    breaks=st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=5, max_size=5),
    depth=st.integers(min_value=0, max_value=2),
)
def test_logical_offsets_from_the_table_are_those_of_the_lines(
    lines: list[str], breaks: list[str], depth: int
) -> None:
    words = [line.strip(" \t>") or "a" for line in lines]
    body = words[0] + "".join(brk + line[: len(line) - len(line.lstrip(" \t>"))] + word
                              for brk, line, word in zip(breaks, lines[1:], words[1:], strict=False))
    text = "x " + body + "\n"
    start, end = 2, 2 + len(body)
    found = markdown._lines(text, start, end, depth)
    assert found.logical == "\n".join(text[s:e] for s, e in found.pieces)
    assert len(found.logical_at) == end - start + 1
    for doc in range(start, end + 1):
        assert found.logical_at[doc - start] == _logical_by_bisect(found.pieces, doc), doc


_REFERENCE_PIECES = st.sampled_from(
    ["[", "]", ":", " ", "\n", "> ", "- ", "foo", "/url", '"t"', "\\", "<", ">", "]\n:", "   ", "\t"]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_REFERENCE_PIECES, max_size=20).map("".join))
@example("[foo]: /url")
@example("> [foo\n> bar]: /url")
@example("[foo]\n: /url")
def test_a_body_without_a_closing_bracket_and_colon_has_no_reference_definitions(body: str) -> None:
    flags = parser_options(FormatOptions())
    expected = tuple(
        (label, str(info["dest"]))
        for label, info in pyromark.reference_definitions(body, options=flags).items()
    )
    assert [(d.label, d.destination) for d in markdown._references(body, flags)] == list(expected)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab \t\n>")), min_size=1, max_size=40),
       st.text(alphabet=st.sampled_from(list("ab \t\n\r")), max_size=5))
@example("a\n  b", "")
@example("a\n \n\tb", "\n")
def test_unquoted_lines_are_the_lines_the_separator_expression_finds(region: str, after: str) -> None:
    region = region.rstrip(" \t\n") or "a"  # a block region ends on a character that is not white space
    text = "x\n" + region + after
    start, end = 2, 2 + len(region)
    assert markdown._unquoted_lines(text, start, end) == markdown._separated_lines(text, start, end, 0)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", " ", "\u00e9", "\u20ac", "\U0001f600", "\n"]), max_size=700).map("".join))
def test_offsets_scanned_by_chunks_are_those_of_every_non_ascii_character(text: str) -> None:
    ends, extra, total = [], [0], 0
    for m in re.finditer(r"[^\x00-\x7f]", text):
        total += len(m.group(0).encode("utf-8")) - 1
        ends.append(m.end() + total)
        extra.append(total)
    found = markdown._Offsets(text)
    assert (found.ends, found.extra) == (ends, extra)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(["<!--", "-->", "-", "--", ">", "<", "!", "a", " ", "\n", "\u3000", "\x1c"]),
                max_size=12).map("".join))
@example("<!---->")
@example("<!----->")
@example("<!-->")
@example(" <!-- a -->\n")
def test_one_comment_is_what_its_expression_matches(html: str) -> None:
    assert markdown_html._is_one_comment(html) == bool(markdown_html._ONE_COMMENT.fullmatch(html))


def _hidden_by_gaps(logical: str, visible: list[tuple[int, int]], atoms: list[tuple[int, int]]) -> tuple:
    """The general reading :func:`markdown._hidden` folds into one pass: every gap between the
    covered ranges, each hidden but for its newlines."""
    covered = sorted(visible + atoms)
    gaps, pos = [], 0
    for s, e in covered:
        if s > pos:
            gaps.append((pos, s))
        pos = max(pos, e)
    if pos < len(logical):
        gaps.append((pos, len(logical)))
    marks = [(s, e, "xxx") for s, e in atoms]
    for s, e in gaps:
        for i in range(s, e):
            if logical[i] != "\n" and (i == s or logical[i - 1] == "\n"):
                j = i
                while j < e and logical[j] != "\n":
                    j += 1
                marks.append((i, j, ""))
    return tuple(sorted(marks))


_RANGES = st.lists(st.tuples(st.integers(0, 12), st.integers(0, 12)).map(sorted).map(tuple), max_size=5)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab\n")), max_size=12), _RANGES, _RANGES)
def test_hidden_ranges_are_the_gaps_but_their_newlines(logical: str, visible: list, atoms: list) -> None:
    n = len(logical)
    visible = [(min(s, n), min(e, n)) for s, e in visible]
    atoms = [(min(s, n), min(e, n)) for s, e in atoms]
    assert markdown._hidden(logical, list(visible), list(atoms)) == _hidden_by_gaps(logical, visible, atoms)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("{}%#a\n")), max_size=12))
def test_has_tags_finds_what_three_in_tests_find(text: str) -> None:
    assert has_tags(text) == ("{{" in text or "{%" in text or "{#" in text)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("a\u00e9\u4e2d\U0001f600 \t\n\r\x0c\x00\x04\x08\x0b\x0e\x1b\x1f\x7f\x85"),
                    max_size=40))
def test_control_characters_are_found_by_their_bytes_as_by_the_search(text: str) -> None:
    # decode_source looks for control characters among the bytes and runs the search only
    # when one is there: the same error (line, column, offset) as searching the text always.
    data = text.encode("utf-8")
    assume(not safe_files._looks_utf16(data))  # refused as UTF-16 first
    found = safe_files._CONTROL.search(text)
    try:
        decoded = safe_files.decode_source(data, "a.md")
    except SourceError as exc:
        assert found is not None
        assert f"U+{ord(found.group()):04X}" in str(exc)
        assert exc.line == text.count("\n", 0, found.start()) + 1
    else:
        assert found is None
        assert decoded == text


_YAML_SCALARS = st.sampled_from([
    "a", "'q'", '"d\\n"', "1", "0x1f", "1.5", ".nan", "~", "yes", "2020-01-01", "2022-13-45",
    "2001-12-14t21:59:43.10-05:00", "!!int 7", "!!int x", "!!str 3", "!!binary aGk=", "!!float y",
    "!!python/tuple [1]", "!custom v", "!!set {a}", "!!omap [{a: 1}]", "[1, b]", "{k: v}", "=", "<<",
])


@st.composite
def _yaml_sources(draw: Any) -> str:
    """Small front matters with anchors, aliases (also merged, also cycles), tags and the
    keys (``<<``, ``=``) that SafeConstructor rewrites."""
    lines: list[str] = []
    anchors: list[str] = []
    for i in range(draw(st.integers(1, 6))):
        key = draw(st.sampled_from(["k", "title", "<<", "=", "'<<'", "!!merge <<", f"n{i}"]))
        kind = draw(st.sampled_from(["scalar", "alias", "nested", "list", "merge_list"]))
        anchor = f"&a{i} " if draw(st.booleans()) else ""
        if kind == "alias" and anchors:
            lines.append(f"{key}: *{draw(st.sampled_from(anchors))}")
        elif kind == "merge_list" and anchors:
            lines.append(f"{key}: [{', '.join('*' + a for a in anchors)}]")
        elif kind == "nested":
            inner = draw(st.sampled_from(["x", "<<", "="]))
            value = f"*{anchors[-1]}" if anchors and draw(st.booleans()) else draw(_YAML_SCALARS)
            lines.append(f"{key}: {anchor}\n  {inner}: {value}\n  z: {draw(_YAML_SCALARS)}")
        elif kind == "list":
            lines.append(f"{key}: {anchor}\n  - {draw(_YAML_SCALARS)}\n  - {draw(_YAML_SCALARS)}")
        else:
            lines.append(f"{key}: {anchor}{draw(_YAML_SCALARS)}")
        if anchor:
            anchors.append(f"a{i}")
    return "\n".join(lines) + "\n"


def _node_shape(node: Any, seen: set[int] | None = None) -> Any:
    seen = set() if seen is None else seen
    if id(node) in seen:
        return ("seen", id(node))
    seen.add(id(node))
    if isinstance(node.value, list):
        value = [tuple(_node_shape(n, seen) for n in item) if isinstance(item, tuple)
                 else _node_shape(item, seen) for item in node.value]
    else:
        value = node.value
    return (type(node).__name__, node.tag, value, node.start_mark.index, node.end_mark.index)


def _outcome(build: Any) -> tuple[str, str]:
    try:
        return "value", repr(build())
    except Exception as exc:  # noqa: BLE001 - the errors are the outcome compared
        return type(exc).__name__, str(exc)


@settings(max_examples=400, deadline=None)
@given(source=_yaml_sources())
@example(source="base: &b {x: 1}\nk: {<<: *b, y: 2}\n")
@example(source="a: &a [*a]\n")
@example(source="=: v\nk: !!int x\n")
def test_front_matter_values_built_from_the_composed_node_as_from_a_parse(source: str) -> None:
    # _yaml_blocks builds the values (for their errors) on the node it composed rather than
    # parsing again, unless construction would rewrite that shared node: the same outcome as
    # yaml.load, and the node left as composed.
    try:
        node = frontmatter.yaml_node(source)
    except yaml.YAMLError:
        return  # a syntax error: raised by the composition, before any value is built
    before = _node_shape(node) if node is not None else None
    expected = _outcome(lambda: yaml.load(source, Loader=yaml.SafeLoader))
    checked = _outcome(lambda: frontmatter.construct_values(source, node))
    assert checked == (expected if expected[0] != "value" else ("value", "None"))
    if node is not None and not frontmatter._rewritten_by_construction(node):
        assert _outcome(lambda: yaml.SafeLoader("").construct_document(node)) == expected
    assert (_node_shape(node) if node is not None else None) == before
