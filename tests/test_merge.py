"""Catalog update: exact, fuzzy with ``#|`` previous, obsolete; fuzzy matching you can trust.

Small hand-made catalogs for each rule, properties over random edits, and an equivalence test
against GNU ``msgmerge --previous`` (0.21) on a revised news article.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
import sentencex
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.catalog.merge import DEFAULT_THRESHOLD, MergeStats, merge_catalog, word_tokens
from l10n.po import format_po, load_po, parse_po, save_po

assert shutil.which("msgmerge") and shutil.which("msgfmt"), "these tests need GNU gettext"

ARTICLE = Path(__file__).resolve().parent.parent / "source" / "bakhmut-wagner.txt"

HEADER = {
    "Project-Id-Version": "news",
    "Report-Msgid-Bugs-To": "desk@example.org",
    "POT-Creation-Date": "2024-01-01 00:00+0000",
    "PO-Revision-Date": "2024-01-02 10:00+0000",
    "Last-Translator": "Ana <ana@example.org>",
    "Language-Team": "Portuguese <pt@example.org>",
    "Language": "pt_BR",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=2; plural=(n > 1);",
}

TEMPLATE_HEADER = {
    "Project-Id-Version": "news",
    "Report-Msgid-Bugs-To": "newsroom@example.org",
    "POT-Creation-Date": "2024-03-03 00:00+0000",
    "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
    "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
    "Language-Team": "LANGUAGE <LL@li.org>",
    "Language": "",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
}

S1 = "Ukrainian soldiers launched a series of offensives on Wednesday to retake positions."
S2 = "Three men were seen fleeing the city, one of them with a microwave strapped to his back."
S3 = "Russia's war in Ukraine has been going on for nine months."
S4 = "Our guide is a Ukrainian military doctor whose nom de guerre is Katrusya."
S5 = "Through the windows you can see a ghost town."


def fake(msgid: str) -> str:
    """A stand-in translation that is distinct for every msgid."""
    return "PT: " + msgid[::-1]


def template(*msgids: str, **options: object) -> polib.POFile:
    po = polib.POFile()
    po.metadata = dict(TEMPLATE_HEADER)
    po.metadata_is_fuzzy = True
    for number, msgid in enumerate(msgids, 1):
        po.append(polib.POEntry(msgid=msgid, occurrences=[("article.txt", str(number))], **options))
    return po


def translated(*msgids: str) -> polib.POFile:
    po = polib.POFile()
    po.metadata = dict(HEADER)
    for number, msgid in enumerate(msgids, 1):
        po.append(
            polib.POEntry(
                msgid=msgid, msgstr=fake(msgid), occurrences=[("article.txt", str(number))]
            )
        )
    return po


def by_msgid(po: polib.POFile) -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in po if not e.obsolete}


def obsolete_msgids(po: polib.POFile) -> list[str]:
    return [e.msgid for e in po if e.obsolete]


# ------------------------------------------------------------------------------------------
# Exact matches
# ------------------------------------------------------------------------------------------


def test_exact_match_keeps_translation_and_translated_state() -> None:
    result, stats = merge_catalog(template(S1, S2), translated(S1, S2))
    entries = by_msgid(result)
    assert entries[S1].msgstr == fake(S1) and not entries[S1].fuzzy
    assert entries[S1].previous_msgid is None
    assert stats == MergeStats(exact=2, fuzzy=0, new=0, obsolete=0, revived=0)


def test_exact_match_keeps_a_fuzzy_entry_fuzzy_with_its_previous_msgid() -> None:
    old = translated(S1)
    old[0].flags = ["fuzzy"]
    old[0].previous_msgid = "An older wording of the first sentence."
    result, stats = merge_catalog(template(S1), old)
    entry = by_msgid(result)[S1]
    assert entry.fuzzy and entry.msgstr == fake(S1)
    assert entry.previous_msgid == "An older wording of the first sentence."
    assert stats.exact == 1 and stats.fuzzy == 0


def test_exact_match_drops_a_stale_previous_msgid_on_a_translated_entry() -> None:
    old = translated(S1)
    old[0].previous_msgid = "left over"
    entry = by_msgid(merge_catalog(template(S1), old)[0])[S1]
    assert not entry.fuzzy and entry.previous_msgid is None


def test_inserted_paragraph_above_leaves_unchanged_sentences_untouched() -> None:
    old = translated(S1, S2, S3)
    inserted = "A new paragraph opens the article with a fresh report from the front."
    result, stats = merge_catalog(template(inserted, S1, S2, S3), old)
    entries = by_msgid(result)
    for msgid in (S1, S2, S3):
        assert entries[msgid].msgstr == fake(msgid) and not entries[msgid].fuzzy
    assert entries[inserted].msgstr == "" and not entries[inserted].fuzzy
    assert stats == MergeStats(exact=3, fuzzy=0, new=1, obsolete=0, revived=0)


def test_msgctxt_is_part_of_the_identity_of_an_entry() -> None:
    old = translated(S1)
    old[0].msgctxt = "caption"
    tpl = template(S1)
    result, _ = merge_catalog(tpl, old)
    entry = by_msgid(result)[S1]
    assert entry.msgctxt is None
    assert entry.fuzzy and entry.previous_msgctxt == "caption" and entry.previous_msgid == S1


# ------------------------------------------------------------------------------------------
# Fuzzy matches
# ------------------------------------------------------------------------------------------


def test_edited_sentence_gets_the_old_translation_as_fuzzy_with_previous_msgid() -> None:
    edited = S3.replace("nine", "ten")
    result, stats = merge_catalog(template(S1, edited, S2), translated(S1, S3, S2))
    entry = by_msgid(result)[edited]
    assert entry.fuzzy and entry.msgstr == fake(S3) and entry.previous_msgid == S3
    assert stats == MergeStats(exact=2, fuzzy=1, new=0, obsolete=0, revived=0)
    assert obsolete_msgids(result) == []  # the source moved into the fuzzy entry


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (S2, S2.replace("Three", "Four")),
        (
            "The death toll rose to 12 on Monday, officials said.",
            "The death toll rose to 21 on Monday, officials said.",
        ),
        (S3, S3.replace("has been", "has not been")),
        (
            "Sergey does not believe his own words, he said.",
            "Sergey does believe his own words, he said.",
        ),
        (S4, S4.replace("Katrusya", "Natalia")),
        (
            "Vladimir Putin ordered the assault on Bakhmut.",
            "Volodymyr Zelensky ordered the assault on Bakhmut.",
        ),
        (S5, S5.replace(".", "!")),
    ],
    ids=[
        "number-word",
        "digits",
        "negation-added",
        "negation-removed",
        "name",
        "names",
        "punctuation",
    ],
)
def test_changed_numbers_negation_or_names_are_carried_over_but_never_promoted(
    old: str, new: str
) -> None:
    result, stats = merge_catalog(template(S1, new), translated(S1, old))
    entry = by_msgid(result)[new]
    assert entry.fuzzy, "a carried-over translation must stay fuzzy"
    assert entry.previous_msgid == old and entry.msgstr == fake(old)
    assert stats.fuzzy == 1


def test_fuzzy_match_also_searches_obsolete_entries() -> None:
    old = translated(S1)
    old.append(polib.POEntry(msgid=S3, msgstr=fake(S3), obsolete=True))
    edited = S3.replace("nine", "eight")
    result, _ = merge_catalog(template(S1, edited), old)
    entry = by_msgid(result)[edited]
    assert entry.fuzzy and entry.msgstr == fake(S3) and entry.previous_msgid == S3


def test_threshold_is_configurable() -> None:
    old_text = "The attacks are normal, says Katrusya, leaning against a wall."
    new_text = "The attacks are routine now, Katrusya says, leaning on the wall."
    assert 0.7 < _similarity(old_text, new_text) < 0.9
    loose, _ = merge_catalog(template(S1, new_text), translated(S1, old_text), threshold=0.7)
    strict, _ = merge_catalog(template(S1, new_text), translated(S1, old_text), threshold=0.9)
    assert by_msgid(loose)[new_text].fuzzy
    assert by_msgid(strict)[new_text].msgstr == ""
    assert obsolete_msgids(strict) == [old_text]


@pytest.mark.parametrize("threshold", [0.0, -0.5, 1.5])
def test_threshold_outside_zero_to_one_is_refused(threshold: float) -> None:
    with pytest.raises(ValueError, match="threshold"):
        merge_catalog(template(S1), translated(S1), threshold=threshold)


def test_unrelated_new_sentence_stays_untranslated() -> None:
    new = "Kramatorsk and Slovyansk lie to the northwest of the city."
    result, stats = merge_catalog(template(S1, new), translated(S1, S5))
    assert by_msgid(result)[new].msgstr == ""
    assert stats.new == 1 and obsolete_msgids(result) == [S5]


def test_a_sentence_still_in_the_template_does_not_lend_its_translation_when_figures_differ() -> (
    None
):
    kept = "The death toll rose to 10 on Monday, officials said."
    added = "The death toll rose to 12 on Monday, officials said."
    result, stats = merge_catalog(template(kept, added), translated(kept))
    assert by_msgid(result)[added].msgstr == ""
    assert stats.new == 1


LONG = (
    "Regional officials said on Monday that the shelling of the eastern city had continued through "
    "the night and that {n} residents were {neg}evacuated by volunteers from {name} before dawn."
)


@pytest.mark.parametrize(
    "changed",
    [
        {"n": "14", "neg": "", "name": "Kramatorsk"},
        {"n": "12", "neg": "not ", "name": "Kramatorsk"},
        {"n": "12", "neg": "", "name": "Slovyansk"},
    ],
    ids=["number", "negation", "name"],
)
def test_a_near_copy_of_a_sentence_still_present_with_other_facts_stays_new(
    changed: dict[str, str],
) -> None:
    kept = LONG.format(n="12", neg="", name="Kramatorsk")
    added = LONG.format(**changed)
    assert _similarity(kept, added) >= 0.95
    result, stats = merge_catalog(template(kept, added), translated(kept))
    assert by_msgid(result)[added].msgstr == "" and stats.new == 1


def test_a_merely_similar_sentence_still_present_does_not_lend_its_translation() -> None:
    kept = "Through the windows you can see a ghost town."
    added = "Through the windows you can see a burning town."
    assert 0.6 < _similarity(kept, added) < 0.95
    result, stats = merge_catalog(template(kept, added), translated(kept))
    assert by_msgid(result)[added].msgstr == "" and stats.new == 1


def test_a_near_copy_of_a_sentence_still_present_may_borrow_its_translation_as_fuzzy() -> None:
    kept = "Through the windows of the bus you can see a ghost town in the distance."
    added = "Through the windows of the bus, you can see a ghost town in the distance."
    result, _ = merge_catalog(template(kept, added), translated(kept))
    entry = by_msgid(result)[added]
    assert entry.fuzzy and entry.previous_msgid == kept and entry.msgstr == fake(kept)
    assert not by_msgid(result)[kept].fuzzy


def test_one_old_sentence_is_the_fuzzy_source_of_at_most_one_new_sentence() -> None:
    first = S3.replace("nine", "ten")
    second = S3.replace("nine", "eleven")
    result, stats = merge_catalog(template(first, second), translated(S3))
    entries = by_msgid(result)
    assert entries[first].previous_msgid == S3 and entries[first].fuzzy
    assert entries[second].msgstr == "" and not entries[second].fuzzy
    assert stats == MergeStats(exact=0, fuzzy=1, new=1, obsolete=0, revived=0)


def test_the_better_match_wins_an_old_sentence_wanted_by_two() -> None:
    close = S2.replace("Three", "Four")
    far = "Two men were seen fleeing the town, both with microwaves strapped to their backs."
    result, _ = merge_catalog(template(far, close), translated(S2))
    assert by_msgid(result)[close].previous_msgid == S2
    assert by_msgid(result)[far].msgstr == ""


def test_an_edit_in_place_is_preferred_over_a_slightly_closer_sentence_elsewhere() -> None:
    a = "Reads a signed 16-bit integer from the buffer at the given offset."
    b = "Reads an unsigned 16-bit integer from the buffer at the given offset."
    old = translated(S1, a, S2, S3, b, S4)
    a_edited = "Reads a signed 16-bit integer from the buffer at the offset."
    b_new = "Reads a signed 16-bit integer from the buffer at the given offset!"
    # b is gone; b_new (next to where b was) is closer to a than a_edited is, but a_edited sits
    # where a sat, so a goes to a_edited and b to b_new.
    result, _ = merge_catalog(template(S1, a_edited, S2, S3, b_new, S4), old)
    entries = by_msgid(result)
    assert entries[a_edited].previous_msgid == a
    assert entries[b_new].previous_msgid == b


def test_untranslated_old_entries_are_not_fuzzy_sources() -> None:
    old = translated(S1)
    old.append(polib.POEntry(msgid=S3, msgstr=""))
    edited = S3.replace("nine", "ten")
    result, stats = merge_catalog(template(S1, edited), old)
    assert by_msgid(result)[edited].msgstr == "" and not by_msgid(result)[edited].fuzzy
    assert stats.new == 1


def test_fuzzy_source_that_was_fuzzy_keeps_its_own_previous_msgid() -> None:
    old = translated(S3)
    old[0].flags = ["fuzzy"]
    old[0].previous_msgid = "Russia's war in Ukraine has been going on for eight months."
    edited = S3.replace("nine", "ten")
    entry = by_msgid(merge_catalog(template(edited), old)[0])[edited]
    assert entry.fuzzy and entry.previous_msgid == old[0].previous_msgid


def test_exact_match_on_a_machine_draft_stays_a_draft_without_previous_msgid() -> None:
    old = translated(S3)
    old[0].flags = ["fuzzy"]
    old[0].tcomment = "mt: engine=bergamot date=2024-01-02"
    entry = by_msgid(merge_catalog(template(S3), old)[0])[S3]
    assert entry.fuzzy and entry.previous_msgid is None and entry.tcomment == old[0].tcomment


def test_machine_draft_source_gets_its_msgid_as_previous_and_keeps_provenance() -> None:
    old = translated(S3)
    old[0].flags = ["fuzzy"]
    old[0].tcomment = "mt: engine=bergamot date=2024-01-02"
    edited = S3.replace("nine", "ten")
    entry = by_msgid(merge_catalog(template(edited), old)[0])[edited]
    assert entry.fuzzy and entry.previous_msgid == S3
    assert entry.tcomment == "mt: engine=bergamot date=2024-01-02"


# ------------------------------------------------------------------------------------------
# Obsolete entries
# ------------------------------------------------------------------------------------------


def test_removed_sentences_become_obsolete_and_are_kept_at_the_end() -> None:
    old = translated(S1, S5, S2)
    result, stats = merge_catalog(template(S2, S1), old)
    assert [e.msgid for e in result] == [S2, S1, S5]
    gone = result[2]
    assert gone.obsolete and gone.msgstr == fake(S5)
    assert gone.occurrences == [] and gone.comment == ""
    assert stats.obsolete == 1


def test_keep_obsolete_false_drops_them() -> None:
    old = translated(S1, S5)
    old.append(polib.POEntry(msgid=S4, msgstr=fake(S4), obsolete=True))
    result, stats = merge_catalog(template(S1), old, keep_obsolete=False)
    assert [e.msgid for e in result] == [S1]
    assert stats.obsolete == 1


def test_old_obsolete_entries_stay_obsolete_and_are_not_counted_again() -> None:
    old = translated(S1)
    old.append(polib.POEntry(msgid=S4, msgstr=fake(S4), obsolete=True))
    result, stats = merge_catalog(template(S1), old)
    assert obsolete_msgids(result) == [S4]
    assert stats.obsolete == 0


def test_obsolete_entry_matching_exactly_is_revived_with_its_translation() -> None:
    old = translated(S1)
    old.append(polib.POEntry(msgid=S4, msgstr=fake(S4), tcomment="checked by Ana", obsolete=True))
    result, stats = merge_catalog(template(S1, S4), old)
    entry = by_msgid(result)[S4]
    assert not entry.obsolete and entry.msgstr == fake(S4) and not entry.fuzzy
    assert entry.tcomment == "checked by Ana"
    assert obsolete_msgids(result) == []
    assert stats == MergeStats(exact=1, fuzzy=0, new=0, obsolete=0, revived=1)


# ------------------------------------------------------------------------------------------
# Comments, flags, header, plurals, purity
# ------------------------------------------------------------------------------------------


def test_comments_flags_provenance_survive_and_template_comments_references_win() -> None:
    old = translated(S1, S3)
    old[0].tcomment = "checked against the wire copy\nmt: engine=bergamot date=2024-01-02"
    old[0].flags = ["fuzzy", "no-wrap"]
    old[0].comment = "old extracted note"
    old[0].occurrences = [("old.txt", "9")]
    old[1].tcomment = "keep the name in Latin script"
    tpl = template(S1, S3.replace("nine", "ten"))
    tpl[0].comment = "paragraph 1"
    tpl[0].occurrences = [("article.txt", "3")]
    tpl[1].comment = "paragraph 2"
    result, _ = merge_catalog(tpl, old)
    first, second = result[0], result[1]
    assert first.tcomment == old[0].tcomment
    assert first.flags == ["fuzzy"]  # as msgmerge: only fuzzy comes from the old entry
    assert first.comment == "paragraph 1" and first.occurrences == [("article.txt", "3")]
    assert second.tcomment == "keep the name in Latin script"
    assert second.comment == "paragraph 2" and second.occurrences == [("article.txt", "2")]


def test_template_format_flag_wins_over_the_opposite_old_flag() -> None:
    old = translated(S1)
    old[0].flags = ["no-python-format", "no-wrap"]
    tpl = template(S1)
    tpl[0].flags = ["python-format"]
    entry = merge_catalog(tpl, old)[0][0]
    assert entry.flags == ["python-format"]


def test_header_is_kept_from_the_old_file_except_template_dates() -> None:
    result, _ = merge_catalog(template(S1), translated(S1))
    expected = dict(HEADER)
    expected["POT-Creation-Date"] = TEMPLATE_HEADER["POT-Creation-Date"]
    expected["Report-Msgid-Bugs-To"] = TEMPLATE_HEADER["Report-Msgid-Bugs-To"]
    assert result.metadata == expected
    assert list(result.metadata) == list(HEADER)
    assert not result.metadata_is_fuzzy


def test_new_locale_gets_untranslated_entries_and_the_template_header_for_the_caller() -> None:
    tpl = template(S1, S2)
    result, stats = merge_catalog(tpl, None)
    assert result.metadata == tpl.metadata and result.metadata_is_fuzzy
    assert [(e.msgid, e.msgstr) for e in result] == [(S1, ""), (S2, "")]
    assert stats == MergeStats(exact=0, fuzzy=0, new=2, obsolete=0, revived=0)


def test_plural_entries_keep_their_forms_and_a_change_of_shape_is_fuzzy() -> None:
    old = translated()
    old.append(
        polib.POEntry(
            msgid="%d killed", msgid_plural="%d killed (pl)", msgstr_plural={0: "um", 1: "uns"}
        )
    )
    old.append(polib.POEntry(msgid="One file", msgstr="Um arquivo"))
    tpl = template()
    tpl.append(
        polib.POEntry(
            msgid="%d killed", msgid_plural="%d killed (pl)", msgstr_plural={0: "", 1: ""}
        )
    )
    tpl.append(
        polib.POEntry(msgid="One file", msgid_plural="%d files", msgstr_plural={0: "", 1: ""})
    )
    tpl.append(
        polib.POEntry(
            msgid="%d wounded", msgid_plural="%d wounded (pl)", msgstr_plural={0: "", 1: ""}
        )
    )
    result, stats = merge_catalog(tpl, old)
    killed, files, wounded = result[0], result[1], result[2]
    assert killed.msgstr_plural == {0: "um", 1: "uns"} and not killed.fuzzy
    assert files.fuzzy and files.msgstr_plural == {0: "Um arquivo", 1: "Um arquivo"}
    assert files.previous_msgid == "One file"
    assert wounded.msgstr_plural == {0: "", 1: ""}
    assert stats == MergeStats(exact=1, fuzzy=1, new=1, obsolete=0, revived=0)


def test_merge_is_pure_and_returns_new_objects() -> None:
    old = translated(S1, S3, S5)
    old[0].tcomment = "note"
    tpl = template(S1, S3.replace("nine", "ten"), S2)
    before = (format_po(old), format_po(tpl))
    result, _ = merge_catalog(tpl, old)
    assert (format_po(old), format_po(tpl)) == before
    assert all(e is not o for e in result for o in [*old, *tpl])
    result[0].tcomment = "changed"
    assert old[0].tcomment == "note"


def test_merged_file_passes_msgfmt_check(tmp_path: Path) -> None:
    old = translated(S1, S3, S5)
    result, _ = merge_catalog(template(S1, S3.replace("nine", "ten"), S2), old)
    save_po(tmp_path / "pt_BR.po", result)
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(tmp_path / "pt_BR.po")], check=True)


# ------------------------------------------------------------------------------------------
# Properties over random revisions
# ------------------------------------------------------------------------------------------

WORDS = [
    "the",
    "city",
    "army",
    "said",
    "not",
    "12",
    "Bakhmut",
    "Kyiv",
    "on",
    "Monday",
    "shells",
    "fell",
    "near",
    "two",
    "men",
]
sentences = st.lists(st.sampled_from(WORDS), min_size=1, max_size=9).map(
    lambda ws: " ".join(ws) + "."
)


@settings(max_examples=150, deadline=None)
@given(
    old_msgids=st.lists(sentences, min_size=0, max_size=12, unique=True),
    new_msgids=st.lists(sentences, min_size=0, max_size=12, unique=True),
    fuzzy_old=st.sets(st.integers(0, 11)),
    threshold=st.floats(0.3, 1.0),
)
def test_merge_never_promotes_and_accounts_for_every_entry(
    old_msgids: list[str], new_msgids: list[str], fuzzy_old: set[int], threshold: float
) -> None:
    old = translated(*old_msgids)
    for i in fuzzy_old:
        if i < len(old):
            old[i].flags = ["fuzzy"]
    old_by_msgid = by_msgid(old)
    result, stats = merge_catalog(template(*new_msgids), old, threshold=threshold)
    current = [e for e in result if not e.obsolete]
    assert [e.msgid for e in current] == new_msgids
    assert stats.exact + stats.fuzzy + stats.new + stats.revived == len(new_msgids)
    sources = set()
    for entry in current:
        if entry.msgstr and not entry.fuzzy:
            # Translated only if it was translated, under this very msgid, before.
            assert entry.msgid in old_by_msgid and not old_by_msgid[entry.msgid].fuzzy
            assert entry.msgstr == fake(entry.msgid)
        elif entry.msgstr and entry.msgid not in old_by_msgid:
            assert entry.fuzzy and entry.previous_msgid in old_by_msgid
            assert entry.msgstr == fake(entry.previous_msgid)
            sources.add(entry.previous_msgid)
    # Nothing lost: every old msgid is still present, a fuzzy source, or obsolete.
    kept = {e.msgid for e in current} | sources | set(obsolete_msgids(result))
    assert set(old_msgids) <= kept
    assert len(obsolete_msgids(result)) == stats.obsolete


@settings(max_examples=40, deadline=None)
@given(
    old_msgids=st.lists(sentences, max_size=10, unique=True),
    new_msgids=st.lists(sentences, max_size=10, unique=True),
)
def test_merge_is_deterministic(old_msgids: list[str], new_msgids: list[str]) -> None:
    first = merge_catalog(template(*new_msgids), translated(*old_msgids))
    second = merge_catalog(template(*new_msgids), translated(*old_msgids))
    assert format_po(first[0]) == format_po(second[0]) and first[1] == second[1]


WORD_TOKEN = re.compile(r"[^\W\d_]+|\d+")
"""The fuzzy step's word tokens as defined: runs of letters, runs of digits (Unicode classes)."""


