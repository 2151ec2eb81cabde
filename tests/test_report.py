"""The HTML report: self-contained, escaped, and working in a real headless browser."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

from align.jobs import checkrun
from align.models import Finding
from align.review import report
from tests.conftest import CORPUS, ROOT

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
    checkrun.write_report(
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
    page = checkrun.report_html(seed_checked, checkrun.scores(seed_checked))
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
