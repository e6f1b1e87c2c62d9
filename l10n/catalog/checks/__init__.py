"""Checks of translations against their source: what an editor must fix before publishing.

One table, :data:`CHECKS` (:mod:`.table`), serves both ``l10n check`` and ``l10n build``; the
checks live in modules of one kind each: :mod:`.markup` (what breaks the rendered article),
:mod:`.numbers` (values, locale-aware), :mod:`.text` (prose: spaces, doubled words, brackets,
quotes, punctuation, untranslated text, length, identifiers), :mod:`.names` (proper names),
and :mod:`.project` (across catalogs, one catalog at a time; :mod:`.consistency`). :mod:`.base` holds their vocabulary.
"""

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
from l10n.catalog.checks.markup import emphasis_balanced, markup_kept, quotes_kept, structure_kept
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
