"""Lexicons learned from a first alignment: word pairs that become anchors of the next pass.

Two learners over sentence pairs believed to be translations (the confident 1-1 links of a first
pass): the Dice coefficient of co-occurrence, as hunalign bootstraps its dictionary from its own
first alignment (Varga et al. 2005), and IBM Model 1 (Brown et al. 1993) trained in both
directions by expectation–maximisation, keeping the pairs both directions agree on (the
intersection heuristic of Och & Ney 2003).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from align.aligner.features import Features
from align.aligner.lattice import Bead


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Word pairs (source token, target token) that translate each other, learned from
    confident links (see :func:`learn_lexicon`). Korean tokens are two-syllable word stems,
    others lower-cased words."""

    pairs: tuple[tuple[str, str], ...]


def learn_lexicon(
    pairs: Sequence[tuple[frozenset[str], frozenset[str]]],
    *,
    min_count: int = 2,
    min_dice: float = 0.8,
    limit: int = 4000,
) -> Lexicon:
    """Token pairs with a high Dice coefficient over sentence pairs believed to be
    translations (as hunalign bootstraps its dictionary from its first alignment).

    ``pairs`` holds the :func:`lexicon_tokens` of both sentences of each pair; at most
    ``limit`` pairs, evenly spread, are counted.
    """
    if len(pairs) > limit:
        step = len(pairs) / limit
        pairs = [pairs[int(k * step)] for k in range(limit)]
    src_df: Counter[str] = Counter()
    tgt_df: Counter[str] = Counter()
    for s_set, t_set in pairs:
        src_df.update(s_set)
        tgt_df.update(t_set)
    joint: Counter[tuple[str, str]] = Counter()
    for s_set, t_set in pairs:
        # Tokens seen once cannot reach min_count together: skip them before pairing.
        s_keep = [s for s in s_set if src_df[s] >= min_count]
        t_keep = [t for t in t_set if tgt_df[t] >= min_count]
        if len(s_keep) * len(t_keep) <= 2500:
            joint.update((s, t) for s in s_keep for t in t_keep)
    found = [
        (s, t)
        for (s, t), count in joint.items()
        if count >= min_count and 2 * count / (src_df[s] + tgt_df[t]) >= min_dice
    ]
    return Lexicon(tuple(sorted(found)))


def learn_ibm1(
    pairs: Sequence[tuple[frozenset[str], frozenset[str]]],
    *,
    min_count: int = 2,
    min_prob: float = 0.3,
    iterations: int = 5,
    limit: int = 20000,
) -> Lexicon:
    """Token pairs that translate each other by IBM Model 1 (Brown et al. 1993), trained in
    both directions by expectation–maximisation over sentence pairs believed to be
    translations; a pair is kept when each token is the other's likely translation (t(e|k) and
    t(k|e) both at least ``min_prob``, as in the intersection heuristic of Och & Ney 2003) and
    the two co-occur in at least ``min_count`` pairs.

    Unlike Dice, EM explains a target word by the *best* source word of its sentence, so a
    frequent word that co-occurs with everything (the, 하나) does not take the credit from
    the rare word that is its real translation.
    """
    if len(pairs) > limit:
        step = len(pairs) / limit
        pairs = [pairs[int(k * step)] for k in range(limit)]
    src_df: Counter[str] = Counter()
    tgt_df: Counter[str] = Counter()
    for s_set, t_set in pairs:
        src_df.update(s_set)
        tgt_df.update(t_set)
    src_vocab = sorted(s for s, c in src_df.items() if c >= min_count)
    tgt_vocab = sorted(t for t, c in tgt_df.items() if c >= min_count)
    if not src_vocab or not tgt_vocab:
        return Lexicon(())
    src_id = {s: k + 1 for k, s in enumerate(src_vocab)}  # 0 is NULL (and rare words)
    tgt_id = {t: k + 1 for k, t in enumerate(tgt_vocab)}
    src_seqs = [[src_id.get(s, 0) for s in sorted(s_set)] for s_set, _ in pairs]
    tgt_seqs = [[tgt_id.get(t, 0) for t in sorted(t_set)] for _, t_set in pairs]
    forward = _ibm1(src_seqs, tgt_seqs, len(src_id) + 1, iterations)
    backward = _ibm1(tgt_seqs, src_seqs, len(tgt_id) + 1, iterations)
    joint: Counter[tuple[int, int]] = Counter()
    for s_seq, t_seq in zip(src_seqs, tgt_seqs, strict=True):
        joint.update((s, t) for s in s_seq if s for t in t_seq if t)
    found = [
        (src_vocab[s - 1], tgt_vocab[t - 1])
        for (s, t), count in joint.items()
        if count >= min_count
        and forward.get((s, t), 0.0) >= min_prob
        and backward.get((t, s), 0.0) >= min_prob
    ]
    return Lexicon(tuple(sorted(found)))


