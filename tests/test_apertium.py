"""The Apertium engine: the real ``apertium`` en -> es where installed (always on CI), and a
fake ``apertium`` command on PATH for pairs, pivots, messages, batching and the deadline."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from l10n.cli import main
from l10n.errors import ConfigError, EngineError
from l10n.mt.engines import create_engine
from l10n.mt.engines.apertium import Mode, parse_mode


def _has_eng_spa() -> bool:
    if shutil.which("apertium") is None:
        return False
    listed = subprocess.run(["apertium", "-l"], capture_output=True, text=True, check=False)
    return "eng-spa" in listed.stdout.split()


@pytest.fixture
def real_apertium() -> None:
    if not _has_eng_spa():
        if os.environ.get("CI"):
            pytest.fail("CI must have apertium and apertium-eng-spa (.ci/run installs them)")
        pytest.skip("apertium-eng-spa is not installed: apt-get install apertium apertium-eng-spa")


def fake_apertium(folder: Path, modes: list[str], body: str = 'sed "s/<p>/<p>ES /g"') -> Path:
    """An ``apertium`` script on a PATH of its own: ``-l`` lists ``modes``; a translation runs
    ``body`` on stdin (and appends the mode to ``calls``)."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "apertium"
    listing = "\\n".join(f"  {m}" for m in modes)
    script.write_text(
        "#!/bin/sh\n"
        f'if [ "$1" = "-l" ]; then printf "{listing}\\n"; exit 0; fi\n'
        'if [ "$1" = "-V" ]; then echo "Apertium 9.9.9"; exit 0; fi\n'
        f'for last; do :; done; echo "$last" >> "{folder}/calls"\n'
        f"{body}\n",
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return folder


@pytest.fixture
def fake_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    def install(modes: list[str], body: str = 'sed "s/<p>/<p>ES /g"') -> Path:
        folder = fake_apertium(tmp_path / "bin", modes, body)
        monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
        return folder

    return install


@pytest.mark.parametrize(
    ("name", "mode"),
    [
        ("eng-spa", Mode("eng-spa", "en", "es", None)),
        ("es-pt_BR", Mode("es-pt_BR", "es", "pt", "BR")),
        ("spa-eng_US", Mode("spa-eng_US", "es", "en", "US")),
        ("fr-es", Mode("fr-es", "fr", "es", None)),
        ("eco-es-fr", None),
        ("eng-spa-tagger", None),
        ("es-es", None),
    ],
)
def test_mode_names_map_to_gettext_languages(name: str, mode: Mode | None) -> None:
    assert parse_mode(name) == mode


def test_real_apertium_translates_english_to_spanish_keeping_tokens(real_apertium: None) -> None:
    engine = create_engine("apertium", {})
    assert engine.supports("en", "es") and engine.supports("en_US", "es_MX")
    out = engine.translate_batch(
        ["The doctor arrived late.", " Read _1_the report_/1_ about _2_ now. ", "",
         "Tom & Jerry say 3 < 4.", "It was cold."],
        "en", "es",
    )
    assert out[0] == "El doctor llegó tarde."
    assert out[1].startswith(" ") and out[1].endswith(" ")
    assert "_1_el informe_/1_" in out[1] and "_2_" in out[1]
    assert out[2] == ""
    assert "&" in out[3] and "3 < 4" in out[3] and "&amp;" not in out[3]
    assert "frío" in out[4]
    assert engine.version.startswith("apertium-3")


def test_real_apertium_drafts_a_project_with_markup_intact(
    real_apertium: None, tmp_path: Path
) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "a.md").write_text(
        "# The news\n\nThe doctor arrived late. She was *very* tired.\n\n"
        "It was cold in [the city](https://example.org/x).\n",
        encoding="utf-8",
    )
    (tmp_path / "l10n.toml").write_text(
        'source_language = "en"\nlocales = ["es"]\n[translate]\nengine = "apertium"\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["-C", str(tmp_path), "run"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    built = (tmp_path / "build" / "es" / "a.md").read_text(encoding="utf-8")
    assert "El doctor llegó tarde." in built
    assert "*muy*" in built
    assert "](https://example.org/x)" in built and "ciudad" in built
    po = (tmp_path / "locales" / "es" / "a.po").read_text(encoding="utf-8")
    assert "# mt: e=apertium " in po
    checked = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(tmp_path / "locales" / "es" / "a.po")],
                             capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stderr


