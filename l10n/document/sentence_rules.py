"""The rule layer of sentence segmentation: languages, abbreviation tables and vetoes.

Why this module exists: sentencex cuts after every period it cannot explain, and news copy is
full of periods that end nothing ("Sen. Warren", "9 p.m. ET", "am 3. Oktober"). The fixes are
data, so they live here as explicit tables and an ordered tuple of small veto functions, each
looking at one candidate break and saying "not here". Two small finders add the breaks the
engine never proposes: after a parenthesised sentence ("(See below.) The end.") and before each
item of a numbered list written inside one paragraph ("1. First 2. Second"). The mapping of breaks
to offsets is :mod:`l10n.document.segment`'s job.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import lru_cache, partial
from typing import Final, Literal, NamedTuple

__all__ = [
    "ABBREVIATIONS",
    "FINDERS",
    "VETOES",
    "AbbreviationKind",
    "Break",
    "Finder",
    "break_at",
    "supported_language",
    "is_vetoed",
]

# --------------------------------------------------------------------------------------------
# Languages
# --------------------------------------------------------------------------------------------

SEGMENTER_LANGUAGES: Final = frozenset(
    {"am", "ar", "bg", "bn", "ca", "da", "de", "el", "en", "es", "fi", "fr", "gu", "hi", "hy"}
    | {"it", "ja", "kk", "kn", "ml", "mr", "my", "nl", "pa", "pl", "pt", "ru", "sk", "ta", "te"}
    | {"uk"}
)
"""Languages with their own rules in sentencex 1.0.32; any other code gets its English rules."""

LANGUAGE_ALIASES: Final[Mapping[str, str]] = {
    # The closest language with rules, as sentencex's own fallback table has it.
    "an": "es",
    "ast": "es",
    "cs": "sk",
    "gl": "pt",
    "gsw": "de",
    "lb": "de",
    "oc": "ca",
    "rue": "uk",
}
"""Languages without rules of their own that are segmented with a close relative's rules."""


@lru_cache(maxsize=256)
def supported_language(lang: str) -> str:
    """The segmenter's language code for a locale or language tag; ``"en"`` when it has none.

    Accepts POSIX and BCP 47 spellings: ``"pt_BR"``, ``"pt-BR"``, ``"de_DE.UTF-8"``, ``"sr@latin"``.
    """
    base = re.split(r"[-_.@]", lang.strip(), maxsplit=1)[0].lower()
    if base in SEGMENTER_LANGUAGES:
        return base
    return LANGUAGE_ALIASES.get(base, "en")


# --------------------------------------------------------------------------------------------
# Rule tables (the only place to edit when a new exception is found; each entry has a test)
# --------------------------------------------------------------------------------------------

AbbreviationKind = Literal["title", "number", "final"]
"""How an abbreviation ending in a period behaves before a possible sentence break.

``title``: written before a name or noun (``Dr.``, ``Sen.``, ``vs.``); never ends a sentence.
``number``: written before a number (``No. 5``, ``p. 55``, ``Art. 3``); no break before a digit.
``final``: may end a sentence (``Inc.``, ``Jr.``, ``etc.``); a break stands only before a
capitalised word or an opening quote, never before a digit or a parenthesis.
"""


def _kinds(title: str = "", number: str = "", final: str = "") -> Mapping[str, AbbreviationKind]:
    table: dict[str, AbbreviationKind] = {}
    columns: tuple[tuple[str, AbbreviationKind], ...] = (
        (title, "title"),
        (number, "number"),
        (final, "final"),
    )
    for words, kind in columns:
        for word in words.split():
            table[word] = kind
    return table


