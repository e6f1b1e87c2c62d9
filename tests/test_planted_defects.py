"""Planted defects: every kind of defect `l10n check` looks for, planted in real-looking news
sentences, is found, with its article, locale, source line, PO line and sentence; correctly
localized numbers, quotes and punctuation in pt_BR, de, fr and ja give no finding at all.

Everything runs through the command line on a real project (`extract`, PO files written as a
translator's tool would, `check --json`, `build`). Translate Toolkit's `pofilter` is the
oracle for the defects it knows (brackets, quotes, spacing around punctuation).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from tests.test_cli import run

LOCALES = ("pt_BR", "de", "fr", "ja")

# Correctly localized sentences: numbers, scale words, quotes, final punctuation, per locale.
CORRECT: dict[str, dict[str, str]] = {
    "Inflation rose to 3.2% in May, the central bank said.": {
        "pt_BR": "A inflação subiu para 3,2% em maio, disse o banco central.",
        "de": "Die Inflation stieg im Mai auf 3,2 %, sagte die Zentralbank.",
        "fr": "L’inflation est montée à 3,2\u00a0% en mai, a indiqué la banque centrale.",
        "ja": "中央銀行によると、5月のインフレ率は3.2%に上昇した。",
    },
    "The government will spend $1.5 billion on 1,234.5 kilometres of new roads.": {
        "pt_BR": "O governo vai gastar US$ 1,5 bilhão em 1.234,5 quilômetros de novas estradas.",
        "de": "Die Regierung wird 1,5 Milliarden Dollar für 1.234,5 Kilometer neue Straßen ausgeben.",
        "fr": "Le gouvernement dépensera 1,5 milliard de dollars pour 1\u202f234,5 kilomètres de routes neuves.",
        "ja": "政府は新しい道路1,234.5キロに15億ドルを費やす。",
    },
    '"We will not give up," Chancellor Olaf Scholz told reporters in Paris.': {
        "pt_BR": "“Não vamos desistir”, disse o chanceler Olaf Scholz a repórteres em Paris.",
        "de": "„Wir werden nicht aufgeben“, sagte Bundeskanzler Olaf Scholz vor Reportern in Paris.",
        "fr": "« Nous n’abandonnerons pas », a déclaré le chancelier Olaf Scholz aux journalistes à Paris.",
        "ja": "「私たちは諦めない」とオラフ・ショルツ首相はパリで記者団に語った。",
    },
    "Why did the talks in Davos fail?": {
        "pt_BR": "Por que as negociações em Davos fracassaram?",
        "de": "Warum sind die Gespräche in Davos gescheitert?",
        "fr": "Pourquoi les négociations de Davos ont-elles échoué ?",
        "ja": "ダボスでの交渉はなぜ決裂したのか？",
    },
    "The vote is at 3 p.m. on March 1, 2023 (local time).": {
        "pt_BR": "A votação é às 15h de 1º de março de 2023 (horário local).",
        "de": "Die Abstimmung ist am 1. März 2023 um 15 Uhr (Ortszeit).",
        "fr": "Le vote a lieu le 1er mars 2023 à 15\u00a0h (heure locale).",
        "ja": "投票は2023年3月1日午後3時（現地時間）に行われる。",
    },
    "About 12,000 people fled the city overnight...": {
        "pt_BR": "Cerca de 12.000 pessoas fugiram da cidade durante a noite…",
        "de": "Rund 12.000 Menschen flohen über Nacht aus der Stadt …",
        "fr": "Environ 12 000 personnes ont fui la ville pendant la nuit…",
        "ja": "約1万2000人が一晩で街から逃れた…",
    },
    "Exports fell by 250,000 tonnes, or 4.5%, according to the ministry.": {
        "pt_BR": "As exportações caíram 250 mil toneladas, ou 4,5%, segundo o ministério.",
        "de": "Die Exporte sanken laut Ministerium um 250.000 Tonnen oder 4,5 %.",
        "fr": "Les exportations ont baissé de 250\u202f000 tonnes, soit 4,5\u00a0%, selon le ministère.",
        "ja": "同省によると、輸出は25万トン（4.5%）減少した。",
    },
}

# (source sentence, pt_BR translation with a planted defect, the check that must find it, severity)
DEFECTS: list[tuple[str, str, str, str]] = [
    ("The minister resigned on Monday.", "O ministro renunciou  na segunda-feira.", "doubled-space", "warning"),
    ("The mayor resigned on Tuesday.", "O prefeito renunciou na terça-feira", "punctuation", "warning"),
    ("The senator resigned on Friday.", "The senator resigned on Friday.", "untranslated", "warning"),
    ("President Zelensky spoke to reporters.", "O presidente Zelenski falou com repórteres.", "names", "warning"),
    ("Talks resumed in Washington on Friday.", "As negociações foram retomadas em Washingon na sexta-feira.",
     "names", "warning"),
    ("Prices rose 3.2% in October.", "Os preços subiram 32% em outubro.", "number-changed", "error"),
    ("The plan costs $1.5 billion.", "O plano custa US$ 15 bilhões.", "number-changed", "error"),
    ("The border is 1,234.5 km long.", "A fronteira tem 12.345 km.", "number-changed", "error"),
    ("The governor resigned today.", "O o governador renunciou hoje.", "doubled-word", "warning"),
    ("Choose the distro(s) you need.", "Escolha as distros específicos) de que precisa.", "brackets", "warning"),
    ("Output goes to stdout.", "A saída vai para stdout (em.", "brackets", "warning"),
    ('Skip comments starting with "#".', 'Pule comentários começando com "".', "quotes", "warning"),
    ("Set the option in l10n.toml today.", "Defina a opção em l10n. toml hoje.", "identifiers", "warning"),
    ('"We will win," the general said.', "“Vamos vencer, disse o general.", "quotes", "warning"),
    ("Breaking news", "Última hora.", "punctuation", "warning"),
    ("The siege lasted 20 days.", "O cerco durou vinte dias.", "numbers", "warning"),
    ("Rescue teams worked through the night to reach the survivors trapped under the rubble.",
     "Equipes trabalharam.", "length", "warning"),
    ("The strike ended on Sunday.", " A greve terminou no domingo.", "whitespace", "warning"),
]

POFILTER_CASES = DEFECTS[9:13]
"""The draft defects Translate Toolkit's pofilter finds (issue 9)."""

