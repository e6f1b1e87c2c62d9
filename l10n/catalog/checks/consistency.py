"""The ``consistency`` project check: the same source sentence has one translation per locale
across the project.

Each entry translated otherwise than the sentence's other entries gets a warning naming
another one. Checked in two passes so that the project's catalogs are never all in memory:
while the catalogs stream past (:meth:`Consistency.add`), each compared entry leaves only
a digest of its locale and msgid and one of its translation, in a private temporary SQLite
database on disk (memory bounded by SQLite's page cache, not by the project); afterwards
(:meth:`Consistency.findings`) one query finds the sentences with two or more digests of
translations, and only the catalogs that hold one are read again, where the findings are made
from the entries' own texts. A digest collision of two sentences only makes a catalog read
again for nothing; two translations of one sentence are told apart by 16-byte digests.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator

import polib

from l10n.catalog.checks.base import CheckContext, Severity, entry_finding
from l10n.catalog.checks.project import CatalogUnit, Found, ProjectInput, Reread, translations


def _key(locale: str, msgid: str) -> int:
    """The sentence's digest: a signed 64-bit integer (SQLite's INTEGER)."""
    digest = hashlib.blake2b(f"{locale}\0{msgid}".encode("utf-8", "surrogatepass"), digest_size=8)
    return int.from_bytes(digest.digest(), "big", signed=True)


def _value(msgstr: str) -> bytes:
    return hashlib.blake2b(msgstr.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Consistency:
    """One run of the check over a project (a :class:`~.project.ProjectRun`)."""

    def __init__(self, project: ProjectInput) -> None:
        self._include_fuzzy = project.include_fuzzy
        self._files: list[str] = []
        self._db: sqlite3.Connection | None = None

    def _facts(self) -> sqlite3.Connection:
        if self._db is None:
            self._db = sqlite3.connect("")  # private, on disk, deleted when closed
            self._db.execute("CREATE TABLE facts (sentence INTEGER, translation BLOB, unit INTEGER)")
        return self._db

    def add(self, unit: CatalogUnit) -> None:
        locale = unit.context.target_locale or ""
        index = len(self._files)
        self._files.append(unit.file)
        rows = [(_key(locale, entry.msgid), _value(entry.msgstr), index)
                for entry in translations(unit, self._include_fuzzy)]
        if rows:
            self._facts().executemany("INSERT INTO facts VALUES (?, ?, ?)", rows)

    def _conflicts(self) -> tuple[set[int], list[str]]:
        """The digests of sentences with two translations, and the files that hold one."""
        if self._db is None:
            return set(), []
        db = self._db
        db.execute("CREATE INDEX by_sentence ON facts (sentence, translation)")
        sentences = {key for (key,) in db.execute(
            "SELECT sentence FROM facts GROUP BY sentence HAVING MIN(translation) <> MAX(translation)")}
        if not sentences:
            return set(), []
        db.execute("CREATE TEMP TABLE conflicted (sentence INTEGER PRIMARY KEY)")
        db.executemany("INSERT INTO conflicted VALUES (?)", ((key,) for key in sentences))
        units = [unit for (unit,) in db.execute(
            "SELECT DISTINCT unit FROM facts JOIN conflicted USING (sentence) ORDER BY unit")]
        return sentences, [self._files[unit] for unit in units]

    def findings(self, reread: Reread) -> Iterator[Found]:
        try:
            sentences, files = self._conflicts()
        finally:
            if self._db is not None:
                self._db.close()
                self._db = None
        if not files:
            return
        seen: dict[tuple[str, str], list[tuple[str, CheckContext, polib.POEntry]]] = {}
        for unit in reread(set(files)):
            locale = unit.context.target_locale or ""
            for entry in translations(unit, self._include_fuzzy):
                if _key(locale, entry.msgid) in sentences:
                    seen.setdefault((locale, entry.msgid), []).append((unit.file, unit.context, entry))
        for group in seen.values():
            if len({entry.msgstr for _, _, entry in group}) < 2:
                continue
            for file, context, entry in group:
                other_file, _, other = next(m for m in group if m[2].msgstr != entry.msgstr)
                message = (f"translated differently in {other_file}:{other.linenum or 0}: "
                           f"{_short(other.msgstr)!r}")
                yield file, entry_finding(entry, "consistency", Severity.WARNING, message, context)
