"""Msgids: soft line breaks folded to one space, hard ones kept. ``normalize_msgid`` folds a
paragraph without blanks beside its newlines by ``str.replace``; it must give exactly what the
general rule (the ``[ \\t]*\\n[ \\t]*`` runs, each one space) gives."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.document.formats import FormatOptions, parse_document
from l10n.document.model import Block, BlockKind, Layout
from l10n.document.units import normalize_msgid, segment_document

ARTICLES = sorted(p for p in (Path(__file__).parent / "data" / "articles").iterdir()
                  if p.suffix in (".md", ".markdown", ".txt") and p.name != "LICENSES.txt")

_SOFT = re.compile(r"[ \t]*\n[ \t]*")


def _general(block: Block, start: int, end: int) -> str:
    """The msgid by the general rule, soft break by soft break."""
    text = block.text[start:end]
    out, pos = [], 0
    for m in _SOFT.finditer(text):
        if start + m.start() + m.group(0).index("\n") in block.hard_breaks:
            continue
        out += [text[pos : m.start()], " "]
        pos = m.end()
    return "".join(out) + text[pos:]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([*"ab .", " ", "\t", "\n", "\u00a0", "\r", "  \n", "\n\t"]),
                max_size=30).map("".join), st.data())
def test_msgids_fold_soft_breaks_as_the_general_rule_does(text: str, data: st.DataObject) -> None:
    newlines = [i for i, c in enumerate(text) if c == "\n"]
    hard = tuple(sorted(data.draw(st.sets(st.sampled_from(newlines)))) if newlines else ())
    block = Block(BlockKind.PARAGRAPH, 0, len(text), text, 1, Layout.WRAPPED, hard_breaks=hard)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert normalize_msgid(block, start, end) == _general(block, start, end)


def test_msgids_of_the_sample_articles_follow_the_general_rule() -> None:
    for path in ARTICLES:
        sdoc = segment_document(parse_document(path.read_text(encoding="utf-8"), path.name,
                                               FormatOptions()), "en")
        for seg in sdoc.segments:
            block = sdoc.document.blocks[seg.block]
            assert seg.msgid == _general(block, seg.start, seg.end), (path.name, seg)
