"""Translate reads, drafts, saves and releases catalogs a batch at a time (memory bounded by a
batch, not the project), with the outcome of one run over all files: the oracle of every test
is the same run as one batch (``batch_entries`` larger than the project), which is how
``run_translate`` worked before batching."""

from __future__ import annotations

import gc
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n.catalog.store import PoStyle
from l10n.errors import PoSyntaxError
from l10n.mt.engines import Limits
from l10n.mt.translate import TranslateJob, TranslateOptions, TranslateReport, run_translate
from tests.test_translate import TODAY, FakeEngine, register, write_po

ONE_BATCH = 10**9


def translate(paths: Sequence[Path], batch: int, **options: object) -> TranslateReport:
    opts = {"style": PoStyle(79), "today": TODAY, "batch_entries": batch, **options}
    jobs = [TranslateJob(p, "pt_BR", "en", "fake") for p in paths]
    return run_translate(jobs, options=TranslateOptions(**opts))  # type: ignore[arg-type]


def articles(root: Path, count: int) -> list[Path]:
    """``count`` catalogs of 10 entries, one sentence shared by all of them."""
    root.mkdir(parents=True, exist_ok=True)
    return [
        write_po(root / f"a{i:03}.po", ["Shared sentence.", *(f"Sentence {i}-{j}." for j in range(9))])
        for i in range(count)
    ]


def live_catalogs() -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, polib.POFile))


class CountingEngine(FakeEngine):
    """A fake engine that records the most catalogs alive during any of its requests."""

    most_alive = 0

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        self.most_alive = max(self.most_alive, live_catalogs())
        return super().translate_batch(texts, source, target)


def test_catalogs_held_at_once_do_not_grow_with_the_number_of_articles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    most = []
    for count in (4, 24):
        engine = CountingEngine(limits=Limits(max_chars=10_000, max_items=50, max_concurrency=1))
        register(monkeypatch, engine)
        report = translate(articles(tmp_path / str(count), count), batch=20)
        assert report.filled == 10 * count and report.failed == 0
        most.append(engine.most_alive)
    assert most[0] == most[1] <= 3  # a batch of 20 entries is two 10-entry catalogs


def test_a_sentence_repeated_across_batches_is_sent_once_and_drafted_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outcomes = []
    for batch in (ONE_BATCH, 1):
        engine = FakeEngine(limits=Limits(max_chars=10_000, max_items=4, max_concurrency=2))
        register(monkeypatch, engine)
        paths = articles(tmp_path / str(batch), 6)
        report = translate(paths, batch)  # the memory is off: only the run remembers
        assert engine.sent.count("Shared sentence.") == 1
        outcomes.append(([p.read_bytes() for p in paths], len(engine.calls), report.to_json()))
    one, batched = outcomes
    assert batched[0] == one[0]  # same PO bytes: drafts and provenance comments
    assert batched[1] == one[1]  # same number of requests
    drop = ("path",)
    assert [{k: v for k, v in f.items() if k not in drop} for f in batched[2].pop("files")] == [
        {k: v for k, v in f.items() if k not in drop} for f in one[2].pop("files")
    ]
    assert batched[2] == one[2]


def test_progress_total_is_the_whole_run_from_the_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    register(monkeypatch, FakeEngine())
    seen: list[tuple[int, int]] = []
    paths = articles(tmp_path, 5)
    jobs = [TranslateJob(p, "pt_BR", "en", "fake") for p in paths]
    run_translate(jobs, options=TranslateOptions(PoStyle(79), today=TODAY, batch_entries=10),
                  progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (0, 50) and seen[-1] == (50, 50)
    assert {total for _, total in seen} == {50}
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_a_broken_catalog_in_a_later_batch_stops_the_run_before_anything_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = FakeEngine()
    register(monkeypatch, engine)
    paths = articles(tmp_path, 4)
    paths[3].write_text(paths[3].read_text(encoding="utf-8") + '\nmsgid "x"\nmsgstr\n',
                        encoding="utf-8")
    before = [p.read_bytes() for p in paths]
    with pytest.raises(PoSyntaxError) as error:
        translate(paths, batch=10)
    assert error.value.path == paths[3]
    assert [p.read_bytes() for p in paths] == before and engine.calls == []


def _project(root: Path, files: list[list[tuple[str, str]]]) -> list[Path]:
    root.mkdir()
    return [
        write_po(root / f"f{i}.po", [polib.POEntry(msgid=m, msgstr=s) for m, s in entries])
        for i, entries in enumerate(files)
    ]


SENTENCES = st.sampled_from(["Good morning.", "Good morning!", "The mayor spoke.", "2022-10-20",
                             "The mayor spoke today.", "Rain fell on **Kyiv**.", "Rain fell."])
FILES = st.lists(
    st.lists(st.tuples(SENTENCES, st.sampled_from(["", "", "Bom dia.", "Chuva."])), min_size=1,
             max_size=5, unique_by=lambda e: e[0]),
    min_size=1, max_size=6,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=FILES, batch=st.integers(1, 12), memory=st.booleans(), dry_run=st.booleans())
def test_batched_run_equals_the_one_batch_run(
    monkeypatch: pytest.MonkeyPatch, files: list[list[tuple[str, str]]], batch: int,
    memory: bool, dry_run: bool,
) -> None:
    """Human translations of any file answer every batch, close memory matches and copies are
    the same, dry-run counts are the same: bytes and reports equal the one-batch run's."""
    root = Path(tempfile.mkdtemp())
    try:
        results = []
        for size, name in ((ONE_BATCH, "one"), (batch, "batched")):
            engine = FakeEngine(limits=Limits(max_chars=10_000, max_items=3, max_concurrency=1))
            register(monkeypatch, engine)
            paths = _project(root / name, files)
            tm = root / f"{name}.sqlite" if memory else None
            report = translate(paths, size, memory_path=tm, dry_run=dry_run).to_json()
            for file in report["files"]:
                file.pop("path")
            results.append(([p.read_bytes() for p in paths], engine.calls, report))
        assert results[1] == results[0]
    finally:
        shutil.rmtree(root)
