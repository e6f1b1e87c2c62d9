"""Exact and close-match lookup in the translation memory at 10^4, 10^5 and 10^6 units, on SQLite
and PostgreSQL, beside Weblate's trigram query, a trigram nearest-neighbour query and a RapidFuzz
scan, all in one run.

Units (one pair, en -> pt_BR): the distinct msgids of the installed gettext catalogs
(``/usr/share/locale/{pt_BR,de,fr,es}/LC_MESSAGES/*.mo``, read with polib as ``checks.py`` does),
then seeded variants of them up to the size (one to three words replaced by words of the same
catalogs, drawn by frequency; a number in some), so the memory is real English with the
near-duplicates a newsroom's memory has. Queries: 60 sentences of at least 8 words drawn from
the memory, each with one word replaced, inserted or deleted (never a number, a name or a
negation: their original is an admissible match within the threshold), and 60 held-out msgids
the memory never saw (``new``: a match for them must be admissible and close enough too).
Every method's rows are ranked by gettext's measure (RapidFuzz Indel) and the first admissible
one at ``memory_fuzzy`` 0.75 is its answer (:func:`l10n.mt.memory.fuzzy.admissible`), so
"found" means the method's rows held the original and nothing better:

- ``l10n sqlite``: :class:`l10n.mt.memory.fuzzy.MemoryMatcher` on a real
  :class:`~l10n.mt.memory.TranslationMemory` (the database index of
  :mod:`l10n.mt.memory.fuzzy_index`, then the unit by exact source);
- ``l10n postgresql``: :func:`l10n.mt.memory.fuzzy_index.close_sources` on PostgreSQL, then the
  unit by exact source;
- ``weblate``: Weblate's memory query (``weblate/memory/models.py``: ``source % text`` on a GIN
  ``gin_trgm_ops`` index, ``LIMIT 50``, with ``pg_trgm.similarity_threshold`` set per query from
  its default machinery threshold 75 and the text's length, as its ``threshold_to_similarity``);
- ``gist knn``: ``ORDER BY source <-> text LIMIT 10`` on a GiST ``gist_trgm_ops`` index;
- ``rapidfuzz scan``: ``process.extract`` over every source of the pair in process.

Exact lookup: 60 known sources, one at a time (``lookup``). PostgreSQL is a throwaway cluster
started here (initdb + pg_ctl, as the ``postgres`` user when root, like ``tests/postgres.py``)
unless ``--url`` names a database to use (its tables are dropped and recreated). psycopg runs
with ``prepare_threshold=None``: a prepared ``%`` query makes PostgreSQL scan the table.
Everything is bulk-loaded (SQLite ``executemany`` in key order, PostgreSQL ``COPY``).

    .venv/bin/python benchmarks/memory.py                      # 10^4, 10^5, 10^6
    .venv/bin/python benchmarks/memory.py --slow-queries 20    # fewer GiST KNN queries
    .venv/bin/python benchmarks/memory.py --sizes 10000 100000 --url postgresql://...

The whole run took 19 minutes at a load average of 6-8 (two thirds of it the GiST index and its
2-second queries at 10^6); ``--slow-queries`` shortens that part. Prints one Markdown table (median and 95th percentile per query, found/60, new sentences
given a match) and the load average.
"""

from __future__ import annotations

import argparse
import glob
import math
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polib
from rapidfuzz import process
from rapidfuzz.distance import Indel

from l10n.mt.memory import HUMAN, TranslationMemory
from l10n.mt.memory import fuzzy_index as fx
from l10n.mt.memory.fuzzy import DEFAULT_THRESHOLD, MemoryMatcher, admissible

LOCALES = ("pt_BR", "de", "fr", "es")
PAIR = fx.pair_name("en", "pt_BR")
NEGATIONS = {"not", "no", "never", "none", "nothing", "cannot", "without", "nor", "neither"}
WORD = re.compile(r"^[a-z]+$")


def real_sentences() -> list[str]:
    """The distinct single-line msgids of the installed catalogs, sorted."""
    found: set[str] = set()
    for locale in LOCALES:
        for mo in sorted(glob.glob(f"/usr/share/locale/{locale}/LC_MESSAGES/*.mo")):
            try:
                catalog = polib.mofile(mo)
            except (OSError, ValueError, UnicodeDecodeError):
                continue
            for entry in catalog:
                text = " ".join(entry.msgid.split())
                if entry.msgid and not entry.msgid_plural and 12 <= len(text) <= 400:
                    found.add(text)
    return sorted(found)


