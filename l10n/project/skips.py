"""Which articles ``extract``, ``build`` and ``translate`` may skip because nothing they depend
on changed since the last run, and what those runs reported for them (replayed into this
run's report). The records live in :mod:`l10n.project.runstate`; this module says, per
command, which files go into an article's digest.

* ``extract``: the settings, the source bytes, the template's and every locale's catalog bytes.
* ``build``: the settings (with the publish policy, output format and article policies), the
  source bytes, the catalog bytes of each built locale and of its fallback locales, and each
  output file's bytes (or its absence).
* ``translate``: the settings (with the engine chain, ``--redraft-machine`` and the memory
  switch) and the catalog's bytes, recorded only when the run left nothing to draft in it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import fields
from pathlib import Path
from typing import Any

from l10n.catalog.publish import ArticleDecision
from l10n.catalog.stats import CatalogStats, Count, PublishCounts
from l10n.config import Config
from l10n.errors import L10nError
from l10n.output import OutputFormat, output_path
from l10n.project.files import build_path, checked_path, po_path, template_path
from l10n.project.model import Action, Article, FileChange, Published, Report
from l10n.project.runstate import (
    RunState,
    Unreadable,
    combine,
    file_digest,
    settings_digest,
    text_digest,
)


def _source(config: Config, article: Article) -> str | None:
    """The source's digest; None when it cannot be read (the full run reports why)."""
    try:
        return file_digest(article.path, config.max_source_bytes + 1)
    except Unreadable:
        return None


class ExtractSkips:
    """``extract``: the articles whose source, template and catalogs are as the last run left them."""

    def __init__(self, config: Config, *, enabled: bool) -> None:
        self.config = config
        """The project."""
        self.state = RunState(config, "extract", enabled=enabled)
        """The records."""
        self.settings = settings_digest(config) if enabled else ""
        """What every article shares."""
        self.sources: dict[str, str | None] = {}
        """Source digests, taken before the article is planned."""
        self.hits: dict[str, tuple[int, list[Path]]] = {}
        """Skipped articles: their message counts and files."""

    def _outputs(self, article: Article) -> list[Path]:
        return [template_path(self.config, article),
                *(po_path(self.config, article, locale) for locale in self.config.locales)]

    def unchanged(self, article: Article) -> bool:
        """Whether ``article`` may be skipped (its source digest is kept for :meth:`remember`)."""
        if not self.state.enabled:
            return False
        source = self.sources[article.rel] = _source(self.config, article)
        if source is None or self.state.records.get(article.rel) is None:
            return False
        try:
            paths = self._outputs(article)
            outputs = [file_digest(p) for p in paths]
        except (Unreadable, L10nError):
            return False
        data = self.state.lookup(article.rel, combine(self.settings, article.rel, source, outputs))
        messages = None if data is None else data.get("messages")
        if not isinstance(messages, int):
            return False
        self.hits[article.rel] = messages, paths
        self.state.skipped += 1
        return True

    def remember(self, article: Article, digests: Sequence[str | None], messages: int) -> None:
        """``article`` was planned from the source read by :meth:`unchanged` and its files now
        hold the texts of ``digests`` (:func:`~l10n.project.runstate.text_digest`: template,
        then each locale's catalog)."""
        source = self.sources.get(article.rel)
        if not self.state.enabled or source is None:
            return
        self.state.remember(article.rel, combine(self.settings, article.rel, source, list(digests)),
                            {"messages": messages})

    def replay(self, article: Article, report: Report) -> bool:
        """Add a skipped article's unchanged files and messages to ``report``."""
        if article.rel not in self.hits:
            return False
        messages, paths = self.hits[article.rel]
        report.messages += messages
        report.changes.extend(FileChange(p, Action.UNCHANGED) for p in paths)
        return True

    def save(self, every: Iterable[Article]) -> None:
        """Merge the records (under the lock on ``locales/``)."""
        self.state.save(a.rel for a in every)


