"""Bead costs: the score of every bead of the alignment lattice over a band.

A *bead* pairs a group of source sentences with a group of target sentences (either possibly
empty). Its score is the sum of

- a bead-type prior (Gale & Church 1993, Table 5, re-estimated for 0-1/1-0 and n-m beads);
- a length term: Gale & Church's (1993) normal model of the length difference, with the mean
  ratio and the variance estimated from the document pair itself (the ratio of total lengths;
  the variance from the first pass's 1-1 links, :func:`estimate_variance`), so Korean–English
  needs no fixed ratio;
- a lexical term in the spirit of Moore (2002) and hunalign (Varga et al. 2005): the anchors of
  :mod:`align.aligner.features`, weighted by their rarity in the pair (inverse document
  frequency, :func:`feature_weights`), compared by a weighted Dice coefficient, with unmatched
  anchors as evidence *against* the bead (a number on one side only says the bead is wrong);
- quotation balance: a bead whose sides differ in the parity of their double quotation marks
  leaves a quotation open on one side only (part of a quoted passage went to another bead), and
  is penalised when both sides mark quotations about equally often;
- document roles, when the caller gives them (:data:`align.models.ROLES`): boilerplate is never
  joined to anything, and a bead joining a title, subtitle, caption or byline with a sentence of
  another role is penalised.

Every cell of the band is scored at once with array operations; :mod:`align.aligner.lattice`
finds the best path and the posteriors.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from align.aligner import meaning
from align.aligner.features import SideFeatures, keep_shared
from align.aligner.lattice import Band, Bead, Lattice
from align.aligner.settings import AlignerSettings

FloatArray = npt.NDArray[np.float64]

#: Roles that pair only with the same role; boilerplate is never aligned.
FURNITURE = ("title", "subtitle", "caption", "byline")
BOILERPLATE = "boilerplate"


def feature_weights(
    src: SideFeatures, tgt: SideFeatures, settings: AlignerSettings
) -> dict[str, float]:
    """Feature weights: the class weight times the feature's rarity (inverse document
    frequency over the sentences of both sides)."""
    df: Counter[str] = Counter()
    for counter in (*src.features, *tgt.features):
        df.update(counter.keys())
    total = len(src.features) + len(tgt.features)
    klass = {
        "n": settings.number_weight,
        "m": settings.number_weight,
        "w": settings.word_weight,
        "c": settings.cognate_weight,
        "p": settings.punct_weight,
        "t": settings.name_weight,
        "g": settings.anchor_weight,
        "d": settings.dictionary_weight,
        "l": settings.learned_weight,
        "b": settings.learned_weight,
        "k": settings.number_weight,
    }
    return {key: klass[key[0]] * math.log(1.0 + total / count) for key, count in df.items()}


def _window(band: Band, n: int, reach: int) -> tuple[npt.NDArray[np.int64], int]:
    """The targets each source sentence r can meet in a bead: ``first[r] .. first[r]+width``.

    Source sentence r is in beads ending on rows r+1 .. r+reach, reaching ``reach`` columns
    back (``reach``: the most sentences a bead takes from one side)."""
    windows = np.lib.stride_tricks.sliding_window_view(
        np.concatenate([band.lo[1:], np.repeat(band.lo[-1:], reach - 1)]), reach
    )
    lo_next, hi_next = windows.min(axis=1), windows.max(axis=1)
    first = np.maximum(lo_next - reach, 0)
    width = int((hi_next - first).max()) + band.width + 1 if n else 1
    return first, width


#: Source sentences whose matches are gathered together (see :func:`_pair_matches`).
_MATCH_ROWS = 1024


def _pair_matches(
    src: SideFeatures,
    tgt: SideFeatures,
    weights: dict[str, float],
    strict: str,
    first: npt.NDArray[np.int64],
    width: int,
) -> tuple[FloatArray, FloatArray]:
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
    stride = width + 1
    values = np.zeros((n, stride))
    strict_values = np.zeros((n, stride))
    # A block of rows at a time: the matches of a long text that is not a translation of the
    # other (every common word meets a band's worth of partners) took ~70 bytes each as Python
    # lists. A cell's matches all come from its own row, so they are summed in the same order.
    for start in range(0, n, _MATCH_ROWS):
        stop = min(n, start + _MATCH_ROWS)
        cells: list[int] = []
        amounts: list[float] = []
        strict_cells: list[int] = []
        strict_amounts: list[float] = []
        for r in range(start, stop):
            counter = src.features[r]
            begin = int(first[r])
            base = (r - start) * stride - begin + 1
            # In key order: the features came from sets, whose order (and so the float sum's)
            # changes with the process's hash seed.
            for key, count in sorted(counter.items()):
                found_entry = postings.get(key)
                if found_entry is None:
                    continue
                cols, counts = found_entry
                at = bisect.bisect_left(cols, begin)
                end = bisect.bisect_left(cols, begin + width)
                if at == end:
                    continue
                weight = weights[key]
                found = [base + col for col in cols[at:end]]
                worth = [weight * min(count, other) for other in counts[at:end]]
                cells.extend(found)
                amounts.extend(worth)
                if key[0] in strict:
                    strict_cells.extend(found)
                    strict_amounts.extend(worth)
        size = (stop - start) * stride
        for out, block_cells, block_amounts in (
            (values, cells, amounts),
            (strict_values, strict_cells, strict_amounts),
        ):
            summed = np.bincount(
                np.asarray(block_cells, dtype=np.int64), weights=block_amounts, minlength=size
            )
            out[start:stop] = summed[:size].reshape(stop - start, stride)
    return np.cumsum(values, axis=1), np.cumsum(strict_values, axis=1)


def _cumulative(values: Sequence[float] | npt.NDArray[np.float64]) -> FloatArray:
    return np.concatenate([[0.0], np.cumsum(np.asarray(values, dtype=np.float64))])


def _role_counts(roles: tuple[str, ...] | None, n: int) -> dict[str, FloatArray]:
    """Per role, the number of sentences of that role among the first ``i`` (index ``i``)."""
    if roles is None:
        return {}
    return {
        role: _cumulative([r == role for r in roles[:n]] + [False] * (n - len(roles)))
        for role in (*FURNITURE, BOILERPLATE)
    }


def _marks_quotes_alike(src: Sequence[int], tgt: Sequence[int]) -> bool:
    """Whether both sides mark quotations about equally often: only then does a quotation open
    on one side and not the other say anything (OCR text may read „ “ as ``<`` and ``(``)."""
    src_total, tgt_total = sum(src), sum(tgt)
    return min(src_total, tgt_total) >= 0.5 * max(src_total, tgt_total) > 0


def _marks_alike(src: Sequence[bool], tgt: Sequence[bool]) -> bool:
    """Whether both sides end clauses with ``;`` or ``:`` about equally often: only then does a
    bead ending on such a clause on one side only say anything (the Korean of the Bible ends
    no verse so, the English a tenth of them)."""
    return _marks_quotes_alike([int(x) for x in src], [int(x) for x in tgt])


def _only(side: SideFeatures, classes: str) -> SideFeatures:
    """``side`` with only the features of the given classes (``"nw"``: numbers and words)."""
    return replace(
        side, features=tuple({k: v for k, v in f.items() if k[0] in classes} for f in side.features)
    )


def _bead_matches(
    first: npt.NDArray[np.int64],
    prefix: FloatArray,
    rows: npt.NDArray[np.int64],
    cols: npt.NDArray[np.int64],
    a: int,
    b: int,
    n: int,
) -> FloatArray:
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


@dataclass(frozen=True, slots=True)
class BeadModel:
    """What bead scores are computed from: both sides with only the features the other side
    shares (:func:`keep_shared`), the features' weights (:func:`feature_weights`), and Gale &
    Church's length ratio and variance."""

    source: SideFeatures
    target: SideFeatures
    weights: dict[str, float]
    ratio: float
    variance: float

    @classmethod
    def of(
        cls,
        source: SideFeatures,
        target: SideFeatures,
        ratio: float,
        variance: float,
        settings: AlignerSettings,
    ) -> BeadModel:
        shared = keep_shared(source, target)
        return cls(*shared, feature_weights(*shared, settings), ratio, variance)


#: Cells of the band scored at once (bounds the temporary arrays of :func:`score_lattice`).
_BLOCK_CELLS = 1 << 18


def score_lattice(model: BeadModel, band: Band, settings: AlignerSettings) -> Lattice:
    """Score every bead type at every cell of the band, all cells at once: the evidence is
    summed over each side once (:class:`_Evidence`), then every bead's terms are differences of
    those sums (:func:`_bead_score`)."""
    n, m = len(model.source.lengths), len(model.target.lengths)
    evidence = _Evidence.of(model, band, settings)
    beads = tuple(bead for bead, _ in settings.beads if bead != (0, 1))
    priors = dict(settings.beads)
    scores = np.empty((n + 1, len(beads), band.width))
    insert = np.full((n + 1, band.width), -np.inf)
    # Scored a block of rows at a time: a cell depends on its own row and column only, and the
    # dozen temporary arrays per bead type then take a few MB instead of ~150 bytes a cell.
    step = max(1, _BLOCK_CELLS // band.width)
    for start in range(0, n + 1, step):
        stop = min(n + 1, start + step)
        rows = np.arange(start, stop, dtype=np.int64)[:, None]
        cols = band.lo[start:stop, None] + np.arange(band.width, dtype=np.int64)[None, :]
        for code, (a, b) in enumerate((*beads, (0, 1))):
            cells = _Cells(_Span.of(rows, a, n), _Span.of(cols, b, m))
            score = np.where(
                _possible(evidence, cells),
                _bead_score(evidence, cells, priors[(a, b)], settings),
                -np.inf,
            )
            if (a, b) == (0, 1):
                insert[start:stop] = score
            else:
                scores[start:stop, code, :] = score
    return Lattice(band, beads, scores, insert)


@dataclass(frozen=True, slots=True)
class _SideSums:
    """One side's evidence as prefix sums over its sentences (index ``i``: the first ``i``
    sentences), so that the total of any run of sentences is the difference of two lookups."""

    lengths: FloatArray
    #: The weights of the sentences' anchors (:func:`feature_weights`).
    weights: FloatArray
    #: The weights of only the anchors a translation keeps (``settings.missing_classes``).
    strict_weights: FloatArray
    #: Per role, the sentences of that role (empty when roles are unknown).
    roles: dict[str, FloatArray]
    #: Double quotation marks; ``None`` when quotation balance is not scored.
    quotes: FloatArray | None

    @classmethod
    def of(
        cls,
        side: SideFeatures,
        weights: dict[str, float],
        settings: AlignerSettings,
        quoting: bool,
    ) -> _SideSums:
        return cls(
            _cumulative(side.lengths),
            _weight_sums(side, weights),
            # Negative evidence counts only anchor classes that a translation keeps (numbers by
            # default): a name skeleton or a learned word may well have no partner in a right
            # bead.
            _weight_sums(_only(side, settings.missing_classes), weights),
            _role_counts(side.roles, len(side.lengths)),
            _cumulative(side.quotes) if quoting else None,
        )


def _weight_sums(side: SideFeatures, weights: dict[str, float]) -> FloatArray:
    # Summed in key order, as in _pair_matches: a set's order changes with the hash seed.
    return _cumulative([sum(weights[k] * v for k, v in sorted(f.items())) for f in side.features])


@dataclass(frozen=True, slots=True)
class _Evidence:
    """What the terms of every bead over one band read, prepared once: both sides' sums, the
    weighted matches between the sentences near the band (:func:`_pair_matches`, rows starting
    at target ``first[r]``), the semantic term's inputs, the clause ends compared and Gale &
    Church's length ratio and variance."""

    source: _SideSums
    target: _SideSums
    first: npt.NDArray[np.int64]
    matches: FloatArray
    strict_matches: FloatArray
    semantic: _Semantic | None
    #: Per sentence of each side, whether it ends a clause (``None``: not compared).
    open_ends: tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]] | None
    ratio: float
    variance: float

    @classmethod
    def of(cls, model: BeadModel, band: Band, settings: AlignerSettings) -> _Evidence:
        src, tgt, weights = model.source, model.target, model.weights
        reach = max(max(bead) for bead, _ in settings.beads)
        first, width = _window(band, len(src.lengths), reach)
        matches = _pair_matches(src, tgt, weights, settings.missing_classes, first, width)
        quoting = bool(settings.quote_penalty) and _marks_quotes_alike(src.quotes, tgt.quotes)
        semantic = _Semantic.of(src, tgt, first, width) if settings.semantic_weight else None
        # Fitted with meaning: the lexical model (``--encoder none``) keeps its links.
        open_ends = (
            (np.asarray(src.open_ends, dtype=bool), np.asarray(tgt.open_ends, dtype=bool))
            if semantic is not None
            and settings.open_end_penalty
            and _marks_alike(src.open_ends, tgt.open_ends)
            else None
        )
        return cls(
            _SideSums.of(src, weights, settings, quoting),
            _SideSums.of(tgt, weights, settings, quoting),
            first,
            *matches,
            semantic,
            open_ends,
            model.ratio,
            model.variance,
        )

    @property
    def n(self) -> int:
        """The number of source sentences."""
        return len(self.source.lengths) - 1


