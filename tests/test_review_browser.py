"""The review page in a real browser: Debian's headless Chromium, driven by Playwright.

It renders without a console error or a request, its filters show only the entries asked for,
its counts are those of ``l10n status --json``, a finding's link leads to its entry (on the
article's own page in a split review, whose index filters catalogs and links to them), the preview
shows what ``l10n build`` publishes, and payloads in every PO field, the file names and the
project name stay text: no script from the project runs and no dialog opens. Skipped only when
Chromium is missing and ``CI`` is unset; on CI a missing browser fails.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from l10n.catalog.provenance import Provenance, apply_draft, draft_digest
from l10n.cli import main
from l10n.config import load_config
from l10n.po import load_po, save_po
from l10n.project import extract

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None and not os.environ.get("CI"):
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)

from playwright.sync_api import BrowserContext, Page, sync_playwright  # noqa: E402

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


def cli(project: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["-C", str(project), *args], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def machine(text: str) -> Provenance:
    return Provenance(engine="pseudo", date="2024-05-01", digest=draft_digest(text))


@dataclass
class Opened:
    """A page open in the browser and what it did."""

    page: Page
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=FLAGS,
        )
        try:
            yield context
        finally:
            context.close()


def open_page(context: BrowserContext, path: Path) -> Opened:
    page = context.new_page()
    opened = Opened(page)
    url = path.as_uri()
    page.on("console", lambda m: opened.console.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: opened.errors.append(str(e)))

    def dialog(d: Any) -> None:
        opened.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    page.on("request", lambda r: opened.requests.append(r.url) if r.url != url else None)
    page.goto(url)
    page.wait_for_load_state("load")
    return opened


# --------------------------------------------------------------------------- an ordinary project

SOURCE = (
    "# Wagner leaves Bakhmut\n\n"
    "Three men fled the city. The war has lasted nine months.\n\n"
    "Read [the report](https://example.org/r). There were 12 of them.\n\n"
    "The bridge is closed.\n"
)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("project")
    (root / "source").mkdir()
    (root / "l10n.toml").write_text('source_language = "en"\nlocales = ["pt_BR", "de"]\n',
                                    encoding="utf-8")
    (root / "source/news.md").write_text(SOURCE, encoding="utf-8")
    config = load_config(root / "l10n.toml")
    extract(config)
    po_file = root / "locales/pt_BR/news.po"
    po = load_po(po_file)
    for entry in po:
        if entry.msgid == "Three men fled the city.":
            entry.msgstr = "Três homens fugiram da cidade."
        elif entry.msgid == "The war has lasted nine months.":
            entry.msgstr = "A guerra dura nove meses."
        elif entry.msgid == "Read [the report](https://example.org/r).":
            entry.msgstr = "Leia [o relatório](https://example.org/x)."  # a broken link: an error
        elif entry.msgid == "There were 12 of them.":
            apply_draft(entry, "Eram 12.", machine("Eram 12."))
        elif entry.msgid == "Wagner leaves Bakhmut":
            apply_draft(entry, "Wagner deixa Bakhmut", machine("Wagner deixa Bakhmut"))
            entry.msgstr = "O Wagner deixa Bakhmut"  # an edited draft
    save_po(po_file, po)
    (root / "source/news.md").write_text(SOURCE.replace("nine", "ten"), encoding="utf-8")
    extract(config)
    cli(root, "review", "-o", str(root / "review.html"))
    return root


def test_page_renders_without_console_errors_or_requests(browser: BrowserContext, project: Path) -> None:
    opened = open_page(browser, project / "review.html")
    page = opened.page
    assert page.title() == "Translation review: l10n"
    assert page.locator("#filters").is_visible()  # the script ran: the CSP let it
    assert page.locator("tr.entry").count() == 12
    assert opened.console == [] and opened.errors == [] and opened.requests == []
    page.close()


def test_summary_counts_match_status_json(browser: BrowserContext, project: Path) -> None:
    status = json.loads(cli(project, "status", "--json"))
    page = open_page(browser, project / "review.html").page
    shown = page.eval_on_selector_all(
        "table.summary tr.catalog-row, table.summary tr.total",
        """rows => rows.map(r => Object.fromEntries([...r.querySelectorAll('td[data-state]')]
            .map(c => [c.dataset.state, {strings: +c.textContent, words: +c.dataset.words}])))""",
    )
    states = [name for name in status["total"] if name not in ("fuzzy", "total", "percent")]
    expected = [{name: row[name] for name in states} for row in [*status["rows"], status["total"]]]
    assert shown == expected
    assert expected[0]["fuzzy_changed"]["strings"] == 1 and expected[0]["fuzzy_edited"]["strings"] == 1
    page.close()


def visible_states(page: Page) -> list[str]:
    return list(page.eval_on_selector_all(
        "tr.entry", "rows => rows.filter(r => r.offsetParent !== null).map(r => r.dataset.state)"))


def test_state_filters_show_only_that_state(browser: BrowserContext, project: Path) -> None:
    total = json.loads(cli(project, "status", "--json"))["total"]
    page = open_page(browser, project / "review.html").page
    for state in ("translated", "fuzzy_machine", "fuzzy_edited", "fuzzy_changed", "untranslated"):
        page.click(f'#filters button[data-filter="{state}"]')
        shown = visible_states(page)
        assert shown == [state] * total[state]["strings"], state
        assert page.get_attribute(f'#filters button[data-filter="{state}"]', "aria-pressed") == "true"
        catalogs = page.eval_on_selector_all(
            "section.catalog", "s => s.filter(c => c.offsetParent !== null).map(c => c.id)")
        assert catalogs == (["c0-news-pt_BR", "c1-news-de"] if state == "untranslated"
                            else ["c0-news-pt_BR"]), state
    page.click('#filters button[data-filter="findings"]')
    rows = page.locator("tr.entry:visible")
    assert rows.count() == 1
    assert "Read [the report](https://example.org/r)." in rows.first.inner_text()
    assert "markup" in rows.first.locator("ul.found").inner_text()
    page.click('#filters button[data-filter="all"]')
    assert len(visible_states(page)) == 12
    page.close()


def test_a_finding_link_leads_to_its_entry_even_when_filtered_out(
    browser: BrowserContext, project: Path
) -> None:
    page = open_page(browser, project / "review.html").page
    page.click('#filters button[data-filter="untranslated"]')
    link = page.locator("table.findings a.to-entry").first
    href = link.get_attribute("href") or ""
    assert href.startswith("#e")
    link.click()
    assert page.evaluate("location.hash") == href
    target = page.locator(f"tr.entry{href}")
    assert target.is_visible()
    assert target.get_attribute("data-findings") != "0"
    assert page.evaluate("document.querySelector(':target').id") == href[1:]
    box = target.bounding_box()
    viewport = page.viewport_size
    assert box is not None and viewport is not None
    bar = page.locator("#filters").bounding_box()
    assert bar is not None
    assert bar["y"] + bar["height"] <= box["y"] < viewport["height"]  # not under the sticky filters
    assert "source/news.md:" in target.locator("td.where").inner_text()
    page.close()


def test_preview_shows_the_article_as_each_state_publishes_it(
    browser: BrowserContext, project: Path
) -> None:
    page = open_page(browser, project / "review.html").page
    preview = page.locator("details.preview").first
    preview.locator("summary").click()
    reviewed = preview.locator("article.reviewed-only").inner_text()
    drafts = preview.locator("article.with-drafts").inner_text()
    source = preview.locator("article.source").inner_text()
    assert "Wagner leaves Bakhmut" in source and "Três homens" not in source
    assert "Três homens fugiram da cidade." in reviewed and "Eram 12." not in reviewed
    assert "Eram 12." in drafts and "O Wagner deixa Bakhmut" in drafts
    assert preview.locator("article.with-drafts h1").inner_text() == "O Wagner deixa Bakhmut"
    assert preview.locator("article.with-drafts").get_attribute("lang") == "pt-BR"
    page.close()


# --------------------------------------------------------------------------- payloads

PWN = "window.__pwned"
PROJECT_NAME = f'</title><script>{PWN}="project"</script>" onmouseover="{PWN}=1'
FILE_NAME = f"x\"><img src=x onerror={PWN}=2>'"
PAYLOAD_SOURCE = (
    f"# Old <script>{PWN}=3</script> title\n\n"
    f'A picture <img src=x onerror="{PWN}=4"> here.\n\n'
    f"Click [here](javascript:{PWN}=5) now.\n\n"
    "Close </style><script>alert(6)</script> it.\n\n"
    f'Quote " onmouseover="{PWN}=7" \' x.\n\n'
    f"<div onclick=\"{PWN}=8\">\n<script>{PWN}=9</script>\n</div>\n"
)
TRANSLATIONS = {
    f'A picture <img src=x onerror="{PWN}=4"> here.': f'Uma foto <img src=x onerror="{PWN}=4"> aqui.',
    f"Click [here](javascript:{PWN}=5) now.": f"Clique [aqui](javascript:{PWN}=5) já <svg onload={PWN}=10>.",
    "Close </style><script>alert(6)</script> it.": "Feche </style><script>alert(6)</script> isso.",
    f'Quote " onmouseover="{PWN}=7" \' x.': f'Citação " onmouseover="{PWN}=7" \' x [a](javascript:alert(11)).',
}
STALE_OLD = f"Old <script>{PWN}=3</script> title"


@pytest.fixture(scope="module")
def payload_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("payloads")
    (root / "source").mkdir()
    name = json.dumps(PROJECT_NAME)
    (root / "l10n.toml").write_text(
        f'source_language = "en"\nlocales = ["pt_BR"]\nproject = {name}\n', encoding="utf-8"
    )
    article = root / "source" / f"{FILE_NAME}.md"
    article.write_text(PAYLOAD_SOURCE, encoding="utf-8")
    config = load_config(root / "l10n.toml")
    extract(config)
    po_file = next((root / "locales/pt_BR").glob("*.po"))
    po = load_po(po_file)
    po.metadata["Last-Translator"] = f"<script>{PWN}=12</script> <b onmouseover=alert(13)>"
    for entry in po:
        if entry.msgid in TRANSLATIONS:
            text = TRANSLATIONS[entry.msgid]
            apply_draft(entry, text, machine(text))
            entry.tcomment = f"<script>{PWN}=14</script>\n" + (entry.tcomment or "")
        elif entry.msgid == STALE_OLD:
            entry.msgstr = f"Título <script>{PWN}=16</script> antigo"
    save_po(po_file, po)
    article.write_text(PAYLOAD_SOURCE.replace("# Old", "# New"), encoding="utf-8")
    extract(config)
    stale = load_po(po_file).find(STALE_OLD.replace("Old", "New"))
    assert stale is not None and stale.previous_msgid == STALE_OLD
    # A vendor's file may carry any flag (our writer keeps only those gettext knows).
    text = po_file.read_text(encoding="utf-8")
    po_file.write_text(text.replace("#, fuzzy\n#|", f"#, fuzzy, <img src=x onerror={PWN}=15>\n#|", 1),
                       encoding="utf-8")
    cli(root, "review", "-o", str(root / "review.html"))
    return root / "review.html"


def test_no_script_from_the_project_runs(browser: BrowserContext, payload_page: Path) -> None:
    opened = open_page(browser, payload_page)
    page = opened.page
    for summary in page.locator("details summary").all():
        summary.click()
    for link in page.locator("a").all():
        href = link.get_attribute("href")
        if href is None or href.startswith("#"):
            link.click()
        link.hover()
        link.dispatch_event("mouseover")
    for selector in ("td.text", "p.meta", "h1", "h2", "article p"):
        for element in page.locator(selector).all():
            element.hover()
            element.dispatch_event("mouseover")
            element.dispatch_event("click")
    assert page.evaluate(f"typeof {PWN}") == "undefined"
    assert opened.dialogs == []
    assert opened.errors == [] and opened.console == []  # not even a refused script
    assert opened.requests == []
    assert page.evaluate("document.scripts.length") == 1
    assert page.evaluate(
        "[...document.querySelectorAll('*')].flatMap(e => [...e.attributes])"
        ".filter(a => a.name.startsWith('on')).length") == 0
    assert page.locator("img, svg, iframe, object, embed, style ~ style, link").count() == 0
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    assert all(h.startswith(("#", "https://", "http://", "mailto:")) for h in hrefs)
    page.close()


def test_payloads_are_shown_as_text(browser: BrowserContext, payload_page: Path) -> None:
    page = open_page(browser, payload_page).page
    assert page.title() == f"Translation review: {PROJECT_NAME}"
    text = page.locator("main").inner_text()
    for shown in (
        f"<script>{PWN}=3</script>",  # previous msgid (and the old source)
        f'<img src=x onerror="{PWN}=4">',  # msgid and msgstr
        "</style><script>alert(6)</script>",
        f"<svg onload={PWN}=10>",
        f"<script>{PWN}=14</script>",  # translator comment
        f"<img, src=x, onerror={PWN}=15>",  # flags
        f"<script>{PWN}=12</script>",  # header
        FILE_NAME,  # the article's name
    ):
        assert shown in text, shown
    page.locator("details.preview summary").first.click()
    source = page.locator("details.preview article.source").first.inner_text()
    assert f"<script>{PWN}=9</script>" in source  # raw HTML of the article, shown as text
    drafts = page.locator("details.preview article.with-drafts").first
    assert "javascript:" in drafts.locator("del.unsafe").first.inner_text()
    page.close()


def test_the_preview_markup_alone_is_inert_without_the_policy(browser: BrowserContext) -> None:
    """The second wall: the rendered preview, put in a page with no Content-Security-Policy."""
    from l10n.review.preview import markdown_html

    markdown = PAYLOAD_SOURCE + "".join(f"\n\n{text}\n" for text in TRANSLATIONS.values())
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.set_content(f"<!DOCTYPE html><html><body>{markdown_html(markdown)}</body></html>")
    for element in page.locator("body *").all():
        element.dispatch_event("mouseover")
        element.dispatch_event("click")
    assert page.evaluate(f"typeof {PWN}") == "undefined" and dialogs == []
    assert page.evaluate("document.scripts.length") == 0
    assert page.locator("img, svg, iframe, a[href^='javascript' i]").count() == 0
    page.close()


# --------------------------------------------------------------------------- a split review


@pytest.fixture(scope="module")
def split(project: Path) -> Path:
    """The ordinary project reviewed as an index and one page per article."""
    cli(project, "review", "--layout", "split", "-o", str(project / "split.html"))
    return project / "split.html"


def test_the_index_links_to_the_article_page(browser: BrowserContext, split: Path) -> None:
    opened = open_page(browser, split)
    page = opened.page
    assert page.locator("tr.entry").count() == 0
    assert page.locator("#filters").is_visible()
    page.click('#filters button[data-filter="fuzzy_changed"]')
    visible = page.locator("table.summary tr.catalog-row:visible")
    assert visible.count() == 1 and visible.first.get_attribute("data-locale") == "pt_BR"
    page.click('#filters button[data-filter="all"]')
    page.locator("table.summary tr.catalog-row a").last.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/split/news.html#c1-news-de")
    assert page.locator("section#c1-news-de").is_visible()
    assert page.locator("tr.entry").count() == 12
    assert opened.console == [] and opened.errors == []
    page.close()


def test_a_finding_link_of_the_index_leads_to_its_entry_on_the_article_page(
    browser: BrowserContext, split: Path
) -> None:
    opened = open_page(browser, split)
    page = opened.page
    link = page.locator("table.findings a.to-entry").first
    href = link.get_attribute("href") or ""
    assert href.startswith("split/news.html#e")
    link.click()
    page.wait_for_load_state("load")
    fragment = href.split("#", 1)[1]
    assert page.evaluate("document.querySelector(':target').id") == fragment
    target = page.locator(f"tr.entry#{fragment}")
    assert target.is_visible() and target.get_attribute("data-findings") != "0"
    assert "source/news.md:" in target.locator("td.where").inner_text()
    for state in ("translated", "fuzzy_machine", "untranslated"):  # filters work there too
        page.click(f'#filters button[data-filter="{state}"]')
        assert set(visible_states(page)) == {state}
    page.click('#filters button[data-filter="all"]')
    assert len(visible_states(page)) == 12
    page.locator("nav.up a").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/split.html")
    # The only loads are the two pages themselves (the index's own URL is not counted).
    assert opened.console == [] and opened.errors == []
    assert opened.requests == [(split.parent / "split/news.html").as_uri()]
    page.close()
