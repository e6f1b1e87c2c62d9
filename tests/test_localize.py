"""Locale-correct articles: lang/dir in the front matter, datelines rendered for the locale,
and sentences a locale lacks taken from its fallback locales."""

from __future__ import annotations

import datetime
import json
import re
import shutil
import tomllib
from pathlib import Path

import polib
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n.cli import main
from l10n.config import load_config
from l10n.document.formats.frontmatter import find_front_matter
from l10n.document.localize import LocalizeOptions, bcp47, render_dates, set_locale_keys
from l10n.errors import SourceError
from l10n.locales import is_rtl
from l10n.review.data import collect

ROOT = Path(__file__).resolve().parent.parent
DATELINE = [re.compile(r"date (\d{4}-\d{2}-\d{2})")]
OPTIONS = LocalizeOptions()


def cli(project: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["-C", str(project), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def front(text: str) -> object:
    """The front matter read by PyYAML or tomllib, not by l10n."""
    if text.startswith("+++"):
        return tomllib.loads(text.split("+++\n")[1])
    return yaml.safe_load(text.split("---\n")[1])


# ---------------------------------------------------------------- the sample, as the README runs it


def test_the_sample_built_by_run_has_a_portuguese_dateline_and_lang_but_keeps_its_date(tmp_path: Path) -> None:
    for name in ("l10n.toml", "glossary.tsv"):
        shutil.copy(ROOT / name, tmp_path / name)
    for folder in ("source", "locales"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    code, out, err = cli(tmp_path, "run")
    assert code == 0, out + err
    text = (tmp_path / "build/pt_BR/bakhmut-wagner.txt").read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith(" data 20 de outubro de 2022 ")
    assert "2022-10-20" not in text
    source_md = (ROOT / "source/markdown/bakhmut-wagner.md").read_text(encoding="utf-8")
    built_md = (tmp_path / "build/pt_BR/markdown/bakhmut-wagner.md").read_text(encoding="utf-8")
    meta = front(built_md)
    assert isinstance(meta, dict)
    assert meta["lang"] == "pt-BR" and "dir" not in meta
    assert meta["date"] == datetime.date(2022, 10, 20)
    assert "\ndate: 2022-10-20\n" in built_md
    source_meta = front(source_md)
    assert isinstance(source_meta, dict)
    assert {k: v for k, v in meta.items() if k != "lang"}.keys() == source_meta.keys()
    assert meta["author"] == source_meta["author"] == "CNN"


def test_an_arabic_build_of_the_sample_gets_lang_and_dir_rtl(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "source", tmp_path / "source")
    (tmp_path / "l10n.toml").write_text('source_language = "en"\nlocales = ["ar"]\n[translate]\n'
                                        'engine = "pseudo-rtl"\nmemory = false\n', encoding="utf-8")
    code, out, err = cli(tmp_path, "run")
    assert code == 0, out + err
    built = (tmp_path / "build/ar/markdown/bakhmut-wagner.md").read_text(encoding="utf-8")
    meta = front(built)
    assert isinstance(meta, dict) and meta["lang"] == "ar" and meta["dir"] == "rtl"
    assert meta["date"] == datetime.date(2022, 10, 20) and "\ndate: 2022-10-20\n" in built
    # No dateline pattern configured: the ISO date stays as written.
    assert "2022-10-20" in (tmp_path / "build/ar/bakhmut-wagner.txt").read_text(encoding="utf-8")


# ---------------------------------------------------------------- lang and dir


YAML_ARTICLE = """---
title: "Guerra"   # shown in lists
lang: en
date: 2022-10-20
tags: [war, ukraine]
---

# Guerra

Text.
"""


def test_lang_replaces_the_existing_value_and_nothing_else_changes() -> None:
    result = set_locale_keys(YAML_ARTICLE, "pt_BR", OPTIONS)
    assert result.problem is None
    assert result.text == YAML_ARTICLE.replace("lang: en\n", "lang: pt-BR\n")
    meta = front(result.text)
    assert meta == {"title": "Guerra", "lang": "pt-BR", "date": datetime.date(2022, 10, 20),
                    "tags": ["war", "ukraine"]}


def test_right_to_left_locales_get_dir_and_an_existing_dir_is_corrected_for_left_to_right() -> None:
    arabic = set_locale_keys(YAML_ARTICLE, "ar", OPTIONS)
    assert arabic.text == YAML_ARTICLE.replace("lang: en\n", "lang: ar\n").replace(
        "tags: [war, ukraine]\n", "tags: [war, ukraine]\ndir: rtl\n")
    meta = front(arabic.text)
    assert isinstance(meta, dict) and meta["dir"] == "rtl" and meta["lang"] == "ar"
    # Back from Arabic into Portuguese: the source's "dir: rtl" must not follow.
    source = YAML_ARTICLE.replace("lang: en\n", "lang: ar\ndir: 'rtl'\n")
    portuguese = set_locale_keys(source, "pt_BR", OPTIONS)
    assert portuguese.text == YAML_ARTICLE.replace("lang: en\n", "lang: pt-BR\ndir: 'ltr'\n")
    # A left-to-right locale adds no dir of its own.
    meta = front(set_locale_keys(YAML_ARTICLE, "pt_BR", OPTIONS).text)
    assert isinstance(meta, dict) and "dir" not in meta


def test_an_absent_lang_is_added_quoted_when_yaml_would_read_it_as_something_else() -> None:
    source = "---\ntitle: Krig\n---\nBody.\n"
    # Norwegian: a plain `no` is YAML 1.1's false.
    norwegian = set_locale_keys(source, "no", OPTIONS)
    assert norwegian.text == '---\ntitle: Krig\nlang: "no"\n---\nBody.\n'
    assert front(norwegian.text) == {"title": "Krig", "lang": "no"}
    crlf = set_locale_keys(source.replace("\n", "\r\n"), "pt_BR", OPTIONS)
    assert crlf.text == "---\r\ntitle: Krig\r\nlang: pt-BR\r\n---\r\nBody.\r\n"


def test_an_empty_lang_value_is_filled() -> None:
    assert set_locale_keys("---\nlang:\ntitle: x\n---\n", "pt_BR", OPTIONS).text == (
        "---\nlang: pt-BR\ntitle: x\n---\n")


def test_toml_front_matter_gets_lang_among_its_top_level_keys() -> None:
    source = ('+++\ntitle = "Guerra"\ndate = 2022-10-20\n\n# The card\n[params]\nlang = "keep"\n'
              "+++\n\nBody.\n")
    result = set_locale_keys(source, "ar_EG", OPTIONS)
    assert result.problem is None
    assert result.text == source.replace('2022-10-20\n', '2022-10-20\nlang = "ar-EG"\ndir = "rtl"\n')
    meta = front(result.text)
    assert meta == {"title": "Guerra", "date": datetime.date(2022, 10, 20), "lang": "ar-EG",
                    "dir": "rtl", "params": {"lang": "keep"}}
    replaced = set_locale_keys("+++\nlang = 'en' # source\ntitle = \"x\"\n+++\n", "pt_BR", OPTIONS)
    assert replaced.text == "+++\nlang = 'pt-BR' # source\ntitle = \"x\"\n+++\n"


def test_a_value_l10n_cannot_replace_safely_leaves_the_front_matter_as_it_was() -> None:
    source = "---\nlang: |\n  en\ntitle: x\n---\nBody.\n"
    result = set_locale_keys(source, "pt_BR", OPTIONS)
    assert result.text == source and result.problem is not None and "'lang'" in result.problem
    shared = "---\nlang: &l en\nsame: *l\n---\nBody.\n"  # an alias would change with it
    result = set_locale_keys(shared, "pt_BR", OPTIONS)
    assert result.text == shared and result.problem is not None


def test_an_article_without_front_matter_gets_none_and_empty_keys_write_nothing() -> None:
    assert set_locale_keys("# Title\n\nText.\n", "ar", OPTIONS).text == "# Title\n\nText.\n"
    assert set_locale_keys(YAML_ARTICLE, "ar", LocalizeOptions(lang_key="", dir_key="")).text == YAML_ARTICLE


# ---------------------------------------------------------------- dates


def test_a_named_date_is_rendered_for_the_locale_only_where_the_pattern_finds_it_in_the_source() -> None:
    options = LocalizeOptions(dates=tuple(DATELINE))
    assert render_dates("date 2022-10-20 What mission?", "data 2022-10-20 Que missão?", "pt_BR",
                        options) == "data 20 de outubro de 2022 Que missão?"
    assert render_dates("date 2022-10-20 What?", "Datum 2022-10-20 Was?", "de", options) == (
        "Datum 20. Oktober 2022 Was?")
    assert render_dates("date 2022-10-20", "2022-10-20", "ja", options) == "2022年10月20日"
    # Not named by a pattern: left alone.
    assert render_dates("On 2022-10-20 it rained.", "Em 2022-10-20 choveu.", "pt_BR", options) == (
        "Em 2022-10-20 choveu.")
    # Not a day, or not in the translation as written: left alone.
    assert render_dates("date 2022-02-30 x", "data 2022-02-30 x", "pt_BR", options) == "data 2022-02-30 x"
    assert render_dates("date 2022-10-20 x", "data 20/10/2022 x", "pt_BR", options) == "data 20/10/2022 x"
    full = LocalizeOptions(dates=tuple(DATELINE), date_format="full")
    assert render_dates("date 2022-10-20", "data 2022-10-20", "pt_BR", full) == (
        "data quinta-feira, 20 de outubro de 2022")


def project(tmp_path: Path, locales: str, source: str, build: str, name: str = "story.md") -> Path:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / name).write_text(source, encoding="utf-8")
    (tmp_path / "l10n.toml").write_text(
        f'source_language = "en"\nlocales = {locales}\n[translate]\nengine = "pseudo"\n'
        f"memory = false\n[build]\n{build}\n", encoding="utf-8")
    assert cli(tmp_path, "extract")[0] == 0
    return tmp_path


def translate(po_file: Path, translations: dict[str, str], fuzzy: tuple[str, ...] = ()) -> None:
    po = polib.pofile(str(po_file))
    for entry in po:
        if entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
            if entry.msgid in fuzzy:
                entry.flags.append("fuzzy")
    po.save()


def test_a_sentence_left_in_english_keeps_its_iso_date(tmp_path: Path) -> None:
    source = "date 2022-10-20 Kyiv.\n\nNews of date 2022-10-21 here.\n"
    root = project(tmp_path, '["pt_BR"]', source, r'dates = ["date (\\d{4}-\\d{2}-\\d{2})"]',
                   "story.txt")
    translate(root / "locales/pt_BR/story.po", {"date 2022-10-20 Kyiv.": "data 2022-10-20 Kyiv."})
    code, out, err = cli(root, "build")
    assert code == 0, err
    built = (root / "build/pt_BR/story.txt").read_text(encoding="utf-8")
    assert built == "data 20 de outubro de 2022 Kyiv.\n\nNews of date 2022-10-21 here.\n"


def test_check_reports_what_a_rendered_date_would_break_exactly_as_build_refuses_it(tmp_path: Path) -> None:
    # In German the long date starts with "20." : at the start of a paragraph, an ordered list.
    source = "# Berlin\n\n2022-10-20 The meeting ended.\n"
    root = project(tmp_path, '["de"]', source, r'dates = ["^(\\d{4}-\\d{2}-\\d{2})"]')
    translate(root / "locales/de/story.po", {"2022-10-20 The meeting ended.": "2022-10-20 Das Treffen endete."})
    code, out, err = cli(root, "check")
    assert code == 1 and "structure" in out, out + err
    code, out, err = cli(root, "build")
    assert code == 0 and "not used" in err
    assert (root / "build/de/story.md").read_text(encoding="utf-8") == source
    # Without the pattern, the ISO date is spliced as written and check has nothing to say.
    config = root / "l10n.toml"
    config.write_text(config.read_text(encoding="utf-8").split("[build]")[0], encoding="utf-8")
    assert cli(root, "check")[0] == 0
    assert cli(root, "build")[0] == 0
    assert "2022-10-20 Das Treffen endete." in (root / "build/de/story.md").read_text(encoding="utf-8")


# ---------------------------------------------------------------- fallback


SENTENCES = ["The bus was late.", "The train was early.", "The tram was full.", "The metro was closed."]


def test_a_sentence_pt_pt_lacks_takes_pt_br_s_published_translation_else_the_source(tmp_path: Path) -> None:
    source = "---\ntitle: Transport\n---\n\n" + " ".join(SENTENCES) + "\n"
    root = project(tmp_path, '["pt_PT", "pt_BR"]', source, '[build.fallback]\npt_PT = ["pt_BR"]')
    bus, train, tram, metro = SENTENCES
    translate(root / "locales/pt_PT/story.po", {bus: "O autocarro atrasou-se.", train: "O comboio chegou cedo."},
              fuzzy=(train,))
    translate(root / "locales/pt_BR/story.po", {bus: "O ônibus atrasou.", train: "O trem chegou cedo.",
                                               tram: "O bonde estava cheio.", metro: "O metrô fechou."},
              fuzzy=(metro,))
    code, out, err = cli(root, "build")
    assert code == 0, err
    built = (root / "build/pt_PT/story.md").read_text(encoding="utf-8")
    # Its own reviewed translation; pt_BR's for its draft (not published) and its empty entry;
    # the source where pt_BR publishes nothing either (a draft, under the same policy).
    assert "O autocarro atrasou-se. O trem chegou cedo. O bonde estava cheio. The metro was closed." in built
    assert front(built) == {"title": "Transport", "lang": "pt-PT"}
    assert "build/pt_PT/story.md: published 3 of 5 sentences" in out and "; 2 from pt_BR" in out
    assert "build/pt_BR/story.md: published 3 of 5 sentences" in out
    assert "from" not in out.split("build/pt_BR/story.md:")[1].splitlines()[0]
    code, out, err = cli(root, "build", "--include-drafts", "--json")
    files = {f["path"]: f for f in json.loads(out)["files"]}
    assert files["build/pt_PT/story.md"]["fallback"] == {"pt_BR": 2}  # tram and metro
    assert files["build/pt_BR/story.md"]["fallback"] == {}
    built = (root / "build/pt_PT/story.md").read_text(encoding="utf-8")
    assert "O comboio chegou cedo. O bonde estava cheio. O metrô fechou." in built


def test_without_a_fallback_chain_nothing_is_borrowed(tmp_path: Path) -> None:
    source = " ".join(SENTENCES) + "\n"
    root = project(tmp_path, '["pt_PT", "pt_BR"]', source, "")
    translate(root / "locales/pt_BR/story.po", {s: "PT-BR " + s for s in SENTENCES})
    assert cli(root, "build")[0] == 0
    assert (root / "build/pt_PT/story.md").read_text(encoding="utf-8") == source


# ---------------------------------------------------------------- configuration


@pytest.mark.parametrize(("build", "key"), [
    ('dates = ["date \\\\d{4}-\\\\d{2}-\\\\d{2}"]', "'build.dates[0]': must have exactly one group"),
    ('dates = ["date ("]', "'build.dates[0]': is not a regular expression"),
    ('date_format = "longest"', "'build.date_format': is 'longest'; allowed: short, medium, long, full"),
    ('lang_key = "lang: x"', "'build.lang_key'"),
    ('[build.fallback]\npt_PT = ["pt_BR"]', "'build.fallback.pt_PT': 'pt_PT' is not in locales"),
    ('[build.fallback]\npt_BR = ["pt_BR"]', "'build.fallback.pt_BR': names a locale twice or the locale itself"),
    ('[build.fallback]\npt_BR = "pt_PT"', "'build.fallback.pt_BR': must be a non-empty list"),
])
def test_a_wrong_build_setting_is_one_line_naming_the_key(tmp_path: Path, build: str, key: str) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "l10n.toml").write_text(f'source_language = "en"\nlocales = ["pt_BR"]\n[build]\n{build}\n',
                                        encoding="utf-8")
    code, out, err = cli(tmp_path, "build")
    assert code == 2 and key in err, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_the_review_preview_is_the_article_build_writes(tmp_path: Path) -> None:
    source = "---\ntitle: Transport\n---\n\ndate 2022-10-20 " + " ".join(SENTENCES) + "\n"
    root = project(tmp_path, '["pt_PT", "pt_BR"]', source,
                   'dates = ["date (\\\\d{4}-\\\\d{2}-\\\\d{2})"]\n[build.fallback]\npt_PT = ["pt_BR"]')
    bus, train, tram, metro = SENTENCES
    translate(root / "locales/pt_BR/story.po", {"date 2022-10-20 " + bus: "data 2022-10-20 O ônibus atrasou.",
                                               tram: "O bonde estava cheio."})
    assert cli(root, "build")[0] == 0
    built = (root / "build/pt_PT/story.md").read_text(encoding="utf-8")
    assert "data 20 de outubro de 2022 O ônibus atrasou." in built and "lang: pt-PT" in built
    rows = {row.locale: row for row in collect(load_config(root / "l10n.toml"), ["pt_PT"])}
    assert rows["pt_PT"].preview is not None
    assert dict(rows["pt_PT"].preview.published)["Reviewed only"] == built


_VALUES = st.one_of(st.text(max_size=20), st.integers(), st.booleans(), st.none(), st.dates(),
                    st.lists(st.text(max_size=8), max_size=3))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    meta=st.dictionaries(st.text(min_size=1, max_size=8), _VALUES, max_size=5),
    lang=st.one_of(st.none(), _VALUES),
    style=st.sampled_from([None, "'", '"']),
    flow=st.sampled_from([False, None, True]),
    locale=st.sampled_from(["pt_BR", "ar", "he_IL", "no", "sr@latin", "de_CH"]),
)
def test_lang_and_dir_read_back_by_pyyaml_or_the_front_matter_is_untouched(
    meta: dict[str, object], lang: object, style: str | None, flow: bool, locale: str
) -> None:
    if lang is not None:
        meta = {"lang": lang, **meta}
    body = yaml.safe_dump(meta, default_style=style, default_flow_style=flow, allow_unicode=True) if meta else ""
    article = f"---\n{body}---\n\nBody 2022-10-20.\n"
    result = set_locale_keys(article, locale, OPTIONS)
    assert result.text.endswith("---\n\nBody 2022-10-20.\n")
    if find_front_matter(article, "", ()) is None:  # "---" and a flow mapping: a thematic break
        assert result.text == article
        return
    if result.problem is not None:
        assert result.text == article
        return
    before = front(article) or {}
    assert isinstance(before, dict)
    expected = dict(before, lang=bcp47(locale))
    if is_rtl(locale) or "dir" in before:
        expected["dir"] = "rtl" if is_rtl(locale) else "ltr"
    assert front(result.text) == expected


