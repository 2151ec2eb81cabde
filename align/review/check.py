"""Bilingual term check: is every glossary term of the source rendered as approved in its
aligned target sentence(s), consistently, and are its numbers carried over?

The checks follow what translation QA tools do on segmented bilingual files (terminology,
consistency and number checks, as in Xbench and the QA checks of Okapi CheckMate), applied to
the links of a sentence alignment; term accuracy is judged as the exact-match term accuracy of
the WMT 2021 terminology task (Alam et al. 2021, "On the Evaluation of Machine Translation for
Terminology Consistency"): an occurrence is right when the aligned target holds an approved
rendering of its concept.

A stage: it receives the two sides (sentences, the term matches found in each sentence, a
locator of offsets) and the links, and returns :class:`align.models.Finding` records located in
the target file, with the source term's location in ``source_path``/``source_line``/
``source_column``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from align.models import APPROVED, Finding, Glossary, Link, Sentence, Severity, Term, TermMatch
from align.review.findings import RuleInfo, region
from align.text.calendar import MONTH_NUMBERS, MONTHS, WEEKDAYS
from align.text.datetimes import find_values
from align.text.languages import primary_language
from align.text.normalize import disguises, visible
from align.text.numbers import Number, canonical
from align.text.wordnumbers import english_word_numbers, word_number_keys

Locate = Callable[[int], tuple[int, int]]


@dataclass(frozen=True, slots=True)
class CheckSide:
    """One side of the pair as the checker sees it.

    ``matches[i]`` are the glossary terms found in sentence ``i``, with spans that are offsets
    into ``text`` (the article text the sentences' spans index); ``locate`` turns such an
    offset into the 1-based (line, column) reported in the file.
    """

    path: str
    lang: str
    text: str
    sentences: tuple[Sentence, ...]
    matches: tuple[tuple[TermMatch, ...], ...]
    locate: Locate


@dataclass(frozen=True, slots=True)
class Occurrence:
    """A source term occurrence and what its aligned target holds for the same concept."""

    link: int
    match: TermMatch
    renderings: tuple[TermMatch, ...]

    @property
    def approved(self) -> TermMatch | None:
        """The first approved rendering in the aligned target, if any."""
        for found in self.renderings:
            if found.term.status in APPROVED:
                return found
        return None


@dataclass(frozen=True, slots=True)
class LinkFinding:
    """A finding and the index of the alignment link it belongs to.

    ``target_span`` and ``source_span`` are offsets into the sides' texts (what the finding
    is about on each side, empty where something is missing), so a report can mark them."""

    link: int
    finding: Finding
    target_span: tuple[int, int] | None = None
    source_span: tuple[int, int] | None = None


RULES: dict[str, RuleInfo] = {
    rule.id: rule
    for rule in (
        RuleInfo(
            "missing-term",
            "The target (aligned sentences, or a segment's target) has no approved rendering "
            "of a source term",
            "warning",
        ),
        RuleInfo(
            "untranslated-term",
            "A source term is in a sentence with no aligned target sentence, or a segment "
            "with no target (an omission)",
            "info",
        ),
        RuleInfo("forbidden-term", "The target uses a forbidden rendering of a concept", "error"),
        RuleInfo(
            "deprecated-term", "The target uses a deprecated rendering of a concept", "warning"
        ),
        RuleInfo(
            "inconsistent-term",
            "A concept is rendered with different approved variants "
            "across the document (reported where the majority variant is not used)",
            "warning",
        ),
        RuleInfo(
            "number-mismatch",
            "A number of the source is missing or different in the target (aligned sentences, "
            "or a segment's target)",
            "warning",
        ),
    )
}


def occurrences(source: CheckSide, target: CheckSide, links: Sequence[Link]) -> list[Occurrence]:
    """Every source term occurrence, in document order, with its target renderings."""
    found: list[Occurrence] = []
    for index, link in enumerate(links):
        target_matches = [m for j in link.target for m in target.matches[j]]
        for i in link.source:
            for match in source.matches[i]:
                renderings = tuple(
                    m for m in target_matches if m.term.concept == match.term.concept
                )
                found.append(Occurrence(index, match, renderings))
    return found


@dataclass(frozen=True, slots=True)
class Wording:
    """How messages name what a link pairs: aligned sentences of two articles, or a bilingual
    file's own segment pairs (nothing aligned there)."""

    #: Where a missing rendering or number was looked for.
    target: str
    #: A source term's place when nothing translates it.
    untranslated: str


