"""QA checks on the segments of a bilingual file (XLIFF, TMX, PO): the checks translation QA
tools run before delivery.

The rules are those of Xbench's QA (untranslated segments, inconsistency in source and target,
tag and numeric mismatches, double spaces, repeated words, URLs) and of the Okapi CheckMate
checks (leading/trailing white space, final punctuation, length, patterns). Each rule reads the
text between inline codes (:attr:`align.models.SegmentText.text`), so a word or number split by
a code still matches, and reports a :class:`align.models.Finding` located in the bilingual file
through the anchors of the side it is about (``segment.target.locate(offset)``), with the
segment's id in ``segment``.

A rule is a function of the whole :class:`align.models.BilingualFile` (the consistency rules and
the length model need every segment) yielding :class:`Hit` records; its docstring's first line is
its description (``--list-rules``). Segments without a target are skipped; a segment whose target
is empty meets ``untranslated`` only; one whose source is empty (a 0-1 link exported for review)
meets only the rules of the target alone (spaces, repeats, balance); one whose source is inline
codes alone (an image, a field) has nothing to translate, and meets ``tag-mismatch`` only. What
the rules look for in a text (placeholders, URLs, final punctuation, unpaired quotes...) is
found by :mod:`align.text.marks`.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from align.errors import ConfigError
from align.models import BilingualFile, Finding, InlineCode, Segment, SegmentText, Severity
from align.read.sourcemap import Locator
from align.review.findings import RuleInfo, region
from align.text.marks import (
    MARKS,
    Address,
    emails,
    end_kind,
    final_marks,
    placeholders,
    repeated_words,
    unbalanced_brackets,
    unbalanced_quotes,
    urls,
)
from align.text.normalize import normalize

Side = Literal["source", "target"]


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule found: the segment (its index in the file), the side and the code-point span
    of that side's text the finding is about, and what to tell the translator.

    ``severity`` overrides the rule's default for this one hit (a copied source is a weaker
    sign than an empty target); ``related`` names the other segments of a consistency finding.
    """

    index: int
    side: Side
    start: int
    end: int
    message: str
    found: str = ""
    suggestion: str = ""
    related: tuple[str, ...] = ()
    severity: Severity | None = None


Check = Callable[[BilingualFile], Iterator[Hit]]


@dataclass(frozen=True, slots=True)
class QaRule:
    """A registered rule: its id, default severity and the function that finds its hits."""

    id: str
    severity: Severity
    check: Check

    @property
    def description(self) -> str:
        return (self.check.__doc__ or self.id).strip().splitlines()[0]


def _translated(document: BilingualFile) -> Iterator[tuple[int, Segment, SegmentText]]:
    """The segments the rules check (index, segment, target): those with a non-empty target."""
    for index, segment in enumerate(document.segments):
        if segment.target is not None and segment.target.text.strip():
            yield index, segment, segment.target


def _compared(document: BilingualFile) -> Iterator[tuple[int, Segment, SegmentText]]:
    """The segments the rules that compare the two sides check: translated ones that have a
    source text. A target without one (a 0-1 link exported for review: text added in the
    translation) renders nothing, so it can neither differ from its source nor share an
    empty "same source" with the others; the rules of the target alone still read it."""
    for index, segment, target in _translated(document):
        if segment.source.text.strip():
            yield index, segment, target


def _has_letters(text: str) -> bool:
    return any(char.isalpha() for char in text)


