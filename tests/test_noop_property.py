"""Property: whatever happens to a project between runs, a run that may skip unchanged articles
leaves exactly the files, and prints exactly the report, of the same run done the full way
(``--force``) on an identical copy. Hypothesis draws the sequence of edits and commands."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_noop import ROOT, ok, tree

TXT = "source/bakhmut-wagner.txt"
MD_PO = "locales/pt_BR/markdown/bakhmut-wagner.po"
MD_OUT = "build/pt_BR/markdown/bakhmut-wagner.md"


def _edit_source(project: Path) -> None:
    path = project / TXT
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more sentence here.\n", encoding="utf-8")


def _edit_po(project: Path) -> None:
    path = project / MD_PO
    if not path.exists():
        return
    po = polib.pofile(str(path))
    entry = next((e for e in po if e.msgstr and not e.obsolete), None)
    if entry is None:
        entry = next(e for e in po if not e.obsolete)
        entry.msgstr = "Um texto revisado."
    else:
        entry.msgstr = entry.msgstr[::-1]
    entry.flags = [f for f in entry.flags if f != "fuzzy"]  # reviewed: build publishes it
    po.save()


def _delete_output(project: Path) -> None:
    (project / MD_OUT).unlink(missing_ok=True)


def _toggle_drafts(project: Path) -> None:
    path = project / "l10n.toml"
    text = path.read_text(encoding="utf-8")
    flag = "[build]\ninclude_drafts = true\n"
    path.write_text(text.replace(flag, "[build]\n") if flag in text
                    else text.replace("[build]\n", flag), encoding="utf-8")


def _edit_glossary(project: Path) -> None:
    path = project / "glossary.tsv"
    text = path.read_text(encoding="utf-8")
    row = "Ukrainian\tpt_BR\tucraniano\t\t\n"
    path.write_text(text.replace(row, "") if row in text else text + row, encoding="utf-8")


EDITS: dict[str, Callable[[Path], None]] = {
    "edit source": _edit_source,
    "edit po": _edit_po,
    "delete output": _delete_output,
    "toggle drafts": _toggle_drafts,
    "edit glossary": _edit_glossary,
}
COMMANDS: dict[str, tuple[str, ...]] = {
    "extract": ("extract",),
    "build": ("build",),
    "build drafts": ("build", "--include-drafts"),
    "translate": ("translate", "-e", "pseudo"),
}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("noop-base") / "p"
    project.mkdir()
    for part in ("source", "l10n.toml", "glossary.tsv"):
        src = ROOT / part
        (shutil.copytree if src.is_dir() else shutil.copy)(src, project / part)
    return project


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.sampled_from([*EDITS, *COMMANDS]), min_size=2, max_size=8))
def test_a_run_with_skips_leaves_what_a_forced_run_leaves(
        base: Path, tmp_path_factory: pytest.TempPathFactory, steps: list[str]) -> None:
    work = tmp_path_factory.mktemp("noop-run")
    project, other = work / "p", work / "forced"
    shutil.copytree(base, project)
    shutil.copytree(base, other)
    for step in ["extract", "build drafts", *steps]:
        if step in EDITS:
            EDITS[step](project)
            EDITS[step](other)
            continue
        out = ok(project, *COMMANDS[step])
        forced = ok(other, *COMMANDS[step], "--force")
        for folder in ("locales", "build"):
            assert tree(project / folder) == tree(other / folder), (step, steps)
        shown = [x for x in out.splitlines() if "unchanged" not in x or "file(s)" in x]
        assert shown == [x for x in forced.splitlines() if "unchanged" not in x or "file(s)" in x]
