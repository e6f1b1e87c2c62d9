"""``llm``: any OpenAI-compatible chat service as a context-aware translation engine.

One client for OpenAI, Ollama (``http://localhost:11434/v1``), llama.cpp's server, vLLM and
anything else speaking ``POST {url}/chat/completions``::

    [engines.llm]
    url = "http://localhost:11434/v1"
    model = "qwen2.5:7b-instruct"
    key_env = "OPENAI_API_KEY"     # optional: the variable holding the key (never the key)

The key is read from that environment variable (default ``L10N_LLM_API_KEY``, then
``OPENAI_API_KEY``; none is fine for a local server), sent as ``Authorization: Bearer``,
and redacted from every message. ``url`` and ``model`` may also come from ``L10N_LLM_URL`` and
``L10N_LLM_MODEL``. Every request goes through :func:`l10n.mt.engines.http.send` (total
deadline, answer size cap, same-host redirects only) and the shared retry policy.

Why a chat model: it translates a paragraph knowing the article around it
(:class:`~l10n.mt.engines.base.ContextItem`: title, neighbouring paragraphs, the article's
names, the glossary's required terms), so "The doctor arrived late. She was tired" keeps its
doctor female. The prompt is data (:mod:`l10n.mt.engines.llm_prompts`, versioned); the answer
is one JSON object keyed by message id (``response_format`` JSON where the service supports it,
option ``json_mode``), never matched by position: bulk LLM tools misalign results. Reading is
tolerant: text or code fences around the JSON, ids in any order, a ``translations`` wrapper.

Failure handling, per request:

* ids missing from the answer: each such message is asked again alone, once; still missing,
  it is a failed draft (``""``);
* a truncated answer (``finish_reason = "length"``), a refusal (``message.refusal``,
  ``finish_reason = "content_filter"``) or no JSON at all: the request is split in halves and
  each is asked again; a single message that still fails is a failed draft;
* HTTP errors follow :mod:`l10n.mt.engines.reliability` (401/403 stop the run, 429/5xx are
  retried with backoff).

Masked tokens are verified by the translate core like every engine's output
(:mod:`l10n.mt.drafts`). Provenance names the model and the prompt version: ``# mt: e=llm
d=... h=... m=<model> p=<prompt version>``.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import requests

from l10n.errors import ConfigError, LocaleError
from l10n.locales import display_name
from l10n.mt.engines import http
from l10n.mt.engines.base import ContextItem, Limits, read_options
from l10n.mt.engines.llm_prompts import CURRENT_PROMPT, PROMPTS, PromptFormat
from l10n.mt.engines.rate_budget import rate_budget
from l10n.mt.engines.reliability import (
    POLICY_OPTIONS,
    FailureKind,
    Policy,
    RequestFailed,
    WaitBudget,
    answer_limit,
    policy_from_options,
    read_secret,
    redact,
    retried,
    retry_after_seconds,
    status_kind,
)
from l10n.mt.engines.text import split_outer_space

KEY_ENVS = ("L10N_LLM_API_KEY", "OPENAI_API_KEY")
"""Where the key is read from unless ``key_env`` names a variable; first match wins."""
ANSWER_FLOOR = 64 * 1024
"""Smallest answer size limit in bytes (a chat answer carries usage data and ids)."""
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_OPTIONS: dict[str, Any] = {
    **POLICY_OPTIONS, "model": str, "prompt": str, "json_mode": bool,
    "max_items": int, "max_chars": int, "temperature": float,
}


@dataclass(frozen=True)
class Reply:
    """What one chat request gave back."""

    found: Mapping[str, str]
    """Message id -> translation, for the ids the answer had (non-empty strings only)."""
    broken: str = ""
    """Why the answer as a whole is unusable (truncated, refused, no JSON); "" when usable."""


class LlmEngine:
    """``llm``: paragraph-at-a-time chat translation with the article as context."""

    name = "llm"

    def __init__(
        self,
        *,
        url: str,
        model: str,
        api_key: str | None,
        key_env: str,
        policy: Policy,
        prompt: PromptFormat,
        json_mode: bool = True,
        max_items: int = 12,
        max_chars: int = 6000,
        temperature: float = 0.0,
    ) -> None:
        self.model = model
        self.prompt = prompt
        self.version = f"{model}/p{prompt.version}"
        self.provenance_fields: tuple[tuple[str, str], ...] = (("m", model), ("p", prompt.version))
        self.limits = Limits(max_chars=max_chars, max_items=max(1, max_items),
                             max_concurrency=policy.concurrency)
        self.policy = policy
        self.json_mode = json_mode
        self.temperature = temperature
        self._key = api_key
        self._key_env = key_env
        base = url.rstrip("/")
        self._endpoint = base if base.endswith("/chat/completions") else base + "/chat/completions"
        self._limiter = rate_budget("llm", policy.rate, api_key)
        self._local = threading.local()
        self.sleep: Callable[[float], None] = time.sleep
        """Backoff sleeper (tests replace it to run instantly)."""
        self.wait_budget = WaitBudget()
        """Seconds the run may lose to failures (``translate`` shares one among its engines)."""

    def supports(self, source: str, target: str) -> bool:
        """Any pair of locales the locale data knows: what a model can do is the user's call."""
        try:
            display_name(source)
            display_name(target)
        except LocaleError:
            return False
        return True

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        """Translate ``texts`` without an article around them (the fallback's pieces)."""
        items = [ContextItem(str(index + 1), text) for index, text in enumerate(texts)]
        return self.translate_with_context(items, source, target)

    def translate_with_context(
        self, items: Sequence[ContextItem], source: str, target: str
    ) -> list[str]:
        """One result per item, in ``items`` order, matched by id; ``""`` for a failed one."""
        results = [""] * len(items)
        todo: list[tuple[int, str, str, ContextItem]] = []
        for index, item in enumerate(items):
            lead, core, trail = split_outer_space(item.text)
            if core:
                keyed = ContextItem(str(len(todo) + 1), core, item.title, item.before,
                                    item.after, item.names, item.terms)
                todo.append((index, lead, trail, keyed))
            else:
                results[index] = item.text
        if not todo:
            return results
        found = self._solve([item for _, _, _, item in todo], source, target)
        for index, lead, trail, item in todo:
            value = found.get(item.id, "")
            results[index] = lead + value.strip() + trail if value.strip() else ""
        return results

    # -- requests

    def _solve(self, items: list[ContextItem], source: str, target: str) -> dict[str, str]:
        """Translations by id: the request, halves of it when the answer is broken, and each
        missing id alone once."""
        reply = self._ask(items, source, target)
        if reply.broken:
            if len(items) == 1:
                return {}
            middle = len(items) // 2
            return {**self._solve(items[:middle], source, target),
                    **self._solve(items[middle:], source, target)}
        found = {item.id: reply.found[item.id] for item in items if item.id in reply.found}
        if len(items) > 1:
            for item in items:
                if item.id not in found:
                    alone = self._ask([item], source, target)
                    if not alone.broken and item.id in alone.found:
                        found[item.id] = alone.found[item.id]
        return found

    def _ask(self, items: list[ContextItem], source: str, target: str) -> Reply:
        body = self.request_body(items, source, target)
        sent = sum(len(item.text.encode("utf-8")) for item in items)
        found = retried(lambda: self._attempt(body, sent, {item.id for item in items}),
                        engine=self.name, policy=self.policy, limiter=self._limiter,
                        sleep=self.sleep, budget=self.wait_budget, key_env=self._key_env,
                        secrets=self._secrets())
        return Reply({}, found.detail) if isinstance(found, RequestFailed) else found

    def request_body(self, items: Sequence[ContextItem], source: str, target: str) -> dict[str, Any]:
        """The ``/chat/completions`` request for ``items`` (public for tests and benchmarks)."""
        texts = {item.text for item in items}
        before_key, after_key = self.prompt.context_keys
        messages: list[dict[str, str]] = []
        names: dict[str, None] = {}
        terms: dict[str, str] = {}
        title = ""
        for item in items:
            message = {"id": item.id, "text": item.text}
            if item.before and item.before not in texts:
                message[before_key] = item.before
            if item.after and item.after not in texts:
                message[after_key] = item.after
            messages.append(message)
            names.update(dict.fromkeys(item.names))
            terms.update(item.terms)
            title = title or item.title
        request: dict[str, Any] = {}
        if title:
            request["title"] = title
        if names:
            request["names"] = list(names)
        if terms:
            request["required_terms"] = terms
        request["messages"] = messages
        system = self.prompt.system.substitute(source=_language(source), target=_language(target))
        user = self.prompt.user.substitute(request=json.dumps(request, ensure_ascii=False))
        body: dict[str, Any] = {
            "model": self.model,
            "messages": [{"role": "system", "content": system}, {"role": "user", "content": user}],
            "temperature": self.temperature,
            "stream": False,
        }
        if self.json_mode:
            body["response_format"] = {"type": "json_object"}
        return body

    def _secrets(self) -> list[str]:
        return [self._key] if self._key else []

    def _session(self) -> requests.Session:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = http.mount(requests.Session())
            if self._key:
                session.headers["Authorization"] = f"Bearer {self._key}"
            session.headers["User-Agent"] = "l10n"
        return session

    def _attempt(self, body: dict[str, Any], sent: int, ids: set[str]) -> Reply:
        failure: RequestFailed | None = None
        answer: Any = None
        try:
            response = http.send(
                self._session(), "POST", self._endpoint, json=body,
                timeout=(self.policy.connect_timeout, self.policy.read_timeout),
                deadline=self.policy.read_timeout,
                max_bytes=answer_limit(sent, ANSWER_FLOOR),
            )
        except http.Refused as refused:
            kind: FailureKind = "implausible" if refused.kind == "too-big" else "refused"
            failure = RequestFailed(kind, refused.reason)
        except requests.Timeout:
            failure = RequestFailed("transient", "timed out")
        except requests.RequestException as exc:
            failure = RequestFailed(
                "transient", redact(f"connection failed: {type(exc).__name__}", self._secrets()))
        else:
            if response.status_code != 200:
                failure = RequestFailed(
                    status_kind(response.status_code),
                    redact(response.text[:200], self._secrets()),
                    status=response.status_code,
                    retry_after=retry_after_seconds(response.headers.get("Retry-After")),
                )
            else:
                try:
                    answer = response.json()
                except ValueError:
                    failure = RequestFailed("transient", "unreadable answer", status=200)
        if failure is not None:
            raise failure  # outside the handlers: no __context__ holding the request
        return read_reply(answer, ids)


