"""HTML corpus benchmark: identity and translated round trips of real HTML pages.

For every ``.html``/``.htm`` page under the given folders (default: ``/usr/share/doc`` and the
Python 3.11 documentation of Debian's ``python3.11-doc``, fetched with ``apt-get download`` and
unpacked under ``benchmarks/.cache/html/``, never installed):

* *identity*: parse, segment, assemble with every message kept: byte-identical to the page;
* *translated* (the pseudo engine's text, and :func:`tests.html_oracle.translate_words`, which
  changes every word and writes ``&``, ``<``, ``>`` and quotes): the built page parses with
  html5lib to the same element tree and attributes (translated attributes by name only), or
  the translations that would change it were refused by ``build`` (counted);
* a page that is not UTF-8 counts as *refused* when ``decode_source`` names the problem.

``fixtures`` copies the :data:`FIXTURES` pages to ``tests/data/html/`` with ``PROVENANCE.tsv``
(file, package, version, path, licence, SHA-256).

    .venv/bin/python benchmarks/html_corpus.py [run] [FOLDER...] [--limit N] [--json PATH]
    .venv/bin/python benchmarks/html_corpus.py fixtures
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from l10n.document.assemble import assemble  # noqa: E402
from l10n.document.formats import FormatOptions, parse_document  # noqa: E402
from l10n.document.units import segment_document  # noqa: E402
from l10n.errors import SourceError  # noqa: E402
from l10n.safe_files import decode_source  # noqa: E402
from tests.html_oracle import element_tree, pseudo, translate_words  # noqa: E402

CACHE = ROOT / "benchmarks/.cache/html"
PYDOC = "python3.11-doc"

FIXTURES: tuple[tuple[str, str, str], ...] = (
    ("ruby-kramdown", "rdoc/Kramdown/Converter/MathEngine.html", "Expat"),
    ("ruby-kramdown", "rdoc/Kramdown/Parser/Html/ElementConverter.html", "Expat"),
    ("ruby-kramdown", "rdoc/Kramdown/Utils/Unidecoder.html", "Expat"),
    ("ruby-kramdown", "rdoc/Kramdown/Utils/Entities.html", "Expat"),
    ("ruby-kramdown", "rdoc/Kramdown/Converter/SyntaxHighlighter/Minted.html", "Expat"),
    ("ruby-kramdown", "rdoc/Kramdown/Utils.html", "Expat"),
    ("ruby-kramdown", "rdoc/Kramdown/Utils/Html.html", "Expat"),
    ("ruby-kramdown", "rdoc/Kramdown/Parser/Base.html", "Expat"),
    ("libffi8", "html/Missing-Features.html", "Expat"),
    ("libffi8", "html/Thread-Safety.html", "Expat"),
    ("libffi8", "html/Closure-Example.html", "Expat"),
    ("libffi8", "html/Complex.html", "Expat"),
    ("libffi8", "html/The-Closure-API.html", "Expat"),
    ("libxslt1-dev", "gtk-doc/html/libxslt/general.html", "MIT"),
    ("libxslt1-dev", "html/EXSLT/intro.html", "MIT"),
    ("libxslt1-dev", "html/docs.html", "MIT"),
    ("libxslt1-dev", "html/index.html", "MIT"),
    ("libxslt1-dev", "html/downloads.html", "MIT"),
    ("libxslt1-dev", "gtk-doc/html/libxslt/libxslt-keys.html", "MIT"),
    ("libxslt1-dev", "html/docbook.html", "MIT"),
    ("libxslt1-dev", "html/html/libxslt-extra.html", "MIT"),
    ("nodejs", "template.html", "MIT"),
    ("nodejs", "api/corepack.html", "MIT"),
    ("nodejs", "api/string_decoder.html", "MIT"),
    ("nodejs", "api/intl.html", "MIT"),
    ("opensp", "sysdecl.htm", "MIT"),
    ("opensp", "features.htm", "MIT"),
    ("opensp", "sgmlnorm.htm", "MIT"),
    ("opensp", "sgmldecl.htm", "MIT"),
    ("opensp", "nsgmls.htm", "MIT"),
)
"""(Debian package, path under /usr/share/doc/PACKAGE, licence) of the committed fixture pages."""


def python_docs() -> Path | None:
    """The unpacked ``python3.11-doc`` HTML folder, fetched once; None when apt is unavailable."""
    target = CACHE / PYDOC
    html = target / "usr/share/doc/python3.11/html"
    if html.is_dir():
        return html
    CACHE.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run(["apt-get", "download", PYDOC], cwd=CACHE, check=True, capture_output=True)
        deb = sorted(CACHE.glob(f"{PYDOC}_*.deb"))[-1]
        subprocess.run(["dpkg-deb", "-x", str(deb), str(target)], check=True)
    except (OSError, subprocess.CalledProcessError, IndexError):
        return None
    return html if html.is_dir() else None


def pages(folders: list[Path]) -> list[Path]:
    """Every regular ``.html``/``.htm`` file under ``folders``, sorted."""
    out: set[Path] = set()
    for folder in folders:
        for pattern in ("*.html", "*.htm"):
            out.update(p for p in folder.rglob(pattern) if p.is_file() and not p.is_symlink())
    return sorted(out)


def measure(path: Path) -> dict[str, object]:
    """The results for one page."""
    row: dict[str, object] = {"path": str(path)}
    try:
        page = decode_source(path.read_bytes(), path)
    except SourceError as exc:
        row["refused"] = str(exc)
        return row
    sdoc = segment_document(parse_document(page, path.name, FormatOptions()), "en")
    row["messages"] = len(sdoc.segments)
    row["identity"] = assemble(sdoc, lambda m: m).text == page
    want = element_tree(page)
    for name, transform in (("pseudo", pseudo), ("words", translate_words)):
        result = assemble(sdoc, transform, "fr")
        row[name] = element_tree(result.text) == want
        row[name + "_refused"] = len(result.warnings)
    return row


def run(folders: list[Path], limit: int, json_path: Path | None) -> None:
    files = pages(folders)[: limit or None]
    started = time.monotonic()
    rows = [measure(p) for p in files]
    seconds = time.monotonic() - started
    read = [r for r in rows if "refused" not in r]
    summary = {
        "pages": len(rows),
        "refused (not UTF-8, named)": len(rows) - len(read),
        "messages": sum(int(str(r["messages"])) for r in read),
        "identity": sum(1 for r in read if r["identity"]),
        "pseudo same tree": sum(1 for r in read if r["pseudo"]),
        "words same tree": sum(1 for r in read if r["words"]),
        "translations refused (pseudo)": sum(int(str(r["pseudo_refused"])) for r in read),
        "translations refused (words)": sum(int(str(r["words_refused"])) for r in read),
        "MB": round(sum(p.stat().st_size for p in files) / 1e6, 1),
        "seconds": round(seconds, 1),
    }
    for key, value in summary.items():
        print(f"{key:32} {value}")
    for r in read:
        if not (r["identity"] and r["pseudo"] and r["words"]):
            print("FAIL", r["path"], {k: r[k] for k in ("identity", "pseudo", "words")})
    if json_path is not None:
        json_path.write_text(json.dumps({"summary": summary, "pages": rows}, indent=1), encoding="utf-8")


def fixtures() -> None:
    """Copy :data:`FIXTURES` to ``tests/data/html/`` with ``PROVENANCE.tsv``."""
    out = ROOT / "tests/data/html"
    out.mkdir(parents=True, exist_ok=True)
    lines = ["file\tpackage\tversion\tpath\tlicence\tsha256"]
    for package, rel, licence in FIXTURES:
        source = Path("/usr/share/doc") / package / rel
        data = source.read_bytes()
        version = subprocess.run(["dpkg-query", "-W", "-f=${Version}", package], check=True,
                                 capture_output=True, text=True).stdout
        name = f"{package}__{rel.replace('/', '__')}"
        (out / name).write_bytes(data)
        lines.append("\t".join((name, f"debian:{package}", version, f"/usr/share/doc/{package}/{rel}",
                                licence, hashlib.sha256(data).hexdigest())))
    (out / "PROVENANCE.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(FIXTURES)} pages, {sum((out / row.split(chr(9))[0]).stat().st_size for row in lines[1:])} bytes")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", nargs="?", default="run", choices=("run", "fixtures"))
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if args.command == "fixtures":
        fixtures()
        return
    folders = args.folders
    if not folders:
        folders = [Path("/usr/share/doc")]
        docs = python_docs()
        if docs is not None:
            folders.append(docs)
    run(folders, args.limit, args.json)


if __name__ == "__main__":
    main()
