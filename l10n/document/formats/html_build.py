"""Writing translations back into an HTML page: escaped, and byte for byte everywhere else.

A block of an HTML article (:mod:`l10n.document.formats.html`) reads differently from its source
where white space was collapsed or a character reference decoded; :attr:`Block.rewritten
<l10n.document.model.Block.rewritten>` says what each such range stood for. :func:`render_block`
writes the untranslated parts of a block back as they were and each translation escaped for where
it goes: in text, a ``&`` that starts no character reference, a ``<`` that starts no tag and a
``>`` become references; in an attribute value, ``&``, ``<``, ``>`` and the value's quote do
(an unquoted value is quoted). Tags are written as the source wrote them; a character the source
wrote as a reference (``&nbsp;``) is written so again. A page that declares a charset other than
UTF-8 (``<meta charset="iso-8859-1">``, all of it ASCII, or it would not have been read) gets
every other non-ASCII character as a numeric reference, so the page stays true to its
declaration. :func:`localize_root` sets ``lang`` (and ``dir``) on the ``<html>`` tag.
"""

from __future__ import annotations

import html as html_lib
import re

from l10n.document.formats.html import tag_attributes
from l10n.document.formats.html_blocks import tokens
from l10n.document.inline_html import html_markup_kept, parse_html_inline
from l10n.document.model import Block, BlockKind, Segment
from l10n.locales import is_rtl, parse_locale
from l10n.safe_files import declared_charset

_UTF8 = frozenset({"utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8"})


def _ascii_only(page: str) -> bool:
    charset = declared_charset(page[:1024].encode("utf-8", "replace"))
    return charset is not None and charset not in _UTF8


def render_block(page: str, block: Block, replacements: list[tuple[Segment, str]]) -> str:
    """The source bytes that stand for ``block`` of ``page`` with ``replacements`` (segments
    and their translations, in order)."""
    ascii_only = _ascii_only(page)
    written = {text: src for s, e, src in block.rewritten
               if src.startswith("&") and len(text := block.text[s:e]) == 1 and text not in "<>&\"'"}
    attribute = block.kind is BlockKind.HTML_ATTRIBUTE
    quote = page[block.start - 1] if attribute and block.start > 0 else ""
    if quote not in ('"', "'"):
        quote = ""
    parts: list[str] = []
    pos = 0
    for seg, target in replacements:
        parts.append(_as_written(block, pos, seg.start))
        if attribute:
            parts.append(_escape_value(target, quote or '"', written, ascii_only))
        else:
            # The source forms of the sentence's tags, in order: two tags may read alike
            # (``struct S`` and ``struct\nS`` in a code element) and each keeps its own.
            sources = {(s, e): src for s, e, src in block.rewritten if src.startswith("<")}
            tags: dict[str, list[str]] = {}
            for m in block.markup:
                if seg.start <= m.start and m.end <= seg.end:
                    read = block.text[m.start : m.end]
                    tags.setdefault(read, []).append(sources.get((m.start, m.end), read))
            parts.append(_escape_text(target, written, tags, ascii_only))
        pos = seg.end
    parts.append(_as_written(block, pos, len(block.text)))
    out = "".join(parts)
    if attribute and not quote:
        out = f'"{out}"'
    return out


def block_problem(page: str, block: Block, rendered: str) -> str | None:
    """Runtime guard per block: the block's new text keeps the source's tags, nested alike (two
    sentences can make a tag together that neither makes alone)."""
    if block.kind is BlockKind.HTML_ATTRIBUTE:
        return None
    return html_markup_kept(page[block.start : block.end], rendered)


def _as_written(block: Block, start: int, end: int) -> str:
    """``block.text[start:end]`` as the source wrote it."""
    out: list[str] = []
    pos = start
    for s, e, src in block.rewritten:
        if e <= start or s >= end:
            continue
        if s < pos or e > end:
            continue  # cut by a segment's edge: the text as read
        out.append(block.text[pos:s])
        out.append(src)
        pos = e
    out.append(block.text[pos:end])
    return "".join(out)


