"""Sentence alignment: sentences in, monotone many-to-many links with calibrated scores out.

The model scores a *bead* (a group of source sentences paired with a group of target sentences,
either group possibly empty) as the sum of

- a bead-type prior (Gale & Church 1993, Table 5, re-estimated for 0-1/1-0 and n-m beads);
- a length term: Gale & Church's (1993) normal model of the length difference, with the mean
  ratio and the variance estimated from the document pair itself (the ratio of total lengths;
  the variance from the first pass's 1-1 links), so Korean–English needs no fixed ratio;
- a lexical term in the spirit of Moore (2002) and hunalign (Varga et al. 2005): anchors shared
  by both sides, weighted by their rarity in the pair (inverse document frequency), from
  numbers normalised across scripts (:mod:`align.numbers`), Latin-script words and acronyms
  (``FT``, ``CSIS`` inside Korean), identical words and 4-letter-prefix cognates between two
  Latin-script languages (Simard, Foster & Isabelle 1992), quotes, parentheses, question and
  exclamation marks, caller-supplied anchor sets (glossary concepts), bilingual dictionary
  pairs, and a lexicon bootstrapped from the first pass's confident 1-1 links (Dice
  coefficient, as hunalign builds its dictionary from its own first alignment).

Search is dynamic programming over a band of the alignment lattice, re-centred on the path and
widened whenever the path comes near the band's edge (as Moore 2002 and Vecalign, Thompson &
Koehn 2019, search narrow bands), so time and memory grow linearly with document length for a
fixed band. Decisions come from the Viterbi path; each link's score is its posterior probability
under the model, computed with the forward–backward algorithm over the band (temperature fitted
on development data so that scores are calibrated: links scored about 0.9 are right about 90%
of the time). The aligner applies no thresholds: export does.
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from align.models import Link
from align.numbers import number_keys

FloatArray = npt.NDArray[np.float64]

#: Bead types (source count, target count) and their log prior probabilities.
BEADS: dict[tuple[int, int], float] = {
    (1, 1): math.log(0.86),
    (1, 0): math.log(0.03),
    (0, 1): math.log(0.03),
    (2, 1): math.log(0.04),
    (1, 2): math.log(0.04),
    (2, 2): math.log(0.004),
    (3, 1): math.log(0.004),
    (1, 3): math.log(0.004),
}

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


@dataclass(frozen=True, slots=True)
class Settings:
    """Model weights (fitted on the development sets; see ``scripts/eval_alignment.py``)."""

    beads: tuple[tuple[tuple[int, int], float], ...] = tuple(BEADS.items())
    variance: float = 6.8
    lexical_weight: float = 8.0
    smoothing: float = 2.0
    number_weight: float = 2.0
    word_weight: float = 1.0
    cognate_weight: float = 0.5
    punct_weight: float = 0.5
    anchor_weight: float = 2.0
    dictionary_weight: float = 1.0
    learned_weight: float = 1.0
    temperature: float = 1.0
    band: int = 60
    full_limit: int = 400
    bootstrap: bool = True


DEFAULT = Settings()


@dataclass(frozen=True, slots=True)
class Side:
    """One side of the pair as the aligner sees it: lengths and anchor features per sentence."""

    lengths: tuple[int, ...]
    features: tuple[Counter[str], ...]


@dataclass(slots=True)
class _Band:
    """The searched part of the lattice: row ``i`` covers targets ``lo[i] .. lo[i] + width``."""

    lo: npt.NDArray[np.int64]
    width: int
    m: int


@dataclass(slots=True)
class _Lattice:
    """Scores of every bead type ending at every cell of the band (``-inf`` where impossible)."""

    band: _Band
    scores: dict[tuple[int, int], FloatArray] = field(default_factory=dict)


def _strip_accents(word: str) -> str:
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _length(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


def sentence_features(text: str, lang: str, *, cognates: bool) -> Counter[str]:
    """Anchor features of one sentence (numbers, words, cognates, punctuation)."""
    features: Counter[str] = Counter()
    for key in number_keys(text):
        features["n:" + key] += 1
    if lang in _NON_LATIN_LANGS:
        words = [w.lower() for w in _LATIN_WORD.findall(text)]
    else:
        words = [_strip_accents(w.lower()) for w in _WORD.findall(text)]
    for word in words:
        features["w:" + word] += 1
        if cognates and len(word) >= 4:
            features["c:" + word[:4]] += 1
    for char, name in _PUNCT.items():
        count = text.count(char)
        if count:
            features[name] += count
    quotes = sum(text.count(ch) for ch in _QUOTE_CHARS)
    if quotes >= 2:
        features["p:quote"] += quotes // 2
    return features


def _lexicon_tokens(text: str, lang: str) -> set[str]:
    """Tokens for the bootstrapped lexicon: Hangul words cut to two syllables (a crude stem
    without particles), other words lower-cased."""
    if lang == "ko":
        return {w[:2] for w in _HANGUL_WORD.findall(text) if len(w) >= 2}
    return {_strip_accents(w.lower()) for w in _WORD.findall(text) if len(w) >= 3}


def _phrase_index(terms: Sequence[str], lang: str) -> dict[str, list[int]]:
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


def prepare_sides(source: Sequence[str], target: Sequence[str], *, source_lang: str,
                  target_lang: str,
                  source_anchors: Sequence[frozenset[str]] | None = None,
                  target_anchors: Sequence[frozenset[str]] | None = None,
                  dictionary: Sequence[tuple[str, str]] = ()) -> tuple[Side, Side]:
    """Features of both sides, kept only where they occur on both sides of the pair."""
    cognates = source_lang not in _NON_LATIN_LANGS and target_lang not in _NON_LATIN_LANGS
    src = [sentence_features(t, source_lang, cognates=cognates) for t in source]
    tgt = [sentence_features(t, target_lang, cognates=cognates) for t in target]
    for feats, anchors in ((src, source_anchors), (tgt, target_anchors)):
        if anchors is not None:
            for counter, ids in zip(feats, anchors, strict=False):
                for concept in ids:
                    counter["g:" + concept] += 1
    if dictionary:
        _add_dictionary(source, target, src, tgt, source_lang, target_lang, dictionary)
    shared = set().union(*src) & set().union(*tgt) if src and tgt else set()
    src = [Counter({k: v for k, v in c.items() if k in shared}) for c in src]
    tgt = [Counter({k: v for k, v in c.items() if k in shared}) for c in tgt]
    return (Side(tuple(_length(t) for t in source), tuple(src)),
            Side(tuple(_length(t) for t in target), tuple(tgt)))


def _add_dictionary(source: Sequence[str], target: Sequence[str], src: list[Counter[str]],
                    tgt: list[Counter[str]], source_lang: str, target_lang: str,
                    dictionary: Sequence[tuple[str, str]]) -> None:
    for texts, feats, lang, terms in ((source, src, source_lang, [p[0] for p in dictionary]),
                                      (target, tgt, target_lang, [p[1] for p in dictionary])):
        index = _phrase_index(terms, lang)
        longest = max((key.count(" ") + 1 for key in index), default=1)
        # A word present as several entries (e.g. synonyms) is one feature per target word, so
        # entries are named by the other side's term: translations of one word share a name.
        for text, counter in zip(texts, feats, strict=True):
            for number in _dictionary_hits(text, lang, index, longest):
                counter["d:" + " ".join(dictionary[number][1].lower().split())] += 1


def _weights(src: Side, tgt: Side, settings: Settings) -> dict[str, float]:
    """Feature weights: the class weight times the feature's rarity (inverse document
    frequency over the sentences of both sides)."""
    df: Counter[str] = Counter()
    for counter in (*src.features, *tgt.features):
        df.update(counter.keys())
    total = len(src.features) + len(tgt.features)
    klass = {"n": settings.number_weight, "w": settings.word_weight,
             "c": settings.cognate_weight, "p": settings.punct_weight,
             "g": settings.anchor_weight, "d": settings.dictionary_weight,
             "l": settings.learned_weight}
    return {key: klass[key[0]] * math.log(1.0 + total / count) for key, count in df.items()}


def _full_band(n: int, m: int) -> _Band:
    return _Band(np.zeros(n + 1, dtype=np.int64), m + 1, m)


def _diagonal_band(n: int, m: int, half: int) -> _Band:
    width = min(2 * half + 1, m + 1)
    centre = np.round(np.arange(n + 1) * (m / max(n, 1))).astype(np.int64)
    lo = np.clip(centre - half, 0, m + 1 - width)
    return _Band(lo, width, m)


def _path_band(path_cells: list[tuple[int, int]], n: int, m: int, half: int) -> _Band:
    width = min(2 * half + 1, m + 1)
    centre = np.zeros(n + 1, dtype=np.int64)
    for i, j in path_cells:
        centre[i] = j
    lo = np.clip(centre - half, 0, m + 1 - width)
    return _Band(lo, width, m)


def _pair_matches(src: Side, tgt: Side, weights: dict[str, float],
                  band: _Band) -> tuple[npt.NDArray[np.int64], FloatArray]:
    """Weighted matches between each source sentence r and the target sentences near the band,
    as prefix sums: row r of the matrix covers targets ``first[r] ..`` (sparse over shared
    features, so the cost is the number of actual matches)."""
    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for col, counter in enumerate(tgt.features):
        for key, count in counter.items():
            postings[key].append((col, count))
    reach = 3
    n = len(src.features)
    # Source sentence r is in beads ending on rows r+1 .. r+3, reaching 3 columns back.
    lo_next = np.asarray([int(band.lo[r + 1:r + 1 + reach].min()) for r in range(n)],
                         dtype=np.int64)
    hi_next = np.asarray([int(band.lo[r + 1:r + 1 + reach].max()) for r in range(n)],
                         dtype=np.int64)
    first = np.maximum(lo_next - reach, 0)
    width = int((hi_next - first).max()) + band.width + 1 if n else 1
    values = np.zeros((n, width + 1))
    starts = {key: [col for col, _ in entries] for key, entries in postings.items()}
    for r, counter in enumerate(src.features):
        start = int(first[r])
        for key, count in counter.items():
            weight = weights[key]
            entries = postings[key]
            at = bisect.bisect_left(starts[key], start)
            stop = bisect.bisect_left(starts[key], start + width)
            for col, other in entries[at:stop]:
                values[r, col - start + 1] += weight * min(count, other)
    return first, np.cumsum(values, axis=1)


def _cumulative_weight(side: Side, weights: dict[str, float]) -> FloatArray:
    totals = [sum(weights[k] * v for k, v in counter.items()) for counter in side.features]
    return np.concatenate([[0.0], np.cumsum(np.asarray(totals, dtype=np.float64))])


def _lattice(src: Side, tgt: Side, weights: dict[str, float], band: _Band, ratio: float,
             variance: float, settings: Settings) -> _Lattice:
    """Score every bead type at every cell of the band, all cells at once."""
    n, m = len(src.lengths), len(tgt.lengths)
    src_cum = np.concatenate([[0.0], np.cumsum(np.asarray(src.lengths, dtype=np.float64))])
    tgt_cum = np.concatenate([[0.0], np.cumsum(np.asarray(tgt.lengths, dtype=np.float64))])
    first, prefix = _pair_matches(src, tgt, weights, band)
    top = prefix.shape[1] - 1
    src_w = _cumulative_weight(src, weights)
    tgt_w = _cumulative_weight(tgt, weights)
    rows = np.arange(n + 1, dtype=np.int64)[:, None]
    cols = band.lo[:, None] + np.arange(band.width, dtype=np.int64)[None, :]
    lattice = _Lattice(band)
    for (a, b), prior in settings.beads:
        valid = (cols >= b) & (cols <= m) & (rows >= a)
        safe_rows = np.clip(rows, a, max(n, a)) if a <= n else np.full_like(rows, n)
        back_rows = np.maximum(safe_rows - a, 0)
        safe = np.clip(cols, b, m)
        score = np.full(cols.shape, prior)
        if a and b:
            ls = (src_cum[safe_rows] - src_cum[back_rows]) * ratio
            lt = tgt_cum[safe] - tgt_cum[safe - b]
            score -= (lt - ls) ** 2 / (variance * (lt + ls) / 2.0 + 1.0) / 2.0
            match = np.zeros(cols.shape)
            for back in range(1, a + 1):
                r = np.clip(safe_rows - back, 0, max(n - 1, 0))
                hi = np.clip(safe - first[r], 0, top)
                lo = np.clip(safe - b - first[r], 0, top)
                match += np.take_along_axis(prefix[r[:, 0]], hi, axis=1)
                match -= np.take_along_axis(prefix[r[:, 0]], lo, axis=1)
            # Weighted Dice similarity of the bead's anchors. Matches are summed over the
            # bead's sentence pairs, so an anchor repeated in two sentences of one side can
            # count twice: capping by the smaller side's total keeps it a similarity.
            ws = src_w[safe_rows] - src_w[back_rows]
            wt = tgt_w[safe] - tgt_w[safe - b]
            match = np.minimum(match, np.minimum(ws, wt))
            score += settings.lexical_weight * 2.0 * match / (ws + wt + settings.smoothing)
        lattice.scores[(a, b)] = np.where(valid, score, -np.inf)
    return lattice


def _overlap(width: int, shift: int) -> tuple[int, int]:
    """Columns k of a row whose predecessor column ``k + shift`` is inside the band."""
    return max(0, -shift), min(width, width - shift)


def _insertion_steps(row: FloatArray) -> FloatArray:
    steps = np.where(np.isfinite(row), row, -1e18)
    steps[0] = 0.0
    return np.asarray(np.cumsum(steps), dtype=np.float64)


def _viterbi(lattice: _Lattice) -> list[tuple[int, int, int, int]]:
    """Best path as beads (i0, i1, j0, j1): source [i0, i1) with target [j0, j1)."""
    band = lattice.band
    n = len(band.lo) - 1
    width = band.width
    beads = [bead for bead in lattice.scores if bead != (0, 1)]
    ins = lattice.scores[(0, 1)]
    best = np.full((n + 1, width), -np.inf)
    choice = np.full((n + 1, width), -1, dtype=np.int8)
    for i in range(n + 1):
        base = np.full(width, -np.inf)
        base_choice = np.full(width, -1, dtype=np.int8)
        if i == 0 and band.lo[0] == 0:
            base[0] = 0.0
        for code, (a, b) in enumerate(beads):
            if a > i:
                continue
            shift = int(band.lo[i] - b - band.lo[i - a])
            lo, hi = _overlap(width, shift)
            if lo >= hi:
                continue
            cand = best[i - a, lo + shift:hi + shift] + lattice.scores[(a, b)][i, lo:hi]
            better = cand > base[lo:hi]
            base[lo:hi] = np.where(better, cand, base[lo:hi])
            base_choice[lo:hi] = np.where(better, code, base_choice[lo:hi])
        # Insertions (0-1 beads) chain along the row: a running maximum over prefix sums.
        cum = _insertion_steps(ins[i])
        run = np.maximum.accumulate(base - cum) + cum
        from_insert = run > base + 1e-9
        best[i] = np.where(from_insert, run, base)
        choice[i] = np.where(from_insert, len(beads), base_choice)
    path: list[tuple[int, int, int, int]] = []
    i, k = n, band.m - int(band.lo[n])
    while i > 0 or band.lo[i] + k > 0:
        code = int(choice[i, k])
        j = int(band.lo[i] + k)
        a, b = (0, 1) if code == len(beads) or code < 0 else beads[code]
        path.append((i - a, i, j - b, j))
        k = j - b - int(band.lo[i - a])
        i -= a
    path.reverse()
    return path


def _forward_backward(lattice: _Lattice, temperature: float) -> tuple[FloatArray, FloatArray]:
    """Log forward and backward sums over all paths in the band (scores divided by T)."""
    band = lattice.band
    n = len(band.lo) - 1
    width = band.width
    scaled = {bead: grid / temperature for bead, grid in lattice.scores.items()}
    beads = [bead for bead in scaled if bead != (0, 1)]
    ins = scaled[(0, 1)]
    fwd = np.full((n + 1, width), -np.inf)
    for i in range(n + 1):
        base = np.full(width, -np.inf)
        if i == 0 and band.lo[0] == 0:
            base[0] = 0.0
        for a, b in beads:
            if a > i:
                continue
            shift = int(band.lo[i] - b - band.lo[i - a])
            lo, hi = _overlap(width, shift)
            if lo < hi:
                base[lo:hi] = np.logaddexp(base[lo:hi], fwd[i - a, lo + shift:hi + shift]
                                           + scaled[(a, b)][i, lo:hi])
        cum = _insertion_steps(ins[i])
        fwd[i] = np.logaddexp.accumulate(base - cum) + cum
    bwd = np.full((n + 1, width), -np.inf)
    for i in range(n, -1, -1):
        base = np.full(width, -np.inf)
        if i == n:
            end = band.m - band.lo[n]
            if 0 <= end < width:
                base[end] = 0.0
        for a, b in beads:
            if i + a > n:
                continue
            shift = int(band.lo[i] + b - band.lo[i + a])
            lo, hi = _overlap(width, shift)
            if lo < hi:
                base[lo:hi] = np.logaddexp(base[lo:hi], bwd[i + a, lo + shift:hi + shift]
                                           + scaled[(a, b)][i + a, lo + shift:hi + shift])
        # bwd[i, k] = logsumexp over k' >= k of base[k'] + insertion scores (k, k'].
        cum = _insertion_steps(ins[i])
        bwd[i] = np.logaddexp.accumulate((base + cum)[::-1])[::-1] - cum
    return fwd, bwd


def _posteriors(lattice: _Lattice, path: list[tuple[int, int, int, int]],
                temperature: float) -> list[float]:
    fwd, bwd = _forward_backward(lattice, temperature)
    band = lattice.band
    total = float(bwd[0, -band.lo[0]]) if band.lo[0] == 0 else -np.inf
    scores = []
    for i0, i1, j0, j1 in path:
        bead = (i1 - i0, j1 - j0)
        k_end = j1 - int(band.lo[i1])
        k_start = j0 - int(band.lo[i0])
        value = (fwd[i0, k_start] + lattice.scores[bead][i1, k_end] / temperature
                 + bwd[i1, k_end] - total)
        scores.append(float(min(1.0, max(0.0, math.exp(min(0.0, value))))))
    return scores


def _touches_edge(path: list[tuple[int, int, int, int]], band: _Band, margin: int) -> bool:
    for _i0, i1, _j0, j1 in path:
        k = j1 - int(band.lo[i1])
        if (k < margin and band.lo[i1] > 0) or (
                k > band.width - 1 - margin and band.lo[i1] + band.width - 1 < band.m):
            return True
    return False


def _search(src: Side, tgt: Side, weights: dict[str, float], ratio: float, variance: float,
            settings: Settings) -> tuple[_Lattice, list[tuple[int, int, int, int]]]:
    n, m = len(src.lengths), len(tgt.lengths)
    if m + 1 <= settings.full_limit:
        lattice = _lattice(src, tgt, weights, _full_band(n, m), ratio, variance, settings)
        return lattice, _viterbi(lattice)
    half = settings.band
    band = _diagonal_band(n, m, half)
    for _round in range(4):
        lattice = _lattice(src, tgt, weights, band, ratio, variance, settings)
        path = _viterbi(lattice)
        if not _touches_edge(path, band, margin=max(3, half // 8)):
            return lattice, path
        half *= 2
        cells = [(i1, j1) for _i0, i1, _j0, j1 in path]
        band = _path_band(cells, n, m, half)
    return lattice, path


def _learn_lexicon(source: Sequence[str], target: Sequence[str], source_lang: str,
                   target_lang: str, path: list[tuple[int, int, int, int]],
                   scores: Sequence[float] | None) -> list[tuple[set[str], set[str]]]:
    """Token pairs with a high Dice coefficient over the first pass's 1-1 links (hunalign)."""
    pairs = [(i0, j0) for i0, i1, j0, j1 in path if i1 - i0 == 1 and j1 - j0 == 1]
    if len(pairs) < 8:
        return []
    src_tokens = [_lexicon_tokens(source[i], source_lang) for i, _ in pairs]
    tgt_tokens = [_lexicon_tokens(target[j], target_lang) for _, j in pairs]
    src_df: Counter[str] = Counter()
    tgt_df: Counter[str] = Counter()
    joint: Counter[tuple[str, str]] = Counter()
    for s_set, t_set in zip(src_tokens, tgt_tokens, strict=True):
        src_df.update(s_set)
        tgt_df.update(t_set)
        if len(s_set) * len(t_set) <= 2500:
            joint.update((s, t) for s in s_set for t in t_set)
    lexicon: dict[str, set[str]] = defaultdict(set)
    for (s, t), count in joint.items():
        if count >= 2 and 2 * count / (src_df[s] + tgt_df[t]) >= 0.8:
            lexicon[s].add(t)
    return [({s}, targets) for s, targets in lexicon.items()]


