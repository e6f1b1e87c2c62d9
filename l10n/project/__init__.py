"""A project on disk: articles in ``source/``, catalogs in ``locales/``, output in ``build/``.

This is the IO edge of the pipeline, one module per command's job:
:mod:`~l10n.project.files` (where the articles, templates, catalogs and outputs are, and reading
an article), :mod:`~l10n.project.extraction` (``extract``), :mod:`~l10n.project.checking`
(``check``, and what ``build`` may splice in), :mod:`~l10n.project.building` (``build``), :mod:`~l10n.project.status` (``status``), and
:mod:`~l10n.project.model` (the reports they return). ``extract`` reads and validates every
input first and writes only when everything parsed; ``build`` writes each output as soon as it
is decided (its memory bounded by the largest article). Both write each file atomically, under
a lock on the folder they write; with ``check=True`` they write nothing and report what would
change.
"""

from typing import TYPE_CHECKING

from l10n.lazy import lazy_names

if TYPE_CHECKING:  # what the names are, for mypy; at run time each module loads on first use
    from l10n.project.building import Localized, build, localize_article, published_article
    from l10n.project.checking import (
        LoadedCatalog,
        article_catalogs,
        article_groups,
        article_loaded,
        catalog_findings,
        check_article,
        check_context,
        check_project,
        loaded_catalogs,
        project_findings,
        publish_table,
    )
    from l10n.project.extraction import extract, orphaned_catalogs
    from l10n.project.files import (
        build_path,
        catalogs,
        discover,
        format_options,
        load_article,
        load_file,
        po_path,
        select,
        template_path,
    )
    from l10n.project.model import Action, Article, FileChange, Progress, Published, Report
    from l10n.project.status import CatalogStatus, project_status

_HOME = {
    "Action": "l10n.project.model",
    "Article": "l10n.project.model",
    "CatalogStatus": "l10n.project.status",
    "FileChange": "l10n.project.model",
    "LoadedCatalog": "l10n.project.checking",
    "Localized": "l10n.project.building",
    "Progress": "l10n.project.model",
    "Published": "l10n.project.model",
    "Report": "l10n.project.model",
    "article_catalogs": "l10n.project.checking",
    "article_groups": "l10n.project.checking",
    "article_loaded": "l10n.project.checking",
    "build": "l10n.project.building",
    "build_path": "l10n.project.files",
    "catalog_findings": "l10n.project.checking",
    "catalogs": "l10n.project.files",
    "check_article": "l10n.project.checking",
    "check_context": "l10n.project.checking",
    "check_project": "l10n.project.checking",
    "discover": "l10n.project.files",
    "extract": "l10n.project.extraction",
    "format_options": "l10n.project.files",
    "load_article": "l10n.project.files",
    "load_file": "l10n.project.files",
    "loaded_catalogs": "l10n.project.checking",
    "localize_article": "l10n.project.building",
    "orphaned_catalogs": "l10n.project.extraction",
    "po_path": "l10n.project.files",
    "project_findings": "l10n.project.checking",
    "project_status": "l10n.project.status",
    "publish_table": "l10n.project.checking",
    "published_article": "l10n.project.building",
    "select": "l10n.project.files",
    "template_path": "l10n.project.files",
}
"""The module of each name: a command imports only what it uses (``extract`` never loads
``build``'s modules), which keeps the start of every run short."""


__getattr__ = lazy_names(__name__, _HOME, globals())


__all__ = [
    "Action",
    "Article",
    "CatalogStatus",
    "FileChange",
    "LoadedCatalog",
    "Localized",
    "Progress",
    "Published",
    "Report",
    "article_catalogs",
    "article_groups",
    "article_loaded",
    "build",
    "build_path",
    "catalog_findings",
    "catalogs",
    "check_article",
    "check_context",
    "check_project",
    "discover",
    "extract",
    "format_options",
    "load_article",
    "load_file",
    "loaded_catalogs",
    "localize_article",
    "orphaned_catalogs",
    "po_path",
    "project_findings",
    "project_status",
    "publish_table",
    "published_article",
    "select",
    "template_path",
]
