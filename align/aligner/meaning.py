"""The semantic term of a bead: how close the meanings of its two sides are.

Sentence vectors come from a multilingual encoder (:mod:`align.text.encoder`), passed in by the
caller, so the aligner stays pure. As Vecalign (Thompson & Koehn 2019, "Vecalign: Improved
Sentence Alignment in Linear Time and Space") and Bertalign (Liu & Zhu 2022) do, a bead is
scored by the cosine similarity of the vectors of its two sides. A side of several sentences is
represented by the sum of its sentences' vectors, so every sentence is encoded once instead of
once per bead it may join; the sum is taken after *centring*: each side's mean vector (what all
sentences of a document share: its topic, its language) is subtracted first. Without centring
the sum of a few sentences drifts towards the document's mean, and any large bead looks similar
to any other (on Text+Berg dev, sums without centring cost 1.3 points of strict F1 against
centred ones, and over-merged NTREX 1-1 links into 3-3 beads).

The bead's semantic score sums, over its sentences, each sentence's cosine with the (summed)
other side of the bead, less c₀, the expected cosine of two unrelated sentences of the pair, and
scaled by ``weight / (2 (1 − c₀))``: for a 1-1 bead that is ``weight × (cos − c₀) / (1 − c₀)``.
A sentence that belongs to another bead adds little of its own and dilutes its side's sum, so
joining it costs; a sentence that completes the other side's meaning raises every cosine. (The
plain cosine of the two sums, scaled by the bead's size, did about as well on NTREX and the
Bible but over-joined on Text+Berg: mean strict F1 over the three dev sets 0.933 against
0.936.) Sentences without a vector (a language the encoder does not know, or a
long document where only the uncertain sentences are encoded) contribute nothing, so a bead
none of whose sentences has a vector gets no semantic term at all.

Summed vectors judge a sentence by how much it adds to a bead, and a short sentence that
repeats its neighbour (a headline before its lead) adds enough to be joined. So, in a document
encoded whole, the runs of sentences of the joined and the unsure links are also encoded as
one text each (:func:`with_runs`: the bead vectors of Vecalign and Bertalign, centred like the
sentences), and a bead whose two texts are less alike than its best sentence pair loses the
difference (:func:`whole_cosines`; the term is in :mod:`align.aligner.costs`). They only ever
count against a bead: scored on their own, they favoured any bead of several sentences
(Vecalign's and Bertalign's cosine of the joined texts in place of the sums cost 0.5-4 points
of strict F1 on every dev set here).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

VectorArray = npt.NDArray[np.float32]
FloatArray = npt.NDArray[np.float64]

#: Rows of the band whose dot products are computed together: the gathered target vectors take
#: 2 KB per row and column of the window (32 rows of a 250-column window: 16 MB).
_CHUNK = 32
#: Rows of vectors summed together in float64 (4 KB each).
_ROWS = 1024
#: Documents shorter than this are centred only partly: their own mean is a poor estimate.
_CENTRING_PRIOR = 4.0


@dataclass(frozen=True, slots=True)
class SideVectors:
    """One side's sentence vectors as the semantic term uses them: centred and unit length.

    Only the sentences that have a vector are stored (a long document has a few thousand of
    its tens of thousands encoded): ``rows`` holds their vectors in document order and then a
    zero row, ``index`` gives each sentence its row (the zero row for a sentence without a
    vector)."""

    rows: VectorArray
    index: npt.NDArray[np.int32]
    #: The vector subtracted before normalising (:func:`centred`), for runs centred alike.
    mean: FloatArray | None = None
    #: Runs of sentences encoded as one text each (:func:`with_runs`), if any.
    runs: RunVectors | None = None

    @property
    def count(self) -> int:
        """The number of sentences."""
        return int(self.index.shape[0])

    def gather(self, sentences: npt.NDArray[np.int64]) -> VectorArray:
        """The vectors of ``sentences`` (any shape of sentence indices; a zero vector for a
        sentence without one)."""
        return self.rows[self.index[sentences]]


def centred(found: VectorArray, rows: npt.NDArray[np.int64], count: int) -> SideVectors:
    """The vectors ``found`` of sentences ``rows`` (ascending) of a side of ``count``
    sentences, centred on their mean, shrunk towards no centring for a short document, and
    normalised again; the other sentences have no vector."""
    index = np.full(count, len(rows), dtype=np.int32)
    index[rows] = np.arange(len(rows), dtype=np.int32)
    out = np.zeros((len(rows) + 1, found.shape[1]), dtype=np.float32)
    if len(rows) == 0:
        return SideVectors(out, index)
    values = found.astype(np.float32).astype(np.float64)  # the bits a float32 store would keep
    mean = values.mean(axis=0) * (len(rows) / (len(rows) + _CENTRING_PRIOR))
    out[:-1] = _centre(values, mean)
    return SideVectors(out, index, mean)


def _centre(values: FloatArray, mean: FloatArray) -> VectorArray:
    values = values - mean
    norms = np.linalg.norm(values, axis=1, keepdims=True)
    out: VectorArray = (values / np.maximum(norms, 1e-9)).astype(np.float32)
    return out


@dataclass(frozen=True, slots=True)
class RunVectors:
    """Runs of consecutive sentences of one side, each encoded as one text (the side of a bead
    as Vecalign and Bertalign encode it), centred like the side's sentences: the run of ``k``
    sentences ending before sentence ``e`` has row ``index[k - 2, e]`` of ``rows`` (-1: not
    encoded)."""

    rows: VectorArray
    index: npt.NDArray[np.int32]

    def found(self, ends: npt.NDArray[np.int64], size: int) -> npt.NDArray[np.int32]:
        """The row of the run of ``size`` sentences ending before each of ``ends`` (-1: none)."""
        if size - 2 >= self.index.shape[0]:
            return np.full(ends.shape, -1, dtype=np.int32)
        out: npt.NDArray[np.int32] = self.index[size - 2][ends]
        return out


def with_runs(
    side: SideVectors, spans: Sequence[tuple[int, int]], found: VectorArray
) -> SideVectors:
    """``side`` with the runs ``spans[k]`` = ``[start, stop)`` (each of at least two
    sentences), whose encoder vectors are ``found[k]``, centred on the side's mean."""
    if not spans or side.mean is None:
        return side
    longest = max(stop - start for start, stop in spans)
    index = np.full((longest - 1, side.count + 1), -1, dtype=np.int32)
    for k, (start, stop) in enumerate(spans):
        index[stop - start - 2, stop] = k
    rows = _centre(found.astype(np.float32).astype(np.float64), side.mean)
    return replace(side, runs=RunVectors(rows, index))


