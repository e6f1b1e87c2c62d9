"""Checks of translations: each check passes good translations and fails broken ones."""

from __future__ import annotations

from collections.abc import Callable

import polib
import pytest
from hypothesis import given
from hypothesis import strategies as st

from l10n.catalog.checks import (
    CHECKS,
    CheckContext,
    Scope,
    Severity,
    brackets_balanced,
    check_entry,
    doubled_spaces,
    doubled_words,
    emphasis_balanced,
    entry_scopes,
    final_punctuation,
    identifiers_kept,
    length_ratio,
    markup_kept,
    names_kept,
    not_left_untranslated,
    numbers_kept,
    numbers_same_value,
    outer_whitespace,
    quotes_balanced,
    refusal,
    source_names,
)

Plain = Callable[[str, str], "str | None"]
InContext = Callable[[str, str, CheckContext], "str | None"]


def _run(check: Plain | InContext, source: str, target: str, locale: str | None) -> str | None:
    if check in (numbers_kept, numbers_same_value, doubled_words, length_ratio, names_kept):
        return check(source, target, CheckContext("en", locale))  # type: ignore[call-arg]
    return check(source, target)  # type: ignore[call-arg]


def passes(check: Plain | InContext, source: str, target: str, locale: str | None = "pt_BR") -> None:
    assert _run(check, source, target, locale) is None


def fails(check: Plain | InContext, source: str, target: str, fragment: str,
          locale: str | None = "pt_BR") -> None:
    message = _run(check, source, target, locale)
    assert message is not None and fragment in message, message


def test_markup_kept() -> None:
    source = "Read [the report](https://x.y/r) and run `ls -l`."
    passes(markup_kept, source, "Leia [o relatório](https://x.y/r) e rode `ls -l`.")
    fails(markup_kept, source, "Leia o relatório e rode `ls -l`.", "https://x.y/r")
    fails(markup_kept, source, "Leia [o relatório](https://x.y/r) e rode `ls`.", "ls -l")
    fails(markup_kept, "Plain.", "Com <b>negrito</b>.", "not in the source")
    fails(markup_kept, "See note[^1].", "Veja a nota.", "footnote")


def test_emphasis_balanced() -> None:
    passes(emphasis_balanced, "A **bold** claim.", "Uma afirmação **ousada**.")
    fails(emphasis_balanced, "A **bold** claim.", "Uma afirmação **ousada.", "'**'")
    passes(emphasis_balanced, "Use `a*b` here.", "Use `a*b` aqui.")


def test_numbers_kept_accepts_localized_separators() -> None:
    passes(numbers_kept, "It cost $1,234.5 in 2022.", "Custou US$ 1.234,5 em 2022.")
    fails(numbers_kept, "It lasted 20 minutes.", "Durou vinte minutos.", "number 20 is missing")
    fails(numbers_kept, "It lasted two hours.", "Durou 2 horas.", "number 2 is not in the source")
    passes(numbers_kept, "It lasted 20 minutes.", "Durou 25 minutos.")  # the error's, not twice


def test_numbers_are_compared_by_value_in_the_target_locale() -> None:
    source = "It cost $1,234.5 in 2022."
    for locale, target in [("pt_BR", "Custou US$ 1.234,5 em 2022."), ("de", "Es kostete 1.234,5 $ 2022."),
                           ("fr", "Cela a coûté 1\u202f234,5 $ en 2022."), ("fr", "Coût : 1 234,5 $ en 2022."),
                           ("fr", "Coût : 1\u00a0234,5 $ en 2022."), ("ja", "2022年に1,234.5ドルかかった。"),
                           ("pt_BR", "Custou US$ 1,234.5 em 2022.")]:  # the source's notation, kept
        passes(numbers_same_value, source, target, locale)
        passes(numbers_kept, source, target, locale)
    fails(numbers_same_value, source, "Custou US$ 12.345 em 2022.", "1,234.5 of the source became 12.345")
    fails(numbers_same_value, "Inflation hit 3.2%.", "A inflação chegou a 32%.", "became 32")
    passes(numbers_same_value, "Inflation hit 3.2%.", "A inflação chegou a 3,2%.")
    passes(numbers_same_value, "Inflation hit 3.2%.", "Die Inflation erreichte 3,2 %.", "de")
    passes(numbers_same_value, "It cost 1,234,567.5 francs.", "Es kostete 1’234’567.5 Franken.", "de_CH")


