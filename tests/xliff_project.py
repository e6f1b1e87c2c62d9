"""A small project whose catalog holds every entry state and markup-heavy sentences, and the
oracles the XLIFF tests share: lxml against the vendored OASIS schemas, Translate Toolkit."""

from __future__ import annotations

from pathlib import Path

import polib
from click.testing import CliRunner
from lxml import etree

from l10n.catalog.provenance import Provenance, apply_draft, draft_digest
from l10n.catalog.store import PoStyle
from l10n.cli import main
from l10n.config import load_config

SCHEMAS = Path(__file__).parent / "data" / "xliff"
NS = {"1.2": "urn:oasis:names:tc:xliff:document:1.2", "2.0": "urn:oasis:names:tc:xliff:document:2.0"}

HEADING = "The *Wagner* report"
LINK = "Read **the [full report](https://example.org/r?a=1&b=2)** now."
CODE = "Run `l10n build` and see <abbr title=\"Ukraine\">UA</abbr> news."
TEMPLATE = "Prices rose 5% in {{< year >}}, said AT&amp;T."
STALE = "The minister resigned on Monday."
PLAIN = "Talks will resume on Friday."
EMPTY = "Nobody spoke."

ARTICLE = "\n\n".join([f"# {HEADING}", LINK, CODE, TEMPLATE, STALE, PLAIN, EMPTY]) + "\n"

TRANSLATIONS = {
    HEADING: "O relatório *Wagner*",
    LINK: "Leia **o [relatório completo](https://example.org/r?a=1&b=2)** agora.",
    CODE: "Rode `l10n build` e veja as notícias da <abbr title=\"Ukraine\">UA</abbr>.",
    TEMPLATE: "Os preços subiram 5% em {{< year >}}, disse a AT&amp;T.",
    STALE: "O ministro renunciou no domingo.",
    PLAIN: "As negociações serão retomadas na sexta-feira.",
}


def run(project: Path, *args: str) -> tuple[int, str, str]:
    """``l10n -C project args`` through click: exit code, stdout, stderr."""
    result = CliRunner().invoke(main, ["-C", str(project), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def po_file(project: Path) -> Path:
    """The project's one catalog."""
    return project / "locales" / "pt_BR" / "news.po"


def make_project(tmp_path: Path) -> Path:
    """The project, extracted, its catalog holding: the heading and PLAIN reviewed, LINK a
    machine draft, CODE an edited draft, TEMPLATE fuzzy (no provenance), STALE stale, EMPTY
    untranslated; written in the project's own PO style."""
    project = tmp_path / "proj"
    (project / "source").mkdir(parents=True)
    (project / "l10n.toml").write_text('source_language = "en"\nlocales = ["pt_BR"]\n', encoding="utf-8")
    (project / "source" / "news.md").write_text(ARTICLE, encoding="utf-8")
    code, out, err = run(project, "extract")
    assert code == 0, out + err
    po = polib.pofile(str(po_file(project)))
    entries = {e.msgid: e for e in po}
    assert set(entries) == set(TRANSLATIONS) | {EMPTY}, sorted(entries)
    for msgid in (HEADING, PLAIN):
        entries[msgid].msgstr = TRANSLATIONS[msgid]
    machine = Provenance("bergamot", "2026-12-01", draft_digest(TRANSLATIONS[LINK], 8))
    apply_draft(entries[LINK], TRANSLATIONS[LINK], machine)
    drafted = "Rode `l10n build` e veja <abbr title=\"Ukraine\">UA</abbr>."
    apply_draft(entries[CODE], drafted, Provenance("bergamot", "2026-12-01", draft_digest(drafted, 8)))
    entries[CODE].msgstr = TRANSLATIONS[CODE]
    entries[TEMPLATE].msgstr = TRANSLATIONS[TEMPLATE]
    entries[TEMPLATE].flags.append("fuzzy")
    entries[STALE].msgstr = TRANSLATIONS[STALE]
    entries[STALE].flags.append("fuzzy")
    entries[STALE].previous_msgid = "The minister resigned on Sunday."
    PoStyle.of(load_config(project / "l10n.toml")).save(po_file(project), po)
    return project


def xliff_path(project: Path, folder: str = "build/xliff") -> Path:
    """The exported file of the article."""
    return project / folder / "pt_BR" / "news.xlf"


def schema(version: str) -> etree.XMLSchema:
    """The OASIS schema of ``version``, its ``xml.xsd`` import served from the vendored copy."""

    class Local(etree.Resolver):
        def resolve(self, url: str, pubid: str, context: object) -> object:
            if url.endswith("xml.xsd"):
                return self.resolve_filename(str(SCHEMAS / "xml.xsd"), context)
            if url.startswith(("http:", "https:")):
                raise AssertionError(f"schema import not vendored: {url}")
            return None

    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(Local())
    name = "xliff-core-1.2-strict.xsd" if version == "1.2" else "xliff-core-2.0.xsd"
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name), parser))


def units(tree: etree._ElementTree, version: str) -> dict[str, etree._Element]:
    """Unit id -> the element holding the target (1.2 ``trans-unit``, 2.0 ``segment``)."""
    ns = {"x": NS[version]}
    if version == "1.2":
        return {u.get("id"): u for u in tree.iterfind(".//x:trans-unit", ns)}
    return {u.get("id"): u.find("x:segment", ns) for u in tree.iterfind(".//x:unit", ns)}


def target(element: etree._Element, version: str) -> etree._Element:
    """The ``<target>`` of a unit element from :func:`units` (created when missing)."""
    found = element.find(f"{{{NS[version]}}}target")
    if found is None:
        found = etree.SubElement(element, f"{{{NS[version]}}}target")
        if version == "1.2":  # the target follows the source
            element.remove(found)
            element.insert(1, found)
    return found
