"""Markdown beyond CommonMark that real sites use: reference links by label, definition lists,
attribute lists and GitHub alerts.

Each fixture comes from the syntax's own documentation (the CommonMark spec's reference-link
section, kramdown's syntax page, PHP Markdown Extra / Goldmark, Hugo's heading attributes, GitHub's
alerts). For each: untranslated, the article comes back byte for byte; translated by the pseudo
engine through the engines' masking (every word changes), the built article has the same block
structure, link destinations and markup under an independent parser, markdown-it-py with its
``deflist`` plugin.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.deflist import deflist_plugin

from l10n.catalog.checks import Scope, check_entry, refusal
from l10n.document.assemble import AssembleResult, assemble, short_msgid
from l10n.document.formats import FormatOptions, parse_document
from l10n.document.inline import ATTRIBUTE_LIST, parse_inline, relabel_references
from l10n.document.model import BlockKind, LinkDefinition
from l10n.document.units import segment_document
from l10n.mt.engines.pseudo import pseudo_translate
from l10n.mt.mask import mask, unmask
from tests.test_cli import run

_MARKDOWN_IT = MarkdownIt("commonmark").use(deflist_plugin)
_MARKUP_TEXT = re.compile(r"\{[^{}\n]*\}|\[![A-Za-z]+\]")


def shape(markdown: str) -> list[object]:
    """What a translation must keep, read by markdown-it-py: block tokens, link and image
    destinations, code, and attribute lists or alert markers left as text."""
    out: list[object] = []
    for token in _MARKDOWN_IT.parse(markdown):
        if token.type != "inline":
            out.append((token.type, token.tag, token.info))
            continue
        for child in token.children or []:
            if child.type in ("link_open", "image"):
                out.append((child.type, child.attrGet("href") or child.attrGet("src")))
            elif child.type == "code_inline":
                out.append(("code", child.content))
        out.extend(_MARKUP_TEXT.findall(token.content))
    return out


def pseudo(msgid: str) -> str:
    """The pseudo engine's draft of ``msgid``, through the masking every engine gets."""
    masked = mask(msgid)
    return unmask(masked, pseudo_translate(masked.text))


def build(source: str, translate: object = pseudo, options: FormatOptions = FormatOptions()) -> AssembleResult:
    sdoc = segment_document(parse_document(source, "a.md", options), "en")
    assert callable(translate)
    table = {seg.msgid: translate(seg.msgid) for seg in sdoc.segments}
    return assemble(sdoc, table.get)


def messages(source: str, options: FormatOptions = FormatOptions()) -> list[tuple[str, str]]:
    sdoc = segment_document(parse_document(source, "a.md", options), "en")
    return [(sdoc.document.blocks[seg.block].kind.value, seg.msgid) for seg in sdoc.segments]


def assert_survives_translation(source: str) -> str:
    assert build(source, lambda msgid: msgid).text == source
    result = build(source)
    assert result.warnings == ()
    assert result.translated == len(messages(source))
    assert shape(result.text) == shape(source)
    return result.text


# ---------------------------------------------------------------- reference links

REFERENCE_LINKS = [
    # CommonMark 0.31.2, "Links": full (example 192), collapsed (205), shortcut (213), shortcut
    # with inline markup (214), labels match case-insensitively (207).
    '[foo][bar]\n\n[bar]: /url "title"\n',
    '[foo][]\n\n[foo]: /url "title"\n',
    '[foo]\n\n[foo]: /url "title"\n',
    '[*foo* bar]\n\n[*foo* bar]: /url "title"\n',
    '[Foo][]\n\n[foo]: /url "title"\n',
    # An image by reference whose label ends with emphasis (573, 576); an escaped one (563).
    '![foo *bar*]\n\n[foo *bar*]: train.jpg "train & tracks"\n',
    '![foo *bar*][]\n\n[foo *bar*]: train.jpg "train & tracks"\n',
    '\\[foo]\n\n[foo]: /url "title"\n',
    # As articles write them: several in one sentence, a definition inside a quote, an image.
    "See the [release notes] and the [changelog][] for [what changed][rn].\n\n"
    "> [changelog]: https://example.com/changes\n\n"
    "[release notes]: https://example.com/notes\n[rn]: <https://example.com/a b>\n",
    "The map ![of the city][map] is old.\n\n[map]: /img/map.png\n",
]


