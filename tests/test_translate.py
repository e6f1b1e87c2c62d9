from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import polib
import pytest

from l10n.catalog.provenance import Provenance, apply_draft, draft_digest, parse_provenance
from l10n.catalog.state import EntryState, classify
from l10n.catalog.store import PoStyle
from l10n.errors import ConfigError, EngineError
from l10n.mt.engines import ENGINES, EngineSpec, Limits
from l10n.mt.engines.pseudo import pseudo_translate
from l10n.mt.memory import HUMAN, TranslationMemory
from l10n.mt.translate import TranslateJob, TranslateOptions, run_translate
from l10n.po import load_po, save_po

ROOT = Path(__file__).resolve().parents[1]
TODAY = "2026-11-25"


class FakeEngine:
    """Records every batch; translates with ``fn`` (pseudo-localisation by default)."""

    version = "fake-1"

    def __init__(
        self,
        fn: Callable[[str], str] = pseudo_translate,
        *,
        name: str = "fake",
        limits: Limits | None = None,
    ) -> None:
        self.name = name
        self.fn = fn
        self.limits = limits or Limits(max_chars=10_000, max_items=8, max_concurrency=2)
        self.calls: list[list[str]] = []
        self._lock = threading.Lock()

    def supports(self, source: str, target: str) -> bool:
        return True

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        with self._lock:
            self.calls.append(list(texts))
        return [self.fn(t) for t in texts]

    @property
    def sent(self) -> list[str]:
        return [t for call in self.calls for t in call]


def register(monkeypatch: pytest.MonkeyPatch, engine: object, name: str = "fake") -> None:
    monkeypatch.setitem(ENGINES, name, EngineSpec(name, "test", True, lambda options: engine))  # type: ignore[arg-type,return-value]


def write_po(path: Path, entries: Sequence[polib.POEntry | str], locale: str = "pt_BR") -> Path:
    po = polib.POFile()
    po.metadata = {
        "Project-Id-Version": "test",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Language": locale,
    }
    for entry in entries:
        po.append(polib.POEntry(msgid=entry, msgstr="") if isinstance(entry, str) else entry)
    save_po(path, po)
    return path


def run(
    paths: Sequence[Path], engine: str = "fake", locale: str = "pt_BR", **options: object
) -> object:
    opts = {"style": PoStyle(79), "today": TODAY, **options}
    jobs = [TranslateJob(p, locale, "en", engine) for p in paths]
    return run_translate(jobs, options=TranslateOptions(**opts))  # type: ignore[arg-type]


def entries(path: Path) -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in load_po(path) if e.msgid}


def machine_entry(msgid: str, msgstr: str) -> polib.POEntry:
    entry = polib.POEntry(msgid=msgid, msgstr="")
    apply_draft(entry, msgstr, Provenance("fake", "2026-01-01", draft_digest(msgstr)))
    return entry


def test_empty_entries_get_fuzzy_drafts_with_a_provenance_comment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    register(monkeypatch, FakeEngine())
    po = write_po(tmp_path / "a.po", ["Read **the** [report](https://x.y/z \"T\") now.", "Hi."])
    report = run([po])
    assert report.filled == 2 and report.failed == 0  # type: ignore[attr-defined]
    got = entries(po)["Read **the** [report](https://x.y/z \"T\") now."]
    assert got.msgstr.startswith("[Ŕéåð **ţĥé** [ŕéþöŕţ](https://x.y/z \"T\") ñöŵ.")
    assert "fuzzy" in got.flags
    assert got.tcomment == f"mt: e=fake d={TODAY} h={draft_digest(got.msgstr)}"
    assert classify(got) is EntryState.MACHINE


def test_provenance_line_round_trips() -> None:
    prov = Provenance("bergamot", TODAY, "01234567", "memory", extra=(("fix", "names"),))
    assert parse_provenance("note from Ana\n" + prov.line()) == prov


