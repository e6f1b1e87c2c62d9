"""No-op runs: ``extract``, ``build`` and ``translate`` skip the articles (catalogs) whose files
hash as the last run left them, and say so; every change that could alter an outcome makes
the article be done the full way again.

The oracle of each dangerous case is the same command run with ``--force`` (the full way,
ignoring the run state) on an identical copy of the project: both must leave the same bytes.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

import l10n
from l10n.cli import main

ROOT = Path(__file__).resolve().parent.parent
MD_PO = "locales/pt_BR/markdown/bakhmut-wagner.po"
MD_OUT = "build/pt_BR/markdown/bakhmut-wagner.md"


def cli(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["-C", str(project), *args], catch_exceptions=False)
    return result.exit_code, result.stdout


def ok(project: Path, *args: str) -> str:
    code, out = cli(project, *args)
    assert code == 0, out
    return out


def sample(tmp_path: Path, name: str = "p") -> Path:
    """The repository's sample project (two articles, pt_BR, a glossary), extracted,
    pseudo-translated and built with drafts once, then extracted again (translate changed the
    catalogs), so that every state file holds a record of every article."""
    project = tmp_path / name
    project.mkdir()
    for part in ("source", "l10n.toml", "glossary.tsv"):
        src = ROOT / part
        (shutil.copytree if src.is_dir() else shutil.copy)(src, project / part)
    ok(project, "extract")
    ok(project, "translate", "-e", "pseudo")
    ok(project, "extract")
    ok(project, "build", "--include-drafts")
    return project


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def twin(project: Path) -> Path:
    """A copy of ``project`` (run state included) for the ``--force`` oracle."""
    other = project.parent / (project.name + "-twin")
    shutil.copytree(project, other, symlinks=True)
    return other


def same_outcome(project: Path, other: Path, *args: str) -> str:
    """Run ``args`` on ``project`` and with ``--force`` on ``other``; both leave the same
    locales/ and build/ (and print the same, but for the skip line); the output of the first."""
    out = ok(project, *args)
    forced = ok(other, *args, "--force")
    assert tree(project / "locales") == tree(other / "locales")
    assert tree(project / "build") == tree(other / "build")
    assert [x for x in out.splitlines() if "unchanged, skipped" not in x] == \
        [x for x in forced.splitlines() if "unchanged, skipped" not in x]
    assert "unchanged, skipped" not in forced
    return out


def edit_keeping_size_and_mtime(path: Path, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` (same length) in ``path`` and put its size and times back:
    a change that timestamps and sizes cannot see."""
    assert len(old.encode()) == len(new.encode())
    before = path.stat()
    data = path.read_bytes()
    assert old.encode() in data
    path.write_bytes(data.replace(old.encode(), new.encode(), 1))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns


def test_a_noop_extract_skips_every_article_and_says_so(tmp_path: Path) -> None:
    project = sample(tmp_path)
    before = tree(project / "locales")
    out = ok(project, "extract")
    assert "2 of 2 articles unchanged, skipped" in out
    assert "4 file(s) unchanged" in out
    assert tree(project / "locales") == before
    assert "2 of 2 articles unchanged, skipped" in same_outcome(project, twin(project), "extract",
                                                                "--check")


def test_a_noop_build_skips_every_article_and_prints_the_same_report(tmp_path: Path) -> None:
    project = sample(tmp_path)
    other = twin(project)
    out = same_outcome(project, other, "build", "--include-drafts")
    assert "2 of 2 articles unchanged, skipped" in out
    assert "published 57 of 57 sentences" in out
    code, as_json = cli(project, "build", "--include-drafts", "--json")
    _, forced_json = cli(other, "build", "--include-drafts", "--json", "--force")
    assert code == 0 and json.loads(as_json) == json.loads(forced_json)


def test_one_edited_article_is_done_again_and_the_other_skipped(tmp_path: Path) -> None:
    project = sample(tmp_path)
    article = project / "source/bakhmut-wagner.txt"
    article.write_text(article.read_text(encoding="utf-8") + "\nA new closing sentence.\n",
                       encoding="utf-8")
    out = same_outcome(project, twin(project), "extract")
    assert "1 of 2 articles unchanged, skipped" in out
    assert "A new closing sentence." in (project / "locales/pt_BR/bakhmut-wagner.po").read_text()


def test_a_po_edited_by_hand_with_the_same_size_and_mtime_is_built_again(tmp_path: Path) -> None:
    project = sample(tmp_path)
    text = (project / MD_PO).read_text(encoding="utf-8")
    draft = next(e.msgstr for e in polib.pofile(text) if "é" in e.msgstr and f'msgstr "{e.msgstr}"' in text)
    edited = draft.replace("é", "è", 1)  # the same number of UTF-8 bytes
    edit_keeping_size_and_mtime(project / MD_PO, f'msgstr "{draft}"', f'msgstr "{edited}"')
    out = same_outcome(project, twin(project), "build", "--include-drafts")
    assert "1 of 2 articles unchanged, skipped" in out
    assert edited in (project / MD_OUT).read_text(encoding="utf-8")


