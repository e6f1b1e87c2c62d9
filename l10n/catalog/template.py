"""Catalogs: a POT template per article and one PO file per locale.

The template is built from the article's segments: one entry per distinct msgid (identical
sentences share it, with several ``#:`` references), its block kind as the ``#.`` comment, no
msgctxt: identity is the text itself, so inserting a paragraph changes no other entry. A locale's
PO file is created from the template or updated by :func:`l10n.catalog.merge.merge_catalog`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import polib

from l10n import __version__
from l10n.document.model import Block, SegmentedDocument
from l10n.document.units import segment_lines
from l10n.locales import display_name, normalize_locale, plural_forms
from l10n.po import DEFAULT_WIDTH, Message, header_message, untranslated_message

POT_DATE_FORMAT = "%Y-%m-%d %H:%M%z"


def now_stamp(when: dt.datetime | None = None) -> str:
    """A gettext date stamp (``2026-11-25 09:30+0000``)."""
    moment = when or dt.datetime.now(dt.UTC)
    return moment.strftime(POT_DATE_FORMAT)


@dataclass(frozen=True)
class TemplateSource:
    """One article's messages, with the path used in ``#:`` references."""

    reference: str
    """Path written in references, relative to the project root (``source/a.md``)."""
    segmented: SegmentedDocument
    """The article's segments."""


@dataclass(frozen=True)
class Template:
    """An article's POT catalog as plain data: its header fields and its entries in the PO
    writer's own form (:class:`l10n.po.Message`), written by :meth:`l10n.catalog.store.PoStyle.format_parts`
    without a polib object per entry (building and then converting those was most of the cost
    of a template). :meth:`catalog` gives the polib form that merging a locale's file needs."""

    metadata: tuple[tuple[str, str], ...]
    """The header fields in order, ``POT-Creation-Date`` among them."""
    messages: tuple[Message, ...]
    """One untranslated entry per distinct msgid, in order of first appearance."""

    @property
    def creation_date(self) -> str:
        """The ``POT-Creation-Date`` field."""
        return dict(self.metadata)["POT-Creation-Date"]

    def dated(self, stamp: str) -> Template:
        """This template with ``stamp`` as its ``POT-Creation-Date``."""
        metadata = tuple((k, stamp if k == "POT-Creation-Date" else v) for k, v in self.metadata)
        return dataclasses.replace(self, metadata=metadata)

    def header(self) -> Message:
        """The header entry the POT file starts with (fuzzy, no comment)."""
        return header_message(dict(self.metadata), "", fuzzy=True)

    def locale_header(self, locale: str, *, revision_date: str | None = None) -> Message:
        """The header entry of a new PO file for ``locale`` (:func:`new_locale_catalog`'s)."""
        locale = normalize_locale(locale)
        return header_message(_locale_metadata(dict(self.metadata), locale, revision_date),
                              _locale_comment(locale), fuzzy=False)

    def catalog(self) -> polib.POFile:
        """The template as a polib catalog (for :func:`l10n.catalog.merge.merge_catalog` and
        :func:`new_locale_catalog`); written, it gives the same text as this template."""
        pot = polib.POFile(wrapwidth=DEFAULT_WIDTH)
        pot.header = ""
        pot.metadata = dict(self.metadata)
        pot.metadata_is_fuzzy = True
        for m in self.messages:
            pot.append(polib.POEntry(msgid=m.msgid, msgstr="", occurrences=list(m.references),
                                     comment="\n".join(m.extracted_comments)))
        return pot


def build_template(
    sources: Iterable[TemplateSource], *, project: str, creation_date: str | None = None
) -> Template:
    """A POT catalog for the given articles (usually one)."""
    metadata = (
        ("Project-Id-Version", project),
        ("Report-Msgid-Bugs-To", ""),
        ("POT-Creation-Date", creation_date or now_stamp()),
        ("PO-Revision-Date", "YEAR-MO-DA HO:MI+ZONE"),
        ("Last-Translator", "FULL NAME <EMAIL@ADDRESS>"),
        ("Language-Team", "LANGUAGE <LL@li.org>"),
        ("Language", ""),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("X-Generator", f"l10n {__version__}"),
    )
    # Per msgid, in order of first appearance: its references and its block kinds (one dict
    # lookup per segment, not one per list).
    entries: dict[str, tuple[list[tuple[str, str]], list[str]]] = {}
    seen: dict[str, set[tuple[str, int]]] = {}  # per reference: its (msgid, line) pairs
    for source in sources:
        blocks = source.segmented.document.blocks
        lines = segment_lines(source.segmented)
        name = source.reference
        here = seen.setdefault(name, set())
        block_index, kind = -1, ""
        for seg, line in zip(source.segmented.segments, lines, strict=True):
            if seg.block != block_index:  # a block's sentences are next to each other
                block_index, kind = seg.block, _kind_comment(blocks[seg.block])
            msgid = seg.msgid
            entry = entries.get(msgid)
            if entry is None:
                entries[msgid] = ([(name, str(line))], [kind])
                here.add((msgid, line))
                continue
            refs, kinds = entry
            if kind not in kinds:
                kinds.append(kind)
            if (msgid, line) not in here:
                here.add((msgid, line))
                refs.append((name, str(line)))
    messages = tuple(untranslated_message(msgid, tuple(refs), "\n".join(kinds))
                     for msgid, (refs, kinds) in entries.items())
    return Template(metadata, messages)


def _kind_comment(block: Block) -> str:
    """The ``#.`` comment line of a block's messages: its kind, and its note when it has one.
    ``_value_`` is the member's value as ``.value`` gives it, without the enum property's
    Python-level lookup (once per block of every article)."""
    kind: str = block.kind._value_
    return f"{kind}: {block.note}" if block.note else kind


def _locale_metadata(metadata: dict[str, str], locale: str, revision_date: str | None) -> dict[str, str]:
    """A new catalog's header fields for ``locale`` (normalized) from its template's."""
    metadata.update(
        {
            "PO-Revision-Date": revision_date or now_stamp(),
            "Last-Translator": "",
            "Language-Team": display_name(locale),
            "Language": locale,
            "Plural-Forms": plural_forms(locale),
        }
    )
    return metadata


def _locale_comment(locale: str) -> str:
    """A new catalog's header comment for ``locale`` (normalized)."""
    return f"{display_name(locale)} translation of this article."


def new_locale_catalog(template: polib.POFile, locale: str, *, revision_date: str | None = None) -> polib.POFile:
    """A fresh PO file for ``locale``: the template's entries, untranslated, a full header."""
    locale = normalize_locale(locale)
    po = polib.POFile(wrapwidth=DEFAULT_WIDTH)
    po.header = _locale_comment(locale)
    po.metadata = _locale_metadata(dict(template.metadata), locale, revision_date)
    po.metadata_is_fuzzy = False
    for entry in template:
        po.append(
            polib.POEntry(
                msgid=entry.msgid,
                msgstr="",
                occurrences=list(entry.occurrences),
                comment=entry.comment,
                flags=list(entry.flags),
            )
        )
    return po