ABBREVIATIONS: Final[Mapping[str, Mapping[str, AbbreviationKind]]] = {
    "en": _kinds(
        title="Mr. Mrs. Ms. Mx. Messrs. Mmes. Dr. Drs. Prof. Profs. Sen. Sens. Rep. Reps. Gov. "
        "Govs. Gen. Gens. Lt. Col. Maj. Capt. Cmdr. Adm. Brig. Sgt. Cpl. Pvt. Supt. Det. Insp. "
        "Rev. Msgr. Hon. Pres. Atty. Amb. Rt. Mt. Ft. St. Ste. vs. v. e.g. i.e. cf.",
        number="No. Nos. Vol. vol. Vols. Art. art. Fig. fig. Figs. Ch. ch. p. pp. approx. ca. "
        "Jan. Feb. Mar. Apr. Jun. Jul. Aug. Sep. Sept. Oct. Nov. Dec.",
        final="Jr. Sr. Inc. Corp. Co. Cos. Ltd. Bros. Plc. LLC. etc. al.",
    ),
    "es": _kinds(
        title="Sr. Sra. Srta. Sres. Sras. Dr. Dra. Lic. Ing. Arq. Prof. Profa. Gral. Cnel. Tte. "
        "Cap. Sto. Sta. Excmo. Excma. Ilmo. Ilma. Dña. Av. Avda. Ud. Uds. Vd. Vds. EE.",
        number="art. núm. pág. págs. p. pp. vol. cap.",
        final="etc. Cía. Hnos.",
    ),
    "de": _kinds(
        title="Hr. Hrn. Fr. Frl. Dr. Prof. Dipl. St. Mio. Mrd. Tsd. bzw. vgl. ggf. evtl. inkl. "
        "zzgl. sog. z. u.",
        number="Nr. Abs. Art. Bd. Kap. ca. Jan. Feb. Apr. Aug. Sept. Okt. Nov. Dez.",
        final="usw. etc.",
    ),
    "fr": _kinds(
        title="MM. Mme. Mlle. Dr. Pr. Me. Mgr. St. Ste. cf.",
        number="p. pp. art. n. no. chap. vol. env.",
        final="etc.",
    ),
    "pt": _kinds(
        title="Sr. Sra. Srta. Srs. Dr. Dra. Prof. Profa. Eng. Exmo. Exma. Av. Sto. Sta. Gen. Cel. "
        "Ten. Cap. Dep. Sen. Pe.",
        number="art. pág. págs. p. pp. n. cap. vol.",
        final="etc. Ltda. Cia.",
    ),
    "ru": _kinds(
        title="им. ул. пр. просп. пер. пл. проф. акад. ген. св. тов.",
        number="д. стр. с. п. ст. т. рис. гл.",
        final="руб. тыс. млн. млрд. коп.",
    ),
}
"""Abbreviations the engine splits after (or may), per segmenter language, with their kind."""

INITIAL_EXCEPTIONS: Final[Mapping[str, frozenset[str]]] = {"en": frozenset({"I"})}
"""Capital letters that end sentences often enough to be left to the engine ("you and I.")."""

NO_BREAK_BEFORE: Final = frozenset(",;:)]}-")
"""A sentence never starts with one of these characters."""

OPENERS: Final = "\"'“‘«‹„‚([{¿¡—–"
"""Opening quotes, brackets and dashes: skipped to find the first letter of a word."""

_OPENERS_AND_SPACE: Final = OPENERS + " "

MERIDIEMS: Final = frozenset({"a.m.", "p.m."})
"""Time-of-day abbreviations that may be followed by a time zone or a day within a sentence."""

TIME_ZONES: Final = frozenset(
    {"ET", "EST", "EDT", "CT", "CST", "CDT", "MT", "MST", "MDT", "PT", "PST", "PDT", "AKST"}
    | {"AKDT", "HST", "GMT", "UTC", "BST", "IST", "CET", "CEST", "EET", "EEST", "WET", "WEST"}
    | {"MSK", "JST", "KST", "HKT", "SGT", "AEST", "AEDT", "ACST", "AWST", "NZST", "NZDT"}
)
"""Time-zone abbreviations that follow "a.m."/"p.m." in news copy ("9 p.m. ET")."""

