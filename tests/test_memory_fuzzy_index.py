"""The close-match index in the memory's database: the same answers on SQLite and PostgreSQL,
every close enough source found (against a brute-force scan), idempotent and exact under
concurrent writers, maintained by the memory's store and built for a memory from before it."""

from __future__ import annotations

import math
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Indel

from l10n.mt.memory import HUMAN, IMPORTED, MemoryUnit, TranslationMemory
from l10n.mt.memory import fuzzy_index as fx
from l10n.mt.memory.fuzzy import FuzzyIndex, MemoryMatcher

PAIR = fx.pair_name("en", "pt_BR")
MET = "He met the prime minister in Lisbon on the first day of the summit."
SOURCES = [MET, "The council voted to close the old bridge over the river.",
           "He met the finance minister in Porto.", "Rain is expected over the weekend."]


def connect(dialect: str, dsn: str | None) -> Any:
    if dialect == "sqlite":
        return sqlite3.connect(":memory:")
    import psycopg

    return psycopg.connect(dsn or "", prepare_threshold=None)


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest) -> Iterator[tuple[Any, fx.Dialect]]:
    dsn = request.getfixturevalue("postgres_dsn") if request.param == "postgresql" else None
    conn = connect(request.param, dsn)
    assert fx.create_schema(conn, request.param)
    conn.commit()
    yield conn, request.param
    conn.close()


def rows(conn: Any, sql: str) -> list[tuple[Any, ...]]:
    cursor = conn.cursor()
    cursor.execute(sql)
    return list(cursor.fetchall())


def true_frequencies(conn: Any) -> dict[str, int]:
    return {str(t): int(c) for t, c in rows(
        conn, "SELECT token, count(*) FROM fuzzy_tokens GROUP BY token")}


def test_a_one_word_edit_finds_its_original_and_nothing_unrelated(
    db: tuple[Any, fx.Dialect]
) -> None:
    conn, dialect = db
    assert fx.add_sources(conn, dialect, PAIR, SOURCES) == 4
    conn.commit()
    edited = MET.replace("first", "second")
    found = fx.close_sources(conn, dialect, PAIR, edited, 0.75)
    assert [source for source, _ in found] == [MET]
    assert found[0][1] == pytest.approx(Indel.normalized_similarity(edited, MET))
    assert fx.close_sources(conn, dialect, PAIR, "Markets fell sharply in Tokyo today.", 0.75) == []
    assert fx.close_sources(conn, dialect, fx.pair_name("en", "de"), edited, 0.75) == []


def test_adding_the_same_sources_again_changes_nothing(db: tuple[Any, fx.Dialect]) -> None:
    conn, dialect = db
    fx.add_sources(conn, dialect, PAIR, SOURCES[:3])
    assert fx.add_sources(conn, dialect, PAIR, [*SOURCES, *SOURCES]) == 1
    conn.commit()
    assert rows(conn, "SELECT count(*) FROM fuzzy_sources")[0][0] == 4
    stored = {str(t): int(c) for t, c in rows(conn, "SELECT token, count FROM fuzzy_df")}
    assert stored == true_frequencies(conn)
    assert stored["over the"] == 2 and stored["he met"] == 2


def test_concurrent_writers_on_postgresql_lose_and_double_count_nothing(postgres_dsn: str) -> None:
    import psycopg

    with psycopg.connect(postgres_dsn) as conn:
        fx.create_schema(conn, "postgresql")
    words = ["the", "council", "voted", "mayor", "said", "river", "bridge", "opened", "after"]
    texts = [f"{words[i % 9]} {words[(i * 7) % 9]} report number {i} of the day." for i in range(400)]
    errors: list[BaseException] = []

    def writer(start: int) -> None:
        try:
            with psycopg.connect(postgres_dsn, prepare_threshold=None) as conn:
                for chunk in range(start, start + 300, 25):  # overlapping shares
                    with conn.transaction():
                        fx.add_sources(conn, "postgresql", PAIR, texts[chunk : chunk + 25])
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(start,)) for start in (0, 50, 100, 0)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with psycopg.connect(postgres_dsn) as conn:
        assert rows(conn, "SELECT count(*) FROM fuzzy_sources")[0][0] == 400
        stored = {str(t): int(c) for t, c in rows(conn, "SELECT token, count FROM fuzzy_df")}
        assert stored == true_frequencies(conn)
        assert stored["report number"] == 400


WORDS = st.sampled_from(["the", "council", "voted", "mayor", "said", "river", "bridge", "opened",
                         "after", "years", "of", "work", "on", "its", "road", "station", "a"])
SENTENCE = st.lists(WORDS, min_size=3, max_size=12).map(lambda w: " ".join(w).capitalize() + ".")


