"""The independent validator can fail: each kind of breakage a translation causes is caught."""

from __future__ import annotations

from validate import validate

ARTICLE = """\
---
title: Release notes
tags: [a, b]
weight: 3
---

# Notes

Read the [release notes] and `make test`.

{{< note >}}
Shortcodes stay.
{{< /note >}}

Term
: Definition

[release notes]: https://example.org/notes
"""


def test_validator_accepts_translated_prose() -> None:
    built = ARTICLE.replace("Read the", "Leia as").replace("Shortcodes stay.", "Ficam.")
    assert validate(ARTICLE, built, "markdown") == ()


def test_validator_reports_lost_reference_link() -> None:
    built = ARTICLE.replace("[release notes] and", "[notas de versão] e")
    assert [p.aspect for p in validate(ARTICLE, built, "markdown")] == ["links"]


def test_validator_reports_translated_shortcode_and_joined_lines() -> None:
    translated = ARTICLE.replace("{{< note >}}", "{{< nota >}}")
    joined = ARTICLE.replace("{{< note >}}\n", "{{< note >}} ")
    assert [p.aspect for p in validate(ARTICLE, translated, "markdown")] == ["tags"]
    assert [p.aspect for p in validate(ARTICLE, joined, "markdown")] == ["tags"]


def test_validator_reports_broken_definition_list_and_front_matter() -> None:
    flattened = ARTICLE.replace("Term\n: Definition", "Term : Definition")
    assert "blocks" in [p.aspect for p in validate(ARTICLE, flattened, "markdown")]
    unparsable = ARTICLE.replace("title: Release notes", "title: Notas: de: versão")
    assert [p.aspect for p in validate(ARTICLE, unparsable, "markdown")] == ["front matter"]
    changed = ARTICLE.replace("weight: 3", "weight: 4")
    assert [p.aspect for p in validate(ARTICLE, changed, "markdown")] == ["front matter"]


def test_validator_reports_changed_code_span() -> None:
    built = ARTICLE.replace("`make test`", "`faça teste`")
    assert [p.aspect for p in validate(ARTICLE, built, "markdown")] == ["code"]


def test_validator_reports_underlined_heading_joined_to_its_underline() -> None:
    source = "Title\n=====\n\n   A hanging\n      body line\n      and more\n"
    rewrapped = "Título\n======\n\n   Um corpo\n      pendente re-embrulhado\n"
    joined = "Título =====\n\n   Um corpo\n      pendente\n"
    unfitted = "Título longo\n=====\n\n   Um corpo\n      pendente\n"
    assert validate(source, rewrapped, "text") == ()
    assert [p.aspect for p in validate(source, joined, "text")] == ["lines"]
    assert [p.aspect for p in validate(source, unfitted, "text")] == ["lines"]


def test_validator_accepts_the_locale_s_lang_key_and_nothing_else_added() -> None:
    built = ARTICLE.replace("weight: 3\n", "weight: 3\nlang: pt-BR\n")
    assert validate(ARTICLE, built, "markdown", "pt-BR") == ()
    assert [p.aspect for p in validate(ARTICLE, built, "markdown")] == ["front matter"]
    assert [p.aspect for p in validate(ARTICLE, built, "markdown", "de")] == ["front matter"]
    other = ARTICLE.replace("weight: 3\n", "weight: 3\nlocale: pt-BR\n")
    assert [p.aspect for p in validate(ARTICLE, other, "markdown", "pt-BR")] == ["front matter"]


def test_an_empty_front_matter_may_gain_the_lang_key_and_nothing_else() -> None:
    """Eleventy's sample page ``---\\n---`` (an empty mapping to every generator) built with
    ``lang: pt-BR`` was reported as None becoming {}."""
    source = "---\n---\nThis page has no navigation.\n"
    assert validate(source, source.replace("---\n---", "---\nlang: pt-BR\n---"), "markdown", "pt-BR") == ()
    assert [p.aspect for p in validate(source, source.replace("---\n---", "---\nlayout: x\n---"),
                                       "markdown", "pt-BR")] == ["front matter"]
