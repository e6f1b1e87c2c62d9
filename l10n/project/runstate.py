"""The run state: what the last ``extract``, ``build`` or ``translate`` found for each article
(or catalog), so that a run with nothing changed skips it instead of doing it again.

It is a cache, never trusted for correctness. A record holds one digest (SHA-256) of
*everything* the article's outcome depends on and of the files the run left: the l10n version,
the whole configuration and the command's options (:func:`settings_digest`), the glossary
file, the article's source bytes, its template and catalogs' bytes and, for ``build``, its
output files' bytes. An article is skipped only when that digest, computed again from the
files as they are now, equals the recorded one; anything else (a translator saved a PO, a file
was edited or deleted, another version, another option, an unreadable or corrupt state file)
means the article is done the full way. Contents are hashed, never timestamps.

Inputs are hashed *before* the work reads them and outputs are recorded as the run wrote
them, so a file changed during a run can only make the next run do more, never skip wrongly.

One JSON file per command, ``.l10n/state/<command>.json``: deleting it is always safe. It is
written atomically, and only while the caller holds the lock its command already takes to
write (``locales/`` for extract and translate, ``build/`` for build): the file is read again
under that lock and this run's records are merged into it, so concurrent runs and shards
(each holding the lock in turn) keep each other's records.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import json
import re
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from typing import Any

from l10n.config import Config
from l10n.errors import L10nError
from l10n.fsutil import atomic_write_text, locked
from l10n.safe_files import check_path, read_regular_bytes

FORMAT = 1
"""Layout of the state files; a file of another layout is ignored (and replaced)."""

_LIMIT = 256 * 1024 * 1024
"""Largest state file read; a larger one is ignored as corrupt."""


class Unreadable(Exception):
    """A file could not be hashed: the article is done the full way and nothing is recorded."""


def file_digest(path: Path, limit: int = _LIMIT) -> str | None:
    """SHA-256 of the regular file ``path`` (None: no such file); :class:`Unreadable` when it
    cannot be read (a folder, a FIFO, no permission, over ``limit``)."""
    try:
        return bytes_digest(read_regular_bytes(path, limit=limit))
    except L10nError as error:
        if not path.exists() and not path.is_symlink():
            return None
        raise Unreadable(str(error)) from error


def bytes_digest(data: bytes) -> str:
    """SHA-256 of ``data`` (what :class:`l10n.catalog.store.Snapshot` uses)."""
    return hashlib.sha256(data).hexdigest()


def text_digest(text: str | None) -> str | None:
    """SHA-256 of ``text`` as a UTF-8 file (as :func:`l10n.fsutil.atomic_write_text` writes it)."""
    return None if text is None else bytes_digest(text.encode("utf-8"))


def combine(*parts: object) -> str:
    """One digest of ``parts`` (strings, None, numbers, nested lists), unambiguous."""
    return hashlib.sha256(json.dumps(parts, ensure_ascii=True).encode("ascii")).hexdigest()


def canonical(value: object) -> Any:
    """``value`` as plain JSON data with the same meaning in every process (dataclasses by
    field, mappings and sets sorted, paths as text); what cannot be told apart falls back to
    ``repr`` (at worst a needless full run, when it holds a memory address)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [type(value).__name__,
                {f.name: canonical(getattr(value, f.name)) for f in dataclasses.fields(value)}]
    if isinstance(value, enum.Enum):
        return canonical(value.value)
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, Mapping):
        return sorted(([canonical(k), canonical(v)] for k, v in value.items()), key=repr)
    if isinstance(value, (set, frozenset)):
        return sorted((canonical(v) for v in value), key=repr)
    if isinstance(value, (list, tuple)):
        return [canonical(v) for v in value]
    if isinstance(value, re.Pattern):
        return ["re", value.pattern, value.flags]
    return repr(value)


def settings_digest(config: Config, *options: object) -> str:
    """The digest of what every article of a run shares: the l10n version, the configuration
    (all of it: a change anywhere means a full run), the glossary file's bytes and the
    command's ``options`` (publish policy, output format, engines...)."""
    import l10n  # read at call time: the version of the code doing the work

    glossary = None if config.glossary_path is None else file_digest(config.glossary_path)
    return combine(l10n.__version__, canonical(config), glossary, canonical(options))


class RunState:
    """The records of one command: loaded once, looked up per article, and this run's new
    records merged into the file by :meth:`save` (under the command's lock)."""

    def __init__(self, config: Config, command: str, *, enabled: bool = True) -> None:
        self.config = config
        """The project."""
        self.path = config.root / ".l10n" / "state" / f"{command}.json"
        """Its state file."""
        self.enabled = enabled
        """False: every lookup misses and nothing is saved (``--force``, ``--check``)."""
        self.records: dict[str, dict[str, Any]] = self._load() if enabled else {}
        """The records found in the file."""
        self.fresh: dict[str, dict[str, Any]] = {}
        """This run's records, by key."""
        self.skipped = 0
        """Lookups that hit: articles (or catalogs) skipped."""

    def lookup(self, key: str, digest: str | None) -> dict[str, Any] | None:
        """The data recorded for ``key`` when its digest was ``digest`` (None: a miss)."""
        if not self.enabled or digest is None:
            return None
        record = self.records.get(key)
        if record is None or record.get("digest") != digest:
            return None
        data = record.get("data")
        return data if isinstance(data, dict) else None

    def remember(self, key: str, digest: str, data: Mapping[str, Any]) -> None:
        """Record ``data`` for ``key``, valid while everything still hashes to ``digest``."""
        self.fresh[key] = {"digest": digest, "data": dict(data)}

    def forget(self, key: str) -> None:
        """Drop ``key``'s record (its article was not done to the end)."""
        self.fresh[key] = {}

    def save(self, keep: Iterable[str] | None = None) -> None:
        """Merge this run's records into the file, dropping keys not in ``keep`` (the keys of
        every article of the project; None keeps all), under the lock of the state folder.
        A state file that cannot be written is left alone: it is a cache."""
        if not self.enabled or not self.fresh:
            return
        try:
            self._check()
            # Its own lock: shards of one run merge into the file one at a time, and the lock's
            # sweep removes the temporary file of a run killed while writing it.
            with locked(self.path.parent):
                self._save(keep)
        except L10nError:
            return

    def _save(self, keep: Iterable[str] | None) -> None:
        merged = self._load()
        for key, record in self.fresh.items():
            if record:
                merged[key] = record
            else:
                merged.pop(key, None)
        if keep is not None:
            wanted: Collection[str] = set(keep)
            merged = {k: v for k, v in merged.items() if k in wanted}
        text = json.dumps({"format": FORMAT, "records": merged}, ensure_ascii=False,
                          sort_keys=True, separators=(",", ":"))
        atomic_write_text(self.path, text + "\n")

    def _check(self) -> None:
        check_path(self.config.root, self.path, symlinks=self.config.symlinks,
                   inside=self.config.inside, error=L10nError)

    def _load(self) -> dict[str, dict[str, Any]]:
        """The records of the file; empty when it is missing, unreadable, corrupt or of
        another layout."""
        try:
            self._check()
            data = json.loads(read_regular_bytes(self.path, limit=_LIMIT))
        except (L10nError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return {}
        records = data.get("records")
        if not isinstance(records, dict):
            return {}
        return {k: v for k, v in records.items() if isinstance(k, str) and isinstance(v, dict)}