def variant(rng: random.Random, text: str, vocabulary: list[str], weights: list[float]) -> str:
    parts = text.split(" ")
    for _ in range(rng.randint(1, 3)):
        parts[rng.randrange(len(parts))] = rng.choices(vocabulary, weights)[0]
    if rng.random() < 0.2:
        parts.insert(rng.randrange(len(parts) + 1), str(rng.randint(2, 5000)))
    return " ".join(parts)


def memory_sources(size: int, real: list[str], rng: random.Random) -> list[str]:
    counts = Counter(w for s in real for w in s.split(" ") if WORD.match(w))
    vocabulary = sorted(counts)
    weights = [float(counts[w]) for w in vocabulary]
    sources = dict.fromkeys(real[:size])
    while len(sources) < size:
        sources[variant(rng, rng.choice(real), vocabulary, weights)] = None
    return list(sources)


def one_word_edit(rng: random.Random, text: str, common: list[str]) -> str | None:
    parts = text.split(" ")
    spots = [i for i, w in enumerate(parts) if WORD.match(w) and w not in NEGATIONS]
    if not spots:
        return None
    spot = rng.choice(spots)
    kind = rng.choice(["replace", "insert", "delete"])
    if kind == "replace":
        parts[spot] = rng.choice(common)
    elif kind == "insert":
        parts.insert(spot, rng.choice(common))
    else:
        del parts[spot]
    edited = " ".join(parts)
    if edited == text or Indel.normalized_similarity(edited, text) < DEFAULT_THRESHOLD:
        return None
    return edited if admissible(edited, text) else None


@dataclass(frozen=True)
class Queries:
    """What is asked of every method."""

    edits: list[tuple[str, str]]
    """(one-word edit, its original in the memory)."""
    new: list[str]
    """Sentences the memory never saw."""
    exact: list[str]
    """Sources the memory has."""


def queries(sources: list[str], held_out: list[str], rng: random.Random, count: int) -> Queries:
    common = [w for w, _ in Counter(w for s in sources[:20000] for w in s.split(" ")
                                    if WORD.match(w) and w not in NEGATIONS).most_common(300)]
    edits: list[tuple[str, str]] = []
    known = set(sources)
    while len(edits) < count:
        original = rng.choice(sources)
        if len(original.split(" ")) < 8:
            continue
        edited = one_word_edit(rng, original, common)
        if edited is not None and edited not in known:
            edits.append((edited, original))
    return Queries(edits, held_out[:count], rng.sample(sources, count))


def answer(query: str, rows: Sequence[str]) -> str | None:
    """The first admissible row at the threshold, ranked by gettext's measure."""
    scored = sorted(((Indel.normalized_similarity(query, r), len(r), r) for r in set(rows)
                     if r != query), key=lambda s: (-s[0], s[1], s[2]))
    for score, _, row in scored:
        if score < DEFAULT_THRESHOLD:
            break
        if admissible(query, row):
            return row
    return None


@dataclass(frozen=True)
class Result:
    """One method at one size."""

    method: str
    """Name in the table."""
    size: int
    """Units in the memory."""
    times: list[float]
    """Seconds per close-match query (edits and new sentences)."""
    found: int
    """Edits whose answer was their original."""
    false: int
    """New sentences given a match."""
    exact: list[float]
    """Seconds per exact lookup (empty when the method has none)."""


def run_method(method: str, size: int, asked: Queries, fuzzy: Callable[[str], str | None],
               exact: Callable[[str], object] | None = None, limit: int | None = None) -> Result:
    times: list[float] = []
    found = false = 0
    edits = asked.edits[:limit] if limit else asked.edits
    for query, original in edits:
        started = time.perf_counter()
        got = fuzzy(query)
        times.append(time.perf_counter() - started)
        found += got == original
    for query in asked.new[: len(edits)]:
        started = time.perf_counter()
        got = fuzzy(query)
        times.append(time.perf_counter() - started)
        false += got is not None
    exact_times: list[float] = []
    for source in asked.exact if exact else ():
        started = time.perf_counter()
        assert exact is not None and exact(source)
        exact_times.append(time.perf_counter() - started)
    return Result(method, size, times, found, false, exact_times)


