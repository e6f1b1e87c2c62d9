"""``extract`` validates the whole project before replacing any file, yet holds one article at a
time: each new text is staged on disk (``locales/.l10n-stage-*``) as soon as it is planned and
renamed into place once every article is validated. So its memory does not grow with the
project, a bad input anywhere changes nothing, and a kill at any moment leaves every file old or
new, the staging folder removed by the next run."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner

from l10n.cli import main
from l10n.config import load_config
from l10n.fsutil import commit_staged, locked, remove_leftovers, stage_bytes, staging
from l10n.project import extract
from tests.growth import clear_caches

L10N = [sys.executable, "-m", "l10n"]
_DATES = re.compile(rb'^"(POT-Creation-Date|PO-Revision-Date): .*\\n"$', re.MULTILINE)


def article(i: int, sentences: int) -> str:
    """Article ``i``: its own title, then ``sentences`` sentences every article shares (so the
    bounded caches of the PO writer and the parser stay the same size whatever the project)."""
    body = [f"Sentence {k} says the council met on day {k * 7} and voted.\n" for k in range(sentences)]
    return f"# Report {i} of the desk\n\n" + "\n".join(body)


def project(root: Path, count: int, sentences: int = 12) -> Path:
    (root / "source").mkdir(parents=True)
    for i in range(count):
        (root / "source" / f"a{i:03d}.md").write_text(article(i, sentences), encoding="utf-8")
    (root / "l10n.toml").write_text('source_language = "en"\nlocales = ["pt_BR", "de"]\n',
                                    encoding="utf-8")
    return root


def edit_every_article(root: Path) -> None:
    for path in sorted((root / "source").glob("*.md")):
        path.write_text(path.read_text(encoding="utf-8") + "\nA sentence added later.\n",
                        encoding="utf-8")


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes, gettext's two wall-clock dates masked (the
    files of a staging folder left by a killed run are not the project's)."""
    return {p.relative_to(folder).as_posix(): _DATES.sub(rb'"\1: (date)\\n"', p.read_bytes())
            for p in sorted(folder.rglob("*"))
            if p.is_file() and ".l10n-stage-" not in p.relative_to(folder).as_posix()}


def stages(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "locales").glob(".l10n-stage-*"))


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*L10N, "-C", str(root), *args], capture_output=True, text=True,
                          timeout=300, check=False)


