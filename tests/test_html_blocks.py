"""Prose inside HTML blocks of Markdown articles: extracted with its tags protected, rebuilt byte
for byte outside the text, refused by ``build`` and reported by ``check`` when a tag is lost.

The real fragments are excerpts of the Markdown corpus (``benchmarks/corpus.py``): Node.js 18.20.4
``doc/api/os.md`` (Debian ``nodejs-doc``, MIT) and fastify 5.12.8 ``docs/index.md`` (npm, MIT).
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import polib
from markdown_it import MarkdownIt

from l10n.catalog.checks import markup_kept
from l10n.document.assemble import assemble
from l10n.document.formats import FormatOptions, parse_document
from l10n.document.formats.html_blocks import text_runs
from l10n.document.structure import block_structure
from l10n.document.units import segment_document
from l10n.mt.mask import mask
from tests.test_cli import run
from tests.test_roundtrip import SPEC, lengthen
from tests.validate import validate

NODE_OS = """\
## Signal constants

<table>
  <tr>
    <th>Constant</th>
    <th>Description</th>
  </tr>
  <tr>
    <td><code>SIGHUP</code></td>
    <td>Sent to indicate when a controlling terminal is closed or a parent
    process exits.</td>
  </tr>
  <tr>
    <td><code>SIGINT</code></td>
    <td>Sent to indicate when a user wishes to interrupt a process
    (<kbd>Ctrl</kbd>+<kbd>C</kbd>).</td>
  </tr>
</table>
"""
FASTIFY = '<h1 align="center">Fastify</h1>\n\nThe documentation for Fastify is split into two categories:\n'
NOTE = """\
<div class="note">
<p>Read <a href="https://x.y/docs">the docs</a> first. Then ask &amp; wait.</p>
</div>

> <figure><img src="cat.png" alt="A cat">
> <figcaption>A <em>very</em> old cat.</figcaption></figure>

<details><summary>Why?</summary>
Because it is <span translate="no">Acme Cloud</span> &nbsp;that says so.
<pre>
keep this as it is
</pre>
<script>var message = "not text";</script>
<!-- a comment stays -->
</details>
"""


def runs(html: str) -> list[str]:
    return [html[r.start : r.end] for r in text_runs(html)]


def messages(markdown: str) -> list[tuple[str, str]]:
    doc = parse_document(markdown, "a.md", FormatOptions())
    sdoc = segment_document(doc, "en")
    return [(doc.blocks[s.block].kind.value, s.msgid) for s in sdoc.segments]


def test_runs_end_at_block_tags_and_keep_inline_tags() -> None:
    html = '<div>Intro text<p>Read <a href="x">the <b>docs</b></a>.</p><ul><li>One</li><li>Two</li></ul></div>'
    assert runs(html) == ["Intro text", 'Read <a href="x">the <b>docs</b></a>.', "One", "Two"]


def test_raw_elements_comments_and_translate_no_are_never_text() -> None:
    html = (
        "<script>var a = 'text';</script><style>p { color: red }</style><pre>kept</pre>"
        "<textarea>typed</textarea><!-- note --><div translate=\"no\"><p>Brand</p></div><p>Prose</p>"
    )
    assert runs(html) == ["Prose"]


def test_code_and_untranslated_inline_elements_are_one_atom_of_the_run() -> None:
    html = '<p>Press <kbd>Ctrl</kbd> in <span translate="no">Acme <b>Cloud</b></span> now.</p>'
    (run,) = text_runs(html)
    tags = [html[p.start : p.end] for p in run.pieces if p.kind == "tag"]
    assert tags == ["<kbd>Ctrl</kbd>", '<span translate="no">Acme <b>Cloud</b></span>']


def test_runs_without_words_and_edge_white_space_are_left_out() -> None:
    html = "<td>&nbsp;</td><td><code>SIGHUP</code></td><td> <br> Two words <br></td>"
    assert runs(html) == ["Two words"]
    pieces = text_runs("<p>Tom &amp; Jerry</p>")[0].pieces
    assert [p.kind for p in pieces] == ["text", "entity", "text"]


def test_html_block_prose_becomes_messages_with_tags_and_entities_as_written() -> None:
    assert messages(NOTE) == [
        ("html text", 'Read <a href="https://x.y/docs">the docs</a> first.'),
        ("html text", "Then ask &amp; wait."),
        ("html attribute", "A cat"),
        ("html text", "A <em>very</em> old cat."),
        ("html text", "Why?"),
        ("html text", 'Because it is <span translate="no">Acme Cloud</span> &nbsp;that says so.'),
    ]


def test_real_table_cells_are_messages_and_code_cells_are_not() -> None:
    assert messages(NODE_OS) == [
        ("heading", "Signal constants"),
        ("html text", "Constant"),
        ("html text", "Description"),
        ("html text", "Sent to indicate when a controlling terminal is closed or a parent process exits."),
        ("html text", "Sent to indicate when a user wishes to interrupt a process "
                      "(<kbd>Ctrl</kbd>+<kbd>C</kbd>)."),
    ]
    assert messages(FASTIFY)[0] == ("html text", "Fastify")


def test_markdown_paragraph_between_html_tags_is_extracted_once() -> None:
    md = "<div class=\"note\">\n\nA *Markdown* paragraph.\n\n</div>\n"
    assert messages(md) == [("paragraph", "A *Markdown* paragraph.")]


def test_html_blocks_round_trip_byte_for_byte_and_translate_only_their_text() -> None:
    for md in (NOTE, NODE_OS, FASTIFY):
        sdoc = segment_document(parse_document(md, "a.md", FormatOptions()), "en")
        assert assemble(sdoc, lambda m: m).text == md
        assert assemble(sdoc, lambda m: None).text == md
    sdoc = segment_document(parse_document(NOTE, "a.md", FormatOptions()), "en")
    out = assemble(sdoc, {"A <em>very</em> old cat.": "Um gato <em>muito</em> velho."}.get).text
    assert out == NOTE.replace("A <em>very</em> old cat.", "Um gato <em>muito</em> velho.")


def test_translated_multi_line_cell_is_written_on_one_line_inside_its_tags() -> None:
    sdoc = segment_document(parse_document(NODE_OS, "a.md", FormatOptions()), "en")
    source = "Sent to indicate when a controlling terminal is closed or a parent process exits."
    out = assemble(sdoc, {source: "Enviado quando o terminal fecha."}.get).text
    assert "    <td>Enviado quando o terminal fecha.</td>\n" in out


class _Elements(HTMLParser):
    """The element structure of a page: start and end tags with their attributes (but ``alt``
    and ``title``, which are text)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(f"<{tag} {sorted(a for a in attrs if a[0] not in ('alt', 'title'))}>")
        self.text.extend(str(v) for k, v in attrs if k in ("alt", "title"))

    def handle_endtag(self, tag: str) -> None:
        self.tags.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.text.append(data.strip())