ALIGNED = Wording("the aligned target", "a source sentence that has no translation in the target")
SEGMENTS = Wording("the target", "a segment with no target")


def check(
    source: CheckSide,
    target: CheckSide,
    links: Sequence[Link],
    glossary: Glossary,
    wording: Wording = ALIGNED,
) -> list[LinkFinding]:
    """All findings of the bilingual check with their links, in target reading order;
    ``wording`` says whether the links are an alignment or a file's segment pairs."""
    occurrence_list = occurrences(source, target, links)
    findings = [
        *_term_findings(source, target, links, occurrence_list, glossary, wording),
        *_status_findings(source, target, links, glossary),
        *_consistency_findings(source, target, occurrence_list),
        *_number_findings(source, target, links, wording),
    ]
    return sorted(
        findings,
        key=lambda f: (f.finding.line, f.finding.column, f.finding.rule, f.finding.message),
    )


def _finding(
    link: int,
    rule: str,
    target: CheckSide,
    start: int,
    end: int,
    message: str,
    *,
    concept: str | None = None,
    found: str = "",
    suggestion: str = "",
    source: CheckSide | None = None,
    source_offset: int | None = None,
    source_end: int | None = None,
    severity: Severity | None = None,
) -> LinkFinding:
    line, column, end_line, end_column = region(target.locate, start, end)
    source_line = source_column = None
    if source is not None and source_offset is not None:
        source_line, source_column = source.locate(source_offset)
    if found:  # a disguised term says how, its invisible characters shown (as lint does)
        message = message.replace(found, visible(found))
        disguise = [phrase for phrase in disguises(found) if not phrase.startswith("latin ")]
        if disguise:
            message += f", written with {' and '.join(disguise)}"
    return LinkFinding(
        link,
        Finding(
            rule=rule,
            severity=severity or RULES[rule].severity,
            path=target.path,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            message=message,
            concept=concept,
            found=found,
            suggestion=suggestion,
            source_path=source.path if source is not None else None,
            source_line=source_line,
            source_column=source_column,
        ),
        (start, end),
        None
        if source_offset is None
        else (source_offset, source_offset if source_end is None else source_end),
    )


def _terms_in(glossary: Glossary, concept_id: str, lang: str) -> list[Term]:
    """The concept's terms in ``lang``'s language, compared by primary language (a ``ko`` row
    is a term of a target given as ``ko-KR``, and a ``ko-kr`` row of one given as ``ko``)."""
    concept = glossary.concept(concept_id)
    primary = primary_language(lang)
    if concept is None:
        return []
    return [term for term in concept.terms if primary_language(term.lang) == primary]


def _preferred(glossary: Glossary, concept_id: str, lang: str) -> str:
    terms = _terms_in(glossary, concept_id, lang)
    preferred = next((t for t in terms if t.status == "preferred"), None)
    if preferred is not None and preferred.match != "regex":
        return preferred.text
    approved = [t.text for t in terms if t.status in APPROVED and t.match != "regex"]
    return approved[0] if approved else ""


def _has_target_terms(glossary: Glossary, concept_id: str, lang: str) -> bool:
    return any(t.status in APPROVED for t in _terms_in(glossary, concept_id, lang))


def _kept_in_latin(found: str, target: CheckSide, link: Link) -> bool:
    """A Latin-script source term written as it is in a Korean target (``NATO`` in
    ``NATO 가입은``): Korean prints acronyms and names in Latin letters, which is no missing
    rendering (a forbidden or deprecated one is still reported by its rule)."""
    if primary_language(target.lang) != "ko" or not link.target:
        return False
    if not re.fullmatch(r"[A-Za-z][A-Za-z.&' -]*", found):
        return False
    first = target.sentences[link.target[0]]
    last = target.sentences[link.target[-1]]
    text = target.text[first.start : last.end]
    return re.search(rf"(?<![A-Za-z]){re.escape(found)}(?![A-Za-z])", text) is not None


def _insertion_point(target: CheckSide, links: Sequence[Link], index: int) -> int:
    """Where an omitted sentence would be in the target: the next aligned target sentence."""
    for link in links[index + 1 :]:
        if link.target:
            return target.sentences[link.target[0]].start
    return len(target.text)


