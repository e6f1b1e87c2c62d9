"""Read an XLIFF 1.2 or 2.0 file back into units: ids, targets as text and codes, verdicts.

Only structure is read here; whether a unit fits its catalog entry is
:mod:`l10n.exchange.apply`'s decision. Anything that makes the file as a whole unusable (not
XLIFF, another version, a file without its article or language, a unit without an id, the
same id twice) raises :class:`~l10n.exchange.xmlread.XliffError` naming the file and line. A
problem inside one target (an inline element l10n never writes, a code id that is not a
number, a ``dataRef`` to nothing) is kept on the unit as ``problem``, so only that unit is
refused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from xml.etree.ElementTree import Element

from l10n.exchange.codes import FoundCode
from l10n.exchange.units import VERDICTS_12, VERDICTS_20, Verdict, XliffVersion
from l10n.exchange.write import NS_12, NS_20
from l10n.exchange.xmlread import XmlDocument
from l10n.mt.scan import TokenRole

ReadPart = str | FoundCode
"""A piece of a target: text or a code."""


@dataclass(frozen=True)
class ReadUnit:
    """One unit as the file holds it."""

    id: str
    """The unit id."""
    line: int | None
    """Line of the unit in the file."""
    target: tuple[ReadPart, ...] | None
    """The target as text and codes; None when the unit has no target."""
    verdict: Verdict | None
    """What the file's state says; None when it says nothing l10n knows."""
    problem: str | None
    """Why the target cannot be read (the unit is then refused); None when it can."""


@dataclass(frozen=True)
class ReadFile:
    """One ``<file>`` of an XLIFF document."""

    original: str
    """The article it is for (``original``)."""
    target_language: str
    """The locale, as the file spells it."""
    line: int | None
    """Line of the ``<file>`` element."""
    units: tuple[ReadUnit, ...]
    """Its units, in order."""


_Inline = Callable[[Element, list["ReadPart"], dict[str, str]], None]


class _BadTarget(Exception):
    """A target that cannot be read (becomes the unit's ``problem``)."""


def read_xliff(doc: XmlDocument) -> tuple[XliffVersion, tuple[ReadFile, ...]]:
    """The version and files of ``doc``."""
    root = doc.root
    version = root.get("version")
    if root.tag == f"{{{NS_12}}}xliff" and version == "1.2":
        files = tuple(_files_12(doc))
        found: XliffVersion = "1.2"
    elif root.tag == f"{{{NS_20}}}xliff" and version == "2.0":
        files = tuple(_files_20(doc))
        found = "2.0"
    else:
        doc.fail(root, f"not an XLIFF 1.2 or 2.0 file (root element {root.tag!r}, version "
                       f"{version!r}); l10n reads the files `l10n xliff export` writes")
    if not files:
        doc.fail(root, "holds no <file> element")
    seen: dict[str, int | None] = {}
    for file in files:
        for unit in file.units:
            if unit.id in seen:
                doc.fail(None, f"line {unit.line}: unit id {unit.id!r} appears twice "
                               f"(first on line {seen[unit.id]})")
            seen[unit.id] = unit.line
    return found, files


def _required(doc: XmlDocument, element: Element, name: str) -> str:
    value = element.get(name)
    if not value:
        local = element.tag.rpartition("}")[2]
        doc.fail(element, f"<{local}> has no {name} attribute")
    return value


# --------------------------------------------------------------------------- XLIFF 1.2


def _files_12(doc: XmlDocument) -> Iterator[ReadFile]:
    ns = f"{{{NS_12}}}"
    for file in doc.root.iter(f"{ns}file"):
        units = []
        for unit in file.iter(f"{ns}trans-unit"):
            target = unit.find(f"{ns}target")
            units.append(_unit(doc, unit, target, _verdict_12(unit, target), _inline_12))
        yield ReadFile(_required(doc, file, "original"), _required(doc, file, "target-language"),
                       doc.line(file), tuple(units))


def _verdict_12(unit: Element, target: Element | None) -> Verdict | None:
    state = None if target is None else target.get("state")
    if state is not None:
        return VERDICTS_12.get(state)
    approved = unit.get("approved")
    return "reviewed" if approved == "yes" else "draft" if approved == "no" else None


_ROLES_12: dict[str, TokenRole] = {"ph": "single", "it": "single", "bpt": "open", "ept": "close"}


def _inline_12(element: Element, out: list[ReadPart], _: dict[str, str]) -> None:
    _append_text(out, element.text)
    for child in element:
        local = child.tag.rpartition("}")[2]
        if local == "mrk":
            _inline_12(child, out, {})
        elif local in _ROLES_12:
            role = _ROLES_12[local]
            if local == "it":
                role = "open" if child.get("pos") == "open" else "close"
            out.append(FoundCode(_code_id(child.get("id")), role, "".join(child.itertext())))
        else:
            raise _BadTarget(f"holds <{local}>, an inline element l10n does not write; keep the "
                             "codes l10n exported")
        _append_text(out, child.tail)


