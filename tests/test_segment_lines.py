"""The source line of every message (the ``#:`` reference): one owner,
:func:`l10n.document.units.segment_lines`, counted in one pass (a long paragraph's line breaks
were counted again for each of its sentences, which made extracting a one-line paragraph of
19,000 sentences quadratic)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.document.formats import FormatOptions, parse_document
from l10n.document.units import pieces, segment_document, segment_lines

ARTICLES = sorted(p for p in (Path(__file__).parent / "data" / "articles").iterdir()
                  if p.suffix in (".md", ".markdown", ".txt") and p.name != "LICENSES.txt")


def _line_of_offset(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


@pytest.mark.parametrize("path", ARTICLES, ids=[p.name for p in ARTICLES])
def test_each_message_starts_on_the_source_line_its_reference_names(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    sdoc = segment_document(parse_document(text, path.name, FormatOptions()), "en")
    lines = segment_lines(sdoc)
    for seg, line in zip(sdoc.segments, lines, strict=True):
        block = sdoc.document.blocks[seg.block]
        if block.text == text[block.start:block.end]:  # the block's text is the source's own
            assert line == _line_of_offset(text, block.start + seg.start), seg.msgid
        assert line == block.line + block.text.count("\n", 0, seg.start)
    assert [p.line for p in pieces(sdoc) if p.segment is not None] == list(lines)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["One sentence.", "Two words here.", "\n", "> Quoted.\n",
                                 "\n\n", "- Item one. Item two.\n", "A *b.* C."]), max_size=30))
def test_segment_lines_equal_the_line_breaks_counted_before_each_message(parts: list[str]) -> None:
    text = " ".join(parts)
    sdoc = segment_document(parse_document(text, "a.md", FormatOptions()), "en")
    expected = [sdoc.document.blocks[s.block].line
                + sdoc.document.blocks[s.block].text.count("\n", 0, s.start) for s in sdoc.segments]
    assert list(segment_lines(sdoc)) == expected
