"""An independent judge of a built article: does it keep the structure of its source?

It shares no code with the product (no ``l10n`` import, no pyromark): Markdown is read with
markdown-it-py (CommonMark, tables, strikethrough) and the mdit-py-plugins that real sites rely on
(definition lists, attribute lists, footnotes, front matter); front matter with PyYAML or
``tomllib``; template tags and plain-text layout with its own small patterns. A built article is
*valid* when, compared with its source:

- the front matter parses, with the same keys, the same shape and the same non-text values;
- the block structure (every block token: kind, tag, nesting, attributes, list tightness) is the
  same;
- link, image and footnote destinations, code spans, inline HTML, fenced and indented code and
  HTML blocks are the same (as multisets: a translation may reorder links within a block);
- template tags (``{% %}``, ``{{ }}``, ``{{< >}}``, ``{{% %}}``) are the same;
- plain text keeps its blocks, its underlined headings (underline as long as the title when the
  source's was) and the indentation of every line of an indented block.

``python tests/validate.py SOURCE BUILT`` prints the problems and exits 1 if there are any.
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

Kind = Literal["markdown", "text"]

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mdx")
"""File suffixes read as Markdown; everything else is plain text."""


@dataclass(frozen=True)
class Problem:
    """One way a built article differs in structure from its source."""

    aspect: str
    """What differs: ``front matter``, ``blocks``, ``links``, ``code``, ``html``, ``tags``,
    ``lines``."""
    detail: str
    """A short, human-readable description with the first differing item."""

    def __str__(self) -> str:
        return f"{self.aspect}: {self.detail}"


def kind_of(path: str | Path) -> Kind:
    """The kind of article a file name says it is."""
    return "markdown" if str(path).lower().endswith(MARKDOWN_SUFFIXES) else "text"


def validate(source: str, built: str, kind: Kind, lang: str | None = None) -> tuple[Problem, ...]:
    """Every structural difference between ``source`` and its localized ``built`` article.

    With ``lang`` (a BCP 47 tag), the built front matter may have a top-level ``lang`` key with
    that value (added, or replacing the source's) and ``dir`` set to ``ltr``/``rtl``."""
    if kind == "text":
        return tuple(_text_problems(source, built))
    return tuple(_markdown_problems(source, built, lang))


# --------------------------------------------------------------------------- front matter

_FRONT = re.compile(r"\A(---|\+\+\+)[ \t]*\r?\n(.*?\r?\n)?\1[ \t]*(?:\r?\n|\Z)", re.DOTALL)


def split_front_matter(text: str) -> tuple[str | None, str, str]:
    """(fence ``---``/``+++`` or None, front matter text, body)."""
    match = _FRONT.match(text)
    if match is None:
        return None, "", text
    return match.group(1), match.group(2) or "", text[match.end():]


def _load_front(fence: str, text: str) -> object:
    if fence == "+++":
        return tomllib.loads(text)
    return yaml.safe_load(text)


def _shape(value: object, path: str = "") -> Iterator[str]:
    """Key paths with the type of each leaf; non-text leaves with their value."""
    if isinstance(value, dict):
        yield f"{path}{{}}"
        for key, item in value.items():
            yield from _shape(item, f"{path}.{key}")
    elif isinstance(value, list):
        yield f"{path}[{len(value)}]"
        for i, item in enumerate(value):
            yield from _shape(item, f"{path}[{i}]")
    elif isinstance(value, str):
        yield f"{path}: str"
    else:
        yield f"{path}: {value!r}"


def _front_problems(source: str, built: str, lang: str | None = None) -> Iterator[Problem]:
    s_fence, s_text, _ = split_front_matter(source)
    b_fence, b_text, _ = split_front_matter(built)
    if s_fence != b_fence:
        yield Problem("front matter", f"fence {s_fence!r} became {b_fence!r}")
        return
    if s_fence is None:
        return
    try:
        s_data = _load_front(s_fence, s_text)
    except (yaml.YAMLError, tomllib.TOMLDecodeError):
        return  # the source itself does not parse: nothing to compare with
    try:
        b_data = _load_front(s_fence, b_text)
    except (yaml.YAMLError, tomllib.TOMLDecodeError) as exc:
        yield Problem("front matter", f"does not parse: {str(exc).splitlines()[0]}")
        return
    if lang is not None and s_data is None:
        s_data = {}  # an empty front matter is an empty mapping to every site generator
    if lang is not None and isinstance(s_data, dict) and isinstance(b_data, dict):
        for key, allowed in (("lang", (lang,)), ("dir", ("ltr", "rtl"))):
            if key in b_data and b_data.get(key) != s_data.get(key) and b_data[key] not in allowed:
                yield Problem("front matter", f"{key} is {b_data[key]!r}, not {allowed[0]!r}")
            s_data = {k: v for k, v in s_data.items() if k != key}
            b_data = {k: v for k, v in b_data.items() if k != key}
    s_shape, b_shape = list(_shape(s_data)), list(_shape(b_data))
    if s_shape != b_shape:
        yield Problem("front matter", _first_difference(s_shape, b_shape))


# --------------------------------------------------------------------------- Markdown

def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    for plugin in (front_matter_plugin, deflist_plugin, footnote_plugin, attrs_plugin,
                   attrs_block_plugin):
        md.use(plugin)
    return md


_MD = _parser()

_INLINE_KEPT = {
    "code_inline": "code",
    "html_inline": "html",
}


def _block_signature(token: Token) -> str:
    attrs = {k: v for k, v in sorted(token.attrs.items()) if k not in ("id",)}
    parts = [token.type, token.tag, str(token.nesting)]
    if attrs:
        parts.append(repr(attrs))
    if token.hidden:
        parts.append("hidden")
    if token.type in ("bullet_list_open", "ordered_list_open"):
        parts.append(token.markup)
    return " ".join(parts)


@dataclass(frozen=True)
class _MarkdownFacts:
    """What must survive translation in one Markdown body."""

    blocks: tuple[str, ...]
    """Signatures of the block tokens, in order."""
    kept: Counter[tuple[str, str]]
    """(aspect, verbatim text) of code, HTML, links, images and footnote references."""


def _facts(body: str) -> _MarkdownFacts:
    blocks: list[str] = []
    kept: Counter[tuple[str, str]] = Counter()
    for token in _MD.parse(body):
        if token.type == "inline":
            for child in _walk(token.children or []):
                if child.type in _INLINE_KEPT:  # a re-wrapped tag may trade a newline for a space
                    kept[(_INLINE_KEPT[child.type], " ".join(child.content.split()))] += 1
                elif child.type == "link_open":
                    kept[("links", "link " + str(child.attrs.get("href", "")))] += 1
                elif child.type == "image":
                    kept[("links", "image " + str(child.attrs.get("src", "")))] += 1
                elif child.type == "footnote_ref":
                    kept[("links", "footnote " + str(child.meta.get("label", "")))] += 1
            continue
        blocks.append(_block_signature(token))
        if token.type in ("fence", "code_block"):
            kept[("code", token.info + "\n" + token.content)] += 1
        elif token.type == "html_block":
            kept[("html", html_shape(token.content))] += 1
    return _MarkdownFacts(tuple(blocks), kept)


_HTML_PIECE = re.compile(
    r"<(pre|script|style|textarea|code)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>", re.DOTALL | re.IGNORECASE
)


_TEXT_ATTRIBUTE = re.compile(r'(\s(?:alt|title)\s*=\s*)"[^"]*"', re.IGNORECASE)


def html_shape(content: str) -> str:
    """An HTML block as translation must keep it: every tag, comment and the content of
    ``pre``, ``script``, ``style``, ``textarea`` and ``code``, as written (white space
    collapsed). The text between them and the ``alt`` and ``title`` values are the
    translator's; the text may move around the tags."""
    return " ".join(_TEXT_ATTRIBUTE.sub(r'\1"…"', " ".join(m.group(0).split()))
                    for m in _HTML_PIECE.finditer(content))


def _walk(tokens: Iterable[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


_TAGS = re.compile(
    r"\{\{<.*?>\}\}|\{\{%.*?%\}\}|\{%-?.*?-?%\}|\{\{-?.*?-?\}\}", re.DOTALL
)


_PROSE_SHORTCODE = re.compile(r"\{\{[<%]\s*(?:figure|alert)\s")
_PROSE_VALUE = re.compile(r'(\s(?:caption|title|alt|attr|text)=)"[^"\n]*"')
"""The prose parameters of Hugo's figure shortcode and the Doks/Docsy alerts, whose values a
translation replaces (compared as ``"…"``; the tag around them must stay the same)."""


def _without_prose(tag: str) -> str:
    if not _PROSE_SHORTCODE.match(tag):
        return tag
    return _PROSE_VALUE.sub(r'\1"…"', tag)


def template_tags(text: str) -> Counter[str]:
    """Every Liquid/Nunjucks/Jinja tag and output and Hugo shortcode call in ``text``, with the
    values of known prose parameters (a figure's caption) left out.

    A tag that stands alone on its line (a block shortcode, ``{% highlight %}``) is counted
    apart: joining it into a paragraph changes what the generator renders.
    """
    tags: Counter[str] = Counter()
    for m in _TAGS.finditer(text):
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        alone = not text[start:m.start()].strip() and not text[m.end():end if end >= 0 else None
                                                              ].strip()
        tags[_without_prose(m.group(0)) + (" (alone on its line)" if alone else "")] += 1
    return tags


def _markdown_problems(source: str, built: str, lang: str | None = None) -> Iterator[Problem]:
    yield from _front_problems(source, built, lang)
    _, _, s_body = split_front_matter(source)
    _, _, b_body = split_front_matter(built)
    s, b = _facts(s_body), _facts(b_body)
    if s.blocks != b.blocks:
        yield Problem("blocks", _first_difference(s.blocks, b.blocks))
    for aspect in ("links", "code", "html"):
        s_kept = Counter({k: n for k, n in s.kept.items() if k[0] == aspect})
        b_kept = Counter({k: n for k, n in b.kept.items() if k[0] == aspect})
        if s_kept != b_kept:
            yield Problem(aspect, _counter_difference(s_kept, b_kept))
    s_tags, b_tags = template_tags(s_body), template_tags(b_body)
    if s_tags != b_tags:
        yield Problem("tags", _counter_difference(s_tags, b_tags))


# --------------------------------------------------------------------------- plain text

_UNDERLINE = re.compile(r"^\s*([=\-~*#^+])\1{2,}\s*$")


def _text_blocks(text: str) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for line in text.splitlines():
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _text_signature(block: Sequence[str]) -> str:
    """A block's layout: its underlines, and the indentation of its lines."""
    underlines = [i for i, line in enumerate(block) if _UNDERLINE.match(line)]
    if underlines:
        shape = []
        for i, line in enumerate(block):
            if i in underlines:
                char = line.strip()[0]
                fits = i > 0 and len(line.rstrip()) == len(block[i - 1].rstrip())
                shape.append(f"underline {char}{' fitted' if fits else ''}")
            else:
                shape.append(f"line indent {_indent(line)}")
        return "heading: " + ", ".join(shape)
    indents = [_indent(line) for line in block]
    if len(block) > 1 and len(set(indents[1:])) > 1:
        runs = [n for i, n in enumerate(indents) if i == 0 or indents[i - 1] != n]
        return "layout: " + " ".join(map(str, runs))  # hanging indents: re-wrapping keeps runs
    rest = indents[1] if len(indents) > 1 else None
    return f"paragraph: first {indents[0]}, rest {rest if rest is not None else '-'}"


def _text_problems(source: str, built: str) -> Iterator[Problem]:
    s_blocks, b_blocks = _text_blocks(source), _text_blocks(built)
    s_sig = [_text_signature(b) for b in s_blocks]
    b_sig = [_text_signature(b) for b in b_blocks]
    if s_sig != b_sig:
        yield Problem("lines", _first_difference(s_sig, b_sig))


# --------------------------------------------------------------------------- reporting

def _first_difference(a: Sequence[str], b: Sequence[str]) -> str:
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return f"item {i + 1}: {x!r} became {y!r}"
    if len(a) > len(b):
        return f"{len(a) - len(b)} fewer items; first missing: {a[len(b)]!r}"
    return f"{len(b) - len(a)} more items; first extra: {b[len(a)]!r}"


def _counter_difference(a: Counter[object], b: Counter[object]) -> str:
    lost, gained = a - b, b - a
    parts = []
    if lost:
        parts.append(f"lost {_short(next(iter(lost)))}" + (f" (+{sum(lost.values()) - 1})"
                                                         if sum(lost.values()) > 1 else ""))
    if gained:
        parts.append(f"gained {_short(next(iter(gained)))}"
                     + (f" (+{sum(gained.values()) - 1})" if sum(gained.values()) > 1 else ""))
    return "; ".join(parts)


def _short(item: object) -> str:
    text = item[1] if isinstance(item, tuple) else item
    text = repr(text)
    return text if len(text) <= 80 else text[:77] + "..."


def main(argv: Sequence[str]) -> int:
    if len(argv) != 2:
        print("usage: python tests/validate.py SOURCE BUILT", file=sys.stderr)
        return 2
    source, built = (Path(a).read_text(encoding="utf-8") for a in argv)
    problems = validate(source, built, kind_of(argv[0]))
    for problem in problems:
        print(f"{argv[1]}: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
