"""Mutated PO files and GNU msgfmt's verdict on them: the fuzzing oracle of ``l10n.po``.

:func:`mutants` derives damaged variants of a few real PO files with a seeded random generator
(the same seed gives the same files): byte flips, deleted, duplicated and swapped lines, quotes
and backslashes inserted, header fields corrupted, line endings changed, flags and comments
added or removed, plural indices and format directives changed. :func:`msgfmt_verdicts` runs
``msgfmt -c`` on a batch of files in parallel. Used by ``tests/test_po_fuzz.py`` and
``benchmarks/po_fuzz.py``.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = (
    ROOT / "tests/data/po/tricky.po",
    ROOT / "tests/data/po/unusual_header.po",
    ROOT / "tests/data/po/formats.po",
    ROOT / "tests/data/po/template.pot",
    ROOT / "locales/pt_BR/bakhmut-wagner.po",
)
"""The real files mutated; the sample's catalog is cut to its first entries to keep runs short."""

MSGFMT_CHECK = ("msgfmt", "--check", "-o", os.devnull)
"""The oracle: ``msgfmt -c`` (format, header and domain checks), what l10n promises to match."""


@dataclass(frozen=True)
class Mutant:
    """One damaged PO file."""

    name: str
    """Seed file and mutation numbers, e.g. ``tricky.po#17``."""
    data: bytes
    """The file's bytes."""
    operations: tuple[str, ...]
    """The mutations applied, in order."""


@dataclass(frozen=True)
class Verdict:
    """What msgfmt said about one file."""

    accepted: bool
    """Exit status 0."""
    message: str
    """Its first error line, empty when accepted."""
    charset_unknown: bool
    """It warned that the header's charset is missing or not one it knows, so it read the
    bytes without decoding them."""


def seed_texts() -> list[tuple[str, bytes]]:
    """The seed files' bytes, the sample catalog cut after its first 12 entries."""
    seeds = []
    for path in SEEDS:
        data = path.read_bytes()
        if path.name == "bakhmut-wagner.po":
            blocks = data.split(b"\n\n")
            data = b"\n\n".join(blocks[:13]) + b"\n"
        seeds.append((path.name, data))
    return seeds


_HEADER_GARBAGE = (
    b"Plural-Forms: garbage",
    b"Plural-Forms: nplurals=2; plural=n>;",
    b"Plural-Forms: nplurals=1; plural=n != 1;",
    b"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : 1);",
    b"Plural-Forms: nplurals=2; plural=n/0;",
    b"Plural-Forms: nplurals=x; plural=0;",
    b"Plural-Forms: nplurals=4; plural=n%4;",
    b"Plural-Forms: nplurals=2; plural=(n > 1)",
    b"Plural-Forms: nplurals=2; plural=n-1;",
    b"Plural-Forms: nplurals=2 plural=!n;",
    b"Plural-Forms: plural=n!=1;",
    b"Language: ",
    b"Language: xx_YY@zz",
    b"Content-Type: text/plain",
    b"Content-Type: text/plain; charset=",
    b"MIME-Version: 2.0",
    b"Content-Transfer-Encoding: base64",
    b"X-Junk: \\x41",
)
_FLAGS = (b"fuzzy", b"c-format", b"no-c-format", b"python-format", b"python-brace-format",
          b"fuzzy, c-format", b"range: 0..10", b"wrap")  # fmt: skip
