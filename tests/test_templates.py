"""Template tags inside Markdown (Liquid, Jinja, Nunjucks, Hugo shortcodes, KumaScript macros).

Fixtures in ``tests/data/templates/`` come from each syntax's own documentation (provenance in
the folder's README). A tag is code: never translated, never split by re-wrapping, masked as
one token, compared by ``check`` and ``build``; a code-bodied paired tag is skeleton.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import polib
import pytest

from l10n.document.assemble import assemble
from l10n.document.formats import FormatOptions, parse_document
from l10n.document.inline import parse_inline
from l10n.document.templates import code_regions, find_tags
from l10n.document.units import segment_document
from l10n.mt.mask import mask, restore_source
from tests.test_cli import run

DATA = Path(__file__).parent / "data" / "templates"
FIXTURES = sorted(p.name for p in DATA.glob("*.md") if p.name != "README.md")


def messages(source: str, options: FormatOptions = FormatOptions()) -> list[str]:
    sdoc = segment_document(parse_document(source, "a.md", options), "en")
    return [s.msgid for s in sdoc.segments]


def tags_of(text: str) -> list[str]:
    return [text[t.start : t.end] for t in find_tags(text)]


_PROSE = re.compile(r'(\s(?:caption|title|alt|attr|text)=)"[^"\n]*"')


def tags_but_prose(text: str) -> list[str]:
    """The tags of ``text``, with the values of the figure and alert parameters that are prose
    (translated inside the tag) left out."""
    return [_PROSE.sub(r'\1"…"', tag) if re.match(r"\{\{[<%]\s*(?:figure|alert)\s", tag) else tag
            for tag in tags_of(text)]


def test_template_tags_are_atoms_compared_by_the_checks() -> None:
    text = (
        'Use {% highlight ruby %}, {{ page.title | upcase }}, {# note #}, {%- raw -%}, '
        '{{< figure src="a_b.png" title="Say \\"hi\\"" >}}, {{% note %}}, {{< x />}} '
        'and {{Glossary("HTTP")}}.'
    )
    atoms = parse_inline(text).atoms()
    assert sorted(v for k, v in atoms if k == "template") == sorted([
        "{% highlight ruby %}", "{{ page.title | upcase }}", "{# note #}", "{%- raw -%}",
        '{{< figure src="a_b.png" title="Say \\"hi\\"" >}}', "{{% note %}}", "{{< x />}}",
        '{{Glossary("HTTP")}}',
    ])
    assert ("template", "{{{ body }}}") in parse_inline("A {{{ body }}} triple.").atoms()
    # A closer inside a quoted parameter does not end the shortcode.
    nested = "{{< figure caption='A \"quoted\" >}} word' >}}"
    assert [v for _, v in parse_inline(f"See {nested} now.").atoms()] == [nested]
    # Underscores and quotes inside a tag are not emphasis or prose.
    assert not parse_inline(text).stray_delimiters()
    assert parse_inline(text).prose().split() == ["Use", ",", ",", ",", ",", ",", ",", "and", "."]


def test_braces_that_are_not_tags_stay_prose() -> None:
    for text in ["Sets {a, b} and {{ unclosed", "A {{ }} pair", "An {#id} attribute"]:
        assert not any(k == "template" for k, _ in parse_inline(text).atoms()), text
    # Inside a code span or an HTML attribute the tag belongs to that atom.
    atoms = parse_inline('Write `{{ x }}` or <a href="{{ site.url }}">it</a>.').atoms()
    assert ("code", "`{{ x }}`") in atoms and ('html', '<a href="{{ site.url }}">') in atoms
    assert not any(k == "template" for k, _ in atoms)


def test_a_long_shortcode_is_one_token_for_every_engine() -> None:
    text = 'Set {{< code-toggle file="hugo" config="markup.highlight" fm=false >}} first.'
    masked = mask(text)
    assert masked.text == "Set _1_ first."
    assert masked.tokens[0].kind == "template"
    assert restore_source(masked) == text


@pytest.mark.parametrize("name", FIXTURES)
def test_identity_round_trip_of_template_fixtures_is_byte_identical(name: str) -> None:
    source = (DATA / name).read_text(encoding="utf-8")
    sdoc = segment_document(parse_document(source, name, FormatOptions()), "en")
    assert assemble(sdoc, lambda msgid: msgid).text == source
    assert assemble(sdoc, lambda msgid: None).text == source


def test_code_bodied_tags_are_skeleton_and_prose_bodies_are_messages() -> None:
    hugo = "\n".join(messages((DATA / "hugo.md").read_text(encoding="utf-8")))
    jekyll = "\n".join(messages((DATA / "jekyll.md").read_text(encoding="utf-8")))
    nunjucks = "\n".join(messages((DATA / "nunjucks.md").read_text(encoding="utf-8")))
    for code in ["noClasses", "A comment that is not a heading", "fmt.Println", "package main"]:
        assert code not in hugo
    for code in ["puts 'foo'", "def foo", "{{ this }}", "shown literally"]:
        assert code not in jekyll
    assert "not be processed" not in nunjucks and "neither" not in nunjucks
    # Prose-bodied shortcodes stay translatable, without their tag lines.
    assert "Shortcodes are not allowed in content files." in hugo.split("\n")
    assert "Do not use the **`markdownify`** function with `{{%/* */%}}` shortcodes." in hugo
    assert "You can see the admin panel, {{ user.name | title }}." in nunjucks.split("\n")


def test_a_line_of_tags_only_is_not_a_message() -> None:
    source = (
        "{% include footer.html %}\n\n{{HTMLSidebar}}\n\n{{< note >}}\nProse here.\n{{< /note >}}\n\n"
        "> {% if x %}\n> Quoted.\n> {% endif %}\n\n- {{Specifications}} {{deprecated_inline}}\n"
    )
    assert messages(source) == ["Prose here.", "Quoted."]
    multi_line = 'Before.\n\n{{< figure\n  src="/a.png"\n  alt="An image"\n>}}\n{% include x.html %}\n'
    assert messages(multi_line) == ["Before.", "An image"]  # a figure's alt text is prose
    # A line holding only an output may be a word of its sentence.
    assert messages("Welcome to\n{{ site.name }}\nand more.\n") == ["Welcome to {{ site.name }} and more."]


def test_code_shortcodes_are_configurable(tmp_path: Path) -> None:
    source = "{{< note >}}\nA note.\n{{< /note >}}\n\n{% highlight ruby %}\nputs 'x'\n{% endhighlight %}\n"
    assert messages(source) == ["A note."]
    assert messages(source, FormatOptions(code_shortcodes=("note",))) == ["puts 'x'"]
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "a.md").write_text(source, encoding="utf-8")
    (tmp_path / "l10n.toml").write_text(
        'source_language = "en"\nlocales = ["pt_BR"]\n[markdown]\ncode_shortcodes = ["note"]\n',
        encoding="utf-8",
    )
    assert run(tmp_path, "extract")[0] == 0
    po = polib.pofile(str(tmp_path / "locales" / "pt_BR" / "a.po"))
    assert [e.msgid for e in po] == ["puts 'x'"]
    (tmp_path / "l10n.toml").write_text(
        'source_language = "en"\nlocales = ["pt_BR"]\n[markdown]\ncode_shortcodes = "note"\n',
        encoding="utf-8",
    )
    code, _, err = run(tmp_path, "extract")
    assert code != 0 and "markdown.code_shortcodes" in err and "Traceback" not in err


def test_a_code_region_starts_only_outside_code() -> None:
    text = "Write `{% raw %}` then\n\n```\n{% endraw %}\n```\n"
    _, regions = code_regions(text, skip=[(6, 17), (24, 44)])
    assert regions == []


def _translated_project(tmp_path: Path, engine: str) -> Path:
    (tmp_path / "source").mkdir()
    for name in FIXTURES:
        (tmp_path / "source" / name).write_text((DATA / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "l10n.toml").write_text(
        'source_language = "en"\nlocales = ["pt_BR"]\n[translate]\nmemory = false\n', encoding="utf-8"
    )
    assert run(tmp_path, "extract")[0] == 0
    assert run(tmp_path, "translate", "--engine", engine)[0] == 0
    return tmp_path


@pytest.mark.parametrize("engine", ["pseudo", pytest.param("bergamot", marks=pytest.mark.slow)])
def test_machine_translation_keeps_every_tag_and_code_body_byte_identical(
    tmp_path: Path, engine: str
) -> None:
    """The offline model once dropped ``{% endhighlight %}`` and rewrote the code before it."""
    project = _translated_project(tmp_path, engine)
    code, _, err = run(project, "build", "--include-fuzzy")
    assert code == 0 and "not used" not in err, err
    for name in FIXTURES:
        source = (DATA / name).read_text(encoding="utf-8")
        built = (project / "build" / "pt_BR" / name).read_text(encoding="utf-8")
        assert built != source
        assert tags_but_prose(built) == tags_but_prose(source), name
        _, want = code_regions(source)
        _, got = code_regions(built)
        assert [source[r.start : r.end] for r in want] == [built[r.start : r.end] for r in got]
        # A tag split across lines by the re-wrapper would differ by a line break.
        assert all("\n" not in tag for tag in tags_of(built))
    code, out, _ = run(project, "check", "--json")
    assert [f for f in json.loads(out) if f["severity"] == "error"] == []


def test_rewrapping_never_splits_a_tag(tmp_path: Path) -> None:
    source = (
        "The page is rendered with a shortcode such as {{< youtube id=\"0RKpf3rK57I\" start=30 "
        "title=\"A long title\" >}}\nand the rest of this wrapped paragraph follows on a second "
        "line of text.\n"
    )
    sdoc = segment_document(parse_document(source, "a.md", FormatOptions()), "en")
    built = assemble(sdoc, lambda m: m.replace("The page", "A página " * 6)).text
    tag = '{{< youtube id="0RKpf3rK57I" start=30 title="A long title" >}}'
    assert len(built.splitlines()) > 2
    assert any(tag in line for line in built.splitlines())


@pytest.mark.parametrize(
    ("msgstr", "error"),
    [
        ("Use {% highlight rubi %} agora.", "template '{% highlight ruby %}' is missing"),
        ("Use agora.", "template '{% highlight ruby %}' is missing"),
        ("Use {% highlight ruby %} {{ x }} agora.", "template '{{ x }}' is not in the source"),
        ("Use {% destaque ruby %} agora.", "template '{% highlight ruby %}' is missing"),
    ],
    ids=["changed", "lost", "added", "translated"],
)
def test_check_fails_and_build_refuses_a_damaged_tag(tmp_path: Path, msgstr: str, error: str) -> None:
    msgid = "Use {% highlight ruby %} now."
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "a.md").write_text(f"Intro.\n\n{msgid}\n", encoding="utf-8")
    (tmp_path / "l10n.toml").write_text('source_language = "en"\nlocales = ["pt_BR"]\n', encoding="utf-8")
    assert run(tmp_path, "extract")[0] == 0
    path = tmp_path / "locales" / "pt_BR" / "a.po"
    po = polib.pofile(str(path))
    entry = po.find(msgid)
    assert entry is not None
    entry.msgstr = msgstr
    po.save(str(path))
    code, out, _ = run(tmp_path, "check")
    assert code == 1 and error in out, out
    code, _, err = run(tmp_path, "build")
    built = (tmp_path / "build" / "pt_BR" / "a.md").read_text(encoding="utf-8")
    assert code == 0 and "not used" in err and error in err, err
    assert msgid in built and msgstr not in built
    assert re.search(r"\{% highlight ruby %\}", built)


def test_a_code_body_ends_the_paragraph_before_it_and_may_hold_a_fence() -> None:
    source = (
        "Intro:\n{% highlight ruby %}\ncode here\n{% endhighlight %}\n\n"
        "{% raw %}\n```liquid\n{{ page.title }}\n```\nShown as is.\n{% endraw %}\n\nAfter.\n\n"
        "{%- raw -%}\nKept {{ as is }}.\n{%- endraw -%}\n"
    )
    assert messages(source) == ["Intro:", "After."]


def test_tags_in_task_lists_and_block_quotes() -> None:
    source = "- [x] done {{ x }}\n- [ ] {% if a %}\n\n> See {{< ref \"a.md\" >}}.\n"
    assert messages(source) == ["done {{ x }}", 'See {{< ref "a.md" >}}.']


def test_tags_and_code_bodies_with_non_ascii_text_keep_their_offsets() -> None:
    source = (
        "Já `{{ código }}` e {{ \"ação\" | t }} é.\n\n{% highlight ruby %}\nputs 'ñ'\n{% endhighlight %}\n\n"
        "Não {{< ref \"é.md\" >}} fim.\n"
    )
    assert messages(source) == ['Já `{{ código }}` e {{ "ação" | t }} é.', 'Não {{< ref "é.md" >}} fim.']
    sdoc = segment_document(parse_document(source, "a.md", FormatOptions()), "en")
    assert assemble(sdoc, lambda m: m).text == source


# Hugo's documentation, "Shortcodes > figure": the caption, title and alt text are prose.
FIGURE = ('{{< figure src="/images/examples/zion-national-park.jpg" title="A photograph of Zion '
          'National Park" caption="Zion National Park, in *Utah*." alt="A photograph of Zion '
          'National Park" >}}\n')


def test_prose_parameters_of_a_shortcode_are_messages_and_the_tag_stays() -> None:
    source = "The park.\n\n" + FIGURE + "\n> {{< alert icon=\"👉\" text=\"Read the tutorial first.\" />}}\n"
    assert messages(source) == [
        "The park.", "A photograph of Zion National Park", "Zion National Park, in *Utah*.",
        "A photograph of Zion National Park", "Read the tutorial first.",
    ]
    table = {"The park.": "O parque.", "A photograph of Zion National Park": "Uma foto do parque Zion",
             "Zion National Park, in *Utah*.": "Parque Nacional Zion, em *Utah*.",
             "Read the tutorial first.": "Leia o tutorial antes."}
    built = assemble(segment_document(parse_document(source, "a.md", FormatOptions()), "en"),
                     table.get).text
    assert built == (
        'O parque.\n\n{{< figure src="/images/examples/zion-national-park.jpg" title="Uma foto do '
        'parque Zion" caption="Parque Nacional Zion, em *Utah*." alt="Uma foto do parque Zion" >}}\n'
        '\n> {{< alert icon="👉" text="Leia o tutorial antes." />}}\n'
    )
    assert assemble(segment_document(parse_document(source, "a.md", FormatOptions()), "en"),
                    lambda _: None).text == source


def test_only_the_configured_parameters_of_standalone_shortcodes_are_prose() -> None:
    assert messages('{{< figure src="a.png" class="A wide picture" >}}\n') == []
    assert messages(FIGURE, FormatOptions(shortcode_parameters=())) == []
    assert messages(FIGURE, FormatOptions(shortcode_parameters=("figure.caption",))) == [
        "Zion National Park, in *Utah*."]
    # A shortcode inside a sentence is an atom of that sentence: its parameters stay inside it.
    inline = 'See {{< figure src="a.png" caption="A caption." >}} here.\n'
    assert messages(inline) == ['See {{< figure src="a.png" caption="A caption." >}} here.']
    # Escaped quotes, templates in the value and code bodies are left alone.
    assert messages('{{< figure caption="A \\"quoted\\" word" >}}\n') == []
    assert messages('{{< figure caption="{{ .Title }}" >}}\n') == []
    assert messages('```\n{{< figure caption="In code." >}}\n```\n') == []


@pytest.mark.parametrize(
    ("msgstr", "error"),
    [
        ('Parque "Zion", em Utah.', '" would end the quoted value'),
        ("Parque Zion >}} em Utah.", ">}} would end the shortcode"),
        ("Parque Zion,\nem Utah.", "a line break inside a quoted value"),
        ("Parque [Zion](javascript:alert(1)).", "link 'javascript:alert(1)' is not in the source"),
    ],
    ids=["quote", "closer", "line-break", "link"],
)
def test_check_fails_and_build_refuses_a_caption_that_would_break_its_tag(
    tmp_path: Path, msgstr: str, error: str
) -> None:
    msgid = "Zion National Park, in Utah."
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "a.md").write_text(
        f'Intro.\n\n{{{{< figure src="z.jpg" caption="{msgid}" >}}}}\n', encoding="utf-8")
    (tmp_path / "l10n.toml").write_text('source_language = "en"\nlocales = ["pt_BR"]\n', encoding="utf-8")
    assert run(tmp_path, "extract")[0] == 0
    path = tmp_path / "locales" / "pt_BR" / "a.po"
    po = polib.pofile(str(path))
    entry = po.find(msgid)
    assert entry is not None and "shortcode parameter: figure.caption" in entry.comment
    entry.msgstr = msgstr
    po.save(str(path))
    code, out, _ = run(tmp_path, "check")
    assert code == 1 and error in out, out
    code, _, err = run(tmp_path, "build")
    built = (tmp_path / "build" / "pt_BR" / "a.md").read_text(encoding="utf-8")
    assert code == 0 and error in err, err
    assert built == (tmp_path / "source" / "a.md").read_text(encoding="utf-8")


def test_shortcode_parameters_setting_is_validated(tmp_path: Path) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "a.md").write_text(FIGURE, encoding="utf-8")
    config = 'source_language = "en"\nlocales = ["pt_BR"]\n[markdown]\nshortcode_parameters = %s\n'
    (tmp_path / "l10n.toml").write_text(config % '["figure.title"]', encoding="utf-8")
    assert run(tmp_path, "extract")[0] == 0
    po = polib.pofile(str(tmp_path / "locales" / "pt_BR" / "a.po"))
    assert [e.msgid for e in po] == ["A photograph of Zion National Park"]
    (tmp_path / "l10n.toml").write_text(config % '["caption"]', encoding="utf-8")
    code, _, err = run(tmp_path, "extract")
    assert code == 2 and "markdown.shortcode_parameters" in err and "Traceback" not in err
