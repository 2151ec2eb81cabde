"""Find glossary terms in text: Korean by morphemes, English with inflections and variants.

Candidates come from one Aho–Corasick automaton (Aho & Corasick 1975, "Efficient string
matching: an aid to bibliographic search") over a *key* form of the text: NFC, lower case,
curly quotes folded, and spaces, hyphens and middle dots removed, so ``반격능력`` and
``반격 능력``, ``counter-strike`` and ``counterstrike`` share a key. Each candidate is then
confirmed at its edges:

- it must start a word (a compound does not match: ``능력`` is not found in ``초능력``);
- a Korean term must end a word, or be followed only by particles, endings, the copula or a
  verb-forming suffix, as Kiwi's morphological analysis (Kim 2022, kiwipiepy) of that one
  word says (``반격능력을`` matches; ``주일미군`` does not match in ``주일미군사령부``);
- an English term must end a word; plurals/singulars of its last word and possessives
  (``Japan's``, ``Japan’s``) match;
- overlapping candidates resolve to the longest (``Indo-Pacific Command`` hides ``Pacific
  Command``; ``인도태평양사령부`` hides ``태평양사령부``).

Kiwi runs only on the few words where a Korean candidate is followed by more Hangul, and its
verdict per word is cached, so a 10,000-concept glossary scans megabytes of news in seconds.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import ahocorasick
import numpy as np

from align.models import Glossary, Term, TermMatch
from align.text.morph import kiwi
from align.text.normalize import fold_quotes, nfc, normalize_with_offsets

# Removed from the key: white space, hyphens, and (in Korean) middle dots (인도·태평양).
_HYPHENS = "-\u2010\u2011"
_MIDDLE_DOTS = "\u00b7\u30fb\u2027\u318d"
_WHITESPACE = " \t\n\x0b\x0c\x85\u2028\u2029"
_SEPARATORS = {"ko": _WHITESPACE + _HYPHENS + _MIDDLE_DOTS, "en": _WHITESPACE + _HYPHENS}
# Morpheme tags (Sejong tag set as Kiwi uses it) that may follow a Korean term in its word.
_TAIL_TAGS = ("J", "E", "VCP", "VCN", "XSV", "XSA", "SF", "SP", "SS", "SE", "SO", "SW")
_TAIL_FORMS = {("들", "XSN")}
# Particles that never form a longer noun after a term of two syllables or more, accepted
# without asking Kiwi (은/는/을/를, 의, 에, 와…; not 가, 이, 도, 로, 과: 전문가, 경기도, 항공로).
_PLAIN_PARTICLES = frozenset(
    {
        "을",
        "를",
        "은",
        "는",
        "의",
        "에",
        "에서",
        "에게",
        "와",
        "으로",
        "에는",
        "에서는",
        "에도",
        "까지",
        "부터",
        "처럼",
        "보다",
        "와의",
        "과의",
        "에서의",
        "으로서",
        "으로는",
        "이라는",
        "라는",
        "들",
        "들이",
        "들을",
        "들은",
        "들의",
        "들과",
        "들에게",
        "만",
        "마저",
        "조차",
    }
)
_SENTENCE_END = ".!?\n\"'([“‘"
_CHUNK = 1 << 20  # characters per scan window (keeps memory bounded on huge single files)
_KIWI_CACHE_LIMIT = 200_000


def _lang_rules(lang: str) -> str:
    return "ko" if lang.split("-")[0].lower() == "ko" else "en"


def _is_hangul(char: str) -> bool:
    return (
        "\uac00" <= char <= "\ud7a3"
        or "\u1100" <= char <= "\u11ff"
        or ("\u3130" <= char <= "\u318f")
    )


@dataclass(frozen=True, slots=True)
class _Entry:
    """One key the automaton knows: a term or an inflected form of it."""

    term: Term
    order: int
    cased: str  # the key with its case (for case-sensitive terms)
    skeleton: tuple[tuple[int, str], ...]  # where the term has separators, and which
    surface: str  # the form, spaces collapsed, for ``exact`` and tie-breaks
    inflected: bool


@dataclass(frozen=True, slots=True)
class TermMatcher:
    """A glossary's terms in one language, compiled for scanning (see :func:`build_matcher`)."""

    lang: str
    rules: str
    automaton: Any
    regexes: tuple[tuple[Term, int, re.Pattern[str]], ...]
    size: int
    kiwi_cache: dict[tuple[str, int], bool] = field(default_factory=dict, compare=False)


def _key_parts(text: str, separators: str) -> tuple[str, tuple[tuple[int, str], ...]]:
    """The key of ``text`` (case kept) and its separator skeleton."""
    key: list[str] = []
    skeleton: list[tuple[int, str]] = []
    pending = ""
    for char in text:
        if char in separators:
            pending += "-" if char in _HYPHENS else "·" if char in _MIDDLE_DOTS else " "
            continue
        if pending:
            skeleton.append((len(key), pending[0] if len(set(pending)) == 1 else pending))
            pending = ""
        key.append(char)
    return "".join(key), tuple(skeleton)


def _prepare(text: str) -> str:
    return fold_quotes(nfc(text)).strip()


