"""Extraction benchmark: ``l10n extract`` against po4a and Translate Toolkit on the large corpus.

Every tool turns the same Markdown files into gettext templates, as one whole process. The runs
are interleaved (A B C D A B C D ...) and each figure is the median of ``--runs`` runs. The script
prints Markdown tables:

1. per tool: median wall time (min-max), median CPU time, median peak RSS, entries and unique
   msgids in the output, output files, and wall time relative to po4a;
2. linearity: ``l10n extract`` (or ``--linearity-tool``) on 1/4, 1/2 and all of the corpus, with
   seconds per MB for each (the goal is a constant).

Files that po4a rejects (non-zero exit or a hang, checked one by one and cached) are left out for
every tool and listed. The header gives the digest of ``l10n``'s output tree (every POT and PO
file, creation and revision dates blanked): a change meant only to be faster must keep it.

``--long-block`` measures instead ``l10n extract`` on one generated paragraph on one line, of
1.25, 2.5, 5 and 10 MB (``--long-sizes``), and prints seconds per MB and the growth per doubling
(2.00 is linear). Run ``python benchmarks/extract.py --help`` for the options; the default run
takes a few minutes, ``--long-block`` about one.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

import corpus as corpus_mod
import tools

WORK_DIR = tools.CACHE_DIR / "bench" / "extract"

ToolName = Literal["l10n", "po4a", "tt-md2po", "tt-txt2po"]
TOOL_NAMES: tuple[ToolName, ...] = ("l10n", "po4a", "tt-md2po", "tt-txt2po")

L10N_TOML = """\
source_language = "en"
locales = ["pt_BR"]

[paths]
source = {source}
locales = "locales"
build = "build"
"""

COUNT_SCRIPT = """\
import json, sys, polib
entries = 0
unique = set()
for path in sys.argv[1:]:
    for entry in polib.pofile(path, wrapwidth=0):
        if not entry.obsolete:
            entries += 1
            unique.add(entry.msgid)
print(json.dumps({"entries": entries, "unique": len(unique)}))
"""


@dataclass(frozen=True)
class FileSet:
    """A folder of Markdown files that one measurement reads."""

    label: str
    """Short name: ``full``, ``half`` or ``quarter``."""
    folder: Path
    """Flat folder holding exactly these files (copies of corpus files)."""
    files: tuple[Path, ...]
    """The files, sorted by name."""
    total_bytes: int
    """Sum of their sizes."""


@dataclass(frozen=True)
class Job:
    """One command to measure, and where its output lands."""

    tool: ToolName
    """Which tool runs."""
    fileset: FileSet
    """The input files."""
    argv: tuple[str, ...]
    """The command line."""
    cwd: Path
    """Working directory of the command."""
    output: Path
    """File or folder the command writes; removed before every run."""
    run_dir: Path
    """Folder for this job's output and log; never inside the input folder."""


@dataclass(frozen=True)
class Result:
    """The measurements of one job, and what its output holds."""

    job: Job
    """The job measured."""
    runs: tuple[tools.Measurement, ...]
    """One measurement per run, in order."""
    output_files: int
    """Number of POT/PO files written."""
    entries: int
    """Entries in those files (header and obsolete entries excluded)."""
    unique_msgids: int
    """Distinct msgids across those files."""

    @property
    def failed(self) -> bool:
        """Some run did not exit 0 in time."""
        return any(not m.ok for m in self.runs)

    def median_wall(self) -> float:
        """Median wall seconds over the runs."""
        return tools.median([m.wall_s for m in self.runs])

    def median_cpu(self) -> float:
        """Median CPU seconds over the runs."""
        return tools.median([m.cpu_s for m in self.runs])


# --------------------------------------------------------------------------- inputs


def _copy_set(label: str, files: Sequence[corpus_mod.CorpusFile]) -> FileSet:
    folder = WORK_DIR / "sets" / label
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for f in files:
        shutil.copyfile(f.path, folder / f.path.name)
    paths = tuple(sorted(folder / f.path.name for f in files))
    return FileSet(label, folder, paths, sum(f.size for f in files))