@settings(max_examples=500, deadline=None)
@given(
    text=st.text(
        alphabet=st.one_of(
            st.sampled_from(list("abcXYZ019 _-.,'’`")),
            st.characters(codec="utf-8"),
            st.sampled_from(["\u212a", "\u0130", "\u00df", "\u0663", "\u00b2", "\u0301", "Ⅻ"]),
        ),
        max_size=60,
    )
)
def test_word_tokens_are_the_unicode_definition_on_ascii_and_other_text(text: str) -> None:
    # ASCII text takes a plain-range pattern; the Kelvin sign lower-cases to an ASCII "k".
    assert word_tokens(text) == set(WORD_TOKEN.findall(text.lower()))


def test_word_tokens_split_letters_from_digits_on_corpus_like_text() -> None:
    text = "HTTP2 and HTTP11 use `fs.readFile()` in Node.js v20.1; Ünïcode 3½ x²"
    assert word_tokens(text) == set(WORD_TOKEN.findall(text.lower()))
    assert {"http", "2", "11", "readfile", "ünïcode", "3", "x²"} <= word_tokens(text)


def test_default_threshold_is_msgmerge_s() -> None:
    assert DEFAULT_THRESHOLD == 0.6


# ------------------------------------------------------------------------------------------
# Equivalence with msgmerge --previous on a revised article
# ------------------------------------------------------------------------------------------


