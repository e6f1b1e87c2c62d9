"""HTML articles: what is extracted, how translations are written back, and bad pages."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import html5lib
import polib
from click.testing import CliRunner

from l10n.catalog.checks import Scope, check_entry, refusal, scope_of
from l10n.cli import main
from l10n.document.assemble import assemble
from l10n.document.formats import FormatOptions, format_for, parse_document
from l10n.document.model import BlockKind
from l10n.document.units import segment_document
from l10n.errors import SourceError
from l10n.safe_files import decode_source
from tests.html_oracle import element_tree

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Floods &amp; fires in the valley</title>
<meta name="description" content="What the  storm&nbsp;left behind.">
<meta property="og:title" content='The valley after the storm'>
<meta name="viewport" content="width=device-width">
<style>p { color: red; }</style>
<script>var title = "Not prose.";</script>
</head>
<body>
<article>
<h1>After the storm</h1>
<p>The river rose by <strong>two metres</strong> overnight.  Residents of <a href="/towns/a?x=1&amp;y=2"
   title="Map of the town">Alba</a> left at dawn&nbsp;&mdash; most by car.</p>
<figure><img src="flood.jpg" alt="A flooded street"><figcaption>Water in the main street.</figcaption></figure>
<ul><li>Roads closed</li><li>Schools shut</li></ul>
<table><caption>Rainfall</caption><tr><th>Town</th><td>Heavy rain</td></tr></table>
<blockquote>We lost everything.</blockquote>
<dl><dt>Alert</dt><dd>A warning from the agency.</dd></dl>
<pre>Code is never read.</pre>
<p>Run <code>evacuate --now</code> first.</p>
<p translate="no">Brand Name Stays</p>
<p class="lead notranslate">Skipped by class.</p>
<template><p>Template text.</p></template>
<textarea>Typed text.</textarea>
<!-- A comment is not prose. -->
<div>Text directly in a div.<section>Text in a section.</section></div>
<input placeholder="Search the archive">
<button aria-label="Close the dialog">&times;</button>
</article>
</body>
</html>
"""


def segmented(page: str, options: FormatOptions = FormatOptions()):  # type: ignore[no-untyped-def]
    return segment_document(parse_document(page, "news/flood.html", options), "en")


def msgids(page: str, options: FormatOptions = FormatOptions()) -> list[str]:
    return [s.msgid for s in segmented(page, options).segments]


def test_html_and_htm_files_are_html_articles() -> None:
    assert format_for("a/b.html") == format_for("C.HTM") == "html"


def test_prose_blocks_and_prose_attributes_are_extracted_and_the_rest_is_not() -> None:
    got = msgids(PAGE)
    assert got == [
        "Floods &amp; fires in the valley",
        "What the storm\u00a0left behind.",
        "The valley after the storm",
        "After the storm",
        "The river rose by <strong>two metres</strong> overnight.",
        'Residents of <a href="/towns/a?x=1&amp;y=2" title="Map of the town">Alba</a> left at'
        " dawn\u00a0— most by car.",
        "A flooded street",
        "Water in the main street.",
        "Roads closed", "Schools shut", "Rainfall", "Town", "Heavy rain",
        "We lost everything.", "Alert", "A warning from the agency.",
        "Run <code>evacuate --now</code> first.",
        "Text directly in a div.", "Text in a section.",
        "Search the archive", "Close the dialog",
    ]
    for never in ("Not prose", "color", "Code is never", "Brand Name", "Skipped by class",
                  "Template text", "Typed text", "A comment", "width=device"):
        assert not any(never in m for m in got), never


def test_blocks_are_named_by_their_element() -> None:
    doc = parse_document(PAGE, "a.html", FormatOptions())
    kinds = {b.text: b.kind for b in doc.blocks}
    assert kinds["After the storm"] is BlockKind.HEADING
    assert kinds["Roads closed"] is BlockKind.LIST_ITEM
    assert kinds["Town"] is BlockKind.TABLE_HEADER
    assert kinds["Heavy rain"] is BlockKind.TABLE_CELL
    assert kinds["Alert"] is BlockKind.DEFINITION_TERM
    assert kinds["A flooded street"] is BlockKind.HTML_ATTRIBUTE
    assert scope_of("html", BlockKind.PARAGRAPH) is Scope.HTML
    assert scope_of("html", BlockKind.HTML_ATTRIBUTE) is Scope.TEXT


