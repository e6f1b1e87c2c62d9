"""`l10n build` refuses exactly the translations `l10n check` reports as errors, per format.

Each case is one sentence of a source article and a translation of it, written into the PO file
as a reviewed (non-fuzzy) entry; `check` and `build` then run through the command line.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import polib
import pytest

from l10n.catalog.checks import refusal, scope_of
from l10n.document.assemble import assemble
from l10n.document.formats import FormatOptions, parse_document
from l10n.document.units import segment_document
from l10n.mt.mask import mask, restore_source
from tests.test_cli import ROOT, run

SOURCE = "Prices *rose* again."

# (name, source sentence, translation, formats in which build must refuse it)
CASES = [
    ("lost link", "Read [the report](https://x.y/r) today.", "Leia o relatório hoje.", {"md"}),
    ("changed link", "Read [the report](https://x.y/r) today.", "Leia [o relatório](https://x.y/q) hoje.", {"md"}),
    ("lost code span", "Run `ls -l` now.", "Rode ls -l agora.", {"md"}),
    ("lost image", "See ![a map](map.png) here.", "Veja aqui.", {"md"}),
    ("lost footnote", "As reported[^1] by CNN.", "Como noticiado pela CNN.", {"md"}),
    ("added HTML tag", "Prices rose again.", "Os preços <b>subiram</b> de novo.", {"md"}),
    ("unbalanced emphasis", SOURCE, "Os preços *subiram de novo.", {"md"}),
    ("unbalanced strong", "A **bold** claim.", "Uma afirmação **ousada.", {"md"}),
    ("blank line", "Prices rose again.", "Os preços subiram.\n\nDe novo.", {"md"}),
    ("new heading", "Prices rose again.", "Os preços subiram.\n# De novo.", {"md"}),
    ("emphasis kept", SOURCE, "Os preços *subiram* de novo.", set()),
    ("missing number", "It lasted 20 minutes.", "Durou vinte minutos.", set()),
    ("changed number", "Inflation hit 3.2% in May.", "A inflação chegou a 32% em maio.", {"md", "txt"}),
    ("localized number", "It cost $1,234.5 in 2022.", "Custou US$ 1.234,5 em 2022.", set()),
    ("trailing space", "Prices rose again.", "Os preços subiram de novo. ", set()),
    ("trailing blank line", "Prices rose again.", "Os preços subiram de novo.\n \n", {"md"}),
]


def _project(tmp_path: Path, ext: str, sentence: str) -> Path:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / f"a.{ext}").write_text(f"Intro line.\n\n{sentence}\n", encoding="utf-8")
    (tmp_path / "l10n.toml").write_text('source_language = "en"\nlocales = ["pt_BR"]\n', encoding="utf-8")
    assert run(tmp_path, "extract")[0] == 0
    return tmp_path


def _refused_as_msgfmt_refuses(project: Path, ext: str) -> bool:
    """When ``msgfmt -c`` rejects the catalog, every command refuses to read it: one line naming
    the file and line, exit 2, nothing built. Returns whether msgfmt rejected it."""
    import subprocess

    path = project / "locales" / "pt_BR" / "a.po"
    msgfmt = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True)
    if msgfmt.returncode == 0:
        return False
    for command in ("check", "build"):
        code, out, err = run(project, command)
        assert code == 2, (command, out, err)
        assert err.count("\n") == 1 and "locales/pt_BR/a.po:" in err, err
    assert not (project / "build" / "pt_BR" / f"a.{ext}").exists()
    return True


def _translate(project: Path, msgid: str, msgstr: str) -> None:
    path = project / "locales" / "pt_BR" / "a.po"
    po = polib.pofile(str(path))
    entry = po.find(msgid)
    assert entry is not None, [e.msgid for e in po]
    entry.msgstr = msgstr
    po.save(str(path))


@pytest.mark.parametrize("ext", ["txt", "md"])
@pytest.mark.parametrize(("name", "source", "target", "refused_in"), CASES, ids=[c[0] for c in CASES])
def test_check_fails_exactly_when_build_refuses(
    tmp_path: Path, ext: str, name: str, source: str, target: str, refused_in: set[str]
) -> None:
    project = _project(tmp_path, ext, source)
    _translate(project, source, target)
    if _refused_as_msgfmt_refuses(project, ext):
        assert name == "trailing blank line"  # msgid and msgstr do not both end with \n
        return
    check_code, check_out, _ = run(project, "check", "--json")
    build_code, _, build_err = run(project, "build")
    assert build_code == 0
    built = (project / "build" / "pt_BR" / f"a.{ext}").read_text(encoding="utf-8")
    refused = ext in refused_in
    errors = [f for f in json.loads(check_out) if f["severity"] == "error"]
    assert check_code == (1 if refused else 0), check_out
    assert bool(errors) is refused
    if refused:
        assert "not used" in build_err and repr(source[:39]) in build_err or source[:39] in build_err
        assert source in built and target not in built
    else:
        assert "not used" not in build_err
        assert " ".join(target.split()) in " ".join(built.split())


def test_plain_text_emphasis_is_not_markup(tmp_path: Path) -> None:
    # Formerly `check` applied Markdown rules to a .txt article and failed what build published.
    project = _project(tmp_path, "txt", SOURCE)
    _translate(project, SOURCE, "Os preços *subiram de novo.")
    code, out, _ = run(project, "check")
    assert code == 0, out
    assert "0 error(s)" in out


def test_blank_line_in_markdown_is_an_error_for_check_as_for_build(tmp_path: Path) -> None:
    # Formerly only a warning in `check` while `build` refused it.
    project = _project(tmp_path, "md", "Prices rose again.")
    _translate(project, "Prices rose again.", "Os preços subiram.\n\nDe novo.")
    code, out, _ = run(project, "check")
    assert code == 1, out
    assert "error: structure: a blank line would split the paragraph" in out
    _, _, err = run(project, "build")
    assert "'Prices rose again.' not used: a blank line would split the paragraph" in err


def test_warnings_are_published_and_do_not_fail_check_unless_strict(tmp_path: Path) -> None:
    project = _project(tmp_path, "md", "It lasted 20 minutes.")
    _translate(project, "It lasted 20 minutes.", "Durou vinte minutos.")
    code, out, _ = run(project, "check")
    assert code == 0 and "warning: numbers: number 20 is missing" in out
    assert run(project, "check", "--strict")[0] == 1
    run(project, "build")
    assert "Durou vinte minutos." in (project / "build/pt_BR/a.md").read_text(encoding="utf-8")


def test_front_matter_values_keep_inline_markup_but_may_hold_blank_lines(tmp_path: Path) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "a.md").write_text(
        "---\ntitle: Run `ls` now\ndescription: |\n  One.\n\n  Two.\n---\nBody.\n", encoding="utf-8"
    )
    (tmp_path / "l10n.toml").write_text('source_language = "en"\nlocales = ["pt_BR"]\n', encoding="utf-8")
    assert run(tmp_path, "extract")[0] == 0
    _translate(tmp_path, "One.\n\nTwo.", "Um.\n\nDois.")
    assert run(tmp_path, "check")[0] == 0
    _translate(tmp_path, "Run `ls` now", "Rode ls agora")
    code, out, _ = run(tmp_path, "check")
    assert code == 1 and "markup: code '`ls`' is missing" in out
    _, _, err = run(tmp_path, "build")
    assert "not used: code '`ls`' is missing" in err
    built = (tmp_path / "build/pt_BR/a.md").read_text(encoding="utf-8")
    assert "Um.\n\n  Dois." in built and "title: Run `ls` now" in built


def test_mask_keeps_a_lone_superscript_digit() -> None:
    # "²" is a digit to str.isdigit() but not to the number pattern; masking used to crash.
    text = "It is 5 ² m wide."
    assert restore_source(mask(text)) == text


@pytest.mark.parametrize(("ext", "shown"), [("txt", False), ("md", True)])
def test_review_page_shows_the_errors_of_check(tmp_path: Path, ext: str, shown: bool) -> None:
    project = _project(tmp_path, ext, SOURCE)
    _translate(project, SOURCE, "Os preços *subiram de novo.")
    assert run(project, "review")[0] == 0
    page = (project / "build" / "review.html").read_text(encoding="utf-8")
    assert ("unbalanced" in page) is shown


_DAMAGE = ["\n# ", "- ", "\n- ", "1. ", "\n1. ", "\n> ", "> ", "\n---", "\n===", "|", "\n|", "<div>",
           "\n<div>", "```", "\n```", "    ", "\n    ", "\n\n", "*", "**", "[", "]", "\\", "  \n",
           "<!--", "-->", "\n[x]: /u", "~~~", "+ ", "\n* ", "#", "<", "`", " \n \n"]
_ARTICLE = (
    (ROOT / "source" / "markdown" / "bakhmut-wagner.md").read_text(encoding="utf-8")
    + "\n\n> A quote. With two.\n\n- item one. Item two.\n- item three\n\n| a. b. | c |\n|---|---|\n"
    "| d. e. | f |\n\n# Head. Line\n\nText  \nhard. More[^1].\n\n[^1]: Note. Two.\n"
)


def test_the_structure_guard_of_build_never_refuses_what_the_checks_pass() -> None:
    # Random damage (block syntax, blank lines, stray markers) to every sentence of a Markdown
    # article, one translation at a time: build refuses a translation (by the table or by its
    # runtime structure guard) exactly when an ERROR check of the sentence's scopes fails.
    sdoc = segment_document(parse_document(_ARTICLE, "a.md", FormatOptions()), "en")
    rng = random.Random(7)
    for seg in sdoc.segments:
        scopes = {scope_of("markdown", sdoc.document.blocks[s.block].kind)
                  for s in sdoc.segments if s.msgid == seg.msgid}
        for _ in range(6):
            words = seg.msgid.split(" ")
            k = rng.randrange(len(words) + 1)
            target = " ".join([*words[:k], rng.choice(_DAMAGE), *words[k:]])
            if rng.random() < 0.3:
                target = rng.choice(_DAMAGE) + target
            if rng.random() < 0.3:
                target += rng.choice(_DAMAGE)
            refused = bool(assemble(sdoc, {seg.msgid: target}.get).warnings)
            assert refused == any(refusal(seg.msgid, target, s) for s in scopes), (seg.msgid, target)


@pytest.mark.parametrize("ext", ["txt", "md"])
@pytest.mark.parametrize(
    ("source", "target", "refused"),
    [
        ("We are 100% sure.", "Temos 100% de certeza.", True),  # python-format guessed on prose
        ("Prices rose 5% in %s.", "Os preços subiram 5% em.", True),
        ("Prices rose in %s.", "Os preços subiram em %s.", False),
    ],
)
def test_check_fails_and_build_refuses_what_msgfmt_c_rejects(
    tmp_path: Path, ext: str, source: str, target: str, refused: bool
) -> None:
    import subprocess

    project = _project(tmp_path, ext, source)
    path = project / "locales" / "pt_BR" / "a.po"
    po = polib.pofile(str(path))
    entry = po.find(source)
    assert entry is not None
    entry.msgstr = target
    entry.flags.append("python-format")  # as Babel's writer guesses it
    po.save(str(path))
    msgfmt = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True)
    assert (msgfmt.returncode != 0) is refused
    if refused:
        assert _refused_as_msgfmt_refuses(project, ext)
        _, _, err = run(project, "check")
        assert "format" in err and "(msgfmt -c rejects it)" in err, err
        return
    check_code, check_out, _ = run(project, "check", "--json")
    build_code, _, build_err = run(project, "build")
    assert build_code == 0
    built = (project / "build" / "pt_BR" / f"a.{ext}").read_text(encoding="utf-8")
    errors = [f for f in json.loads(check_out) if f["severity"] == "error"]
    assert check_code == (1 if refused else 0), check_out
    assert [f["check"] for f in errors] == (["format"] if refused else [])
    assert (target in built) is not refused
    assert ("not used" in build_err) is refused
