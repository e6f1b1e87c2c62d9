"""SIGKILL at any moment: the next run leaves no temporary file, no process, and valid catalogs.

``extract``, ``translate --engine pseudo`` and ``build`` run in a process (and session) of their
own on a project large enough for extract's process pool, and are killed on a fixed schedule.
Only the command's own process gets the signal, as from an OOM killer or a CI timeout: its pool
workers must follow it. Then the command runs again to the end: no ``*.l10n-tmp`` file and no
staging folder is left anywhere in the project, and ``msgfmt -c`` accepts every PO file.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = {
    "extract": ("extract",),
    "translate": ("translate", "--engine", "pseudo"),
    "build": ("build", "--include-fuzzy"),
}
SCHEDULE = (0.6, 1.2, 2.0)
"""Seconds after the start at which the command is killed (Python's start-up takes about 0.5)."""


def big_project(root: Path, copies: int = 16) -> Path:
    for i in range(copies):
        shutil.copytree(ROOT / "source", root / "source" / f"part{i:02d}")
    (root / "l10n.toml").write_text(
        'source_language = "en"\nlocales = ["pt_BR", "de"]\n[translate]\nengine = "pseudo"\n',
        encoding="utf-8",
    )
    return root


def start(root: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "l10n", "-C", str(root), *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def session_members(sid: int) -> list[int]:
    """Processes of the session ``sid`` still running (zombies waiting for a parent do not count)."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path("/proc", entry, "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[3]) == sid and fields[0] != "Z":
            out.append(int(entry))
    return out


def wait_gone(sid: int, seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while (alive := session_members(sid)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return alive


def complete(root: Path, *args: str) -> None:
    done = subprocess.run([sys.executable, "-m", "l10n", "-C", str(root), *args], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


def assert_clean(root: Path) -> None:
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*.l10n-tmp")) == []
    assert sorted(p.name for p in root.rglob(".l10n-stage-*")) == []  # extract's staging folders
    pos = sorted((root / "locales").rglob("*.po"))
    assert pos
    for po in pos:
        done = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(po)], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr


@pytest.mark.slow
def test_extract_workers_die_with_their_parent(tmp_path: Path) -> None:
    root = big_project(tmp_path, copies=40)
    proc = start(root, "extract")
    deadline = time.monotonic() + 60
    while len(session_members(proc.pid)) < 2 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    if proc.poll() is not None or (os.cpu_count() or 1) < 2:
        pytest.skip("extract ran without a process pool here")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    try:
        assert wait_gone(proc.pid, 5.0) == []
    finally:
        for pid in session_members(proc.pid):
            os.kill(pid, signal.SIGKILL)


@pytest.mark.slow
@pytest.mark.parametrize("command", list(COMMANDS))
def test_killed_command_leaves_nothing_behind_after_the_next_run(tmp_path: Path, command: str) -> None:
    root = big_project(tmp_path)
    if command != "extract":
        complete(root, "extract")
    if command == "build":
        complete(root, *COMMANDS["translate"])
    for delay in SCHEDULE:
        proc = start(root, *COMMANDS[command])
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        try:
            assert wait_gone(proc.pid, 5.0) == [], f"processes left after a kill at {delay} s"
        finally:
            for pid in session_members(proc.pid):
                os.kill(pid, signal.SIGKILL)
        complete(root, *COMMANDS[command])
        assert_clean(root)
    if command == "build":
        assert sorted((root / "build").rglob("*.md"))


def outputs(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "build").rglob("*.md"))}


def _inode(path: Path) -> int | None:
    try:
        return path.stat().st_ino
    except FileNotFoundError:
        return None


def kill_at_first_replacement(proc: subprocess.Popen[bytes], files: list[Path], seconds: float = 120) -> None:
    """SIGKILL ``proc`` as soon as one of ``files`` is replaced (a new inode: renamed into
    place), or when it has been running for ``seconds``: a kill that lands while the outputs
    are being renamed, however fast or loaded the machine is."""
    inodes = {path: _inode(path) for path in files}
    deadline = time.monotonic() + seconds
    while proc.poll() is None and time.monotonic() < deadline:
        if any(_inode(path) != ino for path, ino in inodes.items()):
            break
    os.kill(proc.pid, signal.SIGKILL)


@pytest.mark.slow
def test_a_killed_build_leaves_every_output_old_or_new_and_complete(tmp_path: Path) -> None:
    # 48 copies of the sample: 96 Markdown outputs, renamed in batches of 64 (fsutil.WriteBatch)
    root = big_project(tmp_path / "project", copies=48)
    complete(root, "extract")
    complete(root, *COMMANDS["translate"])
    complete(root, "build")  # the old outputs: reviewed translations only (none), the source
    old = outputs(root)
    finished = tmp_path / "finished"
    shutil.copytree(root, finished)
    complete(finished, *COMMANDS["build"])  # the new ones: with the drafts
    new = outputs(finished)
    assert old.keys() == new.keys() and all(old[k] != new[k] for k in old)
    mixed = 0  # kills after which some outputs were new and others still old
    for when in ("first rename", 0.7, "first rename", 1.4, "first rename"):
        shutil.rmtree(root / "build")
        shutil.copytree(finished / "build", root / "build")
        for rel, data in old.items():
            (root / rel).write_bytes(data)
        proc = start(root, *COMMANDS["build"])
        if isinstance(when, float):
            time.sleep(when)
            os.kill(proc.pid, signal.SIGKILL)
        else:
            kill_at_first_replacement(proc, [root / rel for rel in old])
        proc.wait()
        now = outputs(root)
        assert now.keys() == old.keys()
        torn = [rel for rel, data in now.items() if data not in (old[rel], new[rel])]
        assert torn == [], f"killed at {when}: neither old nor new: {torn[:3]}"
        seen_new = sum(now[rel] == new[rel] for rel in now)
        mixed += 0 < seen_new < len(now)
        complete(root, *COMMANDS["build"])
        assert outputs(root) == new
        assert_clean(root)
    assert mixed, "no kill landed while build was renaming its outputs"
