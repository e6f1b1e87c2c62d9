"""What formats make translatable, and how translations are written back."""

from __future__ import annotations

import pytest

from l10n.document.assemble import assemble
from l10n.document.formats import FormatOptions, parse_document
from l10n.document.model import BlockKind, Layout
from l10n.document.structure import block_structure
from l10n.document.units import segment_document
from l10n.errors import SourceError


def texts(markdown: str, options: FormatOptions = FormatOptions()) -> list[tuple[str, str]]:
    doc = parse_document(markdown, "a.md", options)
    return [(b.kind.value, b.text) for b in doc.blocks]


def translate(source: str, table: dict[str, str], path: str = "a.md") -> str:
    sdoc = segment_document(parse_document(source, path, FormatOptions()), "en")
    return assemble(sdoc, table.get).text


def test_markdown_translatable_kinds() -> None:
    md = (
        "# Head\n\nPara *x*.\n\n- item\n\n> quote\n\n| h |\n|---|\n| cell |\n\n"
        "Note[^1].\n\n[^1]: Foot.\n"
    )
    assert texts(md) == [
        ("heading", "Head"),
        ("paragraph", "Para *x*."),
        ("list item", "item"),
        ("block quote", "quote"),
        ("table header", "h"),
        ("table cell", "cell"),
        ("paragraph", "Note[^1]."),
        ("footnote", "Foot."),
    ]


def test_code_blocks_raw_html_and_link_definitions_are_never_extracted() -> None:
    md = (
        "```python\nprint('hi')\n```\n\n    indented code\n\n<pre>\nraw html\n</pre>\n\n"
        "[ref]: https://example.com \"Title\"\n\nText with `inline code`.\n"
    )
    assert texts(md) == [("paragraph", "Text with `inline code`.")]


def test_front_matter_keys_named_in_configuration_only() -> None:
    md = '---\ntitle: "Hello: world"\nauthor: Jane\nseo:\n  title: Nested\ndate: 2022-10-20\n---\nBody.\n'
    assert texts(md) == [("front matter", "Hello: world"), ("paragraph", "Body.")]
    nested = FormatOptions(front_matter_keys=("title", "seo.title"))
    assert [t for _, t in texts(md, nested)] == ["Hello: world", "Nested", "Body."]


def test_toml_front_matter() -> None:
    md = '+++\ntitle = "Hello"\ndraft = true\n+++\n\nBody.\n'
    out = translate(md, {"Hello": 'Olá "mundo"', "Body.": "Corpo."})
    assert out == '+++\ntitle = "Olá \\"mundo\\""\ndraft = true\n+++\n\nCorpo.\n'


def test_yaml_values_are_requoted_safely() -> None:
    md = "---\ntitle: Plain title\ndescription: 'single'\n---\n"
    out = translate(md, {"Plain title": "Título: com dois-pontos", "single": "it's"})
    assert out == "---\ntitle: \"Título: com dois-pontos\"\ndescription: 'it''s'\n---\n"


@pytest.mark.parametrize(
    "source, line",
    [
        ("---\ntitle: [unclosed\n---\nBody\n", 2),
        ("---\ntitle: a\n  bad: indent\n---\n", 3),
        ("+++\ntitle = \n+++\n", 2),
        ("---\ntitle: x\nBody without closing\n", 1),
    ],
)
def test_broken_front_matter_is_an_error_with_a_line(source: str, line: int) -> None:
    with pytest.raises(SourceError) as err:
        parse_document(source, "a.md", FormatOptions())
    assert err.value.line == line
    assert str(err.value).startswith(f"a.md:{line}: ")


def test_a_leading_thematic_break_is_not_front_matter() -> None:
    assert texts("---\n\nText.\n") == [("paragraph", "Text.")]


def test_one_line_paragraph_stays_on_one_line() -> None:
    out = translate("A short sentence. Another one.\n", {"A short sentence.": "Uma frase curta " * 8})
    assert out.count("\n") == 1


def test_wrapped_paragraph_is_rewrapped_to_source_width() -> None:
    source = "> " + "word " * 7 + "end of\n> line two here and more text.\n"
    doc = parse_document(source, "a.md", FormatOptions())
    assert doc.blocks[0].layout is Layout.WRAPPED
    sdoc = segment_document(doc, "en")
    out = assemble(sdoc, lambda m: "palavra " * 20 + "fim.").text
    lines = out.rstrip("\n").split("\n")
    assert len(lines) > 2
    assert all(line.startswith("> ") for line in lines)
    assert max(len(line) for line in lines) <= max(len(line) for line in source.split("\n"))