def test_skip_classes_are_configurable() -> None:
    got = msgids(PAGE, FormatOptions(skip_classes=("lead",)))
    assert "Skipped by class." not in got
    got = msgids(PAGE, FormatOptions(skip_classes=()))
    assert "Skipped by class." in got


def test_untranslated_page_is_byte_identical() -> None:
    sdoc = segmented(PAGE)
    assert assemble(sdoc, lambda m: m).text == PAGE
    assert assemble(sdoc, lambda m: None, "fr").text == PAGE


def test_a_partly_translated_block_keeps_its_other_sentence_byte_for_byte() -> None:
    sdoc = segmented(PAGE)
    first = "The river rose by <strong>two metres</strong> overnight."
    out = assemble(sdoc, lambda m: "Le fleuve a monté de <strong>deux mètres</strong>." if m == first else None,
                   "fr").text
    assert ('Le fleuve a monté de <strong>deux mètres</strong>.  Residents of <a href="/towns/a?x=1&amp;y=2"\n'
            '   title="Map of the town">Alba</a> left at dawn&nbsp;&mdash; most by car.</p>') in out


def _text_of(page: str, tag: str) -> str:
    root = html5lib.parse(page, treebuilder="etree", namespaceHTMLElements=False)
    node = root.find(f".//{tag}")
    assert node is not None
    return "".join(node.itertext())


def test_translated_text_is_escaped_and_references_the_source_wrote_are_kept() -> None:
    sdoc = segmented(PAGE)
    translations = {
        "Water in the main street.": 'L’eau <3 & "la" rue > 2 &amp; &copy; &nosuch;',
        'Residents of <a href="/towns/a?x=1&amp;y=2" title="Map of the town">Alba</a> left at'
        " dawn\u00a0— most by car.": 'Les habitants d’<a href="/towns/a?x=1&amp;y=2" title="Map of the town">Alba</a>'
        " sont partis à l’aube\u00a0— en voiture.",
    }
    out = assemble(sdoc, translations.get, "fr").text
    # A browser reads exactly the translation (the & and < written by the translator are text).
    assert _text_of(out, "figcaption") == 'L’eau <3 & "la" rue > 2 & © &nosuch;'
    assert "<figcaption>L’eau &lt;3 &amp; \"la\" rue &gt; 2 &amp; &copy; &amp;nosuch;</figcaption>" in out
    # The tag is written as the source wrote it (its line break), the no-break space and the
    # dash as the source's references.
    assert ('<a href="/towns/a?x=1&amp;y=2"\n   title="Map of the town">Alba</a> sont partis à '
            "l’aube&nbsp;&mdash; en voiture.") in out
    assert element_tree(out) == element_tree(PAGE)


def test_translated_attributes_are_escaped_for_their_quotes() -> None:
    page = """<p><img alt='The "old" bridge' src=a.png><img alt=Bridge src=b.png><img alt="x &amp; y" src=c.png></p>"""
    sdoc = segmented(page)
    assert [s.msgid for s in sdoc.segments] == ['The "old" bridge', "Bridge", "x & y"]
    out = assemble(sdoc, {'The "old" bridge': "Le pont « l'ancien »",
                          "Bridge": 'Le "pont" & <co>',
                          "x & y": 'x & "y"'}.get, "fr").text
    assert out == ("""<p><img alt='Le pont « l&#39;ancien »' src=a.png>"""
                   """<img alt="Le &quot;pont&quot; &amp; &lt;co&gt;" src=b.png>"""
                   """<img alt="x &amp; &quot;y&quot;" src=c.png></p>""")
    root = html5lib.parse(out, treebuilder="etree", namespaceHTMLElements=False)
    assert [img.get("alt") for img in root.iter("img")] == [
        "Le pont « l'ancien »", 'Le "pont" & <co>', 'x & "y"']