def test_human_work_is_never_overwritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = FakeEngine()
    register(monkeypatch, engine)
    edited = machine_entry("Edited draft.", "Rascunho.")
    edited.msgstr = "Rascunho revisto."  # a person changed the machine draft, kept it fuzzy
    carried = machine_entry("Changed source.", "Fonte.")
    carried.previous_msgid = "Old source."  # a merge carried it over: needs human review
    human = [
        polib.POEntry(msgid="Done.", msgstr="Feito."),
        polib.POEntry(msgid="Unsure.", msgstr="Incerto.", flags=["fuzzy"]),
        edited,
        carried,
    ]
    po = write_po(tmp_path / "a.po", [*human, "New."])
    before = {e.msgid: e.msgstr for e in human}
    report = run([po], include_machine_fuzzy=True)
    after = entries(po)
    assert {k: after[k].msgstr for k in before} == before
    assert report.skipped_human == 4 and report.filled == 1  # type: ignore[attr-defined]
    assert engine.sent == ["New."]


def test_machine_drafts_are_redrafted_only_when_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = FakeEngine(lambda t: "NEW " + t)
    register(monkeypatch, engine)
    draft = machine_entry("Draft me.", "Velho.")
    draft.tcomment = "keep this note\n" + draft.tcomment
    po = write_po(tmp_path / "a.po", [draft])
    assert run([po]).filled == 0  # type: ignore[attr-defined]
    assert entries(po)["Draft me."].msgstr == "Velho."
    assert run([po], include_machine_fuzzy=True).filled == 1  # type: ignore[attr-defined]
    got = entries(po)["Draft me."]
    assert got.msgstr == "NEW Draft me."
    lines = got.tcomment.splitlines()
    assert lines[0] == "keep this note" and len(lines) == 2 and lines[1].startswith("mt: ")


def test_identical_sentences_across_articles_are_translated_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = FakeEngine()
    register(monkeypatch, engine)
    a = write_po(tmp_path / "a.po", ["Shared one.", "Only in a."])
    b = write_po(tmp_path / "b.po", ["Shared one.", "Only in b."])
    report = run([a, b])
    assert sorted(engine.sent) == ["Only in a.", "Only in b.", "Shared one."]
    assert report.filled == 4  # type: ignore[attr-defined]
    assert entries(a)["Shared one."].msgstr == entries(b)["Shared one."].msgstr


