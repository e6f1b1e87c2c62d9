"""Build the data of the merge benchmark: real documentation sentences, an old translated PO file,
a new template with known edits, and the ground truth.

The text is real documentation written by people, taken from Debian packages fetched with
``apt-get download`` (no other network access): the Node.js 18 API docs (``nodejs-doc``, Markdown)
and the Python 3.11 docs (``python3.11-doc``, reST sources). Both are cached and unpacked under
``benchmarks/.cache/``. Blocks are split on blank lines, code and markup-only blocks dropped,
sentences cut with ``sentencex.segment('en', ...)``, whitespace collapsed and duplicates removed,
in a fixed file order, so the corpus is the same on every machine with the same package versions.

From the first ``n + n/20`` sentences (document order), a seeded RNG picks:

- ``added``: 5 % of ``n``, held out of the old catalog; they appear in the new template at their
  natural place in the document (an inserted paragraph, as in a revised article);
- the ``n`` others form ``old.po``, each translated by a deterministic fake (the words reversed,
  prefixed ``[xx]``), so every msgstr is known and distinct;
- ``removed``: 5 % of the old entries, absent from the new template;
- ``edited``: 10 % of the old entries (the first ones of a seeded shuffle that admit a light
  edit), replaced in the template by a lightly edited copy (one of:
  a number changed, a word deleted, inserted or replaced, a negation added or removed, punctuation
  changed, a name or code span swapped), never colliding with another msgid. "Light" means the
  sentence stays recognisable: words are deleted, replaced or swapped only in sentences of three
  words or more (replacing one of two words rewrites half the sentence).

Everything else is unchanged. ``truth.json`` records, per new msgid, its class and (for edits) the
old msgid it came from and the kind of edit.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polib

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
sys.path.insert(0, str(HERE.parent))

from l10n.po import save_po

PACKAGES = ("nodejs-doc", "python3.11-doc")
"""Debian packages whose documentation text makes the corpus, in corpus order."""

EDIT_KINDS = ("number", "delete", "insert", "replace", "negation", "punctuation", "name")
"""The kinds of light edit, tried in a seeded random order until one applies."""

_NEGATABLE = re.compile(r"\b(is|are|was|were|can|will|should|must|does|do|has|have|may)\b")


@dataclass(frozen=True)
class Dataset:
    """One generated benchmark case on disk."""

    folder: Path
    """Where ``old.po``, ``new.pot`` and ``truth.json`` are."""
    n_old: int
    """Translated entries in ``old.po``."""
    fingerprint: str
    """Short hash of the three files; results cached for another fingerprint are stale."""
    counts: dict[str, int] = field(default_factory=dict)
    """Ground-truth class sizes: unchanged, edited, added, removed."""

    @property
    def old(self) -> Path:
        """The old translated catalog."""
        return self.folder / "old.po"

    @property
    def new(self) -> Path:
        """The new template."""
        return self.folder / "new.pot"

    @property
    def truth(self) -> Path:
        """The ground truth (JSON)."""
        return self.folder / "truth.json"


def fetch_packages() -> dict[str, Path]:
    """Download (``apt-get download``) and unpack the documentation packages, once."""
    roots: dict[str, Path] = {}
    CACHE.mkdir(parents=True, exist_ok=True)
    for package in PACKAGES:
        root = CACHE / package
        if not (root / ".unpacked").exists():
            debs = sorted(CACHE.glob(f"{package}_*.deb"))
            if not debs:
                subprocess.run(["apt-get", "download", package], cwd=CACHE, check=True)
                debs = sorted(CACHE.glob(f"{package}_*.deb"))
            subprocess.run(["dpkg-deb", "-x", str(debs[-1]), str(root)], check=True)
            (root / ".unpacked").write_text(debs[-1].name + "\n")
        roots[package] = root
    return roots


def _markdown_blocks(text: str) -> Iterator[str]:
    text = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)
    text = re.sub(r"^(```|~~~).*?^\1[^\n]*$", "", text, flags=re.DOTALL | re.MULTILINE)
    for block in re.split(r"\n\s*\n", text):
        if block.startswith("    ") or block.lstrip().startswith("|"):
            continue
        item: list[str] = []
        for line in block.splitlines():
            line = line.strip()
            marker = re.match(r"^(#{1,6}\s+|[*+-]\s+|\d+[.)]\s+|>\s*)", line)
            if marker and item and not line.startswith(">"):
                yield " ".join(item)
                item = []
            if marker:
                line = line[marker.end() :]
            if line:
                item.append(line)
        if item:
            yield " ".join(item)


def _rest_blocks(text: str) -> Iterator[str]:
    literal_next = False
    for block in re.split(r"\n\s*\n", text):
        lines = [ln for ln in block.splitlines() if ln.strip()]
        if not lines:
            continue
        indented = lines[0].startswith((" ", "\t"))
        if literal_next and indented:
            continue
        literal_next = lines[-1].rstrip().endswith("::")
        first = lines[0].strip()
        if first.startswith((".. ", ">>>", "+-", "|", "::")) or lines[-1].strip() == "::":
            continue
        kept = [
            ln.strip()
            for ln in lines
            if not re.fullmatch(r"\s*([=\-~^\"'`#*+.:_])\1{2,}\s*", ln)
            and not ln.strip().startswith((":param", ":type", ":rtype", ":returns", ".. "))
        ]
        kept = [re.sub(r"^([*+-]\s+|\d+[.)]\s+|#\.\s+)", "", ln) for ln in kept]
        if kept:
            yield " ".join(kept).removesuffix("::").strip()


def corpus_sentences(roots: dict[str, Path]) -> list[str]:
    """All unique sentences of the corpus, in document order (deterministic)."""
    import sentencex

    files: list[tuple[str, Path]] = []
    files += [("md", p) for p in sorted((roots["nodejs-doc"]).rglob("api/*.md.gz"))]
    files += [("rst", p) for p in sorted((roots["python3.11-doc"]).rglob("_sources/**/*.rst.txt"))]
    seen: set[str] = set()
    sentences: list[str] = []
    for kind, path in files:
        if kind == "md":
            with gzip.open(path, "rt", encoding="utf-8") as handle:
                blocks = _markdown_blocks(handle.read())
        else:
            blocks = _rest_blocks(path.read_text(encoding="utf-8"))
        for block in blocks:
            for piece in sentencex.segment("en", block):
                sentence = " ".join(piece.split())
                if len(sentence) < 2 or not re.search(r"[A-Za-z]", sentence):
                    continue
                if sentence not in seen:
                    seen.add(sentence)
                    sentences.append(sentence)
    return sentences


def fake_translation(msgid: str) -> str:
    """Deterministic, distinct stand-in for a translation: the words reversed."""
    return "[xx] " + " ".join(reversed(msgid.split()))


def _edit(
    sentence: str, rng: random.Random, vocabulary: list[str], names: list[str]
) -> tuple[str, str] | None:
    """One light edit of ``sentence`` and its kind, or None when no kind applies.

    Numbers, punctuation and negation are always light; a word or name may be deleted, inserted,
    replaced or swapped only when it changes at most a third of the sentence's characters (a
    new word in a one-word heading is a new heading, not an edit).
    """
    words = sentence.split(" ")
    kinds = list(EDIT_KINDS)
    rng.shuffle(kinds)
    budget = len(sentence) / 3
    for kind in kinds:
        result: str | None = None
        if kind == "number":
            numbers = list(re.finditer(r"\d+", sentence))
            if numbers:
                m = rng.choice(numbers)
                value = int(m.group()) + rng.randint(1, 9)
                result = sentence[: m.start()] + str(value) + sentence[m.end() :]
        elif kind == "delete" and len(words) >= 2:
            i = rng.randrange(len(words))
            if len(words[i]) + 1 <= budget:
                result = " ".join(words[:i] + words[i + 1 :])
        elif kind == "insert":
            i = rng.randrange(len(words) + 1)
            word = rng.choice(vocabulary)
            if len(word) + 1 <= budget:
                result = " ".join(words[:i] + [word] + words[i:])
        elif kind == "replace" and len(words) >= 2:
            i = rng.randrange(len(words))
            word = rng.choice(vocabulary)
            if max(len(word), len(words[i])) <= budget:
                result = " ".join(words[:i] + [word] + words[i + 1 :])
        elif kind == "negation":
            if " not " in sentence:
                result = sentence.replace(" not ", " ", 1)
            else:
                m = _NEGATABLE.search(sentence)
                if m:
                    result = sentence[: m.end()] + " not" + sentence[m.end() :]
        elif kind == "punctuation":
            if sentence[-1] in ".:;!?":
                result = sentence[:-1] + rng.choice([c for c in ".!?;" if c != sentence[-1]])
            elif len(words) >= 2:
                i = rng.randrange(len(words) - 1)
                result = " ".join(words[:i] + [words[i] + ","] + words[i + 1 :])
        elif kind == "name":
            spans = list(re.finditer(r"`[^`]+`|(?<=\s)[A-Z][a-z]+[A-Z]?\w*", sentence))
            if spans:
                m = rng.choice(spans)
                other = rng.choice(names)
                if m.group().startswith("`"):
                    other = "`" + other.strip("`") + "`"
                if max(len(other), len(m.group())) <= budget:
                    result = sentence[: m.start()] + other + sentence[m.end() :]
        if result and result != sentence:
            return result, kind
    return None


def build(n_old: int, *, seed: int = 20240601, folder: Path | None = None) -> Dataset:
    """Generate (or reuse) the benchmark case with ``n_old`` translated entries."""
    folder = folder or CACHE / f"merge-{n_old}-{seed}"
    if (folder / "truth.json").exists():
        return _load(folder, n_old)
    sentences = corpus_sentences(fetch_packages())
    n_added = round(n_old * 0.05)
    if len(sentences) < n_old + n_added:
        raise SystemExit(f"corpus has {len(sentences)} sentences, need {n_old + n_added}")
    pool = sentences[: n_old + n_added]
    rng = random.Random(seed)
    added = set(rng.sample(range(len(pool)), n_added))
    old_ids = [i for i in range(len(pool)) if i not in added]
    rng.shuffle(old_ids)
    removed = set(old_ids[: round(n_old * 0.05)])
    vocabulary = sorted({w for s in pool for w in s.split() if w.isalpha() and w.islower()})
    names = sorted({m for s in pool for m in re.findall(r"`[^`]+`|\b[A-Z][a-z]+[A-Z]\w*", s)})
    taken = set(sentences)
    edits: dict[int, tuple[str, str]] = {}
    for i in old_ids[len(removed) :]:
        if len(edits) == round(n_old * 0.10):
            break
        for _ in range(5):
            change = _edit(pool[i], rng, vocabulary, names)
            if change and change[0] not in taken:
                taken.add(change[0])
                edits[i] = change
                break
    truth: dict[str, dict[str, str]] = {}
    old = polib.POFile(wrapwidth=79)
    new = polib.POFile(wrapwidth=79)
    for po, language in ((old, "xx"), (new, "")):
        po.metadata = {
            "Project-Id-Version": "merge-benchmark",
            "POT-Creation-Date": "2024-06-01 00:00+0000",
            "PO-Revision-Date": "2024-06-02 00:00+0000" if language else "YEAR-MO-DA HO:MI+ZONE",
            "Last-Translator": "Bench <bench@example.org>"
            if language
            else "FULL NAME <EMAIL@ADDRESS>",
            "Language-Team": "xx" if language else "LANGUAGE <LL@li.org>",
            "Language": language,
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
        }
    new.metadata["POT-Creation-Date"] = "2024-07-01 00:00+0000"
    for i, sentence in enumerate(pool):
        if i not in added:
            old.append(
                polib.POEntry(
                    msgid=sentence,
                    msgstr=fake_translation(sentence),
                    occurrences=[("docs", str(len(old) + 1))],
                )
            )
        if i in removed:
            continue
        msgid = sentence
        if i in edits:
            msgid, kind = edits[i]
            truth[msgid] = {"class": "edited", "old": sentence, "kind": kind}
        elif i in added:
            truth[msgid] = {"class": "added"}
        else:
            truth[msgid] = {"class": "unchanged", "old": sentence}
        new.append(polib.POEntry(msgid=msgid, msgstr="", occurrences=[("docs", str(len(new) + 1))]))
    removed_msgids = [pool[i] for i in sorted(removed)]
    folder.mkdir(parents=True, exist_ok=True)
    save_po(folder / "old.po", old)
    save_po(folder / "new.pot", new)
    payload = {"new": truth, "removed": removed_msgids, "seed": seed, "n_old": n_old}
    (folder / "truth.json").write_text(json.dumps(payload, ensure_ascii=False, indent=0) + "\n")
    return _load(folder, n_old)


def _load(folder: Path, n_old: int) -> Dataset:
    digest = hashlib.sha256()
    for name in ("old.po", "new.pot", "truth.json"):
        digest.update((folder / name).read_bytes())
    truth = json.loads((folder / "truth.json").read_text())
    counts = {"unchanged": 0, "edited": 0, "added": 0}
    for info in truth["new"].values():
        counts[info["class"]] += 1
    counts["removed"] = len(truth["removed"])
    return Dataset(folder=folder, n_old=n_old, fingerprint=digest.hexdigest()[:16], counts=counts)


if __name__ == "__main__":
    for size in map(int, sys.argv[1:] or ["5000", "27580"]):
        data = build(size)
        print(data.folder, data.fingerprint, data.counts)
