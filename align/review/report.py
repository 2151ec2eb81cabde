"""The side-by-side HTML report of a checked article pair: one self-contained file.

Aligned sentences sit side by side with their link scores (low-confidence links marked),
glossary terms are highlighted by status, findings are listed with counts per rule, and a
click on a finding scrolls to and highlights its sentence pair; findings and pairs filter by
rule and by concept. No external script, style or font: the file works from ``file://``
offline. The page is built as an lxml tree, so every piece of user text is escaped; the inline
script and style are constants that hold no user text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from align import xmlio
from align.models import Finding
from align.shown import shown

LOW_CONFIDENCE = 0.5  # links scoring below this are marked for review

_FONTS = (
    'system-ui, -apple-system, "Segoe UI", "Noto Sans CJK KR", "Noto Sans KR", '
    '"Apple SD Gothic Neo", "Malgun Gothic", "NanumGothic", "Noto Sans", sans-serif'
)

_STYLE = """
:root { --line: #d0d7de; --muted: #57606a; }
* { box-sizing: border-box; }
body { font-family: %(fonts)s; margin: 0; color: #1f2328; line-height: 1.5;
       word-break: keep-all; overflow-wrap: anywhere; }
header { padding: 1rem 1.5rem; border-bottom: 1px solid var(--line); background: #f6f8fa; }
h1 { font-size: 1.25rem; margin: 0 0 .5rem; }
h2 { font-size: 1rem; margin: 1rem 0 .5rem; }
.summary { margin: 0; padding: 0; list-style: none; font-size: .9rem; }
.summary li { white-space: pre-wrap; }
main { display: grid; grid-template-columns: minmax(16rem, 24rem) 1fr; gap: 0; }
#panel { border-right: 1px solid var(--line); padding: 0 1rem 1rem; position: sticky;
         top: 0; align-self: start; max-height: 100vh; overflow: auto; }
.filters label { display: block; font-size: .85rem; margin: .25rem 0; }
.filters select { width: 100%%; }
#findings { padding-left: 1.2rem; font-size: .85rem; }
#findings li { margin: .35rem 0; }
#findings a { color: inherit; text-decoration: none; display: block; }
#findings a:hover { text-decoration: underline; }
.rule { font-family: ui-monospace, monospace; font-size: .8rem; }
.sev-error .rule { color: #cf222e; } .sev-warning .rule { color: #9a6700; }
.sev-info .rule { color: var(--muted); }
.where { color: var(--muted); font-size: .75rem; }
table { border-collapse: collapse; width: 100%%; }
th, td { border-bottom: 1px solid var(--line); padding: .4rem .6rem; vertical-align: top;
         text-align: left; }
th { position: sticky; top: 0; background: #fff; z-index: 1; }
td.score { white-space: nowrap; font-variant-numeric: tabular-nums; color: var(--muted);
           font-size: .8rem; width: 5.5rem; }
tr.low td.score { color: #cf222e; font-weight: 600; }
tr.low { background: #fff8f0; }
tr.highlight { background: #fff3b0 !important; outline: 3px solid #d4a72c; }
tr.has-finding td.score::after { content: " \\25CF"; color: #cf222e; }
td p { margin: 0 0 .3rem; }
mark { border-radius: 3px; padding: 0 .1em; background: #ddf4ff; color: inherit; }
mark.preferred { background: #dafbe1; } mark.admitted { background: #ddf4ff; }
mark.deprecated { background: #fff1c2; } mark.forbidden { background: #ffd8d3; }
.legend mark { font-size: .8rem; }
.hidden { display: none !important; }
"""

# Constant script: reads data-* attributes only, never user text as code.
_SCRIPT = """
(function () {
  "use strict";
  var ruleFilter = document.getElementById("rule-filter");
  var conceptFilter = document.getElementById("concept-filter");
  function pick(id) {
    var previous = document.querySelectorAll("tr.highlight");
    for (var i = 0; i < previous.length; i++) { previous[i].classList.remove("highlight"); }
    var row = document.getElementById(id);
    if (!row) { return; }
    row.classList.add("highlight");
    row.scrollIntoView({block: "center"});
  }
  function apply() {
    var rule = ruleFilter.value, concept = conceptFilter.value;
    var items = document.querySelectorAll("#findings li");
    for (var i = 0; i < items.length; i++) {
      var item = items[i];
      var show = (!rule || item.dataset.rule === rule) &&
                 (!concept || item.dataset.concept === concept);
      item.classList.toggle("hidden", !show);
    }
    var rows = document.querySelectorAll("#pairs tbody tr");
    for (var j = 0; j < rows.length; j++) {
      var concepts = (rows[j].dataset.concepts || "").split(" ");
      rows[j].classList.toggle("hidden", !!concept && concepts.indexOf(concept) < 0);
    }
  }
  document.getElementById("findings").addEventListener("click", function (event) {
    var link = event.target.closest("a[data-target]");
    if (!link) { return; }
    event.preventDefault();
    pick(link.dataset.target);
    if (history.replaceState) { history.replaceState(null, "", "#" + link.dataset.target); }
  });
  ruleFilter.addEventListener("change", apply);
  conceptFilter.addEventListener("change", apply);
  if (location.hash.length > 1) { pick(location.hash.slice(1)); }
})();
"""


@dataclass(frozen=True, slots=True)
class Mark:
    """A glossary term inside a segment's text: span, concept and status."""

    start: int
    end: int
    concept: str
    status: str


@dataclass(frozen=True, slots=True)
class Segment:
    """One sentence of a side as shown: its text and its term marks."""

    text: str
    marks: tuple[Mark, ...] = ()


@dataclass(frozen=True, slots=True)
class Row:
    """One alignment link: its index, score and the sentences of each side."""

    index: int
    score: float
    source: tuple[Segment, ...]
    target: tuple[Segment, ...]


@dataclass(frozen=True, slots=True)
class Located:
    """A finding and the index of its link (``None`` when it has none)."""

    finding: Finding
    link: int | None


@dataclass(frozen=True, slots=True)
class Report:
    """Everything the page shows."""

    title: str
    source_path: str
    target_path: str
    source_lang: str
    target_lang: str
    rows: tuple[Row, ...]
    findings: tuple[Located, ...]
    summary: Sequence[str]
    version: str = "0"


def _sub(
    parent: xmlio.Element, tag: str, text: str | None = None, **attributes: str
) -> xmlio.Element:
    return xmlio.sub(
        parent, tag, {k.rstrip("_").replace("_", "-"): v for k, v in attributes.items()}, text=text
    )


def _segment(parent: xmlio.Element, segment: Segment) -> None:
    """A ``<p>`` with the segment's text, its terms wrapped in ``<mark>``."""
    paragraph = _sub(parent, "p")
    position = 0
    last: xmlio.Element | None = None
    for mark in sorted(segment.marks, key=lambda m: m.start):
        if mark.start < position:
            continue
        before = xmlio.xml_text(segment.text[position : mark.start])
        if last is None:
            paragraph.text = (paragraph.text or "") + before
        else:
            last.tail = (last.tail or "") + before
        last = _sub(
            paragraph,
            "mark",
            segment.text[mark.start : mark.end],
            class_=mark.status,
            title=f"{mark.concept} ({mark.status})",
            data_concept=mark.concept,
        )
        position = mark.end
    rest = xmlio.xml_text(segment.text[position:])
    if last is None:
        paragraph.text = (paragraph.text or "") + rest
    else:
        last.tail = (last.tail or "") + rest


def _where(finding: Finding) -> str:
    text = f"{shown(finding.path)}:{finding.line}:{finding.column}"
    if finding.source_path is not None and finding.source_line is not None:
        text += f" ← {shown(finding.source_path)}:{finding.source_line}:{finding.source_column}"
    return text


def build(report: Report) -> xmlio.Element:
    """The page as an lxml tree."""
    html = xmlio.element("html", {"lang": report.target_lang})
    head = _sub(html, "head")
    _sub(head, "meta", charset="utf-8")
    _sub(head, "meta", name="viewport", content="width=device-width, initial-scale=1")
    _sub(head, "meta", name="generator", content=f"align {report.version}")
    _sub(head, "title", f"align report: {report.title}")
    _sub(head, "style", _STYLE % {"fonts": _FONTS})
    body = _sub(html, "body")

    header = _sub(body, "header")
    _sub(header, "h1", report.title)
    summary = _sub(header, "ul", class_="summary", id="summary")
    for line in report.summary:
        _sub(summary, "li", line)
    rule_counts = Counter(item.finding.rule for item in report.findings)
    counts = _sub(header, "p", class_="counts", id="rule-counts")
    counts.text = f"{len(report.findings)} finding(s)" + (": " if rule_counts else "")
    for k, (rule, count) in enumerate(sorted(rule_counts.items())):
        span = _sub(counts, "span", f"{rule} {count}", class_="rule", data_rule=rule)
        span.tail = ", " if k < len(rule_counts) - 1 else ""
    legend = _sub(header, "p", class_="legend")
    legend.text = "Terms: "
    for status in ("preferred", "admitted", "deprecated", "forbidden"):
        _sub(legend, "mark", status, class_=status).tail = " "

    main = _sub(body, "main")
    panel = _sub(main, "section", id="panel")
    _sub(panel, "h2", "Findings")
    filters = _sub(panel, "div", class_="filters")
    label = _sub(filters, "label", "Rule ")
    select = _sub(label, "select", id="rule-filter")
    _sub(select, "option", "all rules", value="")
    for rule, count in sorted(rule_counts.items()):
        _sub(select, "option", f"{rule} ({count})", value=rule)
    label = _sub(filters, "label", "Concept ")
    select = _sub(label, "select", id="concept-filter")
    _sub(select, "option", "all concepts", value="")
    concepts = sorted(
        {
            m.concept
            for row in report.rows
            for segment in (*row.source, *row.target)
            for m in segment.marks
        }
        | {item.finding.concept for item in report.findings if item.finding.concept}
    )
    for concept in concepts:
        _sub(select, "option", concept, value=concept)
    listing = _sub(panel, "ol", id="findings")
    flagged: set[int] = set()
    for number, item in enumerate(report.findings):
        finding = item.finding
        entry = _sub(
            listing,
            "li",
            class_=f"sev-{finding.severity}",
            data_rule=finding.rule,
            data_concept=finding.concept or "",
            id=f"finding-{number}",
        )
        target = f"link-{item.link}" if item.link is not None else ""
        anchor = _sub(entry, "a", href=f"#{target}" if target else "#", data_target=target)
        _sub(anchor, "span", finding.rule, class_="rule").tail = " "
        _sub(anchor, "span", finding.message, class_="message")
        if finding.suggestion:
            _sub(anchor, "span", f" → {finding.suggestion}", class_="suggestion")
        _sub(anchor, "div", _where(finding), class_="where")
        if item.link is not None:
            flagged.add(item.link)

    pairs = _sub(main, "section", id="pairs-section")
    table = _sub(pairs, "table", id="pairs")
    head_row = _sub(_sub(table, "thead"), "tr")
    _sub(head_row, "th", "Link")
    _sub(head_row, "th", f"{shown(report.source_path)} ({report.source_lang})")
    _sub(head_row, "th", f"{shown(report.target_path)} ({report.target_lang})")
    rows = _sub(table, "tbody")
    for row in report.rows:
        classes = ["low"] if row.score < LOW_CONFIDENCE else []
        if row.index in flagged:
            classes.append("has-finding")
        row_concepts = sorted(
            {m.concept for segment in (*row.source, *row.target) for m in segment.marks}
        )
        tr = _sub(
            rows,
            "tr",
            id=f"link-{row.index}",
            class_=" ".join(classes),
            data_concepts=" ".join(row_concepts),
        )
        label_text = f"{row.score:.2f}" + (" low" if row.score < LOW_CONFIDENCE else "")
        _sub(
            tr,
            "td",
            label_text,
            class_="score",
            title=f"link {row.index}: {len(row.source)}-{len(row.target)}",
        )
        for segments, lang in ((row.source, report.source_lang), (row.target, report.target_lang)):
            cell = _sub(tr, "td", lang=lang)
            for segment in segments:
                _segment(cell, segment)
    _sub(body, "script", _SCRIPT)
    return html


def render_html(report: Report) -> str:
    """The page as one self-contained HTML5 document."""
    data = xmlio.to_bytes(build(report), method="html")
    return "<!DOCTYPE html>\n" + data.decode("utf-8") + "\n"