def _quote(text: str, limit: int = 60) -> str:
    """A text for a message: one line, cut at ``limit`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


# --- untranslated --------------------------------------------------------------------------------


def untranslated(document: BilingualFile) -> Iterator[Hit]:
    """The target is empty (error), or a copy of a source that has letters (warning)."""
    for index, segment in enumerate(document.segments):
        target = segment.target
        if target is None or not segment.source.text.strip():
            continue  # nothing to translate: a source of white space or inline codes alone
        if not target.text.strip():
            yield Hit(index, "target", 0, len(target.text), "the target is empty")
        elif _has_letters(segment.source.text) and _key(target.text) == _key(segment.source.text):
            yield Hit(
                index,
                "target",
                0,
                len(target.text),
                "the target is the source copied (untranslated?)",
                found=_quote(target.text),
                severity="warning",
            )


# --- consistency ---------------------------------------------------------------------------------


def _key(text: str) -> str:
    """A text as the consistency rules compare it: Unicode NFC, full-width forms folded, case
    folded, runs of white space as one space (inline codes are already out of the text)."""
    return " ".join(normalize(text).casefold().split())


def _inconsistent(document: BilingualFile, side: Side) -> Iterator[Hit]:
    """Segments that share the text of one side (``by``) but not of the other (``side``): the
    minority renderings are reported, the majority's segments listed (ties: the first one
    wins, so the later segment is reported)."""
    segments = document.segments
    groups: dict[str, dict[str, list[int]]] = {}
    for index, segment, target in _compared(document):
        by, other = (segment.source, target) if side == "target" else (target, segment.source)
        groups.setdefault(_key(by.text), {}).setdefault(_key(other.text), []).append(index)
    for variants in groups.values():
        if len(variants) < 2:
            continue
        majority = max(variants.values(), key=lambda members: (len(members), -members[0]))
        related = tuple(segments[i].id for i in majority)
        model = _side_text(segments[majority[0]], side)
        for members in variants.values():
            if members is majority:
                continue
            for index in members:
                text = _side_text(segments[index], side)
                if side == "target":
                    message = (
                        f"the same source is translated '{_quote(model)}' in "
                        f"{_plural(len(related), 'segment')} ({', '.join(related)})"
                    )
                else:
                    message = (
                        f"the same translation stands for the source '{_quote(model)}' in "
                        f"{_plural(len(related), 'segment')} ({', '.join(related)})"
                    )
                yield Hit(
                    index,
                    side,
                    0,
                    len(text),
                    message,
                    found=_quote(text),
                    suggestion=model if side == "target" else "",
                    related=related,
                )


def _side_text(segment: Segment, side: Side) -> str:
    if side == "source":
        return segment.source.text
    return segment.target.text if segment.target is not None else ""


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def inconsistent_target(document: BilingualFile) -> Iterator[Hit]:
    """The same source text is translated differently in the file."""
    return _inconsistent(document, "target")


def inconsistent_source(document: BilingualFile) -> Iterator[Hit]:
    """The same translation is used for different source texts in the file."""
    return _inconsistent(document, "source")


# --- inline codes --------------------------------------------------------------------------------


def _code_key(code: InlineCode) -> tuple[str, str, str]:
    """What identifies a code across the two sides: its id, name and kind; codes without an
    id are told apart by their content instead."""
    return (code.id, code.name, code.kind) if code.id else (code.name, code.kind, code.content)


def _show(code: InlineCode) -> str:
    label = code.content or f"<{code.name}{' id=' + code.id if code.id else ''}>"
    return f"{_quote(label, 30)} ({code.kind})"


def crossed_codes(codes: Sequence[InlineCode]) -> list[InlineCode]:
    """The closing codes that close a pair out of order (``<b><i></b></i>``: the ``</b>``) or
    before it opened; pairs are matched by id, codes without an id are not paired."""
    ids = Counter((code.id, code.kind) for code in codes if code.id)
    paired = {key for key, _ in ids if ids[(key, "open")] and ids[(key, "close")]}
    stack: list[str] = []
    crossed: list[InlineCode] = []
    for code in sorted(codes, key=lambda c: c.offset):
        if code.id not in paired:
            continue
        if code.kind == "open":
            stack.append(code.id)
        elif code.kind == "close":
            if stack and stack[-1] == code.id:
                stack.pop()
            elif code.id in stack:
                stack.remove(code.id)
                crossed.append(code)
            else:
                crossed.append(code)
    return crossed


def _document_codes(text: SegmentText) -> list[InlineCode]:
    """The codes of the original document in ``text``, without annotation markers: a term
    mark, a reviewer's comment or a tracked change (XLIFF ``mrk``, TMX ``hi``) is put on one
    side by a CAT tool or a person, and the other side need not repeat it (XLIFF 1.2 calls
    ``mrk`` a marker of text with a special meaning, its ``mtype``; XLIFF 2 keeps annotations
    apart from inline codes)."""
    return [code for code in text.codes if not code.annotation]


def _with_codes(document: BilingualFile) -> Iterator[tuple[int, Segment, SegmentText]]:
    """The segments whose codes are compared: the translated ones with a source text, and
    those whose source is inline codes alone (an image, a field, a page break: a CAT tool
    copies them to the target, which holds no text either, and may lose them there)."""
    for index, segment in enumerate(document.segments):
        target = segment.target
        if target is None:
            continue
        if segment.source.text.strip():
            if target.text.strip():
                yield index, segment, target
        elif _document_codes(segment.source):
            yield index, segment, target


def tag_mismatch(document: BilingualFile) -> Iterator[Hit]:
    """Inline codes of the source are missing in the target, extra, or their pairs cross."""
    for index, segment, target in _with_codes(document):
        source_list = _document_codes(segment.source)
        target_list = _document_codes(target)
        source_codes = Counter(_code_key(code) for code in source_list)
        target_codes = Counter(_code_key(code) for code in target_list)
        missing = source_codes - target_codes
        extra = target_codes - source_codes
        for code in source_list:
            if missing[_code_key(code)]:
                missing[_code_key(code)] -= 1
                yield Hit(
                    index,
                    "target",
                    0,
                    len(target.text),
                    f"inline code {_show(code)} of the source is missing in the target",
                    found=code.content,
                )
        for code in target_list:
            if extra[_code_key(code)]:
                extra[_code_key(code)] -= 1
                yield Hit(
                    index,
                    "target",
                    code.offset,
                    code.offset,
                    f"inline code {_show(code)} is not in the source",
                    found=code.content,
                )
        if crossed_codes(source_list):
            continue  # the source's own pairs cross: the target cannot be told wrong
        for code in crossed_codes(target_list):
            yield Hit(
                index,
                "target",
                code.offset,
                code.offset,
                f"inline code {_show(code)} closes a pair out of order (crossed or mis-nested)",
                found=code.content,
            )


# --- placeholders --------------------------------------------------------------------------------


def placeholder_mismatch(document: BilingualFile) -> Iterator[Hit]:
    """Placeholders (printf, ICU/.NET braces, Python %(name)s) differ between source and target."""
    for index, segment, target in _compared(document):
        source_found = placeholders(segment.source.text)
        target_found = placeholders(target.text)
        missing = Counter(p.key for p in source_found) - Counter(p.key for p in target_found)
        extra = Counter(p.key for p in target_found) - Counter(p.key for p in source_found)
        for key, count in missing.items():
            times = f" ({count} times)" if count > 1 else ""
            yield Hit(
                index,
                "target",
                0,
                len(target.text),
                f"placeholder '{key}' of the source is missing in the target{times}",
                suggestion=key,
            )
        for placeholder in reversed(target_found):  # the later copies are the extra ones
            if extra[placeholder.key]:
                extra[placeholder.key] -= 1
                yield Hit(
                    index,
                    "target",
                    placeholder.start,
                    placeholder.end,
                    f"placeholder '{placeholder.text}' is not in the source",
                    found=placeholder.text,
                )


# --- final punctuation ---------------------------------------------------------------------------

_KIND_NAMES = {
    "period": "a period",
    "question": "a question mark",
    "exclamation": "an exclamation mark",
    "colon": "a colon",
    "semicolon": "a semicolon",
    "ellipsis": "an ellipsis",
    "none": "no final punctuation",
}


_QUOTE_CLOSERS = frozenset("\"'”’»›」』")


def _quoted_end(text: str, kind: str, other: str, other_kind: str) -> bool:
    """``text`` ends with a quotation whose own mark is ``kind`` (``said, "Why?"``) and the
    other language ends with a period after quoting it inside the sentence, the mark kept
    (``‘왜요?’라고 말했다.``): the order of the two languages, not a slip."""
    end = final_marks(text)[1]
    return (
        other_kind == "period"
        and any(char in _QUOTE_CLOSERS for char in text[end:])
        and any(MARKS.get(char) == kind for char in other)
    )


def punctuation_end(document: BilingualFile) -> Iterator[Hit]:
    """The final punctuation differs in kind (period, question, exclamation, colon...)."""
    for index, segment, target in _compared(document):
        source, text = segment.source.text, target.text
        source_kind = end_kind(source, document.source_lang)
        target_kind = end_kind(text, document.target_lang)
        if (
            source_kind == target_kind
            or _quoted_end(source, source_kind, text, target_kind)
            or _quoted_end(text, target_kind, source, source_kind)
        ):
            continue
        start, end = final_marks(target.text)
        if start == end:
            start = end = len(target.text.rstrip())
        yield Hit(
            index,
            "target",
            start,
            end,
            f"the source ends with {_KIND_NAMES[source_kind]}, the target with "
            f"{_KIND_NAMES[target_kind]}",
            found=target.text[start:end],
        )


# --- URLs and e-mail addresses -------------------------------------------------------------------


def _address_mismatch(
    document: BilingualFile, find: Callable[[str], list[Address]], what: str
) -> Iterator[Hit]:
    for index, segment, target in _compared(document):
        source_found = find(segment.source.text)
        target_found = find(target.text)
        source_keys = {a.key for a in source_found}
        target_keys = {a.key for a in target_found}
        for address in source_found:
            if address.key not in target_keys:
                target_keys.add(address.key)  # report each missing address once
                yield Hit(
                    index,
                    "target",
                    0,
                    len(target.text),
                    f"{what} '{address.text}' of the source is not in the target",
                    suggestion=address.text,
                )
        for address in target_found:
            if address.key not in source_keys:
                yield Hit(
                    index,
                    "target",
                    address.start,
                    address.end,
                    f"{what} '{address.text}' is not in the source",
                    found=address.text,
                )


def url_mismatch(document: BilingualFile) -> Iterator[Hit]:
    """A URL is in the source or the target but not in both."""
    return _address_mismatch(document, urls, "URL")


def email_mismatch(document: BilingualFile) -> Iterator[Hit]:
    """An e-mail address is in the source or the target but not in both."""
    return _address_mismatch(document, emails, "e-mail address")


# --- brackets and quotation marks ----------------------------------------------------------------


def _balance(document: BilingualFile, find: Callable[[str], list[int]], what: str) -> Iterator[Hit]:
    for index, segment, target in _translated(document):
        if find(segment.source.text):
            continue  # unbalanced in the source too (a quotation that runs on): not the target's
        for at in find(target.text):
            yield Hit(
                index,
                "target",
                at,
                at + 1,
                f"'{target.text[at]}' has no matching {what} in the target (the source's are "
                "balanced)",
                found=target.text[at],
            )


def bracket_balance(document: BilingualFile) -> Iterator[Hit]:
    """Brackets (ASCII, full-width, CJK) are unbalanced in the target but not in the source."""
    return _balance(document, unbalanced_brackets, "bracket")


def quote_balance(document: BilingualFile) -> Iterator[Hit]:
    """Quotation marks are unbalanced in the target but not in the source."""
    return _balance(document, unbalanced_quotes, "quotation mark")


# --- spacing and repeated words ------------------------------------------------------------------

_SPACE_RUN = re.compile("[ \u00a0\u3000]{2,}")


def double_space(document: BilingualFile) -> Iterator[Hit]:
    """Two or more spaces in a row inside the target."""
    for index, segment, target in _translated(document):
        text = target.text
        first = len(text) - len(text.lstrip())
        last = len(text.rstrip())
        offsets = [code.offset for code in target.codes]
        for match in _SPACE_RUN.finditer(text, first, last):
            start, end = match.span()
            if segment.layout_space and "\n" in (text[start - 1 : start], text[end : end + 1]):
                continue  # the indentation of a wrapped line, in a file that wraps its text
            cuts = [start, *sorted(o for o in offsets if start < o < end), end]
            if max(b - a for a, b in zip(cuts, cuts[1:], strict=False)) < 2:
                continue  # one space each side of an inline code: "a <x/> b"
            yield Hit(index, "target", start, end, f"{end - start} spaces in a row", found=" ")


# A run of one to three words (with a letter: "6.6" is no repeat) said twice in a row, a space
# or a comma between ("pump it out, pump it out").
_REPEATED_PHRASE = re.compile(
    r"(?<![^\W_])((?=[^\W_]*[^\W\d_])[^\W_]+(?:\s+[^\W_]+){0,2}),?\s+\1(?![^\W_])", re.I
)


def repeated_word(document: BilingualFile) -> Iterator[Hit]:
    """A word is repeated in the target ("the the", "에서 에서") but not in the source."""
    for index, segment, target in _translated(document):
        if _REPEATED_PHRASE.search(segment.source.text):
            continue  # the source repeats itself ("pump it out, pump it out"): so may the target
        for start, end in repeated_words(target.text):
            word = target.text[start:end]
            yield Hit(index, "target", start, end, f"'{word}' is repeated", found=word)


def _edges(text: str, layout: bool) -> tuple[str, str]:
    """The leading and trailing white space of ``text``; an edge with a line break is none
    when the file's line breaks are ``layout`` (:attr:`Segment.layout_space`)."""
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    if layout:
        lead, trail = ("" if "\n" in edge else edge for edge in (lead, trail))
    return lead, trail


