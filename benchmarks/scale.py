"""Scale benchmark: every command on a generated newsroom project, and how it grows.

A project of N articles is generated from the real articles of ``tests/data/articles`` (see its
PROVENANCE.tsv), each copy varied so that no two articles are equal (a number, a date and a word
changed per copy, as a desk's daily stories differ), with ``--locales`` locales. For each size
of ``--sizes`` the script runs, each as one whole process measured by ``tools.run_measured``:

``extract``          first extraction (templates and catalogs created);
``extract (no-op)``  the same again, nothing changed: the goal is the cost of reading the files;
``translate``        ``l10n translate --engine pseudo`` (every entry drafted, no network);
``translate (no-op)`` the same again: every catalog is complete and unchanged, none is read;
``build``            ``l10n build --include-drafts``;
``build (no-op)``    the same again (the no-op runs skip through ``.l10n/state/``);
``status``           ``l10n status --json``;
``review``           ``l10n review`` (split beyond 50 articles: an index and a page per article).

``--steps`` picks some of them by name (``extract extract-noop``...); a picked step that needs
the project an earlier step leaves (``build`` needs ``extract`` and ``translate``) gets those
earlier steps run first, unmeasured. ``--cli`` measures another installation's ``l10n`` script
(an older checkout's, to compare old and new side by side).

It prints a Markdown table per size (wall, CPU, peak RSS), the no-op / first run ratio of
extract, translate and build, and a growth table: time and memory at
the largest size divided by the smallest, against the ratio of sizes (linear growth is 1.0 of
it). Generated sources are kept under ``benchmarks/.cache/bench/scale/`` (or ``--work-dir``)
and reused by the next run (``locales/``, ``build/`` and ``.l10n/`` are removed before
measuring, so every run starts from the sources alone); ``--fresh`` regenerates them.

Run: ``.venv/bin/python benchmarks/scale.py --sizes 1000 10000 --locales 5``; extraction only:
``... --steps extract extract-noop``.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import tools

ARTICLES = Path(__file__).resolve().parent.parent / "tests" / "data" / "articles"
WORK_DIR = tools.CACHE_DIR / "bench" / "scale"
LOCALES = ("pt_BR", "de", "fr", "es", "ja")



@dataclass(frozen=True)
class Step:
    """One measured command."""

    label: str
    """Its name in the tables."""
    args: tuple[str, ...]
    """The ``l10n`` arguments."""
    prepares: bool
    """Whether a later step needs the project this one leaves (a no-op run or a report does
    not change it)."""

    @property
    def name(self) -> str:
        """Its name for ``--steps``: ``extract (no-op)`` -> ``extract-noop``."""
        return self.label.replace(" (no-op)", "-noop")


STEPS: tuple[Step, ...] = (
    Step("extract", ("extract",), True),
    Step("extract (no-op)", ("extract",), False),
    Step("translate", ("translate", "--engine", "pseudo"), True),
    Step("translate (no-op)", ("translate", "--engine", "pseudo"), False),
    Step("build", ("build", "--include-drafts"), True),
    Step("build (no-op)", ("build", "--include-drafts"), False),
    Step("status", ("status", "--json"), False),
    Step("review", ("review",), False),
)
"""Each command, in order; every one runs on the project the previous one left."""

_NUMBER = re.compile(r"(?<![\d:/.-])\b\d{1,4}\b(?![:/.-]?\d)")
"""A number that is not part of a date, a time or a version (those must stay valid)."""
_WORD = re.compile(r"\b(the|and|for|with|this)\b")


def _sources() -> list[Path]:
    return sorted(p for p in ARTICLES.iterdir()
                  if p.suffix in (".md", ".markdown", ".txt") and p.name != "LICENSES.txt")


def _vary(text: str, copy: int, rng: random.Random) -> str:
    """``text`` as copy number ``copy``: its numbers shifted, one common word swapped per copy,
    so every copy has messages of its own and many shared with the others (as real desks do)."""
    shifted = _NUMBER.sub(lambda m: str(int(m.group(0)) + copy), text, count=3)
    word = rng.choice(("the", "and", "for", "with", "this"))
    return _WORD.sub(lambda m: m.group(0) if m.group(0) != word else word.upper(), shifted, count=1)


_GENERATED = ".generated"
"""Marker file of a complete generated project: the generator's parameters."""
_GENERATOR = 2
"""Version of :func:`generate`'s output: a project made by another version is made again."""
_DESK = 500
"""Articles per folder of ``source/`` (``desk000/``, ``desk001/``...)."""


