"""Shared helpers for the benchmarks: measure a whole process, find or install the peer tools.

Every measurement is of one whole child process: wall time from the parent's monotonic clock,
CPU time (user + system) and peak resident set size from the ``rusage`` that ``os.wait4``
returns for that child (Linux: it covers the child and any descendants it waited for).

The peer tools are installed on demand and never into the project's virtualenv:

* po4a: the Debian package, through ``apt-get install --no-remove`` (``--no-remove`` makes apt
  refuse rather than remove a package to resolve a conflict);
* Translate Toolkit: ``translate-toolkit[markdown]`` in its own virtualenv
  ``benchmarks/.cache/venv-tt``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
CACHE_DIR = BENCH_DIR / ".cache"
TT_VENV = CACHE_DIR / "venv-tt"

TT_REQUIREMENTS = ("translate-toolkit[markdown]==3.20.4", "mistletoe==1.6.0")
"""Pinned Translate Toolkit with its Markdown parser, as in the research anchor benchmark."""


class ToolMissing(Exception):
    """A tool the benchmark needs is not installed and could not be installed."""



class BenchmarkError(Exception):
    """A benchmark cannot run; the message says why and what to do."""


@dataclass(frozen=True)
class Measurement:
    """Resources used by one run of one command."""

    wall_s: float
    """Elapsed wall-clock seconds, from just before the fork to the reaping of the child."""
    cpu_s: float
    """User plus system CPU seconds of the child and the descendants it waited for."""
    peak_rss_kib: int
    """Largest resident set size of the child or a waited-for descendant, in KiB."""
    returncode: int
    """Exit code; negative for a signal, as in :mod:`subprocess`."""
    timed_out: bool
    """True if the process group was killed after the time limit."""
    log: Path | None
    """File holding the child's combined stdout and stderr, if one was requested."""

    @property
    def ok(self) -> bool:
        """The command finished in time and exited 0."""
        return self.returncode == 0 and not self.timed_out

    @property
    def peak_rss_mb(self) -> float:
        """Peak RSS in MB (10^6 bytes)."""
        return self.peak_rss_kib * 1024 / 1e6


def run_measured(
    argv: Sequence[str | os.PathLike[str]],
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    timeout_s: float = 600.0,
    log: Path | None = None,
) -> Measurement:
    """Run ``argv`` as its own process group, wait for it with ``os.wait4`` and measure it.

    Output goes to ``log`` (or is discarded). After ``timeout_s`` the whole group is killed.
    ``PYTHONDONTWRITEBYTECODE`` is never passed on (Python tools run with cached bytecode).

    Peak memory: a child's ``ru_maxrss`` starts at its parent's high-water mark (Linux carries
    it over ``exec``), so a large benchmark process would inflate every tool's number. The
    command therefore runs under GNU ``time``, whose own child starts from a small process; its
    ``%M`` is the peak reported.
    """
    killed = threading.Event()
    sink = open(log, "wb") if log is not None else subprocess.DEVNULL  # noqa: SIM115
    gnu_time = shutil.which("time", path="/usr/bin:/bin")
    peak_file = None
    command = [os.fspath(a) for a in argv]
    # Every Python tool runs as installed, with its modules' bytecode cached (pip compiles it on
    # install), whatever the calling shell says: PYTHONDONTWRITEBYTECODE=1 would make each run
    # compile every module again (about 60 ms for l10n), which no user pays.
    env = {k: v for k, v in (os.environ if env is None else env).items()
           if k != "PYTHONDONTWRITEBYTECODE"}
    if gnu_time is not None:
        import tempfile

        handle, name = tempfile.mkstemp(prefix="l10n-bench-", suffix=".rss")
        os.close(handle)
        peak_file = Path(name)
        command = [gnu_time, "-q", "-f", "%M", "-o", name, *command]
    try:
        start = time.perf_counter()
        proc = subprocess.Popen(
            command, cwd=cwd, env=env,
            stdin=subprocess.DEVNULL, stdout=sink, stderr=subprocess.STDOUT,
            start_new_session=True,
        )

        def kill_group() -> None:
            killed.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout_s, kill_group)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    finally:
        if log is not None:
            sink.close()  # type: ignore[union-attr]
    peak = usage.ru_maxrss
    if peak_file is not None:
        try:
            peak = int(peak_file.read_text(encoding="ascii").split()[-1])
        except (OSError, ValueError, IndexError):
            pass
        finally:
            peak_file.unlink(missing_ok=True)
    return Measurement(
        wall_s=wall,
        cpu_s=usage.ru_utime + usage.ru_stime,
        peak_rss_kib=peak,
        returncode=proc.returncode,
        timed_out=killed.is_set(),
        log=log,
    )


