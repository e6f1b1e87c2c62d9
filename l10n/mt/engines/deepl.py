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

Glossaries (:mod:`l10n.glossary`): :meth:`DeepLEngine.use_glossary` turns the project
glossary's entries for a language pair into a DeepL glossary (``POST /v2/glossaries``, TSV
entries; the target is a language without variant, ``PT`` serves ``PT-BR``) named
``l10n <content hash>``, and sends its ``glossary_id`` with every translate request of that
pair. An unchanged glossary is reused, not created again: the account's glossaries are listed
(``GET /v2/glossaries``) and the one with the same name is taken, so the reuse survives a lost
cache and never points at a glossary someone deleted; in the process, the id is kept per
content hash.

Context (:class:`~l10n.mt.engines.base.ContextItem`): through ``translate_with_context`` each
request carries the article's title and the paragraphs around its texts as ``context``
(:func:`request_context`), which DeepL uses to translate them and does not bill or translate.

Keys ending in ``:fx`` belong to the free plan and go to ``api-free.deepl.com``. The key comes
from ``L10N_DEEPL_API_KEY`` (or the conventional ``DEEPL_API_KEY``) when the engine is built.
Reliability (timeouts, retries with jitter, rate limit, one HTTP session per thread) is the
shared layer of :mod:`l10n.mt.engines.online`.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import requests

from l10n.errors import EngineError
from l10n.mt.engines import http, langs
from l10n.mt.engines.base import ContextItem, Limits, read_options
from l10n.mt.engines.rate_budget import rate_budget
from l10n.mt.engines.reliability import (
    POLICY_OPTIONS,
    FailureKind,
    Policy,
    RequestFailed,
    WaitBudget,
    answer_limit,
    describe,
    policy_from_options,
    read_secret,
    redact,
    retried,
    retry_after_seconds,
    status_kind,
)
from l10n.mt.engines.text import split_outer_space

T = TypeVar("T")

