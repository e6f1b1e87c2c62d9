"""The review of a large project: an index and one page per article (``--layout split``).

Every entry of every catalog is on exactly one page, in its catalog's section; the index counts
what ``l10n status`` counts and links every finding to an entry that exists on its page; pages
of removed articles go; a folder the review did not write is never written into; and the
writer holds one article's rows at a time (checked with weak references, not timings). Pages
are read with html5lib, a parser the product does not use.
"""

from __future__ import annotations

import gc
import json
import weakref
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import html5lib
import polib
import pytest
from click.testing import CliRunner, Result

import l10n.project.checking as checking
import l10n.review.data as review_data
import l10n.review.pages as review_pages
from l10n.catalog.state import is_header
from l10n.cli import main
from l10n.po import load_po, save_po

NS = {"h": "http://www.w3.org/1999/xhtml"}

ARTICLE = (
    "# Story {n}\n\n"
    "Three men fled the city {n}. The war has lasted {n} months.\n\n"
    "Read [the report](https://example.org/r{n}). The bridge is closed.\n"
)


def cli(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["-C", str(root), *args], catch_exceptions=False)


def make_project(root: Path, names: list[str]) -> Path:
    (root / "l10n.toml").write_text('source_language = "en"\nlocales = ["pt_BR", "de"]\n',
                                    encoding="utf-8")
    for n, name in enumerate(names):
        path = root / "source" / f"{name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(ARTICLE.format(n=n + 1), encoding="utf-8")
    assert cli(root, "extract").exit_code == 0
    assert cli(root, "translate", "--engine", "pseudo", "--locale", "pt_BR").exit_code == 0
    po_file = root / "locales/pt_BR" / f"{names[0]}.po"
    po = load_po(po_file)
    for entry in po:
        if entry.msgid.startswith("Read ["):
            entry.msgstr = "Leia [o relatório](https://example.org/x)."  # a broken link: an error
            entry.flags = []
    save_po(po_file, po)
    return root


def parse(path: Path) -> Any:
    return html5lib.parse(path.read_bytes(), treebuilder="etree", namespaceHTMLElements=True)


def text(node: Any) -> str:
    return "".join(node.itertext())


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path, ["news", "world/bakhmut", "world/kyiv", "sport/final"])


def pages_of(root: Path) -> list[Path]:
    return sorted((root / "build/review").rglob("*.html"))


def test_split_review_writes_an_index_and_one_page_per_article(project: Path) -> None:
    result = cli(project, "review", "--layout", "split")
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {project / 'build/review.html'} and 4 article page(s)\n"
    assert [p.relative_to(project / "build/review").as_posix() for p in pages_of(project)] == [
        "news.html", "sport/final.html", "world/bakhmut.html", "world/kyiv.html"]
    index = parse(project / "build/review.html")
    assert index.findall(".//h:tr[@class='entry']", NS) == []  # the index lists no entries
    hrefs = {urlsplit(a.get("href")).path for a in index.findall(".//h:table[@class='summary']//h:a", NS)}
    assert hrefs == {"review/news.html", "review/sport/final.html", "review/world/bakhmut.html",
                     "review/world/kyiv.html"}
    back = parse(project / "build/review/world/kyiv.html").find(".//h:nav[@class='up']/h:a", NS)
    assert back.get("href") == "../../review.html"


def test_every_entry_of_every_catalog_is_on_exactly_one_page(project: Path) -> None:
    assert cli(project, "review", "--layout", "split").exit_code == 0
    shown: Counter[tuple[str, str, str]] = Counter()
    for page in pages_of(project):
        for section in parse(page).iterfind(".//h:section[@class='catalog']", NS):
            po_file = text(section.find("./h:p[@class='meta']/h:code", NS))
            for row in section.iterfind(".//h:tr", NS):
                if "entry" in (row.get("class") or "").split():
                    source = row.find("./h:td[@class='text source']", NS)
                    shown[(po_file, text(source), row.get("data-state") or "")] += 1
    expected: Counter[tuple[str, str, str]] = Counter()
    for po_file in sorted((project / "locales").glob("*/**/*.po")):
        if po_file.parent.name == "templates":
            continue
        for entry in polib.pofile(str(po_file)):
            if not entry.obsolete and not is_header(entry):
                state = "translated" if entry.translated() else (
                    "fuzzy_machine" if "fuzzy" in entry.flags else "untranslated")
                expected[(po_file.relative_to(project).as_posix(), entry.msgid, state)] += 1
    assert shown == expected
    assert set(shown.values()) == {1} and len(shown) == 4 * 2 * 5


def test_the_index_counts_what_status_counts_and_links_every_finding_to_its_entry(project: Path) -> None:
    assert cli(project, "review", "--layout", "split").exit_code == 0
    status = json.loads(cli(project, "status", "--json").stdout)
    index = parse(project / "build/review.html")
    rows = index.findall(".//h:table[@class='summary']/h:tbody/h:tr", NS)
    shown = [{cell.get("data-state"): int(text(cell)) for cell in row.iterfind("./h:td", NS)
              if cell.get("data-state")} for row in rows]
    assert shown == [{name: row[name]["strings"] for name in shown[0]} for row in status["rows"]]
    check = json.loads(cli(project, "check", "--json").stdout)
    links = index.findall(".//h:table[@class='findings']//h:a[@class='to-entry']", NS)
    assert len(links) == len(check) > 0
    for link in links:
        parts = urlsplit(link.get("href"))
        page = parse(project / "build" / unquote(parts.path))
        target = page.find(f".//*[@id='{parts.fragment}']", NS)
        assert target is not None, link.get("href")
        assert target.tag.endswith("tr") and text(link) in text(target)