def elements(markdown: str) -> _Elements:
    parser = _Elements()
    parser.feed(MarkdownIt("commonmark", {"html": True}).render(markdown))
    parser.close()
    return parser


def _project(tmp_path: Path, source: str) -> Path:
    (tmp_path / "source").mkdir()
    (tmp_path / "source/a.md").write_text(source, encoding="utf-8")
    (tmp_path / "l10n.toml").write_text('source_language = "en"\nlocales = ["pt_BR"]\n', encoding="utf-8")
    assert run(tmp_path, "extract")[0] == 0
    return tmp_path


def test_pseudo_translated_html_blocks_keep_their_element_structure(tmp_path: Path) -> None:
    source = NOTE + "\n" + NODE_OS
    project = _project(tmp_path, source)
    assert run(project, "translate", "--engine", "pseudo")[0] == 0
    code, _, err = run(project, "build", "--include-fuzzy")
    assert code == 0 and "not used" not in err, err
    built = (project / "build/pt_BR/a.md").read_text(encoding="utf-8")
    want, got = elements(source), elements(built)
    assert got.tags == want.tags
    for kept in ("keep this as it is", 'var message = "not text";', "Acme Cloud", "SIGHUP", "Ctrl"):
        assert kept in got.text
    for translated in ("A cat", "Constant", "Description", "Why?", "old cat.", "first. Then ask & wait."):
        assert translated in want.text and translated not in got.text
    assert "<!-- a comment stays -->" in built and "&amp;" in built and "&nbsp;" in built
    assert run(project, "check")[0] == 0


def test_a_lost_or_changed_tag_in_html_text_is_a_check_error_and_refused_by_build(tmp_path: Path) -> None:
    project = _project(tmp_path, NOTE)
    po_path = project / "locales/pt_BR/a.po"
    po = polib.pofile(str(po_path))
    lost = po.find('Read <a href="https://x.y/docs">the docs</a> first.')
    changed = po.find("A <em>very</em> old cat.")
    assert lost is not None and changed is not None
    assert "html text" in lost.comment
    lost.msgstr = "Leia a documentação primeiro."
    changed.msgstr = 'Um gato <em class="x">muito</em> velho.'
    po.save()
    code, text_out, _ = run(project, "check")
    assert code == 1
    assert "error: markup: html '</a>' is missing" in text_out
    assert "error: markup: html '<em>' is missing" in text_out
    _, _, err = run(project, "build")
    assert err.count("not used") == 2, err
    assert (project / "build/pt_BR/a.md").read_text(encoding="utf-8") == NOTE


