"""Configuration: defaults, validation errors that name the key, locale normalisation."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from l10n.config import config_from_mapping, find_config, load_config
from l10n.errors import ConfigError
from l10n.locales import normalize_locale, plural_forms


def write(tmp_path: Path, text: str, name: str = "l10n.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_minimal_configuration_has_sensible_defaults(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, 'locales = ["pt-br"]\n'))
    assert config.source_language == "en"
    assert config.locales == ("pt_BR",)
    assert config.source_dir == tmp_path.resolve() / "source"
    assert config.locales_dir == tmp_path.resolve() / "locales"
    assert config.build_dir == tmp_path.resolve() / "build"
    assert config.segment_mode == "sentence"
    assert config.front_matter_keys == ("title", "description", "summary")
    assert config.po_width == 79
    assert config.engine_for("pt_BR") == "bergamot"


def test_pyproject_tool_table_is_read(tmp_path: Path) -> None:
    write(tmp_path, '[project]\nname = "x"\n\n[tool.l10n]\nlocales = ["de"]\n', "pyproject.toml")
    (tmp_path / "sub").mkdir()
    config = load_config(find_config(tmp_path / "sub"))
    assert config.locales == ("de",)


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("", "'locales': missing"),
        ('locales = "pt_BR"\n', "'locales': must be a list"),
        ('locales = ["xx_YY"]\n', "unknown locale 'xx_YY'"),
        ('locales = ["en"]\n', "contains the source language"),
        ('locales = ["de"]\n[segment]\nmode = "word"\n', "'segment.mode': is 'word'; allowed: sentence, paragraph"),
        ('locales = ["de"]\n[po]\nwidth = 5\n', "'po.width'"),
        ('locales = ["de"]\ncolour = 1\n', "'colour': unknown key"),
        ('locales = ["de"]\n[paths]\nsorce = "x"\n', "'paths.sorce': unknown key; allowed: build, locales, max_source_mb, source, symlinks"),
        ('locales = ["de"]\n[translate.locales]\nfr = "pseudo"\n', "'fr' is not in locales"),
        ('locales = ["de"]\n[translate]\nengine = "bergamo"\n',
         "'translate.engine': is 'bergamo'; engines: bergamot, pseudo,"),
        ('locales = ["de"]\n[translate.locales]\nde = "goggle"\n', "'translate.locales.de': is 'goggle'"),
        ('locales = [\n', "invalid TOML"),
    ],
)
def test_bad_configuration_names_file_and_key(tmp_path: Path, text: str, fragment: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    message = str(err.value)
    assert message.startswith(str(path.resolve()))
    assert fragment in message
    assert "\n" not in message


def test_missing_configuration_says_how_to_create_one(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no l10n.toml found.*l10n init"):
        find_config(tmp_path)


def test_locale_spellings_are_normalised() -> None:
    assert normalize_locale("pt-br") == "pt_BR"
    assert normalize_locale("PT_br") == "pt_BR"
    assert normalize_locale("sr@latin") == "sr@latin"
    assert plural_forms("pt_BR") == "nplurals=2; plural=(n > 1);"


def _cli(*args: str) -> tuple[int, str]:
    from click.testing import CliRunner

    from l10n.cli import main

    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stderr


@pytest.mark.parametrize(
    "text, line, fragment",
    [
        ('locales = ["de"]\n\n[po]\nwidth = \n', 4, "invalid TOML: Invalid value (column 9)"),
        ('locales = ["de"]\n[po]\n[po]\n', 3, "invalid TOML: Cannot declare ('po',) twice"),
        ('locales = ["de"]\nproject = "x\n', 2, "invalid TOML: Illegal character"),
        ('locales = ["de"]\nproject = """x\n', 2, "at the end of the file"),
    ],
)
def test_toml_syntax_error_names_the_line_of_l10n_toml(
    tmp_path: Path, text: str, line: int, fragment: str
) -> None:
    path = write(tmp_path, text)
    code, err = _cli("-C", str(tmp_path), "status")
    assert code == 2
    assert err.startswith(f"l10n: error: {path.resolve()}:{line}: ")
    assert fragment in err and err.count("\n") == 1


def test_toml_syntax_error_in_pyproject_tool_table_names_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, '[project]\nname = "x"\n\n[tool.l10n]\nlocales = ["de"]\nproject = \n', "pyproject.toml")
    (tmp_path / "sub").mkdir()
    code, err = _cli("-C", str(tmp_path / "sub"), "status")
    assert code == 2
    assert err.startswith(f"l10n: error: {path.resolve()}:6: invalid TOML: ")
    code, err = _cli("--config", str(path), "extract")
    assert err.startswith(f"l10n: error: {path.resolve()}:6: invalid TOML: ")


def test_broken_pyproject_without_a_tool_table_is_not_taken_for_the_configuration(
    tmp_path: Path,
) -> None:
    write(tmp_path, '[project]\nname = "x\n', "pyproject.toml")
    with pytest.raises(ConfigError, match="no l10n.toml found"):
        find_config(tmp_path)


def test_init_names_the_locales_the_chosen_engine_cannot_serve(tmp_path: Path) -> None:
    code, err = _cli("-C", str(tmp_path), "init", "-l", "pt_BR", "-l", "de", "-l", "fr",
                     "--engine", "bergamot")
    assert code == 0
    lines = err.splitlines()
    assert [line.split(";")[0] for line in lines] == [
        "warning: de: bergamot cannot translate en -> de",
        "warning: fr: bergamot cannot translate en -> fr",
    ]
    assert all("translate will skip it" in line and "google-web" in line for line in lines)
    assert 'de = ["google-web", "pseudo"]' in lines[0]
    assert load_config(tmp_path / "l10n.toml").locales == ("pt_BR", "de", "fr")


def test_init_is_quiet_when_the_engine_serves_every_locale(tmp_path: Path) -> None:
    code, err = _cli("-C", str(tmp_path), "init", "-l", "pt_BR")
    assert (code, err) == (0, "")
    (tmp_path / "x").mkdir()
    code, err = _cli("-C", str(tmp_path / "x"), "init", "-l", "de", "-l", "ar", "--engine", "pseudo")
    assert (code, err) == (0, "")


def test_init_refuses_an_unknown_engine_listing_the_registry(tmp_path: Path) -> None:
    code, err = _cli("-C", str(tmp_path), "init", "-l", "de", "--engine", "bergamo")
    assert code == 2
    assert "'bergamo' is not one of 'bergamot', 'pseudo'" in err
    assert not (tmp_path / "l10n.toml").exists()


def test_the_readme_configuration_example_is_valid_toml_that_l10n_accepts(tmp_path: Path) -> None:
    """The README's annotated l10n.toml (its first ``toml`` block) stays true: every key in it
    exists, in the table it is written under, with a value the configuration accepts."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    block = re.findall(r"```toml\n(.*?)```", readme, re.S)[0]
    data = tomllib.loads(block)
    config = config_from_mapping(data, root=tmp_path, config_path=tmp_path / "l10n.toml")
    assert {"build", "translate", "markdown", "paths"} <= set(data)
    assert config.locales
