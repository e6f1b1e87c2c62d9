"""The preview's Markdown rendering and its allow-list: raw HTML shown as text, unsafe links
and images made harmless, whatever the text."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.review.preview import article_html, markdown_html
from l10n.review.sanitize import ALLOWED, safe_url, sanitize


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def tags(markup: str) -> Tags:
    parser = Tags()
    parser.feed(markup)
    parser.close()
    return parser


def test_raw_html_of_an_article_is_shown_as_text() -> None:
    out = markdown_html('Hi <b onclick="x()">there</b>.\n\n<script>alert(1)</script>\n\n'
                        '<div class="a">\nx\n</div>\n')
    assert out.startswith("<p>Hi &lt;b onclick=&quot;x()&quot;&gt;there&lt;/b&gt;.</p>")
    assert "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>" in out
    assert "&lt;div class=&quot;a&quot;&gt;" in out
    assert {tag for tag, _ in tags(out).tags} == {"p"}


def test_markdown_is_rendered() -> None:
    out = markdown_html("# Title\n\nSome *em* and `<code>` [link](https://example.org/a \"T\").\n\n"
                        "| a | b |\n|:--|--:|\n| 1 | 2 |\n")
    assert "<h1>Title</h1>" in out and "<em>em</em>" in out
    assert "<code>&lt;code&gt;</code>" in out
    assert ('<a href="https://example.org/a" title="T" rel="noopener noreferrer" '
            'target="_blank">link</a>') in out
    assert '<td style="text-align: right">2</td>' in out


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "file:///etc/passwd",
])
def test_unsafe_link_destinations_are_shown_not_followed(url: str) -> None:
    assert not safe_url(url)
    out = sanitize(f'<a href="{url.replace("<", "&lt;")}">x</a>')
    assert "href" not in out
    assert out.startswith('<a>x <del class="unsafe" title="link not followed">')


@pytest.mark.parametrize("url", ["https://example.org/a", "http://a.b", "mailto:a@b.c",
                                 "HTTPS://EXAMPLE.ORG"])
def test_web_links_are_kept(url: str) -> None:
    assert safe_url(url)
    assert f'href="{url}"' in sanitize(f'<a href="{url}">x</a>')


def test_images_never_load_and_show_their_text() -> None:
    out = markdown_html("![A map](https://example.org/map.png)")
    assert out == ('<p><span class="img" title="https://example.org/map.png">[image: A map]</span>'
                   "</p>\n")


def test_script_and_style_content_is_text_and_other_tags_go() -> None:
    out = sanitize('<p>a<script>alert("<b>")</script><style>p{}</style><iframe src=x>y</iframe>'
                   '<svg onload=alert(1)><em class="k" onclick="z">b</em></svg></p>')
    assert out == ('<p>a<code class="raw">&lt;script&gt;</code>alert(&quot;&lt;b&gt;&quot;)'
                   '<code class="raw">&lt;/script&gt;</code><code class="raw">&lt;style&gt;</code>'
                   'p{}<code class="raw">&lt;/style&gt;</code><code class="raw">&lt;iframe&gt;</code>y'
                   '<code class="raw">&lt;/iframe&gt;</code><em>b</em></p>')


def test_plain_text_articles_are_preformatted_text() -> None:
    assert article_html("a <b>\n", "text") == "<pre>a &lt;b&gt;\n</pre>"


PIECES = st.sampled_from([
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[a](javascript:alert(1))",
    "</style>", '" onmouseover="alert(1)', "<a href='javascript:x'>y</a>", "*", "`", "\n\n",
    "<!--", "-->", "<![CDATA[", "&lt;", "&#106;avascript:", "](", ")", "<", ">", "![i](x)",
    "<https://a.b>", "| a |\n|-|\n| b |\n", "[^1]\n\n[^1]: note", "<svg/onload=alert(1)>",
])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=12))
def test_rendered_markup_keeps_only_allowed_tags_and_safe_links(parts: list[str]) -> None:
    out = markdown_html("".join(parts))
    for tag, attrs in tags(out).tags:
        assert tag in ALLOWED or tag in ("span", "code", "del"), tag
        assert not any(name.startswith("on") for name in attrs)
        assert set(attrs) <= ALLOWED.get(tag, frozenset()) | {"class", "title", "rel", "target"}
        if "href" in attrs:
            assert safe_url(attrs["href"] or "")
