"""Change triage: is a stale entry's source edit cosmetic or a change of meaning?

The oracle is a labelled set of 216 real edits between two releases of the Flask, Click and
Jinja documentation (``tests/data/triage``: PROVENANCE, edits.tsv, mine.py), labelled by a
person with a reason per row.
"""

from __future__ import annotations

import csv
import html
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.catalog.carry import carry
from l10n.catalog.triage import (
    ChangeClass,
    diff_pieces,
    number_values,
    same_number,
    triage,
    word_diff,
)

DATA = Path(__file__).resolve().parent / "data" / "triage"


def _labelled() -> list[dict[str, str]]:
    with (DATA / "edits.tsv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_labelled_real_edits_agree_and_no_meaning_change_is_called_cosmetic() -> None:
    rows = _labelled()
    assert len(rows) >= 60
    assert {row["label"] for row in rows} == {"cosmetic", "meaning"}
    assert all(row["reason"].strip() for row in rows)
    got = {row["id"]: triage(row["old"], row["new"]).kind.value for row in rows}
    wrong_way = [row["id"] for row in rows if row["label"] == "meaning" and got[row["id"]] == "cosmetic"]
    assert wrong_way == []
    agreement = sum(got[row["id"]] == row["label"] for row in rows) / len(rows)
    assert agreement >= 0.95, agreement
    cosmetic = [row for row in rows if row["label"] == "cosmetic"]
    found = sum(got[row["id"]] == "cosmetic" for row in cosmetic) / len(cosmetic)
    assert found >= 0.7, found  # the set is no pile of easy meaning changes


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        ('He said "no comment" on Monday.', "He said “no comment” on Monday.", "quotes"),
        ("The minister resgined on Monday.", "The minister resigned on Monday.", "typo: resgined -> resigned"),
        ("Prices rose 5% in May.", "Prices rose 5 % in May.", "white space"),
        ("In Kyiv the army said it would stay.", "In Kyiv, the army said it would stay.", "punctuation"),
        ("It cost 1,000 dollars.", "It cost 1.000 dollars.", "number punctuation: 1,000 -> 1.000"),
        ("the city of kyiv", "The city of Kyiv", "case: kyiv -> Kyiv"),
        ("It was a error.", "It was an error.", "article form: a -> an"),
        ("Use the **new** tool.", "Use the *new* tool.", "markup"),
        ("Run the install step.", "Run the `install` step.", "markup"),
    ],
)
def test_cosmetic_edits_are_cosmetic_with_their_reason(old: str, new: str, reason: str) -> None:
    found = triage(old, new)
    assert found.kind is ChangeClass.COSMETIC
    assert reason in found.reasons


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        ("The minister resigned on Monday.", "The minister **did not** resign on Monday.", "negation added: not"),
        ("The minister resigned.", "The minister didn't resign.", "negation added: didn't"),
        ("Prices rose 3.2% in May.", "Prices rose 32% in May.", "number changed: 3.2 -> 32"),
        ("It cost $1.5 billion.", "It cost $15 billion.", "number changed: 1.5 -> 15"),
        ("Talks with Zelensky went on.", "Talks with Zelenskyy went on.", "name removed: Zelensky"),
        ("He met Biden in Washington.", "He met Biden.", "name removed: Washington"),
        ("Put it in `venv/`.", "Put it in `.venv/`.", "code added: ."),
        ("It rose by 5%.", "It rose by 5.", "symbol removed: %"),
        ("The army left.", "The army left?", "symbol added: ?"),
        ("Ask us today.", "Ask US today.", "abbreviation: us -> US"),
        ("He resigned on Monday.", "He resigned on Tuesday.", "name added: Tuesday"),
        ("Add the file now.", "And the file now.", "words added: And"),
        ("The pytest way works.", "The test way works.", "words added: test"),
        ("Police arrested the man.", "The man arrested police.", "words removed: Police arrested"),
    ],
)
def test_meaning_edits_are_meaning_with_their_reason(old: str, new: str, reason: str) -> None:
    found = triage(old, new)
    assert found.kind is ChangeClass.MEANING
    assert reason in found.reasons, found.reasons


def test_typo_rule_needs_a_dictionary_for_the_source_language() -> None:
    assert triage("It was recieved.", "It was received.").cosmetic
    assert not triage("It was recieved.", "It was received.", language="ja").cosmetic
    assert not triage("It was now.", "It was not.").cosmetic  # both are words: not a typo


