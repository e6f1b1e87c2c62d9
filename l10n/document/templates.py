"""Template tags inside Markdown: the one recogniser of Liquid, Jinja, Nunjucks, Hugo and KumaScript.

Site generators run a template language over an article before (or while) Markdown is read:
Jekyll and Eleventy run Liquid or Nunjucks (``{% highlight ruby %}``, ``{{ page.title }}``,
``{# note #}``), Hugo expands shortcodes (``{{< figure src="x.png" >}}``, ``{{% note %}}``), MDN
expands KumaScript macros (``{{Glossary("HTTP")}}``). A tag is code: never translated, never
re-wrapped inside, kept whole in every message.

:func:`find_tags` lists the tags of a text. :func:`code_regions` pairs the tags whose body is code
or configuration (``{% highlight %}`` ... ``{% endhighlight %}``, ``{{< code-toggle >}}`` ...
``{{< /code-toggle >}}``, ``{% raw %}`` ...): such a body is not prose and belongs to the
skeleton. Which names hold code is configurable (:data:`DEFAULT_CODE_SHORTCODES`); every other
paired tag (``{{< note >}}`` ... ``{{< /note >}}``) holds prose that stays translatable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

DEFAULT_CODE_SHORTCODES: tuple[str, ...] = (
    # Hugo built-ins and the shortcodes of Hugo's own documentation
    "highlight", "code-toggle", "code", "datatable", "qr", "math", "mermaid", "chroma",
    # Liquid (Jekyll), Jinja and Nunjucks
    "raw", "verbatim", "comment", "javascript", "js", "css", "style", "script",
)
"""Paired tags whose body is code or configuration (kept verbatim, never a message)."""

DEFAULT_PROSE_PARAMETERS: tuple[str, ...] = (
    # Hugo's built-in figure shortcode (its caption, title and attribution are Markdown, alt is
    # the image's text alternative) and the callouts of the Doks and Docsy themes.
    "figure.caption", "figure.title", "figure.alt", "figure.attr", "alert.text", "alert.title",
)
"""``shortcode.parameter`` names whose double-quoted values are prose (translated, the tag
around them kept as it is)."""

_OPENERS = ("{{{", "{{<", "{{%", "{%", "{{", "{#")
"""Tag openers, longest first for each first character."""
_CLOSERS = {"{{{": "}}}", "{{<": ">}}", "{{%": "%}}", "{%": "%}", "{{": "}}", "{#": "#}"}
"""The closer of each opener."""
_FAMILIES = {
    "{{{": "output", "{{<": "shortcode", "{{%": "shortcode", "{%": "block", "{{": "output",
    "{#": "comment",
}
"""The family (:attr:`Tag.family`) of each opener."""
_MAX_TAG = 4000
"""Longest tag recognised (characters); longer ``{{`` runs are prose."""
_NAME_RE = re.compile(r"[-\s]*(/?)\s*([A-Za-z_][\w.:-]*)")
_BLANK_LINE_RE = re.compile(r"\n[ \t]*\r?\n")
_QUOTES = "\"'`"


@dataclass(frozen=True)
class Tag:
    """One template tag, output or comment in a text."""

    start: int
    """Offset of its first character (the ``{``)."""
    end: int
    """Offset just past its last character (the ``}``)."""
    family: str
    """``shortcode`` (Hugo ``{{< >}}``/``{{% %}}``), ``block`` (``{% %}``), ``output``
    (``{{ }}``, Handlebars ``{{{ }}}`` and KumaScript macros included) or ``comment`` (``{# #}``)."""
    name: str
    """First word inside (``highlight``, ``note``, ``page.title``); for a Liquid closing tag the
    name it closes (``endhighlight`` -> ``highlight``); empty when there is none."""
    closing: bool
    """A closing tag: ``{{< /note >}}``, ``{% endhighlight %}``."""
    self_closing: bool
    """A Hugo shortcode closed in place: ``{{< x />}}``; or an escaped example ``{{</* x */>}}``."""


def has_tags(text: str) -> bool:
    """Whether ``text`` may hold a template tag (a fast test before :func:`find_tags`): a
    ``{{``, ``{%`` or ``{#``, found in one scan (three ``in`` tests read the text three times)."""
    return _TAG_OPENING.search(text) is not None


_TAG_OPENING = re.compile(r"\{[{%#]")


def find_tags(text: str, start: int = 0, end: int | None = None) -> list[Tag]:
    """Every template tag of ``text[start:end]``, in order, without overlaps."""
    stop = len(text) if end is None else end
    tags: list[Tag] = []
    i = text.find("{", start, stop)
    while 0 <= i < stop:
        tag = tag_at(text, i, stop)
        if tag is None:
            i = text.find("{", i + 1, stop)
            continue
        tags.append(tag)
        i = text.find("{", tag.end, stop)
    return tags


def tag_at(text: str, i: int, stop: int | None = None) -> Tag | None:
    """The tag starting at ``text[i]``, if one does."""
    stop = len(text) if stop is None else stop
    opener = next((o for o in _OPENERS if text.startswith(o, i)), None)
    if opener is None:
        return None
    closer = _CLOSERS[opener]
    end = _find_closer(text, i + len(opener), closer, min(stop, i + _MAX_TAG))
    if end < 0 and opener in ("{{<", "{{%"):  # no shortcode: maybe an output, ``{{<b>}}``
        opener, closer = "{{", "}}"
        end = _find_closer(text, i + 2, closer, min(stop, i + _MAX_TAG))
    if end < 0:
        return None
    inner = text[i + len(opener) : end - len(closer)]
    if opener != "{#" and inner.strip() in ("", "-"):
        return None  # ``{{ }}`` is prose; an empty comment ``{# #}`` is a comment
    family = _FAMILIES[opener]
    escaped = family == "shortcode" and inner.startswith("/*")
    body = inner[2:] if escaped else inner
    m = _NAME_RE.match(body)
    slash, name = (m.group(1), m.group(2)) if m else ("", "")
    closing = bool(slash) and family == "shortcode" and not escaped
    if family == "block" and name.startswith("end") and len(name) > 3:
        closing, name = True, name[3:]
    self_closing = escaped or (family == "shortcode" and inner.rstrip().endswith("/"))
    return Tag(i, end, family, name, closing, self_closing)


def _find_closer(text: str, pos: int, closer: str, stop: int) -> int:
    """End of the first ``closer`` after ``pos`` outside quoted strings (in a comment, or when the
    quotes do not balance, the first one at all); -1 when none comes before ``stop`` and before a
    blank line."""
    plain = text.find(closer, pos, stop)
    if plain < 0:
        return -1
    if _BLANK_LINE_RE.search(text, pos, plain):
        return -1
    if closer == "#}" or not any(q in text[pos:plain] for q in _QUOTES):  # a comment is prose
        return plain + len(closer)
    quote = ""
    j = pos
    while j < stop:
        ch = text[j]
        if quote:
            if ch == "\\":
                j += 2
                continue
            if ch == quote:
                quote = ""
        elif ch in _QUOTES:
            quote = ch
        elif text.startswith(closer, j):
            if _BLANK_LINE_RE.search(text, pos, j):
                return -1
            return j + len(closer)
        j += 1
    return plain + len(closer)


@dataclass(frozen=True)
class CodeRegion:
    """A paired tag whose body is code: from the opening tag's start to the closing tag's end."""

    start: int
    """Offset of the opening tag."""
    end: int
    """Offset just past the closing tag."""
    name: str
    """The tag's name (``highlight``, ``raw``...)."""


def code_regions(
    text: str,
    code_names: Iterable[str] = DEFAULT_CODE_SHORTCODES,
    skip: Sequence[tuple[int, int]] = (),
) -> tuple[list[Tag], list[CodeRegion]]:
    """The tags of ``text`` outside the sorted ``skip`` ranges (e.g. code blocks) and outside
    code bodies, and the code-bodied paired tags among them. A tag of a code name with no
    closing tag is a single tag, not a region."""
    names = frozenset(n.lower() for n in code_names)
    tags: list[Tag] = []
    regions: list[CodeRegion] = []
    n = len(text)
    k = 0  # the first skip range that does not end before ``i``
    i = text.find("{")
    while i >= 0:
        while k < len(skip) and skip[k][1] <= i:
            k += 1
        if k < len(skip) and skip[k][0] <= i:
            i = text.find("{", skip[k][1])
            continue
        stop = skip[k][0] if k < len(skip) else n
        tag = tag_at(text, i, stop)
        if tag is None:
            i = text.find("{", i + 1)
            continue
        tags.append(tag)
        nxt = tag.end
        if (
            tag.family in ("shortcode", "block")
            and not (tag.closing or tag.self_closing)
            and tag.name.lower() in names
        ):
            # The body is not read at all: its closing tag ends it wherever it is, as in Liquid.
            close = _closing_tag(text, tag, n)
            if close is not None:
                regions.append(CodeRegion(tag.start, close, tag.name))
                nxt = close
        i = text.find("{", nxt)
    return tags, regions


def _closing_tag(text: str, opening: Tag, stop: int) -> int | None:
    """End of the tag that closes ``opening``, searched as text (a code body is not parsed)."""
    name = re.escape(opening.name)
    if opening.family == "block":
        pattern = r"\{%-?\s*end" + name + r"\s*-?%\}"
    else:
        pattern = r"\{\{[<%]\s*/\s*" + name + r"\s*[>%]\}\}"
    m = re.compile(pattern).search(text, opening.end, stop)
    return m.end() if m else None


_LINE_RE = re.compile(r"^[ \t>]*", re.MULTILINE)


_PARAMETER_RE = re.compile(r'(?<![\w-])([A-Za-z_][\w-]*)[ \t]*=[ \t]*"([^"\\\n]*)"')
"""A named shortcode parameter with a double-quoted value without escapes or line breaks."""


def prose_parameters(text: str, tag: Tag, names: Iterable[str]) -> list[tuple[int, int, str]]:
    """(start, end, ``shortcode.parameter``) of the values of ``tag``'s named parameters that ``names``
    (``shortcode.parameter``) says are prose, when they hold a word and no other tag; only Hugo
    shortcodes that open (``{{< figure caption="..." >}}``) have them."""
    if tag.family != "shortcode" or tag.closing or not tag.name:
        return []
    wanted = {n.split(".", 1)[1] for n in names if n.split(".", 1)[0] == tag.name and "." in n}
    if not wanted:
        return []
    out = []
    inner_start = text.index(tag.name, tag.start) + len(tag.name)
    for found in _PARAMETER_RE.finditer(text, inner_start, tag.end):
        s, e = found.span(2)
        value = text[s:e]
        if (found.group(1) in wanted and any(ch.isalpha() for ch in value)
                and value == value.strip() and not has_tags(value)):
            out.append((s, e, f"{tag.name}.{found.group(1)}"))
    return out


def tag_only_lines(text: str, tags: Sequence[Tag]) -> list[tuple[int, int]]:
    """Ranges (line start, end of the last tag and the white space after it) of the lines that
    hold nothing but tags, white space and blockquote markers, one of them a block tag, comment
    or shortcode: such a line is skeleton, not a message. A line of outputs only
    (``{{ site.name }}``) may be a word of the sentence around it. A tag may run over lines."""
    if not tags:
        return []
    by_start = {t.start: t for t in tags}
    out: list[tuple[int, int]] = []
    n = len(text)
    for line in _LINE_RE.finditer(text):
        ls, pos = line.start(), line.end()
        if out and ls < out[-1][1]:
            continue
        covered = False
        while pos in by_start:
            covered = covered or by_start[pos].family != "output"
            pos = by_start[pos].end
            while pos < n and text[pos] in " \t":
                pos += 1
        if covered and (pos >= n or text[pos] in "\r\n"):
            out.append((ls, pos))
    return out


def blank(text: str, ranges: Iterable[tuple[int, int]], keep_prefix: bool = True) -> str:
    """``text`` with every character of ``ranges`` made a space, line breaks kept (and, with
    ``keep_prefix``, the ``>`` markers at line starts): same length, same line structure."""
    chars = list(text)
    for s, e in ranges:
        line_start = s == 0 or text[s - 1] in "\r\n"
        for i in range(s, e):
            ch = text[i]
            if ch in "\r\n":
                line_start = True
                continue
            if line_start and keep_prefix and ch in " \t>":
                continue
            line_start = False
            chars[i] = " "
    return "".join(chars)


def opaque(text: str, tags: Iterable[Tag], fill: str = "x") -> str:
    """``text`` with every tag spelled as a run of ``fill`` (line breaks kept): a Markdown parser
    then sees one word where the tag is, and nothing it could take for markup."""
    chars = list(text)
    for tag in tags:
        for i in range(tag.start, tag.end):
            if chars[i] not in "\r\n":
                chars[i] = fill
    return "".join(chars)
