"""``extract`` plans each article with the cyclic garbage collector paused: afterwards the
collector is as it was, on or off (``l10n.gc_pause`` owns the pause; tests/test_gc_pause.py
covers a failing run)."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from l10n.config import load_config
from l10n.project import extract


def _project(tmp_path: Path, text: str) -> Path:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "a.md").write_text(text, encoding="utf-8")
    (tmp_path / "l10n.toml").write_text('source_language = "en"\nlocales = ["pt_BR"]\n',
                                        encoding="utf-8")
    return tmp_path / "l10n.toml"


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_left_as_it_was(tmp_path: Path, enabled: bool) -> None:
    config = load_config(_project(tmp_path, "# Title\n\nOne sentence. Another one.\n"))
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        assert extract(config).messages == 3
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()

