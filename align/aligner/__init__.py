"""Sentence alignment: sentences in, scored links out; pure, no I/O.

The modules in the order data flows through them: :mod:`~align.aligner.settings` (priors and
weights), :mod:`~align.aligner.features` (per-sentence anchors), :mod:`~align.aligner.lexicon`
(word pairs learned from a first pass), :mod:`~align.aligner.costs` (bead scores over a band),
:mod:`~align.aligner.lattice` (Viterbi path and posteriors) and :mod:`~align.aligner.search`
(the passes and the widening band behind :func:`align` and :func:`align_job`).
"""

from align.aligner.search import JobDocument, align, align_job
from align.aligner.settings import ALIGNER_DEFAULTS, AlignerSettings

__all__ = ["ALIGNER_DEFAULTS", "AlignerSettings", "JobDocument", "align", "align_job"]
