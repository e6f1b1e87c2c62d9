"""TMX import: files other tools wrote (Translate Toolkit as an independent writer, hand-written
1.4 and 1.1 files with inline codes), hostile XML refused, nothing stored from a bad file."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from translate.storage import tmx as ttk_tmx

from l10n.errors import CatalogError
from l10n.mt.memory import (
    IMPORTED,
    MemoryUnit,
    TranslationMemory,
    export_tmx,
    import_tmx,
    open_memory,
)
from l10n.mt.memory.location import Location

LOCALES = ("pt_BR", "de")


def imported(db: Location) -> dict[tuple[str, str], MemoryUnit]:
    with open_memory(db) as tm:
        return {(u.target_lang, u.source): u for u in tm.units()}


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_units_written_by_translate_toolkit_are_imported_with_locales_mapped(
    tmp_path: Path, memory_location: Location
) -> None:
    store = ttk_tmx.tmxfile(sourcelanguage="en")
    store.addtranslation("He met the prime minister.", "en-US",
                         "Ele encontrou o primeiro-ministro.", "pt-BR")
    store.addtranslation("Tom & <Jerry>.", "en-US", "Tom & <Jerry>.", "pt-BR")
    store.addtranslation("Good morning.", "en-US", "Guten Morgen.", "de-DE")
    path = tmp_path / "omegat project.tmx"
    path.write_bytes(bytes(store))
    db = memory_location
    report = import_tmx(db, path, source_lang="en", locales=LOCALES)
    assert report.stored == 3 and report.by_locale == {"de": 1, "pt_BR": 2}
    assert report.skipped == {}
    units = imported(db)
    unit = units[("pt_BR", "He met the prime minister.")]
    assert (unit.target, unit.source_lang, unit.engine, unit.origin) == (
        "Ele encontrou o primeiro-ministro.", "en", IMPORTED, "tmx:omegat project.tmx")
    assert units[("pt_BR", "Tom & <Jerry>.")].target == "Tom & <Jerry>."
    assert units[("de", "Good morning.")].target == "Guten Morgen."
    assert not unit.human


def test_inline_codes_become_their_original_text_and_lost_codes_are_skipped(
    tmp_path: Path, memory_location: Location
) -> None:
    path = write(tmp_path / "codes.tmx", """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="memoQ" creationtoolversion="9" segtype="sentence" o-tmf="x"
          adminlang="en-us" srclang="en-us" datatype="html"/>
  <body>
    <tu creationdate="20251103T101500Z">
      <prop type="x-note">kept out</prop>
      <tuv xml:lang="en-US"><seg>Read <bpt i="1">**</bpt>the report<ept i="1">**</ept> <ph x="2">`l10n`</ph> <hi type="b">now</hi>.</seg></tuv>
      <tuv xml:lang="pt-BR"><seg>Leia <bpt i="1">**</bpt>o relatório<ept i="1">**</ept> <ph x="2">`l10n`</ph> <hi>agora</hi>.</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="en-US"><seg>Click <ph x="1"/> here.</seg></tuv>
      <tuv xml:lang="pt-BR"><seg>Clique <ph x="1"/> aqui.</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="en-US"><seg>See <bpt i="1">&lt;a href="https://a.example/"&gt;</bpt>this<ept i="1">&lt;/a&gt;</ept>.</seg></tuv>
      <tuv xml:lang="pt-BR"><seg>Veja isto.</seg></tuv>
      <tuv xml:lang="x-klingon-dialect"><seg>?</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="fr-FR"><seg>Bonjour.</seg></tuv>
      <tuv xml:lang="pt-BR"><seg>Bom dia.</seg></tuv>
    </tu>
  </body>
</tmx>
""")
    db = memory_location
    report = import_tmx(db, path, source_lang="en", locales=LOCALES)
    assert report.stored == 1
    assert report.skipped == {
        "inline code without its original data": 1,
        "inline codes differ between source and translation": 1,
        "language code that is no locale": 1,
        "no en segment": 1,
    }
    [unit] = imported(db).values()
    assert unit.source == "Read **the report** `l10n` now."
    assert unit.target == "Leia **o relatório** `l10n` agora."
    assert unit.created == "2025-11-03T10:15:00Z"


def test_tmx_1_1_in_utf_16_with_lang_attributes_is_read(
    tmp_path: Path, memory_location: Location
) -> None:
    path = write(tmp_path / "trados.tmx", """<?xml version="1.0" encoding="UTF-16"?>
<!DOCTYPE tmx SYSTEM "tmx11.dtd">
<tmx version="1.1">
  <header creationtool="SDL" srclang="EN-US" adminlang="EN-US" datatype="rtf" segtype="sentence" o-tmf="TW4Win"/>
  <body>
    <tu><tuv lang="EN-US"><seg>The vote was close.</seg></tuv><tuv lang="PT-BR"><seg>A votação foi apertada.</seg></tuv></tu>
  </body>
</tmx>
""", "utf-16")
    db = memory_location
    assert import_tmx(db, path, source_lang="en", locales=LOCALES).stored == 1
    assert imported(db)[("pt_BR", "The vote was close.")].target == "A votação foi apertada."


def test_billion_laughs_is_refused_at_once_and_nothing_is_stored(tmp_path: Path) -> None:
    entities = "".join(
        f'  <!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">\n' for i in range(1, 10)
    )
    path = write(tmp_path / "laughs.tmx", f"""<?xml version="1.0"?>
