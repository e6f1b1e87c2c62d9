"""Front matter and source bytes an attacker or a careless editor writes.

Nesting deep enough to exhaust the parser, YAML anchors and aliases, tags, flow lists and maps
holding translated values, translations with characters YAML or TOML cannot hold raw (DEL, NEL,
C1 controls, U+2028, U+FEFF): the front matter is read back by PyYAML or :mod:`tomllib` and
must give exactly the translation, or the article is refused with a one-line message. A UTF-8
byte order mark at the start of an article stays in the built one.
"""

from __future__ import annotations

import functools
import itertools
import json
import os
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n.document.assemble import assemble
from l10n.document.formats import FormatOptions, parse_document
from l10n.document.units import segment_document
from l10n.errors import SourceError

KEYS = ("title", "tags", "meta.*", "list.*")


def build(source: str, translate: Callable[[str], str | None],
          name: str = "a.md") -> tuple[str, tuple[tuple[int, str], ...]]:
    sdoc = segment_document(parse_document(source, name, FormatOptions(front_matter_keys=KEYS)), "en")
    result = assemble(sdoc, translate)
    return result.text, result.warnings


def front(text: str, fence: str = "---") -> str:
    """The front matter between the opening fence line and the next line that is only the fence,
    as site generators read it (``title: ---`` is a value, not a fence)."""
    lines = text.split("\n")
    assert lines[0] == fence, text
    return "\n".join(lines[1:lines.index(fence, 1)]) + "\n"


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "l10n", "-C", str(root), *args], capture_output=True,
                          text=True, timeout=120)


DEEP = [
    ("yaml mapping", "---\n" + "".join(" " * i + "k:\n" for i in range(500)) + " " * 500 + "title: x\n---\n"),
    ("yaml flow", "---\ntitle: x\nk: " + "[" * 600 + "]" * 600 + "\n---\n"),
    ("yaml flow map", "---\ntitle: x\nk: " + "{a: " * 600 + "b" + "}" * 600 + "\n---\n"),
    ("toml array", "+++\ntitle = 'x'\nk = " + "[" * 600 + "]" * 600 + "\n+++\n"),
]


@pytest.mark.parametrize(("kind", "source"), DEEP, ids=[k for k, _ in DEEP])
def test_deeply_nested_front_matter_is_a_one_line_error(tmp_path: Path, kind: str, source: str) -> None:
    with pytest.raises(SourceError, match="front matter is nested too deeply to be read") as err:
        parse_document(source + "Body.\n", "a.md", FormatOptions())
    assert err.value.line == 2
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "deep.md").write_text(source + "Body.\n", encoding="utf-8")
    (tmp_path / "l10n.toml").write_text('locales = ["de"]\n', encoding="utf-8")
    done = run_cli(tmp_path, "extract")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "RecursionError" not in done.stderr
    assert done.stderr.strip().endswith("source/deep.md:2: " + err.value.message)


@pytest.mark.parametrize(("source", "line"), [
    ("---\ntitle: &t Hello world\nslug: *t\n---\nBody.\n", 2),
    ("---\nslug: &t Hello world\ntitle: *t\n---\nBody.\n", 2),
    ("---\nbase: &m {title: Hello there}\nmeta: *m\n---\nBody.\n", 2),
    ("---\nmeta: &m\n  title: Hello there\nother: *m\n---\nBody.\n", 3),
])
def test_value_shared_through_a_yaml_alias_is_refused_with_a_message(source: str, line: int) -> None:
    with pytest.raises(SourceError, match=r"is shared through a YAML alias \(\*name\); translating it "
                                          r"would change every use") as err:
        parse_document(source, "a.md", FormatOptions(front_matter_keys=KEYS))
    assert err.value.line == line


@pytest.mark.parametrize("source", [
    "---\ntitle: &t Hello world\n---\nBody.\n",
    "---\ntitle: !!str Hello world\n---\nBody.\n",
    "---\ntitle: &t !!str 'Hello world'\n---\nBody.\n",
    "---\ntitle: !!str |\n  Hello world\n---\nBody.\n",
    "---\ntags: [&a Hello world, !!str Second one]\n---\nBody.\n",
])
def test_anchor_and_tag_of_a_translated_value_stay_in_place(source: str) -> None:
    out, warnings = build(source, str.upper)
    assert warnings == ()
    for prop in ("&t ", "&a ", "!!str "):
        assert out.count(prop) == source.count(prop)
    built, original = yaml.safe_load(front(out)), yaml.safe_load(front(source))
    assert built == {k: ([x.upper() for x in v] if isinstance(v, list) else v.upper())
                     for k, v in original.items()}


