"""Banded dynamic programming over a bead lattice: best path and link posteriors.

A *bead* joins ``a`` source sentences with ``b`` target sentences (``a`` or ``b`` may be 0).
The lattice holds the score of every bead type ending at every cell ``(i, j)`` (``i`` source and
``j`` target sentences consumed) inside a *band*: row ``i`` covers targets ``lo[i] ..
lo[i] + width - 1``, so time and memory grow linearly with the document for a fixed width, as in
Moore (2002) and Vecalign (Thompson & Koehn 2019). The best path comes from the Viterbi
algorithm; each bead's score is its posterior probability, from the forward–backward algorithm
(Rabiner 1989) over all paths in the band.

Every row is computed with a handful of whole-row array operations: the cells each bead type
comes from are gathered through index arrays prepared once for the whole band, and 0-1 beads,
which chain along a row, are folded in with a running maximum (or log-sum) over prefix sums.
No I/O; the model that fills the lattice lives in :mod:`align.aligner.costs`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
#: Flat cell indices (32-bit when the band is small enough, to halve the memory).
IndexArray = npt.NDArray[np.integer[Any]]
#: A bead on a path: source sentences ``[i0, i1)`` with target sentences ``[j0, j1)``.
Bead = tuple[int, int, int, int]


@dataclass(frozen=True, slots=True)
class Band:
    """The searched part of the lattice: row ``i`` covers targets ``lo[i] .. lo[i] + width - 1``
    (``lo[0]`` is 0 and the end cell ``(n, m)`` is inside row ``n``)."""

    lo: IntArray
    width: int
    m: int

    @property
    def n(self) -> int:
        return len(self.lo) - 1

    def columns(self) -> IntArray:
        """The target index of every cell, shape ``(n + 1, width)``."""
        return np.asarray(self.lo[:, None] + np.arange(self.width)[None, :], dtype=np.int64)


@dataclass(frozen=True, slots=True)
class Lattice:
    """Bead scores on a band: ``scores[i, c, k]`` for bead type ``beads[c]`` ending at cell
    ``(i, lo[i] + k)``, and ``insert[i, k]`` for the 0-1 bead ending there (``-inf`` where a
    bead cannot end). Every bead type in ``beads`` consumes at least one source sentence."""

    band: Band
    beads: tuple[tuple[int, int], ...]
    scores: FloatArray
    insert: FloatArray


def full_band(n: int, m: int) -> Band:
    """The whole lattice (for short documents)."""
    return Band(np.zeros(n + 1, dtype=np.int64), m + 1, m)


def diagonal_band(n: int, m: int, half: int) -> Band:
    """A band of ``2 * half + 1`` columns around the diagonal from ``(0, 0)`` to ``(n, m)``."""
    width = min(2 * half + 1, m + 1)
    centre = np.round(np.arange(n + 1) * (m / max(n, 1))).astype(np.int64)
    return Band(np.clip(centre - half, 0, m + 1 - width), width, m)


def path_band(path: list[Bead], n: int, m: int, half: int) -> Band:
    """A band of ``2 * half + 1`` columns centred on a path."""
    width = min(2 * half + 1, m + 1)
    centre = np.zeros(n + 1, dtype=np.int64)
    for _i0, i1, _j0, j1 in path:
        centre[i1] = j1
    # Rows a multi-sentence bead jumps over take the previous row's centre.
    centre = np.maximum.accumulate(centre)
    return Band(np.clip(centre - half, 0, m + 1 - width), width, m)


def edge_beads(path: list[Bead], band: Band, margin: int) -> int:
    """How many beads of ``path`` end within ``margin`` columns of a band edge that is not the
    lattice's own edge (the band should then be widened)."""
    count = 0
    for _i0, i1, _j0, j1 in path:
        k = j1 - int(band.lo[i1])
        if (k < margin and band.lo[i1] > 0) or (
            k > band.width - 1 - margin and band.lo[i1] + band.width - 1 < band.m
        ):
            count += 1
    return count


