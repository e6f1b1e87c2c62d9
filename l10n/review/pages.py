"""The review of a large project as many pages: an index, and one page per article.

One page for a whole newsroom does not scale (326 articles in two locales made a 7.6 MB page,
and the writer held every catalog at once). :func:`write_split` writes, next to the index
(``build/review.html``), a folder of its own (``build/review/``) with one page per article
(``build/review/world/bakhmut.html``: every locale of the article, its entries, findings and
previews, exactly as the single page shows them). Pages are written as they are made, one
article's data at a time, each atomically; the index comes last: the counts per article and
locale and the findings of the project (up to :data:`INDEX_FINDINGS` of each severity, the
rest counted), each linked to its catalog or entry on its page, with
the same filters (its lines are kept in temporary files meanwhile, not in memory). The folder is the review's alone (a marker file says so): pages of articles
that are gone are removed, and a folder without the marker is never written into.
"""

from __future__ import annotations

import contextlib
import functools
import os
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from l10n.catalog.checks import Finding, Severity
from l10n.catalog.stats import CatalogStats
from l10n.config import Config
from l10n.errors import CatalogError
from l10n.fsutil import WriteBatch, atomic_write_chunks, locked
from l10n.project import Article, article_groups, project_findings
from l10n.review import render
from l10n.review.data import article_rows_of
from l10n.workers import ordered_map

MARKER = ".l10n-review"
"""The file that marks a pages folder as written by ``l10n review`` (and so its to clean)."""


@dataclass(frozen=True)
class SplitReview:
    """What :func:`write_split` wrote."""

    index: Path
    """The index page."""
    pages: int
    """How many article pages were written."""
    removed: int
    """How many pages of articles no longer reviewed were removed."""


def pages_folder(index: Path) -> Path:
    """The folder of the article pages of the index ``index`` (``build/review.html`` ->
    ``build/review``)."""
    return index.with_suffix("") if index.suffix else index.with_name(index.name + ".pages")


def page_path(folder: Path, article: str) -> Path:
    """The page of ``article`` (a stem such as ``world/bakhmut``) in ``folder``."""
    return folder.joinpath(*article.split("/")).with_name(article.rsplit("/", 1)[-1] + ".html")


def claim(folder: Path) -> None:
    """Make ``folder`` the review's: create it with its marker, or check the marker is there.
    A folder of something else is a :class:`CatalogError`, before anything is written."""
    if folder.is_dir() and not (folder / MARKER).is_file() and any(folder.iterdir()):
        raise CatalogError("this folder is not one `l10n review` wrote; move it away or choose "
                           "another --output", path=folder)
    if folder.exists() and not folder.is_dir():
        raise CatalogError("not a folder; move it away or choose another --output", path=folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARKER).touch()


def remove_pages(folder: Path, keep: set[Path]) -> int:
    """Remove the ``.html`` pages under the review's ``folder`` that are not in ``keep`` (and
    folders left empty); returns how many pages went. Nothing happens without the marker."""
    if not (folder / MARKER).is_file():
        return 0
    removed = 0
    for dirpath, _, names in os.walk(folder, topdown=False):
        for name in names:
            path = Path(dirpath, name)
            if name.endswith(".html") and path not in keep and path.is_file() and not path.is_symlink():
                path.unlink()
                removed += 1
        if Path(dirpath) != folder:
            with contextlib.suppress(OSError):
                os.rmdir(dirpath)  # only when empty
    return removed


def _href(path: Path, start: Path) -> str:
    """A relative URL from a page in ``start`` to ``path``."""
    return quote(Path(os.path.relpath(path, start)).as_posix())


INDEX_FINDINGS = 500
"""Findings of each severity the index lists at most; each article's page lists all of its
own, and the index's summary counts them per catalog. Every finding of a 10,000-article project
in one table would be hundreds of MB of HTML, more than a browser opens."""


class _Spool:
    """HTML written to a temporary file as it is made, read back in blocks: the index of a
    large project is larger than the memory the review may use. Lines after the first
    ``limit`` are counted, not kept."""

    def __init__(self, limit: int | None = None) -> None:
        self.file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by the caller's ExitStack)
        self.count = 0
        self.limit = limit

    @property
    def left_out(self) -> int:
        """Lines counted but not kept."""
        return 0 if self.limit is None else max(0, self.count - self.limit)

    def add(self, html: str) -> None:
        if self.limit is None or self.count < self.limit:
            self.file.write(html.encode("utf-8"))
        self.count += 1

    def chunks(self) -> Iterator[bytes]:
        self.file.seek(0)
        while block := self.file.read(1 << 20):
            yield block


