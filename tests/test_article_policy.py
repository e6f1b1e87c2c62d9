"""When an article is published for a locale at all: the share of its words in reviewed
translations, the blocks that must be reviewed, per-locale overrides, and what happens below the
policy (skip: no file, an earlier output removed; keep: the last published output untouched).

The acceptance test builds a copy of the repository's sample project for pt_BR with a mix of
reviewed, draft, stale and empty entries."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from l10n.catalog.publish import ArticlePolicy, decide_article
from l10n.cli import main
from l10n.config import config_from_mapping
from l10n.document.formats import FormatOptions, parse_document
from l10n.document.selectors import selected_blocks
from l10n.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent
TXT = "bakhmut-wagner.txt"
MD = "markdown/bakhmut-wagner.md"

TITLE = ["date 2022-10-20 What mission does the Wagner military group have in Ukraine?", "3:23"]
LEAD = [
    "(CNN) — The weather in Bakhmut deceives the senses: sunny and warm, it almost seems peaceful.",
    "But a deafening roar of artillery firing from the eastern Ukrainian city shakes that notion, "
    "as Ukrainian soldiers launched a series of offensives on Wednesday to try to retake positions.",
]
ALSO_REVIEWED = "Three men were seen fleeing the city, one of them with a microwave strapped to his back."
GHOST = "Through the windows you can see a ghost town."
GHOST_EDITED = "Through the windows you can see a ghost city."
EMPTY = "Our guide is a Ukrainian military doctor, whose nom de guerre is “Katrusya”."
MD_LEAD = "**(CNN)** — The weather in Bakhmut deceives the senses: sunny and warm, it almost seems peaceful."


def cli(project: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["-C", str(project), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def review(po: polib.POFile, msgid: str, msgstr: str | None = None) -> str:
    """A person reviews the entry (their text, or the draft as it is); the text published."""
    entry = po.find(msgid)
    assert entry is not None, msgid
    if msgstr is not None:
        entry.msgstr = msgstr
    entry.flags = [f for f in entry.flags if f != "fuzzy"]
    entry.tcomment = ""
    return str(entry.msgstr)


def sample(tmp_path: Path) -> tuple[Path, dict[str, str], dict[str, str]]:
    """The sample project with, in pt_BR: the text article's title, lead and one more sentence
    reviewed, one reviewed sentence made stale by an edit of the source, one entry emptied, the
    rest machine drafts; the Markdown article with only part of its lead reviewed. Returns the
    project and the published texts (msgid -> msgstr) of the reviewed and of the draft entries
    of the text article."""
    project = tmp_path / "sample"
    project.mkdir()
    for name in ("l10n.toml", "glossary.tsv"):
        shutil.copy(ROOT / name, project / name)
    for folder in ("source", "locales"):
        shutil.copytree(ROOT / folder, project / folder)
    txt_po = project / "locales/pt_BR/bakhmut-wagner.po"
    po = polib.pofile(str(txt_po))
    reviewed = {m: review(po, m) for m in [*TITLE, *LEAD, ALSO_REVIEWED]}
    review(po, GHOST, "Pelas janelas se vê uma cidade fantasma.")
    empty = po.find(EMPTY)
    assert empty is not None
    empty.msgstr, empty.flags, empty.tcomment = "", [], ""
    po.save()
    md_po = polib.pofile(str(project / "locales/pt_BR/markdown/bakhmut-wagner.po"))
    review(md_po, MD_LEAD, "**(CNN)** — O tempo em Bakhmut engana os sentidos: ensolarado e quente, quase parece pacífico.")
    md_po.save()
    source = project / "source" / TXT
    source.write_text(source.read_text(encoding="utf-8").replace(GHOST, GHOST_EDITED), encoding="utf-8")
    assert cli(project, "extract")[0] == 0  # the edit makes the reviewed translation stale
    po = polib.pofile(str(txt_po))
    stale = po.find(GHOST_EDITED)
    assert stale is not None and stale.fuzzy and stale.previous_msgid == GHOST
    drafts = {e.msgid: e.msgstr for e in po if e.fuzzy and not e.previous_msgid and e.msgstr}
    return project, reviewed, drafts


def expected_text(project: Path, published: dict[str, str]) -> str:
    """The text article as it must be built: the source with exactly these sentences replaced
    (each occurs once in the source; plain-text sentences are copied as written), and the
    dateline of a published sentence in pt_BR's long form (the sample's ``[build] dates``)."""
    text = (project / "source" / TXT).read_text(encoding="utf-8")
    for msgid, msgstr in published.items():
        assert text.count(msgid) == 1, msgid
        if "date 2022-10-20" in msgid:
            msgstr = msgstr.replace("2022-10-20", "20 de outubro de 2022")
        text = text.replace(msgid, msgstr)
    return text


def built(project: Path, name: str) -> Path:
    return project / "build/pt_BR" / name


def status_percents(project: Path) -> dict[str, float]:
    code, out, _ = cli(project, "status", "--json")
    assert code == 0
    return {row["article"]: row["percent"] for row in json.loads(out)["rows"]}


def test_the_sample_built_for_pt_br_publishes_exactly_what_each_policy_allows(tmp_path: Path) -> None:
    project, reviewed, drafts = sample(tmp_path)
    percents = status_percents(project)  # reviewed words / words, counted by status
    assert 0 < percents["markdown/bakhmut-wagner"] < percents["bakhmut-wagner"] < 50
    threshold = f"{(percents['markdown/bakhmut-wagner'] + percents['bakhmut-wagner']) / 2:.1f}"

    # No article policy: both written, reviewed translations only.
    code, out, err = cli(project, "build")
    assert code == 0, err
    assert built(project, TXT).read_text(encoding="utf-8") == expected_text(project, reviewed)
    assert "O tempo em Bakhmut" in built(project, MD).read_text(encoding="utf-8")

    # Below min_percent: the Markdown article is skipped, its earlier output removed.
    code, out, err = cli(project, "build", "--min-percent", threshold, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["skipped"] == [{
        "path": "build/pt_BR/markdown/bakhmut-wagner.md", "locale": "pt_BR", "below": "skip",
        "reasons": [f"{percents['markdown/bakhmut-wagner']:.1f}% of words reviewed (needs {float(threshold):g}%)"],
    }]
    by_path = {f["path"]: f["publish"] for f in data["files"]}
    assert by_path["build/pt_BR/bakhmut-wagner.txt"]["publish"] is True
    assert by_path["build/pt_BR/bakhmut-wagner.txt"]["percent_reviewed"] == percents["bakhmut-wagner"]
    assert not built(project, MD).exists()
    assert built(project, TXT).read_text(encoding="utf-8") == expected_text(project, reviewed)

    # Drafts published do not count towards the threshold: same decision, drafts in the text.
    code, out, err = cli(project, "build", "--min-percent", threshold, "--include-drafts")
    assert code == 0, err
    assert "build/pt_BR/markdown/bakhmut-wagner.md: skipped: " in out
    assert "1 article(s) below the publish policy not written" in out
    assert not built(project, MD).exists()
    assert built(project, TXT).read_text(encoding="utf-8") == expected_text(project, {**reviewed, **drafts})
    text = built(project, TXT).read_text(encoding="utf-8")
    assert GHOST_EDITED in text and EMPTY in text  # the stale and the empty entry stay English

    # Required blocks: the text article's title and lead are reviewed, the Markdown one's not.
    code, out, err = cli(project, "build", "--require", "title", "--require", "first_paragraph",
                         "--include-stale")
    assert code == 0, err
    assert "build/pt_BR/markdown/bakhmut-wagner.md: skipped: title not reviewed (1 sentence)" in out
    stale_too = {**reviewed, GHOST_EDITED: "Pelas janelas se vê uma cidade fantasma."}
    assert built(project, TXT).read_text(encoding="utf-8") == expected_text(project, stale_too)
    assert not built(project, MD).exists()


def test_keep_leaves_the_last_published_output_as_it_was(tmp_path: Path) -> None:
    project, _, _ = sample(tmp_path)
    assert cli(project, "build")[0] == 0
    before = built(project, MD).read_bytes()
    code, out, err = cli(project, "build", "--include-drafts", "--min-percent", "99", "--below", "keep")
    assert code == 0, err
    assert built(project, MD).read_bytes() == before  # drafts would have changed it
    assert "build/pt_BR/markdown/bakhmut-wagner.md: kept as last published: " in out
    built(project, MD).unlink()
    code, out, err = cli(project, "build", "--min-percent", "99", "--below", "keep")
    assert not built(project, MD).exists()
    assert "build/pt_BR/markdown/bakhmut-wagner.md: not published, nothing published earlier to keep" in out


def test_build_check_exits_1_when_it_would_remove_a_skipped_article(tmp_path: Path) -> None:
    project, _, _ = sample(tmp_path)
    assert cli(project, "build")[0] == 0
    code, out, _ = cli(project, "build", "--check", "--min-percent", "99")
    assert code == 1
    assert "would remove build/pt_BR/markdown/bakhmut-wagner.md" in out
    assert built(project, MD).exists()  # --check writes and removes nothing


def test_a_per_locale_table_overrides_build_and_status_says_what_build_would_do(tmp_path: Path) -> None:
    project, _, _ = sample(tmp_path)
    config = project / "l10n.toml"
    text = config.read_text(encoding="utf-8")
    assert text.count("\n[build]\n") == 1  # the sample's own [build] table gains the keys
    config.write_text(text.replace("\n[build]\n", '\n[build]\nmin_percent = 1\nrequired = ["title"]\n')
                      + '\n[build.locales.pt-BR]\nmin_percent = 90\n', encoding="utf-8")
    code, out, err = cli(project, "status")
    assert code == 0, err
    assert "build policy for pt_BR: at least 90% of words reviewed; reviewed: title; below: skip" in out
    assert "  bakhmut-wagner           pt_BR  would skip: " in out
    assert "markdown/bakhmut-wagner  pt_BR  would skip: " in out and "title not reviewed (1 sentence)" in out
    code, out, _ = cli(project, "status", "--json")
    assert [row["publish"]["publish"] for row in json.loads(out)["rows"]] == [False, False]
    code, out, err = cli(project, "build")
    assert code == 0 and not built(project, TXT).exists() and not built(project, MD).exists()
    code, out, err = cli(project, "build", "--min-percent", "0", "--require", "none")
    assert code == 0 and built(project, TXT).exists() and built(project, MD).exists()


def test_an_article_without_words_is_complete_and_a_selector_that_selects_nothing_is_met() -> None:
    decision = decide_article(ArticlePolicy(min_percent=100, required=("headings",)), 0, 0, {})
    assert decision.publish and decision.percent == 100.0
    short = decide_article(ArticlePolicy(min_percent=50, required=("title",)), 1, 3, {"title": 2})
    assert not short.publish
    assert short.reasons == ("33.3% of words reviewed (needs 50%)", "title not reviewed (2 sentences)")


MARKDOWN = """---
title: The title
description: What it is about.
seo:
  title: Search title
