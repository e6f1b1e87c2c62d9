"""The project glossary: terms kept as in the source and required translations per locale.

One file (``glossary.tsv`` at the project root, or ``[glossary] path`` in ``l10n.toml``; format
in :mod:`l10n.glossary.load`) serves every step: ``check`` reports translations that break it
(:func:`glossary_findings`), ``translate`` masks its terms for engines without glossary support
and sends it to those with (DeepL), and ``extract`` shows it to translators as a ``#.`` note on
every entry that contains a term (:func:`annotate`). This is the front door; the modules behind
it hold the data (:mod:`~l10n.glossary.model`), the file format (:mod:`~l10n.glossary.load`),
the matching (:mod:`~l10n.glossary.match`) and the catalog side (:mod:`~l10n.glossary.catalog`).
"""

from __future__ import annotations

from l10n.config import Config
from l10n.glossary.catalog import annotate, glossary_findings
from l10n.glossary.load import COLUMNS, load_glossary, parse_glossary
from l10n.glossary.match import note, pairs, terms_in, violations
from l10n.glossary.model import EMPTY, FLAGS, Glossary, Match, Rule

__all__ = [
    "COLUMNS",
    "EMPTY",
    "FLAGS",
    "Glossary",
    "Match",
    "Rule",
    "annotate",
    "glossary_findings",
    "load_glossary",
    "note",
    "pairs",
    "parse_glossary",
    "project_glossary",
    "terms_in",
    "violations",
]


def project_glossary(config: Config) -> Glossary:
    """The glossary of the project ``config`` describes (empty when it has none)."""
    if config.glossary_path is None:
        return EMPTY
    return load_glossary(config.glossary_path)
