"""Score machine drafts against human translations: chrF++ and BLEU (sacrebleu) per engine.

Questions: how good is each engine available here, does the l10n path (masking, verification,
repairs: :func:`l10n.mt.drafts.translate_masked`) cost anything against the raw engine, and does
context help (the chat engine given the neighbouring messages, against the same engine
without)?

Systems, each scored on the same sentences (a failed draft scores as an empty string, and is
counted):

* ``copy`` (pt_BR): the floor of leaving the English as it is; ``pseudo`` (pt_BR): the source
  accented and bracketed, below that floor;
* ``bergamot`` en -> pt_BR: raw engine on the unmasked sentence, and the l10n path;
* ``apertium`` en -> es, when the ``apertium`` command and its ``eng-spa`` pair are installed
  (Debian ``apertium-eng-spa``): the raw command, and the l10n path when the registry has an
  ``apertium`` engine;
* ``llm`` en -> pt_BR, when ``L10N_LLM_URL`` and ``L10N_LLM_MODEL`` name a reachable
  OpenAI-compatible service (a local Ollama or llama.cpp server): without and with context;
  otherwise the line says it was skipped.

Reference pairs: :func:`benchmarks.repairs.load_pairs`, the translator-reviewed message
catalogs Debian installs under ``/usr/share/locale/<locale>/LC_MESSAGES/*.mo`` (GNU coreutils,
tar, grep, sed, gettext, bash, libc, apt, dpkg, systemd and others; Translation Project teams
and each project's translators; each under its package's licence, see
``/usr/share/doc/<package>/copyright``): one-line prose messages of 5-40 words, deduplicated,
sampled by a hash of the source (stable across machines). The context of a message, for the
context run, is the message before and after it in its own catalog (catalog order): the closest
thing to an article these references have.

Measured (2026-12-01, ``--limit 500``, this machine, no local LLM)::

    engine    locale  path              n   chrF++    BLEU  failed  seconds
    copy      pt_BR   raw             500    22.85    7.40       0      0.0
    pseudo    pt_BR   l10n            500     3.75    4.68       0      0.7
    bergamot  pt_BR   raw             500    69.15   47.79       0     31.0
    bergamot  pt_BR   l10n            500    69.57   49.69       3     64.0
    apertium  es      raw             500    48.09   24.87       0      5.0

The l10n path loses nothing against the raw engine (+0.4 chrF++, 3 drafts refused by
verification and left empty); the context run needs a model and was skipped.

Run: ``.venv/bin/pip install -e '.[bench]' && .venv/bin/python benchmarks/quality.py [--limit 500]``
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import polib

from benchmarks.repairs import Pair, load_pairs
from benchmarks.tools import BenchmarkError
from l10n.mt.drafts import translate_masked
from l10n.mt.engines import ENGINES, Engine, create_engine
from l10n.mt.engines.base import ContextItem
from l10n.mt.mask import mask

LOCALE_DIR = Path("/usr/share/locale")


@dataclass(frozen=True)
class Row:
    """One scored system."""

    engine: str
    """Engine name."""
    locale: str
    """Target locale."""
    path: str
    """``raw``, ``l10n``, ``l10n+context``..."""
    sentences: int
    """Sentences scored."""
    chrf: float
    """chrF++ (sacrebleu ``CHRF(word_order=2)``)."""
    bleu: float
    """Corpus BLEU (sacrebleu defaults)."""
    failed: int
    """Drafts left empty."""
    seconds: float
    """Wall time of the drafting."""


def score(engine: str, locale: str, path: str, drafts: Sequence[str | None],
          pairs: Sequence[Pair], seconds: float) -> Row:
    import sacrebleu

    hyps = [d or "" for d in drafts]
    refs = [[p.reference for p in pairs]]
    chrf = sacrebleu.CHRF(word_order=2).corpus_score(hyps, refs).score
    bleu = sacrebleu.BLEU().corpus_score(hyps, refs).score
    failed = sum(1 for d in drafts if not d)
    return Row(engine, locale, path, len(pairs), chrf, bleu, failed, seconds)


def timed(make: Callable[[], list[str | None]]) -> tuple[list[str | None], float]:
    started = time.monotonic()
    out = make()
    return out, time.monotonic() - started


def l10n_path(engine: Engine, sources: Sequence[str], target: str,
              contexts: Sequence[ContextItem] | None = None, batch: int = 10) -> list[str | None]:
    """Drafts through the translate core's batch step (mask, verify, fallback, repairs)."""
    out: list[str | None] = []
    for start in range(0, len(sources), batch):
        part = [mask(s) for s in sources[start : start + batch]]
        ctx = None
        if contexts is not None:
            ctx = [ContextItem(c.id, m.text, c.title, c.before, c.after)
                   for c, m in zip(contexts[start : start + batch], part, strict=True)]
        out.extend(translate_masked(engine, part, "en", target, ctx).texts)
    return out


