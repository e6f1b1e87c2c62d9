"""The command line end to end: extract, build, errors that users see."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
from click.testing import CliRunner

from l10n.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(p.relative_to(ROOT / "source").as_posix() for p in (ROOT / "source").rglob("*.*"))


def make_project(tmp_path: Path, locales: str = '["pt_BR"]', extra: str = "") -> Path:
    shutil.copytree(ROOT / "source", tmp_path / "source")
    (tmp_path / "l10n.toml").write_text(
        f'source_language = "en"\nlocales = {locales}\n{extra}', encoding="utf-8"
    )
    return tmp_path


def run(project: Path, *args: str) -> tuple[int, str, str]:
    runner = CliRunner()
    result = runner.invoke(main, ["-C", str(project), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_extract_writes_template_and_po_per_locale(tmp_path: Path) -> None:
    project = make_project(tmp_path, '["pt_BR", "de"]')
    code, out, _ = run(project, "extract")
    assert code == 0, out
    for name in ("templates/bakhmut-wagner.pot", "pt_BR/bakhmut-wagner.po", "de/bakhmut-wagner.po",
                 "templates/markdown/bakhmut-wagner.pot", "pt_BR/markdown/bakhmut-wagner.po"):
        assert (project / "locales" / name).is_file()
    po = polib.pofile(str(project / "locales/pt_BR/markdown/bakhmut-wagner.po"))
    assert po.metadata["Language"] == "pt_BR"
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert po.metadata["X-Generator"].startswith("l10n ")
    assert all(not e.msgctxt for e in po)
    assert any("front matter: title" in e.comment.splitlines() for e in po)


def test_extract_output_passes_msgfmt_check_and_msgcat_is_a_no_op(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    assert run(project, "extract")[0] == 0
    for path in (project / "locales").rglob("*.po*"):
        subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)], check=True)
        resaved = subprocess.run(["msgcat", str(path)], check=True, capture_output=True).stdout
        assert resaved == path.read_bytes(), path


def test_extract_twice_changes_nothing(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    run(project, "extract")
    before = snapshot(project / "locales")
    code, out, _ = run(project, "extract")
    assert code == 0
    assert snapshot(project / "locales") == before
    assert "unchanged" in out
    code, _, _ = run(project, "extract", "--check")
    assert code == 0


def test_extract_check_reports_pending_changes_and_writes_nothing(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    code, out, _ = run(project, "extract", "--check")
    assert code == 1
    assert "would create locales/templates/bakhmut-wagner.pot" in out
    assert not (project / "locales").exists()


def test_identical_sentences_share_one_entry_with_several_references(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    (project / "source/dup.md").write_text("# Same.\n\nSame. Other.\n\n- Same.\n", encoding="utf-8")
    run(project, "extract")
    pot = polib.pofile(str(project / "locales/templates/dup.pot"))
    same = [e for e in pot if e.msgid == "Same."]
    assert len(same) == 1
    assert [line for _, line in same[0].occurrences] == ["1", "3", "5"]
    assert same[0].comment.splitlines() == ["heading", "paragraph", "list item"]


def test_inserting_a_paragraph_keeps_every_other_translation(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    run(project, "extract")
    po_path = project / "locales/pt_BR/bakhmut-wagner.po"
    po = polib.pofile(str(po_path))
    for entry in po:
        entry.msgstr = "PT " + entry.msgid
    po.save()
    subprocess.run(["msgcat", "-o", str(po_path), str(po_path)], check=True)
    source = project / "source/bakhmut-wagner.txt"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("\n\n", "\n\nA brand new paragraph was inserted here.\n\n", 1), encoding="utf-8")
    run(project, "extract")
    po = polib.pofile(str(po_path))
    new = [e for e in po if e.msgid == "A brand new paragraph was inserted here."]
    assert len(new) == 1 and new[0].msgstr == ""
    others = [e for e in po if e.msgid != new[0].msgid and not e.obsolete]
    assert others and all(e.msgstr == "PT " + e.msgid and "fuzzy" not in e.flags for e in others)


def test_build_identity_and_untranslated_reproduce_sources(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    run(project, "extract")
    assert run(project, "build")[0] == 0
    for sample in SAMPLES:
        assert (project / "build/pt_BR" / sample).read_bytes() == (ROOT / "source" / sample).read_bytes()
    for po_path in (project / "locales/pt_BR").rglob("*.po"):
        po = polib.pofile(str(po_path))
        for entry in po:
            entry.msgstr = entry.msgid
        po.save()
    assert run(project, "build")[0] == 0
    for sample in SAMPLES:
        assert (project / "build/pt_BR" / sample).read_bytes() == (ROOT / "source" / sample).read_bytes()


def test_build_uses_translations_and_skips_fuzzy_unless_asked(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    run(project, "extract")
    po_path = project / "locales/pt_BR/bakhmut-wagner.po"
    po = polib.pofile(str(po_path))
    first = po.find("Three men were seen fleeing the city, one of them with a microwave strapped to his back.")
    assert first is not None
    first.msgstr = "Três homens foram vistos fugindo da cidade."
    second = po.find("Through the windows you can see a ghost town.")
    assert second is not None
    second.msgstr = "Pelas janelas vê-se uma cidade fantasma."
    second.flags.append("fuzzy")
    po.save()
    run(project, "build")
    out = (project / "build/pt_BR/bakhmut-wagner.txt").read_text(encoding="utf-8")
    assert "Três homens foram vistos fugindo da cidade." in out
    assert "Through the windows you can see a ghost town." in out
    run(project, "build", "--include-fuzzy")
    out = (project / "build/pt_BR/bakhmut-wagner.txt").read_text(encoding="utf-8")
    assert "Pelas janelas vê-se uma cidade fantasma." in out


def test_folders_are_mirrored(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    (project / "source/world/europe").mkdir(parents=True)
    (project / "source/world/europe/note.md").write_text("# Hi.\n", encoding="utf-8")
    run(project, "extract")
    run(project, "build")
    assert (project / "locales/templates/world/europe/note.pot").is_file()
    assert (project / "locales/pt_BR/world/europe/note.po").is_file()
    assert (project / "build/pt_BR/world/europe/note.md").read_text(encoding="utf-8") == "# Hi.\n"


# ------------------------------------------------------------------ bad input


def assert_one_line_error(code: int, stderr: str, *fragments: str) -> None:
    assert code == 2
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("l10n: error: ")
    assert "Traceback" not in stderr
    for fragment in fragments:
        assert fragment in lines[0]


def test_malformed_po_is_reported_with_line_and_never_overwritten(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    run(project, "extract")
    po_path = project / "locales/pt_BR/bakhmut-wagner.po"
    broken = po_path.read_text(encoding="utf-8") + '\nmsgid "unterminated\nmsgstr ""\n'
    po_path.write_text(broken, encoding="utf-8")
    before = snapshot(project / "locales")
    code, _, err = run(project, "extract")
    gnu = subprocess.run(["msgfmt", "-o", os.devnull, str(po_path)], capture_output=True, text=True)
    line = gnu.stderr.split(":")[1]  # the line GNU msgfmt names
    assert_one_line_error(code, err, f"bakhmut-wagner.po:{line}:", "within string")
    assert snapshot(project / "locales") == before


def test_non_utf8_source_is_reported_with_line(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    (project / "source/latin1.txt").write_bytes("First line.\n\nCafé au lait.\n".encode("latin-1"))
    code, _, err = run(project, "extract")
    assert_one_line_error(code, err, "latin1.txt:3:", "UTF-8")
    assert not (project / "locales").exists()


def test_broken_front_matter_stops_before_writing_anything(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    (project / "source/zz.md").write_text("---\ntitle: [oops\n---\nBody.\n", encoding="utf-8")
    code, _, err = run(project, "extract")
    assert_one_line_error(code, err, "zz.md:2:", "YAML")
    assert not (project / "locales").exists()


def test_a_folder_named_like_an_article_is_an_error(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    (project / "source/folder.md").mkdir()
    code, _, err = run(project, "extract")
    assert_one_line_error(code, err, "folder.md", "folder")


def test_unknown_locale_in_configuration(tmp_path: Path) -> None:
    project = make_project(tmp_path, '["xx_YY"]')
    code, _, err = run(project, "extract")
    assert_one_line_error(code, err, "l10n.toml", "xx_YY")


def test_missing_configuration(tmp_path: Path) -> None:
    code, _, err = run(tmp_path, "extract")
    assert_one_line_error(code, err, "l10n.toml")


def test_unwritable_locales_path_is_reported(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    (project / "locales").write_text("a file where a folder should be", encoding="utf-8")
    code, _, err = run(project, "extract")
    assert_one_line_error(code, err, "locales")
    assert (project / "locales").read_text(encoding="utf-8") == "a file where a folder should be"


def test_python_dash_m_entry_point_works() -> None:
    out = subprocess.run([sys.executable, "-m", "l10n", "--help"], check=True, capture_output=True, text=True)
    assert "l10n extract" in out.stdout


def test_segment_command_prints_sentences_as_json(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("# Title\n\nOne sentence. Dr. Smith agreed.\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["segment", str(path), "--json", "--lang", "en"])
    assert result.exit_code == 0
    import json

    rows = json.loads(result.stdout)
    assert [r["text"] for r in rows if r["type"] == "message"] == ["Title", "One sentence.", "Dr. Smith agreed."]


def test_dry_run_summarises_the_merge_and_writes_nothing(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    run(project, "extract")
    source = project / "source/bakhmut-wagner.txt"
    source.write_text(source.read_text(encoding="utf-8") + "\n\nOne more sentence.", encoding="utf-8")
    before = snapshot(project / "locales")
    code, out, _ = run(project, "extract", "--dry-run")
    assert code == 0
    assert "would update locales/pt_BR/bakhmut-wagner.po (" in out
    assert "1 new" in out
    assert snapshot(project / "locales") == before


def test_first_msgmerge_run_on_our_files_is_silent(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    run(project, "extract")
    po = project / "locales/pt_BR/markdown/bakhmut-wagner.po"
    pot = project / "locales/templates/markdown/bakhmut-wagner.pot"
    out = tmp_path / "merged.po"
    subprocess.run(["msgmerge", "--quiet", "--previous", "-o", str(out), str(po), str(pot)], check=True)
    assert out.read_bytes() == po.read_bytes()


def test_translate_pseudo_json_drafts_and_never_touches_human_work(tmp_path: Path) -> None:
    import json

    project = make_project(tmp_path, extra='[translate]\nengine = "pseudo"\n')
    run(project, "extract")
    po_path = project / "locales/pt_BR/bakhmut-wagner.po"
    po = polib.pofile(str(po_path))
    human = po.find("Through the windows you can see a ghost town.")
    assert human is not None
    human.msgstr = "Pelas janelas vê-se uma cidade fantasma."
    po.save()
    code, out, _ = run(project, "translate", "--json")
    assert code == 0
    totals = json.loads(out)
    for key in ("filled", "from_memory", "engine_calls", "failed"):
        assert isinstance(totals[key], int)
    assert totals["filled"] > 50 and totals["failed"] == 0
    po = polib.pofile(str(po_path))
    kept = po.find("Through the windows you can see a ghost town.")
    assert kept is not None and kept.msgstr == "Pelas janelas vê-se uma cidade fantasma."
    assert "fuzzy" not in kept.flags
    drafts = [e for e in po if e is not kept and e.msgstr]
    assert drafts and all("fuzzy" in e.flags and "mt: e=pseudo" in e.tcomment for e in drafts)
    subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(po_path)], check=True)
    resaved = subprocess.run(["msgcat", str(po_path)], check=True, capture_output=True).stdout
    assert resaved == po_path.read_bytes()
    # Nothing left to do: a second run calls no engine.
    code, out, _ = run(project, "translate", "--json")
    assert json.loads(out)["engine_calls"] == 0


def test_run_is_the_whole_workflow(tmp_path: Path) -> None:
    project = make_project(tmp_path, extra='[translate]\nengine = "pseudo"\n')
    code, out, _ = run(project, "run")
    assert code == 0, out
    built = (project / "build/pt_BR/markdown/bakhmut-wagner.md").read_text(encoding="utf-8")
    assert built != (ROOT / "source/markdown/bakhmut-wagner.md").read_text(encoding="utf-8")
    assert "[" in built and "](https://telegram.org/)" in built
    code, out, _ = run(project, "check")
    assert code == 0, out


def test_status_counts_words_and_splits_machine_drafts(tmp_path: Path) -> None:
    import json

    project = make_project(tmp_path, extra='[translate]\nengine = "pseudo"\n')
    run(project, "extract")
    code, out, _ = run(project, "status", "--json")
    assert code == 0
    before = json.loads(out)
    run(project, "translate")
    code, out, _ = run(project, "status")
    assert code == 0 and "Portuguese (Brazil)" in out and "total" in out
    code, out, _ = run(project, "status", "--json")
    after = json.loads(out)
    for old, new in zip(before["rows"], after["rows"]):
        assert old["fuzzy_machine"]["strings"] == 0 and old["untranslated"]["strings"] > 0
        assert new["fuzzy_machine"]["strings"] == old["untranslated"]["strings"]
        assert new["fuzzy_machine"]["words"] == old["untranslated"]["words"] > 0
        assert new["untranslated"]["strings"] == 0


def test_the_repository_sample_catalogs_are_up_to_date_and_clean() -> None:
    code, out, err = run(ROOT, "extract", "--check")
    assert code == 0, out + err
    code, out, err = run(ROOT, "check")
    assert code == 0, out + err
    for path in (ROOT / "locales").rglob("*.po*"):
        subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)], check=True, capture_output=True)