def _inflections(text: str) -> list[str]:
    """English: the other number of the last word (capability ↔ capabilities, force ↔ forces)."""
    match = re.search(r"([A-Za-z]+)$", text)
    if match is None:
        return []
    word = match.group(1)
    head = text[: match.start()]
    if len(word) < 3 or word.isupper():
        return [text + "s"] if word.isupper() and len(word) >= 2 else []
    lower = word.lower()
    forms: list[str] = []
    if lower.endswith("ies"):
        forms.append(word[:-3] + "y")
    elif lower.endswith(("ses", "xes", "zes", "ches", "shes")):
        forms.append(word[:-2])
    elif lower.endswith("s") and not lower.endswith(("ss", "us", "is")):
        forms.append(word[:-1])
    else:
        if lower.endswith("y") and lower[-2] not in "aeiou":
            forms.append(word[:-1] + "ies")
        elif lower.endswith(("s", "x", "z", "ch", "sh")):
            forms.append(word + "es")
        else:
            forms.append(word + "s")
    return [head + form for form in forms]


def build_matcher(glossary: Glossary, lang: str) -> TermMatcher:
    """Compile ``glossary``'s terms in ``lang`` for :func:`find_terms_with`."""
    rules = _lang_rules(lang)
    separators = _SEPARATORS[rules]
    primary = lang.split("-")[0].lower()
    automaton = ahocorasick.Automaton()
    keys: dict[str, list[_Entry]] = {}
    regexes: list[tuple[Term, int, re.Pattern[str]]] = []
    order = 0
    for concept in glossary.concepts:
        for term in concept.terms:
            if term.lang.split("-")[0].lower() != primary:
                continue
            order += 1
            if term.match == "regex":
                flags = 0 if term.case_sensitive else re.IGNORECASE
                regexes.append((term, order, re.compile(term.text, flags)))
                continue
            text = _prepare(term.text)
            forms = [(text, False)]
            if rules == "en" and term.match == "morph":
                forms += [(form, True) for form in _inflections(text)]
            for form, inflected in forms:
                cased, skeleton = _key_parts(form, separators)
                if not cased:
                    continue
                entry = _Entry(
                    term, order, cased, skeleton, " ".join(form.split()).casefold(), inflected
                )
                keys.setdefault(_lower(cased), []).append(entry)
    for key, entries in keys.items():
        automaton.add_word(key, (len(key), tuple(entries)))
    if keys:
        automaton.make_automaton()
    return TermMatcher(lang, rules, automaton if keys else None, tuple(regexes), order)


