"""The review page as HTML: a summary that leads to every problem, then every entry.

:func:`review_page` renders rows of catalogs (:mod:`l10n.review.data`) as one self-contained
HTML5 document: inline CSS and one inline script for the filters (:mod:`l10n.review.assets`),
a Content-Security-Policy that allows nothing else, no external resource. It holds

- a summary table: entries per state (the counts of ``l10n status``) and findings per catalog;
- every finding of ``l10n check``, linked to its entry;
- state filters (and "has findings");
- per catalog, every entry: its source line (from ``#:``), state and provenance, source and
  translation side by side (a word diff for stale entries), and its findings;
- per catalog, a side-by-side preview of the article as published in each state.

Every text from the project (sentences, comments, flags, names, paths, messages) is escaped
with :func:`html.escape`; rendered previews go through :mod:`l10n.review.sanitize`. Targets
carry ``lang`` and, for right-to-left scripts, ``dir="rtl"``.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from l10n.catalog.checks import Finding, Severity
from l10n.catalog.state import EntryState
from l10n.catalog.stats import STATES, CatalogStats, language_name
from l10n.errors import LocaleError
from l10n.locales import is_rtl
from l10n.review.assets import CSP, CSS, SCRIPT
from l10n.review.data import STATE_LABELS, ReviewItem, ReviewRow
from l10n.review.diff import stale_source
from l10n.review.preview import Preview, article_html

_HEADINGS: dict[str, str] = {
    EntryState.TRANSLATED.value: "Reviewed",
    EntryState.MACHINE.value: "Machine drafts",
    EntryState.EDITED.value: "Edited drafts",
    EntryState.STALE.value: "Stale",
    EntryState.FUZZY.value: "Other fuzzy",
    EntryState.UNTRANSLATED.value: "Untranslated",
    EntryState.OBSOLETE.value: "Obsolete",
}

SUMMARY_COLUMNS: tuple[tuple[str, str], ...] = tuple((name, _HEADINGS[name]) for name in STATES)
"""(``l10n status --json`` name, heading) of the summary's count columns: every state of
:data:`l10n.catalog.stats.STATES`, in its order."""


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


def catalog_id(index: int, row: ReviewRow) -> str:
    """The anchor of a catalog's section."""
    return f"c{index}-" + re.sub(r"[^A-Za-z0-9_-]+", "-", f"{row.article}-{row.locale}")


def entry_id(index: int, item_index: int) -> str:
    """The anchor of an entry's row."""
    return f"e{index}-{item_index}"


def _errors_warnings(findings: Sequence[Finding]) -> tuple[int, int]:
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    return errors, len(findings) - errors


def _summary_cells(stats: CatalogStats, errors: int, warnings: int) -> str:
    pct = stats.percent
    bar = f'<span class="bar"><span style="width:{pct:.1f}%"></span></span>'
    cells = [f'<td class="num">{pct:.1f}%{bar}</td>']
    for name, _ in SUMMARY_COLUMNS:
        count = getattr(stats, name)
        cells.append(f'<td class="num" data-state="{name}" data-words="{count.words}" '
                     f'title="{count.words} words">{count.strings}</td>')
    cells.append(f'<td class="num{" bad" if errors else ""}" data-count="errors">{errors}</td>')
    cells.append(f'<td class="num{" warn" if warnings else ""}" data-count="warnings">{warnings}</td>')
    return "".join(cells)


@dataclass(frozen=True)
class SummaryRow:
    """One catalog's line in a summary table."""

    article: str
    """Article stem."""
    locale: str
    """Target locale."""
    stats: CatalogStats
    """Counts per state, those of ``l10n status``."""
    errors: int
    """Findings of severity error."""
    warnings: int
    """Other findings."""
    href: str
    """Where its section is (``#c0-news-de`` on the page, ``review/news.html#c0-news-de``)."""


@dataclass(frozen=True)
class FindingLink:
    """One finding with the link to its entry (or, for a finding of no entry, its catalog)."""

    finding: Finding
    """The finding, as ``l10n check`` reports it."""
    article: str
    """Article stem."""
    locale: str
    """Target locale."""
    source_language: str
    """Language of the sentence, for its ``lang``."""
    href: str
    """The link to its entry or catalog."""
    where: str
    """The entry's source lines (``source/x.md:12``), or ""."""
    state: str
    """The entry's state (``fuzzy_machine``), or "" for a finding of no entry."""