@pytest.mark.parametrize("source", REFERENCE_LINKS)
def test_reference_links_keep_their_destinations_once_the_label_is_translated(source: str) -> None:
    built = assert_survives_translation(source)
    assert built != source


def test_a_translated_shortcut_is_written_as_a_full_reference_to_the_source_label() -> None:
    source = "See the [release notes] and the [changelog][].\n\n[release notes]: /n\n[Changelog]: /c\n"
    table = {"See the [release notes] and the [changelog][].":
             "Veja as [notas de versão] e o [registro de mudanças][]."}
    result = build(source, table.__getitem__)
    assert result.text.startswith(
        "Veja as [notas de versão][release notes] e o [registro de mudanças][changelog].\n"
    )
    assert result.warnings == ()


@pytest.mark.parametrize(
    ("source", "target", "built"),
    [
        # Pseudo-localised, from the Node.js docs: an escaped bracket and the engine's brackets.
        ("`keyUsages`: {string\\[]} See [Key usages][].",
         "[`keyUsages`: {šţŕîñĝ\\[]} Šéé [Ķéý ûšåĝéš][]. ···]",
         "[`keyUsages`: {šţŕîñĝ\\[]} Šéé [Ķéý ûšåĝéš][Key usages]. ···]"),
        ("He wrote [sic] in the [release notes].", "Ele escreveu [sic] nas [notas de versão].",
         "Ele escreveu [sic] nas [notas de versão][release notes]."),
        ("![foo *bar*] here.", "![ƒöö *ƀåŕ*] aqui.", "![ƒöö *ƀåŕ*][foo *bar*] aqui."),
        ("See [Section 6][] of the [Specification][].",
         "[Veja a [Seção 6][] da [Especificação][]. ········]",
         "[Veja a [Seção 6][Section 6] da [Especificação][Specification]. ········]"),
    ],
)
def test_translated_labels_are_paired_in_order_with_the_lost_ones(
    source: str, target: str, built: str
) -> None:
    refs = (LinkDefinition("Key usages", "/k"), LinkDefinition("release notes", "/n"),
            LinkDefinition("foo *bar*", "train.jpg"),
            LinkDefinition("Section 6", "/s6"), LinkDefinition("Specification", "/s"))
    assert relabel_references(source, target, refs) == built
    assert refusal(source, target, Scope.MARKDOWN, refs) is None


@pytest.mark.parametrize("source", ["| Tool |\n|---|\n| [Yarn][] |\n", "- [Yarn][]\n", "[Yarn][]\n"])
def test_a_collapsed_reference_alone_in_a_block_keeps_its_brackets_in_the_message(source: str) -> None:
    # pulldown-cmark's range of `[Yarn][]` stops before `[]`; the `[]` was left to the skeleton
    # and the built link became `[Fio][Yarn][]`.
    article = source + "\n[Yarn]: https://yarnpkg.com\n"
    assert [m for _, m in messages(article)][-1] == "[Yarn][]"
    built = build(article, lambda m: m.replace("[Yarn][]", "[Fio][]").replace("Tool", "Ferramenta"))
    assert "[Fio][Yarn]" in built.text and "[Fio][Yarn][]" not in built.text
    assert shape(built.text) == shape(article)


def test_a_block_that_starts_with_an_escape_keeps_its_backslash_in_the_message() -> None:
    # The message was "[foo]": a link once the article's definitions are known.
    assert messages('\\[foo]\n\n[foo]: /url\n') == [("paragraph", "\\[foo]")]
    assert messages("> \\# not a heading\n") == [("block quote", "\\# not a heading")]


def test_the_message_keeps_the_reference_as_written() -> None:
    assert messages("See the [release notes].\n\n[release notes]: /n\n") == [
        ("paragraph", "See the [release notes].")
    ]


