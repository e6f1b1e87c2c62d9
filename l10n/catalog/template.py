"""Catalogs: a POT template per article and one PO file per locale.

The template is built from the article's segments: one entry per distinct msgid (identical
sentences share it, with several ``#:`` references), its block kind as the ``#.`` comment, no
msgctxt: identity is the text itself, so inserting a paragraph changes no other entry. A locale's
PO file is created from the template or updated by :func:`l10n.catalog.merge.merge_catalog`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import polib

from l10n import __version__
from l10n.document.model import SegmentedDocument
from l10n.document.units import segment_lines
from l10n.locales import display_name, normalize_locale, plural_forms
from l10n.po import DEFAULT_WIDTH

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


def build_template(
    sources: Iterable[TemplateSource], *, project: str, creation_date: str | None = None
) -> polib.POFile:
    """A POT catalog for the given articles (usually one)."""
    pot = polib.POFile(wrapwidth=DEFAULT_WIDTH)
    pot.header = ""
    pot.metadata = {
        "Project-Id-Version": project,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": creation_date or now_stamp(),
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "Language": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": f"l10n {__version__}",
    }
    pot.metadata_is_fuzzy = True
    entries: dict[str, polib.POEntry] = {}
    kinds: dict[str, list[str]] = {}
    seen: set[tuple[str, tuple[str, str]]] = set()  # (msgid, reference): one set, not a list each
    for source in sources:
        blocks = source.segmented.document.blocks
        lines = segment_lines(source.segmented)
        block_index, kind = -1, ""
        for seg, line in zip(source.segmented.segments, lines, strict=True):
            if seg.block != block_index:  # a block's sentences are next to each other
                block = blocks[seg.block]
                block_index, kind = seg.block, block.kind.value + (f": {block.note}" if block.note else "")
            entry = entries.get(seg.msgid)
            if entry is None:
                entry = polib.POEntry(msgid=seg.msgid, msgstr="")
                entries[seg.msgid] = entry
                kinds[seg.msgid] = []
                pot.append(entry)
            occurrence = (source.reference, str(line))
            if (seg.msgid, occurrence) not in seen:
                seen.add((seg.msgid, occurrence))
                entry.occurrences.append(occurrence)
            if kind not in kinds[seg.msgid]:
                kinds[seg.msgid].append(kind)
    for msgid, entry in entries.items():
        entry.comment = "\n".join(kinds[msgid])
    return pot


def new_locale_catalog(template: polib.POFile, locale: str, *, revision_date: str | None = None) -> polib.POFile:
    """A fresh PO file for ``locale``: the template's entries, untranslated, a full header."""
    locale = normalize_locale(locale)
    po = polib.POFile(wrapwidth=DEFAULT_WIDTH)
    po.header = f"{display_name(locale)} translation of this article."
    meta = dict(template.metadata)
    meta.update(
        {
            "PO-Revision-Date": revision_date or now_stamp(),
            "Last-Translator": "",
            "Language-Team": display_name(locale),
            "Language": locale,
            "Plural-Forms": plural_forms(locale),
        }
    )
    po.metadata = meta
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
