"""The HTML report: self-contained, escaped, and working in a real headless browser."""

from __future__ import annotations

import csv
import io
import json
import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

from align.jobs import checkrun, reportrun
from align.models import Finding
from align.review import report
from tests.conftest import CORPUS, ROOT, SHARED

CHROMIUM = "/usr/bin/chromium"
BROWSER_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HOSTILE = "<script>alert('x')</script> & <b>bold</b>"


def _finding(line: int, rule: str = "missing-term", concept: str = "usfj") -> Finding:
    return Finding(
        rule=rule,
        severity="warning",
        path="en & <x>.txt",
        line=line,
        column=1,
        end_line=line,
        end_column=5,
        message=f"{HOSTILE} message",
        concept=concept,
        source_path="ko.txt",
        source_line=line,
        source_column=1,
    )


def _hostile_report() -> report.Report:
    rows = tuple(
        report.Row(
            index=i,
            score=0.3 if i == 1 else 0.95,
            source=(
                report.Segment(
                    f"주일미군 {i} {HOSTILE}", (report.Mark(0, 4, "usfj", "preferred"),)
                ),
            ),
            target=(
                report.Segment(
                    f"US Forces Japan {i} {HOSTILE}", (report.Mark(0, 15, "usfj", "preferred"),)
                ),
            ),
        )
        for i in range(3)
    )
    return report.Report(
        title=f"title {HOSTILE}",
        source_path="ko.txt",
        target_path="en & <x>.txt",
        source_lang="ko",
        target_lang="en",
        rows=rows,
        findings=(
            report.Located(_finding(2), 2),
            report.Located(_finding(1, "forbidden-term", "msdf"), 1),
        ),
        summary=[f"term accuracy: 50% {HOSTILE}"],
    )


def test_user_text_is_escaped_and_the_page_is_self_contained() -> None:
    page = report.render_html(_hostile_report())
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page and "&amp; &lt;b&gt;" in page
    assert page.count("<script") == 1  # only the constant inline script
    tree = lxml_html.fromstring(page)
    assert not tree.xpath("//script[@src] | //link | //img | //iframe | //@src")
    assert "http://" not in page and "https://" not in page
    assert "@import" not in page and "url(" not in page
    cells = tree.xpath("//td[@lang]")
    assert {cell.get("lang") for cell in cells} == {"ko", "en"}
    assert "Noto Sans CJK KR" in page
    low = tree.xpath("//tr[contains(@class, 'low')]")
    assert [row.get("id") for row in low] == ["link-1"]
    assert tree.xpath("//td//mark[@class='preferred']")[0].text == "주일미군"
    assert "forbidden-term 1" in page and "missing-term 1" in page


def test_tags_sit_before_inside_and_after_a_marked_term() -> None:
    """A tag at a term's start is shown before its mark, one inside within it, one at its end
    after it; a hostile native code stays text."""
    text = "주일미군 반격 능력 보유"
    tags = (
        report.Tag(5, "<b>", "inline code bpt id=1 (open): <b>"),
        report.Tag(8, "<img onerror=x>", "inline code ph id=2 (standalone)"),
        report.Tag(10, "</b>", "inline code ept id=1 (close): </b>"),
        report.Tag(len(text), "<br/>", "inline code ph id=3 (standalone)"),
    )
    segment = report.Segment(text, (report.Mark(5, 10, "cs", "preferred"),), 1, "3:9", tags)
    row = report.Row(0, 1.0, (segment,), ())
    page = report.render_html(replace(_hostile_report(), rows=(row,), findings=()))
    assert "<img" not in page
    paragraph = lxml_html.fromstring(page).xpath("//td//p")[0]
    parts = [
        (node.tag, node.get("class"), node.text)
        for node in paragraph.iterchildren()
        if node.get("class") not in ("side-label", "loc")
    ]
    assert parts == [
        ("span", "tag", "<b>"),
        ("mark", "preferred", "반격 "),
        ("span", "tag", "</b>"),
        ("span", "tag", "<br/>"),
    ]
    inner = paragraph.xpath(".//mark")[0]
    assert inner.text_content() == "반격 <img onerror=x>능력"
    assert paragraph.text_content().endswith("주일미군 <b>반격 <img onerror=x>능력</b> 보유<br/>")


