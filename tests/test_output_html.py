"""``l10n build --format html``: one web page per localized article, read back by html5lib (a
WHATWG parser the product does not use) in strict mode, so any parse error fails the test.

The page carries ``lang`` and ``dir`` for the locale, the front matter's title as ``<title>``
and ``<h1>`` and its date for the locale; the source's HTML passes through, a translation
never adds markup, template tags are text, plain text is preformatted.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element

import html5lib
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from l10n.cli import main
from l10n.document.formats import FormatOptions
from l10n.locales import language_tag
from l10n.output.html import html_page
from l10n.po import load_po, save_po

NS = "{http://www.w3.org/1999/xhtml}"


def cli(project: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["-C", str(project), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def parse(page: str) -> Element:
    """The page as html5lib's tree; a parse error (unclosed or misnested tag, bad doctype...)
    raises."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True)
    return parser.parse(page)  # type: ignore[no-any-return]


def text_of(element: Element) -> str:
    return "".join(element.itertext())


def find_all(root: Element, tag: str) -> list[Element]:
    return list(root.iter(NS + tag))


def project(tmp_path: Path, files: dict[str, str], translations: dict[str, dict[str, str]],
            toml: str = "") -> Path:
    """A project with ``files`` under ``source/``, extracted, with reviewed ``translations``
    (locale -> msgid -> msgstr)."""
    locales = ", ".join(f'"{loc}"' for loc in translations)
    (tmp_path / "l10n.toml").write_text(
        f'source_language = "en"\nlocales = [{locales}]\n{toml}', encoding="utf-8")
    for name, text in files.items():
        path = tmp_path / "source" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert cli(tmp_path, "extract")[0] == 0
    for locale, table in translations.items():
        for name in files:
            po_file = tmp_path / "locales" / locale / Path(name).with_suffix(".po")
            po = load_po(po_file)
            for entry in po:
                if entry.msgid in table:
                    entry.msgstr = table[entry.msgid]
            save_po(po_file, po)
    return tmp_path


ARTICLE = (
    "---\n"
    'title: "Wagner leaves Bakhmut"\n'
    "date: 2022-10-20\n"
    "---\n\n"
    "Three men fled the city.\n\n"
    "Read [the report](https://example.org/r).\n"
)
PT = {
    "Wagner leaves Bakhmut": "O Wagner deixa Bakhmut",
    "Three men fled the city.": "Três homens fugiram da cidade.",
    "Read [the report](https://example.org/r).": "Leia [o relatório](https://example.org/r).",
}


def test_html_build_writes_a_page_with_lang_dir_title_and_the_date_for_the_locale(tmp_path: Path) -> None:
    root = project(tmp_path, {"news.md": ARTICLE}, {"pt_BR": PT})
    code, out, _ = cli(root, "build", "--format", "html")
    assert code == 0
    assert "created build/pt_BR/news.html" in out
    assert not (root / "build/pt_BR/news.md").exists()
    page = (root / "build/pt_BR/news.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>\n")
    tree = parse(page)
    html = tree.getroot() if hasattr(tree, "getroot") else tree
    assert html.tag == NS + "html"
    assert html.get("lang") == "pt-BR" and html.get("dir") == "ltr"
    assert [m.get("charset") for m in find_all(html, "meta") if m.get("charset")] == ["utf-8"]
    assert [text_of(t) for t in find_all(html, "title")] == ["O Wagner deixa Bakhmut"]
    assert [text_of(h) for h in find_all(html, "h1")] == ["O Wagner deixa Bakhmut"]
    [time] = find_all(html, "time")
    assert time.get("datetime") == "2022-10-20" and text_of(time) == "20 de outubro de 2022"
    paragraphs = [text_of(p) for p in find_all(html, "p")]
    assert paragraphs[1:] == ["Três homens fugiram da cidade.", "Leia o relatório."]
    [link] = find_all(html, "a")
    assert link.get("href") == "https://example.org/r"


