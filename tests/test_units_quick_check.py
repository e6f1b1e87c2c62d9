"""The quick check of ``block_spans``: a block with no sentence stop before its last character
is one sentence without the engine. ASCII text is scanned with the ASCII stops only; the spans
must be exactly what the general rule (any of ``STOP_CHARACTERS``, then the segmenter) gives."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from l10n.document.model import Block, BlockKind, Layout
from l10n.document.segment import sentence_spans
from l10n.document.units import STOP_CHARACTERS, block_spans

_ANY_STOP = re.compile("[" + re.escape(STOP_CHARACTERS) + "]")


def _general(text: str) -> list[tuple[int, int]]:
    """The spans by the general rule: the first stop of any script, found in the whole text."""
    end_of_text = len(text.rstrip())
    first_stop = _ANY_STOP.search(text)
    if first_stop is None or first_stop.start() >= end_of_text - 1:
        s = len(text) - len(text.lstrip())
        return [(s, end_of_text)] if end_of_text > s else []
    return sentence_spans(text, "en")


_PIECES = [*STOP_CHARACTERS, "Ab", "cd", "1", " ", "\n", "\t", "\u00a0", "é", "\u3000", ". Next", "1) ", "2) "]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
@example("1) Ab 2) cd")  # the finder of inline lists breaks after ")" alone
@example("Ab. Next é")
@example("Ab\u3002Cd")
def test_the_quick_check_gives_the_spans_of_the_general_rule(text: str) -> None:
    block = Block(BlockKind.PARAGRAPH, 0, len(text), text, 1, Layout.WRAPPED)
    assert block_spans(block, "en", "sentence") == _general(text)
