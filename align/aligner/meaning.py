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
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

VectorArray = npt.NDArray[np.float32]
FloatArray = npt.NDArray[np.float64]

#: Rows of the band whose dot products are computed together (bounds the gathered block).
_CHUNK = 256
#: Documents shorter than this are centred only partly: their own mean is a poor estimate.
_CENTRING_PRIOR = 4.0


@dataclass(frozen=True, slots=True)
class SideVectors:
    """One side's sentence vectors as the semantic term uses them: centred, unit length, and a
    zero row for each sentence without a vector."""

    vectors: VectorArray


def centred(vectors: VectorArray, encoded: npt.NDArray[np.bool_]) -> SideVectors:
    """``vectors`` (one row per sentence) centred on the mean of the encoded rows, shrunk
    towards no centring for a short document, and normalised again; rows not ``encoded`` are
    zero."""
    out = np.zeros_like(vectors, dtype=np.float32)
    count = int(encoded.sum())
    if count == 0:
        return SideVectors(out)
    rows = vectors[encoded].astype(np.float64)
    mean = rows.mean(axis=0) * (count / (count + _CENTRING_PRIOR))
    rows -= mean
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    out[encoded] = (rows / np.maximum(norms, 1e-9)).astype(np.float32)
    return SideVectors(out)


def chance_cosine(src: SideVectors, tgt: SideVectors) -> float:
    """c₀: the mean cosine of a source and a target sentence taken at random (the mean of all
    dot products is the dot product of the means), kept in [-0.5, 0.5]."""
    src_count = max(1, int(np.count_nonzero(np.any(src.vectors, axis=1))))
    tgt_count = max(1, int(np.count_nonzero(np.any(tgt.vectors, axis=1))))
    total = src.vectors.astype(np.float64).sum(axis=0) @ tgt.vectors.astype(np.float64).sum(axis=0)
    return float(np.clip(total / (src_count * tgt_count), -0.5, 0.5))


def pair_dots(
    src: SideVectors, tgt: SideVectors, first: npt.NDArray[np.int64], width: int
) -> FloatArray:
    """Dot products of each source sentence r with the targets ``first[r] .. first[r]+width``,
    as prefix sums along the row (the layout of the lexical matches in
    :mod:`align.aligner.costs`: column 0 is zero, column k sums the first k dot products)."""
    n = src.vectors.shape[0]
    m = tgt.vectors.shape[0]
    padded = np.vstack([tgt.vectors, np.zeros((1, tgt.vectors.shape[1]), np.float32)])
    out = np.zeros((n, width + 1))
    offsets = np.arange(width, dtype=np.int64)
    for start in range(0, n, _CHUNK):
        stop = min(n, start + _CHUNK)
        cols = first[start:stop, None] + offsets[None, :]
        cols = np.where(cols < m, cols, m)  # past the end: the zero row
        block = np.einsum("rd,rwd->rw", src.vectors[start:stop], padded[cols])
        out[start:stop, 1:] = np.cumsum(block, axis=1)
    return out


def run_norms(side: SideVectors, size: int) -> FloatArray:
    """For each end i (0..n), the squared length of the sum of the vectors of the ``size``
    sentences before it (fewer at the start)."""
    vectors = side.vectors.astype(np.float64)
    prefix = np.vstack([np.zeros((1, vectors.shape[1])), np.cumsum(vectors, axis=0)])
    ends = np.arange(prefix.shape[0])
    out = np.empty(prefix.shape[0])
    for start in range(0, prefix.shape[0], 4 * _CHUNK):
        stop = min(prefix.shape[0], start + 4 * _CHUNK)
        sums = prefix[start:stop] - prefix[np.maximum(ends[start:stop] - size, 0)]
        out[start:stop] = np.einsum("rd,rd->r", sums, sums)
    return out
