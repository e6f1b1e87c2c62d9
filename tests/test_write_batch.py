"""``fsutil.WriteBatch``: ``build`` writes its outputs through it, flushed to the disk together
rather than one ``fsync`` each; a file is never renamed into place before it is on the disk."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import l10n.fsutil as fsutil
from l10n.errors import CatalogError
from l10n.fsutil import WriteBatch


def record(monkeypatch: pytest.MonkeyPatch, has_syncfs: bool) -> list[tuple[str, str]]:
    events: list[tuple[str, str]] = []
    real_replace, real_fsync, real_syncfs = os.replace, os.fsync, fsutil._syncfs

    def syncfs(fd: int) -> bool:
        events.append(("flush", "*"))
        return real_syncfs(fd) if has_syncfs else False

    def fsync(fd: int) -> None:
        events.append(("flush", os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        events.append(("rename", os.fspath(src)))
        real_replace(src, dst)

    monkeypatch.setattr(fsutil, "_syncfs", syncfs)
    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    return events


@pytest.mark.parametrize("has_syncfs", [True, False])
def test_every_file_is_flushed_before_its_rename_and_flushes_are_batched(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, has_syncfs: bool) -> None:
    events = record(monkeypatch, has_syncfs)
    (tmp_path / "old.md").write_text("old", encoding="utf-8")
    with WriteBatch(limit=4) as batch:
        for i in range(10):
            batch.write_text(tmp_path / f"f{i}.md", f"text {i}\n")
        batch.write_text(tmp_path / "old.md", "new")
    assert {p.name: p.read_text(encoding="utf-8") for p in tmp_path.iterdir()} == \
        {**{f"f{i}.md": f"text {i}\n" for i in range(10)}, "old.md": "new"}
    renames = [i for i, (kind, _) in enumerate(events) if kind == "rename"]
    assert len(renames) == 11
    for i in renames:
        name = events[i][1]
        assert any(kind == "flush" and target in ("*", name) for kind, target in events[:i])
    flushes = sum(kind == "flush" for kind, _ in events)
    # 4 + 4 + 3 files: one syncfs per batch (tried first, then one fsync per file without it)
    assert flushes == (3 if has_syncfs else 3 + 11)


def test_an_error_in_the_block_still_puts_the_files_written_before_it_in_place(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), WriteBatch() as batch:
        batch.write_text(tmp_path / "a.md", "a")
        raise RuntimeError("the next article failed to parse")
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == "a"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]


def test_a_rename_that_fails_leaves_no_temporary_file_and_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()  # a folder where a file should go: the rename fails
    (tmp_path / "taken" / "x").write_text("x", encoding="utf-8")
    batch = WriteBatch()
    batch.write_text(tmp_path / "a.md", "a")
    batch.pending.append((str(tmp_path / "b.tmp"), tmp_path / "taken"))
    (tmp_path / "b.tmp").write_text("b", encoding="utf-8")
    with pytest.raises(CatalogError) as error:
        batch.commit()
    assert "taken" in str(error.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "taken"]