def whole_cosines(
    src: SideVectors,
    tgt: SideVectors,
    rows: npt.NDArray[np.int64],
    cols: npt.NDArray[np.int64],
    a: int,
    b: int,
) -> tuple[npt.NDArray[np.bool_], FloatArray] | None:
    """For the ``a``-``b`` beads ending at (``rows``, ``cols``), of several sentences on some
    side: where each side is one encoded text (a sentence, or a run from :func:`with_runs`),
    and the cosine of the two texts there. ``None`` when no such run was encoded."""
    if not (a and b) or (a < 2 and b < 2):
        return None
    if (a >= 2 and src.runs is None) or (b >= 2 and tgt.runs is None):
        return None
    rows, cols = np.broadcast_arrays(rows, cols)
    src_rows, src_matrix = _texts(src, rows, a)
    tgt_rows, tgt_matrix = _texts(tgt, cols, b)
    hit = (src_rows >= 0) & (tgt_rows >= 0)
    if not hit.any():
        return None
    cosines = np.zeros(hit.shape)
    # Only the cells with both texts: gathering every cell's vectors would take 2 KB a cell.
    cosines[hit] = np.einsum(
        "kd,kd->k", src_matrix[src_rows[hit]], tgt_matrix[tgt_rows[hit]], dtype=np.float64
    )
    return hit, cosines