def summary_rows(rows: Sequence[ReviewRow], page: str = "") -> list[SummaryRow]:
    """The summary lines of ``rows`` rendered on ``page`` ("" = this page), in order."""
    out = []
    for index, row in enumerate(rows):
        errors, warnings = _errors_warnings(row.findings)
        out.append(SummaryRow(row.article, row.locale, row.stats, errors, warnings,
                              f"{page}#{catalog_id(index, row)}"))
    return out


def _keys(stats: CatalogStats, findings: int) -> str:
    """The filter keys of a summary line: every listed state it has entries in, and findings."""
    keys = [state.value for state in STATE_LABELS if getattr(stats, state.value).strings]
    return " ".join([*keys, *(["findings"] if findings else [])])


def summary_head() -> str:
    """The start of the summary section, up to its first line."""
    head = "".join(f'<th scope="col">{label}</th>' for _, label in SUMMARY_COLUMNS)
    return ('<section id="summary"><h2>Summary</h2><table class="summary"><thead><tr>'
            '<th scope="col">Article</th><th scope="col">Language</th><th scope="col">Done</th>'
            f'{head}<th scope="col">Errors</th><th scope="col">Warnings</th></tr></thead><tbody>')


def summary_line(line: SummaryRow) -> str:
    """One catalog's line of the summary, linked to its section."""
    return (
        f'<tr class="catalog-row" data-article="{_esc(line.article)}" data-locale="{_esc(line.locale)}" '
        f'data-keys="{_keys(line.stats, line.errors + line.warnings)}">'
        f'<th scope="row"><a href="{_esc(line.href)}">{_esc(line.article)}</a></th>'
        f"<td>{_esc(language_name(line.locale))} <code>{_esc(line.locale)}</code></td>"
        f"{_summary_cells(line.stats, line.errors, line.warnings)}</tr>"
    )


def summary_foot(lines: int, total: CatalogStats, errors: int, warnings: int) -> str:
    """The end of the summary section: the totals of its ``lines`` lines."""
    return (
        f'</tbody><tfoot><tr class="total"><th scope="row">Total</th><td>{lines} catalog(s)</td>'
        f"{_summary_cells(total, errors, warnings)}</tr></tfoot></table>"
        '<p class="note">Counts are entries (hover for source words), as <code>l10n status</code> '
        "counts them; done is the share of source words translated and reviewed.</p></section>"
    )


def summary_table(lines: Sequence[SummaryRow]) -> str:
    """The summary section: entries per state and findings per catalog, each line linked."""
    total = CatalogStats()
    for line in lines:
        total = total + line.stats
    return (summary_head() + "".join(summary_line(line) for line in lines)
            + summary_foot(len(lines), total, sum(line.errors for line in lines),
                           sum(line.warnings for line in lines)))


def finding_links(rows: Sequence[ReviewRow], page: str = "") -> list[FindingLink]:
    """Every finding of ``rows`` rendered on ``page`` ("" = this page) with the link to its
    entry, errors first, then in catalog and PO line order."""
    found = []
    for index, row in enumerate(rows):
        owner: dict[int, tuple[str, str, str]] = {}
        for item_index, item in enumerate(row.items):
            for finding in item.findings:
                owner[id(finding)] = (entry_id(index, item_index), ", ".join(item.sources),
                                      item.state.value)
        for finding in row.findings:
            anchor, where, state = owner.get(id(finding), (catalog_id(index, row), "", ""))
            found.append((index, FindingLink(finding, row.article, row.locale, row.source_language,
                                             f"{page}#{anchor}", where, state)))
    found.sort(key=lambda t: (t[1].finding.severity is not Severity.ERROR, t[0], t[1].finding.line))
    return [link for _, link in found]


NO_FINDINGS = '<section id="findings"><h2>Findings</h2><p class="done">No findings.</p></section>'
"""The findings section of a page without findings."""


def findings_head(count: int) -> str:
    """The start of the findings section of ``count`` findings (at least one)."""
    return (
        f'<section id="findings"><h2>Findings ({count})</h2><table class="findings"><thead><tr>'
        '<th scope="col">Severity</th><th scope="col">Article</th><th scope="col">Language</th>'
        '<th scope="col">Source line</th><th scope="col">PO line</th><th scope="col">Check</th>'
        '<th scope="col">Problem</th><th scope="col">Sentence</th></tr></thead><tbody>'
    )


