"""Each sentence sent to the engine once, across every process sharing a memory.

Processes translating overlapping articles against one PostgreSQL memory would each send the
shared sentences. :func:`send_once` claims the sentences of a group (one engine, one language
pair) before sending them: a process sends only what it claimed, after checking that nobody
stored it in between, and gives the claims up once the batch is stored or failed. Sentences
another process claimed are waited for (the memory is polled) and come back as memory units for
the caller to fill; when such a claim disappears without a unit (its batch failed) or lapses
(its process was killed: :data:`l10n.mt.memory.postgres.CLAIM_SECONDS` without a stored batch),
the sentence is claimed again and sent here. Processes never wait for each other while holding
claims, so they cannot deadlock. On an unshared memory (the SQLite file, serialized by the
project folder lock) everything is simply sent.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from l10n.mt.memory.backend import Memory
from l10n.mt.memory.model import MemoryUnit

POLL_SECONDS = 0.2
"""Pause between two looks at the memory while another process translates."""


def send_once(
    memory: Memory,
    engine: str,
    source_lang: str,
    target_lang: str,
    sources: Sequence[str],
    send: Callable[[list[str]], None],
    accept: Callable[[MemoryUnit], bool],
    *,
    sleep: Callable[[float], None] = time.sleep,
) -> dict[str, MemoryUnit]:
    """Have every one of ``sources`` translated once: ``send`` gets (possibly several times)
    the sources this process must send, and stores their units before returning; the result
    holds the units other processes stored for the rest (``accept``: a unit good enough to use,
    the caller's reuse rules)."""
    remaining = list(dict.fromkeys(sources))
    if not memory.shared:
        if remaining:
            send(remaining)
        return {}
    found: dict[str, MemoryUnit] = {}

    def collect() -> None:
        nonlocal remaining
        hits = memory.lookup_many(remaining, source_lang, target_lang, engine)
        ready = {source: hit for source, hit in hits.items() if accept(hit)}
        found.update(ready)
        remaining = [source for source in remaining if source not in ready]

    while remaining:
        mine = memory.claim(engine, source_lang, target_lang, remaining)
        if mine:
            try:
                collect()  # stored by another process between our lookup and our claim
                todo = [source for source in remaining if source in mine]
                if todo:
                    send(todo)
            finally:
                memory.release(engine, source_lang, target_lang, mine)
            remaining = [source for source in remaining if source not in mine]
        while remaining:
            collect()
            if not remaining:
                break
            live = memory.claimed(engine, source_lang, target_lang, remaining)
            if len(live) < len(remaining):
                break  # a claim was given up or lapsed: claim those sentences ourselves
            sleep(POLL_SECONDS)
    return found