@settings(max_examples=120, deadline=None)
@given(sources=st.lists(SENTENCE, min_size=1, max_size=40, unique=True), query=SENTENCE,
       threshold=st.sampled_from([0.6, 0.75, 0.9]))
def test_every_source_close_enough_and_sharing_enough_words_is_found(
    sources: list[str], query: str, threshold: float
) -> None:
    conn = sqlite3.connect(":memory:")
    fx.create_schema(conn, "sqlite")
    fx.add_sources(conn, "sqlite", PAIR, sources)
    found = dict(fx.close_sources(conn, "sqlite", PAIR, query, threshold))
    wanted = fx.terms(query)
    required = math.ceil(fx.TERM_OVERLAP * len(wanted) - 1e-9)
    for source in sources:
        score = Indel.normalized_similarity(query, source)
        if score >= threshold and len(wanted & fx.terms(source)) >= required:
            assert found.get(source) == pytest.approx(score)
    assert all(Indel.normalized_similarity(query, s) >= threshold for s in found)


def human(source: str, target: str, engine: str = HUMAN) -> MemoryUnit:
    return MemoryUnit(source, target, "en", "pt_BR", engine)


def test_the_memory_indexes_human_and_imported_units_only(tmp_path: Path) -> None:
    with TranslationMemory(tmp_path / "tm.sqlite") as tm:
        tm.store([human(SOURCES[0], "A"), human(SOURCES[1], "B", IMPORTED),
                  human(SOURCES[2], "C", "deepl"), human(SOURCES[0], "A2", "deepl")])
        tm.store([human(SOURCES[0], "A")])
        indexed = rows(tm.connection, "SELECT source FROM fuzzy_sources ORDER BY source")
    assert [r[0] for r in indexed] == sorted(SOURCES[:2])


def old_memory(path: Path, units: list[MemoryUnit]) -> None:
    """A memory as the previous release wrote it: schema 2, no close-match index."""
    with TranslationMemory(path) as tm:
        tm.store(units)
    with sqlite3.connect(path) as conn:
        for table in ("fuzzy_sources", "fuzzy_tokens", "fuzzy_df"):
            conn.execute(f"DROP TABLE {table}")


def test_a_memory_from_before_the_index_is_indexed_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "tm.sqlite"
    old_memory(path, [human(MET, "Ele encontrou."), human(SOURCES[3], "Chuva.", "deepl")])
    query = MET.replace("first", "second")
    with TranslationMemory(path, readonly=True) as tm:  # read-only: matched in process
        assert not tm.fuzzy_indexed()
        match = MemoryMatcher(tm).best(query, "en", "pt_BR", 0.75)
        assert match is not None and match.unit.target == "Ele encontrou."
    with TranslationMemory(path) as tm:
        assert tm.fuzzy_indexed()
        assert rows(tm.connection, "SELECT source FROM fuzzy_sources") == [(MET,)]
        match = MemoryMatcher(tm).best(query, "en", "pt_BR", 0.75)
        assert match is not None and match.unit.target == "Ele encontrou."
        assert match.percent == math.floor(Indel.normalized_similarity(query, MET) * 100)


def test_the_run_s_own_translation_wins_over_a_less_similar_stored_one(tmp_path: Path) -> None:
    query = "The minister resigned on Monday evening."
    with TranslationMemory(tmp_path / "tm.sqlite") as tm:
        tm.store([human("The minister resigned on Monday.", "stored")])
        own = [human("The minister resigned on Monday night.", "own")]
        match = MemoryMatcher(tm, own).best(query, "en", "pt_BR", 0.75)
        assert match is not None and match.unit.target == "own"
        match = MemoryMatcher(tm).best(query, "en", "pt_BR", 0.75)
        assert match is not None and match.unit.target == "stored"


def test_index_rows_hold_each_distinct_word_pair_once_per_source() -> None:
    made = fx.index_rows(PAIR, ["The the THE cat.", "The the THE cat.", "10 cats, 10 dogs.",
                                "Cancel"])
    assert len(made.sources) == 3
    assert Counter(r[1] for r in made.tokens) == Counter(
        {"the the": 1, "the cat": 1, "10 cats": 1, "cats 10": 1, "10 dogs": 1, "cancel": 1})
    assert all(0 <= r[1] < 2**63 for r in made.sources)


def test_a_source_scoring_exactly_the_threshold_is_a_match_in_both_indexes() -> None:
    source, query = "The the the the the council.", "The the the."
    assert Indel.normalized_similarity(query, source) == 0.6
    match = FuzzyIndex([human(source, "x")]).best(query, 0.6)
    assert match is not None and match.score == 0.6
    conn = sqlite3.connect(":memory:")
    fx.create_schema(conn, "sqlite")
    fx.add_sources(conn, "sqlite", PAIR, [source])
    assert fx.close_sources(conn, "sqlite", PAIR, query, 0.6) == [(source, 0.6)]
