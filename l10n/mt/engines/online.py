"""Online engines through deep-translator, wrapped in the reliability layer it lacks.

deep-translator 1.11.4 (frozen upstream) gives us request shapes and response parsing for Google
(web), MyMemory, LibreTranslate and Microsoft, and nothing else: no timeouts, no retries, not
thread-safe, keys read at import, quota errors returned as translations, the API key inside
exception messages (docs/research/mt-engines.md §1). This module wraps it, with the shared
layer of :mod:`l10n.mt.engines.reliability`:

* **timeouts**: a connect/read timeout is injected into every ``requests`` call made while one of
  our engines is working (the shim is installed when the first online engine is built), and
  the call goes through :func:`l10n.mt.engines.http.send`: a total deadline, an answer size
  limit relative to the text sent (``DtSpec.answer_floor``), no redirect to another host;
* **retries** with exponential backoff and full jitter on 429, 5xx, timeouts and dropped
  connections (``Retry-After`` honoured), never on authentication errors, quota exhaustion or
  unsupported languages;
* a **rate limit** per engine (requests per second, shared by its threads) and an optional
  character budget per run (MyMemory's anonymous quota is 5,000 characters a day);
* **one client instance per thread** (deep-translator stores the text in the instance);
* **length limits**: a text longer than the engine accepts is cut at sentence boundaries, the
  pieces are translated and joined with the original spacing; outer whitespace is re-attached;
* a **per-engine locale-code table** (:mod:`l10n.mt.engines.langs`), checked before any request;
* **API keys** read from environment variables when the engine is built, passed explicitly,
  and redacted from every message we produce.

Error contract: a per-text failure (no result, a text the service rejects) gives ``""`` for
that text; anything that dooms the batch raises :class:`~l10n.errors.EngineError` with
``retryable`` set for transient trouble (retries exhausted) and unset for authentication,
quota or configuration problems.
"""

from __future__ import annotations

import html
import os
import re
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import requests

from l10n.errors import EngineError
from l10n.mt.engines import http, langs
from l10n.mt.engines.base import Limits, read_options
from l10n.mt.engines.rate_budget import rate_budget
from l10n.mt.engines.reliability import (
    POLICY_OPTIONS,
    CharBudget,
    FailureKind,
    Observation,
    Policy,
    RequestFailed,
    WaitBudget,
    answer_limit,
    install_timeout_shim,
    observed,
    policy_from_options,
    read_secret,
    redact,
    retried,
    retry_after_seconds,
    status_kind,
)
from l10n.mt.engines.text import chunk_text, split_outer_space

# --------------------------------------------------------------------------- deep-translator


@dataclass(frozen=True)
class DtSettings:
    """Everything needed to build deep-translator clients for one engine."""

    url: str | None
    """Endpoint override (tests, self-hosted servers); ``None`` keeps deep-translator's."""
    api_key: str | None
    """Secret from the environment; never logged."""
    key_env: str | None
    """Environment variable the key came from (or should come from), for messages."""
    email: str | None = None
    """MyMemory: registered e-mail (``de=``), raises its free quota to 50,000 chars/day."""
    region: str | None = None
    """Microsoft: Azure resource region."""


ClientFactory = Callable[[DtSettings, str, str], Any]


def _google_client(settings: DtSettings, source: str, target: str) -> Any:
    from deep_translator import GoogleTranslator

    client = GoogleTranslator(source="en", target="pt")
    return _point(client, settings, source, target)


def _mymemory_client(settings: DtSettings, source: str, target: str) -> Any:
    from deep_translator import MyMemoryTranslator

    client = MyMemoryTranslator(source="en-GB", target="pt-BR", email=settings.email)
    return _point(client, settings, source, target)


def _libre_client(settings: DtSettings, source: str, target: str) -> Any:
    from deep_translator import LibreTranslator

    url = settings.url or "https://libretranslate.com/"
    if not url.endswith("/"):
        url += "/"
    # deep-translator insists on a key; keyless self-hosted servers ignore the parameter.
    client = LibreTranslator(
        source="en", target="es", api_key=settings.api_key or "none", custom_url=url
    )
    client.source, client.target = source, target
    return client


