"""Evidence from sentence vectors: the margin of two documents' meaning over their neighbours'
(Artetxe & Schwenk 2019, "Margin-based Parallel Corpus Mining with Multilingual Sentence
Embeddings"), and each document's few best candidates verified sentence by sentence: a
translation aligns monotonically along its whole length, a document on the same topic does not.

Apart because it exists only with an encoder; without one, pairing uses features alone.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from align.pair.candidates import DENSE_LIMIT, Candidates, FloatArray, IdArray, top_candidates
from align.pair.sketch import BYTE_SCALE, ContentSketch

# Candidate pairs whose document vectors are compared at once (4 MB a side).
_COSINE_BLOCK = 1024
# Nearest neighbours in the margin, and the scale that maps a margin to [0, 1] evidence.
_MARGIN_NEIGHBOURS = 4
_MARGIN_SCALE = 4.0
_MARGIN_FLOOR = 0.06
_NOT_MUTUAL = 0.5
# Sentence-level verification: candidates aligned per document, the neighbours in its margin,
# the cosine a sentence has with an unrelated one, and the margin's floor and scale.
_VERIFIED = 6
_VERIFY_NEIGHBOURS = 3
_CHANCE_COSINE = 0.1
_VERIFY_FLOOR = 0.0
_VERIFY_SCALE = 10.0
# A verified pair's similarity as a share of the collection's typical translation: none below
# the low share, full from the high one.
_TYPICAL_LOW = 0.25
_TYPICAL_HIGH = 0.5


def meaning_vectors(
    sources: Sequence[ContentSketch], targets: Sequence[ContentSketch]
) -> tuple[FloatArray, FloatArray] | None:
    """Document vectors of both sides, each side centred on its own mean (which holds what all
    its documents share: language, genre) and made unit length again; ``None`` unless every
    document has one."""
    if any(d.vector is None for d in (*sources, *targets)) or min(len(sources), len(targets)) < 2:
        return None
    out = []
    for side in (sources, targets):
        vectors = np.stack([d.vector for d in side if d.vector is not None]).astype(np.float64)
        vectors -= vectors.mean(axis=0)
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
        out.append(vectors)
    return out[0], out[1]


def meaning_candidates(sources: FloatArray, targets: FloatArray) -> Candidates:
    """Each document's nearest documents on the other side by meaning.

    The vectors are dense, so their products are dense matrix products
    (:func:`align.pair.candidates.top_candidates`).
    """
    return top_candidates(sources, targets)


def _neighbourhood(rows: FloatArray, columns: FloatArray) -> tuple[FloatArray, IdArray]:
    """Each row's mean cosine with its :data:`_MARGIN_NEIGHBOURS` nearest columns, and its
    nearest column."""
    keep = min(_MARGIN_NEIGHBOURS, columns.shape[0])
    chunk = max(1, DENSE_LIMIT // max(1, columns.shape[0]))
    near = np.zeros(rows.shape[0])
    best = np.zeros(rows.shape[0], dtype=np.int64)
    for start in range(0, rows.shape[0], chunk):
        block = rows[start : start + chunk] @ columns.T
        top = -np.partition(-block, keep - 1, axis=1)[:, :keep]
        near[start : start + len(block)] = top.mean(axis=1)
        best[start : start + len(block)] = block.argmax(axis=1)
    return near, best


def pair_cosines(candidates: Candidates, sources: FloatArray, targets: FloatArray) -> FloatArray:
    """The cosine of each candidate pair's (centred, unit) document vectors, a block of pairs
    at a time.

    Gathering the vectors of every candidate at once costs 8 KB a candidate, about 40 of them a
    document: 3.2 GB at 10,000 pairs, most of a build's memory. A block of
    :data:`_COSINE_BLOCK` pairs bounds that to a few MB, with the same sums.
    """
    out = np.empty(len(candidates.sources))
    for start in range(0, len(out), _COSINE_BLOCK):
        block = slice(start, start + _COSINE_BLOCK)
        out[block] = np.einsum(
            "ij,ij->i", sources[candidates.sources[block]], targets[candidates.targets[block]]
        )
    return out


def meaning_evidence(
    candidates: Candidates, cosine: FloatArray, sources: FloatArray, targets: FloatArray
) -> FloatArray:
    """Evidence in [0, 1] from the documents' meaning: the margin of their centred cosine
    (``cosine``, one per candidate) over the mean cosine of each one's nearest neighbours on the
    other side (Artetxe & Schwenk 2019, "Margin-based Parallel Corpus Mining with Multilingual
    Sentence Embeddings"). A translation stands out from its neighbours; an article on the same
    topic does not. Meaning pairs documents that share no rare name or number (chapters of one
    book), and features keep two reports of one event apart.

    Identical documents (a crawl that saved one article several times) have identical vectors
    and count once among the neighbours: copies of a partner are not its competitors.
    """
    unique_sources, source_group = np.unique(sources, axis=0, return_inverse=True)
    unique_targets, target_group = np.unique(targets, axis=0, return_inverse=True)
    source_group, target_group = source_group.ravel(), target_group.ravel()
    source_near, source_best = _neighbourhood(unique_sources, unique_targets)
    target_near, target_best = _neighbourhood(unique_targets, unique_sources)
    src_groups = source_group[candidates.sources]
    tgt_groups = target_group[candidates.targets]
    margin = cosine - (source_near[src_groups] + target_near[tgt_groups]) / 2.0
    evidence = np.clip((margin - _MARGIN_FLOOR) * _MARGIN_SCALE, 0.0, 1.0)
    # A mutual nearest pair counts fully: a document whose translation is missing has a nearest
    # neighbour too, but that neighbour's own nearest is its real partner.
    mutual = (source_best[src_groups] == tgt_groups) & (target_best[tgt_groups] == src_groups)
    out: FloatArray = np.where(mutual, evidence, evidence * _NOT_MUTUAL)
    return out


def sentence_evidence(
    candidates: Candidates,
    cosine: FloatArray,
    sources: Sequence[ContentSketch],
    targets: Sequence[ContentSketch],
) -> FloatArray | None:
    """Evidence in [0, 1] that a candidate is a translation, sentence by sentence: each
    document's :data:`_VERIFIED` best candidates (by features and document meaning) are aligned
    monotonically over their sentence vectors (:func:`_monotone_similarity`); the best are
    chosen by shared features and, apart, by document vectors (``cosine``, centred). A pair counts
    by the margin of that similarity over the mean of each one's :data:`_VERIFY_NEIGHBOURS`
    best verified partners (Artetxe & Schwenk 2019), fully only when mutual best, and only
    when the similarity itself comes near the collection's typical translation pair's.

    A translation follows its original along its whole length; an article on the same topic,
    or the next chapter of one book, has similar sentences but not in the same order. This is
    what pairs chapters of one book, whose document vectors are too close for a margin; the
    other candidates get 0. ``None`` when a document has no sentence vectors.
    """
    if any(d.sentences is None for d in (*sources, *targets)) or not len(candidates.sources):
        return None
    chosen = np.union1d(_top_each(candidates, candidates.scores), _top_each(candidates, cosine))
    source_mean, target_mean = _mean_sentence(sources), _mean_sentence(targets)
    similarity = np.zeros(len(candidates.sources))
    current, source = -1, np.zeros((0, 0), dtype=np.float32)
    # Grouped by source, so each source's vectors are centred once.
    for k in chosen[np.argsort(candidates.sources[chosen], kind="stable")].tolist():
        if int(candidates.sources[k]) != current:
            current = int(candidates.sources[k])
            source = _centred(sources[current], source_mean)
        similarity[k] = _monotone_similarity(
            source, _centred(targets[int(candidates.targets[k])], target_mean)
        )
    source_near, source_best = _verified_neighbourhood(candidates.sources, chosen, similarity)
    target_near, target_best = _verified_neighbourhood(candidates.targets, chosen, similarity)
    out = np.zeros(len(candidates.sources))
    at_source, at_target = candidates.sources[chosen], candidates.targets[chosen]
    margin = similarity[chosen] - (source_near[at_source] + target_near[at_target]) / 2.0
    found = np.clip((margin - _VERIFY_FLOOR) * _VERIFY_SCALE, 0.0, 1.0)
    mutual = (source_best[at_source] == chosen) & (target_best[at_target] == chosen)
    found = np.where(mutual, found, found * _NOT_MUTUAL)
    # The collection's translations share a level of similarity (set by the languages, the
    # style and the encoder): the median of its mutual best pairs. A pair far below it is two
    # documents on one topic, however much it stands out from its neighbours.
    if np.count_nonzero(mutual) >= 3:
        share = similarity[chosen] / max(1e-9, float(np.median(similarity[chosen][mutual])))
        found *= np.clip((share - _TYPICAL_LOW) / (_TYPICAL_HIGH - _TYPICAL_LOW), 0.0, 1.0)
    out[chosen] = found
    return out


def _top_each(candidates: Candidates, scores: FloatArray) -> IdArray:
    """The candidates among each document's :data:`_VERIFIED` best by ``scores``, on either
    side (scores of 0 never count)."""
    keep = np.zeros(len(scores), dtype=bool)
    for side in (candidates.sources, candidates.targets):
        order = np.lexsort((-scores, side))
        ranks = np.arange(len(order))
        starts = np.flatnonzero(np.r_[True, side[order][1:] != side[order][:-1]])
        first = np.repeat(starts, np.diff(np.r_[starts, len(order)]))
        keep[order[ranks - first < _VERIFIED]] = True
    return np.flatnonzero(keep & (scores > 0.0))


def _verified_neighbourhood(
    side: IdArray, chosen: IdArray, similarity: FloatArray
) -> tuple[FloatArray, IdArray]:
    """Per document: the mean similarity of its best verified candidates, and its best one."""
    size = int(side.max(initial=0)) + 1
    near = np.zeros(size)
    best = np.full(size, -1, dtype=np.int64)
    order = chosen[np.lexsort((-similarity[chosen], side[chosen]))]
    documents = side[order]
    starts = np.flatnonzero(np.r_[True, documents[1:] != documents[:-1]])
    for start, stop in zip(starts, np.r_[starts[1:], len(order)], strict=True):
        group = order[start : min(stop, start + _VERIFY_NEIGHBOURS)]
        near[documents[start]] = similarity[group].mean()
        best[documents[start]] = order[start]
    return near, best


def _mean_sentence(side: Sequence[ContentSketch]) -> FloatArray:
    """The mean sentence vector of one side: what all its sentences share (language, genre)."""
    total = np.zeros(side[0].sentences.shape[1] if side[0].sentences is not None else 0)
    count = 0
    for document in side:
        if document.sentences is not None:
            total += document.sentences.sum(axis=0, dtype=np.float64) / BYTE_SCALE
            count += len(document.sentences)
    return total / max(1, count)


def _centred(document: ContentSketch, mean: FloatArray) -> npt.NDArray[np.float32]:
    """A document's sentence vectors less its side's mean, unit length again."""
    if document.sentences is None:
        return np.zeros((0, len(mean)), dtype=np.float32)
    vectors = document.sentences.astype(np.float32) / np.float32(BYTE_SCALE)
    vectors -= mean.astype(np.float32)
    norms = np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), np.float32(1e-6))
    out: npt.NDArray[np.float32] = vectors / norms
    return out


def _monotone_similarity(source: npt.NDArray[np.float32], target: npt.NDArray[np.float32]) -> float:
    """The best monotone one-to-one alignment of two documents' sentences, each link counting
    its cosine less :data:`_CHANCE_COSINE` (skips cost nothing), per sentence of the shorter
    document: a dynamic programme over the cosine matrix, as in sentence alignment (Gale &
    Church 1993) with meaning for lengths (Thompson & Koehn 2019, Vecalign)."""
    gain = (source @ target.T).astype(np.float64) - _CHANCE_COSINE
    best = np.zeros(gain.shape[1] + 1)
    for row in gain:
        current = np.empty_like(best)
        current[0] = 0.0
        current[1:] = np.maximum(best[1:], best[:-1] + row)
        best = np.maximum.accumulate(current)
    return float(best[-1]) / math.sqrt(gain.shape[0] * gain.shape[1])