def _article_sentences() -> list[str]:
    out: list[str] = []
    for paragraph in ARTICLE.read_text(encoding="utf-8").split("\n\n"):
        for piece in sentencex.segment("en", " ".join(paragraph.split())):
            sentence = piece.strip()
            if sentence and sentence not in out:
                out.append(sentence)
    return out


def _revision(sentences: list[str]) -> tuple[list[str], dict[str, str], list[str], list[str]]:
    """A realistic revision: a paragraph inserted, sentences edited (numbers, negation, names,
    a clause), two removed. Returns the new msgids, edited new->old, the added and the removed."""
    new = list(sentences)
    edits = {
        "Three men were seen fleeing the city": ("Three", "Four"),
        "Russia’s war in Ukraine has been going on for nine months.": ("nine", "ten"),
        "The attacks are normal, says Katrusya": ("are normal", "are not normal"),
        "Sergey is one of those Bakhmut residents": ("Sergey", "Oleksiy"),
        "Through the windows you can see a ghost town.": (
            "ghost town.",
            "ghost town, its streets empty.",
        ),
    }
    edited: dict[str, str] = {}
    for start, (before, after) in edits.items():
        index = next(i for i, s in enumerate(new) if s.startswith(start))
        edited[new[index].replace(before, after, 1)] = new[index]
        new[index] = new[index].replace(before, after, 1)
    removed = [new.pop(10), new.pop(20)]
    added = [
        "Update, October 21: Ukrainian officials said on Friday that the shelling had "
        "intensified overnight.",
        "Two civilians were wounded, according to the regional governor.",
    ]
    new[2:2] = added
    return new, edited, added, removed