_REFS = (LinkDefinition("release notes", "/n"), LinkDefinition("changelog", "/c"))


@pytest.mark.parametrize(
    ("target", "problem"),
    [
        ("Veja as notas de versão.", "link [release notes] is missing"),
        ("Veja o [changelog].", "link [release notes] is missing"),  # resolves to another one
        ("Veja as [notas][changelog].", "link [release notes] is missing"),
        ("Veja as [notas de versão][release notes].", None),
        ("Veja as [notas de versão].", None),
        ("Veja as [notas de versão][].", None),
        ("Veja as [release notes].", None),
    ],
)
def test_check_and_build_agree_on_reference_links(target: str, problem: str | None) -> None:
    source = "See the [release notes]."
    found = [m for name, _, m in check_entry(source, target, [Scope.MARKDOWN], _REFS) if name == "markup"]
    refused = refusal(source, target, Scope.MARKDOWN, _REFS)
    if problem is None:
        assert found == [] and refused is None
    else:
        assert found and problem in found[0] and refused == found[0]
    article = f"{source}\n\n[release notes]: /n\n[changelog]: /c\n"
    result = build(article, {source: target}.__getitem__)
    assert bool(result.warnings) is (problem is not None)


def test_reference_links_are_links_only_with_the_article_definitions() -> None:
    assert parse_inline("See the [release notes].").atoms() == parse_inline("See.").atoms()
    assert parse_inline("See the [release notes].", _REFS).atoms()[("link", "/n")] == 1
    assert relabel_references("See [a] and [b].", "Veja [x] e [y].", ()) == "Veja [x] e [y]."


def test_reference_labels_in_front_matter_are_not_links() -> None:
    source = "A [release notes] title."
    assert refusal(source, "Um título.", Scope.FRONT_MATTER, _REFS) is None


def test_check_and_build_refuse_a_lost_reference_label_in_a_project(tmp_path: Path) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "a.md").write_text(
        "Read the [release notes] today.\n\n[release notes]: https://x.y/rn\n", encoding="utf-8"
    )
    (tmp_path / "l10n.toml").write_text('source_language = "en"\nlocales = ["pt_BR"]\n',
                                        encoding="utf-8")
    assert run(tmp_path, "extract")[0] == 0
    path = tmp_path / "locales" / "pt_BR" / "a.po"
    po = polib.pofile(str(path))
    entry = po.find("Read the [release notes] today.")
    assert entry is not None
    entry.msgstr = "Leia as notas de versão hoje."
    po.save(str(path))
    code, out, _ = run(tmp_path, "check", "--json")
    assert code == 1
    assert [f["message"] for f in json.loads(out) if f["severity"] == "error"] == [
        "link [release notes] is missing (a translated label needs the source's: "
        "[text][release notes])"
    ]
    _, _, err = run(tmp_path, "build")
    assert "not used: link [release notes] is missing" in err
    assert run(tmp_path, "review")[0] == 0
    page = (tmp_path / "build" / "review.html").read_text(encoding="utf-8")
    assert "link [release notes] is missing" in page
    entry.msgstr = "Leia as [notas de versão] hoje."
    po.save(str(path))
    assert run(tmp_path, "check")[0] == 0
    assert run(tmp_path, "build")[0] == 0
    built = (tmp_path / "build" / "pt_BR" / "a.md").read_text(encoding="utf-8")
    assert built.startswith("Leia as [notas de versão][release notes] hoje.\n")


# ---------------------------------------------------------------- definition lists

DEFINITION_LISTS = [
    # kramdown syntax, "Definition Lists".
    "kramdown\n: A Markdown-superset converter\n\nMaruku\n:     Another Markdown-superset converter\n",
    # PHP Markdown Extra, as Goldmark (Hugo) implements it.
    "Apple\n:   Pomaceous fruit of plants of the genus Malus in\n    the family Rosaceae.\n\n"
    "Orange\n:   The fruit of an evergreen tree of the genus Citrus.\n",
    # Two definitions of one term, two terms of one definition.
    "Apple\n: A fruit.\n: A computer company.\n",
    "Term 1\nTerm 2\n: Definition a\n",
]


