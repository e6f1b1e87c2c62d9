from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from l10n.mt.engines.pseudo import pseudo_translate
from l10n.mt.mask import mask, restore_source, safe_pieces, unmask
from l10n.mt.scan import scan
from l10n.mt.verify import quote_count, verify

SAMPLE = 'Read **the** [report](https://x.y/z "T") and run `cmd`.'


def tokens(text: str) -> list[tuple[str, str]]:
    return [(t.kind, t.text) for t in mask(text).tokens]


def test_inline_markdown_is_masked_as_paired_and_single_tokens() -> None:
    m = mask(SAMPLE)
    assert m.text == "Read _1_ the _/1_ _2_ report _/2_ and run _3_ ."
    assert tokens(SAMPLE) == [
        ("emphasis", "**"),
        ("emphasis", "**"),
        ("link", "["),
        ("link", '](https://x.y/z "T")'),
        ("code", "`cmd`"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mail press@cnn.com today", ("email", "press@cnn.com")),
        ("See https://www.cnn.com/a/index.html.", ("url", "https://www.cnn.com/a/index.html")),
        ("See www.cnn.com/x, then", ("url", "www.cnn.com/x")),
        ("Wiki https://x.org/a_(b) here", ("url", "https://x.org/a_(b)")),
        ("Go <https://a.b/c> now", ("url", "<https://a.b/c>")),
        ("Hello %(name)s!", ("placeholder", "%(name)s")),
        ("Hello {name}!", ("placeholder", "{name}")),
        ("Got %d items", ("placeholder", "%d")),
        ("Cost $1,234.56 today", ("number", "1,234.56")),
        ("On 2022-10-20 at", ("number", "2022-10-20")),
        ("At 3:23 p.m.", ("number", "3:23")),
        ("Use <b>bold</b> here", ("html", "<b>")),
        ("Tom &amp; Jerry", ("entity", "&amp;")),
        ("A \\* star", ("escape", "\\*")),
        ("Call snake_case now", ("code", "snake_case")),
        ("Note[^1] here", ("link", "[^1]")),
        ("line one  \nline two", ("break", "  \n")),
    ],
)
def test_protected_constructs_become_tokens(text: str, expected: tuple[str, str]) -> None:
    assert expected in tokens(text)
    assert restore_source(mask(text)) == text


def test_numbers_glued_to_letters_stay_words() -> None:
    assert [k for k, _ in tokens("the 20th G7 summit")] == []


def test_unmask_restores_source_spacing_around_tokens() -> None:
    m = mask(SAMPLE)
    out = "Leia _1_ o _/1_ _2_ relatório _/2_ e execute _3_ ."
    assert verify(m, out) == []
    assert unmask(m, out) == 'Leia **o** [relatório](https://x.y/z "T") e execute `cmd`.'


def test_unmask_keeps_outer_whitespace_of_the_source() -> None:
    m = mask("  Hello **you**\n")
    assert unmask(m, "Olá _1_ você _/1_") == "  Olá **você**\n"


@pytest.mark.parametrize(
    ("output", "problem"),
    [
        ("Leia _1_ o _/1_ _2_ relatório _/2_ e execute .", "lost token _3_"),
        ("Leia _1_ o _/1_ _2_ relatório _/2_ e _3_ _3_ .", "duplicated token _3_"),
        ("Leia _1_ o _/1_ _2_ relatório _/2_ e _3_ _7_ .", "unknown token _7_"),
        ("Leia _/1_ o _1_ _2_ relatório _/2_ e _3_ .", "closed before it opens"),
        ("Leia _1_ o _2_ relatório _/1_ _/2_ e _3_ .", "crossed"),
        ("Leia _1_ o _/1_ relatório _2_ _/2_ e _3_ .", "pair 2 lost the text"),
    ],
)
def test_verify_rejects_broken_outputs(output: str, problem: str) -> None:
    problems = verify(mask(SAMPLE), output)
    assert any(problem in p for p in problems), problems


def test_safe_pieces_translate_only_text_between_tokens_and_quotes() -> None:
    m = mask('He said “no” to **them**.')
    pieces = safe_pieces(m)
    assert "".join(p.text for p in pieces) == m.text
    assert [p.text for p in pieces if p.translate] == ["He said", "no", "to", "them"]