def findings_left_out(count: int, severity: str) -> str:
    """The line that stands for ``count`` findings of ``severity`` the index does not list."""
    return (f'<tr class="{severity} more"><td class="sev">{severity}</td><td colspan="7">'
            f"and {count} more {severity}(s) not listed here: each article's page lists all of its "
            "own, and the summary above counts them per catalog</td></tr>")


FINDINGS_FOOT = "</tbody></table></section>"
"""The end of a findings section with findings."""


def finding_row(link: FindingLink) -> str:
    """One finding's line, linked to its entry."""
    f = link.finding
    draft = ' <span class="tag">draft</span>' if f.fuzzy else ""
    return (
        f'<tr class="{f.severity.value}" data-state="{link.state}"><td class="sev">{f.severity.value}</td>'
        f"<td>{_esc(link.article)}</td><td><code>{_esc(link.locale)}</code></td>"
        f'<td class="where">{_esc(link.where)}</td><td class="num">{f.line}</td>'
        f"<td>{_esc(f.check)}</td><td>{_esc(f.message)}{draft}</td>"
        f'<td class="text"{lang_attrs(link.source_language)}>'
        f'<a class="to-entry" href="{_esc(link.href)}">{_esc(f.msgid)}</a></td></tr>'
    )


def findings_table(found: Sequence[FindingLink]) -> str:
    """The findings section: every finding, linked to its entry."""
    if not found:
        return NO_FINDINGS
    return findings_head(len(found)) + "".join(finding_row(link) for link in found) + FINDINGS_FOOT


def filter_bar(counts: Mapping[str, int]) -> str:
    """The filter buttons, labelled with ``counts`` (state value, "all" or "findings" -> how many)."""
    buttons = [f'<button type="button" data-filter="all">All ({counts.get("all", 0)})</button>']
    for state, label in STATE_LABELS.items():
        buttons.append(f'<button type="button" data-filter="{state.value}">{label} '
                       f'({counts.get(state.value, 0)})</button>')
    buttons.append(f'<button type="button" data-filter="findings">has findings '
                   f'({counts.get("findings", 0)})</button>')
    return f'<nav id="filters" hidden aria-label="Show entries">Show: {"".join(buttons)}</nav>'


def entry_counts(rows: Sequence[ReviewRow]) -> Counter[str]:
    """Entries of ``rows`` per filter of :func:`filter_bar`."""
    counts: Counter[str] = Counter()
    for row in rows:
        for item in row.items:
            counts["all"] += 1
            counts[item.state.value] += 1
            counts["findings"] += bool(item.findings)
    return counts


def _translation(item: ReviewItem) -> str:
    forms = [f'<span class="form">{_esc(text)}</span>' for text in item.msgstr if text]
    if len(item.msgstr) > 1:
        forms = [f'<span class="form">[{i}] {_esc(text)}</span>' for i, text in enumerate(item.msgstr)]
    return "<br>".join(forms)


def _entry(index: int, item_index: int, item: ReviewItem, src: str, tgt: str, language: str) -> str:
    state = item.state.value
    label = STATE_LABELS.get(item.state, state)
    note = f'<small class="prov">{_esc(item.provenance)}</small>' if item.provenance else ""
    if item.previous_msgid is not None:
        source = (stale_source(item.previous_msgid, item.msgid, language)
                  + f'<small class="before">before: {_esc(item.previous_msgid)}</small>')
    else:
        source = _esc(item.msgid)
    if item.msgctxt is not None:
        source = f'<small class="flags">context: {_esc(item.msgctxt)}</small>{source}'
    comment = f'<small class="comment">{_esc(item.comments)}</small>' if item.comments else ""
    flags = f'<small class="flags">flags: {_esc(", ".join(item.flags))}</small>' if item.flags else ""
    found = "".join(
        f'<li class="{f.severity.value}"><span class="sev">{f.severity.value}</span> '
        f"{_esc(f.check)}: {_esc(f.message)}</li>"
        for f in item.findings
    )
    listed = f'<ul class="found">{found}</ul>' if found else ""
    return (
        f'<tr class="entry {state}" id="{entry_id(index, item_index)}" data-state="{state}" '
        f'data-findings="{len(item.findings)}" '
        f'data-keys="{state}{" findings" if item.findings else ""}">'
        f'<td class="where"><code>{"<br>".join(_esc(s) for s in item.sources)}</code>'
        f'<small class="flags">PO line {item.po_line}</small></td>'
        f'<td><span class="state">{label}</span>{note}{flags}</td>'
        f'<td class="text source"{src}>{source}</td>'
        f'<td class="text target"{tgt}>{_translation(item)}{comment}</td>'
        f"<td>{listed}</td></tr>"
    )


