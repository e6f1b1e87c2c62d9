"""The article corpus: real articles written for site generators, from pinned packages.

Part of ``corpus.py`` (``python benchmarks/corpus.py articles|fixtures``), kept apart so each
module stays small. Judged after translation by ``benchmarks/articles.py``; the ``FIXTURES``
subset is committed as ``tests/data/articles/`` with its ``PROVENANCE.tsv`` and ``LICENSES.txt``.
"""

from __future__ import annotations

import io
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from corpus import (
    CACHE_DIR,
    REPO_DIR,
    CorpusError,
    Package,
    Selection,
    _archive_members,
    _sha256,
    fetch,
    select,
)

# --------------------------------------------------------------------------- articles

ARTICLES_DIR = CACHE_DIR / "articles"
FIXTURES_DIR = REPO_DIR / "tests" / "data" / "articles"


@dataclass(frozen=True)
class ArticleSelection:
    """Files of one package that are articles for a site generator, with their licence."""

    selection: Selection
    """Which files, from which pinned archive."""
    generator: str
    """The site generator or document kind they were written for: ``hugo``, ``jekyll``..."""
    licence: str
    """SPDX id (or name) of the licence the package states for these files."""


def _apt(name: str, version: str, sha256: str) -> Package:
    return Package("apt", name, version, sha256)


def _npm(name: str, version: str, sha256: str) -> Package:
    return Package("npm", name, version, sha256)


_GEMS = "usr/share/rubygems-integration/all/gems"
ARTICLE_SELECTIONS: tuple[ArticleSelection, ...] = (
    ArticleSelection(Selection("hugo-doks", _npm(
        "@hyas/doks", "0.5.0",
        "9c3026edf5f9632f0a038c14af10781710c41491ed1e317e32cb75f1d5299c4c"),
        "package/content", ("en/**/*.md",)), "hugo", "MIT"),
    ArticleSelection(Selection("jekyll-site", _apt(
        "jekyll", "4.3.1+dfsg-3+deb12u1",
        "9bc095fb673699262901b182aa0e147c189708caa21dccaca21d86592be85984"),
        f"{_GEMS}/jekyll-4.3.1/lib", ("site_template/*.markdown", "blank_template/*.md",
                                      "theme_template/example/_post.md")), "jekyll", "MIT"),
    ArticleSelection(Selection("jekyll-chirpy", _npm(
        "jekyll-theme-chirpy", "5.3.21",
        "6ea7bfe8c8f4110433a43eca8f7ed24e73cea5f4ec1d67ec13c03e07ad3446b3"),
        "package", ("_posts/*.md", "_tabs/*.md", "README.md")), "jekyll", "MIT"),
    *(ArticleSelection(Selection(f"jekyll-{short}", _apt(f"ruby-jekyll-{short}", version, sha),
                                 f"usr/share/doc/ruby-jekyll-{short}", ("README.md*",)),
                       "jekyll", "MIT")
      for short, version, sha in (
          ("feed", "0.17.0-1", "1b39c988cb2348a3eb4cd8aa1d01eb52079aeb963c02c6a55cea36e96b53a204"),
          ("gist", "1.5.0-2", "67cfe53f8502f7abe31f1c7328778fbb2a63b28b9acb19191846b73198f413bc"),
          ("include-cache", "0.2.1-1",
           "0bd7f6a150eb802ad12c6983c09a551547d1d72a078aa0561d1b271e3befc670"),
          ("polyglot", "1.5.1-1",
           "7c6526a97791da9afce9f64b0c6d9a31b6912fb3cde598386eceed1fc6b3be76"),
          ("relative-links", "0.7.0-1",
           "fe857ee4b2a02fcd97364ad5115f630a975d4f42f5f9ddd4317ab1008b29f6ea"),
      )),
    ArticleSelection(Selection("kramdown", _apt(
        "ruby-kramdown", "2.4.0-2",
        "2508d1b422c5f3d49df0814cbf3097c3f63d9d6a1eef3709542caeb8883b9e89"),
        "usr/share/doc/ruby-kramdown", ("README.md",)), "kramdown", "MIT"),
    ArticleSelection(Selection("docusaurus", _npm(
        "create-docusaurus", "3.10.2",
        "49c322e8e0a2763948d3390d8074ebb93542baf3d3f39db922dc1050459687c2"),
        "package/templates/shared", ("docs/**/*.mdx", "blog/**/*.mdx", "blog/**/*.md",
                                     "src/pages/*.mdx", "README.md")), "docusaurus", "MIT"),
    ArticleSelection(Selection("eleventy", _npm(
        "@11ty/eleventy", "3.1.8",
        "c818a912a1fa65ec2337ac5bbc43dc6dfb657e343f98a1d6f227fd5c6cf7a8ba"),
        "package", ("README.md",)), "eleventy", "MIT"),
    ArticleSelection(Selection("eleventy-navigation", _npm(
        "@11ty/eleventy-navigation", "1.0.5",
        "287269f048bc708be09a9f49ac2cc9e7cd7ce45c55beee7b2867871a98b0e39a"),
        "package", ("README.md", "sample/*.md")), "eleventy", "MIT"),
    ArticleSelection(Selection("eleventy-highlight", _npm(
        "@11ty/eleventy-plugin-syntaxhighlight", "5.0.2",
        "d28af22cd7137b27cc640c4a1f9a2a9f07d03b1e6209961c6e90e73bbc37603f"),
        "package", ("README.md", "demo/*.md")), "eleventy", "MIT"),
    ArticleSelection(Selection("eleventy-img", _npm(
        "@11ty/eleventy-img", "7.0.0",
        "1939dc1a0779530b633e4b9ff7e3b4edc83c6ce30acce5a90e95a134dad8218a"),
        "package", ("README.md",)), "eleventy", "MIT"),
    ArticleSelection(Selection("eleventy-govuk", _npm(
        "@x-govuk/govuk-eleventy-plugin", "9.0.2",
        "be98ab7cf059ca26847e6a12678c179cc7529680dbc8d653d9a465c61322ab95"),
        "package", ("README.md",)), "eleventy", "MIT"),
    ArticleSelection(Selection("text-debian", _apt(
        "doc-debian", "11.3+nmu1",
        "b9bff49f22b334cb6fedc071d81669e72cc2fa0dcd65e110785f69d9941f2773"),
        "usr/share/doc/debian", ("*.txt", "*.txt.gz", "debian-manifesto.gz")), "text",
        "GPL / Open Publication License (doc-debian copyright)"),
)