def test_scale_words_give_numbers_their_value() -> None:
    source = "The deal is worth $1.5 billion."
    fails(numbers_same_value, source, "O acordo vale US$ 15 bilhões.", "1.5 billion of the source became 15 bilhões")
    for locale, target in [("pt_BR", "O acordo vale US$ 1,5 bilhão."), ("pt_BR", "O acordo vale US$ 1.500 milhões."),
                           ("pt_PT", "O acordo vale 1,5 mil milhões de dólares."), ("de", "Er ist 1,5 Milliarden Dollar wert."),
                           ("fr", "Il vaut 1,5 milliard de dollars."), ("ja", "取引額は15億ドルだ。"),
                           ("pt_BR", "O acordo vale US$ 1,5 bi.")]:
        passes(numbers_same_value, source, target, locale)
    fails(numbers_same_value, source, "Er ist 1,5 Billionen Dollar wert.", "became", "de")  # German Billion = 10^12
    fails(numbers_same_value, source, "O acordo vale US$ 1,5 milhão.", "became")
    passes(numbers_same_value, "About 12,000 people fled.", "約1万2000人が避難した。", "ja")


def test_numbers_without_a_known_target_locale_accept_either_decimal_mark() -> None:
    passes(numbers_same_value, "It cost $1,234.5.", "Custou US$ 1.234,5.", None)
    fails(numbers_same_value, "It rose 3.2%.", "Subiu 32%.", "became", None)


def test_an_afternoon_hour_may_become_a_24_hour_time() -> None:
    passes(numbers_same_value, "The vote is at 3 p.m. on Monday.", "A votação é às 15h de segunda-feira.")
    fails(numbers_same_value, "The vote is at 3 a.m. on Monday.", "A votação é às 15h de segunda-feira.", "became")


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_a_number_formatted_by_babel_for_the_target_locale_keeps_its_value(value: object) -> None:
    from babel.numbers import format_decimal

    source = f"Exports reached {format_decimal(value, locale='en')} tonnes last year."
    for locale in ("pt_BR", "de", "fr", "ja", "es", "pt_PT", "ru", "it"):
        target = f"Total: {format_decimal(value, locale=locale)} t."
        assert numbers_same_value(source, target, CheckContext("en", locale)) is None, (source, target)
        assert numbers_kept(source, target, CheckContext("en", locale)) is None, (source, target)
        if value:
            wrong = f"Total: {format_decimal(value * 10, locale=locale)} t."  # type: ignore[operator]
            assert numbers_same_value(source, wrong, CheckContext("en", locale)) is not None, (source, wrong)


_BILLION = {"pt_BR": "bilhões", "de": "Milliarden", "fr": "milliards", "es": "mil millones", "it": "miliardi"}


@given(st.decimals(min_value=1, max_value=999, places=1, allow_nan=False, allow_infinity=False),
       st.sampled_from(sorted(_BILLION)))
def test_billions_keep_their_value_in_each_language(value: object, locale: str) -> None:
    from babel.numbers import format_decimal

    source = f"The budget is ${format_decimal(value, locale='en')} billion."
    context = CheckContext("en", locale)
    target = f"Orçamento: {format_decimal(value, locale=locale)} {_BILLION[locale]} de dólares."
    assert numbers_same_value(source, target, context) is None, (source, target)
    wrong = f"Orçamento: {format_decimal(value * 10, locale=locale)} {_BILLION[locale]}."  # type: ignore[operator]
    assert numbers_same_value(source, wrong, context) is not None, (source, wrong)


def test_doubled_words_and_spaces() -> None:
    fails(doubled_words, "The minister resigned.", "O o ministro renunciou.", "'O o'")
    passes(doubled_words, "The minister resigned.", "O ministro renunciou.")
    passes(doubled_words, "We met.", "Nous nous sommes rencontrés.", "fr")
    passes(doubled_words, "Bora Bora is far.", "Bora Bora fica longe.")
    passes(doubled_words, "Pages for the package package.", "Páginas do pacote pacote.")
    fails(doubled_spaces, "The minister resigned.", "O ministro  renunciou.", "doubled space")
    passes(doubled_spaces, "Roses  \nare red", "Rosas  \nsão vermelhas")