def test_content_of_code_like_and_untranslated_elements_must_survive_translation() -> None:
    assert markup_kept("Press <kbd>Ctrl</kbd> now.", "Drücke <kbd>Strg</kbd> jetzt.") == (
        "html '<kbd>Ctrl</kbd>' is missing"
    )
    assert markup_kept("Ask <span translate=\"no\">Acme</span>.", "Pergunte à <span translate=\"no\">Acme</span>.") is None
    masked = mask("Press <kbd>Ctrl</kbd> in <code>vim</code> now.")
    assert "Ctrl" not in masked.text and "vim" not in masked.text


def test_validator_reads_html_blocks_by_their_tags_and_verbatim_content() -> None:
    source = "<div>\n<p>Hello <b>you</b>.</p>\n<pre>x = 1</pre>\n</div>\n"
    assert validate(source, source.replace("Hello", "Olá").replace("you", "você"), "markdown") == ()
    assert [p.aspect for p in validate(source, source.replace("<b>", "<i>"), "markdown")] == ["html"]
    assert [p.aspect for p in validate(source, source.replace("x = 1", "x = 2"), "markdown")] == ["html"]
    image = '<p><img src="a.png" alt="A map"></p>\n'
    assert validate(image, image.replace("A map", "Um mapa"), "markdown") == ()
    assert validate(image, image.replace("a.png", "b.png"), "markdown") != ()


def test_template_tags_in_html_text_are_atoms_and_in_attributes_part_of_the_tag() -> None:
    md = '<p>See {{< ref "install" >}} or <a href="{{< ref "faq" >}}">the FAQ</a>. Then go.</p>\n'
    doc = parse_document(md, "a.md", FormatOptions())
    (block,) = doc.blocks
    assert [(m.name, block.text[m.start : m.end]) for m in block.markup] == [
        ("code", '{{< ref "install" >}}'), ("html", '<a href="{{< ref "faq" >}}">'), ("html", "</a>"),
    ]
    assert messages(md) == [
        ("html text", 'See {{< ref "install" >}} or <a href="{{< ref "faq" >}}">the FAQ</a>.'),
        ("html text", "Then go."),
    ]


def test_commonmark_html_block_examples_are_read_and_round_trip() -> None:
    read = 0
    for example in (e for e in SPEC if e["section"] == "HTML blocks"):
        md = example["markdown"]
        sdoc = segment_document(parse_document(md, "x.md", FormatOptions(front_matter=False)), "en")
        read += any(b.kind.value == "html text" for b in sdoc.document.blocks)
        assert assemble(sdoc, lambda m: m).text == md
        assert block_structure(assemble(sdoc, lengthen).text) == block_structure(md)
    assert read >= 15


def test_alt_and_title_values_outside_the_text_are_messages_and_quotes_are_refused(tmp_path: Path) -> None:
    md = '<p><img src="a.png" alt="A map of the city" title=\'Old town\'>\n<b title="kept in the run">Bold</b> text.</p>\n'
    assert messages(md) == [
        ("html attribute", "A map of the city"),
        ("html text", '<b title="kept in the run">Bold</b> text.'),
    ]
    project = _project(tmp_path, md)
    po = polib.pofile(str(project / "locales/pt_BR/a.po"))
    assert po.find("Old town") is None  # single-quoted: left alone
    alt, bold = po.find("A map of the city"), po.find('<b title="kept in the run">Bold</b> text.')
    assert alt is not None and bold is not None and "html attribute" in alt.comment
    alt.msgstr = 'Um mapa da "cidade"'
    bold.msgstr = "L'<b title=\"kept in the run\">audace</b> du texte."
    po.save()
    code, out, _ = run(project, "check")
    assert code == 1 and "error: attribute: \" would end the quoted value" in out, out
    _, _, err = run(project, "build")
    assert err.count("not used") == 1, err
    assert (project / "build/pt_BR/a.md").read_text(encoding="utf-8") == md.replace(
        '<b title="kept in the run">Bold</b> text.', "L'<b title=\"kept in the run\">audace</b> du texte.")
    alt.msgstr = "L'image de la ville"
    po.save()
    assert run(project, "check")[0] == 0
    run(project, "build")
    assert 'alt="L\'image de la ville"' in (project / "build/pt_BR/a.md").read_text(encoding="utf-8")