class BuildSkips:
    """``build``: the articles whose source, catalogs and outputs are as the last run left them."""

    def __init__(self, config: Config, targets: Sequence[str], output: OutputFormat,
                 options: Sequence[object], *, enabled: bool) -> None:
        self.config = config
        """The project."""
        self.targets = tuple(targets)
        """The locales built."""
        self.output = output
        """The output format."""
        self.state = RunState(config, "build", enabled=enabled)
        """The records."""
        self.settings = settings_digest(config, self.targets, output, *options) if enabled else ""
        """What every article shares."""
        self.inputs: dict[str, list[Any]] = {}
        """Input digests per article, taken before its work."""

    def key(self, article: Article) -> str:
        """The record of ``article`` for these locales."""
        return f"{article.rel}\n{','.join(self.targets)}"

    def _outputs(self, article: Article) -> list[Path]:
        return [checked_path(self.config, self.config.build_dir,
                             output_path(build_path(self.config, article, locale), self.output))
                for locale in self.targets]

    def _inputs(self, article: Article) -> list[Any] | None:
        source = _source(self.config, article)
        if source is None:
            return None
        catalogs = []
        for locale in self.targets:
            for other in (locale, *self.config.localize.chain(locale)):
                catalogs.append(file_digest(po_path(self.config, article, other)))
        return [self.settings, article.rel, source, catalogs]

    def replay(self, article: Article) -> Report | None:
        """When ``article`` may be skipped, what the last run reported for it (its outputs
        unchanged); else None, its input digests taken (before the article's work reads the
        files) for :meth:`remember`."""
        if not self.state.enabled:
            return None
        try:
            inputs = self._inputs(article)
            if inputs is None:
                return None
            self.inputs[article.rel] = inputs
            if self.state.records.get(self.key(article)) is None:
                return None
            paths = self._outputs(article)
            outputs = [file_digest(p) for p in paths]
        except (Unreadable, L10nError):
            return None
        data = self.state.lookup(self.key(article), combine(*inputs, outputs))
        if data is None:
            return None
        try:
            part = Report(
                changes=[FileChange(p, Action.UNCHANGED) for p, d in zip(paths, outputs) if d is not None],
                warnings=[str(w) for w in data["warnings"]],
                messages=int(data["messages"]),
                translated=int(data["translated"]),
                published=[_published(p) for p in data["published"]],
            )
        except (KeyError, TypeError, ValueError):
            return None
        self.inputs.pop(article.rel)
        self.state.skipped += 1
        return part

    def remember(self, article: Article, part: Report,
                 planned: Sequence[tuple[Path, str | None, str | None]]) -> None:
        """``article`` was built, reporting ``part``: record it and the outputs ``planned``
        (path, new text or None for removed, old text) as they will be written."""
        inputs = self.inputs.pop(article.rel, None)
        if inputs is None:
            return
        texts = {path: new for path, new, _ in planned}
        try:
            outputs = [text_digest(texts.get(p)) for p in self._outputs(article)]
        except L10nError:
            return
        self.state.remember(self.key(article), combine(*inputs, outputs), {
            "warnings": list(part.warnings),
            "published": [_plain(p) for p in part.published],
            "messages": part.messages,
            "translated": part.translated,
        })

    def save(self, every: Iterable[Article]) -> None:
        """Merge the records (under the lock on ``build/``)."""
        self.state.save(self.key(a) for a in every)


def _plain(p: Published) -> dict[str, Any]:
    return {
        "path": str(p.path), "locale": p.locale,
        "held": _stats(p.counts.held), "shown": _stats(p.counts.published),
        "decision": [p.decision.publish, p.decision.percent, list(p.decision.reasons),
                     p.decision.below],
        "fallback": [list(pair) for pair in p.fallback],
    }


def _stats(stats: CatalogStats) -> dict[str, list[int]]:
    return {f.name: [getattr(stats, f.name).strings, getattr(stats, f.name).words]
            for f in fields(stats)}


def _counts(data: dict[str, list[int]]) -> CatalogStats:
    return CatalogStats(**{name: Count(int(n), int(w)) for name, (n, w) in data.items()})


def _published(data: dict[str, Any]) -> Published:
    publish, percent, reasons, below = data["decision"]
    if below not in ("skip", "keep"):
        raise ValueError(below)
    return Published(
        Path(data["path"]), str(data["locale"]),
        PublishCounts(_counts(data["held"]), _counts(data["shown"])),
        ArticleDecision(bool(publish), float(percent), tuple(str(r) for r in reasons), below),
        tuple((str(name), int(n)) for name, n in data["fallback"]),
    )


class TranslateSkips:
    """``translate``: the catalogs the last run left with nothing to draft, unchanged since."""

    def __init__(self, config: Config, options: Sequence[object], *, enabled: bool) -> None:
        self.config = config
        """The project."""
        self.state = RunState(config, "translate", enabled=enabled)
        """The records."""
        self.settings = settings_digest(config, *options) if enabled else ""
        """What every catalog shares (engine choice, redraft, memory)."""

    def key(self, path: Path) -> str:
        """The record of the catalog ``path``."""
        return path.relative_to(self.config.root).as_posix() \
            if path.is_relative_to(self.config.root) else str(path)

    def unchanged(self, path: Path, chain: Sequence[str]) -> bool:
        """Whether the catalog ``path``, drafted by ``chain``, has nothing left to draft."""
        if not self.state.enabled or self.state.records.get(self.key(path)) is None:
            return False
        try:
            digest = file_digest(path)
        except Unreadable:
            return False
        if digest is None or self.state.lookup(self.key(path), self._digest(chain, digest)) is None:
            return False
        self.state.skipped += 1
        return True

    def _digest(self, chain: Sequence[str], digest: str) -> str:
        return combine(self.settings, list(chain), digest)

    def remember(self, path: Path, chain: Sequence[str], digest: str) -> None:
        """The run left nothing to draft in ``path``, which holds the bytes of ``digest``."""
        self.state.remember(self.key(path), self._digest(chain, digest), {})

    def save(self) -> None:
        """Merge the records (under the lock on ``locales/``)."""
        self.state.save()