def po4a_rejects(corpus: corpus_mod.Corpus, timeout_s: float) -> dict[str, str]:
    """Map each corpus file name that po4a cannot extract on its own to the reason.

    Each file is run through ``po4a-updatepo`` alone (two at a time); results are cached by
    corpus fingerprint and po4a version.
    """
    version = tools.po4a_version()
    key = hashlib.sha256(f"{corpus.fingerprint} {version} {timeout_s}".encode()).hexdigest()[:16]
    cache = WORK_DIR / f"po4a-rejects-{key}.json"
    if cache.exists():
        loaded: dict[str, str] = json.loads(cache.read_text(encoding="utf-8"))
        return loaded
    po4a = tools.po4a_updatepo(install=False)
    scratch = WORK_DIR / "po4a-check"
    if scratch.exists():
        shutil.rmtree(scratch)
    scratch.mkdir(parents=True)

    def check(f: corpus_mod.CorpusFile) -> tuple[str, str | None]:
        pot = scratch / (f.path.name + ".pot")
        m = tools.run_measured(
            [po4a, "-f", "text", "-o", "markdown", "-M", "UTF-8", "-m", f.path, "-p", pot],
            cwd=corpus.folder, timeout_s=timeout_s, log=scratch / (f.path.name + ".log"),
        )
        if m.timed_out:
            return f.path.name, f"hung (killed after {timeout_s:.0f} s)"
        if m.returncode != 0:
            last = tools.log_tail(m, 3).replace("\n", " ")
            return f.path.name, f"exit {m.returncode}: {last}"
        return f.path.name, None

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(check, corpus.files))
    rejects = {name: why for name, why in outcomes if why is not None}
    cache.write_text(json.dumps(rejects, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    shutil.rmtree(scratch)
    return rejects


def make_sets(corpus: corpus_mod.Corpus, rejects: dict[str, str]) -> dict[str, FileSet]:
    """The common file set (all tools accept it) and its 1/2 and 1/4 subsets by bytes.

    Subsets are prefixes of the files ordered by the SHA-256 of their names, so that each holds a
    deterministic mix of all sources, and the quarter is inside the half.
    """
    common = [f for f in corpus.files if f.path.name not in rejects]
    mixed = sorted(common, key=lambda f: hashlib.sha256(f.path.name.encode()).hexdigest())
    total = sum(f.size for f in common)
    sets = {"full": _copy_set("full", common)}
    for label, fraction in (("half", 0.5), ("quarter", 0.25)):
        chosen: list[corpus_mod.CorpusFile] = []
        size = 0
        for f in mixed:
            if size >= fraction * total:
                break
            chosen.append(f)
            size += f.size
        sets[label] = _copy_set(label, chosen)
    return sets


# --------------------------------------------------------------------------- jobs


def make_job(tool: ToolName, fileset: FileSet, executables: dict[ToolName, Path]) -> Job:
    """The command line for ``tool`` over ``fileset``; its output goes under WORK_DIR/runs."""
    run_dir = WORK_DIR / "runs" / f"{tool}-{fileset.label}"
    run_dir.mkdir(parents=True, exist_ok=True)
    exe = str(executables[tool])
    if tool == "l10n":
        toml = L10N_TOML.format(source=json.dumps(str(fileset.folder)))
        (run_dir / "l10n.toml").write_text(toml, encoding="utf-8")
        return Job(tool, fileset, (exe, "extract"), run_dir, run_dir / "locales", run_dir)
    if tool == "po4a":
        argv = [exe, "-f", "text", "-o", "markdown", "-M", "UTF-8"]
        for path in fileset.files:
            argv += ["-m", path.name]
        argv += ["-p", str(run_dir / "out.pot")]
        return Job(tool, fileset, tuple(argv), fileset.folder, run_dir / "out.pot", run_dir)
    out = run_dir / "out"
    return Job(tool, fileset, (exe, "--progress=none", "-P", "-i", str(fileset.folder),
                               "-o", str(out)), run_dir, out, run_dir)


def _reset(job: Job) -> None:
    if job.output.is_dir():
        shutil.rmtree(job.output)
    elif job.output.exists():
        job.output.unlink()
    if job.tool in ("tt-md2po", "tt-txt2po"):
        job.output.mkdir(parents=True)
    if job.tool == "l10n":
        shutil.rmtree(job.run_dir / "build", ignore_errors=True)


def output_digest(root: Path) -> str:
    """First 16 hex digits of the SHA-256 of every file under ``root`` (path and bytes), with the
    values of ``POT-Creation-Date`` and ``PO-Revision-Date`` blanked: equal for equal output."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        data = re.sub(rb'"(POT-Creation-Date|PO-Revision-Date): [^"\\]*', rb'"\1: ', path.read_bytes())
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + data + b"\0")
    return digest.hexdigest()[:16]


LONG_WORDS = ("the", "report", "said", "officials", "would", "meet", "on", "Monday", "to",
              "discuss", "new", "rules", "for", "markets", "while", "critics", "argued", "that",
              "costs", "rose", "sharply")


def long_paragraph(size: int) -> str:
    """A Markdown article of about ``size`` bytes: a heading and one paragraph on one line, of
    numbered sentences of 6 to 14 words, a tenth with a code span, a tenth with strong emphasis,
    one in twenty with a link (deterministic)."""
    rnd = random.Random(15)
    parts: list[str] = []
    total = 0
    i = 0
    while total < size:
        words = [rnd.choice(LONG_WORDS) for _ in range(rnd.randint(6, 14))]
        words[0] = words[0].capitalize()
        r = rnd.random()
        if r < 0.1:
            words[2] = f"`{words[2]}`"
        elif r < 0.2:
            words[3] = f"**{words[3]}**"
        elif r < 0.25:
            words[1] = f"[{words[1]}](https://example.com/{i})"
        sentence = " ".join(words) + f" {i}" + rnd.choice(".!?.")
        parts.append(sentence)
        total += len(sentence) + 1
        i += 1
    return "# Long\n\n" + " ".join(parts) + "\n"


def long_block(sizes: Sequence[float], runs: int, timeout_s: float) -> int:
    """``l10n extract`` on one paragraph of each size (MB); prints the table; the exit code."""
    exe = tools.l10n_cli()
    jobs = []
    for mb in sizes:
        folder = WORK_DIR / "long" / f"{mb:g}MB"
        source = folder / "source"
        source.mkdir(parents=True, exist_ok=True)
        data = long_paragraph(int(mb * 1e6))
        (source / "long.md").write_text(data, encoding="utf-8")
        run_dir = WORK_DIR / "runs" / f"l10n-long-{mb:g}MB"
        run_dir.mkdir(parents=True, exist_ok=True)
        (run_dir / "l10n.toml").write_text(L10N_TOML.format(source=json.dumps(str(source))),
                                           encoding="utf-8")
        fileset = FileSet(f"{mb:g}MB", source, (source / "long.md",), len(data.encode()))
        jobs.append(Job("l10n", fileset, (str(exe), "extract"), run_dir, run_dir / "locales",
                        run_dir))
    load_before = os.getloadavg()
    results = measure(jobs, runs, timeout_s)
    load_after = os.getloadavg()
    print(f"# One long block: l10n extract on one paragraph on one line ({runs} runs each; "
          "medians)\n")
    print(f"- {tools.l10n_version()}; load average before: "
          f"{', '.join(f'{x:.2f}' for x in load_before)}; after: "
          f"{', '.join(f'{x:.2f}' for x in load_after)} on {os.cpu_count()} CPUs\n")
    print("| MB | sentences | median wall s | wall s/MB | median CPU s | CPU × previous size "
          "| peak RSS MB |")
    print("|---|---|---|---|---|---|---|")
    previous: float | None = None
    for r in results:
        mb = r.job.fileset.total_bytes / 1e6
        if r.failed:
            print(f"| {mb:.2f} | FAILED | | | | | |")
            previous = None
            continue
        growth = f"{r.median_cpu() / previous:.2f}" if previous else "–"
        print(f"| {mb:.2f} | {r.entries} | {r.median_wall():.2f} | {r.median_wall() / mb:.2f} | "
              f"{r.median_cpu():.2f} | {growth} | "
              f"{tools.median([m.peak_rss_mb for m in r.runs]):.0f} |")
        previous = r.median_cpu()
    print("\nEach size doubles the previous one: a CPU growth of 2.00 is linear, 4.00 quadratic.")
    failures = _failure_details(results)
    for text in failures:
        print(text)
    return 1 if failures else 0


def count_entries(job: Job) -> tuple[int, int, int]:
    """(output files, entries, unique msgids) of a job's output, counted in a child process.

    Counting with polib in this process would raise its RSS, and a child's peak RSS as reported
    by ``wait4`` can never be lower than the parent's RSS at fork time.
    """
    root = job.output
    files = [root] if root.is_file() else sorted(root.rglob("*.pot")) if root.exists() else []
    if root.is_dir() and not files:
        files = sorted(root.rglob("*.po"))
    if not files:
        return 0, 0, 0
    proc = subprocess.run([sys.executable, "-c", COUNT_SCRIPT, *map(str, files)],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise tools.BenchmarkError(f"cannot count the entries of {root}: {proc.stderr.strip()[-800:]}")
    counts = json.loads(proc.stdout)
    return len(files), int(counts["entries"]), int(counts["unique"])


def measure(jobs: Sequence[Job], runs: int, timeout_s: float,
            progress: bool = True) -> list[Result]:
    """Run every job ``runs`` times, interleaved, and count the output of the last run."""
    measured: dict[int, list[tools.Measurement]] = {i: [] for i in range(len(jobs))}
    for run in range(runs):
        for i, job in enumerate(jobs):
            if measured[i] and not measured[i][-1].ok:
                continue  # a failed tool is not run again
            _reset(job)
            m = tools.run_measured(job.argv, cwd=job.cwd, timeout_s=timeout_s,
                                   log=job.run_dir / "run.log")
            measured[i].append(m)
            if progress:
                state = "ok" if m.ok else ("TIMEOUT" if m.timed_out else f"exit {m.returncode}")
                print(f"  run {run + 1}/{runs} {job.tool:<10} {job.fileset.label:<8} "
                      f"{m.wall_s:7.2f} s  {m.peak_rss_mb:6.0f} MB  {state}",
                      file=sys.stderr, flush=True)
    results = []
    for i, job in enumerate(jobs):
        counts = count_entries(job) if measured[i][-1].ok else (0, 0, 0)
        results.append(Result(job, tuple(measured[i]), *counts))
    return results


# --------------------------------------------------------------------------- report


def _fmt_command(job: Job) -> str:
    argv = list(job.argv)
    if job.tool == "po4a":
        n = sum(1 for a in argv if a == "-m")
        first = argv.index("-m")
        argv = argv[:first] + ["-m", "FILE", "...", f"({n} files)"] + argv[first + 2 * n:]
    return " ".join(argv)


def table(results: Sequence[Result], baseline: str | None) -> str:
    """The per-tool Markdown table."""
    base_r = next((r for r in results if r.job.tool == baseline and not r.failed), None)
    base = base_r.median_wall() if base_r else None
    base_cpu = base_r.median_cpu() if base_r else None
    lines = [
        ("| tool | median wall s | min–max s | median CPU s | peak RSS MB | entries | "
         "unique msgids | output files | × po4a wall | × po4a CPU |"),
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        walls = [m.wall_s for m in r.runs]
        if r.failed:
            bad = next(m for m in r.runs if not m.ok)
            why = "timed out" if bad.timed_out else f"exit {bad.returncode}"
            lines.append(f"| {r.job.tool} | FAILED ({why}) | | | | | | | | |")
            continue
        ratio = f"{r.median_wall() / base:.2f}" if base else "–"
        ratio_cpu = f"{r.median_cpu() / base_cpu:.2f}" if base_cpu else "–"
        lines.append(
            f"| {r.job.tool} | {r.median_wall():.2f} | {min(walls):.2f}–{max(walls):.2f} | "
            f"{r.median_cpu():.2f} | "
            f"{tools.median([m.peak_rss_mb for m in r.runs]):.0f} | {r.entries} | "
            f"{r.unique_msgids} | {r.output_files} | {ratio} | {ratio_cpu} |"
        )
    return "\n".join(lines)


def linearity_table(results: Sequence[Result]) -> str:
    """The linearity Markdown table: seconds per MB for each subset."""
    lines = [("| tool | input | files | MB | median wall s | wall s/MB | median CPU s | CPU s/MB "
              "| peak RSS MB | entries |"), "|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        mb = r.job.fileset.total_bytes / 1e6
        if r.failed:
            lines.append(f"| {r.job.tool} | {r.job.fileset.label} | {len(r.job.fileset.files)} "
                         f"| {mb:.2f} | FAILED | | | | | |")
            continue
        lines.append(
            f"| {r.job.tool} | {r.job.fileset.label} | {len(r.job.fileset.files)} | {mb:.2f} | "
            f"{r.median_wall():.2f} | {r.median_wall() / mb:.3f} | "
            f"{r.median_cpu():.2f} | {r.median_cpu() / mb:.3f} | "
            f"{tools.median([m.peak_rss_mb for m in r.runs]):.0f} | {r.entries} |"
        )
    return "\n".join(lines)


def _failure_details(results: Sequence[Result]) -> list[str]:
    out = []
    for r in results:
        if r.failed:
            bad = next(m for m in r.runs if not m.ok)
            out.append(f"{r.job.tool} on {r.job.fileset.label} failed; command: "
                       f"{_fmt_command(r.job)}\n  cwd: {r.job.cwd}\n  output tail:\n"
                       + "\n".join("    " + ln for ln in tools.log_tail(bad).splitlines()))
    return out


# --------------------------------------------------------------------------- main


def _executables(selected: Sequence[ToolName], install: bool) -> dict[ToolName, Path]:
    exes: dict[ToolName, Path] = {}
    problems = []
    for tool in selected:
        try:
            if tool == "l10n":
                exes[tool] = tools.l10n_cli()
            elif tool == "po4a":
                exes[tool] = tools.po4a_updatepo(install)
            elif tool == "tt-md2po":
                exes[tool] = tools.translate_toolkit("md2po", install)
            else:
                exes[tool] = tools.translate_toolkit("txt2po", install)
        except tools.ToolMissing as exc:
            problems.append(f"{tool}: {exc}")
    if problems:
        raise tools.BenchmarkError("missing tools:\n" + "\n".join(problems) + "\n(`--tools` chooses "
                             f"which tools run; available: {', '.join(TOOL_NAMES)})")
    return exes


def _versions(selected: Sequence[ToolName]) -> list[str]:
    out = []
    if "l10n" in selected:
        out.append(tools.l10n_version())
    if "po4a" in selected:
        out.append(tools.po4a_version())
    if "tt-md2po" in selected or "tt-txt2po" in selected:
        out.append(tools.translate_toolkit_version())
    return out


def _parse_tools(value: str) -> tuple[ToolName, ...]:
    names = tuple(v.strip() for v in value.split(",") if v.strip())
    bad = [n for n in names if n not in TOOL_NAMES]
    if bad or not names:
        raise argparse.ArgumentTypeError(
            f"unknown tool(s) {', '.join(bad) or '(none)'}; choose from {', '.join(TOOL_NAMES)}")
    return names  # type: ignore[return-value]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per command (median; default 3)")
    parser.add_argument("--tools", type=_parse_tools, default=TOOL_NAMES,
                        help=f"comma-separated tools to compare (default {','.join(TOOL_NAMES)})")
    parser.add_argument("--linearity-tool", choices=(*TOOL_NAMES, "none"), default="l10n",
                        help="tool run on 1/4, 1/2 and the full corpus (default l10n)")
    parser.add_argument("--timeout", type=float, default=600.0,
                        help="seconds before a run is killed (default 600)")
    parser.add_argument("--no-install", dest="install", action="store_false",
                        help="fail instead of installing a missing peer tool")
    parser.add_argument("--json", type=Path, help="also write every measurement to this file")
    parser.add_argument("--long-block", action="store_true",
                        help="measure l10n extract on one long paragraph instead (see --long-sizes)")
    parser.add_argument("--long-sizes", type=lambda v: [float(x) for x in v.split(",")],
                        default=[1.25, 2.5, 5.0, 10.0],
                        help="MB of the paragraphs of --long-block (default 1.25,2.5,5,10)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.long_block:
        try:
            return long_block(args.long_sizes, args.runs, args.timeout)
        except (tools.ToolMissing, tools.BenchmarkError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    selected: tuple[ToolName, ...] = args.tools
    linear: ToolName | None = None if args.linearity_tool == "none" else args.linearity_tool
    needed = tuple(dict.fromkeys((*selected, *([linear] if linear else []), "po4a")))
    try:
        exes = _executables(needed, args.install)
        corpus = corpus_mod.build_large(out=sys.stderr)
        WORK_DIR.mkdir(parents=True, exist_ok=True)
        rejects = po4a_rejects(corpus, timeout_s=60.0)
        sets = make_sets(corpus, rejects)
        versions = _versions(needed)
        floor = tools.run_measured(["/bin/true"]).peak_rss_mb
        load_before = os.getloadavg()
        main_jobs = [make_job(t, sets["full"], exes) for t in selected]
        main_results = measure(main_jobs, args.runs, args.timeout)
        lin_results: list[Result] = []
        if linear is not None:
            lin_jobs = [make_job(linear, sets[s], exes) for s in ("quarter", "half", "full")]
            lin_results = measure(lin_jobs, args.runs, args.timeout)
    except (tools.ToolMissing, corpus_mod.CorpusError, tools.BenchmarkError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    load_after = os.getloadavg()

    full = sets["full"]
    print(f"# Extraction benchmark ({args.runs} runs each, interleaved; medians)\n")
    print(f"- corpus: {len(corpus.files)} files, {corpus.total_bytes} bytes, fingerprint "
          f"{corpus.fingerprint}; measured on the {len(full.files)} files "
          f"({full.total_bytes} bytes) that po4a accepts")
    if rejects:
        print(f"- left out for every tool (po4a rejects them alone): {len(rejects)}")
        for name, why in sorted(rejects.items()):
            print(f"  - {name}: {why}")
    else:
        print("- po4a accepted every file: nothing left out")
    print(f"- versions: {'; '.join(versions)}")
    print(f"- load average (1, 5, 15 min) before: {', '.join(f'{x:.2f}' for x in load_before)}; "
          f"after: {', '.join(f'{x:.2f}' for x in load_after)} on {os.cpu_count()} CPUs "
          "(anything else running inflates wall and CPU times)")
    print(f"- peak RSS floor (the benchmark's own RSS at fork, as reported for /bin/true): "
          f"{floor:.0f} MB")
    for r in main_results:
        if r.job.tool == "l10n" and not r.failed:
            print(f"- l10n output digest (POT and PO files, dates blanked): "
                  f"{output_digest(r.job.output)}")
    print()
    print(table(main_results, "po4a" if "po4a" in selected else None))
    print("\nCommands:\n")
    for r in main_results:
        print(f"- {r.job.tool}: `{_fmt_command(r.job)}` (cwd {r.job.cwd})")
    if lin_results:
        print(f"\n## Linearity: {linear} on 1/4, 1/2 and all of the files\n")
        print(linearity_table(lin_results))
        ok = [r for r in lin_results if not r.failed]
        if len(ok) == len(lin_results):
            wall = [r.median_wall() / (r.job.fileset.total_bytes / 1e6) for r in ok]
            cpu = [r.median_cpu() / (r.job.fileset.total_bytes / 1e6) for r in ok]
            print(f"\ns/MB full ÷ s/MB quarter: wall {wall[-1] / wall[0]:.2f}, "
                  f"CPU {cpu[-1] / cpu[0]:.2f} (1.00 is linear; start-up cost pushes the quarter "
                  "up, super-linear growth pushes the full up)")
    failures = _failure_details([*main_results, *lin_results])
    if failures:
        print("\n## Failures\n")
        for text in failures:
            print(text)
    if args.json:
        payload = {
            "corpus": {"fingerprint": corpus.fingerprint, "files": len(corpus.files),
                       "bytes": corpus.total_bytes, "rejected": rejects},
            "versions": versions,
            "loadavg": {"before": load_before, "after": load_after},
            "results": [
                {"tool": r.job.tool, "set": r.job.fileset.label, "bytes": r.job.fileset.total_bytes,
                 "argv": list(r.job.argv), "entries": r.entries, "unique": r.unique_msgids,
                 "output_files": r.output_files,
                 "runs": [{k: v for k, v in asdict(m).items() if k != "log"} for m in r.runs]}
                for r in [*main_results, *lin_results]
            ],
        }
        args.json.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
