"""Where the translation memory lives: a SQLite file or a PostgreSQL server, and how such a
location is shown without its password.

Pure string work, usable without psycopg installed (config validation runs everywhere).
A PostgreSQL location is a libpq URL (``postgresql://`` or ``postgres://``) or a libpq
keyword string (``service=newsroom``, ``host=db dbname=tm``); credentials belong in the
environment (``PGUSER``, ``PGPASSWORD``), a service file (``~/.pg_service.conf``) or a password
file (``~/.pgpass``), never in ``l10n.toml``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

Location = Path | str
"""A SQLite file (:class:`~pathlib.Path`) or a PostgreSQL connection string (``str``)."""

_SCHEMES = ("postgresql://", "postgres://")
_KEYWORD = re.compile(r"^\s*(service|host|hostaddr|dbname|port|user)\s*=", re.IGNORECASE)
_PASSWORD_KEYWORD = re.compile(r"""\bpassword\s*=\s*('(?:\\.|[^'])*'|\S*)""", re.IGNORECASE)

WHERE_PASSWORDS_GO = ("put the password in PGPASSWORD, ~/.pgpass or a libpq service file "
                      "(~/.pg_service.conf), never in l10n.toml")
"""What a refused password is told to become."""


def is_postgres(value: str) -> bool:
    """True for a PostgreSQL URL or libpq keyword string (``service=name``)."""
    return value.lower().startswith(_SCHEMES) or _KEYWORD.match(value) is not None


def has_password(value: str) -> bool:
    """True when the connection string itself carries a password."""
    if value.lower().startswith(_SCHEMES):
        parts = urlsplit(value)
        if parts.password is not None:
            return True
        return any(key.lower() == "password" for key, _ in parse_qsl(parts.query))
    return _PASSWORD_KEYWORD.search(value) is not None


def redact(value: str) -> str:
    """``value`` without any password (for messages): ``postgresql://ann@db/tm``."""
    if value.lower().startswith(_SCHEMES):
        parts = urlsplit(value)
        netloc = parts.netloc.rpartition("@")
        if netloc[1]:
            user = netloc[0].partition(":")[0]
            host = f"{user}@{netloc[2]}" if user else netloc[2]
        else:
            host = parts.netloc
        query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k.lower() != "password"])
        return urlunsplit((parts.scheme, host, parts.path, query, parts.fragment))
    return _PASSWORD_KEYWORD.sub("", value).strip()


def shown(location: Location) -> str:
    """How a location is named in messages: the file path, or the redacted connection string."""
    return str(location) if isinstance(location, Path) else redact(location)


def secrets(conninfo: str) -> tuple[str, ...]:
    """The passwords that must never appear in a message about the database ``conninfo``
    names: the environment's ``PGPASSWORD`` and the string's own, if any."""
    found = [os.environ.get("PGPASSWORD", "")]
    try:
        from psycopg.conninfo import conninfo_to_dict

        found.append(str(conninfo_to_dict(conninfo).get("password") or ""))
    except Exception:  # no psycopg, or a string it cannot read: it then holds no password it knows
        pass
    return tuple(s for s in found if s)


def error_reason(exc: BaseException, hidden: tuple[str, ...]) -> str:
    """The first line of a database driver's error with every password of ``hidden``
    (:func:`secrets`) blanked out: the one form in which a database error reaches a message
    (the memory backend and the shared rate budget)."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    text = lines[0] if lines else type(exc).__name__
    for secret in hidden:
        text = text.replace(secret, "***")
    return text