@dataclass(frozen=True, slots=True)
class _Span:
    """One side of the beads of ``size`` sentences ending at each cell: the sentences ``[lo,
    hi)``, clipped into the side where the bead cannot end (:func:`_possible` masks those)."""

    ends: npt.NDArray[np.int64]
    size: int
    count: int
    hi: npt.NDArray[np.int64]
    lo: npt.NDArray[np.int64]

    @classmethod
    def of(cls, ends: npt.NDArray[np.int64], size: int, count: int) -> _Span:
        """``ends``: the sentences consumed at each cell; ``count``: the side's sentences."""
        hi = np.clip(ends, size, count) if size <= count else np.full_like(ends, count)
        return cls(ends, size, count, hi, np.maximum(hi - size, 0))

    def total(self, sums: FloatArray) -> FloatArray:
        """The total over the span's sentences of what ``sums`` sums."""
        out: FloatArray = sums[self.hi] - sums[self.lo]
        return out


@dataclass(frozen=True, slots=True)
class _Cells:
    """The beads of one type ending at a block of cells: their source and target spans."""

    source: _Span
    target: _Span


def _possible(evidence: _Evidence, cells: _Cells) -> npt.NDArray[np.bool_]:
    """Where the bead can end: inside both sides, and joining no boilerplate to anything."""
    src, tgt = cells.source, cells.target
    valid: npt.NDArray[np.bool_] = (
        (tgt.ends >= tgt.size) & (tgt.ends <= tgt.count) & (src.ends >= src.size)
    )
    if src.size and tgt.size:
        for sums, span in ((evidence.source, src), (evidence.target, tgt)):
            if sums.roles:
                valid &= span.total(sums.roles[BOILERPLATE]) == 0
    return valid