def test_build_format_in_the_configuration_is_the_default_and_the_option_overrides_it(
    tmp_path: Path,
) -> None:
    root = project(tmp_path, {"news.md": ARTICLE}, {"pt_BR": PT}, '[build]\nformat = "html"\n')
    assert cli(root, "build")[0] == 0
    assert (root / "build/pt_BR/news.html").is_file()
    assert not (root / "build/pt_BR/news.md").exists()
    assert cli(root, "build", "--format", "source")[0] == 0
    assert (root / "build/pt_BR/news.md").read_text(encoding="utf-8").startswith(
        '---\ntitle: "O Wagner deixa Bakhmut"\ndate: 2022-10-20\n')


def test_an_unknown_build_format_is_refused_with_the_allowed_values(tmp_path: Path) -> None:
    root = project(tmp_path, {"news.md": ARTICLE}, {"pt_BR": PT})
    config = root / "l10n.toml"
    config.write_text(config.read_text(encoding="utf-8") + '[build]\nformat = "pdf"\n', encoding="utf-8")
    code, _, err = cli(root, "build")
    assert code == 2
    assert "build.format" in err and "'pdf'" in err and "source, html" in err
    assert "Traceback" not in err and not (root / "build").exists()
    config.write_text(config.read_text(encoding="utf-8").replace('"pdf"', '"html"'), encoding="utf-8")
    code, _, err = cli(root, "build", "--format", "pdf")
    assert code == 2 and "'pdf' is not one of 'source', 'html'" in err


def test_build_check_compares_the_pages(tmp_path: Path) -> None:
    root = project(tmp_path, {"news.md": ARTICLE}, {"pt_BR": PT})
    assert cli(root, "build", "--format", "html", "--check")[0] == 1
    assert not (root / "build").exists()
    assert cli(root, "build", "--format", "html")[0] == 0
    assert cli(root, "build", "--format", "html", "--check")[0] == 0


@pytest.mark.parametrize(("locale", "lang", "direction"), [
    ("ar", "ar", "rtl"), ("he", "he", "rtl"), ("fa_IR", "fa-IR", "rtl"), ("de_CH", "de-CH", "ltr"),
])
def test_right_to_left_locales_get_dir_rtl(tmp_path: Path, locale: str, lang: str,
                                           direction: str) -> None:
    root = project(tmp_path, {"news.md": ARTICLE}, {locale: {}})
    assert cli(root, "build", "--format", "html")[0] == 0
    html = parse((root / f"build/{locale}/news.html").read_text(encoding="utf-8"))
    assert (html.get("lang"), html.get("dir")) == (lang, direction)


def test_language_tags_are_bcp47() -> None:
    assert [language_tag(v) for v in ("pt_BR", "sr@latin", "zh_Hant_TW", "ar", "pt-br")] == [
        "pt-BR", "sr-Latn", "zh-Hant-TW", "ar", "pt-BR"]


def test_a_translation_cannot_add_markup_to_the_page(tmp_path: Path) -> None:
    source = ARTICLE.replace("Three men fled the city.", "Three men fled. Two stayed.")
    hostile = {
        "Wagner leaves Bakhmut": "<script>alert(1)</script> & co",  # refused: it adds a tag
        "Three men fled.": "Três fugiram. <img src=x",
        "Two stayed.": "onerror=alert(1)> Dois ficaram.",
    }
    root = project(tmp_path, {"news.md": source}, {"pt_BR": hostile})
    code, _, err = cli(root, "build", "--format", "html")
    assert code == 0 and "not used" in err
    html = parse((root / "build/pt_BR/news.html").read_text(encoding="utf-8"))
    assert find_all(html, "script") == [] and find_all(html, "img") == []
    assert [text_of(h) for h in find_all(html, "h1")] == ["Wagner leaves Bakhmut"]
    assert "Three men fled. Two stayed." in [text_of(p) for p in find_all(html, "p")]