def _index_dtype(size: int) -> npt.DTypeLike:
    return np.int32 if size < 2**31 - 1 else np.int64


#: Rows whose predecessor or successor indices are prepared together: the whole band's would
#: take 4 bytes per bead type and cell (as much as half the lattice itself).
_INDEX_ROWS = 2048


def _predecessors(lattice: Lattice, start: int, stop: int) -> IndexArray:
    """For rows ``start .. stop - 1``, every bead type and column: the flat index of the cell
    the bead starts from in an ``(n + 1) * width`` row-major array, or the sentinel index just
    past it."""
    band = lattice.band
    n, width = band.n, band.width
    sentinel = (n + 1) * width
    dtype = _index_dtype(sentinel + 1)
    rows = np.arange(start, stop, dtype=np.int64)
    cols = np.arange(width, dtype=np.int64)[None, :]
    out = np.empty((stop - start, len(lattice.beads), width), dtype=dtype)
    for code, (a, b) in enumerate(lattice.beads):
        prev = np.clip(rows - a, 0, n)
        k = cols + (band.lo[start:stop] - b - band.lo[prev])[:, None]
        valid = (rows >= a)[:, None] & (k >= 0) & (k < width)
        out[:, code, :] = np.where(valid, prev[:, None] * width + k, sentinel)
    return out


def _successors(lattice: Lattice, start: int, stop: int, ring: int) -> IndexArray:
    """For rows ``start .. stop - 1``, every bead type and column: the flat index of the bead
    of that type that starts at the cell, in a ring of ``ring`` rows of ``(beads, width)``
    cells (row ``i`` at slot ``i % ring``), or the sentinel past the ring's end."""
    band = lattice.band
    n, width, count = band.n, band.width, len(lattice.beads)
    sentinel = ring * count * width
    dtype = _index_dtype(sentinel + 1)
    rows = np.arange(start, stop, dtype=np.int64)
    cols = np.arange(width, dtype=np.int64)[None, :]
    out = np.empty((stop - start, count, width), dtype=dtype)
    for code, (a, b) in enumerate(lattice.beads):
        nxt = np.clip(rows + a, 0, n)
        k = cols + (band.lo[start:stop] + b - band.lo[nxt])[:, None]
        valid = (rows + a <= n)[:, None] & (k >= 0) & (k < width)
        slot = nxt % ring
        out[:, code, :] = np.where(valid, (slot[:, None] * count + code) * width + k, sentinel)
    return out


def _insert_prefix(insert: FloatArray) -> FloatArray:
    """Per row, the prefix sums of 0-1 bead scores (``cum[k] - cum[k']`` scores the chain of
    insertions from column ``k'`` to ``k``); impossible insertions become a large penalty."""
    steps = np.where(np.isfinite(insert), insert, -1e18)
    steps[:, 0] = 0.0
    return np.asarray(np.cumsum(steps, axis=1), dtype=np.float64)


def viterbi(lattice: Lattice) -> list[Bead]:
    """The best path from ``(0, 0)`` to ``(n, m)`` as beads in order."""
    band = lattice.band
    n, width = band.n, band.width
    count = len(lattice.beads)
    best = np.full((n + 1) * width + 1, -np.inf)
    choice = np.empty((n + 1, width), dtype=np.int8)
    columns = np.arange(width)
    pred = _predecessors(lattice, 0, 0)
    prefix = _insert_prefix(lattice.insert[:0])
    for i in range(n + 1):
        if i % _INDEX_ROWS == 0:
            pred = _predecessors(lattice, i, min(n + 1, i + _INDEX_ROWS))
            prefix = _insert_prefix(lattice.insert[i : i + _INDEX_ROWS])
        cand = best[pred[i % _INDEX_ROWS]] + lattice.scores[i]
        code = cand.argmax(axis=0)
        base = cand[code, columns]
        if i == 0:
            base[0], code[0] = 0.0, -1
        cum = prefix[i % _INDEX_ROWS]
        run = np.maximum.accumulate(base - cum) + cum
        from_insert = run > base + 1e-9
        best[i * width : (i + 1) * width] = np.where(from_insert, run, base)
        choice[i] = np.where(from_insert, count, code)
    path: list[Bead] = []
    i, k = n, band.m - int(band.lo[n])
    while True:
        code = int(choice[i, k])
        if code < 0:
            break
        j = int(band.lo[i]) + k
        a, b = (0, 1) if code == count else lattice.beads[code]
        path.append((i - a, i, j - b, j))
        k = j - b - int(band.lo[i - a])
        i -= a
    path.reverse()
    return path


