"""How many real articles stay valid once translated, and whether ``check`` flags the rest.

For every article of the article corpus (``benchmarks/corpus.py articles``; ``--large`` adds the
Markdown of the large corpus), in a temporary project: ``l10n extract``, then each pass of
``tests/realbuild.py`` (``identity``: no translation, must be byte-identical; ``pseudo``:
``l10n translate --engine pseudo`` + ``l10n build --include-fuzzy``; ``rot13``: every word of
every message changed, markup left alone), and the independent validator ``tests/validate.py``
on each built article. Prints valid/total per source and pass, and for every invalid article
what ``l10n check`` and ``build`` said: an invalid article that neither flagged is the worst case
(marked ``UNFLAGGED``).

Run: ``.venv/bin/python benchmarks/articles.py [--large] [--pass pseudo] [--json out.json]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))
sys.path.insert(0, str(BENCH_DIR.parent / "tests"))

from articles_corpus import build_articles  # noqa: I001
from corpus import CorpusError, build_large
from realbuild import PASSES, Outcome, run_pass


def _source_of(name: str) -> str:
    return name.split("__", 1)[0]


def _articles(large: bool) -> list[Path]:
    folder = build_articles()
    files = [p for p in folder.iterdir() if p.name != "PROVENANCE.tsv"]
    if large:
        files += [f.path for f in build_large().files]
    return sorted(files, key=lambda p: p.name)


def _report(which: str, outcomes: list[Outcome]) -> list[str]:
    by_source: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_source[_source_of(outcome.name)].append(outcome)
    lines = [f"== pass {which}", f"{'source':<24} {'valid':>5} {'total':>5} {'flagged':>8}"]
    for source, group in sorted(by_source.items()):
        invalid = [o for o in group if not o.valid]
        lines.append(f"{source:<24} {len(group) - len(invalid):>5} {len(group):>5} "
                     f"{sum(o.flagged for o in invalid):>8}")
    valid = sum(o.valid for o in outcomes)
    share = 100 * valid / len(outcomes) if outcomes else 0.0
    lines.append(f"{'overall':<24} {valid:>5} {len(outcomes):>5}   ({share:.1f} % valid)")
    for outcome in outcomes:
        if outcome.valid:
            continue
        said = (f"check {outcome.check_errors} error(s), build {outcome.refusals} refusal(s)"
                if outcome.flagged else "UNFLAGGED by check and build")
        lines.append(f"  {outcome.name}: {said}; {outcome.problems[0]}"[:240])
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--large", action="store_true",
                        help="add the Markdown documentation of the large corpus")
    parser.add_argument("--pass", dest="passes", action="append", choices=PASSES,
                        help="run only this pass (repeatable); default: all")
    parser.add_argument("--json", type=Path, help="also write every outcome as JSON")
    args = parser.parse_args(argv)
    try:
        articles = _articles(args.large)
    except CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    results: dict[str, list[Outcome]] = {}
    for which in args.passes or PASSES:
        with tempfile.TemporaryDirectory(prefix=f"l10n-articles-{which}-") as tmp:
            results[which] = run_pass(articles, Path(tmp), which)
        print("\n".join(_report(which, results[which])), flush=True)
    if args.json:
        args.json.write_text(json.dumps({
            which: [{"name": o.name, "valid": o.valid, "check_errors": o.check_errors,
                     "refusals": o.refusals, "problems": [str(p) for p in o.problems]}
                    for o in outcomes]
            for which, outcomes in results.items()
        }, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