def test_a_po_edited_by_hand_with_the_same_size_and_mtime_is_extracted_again(tmp_path: Path) -> None:
    project = sample(tmp_path)
    po = polib.pofile(str(project / MD_PO))
    entry = next(e for e in po if len(e.msgid) > 20 and e.msgid.isascii() and not e.obsolete)
    # a translator's editor mangled a msgid: extract must put the sentence back
    edit_keeping_size_and_mtime(project / MD_PO, f'msgid "{entry.msgid[:10]}',
                                f'msgid "{"Q" * 10}')
    out = same_outcome(project, twin(project), "extract")
    assert "1 of 2 articles unchanged, skipped" in out
    assert polib.pofile(str(project / MD_PO)).find(entry.msgid) is not None


def test_a_changed_glossary_extracts_every_article_again(tmp_path: Path) -> None:
    project = sample(tmp_path)
    with (project / "glossary.tsv").open("a", encoding="utf-8") as f:
        f.write("Ukrainian\tpt_BR\tucraniano\t\t\n")
    out = same_outcome(project, twin(project), "extract")
    assert "unchanged, skipped" not in out
    assert "#. glossary: Ukrainian -> ucraniano" in (project / MD_PO).read_text(encoding="utf-8")


def test_changing_include_drafts_in_the_configuration_builds_again(tmp_path: Path) -> None:
    project = sample(tmp_path)
    ok(project, "build")  # reviewed translations only: the source text
    assert "(CNN)" in (project / MD_OUT).read_text(encoding="utf-8")
    config = project / "l10n.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "[build]\n", "[build]\ninclude_drafts = true\n"), encoding="utf-8")
    out = same_outcome(project, twin(project), "build")
    assert "unchanged, skipped" not in out
    assert "published reviewed translations and drafts" in out
    assert (project / MD_OUT).read_bytes() != (ROOT / "source/markdown/bakhmut-wagner.md").read_bytes()


def test_the_publish_option_is_part_of_what_a_build_skip_depends_on(tmp_path: Path) -> None:
    project = sample(tmp_path)
    drafts = (project / MD_OUT).read_bytes()
    out = ok(project, "build")  # same files, but drafts are no longer published
    assert "unchanged, skipped" not in out
    assert (project / MD_OUT).read_bytes() != drafts
    assert (project / MD_OUT).read_bytes() == (ROOT / "source/markdown/bakhmut-wagner.md").read_bytes()


def test_a_deleted_output_is_built_again(tmp_path: Path) -> None:
    project = sample(tmp_path)
    expected = (project / MD_OUT).read_bytes()
    (project / MD_OUT).unlink()
    out = ok(project, "build", "--include-drafts")
    assert "1 of 2 articles unchanged, skipped" in out
    assert (project / MD_OUT).read_bytes() == expected


def test_an_output_edited_by_hand_is_built_again(tmp_path: Path) -> None:
    project = sample(tmp_path)
    expected = (project / MD_OUT).read_bytes()
    edit_keeping_size_and_mtime(project / MD_OUT, expected[:8].decode(), "#" * 8)
    ok(project, "build", "--include-drafts")
    assert (project / MD_OUT).read_bytes() == expected


