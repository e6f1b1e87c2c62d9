"""format_problem agrees with ``msgfmt -c`` on every entry's format directives."""

from __future__ import annotations

import bisect
import random
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest

from l10n.errors import PoSyntaxError
from l10n.po import format_po, format_problem, load_po, parse_po

TWO_FORMS = "nplurals=2; plural=(n > 1);"
RUSSIAN = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);"
)


@dataclass(frozen=True)
class Case:
    """One entry to judge."""

    flags: tuple[str, ...]
    """Its ``#,`` flags."""
    msgid: str
    """The source."""
    msgstrs: tuple[str, ...]
    """The translation, or one per plural form."""
    msgid_plural: str = ""
    """The plural source; empty for a non-plural entry."""
    plural_forms: str = TWO_FORMS
    """The catalog's Plural-Forms."""


CASES = {
    "c same": Case(("c-format",), "%d files", ("%d arquivos",)),
    "c other type": Case(("c-format",), "%d files", ("%s arquivos",)),
    "c reordered": Case(("c-format",), "%d of %s", ("%2$s de %1$d",)),
    "c one left out": Case(("c-format",), "%d of %s", ("%1$d de %1$d",)),
    "c dropped": Case(("c-format",), "%d files", ("arquivos",)),
    "c added": Case(("c-format",), "files", ("%d arquivos",)),
    "c long vs int": Case(("c-format",), "%ld", ("%d",)),
    "c float and percent": Case(("c-format",), "%5.2f%%", ("%.1f %%",)),
    "c gap in numbers": Case(("c-format",), "%s", ("%2$s",)),
    "c size_t": Case(("c-format",), "%zu items", ("%zu itens",)),
    "c PRI same": Case(("c-format",), "%<PRIu64> bytes", ("%<PRIu64> bytes",)),
    "c PRI signedness": Case(("c-format",), "%<PRIu64> bytes", ("%<PRId64> bytes",)),
    "c star width": Case(("c-format",), "%*d", ("%*d",)),
    "c star width dropped": Case(("c-format",), "%*d", ("%d",)),
    "c invalid msgid": Case(("c-format",), "%y", ("x",)),
    "c invalid msgstr": Case(("c-format",), "%d", ("%d %y",)),
    "c errno": Case(("c-format",), "failed: %m", ("falhou: %m",)),
    "c I flag in msgstr": Case(("c-format",), "%d", ("%Id",)),
    "possible c-format": Case(("possible-c-format",), "%d", ("%s",)),
    "no-c-format": Case(("no-c-format",), "%d", ("%s",)),
    "fuzzy is not checked": Case(("fuzzy", "c-format"), "%d", ("%s",)),
    "100% sure flagged python-format": Case(("python-format",), "100% sure", ("100% de certeza",)),
    "100% sure kept": Case(("python-format",), "100% sure", ("100% seguro",)),
    "100% sure, prose translation": Case(("python-format",), "100% sure", ("com certeza",)),
    "python names reordered": Case(
        ("python-format",), "%(name)s has %(count)d", ("%(count)d para %(name)s",)
    ),
    "python name renamed": Case(("python-format",), "%(name)s", ("%(nome)s",)),
    "python mapping vs tuple": Case(("python-format",), "%(name)s", ("%s",)),
    "python tuple": Case(("python-format",), "%s and %s", ("%s e %s",)),
    "python name dropped": Case(("python-format",), "%(a)s %(b)s", ("%(a)s",)),
    "python percent": Case(("python-format",), "%d%%", ("%d %%",)),
    "python zero precision": Case(("python-format",), "%.0s", ("%d",)),
    "python repr vs str": Case(("python-format",), "%r", ("%s",)),
    "python width star": Case(("python-format",), "%*d", ("%d",)),
    "brace same": Case(("python-brace-format",), "{name} is here", ("{name} está aqui",)),
    "brace renamed": Case(("python-brace-format",), "{name}", ("{nome}",)),
    "brace reordered": Case(("python-brace-format",), "{0} of {1}", ("{1} de {0}",)),
    "brace format spec": Case(("python-brace-format",), "{0}", ("{0:>5}",)),
    "brace attribute": Case(("python-brace-format",), "{user.name}", ("{user.name}",)),
    "brace dropped": Case(("python-brace-format",), "{a} {b}", ("{a}",)),
    "brace invalid msgid": Case(("python-brace-format",), "{x", ("y",)),
    "brace invalid msgstr": Case(("python-brace-format",), "{x}", ("{x",)),
    "brace escaped": Case(("python-brace-format",), "{{x}} {y}", ("{{x}} {y}",)),
    "plural c one form drops the number": Case(
        ("c-format",), "%d file", ("um arquivo", "%d arquivos"), "%d files"
    ),
    "plural c many form drops the number": Case(
        ("c-format",), "%d file", ("%d arquivo", "arquivos"), "%d files"
    ),
    "plural c one form wrong type": Case(
        ("c-format",), "%d file", ("%s arquivo", "%d arquivos"), "%d files"
    ),
    "plural python": Case(
        ("python-format",), "%(n)d file", ("um arquivo", "%(n)d arquivos"), "%(n)d files"
    ),
    "plural python name only in msgstr[0]": Case(
        ("python-format",), "%(n)d file", ("%(x)d arquivo", "%(n)d arquivos"), "%(n)d files"
    ),
    "plural brace": Case(
        ("python-brace-format",), "{n} file", ("um arquivo", "{n} arquivos"), "{n} files"
    ),
    "plural single form is strict": Case(
        ("c-format",), "%d file", ("arquivos",), "%d files", "nplurals=1; plural=0;"
    ),
    "plural russian many form drops": Case(
        ("c-format",), "%d file", ("%d файл", "%d файла", "файлов"), "%d files", RUSSIAN
    ),
    "plural russian one form drops": Case(
        ("c-format",), "%d file", ("файл", "%d файла", "%d файлов"), "%d files", RUSSIAN
    ),
    "plural russian": Case(
        ("c-format",), "%d file", ("%d файл", "%d файла", "%d файлов"), "%d files", RUSSIAN
    ),
    "plural range elides a form": Case(
        ("c-format", "range: 0..1"),
        "%d file",
        ("%d arquivo", "arquivos"),
        "%d files",
        "nplurals=2; plural=(n != 1);",
    ),
}