def _term_findings(
    source: CheckSide,
    target: CheckSide,
    links: Sequence[Link],
    found: Sequence[Occurrence],
    glossary: Glossary,
    wording: Wording,
) -> Iterator[LinkFinding]:
    """``missing-term`` and ``untranslated-term``: no approved rendering where one belongs."""
    for occurrence in found:
        match = occurrence.match
        concept = match.term.concept
        if occurrence.approved is not None or not _has_target_terms(glossary, concept, target.lang):
            continue
        if any(m.term.status not in APPROVED for m in occurrence.renderings):
            continue  # a deprecated/forbidden rendering is there: that rule reports it
        link = links[occurrence.link]
        if _kept_in_latin(match.found, target, link):
            continue
        suggestion = _preferred(glossary, concept, target.lang)
        if not link.target:
            at = _insertion_point(target, links, occurrence.link)
            yield _finding(
                occurrence.link,
                "untranslated-term",
                target,
                at,
                at,
                f"'{match.found}' ({concept}) is in {wording.untranslated}",
                concept=concept,
                suggestion=suggestion,
                source=source,
                source_offset=match.start,
                source_end=match.end,
            )
            continue
        first = target.sentences[link.target[0]]
        last = target.sentences[link.target[-1]]
        yield _finding(
            occurrence.link,
            "missing-term",
            target,
            first.start,
            last.end,
            f"'{match.found}' ({concept}) has no approved rendering in "
            + (
                "the segment's target"
                if wording is SEGMENTS
                # A sure link has no score worth a word.
                else "the aligned target sentence"
                + (f" (link score {link.score:.2f})" if link.score < 1 else "")
            ),
            concept=concept,
            suggestion=suggestion,
            source=source,
            source_offset=match.start,
            source_end=match.end,
        )


def _status_findings(
    source: CheckSide, target: CheckSide, links: Sequence[Link], glossary: Glossary
) -> Iterator[LinkFinding]:
    """``forbidden-term`` and ``deprecated-term``: every such term in the target, with the
    glossary's preferred rendering as the suggestion (as ``align lint`` gives it)."""
    for index, link in enumerate(links):
        source_matches = [m for i in link.source for m in source.matches[i]]
        for j in link.target:
            for match in target.matches[j]:
                status = match.term.status
                if status in APPROVED:
                    continue
                concept = match.term.concept
                origin = next((m for m in source_matches if m.term.concept == concept), None)
                offset = (
                    origin.start
                    if origin is not None
                    else source.sentences[link.source[0]].start
                    if link.source
                    else None
                )
                yield _finding(
                    index,
                    f"{status}-term",
                    target,
                    match.start,
                    match.end,
                    f"'{match.found}' is {status} for concept {concept}"
                    + (f" (source: '{origin.found}')" if origin else ""),
                    concept=concept,
                    found=match.found,
                    suggestion=_preferred(glossary, concept, target.lang),
                    source=source if offset is not None else None,
                    source_offset=offset,
                    source_end=origin.end if origin is not None else None,
                )


def _is_abbreviation(text: str) -> bool:
    """``JSDF``, ``U.S.``: an abbreviation used after the full name is consistent news style
    (spell out at first mention, abbreviate after), so it is not a competing variant."""
    letters = [c for c in text if c.isalpha()]
    return (
        bool(letters)
        and len(letters) <= 8
        and all(c.isupper() or not c.isalpha() or c == "s" for c in text.replace(".", ""))
        and " " not in text.strip()
    )


def _consistency_findings(
    source: CheckSide, target: CheckSide, found: Sequence[Occurrence]
) -> Iterator[LinkFinding]:
    """``inconsistent-term``: a concept rendered with several approved (full) variants."""
    by_concept: dict[str, list[tuple[Occurrence, TermMatch]]] = {}
    for occurrence in found:
        approved = occurrence.approved
        if approved is not None and not _is_abbreviation(approved.term.text):
            by_concept.setdefault(occurrence.match.term.concept, []).append((occurrence, approved))
    for concept, uses in by_concept.items():
        counts = Counter(rendering.term.text for _, rendering in uses)
        if len(counts) < 2:
            continue
        top = max(counts.values())
        leaders = [text for text, n in counts.items() if n == top]
        preferred = [r.term.text for _, r in uses if r.term.status == "preferred"]
        majority = next((t for t in leaders if t in preferred), leaders[0])
        reported: set[int] = set()
        for occurrence, rendering in uses:
            if rendering.term.text == majority or rendering.start in reported:
                continue
            reported.add(rendering.start)
            yield _finding(
                occurrence.link,
                "inconsistent-term",
                target,
                rendering.start,
                rendering.end,
                f"'{rendering.found}' renders {concept} here, '{majority}' "
                f"elsewhere ({counts[majority]} of {sum(counts.values())})",
                concept=concept,
                found=rendering.found,
                suggestion=majority,
                source=source,
                source_offset=occurrence.match.start,
                source_end=occurrence.match.end,
            )