@pytest.mark.parametrize("source", DEFINITION_LISTS)
def test_definition_lists_survive_translation(source: str) -> None:
    built = assert_survives_translation(source)
    assert _markers(built) == _markers(source)


def _markers(markdown: str) -> list[str]:
    """Definition markers with the white space after them, and continuation indentation."""
    return re.findall(r"(?m)^(?::[ \t]*|[ \t]+)", markdown)


def test_term_and_each_definition_are_separate_messages() -> None:
    assert messages("Apple\n: A fruit. Round.\n: A computer company.\n") == [
        ("definition term", "Apple"),
        ("definition", "A fruit."),
        ("definition", "Round."),
        ("definition", "A computer company."),
    ]


def test_a_wrapped_definition_is_rewrapped_behind_its_marker_and_indentation() -> None:
    source = ("Apple\n:   Pomaceous fruit of plants of the genus Malus in\n    the family Rosaceae.\n")
    table = {"Pomaceous fruit of plants of the genus Malus in the family Rosaceae.":
             "Fruto pomáceo das plantas do gênero Malus, da família Rosaceae."}
    built = build(source, lambda m: table.get(m, m)).text
    lines = built.splitlines()
    assert lines[0] == "Apple" and len(lines) == 3
    assert lines[1].startswith(":   Fruto pomáceo")
    assert lines[2].startswith("    ") and not lines[2].startswith("     ")
    assert " ".join(built.split()) == "Apple : " + table[next(iter(table))]


def test_rewrapping_never_starts_a_line_with_a_definition_marker() -> None:
    source = "Term\n: aaaa bbbb cccc dddd\n  eeee ffff.\n"
    built = build(source, lambda m: m.replace("dddd eeee", "dddd : eeee")).text
    assert built == "Term\n: aaaa bbbb cccc dddd :\n  eeee ffff.\n"
    assert shape(built) == shape(source)


def test_definition_lists_can_be_turned_off() -> None:
    source = "Apple\n: A fruit.\n"
    plain = FormatOptions(extensions=())
    assert messages(source, plain) == [("paragraph", "Apple : A fruit.")]
    assert [k for k, _ in messages(source)] == [BlockKind.DEFINITION_TERM.value, "definition"]


def test_markdown_extensions_setting_is_validated(tmp_path: Path) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "a.md").write_text("Apple\n: A fruit.\n", encoding="utf-8")
    (tmp_path / "l10n.toml").write_text(
        'source_language = "en"\nlocales = ["pt_BR"]\n[markdown]\nextensions = ["deflists"]\n',
        encoding="utf-8",
    )
    code, _, err = run(tmp_path, "extract")
    assert code != 0
    assert "markdown.extensions" in err and "definition_lists" in err
    (tmp_path / "l10n.toml").write_text(
        'source_language = "en"\nlocales = ["pt_BR"]\n[markdown]\nextensions = []\n',
        encoding="utf-8",
    )
    assert run(tmp_path, "extract")[0] == 0
    pot = polib.pofile(str(tmp_path / "locales" / "templates" / "a.pot"))
    assert [e.msgid for e in pot] == ["Apple : A fruit."]


# ---------------------------------------------------------------- attribute lists and alerts

ATTRIBUTES = [
    # Hugo, "Heading IDs" / Goldmark attributes; a class as Tailwind sites write it.
    "## Section 1 {#section-one .red data-foo=\"bar\"}\n\nText.\n",
    "## Get started {class=\"!mt-6\"}\n\nText.\n",
    # kramdown, "Block Inline Attribute Lists": after and before a block.
    "A simple paragraph with an ID attribute.\n{: #para-one}\n",
    "{: .lead}\nA lead paragraph here.\n",
    "> A blockquote with a title\n{:title=\"The blockquote title\"}\n",
    "* a list item\n  {: .special}\n",
    "First paragraph.\n\n{:.note}\n\nNext paragraph.\n",
]
SPAN_ATTRIBUTES = [
    # kramdown, "Span Inline Attribute Lists"; Jekyll posts open links in a new tab so.
    "This is *red*{: style=\"color: red\"}.\n",
    "Read [the post](https://example.com/p){:target=\"_blank\"} and `code`{:.language-ruby} now.\n",
]


