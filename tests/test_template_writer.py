"""A template built in the PO writer's own form (:class:`l10n.catalog.template.Template`, no polib
entries) is written byte for byte as the polib catalog the template used to be, through the
general writer (:func:`l10n.po.format_po`): on real articles, on generated Markdown, and entry by
entry on generated strings, references and comments, at several widths. And the parts extract
reuses (the entries' text after a new header) give the whole catalog's text."""

from __future__ import annotations

from pathlib import Path

import polib
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n import __version__
from l10n.catalog.store import PoStyle
from l10n.catalog.template import TemplateSource, build_template, new_locale_catalog
from l10n.document.formats import FormatOptions, parse_document
from l10n.document.model import SegmentedDocument
from l10n.document.units import segment_document, segment_lines
from l10n.po import DEFAULT_WIDTH, format_messages, format_po, header_message, untranslated_message

ARTICLES = Path(__file__).parent / "data" / "articles"
DATE = "2026-01-02 03:04+0000"


def _polib_template(sources: list[TemplateSource]) -> polib.POFile:
    """The template as polib objects, built the way ``build_template`` built it before it
    produced the writer's form directly (the general path)."""
    pot = polib.POFile(wrapwidth=DEFAULT_WIDTH)
    pot.header = ""
    pot.metadata = {
        "Project-Id-Version": "p", "Report-Msgid-Bugs-To": "", "POT-Creation-Date": DATE,
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE", "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>", "Language": "", "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit",
        "X-Generator": f"l10n {__version__}",
    }  # fmt: skip
    pot.metadata_is_fuzzy = True
    entries: dict[str, polib.POEntry] = {}
    kinds: dict[str, list[str]] = {}
    for source in sources:
        blocks = source.segmented.document.blocks
        for seg, line in zip(source.segmented.segments, segment_lines(source.segmented), strict=True):
            block = blocks[seg.block]
            kind = block.kind.value + (f": {block.note}" if block.note else "")
            entry = entries.get(seg.msgid)
            if entry is None:
                entry = entries[seg.msgid] = polib.POEntry(msgid=seg.msgid, msgstr="")
                kinds[seg.msgid] = []
                pot.append(entry)
            if (source.reference, str(line)) not in entry.occurrences:
                entry.occurrences.append((source.reference, str(line)))
            if kind not in kinds[seg.msgid]:
                kinds[seg.msgid].append(kind)
    for msgid, entry in entries.items():
        entry.comment = "\n".join(kinds[msgid])
    return pot


def _segmented(markdown: str) -> SegmentedDocument:
    return segment_document(parse_document(markdown, "a.md", FormatOptions(), "markdown"), "en")


def _assert_same_text(sources: list[TemplateSource], width: int) -> None:
    template = build_template(sources, project="p", creation_date=DATE)
    style = PoStyle(width)
    text = style.format(template)
    assert text == format_po(_polib_template(sources), width=width)
    assert text == format_po(template.catalog(), width=width)
    head, entries = style.format_parts(template.header(), template.messages)
    assert head + entries == text
    # A new catalog: its own header, then the template's entries as formatted once.
    new_head = style.format_parts(template.locale_header("pt_BR", revision_date=DATE), ())[0]
    full = format_po(new_locale_catalog(template.catalog(), "pt_BR", revision_date=DATE), width=width)
    assert new_head + entries == full
    redated = template.dated("2027-01-01 00:00+0000")
    assert style.format_parts(redated.header(), ())[0] + entries == style.format(redated)


def test_real_articles_are_written_as_the_polib_template() -> None:
    articles = sorted(ARTICLES.glob("*.md"))
    assert len(articles) > 20
    for path in articles:
        sdoc = _segmented(path.read_text(encoding="utf-8"))
        for width in (79, 0, 40):
            _assert_same_text([TemplateSource(f"source/{path.name}", sdoc)], width)


def test_several_articles_in_one_template_share_their_entries() -> None:
    one = _segmented("Same sentence here.\n\n- Same sentence here.\n")
    two = _segmented("# Title\n\nSame sentence here. Another one.\n")
    _assert_same_text([TemplateSource("a.md", one), TemplateSource("./b.md", two)], 79)


_WORDS = st.sampled_from(["word", "Wörter", "a", "%s", "{0}", "`code`", "**bold**", "[link](u)",
                          "“quoted”", "日本語", "x" * 90, "e.g.", "—", "\\", '"', "1."])


@st.composite
def _markdown(draw: st.DrawFn) -> str:
    blocks = []
    for _ in range(draw(st.integers(1, 6))):
        words = draw(st.lists(_WORDS, min_size=1, max_size=30))
        prefix = draw(st.sampled_from(["", "# ", "- ", "> ", "1. ", "| "]))
        ends = draw(st.sampled_from([". ", " ", "\n", "! "]))
        blocks.append(prefix + ends.join(words) + ".")
    return "\n\n".join(blocks) + "\n"


@settings(max_examples=150, deadline=None)
@given(markdown=_markdown(), width=st.sampled_from([0, 20, 33, 79]))
def test_generated_markdown_is_written_as_the_polib_template(markdown: str, width: int) -> None:
    _assert_same_text([TemplateSource("source/a.md", _segmented(markdown))], width)


_TEXT = st.text(st.characters(blacklist_characters="\x00\x04", blacklist_categories=("Cs",)),
                max_size=120)


@settings(max_examples=300, deadline=None)
@given(
    msgid=_TEXT.filter(bool),
    references=st.lists(st.tuples(st.sampled_from(["a.md", "./b.md", "dir/ç.md", "x" * 70]),
                                  st.sampled_from(["", "1", "42", "123456"])),
                        max_size=8, unique=True),
    comment=st.text(max_size=60),
    header_comment=st.text(max_size=40),
    width=st.sampled_from([0, 20, 50, 79]),
)
def test_writer_form_entries_are_written_as_their_polib_entries(
    msgid: str, references: list[tuple[str, str]], comment: str, header_comment: str, width: int
) -> None:
    metadata = {"Project-Id-Version": "p", "Content-Type": "text/plain; charset=UTF-8"}
    po = polib.POFile()
    po.header = header_comment
    po.metadata = dict(metadata)
    po.metadata_is_fuzzy = True
    po.append(polib.POEntry(msgid=msgid, msgstr="", occurrences=list(references), comment=comment))
    head, entries = format_messages(header_message(metadata, header_comment, fuzzy=True),
                                    [untranslated_message(msgid, tuple(references), comment)],
                                    width=width)
    assert head + entries == format_po(po, width=width)