def _ibm1(
    src_seqs: Sequence[Sequence[int]],
    tgt_seqs: Sequence[Sequence[int]],
    vocab: int,
    iterations: int,
) -> dict[tuple[int, int], float]:
    """IBM Model 1 translation probabilities t(target | source) over id sequences (source id
    0 is the empty word, added to every sentence), all pairs of a sentence at once."""
    src_parts: list[npt.NDArray[np.int64]] = []
    tgt_parts: list[npt.NDArray[np.int64]] = []
    group_parts: list[npt.NDArray[np.int64]] = []
    groups = 0
    for s_seq, t_seq in zip(src_seqs, tgt_seqs, strict=True):
        if not t_seq:
            continue
        s_arr = np.asarray([0, *s_seq], dtype=np.int64)
        t_arr = np.asarray(t_seq, dtype=np.int64)
        src_parts.append(np.tile(s_arr, len(t_arr)))
        tgt_parts.append(np.repeat(t_arr, len(s_arr)))
        group_parts.append(np.repeat(np.arange(groups, groups + len(t_arr)), len(s_arr)))
        groups += len(t_arr)
    if not src_parts:
        return {}
    src = np.concatenate(src_parts)
    tgt = np.concatenate(tgt_parts)
    group = np.concatenate(group_parts)
    types, kind = np.unique(src * (int(tgt.max()) + 1) + tgt, return_inverse=True)
    type_src = types // (int(tgt.max()) + 1)
    type_tgt = types % (int(tgt.max()) + 1)
    prob = np.ones(len(types))
    for _iteration in range(iterations):
        share = prob[kind]
        share = share / np.bincount(group, weights=share, minlength=groups)[group]
        counts = np.bincount(kind, weights=share, minlength=len(types))
        totals = np.bincount(type_src, weights=counts, minlength=vocab)
        prob = counts / np.maximum(totals[type_src], 1e-12)
    return {
        (int(s), int(t)): float(p)
        for s, t, p in zip(type_src, type_tgt, prob, strict=True)
        if s and t
    }


def confident_pairs(
    path: list[Bead],
    scores: Sequence[float] | None,
    src_tokens: Sequence[frozenset[str]],
    tgt_tokens: Sequence[frozenset[str]],
    min_score: float = 0.0,
) -> list[tuple[frozenset[str], frozenset[str]]]:
    """The lexicon tokens of both sentences of each 1-1 bead of ``path`` (with ``scores``,
    only the beads scored at least ``min_score``): what the learners above count."""
    out = []
    for number, (i0, i1, j0, j1) in enumerate(path):
        if i1 - i0 == 1 and j1 - j0 == 1 and (scores is None or scores[number] >= min_score):
            out.append((src_tokens[i0], tgt_tokens[j0]))
    return out


def add_lexicon(
    src: list[Features],
    tgt: list[Features],
    src_tokens: Sequence[frozenset[str]],
    tgt_tokens: Sequence[frozenset[str]],
    lexicon: Lexicon,
    prefix: str,
) -> None:
    """Learned word pairs as features: a source token, and every target token it translates,
    become the feature ``prefix + source token``."""
    sources = {s for s, _ in lexicon.pairs}
    by_target: dict[str, list[str]] = defaultdict(list)
    for s, t in lexicon.pairs:
        by_target[t].append(prefix + s)
    for counter, tokens in zip(src, src_tokens, strict=True):
        for token in tokens & sources:
            counter[prefix + token] = 1
    for counter, tokens in zip(tgt, tgt_tokens, strict=True):
        for token in tokens:
            for key in by_target.get(token, ()):
                counter[key] = 1
