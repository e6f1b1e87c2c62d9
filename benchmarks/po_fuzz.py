"""How often l10n's PO reader agrees with ``msgfmt -c`` on mutated PO files.

Generates mutants of a few real PO files with a fixed seed (``tests/po_mutants.py``), runs
``msgfmt -c`` and l10n's reader (``l10n.catalog.store.load_catalog``) on each, and for every
file l10n accepts, saves it back through ``PoStyle.save`` and runs ``msgfmt -c`` on the result.
Prints the agreement and every disagreement (mutations, msgfmt's and l10n's messages).

Run: ``.venv/bin/python benchmarks/po_fuzz.py [--count 2000] [--seed 10] [--show 20]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from po_mutants import Mutant, Verdict, msgfmt_verdicts, mutants, utf8_rule  # noqa: E402

from l10n.catalog.store import PoStyle, load_catalog  # noqa: E402
from l10n.errors import L10nError  # noqa: E402


@dataclass(frozen=True)
class Outcome:
    """One mutant's verdicts."""

    mutant: Mutant
    """The file."""
    verdict: Verdict
    """msgfmt's verdict."""
    msgfmt: str | None
    """msgfmt's first error, None when it accepts."""
    l10n: str | None
    """l10n's error, None when it accepts."""
    written_back: str | None
    """msgfmt's error on what l10n saved back, None when accepted or not applicable."""


def run(count: int, seed: int, folder: Path) -> list[Outcome]:
    """Every mutant's verdicts, files written under ``folder``."""
    batch = mutants(count, seed=seed)
    paths = []
    for i, mutant in enumerate(batch):
        path = folder / f"m{i}.po"
        path.write_bytes(mutant.data)
        paths.append(path)
    verdicts = msgfmt_verdicts(paths)
    style = PoStyle(width=79)
    saved: dict[int, Path] = {}
    l10n_errors: list[str | None] = []
    for i, path in enumerate(paths):
        try:
            po = load_catalog(path)
        except L10nError as exc:
            l10n_errors.append(str(exc))
            continue
        l10n_errors.append(None)
        out = folder / f"saved{i}.po"
        style.save(out, po)
        saved[i] = out
    back = dict(zip(saved, msgfmt_verdicts(list(saved.values()))))
    return [
        Outcome(
            mutant,
            verdict,
            None if verdict.accepted else verdict.message or "rejected",
            l10n_errors[i],
            None if i not in back or back[i].accepted else back[i].message or "rejected",
        )
        for i, (mutant, verdict) in enumerate(zip(batch, verdicts))
    ]


def summary(outcomes: list[Outcome], show: int = 20) -> str:
    """The agreement numbers and the first ``show`` disagreements of each kind."""
    refused = [o for o in outcomes if o.msgfmt is None and o.l10n is not None]
    rule = [o for o in refused if utf8_rule(o.mutant, o.verdict, o.l10n or "")]
    too_strict = [o for o in refused if o not in rule]
    too_lax = [o for o in outcomes if o.msgfmt is not None and o.l10n is None]
    bad_writes = [o for o in outcomes if o.written_back is not None]
    agree = len(outcomes) - len(too_strict) - len(too_lax) - len(rule)
    judged = len(outcomes) - len(rule)
    lines = [
        f"{len(outcomes)} mutants: msgfmt accepts {sum(o.msgfmt is None for o in outcomes)}, "
        f"l10n's UTF-8 rule refuses {len(rule)} of those; agreement on the other {judged}: "
        f"{agree} ({100 * agree / max(1, judged):.2f} %)",
        f"accepted by msgfmt, refused by l10n: {len(too_strict)}",
        f"refused by msgfmt, accepted by l10n: {len(too_lax)}",
        f"accepted by l10n, written back into a file msgfmt rejects: {len(bad_writes)}",
    ]
    for label, group in (("too strict", too_strict), ("too lax", too_lax), ("bad write", bad_writes)):
        for o in group[:show]:
            lines.append(
                f"  {label}: {o.mutant.name} {'+'.join(o.mutant.operations)}: msgfmt: {o.msgfmt}"
                f" | l10n: {o.l10n} | written back: {o.written_back}"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--show", type=int, default=20)
    args = parser.parse_args()
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        outcomes = run(args.count, args.seed, Path(tmp))
    print(summary(outcomes, args.show))
    print(f"{time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
