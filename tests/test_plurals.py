"""Plural-Forms of new catalogs: what GNU msginit writes, whatever the Babel release."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import polib
import pytest

from l10n.locales import plural_forms
from l10n.plurals import CONVENTIONAL, GETTEXT

# Slavic, Baltic, Celtic, CJK, Romance, Germanic, Finno-Ugric, Semitic, Turkic, Greek...
MSGINIT_LOCALES = (
    "pt_BR", "pt", "pt_PT", "es", "es_MX", "fr", "fr_CA", "it", "ca", "ro", "de", "de_CH", "nl",
    "en", "en_GB", "sv", "da", "nb", "nn", "fo", "ru", "uk", "be", "pl", "cs", "sk", "sl", "hr",
    "sr", "sr@latin", "bg", "lt", "lv", "ga", "ja", "ko", "vi", "el", "fi", "et", "hu", "he",
    "tr", "eo",
)

POT = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"\n\nmsgid "a"\nmsgstr ""\n'
)


def msginit_plural_forms(tmp_path: Path, locale: str) -> str | None:
    pot = tmp_path / "t.pot"
    pot.write_text(POT, encoding="utf-8")
    out = subprocess.run(
        ["msginit", "--no-translator", "-l", locale, "-i", str(pot), "-o", "-"],
        capture_output=True, text=True, check=True,
    ).stdout
    value = str(polib.pofile(out).metadata["Plural-Forms"])
    return None if "INTEGER" in value else value


def test_plural_forms_equal_msginit_for_every_locale_it_knows(tmp_path: Path) -> None:
    compared = 0
    for locale in MSGINIT_LOCALES:
        expected = msginit_plural_forms(tmp_path, locale)
        if expected is None:
            continue
        assert plural_forms(locale) == expected, locale
        compared += 1
    assert compared >= 30


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("pt-BR", "nplurals=2; plural=(n > 1);"),
        ("ar", "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5;"),
        ("zh_CN", "nplurals=1; plural=0;"),
        ("zh_Hant", "nplurals=1; plural=0;"),
        ("cy", "nplurals=4; plural=(n==1) ? 0 : (n==2) ? 1 : (n != 8 && n != 11) ? 2 : 3;"),
        ("gd", "nplurals=4; plural=(n==1 || n==11) ? 0 : (n==2 || n==12) ? 1 : (n > 2 && n < 20) ? 2 : 3;"),
    ],
)
def test_languages_msginit_does_not_know_get_the_editors_expression(locale: str, expected: str) -> None:
    assert plural_forms(locale) == expected


def test_every_table_expression_passes_msgfmt_check(tmp_path: Path) -> None:
    for language, value in {**GETTEXT, **CONVENTIONAL}.items():
        nplurals = int(re.match(r"nplurals=(\d+);", value).group(1))  # type: ignore[union-attr]
        forms = "".join(f'msgstr[{i}] "x{i}"\n' for i in range(nplurals))
        po = tmp_path / f"{language}.po"
        po.write_text(
            'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
            f'"Language: {language}\\n"\n"Plural-Forms: {value}\\n"\n\n'
            f'msgid "one"\nmsgid_plural "many"\n{forms}',
            encoding="utf-8",
        )
        result = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(po)], capture_output=True, text=True)
        assert result.returncode == 0, (language, result.stderr)
