"""The one rule for injected markup: what a translation adds that its source never had.

A translation must not bring into the published article a link, an image, an autolink, a bare
URL, an HTML tag (or a changed attribute of one), a code span, a footnote reference or a
template tag that its source did not have. The rule is applied at three places, always through
:func:`added_markup`:

* ``build`` (:mod:`l10n.document.assemble`), per block: after a block's translations are
  spliced together, the block is parsed again, since two sentences that each look harmless
  (``<img src=x`` and ``onerror=alert(1)>``) can make a tag together; a reference link
  ``[docs]`` that resolves to a definition the source block did not use counts as a new link;
* ``check``, which lists what build's block guard refuses (``project.check_article``);
* ``translate`` (:mod:`l10n.mt.drafts`): a machine answer that adds markup or a URL is a failed
  draft, never written.

Markup is read by the one inline owner, :func:`l10n.document.inline.parse_inline`; bare URLs
(which many renderers turn into links: GFM's autolink extension, Goldmark's Linkify) by
:data:`BARE_URL`.
"""

from __future__ import annotations

import re

from l10n.document.inline import References, parse_inline

BARE_URL = re.compile(
    r"(?:\b[A-Za-z][A-Za-z0-9+.-]{1,31}:(?://|[^\s<>\"'`()\[\]]*\()|\bwww\.)[^\s<>\"'`]*",
)
"""A URL a renderer may turn into a link, or a scheme a reader's browser would run: anything
``scheme://...``, ``www.``..., and a scheme directly followed by a call
(``javascript:alert(1)``)."""


def bare_urls(text: str) -> set[str]:
    """The URL-like strings of ``text`` (trailing sentence punctuation stripped), each ending at
    its first unbalanced ``)``: the end of a link destination ``[a](http://x)-based``, or of a
    parenthesis around the URL, whatever text follows it."""
    return {_balanced(m.group(0)).rstrip(".,;:!?]}*_~") for m in BARE_URL.finditer(text)}


def _balanced(url: str) -> str:
    depth = 0
    for i, ch in enumerate(url):
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                return url[:i]
            depth -= 1
    return url


def added_markup(source: str, result: str, references: References = ()) -> str | None:
    """What ``result`` (a translation of ``source``, a message or a whole block) has that the
    source does not: the first such link destination, image source, HTML tag, autolink, code
    span, footnote, template tag or bare URL, described for the editor; ``None`` when nothing
    is new. Reference links count by the destination their label resolves to in
    ``references``. Losing markup is not this rule's business (the markup check reports it)."""
    want = parse_inline(source, references).atoms()
    got = parse_inline(result, references).atoms()
    new = sorted(set(got) - set(want))
    if new:
        kind, value = new[0]
        return f"it would add {kind} {_short(value)!r}, which the source does not have"
    urls = sorted(bare_urls(result) - bare_urls(source))
    if urls:
        return f"it would add the URL {_short(urls[0])!r}, which the source does not have"
    return None


def _short(value: str, n: int = 60) -> str:
    return value if len(value) <= n else value[: n - 1] + "…"
