"""The glossary file, its matching rules and its checks (l10n.glossary), and glossary masking."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.errors import GlossaryError
from l10n.glossary import (
    Glossary,
    load_glossary,
    note,
    pairs,
    parse_glossary,
    terms_in,
    violations,
)
from l10n.mt.mask import copy_draft, mask, restore_source, unmask
from l10n.mt.verify import check_output

NEWSROOM = (
    "# Newsroom glossary\n"
    "term\tlocale\ttranslation\tforbidden\tflags\n"
    "Kyiv\t\t\tKiev\tcase-sensitive\n"
    "Brasília\t*\t\tBrasilia\n"
    "prime minister\tpt_BR\tprimeiro-ministro\tpremiê\n"
    "prime minister\tde\tPremierminister\n"
    "minister\tpt\tministro\n"
)


def newsroom() -> Glossary:
    return parse_glossary(NEWSROOM, Path("glossary.tsv"))


def glossary(text: str) -> Glossary:
    return parse_glossary(text, Path("glossary.tsv"))


# --------------------------------------------------------------------------- the file


def test_rows_become_rules_with_their_line_and_flags() -> None:
    rules = newsroom().rules
    assert [(r.term, r.locale, r.translation, r.forbidden, r.line) for r in rules] == [
        ("Kyiv", None, None, ("Kiev",), 3),
        ("Brasília", None, None, ("Brasilia",), 4),
        ("prime minister", "pt_BR", "primeiro-ministro", ("premiê",), 5),
        ("prime minister", "de", "Premierminister", (), 6),
        ("minister", "pt", "ministro", (), 7),
    ]
    assert rules[0].case_sensitive and rules[0].whole_word
    assert not rules[1].case_sensitive


def test_columns_may_come_in_any_order_and_trailing_empty_cells_may_be_missing() -> None:
    g = glossary("translation\tterm\n\tKyiv\nprimeiro-ministro\tprime minister\n")
    assert [(r.term, r.translation) for r in g.rules] == [
        ("Kyiv", None), ("prime minister", "primeiro-ministro")]
    g = glossary("term\tlocale\ttranslation\tforbidden\nKyiv\n")
    assert g.rules[0].term == "Kyiv" and g.rules[0].forbidden == ()


def test_a_spreadsheet_export_with_bom_and_crlf_reads_the_same(tmp_path: Path) -> None:
    path = tmp_path / "glossary.tsv"
    path.write_bytes(b"\xef\xbb\xbf" + NEWSROOM.replace("\n", "\r\n").encode())
    assert load_glossary(path).rules == newsroom().rules


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("Kyiv\tKiev\n", 1, "unknown column 'kyiv'"),
        ("locale\ttranslation\npt_BR\tx\n", 1, "no 'term' column"),
        ("term\tterm\nx\tx\n", 1, "names a column twice"),
        ("term\ttranslation\n\nKyiv\tKyiv\tKiev\n", 3, "3 tab-separated cells"),
        ("term\ttranslation\n\tprimeiro-ministro\n", 2, "empty term"),
        ("term\tflags\nKyiv\tcase\n", 2, "unknown flag 'case'"),
        ("term\tlocale\nKyiv\txx_YY_ZZ\n", 2, "unknown locale"),
        ("term\tlocale\nKyiv\tpt_BR\n# c\nkyiv\tpt-br\n", 4, "already defined on line 2"),
        ("term\tforbidden\nKyiv\tKyiv\n", 2, "forbidden variant 'Kyiv'"),
    ],
)
def test_a_malformed_glossary_is_an_error_naming_file_and_line(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    path = tmp_path / "glossary.tsv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GlossaryError) as caught:
        load_glossary(path)
    assert caught.value.line == line and caught.value.path == path
    assert words in caught.value.message
    assert str(caught.value).startswith(f"{path}:{line}: ")


def test_a_glossary_that_is_not_utf8_is_an_error_naming_its_line(tmp_path: Path) -> None:
    path = tmp_path / "glossary.tsv"
    path.write_bytes(b"term\nKyiv\nBras\xedlia\n")
    with pytest.raises(GlossaryError, match="not UTF-8") as caught:
        load_glossary(path)
    assert caught.value.line == 3


def test_the_same_term_in_two_cases_is_two_terms_only_when_case_sensitive() -> None:
    g = glossary("term\tflags\nUS\tcase-sensitive\nus\tcase-sensitive\n")
    assert len(g.rules) == 2


# --------------------------------------------------------------------------- matching


def test_the_most_specific_row_applies_to_a_locale() -> None:
    g = newsroom()
    by_term = {r.term: r.translation for r in g.for_locale("pt_BR")}
    assert by_term == {"Kyiv": None, "Brasília": None, "prime minister": "primeiro-ministro",
                       "minister": "ministro"}
    assert {r.term: r.translation for r in g.for_locale("pt_PT")}["minister"] == "ministro"
    assert "prime minister" not in {r.term for r in g.for_locale("pt_PT")}
    assert {r.term for r in g.for_locale("fr")} == {"Kyiv", "Brasília"}


def test_terms_match_whole_words_and_any_case_unless_flagged() -> None:
    g = newsroom()
    found = terms_in(g, "Prime Minister Kyivstar met the minister in Kyiv, not kyiv.", "pt_BR")
    assert [(m.found, m.rule.term) for m in found] == [
        ("Prime Minister", "prime minister"), ("minister", "minister"), ("Kyiv", "Kyiv")]
    inside = glossary("term\tflags\nWagner\tinside-words\n")
    assert [m.found for m in terms_in(inside, "Wagner's Wagnerites", "de")] == ["Wagner", "Wagner"]


def test_the_longer_term_wins_and_white_space_inside_a_term_is_any_run() -> None:
    found = terms_in(newsroom(), "The prime\u00a0 minister resigned.", "pt_BR")
    assert [(m.found, m.rule.term) for m in found] == [("prime\u00a0 minister", "prime minister")]


def test_a_capitalised_term_gets_a_capitalised_required_translation() -> None:
    found = terms_in(newsroom(), "Prime minister Lula spoke.", "pt_BR")
    assert found[0].target == "Primeiro-ministro"


def test_kyiv_that_became_kiev_is_flagged() -> None:
    g = newsroom()
    assert violations(g, "Russia attacked Kyiv.", "A Rússia atacou Kiev.", "pt_BR") == (
        "'Kyiv' must stay as in the source, not 'Kiev'",)
    assert violations(g, "Russia attacked Kyiv.", "A Rússia atacou Kyiv.", "pt_BR") == ()


def test_brasilia_that_lost_its_accent_is_flagged_even_without_a_forbidden_variant() -> None:
    g = glossary("term\nBrasília\n")
    assert violations(g, "He flew to Brasília.", "Ele voou para Brasilia.", "pt_BR") == (
        "'Brasília' must stay as in the source, not 'Brasilia'",)
    assert violations(g, "He flew to Brasília.", "Ele voou para Brasília.", "pt_BR") == ()


def test_a_required_translation_missing_or_a_forbidden_variant_used_is_flagged() -> None:
    g = newsroom()
    source = "The prime minister resigned."
    assert violations(g, source, "O primeiro-ministro renunciou.", "pt_BR") == ()
    assert violations(g, source, "O Primeiro-Ministro renunciou.", "pt_BR") == ()
    assert violations(g, source, "O chefe de governo renunciou.", "pt_BR") == (
        "'prime minister' must be translated 'primeiro-ministro'; the translation has no "
        "'primeiro-ministro'",)
    assert violations(g, source, "O premiê renunciou.", "pt_BR") == (
        "'prime minister' must be translated 'primeiro-ministro', not 'premiê'",)
    assert violations(g, source, "O primeiro-ministro (premiê) renunciou.", "pt_BR") == (
        "'premiê' is a forbidden variant of 'prime minister'; write 'primeiro-ministro'",)
    assert violations(g, source, "Der Premierminister trat zurück.", "de") == ()
    assert violations(g, "No term here.", "Kiev", "pt_BR") == ()


def test_the_translators_note_lists_the_terms_of_the_sentence_for_the_locale() -> None:
    g = newsroom()
    assert note(g, "The prime minister visited Kyiv and Kyiv.", "pt_BR") == (
        "glossary: prime minister -> primeiro-ministro (not premiê); Kyiv -> Kyiv (not Kiev)")
    assert note(g, "The prime minister spoke.", "fr") == ""


def test_engine_glossary_pairs_are_the_locales_rules() -> None:
    assert pairs(newsroom(), "pt_BR") == (
        ("Kyiv", "Kyiv"), ("Brasília", "Brasília"), ("prime minister", "primeiro-ministro"),
        ("minister", "ministro"))


# --------------------------------------------------------------------------- masking


def test_glossary_terms_are_masked_and_restored_as_the_required_text() -> None:
    text = "The **prime minister** visited Kyiv, see `Kyiv` and https://kyiv.example/Kyiv."
    masked = mask(text, terms_in(newsroom(), text, "pt_BR"))
    assert "Kyiv" not in masked.text and "prime minister" not in masked.text
    assert "`Kyiv`" not in masked.text  # the code span is one token of its own
    assert [t.kind for t in masked.tokens if t.kind == "glossary"] == ["glossary", "glossary"]
    assert unmask(masked, masked.text) == (
        "The **primeiro-ministro** visited Kyiv, see `Kyiv` and https://kyiv.example/Kyiv.")
    assert restore_source(mask(text)) == text


def test_a_draft_that_loses_a_glossary_token_is_rejected() -> None:
    text = "The prime minister visited Kyiv."
    masked = mask(text, terms_in(newsroom(), text, "pt_BR"))
    assert check_output(masked, masked.text.replace("_2_", "Kiev"))
    assert not check_output(masked, "O _1_ visitou _2_.")
    assert unmask(masked, "O _1_ visitou _2_.") == "O primeiro-ministro visitou Kyiv."


def test_a_text_made_only_of_terms_is_copied_with_the_required_translation() -> None:
    text = "Prime minister"
    masked = mask(text, terms_in(newsroom(), text, "pt_BR"))
    assert not masked.needs_translation
    assert copy_draft(masked) == "Primeiro-ministro"
    assert copy_draft(mask("`code`")) == "`code`"


WORDS = st.sampled_from(["the", "minister", "of", "**bold**", "`Kyiv`", "Kyiv", "prime",
                         "Brasília", "42", "(", ")", "_x_", "Kyivan", "—", "[a](b)"])


KEEP = "term\tflags\nKyiv\tcase-sensitive\nBrasília\nprime minister\n"


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=12), st.sampled_from([" ", "  ", "\t"]))
def test_masking_do_not_translate_terms_is_lossless(words: list[str], gap: str) -> None:
    text = gap.join(words)
    masked = mask(text, terms_in(glossary(KEEP), text, "pt_BR"))
    assert restore_source(masked) == text
    assert not masked.text or check_output(masked, masked.text) == []


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=12), st.sampled_from([" ", "  ", "\t"]))
def test_masked_required_translations_come_back_following_the_glossary(
    words: list[str], gap: str
) -> None:
    text = gap.join(words)
    g = newsroom()
    masked = mask(text, terms_in(g, text, "pt_BR"))
    assert violations(g, text, unmask(masked, masked.text), "pt_BR") == ()


def test_a_term_with_digits_is_one_token_and_a_term_straddling_markup_is_left_alone() -> None:
    g = glossary("term\ttranslation\nG7\t\nCOVID-19\tcovid-19\nbold move\t\n")
    text = "The G7 met about COVID-19 in 2020, a **bold** move."
    masked = mask(text, terms_in(g, text, "pt_BR"))
    assert [t.text for t in masked.tokens if t.kind == "glossary"] == ["G7", "COVID-19"]
    assert [t.text for t in masked.tokens if t.kind == "number"] == ["2020"]
    assert unmask(masked, masked.text) == "The G7 met about covid-19 in 2020, a **bold** move."
