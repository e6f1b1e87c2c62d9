"""``--shard I/N``: N shard runs, as parallel ``l10n`` processes, do exactly one run's work."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from l10n.cli import main
from l10n.project.shards import Shard, ShardError, parse_shard, shard_of

ARTICLES = Path(__file__).parent / "data" / "articles"
L10N = [sys.executable, "-m", "l10n"]
_DATES = re.compile(rb'^"(POT-Creation-Date|PO-Revision-Date): .*\\n"$', re.MULTILINE)


def make_project(root: Path) -> Path:
    """A project of 24 real articles (Markdown and plain text, some in sub-folders)."""
    mds = sorted(p for p in ARTICLES.iterdir() if p.suffix in (".md", ".markdown"))[:17]
    txts = sorted(p for p in ARTICLES.glob("text-*.txt"))[:7]
    for i, article in enumerate(mds + txts):
        folder = root / "source" / ("world" if i % 3 == 0 else "") / ("2026" if i % 5 == 0 else "")
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(article, folder / article.name)
    (root / "l10n.toml").write_text(
        'source_language = "en"\nlocales = ["pt_BR", "de"]\n\n[translate]\nengine = "pseudo"\n')
    return root


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` and its bytes; the two wall-clock date headers of gettext
    (the minute a template or catalog was made) are the only thing masked."""
    return {p.relative_to(folder).as_posix(): _DATES.sub(rb'"\1: (date)\\n"', p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run_all(project: Path, steps: list[list[str]], count: int | None) -> None:
    """Each step in ``project``: once, or as ``count`` shard processes running at once."""
    for step in steps:
        shards = [[]] if count is None else [["--shard", f"{i}/{count}"] for i in range(1, count + 1)]
        procs = [subprocess.Popen([*L10N, "-C", str(project), *step, *extra],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                 for extra in shards]
        for proc in procs:
            out, err = proc.communicate(timeout=300)
            assert proc.returncode == 0, (step, out.decode(), err.decode())


STEPS = [["extract"], ["translate", "--no-memory"], ["build", "--include-drafts"]]
"""Without the memory, as on machines that each start with their own: with one SQLite memory
shared by shards on one machine, a sentence also found in another shard's article may be drafted
``via=memory`` (the same text) instead of by the engine, depending on which shard is first."""


@pytest.mark.parametrize("count", [1, 3, 8])
def test_parallel_shards_write_the_same_locales_and_build_as_one_run(tmp_path: Path,
                                                                     count: int) -> None:
    single = make_project(tmp_path / "single")
    sharded = make_project(tmp_path / "sharded")
    run_all(single, STEPS, None)
    run_all(sharded, STEPS, count)
    for folder in ("locales", "build"):
        expected, got = tree(single / folder), tree(sharded / folder)
        assert len(expected) >= 24 * 2
        assert got.keys() == expected.keys()
        assert [name for name in expected if got[name] != expected[name]] == []
    # no temporary file left by a shard in either folder
    assert not list(sharded.rglob("*.l10n-tmp"))


def test_each_shard_writes_only_its_articles_and_status_aggregates(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    run_all(project, [["extract"]], None)
    before = {p: p.read_bytes() for p in (project / "locales").rglob("*.po")}
    subprocess.run([*L10N, "-C", str(project), "translate", "--shard", "2/3"],
                   capture_output=True, text=True, check=True)
    rels = [p.relative_to(project / "source").as_posix() for p in (project / "source").rglob("*")
            if p.is_file()]
    mine = {Path(r).with_suffix("").as_posix() for r in rels if shard_of(r, 3) == 2}
    assert mine and len(mine) < len(rels)
    changed = set()
    for path, old in before.items():
        locale = path.relative_to(project / "locales").parts[0]
        if path.read_bytes() != old:
            changed.add(path.relative_to(project / "locales" / locale).with_suffix("").as_posix())
    assert changed and changed <= mine  # an article without prose has nothing to draft
    whole = subprocess.run([*L10N, "-C", str(project), "status", "--json"], capture_output=True,
                           text=True, check=True).stdout
    part = subprocess.run([*L10N, "-C", str(project), "status", "--json", "--shard", "2/3"],
                          capture_output=True, text=True, check=True).stdout
    assert whole.count('"locale"') == 2 * len(rels)
    assert part.count('"locale"') == 2 * len(mine)


@pytest.mark.parametrize("value", ["3/2", "0/0", "a/b", "1/0", "0/3", "2", "1/3/4", "-1/2"])
def test_a_bad_shard_is_a_usage_error(tmp_path: Path, value: str) -> None:
    make_project(tmp_path)
    for command in ("extract", "translate", "build", "status", "run"):
        result = CliRunner().invoke(main, ["-C", str(tmp_path), command, "--shard", value])
        assert result.exit_code == 2, (command, result.output)
        assert "--shard" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "locales").exists()


@given(st.lists(st.text(min_size=1, max_size=30), min_size=1, max_size=40, unique=True),
       st.integers(min_value=1, max_value=12))
def test_every_article_is_in_exactly_one_shard(paths: list[str], count: int) -> None:
    for path in paths:
        holders = [i for i in range(1, count + 1) if Shard(i, count).holds(path)]
        assert holders == [shard_of(path, count)]


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=1, max_value=999))
def test_parse_shard_accepts_exactly_one_based_indexes(index: int, count: int) -> None:
    if index <= count:
        assert parse_shard(f"{index}/{count}") == Shard(index, count)
    else:
        with pytest.raises(ShardError):
            parse_shard(f"{index}/{count}")


def test_the_split_depends_on_the_path_only() -> None:
    # a fixed hash, the same in every process and on every machine (never Python's hash())
    out = subprocess.run([sys.executable, "-c", "from l10n.project.shards import shard_of;"
                          "print([shard_of(p, 8) for p in ('a.md', 'world/bakhmut.md')])"],
                         capture_output=True, text=True, check=True, env={"PYTHONHASHSEED": "7"})
    assert out.stdout.strip() == str([shard_of(p, 8) for p in ("a.md", "world/bakhmut.md")])
