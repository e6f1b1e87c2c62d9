"""Rate budgets: 1/N of an engine's rate per shard, or one bucket per engine and key shared in
PostgreSQL by every process."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import time

from l10n.mt.engines.rate_budget import RateScope, SharedRateBudget, rate_budget, rate_scope
from l10n.mt.engines.reliability import RateLimiter

TAKER = """
import sys, time
from l10n.mt.engines.rate_budget import RateScope, rate_budget, rate_scope
with rate_scope(RateScope(shards=4, url=sys.argv[1])) as scope:
    budget = rate_budget("libre", float(sys.argv[2]), "SECRET-KEY-42")
    assert not scope.notices, scope.notices
    for _ in range(int(sys.argv[3])):
        budget.acquire()
        print(time.time(), flush=True)
"""


def test_processes_sharing_the_database_never_exceed_the_rate(postgres_dsn: str) -> None:
    rate, each = 10.0, 10
    procs = [subprocess.Popen([sys.executable, "-c", TAKER, postgres_dsn, str(rate), str(each)],
                              stdout=subprocess.PIPE, text=True) for _ in range(4)]
    times = sorted(float(line) for proc in procs for line in proc.communicate(timeout=120)[0].split())
    assert all(proc.returncode == 0 for proc in procs)
    assert len(times) == 4 * each
    # any window of W seconds holds at most burst (1) + rate * W starts (+1 for clock jitter)
    for i, start in enumerate(times):
        for window in (0.5, 1.0, 2.0):
            inside = sum(1 for t in times[i:] if t < start + window)
            assert inside <= 1 + rate * window + 1, (start, window, inside)
    assert times[-1] - times[0] >= (len(times) - 2) / rate * 0.9


def test_the_key_is_stored_only_as_its_sha256(postgres_dsn: str) -> None:
    import psycopg

    with rate_scope(RateScope(url=postgres_dsn)):
        budget = rate_budget("deepl", 5.0, "SECRET-KEY-42")
    assert isinstance(budget, SharedRateBudget)
    budget.acquire()
    budget.close()
    with psycopg.connect(postgres_dsn) as conn:
        rows = conn.execute("SELECT engine, key_sha256 FROM l10n_rate_budget").fetchall()
    assert rows == [("deepl", hashlib.sha256(b"SECRET-KEY-42").hexdigest())]


def test_without_a_database_a_shard_gets_one_nth_of_the_rate() -> None:
    with rate_scope(RateScope(shards=4)):
        budget = rate_budget("libre", 20.0, None)
    assert isinstance(budget, RateLimiter)
    started = time.monotonic()
    for _ in range(6):
        budget.acquire()
    assert time.monotonic() - started >= 5 / 5.0 * 0.95  # 5 requests per second, not 20


def test_an_unreachable_database_falls_back_to_the_share_with_a_notice() -> None:
    with rate_scope(RateScope(shards=2, url="postgresql://l10n@127.0.0.1:1/none")) as scope:
        budget = rate_budget("libre", 8.0, "SECRET-KEY-42")
    assert isinstance(budget, RateLimiter)
    assert len(scope.notices) == 1 and "4 requests per second" in scope.notices[0]
    assert "SECRET" not in scope.notices[0]