def test_second_run_on_the_same_sentences_makes_zero_engine_calls(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = FakeEngine()
    register(monkeypatch, engine)
    tm = tmp_path / "tm.sqlite"
    sentences = ["One sentence.", "Two sentences.", "Three **bold** ones."]
    first = run([write_po(tmp_path / "a.po", sentences)], memory_path=tm)
    calls = len(engine.calls)
    second = run([write_po(tmp_path / "b.po", sentences)], memory_path=tm)
    assert first.engine_calls == calls > 0  # type: ignore[attr-defined]
    assert len(engine.calls) == calls
    data = second.to_json()  # type: ignore[attr-defined]
    assert (data["engine_calls"], data["from_memory"], data["filled"]) == (0, 3, 3)
    got = entries(tmp_path / "b.po")["One sentence."]
    assert "fuzzy" in got.flags and "via=memory" in got.tcomment
    assert got.msgstr == entries(tmp_path / "a.po")["One sentence."].msgstr


def test_memory_units_of_an_older_model_are_not_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = FakeEngine()
    register(monkeypatch, engine)
    tm = tmp_path / "tm.sqlite"
    run([write_po(tmp_path / "a.po", ["One sentence."])], memory_path=tm)
    engine.version = "fake-2"
    report = run([write_po(tmp_path / "b.po", ["One sentence."])], memory_path=tm)
    assert report.from_memory == 0 and report.engine_calls == 1  # type: ignore[attr-defined]


def test_human_translations_of_other_files_are_reused_and_remembered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = FakeEngine()
    register(monkeypatch, engine)
    tm = tmp_path / "tm.sqlite"
    a = write_po(tmp_path / "a.po", [polib.POEntry(msgid="Good morning.", msgstr="Bom dia.")])
    b = write_po(tmp_path / "b.po", ["Good morning."])
    report = run([a, b], memory_path=tm)
    assert engine.calls == [] and report.from_memory == 1  # type: ignore[attr-defined]
    got = entries(b)["Good morning."]
    assert got.msgstr == "Bom dia." and "e=human" in got.tcomment
    with TranslationMemory(tm) as memory:
        assert [u.engine for u in memory.units()] == [HUMAN]


def test_without_memory_every_text_goes_to_the_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = FakeEngine()
    register(monkeypatch, engine)
    a = write_po(tmp_path / "a.po", [polib.POEntry(msgid="Good morning.", msgstr="Bom dia.")])
    b = write_po(tmp_path / "b.po", ["Good morning."])
    assert run([a, b], memory_path=None).from_memory == 0  # type: ignore[attr-defined]
    assert engine.sent == ["Good morning."]


def test_text_without_words_is_copied_not_sent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = FakeEngine()
    register(monkeypatch, engine)
    po = write_po(tmp_path / "a.po", ["2022-10-20 3:23", "`code` https://x.y/z"])
    assert run([po]).filled == 2  # type: ignore[attr-defined]
    assert engine.calls == []
    assert entries(po)["2022-10-20 3:23"].msgstr == "2022-10-20 3:23"


def test_dry_run_writes_nothing_builds_no_engine_and_counts_characters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("L10N_DEEPL_API_KEY", raising=False)
    monkeypatch.delenv("DEEPL_API_KEY", raising=False)
    twin = polib.POEntry(msgctxt="aside", msgid="Read **this**.", msgstr="")
    po = write_po(tmp_path / "a.po", ["Read **this**.", twin, "2022"])
    before = po.read_bytes()
    tm = tmp_path / "tm.sqlite"
    report = run([po], engine="deepl", dry_run=True, memory_path=tm)
    data = report.to_json()  # type: ignore[attr-defined]
    assert po.read_bytes() == before and not tm.exists()
    assert data["dry_run"] is True and data["sent"] == 1 and data["engine_calls"] == 0
    assert data["chars_by_engine"] == {"deepl": len("Read _1_ this _/1_ .")}
    assert data["files"][0]["planned"] == ["Read **this**."]


def test_json_report_has_the_integer_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    register(monkeypatch, FakeEngine())
    data = json.loads(json.dumps(run([write_po(tmp_path / "a.po", ["Hi."])]).to_json()))  # type: ignore[attr-defined]
    for key in ("filled", "from_memory", "engine_calls", "failed"):
        assert type(data[key]) is int
    assert data["files"][0]["path"].endswith("a.po")


def drop_closing_tokens_in_long_texts(text: str) -> str:
    if len(text.split()) > 3:  # whole sentences lose their closing token
        return "PT " + text.replace("_/1_", "")
    return "PT " + text


def test_lost_token_is_retried_with_split_around_tokens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = FakeEngine(drop_closing_tokens_in_long_texts)
    register(monkeypatch, engine)
    po = write_po(tmp_path / "a.po", ["Please read **the whole report** today."])
    report = run([po])
    assert report.failed == 0 and report.engine_calls == 2  # type: ignore[attr-defined]
    assert entries(po)["Please read **the whole report** today."].msgstr == (
        "PT Please read **PT the whole report** PT today."
    )


def test_output_that_keeps_breaking_markup_is_left_empty_and_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    register(monkeypatch, FakeEngine(lambda t: "_9_ " + t))
    po = write_po(tmp_path / "a.po", ["Read **this** now."])
    report = run([po])
    assert report.failed == 1 and report.filled == 0  # type: ignore[attr-defined]
    assert "unknown token _9_" in report.files[0].failures[0].reason  # type: ignore[attr-defined]
    assert entries(po)["Read **this** now."].msgstr == ""


def test_lost_quotation_marks_trigger_the_safe_strategy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    register(monkeypatch, FakeEngine(lambda t: t.replace("“", "").replace("”", "").upper()))
    po = write_po(tmp_path / "a.po", ["He said “we will win” today."])
    assert run([po]).failed == 0  # type: ignore[attr-defined]
    assert entries(po)["He said “we will win” today."].msgstr.count("“") == 1


def test_wrong_number_of_results_fails_the_batch_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Short(FakeEngine):
        def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]:
            return super().translate_batch(texts, source, target)[:-1]

    register(monkeypatch, Short())
    po = write_po(tmp_path / "a.po", ["One.", "Two."])
    report = run([po])
    assert report.failed == 2 and report.filled == 0  # type: ignore[attr-defined]
    assert "returned 1 translations for 2 texts" in report.files[0].failures[0].reason  # type: ignore[attr-defined]
    assert all(not e.msgstr for e in entries(po).values())


