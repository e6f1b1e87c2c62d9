"""The word diff of a stale entry: what changed in the source since it was translated.

The review page calls only :func:`word_diff` for a stale entry's previous msgid (``#|``) and
its msgid, so the classification of the change (cosmetic or meaning) can sit behind the same
call.
"""

from __future__ import annotations

import difflib
import html
import re

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def word_diff(old: str, new: str) -> str:
    """HTML of ``new`` with the word-level changes from ``old`` as ``<del>``/``<ins>``.

    Removing the ``<ins>`` parts gives ``old`` back, removing the ``<del>`` parts ``new``.
    """
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(_esc("".join(b[j1:j2])))
            continue
        if i2 > i1:
            out.append(f"<del>{_esc(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{_esc(''.join(b[j1:j2]))}</ins>")
    return "".join(out)