def catalog(case: Case) -> polib.POFile:
    po = polib.POFile()
    po.metadata = {
        "Project-Id-Version": "t 1",
        "PO-Revision-Date": "2026-12-01 00:00+0000",
        "Last-Translator": "t <t@example.com>",
        "Language-Team": "t",
        "Language": "pt_BR",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": case.plural_forms,
    }
    if case.msgid_plural:
        entry = polib.POEntry(
            msgid=case.msgid,
            msgid_plural=case.msgid_plural,
            msgstr_plural=dict(enumerate(case.msgstrs)),
            flags=list(case.flags),
        )
    else:
        entry = polib.POEntry(msgid=case.msgid, msgstr=case.msgstrs[0], flags=list(case.flags))
    po.append(entry)
    return po


@pytest.mark.parametrize("name", list(CASES))
def test_format_problem_agrees_with_msgfmt_check(name: str, tmp_path: Path) -> None:
    case = CASES[name]
    path = tmp_path / "a.po"
    path.write_text(format_po(catalog(case)), encoding="utf-8")
    verdict = subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    po = parse_po(path.read_text(encoding="utf-8"), path=path)
    problem = format_problem(po[0], plural_forms=po.metadata.get("Plural-Forms"))
    assert (problem is None) == (verdict.returncode == 0), (problem, verdict.stderr)
    # The reader refuses exactly what msgfmt -c refuses, with the problem's words.
    try:
        load_po(path)
    except PoSyntaxError as exc:
        assert problem is not None and problem in str(exc), (problem, str(exc))
    else:
        assert problem is None


def test_fuzzy_entries_are_checked_on_request() -> None:
    entry = polib.POEntry(msgid="%d", msgstr="%s", flags=["fuzzy", "c-format"])
    assert format_problem(entry) is None
    assert format_problem(entry, include_fuzzy=True) == (
        "format specifications in 'msgid' and 'msgstr' for argument 1 are not the same (c-format)"
    )


def test_the_problem_names_the_plural_form_and_the_format() -> None:
    entry = polib.POEntry(
        msgid="%(n)d file",
        msgid_plural="%(n)d files",
        msgstr_plural={0: "%(n)d arquivo", 1: "arquivos"},
        flags=["python-format"],
    )
    assert format_problem(entry, plural_forms=TWO_FORMS) == (
        "a format specification for argument 'n' doesn't exist in 'msgstr[1]' (python-format)"
    )


PIECES = (
    "a ",
    "text",
    " ",
    "%d",
    "%s",
    "%i",
    "%u",
    "%ld",
    "%zu",
    "%5.2f",
    "%%",
    "%*d",
    "%.*s",
    "%1$s",
    "%2$d",
    "%1$d",
    "%c",
    "%y",
    "%m",
    "%-3s",
    "%(a)s",
    "%(b)d",
    "%(a)d",
    "%r",
    "%.0s",
    "% s",
    "{0}",
    "{1}",
    "{a}",
    "{b.c}",
    "{a[0]}",
    "{a:>3}",
    "{0:{1}}",
    "{{",
    "}}",
    "{",
    "}",
    "100%",
)
LANGUAGES = ("c-format", "python-format", "python-brace-format", "possible-c-format")


def random_text(r: random.Random) -> str:
    return "".join(r.choice(PIECES) for _ in range(r.randint(0, 4)))


def test_random_directives_get_msgfmts_verdict_entry_by_entry(tmp_path: Path) -> None:
    r = random.Random(7)
    po = catalog(Case((), "x", ("y",)))
    del po[0]
    for index in range(600):
        flags = [r.choice(LANGUAGES)]
        if r.random() < 0.3:
            entry = polib.POEntry(
                msgctxt=str(index),
                msgid=random_text(r) or "x",
                msgid_plural=random_text(r) or "xs",
                msgstr_plural={0: random_text(r) or "y", 1: random_text(r) or "ys"},
                flags=flags,
            )
        else:
            entry = polib.POEntry(
                msgctxt=str(index),
                msgid=random_text(r) or "x",
                msgstr=random_text(r) or "y",
                flags=flags,
            )
        po.append(entry)
    path = tmp_path / "a.po"
    path.write_text(format_po(po), encoding="utf-8")
    verdict = subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    loaded = parse_po(path.read_text(encoding="utf-8"), path=path)
    starts = [entry.linenum for entry in loaded]
    # msgfmt names a line of the entry (its msgstr): the entry is the last one starting before.
    lines = re.finditer(rf"^{re.escape(str(path))}:(\d+):", verdict.stderr, re.MULTILINE)
    rejected = {starts[bisect.bisect_right(starts, int(m.group(1))) - 1] for m in lines}
    plural_forms = loaded.metadata.get("Plural-Forms")
    mine = {e.linenum for e in loaded if format_problem(e, plural_forms=plural_forms) is not None}
    assert 50 < len(rejected) < 550, verdict.stderr
    assert mine == rejected
