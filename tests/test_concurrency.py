"""Nobody's work is lost when ``extract`` runs while someone else writes the catalogs.

A translator saves a PO file in an editor (which takes no lock) while ``extract`` is planning,
or ``translate`` writes drafts while ``extract`` runs: whatever the moment, the translator's
saved translation and every draft ``translate`` wrote are still in the files afterwards.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import polib
import pytest

import l10n.catalog.merge as merge_module
import l10n.catalog.store as store
import l10n.po.files as po_files
import l10n.project.extraction as project_module
from l10n.config import load_config
from l10n.project import extract

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "tests/data/articles"
PO_REL = "locales/pt_BR/bakhmut-wagner.po"
EDITOR_TEXT = "Tradução salva pelo tradutor no editor."


def _project(tmp_path: Path, *, many: int = 0) -> Path:
    shutil.copytree(ROOT / "source", tmp_path / "source")
    for path in sorted(ARTICLES.glob("*.md"))[:many]:
        shutil.copy(path, tmp_path / "source" / path.name)
    (tmp_path / "l10n.toml").write_text(
        'source_language = "en"\nlocales = ["pt_BR"]\n', encoding="utf-8"
    )
    return tmp_path


def _cli(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "l10n", "-C", str(project), *args],
        capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip


def _start(project: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "l10n", "-C", str(project), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _prepare(project: Path) -> tuple[str, bytes]:
    """Extract once, then add a sentence to the article: the next extract has work to do.
    Returns the msgid the translator will translate and the PO file as the editor opened it."""
    assert _cli(project, "extract").returncode == 0
    article = project / "source/bakhmut-wagner.txt"
    article.write_text(
        article.read_text(encoding="utf-8") + "\nA sentence added after the first extract.\n",
        encoding="utf-8",
    )
    po_file = project / PO_REL
    msgid = next(e.msgid for e in polib.pofile(str(po_file)) if e.msgid and not e.msgstr)
    return msgid, po_file.read_bytes()


def _editor_save(po_file: Path, opened: bytes, msgid: str, *, in_place: bool) -> None:
    """What an editor does on save: its version of the file, as it opened it plus the
    translation, written over the file in place or through a rename (no l10n lock)."""
    po = polib.pofile(opened.decode("utf-8"))
    entry = po.find(msgid)
    assert entry is not None
    entry.msgstr = EDITOR_TEXT
    data = po.__unicode__().encode("utf-8")
    if in_place:
        po_file.write_bytes(data)
    else:
        tmp = po_file.with_name(po_file.name + ".editor~")
        tmp.write_bytes(data)
        os.replace(tmp, po_file)


def _translation(po_file: Path, msgid: str) -> str | None:
    entry = polib.pofile(str(po_file)).find(msgid)
    return None if entry is None else entry.msgstr


_HOOKED: list[tuple[Any, str]] = [
    (project_module, "load_article"),
    (project_module, "read_catalog_text"),
    (project_module, "catalog_from_text"),
    (project_module, "build_template"),
    (merge_module, "merge_catalog"),  # extract imports it where it merges
    (project_module, "new_locale_catalog"),
    (store.PoStyle, "format"),
    (store.Snapshot, "of_file"),
    (store, "atomic_write_text"),
    (store, "commit_staged"),
]
"""The steps of extract's planning and writing before which the editor may save."""


def _hook_steps(monkeypatch: pytest.MonkeyPatch, before: Callable[[], None]) -> None:
    for owner, name in _HOOKED:
        original = getattr(owner, name)

        def wrapper(*args: Any, _original: Any = original, **kwargs: Any) -> Any:
            before()
            return _original(*args, **kwargs)

        if isinstance(owner, type) and name == "of_file":
            monkeypatch.setattr(owner, name, classmethod(lambda cls, path, _w=wrapper: _w(path)))
        else:
            monkeypatch.setattr(owner, name, wrapper)
    original_locked = project_module.locked

    @contextmanager
    def locked(folder: Path, **kwargs: Any) -> Iterator[None]:
        before()
        with original_locked(folder, **kwargs):
            before()
            yield

    monkeypatch.setattr(project_module, "locked", locked)


