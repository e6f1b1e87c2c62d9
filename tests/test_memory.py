from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import polib
import pytest

from l10n.errors import CatalogError
from l10n.mt.memory import HUMAN, MemoryUnit, TranslationMemory, export_tmx, human_units

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def unit(source: str, target: str, engine: str = "bergamot") -> MemoryUnit:
    return MemoryUnit(source, target, "en", "pt_BR", engine, "m-1" if engine != HUMAN else "")


def test_exact_lookup_prefers_human_over_engine(tmp_path: Path) -> None:
    with TranslationMemory(tmp_path / "tm.sqlite") as tm:
        tm.store([unit("Hello.", "Olá (mt)."), unit("Hello.", "Olá.", HUMAN)])
        hit = tm.lookup("Hello.", "en", "pt_BR", "bergamot")
        assert hit is not None and hit.target == "Olá." and hit.human


def test_lookup_is_keyed_on_engine_and_language_pair(tmp_path: Path) -> None:
    with TranslationMemory(tmp_path / "tm.sqlite") as tm:
        tm.store([unit("Hello.", "Olá.")])
        assert tm.lookup("Hello.", "en", "pt_BR", "bergamot") is not None
        assert tm.lookup("Hello.", "en", "pt_BR", "deepl") is None
        assert tm.lookup("Hello.", "en", "de", "bergamot") is None
        assert tm.lookup("Hello", "en", "pt_BR", "bergamot") is None


def test_units_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "tm.sqlite"
    with TranslationMemory(path) as tm:
        assert tm.store([unit("A.", "Um."), unit("B.", "Dois.")]) == 2
    with TranslationMemory(path) as tm:
        assert tm.count() == 2
        assert tm.lookup_many(["A.", "B.", "C."], "en", "pt_BR", "bergamot").keys() == {"A.", "B."}


def test_human_units_take_only_accepted_translations() -> None:
    po = polib.POFile()
    po.append(polib.POEntry(msgid="Done.", msgstr="Feito."))
    po.append(polib.POEntry(msgid="Draft.", msgstr="Rascunho.", flags=["fuzzy"]))
    po.append(polib.POEntry(msgid="Empty.", msgstr=""))
    po.append(polib.POEntry(msgid="Old.", msgstr="Velho.", obsolete=True))
    assert [(u.source, u.target, u.engine) for u in human_units(po, "en", "pt_BR")] == [
        ("Done.", "Feito.", HUMAN)
    ]


def test_export_tmx_writes_valid_tmx_with_languages_and_engine(tmp_path: Path) -> None:
    db = tmp_path / "tm.sqlite"
    with TranslationMemory(db) as tm:
        tm.store([unit("Tom & <Jerry>.", "Tom & <Jerry>."), unit("Hi.", "Oi.", HUMAN)])
    out = tmp_path / "out.tmx"
    assert export_tmx(db, out) == 2
    root = ET.parse(out).getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4"
    assert root.find("header").get("srclang") == "en"  # type: ignore[union-attr]
    tus = root.findall("body/tu")
    segs = [[(tuv.get(XML_LANG), tuv.findtext("seg")) for tuv in tu.findall("tuv")] for tu in tus]
    assert [("en", "Hi."), ("pt-BR", "Oi.")] in segs
    assert [("en", "Tom & <Jerry>."), ("pt-BR", "Tom & <Jerry>.")] in segs
    engines = {tu.findtext("prop[@type='x-engine']") for tu in tus}
    assert engines == {"bergamot", HUMAN}


def test_export_tmx_filters_by_engine(tmp_path: Path) -> None:
    db = tmp_path / "tm.sqlite"
    with TranslationMemory(db) as tm:
        tm.store([unit("A.", "Um."), unit("B.", "Dois.", HUMAN)])
    assert export_tmx(db, tmp_path / "h.tmx", engine=HUMAN) == 1


def test_export_without_memory_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="l10n translate"):
        export_tmx(tmp_path / "none.sqlite", tmp_path / "x.tmx")


def test_a_file_that_is_not_a_memory_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_text("not a database at all, just some text" * 100)
    with pytest.raises(CatalogError, match="--no-memory"):
        TranslationMemory(bad)


def test_exact_lookup_prefers_human_then_imported_then_engine_units(tmp_path: Path) -> None:
    from l10n.mt.memory import IMPORTED

    imported = MemoryUnit("Hello.", "Olá (tmx).", "en", "pt_BR", IMPORTED, origin="tmx:a.tmx")
    with TranslationMemory(tmp_path / "tm.sqlite") as tm:
        tm.store([unit("Hello.", "Olá (mt)."), imported])
        hit = tm.lookup("Hello.", "en", "pt_BR", "bergamot")
        assert hit is not None and (hit.target, hit.origin) == ("Olá (tmx).", "tmx:a.tmx")
        tm.store([unit("Hello.", "Olá.", HUMAN)])
        hit = tm.lookup("Hello.", "en", "pt_BR", "bergamot")
        assert hit is not None and hit.target == "Olá."