def log_tail(measurement: Measurement, lines: int = 15) -> str:
    """The last ``lines`` lines of a measurement's log, for error messages."""
    if measurement.log is None or not measurement.log.exists():
        return "(no output captured)"
    text = measurement.log.read_text(encoding="utf-8", errors="replace")
    return "\n".join(text.splitlines()[-lines:])


def median(values: Sequence[float]) -> float:
    """Median of a non-empty sequence."""
    return float(statistics.median(values))


# --------------------------------------------------------------------------- the tools


def _capture(argv: Sequence[str | os.PathLike[str]]) -> str:
    proc = subprocess.run([os.fspath(a) for a in argv], capture_output=True, text=True,
                          check=False, stdin=subprocess.DEVNULL)
    return (proc.stdout + proc.stderr).strip()


def po4a_updatepo(install: bool) -> Path:
    """Path of ``po4a-updatepo``; installs Debian's po4a first if allowed and missing.

    ``po4a-gettextize`` is not usable for extraction: since po4a 0.58 it insists on one ``-l``
    translated file per master. ``po4a-updatepo`` builds a POT from masters alone.
    """
    found = shutil.which("po4a-updatepo")
    if found is None and install:
        if os.geteuid() != 0:
            raise ToolMissing("po4a is not installed and installing it needs root: "
                              "run `sudo apt-get install --no-remove po4a`.")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for argv in (["apt-get", "update", "-qq"],
                     ["apt-get", "install", "-y", "-qq", "--no-remove", "po4a"]):
            proc = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
            if proc.returncode != 0:
                raise ToolMissing(f"`{' '.join(argv)}` failed:\n{proc.stderr.strip()[-1500:]}")
        found = shutil.which("po4a-updatepo")
    if found is None:
        raise ToolMissing("po4a-updatepo not found: install Debian's po4a "
                          "(`apt-get install --no-remove po4a`) or rerun without --no-install.")
    return Path(found)


def po4a_version() -> str:
    """po4a's version line, e.g. ``po4a-updatepo version 0.69.``."""
    return _capture([po4a_updatepo(install=False), "--version"]).splitlines()[0]


def translate_toolkit(command: str, install: bool) -> Path:
    """Path of a Translate Toolkit console script (``md2po``, ``txt2po``) in its own venv."""
    script = TT_VENV / "bin" / command
    if not script.exists() and install:
        base = getattr(sys, "_base_executable", sys.executable)
        if not (TT_VENV / "bin" / "python").exists():
            proc = subprocess.run([base, "-m", "venv", str(TT_VENV)], capture_output=True,
                                  text=True, check=False)
            if proc.returncode != 0:
                raise ToolMissing(f"cannot create {TT_VENV}: {proc.stderr.strip()[-1500:]}")
        proc = subprocess.run(
            [str(TT_VENV / "bin" / "python"), "-m", "pip", "install", "-q",
             "--disable-pip-version-check", *TT_REQUIREMENTS],
            capture_output=True, text=True, check=False,
        )
        if proc.returncode != 0:
            raise ToolMissing(f"pip install {' '.join(TT_REQUIREMENTS)} into {TT_VENV} failed:\n"
                              f"{proc.stderr.strip()[-1500:]}")
    if not script.exists():
        raise ToolMissing(f"{script} not found: rerun without --no-install, or create the venv "
                          f"with `python -m venv {TT_VENV} && {TT_VENV}/bin/pip install "
                          + " ".join(f"'{r}'" for r in TT_REQUIREMENTS) + "`.")
    return script


def translate_toolkit_version() -> str:
    """Installed versions of translate-toolkit and mistletoe in the venv."""
    code = ("from importlib.metadata import version as v; "
            "print('translate-toolkit', v('translate-toolkit'), '+ mistletoe', v('mistletoe'))")
    return _capture([TT_VENV / "bin" / "python", "-c", code])


def l10n_cli() -> Path:
    """Path of the project's ``l10n`` script, checked to run ``l10n extract --help``."""
    candidates = [Path(sys.executable).parent / "l10n", REPO_DIR / ".venv" / "bin" / "l10n"]
    script = next((c for c in candidates if c.exists()), None)
    if script is None:
        raise ToolMissing("the l10n console script was not found next to this Python nor in "
                          f"{REPO_DIR / '.venv' / 'bin'}: run `pip install -e .` in the project venv.")
    proc = subprocess.run([str(script), "extract", "--help"], capture_output=True, text=True,
                          check=False, stdin=subprocess.DEVNULL)
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-8:])
        raise ToolMissing(f"`{script} extract --help` fails (exit {proc.returncode}), so the l10n "
                          f"CLI is not usable yet:\n{tail}")
    return script


def l10n_version() -> str:
    """The installed l10n package version."""
    script = l10n_cli()
    python = script.parent / "python"
    return "l10n " + _capture([python, "-c", "import l10n; print(l10n.__version__)"])
