"""TMX in and out: the memory exported for CAT tools (TMX 1.4), and another tool's memory imported.

:func:`export_tmx` writes the units as TMX 1.4, markup as plain text in ``<seg>`` (engine, model
and origin as ``<prop>``). :func:`import_tmx` reads a TMX 1.4 or 1.1 file
(:mod:`l10n.mt.memory.tmx_read`: safe parsing, inline codes turned back into their original
text), maps its language codes to the project's locales (``pt-BR`` -> ``pt_BR``; ``de-DE`` ->
``de`` when the project has ``de`` and no other German) and stores every usable pair as an
:data:`~l10n.mt.memory.model.IMPORTED` unit whose ``origin`` is ``tmx:<file name>``. Imported
units are someone else's work, never reviewed here: ``translate`` reuses them as fuzzy drafts
(exact or close matches), never as reviewed translations. The whole file is read and checked
before anything is stored, so a malformed file changes nothing.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from l10n import __version__
from l10n.errors import CatalogError, LocaleError
from l10n.fsutil import atomic_write_bytes
from l10n.locales import language_code, normalize_locale
from l10n.mt.memory.backend import exists, open_memory
from l10n.mt.memory.location import Location
from l10n.mt.memory.model import IMPORTED, MemoryUnit
from l10n.mt.memory.tmx_read import TmxDocument, TmxUnit, Variant, parse_tmx
from l10n.safe_files import read_regular_bytes, shown

MAX_TMX_BYTES = 512 * 1024 * 1024
"""Largest TMX file imported (a million-unit memory is about 300 MB)."""

def _bcp47(locale: str) -> str:
    return locale.split("@")[0].replace("_", "-")


def _xml_safe(text: str) -> str:
    """Drop characters XML 1.0 cannot carry (control characters)."""
    return "".join(
        ch
        for ch in text
        if ch in "\t\n\r" or ("\x20" <= ch <= "\ud7ff") or ("\ue000" <= ch <= "\ufffd")
        or ch >= "\U00010000"
    )


def _tmx_date(iso: str) -> str:
    return iso.replace("-", "").replace(":", "") if iso else ""


def tmx_bytes(units: Iterable[MemoryUnit]) -> tuple[bytes, int]:
    """A TMX 1.4 document for ``units`` and the number of translation units in it (pure)."""
    all_units = list(units)
    sources = {u.source_lang for u in all_units}
    root = ET.Element("tmx", version="1.4")
    ET.SubElement(
        root,
        "header",
        {
            "creationtool": "l10n",
            "creationtoolversion": __version__,
            "segtype": "sentence",
            "o-tmf": "l10n-sqlite",
            "adminlang": "en",
            "srclang": _bcp47(next(iter(sources))) if len(sources) == 1 else "*all*",
            "datatype": "plaintext",
        },
    )
    body = ET.SubElement(root, "body")
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    for unit in all_units:
        attrs = {"creationdate": _tmx_date(unit.created)} if unit.created else {}
        tu = ET.SubElement(body, "tu", attrs)
        prop = ET.SubElement(tu, "prop", type="x-engine")
        prop.text = unit.engine
        if unit.model:
            model = ET.SubElement(tu, "prop", type="x-model")
            model.text = unit.model
        if unit.origin:
            origin = ET.SubElement(tu, "prop", type="x-origin")
            origin.text = unit.origin
        for lang, text in ((unit.source_lang, unit.source), (unit.target_lang, unit.target)):
            tuv = ET.SubElement(tu, "tuv", {xml_lang: _bcp47(lang)})
            seg = ET.SubElement(tuv, "seg")
            seg.text = _xml_safe(text)
    ET.indent(root, space="  ")
    text = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")
    return (text + "\n").encode("utf-8"), len(all_units)


def export_tmx(
    db_path: Location,
    out_path: Path,
    *,
    source_lang: str | None = None,
    target_lang: str | None = None,
    engine: str | None = None,
) -> int:
    """Write the memory at ``db_path`` (filtered) as TMX to ``out_path``; returns the unit count."""
    if not exists(db_path):
        raise CatalogError("no translation memory here yet; run `l10n translate` first", path=db_path)
    with open_memory(db_path, readonly=True) as memory:
        data, count = tmx_bytes(
            memory.units(source_lang=source_lang, target_lang=target_lang, engine=engine)
        )
    atomic_write_bytes(out_path, data)
    return count


# --------------------------------------------------------------------------- import


@dataclass(frozen=True)
class ImportReport:
    """What :func:`import_tmx` did."""

    stored: int
    """Units stored (one per source and target language)."""
    by_locale: dict[str, int] = field(default_factory=dict)
    """Of ``stored``, per target locale."""
    skipped: dict[str, int] = field(default_factory=dict)
    """Translation pairs not imported, per reason."""
    origin: str = ""
    """The ``origin`` the units carry (``tmx:memory.tmx``)."""


def _matches_source(lang: str, source: str) -> bool:
    """Whether a ``<tuv>`` language (normalised) is the source language: the same locale, or
    the same language when the source has no territory (``en-US`` for ``en``)."""
    return lang == source or ("_" not in source and language_code(lang) == source)


def _project_locale(lang: str, locales: Sequence[str]) -> str:
    """The project locale a normalised TMX language stands for: itself, or the only project
    locale of its language (``de_DE`` -> ``de``; ``pt`` stays ``pt`` next to pt_BR and pt_PT)."""
    if lang in locales:
        return lang
    same = [loc for loc in locales if language_code(loc) == language_code(lang)]
    return same[0] if len(same) == 1 else lang


def tmx_units(
    document: TmxDocument, *, source_lang: str, locales: Sequence[str], origin: str
) -> tuple[list[MemoryUnit], dict[str, int]]:
    """The memory units of a parsed TMX document and the skipped pairs per reason (pure)."""
    units: list[MemoryUnit] = []
    skipped: dict[str, int] = {}

    def skip(reason: str, count: int = 1) -> None:
        skipped[reason] = skipped.get(reason, 0) + count

    for tu in document.units:
        langs, unknown = _languages(tu)
        if unknown:
            skip("language code that is no locale", unknown)
        source = next((v for v, lang in langs if _matches_source(lang, source_lang)), None)
        if source is None:
            skip(f"no {source_lang} segment")
            continue
        for variant, lang in langs:
            if variant is source or _matches_source(lang, source_lang):
                continue
            if source.lost_codes or variant.lost_codes:
                skip("inline code without its original data")
            elif variant.codes != source.codes:
                skip("inline codes differ between source and translation")
            elif not source.text.strip() or not variant.text.strip():
                skip("empty segment")
            else:
                target = _project_locale(lang, locales)
                units.append(MemoryUnit(source.text, variant.text, source_lang, target, IMPORTED,
                                        created=tu.created, origin=origin))
    return units, skipped


def _languages(tu: TmxUnit) -> tuple[list[tuple[Variant, str]], int]:
    """The unit's variants with their normalised language, and how many had a language code
    that is no locale (``x-unknown``)."""
    found: list[tuple[Variant, str]] = []
    unknown = 0
    for variant in tu.variants:
        try:
            found.append((variant, normalize_locale(variant.lang)))
        except LocaleError:
            unknown += 1
    return found, unknown


def import_tmx(
    db_path: Location, tmx_path: Path, *, source_lang: str, locales: Sequence[str]
) -> ImportReport:
    """Read ``tmx_path`` and store its units in the memory at ``db_path`` (one transaction,
    after the whole file was read: a malformed file stores nothing)."""
    try:
        size = os.stat(tmx_path).st_size
    except OSError:
        size = 0
    if size > MAX_TMX_BYTES:
        raise CatalogError(f"is larger than {MAX_TMX_BYTES // (1024 * 1024)} MB; split it in "
                           "CAT tool first", path=shown(tmx_path))
    data = read_regular_bytes(tmx_path, limit=MAX_TMX_BYTES, error=CatalogError)
    document = parse_tmx(data, tmx_path)
    origin = f"tmx:{tmx_path.name}"
    source = normalize_locale(source_lang)
    units, skipped = tmx_units(document, source_lang=source, locales=locales, origin=origin)
    by_locale: dict[str, int] = {}
    for unit in units:
        by_locale[unit.target_lang] = by_locale.get(unit.target_lang, 0) + 1
    with open_memory(db_path) as memory:
        stored = memory.store(units)
    return ImportReport(stored, dict(sorted(by_locale.items())), skipped, origin)
