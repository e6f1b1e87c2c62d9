"""Online engines: the real deep-translator client (and our DeepL client) against a fake server."""

from __future__ import annotations

import json
import logging
import random
import sys
import threading
import time
import traceback
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fakeserver import FakeServer

from l10n.errors import ConfigError, EngineError
from l10n.mt.engines import create_engine
from l10n.mt.engines.langs import engine_code, table
from l10n.mt.engines.reliability import (
    Policy,
    RateLimiter,
    RequestFailed,
    call_with_retries,
    redact,
    retried,
)

SECRETS = {
    "L10N_LIBRE_API_KEY": "libre-SECRET-4242",
    "L10N_MICROSOFT_API_KEY": "ms-SECRET-4242",
    "L10N_DEEPL_API_KEY": "deepl-SECRET-4242:fx",
}
KEY_ENV = {"libre": "L10N_LIBRE_API_KEY", "microsoft": "L10N_MICROSOFT_API_KEY",
           "deepl": "L10N_DEEPL_API_KEY"}
ENGINES = ["google-web", "mymemory", "libre", "microsoft", "deepl"]
PATHS = {"google-web": "/m", "mymemory": "/get", "libre": "/translate",
         "microsoft": "/translate", "deepl": "/v2/translate"}


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeServer]:
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    with FakeServer() as fake:
        yield fake


def url_for(name: str, server: FakeServer) -> str:
    return {
        "google-web": server.url + "/m",
        "mymemory": server.url + "/get",
        "libre": server.url + "/",
        "microsoft": server.url + "/translate?api-version=3.0",
        "deepl": server.url,
    }[name]


def make(name: str, server: FakeServer, **options: object):  # type: ignore[no-untyped-def]
    opts: dict[str, object] = {"url": url_for(name, server), "rate": 0.0, "backoff": 0.01,
                               "retries": 2, "timeout": 2.0}
    opts.update(options)
    return create_engine(name, opts)


def no_secret_in(*texts: str) -> bool:
    return not any(secret in text for secret in SECRETS.values() for text in texts)


@pytest.mark.parametrize("name", ENGINES)
def test_engine_translates_in_order_and_keeps_outer_whitespace(
    name: str, server: FakeServer
) -> None:
    engine = make(name, server)
    out = engine.translate_batch(["Hello _1_ world.", "  Bye.\n", ""], "en", "pt_BR")
    assert out == ["PT Hello _1_ world.", "  PT Bye.\n", ""]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("google-web", {"sl": "en", "tl": "pt"}),
        ("mymemory", {"langpair": "en-US|pt-BR"}),
        ("libre", {"source": "en", "target": "pb", "format": "text"}),
        ("microsoft", {"from": "en", "to": "pt", "api-version": "3.0"}),
    ],
)
def test_requests_carry_the_engine_language_codes(
    name: str, expected: dict[str, str], server: FakeServer
) -> None:
    make(name, server).translate_batch(["Hello."], "en", "pt_BR")
    query = server.requests[-1].query
    assert {k: query[k] for k in expected} == expected


def test_deepl_sends_one_batched_post_with_header_auth(server: FakeServer) -> None:
    out = make("deepl", server).translate_batch(["One.", "Two.", "Three."], "en", "pt_BR")
    assert out == ["PT One.", "PT Two.", "PT Three."]
    [request] = server.requests
    assert request.method == "POST" and request.query == {}
    assert request.headers["Authorization"] == "DeepL-Auth-Key " + SECRETS["L10N_DEEPL_API_KEY"]
    body = json.loads(request.body)
    assert body["text"] == ["One.", "Two.", "Three."]
    assert (body["source_lang"], body["target_lang"]) == ("EN", "PT-BR")


@pytest.mark.parametrize("name", ENGINES)
def test_429_then_success_is_retried(name: str, server: FakeServer) -> None:
    server.statuses = [429]
    assert make(name, server).translate_batch(["Hi."], "en", "pt_BR") == ["PT Hi."]
    assert server.count(PATHS[name]) == 2


