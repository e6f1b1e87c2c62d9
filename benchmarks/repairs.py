"""Benchmark the machine-draft repairs (:mod:`l10n.mt.repair`) on human-translated sentences.

Question: do the repairs cost quality? The bergamot drafts of ~1,500 English sentences are
scored against their human Brazilian Portuguese translations with chrF++ (sacrebleu,
``word_order=2``), once with every repair and once without (names not respelled, quotes not
turned around, and the unmask spacing of before the repair: a token glued in the source glued
to whatever the engine put next to it). Goal: chrF++ with repairs within 0.03 of without. The
script also counts the drafts each repair changed, and the outputs rejected for unbalanced
brackets and edge brackets bergamot dropped.

Reference sentences: the translator-reviewed ``pt_BR`` message catalogs that Debian installs
under ``/usr/share/locale/pt_BR/LC_MESSAGES/*.mo`` (read with polib, which decodes each catalog's charset; GNU ``msgunfmt`` shows the same): GNU coreutils,
tar, grep, sed, gettext, make, bash, libc, wget, findutils, diffutils, dpkg, apt, glib, GTK,
systemd, PostgreSQL, util tools and others. Each catalog is under its package's licence (mostly
GPL-2+/GPL-3+/LGPL; see ``/usr/share/doc/<package>/copyright``); translations by the Brazilian
Portuguese teams of the Translation Project (https://translationproject.org/team/pt_BR.html)
and of each project. Only prose-like messages are kept (no ISO code lists, UI fragments,
option tables or multi-line help): one line, 5-40 words, starting with a capital letter,
ending with ``.``, ``!``, ``?`` or ``:``, with a translation; deduplicated, sorted by a hash of the
source for a stable sample across machines.

The same drafts are then made for the sample articles (the msgids of ``locales/templates/``),
where the repairs were found: "Ivangragra", "Kramatorsk (", "Slovyansk (".

Run: ``.venv/bin/pip install -e '.[bench]' && .venv/bin/python benchmarks/repairs.py [--limit 1500]``
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import polib

from benchmarks.tools import REPO_DIR, BenchmarkError
from l10n.mt.drafts import translate_masked
from l10n.mt.engines import bergamot
from l10n.mt.engines.bergamot import BergamotEngine
from l10n.mt.mask import Masked, Token, mask
from l10n.mt.repair import REPAIRS, back_translator, finish
from l10n.mt.verify import check_output

CATALOGS = Path("/usr/share/locale/pt_BR/LC_MESSAGES")
_PROSE_RE = re.compile(r"^[A-Z][^\n]*[.!?:]$")


@dataclass(frozen=True)
class Pair:
    """A human-translated sentence."""

    source: str
    """The English msgid."""
    reference: str
    """The human pt_BR msgstr."""
    catalog: str
    """The .mo file it came from."""


def load_pairs(limit: int, catalogs: Path = CATALOGS) -> list[Pair]:
    """Prose-like en -> pt_BR pairs from the installed catalogs (see the module docstring);
    another locale's folder (``/usr/share/locale/es/LC_MESSAGES``) gives that locale's pairs."""
    if not catalogs.is_dir():
        raise BenchmarkError(f"{catalogs}: no catalogs installed (apt-get install language-pack?)")
    seen: dict[str, Pair] = {}
    for mo in sorted(catalogs.glob("*.mo")):
        if mo.name.startswith("iso_"):
            continue
        for entry in polib.mofile(str(mo)):
            src, ref = entry.msgid, entry.msgstr
            if entry.msgid_plural or not ref or not _PROSE_RE.match(src) or "\t" in src:
                continue
            if not 5 <= len(src.split()) <= 40 or "\n" in ref or "  " in src:
                continue
            seen.setdefault(src, Pair(src, ref, mo.name))
    pairs = sorted(seen.values(), key=lambda p: hashlib.sha256(p.source.encode()).hexdigest())
    return pairs[:limit]


def legacy_unmask(masked: Masked, translated: str) -> str:
    """The unmask of before the spacing repair: glue a token glued in the source to whatever
    the engine put next to it."""
    by_key: dict[tuple[int, bool], Token] = {(t.id, t.role == "close"): t for t in masked.tokens}
    out: list[str] = []
    pos = 0
    body = translated.strip()
    glue_next = False
    for m in re.finditer(r"_(/?)(\d+)_", body):
        token = by_key[(int(m.group(2)), m.group(1) == "/")]
        gap = body[pos : m.start()]
        if glue_next:
            gap = gap.lstrip(" \t")
        if token.glued_left or token.kind == "break":
            gap = gap.rstrip(" \t")
        elif gap and not gap[-1].isspace() and gap[-1].isalnum() and token.role != "close":
            gap += " "
        out.append(gap)
        out.append(token.text)
        glue_next = token.glued_right or token.kind == "break"
        pos = m.end()
    tail = body[pos:]
    out.append(tail.lstrip(" \t") if glue_next else tail)
    return masked.leading + "".join(out) + masked.trailing


@dataclass
class Tally:
    """What the repairs did to one set of drafts."""

    with_repairs: list[str] = field(default_factory=list)
    """Drafts with every repair."""
    without: list[str] = field(default_factory=list)
    """The same drafts without any (and with the old unmask spacing)."""
    without_names: list[str] = field(default_factory=list)
    """The same drafts with every repair but ``names``."""
    kept: list[int] = field(default_factory=list)
    """Indices of the inputs whose output passed verification."""
    changed: Counter[str] = field(default_factory=Counter)
    """Drafts changed, per repair (``spacing`` for the unmask fix)."""
    rejected: Counter[str] = field(default_factory=Counter)
    """Outputs rejected by verification, per kind of problem."""
    unbalanced: list[Masked] = field(default_factory=list)
    """Inputs whose output was rejected for unbalanced brackets."""
    shown: list[str] = field(default_factory=list)
    """Before/after of every changed or bracket-rejected draft."""


def draft_all(engine: BergamotEngine, sources: list[str]) -> Tally:
    """Translate ``sources`` once and finish every verified output with and without repairs."""
    back = back_translator(engine, "en", "pt_BR")
    masked = [mask(s) for s in sources]
    outputs = engine.translate_batch([m.text for m in masked], "en", "pt_BR")
    tally = Tally()
    for index, (m, out) in enumerate(zip(masked, outputs, strict=True)):
        problems = check_output(m, out)
        if problems:
            for problem in problems:
                tally.rejected[problem.split(":")[0].split(" _")[0]] += 1
            if any(p.startswith("unbalanced brackets") for p in problems):
                tally.unbalanced.append(m)
                tally.shown.append(f"unbalanced: {m.text!r}\n  -> {out!r}")
            continue
        draft = finish(m, out, back, REPAIRS)
        legacy = legacy_unmask(m, out)
        spaced = finish(m, out, None, ()).text != legacy
        tally.changed.update(("spacing",) * spaced + draft.fixes)
        if draft.fixes or spaced:
            tally.shown.append(f"{draft.fixes or ('spacing',)}: {legacy!r}\n  -> {draft.text!r}")
        tally.kept.append(index)
        tally.with_repairs.append(draft.text)
        tally.without.append(legacy)
        tally.without_names.append(finish(m, out, back, [r for r in REPAIRS if r != "names"]).text)
    return tally


def sample_sources() -> list[str]:
    """The msgids of the sample project's templates (the articles the repairs were found on)."""
    found: dict[str, None] = {}
    for pot in sorted((REPO_DIR / "locales" / "templates").rglob("*.pot")):
        found.update((e.msgid, None) for e in polib.pofile(str(pot)) if e.msgid)
    return list(found)