def test_many_texts_go_in_one_process_call(fake_path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = fake_path(["eng-spa"])
    engine = create_engine("apertium", {})
    texts = [f"Sentence number {i} with _{i}_ a token." for i in range(150)]
    out = engine.translate_batch(texts, "en", "es")
    assert out == [f"ES {t}" for t in texts]
    assert (folder / "calls").read_text().split() == ["eng-spa"]


def test_supports_only_the_installed_pairs_and_configured_pivots(fake_path) -> None:  # type: ignore[no-untyped-def]
    fake_path(["eng-spa", "es-fr", "es-pt_BR", "es-pt"])
    plain = create_engine("apertium", {})
    assert plain.supports("en", "es")
    assert not plain.supports("en", "fr") and not plain.supports("en", "de")
    assert not plain.supports("es", "en")
    pivoting = create_engine("apertium", {"pivots": {"fr": "es", "pt_BR": "es"}})
    assert pivoting.supports("en", "fr") and pivoting.supports("en", "pt_BR")
    assert not pivoting.supports("en", "pt_PT")  # the pivot is configured for pt_BR only
    assert [m.name for m in pivoting.route("en", "pt_BR")] == ["eng-spa", "es-pt_BR"]  # type: ignore[attr-defined]


def test_a_pivot_runs_both_legs_in_order(fake_path) -> None:  # type: ignore[no-untyped-def]
    folder = fake_path(["eng-spa", "es-fr"])
    engine = create_engine("apertium", {"pivots": {"fr": "es"}})
    assert engine.translate_batch(["Hello."], "en", "fr") == ["ES ES Hello."]
    assert (folder / "calls").read_text().split() == ["eng-spa", "es-fr"]


def test_a_missing_pair_names_the_debian_package(fake_path) -> None:  # type: ignore[no-untyped-def]
    fake_path(["eng-spa"])
    engine = create_engine("apertium", {})
    with pytest.raises(EngineError, match=r"apt-get install apertium apertium-eng-cat"):
        engine.translate_batch(["Hi."], "en", "ca")
    with pytest.raises(EngineError, match=r'apertium-fr-es.*pivots = \{fr = "es"\}'):
        engine.translate_batch(["Hi."], "en", "fr")
    with pytest.raises(EngineError, match="Debian packages no Apertium pair"):
        engine.translate_batch(["Hi."], "en", "de")


def test_without_the_apertium_command_nothing_is_supported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    engine = create_engine("apertium", {})
    assert not engine.supports("en", "es")
    with pytest.raises(EngineError, match="apertium command is not installed.*apertium-eng-spa"):
        engine.translate_batch(["Hi."], "en", "es")


def test_a_slow_pipeline_is_killed_at_the_deadline(fake_path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pidfile = tmp_path / "child.pid"
    fake_path(["eng-spa"], f'sleep 60 & echo $! > "{pidfile}"; wait')
    engine = create_engine("apertium", {"timeout": 0.5})
    start = time.monotonic()
    with pytest.raises(EngineError, match="longer than 0.5 s"):
        engine.translate_batch(["Hello."], "en", "es")
    assert time.monotonic() - start < 10
    child = int(pidfile.read_text())
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{child}/stat").read_text().split()[2]
        except FileNotFoundError:
            break
        if state == "Z":
            break
        time.sleep(0.05)
    else:
        pytest.fail(f"the pipeline's child {child} outlived the deadline")


def test_a_failing_pipeline_is_an_engine_error_with_its_message(fake_path) -> None:  # type: ignore[no-untyped-def]
    fake_path(["eng-spa"], 'echo "Error: Malformed input stream." >&2; exit 1')
    with pytest.raises(EngineError, match=r"apertium eng-spa failed \(exit 1\): Error: Malformed"):
        create_engine("apertium", {}).translate_batch(["Hi."], "en", "es")


def test_lost_blocks_are_refused_rather_than_misaligned(fake_path) -> None:  # type: ignore[no-untyped-def]
    fake_path(["eng-spa"], 'sed "s#</p><p>#  #"')
    with pytest.raises(EngineError, match="gave back 1 texts for 2"):
        create_engine("apertium", {}).translate_batch(["One.", "Two."], "en", "es")


@pytest.mark.parametrize(
    ("options", "fragment"),
    [
        ({"pivots": "es"}, "pivots must be a table"),
        ({"pivots": {"fr": "xx_QQ"}}, "pivots.fr"),
        ({"timeout": 0}, "timeout must be more than 0"),
        ({"timout": 3}, "unknown option 'timout'"),
        ({"api_key": "x"}, "environment variables only"),
    ],
)
def test_bad_apertium_options_are_configuration_errors(options: dict[str, object], fragment: str) -> None:
    with pytest.raises(ConfigError, match=fragment):
        create_engine("apertium", options)


def test_init_picks_apertium_for_installed_pairs_and_pivots_and_run_uses_them(
    fake_path, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    folder = fake_path(["eng-spa", "fr-es", "es-fr"])
    project = tmp_path / "p"
    project.mkdir()
    result = CliRunner().invoke(main, ["-C", str(project), "init", "-l", "es", "-l", "fr",
                                       "-l", "de"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "engine for es: apertium (offline)" in result.stdout
    assert "engine for fr: apertium (offline, through es)" in result.stdout
    assert [line.split(";")[0] for line in result.stderr.splitlines()] == [
        "warning: de: bergamot cannot translate en -> de"
    ]
    toml = (project / "l10n.toml").read_text(encoding="utf-8")
    assert 'es = ["apertium"]\nfr = ["apertium"]\n' in toml
    assert '[engines.apertium]\npivots = {fr = "es"}\n' in toml
    (project / "source").mkdir(exist_ok=True)
    (project / "source" / "a.md").write_text("Hello there.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["-C", str(project), "run"], catch_exceptions=False)
    assert result.exit_code == 1  # de is skipped
    assert (project / "build" / "es" / "a.md").read_text(encoding="utf-8") == "ES Hello there.\n"
    assert (project / "build" / "fr" / "a.md").read_text(encoding="utf-8") == "ES ES Hello there.\n"
    assert (folder / "calls").read_text().split() == ["eng-spa", "eng-spa", "es-fr"]


def test_init_picks_follow_the_installed_directions(fake_path) -> None:  # type: ignore[no-untyped-def]
    from l10n.mt.picks import pick_offline

    fake_path(["eng-spa", "fr-es", "es-pt"])  # fr-es only: nothing translates es -> fr
    picks = pick_offline("en", ["pt_BR", "es", "fr", "pt_PT", "de"])
    assert dict(picks.chains) == {"pt_BR": ("bergamot",), "es": ("apertium",),
                                  "pt_PT": ("apertium",)}
    assert dict(picks.pivots) == {"pt_PT": "es"}
