"""``l10n accept-cosmetic`` end to end: the issue's five edits to a reviewed article.

Four edits are cosmetic (curly quotes, a typo, ``5%`` -> ``5 %``, a comma) and must count as
reviewed again, with the quotes and the number carried into the translation; "did not resign"
changes the meaning and must stay stale, so no build publishes its old translation. msgfmt is
the oracle for the catalogs written.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import polib
from click.testing import CliRunner

from l10n.catalog.state import EntryState, classify
from l10n.cli import main

OLD = [
    'The spokesman said "no comment" to reporters.',
    "The goverment will meet again next week.",
    "Inflation rose 5% in November.",
    "In Kyiv the mayor asked for calm.",
    "The minister resigned on Monday.",
    "Talks will resume on Friday.",
]
NEW = [
    "The spokesman said “no comment” to reporters.",
    "The government will meet again next week.",
    "Inflation rose 5 % in November.",
    "In Kyiv, the mayor asked for calm.",
    "The minister **did not** resign on Monday.",
    "Talks will resume on Friday.",
]
PT = {
    OLD[0]: 'O porta-voz disse "sem comentários" aos repórteres.',
    OLD[1]: "O governo vai se reunir de novo na próxima semana.",
    OLD[2]: "A inflação subiu 5% em novembro.",
    OLD[3]: "Em Kyiv o prefeito pediu calma.",
    OLD[4]: "O ministro renunciou na segunda-feira.",
    OLD[5]: "As negociações serão retomadas na sexta-feira.",
}


def run(project: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["-C", str(project), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _reviewed_then_edited(
    tmp_path: Path, old: list[str] = OLD, new: list[str] = NEW, pt: dict[str, str] = PT
) -> Path:
    (tmp_path / "source").mkdir()
    (tmp_path / "l10n.toml").write_text('source_language = "en"\nlocales = ["pt_BR"]\n', encoding="utf-8")
    article = tmp_path / "source" / "news.md"
    article.write_text("\n\n".join(old) + "\n", encoding="utf-8")
    assert run(tmp_path, "extract")[0] == 0
    po_file = tmp_path / "locales" / "pt_BR" / "news.po"
    po = polib.pofile(str(po_file))
    for entry in po:
        entry.msgstr = pt[entry.msgid]
    po.save()
    article.write_text("\n\n".join(new) + "\n", encoding="utf-8")
    code, out, _ = run(tmp_path, "extract")
    assert code == 0, out
    return tmp_path


def _po(project: Path) -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in polib.pofile(str(project / "locales" / "pt_BR" / "news.po"))}


def test_accept_cosmetic_clears_the_four_cosmetic_edits_and_keeps_the_negation_stale(tmp_path: Path) -> None:
    project = _reviewed_then_edited(tmp_path)
    po_file = project / "locales" / "pt_BR" / "news.po"
    before_lines = po_file.read_text(encoding="utf-8").splitlines()
    assert [classify(_po(project)[msgid]) for msgid in NEW[:5]] == [EntryState.STALE] * 5

    code, out, err = run(project, "accept-cosmetic")
    assert code == 0, err
    entries = _po(project)
    for msgid in NEW[:4]:
        assert classify(entries[msgid]) is EntryState.TRANSLATED, msgid
        assert entries[msgid].previous_msgid is None
    assert entries[NEW[0]].msgstr == "O porta-voz disse “sem comentários” aos repórteres."
    assert entries[NEW[1]].msgstr == PT[OLD[1]]
    assert entries[NEW[2]].msgstr == "A inflação subiu 5 % em novembro."
    assert entries[NEW[3]].msgstr == PT[OLD[3]]
    stale = entries[NEW[4]]
    assert classify(stale) is EntryState.STALE
    assert stale.previous_msgid == OLD[4]

    # One block per entry: where it is, why it is cosmetic, what happened to the translation.
    assert "accepted 4 cosmetic change(s); 1 meaning change(s) stay stale" in out
    assert out.count("news [pt_BR]") == 4
    assert "typo: goverment -> government" in out
    assert "number punctuation: 5% -> 5 %" in out
    assert "(number: 5% -> 5 %)" in out
    assert "(quotes: \" \" -> “ ”)" in out
    assert "did not" not in out
    for line in out.splitlines():
        if "news [pt_BR]" in line:
            number = int(line.split(":")[1])
            assert before_lines[number - 1].startswith(("msgid", "#")), line
    subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(po_file)], check=True)
    assert run(project, "extract", "--check")[0] == 0  # written in the project's PO style

    assert run(project, "build")[0] == 0
    built = (project / "build" / "pt_BR" / "news.md").read_text(encoding="utf-8")
    for msgid in NEW[:4]:
        assert entries[msgid].msgstr in built
    assert "renunciou" not in built
    assert "The minister **did not** resign on Monday." in built


def test_accept_cosmetic_dry_run_lists_and_writes_nothing(tmp_path: Path) -> None:
    project = _reviewed_then_edited(tmp_path)
    po_file = project / "locales" / "pt_BR" / "news.po"
    before = po_file.read_bytes()
    code, out, _ = run(project, "accept-cosmetic", "--dry-run", "-l", "pt_BR", "news")
    assert code == 0
    assert "would accept 4 cosmetic change(s); 1 meaning change(s) stay stale" in out
    assert "updated" not in out
    assert po_file.read_bytes() == before


def test_accept_cosmetic_keeps_machine_text_a_draft(tmp_path: Path) -> None:
    project = _reviewed_then_edited(tmp_path)
    po_file = project / "locales" / "pt_BR" / "news.po"
    po = polib.pofile(str(po_file))
    entry = po.find(NEW[2])
    assert entry is not None
    entry.tcomment = "mt: e=bergamot d=2026-11-25"
    po.save()
    code, out, _ = run(project, "accept-cosmetic")
    assert code == 0
    assert "still a draft: its text is machine output, review it" in out
    kept = _po(project)[NEW[2]]
    assert "fuzzy" in kept.flags and kept.previous_msgid is None
    assert kept.msgstr == PT[OLD[2]]
    assert classify(kept) is EntryState.EDITED


def test_accept_cosmetic_with_nothing_stale_changes_nothing(tmp_path: Path) -> None:
    project = _reviewed_then_edited(tmp_path)
    assert run(project, "accept-cosmetic")[0] == 0
    po_file = project / "locales" / "pt_BR" / "news.po"
    before = po_file.read_bytes()
    code, out, _ = run(project, "accept-cosmetic")
    assert code == 0
    assert "accepted 0 cosmetic change(s); 1 meaning change(s) stay stale" in out
    assert po_file.read_bytes() == before


def test_accept_cosmetic_unknown_locale_is_one_line_error(tmp_path: Path) -> None:
    project = _reviewed_then_edited(tmp_path)
    code, _, err = run(project, "accept-cosmetic", "-l", "fr")
    assert code == 2
    assert err.count("\n") == 1 and "locale 'fr' is not configured" in err


def test_accept_cosmetic_leaves_stale_a_translation_the_new_markup_would_refuse(tmp_path: Path) -> None:
    old = ["Run the install command now.", "Talks go on."]
    new = ["Run the `install` command now.", "Talks go on."]
    pt = {old[0]: "Execute o comando install agora.", old[1]: "As negociações continuam."}
    project = _reviewed_then_edited(tmp_path, old, new, pt)
    code, out, _ = run(project, "accept-cosmetic")
    assert code == 0
    assert "news [pt_BR] cosmetic, but stays stale: code '`install`' is missing" in out
    assert "accepted 0 cosmetic change(s); 0 meaning change(s) stay stale; 1 cosmetic left stale (markup)" in out
    assert classify(_po(project)[new[0]]) is EntryState.STALE
