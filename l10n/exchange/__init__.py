"""Exchange files for other tools: XLIFF 1.2 and 2.0 for CAT tools (Trados, memoQ, OmegaT).

The front door is :func:`export_xliff` and :func:`import_xliff`; the modules behind it are one
job each: :mod:`~l10n.exchange.codes` (inline markup as codes), :mod:`~l10n.exchange.units`
(unit ids, notes, the state tables), :mod:`~l10n.exchange.write` and
:mod:`~l10n.exchange.read` (the two versions), :mod:`~l10n.exchange.xmlread` (safe XML
reading), :mod:`~l10n.exchange.apply` (what an imported unit changes) and
:mod:`~l10n.exchange.files` (the commands' library functions).
"""

from __future__ import annotations

from l10n.exchange.files import (
    Exported,
    ExportReport,
    Imported,
    ImportReport,
    default_folder,
    export_xliff,
    import_xliff,
)
from l10n.exchange.units import VERSIONS, XliffVersion, unit_id
from l10n.exchange.xmlread import XliffError

__all__ = [
    "VERSIONS",
    "ExportReport",
    "Exported",
    "ImportReport",
    "Imported",
    "XliffError",
    "XliffVersion",
    "default_folder",
    "export_xliff",
    "import_xliff",
    "unit_id",
]
