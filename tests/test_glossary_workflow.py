"""The glossary through the workflow: extract's notes, drafts that follow it (pseudo, bergamot,
DeepL's glossary API on the fake server), check's findings, and the errors users see."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator, Sequence
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from l10n.catalog.store import PoStyle
from l10n.cli import main
from l10n.config import config_from_mapping
from l10n.errors import ConfigError
from l10n.glossary import parse_glossary
from l10n.mt.engines import ENGINES, EngineSpec, Limits
from l10n.mt.memory import MemoryUnit, TranslationMemory
from l10n.mt.translate import TranslateJob, TranslateOptions, run_translate
from tests.fakeserver import FakeServer

GLOSSARY = (
    "term\tlocale\ttranslation\tforbidden\tflags\n"
    "Kyiv\t\t\tKiev\tcase-sensitive\n"
    "Brasília\t\t\tBrasilia\n"
    "prime minister\tpt_BR\tprimeiro-ministro\n"
)
ARTICLE = (
    "# Talks in Kyiv\n\n"
    "The prime minister flew from Brasília to Kyiv on Monday.\n\n"
    "Talks resumed in `Kyiv` on Tuesday. Nothing else changed.\n"
)


def project(tmp_path: Path, glossary: str | None = GLOSSARY, engine: str = "pseudo") -> Path:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "talks.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "l10n.toml").write_text(
        f'source_language = "en"\nlocales = ["pt_BR"]\n[translate]\nengine = "{engine}"\n',
        encoding="utf-8",
    )
    if glossary is not None:
        (tmp_path / "glossary.tsv").write_text(glossary, encoding="utf-8")
    return tmp_path


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["-C", str(root), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def po_of(root: Path) -> polib.POFile:
    return polib.pofile(str(root / "locales/pt_BR/talks.po"))


def entry(po: polib.POFile, start: str) -> polib.POEntry:
    return next(e for e in po if e.msgid.startswith(start))


def test_extract_notes_the_terms_of_each_entry_for_translators(tmp_path: Path) -> None:
    root = project(tmp_path)
    assert run(root, "extract")[0] == 0
    po = po_of(root)
    assert entry(po, "The prime").comment.splitlines() == [
        "paragraph",
        "glossary: prime minister -> primeiro-ministro; Brasília -> Brasília (not Brasilia); "
        "Kyiv -> Kyiv (not Kiev)",
    ]
    assert entry(po, "Nothing").comment == "paragraph"
    pot = polib.pofile(str(root / "locales/templates/talks.pot"))
    assert not any("glossary" in e.comment for e in pot)  # the template has no locale
    assert run(root, "extract", "--check")[0] == 0


def test_an_edited_glossary_refreshes_the_notes_and_extract_check_sees_it(tmp_path: Path) -> None:
    root = project(tmp_path)
    run(root, "extract")
    (root / "glossary.tsv").write_text("term\nNothing\n", encoding="utf-8")
    assert run(root, "extract", "--check")[0] == 1
    assert run(root, "extract")[0] == 0
    po = po_of(root)
    assert entry(po, "The prime").comment == "paragraph"
    assert entry(po, "Nothing").comment.splitlines() == ["paragraph", "glossary: Nothing -> Nothing"]
    (root / "glossary.tsv").unlink()
    run(root, "extract")
    assert not any("glossary" in e.comment for e in po_of(root))


def test_pseudo_drafts_keep_the_terms_and_the_po_passes_msgfmt_and_msgcat(tmp_path: Path) -> None:
    root = project(tmp_path)
    run(root, "extract")
    assert run(root, "translate")[0] == 0
    po = po_of(root)
    draft = entry(po, "The prime").msgstr
    assert "primeiro-ministro" in draft and "Brasília" in draft and "Kyiv" in draft
    assert "Kyiv" in entry(po, "Talks in").msgstr
    code, out, _ = run(root, "check", "--strict")
    assert code == 0, out
    path = root / "locales/pt_BR/talks.po"
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], check=True)
    before = path.read_bytes()
    subprocess.run(["msgcat", "-o", str(path), str(path)], check=True)
    assert path.read_bytes() == before
    assert run(root, "extract", "--check")[0] == 0


def test_check_flags_kyiv_that_became_kiev_and_brasilia_without_its_accent(tmp_path: Path) -> None:
    root = project(tmp_path)
    run(root, "extract")
    po = po_of(root)
    entry(po, "The prime").msgstr = (
        "O primeiro-ministro voou de Brasilia para Kiev na segunda-feira.")
    po.save(str(root / "locales/pt_BR/talks.po"))
    code, out, _ = run(root, "check", "--json")
    assert code == 0  # warnings: the build still publishes the sentence
    found = json.loads(out)
    findings = [(f["check"], f["severity"], f["message"]) for f in found if f["check"] == "glossary"]
    assert all(f["locale"] == "pt_BR" and f["source_line"] for f in found if f["check"] == "glossary")
    assert findings == [
        ("glossary", "warning", "'Brasília' must stay as in the source, not 'Brasilia'"),
        ("glossary", "warning", "'Kyiv' must stay as in the source, not 'Kiev'"),
    ]
    code, out, _ = run(root, "check", "--strict")
    assert code == 1 and "talks.po:" in out and "warning: glossary: 'Kyiv'" in out


def test_a_malformed_glossary_is_one_line_naming_file_and_line_exit_2(tmp_path: Path) -> None:
    root = project(tmp_path, "term\tflags\nKyiv\tcase-sensitive\nBrasília\tbold\n")
    code, out, err = run(root, "extract")
    assert code == 2
    assert err.splitlines() == [
        f"l10n: error: {root / 'glossary.tsv'}:3: unknown flag 'bold'; flags: case-sensitive, "
        "inside-words"
    ]
    assert "Traceback" not in err + out
    assert not (root / "locales").exists()


def test_a_configured_glossary_path_must_exist(tmp_path: Path) -> None:
    root = project(tmp_path, None)
    with (root / "l10n.toml").open("a", encoding="utf-8") as f:
        f.write('[glossary]\npath = "terms/newsroom.tsv"\n')
    code, _, err = run(root, "extract")
    assert code == 2 and "newsroom.tsv: glossary file not found" in err
    (root / "terms").mkdir()
    (root / "terms/newsroom.tsv").write_text(GLOSSARY, encoding="utf-8")
    assert run(root, "extract")[0] == 0
    assert "glossary: " in entry(po_of(root), "The prime").comment


def jobs_for(root: Path, engine: str) -> list[TranslateJob]:
    return [TranslateJob(root / "locales/pt_BR/talks.po", "pt_BR", "en", engine)]


def test_bergamot_drafts_kyiv_not_kiev_with_the_glossary(tmp_path: Path) -> None:
    root = project(tmp_path, engine="bergamot")
    run(root, "extract")
    glossary = parse_glossary(GLOSSARY, root / "glossary.tsv")
    report = run_translate(jobs_for(root, "bergamot"),
                           options=TranslateOptions(PoStyle(79), glossary=glossary))
    assert report.failed == 0
    draft = entry(po_of(root), "The prime").msgstr
    assert "Kyiv" in draft and "Kiev" not in draft and "primeiro-ministro" in draft
    assert "Brasília" in draft


def test_a_remembered_draft_that_breaks_the_glossary_is_drafted_again(tmp_path: Path) -> None:
    root = project(tmp_path)
    run(root, "extract")
    memory_path = root / "memory.sqlite"
    msgid = "The prime minister flew from Brasília to Kyiv on Monday."
    memory = TranslationMemory(memory_path)
    memory.store([MemoryUnit(msgid, "O premiê voou de Brasília para Kiev.", "en", "pt_BR",
                             "pseudo", "")])
    memory.close()
    glossary = parse_glossary(GLOSSARY, root / "glossary.tsv")
    run_translate(jobs_for(root, "pseudo"),
                  options=TranslateOptions(PoStyle(79), memory_path=memory_path,
                                           glossary=glossary))
    draft = entry(po_of(root), "The prime").msgstr
    assert "Kiev" not in draft and "primeiro-ministro" in draft


@pytest.fixture
def deepl(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeServer]:
    monkeypatch.setenv("L10N_DEEPL_API_KEY", "deepl-SECRET-4242:fx")
    with FakeServer() as fake:
        yield fake


def deepl_options(server: FakeServer, glossary: str, root: Path) -> TranslateOptions:
    return TranslateOptions(
        PoStyle(79),
        engine_options={"deepl": {"url": server.url, "rate": 0.0, "backoff": 0.01}},
        glossary=parse_glossary(glossary, root / "glossary.tsv"),
    )


def test_deepl_gets_a_glossary_created_once_and_referenced_in_requests(
    tmp_path: Path, deepl: FakeServer
) -> None:
    root = project(tmp_path, engine="deepl")
    run(root, "extract")
    report = run_translate(jobs_for(root, "deepl"), options=deepl_options(deepl, GLOSSARY, root))
    assert report.failed == 0
    created = [r for r in deepl.requests if r.method == "POST" and r.path == "/v2/glossaries"]
    assert len(created) == 1
    body = json.loads(created[0].body)
    assert body["source_lang"] == "EN" and body["target_lang"] == "PT"
    assert body["entries_format"] == "tsv"
    assert body["entries"].split("\n") == [
        "Kyiv\tKyiv", "Brasília\tBrasília", "prime minister\tprimeiro-ministro"]
    assert created[0].headers["Authorization"] == "DeepL-Auth-Key deepl-SECRET-4242:fx"
    sent = [json.loads(r.body) for r in deepl.requests if r.path == "/v2/translate"]
    assert sent and all(s["glossary_id"] == "glossary-1" for s in sent)
    texts = [t for s in sent for t in s["text"]]
    assert "The prime minister flew from Brasília to Kyiv on Monday." in texts  # not masked
    assert "primeiro-ministro" in entry(po_of(root), "The prime").msgstr  # the fake applied it

    # An unchanged glossary is found again on the account, not created twice.
    (root / "locales/pt_BR/talks.po").unlink()
    run(root, "extract")
    deepl.requests.clear()
    run_translate(jobs_for(root, "deepl"), options=deepl_options(deepl, GLOSSARY, root))
    assert [(r.method, r.path) for r in deepl.requests if "glossar" in r.path] == [
        ("GET", "/v2/glossaries")]
    assert all(json.loads(r.body)["glossary_id"] == "glossary-1"
               for r in deepl.requests if r.path == "/v2/translate")

    # A changed glossary is a new one.
    (root / "locales/pt_BR/talks.po").unlink()
    run(root, "extract")
    run_translate(jobs_for(root, "deepl"),
                  options=deepl_options(deepl, GLOSSARY + "Monday\tpt_BR\tsegunda-feira\n", root))
    assert sorted(deepl.glossaries) == ["glossary-1", "glossary-2"]


def test_deepl_refusing_the_glossary_leaves_entries_empty_and_says_why(
    tmp_path: Path, deepl: FakeServer
) -> None:
    root = project(tmp_path, engine="deepl")
    run(root, "extract")
    deepl.statuses = [403]
    report = run_translate(jobs_for(root, "deepl"), options=deepl_options(deepl, GLOSSARY, root))
    assert report.filled == 0 and report.failed == 4
    assert report.aborted is not None
    assert all("glossary not accepted" in f.reason for f in report.files[0].failures)
    assert deepl.count("/v2/translate") == 0
    assert all(not e.msgstr for e in po_of(root))


class KievEngine:
    """Translates by writing "Kiev" for "Kyiv" (what bergamot does) and a few words in
    Portuguese (an answer that merely echoed its source would be a failed draft); records every
    text."""

    name = "kiev"
    version = "kiev-1"
    limits = Limits(max_chars=10_000, max_items=50, max_concurrency=1)

    def __init__(self) -> None:
        self.sent: list[str] = []

    def supports(self, source: str, target: str) -> bool:
        return True

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        self.sent += texts
        return [t.replace("Kyiv", "Kiev").replace("Talks", "Conversas")
                .replace("prime minister", "primeiro-ministro").replace("else changed", "mais mudou")
                for t in texts]


def test_terms_are_masked_only_when_the_first_draft_breaks_the_glossary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(tmp_path, "term\nKyiv\nNothing\n")
    run(root, "extract")
    engine = KievEngine()
    monkeypatch.setitem(ENGINES, "kiev", EngineSpec("kiev", "test", True, lambda o: engine))
    glossary = parse_glossary("term\nKyiv\nNothing\n", root / "glossary.tsv")
    report = run_translate(jobs_for(root, "kiev"),
                           options=TranslateOptions(PoStyle(79), glossary=glossary))
    assert report.failed == 0
    assert engine.sent.count("Nothing else changed.") == 1  # followed the glossary at once
    assert "Talks in Kyiv" in engine.sent and "Talks in _1_" in engine.sent
    assert "Talks resumed in _1_ on Tuesday." in engine.sent  # the code span, never the term
    po = po_of(root)
    assert entry(po, "Talks in").msgstr == "Conversas in Kyiv"
    assert entry(po, "Talks resumed").msgstr == "Conversas resumed in `Kyiv` on Tuesday."
    assert engine.sent.count("Talks resumed in _1_ on Tuesday.") == 1


def test_the_glossary_table_of_the_configuration_is_checked(tmp_path: Path) -> None:
    base = {"locales": ["pt_BR"]}
    config = config_from_mapping(base, root=tmp_path, config_path=tmp_path / "l10n.toml")
    assert config.glossary_path is None
    (tmp_path / "glossary.tsv").write_text(GLOSSARY, encoding="utf-8")
    config = config_from_mapping(base, root=tmp_path, config_path=tmp_path / "l10n.toml")
    assert config.glossary_path == (tmp_path / "glossary.tsv").resolve()
    with pytest.raises(ConfigError, match="'glossary.file': unknown key; allowed: path"):
        config_from_mapping({**base, "glossary": {"file": "x.tsv"}}, root=tmp_path,
                            config_path=tmp_path / "l10n.toml")
    with pytest.raises(ConfigError, match="'glossary.path': must be a non-empty path string"):
        config_from_mapping({**base, "glossary": {"path": 3}}, root=tmp_path,
                            config_path=tmp_path / "l10n.toml")
