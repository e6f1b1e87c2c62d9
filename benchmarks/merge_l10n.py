"""The l10n side of ``merge.py``, as the one process that is measured: load the old PO and the
new POT, merge, save, and print the internal timings as JSON.

A script of its own so that the measured process imports only what ``l10n`` needs (the
benchmark's own modules cost msgmerge nothing either).

    python benchmarks/merge_l10n.py OLD.po NEW.pot OUT.po
"""

from __future__ import annotations

import time

started = time.perf_counter()

import json  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402


def run_l10n(old: str, new: str, out: str) -> None:
    """Load both files, merge, save (with internal timings)."""
    from l10n.catalog.merge import merge_catalog
    from l10n.po import load_po, save_po

    imported = time.perf_counter()
    old_po, template = load_po(Path(old)), load_po(Path(new))
    loaded = time.perf_counter()
    merged, stats = merge_catalog(template, old_po)
    merged_at = time.perf_counter()
    save_po(Path(out), merged)
    saved = time.perf_counter()
    print(json.dumps({
        "import_s": imported - started,
        "load_s": loaded - imported,
        "merge_s": merged_at - loaded,
        "save_s": saved - merged_at,
        "stats": stats._asdict(),
    }))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        raise SystemExit(__doc__.strip().splitlines()[-1].strip())
    run_l10n(*sys.argv[1:])
