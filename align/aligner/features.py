"""Sentence features: the anchors that say two sentences may translate each other.

Each sentence of a pair becomes its length in non-space characters and a bag of anchor features,
named by class: numbers normalised across scripts (``n:``, :mod:`align.text.numbers`; numbers
written as words ``m:``), Latin-script words and acronyms (``w:``; ``FT``, ``CSIS`` inside
Korean), 4-letter-prefix cognates between two Latin-script languages (``c:``; Simard, Foster &
Isabelle 1992), transliterated names (``t:``; 트럼프 ↔ Trump by consonant skeleton,
:mod:`align.text.translit`), between Korean and English month and weekday names (11월 ↔
November, 월요일 ↔ Monday), quotes, parentheses, question and exclamation marks (``p:``),
caller-supplied anchor sets such as glossary concepts (``g:``) and bilingual dictionary pairs
(``d:``). Learned word pairs are added by :mod:`align.aligner.lexicon`. Features are kept only
where both sides of the pair have them (numbers everywhere: a number with no partner is evidence
too), and weighted by rarity in :mod:`align.aligner.costs`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from align.aligner.meaning import SideVectors
from align.text.calendar import (
    EN_MONTH_ABBREVIATIONS,
    EN_MONTH_NAMES,
    EN_WEEKDAY_NAMES,
    KO_WEEKDAY_NAMES,
    KO_WEEKDAYS,
    MONTH_NUMBERS,
)
from align.text.numbers import number_keys, word_number_keys
from align.text.translit import hangul_name_keys, latin_name_keys

Features = dict[str, int]

# Scripts written without Latin letters: for these, only Latin tokens inside them are words
# that can match the other side letter for letter.
NON_LATIN_LANGS = frozenset(
    {
        "ko",
        "ja",
        "zh",
        "ru",
        "uk",
        "bg",
        "el",
        "ar",
        "he",
        "fa",
        "hi",
        "th",
        "ka",
        "hy",
        "sr",
        "mk",
        "be",
        "kk",
    }
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+")
_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]+")
_PUNCT = {"?": "p:?", "!": "p:!", "(": "p:(", ":": "p::", ";": "p:;"}
# Korean particles and copula endings that may follow a dictionary term inside a word.
_KO_PARTICLES = frozenset(
    "은 는 이 가 을 를 에 의 와 과 도 로 만 께 랑 으로 에서 에게 까지 부터 "
    "보다 처럼 이나 이다 였다 이며 한테 께서 에는 에도 과의 와의".split()
)
_QUOTE_CHARS = '"“”«»„「」『』'
# English month names as the numbers Korean writes them with (11월 is "November"), and weekday
# names: one scan finds both, an abbreviated month only with its period. "May" is then checked
# against its neighbours: it counts only where it cannot be the verb, next to a number or after a
# preposition.
_EN_CALENDAR = re.compile(
    rf"\b(?:(?:{EN_MONTH_NAMES}|{EN_WEEKDAY_NAMES})\b"
    rf"|(?:{EN_MONTH_ABBREVIATIONS})\.)"
)
_MAY_BEFORE = re.compile(r"(?:\b(?:in|of|on|by|since|until)|\d,?) $")
_KO_WEEKDAY = re.compile(KO_WEEKDAY_NAMES)
# Feature classes kept even when only one side has them: a number has the same key in every
# language, so a number with no partner anywhere is evidence that its sentence is unmatched.
_ONE_SIDED = ("n:",)


@dataclass(frozen=True, slots=True)
class SideFeatures:
    """One side of the pair as the aligner sees it: per sentence its length (non-space
    characters), anchor features and role (``None`` when unknown)."""

    lengths: tuple[int, ...]
    features: tuple[Features, ...]
    roles: tuple[str, ...] | None = None
    #: Double quotation marks per sentence (see :func:`quote_marks`); empty when unknown.
    quotes: tuple[int, ...] = ()
    #: Per sentence, whether it ends a clause but not a sentence (``;`` or ``:``, see
    #: :func:`open_end`); empty when unknown.
    open_ends: tuple[bool, ...] = ()
    #: Sentence vectors for the semantic term (:mod:`align.aligner.meaning`); ``None`` without
    #: an encoder.
    vectors: SideVectors | None = None


def _strip_accents(word: str) -> str:
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _length(text: str) -> int:
    return len("".join(text.split()))


def _names_apply(source_lang: str, target_lang: str) -> bool:
    langs = {source_lang, target_lang}
    return "ko" in langs and len(langs - NON_LATIN_LANGS) == 1


def calendar_keys(text: str, lang: str) -> tuple[list[str], list[str]]:
    """Months and weekdays of a Korean or English sentence, for matching across the two: month
    numbers (English ``November``/``Nov.`` gives ``11``, as Korean ``11월`` does through
    :func:`align.text.numbers.number_keys`, so only English needs them) and weekday names
    (월요일 and ``Monday`` both give ``monday``)."""
    if lang == "en":
        months: list[str] = []
        weekdays: list[str] = []
        for match in _EN_CALENDAR.finditer(text):
            word = match.group(0)
            if word.endswith("day"):
                weekdays.append(word.lower())
            elif (
                word != "May"
                or _MAY_BEFORE.search(text, 0, match.start())
                or (text[match.end() : match.end() + 3].lstrip(" ,")[:1].isdigit())
            ):
                months.append(str(MONTH_NUMBERS[word.rstrip(".").lower()]))
        return months, weekdays
    if lang == "ko" and "요일" in text:
        return [], [KO_WEEKDAYS[m.group(0)] for m in _KO_WEEKDAY.finditer(text)]
    return [], []


def sentence_features(
    text: str, lang: str, *, cognates: bool, names: bool = False, calendar: bool = False
) -> Features:
    """Anchor features of one sentence: numbers (``n:``; written as words ``m:``; with
    ``calendar``, English month names ``n:`` and weekdays ``k:``), words (``w:``), cognate
    prefixes (``c:``), transliterated-name skeletons (``t:``) and punctuation (``p:``)."""
    features: Features = {}
    if calendar:
        months, weekdays = calendar_keys(text, lang)
        for key in months:
            features["n:" + key] = features.get("n:" + key, 0) + 1
        for key in weekdays:
            features["k:" + key] = features.get("k:" + key, 0) + 1
    for key in number_keys(text):
        key = "n:" + key
        features[key] = features.get(key, 0) + 1
    # Numbers written as words (일백 삼십 ↔ an hundred and thirty) are their own class: they
    # are positive evidence only, since a word that reads as a number may be none.
    for key in word_number_keys(text, lang):
        key = "m:" + key
        features[key] = features.get(key, 0) + 1
    if lang in NON_LATIN_LANGS:
        words = [w.lower() for w in _LATIN_WORD.findall(text)]
    else:
        words = [_strip_accents(w.lower()) for w in _WORD.findall(text)]
    for word in words:
        key = "w:" + word
        features[key] = features.get(key, 0) + 1
        if cognates and len(word) >= 4:
            key = "c:" + word[:4]
            features[key] = features.get(key, 0) + 1
    if names:
        keys = hangul_name_keys(text) if lang == "ko" else latin_name_keys(text)
        for key in keys:
            features["t:" + key] = 1
    for char, name in _PUNCT.items():
        count = text.count(char)
        if count:
            features[name] = count
    quotes = quote_marks(text)
    if quotes >= 2:
        features["p:quote"] = quotes // 2
    return features


def quote_marks(text: str) -> int:
    """The double quotation marks in ``text`` (straight, curly, guillemets, corner brackets).

    A bead whose sides differ in the parity of this count holds a quotation opened on one side
    and not the other: one side's part of the quotation went to another bead."""
    return sum(text.count(ch) for ch in _QUOTE_CHARS)


