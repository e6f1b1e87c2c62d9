"""``status --json`` is written row by row (``cli.common.json_chunks``): the text must be exactly
``json.dumps(..., indent=2)`` of the whole document, which a 10,000-article project made too
large to hold."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from l10n.catalog.stats import stats_json
from l10n.cli import main
from l10n.cli.common import json_chunks
from l10n.config import load_config
from l10n.project import project_status

ROOT = Path(__file__).resolve().parent.parent

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=12)


@given(key=st.text(max_size=8), items=st.lists(values, max_size=4),
       rest=st.dictionaries(st.text(max_size=5), values, max_size=3))
def test_the_pieces_make_what_json_dumps_makes(key: str, items: list[Any], rest: dict[str, Any]) -> None:
    rest = {name: value for name, value in rest.items() if name != key}
    expected = json.dumps({key: items, **rest}, ensure_ascii=False, indent=2)
    assert "".join(json_chunks(key, iter(items), lambda: rest)) == expected


def test_status_json_is_the_whole_document_dumped_at_once(tmp_path: Path) -> None:
    project = tmp_path / "p"
    project.mkdir()
    import shutil
    for part in ("source", "l10n.toml", "glossary.tsv", "locales"):
        src = ROOT / part
        (shutil.copytree if src.is_dir() else shutil.copy)(src, project / part)
    result = CliRunner().invoke(main, ["-C", str(project), "status", "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    config = load_config(project / "l10n.toml")
    found = project_status(config, config.locales)
    data = stats_json([(row.article.stem, row.locale, row.stats) for row in found])
    for row, status in zip(data["rows"], found):
        row["publish"] = status.decision.to_json()
    data["orphans"] = []
    assert len(data["rows"]) >= 2
    assert result.output == json.dumps(data, ensure_ascii=False, indent=2) + "\n"
