"""Lint rules for one document against a glossary; each rule returns findings.

A rule is a function of a :class:`LintDocument` (its text, language, glossary and the term
matches found in it) that yields :class:`align.models.Finding`; its docstring's first line
is its description (``align lint --list-rules``). ``--fix`` rewrites what the rules found and
re-selects Korean particles for the new word's final consonant (받침), as Korean grammar
requires (이/가, 은/는, 을/를, 과/와, (으)로).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from align.models import Concept, Finding, Fix, Glossary, Severity, TermMatch
from align.review.findings import region
from align.text.normalize import (
    LineIndex,
    disguises,
    is_invisible,
    split_lines,
    undisguise,
    visible,
)


@dataclass(frozen=True, slots=True)
class LintDocument:
    """What the rules see: one document, its language, the glossary and the matches in it.

    ``locate`` turns a code-point offset of ``text`` into the 1-based (line, column) that a
    finding reports (for HTML, the line of the element in the page's source).
    """

    path: str
    text: str
    lang: str
    glossary: Glossary
    matches: tuple[TermMatch, ...]
    locate: Callable[[int], tuple[int, int]]

    def finding(
        self,
        rule: str,
        match: TermMatch,
        message: str,
        suggestion: str,
        severity: Severity | None = None,
    ) -> Finding:
        line, column, end_line, end_column = region(self.locate, match.start, match.end)
        # A term found through a disguise says which, and quotes it with its invisible
        # characters shown (a bidi override must not reorder the line it is printed on).
        shown = visible(match.found)
        if shown != match.found:
            message = message.replace(match.found, shown)
        before = match.start  # an override or isolate just before the term disguises it too
        while before > 0 and is_invisible(self.text[before - 1]):
            before -= 1
        disguise = disguises(self.text[before : match.end], match.term.text)
        if disguise:
            message += f", written with {' and '.join(disguise)}"
        return Finding(
            rule=rule,
            severity=severity or RULES[rule].severity,
            path=self.path,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            message=message,
            concept=match.term.concept,
            found=match.found,
            suggestion=suggestion,
        )

    def concept(self, match: TermMatch) -> Concept:
        concept = self.glossary.concept(match.term.concept)
        return concept if concept is not None else Concept(match.term.concept, (match.term,))


RuleFunction = Callable[[LintDocument], Iterator[Finding]]


@dataclass(frozen=True, slots=True)
class Rule:
    """A registered rule: id, default severity, whether ``--fix`` can rewrite its findings."""

    id: str
    severity: Severity
    fixable: bool
    check: RuleFunction

    @property
    def description(self) -> str:
        return (self.check.__doc__ or self.id).strip().splitlines()[0]


def _preferred_text(document: LintDocument, match: TermMatch) -> str:
    preferred = document.concept(match).preferred(match.term.lang)
    if preferred is None or preferred.match == "regex":
        return ""
    return _same_initial_case(match.found, preferred.text)


def _same_initial_case(found: str, replacement: str) -> str:
    """Keep a sentence-initial capital: ``Enemy base…`` → ``Counterstrike…``."""
    if found[:1].isupper() and replacement[:1].islower():
        return replacement[0].upper() + replacement[1:]
    return replacement


def forbidden_term(document: LintDocument) -> Iterator[Finding]:
    """A forbidden term is used (an error: it must not be published)."""
    yield from _avoided_terms(document, "forbidden-term", "forbidden")


def deprecated_term(document: LintDocument) -> Iterator[Finding]:
    """A deprecated term is used where the glossary has a preferred one."""
    yield from _avoided_terms(document, "deprecated-term", "deprecated")


# A mention that is not a use: the text glosses it with its preferred term, or quotes someone.
_MENTIONED = {
    "glossed": "glossed with its preferred term here",
    "attributed": "inside a quotation the text attributes",
}


def _avoided_terms(document: LintDocument, rule: str, status: str) -> Iterator[Finding]:
    for match in document.matches:
        if match.term.status != status:
            continue
        message = f"'{match.found}' is {status} for concept {match.term.concept}"
        mention = _MENTIONED.get(mention_context(document, match))
        yield document.finding(
            rule,
            match,
            message + (f" ({mention}; left as written)" if mention else ""),
            _preferred_text(document, match),
            "info" if mention else None,
        )


# --- mentions: glosses and quotations ----------------------------------------------------------

# What joins a term to its gloss: an opening bracket, a dash or a colon ("X (Y)", "X — Y", "X: Y").
_GLOSS_MARK = re.compile(r"[(\[（〔【:：=—–]|\s-\s")
_GLOSS_GAP = 40
_OPENING = {"“": "”", "‘": "’", '"': '"', "'": "'", "「": "」", "『": "』", "«": "»", "‹": "›"}
_CLOSING = frozenset(_OPENING.values())
_QUOTE_REACH = 300
# Words that attribute a quotation to a speaker or name a coinage, before or after the quotes
# (English, Korean): "what Tokyo calls “…”", "“…,” he said", "'…'라고 밝혔다", "이른바 '…'".
_ATTRIBUTED_BEFORE = re.compile(
    r"(?:\b(?:call(?:s|ed|ing)?|dub(?:s|bed)?|term(?:s|ed)?|so-called|known\s+as|"
    r"referred\s+to\s+as|described\s+as|label(?:s|l?ed)|sa(?:id|ys|y)|told|wr(?:ote|ites)|"
    r"according\s+to|put\s+it|named)|이른바|소위|일명)[\s,:]*$",
    re.IGNORECASE,
)
_ATTRIBUTED_AFTER = re.compile(
    r"^(?:[\s,]*(?:(?:[\w.-]+\s+){0,3}(?:said|says|told|wrote|writes|added|stated|calls?|"
    r"called|puts?\s+it)\b)|\s*(?:이?라(?:고|는|며|던|면서|든)|이?란\s|고\s*(?:말|밝|했|주장|강조|설명)|"
    r"(?:으로|로)\s*부르))",
    re.IGNORECASE,
)


def mention_context(document: LintDocument, match: TermMatch) -> str:
    """How the text uses ``match``: ``glossed`` (next to its preferred or admitted term, joined
    by a bracket, dash or colon), ``attributed`` (inside quotation marks the text attributes to
    a speaker or names as someone's wording), ``quoted`` (inside quotation marks), or ``""``.

    A glossed or attributed mention is not a use to correct: rewriting it would make the text
    say "Y (Y)" or misquote someone.
    """
    text = document.text
    for other in document.matches:
        if other.term.concept != match.term.concept or other.term.status not in (
            "preferred",
            "admitted",
        ):
            continue
        gap = (
            text[match.end : other.start]
            if other.start >= match.end
            else text[other.end : match.start]
            if other.end <= match.start
            else ""
        )
        if (
            gap
            and len(gap) <= _GLOSS_GAP
            and not re.search(r"[.!?。\r\n]", gap)
            and _GLOSS_MARK.search(gap)
        ):
            return "glossed"
    quote = _enclosing_quotes(text, match.start, match.end)
    if quote is None:
        return ""
    opening, closing = quote
    before = text[max(0, opening - 60) : opening]
    after = text[closing + 1 : closing + 41]
    if _ATTRIBUTED_BEFORE.search(before) or _ATTRIBUTED_AFTER.match(after):
        return "attributed"
    return "quoted"


def _enclosing_quotes(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Offsets of the quotation marks around ``text[start:end]`` on its line, or ``None``.

    A straight or right single quote between letters is an apostrophe (``Japan's``), not a
    quotation mark.
    """
    left = start - 1
    while left >= max(0, start - _QUOTE_REACH) and text[left] not in "\r\n":
        char = text[left]
        if (char in _OPENING or char in _CLOSING) and not _apostrophe(text, left):
            break
        left -= 1
    else:
        return None
    if left < 0 or text[left] not in _OPENING:
        return None
    closer = _OPENING[text[left]]
    right = end
    while right < min(len(text), end + _QUOTE_REACH) and text[right] not in "\r\n":
        char = text[right]
        if (char in _OPENING or char in _CLOSING) and not _apostrophe(text, right):
            return (left, right) if char == closer else None
        right += 1
    return None


def _apostrophe(text: str, at: int) -> bool:
    return text[at] in "'’" and 0 < at < len(text) - 1 and _latin(text[at - 1] + text[at + 1])


def _latin(chars: str) -> bool:
    return all(char.isalpha() and char < "\u0250" for char in chars)


def respell(found: str, model: str) -> str:
    """``found`` with ``model``'s spacing and hyphens, keeping ``found``'s letters and ending.

    ``respell("counter-strike capability", "counterstrike capabilities")`` is
    ``"counterstrike capability"``; ``respell("반격능력", "반격 능력")`` is ``"반격 능력"``.
    """
    letters = [char for char in found if char.isalnum() or char in "'’"]
    out: list[str] = []
    position = 0
    for char in model:
        if position >= len(letters):
            break
        if char.isalnum() or char in "'’":
            out.append(letters[position])
            position += 1
        else:
            out.append(char)
    out.extend(letters[position:])
    return "".join(out).strip()


def term_variant(document: LintDocument) -> Iterator[Finding]:
    """An approved term is written with other spacing or hyphenation than the glossary's."""
    for match in document.matches:
        if match.variant and match.term.status in ("preferred", "admitted"):
            suggestion = respell(match.found, match.term.text)
            yield document.finding(
                "term-variant",
                match,
                f"'{match.found}' is written '{match.term.text}' in the glossary",
                suggestion,
            )


def mixed_forms(document: LintDocument) -> Iterator[Finding]:
    """A concept is written in several forms in one document (non-preferred uses reported)."""
    forms: dict[str, set[tuple[str, bool]]] = {}
    for match in document.matches:
        forms.setdefault(match.term.concept, set()).add((match.term.text, match.variant))
    for match in document.matches:
        if len(forms[match.term.concept]) < 2:
            continue
        if match.term.status == "preferred" and not match.variant:
            continue
        preferred = _preferred_text(document, match)
        others = sorted(
            text for text, _variant in forms[match.term.concept] if text != match.term.text
        )
        yield document.finding(
            "mixed-forms",
            match,
            f"concept {match.term.concept} is also written "
            + ", ".join(f"'{text}'" for text in others)
            + " in this document",
            preferred,
        )


RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule("forbidden-term", "error", True, forbidden_term),
        Rule("deprecated-term", "warning", True, deprecated_term),
        Rule("term-variant", "warning", True, term_variant),
        Rule("mixed-forms", "info", False, mixed_forms),
    )
}