def test_rewrap_never_starts_a_line_with_block_syntax() -> None:
    source = "aaaa bbbb cccc dddd eeee ffff gggg\nhhhh iiii.\n"
    target = "aaaa bbbb cccc dddd eeee ffff gggg - # 1. > hhhh iiii."
    out = translate(source, {"aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii.": target})
    for line in out.split("\n")[1:]:
        assert not line.startswith(("-", "#", "1.", ">"))


def test_table_cell_translation_escapes_pipes() -> None:
    out = translate("| a |\n|---|\n| x |\n", {"x": "y | z"})
    assert out == "| a |\n|---|\n| y \\| z |\n"


def test_translation_that_drops_a_link_is_not_used() -> None:
    source = "See [the report](https://x.y/r).\n"
    sdoc = segment_document(parse_document(source, "a.md", FormatOptions()), "en")
    result = assemble(sdoc, {"See [the report](https://x.y/r).": "Veja o relatório."}.get)
    assert result.text == source
    assert result.warnings and "https://x.y/r" in result.warnings[0][1]


def test_hard_line_breaks_are_kept_in_messages() -> None:
    sdoc = segment_document(parse_document("Roses  \nare red\n", "a.md", FormatOptions()), "en")
    assert "".join(s.msgid for s in sdoc.segments).count("\n") == 1


def test_soft_breaks_fold_to_spaces_in_messages() -> None:
    sdoc = segment_document(parse_document("one two\nthree four\n", "a.md", FormatOptions()), "en")
    assert [s.msgid for s in sdoc.segments] == ["one two three four"]


def test_plain_text_lines_auto_mode() -> None:
    byline = "By Jane Doe\nCNN\n\nA long hard-wrapped paragraph of text that goes on and on\nand then continues on the next line.\n"
    doc = parse_document(byline, "a.txt", FormatOptions())
    assert [b.kind for b in doc.blocks] == [BlockKind.LINE, BlockKind.LINE, BlockKind.PARAGRAPH]
    assert doc.blocks[2].layout is Layout.WRAPPED


def test_crlf_line_endings_survive_translation() -> None:
    source = "# Title\r\n\r\nFirst line\r\nsecond line.\r\n"
    out = translate(source, {"Title": "Título", "First line second line.": "Primeira linha segunda linha."})
    assert out == "# Título\r\n\r\nPrimeira linha segunda linha.\r\n" or "\r\n" in out and "\n" not in out.replace("\r\n", "")


def test_translation_with_unbalanced_emphasis_is_not_used() -> None:
    source = "A **bold** claim.\n"
    sdoc = segment_document(parse_document(source, "a.md", FormatOptions()), "en")
    result = assemble(sdoc, {"A **bold** claim.": "Uma afirmação **ousada."}.get)
    assert result.text == source
    assert "unbalanced" in result.warnings[0][1]


@pytest.mark.parametrize("target", ["# Título.", "- Item.", "1. Um.", "> Citação.", "```"])
def test_translation_that_would_open_a_new_block_is_not_used(target: str) -> None:
    source = "Intro.\n\nA sentence.\n"
    sdoc = segment_document(parse_document(source, "a.md", FormatOptions()), "en")
    result = assemble(sdoc, {"A sentence.": target}.get)
    assert result.text == source
    assert "structure" in result.warnings[0][1]


def test_white_space_around_a_translation_cannot_indent_it_into_code() -> None:
    source = "Intro.\n\nA sentence.\n"
    assert translate(source, {"A sentence.": "    Uma frase.  "}) == "Intro.\n\nUma frase.\n"


@pytest.mark.parametrize("source", ["foo  \n     bar\n", "- a\\\n  b\n", "> foo  \n>    bar\n"])
def test_hard_break_before_an_indented_line_survives_translation(source: str) -> None:
    sdoc = segment_document(parse_document(source, "a.md", FormatOptions()), "en")
    (segment,) = sdoc.segments
    assert "\n" in segment.msgid
    out = assemble(sdoc, lambda m: m.replace("a", "A").replace("foo", "FOO")).text
    assert out != source
    assert block_structure(out) == block_structure(source)
    assert out.count("\n") == source.count("\n")
