"""Byte-faithful round trips: source -> segments -> assembled article."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n.document.assemble import assemble
from l10n.document.formats import FormatOptions, parse_document
from l10n.document.structure import block_structure
from l10n.document.units import segment_document

ROOT = Path(__file__).resolve().parent.parent
SPEC = json.loads((ROOT / "tests/data/commonmark/spec-0.31.2.json").read_text(encoding="utf-8"))
NO_FM = FormatOptions(front_matter=False)

def lengthen(msgid: str) -> str:
    """A stand-in translation ~50 % longer that keeps markup: every third word doubled."""
    words = re.split(r"( +)", msgid)
    out = []
    count = 0
    for w in words:
        out.append(w)
        if w.strip() and re.fullmatch(r"[A-Za-z]{3,}", w):
            count += 1
            if count % 2:
                out.append(" " + w.lower() + "o")
    return "".join(out)


def round_trips(text: str, path: str, options: FormatOptions = FormatOptions(), mode: str = "sentence") -> None:
    doc = parse_document(text, path, options)
    sdoc = segment_document(doc, "en", mode)  # type: ignore[arg-type]
    assert assemble(sdoc, lambda m: m).text == text
    assert assemble(sdoc, lambda m: None).text == text


@pytest.mark.parametrize("name", ["bakhmut-wagner.txt", "markdown/bakhmut-wagner.md"])
def test_samples_round_trip_byte_for_byte(name: str) -> None:
    data = (ROOT / "source" / name).read_bytes()
    round_trips(data.decode("utf-8"), name)
    round_trips(data.decode("utf-8"), name, mode="paragraph")


def test_text_sample_keeps_leading_space_and_missing_final_newline() -> None:
    text = (ROOT / "source/bakhmut-wagner.txt").read_text(encoding="utf-8")
    assert text.startswith(" ") and not text.endswith("\n")
    sdoc = segment_document(parse_document(text, "a.txt", FormatOptions()), "en")
    out = assemble(sdoc, lambda m: "X" + m).text
    assert out.startswith(" X") and not out.endswith("\n")


def test_commonmark_examples_round_trip_byte_for_byte() -> None:
    failures = []
    for example in SPEC:
        md = example["markdown"]
        doc = parse_document(md, "x.md", NO_FM)
        sdoc = segment_document(doc, "en")
        if assemble(sdoc, lambda m: m).text != md or assemble(sdoc, lambda m: None).text != md:
            failures.append(example["example"])
    assert failures == [], f"{len(failures)} of {len(SPEC)} CommonMark examples changed"


def test_commonmark_translation_never_changes_block_structure() -> None:
    failures = []
    for example in SPEC:
        md = example["markdown"]
        sdoc = segment_document(parse_document(md, "x.md", NO_FM), "en")
        out = assemble(sdoc, lengthen).text
        if block_structure(out) != block_structure(md):
            failures.append(example["example"])
    assert failures == []


# ------------------------------------------------------------ generated documents

_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEZ", min_size=1, max_size=9)
_punct = st.sampled_from([".", ",", "!", "?", ";", ":", "…", "—", "'", '"', "“", "”"])
_inline = st.one_of(
    _word,
    _word.map(lambda w: f"*{w}*"),
    _word.map(lambda w: f"**{w} {w}**"),
    _word.map(lambda w: f"`{w}`"),
    st.tuples(_word, _word).map(lambda p: f"[{p[0]}](https://e.x/{p[1]})"),
    _word.map(lambda w: f"![{w}](i.png)"),
    _word.map(lambda w: f"<b>{w}</b>"),
    st.tuples(_word, _punct).map(lambda p: p[0] + p[1]),
    st.sampled_from(["Mr.", "3.5", "9 p.m.", "U.S.", "e.g.", "A.", "é", "ß", "日本"]),
)


@st.composite
def _sentence(draw: st.DrawFn) -> str:
    words = draw(st.lists(_inline, min_size=1, max_size=12))
    end = draw(st.sampled_from([".", "!", "?", "", "…", '."']))
    return " ".join(words) + end


@st.composite
def _paragraph(draw: st.DrawFn) -> str:
    text = " ".join(draw(st.lists(_sentence(), min_size=1, max_size=4)))
    if draw(st.booleans()):
        # hard-wrap it
        width = draw(st.integers(20, 60))
        lines: list[str] = []
        line = ""
        for w in text.split(" "):
            if line and len(line) + 1 + len(w) > width:
                lines.append(line)
                line = w
            else:
                line = f"{line} {w}" if line else w
        lines.append(line)
        text = "\n".join(lines)
    return text


@st.composite
def _md_block(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["p", "h", "ul", "ol", "quote", "code", "table", "html", "hr", "setext"]))
    para = draw(_paragraph())
    if kind == "p":
        return para
    if kind == "h":
        return "#" * draw(st.integers(1, 6)) + " " + para.replace("\n", " ")
    if kind == "setext":
        return para + "\n" + draw(st.sampled_from(["===", "---"]))
    if kind in ("ul", "ol"):
        items = draw(st.lists(_paragraph(), min_size=1, max_size=3))
        marker = draw(st.sampled_from(["-", "*", "+"])) if kind == "ul" else "1."
        pad = " " * (len(marker) + 1)
        return "\n".join(marker + " " + it.replace("\n", "\n" + pad) for it in items)
    if kind == "quote":
        return "\n".join("> " + line for line in para.split("\n"))
    if kind == "code":
        return "```\n" + para + "\n```"
    if kind == "table":
        cells = draw(st.lists(_sentence(), min_size=2, max_size=2))
        return f"| a | b |\n|---|:-:|\n| {cells[0].replace('|', '/')} | {cells[1].replace('|', '/')} |"
    if kind == "html":
        return "<div>\n" + para + "\n</div>"
    return "---"


@st.composite
def markdown_documents(draw: st.DrawFn) -> str:
    blocks = draw(st.lists(_md_block(), min_size=1, max_size=6))
    sep = draw(st.sampled_from(["\n\n", "\n\n\n"]))
    text = sep.join(blocks)
    if draw(st.booleans()):
        title = draw(_sentence()).replace('"', "'")
        text = f'---\ntitle: "{title}"\ndate: 2022-10-20\n---\n\n' + text
    text += draw(st.sampled_from(["", "\n", "\n\n", "  \n"]))
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    return text


@st.composite
def text_documents(draw: st.DrawFn) -> str:
    paras = draw(st.lists(_paragraph(), min_size=1, max_size=6))
    out = ""
    for p in paras:
        out += draw(st.sampled_from(["", " ", "\t"])) + p + draw(st.sampled_from(["", " "]))
        out += draw(st.sampled_from(["\n\n", "\n \n", "\n\n\n"]))
    out = out.rstrip("\n") + draw(st.sampled_from(["", "\n"]))
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown_documents())
def test_generated_markdown_round_trips_and_keeps_structure(text: str) -> None:
    round_trips(text, "gen.md")
    sdoc = segment_document(parse_document(text, "gen.md", FormatOptions()), "en")
    out = assemble(sdoc, lengthen).text
    assert block_structure(out) == block_structure(text)


@settings(max_examples=150, deadline=None)
@given(text_documents())
def test_generated_text_round_trips(text: str) -> None:
    round_trips(text, "gen.txt")
    sdoc = segment_document(parse_document(text, "gen.txt", FormatOptions()), "en")
    out = assemble(sdoc, lengthen).text
    # Blank-line structure survives: the same number of blocks.
    assert len(re.split(r"\n[ \t]*\n", out.strip())) == len(re.split(r"\n[ \t]*\n", text.strip()))


_HOSTILE = ["\n", "- ", "# ", "1. ", "> ", "|", "===", "---", "    ", "\n\n", "\\", "~~~", "+", "```", "  \n"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown_documents(), st.randoms(use_true_random=False))
def test_hostile_translations_never_change_block_structure(text: str, rng: random.Random) -> None:
    """Translators (and engines) may type anything: the article's blocks must stay the same."""

    def hostile(msgid: str) -> str:
        words = msgid.split(" ")
        for _ in range(rng.randint(1, 3)):
            words.insert(rng.randrange(len(words) + 1), rng.choice(_HOSTILE))
        return " ".join(words)

    sdoc = segment_document(parse_document(text, "gen.md", FormatOptions()), "en")
    out = assemble(sdoc, hostile).text
    assert block_structure(out) == block_structure(text)