_ARTICLE_SUFFIXES = (".md", ".markdown", ".txt")


def _article_name(name: str) -> str:
    """Corpus names the product reads: ``.mdx`` as ``.md``, suffix-less text as ``.txt``."""
    if name.endswith(".mdx"):
        return name[: -len(".mdx")] + ".md"
    if name.endswith(".md.md"):
        return name[: -len(".md")]
    return name if name.endswith(_ARTICLE_SUFFIXES) else name + ".txt"


def _provenance_row(name: str, source: ArticleSelection, member: str, data: bytes) -> str:
    pkg = source.selection.package
    return "\t".join((name, source.generator, pkg.registry, pkg.name, pkg.version, member,
                      source.licence, _sha256(data))) + "\n"


_PROVENANCE_HEADER = "name\tgenerator\tregistry\tpackage\tversion\tpath\tlicence\tsha256\n"


def build_articles(out: TextIO | None = None) -> Path:
    """Build the article corpus into ``benchmarks/.cache/articles/``; return the folder."""
    report = out if out is not None else io.StringIO()
    rows: list[str] = []
    files: dict[str, bytes] = {}
    for source in ARTICLE_SELECTIONS:
        sel = source.selection
        chosen = select(sel)
        for name, data in chosen:
            final = _article_name(name)
            if final in files:
                raise CorpusError(f"two article selections produce {final}")
            files[final] = data
            member = sel.root + "/" + name[len(sel.prefix) + 2:].replace("__", "/")
            rows.append(_provenance_row(final, source, member, data))
        print(f"{sel.prefix:<22} {sel.package.name + ' ' + sel.package.version:<44} "
              f"{len(chosen):>4} {sum(len(d) for _, d in chosen):>9}", file=report)
    if ARTICLES_DIR.exists():
        shutil.rmtree(ARTICLES_DIR)
    ARTICLES_DIR.mkdir(parents=True)
    for name, data in files.items():
        (ARTICLES_DIR / name).write_bytes(data)
    (ARTICLES_DIR / "PROVENANCE.tsv").write_text(_PROVENANCE_HEADER + "".join(sorted(rows)),
                                                 encoding="utf-8")
    print(f"wrote {len(files)} articles, {sum(map(len, files.values()))} bytes, to {ARTICLES_DIR}",
          file=report)
    return ARTICLES_DIR


