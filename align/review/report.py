"""The side-by-side HTML report of a checked article pair: one self-contained file.

Aligned sentences sit side by side, each with its sentence number and ``line:column`` in its
file, each link with its type (1-1, 2-1, 0-1...) and score (low-confidence links marked);
glossary terms are highlighted by status, and what a finding is about is marked in the text
(the number behind a ``number-mismatch`` on both sides, a missing term's place on the target
side with its source term and expected translation). Findings are listed with counts per rule;
a click scrolls to their pair; rows and findings filter by rule, concept, "only rows with
findings" and "only scores below"; each finding can be marked accepted or ignored (kept in the
browser's local storage) and the decisions, or all findings, exported (JSON, an inline
suppression list, CSV). One stacked column under 800 px, a print style sheet.

No external script, style or font: the file works from ``file://`` offline, and its Content
Security Policy allows only its own inline script and style. The page is built as an lxml tree,
so every piece of user text is escaped; the script and style are constants holding no user text.
"""

from __future__ import annotations

import base64
import hashlib
from collections import Counter, deque
from collections.abc import Sequence
from dataclasses import dataclass

from align import xmlio
from align.models import Finding
from align.review.reportassets import SCRIPT, STYLE
from align.shown import shown
from align.text.normalize import reordering_shown

LOW_CONFIDENCE = 0.5  # links scoring below this are marked for review
STATUSES = ("preferred", "admitted", "deprecated", "forbidden")


@dataclass(frozen=True, slots=True)
class Mark:
    """A marked span of a segment's text: a glossary term (its concept and status) and/or
    what findings are about (their numbers in :attr:`Report.findings`; status ``flag`` when
    the span is no glossary term, such as a number)."""

    start: int
    end: int
    concept: str
    status: str
    findings: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Tag:
    """An inline code of a bilingual file's segment, shown where it sits in the text: its
    ``offset`` in :attr:`Segment.text`, a short ``label`` (``<b>``, ``</g 1>``) and a ``title``
    saying what it is."""

    offset: int
    label: str
    title: str


@dataclass(frozen=True, slots=True)
class Segment:
    """One sentence of a side as shown: its text, its marks, its 1-based number in the
    article, its ``line:column`` in the file and (for a bilingual file's segment) its tags."""

    text: str
    marks: tuple[Mark, ...] = ()
    number: int = 0
    place: str = ""
    tags: tuple[Tag, ...] = ()


@dataclass(frozen=True, slots=True)
class Gap:
    """Something missing from a link's target: the finding, its source term or number and
    the expected translation."""

    finding: int
    rule: str
    source_text: str
    expected: str


@dataclass(frozen=True, slots=True)
class Row:
    """One alignment link: its index, score and the sentences of each side."""

    index: int
    score: float
    source: tuple[Segment, ...]
    target: tuple[Segment, ...]
    gaps: tuple[Gap, ...] = ()

    @property
    def kind(self) -> str:
        """The link type: ``1-1``, ``2-1``, ``0-1``..."""
        return f"{len(self.source)}-{len(self.target)}"


@dataclass(frozen=True, slots=True)
class Located:
    """A finding and the index of its link (``None`` when it has none)."""

    finding: Finding
    link: int | None


@dataclass(frozen=True, slots=True)
class Report:
    """Everything the page shows. ``title`` is the article's headline, ``subtitle`` its
    translation's, ``folder`` the pair folder (or file) it came from."""

    title: str
    source_path: str
    target_path: str
    source_lang: str
    target_lang: str
    rows: tuple[Row, ...]
    findings: tuple[Located, ...]
    summary: Sequence[str]
    version: str = "0"
    subtitle: str = ""
    folder: str = ""


def _sub(
    parent: xmlio.Element, tag: str, text: str | None = None, **attributes: str
) -> xmlio.Element:
    return xmlio.sub(
        parent, tag, {k.rstrip("_").replace("_", "-"): v for k, v in attributes.items()}, text=text
    )


