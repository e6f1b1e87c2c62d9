"""Benchmark the checks (:mod:`l10n.catalog.checks`) on human translations: how often do they
speak up on sentences a translator wrote and a team reviewed?

Question: does any ERROR check (which makes ``build`` refuse a sentence) fire on correct
translations, and how noisy is each warning? Goal: no error at all; every warning under ~3 % of
sentences except where the catalogs' own style differs from news prose (Japanese software
messages often drop the final ``。``; French ones end with ``\u00a0: `` and re-wrap command-line
help, which the white-space check reports).

Sentences: the translator-reviewed message catalogs Debian installs under
``/usr/share/locale/<locale>/LC_MESSAGES/*.mo`` for pt_BR, de, fr and ja (GNU coreutils, tar,
grep, apt, dpkg, glib, GTK, systemd, PostgreSQL...; see :mod:`benchmarks.repairs` for their
provenance and licences). Only prose-like messages are kept, as ``repairs.py`` keeps them: one
source line starting with a capital, 5-40 words, ending with ``.``, ``!``, ``?`` or ``:``, no
format directive, with a translation; deduplicated per locale. Checked as plain text (no
Markdown scope), source locale ``en``.

Run: ``.venv/bin/python benchmarks/checks.py [--examples N]``
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import polib

from l10n.catalog.checks import CheckContext, Scope, check_entry

LOCALES = ("pt_BR", "de", "fr", "ja")
_PROSE = re.compile(r"^[A-Z][^\n]*[.!?:]\n?$")
_DIRECTIVE = re.compile(r"%|\{|\$")


def pairs(locale: str) -> list[tuple[str, str]]:
    """(English, translation) of the prose-like messages of the installed catalogs of ``locale``."""
    seen: dict[str, str] = {}
    for mo in sorted(Path(f"/usr/share/locale/{locale}/LC_MESSAGES").glob("*.mo")):
        if mo.name.startswith("iso_"):
            continue
        try:
            catalog = polib.mofile(str(mo))
        except (OSError, ValueError, UnicodeDecodeError):
            continue
        for entry in catalog:
            source, target = entry.msgid, entry.msgstr
            if (target and not entry.msgid_plural and _PROSE.match(source)
                    and 5 <= len(source.split()) <= 40 and not _DIRECTIVE.search(source)):
                seen.setdefault(source, target)
    return list(seen.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=0, help="show N findings per check")
    args = parser.parse_args()
    errors = 0
    for locale in LOCALES:
        sentences = pairs(locale)
        if not sentences:
            print(f"{locale}: no installed catalogs")
            continue
        counts: Counter[tuple[str, str]] = Counter()
        examples: dict[str, list[str]] = defaultdict(list)
        context = CheckContext("en", locale)
        for source, target in sentences:
            for name, severity, message in check_entry(source, target, [Scope.TEXT], context):
                counts[(severity.value, name)] += 1
                if len(examples[name]) < args.examples:
                    examples[name].append(f"    {name}: {message}: {source[:70]!r} -> {target[:70]!r}")
        errors += sum(v for (severity, _), v in counts.items() if severity == "error")
        shown = ", ".join(f"{name} ({severity}) {v} = {100 * v / len(sentences):.1f} %"
                          for (severity, name), v in counts.most_common())
        print(f"{locale}: {len(sentences)} sentences; {shown or 'no finding'}")
        for lines in examples.values():
            if lines:
                print("\n".join(lines))
    print(f"errors on human translations: {errors}")


if __name__ == "__main__":
    main()
