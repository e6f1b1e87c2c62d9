"""How fast the memory's close-match lookup is on a 100,000-unit memory, against a plain scan.

``translate`` asks :class:`l10n.mt.memory.fuzzy.FuzzyIndex` once per entry the memory does not
know exactly, so the index must answer in well under a millisecond or two for a 100 k unit memory.
The memory here is synthetic and seeded (the same on every machine): sentences of 6 to 30 words
drawn from a Zipf-distributed vocabulary of 20,000 made-up words (a few capitalised names and
numbers among them), so common words are very common, as in news. Queries: half are lightly
edited copies of memory sentences (one word inserted, deleted or replaced: they should find their
original), half are new sentences (they should find nothing).

Printed: building the index, per-query time of the index (mean, 95th percentile), the same for
RapidFuzz ``process.extractOne`` over every unit (the naive scan, on fewer queries), and how many
edited queries found their own original (recall) and new ones found anything (false matches).

    .venv/bin/python benchmarks/memory_fuzzy.py [--units 100000] [--queries 1000]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time

from rapidfuzz import process
from rapidfuzz.distance import Indel

from l10n.mt.memory import HUMAN, MemoryUnit
from l10n.mt.memory.fuzzy import DEFAULT_THRESHOLD, FuzzyIndex

SYLLABLES = ["ka", "lo", "mi", "ne", "ra", "to", "su", "vi", "de", "po", "an", "er", "is", "on",
             "ul", "ti", "ba", "go", "fe", "ri"]


def vocabulary(rng: random.Random, size: int) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))))
    return sorted(words)


def sentence(rng: random.Random, words: list[str], weights: list[float]) -> str:
    picked = rng.choices(words, weights=weights, k=rng.randint(6, 30))
    if rng.random() < 0.3:
        picked.insert(rng.randrange(1, len(picked)), rng.choice(words).capitalize())
    if rng.random() < 0.3:
        picked.insert(rng.randrange(len(picked)), str(rng.randint(2, 2000)))
    return " ".join(picked).capitalize() + "."


def edited(rng: random.Random, text: str, words: list[str]) -> str:
    parts = text[:-1].split(" ")
    spot = rng.randrange(1, len(parts))
    kind = rng.choice(["insert", "delete", "replace"])
    if kind == "insert":
        parts.insert(spot, rng.choice(words[:2000]))
    elif kind == "delete":
        del parts[spot]
    else:
        parts[spot] = rng.choice(words[:2000])
    return " ".join(parts) + "."


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--naive", type=int, default=50, help="queries for the plain scan")
    args = parser.parse_args()
    rng = random.Random(20261201)
    words = vocabulary(rng, 20_000)
    weights = [1 / (rank + 1) for rank in range(len(words))]
    sources = list(dict.fromkeys(sentence(rng, words, weights) for _ in range(args.units)))
    units = [MemoryUnit(s, f"[pt] {s}", "en", "pt_BR", HUMAN) for s in sources]
    half = args.queries // 2
    originals = rng.sample(sources, half)
    queries = [(edited(rng, s, words), s) for s in originals]
    queries += [(sentence(rng, words, weights), None) for _ in range(args.queries - half)]

    started = time.perf_counter()
    index = FuzzyIndex(units)
    build = time.perf_counter() - started

    times: list[float] = []
    found_own = false_matches = reachable = 0
    for query, original in queries:
        started = time.perf_counter()
        match = index.best(query, DEFAULT_THRESHOLD)
        times.append(time.perf_counter() - started)
        if original is None:
            false_matches += match is not None and match.unit.source != query
            continue
        if Indel.normalized_similarity(query, original) >= DEFAULT_THRESHOLD:
            reachable += 1
            found_own += match is not None and match.unit.source == original

    naive: list[float] = []
    for query, _ in queries[: args.naive // 2] + queries[half : half + args.naive // 2]:
        started = time.perf_counter()
        process.extractOne(query, sources, scorer=Indel.normalized_similarity,
                           score_cutoff=DEFAULT_THRESHOLD)
        naive.append(time.perf_counter() - started)

    print(f"memory: {len(units):,} units; queries: {len(queries):,} "
          f"({half} edited copies, {len(queries) - half} new); threshold {DEFAULT_THRESHOLD}")
    print(f"load average: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"index build: {build:.2f} s")
    print(f"index lookup: mean {statistics.mean(times) * 1000:.2f} ms, "
          f"p95 {percentile(times, 0.95) * 1000:.2f} ms, total {sum(times):.2f} s")
    print(f"plain scan (extractOne over all units, {len(naive)} queries): mean "
          f"{statistics.mean(naive) * 1000:.1f} ms, p95 {percentile(naive, 0.95) * 1000:.1f} ms")
    print(f"edited copies finding their original: {found_own}/{reachable} "
          f"(of those within the threshold; the rest changed a number or name, or too much)")
    print(f"new sentences given a match: {false_matches}/{len(queries) - half}")


if __name__ == "__main__":
    main()