_MICROSOFT_CLASS: Any = None


def _microsoft_client(settings: DtSettings, source: str, target: str) -> Any:
    global _MICROSOFT_CLASS
    if _MICROSOFT_CLASS is None:
        from deep_translator import MicrosoftTranslator

        class OfflineListMicrosoftTranslator(MicrosoftTranslator):  # type: ignore[misc]
            """deep-translator fetches the language list over the network in ``__init__``;
            our code table replaces that request."""

            def _get_supported_languages(self) -> dict[str, str]:
                return {"english": "en", "portuguese": "pt"}

        _MICROSOFT_CLASS = OfflineListMicrosoftTranslator
    client = _MICROSOFT_CLASS(
        source="en", target="pt", api_key=settings.api_key, region=settings.region
    )
    return _point(client, settings, source, target)


def _point(client: Any, settings: DtSettings, source: str, target: str) -> Any:
    """Set our codes (the setters skip deep-translator's incomplete tables) and the endpoint."""
    client.source, client.target = source, target
    if settings.url:
        client._base_url = settings.url
    return client


@dataclass(frozen=True)
class DtSpec:
    """One deep-translator engine of the registry."""

    name: str
    """Registry name."""
    client: ClientFactory
    """Builds one client (one per thread and language pair)."""
    max_chars: int
    """Longest text one request accepts."""
    policy: Policy
    """Default reliability settings."""
    key_envs: tuple[str, ...] = ()
    """Environment variables holding the API key, first match wins."""
    key_required: bool = False
    """Refuse to build without a key."""
    extra_options: tuple[str, ...] = ()
    """Options beyond :data:`POLICY_OPTIONS`."""
    answer_floor: int = 4096
    """Smallest answer size limit in bytes (:func:`~l10n.mt.engines.reliability.answer_limit`):
    JSON APIs answer in a few hundred bytes, Google's web page weighs tens of kilobytes."""


DT_SPECS: dict[str, DtSpec] = {
    "google-web": DtSpec(
        "google-web", _google_client, 4999, Policy(rate=1.0, concurrency=1),
        answer_floor=1 << 20,
    ),
    "mymemory": DtSpec(
        "mymemory",
        _mymemory_client,
        499,
        Policy(rate=1.0, concurrency=1, char_budget=5000),
        extra_options=("email",),
        answer_floor=64 * 1024,  # every answer carries a list of memory matches
    ),
    "libre": DtSpec(
        "libre",
        _libre_client,
        2000,
        Policy(concurrency=4),
        key_envs=("L10N_LIBRE_API_KEY", "LIBRE_API_KEY"),
    ),
    "microsoft": DtSpec(
        "microsoft",
        _microsoft_client,
        10_000,
        Policy(concurrency=4),
        key_envs=("L10N_MICROSOFT_API_KEY", "MICROSOFT_API_KEY"),
        key_required=True,
        extra_options=("region",),
    ),
}
"""The deep-translator engines we expose, in registry order."""

_MYMEMORY_QUOTA = "MYMEMORY WARNING"
_MYMEMORY_ERRORS = ("QUERY LENGTH LIMIT EXCEEDED", "INVALID LANGUAGE PAIR", "PLEASE SELECT TWO")


