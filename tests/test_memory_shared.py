"""The PostgreSQL memory shared by many processes: eight real ``l10n translate`` processes on
overlapping articles send every sentence to the engine once and lose no unit; claims of a killed
process lapse; a server that is down or a password in l10n.toml is a one-line error that never
shows a password."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import polib
import pytest
from fakeserver import FakeServer

from l10n.config import load_config
from l10n.errors import CatalogError, ConfigError
from l10n.mt.memory import MemoryUnit, open_memory
from l10n.mt.memory.postgres import PostgresMemory

PROCESSES = 8
LOCALES = ("de", "fr")
_ADJECTIVES = ("red", "old", "new", "quiet", "busy", "small", "large", "rural", "coastal", "northern")
_NOUNS = ("council", "school", "harbour", "library", "market", "hospital")
POOL = [f"The {a} {n} asked the mayor for more money." for a in _ADJECTIVES for n in _NOUNS]
DESKS = ("Politics", "Sports", "Culture", "Business", "Science", "Weather", "Travel", "Food")


def _sentences(project: int) -> list[str]:
    """Project ``i`` gets 24 consecutive sentences of the pool, starting at ``6 i``: each
    sentence is in two to four projects."""
    return [POOL[(6 * project + k) % len(POOL)] for k in range(24)]


def _project(root: Path, index: int, server: FakeServer, dsn: str) -> Path:
    project = root / f"desk{index}"
    (project / "source").mkdir(parents=True)
    (project / "l10n.toml").write_text(
        f'locales = {json.dumps(list(LOCALES))}\n'
        f'[translate]\nengine = "deepl"\nmemory = "{dsn}"\n'
        f'[engines.deepl]\nurl = "{server.url}"\nrate = 0\n', encoding="utf-8")
    sentences = _sentences(index)
    body = "\n\n".join(" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3))
    (project / "source" / "story.md").write_text(f"# {DESKS[index]} desk\n\n{body}\n", encoding="utf-8")
    return project


def _l10n(project: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "l10n", "-C", str(project), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "L10N_DEEPL_API_KEY": "deepl-SECRET-1:fx"})


def _all(processes: list[subprocess.Popen[str]]) -> None:
    for proc in processes:
        out, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, out + err


def test_eight_processes_on_overlapping_articles_send_every_sentence_once(
    tmp_path: Path, postgres_dsn: str
) -> None:
    with FakeServer() as server:
        server.delay = 0.05  # each request takes a while: the runs overlap
        projects = [_project(tmp_path, i, server, postgres_dsn) for i in range(PROCESSES)]
        _all([_l10n(p, "extract") for p in projects])
        _all([_l10n(p, "translate") for p in projects])
    sent = Counter(
        (json.loads(r.body)["target_lang"], text)
        for r in server.requests if r.path == "/v2/translate"
        for text in json.loads(r.body)["text"]
    )
    wanted = {(loc.upper(), s) for i in range(PROCESSES) for s in _sentences(i) for loc in LOCALES}
    wanted |= {(loc.upper(), f"{desk} desk") for desk in DESKS for loc in LOCALES}
    assert set(sent) == wanted
    assert [key for key, times in sent.items() if times > 1] == []
    with open_memory(postgres_dsn, readonly=True) as tm:
        units = list(tm.units(engine="deepl"))
    assert Counter((u.target_lang, u.source) for u in units) == Counter(
        (loc.lower(), s) for loc, s in wanted)
    assert all(u.target == "PT " + u.source for u in units)
    for project in projects:
        for loc in LOCALES:
            po = polib.pofile(str(project / "locales" / loc / "story.po"))
            assert [e.msgid for e in po if not e.msgstr] == []
            assert all(e.msgstr == "PT " + e.msgid and "fuzzy" in e.flags for e in po)


def test_the_claims_of_a_killed_process_lapse(postgres_dsn: str) -> None:
    killed = PostgresMemory(postgres_dsn, claim_seconds=0.5)
    try:
        assert killed.claim("deepl", "en", "de", ["A.", "B."]) == {"A.", "B."}
        with open_memory(postgres_dsn) as other:
            assert other.claim("deepl", "en", "de", ["A.", "B."]) == set()
            time.sleep(0.7)
            assert other.claimed("deepl", "en", "de", ["A.", "B."]) == set()
            assert other.claim("deepl", "en", "de", ["A.", "B."]) == {"A.", "B."}
    finally:
        killed.close()


def test_storing_a_batch_renews_the_claims_of_the_process(postgres_dsn: str) -> None:
    with PostgresMemory(postgres_dsn, claim_seconds=0.6) as busy, open_memory(postgres_dsn) as other:
        busy.claim("deepl", "en", "de", ["A.", "B."])
        for _ in range(3):
            time.sleep(0.3)
            busy.store([MemoryUnit("A.", "Ah.", "en", "de", "deepl")])
        assert other.claimed("deepl", "en", "de", ["A.", "B."]) == {"A.", "B."}


def test_a_server_that_is_down_is_one_line_without_the_password(
    monkeypatch: pytest.MonkeyPatch, postgres_dsn: str
) -> None:
    monkeypatch.setenv("PGPASSWORD", "pw-SECRET-7")
    down = "postgresql://ann:url-SECRET-8@127.0.0.1:1/newsroom"
    with pytest.raises(CatalogError) as error:
        open_memory(down)
    message = str(error.value)
    assert "\n" not in message and "SECRET" not in message
    assert message.startswith("cannot open the translation memory postgresql://ann@127.0.0.1:1/"
                              "newsroom: ") and "--no-memory" in message
    wrong_db = postgres_dsn.rpartition("/")[0] + "/no_such_database"
    with pytest.raises(CatalogError, match="no_such_database.*does not exist"):
        open_memory(wrong_db)


def test_translate_against_a_server_that_is_down_exits_2_and_writes_nothing(
    tmp_path: Path, postgres_server: object
) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "a.md").write_text("Hello there.\n", encoding="utf-8")
    (tmp_path / "l10n.toml").write_text(
        'locales = ["de"]\n[translate]\nengine = "pseudo"\n'
        'memory = "postgresql://ann@127.0.0.1:1/newsroom"\n', encoding="utf-8")
    proc = _l10n(tmp_path, "extract")
    _all([proc])
    po = tmp_path / "locales" / "de" / "a.po"
    before = po.read_bytes()
    proc = _l10n(tmp_path, "translate")
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "cannot open the translation memory postgresql://ann@127.0.0.1:1/newsroom" in err
    assert po.read_bytes() == before


@pytest.mark.parametrize("memory", [
    "postgresql://ann:SECRET@db.example/tm",
    "postgres://db.example/tm?password=SECRET",
    "host=db.example dbname=tm password=SECRET",
])
def test_a_password_in_l10n_toml_is_refused_and_not_repeated(tmp_path: Path, memory: str) -> None:
    config = tmp_path / "l10n.toml"
    config.write_text(f'locales = ["de"]\n[translate]\nmemory = "{memory}"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(config)
    assert "SECRET" not in str(error.value)
    assert "PGPASSWORD" in str(error.value) and ".pgpass" in str(error.value)


@pytest.mark.parametrize("memory", ["postgresql://ann@db.example/tm", "postgres://db/tm",
                                    "service=newsroom"])
def test_a_postgresql_memory_is_a_url_not_a_file(tmp_path: Path, memory: str) -> None:
    config = tmp_path / "l10n.toml"
    config.write_text(f'locales = ["de"]\n[translate]\nmemory = "{memory}"\n', encoding="utf-8")
    loaded = load_config(config)
    assert (loaded.memory_url, loaded.memory_path) == (memory, None)


def test_memory_import_and_export_commands_work_on_postgresql(
    tmp_path: Path, postgres_dsn: str
) -> None:
    (tmp_path / "l10n.toml").write_text(
        f'locales = ["pt_BR"]\n[translate]\nmemory = "{postgres_dsn}"\n', encoding="utf-8")
    (tmp_path / "in.tmx").write_text("""<tmx version="1.4"><header srclang="en"/><body>
