"""``ordered_map``: results in the items' order from worker processes, only a few items handed
out ahead of the one collected (memory bounded by the largest item), the items ``local``
answers never sent, and a worker's error raised at its item's turn; ``build`` on many articles
(in workers) reports and writes exactly what it does in one process."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import l10n.workers as workers
from l10n.cli import main
from l10n.document.widths import display_width
from l10n.po.linebreak import char_width
from l10n.workers import ordered_map

pytestmark = pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="needs two cores for workers")


def square_with_pid(n: int) -> tuple[int, int]:
    if n == 13:
        raise ValueError("thirteen")
    return n * n, os.getpid()


def test_results_come_in_order_from_other_processes() -> None:
    items = [n for n in range(40) if n != 13]
    results = list(ordered_map(square_with_pid, items))
    assert [r for r, _ in results] == [n * n for n in items]
    assert {pid for _, pid in results} - {os.getpid()}  # worked in workers


def test_only_a_few_items_are_handed_out_ahead() -> None:
    handed: list[int] = []

    def local(n: int) -> None:
        handed.append(n)

    items = list(range(100))
    done = ordered_map(square_with_pid, [n for n in items if n != 13], local=local)
    next(done)
    ahead = min(os.cpu_count() or 1, workers.MAX_WORKERS) * workers.IN_FLIGHT
    assert len(handed) <= ahead + 1 < 99
    assert [r for r, _ in done] == [n * n for n in items if n not in (0, 13)]
    assert len(handed) == 99


def test_items_local_answers_are_not_sent_to_workers() -> None:
    def local(n: int) -> tuple[int, int] | None:
        return (-n, os.getpid()) if n % 2 else None

    results = list(ordered_map(square_with_pid, [n for n in range(30) if n != 13], local=local))
    expected = [-n if n % 2 else n * n for n in range(30) if n != 13]
    assert [r for r, _ in results] == expected
    assert {pid for (r, pid), n in zip(results, (n for n in range(30) if n != 13)) if n % 2} == {os.getpid()}


def test_a_workers_error_comes_at_its_items_turn() -> None:
    seen = []
    with pytest.raises(ValueError, match="thirteen"):
        for result, _ in ordered_map(square_with_pid, list(range(40))):
            seen.append(result)
    assert seen == [n * n for n in range(13)]


def test_few_items_are_done_in_this_process() -> None:
    results = list(ordered_map(square_with_pid, list(range(workers.MIN_ITEMS - 1))))
    assert {pid for _, pid in results} == {os.getpid()}


@given(st.text(alphabet=st.characters(max_codepoint=0x4FF), max_size=30))
def test_display_width_of_latin_text_is_what_char_width_says(text: str) -> None:
    assert display_width(text) == sum(max(char_width(c), 0) for c in text)


def test_every_printable_character_below_the_combining_marks_takes_one_column() -> None:
    for code in range(0x300):
        c = chr(code)
        if c.isprintable():
            assert display_width(c) == char_width(c) == 1, hex(code)


def _project(root: Path) -> Path:
    (root / "source").mkdir(parents=True)
    for i in range(12):
        body = "" if i != 5 else "---\ntitle: Shared\n---\n\n"
        (root / "source" / f"story{i:02d}.md").write_text(
            f"{body}# Story {i}\n\nThe desk filed {i} pages. See [the wire](https://example.com/{i}).\n",
            encoding="utf-8")
    (root / "l10n.toml").write_text(
        'source_language = "en"\nlocales = ["pt_BR", "de"]\n\n[translate]\nmemory = false\n'
        "[build]\ninclude_drafts = true\n", encoding="utf-8")
    for args in (["extract"], ["translate", "--engine", "pseudo"]):
        result = CliRunner().invoke(main, ["-C", str(root), *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    return root


def _in_workers_and_not(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[Path, Path]:
    """Two copies of :func:`_project`, ``args`` run on one in worker processes and on the other
    in this process alone; both print the same. The copies (one process, workers)."""
    one, many = _project(tmp_path / "one"), _project(tmp_path / "many")
    # A catalog edited by hand in both: a broken translation gives warnings to keep in order.
    for root in (one, many):
        po = root / "locales" / "de" / "story03.po"
        po.write_text(po.read_text(encoding="utf-8").replace("[the wire]", "[der Draht"), encoding="utf-8")
    parallel = CliRunner().invoke(main, ["-C", str(many), *args], catch_exceptions=False)
    monkeypatch.setattr(workers, "MIN_ITEMS", 10**6)
    serial = CliRunner().invoke(main, ["-C", str(one), *args], catch_exceptions=False)
    assert parallel.exit_code == serial.exit_code == 0, parallel.output
    assert parallel.output.replace(str(many), "ROOT") == serial.output.replace(str(one), "ROOT")
    return one, many


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_build_in_workers_writes_and_reports_what_one_process_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one, many = _in_workers_and_not(tmp_path, monkeypatch, "build", "--json")
    assert _tree(many / "build") == _tree(one / "build")
    assert len(_tree(many / "build")) == 24


def test_review_pages_made_in_workers_are_those_of_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one, many = _in_workers_and_not(tmp_path, monkeypatch, "review", "--layout", "split")
    date = re.compile(rb"Generated [0-9-]+ [0-9:]+ UTC")
    pages = {name: date.sub(b"", data) for name, data in _tree(many / "build").items() if name.startswith("review")}
    assert pages == {name: date.sub(b"", data) for name, data in _tree(one / "build").items()
                     if name.startswith("review")}
    assert len(pages) == 12 + 1 + 1  # the articles' pages, the index, the folder's marker