def classify_dt(exc: BaseException, seen: Observation, secrets: Sequence[str]) -> RequestFailed:
    """Turn whatever deep-translator raised into a :class:`RequestFailed` (secrets removed)."""
    from deep_translator import exceptions as dx

    status = seen.status
    retry_after = retry_after_seconds(seen.retry_after)
    detail = redact(f"{type(exc).__name__}: {exc}", secrets)[:300]
    # What the bounded HTTP layer refused, even when deep-translator swallowed it (Microsoft).
    for error in (exc, seen.error):
        if isinstance(error, http.Refused):
            refused: FailureKind = "implausible" if error.kind == "too-big" else "refused"
            return RequestFailed(refused, error.reason)
        if isinstance(error, http.DeadlineExceeded):
            return RequestFailed("transient", f"timed out: {error}")
    if isinstance(exc, requests.Timeout):
        return RequestFailed("transient", "timed out", retry_after=retry_after)
    if isinstance(exc, requests.ConnectionError):
        return RequestFailed("transient", "connection failed")
    if isinstance(exc, (dx.AuthorizationException, dx.ApiKeyException)):
        return RequestFailed("auth", "key rejected", status=status or 403)
    if isinstance(exc, dx.TooManyRequests):
        return RequestFailed("transient", "too many requests", status=429, retry_after=retry_after)
    if isinstance(exc, (dx.LanguageNotSupportedException, dx.InvalidSourceOrTargetLanguage)):
        return RequestFailed("unsupported", detail)
    if isinstance(exc, (dx.NotValidLength, dx.NotValidPayload)):
        return RequestFailed("bad-request", "text rejected by the client (length)")
    if isinstance(exc, (dx.TranslationNotFound, dx.ElementNotFoundInGetRequest, StopIteration)):
        return RequestFailed("no-result", "no translation in the answer", status=status)
    if isinstance(exc, dx.MicrosoftAPIerror):
        code = re.search(r"'code':\s*(\d{3})", exc.api_message)
        status = status if status and status >= 400 else (int(code.group(1)) if code else None)
        return RequestFailed(status_kind(status), detail, status=status, retry_after=retry_after)
    if isinstance(exc, (dx.RequestError, dx.ServerException)):
        return RequestFailed(status_kind(status), detail, status=status, retry_after=retry_after)
    if seen.error is not None:  # deep-translator swallowed a requests error (Microsoft)
        timed_out = isinstance(seen.error, requests.Timeout)
        return RequestFailed("transient", "timed out" if timed_out else "connection failed")
    if status is not None and not 200 <= status < 300:
        return RequestFailed(status_kind(status), detail, status=status, retry_after=retry_after)
    if isinstance(exc, (ValueError, KeyError, TypeError, AttributeError, IndexError)):
        # A complete answer at HTTP 200 without a usable text ("text": null): retried once,
        # then a failed draft for this text; other statuses: the service is in trouble.
        kind: FailureKind = "no-result" if status == 200 else "transient"
        return RequestFailed(kind, f"unreadable answer ({type(exc).__name__})", status=status)
    return RequestFailed("error", detail, status=status)


