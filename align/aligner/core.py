"""Sentence alignment: sentences in, monotone many-to-many links with calibrated scores out.

The model scores a *bead* (a group of source sentences paired with a group of target sentences,
either group possibly empty) as the sum of

- a bead-type prior (Gale & Church 1993, Table 5, re-estimated for 0-1/1-0 and n-m beads);
- a length term: Gale & Church's (1993) normal model of the length difference, with the mean
  ratio and the variance estimated from the document pair itself (the ratio of total lengths;
  the variance from the first pass's 1-1 links), so Korean–English needs no fixed ratio;
- a lexical term in the spirit of Moore (2002) and hunalign (Varga et al. 2005): anchors shared
  by both sides, weighted by their rarity in the pair (inverse document frequency), compared by
  a weighted Dice coefficient, with unmatched anchors as evidence *against* the bead (a number
  on one side only says the bead is wrong). Anchors are numbers normalised across scripts
  (:mod:`align.numbers`), Latin-script words and acronyms (``FT``, ``CSIS`` inside Korean),
  transliterated names (트럼프 ↔ Trump by consonant skeleton, :mod:`align.translit`),
  identical words and 4-letter-prefix cognates between two Latin-script languages (Simard,
  Foster & Isabelle 1992), quotes, parentheses, question and exclamation marks, caller-supplied
  anchor sets (glossary concepts), bilingual dictionary pairs, and a lexicon of word pairs with a
  high Dice coefficient over confident 1-1 links (as hunalign builds its dictionary from its own
  first alignment) learned from the document's first pass, and, across all documents of a job
  (:func:`align_job`), word pairs from IBM Model 1 (Brown et al. 1993) trained on the job's
  confident links; numbers written as words (일백 삼십 ↔ an hundred and thirty) and, between
  Korean and English, month and weekday names (11월 ↔ November, 월요일 ↔ Monday) are anchors too;
- quotation balance: a bead whose sides differ in the parity of their double quotation marks
  leaves a quotation open on one side only (part of a quoted passage went to another bead), and
  is penalised when both sides mark quotations about equally often;
- document roles, when the caller gives them (:data:`align.models.ROLES`): boilerplate is never
  joined to anything, and a bead joining a title, subtitle, caption or byline with a sentence of
  another role is penalised.

Search is dynamic programming over a band of the alignment lattice (:mod:`align.lattice`),
re-centred on the path and widened whenever the path comes near the band's edge, so time and
memory grow linearly with document length for a fixed band. Decisions come from the Viterbi
path; each link's score is its posterior probability under the model, computed with the
forward–backward algorithm, with a temperature fitted on development data so that scores are
calibrated (see ``scripts/eval_alignment.py --calibrate``). The aligner applies no thresholds:
export does.
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from align.aligner.lattice import (
    Band,
    Bead,
    Lattice,
    diagonal_band,
    full_band,
    path_band,
    posteriors,
    touches_edge,
    viterbi,
)
from align.errors import ConfigError
from align.models import Link
from align.text.numbers import number_keys, word_number_keys
from align.text.translit import hangul_name_keys, latin_name_keys

FloatArray = npt.NDArray[np.float64]
Features = dict[str, int]

#: Bead types (source count, target count) and their prior probabilities.
BEADS: dict[tuple[int, int], float] = {
    (1, 1): 0.86,
    (1, 0): 0.03,
    (0, 1): 0.03,
    (2, 1): 0.04,
    (1, 2): 0.04,
    (2, 2): 0.004,
    (3, 1): 0.004,
    (1, 3): 0.004,
    # A splitter that cuts quoted dialogue ("...입니다.” / 라고 그가 말했습니다.") leaves one
    # sentence of the other side spread over four or five (NTREX dev end to end: 0.924 -> 0.934).
    (4, 1): 0.0003,
    (1, 4): 0.0003,
    (5, 1): 0.0001,
    (1, 5): 0.0001,
}
#: The most sentences a bead takes from one side in the banded search of long documents:
#: wider beads cost a fifth of the time of a 20,000-sentence pair and are searched only in the
#: whole lattice of a document of up to ``Settings.full_limit`` target sentences.
BANDED_BEAD_SIZE = 3
#: Roles that pair only with the same role; boilerplate is never aligned.
FURNITURE = ("title", "subtitle", "caption", "byline")
BOILERPLATE = "boilerplate"

# Scripts written without Latin letters: for these, only Latin tokens inside them are words
# that can match the other side letter for letter.
_NON_LATIN_LANGS = frozenset({"ko", "ja", "zh", "ru", "uk", "bg", "el", "ar", "he", "fa", "hi",
                              "th", "ka", "hy", "sr", "mk", "be", "kk"})
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+")
_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]+")
_PUNCT = {"?": "p:?", "!": "p:!", "(": "p:(", ":": "p::", ";": "p:;"}
# Korean particles and copula endings that may follow a dictionary term inside a word.
_KO_PARTICLES = frozenset("은 는 이 가 을 를 에 의 와 과 도 로 만 께 랑 으로 에서 에게 까지 부터 "
                          "보다 처럼 이나 이다 였다 이며 한테 께서 에는 에도 과의 와의".split())
_QUOTE_CHARS = "\"“”«»„「」『』"
# English month names (and their abbreviations) as the numbers Korean writes them with (11월 is
# "November"); "May" only where it cannot be the verb: next to a number or after a preposition.
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_MONTH_NUMBERS = {**{name: k + 1 for k, name in enumerate(_MONTHS)},
                  **{name[:3]: k + 1 for k, name in enumerate(_MONTHS) if name != "may"},
                  "sept": 9}
# One scan finds month and weekday names; "May" is then checked against its neighbours.
_EN_CALENDAR = re.compile(
    r"\b(?:(?:January|February|March|April|June|July|August|September|October|November"
    r"|December|May|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)\b"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.)")
_MAY_BEFORE = re.compile(r"(?:\b(?:in|of|on|by|since|until)|\d,?) $")
_WEEKDAYS = {"월요일": "monday", "화요일": "tuesday", "수요일": "wednesday", "목요일": "thursday",
             "금요일": "friday", "토요일": "saturday", "일요일": "sunday"}
_KO_WEEKDAY = re.compile("|".join(_WEEKDAYS))
# Feature classes kept even when only one side has them: a number has the same key in every
# language, so a number with no partner anywhere is evidence that its sentence is unmatched.
_ONE_SIDED = ("n:",)


@dataclass(frozen=True, slots=True)
class Settings:
    """Model weights (fitted on the development sets; see ``scripts/eval_alignment.py``)."""

    beads: tuple[tuple[tuple[int, int], float], ...] = tuple(BEADS.items())
    variance: float = 6.8
    lexical_weight: float = 8.0
    missing_weight: float = 2.0
    #: Anchor classes whose unmatched weight counts against a bead (numbers ``n``, words
    #: ``w``; words only when one side is not Latin script).
    missing_classes: str = "nw"
    smoothing: float = 2.0
    number_weight: float = 2.0
    word_weight: float = 1.0
    cognate_weight: float = 0.5
    punct_weight: float = 0.5
    name_weight: float = 2.0
    anchor_weight: float = 2.0
    dictionary_weight: float = 1.0
    learned_weight: float = 1.0
    role_penalty: float = 6.0
    #: Against a bead that leaves a quotation open on one side only (odd against even quote
    #: marks): a quoted passage split on one side belongs in one bead with its rest.
    quote_penalty: float = 2.0
    role_bonus: float = 2.0
    #: Posterior temperature, fitted on dev data only (NTREX dev perturbed + Text+Berg dev,
    #: ``scripts/eval_alignment.py --calibrate``: lowest negative log-likelihood of link
    #: correctness, 0.315 against 0.405 at 1.0; expected calibration error 0.046).
    temperature: float = 1.75
    band: int = 30
    full_limit: int = 400
    bootstrap: bool = True
    bootstrap_min_dice: float = 0.7
    bootstrap_min_count: int = 2
    job_min_dice: float = 0.4
    job_min_count: int = 3
    job_min_pairs: int = 80
    #: How a job learns its lexicon: ``ibm1`` (:func:`learn_ibm1`) or ``dice``
    #: (:func:`learn_lexicon`).
    job_lexicon: str = "ibm1"
    job_min_prob: float = 0.15
    #: Lexical and learned-lexicon weights of a job's second pass: a job's lexicon is richer
    #: than one document's, so lexical evidence counts for more (fitted on NTREX and Bible dev).
    job_lexical_weight: float = 12.0
    job_learned_weight: float = 1.5


DEFAULT = Settings()


@dataclass(frozen=True, slots=True)
class Side:
    """One side of the pair as the aligner sees it: per sentence its length (non-space
    characters), anchor features and role (``None`` when unknown)."""

    lengths: tuple[int, ...]
    features: tuple[Features, ...]
    roles: tuple[str, ...] | None = None
    #: Double quotation marks per sentence (see :func:`quote_marks`); empty when unknown.
    quotes: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Word pairs (source token, target token) that translate each other, learned from
    confident links (see :func:`learn_lexicon`). Korean tokens are two-syllable word stems,
    others lower-cased words."""

    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class JobDocument:
    """One document pair of a job: sentences, and optionally roles and anchor sets per
    sentence (see :func:`align`)."""

    source: tuple[str, ...]
    target: tuple[str, ...]
    source_roles: tuple[str, ...] | None = None
    target_roles: tuple[str, ...] | None = None
    source_anchors: tuple[frozenset[str], ...] | None = None
    target_anchors: tuple[frozenset[str], ...] | None = None