def test_equivalent_to_msgmerge_previous_on_a_revised_article(tmp_path: Path) -> None:
    sentences = _article_sentences()
    assert len(sentences) > 40
    new_msgids, edited, added, removed = _revision(sentences)
    old = translated(*sentences)
    old[3].tcomment = "mt: engine=bergamot date=2024-01-02"
    old[3].flags = ["fuzzy"]
    save_po(tmp_path / "old.po", old)
    save_po(tmp_path / "new.pot", template(*new_msgids))
    subprocess.run(
        [
            "msgmerge",
            "-q",
            "--previous",
            "-o",
            str(tmp_path / "msgmerge.po"),
            str(tmp_path / "old.po"),
            str(tmp_path / "new.pot"),
        ],
        check=True,
    )
    theirs = load_po(tmp_path / "msgmerge.po")
    ours, stats = merge_catalog(load_po(tmp_path / "new.pot"), load_po(tmp_path / "old.po"))

    def states(po: polib.POFile) -> dict[str, set[str]]:
        current = [e for e in po if not e.obsolete]
        return {
            "translated": {e.msgid for e in current if e.msgstr and not e.fuzzy},
            "fuzzy": {e.msgid for e in current if e.msgstr and e.fuzzy},
            "obsolete": set(obsolete_msgids(po)),
        }

    mine, gnu = states(ours), states(theirs)
    assert mine["translated"] == gnu["translated"]
    assert mine["fuzzy"] == set(edited) | {sentences[3]}
    # Documented difference: msgmerge also gives genuinely new sentences the translation of some
    # other sentence when it finds one "close enough"; we leave them for machine translation.
    assert gnu["fuzzy"] - mine["fuzzy"] <= set(added)
    assert mine["fuzzy"] <= gnu["fuzzy"]
    assert mine["obsolete"] == set(removed)
    assert gnu["obsolete"] <= mine["obsolete"]
    # Same translations carried over, from the same previous msgids.
    for msgid in mine["fuzzy"] | mine["translated"]:
        assert by_msgid(ours)[msgid].msgstr == by_msgid(theirs)[msgid].msgstr
        assert by_msgid(ours)[msgid].previous_msgid == by_msgid(theirs)[msgid].previous_msgid
    for msgid, source in edited.items():
        assert (
            by_msgid(ours)[msgid].previous_msgid == by_msgid(theirs)[msgid].previous_msgid == source
        )
    assert stats == MergeStats(exact=len(new_msgids) - 7, fuzzy=5, new=2, obsolete=2, revived=0)


