"""Sharded runs: which share of a project's articles ``--shard I/N`` takes.

N machines (CI jobs, pods of a Kubernetes Indexed Job) each run ``l10n extract|translate|build
--shard I/N`` with I = 1..N and together do exactly one run's work. The share is stable and
content-independent: an article belongs to shard ``1 + h mod N``, ``h`` being the first 8 bytes
(big-endian) of the SHA-256 of its path relative to the source folder (``news/a.md``), so editing
an article never moves it, every machine computes the same split, and Python's randomized
``hash()`` plays no part. Shards are 1-based like GitLab's ``CI_NODE_INDEX``/``CI_NODE_TOTAL``;
Kubernetes' 0-based ``JOB_COMPLETION_INDEX`` is given as ``$((JOB_COMPLETION_INDEX + 1))/N``.

An article's files (its template, its catalogs, its outputs) are named after it, so two shards
of one N never write the same file; the folder locks of a sharded run are shared ones
(:func:`l10n.fsutil.locked`), so the shards of one machine run at the same time while a run of
the whole project waits for them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from l10n.errors import L10nError

_SHAPE = re.compile(r"([0-9]{1,6})/([0-9]{1,6})")


class ShardError(L10nError):
    """A ``--shard`` value that is not ``I/N`` with 1 <= I <= N."""


@dataclass(frozen=True)
class Shard:
    """Shard ``index`` of ``count``: the articles :func:`shard_of` puts there."""

    index: int
    """1-based number of this shard, 1 <= index <= count."""
    count: int
    """How many shards share the project (1: the whole project)."""

    def __post_init__(self) -> None:
        if not 1 <= self.index <= self.count:
            raise ShardError(f"shard {self.index}/{self.count}: I must be between 1 and N")

    def holds(self, rel: str) -> bool:
        """Whether the article at ``rel`` (relative to the source folder) is this shard's."""
        return shard_of(rel, self.count) == self.index

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def parse_shard(text: str) -> Shard:
    """``"2/8"`` -> ``Shard(2, 8)``; :class:`ShardError` for anything else (``3/2``, ``0/0``,
    ``a/b``, ``1/0``)."""
    match = _SHAPE.fullmatch(text.strip())
    if not match:
        raise ShardError(f"--shard {text!r}: expected I/N, e.g. 2/8 (shard 2 of 8, counted from 1)")
    index, count = int(match[1]), int(match[2])
    if count < 1 or not 1 <= index <= count:
        raise ShardError(f"--shard {text!r}: I must be between 1 and N, and N at least 1")
    return Shard(index, count)


def shard_of(rel: str, count: int) -> int:
    """The 1-based shard of ``count`` the article at ``rel`` belongs to."""
    digest = hashlib.sha256(rel.encode("utf-8")).digest()
    return 1 + int.from_bytes(digest[:8], "big") % count


class _Named(Protocol):
    @property
    def rel(self) -> str: ...


A = TypeVar("A", bound=_Named)


def in_shard(articles: Iterable[A], shard: Shard | None) -> list[A]:
    """The articles of ``shard`` in their order; all of them when ``shard`` is None."""
    if shard is None:
        return list(articles)
    return [a for a in articles if shard.holds(a.rel)]


__all__: Sequence[str] = ("Shard", "ShardError", "in_shard", "parse_shard", "shard_of")
