"""A stale entry on the review page: how its source changed since it was translated.

The classification (cosmetic or meaning) and the word diff are :mod:`l10n.catalog.triage`'s,
the one owner of both; this module only turns them into HTML, every text escaped.
"""

from __future__ import annotations

import html

from l10n.catalog.triage import triage
from l10n.catalog.triage import word_diff as _triage_diff


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def word_diff(old: str, new: str) -> str:
    """HTML of ``new`` with the word-level changes from ``old`` as ``<del>``/``<ins>``.

    Removing the ``<ins>`` parts gives ``old`` back, removing the ``<del>`` parts ``new``.
    """
    return _triage_diff(old, new, _esc)


def stale_source(old: str, new: str, language: str) -> str:
    """HTML of a stale entry's source: the triage class and its reasons, then the word diff."""
    found = triage(old, new, language=language)
    reasons = "; ".join(found.reasons)
    hint = ("l10n accept-cosmetic can accept it" if found.cosmetic
            else "the translation may no longer say what the source says")
    return (f'<small class="triage {found.kind.value}">{found.kind.value} change'
            f'{": " + _esc(reasons) if reasons else ""} ({hint})</small>'
            f'<div class="diff">{word_diff(old, new)}</div>')
