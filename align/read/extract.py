"""HTML page → ``Article``: title, deck, date, byline, captions and body paragraphs, no furniture.

Content extraction in the spirit of Readability and of Kohlschütter et al. (2010),
"Boilerplate Detection using Shallow Text Features" (WSDM): pick the element that holds the
article (``<article>``, schema.org ``articleBody``, ``<main>``, or the parent of most paragraph
text), drop page furniture by tag, class name and link density, then read the blocks in
document order. Roles come from generic signals that real news sites use (``itemprop``,
``og:`` meta tags, ``<time>``, ``<figcaption>``, class names with title/byline/caption) and
from the line patterns in ``align.read.roles``. Pages are parsed by ``align.xmlio`` only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from urllib.parse import urljoin

from align import xmlio
from align.models import Article, Block, Role
from align.read import roles, sourcemap
from align.text.languages import primary_language
from align.xmlio import parse_html

# Elements that never hold article text.
_DROP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "frame",
        "frameset",
        "form",
        "button",
        "select",
        "input",
        "textarea",
        "svg",
        "math",
        "canvas",
        "object",
        "embed",
        "nav",
        "aside",
        "video",
        "audio",
        "map",
        "head",
        "dialog",
        "menu",
    }
)
# Outside an <article>, the page's own header and footer are furniture too.
_PAGE_FURNITURE_TAGS = frozenset({"header", "footer"})
_INLINE_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "br",
        "cite",
        "code",
        "data",
        "dfn",
        "em",
        "i",
        "kbd",
        "mark",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "time",
        "u",
        "var",
        "wbr",
        "font",
        "img",
        "label",
        "ins",
        "del",
        "picture",
        "source",
        "tt",
        "big",
        "nobr",
    }
)
# Class/id words (split on -, _ and spaces) that mark furniture. Exact words... (Not "hidden",
# "font" or "header": utility-class frameworks put "hidden md:block", "font-serif" and
# "article-header" on the article itself.)
_DROP_WORDS = frozenset(
    {
        "ad",
        "ads",
        "adv",
        "most",
        "tags",
        "tag",
        "print",
        "blind",
        "nav",
        "gnb",
        "lnb",
        "snb",
        "sr",
        "visually",
        "popup",
        "modal",
        "cookie",
        "cookies",
        "login",
        "search",
    }
)
# ...and word prefixes.
_DROP_PREFIXES = (
    "share",
    "sns",
    "social",
    "related",
    "popular",
    "ranking",
    "mostview",
    "recommend",
    "comment",
    "advert",
    "banner",
    "sponsor",
    "promo",
    "subscri",
    "newsletter",
    "breadcrumb",
    "toolbar",
    "menu",
    "navbar",
    "navigation",
    "sidebar",
    "widget",
    "fontsize",
    "btn",
    "button",
    "skip",
    "copyright",
    "keyword",
    "reaction",
    "emotion",
    "masthead",
    "topbar",
    "category",
)
_TITLE_WORDS = frozenset({"title", "headline", "headlines", "heading", "tit"})
_SUBTITLE_WORDS = frozenset(
    {
        "subtitle",
        "subhead",
        "subheadline",
        "deck",
        "standfirst",
        "subtit",
        "dek",
        "summary",
        "kicker",
    }
)
_BYLINE_WORDS = frozenset(
    {"byline", "author", "authors", "reporter", "writer", "journalist", "contributor"}
)
_CAPTION_WORDS = frozenset(
    {"caption", "figcaption", "cutline", "photocaption", "imgcaption", "desc", "description"}
)
_DATE_WORDS = frozenset(
    {
        "date",
        "datetime",
        "time",
        "dateline",
        "published",
        "updated",
        "pubdate",
        "timestamp",
        "dates",
    }
)
_WORD_SPLIT = re.compile(r"[\s_\-]+")
_SPACE = re.compile(r"[ \t\n\r\f\v]+")
_PARAGRAPH_BREAK = re.compile(r"\n *\n")
_ORIGINAL_LINK = re.compile(
    r"original (?:korean|english|japanese|chinese)(?: article| version)?|"
    r"(?:korean|english) original|read (?:it )?in (?:korean|english)|"
    r"원문 ?보기|원문으로 이동|한국어 ?원문|영문 ?기사 ?보기|english version",
    re.IGNORECASE,
)
_WORDLIKE = re.compile(r"\w")
_BREAK = "\n"
_MAX_DEPTH = 400  # libxml2 already stops at 256 levels without huge_tree


@dataclass(slots=True)
class _Collected:
    """What the walk over the article element gathers (internal, mutable while walking)."""

    blocks: list[tuple[Role, str, int | None]] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    visited: set[xmlio.Element] = field(default_factory=set)
    skip: set[xmlio.Element] = field(default_factory=set)
    seen_body: bool = False


def extract_html(text: str, path: str, *, encoding: str = "utf-8") -> Article:
    """The article in an HTML page (already decoded), its blocks joined by blank lines.

    Each block keeps the line of its element in the HTML file (``Block.source_line``).
    """
    root = parse_html(text, path)
    if root is None:
        return Article(path=path, text="", blocks=(), encoding=encoding, format="html")
    lang = _page_lang(root)
    original_url, link_element = _original_link(root, lang)
    container = _article_element(root)
    title_element = _title_element(root, container)
    collected = _Collected()
    if link_element is not None:
        collected.skip.add(link_element)
    _walk(
        container,
        collected,
        title_element,
        depth=0,
        in_article=container.tag in ("article", "main") or _is_article_marked(container),
    )
    blocks = list(collected.blocks)
    if title_element is not None and title_element not in collected.visited:
        title_text = _clean(_inline_text(title_element, collected.skip))
        if title_text:
            blocks.insert(0, ("title", title_text, title_element.sourceline))
    elif title_element is None:
        meta_title = _meta(root, "og:title", "twitter:title")
        if meta_title:
            blocks.insert(0, ("title", _clean(meta_title), None))
    article = _assemble(
        path,
        encoding,
        lang,
        blocks,
        original_url,
        _page_date(root) or (collected.dates[0] if collected.dates else None),
    )
    found = sourcemap.html_anchors(text, article.text, article.blocks)
    return replace(article, anchors=found.anchors, reference_ends=found.ends)


def _assemble(
    path: str,
    encoding: str,
    lang: str | None,
    blocks: list[tuple[Role, str, int | None]],
    original_url: str | None,
    date: str | None,
) -> Article:
    pieces: list[str] = []
    made: list[Block] = []
    offset = 0
    for role, block_text, line in blocks:
        if pieces:
            offset += 2  # the blank line between blocks
        pieces.append(block_text)
        made.append(Block(role, offset, offset + len(block_text), line))
        offset += len(block_text)

    def first(role: Role) -> str | None:
        return next((" ".join(t.split()) for r, t, _ in blocks if r == role), None)

    captions: list[str] = []
    for role, block_text, _ in blocks:
        caption = " ".join(block_text.split())
        if role == "caption" and caption not in captions:
            captions.append(caption)
    return Article(
        path=path,
        text="\n\n".join(pieces),
        blocks=tuple(made),
        encoding=encoding,
        format="html",
        lang=lang,
        title=first("title"),
        subtitle=first("subtitle"),
        date=date,
        byline=first("byline"),
        captions=tuple(captions),
        original_url=original_url,
    )


# --- finding the parts ---------------------------------------------------------------------


def _words(element: xmlio.Element) -> set[str]:
    names = f"{element.get('class', '')} {element.get('id', '')}".lower()
    return {word for word in _WORD_SPLIT.split(names) if word}


def _is_article_marked(element: xmlio.Element) -> bool:
    return element.get("itemprop") == "articleBody" or "Article" in (element.get("itemtype") or "")


def _paragraph_text_length(element: xmlio.Element) -> int:
    return sum(len(_clean(p.xpath("string()"))) for p in element.iter("p"))


def _article_element(root: xmlio.Element) -> xmlio.Element:
    """The element holding the article: semantic markup first, else the parent of most text."""
    for query in (
        "//article | //*[contains(@itemtype, 'Article')]",
        "//*[@itemprop='articleBody']",
        "//main | //*[@role='main']",
    ):
        candidates = [el for el in root.xpath(query) if _paragraph_text_length(el) > 0]
        if candidates:
            return max(candidates, key=_paragraph_text_length)
    scores: dict[xmlio.Element, int] = {}
    for paragraph in root.iter("p"):
        parent = paragraph.getparent()
        if parent is not None:
            scores[parent] = scores.get(parent, 0) + len(_clean(paragraph.xpath("string()")))
    if scores:
        return max(scores, key=lambda el: scores[el])
    body = root.find("body")
    return body if body is not None else root


def _title_element(root: xmlio.Element, container: xmlio.Element) -> xmlio.Element | None:
    """The headline: ``itemprop=headline`` or an ``<h1>``, preferring the article's own and
    the one that matches ``og:title`` (a site logo is often an ``<h1>`` too)."""
    meta_title = _clean(_meta(root, "og:title", "twitter:title") or "")
    candidates: list[xmlio.Element] = []
    for scope in (container, root):
        for query in (".//*[@itemprop='headline']", ".//h1"):
            candidates += [el for el in scope.xpath(query) if _clean(el.xpath("string()"))]
        candidates += [
            el
            for el in scope.iter("h2", "h3", "h4", "div", "p", "strong")
            if _words(el) & _TITLE_WORDS
            and not _words(el) & {"sub", "subtitle"}
            and _clean(el.xpath("string()"))
        ]
    if meta_title:
        for element in candidates:
            text = _clean(element.xpath("string()"))
            if text in meta_title or meta_title in text:
                return element
    return candidates[0] if candidates else None


def _meta(root: xmlio.Element, *names: str) -> str | None:
    for name in names:
        for meta in root.iter("meta"):
            if name in (meta.get("property"), meta.get("name"), meta.get("itemprop")):
                content = str(meta.get("content") or "").strip()
                if content:
                    return content
    return None


def _page_lang(root: xmlio.Element) -> str | None:
    lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    lang = lang or _meta(root, "og:locale", "content-language")
    if not lang:
        return None
    return primary_language(lang.strip()) or None


def _page_date(root: xmlio.Element) -> str | None:
    value = _meta(
        root, "article:published_time", "datePublished", "pubdate", "publishdate", "date", "dc.date"
    )
    if value:
        return roles.find_date(value)
    for time in root.iter("time"):
        date = roles.find_date(time.get("datetime") or _clean(time.xpath("string()")))
        if date:
            return date
    return None


def _original_link(
    root: xmlio.Element, lang: str | None
) -> tuple[str | None, xmlio.Element | None]:
    """The link to the article's original-language version, and its ``<a>`` element."""
    base = _base_url(root)
    for link in root.iter("link"):
        rels = (link.get("rel") or "").lower().split()
        hreflang = (link.get("hreflang") or "").lower()
        if (
            "alternate" in rels
            and hreflang
            and link.get("href")
            and (lang is None or not hreflang.startswith(lang))
            and hreflang != "x-default"
        ):
            return _resolve(base, link.get("href", "")), None
    for anchor in root.iter("a"):
        href = anchor.get("href") or ""
        if not href or href.lower().startswith(("javascript:", "mailto:", "#")):
            continue
        label = " ".join(
            [
                _clean(anchor.xpath("string()")),
                anchor.get("title", ""),
                anchor.get("aria-label", ""),
                *(img.get("alt", "") for img in anchor.iter("img")),
            ]
        )
        hreflang = (anchor.get("hreflang") or "").lower()
        if _ORIGINAL_LINK.search(label) or (hreflang and lang and not hreflang.startswith(lang)):
            return _resolve(base, href), anchor
    return None, None