# --- features ------------------------------------------------------------------------------------


def _strip_accents(word: str) -> str:
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _length(text: str) -> int:
    return len("".join(text.split()))


def _names_apply(source_lang: str, target_lang: str) -> bool:
    langs = {source_lang, target_lang}
    return "ko" in langs and len(langs - _NON_LATIN_LANGS) == 1


def calendar_keys(text: str, lang: str) -> tuple[list[str], list[str]]:
    """Months and weekdays of a Korean or English sentence, for matching across the two: month
    numbers (English ``November``/``Nov.`` gives ``11``, as Korean ``11월`` does through
    :func:`align.numbers.number_keys`, so only English needs them) and weekday names (월요일 and
    ``Monday`` both give ``monday``)."""
    if lang == "en":
        months: list[str] = []
        weekdays: list[str] = []
        for match in _EN_CALENDAR.finditer(text):
            word = match.group(0)
            if word.endswith("day"):
                weekdays.append(word.lower())
            elif word != "May" or _MAY_BEFORE.search(text, 0, match.start()) or (
                    text[match.end():match.end() + 3].lstrip(" ,")[:1].isdigit()):
                months.append(str(_MONTH_NUMBERS[word.rstrip(".").lower()]))
        return months, weekdays
    if lang == "ko" and "요일" in text:
        return [], [_WEEKDAYS[m.group(0)] for m in _KO_WEEKDAY.finditer(text)]
    return [], []