def _words(words: str) -> frozenset[str]:
    return frozenset(words.split())


MERIDIEM_FOLLOWERS: Final = TIME_ZONES | _words(
    "Eastern Central Mountain Pacific Atlantic Alaska Hawaii Greenwich "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday "
    "Mon. Tue. Tues. Wed. Thu. Thur. Thurs. Fri. Sat. Sun. "
    "January February March April May June July August September October November December "
    "Jan. Feb. Mar. Apr. Jun. Jul. Aug. Sep. Sept. Oct. Nov. Dec."
)
"""Capitalised words that continue a sentence after "a.m."/"p.m." in news copy: "5 p.m. Eastern
time", "9 a.m. Friday", "10 p.m. Jan. 5" (a sentence then ends only before another word)."""

LIST_BULLETS: Final = "•⁃‣◦∙"
"""Bullets written before a list number inside a paragraph ("⁃9. The first item")."""

_LONE_MARKER: Final = re.compile(
    r"[^\w\s]*\s*[" + LIST_BULLETS + r"]?\s*(?:\d{1,3}|[A-Za-z]|[ivxlc]{1,6}|[IVXLC]{1,6})(?:\.\)?|\))"
)
"""A sentence that is only a list marker, perhaps behind a heading's or a bullet's punctuation:
"1.", "iv.", "b)", "⁃9.", "#### 1.", "• 2." (text before the marker is not a word)."""

_LONGEST_MARKER: Final = 8
"""The longest list marker ``_LONE_MARKER`` matches on its own: six roman numerals and ".)"."""

_LIST_MARKER: Final = re.compile(
    r"(?:(?<=\s)|^)([" + LIST_BULLETS + r"]?)(\d{1,3}|[a-z])(\.\)|\.|\))(?= )"
)
"""A list marker inside a paragraph: bullet, number or lower-case letter, ``.``/``)``/``.)``."""

_PARENTHESISED_END: Final = re.compile(r"[.!?…][\"”’»]?\)(?= +[\"“‘«(\[]?[A-Z])")
"""A sentence that ends inside parentheses, before a capitalised word: "(See below.) The"."""

TIGHT_TERMINATORS: Final = frozenset("。！？｡．")
"""Full stops of scripts written without spaces between sentences; a cut may follow directly."""

TIGHT_CLOSERS: Final = frozenset("」』）】〕〉》”’\"')")
"""Closing quotes and brackets that may follow such a full stop within the same sentence."""

ORDINAL_DOT_LANGUAGES: Final = frozenset({"de"})
"""Languages that write ordinals as a number and a period ("am 3. Oktober", "im 19. Jh.")."""

_DATELINE_CREDIT: Final = re.compile(r"\([A-Z][\w&.'-]*(?: [A-Z][\w&.'-]*){0,3}\) ?(?:—|–|-)")
"""A wire credit after a dateline: "(CNN) —", "(Reuters) -", "(CNN Business) —"."""


# --------------------------------------------------------------------------------------------
# Vetoes: each looks at one candidate break in the shadow text and says "not here"
# --------------------------------------------------------------------------------------------


class Break(NamedTuple):
    """One break proposed by the engine, as seen in the shadow text.

    A named tuple rather than a frozen dataclass: one is built per candidate break, and the
    dataclass constructor alone cost more than the engine.
    """

    word: str
    """The last whitespace-delimited word before the break, without opening quotes or brackets
    ("Mr.", "report.”"); after an elision apostrophe only the elided word ("l'art." -> "art.")."""
    left: str
    """The same word as written, openers included."""
    right: str
    """The first whitespace-delimited word after the break."""
    after: str
    """A bounded look-ahead of the shadow text from the start of ``right``."""
    right_is_stand_in: bool
    """Whether ``right`` begins with the stand-in of hidden markup (a code span's "xxx")."""
    lang: str
    """The segmenter language code."""
    head: str
    """The shadow text of the sentence so far, from its start (the previous break) to this
    break; at most ``LOOKAHEAD`` characters, a longer sentence is cut at the front."""


