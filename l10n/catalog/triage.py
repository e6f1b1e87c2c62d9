"""How did the source of a stale entry change: cosmetically, or in what it says?

A stale entry (fuzzy, with the ``#|`` previous msgid of :mod:`l10n.catalog.state`) keeps a
translation of the old source. When the edit only touched punctuation, quotes, white space,
case, the punctuation of a number whose value stayed, or fixed a misspelt word, the reviewed
translation still says what the source says; ``l10n accept-cosmetic`` clears such entries and the
review page shows the class. This module is the one owner of that decision and of the word diff
everybody renders (:func:`word_diff`); :mod:`l10n.catalog.carry` carries a cosmetic edit into a
translation with the tokens and amounts read here.

The rules are conservative: whatever is not shown to be cosmetic is a *meaning* change. A
change of a number's value, a negation word, a name (a capitalized word inside the sentence), a
symbol (``%``, ``$``, ``/``...), anything inside a code span, or a word added, removed or replaced
is meaning; the exceptions are the indefinite article's form (``a``/``an``) and a misspelling
fixed within edit distance 2, where the old word is not in the source language's dictionary
(pyspellchecker's word list) and the new one is.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import Enum
from functools import lru_cache
from typing import Literal, Protocol

from rapidfuzz.distance import OSA

DiffOp = Literal["equal", "insert", "delete"]
"""What a piece of a word diff is: in both texts, only in the new one, only in the old one."""


class ChangeClass(str, Enum):
    """The kind of a source edit."""

    COSMETIC = "cosmetic"
    MEANING = "meaning"


@dataclass(frozen=True)
class DiffPiece:
    """A run of text of a word diff."""

    op: DiffOp
    """Whether the text is in both sources, only the new one (insert) or only the old (delete)."""
    text: str
    """The text itself (words, spaces and punctuation as written)."""


@dataclass(frozen=True)
class Triage:
    """How one source sentence changed."""

    kind: ChangeClass
    """Cosmetic or meaning."""
    reasons: tuple[str, ...]
    """Why, for people (``number changed: 5 -> 6``, ``punctuation``, ``typo: teh -> the``)."""
    diff: tuple[DiffPiece, ...]
    """The word diff of the old source against the new one."""

    @property
    def cosmetic(self) -> bool:
        """Whether the translation of the old source still fits the new one."""
        return self.kind is ChangeClass.COSMETIC


# --------------------------------------------------------------------------- tokens

_NUMBER = r"\d+(?:[.,\u00a0\u202f\u2009']\d+)*(?![^\W_])"
_WORD = r"[^\W_]+(?:['’][^\W_]+)*"
_TOKEN = re.compile(rf"{_NUMBER}|{_WORD}|\s+|.", re.DOTALL)
_IS_NUMBER = re.compile(rf"{_NUMBER}\Z")
_CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)

PUNCTUATION = frozenset(".,;:!…'\"‘’‚“”„«»‹›()[]{}-‐‑–—*_`¿¡、。，：；！「」『』")
"""Characters whose insertion, removal or change is cosmetic (sentence punctuation, quotes,
brackets, dashes, Markdown/reST emphasis and code marks). Every other non-word character
(``%``, ``$``, ``/``, ``#``, ``@``, ``+``, ``?``...) carries meaning: ``?`` turns a statement
into a question."""

GLUE = frozenset(".-‐‑–_:'’")
"""Punctuation that is part of a name or number when it stands between two words (``e.g``,
``hello:app``, ``result_callback``, ``1-5``)."""

PREFIX_GLUE = frozenset(".-‐‑–")
"""Punctuation that is part of a name or number when it stands before a word, after a space or
at the start (``.venv``, ``--app``, ``-5``)."""

MARKUP = frozenset("*_`~")
"""Emphasis and code marks, for the reason shown ("markup")."""

QUOTES = frozenset("'\"‘’‚“”„«»‹›「」『』")
"""Quote marks, for the reason shown ("quotes")."""

NEGATIONS = frozenset({
    "not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "nowhere", "without",
    "cannot", "hardly", "barely", "scarcely", "non", "nope", "nay",
})
"""English negation words (plus every word ending in ``n't``)."""

ARTICLE_FORMS = (frozenset({"a", "an"}),)
"""Words that are one word written two ways (the form follows the next sound)."""

DICTIONARY_LANGUAGES = frozenset({"en", "es", "fr", "pt", "de", "it", "ru", "ar", "eu", "lv", "nl", "fa"})
"""Source languages with a dictionary for the typo rule (pyspellchecker's); others get none."""

_Kind = Literal["word", "number", "space", "punct", "symbol"]


@dataclass(frozen=True)
class _Token:
    text: str
    kind: _Kind
    code: bool
    """Inside a code span (`` `...` ``): every character counts."""
    glued: bool
    """Punctuation that is part of a name: between two words, or before one (``.venv``)."""
    initial: bool
    """A word that opens a sentence (its capital is no sign of a name)."""


def _kind(text: str) -> _Kind:
    if _IS_NUMBER.match(text):
        return "number"
    if text[0].isalnum():
        return "word"
    if text.isspace():
        return "space"
    return "punct" if text in PUNCTUATION else "symbol"


_WORDY = ("word", "number")


def _prefix(raw: list[str], kinds: list[_Kind], i: int) -> bool:
    """Whether token ``i`` is in a run of :data:`PREFIX_GLUE` marks between a space (or the
    start) and a word: ``--app``, ``.venv``."""
    start = end = i
    while start > 0 and raw[start - 1] in PREFIX_GLUE:
        start -= 1
    while end + 1 < len(raw) and raw[end + 1] in PREFIX_GLUE:
        end += 1
    before = kinds[start - 1] if start else "space"
    after = kinds[end + 1] if end + 1 < len(raw) else "space"
    return raw[i] in PREFIX_GLUE and before == "space" and after in _WORDY


def _tokens(text: str) -> list[_Token]:
    raw = _TOKEN.findall(text)
    inside: set[int] = set()
    for match in _CODE_SPAN.finditer(text):
        inside.update(range(match.start(2), match.end(2)))
    kinds = [_kind(t) for t in raw]
    out: list[_Token] = []
    offset = 0
    sentence_start = True
    for i, (part, kind) in enumerate(zip(raw, kinds)):
        prev = kinds[i - 1] if i else "space"
        nxt = kinds[i + 1] if i + 1 < len(raw) else "space"
        glued = kind == "punct" and (
            (nxt in _WORDY and prev in _WORDY and part in GLUE) or _prefix(raw, kinds, i)
        )
        out.append(_Token(part, kind, offset in inside, glued, kind == "word" and sentence_start))
        offset += len(part)
        if kind in _WORDY:
            sentence_start = False
        elif part in ".!?:。！？" and not glued:
            sentence_start = True
    return out


def _content(tokens: list[_Token]) -> list[_Token]:
    """The tokens that carry meaning: words, numbers, symbols, code, name-internal punctuation."""
    return [
        t for t in tokens
        if t.kind in ("word", "number", "symbol") or (t.kind == "punct" and (t.glued or (t.code and t.text != "`")))
    ]


def _key(token: _Token) -> str:
    if token.kind == "number":
        return "<number>"
    return token.text.casefold().replace("’", "'")


# --------------------------------------------------------------------------- word diff


def diff_pieces(old: str, new: str) -> tuple[DiffPiece, ...]:
    """The word diff of ``old`` against ``new``: joining the equal and delete pieces gives
    ``old`` back, the equal and insert pieces ``new``."""
    a, b = [t.text for t in _tokens(old)], [t.text for t in _tokens(new)]
    out: list[DiffPiece] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(DiffPiece("equal", "".join(b[j1:j2])))
            continue
        if i2 > i1:
            out.append(DiffPiece("delete", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(DiffPiece("insert", "".join(b[j1:j2])))
    return tuple(out)


class _Escape(Protocol):
    def __call__(self, text: str, /) -> str: ...


def word_diff(old: str, new: str, escape: _Escape) -> str:
    """``new`` with the changes from ``old`` as ``<del>``/``<ins>``, each text passed through
    ``escape`` (e.g. :func:`html.escape`)."""
    tags = {"delete": "del", "insert": "ins"}
    parts = []
    for piece in diff_pieces(old, new):
        text = escape(piece.text)
        parts.append(text if piece.op == "equal" else f"<{tags[piece.op]}>{text}</{tags[piece.op]}>")
    return "".join(parts)


# --------------------------------------------------------------------------- numbers


def number_values(text: str) -> frozenset[Decimal]:
    """The values a written number can have: ``1,000`` is 1000 (English) or 1 (a decimal
    comma); ``1.000`` the other way round; ``1 000`` (no-break or thin space) 1000."""
    plain = re.sub("[\u00a0\u202f\u2009']", "", text)
    if plain != text and not re.fullmatch(r"\d{1,3}(?:[\u00a0\u202f\u2009']\d{3})*(?:[.,]\d+)?", text):
        return frozenset()
    values: set[Decimal] = set()
    for group, decimal in ((",", "."), (".", ",")):
        head, _, tail = plain.rpartition(decimal) if decimal in plain else (plain, "", "")
        if decimal in tail or (head and group in tail):
            continue
        whole = head if decimal in plain else plain
        if group in whole and not re.fullmatch(rf"\d{{1,3}}(?:{re.escape(group)}\d{{3}})+", whole):
            continue
        digits = whole.replace(group, "") + ("." + tail if decimal in plain else "")
        try:
            values.add(Decimal(digits))
        except InvalidOperation:
            continue
    return frozenset(values)


def same_number(old: str, new: str) -> bool:
    """Whether two written numbers have the same digits and can have the same value (``5`` and
    ``5``, ``1,000`` and ``1.000``, ``1.5`` and ``1,5``; not ``1,500`` and ``1.5``, although
    ``1,500`` could be one and a half with a decimal comma)."""
    digits = re.sub(r"\D", "", old) == re.sub(r"\D", "", new)
    return digits and bool(number_values(old) & number_values(new))


# --------------------------------------------------------------------------- words


class _Dictionary(Protocol):
    def __getitem__(self, word: str, /) -> int: ...


@lru_cache(maxsize=4)
def _dictionary(language: str) -> _Dictionary | None:
    """The word frequencies of ``language`` (0 for an unknown word), or None without a list."""
    if language not in DICTIONARY_LANGUAGES:
        return None
    from spellchecker import SpellChecker

    frequencies: _Dictionary = SpellChecker(language=language).word_frequency
    return frequencies


def is_negation(word: str) -> bool:
    """Whether ``word`` negates (``not``, ``never``, ``didn't``...)."""
    folded = word.casefold().replace("’", "'")
    return folded in NEGATIONS or folded.endswith("n't")


def _is_name(token: _Token) -> bool:
    return token.kind == "word" and token.text[0].isupper() and not token.initial


def _typo_fix(old: _Token, new: _Token, language: str) -> bool:
    """Whether ``old`` -> ``new`` fixes a misspelling (see the module docstring)."""
    if old.code or new.code or not (old.text.isalpha() and new.text.isalpha()):
        return False
    if _is_name(old) or _is_name(new) or is_negation(old.text) or is_negation(new.text):
        return False
    a, b = old.text.casefold(), new.text.casefold()
    if min(len(a), len(b)) < 4 or OSA.distance(a, b) > min(2, len(a) // 4):
        return False
    words = _dictionary(language.split("_")[0])
    return words is not None and words[a] == 0 and words[b] > 0


def _abbreviation_flip(a: str, old: str, b: str, new: str) -> bool:
    """Whether a case change makes a word an abbreviation or unmakes one (``US`` -> ``us``,
    ``IT`` -> ``it``), unless that side is written in capitals throughout (a headline)."""

    def abbreviation(word: str, text: str) -> bool:
        return len(word) >= 2 and word.isupper() and text.upper() != text

    return abbreviation(a, old) != abbreviation(b, new)


def _pair_reason(old: _Token, new: _Token, language: str) -> str | None:
    """The cosmetic reason for a one-word replacement, or None when it changes meaning."""
    a, b = _key(old), _key(new)
    if old.kind == new.kind == "word" and any({a, b} <= forms for forms in ARTICLE_FORMS):
        return f"article form: {old.text} -> {new.text}"
    if _typo_fix(old, new, language):
        return f"typo: {old.text} -> {new.text}"
    return None


def _describe(tokens: list[_Token], verb: str) -> list[str]:
    reasons = []
    for t in tokens:
        if t.kind == "number" or (t.kind == "word" and any(c.isdigit() for c in t.text)):
            reasons.append(f"number {verb}: {t.text}")
        elif t.kind == "word" and is_negation(t.text):
            reasons.append(f"negation {verb}: {t.text}")
        elif t.code:
            reasons.append(f"code {verb}: {t.text}")
        elif _is_name(t):
            reasons.append(f"name {verb}: {t.text}")
        elif t.kind != "word":
            reasons.append(f"symbol {verb}: {t.text}")
    words = [t.text for t in tokens if t.kind == "word" and not _is_name(t) and not t.code]
    if words:
        reasons.append(f"words {verb}: {' '.join(words)}")
    return reasons


# --------------------------------------------------------------------------- triage


def triage(old: str, new: str, *, language: str = "en") -> Triage:
    """How the source ``old`` became ``new`` (``language``: the source language, for the typo
    rule's dictionary)."""
    diff = diff_pieces(old, new)
    a_all, b_all = _tokens(old), _tokens(new)
    a, b = _content(a_all), _content(b_all)
    meaning: list[str] = []
    cosmetic: list[str] = []
    matcher = difflib.SequenceMatcher(None, [_key(t) for t in a], [_key(t) for t in b], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for x, y in zip(a[i1:i2], b[j1:j2]):
                if x.kind == "number" and not same_number(x.text, y.text):
                    meaning.append(f"number changed: {x.text} -> {y.text}")
                elif x.kind == "number" and x.text != y.text:
                    cosmetic.append(f"number punctuation: {x.text} -> {y.text}")
                elif x.text != y.text and x.text.replace("’", "'") == y.text.replace("’", "'"):
                    cosmetic.append(f"apostrophe: {x.text} -> {y.text}")
                elif x.text != y.text and _abbreviation_flip(x.text, old, y.text, new):
                    meaning.append(f"abbreviation: {x.text} -> {y.text}")
                elif x.text != y.text:
                    cosmetic.append(f"case: {x.text} -> {y.text}")
            continue
        pairs = list(zip(a[i1:i2], b[j1:j2])) if i2 - i1 == j2 - j1 else []
        excused = [_pair_reason(x, y, language) for x, y in pairs]
        if pairs and all(excused):
            cosmetic.extend(r for r in excused if r)
            continue
        meaning.extend(_describe(a[i1:i2], "removed") + _describe(b[j1:j2], "added"))
    if meaning:
        return Triage(ChangeClass.MEANING, tuple(dict.fromkeys(meaning)), diff)
    cosmetic.extend(
        f"number punctuation: {x} -> {y}"
        for x, y in zip(AMOUNT.findall(old), AMOUNT.findall(new))
        if x != y and same_amount(x, y)
    )
    cosmetic.extend(_layout_reasons(a_all, b_all))
    return Triage(ChangeClass.COSMETIC, tuple(dict.fromkeys(cosmetic)) or ("unchanged",), diff)


def _layout_reasons(a: list[_Token], b: list[_Token]) -> list[str]:
    """What changed besides the words: white space, quotes, other punctuation."""
    reasons = []
    keep = ("space", "punct")
    x = [t.text for t in a if t.kind in keep]
    y = [t.text for t in b if t.kind in keep]
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, x, y, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        changed = x[i1:i2] + y[j1:j2]
        if all(c.isspace() for c in changed):
            reasons.append("white space")
        elif any(c in QUOTES for c in changed) and all(c in QUOTES or c.isspace() for c in changed):
            reasons.append("quotes")
        elif all(c in MARKUP or c.isspace() for c in changed):
            reasons.append("markup")
        else:
            reasons.append("punctuation")
    return reasons


# --------------------------------------------------------------------------- amounts and quotes

AMOUNT = re.compile(
    r"(?<![\w.,])(?:[$€£¥][\u00a0\u202f ]?)?\d+(?:[.,\u00a0\u202f\u2009']\d+)*"
    r"(?:[\u00a0\u202f ]?[%‰])?(?![\w%‰])"
)
"""A number as an amount: an optional currency sign, the digits, an optional ``%``/``‰``."""


def _amount_key(text: str) -> tuple[str, str, str]:
    """(currency sign, unit, the number) of an amount."""
    sign = text[0] if text[0] in "$€£¥" else ""
    unit = text[-1] if text[-1] in "%‰" else ""
    return sign, unit, text.strip("$€£¥%‰\u00a0\u202f ")


def same_amount(old: str, new: str) -> bool:
    """Whether two amounts (``5%`` and ``5 %``) are one amount written two ways."""
    a, b = _amount_key(old), _amount_key(new)
    return a[:2] == b[:2] and same_number(a[2], b[2])


def quote_marks(text: str) -> list[tuple[int, str]]:
    """(offset, mark) of every quote mark of ``text`` outside code spans and words."""
    marks = []
    offset = 0
    for token in _tokens(text):
        if token.kind == "punct" and token.text in QUOTES and not token.code:
            marks.append((offset, token.text))
        offset += len(token.text)
    return marks
