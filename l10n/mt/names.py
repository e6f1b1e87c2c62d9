"""Put back proper names a machine draft misspelled.

The offline model respells names it does not know: "a small town called Ivangrad" came back as
"uma pequena cidade chamada Ivangragra". A name is a capitalized word of the source that does not
begin a sentence (sentence-initial verbs such as "Move" are no names); a draft word
that nearly matches one (Levenshtein similarity at least :data:`SIMILARITY`, same first letter)
and is not in the source is a *suspect*. A suspect is often a correct translation ("Europe" ->
"Europa", "Russia" -> "Rússia"), so each is translated back by the reverse engine: a word the
engine maps to the name, or to any other word, is a word it knows and stays; a word the engine
returns unchanged is a word nobody knows, a misspelling, and the name replaces it.

Only words change; tokens (``_N_``) are never words here, so markup is untouched.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

SIMILARITY = 0.7
"""Least normalized Levenshtein similarity between a suspect and a name (Ivangragra/Ivangrad:
0.7, three edits in ten letters; Europa/Europe: 0.83, kept by the reverse engine)."""

MIN_LENGTH = 4
"""Shorter names are left alone: too many short words are one edit apart."""

WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
"""A word: letters, with inner hyphens; tokens and numbers are not words, and an apostrophe
ends one (the name in "Wagner’s" is "Wagner")."""

BackTranslate = Callable[[Sequence[str]], list[str]]
"""Translate words from the target language back to the source language, in order."""


@dataclass(frozen=True)
class Suspect:
    """A draft word that looks like a misspelled source name."""

    word: str
    """The word as the draft has it."""
    name: str
    """The source name it nearly matches."""


def _is_name(word: str) -> bool:
    return len(word) >= MIN_LENGTH and word[0].isupper()


_SENTENCE_START_RE = re.compile(r"(?:^|[.!?:;\u201c\"(\[])[\s\u201c\"'(\[*_/\d]*$")


def source_names(source: str) -> list[str]:
    """Capitalized words of ``source`` that are not the first word of a sentence ("Move the
    files" begins with a verb, not a name)."""
    return [
        m.group()
        for m in WORD_RE.finditer(source)
        if _is_name(m.group()) and not _SENTENCE_START_RE.search(source[: m.start()])
    ]


def suspects(source: str, draft: str) -> list[Suspect]:
    """Draft words that nearly match a source name the draft lacks, in draft order."""
    source_words = WORD_RE.findall(source)
    known = set(source_words)
    wanted = Counter(source_names(source))
    wanted.subtract(w for w in WORD_RE.findall(draft) if w in wanted)
    found: list[Suspect] = []
    for word in dict.fromkeys(WORD_RE.findall(draft)):
        if word in known or not _is_name(word):
            continue
        best = max(
            (n for n, missing in wanted.items() if missing > 0 and n[0] == word[0]),
            key=lambda n: Levenshtein.normalized_similarity(word, n),
            default=None,
        )
        if best is not None and Levenshtein.normalized_similarity(word, best) >= SIMILARITY:
            found.append(Suspect(word, best))
            wanted[best] -= 1
    return found


def misspelled(found: Sequence[Suspect], back: BackTranslate) -> list[Suspect]:
    """The suspects the reverse engine does not know: it returns them unchanged."""
    if not found:
        return []
    answers = back([s.word for s in found])
    return [s for s, answer in zip(found, answers) if _bare(answer) == s.word.casefold()]


def _bare(text: str) -> str:
    return " ".join(WORD_RE.findall(text)).casefold()


def respell(source: str, draft: str, back: BackTranslate) -> str:
    """``draft`` with every misspelled source name put back (unchanged when there is none)."""
    wrong = {s.word: s.name for s in misspelled(suspects(source, draft), back)}
    if not wrong:
        return draft
    return WORD_RE.sub(lambda m: wrong.get(m.group(), m.group()), draft)