def _mark_attributes(mark: Mark) -> dict[str, str]:
    classes = [mark.status] + (["flagged"] if mark.findings else [])
    attributes = {"class_": " ".join(classes)}
    if mark.concept:
        attributes["data_concept"] = mark.concept
        attributes["title"] = f"{mark.concept} ({mark.status})"
    if mark.findings:
        attributes["data_findings"] = " ".join(f"finding-{n}" for n in mark.findings)
        attributes["title"] = (attributes.get("title", "") + " · see the findings list").lstrip(
            " ·"
        )
    return attributes


def _segment(parent: xmlio.Element, segment: Segment, label: str) -> None:
    """A ``<p>`` with the segment's place and text, its marks wrapped in ``<mark>``."""
    paragraph = _sub(parent, "p")
    _sub(paragraph, "span", label, class_="side-label")
    last = _sub(
        paragraph,
        "span",
        f"S{segment.number} · {segment.place}" if segment.place else f"S{segment.number}",
        class_="loc",
        title=f"sentence {segment.number}, line:column {segment.place} in the file",
    )
    position = 0
    tags = deque(sorted(segment.tags, key=lambda t: t.offset))
    for mark in sorted(segment.marks, key=lambda m: (m.start, -m.end)):
        if mark.start < position:
            continue
        last = _run(paragraph, last, segment.text, position, mark.start, tags, closed=True)
        inner = _sub(paragraph, "mark", **_mark_attributes(mark))
        _run(inner, None, segment.text, mark.start, mark.end, tags, closed=False)
        last, position = inner, mark.end
    _run(paragraph, last, segment.text, position, len(segment.text), tags, closed=True)


def _run(
    parent: xmlio.Element,
    last: xmlio.Element | None,
    text: str,
    start: int,
    end: int,
    tags: deque[Tag],
    *,
    closed: bool,
) -> xmlio.Element | None:
    """Append ``text[start:end]`` to ``parent`` after its child ``last`` (``None``: as its
    text), with the ``tags`` (in order, taken as shown) that sit before ``end``, or at it when
    the run is ``closed``: a tag at a mark's end is shown after the mark. Returns the last
    child."""
    position = start
    while tags and (tags[0].offset < end or (closed and tags[0].offset == end)):
        tag = tags.popleft()
        at = max(tag.offset, position)
        last = _append(parent, last, text[position:at])
        last = _sub(parent, "span", xmlio.xml_text(tag.label), class_="tag", title=tag.title)
        position = at
    return _append(parent, last, text[position:end])


def _append(parent: xmlio.Element, last: xmlio.Element | None, text: str) -> xmlio.Element | None:
    """``text`` added after ``parent``'s child ``last`` (as ``parent``'s text when ``None``)."""
    if last is None:
        parent.text = (parent.text or "") + _shown(text)
    else:
        last.tail = (last.tail or "") + _shown(text)
    return last


def _shown(text: str) -> str:
    """A file's text as the page shows it: valid XML, and its bidi overrides shown rather
    than obeyed, so that the page shows the characters the file holds."""
    return xmlio.xml_text(reordering_shown(text))


def _gap(parent: xmlio.Element, gap: Gap) -> None:
    what = "number" if gap.rule == "number-mismatch" else "term"
    paragraph = _sub(
        parent, "p", class_="gap", data_findings=f"finding-{gap.finding}", data_rule=gap.rule
    )
    paragraph.text = f"missing {what}: "
    _sub(paragraph, "mark", xmlio.xml_text(gap.source_text), class_="flag")
    if gap.expected:
        _sub(paragraph, "span", " → ").tail = ""
        _sub(paragraph, "strong", xmlio.xml_text(gap.expected))


def _where(finding: Finding) -> str:
    text = f"{shown(finding.path)}:{finding.line}:{finding.column}"
    if finding.source_path is not None and finding.source_line is not None:
        text += f" ← {shown(finding.source_path)}:{finding.source_line}:{finding.source_column}"
    return text