def continues_sentence(b: Break) -> bool:
    """No break before a lower-case letter ("a lot… there are") or before ``, ; : ) -``."""
    if b.right[0] in NO_BREAK_BEFORE:
        return True
    if b.right_is_stand_in:
        return False  # "`npm` is a tool." may start a sentence
    rest = b.after.lstrip(_OPENERS_AND_SPACE)  # "—¿qué?", "— спросила она"
    return rest[:1].islower()


def after_initial(b: Break) -> bool:
    """No break after a lone capital initial ("E. Macron", "J. R. R. Tolkien")."""
    word = b.word
    return (
        len(word) == 2
        and word[1] == "."
        and word[0].isupper()
        and word[0] not in INITIAL_EXCEPTIONS.get(b.lang, ())
    )


def after_abbreviation(b: Break) -> bool:
    """No break after a title, nor after ``No.``-like words before a digit (``ABBREVIATIONS``)."""
    table = ABBREVIATIONS.get(b.lang)
    if not table:
        return False
    word = b.word
    if not word:
        return False
    kind = table.get(word)
    if kind is None and word.isupper():
        kind = table.get(word[0] + word[1:].lower())  # datelines: "ST. PETERSBURG"
    if kind is None and word[:1].isupper():
        kind = table.get(word[0].lower() + word[1:])  # sentence-initial "Vol.", "E.g."
    if kind == "title":
        return True
    if kind == "number":
        return b.right[0].isdigit()
    if kind == "final":
        first = b.right[0]
        return not (first.isupper() or (first in OPENERS and first not in "([{"))
    return False


def meridiem_time_zone(b: Break) -> bool:
    """No break between "a.m."/"p.m." and a time zone or a day ("9 p.m. ET.", "5 p.m. Eastern
    time", "10 a.m. Friday"); ``MERIDIEM_FOLLOWERS``."""
    left = b.left
    if len(left) != 4 or left.lower() not in MERIDIEMS:  # the length test spares the lower()
        return False
    right = b.right.strip("()[],;:!?")
    return right in MERIDIEM_FOLLOWERS or right.rstrip(".") in MERIDIEM_FOLLOWERS


def lone_list_marker(b: Break) -> bool:
    """No sentence that is only a list marker: "#### 1. Definitions", "1. The first item"."""
    head = b.head
    if head[-1:] not in (".", ")"):  # every marker ends so: spares the regex after "?" or "”"
        return False
    if len(head) > _LONGEST_MARKER and (head[0].isalnum() or head[0] == "_"):
        # A head that opens with a word character (``\w``) has no punctuation or bullet before
        # its marker, so it would be the marker alone: too long for one (most sentences).
        return False
    return _LONE_MARKER.fullmatch(head) is not None


def ordinal_number(b: Break) -> bool:
    """No break after an ordinal written "3." where the language writes ordinals so."""
    if b.lang not in ORDINAL_DOT_LANGUAGES:
        return False
    word = b.word
    return 2 <= len(word) <= 4 and word[-1] == "." and word[:-1].isdigit()


def before_wire_credit(b: Break) -> bool:
    """No break before a dateline's wire credit ("WASHINGTON, D.C. (CNN) — The...")."""
    if b.after[:1] != "(":  # a credit opens with one: a slice test is cheaper than the match
        return False
    return _DATELINE_CREDIT.match(b.after) is not None


LOOKAHEAD: Final = 64
"""Characters of shadow text around a break that a veto may look at (keeps the layer linear)."""


_break: Final = partial(tuple.__new__, Break)
"""``_break((word, ...))`` is ``Break(word, ...)`` without the named tuple's ``__new__``, a Python
function (one call per candidate break)."""