def sentence_features(text: str, lang: str, *, cognates: bool, names: bool = False,
                      calendar: bool = False) -> Features:
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
    if lang in _NON_LATIN_LANGS:
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


def _dictionary_hits(text: str, lang: str, index: dict[str, list[int]],
                     longest: int) -> set[int]:
    """Dictionary entries found in ``text``: word n-grams; for Korean also a word whose last
    one to three syllables are a particle (은/는/이/가/에서...)."""
    words = [w.strip(".,!?;:\"'“”‘’()[]«»") .lower() for w in text.split()]
    hits: set[int] = set()
    for size in range(1, longest + 1):
        for start in range(len(words) - size + 1):
            phrase = " ".join(words[start:start + size])
            if phrase in index:
                hits.update(index[phrase])
            elif lang == "ko":
                for cut in (1, 2, 3):
                    if (len(phrase) > cut and phrase[-cut:] in _KO_PARTICLES
                            and phrase[:-cut] in index):
                        hits.update(index[phrase[:-cut]])
                        break
    return hits


def _add_dictionary(source: Sequence[str], target: Sequence[str], src: list[Features],
                    tgt: list[Features], source_lang: str, target_lang: str,
                    dictionary: Sequence[tuple[str, str]]) -> None:
    for texts, feats, lang, terms in ((source, src, source_lang, [p[0] for p in dictionary]),
                                      (target, tgt, target_lang, [p[1] for p in dictionary])):
        index = _phrase_index(terms)
        longest = max((key.count(" ") + 1 for key in index), default=1)
        # A word present as several entries (e.g. synonyms) is one feature per target word, so
        # entries are named by the other side's term: translations of one word share a name.
        for text, counter in zip(texts, feats, strict=True):
            for number in _dictionary_hits(text, lang, index, longest):
                key = "d:" + " ".join(dictionary[number][1].lower().split())
                counter[key] = counter.get(key, 0) + 1


def _add_lexicon(src: list[Features], tgt: list[Features], src_tokens: Sequence[frozenset[str]],
                 tgt_tokens: Sequence[frozenset[str]], lexicon: Lexicon, prefix: str) -> None:
    """Learned word pairs as features: a source token, and every target token it translates,
    become the feature ``prefix + source token``."""
    sources = {s for s, _ in lexicon.pairs}
    by_target: dict[str, list[str]] = defaultdict(list)
    for s, t in lexicon.pairs:
        by_target[t].append(prefix + s)
    for counter, tokens in zip(src, src_tokens, strict=True):
        for token in tokens & sources:
            counter[prefix + token] = 1
    for counter, tokens in zip(tgt, tgt_tokens, strict=True):
        for token in tokens:
            for key in by_target.get(token, ()):
                counter[key] = 1


def prepare_sides(source: Sequence[str], target: Sequence[str], *, source_lang: str,
                  target_lang: str,
                  source_anchors: Sequence[frozenset[str]] | None = None,
                  target_anchors: Sequence[frozenset[str]] | None = None,
                  dictionary: Sequence[tuple[str, str]] = (),
                  source_roles: Sequence[str] | None = None,
                  target_roles: Sequence[str] | None = None) -> tuple[Side, Side]:
    """Features of both sides, kept only where they occur on both sides of the pair (numbers
    are kept everywhere: see ``_ONE_SIDED``)."""
    cognates = source_lang not in _NON_LATIN_LANGS and target_lang not in _NON_LATIN_LANGS
    names = _names_apply(source_lang, target_lang)
    calendar = {source_lang, target_lang} == {"ko", "en"}
    src = [sentence_features(t, source_lang, cognates=cognates, names=names, calendar=calendar)
           for t in source]
    tgt = [sentence_features(t, target_lang, cognates=cognates, names=names, calendar=calendar)
           for t in target]
    for feats, anchors in ((src, source_anchors), (tgt, target_anchors)):
        if anchors is not None:
            for counter, ids in zip(feats, anchors, strict=False):
                for concept in ids:
                    counter["g:" + concept] = counter.get("g:" + concept, 0) + 1
    if dictionary:
        _add_dictionary(source, target, src, tgt, source_lang, target_lang, dictionary)
    return (_side(source, src, source_roles), _side(target, tgt, target_roles))


def _side(texts: Sequence[str], features: list[Features],
          roles: Sequence[str] | None) -> Side:
    return Side(tuple(_length(t) for t in texts), tuple(features),
                tuple(roles) if roles is not None else None,
                tuple(quote_marks(t) for t in texts))


def _keep_shared(src: Side, tgt: Side) -> tuple[Side, Side]:
    src_keys = set().union(*src.features) if src.features else set()
    tgt_keys = set().union(*tgt.features) if tgt.features else set()
    shared = src_keys & tgt_keys

    def keep(side: Side) -> Side:
        feats = tuple({k: v for k, v in f.items() if k in shared or k.startswith(_ONE_SIDED)}
                      for f in side.features)
        return replace(side, features=feats)

    return keep(src), keep(tgt)


