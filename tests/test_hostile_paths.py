"""Hostile paths and files: what a careless user or an attacker puts in a project's folders.

Locales that climb out of the locales folder, symbolic links out of the project, FIFOs and
devices, file names that a ``#:`` line cannot hold, control characters and UTF-16 in articles,
configured folders at the root of the file system: each is a one-line error naming the path,
exit code 2, no traceback, nothing written, and never the content of the file it refused.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from l10n.cli import main
from l10n.config import load_config
from l10n.errors import ConfigError
from l10n.fsutil import atomic_write_text, locked

SECRET = "sk-live-0123456789abcdef"


def project(tmp_path: Path, locales: str = '["pt_BR"]', extra: str = "") -> Path:
    root = tmp_path / "proj"
    (root / "source").mkdir(parents=True)
    (root / "source" / "a.md").write_text("---\ntitle: A title\n---\nHello world. Second one.\n",
                                          encoding="utf-8")
    (root / "l10n.toml").write_text(f'source_language = "en"\nlocales = {locales}\n{extra}',
                                    encoding="utf-8")
    return root


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["-C", str(root), *args], catch_exceptions=False)
    return result.exit_code, result.stdout + result.stderr


def run_process(root: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    """The CLI in a process of its own, with a time limit: a FIFO must not hang it."""
    done = subprocess.run([sys.executable, "-m", "l10n", "-C", str(root), *args], capture_output=True,
                          text=True, timeout=60, env={**os.environ, **(env or {})})
    return done.returncode, done.stdout + done.stderr


def one_error_line(out: str) -> str:
    lines = [line for line in out.splitlines() if line.startswith("l10n: error:")]
    assert len(lines) == 1, out
    assert "Traceback" not in out
    return lines[0]


def files_under(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) if folder.exists() else []


@pytest.mark.parametrize("locale", ["sr@../../../../escaped", "sr@a/b", "sr@", "sr@lat in", "pt_BR/..",
                                    "de\tCH", "../x", "sr@latin/../../x"])
def test_locale_that_is_not_one_path_component_is_refused_in_the_configuration(
    tmp_path: Path, locale: str
) -> None:
    root = project(tmp_path, f'["{locale.encode("unicode_escape").decode()}"]')
    code, out = run(root, "extract")
    assert code == 2
    assert "l10n.toml: 'locales': " in one_error_line(out)
    assert not (root / "locales").exists()
    assert files_under(tmp_path) == ["proj", "proj/l10n.toml", "proj/source", "proj/source/a.md"]


def test_locale_option_with_path_parts_is_refused(tmp_path: Path) -> None:
    root = project(tmp_path)
    assert run(root, "extract")[0] == 0
    code, out = run(root, "build", "-l", "sr@../../../../escaped")
    assert code == 2
    assert "invalid locale" in one_error_line(out)
    assert not (root / "build").exists()


def test_a_locale_with_a_modifier_gets_a_folder_of_its_own(tmp_path: Path) -> None:
    root = project(tmp_path, '["sr@latin"]')
    assert run(root, "extract")[0] == 0
    assert files_under(root / "locales") == ["sr@latin", "sr@latin/a.po", "templates", "templates/a.pot"]


def test_symlink_to_the_environment_is_refused_and_its_content_never_shown(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "source" / "env.txt").symlink_to("/proc/self/environ")
    code, out = run_process(root, "extract", env={"L10N_TEST_API_KEY": SECRET})
    assert code == 2
    line = one_error_line(out)
    assert "source/env.txt: is a symbolic link" in line
    assert SECRET not in out
    assert not (root / "locales").exists()


def test_symlink_to_a_file_outside_the_project_never_reaches_a_catalog(tmp_path: Path) -> None:
    root = project(tmp_path)
    outside = tmp_path / "private.md"
    outside.write_text(f"My bank password is {SECRET}.\n", encoding="utf-8")
    (root / "source" / "b.md").symlink_to(outside)
    for symlinks in ("refuse", "inside"):
        (root / "l10n.toml").write_text(
            f'source_language = "en"\nlocales = ["pt_BR"]\n[paths]\nsymlinks = "{symlinks}"\n',
            encoding="utf-8")
        code, out = run(root, "extract")
        assert code == 2
        assert "source/b.md: is a symbolic link" in one_error_line(out)
        assert SECRET not in out
    assert not (root / "locales").exists()


def test_symlinks_that_stay_inside_the_project_are_followed_when_allowed(tmp_path: Path) -> None:
    root = project(tmp_path)
    shared = root / "shared"
    shared.mkdir()
    (shared / "b.md").write_text("Shared sentence.\n", encoding="utf-8")
    (shared / "more").mkdir()
    (shared / "more" / "c.md").write_text("Deeper sentence.\n", encoding="utf-8")
    (root / "source" / "b.md").symlink_to("../shared/b.md")
    (root / "source" / "more").symlink_to("../shared/more", target_is_directory=True)
    code, out = run(root, "extract")
    assert code == 2 and "source/b.md: is a symbolic link" in one_error_line(out)
    with (root / "l10n.toml").open("a", encoding="utf-8") as handle:
        handle.write('[paths]\nsymlinks = "inside"\n')
    code, out = run(root, "extract")
    assert code == 0, out
    assert "msgid \"Shared sentence.\"" in (root / "locales/pt_BR/b.po").read_text(encoding="utf-8")
    assert "msgid \"Deeper sentence.\"" in (root / "locales/pt_BR/more/c.po").read_text(encoding="utf-8")


def test_fifo_in_source_is_refused_without_hanging(tmp_path: Path) -> None:
    root = project(tmp_path)
    os.mkfifo(root / "source" / "pipe.md")
    code, out = run_process(root, "extract")
    assert code == 2
    assert "source/pipe.md: is a named pipe (FIFO), not a regular file" in one_error_line(out)
    assert not (root / "locales").exists()


@pytest.mark.parametrize("command", [("extract",), ("status",), ("check",), ("build",),
                                     ("translate", "--engine", "pseudo")])
def test_fifo_in_locales_is_refused_without_hanging(tmp_path: Path, command: tuple[str, ...]) -> None:
    root = project(tmp_path)
    assert run(root, "extract")[0] == 0
    po = root / "locales" / "pt_BR" / "a.po"
    po.unlink()
    os.mkfifo(po)
    code, out = run_process(root, *command)
    assert code == 2
    assert "locales/pt_BR/a.po: is a named pipe (FIFO)" in one_error_line(out)
    assert not (root / "build").exists()


def test_device_named_on_the_command_line_is_refused(tmp_path: Path) -> None:
    code, out = run_process(tmp_path, "segment", "/dev/zero")
    assert code == 2
    assert "/dev/zero: is a character device, not a regular file" in one_error_line(out)


def test_source_larger_than_the_limit_is_refused_before_it_fills_the_memory(tmp_path: Path) -> None:
    root = project(tmp_path, extra="[paths]\nmax_source_mb = 1\n")
    (root / "source" / "huge.txt").write_bytes(b"Word. " * 200_000)
    code, out = run(root, "extract")
    assert code == 2
    assert "source/huge.txt: is larger than the limit of 1 MB" in one_error_line(out)
    assert not (root / "locales").exists()
    with pytest.raises(ConfigError, match="max_source_mb"):
        (root / "l10n.toml").write_text('locales = ["de"]\n[paths]\nmax_source_mb = 0\n', encoding="utf-8")
        load_config(root / "l10n.toml")


def test_locale_folder_linked_elsewhere_is_not_written_through(tmp_path: Path) -> None:
    root = project(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / "locales").mkdir()
    (root / "locales" / "pt_BR").symlink_to(elsewhere, target_is_directory=True)
    code, out = run(root, "extract")
    assert code == 2
    assert "locales/pt_BR: is a symbolic link" in one_error_line(out)
    assert files_under(elsewhere) == []
    assert files_under(root / "locales") == ["pt_BR"]


def test_build_folder_linked_elsewhere_is_not_written_through(tmp_path: Path) -> None:
    root = project(tmp_path)
    assert run(root, "extract")[0] == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / "build").mkdir()
    (root / "build" / "pt_BR").symlink_to(elsewhere, target_is_directory=True)
    code, out = run(root, "build")
    assert code == 2
    assert "build/pt_BR: is a symbolic link" in one_error_line(out)
    assert files_under(elsewhere) == []


def test_file_name_that_is_not_utf8_is_a_clear_error(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "source").joinpath(os.fsdecode(b"caf\xe9.md")).write_text("Hi.\n", encoding="utf-8")
    code, out = run_process(root, "extract")
    assert code == 2
    assert "source/caf\\xe9.md: the file name is not valid UTF-8" in one_error_line(out)
    assert not (root / "locales").exists()


@pytest.mark.parametrize("name", ["two\nlines.md", "tab\there.md", "sub\ndir/a.txt", "bell\x07.md"])
def test_file_name_a_po_reference_line_cannot_hold_is_refused(tmp_path: Path, name: str) -> None:
    root = project(tmp_path)
    path = root / "source" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("Hi.\n", encoding="utf-8")
    code, out = run_process(root, "extract")
    assert code == 2
    line = one_error_line(out)
    assert "the file name holds a line break, tab or other control character" in line
    assert name.encode("unicode_escape").decode() in line
    assert not (root / "locales").exists()


@pytest.mark.parametrize("length", [240, 248, 251])
def test_long_file_names_can_be_extracted_and_built(tmp_path: Path, length: int) -> None:
    root = project(tmp_path)
    name = "n" * (length - 3) + ".md"
    (root / "source" / name).write_text("A sentence with a long name.\n", encoding="utf-8")
    assert run(root, "extract")[0] == 0
    assert run(root, "translate", "--engine", "pseudo", "--no-memory")[0] == 0
    code, out = run(root, "build", "--include-fuzzy")
    assert code == 0, out
    assert (root / "build" / "pt_BR" / name).is_file()
    po = root / "locales" / "pt_BR" / (name[:-3] + ".po")
    subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(po)], check=True)


def test_temporary_file_name_leaves_room_for_the_longest_name(tmp_path: Path) -> None:
    target = tmp_path / ("x" * 255)
    atomic_write_text(target, "ok")
    assert target.read_text(encoding="utf-8") == "ok"
    assert files_under(tmp_path) == ["x" * 255]


@pytest.mark.parametrize(("data", "where"), [
    (b"Hello world.\n\nThe key \x00 is " + SECRET.encode() + b".\n", ":3: column 9: control character U+0000"),
    (b"Fine line.\nAn EOT\x04 here " + SECRET.encode() + b".\n", ":2: column 7: control character U+0004"),
    (b"\x1b[31mRed " + SECRET.encode() + b"\n", ":1: column 1: control character U+001B"),
])
def test_control_characters_in_an_article_name_line_and_column_never_the_text(
    tmp_path: Path, data: bytes, where: str
) -> None:
    root = project(tmp_path)
    (root / "source" / "bad.txt").write_bytes(data)
    code, out = run(root, "extract")
    assert code == 2
    assert f"source/bad.txt{where}" in one_error_line(out)
    assert SECRET not in out
    assert not (root / "locales").exists()


@pytest.mark.parametrize(("encoding", "message"), [
    ("utf-16-le", ":1: looks like UTF-16 without a byte order mark"),
    ("utf-16-be", ":1: looks like UTF-16 without a byte order mark"),
    ("utf-16", ": is UTF-16 (it starts with a UTF-16 byte order mark)"),
])
def test_utf16_article_is_named_as_such(tmp_path: Path, encoding: str, message: str) -> None:
    root = project(tmp_path)
    (root / "source" / "wide.md").write_bytes(f"Secret {SECRET} here.\n".encode(encoding))
    code, out = run(root, "extract")
    assert code == 2
    assert f"source/wide.md{message}" in one_error_line(out)
    assert SECRET not in out


@pytest.mark.parametrize("key", ["source", "locales", "build"])
@pytest.mark.parametrize(("value", "reason"), [
    ("/", "the root of the file system"),
    ("HOME", "your home folder"),
    ("..", "a folder above the project"),
    ("../..", "a folder above the project"),
])
def test_configured_folder_at_the_root_home_or_above_the_project_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, key: str, value: str, reason: str
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    root = project(tmp_path, extra=f'[paths]\n{key} = "{home if value == "HOME" else value}"\n')
    with pytest.raises(ConfigError) as err:
        load_config(root / "l10n.toml")
    assert f"'paths.{key}': is " in str(err.value)
    assert reason in str(err.value)
    code, out = run(root, "build")
    assert code == 2 and reason in one_error_line(out)
    assert not (root / "build").exists() and not (tmp_path / "pt_BR").exists()


def test_configured_folders_inside_the_project_are_fine(tmp_path: Path) -> None:
    root = project(tmp_path, extra='[paths]\nsource = "."\nlocales = "l10n/po"\nbuild = "out/site"\n')
    (root / "b.md").write_text("At the root.\n", encoding="utf-8")
    config = load_config(root / "l10n.toml")
    assert config.source_dir == root.resolve()
    assert config.build_dir == (root / "out" / "site").resolve()


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*.l10n-tmp"))


def test_temporary_files_a_killed_run_left_are_removed_by_the_next_run(tmp_path: Path) -> None:
    root = project(tmp_path)
    assert run(root, "extract")[0] == 0
    assert run(root, "build")[0] == 0
    names = [".l10n-abcd1234.l10n-tmp", ".a.po.x1y2z3w4.l10n-tmp"]
    for folder in (root / "locales" / "pt_BR", root / "locales" / "templates", root / "build" / "pt_BR"):
        for name in names:
            (folder / name).write_text("half a file", encoding="utf-8")
    (root / "locales" / "pt_BR" / "notes.l10n-tmp").write_text("not ours", encoding="utf-8")
    assert run(root, "extract", "--check")[0] == 0  # --check writes (and removes) nothing
    assert len(leftovers(root / "locales")) == 5
    assert run(root, "extract")[0] == 0  # nothing to update: the sweep still runs
    assert leftovers(root / "locales") == ["notes.l10n-tmp"]
    assert len(leftovers(root / "build")) == 2
    assert run(root, "build")[0] == 0
    assert leftovers(root / "build") == []


def test_sweep_spares_a_fresh_temporary_file_written_without_the_lock(tmp_path: Path) -> None:
    folder = tmp_path / "build"
    folder.mkdir()
    fresh = folder / ".l10n-u-abcd1234.l10n-tmp"  # `l10n review` writing its page right now
    stale = folder / ".l10n-u-wxyz9876.l10n-tmp"
    ours = folder / ".l10n-abcd1234.l10n-tmp"
    for path in (fresh, stale, ours):
        path.write_text("half", encoding="utf-8")
    os.utime(stale, (time.time() - 7200, time.time() - 7200))
    with locked(folder):
        pass
    assert sorted(p.name for p in folder.iterdir()) == [fresh.name]


def test_fifo_named_on_the_command_line_is_refused_without_hanging(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.md")
    code, out = run_process(tmp_path, "segment", str(tmp_path / "pipe.md"))
    assert code == 2
    assert "pipe.md: is a named pipe (FIFO), not a regular file" in one_error_line(out)


@pytest.mark.parametrize(("text", "fragment"), [
    ('[paths]\nsymlinks = "follow"\n', "'paths.symlinks': is 'follow'; allowed: refuse, inside"),
    ("[paths]\nmax_source_mb = 5000\n", "'paths.max_source_mb': must be a whole number of megabytes"),
    ("[paths]\nmax_source_mb = true\n", "'paths.max_source_mb': must be a whole number of megabytes"),
])
def test_bad_paths_settings_name_the_key(tmp_path: Path, text: str, fragment: str) -> None:
    (tmp_path / "l10n.toml").write_text(f'locales = ["de"]\n{text}', encoding="utf-8")
    with pytest.raises(ConfigError, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        load_config(tmp_path / "l10n.toml")