def read_reply(answer: Any, ids: set[str]) -> Reply:
    """The translations in a ``/chat/completions`` answer, tolerant of text around the JSON."""
    try:
        choice = answer["choices"][0]
        message = choice.get("message") or {}
        content = message.get("content")
        finish = choice.get("finish_reason")
        refusal = message.get("refusal")
    except (KeyError, IndexError, TypeError, AttributeError):
        return Reply({}, "unreadable answer")
    if finish == "length":
        return Reply({}, "answer cut off (finish_reason length)")
    if refusal or finish == "content_filter":
        return Reply({}, "the model refused")
    found = translations_in(content if isinstance(content, str) else "", ids)
    if found is None:
        return Reply({}, "no JSON object in the answer")
    return Reply(found)


def translations_in(content: str, ids: set[str]) -> dict[str, str] | None:
    """Id -> translation from the first JSON object of ``content`` holding any of ``ids``
    (else the first object); ``None`` when it holds no object. Accepts ``{"1": "..."}``,
    ``{"translations": {...}}`` and ``{"translations": [{"id": ..., "translation": ...}]}``."""
    decoder = json.JSONDecoder()
    first: dict[str, str] | None = None
    for start in (m.start() for m in re.finditer(r"\{", content)):
        try:
            value, _ = decoder.raw_decode(content, start)
        except ValueError:
            continue
        mapping = _id_map(value)
        if mapping is None:
            continue
        if ids & mapping.keys():
            return mapping
        first = mapping if first is None else first
    return first