def _weights(src: Side, tgt: Side, settings: Settings) -> dict[str, float]:
    """Feature weights: the class weight times the feature's rarity (inverse document
    frequency over the sentences of both sides)."""
    df: Counter[str] = Counter()
    for counter in (*src.features, *tgt.features):
        df.update(counter.keys())
    total = len(src.features) + len(tgt.features)
    klass = {"n": settings.number_weight, "m": settings.number_weight, "w": settings.word_weight,
             "c": settings.cognate_weight, "p": settings.punct_weight,
             "t": settings.name_weight, "g": settings.anchor_weight,
             "d": settings.dictionary_weight, "l": settings.learned_weight,
             "b": settings.learned_weight, "k": settings.number_weight}
    return {key: klass[key[0]] * math.log(1.0 + total / count) for key, count in df.items()}


# --- lattice -------------------------------------------------------------------------------------


def _pair_matches(src: Side, tgt: Side, weights: dict[str, float], band: Band,
                  strict: str, reach: int) -> tuple[npt.NDArray[np.int64], FloatArray, FloatArray]:
    """Weighted matches between each source sentence r and the target sentences near the band,
    as prefix sums: row r of the matrices covers targets ``first[r] ..`` (sparse over shared
    features, so the cost is the number of actual matches). The second matrix counts only the
    feature classes in ``strict``."""
    postings: dict[str, tuple[list[int], list[int]]] = {}
    for col, counter in enumerate(tgt.features):
        for key, count in counter.items():
            entry = postings.setdefault(key, ([], []))
            entry[0].append(col)
            entry[1].append(count)
    n = len(src.features)
    # Source sentence r is in beads ending on rows r+1 .. r+reach, reaching ``reach`` columns
    # back (``reach``: the most sentences a bead takes from one side).
    windows = np.lib.stride_tricks.sliding_window_view(
        np.concatenate([band.lo[1:], np.repeat(band.lo[-1:], reach - 1)]), reach)
    lo_next, hi_next = windows.min(axis=1), windows.max(axis=1)
    first = np.maximum(lo_next - reach, 0)
    width = int((hi_next - first).max()) + band.width + 1 if n else 1
    stride = width + 1
    cells: list[int] = []
    amounts: list[float] = []
    strict_cells: list[int] = []
    strict_amounts: list[float] = []
    for r, counter in enumerate(src.features):
        start = int(first[r])
        base = r * stride - start + 1
        for key, count in counter.items():
            found_entry = postings.get(key)
            if found_entry is None:
                continue
            cols, counts = found_entry
            at = bisect.bisect_left(cols, start)
            stop = bisect.bisect_left(cols, start + width)
            if at == stop:
                continue
            weight = weights[key]
            found = [base + col for col in cols[at:stop]]
            worth = [weight * min(count, other) for other in counts[at:stop]]
            cells.extend(found)
            amounts.extend(worth)
            if key[0] in strict:
                strict_cells.extend(found)
                strict_amounts.extend(worth)
    size = n * stride
    values = np.bincount(np.asarray(cells, dtype=np.int64), weights=amounts, minlength=size)
    strict_values = np.bincount(np.asarray(strict_cells, dtype=np.int64),
                                weights=strict_amounts, minlength=size)
    return (first, np.cumsum(values[:size].reshape(n, stride), axis=1),
            np.cumsum(strict_values[:size].reshape(n, stride), axis=1))


def _cumulative(values: Sequence[float] | npt.NDArray[np.float64]) -> FloatArray:
    return np.concatenate([[0.0], np.cumsum(np.asarray(values, dtype=np.float64))])


def _role_counts(roles: tuple[str, ...] | None, n: int) -> dict[str, FloatArray]:
    """Per role, the number of sentences of that role among the first ``i`` (index ``i``)."""
    if roles is None:
        return {}
    return {role: _cumulative([r == role for r in roles[:n]] + [False] * (n - len(roles)))
            for role in (*FURNITURE, BOILERPLATE)}


def _marks_quotes_alike(src: Sequence[int], tgt: Sequence[int]) -> bool:
    """Whether both sides mark quotations about equally often: only then does a quotation open
    on one side and not the other say anything (OCR text may read „ “ as ``<`` and ``(``)."""
    src_total, tgt_total = sum(src), sum(tgt)
    return min(src_total, tgt_total) >= 0.5 * max(src_total, tgt_total) > 0


def _only(side: Side, classes: str) -> Side:
    """``side`` with only the features of the given classes (``"nw"``: numbers and words)."""
    return replace(side, features=tuple({k: v for k, v in f.items() if k[0] in classes}
                                        for f in side.features))


def _bead_matches(first: npt.NDArray[np.int64], prefix: FloatArray,
                  rows: npt.NDArray[np.int64], cols: npt.NDArray[np.int64], a: int, b: int,
                  n: int) -> FloatArray:
    """Weighted matches between the ``a`` source and ``b`` target sentences of a bead ending
    at each cell (sums of :func:`_pair_matches` rows)."""
    stride = prefix.shape[1]
    flat = prefix.ravel()
    match = np.zeros(cols.shape)
    for back in range(1, a + 1):
        r = np.clip(rows - back, 0, max(n - 1, 0))
        offset = cols - first[r]
        base = r * stride
        match += flat[base + np.clip(offset, 0, stride - 1)]
        match -= flat[base + np.clip(offset - b, 0, stride - 1)]
    return match


