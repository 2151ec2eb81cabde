"""Peer sentence aligners on the project's encoder: Vecalign and Bertalign, as evaluation baselines.

``scripts/eval_alignment.py --systems vecalign,bertalign`` runs them beside ``ours`` so that the
comparison isolates the *algorithm*: all three read their sentence vectors from the same
encoder (USE multilingual v3 by default, where the papers used LASER and LaBSE), and joined
sentences are encoded as texts of their own, through the same cache. Both are reimplemented from
the papers and their authors' defaults; neither is tuned on our data.

- :func:`vecalign`: Thompson & Koehn (2019), "Vecalign: Improved Sentence Alignment in Linear
  Time and Space", EMNLP.
- :func:`bertalign`: Liu & Zhu (2022), "Bertalign: Improved word embedding-based sentence
  alignment for Chinese–English parallel corpora of literary texts", Digital Scholarship in the
  Humanities.

A bead is ``(source indices, target indices)``, either side possibly empty; an alignment is a
list of beads that partitions both sides' sentences in order, as the gold files of
``eval_alignment`` are written.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

Bead = tuple[tuple[int, ...], tuple[int, ...]]
Vectors = npt.NDArray[np.float32]
Encode = Callable[[Sequence[str]], Vectors]
Costs = npt.NDArray[np.float64]


# --- shared: joined sentences and the bead lattice ----------------------------------------------


def joined(sentences: Sequence[str], size: int, end: int) -> str:
    """The ``size`` sentences ending at index ``end``, joined by a space (both papers' joins)."""
    return " ".join(sentences[end - size + 1 : end + 1])


def joined_vectors(sentences: Sequence[str], sizes: int, encode: Encode) -> list[Vectors]:
    """Row ``e`` of item ``k - 1`` is the vector of the ``k`` sentences ending at sentence ``e``
    (rows before ``k - 1`` are zero: no such run), for ``k`` in ``1..sizes``."""
    first = encode(list(sentences))
    out = [first]
    for size in range(2, sizes + 1):
        layer = np.zeros_like(first)
        ends = range(size - 1, len(sentences))
        if ends:
            layer[size - 1 :] = encode([joined(sentences, size, e) for e in ends])
        out.append(layer)
    return out


def bead_types(max_size: int) -> list[tuple[int, int]]:
    """Both papers' bead shapes ``(a, b)`` with ``a, b >= 1`` and ``a + b <= max_size``."""
    return [(a, b) for a in range(1, max_size) for b in range(1, max_size) if a + b <= max_size]


def deletions(n: int, m: int) -> list[Bead]:
    """Every sentence alone: the alignment when one side is empty."""
    return [((i,), ()) for i in range(n)] + [((), (j,)) for j in range(m)]


def best_path(
    costs: dict[tuple[int, int], Costs],
    deletion: float,
    shape: tuple[int, int],
    allowed: npt.NDArray[np.bool_] | None = None,
) -> list[Bead]:
    """The cheapest monotone path through the bead lattice (dynamic programming, Gale & Church
    1993): ``costs[a, b][i, j]`` is the cost of the bead of source sentences ``i - a .. i - 1``
    and target sentences ``j - b .. j - 1`` (node ``(i, j)`` is where it ends); a 1-0 or 0-1
    bead costs ``deletion``. Nodes outside ``allowed`` (an ``(n + 1, m + 1)`` mask) are never
    visited. Rows are filled one at a time, each move from an earlier row at once; the 0-1 moves
    within a row follow in order."""
    n, m = shape
    total = np.full((n + 1, m + 1), np.inf)
    moves = [*costs, (1, 0), (0, 1)]
    back = np.zeros((n + 1, m + 1), dtype=np.int64)
    for i in range(n + 1):
        row = np.full(m + 1, np.inf)
        arg = np.zeros(m + 1, dtype=np.int64)
        if i == 0:
            row[0] = 0.0
        for k, (a, b) in enumerate(moves[:-1]):
            if a > i or b > m:
                continue
            step = costs[a, b][i, b:] if b else np.full(m + 1, deletion)
            cand = np.full(m + 1, np.inf)
            cand[b:] = total[i - a, : m + 1 - b] + step
            better = cand < row
            row[better], arg[better] = cand[better], k
        if allowed is not None:
            row[~allowed[i]] = np.inf
        for j in range(1, m + 1):
            if row[j - 1] + deletion < row[j] and (allowed is None or allowed[i, j]):
                row[j], arg[j] = row[j - 1] + deletion, len(moves) - 1
        total[i], back[i] = row, arg
    beads: list[Bead] = []
    i, j = n, m
    while i or j:
        a, b = moves[back[i, j]]
        beads.append((tuple(range(i - a, i)), tuple(range(j - b, j))))
        i, j = i - a, j - b
    return beads[::-1]


def _lattice(values: npt.NDArray[np.floating], a: int, b: int) -> Costs:
    """Per-bead values indexed by end sentences (``values[i - 1, j - 1]``) moved to lattice nodes
    ``(i, j)``, infinite where the bead would start before the first sentence."""
    n, m = values.shape
    out = np.full((n + 1, m + 1), np.inf)
    out[a:, b:] = values[a - 1 :, b - 1 :]
    return out


# --- Vecalign -----------------------------------------------------------------------------------

#: Vecalign's defaults (its ``vecalign.py`` and ``overlap.py``): beads with a + b <= 4 (1-1, 1-2,
#: 2-1, 2-2, 1-3, 3-1), four overlap layers embedded, deletion at the 20th percentile of 1-1
#: costs, 100 samples for the normaliser, 20,000 for the cost distribution, seed 42.
VECALIGN_MAX_SIZE = 4
VECALIGN_OVERLAPS = 4
VECALIGN_DELETION_PERCENTILE = 0.2
VECALIGN_NORM_SAMPLES = 100
VECALIGN_COST_SAMPLES = 20_000
VECALIGN_SEED = 42


def vecalign(source: Sequence[str], target: Sequence[str], encode: Encode) -> list[Bead]:
    """Vecalign (Thompson & Koehn 2019) with its defaults, on ``encode``'s vectors.

    Each run of up to three consecutive sentences is embedded as one text ("overlap
    embeddings"); a bead of ``a`` source and ``b`` target sentences, with vectors ``x`` and
    ``y``, costs (the paper's section 3, up to a constant factor)

        c(x, y) = 2 · a · b · (1 - cos(x, y)) / (n(x) + n(y)),

    where ``n(x)`` is 1 less the mean cosine of ``x`` with 100 random runs of the other side
    (drawn evenly from runs of 1 to 4 sentences), so a vector close to everything pays more;
    1-0 and 0-1 beads cost the 20th percentile of the 1-1 costs of random sentence pairs.

    Differs from the original: the encoder (the paper used LASER); the whole lattice is searched
    (the original searches it in a band of ±7 around a first 1-1 path, after downsampling
    documents longer than 300 × 300 sentences recursively: an approximation for long documents
    that can only miss cheaper paths; every document here fits); the deletion cost is the
    sample's exact percentile (the original reads it off a 1000-bin histogram, interpolated
    between 29 points); normaliser samples are drawn from real runs only (the original's
    front-padding positions hold the vector of the text ``PAD``); the fourth overlap layer is
    encoded only where sampled, since no bead uses it.
    """
    n, m = len(source), len(target)
    if not n or not m:
        return deletions(n, m)
    rng = np.random.default_rng(VECALIGN_SEED)
    largest = VECALIGN_MAX_SIZE - 1
    src = joined_vectors(source, largest, encode)
    tgt = joined_vectors(target, largest, encode)
    src_norms = _normalisers(src, _norm_sample(target, tgt, encode, rng))
    tgt_norms = _normalisers(tgt, _norm_sample(source, src, encode, rng))
    deletion = _deletion_cost(src[0], tgt[0], src_norms[0], tgt_norms[0], rng)
    costs = {
        (a, b): _lattice(
            2.0
            * a
            * b
            * (1.0 - src[a - 1] @ tgt[b - 1].T)
            / (src_norms[a - 1][:, None] + tgt_norms[b - 1][None, :] + 1e-6),
            a,
            b,
        )
        for a, b in bead_types(VECALIGN_MAX_SIZE)
    }
    return best_path(costs, deletion, (n, m))


def _norm_sample(
    sentences: Sequence[str], layers: list[Vectors], encode: Encode, rng: np.random.Generator
) -> Vectors:
    """Vectors of random runs of one side, an equal share from each of the four overlap layers
    (runs of 1 to 4 sentences; layers a short document cannot fill are left out)."""
    per_layer = math.ceil(VECALIGN_NORM_SAMPLES / VECALIGN_OVERLAPS)
    rows = []
    for size in range(1, VECALIGN_OVERLAPS + 1):
        if size > len(sentences):
            continue
        ends = rng.integers(size - 1, len(sentences), per_layer)
        if size <= len(layers):
            rows.append(layers[size - 1][ends])
        else:
            rows.append(encode([joined(sentences, size, int(e)) for e in ends]))
    return np.concatenate(rows)


def _normalisers(layers: list[Vectors], sample: Vectors) -> list[npt.NDArray[np.float64]]:
    """For each run of each layer, 1 minus its mean cosine with the other side's sample."""
    return [1.0 - (layer @ sample.T).mean(axis=1, dtype=np.float64) for layer in layers]


def _deletion_cost(
    src: Vectors,
    tgt: Vectors,
    src_norms: npt.NDArray[np.float64],
    tgt_norms: npt.NDArray[np.float64],
    rng: np.random.Generator,
) -> float:
    """The 20th percentile of normalised 1-1 costs over random sentence pairs (every pair when
    there are fewer than 20,000): a deletion is cheaper than all but the best fifth of pairs."""
    n, m = len(src), len(tgt)
    if n * m <= VECALIGN_COST_SAMPLES:
        rows, cols = np.divmod(np.arange(n * m), m)
    else:
        rows = rng.integers(0, n, VECALIGN_COST_SAMPLES)
        cols = rng.integers(0, m, VECALIGN_COST_SAMPLES)
    cosines = np.einsum("ij,ij->i", src[rows], tgt[cols], dtype=np.float64)
    sampled = 2.0 * (1.0 - cosines) / (src_norms[rows] + tgt_norms[cols] + 1e-6)
    return float(np.quantile(sampled, VECALIGN_DELETION_PERCENTILE))


# --- Bertalign ----------------------------------------------------------------------------------

#: Bertalign's defaults (its README and ``Bertalign.__init__``): beads with a + b <= 5, three
#: nearest targets per source sentence as first-step candidates, a band of 5 sentences around
#: the first step's anchors, −0.1 for a 1-0 or 0-1 bead, the neighbour margin and the length
#: penalty on; the first step's window is the larger of 250 sentences and 6% of the longer side.
BERTALIGN_MAX_ALIGN = 5
BERTALIGN_TOP_K = 3
BERTALIGN_WIN = 5
BERTALIGN_SKIP = -0.1
BERTALIGN_FIRST_WIN = 250
BERTALIGN_FIRST_SHARE = 0.06


def bertalign(source: Sequence[str], target: Sequence[str], encode: Encode) -> list[Bead]:
    """Bertalign (Liu & Zhu 2022) with its defaults, on ``encode``'s vectors.

    Two steps. First, 1-1 anchors: each source sentence's ``top_k`` nearest target sentences by
    cosine are its candidates, and a 1-1/1-0/0-1 dynamic programme (in a wide band around the
    diagonal) keeps the monotone set of candidate pairs with the largest total cosine. Second,
    every bead shape up to ``a + b = 5`` is searched, each source row only between the previous
    anchor's target less ``win`` and the next anchor's target plus ``win``; a bead scores the
    cosine of its joined texts' vectors less the mean cosine of each side with the sentences
    just outside the other (the margin), times ``log2(1 + short / long)`` of the two sides' UTF-8
    lengths, the target's scaled by the document's length ratio; a 1-0 or 0-1 bead scores −0.1.

    Differs from the original: the encoder (the paper used LaBSE); ties between equal-scoring
    moves may be broken otherwise (the original keeps the first of 0-1, 1-0, then the beads,
    we keep the first bead, then 1-0, then 0-1); a document with no anchor is searched in the
    whole lattice (the original fails); nothing is re-split or cleaned (our sentences are given).
    """
    n, m = len(source), len(target)
    if not n or not m:
        return deletions(n, m)
    largest = BERTALIGN_MAX_ALIGN - 1
    src = joined_vectors(source, largest, encode)
    tgt = joined_vectors(target, largest, encode)
    anchors = _anchors(src[0], tgt[0])
    ratio = _utf8(source).sum() / max(1, _utf8(target).sum())
    costs = {}
    for a, b in bead_types(BERTALIGN_MAX_ALIGN):
        score = _margin_cosines(src, tgt, a, b) * _length_penalty(source, target, a, b, ratio)
        costs[a, b] = _lattice(-score, a, b)
    return best_path(costs, -BERTALIGN_SKIP, (n, m), _second_band(anchors, n, m))


def _anchors(src: Vectors, tgt: Vectors) -> list[tuple[int, int]]:
    """The first step's 1-1 beads as lattice nodes ``(i, j)`` (source ``i - 1`` with target
    ``j - 1``): the monotone choice of top-k candidate pairs with the largest summed cosine."""
    n, m = len(src), len(tgt)
    similarity = src @ tgt.T
    top = np.argsort(-similarity, axis=1, kind="stable")[:, :BERTALIGN_TOP_K]
    gain = np.zeros((n, m))
    rows = np.arange(n)[:, None]
    gain[rows, top] = similarity[rows, top]
    width = max(BERTALIGN_FIRST_WIN, int(max(n, m) * BERTALIGN_FIRST_SHARE))
    centre = (np.arange(n + 1) * m / n).astype(int)
    allowed = np.abs(np.arange(m + 1)[None, :] - centre[:, None]) <= width
    path = best_path({(1, 1): _lattice(-gain, 1, 1)}, 0.0, (n, m), allowed)
    return [(s[0] + 1, t[0] + 1) for s, t in path if s and t and gain[s[0], t[0]] > 0]


def _second_band(anchors: list[tuple[int, int]], n: int, m: int) -> npt.NDArray[np.bool_]:
    """The second step's search space: the rows between two anchors may reach from the earlier
    anchor's target less ``win`` to the later one's plus ``win``; the last anchor is moved to
    the lattice's end (replacing it when it already ends either side)."""
    anchors = list(anchors)
    if anchors and (anchors[-1][0] == n or anchors[-1][1] == m):
        anchors.pop()
    anchors.append((n, m))
    allowed = np.zeros((n + 1, m + 1), dtype=bool)
    previous = (0, 0)
    for src, tgt in anchors:
        low, high = max(0, previous[1] - BERTALIGN_WIN), min(m, tgt + BERTALIGN_WIN)
        allowed[previous[0] + 1 : src + 1, low : high + 1] = True
        previous = (src, tgt)
    allowed[0] = allowed[1]
    return allowed


def _margin_cosines(src: list[Vectors], tgt: list[Vectors], a: int, b: int) -> Costs:
    """Cosines of every ``a``-``b`` bead (indexed by end sentences) less the margin: the mean of
    the source run's cosines with the target sentences just before and after the target run,
    and the target run's with the source sentences around the source run, averaged."""
    cosine = (src[a - 1] @ tgt[b - 1].T).astype(np.float64)
    around_target = _neighbours(src[a - 1] @ tgt[0].T, b)
    around_source = _neighbours(tgt[b - 1] @ src[0].T, a).T
    return cosine - (around_target + around_source) / 2.0


def _neighbours(cosines: npt.NDArray[np.floating], size: int) -> Costs:
    """For each run of ``size`` sentences ending at column ``e``, the mean of ``cosines`` with
    the sentence before the run (``e - size``) and the one after it (``e + 1``), those present."""
    rows, count = cosines.shape
    total = np.zeros((rows, count))
    present = np.zeros(count)
    ends = np.arange(count)
    before, after = ends - size, ends + 1
    has_before, has_after = before >= 0, after < count
    total[:, has_before] += cosines[:, before[has_before]]
    total[:, has_after] += cosines[:, after[has_after]]
    present += has_before.astype(float) + has_after.astype(float)
    out: Costs = total / np.maximum(present, 1.0)
    return out


def _utf8(sentences: Sequence[str]) -> npt.NDArray[np.int64]:
    return np.array([len(s.encode("utf-8")) for s in sentences], dtype=np.int64)


def _run_lengths(sentences: Sequence[str], size: int) -> npt.NDArray[np.int64]:
    """UTF-8 bytes of each run of ``size`` sentences joined by spaces, by its last sentence."""
    runs = np.convolve(_utf8(sentences), np.ones(size, dtype=np.int64))[: len(sentences)]
    out: npt.NDArray[np.int64] = runs + (size - 1)
    return out


def _length_penalty(
    source: Sequence[str], target: Sequence[str], a: int, b: int, ratio: float
) -> Costs:
    """``log2(1 + short / long)`` of every bead's UTF-8 lengths, the target's times ``ratio``
    (source bytes per target byte over the document): 1 for lengths in proportion."""
    src_runs = _run_lengths(source, a)
    tgt_runs = _run_lengths(target, b) * ratio
    src_len, tgt_len = src_runs[:, None].astype(float), tgt_runs[None, :]
    short, long = np.minimum(src_len, tgt_len), np.maximum(src_len, tgt_len)
    out: Costs = np.log2(1.0 + short / np.maximum(long, 1e-9))
    return out


#: The peers ``eval_alignment.py --systems`` offers, by name.
PEERS: dict[str, Callable[[Sequence[str], Sequence[str], Encode], list[Bead]]] = {
    "vecalign": vecalign,
    "bertalign": bertalign,
}