def _id_map(value: Any) -> dict[str, str] | None:
    if not isinstance(value, dict):
        return None
    inner = value.get("translations")
    if isinstance(inner, dict):
        value = inner
    elif isinstance(inner, list):
        value = {
            str(row.get("id")): row.get("translation", row.get("text"))
            for row in inner if isinstance(row, dict)
        }
    return {str(key): text for key, text in value.items() if isinstance(text, str) and text.strip()}


def _language(locale: str) -> str:
    try:
        return display_name(locale)
    except LocaleError:
        return locale


def build_llm(options: Mapping[str, object]) -> LlmEngine:
    """Registry factory for ``llm`` (``[engines.llm]``: ``url``, ``model``, ``key_env``...)."""
    import os

    options = dict(options)
    key_env_option = options.pop("key_env", None)
    if key_env_option is not None and (
        not isinstance(key_env_option, str) or not _ENV_NAME.match(key_env_option)
    ):
        raise ConfigError(
            "[engines.llm] option 'key_env' must name an environment variable "
            "(letters, digits, _), not hold a key"
        )
    opts = read_options("llm", options, _OPTIONS)
    policy = policy_from_options(Policy(concurrency=1, read_timeout=120.0), opts)
    url = str(opts.get("url") or os.environ.get("L10N_LLM_URL") or "")
    model = str(opts.get("model") or os.environ.get("L10N_LLM_MODEL") or "")
    if not url or not model:
        raise ConfigError(
            "engine llm needs a service and a model: set url and model under [engines.llm] "
            "in l10n.toml (or L10N_LLM_URL and L10N_LLM_MODEL)"
        )
    version = str(opts.get("prompt") or CURRENT_PROMPT)
    if version not in PROMPTS:
        raise ConfigError(
            f"[engines.llm] unknown prompt version '{version}'; known: {', '.join(PROMPTS)}"
        )
    key, key_env = read_secret((key_env_option,) if key_env_option else KEY_ENVS)
    return LlmEngine(
        url=url, model=model, api_key=key, key_env=key_env, policy=policy,
        prompt=PROMPTS[version], json_mode=bool(opts.get("json_mode", True)),
        max_items=int(opts.get("max_items", 12)),  # type: ignore[call-overload]
        max_chars=int(opts.get("max_chars", 6000)),  # type: ignore[call-overload]
        temperature=float(opts.get("temperature", 0.0)),  # type: ignore[arg-type]
    )