def neighbours(pairs: Sequence[Pair]) -> list[ContextItem]:
    """Each pair's message with the messages before and after it in its own catalog."""
    order: dict[str, list[str]] = {}
    for name in {p.catalog for p in pairs}:
        mo = polib.mofile(str(LOCALE_DIR / "pt_BR" / "LC_MESSAGES" / name))
        order[name] = [e.msgid for e in mo if e.msgid and not e.msgid_plural]
    items: list[ContextItem] = []
    for index, pair in enumerate(pairs):
        msgids = order[pair.catalog]
        at = msgids.index(pair.source)
        before = msgids[at - 1] if at > 0 else ""
        after = msgids[at + 1] if at + 1 < len(msgids) else ""
        items.append(ContextItem(str(index + 1), pair.source, before=before, after=after))
    return items


def apertium_raw(sources: Sequence[str]) -> list[str | None] | None:
    """The ``apertium eng-spa`` command on one sentence per line; ``None`` when not installed."""
    if shutil.which("apertium") is None:
        return None
    modes = subprocess.run(["apertium", "-l"], capture_output=True, text=True, check=False).stdout
    if "eng-spa" not in modes.split():
        return None
    text = "\n".join(s.replace("\n", " ") for s in sources) + "\n"
    done = subprocess.run(["apertium", "-u", "eng-spa"], input=text, capture_output=True,
                          text=True, check=False)
    lines = done.stdout.rstrip("\n").split("\n")
    if done.returncode != 0 or len(lines) != len(sources):
        raise BenchmarkError(f"apertium gave {len(lines)} lines for {len(sources)} sentences")
    return list(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=500, help="sentences per locale (500)")
    args = parser.parse_args()
    try:
        import sacrebleu  # noqa: F401
    except ImportError as exc:
        raise BenchmarkError("sacrebleu is missing: pip install -e '.[bench]'") from exc
    rows: list[Row] = []
    notes: list[str] = []
    pt = load_pairs(args.limit, LOCALE_DIR / "pt_BR" / "LC_MESSAGES")
    sources = [p.source for p in pt]
    rows.append(score("copy", "pt_BR", "raw", list(sources), pt, 0.0))
    pseudo = create_engine("pseudo")
    drafts, seconds = timed(lambda: l10n_path(pseudo, sources, "pt_BR"))
    rows.append(score("pseudo", "pt_BR", "l10n", drafts, pt, seconds))
    bergamot = create_engine("bergamot")
    raw, seconds = timed(lambda: list(bergamot.translate_batch(sources, "en", "pt_BR")))
    rows.append(score("bergamot", "pt_BR", "raw", raw, pt, seconds))
    drafts, seconds = timed(lambda: l10n_path(bergamot, sources, "pt_BR"))
    rows.append(score("bergamot", "pt_BR", "l10n", drafts, pt, seconds))

    es_dir = LOCALE_DIR / "es" / "LC_MESSAGES"
    es = load_pairs(args.limit, es_dir) if es_dir.is_dir() else []
    raw_es, seconds = timed(lambda: apertium_raw([p.source for p in es]) or [])
    if es and raw_es:
        rows.append(score("apertium", "es", "raw", raw_es, es, seconds))
        if "apertium" in ENGINES:
            engine = create_engine("apertium")
            drafts, seconds = timed(lambda: l10n_path(engine, [p.source for p in es], "es"))
            rows.append(score("apertium", "es", "l10n", drafts, es, seconds))
        else:
            notes.append("apertium l10n path skipped: no apertium engine in the registry")
    else:
        notes.append("apertium skipped: the apertium command or its eng-spa pair (Debian "
                     "apertium-eng-spa) is not installed, or no es catalogs")

    if os.environ.get("L10N_LLM_URL") and os.environ.get("L10N_LLM_MODEL"):
        llm = create_engine("llm")
        drafts, seconds = timed(lambda: l10n_path(llm, sources, "pt_BR"))
        rows.append(score("llm", "pt_BR", "l10n", drafts, pt, seconds))
        contexts = neighbours(pt)
        drafts, seconds = timed(lambda: l10n_path(llm, sources, "pt_BR", contexts))
        rows.append(score("llm", "pt_BR", "l10n+context", drafts, pt, seconds))
    else:
        notes.append("llm (with vs without context) skipped: set L10N_LLM_URL and "
                     "L10N_LLM_MODEL to a local OpenAI-compatible server")

    catalogs = len({p.catalog for p in pt})
    print(f"references: {len(pt)} en->pt_BR sentences from {catalogs} catalogs, "
          f"{len(es)} en->es ({LOCALE_DIR}/*/LC_MESSAGES)")
    print(f"{'engine':<10}{'locale':<8}{'path':<14}{'n':>5}{'chrF++':>9}{'BLEU':>8}"
          f"{'failed':>8}{'seconds':>9}")
    for r in rows:
        print(f"{r.engine:<10}{r.locale:<8}{r.path:<14}{r.sentences:>5}{r.chrf:>9.2f}"
              f"{r.bleu:>8.2f}{r.failed:>8}{r.seconds:>9.1f}")
    for note in notes:
        print(note)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchmarkError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(1)
