"""Front matter: YAML (``---``) and TOML (``+++``) metadata at the top of a Markdown article.

Only the string values of the keys the configuration names become blocks; the rest of the
front matter is skeleton and comes out byte-identical. Positions come from the YAML parser's
node marks (PyYAML) and, for TOML, from a line scan checked against :mod:`tomllib`.

Keys are named by paths (:func:`key_matches`): ``title``, ``seo.title``, ``params.*.description``,
``resources.*.title``, ``authors.*``. A path names a value and everything under it; ``*`` stands
for any one key or list item, and a named part steps over list items, so ``resources.title``
also names the ``title`` of every item of a ``resources`` list.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections import Counter
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
        try:
            blocks = parse(text, body_start, body_end, path, keys)
        except RecursionError as exc:  # the parsers (and our walk) recurse once per level
            kind = "YAML" if opener is _YAML_OPEN else "TOML"
            raise SourceError(
                f"{kind} front matter is nested too deeply to be read; flatten it",
                path=path,
                line=_line_of(text, body_start),
            ) from exc
        return FrontMatter(end=close.end(), blocks=tuple(blocks))
    return None


KeyPath = tuple[str | int, ...]
"""Where a value sits in the front matter: mapping keys (str) and list positions (int)."""


def key_pattern_problem(pattern: str) -> str | None:
    """Why ``pattern`` is not a usable front-matter key path, or None when it is."""
    parts = pattern.split(".")
    if any(not part for part in parts):
        return f"'{pattern}' has an empty part: write key names joined by '.', e.g. 'seo.title'"
    if any("*" in part and part != "*" for part in parts):
        return f"'{pattern}': '*' stands for a whole key, e.g. 'params.*.description'"
    return None


def key_matches(pattern: str, path: KeyPath) -> bool:
    """Whether the key path ``pattern`` names the value at ``path`` (or a value above it)."""
    return _match(tuple(pattern.split(".")), path)


def _match(pattern: tuple[str, ...], path: KeyPath) -> bool:
    if not pattern:
        return True
    if not path:
        return False
    head, rest = path[0], path[1:]
    if pattern[0] == "*":
        return _match(pattern[1:], rest)
    if isinstance(head, int):
        return _match(pattern, rest)  # a named part steps over list items
    return head == pattern[0] and _match(pattern[1:], rest)


def _wanted(keys: tuple[str, ...], path: KeyPath) -> bool:
    return any(key_matches(k, path) for k in keys)


def _note(path: KeyPath) -> str:
    return ".".join(p for p in path if isinstance(p, str))


_KEY_LINE = re.compile(r"""[ \t]*(?:[A-Za-z0-9_"'][^\n:=]*[:=]|\[|#)""")


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _unbuildable_scalar(node: yaml.Node | None) -> yaml.ScalarNode | None:
    """The first scalar of ``node`` that PyYAML resolves (a date, a number) but cannot build,
    such as ``date: 2022-13-45``."""
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop(0)
        if isinstance(current, yaml.ScalarNode):
            try:
                yaml.SafeLoader("").construct_object(current, deep=True)
            except (ValueError, OverflowError, yaml.YAMLError):
                return current
        elif isinstance(current, yaml.MappingNode):
            stack[:0] = [item for pair in current.value for item in pair]
        elif isinstance(current, yaml.SequenceNode):
            stack[:0] = list(current.value)
    return None


def _tag_name(node: yaml.ScalarNode | None) -> str:
    return node.tag.rsplit(":", 1)[-1] if node is not None else "value"


@functools.lru_cache(maxsize=16)
def yaml_node(source: str) -> yaml.Node | None:
    """``yaml.compose(source)`` with PyYAML's safe loader, remembered for the last few texts:
    ``build`` reads the same localized front matter in its guard and again to set lang/dir,
    once per locale. Shared: the caller must not change the node."""
    return yaml.compose(source, Loader=yaml.SafeLoader)


@functools.lru_cache(maxsize=16)
def yaml_value(source: str) -> object:
    """``yaml.safe_load(source)``, remembered like :func:`yaml_node`. Shared: the caller must
    not change the value."""
    return yaml.load(source, Loader=yaml.SafeLoader)


def construct_values(source: str, node: yaml.Node | None) -> None:
    """Build the value of ``source``, whose composed node is ``node``, for its errors (a bad
    tag or date): what ``yaml_value(source)`` raises.

    The node is built on without a second parse unless a mapping in it holds a merge (``<<``)
    or value (``=``) key: SafeConstructor.flatten_mapping rewrites those mappings in place,
    and the node is shared (:func:`yaml_node`).
    """
    if node is None:
        return
    if _rewritten_by_construction(node):
        yaml_value(source)
    else:
        yaml.SafeLoader("").construct_document(node)


_REWRITTEN_KEYS = frozenset({"tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"})


def _rewritten_by_construction(node: yaml.Node) -> bool:
    """Whether a mapping in ``node`` holds a key of :data:`_REWRITTEN_KEYS` (aliases make the
    node a graph, possibly a cyclic one: each node is looked at once)."""
    seen: set[int] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                if key.tag in _REWRITTEN_KEYS:
                    return True
                stack.append(key)
                stack.append(value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return False


def _yaml_blocks(text: str, start: int, end: int, path: str, keys: tuple[str, ...]) -> list[Block]:
    source = text[start:end]
    try:
        node = yaml_node(source)
        construct_values(source, node)  # catches bad tags and values
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        context = getattr(exc, "context_mark", None)
        if context is not None and (mark is None or mark.index >= len(source.rstrip())):
            mark = context  # "got <stream end>": the opening bracket or quote is the culprit
        line = _line_of(text, start) + (mark.line if mark is not None else 0)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise SourceError(f"front matter is not valid YAML: {problem}", path=path, line=line) from exc
    except (ValueError, OverflowError) as exc:  # a value that resolves but cannot be built
        bad = _unbuildable_scalar(yaml.compose(source, Loader=yaml.SafeLoader))
        line = _line_of(text, start) + (bad.start_mark.line if bad is not None else 0)
        shown = f"{bad.value!r} " if bad is not None else ""
        raise SourceError(f"front matter value {shown}is not a valid {_tag_name(bad)} ({exc})",
                          path=path, line=line) from exc
    if node is None:
        return []
    if not isinstance(node, yaml.MappingNode):
        raise SourceError(
            "front matter must be a YAML mapping of keys to values",
            path=path,
            line=_line_of(text, start),
        )
    out: list[Block] = []
    strings = list(_yaml_strings(node, (), 0, False))
    uses = Counter(id(value) for _, _, _, value in strings)
    for key_path, column, flow, value in strings:
        if not _wanted(keys, key_path):
            continue
        if uses[id(value)] > 1:
            raise SourceError(
                f"front matter: the value of '{_note(key_path)}' is shared through a YAML alias "
                "(*name); translating it would change every use: write the value out in full, "
                "or remove the key from [markdown] front_matter_keys",
                path=path,
                line=_line_of(text, start + value.start_mark.index),
            )
        s, e = value.start_mark.index, value.end_mark.index
        # The node's region starts with its properties: an anchor (&name) and a tag (!!str)
        # stay skeleton.
        props = _PROPERTIES.match(source, s, e)
        s = props.end() if props else s
        style = value.style
        layout = _STYLES.get(style, Layout.YAML_PLAIN)
        if layout is Layout.YAML_PLAIN and flow:
            layout = Layout.YAML_DOUBLE  # in "[a, b]" a plain "," or "]" would end the value
        raw = source[s:e]
        separators: tuple[str, ...] = ()
        if layout in (Layout.YAML_LITERAL, Layout.YAML_FOLDED):
            # The region ends with the last content character: trailing line breaks (all of
            # them for "keep" chomping) and the next key's indentation stay skeleton.
            raw = raw.rstrip("\r\n \t")
            e = s + len(raw)
            header, _, content = raw.partition("\n")
            first = next((line for line in content.split("\n") if line.strip()), "")
            newline = "\r\n" if header.endswith("\r") else "\n"
            indent = first[: len(first) - len(first.lstrip(" "))]
            explicit = re.search(r"[1-9]", header)
            if explicit:  # "|2": the indentation is the key's column plus the indicator
                indent = " " * (column + int(explicit.group(0)))
            separators = (header.rstrip("\r"), indent, newline)
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
                note=_note(key_path),
                column=column,
            )
        )
    return out


