"""Extracting articles from HTML pages, and the one safe parser for untrusted markup."""

from __future__ import annotations

import html
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align.errors import InputError
from align.models import Article
from align.read.extract import extract_html
from align.read.readers import read_article
from align.text.normalize import display_text
from align.xmlio import parse_xml
from tests.conftest import CORPUS, DATA
from tests.subproc import CPU_LIMIT_SECONDS

HOSTILE = DATA / "hostile"


def _article_blocks(article: Article) -> list[tuple[str, str]]:
    """(role, normalised text) of the article's blocks: no boilerplate, each caption once."""
    seen: set[str] = set()
    blocks: list[tuple[str, str]] = []
    for block in article.blocks:
        text = display_text(article.text[block.start : block.end]).replace("\u00a0", " ").strip()
        if block.role == "boilerplate" or (block.role == "caption" and text in seen):
            continue
        seen.add(text)
        blocks.append((block.role, text))
    return blocks


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_saved_page_yields_the_plain_text_article(lang: str) -> None:
    page = read_article(str(CORPUS / "html" / f"{lang}.html"))
    plain = read_article(str(CORPUS / f"{lang}.txt"))
    assert page.format == "html" and page.lang == lang and page.encoding == "utf-8"
    assert _article_blocks(page) == _article_blocks(plain)
    for field in ("title", "subtitle", "date", "byline", "captions"):
        assert getattr(page, field) == getattr(plain, field), field


def test_english_page_links_to_the_korean_original() -> None:
    page = read_article(str(CORPUS / "html" / "en.html"))
    assert page.original_url == "https://www.hani.co.kr/arti/international/japan/1133872.html"
    assert read_article(str(CORPUS / "html" / "ko.html")).original_url is None


@pytest.mark.parametrize(
    ("lang", "furniture"),
    [
        (
            "en",
            [
                "Related stories",
                "Most viewed articles",
                "Posted on",
                "Please direct",
                "Facebook",
                "Font size",
                "ADVERTISEMENT",
                "Economy & Business",
                "Skip to main content",
                "Search",
                "All rights reserved",
                "dataLayer",
                "googletag",
                "original korean article",
                "Doctors",
                "Sports",
            ],
        ),
        (
            "ko",
            [
                "관련기사",
                "많이 본 기사",
                "등록",
                "페이스북",
                "글자 크기",
                "본문 바로가기",
                "로그인",
                "무단전재",
                "대표전화",
                "_hani",
                "일본 방위비",
                "국제 > 일본",
            ],
        ),
    ],
)
def test_page_furniture_is_dropped(lang: str, furniture: list[str]) -> None:
    page = read_article(str(CORPUS / "html" / f"{lang}.html"))
    text = page.text
    assert page.title is not None and text.startswith(page.title)
    for word in furniture:
        assert word not in text, word


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_blocks_point_at_their_html_lines(lang: str) -> None:
    path = CORPUS / "html" / f"{lang}.html"
    lines = path.read_text(encoding="utf-8").splitlines()
    page = read_article(str(path))
    assert len(page.blocks) == {"en": 21, "ko": 20}[lang]
    assert page.text == "\n\n".join(page.text[b.start : b.end] for b in page.blocks)
    for block in page.blocks:
        assert block.source_line is not None
        start = page.text[block.start : block.start + 12]
        assert start in html.unescape(lines[block.source_line - 1]), (block, start)


def test_euc_kr_page_with_meta_charset() -> None:
    page = read_article(str(DATA / "readers" / "ko-euckr.html"))
    assert page.encoding == "cp949" and page.lang == "ko"
    assert [b.role for b in page.blocks] == ["title", "body", "body", "byline"]
    assert page.title == "국회, 반도체 특별법 처리 합의" and page.date == "2024-03-25 18:10"


GENERIC_PAGE = """<!doctype html>
<html lang="en-US"><head>
<meta property="og:title" content="Markets rally as rates hold">
<link rel="canonical" href="https://news.example.com/world/2024/markets-rally">
<link rel="alternate" hreflang="ko" href="/ko/2024/markets-rally">
</head><body>
<header><h1 class="site-logo">Example News</h1></header>
<div class="layout">
  <div itemscope itemtype="https://schema.org/NewsArticle">
    <h1 itemprop="headline">Markets rally as rates hold</h1>
    <p class="article-subtitle">Investors welcome a pause in rate rises</p>
    <span class="byline">By <span itemprop="author">Jane Doe</span></span>
    <time datetime="2024-05-02T09:30:00Z">May 2, 2024</time>
    <div itemprop="articleBody">
      <p>Stocks rose on Thursday after the central bank held rates steady.</p>
      <figure><img src="a.jpg" alt=""><figcaption>Traders at work. (Reuters)</figcaption></figure>
      <p>Analysts said the pause was expected &mdash; but welcome.</p>
      <ul class="share-tools"><li><a href="#">Share</a></li><li><a href="#">Tweet</a></li></ul>
    </div>
  </div>
  <div class="sidebar"><p>Sign up for our newsletter today and get the best stories.</p></div>
</div>
<footer><p>Example News Ltd, 1 Example Street.</p></footer>
</body></html>
"""


def test_generic_signals_of_a_news_page() -> None:
    page = extract_html(GENERIC_PAGE, "page.html")
    assert [(b.role, page.text[b.start : b.end]) for b in page.blocks] == [
        ("title", "Markets rally as rates hold"),
        ("subtitle", "Investors welcome a pause in rate rises"),
        ("byline", "By Jane Doe"),
        ("body", "Stocks rose on Thursday after the central bank held rates steady."),
        ("caption", "Traders at work. (Reuters)"),
        ("body", "Analysts said the pause was expected — but welcome."),
    ]
    assert page.date == "2024-05-02 09:30" and page.lang == "en"
    assert page.original_url == "https://news.example.com/ko/2024/markets-rally"