def whitespace_edge(document: BilingualFile) -> Iterator[Hit]:
    """Leading or trailing white space differs between source and target."""
    for index, segment, target in _compared(document):
        text = target.text
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()) :]
        source_edges = _edges(segment.source.text, segment.layout_space)
        target_edges = _edges(text, segment.layout_space)
        if source_edges[0] != target_edges[0]:
            yield Hit(
                index, "target", 0, len(lead), "leading white space differs from the source's"
            )
        if source_edges[1] != target_edges[1]:
            yield Hit(
                index,
                "target",
                len(text) - len(trail),
                len(text),
                "trailing white space differs from the source's",
            )


# --- length --------------------------------------------------------------------------------------

# Segments whose source has fewer letters and digits than this are too short for a ratio.
LENGTH_MIN_CHARS = 30
# The file must have this many measurable segments for a robust estimate.
LENGTH_MIN_SEGMENTS = 8
# Flag beyond this many robust standard deviations of log(length ratio), plus a floor in log
# units (a factor of e^0.2 ≈ 1.22) for files whose ratios hardly vary.
LENGTH_SPREAD = 4.0
LENGTH_FLOOR = 0.2
_WORD = re.compile(r"[^\W_]+")


def _measure(source: str, target: str) -> tuple[int, int]:
    """Letters and digits of each side; in the target, words copied from the source are left
    out (a Korean translation that glosses ``트럼프(Trump)`` has translated the name once)."""
    copied = {word.casefold() for word in _WORD.findall(source)}
    source_length = sum(len(word) for word in _WORD.findall(source))
    target_length = sum(
        len(word) for word in _WORD.findall(target) if word.casefold() not in copied
    )
    return source_length, target_length