_PROPERTIES = re.compile(r"(?:[&!][^ \t\r\n]*[ \t]+)+")
"""An anchor and a tag in front of a YAML node, with the blanks that follow them."""


def _yaml_strings(
    node: yaml.Node, path: KeyPath, column: int, flow: bool
) -> Iterator[tuple[KeyPath, int, bool, yaml.ScalarNode]]:
    """(key path, column of the owning key, inside a flow collection, node) of every non-blank
    string value."""
    if isinstance(node, yaml.MappingNode):
        inner = flow or bool(node.flow_style)
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                yield from _yaml_strings(value, (*path, str(key.value)), key.start_mark.column, inner)
    elif isinstance(node, yaml.SequenceNode):
        inner = flow or bool(node.flow_style)
        for i, item in enumerate(node.value):
            yield from _yaml_strings(item, (*path, i), item.start_mark.column, inner)
    elif isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str" and node.value.strip():
        yield path, column, flow, node


_BARE = r"[A-Za-z0-9_-]+"
_QUOTED = r"\"(?:[^\"\\\n]|\\.)*\"|'[^'\n]*'"
_DOTTED = rf"(?:{_BARE}|{_QUOTED})(?:[ \t]*\.[ \t]*(?:{_BARE}|{_QUOTED}))*"
_TOML_TABLE = re.compile(rf"^[ \t]*(\[\[?)[ \t]*(?P<key>{_DOTTED})[ \t]*\]", re.M)
_TOML_ASSIGN = re.compile(rf"^[ \t]*(?P<key>{_DOTTED})[ \t]*=[ \t]*", re.M)
_TOML_STRING = re.compile(
    r'''"""(?:[^"\\]|\\.|"(?!""))*"""(?:"{0,2})'''
    r"""|'''(?:[^']|'(?!''))*'''(?:'{0,2})"""
    r'''|"(?:[^"\\\n]|\\.)*"'''
    r"""|'[^'\n]*'"""
)
_TOML_LAYOUTS = {
    '"""': Layout.TOML_MULTILINE_BASIC,
    "'''": Layout.TOML_MULTILINE_LITERAL,
    '"': Layout.TOML_BASIC,
    "'": Layout.TOML_LITERAL,
}


