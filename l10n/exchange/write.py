"""Write the XLIFF file of one article and locale, version 1.2 or 2.0 (text, no IO).

The files validate against the OASIS schemas (``xliff-core-1.2-strict.xsd``,
``xliff_core_2.0.xsd``; the tests check it). Inline markup is written as codes carrying the
original characters (:mod:`l10n.exchange.codes`): in 1.2 as ``<ph>``/``<bpt>``/``<ept>`` with
the characters as their content, in 2.0 as ``<ph>``/``<pc>`` (``<sc>``/``<ec>`` when pairs
overlap) pointing at ``<originalData>``. White space is preserved (``xml:space``); a carriage
return is written as ``&#13;`` so that no XML reader folds it away.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from l10n import __version__
from l10n.catalog.state import EntryState
from l10n.errors import CatalogError
from l10n.exchange.codes import Code, Part, split_codes, well_nested
from l10n.exchange.units import STATES_12, STATES_20, Unit, XliffVersion

NS_12 = "urn:oasis:names:tc:xliff:document:1.2"
"""The XLIFF 1.2 namespace."""
NS_20 = "urn:oasis:names:tc:xliff:document:2.0"
"""The XLIFF 2.0 namespace."""

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class FileHeader:
    """What the ``<file>`` of an article says."""

    original: str
    """The article, relative to the source folder (``world/bakhmut.md``): how import finds it."""
    source_language: str
    """BCP 47 code of the source language."""
    target_language: str
    """BCP 47 code of the locale."""
    markdown: bool
    """Whether the article is Markdown (``datatype="x-markdown"``; else ``plaintext``)."""


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _attr(value: str) -> str:
    return (_text(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;"))


def check_xml_text(value: str, where: str) -> None:
    """Raise a :class:`CatalogError` when ``value`` holds a character XML 1.0 cannot carry."""
    bad = _NOT_XML.search(value)
    if bad is not None:
        raise CatalogError(f"{where} holds the character {ascii(bad.group())}, which an XLIFF "
                           "(XML 1.0) file cannot carry; remove it from the catalog")


def render_xliff(header: FileHeader, units: Sequence[Unit], version: XliffVersion) -> str:
    """The XLIFF document of ``units``."""
    lines = _document_12(header, units) if version == "1.2" else _document_20(header, units)
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- XLIFF 1.2


def _document_12(header: FileHeader, units: Sequence[Unit]) -> list[str]:
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<xliff version="1.2" xmlns="{NS_12}">',
           f'  <file original="{_attr(header.original)}" source-language="{_attr(header.source_language)}"'
           f' target-language="{_attr(header.target_language)}"'
           f' datatype="{"x-markdown" if header.markdown else "plaintext"}">',
           "    <header>",
           f'      <tool tool-id="l10n" tool-name="l10n" tool-version="{_attr(__version__)}"/>',
           "    </header>",
           "    <body>"]
    for unit in units:
        approved = ' approved="yes"' if unit.state is EntryState.TRANSLATED else ""
        out.append(f'      <trans-unit id="{unit.id}" xml:space="preserve"{approved}>')
        out.append(f"        <source>{_inline_12(unit.source)}</source>")
        state, qualifier = STATES_12[unit.state]
        qualified = f' state-qualifier="{qualifier}"' if qualifier else ""
        out.append(f'        <target state="{state}"{qualified}>{_inline_12(_target_parts(unit))}</target>')
        for note in unit.notes:
            out.append(f'        <note from="{note.category}">{_text(note.text)}</note>')
        out.append("      </trans-unit>")
    out += ["    </body>", "  </file>", "</xliff>"]
    return out


_ELEMENT_12 = {"single": "ph", "open": "bpt", "close": "ept"}


def _inline_12(parts: Iterable[Part]) -> str:
    out: list[str] = []
    for part in parts:
        if isinstance(part, Code):
            name = _ELEMENT_12[part.role]
            ctype = "" if part.role == "close" else f' ctype="x-{part.kind}"'
            out.append(f'<{name} id="{part.id}"{ctype}>{_text(part.data)}</{name}>')
        else:
            out.append(_text(part))
    return "".join(out)


def _target_parts(unit: Unit) -> tuple[Part, ...]:
    """The target as text and codes: the source's codes found in it by their exact text."""
    return target_parts(unit.source, unit.target)