def length_ratio(document: BilingualFile) -> Iterator[Hit]:
    """The target's length is far outside the length ratio typical of the file."""
    measured: list[tuple[int, float, int, int, int]] = []
    for index, segment, target in _compared(document):
        if _key(target.text) == _key(segment.source.text):
            continue  # a copy: untranslated reports it
        source_length, target_length = _measure(segment.source.text, target.text)
        if source_length >= LENGTH_MIN_CHARS:
            ratio = math.log(max(target_length, 1) / source_length)
            measured.append((index, ratio, source_length, target_length, len(target.text)))
    if len(measured) < LENGTH_MIN_SEGMENTS:
        return
    # Median and MAD (scaled by 1.4826 to estimate a normal σ): robust to the errors sought.
    centre = statistics.median(item[1] for item in measured)
    spread = 1.4826 * statistics.median(abs(item[1] - centre) for item in measured)
    limit = LENGTH_SPREAD * spread + LENGTH_FLOOR
    typical = math.exp(centre)
    for index, ratio, source_length, target_length, size in measured:
        if abs(ratio - centre) <= limit:
            continue
        what = "short" if ratio < centre else "long"
        yield Hit(
            index,
            "target",
            0,
            size,
            f"the target is too {what}: {target_length} letters for {source_length} in the "
            f"source ({math.exp(ratio):.2f}×; {typical:.2f}× is typical in this file)",
        )


