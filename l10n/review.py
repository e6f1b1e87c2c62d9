"""A static review page: what is left and what is broken, for an editor with a browser.

``l10n status`` and ``l10n check`` speak to a terminal; editors want one page to open, read and
print. :func:`review_page` renders rows of catalogs (article, locale) as one self-contained
HTML5 document: inline CSS, no JavaScript, no external resources, so it works offline, can be
mailed as a file and prints well. It holds

- a summary table: progress by words, entries per state, errors and warnings per catalog;
- per catalog, the findings of :mod:`l10n.catalog.checks` (errors first, with the PO line), and the
  entries that need a person, source and draft side by side; for entries whose source changed,
  a word-level diff of the previous source (``#|``) against the current one; the provenance of
  machine drafts in small print; untranslated entries folded into a ``<details>`` list.

Every text from the project (sentences, names, paths, messages) is escaped with
:func:`html.escape`. Targets carry ``lang`` and, for right-to-left scripts, ``dir="rtl"``.
:func:`collect` loads the rows from a project; :func:`write_review` writes the page atomically.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import polib

from l10n.catalog.checks import Finding, Severity, check_catalog
from l10n.catalog.provenance import parse_provenance
from l10n.catalog.state import EntryState, classify, previous_msgid
from l10n.catalog.stats import CatalogStats, catalog_stats, language_name
from l10n.catalog.store import load_catalog
from l10n.catalog.triage import word_diff as triage_word_diff
from l10n.config import Config
from l10n.document.inline import References
from l10n.errors import LocaleError
from l10n.fsutil import atomic_write_text
from l10n.locales import is_rtl
from l10n.project import catalogs, check_article

ReviewState = Literal["machine draft", "edited draft", "source changed", "fuzzy", "untranslated"]
"""Why an entry needs a person."""

REVIEW_STATES: dict[EntryState, ReviewState] = {
    EntryState.MACHINE: "machine draft",
    EntryState.EDITED: "edited draft",
    EntryState.STALE: "source changed",
    EntryState.FUZZY: "fuzzy",
    EntryState.UNTRANSLATED: "untranslated",
}
"""The entry states the page lists, and their labels; the other states need nobody."""


@dataclass(frozen=True)
class ReviewItem:
    """One entry that needs a person."""

    msgid: str
    """The current source sentence."""
    msgstr: str
    """The draft (empty when untranslated; the first form of a plural entry)."""
    state: ReviewState
    """Why it needs review (decided by :func:`l10n.catalog.state.classify`)."""
    previous_msgid: str | None
    """The source before it changed (``#|``), or None."""
    provenance: str
    """Machine-translation provenance for humans (``pseudo 1.0, 2024-05-01``), or ""."""
    line: int
    """Line of the entry in the PO file (0 when unknown)."""


@dataclass(frozen=True)
class ReviewRow:
    """One catalog: an article in one locale."""

    article: str
    """Article stem (``world/bakhmut``)."""
    locale: str
    """Target locale (``pt_BR``)."""
    po_path: str
    """The PO file, as shown to the editor (relative to the project when possible)."""
    stats: CatalogStats
    """Progress counts."""
    findings: tuple[Finding, ...]
    """Check findings, in any order (the page shows errors first)."""
    items: tuple[ReviewItem, ...]
    """Entries needing review, in PO file order."""
    source_language: str = ""
    """Language of the msgids (``en``), for the ``lang`` of source cells; "" when unknown."""


# --------------------------------------------------------------------------- from PO files


def provenance_note(entry: polib.POEntry) -> str:
    """Short provenance of a machine draft (``pseudo 1.0, 2024-05-01, edited since``), or ""."""
    prov = parse_provenance(entry.tcomment or "")
    if prov is None:
        return ""
    parts = [f"{prov.engine} {prov.model}".strip(), *([prov.date] if prov.date else [])]
    if prov.via != "engine":
        parts.append(f"via {prov.via}")
    if entry.msgstr and not prov.matches(entry.msgstr):
        parts.append("edited since")
    return ", ".join(parts)


def review_items(po: polib.POFile) -> list[ReviewItem]:
    """The entries of ``po`` that need a person, in file order (header and obsolete skipped)."""
    items: list[ReviewItem] = []
    for entry in po:
        state = REVIEW_STATES.get(classify(entry))
        if state is None:
            continue
        msgstr = entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr
        items.append(
            ReviewItem(
                msgid=entry.msgid,
                msgstr=msgstr,
                state=state,
                previous_msgid=previous_msgid(entry),
                provenance=provenance_note(entry),
                line=entry.linenum or 0,
            )
        )
    return items


def review_row(
    article: str, locale: str, po_path: str, po: polib.POFile, source_language: str = "",
    *, article_format: str, references: References = (), findings: Sequence[Finding] | None = None,
) -> ReviewRow:
    """Statistics, findings and review entries of one loaded catalog of an article in
    ``article_format`` whose link reference definitions are ``references``; ``findings`` are
    what ``l10n check`` reports for it (:func:`l10n.project.check_article`), computed from the
    catalog alone when not given."""
    return ReviewRow(
        article=article,
        locale=locale,
        po_path=po_path,
        stats=catalog_stats(po),
        findings=tuple(check_catalog(po, article_format, references) if findings is None else findings),
        items=tuple(review_items(po)),
        source_language=source_language,
    )


def collect(config: Config, locales: Sequence[str]) -> list[ReviewRow]:
    """One row per article and locale (all configured locales when ``locales`` is empty).

    A missing catalog is a :class:`~l10n.errors.CatalogError` telling to run ``l10n extract``.
    """
    rows = []
    for article, locale, path in catalogs(config, locales):
        inside = path.is_relative_to(config.root)
        shown = path.relative_to(config.root).as_posix() if inside else str(path)
        po = load_catalog(path)
        rows.append(review_row(article.stem, locale, shown, po, config.source_language,
                               article_format=article.format,
                               findings=check_article(config, article, po)))
    return rows


def write_review(
    config: Config,
    locales: Sequence[str],
    output: Path,
    *,
    title: str | None = None,
    generated: str | None = None,
) -> Path:
    """Collect the rows, render the page and write it atomically to ``output``; returns it."""
    stamp = generated or datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    heading = title or f"Translation review: {config.project}"
    page = review_page(collect(config, locales), title=heading, generated=stamp)
    atomic_write_text(output, page)
    return output


# --------------------------------------------------------------------------- rendering

def word_diff(old: str, new: str) -> str:
    """HTML of ``new`` with the word-level changes from ``old`` as ``<del>``/``<ins>``
    (the diff is :func:`l10n.catalog.triage.word_diff`'s).

    Removing the ``<ins>`` parts gives ``old`` back, removing the ``<del>`` parts ``new``.
    """
    return triage_word_diff(old, new, _esc)


def lang_attrs(locale: str) -> str:
    """`` lang="pt-BR"`` plus `` dir="rtl"`` for right-to-left locales ("" for no locale)."""
    if not locale:
        return ""
    base, _, modifier = locale.partition("@")
    tag = base.replace("_", "-") + ("-Latn" if modifier == "latin" else "")
    try:
        rtl = is_rtl(locale)
    except (LocaleError, ValueError):
        rtl = False
    return f' lang="{_esc(tag)}"' + (' dir="rtl"' if rtl else "")


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _anchor(index: int, row: ReviewRow) -> str:
    return f"c{index}-" + re.sub(r"[^A-Za-z0-9_-]+", "-", f"{row.article}-{row.locale}")


def _errors_warnings(findings: Sequence[Finding]) -> tuple[int, int]:
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    return errors, len(findings) - errors


_SUMMARY_STATES = (
    ("translated", "Translated"),
    ("fuzzy_machine", "Machine drafts"),
    ("fuzzy_edited", "Edited drafts"),
    ("fuzzy_changed", "Source changed"),
    ("fuzzy_other", "Fuzzy"),
    ("untranslated", "Untranslated"),
)


def _summary_cells(stats: CatalogStats, errors: int, warnings: int) -> str:
    pct = stats.percent
    bar = f'<span class="bar"><span style="width:{pct:.1f}%"></span></span>'
    cells = [f'<td class="num">{pct:.1f}%{bar}</td>']
    for name, _ in _SUMMARY_STATES:
        count = getattr(stats, name)
        cells.append(f'<td class="num" title="{count.words} words">{count.strings}</td>')
    cells.append(f'<td class="num{" bad" if errors else ""}">{errors}</td>')
    cells.append(f'<td class="num{" warn" if warnings else ""}">{warnings}</td>')
    return "".join(cells)


def _summary(rows: Sequence[ReviewRow]) -> str:
    head = "".join(f'<th scope="col">{label}</th>' for _, label in _SUMMARY_STATES)
    out = [
        (
            '<section id="summary"><h2>Summary</h2><table class="summary"><thead><tr>'
            '<th scope="col">Article</th><th scope="col">Language</th><th scope="col">Done</th>'
            f'{head}<th scope="col">Errors</th><th scope="col">Warnings</th></tr></thead><tbody>'
        )
    ]
    total, all_errors, all_warnings = CatalogStats(), 0, 0
    for index, row in enumerate(rows):
        errors, warnings = _errors_warnings(row.findings)
        total = total + row.stats
        all_errors, all_warnings = all_errors + errors, all_warnings + warnings
        out.append(
            f'<tr><th scope="row"><a href="#{_anchor(index, row)}">{_esc(row.article)}</a></th>'
            f"<td>{_esc(language_name(row.locale))} <code>{_esc(row.locale)}</code></td>"
            f"{_summary_cells(row.stats, errors, warnings)}</tr>"
        )
    out.append(
        f'</tbody><tfoot><tr><th scope="row">Total</th><td>{len(rows)} catalog(s)</td>'
        f"{_summary_cells(total, all_errors, all_warnings)}</tr></tfoot></table>"
        '<p class="note">Counts are entries (hover for source words); done is the share of '
        "source words translated and reviewed.</p></section>"
    )
    return "".join(out)


def _findings(row: ReviewRow) -> str:
    if not row.findings:
        return ""
    ordered = sorted(row.findings, key=lambda f: (f.severity is not Severity.ERROR, f.line))
    out = [
        (
            '<h3>Findings</h3><table class="findings"><thead><tr><th scope="col">Severity</th>'
            '<th scope="col">Line</th><th scope="col">Check</th><th scope="col">Problem</th>'
            '<th scope="col">Source</th></tr></thead><tbody>'
        )
    ]
    for f in ordered:
        draft = ' <span class="tag">draft</span>' if f.fuzzy else ""
        out.append(
            f'<tr class="{f.severity.value}"><td>{f.severity.value}</td>'
            f'<td class="num">{f.line}</td>'
            f"<td>{_esc(f.check)}</td><td>{_esc(f.message)}{draft}</td>"
            f'<td class="text"{lang_attrs(row.source_language)}>{_esc(f.msgid)}</td></tr>'
        )
    out.append("</tbody></table>")
    return "".join(out)


def _entries(row: ReviewRow) -> str:
    pending = [item for item in row.items if item.state != "untranslated"]
    missing = [item for item in row.items if item.state == "untranslated"]
    src, tgt = lang_attrs(row.source_language), lang_attrs(row.locale)
    out: list[str] = []
    if pending:
        out.append(
            f'<h3>Needs review ({len(pending)})</h3><table class="entries"><thead><tr>'
            '<th scope="col">Line</th><th scope="col">State</th><th scope="col">Source</th>'
            f'<th scope="col">Draft ({_esc(row.locale)})</th></tr></thead><tbody>'
        )
        for item in pending:
            css = item.state.replace(" ", "-")
            if item.previous_msgid is not None:
                source = f'<div class="diff">{word_diff(item.previous_msgid, item.msgid)}</div>'
            else:
                source = _esc(item.msgid)
            note = f'<small class="prov">{_esc(item.provenance)}</small>' if item.provenance else ""
            out.append(
                f'<tr class="{css}"><td class="num">{item.line}</td>'
                f'<td><span class="state {css}">{item.state}</span></td>'
                f'<td class="text source"{src}>{source}</td>'
                f'<td class="text target"{tgt}>{_esc(item.msgstr)}{note}</td></tr>'
            )
        out.append("</tbody></table>")
    if missing:
        words = row.stats.untranslated.words
        out.append(
            f'<details class="untranslated"><summary>{len(missing)} untranslated '
            f"entr{'y' if len(missing) == 1 else 'ies'} ({words} words)</summary><ul>"
        )
        out.extend(
            f'<li><span class="line">{item.line}</span> '
            f'<span class="text"{src}>{_esc(item.msgid)}</span></li>'
            for item in missing
        )
        out.append("</ul></details>")
    if not out and not row.findings:
        out.append('<p class="done">Nothing left to review.</p>')
    return "".join(out)


def _catalog(index: int, row: ReviewRow) -> str:
    errors, warnings = _errors_warnings(row.findings)
    return (
        f'<section class="catalog" id="{_anchor(index, row)}">'
        f"<h2>{_esc(row.article)} <span class=\"lang\">{_esc(language_name(row.locale))} "
        f"<code>{_esc(row.locale)}</code></span></h2>"
        f'<p class="meta"><code>{_esc(row.po_path)}</code> · {row.stats.percent:.1f}% done · '
        f"{errors} error(s), {warnings} warning(s)</p>"
        f"{_findings(row)}{_entries(row)}</section>"
    )


_CSS = """
:root { color-scheme: light; --line: #ccc; --muted: #666; }
body { font: 15px/1.45 system-ui, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: #111;
  margin: 1.5rem auto; max-width: 80rem; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin: 0; } h2 { font-size: 1.2rem; margin: 2rem 0 .3rem; }
h3 { font-size: 1rem; margin: 1rem 0 .3rem; }
.meta, .note, .prov, .lang, .line, .tag { color: var(--muted); }
.lang { font-weight: normal; font-size: .9em; } .line, .tag { font-size: .8em; }
table { border-collapse: collapse; width: 100%; margin: .3rem 0; }
th, td { border: 1px solid var(--line); padding: .25rem .45rem; text-align: start;
  vertical-align: top; }
thead th { background: #f3f3f3; }
.num { text-align: end; white-space: nowrap; font-variant-numeric: tabular-nums; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; } .entries .text { width: 42%; }
.bar { display: block; height: 4px; background: #eee; margin-top: 2px; }
.bar span { display: block; height: 4px; background: #2a7; }
.bad, tr.error td:first-child { color: #b00; font-weight: bold; }
.warn, tr.warning td:first-child { color: #a60; }
.state { font-size: .8em; white-space: nowrap; padding: 0 .3em; border: 1px solid var(--line);
  border-radius: 3px; }
.machine-draft, .edited-draft { background: #eef4ff; } .source-changed { background: #fff6e0; }
.fuzzy { background: #f6eefc; }
.prov { display: block; font-size: .75em; margin-top: .2rem; white-space: normal; }
del { background: #fdd; text-decoration: line-through; }
ins { background: #dfd; text-decoration: underline; }
details { margin: .5rem 0; } summary { cursor: pointer; }
details ul { list-style: none; padding-inline-start: 1rem; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  a { color: inherit; text-decoration: none; }
  .catalog { break-before: page; } tr, li { break-inside: avoid; }
  thead { display: table-header-group; } .bar { display: none; }
  del, ins, .state { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def review_page(rows: Sequence[ReviewRow], *, title: str, generated: str) -> str:
    """The whole review page for ``rows`` (in the given order) as one HTML5 document."""
    body = [_summary(rows)] if rows else ['<p class="done">No catalogs to review.</p>']
    body.extend(_catalog(index, row) for index, row in enumerate(rows))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_esc(title)}</title><style>{_CSS}</style></head><body>"
        f'<header><h1>{_esc(title)}</h1><p class="meta">Generated {_esc(generated)}</p></header>'
        f"<main>{''.join(body)}</main></body></html>\n"
    )
