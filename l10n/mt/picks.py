"""The engines ``l10n init`` writes for each locale: the offline ones that cover it here.

Bergamot covers Portuguese; Apertium covers the pairs installed on this machine, directly or
through a pivot language of installed pairs (``fr`` through ``es`` with ``apertium-eng-spa`` and
``apertium-fr-es``). A locale no offline engine covers gets no entry: ``translate`` then skips
it, naming what would cover it, until someone configures an online engine or ``pseudo``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from l10n.mt.engines import ENGINES, covering_engines


@dataclass(frozen=True)
class Picks:
    """What ``init`` writes under ``[translate.locales]`` and ``[engines.apertium]``."""

    chains: Mapping[str, tuple[str, ...]]
    """Per covered locale, its offline engines in registry order."""
    pivots: Mapping[str, str]
    """Per locale covered only through an Apertium pivot, the pivot language."""


def pick_offline(source: str, locales: Sequence[str]) -> Picks:
    """The offline engines (pseudo-localisation aside) that translate ``source`` into each of
    ``locales``, and the Apertium pivots needed for those no engine covers directly."""
    from l10n.mt.engines.apertium import installed_pivot

    chains: dict[str, tuple[str, ...]] = {}
    pivots: dict[str, str] = {}
    for locale in locales:
        direct = tuple(name for name in covering_engines(source, locale)
                       if ENGINES[name].offline and not name.startswith("pseudo"))
        hub = None if direct else installed_pivot(source, locale)
        if hub is not None:
            pivots[locale] = hub
            direct = ("apertium",)
        if direct:
            chains[locale] = direct
    return Picks(chains, pivots)
