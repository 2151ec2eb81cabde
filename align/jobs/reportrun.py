"""``align report``: a checked pair (:mod:`align.jobs.checkrun`) as the HTML report's rows,
with each sentence's glossary terms and the spans its findings point at marked, for the report
stage to render.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Unpack

from align import __version__, fsio
from align.jobs import segments
from align.jobs.checkrun import Checked, CheckOptions, check_files, scores
from align.jobs.documents import headline
from align.models import InlineCode
from align.review import check, report, scoring
from align.text.normalize import display_text


def report_html(checked: Checked, summary: scoring.Scores) -> str:
    """The self-contained HTML report of a checked pair."""
    pair = checked.pair
    located = [report.Located(item.finding, _row(checked, item)) for item in checked.linked]
    flags = _finding_marks(checked)
    source_tags, target_tags = _tags(checked, "source"), _tags(checked, "target")
    rows = []
    for index, link in enumerate(pair.links):
        rows.append(
            report.Row(
                index=index,
                score=link.score,
                source=tuple(
                    _segment(checked.source, i, flags.source.get(i, []), source_tags.get(i, ()))
                    for i in link.source
                ),
                target=tuple(
                    _segment(checked.target, j, flags.target.get(j, []), target_tags.get(j, ()))
                    for j in link.target
                ),
                gaps=tuple(flags.gaps.get(index, [])),
            )
        )
    source_headline, target_headline = _headline(checked.source), _headline(checked.target)
    return report.render_html(
        report.Report(
            title=source_headline or Path(pair.source.path).name,
            subtitle=target_headline,
            folder=_folder(pair.source.path, pair.target.path),
            source_path=pair.source.path,
            target_path=pair.target.path,
            source_lang=pair.source.lang,
            target_lang=pair.target.lang,
            rows=tuple(rows),
            findings=tuple(located),
            summary=scoring.summary_lines(summary),
            version=__version__,
        )
    )


def _row(checked: Checked, item: check.LinkFinding) -> int | None:
    """The report row of a finding: its link, or none for a bilingual file's segment that has
    no link (one without source text: a target added for review, a source of codes alone),
    whose finding is listed without a row to scroll to, not put on the first row."""
    if checked.sides is None or item.finding.segment is None:
        return item.link
    owner = checked.sides.segments[item.link] if item.link < len(checked.sides.segments) else None
    return item.link if owner is not None and owner.id == item.finding.segment else None


def _headline(side: check.CheckSide) -> str:
    """The article's headline (:func:`~align.jobs.documents.headline`), shortened to fit the
    report's title."""
    text = headline(side.sentences)
    return text if len(text) <= 120 else text[:119].rstrip() + "…"


def _folder(source_path: str, target_path: str) -> str:
    """The pair folder both articles sit in (``corpora/hani-…``), or the bilingual file."""
    source, target = Path(source_path), Path(target_path)
    if source == target:
        return source.name
    parent = source.parent if source.parent == target.parent else source.parent.parent
    return parent.name if parent.name not in ("", ".", "html") else parent.resolve().name


@dataclass(slots=True)
class _Flags:
    """What the findings point at: spans per sentence of each side, gaps per link."""

    source: dict[int, list[tuple[int, int, int]]]
    target: dict[int, list[tuple[int, int, int]]]
    gaps: dict[int, list[report.Gap]]


def _sentence_at(side: check.CheckSide, start: int, end: int) -> int | None:
    """The sentence holding ``start:end`` of the side's text."""
    starts = [s.start for s in side.sentences]
    index = bisect.bisect_right(starts, start) - 1
    if index >= 0 and side.sentences[index].start <= start and end <= side.sentences[index].end:
        return index
    return None


def _finding_marks(checked: Checked) -> _Flags:
    """Each finding's spans as marks (a number on both sides, a wrong term on the target
    side) and, where something is missing from the target, a gap showing the source term or
    number and its expected translation."""
    flags = _Flags({}, {}, {})
    for number, item in enumerate(checked.linked):
        source_span, target_span = item.source_span, item.target_span
        whole = False
        if target_span is not None:
            start, end = target_span
            j = _sentence_at(checked.target, start, end) if end > start else None
            sentence = checked.target.sentences[j] if j is not None else None
            whole = sentence is None or (start, end) == (sentence.start, sentence.end)
            if j is not None and not whole and item.finding.found:
                flags.target.setdefault(j, []).append((start, end, number))
            else:
                whole = True
        if source_span is not None and source_span[1] > source_span[0]:
            i = _sentence_at(checked.source, *source_span)
            if i is not None:
                flags.source.setdefault(i, []).append((*source_span, number))
        if whole and item.finding.rule in ("missing-term", "untranslated-term", "number-mismatch"):
            source_text = (
                checked.source.text[source_span[0] : source_span[1]] if source_span else ""
            )
            flags.gaps.setdefault(item.link, []).append(
                report.Gap(number, item.finding.rule, source_text, item.finding.suggestion)
            )
    return flags


