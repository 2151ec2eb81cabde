"""Find glossary terms in text: Korean by morphemes, English with inflections and variants.

Candidates come from one Aho–Corasick automaton (Aho & Corasick 1975, "Efficient string
matching: an aid to bibliographic search") over a *key* form of the text: NFC, lower case,
curly quotes folded, and spaces, hyphens and middle dots removed, so ``반격능력`` and
``반격 능력``, ``counter-strike`` and ``counterstrike`` share a key. Disguises are taken off
both the text and the terms first (:func:`align.text.normalize.undisguise_with_offsets`:
invisible and bidi characters, Cyrillic and Greek look-alikes after UTS #39, diacritics,
mathematical letters), so a forbidden term cannot hide behind them. Each candidate is then
confirmed at its edges:

- it must start a word (a compound does not match: ``능력`` is not found in ``초능력``);
- a Korean term must end a word, or be followed only by particles, endings, the copula or a
  verb-forming suffix, as the morphological analysis of that one word says (``반격능력을``
  matches; ``주일미군`` does not match in ``주일미군사령부``); the analyser is chosen per
  matcher (:mod:`align.text.morph`: MeCab-ko by default, or Kiwi);
- an English term must end a word; plurals/singulars of its last word and possessives
  (``Japan's``, ``Japan’s``) match;
- overlapping candidates resolve to the longest (``Indo-Pacific Command`` hides ``Pacific
  Command``; ``인도태평양사령부`` hides ``태평양사령부``).

The analyser runs only on the few words where a Korean candidate is followed by more Hangul
than a plain particle (을, 는, 의...), once per batch of text (up to a megabyte, or many short
sentences), and its verdict per word form is cached in the matcher, which :func:`find_terms`
keeps for the run: a document whose candidates are all followed by spaces, punctuation or
plain particles loads no analyser at all, and a 10,000-concept glossary scans megabytes of news
in seconds.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import ahocorasick
import regex

from align.errors import GlossaryError
from align.models import Glossary, Term, TermMatch
from align.text import morph
from align.text.languages import primary_language
from align.text.normalize import (
    fold_quotes,
    is_invisible,
    nfc,
    normalize_with_offsets,
    split_lines,
    undisguise,
    undisguise_with_offsets,
)

# Removed from the key: white space, hyphens, and (in Korean) middle dots (인도·태평양).
# A ``match=regex`` term runs in the ``regex`` module with this time limit per paragraph: a
# pattern that backtracks exponentially ((a+)+$, (a|aa)+$) stops with an error naming its
# glossary line instead of running for minutes. Plain patterns take microseconds.
REGEX_TIMEOUT = 2.0

_HYPHENS = "-\u2010\u2011"
_MIDDLE_DOTS = "\u00b7\u30fb\u2027\u318d"
_WHITESPACE = " \t\n\x0b\x0c\x85\u2028\u2029"
_SEPARATORS = {"ko": _WHITESPACE + _HYPHENS + _MIDDLE_DOTS, "en": _WHITESPACE + _HYPHENS}
# Morpheme tags (Sejong tag set as Kiwi and mecab-ko-dic use it) that may follow a Korean term
# in its word. A MeCab entry tagged ``XSV+EP`` (했) starts with an allowed tag and is allowed.
_TAIL_TAGS = ("J", "E", "VCP", "VCN", "XSV", "XSA", "SF", "SP", "SS", "SE", "SO", "SW", "SC", "SY")
_TAIL_FORMS = {("들", "XSN")}
# Particles that never form a longer noun after a term of two syllables or more, accepted
# without asking the analyser (은/는/을/를, 의, 에, 와…; not 가, 이, 도, 로, 과: 전문가,
# 경기도, 항공로).
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
_VERDICT_CACHE_LIMIT = 200_000


_DELETE = {rules: str.maketrans("", "", chars) for rules, chars in _SEPARATORS.items()}


def _lang_rules(lang: str) -> str:
    return "ko" if primary_language(lang) == "ko" else "en"


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
    regexes: tuple[tuple[Term, int, regex.Pattern[str]], ...]
    size: int
    morph: str = morph.DEFAULT_MORPH
    #: The glossary file, named when a regex term is stopped (see :data:`REGEX_TIMEOUT`).
    glossary_path: str | None = None
    #: The analyser's verdict per (word, where the term ends in it), kept for the run.
    verdicts: dict[tuple[str, int], bool] = field(default_factory=dict, compare=False)


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
    return undisguise(fold_quotes(nfc(text))).strip()


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


def build_matcher(glossary: Glossary, lang: str, morph_name: str | None = None) -> TermMatcher:
    """Compile ``glossary``'s terms in ``lang`` for :func:`find_terms_with`; Korean terms are
    confirmed with the analyser ``morph_name`` (default :data:`morph.DEFAULT_MORPH`), which is
    checked here and loaded only when a word needs it."""
    chosen = morph.analyser(morph_name).name
    rules = _lang_rules(lang)
    separators = _SEPARATORS[rules]
    primary = primary_language(lang)
    automaton = ahocorasick.Automaton()
    keys: dict[str, list[_Entry]] = {}
    regexes: list[tuple[Term, int, regex.Pattern[str]]] = []
    order = 0
    for concept in glossary.concepts:
        for term in concept.terms:
            if primary_language(term.lang) != primary:
                continue
            order += 1
            if term.match == "regex":
                regexes.append((term, order, _compile_regex(term, term.path or glossary.path)))
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
    return TermMatcher(
        lang, rules, automaton if keys else None, tuple(regexes), order, chosen, glossary.path
    )


def _compile_regex(term: Term, path: str | None) -> regex.Pattern[str]:
    flags = regex.VERSION0 | (0 if term.case_sensitive else regex.IGNORECASE)
    try:
        return regex.compile(term.text, flags)
    except regex.error as error:
        raise GlossaryError(
            f"bad regular expression: {error}",
            path=path,
            line=term.line,
            hint="fix the pattern or use match=morph",
        ) from error


def _lower(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


_CACHE: list[tuple[Glossary, str, str, TermMatcher]] = []


def matcher_for(glossary: Glossary, lang: str, morph_name: str | None = None) -> TermMatcher:
    """The compiled matcher of ``glossary`` in ``lang``, built once and kept for the run (with
    the analyser's verdicts, so every file and sentence of a run shares them)."""
    name = morph.analyser(morph_name).name
    for cached_glossary, cached_lang, cached_morph, cached in _CACHE:
        if cached_glossary is glossary and cached_lang == lang and cached_morph == name:
            return cached
    matcher = build_matcher(glossary, lang, name)
    _CACHE.insert(0, (glossary, lang, name, matcher))
    del _CACHE[4:]
    return matcher


def find_terms(
    text: str, glossary: Glossary, lang: str, morph_name: str | None = None
) -> list[TermMatch]:
    """Every glossary term of ``lang`` in ``text``, longest first, as spans into ``text``.

    Spans are code-point offsets of the term itself (a Korean particle after it is not
    included). The compiled glossary is cached, so calling this per sentence is cheap;
    :func:`find_terms_many` asks the analyser once for many sentences. ``morph_name`` names the
    Korean analyser (:data:`align.text.morph.ANALYSERS`).
    """
    return find_terms_with(text, matcher_for(glossary, lang, morph_name))


def find_terms_with(text: str, matcher: TermMatcher) -> list[TermMatch]:
    """:func:`find_terms` with a matcher compiled once by :func:`build_matcher`."""
    return find_terms_many([text], matcher)[0]


@dataclass(slots=True)
class _Block:
    """A scanned window of one text, waiting for the analyser's verdicts on its candidates."""

    index: int  # which text
    start: int  # where the window starts in it
    offsets: list[int] | None  # normalised → window offsets (None: the same)
    candidates: list[tuple[int, int, _Entry | Term, int, bool, tuple[str, int] | None]]


def find_terms_many(texts: Sequence[str], matcher: TermMatcher) -> list[list[TermMatch]]:
    """:func:`find_terms_with` on each of ``texts``, with one analyser call per batch of up to
    a megabyte of text for the words it has not judged yet."""
    results: list[list[TermMatch]] = [[] for _ in texts]
    if matcher.size == 0:
        return results
    pending: list[_Block] = []
    size = 0
    for index, text in enumerate(texts):
        for block_start, block_end in _blocks(text):
            pending.append(_scan_block(text, index, block_start, block_end, matcher))
            size += block_end - block_start
            if size >= _CHUNK:
                _confirm(pending, texts, matcher, results)
                pending, size = [], 0
    _confirm(pending, texts, matcher, results)
    for matches in results:
        matches.sort(key=lambda match: match.start)
    return results


def _scan_block(
    text: str, index: int, block_start: int, block_end: int, matcher: TermMatcher
) -> _Block:
    norm, offsets = _normalize_lines(text[block_start:block_end])
    norm = fold_quotes(norm)
    candidates: list[tuple[int, int, _Entry | Term, int, bool, tuple[str, int] | None]] = []
    if matcher.automaton is not None:
        candidates.extend(_scan(norm, matcher))
    for term, order, pattern in matcher.regexes:
        try:
            for found in pattern.finditer(norm, timeout=REGEX_TIMEOUT):
                if found.end() > found.start():
                    candidates.append((found.start(), found.end(), term, order, False, None))
        except TimeoutError as error:
            raise GlossaryError(
                f"regex term '{term.text}' ran over {REGEX_TIMEOUT:g} s on one paragraph "
                "(catastrophic backtracking)",
                path=term.path or matcher.glossary_path,
                line=term.line,
                hint="remove nested or overlapping quantifiers such as (a+)+ or (a|aa)+, "
                "or use match=morph",
            ) from error
    return _Block(index, block_start, offsets, candidates)


def _confirm(
    blocks: list[_Block],
    texts: Sequence[str],
    matcher: TermMatcher,
    results: list[list[TermMatch]],
) -> None:
    """Ask the analyser about the words not judged yet (one call), then keep the longest of
    the confirmed candidates of each block."""
    verdicts = matcher.verdicts
    unknown = list(
        dict.fromkeys(
            c[5] for b in blocks for c in b.candidates if c[5] is not None and c[5] not in verdicts
        )
    )
    if unknown:
        if len(verdicts) + len(unknown) > _VERDICT_CACHE_LIMIT:
            verdicts.clear()
        analyser = morph.analyser(matcher.morph)
        analysed = analyser.analyse([word for word, _ in unknown])
        again: list[tuple[str, int]] = []
        for key, tokens in zip(unknown, analysed, strict=True):
            verdict = _tail_verdict(tokens, key[1])
            if verdict is None:
                again.append(key)
            else:
                verdicts[key] = verdict
        if again:
            forced = analyser.analyse([word for word, _ in again], [end for _, end in again])
            for key, tokens in zip(again, forced, strict=True):
                verdicts[key] = bool(_tail_verdict(tokens, key[1]))
    for block in blocks:
        kept = [c[:5] for c in block.candidates if c[5] is None or verdicts.get(c[5], False)]
        text = texts[block.index]
        for start, end, entry, _order, variant in _longest(kept):
            term = entry.term if isinstance(entry, _Entry) else entry
            if block.offsets is not None:
                start, end = block.offsets[start], block.offsets[end]
            start, end = start + block.start, end + block.start
            while end > start + 1 and is_invisible(text[end - 1]):
                end -= 1  # a removed character after the term (a closing bidi mark) is not in it
            results[block.index].append(TermMatch(term, start, end, text[start:end], variant))


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
    for line in split_lines(block, keepends=True):
        body = line.rstrip("\r\n")
        start = 0
        while start < len(body):
            end = len(body)
            if end - start > _PIECE:
                cut = body.rfind(" ", start, start + _PIECE) + 1
                end = cut if cut > start else start + _PIECE
            norm, offsets = normalize_with_offsets(body[start:end])
            plain, back = undisguise_with_offsets(norm)
            if back is not None:  # a disguise taken off: compose the two maps
                norm = plain
                offsets = back if offsets is None else [offsets[k] for k in back]
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


def _scan(
    norm: str, matcher: TermMatcher
) -> Iterator[tuple[int, int, _Entry, int, bool, tuple[str, int] | None]]:
    """Candidates with, last, the (word, boundary) the analyser must confirm, or ``None``."""
    separators = _SEPARATORS[matcher.rules]
    removed = frozenset(separators)
    keymap = [k for k, char in enumerate(norm) if char not in removed]
    cased = norm.translate(_DELETE[matcher.rules])
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
        confirm: tuple[str, int] | None = None
        if after.isalnum():
            if not korean or not _is_hangul(after):
                continue
            confirm = _korean_tail(norm, start, end)
            if confirm is not None:
                verdict = matcher.verdicts.get(confirm)
                if verdict is False:
                    continue
                if verdict:
                    confirm = None
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
            yield start, end, entry, entry.order, skeleton != entry.skeleton, confirm


def _sentence_initial(norm: str, start: int) -> bool:
    before = norm[:start].rstrip(" \t")
    return not before or before[-1] in _SENTENCE_END


def _korean_tail(norm: str, start: int, end: int) -> tuple[str, int] | None:
    """What the analyser must judge about a term followed by Hangul: its word and where the
    term ends in it; ``None`` when only a plain particle follows (no analysis needed)."""
    tail_end = end
    while tail_end < len(norm) and _is_hangul(norm[tail_end]):
        tail_end += 1
    if norm[end:tail_end] in _PLAIN_PARTICLES and end - start >= 2:
        return None
    return norm[start:tail_end], end - start


def _tail_verdict(tokens: Sequence[morph.Morpheme], boundary: int) -> bool | None:
    """Is what follows ``boundary`` in the word only particles, endings or suffixes?

    A term ending inside a token is part of a longer word the analyser knows (``전문가``,
    ``경기도``) when that token starts the word: no. When the token starts inside the term, the
    analyser has cut the term itself (MeCab reads ``외교부가`` as 외교 + 부가, ``요미우리신문도``
    as 요미우리 + 신문도, an island): ``None``, ask again with a boundary forced at the term's
    end (:meth:`align.text.morph.Analyser.analyse` with ``heads``).
    """
    if not any(token.start == boundary for token in tokens):
        spanning = [t for t in tokens if t.start < boundary < t.end]
        return None if spanning and spanning[0].start > 0 else False
    return all(
        token.tag.startswith(_TAIL_TAGS) or (token.form, token.tag) in _TAIL_FORMS
        for token in tokens
        if token.start >= boundary
    )


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