def test_byte_identical_to_msgmerge_when_nothing_is_new(tmp_path: Path) -> None:
    sentences = _article_sentences()
    new_msgids, _, added, _ = _revision(sentences)
    new_msgids = [m for m in new_msgids if m not in added]
    save_po(tmp_path / "old.po", translated(*sentences))
    save_po(tmp_path / "new.pot", template(*new_msgids))
    subprocess.run(
        [
            "msgmerge",
            "-q",
            "--previous",
            "-o",
            str(tmp_path / "msgmerge.po"),
            str(tmp_path / "old.po"),
            str(tmp_path / "new.pot"),
        ],
        check=True,
    )
    ours, _ = merge_catalog(load_po(tmp_path / "new.pot"), load_po(tmp_path / "old.po"))
    assert format_po(ours) == (tmp_path / "msgmerge.po").read_text(encoding="utf-8")


def _similarity(a: str, b: str) -> float:
    from rapidfuzz.distance import Indel

    return float(Indel.normalized_similarity(a, b))


def test_parse_po_round_trip_of_a_merge_result_is_stable() -> None:
    old = translated(S1, S3, S5)
    result, _ = merge_catalog(template(S1, S3.replace("nine", "ten"), S2), old)
    text = format_po(result)
    assert format_po(parse_po(text)) == text