def test_page_without_article_markup_uses_the_paragraph_parent() -> None:
    text = (
        "<html><body><div class='menu'><a href='/'>Home</a> <a href='/a'>About</a></div>"
        "<div id='x'><h1>Headline here</h1><p>First paragraph of the story.</p>"
        "<p>Second paragraph of the story.</p></div>"
        "<footer>Contact us at the office.</footer></body></html>"
    )
    page = extract_html(text, "bare.html")
    assert [b.role for b in page.blocks] == ["title", "body", "body"]
    assert "Contact" not in page.text and "Home" not in page.text


def test_html_sniffed_without_extension_and_empty_page(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text(
        "<!DOCTYPE html><html><body><p>Hello there.</p></body></html>", encoding="utf-8"
    )
    assert read_article(str(path)).format == "html"
    assert extract_html("   ", "empty.html").blocks == ()
    assert extract_html("<html></html>", "empty.html").text == ""


# --- hostile input ---------------------------------------------------------------------------


def test_external_entities_and_xinclude_are_never_resolved() -> None:
    page = read_article(str(HOSTILE / "html-xxe.html"))
    # The references stay literal text: nothing is read from disk or fetched.
    assert page.text == (
        "Entity test page\n\nBefore the entity. &xxe; After the entity.\n\n"
        "Remote: &remote; done.\n\nThe end of the article."
    )


def test_entity_bomb_is_not_expanded() -> None:
    started = time.process_time()
    page = read_article(str(HOSTILE / "html-entity-bomb.html"))
    assert len(page.text) < 20_000 and "lollol" not in page.text
    # CPU time, not the wall clock: the safety limit of issue 7 (expanding it takes minutes).
    assert time.process_time() - started <= CPU_LIMIT_SECONDS


def test_deep_nesting_is_bounded(tmp_path: Path) -> None:
    """10,000 nested divs give an article, not a RecursionError: libxml2 stops at 256 levels,
    so what comes before the nesting is read and the text nested deeper is not."""
    path = tmp_path / "deep.html"
    path.write_text(
        "<html><body><h1>Headline</h1><p>Before the nesting.</p>"
        + "<div>" * 10_000
        + "deep text"
        + "</div>" * 10_000
        + "<p>After the nesting.</p></body></html>",
        encoding="utf-8",
    )
    article = read_article(str(path))
    assert article.format == "html" and article.title == "Headline"
    assert article.text == "Headline\n\nBefore the nesting."
    assert [block.role for block in article.blocks] == ["title", "body"]


def test_xml_with_entity_declarations_is_refused() -> None:
    xxe = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>'
    with pytest.raises(InputError, match=r"g\.tbx:1: XML entity declarations are not allowed"):
        parse_xml(xxe, "g.tbx")
    bomb = (
        b'<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><r>&c;&c;&c;</r>'
    )
    with pytest.raises(InputError):
        parse_xml(bomb, "g.tbx")


def test_malformed_xml_names_file_and_line() -> None:
    with pytest.raises(InputError) as caught:
        parse_xml(b"<martif>\n<text>\n<body>\n</martif>", "g.tbx")
    assert str(caught.value).startswith("g.tbx:4: not well-formed XML")
    assert parse_xml(b"<r><a>x &amp; y</a></r>", "ok.xml").findtext("a") == "x & y"


def test_page_that_lies_about_its_charset_and_utf16_page(tmp_path: Path) -> None:
    lying = tmp_path / "lying.html"
    lying.write_bytes(
        '<html><head><meta charset="utf-8"></head><body><h1>제목입니다</h1>'
        "<p>본문 문장입니다.</p></body></html>".encode("cp949")
    )
    page = read_article(str(lying))
    assert page.encoding == "cp949" and page.title == "제목입니다"
    utf16 = tmp_path / "page.txt"
    utf16.write_bytes(
        "<!DOCTYPE html><html><body><p>UTF-16 page.</p></body></html>".encode("utf-16")
    )
    page = read_article(str(utf16))
    assert page.format == "html" and page.text == "UTF-16 page."


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "<p>",
                "</p>",
                "<div class='byline'>",
                "</div>",
                "<br>",
                "<article>",
                "</article>",
                "<h1>",
                "</h1>",
                "<figcaption>",
                "&amp;",
                "&#8220;",
                "&nbsp;",
                "&xxe;",
                "<!--",
                "-->",
                "<script>",
                "</script>",
                "<a href='x'>",
                "</a>",
                "<time datetime='2024-13-45'>",
                "Text.",
                "본문.",
                "<![CDATA[",
                "]]>",
                "<!DOCTYPE html [<!ENTITY x 'y'>]>",
                "\x00",
                "\ud7a3",
                "<",
                ">",
                "\r\n",
            ]
        ),
        max_size=40,
    )
)
def test_any_markup_gives_an_article_or_a_one_line_error(pieces: list[str]) -> None:
    try:
        page = extract_html("".join(pieces), "fuzz.html")
    except InputError as error:
        assert "\n" not in str(error)
        return
    assert page.text == "\n\n".join(page.text[b.start : b.end] for b in page.blocks)


def test_utility_classes_on_the_article_are_not_furniture() -> None:
    text = (
        "<html><body><main><header class='article-header'><h1 class='font-serif'>Rates "
        "hold</h1><p class='subtitle hidden md:block'>A pause welcomed</p></header>"
        "<div class='prose font-serif text-lg'><p>The bank held rates.</p></div>"
        "</main></body></html>"
    )
    page = extract_html(text, "tw.html")
    assert [b.role for b in page.blocks] == ["title", "subtitle", "body"]
