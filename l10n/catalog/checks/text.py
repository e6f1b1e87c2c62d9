"""Checks of a translation's text as prose: white space, doubled words and spaces, brackets and
quotation marks, final punctuation, a translation left identical to its source, its length.

None of these breaks an article: each is a WARNING of the table. Locale conventions are
accepted, not flagged: French guillemets, German low-high quotes, Japanese corner brackets, the
ideographic full stop, the Arabic question mark.
"""

from __future__ import annotations

import re

from l10n.catalog.checks.base import CheckContext
from l10n.document.numbers import language_of


def outer_whitespace(source: str, target: str) -> str | None:
    """Leading and trailing white space and line breaks match the source."""
    if source[: len(source) - len(source.lstrip())] != target[: len(target) - len(target.lstrip())]:
        return "leading white space differs from the source"
    if source[len(source.rstrip()) :] != target[len(target.rstrip()) :]:
        return "trailing white space differs from the source"
    if source.count("\n") != target.count("\n"):
        return "the number of line breaks differs from the source"
    return None


_DOUBLE_SPACE = re.compile(r"(?<=\S)[ \u00a0]{2,}(?=\S)")


def doubled_spaces(source: str, target: str) -> str | None:
    """No run of two spaces inside the translation where the source has none (a Markdown hard
    break, two spaces before a line break, is not inside)."""
    if _DOUBLE_SPACE.search(target) and not _DOUBLE_SPACE.search(source):
        return "doubled space"
    return None


_DOUBLED_WORD = re.compile(r"(?<!\w)(\w*[^\W\d_]\w*)(?:\s+)(\1)(?!\w)", re.IGNORECASE)

LEGITIMATE_REPEATS: dict[str, frozenset[str]] = {
    "en": frozenset({"had", "that"}),
    "fr": frozenset({"nous", "vous"}),
    "de": frozenset({"die", "das", "der", "sie"}),
    "pt": frozenset(),
}
"""Per language, words that grammar repeats (French *nous nous sommes*, English *had had*)."""


def doubled_words(source: str, target: str, context: CheckContext) -> str | None:
    """No word written twice in a row (``o o ministro``), unless the source repeats as many
    words (a translated repetition: *package package*) or the target language's grammar does
    (:data:`LEGITIMATE_REPEATS`)."""
    allowed = LEGITIMATE_REPEATS.get(language_of(context.target_locale or ""), frozenset())
    doubled = [m for m in _DOUBLED_WORD.finditer(target) if m.group(1).lower() not in allowed]
    if len(doubled) > len(_DOUBLED_WORD.findall(source)):
        return f"doubled word {doubled[0].group(0)!r}"
    return None


_BRACKETS = {")": "(", "]": "[", "}": "{", "）": "（", "】": "【", "〕": "〔"}


def _unbalanced(text: str) -> str | None:
    """The first bracket of ``text`` without its partner, or None."""
    stack: list[str] = []
    for char in text:
        if char in _BRACKETS.values():
            stack.append(char)
        elif char in _BRACKETS:
            if not stack or stack[-1] != _BRACKETS[char]:
                return char
            stack.pop()
    return stack[0] if stack else None


def brackets_balanced(source: str, target: str) -> str | None:
    """Brackets pair in the translation as in the source: a translation may add a pair, but not
    leave one open or closed (``distro(s)`` -> ``distros específicos)``)."""
    if all(target.count(c) == source.count(c) for pair in _BRACKETS.items() for c in pair):
        return None
    stray = _unbalanced(target)
    if stray is not None and _unbalanced(source) is None:
        return f"unbalanced {stray!r}"
    return None


_DOUBLE_QUOTES = '"“”„‟«»‹›「」『』'
_PAIRED_QUOTES = (("«", "»"), ("‹", "›"), ("「", "」"), ("『", "』"))
_EMPTY_QUOTES = re.compile(r'""|“”|„“|„”|«[\s\u00a0\u202f]*»|「」|『』')


def quotes_balanced(source: str, target: str) -> str | None:
    """Quotation marks pair as in the source, in any locale's style (“…”, „…“, « … », ‹…›,
    「…」), and no quotation is emptied (``starting with "#"`` -> ``começando com ""``). Curly
    single quotes are not counted: ’ is also the apostrophe."""
    if _EMPTY_QUOTES.search(target) and not _EMPTY_QUOTES.search(source):
        return f"empty quotation {_EMPTY_QUOTES.search(target).group(0)!r}"  # type: ignore[union-attr]
    def count(text: str) -> int:
        return sum(text.count(c) for c in _DOUBLE_QUOTES)

    if count(source) % 2 == 0 and count(target) % 2:
        return "unbalanced quotation marks"
    for opening, closing in _PAIRED_QUOTES:
        if target.count(opening) != target.count(closing):
            if source.count(opening) - source.count(closing) != target.count(opening) - target.count(closing):
                return f"unbalanced quotation marks {opening}{closing}"
    if count(source) and not count(target):
        return "the quotation marks of the source are gone"
    return None


