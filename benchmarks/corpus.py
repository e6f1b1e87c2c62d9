"""Build the benchmark corpora from pinned registry packages, reproducibly.

Two corpora, both taken only from package registries at pinned versions, each archive checked
against a pinned SHA-256 before anything is read from it:

``commonmark``
    The 652 examples of the CommonMark spec 0.31.2 (npm ``commonmark-spec``), written to
    ``tests/data/commonmark/spec-0.31.2.json`` with the package's LICENSE beside it. These are
    test data (committed); the command only regenerates them.

``large`` (the default)
    More than 5 MB of real Markdown documentation written by people: the Node.js 18 API docs
    (Debian ``nodejs-doc``), npm's own docs and the READMEs of its bundled dependencies, and the
    docs of fastify, undici and pino (npm registry). Written flat, one file per document, to
    ``benchmarks/.cache/corpus/md/`` with ``benchmarks/.cache/corpus/MANIFEST.sha256``
    (``sha256sum -c`` format, paths relative to the corpus folder).

``nodejs-doc`` is fetched with ``apt-get download`` and unpacked in memory, never installed:
installing it removes the NodeSource ``nodejs`` package that ships Node.js and npm on this machine.

``articles``
    Real articles written for site generators, each judged after translation by
    ``benchmarks/articles.py``: Hugo (``@hyas/doks`` content), Jekyll (Debian ``jekyll``'s site
    template, ``jekyll-theme-chirpy`` posts, Debian ``ruby-jekyll-*`` READMEs with Liquid),
    Docusaurus/MDX (``create-docusaurus`` templates), Eleventy (``@11ty/eleventy`` and plugin
    READMEs), kramdown (Debian ``ruby-kramdown``) and plain-text documents (Debian
    ``doc-debian``: constitution, social contract, bug-tracker guides). Written flat to
    ``benchmarks/.cache/articles/`` with ``PROVENANCE.tsv`` (name, registry, package, version,
    path in the archive, licence, SHA-256). ``fixtures`` copies the ``FIXTURES`` subset to
    ``tests/data/articles/`` with its own ``PROVENANCE.tsv``.

Run: ``python benchmarks/corpus.py [large|commonmark|articles|fixtures] [--force]``. Needs ``npm`` and, for the
large corpus, ``apt-get`` and ``dpkg-deb`` (Debian).
"""

from __future__ import annotations

import argparse
import fnmatch
import gzip
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TextIO

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
CACHE_DIR = BENCH_DIR / ".cache"
DOWNLOADS_DIR = CACHE_DIR / "downloads"
CORPUS_DIR = CACHE_DIR / "corpus"
CORPUS_MD_DIR = CORPUS_DIR / "md"
MANIFEST_PATH = CORPUS_DIR / "MANIFEST.sha256"
COMMONMARK_DIR = REPO_DIR / "tests" / "data" / "commonmark"

MIN_LARGE_BYTES = 5_000_000
"""The large corpus must hold at least this many bytes of Markdown (5 MB)."""


class CorpusError(Exception):
    """A corpus cannot be fetched, verified or built; the message says what to do."""


@dataclass(frozen=True)
class Package:
    """One pinned archive from a registry."""

    registry: Literal["npm", "apt"]
    """Where it comes from: the npm registry (``npm pack``) or Debian (``apt-get download``)."""
    name: str
    """Package name in that registry."""
    version: str
    """Exact version; never a range."""
    sha256: str
    """SHA-256 of the downloaded archive (``.tgz`` or ``.deb``); a mismatch aborts the build."""

    @property
    def filename(self) -> str:
        """File name of the archive in the downloads cache."""
        if self.registry == "npm":
            return f"{self.name.replace('@', '').replace('/', '-')}-{self.version}.tgz"
        return f"{self.name}_{self.version.replace(':', '%3a')}_all.deb"


@dataclass(frozen=True)
class Selection:
    """Which files of one package go into the corpus, and under which name prefix."""

    prefix: str
    """Corpus file names start with ``<prefix>__``; unique across selections."""
    package: Package
    """The archive the files come from."""
    root: str
    """Folder inside the archive that names are taken relative to (no leading ``./``)."""
    patterns: tuple[str, ...]
    """Path patterns relative to ``root``: ``*`` matches within one path segment, ``**`` any
    number of segments. A ``.gz`` file is decompressed and loses its ``.gz``."""


