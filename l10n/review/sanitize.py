"""An allow-list for HTML the review page did not write itself (the rendered preview).

The Markdown renderer passes link destinations through as written, and anything it emits is,
in the end, text from a source article or a translation. :func:`sanitize` parses that HTML with
the standard library's parser and writes it again: allowed tags with their allowed attributes,
every text escaped, every other tag dropped (its text kept, the content of ``script`` and
``style`` shown as text). Links keep a destination only when it is ``http``, ``https`` or
``mailto``; any other is shown after the link text, crossed out, so an editor sees a
``javascript:`` link a translation added instead of following it. Images never load (the page
is offline): they become their alternative text and destination. Together with the page's
Content-Security-Policy this is the second of two walls; each alone keeps a payload inert.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser
from urllib.parse import urlsplit

ALLOWED: dict[str, frozenset[str]] = {
    **{tag: frozenset() for tag in (
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "del", "s", "code", "pre",
        "blockquote", "ul", "li", "hr", "br", "table", "thead", "tbody", "tr", "sup", "sub",
        "dl", "dt", "dd", "section",
    )},
    "ol": frozenset({"start"}),
    "th": frozenset({"align", "style"}),
    "td": frozenset({"align", "style"}),
    "a": frozenset({"href", "title"}),
}
"""Tags kept, with the attributes each may keep."""

VOID = frozenset({"hr", "br", "img", "input", "meta", "link", "wbr", "area", "base", "col",
                  "embed", "source", "track"})
"""Tags without an end tag."""

RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "noscript", "iframe",
                      "noembed", "noframes"})
"""Tags whose content is shown as text, never interpreted."""

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
"""Link destinations the page links to."""

_ALIGN = frozenset({"text-align: left", "text-align: center", "text-align: right"})


def safe_url(url: str) -> bool:
    """Whether a link may point at ``url``: an ``http``, ``https`` or ``mailto`` URL."""
    cleaned = "".join(c for c in url if c > " " and c != "\x7f")
    try:
        scheme = urlsplit(cleaned).scheme.lower()
    except ValueError:
        return False
    return scheme in SAFE_SCHEMES


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


class _Sanitizer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []
        self.raw: str | None = None
        self.links: list[str] = []  # per open <a>: the crossed-out destination to add at its end

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.raw is not None:
            return
        if tag in RAW_TEXT:
            self.raw = tag
            self.out.append(f'<code class="raw">&lt;{_esc(tag)}&gt;</code>')
            return
        if tag == "img":
            values = dict(attrs)
            alt, src = values.get("alt") or "", values.get("src") or ""
            self.out.append(f'<span class="img" title="{_esc(src)}">[image: {_esc(alt)}]</span>')
            return
        allowed = ALLOWED.get(tag)
        if allowed is None:
            return
        kept: list[str] = []
        unsafe = ""
        for name, value in attrs:
            if name not in allowed or value is None:
                continue
            if name == "href" and not safe_url(value):
                unsafe = value
                continue
            if name == "style" and value not in _ALIGN:
                continue
            kept.append(f' {name}="{_esc(value)}"')
        if tag == "a":
            if any(part.startswith(" href=") for part in kept):
                kept.append(' rel="noopener noreferrer" target="_blank"')
            self.links.append(unsafe)
        self.out.append(f"<{tag}{''.join(kept)}>")
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.open and self.open[-1] == tag:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.raw is not None:
            if tag == self.raw:
                self.raw = None
                self.out.append(f'<code class="raw">&lt;/{_esc(tag)}&gt;</code>')
            return
        if tag not in self.open:
            return
        while self.open:
            name = self.open.pop()
            if name == "a":
                unsafe = self.links.pop()
                if unsafe:
                    self.out.append(f' <del class="unsafe" title="link not followed">{_esc(unsafe)}</del>')
            self.out.append(f"</{name}>")
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        self.out.append(_esc(data))

    def close(self) -> None:
        super().close()
        while self.open:
            self.handle_endtag(self.open[-1])


def sanitize(markup: str) -> str:
    """``markup`` with only the allowed tags and attributes; all text escaped."""
    parser = _Sanitizer()
    parser.feed(markup)
    parser.close()
    return "".join(parser.out)
