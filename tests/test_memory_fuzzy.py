"""Close matches from the memory: drafts for sentences the memory does not know exactly, never
when a number, a negation, a name or the markup changed; TMX import -> translate end to end."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from translate.storage import tmx as ttk_tmx

from l10n.catalog.provenance import parse_provenance
from l10n.catalog.state import EntryState, classify
from l10n.catalog.store import PoStyle
from l10n.cli import main
from l10n.errors import ConfigError
from l10n.mt.engines import ENGINES, EngineSpec, Limits
from l10n.mt.memory import HUMAN, IMPORTED, MemoryUnit, open_memory
from l10n.mt.memory.fuzzy import FuzzyIndex
from l10n.mt.memory.location import Location
from l10n.mt.translate import TranslateJob, TranslateOptions, run_translate
from l10n.po import load_po, save_po

MET = "He met the prime minister."
MET_PT = "Ele encontrou o primeiro-ministro."
KILLED = "10 people were killed in the attack."
KILLED_PT = "10 pessoas morreram no ataque."


class CountingEngine:
    """Counts every text it is asked to translate."""

    name = "counting"
    version = "c-1"
    limits = Limits(max_chars=10_000, max_items=8, max_concurrency=1)

    def __init__(self) -> None:
        self.sent: list[str] = []
        self.calls = 0

    def supports(self, source: str, target: str) -> bool:
        return True

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        self.calls += 1
        self.sent.extend(texts)
        return [f"[mt] {t}" for t in texts]


@pytest.fixture
def engine(monkeypatch: pytest.MonkeyPatch) -> CountingEngine:
    counting = CountingEngine()
    monkeypatch.setitem(ENGINES, "counting", EngineSpec("counting", "test", True,
                                                        lambda options: counting))  # type: ignore[arg-type,return-value]
    return counting


def human(source: str, target: str) -> MemoryUnit:
    return MemoryUnit(source, target, "en", "pt_BR", HUMAN)


def po_file(path: Path, msgids: Sequence[str]) -> Path:
    po = polib.POFile()
    po.metadata = {"MIME-Version": "1.0", "Content-Type": "text/plain; charset=UTF-8",
                   "Content-Transfer-Encoding": "8bit", "Language": "pt_BR"}
    for msgid in msgids:
        po.append(polib.POEntry(msgid=msgid, msgstr=""))
    save_po(path, po)
    return path


def translate(po: Path, memory: Location, **options: object) -> object:
    where = {"memory_path": memory} if isinstance(memory, Path) else {"memory_url": memory}
    opts = {"style": PoStyle(79), "today": "2026-12-01", **where, **options}
    job = TranslateJob(po, "pt_BR", "en", "counting")
    return run_translate([job], options=TranslateOptions(**opts))  # type: ignore[arg-type]


def drafts(po: Path) -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in load_po(po) if e.msgid}


def engine_drafted(entries: dict[str, polib.POEntry]) -> list[str]:
    """The msgids whose draft the engine wrote (not the memory)."""
    return sorted(msgid for msgid, e in entries.items()
                  if (p := parse_provenance(e.tcomment)) is not None and p.via == "engine")


def test_a_close_match_becomes_a_draft_and_a_changed_fact_goes_to_the_engine(
    tmp_path: Path, engine: CountingEngine, memory_location: Location
) -> None:
    memory = memory_location
    with open_memory(memory) as tm:
        tm.store([human(MET, MET_PT), human(KILLED, KILLED_PT)])
    again, negated = "He met the prime minister again.", "He did not meet the prime minister."
    more, never = "12 people were killed in the attack.", "He never met the prime minister."
    po = po_file(tmp_path / "a.po", [again, negated, more, never])
    report = translate(po, memory)
    got = drafts(po)
    assert got[again].msgstr == MET_PT
    assert classify(got[again]) is EntryState.MACHINE and "fuzzy" in got[again].flags
    provenance = parse_provenance(got[again].tcomment)
    assert provenance is not None and provenance.via == "memory"
    assert provenance.engine == HUMAN and provenance.extra == (("match", "89%"),)
    assert engine_drafted(got) == sorted([negated, more, never])
    assert len(engine.sent) == 3
    data = report.to_json()  # type: ignore[attr-defined]
    assert (data["from_memory"], data["memory_fuzzy"]) == (1, 1)


def test_exact_matches_from_an_imported_tmx_make_zero_engine_calls(
    tmp_path: Path, engine: CountingEngine, memory_location: Location
) -> None:
    from l10n.mt.memory import import_tmx

    store = ttk_tmx.tmxfile(sourcelanguage="en")
    store.addtranslation(MET, "en-US", MET_PT, "pt-BR")
    store.addtranslation(KILLED, "en-US", KILLED_PT, "pt-BR")
    tmx = tmp_path / "agency-memory-export-2026-news-desk.tmx"
    tmx.write_bytes(bytes(store))
    memory = memory_location
    import_tmx(memory, tmx, source_lang="en", locales=["pt_BR"])
    po = po_file(tmp_path / "a.po", [MET, KILLED, "He met the prime minister again."])
    report = translate(po, memory)
    assert engine.calls == 0 and report.from_memory == 3  # type: ignore[attr-defined]
    got = drafts(po)
    assert got[MET].msgstr == MET_PT and got[KILLED].msgstr == KILLED_PT
    for entry in got.values():
        assert classify(entry) is EntryState.MACHINE  # a draft, never reviewed
    exact = parse_provenance(got[MET].tcomment)
    assert exact is not None and exact.engine == IMPORTED
    assert exact.extra == (("origin", "tmx:agency-memory-export-2026-news-desk.tmx"),)
    close = parse_provenance(got["He met the prime minister again."].tcomment)
    assert close is not None and close.extra == (("match", "89%"), ("origin", "tmx:agency-memory-export-2026-news-desk.tmx"))


def test_memory_fuzzy_zero_sends_close_sentences_to_the_engine(
    tmp_path: Path, engine: CountingEngine, memory_location: Location
) -> None:
    memory = memory_location
    with open_memory(memory) as tm:
        tm.store([human(MET, MET_PT)])
    po = po_file(tmp_path / "a.po", ["He met the prime minister again."])
    translate(po, memory, memory_fuzzy=0.0)
    assert engine.sent == ["He met the prime minister again."]


def test_machine_units_are_not_offered_as_close_matches(
    tmp_path: Path, engine: CountingEngine, memory_location: Location
) -> None:
    memory = memory_location
    with open_memory(memory) as tm:
        tm.store([MemoryUnit(MET, MET_PT, "en", "pt_BR", "counting", "c-1")])
    po = po_file(tmp_path / "a.po", ["He met the prime minister again."])
    translate(po, memory)
    assert engine.sent == ["He met the prime minister again."]


def test_a_change_of_link_target_or_code_span_is_not_a_close_match() -> None:
    index = FuzzyIndex([human("Read [the report](https://a.example/x) today.", "Leia [o relatório](https://a.example/x) hoje."),
                        human("Run `make all` to build everything.", "Rode `make all` para tudo.")])
    assert index.best("Read [the report](https://a.example/x) today!", 0.75) is not None
    assert index.best("Read [the report](https://b.example/y) today.", 0.75) is None
    assert index.best("Run `make test` to build everything.", 0.75) is None


def test_the_closest_admissible_unit_wins_and_the_threshold_holds() -> None:
    index = FuzzyIndex([human("The minister resigned on Monday.", "A"),
                        human("The minister resigned on Monday night.", "B")])
    best = index.best("The minister resigned on Monday evening.", 0.75)
    assert best is not None and best.unit.target == "B"
    assert index.best("The minister resigned on Monday evening.", 0.99) is None


WORDS = st.sampled_from(["the", "council", "voted", "mayor", "said", "river", "bridge", "opened",
                         "after", "years", "of", "work", "on", "its", "road", "station"])


@settings(max_examples=150, deadline=None)
@given(words=st.lists(WORDS, min_size=4, max_size=14), old=st.integers(0, 10_000),
       new=st.integers(0, 10_000), at=st.integers(0, 14))
def test_a_changed_number_is_never_a_close_match(words: list[str], old: int, new: int,
                                                 at: int) -> None:
    if old == new:
        return
    spot = at % (len(words) + 1)
    source = " ".join([*words[:spot], str(old), *words[spot:]]).capitalize() + "."
    query = " ".join([*words[:spot], str(new), *words[spot:]]).capitalize() + "."
    assert FuzzyIndex([human(source, "x")]).best(query, 0.5) is None


@settings(max_examples=150, deadline=None)
@given(words=st.lists(WORDS, min_size=4, max_size=14),
       negation=st.sampled_from(["not", "never", "no"]), at=st.integers(0, 14))
def test_an_added_negation_is_never_a_close_match(words: list[str], negation: str,
                                                  at: int) -> None:
    spot = at % (len(words) + 1)
    source = " ".join(words).capitalize() + "."
    query = " ".join([*words[:spot], negation, *words[spot:]]).capitalize() + "."
    index = FuzzyIndex([human(source, "x")])
    assert index.best(query, 0.5) is None
    assert FuzzyIndex([human(query, "x")]).best(source, 0.5) is None


def project(tmp_path: Path, extra: str = "") -> Path:
    (tmp_path / "source").mkdir(parents=True)
    (tmp_path / "source" / "news.txt").write_text(
        f"{MET}\n\nHe met the prime minister again.\n\nHe did not meet the prime minister.\n\n"
        f"{KILLED}\n\n12 people were killed in the attack.\n", encoding="utf-8")
    (tmp_path / "l10n.toml").write_text(
        'source_language = "en"\nlocales = ["pt_BR"]\n[translate]\nengine = "counting"\n' + extra,
        encoding="utf-8")
    return tmp_path


def cli(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["-C", str(root), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_memory_import_then_translate_end_to_end(tmp_path: Path, engine: CountingEngine) -> None:
    root = project(tmp_path / "p")
    store = ttk_tmx.tmxfile(sourcelanguage="en")
    store.addtranslation(MET, "en-US", MET_PT, "pt-BR")
    store.addtranslation(KILLED, "en-US", KILLED_PT, "pt-BR")
    tmx = tmp_path / "news.tmx"
    tmx.write_bytes(bytes(store))
    assert cli(root, "extract")[0] == 0
    code, out, _ = cli(root, "memory", "import", str(tmx))
    assert code == 0 and out.startswith(f"imported 2 translation unit(s) from {tmx} (pt_BR 2)")
    code, out, _ = cli(root, "translate", "--json")
    assert code == 0, out
    data = json.loads(out)
    assert (data["from_memory"], data["memory_fuzzy"], data["sent"]) == (3, 1, 2)
    got = drafts(root / "locales" / "pt_BR" / "news.po")
    assert engine_drafted(got) == ["12 people were killed in the attack.",
                                   "He did not meet the prime minister."]
    assert got["He met the prime minister again."].msgstr == MET_PT
    assert "e=tmx" in got[MET].tcomment and "origin=tmx:news.tmx" in got[MET].tcomment
    assert all(classify(e) is not EntryState.TRANSLATED for e in got.values())
    checked = subprocess.run(["msgfmt", "-c", "-o", os.devnull,
                              str(root / "locales" / "pt_BR" / "news.po")],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


@pytest.mark.usefixtures("engine")
def test_memory_import_of_a_broken_file_exits_2_with_file_and_line(tmp_path: Path) -> None:
    root = project(tmp_path / "p")
    bad = tmp_path / "bad.tmx"
    bad.write_text('<tmx version="1.4">\n<body><tu></body></tmx>\n', encoding="utf-8")
    code, out, err = cli(root, "memory", "import", str(bad))
    assert code == 2 and out == ""
    assert f"{bad}:2: malformed TMX (XML): mismatched tag" in err
    assert "Traceback" not in err
    assert not (root / ".l10n" / "memory.sqlite").exists()


@pytest.mark.usefixtures("engine")
def test_memory_fuzzy_must_be_a_similarity(tmp_path: Path) -> None:
    from l10n.config import load_config

    root = project(tmp_path, "memory_fuzzy = 1.5\n")
    with pytest.raises(ConfigError, match="translate.memory_fuzzy"):
        load_config(root / "l10n.toml")
    (root / "l10n.toml").write_text('source_language = "en"\nlocales = ["pt_BR"]\n'
                                    '[translate]\nmemory_fuzzy = 0\n', encoding="utf-8")
    assert load_config(root / "l10n.toml").memory_fuzzy == 0.0
