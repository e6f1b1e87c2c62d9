"""Sentence spans of one translatable block, as exact offsets into it.

Why this module exists: a catalog entry is one sentence, and the rebuilt article must be
byte-faithful, so segmentation has to give offsets into the original block, never re-typed
strings. The engine is sentencex (pinned: a new release may move boundaries, and boundaries are
message identity). This module adds what the engine cannot know:

* inline markup: the caller names the ranges of the block that are markup (``hidden``), each with
  the stand-in the engine should see instead, and the ranges inside which no cut may fall
  (``no_break``); the engine segments the resulting *shadow* text and its breaks are mapped back;
* a cut is only made on whitespace of the original block, so closing markup (``**``, ``](url)``,
  a closing quote) stays with the left sentence and opening markup goes right;
* a small, table-driven layer of vetoes for breaks the engine gets wrong in news copy (initials,
  titles, "9 p.m. ET", German ordinals...). The layer only ever removes breaks.

Whitespace means ``str.isspace()`` throughout; newlines inside a block are soft line breaks.
The module knows nothing about Markdown: the ranges come from ``formats/``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Final, Literal, NamedTuple

import sentencex  # no stubs; see _engine_pieces

__all__ = [
    "ABBREVIATIONS",
    "AbbreviationKind",
    "sentence_spans",
    "split_text",
    "supported_language",
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
"""Time-of-day abbreviations that may be followed by a time zone within a sentence."""

TIME_ZONES: Final = frozenset(
    {"ET", "EST", "EDT", "CT", "CST", "CDT", "MT", "MST", "MDT", "PT", "PST", "PDT", "AKST"}
    | {"AKDT", "HST", "GMT", "UTC", "BST", "IST", "CET", "CEST", "EET", "EEST", "WET", "WEST"}
    | {"MSK", "JST", "KST", "HKT", "SGT", "AEST", "AEDT", "ACST", "AWST", "NZST", "NZDT"}
)
"""Time-zone abbreviations that follow "a.m."/"p.m." in news copy ("9 p.m. ET")."""

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


class _Break(NamedTuple):
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


def _continues_sentence(b: _Break) -> bool:
    """No break before a lower-case letter ("a lot… there are") or before ``, ; : ) -``."""
    if b.right[0] in NO_BREAK_BEFORE:
        return True
    if b.right_is_stand_in:
        return False  # "`npm` is a tool." may start a sentence
    rest = b.after.lstrip(_OPENERS_AND_SPACE)  # "—¿qué?", "— спросила она"
    return rest[:1].islower()


def _after_initial(b: _Break) -> bool:
    """No break after a lone capital initial ("E. Macron", "J. R. R. Tolkien")."""
    word = b.word
    return (
        len(word) == 2
        and word[1] == "."
        and word[0].isupper()
        and word[0] not in INITIAL_EXCEPTIONS.get(b.lang, ())
    )


def _after_abbreviation(b: _Break) -> bool:
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


def _meridiem_time_zone(b: _Break) -> bool:
    """No break between "a.m."/"p.m." and a time zone ("9 p.m. ET.", "10 a.m. EST today")."""
    return b.left.lower() in MERIDIEMS and b.right.strip("()[],.;:!?") in TIME_ZONES


def _ordinal_number(b: _Break) -> bool:
    """No break after an ordinal written "3." where the language writes ordinals so."""
    if b.lang not in ORDINAL_DOT_LANGUAGES:
        return False
    word = b.word
    return 2 <= len(word) <= 4 and word[-1] == "." and word[:-1].isdigit()


def _before_wire_credit(b: _Break) -> bool:
    """No break before a dateline's wire credit ("WASHINGTON, D.C. (CNN) — The...")."""
    return _DATELINE_CREDIT.match(b.after) is not None


_LOOKAHEAD: Final = 64
"""Characters of shadow text around a break that a veto may look at (keeps the layer linear)."""