def held_back(root: Path, count: int) -> tuple[float, int]:
    """Peak of the memory traced during an extract of ``count`` fresh articles, and the bytes
    it wrote."""
    clear_caches()
    tracemalloc.start()
    try:
        extract(load_config(root / "l10n.toml"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return peak, sum(p.stat().st_size for p in (root / "locales").rglob("*") if p.is_file())


@pytest.mark.parametrize("workers", ["one process", "worker processes"])
def test_extract_memory_does_not_grow_with_the_texts_it_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: str
) -> None:
    if workers == "one process":
        monkeypatch.setattr(os, "cpu_count", lambda: 1)
        small = 4
    else:
        if (os.cpu_count() or 1) < 2:
            pytest.skip("one core: extract plans in its own process")
        small = 8  # the pool starts at 8 articles
    warm = project(tmp_path / "warm", 2, 300)
    extract(load_config(warm / "l10n.toml"))  # imports and one-time set-up
    peak_small, wrote_small = held_back(project(tmp_path / "small", small, 300), small)
    peak_large, wrote_large = held_back(project(tmp_path / "large", 4 * small, 300), 4 * small)
    # Holding the texts of the 3 * small more articles until the end would add about as much
    # as they weigh on disk (and did, x1.1 in one process, x1.0 with workers); only their
    # file names and digests are kept now.
    assert peak_large - peak_small < 0.4 * (wrote_large - wrote_small)


def test_a_bad_last_article_stops_extract_with_every_file_untouched(tmp_path: Path) -> None:
    root = project(tmp_path, 10)
    assert run(root, "extract").returncode == 0
    before = {**tree(root / "locales"), **tree(root / ".l10n")}
    edit_every_article(root)
    (root / "source" / "a009.md").write_bytes(b"# Bad\n\n\xff\xfe not UTF-8\n")
    done = run(root, "extract")
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "a009.md" in done.stderr, done.stderr
    assert {**tree(root / "locales"), **tree(root / ".l10n")} == before
    assert stages(root) == [] and list(root.rglob("*.l10n-tmp")) == []


def test_a_corrupt_catalog_of_the_last_article_stops_extract_with_every_file_untouched(
    tmp_path: Path,
) -> None:
    root = project(tmp_path, 10)
    assert run(root, "extract").returncode == 0
    edit_every_article(root)
    po = root / "locales" / "de" / "a009.po"
    po.write_bytes(po.read_bytes() + b'\nmsgid "unterminated\n')
    before = tree(root / "locales")
    done = run(root, "extract")
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "a009.po" in done.stderr and ":" in done.stderr
    assert tree(root / "locales") == before
    assert stages(root) == []


def test_a_first_extract_stopped_by_a_bad_article_leaves_no_locales_folder(tmp_path: Path) -> None:
    root = project(tmp_path, 10)
    (root / "source" / "a009.md").write_bytes(b"\xff\xfe")
    assert run(root, "extract").returncode == 2
    assert not (root / "locales").exists()


def test_extract_check_stages_nothing(tmp_path: Path) -> None:
    root = project(tmp_path, 3)
    result = CliRunner().invoke(main, ["-C", str(root), "extract", "--check"])
    assert result.exit_code == 1
    assert not (root / "locales").exists()


_KILL_AT_COMMIT = """
import os, signal, sys
import l10n.catalog.store as store
from l10n.cli import main

commit, done = store.commit_staged, 0

def commit_then_die(*args, **kwargs):
    global done
    if done == int(sys.argv[2]):
        os.kill(os.getpid(), signal.SIGKILL)
    done += 1
    return commit(*args, **kwargs)

store.commit_staged = commit_then_die
main(["-C", sys.argv[1], "extract"])
"""


def old_and_new(tmp_path: Path, count: int) -> tuple[Path, dict[str, bytes], dict[str, bytes]]:
    """A project extracted once, then every article edited: its locales before and after
    the next extract (made in a copy); the files before are also kept in ``tmp_path/old``."""
    root = project(tmp_path / "project", count)
    assert run(root, "extract").returncode == 0
    old = tree(root / "locales")
    shutil.copytree(root / "locales", tmp_path / "old")
    edit_every_article(root)
    finished = tmp_path / "finished"
    shutil.copytree(root, finished)
    assert run(finished, "extract").returncode == 0
    new = tree(finished / "locales")
    assert old.keys() == new.keys() and all(old[k] != new[k] for k in old)
    return root, old, new


def test_a_kill_between_two_renames_leaves_each_file_old_or_new_and_the_next_run_finishes(
    tmp_path: Path,
) -> None:
    root, old, new = old_and_new(tmp_path, 10)
    killed = subprocess.run([sys.executable, "-c", _KILL_AT_COMMIT, str(root), "7"],
                            capture_output=True, text=True, timeout=300, check=False)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    now = tree(root / "locales")
    assert now.keys() == old.keys()
    assert [name for name in now if now[name] not in (old[name], new[name])] == []
    assert sum(now[name] == new[name] for name in now) == 7  # the renames done before the kill
    assert len(stages(root)) == 1  # left by the killed run, the rest of its files staged in it
    assert run(root, "extract").returncode == 0
    assert tree(root / "locales") == new
    assert stages(root) == [] and list(root.rglob("*.l10n-tmp")) == []


@pytest.mark.slow
def test_extract_killed_at_any_moment_leaves_each_file_old_or_new(tmp_path: Path) -> None:
    root, old, new = old_and_new(tmp_path, 40)
    started = time.monotonic()
    assert run(root, "extract", "--check").returncode == 1
    duration = time.monotonic() - started
    seen: set[str] = set()
    for step in range(1, 8):
        proc = subprocess.Popen([*L10N, "-C", str(root), "extract"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(duration * step / 6)
        with_kill = proc.poll() is None
        if with_kill:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        now = tree(root / "locales")
        assert now.keys() == old.keys()
        assert [name for name in now if now[name] not in (old[name], new[name])] == []
        seen.add("new" if now == new else "old" if now == old else "mixed")
        for name in now:  # back to the old files for the next kill
            shutil.copyfile(tmp_path / "old" / name, root / "locales" / name)
    assert "old" in seen
    assert run(root, "extract").returncode == 0
    assert tree(root / "locales") == new
    assert stages(root) == [] and list(root.rglob("*.l10n-tmp")) == []


def test_a_staging_folder_in_use_is_not_swept_and_one_left_by_a_dead_run_is(tmp_path: Path) -> None:
    folder = tmp_path / "locales"
    dead = folder / ".l10n-stage-dead1234"
    dead.mkdir(parents=True)
    (dead / "x.staged").write_text("left by a killed run", encoding="utf-8")
    with staging(folder) as stage:
        staged = stage_bytes(stage, b"new text\n")
        with locked(folder):  # the sweep of another run taking the lock meanwhile
            pass
        assert not dead.exists()
        assert staged.read_bytes() == b"new text\n"
        assert remove_leftovers(folder) == []
        commit_staged(staged, folder / "de" / "a.po")
    assert not stage.exists()
    assert (folder / "de" / "a.po").read_bytes() == b"new text\n"
    assert sorted(p.name for p in folder.iterdir()) == ["de"]


def test_a_staging_folder_that_made_its_parent_removes_it_when_nothing_was_committed(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "locales"
    with pytest.raises(RuntimeError), staging(folder) as stage:
        stage_bytes(stage, b"planned\n")
        raise RuntimeError("a bad article")
    assert not folder.exists()


def test_a_committed_file_keeps_the_permissions_of_the_one_it_replaces(tmp_path: Path) -> None:
    target = tmp_path / "locales" / "a.po"
    target.parent.mkdir()
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    with staging(tmp_path / "locales") as stage:
        commit_staged(stage_bytes(stage, b"new\n"), target)
    assert target.read_bytes() == b"new\n" and target.stat().st_mode & 0o777 == 0o640


def test_a_file_on_another_filesystem_is_committed_by_copy(tmp_path: Path) -> None:
    other = Path("/dev/shm")
    if not other.is_dir() or os.stat(other).st_dev == os.stat(tmp_path).st_dev:
        pytest.skip("no second filesystem at /dev/shm")
    target = tmp_path / "a.po"
    target.write_text("old\n", encoding="utf-8")
    with staging(other / f"l10n-test-{os.getpid()}") as stage:
        staged = stage_bytes(stage, b"new\n")
        commit_staged(staged, target)
        assert not staged.exists() or staged.read_bytes() == b"new\n"
    assert target.read_bytes() == b"new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.po"]


@pytest.mark.parametrize("has_syncfs", [True, False])
def test_every_staged_file_is_on_disk_before_it_is_renamed_into_place(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, has_syncfs: bool) -> None:
    """Staged files are not flushed one by one (one ``syncfs`` for all of them, or one
    ``fsync`` each where the C library lacks it), yet none is renamed into place before a
    flush that came after it was written: a crash can leave no empty or partial catalog."""
    import l10n.fsutil as fsutil

    root = project(tmp_path / "p", 3)
    events: list[tuple[str, str]] = []
    real_replace, real_fsync, real_syncfs = os.replace, os.fsync, fsutil._syncfs

    def syncfs(fd: int) -> bool:
        # flushing_behind's thread flushes while extract plans: it guarantees nothing
        main = threading.current_thread() is threading.main_thread()
        events.append(("syncfs" if main else "syncfs-behind", ""))
        return real_syncfs(fd) if has_syncfs else False

    def fsync(fd: int) -> None:
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        events.append(("replace", os.fspath(src)))
        real_replace(src, dst)

    real_stage = fsutil.stage_bytes

    def stage(folder: Path, data: bytes) -> Path:
        path = real_stage(folder, data)
        events.append(("staged", str(path)))
        return path

    monkeypatch.setattr(fsutil, "_syncfs", syncfs)
    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr("l10n.project.extraction.stage_bytes", stage)
    extract(load_config(root / "l10n.toml"))

    staged = [(i, path) for i, (kind, path) in enumerate(events) if kind == "staged"]
    assert len(staged) == 9  # a template and two catalogs for each of 3 articles
    for i, path in staged:
        renamed = next(j for j, (kind, src) in enumerate(events) if kind == "replace" and src == path)
        flushes = [kind for kind, target in events[i:renamed]
                   if kind == "syncfs" and has_syncfs or kind == "fsync" and target == path]
        assert flushes, (path, events)
    assert sum(kind == "syncfs" for kind, _ in events) == 1  # one flush for the whole run
    paths = {path for _, path in staged}
    assert sum(kind == "fsync" and target in paths for kind, target in events) == \
        (0 if has_syncfs else 9)


def test_staged_files_are_flushed_behind_while_the_block_runs_and_not_after(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import l10n.fsutil as fsutil

    calls: list[str] = []
    real_syncfs = fsutil._syncfs

    def syncfs(fd: int) -> bool:
        calls.append(threading.current_thread().name)
        return real_syncfs(fd)

    monkeypatch.setattr(fsutil, "_syncfs", syncfs)
    with fsutil.staging(tmp_path / "locales") as stage:
        with fsutil.flushing_behind(stage, interval=0.01):
            fsutil.stage_bytes(stage, b"x")
            deadline = time.monotonic() + 30
            while not calls and time.monotonic() < deadline:
                time.sleep(0.01)
        after = len(calls)
        time.sleep(0.05)
    assert calls and set(calls) == {"l10n-flush-behind"}
    assert len(calls) == after  # the thread is stopped when the block ends