def generate(root: Path, size: int, locales: int, *, fresh: bool = False) -> None:
    """A project of ``size`` articles and ``locales`` locales at ``root``: the one already
    there when it was generated complete with these parameters (and not ``fresh``), with its
    ``locales/`` and ``build/`` removed; else made again."""
    sources = _sources()
    stamp = f"{_GENERATOR} {size} {locales} {len(sources)}\n"
    marker = root / _GENERATED
    if not fresh and marker.is_file() and marker.read_text(encoding="utf-8") == stamp:
        for made in ("locales", "build", ".l10n"):
            shutil.rmtree(root / made, ignore_errors=True)
        return
    if root.exists():
        shutil.rmtree(root)
    rng = random.Random(size)
    texts = [p.read_text(encoding="utf-8") for p in sources]
    for desk in range(0, size, _DESK):
        folder = root / "source" / f"desk{desk // _DESK:03d}"
        folder.mkdir(parents=True)
        for i in range(desk, min(size, desk + _DESK)):
            path = sources[i % len(sources)]
            data = _vary(texts[i % len(sources)], i // len(sources), rng).encode("utf-8")
            with open(folder / f"{path.stem}-{i:05d}{path.suffix}", "wb") as handle:
                handle.write(data)
    chosen = ", ".join(f'"{code}"' for code in LOCALES[:locales])
    (root / "l10n.toml").write_text(
        f'source_language = "en"\nlocales = [{chosen}]\n\n[translate]\nmemory = false\n',
        encoding="utf-8")
    marker.write_text(stamp, encoding="utf-8")


def plan(names: list[str]) -> list[tuple[Step, bool]]:
    """The steps to run for the picked ``names`` (every step when empty), in order, each with
    whether it is measured: a picked step, or an earlier one that prepares a picked one."""
    picked = {s.name for s in STEPS} if not names else set(names)
    last = max(i for i, s in enumerate(STEPS) if s.name in picked)
    return [(s, s.name in picked) for s in STEPS[:last + 1] if s.name in picked or s.prepares]


def measure(root: Path, steps: list[tuple[Step, bool]], cli: Path,
            timeout_s: float) -> list[tuple[str, tools.Measurement]]:
    """The ``steps`` on the project at ``root``; the measurements of the measured ones."""
    out = []
    for step, measured in steps:
        log = root / f"{step.name}.log"
        found = tools.run_measured([cli, "-C", root, *step.args], timeout_s=timeout_s, log=log)
        if not found.ok:
            raise tools.BenchmarkError(f"{step.label} failed on {root}:\n{tools.log_tail(found)}")
        if measured:
            out.append((step.label, found))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000],
                        help="project sizes in articles (default: 1000 10000)")
    parser.add_argument("--locales", type=int, default=5, choices=range(1, len(LOCALES) + 1),
                        help="number of locales (default: 5)")
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds per command")
    parser.add_argument("--work-dir", type=Path, default=WORK_DIR,
                        help=f"where the projects are generated (default: {WORK_DIR})")
    parser.add_argument("--fresh", action="store_true", help="generate the projects again")
    parser.add_argument("--steps", nargs="+", default=[], metavar="STEP",
                        choices=[s.name for s in STEPS],
                        help="measure only these steps: " + ", ".join(s.name for s in STEPS))
    parser.add_argument("--cli", type=Path, default=None,
                        help="the l10n script to measure (default: this checkout's)")
    args = parser.parse_args(argv)
    cli = args.cli or tools.l10n_cli()
    steps = plan(args.steps)
    results: dict[int, list[tuple[str, tools.Measurement]]] = {}
    for size in sorted(args.sizes):
        root = args.work_dir / f"{size}-articles-{args.locales}-locales"
        print(f"generating {size} articles, {args.locales} locales in {root} ...", file=sys.stderr)
        generate(root, size, args.locales, fresh=args.fresh)
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        results[size] = measure(root, steps, cli, args.timeout)
        print(f"\n### {size} articles, {args.locales} locales\n")
        print("| command | wall | CPU | peak RSS |\n|---|---|---|---|")
        for label, m in results[size]:
            print(f"| {label} | {m.wall_s:.2f} s | {m.cpu_s:.2f} s | {m.peak_rss_mb:.0f} MB |")
        timed = dict(results[size])
        print("\n| no-op / first run | wall | CPU |\n|---|---|---|")
        for step in ("extract", "translate", "build"):
            first, noop = timed.get(step), timed.get(f"{step} (no-op)")
            if first and noop and first.wall_s and first.cpu_s:
                print(f"| {step} | {noop.wall_s / first.wall_s:.2f}x | "
                      f"{noop.cpu_s / first.cpu_s:.2f}x |")
        print(f"\n{cli}; load average before the run: {load}")
    if len(results) > 1:
        small, large = min(results), max(results)
        print(f"\n### growth from {small} to {large} articles (x{large / small:g} articles)\n")
        print("| command | wall ratio | per article (of linear) | peak RSS ratio |\n|---|---|---|---|")
        for (label, a), (_, b) in zip(results[small], results[large], strict=True):
            ratio = b.wall_s / a.wall_s if a.wall_s else float("inf")
            print(f"| {label} | x{ratio:.2f} | {ratio / (large / small):.2f} | "
                  f"x{b.peak_rss_mb / a.peak_rss_mb:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
