"""A PO file l10n cannot read gets the same one-line ``FILE:LINE:`` error from every command."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from test_cli import make_project, run, snapshot

COMMANDS = (["extract"], ["status"], ["translate", "--dry-run"], ["check"], ["build"])


def po_file(project: Path) -> Path:
    return project / "locales/pt_BR/bakhmut-wagner.po"


def with_first_translation(text: str, translation: str) -> str:
    """The PO text with its first untranslated entry after the header translated."""
    empty = 'msgstr ""\n\n'
    at = text.index(empty, text.index("\n\n") + 2)
    return text[:at] + f'msgstr "{translation}"\n\n' + text[at + len(empty) :]


def latin1(text: str) -> bytes:
    """The catalog as a Latin-1 PO file, as an old editor would save it."""
    text = with_first_translation(text.replace("charset=UTF-8", "charset=ISO-8859-1"), "Missão")
    return text.encode("latin-1", "replace")


def invalid_byte(text: str) -> bytes:
    """The UTF-8 catalog with one stray byte in a translation."""
    return with_first_translation(text, "Miss\udcffo").encode("utf-8", "surrogateescape")


def first_line_with_a_high_byte(data: bytes) -> int:
    at = next(i for i, b in enumerate(data) if b >= 0x80)
    return data.count(b"\n", 0, at) + 1


@pytest.mark.parametrize(
    ("corrupt", "hint"),
    [(latin1, "charset=ISO-8859-1"), (invalid_byte, "must be UTF-8")],
    ids=["latin-1", "invalid-utf-8"],
)
def test_every_command_reports_an_unreadable_po_file_on_one_line_with_its_line(
    tmp_path: Path, corrupt: Callable[[str], bytes], hint: str
) -> None:
    project = make_project(tmp_path)
    assert run(project, "extract")[0] == 0
    assert run(project, "build")[0] == 0
    path = po_file(project)
    data = corrupt(path.read_text(encoding="utf-8"))
    path.write_bytes(data)
    line = first_line_with_a_high_byte(data)
    before = snapshot(project)
    messages = []
    for args in COMMANDS:
        code, out, err = run(project, *args)
        assert code != 0, args
        assert "Traceback" not in out + err, args
        lines = [text for text in (out + err).splitlines() if text.strip()]
        assert len(lines) == 1, (args, lines)
        assert f"{path}:{line}: " in lines[0], (args, lines)
        assert hint in lines[0] and "msgconv --to-code=UTF-8" in lines[0], (args, lines)
        messages.append(re.sub(r"^\W*", "", lines[0]))
        assert snapshot(project) == before, args
    assert len(set(messages)) == 1, messages