def lint_document(
    document: LintDocument,
    *,
    enabled: Sequence[str] | None = None,
    suppressed: dict[int, set[str]] | None = None,
) -> list[Finding]:
    """Run the enabled rules (all by default); one finding per occurrence, the first rule in
    registry order winning; findings on lines that suppress their concept are dropped."""
    findings: list[Finding] = []
    # An occurrence is its location, concept and text, numbered: in HTML several occurrences
    # share the element's line; the same text of a concept always meets the same rules.
    seen: set[tuple[object, ...]] = set()
    for rule in RULES.values():
        if enabled is not None and rule.id not in enabled:
            continue
        counts: dict[tuple[object, ...], int] = {}
        for finding in rule.check(document):
            place = (
                finding.line,
                finding.column,
                finding.end_line,
                finding.end_column,
                finding.concept,
                finding.found,
            )
            counts[place] = counts.get(place, 0) + 1
            key = (*place, counts[place])
            if key in seen:
                continue
            seen.add(key)
            if silenced(finding, (suppressed or {}).get(finding.line, set())):
                continue
            findings.append(finding)
    findings.sort(key=lambda f: (f.line, f.column, f.rule))
    return findings


# --- suppression -------------------------------------------------------------------------------


def silenced(finding: Finding, ignored: set[str], *, by_rule: bool = False) -> bool:
    """Whether the ids ``ignored`` on the finding's line (see :func:`suppressions`) silence it:
    ``*``, its concept, or (``by_rule``, for the QA rules that have no concept) its rule."""
    return "*" in ignored or finding.concept in ignored or (by_rule and finding.rule in ignored)