SHARED = "Talks will resume next week."
"""A sentence of two articles, translated differently in each: the consistency check's."""


def _article(sentences: list[str]) -> str:
    return "# Report\n\n" + "".join(f"{s}\n\n" for s in sentences)


def _translate(path: Path, table: dict[str, str]) -> None:
    po = polib.pofile(str(path), wrapwidth=79)
    for entry in po:
        if entry.msgid in table:
            entry.msgstr = table[entry.msgid]
    po.save(str(path))


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("planted")
    (root / "source").mkdir()
    (root / "source" / "correct.md").write_text(_article(list(CORRECT)), encoding="utf-8")
    (root / "source" / "defects.md").write_text(_article([d[0] for d in DEFECTS] + [SHARED]), encoding="utf-8")
    (root / "source" / "other.md").write_text(_article([SHARED]), encoding="utf-8")
    (root / "l10n.toml").write_text(
        f'source_language = "en"\nlocales = {json.dumps(list(LOCALES))}\n', encoding="utf-8")
    assert run(root, "extract")[0] == 0
    for locale in LOCALES:
        _translate(root / "locales" / locale / "correct.po",
                   {source: targets[locale] for source, targets in CORRECT.items()})
    _translate(root / "locales" / "pt_BR" / "defects.po",
               {source: target for source, target, _, _ in DEFECTS} | {SHARED: "As negociações serão retomadas."})
    _translate(root / "locales" / "pt_BR" / "other.po", {SHARED: "As conversas recomeçam na próxima semana."})
    return root


@pytest.fixture(scope="module")
def findings(project: Path) -> list[dict[str, object]]:
    code, out, _ = run(project, "check", "--json")
    assert code == 1  # the changed numbers are errors
    found: list[dict[str, object]] = json.loads(out)
    return found


def test_correctly_localized_sentences_give_no_finding_in_any_locale(findings: list[dict[str, object]]) -> None:
    assert [f for f in findings if f["article"] == "source/correct.md"] == []


@pytest.mark.parametrize(("source", "target", "check", "severity"), DEFECTS, ids=[f"{d[2]}:{d[0][:24]}" for d in DEFECTS])
def test_every_planted_defect_is_found(
    findings: list[dict[str, object]], source: str, target: str, check: str, severity: str
) -> None:
    mine = [f for f in findings if f["msgid"] == source]
    assert (check, severity) in {(f["check"], f["severity"]) for f in mine}, mine
    if severity == "warning":
        assert all(f["severity"] == "warning" for f in mine), mine