def _entries(index: int, row: ReviewRow) -> str:
    if not row.items:
        return '<p class="done">No entries.</p>'
    src, tgt = lang_attrs(row.source_language), lang_attrs(row.locale)
    out = [
        f'<table class="entries"><thead><tr><th scope="col">Source line</th>'
        '<th scope="col">State</th><th scope="col">Source</th>'
        f'<th scope="col">Translation ({_esc(row.locale)})</th><th scope="col">Findings</th>'
        "</tr></thead><tbody>"
    ]
    language = row.source_language.split("_")[0] or "en"
    out.extend(_entry(index, i, item, src, tgt, language) for i, item in enumerate(row.items))
    out.append("</tbody></table>")
    return "".join(out)


def _preview(row: ReviewRow, preview: Preview) -> str:
    src, tgt = lang_attrs(row.source_language), lang_attrs(row.locale)
    columns = [f'<article class="source"{src}><h4 lang="en">Source</h4>'
               f"{article_html(preview.source, preview.format)}</article>"]
    for label, text in preview.published:
        slug = re.sub(r"[^a-z]+", "-", label.lower()).strip("-")
        columns.append(f'<article class="published {slug}"{tgt}><h4 lang="en">{_esc(label)}</h4>'
                       f"{article_html(text, preview.format)}</article>")
    return (f'<details class="preview"><summary>Preview as published ({_esc(row.locale)})</summary>'
            f'<div class="columns">{"".join(columns)}</div></details>')


def _header(row: ReviewRow) -> str:
    return "".join(f" · {_esc(name)}: {_esc(value)}" for name, value in row.header)


def _catalog(index: int, row: ReviewRow) -> str:
    errors, warnings = _errors_warnings(row.findings)
    preview = _preview(row, row.preview) if row.preview is not None else ""
    return (
        f'<section class="catalog" id="{catalog_id(index, row)}">'
        f"<h2>{_esc(row.article)} <span class=\"lang\">{_esc(language_name(row.locale))} "
        f"<code>{_esc(row.locale)}</code></span></h2>"
        f'<p class="meta"><code>{_esc(row.po_path)}</code> · {row.stats.percent:.1f}% done · '
        f"{errors} error(s), {warnings} warning(s){_header(row)}</p>"
        f"{_entries(index, row)}{preview}</section>"
    )


def document_head(title: str, generated: str, *, nav: str = "") -> str:
    """A review document up to its body: policy, style, header."""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_esc(CSP)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_esc(title)}</title><style>{CSS}</style></head><body>"
        f'<header>{nav}<h1>{_esc(title)}</h1><p class="meta">Generated {_esc(generated)}</p></header>'
        "<main>"
    )


DOCUMENT_FOOT = f"</main><script>{SCRIPT}</script></body></html>\n"
"""A review document after its body: the script."""


def document(title: str, generated: str, body: str, *, nav: str = "") -> str:
    """A whole HTML5 document of the review: policy, style, header, ``body``, the script."""
    return document_head(title, generated, nav=nav) + body + DOCUMENT_FOOT


def review_page(rows: Sequence[ReviewRow], *, title: str, generated: str, index: str = "") -> str:
    """The review page of ``rows`` (in the given order) as one HTML5 document: the whole
    project, or one article's page of a split review (``index``: the link back to its index)."""
    if rows:
        body = [summary_table(summary_rows(rows)), findings_table(finding_links(rows)),
                filter_bar(entry_counts(rows))]
        body.extend(_catalog(i, row) for i, row in enumerate(rows))
    else:
        body = ['<p class="done">No catalogs to review.</p>']
    nav = f'<nav class="up"><a href="{_esc(index)}">All articles</a></nav>' if index else ""
    return document(title, generated, "".join(body), nav=nav)