def test_brackets_balanced_as_in_the_source() -> None:
    fails(brackets_balanced, "Choose the distro(s) you need.", "Escolha as distros específicos) que precisa.", "')'")
    fails(brackets_balanced, "It prints to stdout.", "Ele imprime no stdout (em.", "'('")
    passes(brackets_balanced, "It prints (to stdout).", "Ele imprime (no stdout).")
    passes(brackets_balanced, "It prints.", "[Ele imprime.]")  # a pair added, as pseudo-localisation does
    passes(brackets_balanced, "Options a) and b) apply.", "As opções a) e b) valem.")


def test_quotes_balanced_in_any_locale_style() -> None:
    source = 'He said "we will win" on Monday.'
    for locale_quotes in ['Ele disse “vamos vencer” na segunda.', 'Er sagte „wir werden gewinnen“ am Montag.',
                          'Il a dit « nous gagnerons » lundi.', '彼は「勝つ」と言った。', 'Il a dit ‹ oui › « non ».',
                          'Ele disse "vamos vencer" na segunda.']:
        passes(quotes_balanced, source, locale_quotes)
    fails(quotes_balanced, source, 'Ele disse "vamos vencer na segunda.', "unbalanced")
    fails(quotes_balanced, source, "Il a dit « nous gagnerons lundi.", "unbalanced")
    fails(quotes_balanced, 'Skip comments starting with "#".', 'Pule comentários começando com "".', "empty quotation")
    fails(quotes_balanced, source, "Ele disse vamos vencer na segunda.", "are gone")
    passes(quotes_balanced, "Wagner’s owner spoke.", "O dono do Wagner falou.")


def test_final_punctuation_with_locale_equivalents() -> None:
    passes(final_punctuation, "The city fell.", "A cidade caiu.")
    passes(final_punctuation, "The city fell.", "街は陥落した。")
    passes(final_punctuation, "Why now?", "لماذا الآن؟")
    passes(final_punctuation, "Why now?", "Pourquoi maintenant ?")
    passes(final_punctuation, "And then...", "E então…")
    passes(final_punctuation, 'He said "no."', "Ele disse “não”.")
    passes(final_punctuation, "He said: **no.**", "Er sagte: **nein.**")
    passes(final_punctuation, "A heading", "Um título")
    fails(final_punctuation, "The city fell.", "A cidade caiu", "final '.' of the source is missing")
    fails(final_punctuation, "A heading", "Um título.", "the source with no punctuation")
    fails(final_punctuation, "Why now?", "Por que agora.", "ends with '.', the source with '?'")


def test_a_translation_identical_to_a_source_with_words() -> None:
    fails(not_left_untranslated, "The minister resigned on Monday.", "The minister resigned on Monday.", "source")
    for same in ["Yevgeny Prigozhin", "CNN", "2022", "`ls -l`", "https://cnn.com/a", "NATO (2022)",
                 "[CNN](https://cnn.com/world)", "Zelensky: Kyiv"]:
        passes(not_left_untranslated, same, same)
    passes(not_left_untranslated, "The minister resigned.", "O ministro renunciou.")


def test_length_ratio_outliers() -> None:
    source = "The minister resigned on Monday after a week of protests in the capital."
    passes(length_ratio, source, "O ministro renunciou na segunda-feira após uma semana de protestos na capital.")
    passes(length_ratio, source, "大臣は首都での1週間の抗議の後、月曜日に辞任した。", "ja")
    fails(length_ratio, source, "O ministro renunciou.", "a part lost")
    fails(length_ratio, source, source + " " + source + " " + source, "something added")
    passes(length_ratio, "Yes.", "Sim, claro que sim, com certeza.")


def test_proper_names_kept_near_matches_flagged() -> None:
    source = "President Zelensky flew to Washington with Yevgeny Prigozhin’s critics."
    passes(names_kept, source, "O presidente Zelensky voou para Washington com críticos de Yevgeny Prigozhin.")
    fails(names_kept, source, "O presidente Zelenski voou para Washington com críticos de Yevgeny Prigozhin.",
          "'Zelensky' is written 'Zelenski'")
    fails(names_kept, source, "O presidente Zelensky voou para Washingon com críticos de Yevgeny Prigozhin.",
          "'Washington' is written 'Washingon'")
    fails(names_kept, "He flew to London today.", "Ele voou para Londres hoje.", "fine if it is localized")
    passes(names_kept, "Officials in Russia said on Monday that Ukraine lost.", "Autoridades na Rússia disseram na "
           "segunda-feira que a Ucrânia perdeu.")
    passes(names_kept, source, "ゼレンスキー大統領はワシントンへ飛んだ。", "ja")
    assert source_names("How Wagner Took Bakhmut From Ukraine") == []
    assert source_names("The city fell, CNN said.") == []
    assert source_names("Repeat this for the CDs with the given NAMEs.") == []
    passes(names_kept, "Run initdb to initialize a PostgreSQL data directory.",
           "initdbを実行して、PostgreSQLデータディレクトリを初期化してください。", "ja")
    fails(names_kept, "Failed system call was DuplicateHandle.", "失敗したシステムコールはMapViewOfFileExです。",
          "'DuplicateHandle' is not in the translation", "ja")  # a real slip in a Debian catalog