class DeepTranslatorEngine:
    """An online engine backed by a deep-translator client class."""

    def __init__(self, spec: DtSpec, settings: DtSettings, policy: Policy) -> None:
        self.name = spec.name
        self.version = f"deep-translator-1.11.4/{spec.name}"
        self.limits = Limits(
            max_chars=spec.max_chars, max_items=1, max_concurrency=policy.concurrency
        )
        self.policy = policy
        self._spec = spec
        self._settings = settings
        self._secrets = tuple(s for s in (settings.api_key,) if s)
        self._limiter = rate_budget(spec.name, policy.rate, settings.api_key)
        self._budget = CharBudget(policy.char_budget)
        self._local = threading.local()
        self.sleep: Callable[[float], None] = time.sleep
        """Backoff sleeper (tests replace it to run instantly)."""
        self.wait_budget = WaitBudget()
        """Seconds the run may lose to failures (``translate`` shares one among its engines)."""
        install_timeout_shim()

    def codes(self, source: str, target: str) -> tuple[str, str] | None:
        """The engine's codes for a pair of gettext locales, or ``None``."""
        return langs.pair_codes(self.name, source, target)

    def supports(self, source: str, target: str) -> bool:
        """True when both locales are in the engine's code table."""
        return self.codes(source, target) is not None

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        """Translate each text with one request (or several for a text over the limit)."""
        codes = self.codes(source, target)
        if codes is None:
            raise EngineError(
                f"{self.name} does not support {source} -> {target}; choose another engine",
                engine=self.name,
            )
        return [self._translate_text(text, codes, source) for text in texts]

    def _client(self, codes: tuple[str, str]) -> Any:
        clients: dict[tuple[str, str], Any] | None = getattr(self._local, "clients", None)
        if clients is None:
            clients = self._local.clients = {}
        client = clients.get(codes)
        if client is None:
            client = clients[codes] = self._spec.client(self._settings, *codes)
        return client

    def _translate_text(self, text: str, codes: tuple[str, str], lang: str) -> str:
        lead, core, trail = split_outer_space(text)
        if not core:
            return text
        out: list[str] = []
        for chunk in chunk_text(core, self._spec.max_chars, lang):
            c_lead, c_core, c_trail = split_outer_space(chunk)
            if not c_core:
                out.append(chunk)
                continue
            translated = self._request(c_core, codes)
            if not translated:
                return ""
            out.append(c_lead + translated + c_trail)
        return lead + "".join(out) + trail

    def _request(self, text: str, codes: tuple[str, str]) -> str:
        if not self._budget.take(len(text)):
            raise EngineError(
                f"{self.name}: character budget of {self._budget.limit} per run used up "
                f"(option char_budget); run again later",
                engine=self.name,
            )
        client = self._client(codes)
        found = retried(lambda: self._attempt(client, text), engine=self.name, policy=self.policy,
                        limiter=self._limiter, sleep=self.sleep, budget=self.wait_budget,
                        key_env=self._settings.key_env)
        return "" if isinstance(found, RequestFailed) else found  # implausible: no draft

    def _attempt(self, client: Any, text: str) -> str:
        failure: RequestFailed | None = None
        value: object = None
        limit = answer_limit(len(text.encode("utf-8")), self._spec.answer_floor)
        with observed(self.policy, limit) as seen:
            try:
                value = client.translate(text)
            except Exception as exc:  # noqa: BLE001 - deep-translator raises a zoo; classify it all
                failure = classify_dt(exc, seen, self._secrets)
        if failure is not None:
            raise failure  # outside the handler: no __context__ holding unredacted text
        return self._check(value)

    def _check(self, value: object) -> str:
        if not isinstance(value, str) or not value.strip():
            raise RequestFailed("no-result", "empty answer")
        if self.name == "mymemory":
            upper = value.upper()
            if upper.startswith(_MYMEMORY_QUOTA):
                raise RequestFailed("quota", "MyMemory free quota used up (answered with HTTP 200)")
            if upper.startswith(_MYMEMORY_ERRORS):
                raise RequestFailed("bad-request", value[:120])
            value = html.unescape(value)
        return value


def build_dt_engine(name: str, options: Mapping[str, object]) -> DeepTranslatorEngine:
    """Registry factory for the deep-translator engines (``google-web``, ``mymemory``...)."""
    spec = DT_SPECS[name]
    allowed = dict(POLICY_OPTIONS)
    allowed.update({extra: str for extra in spec.extra_options})
    opts = read_options(name, options, allowed)
    policy = policy_from_options(spec.policy, opts)
    key: str | None = None
    key_env: str | None = None
    if spec.key_envs:
        key, key_env = read_secret(spec.key_envs)
        if key is None and spec.key_required:
            raise EngineError(
                f"{name} needs an API key: set the environment variable {key_env}", engine=name
            )
    url = opts.get("url")
    if name == "libre" and url is None:
        url = os.environ.get("L10N_LIBRE_URL") or None
    email = opts.get("email") or os.environ.get("L10N_MYMEMORY_EMAIL") or None
    if name == "mymemory" and email and "char_budget" not in opts:
        policy = replace(policy, char_budget=50_000)
    region = opts.get("region") or os.environ.get("L10N_MICROSOFT_REGION") or None
    settings = DtSettings(
        url=str(url) if url else None,
        api_key=key,
        key_env=key_env,
        email=str(email) if email else None,
        region=str(region) if region else None,
    )
    return DeepTranslatorEngine(spec, settings, policy)
