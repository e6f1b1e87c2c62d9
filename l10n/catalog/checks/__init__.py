"""Checks of translations against their source: what an editor must fix before publishing.

One table, :data:`CHECKS` (:mod:`.table`), serves both ``l10n check`` and ``l10n build``; the
checks live in modules of one kind each: :mod:`.markup` (what breaks the rendered article),
:mod:`.numbers` (values, locale-aware), :mod:`.text` (prose: spaces, doubled words, brackets,
quotes, punctuation, untranslated text, length, identifiers), :mod:`.names` (proper names),
and :mod:`.project` (across catalogs, one catalog at a time; :mod:`.consistency`). :mod:`.base` holds their vocabulary.
"""

from typing import TYPE_CHECKING

from l10n.lazy import lazy_names

if TYPE_CHECKING:  # what the names are, for mypy; at run time each module loads on first use
    from l10n.catalog.checks.base import (
        Check,
        CheckContext,
        EntryCheck,
        Finding,
        Scope,
        Severity,
        entry_finding,
        scope_of,
        source_line,
    )
    from l10n.catalog.checks.markup import (
        emphasis_balanced,
        markup_kept,
        quotes_kept,
        structure_kept,
    )
    from l10n.catalog.checks.names import names_kept, source_names
    from l10n.catalog.checks.numbers import compare_numbers, numbers_kept, numbers_same_value
    from l10n.catalog.checks.project import (
        PROJECT_CHECKS,
        CatalogUnit,
        ProjectCheck,
        ProjectChecks,
        ProjectInput,
        run_project_checks,
    )
    from l10n.catalog.checks.table import (
        CHECKS,
        ENTRY_CHECKS,
        catalog_refusals,
        check_catalog,
        check_entry,
        entry_scopes,
        format_directives_kept,
        refusal,
    )
    from l10n.catalog.checks.text import (
        brackets_balanced,
        doubled_spaces,
        doubled_words,
        final_punctuation,
        identifiers_kept,
        length_ratio,
        not_left_untranslated,
        outer_whitespace,
        quotes_balanced,
    )

_HOME = {
    "CHECKS": "l10n.catalog.checks.table",
    "CatalogUnit": "l10n.catalog.checks.project",
    "Check": "l10n.catalog.checks.base",
    "CheckContext": "l10n.catalog.checks.base",
    "ENTRY_CHECKS": "l10n.catalog.checks.table",
    "EntryCheck": "l10n.catalog.checks.base",
    "Finding": "l10n.catalog.checks.base",
    "PROJECT_CHECKS": "l10n.catalog.checks.project",
    "ProjectCheck": "l10n.catalog.checks.project",
    "ProjectChecks": "l10n.catalog.checks.project",
    "ProjectInput": "l10n.catalog.checks.project",
    "Scope": "l10n.catalog.checks.base",
    "Severity": "l10n.catalog.checks.base",
    "brackets_balanced": "l10n.catalog.checks.text",
    "catalog_refusals": "l10n.catalog.checks.table",
    "check_catalog": "l10n.catalog.checks.table",
    "check_entry": "l10n.catalog.checks.table",
    "compare_numbers": "l10n.catalog.checks.numbers",
    "doubled_spaces": "l10n.catalog.checks.text",
    "doubled_words": "l10n.catalog.checks.text",
    "emphasis_balanced": "l10n.catalog.checks.markup",
    "entry_finding": "l10n.catalog.checks.base",
    "entry_scopes": "l10n.catalog.checks.table",
    "final_punctuation": "l10n.catalog.checks.text",
    "format_directives_kept": "l10n.catalog.checks.table",
    "identifiers_kept": "l10n.catalog.checks.text",
    "length_ratio": "l10n.catalog.checks.text",
    "markup_kept": "l10n.catalog.checks.markup",
    "names_kept": "l10n.catalog.checks.names",
    "not_left_untranslated": "l10n.catalog.checks.text",
    "numbers_kept": "l10n.catalog.checks.numbers",
    "numbers_same_value": "l10n.catalog.checks.numbers",
    "outer_whitespace": "l10n.catalog.checks.text",
    "quotes_balanced": "l10n.catalog.checks.text",
    "quotes_kept": "l10n.catalog.checks.markup",
    "refusal": "l10n.catalog.checks.table",
    "run_project_checks": "l10n.catalog.checks.project",
    "scope_of": "l10n.catalog.checks.base",
    "source_line": "l10n.catalog.checks.base",
    "source_names": "l10n.catalog.checks.names",
    "structure_kept": "l10n.catalog.checks.markup",
}
"""The module of each name: ``extract`` annotates catalogs with the glossary, whose findings
are of :mod:`.base`, without loading every check (``check`` and ``build`` load them)."""


__getattr__ = lazy_names(__name__, _HOME, globals())


__all__ = [
    "CHECKS", "ENTRY_CHECKS", "PROJECT_CHECKS", "CatalogUnit", "Check", "CheckContext", "EntryCheck",
    "Finding", "ProjectCheck", "ProjectChecks", "ProjectInput", "Scope", "Severity", "brackets_balanced",
    "catalog_refusals", "check_catalog", "check_entry", "compare_numbers",
    "doubled_spaces", "doubled_words", "emphasis_balanced",
    "entry_finding", "entry_scopes", "final_punctuation", "format_directives_kept",
    "identifiers_kept", "length_ratio", "markup_kept", "names_kept", "not_left_untranslated",
    "numbers_kept", "numbers_same_value", "outer_whitespace", "quotes_balanced", "quotes_kept",
    "refusal", "run_project_checks", "scope_of", "source_line", "source_names", "structure_kept",
]