def _hash(text: str) -> str:
    """A CSP hash-source for an inline script or style (CSP Level 3, "hash-source")."""
    return (
        "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"
    )


def content_security_policy() -> str:
    """The page's policy: nothing loads, only its own inline script and style run."""
    return (
        f"default-src 'none'; script-src {_hash(SCRIPT)}; style-src {_hash(STYLE)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )


def _legend(header: xmlio.Element, tags: bool) -> None:
    legend = _sub(header, "ul", class_="legend", id="legend")
    for status in STATUSES:
        item = _sub(legend, "li")
        _sub(item, "mark", status, class_=status).tail = " glossary term"
    item = _sub(legend, "li")
    _sub(item, "mark", "12", class_="flag flagged").tail = " what a finding is about (both sides)"
    item = _sub(legend, "li")
    _sub(
        item, "span", "missing term: …", class_="gap"
    ).tail = " what the target lacks: the source term or number → the expected translation"
    item = _sub(legend, "li")
    _sub(item, "span", "\u25cf", class_="dot").tail = " the link has findings"
    item = _sub(legend, "li")
    item.text = f"score 0–1: how sure the alignment is; red below {LOW_CONFIDENCE:.2f}"
    item = _sub(legend, "li")
    item.text = "2-1: sentences linked (source-target); 0-1: added, 1-0: not translated"
    item = _sub(legend, "li")
    _sub(item, "span", "S3 · 12:5", class_="loc").tail = " sentence 3, at line 12, column 5"
    if tags:
        item = _sub(legend, "li")
        _sub(item, "span", "<b>", class_="tag").tail = " an inline code (tag) of the file"


def _header(body: xmlio.Element, report: Report, rule_counts: Counter[str]) -> None:
    header = _sub(body, "header")
    _sub(header, "h1", _shown(report.title))
    if report.subtitle and report.subtitle != report.title:
        _sub(header, "p", _shown(report.subtitle), class_="subtitle", lang=report.target_lang)
    files = (
        report.source_path
        if report.source_path == report.target_path
        else f"{report.source_path} ({report.source_lang}) ↔ "
        f"{report.target_path} ({report.target_lang})"
    )
    _sub(header, "p", xmlio.xml_text(files), class_="files", id="files")
    summary = _sub(header, "ul", class_="summary", id="summary")
    for line in report.summary:
        _sub(summary, "li", xmlio.xml_text(line))
    counts = _sub(header, "p", class_="counts", id="rule-counts")
    counts.text = f"{sum(rule_counts.values())} finding(s)" + (": " if rule_counts else "")
    for k, (rule, count) in enumerate(sorted(rule_counts.items())):
        span = _sub(counts, "span", f"{rule} {count}", class_="rule", data_rule=rule)
        span.tail = ", " if k < len(rule_counts) - 1 else ""
    _legend(
        header,
        any(segment.tags for row in report.rows for segment in (*row.source, *row.target)),
    )


def _filters(panel: xmlio.Element, report: Report, rule_counts: Counter[str]) -> None:
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
            if m.concept
        }
        | {item.finding.concept for item in report.findings if item.finding.concept}
    )
    for concept in concepts:
        _sub(select, "option", xmlio.xml_text(concept), value=xmlio.xml_text(concept))
    label = _sub(filters, "label")
    _sub(label, "input", type="checkbox", id="only-findings").tail = " only rows with findings"
    label = _sub(filters, "label", "only scores below ")
    _sub(label, "input", type="number", id="score-below", min="0", max="1", step="0.05")
    exports = _sub(panel, "div", class_="exports")
    exports.text = "Export: "
    for kind, text in (
        ("json", "decisions (JSON)"),
        ("suppressions", "ignored as suppressions"),
        ("csv", "findings (CSV)"),
    ):
        _sub(exports, "button", text, type="button", data_export=kind)
    _sub(panel, "textarea", "", id="export-text", class_="hidden", readonly="readonly")