COMMONMARK_SPEC = Package(
    "npm", "commonmark-spec", "0.31.2",
    "588280df96c211f7ce9db0b7943ded34ac4b8ba321e2fdf9c03d188ec0f01fea",
)
NODEJS_DOC = Package(
    "apt", "nodejs-doc", "18.20.4+dfsg-1~deb12u3",
    "d2fbd4f3aecccea9d901a03842ef8380379e0d33010a48af5e797ed68ae874ce",
)
NPM = Package(
    "npm", "npm", "11.21.2",
    "8ad8563b81e71b90ef405b140bccf3ba9b5e7884ab210bd49ee4e2f4bc6f61f5",
)
FASTIFY = Package(
    "npm", "fastify", "5.12.8",
    "459048aabd9311309f4f95b36e8ca065e3a4613ded292bcf50442926931e4748",
)
UNDICI = Package(
    "npm", "undici", "7.30.2",
    "2bf5b1c41724614729cb383f22c64506b6665869d385de862752c33763fcce1b",
)
PINO = Package(
    "npm", "pino", "9.14.0",
    "e3cf66fc547c957aad15864cdf980dd14d8c9a1f5a363134ffe25c599a769508",
)

LARGE_SELECTIONS: tuple[Selection, ...] = (
    Selection("node-api", NODEJS_DOC, "usr/share/doc/nodejs/api", ("*.md", "*.md.gz")),
    Selection("npm-docs", NPM, "package/docs/content", ("**/*.md",)),
    Selection("npm-readme", NPM, "package/node_modules", ("*/README.md", "@*/*/README.md")),
    Selection("fastify", FASTIFY, "package", ("README.md", "docs/**/*.md")),
    Selection("undici", UNDICI, "package", ("README.md", "docs/**/*.md")),
    Selection("pino", PINO, "package", ("README.md", "docs/**/*.md")),
)


@dataclass(frozen=True)
class CorpusFile:
    """One document of a built corpus."""

    path: Path
    """Absolute path of the file."""
    size: int
    """Size in bytes."""
    sha256: str
    """SHA-256 of the content, as in the manifest."""


@dataclass(frozen=True)
class Corpus:
    """A built, verified corpus folder."""

    folder: Path
    """The flat folder holding every document."""
    files: tuple[CorpusFile, ...]
    """The documents, sorted by name."""
    fingerprint: str
    """First 16 hex digits of the SHA-256 of the manifest: equal fingerprints, equal corpora."""

    @property
    def total_bytes(self) -> int:
        """Sum of the file sizes."""
        return sum(f.size for f in self.files)