_SUPPRESS = re.compile(
    r"(?:<!--|#|//|%|;|/\*)\s*align:\s*ignore\s+([^\r\n]*?)\s*(?:-->|\*/|$)", re.MULTILINE
)


def suppressions(raw: str) -> dict[int, set[str]]:
    """Lines → concept ids (``*`` for all) that ``align: ignore ID[, ID…]`` comments silence.

    The comment may be an HTML/Markdown comment (``<!-- align: ignore usfj -->``) or a line
    comment (``# …``, ``// …``). It covers its own line, and when it stands alone on its line,
    the next line too.
    """
    result: dict[int, set[str]] = {}
    index = LineIndex(raw)
    for found in _SUPPRESS.finditer(raw):
        ids = {part for part in re.split(r"[\s,]+", found.group(1)) if part}
        line, _column = index.line_col(found.start())
        line_start = index.offset(line, 1)
        line_end = raw.find("\n", found.end())
        alone = (
            not raw[line_start : found.start()].strip()
            and not raw[found.end() : line_end if line_end >= 0 else len(raw)].strip()
        )
        for covered in (line, line + 1) if alone else (line,):
            result.setdefault(covered, set()).update(ids)
    return result


# --- fixing ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FixResult:
    """The text after ``--fix``, the findings it fixed and those it could not, and the edits
    that made the text (what ``--diff --format json|sarif`` reports)."""

    text: str
    fixed: tuple[Finding, ...]
    unfixable: tuple[Finding, ...]
    edits: tuple[Fix, ...] = ()