def test_built_page_gets_lang_and_dir_when_the_source_had_lang() -> None:
    sdoc = segmented(PAGE)
    one = {"After the storm": "Après la tempête"}.get
    assert '<html lang="fr">' in assemble(sdoc, one, "fr").text
    assert '<html lang="pt-BR">' in assemble(sdoc, one, "pt_BR").text
    assert '<html lang="ar" dir="rtl">' in assemble(sdoc, {"After the storm": "بعد العاصفة"}.get, "ar").text
    rtl_source = segmented(PAGE.replace('<html lang="en">', "<html dir=rtl lang=he>"))
    assert '<html dir="ltr" lang="fr">' in assemble(rtl_source, one, "fr").text
    no_lang = PAGE.replace('<html lang="en">', "<html>")
    assert "<html>" in assemble(segmented(no_lang), one, "fr").text


def test_a_translation_that_loses_or_renests_a_tag_is_refused_by_build_and_reported_by_check() -> None:
    msgid = "The river rose by <strong>two metres</strong> overnight."
    lost = "Le fleuve a monté de deux mètres."
    renested = "Le fleuve <strong>a monté</em> de deux</strong> mètres."
    for bad in (lost, renested, "Le <strong>fleuve</strong> <b>a</b> monté."):
        assert refusal(msgid, bad, Scope.HTML)
        assert any(name == "html-markup" for name, _, _ in check_entry(msgid, bad, {Scope.HTML}))
    moved = "<strong>Deux mètres</strong> : la crue de la nuit."
    assert refusal(msgid, moved, Scope.HTML) is None
    result = assemble(segmented(PAGE), {msgid: lost}.get, "fr")
    assert result.text == PAGE and result.warnings
    assert "is missing" in result.warnings[0][1]


def test_sentences_that_make_a_tag_together_are_refused_as_a_block() -> None:
    page = "<p>First part. Second part.</p>"
    sdoc = segmented(page)
    assert [s.msgid for s in sdoc.segments] == ["First part.", "Second part."]
    # Each alone is text (escaped); the block guard sees the same tags as the source.
    out = assemble(sdoc, {"First part.": "<img src=x", "Second part.": "onerror=alert(1)>"}.get).text
    assert "<img" not in out and "&lt;img src=x" in out


def test_mis_nested_and_unclosed_source_pages_round_trip_and_keep_their_tree() -> None:
    pages = [
        "<p>Bold <b>and <i>italic</b> text.</i> More text.<p>Unclosed paragraph <em>and more",
        "<div><p>One<li>Two<td>Three</div></span> tail & more &amp co <br/>",
        "<ul><li>Item one<li>Item <a href=x>two</ul> after",
        "<p>Broken <a href='x>link text</a> here.</p>",
        "<p>Stray < sign and a <3 heart, &unknown; entity.</p>",
    ]
    for page in pages:
        sdoc = segmented(page)
        assert assemble(sdoc, lambda m: m).text == page
        out = assemble(sdoc, lambda m: m.replace("e", "é") + " ok", "fr").text
        assert element_tree(out) == element_tree(page), page


def test_a_non_utf8_page_is_refused_naming_its_charset() -> None:
    data = '<html><head><meta charset="windows-1252"></head><body><p>Caf\u00e9</p></body></html>'.encode("cp1252")
    try:
        decode_source(data, "source/a.html")
    except SourceError as exc:
        message = str(exc)
    else:
        raise AssertionError("not refused")
    assert "windows-1252" in message and "iconv -f windows-1252 -t UTF-8" in message and "\n" not in message


def test_an_ascii_page_declaring_another_charset_gets_references_for_new_characters() -> None:
    page = '<html lang="en"><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"></head><body><p>Coffee.</p></body></html>'
    out = assemble(segmented(page), {"Coffee.": "Café « noir »."}.get, "fr").text
    assert "<p>Caf&#233; &#171; noir &#187;.</p>" in out and out.isascii()
    assert _text_of(out, "p") == "Café « noir »."


def test_a_ten_megabyte_page_round_trips() -> None:
    paragraph = '<p>Paragraph number {0} has <a href="/p/{0}">a link</a> &amp; two sentences. Here is the second.</p>\n'
    page = "<html lang=en><body>\n" + "".join(paragraph.format(i) for i in range(100_000)) + "</body></html>\n"
    assert len(page.encode()) > 10_000_000
    sdoc = segmented(page)
    assert len(sdoc.segments) == 200_000
    assert assemble(sdoc, lambda m: m).text == page
    out = assemble(sdoc, lambda m: m.replace("Here is", "Voici"), "fr").text
    assert out.count("Voici the second.") == 100_000 and out.startswith("<html lang=\"fr\">")


