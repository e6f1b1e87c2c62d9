"""Front matter after translation: every YAML and TOML string style builds valid front matter."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n.config import load_config
from l10n.document.assemble import assemble
from l10n.document.formats import FormatOptions, parse_document
from l10n.document.formats.frontmatter import key_matches
from l10n.document.structure import block_structure
from l10n.document.units import segment_document
from l10n.errors import ConfigError
from l10n.mt.engines.pseudo import pseudo_translate

KEYS = ("title", "description", "summary", "resources.*.title", "params.*.description", "authors.*")


def build(source: str, keys: tuple[str, ...] = KEYS) -> str:
    sdoc = segment_document(parse_document(source, "a.md", FormatOptions(front_matter_keys=keys)), "en")
    result = assemble(sdoc, pseudo_translate)
    assert result.warnings == ()
    return result.text


def front(text: str, fence: str = "---") -> str:
    return text.split(fence + "\n")[1]


def pseudo_value(value: str) -> str:
    """What the pseudo engine makes of a value: every message translated, line breaks kept."""
    sdoc = segment_document(parse_document(f"---\nk: {json.dumps(value)}\n---\n", "a.md",
                                           FormatOptions(front_matter_keys=("k",))), "en")
    return yaml.safe_load(front(assemble(sdoc, pseudo_translate).text))["k"]


BLOCK_SCALARS = [
    "title: >\n  Folded title\n  on two lines\n",
    "title: >-\n  Folded, stripped\n",
    "title: >+\n  Folded, kept\n\n",
    "title: |\n  Literal\n  two lines\n",
    "title: |-\n  Literal, stripped\n",
    "title: |+\n  Literal, kept\n\n\n",
    "title: >2\n   more indented first line\n  then text\n",
    "title: |1\n  one extra space\n",
    "title: >\n  para one\n\n  para two\n",
    "title: >\n  text\n    more indented\n  text again\n",
    "title: >-\n    deeper than needed\n",
]


@pytest.mark.parametrize("scalar", BLOCK_SCALARS)
@pytest.mark.parametrize("last", [False, True])
def test_every_yaml_block_scalar_style_builds_valid_front_matter(scalar: str, last: bool) -> None:
    fm = scalar if last else scalar + "date: 2024-01-02\n"
    source = f"---\n{fm}---\n\nBody text.\n"
    out = build(source)
    built, original = yaml.safe_load(front(out)), yaml.safe_load(fm)
    assert built.keys() == original.keys()
    assert built["title"] != original["title"]
    assert built["title"] == pseudo_value(original["title"])
    assert block_structure(out) == block_structure(source)
    assert out.endswith("---\n\n" + pseudo_translate("Body text.") + "\n")


@pytest.mark.parametrize("scalar", BLOCK_SCALARS)
def test_block_scalar_keeps_its_style_when_it_can(scalar: str) -> None:
    header = scalar.split("\n")[0]
    out = build(f"---\n{scalar}---\n")
    if "more indented" not in scalar and "deeper" not in scalar:
        assert out.startswith(f"---\n{header}\n")


def test_block_scalars_nested_in_lists_and_mappings() -> None:
    fm = ("resources:\n  - src: a.png\n    title: >-\n      Folded in a list\n"
          "  - title: |2\n       indented literal\nparams:\n  seo:\n    description: |\n      Two\n      lines\n")
    out = build(f"---\n{fm}---\n")
    built = yaml.safe_load(front(out))
    assert built["resources"][0] == {"src": "a.png", "title": pseudo_value("Folded in a list")}
    assert built["resources"][1]["title"] == pseudo_value(" indented literal\n")
    assert built["params"]["seo"]["description"] == pseudo_value("Two\nlines\n")


def test_crlf_block_scalar_keeps_crlf() -> None:
    out = build("---\r\ntitle: |\r\n  One\r\n  two\r\n---\r\n")
    assert "\n" not in out.replace("\r\n", "")
    assert yaml.safe_load(front(out.replace("\r\n", "\n")))["title"] == pseudo_value("One\ntwo\n")


def test_plain_values_in_flow_lists_are_quoted() -> None:
    out = build("---\nauthors: [Jane Doe, John]\n---\n")
    assert yaml.safe_load(front(out)) == {"authors": [pseudo_value("Jane Doe"), pseudo_value("John")]}


TOML = '''+++
title = """
Multi-line
basic"""
description = \'\'\'literal \\ with backslash\'\'\'
summary = 'literal'
draft = true
[params.seo]
description = "Deep \\"quoted\\""
[[resources]]
src = "a.png"
title = 'First'
[[resources]]
title = "Second"
+++
'''


def test_toml_front_matter_every_string_style() -> None:
    out = build(TOML)
    built, original = tomllib.loads(front(out, "+++")), tomllib.loads(front(TOML, "+++"))
    assert built.keys() == original.keys()
    assert built["draft"] is True
    assert built["title"] == pseudo_value("Multi-line\nbasic")
    assert built["description"] == pseudo_value("literal \\ with backslash")
    assert built["summary"] == pseudo_value("literal")
    assert built["params"]["seo"]["description"] == pseudo_value('Deep "quoted"')
    assert [r["title"] for r in built["resources"]] == [pseudo_value("First"), pseudo_value("Second")]
    assert built["resources"][0]["src"] == "a.png"
    assert 'title = """\n' in out and "description = '''" in out


