"""l10n reads a PO file if and only if ``msgfmt -c`` accepts it, and writes back (a load and
save, extract's merge) only files ``msgfmt -c`` accepts: 2,000 mutants of real PO files (fixed seed) judged by both, and the
hand-made cases of issue 10 refused by every command before anything is written.

The one deliberate difference is l10n's UTF-8 rule (see :mod:`l10n.po.files`): msgfmt accepts
bytes it cannot decode (invalid UTF-8 or NUL bytes in a UTF-8 file, a charset it warns it does not
know or a missing one), l10n refuses them with a line number. Each such case is checked against
its own oracle (Python's UTF-8 codec, msgfmt's charset warning), never taken from l10n's answer.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
from pathlib import Path

import polib
import pytest
from po_mutants import msgfmt_verdicts, mutants, utf8_rule
from test_cli import make_project, run, snapshot

from l10n.catalog.merge import merge_catalog
from l10n.catalog.store import PoStyle, load_catalog
from l10n.errors import L10nError, PoSyntaxError

COUNT = 2000
SEED = 10


def _template_of(po: polib.POFile) -> polib.POFile:
    """A template for ``po`` as the next extract would bring: every third message gone, one
    changed (a fuzzy match) and one new."""
    template = polib.POFile()
    template.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    live = [e for e in po if not e.obsolete]
    for index, entry in enumerate(live):
        if index % 3 == 2:
            continue
        msgid = entry.msgid + (" Changed." if index == 1 else "")
        template.append(polib.POEntry(msgid=msgid, msgctxt=entry.msgctxt,
                                      msgid_plural=entry.msgid_plural, flags=list(entry.flags)))
    template.append(polib.POEntry(msgid="A sentence new in this version of the article."))
    return template


def test_reader_agrees_with_msgfmt_on_two_thousand_mutants(tmp_path: Path) -> None:
    batch = mutants(COUNT, seed=SEED)
    paths = []
    for i, mutant in enumerate(batch):
        path = tmp_path / f"m{i}.po"
        path.write_bytes(mutant.data)
        paths.append(path)
    verdicts = msgfmt_verdicts(paths)
    style = PoStyle(width=79)
    too_lax: list[str] = []
    too_strict: list[str] = []
    by_utf8_rule = 0
    saved: dict[int, Path] = {}
    merges: dict[int, Path] = {}
    for i, (mutant, verdict, path) in enumerate(zip(batch, verdicts, paths)):
        what = f"{mutant.name} ({'+'.join(mutant.operations)})"
        try:
            po = load_catalog(path)
        except PoSyntaxError as exc:
            message = str(exc)
            # One line, naming the file and a line.
            assert "\n" not in message and re.match(rf"{re.escape(str(path))}:\d+: ", message), (
                message
            )
            if not verdict.accepted:
                continue
            if utf8_rule(mutant, verdict, message):
                by_utf8_rule += 1
                continue
            too_strict.append(f"{what}: l10n: {message}")
            continue
        if not verdict.accepted:
            too_lax.append(f"{what}: msgfmt: {verdict.message}")
            continue
        out = tmp_path / f"saved{i}.po"
        merged = tmp_path / f"merged{i}.po"
        try:
            style.save(out, po)
            merged.write_text(style.format(merge_catalog(_template_of(po), po)[0]), "utf-8")
        except L10nError as exc:
            too_strict.append(f"{what}: read, but cannot be written back: {exc}")
            continue
        saved[i] = out
        merges[i] = merged
    written = msgfmt_verdicts([*saved.values(), *merges.values()])
    bad_writes = [
        f"{batch[i].name} ({'+'.join(batch[i].operations)}): {how}: {verdict.message}"
        for (i, how), verdict in zip(
            [(i, "load+save") for i in saved] + [(i, "extract's merge") for i in merges], written
        )
        if not verdict.accepted
    ]
    accepted = sum(v.accepted for v in verdicts)
    summary = (
        f"{COUNT} mutants, msgfmt -c accepts {accepted}; l10n accepts {len(saved)}; "
        f"{len(too_strict)} accepted by msgfmt and refused by l10n, {len(too_lax)} refused by "
        f"msgfmt and accepted by l10n, {by_utf8_rule} refused by l10n's UTF-8 rule, "
        f"{len(bad_writes)} written back into a file msgfmt rejects"
    )
    assert (too_strict, too_lax, bad_writes) == ([], [], []), "\n".join(
        [summary, *too_strict[:20], *too_lax[:20], *bad_writes[:20]]
    )
    # The mutants exercise both sides: many accepted, many rejected, all the operations.
    assert 400 < len(saved) < 1600, summary
    assert by_utf8_rule < COUNT // 50, summary
    operations = {op for m in batch for op in m.operations}
    assert {"flip", "cr-only", "lone-cr", "header-field", "plural-index", "empty"} <= operations


def _header_and(entry: str, plural_forms: str = "nplurals=2; plural=(n > 1);") -> str:
    return (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        f'"Language: pt_BR\\n"\n"Plural-Forms: {plural_forms}\\n"\n\n{entry}'
    )


def _cr_only(text: str) -> str:
    return text.replace("\n", "\r")


def _lone_cr(text: str) -> str:
    # One line end of the header comment becomes a lone CR: the comment swallows the header.
    return text.replace("article.\n", "article.\r", 1)


def _newline_mismatch(text: str) -> str:
    return text + '\nmsgid "Ends with a newline\\n"\nmsgstr "Não termina"\n'


def _garbage_plural_forms(text: str) -> str:
    return re.sub(r'"Plural-Forms: [^"]*"', '"Plural-Forms: nplurals=two; plural=n>1;\\\\n"', text)


def _bad_plural_expression(text: str) -> str:
    return re.sub(r'"Plural-Forms: [^"]*"', '"Plural-Forms: nplurals=2; plural=(n > );\\\\n"', text)


def _plural_out_of_range(text: str) -> str:
    forms = re.sub(r'"Plural-Forms: [^"]*"', '"Plural-Forms: nplurals=2; plural=n;\\\\n"', text)
    return forms + '\nmsgid "a file"\nmsgid_plural "files"\nmsgstr[0] "um"\nmsgstr[1] "uns"\n'


def _c_format_mismatch(text: str) -> str:
    return text + '\n#, c-format\nmsgid "%d files in %s"\nmsgstr "%s arquivos em %d"\n'


_HAND_MADE = {
    "cr-only line ends": (_cr_only, "CR-only line ends"),
    "lone CR": (_lone_cr, "lone CR"),
    "empty file": (lambda text: "", "header entry"),
    "whitespace only": (lambda text: " \n\t\n\n", "header entry"),
    "comments only": (lambda text: "# Portuguese\n#, fuzzy\n", "header entry"),
    "header with empty msgstr": (lambda text: 'msgid ""\nmsgstr ""\n', "empty msgstr"),
    "msgid and msgstr not both ending in a newline": (_newline_mismatch, "end with '\\n'"),
    "garbage Plural-Forms": (_garbage_plural_forms, "invalid nplurals"),
    "unparsable plural expression": (_bad_plural_expression, "invalid plural expression"),
    "plural value out of range": (_plural_out_of_range, "as large as"),
    "c-format directives that do not match": (_c_format_mismatch, "c-format"),
}


@pytest.mark.parametrize("name", list(_HAND_MADE))
def test_what_msgfmt_rejects_every_command_refuses_before_writing(tmp_path: Path, name: str) -> None:
    damage, reason = _HAND_MADE[name]
    project = make_project(tmp_path)
    assert run(project, "extract")[0] == 0
    po_file = project / "locales/pt_BR/bakhmut-wagner.po"
    po_file.write_bytes(damage(po_file.read_text(encoding="utf-8")).encode("utf-8"))
    msgfmt = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(po_file)], capture_output=True)
    assert msgfmt.returncode != 0, "the case must be one msgfmt rejects"
    (project / "source/bakhmut-wagner.txt").write_text("A new article.\n", encoding="utf-8")
    before = snapshot(project)
    for command in (["extract"], ["translate", "--engine", "pseudo"], ["status"], ["check"],
                    ["build"]):  # fmt: skip
        code, out, err = run(project, *command)
        assert code == 2, (command, out, err)
        assert err.count("\n") == 1 and "Traceback" not in err, err
        assert re.search(r"locales/pt_BR/bakhmut-wagner\.po:\d+: ", err), err
        assert reason in err, err
        assert snapshot(project) == before, command


def _random_expression(rng: random.Random, depth: int = 0) -> str:
    if depth > 3 or rng.random() < 0.3:
        return rng.choice(["n", "0", "1", "2", "10", "100", "n", "n%10", "(n)"])
    kind = rng.randrange(5)
    a = _random_expression(rng, depth + 1)
    b = _random_expression(rng, depth + 1)
    if kind == 0:
        return f"{a} {rng.choice(['==', '!=', '<', '>', '<=', '>=', '&&', '||'])} {b}"
    if kind == 1:
        return f"{a}{rng.choice(['+', '-', '*', '/', '%'])}{b}"
    if kind == 2:
        return f"({a} ? {b} : {_random_expression(rng, depth + 1)})"
    if kind == 3:
        return f"!{a}"
    # Damage: a stray or missing character.
    text = f"({a} {rng.choice(['==', '?', '&', '|', '=', '!', ':', ')', '('])} {b}"
    return text if rng.random() < 0.5 else text[:-1]


def test_plural_forms_are_judged_as_msgfmt_judges_them(tmp_path: Path) -> None:
    rng = random.Random(10)
    cases = []
    for i in range(400):
        nplurals = rng.choice([1, 2, 3, 4, 6])
        expression = _random_expression(rng)
        forms = "".join(f'msgstr[{k}] "f{k}"\n' for k in range(rng.choice([nplurals, 2])))
        text = (
            'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
            f'"Plural-Forms: nplurals={nplurals}; plural={expression};\\n"\n\n'
            f'msgid "one"\nmsgid_plural "many"\n{forms}'
        )
        path = tmp_path / f"p{i}.po"
        path.write_text(text, encoding="utf-8")
        cases.append((path, expression))
    verdicts = msgfmt_verdicts([path for path, _ in cases])
    wrong = []
    for (path, expression), verdict in zip(cases, verdicts):
        try:
            load_catalog(path)
            accepted = True
        except PoSyntaxError:
            accepted = False
        if accepted != verdict.accepted:
            wrong.append(f"plural={expression}: msgfmt {verdict.message or 'accepts'}")
    assert wrong == [], "\n".join(wrong[:20])
    assert 50 < sum(v.accepted for v in verdicts) < 350
