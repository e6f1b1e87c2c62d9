"""Where a project's files are: its articles in ``source/`` (found, checked, parsed), their
templates and catalogs in ``locales/`` and their output in ``build/``."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from l10n.config import Config
from l10n.document.formats import FormatOptions, format_for, parse_document
from l10n.document.model import SegmentedDocument
from l10n.document.units import segment_document
from l10n.errors import CatalogError, ConfigError, SourceError
from l10n.locales import is_safe_locale_folder
from l10n.project.model import Article
from l10n.project.shards import Shard, in_shard
from l10n.safe_files import check_path, name_problem, read_source_text, shown


def discover(config: Config) -> list[Article]:
    """Every article under the source folder, sorted; other files are ignored.

    Names starting with ``.`` are skipped. An article must be a regular file inside the project
    with a one-line UTF-8 name (:mod:`l10n.safe_files`): a symbolic link (unless ``[paths]
    symlinks = "inside"`` and it stays inside), a FIFO, a device or a name with a line break is
    an error naming it. Linked folders are entered only under ``symlinks = "inside"``.
    """
    root = config.source_dir
    if not root.exists():
        raise ConfigError(
            "source folder does not exist; create it and put articles (.md, .txt) in it, "
            "or set paths.source in the configuration",
            path=root,
        )
    if not root.is_dir():
        raise ConfigError("paths.source is not a folder", path=root)
    found: list[Path] = []
    for path in _walk(config, root):
        rel = path.relative_to(root).as_posix()
        if format_for(rel) is None:
            continue
        problem = name_problem(rel)
        if problem:
            raise SourceError(problem, path=shown(path))
        if path.is_dir() and not path.is_symlink():
            raise SourceError("is a folder, but its name says it is an article", path=path)
        check_path(root, path, symlinks=config.symlinks, inside=config.inside, error=SourceError)
        found.append(path)
    articles = [Article(path=p, rel=p.relative_to(root).as_posix(), format=format_for(p.name) or "")
                for p in sorted(found)]
    stems: dict[str, str] = {}
    for article in articles:
        other = stems.setdefault(article.stem, article.rel)
        if other != article.rel:
            raise SourceError(
                f"'{other}' and '{article.rel}' would share the catalog '{article.stem}.po'; "
                "rename one of them",
                path=article.path,
            )
    return articles


def _walk(config: Config, root: Path) -> Iterator[Path]:
    """Every entry below ``root`` whose path has no hidden part; linked folders are entered only
    when ``config.symlinks`` allows it and they stay inside the project (each folder once)."""
    follow = config.symlinks == "inside"
    seen: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=follow):
        real = os.path.realpath(dirpath)
        if real in seen or not any(Path(real).is_relative_to(f) for f in config.inside):
            dirnames[:] = []
            continue
        seen.add(real)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in [*dirnames, *filenames]:
            if not name.startswith("."):
                yield Path(dirpath, name)


def select(articles: Sequence[Article], names: Sequence[str], config: Config,
           shard: Shard | None = None) -> list[Article]:
    """The articles named on the command line (paths or relative names); all when none; of
    those, only ``shard``'s share (:mod:`l10n.project.shards`) when one is given."""
    if not names:
        return in_shard(articles, shard)
    chosen: list[Article] = []
    for name in names:
        p = Path(name).resolve()
        match = [a for a in articles if a.path == p or a.rel == name or a.stem == name]
        if not match:
            raise SourceError("not an article of this project (see paths.source)", path=name)
        chosen.extend(m for m in match if m not in chosen)
    return in_shard(chosen, shard)


def catalogs(
    config: Config, locales: Sequence[str], names: Sequence[str] = (), *, required: bool = True,
    shard: Shard | None = None,
) -> Iterator[tuple[Article, str, Path]]:
    """(article, locale, PO path) for every article (of ``shard``) and locale; a missing PO file
    is an error telling to run extract, or (``required=False``) is skipped."""
    for article in select(discover(config), names, config, shard):
        for locale in locales or config.locales:
            path = po_path(config, article, locale)
            if not path.exists():
                if required:
                    raise CatalogError("no catalog yet; run `l10n extract` first", path=path)
                continue
            yield article, locale, path


def format_options(config: Config) -> FormatOptions:
    """Format settings taken from the configuration."""
    return FormatOptions(
        front_matter=True,
        front_matter_keys=config.front_matter_keys,
        line_breaks=config.text_line_breaks,
        code_shortcodes=config.code_shortcodes,
        shortcode_parameters=config.shortcode_parameters,
        indented=config.text_indented,
        extensions=config.markdown_extensions,
        skip_classes=config.html_skip_classes,
    )


def load_article(config: Config, article: Article) -> SegmentedDocument:
    """Read, parse and segment one article."""
    text = read_source_text(article.path, limit=config.max_source_bytes)
    doc = parse_document(text, display(config, article.path), format_options(config), article.format)
    return segment_document(doc, config.source_language, config.segment_mode)


def load_file(config: Config, path: Path) -> SegmentedDocument:
    """Read, parse and segment any file exactly as :func:`extract` does an article of ``config``
    (``l10n segment``); its format comes from its name."""
    path = path.resolve()
    try:
        rel = path.relative_to(config.source_dir).as_posix()
    except ValueError:
        rel = path.name
    # An unknown ending gets "" and parse_document's error listing the formats.
    return load_article(config, Article(path=path, rel=rel, format=format_for(rel) or ""))


def template_path(config: Config, article: Article) -> Path:
    """``locales/templates/<stem>.pot``, checked like :func:`po_path`."""
    return checked_path(config, config.locales_dir, config.locales_dir / "templates" / f"{article.stem}.pot")


def po_path(config: Config, article: Article, locale: str) -> Path:
    """``locales/<locale>/<stem>.po``; a :class:`CatalogError` when a part of it that exists is
    not a folder or a regular file inside the project (a link out, a FIFO...)."""
    return checked_path(config, config.locales_dir, config.locales_dir / _folder(locale) / f"{article.stem}.po")


def build_path(config: Config, article: Article, locale: str) -> Path:
    """``build/<locale>/<rel>``, checked like :func:`po_path`."""
    return checked_path(config, config.build_dir, config.build_dir / _folder(locale) / article.rel)


def _folder(locale: str) -> str:
    if not is_safe_locale_folder(locale):  # validated in config and CLI; never trust a path part
        raise CatalogError(f"invalid locale {ascii(locale)} for a folder name")
    return locale


def checked_path(config: Config, base: Path, path: Path) -> Path:
    check_path(base, path, symlinks=config.symlinks, inside=config.inside, error=CatalogError)
    return path


def display(config: Config, path: Path) -> str:
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return str(path)
