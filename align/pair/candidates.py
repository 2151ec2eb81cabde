"""Candidate partners by shared features, and their content scores.

Features are weighted by tf-idf and a family weight; each document keeps its few best partners
by cosine (sparse products, or dense ones for vectors), then each candidate is scored again with
every shared feature discounted when its relative positions disagree, and tempered by a length
prior around the collection's typical ratio (Gale & Church 1993: translation lengths are
proportional). Apart from the meaning evidence (:mod:`align.pair.vectors`), which needs an
encoder and adds to these scores, and from the assignment, which only reads them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeAlias, cast

import numpy as np
import numpy.typing as npt
from scipy import sparse

from align.pair.sketch import ContentSketch, FeatureVocabulary

# Candidates kept per document before the assignment: the true partner of a document is almost
# always among its few best-scoring ones, and the sparse assignment stays linear in practice.
_CANDIDATES = 20
# Score-matrix cells computed at once when looking for candidates (bounds the memory used).
DENSE_LIMIT = 500_000
# Feature families and their weight in the cosine; names are fuzzier than numbers or acronyms.
_CHANNEL_WEIGHT = {"n": 1.0, "d": 1.0, "m": 0.5, "w": 0.5, "l": 1.0, "s": 0.6, "c": 1.0}
# Log-ratio spread of translation lengths around the collection's typical ratio.
_LENGTH_SIGMA = 0.35
# Spread of a shared feature's relative position between a document and its translation.
_POSITION_SIGMA = 0.12


# --- content scores and assignment ---------------------------------------------------------------

IdArray = npt.NDArray[np.int64]
"""Document or feature indices, one per candidate pair or per feature."""
FloatArray = npt.NDArray[np.float64]
Rows: TypeAlias = sparse.csr_matrix | FloatArray
"""One row per document: sparse feature weights, or dense meaning vectors."""


@dataclass(frozen=True, slots=True, eq=False)
class Candidates:
    """Candidate pairs as parallel arrays: ``sources[k]`` with ``targets[k]`` scores
    ``scores[k]``, in the order they were found (which decides ties downstream)."""

    sources: IdArray
    targets: IdArray
    scores: FloatArray


def union_of(first: Candidates, second: Candidates) -> Candidates:
    """Both sets of candidate pairs, each pair once, in the order found."""
    sources = np.concatenate((first.sources, second.sources))
    targets = np.concatenate((first.targets, second.targets))
    width = int(targets.max(initial=0)) + 1
    _, keep = np.unique(sources * width + targets, return_index=True)
    keep.sort()
    return Candidates(sources[keep], targets[keep], np.zeros(len(keep)))


def _document_frequency(sketches: Sequence[ContentSketch], size: int) -> IdArray:
    counts = np.zeros(size, dtype=np.int64)
    for document in sketches:
        counts[document.features] += 1  # a document lists each feature once
    return counts


def idf_weights(
    sources: Sequence[ContentSketch],
    targets: Sequence[ContentSketch],
    vocabulary: FeatureVocabulary,
) -> FloatArray:
    """Feature id → idf × family weight; 0 for the features both sides cannot share."""
    source_df = _document_frequency(sources, len(vocabulary))
    target_df = _document_frequency(targets, len(vocabulary))
    both = source_df + target_df
    total = len(sources) + len(targets)
    # A feature seen on one side only can never match; one in most documents tells none apart.
    common_limit = max(4, int(0.3 * total))
    weights = np.zeros(len(vocabulary))
    usable = np.flatnonzero((source_df > 0) & (target_df > 0) & (both <= common_limit))
    for feature in usable.tolist():
        idf = math.log(1.0 + total / int(both[feature]))
        weights[feature] = idf * _CHANNEL_WEIGHT[vocabulary.name(feature)[0]]
    return weights


def feature_columns(weights: FloatArray, vocabulary: FeatureVocabulary) -> tuple[IdArray, int]:
    """Feature id → matrix column (-1 when unweighted), columns in feature-name order."""
    usable = sorted(np.flatnonzero(weights > 0.0).tolist(), key=vocabulary.name)
    columns = np.full(len(weights), -1, dtype=np.int64)
    columns[usable] = np.arange(len(usable))
    return columns, len(usable)


def _weighted(document: ContentSketch, weights: FloatArray) -> tuple[IdArray, FloatArray]:
    """The ids and weights of a document's weighted features, in the document's order."""
    found = weights[document.features]
    kept = found > 0.0
    return document.features[kept].astype(np.int64), found[kept]


def _norms(rows: Sequence[ContentSketch], weights: FloatArray) -> list[float]:
    return [
        math.sqrt(sum(w**2 for w in _weighted(features, weights)[1].tolist())) or 1.0
        for features in rows
    ]


def feature_matrix(
    rows: Sequence[ContentSketch], columns: IdArray, width: int, weights: FloatArray
) -> sparse.csr_matrix:
    """One row per document: its weighted features at their ``columns``, unit length."""
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    indices: list[npt.NDArray[np.int32]] = []
    data: list[FloatArray] = []
    for number, document in enumerate(rows):
        features, row = _weighted(document, weights)
        norm = math.sqrt(sum(w * w for w in row.tolist())) or 1.0
        kept = columns[features]
        order = np.argsort(kept)
        indices.append(kept[order].astype(np.int32))
        data.append(row[order] / norm)
        indptr[number + 1] = indptr[number] + len(order)
    return sparse.csr_matrix(
        (
            np.concatenate(data) if data else np.zeros(0),
            np.concatenate(indices) if indices else np.zeros(0, np.int32),
            indptr,
        ),
        shape=(len(rows), max(1, width)),
    )


def top_candidates(source_matrix: Rows, target_matrix: Rows) -> Candidates:
    """Each document with its best-scoring documents on the other side (cosine > 0), from
    one row of unit-length weights (sparse features or dense vectors) per document.

    Pairs come in the order found (sources' candidates first), each pair once.
    """
    n_sources, n_targets = source_matrix.shape[0], target_matrix.shape[0]
    source_rows, target_columns = _top_rows(
        _products(source_matrix, target_matrix), n_sources, n_targets
    )
    target_rows, source_columns = _top_rows(
        _products(target_matrix, source_matrix), n_targets, n_sources
    )
    sources = np.concatenate((source_rows, source_columns))
    targets = np.concatenate((target_columns, target_rows))
    _, first = np.unique(sources * n_targets + targets, return_index=True)
    first.sort()
    return Candidates(sources[first], targets[first], np.zeros(len(first)))


Products = Callable[[slice], FloatArray]
"""A block of rows → their scores against every column, as a dense array."""


def _products(rows: Rows, columns: Rows) -> Products:
    """Row-by-column scores a block of rows at a time: sparse features by sparse products,
    dense vectors by dense (BLAS) ones, 5 times as fast as sparse (3.3 s against 18 s of CPU
    for 4,000 pairs, and it grows with the square).

    A BLAS product may round a cell differently by its place in the matrix, and identical
    documents (copies of one article) must score identically for their ties to be spread
    (:func:`_spread_ties`), as a sparse product does; so each distinct vector is multiplied
    once and its scores copied to its duplicates.
    """
    if not isinstance(rows, np.ndarray) or not isinstance(columns, np.ndarray):
        return lambda block: np.asarray(cast(sparse.csr_matrix, rows[block] @ columns.T).toarray())
    unique_rows, row_of = np.unique(rows, axis=0, return_inverse=True)
    unique_columns, column_of = np.unique(columns, axis=0, return_inverse=True)
    row_of, column_of = row_of.ravel(), column_of.ravel()

    def products(block: slice) -> FloatArray:
        wanted, back = np.unique(row_of[block], return_inverse=True)
        scores: FloatArray = (unique_rows[wanted] @ unique_columns.T)[back.ravel()]
        return scores[:, column_of]

    return products


def _top_rows(products: Products, n_rows: int, n_columns: int) -> tuple[IdArray, IdArray]:
    """(row, column) of each row's best-scoring columns with a positive score, row by row."""
    chunk = max(1, DENSE_LIMIT // max(1, n_columns))
    keep = min(_CANDIDATES, n_columns)
    found_rows: list[IdArray] = []
    found_columns: list[IdArray] = []
    for start in range(0, n_rows, chunk):
        block = products(slice(start, start + chunk))
        best = np.argpartition(-block, keep - 1, axis=1)[:, :keep]
        for offset, row_best in enumerate(best):
            row_best = _spread_ties(block[offset], row_best, start + offset)
            row_best = row_best[block[offset, row_best] > 0.0].astype(np.int64)
            found_rows.append(np.full(len(row_best), start + offset, dtype=np.int64))
            found_columns.append(row_best)
    return np.concatenate(found_rows), np.concatenate(found_columns)


def _spread_ties(scores: FloatArray, best: IdArray, row: int) -> IdArray:
    """``best`` (the indices of the top ``len(best)`` scores) with a tie at its lowest score
    broken by rotation: the tied columns from ``row`` on (modulo the row length) are kept.

    Identical documents (a crawl that saved one article several times) score identically, and
    without this every copy would keep the same few partners, leaving the others unmatched in
    the one-to-one assignment. Without such a tie ``best`` is returned as it is.
    """
    lowest = scores[best].min()
    if lowest <= 0.0:
        return best
    tied = np.flatnonzero(scores == lowest)
    above = int(np.count_nonzero(scores > lowest))
    if above + tied.size <= best.size:
        return best
    rotated = tied[np.argsort((tied - row) % scores.size, kind="stable")]
    return np.concatenate((np.flatnonzero(scores > lowest), rotated[: best.size - above]))


def _positions(document: ContentSketch, weights: FloatArray) -> dict[int, tuple[float, float]]:
    """Weighted feature id → (position, weight), in the document's order."""
    found = weights[document.features]
    kept = found > 0.0
    return dict(
        zip(
            document.features[kept].tolist(),
            zip(document.positions[kept].tolist(), found[kept].tolist(), strict=True),
            strict=True,
        )
    )


def in_order(
    candidates: Candidates,
    sources: Sequence[ContentSketch],
    targets: Sequence[ContentSketch],
    weights: FloatArray,
) -> Candidates:
    """The cosine again, each shared feature discounted when its positions disagree.

    Two articles on the same event share names and numbers; a translation also keeps them in
    the same order, so each shared feature counts by how close its relative positions are.
    """
    source_norms = _norms(sources, weights)
    target_norms = _norms(targets, weights)
    scores = np.zeros(len(candidates.sources))
    current, source = -1, {}
    # Grouped by source, so each source's features are looked up once.
    for k in np.argsort(candidates.sources, kind="stable").tolist():
        i, j = int(candidates.sources[k]), int(candidates.targets[k])
        if i != current:
            current, source = i, _positions(sources[i], weights)
        target = _positions(targets[j], weights)
        # Walk the document with fewer features, in its own order (the sum's order).
        if len(sources[i].features) > len(targets[j].features):
            pairs = [
                (source[f][0], at, weight) for f, (at, weight) in target.items() if f in source
            ]
        else:
            pairs = [
                (at, target[f][0], weight) for f, (at, weight) in source.items() if f in target
            ]
        total = 0.0
        for source_at, target_at, weight in pairs:
            gap = (source_at - target_at) / _POSITION_SIGMA
            total += weight**2 * math.exp(-0.5 * gap * gap)
        scores[k] = total / (source_norms[i] * target_norms[j])
    return Candidates(candidates.sources, candidates.targets, scores)


def with_length(
    candidates: Candidates, source_lengths: FloatArray, target_lengths: FloatArray
) -> Candidates:
    """Cosine tempered by how well the two lengths fit the collection's typical length ratio."""
    typical = _typical_log_ratio(candidates, source_lengths, target_lengths)
    positive = candidates.scores > 0.0
    sources, targets = candidates.sources[positive], candidates.targets[positive]
    deviation = (source_lengths[sources] - target_lengths[targets] - typical) / _LENGTH_SIGMA
    fit = np.array([math.exp(-0.5 * d * d) for d in deviation.tolist()])
    return Candidates(sources, targets, candidates.scores[positive] * (0.5 + 0.5 * fit))


def _best_partner(sides: IdArray, others: IdArray, scores: FloatArray, size: int) -> IdArray:
    """Each document's partner with the highest positive score (the first found on a tie),
    or -1."""
    best = np.full(size, -1, dtype=np.int64)
    positive = np.flatnonzero(scores > 0.0)
    order = positive[np.lexsort((positive, -scores[positive], sides[positive]))]
    head = np.ones(len(order), dtype=bool)
    head[1:] = sides[order][1:] != sides[order][:-1]
    best[sides[order][head]] = others[order][head]
    return best


def _typical_log_ratio(
    candidates: Candidates, source_lengths: FloatArray, target_lengths: FloatArray
) -> float:
    """Median log length ratio of mutual best pairs (the ratio of totals when too few)."""
    sources, targets, scores = candidates.sources, candidates.targets, candidates.scores
    best_of_source = _best_partner(sources, targets, scores, len(source_lengths))
    best_of_target = _best_partner(targets, sources, scores, len(target_lengths))
    paired = np.flatnonzero(best_of_source >= 0)
    mutual = paired[best_of_target[best_of_source[paired]] == paired]
    if len(mutual) >= 3:
        return float(np.median(source_lengths[mutual] - target_lengths[best_of_source[mutual]]))
    return float(math.log(np.exp(source_lengths).sum() / np.exp(target_lengths).sum()))
