"""Real site generators judge articles with template tags: Hugo (shortcodes) and Jekyll (Liquid).

A minimal site is built from the source article and from its pseudo translation (`l10n translate
--engine pseudo`, `l10n build --include-fuzzy`). Both must build without error, render the same
elements in the same order, and render the code bodies (``highlight``) byte for byte the same.
The HTML is read with the standard library's parser, which shares nothing with l10n.
"""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.test_cli import run

HUGO_ARTICLE = """\
---
title: Shortcodes
---
Hugo ships with built-in shortcodes, such as {{< param "title" >}} in this sentence.

{{< highlight go "linenos=inline, hl_lines=3" >}}
package main

import "fmt"
{{< /highlight >}}

{{< note >}}
Shortcodes are not allowed in content files. A shortcode is a simple snippet.
{{< /note >}}

{{% note %}}
Be careful with **this** option.
{{% /note %}}

{{< figure src="/images/a_b.jpg" alt="A photograph" title="Zion \\"National\\" Park" >}}
"""

JEKYLL_ARTICLE = """\
---
title: Tags Filters
---
Jekyll has built in support for syntax highlighting. The page title is {{ page.title }}.

{% highlight ruby %}
def foo
  puts 'foo'
end
{% endhighlight %}

{% include footer.html %}

{% raw %}
Liquid such as {{ this }} is shown literally.
{% endraw %}

Dated {{ "2016-07-26" | date: "%B %-d, %Y" }} and {% if page.title %}titled{% endif %}.
"""


class _Shape(HTMLParser):
    """Element names in document order, and the text inside ``<pre>`` elements."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[str] = []
        self.code: list[str] = []
        self._pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(tag)
        if tag == "pre":
            self._pre += 1
            self.code.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self._pre -= 1

    def handle_data(self, data: str) -> None:
        if self._pre:
            self.code[-1] += data


def shape(html: str) -> tuple[list[str], list[str]]:
    parser = _Shape()
    parser.feed(html)
    return parser.elements, parser.code


def translated(tmp_path: Path, name: str, article: str) -> str:
    project = tmp_path / "l10n"
    (project / "source").mkdir(parents=True)
    (project / "source" / name).write_text(article, encoding="utf-8")
    (project / "l10n.toml").write_text(
        'source_language = "en"\nlocales = ["pt_BR"]\n[translate]\nmemory = false\n', encoding="utf-8"
    )
    assert run(project, "extract")[0] == 0
    assert run(project, "translate", "--engine", "pseudo")[0] == 0
    code, _, err = run(project, "build", "--include-fuzzy")
    assert code == 0 and "not used" not in err, err
    built = (project / "build" / "pt_BR" / name).read_text(encoding="utf-8")
    assert built != article
    return built


def build_site(command: list[str], site: Path, output: Path) -> str:
    done = subprocess.run(command, cwd=site, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "ERROR" not in done.stderr, done.stderr
    return output.read_text(encoding="utf-8")


def hugo_site(root: Path, article: str) -> str:
    (root / "content").mkdir(parents=True)
    (root / "layouts" / "_default").mkdir(parents=True)
    (root / "layouts" / "shortcodes").mkdir(parents=True)
    (root / "hugo.toml").write_text(
        'baseURL = "http://example.org/"\ntitle = "t"\n'
        'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404", "home", "section"]\n'
        "[markup.goldmark.renderer]\nunsafe = true\n",
        encoding="utf-8",
    )
    (root / "layouts" / "_default" / "single.html").write_text("{{ .Content }}\n", encoding="utf-8")
    (root / "layouts" / "shortcodes" / "note.html").write_text(
        '<div class="note">{{ .Inner | markdownify }}</div>\n', encoding="utf-8"
    )
    (root / "content" / "post.md").write_text(article, encoding="utf-8")
    return build_site(["hugo", "--quiet", "-d", "out"], root, root / "out" / "post" / "index.html")


def jekyll_site(root: Path, article: str) -> str:
    (root / "_includes").mkdir(parents=True)
    (root / "_config.yml").write_text("title: t\nmarkdown: kramdown\n", encoding="utf-8")
    (root / "_includes" / "footer.html").write_text('<p class="footer">Footer</p>\n', encoding="utf-8")
    (root / "post.md").write_text(article, encoding="utf-8")
    return build_site(["jekyll", "build", "--quiet", "-d", "out"], root, root / "out" / "post.html")


@pytest.mark.skipif(shutil.which("hugo") is None, reason="needs Debian's hugo")
def test_hugo_renders_the_pseudo_translated_shortcodes_like_the_source(tmp_path: Path) -> None:
    source = hugo_site(tmp_path / "source-site", HUGO_ARTICLE)
    target = hugo_site(tmp_path / "target-site", translated(tmp_path, "post.md", HUGO_ARTICLE))
    assert shape(target) == shape(source)
    assert shape(source)[1] and 'import "fmt"' in shape(source)[1][0].replace("&#34;", '"')
    assert target.count('<div class="note">') == 2 and "<strong>" in target


@pytest.mark.skipif(shutil.which("jekyll") is None, reason="needs Debian's jekyll")
def test_jekyll_renders_the_pseudo_translated_liquid_like_the_source(tmp_path: Path) -> None:
    source = jekyll_site(tmp_path / "source-site", JEKYLL_ARTICLE)
    target = jekyll_site(tmp_path / "target-site", translated(tmp_path, "post.md", JEKYLL_ARTICLE))
    assert shape(target) == shape(source)
    assert "puts 'foo'" in shape(target)[1][0]
    assert "Liquid such as {{ this }} is shown literally." in target
    assert "July 26, 2016" in target
