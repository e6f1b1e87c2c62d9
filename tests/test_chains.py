"""Engine chains per locale: which engine drafts a locale, skipping and reporting the rest."""

from __future__ import annotations

import tomllib
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from fakeserver import FakeServer

from l10n.catalog.store import PoStyle
from l10n.cli import main
from l10n.config import load_config
from l10n.errors import ConfigError
from l10n.mt.chains import Chooser, translate_chains
from l10n.mt.jobs import TranslateJob, TranslateOptions


def cli(project: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["-C", str(project), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def article(project: Path) -> None:
    (project / "source").mkdir(exist_ok=True)
    (project / "source" / "a.md").write_text(
        "# The news\n\nThe doctor arrived late. She was tired.\n", encoding="utf-8"
    )


@pytest.fixture(autouse=True)
def no_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("L10N_DEEPL_API_KEY", "DEEPL_API_KEY", "L10N_MICROSOFT_API_KEY",
                 "MICROSOFT_API_KEY"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize(
    ("chain", "target", "chosen", "passed"),
    [
        (("bergamot", "pseudo"), "pt_BR", "bergamot", []),
        (("bergamot", "pseudo"), "de", "pseudo", ["bergamot cannot translate en -> de"]),
        (("deepl", "pseudo"), "de", "pseudo", ["deepl unreachable", "L10N_DEEPL_API_KEY"]),
        (("microsoft", "deepl", "bergamot"), "pt_BR", "bergamot",
         ["microsoft unreachable", "deepl unreachable"]),
        (("bergamot",), "de", None, ["bergamot cannot translate en -> de"]),
        (("pseudo",), "ar", "pseudo", []),
    ],
)
def test_a_chain_takes_the_first_engine_that_covers_the_pair_and_is_reachable(
    chain: tuple[str, ...], target: str, chosen: str | None, passed: list[str]
) -> None:
    choice = Chooser({}).choose(chain, "en", target)
    assert choice.engine == chosen
    assert len(choice.passed) == len(chain[: chain.index(chosen)] if chosen else chain)
    joined = "; ".join(choice.passed)
    for fragment in passed:
        assert fragment in joined


def test_an_engine_that_stopped_is_passed_over() -> None:
    chooser = Chooser({})
    chooser.dead["bergamot"] = "it broke"
    choice = chooser.choose(("bergamot", "pseudo"), "en", "pt_BR")
    assert choice.engine == "pseudo" and choice.passed == ("bergamot stopped: it broke",)


@pytest.mark.parametrize(
    ("value", "chain"),
    [('"pseudo"', ("pseudo",)), ('["deepl", "pseudo"]', ("deepl", "pseudo"))],
)
def test_a_locale_engine_is_a_name_or_a_chain(tmp_path: Path, value: str, chain: tuple[str, ...]) -> None:
    (tmp_path / "l10n.toml").write_text(
        f'locales = ["de", "pt_BR"]\n[translate.locales]\nde = {value}\n', encoding="utf-8"
    )
    config = load_config(tmp_path / "l10n.toml")
    assert config.engines_for("de") == chain and config.engine_for("de") == chain[0]
    assert config.engines_for("pt_BR") == ("bergamot",)


@pytest.mark.parametrize(
    ("value", "fragment"),
    [("[]", "must be an engine name or a list"), ('["pseudo", "pseudo"]', "lists an engine twice"),
     ('["pseudo", "goggle"]', "'translate.locales.de[1]': is 'goggle'"), ("3", "must be an engine")],
)
def test_a_bad_chain_names_the_key(tmp_path: Path, value: str, fragment: str) -> None:
    (tmp_path / "l10n.toml").write_text(
        f'locales = ["de"]\n[translate.locales]\nde = {value}\n', encoding="utf-8"
    )
    with pytest.raises(ConfigError, match=fragment.replace("[", r"\[").replace("]", r"\]")):
        load_config(tmp_path / "l10n.toml")


def test_init_then_run_drafts_portuguese_and_reports_german(tmp_path: Path) -> None:
    code, out, err = cli(tmp_path, "init", "-l", "pt_BR", "-l", "de")
    assert code == 0
    assert "engine for pt_BR: bergamot (offline)" in out
    assert err.count("\n") == 1 and err.startswith("warning: de: bergamot cannot translate en -> de")
    assert 'de = ["google-web", "pseudo"]' in err
    written = tomllib.loads((tmp_path / "l10n.toml").read_text(encoding="utf-8"))
    assert written["translate"]["locales"] == {"pt_BR": ["bergamot"]}
    article(tmp_path)
    code, out, err = cli(tmp_path, "run")
    assert code == 1
    skipped = [line for line in err.splitlines() if "skipped" in line]
    assert skipped == [line for line in err.splitlines() if line.startswith("l10n: warning: de skipped: ")]
    assert len(skipped) == 1 and "would cover it:" in skipped[0] and "pseudo" in skipped[0]
    pt = polib.pofile(str(tmp_path / "locales" / "pt_BR" / "a.po"))
    assert all(e.msgstr and "e=bergamot" in e.tcomment for e in pt)
    de = polib.pofile(str(tmp_path / "locales" / "de" / "a.po"))
    assert all(not e.msgstr for e in de)
    assert "médico" in (tmp_path / "build" / "pt_BR" / "a.md").read_text(encoding="utf-8")


def test_init_with_an_engine_writes_no_picks(tmp_path: Path) -> None:
    code, out, err = cli(tmp_path, "init", "-l", "de", "--engine", "pseudo")
    assert (code, err) == (0, "")
    assert "engine for" not in out
    assert "[translate.locales]" not in (tmp_path / "l10n.toml").read_text(encoding="utf-8")


def test_the_next_engine_drafts_what_a_stopped_engine_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("L10N_DEEPL_API_KEY", "deepl-SECRET-1")
    with FakeServer() as server:
        server.statuses = [403] * 50
        (tmp_path / "l10n.toml").write_text(
            'locales = ["de", "pt_BR"]\n[translate.locales]\nde = ["deepl", "pseudo"]\n'
            f'[engines.deepl]\nurl = "{server.url}"\n', encoding="utf-8",
        )
        article(tmp_path)
        assert cli(tmp_path, "extract")[0] == 0
        code, out, err = cli(tmp_path, "translate")
    assert code == 0, err
    assert "deepl stopped" in err and "next engine of their chain" in err
    assert "SECRET" not in out + err
    de = polib.pofile(str(tmp_path / "locales" / "de" / "a.po"))
    assert all(e.msgstr and "e=pseudo" in e.tcomment for e in de)
    pt = polib.pofile(str(tmp_path / "locales" / "pt_BR" / "a.po"))
    assert all(e.msgstr and "e=bergamot" in e.tcomment for e in pt)


def test_a_skipped_locale_leaves_the_others_drafted_in_the_library(tmp_path: Path) -> None:
    (tmp_path / "l10n.toml").write_text('locales = ["de", "pt_BR"]\n', encoding="utf-8")
    article(tmp_path)
    assert cli(tmp_path, "extract")[0] == 0
    config = load_config(tmp_path / "l10n.toml")
    jobs = [
        TranslateJob(tmp_path / "locales" / loc / "a.po", loc, "en", "bergamot")
        for loc in ("de", "pt_BR")
    ]
    report = translate_chains(jobs, options=TranslateOptions(style=PoStyle.of(config),
                                                             memory_path=None))
    assert [s.locale for s in report.skipped] == ["de"]
    assert [f.locale for f in report.files] == ["pt_BR"] and report.files[0].filled == 3
    assert report.failed == 0 and report.to_json()["skipped"][0]["locale"] == "de"