<tu><tuv xml:lang="en"><seg>Bye &amp; thanks.</seg></tuv><tuv xml:lang="pt-BR"><seg>Tchau.</seg></tuv></tu>
</body></tmx>""", encoding="utf-8")
    proc = _l10n(tmp_path, "memory", "import", str(tmp_path / "in.tmx"))
    out, err = proc.communicate(timeout=60)
    assert (proc.returncode, err) == (0, "") and "imported 1 translation unit(s)" in out
    proc = _l10n(tmp_path, "memory", "export", str(tmp_path / "out.tmx"))
    out, err = proc.communicate(timeout=60)
    assert (proc.returncode, err) == (0, "") and "wrote 1 translation unit(s)" in out
    from translate.storage import tmx as ttk_tmx

    store = ttk_tmx.tmxfile.parsefile(str(tmp_path / "out.tmx"))
    assert [(u.source, u.target) for u in store.units] == [("Bye & thanks.", "Tchau.")]
    assert not (tmp_path / ".l10n").exists()  # no SQLite file next to the shared memory


@pytest.mark.parametrize(("given", "shown"), [
    ("postgresql://ann:SECRET@db:5433/tm", "postgresql://ann@db:5433/tm"),
    ("postgres://:SECRET@db/tm", "postgres://db/tm"),
    ("postgresql://db/tm?password=SECRET&sslmode=require", "postgresql://db/tm?sslmode=require"),
    ("host=db password='SE CRET' dbname=tm", "host=db  dbname=tm"),
    ("service=newsroom", "service=newsroom"),
])
def test_a_connection_is_shown_without_its_password(given: str, shown: str) -> None:
    from l10n.mt.memory.location import has_password, is_postgres, redact

    assert is_postgres(given) and redact(given) == shown
    assert has_password(given) == ("SE" in given)
    assert not is_postgres(".l10n/memory.sqlite") and not is_postgres("/srv/tm/memory.sqlite")