_DIRECTIVES = (b"%d", b"%s", b"%1$s", b"%2$d", b"%%", b"%(name)s", b"{name}", b"{0}", b"%",
               b"%-10s", b"%lu", b"{", b"}")  # fmt: skip


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def _flip(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    if not data:
        return "flip", b"x"
    i = rng.randrange(len(data))
    if rng.random() < 0.5:
        value = data[i] ^ (1 << rng.randrange(8))
    else:
        value = rng.choice(b'"\\#\n\r\t []0123456789~|:,.%{}x\x04\x80\xc3\xff ')
    return "flip", data[:i] + bytes([value]) + data[i + 1 :]


def _delete_line(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    lines = _lines(data)
    del lines[rng.randrange(len(lines))]
    return "delete-line", b"\n".join(lines)


def _duplicate_line(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    lines = _lines(data)
    i = rng.randrange(len(lines))
    lines.insert(i, lines[i])
    return "duplicate-line", b"\n".join(lines)


def _swap_lines(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    lines = _lines(data)
    i = rng.randrange(len(lines))
    j = min(len(lines) - 1, i + 1)
    lines[i], lines[j] = lines[j], lines[i]
    return "swap-lines", b"\n".join(lines)


def _insert(what: bytes, name: str) -> Callable[[random.Random, bytes], tuple[str, bytes]]:
    def insert(rng: random.Random, data: bytes) -> tuple[str, bytes]:
        i = rng.randrange(len(data) + 1)
        return name, data[:i] + what + data[i:]

    return insert


def _header_field(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    field = rng.choice(_HEADER_GARBAGE)
    key = field.split(b":", 1)[0]
    pattern = re.compile(rb'"' + re.escape(key) + rb':[^\n]*\\n"(\n"[^\n]*")*')
    replacement = b'"' + field + b'\\n"'
    if pattern.search(data):
        return "header-field", pattern.sub(lambda _: replacement, data, count=1)
    at = data.find(b'msgstr ""\n"')
    if at < 0:
        return "header-field", data
    at += len(b'msgstr ""\n')
    return "header-field", data[:at] + replacement + b"\n" + data[at:]


def _line_endings(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    choice = rng.randrange(4)
    if choice == 0:
        return "crlf", data.replace(b"\n", b"\r\n")
    if choice == 1:
        return "cr-only", data.replace(b"\n", b"\r")
    positions = [m.start() for m in re.finditer(b"\n", data)]
    if not positions:
        return "lone-cr", data
    i = rng.choice(positions)
    if choice == 2:
        return "lone-cr", data[:i] + b"\r" + data[i + 1 :]
    return "one-crlf", data[:i] + b"\r" + data[i:]


def _entry_starts(data: bytes) -> list[int]:
    return [m.start() + 1 for m in re.finditer(rb"\n(?=msgid |msgctxt |#)", data)] or [0]


def _flag(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    if rng.random() < 0.4:
        flags = [m for m in re.finditer(rb"^#,[^\n]*\n", data, re.M)]
        if flags:
            m = rng.choice(flags)
            return "drop-flags", data[: m.start()] + data[m.end() :]
    i = rng.choice(_entry_starts(data))
    return "add-flag", data[:i] + b"#, " + rng.choice(_FLAGS) + b"\n" + data[i:]


def _comment(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    lines = _lines(data)
    i = rng.randrange(len(lines))
    prefix = rng.choice((b"#~ ", b"#| ", b"# ", b"#", b"#. ", b"#: ", b"#~| ", b"#:"))
    if rng.random() < 0.5:
        lines[i] = prefix + lines[i]
    else:
        lines.insert(i, prefix + rng.choice((b"note", b"a.c:1", b"fuzzy", b"", b"msgid \"x\"")))
    return "comment", b"\n".join(lines)


def _plural_index(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    found = list(re.finditer(rb"msgstr\[(\d+)\]", data))
    if not found:
        i = rng.choice(_entry_starts(data))
        entry = b'msgid "one"\nmsgid_plural "many"\nmsgstr[0] "um"\nmsgstr[1] "muitos"\n\n'
        return "add-plural", data[:i] + entry + data[i:]
    m = rng.choice(found)
    choice = rng.randrange(3)
    if choice == 0:
        new = b"msgstr[" + str(rng.randrange(5)).encode() + b"]"
        return "plural-index", data[: m.start()] + new + data[m.end() :]
    line_end = data.find(b"\n", m.end())
    line_end = len(data) if line_end < 0 else line_end
    if choice == 1:
        return "drop-plural-form", data[: m.start()] + data[line_end + 1 :]
    extra = b'\nmsgstr[' + str(int(m.group(1)) + 1).encode() + b'] "extra"'
    return "extra-plural-form", data[:line_end] + extra + data[line_end:]


def _string_end(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    found = [m for m in re.finditer(rb'(msgstr(?:\[\d\])?|msgid) "([^"\n]*)"\n(?!")', data)]
    if not found:
        return "newline", data
    m = rng.choice(found)
    body = m.group(2)
    choice = rng.randrange(4)
    if choice == 0:
        body = body + b"\\n"
    elif choice == 1:
        body = body[:-2] if body.endswith(b"\\n") else b"\\n" + body
    elif choice == 2:
        body = b""
    else:
        i = rng.randrange(len(body) + 1)
        body = body[:i] + rng.choice(_DIRECTIVES) + body[i:]
    new = m.group(1) + b' "' + body + b'"\n'
    return "string", data[: m.start()] + new + data[m.end() :]


def _truncate(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    return "truncate", data[: rng.randrange(len(data) + 1)]


def _blank(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    choice = rng.randrange(3)
    if choice == 0:
        return "empty", b""
    if choice == 1:
        return "whitespace-only", b" \n\t\n\n"
    return "comments-only", b"".join(line + b"\n" for line in _lines(data) if line.startswith(b"#"))


_OPERATIONS: tuple[tuple[Callable[[random.Random, bytes], tuple[str, bytes]], int], ...] = (
    (_flip, 6),
    (_delete_line, 4),
    (_duplicate_line, 3),
    (_swap_lines, 2),
    (_insert(b'"', "insert-quote"), 3),
    (_insert(b"\\", "insert-backslash"), 3),
    (_header_field, 5),
    (_line_endings, 3),
    (_flag, 4),
    (_comment, 4),
    (_plural_index, 4),
    (_string_end, 6),
    (_truncate, 1),
    (_blank, 1),
)


def mutants(count: int, *, seed: int = 10) -> list[Mutant]:
    """``count`` mutants of the seed files, one to three mutations each, always the same for
    the same ``seed``."""
    rng = random.Random(seed)
    seeds = seed_texts()
    functions = [f for f, _ in _OPERATIONS]
    weights = [w for _, w in _OPERATIONS]
    out: list[Mutant] = []
    for number in range(count):
        name, data = seeds[number % len(seeds)]
        operations: list[str] = []
        for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
            operation = rng.choices(functions, weights)[0]
            label, data = operation(rng, data)
            operations.append(label)
        out.append(Mutant(f"{name}#{number}", data, tuple(operations)))
    return out


def msgfmt_verdicts(paths: Iterable[Path], *, workers: int = 4) -> list[Verdict]:
    """``msgfmt -c``'s verdict on each file, run ``workers`` at a time."""

    def one(path: Path) -> Verdict:
        done = subprocess.run([*MSGFMT_CHECK, str(path)], capture_output=True, check=False)
        stderr = done.stderr.decode("utf-8", "replace")
        unknown = "Charset missing in header" in stderr or "not a portable encoding" in stderr
        errors = [
            line
            for line in stderr.splitlines()
            if "warning:" not in line and "found " not in line and not line.startswith(" ")
        ]
        if done.returncode == 0:
            return Verdict(True, "", unknown)
        return Verdict(False, errors[0] if errors else "", unknown)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(one, paths))


def undecodable(data: bytes) -> bool:
    """Python's codec, not l10n's reader: bytes that are not UTF-8 text, or hold a NUL byte."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return b"\0" in data


def utf8_rule(mutant: Mutant, verdict: Verdict, message: str) -> bool:
    """Whether l10n's UTF-8 rule, not a disagreement with msgfmt, explains l10n's refusal
    ``message`` of a mutant msgfmt accepted: its bytes are not UTF-8 (Python's codec says so) or
    msgfmt warned it does not know the charset, and the message says so."""
    explained = undecodable(mutant.data) or verdict.charset_unknown
    return explained and re.search("UTF-8|charset|NUL", message) is not None
