"""Plural-Forms headers as gettext's own tools write them.

GNU ``msginit`` takes a new catalog's ``Plural-Forms`` from a fixed table (gettext-tools
``plural-table.c``), and Poedit, Lokalize and Weblate write the same expressions. CLDR's rules,
as Babel renders them, change between Babel releases (Babel 2.19 gives ``pt_BR`` three forms
where every PO editor uses two), and a catalog whose header changes under existing translations
stops matching them. So the header of a new catalog comes from these tables, never from Babel's
current data:

* :data:`GETTEXT` is ``msginit``'s table, verbatim (gettext 0.21 to 0.25 agree); tests compare
  it with ``msginit`` itself.
* :data:`CONVENTIONAL` covers languages ``msginit`` has no entry for, with the expressions
  Translate Toolkit (``translate/lang/data.py``, 3.20) and the translation teams use; Welsh and
  Chinese are written as Poedit does.

A locale is looked up as written (``pt_BR``), then by its language (``pt``); only a language in
neither table falls back to Babel's CLDR rule (:func:`l10n.locales.plural_forms`).
"""

from __future__ import annotations

GETTEXT: dict[str, str] = {
    "ja": "nplurals=1; plural=0;",
    "vi": "nplurals=1; plural=0;",
    "ko": "nplurals=1; plural=0;",
    "en": "nplurals=2; plural=(n != 1);",
    "de": "nplurals=2; plural=(n != 1);",
    "nl": "nplurals=2; plural=(n != 1);",
    "sv": "nplurals=2; plural=(n != 1);",
    "da": "nplurals=2; plural=(n != 1);",
    "no": "nplurals=2; plural=(n != 1);",
    "nb": "nplurals=2; plural=(n != 1);",
    "nn": "nplurals=2; plural=(n != 1);",
    "fo": "nplurals=2; plural=(n != 1);",
    "es": "nplurals=2; plural=(n != 1);",
    "pt": "nplurals=2; plural=(n != 1);",
    "it": "nplurals=2; plural=(n != 1);",
    "bg": "nplurals=2; plural=(n != 1);",
    "el": "nplurals=2; plural=(n != 1);",
    "fi": "nplurals=2; plural=(n != 1);",
    "et": "nplurals=2; plural=(n != 1);",
    "he": "nplurals=2; plural=(n != 1);",
    "eo": "nplurals=2; plural=(n != 1);",
    "hu": "nplurals=2; plural=(n != 1);",
    "tr": "nplurals=2; plural=(n != 1);",
    "ca": "nplurals=2; plural=(n != 1);",
    "pt_BR": "nplurals=2; plural=(n > 1);",
    "fr": "nplurals=2; plural=(n > 1);",
    "lv": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);",
    "ga": "nplurals=3; plural=n==1 ? 0 : n==2 ? 1 : 2;",
    "ro": "nplurals=3; plural=n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2;",
    "lt": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "uk": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "be": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "sr": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "hr": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "cs": "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
    "sk": "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
    "pl": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "sl": "nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);",
}
"""``msginit``'s table: locale or language -> ``Plural-Forms`` value."""

