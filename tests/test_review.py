"""The HTML review page: summary counts, findings, diffs, escaping, direction, valid structure."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.catalog.checks import Finding, Severity
from l10n.catalog.provenance import Provenance, apply_draft, draft_digest
from l10n.catalog.state import EntryState
from l10n.catalog.stats import CatalogStats, Count
from l10n.catalog.triage import triage
from l10n.cli import main
from l10n.config import load_config
from l10n.errors import CatalogError
from l10n.po import load_po, save_po
from l10n.project import check_project, extract
from l10n.review import (
    ReviewItem,
    ReviewRow,
    collect,
    lang_attrs,
    provenance_note,
    review_page,
    word_diff,
    write_review,
)
from l10n.review.assets import SCRIPT as SCRIPT_TEXT

SOURCE = (
    "# Wagner leaves Bakhmut\n\n"
    "Three men fled the city. The war has lasted nine months. "
    "Read [the report](https://example.org/r). Nobody typed <script>alert(1)</script> here.\n\n"
    "There were 12 of them.\n"
)
SCRIPT = "Nobody typed <script>alert(1)</script> here."
DRAFT = "Ninguém digitou <script>alert(1)</script> aqui."
LINK = "Read [the report](https://example.org/r)."
ARABIC = "فر ثلاثة رجال من المدينة."
VOID = {"meta", "br", "wbr", "hr", "img", "input", "link"}


class Structure(HTMLParser):
    """Records start tags and attributes, checks that every element is closed in order, and
    collects the cell texts of each table row by table class."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.tables: dict[str, list[list[str]]] = {}
        self._table: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in VOID:
            return
        self.stack.append(tag)
        if tag == "table":
            self._table.append(dict(attrs).get("class") or "")
        elif tag == "tr" and self._table:
            self.tables.setdefault(self._table[-1], []).append([])
        elif tag in ("td", "th") and self._table:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()
        if tag == "table":
            self._table.pop()
        elif tag in ("td", "th") and self._cell is not None:
            self.tables[self._table[-1]][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def parse(page: str) -> Structure:
    parser = Structure()
    parser.feed(page)
    parser.close()
    return parser


@dataclass
class Built:
    root: Path
    page: str
    rows: list[ReviewRow] = field(default_factory=list)


def edit(path: Path, changes: dict[str, tuple[str, Provenance | None]]) -> None:
    po = load_po(path)
    for entry in po:
        if entry.msgid in changes:
            text, provenance = changes[entry.msgid]
            if provenance is None:
                entry.msgstr = text
            else:
                apply_draft(entry, text, provenance)
    save_po(path, po)


def machine(text: str) -> Provenance:
    digest = draft_digest(text)
    return Provenance(engine="pseudo", date="2024-05-01", digest=digest)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("project")
    (root / "source").mkdir()
    config_text = 'source_language = "en"\nlocales = ["pt_BR", "ar"]\n'
    (root / "l10n.toml").write_text(config_text, encoding="utf-8")
    (root / "source/news.md").write_text(SOURCE, encoding="utf-8")
    config = load_config(root / "l10n.toml")
    extract(config)
    edit(root / "locales/pt_BR/news.po", {
        # A leading space: a whitespace warning.
        "Three men fled the city.": (" Três homens fugiram da cidade.", None),
        "The war has lasted nine months.": ("A guerra dura nove meses.", None),
        LINK: ("Leia [o relatório](https://example.org/x).", None),  # broken link: an error
        SCRIPT: (DRAFT, machine(DRAFT)),
    })
    edit(root / "locales/ar/news.po", {"Three men fled the city.": (ARABIC, machine(ARABIC))})
    # The source changes: the merge keeps the old translation as fuzzy with a #| previous msgid.
    changed = SOURCE.replace("nine months", "ten months")
    (root / "source/news.md").write_text(changed, encoding="utf-8")
    extract(config)
    rows = collect(config, [])
    page = review_page(rows, title="Review <news>", generated="2024-05-02 10:00 UTC")
    return Built(root, page, rows)


def source_line(root: Path, sentence: str) -> int:
    """The line of ``sentence`` in the source article, found without the product."""
    lines = (root / "source/news.md").read_text(encoding="utf-8").splitlines()
    return next(n for n, text in enumerate(lines, 1) if sentence in text)


def test_collect_lists_every_entry_with_its_state_and_source_line(built: Built) -> None:
    assert [(r.article, r.locale, r.po_path) for r in built.rows] == [
        ("news", "pt_BR", "locales/pt_BR/news.po"),
        ("news", "ar", "locales/ar/news.po"),
    ]
    pt = built.rows[0]
    assert {i.msgid: i.state for i in pt.items} == {
        "Wagner leaves Bakhmut": EntryState.UNTRANSLATED,
        "Three men fled the city.": EntryState.TRANSLATED,
        "The war has lasted ten months.": EntryState.STALE,
        LINK: EntryState.TRANSLATED,
        SCRIPT: EntryState.MACHINE,
        "There were 12 of them.": EntryState.UNTRANSLATED,
    }
    changed = next(i for i in pt.items if i.state is EntryState.STALE)
    assert changed.previous_msgid == "The war has lasted nine months."
    po = load_po(built.root / pt.po_path)
    assert changed.po_line == po.find("The war has lasted ten months.").linenum
    for item in pt.items:
        assert item.sources == (f"source/news.md:{source_line(built.root, item.msgid)}",)
    assert [i.sources for i in pt.items][:2] == [("source/news.md:1",), ("source/news.md:3",)]


def test_findings_sit_with_their_entry_and_are_those_of_check(built: Built) -> None:
    config = load_config(built.root / "l10n.toml")
    everything = list(check_project(config, ()))  # it yields findings as it checks
    assert any(row.findings for row in built.rows)
    for row in built.rows:
        assert list(row.findings) == [f for p, f in everything if p == built.root / row.po_path]
        attached = [f for item in row.items for f in item.findings]
        assert sorted(attached, key=repr) == sorted(row.findings, key=repr)
        for item in row.items:
            assert all(f.msgid == item.msgid for f in item.findings)
    link = next(i for i in built.rows[0].items if i.msgid == LINK)
    assert [f.check for f in link.findings] == ["markup"]


def test_summary_counts_are_those_of_status_json(built: Built) -> None:
    result = CliRunner().invoke(main, ["-C", str(built.root), "status", "--json"])
    status = json.loads(result.stdout)
    summary = parse(built.page).tables["summary"]
    assert summary[0] == ["Article", "Language", "Done", "Reviewed", "Machine drafts",
                          "Edited drafts", "Stale", "Other fuzzy", "Untranslated", "Obsolete",
                          "Errors", "Warnings"]
    names = ["translated", "fuzzy_machine", "fuzzy_edited", "fuzzy_changed", "fuzzy_other",
             "untranslated", "obsolete"]
    for line, data in zip(summary[1:], [*status["rows"], status["total"]]):
        assert line[3:10] == [str(data[name]["strings"]) for name in names]
        assert line[2] == f"{data['percent']:.1f}%"
    assert summary[1][:2] == ["news", "Portuguese (Brazil) pt_BR"]
    assert summary[1][10:] == ["1", "1"]
    assert summary[3][:2] == ["Total", "2 catalog(s)"]


def test_stale_entry_shows_word_diff_of_previous_source(built: Built) -> None:
    assert "The war has lasted <del>nine</del><ins>ten</ins> months." in built.page


def test_stale_entry_shows_its_triage_class_and_reason(built: Built) -> None:
    # nine -> ten changes what the sentence says: the class of l10n.catalog.triage, with its reason.
    found = triage("The war has lasted nine months.", "The war has lasted ten months.")
    assert not found.cosmetic
    assert '<small class="triage meaning">meaning change: ' in built.page
    assert all(html.escape(reason, quote=True) in built.page for reason in found.reasons)


def test_user_text_is_escaped(built: Built) -> None:
    structure = parse(built.page)
    assert [tag for tag, _ in structure.tags].count("script") == 1
    assert built.page.count("<script>") == 1 and f"<script>{SCRIPT_TEXT}</script>" in built.page
    assert html.escape(SCRIPT) in built.page
    assert html.escape(DRAFT) in built.page
    assert "<title>Review &lt;news&gt;</title>" in built.page


def test_page_has_a_strict_content_security_policy_first(built: Built) -> None:
    head = built.page[: built.page.index("<title>")]
    digest = base64.b64encode(hashlib.sha256(SCRIPT_TEXT.encode()).digest()).decode()
    policy = (f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'; "
              "img-src 'none'; base-uri 'none'; form-action 'none'")
    assert f'<meta http-equiv="Content-Security-Policy" content="{html.escape(policy)}">' in head


def test_page_is_balanced_self_contained_html(built: Built) -> None:
    assert built.page.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    structure = parse(built.page)
    assert structure.errors == []
    assert structure.stack == []
    tags = {tag for tag, _ in structure.tags}
    assert {"html", "head", "style", "body", "main", "table", "details", "nav", "button"} <= tags
    assert not tags & {"link", "img", "iframe", "object", "embed"}
    for _, attrs in structure.tags:
        assert "src" not in attrs
        assert not any(name.startswith("on") for name in attrs)
    ids = [attrs["id"] for _, attrs in structure.tags if "id" in attrs]
    assert len(ids) == len(set(ids))
    hrefs = {attrs["href"] or "" for _, attrs in structure.tags if "href" in attrs}
    inside = {h for h in hrefs if h.startswith("#")}
    assert inside <= {f"#{i}" for i in ids}
    # The previews link the source's destination; the translation that changes it is refused by
    # the build, so it is never previewed.
    assert hrefs - inside == {"https://example.org/r"}
    assert "url(" not in built.page and "@import" not in built.page


def test_rtl_targets_get_lang_and_dir(built: Built) -> None:
    assert f'<td class="text target" lang="ar" dir="rtl"><span class="form">{ARABIC}' in built.page
    assert ('<td class="text target" lang="pt-BR"><span class="form">' + html.escape(DRAFT)
            in built.page)
    assert '<td class="text source" lang="en">' in built.page
    assert '<article class="published reviewed-only" lang="ar" dir="rtl">' in built.page


def test_findings_list_errors_first_with_source_and_po_line_linked_to_the_entry(built: Built) -> None:
    po = load_po(built.root / "locales/pt_BR/news.po")
    structure = parse(built.page)
    findings = structure.tables["findings"]
    assert findings[0] == ["Severity", "Article", "Language", "Source line", "PO line", "Check",
                           "Problem", "Sentence"]
    link_line = po.find(LINK).linenum
    space_line = po.find("Three men fled the city.").linenum
    assert findings[1][:6] == ["error", "news", "pt_BR", "source/news.md:3", str(link_line), "markup"]
    assert "https://example.org/r" in findings[1][6]
    assert findings[2][:6] == ["warning", "news", "pt_BR", "source/news.md:3", str(space_line),
                               "whitespace"]
    assert len(findings) == 3
    links = [a["href"] for tag, a in structure.tags if tag == "a" and a.get("class") == "to-entry"]
    rows = {a["id"]: a for tag, a in structure.tags if tag == "tr" and "id" in a}
    assert [rows[(h or "")[1:]]["data-findings"] for h in links] == ["1", "1"]


def test_machine_draft_provenance_is_shown_small(built: Built) -> None:
    assert '<small class="prov">pseudo, 2024-05-01</small>' in built.page
    entries = parse(built.page).tables["entries"]
    assert entries[0] == ["Source line", "State", "Source", "Translation (pt_BR)", "Findings"]
    states = [row[1].split("pseudo")[0] for row in entries if row[1] != "State"]
    assert states == ["untranslated", "reviewed", "stale", "reviewed", "machine draft",
                      "untranslated", "untranslated", "machine draft", *["untranslated"] * 4]


def test_filters_count_entries_per_state(built: Built) -> None:
    structure = parse(built.page)
    buttons = [a["data-filter"] for tag, a in structure.tags if tag == "button"]
    assert buttons == ["all", "translated", "fuzzy_machine", "fuzzy_edited", "fuzzy_changed",
                       "fuzzy_other", "untranslated", "findings"]
    assert ">All (12)</button>" in built.page
    assert ">untranslated (7)</button>" in built.page and ">has findings (2)</button>" in built.page


def test_preview_is_what_build_writes_in_each_state(built: Built) -> None:
    config = load_config(built.root / "l10n.toml")
    row = built.rows[0]
    assert row.preview is not None
    assert row.preview.source == (built.root / "source/news.md").read_text(encoding="utf-8")
    flags = (["--no-include-drafts"], ["--include-drafts"], ["--include-drafts", "--include-stale"])
    for (label, text), flag in zip(row.preview.published, flags, strict=True):
        result = CliRunner().invoke(main, ["-C", str(built.root), "build", *flag, "-l", "pt_BR"])
        assert result.exit_code == 0, result.output
        assert text == (built.root / "build/pt_BR/news.md").read_text(encoding="utf-8"), label
    assert [label for label, _ in row.preview.published] == [
        "Reviewed only", "With drafts", "With drafts and stale"]
    assert len({text for _, text in row.preview.published}) == 3  # the fixture has all three kinds
    assert config.build_dir.is_dir()


def test_preview_renders_raw_html_of_the_article_as_text(built: Built) -> None:
    assert "Nobody typed &lt;script&gt;alert(1)&lt;/script&gt; here." in built.page
    assert "<h1>Wagner leaves Bakhmut</h1>" in built.page


def test_write_review_writes_the_page(built: Built) -> None:
    config = load_config(built.root / "l10n.toml")
    out = built.root / "out/review.html"
    assert write_review(config, ["ar"], out, generated="today").path == out
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "Generated today" in page and "Translation review: l10n" in page
    assert "Arabic" in page and "Portuguese" not in page


def test_collect_asks_for_extract_when_a_catalog_is_missing(built: Built) -> None:
    config = load_config(built.root / "l10n.toml")
    with pytest.raises(CatalogError, match="run `l10n extract`"):
        collect(config, ["de"])


def item(
    msgid: str, msgstr: str = "", state: EntryState = EntryState.MACHINE, **options: object
) -> ReviewItem:
    values: dict[str, object] = {"previous_msgid": None, "provenance": "", "po_line": 7,
                                 "sources": ("source/a/b.md:3",)}
    values.update(options)
    return ReviewItem(msgid=msgid, msgstr=(msgstr,), state=state, **values)  # type: ignore[arg-type]


def row(*items: ReviewItem, locale: str = "pt_BR", findings: tuple[Finding, ...] = ()) -> ReviewRow:
    stats = CatalogStats(translated=Count(1, 3), fuzzy_machine=Count(len(items), 4))
    return ReviewRow("a/b", locale, "locales/x.po", stats, findings, tuple(items), "en")


def test_empty_project_page_says_so() -> None:
    page = review_page([], title="t", generated="g")
    assert "No catalogs to review." in page
    assert parse(page).errors == []


def test_catalog_without_entries_says_so() -> None:
    page = review_page([row()], title="t", generated="g")
    assert "No entries." in page and "No findings." in page


def test_finding_on_a_draft_is_tagged() -> None:
    finding = Finding("numbers", Severity.WARNING, "number 3 is missing", "3 <b>x</b>", 4, True)
    entry = item("3 <b>x</b>", "x", findings=(finding,))
    page = review_page([row(entry, findings=(finding,))], title="t", generated="g")
    assert '<a class="to-entry" href="#e0-0">3 &lt;b&gt;x&lt;/b&gt;</a>' in page
    assert '<span class="tag">draft</span>' in page
    assert "3 &lt;b&gt;x&lt;/b&gt;" in page


def test_provenance_note_says_when_a_person_edited_the_draft() -> None:
    old = "mt: engine=deepl date=2024-01-02 via=memory sha=0"
    entry = polib.POEntry(msgid="Hello.", tcomment=f"keep\n{old}")
    apply_draft(entry, "Olá.", machine("Olá."))
    assert provenance_note(entry) == "pseudo, 2024-05-01"
    entry.msgstr = "Oi."
    assert provenance_note(entry) == "pseudo, 2024-05-01, edited since"
    reused = f"mt: engine=human date=2024-01-02 via=memory sha={draft_digest('B.')}"
    memory = polib.POEntry(msgid="A.", msgstr="B.", tcomment=reused)
    assert provenance_note(memory) == "human, 2024-01-02, via memory"
    assert provenance_note(polib.POEntry(msgid="A.", msgstr="B.", tcomment="checked by Ana")) == ""
    assert entry.tcomment.splitlines()[0] == "keep"


def test_lang_attrs() -> None:
    assert lang_attrs("pt_BR") == ' lang="pt-BR"'
    assert lang_attrs("he") == ' lang="he" dir="rtl"'
    assert lang_attrs("fa_IR") == ' lang="fa-IR" dir="rtl"'
    assert lang_attrs("sr@latin") == ' lang="sr-Latn"'
    assert lang_attrs("") == ""


def test_word_diff_marks_changed_words_only() -> None:
    assert word_diff("Three men fled.", "Four men fled!") == (
        "<del>Three</del><ins>Four</ins> men fled<del>.</del><ins>!</ins>"
    )
    assert word_diff("a <b>", "a <b> c") == "a &lt;b&gt;<ins> c</ins>"
    assert word_diff("same", "same") == "same"


def _side(diff: str, drop: str) -> str:
    kept = re.sub(rf"<{drop}>.*?</{drop}>", "", diff, flags=re.DOTALL)
    return html.unescape(re.sub(r"</?(?:del|ins)>", "", kept))


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=40), st.text(max_size=40))
def test_word_diff_gives_back_both_sides(old: str, new: str) -> None:
    diff = word_diff(old, new)
    assert _side(diff, "ins") == old
    assert _side(diff, "del") == new


@settings(max_examples=60, deadline=None)
@given(
    st.text(max_size=30),
    st.text(max_size=30),
    st.one_of(st.none(), st.text(max_size=30)),
    st.text(max_size=20),
)
def test_any_text_stays_text(msgid: str, msgstr: str, previous: str | None, note: str) -> None:
    finding = Finding("markup", Severity.ERROR, note, msgid, 3, False)
    items = (item(msgid, msgstr, EntryState.STALE if previous is not None else EntryState.FUZZY,
                  previous_msgid=previous, provenance=note, comments=note, flags=(note,),
                  msgctxt=note, sources=(note,), findings=(finding,)),
             item(msgid, state=EntryState.UNTRANSLATED))
    page = review_page([row(*items, findings=(finding,))], title=note, generated=msgstr)
    structure = parse(page)
    assert structure.errors == [] and structure.stack == []
    allowed = {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p",
               "main", "section", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "a",
               "span", "code", "div", "del", "ins", "small", "details", "summary", "ul", "li",
               "nav", "button", "script", "br"}
    assert {tag for tag, _ in structure.tags} <= allowed
    assert [tag for tag, _ in structure.tags].count("script") == 1
    target = structure.tables["entries"][1][3]
    assert target.startswith(msgstr.strip())