# --------------------------------------------------------------------------- fetching


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _run(argv: Sequence[str], cwd: Path, what: str) -> None:
    if shutil.which(argv[0]) is None:
        raise CorpusError(f"{argv[0]} is not installed; it is needed to {what}.")
    proc = subprocess.run(list(argv), cwd=cwd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise CorpusError(
            f"`{' '.join(argv)}` failed (exit {proc.returncode}) while trying to {what}:\n"
            f"{proc.stderr.strip()[-2000:]}"
        )


def fetch(package: Package) -> Path:
    """Download ``package`` into the cache once and return the verified archive path."""
    DOWNLOADS_DIR.mkdir(parents=True, exist_ok=True)
    target = DOWNLOADS_DIR / package.filename
    if not target.exists():
        with tempfile.TemporaryDirectory(dir=DOWNLOADS_DIR) as tmp:
            spec = f"{package.name}@{package.version}"
            if package.registry == "npm":
                _run(["npm", "pack", "--silent", spec], Path(tmp), f"download {spec}")
            else:
                spec = f"{package.name}={package.version}"
                try:
                    _run(["apt-get", "download", spec], Path(tmp), f"download {spec}")
                except CorpusError as exc:
                    raise CorpusError(
                        f"{exc}\nRun `apt-get update` first; if this version is gone from the "
                        f"archive, `apt-cache madison {package.name}` lists the available ones "
                        f"and the pin is in benchmarks/corpus.py."
                    ) from exc
            produced = sorted(Path(tmp).iterdir())
            if len(produced) != 1:
                raise CorpusError(f"expected one archive for {spec}, got {produced}")
            produced[0].replace(target)
    digest = _sha256(target.read_bytes())
    if digest != package.sha256:
        raise CorpusError(
            f"{target} has SHA-256 {digest}, pinned {package.sha256}: the registry served a "
            f"different archive for {package.name} {package.version}. Delete the file to retry; "
            f"if the new archive is legitimate, update the pin in benchmarks/corpus.py."
        )
    return target


def _archive_members(archive: Path, registry: str) -> Iterator[tuple[str, bytes]]:
    """Yield (path without leading ``./``, content) for every regular file of the archive."""
    if registry == "apt":
        proc = subprocess.run(
            ["dpkg-deb", "--fsys-tarfile", str(archive)], capture_output=True, check=False
        )
        if proc.returncode != 0:
            raise CorpusError(f"dpkg-deb cannot read {archive}: {proc.stderr.decode()[-500:]}")
        source: io.BytesIO | Path = io.BytesIO(proc.stdout)
    else:
        source = archive
    with (tarfile.open(fileobj=source, mode="r:") if isinstance(source, io.BytesIO)
          else tarfile.open(source, mode="r:gz")) as tar:
        for member in tar:
            if not member.isfile():
                continue
            handle = tar.extractfile(member)
            assert handle is not None
            yield member.name.removeprefix("./"), handle.read()


def _matches(relpath: str, pattern: str) -> bool:
    """Glob match where ``*`` stays within a segment and ``**`` spans any number of them."""
    return _match_parts(relpath.split("/"), pattern.split("/"))


def _match_parts(parts: list[str], pats: list[str]) -> bool:
    if not pats:
        return not parts
    if pats[0] == "**":
        return any(_match_parts(parts[i:], pats[1:]) for i in range(len(parts) + 1))
    return bool(parts) and fnmatch.fnmatchcase(parts[0], pats[0]) and _match_parts(
        parts[1:], pats[1:]
    )


def select(selection: Selection) -> list[tuple[str, bytes]]:
    """Return (corpus file name, content) for every file that ``selection`` picks, sorted."""
    archive = fetch(selection.package)
    picked: list[tuple[str, bytes]] = []
    root = selection.root.rstrip("/") + "/"
    for path, data in _archive_members(archive, selection.package.registry):
        if not path.startswith(root):
            continue
        rel = path[len(root):]
        if not any(_matches(rel, p) for p in selection.patterns):
            continue
        if rel.endswith(".gz"):
            data = gzip.decompress(data)
            rel = rel[: -len(".gz")]
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CorpusError(f"{selection.package.name}:{path} is not UTF-8: {exc}") from exc
        picked.append((f"{selection.prefix}__{rel.replace('/', '__')}", data))
    if not picked:
        raise CorpusError(
            f"no file of {selection.package.name} {selection.package.version} matches "
            f"{selection.root}/{{{','.join(selection.patterns)}}}"
        )
    return sorted(picked)


# --------------------------------------------------------------------------- large corpus


def _manifest_text(files: Sequence[tuple[str, bytes]]) -> str:
    return "".join(f"{_sha256(data)}  md/{name}\n" for name, data in files)


def build_large(force: bool = False, out: TextIO | None = None) -> Corpus:
    """Build (or verify the cached) large corpus and return it; report progress to ``out``."""
    report = out if out is not None else io.StringIO()
    if MANIFEST_PATH.exists() and CORPUS_MD_DIR.is_dir() and not force:
        try:
            corpus = load_large()
        except CorpusError as exc:
            print(f"cached corpus is stale ({exc}); rebuilding", file=report)
        else:
            print(f"cached corpus verified: {len(corpus.files)} files, "
                  f"{corpus.total_bytes} bytes, fingerprint {corpus.fingerprint}", file=report)
            return corpus
    files: list[tuple[str, bytes]] = []
    print(f"{'source':<12} {'package':<34} {'files':>6} {'bytes':>10}", file=report)
    for selection in LARGE_SELECTIONS:
        chosen = select(selection)
        files.extend(chosen)
        pkg = f"{selection.package.name} {selection.package.version}"
        print(f"{selection.prefix:<12} {pkg:<34} {len(chosen):>6} "
              f"{sum(len(d) for _, d in chosen):>10}", file=report)
    files.sort()
    names = [n for n, _ in files]
    if len(set(names)) != len(names):
        raise CorpusError("two selections produce the same corpus file name")
    total = sum(len(d) for _, d in files)
    if total < MIN_LARGE_BYTES:
        raise CorpusError(f"the large corpus has {total} bytes, fewer than {MIN_LARGE_BYTES}: "
                          "add a selection to LARGE_SELECTIONS")
    CORPUS_DIR.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="md.", dir=CORPUS_DIR))
    for name, data in files:
        (staging / name).write_bytes(data)
    MANIFEST_PATH.unlink(missing_ok=True)
    if CORPUS_MD_DIR.exists():
        shutil.rmtree(CORPUS_MD_DIR)
    staging.rename(CORPUS_MD_DIR)
    tmp_manifest = MANIFEST_PATH.with_suffix(".tmp")
    tmp_manifest.write_text(_manifest_text(files), encoding="utf-8")
    os.replace(tmp_manifest, MANIFEST_PATH)
    corpus = load_large()
    print(f"{'total':<12} {'':<34} {len(corpus.files):>6} {corpus.total_bytes:>10}", file=report)
    print(f"wrote {CORPUS_MD_DIR} and {MANIFEST_PATH} (fingerprint {corpus.fingerprint})",
          file=report)
    return corpus