# --- numbers -----------------------------------------------------------------------------------

_SKIP_ROLES = frozenset({"byline", "boilerplate"})
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
_RELATIVE_DAY = re.compile(
    rf"\b(?:{'|'.join(WEEKDAYS)}|today|yesterday|"
    r"tomorrow|tonight|this (?:week|month)|last (?:week|month)|next (?:week|month)|"
    r"earlier|later|recently)\b",
    re.IGNORECASE,
)


def _month_numbers(text: str) -> set[str]:
    """Months named in English as their numbers (``September``, ``mid-Sept`` → ``9``); "May"
    only in a capitalised word, where it is not the verb."""
    return {
        str(MONTH_NUMBERS[part])
        for word in _WORD.findall(text)
        for part in word.lower().split("-")
        if part in MONTH_NUMBERS and (part != "may" or word[0].isupper())
    }


def _target_values(numbers: Sequence[Number], text: str) -> set[str]:
    """Every value the aligned target carries: numbers in digits (``6,200km``), dates and
    times (see :attr:`Number.offers`), numbers in words (``twenty-five``, ``seven decades``,
    ``열 다섯``) and months (``September``), as canonical strings."""
    return (
        {key for number in numbers for key in number.offers}
        | {str(value) for value in english_word_numbers(text)}
        | set(word_number_keys(text, "ko"))
        | _month_numbers(text)
    )


# A time zone after a clock time: the translation may restate the time in its own zone.
_TIME_ZONE = re.compile(r"\s?\(?(?:[A-Z]{1,4}T|UTC|GMT|local time)\b")


def _number_findings(
    source: CheckSide, target: CheckSide, links: Sequence[Link], wording: Wording
) -> Iterator[LinkFinding]:
    """``number-mismatch``: a source number the aligned target does not carry."""
    for index, link in enumerate(links):
        if not link.source or not link.target:
            continue
        if all(source.sentences[i].role in _SKIP_ROLES for i in link.source):
            continue
        first = target.sentences[link.target[0]]
        last = target.sentences[link.target[-1]]
        target_raw = target.text[first.start : last.end]
        target_numbers = find_values(target_raw)
        values = _target_values(target_numbers, target_raw)
        raws = [
            (i, source.text[source.sentences[i].start : source.sentences[i].end])
            for i in link.source
        ]
        source_numbers = [(i, raw, find_values(raw)) for i, raw in raws]
        offered = {key for _, _, found in source_numbers for n in found for key in n.offers}
        extra = [n for n in target_numbers if not n.keys & offered]
        target_has_time = any(n.unit == "time" for n in target_numbers)
        target_has_date = any(n.unit == "date" for n in target_numbers)
        months = _months_apart(target_numbers, target_raw)
        for i, raw, found in source_numbers:
            sentence = source.sentences[i]
            for number in found:
                if _carried(
                    number, raw, target_raw, values, months, target_has_date, target_has_time
                ):
                    continue
                offset = sentence.start + number.start
                if extra:
                    other = extra[0]
                    at = first.start + other.start
                    yield _finding(
                        index,
                        "number-mismatch",
                        target,
                        at,
                        at + len(other.text),
                        f"'{number.text}' ({_shown(number)}) in the source; "
                        f"{wording.target} has '{other.text}'",
                        found=other.text,
                        suggestion=_shown(number),
                        source=source,
                        source_offset=offset,
                        source_end=sentence.start + number.end,
                    )
                else:
                    yield _finding(
                        index,
                        "number-mismatch",
                        target,
                        first.start,
                        last.end,
                        f"'{number.text}' ({_shown(number)}) in the source is "
                        f"missing from {wording.target}",
                        suggestion=_shown(number),
                        source=source,
                        source_offset=offset,
                        source_end=sentence.start + number.end,
                    )