# --- the registry --------------------------------------------------------------------------------

_RULES: tuple[QaRule, ...] = (
    QaRule("untranslated", "error", untranslated),
    QaRule("inconsistent-target", "warning", inconsistent_target),
    QaRule("inconsistent-source", "info", inconsistent_source),
    QaRule("tag-mismatch", "error", tag_mismatch),
    QaRule("placeholder-mismatch", "error", placeholder_mismatch),
    QaRule("punctuation-end", "warning", punctuation_end),
    QaRule("url-mismatch", "warning", url_mismatch),
    QaRule("email-mismatch", "warning", email_mismatch),
    QaRule("bracket-balance", "warning", bracket_balance),
    QaRule("quote-balance", "warning", quote_balance),
    QaRule("double-space", "info", double_space),
    QaRule("repeated-word", "warning", repeated_word),
    QaRule("whitespace-edge", "info", whitespace_edge),
    QaRule("length-ratio", "warning", length_ratio),
)
# Severities: ``error`` where the file breaks when used (an empty target, inline codes and
# placeholders that no longer match the software's), ``warning`` where a reader would likely
# see a mistake, ``info`` where the finding is often deliberate (the same target for two
# sources) or invisible once rendered (spaces).
RULES: dict[str, RuleInfo] = {
    rule.id: RuleInfo(rule.id, rule.description, rule.severity) for rule in _RULES
}