#: Last characters of a sentence that ends a clause and leaves the sentence going on.
_OPEN_END = (";", ":")


#: A single letter and a full stop at the end of a text (an initial: ``B.M .``, ``Band-J .``).
_INITIAL_END = re.compile(r"(?<![^\W\d_])([^\W\d_])\s?\.$")


def open_end(text: str) -> bool:
    """Whether ``text`` ends a clause but not its sentence: in a semicolon or a colon (a
    splitter or OCR cut the sentence after a clause), or in an initial (``Erstersteigung 1933
    durch B.M .`` / ``Abalakow , seitdem wiederholt besucht .``: a splitter took the initial's
    full stop for a sentence end). What follows continues the same sentence, so a bead that
    ends on such a text on one side only has left the rest of that sentence to another bead."""
    stripped = text.rstrip()
    if stripped.endswith(_OPEN_END):
        return True
    found = _INITIAL_END.search(stripped)
    return found is not None and found.group(1).isupper()


def lexicon_tokens(text: str, lang: str) -> frozenset[str]:
    """Tokens for learned lexicons: Hangul words cut to two syllables (a crude stem without
    particles), other words of three letters or more, lower-cased."""
    if lang == "ko":
        return frozenset(w[:2] for w in _HANGUL_WORD.findall(text) if len(w) >= 2)
    return frozenset(_strip_accents(w.lower()) for w in _WORD.findall(text) if len(w) >= 3)