def test_pages_of_removed_articles_are_removed(project: Path) -> None:
    assert cli(project, "review", "--layout", "split").exit_code == 0
    (project / "source/world/kyiv.md").unlink()
    for po_file in (project / "locales").rglob("kyiv.po*"):
        po_file.unlink()
    result = cli(project, "review", "--layout", "split")
    assert result.exit_code == 0, result.output
    assert result.output.endswith("; removed 1 stale page(s)\n")
    assert not (project / "build/review/world/kyiv.html").exists()
    assert (project / "build/review/world/bakhmut.html").exists()
    result = cli(project, "review", "--layout", "single")
    assert result.output.endswith("; removed 3 stale page(s)\n")
    assert pages_of(project) == []
    assert len(parse(project / "build/review.html").findall(".//h:tr[@class]", NS)) > 0


def test_a_folder_the_review_did_not_write_is_left_alone(project: Path) -> None:
    mine = project / "build/review/notes.html"
    mine.parent.mkdir(parents=True)
    mine.write_text("my notes", encoding="utf-8")
    result = cli(project, "review", "--layout", "split")
    assert result.exit_code == 2
    assert "build/review" in result.output and "not one `l10n review` wrote" in result.output
    assert "Traceback" not in result.output
    assert mine.read_text(encoding="utf-8") == "my notes"
    assert not (project / "build/review.html").exists()
    assert cli(project, "review", "--layout", "single").exit_code == 0
    assert mine.read_text(encoding="utf-8") == "my notes"


def test_auto_writes_one_page_up_to_the_limit_and_splits_beyond(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli(project, "review").output == f"wrote {project / 'build/review.html'}\n"
    assert pages_of(project) == []
    monkeypatch.setattr("l10n.review.SINGLE_LIMIT", 3)
    assert cli(project, "review").output.endswith("and 4 article page(s)\n")
    monkeypatch.setattr("l10n.review.SINGLE_LIMIT", 4)
    assert cli(project, "review").output.endswith("; removed 4 stale page(s)\n")


def test_the_split_review_holds_one_article_at_a_time(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When an article's catalogs are loaded, no row of an earlier article is alive."""
    made: list[weakref.ref[Any]] = []
    loaded: list[int] = []
    real_rows = review_data.ReviewRow
    real_load = checking.load_catalog

    def row(*args: Any, **kwargs: Any) -> Any:
        value = real_rows(*args, **kwargs)
        made.append(weakref.ref(value))
        return value

    def load(path: Path) -> polib.POFile:
        gc.collect()
        alive = sum(1 for ref in made if ref() is not None)
        loaded.append(alive)
        return real_load(path)

    monkeypatch.setattr(review_data, "ReviewRow", row)
    monkeypatch.setattr(checking, "load_catalog", load)
    assert cli(project, "review", "--layout", "split").exit_code == 0
    # The project checks read every catalog first (no row made yet); then, two locales per
    # article, the first catalog of each article sees no row alive, the second sees the first
    # locale's row of the same article.
    assert loaded == [0] * 8 + [0, 1] * 4
    assert len(made) == 8


def iter_ids(page: Path) -> Iterator[str]:
    for node in parse(page).iter():
        if node.get("id"):
            yield node.get("id")


def test_every_anchor_is_unique_on_its_page(project: Path) -> None:
    assert cli(project, "review", "--layout", "split").exit_code == 0
    for page in [project / "build/review.html", *pages_of(project)]:
        ids = list(iter_ids(page))
        assert len(ids) == len(set(ids)), page
    assert review_pages.MARKER in {p.name for p in (project / "build/review").iterdir()}


def test_the_index_of_a_large_project_lists_a_bounded_number_of_findings_and_counts_the_rest(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past :data:`pages.INDEX_FINDINGS` of a severity the index says how many more there are;
    every one is still on its article's page."""
    from l10n.review import pages

    check = json.loads(cli(project, "check", "--json").stdout)
    by_severity = Counter(f["severity"] for f in check)
    assert set(by_severity) == {"error", "warning"}
    monkeypatch.setattr(pages, "INDEX_FINDINGS", 0)
    assert cli(project, "review", "--layout", "split").exit_code == 0
    index = parse(project / "build/review.html")
    table = index.find(".//h:table[@class='findings']", NS)
    links = table.findall(".//h:a[@class='to-entry']", NS)
    assert links == []
    notes = [text(row) for row in table.iterfind(".//h:tr", NS) if "more" in (row.get("class") or "").split()]
    assert notes == [f"{sev}and {n} more {sev}(s) not listed here: each article's page lists "
                     "all of its own, and the summary above counts them per catalog"
                     for sev, n in sorted(by_severity.items())]
    heading = text(index.find(".//h:section[@id='findings']/h:h2", NS))
    assert heading == f"Findings ({len(check)})"
    on_pages = sum(len(parse(page).findall(".//h:table[@class='findings']//h:a[@class='to-entry']", NS))
                   for page in pages_of(project))
    assert on_pages == len(check)