def _licence_text(package: Package) -> str:
    """The licence file a package ships (npm ``LICENSE*``, Debian ``copyright``), headed."""
    archive = fetch(package)
    for path, data in _archive_members(archive, package.registry):
        name = path.rsplit("/", 1)[-1]
        if (path.count("/") == 1 and name.upper().startswith(("LICENSE", "LICENCE"))) or (
            path == f"usr/share/doc/{package.name}/copyright"
        ):
            title = f"{package.registry} {package.name} {package.version}: {path}"
            return f"{'=' * len(title)}\n{title}\n{'=' * len(title)}\n\n{data.decode('utf-8')}"
    raise CorpusError(f"{package.name} {package.version} ships no licence file")


FIXTURES: tuple[str, ...] = (
    "hugo-doks__en___index.md",
    "hugo-doks__en__docs__help__faq.md",
    "hugo-doks__en__docs__help__how-to-update.md",
    "hugo-doks__en__docs__prologue__commands.md",
    "hugo-doks__en__docs__prologue__introduction.md",
    "hugo-doks__en__docs__prologue__quick-start.md",
    "hugo-doks__en__privacy-policy__index.md",
    "hugo-doks__en__blog__say-hello-to-doks__index.md",
    "jekyll-site__site_template__about.markdown",
    "jekyll-site__site_template__index.markdown",
    "jekyll-site__theme_template__example___post.md",
    "jekyll-chirpy___posts__2022-11-11-data-types-and-variable-declaration.md",
    "jekyll-chirpy___posts__2022-11-11-golang-getting-started.md",
    "jekyll-chirpy___posts__2022-11-11-installing-go.md",
    "jekyll-chirpy___tabs__about.md",
    "jekyll-feed__README.md",
    "jekyll-gist__README.md",
    "jekyll-include-cache__README.md",
    "kramdown__README.md",
    "docusaurus__docs__intro.md",
    "docusaurus__docs__tutorial-basics__markdown-features.md",
    "docusaurus__docs__tutorial-basics__create-a-blog-post.md",
    "docusaurus__blog__2019-05-29-long-blog-post.md",
    "docusaurus__blog__2021-08-01-mdx-blog-post.md",
    "docusaurus__docs__tutorial-extras__translate-your-site.md",
    "eleventy__README.md",
    "eleventy-govuk__README.md",
    "eleventy-highlight__demo__test-markdown.md",
    "eleventy-navigation__sample__mammals.md",
    "text-debian__social-contract.txt",
    "text-debian__debian-manifesto.txt",
    "text-debian__bug-log-access.txt",
    "text-debian__source-unpack.txt",
    "text-debian__bug-log-mailserver.txt",
    "text-debian__bug-reporting.txt",
    "text-debian__constitution.txt",
)
"""The article corpus files committed as test fixtures (``tests/data/articles/``)."""


def build_fixtures(out: TextIO | None = None) -> Path:
    """Copy :data:`FIXTURES` from a freshly built article corpus to ``tests/data/articles/``."""
    report = out if out is not None else io.StringIO()
    folder = build_articles(out=report)
    rows = (folder / "PROVENANCE.tsv").read_text(encoding="utf-8").splitlines(keepends=True)
    by_name = {row.split("\t", 1)[0]: row for row in rows[1:]}
    if FIXTURES_DIR.exists():
        shutil.rmtree(FIXTURES_DIR)
    FIXTURES_DIR.mkdir(parents=True)
    for name in FIXTURES:
        shutil.copyfile(folder / name, FIXTURES_DIR / name)
    (FIXTURES_DIR / "PROVENANCE.tsv").write_text(
        _PROVENANCE_HEADER + "".join(by_name[n] for n in sorted(FIXTURES)), encoding="utf-8")
    used = {by_name[n].split("\t")[3] for n in FIXTURES}
    texts = [_licence_text(s.selection.package) for s in ARTICLE_SELECTIONS
             if s.selection.package.name in used]
    (FIXTURES_DIR / "LICENSES.txt").write_text("\n\n".join(texts), encoding="utf-8")
    print(f"wrote {len(FIXTURES)} fixtures to {FIXTURES_DIR}", file=report)
    return FIXTURES_DIR