_CLOSERS = re.compile(r"[\s\"'“”’»«」』)\]}）*_~`>\u00b7]+$")
"""What may follow a sentence's final punctuation: closing quotes and brackets, emphasis, and
the ``·`` padding of pseudo-localisation."""
_FINAL: dict[str, str] = {
    ".": ".", "。": ".", "।": ".", "۔": ".", "．": ".",
    "?": "?", "？": "?", "؟": "?", "\u037e": "?",
    ";": ";", "；": ";", "؛": ";",
    "!": "!", "！": "!",
    "…": "…",
    ":": ":", "：": ":",
}
"""Sentence-final punctuation and what it is: a full stop, question or exclamation mark,
ellipsis, colon or semicolon, in any script (the Greek question mark too)."""


def _final(text: str) -> str:
    """What ends ``text``, after closing quotes, brackets and emphasis: one of the values of
    :data:`_FINAL`, or ``""``."""
    body = _CLOSERS.sub("", text)
    if body.endswith(("...", "。。。", "･･･")):
        return "…"
    return _FINAL.get(body[-1:], "") if body else ""


def final_punctuation(source: str, target: str) -> str | None:
    """The translation ends as the source does: with a full stop, question mark, exclamation
    mark, ellipsis or colon, in the target's script (``。``, ``؟``, ``…`` for ``...``), or
    without one; quotes and brackets may close before or after it."""
    want, got = _final(source), _final(target)
    if want == got:
        return None
    if not got:
        return f"the final {want!r} of the source is missing"
    if not want:
        return f"ends with {got!r}, the source with no punctuation"
    return f"ends with {got!r}, the source with {want!r}"


_WORD = re.compile(r"[^\W\d_]+")
NOT_PROSE = re.compile(r"`[^`]*`|<[^>]*>|\]\([^)]*\)|(?:https?://|www\.)\S+|\S+@\S+\.\w+")
"""Code spans, tags, link destinations, URLs and e-mail addresses: text no reader translates."""


def not_left_untranslated(source: str, target: str) -> str | None:
    """A translation identical to a source that has words to translate: a lower-case word of
    two letters or more outside code, tags, URLs and addresses (names, numbers, code are
    the same in every language)."""
    if target != source:
        return None
    prose = NOT_PROSE.sub(" ", source)
    if any(word.islower() and len(word) >= 2 for word in _WORD.findall(prose)):
        return "the translation is the source text"
    return None


_COMPACT_LANGUAGES = {"ja": 0.5, "zh": 0.4, "ko": 0.7}
"""Target languages whose text is typically shorter in characters than the source, and by
about how much (CJK scripts)."""

_MIN_LENGTH = 30
_RATIO_RANGE = (0.4, 2.5)


def length_ratio(source: str, target: str, context: CheckContext) -> str | None:
    """A translation far shorter or longer than its source (a sentence lost, or two): outside
    0.4-2.5 times the source's length in characters, scaled for compact scripts; sources under
    30 characters vary too much to say."""
    if len(source.strip()) < _MIN_LENGTH or not target.strip():
        return None
    expected = _COMPACT_LANGUAGES.get(language_of(context.target_locale or ""), 1.0)
    ratio = len(target.strip()) / len(source.strip()) / expected
    low, high = _RATIO_RANGE
    if ratio < low:
        return f"the translation is {ratio:.1f} times the expected length (a part lost?)"
    if ratio > high:
        return f"the translation is {ratio:.1f} times the expected length (something added?)"
    return None


_IDENTIFIER = re.compile(r"(?<![\w.\-/])(?=[\w.\-]*[a-z])[A-Za-z_][\w\-]*(?:\.[A-Za-z_0-9][\w\-]*)+(?![\w\-])")


def _identifiers(text: str) -> list[str]:
    """Dotted names (``os.path``, ``l10n.toml``, ``cnn.com``): two parts or more, none of one
    letter (so ``U.S.`` is not one), ending with a letter or digit."""
    out = []
    for m in _IDENTIFIER.finditer(text):
        parts = m.group(0).split(".")
        if all(len(part) >= 2 for part in parts):
            out.append(m.group(0))
    return out


def identifiers_kept(source: str, target: str) -> str | None:
    """Every dotted identifier, file or domain name of the source is in the translation as
    written (not split by a space: ``config.toml`` -> ``config. toml``)."""
    for name in _identifiers(source):
        if name not in target:
            return f"{name!r} is not in the translation as written"
    return None