def _msgid_at(lines: list[str], line: int) -> str:
    """The msgid that starts at ``line`` (1-based) of a PO file's lines, continuation lines too
    (PO strings are JSON-compatible for these sentences)."""
    assert lines[line - 1].startswith("msgid ")
    taken = [json.loads(lines[line - 1][len("msgid "):])]
    for text in lines[line:]:
        if not text.startswith('"'):
            break
        taken.append(json.loads(text))
    return "".join(taken)


def test_findings_name_article_locale_source_line_po_line_and_sentence(
    project: Path, findings: list[dict[str, object]]
) -> None:
    po_lines = (project / "locales" / "pt_BR" / "defects.po").read_text(encoding="utf-8").splitlines()
    source_lines = (project / "source" / "defects.md").read_text(encoding="utf-8").splitlines()
    for finding in findings:
        if finding["article"] != "source/defects.md":
            continue
        assert finding["file"] == "locales/pt_BR/defects.po" and finding["locale"] == "pt_BR"
        assert _msgid_at(po_lines, int(str(finding["line"]))) == finding["msgid"]
        assert source_lines[int(str(finding["source_line"])) - 1] == finding["msgid"]
    _, text, _ = run(project, "check")
    line = source_lines.index("Prices rose 3.2% in October.") + 1
    assert (f'    source/defects.md:{line} [pt_BR] "Prices rose 3.2% in October."') in text.splitlines()
    assert "error: number-changed: number 3.2 of the source became 32 (a different value)" in text


def test_the_same_sentence_translated_differently_is_a_warning_on_each(findings: list[dict[str, object]]) -> None:
    shared = [f for f in findings if f["msgid"] == SHARED]
    assert {(f["article"], f["check"], f["severity"]) for f in shared} == {
        ("source/defects.md", "consistency", "warning"), ("source/other.md", "consistency", "warning")}
    assert any("other.po" in str(f["message"]) for f in shared if f["article"] == "source/defects.md")


def test_build_refuses_exactly_the_changed_numbers(project: Path, findings: list[dict[str, object]]) -> None:
    code, _, err = run(project, "build", "--locale", "pt_BR")
    assert code == 0
    built = (project / "build" / "pt_BR" / "defects.md").read_text(encoding="utf-8")
    errors = {str(f["msgid"]) for f in findings if f["severity"] == "error"}
    assert errors == {d[0] for d in DEFECTS if d[3] == "error"}
    for source, target, _, _ in DEFECTS:
        if source in errors:
            assert source in built and target not in built and f"{source!r} not used" in err
        elif target.strip() != source:
            assert " ".join(target.split()) in " ".join(built.split())


def _pofilter() -> str:
    found = shutil.which("pofilter") or str(Path(sys.executable).parent / "pofilter")
    assert Path(found).exists(), "translate-toolkit (the test extra) provides pofilter"
    return found


def test_pofilter_and_check_agree_on_the_draft_defects_pofilter_finds(tmp_path: Path) -> None:
    # Translate Toolkit as the oracle: the defects it finds in drafts, check finds too.
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "pt_BR"}
    for source, target, _, _ in POFILTER_CASES:
        po.append(polib.POEntry(msgid=source, msgstr=target))
    po.save(str(tmp_path / "in.po"))
    subprocess.run([_pofilter(), "--progress=none", str(tmp_path / "in.po"), str(tmp_path / "out.po")],
                   check=True, capture_output=True)
    flagged = {e.msgid for e in polib.pofile(str(tmp_path / "out.po")) if "(pofilter)" in e.tcomment}
    assert flagged == {source for source, _, _, _ in POFILTER_CASES}


def test_pofilter_cases_are_found_by_check(findings: list[dict[str, object]]) -> None:
    for source, _, check, _ in POFILTER_CASES:
        assert check in {f["check"] for f in findings if f["msgid"] == source}


def test_a_localized_name_is_at_most_a_warning(tmp_path: Path) -> None:
    # Exonyms look like misspellings to any spelling rule: never a reason to refuse a sentence.
    (tmp_path / "source").mkdir()
    source = "President Zelensky met officials in Moscow and London."
    (tmp_path / "source" / "a.md").write_text(f"{source}\n", encoding="utf-8")
    (tmp_path / "l10n.toml").write_text('source_language = "en"\nlocales = ["de"]\n', encoding="utf-8")
    assert run(tmp_path, "extract")[0] == 0
    _translate(tmp_path / "locales" / "de" / "a.po",
               {source: "Präsident Selenskyj traf Beamte in Moskau und London."})
    code, out, _ = run(tmp_path, "check", "--json")
    assert code == 0
    assert [(f["check"], f["severity"]) for f in json.loads(out)] == [("names", "warning")]