def test_the_title_is_text_even_when_it_looks_like_markup() -> None:
    title = "Q&A: 5 < 6, <b>bold</b> &amp; <!-- x -->"
    page = html_page(f"---\ntitle: '{title}'\n---\n\nBody.\n", article_format="markdown",
                     locale="pt_BR", options=FormatOptions(), path="a.md")
    html = parse(page)
    assert [text_of(t) for t in find_all(html, "title")] == [title]
    assert [text_of(h) for h in find_all(html, "h1")] == [title]
    assert find_all(html, "b") == []


def test_the_sources_own_html_passes_through(tmp_path: Path) -> None:
    source = ARTICLE + '\n<div class="note">\n<p>Editor’s note: updated.</p>\n</div>\n'
    root = project(tmp_path, {"news.md": source},
                   {"pt_BR": {"Editor’s note: updated.": "Nota do editor: atualizado."}})
    assert cli(root, "build", "--format", "html")[0] == 0
    html = parse((root / "build/pt_BR/news.html").read_text(encoding="utf-8"))
    [div] = [d for d in find_all(html, "div") if d.get("class") == "note"]
    assert text_of(div).strip() == "Nota do editor: atualizado."


def test_template_tags_are_shown_as_written(tmp_path: Path) -> None:
    source = ARTICLE + (
        "\nSee {{<b>}} and {{< figure src=\"a.png\" caption=\"*x* &amp; y\" >}} here.\n\n"
        "{% include note.html %}\n\n"
        "In code: `{{<b>}}`.\n"
    )
    root = project(tmp_path, {"news.md": source}, {"pt_BR": {}})
    assert cli(root, "build", "--format", "html")[0] == 0
    page = (root / "build/pt_BR/news.html").read_text(encoding="utf-8")
    html = parse(page)
    assert find_all(html, "b") == [] and find_all(html, "em") == []
    paragraphs = [text_of(p) for p in find_all(html, "p")]
    assert 'See {{<b>}} and {{< figure src="a.png" caption="*x* &amp; y" >}} here.' in paragraphs
    assert "{% include note.html %}" in paragraphs
    assert [text_of(c) for c in find_all(html, "code")] == ["{{<b>}}"]


def test_an_article_that_opens_with_its_headline_gets_no_second_one(tmp_path: Path) -> None:
    source = ARTICLE.replace("---\n\n", "---\n\n# Wagner leaves Bakhmut\n\n", 1)
    root = project(tmp_path, {"news.md": source}, {"pt_BR": PT})
    assert cli(root, "build", "--format", "html")[0] == 0
    page = (root / "build/pt_BR/news.html").read_text(encoding="utf-8")
    html = parse(page)
    assert [text_of(h) for h in find_all(html, "h1")] == ["O Wagner deixa Bakhmut"]
    assert page.index("</h1>") < page.index("<time")  # the date under the headline


def test_without_front_matter_the_first_heading_is_the_title(tmp_path: Path) -> None:
    source = "# Wagner leaves `Bakhmut`\n\nThree men fled the city.\n"
    root = project(tmp_path, {"news.md": source}, {"pt_BR": PT})
    assert cli(root, "build", "--format", "html")[0] == 0
    html = parse((root / "build/pt_BR/news.html").read_text(encoding="utf-8"))
    assert [text_of(t) for t in find_all(html, "title")] == ["Wagner leaves Bakhmut"]
    assert find_all(html, "time") == []


@pytest.mark.parametrize("front", [
    '+++\ntitle = "T"\ndate = 2022-10-20T08:00:00Z\n+++\n',
    '---\ntitle: T\ndate: "2022-10-20"\n---\n',
    "---\ntitle: T\ndate: 2022-10-20 08:00:00\n---\n",
])
def test_toml_and_string_dates_are_rendered_for_the_locale(front: str) -> None:
    page = html_page(front + "\nBody.\n", article_format="markdown", locale="de",
                     options=FormatOptions(), path="a.md")
    [time] = find_all(parse(page), "time")
    assert time.get("datetime") == "2022-10-20" and text_of(time) == "20. Oktober 2022"


