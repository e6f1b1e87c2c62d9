"""Read a TMX file (1.4 or 1.1) that another tool wrote, without trusting it.

A TMX file comes from outside the project (OmegaT, Trados, memoQ, Weblate exports, or a file
mailed by an agency), so it is parsed with expat directly and anything that could make a small
file expensive is refused before it is expanded: a ``DOCTYPE`` is accepted only without an
internal subset (``<!DOCTYPE tmx SYSTEM "tmx14.dtd">`` is what the tools write; the DTD itself is
never fetched), and any entity declaration is an error, so entity expansion ("billion laughs")
and external entities cannot happen. Malformed XML is a :class:`~l10n.errors.CatalogError`
naming the file and line.

**Inline codes.** Our messages carry their markup as text (``**strong**``, ``[a](b)``, ``<b>``),
and :func:`l10n.mt.memory.tmx.tmx_bytes` writes it so. Other tools wrap the original formatting in
``<bpt>``/``<ept>``/``<ph>``/``<it>``/``<ut>`` whose content is the original data (TMX 1.4
section 3.6); such a segment is read back as that original text: the codes' data in place, the
text of ``<hi>`` and ``<sub>`` as text. A code without its data (``<ph x="1"/>``, as some tools
export) cannot be turned back into text: the segment says so (:attr:`Variant.lost_codes`) and its
unit is skipped by the importer rather than guessed. Each variant also lists its codes' data, so
a translation that lost or changed a code of its source can be refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from l10n.errors import CatalogError

_CODES = frozenset({"bpt", "ept", "ph", "it", "ut"})
"""Inline elements whose content is the original (native) data of a formatting code."""

_TEXT_INLINE = frozenset({"hi", "sub"})
"""Inline elements whose content is text."""


@dataclass(frozen=True)
class Variant:
    """One ``<tuv>``: a language's text of the unit."""

    lang: str
    """The language code as written (``pt-BR``, ``EN-US``)."""
    text: str
    """The segment as plain text, inline codes replaced by their original data."""
    codes: tuple[str, ...]
    """The original data of each inline code, sorted (compared between source and target)."""
    lost_codes: bool
    """Whether an inline code had no original data (the text cannot be rebuilt)."""


@dataclass(frozen=True)
class TmxUnit:
    """One ``<tu>``."""

    line: int
    """Line of its start tag in the file."""
    variants: tuple[Variant, ...]
    """Its ``<tuv>`` elements that have a ``<seg>``, in file order."""
    created: str = ""
    """``creationdate`` as ISO 8601 (``2026-11-25T09:30:00Z``), empty when absent or odd."""


@dataclass(frozen=True)
class TmxDocument:
    """What a TMX file says."""

    version: str
    """The ``version`` attribute of ``<tmx>`` (``1.4``, ``1.1``)."""
    srclang: str
    """The header's ``srclang`` (``en-US``, or ``*all*``); empty when absent."""
    creationtool: str
    """The header's ``creationtool`` (``OmegaT``), empty when absent."""
    units: tuple[TmxUnit, ...] = field(default=())
    """Every ``<tu>`` of the body."""


class _Refused(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def iso_date(value: str) -> str:
    """TMX's ``YYYYMMDDThhmmssZ`` as ``YYYY-MM-DDThh:mm:ssZ``; "" for anything else."""
    if len(value) != 16 or value[8] != "T" or value[15] != "Z":
        return ""
    digits = value[:8] + value[9:15]
    if not digits.isdigit():
        return ""
    d = digits
    return f"{d[0:4]}-{d[4:6]}-{d[6:8]}T{d[8:10]}:{d[10:12]}:{d[12:14]}Z"


class _Builder:
    """expat callbacks collecting units; the element stack checks where each one is."""

    def __init__(self, parser: expat.XMLParserType) -> None:
        self.parser = parser
        self.stack: list[str] = []
        self.version = ""
        self.srclang = ""
        self.tool = ""
        self.units: list[TmxUnit] = []
        self.tu_line = 0
        self.tu_created = ""
        self.variants: list[Variant] = []
        self.lang = ""
        self.seg: list[str] | None = None
        self.code_depth = 0
        self.code_text: list[str] = []
        self.codes: list[str] = []
        self.lost = False

    def line(self) -> int:
        return int(self.parser.CurrentLineNumber)

    def start(self, name: str, attrs: dict[str, str]) -> None:
        parent = self.stack[-1] if self.stack else None
        self.stack.append(name)
        if parent is None:
            if name != "tmx":
                raise _Refused(f"not a TMX file: the root element is <{name}>, not <tmx>",
                               self.line())
            self.version = attrs.get("version", "")
        elif name == "header" and parent == "tmx":
            self.srclang = attrs.get("srclang", "")
            self.tool = attrs.get("creationtool", "")
        elif name == "tu" and parent == "body":
            self.tu_line, self.variants = self.line(), []
            self.tu_created = iso_date(attrs.get("creationdate", ""))
        elif name == "tuv" and parent == "tu":
            self.lang = attrs.get("xml:lang") or attrs.get("lang") or ""
        elif name == "seg" and parent == "tuv":
            self.seg, self.codes, self.lost, self.code_depth = [], [], False, 0
        elif self.seg is not None:
            if name in _CODES:
                if self.code_depth == 0:
                    self.code_text = []
                self.code_depth += 1
            elif name not in _TEXT_INLINE:
                raise _Refused(f"<{name}> is not a TMX inline element (inside <seg>)", self.line())

    def end(self, name: str) -> None:
        self.stack.pop()
        if self.seg is not None and name in _CODES:
            self.code_depth -= 1
            if self.code_depth == 0:
                data = "".join(self.code_text)
                if data:
                    self.codes.append(data)
                else:
                    self.lost = True
        elif name == "seg" and self.seg is not None:
            if self.lang:
                self.variants.append(
                    Variant(self.lang, "".join(self.seg), tuple(sorted(self.codes)), self.lost)
                )
            self.seg = None
        elif name == "tu" and self.stack and self.stack[-1] == "body":
            self.units.append(TmxUnit(self.tu_line, tuple(self.variants), self.tu_created))

    def text(self, data: str) -> None:
        if self.seg is None:
            return
        self.seg.append(data)
        if self.code_depth:
            self.code_text.append(data)

    def doctype(self, name: str, sysid: str | None, pubid: str | None, internal: int) -> None:
        if internal:
            raise _Refused("a DOCTYPE with an internal subset is not accepted in a TMX file "
                           "(entity declarations could expand without limit)", self.line())

    def entity(self, name: str, *_: object) -> None:
        raise _Refused(f"entity declaration '{name}' is not accepted in a TMX file", self.line())


def parse_tmx(data: bytes, path: Path) -> TmxDocument:
    """The units of the TMX document ``data`` (read from ``path``, named in errors)."""
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    builder = _Builder(parser)
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.text
    parser.StartDoctypeDeclHandler = builder.doctype
    parser.EntityDeclHandler = builder.entity
    parser.UnparsedEntityDeclHandler = builder.entity
    parser.buffer_text = True
    try:
        parser.Parse(data, True)
    except _Refused as exc:
        raise CatalogError(exc.message, path=path, line=exc.line) from None
    except expat.ExpatError as exc:
        reason = expat.ErrorString(exc.code) if exc.code else str(exc)
        raise CatalogError(f"malformed TMX (XML): {reason}, column {exc.offset + 1}",
                           path=path, line=exc.lineno) from None
    if not builder.version:
        raise CatalogError("not a TMX file: <tmx> has no version attribute", path=path, line=1)
    return TmxDocument(builder.version, builder.srclang, builder.tool, tuple(builder.units))