def _carried(
    number: Number,
    raw: str,
    target_raw: str,
    values: set[str],
    months: set[str],
    target_has_date: bool,
    target_has_time: bool,
) -> bool:
    """Whether source ``number`` (in the source sentence ``raw``) is no mismatch: the target
    has its value, or a form translations normally use instead of the figure (a relative day
    or month, ``9/11`` for a date, a year and its month apart, a time in the reader's zone),
    or it is part of a time stamp, which editions restate or leave out. One place, so that
    each excuse is weighed against the others when one is added."""
    if number.keys & values:
        return True
    if number.unit not in _READ_WHOLE and _is_time_stamp(raw, number.start, number.end):
        return True
    if number.unit in ("day", "month", "date") and (
        number.unit == "month" or _RELATIVE_DAY.search(target_raw)
    ):
        return True  # 24일 → "on Sunday", 다음 달 → "next month": normal in news
    if number.unit == "date" and not target_has_date and _loose_date(number, values):
        return True  # September 11 → 9/11
    if number.unit == "year-month" and _loose_year_month(number, values, months):
        return True  # 2024년 3월 → "in 2024 ... in March": both told apart
    return (
        number.unit == "time"
        and not target_has_time
        and (_loose_time(number, values) or _TIME_ZONE.match(raw, number.end) is not None)
    )  # John 3:16 → 3장 16절; 18:10 GMT restated in the reader's zone


def _loose_date(number: Number, values: set[str]) -> bool:
    """A date whose month and day the target carries as figures (``9/11``, ``9.11``)."""
    month, day = number.readings[0][2:].split("-")
    return {str(int(month)), str(int(day))} <= values


def _months_apart(numbers: Sequence[Number], text: str) -> set[str]:
    """The months a target names on their own (``3월``, ``March``), as numbers; none where it
    writes a year-month, which is compared whole."""
    if any(number.unit == "year-month" for number in numbers):
        return set()
    return {number.key for number in numbers if number.unit == "month"} | _month_numbers(text)


def _loose_year_month(number: Number, values: set[str], months: set[str]) -> bool:
    """A year-month whose target carries the year and, apart, the month; for ``1/2000``
    any figures 1 and 2000 (``2000분의 1``: a fraction may look like a month and year)."""
    year, month = number.readings[0].split("-")
    return year in values and str(int(month)) in (values if "/" in number.text else months)


def _loose_time(number: Number, values: set[str]) -> bool:
    """A clock time with no a.m./p.m. or 시 (``16:40``, ``3:16``) whose figures the target
    carries: a reference or a score as likely as a time, so not a mismatch."""
    if any(mark in number.text.lower() for mark in ("m", "시", "o'clock")):
        return False
    return all((part.lstrip("0") or "0") in values for part in number.text.split(":"))


_YEAR_MONTH = re.compile(r"(?:19|20)\d\d\.(?:0[1-9]|1[0-2])(?:\.\d\d)?(?![\d.])")


_AFTER_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d-(?:\d\d-)?$")


# Numbers :func:`find_values` reads whole (clock times, dates, the years of ``2024-03-25`` and
# of a span ``2019-20``): compared as they are, never skipped as parts of a time stamp.
_READ_WHOLE = frozenset({"time", "date", "year", "year-month"})


def _is_time_stamp(text: str, start: int, end: int) -> bool:
    """The figures of ``18:10`` and ``2007.06`` (a year and month) and what follows a year and
    a dash that is no date or span (``2024-03``): time stamps, which editions restate in their
    own zone or form, or leave out. The end of a range (``34-50``) is a number like any other."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    return (
        before == ":"
        or after == ":"
        or bool(_AFTER_YEAR.search(text, 0, start))
        or (before == "-" and after == "-")
        or bool(_YEAR_MONTH.match(text, start))
    )


def _shown(number: Number) -> str:
    """A number's value for a message: ``54,000``; a date ``May 14``; a time ``16:40`` (``4:40
    or 16:40`` when the text does not say which half of the day)."""
    if number.unit == "date":
        month, day = number.readings[0][2:].split("-")
        return f"{MONTHS[int(month) - 1].capitalize()} {int(day)}"
    if number.unit == "year-month":
        year, month = number.readings[0].split("-")
        return f"{MONTHS[int(month) - 1].capitalize()} {year}"
    if number.unit == "time":
        return " or ".join(reading[1:].removeprefix("0") for reading in number.readings)
    return _value(number.value)


def _value(value: Decimal) -> str:
    """A value as readers write it: ``54000`` → ``54,000``, ``1960`` stays ``1960``."""
    text = canonical(value)
    whole, _, fraction = text.partition(".")
    digits = (
        f"{int(whole):,}" if whole.lstrip("-").isdigit() and abs(int(whole)) >= 10000 else whole
    )
    return digits + (f".{fraction}" if fraction else "")