def _lower(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


_CACHE: list[tuple[Glossary, str, TermMatcher]] = []


def find_terms(text: str, glossary: Glossary, lang: str) -> list[TermMatch]:
    """Every glossary term of ``lang`` in ``text``, longest first, as spans into ``text``.

    Spans are code-point offsets of the term itself (a Korean particle after it is not
    included). The compiled glossary is cached, so calling this per sentence is cheap.
    """
    for cached_glossary, cached_lang, cached in _CACHE:
        if cached_glossary is glossary and cached_lang == lang:
            return find_terms_with(text, cached)
    matcher = build_matcher(glossary, lang)
    _CACHE.insert(0, (glossary, lang, matcher))
    del _CACHE[4:]
    return find_terms_with(text, matcher)


def find_terms_with(text: str, matcher: TermMatcher) -> list[TermMatch]:
    """:func:`find_terms` with a matcher compiled once by :func:`build_matcher`."""
    if matcher.size == 0 or not text:
        return []
    matches: list[TermMatch] = []
    for block_start, block_end in _blocks(text):
        norm, offsets = _normalize_lines(text[block_start:block_end])
        norm = fold_quotes(norm)
        candidates: list[tuple[int, int, _Entry | Term, int, bool]] = []
        if matcher.automaton is not None:
            candidates.extend(_scan(norm, matcher))
        for term, order, pattern in matcher.regexes:
            for found in pattern.finditer(norm):
                if found.end() > found.start():
                    candidates.append((found.start(), found.end(), term, order, False))
        for start, end, entry, _order, variant in _longest(candidates):
            term = entry.term if isinstance(entry, _Entry) else entry
            if offsets is not None:
                start, end = offsets[start], offsets[end]
            start, end = start + block_start, end + block_start
            matches.append(TermMatch(term, start, end, text[start:end], variant))
    matches.sort(key=lambda match: match.start)
    return matches


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    """Windows of about ``_CHUNK`` characters, cut after a line break where there is one
    (a term is never split across windows unless a single line exceeds the window)."""
    start = 0
    while start < len(text):
        end = min(len(text), start + _CHUNK)
        if end < len(text):
            cut = text.rfind("\n", start, end)
            if cut <= start:
                cut = text.rfind(" ", start, end)
            end = cut + 1 if cut > start else end
        yield start, end
        start = end


_PIECE = 2048  # characters per normalisation call


def _normalize_lines(block: str) -> tuple[str, list[int] | None]:
    """``textnorm.normalize_with_offsets`` on short pieces (lines, long lines cut after a
    space), so that one unusual character or CRLF line ends do not send a whole file through
    its character-by-character path. Cutting just after a space never separates a character
    from the marks that compose with it, so the pieces normalise exactly as the whole would.
    """
    parts: list[str] = []
    mapping: list[int] = []
    changed = False
    base = 0
    for line in block.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        start = 0
        while start < len(body):
            end = len(body)
            if end - start > _PIECE:
                cut = body.rfind(" ", start, start + _PIECE) + 1
                end = cut if cut > start else start + _PIECE
            norm, offsets = normalize_with_offsets(body[start:end])
            parts.append(norm)
            if offsets is None:
                mapping.extend(range(base + start, base + end))
            else:
                changed = True
                mapping.extend(base + start + offset for offset in offsets[:-1])
            start = end
        if len(body) < len(line):  # the line end: CR, LF or CRLF → one LF
            changed = changed or line[len(body) :] != "\n"
            parts.append("\n")
            mapping.append(base + len(body))
        base += len(line)
    if not changed:
        return block, None
    mapping.append(base)
    return "".join(parts), mapping


def _scan(norm: str, matcher: TermMatcher) -> Iterator[tuple[int, int, _Entry, int, bool]]:
    separators = _SEPARATORS[matcher.rules]
    codes = np.frombuffer(norm.encode("utf-32-le"), dtype=np.uint32)
    separator_codes = np.array([ord(c) for c in separators], dtype=np.uint32)
    keep = ~np.isin(codes, separator_codes)
    keymap: list[int] = np.flatnonzero(keep).tolist()
    cased = codes[keep].tobytes().decode("utf-32-le")
    lowered = _lower(cased)
    korean = matcher.rules == "ko"
    length = len(norm)
    for end_k, (key_length, entries) in matcher.automaton.iter(lowered):
        start_k = end_k - key_length + 1
        start = keymap[start_k]
        if start > 0 and norm[start - 1].isalnum():
            continue  # not at a word start: part of a compound or a longer word
        end = keymap[end_k] + 1
        after = norm[end] if end < length else ""
        if after.isalnum():
            if (
                not korean
                or not _is_hangul(after)
                or not _korean_tail_ok(norm, start, end, matcher)
            ):
                continue
        found_cased = cased[start_k : end_k + 1]
        for entry in entries:
            if (
                entry.term.case_sensitive
                and found_cased != entry.cased
                and not (
                    _sentence_initial(norm, start)
                    and found_cased[0] == entry.cased[0].upper()
                    and found_cased[1:] == entry.cased[1:]
                )
            ):
                continue
            surface = " ".join(norm[start:end].split())
            if entry.term.match == "exact" and (
                surface != " ".join(_prepare(entry.term.text).split())
                if entry.term.case_sensitive
                else surface.casefold() != entry.surface
            ):
                continue
            _key, skeleton = _key_parts(norm[start:end], separators)
            yield start, end, entry, entry.order, skeleton != entry.skeleton


def _sentence_initial(norm: str, start: int) -> bool:
    before = norm[:start].rstrip(" \t")
    return not before or before[-1] in _SENTENCE_END


def _korean_tail_ok(norm: str, start: int, end: int, matcher: TermMatcher) -> bool:
    """Kiwi: is what follows the term in its word only particles, endings or suffixes?"""
    tail_end = end
    while tail_end < len(norm) and _is_hangul(norm[tail_end]):
        tail_end += 1
    if norm[end:tail_end] in _PLAIN_PARTICLES and end - start >= 2:
        return True
    segment = norm[start:tail_end]
    boundary = end - start
    cache = matcher.kiwi_cache
    verdict = cache.get((segment, boundary))
    if verdict is None:
        verdict = False
        tokens = kiwi().tokenize(segment)
        if any(token.start == boundary for token in tokens):
            verdict = all(
                token.tag.startswith(_TAIL_TAGS) or (token.form, token.tag) in _TAIL_FORMS
                for token in tokens
                if token.start >= boundary
            )
        if len(cache) >= _KIWI_CACHE_LIMIT:
            cache.clear()
        cache[(segment, boundary)] = verdict
    return verdict


def _longest(
    candidates: list[tuple[int, int, _Entry | Term, int, bool]],
) -> list[tuple[int, int, _Entry | Term, int, bool]]:
    """Non-overlapping candidates, longest first; per span the best-fitting term."""

    def rank(candidate: tuple[int, int, _Entry | Term, int, bool]) -> tuple[int, ...]:
        start, end, entry, order, variant = candidate
        inflected = isinstance(entry, _Entry) and entry.inflected
        return (-(end - start), start, int(variant), int(inflected), order)

    chosen: list[tuple[int, int, _Entry | Term, int, bool]] = []
    starts: list[int] = []  # chosen spans, kept sorted and disjoint
    ends: list[int] = []
    for candidate in sorted(candidates, key=rank):
        start, end = candidate[0], candidate[1]
        slot = bisect.bisect_right(starts, start)
        if slot > 0 and ends[slot - 1] > start:
            continue
        if slot < len(starts) and starts[slot] < end:
            continue
        starts.insert(slot, start)
        ends.insert(slot, end)
        chosen.append(candidate)
    return chosen
