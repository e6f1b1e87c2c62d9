"""How ``edits.tsv`` was mined: edited sentences between two releases of the same docs.

Run as ``python mine.py OLD_DOCS NEW_DOCS`` on two unpacked sdists' ``docs/`` folders (see
PROVENANCE); prints ``file<TAB>old<TAB>new`` for every sentence of a prose paragraph that was
edited (paired with its new version by similarity), for a person to label.
"""

from __future__ import annotations

import difflib
import re
import sys
from pathlib import Path

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z`*\"(])")


def paragraphs(text: str) -> list[str]:
    """The prose paragraphs of an reStructuredText file: no directives, code or headings."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = block.splitlines()
        if not lines or lines[0].startswith((" ", "\t", "..", "|")):
            continue
        if len(lines) > 1 and re.fullmatch(r"([=\-~^*#+])\1+", lines[-1].strip()):
            continue
        if any(re.fullmatch(r"([=\-~^*#+])\1+", line.strip()) for line in lines):
            continue
        out.append(" ".join(line.strip() for line in lines))
    return out


def sentences(text: str) -> list[str]:
    """The sentences of the file's prose paragraphs."""
    return [s for p in paragraphs(text) for s in _SENTENCE_END.split(p) if len(s.split()) >= 4]


def edits(old: list[str], new: list[str]) -> list[tuple[str, str]]:
    """(old, new) pairs of sentences the release edited."""
    pairs: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "replace":
            continue
        for a in old[i1:i2]:
            best = max(new[j1:j2], key=lambda b: difflib.SequenceMatcher(None, a, b).ratio())
            if difflib.SequenceMatcher(None, a, best).ratio() >= 0.6:
                pairs.append((a, best))
    return pairs


def main(old_root: Path, new_root: Path) -> None:
    for old_file in sorted(old_root.rglob("*.rst")):
        rel = old_file.relative_to(old_root)
        new_file = new_root / rel
        if not new_file.exists():
            continue
        old = sentences(old_file.read_text(encoding="utf-8"))
        new = sentences(new_file.read_text(encoding="utf-8"))
        for a, b in edits(old, new):
            if a != b:
                sys.stdout.write(f"{rel.as_posix()}\t{a}\t{b}\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