HOSTILE = st.text(
    alphabet=st.sampled_from(list("ab ,:[]{}#&*!|>'\"-?%@`\\\n\t") + ["\x7f", "\x85", "\x9b", "\u2028",
                                                                       "\u2029", "\ufeff", "é", "€"]),
    min_size=1, max_size=16,
).filter(lambda t: bool(t.strip()))

YAML_PLACES = [
    "---\ntitle: Hello world\n---\nB.\n",
    "---\ntitle: 'Hello world'\n---\nB.\n",
    "---\ntitle: \"Hello world\"\n---\nB.\n",
    "---\ntitle: |\n  Hello world\n---\nB.\n",
    "---\ntitle: >-\n  Hello world\n---\nB.\n",
    "---\ntags: [Hello world, other]\n---\nB.\n",
    "---\nmeta: {title: Hello world, num: 1}\n---\nB.\n",
    "---\nlist:\n  - Hello world\n  - {title: Hello world}\n---\nB.\n",
]
TOML_PLACES = [
    "+++\ntitle = 'Hello world'\n+++\nB.\n",
    '+++\ntitle = "Hello world"\n+++\nB.\n',
    "+++\ntitle = '''Hello world'''\n+++\nB.\n",
    '+++\n[meta]\ntitle = """Hello world"""\n+++\nB.\n',
]


def swap(value: object, want: str) -> object:
    """``value`` with every "Hello world" string replaced by ``want``."""
    if isinstance(value, dict):
        return {k: swap(v, want) for k, v in value.items()}
    if isinstance(value, list):
        return [swap(v, want) for v in value]
    return want + ("\n" if value == "Hello world\n" else "") if value in ("Hello world", "Hello world\n") else value


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(translation=HOSTILE, place=st.sampled_from(YAML_PLACES + TOML_PLACES))
def test_any_translation_reads_back_exactly_from_the_built_front_matter(translation: str, place: str) -> None:
    out, warnings = build(place, lambda m: translation if m == "Hello world" else None)
    if place.startswith("+++"):
        built, original = tomllib.loads(front(out, "+++")), tomllib.loads(front(place, "+++"))
    else:
        built, original = yaml.safe_load(front(out)), yaml.safe_load(front(place))
    if warnings:  # a markup check (emphasis, links...) refused it: the source value stays
        assert all("front matter" not in message for _, message in warnings), warnings
        assert built == original
    else:
        assert built == swap(original, translation)
    assert out.endswith("\nB.\n")


@pytest.mark.parametrize("character", ["\x7f", "\x85", "\x9f", "\u2028", "\u2029", "\ufeff"])
@pytest.mark.parametrize("place", YAML_PLACES[:5] + TOML_PLACES)
def test_characters_front_matter_cannot_hold_raw_are_written_escaped(character: str, place: str) -> None:
    translation = f"Olá{character}mundo"
    out, warnings = build(place, lambda m: translation if m == "Hello world" else None)
    assert warnings == ()
    fm = front(out, "+++" if place.startswith("+++") else "---")
    assert character not in fm
    value = tomllib.loads(fm) if place.startswith("+++") else yaml.safe_load(fm)
    got = value["meta"]["title"] if "meta" in value else value["title"]
    assert got.rstrip("\n") == translation