def report(title: str, tally: Tally) -> None:
    print(f"{title}: drafts verified {len(tally.kept)}")
    for name in ("spacing", *REPAIRS):
        print(f"  drafts changed by {name}: {tally.changed[name]}")
    for reason, count in sorted(tally.rejected.items()):
        print(f"  outputs rejected ({reason}): {count}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=1500, help="sentences (default 1500)")
    parser.add_argument("--show", action="store_true", help="print every draft a repair changed")
    args = parser.parse_args()
    try:
        import sacrebleu
    except ImportError as exc:
        raise BenchmarkError("sacrebleu is missing: pip install -e '.[bench]'") from exc
    pairs = load_pairs(args.limit)
    engine = BergamotEngine()
    drop = bergamot._drop_edge_brackets
    dropped = Counter[str]()

    def counting_drop(source: str, output: str) -> str:
        result = drop(source, output)
        dropped[source] += result != output
        return result

    bergamot._drop_edge_brackets = counting_drop  # count the engine-side bracket repair
    tally = draft_all(engine, [p.source for p in pairs])
    refs = [[pairs[i].reference for i in tally.kept]]
    chrf = sacrebleu.CHRF(word_order=2)
    with_all = chrf.corpus_score(tally.with_repairs, refs).score
    without = chrf.corpus_score(tally.without, refs).score
    no_names = chrf.corpus_score(tally.without_names, refs).score
    catalogs = len({p.catalog for p in pairs})
    print(f"references: {len(pairs)} sentences from {catalogs} catalogs")
    print(f"  chrF++ without repairs:     {without:.3f}")
    print(f"  chrF++ with repairs:        {with_all:.3f}  ({with_all - without:+.3f})")
    print(f"  chrF++ with all but names:  {no_names:.3f}  (names: {with_all - no_names:+.3f})")
    report("references", tally)
    print(f"  edge brackets dropped by bergamot: {sum(dropped.values())}")
    if tally.unbalanced:
        retried = translate_masked(engine, tally.unbalanced, "en", "pt_BR")
        rescued = sum(text is not None for text in retried.texts)
        print(
            f"  bracket-rejected outputs retried: {rescued} drafted with the safe strategy, "
            f"{len(tally.unbalanced) - rescued} left empty and reported"
        )
    shown = tally.shown
    dropped.clear()
    sample = draft_all(engine, sample_sources())
    report("sample articles", sample)
    print(f"  edge brackets dropped by bergamot: {sum(dropped.values())}")
    if args.show:
        print("\n".join(shown + sample.shown))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchmarkError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(1)