def test_extract_translate_build_of_an_html_article(tmp_path: Path) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "source/flood.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "l10n.toml").write_text(
        'source_language = "en"\nlocales = ["fr"]\n[translate]\nengine = "pseudo"\n'
        '[html]\nskip_classes = ["lead"]\n', encoding="utf-8")
    runner = CliRunner()

    def run(*args: str) -> int:
        return runner.invoke(main, ["-C", str(tmp_path), *args], catch_exceptions=False).exit_code

    assert run("extract") == 0
    po_path = tmp_path / "locales/fr/flood.po"
    subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(po_path)], check=True)
    po = polib.pofile(str(po_path))
    assert po.find("Floods &amp; fires in the valley") is not None
    assert po.find("Skipped by class.") is None
    assert run("build") == 0
    assert (tmp_path / "build/fr/flood.html").read_text(encoding="utf-8") == PAGE
    assert run("translate") == 0
    assert run("build", "--include-drafts") == 0
    built = (tmp_path / "build/fr/flood.html").read_text(encoding="utf-8")
    assert built != PAGE and '<html lang="fr">' in built
    assert element_tree(built) == element_tree(PAGE)
    assert "Ŕéšîðéñţš" in built  # the pseudo translation of "Residents" is in


def test_check_reports_what_build_refuses_in_an_html_article(tmp_path: Path) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "source/flood.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "l10n.toml").write_text('source_language = "en"\nlocales = ["fr"]\n', encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["-C", str(tmp_path), "extract"]).exit_code == 0
    po_path = tmp_path / "locales/fr/flood.po"
    po = polib.pofile(str(po_path))
    good, bad = po.find("After the storm"), po.find("The river rose by <strong>two metres</strong> overnight.")
    assert good is not None and bad is not None
    good.msgstr, bad.msgstr = "Après la tempête", "Le fleuve <strong>a monté</em> de deux mètres."
    po.save()
    checked = runner.invoke(main, ["-C", str(tmp_path), "check"])
    assert checked.exit_code == 1 and "html-markup" in checked.output + checked.stderr
    built = runner.invoke(main, ["-C", str(tmp_path), "build"])
    page = (tmp_path / "build/fr/flood.html").read_text(encoding="utf-8")
    assert "<h1>Après la tempête</h1>" in page and "The river rose by <strong>two metres</strong>" in page
    assert "not used" in built.output + built.stderr


def test_text_may_not_move_around_a_tag_a_sentence_leaves_unpaired() -> None:
    # html5lib found it: text after a <a> that </span> closes gets an <a> of its own.
    msgid = "Hello world.<span><a></span>"
    assert refusal(msgid, "Bonjour le monde.<span><a></span> !", Scope.HTML)
    assert refusal(msgid, "Bonjour le monde.<span><a></span>", Scope.HTML) is None
    # Balanced tags: a translation may put its words where its language wants them.
    assert refusal("Hello <em>world</em>.", "<em>Monde</em>, bonjour.", Scope.HTML) is None
    page = "<p>Hello world.<span><a></span></p>"
    out = assemble(segmented(page), lambda m: m + " !", "fr").text
    assert element_tree(out) == element_tree(page)


def test_tags_that_read_alike_keep_each_its_own_source_form() -> None:
    # From valgrind's manual: "struct S" and "struct\nS" in two code elements of one sentence.
    page = '<p>Is <code>struct\nS</code> as large as <code>struct S</code> here?</p>'
    sdoc = segmented(page)
    assert [s.msgid for s in sdoc.segments] == ["Is <code>struct S</code> as large as <code>struct S</code> here?"]
    out = assemble(sdoc, lambda m: m.replace("Is", "Est-ce que").replace("as large as", "vaut"), "fr")
    assert out.warnings == ()
    assert out.text == '<p>Est-ce que <code>struct\nS</code> vaut <code>struct S</code> here?</p>'