def _lattice(src: Side, tgt: Side, weights: dict[str, float], band: Band, ratio: float,
             variance: float, settings: Settings) -> Lattice:
    """Score every bead type at every cell of the band, all cells at once."""
    n, m = len(src.lengths), len(tgt.lengths)
    src_cum, tgt_cum = _cumulative(src.lengths), _cumulative(tgt.lengths)
    reach = max(max(bead) for bead, _ in settings.beads)
    first, prefix, strict_prefix = _pair_matches(src, tgt, weights, band,
                                                 settings.missing_classes, reach)
    src_w = _cumulative([sum(weights[k] * v for k, v in f.items()) for f in src.features])
    tgt_w = _cumulative([sum(weights[k] * v for k, v in f.items()) for f in tgt.features])
    # Negative evidence counts only anchor classes that a translation keeps (numbers by
    # default): a name skeleton or a learned word may well have no partner in a right bead.
    strict_src, strict_tgt = (_only(side, settings.missing_classes) for side in (src, tgt))
    strict_src_w = _cumulative([sum(weights[k] * v for k, v in f.items())
                                for f in strict_src.features])
    strict_tgt_w = _cumulative([sum(weights[k] * v for k, v in f.items())
                                for f in strict_tgt.features])
    src_roles, tgt_roles = _role_counts(src.roles, n), _role_counts(tgt.roles, m)
    quoting = bool(settings.quote_penalty) and _marks_quotes_alike(src.quotes, tgt.quotes)
    src_quotes = _cumulative(src.quotes) if quoting else None
    tgt_quotes = _cumulative(tgt.quotes) if quoting else None
    rows = np.arange(n + 1, dtype=np.int64)[:, None]
    cols = band.columns()
    beads = tuple(bead for bead, _ in settings.beads if bead != (0, 1))
    priors = dict(settings.beads)
    scores = np.empty((n + 1, len(beads), band.width))
    insert = np.full(cols.shape, -np.inf)
    for code, (a, b) in enumerate((*beads, (0, 1))):
        valid = (cols >= b) & (cols <= m) & (rows >= a)
        safe_rows = np.clip(rows, a, max(n, a)) if a <= n else np.full_like(rows, n)
        back_rows = np.maximum(safe_rows - a, 0)
        safe = np.clip(cols, b, m) if b <= m else np.full_like(cols, m)
        back_cols = np.maximum(safe - b, 0)
        score = np.full(cols.shape, math.log(priors[(a, b)]))
        if a and b:
            ls = (src_cum[safe_rows] - src_cum[back_rows]) * ratio
            lt = tgt_cum[safe] - tgt_cum[back_cols]
            score -= (lt - ls) ** 2 / (variance * (lt + ls) / 2.0 + 1.0) / 2.0
            # Weighted Dice similarity of the bead's anchors. Matches are summed over the
            # bead's sentence pairs, so an anchor repeated in two sentences of one side can
            # count twice: capping by the smaller side's total keeps it a similarity.
            ws = src_w[safe_rows] - src_w[back_rows]
            wt = tgt_w[safe] - tgt_w[back_cols]
            match = _bead_matches(first, prefix, safe_rows, safe, a, b, n)
            match = np.minimum(match, np.minimum(ws, wt))
            score += settings.lexical_weight * 2.0 * match / (ws + wt + settings.smoothing)
            ws = strict_src_w[safe_rows] - strict_src_w[back_rows]
            wt = strict_tgt_w[safe] - strict_tgt_w[back_cols]
            match = _bead_matches(first, strict_prefix, safe_rows, safe, a, b, n)
            match = np.minimum(match, np.minimum(ws, wt))
            # The share of anchors left unmatched, counted per sentence of the bead so that
            # joining two sentence pairs into one 2-2 bead does not halve the evidence.
            score -= (settings.missing_weight * (a + b) / 2.0 * (ws + wt - 2.0 * match)
                      / (ws + wt + settings.smoothing))
            if src_roles and tgt_roles:
                for role in FURNITURE:
                    if not (src_roles[role][-1] or tgt_roles[role][-1]):
                        continue  # neither side has this role: nothing to reward or penalise
                    in_src = src_roles[role][safe_rows] - src_roles[role][back_rows]
                    in_tgt = tgt_roles[role][safe] - tgt_roles[role][back_cols]
                    has_src, has_tgt = in_src > 0, in_tgt > 0
                    # A headline or caption joined with body text on either side is as wrong
                    # as one paired with body text on the other.
                    mixed = (has_src & (in_src < a)) | (has_tgt & (in_tgt < b))
                    score -= settings.role_penalty * ((has_src != has_tgt) | mixed)
                    score += settings.role_bonus * (has_src & has_tgt & ~mixed)
            for counts, hi_idx, lo_idx in ((src_roles, safe_rows, back_rows),
                                           (tgt_roles, safe, back_cols)):
                if counts:
                    boiler = counts[BOILERPLATE]
                    valid &= (boiler[hi_idx] - boiler[lo_idx]) == 0
        if src_quotes is not None and tgt_quotes is not None:
            open_src = (src_quotes[safe_rows] - src_quotes[back_rows]) % 2
            open_tgt = (tgt_quotes[safe] - tgt_quotes[back_cols]) % 2
            score -= settings.quote_penalty * (open_src != open_tgt)
        if (a, b) == (0, 1):
            insert = np.where(valid, score, -np.inf)
        else:
            scores[:, code, :] = np.where(valid, score, -np.inf)
    return Lattice(band, beads, scores, insert)