def _finding_key(finding: Finding) -> str:
    return "|".join(
        str(part)
        for part in (
            finding.rule,
            finding.path,
            finding.line,
            finding.column,
            finding.concept or "",
            finding.found,
        )
    )


def _findings(panel: xmlio.Element, report: Report) -> dict[int, set[str]]:
    """The findings list; returns the rules found per link."""
    listing = _sub(panel, "ol", id="findings")
    rules_of: dict[int, set[str]] = {}
    for number, item in enumerate(report.findings):
        finding = item.finding
        entry = _sub(
            listing,
            "li",
            class_=f"sev-{finding.severity}",
            id=f"finding-{number}",
            data_rule=finding.rule,
            data_concept=xmlio.xml_text(finding.concept or ""),
            data_severity=finding.severity,
            data_path=xmlio.xml_text(finding.path),
            data_line=str(finding.line),
            data_column=str(finding.column),
            data_found=xmlio.xml_text(finding.found),
            data_suggestion=xmlio.xml_text(finding.suggestion),
            data_key=xmlio.xml_text(_finding_key(finding)),
        )
        target = f"link-{item.link}" if item.link is not None else ""
        anchor = _sub(entry, "a", href=f"#{target}" if target else "#", data_target=target)
        _sub(anchor, "span", finding.rule, class_="rule").tail = " "
        _sub(anchor, "span", _shown(finding.message), class_="message")
        if finding.suggestion:
            _sub(anchor, "span", _shown(f" → {finding.suggestion}"), class_="suggestion")
        _sub(anchor, "div", xmlio.xml_text(_where(finding)), class_="where")
        decide = _sub(entry, "div", class_="decide")
        _sub(decide, "button", "accept", type="button", class_="accept", data_decision="accepted")
        _sub(decide, "button", "ignore", type="button", class_="ignore", data_decision="ignored")
        if item.link is not None:
            rules_of.setdefault(item.link, set()).add(finding.rule)
    return rules_of


def _pairs(main: xmlio.Element, report: Report, rules_of: dict[int, set[str]]) -> None:
    pairs = _sub(main, "section", id="pairs-section")
    table = _sub(pairs, "table", id="pairs")
    head_row = _sub(_sub(table, "thead"), "tr")
    _sub(head_row, "th", "Link", class_="link")
    _sub(head_row, "th", xmlio.xml_text(f"{shown(report.source_path)} ({report.source_lang})"))
    _sub(head_row, "th", xmlio.xml_text(f"{shown(report.target_path)} ({report.target_lang})"))
    rows = _sub(table, "tbody")
    for row in report.rows:
        low = row.score < LOW_CONFIDENCE
        rules = rules_of.get(row.index, set())
        classes = (["low"] if low else []) + (["has-finding"] if rules else [])
        row_concepts = sorted(
            {
                m.concept
                for segment in (*row.source, *row.target)
                for m in segment.marks
                if m.concept
            }
        )
        tr = _sub(
            rows,
            "tr",
            id=f"link-{row.index}",
            class_=" ".join(classes),
            data_concepts=xmlio.xml_text(" ".join(row_concepts)),
            data_rules=" ".join(sorted(rules)),
            data_score=f"{row.score:.4f}",
            data_kind=row.kind,
        )
        cell = _sub(tr, "td", class_="link")
        score = _sub(cell, "span", f"{row.score:.2f}" + (" low" if low else ""), class_="score")
        if rules:
            _sub(score, "span", " \u25cf", class_="dot", title="this link has findings")
        _sub(cell, "span", row.kind, class_="type", title=f"link {row.index + 1}: {row.kind}")
        _sub(cell, "span", f"#{row.index + 1}", class_="number")
        for segments, lang in ((row.source, report.source_lang), (row.target, report.target_lang)):
            side = _sub(tr, "td", lang=lang)
            for segment in segments:
                _segment(side, segment, lang)
            if lang == report.target_lang and segments is row.target:
                for gap in row.gaps:
                    _gap(side, gap)