def qa_findings(
    document: BilingualFile, *, enabled: Collection[str] | None = None
) -> list[Finding]:
    """Run the enabled QA rules (all by default) on a bilingual file's segments; the findings
    in reading order (segment by segment, then by position)."""
    if enabled is not None:
        unknown = sorted(set(enabled) - set(RULES))
        if unknown:
            raise ConfigError(
                f"unknown QA rule {', '.join(unknown)}",
                hint=f"the rules are {', '.join(RULES)}",
            )
    placed: list[tuple[int, Finding]] = []
    for rule in _RULES:
        if enabled is not None and rule.id not in enabled:
            continue
        for hit in rule.check(document):
            placed.append((hit.index, _finding(document, rule, hit)))
    placed.sort(key=lambda item: (item[0], item[1].line, item[1].column, item[1].rule))
    return [finding for _, finding in placed]


def _finding(document: BilingualFile, rule: QaRule, hit: Hit) -> Finding:
    segment = document.segments[hit.index]
    side = segment.target if hit.side == "target" and segment.target else segment.source
    located = Locator(side.locate, side.reference_ends)
    line, column, end_line, end_column = region(located, hit.start, hit.end)
    return Finding(
        rule=rule.id,
        severity=hit.severity or rule.severity,
        path=document.path,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        message=hit.message,
        found=hit.found,
        suggestion=hit.suggestion,
        segment=segment.id,
        side=hit.side,
        related=hit.related,
    )
