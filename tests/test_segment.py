"""Sentence segmentation: invariants, golden rules, news copy, markup, and each rule of the layer.

Data files in ``tests/data/segment/`` say where their cases come from and under which licence.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any, TypedDict

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from l10n.document import segment, sentence_rules
from l10n.document.segment import sentence_spans, split_text, supported_language

DATA = Path(__file__).parent / "data" / "segment"


def _load(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


class _Ranges(TypedDict):
    hidden: list[tuple[int, int, str]]
    no_break: list[tuple[int, int]]


def _sentences(
    text: str,
    lang: str = "en",
    *,
    hidden: Sequence[tuple[int, int, str]] = (),
    no_break: Sequence[tuple[int, int]] = (),
) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text, lang, hidden=hidden, no_break=no_break)]


def _markup(text: str) -> _Ranges:
    """Hidden and no_break ranges for the little inline Markdown these tests use.

    ``**strong**``/``*em*`` delimiters and link brackets/destinations are hidden as ``""``, code
    spans as ``"xxx"``; emphasis and link text are fences. (The real ranges come from the parser.)
    """
    hidden: list[tuple[int, int, str]] = []
    no_break: list[tuple[int, int]] = []
    for m in re.finditer(r"`[^`]+`|(\*\*?)(.+?)\1|\[([^\]]*)\]\(([^)]*)\)", text):
        if m.group(0).startswith("`"):
            hidden.append((m.start(), m.end(), "xxx"))
        elif m.group(1):
            d = len(m.group(1))
            hidden += [(m.start(), m.start() + d, ""), (m.end() - d, m.end(), "")]
            no_break.append((m.start(), m.end()))
        else:
            hidden += [(m.start(), m.start() + 1, ""), (m.end(3), m.end(), "")]
            no_break.append((m.start(), m.end()))
    return {"hidden": sorted(hidden), "no_break": no_break}


# ------------------------------------------------------------------ invariants (properties)

_ALPHABET = st.sampled_from(
    [*"abc ABC EIJ xyz .... !? ,;:-)(\n\t\u00a0\u2028\u200b“”…。*`[éßЖ😀"]
    + ["**", "](u.v)", "Mr.", "e.g.", "p.m. ET", "3."]
)


@st.composite
def _blocks(draw: st.DrawFn) -> tuple[str, list[tuple[int, int, str]], list[tuple[int, int]]]:
    text = "".join(draw(st.lists(_ALPHABET, max_size=40)))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
    hidden = [
        (a, b, draw(st.sampled_from(["", "xxx", "Xyz", " "])))
        for a, b in zip(cuts[::2], cuts[1::2])
    ]
    no_break = [
        tuple(sorted((draw(st.integers(0, len(text))), draw(st.integers(0, len(text))))))
        for _ in range(draw(st.integers(0, 3)))
    ]
    return text, hidden, no_break  # type: ignore[return-value]


@settings(max_examples=400, deadline=None)
@given(_blocks(), st.sampled_from(["en", "de", "fr", "ru", "ja", "pt_BR"]))
def test_spans_cover_every_non_whitespace_character_once_and_cut_only_on_whitespace(
    block: tuple[str, list[tuple[int, int, str]], list[tuple[int, int]]], lang: str
) -> None:
    text, hidden, no_break = block
    spans = sentence_spans(text, lang, hidden=hidden, no_break=no_break)
    if not text.strip():
        assert spans == []
        return
    assert spans
    bounds = [0] + [p for span in spans for p in span] + [len(text)]
    gaps = [text[a:b] for a, b in zip(bounds[::2], bounds[1::2])]
    assert all(g.isspace() or g == "" for g in gaps), gaps
    for a, b in spans:
        assert a < b
        assert not text[a].isspace() and not text[b - 1].isspace()
    assert all(e1 <= s2 for (_, e1), (s2, _) in pairwise(spans))
    for (_, end), (start, _) in pairwise(spans):
        for s, e in no_break:
            # no position of the cut [end, start] lies strictly inside the fence
            assert max(end, s + 1) > min(start, e - 1), (end, start, s, e)
        for s, e, _ in hidden:
            assert not (s < end < e or s < start < e)  # no cut inside markup


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80), st.sampled_from(["en", "es", "de", "zh", "xx"]))
def test_split_text_is_lossless(text: str, lang: str) -> None:
    pieces = split_text(text, lang)
    assert "".join(pieces) == text
    assert all(pieces)


_WRAPPED_TEXT = st.lists(
    st.sampled_from([*"Ab c. D? e!", " ", "\n", "**", "*", "Mr.", "(See.)", "1. ", "2. "]),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_blocks(), _WRAPPED_TEXT.map(lambda t: (t, [], []))), st.booleans())
def test_a_block_without_candidate_breaks_gets_what_the_general_path_gives(
    block: tuple[str, list[tuple[int, int, str]], list[tuple[int, int]]], wrap: bool
) -> None:
    # sentence_spans returns one span at once when nothing proposes a break; the general path
    # (offset map, fences, gap search, wrapper opening) must agree with it, breaks or not.
    text, hidden, no_break = block
    if not text.strip():
        return
    wrappers = []
    if wrap:  # the whole block inside one pair of emphasis delimiters, as "**Q? A.**"
        text = f"**{text}**"
        hidden = [(0, 2, ""), *((a + 2, b + 2, s) for a, b, s in hidden), (len(text) - 2, len(text), "")]
        no_break = [(a + 2, b + 2) for a, b in no_break]
        wrappers = [segment.Wrapper(0, 2, len(text) - 2, len(text))]
    shadow = segment._shadow_text(text, hidden)
    breaks = segment._candidate_breaks("en", shadow)
    general = segment._spans_at_breaks(text, "en", hidden, no_break, wrappers, shadow, breaks)
    assert sentence_spans(text, "en", hidden=hidden, no_break=no_break, wrappers=wrappers) == general
    if not breaks:
        assert general == [(len(text) - len(text.lstrip()), len(text.rstrip()))]


@settings(max_examples=400, deadline=None)
@given(_blocks())
def test_the_shadow_text_shortcut_for_printable_ascii_matches_the_whitespace_regex(
    block: tuple[str, list[tuple[int, int, str]], list[tuple[int, int]]],
) -> None:
    text, hidden, _ = block
    parts, pos = [], 0
    for start, end, stand_in in hidden:
        parts += [text[pos:start], stand_in]
        pos = end
    expected = segment._OTHER_SPACE.sub(" ", "".join(parts) + text[pos:])
    assert segment._shadow_text(text, hidden) == expected
    for control in "\t\r\x0b\x0c\x1c\x1f\x85\u2028":
        assert segment._shadow_text(f"a{control}b\nc", ()) == "a b c"


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from([*" 1a2bZ.)(!?…\"”’»•⁃éX", "1. ", "b) ", " 2.) ", "(No.) A"]), max_size=20)
       .map("".join))
def test_finder_shortcuts_find_what_their_patterns_find(shadow: str) -> None:
    ends = [m.end() for m in sentence_rules._PARENTHESISED_END.finditer(shadow)]
    assert sentence_rules.parenthesised_sentence(shadow) == ends
    marker = sentence_rules._LIST_MARKER
    breaks: list[int] = []
    first = marker.match(shadow, len(shadow) - len(shadow.lstrip(" ")))
    if first is not None:  # the finder as written before its shortcut
        bullet, value, style = first.groups()
        for m in marker.finditer(shadow, first.end()):
            if m.group(1) == bullet and m.group(3) == style and m.group(2) == sentence_rules._next(value):
                breaks.append(m.start())
                value = m.group(2)
    assert sentence_rules.inline_list_items(shadow) == breaks


def test_empty_and_blank_texts_have_no_spans() -> None:
    assert sentence_spans("", "en") == []
    assert sentence_spans(" \n\t\u00a0", "en") == []
    assert split_text("", "en") == []
    assert split_text("  \n", "en") == ["  \n"]


def test_split_text_keeps_whitespace_with_the_sentence_before_it() -> None:
    assert split_text("  One. Two.\n Three.  ", "en") == ["  One. ", "Two.\n ", "Three.  "]


def test_whitespace_table_is_exactly_what_str_isspace_accepts() -> None:
    expected = "".join(c for c in map(chr, range(0x110000)) if c.isspace())
    assert expected == segment.WHITESPACE


def test_a_multibyte_space_after_an_initial_does_not_crash_the_engine() -> None:
    # sentencex 1.0.32 panics on "B\xa0." (byte index inside a character); we feed it spaces.
    text = "A B\u00a0. Next one. \u2028B\u2028.\u00a0C"
    assert "".join(split_text(text, "en")) == text
    assert _sentences(text)[-1] == "B\u2028.\u00a0C"


def test_soft_line_breaks_are_spaces_not_paragraph_ends() -> None:
    assert _sentences("Hello world\nthis goes on\n\nStill the same. Next.") == [
        "Hello world\nthis goes on\n\nStill the same.",
        "Next.",
    ]


def test_invalid_ranges_are_rejected_with_the_valid_bounds() -> None:
    with pytest.raises(ValueError, match="sorted"):
        sentence_spans("abc def", "en", hidden=[(4, 5, ""), (0, 1, "")])
    with pytest.raises(ValueError, match="0..7"):
        sentence_spans("abc def", "en", no_break=[(2, 9)])


# ------------------------------------------------------------------ golden rules (English)


def _golden() -> dict[str, Any]:
    data: dict[str, Any] = _load("golden_en.json")
    return data


def _golden_failures() -> list[int]:
    return [
        case["rule"] for case in _golden()["cases"] if _sentences(case["text"]) != case["expected"]
    ]


def test_golden_rules_file_holds_the_48_rules_with_source_and_licence() -> None:
    data = _golden()
    assert [c["rule"] for c in data["cases"]] == list(range(1, 49))
    assert "pysbd==0.3.3" in data["source"] and "MIT" in data["licence"]


def test_golden_rules_pass_at_least_97_percent_outside_the_list_rules() -> None:
    data = _golden()
    failures = _golden_failures()
    prose = [c["rule"] for c in data["cases"] if c["rule"] not in data["list_rules"]]
    passed = len([r for r in prose if r not in failures])
    assert passed / len(prose) >= 0.97, failures
    # Full score, list rules included: measured 47/48 (97.9 %) with sentencex 1.0.32 and the
    # finders and vetoes of sentence_rules (43/48 before them); benchmarks/segmentation.py.
    assert (48 - len(failures)) / 48 >= 0.97, failures


def test_golden_rule_failures_are_the_documented_ones() -> None:
    documented = {int(rule) for rule in _golden()["known_failures"]}
    assert set(_golden_failures()) <= documented


# ------------------------------------------------------------------ other languages


LANGUAGES = _load("languages.json")["languages"]


@pytest.mark.parametrize("lang", ["es", "de", "fr", "pt", "ru"])
def test_hand_checked_cases_pass_at_the_language_threshold(lang: str) -> None:
    block = LANGUAGES[lang]
    assert len(block["cases"]) >= 10
    failed = [c["text"] for c in block["cases"] if _sentences(c["text"], lang) != c["expected"]]
    assert 1 - len(failed) / len(block["cases"]) >= block["threshold"], failed
    undocumented = [
        c["text"] for c in block["cases"] if c["text"] in failed and "known_failure" not in c
    ]
    assert not undocumented


# ------------------------------------------------------------------ news copy


@pytest.mark.parametrize("case", _load("news_en.json")["cases"], ids=lambda c: c["text"][:24])
def test_sample_article_paragraphs_are_segmented_exactly(case: dict[str, Any]) -> None:
    assert _sentences(case["text"]) == case["expected"]


def test_hard_wrapped_markdown_paragraph_with_a_strong_dateline() -> None:
    text = (
        "**(CNN)** — The weather in Bakhmut deceives the senses: sunny and warm, it\n"
        "almost seems peaceful. But a deafening roar of artillery firing from the eastern\n"
        "Ukrainian city shakes that notion."
    )
    assert _sentences(text, **_markup(text)) == [
        (
            "**(CNN)** — The weather in Bakhmut deceives the senses: sunny and warm, it\n"
            "almost seems peaceful."
        ),
        (
            "But a deafening roar of artillery firing from the eastern\n"
            "Ukrainian city shakes that notion."
        ),
    ]


def test_wrapped_question_inside_a_quotation_stays_whole() -> None:
    text = (
        "When asked\nif he is worried about the bombing, he replies: “Afraid of what, mate?\n"
        "Everything will be fine”."
    )
    assert _sentences(text) == [text]


# ------------------------------------------------------------------ markup


def test_no_cut_inside_a_fenced_strong_span() -> None:
    text = "Read **the report. It is long.** Then go."
    assert _sentences(text, **_markup(text)) == ["Read **the report. It is long.**", "Then go."]


def test_without_the_fence_the_strong_span_is_split_and_delimiters_follow_their_words() -> None:
    text = "Read **the report. It is long.** Then go."
    hidden = _markup(text)["hidden"]
    assert _sentences(text, hidden=hidden) == ["Read **the report.", "It is long.**", "Then go."]


def test_closing_markup_stays_left_and_opening_markup_goes_right() -> None:
    text = "It ends *here.* *Next* one starts. [Link](http://x.y) here."
    assert _sentences(text, **_markup(text)) == [
        "It ends *here.*",
        "*Next* one starts.",
        "[Link](http://x.y) here.",
    ]


def test_no_cut_where_markup_touches_both_sentences() -> None:
    text = "The end.**Next** part. Done."
    assert _sentences(text, **_markup(text)) == ["The end.**Next** part.", "Done."]


def test_code_spans_are_hidden_as_a_word() -> None:
    text = "Run `ls -la. Then stop.` now. `npm` is a tool. Use `E.` Macron."
    assert _sentences(text, **_markup(text)) == [
        "Run `ls -la. Then stop.` now.",
        "`npm` is a tool.",
        "Use `E.` Macron.",
    ]


def test_link_destinations_are_hidden_and_the_cut_comes_after_the_closing_parenthesis() -> None:
    text = "see [this](http://a.b/c.d). Next"
    assert _sentences(text, **_markup(text)) == ["see [this](http://a.b/c.d).", "Next"]


def test_a_link_text_with_two_sentences_is_not_split() -> None:
    text = "See [the report. It is long](http://a.b). Then go."
    assert _sentences(text, **_markup(text)) == [
        "See [the report. It is long](http://a.b).",
        "Then go.",
    ]


def test_whitespace_inside_hidden_markup_is_never_a_cut() -> None:
    text = "One.<br /> Two."
    assert _sentences(text, hidden=[(4, 10, "")]) == ["One.<br />", "Two."]
    text = "One.<span class='x'>Two.</span>"
    assert _sentences(text, hidden=[(4, 20, ""), (24, 31, "")]) == [text]


def test_cjk_sentences_are_cut_without_whitespace_and_markup_follows_fences() -> None:
    assert _sentences("你好。我是学生。", "zh") == ["你好。", "我是学生。"]
    text = "**強調です。**次の文です。"
    assert _sentences(text, "ja", **_markup(text)) == ["**強調です。**", "次の文です。"]
    text = "前の文です。**次**です。"
    assert _markup(text)["no_break"] == [(6, 11)]
    assert _sentences(text, "ja", **_markup(text)) == ["前の文です。", "**次**です。"]


# ------------------------------------------------------------------ the rule layer, rule by rule


@pytest.mark.parametrize(
    "text",
    [
        "It was a lot… there are many.",
        "He said “stop.” and left.",
        "Rep. Smith (D-Mass.), said hello.",
        "Stop. ; he said.",
        "Stop. ) he said.",
        "Stop. - he said.",
        "Stop. : he said.",
    ],
)
def test_no_break_before_lower_case_or_continuation_punctuation(text: str) -> None:
    assert _sentences(text) == [text]


def test_dialogue_dash_before_a_lower_case_verb_does_not_break() -> None:
    assert _sentences("—¿Dónde estás? —preguntó ella. Nadie.", "es") == [
        "—¿Dónde estás? —preguntó ella.",
        "Nadie.",
    ]
    assert _sentences("— Куда? — спросила мама. — Домой.", "ru") == [
        "— Куда? — спросила мама.",
        "— Домой.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "French President E. Macron said so.",
        "J. R. R. Tolkien wrote it.",
        "Le dijo (J. Pérez) algo.",
    ],
)
def test_no_break_after_a_lone_capital_initial(text: str) -> None:
    assert _sentences(text + " Then he left.", "fr" if "Pérez" in text else "en") == [
        text,
        "Then he left.",
    ]


def test_english_pronoun_i_may_still_end_a_sentence() -> None:
    assert _sentences("We make a good team, you and I. Did you see Albert I. Jones?") == [
        "We make a good team, you and I.",
        "Did you see Albert I. Jones?",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The show starts at 9 p.m. ET.",
        "It opens at 10 a.m. EST today.",
        "Doors open at 8 P.M. (PT) sharp.",
    ],
)
def test_no_break_between_meridiem_and_time_zone(text: str) -> None:
    assert _sentences(text + " Tickets are sold out.") == [text, "Tickets are sold out."]


def test_meridiem_before_a_capitalised_word_still_ends_a_sentence() -> None:
    assert _sentences("He left at 6 P.M. Mr. Smith then went to the store.") == [
        "He left at 6 P.M.",
        "Mr. Smith then went to the store.",
    ]


@pytest.mark.parametrize(
    "abbreviation",
    ["Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Sen.", "Rep.", "Gov.", "Gen.", "Gens.", "Lt."]
    + ["Col.", "Sgt.", "Capt.", "St.", "vs."],
)
def test_no_break_after_english_titles(abbreviation: str) -> None:
    text = f"Then {abbreviation} Smith came."
    assert _sentences(text + " Next.") == [text, "Next."]


@pytest.mark.parametrize(
    "text", ["See Vol. 2 here.", "It was approx. 5 miles.", "Then No. 10 won."]
)
def test_no_break_after_number_abbreviations_before_a_digit(text: str) -> None:
    assert _sentences(text + " Next.") == [text, "Next."]


def test_final_abbreviations_end_a_sentence_only_before_a_capitalised_word() -> None:
    assert _sentences("They closed the deal with Pitt, Briggs & Co. It closed yesterday.") == [
        "They closed the deal with Pitt, Briggs & Co.",
        "It closed yesterday.",
    ]
    assert _sentences("He met John Smith Jr. (pictured) yesterday. Next.") == [
        "He met John Smith Jr. (pictured) yesterday.",
        "Next.",
    ]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("es", "El Gral. Ortiz llegó."),
        ("de", "Die Firma hat 5 Mio. Euro verloren."),
        ("fr", "Le Pr. Martin et Mgr. Dubois sont là."),
        ("fr", "Selon l'art. 3 du Code, non."),
        ("pt", "Ele mora na Av. Paulista."),
        ("ru", "Ген. Петров отдал приказ."),
        ("ru", "Музей им. Пушкина открыт."),
    ],
)
def test_per_language_abbreviations_the_engine_misses(lang: str, text: str) -> None:
    assert _sentences(text + " Fin.", lang) == [text, "Fin."]


def test_german_ordinals_do_not_end_sentences_but_years_do() -> None:
    assert _sentences("Der 2. Weltkrieg endete 1945. Danach kam der 19. Aufbau.", "de") == [
        "Der 2. Weltkrieg endete 1945.",
        "Danach kam der 19. Aufbau.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "(CNN) — The weather in Bakhmut deceives the senses.",
        "KYIV, Ukraine (Reuters) - Russian forces attacked.",
        "ST. PETERSBURG, Russia (CNN) — The city is cold.",
        "WASHINGTON, D.C. (CNN) — The storm hit.",
        "FT. LAUDERDALE, Fla. (AP) — The city is hot.",
        "U.S. (CNN Business) — Shares fell.",
    ],
)
def test_datelines_are_not_split_off(text: str) -> None:
    assert _sentences(text + " More later.") == [text, "More later."]


@pytest.mark.parametrize(
    "text",
    [
        "She has $100.00 in her bag.",
        "Version 1.2.3 was released on 10.30 at 9:30.",
        "The site is https://www.example.50.com/new-site/a.html today.",
        "Mail Jane.Doe@example.com now.",
        "It was a lot... well, many.",
    ],
)
def test_decimals_versions_times_urls_emails_and_ellipses_do_not_break(text: str) -> None:
    assert _sentences(text + " Next one.") == [text, "Next one."]


def test_a_quotation_of_several_sentences_is_one_segment() -> None:
    text = "“They are scum. There are some very well-trained fighters,” he said."
    assert _sentences(text + " Next.") == [text, "Next."]


def test_each_veto_is_in_the_ordered_table_with_a_docstring() -> None:
    assert [v.__name__ for v in sentence_rules.VETOES] == [
        "continues_sentence",
        "after_initial",
        "after_abbreviation",
        "meridiem_time_zone",
        "lone_list_marker",
        "ordinal_number",
        "before_wire_credit",
    ]
    assert all(v.__doc__ for v in sentence_rules.VETOES)


# ------------------------------------------------------------------ languages and speed


@pytest.mark.parametrize(
    ("locale", "code"),
    [
        ("pt_BR", "pt"),
        ("pt-BR", "pt"),
        ("de_DE.UTF-8", "de"),
        ("sr@latin", "en"),
        ("ZH_Hant_TW", "en"),
        ("uk", "uk"),
        ("gl", "pt"),
        ("cs_CZ", "sk"),
        ("", "en"),
        ("tlh", "en"),
    ],
)
def test_supported_language_maps_locales_to_segmenter_codes(locale: str, code: str) -> None:
    assert supported_language(locale) == code


def test_segmentation_time_is_linear_in_the_block_length() -> None:
    sentence = "Mr. Smith met E. Macron at 9 p.m. ET in **St. Louis**. He said “no. Never.” "
    small, large = sentence * 200, sentence * 3200

    def seconds(text: str) -> float:
        start = time.process_time()
        sentence_spans(
            text, "en", hidden=[(m.start(), m.end(), "") for m in re.finditer(r"\*\*", text)]
        )
        return time.process_time() - start

    seconds(small)
    ratio = min(seconds(large) for _ in range(2)) / max(min(seconds(small) for _ in range(3)), 1e-4)
    assert ratio < 16 * 4, ratio  # 16 times the text; quadratic code would be ~256 times slower


# --------------------------------------------------------------------------------------------
# `l10n segment`: the messages `extract` writes, with the gaps between them
# --------------------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent

SETTINGS = """source_language = "en"
locales = ["pt_BR"]

