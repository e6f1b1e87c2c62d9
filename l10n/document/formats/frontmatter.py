"""Front matter: YAML (``---``) and TOML (``+++``) metadata at the top of a Markdown article.

Only the string values of the keys the configuration names become blocks; the rest of the
front matter is skeleton and comes out byte-identical. Positions come from the YAML parser's
node marks (PyYAML) and, for TOML, from a line scan checked against :mod:`tomllib`.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass

import yaml

from l10n.document.model import Block, BlockKind, Layout
from l10n.errors import SourceError

_YAML_OPEN = re.compile(r"---[ \t]*\r?\n")
_YAML_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.M)
_TOML_OPEN = re.compile(r"\+\+\+[ \t]*\r?\n")
_TOML_CLOSE = re.compile(r"^\+\+\+[ \t]*(?:\r?\n|\Z)", re.M)

_STYLES = {
    None: Layout.YAML_PLAIN,
    "'": Layout.YAML_SINGLE,
    '"': Layout.YAML_DOUBLE,
    "|": Layout.YAML_LITERAL,
    ">": Layout.YAML_FOLDED,
}


@dataclass(frozen=True)
class FrontMatter:
    """Where the front matter is and what is translatable in it."""

    end: int
    """Offset just past the closing delimiter line: the Markdown body starts here."""
    blocks: tuple[Block, ...]
    """Translatable values, in document order."""


def find_front_matter(text: str, path: str, keys: tuple[str, ...], offset: int = 0) -> FrontMatter | None:
    """Detect and parse front matter at ``text[offset:]``; None when there is none.

    A block that opens and closes like front matter but does not parse raises
    :class:`SourceError` with the line of the problem.
    """
    for opener, closer, parse in (
        (_YAML_OPEN, _YAML_CLOSE, _yaml_blocks),
        (_TOML_OPEN, _TOML_CLOSE, _toml_blocks),
    ):
        m = opener.match(text, offset)
        if not m:
            continue
        # "---" may just be a thematic break: front matter needs a key on its first line
        # (or to be empty).
        close = closer.search(text, m.end())
        empty = close is not None and close.start() == m.end()
        if not empty and not _KEY_LINE.match(text, m.end()):
            return None
        if close is None:
            kind = "YAML" if opener is _YAML_OPEN else "TOML"
            raise SourceError(
                f"{kind} front matter is not closed: add a line '{m.group(0).strip()}' after it",
                path=path,
                line=text.count("\n", 0, offset) + 1,
            )
        body_start, body_end = m.end(), close.start()
        blocks = parse(text, body_start, body_end, path, keys)
        return FrontMatter(end=close.end(), blocks=tuple(blocks))
    return None


_KEY_LINE = re.compile(r"""[ \t]*(?:[A-Za-z0-9_"'][^\n:=]*[:=]|\[|#)""")


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _yaml_blocks(text: str, start: int, end: int, path: str, keys: tuple[str, ...]) -> list[Block]:
    source = text[start:end]
    try:
        node = yaml.compose(source, Loader=yaml.SafeLoader)
        yaml.load(source, Loader=yaml.SafeLoader)  # constructs too: catches bad tags and values
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        context = getattr(exc, "context_mark", None)
        if context is not None and (mark is None or mark.index >= len(source.rstrip())):
            mark = context  # "got <stream end>": the opening bracket or quote is the culprit
        line = _line_of(text, start) + (mark.line if mark is not None else 0)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise SourceError(f"front matter is not valid YAML: {problem}", path=path, line=line) from exc
    if node is None:
        return []
    if not isinstance(node, yaml.MappingNode):
        raise SourceError(
            "front matter must be a YAML mapping of keys to values",
            path=path,
            line=_line_of(text, start),
        )
    wanted = {tuple(k.split(".")) for k in keys}
    out: list[Block] = []
    for key_path, value in _yaml_strings(node, ()):
        if not any(key_path[: len(w)] == w for w in wanted):
            continue
        s, e = value.start_mark.index, value.end_mark.index
        style = value.style
        layout = _STYLES.get(style, Layout.YAML_PLAIN)
        raw = source[s:e]
        separators: tuple[str, ...] = ()
        if layout in (Layout.YAML_LITERAL, Layout.YAML_FOLDED):
            raw = raw.rstrip("\r\n \t")
            e = s + len(raw)
            header, _, content = raw.partition("\n")
            first = content.split("\n", 1)[0]
            separators = (header.rstrip("\r"), first[: len(first) - len(first.lstrip(" "))])
        hard = tuple(i for i, c in enumerate(value.value) if c == "\n")
        out.append(
            Block(
                BlockKind.FRONT_MATTER,
                start + s,
                start + e,
                value.value,
                _line_of(text, start + s),
                layout,
                hard_breaks=hard,
                separators=separators,
                note=".".join(key_path),
                column=_yaml_indent(source, s),
            )
        )
    return out


def _yaml_indent(source: str, index: int) -> int:
    """Column of the key that owns the scalar at ``index`` (used to indent block scalars)."""
    line_start = source.rfind("\n", 0, index) + 1
    line = source[line_start:index]
    return len(line) - len(line.lstrip(" "))


def _yaml_strings(node: yaml.Node, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], yaml.ScalarNode]]:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                yield from _yaml_strings(value, (*path, str(key.value)))
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _yaml_strings(item, path)
    elif isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str" and node.value.strip():
        yield path, node


_TOML_KEY = re.compile(
    r"""^[ \t]*(?P<key>[A-Za-z0-9_-]+|"[^"\n]*")[ \t]*=[ \t]*"""
    r"""(?P<value>"(?:[^"\\\n]|\\.)*"|'[^'\n]*')[ \t]*(?:\#.*)?$""",
    re.M,
)


def _toml_blocks(text: str, start: int, end: int, path: str, keys: tuple[str, ...]) -> list[Block]:
    source = text[start:end]
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        line = _line_of(text, start) + (getattr(exc, "lineno", 1) or 1) - 1
        message = str(exc).split(" (at line")[0]
        raise SourceError(f"front matter is not valid TOML: {message}", path=path, line=line) from exc
    wanted = set(keys)
    out: list[Block] = []
    table_start = re.search(r"^[ \t]*\[", source, re.M)
    limit = table_start.start() if table_start else len(source)
    for m in _TOML_KEY.finditer(source, 0, limit):
        key = m.group("key").strip('"')
        value = data.get(key)
        if key not in wanted or not isinstance(value, str) or not value.strip():
            continue
        literal = m.group("value")
        if tomllib.loads(f"v = {literal}")["v"] != value:
            continue
        layout = Layout.TOML_BASIC if literal.startswith('"') else Layout.TOML_LITERAL
        s = start + m.start("value")
        out.append(
            Block(
                BlockKind.FRONT_MATTER,
                s,
                s + len(literal),
                value,
                _line_of(text, s),
                layout,
                note=key,
            )
        )
    return out
