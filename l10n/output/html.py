"""A localized article as a web page: ``l10n build --format html``.

The page is rendered from the article ``build`` would write in its source format (the text
:func:`l10n.document.assemble.assemble` returns, after the per-block injection guard of
:mod:`l10n.document.injection`), so a translation can never add markup to it: the source's own
HTML blocks and inline tags are the author's and pass through, as site generators do, and
everything a translator wrote is text. Markdown is rendered by pulldown-cmark (pyromark) with
the parser options the article was read with
(:func:`~l10n.document.formats.markdown_extensions.parser_options`); plain text is shown as
preformatted text.

The page is minimal: ``<html lang dir>`` from CLDR (so Arabic and Hebrew read right to left),
``<meta charset="utf-8">``, the front matter's ``title`` as ``<title>`` and ``<h1>`` (unless
the article opens with a level-1 heading of its own, which then serves as both), and the front
matter's machine-readable ``date`` written for the locale (CLDR's long format, ``20 de outubro
de 2022``) in a ``<time datetime>``. Template tags (Hugo shortcodes, Liquid, Jinja) cannot be
expanded here: they are shown as written, as text.
"""

from __future__ import annotations

import datetime as dt
import html
import tomllib
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any, cast
from urllib.parse import quote

import pyromark
import yaml
from babel.dates import format_date

from l10n.document.formats import FormatOptions
from l10n.document.formats.frontmatter import find_front_matter
from l10n.document.formats.markdown_extensions import parser_options
from l10n.document.formats.markdown_templates import text_tags
from l10n.locales import is_rtl, language_tag, parse_locale

_STYLE = (
    "body{max-width:42em;margin:2em auto;padding:0 1em;line-height:1.5;font-family:serif}"
    "pre{white-space:pre-wrap;font-family:inherit}"
)
"""The page's only style: a readable column; plain text keeps its lines but wraps long ones."""


@dataclass(frozen=True)
class PageFacts:
    """What the page shows around the article's body."""

    title: str
    """The ``<title>``: the front matter's title, else the first heading or line, else the
    article's file name."""
    heading: str | None
    """The ``<h1>`` written above the body; None when the body opens with its own."""
    date: dt.date | None
    """The front matter's ``date``, when it is one."""


def html_page(built: str, *, article_format: str, locale: str, options: FormatOptions,
              path: str) -> str:
    """The web page of ``built``, the localized article at ``path`` (``markdown`` or ``text``)
    in ``locale``."""
    text = built.removeprefix("\ufeff")
    if article_format == "markdown":
        meta, body = _split_front_matter(text, path)
        flags = parser_options(options)
        shown, tags = _tags_as_tokens(body, flags)
        opening = _opening_heading(shown, flags)
        rendered = _restore_tags(pyromark.html(shown, options=flags), tags)
        title = _string(meta.get("title"))
        facts = PageFacts(
            title=title or (_restore_plain(opening, tags) if opening else None) or _stem(path),
            heading=title if title and opening is None else None,
            date=_date(meta.get("date")),
        )
    else:
        first = next((line.strip() for line in text.splitlines() if line.strip()), "")
        facts = PageFacts(title=first or _stem(path), heading=None, date=None)
        # HTML drops a line break right after <pre>: this one, so the article's own first is kept
        rendered = f"<pre>\n{html.escape(text, quote=False)}</pre>\n"
    return _page(facts, rendered, locale)


