"""The project checks read one catalog at a time: ``check`` and ``review`` of a large project
hold the memory of one catalog (and small per-entry facts), not every catalog at once; the
streamed consistency check finds exactly what comparing every catalog in memory finds; the
review's preview assembles an article once per distinct publish table, with the same texts."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import polib
import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

import l10n.project.checking as checking
from l10n.catalog.checks import CatalogUnit, CheckContext, ProjectInput, run_project_checks
from l10n.catalog.checks.consistency import Consistency
from l10n.cli import main
from l10n.config import load_config
from l10n.document.formats import FormatOptions, parse_document
from l10n.document.units import segment_document
from l10n.po import load_po, save_po
from l10n.project import check_project
from l10n.review.preview import preview

ARTICLE = "# Story {n}\n\nThe war has lasted {n} months. The bridge is closed.\n"


def cli(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["-C", str(root), *args], catch_exceptions=False)


def make_project(root: Path, articles: int) -> Path:
    (root / "l10n.toml").write_text('source_language = "en"\nlocales = ["pt_BR", "de"]\n',
                                    encoding="utf-8")
    for n in range(articles):
        path = root / "source" / f"a{n:02d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(ARTICLE.format(n=n + 1), encoding="utf-8")
    assert cli(root, "extract").exit_code == 0
    assert cli(root, "translate", "--engine", "pseudo").exit_code == 0
    # One article translates the shared sentence otherwise: a consistency warning on every
    # pt_BR catalog, which the check must quote from a catalog read long before.
    odd = root / "locales/pt_BR/a03.po"
    po = load_po(odd)
    for entry in po:
        if entry.msgid == "The bridge is closed.":
            entry.msgstr = "A ponte está fechada."
    save_po(odd, po)
    return root


def test_checking_a_project_holds_one_catalog_at_a_time(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path, 12)
    config = load_config(root / "l10n.toml")
    made: list[weakref.ref[polib.POFile]] = []
    alive_at_load: list[int] = []
    real_load = checking.load_catalog

    def load(path: Path) -> polib.POFile:
        gc.collect()
        alive_at_load.append(sum(1 for ref in made if ref() is not None))
        po = real_load(path)
        made.append(weakref.ref(po))
        return po

    monkeypatch.setattr(checking, "load_catalog", load)
    found = list(check_project(config, ()))
    consistency = [f for _, f in found if f.check == "consistency"]
    assert len(consistency) == 12  # every pt_BR catalog has the sentence
    assert len(alive_at_load) == 24 + 12  # every catalog, then the pt_BR ones again to quote
    # At most the catalog just checked and the one the loop last held: never the project.
    assert max(alive_at_load) <= 2, alive_at_load


def _oracle(units: Iterable[CatalogUnit], include_fuzzy: bool) -> list[tuple[str, str]]:
    """The consistency check as it read every catalog in memory (before it streamed)."""
    seen: dict[tuple[str, str], list[tuple[CatalogUnit, polib.POEntry]]] = {}
    for unit in units:
        for entry in unit.po:
            if entry.obsolete or not entry.msgid or not entry.msgstr:
                continue
            if include_fuzzy or "fuzzy" not in entry.flags:
                seen.setdefault((unit.context.target_locale or "", entry.msgid), []).append((unit, entry))
    out = []
    for group in seen.values():
        if len({e.msgstr for _, e in group}) < 2:
            continue
        for unit, entry in group:
            other_unit, other = next((u, e) for u, e in group if e.msgstr != entry.msgstr)
            out.append((unit.file, f"{entry.msgid}|{entry.linenum}|translated differently in "
                                   f"{other_unit.file}:{other.linenum or 0}: {other.msgstr!r}"))
    return out


_catalog = st.lists(st.tuples(st.sampled_from("abcd"), st.sampled_from(["", "x", "y", "z"]),
                              st.booleans()), max_size=6)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["pt_BR", "de"]), _catalog), max_size=7), st.booleans())
def test_streamed_consistency_finds_what_comparing_every_catalog_finds(
        catalogs: list[tuple[str, list[tuple[str, str, bool]]]], include_fuzzy: bool) -> None:
    units = []
    for n, (locale, entries) in enumerate(catalogs):
        po = polib.POFile()
        for line, (msgid, msgstr, fuzzy) in enumerate(entries, start=1):
            if po.find(msgid) is None:
                po.append(polib.POEntry(msgid=msgid, msgstr=msgstr, flags=["fuzzy"] if fuzzy else [],
                                        linenum=line))
        units.append(CatalogUnit(po, f"locales/{locale}/a{n}.po", CheckContext(target_locale=locale)))
    run = Consistency(ProjectInput(include_fuzzy=include_fuzzy))
    for unit in units:
        run.add(unit)
    reread: list[str] = []

    def again(files: Any) -> list[CatalogUnit]:
        reread.extend(u.file for u in units if u.file in files)
        return [u for u in units if u.file in files]

    got = [(file, f"{f.msgid}|{f.line}|{f.message}") for file, f in run.findings(again)]
    assert got == _oracle(units, include_fuzzy)
    assert {file for file, _ in got} <= set(reread)  # only catalogs with a conflict are read again
    everything = [(f, x) for f, x in run_project_checks(ProjectInput(include_fuzzy=include_fuzzy), units)
                  if x.check == "consistency"]
    assert [(file, f"{f.msgid}|{f.line}|{f.message}") for file, f in everything] == got


SOURCE = ("---\ntitle: The war\n---\n\n# Story\n\nThe war has lasted 3 months. The bridge is closed.\n\n"
          "Talks resume on 2024-05-01. Nobody came.\n")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["reviewed", "draft", "stale", "none"]), min_size=6, max_size=6))
def test_the_preview_assembles_once_per_distinct_table_with_the_same_texts(states: list[str]) -> None:
    sdoc = segment_document(parse_document(SOURCE, "a.md", FormatOptions(front_matter=True)), "en")
    msgids = list(dict.fromkeys(s.msgid for s in sdoc.segments))
    po = polib.POFile()
    for msgid, state in zip(msgids, states * 2, strict=False):
        entry = polib.POEntry(msgid=msgid, msgstr="" if state == "none" else f"«{msgid}»")
        if state in ("draft", "stale"):
            entry.flags.append("fuzzy")
        if state == "stale":
            entry.previous_msgid = msgid + " before"
        po.append(entry)
    calls: list[object] = []

    def publish(policy: object) -> str:
        calls.append(policy)
        from l10n.review.preview import published_text
        return published_text(sdoc, po, policy)  # type: ignore[arg-type]

    general = preview(sdoc, po, publish, by_table=False)
    assert len(calls) == 3
    calls.clear()
    shared = preview(sdoc, po, publish)
    assert shared == general
    assert len(calls) == len({text for _, text in general.published}) or len(calls) < 3


def test_a_stream_that_fails_leaves_the_old_file_and_no_temporary_file(tmp_path: Path) -> None:
    from l10n.fsutil import atomic_write_chunks

    target = tmp_path / "review.html"
    target.write_text("old", encoding="utf-8")

    def chunks() -> Iterable[bytes]:
        yield b"new, half"
        raise RuntimeError("the disk of the spool went away")

    with pytest.raises(RuntimeError):
        atomic_write_chunks(target, chunks())
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["review.html"]
    atomic_write_chunks(target, iter([b"new, ", b"whole"]))
    assert target.read_text(encoding="utf-8") == "new, whole"


def test_the_split_index_is_the_page_the_rows_render(tmp_path: Path) -> None:
    """The streamed index holds what the summary, findings and filters of one page of every
    row hold (the single page's sections, rendered at once from the same rows)."""
    from l10n.review import render
    from l10n.review.data import collect

    root = make_project(tmp_path, 5)
    assert cli(root, "review", "--layout", "split").exit_code == 0
    index = (root / "build/review.html").read_text(encoding="utf-8")
    rows = collect(load_config(root / "l10n.toml"), ())
    generated = index.split('<p class="meta">Generated ', 1)[1].split("</p>", 1)[0]
    pages = {row.article: f"review/{row.article}.html" for row in rows}
    summary = [line for article in pages for line in render.summary_rows(
        [r for r in rows if r.article == article], pages[article])]
    links = [link for article in pages for link in render.finding_links(
        [r for r in rows if r.article == article], pages[article])]
    links.sort(key=lambda link: link.finding.severity is not render.Severity.ERROR)
    body = (render.summary_table(summary) + render.findings_table(links)
            + render.filter_bar(render.entry_counts(rows)))
    title = f"Translation review: {load_config(root / 'l10n.toml').project}"
    assert index == render.document(title, generated, body)


def test_every_preview_state_is_the_article_build_writes_with_and_without_fallbacks(tmp_path: Path) -> None:
    """pt_PT falls back on pt_BR, whose drafts the policies filter: the pt_PT states differ
    though pt_PT's own table is the same in all three; pt_BR shares one assembly."""
    from l10n.project import load_article, published_article
    from l10n.review.data import collect
    from l10n.review.preview import PUBLISH_STATES

    (tmp_path / "l10n.toml").write_text(
        'source_language = "en"\nlocales = ["pt_PT", "pt_BR"]\n[build.fallback]\npt_PT = ["pt_BR"]\n',
        encoding="utf-8")
    (tmp_path / "source").mkdir()
    (tmp_path / "source/story.md").write_text("# Transport\n\nThe bus was late. The train came early.\n",
                                              encoding="utf-8")
    assert cli(tmp_path, "extract").exit_code == 0
    assert cli(tmp_path, "translate", "--engine", "pseudo", "--locale", "pt_BR").exit_code == 0
    config = load_config(tmp_path / "l10n.toml")
    rows = {row.locale: row for row in collect(config, ())}
    article = next(iter(checking.catalogs(config, ())))[0]
    sdoc = load_article(config, article)
    for locale, row in rows.items():
        po = load_po(tmp_path / f"locales/{locale}/story.po")
        expected = tuple((label, published_article(config, article, sdoc, locale, po, policy))
                         for label, policy in PUBLISH_STATES)
        assert row.preview is not None and row.preview.published == expected
    pt_pt = dict(rows["pt_PT"].preview.published)  # type: ignore[union-attr]
    assert pt_pt["Reviewed only"] != pt_pt["With drafts"]  # pt_BR's drafts filled the gaps
