"""The ``l10n`` command line: parse options, call one library function, print, exit.

``common`` holds what every command shares; ``workflow`` the commands that write files,
``reports`` the ones that read them. :data:`COMMANDS` is the table of what ``l10n`` offers.

Exit codes: 0 success; 1 ``--check`` found files that would change (or checks failed);
2 an error (bad configuration, unreadable input...), printed as one line without a traceback.
"""

from __future__ import annotations

from pathlib import Path

import click

from l10n import __version__
from l10n.cli.common import State
from l10n.cli.exchange import xliff
from l10n.cli.reports import check, memory, review, segment, status
from l10n.cli.triage import accept_cosmetic
from l10n.cli.workflow import build, extract, init, run, translate

HELP = """Localize articles through gettext PO files.

\b
The workflow, run from the project folder (where l10n.toml is):
  l10n extract     split articles in source/ into sentences; write
                   locales/templates/<article>.pot and locales/<locale>/<article>.po
  l10n translate   fill empty entries with machine-translated drafts (marked
                   fuzzy, never overwriting human work); offline by default
  l10n status      what is translated, drafted, fuzzy or missing per locale
  l10n check       what is broken (the translations build refuses): lost links
                   or code, unbalanced emphasis; warns of missing numbers
                   (exit 1 on errors, for CI)
  l10n review      one HTML page for editors with all of the above
  l10n build       write build/<locale>/<article>, byte-identical to the source
                   outside the translated text
  l10n run         extract, translate and build in one go
  l10n accept-cosmetic
                   accept translations whose source changed only cosmetically
  l10n xliff export|import
                   exchange translations with CAT tools as XLIFF 1.2 or 2.0

Translators edit the PO files in Poedit, Lokalize or Weblate; remove the
"fuzzy" mark once a draft is reviewed. `l10n segment FILE` shows how an
article is split into messages.
"""



@click.group(help=HELP, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="l10n")
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
              help="Configuration file (default: the nearest l10n.toml or pyproject.toml [tool.l10n]).")
@click.option("-C", "--project", "project_dir", type=click.Path(path_type=Path), default=None,
              help="Run as if started in this folder.")
@click.pass_context
def main(ctx: click.Context, config_path: Path | None, project_dir: Path | None) -> None:
    ctx.obj = State(config_path, project_dir)


COMMANDS: tuple[click.Command, ...] = (
    init, extract, translate, status, check, review, build, run, segment, memory, accept_cosmetic,
    xliff,
)
"""Every command of ``l10n`` (``--help`` lists them alphabetically)."""

for _command in COMMANDS:
    main.add_command(_command)