def load_large() -> Corpus:
    """Return the built large corpus after checking every file against the manifest."""
    if not MANIFEST_PATH.exists():
        raise CorpusError(f"{MANIFEST_PATH} is missing: run `python benchmarks/corpus.py large`")
    manifest = MANIFEST_PATH.read_text(encoding="utf-8")
    files: list[CorpusFile] = []
    for line in manifest.splitlines():
        digest, rel = line.split("  ", 1)
        path = CORPUS_DIR / rel
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise CorpusError(f"{path} is listed in the manifest but missing") from None
        if _sha256(data) != digest:
            raise CorpusError(f"{path} does not match the manifest")
        files.append(CorpusFile(path, len(data), digest))
    on_disk = {p.name for p in CORPUS_MD_DIR.iterdir()}
    if on_disk != {f.path.name for f in files}:
        raise CorpusError(f"{CORPUS_MD_DIR} holds files that are not in the manifest")
    fingerprint = _sha256(manifest.encode("utf-8"))[:16]
    return Corpus(CORPUS_MD_DIR, tuple(files), fingerprint)


# --------------------------------------------------------------------------- commonmark

_FENCE = "`" * 32
_HEADING = re.compile(r"#+ ")


def parse_spec_examples(spec_text: str) -> list[dict[str, object]]:
    """Extract the examples of a CommonMark ``spec.txt`` like the spec's own ``spec_tests.py``.

    ``→`` stands for a tab in the spec and is replaced by one, as in the published spec.json.
    Returns dicts with keys ``example`` (1-based), ``section``, ``markdown`` and ``html``.
    """
    examples: list[dict[str, object]] = []
    state: Literal["text", "markdown", "html"] = "text"
    markdown: list[str] = []
    html: list[str] = []
    section = ""
    number = 0
    for line in spec_text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped.startswith(_FENCE + " example"):
            state = "markdown"
        elif stripped == _FENCE:
            state = "text"
            number += 1
            examples.append({
                "example": number,
                "section": section,
                "markdown": "".join(markdown).replace("→", "\t"),
                "html": "".join(html).replace("→", "\t"),
            })
            markdown, html = [], []
        elif stripped == "." and state == "markdown":
            state = "html"
        elif state == "markdown":
            markdown.append(line)
        elif state == "html":
            html.append(line)
        elif _HEADING.match(line):
            section = _HEADING.sub("", line, count=1).strip()
    return examples


def build_commonmark(out: TextIO | None = None) -> Path:
    """Regenerate ``tests/data/commonmark/`` from the pinned npm package; return the JSON path."""
    report = out if out is not None else io.StringIO()
    archive = fetch(COMMONMARK_SPEC)
    members = dict(_archive_members(archive, "npm"))
    examples = parse_spec_examples(members["package/spec.txt"].decode("utf-8"))
    if len(examples) != 652:
        raise CorpusError(f"expected 652 examples in commonmark-spec 0.31.2, parsed {len(examples)}")
    COMMONMARK_DIR.mkdir(parents=True, exist_ok=True)
    target = COMMONMARK_DIR / f"spec-{COMMONMARK_SPEC.version}.json"
    target.write_text(json.dumps(examples, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (COMMONMARK_DIR / "LICENSE").write_bytes(members["package/LICENSE"])
    print(f"wrote {len(examples)} examples to {target} and the package LICENSE beside it",
          file=report)
    return target


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", default="large", choices=("large", "commonmark", "articles", "fixtures"))
    parser.add_argument("--force", action="store_true", help="rebuild even if the cache verifies")
    args = parser.parse_args(argv)
    try:
        if args.corpus == "commonmark":
            build_commonmark(out=sys.stdout)
        elif args.corpus in ("articles", "fixtures"):
            from articles_corpus import build_articles, build_fixtures

            (build_articles if args.corpus == "articles" else build_fixtures)(out=sys.stdout)
        else:
            build_large(force=args.force, out=sys.stdout)
    except CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
