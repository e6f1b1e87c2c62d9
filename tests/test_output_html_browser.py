"""``l10n build --format html`` in a real browser: Debian's headless Chromium, driven by
Playwright. The repository's sample project is built for pt_BR (its committed machine drafts)
and for ar (pseudo-localized right to left): each page renders without a console error, reads
in the locale's direction (computed ``direction`` and where the headline's text actually
starts), and is saved as a screenshot under the test's ``tmp_path``. Skipped only when
Chromium is missing and ``CI`` is unset; on CI a missing browser fails.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from l10n.cli import main

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None and not os.environ.get("CI"):
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)

from playwright.sync_api import BrowserContext, sync_playwright  # noqa: E402

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
REPO = Path(__file__).resolve().parent.parent


def cli(project: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["-C", str(project), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=FLAGS,
            viewport={"width": 900, "height": 700},
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The README's main job on a copy of the sample project, plus an ``ar`` pseudo build."""
    root = tmp_path_factory.mktemp("sample")
    for name in ("source", "locales"):
        shutil.copytree(REPO / name, root / name)
    config = (REPO / "l10n.toml").read_text(encoding="utf-8")
    config = config.replace('locales = ["pt_BR"]', 'locales = ["pt_BR", "ar"]')
    (root / "l10n.toml").write_text(config + '[translate.locales]\nar = "pseudo-rtl"\n',
                                    encoding="utf-8")
    cli(root, "extract")
    cli(root, "translate", "-l", "ar", "--no-memory")
    cli(root, "build", "--format", "html", "--include-drafts")
    return root


@pytest.mark.parametrize(("locale", "direction"), [("pt_BR", "ltr"), ("ar", "rtl")])
def test_the_sample_article_reads_in_the_locales_direction(
    browser: BrowserContext, sample: Path, tmp_path: Path, locale: str, direction: str
) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((sample / "build" / locale / "markdown/bakhmut-wagner.html").as_uri())
    page.wait_for_load_state("load")
    shot = tmp_path / f"{locale}.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000  # a page with text on it, not a blank one
    assert errors == []
    assert page.evaluate("getComputedStyle(document.body).direction") == direction
    assert page.evaluate("document.documentElement.lang") == locale.replace("_", "-")
    # Where the headline's first line really is, against its box: flush right in ar.
    left, right, box_left, box_right = page.evaluate("""() => {
        const h1 = document.querySelector('h1');
        const range = document.createRange();
        range.selectNodeContents(h1);
        const line = range.getClientRects()[0], box = h1.getBoundingClientRect();
        return [line.left, line.right, box.left, box.right];
    }""")
    if direction == "rtl":
        assert abs(right - box_right) < 2 and left - box_left > 20
    else:
        assert abs(left - box_left) < 2 and box_right - right > 20
    if locale == "pt_BR":
        assert page.title() == "Que missão tem o grupo militar Wagner na Ucrânia?"
        assert page.inner_text("time") == "20 de outubro de 2022"
    else:
        assert page.get_attribute("time", "datetime") == "2022-10-20"
    page.close()