def _break_at(shadow: str, end: int, start: int, lang: str, stand_in: bool) -> _Break:
    """The words around a break of the shadow text (each at most ``_LOOKAHEAD`` long)."""
    left_from = max(shadow.rfind(" ", max(0, end - _LOOKAHEAD), end) + 1, end - _LOOKAHEAD)
    left = shadow[left_from:end]
    word = left.lstrip(OPENERS)
    if "'" in word or "’" in word:  # French and Italian elision: "l'art.", "dell’art."
        word = word[max(word.rfind("'"), word.rfind("’")) + 1 :]
    after = shadow[start : start + _LOOKAHEAD]
    right_to = after.find(" ")
    return _Break(word, left, after if right_to < 0 else after[:right_to], after, stand_in, lang)


VETOES: Final[tuple[Callable[[_Break], bool], ...]] = (
    _continues_sentence,
    _after_initial,
    _after_abbreviation,
    _meridiem_time_zone,
    _ordinal_number,
    _before_wire_credit,
)
"""The rule layer, in order; a break is dropped as soon as one of them says so."""


# --------------------------------------------------------------------------------------------
# Shadow text
# --------------------------------------------------------------------------------------------

_WHITESPACE: Final = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
"""Every character for which ``str.isspace()`` is true (checked by a test)."""

_OTHER_SPACE: Final = re.compile("[" + re.escape(_WHITESPACE.replace(" ", "")) + "]")
"""Whitespace other than a plain space, which the engine sees as a plain space instead: soft line
breaks are not paragraph ends, and sentencex 1.0.32 panics on some multi-byte spaces next to an
initial ("B\\xa0." slices inside a UTF-8 character)."""


@dataclass(frozen=True, slots=True)
class _Shadow:
    """The text the engine sees, and the way back to offsets of the original block."""

    text: str
    """Visible text with each hidden range replaced by its stand-in and all whitespace as " "."""
    starts: tuple[int, ...]
    """Shadow offset where each chunk begins (chunks cover the shadow text, in order)."""
    chunks: tuple[tuple[int, int, bool], ...]
    """Per chunk: original start, original end, and whether it is a stand-in (mapped as a unit)."""

    @classmethod
    def build(cls, text: str, hidden: Sequence[tuple[int, int, str]]) -> _Shadow:
        if not hidden:
            return cls(_OTHER_SPACE.sub(" ", text), (0,), ((0, len(text), False),))
        parts: list[str] = []
        starts: list[int] = []
        chunks: list[tuple[int, int, bool]] = []
        at = 0  # shadow length so far
        pos = 0  # original offset so far
        for start, end, stand_in in hidden:
            for piece, o_start, o_end, is_stand_in in (
                (text[pos:start], pos, start, False),
                (stand_in, start, end, True),
            ):
                if piece:
                    parts.append(piece)
                    starts.append(at)
                    chunks.append((o_start, o_end, is_stand_in))
                    at += len(piece)
            pos = end
        if pos < len(text):
            parts.append(text[pos:])
            starts.append(at)
            chunks.append((pos, len(text), False))
        return cls(_OTHER_SPACE.sub(" ", "".join(parts)), tuple(starts), tuple(chunks))

    def end_in_original(self, end: int) -> int:
        """Original offset just after the shadow character at ``end - 1``."""
        k = bisect_right(self.starts, end - 1) - 1
        o_start, o_end, stand_in = self.chunks[k]
        return o_end if stand_in else o_start + (end - self.starts[k])

    def start_in_original(self, start: int) -> int:
        """Original offset of the shadow character at ``start``."""
        k = bisect_right(self.starts, start) - 1
        o_start, _, stand_in = self.chunks[k]
        return o_start if stand_in else o_start + (start - self.starts[k])

    def is_stand_in(self, position: int) -> bool:
        """Whether the shadow character at ``position`` comes from a hidden range's stand-in."""
        return self.chunks[bisect_right(self.starts, position) - 1][2]


