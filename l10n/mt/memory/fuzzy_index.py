"""The close-match index of the translation memory, kept in the memory's own database.

Loading every human unit of a language pair into the process before the first close match
(:class:`l10n.mt.memory.fuzzy.FuzzyIndex`) is fine for 100,000 units and too slow and too big
for a team's memory of millions. This index lives next to the units, in SQLite or PostgreSQL,
written in the same transaction as the units it indexes (:func:`add_sources`), so a lookup reads
only the few postings it needs:

``fuzzy_sources(pair, key, source, length)``
    each distinct source text of a pair once; ``key`` is a 63-bit hash of the text (a second
    text with the same hash, about one chance in 20 million at 10^6 units, is left out of the index);
``fuzzy_tokens(pair, token, length, key)``
    one row per distinct term of a source (:func:`terms`: pairs of consecutive words); its
    primary key is the B-tree a lookup scans: one range per term, within the length window;
``fuzzy_df(pair, token, count)``
    how many sources of the pair have the term, to pick a query's rarest terms.

A lookup (:func:`close_sources`) is the in-process index's algorithm on these tables, with word
pairs for words: a candidate must share :data:`TERM_OVERLAP` of the query's distinct terms and
have a length that can reach the threshold (Indel similarity ``s`` needs the shorter text to be
at least ``s / (2 - s)`` of the longer one). Prefix filtering: sharing that many terms, a
candidate shares one of the query's ``n - required + 1`` rarest, so only their postings are
read; rarer-than-:data:`READ_POSTINGS` terms beyond those are read too, and each of them raises
the count of read terms a candidate must have; the database counts them, so few texts come
back to be scored with RapidFuzz (gettext's ``fstrcmp`` measure); the caller applies the
news-safe rules. After a bulk load PostgreSQL needs ``VACUUM ANALYZE`` (autovacuum does it) for
index-only scans and good plans.

Writers are safe together on PostgreSQL: every insert is ``ON CONFLICT DO NOTHING`` and only the
writer whose source row was new counts its tokens (upserts in token order, so two writers never
deadlock). The functions take a DB-API connection and a dialect name and never commit: the
caller's transaction holds the units and their index together.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from rapidfuzz import process
from rapidfuzz.distance import Indel

from l10n.mt.memory.model import FUZZY_ENGINES

Dialect = Literal["sqlite", "postgresql"]

TOKEN = re.compile(r"[^\W\d_]+|\d+")
"""A word token: a run of letters or a run of digits, compared lower-cased."""

OVERLAP = 0.6
"""Share of the query's distinct word tokens a candidate must share to be scored (the
in-process index, :class:`l10n.mt.memory.fuzzy.FuzzyIndex`). On the benchmark's one-word edits
0.5, 0.6 and 0.7 find the same originals (295 of 300) at 9.7, 4.9 and 1.6 ms a query (100 k
units, a loaded machine); 0.6 leaves room for edits of two words in short sentences."""

TERM_OVERLAP = 0.5
"""Share of the query's distinct :func:`terms` (word pairs) a candidate must share to be scored
(this index). One changed word breaks at most two pairs, so a one-word edit of an 8-word
sentence still shares 5 of its 7 pairs."""

READ_POSTINGS = 20_000
"""Postings a lookup reads, at most, beyond the mandatory prefix tokens: each further rare
token read lets it ask candidates to have one more of the read tokens, so PostgreSQL or SQLite
counts them (``GROUP BY key HAVING count(*) >= needed``) and returns few texts to score."""

_SCHEMA = {
    "sqlite": [
        "CREATE TABLE IF NOT EXISTS fuzzy_sources (pair TEXT NOT NULL, key INTEGER NOT NULL, "
        "source TEXT NOT NULL, length INTEGER NOT NULL, PRIMARY KEY (pair, key)) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS fuzzy_tokens (pair TEXT NOT NULL, token TEXT NOT NULL, "
        "length INTEGER NOT NULL, key INTEGER NOT NULL, PRIMARY KEY (pair, token, length, key)) "
        "WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS fuzzy_df (pair TEXT NOT NULL, token TEXT NOT NULL, "
        "count INTEGER NOT NULL, PRIMARY KEY (pair, token)) WITHOUT ROWID",
    ],
    "postgresql": [
        "CREATE TABLE IF NOT EXISTS fuzzy_sources (pair TEXT NOT NULL, key BIGINT NOT NULL, "
        "source TEXT NOT NULL, length INTEGER NOT NULL, PRIMARY KEY (pair, key))",
        "CREATE TABLE IF NOT EXISTS fuzzy_tokens (pair TEXT NOT NULL, token TEXT NOT NULL, "
        "length INTEGER NOT NULL, key BIGINT NOT NULL, PRIMARY KEY (pair, token, length, key))",
        "CREATE TABLE IF NOT EXISTS fuzzy_df (pair TEXT NOT NULL, token TEXT NOT NULL, "
        "count BIGINT NOT NULL, PRIMARY KEY (pair, token))",
    ],
}

_SCHEMA_LOCK = 0x6C31306E66757A7A
"""PostgreSQL advisory lock id taken while creating the tables ("l10nfuzz")."""


@dataclass(frozen=True)
class IndexRows:
    """The rows that index some sources of one pair (for :func:`add_sources`, or for a bulk
    load with ``COPY`` into the three tables)."""

    sources: list[tuple[str, int, str, int]]
    """``fuzzy_sources`` rows: pair, key, source, length."""
    tokens: list[tuple[str, str, int, int]]
    """``fuzzy_tokens`` rows: pair, token, length, key."""


def pair_name(source_lang: str, target_lang: str) -> str:
    """The ``pair`` column of a language pair (``en>pt_BR``)."""
    return f"{source_lang}>{target_lang}"


def tokens(text: str) -> set[str]:
    """The distinct word tokens of ``text``, lower-cased."""
    return set(TOKEN.findall(text.lower()))


def terms(text: str) -> set[str]:
    """The distinct terms this index keeps for ``text``: pairs of consecutive word tokens
    (``"prime minister"``), or the one word of a one-word text. A pair is far rarer than
    either word ("the" is in most English sentences, "the patch" in few), so the postings a
    lookup must read stay short at millions of units."""
    words = TOKEN.findall(text.lower())
    if len(words) < 2:
        return set(words)
    return {f"{a} {b}" for a, b in zip(words, words[1:], strict=False)}


def source_key(source: str) -> int:
    """The ``key`` of a source text: a signed 63-bit hash of its UTF-8 bytes."""
    digest = hashlib.blake2b(source.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1


def index_rows(pair: str, sources: Iterable[str]) -> IndexRows:
    """The index rows of ``sources`` (distinct, non-empty) for ``pair`` (pure)."""
    source_rows: list[tuple[str, int, str, int]] = []
    token_rows: list[tuple[str, str, int, int]] = []
    seen: set[int] = set()
    for source in sources:
        key = source_key(source)
        if not source or key in seen:
            continue
        seen.add(key)
        source_rows.append((pair, key, source, len(source)))
        token_rows.extend((pair, term, len(source), key) for term in sorted(terms(source)))
    return IndexRows(source_rows, token_rows)


def similar(query: str, texts: Sequence[str], threshold: float) -> list[tuple[str, float, int]]:
    """(text, similarity, position) of the ``texts`` at least ``threshold`` similar to
    ``query`` by gettext's measure. RapidFuzz's own cut-off drops a text scoring exactly the
    cut-off (0.6 for "The the the." against "The the the the the council."), so it is asked for
    a little less and the threshold is applied here."""
    found = process.extract(query, texts, scorer=Indel.normalized_similarity,
                            score_cutoff=max(0.0, threshold - 1e-6), limit=None)
    return [(text, float(score), position) for text, score, position in found
            if score >= threshold - 1e-9]


def _sql(dialect: Dialect, sql: str) -> str:
    return sql if dialect == "sqlite" else sql.replace("?", "%s")


def has_schema(conn: Any, dialect: Dialect) -> bool:
    """Whether the index's tables exist in ``conn``'s database."""
    if dialect == "sqlite":
        row = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='fuzzy_df'"
        ).fetchone()
        return row is not None
    cursor = conn.cursor()
    cursor.execute("SELECT to_regclass('fuzzy_df') IS NOT NULL")
    return bool(cursor.fetchone()[0])


def create_schema(conn: Any, dialect: Dialect) -> bool:
    """Create the index's tables if they are missing (in the caller's transaction); True when
    they were missing, so the caller fills them from the units it already has
    (:func:`add_sources` per pair)."""
    if dialect == "postgresql":
        conn.cursor().execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
    if has_schema(conn, dialect):
        return False
    cursor = conn.cursor()
    for statement in _SCHEMA[dialect]:
        cursor.execute(statement)
    return True


def _new_keys(conn: Any, dialect: Dialect, rows: IndexRows) -> set[int]:
    """Insert the source rows; the keys that were not indexed before."""
    cursor = conn.cursor()
    if dialect == "postgresql":
        if not rows.sources:
            return set()
        pair = rows.sources[0][0]
        cursor.execute(
            "INSERT INTO fuzzy_sources (pair, key, source, length) "
            "SELECT %s, k, s, l FROM unnest(%s::bigint[], %s::text[], %s::int[]) AS u(k, s, l) "
            "ON CONFLICT DO NOTHING RETURNING key",
            (pair, [r[1] for r in rows.sources], [r[2] for r in rows.sources],
             [r[3] for r in rows.sources]),
        )
        return {int(row[0]) for row in cursor.fetchall()}
    new: set[int] = set()
    for row in rows.sources:
        cursor.execute(
            "INSERT OR IGNORE INTO fuzzy_sources (pair, key, source, length) VALUES (?,?,?,?)",
            row,
        )
        if cursor.rowcount == 1:
            new.add(row[1])
    return new


def add_sources(conn: Any, dialect: Dialect, pair: str, sources: Iterable[str]) -> int:
    """Index ``sources`` of ``pair`` (idempotent: known texts are skipped), in the caller's
    transaction; returns how many texts were new."""
    rows = index_rows(pair, sources)
    new = _new_keys(conn, dialect, rows)
    if not new:
        return 0
    token_rows = [row for row in rows.tokens if row[3] in new]
    counts = Counter(row[1] for row in token_rows)
    cursor = conn.cursor()
    if dialect == "postgresql":
        cursor.execute(
            "INSERT INTO fuzzy_tokens (pair, token, length, key) "
            "SELECT %s, t, l, k FROM unnest(%s::text[], %s::int[], %s::bigint[]) AS u(t, l, k) "
            "ON CONFLICT DO NOTHING",
            (pair, [r[1] for r in token_rows], [r[2] for r in token_rows],
             [r[3] for r in token_rows]),
        )
        ordered = sorted(counts)
        cursor.execute(
            "INSERT INTO fuzzy_df AS d (pair, token, count) "
            "SELECT %s, t, c FROM unnest(%s::text[], %s::bigint[]) AS u(t, c) ORDER BY t "
            "ON CONFLICT (pair, token) DO UPDATE SET count = d.count + excluded.count",
            (pair, ordered, [counts[t] for t in ordered]),
        )
        return len(new)
    cursor.executemany(
        "INSERT OR IGNORE INTO fuzzy_tokens (pair, token, length, key) VALUES (?,?,?,?)",
        token_rows,
    )
    cursor.executemany(
        "INSERT INTO fuzzy_df (pair, token, count) VALUES (?,?,?) "
        "ON CONFLICT (pair, token) DO UPDATE SET count = count + excluded.count",
        [(pair, token, counts[token]) for token in sorted(counts)],
    )
    return len(new)


def add_units(conn: Any, dialect: Dialect, rows: Iterable[Sequence[str]]) -> int:
    """Index the close-match candidates among units given as rows beginning (source_lang,
    target_lang, engine, source): those of :data:`~l10n.mt.memory.model.FUZZY_ENGINES`, per
    language pair, in the caller's transaction (every backend's ``store`` and the backfill of a
    memory from before the index call this); returns how many texts were new."""
    pairs: dict[str, list[str]] = {}
    for source_lang, target_lang, engine, source, *_ in rows:
        if engine in FUZZY_ENGINES:
            pairs.setdefault(pair_name(source_lang, target_lang), []).append(source)
    return sum(add_sources(conn, dialect, pair, sources) for pair, sources in pairs.items())


def _chunks(values: Sequence[Any], size: int = 500) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _select_in(conn: Any, dialect: Dialect, sql: str, args: tuple[Any, ...],
               values: Sequence[Any]) -> list[tuple[Any, ...]]:
    """Run ``sql`` whose last condition is ``IN (…)`` (written ``IN ({})``) over ``values``."""
    cursor = conn.cursor()
    if dialect == "postgresql":
        cursor.execute(_sql(dialect, sql.replace("IN ({})", "= ANY(?)")), (*args, list(values)))
        return list(cursor.fetchall())
    found: list[tuple[Any, ...]] = []
    for part in _chunks(values):
        cursor.execute(sql.format(",".join("?" * len(part))), (*args, *part))
        found.extend(cursor.fetchall())
    return found


def length_window(size: int, threshold: float) -> tuple[int, int]:
    """Source lengths that can reach ``threshold`` against a query of ``size`` characters."""
    low = math.ceil(size * threshold / (2 - threshold) - 1e-9)
    high = math.floor(size * (2 - threshold) / threshold + 1e-9)
    return low, high


@dataclass(frozen=True)
class Plan:
    """Which postings a lookup reads and what a candidate must have."""

    tokens: list[str]
    """The query's tokens whose postings are read (the rarest ones, known to the index)."""
    needed: int
    """How many of them a candidate must have."""
    low: int
    """Shortest source length that can reach the threshold."""
    high: int
    """Longest source length that can reach the threshold."""