# Particle pairs (after a consonant, after a vowel) and what may follow them in the word.
_PARTICLES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("으로", "로", ("", "서", "써", "는", "도", "의", "만", "부터")),
    ("이라는", "라는", ("",)),
    ("이라고", "라고", ("",)),
    ("이나", "나", ("",)),
    ("이랑", "랑", ("",)),
    ("이며", "며", ("",)),
    ("과", "와", ("", "의", "는", "도")),
    ("은", "는", ("",)),
    ("을", "를", ("",)),
    ("이", "가", ("",)),
)
# How a final Latin letter or digit is read aloud decides its 받침: L (엘) and R (알) end in
# ㄹ, M (엠) and N (엔) in another consonant; 1 (일), 7 (칠), 8 (팔) in ㄹ; 0 (영), 3 (삼), 6 (육)
# in another consonant; everything else in a vowel.
_LATIN_FINAL = {
    "l": "rieul",
    "r": "rieul",
    "m": "consonant",
    "n": "consonant",
    "1": "rieul",
    "7": "rieul",
    "8": "rieul",
    "0": "consonant",
    "3": "consonant",
    "6": "consonant",
}


def final_sound(word: str) -> str:
    """``vowel``, ``rieul`` (ㄹ) or ``consonant``: the 받침 of ``word``'s last syllable."""
    stripped = word.rstrip(" )]}'\"’”")
    if not stripped:
        return "vowel"
    last = stripped[-1]
    if "\uac00" <= last <= "\ud7a3":
        jong = (ord(last) - 0xAC00) % 28
        return "vowel" if jong == 0 else "rieul" if jong == 8 else "consonant"
    return _LATIN_FINAL.get(last.lower(), "vowel")


def particle_for(word: str, tail: str) -> str:
    """``tail`` (the Hangul after a word) with its particle re-selected for ``word``."""
    sound = final_sound(word)
    for consonant_form, vowel_form, rests in _PARTICLES:
        for form in (consonant_form, vowel_form):
            if tail.startswith(form) and tail[len(form) :] in rests:
                if consonant_form == "으로":
                    chosen = vowel_form if sound in ("vowel", "rieul") else consonant_form
                else:
                    chosen = vowel_form if sound == "vowel" else consonant_form
                return chosen + tail[len(form) :]
    return tail


FixSafety = Literal["safe", "unsafe", "never"]


@dataclass(frozen=True, slots=True)
class PlannedFix:
    """A fixable finding and how sure its fix is: ``safe`` (``--fix`` applies it), ``unsafe``
    (only with ``--unsafe-fixes``) or ``never`` (a mention, not a use); ``reason`` says why."""

    finding: Finding
    safety: FixSafety
    reason: str = ""


def plan_fixes(document: LintDocument, findings: Sequence[Finding]) -> list[PlannedFix]:
    """Sort the findings of fixable rules into safe, unsafe and never-fixed ones.

    A fix is safe when it swaps a term written exactly as the glossary writes it (a capital at a
    sentence start and other spacing or hyphens allowed) for one other, outside quotation
    marks, and any Korean ending after it is a particle re-selected with certainty for the new
    word's final consonant (을/를, 이/가, 은/는, 과/와, (으)로). A term in quotation marks, one
    written otherwise (another case or inflection), or one followed by an ending that may have to
    change form is unsafe; a glossed or attributed mention (:func:`mention_context`) is never
    fixed.
    """
    by_place = {(*document.locate(match.start), match.found): match for match in document.matches}
    planned: list[PlannedFix] = []
    for finding in findings:
        rule = RULES.get(finding.rule)
        if rule is None or not rule.fixable:
            continue
        match = by_place.get((finding.line, finding.column, finding.found))
        if match is None:
            planned.append(PlannedFix(finding, "safe"))  # fix_text reports it as unfixable
            continue
        safety, reason = _fix_safety(document, match, finding)
        planned.append(PlannedFix(finding, safety, reason))
    return planned