def test_auth_error_stops_the_run_and_keeps_finished_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Refusing(FakeEngine):
        def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]:
            if len(self.calls) >= 2:
                raise EngineError("fake: authentication failed; check $KEY", engine="fake")
            return super().translate_batch(texts, source, target)

    register(monkeypatch, Refusing(limits=Limits(10_000, 1, 1)))
    po = write_po(tmp_path / "a.po", [f"Sentence {chr(65 + i)}." for i in range(6)])
    report = run([po], save_every=1)
    assert report.aborted == "fake: authentication failed; check $KEY"  # type: ignore[attr-defined]
    assert report.filled == 2 and report.failed == 4  # type: ignore[attr-defined]
    assert sum(1 for e in entries(po).values() if e.msgstr) == 2


def test_a_service_that_keeps_failing_stops_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Down(FakeEngine):
        def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]:
            super().translate_batch(texts, source, target)
            raise EngineError("fake: service unavailable", retryable=True, engine="fake")

    engine = Down(limits=Limits(10_000, 1, 1))
    register(monkeypatch, engine)
    po = write_po(tmp_path / "a.po", [f"Sentence {chr(65 + i)}." for i in range(10)])
    report = run([po], max_consecutive_failures=3)
    assert len(engine.calls) == 3 and report.failed == 10  # type: ignore[attr-defined]
    assert "3 failed requests in a row" in report.aborted  # type: ignore[attr-defined,operator]


def test_entry_a_translator_fills_during_the_run_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    po = write_po(tmp_path / "a.po", ["First.", "Second."])

    def translate_while_poedit_saves(text: str) -> str:
        if text == "Second.":  # a translator saves the file in Poedit meanwhile
            edited = load_po(po)
            for entry in edited:
                if entry.msgid == "Second.":
                    entry.msgstr = "Segundo (humano)."
            save_po(po, edited)
        return "MT " + text

    register(monkeypatch, FakeEngine(translate_while_poedit_saves,
                                     limits=Limits(10_000, 1, 1)))
    run([po])
    got = entries(po)
    assert got["Second."].msgstr == "Segundo (humano)." and "fuzzy" not in got["Second."].flags
    assert got["First."].msgstr == "MT First."