@pytest.mark.parametrize("source", ATTRIBUTES)
def test_attribute_lists_stay_out_of_messages(source: str) -> None:
    assert all("{" not in msgid for _, msgid in messages(source))
    built = assert_survives_translation(source)
    assert _MARKUP_TEXT.findall(built) == _MARKUP_TEXT.findall(source)


@settings(max_examples=300, deadline=None)
@given(st.from_regex(ATTRIBUTE_LIST, fullmatch=True))
def test_every_attribute_list_has_a_brace_so_runs_without_one_are_skipped(found: str) -> None:
    # drop_attribute_lines looks for attribute-list lines only in runs whose text has a "{".
    assert "{" in found


@pytest.mark.parametrize("source", SPAN_ATTRIBUTES)
def test_attribute_lists_after_a_span_are_kept_whole(source: str) -> None:
    built = assert_survives_translation(source)
    assert _MARKUP_TEXT.findall(built) == _MARKUP_TEXT.findall(source)


def test_a_translated_attribute_list_is_refused() -> None:
    source = 'Read [the post](https://x.y/p){:target="_blank"} now.'
    assert refusal(source, 'Leia [o post](https://x.y/p){:alvo="_blank"} agora.', Scope.MARKDOWN) == (
        "attributes '{:target=\"_blank\"}' is missing"
    )
    assert refusal(source, 'Leia [o post](https://x.y/p) agora.', Scope.MARKDOWN) == (
        "attributes '{:target=\"_blank\"}' is missing"
    )
    assert refusal(source, 'Leia [o post](https://x.y/p){:target="_blank"} agora.', Scope.MARKDOWN) is None


def test_braces_in_prose_are_still_text() -> None:
    assert messages("Use {Hello} here and\n{Hello}\n") == [("paragraph", "Use {Hello} here and {Hello}")]


ALERTS = [
    # GitHub Docs, "Alerts" (all five kinds), and lower case as GitHub accepts it.
    "> [!NOTE]\n> Useful information that users should know, even when skimming content.\n",
    "> [!TIP]\n> Helpful advice for doing things better or more easily.\n",
    "> [!IMPORTANT]\n> Key information users need to know to achieve their goal.\n",
    "> [!WARNING]\n> Urgent info that needs immediate user attention to avoid problems.\n",
    "> [!CAUTION]\n> Advises about risks or negative outcomes of certain actions.\n",
    "> [!note]\n> Two paragraphs.\n>\n> The second.\n",
    # Hugo's extended (Obsidian) syntax: a sign and a custom title after the marker.
    "> [!WARNING]+ Radiation hazard\n> Do not approach or handle without protective gear.\n",
    "> [!tip]- A title only\n",
]


@pytest.mark.parametrize("source", ALERTS)
def test_alert_markers_are_never_translated(source: str) -> None:
    assert all("[!" not in msgid for _, msgid in messages(source))
    built = assert_survives_translation(source)
    marker = re.compile(r"> \[![A-Za-z]+\][+-]?")
    assert marker.findall(built)[:1] == marker.findall(source)[:1] != []


def test_a_callout_title_is_a_message_apart_from_its_body() -> None:
    source = "> [!WARNING]+ Radiation hazard\n> Do not approach or handle without protective gear.\n"
    assert messages(source) == [
        ("block quote", "Radiation hazard"),
        ("block quote", "Do not approach or handle without protective gear."),
    ]
    table = {"Radiation hazard": "Perigo de radiação",
             "Do not approach or handle without protective gear.":
             "Não se aproxime nem manuseie sem equipamento de proteção."}
    assert build(source, table.__getitem__).text == (
        "> [!WARNING]+ Perigo de radiação\n"
        "> Não se aproxime nem manuseie sem equipamento de proteção.\n"
    )


