"""Injection: a translation adds to the built article no link, image, tag, autolink, URL or
reference the source block never had, even split across two sentences that each look harmless.

Written as an attacker would: the translations go into the PO file as reviewed entries, then
`check` and `build` run through the command line; `check` exits 1 exactly when `build` refuses.
The built article is rendered with markdown-it-py (a CommonMark parser l10n does not use) and
every link destination, image source and tag of the output must exist in the source's rendering.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from markdown_it import MarkdownIt

from l10n.document.injection import added_markup, bare_urls
from tests.test_cli import run

DEFINITIONS = "\n[docs]: https://docs.example/\n[evil]: javascript:alert(1)\n"

# (name, source paragraph, {msgid: msgstr}, refused)
CASES = [
    ("image split across sentences", "Prices rose. They fell.",
     {"Prices rose.": "Os preços subiram <img src=x", "They fell.": "onerror=alert(1)> Caíram."}, True),
    ("javascript link split across sentences", "Prices rose. They fell.",
     {"Prices rose.": "Leia [isto](javascript:alert(1)", "They fell.": ") Caíram."}, True),
    ("shortcut reference split across sentences", "Prices rose. They fell.",
     {"Prices rose.": "Veja [docs", "They fell.": "] Caíram."}, True),
    ("script tag split across sentences", "Prices rose. They fell.",
     {"Prices rose.": "Os preços <script", "They fell.": "src=x.js> caíram."}, True),
    ("bare URL in one sentence", "Prices rose. They fell.",
     {"Prices rose.": "Veja https://evil.example/x agora."}, True),
    ("reference to another definition", "Read [the docs][docs] now. Then stop.",
     {"Read [the docs][docs] now.": "Leia [a documentação][evil] agora."}, True),
    ("link kept across sentences", "Read [the docs](https://docs.example/) now. Then stop.",
     {"Read [the docs](https://docs.example/) now.": "Leia [a documentação](https://docs.example/) agora.",
      "Then stop.": "Depois pare."}, False),
    ("plain translations", "Prices rose. They fell.",
     {"Prices rose.": "Os preços subiram.", "They fell.": "Caíram."}, False),
]


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: set[tuple[str, str]] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.add(("tag", tag))
        for name, value in attrs:
            self.found.add((f"{tag}.{name}", value or ""))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def rendered(markdown: str) -> set[tuple[str, str]]:
    """Tags, attributes (href, src, on*...) and URL-like text of the rendered article."""
    parser = _Collect()
    parser.feed(MarkdownIt("commonmark").render(markdown))
    text = " ".join(parser.text)
    return parser.found | {("url", u) for u in re.findall(r"\S+://\S+|\bwww\.\S+|javascript:\S+", text)}


def _project(tmp_path: Path, paragraph: str) -> Path:
    (tmp_path / "source").mkdir()
    article = f"Intro line with [docs] and [evil].\n\n{paragraph}\n{DEFINITIONS}"
    (tmp_path / "source" / "a.md").write_text(article, encoding="utf-8")
    (tmp_path / "l10n.toml").write_text('source_language = "en"\nlocales = ["pt_BR"]\n', encoding="utf-8")
    assert run(tmp_path, "extract")[0] == 0
    return tmp_path


@pytest.mark.parametrize(("name", "paragraph", "translations", "refused"), CASES, ids=[c[0] for c in CASES])
def test_build_refuses_a_block_that_gains_markup_and_check_reports_it(
    tmp_path: Path, name: str, paragraph: str, translations: dict[str, str], refused: bool
) -> None:
    project = _project(tmp_path, paragraph)
    path = project / "locales" / "pt_BR" / "a.po"
    po = polib.pofile(str(path))
    for msgid, msgstr in translations.items():
        entry = po.find(msgid)
        assert entry is not None, [e.msgid for e in po]
        entry.msgstr = msgstr
    po.save(str(path))
    check_code, check_out, _ = run(project, "check", "--json")
    build_code, _, build_err = run(project, "build")
    assert build_code == 0
    source = (project / "source" / "a.md").read_text(encoding="utf-8")
    built = (project / "build" / "pt_BR" / "a.md").read_text(encoding="utf-8")
    errors = [f for f in json.loads(check_out) if f["severity"] == "error"]
    assert check_code == (1 if refused else 0), check_out
    assert bool(errors) is refused
    assert rendered(built) <= rendered(source)
    if refused:
        assert paragraph in built and "not used" in build_err
    else:
        assert all(msgstr in built for msgstr in translations.values())


def test_added_markup_is_one_rule_for_messages_and_blocks() -> None:
    assert added_markup("Prices rose.", "Os preços subiram.") is None
    assert added_markup("See [a](https://x.y/).", "Veja [b](https://x.y/).") is None
    assert "html" in (added_markup("Prices rose.", "Os <b>preços</b>.") or "")
    assert "link 'javascript:alert(1)'" in (added_markup("A.", "[a](javascript:alert(1))") or "")
    assert "image" in (added_markup("A.", "![a](x.png)") or "")
    assert "URL" in (added_markup("A.", "A www.evil.example B.") or "")
    assert added_markup("Losing [a](x) is not this rule's business.", "Perder.") is None


def test_bare_urls_ignore_times_ratios_and_labels() -> None:
    assert bare_urls("At 10:30, the score was 2:1. Note: (see below).") == set()
    assert bare_urls("Go to https://x.y/a, then www.z.com.") == {"https://x.y/a", "www.z.com"}
    assert bare_urls("click javascript:alert(1)") == {"javascript:alert(1)"}


def test_a_url_ends_at_the_parenthesis_that_closes_its_link_or_its_aside() -> None:
    """npm's docs write ``[`cacache`](http://npm.im/cacache)-based``: the pseudo engine's
    ``-ƀåšéð`` made ``http://npm.im/cacache)-ƀåšéð`` look like a new URL, and three real drafts
    were refused as unsafe (benchmarks/articles.py stopped on them)."""
    source = "This directory is a [`cacache`](http://npm.im/cacache)-based cache."
    assert bare_urls(source) == {"http://npm.im/cacache"}
    assert added_markup(source, "Este é um cache [`cacache`](http://npm.im/cacache)-ƀåšéð.") is None
    assert bare_urls("See (http://a.org/x). Or http://a.org/wiki/Foo_(bar).") == {
        "http://a.org/x", "http://a.org/wiki/Foo_(bar)"}
    assert "http://evil.example/x" in (added_markup("See it.", "Veja http://evil.example/x)y.") or "")
