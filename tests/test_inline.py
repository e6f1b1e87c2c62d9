"""Inline markup of one message (pyromark underneath) and the shared number recogniser."""

from __future__ import annotations

from l10n.catalog.checks import emphasis_balanced, structure_kept
from l10n.catalog.stats import count_words
from l10n.document.inline import parse_inline
from l10n.document.numbers import digits, find_numbers, number_end


def test_atoms_of_a_sentence() -> None:
    text = "Read [the *r*](https://x.y/r) and `ls`, <b>now</b> <https://a.b>[^1]."
    assert sorted(parse_inline(text).atoms().elements()) == sorted([
        ("footnote", "[^1]"), ("html", "</b>"), ("html", "<b>"), ("link", "https://a.b"),
        ("link", "https://x.y/r"), ("code", "`ls`"),
    ])

def test_a_sentence_is_read_as_the_middle_of_a_paragraph() -> None:
    # At the start of a document these would be a heading, a code block and an HTML block.
    assert parse_inline("# not a heading `x`").atoms()[("code", "`x`")] == 1
    assert parse_inline("    `x` indented").atoms()[("code", "`x`")] == 1
    assert parse_inline("<div>x</div>").atoms()[("html", "<div>")] == 1


def test_offsets_are_characters_not_bytes() -> None:
    inline = parse_inline("Afirmação **ousada** `çã`.")
    strong = next(m for m in inline.markup if m.name == "strong")
    assert inline.text[strong.start : strong.end] == "**ousada**"
    assert ("code", "`çã`") in inline.atoms()


def test_emphasis_that_does_not_open_is_unbalanced() -> None:
    # "** ousada**" prints literal asterisks; counting markers saw two and let it pass.
    assert emphasis_balanced("A **bold** claim.", "Uma afirmação ** ousada**.") is not None
    assert emphasis_balanced("Use 5 * 3 or \\*.", "Use 5 * 3 ou \\*.") is None
    assert emphasis_balanced("A *b* c.", "Um \\*b\\* c.") is None


def test_structure_ignores_surrounding_white_space() -> None:
    assert structure_kept("A sentence.", "    Uma frase.  ") is None
    assert structure_kept("A sentence.", "- Uma frase.") is not None
    # A source sentence that alone would read as a list item may become plain text.
    assert structure_kept("1. April was cold.", "Abril foi frio.") is None


def test_word_counts_skip_destinations_and_tags() -> None:
    assert count_words("Read [the report](https://x.y/r?a=1 'T') <b>now</b> <https://a.b>.") == 4


def test_numbers_by_joining() -> None:
    assert find_numbers("1 234,5 and 12:30", "grouped") == ["1 234,5", "12", "30"]
    assert find_numbers("2022-03-01 at 12:30", "compound") == ["2022-03-01", "12:30"]
    assert find_numbers("1,234.5 and 3", "decimal") == ["1,234.5", "3"]
    assert digits("1\u202f234,5") == "12345"
    assert number_end("x 42.", 2) == 4
    assert number_end("x ²", 2) == -1


def test_word_counts_keep_angle_brackets_inside_code_spans() -> None:
    # "<filename>" in a code span is text, not an HTML tag: the old pattern dropped the word.
    assert count_words("Then include `<filename>` here.") == 4