---

# Heading one

*Video, 3:23*

## Second heading

Body text.
"""


@pytest.mark.parametrize(("selector", "texts"), [
    ("title", ["The title", "Heading one"]),
    ("first_paragraph", ["*Video, 3:23*"]),
    ("headings", ["Heading one", "Second heading"]),
    ("front_matter", ["The title", "What it is about.", "Search title"]),
    ("front_matter.description", ["What it is about."]),
    ("front_matter.seo", ["Search title"]),
])
def test_block_selectors_name_the_blocks_they_say(selector: str, texts: list[str]) -> None:
    options = FormatOptions(front_matter=True, front_matter_keys=("title", "description", "seo.title"))
    doc = parse_document(MARKDOWN, "a.md", options, "markdown")
    assert [doc.blocks[i].text for i in selected_blocks(doc.blocks, selector)] == texts


def test_a_plain_text_article_without_a_title_has_its_first_block_as_title() -> None:
    doc = parse_document("First line of news.\n\nSecond paragraph.\n", "a.txt", FormatOptions(), "text")
    assert [doc.blocks[i].text for i in selected_blocks(doc.blocks, "title")] == ["First line of news."]
    assert [doc.blocks[i].text for i in selected_blocks(doc.blocks, "first_paragraph")] == ["Second paragraph."]


@pytest.mark.parametrize(("build", "message"), [
    ({"min_percent": 120}, "'build.min_percent': must be a number from 0 to 100"),
    ({"min_percent": "80"}, "'build.min_percent': must be a number from 0 to 100"),
    ({"required": ["lede"]}, "'build.required': unknown block selector 'lede'; selectors: title, "
                             "first_paragraph, headings, front_matter, front_matter.KEY"),
    ({"required": "title"}, "'build.required': must be a list of block selectors"),
    ({"below": "drop"}, "'build.below': is 'drop'; allowed: skip, keep"),
    ({"locales": {"es": {"min_percent": 1}}}, "'build.locales.es': 'es' is not in locales (pt_BR)"),
    ({"locales": {"pt_BR": {"include_drafts": True}}},
     "'build.locales.pt_BR.include_drafts': unknown key; allowed: below, min_percent, required"),
    ({"locales": {"pt_BR": {"below": "later"}}}, "'build.locales.pt_BR.below': is 'later'"),
    ({"locales": {"pt_BR": 90}}, "'build.locales.pt_BR': must be a table of min_percent, required, below"),
    ({"locales": {"pt_BR": {"min_percent": 1}, "pt-BR": {"min_percent": 2}}},
     "'build.locales.pt-BR': names pt_BR again; keep one table per locale"),
])
def test_a_wrong_article_policy_key_is_an_error_naming_it(tmp_path: Path, build: dict[str, object],
                                                         message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        config_from_mapping({"locales": ["pt_BR"], "build": build}, root=tmp_path,
                            config_path=tmp_path / "l10n.toml")
    assert message in raised.value.message


def test_a_locale_table_inherits_the_keys_it_leaves_out(tmp_path: Path) -> None:
    config = config_from_mapping(
        {"locales": ["pt_BR", "es"], "build": {"min_percent": 80, "required": ["title"], "below": "keep",
                                               "locales": {"es": {"min_percent": 95}}}},
        root=tmp_path, config_path=tmp_path / "l10n.toml")
    assert config.articles.for_locale("pt_BR") == ArticlePolicy(80.0, ("title",), "keep")
    assert config.articles.for_locale("es") == ArticlePolicy(95.0, ("title",), "keep")
    assert config.articles.overridden(min_percent=10).for_locale("es") == ArticlePolicy(10.0, ("title",), "keep")


def test_an_unknown_require_option_is_a_usage_error(tmp_path: Path) -> None:
    project, _, _ = sample(tmp_path)
    code, _, err = cli(project, "build", "--require", "lede")
    assert code == 2 and "unknown block selector 'lede'" in err