_TOML_VALUES = st.one_of(st.text(max_size=12).map(lambda t: json.dumps(t, ensure_ascii=False)), st.integers().map(str),
                         st.dates().map(str), st.just("'literal'"), st.just('["a", "b"]'),
                         st.just('"""\nmulti\nline"""'))


@settings(max_examples=150, deadline=None)
@given(
    top=st.lists(st.tuples(st.sampled_from(["title", "lang", "dir", "date", '"quoted key"', "a-b"]),
                           _TOML_VALUES, st.sampled_from(["", "  # note"])), max_size=4,
                 unique_by=lambda t: t[0]),
    table=st.booleans(),
    locale=st.sampled_from(["pt_BR", "ar", "he", "zh_Hant_TW"]),
)
def test_lang_and_dir_read_back_by_tomllib_or_the_front_matter_is_untouched(
    top: list[tuple[str, str, str]], table: bool, locale: str
) -> None:
    body = "".join(f"{key} = {value}{comment}\n" for key, value, comment in top)
    if table:
        body += '\n# params\n[params]\nlang = "x"\n'
    article = f"+++\n{body}+++\nBody.\n"
    result = set_locale_keys(article, locale, OPTIONS)
    try:
        recognised = find_front_matter(article, "", ()) is not None
    except SourceError:  # not TOML (a raw DEL): extract refuses the article
        recognised = False
    if result.problem is not None or not recognised:
        assert result.text == article
        return
    before = tomllib.loads(body)
    expected = dict(before, lang=bcp47(locale))
    if is_rtl(locale) or "dir" in before:
        expected["dir"] = "rtl" if is_rtl(locale) else "ltr"
    assert tomllib.loads(result.text.split("+++\n")[1]) == expected
    assert result.text.endswith("+++\nBody.\n")