def _page(facts: PageFacts, body: str, locale: str) -> str:
    lang = language_tag(locale)
    direction = "rtl" if is_rtl(locale) else "ltr"
    top = f"<h1>{html.escape(facts.heading, quote=False)}</h1>\n" if facts.heading else ""
    end = body.find("</h1>\n") if facts.heading is None and body.startswith("<h1") else -1
    if end >= 0:  # the article's own headline: the date goes under it
        top, body = body[: end + 6], body[end + 6 :]
    if facts.date is not None:
        shown = format_date(facts.date, format="long", locale=parse_locale(locale))
        top += (f'<p><time datetime="{facts.date.isoformat()}">'
                f"{html.escape(shown, quote=False)}</time></p>\n")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(lang)}" dir="{direction}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(facts.title, quote=False)}</title>\n"
        f"<style>{_STYLE}</style>\n"
        "</head>\n"
        "<body>\n"
        "<article>\n"
        f"{top}{body}"
        "</article>\n"
        "</body>\n"
        "</html>\n"
    )


def _split_front_matter(text: str, path: str) -> tuple[dict[str, Any], str]:
    """The front matter's values (empty when there is none or it is not a table) and the
    Markdown body after it."""
    found = find_front_matter(text, path, ())
    if found is None:
        return {}, text
    lines = text[: found.end].splitlines(keepends=True)
    inner = "".join(lines[1:-1])
    try:
        data: object = (yaml.safe_load(inner) if text.startswith("-") else tomllib.loads(inner))
    except (yaml.YAMLError, tomllib.TOMLDecodeError, ValueError):
        data = None  # build's front-matter guard keeps a translated one readable; be lenient
    return (cast(dict[str, Any], data) if isinstance(data, dict) else {}), text[found.end :]


def _string(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _date(value: object) -> dt.date | None:
    """A front-matter date: YAML's and TOML's date and date-time values, or an ISO 8601 string
    (``2022-10-20``, ``2022-10-20T08:00:00Z``)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip()).date()
        except ValueError:
            return None
    return None


def _stem(path: str) -> str:
    return PurePosixPath(path).stem


def _tags_as_tokens(body: str, flags: pyromark.Options) -> tuple[str, list[tuple[str, str]]]:
    """``body`` with every template tag a reader sees as text replaced by a token that Markdown
    leaves alone, and (token, tag as written) pairs to put back after rendering: nothing inside
    a tag (``{{<b>}}``, ``*``, ``&amp;``) is read as HTML or Markdown."""
    tags = text_tags(body, flags)
    if not tags:
        return body, []
    mark = next(chr(c) for c in range(0xE000, 0xF900) if chr(c) not in body)
    out: list[str] = []
    pairs: list[tuple[str, str]] = []
    pos = 0
    for n, tag in enumerate(tags):
        token = f"{mark}{n}{mark}"
        out += [body[pos : tag.start], token]
        pairs.append((token, body[tag.start : tag.end]))
        pos = tag.end
    out.append(body[pos:])
    return "".join(out), pairs


def _restore_tags(rendered: str, pairs: list[tuple[str, str]]) -> str:
    """The rendered page with each token back as its tag, escaped (a token in a link's
    address comes back percent-encoded)."""
    for token, tag in pairs:
        shown = html.escape(tag)
        rendered = rendered.replace(token, shown).replace(quote(token), shown)
    return rendered


def _restore_plain(text: str, pairs: list[tuple[str, str]]) -> str:
    for token, tag in pairs:
        text = text.replace(token, tag)
    return text


def _opening_heading(body: str, flags: pyromark.Options) -> str | None:
    """The plain text of the level-1 heading the body opens with, or None when its first block
    is anything else."""
    inside = False
    parts: list[str] = []
    for raw in pyromark.events(body, options=flags):
        event = cast(Any, raw)
        if type(event) is not dict:
            if inside and event in ("SoftBreak", "HardBreak"):
                parts.append(" ")
            continue
        name, value = next(iter(event.items()))
        if not inside:
            if name != "Start":
                continue
            block = value if type(value) is str else next(iter(value))
            if block != "Heading" or value["Heading"]["level"] != "H1":
                return None
            inside = True
        elif name == "End" and (value if type(value) is str else next(iter(value))) == "Heading":
            return " ".join("".join(parts).split())
        elif name in ("Text", "Code"):
            parts.append(value)
    return None