def test_toml_literal_that_cannot_hold_the_translation_is_requoted() -> None:
    out = build("+++\ntitle = 'x'\n+++\n", ("title",))
    sdoc = segment_document(parse_document("+++\ntitle = 'Tom'\n+++\n", "a.md", FormatOptions()), "en")
    out = assemble(sdoc, {"Tom": "Tom's"}.get).text
    assert out == "+++\ntitle = \"Tom's\"\n+++\n"


@pytest.mark.parametrize(
    "pattern, path, matches",
    [
        ("title", ("title",), True),
        ("title", ("title", 0), True),
        ("seo.title", ("seo", "title"), True),
        ("resources.*.title", ("resources", 0, "title"), True),
        ("resources.title", ("resources", 3, "title"), True),
        ("params.*.description", ("params", "seo", "description"), True),
        ("params.*.description", ("params", "description"), False),
        ("authors.*", ("authors", 1), True),
        ("authors.*", ("authors",), False),
        ("title", ("subtitle",), False),
        ("resources.*.title", ("resources", 0, "src"), False),
    ],
)
def test_front_matter_key_paths(pattern: str, path: tuple[str | int, ...], matches: bool) -> None:
    assert key_matches(pattern, path) is matches


def test_wildcard_keys_pick_nested_prose() -> None:
    source = ("---\nresources:\n  - src: a.png\n    title: Image one\nparams:\n  card:\n    description: Card text\n"
              "authors:\n  - Jane Doe\nsrc: not-this\n---\n")
    doc = parse_document(source, "a.md", FormatOptions(front_matter_keys=KEYS))
    assert [(b.note, b.text) for b in doc.blocks] == [
        ("resources.title", "Image one"), ("params.card.description", "Card text"), ("authors", "Jane Doe")]


@pytest.mark.parametrize("key", ["a..b", "res*.title", ""])
def test_bad_front_matter_key_path_is_a_config_error(tmp_path: Path, key: str) -> None:
    config = tmp_path / "l10n.toml"
    config.write_text(f'source_language = "en"\nlocales = ["pt_BR"]\n[markdown]\nfront_matter_keys = ["{key}"]\n')
    with pytest.raises(ConfigError, match="front_matter_keys"):
        load_config(config)


def test_wildcard_key_paths_are_accepted_by_the_configuration(tmp_path: Path) -> None:
    config = tmp_path / "l10n.toml"
    config.write_text('source_language = "en"\nlocales = ["pt_BR"]\n[markdown]\n'
                      'front_matter_keys = ["resources.*.title", "authors.*"]\n')
    assert load_config(config).front_matter_keys == ("resources.*.title", "authors.*")


VALUES = st.lists(
    st.text(st.characters(codec="utf-8", categories=("L", "N", "P"), exclude_characters="\x85"), min_size=1,
            max_size=8)
    | st.sampled_from([" ", "\n", "  ", "\n\n", ": ", " #", "- ", ". ", "\n  "]),
    min_size=1,
    max_size=12,
).map("".join).filter(lambda v: bool(v.strip()))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=VALUES, style=st.sampled_from([None, "'", '"', "|", ">"]), nested=st.booleans())
def test_any_yaml_value_in_any_style_rebuilds_to_the_translated_value(
    value: str, style: str | None, nested: bool
) -> None:
    data = {"params": {"card": {"description": value}}} if nested else {"title": value}
    fm = yaml.dump(data, default_style=style, allow_unicode=True, sort_keys=False).replace("\n...\n", "\n")
    fm = fm.replace('"params":', "params:").replace('"card":', "card:").replace('"title":', "title:")
    fm = re.sub(r"""^(\s*)['"](params|card|description|title)['"]:""", r"\1\2:", fm, flags=re.M)
    source = f"---\n{fm}date: 2024-01-02\n---\nBody.\n"
    sdoc = segment_document(parse_document(source, "a.md", FormatOptions(front_matter_keys=KEYS)), "en")
    out = assemble(sdoc, lambda m: m.swapcase()).text
    built = yaml.safe_load(front(out))
    original = yaml.safe_load(front(source))
    assert built.keys() == original.keys()
    got = built["params"]["card"]["description"] if nested else built["title"]
    want = original["params"]["card"]["description"] if nested else original["title"]
    assert got == want.swapcase()
    assert out.endswith("\n---\nbODY.\n")
