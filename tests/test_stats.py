"""Translation statistics: states, source words, percent by words, table and JSON forms."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.catalog.merge import merge_catalog
from l10n.catalog.provenance import Provenance, draft_digest
from l10n.catalog.stats import (
    STATES,
    CatalogStats,
    Count,
    catalog_stats,
    count_words,
    entry_state,
    format_table,
    stats_json,
)
from l10n.po import save_po


def entry(msgid: str, msgstr: str = "", **options: object) -> polib.POEntry:
    return polib.POEntry(msgid=msgid, msgstr=msgstr, **options)


def mt(text: str) -> str:
    """The provenance comment of an untouched machine draft ``text``."""
    return Provenance("bergamot", "2024-01-02", draft_digest(text)).line()


def catalog(*entries: polib.POEntry) -> polib.POFile:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "pt_BR"}
    for e in entries:
        po.append(e)
    return po


SAMPLE = catalog(
    entry("Three men fled the city.", "Três homens fugiram da cidade."),
    entry(
        "The war has lasted nine months.",
        "A guerra dura nove meses.",
        flags=["fuzzy"],
        tcomment=mt("A guerra dura nove meses."),
    ),
    entry(
        "The war has lasted ten months.",
        "A guerra dura nove meses.",
        flags=["fuzzy"],
        previous_msgid="The war has lasted nine months.",
    ),
    entry(
        "Katrusya drives fast.",
        "Katrusya dirige rápido.",
        flags=["fuzzy"],
        tcomment="check the name",
    ),
    entry("A ghost town."),
    entry("Gone from the article now.", "Saiu do artigo.", obsolete=True),
)


def test_each_state_is_counted_in_strings_and_source_words() -> None:
    stats = catalog_stats(SAMPLE)
    assert stats == CatalogStats(
        translated=Count(1, 5),
        fuzzy_machine=Count(1, 6),
        fuzzy_changed=Count(1, 6),
        fuzzy_other=Count(1, 3),
        untranslated=Count(1, 3),
        obsolete=Count(1, 5),
    )
    assert stats.fuzzy == Count(3, 15)
    assert stats.total == Count(5, 23)


def test_percent_is_translated_words_over_current_words() -> None:
    assert catalog_stats(SAMPLE).percent == pytest.approx(100 * 5 / 23)


def test_changed_source_wins_over_the_machine_marker() -> None:
    reviewed_then_changed = entry(
        "Ten months.",
        "Dez meses.",
        flags=["fuzzy"],
        previous_msgid="Nine months.",
        tcomment="mt: engine=bergamot date=2024-01-02",
    )
    assert entry_state(reviewed_then_changed) == "fuzzy_changed"


def test_machine_marker_is_any_translator_comment_line_starting_with_mt() -> None:
    draft = entry("Hello.", "Olá.", flags=["fuzzy"], tcomment="reviewer: later\n  " + mt("Olá."))
    assert entry_state(draft) == "fuzzy_machine"
    not_a_marker = entry("Hello.", "Olá.", flags=["fuzzy"], tcomment="see mt: notes")
    assert entry_state(not_a_marker) == "fuzzy_other"


def test_an_edited_draft_still_fuzzy_is_an_edited_draft_not_a_machine_draft() -> None:
    edited = entry("Hello.", "Olá, gente.", flags=["fuzzy"], tcomment=mt("Olá."))
    assert entry_state(edited) == "fuzzy_edited"
    without_digest = entry("Hello.", "Olá.", flags=["fuzzy"], tcomment="mt: engine=google")
    assert entry_state(without_digest) == "fuzzy_edited"
    stats = catalog_stats(catalog(edited))
    assert stats.fuzzy_edited == Count(1, 1) and stats.fuzzy_machine == Count(0, 0)
    assert stats.fuzzy == Count(1, 1)


def test_a_reviewed_machine_translation_is_translated() -> None:
    reviewed = entry("Hello.", "Olá.", tcomment=mt("Olá."))
    assert entry_state(reviewed) == "translated"


def test_empty_translation_is_untranslated_even_if_flagged_fuzzy() -> None:
    assert entry_state(entry("Hello.", "", flags=["fuzzy"])) == "untranslated"


def test_plural_entry_with_an_empty_form_is_untranslated() -> None:
    partial = polib.POEntry(
        msgid="%d man", msgid_plural="%d men", msgstr_plural={0: "%d homem", 1: ""}
    )
    full = polib.POEntry(
        msgid="%d man", msgid_plural="%d men", msgstr_plural={0: "%d homem", 1: "%d homens"}
    )
    assert entry_state(partial) == "untranslated"
    assert entry_state(full) == "translated"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Three men fled.", 3),
        ("**Bakhmut** — a city *under fire*.", 5),
        ("See [the report](https://example.org/a_(b)) now.", 4),
        ("Line one<br/>line two", 4),
        ("— * ** |", 0),
        ("In 2022, 5 people died.", 5),
        ("Київ і Бахмут.", 3),
        ("", 0),
    ],
)
def test_words_are_whitespace_tokens_ignoring_pure_markup(text: str, words: int) -> None:
    assert count_words(text) == words


def test_counts_match_msgfmt_statistics_on_a_merged_catalog(tmp_path: Path) -> None:
    old = catalog(
        *[
            entry(
                e.msgid,
                e.msgstr,
                flags=list(e.flags),
                tcomment=e.tcomment,
                previous_msgid=e.previous_msgid,
                obsolete=e.obsolete,
            )
            for e in SAMPLE
        ]
    )
    template = polib.POFile()
    template.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for msgid in [
        "Three men fled the city.",
        "The war has lasted nine months.",
        "The war has lasted eleven months.",
        "Katrusya drives fast.",
        "A ghost town.",
        "Something entirely new here.",
    ]:
        template.append(polib.POEntry(msgid=msgid))
    merged, _ = merge_catalog(template, old)
    save_po(tmp_path / "pt.po", merged)
    run = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(tmp_path / "pt.po")],
        capture_output=True,
        text=True,
        check=True,
    )
    numbers = {
        kind: int(n) for n, kind in re.findall(r"(\d+) (translated|fuzzy|untranslated)", run.stderr)
    }
    stats = catalog_stats(merged)
    assert stats.translated.strings == numbers.get("translated", 0)
    assert stats.fuzzy.strings == numbers.get("fuzzy", 0)
    assert stats.untranslated.strings == numbers.get("untranslated", 0)
    assert (stats.translated.strings, stats.fuzzy.strings, stats.untranslated.strings) == (1, 3, 2)
    assert (
        stats.fuzzy_machine.strings,
        stats.fuzzy_changed.strings,
        stats.fuzzy_other.strings,
    ) == (1, 1, 1)
    assert stats.obsolete.strings == 1


def test_table_has_language_names_cells_and_a_total_line() -> None:
    stats = catalog_stats(SAMPLE)
    table = format_table([("bakhmut", "pt_BR", stats), ("bakhmut", "de", stats)])
    lines = table.splitlines()
    assert lines[0].split()[:3] == ["article", "locale", "reviewed"]
    assert "pt_BR (Portuguese (Brazil))" in lines[2]
    assert "de (German)" in lines[3]
    assert lines[0].split()[3:8] == ["machine", "draft", "edited", "draft", "stale"]
    assert lines[2].split()[-8:] == ["1/5", "1/6", "0/0", "1/6", "1/3", "1/3", "1/5", "21.7%"]
    assert lines[-1].startswith("cells: strings/source words")
    assert lines[-2].split()[:3] == ["total", "2", "locales"]
    assert lines[-2].split()[-8:] == ["2/10", "2/12", "0/0", "2/12", "2/6", "2/6", "2/10", "21.7%"]
    assert table.endswith("\n")


def test_table_names_an_unknown_locale_by_its_code() -> None:
    table = format_table([("a", "xx_QQ", CatalogStats())])
    assert "xx_QQ (xx_QQ)" in table


def test_json_form_has_rows_and_total() -> None:
    stats = catalog_stats(SAMPLE)
    data = stats_json([("bakhmut", "pt_BR", stats)])
    text = json.dumps(data)
    back = json.loads(text)
    row = back["rows"][0]
    assert (row["article"], row["locale"], row["language"]) == (
        "bakhmut",
        "pt_BR",
        "Portuguese (Brazil)",
    )
    assert row["fuzzy_machine"] == {"strings": 1, "words": 6}
    assert row["fuzzy_edited"] == {"strings": 0, "words": 0}
    assert row["fuzzy"] == {"strings": 3, "words": 15}
    assert row["percent"] == round(100 * 5 / 23, 2)
    assert back["total"]["translated"] == {"strings": 1, "words": 5}
    assert set(STATES) <= set(row)


def test_empty_catalog_is_complete() -> None:
    stats = catalog_stats(catalog())
    assert stats.total == Count(0, 0) and stats.percent == 100.0


def test_markup_only_catalog_falls_back_to_strings_for_percent() -> None:
    stats = catalog_stats(catalog(entry("—", "—"), entry("**")))
    assert stats.total.words == 0 and stats.percent == 50.0


states = st.sampled_from(STATES)


def _make(state: str, msgid: str) -> polib.POEntry:
    if state == "translated":
        return entry(msgid, "x")
    if state == "fuzzy_machine":
        return entry(msgid, "x", flags=["fuzzy"], tcomment=mt("x"))
    if state == "fuzzy_edited":
        return entry(msgid, "y", flags=["fuzzy"], tcomment=mt("x"))
    if state == "fuzzy_changed":
        return entry(msgid, "x", flags=["fuzzy"], previous_msgid="old")
    if state == "fuzzy_other":
        return entry(msgid, "x", flags=["fuzzy"])
    if state == "untranslated":
        return entry(msgid)
    return entry(msgid, "x", obsolete=True)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(states, st.text(min_size=1, max_size=40)), max_size=30))
def test_every_entry_is_counted_once_and_totals_add_up(items: list[tuple[str, str]]) -> None:
    po = catalog(*[_make(state, f"{i} {text}") for i, (state, text) in enumerate(items)])
    stats = catalog_stats(po)
    for state in STATES:
        assert getattr(stats, state).strings == sum(1 for s, _ in items if s == state)
    assert stats.total.strings + stats.obsolete.strings == len(items)
    assert stats.total.words + stats.obsolete.words == sum(count_words(e.msgid) for e in po)
    assert 0.0 <= stats.percent <= 100.0
    assert (stats + stats).translated == stats.translated + stats.translated