def plan(conn: Any, dialect: Dialect, pair: str, query: str, threshold: float) -> Plan | None:
    """The postings to read for ``query`` (one query for the token frequencies), or ``None``
    when no source can share enough of its tokens."""
    distinct = terms(query)
    if not distinct:
        return None
    df = {str(t): int(c) for t, c in _select_in(
        conn, dialect, "SELECT token, count FROM fuzzy_df WHERE pair=? AND token IN ({})",
        (pair,), sorted(distinct))}
    ordered = sorted(distinct, key=lambda t: (df.get(t, 0), t))
    required = max(1, math.ceil(TERM_OVERLAP * len(ordered) - 1e-9))
    read = len(ordered) - required + 1  # prefix filtering: one of these is shared
    budget = READ_POSTINGS - sum(df.get(t, 0) for t in ordered[:read])
    while read < len(ordered) and df.get(ordered[read], 0) <= budget:
        budget -= df.get(ordered[read], 0)
        read += 1
    # a candidate misses at most len - required tokens, so it has this many of the read ones
    needed = max(1, required - (len(ordered) - read))
    known = [token for token in ordered[:read] if df.get(token)]
    if len(known) < needed:
        return None
    low, high = length_window(len(query), threshold)
    return Plan(known, needed, low, high)


def close_sources(conn: Any, dialect: Dialect, pair: str, query: str,
                  threshold: float) -> list[tuple[str, float]]:
    """Indexed sources of ``pair`` at least ``threshold`` similar to ``query`` (gettext's
    measure), most similar first (ties: the shorter, then by text), the query itself
    included if it is indexed; the caller applies the news-safe rules. Three indexed queries:
    the token frequencies, the candidates (counted in the database), their texts."""
    if not 0.0 < threshold <= 1.0:
        return []
    wanted = plan(conn, dialect, pair, query, threshold)
    if wanted is None:
        return []
    tokens_in = "= ANY(%s)" if dialect == "postgresql" else f"IN ({','.join('?' * len(wanted.tokens))})"
    values: tuple[Any, ...] = (wanted.tokens,) if dialect == "postgresql" else tuple(wanted.tokens)
    cursor = conn.cursor()
    cursor.execute(
        _sql(dialect, "SELECT key FROM fuzzy_tokens WHERE pair=? AND length BETWEEN ? AND ? "
                      f"AND token {tokens_in} GROUP BY key HAVING count(*) >= ?"),
        (pair, wanted.low, wanted.high, *values, wanted.needed))
    keys = [int(row[0]) for row in cursor.fetchall()]
    texts = [str(row[0]) for row in _select_in(
        conn, dialect, "SELECT source FROM fuzzy_sources WHERE pair=? AND key IN ({})",
        (pair,), keys)] if keys else []
    ranked = sorted(similar(query, texts, threshold), key=lambda f: (-f[1], len(f[0]), f[0]))
    return [(text, float(score)) for text, score, _ in ranked]