def _index(title: str, generated: str, summary: _Spool, totals: tuple[CatalogStats, int, int],
           errors: _Spool, warnings: _Spool, counts: Counter[str]) -> Iterator[bytes]:
    """The index page, in pieces: what :func:`render.review_page` would show of the project,
    its summary and findings (errors first) linked to the article pages."""
    yield render.document_head(title, generated).encode("utf-8")
    if not summary.count:
        yield b'<p class="done">No catalogs to review.</p>'
    else:
        yield render.summary_head().encode("utf-8")
        yield from summary.chunks()
        yield render.summary_foot(summary.count, *totals).encode("utf-8")
        if errors.count or warnings.count:
            yield render.findings_head(errors.count + warnings.count).encode("utf-8")
            yield from errors.chunks()
            if errors.left_out:
                yield render.findings_left_out(errors.left_out, "error").encode("utf-8")
            yield from warnings.chunks()
            if warnings.left_out:
                yield render.findings_left_out(warnings.left_out, "warning").encode("utf-8")
            yield render.FINDINGS_FOOT.encode("utf-8")
        else:
            yield render.NO_FINDINGS.encode("utf-8")
        yield render.filter_bar(counts).encode("utf-8")
    yield render.DOCUMENT_FOOT.encode("utf-8")


@dataclass(frozen=True)
class _PageJob:
    """What every article page of one review shares."""

    config: Config
    """The project."""
    folder: Path
    """The pages folder."""
    index: Path
    """The index page."""
    title: str
    """The review's title."""
    generated: str
    """When it was made (shown on every page)."""


@dataclass(frozen=True)
class _Page:
    """One article's page, made in a worker, and what the index needs of it."""

    path: Path
    """Where the page goes."""
    html: str
    """The page."""
    summary: tuple[tuple[str, CatalogStats, int, int], ...]
    """Its catalogs' summary lines: (HTML, counts, errors, warnings)."""
    findings: tuple[tuple[bool, str], ...]
    """Its findings' lines for the index: (is an error, HTML), in order."""
    counts: Counter[str]
    """Its entries per filter."""


def _page(job: _PageJob, item: tuple[Article, list[tuple[str, Path]], dict[Path, list[Finding]]]) -> _Page:
    """The page of one article (its catalogs and its project findings in ``item``)."""
    article, chosen, findings = item
    rows = article_rows_of(job.config, article, chosen, findings)
    page = page_path(job.folder, rows[0].article)
    href = _href(page, job.index.parent)
    html = render.review_page(rows, title=f"{job.title}: {rows[0].article}", generated=job.generated,
                              index=_href(job.index, page.parent))
    return _Page(
        page, html,
        tuple((render.summary_line(line), line.stats, line.errors, line.warnings)
              for line in render.summary_rows(rows, href)),
        tuple((link.finding.severity is Severity.ERROR, render.finding_row(link))
              for link in render.finding_links(rows, href)),
        render.entry_counts(rows))


def write_split(config: Config, locales: Sequence[str], index: Path, *, title: str,
                generated: str) -> SplitReview:
    """Write one page per article under :func:`pages_folder` of ``index``, then the index.

    The pages are made on every core (:func:`l10n.workers.ordered_map`, a few articles in
    flight) and written here in order. Memory holds a few articles at a time and the project
    checks' findings: the index's lines go to temporary files as each page is written, and the
    index is written from them."""
    folder = pages_folder(index)
    claim(folder)
    counts: Counter[str] = Counter()
    written: set[Path] = set()
    total, all_errors, all_warnings = CatalogStats(), 0, 0
    with locked(folder), contextlib.ExitStack() as stack:
        summary, errors, warnings = _Spool(), _Spool(INDEX_FINDINGS), _Spool(INDEX_FINDINGS)
        for spool in (summary, errors, warnings):
            stack.callback(spool.file.close)
        batch = stack.enter_context(WriteBatch())  # flushed to the disk together
        findings = project_findings(config, locales)
        items = [(article, chosen, {path: list(findings[path]) for _, path in chosen if path in findings})
                 for article, chosen in article_groups(config, locales, required=True)]
        job = _PageJob(config, folder, index, title, generated)
        for made in ordered_map(functools.partial(_page, job), items):
            batch.write_text(made.path, made.html)
            written.add(made.path)
            for html, stats, errs, warns in made.summary:
                summary.add(html)
                total = total + stats
                all_errors, all_warnings = all_errors + errs, all_warnings + warns
            for is_error, html in made.findings:
                (errors if is_error else warnings).add(html)
            counts += made.counts
        batch.commit()  # every page in place before the index that links them
        atomic_write_chunks(index, _index(title, generated, summary, (total, all_errors, all_warnings),
                                          errors, warnings, counts))
        removed = remove_pages(folder, written)
    return SplitReview(index, len(written), removed)