# --------------------------------------------------------------------------- XLIFF 2.0


def _files_20(doc: XmlDocument) -> Iterator[ReadFile]:
    ns = f"{{{NS_20}}}"
    language = _required(doc, doc.root, "trgLang")
    for file in doc.root.iter(f"{ns}file"):
        units = []
        for unit in file.iter(f"{ns}unit"):
            data = {d.get("id", ""): "".join(d.itertext()) for d in unit.iter(f"{ns}data")}
            segments = unit.findall(f"{ns}segment")
            verdicts = [VERDICTS_20.get(s.get("state", "initial")) for s in segments]
            verdict: Verdict | None = None if None in verdicts or not verdicts else (
                "reviewed" if all(v == "reviewed" for v in verdicts) else "draft")
            target = _joined_target_20(unit)
            units.append(_unit(doc, unit, target, verdict, _inline_20, data))
        yield ReadFile(_required(doc, file, "original"), language, doc.line(file), tuple(units))


def _joined_target_20(unit: Element) -> Element | None:
    """One element holding the targets of every segment (and the ignorables between them) in
    order, or None when no segment has a target."""
    ns = f"{{{NS_20}}}"
    pieces = [(child, child.find(f"{ns}target")) for child in unit
              if child.tag in (f"{ns}segment", f"{ns}ignorable")]
    if all(target is None for child, target in pieces if child.tag == f"{ns}segment"):
        return None
    joined = Element(f"{ns}target")
    joined.text = ""
    for _, target in pieces:
        if target is None:
            continue
        if len(joined):
            joined[-1].tail = (joined[-1].tail or "") + (target.text or "")
        else:
            joined.text += target.text or ""
        joined.extend(list(target))
    return joined


def _inline_20(element: Element, out: list[ReadPart], data: dict[str, str]) -> None:
    _append_text(out, element.text)
    for child in element:
        local = child.tag.rpartition("}")[2]
        if local == "ph":
            out.append(FoundCode(_code_id(child.get("id")), "single", _data(data, child.get("dataRef"))))
        elif local == "pc":
            code = _code_id(child.get("id"))
            out.append(FoundCode(code, "open", _data(data, child.get("dataRefStart"))))
            _inline_20(child, out, data)
            out.append(FoundCode(code, "close", _data(data, child.get("dataRefEnd"))))
        elif local == "sc":
            out.append(FoundCode(_code_id(child.get("id")), "open", _data(data, child.get("dataRef"))))
        elif local == "ec":
            out.append(FoundCode(_code_id(child.get("startRef") or child.get("id")), "close",
                                 _data(data, child.get("dataRef"))))
        elif local == "mrk":
            _inline_20(child, out, data)
        elif local == "cp":
            _append_text(out, _code_point(child.get("hex")))
        elif local not in ("sm", "em"):
            raise _BadTarget(f"holds <{local}>, an inline element l10n does not write")
        _append_text(out, child.tail)


def _data(data: dict[str, str], ref: str | None) -> str | None:
    if ref is None:
        return None
    if ref not in data:
        raise _BadTarget(f"refers to original data {ref!r}, which the unit does not have")
    return data[ref]


def _code_point(value: str | None) -> str:
    try:
        return chr(int(value or "", 16))
    except (ValueError, OverflowError) as exc:
        raise _BadTarget(f"holds <cp hex={value!r}>, not a code point") from exc


# --------------------------------------------------------------------------- both


def _unit(doc: XmlDocument, unit: Element, target: Element | None, verdict: Verdict | None,
          inline: _Inline, data: dict[str, str] | None = None) -> ReadUnit:
    unit_id = _required(doc, unit, "id")
    if target is None:
        return ReadUnit(unit_id, doc.line(unit), None, verdict, None)
    out: list[ReadPart] = []
    try:
        inline(target, out, data or {})
    except _BadTarget as exc:
        return ReadUnit(unit_id, doc.line(unit), None, verdict, f"the target {exc}")
    return ReadUnit(unit_id, doc.line(unit), tuple(out), verdict, None)


def _append_text(out: list[ReadPart], text: str | None) -> None:
    if not text:
        return
    if out and isinstance(out[-1], str):
        out[-1] += text
    else:
        out.append(text)


def _code_id(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError as exc:
        raise _BadTarget(f"holds a code with id {value!r}, which is not one of this unit's codes") from exc
