"""Screenshots of the seed pair's HTML report at desktop (1400 px) and phone (390 px) width.

Builds the report of ``corpora/hani-2024-03-26-us-japan-alliance`` with the curated glossary,
opens it in Chromium through Playwright (Debian's ``/usr/bin/chromium``; nothing is
downloaded), clicks the first ``number-mismatch`` finding so a flagged row is in view, and
writes ``docs/report-1400.png`` and ``docs/report-390.png`` (the README shows both).

    .venv/bin/python scripts/report_screenshots.py [--out docs]
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path
from typing import Any

from align.jobs import reportrun

ROOT = Path(__file__).resolve().parents[1]
PAIR = Path("corpora") / "hani-2024-03-26-us-japan-alliance"  # relative: shown in the page
CHROMIUM = "/usr/bin/chromium"
WIDTHS = ((1400, 900), (390, 844))


def _shoot(browser: Any, report: Path, out: Path, width: int, height: int) -> Path:
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(report.as_uri())
    page.locator("#findings li[data-rule='number-mismatch'] a").first.click()
    if width < 800:
        page.evaluate("document.querySelector('tr.highlight').scrollIntoView({block: 'start'})")
    path = out / f"report-{width}.png"
    page.screenshot(path=str(path))
    page.close()
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    out = args.out.resolve()
    os.chdir(ROOT)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as work:
        report = Path(work) / "report.html"
        reportrun.write_report(
            str(PAIR / "ko.txt"),
            str(PAIR / "en.txt"),
            str(Path("glossaries") / "defence-diplomacy.tsv"),
            str(report),
        )
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
            )
            for width, height in WIDTHS:
                path = _shoot(browser, report, out, width, height)
                print(f"{path}: {path.stat().st_size / 1024:.0f} KB")
            browser.close()


if __name__ == "__main__":
    main()
