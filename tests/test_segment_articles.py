"""Sentences on real articles: emphasis around whole sentences, parenthesised sentences, numbered
headings and inline lists, white space before a line break, times of day, and the golden rules
through ``l10n segment --json``.

Each case is a paragraph shape found in real articles (issue 8). The oracle for "no emphasis is
broken across two messages" is pyromark itself: every message, parsed alone, has no unpaired
delimiter, and the built article has the source's element structure.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.document.assemble import assemble
from l10n.document.formats import FormatOptions, parse_document
from l10n.document.inline import parse_inline
from l10n.document.segment import Wrapper, sentence_spans
from l10n.document.structure import block_structure
from l10n.document.units import segment_document

DATA = Path(__file__).parent / "data" / "segment"


def _messages(source: str, path: str = "a.md") -> list[str]:
    sdoc = segment_document(parse_document(source, path, FormatOptions()), "en")
    return [seg.msgid for seg in sdoc.segments]


def _built(source: str, translate: Any) -> str:
    sdoc = segment_document(parse_document(source, "a.md", FormatOptions()), "en")
    result = assemble(sdoc, translate)
    assert not result.warnings
    return result.text


def _cli_messages(tmp_path: Path, text: str, name: str = "case.txt", lang: str = "en") -> list[str]:
    from click.testing import CliRunner

    from l10n.cli import main

    article = tmp_path / name
    article.write_text(text + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["segment", "--json", "--lang", lang, str(article)])
    assert result.exit_code == 0, result.stderr
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return [row["text"] for row in rows if row["type"] == "message"]


# ------------------------------------------------------------------ emphasis around sentences


def test_a_bold_question_of_two_sentences_is_two_messages_with_the_delimiters_between() -> None:
    source = "**Q: Why now? What changed?**\n\nA: Because.\n"
    assert _messages(source) == ["Q: Why now?", "What changed?", "A: Because."]


def test_the_build_writes_each_sentence_back_between_the_source_delimiters() -> None:
    source = "**Q: Why now? What changed?** A: Because. We had to.\n"
    built = _built(source, lambda msgid: f"«{msgid}»")
    assert built == "**«Q: Why now?» «What changed?»** «A: Because.» «We had to.»\n"
    assert block_structure(built) == block_structure(source)


def test_an_italic_note_of_two_sentences_is_opened_and_a_wrapped_line_keeps_its_break() -> None:
    source = "*Note: This article was updated. An earlier version\nsaid otherwise.*\n"
    assert _messages(source) == [
        "Note: This article was updated.",
        "An earlier version said otherwise.",
    ]
    assert _built(source, lambda m: None) == source


def test_emphasis_directly_around_strong_is_opened_as_one_wrapper() -> None:
    assert _messages("***Q: Why? What?*** He asked.\n") == ["Q: Why?", "What?", "He asked."]


def test_a_wrapper_around_one_sentence_keeps_its_delimiters_in_the_message() -> None:
    # Unchanged since earlier releases: these msgids are the identity of existing entries.
    assert _messages("**Q: Why now?** A: Because.\n") == ["**Q: Why now?**", "A: Because."]
    assert _messages("_Updated._ More text here.\n") == ["_Updated._", "More text here."]


def test_a_wrapper_that_starts_inside_a_sentence_stays_whole() -> None:
    assert _messages("Read **the report. It is long.** Then go.\n") == [
        "Read **the report. It is long.**",
        "Then go.",
    ]


def test_a_link_around_two_sentences_is_never_opened() -> None:
    source = "[Read this. And that.](https://example.com/) Then go.\n"
    assert _messages(source) == ["[Read this. And that.](https://example.com/)", "Then go."]


def test_an_inner_emphasis_across_a_break_stays_whole_inside_an_opened_wrapper() -> None:
    assert _messages("**Why? It *was. Really* so. Ok.**\n") == ["Why?", "It *was. Really* so.", "Ok."]


_SENTENCES = st.sampled_from(["Why now?", "It was.", "A b c.", "Q: Yes!", "See `x.y`.", "Go."])


@st.composite
def _wrapped_paragraphs(draw: st.DrawFn) -> str:
    words = draw(st.lists(_SENTENCES, min_size=1, max_size=6))
    for _ in range(draw(st.integers(0, 3))):
        i = draw(st.integers(0, len(words) - 1))
        j = draw(st.integers(i, len(words) - 1))
        mark = draw(st.sampled_from(["**", "*", "_", "~~"]))
        if draw(st.booleans()) and " " in words[i]:
            head, tail = words[i].split(" ", 1)  # a wrapper that opens inside a sentence
            words[i] = f"{head} {mark}{tail}"
        else:
            words[i] = mark + words[i]
        words[j] = words[j] + mark
    return " ".join(words) + "\n"


@settings(max_examples=300, deadline=None)
@given(_wrapped_paragraphs())
def test_no_message_holds_an_unpaired_delimiter_and_the_build_keeps_the_structure(
    source: str,
) -> None:
    blocks = parse_document(source, "a.md", FormatOptions()).blocks
    if len(blocks) != 1 or parse_inline(blocks[0].text).stray_delimiters():
        return  # a code fence ("~~~~"), or literal delimiters: nothing to keep paired
    for msgid in _messages(source):
        assert not parse_inline(msgid).stray_delimiters(), (source, msgid)
    built = _built(source, lambda msgid: msgid.replace("e", "é"))
    assert block_structure(built) == block_structure(source)
    assert parse_inline(built.strip()).markup == parse_inline(source.strip()).markup


_PIECES = st.sampled_from(["Why now?", "It was.", "a b.", "Mr.", "Q: Yes!", "x", "一。", "Ok."])
_SEPARATORS = st.sampled_from([" ", " ", "  ", "\n", " \n", ""])


@st.composite
def _wrapped_texts(draw: st.DrawFn) -> tuple[str, list[Wrapper], list[tuple[int, int, str]]]:
    """Sentence pieces with properly nested ``*`` wrappers around runs of them (and the hidden
    ranges of the delimiters)."""
    pieces = draw(st.lists(_PIECES, min_size=1, max_size=6))
    separators = [draw(_SEPARATORS) for _ in pieces]
    opens: dict[int, int] = {}
    closes: dict[int, int] = {}
    for _ in range(draw(st.integers(0, 3))):
        i = draw(st.integers(0, len(pieces) - 1))
        j = draw(st.integers(i, len(pieces) - 1))
        opens[i] = opens.get(i, 0) + 1
        closes[j] = closes.get(j, 0) + 1
    text = ""
    stack: list[int] = []
    wrappers: list[Wrapper] = []
    hidden: list[tuple[int, int, str]] = []
    for k, piece in enumerate(pieces):
        for _ in range(opens.get(k, 0)):
            stack.append(len(text))
            hidden.append((len(text), len(text) + 1, ""))
            text += "*"
        text += piece
        for _ in range(closes.get(k, 0)):
            start = stack.pop()
            hidden.append((len(text), len(text) + 1, ""))
            wrappers.append(Wrapper(start, start + 1, len(text), len(text) + 1))
            text += "*"
        text += separators[k]
    return text, wrappers, sorted(hidden)


@settings(max_examples=300, deadline=None)
@given(_wrapped_texts(), st.sampled_from(["en", "ja", "de"]))
def test_a_wrapper_is_either_inside_one_sentence_or_opened_with_both_delimiters_outside(
    case: tuple[str, list[Wrapper], list[tuple[int, int, str]]], lang: str
) -> None:
    text, wrappers, hidden = case
    spans = sentence_spans(text, lang, hidden=hidden, wrappers=wrappers)

    def span_of(offset: int) -> int | None:
        return next((n for n, (a, b) in enumerate(spans) if a <= offset < b), None)

    opened: set[int] = set()
    for w in wrappers:
        left, right = span_of(w.start), span_of(w.end - 1)
        assert (left is None) == (right is None), (text, w, spans)
        if left is None:
            opened |= {w.start, w.end - 1}
        else:
            assert left == right, (text, w, spans)
    covered = [span_of(i) for i in range(len(text))]
    for i, ch in enumerate(text):
        if not ch.isspace() and i not in opened:
            assert covered[i] is not None, (text, i, spans)
    for a, b in spans:
        assert a < b and not text[a].isspace() and not text[b - 1].isspace()


def test_sentence_spans_leave_out_only_the_delimiters_of_an_opened_wrapper() -> None:
    text = "Intro here. **Q: Why now? What changed?** Done."
    wrapper = Wrapper(12, 14, 39, 41)
    hidden = [(12, 14, ""), (39, 41, "")]
    spans = sentence_spans(text, "en", hidden=hidden, wrappers=[wrapper])
    assert [text[a:b] for a, b in spans] == ["Intro here.", "Q: Why now?", "What changed?", "Done."]


def test_a_malformed_wrapper_is_rejected_with_the_valid_bounds() -> None:
    with pytest.raises(ValueError, match="within 0..5"):
        sentence_spans("Hello", "en", wrappers=[Wrapper(0, 2, 1, 9)])


# ------------------------------------------------------------------ other shapes of articles


def test_a_trailing_space_before_a_line_break_still_separates_two_sentences() -> None:
    source = "First sentence. \nSecond sentence here.\n"
    assert _messages(source) == ["First sentence.", "Second sentence here."]
    assert _built(source, lambda m: None) == source


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("#### 1. Definitions\n", ["1. Definitions"]),
        ("## IV. Results\n", ["IV. Results"]),
        ("## 2. Scope. Who is covered\n", ["2. Scope.", "Who is covered"]),
        ("### b) Limits\n", ["b) Limits"]),
    ],
)
def test_a_numbered_heading_is_not_split_after_its_number(source: str, expected: list[str]) -> None:
    assert _messages(source) == expected


def test_a_numbered_plain_text_heading_is_not_split_after_its_number(tmp_path: Path) -> None:
    assert _cli_messages(tmp_path, "#### 1. Definitions") == ["#### 1. Definitions"]


@pytest.mark.parametrize(
    "text",
    [
        "Polls close at 5 p.m. Eastern time on Monday.",
        "It starts at 8 p.m. Friday in the main hall.",
        "Doors open at 7 p.m. Pacific.",
        "The vote is at 10 a.m. Jan. 5 in the Senate.",
    ],
)
def test_no_break_after_a_meridiem_before_a_time_zone_name_a_day_or_a_month(text: str) -> None:
    assert _messages(text + " Next one.\n") == [text, "Next one."]


def test_a_meridiem_before_another_capitalised_word_still_ends_a_sentence() -> None:
    assert _messages("They met at 10 a.m. The talks failed.\n") == [
        "They met at 10 a.m.",
        "The talks failed.",
    ]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("(See below.) The end.\n", ["(See below.)", "The end."]),
        (
            "(This is a note. It has two sentences.) And then more.\n",
            ["(This is a note. It has two sentences.)", "And then more."],
        ),
        ("He left. (He was 80!) His son stayed.\n", ["He left.", "(He was 80!)", "His son stayed."]),
        ("(See [the map](https://x.test/m).) Then go.\n", ["(See [the map](https://x.test/m).)", "Then go."]),
    ],
)
def test_a_sentence_that_ends_inside_parentheses_ends_there(source: str, expected: list[str]) -> None:
    assert _messages(source) == expected


def test_a_parenthesis_before_a_lower_case_word_continues_the_sentence() -> None:
    text = "He teaches science (He previously worked for 5 years as an engineer.) at the school."
    assert _messages(text + "\n") == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1) The first item 2) The second item", ["1) The first item", "2) The second item"]),
        ("1. The first item 2. The second item", ["1. The first item", "2. The second item"]),
        ("a. one thing b. another c. a third", ["a. one thing", "b. another", "c. a third"]),
        # one list item (its marker is the layout's), not a list written on one line
        ("1. He won 3 games in 2 days.", ["He won 3 games in 2 days."]),
        ("He won 1) here 2) there.", ["He won 1) here 2) there."]),
    ],
)
def test_a_list_written_inside_a_paragraph_is_cut_before_each_following_marker(
    tmp_path: Path, text: str, expected: list[str]
) -> None:
    assert _cli_messages(tmp_path, text) == expected


# ------------------------------------------------------------------ golden rules through the CLI


def test_golden_rules_through_l10n_segment_score_at_least_97_percent(tmp_path: Path) -> None:
    data = json.loads((DATA / "golden_en.json").read_text(encoding="utf-8"))
    failures = [
        case["rule"]
        for case in data["cases"]
        if _cli_messages(tmp_path, case["text"]) != case["expected"]
    ]
    # Measured 47/48 (97.9 %, as pySBD 0.3.4) by benchmarks/segmentation.py; 42/48 before.
    assert (48 - len(failures)) / 48 >= 0.97, failures
    assert set(failures) <= {int(rule) for rule in data["known_failures"]}