def sqlite_results(size: int, sources: list[str], asked: Queries, folder: Path) -> Result:
    path = folder / f"memory-{size}.sqlite"
    path.unlink(missing_ok=True)
    with TranslationMemory(path) as tm:
        conn = tm.connection
        conn.execute("PRAGMA cache_size=-1000000")
        rows = fx.index_rows(PAIR, sources)
        df = Counter(r[1] for r in rows.tokens)
        with conn:
            conn.executemany("INSERT INTO units VALUES ('en','pt_BR',?,?,?,'','2026-12-01','')",
                             ((HUMAN, s, f"[pt] {s}") for s in sorted(sources)))
            conn.executemany("INSERT INTO fuzzy_sources VALUES (?,?,?,?)", sorted(rows.sources))
            conn.executemany("INSERT INTO fuzzy_tokens VALUES (?,?,?,?)", sorted(rows.tokens))
            conn.executemany("INSERT INTO fuzzy_df VALUES (?,?,?)",
                             ((PAIR, t, c) for t, c in sorted(df.items())))
        matcher = MemoryMatcher(tm)

        def fuzzy(query: str) -> str | None:
            match = matcher.best(query, "en", "pt_BR", DEFAULT_THRESHOLD)
            return None if match is None else match.unit.source

        return run_method("l10n sqlite", size, asked, fuzzy,
                          lambda s: tm.lookup(s, "en", "pt_BR", "deepl"))


# -- PostgreSQL


