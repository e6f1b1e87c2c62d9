"""The CLI starts lean: ``l10n --help`` and ``l10n --version`` load neither the machine
translation stack nor the merge, the review page, the memory or the network client.

Start-up is a fixed cost of every command (a merge of an everyday catalog is mostly start-up),
so the modules a command needs are imported by that command. Asserted on ``sys.modules`` of a
fresh interpreter, not on a timing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = (
    "rapidfuzz",
    "requests",
    "urllib3",
    "sqlite3",
    "spellchecker",
    "markdown_it",
    "html5lib",
    "multiprocessing",
    "concurrent.futures",
    "l10n.mt.translate",
    "l10n.mt.memory.sqlite",
    "l10n.mt.memory.postgres",
    "l10n.mt.memory.fuzzy",
    "l10n.mt.memory.fuzzy_index",
    "l10n.mt.memory.tmx",
    "l10n.mt.engines.http",
    "l10n.catalog.merge",
    "l10n.review",
    "l10n.project",
    "l10n.config",
    "l10n.po",
    "l10n.document",
    "l10n.locales",
    "babel",
    "yaml",
    "pyromark",
    "hashlib",
)
"""Modules that no command needs for its help or the version: the configuration (read by a
command when it runs, with Babel, YAML and the document model behind it), the PO stack, the
Markdown parser; the memory package imports its backends only when asked."""

_PROBE = """
import json, sys
from l10n.cli import main
try:
    main(sys.argv[1:], prog_name="l10n")
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)))
"""


def _modules_after(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, check=True
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


@pytest.mark.parametrize(
    "args",
    [
        ("--help",),
        ("--version",),
        ("extract", "--help"),
        ("translate", "--help"),
        ("build", "--help"),
        ("status", "--help"),
    ],
)
def test_help_and_version_do_not_import_the_heavy_modules(args: tuple[str, ...]) -> None:
    loaded = _modules_after(*args)
    assert "l10n.cli" in loaded  # the probe did run the CLI
    heavy = sorted(
        name for name in loaded if any(name == h or name.startswith(h + ".") for h in HEAVY)
    )
    assert heavy == []


MERGE_ONLY_WHEN_NEEDED = ("babel", "l10n.document", "l10n.locales", "l10n.catalog.state")
"""What a merge of PO files needs only for an unusual entry: the sentence model (facts of a
near-copy), Babel (numbers), the entry states (a revived ``#~`` draft)."""

_MERGE_PROBE = """
import json, sys
from pathlib import Path
from l10n.catalog.merge import merge_catalog
from l10n.po import format_po, parse_po
old = parse_po(sys.argv[1])
template = parse_po(sys.argv[2])
merged, stats = merge_catalog(template, old)
assert stats.fuzzy == 1 and stats.exact == 1, stats
format_po(merged)
print(json.dumps(sorted(sys.modules)))
"""


def test_merging_plain_catalogs_does_not_import_the_document_model() -> None:
    header = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    old = header + (
        'msgid "The council met on Monday."\nmsgstr "Le conseil s\'est réuni lundi."\n\n'
        'msgid "It voted the budget."\nmsgstr "Il a voté le budget."\n'
    )
    template = header + (
        'msgid "The council met on Monday."\nmsgstr ""\n\n'
        'msgid "It voted the new budget."\nmsgstr ""\n'
    )
    done = subprocess.run(
        [sys.executable, "-c", _MERGE_PROBE, old, template],
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = set(json.loads(done.stdout.splitlines()[-1]))
    assert "l10n.catalog.merge" in loaded and "rapidfuzz" in loaded  # the probe did merge
    heavy = sorted(
        name
        for name in loaded
        if any(name == h or name.startswith(h + ".") for h in MERGE_ONLY_WHEN_NEEDED)
    )
    assert heavy == []


def test_every_name_of_a_lazy_package_loads_from_the_module_it_names() -> None:
    """``l10n.project`` and ``l10n.catalog.checks`` load their names on first use (``_HOME``): each name it exports is there,
    and is the object of the module that defines it."""
    import importlib

    import l10n.catalog.checks as checks
    import l10n.project as project

    for package in (project, checks):
        assert sorted(package._HOME) == sorted(package.__all__)
        for name, module in package._HOME.items():
            assert getattr(package, name) is getattr(importlib.import_module(module), name)


def test_importing_extract_does_not_load_build() -> None:
    code = ("import sys; from l10n.project import extract; "
            "print(sorted(m for m in ('l10n.project.building', 'l10n.project.status') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


FIRST_EXTRACT_NEVER = ("rapidfuzz", "l10n.catalog.merge", "babel.messages",
                       "l10n.catalog.checks.table", "l10n.catalog.checks.project")
"""What a first ``extract`` (no catalogs yet: nothing to merge, no check to run) never loads."""


def test_a_first_extract_does_not_import_the_merge_or_the_checks(tmp_path: Path) -> None:
    root = tmp_path
    (root / "source").mkdir()
    (root / "source" / "a.md").write_text("---\ntitle: A title\n---\n\nOne sentence. Two.\n",
                                          encoding="utf-8")
    (root / "l10n.toml").write_text('source_language = "en"\nlocales = ["pt_BR", "de"]\n',
                                    encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", _PROBE, "-C", str(root), "extract"],
                          capture_output=True, text=True, check=True)
    loaded = set(json.loads(done.stdout.splitlines()[-1]))
    assert (root / "locales" / "pt_BR").is_dir()  # the probe did extract
    heavy = sorted(name for name in loaded
                   if any(name == h or name.startswith(h + ".") for h in FIRST_EXTRACT_NEVER))
    assert heavy == []
