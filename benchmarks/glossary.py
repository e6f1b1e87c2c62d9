"""Benchmark glossary enforcement in bergamot drafts: which strategy follows the glossary and
keeps the drafts good?

Question: for an engine without glossary support, should the glossary's terms be masked before
the sentence is sent ("mask first"), or only when the engine's draft broke the glossary
("verify first", what :mod:`l10n.mt.terms` does)? Measured on the human-translated en -> pt_BR
sentences of :mod:`benchmarks.repairs` (Debian's gettext catalogs), with a glossary of names
built from them: every word with a capital letter after its first letter or a digit
(``GNU``, ``PostgreSQL``, ``UTF-8``...) or a capitalised word that is not the first of its
sentence, that the human translation keeps verbatim in at least 80 % of the sentences holding it
(at least 3 of them). For the sentences that contain a term, the script reports how many drafts
break the glossary and chrF++ (sacrebleu, ``word_order=2``) against the human translations,
for: no glossary, mask first, verify first.

Run: ``.venv/bin/pip install -e '.[bench]' && .venv/bin/python benchmarks/glossary.py [--limit 1500]``
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.repairs import Pair, load_pairs
from benchmarks.tools import BenchmarkError
from l10n.glossary import Glossary, Rule, terms_in, violations
from l10n.mt import mask as masking
from l10n.mt.drafts import translate_masked
from l10n.mt.engines.bergamot import BergamotEngine

_WORD_RE = re.compile(r"(?<![\w.-])[A-Za-z][\w+-]*[\w+]")


def _is_name(word: str, first: bool) -> bool:
    inner = any(ch.isupper() or ch.isdigit() for ch in word[1:])
    return inner or (word[0].isupper() and not first)


def name_glossary(pairs: list[Pair]) -> Glossary:
    """Do-not-translate names the human translations keep (see the module docstring)."""
    seen: Counter[str] = Counter()
    kept: Counter[str] = Counter()
    for pair in pairs:
        for index, m in enumerate(_WORD_RE.finditer(pair.source)):
            word = m.group(0)
            if len(word) < 2 or not _is_name(word, index == 0):
                continue
            seen[word] += 1
            kept[word] += bool(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", pair.reference))
    words = sorted(w for w, n in seen.items() if n >= 3 and kept[w] >= 0.8 * n)
    rules = tuple(
        Rule(term=w, locale=None, translation=None, forbidden=(), case_sensitive=True,
             whole_word=True, line=i + 2)
        for i, w in enumerate(words)
    )
    return Glossary(path=None, rules=rules)


def drafts(engine: BergamotEngine, items: list[masking.Masked]) -> list[str]:
    """Bergamot drafts of masked texts ("" where verification rejected the output)."""
    out: list[str] = []
    for start in range(0, len(items), 32):
        outcome = translate_masked(engine, items[start : start + 32], "en", "pt_BR")
        out += [t or "" for t in outcome.texts]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=1500, help="sentences (default 1500)")
    parser.add_argument("--show", action="store_true", help="print drafts that differ")
    args = parser.parse_args()
    try:
        import sacrebleu
    except ImportError as exc:
        raise BenchmarkError("sacrebleu is missing: pip install -e '.[bench]'") from exc
    pairs = load_pairs(args.limit)
    glossary = name_glossary(pairs)
    with_terms = [p for p in pairs if terms_in(glossary, p.source, "pt_BR")]
    engine = BergamotEngine()
    sources = [p.source for p in with_terms]
    plain = drafts(engine, [masking.mask(s) for s in sources])
    term_masks = [masking.mask(s, terms_in(glossary, s, "pt_BR")) for s in sources]
    masked_first = drafts(engine, term_masks)
    broken = [i for i, (s, d) in enumerate(zip(sources, plain, strict=True))
              if d and violations(glossary, s, d, "pt_BR")]
    retried = drafts(engine, [term_masks[i] for i in broken])
    verify_first = list(plain)
    for i, d in zip(broken, retried, strict=True):
        verify_first[i] = d
    chrf = sacrebleu.CHRF(word_order=2)
    refs = [[p.reference for p in with_terms]]
    print(f"{len(pairs)} sentences, glossary of {len(glossary.rules)} names "
          f"(e.g. {', '.join(r.term for r in glossary.rules[:8])}), "
          f"{len(with_terms)} sentences contain one")
    for label, texts in (("no glossary", plain), ("mask first", masked_first),
                         ("verify first", verify_first)):
        bad = sum(1 for s, d in zip(sources, texts, strict=True)
                  if d and violations(glossary, s, d, "pt_BR"))
        empty = sum(1 for d in texts if not d)
        score = chrf.corpus_score([d or s for s, d in zip(sources, texts, strict=True)], refs).score
        print(f"{label:13} glossary broken in {bad:4} drafts, {empty:3} rejected, chrF++ {score:.2f}")
    print(f"verify first re-sent {len(broken)} sentences with their terms masked")
    if args.show:
        for s, a, b in zip(sources, masked_first, verify_first, strict=True):
            if a != b:
                print(f"\n  {s}\n  mask first:   {a}\n  verify first: {b}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchmarkError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