<!DOCTYPE tmx [
  <!ENTITY lol0 "lol">
{entities}]>
<tmx version="1.4"><header srclang="en"/><body>
<tu><tuv xml:lang="en"><seg>&lol9;</seg></tuv><tuv xml:lang="pt-BR"><seg>&lol9;</seg></tuv></tu>
</body></tmx>
""")
    db = tmp_path / "tm.sqlite"
    started = time.monotonic()
    with pytest.raises(CatalogError) as error:
        import_tmx(db, path, source_lang="en", locales=LOCALES)
    assert time.monotonic() - started < 1.0
    assert error.value.path == path and error.value.line == 2
    assert "internal subset" in error.value.message
    assert not db.exists()


def test_an_external_entity_is_never_read(tmp_path: Path) -> None:
    secret = write(tmp_path / "secret.txt", "SECRET")
    path = write(tmp_path / "xxe.tmx", f"""<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY x SYSTEM "file://{secret}">]>
<tmx version="1.4"><header srclang="en"/><body>
<tu><tuv xml:lang="en"><seg>Hi &x;</seg></tuv><tuv xml:lang="pt-BR"><seg>Oi &x;</seg></tuv></tu>
</body></tmx>
""")
    with pytest.raises(CatalogError, match="internal subset"):
        import_tmx(tmp_path / "tm.sqlite", path, source_lang="en", locales=LOCALES)


def test_a_malformed_file_names_its_line_and_leaves_the_memory_unchanged(
    tmp_path: Path, memory_location: Location
) -> None:
    db = memory_location
    with open_memory(db) as tm:
        tm.store([MemoryUnit("Old.", "Velho.", "en", "pt_BR", "human")])
    before = db.read_bytes() if isinstance(db, Path) else b""
    path = write(tmp_path / "broken.tmx", """<?xml version="1.0"?>
<tmx version="1.4"><header srclang="en"/><body>
<tu><tuv xml:lang="en"><seg>One.</seg></tuv><tuv xml:lang="pt-BR"><seg>Um.</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>Two.</seg></tuv><tuv xml:lang="pt-BR"><seg>Dois.</tuv></tu>
</body></tmx>
""")
    with pytest.raises(CatalogError) as error:
        import_tmx(db, path, source_lang="en", locales=LOCALES)
    assert (error.value.path, error.value.line) == (path, 4)
    assert str(error.value).startswith(f"{path}:4: malformed TMX (XML): mismatched tag")
    assert (db.read_bytes() if isinstance(db, Path) else b"") == before
    assert [u.source for u in imported(db).values()] == ["Old."]


def test_a_file_that_is_not_tmx_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "a.xlf", '<?xml version="1.0"?>\n<xliff version="1.2"/>\n')
    with pytest.raises(CatalogError, match=r"not a TMX file: the root element is <xliff>") as error:
        import_tmx(tmp_path / "tm.sqlite", path, source_lang="en", locales=LOCALES)
    assert error.value.line == 2


def test_an_export_is_read_by_translate_toolkit_and_imports_back(
    tmp_path: Path, memory_locations: Callable[[], Location]
) -> None:
    db = memory_locations()
    with open_memory(db) as tm:
        tm.store([MemoryUnit("A & **b**.", "Um & **b**.", "en", "pt_BR", "human"),
                  MemoryUnit("C.", "Cê.", "en", "pt_BR", "bergamot", "m-1")])
    out = tmp_path / "out.tmx"
    assert export_tmx(db, out) == 2
    store = ttk_tmx.tmxfile.parsefile(str(out))
    assert sorted((u.source, u.target) for u in store.units) == [
        ("A & **b**.", "Um & **b**."), ("C.", "Cê.")]
    other = memory_locations()
    assert import_tmx(other, out, source_lang="en", locales=LOCALES).stored == 2
    assert {u.target for u in imported(other).values()} == {"Um & **b**.", "Cê."}


def test_an_old_memory_is_upgraded_and_still_read_only(tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "tm.sqlite"
    old = sqlite3.connect(db)
    old.executescript("""
CREATE TABLE units (source_lang TEXT NOT NULL, target_lang TEXT NOT NULL, engine TEXT NOT NULL,
    source TEXT NOT NULL, target TEXT NOT NULL, model TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL, PRIMARY KEY (source_lang, target_lang, source, engine)) WITHOUT ROWID;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta VALUES ('schema', '1');
INSERT INTO units VALUES ('en', 'pt_BR', 'human', 'Hi.', 'Oi.', '', '2026-01-01T00:00:00Z');
""")
    old.commit()
    old.close()
    with TranslationMemory(db, readonly=True) as tm:
        assert [(u.source, u.origin) for u in tm.units()] == [("Hi.", "")]
    path = write(tmp_path / "a.tmx", """<tmx version="1.4"><header srclang="en"/><body>
<tu><tuv xml:lang="en"><seg>Bye.</seg></tuv><tuv xml:lang="pt-BR"><seg>Tchau.</seg></tuv></tu>
</body></tmx>""")
    assert import_tmx(db, path, source_lang="en", locales=LOCALES).stored == 1
    with TranslationMemory(db) as tm:
        assert sorted((u.source, u.origin) for u in tm.units()) == [
            ("Bye.", "tmx:a.tmx"), ("Hi.", "")]