CONVENTIONAL: dict[str, str] = {
    "ach": "nplurals=2; plural=n > 1;",  # Acholi
    "af": "nplurals=2; plural=(n != 1);",  # Afrikaans
    "ak": "nplurals=2; plural=n > 1;",  # Akan
    "am": "nplurals=2; plural=n > 1;",  # Amharic
    "an": "nplurals=2; plural=(n != 1);",  # Aragonese
    "anp": "nplurals=2; plural=(n != 1);",  # Angika
    "ar": "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5;",  # Arabic
    "arn": "nplurals=2; plural=n > 1;",  # Mapudungun
    "as": "nplurals=2; plural=n > 1;",  # Assamese
    "ast": "nplurals=2; plural=(n != 1);",  # Asturian
    "ay": "nplurals=1; plural=0;",  # Aymará
    "az": "nplurals=2; plural=(n != 1);",  # Azerbaijani
    "bn": "nplurals=2; plural=n > 1;",  # Bengali
    "bo": "nplurals=1; plural=0;",  # Tibetan
    "br": "nplurals=2; plural=n > 1;",  # Breton
    "brx": "nplurals=2; plural=(n != 1);",  # Bodo
    "bs": "nplurals=3; plural=n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2;",  # Bosnian
    "cgg": "nplurals=2; plural=n != 1;",  # Chiga
    "csb": "nplurals=3; plural=n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2;",  # Kashubian
    "cy": "nplurals=4; plural=(n==1) ? 0 : (n==2) ? 1 : (n != 8 && n != 11) ? 2 : 3;",  # Welsh
    "doi": "nplurals=2; plural=(n != 1);",  # Dogri
    "dz": "nplurals=1; plural=0;",  # Dzongkha
    "eu": "nplurals=2; plural=(n != 1);",  # Basque
    "fa": "nplurals=2; plural=n > 1;",  # Persian
    "ff": "nplurals=2; plural=n > 1;",  # Fulah
    "fil": "nplurals=2; plural=(n > 1);",  # Filipino
    "fur": "nplurals=2; plural=(n != 1);",  # Friulian
    "fy": "nplurals=2; plural=(n != 1);",  # Frisian
    "gd": "nplurals=4; plural=(n==1 || n==11) ? 0 : (n==2 || n==12) ? 1 : (n > 2 && n < 20) ? 2 : 3;",  # Gaelic
    "gl": "nplurals=2; plural=(n != 1);",  # Galician
    "gu": "nplurals=2; plural=n > 1;",  # Gujarati
    "gun": "nplurals=2; plural=(n > 1);",  # Gun
    "ha": "nplurals=2; plural=(n != 1);",  # Hausa
    "hi": "nplurals=2; plural=n > 1;",  # Hindi
    "hne": "nplurals=2; plural=(n != 1);",  # Chhattisgarhi
    "ht": "nplurals=2; plural=(n != 1);",  # Haitian
    "hy": "nplurals=2; plural=n > 1;",  # Armenian
    "ia": "nplurals=2; plural=(n != 1);",  # Interlingua (International Auxiliary Language Association)
    "id": "nplurals=1; plural=0;",  # Indonesian
    "is": "nplurals=2; plural=(n != 1);",  # Icelandic
    "jbo": "nplurals=1; plural=0;",  # Lojban
    "jv": "nplurals=1; plural=0;",  # Javanese
    "ka": "nplurals=2; plural=n != 1;",  # Georgian
    "kab": "nplurals=2; plural=n > 1;",  # Kabyle
    "kk": "nplurals=2; plural=n != 1;",  # Kazakh
    "kl": "nplurals=2; plural=(n != 1);",  # Greenlandic
    "km": "nplurals=1; plural=0;",  # Central Khmer
    "kn": "nplurals=2; plural=n > 1;",  # Kannada
    "kok": "nplurals=2; plural=(n != 1);",  # Konkani
    "ks": "nplurals=2; plural=(n != 1);",  # Kashmiri
    "ku": "nplurals=2; plural=(n != 1);",  # Kurdish
    "kw": "nplurals=4; plural=(n==1) ? 0 : (n==2) ? 1 : (n == 3) ? 2 : 3;",  # Cornish
    "ky": "nplurals=2; plural=n != 1;",  # Kirghiz
    "lb": "nplurals=2; plural=(n != 1);",  # Luxembourgish
    "ln": "nplurals=2; plural=(n > 1);",  # Lingala
    "lo": "nplurals=1; plural=0;",  # Lao
    "mai": "nplurals=2; plural=(n != 1);",  # Maithili
    "me": "nplurals=3; plural=n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2;",  # Montenegrin
    "mfe": "nplurals=2; plural=(n > 1);",  # Morisyen
    "mg": "nplurals=2; plural=(n > 1);",  # Malagasy
    "mi": "nplurals=2; plural=(n > 1);",  # Maori
    "mk": "nplurals=2; plural=(n==1 || n%10==1 ? 0 : 1);",  # Macedonian
    "ml": "nplurals=2; plural=(n != 1);",  # Malayalam
    "mn": "nplurals=2; plural=(n != 1);",  # Mongolian
    "mni": "nplurals=2; plural=(n != 1);",  # Meithei (Manipuri)
    "mnk": "nplurals=3; plural=(n==0 ? 0 : n==1 ? 1 : 2);",  # Mandinka
    "mr": "nplurals=2; plural=n > 1;",  # Marathi
    "ms": "nplurals=1; plural=0;",  # Malay
    "mt": "nplurals=4; plural=(n==1 ? 0 : n==0 || ( n%100>1 && n%100<11) ? 1 : (n%100>10 && n%100<20 ) ? 2 : 3);",  # Maltese
    "my": "nplurals=1; plural=0;",  # Burmese
    "nah": "nplurals=2; plural=(n != 1);",  # Nahuatl languages
    "nap": "nplurals=2; plural=(n != 1);",  # Neapolitan
    "ne": "nplurals=2; plural=(n != 1);",  # Nepali
    "nqo": "nplurals=1; plural=0;",  # N'Ko
    "nso": "nplurals=2; plural=n > 1;",  # Pedi
    "oc": "nplurals=2; plural=(n > 1);",  # Occitan (post 1500)
    "or": "nplurals=2; plural=(n != 1);",  # Odia
    "pa": "nplurals=2; plural=n > 1;",  # Panjabi
    "pap": "nplurals=2; plural=(n != 1);",  # Papiamento
    "pms": "nplurals=2; plural=(n != 1);",  # Piemontese
    "ps": "nplurals=2; plural=(n != 1);",  # Pushto
    "rm": "nplurals=2; plural=(n != 1);",  # Romansh
    "rw": "nplurals=2; plural=(n != 1);",  # Kinyarwanda
    "sa": "nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);",  # Sanskrit
    "sah": "nplurals=1; plural=0;",  # Yakut
    "sat": "nplurals=2; plural=(n != 1);",  # Santali
    "scn": "nplurals=2; plural=(n != 1);",  # Sicilian
    "sco": "nplurals=2; plural=(n != 1);",  # Scots
    "sd": "nplurals=2; plural=(n != 1);",  # Sindhi
    "se": "nplurals=2; plural=(n != 1);",  # Northern Sami
    "si": "nplurals=2; plural=n > 1;",  # Sinhala
    "so": "nplurals=2; plural=(n != 1);",  # Somali
    "son": "nplurals=1; plural=0;",  # Songhai languages
    "sq": "nplurals=2; plural=(n != 1);",  # Albanian
    "st": "nplurals=2; plural=(n != 1);",  # Sotho, Southern
    "su": "nplurals=1; plural=0;",  # Sundanese
    "sw": "nplurals=2; plural=(n != 1);",  # Swahili
    "szl": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",  # Silesian
    "ta": "nplurals=2; plural=(n != 1);",  # Tamil
    "te": "nplurals=2; plural=(n != 1);",  # Telugu
    "tg": "nplurals=1; plural=0;",  # Tajik
    "th": "nplurals=1; plural=0;",  # Thai
    "ti": "nplurals=2; plural=(n > 1);",  # Tigrinya
    "tk": "nplurals=2; plural=(n != 1);",  # Turkmen
    "tt": "nplurals=1; plural=0;",  # Tatar
    "ug": "nplurals=2; plural=n != 1;",  # Uighur
    "ur": "nplurals=2; plural=(n != 1);",  # Urdu
    "uz": "nplurals=2; plural=n != 1;",  # Uzbek
    "ve": "nplurals=2; plural=(n != 1);",  # Venda
    "wa": "nplurals=2; plural=(n > 1);",  # Walloon
    "wo": "nplurals=1; plural=0;",  # Wolof
    "yo": "nplurals=1; plural=0;",  # Yoruba
    "yue": "nplurals=1; plural=0;",  # Yue
    "zh": "nplurals=1; plural=0;",  # Chinese
    "zu": "nplurals=2; plural=n > 1;",  # Zulu
}
"""Languages ``msginit`` does not know: the conventional expressions of PO editors."""


def conventional_plural_forms(locale: str) -> str | None:
    """The conventional ``Plural-Forms`` of a gettext locale id (``pt_BR``, ``sr@latin``), or
    ``None`` when neither table knows its language."""
    base = locale.split("@", 1)[0]
    language = base.split("_", 1)[0]
    for key in (base, language):
        for table in (GETTEXT, CONVENTIONAL):
            if key in table:
                return table[key]
    return None
