"""The aligner's settings: bead-type priors and model weights, fitted on development data.

The priors follow Gale & Church (1993, Table 5), re-estimated for 0-1/1-0 and n-m beads; the
weights of the length, lexical, role and quotation terms (:mod:`align.aligner.costs`) and of the
learned lexicons (:mod:`align.aligner.lexicon`) were fitted on the development sets with
``scripts/eval_alignment.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Bead types (source count, target count) and their prior probabilities.
BEADS: dict[tuple[int, int], float] = {
    (1, 1): 0.86,
    (1, 0): 0.03,
    (0, 1): 0.03,
    (2, 1): 0.04,
    (1, 2): 0.04,
    (2, 2): 0.004,
    (3, 1): 0.004,
    (1, 3): 0.004,
    # A splitter that cuts quoted dialogue ("...입니다.” / 라고 그가 말했습니다.") leaves one
    # sentence of the other side spread over four or five (NTREX dev end to end: 0.924 -> 0.934).
    (4, 1): 0.0003,
    (1, 4): 0.0003,
    (5, 1): 0.0001,
    (1, 5): 0.0001,
}


@dataclass(frozen=True, slots=True)
class AlignerSettings:
    """Model weights (fitted on the development sets; see ``scripts/eval_alignment.py``)."""

    beads: tuple[tuple[tuple[int, int], float], ...] = tuple(BEADS.items())
    variance: float = 6.8
    lexical_weight: float = 8.0
    missing_weight: float = 2.0
    #: Anchor classes whose unmatched weight counts against a bead (numbers ``n``, words
    #: ``w``; words only when one side is not Latin script).
    missing_classes: str = "nw"
    smoothing: float = 2.0
    number_weight: float = 2.0
    word_weight: float = 1.0
    cognate_weight: float = 0.5
    punct_weight: float = 0.5
    name_weight: float = 2.0
    anchor_weight: float = 2.0
    dictionary_weight: float = 1.0
    learned_weight: float = 1.0
    role_penalty: float = 6.0
    #: Against a bead that leaves a quotation open on one side only (odd against even quote
    #: marks): a quoted passage split on one side belongs in one bead with its rest.
    quote_penalty: float = 2.0
    role_bonus: float = 2.0
    #: Posterior temperature of the aligner's own decisions: which links are unsure enough to
    #: encode or search again (``semantic_uncertain``, ``bead_vector_uncertain``) and which
    #: 1-1 links a job learns its lexicon from (0.9). The weights and thresholds above and
    #: below were fitted with it; it was the reported scores' temperature too until those
    #: were fitted apart (lowest NLL of link correctness then: 0.315 against 0.405 at 1.0).
    temperature: float = 1.75
    #: Temperature of the reported scores only (temperature scaling, Guo et al. 2017, "On
    #: Calibration of Modern Neural Networks"), fitted on the dev sets only
    #: (``scripts/eval_alignment.py --calibrate``): the lowest negative log-likelihood of link
    #: correctness. Changing it changes no link.
    score_temperature: float = 2.0
    band: int = 30
    full_limit: int = 400
    bootstrap: bool = True
    bootstrap_min_dice: float = 0.7
    bootstrap_min_count: int = 2
    job_min_dice: float = 0.4
    job_min_count: int = 3
    job_min_pairs: int = 80
    #: How a job learns its lexicon: ``ibm1`` (:func:`align.aligner.lexicon.learn_ibm1`) or
    #: ``dice`` (:func:`align.aligner.lexicon.learn_lexicon`).
    job_lexicon: str = "ibm1"
    job_min_prob: float = 0.15
    #: Lexical and learned-lexicon weights of a job's second pass: a job's lexicon is richer
    #: than one document's, so lexical evidence counts for more (fitted on NTREX and Bible dev).
    job_lexical_weight: float = 12.0
    job_learned_weight: float = 1.5
    #: The semantic term (:mod:`align.aligner.meaning`), used when sentence vectors are given:
    #: its weight (fitted on NTREX, Bible and Text+Berg dev: ``scripts/eval_alignment.py
    #: --fit-semantic``), and the bead types it adds to
    #: :data:`BEADS` (one side's sentence spread over 2-3 or 4 of the other's, which lengths
    #: and anchors alone cannot tell from neighbouring 1-1 links).
    semantic_weight: float = 24.0
    #: With meaning, against a bead whose last sentence ends a clause (``;`` or ``:``) on one
    #: side and not on the other, an empty side ending none: the rest of that sentence went to
    #: another bead, or a clause was left out alone. Only where both sides end clauses so about
    #: equally often. Fitted on Text+Berg dev (4 to 8 do alike there; NTREX and Bible dev
    #: unchanged).
    open_end_penalty: float = 6.0
    #: With meaning, the weight ε of a flat outlier component mixed into the length model
    #: (:func:`align.aligner.costs._robust`): a bead of sentences with vectors loses at most
    #: -log ε (12.7) to its lengths, so a caption that OCR ran into a sentence no longer splits
    #: a right 1-1 link into two left-out sentences. Text+Berg dev, NTREX and Bible dev are
    #: unchanged from 1e-6 to 1e-5 (Bible +0.001 at 1e-5); NTREX dev loses a link at 3e-5 and
    #: Text+Berg dev at 1e-4, so the value keeps a margin below both. 0: the plain normal.
    length_outliers: float = 3e-6
    semantic_beads: tuple[tuple[tuple[int, int], float], ...] = (
        ((2, 3), 0.002),
        ((3, 2), 0.002),
        ((3, 3), 0.0005),
    )
    #: Documents with at most this many sentences on each side have every sentence encoded;
    #: longer ones only the sentences of their least certain links, at most
    #: ``semantic_budget`` of them (encoding is the slow part: about 760 news sentences a
    #: second on 2 cores, so a 20,000-sentence pair encoded whole would take a minute).
    semantic_all_limit: int = 1000
    semantic_budget: int = 3000
    semantic_uncertain: float = 0.9
    #: Bead vectors (:meth:`align.aligner.costs._Semantic._shortfall`): in a document encoded
    #: whole, the runs of 2 to ``bead_vector_size`` sentences inside links that join several
    #: sentences or are scored below ``bead_vector_uncertain`` (at most ``bead_vector_budget``
    #: runs) are encoded as one text each and the path is searched again; a bead of several
    #: sentences whose joined texts are less alike than its best sentence pair loses
    #: ``bead_vector_weight`` times the semantic weight per sentence and unit of cosine. Fitted
    #: on the mean strict F1 over perturbation seeds 13, 1, 2, 3 of NTREX and Bible dev, with
    #: Text+Berg dev (seed 13 alone did alike from 0.5 to 4; over the seeds 1.5 and 0.9 against
    #: 1 and 0.5: NTREX 0.9706 -> 0.9743, Bible 0.9522 -> 0.9531, Text+Berg dev 0.906 -> 0.901;
    #: seeds 4 and 5, not fitted: NTREX 0.9685 -> 0.9708, Bible 0.9516 -> 0.9519). Weight 2
    #: loses Text+Berg test (0.897).
    bead_vector_weight: float = 1.5
    bead_vector_uncertain: float = 0.9
    bead_vector_size: int = 3
    bead_vector_budget: int = 2000
    #: Local reordering (:mod:`align.aligner.reorder`): after the monotone search, left-out
    #: sentences at most ``reorder_window`` apart, and the halves of a 2-2 link that pair
    #: crosswise, are linked crosswise when their cosine (centred vectors) is at least
    #: ``reorder_cosine``. Fitted on Text+Berg dev; NTREX and Bible dev (seeds 13, 1, 2, 3)
    #: have no pair left out on both sides that is as alike (their highest: 0.44). 0: off.
    reorder_cosine: float = 0.5
    reorder_window: int = 12
    #: A language the encoder was not trained on (:mod:`align.aligner.agreement`): its vectors
    #: are used for a document (of at most ``semantic_all_limit`` sentences a side) when they
    #: rank the partners of its 1-1 lexical links scored at least ``agreement_links`` above
    #: the other sentences with z >= ``agreement_z``. Chosen on the covered dev sets and on
    #: non-translations, not on ParIce: a document paired with the next of its set (NTREX and
    #: Bible dev, seed 13) reached at most z = 2.43 (neighbouring Bible chapters share a
    #: topic), the translations at least 2.88 (a 3-link document; most 5 to 21).
    agreement_links: float = 0.9
    agreement_z: float = 2.65


ALIGNER_DEFAULTS = AlignerSettings()
