"""Judge an engine's masked output before it may become a draft.

An output is usable when it keeps every token of :mod:`l10n.mt.mask` exactly once, in the right
role and nesting, keeps the number of double quotation marks and em dashes, and leaves brackets
``()[]{}`` exactly as balanced as the source left them: the offline model answers a lone
"Kramatorsk" with "Kramatorsk (", and an unclosed bracket would be published. A rejected output
is never unmasked into a PO file; the caller retries with :func:`l10n.mt.mask.safe_pieces` or
leaves the entry empty and reports why.
"""

from __future__ import annotations

import re

from l10n.mt.mask import TOKEN_RE, Masked, Token

QUOTE_CHARS = frozenset('"\u201c\u201d\u201e\u00ab\u00bb\u2014')
"""Double quotation marks in any typographic style, and the em dash (which the offline model
drops: "(CNN) — The" came back as "(CNN) O"); their count must survive translation."""


def verify(masked: Masked, translated: str) -> list[str]:
    """Problems with an engine's masked output; an empty list means it can be unmasked."""
    problems: list[str] = []
    expected = {(t.id, t.role == "close"): t for t in masked.tokens}
    seen: dict[tuple[int, bool], int] = {}
    order: list[tuple[int, bool]] = []
    for m in TOKEN_RE.finditer(translated):
        key = (int(m.group(2)), m.group(1) == "/")
        if key not in expected:
            problems.append(f"unknown token {m.group(0)}")
            continue
        seen[key] = seen.get(key, 0) + 1
        order.append(key)
    for key, token in expected.items():
        count = seen.get(key, 0)
        if count == 0:
            problems.append(f"lost token {token.placeholder} ({token.text!r})")
        elif count > 1:
            problems.append(f"duplicated token {token.placeholder} ({token.text!r})")
    if problems:
        return problems
    position = {key: i for i, key in enumerate(order)}
    for token in masked.tokens:
        if token.role == "open" and position[(token.id, False)] > position[(token.id, True)]:
            problems.append(f"pair {token.id} closed before it opens")
    for token in masked.tokens:
        if (
            token.role == "open"
            and _encloses_text(masked.text, token.id)
            and not _encloses_text(translated, token.id)
        ):
            problems.append(f"pair {token.id} lost the text it marked")
    source_order = [(t.id, t.role == "close") for t in masked.tokens]
    if not problems and _nested(masked.tokens, source_order) and not _nested(masked.tokens, order):
        problems.append("paired markup crossed")
    return problems


def _encloses_text(text: str, token_id: int) -> bool:
    """True when some text other than tokens lies between ``_N_`` and ``_/N_``."""
    start = text.find(f"_{token_id}_")
    end = text.find(f"_/{token_id}_")
    if start < 0 or end < start:
        return False
    inner = TOKEN_RE.sub("", text[start + len(f"_{token_id}_") : end])
    return bool(inner.strip())


def _nested(tokens: tuple[Token, ...], order: list[tuple[int, bool]]) -> bool:
    paired = {t.id for t in tokens if t.role == "open"}
    stack: list[int] = []
    for token_id, closing in order:
        if token_id not in paired:
            continue
        if not closing:
            stack.append(token_id)
        elif not stack or stack.pop() != token_id:
            return False
    return not stack



def quote_count(text: str) -> int:
    """Number of double quotation marks (any style) and em dashes in ``text``."""
    return sum(1 for ch in text if ch in QUOTE_CHARS)


BRACKETS = {"(": ")", "[": "]", "{": "}"}
"""Opening bracket -> its closing bracket; their balance must survive translation."""

def unmatched_brackets(text: str) -> tuple[str, ...]:
    """The brackets of ``text`` (tokens ignored) that close nothing or are never closed.

    Each kind is counted on its own, so wrapping text in another kind of bracket (pseudo
    translation's ``[...]``) changes nothing: ``"a (b) c)"`` -> ``(")",)``; ``"Kramatorsk ("``
    -> ``("(",)``; ``"[a{]"`` -> ``("{",)``; balanced text -> ``()``.
    """
    body = TOKEN_RE.sub(" ", text)
    result: list[str] = []
    for opener, closer in BRACKETS.items():
        depth = stray = 0
        for ch in body:
            if ch == opener:
                depth += 1
            elif ch == closer:
                if depth:
                    depth -= 1
                else:
                    stray += 1
        result += [closer] * stray + [opener] * depth
    return tuple(result)


def bracket_problems(source: str, output: str) -> list[str]:
    """A problem when ``output`` balances brackets differently from ``source``."""
    want, got = unmatched_brackets(source), unmatched_brackets(output)
    if want == got:
        return []
    extra = "".join(got) or "none"
    return [f"unbalanced brackets: {extra} unmatched where the source has {''.join(want) or 'none'}"]


def check_output(masked: Masked, output: str) -> list[str]:
    """Why an engine's masked output must not be used (empty list: it is fine)."""
    if not output.strip():
        return ["no translation"]
    problems = verify(masked, output)
    if quote_count(output) != quote_count(masked.text):
        problems.append("quotation marks or dashes lost or added")
    problems += bracket_problems(masked.text, output)
    return problems


MAX_GROWTH = 4
"""An output may be at most this many times longer (in characters) than its masked source..."""
LENGTH_FLOOR = 60
"""...or this many characters, whichever is more: a short source ("Yes.") may grow a lot."""
_COMMON_WORD = re.compile(r"(?<![\w-])[^\W\d_A-Z]{2,}(?![\w-])")
"""A word written in lower case letters only: a common word, not a name, acronym or number."""
ECHO_WORDS = 2
"""A source with at least this many common words must not come back unchanged."""


def _language(locale: str) -> str:
    return locale.replace("-", "_").split("_", 1)[0].split("@", 1)[0].lower()


def implausible(masked: Masked, output: str, source_lang: str, target_lang: str) -> list[str]:
    """Why an engine's output of ``masked`` is not believable as a translation.

    * longer than :data:`MAX_GROWTH` times the source (at least :data:`LENGTH_FLOOR`
      characters): a service padding, looping or answering something else;
    * the source unchanged, when source and target are different languages and the source has
      :data:`ECHO_WORDS` common words or more. Names, numbers, acronyms and single words may
      legitimately stay as they are ("Yevgeny Prigozhin", "CNN", "Kramatorsk", "2023"), so a
      text of those alone may come back unchanged; ``en`` -> ``en_GB`` may echo anything.
    """
    problems: list[str] = []
    source = masked.text.strip()
    limit = max(MAX_GROWTH * len(source), LENGTH_FLOOR)
    if len(output) > limit:
        problems.append(f"answer of {len(output)} characters for {len(source)} (more than {limit})")
    if (
        output.strip() == source
        and _language(source_lang) != _language(target_lang)
        and len(_COMMON_WORD.findall(TOKEN_RE.sub(" ", source))) >= ECHO_WORDS
    ):
        problems.append("the answer repeats the source untranslated")
    return problems
