"""Read and validate a glossary file (tab-separated, UTF-8) into a frozen :class:`Glossary`.

The format is a TSV file with a header row naming its columns, in any order, as spreadsheets
and Weblate export it (``#`` lines and blank lines are comments)::

    term            locale  translation        forbidden   flags
    Kyiv                                       Kiev
    Brasília                                   Brasilia
    prime minister  pt_BR   primeiro-ministro
    Wagner                                                 case-sensitive

* ``term`` (required): the source-language term; a space in it matches any run of white space;
* ``locale``: ``pt_BR``, a language (``pt``: every Portuguese locale) or empty / ``*`` for every
  locale; for one term the most specific row wins;
* ``translation``: what every translation must say; empty means "do not translate" (keep the
  term as the source writes it);
* ``forbidden``: variants a translation must not use, separated by ``|``;
* ``flags``: ``case-sensitive`` (default: any case), ``inside-words`` (default: whole words
  only), separated by commas or spaces.

Every problem is a :class:`~l10n.errors.GlossaryError` naming the file and line.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from l10n.errors import GlossaryError, LocaleError
from l10n.glossary.model import FLAGS, Glossary, Rule, term_key
from l10n.locales import normalize_locale

COLUMNS = ("term", "locale", "translation", "forbidden", "flags")
"""The columns a glossary file may have; ``term`` is required."""

_FLAG_SPLIT = re.compile(r"[,\s]+")


def load_glossary(path: Path) -> Glossary:
    """Read the glossary file ``path`` (cached while the file is unchanged)."""
    try:
        stat = path.stat()
    except FileNotFoundError as exc:
        raise GlossaryError(
            "glossary file not found; create it or fix [glossary] path in l10n.toml", path=path
        ) from exc
    except OSError as exc:
        raise GlossaryError(f"cannot read: {exc}", path=path) from exc
    return _load_cached(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _load_cached(path: Path, mtime_ns: int, size: int) -> Glossary:
    if path.is_dir():
        raise GlossaryError("is a folder, expected a glossary file (.tsv)", path=path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise GlossaryError(f"cannot read: {exc}", path=path) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise GlossaryError("not UTF-8 text; save the glossary as UTF-8", path=path,
                            line=line) from exc
    return parse_glossary(text, path)


def parse_glossary(text: str, path: Path) -> Glossary:
    """The glossary held by ``text``, the contents of file ``path`` (named in errors)."""
    header: list[str] | None = None
    rules: list[Rule] = []
    seen: dict[tuple[tuple[str, bool], str | None], int] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        if header is None:
            header = _header(cells, path, number)
            continue
        if len(cells) > len(header) and any(cells[len(header):]):
            raise GlossaryError(
                f"{len(cells)} tab-separated cells, but the header names {len(header)} columns "
                f"({', '.join(header)}); separate cells with tabs, not spaces inside them",
                path=path, line=number,
            )
        row = dict(zip(header, cells + [""] * (len(header) - len(cells))))
        rule = _rule(row, path, number)
        key = (term_key(rule), rule.locale)
        if key in seen:
            where = f" for {rule.locale}" if rule.locale else ""
            raise GlossaryError(
                f"term {rule.term!r}{where} is already defined on line {seen[key]}; keep one row",
                path=path, line=number,
            )
        seen[key] = number
        rules.append(rule)
    return Glossary(path=path, rules=tuple(rules))


def _header(cells: list[str], path: Path, number: int) -> list[str]:
    names = [cell.lower() for cell in cells]
    for name in names:
        if name not in COLUMNS:
            raise GlossaryError(
                f"unknown column {name!r} in the header; the first line names the columns, "
                f"separated by tabs: {', '.join(COLUMNS)} (term is required)",
                path=path, line=number,
            )
    if "term" not in names:
        raise GlossaryError(
            "the header has no 'term' column; the first line names the columns, separated by "
            f"tabs: {', '.join(COLUMNS)}",
            path=path, line=number,
        )
    if len(set(names)) != len(names):
        raise GlossaryError("the header names a column twice", path=path, line=number)
    return names


def _rule(row: dict[str, str], path: Path, number: int) -> Rule:
    term = " ".join(row["term"].split())
    if not term:
        raise GlossaryError("empty term", path=path, line=number)
    locale: str | None = None
    raw_locale = row.get("locale", "")
    if raw_locale not in ("", "*"):
        try:
            locale = normalize_locale(raw_locale)
        except LocaleError as exc:
            raise GlossaryError(exc.message, path=path, line=number) from exc
    translation = row.get("translation", "") or None
    forbidden = tuple(v.strip() for v in row.get("forbidden", "").split("|") if v.strip())
    required = translation or term
    for variant in forbidden:
        if variant == required:
            raise GlossaryError(
                f"forbidden variant {variant!r} is the required text itself", path=path,
                line=number,
            )
    flags = [f for f in _FLAG_SPLIT.split(row.get("flags", "").lower()) if f]
    for flag in flags:
        if flag not in FLAGS:
            raise GlossaryError(
                f"unknown flag {flag!r}; flags: {', '.join(FLAGS)}", path=path, line=number
            )
    return Rule(
        term=term,
        locale=locale,
        translation=translation,
        forbidden=forbidden,
        case_sensitive="case-sensitive" in flags,
        whole_word="inside-words" not in flags,
        line=number,
    )