def break_at(shadow: str, begin: int, end: int, start: int, lang: str, stand_in: bool) -> Break:
    """The words around a break of the shadow text (each at most ``LOOKAHEAD`` long), in the
    sentence that begins at ``begin``."""
    # Conditional expressions rather than max(): a two-argument max() costs as much as the rest
    # of a line, and this runs once per candidate break.
    reach = end - LOOKAHEAD if end > LOOKAHEAD else 0
    space = shadow.rfind(" ", reach, end)
    left = shadow[space + 1 if space >= 0 else reach : end]
    word = left.lstrip(OPENERS)
    if "'" in word or "’" in word:  # French and Italian elision: "l'art.", "dell’art."
        word = word[max(word.rfind("'"), word.rfind("’")) + 1 :]
    after = shadow[start : start + LOOKAHEAD]
    right_to = after.find(" ")
    right = after if right_to < 0 else after[:right_to]
    head = shadow[begin if begin > reach else reach : end].lstrip(" ")
    return _break((word, left, right, after, stand_in, lang, head))


VETOES: Final[tuple[Callable[[Break], bool], ...]] = (
    continues_sentence,
    after_initial,
    after_abbreviation,
    meridiem_time_zone,
    lone_list_marker,
    ordinal_number,
    before_wire_credit,
)
"""The rule layer, in order; a break is dropped as soon as one of them says so."""


def is_vetoed(b: Break) -> bool:
    """Whether some veto of ``VETOES`` drops ``b``: ``any(veto(b) for veto in VETOES)``.

    A plain loop rather than ``any()`` over a generator: nearly every break passes all seven
    vetoes, and the generator's frame and seven resumptions cost as much as the vetoes.
    """
    for veto in VETOES:  # noqa: SIM110 (the loop is the point, see above)
        if veto(b):
            return True
    return False


# --------------------------------------------------------------------------------------------
# Finders: breaks the engine never proposes
# --------------------------------------------------------------------------------------------


def parenthesised_sentence(shadow: str) -> list[int]:
    """After a sentence that ends inside parentheses: "(See below.)|The end." (the engine keeps
    a parenthesis whole, as it keeps quotations; "(see below.) at" stays one sentence)."""
    if ")" not in shadow:  # a substring test spares the regex scan of most blocks
        return []
    return [m.end() for m in _PARENTHESISED_END.finditer(shadow)]


def inline_list_items(shadow: str) -> list[int]:
    """Before each item of a list written inside one paragraph that begins with its first
    marker: "1) The first item|2) The second item", "a. one|b. two|c. three".

    The markers must follow each other (1, 2, 3... or a, b, c...) in the same style, so a
    number or a letter in running text never starts a sentence.
    """
    begin = len(shadow) - len(shadow.lstrip(" ")) if shadow[:1] == " " else 0
    head = shadow[begin : begin + 1]
    if not (head.isdigit() or "a" <= head <= "z" or (head and head in LIST_BULLETS)):
        return []  # cannot start a marker: most paragraphs begin with a capital letter
    first = _LIST_MARKER.match(shadow, begin)
    if first is None:
        return []
    bullet, value, style = first.groups()
    breaks: list[int] = []
    for m in _LIST_MARKER.finditer(shadow, first.end()):
        if m.group(1) == bullet and m.group(3) == style and m.group(2) == _next(value):
            breaks.append(m.start())
            value = m.group(2)
    return breaks


def _next(value: str) -> str:
    if value.isdigit():
        return str(int(value) + 1)
    return chr(ord(value) + 1) if value < "z" else ""


class Finder(NamedTuple):
    """A rule that adds breaks to the engine's."""

    find: Callable[[str], list[int]]
    """Shadow offsets of breaks, each at either edge of the spaces between two sentences."""
    vetoed: bool
    """Whether ``VETOES`` still judge its breaks (a list item's marker is lower case: "b.")."""


FINDERS: Final[tuple[Finder, ...]] = (
    Finder(parenthesised_sentence, vetoed=True),
    Finder(inline_list_items, vetoed=False),
)
"""Added breaks, each then mapped to a whitespace gap of the block like the engine's."""

