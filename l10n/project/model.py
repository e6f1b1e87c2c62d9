"""The plain data types the project commands return to the CLI: what happened to each file and
what ``build`` published."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path, PurePosixPath

from l10n.catalog.publish import (
    ArticleDecision,
)
from l10n.catalog.stats import PublishCounts

Progress = Callable[[str], None]


class Action(str, Enum):
    """What happened (or would happen) to an output file."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    REMOVED = "removed"


@dataclass(frozen=True)
class Article:
    """One source article."""

    path: Path
    """Absolute path of the source file."""
    rel: str
    """Path relative to the source folder, ``/``-separated (``world/bakhmut.md``)."""
    format: str
    """Format registry name."""

    @property
    def stem(self) -> str:
        """``rel`` without its file ending: the catalog's name."""
        return str(PurePosixPath(self.rel).with_suffix(""))


@dataclass(frozen=True)
class FileChange:
    """One output file and what happened to it."""

    path: Path
    """The file."""
    action: Action
    """Created, updated or unchanged."""
    detail: str = ""
    """Counts or a warning for humans."""


@dataclass(frozen=True)
class Published:
    """What ``build`` put into one localized article."""

    path: Path
    """The built article."""
    locale: str
    """Its locale."""
    counts: PublishCounts
    """Its sentences by state, held and published."""
    decision: ArticleDecision = ArticleDecision(True, 100.0, (), "skip")
    """Whether the article was published at all under its :class:`ArticlePolicy` (when not,
    :attr:`path` was not written: removed or kept as it was)."""
    fallback: tuple[tuple[str, int], ...] = ()
    """(fallback locale, sentences whose translation came from it), for those that gave any."""

    def summary(self) -> str:
        """:meth:`PublishCounts.summary`, then ``; 2 from pt_BR`` per fallback locale used."""
        borrowed = "".join(f"; {n} from {other}" for other, n in self.fallback)
        return self.counts.summary() + borrowed


@dataclass
class Report:
    """What a command did, for the CLI to print."""

    changes: list[FileChange] = field(default_factory=list)
    """Every output file considered."""
    warnings: list[str] = field(default_factory=list)
    """Problems that did not stop the command."""
    messages: int = 0
    """Messages extracted (extract) or segments assembled (build)."""
    translated: int = 0
    """Segments that used a translation (build)."""
    published: list[Published] = field(default_factory=list)
    """Per built article and locale, what it holds and what was published (build)."""
    articles: int = 0
    """Articles the command considered."""
    skipped: int = 0
    """Of them, those skipped because nothing they depend on changed since the last run
    (:mod:`l10n.project.skips`); their files are reported unchanged."""

    @property
    def changed(self) -> list[FileChange]:
        """Files created or updated."""
        return [c for c in self.changes if c.action is not Action.UNCHANGED]
