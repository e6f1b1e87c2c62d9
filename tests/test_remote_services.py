"""Hostile translation services, for every online engine: a fake server on 127.0.0.1 that
trickles, never answers, sends huge bodies, nulls, echoes and markup, or redirects elsewhere.

Nothing may hang past the configured deadline (elapsed time measured, generous bound), no key
or text may reach another host, and nothing unsafe may be written to a PO file.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fakeserver import FakeServer, echo, huge, markup

from l10n.errors import EngineError
from l10n.mt.engines import create_engine
from l10n.mt.engines.http import redirect_allowed
from l10n.mt.engines.reliability import (
    Policy,
    RateLimiter,
    RequestFailed,
    WaitBudget,
    call_with_retries,
)
from l10n.mt.mask import mask
from l10n.mt.verify import implausible
from tests.test_cli import run

SECRETS = {
    "L10N_LIBRE_API_KEY": "libre-SECRET-4242",
    "L10N_MICROSOFT_API_KEY": "ms-SECRET-4242",
    "L10N_DEEPL_API_KEY": "deepl-SECRET-4242:fx",
    "L10N_MYMEMORY_EMAIL": "desk-SECRET-4242@example.org",
}
ENGINES = ["google-web", "mymemory", "libre", "microsoft", "deepl"]
SENTENCE = "The city is still holding out against the attack."


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeServer]:
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    with FakeServer() as fake:
        yield fake


def url_for(name: str, base: str) -> str:
    return {
        "google-web": base + "/m",
        "mymemory": base + "/get",
        "libre": base + "/",
        "microsoft": base + "/translate?api-version=3.0",
        "deepl": base,
    }[name]


def make(name: str, server: FakeServer, **options: object):  # type: ignore[no-untyped-def]
    opts: dict[str, object] = {"url": url_for(name, server.url), "rate": 0.0, "backoff": 0.01,
                               "retries": 0, "timeout": 2.0}
    opts.update(options)
    return create_engine(name, opts)


@pytest.mark.parametrize("name", ENGINES)
def test_a_trickling_server_cannot_hold_a_request_past_its_timeout(
    name: str, server: FakeServer
) -> None:
    server.trickle = 0.3  # one byte every 0.3 s: each read is quick, the answer never ends
    engine = make(name, server)
    started = time.monotonic()
    with pytest.raises(EngineError, match="timed out"):
        engine.translate_batch([SENTENCE], "en", "pt_BR")
    assert time.monotonic() - started < 2.0 + 5


@pytest.mark.parametrize("name", ENGINES)
def test_a_huge_answer_is_a_failed_draft_read_no_further(name: str, server: FakeServer) -> None:
    server.translate = huge
    engine = make(name, server)
    started = time.monotonic()
    assert engine.translate_batch([SENTENCE], "en", "pt_BR") == [""]
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("name", ENGINES)
def test_a_huge_answer_of_unknown_length_is_cut_off_while_reading(
    name: str, server: FakeServer
) -> None:
    server.translate, server.unsized = huge, True
    assert make(name, server).translate_batch([SENTENCE], "en", "pt_BR") == [""]
    server.translate = lambda text: "PT " + text  # the same server, answering sanely
    assert make(name, server).translate_batch([SENTENCE], "en", "pt_BR") == ["PT " + SENTENCE]


@pytest.mark.parametrize("name", ENGINES)
def test_a_null_text_is_no_translation_not_the_word_none(name: str, server: FakeServer) -> None:
    server.null = True
    assert make(name, server, retries=1).translate_batch([SENTENCE], "en", "pt_BR") == [""]


@pytest.mark.parametrize("name", ENGINES)
def test_a_redirect_to_another_host_is_refused_and_nothing_reaches_it(
    name: str, server: FakeServer
) -> None:
    with FakeServer() as elsewhere:
        server.redirect = elsewhere.url
        with pytest.raises(EngineError, match="redirect to another host or scheme refused"):
            make(name, server).translate_batch([SENTENCE], "en", "pt_BR")
        assert elsewhere.requests == []
    assert len(server.requests) == 1


def test_redirects_are_followed_only_to_the_same_origin() -> None:
    assert redirect_allowed("https://api.x.com/v2/t", "https://api.x.com/v3/t")
    assert redirect_allowed("http://api.x.com/t", "https://api.x.com/t")  # upgrade
    assert not redirect_allowed("https://api.x.com/t", "http://api.x.com/t")  # downgrade
    assert not redirect_allowed("https://api.x.com/t", "https://evil.com/t")
    assert not redirect_allowed("https://api.x.com/t", "https://api.x.com:8443/t")
    assert not redirect_allowed("https://api.x.com/t", "ftp://api.x.com/t")


def test_implausible_answers_are_named() -> None:
    source = mask(SENTENCE)
    assert implausible(source, SENTENCE, "en", "pt_BR") == ["the answer repeats the source untranslated"]
    assert implausible(source, SENTENCE, "en", "en_GB") == []  # same language: may stay
    assert implausible(mask("Yevgeny Prigozhin, CNN"), "Yevgeny Prigozhin, CNN", "en", "pt") == []
    assert implausible(mask("Kramatorsk 2023"), "Kramatorsk 2023", "en", "pt") == []
    assert implausible(source, "A cidade " * 30, "en", "pt")[0].startswith("answer of 270 characters")
    assert implausible(mask("Yes."), "Sim, claro, sem dúvida nenhuma.", "en", "pt") == []


@pytest.mark.parametrize("value", ["-1", '"soon"', "true"])
def test_max_wait_must_be_a_number_of_seconds(tmp_path: Path, value: str) -> None:
    (tmp_path / "l10n.toml").write_text(
        f'source_language = "en"\nlocales = ["pt_BR"]\n[translate]\nmax_wait = {value}\n',
        encoding="utf-8")
    code, _, err = run(tmp_path, "status")
    assert code == 2 and "translate.max_wait" in err and "Traceback" not in err


def test_the_wait_budget_stops_retries_without_sleeping_past_it() -> None:
    slept: list[float] = []
    now = [0.0]

    def attempt() -> str:
        now[0] += 10.0  # every attempt times out after 10 s
        raise RequestFailed("transient", "timed out")

    with pytest.raises(RequestFailed) as caught:
        call_with_retries(attempt, policy=Policy(attempts=50, backoff=1.0, backoff_cap=1.0),
                          limiter=RateLimiter(0), sleep=slept.append,
                          budget=WaitBudget(25.0), clock=lambda: now[0])
    assert caught.value.kind == "waited"
    assert now[0] == 30.0 and len(slept) == 2


# --------------------------------------------------------------------------- whole runs


def project(tmp_path: Path, name: str, server: FakeServer, *, extra: str = "",
            sentences: int = 1) -> Path:
    (tmp_path / "source").mkdir()
    body = "\n\n".join(f"Paragraph {i}: {SENTENCE}" for i in range(sentences))
    (tmp_path / "source" / "a.md").write_text(body + "\n", encoding="utf-8")
    (tmp_path / "l10n.toml").write_text(
        'source_language = "en"\nlocales = ["pt_BR"]\n'
        f'[translate]\nengine = "{name}"\nmemory = false\n{extra}'
        f'[engines.{name}]\nurl = "{url_for(name, server.url)}"\nrate = 0.0\n'
        "backoff = 0.01\ntimeout = 1.0\n",
        encoding="utf-8",
    )
    assert run(tmp_path, "extract")[0] == 0
    return tmp_path


def msgstrs(project: Path) -> list[str]:
    po = polib.pofile(str(project / "locales" / "pt_BR" / "a.po"))
    return [e.msgstr for e in po if e.msgid]


@pytest.mark.parametrize("name", ENGINES)
@pytest.mark.parametrize(("answer", "reason"), [(markup, "unsafe answer: it would add"),
                                                (echo, "repeats the source untranslated")])
def test_markup_and_echo_answers_are_failed_drafts_and_nothing_is_written(
    tmp_path: Path, server: FakeServer, name: str, answer: object, reason: str
) -> None:
    server.translate = answer  # type: ignore[assignment]
    root = project(tmp_path, name, server)
    code, out, err = run(root, "translate")
    assert code == 1, (out, err)
    assert reason in err and "failed: 1" in out
    assert msgstrs(root) == [""]


@pytest.mark.parametrize("name", ENGINES)
def test_a_server_that_never_answers_costs_at_most_the_run_budget(
    tmp_path: Path, server: FakeServer, name: str
) -> None:
    server.silent = True
    root = project(tmp_path, name, server, extra="max_wait = 3\n", sentences=8)
    started = time.monotonic()
    code, out, err = run(root, "translate")
    elapsed = time.monotonic() - started
    assert code == 1
    # budget, plus the request in flight when it ran out (timeout 1 s), plus slack
    assert elapsed < 3 + 1 + 5, elapsed
    assert "max_wait" in err and "skipped" in err
    assert len([line for line in err.splitlines() if "not attempted" in line]) <= 1
    assert msgstrs(root) == [""] * 8
