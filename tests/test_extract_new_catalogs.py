"""A new locale's catalog, written by ``extract`` from the template's already formatted entries,
is the catalog :func:`new_locale_catalog` makes, written in full, and one ``msgfmt -c`` accepts."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from l10n.catalog.store import PoStyle, load_catalog
from l10n.catalog.template import new_locale_catalog
from l10n.config import load_config
from l10n.project import extract

ARTICLES = Path(__file__).parent / "data" / "articles"


def test_new_catalogs_are_the_template_catalog_written_in_full(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    for path in sorted(ARTICLES.glob("*.md"))[:8]:
        shutil.copyfile(path, source / path.name)
    (tmp_path / "l10n.toml").write_text('source_language = "en"\nlocales = ["pt_BR", "de", "ar"]\n'
                                        "[po]\nwidth = 60\n", encoding="utf-8")
    config = load_config(tmp_path / "l10n.toml")
    extract(config)
    style = PoStyle.of(config)
    checked = 0
    for pot_path in sorted((tmp_path / "locales" / "templates").glob("*.pot")):
        template = load_catalog(pot_path)
        for locale in config.locales:
            po_path = tmp_path / "locales" / locale / f"{pot_path.stem}.po"
            written = po_path.read_text(encoding="utf-8")
            date = load_catalog(po_path).metadata["PO-Revision-Date"]
            assert written == style.format(new_locale_catalog(template, locale, revision_date=date))
            subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(po_path)], check=True)
            checked += 1
    assert checked == 24