def _search(src: Side, tgt: Side, weights: dict[str, float], ratio: float, variance: float,
            settings: Settings) -> tuple[Lattice, list[Bead]]:
    n, m = len(src.lengths), len(tgt.lengths)
    if m + 1 <= settings.full_limit:
        lattice = _lattice(src, tgt, weights, full_band(n, m), ratio, variance, settings)
        return lattice, viterbi(lattice)
    settings = replace(settings, beads=tuple(
        (bead, prior) for bead, prior in settings.beads if max(bead) <= BANDED_BEAD_SIZE))
    half = settings.band
    band = diagonal_band(n, m, half)
    for _round in range(4):
        lattice = _lattice(src, tgt, weights, band, ratio, variance, settings)
        path = viterbi(lattice)
        if not touches_edge(path, band, margin=max(3, half // 8)):
            break
        half *= 2
        band = path_band(path, n, m, half)
    return lattice, path


# --- learned lexicon -----------------------------------------------------------------------------


def learn_lexicon(pairs: Sequence[tuple[frozenset[str], frozenset[str]]], *, min_count: int = 2,
                  min_dice: float = 0.8, limit: int = 4000) -> Lexicon:
    """Token pairs with a high Dice coefficient over sentence pairs believed to be
    translations (as hunalign bootstraps its dictionary from its first alignment).

    ``pairs`` holds the :func:`lexicon_tokens` of both sentences of each pair; at most
    ``limit`` pairs, evenly spread, are counted.
    """
    if len(pairs) > limit:
        step = len(pairs) / limit
        pairs = [pairs[int(k * step)] for k in range(limit)]
    src_df: Counter[str] = Counter()
    tgt_df: Counter[str] = Counter()
    for s_set, t_set in pairs:
        src_df.update(s_set)
        tgt_df.update(t_set)
    joint: Counter[tuple[str, str]] = Counter()
    for s_set, t_set in pairs:
        # Tokens seen once cannot reach min_count together: skip them before pairing.
        s_keep = [s for s in s_set if src_df[s] >= min_count]
        t_keep = [t for t in t_set if tgt_df[t] >= min_count]
        if len(s_keep) * len(t_keep) <= 2500:
            joint.update((s, t) for s in s_keep for t in t_keep)
    found = [(s, t) for (s, t), count in joint.items()
             if count >= min_count and 2 * count / (src_df[s] + tgt_df[t]) >= min_dice]
    return Lexicon(tuple(sorted(found)))


def learn_ibm1(pairs: Sequence[tuple[frozenset[str], frozenset[str]]], *, min_count: int = 2,
               min_prob: float = 0.3, iterations: int = 5, limit: int = 20000) -> Lexicon:
    """Token pairs that translate each other by IBM Model 1 (Brown et al. 1993), trained in
    both directions by expectation–maximisation over sentence pairs believed to be
    translations; a pair is kept when each token is the other's likely translation (t(e|k) and
    t(k|e) both at least ``min_prob``, as in the intersection heuristic of Och & Ney 2003) and
    the two co-occur in at least ``min_count`` pairs.

    Unlike Dice, EM explains a target word by the *best* source word of its sentence, so a
    frequent word that co-occurs with everything (the, 하나) does not take the credit from
    the rare word that is its real translation.
    """
    if len(pairs) > limit:
        step = len(pairs) / limit
        pairs = [pairs[int(k * step)] for k in range(limit)]
    src_df: Counter[str] = Counter()
    tgt_df: Counter[str] = Counter()
    for s_set, t_set in pairs:
        src_df.update(s_set)
        tgt_df.update(t_set)
    src_vocab = sorted(s for s, c in src_df.items() if c >= min_count)
    tgt_vocab = sorted(t for t, c in tgt_df.items() if c >= min_count)
    if not src_vocab or not tgt_vocab:
        return Lexicon(())
    src_id = {s: k + 1 for k, s in enumerate(src_vocab)}  # 0 is NULL (and rare words)
    tgt_id = {t: k + 1 for k, t in enumerate(tgt_vocab)}
    src_seqs = [[src_id.get(s, 0) for s in sorted(s_set)] for s_set, _ in pairs]
    tgt_seqs = [[tgt_id.get(t, 0) for t in sorted(t_set)] for _, t_set in pairs]
    forward = _ibm1(src_seqs, tgt_seqs, len(src_id) + 1, iterations)
    backward = _ibm1(tgt_seqs, src_seqs, len(tgt_id) + 1, iterations)
    joint: Counter[tuple[int, int]] = Counter()
    for s_seq, t_seq in zip(src_seqs, tgt_seqs, strict=True):
        joint.update((s, t) for s in s_seq if s for t in t_seq if t)
    found = [(src_vocab[s - 1], tgt_vocab[t - 1]) for (s, t), count in joint.items()
             if count >= min_count and forward.get((s, t), 0.0) >= min_prob
             and backward.get((t, s), 0.0) >= min_prob]
    return Lexicon(tuple(sorted(found)))


def _ibm1(src_seqs: Sequence[Sequence[int]], tgt_seqs: Sequence[Sequence[int]], vocab: int,
          iterations: int) -> dict[tuple[int, int], float]:
    """IBM Model 1 translation probabilities t(target | source) over id sequences (source id
    0 is the empty word, added to every sentence), all pairs of a sentence at once."""
    src_parts: list[npt.NDArray[np.int64]] = []
    tgt_parts: list[npt.NDArray[np.int64]] = []
    group_parts: list[npt.NDArray[np.int64]] = []
    groups = 0
    for s_seq, t_seq in zip(src_seqs, tgt_seqs, strict=True):
        if not t_seq:
            continue
        s_arr = np.asarray([0, *s_seq], dtype=np.int64)
        t_arr = np.asarray(t_seq, dtype=np.int64)
        src_parts.append(np.tile(s_arr, len(t_arr)))
        tgt_parts.append(np.repeat(t_arr, len(s_arr)))
        group_parts.append(np.repeat(np.arange(groups, groups + len(t_arr)), len(s_arr)))
        groups += len(t_arr)
    if not src_parts:
        return {}
    src = np.concatenate(src_parts)
    tgt = np.concatenate(tgt_parts)
    group = np.concatenate(group_parts)
    types, kind = np.unique(src * (int(tgt.max()) + 1) + tgt, return_inverse=True)
    type_src = types // (int(tgt.max()) + 1)
    type_tgt = types % (int(tgt.max()) + 1)
    prob = np.ones(len(types))
    for _iteration in range(iterations):
        share = prob[kind]
        share = share / np.bincount(group, weights=share, minlength=groups)[group]
        counts = np.bincount(kind, weights=share, minlength=len(types))
        totals = np.bincount(type_src, weights=counts, minlength=vocab)
        prob = counts / np.maximum(totals[type_src], 1e-12)
    return {(int(s), int(t)): float(p)
            for s, t, p in zip(type_src, type_tgt, prob, strict=True) if s and t}


def _confident_pairs(path: list[Bead], scores: Sequence[float] | None, src_tokens: Sequence[
        frozenset[str]], tgt_tokens: Sequence[frozenset[str]],
        min_score: float = 0.0) -> list[tuple[frozenset[str], frozenset[str]]]:
    out = []
    for number, (i0, i1, j0, j1) in enumerate(path):
        if i1 - i0 == 1 and j1 - j0 == 1 and (scores is None or scores[number] >= min_score):
            out.append((src_tokens[i0], tgt_tokens[j0]))
    return out


def _estimate_variance(src: Side, tgt: Side, ratio: float, path: list[Bead],
                       default: float) -> float:
    """Gale & Church's variance s² estimated from the 1-1 links of a first pass."""
    values = []
    for i0, i1, j0, j1 in path:
        if i1 - i0 == 1 and j1 - j0 == 1:
            ls = src.lengths[i0] * ratio
            lt = tgt.lengths[j0]
            if ls + lt > 0:
                values.append((lt - ls) ** 2 / ((lt + ls) / 2.0 + 1.0))
    if len(values) < 5:
        return default
    values.sort()
    trimmed = values[: max(1, int(len(values) * 0.9))]
    return max(1.0, sum(trimmed) / len(trimmed))


# --- public API ----------------------------------------------------------------------------------


def _links(path: list[Bead], scores: Sequence[float]) -> list[Link]:
    """Links in document order; within a run of unaligned sentences, the source side's come
    first (the order of a 1-0 and a 0-1 link side by side is otherwise arbitrary)."""
    links = [Link(tuple(range(i0, i1)), tuple(range(j0, j1)), score)
             for (i0, i1, j0, j1), score in zip(path, scores, strict=True)]
    out: list[Link] = []
    run: list[Link] = []
    for link in links:
        if link.source and link.target:
            out.extend(sorted(run, key=lambda x: (not x.source, x.source, x.target)))
            run = []
            out.append(link)
        else:
            run.append(link)
    out.extend(sorted(run, key=lambda x: (not x.source, x.source, x.target)))
    return out


def _one_sided(n: int, m: int) -> list[Link]:
    return [Link((i,), (), 1.0) for i in range(n)] + [Link((), (j,), 1.0) for j in range(m)]


def align(source: Sequence[str], target: Sequence[str], *, source_lang: str = "ko",
          target_lang: str = "en",
          source_anchors: Sequence[frozenset[str]] | None = None,
          target_anchors: Sequence[frozenset[str]] | None = None,
          dictionary: Sequence[tuple[str, str]] = (),
          source_roles: Sequence[str] | None = None,
          target_roles: Sequence[str] | None = None,
          lexicon: Lexicon | None = None,
          settings: Settings = DEFAULT) -> list[Link]:
    """Align two sentence lists; return links covering every sentence of both sides once, in
    order, each with its posterior probability as score.

    ``source_anchors``/``target_anchors`` give, per sentence, ids of things known to
    correspond across the sides (e.g. glossary concept ids found in the sentence);
    ``dictionary`` lists (source term, target term) pairs; ``source_roles``/``target_roles``
    give each sentence's role (``title``, ``subtitle``, ``caption``, ``body``, ``byline``,
    ``boilerplate``): boilerplate is left unaligned and roles pair with their own kind;
    ``lexicon`` adds word pairs learned elsewhere (see :func:`align_job`).
    """
    return _align(source, target, source_lang=source_lang, target_lang=target_lang,
                  source_anchors=source_anchors, target_anchors=target_anchors,
                  dictionary=dictionary, source_roles=source_roles,
                  target_roles=target_roles, lexicon=lexicon, settings=settings)[0]


def _align(source: Sequence[str], target: Sequence[str], *, source_lang: str,
           target_lang: str, source_anchors: Sequence[frozenset[str]] | None,
           target_anchors: Sequence[frozenset[str]] | None,
           dictionary: Sequence[tuple[str, str]], source_roles: Sequence[str] | None,
           target_roles: Sequence[str] | None, lexicon: Lexicon | None,
           settings: Settings) -> tuple[list[Link], list[tuple[frozenset[str], frozenset[str]]]]:
    """:func:`align`, also returning the lexicon tokens of its 1-1 links (for job lexicons)."""
    n, m = len(source), len(target)
    if n == 0 or m == 0:
        return _one_sided(n, m), []
    if source_lang not in _NON_LATIN_LANGS and target_lang not in _NON_LATIN_LANGS:
        # Between two Latin-script languages most words have no identical partner, so only
        # numbers are negative evidence; a Latin word inside Korean is kept by the English.
        settings = replace(settings, missing_classes=settings.missing_classes.replace("w", ""))
    src, tgt = prepare_sides(source, target, source_lang=source_lang, target_lang=target_lang,
                             source_anchors=source_anchors, target_anchors=target_anchors,
                             dictionary=dictionary, source_roles=source_roles,
                             target_roles=target_roles)
    ratio = (sum(tgt.lengths) + 1.0) / (sum(src.lengths) + 1.0)
    shared = _keep_shared(src, tgt)
    weights = _weights(*shared, settings)
    path = _search(*shared, weights, ratio, settings.variance, settings)[1]
    variance = _estimate_variance(src, tgt, ratio, path, settings.variance)
    src_tokens = [lexicon_tokens(t, source_lang) for t in source]
    tgt_tokens = [lexicon_tokens(t, target_lang) for t in target]
    first_pass = _confident_pairs(path, None, src_tokens, tgt_tokens)
    src_feats, tgt_feats = list(src.features), list(tgt.features)
    changed = variance != settings.variance
    if settings.bootstrap and len(first_pass) >= 8:
        learned = learn_lexicon(first_pass, min_count=settings.bootstrap_min_count,
                                min_dice=settings.bootstrap_min_dice)
        if learned.pairs:
            _add_lexicon(src_feats, tgt_feats, src_tokens, tgt_tokens, learned, "b:")
            changed = True
    if lexicon is not None and lexicon.pairs:
        _add_lexicon(src_feats, tgt_feats, src_tokens, tgt_tokens, lexicon, "l:")
        changed = True
    if changed:
        shared = _keep_shared(replace(src, features=tuple(src_feats)),
                              replace(tgt, features=tuple(tgt_feats)))
        weights = _weights(*shared, settings)
    # The final pass keeps its lattice for the posteriors (the first pass's is not kept, so
    # only one lattice is in memory at a time).
    lattice, path = _search(*shared, weights, ratio, variance if changed else settings.variance,
                            settings)
    scores = posteriors(lattice, path, settings.temperature)
    return _links(path, scores), _confident_pairs(path, scores, src_tokens, tgt_tokens, 0.9)


def align_job(documents: Sequence[JobDocument], *, source_lang: str = "ko",
              target_lang: str = "en", dictionary: Sequence[tuple[str, str]] = (),
              settings: Settings = DEFAULT) -> list[list[Link]]:
    """Align the document pairs of one job in two passes: align each alone, learn a lexicon
    over the confident 1-1 links of *all* documents (IBM Model 1, :func:`learn_ibm1`; or Dice,
    :func:`learn_lexicon`, with ``settings.job_lexicon="dice"``), then align each again with it.
    Documents share their vocabulary, so the job knows more word pairs than any one document
    (hunalign's bootstrapping, made corpus-wide)."""
    if settings.job_lexicon not in ("ibm1", "dice"):
        raise ConfigError(f"unknown job lexicon {settings.job_lexicon!r}: use 'ibm1' or 'dice'")

    def run(doc: JobDocument, lexicon: Lexicon | None) -> tuple[
            list[Link], list[tuple[frozenset[str], frozenset[str]]]]:
        return _align(doc.source, doc.target, source_lang=source_lang, target_lang=target_lang,
                      source_anchors=doc.source_anchors, target_anchors=doc.target_anchors,
                      dictionary=dictionary, source_roles=doc.source_roles,
                      target_roles=doc.target_roles, lexicon=lexicon, settings=settings)

    first = [run(doc, None) for doc in documents]
    confident = [pair for _, pairs in first for pair in pairs]
    if len(confident) < settings.job_min_pairs:
        # Too few links to learn from: a small job's lexicon is noise (on Bible dev, James'
        # 5 chapters, 58 confident links, lost 5 points of F1 with it; Esther's 87 gained 2),
        # so each document keeps its own pass.
        return [links for links, _ in first]
    if settings.job_lexicon == "ibm1":
        lexicon = learn_ibm1(confident, min_count=settings.job_min_count,
                             min_prob=settings.job_min_prob)
    else:
        lexicon = learn_lexicon(confident, min_count=settings.job_min_count,
                                min_dice=settings.job_min_dice, limit=20000)
    settings = replace(settings, lexical_weight=settings.job_lexical_weight,
                       learned_weight=settings.job_learned_weight)
    return [run(doc, lexicon)[0] for doc in documents]
