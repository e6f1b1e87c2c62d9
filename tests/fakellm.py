"""Fake chat models behind ``tests/fakeserver.py``'s ``/chat/completions`` route.

:class:`FakeModel` reads the request the way a model would (the user message is the request
object of :mod:`l10n.mt.engines.llm_prompts`), translates each message with ``translate`` and
answers like an OpenAI-compatible service, misbehaving on demand: ids left out, text around
the JSON, results in reverse order, a refusal, a truncated answer.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Seen:
    """One message of a request, with the context a model could read for it."""

    id: str
    text: str
    title: str
    before: str
    """The paragraph before: the previous message of the request, else its ``before``."""
    after: str
    names: tuple[str, ...]
    terms: dict[str, str]


def request_of(body: dict[str, Any]) -> dict[str, Any]:
    """The request object of a chat request (its last user message)."""
    value: dict[str, Any] = json.loads(body["messages"][-1]["content"])
    return value


def seen_messages(request: dict[str, Any]) -> list[Seen]:
    """Every message of ``request`` with its context."""
    messages = request["messages"]
    out = []
    for index, message in enumerate(messages):
        before = messages[index - 1]["text"] if index > 0 else message.get("before", "")
        after = (messages[index + 1]["text"] if index + 1 < len(messages)
                 else message.get("after", ""))
        out.append(Seen(message["id"], message["text"], request.get("title", ""), before, after,
                        tuple(request.get("names", ())), dict(request.get("required_terms", {}))))
    return out


def first_word(text: str) -> str:
    words = text.split()
    return words[0].strip(".,") if words else "-"


def echo_context(seen: Seen) -> str:
    """A translation that shows the context it got: ``PT <text> [<before>|<after>]`` with the
    first word of each neighbour (``-`` when none)."""
    return f"PT {seen.text} [{first_word(seen.before)}|{first_word(seen.after)}]"


def plain(seen: Seen) -> str:
    return "PT " + seen.text


def completion(content: str | None, finish: str = "stop", refusal: str | None = None) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if refusal is not None:
        message["refusal"] = refusal
    return {"id": "chatcmpl-1", "object": "chat.completion", "model": "fake",
            "choices": [{"index": 0, "message": message, "finish_reason": finish}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}


@dataclass
class FakeModel:
    """A model for ``FakeServer(chat=FakeModel(...))``; records every request in ``bodies``."""

    translate: Callable[[Seen], str] = plain
    reorder: bool = False
    """Answer the ids in reverse order."""
    wrap: bool = False
    """Chatter and a code fence around the JSON."""
    missing: set[str] = field(default_factory=set)
    """Texts whose id is always left out of the answer."""
    missing_in_groups: set[str] = field(default_factory=set)
    """Texts whose id is left out when the request has other messages too."""
    refuse: set[str] = field(default_factory=set)
    """Texts that make the model refuse any request holding them."""
    max_messages: int = 0
    """Requests with more messages are cut off (``finish_reason = "length"``); 0: no limit."""
    prose: bool = False
    """Answer without any JSON."""
    bodies: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()

    def __call__(self, body: dict[str, Any]) -> object:
        with self._lock:
            self.bodies.append(body)
        messages = seen_messages(request_of(body))
        if self.prose:
            return completion("I translated it for you, it reads well.")
        if any(m.text in self.refuse for m in messages):
            return completion(None, refusal="I can't help with that.")
        answer = {
            m.id: self.translate(m)
            for m in messages
            if m.text not in self.missing
            and not (len(messages) > 1 and m.text in self.missing_in_groups)
        }
        if self.reorder:
            answer = dict(reversed(list(answer.items())))
        content = json.dumps(answer, ensure_ascii=False)
        if self.max_messages and len(messages) > self.max_messages:
            return completion(content[: len(content) // 2], finish="length")
        if self.wrap:
            content = f"Sure! Here are the translations:\n```json\n{content}\n```\nHope this helps {{:"
        return completion(content)

    @property
    def requests(self) -> list[dict[str, Any]]:
        return [request_of(body) for body in self.bodies]

    @property
    def sizes(self) -> list[int]:
        """Messages per request, in order."""
        return [len(r["messages"]) for r in self.requests]
