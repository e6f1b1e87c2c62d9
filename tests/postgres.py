"""A real, throwaway PostgreSQL server for the tests that need one (the shared translation memory,
the shared rate budget).

The session fixture :func:`postgres_server` starts a private cluster from Debian's PostgreSQL
binaries (``initdb`` and ``pg_ctl``, found on ``PATH`` or under ``/usr/lib/postgresql/*/bin``) in a
temporary folder, listening on a free loopback port with ``trust`` authentication, and stops it at
the end of the session. ``initdb`` refuses to run as root, so as root the cluster belongs to the
``postgres`` user Debian's package creates (``runuser -u postgres``). ``L10N_TEST_POSTGRES`` names
an existing server instead (a libpq URL whose user may create databases).

:func:`postgres_dsn` gives each test a database of its own. Without PostgreSQL the tests that use
them are skipped with a message saying so, except on CI (``CI`` set), where ``.ci/run`` installs
the ``postgresql`` package, so a missing server fails them.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ENV = "L10N_TEST_POSTGRES"


def _bin_dir() -> Path | None:
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(found).resolve().parent
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(candidate) / "pg_ctl").exists() and (Path(candidate) / "initdb").exists():
            return Path(candidate)
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class Server:
    """A running server the tests may create databases on."""

    url: str
    """libpq URL of its maintenance database (``postgresql://postgres@127.0.0.1:PORT/postgres``)."""

    def database_url(self, name: str) -> str:
        base, _, _ = self.url.rpartition("/")
        return f"{base}/{name}"

    def create_database(self) -> str:
        """A new empty database; returns its URL."""
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.database_url(name)


def _missing(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; on CI .ci/run installs the postgresql package", pytrace=False)
    pytest.skip(f"{reason} (apt-get install postgresql, or set {ENV} to a server's URL)")


def _as_owner(argv: list[str], owner: str | None) -> list[str]:
    return ["runuser", "-u", owner, "--", *argv] if owner else argv


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Server]:
    """A PostgreSQL server for the whole session (see the module's docstring)."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _missing("psycopg is not installed")
    if os.environ.get(ENV):
        yield Server(os.environ[ENV])
        return
    bin_dir = _bin_dir()
    if bin_dir is None:
        _missing("PostgreSQL's initdb and pg_ctl are not installed")
        return
    owner = "postgres" if os.geteuid() == 0 else None
    root = Path(tempfile.mkdtemp(prefix="l10n-pg-"))
    data = root / "data"
    if owner:
        shutil.chown(root, owner)
    port = _free_port()
    subprocess.run(
        _as_owner([str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                   "-E", "UTF8", "--locale=C", "--no-sync"], owner),
        check=True, capture_output=True)
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off -c max_connections=100"
    started = subprocess.run(
        _as_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-w",
                   "-o", options, "start"], owner),
        capture_output=True, text=True)
    if started.returncode != 0:
        log = (root / "log").read_text(errors="replace") if (root / "log").exists() else ""
        pytest.fail(f"PostgreSQL did not start: {started.stderr}{log}", pytrace=False)
    try:
        yield Server(f"postgresql://postgres@127.0.0.1:{port}/postgres")
    finally:
        subprocess.run(_as_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate",
                                  "stop"], owner), capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def postgres_dsn(postgres_server: Server) -> str:
    """The URL of a new, empty database on the session's server, for one test."""
    return postgres_server.create_database()


@pytest.fixture(params=["sqlite", "postgresql"])
def memory_locations(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], Path | str]:
    """New, empty translation-memory locations of one backend per parameter: SQLite files
    under ``tmp_path``, or fresh databases on the session's PostgreSQL server."""
    if request.param == "sqlite":
        made = iter(range(1_000_000))
        return lambda: tmp_path / f"tm{next(made)}.sqlite"
    server: Server = request.getfixturevalue("postgres_server")
    return server.create_database


@pytest.fixture
def memory_location(memory_locations: Callable[[], Path | str]) -> Path | str:
    """One new, empty translation-memory location (SQLite file, then PostgreSQL database)."""
    return memory_locations()