def _bead_score(
    evidence: _Evidence, cells: _Cells, prior: float, settings: AlignerSettings
) -> FloatArray:
    """The score of the bead ending at each cell: its prior, and for a bead joining both sides
    its length misfit, anchor similarity, unmatched anchors, meaning and roles; then quotation
    balance and clause ends (see the module docstring)."""
    a, b = cells.source.size, cells.target.size
    score = np.full(cells.target.ends.shape, math.log(prior))
    if a and b:
        score -= _length_misfit(evidence, cells, settings)
        score += _similarity(evidence, cells, settings)
        score -= _unmatched(evidence, cells, settings)
        if evidence.semantic is not None:
            score += evidence.semantic.term(
                evidence.first, cells.source.hi, cells.target.hi, a, b, evidence.n, settings
            )
        for penalty, bonus in _role_terms(evidence, cells, settings):
            score -= penalty
            score += bonus
    src_quotes, tgt_quotes = evidence.source.quotes, evidence.target.quotes
    if src_quotes is not None and tgt_quotes is not None:
        score -= _quote_mismatch(src_quotes, tgt_quotes, cells, settings)
    if evidence.open_ends is not None:
        score -= _open_end_mismatch(evidence.open_ends, cells, settings)
    return score


def _length_misfit(evidence: _Evidence, cells: _Cells, settings: AlignerSettings) -> FloatArray:
    """Gale & Church's length term: the squared difference of the two sides' lengths (the
    source's scaled by the pair's ratio) over the variance they are expected to have."""
    ls = cells.source.total(evidence.source.lengths) * evidence.ratio
    lt = cells.target.total(evidence.target.lengths)
    misfit: FloatArray = (lt - ls) ** 2 / (evidence.variance * (lt + ls) / 2.0 + 1.0) / 2.0
    if evidence.semantic is not None and settings.length_outliers:
        src, tgt = cells.source, cells.target
        known = evidence.semantic.known(src.hi, tgt.hi, src.size, tgt.size)
        misfit = np.where(known, _robust(misfit, settings.length_outliers), misfit)
    return misfit