def build(report: Report) -> xmlio.Element:
    """The page as an lxml tree."""
    html = xmlio.element("html", {"lang": report.target_lang})
    head = _sub(html, "head")
    _sub(head, "meta", charset="utf-8")
    _sub(head, "meta", http_equiv="Content-Security-Policy", content=content_security_policy())
    _sub(head, "meta", name="viewport", content="width=device-width, initial-scale=1")
    _sub(head, "meta", name="generator", content=f"align {report.version}")
    title = report.title + (f" — {report.folder}" if report.folder else "")
    _sub(head, "title", _shown(f"{title} · align report"))
    _sub(head, "style", STYLE)
    key = hashlib.sha256(
        f"{report.source_path}\0{report.target_path}".encode("utf-8", "replace")
    ).hexdigest()[:16]
    body = _sub(html, "body", data_key=key)
    rule_counts = Counter(item.finding.rule for item in report.findings)
    _header(body, report, rule_counts)
    main = _sub(body, "main")
    panel = _sub(main, "section", id="panel")
    _sub(panel, "h2", "Findings")
    _filters(panel, report, rule_counts)
    rules_of = _findings(panel, report)
    _pairs(main, report, rules_of)
    _sub(body, "script", SCRIPT)
    return html


def render_html(report: Report) -> str:
    """The page as one self-contained HTML5 document."""
    data = xmlio.to_bytes(build(report), method="html")
    return "<!DOCTYPE html>\n" + data.decode("utf-8") + "\n"


# --- the index of a run over several pairs -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """One pair of a run: its folder, headline, key figures and its report's path (relative to
    the index page when it is listed there)."""

    folder: str
    headline: str
    source_sentences: int
    target_sentences: int
    links: int
    findings: tuple[tuple[str, int], ...]  # (severity, count)
    term_accuracy: float | None
    coverage: float | None
    report: str | None


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


def render_index(entries: Sequence[IndexEntry], title: str, version: str = "0") -> str:
    """``index.html`` of a run: every pair's report linked, with its key figures."""
    html = xmlio.element("html", {"lang": "en"})
    head = _sub(html, "head")
    _sub(head, "meta", charset="utf-8")
    _sub(head, "meta", http_equiv="Content-Security-Policy", content=content_security_policy())
    _sub(head, "meta", name="viewport", content="width=device-width, initial-scale=1")
    _sub(head, "meta", name="generator", content=f"align {version}")
    _sub(head, "title", xmlio.xml_text(f"{title} · align run"))
    _sub(head, "style", STYLE)
    body = _sub(html, "body")
    header = _sub(body, "header")
    _sub(header, "h1", xmlio.xml_text(title))
    _sub(header, "p", f"{len(entries)} article pairs", class_="files")
    table = _sub(_sub(body, "section", id="index-section"), "table", id="index")
    head_row = _sub(_sub(table, "thead"), "tr")
    for name in ("Pair", "Sentences", "Links", "Findings", "Term accuracy", "Coverage"):
        _sub(head_row, "th", name)
    rows = _sub(table, "tbody")
    for entry in entries:
        tr = _sub(rows, "tr", data_folder=xmlio.xml_text(entry.folder))
        cell = _sub(tr, "td")
        if entry.report is not None:
            _sub(cell, "a", xmlio.xml_text(entry.headline or entry.folder), href=entry.report)
        else:
            cell.text = xmlio.xml_text(entry.headline or entry.folder)
        _sub(cell, "div", xmlio.xml_text(entry.folder), class_="where")
        _sub(tr, "td", f"{entry.source_sentences} / {entry.target_sentences}")
        _sub(tr, "td", str(entry.links))
        findings = ", ".join(f"{count} {severity}" for severity, count in entry.findings if count)
        _sub(tr, "td", findings or "none")
        _sub(tr, "td", _percent(entry.term_accuracy))
        _sub(tr, "td", _percent(entry.coverage))
    data = xmlio.to_bytes(html, method="html")
    return "<!DOCTYPE html>\n" + data.decode("utf-8") + "\n"
