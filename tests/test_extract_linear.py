"""Extraction is linear in the size of one block: the work counted for a block twice as large is
about twice the work (:mod:`tests.growth`), for the shapes of block that once were quadratic."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from l10n.catalog.store import PoStyle
from l10n.catalog.template import TemplateSource, build_template
from l10n.document.formats import FormatOptions, parse_document
from l10n.document.units import segment_document
from tests.growth import growth

LINEAR = 2.3
"""Largest accepted growth for a doubled input (2.0 is linear; quadratic steps gave 3 to 4)."""


def _extract(markdown: Callable[[int], str]) -> Callable[[int], object]:
    def run(n: int) -> object:
        doc = parse_document(markdown(n), "a.md", FormatOptions(), "markdown")
        sdoc = segment_document(doc, "en")
        return PoStyle(79).format(build_template([TemplateSource("a.md", sdoc)], project="p", creation_date="x"))

    return run


def test_sentences_wrapped_in_their_own_emphasis_segment_in_linear_work() -> None:
    # Every opened "**A. B.**" used to re-fence every other emphasis of the paragraph.
    text = _extract(lambda n: " ".join(f"**Bold {i}. More.**" for i in range(n)) + "\n")
    assert growth(text, 200) < LINEAR


def test_autolinks_in_one_paragraph_parse_in_linear_work() -> None:
    # Each autolink used to filter all the text ranges read so far in its paragraph.
    text = _extract(lambda n: " ".join(f"See <https://e.com/{i}> now." for i in range(n)) + "\n")
    assert growth(text, 200) < LINEAR


def test_an_html_block_with_many_elements_parses_in_linear_work() -> None:
    # Each start tag used to be looked up in every run of text of the block.
    text = _extract(lambda n: "<div>\n" + "\n".join(f"<p>Hi {i}.</p>" for i in range(n)) + "\n</div>\n")
    assert growth(text, 200) < LINEAR


@pytest.mark.parametrize("markdown", [
    lambda n: " ".join(f"Sentence number {i} ends here." for i in range(n)) + "\n",
    lambda n: "\n".join(f"Line {i} of a wrapped paragraph, and more." for i in range(n)) + "\n",
    lambda n: "  \n".join(f"Line {i} ends in a hard break" for i in range(n)) + ".\n",
    lambda n: " ".join(f"Use `x{i}` and [doc {i}](https://e.com/{i}). Then <b>go</b>." for i in range(n)),
    lambda n: "**" + " ".join(f"Say *it* {i}." for i in range(n)) + "**\n",
    lambda n: "| a | b |\n|---|---|\n" + "\n".join(f"| x {i}. y. | z {i} |" for i in range(n)) + "\n",
], ids=["one-line", "wrapped", "hard-breaks", "inline-markup", "one-wrapper", "table"])
def test_one_long_block_extracts_in_linear_work(markdown: Callable[[int], str]) -> None:
    assert growth(_extract(markdown), 200) < LINEAR


def test_a_sentence_repeated_on_many_lines_gets_its_references_in_linear_work() -> None:
    # The template used to look each new reference up in the entry's list of references; it
    # now keeps one set of (msgid, file, line) for the whole template.
    def references(n: int) -> int:
        doc = parse_document("\n".join("- Returns nothing." for _ in range(n)) + "\n", "a.md",
                             FormatOptions(), "markdown")
        pot = build_template([TemplateSource("a.md", segment_document(doc, "en"))], project="p")
        return sum(len(m.references) for m in pot.messages)

    assert references(2000) == 2000
    assert growth(references, 200) < LINEAR


def test_a_long_wrapped_paragraph_is_rewrapped_in_linear_work() -> None:
    # Re-wrapping measured the whole line again for every word it added, and a line of a long
    # paragraph's typical width grows with the paragraph: quadratic in building it.
    from l10n.document.assemble import assemble

    def build(n: int) -> object:
        line = " ".join(f"palavra{i}" for i in range(n))
        doc = parse_document(f"{line}\n{line}\n", "a.md", FormatOptions(), "markdown")
        sdoc = segment_document(doc, "en")
        return assemble(sdoc, lambda msgid: msgid.replace("palavra", "ação"), "pt_BR").text

    assert "ação1" in str(build(3))
    assert growth(build, 200) < LINEAR