KEY_ENVS = ("L10N_DEEPL_API_KEY", "DEEPL_API_KEY")
"""Where the key is read from, first match wins."""
FREE_URL = "https://api-free.deepl.com"
PRO_URL = "https://api.deepl.com"
MAX_ITEMS = 50
MAX_CHARS = 100_000
MAX_CONTEXT = 4000
"""Most characters of ``context`` sent with one request (it is not billed, but is sent)."""
GLOSSARY_ANSWER_LIMIT = 1 << 20
"""Largest answer read from a glossary call (bytes)."""


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
        self._glossaries_url = url.rstrip("/") + "/v2/glossaries"
        self._glossary_ids: dict[str, str] = {}
        """Content hash -> DeepL glossary id, for glossaries made or found in this process."""
        self._active: dict[tuple[str, str], str] = {}
        """(source code, target code) -> the glossary id sent with its translate requests."""
        self._limiter = rate_budget(self.name, policy.rate, api_key)
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

    def use_glossary(self, source: str, target: str, entries: Sequence[tuple[str, str]]) -> None:
        """Translate ``source`` -> ``target`` with a DeepL glossary of ``entries`` (term ->
        required text) from now on: the existing one with the same content, else a new one."""
        codes = self._codes_or_fail(source, target)
        lines = [f"{term}\t{text}" for term, text in entries if term.strip() and text.strip()]
        if not lines:
            self._active.pop(codes, None)
            return
        glossary_target = codes[1].split("-", 1)[0]
        tsv = "\n".join(lines)
        digest = hashlib.sha256(f"{codes[0]}\n{glossary_target}\n{tsv}".encode()).hexdigest()[:16]
        name = f"l10n {digest}"
        glossary_id = self._glossary_ids.get(digest)
        if glossary_id is None:
            listed = self._request_json("GET", self._glossaries_url, None)
            for item in listed.get("glossaries", []) if isinstance(listed, dict) else []:
                if isinstance(item, dict) and item.get("name") == name and item.get("ready", True):
                    glossary_id = str(item["glossary_id"])
                    break
        if glossary_id is None:
            made = self._request_json("POST", self._glossaries_url, {
                "name": name,
                "source_lang": codes[0],
                "target_lang": glossary_target,
                "entries": tsv,
                "entries_format": "tsv",
            })
            if not isinstance(made, dict) or "glossary_id" not in made:
                raise EngineError("deepl: unreadable answer to the glossary request",
                                  engine=self.name)
            glossary_id = str(made["glossary_id"])
        self._glossary_ids[digest] = glossary_id
        self._active[codes] = glossary_id

    def _codes_or_fail(self, source: str, target: str) -> tuple[str, str]:
        codes = self.codes(source, target)
        if codes is None:
            raise EngineError(
                f"deepl does not support {source} -> {target}; choose another engine",
                engine=self.name,
            )
        return codes

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        """Translate up to :data:`MAX_ITEMS` texts in one request (more: several requests)."""
        return self._translate(texts, source, target, [ContextItem("", t) for t in texts])

    def translate_with_context(
        self, items: Sequence[ContextItem], source: str, target: str
    ) -> list[str]:
        """Like :meth:`translate_batch`, each request carrying its texts' article title and
        neighbouring paragraphs as DeepL's ``context`` (used, translated and billed never)."""
        return self._translate([item.text for item in items], source, target, items)

    def _translate(
        self, texts: Sequence[str], source: str, target: str, items: Sequence[ContextItem]
    ) -> list[str]:
        codes = self._codes_or_fail(source, target)
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
            context = request_context([items[index] for index, _, _, _ in part])
            translated = self._request([core for _, _, core, _ in part], codes, context)
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

    def _request(self, texts: list[str], codes: tuple[str, str], context: str = "") -> list[str]:
        found = self._retrying(lambda: self._attempt(texts, codes, context))
        if isinstance(found, RequestFailed):
            return [""] * len(texts)  # an answer refused as implausible: these texts fail
        return found

    def _request_json(self, method: str, url: str, body: dict[str, Any] | None) -> Any:
        found = self._retrying(lambda: self._send(method, url, body))
        if isinstance(found, RequestFailed):  # a glossary call has no texts to fail alone
            raise EngineError(describe(self.name, found, key_env=self._key_env), engine=self.name)
        return found

    def _retrying(self, attempt: Callable[[], T]) -> T | RequestFailed:
        return retried(attempt, engine=self.name, policy=self.policy, limiter=self._limiter,
                       sleep=self.sleep, budget=self.wait_budget, key_env=self._key_env,
                       secrets=(self._key,))

    def _attempt(self, texts: list[str], codes: tuple[str, str], context: str = "") -> list[str]:
        body: dict[str, Any] = {
            "text": texts,
            "source_lang": codes[0],
            "target_lang": codes[1],
            "preserve_formatting": True,
        }
        if context:
            body["context"] = context
        if codes in self._active:
            body["glossary_id"] = self._active[codes]
        answer = self._send("POST", self._endpoint, body, sent=sum(len(t.encode("utf-8")) for t in texts))
        try:
            # A text that is not a string ("text": null) is a failed draft, not "None".
            texts_back = [t["text"] if isinstance(t["text"], str) else ""
                          for t in answer["translations"]]
        except (KeyError, TypeError) as exc:
            raise RequestFailed("transient", "unreadable answer", status=200) from exc
        if len(texts_back) != len(texts):
            raise RequestFailed(
                "refused", f"sent {len(texts)} texts, got {len(texts_back)} translations back"
            )
        return texts_back

    def _send(self, method: str, url: str, body: dict[str, Any] | None, *, sent: int = 0) -> Any:
        """One request (``sent`` bytes of text to translate, which bounds the answer's size;
        0 for the glossary calls, whose answers may list a whole account's glossaries: 1 MiB);
        its JSON answer, or :class:`RequestFailed`."""
        failure: RequestFailed | None = None
        answer: Any = None
        try:
            response = http.send(
                self._session(),
                method,
                url,
                json=body,
                timeout=(self.policy.connect_timeout, self.policy.read_timeout),
                deadline=self.policy.read_timeout,
                max_bytes=answer_limit(sent) if sent else GLOSSARY_ANSWER_LIMIT,
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
            if response.status_code not in (200, 201):
                failure = RequestFailed(
                    status_kind(response.status_code),
                    redact(response.text[:200], [self._key]),
                    status=response.status_code,
                    retry_after=retry_after_seconds(response.headers.get("Retry-After")),
                )
            else:
                try:
                    answer = response.json()
                except ValueError:
                    failure = RequestFailed("transient", "unreadable answer", status=200)
        if failure is not None:
            raise failure
        return answer


def request_context(items: Sequence[ContextItem]) -> str:
    """DeepL's ``context`` for one request: the article title, then the paragraphs around its
    texts (each once, in article order; the texts themselves are not repeated), at most
    :data:`MAX_CONTEXT` characters, the nearest kept."""
    texts = {item.text for item in items}
    parts: dict[str, None] = {}
    title = next((item.title for item in items if item.title), "")
    for item in items:
        for text in (item.before, item.after):
            if text and text not in texts and text != title:
                parts[text] = None
    chosen = [title] if title else []
    size = len(title)
    for text in parts:
        if size + len(text) > MAX_CONTEXT:
            break
        chosen.append(text)
        size += len(text) + 1
    return "\n".join(chosen)


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