def _add_learned(source: Sequence[str], target: Sequence[str], source_lang: str,
                 target_lang: str, lexicon: list[tuple[set[str], set[str]]], src: Side,
                 tgt: Side) -> tuple[Side, Side]:
    by_src = {s: f"l:{n}" for n, (ss, _) in enumerate(lexicon) for s in ss}
    by_tgt: dict[str, list[str]] = defaultdict(list)
    for n, (_, ts) in enumerate(lexicon):
        for t in ts:
            by_tgt[t].append(f"l:{n}")
    new_src = []
    for text, counter in zip(source, src.features, strict=True):
        extra = Counter(by_src[t] for t in _lexicon_tokens(text, source_lang) if t in by_src)
        new_src.append(counter + extra)
    new_tgt = []
    for text, counter in zip(target, tgt.features, strict=True):
        extra = Counter(f for t in _lexicon_tokens(text, target_lang) for f in by_tgt.get(t, ()))
        new_tgt.append(counter + extra)
    return Side(src.lengths, tuple(new_src)), Side(tgt.lengths, tuple(new_tgt))


def _estimate_variance(src: Side, tgt: Side, ratio: float,
                       path: list[tuple[int, int, int, int]], default: float) -> float:
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


def align(source: Sequence[str], target: Sequence[str], *, source_lang: str = "ko",
          target_lang: str = "en",
          source_anchors: Sequence[frozenset[str]] | None = None,
          target_anchors: Sequence[frozenset[str]] | None = None,
          dictionary: Sequence[tuple[str, str]] = (),
          settings: Settings = DEFAULT) -> list[Link]:
    """Align two sentence lists; return links covering every sentence of both sides once, in
    order, each with its posterior probability as score.

    ``source_anchors``/``target_anchors`` give, per sentence, ids of things known to
    correspond across the sides (e.g. glossary concept ids found in the sentence);
    ``dictionary`` lists (source term, target term) pairs.
    """
    n, m = len(source), len(target)
    if n == 0 or m == 0:
        return ([Link((i,), (), 1.0) for i in range(n)]
                + [Link((), (j,), 1.0) for j in range(m)])
    src, tgt = prepare_sides(source, target, source_lang=source_lang, target_lang=target_lang,
                             source_anchors=source_anchors, target_anchors=target_anchors,
                             dictionary=dictionary)
    ratio = (sum(tgt.lengths) + 1.0) / (sum(src.lengths) + 1.0)
    weights = _weights(src, tgt, settings)
    lattice, path = _search(src, tgt, weights, ratio, settings.variance, settings)
    variance = _estimate_variance(src, tgt, ratio, path, settings.variance)
    lexicon = (_learn_lexicon(source, target, source_lang, target_lang, path, None)
               if settings.bootstrap else [])
    if lexicon:
        src, tgt = _add_learned(source, target, source_lang, target_lang, lexicon, src, tgt)
        weights = _weights(src, tgt, settings)
    if lexicon or variance != settings.variance:
        lattice, path = _search(src, tgt, weights, ratio, variance, settings)
    scores = _posteriors(lattice, path, settings.temperature)
    return [Link(tuple(range(i0, i1)), tuple(range(j0, j1)), score)
            for (i0, i1, j0, j1), score in zip(path, scores, strict=True)]
