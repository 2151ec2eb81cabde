"""Findings and sentences of an HTML page point at the line and column of their text in the
page's source, through tags, character references and collapsed white space."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from align.cli import cli
from align.read.readers import read_article
from align.read.sourcemap import locator

from .conftest import CORPUS, ROOT

GLOSSARY = str(ROOT / "glossaries" / "defence-diplomacy.tsv")

PAGE = (
    "<!doctype html>\n<html><head><title>A &amp; B</title></head>\n<body>\n<article>\n"
    "<h1>Allies &amp; rivals</h1>\n"
    '<p class="lead">First   paragraph, <a href="/x">with a link</a>, about the\n'
    "      alliance&#8217;s long history.</p>\n"
    "<p>Tokyo &lt;said&gt; that <b>Japan&#x27;s</b> <i>Maritime</i>\n"
    "  Defense Force sailed<span class=ad><script>var x = 'Maritime Defense Force';</script>"
    "</span> with the US Navy.</p>\n"
    "</article>\n</body></html>\n"
)


def _source_at(path: Path, line: int, column: int, length: int) -> str:
    """``length`` characters of the file's text from ``line``:``column``, tags removed and
    references decoded, white space collapsed: what a reader sees there."""
    lines = path.read_text(encoding="utf-8").split("\n")
    rest = "\n".join([lines[line - 1][column - 1 :], *lines[line:]])
    visible = " ".join(html.unescape(re.sub(r"<[^>]*>", "", rest)).split())
    return visible[:length]


def _lint_json(*args: str) -> list[dict[str, object]]:
    result = CliRunner().invoke(cli, ["lint", *args, "--glossary", GLOSSARY, "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    findings: list[dict[str, object]] = json.loads(result.output)
    return findings


def test_an_html_finding_points_at_the_term_through_tags_and_references(tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    page.write_text(PAGE, encoding="utf-8")
    findings = _lint_json(str(page), "--lang", "en")
    assert [(f["rule"], f["line"], f["column"]) for f in findings] == [("forbidden-term", 8, 51)]
    assert PAGE.split("\n")[7][50:].startswith("Maritime</i>")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_finding_in_the_seed_pages_points_at_its_term(lang: str) -> None:
    page = CORPUS / "html" / f"{lang}.html"
    if not page.exists():
        pytest.skip("the seed HTML page is not present")
    findings = _lint_json(str(page))
    assert findings
    for finding in findings:
        found = " ".join(str(finding["found"]).split())
        at = _source_at(page, int(str(finding["line"])), int(str(finding["column"])), len(found))
        assert at == found, finding


def test_split_jsonl_of_html_gives_each_sentence_its_place_in_the_source(tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    page.write_text(PAGE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["split", str(page), "--lang", "en", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert len(records) >= 3
    for record in records:
        text = " ".join(record["text"].split())
        assert _source_at(page, record["line"], record["column"], 12) == text[:12], record


def test_every_sentence_of_the_seed_pages_is_located_in_the_source() -> None:
    for lang in ("ko", "en"):
        page = CORPUS / "html" / f"{lang}.html"
        if not page.exists():
            pytest.skip("the seed HTML page is not present")
        article = read_article(str(page))
        locate = locator(article)
        for block in article.blocks:
            if block.source_line is None:
                continue
            text = " ".join(article.text[block.start : block.end].split())
            line, column = locate(block.start)
            assert _source_at(page, line, column, len(text[:20])) == text[:20], (page.name, block)