def _scaled(scores: FloatArray, temperature: float) -> FloatArray:
    """``scores / temperature``, computed as the whole lattice's division would (same bits)."""
    return scores / temperature if temperature != 1.0 else scores


def posteriors(lattice: Lattice, path: list[Bead], temperature: float = 1.0) -> list[float]:
    """The posterior probability of each bead of ``path`` among all paths in the band, with
    every score divided by ``temperature`` (the forward–backward algorithm)."""
    sums = _PathSums.of(lattice, temperature)
    left_out = _left_out(sums)
    codes = {bead: code for code, bead in enumerate(lattice.beads)}
    return [min(1.0, max(0.0, _posterior(sums, left_out, codes, bead))) for bead in path]


@dataclass(frozen=True, slots=True)
class _PathSums:
    """The log sums of the scores of all paths in a lattice's band (scores divided by
    ``temperature``): ``forward`` from ``(0, 0)`` to each cell (flat, row-major, with a
    ``-inf`` sentinel past the end for the cells :func:`_predecessors` finds none for),
    ``backward`` from each cell to ``(n, m)``, and ``total`` over all paths."""

    lattice: Lattice
    temperature: float
    forward: FloatArray
    backward: FloatArray
    total: float

    @classmethod
    def of(cls, lattice: Lattice, temperature: float) -> _PathSums:
        forward = _forward(lattice, temperature)
        backward = _backward(lattice, temperature)
        return cls(lattice, temperature, forward, backward, float(backward[0, 0]))

    def scaled(self, scores: FloatArray) -> FloatArray:
        """``scores`` of the lattice divided by the temperature."""
        return _scaled(scores, self.temperature)


def _forward(lattice: Lattice, temperature: float) -> FloatArray:
    """The forward log sums (see :class:`_PathSums`), a row at a time."""
    band = lattice.band
    n, width = band.n, band.width
    # Scores are divided by the temperature row by row where they are read: a scaled copy of
    # the whole lattice would be its largest array (8 bytes per bead type and cell).
    scores = lattice.scores
    fwd = np.full((n + 1) * width + 1, -np.inf)
    pred = _predecessors(lattice, 0, 0)
    prefix = _insert_prefix(lattice.insert[:0])
    for i in range(n + 1):
        if i % _INDEX_ROWS == 0:
            pred = _predecessors(lattice, i, min(n + 1, i + _INDEX_ROWS))
            prefix = _insert_prefix(_scaled(lattice.insert[i : i + _INDEX_ROWS], temperature))
        base = np.logaddexp.reduce(
            fwd[pred[i % _INDEX_ROWS]] + _scaled(scores[i], temperature), axis=0
        )
        if i == 0:
            base[0] = np.logaddexp(base[0], 0.0)
        cum = prefix[i % _INDEX_ROWS]
        fwd[i * width : (i + 1) * width] = np.logaddexp.accumulate(base - cum) + cum
    return fwd


