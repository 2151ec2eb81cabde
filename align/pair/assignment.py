"""The global one-to-one choice among scored candidates (Jonker & Volgenant 1987, LAPJVsp
through SciPy), with a "no match" option for every document, so distractors stay unpaired
instead of being forced onto a partner.

Apart because it is the one decision: everything before it only scores.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from align.pair.candidates import Candidates


@dataclass(frozen=True, slots=True)
class Scored:
    """A chosen pair: source and target indices, and the score it was chosen by."""

    source: int
    target: int
    score: float


def assign(scored: Candidates, n_sources: int, n_targets: int, threshold: float) -> list[Scored]:
    """The one-to-one pairing with the largest total ``score - threshold``; others unpaired.

    Solved exactly as a sparse min-cost full matching on the graph extended with a "no match"
    node per document (each document may match its own dummy at no gain), so a document is left
    unpaired whenever every partner would lower the total.
    """
    useful = scored.scores > threshold
    sources, targets, scores = scored.sources[useful], scored.targets[useful], scored.scores[useful]
    if not len(scores):
        return []
    size = n_sources + n_targets
    edges = 2 * len(scores)
    rows = np.empty(edges + size, dtype=np.int64)
    cols = np.empty(edges + size, dtype=np.int64)
    costs = np.ones(edges + size)
    # Costs are shifted by +1 (every full matching has `size` edges) so no weight is zero.
    # Each candidate gives an edge and its mirror between the two dummies; then every
    # document's own "no match" edge.
    rows[0:edges:2], cols[0:edges:2] = sources, targets
    rows[1:edges:2], cols[1:edges:2] = n_sources + targets, n_targets + sources
    costs[0:edges:2] = 1.0 - (scores - threshold)
    rows[edges : edges + n_sources] = np.arange(n_sources)
    cols[edges : edges + n_sources] = n_targets + np.arange(n_sources)
    rows[edges + n_sources :] = n_sources + np.arange(n_targets)
    cols[edges + n_sources :] = np.arange(n_targets)
    graph = sparse.csr_matrix((costs, (rows, cols)), shape=(size, size))
    row_index, col_index = min_weight_full_bipartite_matching(graph)
    real = (row_index < n_sources) & (col_index < n_targets)
    keys = sources * n_targets + targets
    order = np.argsort(keys)
    wanted = row_index[real].astype(np.int64) * n_targets + col_index[real]
    found = order[np.searchsorted(keys, wanted, sorter=order)]
    matched = [Scored(int(sources[k]), int(targets[k]), float(scores[k])) for k in found.tolist()]
    return sorted(matched, key=lambda s: s.source)