_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def _chars(text: str, written: dict[str, str], ascii_only: bool) -> str:
    if not written and (not ascii_only or text.isascii()):
        return text
    out = []
    for ch in text:
        if ch in written:
            out.append(written[ch])
        elif ascii_only and not ch.isascii():
            out.append(f"&#{ord(ch)};")
        else:
            out.append(ch)
    return "".join(out)


def _escape_text(text: str, written: dict[str, str], tags: dict[str, list[str]], ascii_only: bool) -> str:
    """A translated sentence as HTML text: its tags as the source wrote them (``tags``: each
    tag as read -> its source forms, in order), the rest escaped."""
    out: list[str] = []
    pos = 0
    for m in parse_html_inline(text).markup:  # tags, comments and whole code elements
        out.append(_escape_run(text[pos : m.start], written, ascii_only))
        atom = text[m.start : m.end]
        forms = tags.get(atom)
        out.append(forms.pop(0) if forms else atom)
        pos = m.end
    out.append(_escape_run(text[pos:], written, ascii_only))
    return "".join(out)


def _escape_run(piece: str, written: dict[str, str], ascii_only: bool) -> str:
    """Text between tags: ``&`` that starts no reference, ``<`` and ``>`` escaped."""
    out: list[str] = []
    if piece:
        pos = 0
        chunk: list[str] = []
        for m in _REFERENCE.finditer(piece):
            chunk.append(_escape_plain(piece[pos : m.start()]))
            ref = m.group(0)
            chunk.append(ref if html_lib.unescape(ref) != ref else "&amp;" + ref[1:])
            pos = m.end()
        chunk.append(_escape_plain(piece[pos:]))
        out.append(_chars("".join(chunk), written, ascii_only))
    return "".join(out)


def _escape_plain(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escape_value(text: str, quote: str, written: dict[str, str], ascii_only: bool) -> str:
    out = _escape_plain(text).replace(quote, "&quot;" if quote == '"' else "&#39;")
    return _chars(out, written, ascii_only)


def localize_root(page: str, locale: str) -> str:
    """``page`` with the ``lang`` of its ``<html>`` tag set to ``locale`` (as a BCP 47 tag,
    ``pt-BR``) and ``dir`` to ``rtl`` for a right-to-left locale (``ltr`` where the source said
    ``rtl``); unchanged when the tag has no ``lang``."""
    root = re.search(r"<html[\s/>]", page, re.IGNORECASE)
    if root is None:
        return page
    found = None
    for kind, name, _, start, end in tokens(page[: root.start() + 8192]):
        if kind in ("start", "startend") and name == "html":
            found = (start, end)
            break
        if kind in ("start", "startend", "end"):
            return page  # content before <html>: a fragment, or no root tag
    if found is None:
        return page
    start, end = found
    tag = page[start:end]
    values = {attr: (s, e, quote) for attr, s, e, quote in tag_attributes(tag)}
    if "lang" not in values:
        return page
    parsed = parse_locale(locale)
    bcp47 = "-".join(p for p in (parsed.language, parsed.script, parsed.territory) if p)
    rtl = is_rtl(locale)
    edits = [(values["lang"], bcp47)]
    if "dir" in values:
        s, e, _ = values["dir"]
        if rtl or tag[s:e].strip().lower() == "rtl":
            edits.append((values["dir"], "rtl" if rtl else "ltr"))
    new = tag
    if rtl and "dir" not in values:
        s, e, quote = values["lang"]
        at = e + (1 if quote else 0)
        new = new[:at] + ' dir="rtl"' + new[at:]
    for (s, e, quote), value in sorted(edits, key=lambda x: -x[0][0]):
        new = new[:s] + (value if quote else f'"{value}"') + new[e:]
    return page[:start] + new + page[end:]
