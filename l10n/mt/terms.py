"""The project glossary in machine translation: drafts follow it whatever the engine.

Engines without glossary support get its terms masked like inline code (:func:`mask_for`;
the token comes back as the required text, see :mod:`l10n.mt.mask`); engines with their own
glossary support (:class:`~l10n.mt.engines.base.GlossaryEngine`: DeepL) see the terms and get
the glossary's entries instead (:func:`prepare`). A remembered draft that breaks the glossary
(made before a term was added) is not reused (:func:`reusable`).
"""

from __future__ import annotations

from l10n.errors import EngineError
from l10n.glossary.match import pairs, terms_in, violations
from l10n.glossary.model import Glossary
from l10n.mt import mask as masking
from l10n.mt.engines.base import Engine, glossary_engine


def mask_for(engine: Engine | None, glossary: Glossary, msgid: str, locale: str) -> masking.Masked:
    """``msgid`` masked for ``engine`` (``None``: not built, a dry run): glossary terms too,
    unless the engine follows the glossary itself."""
    if engine is not None and glossary_engine(engine) is not None:
        return masking.mask(msgid)
    return masking.mask(msgid, terms_in(glossary, msgid, locale))


def prepare(engine: Engine, glossary: Glossary, source: str, target: str) -> EngineError | None:
    """Give an engine with glossary support the entries for ``source`` -> ``target``; the
    engine's error when it refused them (nothing to do for other engines)."""
    native = glossary_engine(engine)
    entries = pairs(glossary, target)
    if native is None or not entries:
        return None
    try:
        native.use_glossary(source, target, entries)
    except EngineError as refused:
        return refused
    return None


def reusable(glossary: Glossary, msgid: str, draft: str, locale: str) -> bool:
    """Whether a remembered machine draft of ``msgid`` follows the glossary."""
    return not violations(glossary, msgid, draft, locale)