def test_an_editor_save_at_any_step_of_extract_is_never_written_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    template = _project(tmp_path / "template")
    msgid, opened = _prepare(template)
    steps = 0

    def count() -> None:
        nonlocal steps
        steps += 1

    with monkeypatch.context() as m:
        counting = tmp_path / "counting"
        shutil.copytree(template, counting)
        _hook_steps(m, count)
        extract(load_config(counting / "l10n.toml"))
    assert steps > 20
    lost: list[int] = []
    for moment in range(steps):
        project = tmp_path / f"moment-{moment}"
        shutil.copytree(template, project)
        po_file = project / PO_REL
        calls = 0

        def maybe_save(at: int = moment, po_file: Path = po_file) -> None:
            nonlocal calls
            if calls == at:
                _editor_save(po_file, opened, msgid, in_place=at % 2 == 0)
            calls += 1

        with monkeypatch.context() as m:
            _hook_steps(m, maybe_save)
            extract(load_config(project / "l10n.toml"))
        if _translation(po_file, msgid) != EDITOR_TEXT:
            lost.append(moment)
            continue
        # extract's own work is not lost either: the next run adds what the editor's save
        # (made from the file as it was opened) did not have, keeping the translation.
        extract(load_config(project / "l10n.toml"))
        assert _translation(po_file, msgid) == EDITOR_TEXT
        assert _translation(po_file, "A sentence added after the first extract.") == ""
    assert lost == [], f"translation lost when the editor saved at steps {lost} of {steps}"


def test_an_editor_save_during_a_real_extract_process_is_kept(tmp_path: Path) -> None:
    template = _project(tmp_path / "template", many=16)
    msgid, opened = _prepare(template)
    started = time.monotonic()
    assert _cli(template, "extract", "--check").returncode == 1
    duration = time.monotonic() - started
    lost: list[float] = []
    delays = [duration * i / 6 for i in range(7)]
    for i, delay in enumerate(delays):
        project = tmp_path / f"run-{i}"
        shutil.copytree(template, project)
        po_file = project / PO_REL
        process = _start(project, "extract")
        time.sleep(delay)
        _editor_save(po_file, opened, msgid, in_place=i % 2 == 0)
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        if _translation(po_file, msgid) != EDITOR_TEXT:
            lost.append(round(delay, 2))
    assert lost == [], f"translation lost when saved {lost} s into a {duration:.2f} s extract"


def _all_entries(project: Path) -> dict[tuple[str, str], polib.POEntry]:
    return {
        (po_file.name, entry.msgid): entry
        for po_file in sorted((project / "locales/pt_BR").rglob("*.po"))
        for entry in polib.pofile(str(po_file))
    }


def test_translate_beside_extract_loses_no_draft_and_no_new_message(tmp_path: Path) -> None:
    template = _project(tmp_path / "template", many=12)
    assert _cli(template, "extract").returncode == 0
    to_draft = {key for key, entry in _all_entries(template).items() if not entry.msgstr}
    for path in sorted((template / "source").glob("*.md"))[:6]:
        path.write_text(path.read_text(encoding="utf-8") + "\nOne more closing line.\n",
                        encoding="utf-8")
    overlapped = 0
    for trial, delay in enumerate((0.0, 0.2, 0.5, 1.0)):
        project = tmp_path / f"trial-{trial}"
        shutil.copytree(template, project)
        translating = _start(project, "translate", "--engine", "pseudo", "--no-memory")
        time.sleep(delay)
        extracting = _start(project, "extract")
        _, extract_err = extracting.communicate(timeout=300)
        _, translate_err = translating.communicate(timeout=300)
        assert extracting.returncode == 0, extract_err
        entries = _all_entries(project)
        new = [key for key in entries if key[1] == "One more closing line."]
        assert len(new) == 6, f"trial {trial}: extract's new messages lost"
        if translating.returncode != 0:
            # It found extract holding the lock and wrote nothing.
            assert "another l10n run" in translate_err, translate_err
            continue
        overlapped += 1
        missing = sorted(key for key in to_draft if not entries[key].msgstr)
        assert missing == [], f"trial {trial}: {len(missing)} drafts lost, e.g. {missing[:3]}"
    assert overlapped >= 2


def test_an_editor_save_while_translate_formats_its_save_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from l10n.mt.translate import TranslateJob, TranslateOptions, run_translate

    project = _project(tmp_path)
    msgid, opened = _prepare(project)
    po_file = project / PO_REL
    original_format = po_files.format_po
    saved = False

    def format_then_editor_saves(po: polib.POFile, **kwargs: Any) -> str:
        # translate has checked the file and is formatting its save: the translator saves now.
        nonlocal saved
        text = original_format(po, **kwargs)
        if not saved:
            saved = True
            _editor_save(po_file, opened, msgid, in_place=True)
        return text

    monkeypatch.setattr(store, "format_po", format_then_editor_saves)
    monkeypatch.setattr(po_files, "format_po", format_then_editor_saves)
    job = TranslateJob(po_path=po_file, locale="pt_BR", source_lang="en", engine="pseudo")
    report = run_translate([job], options=TranslateOptions(style=store.PoStyle(79)))
    assert saved and report.filled > 10
    entries = {e.msgid: e for e in polib.pofile(str(po_file))}
    assert entries[msgid].msgstr == EDITOR_TEXT and "fuzzy" not in entries[msgid].flags
    assert sum(1 for e in entries.values() if e.msgstr and "fuzzy" in e.flags) == report.filled - 1
