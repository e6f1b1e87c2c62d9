"""HTML round trips on real pages, on html5lib's tokenizer tests, and on generated HTML.

Identity: every message kept gives the page back byte for byte. Translated: the pseudo engine's
text, or every word changed (with ``&``, ``<``, ``>`` and quotes written into the text), gives a
page that html5lib (not the product's parser) reads to the same element tree and attributes, or
the translation was refused by ``build`` (and is then an error of ``check``: the same table).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from l10n.document.assemble import assemble
from l10n.document.formats import FormatOptions, parse_document
from l10n.document.units import segment_document
from tests.html_oracle import element_tree, pseudo, translate_words

DATA = Path(__file__).resolve().parent / "data"
PAGES = sorted(p for p in (DATA / "html").iterdir() if p.suffix in (".html", ".htm"))
TOKENIZER = json.loads((DATA / "html5lib-tests/tokenizer-inputs.json").read_text(encoding="utf-8"))
INPUTS = sorted({text for inputs in TOKENIZER.values() for text in inputs})


def identity(page: str) -> bool:
    sdoc = segment_document(parse_document(page, "p.html", FormatOptions()), "en")
    return assemble(sdoc, lambda m: m).text == page


def same_tree(page: str) -> bool:
    """Both transforms give a page with the source's tree."""
    sdoc = segment_document(parse_document(page, "p.html", FormatOptions()), "en")
    want = element_tree(page)
    return all(element_tree(assemble(sdoc, transform, "fr").text) == want
               for transform in (pseudo, translate_words))


def test_fixture_set_is_what_provenance_says() -> None:
    rows = [line.split("\t") for line in (DATA / "html/PROVENANCE.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    assert 20 <= len(rows) <= 40 and sorted(r[0] for r in rows) == [p.name for p in PAGES]
    for name, _, _, _, licence, sha in rows:
        assert licence and hashlib.sha256((DATA / "html" / name).read_bytes()).hexdigest() == sha
    assert sum(p.stat().st_size for p in PAGES) < 1_000_000


@pytest.mark.parametrize("path", PAGES, ids=[p.name for p in PAGES])
def test_real_pages_round_trip_and_keep_their_tree_when_translated(path: Path) -> None:
    page = path.read_text(encoding="utf-8")
    sdoc = segment_document(parse_document(page, path.name, FormatOptions()), "en")
    assert sdoc.segments
    assert assemble(sdoc, lambda m: m).text == page
    want = element_tree(page)
    for transform in (pseudo, translate_words):
        result = assemble(sdoc, transform, "fr")
        assert result.warnings == () and result.translated == len(sdoc.segments)
        assert element_tree(result.text) == want


def test_html5lib_tokenizer_inputs_round_trip() -> None:
    assert len(INPUTS) > 5000
    failed = [text for text in INPUTS if not identity(text)]
    assert failed == []


def test_html5lib_tokenizer_inputs_keep_their_tree_when_translated() -> None:
    failed = [text for text in INPUTS if not same_tree(text)]
    assert failed == []


_NAMES = st.sampled_from(["p", "div", "span", "a", "em", "b", "li", "ul", "td", "tr", "table",
                          "h2", "code", "pre", "script", "br", "img", "section", "i", "q"])
_ATTRIBUTES = st.sampled_from(['', ' href="/x?a=1&amp;b=2"', " class=notranslate", ' title="A title"',
                               " alt='An image'", ' translate="no"', " lang=en", " data-x=1"])
_TEXTS = st.sampled_from(["Hello world.", " The end. Next one! ", "a & b", "x < y > z", "&amp;",
                          "&nbsp;", "&eacute;t&eacute;", "&#8217;", "&#x27;", "\n  ", "Über",
                          "&notanentity;", "&amp", "Tom's \"quote\"", "<", "<!-- c -->", "1. 2.",
                          "</", "<br/>", "&lt;b&gt;"])
_PIECES = st.one_of(
    _TEXTS,
    st.builds(lambda n, a: f"<{n}{a}>", _NAMES, _ATTRIBUTES),
    st.builds(lambda n: f"</{n}>", _NAMES),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=30))
@example(["<p>", "<a>", "</p>", "<a>", "Hello world."])  # text before the second <a>: a third a
@example(["<p>", "<b>", "</p>", "Hello world.", "</b>"])
def test_generated_html_round_trips_and_keeps_its_tree(pieces: list[str]) -> None:
    page = "".join(pieces)
    assert identity(page)
    assert same_tree(page)