@pytest.mark.parametrize("name", ENGINES)
def test_persistent_500s_exhaust_retries_and_raise_a_retryable_error(
    name: str, server: FakeServer
) -> None:
    server.statuses = [500, 502, 503, 500, 500]
    with pytest.raises(EngineError) as caught:
        make(name, server, retries=2).translate_batch(["Hi."], "en", "pt_BR")
    assert caught.value.retryable
    assert server.count(PATHS[name]) == 3


@pytest.mark.parametrize("name", ENGINES)
def test_slow_server_hits_the_timeout_instead_of_hanging(name: str, server: FakeServer) -> None:
    server.delay = 1.5
    started = time.monotonic()
    with pytest.raises(EngineError, match="timed out") as caught:
        make(name, server, timeout=0.2, retries=1).translate_batch(["Hi."], "en", "pt_BR")
    assert time.monotonic() - started < 1.4
    assert caught.value.retryable
    assert server.count(PATHS[name]) == 2


@pytest.mark.parametrize("name", ENGINES)
def test_403_is_not_retried(name: str, server: FakeServer) -> None:
    server.statuses = [403, 403, 403]
    with pytest.raises(EngineError, match="authentication failed") as caught:
        make(name, server).translate_batch(["Hi."], "en", "pt_BR")
    assert not caught.value.retryable
    assert server.count(PATHS[name]) == 1
    if name in KEY_ENV:
        assert KEY_ENV[name] in str(caught.value)


def test_mymemory_quota_warning_at_http_200_is_an_error_not_a_translation(
    server: FakeServer,
) -> None:
    server.quota = True
    with pytest.raises(EngineError, match="quota") as caught:
        make("mymemory", server).translate_batch(["Hi."], "en", "pt_BR")
    assert not caught.value.retryable
    assert server.count("/get") == 1


def test_mymemory_character_budget_stops_before_sending(server: FakeServer) -> None:
    engine = make("mymemory", server, char_budget=10)
    assert engine.translate_batch(["Short."], "en", "pt_BR") == ["PT Short."]
    with pytest.raises(EngineError, match="char_budget"):
        engine.translate_batch(["Much longer text."], "en", "pt_BR")
    assert server.count("/get") == 1


def test_mymemory_html_entities_are_unescaped(server: FakeServer) -> None:
    server.translate = lambda text: 'it\'s "fine" & <ok>'
    assert make("mymemory", server).translate_batch(["x"], "en", "pt_BR") == [
        'it\'s "fine" & <ok>'
    ]


def test_deepl_wrong_number_of_results_fails_the_batch(server: FakeServer) -> None:
    server.drop_one = True
    with pytest.raises(EngineError, match="got 1 translations"):
        make("deepl", server).translate_batch(["One.", "Two."], "en", "pt_BR")


@pytest.mark.parametrize("name", ["google-web", "libre"])
def test_empty_answer_is_retried_once_then_left_empty(name: str, server: FakeServer) -> None:
    server.translate = lambda text: ""
    assert make(name, server).translate_batch(["Hi."], "en", "pt_BR") == [""]
    assert server.count(PATHS[name]) == 2


def test_text_over_the_length_limit_is_split_at_sentence_boundaries(server: FakeServer) -> None:
    sentences = [f"Sentence number {i} tells a fairly long story about the war." for i in range(20)]
    text = "  ".join(sentences)
    [out] = make("mymemory", server).translate_batch([text], "en", "pt_BR")
    sent = [r.query["q"] for r in server.requests]
    assert len(sent) > 1 and all(len(q) < 500 for q in sent)
    assert "".join(s.replace("PT ", "", 1) for s in [out]) != ""
    assert out.count("PT ") == len(sent)
    assert out.replace("PT ", "") == text