def _fix_safety(
    document: LintDocument, match: TermMatch, finding: Finding
) -> tuple[FixSafety, str]:
    context = mention_context(document, match)
    if context in _MENTIONED:
        return "never", _MENTIONED[context]
    if context == "quoted":
        return "unsafe", "inside quotation marks"
    # A disguise (look-alike letters, invisible characters) is read through: the fix removes it.
    found = undisguise(match.found)
    if finding.rule != "term-variant" and _alphanumerics(found) not in (
        _alphanumerics(match.term.text),
        _alphanumerics(_same_initial_case(found, match.term.text)),
    ):
        return "unsafe", f"written '{match.found}', not as the glossary's '{match.term.text}'"
    text = document.text
    tail_end = match.end
    while tail_end < len(text) and "\uac00" <= text[tail_end] <= "\ud7a3":
        tail_end += 1
    tail = text[match.end : tail_end]
    replacement = finding.suggestion
    if tail and replacement:
        if replacement[-1:].isalpha() and replacement[-1:].islower() and _latin(replacement[-1]):
            return "unsafe", f"the ending '{tail}' after a Latin word may have to change form"
        if final_sound(match.found) != final_sound(replacement) and not _particle(tail):
            return "unsafe", f"the ending '{tail}' may have to change form"
    return "safe", ""


def _alphanumerics(text: str) -> str:
    """``text``'s letters and digits alone: a term found with other spacing, hyphens or
    punctuation than the glossary's is spelled as the glossary spells it, so fixing it is
    safe."""
    return "".join(char for char in text if char.isalnum())


def _particle(tail: str) -> bool:
    """Whether ``tail`` is a particle :func:`particle_for` re-selects."""
    return any(
        tail.startswith(form) and tail[len(form) :] in rests
        for consonant_form, vowel_form, rests in _PARTICLES
        for form in (consonant_form, vowel_form)
    )


def fix_text(text: str, findings: Sequence[Finding]) -> FixResult:
    """Rewrite each fixable finding's text to its suggestion, re-selecting Korean particles.

    A finding is fixed only when its rule is fixable, it has a suggestion and its span in
    ``text`` still reads what it found; the others are returned as unfixable.
    """
    index = LineIndex(text)
    edits: list[tuple[int, int, str, Finding]] = []
    fixed: list[Finding] = []
    unfixable: list[Finding] = []
    for finding in findings:
        rule = RULES.get(finding.rule)
        if rule is None or not rule.fixable:
            continue
        start = index.offset(finding.line, finding.column)
        end = index.offset(finding.end_line, finding.end_column)
        if not finding.suggestion or text[start:end] != finding.found:
            unfixable.append(finding)
            continue
        tail_end = end
        while tail_end < len(text) and "\uac00" <= text[tail_end] <= "\ud7a3":
            tail_end += 1
        replacement = finding.suggestion + particle_for(finding.suggestion, text[end:tail_end])
        edits.append((start, tail_end, replacement, finding))
        fixed.append(finding)
    pieces: list[str] = []
    made: list[Fix] = []
    position = 0
    for start, end, replacement, finding in sorted(edits, key=lambda edit: edit[:3]):
        if start < position:
            continue
        pieces.append(text[position:start])
        pieces.append(replacement)
        position = end
        made.append(Fix(finding, *index.line_col(start), *index.line_col(end), replacement))
    pieces.append(text[position:])
    return FixResult("".join(pieces), tuple(fixed), tuple(unfixable), tuple(made))


def unified_diff(path: str, before: str, after: str) -> str:
    """The unified diff (as ``diff -u`` and ``patch`` read it) that turns ``before`` into
    ``after``, both named ``path``; ``""`` when they are equal. Lines end where the file's do
    (LF, CR, CRLF), and a last line without an end is marked as ``diff`` marks it."""
    if before == after:
        return ""
    lines: list[str] = []
    for line in difflib.unified_diff(
        split_lines(before, keepends=True),
        split_lines(after, keepends=True),
        fromfile=path,
        tofile=path,
    ):
        lines.append(line)
        if not line.endswith(("\n", "\r")):
            lines.append("\n\\ No newline at end of file\n")
    return "".join(lines)
