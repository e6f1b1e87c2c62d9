from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import polib
import pytest

from l10n.errors import CatalogError
from l10n.mt.memory import (
    HUMAN,
    MemoryUnit,
    TranslationMemory,
    export_tmx,
    human_units,
    open_memory,
)
from l10n.mt.memory.location import Location

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def unit(source: str, target: str, engine: str = "bergamot") -> MemoryUnit:
    return MemoryUnit(source, target, "en", "pt_BR", engine, "m-1" if engine != HUMAN else "")


def test_exact_lookup_prefers_human_over_engine(memory_location: Location) -> None:
    with open_memory(memory_location) as tm:
        tm.store([unit("Hello.", "Olá (mt)."), unit("Hello.", "Olá.", HUMAN)])
        hit = tm.lookup("Hello.", "en", "pt_BR", "bergamot")
        assert hit is not None and hit.target == "Olá." and hit.human


def test_lookup_is_keyed_on_engine_and_language_pair(memory_location: Location) -> None:
    with open_memory(memory_location) as tm:
        tm.store([unit("Hello.", "Olá.")])
        assert tm.lookup("Hello.", "en", "pt_BR", "bergamot") is not None
        assert tm.lookup("Hello.", "en", "pt_BR", "deepl") is None
        assert tm.lookup("Hello.", "en", "de", "bergamot") is None
        assert tm.lookup("Hello", "en", "pt_BR", "bergamot") is None


def test_units_survive_reopening(memory_location: Location) -> None:
    with open_memory(memory_location) as tm:
        assert tm.store([unit("A.", "Um."), unit("B.", "Dois.")]) == 2
    with open_memory(memory_location) as tm:
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


def test_export_tmx_writes_valid_tmx_with_languages_and_engine(
    tmp_path: Path, memory_location: Location
) -> None:
    db = memory_location
    with open_memory(db) as tm:
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


def test_export_tmx_filters_by_engine(tmp_path: Path, memory_location: Location) -> None:
    db = memory_location
    with open_memory(db) as tm:
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


def test_exact_lookup_prefers_human_then_imported_then_engine_units(
    memory_location: Location,
) -> None:
    from l10n.mt.memory import IMPORTED

    imported = MemoryUnit("Hello.", "Olá (tmx).", "en", "pt_BR", IMPORTED, origin="tmx:a.tmx")
    with open_memory(memory_location) as tm:
        tm.store([unit("Hello.", "Olá (mt)."), imported])
        hit = tm.lookup("Hello.", "en", "pt_BR", "bergamot")
        assert hit is not None and (hit.target, hit.origin) == ("Olá (tmx).", "tmx:a.tmx")
        tm.store([unit("Hello.", "Olá.", HUMAN)])
        hit = tm.lookup("Hello.", "en", "pt_BR", "bergamot")
        assert hit is not None and hit.target == "Olá."


def test_a_unit_stored_again_replaces_the_older_one(memory_location: Location) -> None:
    with open_memory(memory_location) as tm:
        tm.store([unit("A.", "Um (1).")])
        tm.store([unit("A.", "Um (2)."), unit("B.", "Dois (1)."), unit("B.", "Dois (2).")])
        assert [(u.source, u.target) for u in tm.units()] == [("A.", "Um (2)."), ("B.", "Dois (2).")]
        hit = tm.lookup("A.", "en", "pt_BR", "bergamot")
        assert hit is not None and (hit.model, hit.created[:2]) == ("m-1", "20")


def test_units_are_listed_in_code_point_order_on_every_backend(memory_location: Location) -> None:
    sources = ["b.", "B.", "Ä.", "a.", "Z.", "é.", "Élan.", "1."]
    with open_memory(memory_location) as tm:
        tm.store([unit(s, s.upper()) for s in sources])
        assert [u.source for u in tm.units()] == sorted(sources)


def test_a_source_longer_than_an_index_entry_is_stored_and_found(memory_location: Location) -> None:
    long = "A very long paragraph of a news article, repeated. " * 200  # 10 kB
    with open_memory(memory_location) as tm:
        tm.store([unit(long, "Um parágrafo.")])
        assert tm.lookup(long, "en", "pt_BR", "bergamot") is not None
        assert tm.lookup(long[:-1], "en", "pt_BR", "bergamot") is None


def test_claims_go_to_one_process_at_a_time(memory_location: Location) -> None:
    with open_memory(memory_location) as first, open_memory(memory_location) as second:
        assert first.claim("deepl", "en", "de", ["A.", "B."]) == {"A.", "B."}
        if not first.shared:  # the SQLite file: one run at a time, every claim is granted
            assert second.claim("deepl", "en", "de", ["B.", "C."]) == {"B.", "C."}
            return
        assert second.claim("deepl", "en", "de", ["B.", "C."]) == {"C."}
        assert second.claimed("deepl", "en", "de", ["A.", "B.", "C."]) == {"A.", "B."}
        assert second.claim("deepl", "en", "fr", ["B."]) == {"B."}  # another language pair
        first.release("deepl", "en", "de", ["B."])
        assert second.claim("deepl", "en", "de", ["B."]) == {"B."}
    with open_memory(memory_location) as third:  # closing gave up the first one's claims
        assert third.claim("deepl", "en", "de", ["A.", "B.", "C."]) == {"A.", "B.", "C."}


def test_the_fuzzy_index_hook_sees_the_human_and_imported_units_of_each_store(
    memory_location: Location,
) -> None:
    from l10n.mt.memory import IMPORTED

    seen: list[list[tuple[str, str]]] = []
    with open_memory(memory_location) as tm:
        assert tm.dialect in ("sqlite", "postgresql") and tm.connection is not None
        tm.reusable_stored = lambda rows: seen.append(  # type: ignore[attr-defined]
            [(row[2], row[3]) for row in rows])
        tm.store([unit("A.", "Um."), unit("B.", "Dois.", HUMAN),
                  MemoryUnit("C.", "Três.", "en", "pt_BR", IMPORTED, origin="tmx:x.tmx")])
        tm.store([unit("D.", "Quatro.")])
    assert seen == [[(HUMAN, "B."), (IMPORTED, "C.")], []]
