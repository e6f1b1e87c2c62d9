"""What a build publishes: reviewed translations always, drafts when asked, stale translations
(made for an older version of their sentence) only when asked by their own option; and how many
sentences of each kind every built article holds."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from l10n.catalog.publish import EVERY_TRANSLATION, REVIEWED_ONLY, PublishPolicy
from l10n.catalog.state import EntryState
from l10n.cli import main

OLD = "The minister resigned on Monday."
NEW = "The minister did not resign on Monday."
REVIEWED = "O ministro renunciou na segunda-feira."
OTHERS = ["Parliament met in the evening.", "The vote was postponed until Friday."]


def cli(project: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["-C", str(project), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def article(sentences: list[str]) -> str:
    return "# Politics\n\n" + " ".join(sentences) + "\n"


def newsroom(tmp_path: Path, engine: str = "pseudo", build: str = "") -> Path:
    """extract, translate, a person reviews the first sentence (removes fuzzy), then the
    editor changes that sentence's meaning and extract runs again: the issue's scenario."""
    (tmp_path / "source").mkdir()
    source = tmp_path / "source/politics.md"
    source.write_text(article([OLD, *OTHERS]), encoding="utf-8")
    (tmp_path / "l10n.toml").write_text(
        'source_language = "en"\nlocales = ["pt_BR"]\n'
        f'[translate]\nengine = "{engine}"\nmemory = false\n{build}',
        encoding="utf-8",
    )
    assert cli(tmp_path, "extract")[0] == 0
    assert cli(tmp_path, "translate")[0] == 0
    po_file = tmp_path / "locales/pt_BR/politics.po"
    po = polib.pofile(str(po_file))
    entry = po.find(OLD)
    assert entry is not None and entry.fuzzy  # a machine draft
    entry.msgstr = REVIEWED
    entry.flags.remove("fuzzy")  # the review
    po.save()
    source.write_text(article([NEW, *OTHERS]), encoding="utf-8")
    assert cli(tmp_path, "extract")[0] == 0
    stale = polib.pofile(str(po_file)).find(NEW)
    assert stale is not None and stale.fuzzy and stale.previous_msgid == OLD
    assert stale.msgstr == REVIEWED  # kept as a suggestion for the translator
    return tmp_path


def built(project: Path) -> str:
    return (project / "build/pt_BR/politics.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("engine", ["pseudo", pytest.param("bergamot", marks=pytest.mark.slow)])
def test_the_stale_translation_of_an_edited_sentence_is_never_in_a_default_build(
    tmp_path: Path, engine: str
) -> None:
    project = newsroom(tmp_path, engine)
    for command in (["run"], ["build"], ["build", "--include-drafts"], ["build", "--include-fuzzy"]):
        code, out, err = cli(project, *command)
        assert code == 0, err
        text = built(project)
        assert REVIEWED not in text and NEW in text, command
        assert "renunciou" not in text, command
    code, out, err = cli(project, "build", "--include-stale")
    assert code == 0, err
    assert REVIEWED in built(project) and NEW not in built(project)


def test_run_publishes_the_drafts_but_not_the_stale_translation(tmp_path: Path) -> None:
    project = newsroom(tmp_path)
    code, out, err = cli(project, "run")
    assert code == 0, err
    text = built(project)
    assert all(sentence not in text for sentence in OTHERS)  # drafted and published
    assert NEW in text and REVIEWED not in text
    assert "build/pt_BR/politics.md: published 3 of 4 sentences: machine draft 3/3, stale 0/1" in out
    warnings = [line for line in err.splitlines() if "mixes languages" in line]
    assert warnings == [
        "warning: build/pt_BR/politics.md: mixes languages: 1 of 4 sentences stay in the source "
        "language (stale 1)"
    ]
    code, out, err = cli(project, "run", "--include-stale")
    assert code == 0 and REVIEWED in built(project) and "mixes languages" not in err


def test_status_counts_match_the_build_summary(tmp_path: Path) -> None:
    project = newsroom(tmp_path)
    po_file = project / "locales/pt_BR/politics.po"
    po = polib.pofile(str(po_file))
    entry = po.find(OTHERS[0])
    assert entry is not None
    entry.msgstr = "O parlamento reuniu-se à noite."  # edited, not yet reviewed
    po.save()
    code, out, _ = cli(project, "status", "--json")
    assert code == 0
    status = json.loads(out)["rows"][0]
    held = {name: status[name]["strings"] for name in
            ("translated", "fuzzy_machine", "fuzzy_edited", "fuzzy_changed", "untranslated")}
    assert held == {"translated": 0, "fuzzy_machine": 2, "fuzzy_edited": 1, "fuzzy_changed": 1,
                    "untranslated": 0}
    for flags, published in (
        ((), {"fuzzy_machine": 0, "fuzzy_edited": 0, "fuzzy_changed": 0}),
        (("--include-drafts",), {"fuzzy_machine": 2, "fuzzy_edited": 1, "fuzzy_changed": 0}),
        (("--include-stale",), {"fuzzy_machine": 0, "fuzzy_edited": 0, "fuzzy_changed": 1}),
    ):
        code, out, _ = cli(project, "build", "--json", *flags)
        assert code == 0
        summary = json.loads(out)
        (row,) = summary["files"]
        assert row["path"] == "build/pt_BR/politics.md" and row["locale"] == "pt_BR"
        assert {name: row["held"][name]["strings"] for name in held} == held
        assert {name: status[name]["words"] for name in held} == {
            name: row["held"][name]["words"] for name in held}
        assert {name: row["published"][name]["strings"] for name in published} == published
        assert summary["total"]["published"]["total"]["strings"] == sum(published.values())


def test_a_mixed_article_is_warned_once_per_locale_with_its_counts(tmp_path: Path) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "source/a.txt").write_text("Kyiv\n\nThe army held the bridge.\n\nThe town was empty.\n",
                                           encoding="utf-8")
    (tmp_path / "source/b.txt").write_text("Kyiv\n", encoding="utf-8")
    (tmp_path / "l10n.toml").write_text(
        'source_language = "en"\nlocales = ["pt_BR", "de"]\n[translate]\nmemory = false\n',
        encoding="utf-8",
    )
    assert cli(tmp_path, "extract")[0] == 0
    for locale in ("pt_BR", "de"):
        for name in ("a", "b"):
            path = tmp_path / f"locales/{locale}/{name}.po"
            po = polib.pofile(str(path))
            po.find("Kyiv").msgstr = "Kyiv"  # a name: its translation is the source, published
            if name == "a" and locale == "pt_BR":
                po.find("The army held the bridge.").msgstr = "O exército segurou a ponte."
            po.save()
    code, out, err = cli(tmp_path, "build")
    assert code == 0
    mixed = [line for line in err.splitlines() if "mixes languages" in line]
    # b is all published (a name equal to its source); a/de holds only "Kyiv" published.
    assert mixed == [
        "warning: build/pt_BR/a.txt: mixes languages: 1 of 3 sentences stay in the source "
        "language (untranslated 1)",
        "warning: build/de/a.txt: mixes languages: 2 of 3 sentences stay in the source "
        "language (untranslated 2)",
    ]
    assert "build/pt_BR/b.txt: published 1 of 1 sentences: reviewed 1/1" in out
    assert "build/de/a.txt: published 1 of 3 sentences: reviewed 1/1, untranslated 0/2" in out
    assert "published reviewed translations\n" in out


def test_a_refused_reviewed_translation_is_counted_as_left_in_the_source_language(
    tmp_path: Path,
) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "source/a.md").write_text("See [the report](https://x.test/r). It is long.\n",
                                          encoding="utf-8")
    (tmp_path / "l10n.toml").write_text(
        'source_language = "en"\nlocales = ["pt_BR"]\n[translate]\nmemory = false\n',
        encoding="utf-8",
    )
    assert cli(tmp_path, "extract")[0] == 0
    path = tmp_path / "locales/pt_BR/a.po"
    po = polib.pofile(str(path))
    po.find("See [the report](https://x.test/r).").msgstr = "Veja o relatório."  # lost the link
    po.find("It is long.").msgstr = "É longo."
    po.save()
    code, out, err = cli(tmp_path, "build", "--json")
    assert code == 0
    (row,) = json.loads(out)["files"]
    assert (row["held"]["translated"]["strings"], row["published"]["translated"]["strings"]) == (2, 1)
    assert "mixes languages: 1 of 2 sentences stay in the source language (refused 1)" in err
    code, out, err = cli(tmp_path, "build", "--include-drafts", "--include-stale")
    assert "mixes languages: 1 of 2 sentences stay in the source language (refused 1)" in err


def test_the_old_include_fuzzy_option_and_key_publish_drafts_never_stale_and_say_so(
    tmp_path: Path,
) -> None:
    project = newsroom(tmp_path, build="[build]\ninclude_fuzzy = true\n")
    code, out, err = cli(project, "build")
    assert code == 0
    assert err.count("include_fuzzy is deprecated; write include_drafts") == 1
    assert all(s not in built(project) for s in OTHERS) and REVIEWED not in built(project)
    code, _, err = cli(project, "build", "--no-include-fuzzy")
    assert code == 0 and "--include-fuzzy is deprecated; use --include-drafts" in err
    assert all(s in built(project) for s in OTHERS)
    code, _, err = cli(project, "build", "--include-fuzzy", "--no-include-drafts")
    assert code == 2 and "give one" in err


@pytest.mark.parametrize(
    ("build", "message"),
    [
        ("include_stale = \"yes\"", "'build.include_stale': must be true or false"),
        ("include_drafts = 1", "'build.include_drafts': must be true or false"),
        ("include_fuzzy = true\ninclude_drafts = false", "keep only include_drafts"),
        ("include_published = true", "include_published"),
    ],
)
def test_a_wrong_build_key_is_an_error_naming_it(tmp_path: Path, build: str, message: str) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "l10n.toml").write_text(
        f'source_language = "en"\nlocales = ["pt_BR"]\n[build]\n{build}\n', encoding="utf-8")
    code, out, err = cli(tmp_path, "build")
    assert code == 2 and message in err and "l10n.toml" in err and "Traceback" not in err


def test_config_keys_set_the_default_policy_and_options_override_it(tmp_path: Path) -> None:
    project = newsroom(tmp_path, build="[build]\ninclude_drafts = true\ninclude_stale = true\n")
    assert cli(project, "build")[0] == 0
    assert REVIEWED in built(project) and all(s not in built(project) for s in OTHERS)
    assert cli(project, "build", "--no-include-stale")[0] == 0
    assert REVIEWED not in built(project) and all(s not in built(project) for s in OTHERS)
    assert cli(project, "build", "--no-include-drafts", "--no-include-stale")[0] == 0
    assert built(project) == article([NEW, *OTHERS])


def test_check_without_fuzzy_leaves_out_drafts_and_stale_entries_only(tmp_path: Path) -> None:
    project = newsroom(tmp_path)
    po_file = project / "locales/pt_BR/politics.po"
    po = polib.pofile(str(po_file))
    po.find(NEW).msgstr = "O ministro [renunciou](https://x.test)."  # a stale entry gains a link
    po.find(OTHERS[0]).msgstr = "O parlamento (reuniu-se."  # an edited draft
    po.save()
    code, out, _ = cli(project, "check", "--json")
    assert {f["msgid"] for f in json.loads(out) if f["severity"] == "error"} == {NEW}
    code, out, _ = cli(project, "check", "--json", "--no-fuzzy")
    assert json.loads(out) == [] and code == 0


def test_the_policy_publishes_reviewed_always_drafts_and_stale_only_when_asked() -> None:
    drafts = {EntryState.MACHINE, EntryState.EDITED, EntryState.FUZZY}
    never = {EntryState.UNTRANSLATED, EntryState.OBSOLETE, EntryState.HEADER}
    for policy in (REVIEWED_ONLY, PublishPolicy(drafts=True), PublishPolicy(stale=True),
                   EVERY_TRANSLATION):
        assert policy.publishes(EntryState.TRANSLATED)
        assert all(policy.publishes(s) == policy.drafts for s in drafts)
        assert policy.publishes(EntryState.STALE) == policy.stale
        assert not any(policy.publishes(s) for s in never)
    assert EVERY_TRANSLATION.describe() == "reviewed translations, drafts and stale translations"
    assert PublishPolicy(stale=True).describe() == "reviewed translations and stale translations"