def _engine_pieces(lang: str, shadow: str) -> list[str]:
    """sentencex's pieces of ``shadow`` (lossless); the whole text if the engine fails."""
    try:
        pieces: list[str] = sentencex.segment(lang, shadow)
    except BaseException as exc:  # pyo3 raises PanicException, a BaseException
        if type(exc).__name__ != "PanicException":
            raise
        return [shadow]
    if sum(map(len, pieces)) != len(shadow):  # runtime guard of the engine's losslessness
        return [shadow]
    return pieces


def _engine_breaks(lang: str, shadow: str) -> list[tuple[int, int]]:
    """(end of left sentence, start of right sentence) in the shadow, per engine break."""
    breaks: list[tuple[int, int]] = []
    n = len(shadow)
    pos = 0
    for piece in _engine_pieces(lang, shadow)[:-1]:
        pos += len(piece)
        end = pos
        while end > 0 and shadow[end - 1] == " ":
            end -= 1
        start = pos
        while start < n and shadow[start] == " ":
            start += 1
        if end > 0 and start < n and (not breaks or breaks[-1] != (end, start)):
            breaks.append((end, start))
    return breaks


# --------------------------------------------------------------------------------------------
# Mapping breaks back
# --------------------------------------------------------------------------------------------


def _gap(text: str, lo: int, hi: int, solid: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The first whitespace run of ``text[lo:hi]`` that can separate two sentences.

    ``solid`` are the non-empty hidden ranges. The run must lie outside all of them and be
    maximal in the original text, so neither sentence begins or ends with whitespace. The rest of
    ``[lo, hi)`` is hidden markup, which thus stays with the sentence it touches.
    """
    k = bisect_right(solid, (lo, len(text) + 1)) - 1  # the last range starting at or before lo
    if k < 0 or solid[k][1] <= lo:
        k += 1
    p = lo
    while p < hi:
        if k < len(solid) and solid[k][0] <= p:
            p = solid[k][1]
            k += 1
            continue
        if not text[p].isspace():
            p += 1
            continue
        limit = solid[k][0] if k < len(solid) else len(text)
        q = p
        while q < limit and text[q].isspace():
            q += 1
        if (p == 0 or not text[p - 1].isspace()) and (q == len(text) or not text[q].isspace()):
            return p, q
        p = q
    return None


@dataclass(frozen=True, slots=True)
class _Fences:
    """The ``no_break`` ranges, merged, for a logarithmic "does this cut cross one?" test."""

    starts: list[int]
    """Start of each merged range, increasing."""
    ends: list[int]
    """End of each merged range, increasing (merged ranges do not overlap)."""

    @classmethod
    def of(cls, no_break: Sequence[tuple[int, int]]) -> _Fences:
        if not no_break:
            return _NO_FENCES
        starts: list[int] = []
        ends: list[int] = []
        for start, end in sorted(no_break):
            if end - start < 2:
                continue  # no position lies strictly inside
            if ends and start < ends[-1]:
                ends[-1] = max(ends[-1], end)
            else:
                starts.append(start)
                ends.append(end)
        return cls(starts, ends)

    def cross(self, a: int, b: int) -> bool:
        """Whether some position of ``[a, b]`` lies strictly inside a range."""
        f = bisect_left(self.starts, b) - 1  # the range with the largest start < b
        return f >= 0 and a < self.ends[f]


_NO_FENCES: Final = _Fences([], [])


def _tight_gap(
    text: str, lo: int, hi: int, solid: list[tuple[int, int]], fences: _Fences
) -> tuple[int, int] | None:
    """An empty gap between ``lo`` and ``hi`` for scripts written without spaces ("。次").

    Hidden markup between the sentences goes left when a fence (an open emphasis) says so,
    otherwise right: the first position outside hidden ranges and fences wins.
    """
    candidates = [lo]
    k = bisect_left(solid, (lo, lo))
    while k < len(solid) and solid[k][1] <= hi:
        candidates.append(solid[k][1])
        k += 1
    for p in candidates:
        if (
            0 < p < len(text)
            and not text[p - 1].isspace()
            and not text[p].isspace()
            and not fences.cross(p, p)
        ):
            return p, p
    return None


def _ends_tight(shadow: str, end: int) -> bool:
    """Whether the shadow text before ``end`` ends with a full stop of a script without spaces."""
    i = end - 1
    while i >= 0 and shadow[i] in TIGHT_CLOSERS:
        i -= 1
    return i >= 0 and shadow[i] in TIGHT_TERMINATORS


def _check(
    text: str, hidden: Sequence[tuple[int, int, str]], no_break: Sequence[tuple[int, int]]
) -> None:
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    previous = 0
    for item in hidden:
        start, end, stand_in = item
        if not (previous <= start <= end <= len(text)) or not isinstance(stand_in, str):
            raise ValueError(
                f"hidden range {item!r} must be (start, end, str) with start <= end <= "
                f"{len(text)}, sorted and not overlapping the previous one (ending at {previous})"
            )
        previous = end
    for start, end in no_break:
        if not (0 <= start <= end <= len(text)):
            raise ValueError(f"no_break range {(start, end)!r} is not within 0..{len(text)}")


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def sentence_spans(
    text: str,
    lang: str,
    *,
    hidden: Sequence[tuple[int, int, str]] = (),
    no_break: Sequence[tuple[int, int]] = (),
) -> list[tuple[int, int]]:
    """Sentences of one block as ``(start, end)`` offsets into ``text``.

    ``hidden``: sorted, non-overlapping ``(start, end, stand_in)`` ranges of markup; the engine
    sees ``stand_in`` instead (``""`` for delimiters and link destinations, a word such as
    ``"xxx"`` for code spans and images). ``no_break``: ``(start, end)`` ranges inside which no
    cut may fall (a cut at ``p`` is refused when ``start < p < end``).

    The spans are sorted and disjoint, start and end on non-whitespace, and only whitespace lies
    between, before and after them; every non-whitespace character is in exactly one span. An
    empty or all-whitespace text gives ``[]``.
    """
    _check(text, hidden, no_break)
    first = len(text) - len(text.lstrip())
    if first == len(text):
        return []
    last = len(text.rstrip())
    code = supported_language(lang)
    shadow = _Shadow.build(text, hidden)
    solid = [(start, end) for start, end, _ in hidden if start < end]
    fences = _Fences.of(no_break)
    st = shadow.text

    spans: list[tuple[int, int]] = []
    begin = first
    for end_sh, start_sh in _engine_breaks(code, st):
        lo = shadow.end_in_original(end_sh)
        hi = shadow.start_in_original(start_sh)
        if lo <= begin:
            continue
        gap = _gap(text, lo, hi, solid)
        if gap is None and _ends_tight(st, end_sh):
            gap = _tight_gap(text, lo, hi, solid, fences)
        if gap is None or gap[1] >= last or fences.cross(*gap):
            continue  # (nothing but an inserted stand-in may follow the gap)
        cut = _break_at(st, end_sh, start_sh, code, shadow.is_stand_in(start_sh))
        for veto in VETOES:
            if veto(cut):
                break
        else:
            spans.append((begin, gap[0]))
            begin = gap[1]
    spans.append((begin, last))
    return spans


def split_text(text: str, lang: str) -> list[str]:
    """``text`` cut into sentences, each followed by its whitespace: ``"".join(...) == text``.

    Leading whitespace goes with the first piece; an all-whitespace text is one piece and an
    empty text none.
    """
    spans = sentence_spans(text, lang)
    if not spans:
        return [text] if text else []
    bounds = [0, *(start for start, _ in spans[1:]), len(text)]
    return [text[i:j] for i, j in pairwise(bounds)]