def _similarity(evidence: _Evidence, cells: _Cells, settings: AlignerSettings) -> FloatArray:
    """The weighted Dice similarity of the bead's anchors."""
    ws = cells.source.total(evidence.source.weights)
    wt = cells.target.total(evidence.target.weights)
    match = _capped_matches(evidence, evidence.matches, cells, ws, wt)
    out: FloatArray = settings.lexical_weight * 2.0 * match / (ws + wt + settings.smoothing)
    return out


def _unmatched(evidence: _Evidence, cells: _Cells, settings: AlignerSettings) -> FloatArray:
    """The share of the anchors a translation keeps left unmatched, counted per sentence of the
    bead so that joining two sentence pairs into one 2-2 bead does not halve the evidence."""
    a, b = cells.source.size, cells.target.size
    ws = cells.source.total(evidence.source.strict_weights)
    wt = cells.target.total(evidence.target.strict_weights)
    match = _capped_matches(evidence, evidence.strict_matches, cells, ws, wt)
    out: FloatArray = (
        settings.missing_weight
        * (a + b)
        / 2.0
        * (ws + wt - 2.0 * match)
        / (ws + wt + settings.smoothing)
    )
    return out


def _capped_matches(
    evidence: _Evidence, matches: FloatArray, cells: _Cells, ws: FloatArray, wt: FloatArray
) -> FloatArray:
    """The weighted matches of the bead's anchors. Matches are summed over the bead's sentence
    pairs, so an anchor repeated in two sentences of one side can count twice: capping by the
    smaller side's total (``ws``, ``wt``) keeps it a similarity."""
    src, tgt = cells.source, cells.target
    match = _bead_matches(evidence.first, matches, src.hi, tgt.hi, src.size, tgt.size, evidence.n)
    return np.minimum(match, np.minimum(ws, wt))


