"""Local reordering: sentences a monotone path cannot link to each other, linked crosswise.

The search of :mod:`align.aligner.search` finds a monotone path: links never cross. A
translator who moves a sentence, or OCR that sets a caption or a paragraph elsewhere on the
page, leaves pairs that no monotone path can link. Text+Berg's annotators linked them anyway
(Sennrich & Volk 2010: 14 of the test set's 916 gold links are not contiguous), and the monotone
path leaves the moved sentences out on both sides (a passage of two sentences moved past six
others: four links left out, where gold has two crossing ones) or joins two pairs that cross
into one 2-2 bead. After the search, where both sentences have vectors:

- a source and a target sentence that the path leaves out on either side of a link, at most
  ``reorder_window`` sentences apart, are linked to each other when their cosine is at least
  ``reorder_cosine`` (greedily, the most alike first);
- a 2-2 link whose sentences pair crosswise, each crosswise pair at least ``reorder_cosine``
  and more alike than either straight pair, becomes two crossing 1-1 links.

Roles, where the caller gives them, are kept as the search keeps them: boilerplate is never
linked, and a sentence is linked only to one of its own role.

Cosines are those of the semantic term (:mod:`align.aligner.meaning`: centred sentence vectors),
so the threshold is the same on every document. A link found here is off the path and has no
posterior probability of its own: it carries the lowest score of the links it replaces.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import replace

from align.aligner.costs import BOILERPLATE
from align.aligner.features import SideFeatures
from align.aligner.meaning import SideVectors
from align.aligner.settings import AlignerSettings
from align.models import Link


def crosswise(
    links: Sequence[Link], source: SideFeatures, target: SideFeatures, settings: AlignerSettings
) -> list[Link]:
    """``links`` (a monotone partition of the two sides) with the crosswise links described
    above; every sentence is still in exactly one link, and links stay in the order of their
    source sentences (a target-only link where its sentence was)."""
    if source.vectors is None or target.vectors is None or not settings.reorder_cosine:
        return list(links)
    pairs = _Pairs(source.vectors, target.vectors, source.roles, target.roles)
    return _crossed_pairs(_left_out_pairs(list(links), pairs, settings), pairs, settings)


class _Pairs:
    """How alike a source and a target sentence are, and whether they may be linked at all."""

    def __init__(
        self,
        source: SideVectors,
        target: SideVectors,
        source_roles: tuple[str, ...] | None,
        target_roles: tuple[str, ...] | None,
    ) -> None:
        self.source, self.target = source, target
        self.source_roles, self.target_roles = source_roles, target_roles

    def cosine(self, i: int, j: int) -> float:
        """The cosine of source sentence ``i`` and target sentence ``j``: 0 without a vector,
        -1 where their roles forbid a link."""
        if self.source_roles is not None and self.target_roles is not None:
            role = self.source_roles[i] if i < len(self.source_roles) else None
            other = self.target_roles[j] if j < len(self.target_roles) else None
            if role != other or role == BOILERPLATE:
                return -1.0
        rows = self.source.rows[self.source.index[i]], self.target.rows[self.target.index[j]]
        return float(rows[0] @ rows[1])


def _left_out_pairs(links: list[Link], pairs: _Pairs, settings: AlignerSettings) -> list[Link]:
    """Pairs of left-out sentences linked to each other, the most alike first."""
    # Where each left-out sentence stands on the path: the other side's sentences before it,
    # its link, and how many two-sided links come before it (a pair with none between them
    # could have been one link on the path, which the search chose against).
    src_at: dict[int, tuple[int, int, int]] = {}
    tgt_at: dict[int, tuple[int, int, int]] = {}
    done_src = done_tgt = crossed = 0
    for k, link in enumerate(links):
        if link.source and link.target:
            crossed += 1
        elif link.source:
            src_at[link.source[0]] = (done_tgt, k, crossed)
        elif link.target:
            tgt_at[link.target[0]] = (done_src, k, crossed)
        if link.source:
            done_src = max(done_src, link.source[-1] + 1)
        if link.target:
            done_tgt = max(done_tgt, link.target[-1] + 1)
    window = settings.reorder_window
    left_out = sorted(tgt_at)
    # Only the left-out targets near each left-out source sentence: a text that is not a
    # translation of the other leaves thousands out on both sides.
    near = (
        (i, j)
        for i, (i_at, _, i_run) in src_at.items()
        for j in left_out[
            bisect.bisect_left(left_out, i_at - window) : bisect.bisect_right(
                left_out, i_at + window
            )
        ]
        if abs(tgt_at[j][0] - i) <= window and tgt_at[j][2] != i_run
    )
    candidates = sorted(((pairs.cosine(i, j), i, j) for i, j in near), reverse=True)
    joined: dict[int, Link] = {}  # by the index of the source sentence's link
    dropped: set[int] = set()
    for cosine, i, j in candidates:
        if cosine < settings.reorder_cosine:
            break
        i_link, j_link = src_at[i][1], tgt_at[j][1]
        if i_link in joined or j_link in dropped:
            continue
        score = min(links[i_link].score, links[j_link].score)
        joined[i_link] = Link((i,), (j,), score)
        dropped.add(j_link)
    if not joined:
        return links
    return [joined.get(k, link) for k, link in enumerate(links) if k not in dropped]


def _crossed_pairs(links: list[Link], pairs: _Pairs, settings: AlignerSettings) -> list[Link]:
    """2-2 links whose sentences pair crosswise, split into their two crossing pairs."""
    out: list[Link] = []
    for link in links:
        if len(link.source) == 2 and len(link.target) == 2:
            (s0, s1), (t0, t1) = link.source, link.target
            crossed = min(pairs.cosine(s0, t1), pairs.cosine(s1, t0))
            straight = max(pairs.cosine(s0, t0), pairs.cosine(s1, t1))
            if crossed >= settings.reorder_cosine and crossed > straight:
                out += [
                    replace(link, source=(s0,), target=(t1,)),
                    replace(link, source=(s1,), target=(t0,)),
                ]
                continue
        out.append(link)
    return out
