"""Export filters for parallel corpora: a score per candidate link, then a decision.

Follows OpusFilter (Aulamo et al. 2020, "OpusFilter: A Configurable Parallel Corpus Filtering
Toolbox", ACL demos): every filter *scores* a sentence pair and a separate *decision* compares
the score with a threshold, so a new threshold never means re-aligning. The filters run only at
export, in the order of :data:`FILTERS`; a link is counted under the first filter that rejects
it, so the counts add up to the number of links removed.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from align.errors import ConfigError
from align.text.languages import primary_language
from align.text.normalize import nfc

#: Scripts expected on each side, by language; languages not listed are not script-checked.
SCRIPTS: dict[str, str] = {
    "ko": "hangul",
    "en": "latin",
    "de": "latin",
    "fr": "latin",
    "es": "latin",
    "it": "latin",
    "pt": "latin",
    "nl": "latin",
    "ja": "kana-han",
    "zh": "han",
    "ru": "cyrillic",
}

# Lines that publishers repeat on every page: copyright, reporter credits, sharing prompts.
_BOILERPLATE = re.compile(
    r"(?:©|\(c\)\s*\d{4}|copyright\b|all rights reserved|무단\s*전재|재배포\s*금지|"
    r"저작권자|^\s*\[?[가-힣]{2,4}\s*기자\]?\s*$|^\s*\S*[\w.+-]+@[\w-]+\.[\w.]+\S*\s*$|"
    r"^\s*(?:https?://|www\.)\S+\s*$|\b(?:subscribe|newsletter|follow us|share this|"
    r"click here|read more|sign up)\b|구독|좋아요|공유하기|기사\s*제보)",
    re.IGNORECASE,
)
_SCRIPT_NAMES: dict[str, tuple[str, ...]] = {
    "hangul": ("HANGUL",),
    "latin": ("LATIN",),
    "han": ("CJK",),
    "kana-han": ("HIRAGANA", "KATAKANA", "CJK"),
    "cyrillic": ("CYRILLIC",),
}
_SYLLABIC = ("HANGUL", "CJK", "HIRAGANA", "KATAKANA")
_NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+")


@dataclass(frozen=True, slots=True)
class Candidate:
    """One aligned link as the filters see it (both sides' texts, roles and the link score)."""

    source: str
    target: str
    score: float
    source_roles: tuple[str, ...] = ()
    target_roles: tuple[str, ...] = ()
    #: The margin-based similarity of the two sides' meanings (see ``links.parquet``'s
    #: ``similarity``); ``None`` without an encoder.
    similarity: float | None = None


@dataclass(frozen=True, slots=True)
class FilterSettings:
    """Thresholds of the decisions (recorded in the manifest and the signature)."""

    source_lang: str = "ko"
    target_lang: str = "en"
    min_score: float = 0.5
    max_length_ratio: float = 3.0
    """A pair is an outlier when its length ratio is this many times off the typical ratio."""
    typical_log_ratio: float = 0.0
    """Natural log of the typical target/source length ratio of the corpus (see
    :func:`typical_log_ratio`)."""
    min_script: float = 0.4
    """Share of a side's letters that must be in its language's script (a Hangul, Han or
    kana character weighs two letters: it carries a syllable)."""
    min_similarity: float = 0.0
    """The lowest margin similarity kept (0: the filter keeps everything)."""


class SeenHashes:
    """A compact set of 64-bit hashes: 8 bytes per member instead of ~100 for a Python set of
    bytes, for duplicate filters that must remember every pair of a corpus.

    New hashes wait in a small Python set; every :data:`BUFFER` of them are merged into one
    sorted ``uint64`` array searched by bisection (a log-structured merge in the manner of
    O'Neil et al. 1996, "The Log-Structured Merge-Tree"). Two different texts share a 64-bit
    hash with odds of about n²/2⁶⁵ (under 10⁻⁷ for a million pairs).
    """

    BUFFER = 4096
    __slots__ = ("_recent", "_sorted")

    def __init__(self) -> None:
        self._recent: set[int] = set()
        self._sorted: npt.NDArray[np.uint64] = np.empty(0, dtype=np.uint64)

    def __len__(self) -> int:
        return len(self._recent) + int(self._sorted.size)

    def __contains__(self, key: int) -> bool:
        if key in self._recent:
            return True
        found = self._sorted
        at = int(np.searchsorted(found, np.uint64(key)))
        return at < found.size and int(found[at]) == key

    def add(self, key: int) -> bool:
        """Remember ``key``; true when it is new."""
        if key in self:
            return False
        self._recent.add(key)
        if len(self._recent) >= self.BUFFER:
            recent = np.fromiter(self._recent, dtype=np.uint64, count=len(self._recent))
            # Timsort ("stable") merges the long sorted run with the new one in linear time.
            self._sorted = np.sort(np.concatenate((self._sorted, recent)), kind="stable")
            self._recent = set()
        return True


@dataclass(slots=True)
class State:
    """What the duplicate filters have seen so far (the corpus is streamed once)."""

    exact: SeenHashes = field(default_factory=SeenHashes)
    near: SeenHashes = field(default_factory=SeenHashes)


Scorer = Callable[[Candidate, FilterSettings, State], float]
Decision = Callable[[float, FilterSettings], bool]


@dataclass(frozen=True, slots=True)
class Filter:
    """A named filter: ``score`` measures, ``accept`` decides (true keeps the link)."""

    name: str
    description: str
    score: Scorer
    accept: Decision


def _one_sided(candidate: Candidate, settings: FilterSettings, state: State) -> float:
    return 1.0 if candidate.source.strip() and candidate.target.strip() else 0.0


def _link_score(candidate: Candidate, settings: FilterSettings, state: State) -> float:
    return candidate.score


def _boilerplate(candidate: Candidate, settings: FilterSettings, state: State) -> float:
    roles = set(candidate.source_roles) | set(candidate.target_roles)
    if roles & {"boilerplate", "byline"}:
        return 1.0
    hits = [bool(_BOILERPLATE.search(text)) for text in (candidate.source, candidate.target)]
    return 1.0 if any(hits) else 0.0


def script_share(text: str, script: str) -> float:
    """Share of the letters of ``text`` written in ``script`` (1.0 for a text without letters).

    Scripts are told apart by the Unicode character names (the UAX #24 script property, as
    the Unicode Character Database names it). A syllabic or logographic character (Hangul,
    Han, kana) weighs two letters, so "톰 데일리(Tom Daley)" still reads as Korean.
    """
    names = _SCRIPT_NAMES[script]
    inside = total = 0
    for char in text:
        if not char.isalpha():
            continue
        name = unicodedata.name(char, "")
        weight = 2 if name.startswith(_SYLLABIC) else 1
        total += weight
        if name.startswith(names):
            inside += weight
    return inside / total if total else 1.0


def _similarity(candidate: Candidate, settings: FilterSettings, state: State) -> float:
    return math.inf if candidate.similarity is None else candidate.similarity


def _wrong_script(candidate: Candidate, settings: FilterSettings, state: State) -> float:
    shares = [
        script_share(text, SCRIPTS[primary])
        for text, primary in (
            (candidate.source, primary_language(settings.source_lang)),
            (candidate.target, primary_language(settings.target_lang)),
        )
        if primary in SCRIPTS
    ]
    return min(shares, default=1.0)


def text_length(text: str) -> int:
    """Length in characters without spaces (comparable across Hangul and Latin scripts)."""
    return sum(1 for char in text if not char.isspace())


def _length_ratio(candidate: Candidate, settings: FilterSettings, state: State) -> float:
    source, target = text_length(candidate.source), text_length(candidate.target)
    if source == 0 or target == 0:
        return math.inf
    return abs(math.log(target / source) - settings.typical_log_ratio)


def _key(*texts: str) -> int:
    digest = hashlib.blake2b("\x1f".join(texts).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little")


def near_key(text: str) -> str:
    """The text as near-duplicates share it: NFC, case-folded, letters and digits only (a
    pair differing in a number is not a duplicate: the number is its content)."""
    return _NOT_LETTER_OR_DIGIT.sub("", nfc(text).casefold())


def _exact_duplicate(candidate: Candidate, settings: FilterSettings, state: State) -> float:
    return 0.0 if state.exact.add(_key(candidate.source, candidate.target)) else 1.0


def _near_duplicate(candidate: Candidate, settings: FilterSettings, state: State) -> float:
    return (
        0.0 if state.near.add(_key(near_key(candidate.source), near_key(candidate.target))) else 1.0
    )


FILTERS: tuple[Filter, ...] = (
    Filter(
        "one-sided",
        "a sentence with no counterpart (an insertion or a deletion)",
        _one_sided,
        lambda score, s: score > 0.0,
    ),
    Filter(
        "min-score",
        "alignment score below --min-score",
        _link_score,
        lambda score, s: score >= s.min_score,
    ),
    Filter(
        "min-similarity",
        "meanings further apart than --min-similarity (margin of the sentence vectors)",
        _similarity,
        # 0 switches the filter off: a margin is a ratio of cosines and falls below 0 when a
        # short pair's cosine does, which is no reason to drop a link nobody asked to filter.
        lambda score, s: s.min_similarity == 0.0 or score >= s.min_similarity,
    ),
    Filter(
        "boilerplate",
        "copyright lines, bylines, sharing prompts, bare URLs and e-mails",
        _boilerplate,
        lambda score, s: score == 0.0,
    ),
    Filter(
        "wrong-script",
        "a side mostly not in its language's script",
        _wrong_script,
        lambda score, s: score >= s.min_script,
    ),
    Filter(
        "length-ratio",
        "length ratio far from the corpus's typical ratio",
        _length_ratio,
        lambda score, s: score <= math.log(s.max_length_ratio),
    ),
    Filter(
        "exact-duplicate",
        "the same pair of texts seen before",
        _exact_duplicate,
        lambda score, s: score == 0.0,
    ),
    Filter(
        "near-duplicate",
        "the same pair up to case, spaces and punctuation",
        _near_duplicate,
        lambda score, s: score == 0.0,
    ),
)
"""The filters, in the order they are applied."""

FILTER_NAMES: tuple[str, ...] = tuple(f.name for f in FILTERS)


def check_settings(settings: FilterSettings) -> None:
    """Reject thresholds that cannot mean anything (never "fix" them silently)."""
    if not 0.0 <= settings.min_score <= 1.0:
        raise ConfigError(
            f"--min-score {settings.min_score} is out of range", hint="give a value between 0 and 1"
        )
    if not 0.0 <= settings.min_similarity <= 10.0:
        raise ConfigError(
            f"--min-similarity {settings.min_similarity} is out of range",
            hint="give a margin between 0 and 10 (about 1.05-1.2 keeps clear translations)",
        )
    if settings.max_length_ratio <= 1.0:
        raise ConfigError(f"length ratio limit {settings.max_length_ratio} must exceed 1")


def decide(candidate: Candidate, settings: FilterSettings, state: State) -> str | None:
    """The name of the first filter that rejects ``candidate``, or ``None`` to keep it."""
    for spec in FILTERS:
        if not spec.accept(spec.score(candidate, settings, state), settings):
            return spec.name
    return None


MARGIN_NEIGHBOURS = 4
"""Nearest sentences of the other side whose mean cosine a link's cosine is divided by."""


def margin_similarities(
    source_vectors: npt.NDArray[np.float32],
    target_vectors: npt.NDArray[np.float32],
    links: Sequence[tuple[Sequence[int], Sequence[int]]],
) -> list[float | None]:
    """The ratio margin of each link's meanings (Artetxe & Schwenk 2019, "Margin-based
    Parallel Corpus Mining with Multilingual Sentence Embeddings"): the cosine of the two sides'
    summed sentence vectors over the mean cosine of each side with its
    :data:`MARGIN_NEIGHBOURS` nearest sentences of the other side's document. Above 1 the two
    sides are closer to each other than to their neighbours; ``None`` for a one-sided link."""
    out: list[float | None] = []
    sources = source_vectors.astype(np.float64)
    targets = target_vectors.astype(np.float64)
    keep_target = min(MARGIN_NEIGHBOURS, len(target_vectors))
    keep_source = min(MARGIN_NEIGHBOURS, len(source_vectors))
    for source, target in links:
        if not source or not target:
            out.append(None)
            continue
        u = sources[list(source)].sum(axis=0)
        v = targets[list(target)].sum(axis=0)
        u /= max(float(np.linalg.norm(u)), 1e-9)
        v /= max(float(np.linalg.norm(v)), 1e-9)
        # einsum, not BLAS: the same bits whatever the threads (Dask must match a local run).
        near_u = -np.partition(-np.einsum("ij,j->i", targets, u), keep_target - 1)[:keep_target]
        near_v = -np.partition(-np.einsum("ij,j->i", sources, v), keep_source - 1)[:keep_source]
        near = (float(near_u.mean()) + float(near_v.mean())) / 2.0
        cosine = float(np.einsum("i,i->", u, v))
        out.append(round(cosine / near, 6) if near > 1e-6 else None)
    return out


def typical_log_ratio(pairs: Iterable[tuple[str, str]]) -> float:
    """Median log target/source length ratio of ``pairs`` (both sides non-empty), the centre
    the length-ratio filter measures from (Gale & Church 1993: translation lengths are
    proportional); 0.0 without such pairs."""
    logs = sorted(
        math.log(text_length(t) / text_length(s))
        for s, t in pairs
        if text_length(s) and text_length(t)
    )
    if not logs:
        return 0.0
    middle = len(logs) // 2
    return logs[middle] if len(logs) % 2 else (logs[middle - 1] + logs[middle]) / 2