[segment]
mode = "paragraph"

[markdown]
front_matter_keys = ["headline", "seo.title"]

[text]
line_breaks = "hard"
"""

FRONT_MATTER_ARTICLE = """---
title: Not translated here. Only headline is.
headline: The city holds. Fighters say so.
seo:
  title: Bakhmut holds
---

# The fight

First sentence. Second sentence
goes on here.
"""

LINES_ARTICLE = "A poem line.\nAnother line. With two sentences.\nThird line\n\nNew paragraph.\n"


def _cli(*args: str) -> tuple[int, str, str]:
    from click.testing import CliRunner

    from l10n.cli import main

    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _segment_rows(*args: str) -> list[dict[str, Any]]:
    code, out, err = _cli("segment", "--json", *args)
    assert code == 0, err
    rows: list[dict[str, Any]] = json.loads(out)
    return rows


def _messages(rows: list[dict[str, Any]]) -> list[str]:
    return [r["text"] for r in rows if r["type"] == "message"]


def _configured_project(tmp_path: Path) -> Path:
    import shutil

    shutil.copytree(ROOT / "source", tmp_path / "source")
    (tmp_path / "source/front.md").write_text(FRONT_MATTER_ARTICLE, encoding="utf-8")
    (tmp_path / "source/lines.txt").write_text(LINES_ARTICLE, encoding="utf-8")
    (tmp_path / "l10n.toml").write_text(SETTINGS, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    "article", ["front.md", "lines.txt", "bakhmut-wagner.txt", "markdown/bakhmut-wagner.md"]
)
def test_segment_shows_the_messages_extract_writes_with_the_project_settings(
    tmp_path: Path, article: str
) -> None:
    from l10n.po import load_po

    project = _configured_project(tmp_path)
    code, _, err = _cli("-C", str(project), "extract")
    assert code == 0, err
    stem = article.rsplit(".", 1)[0]
    pot = [e.msgid for e in load_po(project / f"locales/templates/{stem}.pot")]
    shown = _messages(_segment_rows(str(project / "source" / article)))
    assert list(dict.fromkeys(shown)) == pot  # the template shares repeated sentences


def test_segment_follows_front_matter_keys_line_breaks_and_mode(tmp_path: Path) -> None:
    project = _configured_project(tmp_path)
    assert _messages(_segment_rows(str(project / "source/front.md"))) == [
        "The city holds. Fighters say so.",
        "Bakhmut holds",
        "The fight",
        "First sentence. Second sentence goes on here.",
    ]
    assert _messages(_segment_rows(str(project / "source/lines.txt"))) == [
        "A poem line.",
        "Another line. With two sentences.",
        "Third line",
        "New paragraph.",
    ]


def test_segment_flags_override_the_configuration(tmp_path: Path) -> None:
    project = _configured_project(tmp_path)
    rows = _segment_rows(str(project / "source/lines.txt"), "--sentence")
    assert _messages(rows)[1:3] == ["Another line.", "With two sentences."]


def test_segment_shows_the_gaps_between_messages(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("# Title\n\nOne. Two.\n\n```\ncode\n```\n", encoding="utf-8")
    rows = _segment_rows(str(path))
    assert [(r["type"], r["text"]) for r in rows] == [
        ("gap", "# "),
        ("message", "Title"),
        ("gap", "\n\n"),
        ("message", "One."),
        ("gap", " "),
        ("message", "Two."),
        ("gap", "\n\n```\ncode\n```\n"),
    ]
    code, out, _ = _cli("segment", str(path))
    assert code == 0
    assert '  ~ "\\n\\n```\\ncode\\n```\\n"' in out.splitlines()


def test_segment_outside_a_project_uses_the_defaults_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: A title.\nheadline: Not by default.\n---\n\nText.\n", encoding="utf-8")
    code, out, err = _cli("segment", "--json", str(path))
    assert code == 0
    assert _messages(json.loads(out)) == ["A title.", "Text."]
    assert err.count("\n") == 1 and "using the default settings" in err


def test_segment_reports_a_broken_configuration_instead_of_ignoring_it(tmp_path: Path) -> None:
    (tmp_path / "l10n.toml").write_text('locales = ["pt_BR"]\n[segment]\nmode = "word"\n', encoding="utf-8")
    path = tmp_path / "a.txt"
    path.write_text("Text.\n", encoding="utf-8")
    code, _, err = _cli("segment", str(path))
    assert code == 2
    assert "'segment.mode'" in err and "Traceback" not in err


_BREAK_WORD = st.sampled_from(
    ["a.m.", "P.M.", "p.m", "Mr.", "ST.", "No.", "Inc.", "E.", "I.", "3.", "19.", "end.", "why?",
     "“so.”", "(CNN)", "1.", "iv.", "b)", "", "x"]
)


@st.composite
def _breaks(draw: st.DrawFn) -> sentence_rules.Break:
    left = draw(_BREAK_WORD)
    right = draw(st.sampled_from(["The", "ET", "(CNN)", "5", ",", "and", "xxx", "Friday.", "—¿qué?"]))
    after = right + draw(st.sampled_from(["", " — The", " rest", " (Reuters) - x"]))
    head = draw(st.sampled_from(["", "#### ", "• ", "The cat sat on ", "(", "⁃", "xiv", "_", "9"])) + left
    word = left.lstrip(sentence_rules.OPENERS)
    lang = draw(st.sampled_from(["en", "de", "fr", "ru", "es"]))
    return sentence_rules.Break(word, left, right, after, draw(st.booleans()), lang, head)


@settings(max_examples=400, deadline=None)
@given(_breaks())
def test_vetoes_with_early_exits_judge_as_their_general_rules(b: sentence_rules.Break) -> None:
    # The length and slice tests in front of the regexes and lower() never change a verdict.
    left = b.left.lower() in sentence_rules.MERIDIEMS
    right = b.right.strip("()[],;:!?")
    meridiem = left and (
        right in sentence_rules.MERIDIEM_FOLLOWERS
        or right.rstrip(".") in sentence_rules.MERIDIEM_FOLLOWERS
    )
    assert sentence_rules.meridiem_time_zone(b) == meridiem
    assert sentence_rules.lone_list_marker(b) == (
        sentence_rules._LONE_MARKER.fullmatch(b.head) is not None
    )
    assert sentence_rules.before_wire_credit(b) == (
        sentence_rules._DATELINE_CREDIT.match(b.after) is not None
    )
    assert sentence_rules.is_vetoed(b) == any(veto(b) for veto in sentence_rules.VETOES)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["a", " ", ".", "Mr.", "x" * 70, " " * 65]), max_size=12).map("".join),
       st.data())
def test_the_words_around_a_break_are_bounded_by_the_lookahead(shadow: str, data: st.DataObject) -> None:
    end = data.draw(st.integers(0, len(shadow)))
    begin = data.draw(st.integers(0, end))
    b = sentence_rules.break_at(shadow, begin, end, end, "en", False)
    reach = sentence_rules.LOOKAHEAD
    left_from = max(shadow.rfind(" ", max(0, end - reach), end) + 1, end - reach)
    assert b.left == shadow[left_from:end]
    assert b.head == shadow[max(begin, end - reach) : end].lstrip(" ")


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from([*"iIvVxXlLcC1230aZ_.)(# •⁃é", "xviii", "lxxviii"]), max_size=12).map("".join))
@example("xxviii.)")  # the longest marker
def test_lone_list_markers_are_judged_as_the_regex_judges_them(head: str) -> None:
    # The length test in front of the regex (a head opening with a word character) never
    # changes a verdict, whatever the head.
    b = sentence_rules.Break("", "", "x", "x", False, "en", head)
    assert sentence_rules.lone_list_marker(b) == (
        sentence_rules._LONE_MARKER.fullmatch(head) is not None
    )


@settings(max_examples=300, deadline=None)
@given(_blocks())
def test_a_break_is_mapped_back_as_the_three_offset_lookups_map_it(
    block: tuple[str, list[tuple[int, int, str]], list[tuple[int, int]]],
) -> None:
    text, hidden, _ = block
    shadow_text = segment._shadow_text(text, hidden)
    shadow = segment._Shadow.build(text, hidden, shadow_text)
    for end in range(1, len(shadow_text) + 1):
        for start in range(end, len(shadow_text)):
            assert shadow.break_in_original(end, start) == (
                shadow.end_in_original(end),
                shadow.start_in_original(start),
                shadow.is_stand_in(start),
            )