def test_a_date_that_is_not_one_is_left_out() -> None:
    page = html_page("---\ntitle: T\ndate: soon\n---\n\nBody.\n", article_format="markdown",
                     locale="de", options=FormatOptions(), path="a.md")
    assert find_all(parse(page), "time") == []


def test_a_text_article_is_preformatted(tmp_path: Path) -> None:
    source = "Wagner leaves Bakhmut\n=====================\n\nThree men fled the city.\n"
    root = project(tmp_path, {"news.txt": source}, {"pt_BR": PT})
    assert cli(root, "build", "--format", "html")[0] == 0
    assert cli(root, "build")[0] == 0
    built = (root / "build/pt_BR/news.txt").read_text(encoding="utf-8")
    assert "Três homens fugiram da cidade." in built
    html = parse((root / "build/pt_BR/news.html").read_text(encoding="utf-8"))
    assert [text_of(p) for p in find_all(html, "pre")] == [built]
    assert [text_of(t) for t in find_all(html, "title")] == ["O Wagner deixa Bakhmut"]


def test_an_html_article_is_written_as_its_own_page(tmp_path: Path) -> None:
    """An HTML article is already a page: --format html writes the built page as it is (it was
    wrapped in <pre> as text)."""
    source = ('<!DOCTYPE html>\n<html lang="en"><head><title>Talks</title></head>\n'
              "<body><p>Three men fled the city.</p></body></html>\n")
    root = project(tmp_path, {"news.html": source}, {"ar": {"Three men fled the city.": "فر ثلاثة رجال من المدينة."}})
    assert cli(root, "build")[0] == 0
    as_source = (root / "build/ar/news.html").read_text(encoding="utf-8")
    assert cli(root, "build", "--format", "html")[0] == 0
    page = (root / "build/ar/news.html").read_text(encoding="utf-8")
    assert page == as_source and '<html lang="ar" dir="rtl">' in page
    assert [text_of(p) for p in find_all(parse(page), "p")] == ["فر ثلاثة رجال من المدينة."]


_CHARS = st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn"),
                       blacklist_characters="\ufeff\u2028\u2029")
_TEXT = st.lists(st.text(alphabet=_CHARS, max_size=12)
                 | st.sampled_from(["\n", "\t", " ", "<", "&", "</pre>", "&amp;", "]]>"]),
                 max_size=30).map("".join)


@settings(max_examples=200, deadline=None)
@given(_TEXT)
def test_any_text_article_reads_back_exactly_from_its_page(text: str) -> None:
    page = html_page(text, article_format="text", locale="ar", options=FormatOptions(),
                     path="a.txt")
    [pre] = find_all(parse(page), "pre")
    assert text_of(pre) == text.replace("\r\n", "\n")  # as HTML reads line ends


def test_the_sample_articles_page_has_the_blocks_of_its_markdown() -> None:
    repo = Path(__file__).resolve().parent.parent
    page = html_page((repo / "source/markdown/bakhmut-wagner.md").read_text(encoding="utf-8"),
                     article_format="markdown", locale="pt_BR", options=FormatOptions(),
                     path="source/markdown/bakhmut-wagner.md")
    html = parse(page)
    assert len(find_all(html, "h1")) == 1
    assert text_of(find_all(html, "time")[0]) == "20 de outubro de 2022"
    body = (repo / "source/markdown/bakhmut-wagner.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    rendered = MarkdownIt("commonmark").enable("table").render(body)  # another Markdown parser
    independent = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True).parseFragment(rendered)
    for tag in ("p", "h1", "h2", "blockquote", "ul", "li", "em", "strong", "a", "table", "td"):
        expected = len(find_all(independent, tag)) + (tag == "p")  # + the date's paragraph
        assert len(find_all(html, tag)) == expected, tag
