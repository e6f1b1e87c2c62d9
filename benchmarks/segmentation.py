"""Sentence segmentation scores: l10n (through ``l10n segment --json``) beside pySBD.

Question: how often does ``l10n`` cut a paragraph exactly where a careful editor would? Each case
of the three sets in ``tests/data/segment/`` is written to a one-paragraph plain-text article
and segmented by the ``l10n segment --json`` command (in process, with the default settings and
``--lang``); a case counts when the messages are exactly the expected sentences. pySBD 0.3.4
(``clean=False``, sentences stripped) segments the same texts where it has the language.

- **golden en**: Pragmatic Segmenter's 48 English Golden Rules (``golden_en.json``, from the
  pySBD sdist, in-sample for pySBD: its rules were written against them); also shown without
  the nine list rules (31-39), which Markdown lists never reach.
- **news en**: paragraphs of the sample article, segmented by hand (``news_en.json``).
- **xx**: hand-checked news cases per language (``languages.json``), with each language's floor.

pySBD is a benchmark-only dependency (``pip install -e '.[bench]'``), never a runtime one.
``tests/test_segment.py`` pins l10n's floors (golden >= 0.97, every news case, each language's
threshold) without pySBD.

Run: ``.venv/bin/pip install -e '.[bench]' && .venv/bin/python benchmarks/segmentation.py``
(``--json FILE`` writes the scores too; ``--failures`` lists l10n's misses).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from click.testing import CliRunner

from l10n.cli import main

DATA = ROOT / "tests" / "data" / "segment"

Segmenter = Callable[[str, str], list[str]]
"""(text, language) -> sentences."""


@dataclass(frozen=True)
class Score:
    """Exact cases of one set for one tool."""

    passed: int
    """Cases segmented exactly as expected."""
    total: int
    """Cases tried."""
    failures: tuple[str, ...] = ()
    """Texts of the cases that failed."""

    @property
    def rate(self) -> float:
        """Share of exact cases (0 when there are none)."""
        return self.passed / self.total if self.total else 0.0

    def show(self) -> str:
        return f"{self.rate:6.1%} ({self.passed}/{self.total})"


def l10n_sentences(text: str, lang: str) -> list[str]:
    """The messages ``l10n segment --json --lang LANG`` shows for a one-paragraph article."""
    with tempfile.TemporaryDirectory() as tmp:
        article = Path(tmp) / "case.txt"
        article.write_text(text + "\n", encoding="utf-8")
        result = CliRunner().invoke(
            main, ["segment", "--json", "--lang", lang, str(article)], catch_exceptions=False
        )
        if result.exit_code != 0:
            raise SystemExit(f"l10n segment failed on {text!r}: {result.stderr}")
        rows: list[dict[str, Any]] = json.loads(result.stdout)
    return [row["text"] for row in rows if row["type"] == "message"]


def pysbd_segmenter() -> Segmenter | None:
    """pySBD's segmenter, or None when it is not installed."""
    try:
        import pysbd  # type: ignore[import-not-found, unused-ignore]
        from pysbd.languages import LANGUAGE_CODES  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None
    cache: dict[str, Any] = {}

    def sentences(text: str, lang: str) -> list[str]:
        if lang not in LANGUAGE_CODES:
            raise LookupError(lang)
        if lang not in cache:
            cache[lang] = pysbd.Segmenter(language=lang, clean=False)
        return [s.strip() for s in cache[lang].segment(text) if s.strip()]

    return sentences


def score(segmenter: Segmenter, cases: Sequence[dict[str, Any]], lang: str) -> Score | None:
    """``segmenter``'s exact cases; None when it does not know ``lang``."""
    failures: list[str] = []
    for case in cases:
        try:
            got = segmenter(case["text"], lang)
        except LookupError:
            return None
        if got != case["expected"]:
            failures.append(case["text"])
    return Score(len(cases) - len(failures), len(cases), tuple(failures))


def sets() -> list[tuple[str, str, list[dict[str, Any]], float | None]]:
    """(name, language, cases, floor) of every set measured."""
    golden = json.loads((DATA / "golden_en.json").read_text(encoding="utf-8"))
    lists = set(golden["list_rules"])
    news = json.loads((DATA / "news_en.json").read_text(encoding="utf-8"))
    languages = json.loads((DATA / "languages.json").read_text(encoding="utf-8"))["languages"]
    out: list[tuple[str, str, list[dict[str, Any]], float | None]] = [
        ("golden en", "en", golden["cases"], 0.97),
        ("golden en w/o lists", "en", [c for c in golden["cases"] if c["rule"] not in lists], None),
        ("news en", "en", news["cases"], 1.0),
    ]
    for lang, block in sorted(languages.items()):
        out.append((lang, lang, block["cases"], block["threshold"]))
    return out


def main_(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="also write the scores to this file")
    parser.add_argument("--failures", action="store_true", help="list the cases l10n misses")
    args = parser.parse_args(argv)
    other = pysbd_segmenter()
    if other is None:
        print("pySBD is not installed (pip install -e '.[bench]'): its column stays empty")
    report: dict[str, dict[str, float | int | None]] = {}
    print(f"{'set':<20} {'l10n':>16} {'pySBD 0.3.4':>16}   floor")
    below = 0
    for name, lang, cases, floor in sets():
        ours = score(l10n_sentences, cases, lang)
        assert ours is not None
        theirs = score(other, cases, lang) if other is not None else None
        mark = "" if floor is None else (f"  {floor:.0%}" + (" BELOW" if ours.rate < floor else ""))
        below += floor is not None and ours.rate < floor
        print(f"{name:<20} {ours.show():>16} {theirs.show() if theirs else '-':>16} {mark}")
        report[name] = {
            "l10n": ours.rate,
            "l10n_passed": ours.passed,
            "cases": ours.total,
            "pysbd": theirs.rate if theirs else None,
            "floor": floor,
        }
        if args.failures:
            for text in ours.failures:
                print(f"    l10n misses: {text[:90]!r}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 1 if below else 0


if __name__ == "__main__":
    raise SystemExit(main_())