def target_parts(source: Sequence[Part], target: str) -> tuple[Part, ...]:
    """``target`` cut into text and the codes of ``source`` (scanned like the source; a piece
    of markup that is not one of the source's codes, with the same role, stays text)."""
    if not target:
        return ()
    mine: dict[tuple[str, str], list[Code]] = {}
    for part in source:
        if isinstance(part, Code):
            mine.setdefault((part.role, part.data), []).append(part)
    out: list[Part] = []
    used: set[tuple[int, str]] = set()
    for part in split_codes(target):
        if isinstance(part, Code):
            found = next((c for c in mine.get((part.role, part.data), []) if c.key not in used), None)
            if found is not None:
                used.add(found.key)
                out.append(found)
                continue
            part = part.data
        if out and isinstance(out[-1], str):
            out[-1] += part
        else:
            out.append(part)
    return _pairs_complete(tuple(out))


def _pairs_complete(parts: tuple[Part, ...]) -> tuple[Part, ...]:
    """Turn back into text any half of a pair whose other half is missing or comes first."""
    opened: set[int] = set()
    closed: set[int] = set()
    for part in parts:
        if isinstance(part, Code) and part.role == "open":
            opened.add(part.id)
        elif isinstance(part, Code) and part.role == "close" and part.id in opened:
            closed.add(part.id)
    out: list[Part] = []
    for part in parts:
        if isinstance(part, Code) and part.role != "single" and part.id not in closed:
            part = part.data
        if isinstance(part, str) and out and isinstance(out[-1], str):
            out[-1] += part
        else:
            out.append(part)
    return tuple(out)


# --------------------------------------------------------------------------- XLIFF 2.0


def _data_id(code: Code) -> str:
    return f"d{code.id}e" if code.role == "close" else f"d{code.id}"


def _document_20(header: FileHeader, units: Sequence[Unit]) -> list[str]:
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<xliff xmlns="{NS_20}" version="2.0" srcLang="{_attr(header.source_language)}"'
           f' trgLang="{_attr(header.target_language)}">',
           f'  <file id="f1" original="{_attr(header.original)}">']
    for unit in units:
        out.append(f'    <unit id="{unit.id}">')
        if unit.notes:
            out.append("      <notes>")
            out += [f'        <note category="{note.category}">{_text(note.text)}</note>'
                    for note in unit.notes]
            out.append("      </notes>")
        codes = [p for p in unit.source if isinstance(p, Code)]
        if codes:
            out.append("      <originalData>")
            out += [f'        <data id="{_data_id(c)}">{_text(c.data)}</data>' for c in codes]
            out.append("      </originalData>")
        out.append(f'      <segment state="{STATES_20[unit.state]}" subState="l10n:{unit.state.value}">')
        out.append(f'        <source xml:space="preserve">{_inline_20(unit.source)}</source>')
        if unit.target:
            out.append(f'        <target xml:space="preserve">{_inline_20(_target_parts(unit))}</target>')
        out += ["      </segment>", "    </unit>"]
    out += ["  </file>", "</xliff>"]
    return out


def _inline_20(parts: Sequence[Part]) -> str:
    nested = well_nested(parts)
    out: list[str] = []
    for part in parts:
        if not isinstance(part, Code):
            out.append(_text(part))
            continue
        disp = _attr(part.data)
        if part.role == "single":
            out.append(f'<ph id="{part.id}" dataRef="{_data_id(part)}" disp="{disp}"/>')
        elif nested and part.role == "open":
            out.append(f'<pc id="{part.id}" dataRefStart="d{part.id}" dataRefEnd="d{part.id}e"'
                       f' dispStart="{disp}" type="{"link" if part.kind == "link" else "fmt"}">')
        elif nested:
            out.append("</pc>")
        elif part.role == "open":
            out.append(f'<sc id="{part.id}" dataRef="d{part.id}" disp="{disp}"/>')
        else:
            out.append(f'<ec startRef="{part.id}" dataRef="d{part.id}e" disp="{disp}"/>')
    return "".join(out)
