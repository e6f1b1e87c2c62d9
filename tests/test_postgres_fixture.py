"""The PostgreSQL fixture gives each test its own empty database on a real server."""

from __future__ import annotations


def test_each_test_gets_an_empty_database_of_its_own(postgres_dsn: str) -> None:
    import psycopg

    with psycopg.connect(postgres_dsn, autocommit=True) as conn:
        conn.execute("CREATE TABLE t (x int)")
        conn.execute("INSERT INTO t VALUES (1)")
        row = conn.execute("SELECT count(*), current_setting('server_version_num')::int").fetchone()
    assert row is not None
    assert row[0] == 1
    assert row[1] >= 130000


def test_a_second_test_does_not_see_the_first_tests_tables(postgres_dsn: str) -> None:
    import psycopg

    with psycopg.connect(postgres_dsn) as conn:
        row = conn.execute("SELECT count(*) FROM pg_tables WHERE tablename = 't'").fetchone()
    assert row == (0,)