def _role_terms(
    evidence: _Evidence, cells: _Cells, settings: AlignerSettings
) -> Iterator[tuple[npt.NDArray[np.floating[Any]], npt.NDArray[np.floating[Any]]]]:
    """Per role of :data:`FURNITURE` that a side has, the penalty of a bead joining it with
    another role (on either side) and the bonus of one pairing it with itself alone."""
    src_roles, tgt_roles = evidence.source.roles, evidence.target.roles
    if not (src_roles and tgt_roles):
        return
    a, b = cells.source.size, cells.target.size
    for role in FURNITURE:
        if not (src_roles[role][-1] or tgt_roles[role][-1]):
            continue  # neither side has this role: nothing to reward or penalise
        in_src = cells.source.total(src_roles[role])
        in_tgt = cells.target.total(tgt_roles[role])
        has_src, has_tgt = in_src > 0, in_tgt > 0
        # A headline or caption joined with body text on either side is as wrong as one
        # paired with body text on the other.
        mixed = (has_src & (in_src < a)) | (has_tgt & (in_tgt < b))
        yield (
            settings.role_penalty * ((has_src != has_tgt) | mixed),
            settings.role_bonus * (has_src & has_tgt & ~mixed),
        )


def _quote_mismatch(
    src_quotes: FloatArray, tgt_quotes: FloatArray, cells: _Cells, settings: AlignerSettings
) -> FloatArray:
    """The quotation penalty where the bead leaves a quotation open on one side only
    (``*_quotes``: the sides' prefix sums of double quotation marks)."""
    open_src = cells.source.total(src_quotes) % 2
    open_tgt = cells.target.total(tgt_quotes) % 2
    out: FloatArray = settings.quote_penalty * (open_src != open_tgt)
    return out


def _open_end_mismatch(
    open_ends: tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]],
    cells: _Cells,
    settings: AlignerSettings,
) -> FloatArray:
    """The clause-end penalty where the bead ends on a clause (``;`` or ``:``) on one side only.
    An empty side ends no clause: a clause left out alone is a mismatch too."""
    src, tgt = cells.source, cells.target
    ends_src = open_ends[0][np.maximum(src.hi - 1, 0)] & (src.size > 0)
    ends_tgt = open_ends[1][np.maximum(tgt.hi - 1, 0)] & (tgt.size > 0)
    out: FloatArray = settings.open_end_penalty * (ends_src != ends_tgt)
    return out


def _robust(misfit: FloatArray, outliers: float) -> FloatArray:
    """The length misfit under a mixture of Gale & Church's normal model with a flat outlier
    component of weight ε = ``outliers``: ``-log((1 - ε) exp(-misfit) + ε)``, the misfit
    itself for lengths that fit and never more than ``-log ε``. OCR text runs captions and
    running heads into sentences, so a right bead's lengths can be far apart; where both sides
    have vectors, meaning decides such a bead rather than the tail of a normal."""
    out: FloatArray = -np.logaddexp(math.log1p(-outliers) - misfit, math.log(outliers))
    return out