def test_needs_translation_is_false_for_markup_and_numbers_only() -> None:
    assert not mask("`code` 2022-10-20 https://x.y").needs_translation
    assert mask("`code` here").needs_translation


def test_quote_count_counts_every_double_quote_style() -> None:
    assert quote_count('“a” "b" «c» „d“') == 8


MARKDOWNISH = st.text(
    alphabet=st.sampled_from(list("ab cd*_`[]()<>!\\&;#%{}$:/.-@\n\t\"“”'0123456789_xyz")),
    max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(MARKDOWNISH)
@example("%c_0")  # a placeholder followed by an intraword underscore once overlapped it
def test_mask_is_lossless_for_any_text(text: str) -> None:
    m = mask(text)
    assert restore_source(m) == text
    assert verify(m, m.text) == []


@settings(max_examples=200, deadline=None)
@given(MARKDOWNISH)
def test_pseudo_output_always_verifies_and_keeps_every_token(text: str) -> None:
    m = mask(text)
    out = pseudo_translate(m.text)
    assert verify(m, out) == []
    restored = unmask(m, out)
    for token in m.tokens:
        assert token.text in restored


# ------------------------------------------------------------------ template tags

_NAME = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_-.", min_size=1, max_size=12).filter(
    lambda s: s[0].isalpha()
)
_VALUE = st.text(alphabet=list("ab c_*.%/>}#{[]'\"x-1"), max_size=14)


@st.composite
def template_tags(draw: st.DrawFn) -> str:
    """A Liquid/Jinja/Nunjucks tag, output or comment, a Hugo shortcode or a KumaScript macro."""
    name = draw(_NAME)
    value = draw(_VALUE).replace("\\", "")
    double = '"' + value.replace('"', '\\"') + '"'
    single = "'" + value.replace("'", "") + "'"
    param = draw(st.sampled_from([double, single, "x=" + double, "", "a.b | upcase", f"{name}=1"]))
    dash = draw(st.sampled_from(["", "-"]))
    shapes = [
        f"{{%{dash} {name} {param} {dash}%}}",
        f"{{% end{name} %}}",
        f"{{{{ {name} {param} }}}}",
        f"{{# {value.replace('#', '')} #}}",
        f"{{{{< {name} {param} >}}}}",
        f"{{{{< /{name} >}}}}",
        f"{{{{% {name} {param} %}}}}",
        f"{{{{< {name} {param} />}}}}",
        f"{{{{{name}({double})}}}}",
    ]
    return draw(st.sampled_from(shapes))


_PROSE = st.text(alphabet=list("ab cd*_[]()!\\&;%:/.-\n\"'0123456789xyz"), max_size=20)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_PROSE, template_tags()), min_size=1, max_size=4), _PROSE)
@example([("\\", '{% a "" %}')], "")  # the backslash once escaped the brace, cutting the tag
@example([("][", '{% a "" %}')], "]")  # the tag was once read as a reference label
@example([("", '{% a "" %}'), ("](", '{% a "" %}')], ")")  # a destination holds a tag whole
@example([("", "{# ' #}"), ("", "{# ' #}")], "")  # an apostrophe in a comment is no quote
def test_masking_keeps_every_template_tag_whole(parts: list[tuple[str, str]], tail: str) -> None:
    text = ""
    spans = []
    for prose, tag in parts:
        text += prose
        spans.append((len(text), len(text) + len(tag)))
        text += tag
    text += tail
    m = mask(text)
    assert unmask(m, m.text) == text
    assert verify(m, m.text) == []
    # Every tag lies inside one token (its own, or a link destination holding it): none is cut.
    pieces = scan(text.strip())
    lead = len(text) - len(text.lstrip())
    for start, end in spans:
        cutting = [p for p in pieces if p.start + lead < end and start < p.end + lead]
        assert len(cutting) == 1, (text[start:end], cutting)
        assert cutting[0].start + lead <= start and end <= cutting[0].end + lead
    restored = unmask(m, pseudo_translate(m.text))
    for _, tag in parts:
        assert tag in restored


def test_a_tag_in_a_link_destination_stays_in_the_link() -> None:
    text = "Read [the post]({{ site.baseurl }}/about) now."
    assert tokens(text)[1] == ("link", "]({{ site.baseurl }}/about)")
    assert mask(text).text == "Read _1_ the post _/1_ now."
