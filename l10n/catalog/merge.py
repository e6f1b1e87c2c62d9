"""Update a locale's PO file to a new template, as ``msgmerge --previous`` does, with fuzzy
matching precise enough for news.

An article changes after it has been translated: sentences are edited, added, removed. The locale
file must follow the template without losing human work, and without passing off the translation
of one sentence as the translation of another. :func:`merge_catalog` does it in three steps:

1. **Exact.** A template entry whose ``(msgctxt, msgid)`` is in the old file keeps that entry's
   translation and state (translated stays translated, fuzzy stays fuzzy with its ``#|``). An
   obsolete (``#~``) old entry that matches exactly comes back the same way ("revived").
2. **Fuzzy.** Each remaining template entry looks for a similar old msgid; if one is found, its
   translation is carried over, the entry is flagged ``fuzzy`` and the old source is recorded as
   ``#| msgid`` (``previous_msgid``). Matching is by content, never by position, so inserting a
   paragraph leaves the sentences around it untouched.
3. **Obsolete.** Old entries that are neither in the template nor used as a fuzzy source become
   obsolete (``#~``) at the end of the file; they are kept, so their translation can come back.

Translator comments (``# ``, including the ``# mt:`` machine-translation provenance line), the
``fuzzy`` flag and msgstr come from the old entry; every other flag (``python-format``,
``no-c-format``, ``no-wrap``...), extracted comments (``#.``) and references (``#:``) come from
the template, as msgmerge does: a format flag another tool guessed on the old file (Babel marks
"100% sure" ``python-format``) is not carried into a file ``msgfmt -c`` would then reject. A
revived ``#~`` entry that is still an unreviewed machine draft stays fuzzy even when the flag was
lost (Babel drops ``fuzzy`` from obsolete entries; :func:`l10n.catalog.state.revived_state`),
and a ``#| msgid`` that Babel read as a translator comment (``# | msgid "..."``) becomes a
previous msgid again.
Entries follow template order, obsolete ones follow in old-file order.

How the fuzzy step decides (each rule measured with ``benchmarks/merge.py``: 27,580 translated
documentation sentences, 10 % lightly edited, 5 % removed, 5 % added, ground truth known):

- Similarity is GNU gettext's own measure (``fstrcmp``): ``2 * matched / (len(a) + len(b))`` over
  characters, computed by RapidFuzz's Indel distance. Candidates come from an inverted index of
  word tokens (letters and digits split apart, so ``HTTP2`` and ``HTTP11`` share ``http``) with
  prefix filtering: a candidate must share one of the query's rarest tokens, enough to share half
  of them. 25,000 x 25,000 entries therefore do not go quadratic. Results are deterministic: ties
  go to the earlier template entry and the earlier old entry.
- **Sources are old msgids that left the template**: orphans (edited or removed sentences) and
  obsolete entries; only translated ones. Each orphan serves at most one new entry, best pairs
  first, so an edited sentence claims its own old version and a genuinely new sentence cannot
  take a translation that still belongs to another sentence. msgmerge reuses one source for
  many entries and takes sources still in the template: on the benchmark it gives 60 % of the
  new sentences some other sentence's translation; these rules bring that to about 10 %, while
  matching 99.8 % of edited sentences to the right old entry (msgmerge 99.3 %).
- **In place first.** An orphan that sits where the new entry sits (between the same unchanged
  neighbours, old file against template) needs ``threshold``; one elsewhere, or an obsolete entry,
  needs ``threshold + OUT_OF_PLACE_MARGIN``, and in-place pairs win ties of up to that margin.
  A rewrite in place is likelier than an edit that also moved; position is a tie-breaker only,
  identity stays content.
- An old msgid that is **still in the template** is a source only for a near-copy (similarity at
  least :data:`STILL_USED_THRESHOLD`) with the same facts: the same numbers, the same number of
  negations, the same names (capitalised words, code spans). "12 killed" next to a still present
  "10 killed" is a new fact; machine translation of the real sentence serves better.
- **Never promote**: a carried-over translation is always ``fuzzy`` with ``#|`` previous,
  whatever the similarity, including when only numbers, a negation or a name changed. An old
  source that was itself fuzzy keeps its own ``#|`` (the text its translation was made for), as
  msgmerge does; an old fuzzy source without one (a machine draft) gets its msgid as ``#|``.

Known differences from ``msgmerge --previous`` (0.21), all deliberate: the fuzzy rules above; a
fuzzy source that was a machine draft gets a ``#|`` (msgmerge writes none); msgmerge also makes
an entry fuzzy when the template adds a format flag its translation fails, or drops a
``range:``, which l10n's templates never carry. Like msgmerge, a fuzzy source is consumed (not also
kept as obsolete), fuzzy matching ignores ``msgctxt``, obsolete entries drop ``#.`` and ``#:``,
and an exact msgid whose plural changed shape becomes fuzzy with every form filled.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from typing import NamedTuple

import polib
from rapidfuzz import process
from rapidfuzz.distance import Indel

from l10n.gc_pause import gc_paused
from l10n.po import HEADER_ATTR
from l10n.po.entries import new_entry

DEFAULT_THRESHOLD = 0.6
"""Minimum similarity (0..1, gettext's ``fstrcmp`` measure) for a fuzzy match on an orphan.

It is msgmerge's own threshold, so an edit msgmerge would carry over in place is carried over
here too. On the benchmark the light edits all score above 0.67, so 0.6 to 0.7 match the same
99.8 % of them; 0.7 would halve the wrong fuzzies on new sentences (9.8 % to 5.6 %) but lose
real rewrites that change more than a few words, which news edits often do; 0.8 already loses
0.7 % of the light edits.
"""

STILL_USED_THRESHOLD = 0.95
"""Minimum similarity for a source whose msgid is still in the template (never below
``threshold``). From 0.95 to 0.9 the wrong fuzzies on new sentences go from 9.8 % to 11.4 %."""

OUT_OF_PLACE_MARGIN = 0.1
"""Extra similarity an orphan needs when it does not sit where the new entry sits (between the
same unchanged neighbours): a rewrite in place is likelier than an edit that also moved."""

_TOKEN = re.compile(r"[^\W\d_]+|\d+")
"""A word token: a run of letters or a run of digits (``HTTP2`` is ``http`` and ``2``)."""
_ASCII_LETTERS = bytes(c | 0x20 if 65 <= c <= 90 or 97 <= c <= 122 else 32 for c in range(256))
_ASCII_DIGITS = bytes(c if 48 <= c <= 57 else 32 for c in range(256))
"""``bytes.translate`` tables that keep the letters (lower-cased) or the digits of ASCII text and
turn every other byte into a space: split, they give :data:`_TOKEN`'s runs of letters and runs of
digits. The merge tokenizes every old msgid, and two translations and splits cost a tenth of
the pattern (a test holds the two to the same tokens)."""
_NEGATION = re.compile(
    r"\b(?:not|no|never|none|nor|nobody|nothing|neither|without)\b|n't\b", re.IGNORECASE
)
_NAME = re.compile(r"(?<=\S\s)[A-Z][\w'’-]*")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)
"""A code span as CommonMark reads it where nothing else is markup: a run of backticks up to the
next run of the same length (an opening run with none is literal; a later run may open)."""
_BEYOND_CODE_SPAN = re.compile(r"[<&\\]|\]\(|\[\^|\{[{%#]")
"""What may make the Markdown parser read backticks otherwise (HTML, autolinks, escapes, entities,
inline link destinations, footnote labels, template tags): texts with one are read by the parser
itself. Brackets alone are not: without definitions no reference link is a link."""
_PLURAL_COUNT = re.compile(r"nplurals\s*=\s*(\d+)")
_TOKEN_OVERLAP = 0.5
"""Share of a query's distinct word tokens an orphan must share to be scored at all."""


class MergeStats(NamedTuple):
    """How the template entries were resolved; ``exact + revived + fuzzy + new`` is their count.

    A named tuple, as the other records of the merge path are, rather than a frozen dataclass:
    importing :mod:`dataclasses` (it imports :mod:`inspect`) and making its methods cost a whole
    ``l10n`` merge run 3%."""

    exact: int
    """Template entries found in the old file (active entries): translation and state kept."""
    fuzzy: int
    """Template entries given the translation of a similar old msgid, flagged fuzzy with ``#|``
    (also counts exact msgids whose plural changed shape, which are made fuzzy)."""
    new: int
    """Template entries with no match: left untranslated."""
    obsolete: int
    """Old active entries no longer in the template and not used as a fuzzy source: made ``#~``
    (kept, or dropped when ``keep_obsolete`` is false). Old ``#~`` entries staying so are not
    counted."""
    revived: int
    """Template entries that matched an obsolete (``#~``) old entry exactly: its translation and
    state come back."""


@gc_paused
def merge_catalog(
    template: polib.POFile,
    old: polib.POFile | None,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    keep_obsolete: bool = True,
) -> tuple[polib.POFile, MergeStats]:
    """Return a new locale catalog for ``template`` that keeps ``old``'s work, and what happened.

    Pure: reads neither file nor clock, and leaves both inputs unchanged. ``old=None`` (a new
    locale) gives untranslated entries and the template's header for the caller to fill in.
    With an old file, its header is kept (translator, team, language, plural forms, revision
    date) except ``POT-Creation-Date`` and ``Report-Msgid-Bugs-To``, which come from the
    template. ``threshold`` is the minimum similarity of a fuzzy match (0 < threshold <= 1);
    the module docstring gives the matching rules.
    """
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], got {threshold!r}; msgmerge uses 0.6")
    result = _new_catalog(template, old)
    nplurals = _nplurals(old if old is not None else template)
    old_entries = [] if old is None else [e for e in old if e.msgid or e.msgctxt is not None]
    active: dict[tuple[str | None, str], int] = {}
    obsolete: dict[tuple[str | None, str], int] = {}
    for index, entry in enumerate(old_entries):
        table = obsolete if entry.obsolete else active
        table.setdefault(_key(entry), index)

    targets = [e for e in template if not e.obsolete and (e.msgid or e.msgctxt is not None)]
    sources: list[int | None] = [None] * len(targets)
    kinds: list[str] = ["new"] * len(targets)
    used: set[int] = set()
    for position, entry in enumerate(targets):
        key = _key(entry)
        if key in active:
            found, kinds[position] = active[key], "exact"
        elif key in obsolete:
            found, kinds[position] = obsolete[key], "revived"
        else:
            continue
        sources[position] = found
        used.add(found)

    pending = [p for p, kind in enumerate(kinds) if kind == "new"]
    if pending and old_entries:
        translated = [i for i, e in enumerate(old_entries) if _has_translation(e)]
        orphans = [i for i in translated if i not in used]
        gaps = _gaps(sources, kinds, len(old_entries))
        matches = _fuzzy_matches(
            [targets[p].msgid for p in pending],
            [old_entries[i].msgid for i in range(len(old_entries))],
            gaps=[gaps[p] for p in pending],
            orphans=orphans,
            still_used=[i for i in translated if i in used and not old_entries[i].obsolete],
            placed=frozenset(i for i, e in enumerate(old_entries) if not e.obsolete),
            threshold=threshold,
        )
        for query, match in matches.items():
            sources[pending[query]], kinds[pending[query]] = match, "fuzzy"
        used.update(matches.values())

    counts = {"exact": 0, "fuzzy": 0, "new": 0, "revived": 0}
    for position, entry in enumerate(targets):
        picked = sources[position]
        source = old_entries[picked] if picked is not None else None
        merged = _merged_entry(
            entry, source, fuzzy_match=kinds[position] == "fuzzy", nplurals=nplurals
        )
        kind = kinds[position]
        if kind == "exact" and merged.fuzzy and source is not None and not source.fuzzy:
            kind = "fuzzy"
        counts[kind] += 1
        result.append(merged)

    made_obsolete = 0
    for index, entry in enumerate(old_entries):
        if index in used:
            continue
        if not entry.obsolete:
            made_obsolete += 1
        if keep_obsolete:
            result.append(_obsolete_entry(entry))
    stats = MergeStats(
        exact=counts["exact"],
        fuzzy=counts["fuzzy"],
        new=counts["new"],
        obsolete=made_obsolete,
        revived=counts["revived"],
    )
    return result, stats