@dataclass(frozen=True, slots=True)
class _Semantic:
    """What the semantic term needs over one band: prefix sums of sentence dot products, the
    squared lengths of runs of sentence vectors, and the chance cosine."""

    dots: FloatArray
    src: meaning.SideVectors
    tgt: meaning.SideVectors
    chance: float
    norms: dict[tuple[str, int], FloatArray]

    @classmethod
    def of(
        cls, src: SideFeatures, tgt: SideFeatures, first: npt.NDArray[np.int64], width: int
    ) -> _Semantic | None:
        """Over the same window as the lexical matches (:func:`_window`)."""
        if src.vectors is None or tgt.vectors is None:
            return None
        dots = meaning.pair_dots(src.vectors, tgt.vectors, first, width)
        chance = meaning.chance_cosine(src.vectors, tgt.vectors)
        return cls(dots, src.vectors, tgt.vectors, chance, {})

    def _norm(self, side: str, size: int) -> FloatArray:
        key = (side, size)
        if key not in self.norms:
            self.norms[key] = meaning.run_norms(self.src if side == "s" else self.tgt, size)
        return self.norms[key]

    def known(
        self, rows: npt.NDArray[np.int64], cols: npt.NDArray[np.int64], a: int, b: int
    ) -> npt.NDArray[np.bool_]:
        """Whether both sides of the ``a``-``b`` bead ending at each cell have a vector."""
        return (self._norm("s", a)[rows] > 1e-12) & (self._norm("t", b)[cols] > 1e-12)

    def term(
        self,
        first: npt.NDArray[np.int64],
        rows: npt.NDArray[np.int64],
        cols: npt.NDArray[np.int64],
        a: int,
        b: int,
        n: int,
        settings: AlignerSettings,
    ) -> FloatArray:
        """The semantic term of the ``a``-``b`` bead ending at each cell (0 where a side has no
        vector)."""
        dot = _bead_matches(first, self.dots, rows, cols, a, b, n)
        src_length = np.sqrt(self._norm("s", a)[rows])
        tgt_length = np.sqrt(self._norm("t", b)[cols])
        known = self.known(rows, cols, a, b)
        # Each sentence's cosine with the sum of the other side of the bead, summed over the
        # bead's sentences (a 1-1 bead: the cosine itself). A sentence that belongs elsewhere
        # adds nothing of its own and dilutes the other side's sum, so joining it costs.
        spread = np.where(
            known,
            dot / np.where(known, tgt_length, 1.0) + dot / np.where(known, src_length, 1.0),
            self.chance * (a + b),
        )
        out: FloatArray = (
            settings.semantic_weight
            * (spread - self.chance * (a + b))
            / (2.0 * (1.0 - self.chance))
        )
        if settings.bead_vector_weight and a and b and a + b > 2:
            out = out + self._shortfall(first, rows, cols, a, b, n, settings)
        return out

    def _shortfall(
        self,
        first: npt.NDArray[np.int64],
        rows: npt.NDArray[np.int64],
        cols: npt.NDArray[np.int64],
        a: int,
        b: int,
        n: int,
        settings: AlignerSettings,
    ) -> FloatArray | float:
        """Against a bead of several sentences whose sides were each encoded as one text (a bead
        vector, as Vecalign and Bertalign encode every bead): how far the cosine of the two
        texts falls short of the best cosine of one of its sentence pairs, per sentence of the
        bead. A sentence that belongs to the bead completes its meaning and the joined text
        comes no further from the other side than its best pair; one that belongs elsewhere
        (a dropped sentence absorbed by a neighbour) pulls it away. Never a bonus: the summed
        vectors of :meth:`term` already decide for beads whose sentences fit."""
        whole = meaning.whole_cosines(self.src, self.tgt, rows, cols, a, b)
        if whole is None:
            return 0.0
        hit, cosines = whole
        best = np.full(hit.shape, -np.inf)
        for back_src in range(a):
            for back_tgt in range(b):
                pair = _bead_matches(first, self.dots, rows - back_src, cols - back_tgt, 1, 1, n)
                best = np.maximum(best, pair)
        short = np.where(hit, np.minimum(cosines - best, 0.0), 0.0)
        out: FloatArray = (
            settings.bead_vector_weight
            * settings.semantic_weight
            * (a + b)
            / 2.0
            * short
            / (1.0 - self.chance)
        )
        return out


def estimate_variance(
    src: SideFeatures, tgt: SideFeatures, ratio: float, path: list[Bead], default: float
) -> float:
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