def _base_url(root: xmlio.Element) -> str:
    for base in root.iter("base"):
        if base.get("href"):
            return str(base.get("href"))
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            return str(link.get("href"))
    return _meta(root, "og:url") or ""


def _resolve(base: str, href: str) -> str:
    return urljoin(base, href.strip()) if base else href.strip()


# --- walking the article -------------------------------------------------------------------


def _dropped(element: xmlio.Element, *, in_article: bool) -> bool:
    if not isinstance(element.tag, str) or element.tag in _DROP_TAGS:
        return True
    if not in_article and element.tag in _PAGE_FURNITURE_TAGS:
        return True
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    style = (element.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    if element.get("role") in (
        "navigation",
        "banner",
        "contentinfo",
        "complementary",
        "search",
        "dialog",
    ):
        return True
    words = _words(element)
    return bool(words & _DROP_WORDS) or any(word.startswith(_DROP_PREFIXES) for word in words)


def _signal_role(
    element: xmlio.Element, title: xmlio.Element | None, collected: _Collected
) -> Role | None:
    """The role markup gives ``element``; ``"boilerplate"`` for a date line."""
    if element is title:
        return "title"
    tag = element.tag
    itemprop = element.get("itemprop") or ""
    words = _words(element)
    if tag == "figcaption" or itemprop == "caption" or words & _CAPTION_WORDS:
        return "caption"
    if (
        itemprop == "alternativeHeadline"
        or words & _SUBTITLE_WORDS
        or (words & _TITLE_WORDS and "sub" in words)
    ):
        return "subtitle"
    if tag in ("h2", "h3") and not collected.seen_body and title in collected.visited:
        return "subtitle"
    if itemprop == "author" or element.get("rel") == "author" or words & _BYLINE_WORDS:
        return "byline"
    if tag == "time" or itemprop in ("datePublished", "dateModified") or words & _DATE_WORDS:
        return "boilerplate"
    return None


def _walk(
    element: xmlio.Element,
    collected: _Collected,
    title: xmlio.Element | None,
    *,
    depth: int,
    in_article: bool,
) -> None:
    """Emit the blocks under ``element`` in document order.

    Text directly inside a container (``text<br><br>text``, as many Korean sites print
    paragraphs) becomes one body block per run between double line breaks.
    """
    buffer: list[str] = [_piece(element.text)]
    line = _text_line(element.sourceline, element.text)
    for child in element:
        if child in collected.skip or _dropped(child, in_article=in_article):
            buffer.append(_piece(child.tail))
            continue
        if child.tag == "br":
            if "".join(buffer).rstrip(" ").endswith(_BREAK):
                _flush(buffer, line, collected)  # a double break ends the paragraph
                buffer = []
                line = _text_line(child.sourceline, child.tail)
            else:
                buffer.append(_BREAK)
            buffer.append(_piece(child.tail))
            continue
        if child.tag in _INLINE_TAGS and _signal_role(child, title, collected) is None:
            if not _clean("".join(buffer)):
                line = child.sourceline
            buffer.append(_inline_text(child, collected.skip))
            buffer.append(_piece(child.tail))
            continue
        _flush(buffer, line, collected)
        _visit(child, collected, title, depth=depth + 1, in_article=in_article)
        buffer = [_piece(child.tail)]
        line = _text_line(child.sourceline, child.tail)
    _flush(buffer, line, collected)


def _text_line(line: int | None, text: str | None) -> int | None:
    """The line where the non-space part of ``text`` starts, ``text`` starting on ``line``."""
    if line is None or not text:
        return line
    return line + text[: len(text) - len(text.lstrip())].count("\n")


def _visit(
    element: xmlio.Element,
    collected: _Collected,
    title: xmlio.Element | None,
    *,
    depth: int,
    in_article: bool,
) -> None:
    collected.visited.add(element)
    role = _signal_role(element, title, collected)
    if role == "boilerplate":
        date = roles.find_date(
            element.get("datetime") or element.get("content") or _clean(element.xpath("string()"))
        )
        if date:
            collected.dates.append(date)
        return
    if role is not None:
        _emit(role, _inline_text(element, collected.skip), element.sourceline, collected)
        return
    if _link_heavy(element) or depth > _MAX_DEPTH:
        return
    if element.tag in ("article", "main") or _is_article_marked(element):
        in_article = True
    if _has_block_child(element, in_article, title, collected) or element.find("br") is not None:
        _walk(element, collected, title, depth=depth, in_article=in_article)
    else:
        _emit("body", _inline_text(element, collected.skip), element.sourceline, collected)


def _has_block_child(
    element: xmlio.Element, in_article: bool, title: xmlio.Element | None, collected: _Collected
) -> bool:
    """Whether ``element`` holds blocks (or marked parts such as a byline or a date)."""
    return any(
        isinstance(child.tag, str)
        and not _dropped(child, in_article=in_article)
        and (child.tag not in _INLINE_TAGS or _signal_role(child, title, collected) is not None)
        for child in element
    )


def _link_heavy(element: xmlio.Element) -> bool:
    """Boxes that are mostly links (menus, "related stories", a section kicker) are furniture."""
    anchors = list(element.iter("a"))
    if not anchors:
        return False
    total = len(_clean(element.xpath("string()")))
    linked = sum(len(_clean(anchor.xpath("string()"))) for anchor in anchors)
    if total == 0:
        return False
    return linked / total >= 0.9 or (len(anchors) >= 2 and linked / total > 0.5)


def _flush(buffer: list[str], line: int | None, collected: _Collected) -> None:
    _emit("body", "".join(buffer), line, collected)


def _emit(role: Role, raw: str, line: int | None, collected: _Collected) -> None:
    for part in _PARAGRAPH_BREAK.split(raw):
        text = _clean(part)
        if not _WORDLIKE.search(text):
            continue  # separators such as "|" between a byline and a date
        pattern_role = roles.role_of_line(text)
        if pattern_role == "boilerplate":
            date = roles.find_date(text)
            if date:
                collected.dates.append(date)
            continue
        final: Role = role
        if role == "body" and pattern_role is not None:
            final = pattern_role
        if final == "body":
            collected.seen_body = True
        collected.blocks.append((final, text, line))


def _inline_text(element: xmlio.Element, skip: set[xmlio.Element]) -> str:
    """The text under ``element``: source white space collapsed, ``<br>`` kept as a break."""
    pieces: list[str] = [_piece(element.text)]
    for child in element:
        if child in skip or _dropped(child, in_article=True):
            pieces.append(_piece(child.tail))
            continue
        if child.tag == "br":
            pieces.append(_BREAK)
        elif child.tag in _INLINE_TAGS:
            pieces.append(_inline_text(child, skip))
        else:
            pieces.extend((_BREAK, _BREAK, _inline_text(child, skip), _BREAK, _BREAK))
        pieces.append(_piece(child.tail))
    return "".join(pieces)


def _piece(text: str | None) -> str:
    return _SPACE.sub(" ", text) if text else ""


def _clean(text: str) -> str:
    """One paragraph: breaks and runs of ASCII white space as one space, ends stripped.

    No-break spaces inside the text are kept (``6,200&nbsp;km``); at the ends they go.
    """
    return _SPACE.sub(" ", text).strip()