# ------------------------------------------------------------------------------------------
# Flags and state as msgmerge keeps them (issue 7)
# ------------------------------------------------------------------------------------------

FLAG_CASES = (
    # (msgid, old flags, template flags)
    ("We are 100% sure.", ["fuzzy", "python-format"], []),
    ("Half is 50% of it.", ["python-format"], []),
    ("Kept %s here.", ["python-format", "no-wrap"], ["no-python-format"]),
    ("Other text.", ["no-c-format"], ["c-format"]),
    ("Wrapped text.", ["no-wrap"], ["no-wrap"]),
    ("Plain text.", ["fuzzy"], ["no-wrap"]),
)


def test_flags_come_from_the_template_as_msgmerge_takes_them(tmp_path: Path) -> None:
    old = translated(*(msgid for msgid, _, _ in FLAG_CASES))
    tpl = template(*(msgid for msgid, _, _ in FLAG_CASES))
    for (_, old_flags, tpl_flags), old_entry, tpl_entry in zip(FLAG_CASES, old, tpl):
        old_entry.flags = list(old_flags)
        tpl_entry.flags = list(tpl_flags)
    save_po(tmp_path / "old.po", old)
    save_po(tmp_path / "t.pot", tpl)
    subprocess.run(
        ["msgmerge", "--quiet", "--previous", "-o", str(tmp_path / "gnu.po"),
         str(tmp_path / "old.po"), str(tmp_path / "t.pot")],
        check=True,
    )
    gnu = {e.msgid: sorted(e.flags) for e in load_po(tmp_path / "gnu.po")}
    mine = {e.msgid: sorted(e.flags) for e in merge_catalog(tpl, old)[0]}
    assert mine == gnu
    assert mine["We are 100% sure."] == ["fuzzy"]


