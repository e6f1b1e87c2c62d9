"""Merge benchmark: ``l10n`` against ``msgmerge --previous``, Translate Toolkit ``pot2po`` and
Babel ``pybabel update``, on a catalog with a known ground truth.

The data (``merge_data.py``): 27,580 translated sentences of real documentation (Node.js and
Python docs from Debian packages), and a new template where 10 % of them are lightly edited, 5 %
removed and 5 % added. Every tool runs as a whole process (load, merge, save), measured with
``os.wait4`` (wall, CPU; ``tools.run_measured``) and GNU ``time`` (peak RSS). Its output is
read back with
``l10n.po.load_po`` and scored against the ground truth:

- *edited -> right*: edited sentences that got the translation of the sentence they came from
  (the recall that matters); *edited -> fuzzy*: that got any translation as fuzzy;
- *added -> fuzzy*: genuinely new sentences that were given some other sentence's translation
  (wrong fuzzies); *precision*: right fuzzies over all fuzzies;
- *unchanged kept*: unchanged sentences still translated, not fuzzy, same msgstr.

Babel's fuzzy matching (``difflib`` over every msgid) is too slow for the full catalog (> 900 s
in the research anchor), so every tool also runs on a 5,000-entry case built the same way.

Results are cached per tool and data fingerprint under ``benchmarks/.cache/merge-runs/``, so an
interrupted run resumes; ``--fresh`` measures again. Each tool runs ``--runs`` times (default
3) and the run of median wall time is shown; a run over 10 s is not repeated. One run measures 5,000, 10,000, 20,000 and
30,000 entries (``--sizes`` picks others, up to the corpus's 85,429 sentences / 1.05; each
case built by ``merge_data.build``) and ends with one table of every tool's wall time over msgmerge's per
size. ``--quick`` runs the 5,000-entry case only.

    .venv/bin/python benchmarks/merge.py --fresh [--quick] [--tools l10n,msgmerge,pot2po,babel]

Measured 2026-11-25 on the 2-core machine (other jobs running: load 1.8-3.5), full case of
27,580 entries (2,758 edited, 1,379 added):

| tool | wall s | peak RSS MB | x msgmerge | edited -> right entry | added -> fuzzy (wrong) |
|---|---|---|---|---|---|
| l10n (load 2.4 s, merge 1.35 s, save 5.1 s) | 9.1 | 146 | 0.036 | 99.78 % | 9.79 % |
| msgmerge --previous 0.21 | 255.5 | 87 | 1.0 | 99.31 % | 60.26 % |
| pot2po 3.20.4 + RapidFuzz | 82.0 | 241 | 0.32 | 97.14 % | 27.77 % |
| pybabel update 2.18 (5,000-entry case; invalid PO) | 516.1 | 37 | 40.7 (of 12.7 s) | 99.40 % | 59.20 % |

Peer tools: GNU gettext from Debian; ``translate-toolkit[levenshtein]`` (RapidFuzz) and Babel in
their own virtualenv ``benchmarks/.cache/venv``, created on first use (never the project's).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

import merge_data
from tools import Measurement, log_tail, run_measured

VENV = merge_data.CACHE / "venv"
PEER_REQUIREMENTS = ("translate-toolkit[levenshtein]==3.20.4", "rapidfuzz==3.14.6", "babel==2.18.0")
"""Pinned peers, as in the research anchor benchmark (RapidFuzz is pot2po's fast matcher)."""

RUNS = merge_data.CACHE / "merge-runs"
FULL_SIZE = 27_580
"""The full case of earlier reports (``--sizes 27580``)."""
SMALL_SIZE = 5_000
SIZES = (SMALL_SIZE, 10_000, 20_000, 30_000)
"""The sizes of one default run: everyday catalogs up to the largest case."""
TOOLS = ("l10n", "msgmerge", "pot2po", "babel")
DEFAULT_TIMEOUT_S = 2400.0
REPEAT_BELOW_S = 10.0
"""``--runs`` repeats only runs shorter than this: a second of noise matters to a run of a
third of a second, not to one of minutes."""


def ensure_peers() -> None:
    """Create the peers' virtualenv with pinned translate-toolkit, RapidFuzz and Babel."""
    if (VENV / "bin" / "pot2po").exists() and (VENV / "bin" / "pybabel").exists():
        return
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", str(VENV)], check=True)
    subprocess.run(
        [
            str(VENV / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            *PEER_REQUIREMENTS,
        ],
        check=True,
    )


def command(tool: str, data: merge_data.Dataset, out: Path) -> list[str]:
    """The whole-process command line of ``tool`` merging ``data`` into ``out``."""
    if tool == "l10n":
        return [
            sys.executable,
            str(Path(__file__).resolve().with_name("merge_l10n.py")),
            str(data.old),
            str(data.new),
            str(out),
        ]
    if tool == "msgmerge":
        return ["msgmerge", "-q", "--previous", "-o", str(out), str(data.old), str(data.new)]
    if tool == "pot2po":
        return [
            str(VENV / "bin" / "pot2po"),
            "--progress=none",
            "-t",
            str(data.old),
            "-i",
            str(data.new),
            "-o",
            str(out),
        ]
    if tool == "babel":
        shutil.copyfile(data.old, out)  # pybabel updates the -o file in place
        return [
            str(VENV / "bin" / "pybabel"),
            "-q",
            "update",
            "--previous",
            "-l",
            "xx",
            "-i",
            str(data.new),
            "-o",
            str(out),
        ]
    raise SystemExit(f"unknown tool {tool!r}; choose from {', '.join(TOOLS)}")


_BABEL_DUMP = """
import json, sys
from babel.messages.pofile import read_po
with open(sys.argv[1], "rb") as handle:
    catalog = read_po(handle)
rows = []
for message, obsolete in [(m, False) for m in catalog] + [(m, True) for m in catalog.obsolete.values()]:
    if not message.id:
        continue
    previous = message.previous_id[0] if message.previous_id else None
    text = message.string if isinstance(message.string, str) else message.string[0]
    rows.append([message.id if isinstance(message.id, str) else message.id[0], text,
                 message.fuzzy, previous, obsolete])
print(json.dumps(rows))
"""


@dataclass(frozen=True)
class Row:
    """What the scoring needs of one output entry."""

    msgid: str
    """The entry's msgid."""
    msgstr: str
    """Its translation (first form)."""
    fuzzy: bool
    """Flagged fuzzy."""
    previous_msgid: str | None
    """The ``#|`` previous msgid."""
    obsolete: bool
    """A ``#~`` entry."""


def read_rows(tool: str, out: Path) -> tuple[list[Row], str | None]:
    """The output's entries through ``load_po``; a file it refuses is reported as invalid and,
    for Babel, read with Babel's own reader so that its matches can still be scored."""
    from l10n.errors import PoSyntaxError
    from l10n.po import load_po

    try:
        po = load_po(out)
    except PoSyntaxError as exc:
        invalid = str(exc).replace(str(out), out.name)[:120]
        if tool != "babel":
            return [], invalid
        dump = subprocess.run(
            [str(VENV / "bin" / "python"), "-c", _BABEL_DUMP, str(out)],
            capture_output=True,
            text=True,
            check=True,
        )
        return [Row(*row) for row in json.loads(dump.stdout)], invalid
    rows = [Row(e.msgid, e.msgstr, e.fuzzy, e.previous_msgid, e.obsolete) for e in po]
    return rows, None


def score(data: merge_data.Dataset, tool: str, out: Path) -> dict[str, object]:
    """Compare a tool's output with the ground truth."""
    from l10n.po import load_po

    truth = json.loads(data.truth.read_text())
    old = {e.msgid: e.msgstr for e in load_po(data.old)}
    po, invalid = read_rows(tool, out)
    counts: dict[str, object] = dict.fromkeys(
        [
            "translated",
            "fuzzy",
            "untranslated",
            "obsolete",
            "unchanged_kept",
            "edited_fuzzy",
            "edited_right",
            "edited_previous",
            "added_fuzzy",
            "unknown",
        ],
        0,
    )
    if invalid is not None:
        counts["invalid"] = invalid
        if not po:
            return counts
    c: dict[str, int] = {k: 0 for k in counts if k != "invalid"}
    for entry in po:
        if entry.obsolete:
            c["obsolete"] += 1
            continue
        has_text = bool(entry.msgstr)
        c[
            "fuzzy" if has_text and entry.fuzzy else "translated" if has_text else "untranslated"
        ] += 1
        info = truth["new"].get(entry.msgid)
        if info is None:
            c["unknown"] += 1
        elif info["class"] == "unchanged":
            c["unchanged_kept"] += has_text and not entry.fuzzy and entry.msgstr == old[info["old"]]
        elif info["class"] == "edited" and has_text and entry.fuzzy:
            c["edited_fuzzy"] += 1
            c["edited_right"] += entry.msgstr == old[info["old"]]
            c["edited_previous"] += entry.previous_msgid == info["old"]
        elif info["class"] == "added" and has_text:
            c["added_fuzzy"] += 1
    counts.update(c)
    return counts


def measure(
    tool: str, data: merge_data.Dataset, *, fresh: bool, timeout_s: float, runs: int = 1
) -> dict[str, object]:
    """Run (or reuse the cached result of) one tool on one dataset: ``runs`` times, the run of
    median wall time kept, except that a run over :data:`REPEAT_BELOW_S` (or a failed one) is
    not repeated."""
    folder = RUNS / f"{data.n_old}-{data.fingerprint}"
    folder.mkdir(parents=True, exist_ok=True)
    cached = folder / f"{tool}.json"
    out = folder / f"{tool}.po"
    if cached.exists() and not fresh:
        result = json.loads(cached.read_text())
        if result["ok"]:
            result["scores"] = score(data, tool, out)
        return dict(result)
    out.unlink(missing_ok=True)
    argv = command(tool, data, out)
    # Peak RSS through GNU time: the rusage of a forked child starts at the parent's own RSS
    # (the pages it shares before exec), so run_measured's figure has this process as a floor.
    rss_file = folder / f"{tool}.rss"
    timed = ["/usr/bin/time", "-f", "%M", "-o", str(rss_file), *argv]
    done: list[Measurement] = []
    while len(done) < runs:
        done.append(run_measured(timed, timeout_s=timeout_s, log=folder / f"{tool}.log"))
        if not done[-1].ok or done[-1].wall_s > REPEAT_BELOW_S:
            break
    m = sorted(done, key=lambda run: run.wall_s)[len(done) // 2]
    rss_lines = rss_file.read_text().split() if rss_file.exists() else []
    peak_mb = (
        int(rss_lines[-1]) * 1024 / 1e6 if rss_lines and rss_lines[-1].isdigit() else m.peak_rss_mb
    )
    result: dict[str, object] = {
        "tool": tool,
        "wall_s": m.wall_s,
        "cpu_s": m.cpu_s,
        "runs_wall_s": [run.wall_s for run in done],
        "peak_rss_mb": peak_mb,
        "ok": m.ok,
        "timed_out": m.timed_out,
        "load_avg": os.getloadavg()[0],
        "argv": argv,
    }
    if m.ok:
        result["scores"] = score(data, tool, out)
        if tool == "l10n":
            result["internal"] = json.loads(
                (folder / "l10n.log").read_text().strip().splitlines()[-1]
            )
    else:
        result["error"] = "timed out" if m.timed_out else log_tail(m, 5)
    cached.write_text(json.dumps(result, indent=1) + "\n")
    return result


def table(data: merge_data.Dataset, results: Sequence[dict[str, object]]) -> str:
    """A Markdown table of the results on one dataset, with wall-time ratios against msgmerge."""
    c = data.counts
    base = next((r["wall_s"] for r in results if r["tool"] == "msgmerge" and r["ok"]), None)
    lines = [
        (
            f"#### {data.n_old:,} translated entries (data {data.fingerprint}): "
            f"unchanged {c['unchanged']}, edited {c['edited']}, added {c['added']}, "
            f"removed {c['removed']}"
        ),
        "",
        (
            "| tool | wall s | CPU s | peak RSS MB | x msgmerge | translated | fuzzy "
            "| untranslated "
            "| obsolete | unchanged kept | edited -> fuzzy | edited -> right entry "
            "| added -> fuzzy (wrong) | fuzzy precision |"
        ),
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]

    def pct(a: float, b: float) -> str:
        return f"{100 * a / b:.2f} %" if b else "-"

    notes: list[str] = []
    for r in results:
        name = str(r["tool"])
        if not r["ok"]:
            lines.append(
                f"| {name} | {'> ' if r['timed_out'] else ''}{r['wall_s']:.1f} | | | | "
                f"{r.get('error', '')!s:.60} | | | | | | | | |"
            )
            continue
        ratio = f"{r['wall_s'] / base:.3f}" if base else "-"
        s = r["scores"]
        assert isinstance(s, dict)
        if "invalid" in s and "translated" not in s:
            lines.append(
                f"| {name} | {r['wall_s']:.2f} | {r['cpu_s']:.2f} "
                f"| {r['peak_rss_mb']:.0f} | {ratio} | "
                f"invalid PO: {s['invalid']!s:.80} | | | | | | | | |"
            )
            continue
        precision = pct(s["edited_right"], s["fuzzy"])
        if "invalid" in s:
            name += " (invalid PO, read with Babel)"
            notes.append(f"{r['tool']}: load_po refuses its output: {s['invalid']}")
        lines.append(
            f"| {name} | {r['wall_s']:.2f} | {r['cpu_s']:.2f} | {r['peak_rss_mb']:.0f} | {ratio} | "
            f"{s['translated']} | {s['fuzzy']} | {s['untranslated']} | {s['obsolete']} | "
            f"{s['unchanged_kept']} | {pct(s['edited_fuzzy'], c['edited'])} | "
            f"{s['edited_right']} ({pct(s['edited_right'], c['edited'])}) | "
            f"{s['added_fuzzy']} ({pct(s['added_fuzzy'], c['added'])}) | {precision} |"
        )
    loads = ", ".join(f"{r['tool']} {r.get('load_avg', 0):.1f}" for r in results)
    repeated = [(r["tool"], r.get("runs_wall_s")) for r in results]
    walls = "; ".join(
        f"{tool} " + ", ".join(f"{w:.2f}" for w in runs)
        for tool, runs in repeated if isinstance(runs, list) and len(runs) > 1
    )
    lines += ["", f"Load average (1 min) when each run ended: {loads}.", *notes]
    if walls:
        lines.append(f"Wall s of each run (the median is shown): {walls}.")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="only the 5,000-entry case")
    parser.add_argument(
        "--fresh", action="store_true", help="measure again, ignoring cached results"
    )
    parser.add_argument(
        "--tools", default=",".join(TOOLS), help=f"comma-separated subset of {','.join(TOOLS)}"
    )
    parser.add_argument(
        "--sizes",
        default=",".join(map(str, SIZES)),
        help="comma-separated entry counts of the cases",
    )
    parser.add_argument(
        "--babel-full", action="store_true", help="also run Babel above 5,000 entries"
    )
    parser.add_argument(
        "--timeout", type=float, default=DEFAULT_TIMEOUT_S, help="seconds per tool run"
    )
    parser.add_argument(
        "--runs", type=int, default=3,
        help=f"runs per tool and size, the median wall time kept (runs over {REPEAT_BELOW_S:.0f} s"
        " are not repeated; default 3)",
    )
    args = parser.parse_args(argv)
    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    for tool in tools:
        if tool not in TOOLS:
            raise SystemExit(f"unknown tool {tool!r}; choose from {', '.join(TOOLS)}")
    if not shutil.which("msgmerge"):
        raise SystemExit("GNU msgmerge not found: apt-get install gettext")
    if {"pot2po", "babel"} & set(tools):
        ensure_peers()
    sizes = [SMALL_SIZE] if args.quick else [int(n) for n in args.sizes.split(",") if n.strip()]
    cases = [merge_data.build(size) for size in sizes]
    print(f"# Merge benchmark ({time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores)\n")
    print("Packages: " + ", ".join(sorted(p.name for p in merge_data.CACHE.glob("*.deb"))) + "\n")
    summary: list[tuple[int, Sequence[dict[str, object]]]] = []
    for data in cases:
        results = []
        for tool in tools:
            if tool == "babel" and data.n_old > SMALL_SIZE and not args.babel_full:
                continue
            print(f"... {tool} on {data.n_old:,} entries", file=sys.stderr, flush=True)
            results.append(measure(tool, data, fresh=args.fresh, timeout_s=args.timeout,
                                   runs=max(1, args.runs)))
        print(table(data, results) + "\n", flush=True)
        summary.append((data.n_old, results))
    print(ratios(summary))


def ratios(summary: Sequence[tuple[int, Sequence[dict[str, object]]]]) -> str:
    """One table of every tool's wall time over msgmerge's, a column per size."""
    tools = list(dict.fromkeys(str(r["tool"]) for _, results in summary for r in results))
    lines = [
        "#### Wall time x msgmerge --previous, per size",
        "",
        "| tool | " + " | ".join(f"{n:,}" for n, _ in summary) + " |",
        "|---|" + "---|" * len(summary),
    ]
    for tool in tools:
        cells = []
        for _, results in summary:
            by_tool = {str(r["tool"]): r for r in results}
            base, mine = by_tool.get("msgmerge"), by_tool.get(tool)
            if base is None or mine is None or not base["ok"] or not mine["ok"]:
                cells.append("-")
                continue
            wall, base_wall = mine["wall_s"], base["wall_s"]
            assert isinstance(wall, float) and isinstance(base_wall, float)
            cells.append(f"{wall / base_wall:.3f} ({wall:.2f} s)")
        lines.append(f"| {tool} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