@contextmanager
def throwaway_postgres() -> Iterator[str]:
    """A private PostgreSQL cluster for the run; yields its URL."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    bin_dir = Path(shutil.which("pg_ctl") or f"{found[0]}/pg_ctl").parent
    owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    root = Path(tempfile.mkdtemp(prefix="l10n-bench-pg-"))
    if owner:
        shutil.chown(root, "postgres")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    subprocess.run([*owner, str(bin_dir / "initdb"), "-D", str(root / "data"), "-U", "postgres",
                    "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"],
                   check=True, capture_output=True)
    options = (f"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off "
               "-c synchronous_commit=off -c shared_buffers=1GB -c maintenance_work_mem=1GB "
               "-c max_wal_size=4GB -c wal_level=minimal -c max_wal_senders=0")
    subprocess.run([*owner, str(bin_dir / "pg_ctl"), "-D", str(root / "data"), "-l",
                    str(root / "log"), "-w", "-o", options, "start"], check=True,
                   capture_output=True)
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*owner, str(bin_dir / "pg_ctl"), "-D", str(root / "data"), "-m",
                        "immediate", "stop"], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def _copy_text(value: object) -> str:
    text = str(value)
    return (text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
            .replace("\r", "\\r"))


def copy_rows(conn: Any, table: str, rows: Sequence[Sequence[object]]) -> None:
    with conn.cursor().copy(f"COPY {table} FROM STDIN") as copy:
        for start in range(0, len(rows), 50_000):
            copy.write("".join("\t".join(_copy_text(v) for v in row) + "\n"
                               for row in rows[start : start + 50_000]))


def postgres_load(conn: Any, sources: list[str]) -> None:
    cursor = conn.cursor()
    for table in ("units", "fuzzy_sources", "fuzzy_tokens", "fuzzy_df"):
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
    cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    cursor.execute("CREATE TABLE units (source_lang TEXT, target_lang TEXT, engine TEXT, "
                   "source TEXT, target TEXT)")
    fx.create_schema(conn, "postgresql")
    rows = fx.index_rows(PAIR, sources)
    copy_rows(conn, "units", [("en", "pt_BR", HUMAN, s, f"[pt] {s}") for s in sources])
    copy_rows(conn, "fuzzy_sources", rows.sources)
    copy_rows(conn, "fuzzy_tokens", rows.tokens)
    copy_rows(conn, "fuzzy_df", [(PAIR, t, c) for t, c in Counter(r[1] for r in rows.tokens).items()])
    cursor.execute("CREATE INDEX units_exact ON units (source_lang, target_lang, source)")
    conn.commit()
    conn.autocommit = True
    cursor.execute("VACUUM ANALYZE")  # what autovacuum does after a bulk load: index-only scans
    conn.autocommit = False


def trigram_indexes(conn: Any) -> None:
    cursor = conn.cursor()
    cursor.execute("CREATE INDEX units_trgm_gin ON units USING gin (source gin_trgm_ops)")
    cursor.execute("CREATE INDEX units_trgm_gist ON units USING gist (source gist_trgm_ops)")
    cursor.execute("ANALYZE")
    conn.commit()


def weblate_similarity(text: str, threshold: int = 75) -> float:
    """pg_trgm's threshold for a machinery threshold and a text, as Weblate computes it: a
    logarithmic base (0.95 at 75) raised by up to 20 % with the square root of the text's
    word-character length (capped at 2000), at most 0.985 and rounded to 3 decimals."""
    base = 0.127264 * math.log(24.282 * threshold)
    if base >= 0.985:
        return min(round(base, 3), 1.0)
    top = min(base * 1.2, 0.985)
    length = min(max(1, len(re.sub(r"\W", "", text))), 2000)
    return max(0.6, min(1.0, round(base + (top - base) * math.sqrt(length / 2000), 3)))


def postgres_results(size: int, sources: list[str], asked: Queries, url: str,
                     slow_limit: int | None) -> list[Result]:
    import psycopg

    with psycopg.connect(url, prepare_threshold=None) as conn:
        postgres_load(conn, sources)
        conn.autocommit = True
        cursor = conn.cursor()

        def unit(source: str) -> object:
            cursor.execute("SELECT source, target, engine FROM units WHERE source_lang='en' "
                           "AND target_lang='pt_BR' AND source = ANY(%s)", ([source],))
            return cursor.fetchone()

        def l10n(query: str) -> str | None:
            for source, _ in fx.close_sources(conn, "postgresql", PAIR, query,
                                              DEFAULT_THRESHOLD):
                if source != query and admissible(query, source) and unit(source):
                    return source
            return None

        results = [run_method("l10n postgresql", size, asked, l10n, unit)]
        trigram_indexes(conn)

        def weblate(query: str) -> str | None:
            cursor.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, false)",
                           (str(weblate_similarity(query)),))
            cursor.execute("SELECT source, target FROM units WHERE source_lang='en' AND "
                           "target_lang='pt_BR' AND source %% %s LIMIT 50", (query,))
            return answer(query, [r[0] for r in cursor.fetchall()])

        def knn(query: str) -> str | None:
            cursor.execute("SELECT source, target FROM units WHERE source_lang='en' AND "
                           "target_lang='pt_BR' ORDER BY source <-> %s LIMIT 10", (query,))
            return answer(query, [r[0] for r in cursor.fetchall()])

        results.append(run_method("weblate (pg_trgm %)", size, asked, weblate))
        results.append(run_method("gist knn (<->)", size, asked, knn, limit=slow_limit))
    return results


def scan_result(size: int, sources: list[str], asked: Queries, limit: int | None) -> Result:
    def scan(query: str) -> str | None:
        found = process.extract(query, sources, scorer=Indel.normalized_similarity,
                                score_cutoff=DEFAULT_THRESHOLD, limit=None)
        return answer(query, [f[0] for f in found])

    return run_method("rapidfuzz scan", size, asked, scan, limit=limit)


def ms(values: list[float], share: float) -> str:
    if not values:
        return "–"
    ordered = sorted(values)
    value = statistics.median(ordered) if share == 0.5 else ordered[
        min(len(ordered) - 1, int(share * len(ordered)))]
    return f"{value * 1000:.1f}"


def table(results: list[Result]) -> str:
    lines = ["| units | method | fuzzy median ms | fuzzy p95 ms | edits found | new matched | "
             "exact median ms | exact p95 ms |", "|---:|---|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        asked = len(r.times) // 2
        lines.append(f"| {r.size:,} | {r.method} | {ms(r.times, 0.5)} | {ms(r.times, 0.95)} | "
                     f"{r.found}/{asked} | {r.false}/{asked} | {ms(r.exact, 0.5)} | "
                     f"{ms(r.exact, 0.95)} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--url", help="a PostgreSQL database to use instead of a throwaway one")
    parser.add_argument("--slow-queries", type=int, default=None,
                        help="edits (and as many new sentences) for the GiST KNN query and the scan")
    args = parser.parse_args()
    started = time.perf_counter()
    rng = random.Random(20261201)
    real = real_sentences()
    rng.shuffle(real)
    held_out = [s for s in real[: 4 * args.queries] if len(s.split(" ")) >= 4]
    real = real[4 * args.queries :]
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="l10n-bench-memory-") as folder, (
        throwaway_postgres() if args.url is None else _given(args.url)
    ) as url:
        for size in args.sizes:
            sources = memory_sources(size, real, random.Random(size))
            asked = queries(sources, held_out, random.Random(size + 1), args.queries)
            results.append(sqlite_results(size, sources, asked, Path(folder)))
            results.extend(postgres_results(size, sources, asked, url, args.slow_queries))
            results.append(scan_result(size, sources, asked, args.slow_queries))
            print(f"{size:,} units done at {time.perf_counter() - started:.0f} s", flush=True)
    print(f"real msgids: {len(real):,} (+{len(held_out)} held out); threshold "
          f"{DEFAULT_THRESHOLD}; load average: "
          f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}; total "
          f"{time.perf_counter() - started:.0f} s\n")
    print(table(results))


@contextmanager
def _given(url: str) -> Iterator[str]:
    yield url


if __name__ == "__main__":
    main()