def _key(entry: polib.POEntry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


def _has_translation(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return any(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def _new_catalog(template: polib.POFile, old: polib.POFile | None) -> polib.POFile:
    base = old if old is not None else template
    result = polib.POFile(wrapwidth=base.wrapwidth, encoding=base.encoding)
    result.header = base.header
    result.metadata = dict(base.metadata)
    result.metadata_is_fuzzy = base.metadata_is_fuzzy
    header_entry = getattr(base, HEADER_ATTR, None)
    if header_entry is not None:
        # format_po writes this exact text back while the metadata still says the same thing.
        setattr(result, HEADER_ATTR, header_entry)
    if old is not None:
        for field in ("Report-Msgid-Bugs-To", "POT-Creation-Date"):
            if field in template.metadata:
                result.metadata[field] = template.metadata[field]
    return result


def _nplurals(po: polib.POFile) -> int:
    match = _PLURAL_COUNT.search(po.metadata.get("Plural-Forms", ""))
    return int(match.group(1)) if match else 2


def _merge_flags(template_flags: Iterable[str], *, fuzzy: bool) -> list[str]:
    """The template's flags, with ``fuzzy`` first when the merge decided so (msgmerge's rule:
    nothing but ``fuzzy`` comes from the old entry)."""
    flags = [f for f in template_flags if f != "fuzzy"]
    return ["fuzzy", *flags] if fuzzy else flags


def _merged_entry(
    target: polib.POEntry, source: polib.POEntry | None, *, fuzzy_match: bool, nplurals: int
) -> polib.POEntry:
    if source is None:
        return new_entry(
            msgid=target.msgid,
            msgctxt=target.msgctxt,
            msgid_plural=target.msgid_plural,
            msgstr="",
            msgstr_plural={i: "" for i in range(nplurals)} if target.msgid_plural else {},
            comment=target.comment,
            tcomment="",
            occurrences=list(target.occurrences),
            flags=[f for f in target.flags if f != "fuzzy"],
            obsolete=False,
            previous_msgctxt=None,
            previous_msgid=None,
            previous_msgid_plural=None,
            linenum=None,
        )

    reshaped = bool(target.msgid_plural) != bool(source.msgid_plural)
    plural_changed = target.msgid_plural != source.msgid_plural
    msgstr = ""
    msgstr_plural: dict[int, str] = {}
    if target.msgid_plural and source.msgid_plural:
        msgstr_plural = dict(source.msgstr_plural)
    elif target.msgid_plural:
        msgstr_plural = {i: source.msgstr for i in range(nplurals)}
    elif source.msgid_plural:
        msgstr = source.msgstr_plural.get(0, "")
    else:
        msgstr = source.msgstr

    fuzzy = source.fuzzy or fuzzy_match or reshaped or plural_changed or _revived_draft(source)
    entry = new_entry(
        msgid=target.msgid,
        msgctxt=target.msgctxt,
        msgid_plural=target.msgid_plural,
        msgstr=msgstr,
        msgstr_plural=msgstr_plural,
        comment=target.comment,
        tcomment=source.tcomment,
        occurrences=list(target.occurrences),
        flags=_merge_flags(target.flags, fuzzy=fuzzy),
        obsolete=False,
        previous_msgctxt=None,
        previous_msgid=None,
        previous_msgid_plural=None,
        linenum=None,
    )
    if not fuzzy:
        return entry
    if source.fuzzy and source.previous_msgid is None:
        from l10n.catalog.state import restore_previous

        repaired = polib.POEntry(tcomment=source.tcomment)
        restore_previous(repaired)  # a "#|" that Babel wrote back as a "# |" comment
        if repaired.previous_msgid is not None:
            entry.tcomment = repaired.tcomment
            entry.previous_msgid = repaired.previous_msgid
            return entry
    if source.fuzzy and source.previous_msgid is not None:
        entry.previous_msgctxt = source.previous_msgctxt
        entry.previous_msgid = source.previous_msgid
        entry.previous_msgid_plural = source.previous_msgid_plural
    elif fuzzy_match or reshaped or plural_changed:
        entry.previous_msgctxt = source.msgctxt
        entry.previous_msgid = source.msgid
        entry.previous_msgid_plural = source.msgid_plural or None
    return entry


def _revived_draft(source: polib.POEntry) -> bool:
    """An obsolete source that is still an unreviewed machine draft (which Babel may have
    stripped of its ``fuzzy`` flag)."""
    if not source.obsolete:
        return False
    from l10n.catalog.state import revived_state

    return revived_state(source).is_draft


def _obsolete_entry(source: polib.POEntry) -> polib.POEntry:
    return new_entry(
        msgid=source.msgid,
        msgctxt=source.msgctxt,
        msgid_plural=source.msgid_plural,
        msgstr=source.msgstr,
        msgstr_plural=dict(source.msgstr_plural),
        comment="",
        tcomment=source.tcomment,
        occurrences=[],
        flags=list(source.flags),
        previous_msgctxt=source.previous_msgctxt,
        previous_msgid=source.previous_msgid,
        previous_msgid_plural=source.previous_msgid_plural,
        obsolete=True,
        linenum=None,
    )


def word_tokens(text: str) -> set[str]:
    """The distinct lower-cased word tokens of ``text`` (:data:`_TOKEN`), by which the fuzzy
    step finds candidates."""
    if not text.isascii():
        return set(_TOKEN.findall(text.lower()))
    data = text.encode("ascii")
    tokens = set(data.translate(_ASCII_LETTERS).decode("ascii").split())
    tokens.update(data.translate(_ASCII_DIGITS).decode("ascii").split())
    return tokens


class _TokenIndex:
    """Inverted index of lower-cased word tokens over a subset of the old msgids.

    Only the tokens of ``vocabulary`` are indexed: :meth:`candidates` looks up no other token
    than a query's, so an index over the queries' tokens answers exactly as a full one, and
    most tokens of the old msgids are in no query."""

    def __init__(
        self, texts: Sequence[str], members: Sequence[int], vocabulary: AbstractSet[str]
    ) -> None:
        self.texts = texts
        postings: defaultdict[str, list[int]] = defaultdict(list)
        for index in members:
            for token in word_tokens(texts[index]) & vocabulary:
                postings[token].append(index)
        self.postings: dict[str, list[int]] = dict(postings)

    def candidates(self, tokens: set[str], *, overlap: float) -> list[int]:
        """Old msgids sharing at least one of the rarest of a query's ``tokens``: prefix
        filtering, so every msgid sharing at least ``overlap`` of them is returned."""
        get = self.postings.get
        ranked = sorted([(len(get(token, ())), token) for token in tokens])
        required = max(1, math.ceil(overlap * len(ranked) - 1e-9))
        seen: set[int] = set()
        for _, token in ranked[: len(ranked) - required + 1]:
            seen.update(get(token, ()))
        return sorted(seen)

    def scored(
        self, query: str, tokens: set[str], *, overlap: float, cutoff: float
    ) -> list[tuple[float, int]]:
        """``(similarity, index)`` of the candidates for ``query`` (whose :func:`word_tokens` are
        ``tokens``) at or above ``cutoff``, best first."""
        candidates = self.candidates(tokens, overlap=overlap)
        if not candidates:
            return []
        found = process.extract(
            query,
            list(map(self.texts.__getitem__, candidates)),
            scorer=Indel.normalized_similarity,
            score_cutoff=cutoff,
            limit=None,
        )
        return sorted((-score, candidates[position]) for _, score, position in found)


def _gaps(
    sources: Sequence[int | None], kinds: Sequence[str], old_count: int
) -> list[tuple[int, int]]:
    """For each template position, the old-file indexes of the nearest exact matches before and
    after it: an orphan between them sits where the template entry sits."""
    before: list[int] = []
    last = -1
    for index, kind in zip(sources, kinds):
        before.append(last)
        if kind == "exact" and index is not None:
            last = index
    after: list[int] = [0] * len(sources)
    following = old_count
    for position in range(len(sources) - 1, -1, -1):
        after[position] = following
        index = sources[position]
        if kinds[position] == "exact" and index is not None:
            following = index
    return list(zip(before, after))


def _fuzzy_matches(
    queries: Sequence[str],
    texts: Sequence[str],
    *,
    gaps: Sequence[tuple[int, int]],
    orphans: Sequence[int],
    still_used: Sequence[int],
    placed: frozenset[int],
    threshold: float,
) -> dict[int, int]:
    """Map query positions to old msgid indexes: orphans one-to-one (best pairs first), then
    msgids still in the template, reusable, at a stricter threshold and with the same facts."""
    query_tokens = [word_tokens(query) for query in queries]
    orphan_index = _TokenIndex(texts, orphans, set().union(*query_tokens))
    away = min(1.0, threshold + OUT_OF_PLACE_MARGIN)
    pairs: list[tuple[float, int, int]] = []
    for q, query in enumerate(queries):
        low, high = gaps[q]
        scored = orphan_index.scored(
            query, query_tokens[q], overlap=_TOKEN_OVERLAP, cutoff=threshold
        )
        for negative, index in scored:
            if low < index < high and index in placed:
                pairs.append((negative - OUT_OF_PLACE_MARGIN, q, index))
            elif -negative >= away:
                pairs.append((negative, q, index))
    pairs.sort()
    matches: dict[int, int] = {}
    taken: set[int] = set()
    for _, q, index in pairs:
        if q not in matches and index not in taken:
            matches[q] = index
            taken.add(index)

    strict = max(threshold, STILL_USED_THRESHOLD)
    rest = [q for q in range(len(queries)) if q not in matches]
    if rest and still_used and strict <= 1.0:
        used_index = _TokenIndex(texts, still_used, set().union(*(query_tokens[q] for q in rest)))
        for q in rest:
            facts = None
            scored = used_index.scored(queries[q], query_tokens[q], overlap=strict, cutoff=strict)
            for _, index in scored:
                facts = _facts(queries[q]) if facts is None else facts
                if _facts(texts[index]) == facts:
                    matches[q] = index
                    break
    return matches


def _facts(text: str) -> tuple[list[str], int, list[str]]:
    """What a near-copy must share with a sentence still in the template to serve as its source:
    the numbers, the count of negations, and the names (capitalised words after the first word,
    code spans)."""
    from l10n.document.numbers import find_numbers  # only for near-copies: kept off start-up

    numbers = find_numbers(text, "decimal")
    negations = len(_NEGATION.findall(text))
    codes = _code_spans(text) if "`" in text else []  # a code span needs a backtick
    plain = text
    for start, end in codes:  # a code span is one name; the words inside it are not
        plain = plain[:start] + "x" * (end - start) + plain[end:]
    found = [(start, text[start:end]) for start, end in codes]
    found += [(m.start(), m.group()) for m in _NAME.finditer(plain)]
    names = [name for _, name in sorted(found)]
    return numbers, negations, names


def _code_spans(text: str) -> list[tuple[int, int]]:
    """Where the code spans of ``text`` are, as the Markdown parser reads them."""
    if not _BEYOND_CODE_SPAN.search(text):  # importing the parser would cost more than the merge
        return [m.span() for m in _CODE_SPAN.finditer(text)]
    from l10n.document.inline import parse_inline  # pyromark and the model: only when needed

    return [(m.start, m.end) for m in parse_inline(text).markup if m.name == "code"]


def same_facts(a: str, b: str) -> bool:
    """Whether two sentences state the same facts: the same numbers, the same number of
    negations, the same names. The rule a near-copy must pass to lend its translation here, and
    the memory's fuzzy matches (:mod:`l10n.mt.memory.fuzzy`) pass it too."""
    return _facts(a) == _facts(b)