def test_dotted_identifiers_kept_as_written() -> None:
    fails(identifiers_kept, "Edit l10n.toml and run os.path.join.", "Edite l10n. toml e rode os.path.join.",
          "'l10n.toml'")
    passes(identifiers_kept, "Edit l10n.toml and read cnn.com.", "Edite l10n.toml e leia cnn.com.")
    passes(identifiers_kept, "The U.S. and the U.K. agreed, e.g. on trade.", "Os EUA e o Reino Unido concordaram.")


def test_outer_whitespace() -> None:
    passes(outer_whitespace, "Roses  \nare red", "Rosas  \nsão vermelhas")
    fails(outer_whitespace, "Roses  \nare red", "Rosas são vermelhas", "line breaks")
    fails(outer_whitespace, "Text", "Texto ", "trailing")


@pytest.mark.parametrize("name", [check.name for check in CHECKS])
@pytest.mark.parametrize("scope", list(Scope))
def test_every_check_passes_an_identical_translation(name: str, scope: Scope) -> None:
    source = "On **Monday**, [CNN](https://cnn.com) said `x` cost 3.5 million <i>dollars</i>[^1]."
    found = [f for f in check_entry(source, source, [scope]) if f[0] == name]
    assert found == ([("untranslated", Severity.WARNING, "the translation is the source text")]
                     if name == "untranslated" else [])


def test_markdown_checks_do_not_apply_to_plain_text() -> None:
    findings = check_entry("Prices *rose* again.", "Os preços *subiram de novo.", [Scope.TEXT])
    assert findings == []
    findings = check_entry("Prices *rose* again.", "Os preços *subiram de novo.", [Scope.MARKDOWN])
    assert [(name, severity) for name, severity, _ in findings] == [("emphasis", Severity.ERROR)]


def test_front_matter_values_may_hold_blank_lines_but_keep_markup() -> None:
    assert check_entry("One.\n\nTwo.", "Um.\n\nDois.", [Scope.FRONT_MATTER]) == []
    assert refusal("Run `ls`", "Rode ls", Scope.FRONT_MATTER) == "code '`ls`' is missing"
    assert refusal("One. Two.", "Um.\n\nDois.", Scope.MARKDOWN) == "a blank line would split the paragraph"


def test_refusal_is_the_first_error_and_ignores_warnings() -> None:
    assert refusal("It took 20 minutes.", "Levou vinte minutos.", Scope.MARKDOWN) is None
    assert refusal("See [x](/a).\n\nMore.", "Veja x.\n\n# Mais.", Scope.MARKDOWN) == (
        "it would change the article's structure (a heading, list, quote, table or code block)")


def test_entry_scopes_come_from_the_block_kinds_of_the_entry() -> None:
    both = polib.POEntry(msgid="Title", comment="front matter: title\nheading")
    assert entry_scopes(both, "markdown") == {Scope.FRONT_MATTER, Scope.MARKDOWN}
    assert entry_scopes(polib.POEntry(msgid="Title", comment="line"), "text") == {Scope.TEXT}
    assert entry_scopes(polib.POEntry(msgid="Title"), "markdown") == {Scope.MARKDOWN}


def test_every_error_is_markup_or_a_changed_number_and_warnings_apply_to_every_scope() -> None:
    for check in CHECKS:
        assert check.why, check.name
        if check.name == "number-changed":
            assert check.severity is Severity.ERROR and check.scopes == frozenset(Scope)
        elif check.severity is Severity.ERROR:
            assert check.scopes and Scope.TEXT not in check.scopes
            assert Scope.MARKDOWN in check.scopes or check.scopes in ({Scope.HTML_ATTRIBUTE}, {Scope.HTML})
        else:
            assert check.scopes == frozenset(Scope)
    severities = [check.severity for check in CHECKS]
    assert severities == sorted(severities, key=[Severity.ERROR, Severity.WARNING].index)