def test_numbers_are_compared_by_value_in_either_convention() -> None:
    assert same_number("1,000", "1.000")
    assert same_number("1,234.5", "1.234,5")
    assert same_number("1\u00a0234,5", "1,234.5")
    assert same_number("1.5", "1,5")
    assert not same_number("1,234.5", "12.345")
    assert not same_number("3.2", "32")
    assert not same_number("1,500", "1.5")
    assert number_values("1,2,3") == frozenset()


def test_word_diff_pieces_rebuild_both_sources() -> None:
    pieces = diff_pieces("The minister resigned.", "The minister did not resign.")
    assert [p.op for p in pieces] == ["equal", "delete", "insert", "equal"]
    assert word_diff("a <b>", "a <c>", html.escape) == "a &lt;<del>b</del><ins>c</ins>&gt;"


_WORDS = st.lists(st.sampled_from(["the", "army", "left", "city", "on", "monday", "police", "said", "it",
                                   "would", "stay", "rose", "by", "prices"]), min_size=1, max_size=10)
_BEFORE = st.sampled_from(['"', "“", "‘", "(", "*", "_", "«", " "])
_AFTER = st.sampled_from([",", ".", ";", ":", "!", " —", "  ", '"', "”", "’", ")", "*", "…", "»"])


@settings(max_examples=150, deadline=None)
@given(_WORDS, st.data())
def test_changing_only_punctuation_space_or_case_is_cosmetic(words: list[str], data: st.DataObject) -> None:
    def render() -> str:
        parts = []
        for word in words:
            word = data.draw(st.sampled_from([word, word.capitalize()]))
            before = data.draw(st.lists(_BEFORE, max_size=2).map("".join))
            parts.append(before + word + data.draw(st.lists(_AFTER, max_size=2).map("".join)))
        text = data.draw(st.sampled_from(["", " ", "\t"])).join(["", " ".join(parts)])
        return text.upper() if data.draw(st.booleans()) else text  # a headline in capitals

    old, new = render(), render()
    assert triage(old, new).kind is ChangeClass.COSMETIC, (old, new, triage(old, new).reasons)


@settings(max_examples=150, deadline=None)
@given(_WORDS, st.integers(0, 10), st.sampled_from(["not", "never", "no", "didn't", "won't"]))
def test_inserting_a_negation_is_meaning(words: list[str], at: int, negation: str) -> None:
    old = " ".join(words) + "."
    new = " ".join(words[:at] + [negation] + words[at:]) + "."
    assert triage(old, new).kind is ChangeClass.MEANING


@settings(max_examples=150, deadline=None)
@given(_WORDS, st.integers(0, 99_999), st.integers(1, 9), st.data())
def test_changing_a_digit_is_meaning(words: list[str], number: int, delta: int, data: st.DataObject) -> None:
    digits = str(number)
    at = data.draw(st.integers(0, len(digits) - 1))
    changed = digits[:at] + str((int(digits[at]) + delta) % 10) + digits[at + 1:]
    old = f"{' '.join(words)} {digits} {' '.join(words)}."
    new = f"{' '.join(words)} {changed} {' '.join(words)}."
    assert triage(old, new).kind is ChangeClass.MEANING, (old, new)


def test_carry_moves_quotes_and_number_punctuation_into_the_translation() -> None:
    done = carry('He said "no" today.', "He said “no” today.", 'Ele disse "não" hoje.')
    assert done.text == "Ele disse “não” hoje."
    assert done.changes == ('quotes: " " -> “ ”',)
    done = carry("Prices rose 5% in May.", "Prices rose 5 % in May.", "Os preços subiram 5% em maio.")
    assert done.text == "Os preços subiram 5 % em maio."
    assert done.changes == ("number: 5% -> 5 %",)


def test_carry_leaves_a_translation_in_its_own_style_alone() -> None:
    assert carry('He said "no".', "He said “no”.", "Il a dit « non ».").changes == ()
    assert carry("It cost 1,000.", "It cost 1.000.", "Custou 1.000.").text == "Custou 1.000."
    assert carry("In Kyiv the army left.", "In Kyiv, the army left.", "Em Kyiv o exército saiu.").changes == ()


@settings(max_examples=150, deadline=None)
@given(_WORDS, st.data())
def test_removing_or_replacing_a_word_is_meaning(words: list[str], data: st.DataObject) -> None:
    at = data.draw(st.integers(0, len(words) - 1))
    other = data.draw(_WORDS.map(lambda w: w[0]).filter(lambda w: w != words[at]))
    old = " ".join(words) + "."
    for new in (" ".join(words[:at] + words[at + 1:]) + ".", " ".join(words[:at] + [other] + words[at + 1:]) + "."):
        assert triage(old, new).kind is ChangeClass.MEANING, (old, new)