def test_threads_get_their_own_clients_and_answers_never_cross(server: FakeServer) -> None:
    server.translate = lambda text: text.upper()
    server.delay = 0.002
    engine = make("google-web", server, concurrency=8)
    texts = [f"text number {i}" for i in range(64)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda t: engine.translate_batch([t], "en", "pt_BR")[0], texts))
    assert results == [t.upper() for t in texts]


@pytest.mark.parametrize("name", ["libre", "microsoft", "deepl"])
def test_no_api_key_appears_in_any_output(
    name: str,
    server: FakeServer,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    seen: list[str] = []
    for statuses, delay in (([403], 0.0), ([500, 500, 500], 0.0), ([], 1.0), ([404], 0.0)):
        server.statuses, server.delay = list(statuses), delay
        engine = make(name, server, timeout=0.2, retries=2)
        with pytest.raises(EngineError) as caught:
            engine.translate_batch(["Hi."], "en", "pt_BR")
        err = caught.value
        seen += [str(err), repr(err), "".join(traceback.format_exception(err))]
    out, errors = capsys.readouterr()
    assert server.requests  # the key really travelled to the server
    assert no_secret_in(*seen, caplog.text, out, errors)


def test_missing_api_key_names_the_environment_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    for env in ("L10N_DEEPL_API_KEY", "DEEPL_API_KEY", "L10N_MICROSOFT_API_KEY",
                "MICROSOFT_API_KEY"):
        monkeypatch.delenv(env, raising=False)
    with pytest.raises(EngineError, match="L10N_DEEPL_API_KEY"):
        create_engine("deepl", {})
    with pytest.raises(EngineError, match="L10N_MICROSOFT_API_KEY"):
        create_engine("microsoft", {})


def test_key_is_read_when_the_engine_is_built(
    server: FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("L10N_LIBRE_API_KEY", "set-after-import")
    make("libre", server).translate_batch(["Hi."], "en", "pt_BR")
    assert server.requests[-1].query["api_key"] == "set-after-import"


def test_api_key_in_configuration_is_refused() -> None:
    with pytest.raises(ConfigError, match="environment variables only"):
        create_engine("deepl", {"api_key": "x"})


def test_unknown_engine_lists_the_valid_names() -> None:
    with pytest.raises(ConfigError, match="valid engines: bergamot, pseudo"):
        create_engine("babelfish", {})


def test_unknown_or_mistyped_option_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="valid options: .*timeout"):
        create_engine("libre", {"timeot": 3})
    with pytest.raises(ConfigError, match="must be a float"):
        create_engine("libre", {"timeout": "3"})


@pytest.mark.parametrize(
    ("engine", "locale", "code"),
    [
        ("google-web", "pt_BR", "pt"),
        ("google-web", "pt_PT", "pt-PT"),
        ("google-web", "he", "iw"),
        ("google-web", "zh_TW", "zh-TW"),
        ("google-web", "sr@latin", None),
        ("mymemory", "en", "en-US"),
        ("mymemory", "pt_BR", "pt-BR"),
        ("mymemory", "de", "de-DE"),
        ("mymemory", "sr@latin", "sr-Latn-RS"),
        ("libre", "pt_BR", "pb"),
        ("libre", "zh_Hant", "zt"),
        ("libre", "de", "de"),
        ("microsoft", "zh_Hans", "zh-hans"),
        ("microsoft", "pt_PT", "pt-pt"),
        ("microsoft", "sr@latin", "sr-latn"),
        ("deepl", "pt_BR", "PT-BR"),
        ("deepl", "en", "EN-US"),
        ("deepl", "zh_TW", "ZH-HANT"),
    ],
)
def test_locale_code_tables(engine: str, locale: str, code: str | None) -> None:
    assert engine_code(table(engine), locale) == code


def test_deepl_source_codes_have_no_region() -> None:
    assert engine_code(table("deepl", "source"), "pt_BR") == "PT"


def test_unsupported_pair_fails_before_any_request(server: FakeServer) -> None:
    engine = make("google-web", server)
    assert not engine.supports("en", "sr@latin")
    with pytest.raises(EngineError, match="does not support"):
        engine.translate_batch(["Hi."], "en", "sr@latin")
    assert server.requests == []


def test_backoff_uses_full_jitter_and_honours_retry_after() -> None:
    waits: list[float] = []
    failures = iter([RequestFailed("transient", "x"),
                     RequestFailed("transient", "x", retry_after=3.0),
                     RequestFailed("transient", "x")])

    def call() -> str:
        failure = next(failures, None)
        if failure is not None:
            raise failure
        return "ok"

    policy = Policy(attempts=5, backoff=1.0, backoff_cap=10.0)
    result = call_with_retries(call, policy=policy, limiter=RateLimiter(0), sleep=waits.append,
                               rng=random.Random(7))
    assert result == "ok"
    assert len(waits) == 3
    assert 0 <= waits[0] <= 1.0 and waits[1] >= 3.0 and 0 <= waits[2] <= 4.0


def test_auth_failures_are_never_retried() -> None:
    calls = []

    def call() -> str:
        calls.append(1)
        raise RequestFailed("auth", "no")

    with pytest.raises(RequestFailed):
        call_with_retries(call, policy=Policy(attempts=5), limiter=RateLimiter(0),
                          sleep=lambda s: None)
    assert len(calls) == 1


def test_rate_limiter_spaces_requests_across_threads() -> None:
    now = [0.0]
    lock = threading.Lock()
    starts: list[float] = []

    def sleep(seconds: float) -> None:
        with lock:
            starts.append(now[0] + seconds)

    limiter = RateLimiter(4.0, clock=lambda: now[0], sleep=sleep)
    for _ in range(5):
        limiter.acquire()
    assert starts == [0.25, 0.5, 0.75, 1.0]


def test_redact_removes_keys_and_key_parameters() -> None:
    text = "POST /translate?q=x&api_key=abc123&x=1 Authorization: DeepL-Auth-Key zz99"
    clean = redact(text, ["zz99"])
    assert "abc123" not in clean and "zz99" not in clean and "q=x" in clean


def test_every_online_engine_reads_a_final_failure_the_same_way() -> None:
    """reliability.retried is the one place that decides: an implausible answer fails only its
    texts (returned, the drafts stay empty); anything else stops the engine with one line that
    names the fix and holds no secret."""
    policy = Policy(attempts=2, backoff=0.0, backoff_cap=0.0)

    def fails(kind: str, detail: str = "") -> RequestFailed:
        def call() -> str:
            raise RequestFailed(kind, detail)  # type: ignore[arg-type]
        found = retried(call, engine="deepl", policy=policy, limiter=RateLimiter(0),
                        sleep=lambda _: None, key_env="L10N_DEEPL_API_KEY")
        assert isinstance(found, RequestFailed)
        return found

    assert fails("implausible", "answer 9x longer").kind == "implausible"
    with pytest.raises(EngineError, match=r"authentication failed; check the API key in \$L10N_DEEPL") as err:
        retried(lambda: (_ for _ in ()).throw(RequestFailed("auth", "no")), engine="deepl",
                policy=policy, limiter=RateLimiter(0), sleep=lambda _: None,
                key_env="L10N_DEEPL_API_KEY", secrets=("deepl-SECRET-4242:fx",))
    assert not err.value.retryable
    with pytest.raises(EngineError) as err:
        retried(lambda: (_ for _ in ()).throw(RequestFailed("transient", "key deepl-SECRET-4242:fx")),
                engine="deepl", policy=policy, limiter=RateLimiter(0), sleep=lambda _: None,
                secrets=("deepl-SECRET-4242:fx",))
    assert err.value.retryable and "SECRET" not in str(err.value)