def _toml_key(dotted: str) -> tuple[str, ...]:
    parts = re.findall(rf"{_BARE}|{_QUOTED}", dotted)
    return tuple(str(tomllib.loads(f"{p} = 0").popitem()[0]) for p in parts)


def _toml_at(data: object, path: KeyPath) -> object:
    for part in path:
        if isinstance(part, int) and isinstance(data, list) and part < len(data):
            data = data[part]
        elif isinstance(part, str) and isinstance(data, dict):
            data = data.get(part)
        else:
            return None
    return data


def _toml_blocks(text: str, start: int, end: int, path: str, keys: tuple[str, ...]) -> list[Block]:
    """String values of wanted keys: a scan of tables and assignments, each value checked by
    decoding it alone and comparing with what :mod:`tomllib` read for that key path."""
    source = text[start:end]
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        line = _line_of(text, start) + (getattr(exc, "lineno", 1) or 1) - 1
        message = str(exc).split(" (at line")[0]
        raise SourceError(f"front matter is not valid TOML: {message}", path=path, line=line) from exc
    out: list[Block] = []
    table: KeyPath = ()
    seen: dict[tuple[str, ...], int] = {}
    pos = 0
    while pos < len(source):
        line_end = source.find("\n", pos)
        line_end = len(source) if line_end < 0 else line_end
        header = _TOML_TABLE.match(source, pos, line_end)
        assign = None if header else _TOML_ASSIGN.match(source, pos, line_end)
        if header:
            name = _toml_key(header.group("key"))
            table = name
            if header.group(1) == "[[":
                seen[name] = seen.get(name, -1) + 1
                table = (*name, seen[name])
        elif assign:
            value = _TOML_STRING.match(source, assign.end())
            key_path = (*table, *_toml_key(assign.group("key")))
            if value:
                line_end = max(line_end, source.find("\n", value.end()))
                line_end = len(source) if line_end < value.end() else line_end
                block = _toml_block(text, start, value, key_path, _toml_at(data, key_path), keys)
                if block is not None:
                    out.append(block)
        pos = line_end + 1
    return out


def _toml_block(
    text: str, start: int, value: re.Match[str], key_path: KeyPath, decoded: object, keys: tuple[str, ...]
) -> Block | None:
    literal = value.group(0)
    if not isinstance(decoded, str) or not decoded.strip() or not _wanted(keys, key_path):
        return None
    try:
        if tomllib.loads(f"v = {literal}")["v"] != decoded:
            return None
    except tomllib.TOMLDecodeError:
        return None
    opener = literal[:3] if literal[:3] in ('"""', "'''") else literal[0]
    s = start + value.start()
    return Block(
        BlockKind.FRONT_MATTER,
        s,
        s + len(literal),
        decoded,
        _line_of(text, s),
        _TOML_LAYOUTS[opener],
        hard_breaks=tuple(i for i, c in enumerate(decoded) if c == "\n"),
        note=_note(key_path),
    )
