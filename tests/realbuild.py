"""Run real articles through the whole CLI and judge every built article with ``validate``.

One throw-away project holds all the articles (one ``extract``, one ``translate``, one
``build``), so a corpus of a hundred files costs a few CLI runs, not hundreds. Shared by
``tests/test_real_articles.py`` (committed fixtures) and ``benchmarks/articles.py`` (the corpus).

Passes, each from a fresh ``extract``:

``identity``
    no translation at all: every built article must equal its source byte for byte;
``pseudo``
    ``l10n translate --engine pseudo`` then ``l10n build --include-fuzzy``;
``rot13``
    every word of every message changed the way a careful translator would: letters outside code
    spans, link destinations, HTML and template tags, attribute lists and ``[!ALERT]`` markers are
    rotated by 13 (written with polib as reviewed, non-fuzzy translations), then ``l10n build``;
``naive``
    every letter rotated, markup included (a careless translator): ``build`` must refuse what
    breaks and ``check`` must report it, so the built article is still valid.
"""

from __future__ import annotations

import codecs
import json
import re
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import polib
from validate import Problem, kind_of, validate

Pass = Literal["identity", "pseudo", "rot13", "naive"]
PASSES: tuple[Pass, ...] = ("identity", "pseudo", "rot13", "naive")
LOCALE = "pt_BR"
LANG = "pt-BR"
"""What a build writes into the front matter's ``lang`` key for :data:`LOCALE`."""

CONFIG = """\
source_language = "en"
locales = ["pt_BR"]

[translate]
memory = false

[markdown]
front_matter_keys = ["title", "description", "summary"]
"""


@dataclass(frozen=True)
class Outcome:
    """What became of one article in one pass."""

    name: str
    """File name of the article."""
    problems: tuple[Problem, ...]
    """What the validator found in the built article (identity: a byte difference)."""
    check_errors: int
    """Errors ``l10n check`` reported for this article's catalog."""
    refusals: int
    """Warnings of ``l10n build`` naming this article (refused translations)."""

    @property
    def valid(self) -> bool:
        """The built article keeps its source's structure."""
        return not self.problems

    @property
    def flagged(self) -> bool:
        """``check`` or ``build`` said something is wrong with this article."""
        return self.check_errors > 0 or self.refusals > 0


class PipelineError(Exception):
    """A CLI step failed outright (not a finding: a crash or a usage error)."""


def _cli(project: Path, *args: str, ok: Sequence[int] = (0,)) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([sys.executable, "-m", "l10n", *args], cwd=project, text=True,
                          capture_output=True, check=False)
    if proc.returncode not in ok:
        raise PipelineError(f"l10n {' '.join(args)} exited {proc.returncode}:\n"
                            f"{proc.stderr[-3000:]}")
    return proc


_PROTECTED = re.compile(
    r"`+[^`]*`+"                                   # code spans
    r"|\]\([^)\n]*\)?"                             # link destinations and titles
    r"|\]\[[^\]]*\]"                               # reference labels after link text
    r"|^\s*\[[^\]]+\]:.*$"                          # reference definitions
    r"|\[![A-Z]+\]|\[\^[^\]]+\]"                   # alert markers, footnote references
    r"|\{[%{<][\s\S]*?[%}>]\}|\{:?[.#][^}]*\}|\{:[^}]*\}"  # template tags, attribute lists
    r"|<[^>\n]*>|&#?\w+;|https?://\S+|\S+@\S+\.\w+",   # HTML, entities, URLs, addresses
    re.MULTILINE,
)
_WORD = re.compile(r"[A-Za-z]+")


def rot13_words(text: str) -> str:
    """Change every word of prose in ``text``, leaving markup alone (a careful translator)."""
    out: list[str] = []
    last = 0
    for match in _PROTECTED.finditer(text):
        out.append(_WORD.sub(lambda m: codecs.encode(m.group(0), "rot13"),
                             text[last:match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(_WORD.sub(lambda m: codecs.encode(m.group(0), "rot13"), text[last:]))
    return "".join(out)


def rot13_all(text: str) -> str:
    """Change every letter of ``text``, markup included."""
    return codecs.encode(text, "rot13")


def _fill(project: Path, transform: Callable[[str], str]) -> None:
    for path in sorted((project / "locales" / LOCALE).rglob("*.po")):
        catalog = polib.pofile(str(path), wrapwidth=79)
        for entry in catalog:
            if entry.obsolete:
                continue
            if entry.msgid_plural:
                entry.msgstr_plural = {0: transform(entry.msgid),
                                       1: transform(entry.msgid_plural)}
            else:
                entry.msgstr = transform(entry.msgid)
        catalog.save(str(path))


def _check_errors(project: Path) -> dict[str, int]:
    proc = _cli(project, "check", "--json", ok=(0, 1))
    counts: dict[str, int] = {}
    for finding in json.loads(proc.stdout or "[]"):
        if finding["severity"] == "error":
            stem = Path(finding["file"]).stem
            counts[stem] = counts.get(stem, 0) + 1
    return counts


def run_pass(articles: Sequence[Path], project: Path, which: Pass) -> list[Outcome]:
    """Build ``articles`` in a fresh project at ``project`` through pass ``which``."""
    source = project / "source"
    source.mkdir(parents=True)
    (project / "l10n.toml").write_text(CONFIG, encoding="utf-8")
    for article in articles:
        (source / article.name).write_bytes(article.read_bytes())
    _cli(project, "extract")
    if which == "pseudo":
        _cli(project, "translate", "--engine", "pseudo")
    elif which == "rot13":
        _fill(project, rot13_words)
    elif which == "naive":
        _fill(project, rot13_all)
    build = _cli(project, "build", "--include-fuzzy")
    errors = _check_errors(project) if which != "identity" else {}
    outcomes = []
    for article in articles:
        src = article.read_text(encoding="utf-8")
        built_path = project / "build" / LOCALE / article.name
        built = built_path.read_text(encoding="utf-8") if built_path.exists() else ""
        if which == "identity":
            problems: tuple[Problem, ...] = () if built == src else (
                Problem("bytes", "the untranslated build differs from the source"),)
        else:
            problems = validate(src, built, kind_of(article.name), LANG)
        refusals = sum(1 for line in build.stderr.splitlines()
                       if line.startswith("warning:") and f"{article.name}:" in line
                       and "not used" in line)
        outcomes.append(Outcome(article.name, problems, errors.get(article.stem, 0), refusals))
    return outcomes
