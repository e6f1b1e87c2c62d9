"""DeepL through a small client of ours (``POST /v2/translate``, header authentication).

Why not deep-translator's ``DeeplTranslator``: it sends the key as a ``GET`` query parameter,
which DeepL no longer accepts (legacy authentication removed in 2025/2026). Why not the official
``deepl`` package: its retry count and its minimum timeout (10 s) are module-wide settings and
it retries on its own, which would stack with (and hide) our policy. The API itself is small:

* ``POST {url}/v2/translate`` with ``Authorization: DeepL-Auth-Key <key>`` and a JSON body
  ``{"text": [...], "target_lang": "PT-BR", "source_lang": "EN"}``; up to 50 texts per
  request (we send at most 50 texts and about 100 k characters);
* answer ``{"translations": [{"text": ..., "detected_source_language": ...}, ...]}``, one per
  text, in order; HTTP 403 bad key, 456 quota exceeded, 429 too many requests, 5xx trouble.

Keys ending in ``:fx`` belong to the free plan and go to ``api-free.deepl.com``. The key comes
from ``L10N_DEEPL_API_KEY`` (or the conventional ``DEEPL_API_KEY``) when the engine is built.
Reliability (timeouts, retries with jitter, rate limit, one HTTP session per thread) is the
shared layer of :mod:`l10n.mt.engines.online`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import requests

from l10n.errors import EngineError
from l10n.mt.engines import http, langs
from l10n.mt.engines.base import Limits, read_options
from l10n.mt.engines.reliability import (
    PER_TEXT,
    POLICY_OPTIONS,
    FailureKind,
    Policy,
    RateLimiter,
    RequestFailed,
    WaitBudget,
    answer_limit,
    call_with_retries,
    describe,
    policy_from_options,
    read_secret,
    redact,
    retry_after_seconds,
    status_kind,
)
from l10n.mt.engines.text import split_outer_space

KEY_ENVS = ("L10N_DEEPL_API_KEY", "DEEPL_API_KEY")
"""Where the key is read from, first match wins."""
FREE_URL = "https://api-free.deepl.com"
PRO_URL = "https://api.deepl.com"
MAX_ITEMS = 50
MAX_CHARS = 100_000


class DeepLEngine:
    """``deepl``: batched requests, order kept, per-thread HTTP sessions."""

    name = "deepl"

    def __init__(self, *, api_key: str, key_env: str, url: str, policy: Policy) -> None:
        self.version = "deepl-api-v2"
        self.limits = Limits(
            max_chars=MAX_CHARS, max_items=MAX_ITEMS, max_concurrency=policy.concurrency
        )
        self.policy = policy
        self._key = api_key
        self._key_env = key_env
        self._endpoint = url.rstrip("/") + "/v2/translate"
        self._limiter = RateLimiter(policy.rate)
        self._local = threading.local()
        self.sleep: Callable[[float], None] = time.sleep
        """Backoff sleeper (tests replace it to run instantly)."""
        self.wait_budget = WaitBudget()
        """Seconds the run may lose to failures (``translate`` shares one among its engines)."""

    def codes(self, source: str, target: str) -> tuple[str, str] | None:
        """DeepL's source and target codes for two gettext locales, or ``None``."""
        return langs.pair_codes("deepl", source, target)

    def supports(self, source: str, target: str) -> bool:
        """True when DeepL knows the source and the target variant."""
        return self.codes(source, target) is not None

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        """Translate up to :data:`MAX_ITEMS` texts in one request (more: several requests)."""
        codes = self.codes(source, target)
        if codes is None:
            raise EngineError(
                f"deepl does not support {source} -> {target}; choose another engine",
                engine=self.name,
            )
        results = [""] * len(texts)
        todo: list[tuple[int, str, str, str]] = []
        for index, text in enumerate(texts):
            lead, core, trail = split_outer_space(text)
            if core:
                todo.append((index, lead, core, trail))
            else:
                results[index] = text
        for start in range(0, len(todo), MAX_ITEMS):
            part = todo[start : start + MAX_ITEMS]
            translated = self._request([core for _, _, core, _ in part], codes)
            for (index, lead, _, trail), value in zip(part, translated, strict=True):
                results[index] = lead + value + trail if value.strip() else ""
        return results

    def _session(self) -> requests.Session:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = http.mount(requests.Session())
            session.headers["Authorization"] = f"DeepL-Auth-Key {self._key}"
            session.headers["User-Agent"] = "l10n"
        return session

    def _request(self, texts: list[str], codes: tuple[str, str]) -> list[str]:
        try:
            return call_with_retries(
                lambda: self._attempt(texts, codes),
                policy=self.policy,
                limiter=self._limiter,
                sleep=self.sleep,
                budget=self.wait_budget,
            )
        except RequestFailed as failure:
            final = failure
        if final.kind in PER_TEXT:  # an answer refused as implausible: these texts fail
            return [""] * len(texts)
        message = describe(self.name, final, key_env=self._key_env)
        raise EngineError(message, retryable=final.kind == "transient", engine=self.name)

    def _attempt(self, texts: list[str], codes: tuple[str, str]) -> list[str]:
        body: dict[str, Any] = {
            "text": texts,
            "source_lang": codes[0],
            "target_lang": codes[1],
            "preserve_formatting": True,
        }
        failure: RequestFailed | None = None
        answer: Any = None
        sent = sum(len(t.encode("utf-8")) for t in texts)
        try:
            response = http.send(
                self._session(),
                "POST",
                self._endpoint,
                json=body,
                timeout=(self.policy.connect_timeout, self.policy.read_timeout),
                deadline=self.policy.read_timeout,
                max_bytes=answer_limit(sent),
            )
        except http.Refused as refused:
            kind: FailureKind = "implausible" if refused.kind == "too-big" else "refused"
            failure = RequestFailed(kind, refused.reason)
        except requests.Timeout:
            failure = RequestFailed("transient", "timed out")
        except requests.RequestException as exc:
            failure = RequestFailed(
                "transient", redact(f"connection failed: {type(exc).__name__}", [self._key])
            )
        else:
            if response.status_code != 200:
                failure = RequestFailed(
                    status_kind(response.status_code),
                    redact(response.text[:200], [self._key]),
                    status=response.status_code,
                    retry_after=retry_after_seconds(response.headers.get("Retry-After")),
                )
            else:
                try:
                    # A text that is not a string ("text": null) is a failed draft, not "None".
                    answer = [t["text"] if isinstance(t["text"], str) else ""
                              for t in response.json()["translations"]]
                except (ValueError, KeyError, TypeError):
                    failure = RequestFailed("transient", "unreadable answer", status=200)
        if failure is not None:
            raise failure
        if len(answer) != len(texts):
            raise RequestFailed(
                "refused", f"sent {len(texts)} texts, got {len(answer)} translations back"
            )
        return list(answer)


def build_deepl(options: Mapping[str, object]) -> DeepLEngine:
    """Registry factory for ``deepl`` (key from ``$L10N_DEEPL_API_KEY`` or ``$DEEPL_API_KEY``)."""
    opts = read_options("deepl", options, POLICY_OPTIONS)
    policy = policy_from_options(Policy(concurrency=4), opts)
    key, key_env = read_secret(KEY_ENVS)
    if key is None:
        raise EngineError(
            f"deepl needs an API key: set the environment variable {key_env}", engine="deepl"
        )
    url = str(opts.get("url") or (FREE_URL if key.endswith(":fx") else PRO_URL))
    return DeepLEngine(api_key=key, key_env=key_env, url=url, policy=policy)