def test_progress_goes_from_zero_to_total(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    register(monkeypatch, FakeEngine(limits=Limits(10_000, 1, 2)))
    seen: list[tuple[int, int]] = []
    po = write_po(tmp_path / "a.po", [f"Sentence {chr(65 + i)}." for i in range(5)])
    run_translate([TranslateJob(po, "pt_BR", "en", "fake")],
                  options=TranslateOptions(PoStyle(79), today=TODAY), progress=lambda d, t: seen.append((d, t)))
    assert seen[0] == (0, 5) and seen[-1] == (5, 5)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_unknown_engine_and_unsupported_pair_fail_before_writing(tmp_path: Path) -> None:
    po = write_po(tmp_path / "a.po", ["Hi."], locale="de")
    before = po.read_bytes()
    with pytest.raises(ConfigError, match="valid engines"):
        run([po], engine="nope", locale="de")
    with pytest.raises(EngineError, match="cannot translate en -> de"):
        run([po], engine="bergamot", locale="de")
    assert po.read_bytes() == before


SLOW_RUN = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from l10n.mt import engines
    from l10n.mt.engines import Limits
    from l10n.mt.engines.pseudo import PseudoEngine
    from l10n.catalog.store import PoStyle
    from l10n.mt.translate import TranslateJob, TranslateOptions, run_translate

    class Slow(PseudoEngine):
        def __init__(self):
            super().__init__()
            self.name = "slow"
            self.limits = Limits(10_000, 1, 1)
            self.sent = 0
        def translate_batch(self, texts, source, target):
            time.sleep(0.01)
            self.sent += len(texts)
            # Half way, wait while the hold file exists: a test that must interrupt the run
            # mid-way gets there however slowly the machine runs.
            while self.sent > 40 and hold and hold.exists():
                time.sleep(0.01)
            return super().translate_batch(texts, source, target)

    engines.ENGINES["slow"] = engines.EngineSpec("slow", "test", True, lambda o: Slow())
    memory = Path(sys.argv[2]) if sys.argv[2] != "-" else None
    hold = Path(sys.argv[3]) if len(sys.argv) > 3 else None
    run_translate([TranslateJob(Path(sys.argv[1]), "pt_BR", "en", "slow")],
                  options=TranslateOptions(PoStyle(79), memory_path=memory, save_every=7))
    """
)


def start_slow_run(tmp_path: Path, po: Path, memory: Path | None,
                   hold: Path | None = None) -> subprocess.Popen[bytes]:
    """The slow engine's run in a child process; with ``hold`` (an existing file), it stops
    half way until the file is removed, so it cannot finish before the test interrupts it."""
    script = tmp_path / "slow_run.py"
    script.write_text(SLOW_RUN)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, str(script), str(po), str(memory) if memory else "-",
         *([str(hold)] if hold else [])], env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )


def wait_for_first_save(po: Path, proc: subprocess.Popen[bytes], before: bytes) -> None:
    deadline = time.monotonic() + 30
    while po.read_bytes() == before:
        assert proc.poll() is None, proc.stderr.read()  # type: ignore[union-attr]
        assert time.monotonic() < deadline
        time.sleep(0.005)


def assert_msgfmt_accepts(po: Path) -> None:
    result = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(po)],
                            check=False, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("with_memory", [False, True])
def test_sigkill_at_a_random_moment_leaves_valid_po_and_rerun_sends_only_unsaved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, with_memory: bool
) -> None:
    sentences = [f"Sentence {a}{b} about the war." for a in "ABCDEFGH" for b in "abcdefghij"]
    po = write_po(tmp_path / "a.po", sentences)
    memory = tmp_path / "tm.sqlite" if with_memory else None
    before = po.read_bytes()
    proc = start_slow_run(tmp_path, po, memory)
    wait_for_first_save(po, proc, before)
    time.sleep(random.uniform(0.0, 0.4))
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()  # type: ignore[union-attr]
    proc.stderr.close()  # type: ignore[union-attr]

    saved = load_po(po)
    assert_msgfmt_accepts(po)
    empty = {e.msgid for e in saved if e.msgid and not e.msgstr}
    assert len(sentences) - len(empty) > 0, "nothing was saved before the kill"
    remembered: set[str] = set()
    if memory is not None:
        with TranslationMemory(memory) as tm:
            remembered = {u.source for u in tm.units(engine="slow")}
        assert {e.msgid for e in saved if e.msgstr} <= remembered

    engine = FakeEngine(name="slow")
    engine.version = "pseudo-1"  # the same model as the killed run, so its memory applies
    register(monkeypatch, engine, "slow")
    report = run([po], engine="slow", memory_path=memory)
    assert set(engine.sent) == empty - remembered
    assert len(engine.sent) == len(set(engine.sent))
    assert report.filled == len(empty)  # type: ignore[attr-defined]
    assert all(e.msgstr for e in load_po(po) if e.msgid)


def test_ctrl_c_saves_finished_drafts(tmp_path: Path) -> None:
    sentences = [f"Sentence {a}{b} about the war." for a in "ABCDEFGH" for b in "abcdefghij"]
    po = write_po(tmp_path / "a.po", sentences)
    memory = tmp_path / "tm.sqlite"
    before = po.read_bytes()
    hold = tmp_path / "hold"
    hold.touch()
    proc = start_slow_run(tmp_path, po, memory, hold)
    try:
        wait_for_first_save(po, proc, before)
        time.sleep(0.1)
        proc.send_signal(signal.SIGINT)
        # On a loaded machine the run may already wait at the hold: the engine call in flight
        # then finishes once the hold goes (the interrupted run waits for it, cancelling the rest).
        hold.unlink()
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode != 0 and b"KeyboardInterrupt" in err
    saved = load_po(po)
    assert_msgfmt_accepts(po)
    filled = {e.msgid for e in saved if e.msgid and e.msgstr}
    with TranslationMemory(memory) as tm:
        remembered = {u.source for u in tm.units(engine="slow")}
    assert 0 < len(filled) < len(sentences)
    assert remembered <= filled  # every translated sentence was saved, not only the last batch
