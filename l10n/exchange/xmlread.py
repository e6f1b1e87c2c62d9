"""Read an XML file from outside safely: no DTD, no entities, every element with its line.

XLIFF files come back from translators and their tools, so they are untrusted input. A
document type declaration is refused outright (no internal subset, so no entity expansion
such as "billion laughs", and no external entity or DTD is ever fetched); only the five
predefined entities and character references are read. The parser is the standard library's
expat, driven directly so that the refusal happens at the declaration and every element
remembers the line it starts on, for errors that name file and line.
"""

from __future__ import annotations

import xml.parsers.expat as expat
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn
from xml.etree.ElementTree import Element, TreeBuilder

from l10n.errors import L10nError


class XliffError(L10nError):
    """An exchange file that cannot be read or does not fit the project: nothing was changed."""


@dataclass(frozen=True)
class XmlDocument:
    """A parsed file and the line of each element."""

    root: Element
    """The document element (tags as ``{namespace}name``)."""
    lines: dict[int, int]
    """``id(element)`` -> 1-based line where it starts."""
    path: Path
    """The file, for errors."""

    def line(self, element: Element) -> int | None:
        """The line ``element`` starts on."""
        return self.lines.get(id(element))

    def fail(self, element: Element | None, message: str) -> NoReturn:
        """Raise an :class:`XliffError` naming the file and ``element``'s line."""
        raise XliffError(message, path=self.path, line=None if element is None else self.line(element))


def _name(raw: str) -> str:
    namespace, _, local = raw.rpartition(" ")
    return f"{{{namespace}}}{local}" if namespace else local


def parse_xml(data: bytes, path: Path) -> XmlDocument:
    """Parse ``data`` (the bytes of ``path``); an :class:`XliffError` naming the line for
    anything that is not well-formed XML or declares a document type."""
    builder = TreeBuilder()
    lines: dict[int, int] = {}
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse_doctype(*_: object) -> None:
        raise XliffError(
            "declares a document type (<!DOCTYPE>); XLIFF files have none, and l10n reads no "
            "DTD or entity definitions from a file", path=path, line=parser.CurrentLineNumber)

    def start(name: str, attributes: dict[str, str]) -> None:
        element = builder.start(_name(name), {_name(k): v for k, v in attributes.items()})
        lines[id(element)] = parser.CurrentLineNumber

    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_doctype
    parser.StartElementHandler = start
    parser.EndElementHandler = lambda name: builder.end(_name(name))
    parser.CharacterDataHandler = builder.data
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise XliffError(f"not well-formed XML: {expat.ErrorString(exc.code)}", path=path,
                         line=exc.lineno) from exc
    return XmlDocument(builder.close(), lines, path)
