"""Plain text with structure, and the width translations are re-wrapped to.

Real documents in ``tests/data/text`` (provenance and licences in ``SOURCES.md``): untranslated
they come back byte for byte; translated with a transform that changes every word (the pseudo
engine) they keep their structure, judged by a small validator written here that does not use
the product's parser: blank-line groups, underlined headings and their rule lengths, indented
blocks byte for byte.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from l10n.config import load_config
from l10n.document.assemble import assemble
from l10n.document.formats import FormatOptions, parse_document
from l10n.document.model import Block, BlockKind, Layout
from l10n.document.units import segment_document
from l10n.document.widths import article_width, wrap_width
from l10n.mt.engines.pseudo import pseudo_translate
from l10n.project import format_options

DATA = Path(__file__).parent / "data" / "text"
TEXTS = sorted(DATA.glob("*.txt"))


def build(text: str, lookup: object, path: str = "a.txt", options: FormatOptions = FormatOptions()) -> str:
    sdoc = segment_document(parse_document(text, path, options), "en")
    return assemble(sdoc, lookup).text  # type: ignore[arg-type]


def blocks(text: str, options: FormatOptions = FormatOptions()) -> list[Block]:
    return list(parse_document(text, "a.txt", options).blocks)


# ---------------------------------------------------------------- an independent validator

_RULE = re.compile(r"[ \t]*([=\-~^*+#_:.'\"`])\1{2,}[ \t]*")
_ITEM = re.compile(r"[ \t]*(?:[-*+o]|\d+[.)]|[a-z][.)]|\(\w+\))[ \t]")


def columns(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1
               for c in line.expandtabs(8))


def groups(text: str) -> list[list[str]]:
    return [g.split("\n") for g in re.split(r"\n[ \t]*\n", text.strip("\n")) if g.strip()]


def headings(text: str) -> list[tuple[int, bool]]:
    """(line number, rule as wide as its title) of every title over a rule."""
    lines = text.split("\n")
    return [(i, columns(lines[i].rstrip()) == columns(lines[i - 1].rstrip()))
            for i in range(1, len(lines))
            if _RULE.fullmatch(lines[i]) and lines[i - 1].strip() and not _RULE.fullmatch(lines[i - 1])]


def indent(line: str) -> int:
    return len(line.expandtabs(8)) - len(line.lstrip())


def indented_blocks(text: str) -> list[str]:
    """Groups two or more columns deeper than the body text (the indentation of most paragraphs
    of three lines or more), other than list items and their next paragraphs."""
    gs = groups(text)
    body = Counter(indent(g[0]) for g in gs if len(g) > 2 and len({indent(x) for x in g}) == 1)
    base = body.most_common(1)[0][0] if body else 0
    out = []
    for k, g in enumerate(gs):
        prev = gs[k - 1] if k else []
        next_paragraph = len(prev) > 1 and _ITEM.match(prev[0]) and indent(prev[1]) == indent(g[0])
        if min(indent(x) for x in g) >= base + 2 and not _ITEM.match(g[0]) and not next_paragraph:
            out.append("\n".join(g))
    return out


def assert_same_structure(source: str, built: str) -> None:
    assert len(groups(built)) == len(groups(source))
    before, after = headings(source), headings(built)
    assert len(after) == len(before)
    assert all(matched for (_, was), (_, matched) in zip(before, after) if was)
    for block in indented_blocks(source):
        assert block in built


# ---------------------------------------------------------------- real documents


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_plain_text_documents_round_trip_byte_for_byte(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert build(text, lambda m: m) == text
    assert build(text, lambda m: None) == text


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_translated_plain_text_keeps_its_structure(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    built = build(text, pseudo_translate)
    assert built != text
    assert_same_structure(text, built)


def test_validator_sees_what_the_old_layout_broke() -> None:
    source = "Introduction\n============\n\nText here.\n\n    code line\n"
    with pytest.raises(AssertionError):
        assert_same_structure(source, "[Îñţŕöðûçţîöñ ============]\n\n[Ţéẋţ]\n\n    code line\n")
    with pytest.raises(AssertionError):
        assert_same_structure(source, "[Îñţŕöðûçţîöñ]\n============\n\n[Ţéẋţ]\n\n    [çöðé ļîñé]\n")


# ---------------------------------------------------------------- minimal cases


def test_underlined_heading_is_one_message_and_stays_two_lines() -> None:
    source = "Concepts\n--------\n\nEach trigger is named.\n"
    assert [(b.kind, b.text) for b in blocks(source)] == [
        (BlockKind.HEADING, "Concepts"), (BlockKind.PARAGRAPH, "Each trigger is named.")]
    out = build(source, {"Concepts": "Conceitos básicos"}.get)
    assert out == "Conceitos básicos\n-----------------\n\nEach trigger is named.\n"


def test_underline_follows_the_display_width_of_the_title() -> None:
    out = build("Concepts\n========\n", {"Concepts": "概念と設計"}.get)
    assert out == "概念と設計\n==========\n"


def test_overlined_title_keeps_both_rules_matched() -> None:
    source = "**********************\n  Sorting HOW TO\n**********************\n\nText.\n"
    out = build(source, {"Sorting HOW TO": "Como ordenar listas em Python"}.get)
    # The rules were wider than the title: they still cover it
    assert out.split("\n")[:3] == ["*" * 31, "  Como ordenar listas em Python", "*" * 31]
    matched = "=====\nTitle\n=====\n"
    assert build(matched, {"Title": "Título"}.get) == "======\nTítulo\n======\n"


def test_rule_that_did_not_match_the_title_is_kept_unless_too_short() -> None:
    source = "Notes\n====================\n"
    assert build(source, {"Notes": "Notas"}.get) == "Notas\n====================\n"
    out = build(source, {"Notes": "Notas sobre esta versão do programa"}.get)
    assert out == "Notas sobre esta versão do programa\n" + "=" * 35 + "\n"


def test_indented_block_is_verbatim() -> None:
    source = ("The loader reads the file and returns the configuration that it found there\n"
              "for the whole program to use.\n\n    config = load(path)\n    run(config)\n\nDone.\n")
    assert [b.text for b in blocks(source)] == [
        "The loader reads the file and returns the configuration that it found there\nfor the "
        "whole program to use.", "Done."]
    out = build(source, pseudo_translate)
    assert "\n\n    config = load(path)\n    run(config)\n\n" in out


def test_tables_and_rest_directives_are_verbatim() -> None:
    source = ("Reserved uids:\n    uid   | name     | description\n    ------+----------+------------\n"
              "    64000 | ftn      | fidogate\n\n.. doctest::\n\nStatus      Pending   Awaited\n"
              "unpacked    never     maybe\n")
    assert [b.text for b in blocks(source)] == ["Reserved uids:"]


def test_list_item_with_hanging_indent_is_one_message() -> None:
    source = (" * File triggers.  These are activated automatically by dpkg\n"
              "   when a matching file is installed, upgraded or removed as part\n"
              "   of a package.\n")
    (block,) = blocks(source)
    assert block.layout is Layout.WRAPPED
    assert block.text.startswith("File triggers.")
    out = build(source, pseudo_translate)
    lines = out.rstrip("\n").split("\n")
    assert lines[0].startswith(" * [") and len(lines) >= 3
    assert all(line.startswith("   ") and line[3] != " " for line in lines[1:])


def test_list_after_a_paragraph_line_starts_new_items() -> None:
    source = ("We currently envisage three kinds of triggers:\n * Explicit triggers.  These can be "
              "activated\n   by running dpkg-trigger.\n * File triggers.\n")
    assert [b.text for b in blocks(source)] == [
        "We currently envisage three kinds of triggers:",
        "Explicit triggers.  These can be activated\nby running dpkg-trigger.",
        "File triggers.",
    ]


def test_hanging_indent_paragraph_is_one_message_rewrapped_behind_its_indentation() -> None:
    source = ('   MUST   This word, or the terms "REQUIRED" or "SHALL", mean that the\n'
              "      definition is an absolute requirement of the specification.\n")
    (block,) = blocks(source)
    assert block.layout is Layout.WRAPPED
    out = build(source, pseudo_translate)
    lines = out.rstrip("\n").split("\n")
    assert lines[0].startswith("   [") and len(lines) >= 3
    assert all(line.startswith("      ") and line[6] != " " for line in lines[1:])


def test_term_line_with_an_indented_body_is_a_term_and_a_paragraph() -> None:
    source = ("Details - Overview\n"
              "    When a package activates a trigger in which another package is\n"
              "    interested, that package is added to the list of packages whose\n"
              "    trigger processing is awaited.\n")
    assert [(b.kind, b.layout) for b in blocks(source)] == [
        (BlockKind.LINE, Layout.INLINE), (BlockKind.PARAGRAPH, Layout.WRAPPED)]


def test_next_paragraph_of_a_list_item_is_prose() -> None:
    source = ("  - When searching a binary file FOO, grep now just reports\n"
              "    that the binary file matches instead of printing it.\n\n"
              "    The new -a or --text option causes grep to assume that all\n"
              "    input is text, whatever it contains.\n")
    assert len(blocks(source)) == 2


def test_field_list_lines_are_separate_messages() -> None:
    source = ":Release: |release|\n:Date: |today|\n:Editor: Pablo Galindo Salgado\n"
    assert [b.layout for b in blocks(source)] == [Layout.INLINE] * 3


def test_runs_of_spaces_between_sentences_survive_rewrapping() -> None:
    source = ("Python is an interpreted, interactive, object-oriented programming language.  It\n"
              "incorporates modules, exceptions, dynamic typing, very high level dynamic data\n"
              "types, and classes.  It supports multiple programming paradigms beyond\n"
              "object-oriented programming.\n")
    out = build(source, {"It supports multiple programming paradigms beyond object-oriented "
                         "programming.": "It supports many paradigms."}.get)
    assert out == ("Python is an interpreted, interactive, object-oriented programming language.  It\n"
                   "incorporates modules, exceptions, dynamic typing, very high level dynamic data\n"
                   "types, and classes.  It supports many paradigms.\n")


# ---------------------------------------------------------------- re-wrapping width


def test_long_url_line_does_not_set_the_rewrap_width() -> None:
    source = (DATA / "fastify-prototype-poisoning.md").read_text(encoding="utf-8")
    assert max(len(line) for line in source.split("\n")) == 145
    out = build(source, pseudo_translate, "a.md")
    for line in out.split("\n"):
        if "](" not in line:  # a link destination is never broken
            assert len(line) <= 100, line
    widths = [len(line) for line in out.split("\n") if line and not line.startswith(("#", "<"))]
    assert sorted(widths)[len(widths) // 2] >= 50  # still wrapped wide, not narrowed


def test_wrap_width_is_the_typical_line_not_the_widest() -> None:
    source = (DATA / "fastify-prototype-poisoning.md").read_text(encoding="utf-8")
    doc = parse_document(source, "a.md", FormatOptions())
    paragraph = next(b for b in doc.blocks if b.text.startswith("But first"))
    assert paragraph.width == 145
    assert wrap_width(paragraph, article_width(doc.blocks)) == 79


def test_paragraph_without_outliers_keeps_its_widest_line() -> None:
    source = "one two three four five six seven\neight nine ten eleven twelve\nthirteen fourteen.\n"
    (block,) = blocks(source, FormatOptions(line_breaks="soft"))
    assert wrap_width(block) == 33
    assert build(source, lambda m: m.replace("one", "uno"), options=FormatOptions(line_breaks="soft")) \
        == source.replace("one", "uno")


def test_indented_blocks_can_be_made_translatable(tmp_path: Path) -> None:
    source = "Intro paragraph that is long enough to be body text here.\n\n    An indented note.\n"
    assert [b.text for b in blocks(source)] == ["Intro paragraph that is long enough to be body text here."]
    config = tmp_path / "l10n.toml"
    config.write_text('source_language = "en"\nlocales = ["pt_BR"]\n[text]\nindented = "translate"\n')
    options = format_options(load_config(config))
    assert [b.text for b in blocks(source, options)][-1] == "An indented note."
