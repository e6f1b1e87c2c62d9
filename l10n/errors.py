"""One exception root for everything the user can get wrong.

Every error carries the file (and line, where there is one) it is about, so the CLI can print a
single line such as ``locales/pt_BR/a.po:12: unterminated string`` and exit non-zero without a
traceback. Library code raises these; only the CLI (:mod:`l10n.cli`) prints them.
"""

from __future__ import annotations

from pathlib import Path


class L10nError(Exception):
    """Root of all user-facing errors; ``str()`` is the one-line message."""

    def __init__(self, message: str, *, path: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        """What went wrong and, where possible, what to do next."""
        self.path = Path(path) if path is not None else None
        """The file the error is about."""
        self.line = line
        """1-based line in ``path``, when known."""

    def __reduce__(self) -> tuple[object, ...]:
        # Keep path, line and subclass fields when an error crosses a process boundary.
        return (_rebuild, (type(self), self.message, dict(self.__dict__)))

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = str(self.path)
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        return where + self.message


def _rebuild(cls: type[L10nError], message: str, state: dict[str, object]) -> L10nError:
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(state)
    return error


class ConfigError(L10nError):
    """The project configuration is missing or invalid."""


class SourceError(L10nError):
    """A source article cannot be read or parsed (encoding, front matter, a folder...)."""


class PoSyntaxError(L10nError):
    """A PO or POT file does not parse the way GNU gettext would parse it."""


class CatalogError(L10nError):
    """A catalog cannot be written or updated (locking, permissions...)."""


class GlossaryError(L10nError):
    """The project glossary file is malformed (a bad header, cell, flag or duplicate term)."""


class LocaleError(L10nError):
    """A locale identifier is unknown to CLDR (Babel)."""


class EngineError(L10nError):
    """A machine-translation engine failed.

    ``retryable`` tells the caller whether trying again later may succeed (429, 5xx, timeouts)
    or not (authentication, unsupported language).
    """

    def __init__(self, message: str, *, retryable: bool = False, engine: str | None = None):
        super().__init__(message)
        self.retryable = retryable
        """True for transient failures worth a retry with backoff."""
        self.engine = engine
        """The engine's registry name."""
