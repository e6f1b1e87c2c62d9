"""The review of a large project as many pages: an index, and one page per article.

One page for a whole newsroom does not scale (326 articles in two locales made a 7.6 MB page,
and the writer held every catalog at once). :func:`write_split` writes, next to the index
(``build/review.html``), a folder of its own (``build/review/``) with one page per article
(``build/review/world/bakhmut.html``: every locale of the article, its entries, findings and
previews, exactly as the single page shows them). Pages are written as they are made, one
article's data at a time, each atomically; the index comes last: the counts per article and
locale and every finding of the project, each linked to its catalog or entry on its page, with
the same filters. The folder is the review's alone (a marker file says so): pages of articles
that are gone are removed, and a folder without the marker is never written into.
"""

from __future__ import annotations

import contextlib
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from l10n.catalog.checks import Severity
from l10n.config import Config
from l10n.errors import CatalogError
from l10n.fsutil import atomic_write_text, locked
from l10n.project import project_findings
from l10n.review import render
from l10n.review.data import article_rows

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


def write_split(config: Config, locales: Sequence[str], index: Path, *, title: str,
                generated: str) -> SplitReview:
    """Write one page per article under :func:`pages_folder` of ``index``, then the index."""
    folder = pages_folder(index)
    claim(folder)
    summary: list[render.SummaryRow] = []
    links: list[render.FindingLink] = []
    counts: Counter[str] = Counter()
    written: set[Path] = set()
    with locked(folder):
        findings = project_findings(config, locales)
        for rows in article_rows(config, locales, findings):
            page = page_path(folder, rows[0].article)
            href = _href(page, index.parent)
            up = _href(index, page.parent)
            atomic_write_text(page, render.review_page(rows, title=f"{title}: {rows[0].article}",
                                                       generated=generated, index=up))
            written.add(page)
            summary += render.summary_rows(rows, href)
            links += render.finding_links(rows, href)
            counts += render.entry_counts(rows)
            del rows  # the next article's rows are read only now: one article at a time
        links.sort(key=lambda link: link.finding.severity is not Severity.ERROR)
        body = (render.summary_table(summary) + render.findings_table(links)
                + render.filter_bar(counts) if summary
                else '<p class="done">No catalogs to review.</p>')
        atomic_write_text(index, render.document(title, generated, body))
        removed = remove_pages(folder, written)
    return SplitReview(index, len(written), removed)