# --- a real browser ---------------------------------------------------------------------------


def _chromium() -> str:
    """Debian's chromium; tests never install system packages (``.ci/run`` does, as root)."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(
            f"no browser: {CHROMIUM} is missing (install Debian's chromium and "
            "fonts-noto-cjk: 'apt-get install -y chromium fonts-noto-cjk' as root; "
            ".ci/run does it before the suite when it can)"
        )
    return CHROMIUM


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip(
        "playwright.sync_api",
        reason="Playwright is not installed (pip install playwright; never 'playwright install')",
    )
    executable = _chromium()
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=BROWSER_ARGS)
        yield launched
        launched.close()


def _open(browser: Any, path: Path) -> tuple[Any, list[str]]:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))

    def on_dialog(dialog: Any) -> None:
        errors.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    def on_request(route: Any) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            errors.append(f"network: {route.request.url}")
            route.abort()

    page.on("dialog", on_dialog)
    page.route("**/*", on_request)
    page.goto(path.as_uri())
    return page, errors


@pytest.mark.slow
def test_hostile_report_in_browser(browser: Any, tmp_path: Path) -> None:
    path = tmp_path / "hostile.html"
    path.write_text(report.render_html(_hostile_report()), encoding="utf-8")
    page, errors = _open(browser, path)
    assert HOSTILE in page.inner_text("#link-0")
    page.click("#finding-1 a")
    assert page.eval_on_selector_all("tr.highlight", "rows => rows.map(r => r.id)") == ["link-1"]
    page.select_option("#rule-filter", "forbidden-term")
    assert page.is_hidden("#finding-0") and page.is_visible("#finding-1")
    page.close()
    assert errors == []


@pytest.mark.slow
def test_seed_report_in_browser(browser: Any, tmp_path: Path) -> None:
    output = tmp_path / "report.html"
    reportrun.write_report(
        str(CORPUS / "ko.txt"),
        str(CORPUS / "en.txt"),
        str(ROOT / "glossaries" / "defence-diplomacy.tsv"),
        str(output),
    )
    page, errors = _open(browser, output)
    assert "term accuracy" in page.inner_text("#summary")
    item = page.locator("#findings li[data-rule='forbidden-term']").first
    target = item.locator("a").get_attribute("data-target")
    item.locator("a").click()
    highlighted = page.eval_on_selector_all("tr.highlight", "rows => rows.map(r => r.id)")
    assert highlighted == [target]
    assert "Maritime Defense Force" in page.inner_text(f"#{target}")
    assert page.evaluate(
        f"document.getElementById('{target}').getBoundingClientRect().top < window.innerHeight"
    )
    # Choosing a concept shows exactly the rows where it is marked, and its findings only.
    concept = "counterstrike-capabilities"
    marked = [
        row.get("id")
        for row in lxml_html.parse(str(output)).xpath("//*[@id='pairs']//tbody/tr")
        if concept in (row.get("data-concepts") or "").split()
    ]
    assert marked == ["link-30"]
    page.select_option("#concept-filter", concept)
    assert (
        page.eval_on_selector_all("#pairs tbody tr:not(.hidden)", "rows => rows.map(r => r.id)")
        == marked
    )
    assert page.eval_on_selector_all(
        "#findings li:not(.hidden)", "items => items.map(i => i.dataset.concept)"
    ) == [concept]
    page.select_option("#concept-filter", "")
    assert (
        page.eval_on_selector_all(
            "#pairs tbody tr.hidden, #findings li.hidden", "hidden => hidden.length"
        )
        == 0
    )
    item.locator("a").click()
    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot))
    assert shot.read_bytes().startswith(b"\x89PNG\r\n\x1a\n") and shot.stat().st_size > 10_000
    page.close()
    assert errors == []


# --- every counted term is marked -------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_checked() -> checkrun.Checked:
    return checkrun.check_files(
        str(CORPUS / "ko.txt"),
        str(CORPUS / "en.txt"),
        str(ROOT / "glossaries" / "defence-diplomacy.tsv"),
        encoder="none",
    )


def test_every_term_occurrence_that_score_counts_is_marked(
    seed_checked: checkrun.Checked,
) -> None:
    page = reportrun.report_html(seed_checked, checkrun.scores(seed_checked))
    tree = lxml_html.fromstring(page)
    marked = Counter(
        mark.get("data-concept") for mark in tree.xpath("//td[@lang='ko']//mark[@data-concept]")
    )
    counted = {c.concept: c.occurrences for c in checkrun.scores(seed_checked).terms.concepts}
    assert counted["us-forces-japan"] == 10
    assert dict(marked) == counted
    target_marked = Counter(
        mark.get("data-concept") for mark in tree.xpath("//td[@lang='en']//mark[@data-concept]")
    )
    target_counted = Counter(m.term.concept for found in seed_checked.target.matches for m in found)
    assert target_marked == target_counted


# --- where each row is, what each mark means, the findings in the text -------------------------


@pytest.fixture(scope="module")
def seed_page(seed_checked: checkrun.Checked) -> Any:
    return lxml_html.fromstring(reportrun.report_html(seed_checked, checkrun.scores(seed_checked)))


def test_the_title_names_the_article_and_its_folder(seed_page: Any) -> None:
    headline = (CORPUS / "ko.txt").read_text(encoding="utf-8").strip().splitlines()[0]
    assert seed_page.xpath("string(//h1)") == " ".join(headline.split())
    title = seed_page.xpath("string(//title)")
    assert title.startswith(" ".join(headline.split())) and CORPUS.name in title
    assert "ko.txt ↔ en.txt" not in title
    assert "US, Japan eye major upgrade" in seed_page.xpath("string(//p[@class='subtitle'])")


def test_each_row_shows_its_link_type_and_where_its_sentences_are(
    seed_checked: checkrun.Checked, seed_page: Any
) -> None:
    rows = seed_page.xpath("//*[@id='pairs']//tbody/tr")
    assert len(rows) == len(seed_checked.pair.links)
    kinds = {row.xpath("string(.//span[@class='type'])") for row in rows}
    assert {"1-1", "1-0", "0-1"} <= kinds
    lines = {
        lang: (CORPUS / f"{lang}.txt").read_text(encoding="utf-8").splitlines()
        for lang in ("ko", "en")
    }
    for row in rows:
        for cell in row.xpath("./td[@lang]"):
            for paragraph in cell.xpath("./p[not(@class)]"):
                place = paragraph.xpath("string(./span[@class='loc'])")
                number, where = place.split(" · ")
                line, column = (int(part) for part in where.split(":"))
                assert number.startswith("S") and int(number[1:]) >= 1
                text = "".join(paragraph.xpath("./text() | ./mark/text()")).strip()
                assert lines[cell.get("lang")][line - 1][column - 1 :].startswith(text[:8])


def test_every_mark_on_the_page_has_a_legend(seed_page: Any) -> None:
    legend = seed_page.xpath("//*[@id='legend']")[0]
    shown = {c for mark in seed_page.xpath("//td//mark") for c in (mark.get("class") or "").split()}
    explained = {c for mark in legend.xpath(".//mark") for c in (mark.get("class") or "").split()}
    assert shown <= explained and "flag" in shown
    for marker in ("gap", "dot", "loc"):
        assert seed_page.xpath(f"//*[@id='pairs']//*[@class='{marker}']"), marker
        assert legend.xpath(f".//*[@class='{marker}']"), marker
    assert "score" in legend.text_content() and "1-0" in legend.text_content()


def test_findings_are_marked_in_the_text(seed_checked: checkrun.Checked, seed_page: Any) -> None:
    numbers = [
        (n, item)
        for n, item in enumerate(seed_checked.linked)
        if item.finding.rule == "number-mismatch" and item.finding.found
    ]
    assert numbers
    for n, item in numbers:
        row = seed_page.xpath(f"//tr[@id='link-{item.link}']")[0]
        for lang, text in (("ko", "1960"), ("en", item.finding.found)):
            marked = row.xpath(
                f"./td[@lang='{lang}']//mark[contains(@data-findings, 'finding-{n} ')"
                f" or @data-findings='finding-{n}']"
            )
            assert marked and text in marked[0].text_content(), (lang, n)
    missing = [
        (n, item)
        for n, item in enumerate(seed_checked.linked)
        if item.finding.rule == "missing-term"
    ]
    assert missing
    for n, item in missing:
        gap = seed_page.xpath(
            f"//tr[@id='link-{item.link}']/td[@lang='en']"
            f"/p[@class='gap'][@data-findings='finding-{n}']"
        )
        assert gap, n
        assert item.finding.suggestion in gap[0].text_content()
        assert gap[0].xpath("string(./mark)") in item.finding.message
    rules = {
        row.get("id"): set((row.get("data-rules") or "").split())
        for row in seed_page.xpath("//*[@id='pairs']//tbody/tr")
    }
    for item in seed_checked.linked:
        assert item.finding.rule in rules[f"link-{item.link}"]


def test_the_policy_allows_only_the_page_s_own_script_and_style() -> None:
    page = report.render_html(_hostile_report())
    tree = lxml_html.fromstring(page)
    policy = tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy
    assert "connect-src" not in policy  # falls back to 'none': no fetch, no XHR
    assert report.content_security_policy() == policy
    head = tree.xpath("//head")[0]
    assert head.index(head.xpath("./meta[@http-equiv]")[0]) < head.index(head.xpath("./style")[0])


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("seed") / "report.html"
    reportrun.write_report(
        str(CORPUS / "ko.txt"),
        str(CORPUS / "en.txt"),
        str(ROOT / "glossaries" / "defence-diplomacy.tsv"),
        str(output),
        encoder="none",
    )
    return output


_WIDTHS = """() => {
  const cells = [...document.querySelectorAll('#pairs td[lang]')].filter(c => c.innerText.trim());
  const root = document.documentElement;
  const row = [...document.querySelectorAll('#link-0 td')];
  return {page: root.scrollWidth, height: root.scrollHeight,
          narrowest: Math.min(...cells.map(c => c.getBoundingClientRect().width)),
          tops: row.map(c => c.getBoundingClientRect().top)};
}"""


@pytest.mark.slow
def test_the_report_reads_on_a_phone_and_on_a_desktop(browser: Any, seed_report: Path) -> None:
    page, errors = _open(browser, seed_report)
    wide = page.evaluate(_WIDTHS)
    assert wide["page"] <= 1400 and wide["narrowest"] > 300
    assert len(set(wide["tops"])) == 1  # side by side
    page.set_viewport_size({"width": 390, "height": 844})
    narrow = page.evaluate(_WIDTHS)
    assert narrow["page"] <= 390  # no horizontal scrolling
    assert narrow["narrowest"] > 300  # a stacked column, not one character wide
    assert narrow["height"] < 40_000
    assert len(set(narrow["tops"])) == 3  # link, source and target stacked
    page.emulate_media(media="print")
    assert page.is_hidden("#panel .filters") and page.is_hidden(".exports")
    page.close()
    assert errors == []


def _visible_rows(page: Any) -> list[dict[str, str]]:
    return list(
        page.eval_on_selector_all(
            "#pairs tbody tr:not(.hidden)", "rows => rows.map(r => ({...r.dataset}))"
        )
    )


@pytest.mark.slow
def test_filters_narrow_the_rows(browser: Any, seed_report: Path) -> None:
    page, errors = _open(browser, seed_report)
    total = len(_visible_rows(page))
    page.select_option("#rule-filter", "number-mismatch")
    shown = _visible_rows(page)
    assert 0 < len(shown) < total
    assert all("number-mismatch" in row["rules"].split() for row in shown)
    page.select_option("#rule-filter", "")
    page.check("#only-findings")
    shown = _visible_rows(page)
    assert 0 < len(shown) < total and all(row["rules"] for row in shown)
    page.uncheck("#only-findings")
    page.fill("#score-below", "0.99")
    assert all(float(row["score"]) < 0.99 for row in _visible_rows(page))
    page.fill("#score-below", "")
    assert len(_visible_rows(page)) == total
    page.close()
    assert errors == []


@pytest.mark.slow
def test_decisions_are_kept_and_exported(browser: Any, seed_report: Path) -> None:
    page, errors = _open(browser, seed_report)
    forbidden = page.locator("#findings li[data-rule='forbidden-term']").first
    forbidden.locator("button.ignore").click()
    page.locator("#findings li").first.locator("button.accept").click()
    page.reload()
    assert "ignored" in (forbidden.get_attribute("class") or "")
    with page.expect_download() as download:
        page.click("button[data-export='suppressions']")
    saved = Path(download.value.path()).read_text(encoding="utf-8")
    assert "<!-- align: ignore maritime-self-defense-force -->" in saved
    assert saved == page.input_value("#export-text")
    page.click("button[data-export='json']")
    decided = json.loads(page.input_value("#export-text"))
    assert sorted(d["decision"] for d in decided) == ["accepted", "ignored"]
    with page.expect_download() as download:
        page.click("button[data-export='csv']")
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text("utf-8"))))
    assert len(rows) == page.locator("#findings li").count()
    assert {row["rule"] for row in rows} >= {"forbidden-term", "missing-term"}
    page.close()
    assert errors == []


def _marked_and_counted(checked: checkrun.Checked) -> tuple[Counter[str], dict[str, int]]:
    tree = lxml_html.fromstring(reportrun.report_html(checked, checkrun.scores(checked)))
    source_lang = checked.pair.source.lang
    marked = Counter(
        mark.get("data-concept")
        for mark in tree.xpath(f"//td[@lang='{source_lang}']//mark[@data-concept]")
    )
    counted = {c.concept: c.occurrences for c in checkrun.scores(checked).terms.concepts}
    return marked, counted


@pytest.mark.slow
def test_every_counted_term_is_marked_in_ntrex_documents(tmp_path: Path) -> None:
    pairs = SHARED / "data" / "ko-en-news-ntrex128" / "pairs.tsv"
    if not pairs.is_file():
        pytest.skip("../shared/data/ko-en-news-ntrex128 is absent")
    documents: dict[str, tuple[list[str], list[str]]] = {}
    for line in pairs.read_text(encoding="utf-8").splitlines()[1:]:
        document, _id, ko, en = line.split("\t")
        documents.setdefault(document, ([], []))
        documents[document][0].append(ko)
        documents[document][1].append(en)
    chosen = ["reuters.218861", *sorted(documents)[:8]]
    for name in chosen:
        ko_lines, en_lines = documents[name]
        (tmp_path / "ko.txt").write_text("\n".join(ko_lines) + "\n", encoding="utf-8")
        (tmp_path / "en.txt").write_text("\n".join(en_lines) + "\n", encoding="utf-8")
        checked = checkrun.check_files(
            str(tmp_path / "ko.txt"),
            str(tmp_path / "en.txt"),
            str(ROOT / "glossaries" / "defence-diplomacy.tsv"),
            encoder="none",
        )
        marked, counted = _marked_and_counted(checked)
        assert dict(marked) == counted, name