def _texts(
    side: SideVectors, ends: npt.NDArray[np.int64], size: int
) -> tuple[npt.NDArray[np.int32], VectorArray]:
    """Where the ``size`` sentences ending before ``ends`` were encoded as one text: their row
    (-1: not encoded) and the matrix that holds it (a sentence's own, or the side's runs)."""
    if size == 1:
        found = side.index[ends - 1]
        return np.where(found < side.rows.shape[0] - 1, found, -1).astype(np.int32), side.rows
    if side.runs is None:
        return np.full(ends.shape, -1, dtype=np.int32), side.rows
    return side.runs.found(ends, size), side.runs.rows


def chance_cosine(src: SideVectors, tgt: SideVectors) -> float:
    """c₀: the mean cosine of a source and a target sentence taken at random (the mean of all
    dot products is the dot product of the means), kept in [-0.5, 0.5]."""
    src_count = max(1, int(np.count_nonzero(np.any(src.rows, axis=1))))
    tgt_count = max(1, int(np.count_nonzero(np.any(tgt.rows, axis=1))))
    total = _column_sums(src) @ _column_sums(tgt)
    return float(np.clip(total / (src_count * tgt_count), -0.5, 0.5))


def _prefix_blocks(side: SideVectors) -> Iterator[tuple[int, FloatArray]]:
    """The float64 prefix sums of the side's vectors (row e: the sum of the vectors of the first
    e sentences, row 0 zero), a block of rows at a time as ``(first row, block)``: a float64
    copy of a long document's vectors would take 4 KB a sentence. Each block continues the
    running sum of the last, so the sums are the same bits as one ``np.cumsum`` over them."""
    n, dim = side.count, side.rows.shape[1]
    carry = np.zeros((1, dim))
    yield 0, carry
    for start in range(0, n, _ROWS):
        sentences = np.arange(start, min(n, start + _ROWS), dtype=np.int64)
        rows = side.gather(sentences).astype(np.float64)
        block = np.cumsum(np.vstack([carry, rows]), axis=0)[1:] if start else np.cumsum(rows, 0)
        carry = block[-1:]
        yield start + 1, block


def _column_sums(side: SideVectors) -> FloatArray:
    """The float64 sum of the side's vectors (the last prefix sum)."""
    last = np.zeros(side.rows.shape[1])
    for _, block in _prefix_blocks(side):
        last = block[-1]
    return last


def pair_dots(
    src: SideVectors, tgt: SideVectors, first: npt.NDArray[np.int64], width: int
) -> FloatArray:
    """Dot products of each source sentence r with the targets ``first[r] .. first[r]+width``,
    as prefix sums along the row (the layout of the lexical matches in
    :mod:`align.aligner.costs`: column 0 is zero, column k sums the first k dot products)."""
    n, m = src.count, tgt.count
    out = np.zeros((n, width + 1))
    offsets = np.arange(width, dtype=np.int64)
    # A source sentence without a vector has only zero dot products: only the others are
    # computed (all of a short document's, the few thousand encoded of a long one's).
    known = np.flatnonzero(src.index < src.rows.shape[0] - 1)
    for start in range(0, len(known), _CHUNK):
        rows = known[start : start + _CHUNK]
        cols = first[rows, None] + offsets[None, :]
        inside = cols < m  # past the end: a dot product of zero
        block = np.einsum("rd,rwd->rw", src.gather(rows), tgt.gather(np.where(inside, cols, 0)))
        out[rows, 1:] = np.cumsum(np.where(inside, block, 0.0), axis=1)
    return out


def run_norms(side: SideVectors, size: int) -> FloatArray:
    """For each end i (0..n), the squared length of the sum of the vectors of the ``size``
    sentences before it (fewer at the start)."""
    out = np.empty(side.count + 1)
    # The last ``size`` prefix sums before the block (the start of each run ending in it).
    before = np.zeros((0, side.rows.shape[1]))
    for start, block in _prefix_blocks(side):
        window = np.vstack([before, block])
        offset = start - before.shape[0]  # the row of the document ``window[0]`` stands for
        ends = np.arange(start, start + block.shape[0])
        sums = block - window[np.maximum(ends - size, 0) - offset]
        out[start : start + block.shape[0]] = np.einsum("rd,rd->r", sums, sums)
        before = window[max(0, window.shape[0] - size) :]
    return out