def test_a_guessed_python_format_flag_does_not_survive_extract_so_msgfmt_accepts_it(
    tmp_path: Path,
) -> None:
    old = translated("We are 100% sure.")
    old[0].msgstr = "Temos 100% de certeza."
    old[0].flags = ["python-format"]  # what Babel's writer adds to prose with a percent sign
    save_po(tmp_path / "before.po", old)
    rejected = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(tmp_path / "before.po")],
                              capture_output=True)
    assert rejected.returncode != 0
    save_po(tmp_path / "after.po", merge_catalog(template("We are 100% sure."), old)[0])
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(tmp_path / "after.po")], check=True)


def test_a_revived_machine_draft_stays_fuzzy_when_babel_dropped_the_flag() -> None:
    from l10n.catalog.provenance import Provenance, draft_digest
    from l10n.catalog.state import EntryState, classify

    old = translated(S1, S2)
    draft = fake(S2)
    old[1].obsolete = True
    old[1].flags = []  # Babel writes "#~" entries without their fuzzy flag
    old[1].tcomment = Provenance("bergamot", "2026-11-25", draft_digest(draft)).line()
    old[0].obsolete = True  # a reviewed translation (no provenance) comes back translated
    result, stats = merge_catalog(template(S1, S2), old)
    entries = by_msgid(result)
    assert stats.revived == 2
    assert entries[S2].fuzzy and entries[S2].msgstr == draft
    assert classify(entries[S2]) is EntryState.MACHINE
    assert classify(entries[S1]) is EntryState.TRANSLATED