# ---------------------------------------------------------------- MDX

MDX_CODE = [
    # mdxjs.com, "What is MDX?" (ESM and expressions) and "Using MDX" (props, comments);
    # Docusaurus's "Markdown features" page (a component declared in the document).
    "import {Chart} from '../components/chart.js'\nimport population from "
    "'../data/population.js'\nexport const pi = 3.14\n\n# Last year’s snowfall\n\n"
    "In {year}, the snowfall was above average.\n",
    "export const Highlight = ({children, color}) => (\n  <span\n    style={{\n"
    "      backgroundColor: color,\n      borderRadius: '2px',\n    }}>\n    {children}\n"
    "  </span>\n);\n\nThis is a sentence about a highlight.\n",
    "{/* A comment that MDX drops. */}\n\nTwo 🍰 is: {Math.PI * 2}\n",
    "import Tabs from '@theme/Tabs';\n\nSome prose that follows.\n",
    "export default function Layout({children}) {\n  return <main>{children}</main>\n}\n\n"
    "The layout wraps the page.\n",
]


@pytest.mark.parametrize("source", MDX_CODE)
def test_mdx_statements_and_expressions_stay_out_of_messages(source: str) -> None:
    found = [msgid for _, msgid in messages(source)]
    assert found, "the prose around the code is still translatable"
    assert not any(msgid.startswith(("import ", "export ", "{/*")) for msgid in found)
    assert not any("backgroundColor" in msgid or "=>" in msgid for msgid in found)
    built = build(source).text
    for line in source.splitlines():
        if line.startswith(("import ", "export ", "{/*", "  ", ");", "}")):
            assert line in built.splitlines()


@pytest.mark.parametrize("source", [
    "Export controls were tightened on Monday.\n",
    "import duties rose by 5 percent, the ministry said.\n",
    "> export const x = 1\n",
    "- import {a} from 'b'\n",
])
def test_prose_that_merely_looks_like_mdx_is_still_text(source: str) -> None:
    assert messages(source) != []


def test_mdx_can_be_turned_off() -> None:
    source = "export const pi = 3.14\n"
    options = FormatOptions(extensions=("definition_lists", "attributes", "alerts"))
    assert messages(source) == []
    assert messages(source, options) == [("paragraph", "export const pi = 3.14")]


# ---------------------------------------------------------------- mixed articles

_DAMAGE = (
    lambda t: t,
    lambda t: t.replace("[", "").replace("]", ""),  # link text without brackets
    lambda t: t.replace("][]", "]"),  # collapsed written as shortcut
    lambda t: re.sub(r"\]\[[^\]]*\]", "][elsewhere]", t),  # another label
    lambda t: t.replace("{", "(").replace("}", ")"),  # an attribute list mangled
    lambda t: t.replace(" ", "\n: ", 1),  # a definition marker inside a sentence
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(REFERENCE_LINKS + DEFINITION_LISTS + ATTRIBUTES + SPAN_ATTRIBUTES
                             + ALERTS), min_size=1, max_size=5),
    st.lists(st.integers(0, len(_DAMAGE) - 1), min_size=1, max_size=8),
)
def test_translated_mixed_articles_keep_their_structure_or_are_refused(
    parts: list[str], damage: list[int]
) -> None:
    source = "\n".join(parts) + "\n[elsewhere]: /other\n"
    sdoc = segment_document(parse_document(source, "a.md", FormatOptions()), "en")
    table: dict[str, str] = {}
    for i, seg in enumerate(sdoc.segments):
        table[seg.msgid] = _DAMAGE[damage[i % len(damage)]](pseudo(seg.msgid))
    result = assemble(sdoc, table.get)
    assert shape(result.text) == shape(source)
    refs = sdoc.document.references
    for seg in sdoc.segments:  # no front matter here: every message is of the body
        if refusal(seg.msgid, table[seg.msgid], Scope.MARKDOWN, refs):
            assert any(short_msgid(seg.msgid) in message for _, message in result.warnings)