def project(tmp_path: Path, name: str, data: bytes) -> Path:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / name).write_bytes(data)
    (tmp_path / "l10n.toml").write_text('locales = ["de"]\n[translate]\nengine = "pseudo"\n', encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("name", ["a.txt", "a.md"])
def test_utf8_byte_order_mark_is_kept_in_the_built_article(tmp_path: Path, name: str) -> None:
    source = "\ufeffFirst sentence here.\n\nSecond one follows.\n".encode()
    root = project(tmp_path, name, source)
    for args in (("extract",), ("translate", "--no-memory"), ("build", "--include-fuzzy")):
        done = run_cli(root, *args)
        assert done.returncode == 0, done.stderr
    po = (root / "locales" / "de" / "a.po").read_text(encoding="utf-8")
    assert "\ufeff" not in po
    assert 'msgid "First sentence here."' in po
    built = (root / "build" / "de" / name).read_bytes()
    assert built.startswith(b"\xef\xbb\xbf")
    assert built != source
    assert built.count(b"\xef\xbb\xbf") == 1


@pytest.mark.parametrize("data", [b"", b"\n\n", b"\xef\xbb\xbf", b"   \n\t\n"])
def test_empty_text_article_extracts_and_builds(tmp_path: Path, data: bytes) -> None:
    root = project(tmp_path, "empty.txt", data)
    for args in (("extract",), ("build",)):
        done = run_cli(root, *args)
        assert done.returncode == 0, done.stderr
    assert (root / "build" / "de" / "empty.txt").read_bytes() == data


def only_hello(translation: str, msgid: str) -> str | None:
    return translation if msgid == "Hello world" else None


HUGO_TRANSLATIONS = ["Olá\x85mundo", "a\x7fb", "x\u2028y\u2029z", "\ufeffBOM", "c\x9bd", 'say "hi": [ok] {x} #1',
                     "- item", "'quoted'", "line\nbreak", "tab\there", "back\\slash", "*star* & <b>"]


@pytest.mark.skipif(shutil.which("hugo") is None and not os.environ.get("CI"),
                    reason="hugo is not installed (apt-get install hugo; .ci/run does)")
def test_hugo_reads_back_every_hostile_translation_exactly(tmp_path: Path) -> None:
    """Hugo's Go YAML and TOML parsers, which l10n does not use, as the oracle."""
    site = tmp_path / "site"
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "layouts" / "_default" / "single.html").write_text("{{ .Params | jsonify }}", encoding="utf-8")
    (site / "config.toml").write_text(
        'baseURL = "http://example.org/"\n'
        'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "home", "section", "404"]\n',
        encoding="utf-8")
    expected: dict[str, tuple[dict[str, object], str]] = {}
    for i, (translation, place) in enumerate(itertools.product(HUGO_TRANSLATIONS, YAML_PLACES + TOML_PLACES)):
        out, warnings = build(place, functools.partial(only_hello, translation))
        fm = front(out, "+++" if place.startswith("+++") else "---")
        original = tomllib.loads(front(place, "+++")) if place.startswith("+++") else yaml.safe_load(front(place))
        if warnings:  # refused by a markup check: the source value stays
            assert all("front matter" not in message for _, message in warnings), warnings
            translation = "Hello world"
        (site / "content").mkdir(exist_ok=True)
        (site / "content" / f"p{i}.md").write_text(out, encoding="utf-8")
        want = swap(original, translation)
        assert isinstance(want, dict)
        expected[f"p{i}"] = (want, fm)
    done = subprocess.run(["hugo", "--quiet", "--source", str(site)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    for page, (want, fm) in expected.items():
        params = json.loads((site / "public" / page / "index.html").read_text(encoding="utf-8"))
        got = {k: params[k] for k in want}
        assert got == want, fm


@pytest.mark.parametrize(("source", "line", "value"), [
    ("---\ntitle: Hello\ndate: 2019-13-01\n---\nBody.\n", 3, "2019-13-01"),
    ("---\ntitle: Hello\nevents:\n  - 2019-02-30\n---\nBody.\n", 4, "2019-02-30"),
])
def test_a_date_that_yaml_resolves_but_cannot_build_is_a_one_line_error(
    tmp_path: Path, source: str, line: int, value: str
) -> None:
    """PyYAML raised ValueError (month must be in 1..12) out of extract as a traceback."""
    with pytest.raises(SourceError, match=f"front matter value '{value}' is not a valid timestamp"):
        parse_document(source, "a.md", FormatOptions())
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "a.md").write_text(source, encoding="utf-8")
    (tmp_path / "l10n.toml").write_text('locales = ["de"]\n', encoding="utf-8")
    done = run_cli(tmp_path, "extract")
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert f"source/a.md:{line}: front matter value '{value}'" in done.stderr
    assert not (tmp_path / "locales").exists()