def test_a_revived_reviewed_draft_edited_by_a_person_comes_back_translated() -> None:
    from l10n.catalog.provenance import Provenance, draft_digest

    old = translated(S2)
    old[0].obsolete = True
    old[0].tcomment = Provenance("bergamot", "2026-11-25", draft_digest("machine text")).line()
    entry = by_msgid(merge_catalog(template(S2), old)[0])[S2]
    assert not entry.fuzzy and entry.msgstr == fake(S2)


def test_the_old_plural_forms_are_kept_against_the_template_s(tmp_path: Path) -> None:
    old = translated(S1)
    old.metadata["Plural-Forms"] = "nplurals=2; plural=(n > 1);"
    tpl = template(S1)
    tpl.metadata["Plural-Forms"] = "nplurals=3; plural=(n == 0 || n == 1) ? 0 : 2;"
    result, _ = merge_catalog(tpl, old)
    assert result.metadata["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    save_po(tmp_path / "old.po", old)
    save_po(tmp_path / "t.pot", tpl)
    gnu = subprocess.run(["msgmerge", "--quiet", "-o", "-", str(tmp_path / "old.po"),
                          str(tmp_path / "t.pot")], check=True, capture_output=True, text=True)
    assert "Plural-Forms: nplurals=2; plural=(n > 1);" in gnu.stdout


@settings(max_examples=200, deadline=None)
@given(
    texts=st.lists(
        st.lists(st.sampled_from(["a", "b", "c", "d", "e", "1", "22"]), max_size=6).map(" ".join),
        min_size=1,
        max_size=12,
    ),
    queries=st.lists(
        st.lists(st.sampled_from(["a", "b", "c", "f", "1"]), min_size=1, max_size=5).map(" ".join),
        min_size=1,
        max_size=4,
    ),
    overlap=st.sampled_from([0.5, 0.95]),
)
def test_an_index_over_the_queries_tokens_finds_what_a_full_index_finds(
    texts: list[str], queries: list[str], overlap: float
) -> None:
    from l10n.catalog.merge import _TokenIndex

    members = list(range(len(texts)))
    full = _TokenIndex(texts, members, set().union(*(word_tokens(t) for t in texts)))
    query_tokens = [word_tokens(q) for q in queries]
    narrow = _TokenIndex(texts, members, set().union(*query_tokens))
    for tokens in query_tokens:
        found = narrow.candidates(tokens, overlap=overlap)
        assert found == full.candidates(tokens, overlap=overlap)


_MARKDOWNISH = st.text(alphabet="`` ``a*_~[]()^!{}#%<>&\\\n:", max_size=24)


@settings(max_examples=3000, deadline=None)
@given(_MARKDOWNISH)
def test_code_spans_found_without_the_parser_are_the_parsers(text: str) -> None:
    """The merge reads code spans itself where only backticks, brackets and emphasis can be
    markup (importing the parser costs more than a merge): the same spans as the parser's."""
    from l10n.catalog import merge
    from l10n.document.inline import parse_inline

    parsed = [(m.start, m.end) for m in parse_inline(text).markup if m.name == "code"]
    assert merge._code_spans(text) == parsed