def _segment(
    side: check.CheckSide,
    index: int,
    flagged: Sequence[tuple[int, int, int]],
    tags: tuple[report.Tag, ...] = (),
) -> report.Segment:
    """One sentence as the report shows it: number, place, terms, flagged spans and tags."""
    sentence = side.sentences[index]
    line, column = side.locate(sentence.start)
    return report.Segment(
        sentence.text,
        _relative(side, index, flagged),
        number=index + 1,
        place=f"{line}:{column}",
        tags=tags,
    )


def _tags(checked: Checked, side: segments.Side) -> dict[int, tuple[report.Tag, ...]]:
    """The inline codes of a bilingual file's segments, by sentence of ``side``, placed in
    their shown text, so that a translator sees where the tags are (and which one a
    ``tag-mismatch`` means); annotations (comments, term marks) are not tags. An article's
    sentences have none."""
    if checked.sides is None:
        return {}
    tags: dict[int, tuple[report.Tag, ...]] = {}
    for index, owner in enumerate(checked.sides.owners(side)):
        text = owner.source if side == "source" else owner.target
        codes = [] if text is None else [code for code in text.codes if not code.annotation]
        if text is None or not codes:
            continue
        shown_text = display_text(text.text)
        tags[index] = tuple(
            report.Tag(_shown_offset(text.text, shown_text, code.offset), *_tag_words(code))
            for code in codes
        )
    return tags


def _shown_offset(raw: str, shown_text: str, offset: int) -> int:
    """Where ``raw[offset]`` is in ``shown_text`` (its :func:`display_text`): the same place
    when only single spaces changed, else the length of the shown prefix (a mark holds it
    where the prefix's trailing space would be cut)."""
    if len(raw) == len(shown_text):
        return offset
    return min(len(display_text(raw[:offset] + "\x01")) - 1, len(shown_text))


def _tag_words(code: InlineCode) -> tuple[str, str]:
    """A tag's short label (its native code, ``<b>``, else ``<g 1>``, ``</g 1>``, ``<x 2/>``)
    and a title naming it."""
    ident = f" {code.id}" if code.id else ""
    native = " ".join(code.content.split())
    if native:
        label = native if len(native) <= 24 else native[:23] + "…"
    elif code.kind == "open":
        label = f"<{code.name}{ident}>"
    elif code.kind == "close":
        label = f"</{code.name}{ident}>"
    else:
        label = f"<{code.name}{ident}/>"
    title = f"inline code {code.name}{' id=' + code.id if code.id else ''} ({code.kind})"
    return label, title + (f": {native}" if native else "")


def _relative(
    side: check.CheckSide, index: int, flagged: Sequence[tuple[int, int, int]] = ()
) -> tuple[report.Mark, ...]:
    """The sentence's term matches and flagged spans (``(start, end, finding)``, article
    offsets) as spans into its display text (``Sentence.text``); a flagged span that is a
    term marks that term.

    Every match is marked, repeated ones too: when the display text is as long as the
    sentence's span (the usual case: only line breaks became spaces) the match's own offsets
    are used; otherwise each match is looked for after the previous one."""
    sentence = side.sentences[index]
    same_length = sentence.end - sentence.start == len(sentence.text)
    raw = side.text[sentence.start : sentence.end]
    spans: dict[tuple[int, int], list[int]] = {}
    for start, end, number in flagged:
        spans.setdefault((start, end), []).append(number)
    marks = []
    cursor = 0

    def place(start: int, end: int, found: str) -> tuple[int, int]:
        nonlocal cursor
        if same_length:
            return start - sentence.start, end - sentence.start
        found = " ".join(found.split())
        at = sentence.text.find(found, cursor)
        if at < 0:
            at = sentence.text.find(found)
        return at, at + len(found)

    for match in sorted(side.matches[index], key=lambda m: (m.start, -m.end)):
        at, end = place(match.start, match.end, match.found)
        if at >= 0:
            numbers = tuple(spans.pop((match.start, match.end), ()))
            marks.append(report.Mark(at, end, match.term.concept, match.term.status, numbers))
            cursor = end
    for (start, end), flagged_numbers in sorted(spans.items()):
        cursor = 0
        at, stop = place(start, end, raw[start - sentence.start : end - sentence.start])
        if at >= 0:
            marks.append(report.Mark(at, stop, "", "flag", tuple(flagged_numbers)))
    return tuple(marks)


def write_report(
    source_path: str,
    target_path: str | None,
    glossary_path: str | Sequence[str] | None,
    output: str,
    *,
    overwrite: bool = False,
    **options: Unpack[CheckOptions],
) -> str:
    """``align report``: check and score the pair (or bilingual file; ``presplit``: SRC and TGT
    hold one sentence per line), write the HTML report atomically."""
    fsio.check_writable(output, overwrite=overwrite)
    checked = check_files(source_path, target_path, glossary_path, **options)
    fsio.write_text(output, report_html(checked, scores(checked)), overwrite=overwrite)
    return output
