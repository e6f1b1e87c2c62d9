"""Checks of translations: each check passes good translations and fails broken ones."""

from __future__ import annotations

import polib
import pytest

from l10n.catalog.checks import (
    CHECKS,
    Scope,
    Severity,
    check_entry,
    emphasis_balanced,
    entry_scopes,
    markup_kept,
    numbers_kept,
    outer_whitespace,
    refusal,
)


def passes(check, source: str, target: str) -> None:  # type: ignore[no-untyped-def]
    assert check(source, target) is None


def fails(check, source: str, target: str, fragment: str) -> None:  # type: ignore[no-untyped-def]
    message = check(source, target)
    assert message is not None and fragment in message


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
    fails(numbers_kept, "It lasted 20 minutes.", "Durou 25 minutos.", "20")


def test_outer_whitespace() -> None:
    passes(outer_whitespace, "Roses  \nare red", "Rosas  \nsão vermelhas")
    fails(outer_whitespace, "Roses  \nare red", "Rosas são vermelhas", "line breaks")
    fails(outer_whitespace, "Text", "Texto ", "trailing")


@pytest.mark.parametrize("name", [check.name for check in CHECKS])
@pytest.mark.parametrize("scope", list(Scope))
def test_every_check_passes_an_identical_translation(name: str, scope: Scope) -> None:
    source = "On **Monday**, [CNN](https://cnn.com) said `x` cost 3.5 million <i>dollars</i>[^1]."
    assert [f for f in check_entry(source, source, [scope]) if f[0] == name] == []


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


def test_every_error_applies_to_markup_and_warnings_to_every_scope() -> None:
    for check in CHECKS:
        if check.severity is Severity.ERROR:
            assert check.scopes and Scope.TEXT not in check.scopes
            assert Scope.MARKDOWN in check.scopes or check.scopes == {Scope.HTML_ATTRIBUTE}
        else:
            assert check.scopes == frozenset(Scope)