def _phrase_index(terms: Sequence[str]) -> dict[str, list[int]]:
    index: dict[str, list[int]] = defaultdict(list)
    for number, term in enumerate(terms):
        key = " ".join(term.lower().split())
        if key:
            index[key].append(number)
    return index


def _dictionary_hits(text: str, lang: str, index: dict[str, list[int]], longest: int) -> set[int]:
    """Dictionary entries found in ``text``: word n-grams; for Korean also a word whose last
    one to three syllables are a particle (은/는/이/가/에서...)."""
    words = [w.strip(".,!?;:\"'“”‘’()[]«»").lower() for w in text.split()]
    hits: set[int] = set()
    for size in range(1, longest + 1):
        for start in range(len(words) - size + 1):
            phrase = " ".join(words[start : start + size])
            if phrase in index:
                hits.update(index[phrase])
            elif lang == "ko":
                for cut in (1, 2, 3):
                    if (
                        len(phrase) > cut
                        and phrase[-cut:] in _KO_PARTICLES
                        and phrase[:-cut] in index
                    ):
                        hits.update(index[phrase[:-cut]])
                        break
    return hits


def _add_dictionary(
    source: Sequence[str],
    target: Sequence[str],
    src: list[Features],
    tgt: list[Features],
    source_lang: str,
    target_lang: str,
    dictionary: Sequence[tuple[str, str]],
) -> None:
    for texts, feats, lang, terms in (
        (source, src, source_lang, [p[0] for p in dictionary]),
        (target, tgt, target_lang, [p[1] for p in dictionary]),
    ):
        index = _phrase_index(terms)
        longest = max((key.count(" ") + 1 for key in index), default=1)
        # A word present as several entries (e.g. synonyms) is one feature per target word, so
        # entries are named by the other side's term: translations of one word share a name.
        for text, counter in zip(texts, feats, strict=True):
            for number in _dictionary_hits(text, lang, index, longest):
                key = "d:" + " ".join(dictionary[number][1].lower().split())
                counter[key] = counter.get(key, 0) + 1


def prepare_sides(
    source: Sequence[str],
    target: Sequence[str],
    *,
    source_lang: str,
    target_lang: str,
    source_anchors: Sequence[frozenset[str]] | None = None,
    target_anchors: Sequence[frozenset[str]] | None = None,
    dictionary: Sequence[tuple[str, str]] = (),
    source_roles: Sequence[str] | None = None,
    target_roles: Sequence[str] | None = None,
) -> tuple[SideFeatures, SideFeatures]:
    """Features of both sides, kept only where they occur on both sides of the pair (numbers
    are kept everywhere: see ``_ONE_SIDED``)."""
    cognates = source_lang not in NON_LATIN_LANGS and target_lang not in NON_LATIN_LANGS
    names = _names_apply(source_lang, target_lang)
    calendar = {source_lang, target_lang} == {"ko", "en"}
    src = [
        sentence_features(t, source_lang, cognates=cognates, names=names, calendar=calendar)
        for t in source
    ]
    tgt = [
        sentence_features(t, target_lang, cognates=cognates, names=names, calendar=calendar)
        for t in target
    ]
    for feats, anchors in ((src, source_anchors), (tgt, target_anchors)):
        if anchors is not None:
            for counter, ids in zip(feats, anchors, strict=False):
                for concept in ids:
                    counter["g:" + concept] = counter.get("g:" + concept, 0) + 1
    if dictionary:
        _add_dictionary(source, target, src, tgt, source_lang, target_lang, dictionary)
    return (_side_features(source, src, source_roles), _side_features(target, tgt, target_roles))


def _side_features(
    texts: Sequence[str], features: list[Features], roles: Sequence[str] | None
) -> SideFeatures:
    return SideFeatures(
        tuple(_length(t) for t in texts),
        tuple(features),
        tuple(roles) if roles is not None else None,
        tuple(quote_marks(t) for t in texts),
        tuple(open_end(t) for t in texts),
    )


def keep_shared(src: SideFeatures, tgt: SideFeatures) -> tuple[SideFeatures, SideFeatures]:
    """Both sides with only the features the other side has too (numbers are kept everywhere:
    see ``_ONE_SIDED``)."""
    src_keys = set().union(*src.features) if src.features else set()
    tgt_keys = set().union(*tgt.features) if tgt.features else set()
    shared = src_keys & tgt_keys

    def keep(side: SideFeatures) -> SideFeatures:
        feats = tuple(
            {k: v for k, v in f.items() if k in shared or k.startswith(_ONE_SIDED)}
            for f in side.features
        )
        return replace(side, features=feats)

    return keep(src), keep(tgt)
