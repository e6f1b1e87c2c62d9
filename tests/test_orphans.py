"""Renamed and deleted articles: their catalogs are reported as orphaned by ``status`` and never
deleted, and a renamed article gets its translations back from its old catalog, by content."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import polib
from click.testing import CliRunner

from l10n.cli import main

assert shutil.which("msgfmt"), "these tests need GNU gettext"

KEPT = "The council met on Tuesday evening in the town hall."
REVIEWED = "O conselho reuniu-se na terça-feira à noite na prefeitura."
DRAFTED = "It voted on the budget for the coming year after a long debate."
COUNTED = "Twelve members voted for the plan and 3 voted against it."
COUNTED_EDITED = "Twelve members voted for the plan and 4 voted against it."
TAIL = "The mayor said the vote was a relief for the residents of the city."


def cli(project: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["-C", str(project), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def project_with_translations(tmp_path: Path) -> Path:
    """An article extracted and drafted (pseudo), its first sentence reviewed by a person."""
    (tmp_path / "source/local").mkdir(parents=True)
    (tmp_path / "source/local/council.md").write_text(
        f"# Council\n\n{KEPT} {DRAFTED}\n\n{COUNTED} {TAIL}\n", encoding="utf-8")
    (tmp_path / "l10n.toml").write_text(
        'source_language = "en"\nlocales = ["pt_BR"]\n[translate]\nengine = "pseudo"\nmemory = false\n',
        encoding="utf-8")
    assert cli(tmp_path, "extract")[0] == 0
    assert cli(tmp_path, "translate")[0] == 0
    path = tmp_path / "locales/pt_BR/local/council.po"
    po = polib.pofile(str(path))
    entry = po.find(KEPT)
    assert entry is not None
    entry.msgstr, entry.flags, entry.tcomment = REVIEWED, [], ""
    po.save()
    return tmp_path


def test_a_renamed_article_takes_its_translations_from_its_orphaned_catalog(tmp_path: Path) -> None:
    project = project_with_translations(tmp_path)
    old_po = project / "locales/pt_BR/local/council.po"
    old_bytes = old_po.read_bytes()
    drafts = {e.msgid: (e.msgstr, e.tcomment) for e in polib.pofile(str(old_po)) if e.fuzzy}
    source = project / "source/local/council.md"
    text = source.read_text(encoding="utf-8").replace(COUNTED, COUNTED_EDITED)
    source.unlink()
    (project / "source/city").mkdir()
    (project / "source/city/council-vote.md").write_text(text, encoding="utf-8")

    code, out, err = cli(project, "extract")
    assert code == 0, err
    assert ("created locales/pt_BR/city/council-vote.po (renamed from locales/pt_BR/local/council.po: "
            "4 kept, 1 fuzzy)") in out
    new_po = project / "locales/pt_BR/city/council-vote.po"
    po = polib.pofile(str(new_po))
    reviewed = po.find(KEPT)
    assert reviewed is not None and reviewed.msgstr == REVIEWED and not reviewed.fuzzy
    for msgid in (DRAFTED, TAIL):
        entry = po.find(msgid)
        assert entry is not None and entry.fuzzy and (entry.msgstr, entry.tcomment) == drafts[msgid]
    changed = po.find(COUNTED_EDITED)  # a changed number: carried as a stale suggestion only
    assert changed is not None and changed.fuzzy and changed.previous_msgid == COUNTED
    assert not po.obsolete_entries()  # nothing of another article is copied in
    assert all(occ[0] == "source/city/council-vote.md" for e in po for occ in e.occurrences)
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(new_po)], check=True)
    assert old_po.read_bytes() == old_bytes  # never deleted nor changed
    assert cli(project, "extract", "--check")[0] == 0  # carried once; running again changes nothing

    code, out, _ = cli(project, "build")
    assert code == 0
    built = (project / "build/pt_BR/city/council-vote.md").read_text(encoding="utf-8")
    assert REVIEWED in built and COUNTED_EDITED in built


def test_status_reports_orphaned_catalogs_and_templates(tmp_path: Path) -> None:
    project = project_with_translations(tmp_path)
    (project / "source/local/council.md").unlink()
    (project / "source/other.md").write_text("# Other\n\nSomething else entirely.\n", encoding="utf-8")
    assert cli(project, "extract")[0] == 0
    code, out, err = cli(project, "status")
    assert code == 0, err
    assert ("orphaned: locales/templates/local/council.pot: no article local/council in source/ "
            "(renamed or deleted); delete it when nothing in it is needed") in out
    assert "orphaned: locales/pt_BR/local/council.po: no article local/council in source/" in out
    code, out, _ = cli(project, "status", "--json")
    assert json.loads(out)["orphans"] == [
        {"path": "locales/templates/local/council.pot", "article": "local/council", "locale": None},
        {"path": "locales/pt_BR/local/council.po", "article": "local/council", "locale": "pt_BR"},
    ]
    assert (project / "locales/pt_BR/local/council.po").exists()


def test_a_new_article_unlike_the_orphan_takes_nothing_from_it(tmp_path: Path) -> None:
    project = project_with_translations(tmp_path)
    (project / "source/local/council.md").unlink()
    (project / "source/other.md").write_text(
        f"# Other\n\n{KEPT}\n\nA storm closed the port.\n\nShips waited outside for two days.\n\n"
        "Fishermen lost a week of work.\n", encoding="utf-8")
    code, out, _ = cli(project, "extract")
    assert code == 0 and "renamed from" not in out
    po = polib.pofile(str(project / "locales/pt_BR/other.po"))
    assert all(not e.msgstr for e in po)  # one shared sentence of six is not a rename


def test_an_orphan_that_is_a_link_is_neither_reported_nor_read(tmp_path: Path) -> None:
    project = project_with_translations(tmp_path)
    outside = tmp_path.parent / f"{tmp_path.name}-outside.po"
    shutil.copy(project / "locales/pt_BR/local/council.po", outside)
    (project / "locales/pt_BR/linked.po").symlink_to(outside)
    source = project / "source/local/council.md"
    text = source.read_text(encoding="utf-8")
    shutil.rmtree(project / "locales/pt_BR/local")
    source.unlink()
    (project / "source/renamed.md").write_text(text, encoding="utf-8")
    code, out, _ = cli(project, "extract")
    assert code == 0 and "renamed from" not in out
    code, out, _ = cli(project, "status", "--json")
    assert [o["path"] for o in json.loads(out)["orphans"]] == ["locales/templates/local/council.pot"]