def _backward(lattice: Lattice, temperature: float) -> FloatArray:
    """The backward log sums (see :class:`_PathSums`), a row at a time from the last."""
    band = lattice.band
    n, width = band.n, band.width
    count = len(lattice.beads)
    scores = lattice.scores
    bwd = np.full((n + 1, width), -np.inf)
    # The scores of the beads entered at each cell of the rows a bead can reach from the current
    # one (every bead consumes 1 .. ``reach`` source sentences), in a ring of ``reach + 1`` rows
    # instead of one entry per bead type and cell of the whole band.
    ring = max(a for a, _ in lattice.beads) + 1
    entered = np.full(ring * count * width + 1, -np.inf)
    end = band.m - int(band.lo[n])
    succ = _successors(lattice, 0, 0, ring)
    prefix = _insert_prefix(lattice.insert[:0])
    for i in range(n, -1, -1):
        if i == n or (i + 1) % _INDEX_ROWS == 0:
            start = i - i % _INDEX_ROWS
            succ = _successors(lattice, start, i + 1, ring)
            prefix = _insert_prefix(_scaled(lattice.insert[start : i + 1], temperature))
        base = np.logaddexp.reduce(entered[succ[i % _INDEX_ROWS]], axis=0)
        if i == n:
            base[end] = np.logaddexp(base[end], 0.0)
        cum = prefix[i % _INDEX_ROWS]
        row = np.logaddexp.accumulate((base + cum)[::-1])[::-1] - cum
        bwd[i] = row
        slot = i % ring
        entered[slot * count * width : (slot + 1) * count * width] = (
            _scaled(scores[i], temperature) + row[None, :]
        ).ravel()
    return bwd


def _left_out(sums: _PathSums) -> tuple[FloatArray, FloatArray]:
    """Per source sentence (index: the sentences up to it) and per target sentence, the
    probability that it is left out (a 1-0 or 0-1 bead). It may leave at several cells of the
    band (before or after a neighbouring insertion): summed over those cells, a block of rows
    at a time, in row order (as one ``np.bincount`` over the whole band would add them)."""
    lattice = sums.lattice
    band = lattice.band
    n, width = band.n, band.width
    forward = sums.forward[:-1].reshape(n + 1, width)
    deletion = lattice.beads.index((1, 0)) if (1, 0) in lattice.beads else None
    source = np.zeros(n + 1)
    target = np.zeros(band.m + width + 1)
    for start in range(0, n + 1, _INDEX_ROWS):
        stop = min(n + 1, start + _INDEX_ROWS)
        if deletion is not None:
            from_cells = _predecessors(lattice, start, stop)[:, deletion, :]
            through = (
                sums.forward[from_cells]
                + sums.scaled(lattice.scores[start:stop, deletion, :])
                + sums.backward[start:stop]
                - sums.total
            )
            source[start:stop] = np.exp(np.minimum(through, 0.0)).sum(axis=1)
        through = (
            forward[start:stop, :-1]
            + sums.scaled(lattice.insert[start:stop, 1:])
            + sums.backward[start:stop, 1:]
            - sums.total
        )
        columns = band.lo[start:stop, None] + np.arange(1, width, dtype=np.int64)[None, :]
        np.add.at(target, columns.ravel(), np.exp(np.minimum(through, 0.0)).ravel())
    return source, target


def _posterior(
    sums: _PathSums,
    left_out: tuple[FloatArray, FloatArray],
    codes: dict[tuple[int, int], int],
    bead: Bead,
) -> float:
    """The posterior probability of one bead: a left-out sentence's from ``left_out``, else the
    paths through the bead's two cells (``codes``: the lattice's index of each bead type)."""
    i0, i1, j0, j1 = bead
    size = (i1 - i0, j1 - j0)
    if size == (1, 0):
        return float(left_out[0][i1])
    if size == (0, 1):
        return float(left_out[1][j1])
    lo = sums.lattice.band.lo
    k0, k1 = j0 - int(lo[i0]), j1 - int(lo[i1])
    score = float(sums.scaled(sums.lattice.scores[i1, codes[size], k1 : k1 + 1])[0])
    width = sums.lattice.band.width
    value = float(sums.forward[i0 * width + k0] + score + sums.backward[i1, k1] - sums.total)
    return math.exp(min(0.0, value))
