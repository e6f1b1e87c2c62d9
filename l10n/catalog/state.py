"""What a PO entry holds, decided once: every command that asks "is this done, a draft, stale?"
asks :func:`classify`.

``status`` counts entries per state, the review page lists the states that need a person,
``translate`` drafts untranslated entries (and untouched machine drafts with
``--redraft-machine``), ``check`` marks findings on drafts, ``build`` publishes what its
:class:`~l10n.catalog.publish.PublishPolicy` says (reviewed entries; drafts with
``--include-drafts``; stale ones only with ``--include-stale``), and the merge keeps an
unreviewed draft a draft when its sentence comes back. The rules, in this order:

- **header**: the ``msgid ""`` entry;
- **obsolete**: a ``#~`` entry (kept for a translation that may come back);
- **untranslated**: the msgstr (or any plural form) is empty, whatever the flags (msgfmt drops
  ``fuzzy`` from an empty entry too);
- **translated**: not fuzzy: a person translated or reviewed it (a reviewed draft keeps its
  ``# mt:`` comment; removing ``fuzzy`` is the review);
- **stale**: fuzzy with a ``#|`` previous msgid, i.e. made fuzzy because its source changed
  (Babel 2.19 reads ``#|`` lines as translator comments and writes them back as ``# | msgid``;
  :func:`previous_msgid` reads those too); this wins over the machine marker, because a reviewed translation keeps its ``# mt:`` comment when
  its source later changes, and "its source changed" is then the true reason;
- **machine draft**: fuzzy, with a provenance comment (:mod:`l10n.catalog.provenance`) whose
  digest matches the msgstr: the text is exactly what the machine wrote;
- **edited draft**: fuzzy, with a provenance comment, but the text no longer matches its digest
  (or the comment has none): a person started on it and did not finish the review;
- **fuzzy**: fuzzy for any other reason (marked by hand, or by another tool).
"""

from __future__ import annotations

import re
from enum import Enum

import polib

from l10n.catalog.provenance import has_provenance, parse_provenance


class EntryState(str, Enum):
    """The state of one PO entry (values are the names ``l10n status --json`` uses)."""

    HEADER = "header"
    OBSOLETE = "obsolete"
    UNTRANSLATED = "untranslated"
    TRANSLATED = "translated"
    STALE = "fuzzy_changed"
    MACHINE = "fuzzy_machine"
    EDITED = "fuzzy_edited"
    FUZZY = "fuzzy_other"

    @property
    def is_draft(self) -> bool:
        """Whether the entry has text that still needs a person's review (it is fuzzy: a draft
        or a stale translation)."""
        return self in FUZZY_STATES

    def drafted(self, *, redraft_machine: bool) -> bool:
        """Whether ``translate`` fills this entry (human work, stale and edited text never)."""
        return self is EntryState.UNTRANSLATED or (redraft_machine and self is EntryState.MACHINE)


FUZZY_STATES = frozenset({EntryState.STALE, EntryState.MACHINE, EntryState.EDITED, EntryState.FUZZY})
"""The states of entries with text awaiting review (fuzzy); which of them ``build`` publishes is
:class:`l10n.catalog.publish.PublishPolicy`'s decision."""

MESSAGE_STATES: tuple[EntryState, ...] = (
    EntryState.TRANSLATED,
    EntryState.MACHINE,
    EntryState.EDITED,
    EntryState.STALE,
    EntryState.FUZZY,
    EntryState.UNTRANSLATED,
    EntryState.OBSOLETE,
)
"""The states of message entries (not the header), in display order."""


def is_header(entry: polib.POEntry) -> bool:
    """Whether ``entry`` is the header (``msgid ""`` without context)."""
    return not entry.msgid and entry.msgctxt is None


_MANGLED_PREVIOUS = re.compile(r'^\|\s*msgid\s+"(.*)"\s*$')
_MANGLED_CONTINUATION = re.compile(r'^\|\s*"(.*)"\s*$')
_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def previous_msgid(entry: polib.POEntry) -> str | None:
    """The source the entry's translation was made for (``#| msgid``), or ``None``; also read
    from the ``# | msgid "..."`` translator comment Babel turns it into."""
    if entry.previous_msgid is not None:
        return str(entry.previous_msgid)
    found = _mangled_previous((entry.tcomment or "").splitlines())
    return None if found is None else found[2]


def restore_previous(entry: polib.POEntry) -> None:
    """Turn a ``# | msgid "..."`` translator comment (Babel's reading of ``#|``) back into the
    entry's previous msgid; nothing else changes."""
    lines = (entry.tcomment or "").splitlines()
    found = _mangled_previous(lines)
    if found is None or entry.previous_msgid is not None:
        return
    first, end, text = found
    entry.previous_msgid = text
    entry.tcomment = "\n".join(lines[:first] + lines[end:])


def _mangled_previous(lines: list[str]) -> tuple[int, int, str] | None:
    """``(first, end, msgid)`` of a ``| msgid "..."`` comment and its ``| "..."`` lines."""
    for first, line in enumerate(lines):
        match = _MANGLED_PREVIOUS.match(line)
        if match is None:
            continue
        parts, end = [match.group(1)], first + 1
        while end < len(lines) and (more := _MANGLED_CONTINUATION.match(lines[end])):
            parts.append(more.group(1))
            end += 1
        text = re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), "".join(parts))
        return first, end, text
    return None


def _complete(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def _draft_text(entry: polib.POEntry) -> str:
    return str(entry.msgstr_plural.get(0, "")) if entry.msgid_plural else str(entry.msgstr)


def classify(entry: polib.POEntry) -> EntryState:
    """The state of ``entry``, by the rules of the module docstring."""
    if is_header(entry):
        return EntryState.HEADER
    if entry.obsolete:
        return EntryState.OBSOLETE
    return _content_state(entry, fuzzy="fuzzy" in entry.flags)


def revived_state(entry: polib.POEntry) -> EntryState:
    """The state an obsolete (``#~``) entry comes back with when its sentence returns.

    Babel drops ``fuzzy`` from obsolete entries, so there the flag is not evidence of a review:
    a text that still matches its machine provenance is an unreviewed machine draft, flagged
    or not. Otherwise the entry is classified as if it were active.
    """
    fuzzy = "fuzzy" in entry.flags
    if not fuzzy and entry.obsolete and _complete(entry):
        provenance = parse_provenance(entry.tcomment)
        fuzzy = provenance is not None and provenance.matches(_draft_text(entry))
    return _content_state(entry, fuzzy=fuzzy)


def _content_state(entry: polib.POEntry, *, fuzzy: bool) -> EntryState:
    if not _complete(entry):
        return EntryState.UNTRANSLATED
    if not fuzzy:
        return EntryState.TRANSLATED
    if previous_msgid(entry) is not None:
        return EntryState.STALE
    provenance = parse_provenance(entry.tcomment)
    if provenance is not None and provenance.matches(_draft_text(entry)):
        return EntryState.MACHINE
    if provenance is not None or has_provenance(entry):
        return EntryState.EDITED
    return EntryState.FUZZY

