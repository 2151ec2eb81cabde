"""Whether sentence vectors carry meaning for one document: do they agree with its lexical links?

An encoder's vectors for a language it was not trained on may still carry meaning (USE
multilingual v3 on Icelandic: shared subwords, names, numbers, cognates) or be noise (a script
it cannot tokenise). The document itself tells which: the lexical model's confident 1-1 links
are mostly right without any vectors, so if the vectors carry meaning, each such link's target
sentence is closer to its source sentence than the document's other target sentences are.

The statistic is the rank test of Mann & Whitney (1947) in its AUC form: for each confident
link, the share of the other target sentences whose (centred, :func:`centred`) cosine with the
source sentence is below the partner's (ties count half), averaged over the links. Vectors
without meaning rank the partner anywhere: each share is uniform on [0, 1], with mean 1/2 and
variance 1/12, so ``z = (mean − 1/2) · sqrt(12 k)`` for ``k`` links is about standard normal.
The gate (``AlignerSettings.agreement_z``) compares ``z`` with a threshold, so a document with
few confident links cannot open it by chance (three links give at most z = 3.0).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from align.aligner.meaning import centred
from align.models import Link


@dataclass(frozen=True, slots=True)
class Agreement:
    """How well sentence vectors agree with a document's confident lexical links: ``links``
    measured, the mean share ``auc`` of other target sentences their partner outranks, and the
    ``z`` score of that mean against vectors without meaning."""

    links: int
    auc: float
    z: float

    def describe(self) -> str:
        """The evidence in words, for the note a user reads (of at least one link)."""
        return (
            f"{self.links} confident link{'s' if self.links != 1 else ''}, whose partners are "
            f"nearer than {self.auc:.0%} of the other sentences on average: z = {self.z:.1f}"
        )


def confident_pairs(links: Sequence[Link], threshold: float) -> list[tuple[int, int]]:
    """The (source, target) sentences of the 1-1 links scored at least ``threshold``."""
    return [
        (link.source[0], link.target[0])
        for link in links
        if len(link.source) == 1 and len(link.target) == 1 and link.score >= threshold
    ]


def agreement(
    source: npt.NDArray[np.float32],
    target: npt.NDArray[np.float32],
    pairs: Sequence[tuple[int, int]],
) -> Agreement:
    """The agreement of the vectors of every ``source`` and ``target`` sentence (one row each)
    with the sentence ``pairs`` (see the module's docstring)."""
    n, m = len(source), len(target)
    if m < 2 or not pairs:
        return Agreement(0, 0.5, 0.0)
    src = centred(source, np.arange(n, dtype=np.int64), n).rows[:-1]
    tgt = centred(target, np.arange(m, dtype=np.int64), m).rows[:-1]
    shares = []
    for i, j in pairs:
        cosines = tgt @ src[i]
        others = np.delete(cosines, j)
        below = np.count_nonzero(others < cosines[j]) + 0.5 * np.count_nonzero(others == cosines[j])
        shares.append(below / len(others))
    auc = float(np.mean(shares))
    return Agreement(len(shares), auc, (auc - 0.5) * math.sqrt(12 * len(shares)))