def test_another_l10n_version_does_everything_again(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    project = sample(tmp_path)
    monkeypatch.setattr(l10n, "__version__", "999.0")
    for args in (("extract",), ("build", "--include-drafts")):
        assert "unchanged, skipped" not in ok(project, *args)
    code, out = cli(project, "translate", "-e", "pseudo")
    assert code == 0 and "skipped" not in out.replace("skipped human", "")
    for args in (("extract",), ("build", "--include-drafts")):  # recorded under the new one
        assert "2 of 2 articles unchanged, skipped" in ok(project, *args)


@pytest.mark.parametrize("garbage", [b"", b"{not json", b'{"format": 1, "records": []}',
                                     b'{"format": 1, "records": {"x": {"digest": 1}}}',
                                     b"\xff\xfe", b'{"format": 0, "records": {}}'])
def test_a_corrupt_state_file_is_ignored_and_replaced(tmp_path: Path, garbage: bytes) -> None:
    project = sample(tmp_path)
    for command in ("extract", "build"):
        (project / f".l10n/state/{command}.json").write_bytes(garbage)
    other = twin(project)
    assert "unchanged, skipped" not in same_outcome(project, other, "extract")
    assert "unchanged, skipped" not in same_outcome(project, other, "build", "--include-drafts")
    assert "2 of 2 articles unchanged, skipped" in ok(project, "build", "--include-drafts")


def test_deleting_the_state_folder_is_safe(tmp_path: Path) -> None:
    project = sample(tmp_path)
    before = tree(project / "locales"), tree(project / "build")
    shutil.rmtree(project / ".l10n/state")
    assert "unchanged, skipped" not in ok(project, "extract")
    assert "unchanged, skipped" not in ok(project, "build", "--include-drafts")
    assert (tree(project / "locales"), tree(project / "build")) == before


@pytest.mark.parametrize("command", ["extract", "build"])
def test_the_temporary_file_of_a_run_killed_while_saving_its_state_goes_with_the_next_run(
        tmp_path: Path, command: str) -> None:
    """A kill between writing the state file's temporary file and renaming it (seen in CI:
    ``.l10n/state/.l10n-u-XXXXXXXX.l10n-tmp`` outlived every later run) leaves nothing once
    the next run of the command has saved its state."""
    project = sample(tmp_path)
    state = project / ".l10n/state"
    leftover = state / ".l10n-deadbeef.l10n-tmp"
    leftover.write_text("{half a state", encoding="utf-8")
    source = project / "source/bakhmut-wagner.txt"
    source.write_text(source.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    ok(project, command, *(["--include-drafts"] if command == "build" else []))
    assert sorted(p.name for p in state.iterdir()) == sorted(
        p.name for p in state.iterdir() if p.suffix == ".json")
    assert not leftover.exists()


def test_runs_on_different_articles_keep_each_others_records(tmp_path: Path) -> None:
    """Two runs on parts of the project (as shards do) merge their records into the state."""
    project = sample(tmp_path)
    shutil.rmtree(project / ".l10n/state")
    ok(project, "extract", "bakhmut-wagner.txt")
    ok(project, "extract", "markdown/bakhmut-wagner.md")
    ok(project, "build", "--include-drafts", "bakhmut-wagner.txt")
    ok(project, "build", "--include-drafts", "markdown/bakhmut-wagner.md")
    assert "2 of 2 articles unchanged, skipped" in ok(project, "extract")
    assert "2 of 2 articles unchanged, skipped" in ok(project, "build", "--include-drafts")


def test_a_noop_translate_does_not_read_complete_catalogs(tmp_path: Path) -> None:
    project = sample(tmp_path)
    ok(project, "translate", "-e", "pseudo")  # records what the extract after it left
    out = ok(project, "translate", "-e", "pseudo")
    assert "2 catalog(s) unchanged with nothing to draft, skipped" in out
    assert "filled: 0" in out


def test_a_msgstr_cleared_by_hand_is_drafted_again(tmp_path: Path) -> None:
    project = sample(tmp_path)
    ok(project, "translate", "-e", "pseudo")
    po = polib.pofile(str(project / MD_PO))
    entry = next(e for e in po if e.msgstr and not e.obsolete)
    entry.msgstr = ""
    po.save()
    out = ok(project, "translate", "-e", "pseudo")
    assert "1 catalog(s) unchanged" in out and "filled: 1" in out
    assert polib.pofile(str(project / MD_PO)).find(entry.msgid).msgstr


def test_translate_with_other_settings_reads_every_catalog(tmp_path: Path) -> None:
    project = sample(tmp_path)
    ok(project, "translate", "-e", "pseudo")
    out = ok(project, "translate", "-e", "pseudo", "--redraft-machine")
    assert "unchanged" not in out
    assert "filled: 0" not in out  # the machine drafts were drafted again


def test_force_is_documented_in_help() -> None:
    for command in ("extract", "build", "translate"):
        result = CliRunner().invoke(main, [command, "--help"])
        assert "--force" in result.stdout and "last run" in result.stdout


def test_a_skipped_catalog_still_counts_its_human_translations(tmp_path: Path) -> None:
    """Found by the property test: a reviewed entry counted ``skipped human: 1`` in a forced
    run and 0 in a run that skipped its unchanged catalog."""
    project = sample(tmp_path)
    po = polib.pofile(str(project / MD_PO))
    entry = next(e for e in po if e.msgstr and not e.obsolete)
    entry.flags = [f for f in entry.flags if f != "fuzzy"]
    po.save()
    ok(project, "translate", "-e", "pseudo")  # records the catalogs as having nothing to draft
    other = twin(project)
    out = ok(project, "translate", "-e", "pseudo")
    forced = ok(other, "translate", "-e", "pseudo", "--force")
    assert "2 catalog(s) unchanged with nothing to draft, skipped" in out
    assert [x for x in out.splitlines() if "unchanged with nothing" not in x] == forced.splitlines()
    assert "skipped human: 1" in out, out
