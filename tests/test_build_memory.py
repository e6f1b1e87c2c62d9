"""``build`` holds one article at a time: each output is written before the next article is
read, so its memory is bounded by the largest article, not by the project; an article that
fails to parse stops the run with one line, the outputs before it complete and written."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import l10n.project.building as building
from l10n.cli import main
from l10n.config import load_config
from l10n.project import Action, build

ARTICLES = {f"art{i}.md": f"# Title {i}\n\nSentence {i} of the desk. Another one, number {i}.\n"
            for i in range(4)}


def project(root: Path) -> Path:
    (root / "source").mkdir(parents=True)
    for name, text in ARTICLES.items():
        (root / "source" / name).write_text(text, encoding="utf-8")
    (root / "l10n.toml").write_text('source_language = "en"\nlocales = ["pt_BR", "de"]\n'
                                    '[build]\ninclude_drafts = true\n',
                                    encoding="utf-8")
    for args in (["extract"], ["translate", "--engine", "pseudo", "--no-memory"]):
        result = CliRunner().invoke(main, ["-C", str(root), *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    return root


def test_each_output_is_written_before_the_next_article_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(tmp_path)
    events: list[tuple[str, str]] = []
    load, write = building.load_article, building.WriteBatch.write_text

    def loading(config: object, article: building.Article) -> object:
        events.append(("read", article.rel))
        return load(config, article)  # type: ignore[arg-type]

    def writing(batch: building.WriteBatch, path: Path, text: str) -> None:
        events.append(("write", path.relative_to(root / "build").as_posix()))
        write(batch, path, text)  # the text goes to a file at once; only its name waits

    monkeypatch.setattr(building, "load_article", loading)
    monkeypatch.setattr(building.WriteBatch, "write_text", writing)
    report = build(load_config(root / "l10n.toml"))
    expected = []
    for name in sorted(ARTICLES):
        expected += [("read", name), ("write", f"pt_BR/{name}"), ("write", f"de/{name}")]
    assert events == expected
    assert {c.action for c in report.changes} == {Action.CREATED}


def test_the_report_keeps_no_text_of_the_outputs(tmp_path: Path) -> None:
    root = project(tmp_path)
    report = build(load_config(root / "l10n.toml"))
    built = (root / "build" / "pt_BR" / "art0.md").read_text(encoding="utf-8")
    assert built != ARTICLES["art0.md"]
    kept = [vars(c) for c in report.changes] + [vars(p) for p in report.published]
    assert not any(isinstance(v, str) and len(v) > 40 for item in kept for v in item.values())


def test_a_bad_article_stops_build_with_one_line_and_the_outputs_before_it_are_complete(
    tmp_path: Path,
) -> None:
    root = project(tmp_path)
    assert CliRunner().invoke(main, ["-C", str(root), "build"]).exit_code == 0
    before = {p: p.read_bytes() for p in (root / "build").rglob("*.md")}
    for i in range(4):
        article = root / "source" / f"art{i}.md"
        article.write_text(article.read_text(encoding="utf-8") + "\nAn added line.\n", encoding="utf-8")
    (root / "source" / "art2.md").write_bytes(b"\xff\xfe\x00bad")
    result = CliRunner().invoke(main, ["-C", str(root), "build"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "art2.md" in result.stderr
    for path, old in before.items():
        now = path.read_bytes()
        if path.name in ("art0.md", "art1.md"):
            assert now != old and now.endswith(b"\nAn added line.\n")  # new and complete
        else:
            assert now == old  # not reached: as it was
    assert list(root.rglob("*.l10n-tmp")) == []


def test_build_check_writes_nothing_and_reports_what_would_change(tmp_path: Path) -> None:
    root = project(tmp_path)
    report = build(load_config(root / "l10n.toml"), check=True)
    assert not (root / "build").exists()
    assert sorted(c.path.relative_to(root).as_posix() for c in report.changed) == sorted(
        f"build/{locale}/{name}" for locale in ("pt_BR", "de") for name in ARTICLES)
