"""A document's comparable features: what a text and its translation share whatever the
language, in the "rare shared features" approach of bilingual document alignment (Buck & Koehn
2016, "Findings of the WMT 2016 Bilingual Document Alignment Shared Task").

Numbers normalised across scripts, dates, months and weekdays, Latin-script tokens,
transliterated names (a Hangul word and an English name with the same consonant skeleton) and
glossary concepts, each with where it first occurs. Apart because reading a text is the one
language-specific step of pairing; everything after works on feature names.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from align.models import Article
from align.text import numbers
from align.text.calendar import (
    EN_MONTH_ABBREVIATIONS,
    EN_MONTH_NAMES,
    EN_WEEKDAY_NAMES,
    KO_WEEKDAY_NAMES,
    KO_WEEKDAYS,
    MONTH_NUMBERS,
    WEEKDAYS,
)
from align.text.languages import primary_language
from align.text.translit import MIN_SKELETON, hangul_skeleton, latin_skeleton

_LATIN_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:['’&.-][A-Za-z0-9]+)*")
_CAPITALISED = re.compile(r"\b[A-Z][A-Za-z]+(?:['’-][A-Za-z]+)*")
_HANGUL_RUN = re.compile(r"[\uac00-\ud7a3]+")

_EN_MONTH = rf"({EN_MONTH_NAMES}|{EN_MONTH_ABBREVIATIONS})\.?"
_EN_DATE_MD = re.compile(_EN_MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?\b")
_EN_DATE_DM = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _EN_MONTH)
_EN_MONTH_ONLY = re.compile(r"\b" + _EN_MONTH + r"(?![a-z])")
_KO_DATE = re.compile(r"(\d{1,2})\s?월\s?(\d{1,2})\s?일")
_KO_MONTH = re.compile(r"(\d{1,2})\s?월(?![요])")
_EN_WEEKDAY = re.compile(rf"\b({EN_WEEKDAY_NAMES})\b")
_KO_WEEKDAY = re.compile(KO_WEEKDAY_NAMES)

# Name skeletons (트럼프 and Trump → TLMP) live in align.text.translit, shared with the aligner.
_MIN_SKELETON = MIN_SKELETON


# --- content features ----------------------------------------------------------------------------


Features = dict[str, float]
"""A document's comparable features, each mapped to where it first occurs (0 = start, 1 = end)."""


def _add(features: Features, key: str, start: int, size: int) -> None:
    if key not in features:
        features[key] = start / size


def _number_features(text: str, features: Features) -> None:
    size = max(1, len(text))
    for number in numbers.find_numbers(text):
        _add(features, "n:" + number.key, number.start, size)


def _korean_features(text: str) -> Features:
    features: Features = {}
    size = max(1, len(text))
    _number_features(text, features)
    for match in _KO_DATE.finditer(text):
        _add(features, f"d:{int(match[1])}-{int(match[2])}", match.start(), size)
    for match in _KO_MONTH.finditer(text):
        if 1 <= int(match[1]) <= 12:
            _add(features, f"m:{int(match[1])}", match.start(), size)
    for match in _KO_WEEKDAY.finditer(text):
        _add(features, f"w:{WEEKDAYS.index(KO_WEEKDAYS[match[0]])}", match.start(), size)
    for match in _LATIN_TOKEN.finditer(text):
        if len(match[0]) >= 2:
            _add(features, "l:" + match[0].lower(), match.start(), size)
    for match in _HANGUL_RUN.finditer(text):
        skeleton = hangul_skeleton(match[0])
        # A Korean word may end in a particle (트럼프는, 트럼프에게): try the word's prefixes.
        for length in range(max(_MIN_SKELETON, len(skeleton) - 2), len(skeleton) + 1):
            _add(features, "s:" + skeleton[:length], match.start(), size)
    return features


def _latin_features(text: str, *, names: bool) -> Features:
    features: Features = {}
    size = max(1, len(text))
    _number_features(text, features)
    for match in _EN_DATE_MD.finditer(text):
        _add(features, f"d:{MONTH_NUMBERS[match[1].lower()]}-{int(match[2])}", match.start(), size)
    for match in _EN_DATE_DM.finditer(text):
        _add(features, f"d:{MONTH_NUMBERS[match[2].lower()]}-{int(match[1])}", match.start(), size)
    for match in _EN_MONTH_ONLY.finditer(text):
        _add(features, f"m:{MONTH_NUMBERS[match[1].lower()]}", match.start(), size)
    for match in _EN_WEEKDAY.finditer(text):
        _add(features, f"w:{WEEKDAYS.index(match[1].lower())}", match.start(), size)
    for match in _LATIN_TOKEN.finditer(text):
        if len(match[0]) >= 2:
            _add(features, "l:" + match[0].lower(), match.start(), size)
    if names:
        previous: re.Match[str] | None = None
        for match in _CAPITALISED.finditer(text):
            skeleton = latin_skeleton(match[0])
            if len(skeleton) >= _MIN_SKELETON:
                _add(features, "s:" + skeleton, match.start(), size)
            # Korean writes a two-word name as one word (West Virginia → 웨스트버지니아).
            if previous is not None and text[previous.end() : match.start()] == " ":
                joined = latin_skeleton(previous[0] + match[0])
                if len(joined) >= _MIN_SKELETON:
                    _add(features, "s:" + joined, previous.start(), size)
            previous = match
    return features


def document_features(
    article: Article, lang: str, *, other_lang: str, concepts: Collection[str] = ()
) -> Features:
    """The comparable features of one document, each prefixed by its family (``n:6200``).

    Each feature maps to its first position in the text as a fraction of the length: a
    translation keeps the order of its source, so shared features sit at similar positions.
    Glossary concepts have no position (0.5, which never penalises them much).
    """
    text = article.text
    if primary_language(lang) == "ko":
        features = _korean_features(text)
    else:
        features = _latin_features(text, names=primary_language(other_lang) == "ko")
    for concept in concepts:
        features.setdefault("c:" + concept, 0.5)
    return features


def content_length(text: str) -> int:
    """A text's non-space characters (at least 1): the length the length prior compares."""
    return max(1, sum(1 for char in text if not char.isspace()))
