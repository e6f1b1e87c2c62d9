"""``status`` says exactly what ``build`` decides for every article and locale, though it reads
each catalog once and splices an article only when the decision can depend on it; and it works
whatever the output format."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import l10n.project.building as building
from l10n.cli import main
from l10n.config import load_config
from l10n.project import build, po_path, project_status

ARTICLE = """---
title: The desk at night
---

# A quiet `newsroom` report

The editor read the [wire story](https://example.com/wire) twice. Nobody answered the phone.

- The first item of the list is **long**.
- The second item has `code` in it.

The night ended at 3:00 with 12 pages sent.
"""

LOCALES = ("pt_BR", "de")

# What a person (or an engine) did to one sentence's entry.
KINDS = ("untranslated", "reviewed", "reviewed-broken", "reviewed-heading", "reviewed-same",
         "draft", "stale")


def cli(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["-C", str(project), *args], catch_exceptions=False)
    return result.exit_code, result.output


def make_project(root: Path, build_table: str = "") -> Path:
    (root / "source").mkdir(parents=True)
    for i in range(3):
        (root / "source" / f"story{i}.md").write_text(ARTICLE.replace("twice", f"{i + 2} times"),
                                                      encoding="utf-8")
    (root / "l10n.toml").write_text(
        f'source_language = "en"\nlocales = ["pt_BR", "de"]\n\n[translate]\nmemory = false\n'
        f"{build_table}", encoding="utf-8")
    code, out = cli(root, "extract")
    assert code == 0, out
    return root


def _set(entry: polib.POEntry, kind: str) -> None:
    msgid = entry.msgid
    entry.flags = [f for f in entry.flags if f != "fuzzy"]
    entry.previous_msgid = None
    entry.tcomment = ""
    if kind == "untranslated":
        entry.msgstr = ""
    elif kind == "reviewed":
        entry.msgstr = "Traduzido: " + msgid
    elif kind == "reviewed-broken":  # loses its code spans and links: an ERROR check refuses it
        entry.msgstr = "Traduzido sem marcação " + "".join(c for c in msgid if c not in "`[]()")
    elif kind == "reviewed-heading":  # fine alone, but it would turn a line into a heading
        entry.msgstr = msgid + "\n# Título"
    elif kind == "reviewed-same":
        entry.msgstr = msgid
    elif kind == "draft":
        entry.msgstr = "Rascunho: " + msgid
        entry.flags.append("fuzzy")
    else:  # stale: translated for an older sentence
        entry.msgstr = "Antigo: " + msgid
        entry.flags.append("fuzzy")
        entry.previous_msgid = msgid + " (before)"


def write_catalogs(root: Path, kinds: list[str]) -> None:
    n = 0
    for article in sorted((root / "source").iterdir()):
        for locale in LOCALES:
            path = root / "locales" / locale / article.with_suffix(".po").name
            po = polib.pofile(str(path))
            for entry in po:
                _set(entry, kinds[n % len(kinds)])
                n += 1
            po.save(str(path))


def decisions_of_build(root: Path) -> dict[tuple[str, str], dict[str, object]]:
    config = load_config(root / "l10n.toml")
    report = build(config, check=True, force=True)
    out = {}
    for p in report.published:
        out[(p.path.stem, p.locale)] = p.decision.to_json()
    return out


def decisions_of_status(root: Path) -> dict[tuple[str, str], dict[str, object]]:
    config = load_config(root / "l10n.toml")
    return {(row.article.stem, row.locale): row.decision.to_json()
            for row in project_status(config, config.locales)}


POLICIES = (
    "",
    "\n[build]\nmin_percent = 30\n",
    "\n[build]\nmin_percent = 60\nrequired = [\"title\"]\n",
    "\n[build]\nmin_percent = 100\nbelow = \"keep\"\ninclude_drafts = true\n",
    "\n[build]\nrequired = [\"headings\"]\ninclude_stale = true\n",
    "\n[build.fallback]\npt_BR = [\"de\"]\n",
)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """A project extracted once per policy (copied for each example)."""
    made: dict[str, Path] = {}

    def get(policy: str) -> Path:
        if policy not in made:
            made[policy] = make_project(tmp_path_factory.mktemp("extracted"), policy)
        return made[policy]

    return get


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kinds=st.lists(st.sampled_from(KINDS), min_size=1, max_size=12),
       policy=st.sampled_from(POLICIES))
def test_status_reports_exactly_what_build_decides(extracted: Callable[[str], Path], kinds: list[str],
                                                   policy: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        shutil.copytree(extracted(policy), root)
        write_catalogs(root, kinds)
        assert decisions_of_status(root) == decisions_of_build(root)


def test_a_refused_reviewed_translation_lowers_the_share_status_reports(tmp_path: Path) -> None:
    # Every sentence reviewed, but some translations refused by a check or a guard: status must
    # splice the article to see that, as build does; the share is below 100 and above 0.
    root = make_project(tmp_path)
    write_catalogs(root, ["reviewed", "reviewed-broken", "reviewed-heading"])
    code, out = cli(root, "status", "--json")
    assert code == 0, out
    shares = {row["publish"]["percent_reviewed"] for row in json.loads(out)["rows"]}
    assert shares and all(0 < share < 100 for share in shares), shares
    assert decisions_of_status(root) == decisions_of_build(root)


def test_status_reads_each_catalog_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path, "\n[build.fallback]\npt_BR = [\"de\"]\n")
    write_catalogs(root, ["reviewed", "draft", "untranslated"])
    config = load_config(root / "l10n.toml")
    reads: list[Path] = []
    load = building.load_catalog

    def counted(path: Path) -> polib.POFile:
        reads.append(path)
        return load(path)

    monkeypatch.setattr(building, "load_catalog", counted)
    rows = project_status(config, config.locales)
    assert len(rows) == 6
    assert sorted(reads) == sorted(po_path(config, row.article, row.locale) for row in rows)


def test_status_works_when_build_writes_html(tmp_path: Path) -> None:
    root = make_project(tmp_path, "\n[build]\nformat = \"html\"\n")
    write_catalogs(root, ["reviewed", "draft"])
    code, out = cli(root, "status", "--json")
    assert code == 0, out
    rows = json.loads(out)["rows"]
    assert len(rows) == 6 and all(row["publish"]["publish"] for row in rows)
    code, out = cli(root, "status")
    assert code == 0 and "build publishes every article" in out, out


def test_status_of_a_missing_catalog_says_to_run_extract(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    shutil.rmtree(root / "locales" / "de")
    result = CliRunner().invoke(main, ["-C", str(root), "status"])
    assert result.exit_code != 0
    assert "run `l10n extract` first" in result.output
    assert "Traceback" not in result.output