def test_a_changed_number_is_refused_in_every_scope() -> None:
    context = CheckContext("en", "pt_BR")
    for scope in Scope:
        assert refusal("Inflation hit 3.2%.", "A inflação chegou a 32%.", scope, context) is not None
        assert refusal("Inflation hit 3.2%.", "A inflação chegou a 3,2%.", scope, context) is None


def test_the_readme_table_lists_every_check_with_its_severity() -> None:
    from pathlib import Path

    from l10n.catalog.checks import ENTRY_CHECKS, PROJECT_CHECKS

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(" `"): line.split("|")[2].strip()
            for line in readme.splitlines() if line.startswith("| `")
            and line.count("|") == 5}
    table = {c.name: c.severity.value for c in (*CHECKS, *PROJECT_CHECKS)}
    table |= {name: "error" for name, _ in ENTRY_CHECKS}
    assert {k: v for k, v in rows.items() if k in table or v in ("error", "warning")} == table


@given(st.text(max_size=80), st.text(max_size=80), st.sampled_from(list(Scope)),
       st.sampled_from([None, "pt_BR", "de", "fr", "ja", "ar", "xx"]))
def test_no_check_raises_on_any_text(source: str, target: str, scope: Scope, locale: str | None) -> None:
    for name, severity, message in check_entry(source, target, [scope], CheckContext("en", locale)):
        assert name and message and severity in Severity


_PHRASE = st.lists(st.from_regex(r"[a-zà-ú]{2,9}", fullmatch=True), min_size=1, max_size=6).map(" ".join)
_STYLES = [("“", "”"), ("„", "“"), ("« ", " »"), ("「", "」"), ("‹", "›"), ('"', '"'), ("»", "«")]


@given(_PHRASE, _PHRASE, st.sampled_from(_STYLES), st.booleans())
def test_quoting_and_bracketing_in_any_locale_style_passes(
    before: str, quoted: str, style: tuple[str, str], bracketed: bool
) -> None:
    opening, closing = style
    source = f'He said "{quoted}" ({before}).' if bracketed else f'He said "{quoted}" {before}.'
    inner = f"({before})" if bracketed else before
    target = f"Ele disse {opening}{quoted}{closing} {inner}."
    assert quotes_balanced(source, target) is None
    assert brackets_balanced(source, target) is None
    assert final_punctuation(source, target) is None
    broken = f"Ele disse {opening}{quoted} {inner}."
    assert quotes_balanced(source, broken) is not None


def test_find_values_reads_each_locale_s_separators_and_scale_words() -> None:
    from decimal import Decimal

    from l10n.document.numbers import find_values

    def values(text: str, locale: str) -> list[tuple[str, Decimal]]:
        return [(n.shown, n.value) for n in find_values(text, locale)]

    assert values("$1,234.5 in 2022", "en") == [("1,234.5", Decimal("1234.5")), ("2022", Decimal(2022))]
    assert values("1.234,5 em 2022", "pt_BR") == [("1.234,5", Decimal("1234.5")), ("2022", Decimal(2022))]
    assert values("1\u202f234,5 et 12 000", "fr") == [("1\u202f234,5", Decimal("1234.5")), ("12 000", Decimal(12000))]
    assert values("1’234’567.5", "de_CH") == [("1’234’567.5", Decimal("1234567.5"))]
    assert values("$1.5 billion, 2 bn", "en") == [("1.5 billion", Decimal("1.5E9")), ("2 bn", Decimal("2E9"))]
    assert values("1,5 Billionen", "de") == [("1,5 Billionen", Decimal("1.5E12"))]
    assert values("1,5 mil milhões, 3 mil", "pt_PT") == [("1,5 mil milhões", Decimal("1.5E9")), ("3 mil", Decimal(3000))]
    assert values("約1万2000人、15億円", "ja") == [("1万2000", Decimal(12000)), ("15億", Decimal("1.5E9"))]
    assert values("in 2022 150 people, at 12:30", "en") == [
        ("2022", Decimal(2022)), ("150", Decimal(150)), ("12", Decimal(12)), ("30", Decimal(30))]
    assert values("1,234", "xx") == [("1,234", Decimal(1234))]  # unknown locale: English's


def test_pseudo_localised_text_ends_as_its_source() -> None:
    from l10n.mt.engines.pseudo import pseudo_translate

    for source in ["It will be fine.", "Why now?", "A heading", "He said: **no.**"]:
        passes(final_punctuation, source, pseudo_translate(source))
