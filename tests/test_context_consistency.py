"""Consistency across an article: the ``name-forms`` project check (a name written two ways in
one article), through ``l10n check`` on a real project; and DeepL's ``context`` parameter
holding the article around the texts of each request (fake server)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fakeserver import FakeServer

from l10n.catalog.checks.names import rendering
from l10n.catalog.store import PoStyle
from l10n.mt.engines.base import ContextItem
from l10n.mt.engines.deepl import MAX_CONTEXT, request_context
from l10n.mt.translate import TranslateJob, TranslateOptions, run_translate
from l10n.po import load_po
from tests.test_cli import run

ARTICLE = [
    "President Zelensky visited the front on Monday.",
    "Reporters followed Zelensky to the trenches.",
    "Later, Zelensky met the soldiers of the brigade.",
    "The soldiers thanked Zelensky for the visit.",
]


def project_with(tmp_path: Path, translations: dict[str, str], locale: str = "pt_BR") -> Path:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "visit.md").write_text(
        "# The visit\n\n" + "".join(f"{s}\n\n" for s in ARTICLE), encoding="utf-8")
    (tmp_path / "l10n.toml").write_text(
        f'source_language = "en"\nlocales = ["{locale}"]\n', encoding="utf-8")
    assert run(tmp_path, "extract")[0] == 0
    path = tmp_path / "locales" / locale / "visit.po"
    po = polib.pofile(str(path), wrapwidth=79)
    for entry in po:
        if entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
    po.save(str(path))
    return tmp_path


def name_findings(root: Path) -> list[dict[str, object]]:
    _, out, _ = run(root, "check", "--json")
    return [f for f in json.loads(out) if f["check"] == "name-forms"]


def test_a_name_written_two_ways_in_one_article_is_a_warning_on_the_odd_one(
    tmp_path: Path,
) -> None:
    root = project_with(tmp_path, {
        ARTICLE[0]: "O presidente Zelensky visitou o front na segunda-feira.",
        ARTICLE[1]: "Repórteres seguiram Zelensky até as trincheiras.",
        ARTICLE[2]: "Mais tarde, Zelenski encontrou os soldados da brigada.",
        ARTICLE[3]: "Os soldados agradeceram a Zelensky pela visita.",
    })
    found = name_findings(root)
    assert [(f["msgid"], f["severity"]) for f in found] == [(ARTICLE[2], "warning")]
    assert "'Zelenski' here but 'Zelensky'" in str(found[0]["message"])
    code, text, _ = run(root, "check")
    assert code == 0 and "name-forms" in text


def test_one_spelling_throughout_gives_no_name_forms_finding(tmp_path: Path) -> None:
    root = project_with(tmp_path, {
        ARTICLE[0]: "O presidente Zelensky visitou o front na segunda-feira.",
        ARTICLE[1]: "Repórteres seguiram Zelensky até as trincheiras.",
        ARTICLE[2]: "Mais tarde, Zelensky encontrou os soldados da brigada.",
    })
    assert name_findings(root) == []


def test_inflected_names_are_one_rendering(tmp_path: Path) -> None:
    root = project_with(tmp_path, {
        ARTICLE[0]: "Präsident Selenskyj besuchte am Montag die Front.",
        ARTICLE[1]: "Reporter folgten Selenskyjs Tross zu den Gräben.",
        ARTICLE[2]: "Später traf Selenskyj die Soldaten der Brigade.",
    }, locale="de")
    assert name_findings(root) == []
    assert rendering("Putin", "Putins Rede") == "Putin"
    assert rendering("Zelensky", "Zelenski falou") == "Zelenski"
    assert rendering("London", "em Londres") is None


# --------------------------------------------------------------------------- DeepL context


@pytest.fixture
def deepl(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeServer]:
    monkeypatch.setenv("L10N_DEEPL_API_KEY", "deepl-SECRET-1:fx")
    with FakeServer() as fake:
        yield fake


def test_deepl_requests_carry_the_title_and_neighbours_as_context(
    deepl: FakeServer, tmp_path: Path
) -> None:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "pt_BR"}
    po.append(polib.POEntry(msgid="Hospital night", msgstr="", comment="heading"))
    po.append(polib.POEntry(msgid="The doctor arrived late.", msgstr="", comment="paragraph"))
    po.append(polib.POEntry(msgid="She was tired.", msgstr="", comment="paragraph"))
    path = tmp_path / "a.po"
    po.save(str(path))
    options = TranslateOptions(style=PoStyle(79), today="2026-12-01", engine_options={
        "deepl": {"url": deepl.url, "backoff": 0.01}})
    report = run_translate([TranslateJob(path, "pt_BR", "en", "deepl")], options=options)
    assert report.failed == 0
    body = json.loads(deepl.requests[-1].body)
    assert body["text"] == ["Hospital night", "The doctor arrived late.", "She was tired."]
    assert body["context"] == "Hospital night"  # the texts themselves are not repeated
    assert {e.msgid: e.msgstr for e in load_po(path) if e.msgid}["She was tired."] == "PT She was tired."


def test_deepl_context_holds_neighbours_outside_the_request(deepl: FakeServer) -> None:
    from l10n.mt.engines import create_engine

    engine = create_engine("deepl", {"url": deepl.url})
    items = [ContextItem("1", "She was tired.", title="Hospital night",
                         before="The doctor arrived late.", after="She went home.")]
    assert engine.translate_with_context(items, "en", "pt_BR") == ["PT She was tired."]  # type: ignore[attr-defined]
    body = json.loads(deepl.requests[-1].body)
    assert body["context"] == "Hospital night\nThe doctor arrived late.\nShe went home."
    engine.translate_batch(["Plain."], "en", "pt_BR")
    assert "context" not in json.loads(deepl.requests[-1].body)


def test_deepl_context_is_capped() -> None:
    long = "word " * 2000
    items = [ContextItem("1", "x", before=long, after="short after")]
    assert len(request_context(items)) <= MAX_CONTEXT
