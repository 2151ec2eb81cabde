"""Sentence alignment: sentences in, monotone many-to-many links with calibrated scores out.

:func:`align` aligns one document pair in two passes. The first pass finds a path with the
features of :mod:`align.aligner.features`; its 1-1 links give the length variance and a lexicon
learned from the document itself (:mod:`align.aligner.lexicon`); the second pass adds the learned
word pairs and keeps its lattice. :func:`align_job` does the same over all documents of a job,
learning one lexicon from the confident links of every document (hunalign's bootstrapping, Varga
et al. 2005, made corpus-wide).

Search is dynamic programming over a band of the alignment lattice (:mod:`align.aligner.lattice`)
scored by :mod:`align.aligner.costs`, re-centred on the path and widened whenever the path comes
near the band's edge, so time and memory grow linearly with document length for a fixed band.
Decisions come from the Viterbi path; each link's score is its posterior probability under the
model, computed with the forward–backward algorithm, with a temperature fitted on development data
so that scores are calibrated (``AlignerSettings.score_temperature``, see
``scripts/eval_alignment.py --calibrate``). Where the aligner itself asks how sure a link is (which
links to encode or search again, which to learn a job lexicon from) it uses posteriors at its own
decision temperature (``AlignerSettings.temperature``), so calibrating the scores moves no link.
The aligner applies no thresholds: export does. Pure, no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from align.aligner.costs import estimate_variance, feature_weights, score_lattice
from align.aligner.features import (
    NON_LATIN_LANGS,
    SideFeatures,
    keep_shared,
    lexicon_tokens,
    prepare_sides,
)
from align.aligner.lattice import (
    Bead,
    Lattice,
    diagonal_band,
    edge_beads,
    full_band,
    path_band,
    posteriors,
    viterbi,
)
from align.aligner.lexicon import (
    Lexicon,
    add_lexicon,
    confident_pairs,
    learn_ibm1,
    learn_lexicon,
)
from align.aligner.meaning import SideVectors, centred, with_runs
from align.aligner.reorder import crosswise
from align.aligner.settings import ALIGNER_DEFAULTS, AlignerSettings
from align.errors import ConfigError
from align.models import Link
from align.text.languages import primary_language

Encode = Callable[[Sequence[str]], npt.NDArray[np.float32]]
"""Sentence vectors for a list of sentences, one unit-length row each (an encoder of
:mod:`align.text.encoder`, passed in by the caller)."""

#: The most sentences a bead takes from one side in the banded search of long documents:
#: wider beads cost a fifth of the time of a 20,000-sentence pair and are searched only in the
#: whole lattice of a document of up to ``AlignerSettings.full_limit`` target sentences, or in
#: the band of a document whose every sentence has a vector (see :func:`_encoded_whole`).
BANDED_BEAD_SIZE = 3
#: The most times a band is doubled around the path found in it: 61, 121, then 241 columns
#: (what the 20,000-sentence drifting pair of ``scripts/bench_align.py`` needs).
_WIDENINGS = 2
#: The most cells a widened band may have (about 160 bytes each at the peak): memory stays
#: linear in the length of any input with a small constant, 61 cells a row beyond 80,000
#: sentences, and the 20,000-sentence drifting pair still gets the 241 columns it needs.
BAND_CELLS = 5_000_000


@dataclass(frozen=True, slots=True)
class JobDocument:
    """One document pair of a job: sentences, and optionally roles and anchor sets per
    sentence (see :func:`align`)."""

    source: tuple[str, ...]
    target: tuple[str, ...]
    source_roles: tuple[str, ...] | None = None
    target_roles: tuple[str, ...] | None = None
    source_anchors: tuple[frozenset[str], ...] | None = None
    target_anchors: tuple[frozenset[str], ...] | None = None


def _search(
    src: SideFeatures,
    tgt: SideFeatures,
    weights: dict[str, float],
    ratio: float,
    variance: float,
    settings: AlignerSettings,
    around: list[Bead] | None = None,
) -> tuple[Lattice, list[Bead]]:
    """The best path over the whole lattice (short documents) or over a band: around the
    diagonal, or ``around`` a known path, widened while the path touches its edge."""
    n, m = len(src.lengths), len(tgt.lengths)
    if src.vectors is not None and tgt.vectors is not None:
        settings = replace(settings, beads=(*settings.beads, *settings.semantic_beads))
    if m + 1 <= settings.full_limit:
        lattice = score_lattice(src, tgt, weights, full_band(n, m), ratio, variance, settings)
        return lattice, viterbi(lattice)
    if not _encoded_whole(src, tgt, settings):
        settings = replace(
            settings,
            beads=tuple(
                (bead, prior) for bead, prior in settings.beads if max(bead) <= BANDED_BEAD_SIZE
            ),
        )
    half = settings.band
    band = diagonal_band(n, m, half) if around is None else path_band(around, n, m, half)
    touching: int | None = None
    round_ = 0
    while True:
        lattice = score_lattice(src, tgt, weights, band, ratio, variance, settings)
        path = viterbi(lattice)
        edge = edge_beads(path, band, margin=max(3, half // 8))
        # A translation that drifts off the band leaves the edge once the band is wide enough
        # (fewer beads touch it at each widening); a text that is not a translation of the
        # other touches it anywhere however wide the band, and widening it would only multiply
        # the memory (about 80 bytes a cell; a 20,000-line pair took 2.75 GB).
        wider = min(2 * (2 * half) + 1, m + 1)
        if (
            not edge
            or round_ == _WIDENINGS
            or (touching is not None and 2 * edge > touching)
            or (n + 1) * wider > BAND_CELLS
        ):
            return lattice, path
        touching, round_ = edge, round_ + 1
        half *= 2
        band = path_band(path, n, m, half)
        del lattice  # one lattice in memory at a time


def _encoded_whole(src: SideFeatures, tgt: SideFeatures, settings: AlignerSettings) -> bool:
    """Whether every sentence of the pair has a vector: a document encoded whole (at most
    ``settings.semantic_all_limit`` sentences a side) is searched with every bead type even in a
    band, since meaning tells a sentence spread over four or five of the other side's from
    neighbouring links (on Text+Berg dev, 554 target sentences, gold has four 1-4 and 1-5
    beads); the size cap keeps the long documents' search fast."""
    return (
        src.vectors is not None
        and tgt.vectors is not None
        and max(src.vectors.count, tgt.vectors.count) <= settings.semantic_all_limit
        and src.vectors.rows.shape[0] == src.vectors.count + 1
        and tgt.vectors.rows.shape[0] == tgt.vectors.count + 1
    )


def _links(path: list[Bead], scores: Sequence[float]) -> list[Link]:
    """Links in document order; within a run of unaligned sentences, the source side's come
    first (the order of a 1-0 and a 0-1 link side by side is otherwise arbitrary)."""
    links = [
        Link(tuple(range(i0, i1)), tuple(range(j0, j1)), score)
        for (i0, i1, j0, j1), score in zip(path, scores, strict=True)
    ]
    out: list[Link] = []
    run: list[Link] = []
    for link in links:
        if link.source and link.target:
            out.extend(sorted(run, key=lambda x: (not x.source, x.source, x.target)))
            run = []
            out.append(link)
        else:
            run.append(link)
    out.extend(sorted(run, key=lambda x: (not x.source, x.source, x.target)))
    return out


def _one_sided(n: int, m: int) -> list[Link]:
    return [Link((i,), (), 1.0) for i in range(n)] + [Link((), (j,), 1.0) for j in range(m)]


def align(
    source: Sequence[str],
    target: Sequence[str],
    *,
    source_lang: str = "ko",
    target_lang: str = "en",
    source_anchors: Sequence[frozenset[str]] | None = None,
    target_anchors: Sequence[frozenset[str]] | None = None,
    dictionary: Sequence[tuple[str, str]] = (),
    source_roles: Sequence[str] | None = None,
    target_roles: Sequence[str] | None = None,
    lexicon: Lexicon | None = None,
    encode: Encode | None = None,
    settings: AlignerSettings = ALIGNER_DEFAULTS,
) -> list[Link]:
    """Align two sentence lists; return links covering every sentence of both sides once, in
    order, each with its posterior probability as score. With sentence vectors, a few links may
    cross the others (:mod:`align.aligner.reorder`: sentences the translation moved); links
    stay in the order of their source sentences.

    ``source_anchors``/``target_anchors`` give, per sentence, ids of things known to
    correspond across the sides (e.g. glossary concept ids found in the sentence);
    ``dictionary`` lists (source term, target term) pairs; ``source_roles``/``target_roles``
    give each sentence's role (``title``, ``subtitle``, ``caption``, ``body``, ``byline``,
    ``boilerplate``): boilerplate is left unaligned and roles pair with their own kind;
    ``lexicon`` adds word pairs learned elsewhere (see :func:`align_job`); ``encode`` gives
    sentence vectors for the semantic term (:mod:`align.aligner.meaning`): every sentence of a
    document is encoded, or, beyond ``settings.semantic_all_limit`` sentences, those of its least
    certain links. Without ``encode`` the links are those of the lexical model alone.
    """
    return _align(
        source,
        target,
        source_lang=source_lang,
        target_lang=target_lang,
        source_anchors=source_anchors,
        target_anchors=target_anchors,
        dictionary=dictionary,
        source_roles=source_roles,
        target_roles=target_roles,
        lexicon=lexicon,
        encode=encode,
        settings=settings,
    )[0]


def _align(
    source: Sequence[str],
    target: Sequence[str],
    *,
    source_lang: str,
    target_lang: str,
    source_anchors: Sequence[frozenset[str]] | None,
    target_anchors: Sequence[frozenset[str]] | None,
    dictionary: Sequence[tuple[str, str]],
    source_roles: Sequence[str] | None,
    target_roles: Sequence[str] | None,
    lexicon: Lexicon | None,
    encode: Encode | None,
    settings: AlignerSettings,
    pairs: bool = False,
    report: bool = True,
) -> tuple[list[Link], list[tuple[frozenset[str], frozenset[str]]]]:
    """:func:`align`; with ``pairs``, also the lexicon tokens of its 1-1 links scored at least
    0.9 at the decision temperature (for job lexicons), else none. Without ``report`` (the
    caller only wants the pairs) the links carry the decision-temperature posteriors, which
    saves the reported scores' forward–backward pass."""
    n, m = len(source), len(target)
    if n == 0 or m == 0:
        return _one_sided(n, m), []
    # The features key on the language alone: ko-KR and kor are Korean, en-US is English.
    source_lang, target_lang = primary_language(source_lang), primary_language(target_lang)
    if source_lang not in NON_LATIN_LANGS and target_lang not in NON_LATIN_LANGS:
        # Between two Latin-script languages most words have no identical partner, so only
        # numbers are negative evidence; a Latin word inside Korean is kept by the English.
        settings = replace(settings, missing_classes=settings.missing_classes.replace("w", ""))
    src, tgt = prepare_sides(
        source,
        target,
        source_lang=source_lang,
        target_lang=target_lang,
        source_anchors=source_anchors,
        target_anchors=target_anchors,
        dictionary=dictionary,
        source_roles=source_roles,
        target_roles=target_roles,
    )
    ratio = (sum(tgt.lengths) + 1.0) / (sum(src.lengths) + 1.0)
    semantic_later = False
    if encode is not None:
        if max(n, m) <= settings.semantic_all_limit:
            src, tgt = _with_vectors(src, tgt, encode, source, target, range(n), range(m))
        else:
            semantic_later = True
    shared = keep_shared(src, tgt)
    weights = feature_weights(*shared, settings)
    path = _search(*shared, weights, ratio, settings.variance, settings)[1]
    variance = estimate_variance(src, tgt, ratio, path, settings.variance)
    src_tokens = [lexicon_tokens(t, source_lang) for t in source]
    tgt_tokens = [lexicon_tokens(t, target_lang) for t in target]
    first_pass = confident_pairs(path, None, src_tokens, tgt_tokens)
    src_feats, tgt_feats = list(src.features), list(tgt.features)
    changed = variance != settings.variance
    if settings.bootstrap and len(first_pass) >= 8:
        learned = learn_lexicon(
            first_pass, min_count=settings.bootstrap_min_count, min_dice=settings.bootstrap_min_dice
        )
        if learned.pairs:
            add_lexicon(src_feats, tgt_feats, src_tokens, tgt_tokens, learned, "b:")
            changed = True
    if lexicon is not None and lexicon.pairs:
        add_lexicon(src_feats, tgt_feats, src_tokens, tgt_tokens, lexicon, "l:")
        changed = True
    if changed:
        shared = keep_shared(
            replace(src, features=tuple(src_feats)), replace(tgt, features=tuple(tgt_feats))
        )
        weights = feature_weights(*shared, settings)
    # The final pass keeps its lattice for the posteriors (the first pass's is not kept, so
    # only one lattice is in memory at a time).
    lattice, path = _search(
        *shared, weights, ratio, variance if changed else settings.variance, settings
    )
    # Posteriors at the decision temperature of the path they were computed for: which links
    # are uncertain enough to search again. Reported scores use their own temperature.
    decided: list[float] | None = None
    if semantic_later and encode is not None:
        # A long document: encode the sentences of its least certain links and search again.
        decided = posteriors(lattice, path, settings.temperature)
        src_rows, tgt_rows = _uncertain(path, decided, n, m, settings)
        if src_rows and tgt_rows:
            del lattice
            shared = _with_vectors(*shared, encode, source, target, src_rows, tgt_rows)
            lattice, path = _search(
                *shared,
                weights,
                ratio,
                variance if changed else settings.variance,
                settings,
                around=path,
            )
            decided = None
    elif settings.bead_vector_weight and encode is not None:
        decided = posteriors(lattice, path, settings.temperature)
        spans = _uncertain_runs(path, decided, n, m, settings)
        if spans[0] or spans[1]:
            runs = _with_runs(*shared, encode, source, target, *spans)
            if runs is not None:
                del lattice
                lattice, path = _search(
                    *runs, weights, ratio, variance if changed else settings.variance, settings
                )
                decided = None
    if not pairs:
        scores, confident = _reported(lattice, path, decided, settings), []
    else:
        if decided is None:
            decided = posteriors(lattice, path, settings.temperature)
        confident = confident_pairs(path, decided, src_tokens, tgt_tokens, 0.9)
        scores = _reported(lattice, path, decided, settings) if report else decided
    return crosswise(_links(path, scores), *shared, settings), confident


def _reported(
    lattice: Lattice, path: list[Bead], decided: list[float] | None, settings: AlignerSettings
) -> list[float]:
    """The scores ``path``'s links are reported with: posteriors at
    ``settings.score_temperature`` (the ``decided`` posteriors at the decision temperature
    when the two are equal, so no second forward–backward pass is run)."""
    if decided is not None and settings.score_temperature == settings.temperature:
        return decided
    return posteriors(lattice, path, settings.score_temperature)


def _side_vectors(encode: Encode, texts: Sequence[str], rows: Sequence[int]) -> SideVectors | None:
    rows = sorted(set(rows))
    if not rows:
        return None
    found = encode([texts[i] for i in rows])
    return centred(found, np.asarray(rows, dtype=np.int64), len(texts))


def _with_vectors(
    src: SideFeatures,
    tgt: SideFeatures,
    encode: Encode,
    source: Sequence[str],
    target: Sequence[str],
    src_rows: Sequence[int],
    tgt_rows: Sequence[int],
) -> tuple[SideFeatures, SideFeatures]:
    return (
        replace(src, vectors=_side_vectors(encode, source, src_rows)),
        replace(tgt, vectors=_side_vectors(encode, target, tgt_rows)),
    )


def _uncertain(
    path: list[Bead], scores: Sequence[float], n: int, m: int, settings: AlignerSettings
) -> tuple[list[int], list[int]]:
    """The sentences of the links scored below ``settings.semantic_uncertain`` and their
    neighbours, least certain first, at most ``settings.semantic_budget`` sentences."""
    src_rows: set[int] = set()
    tgt_rows: set[int] = set()
    order = sorted(range(len(path)), key=lambda k: scores[k])
    for k in order:
        if scores[k] >= settings.semantic_uncertain:
            break
        i0, i1, j0, j1 = path[k]
        src_rows.update(range(max(0, i0 - 1), min(n, i1 + 1)))
        tgt_rows.update(range(max(0, j0 - 1), min(m, j1 + 1)))
        if len(src_rows) + len(tgt_rows) >= settings.semantic_budget:
            break
    return sorted(src_rows), sorted(tgt_rows)


def _uncertain_runs(
    path: list[Bead], scores: Sequence[float], n: int, m: int, settings: AlignerSettings
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The runs of 2 to ``settings.bead_vector_size`` sentences on each side inside the links
    scored below ``settings.bead_vector_uncertain`` or joining several sentences of a side
    (where a bead of several sentences is on the path or near it), least certain first, at
    most about ``settings.bead_vector_budget`` runs."""
    src_rows: set[int] = set()
    tgt_rows: set[int] = set()
    order = sorted(range(len(path)), key=lambda k: scores[k])
    budget = settings.bead_vector_budget
    for k in order:
        i0, i1, j0, j1 = path[k]
        if scores[k] >= settings.bead_vector_uncertain and i1 - i0 <= 1 and j1 - j0 <= 1:
            continue
        src_rows.update(range(i0, i1))
        tgt_rows.update(range(j0, j1))
        if (len(src_rows) + len(tgt_rows)) * (settings.bead_vector_size - 1) >= budget:
            break

    def runs(rows: set[int]) -> list[tuple[int, int]]:
        return [
            (start, start + size)
            for start in sorted(rows)
            for size in range(2, settings.bead_vector_size + 1)
            if all(start + k in rows for k in range(size))
        ]

    return runs(src_rows), runs(tgt_rows)


def _with_runs(
    src: SideFeatures,
    tgt: SideFeatures,
    encode: Encode,
    source: Sequence[str],
    target: Sequence[str],
    src_spans: Sequence[tuple[int, int]],
    tgt_spans: Sequence[tuple[int, int]],
) -> tuple[SideFeatures, SideFeatures] | None:
    """Both sides with their ``spans`` encoded as one text each (the sentences joined by a
    space); ``None`` when a side has no sentence vectors to centre them like."""
    if src.vectors is None or tgt.vectors is None:
        return None

    def joined(
        vectors: SideVectors, texts: Sequence[str], spans: Sequence[tuple[int, int]]
    ) -> SideVectors:
        if not spans:
            return vectors
        found = encode([" ".join(texts[start:stop]) for start, stop in spans])
        return with_runs(vectors, spans, found)

    return (
        replace(src, vectors=joined(src.vectors, source, src_spans)),
        replace(tgt, vectors=joined(tgt.vectors, target, tgt_spans)),
    )


def align_job(
    documents: Sequence[JobDocument],
    *,
    source_lang: str = "ko",
    target_lang: str = "en",
    dictionary: Sequence[tuple[str, str]] = (),
    encode: Encode | None = None,
    settings: AlignerSettings = ALIGNER_DEFAULTS,
) -> list[list[Link]]:
    """Align the document pairs of one job in two passes: align each alone, learn a lexicon
    over the confident 1-1 links of *all* documents (IBM Model 1, :func:`learn_ibm1`; or Dice,
    :func:`learn_lexicon`, with ``settings.job_lexicon="dice"``), then align each again with it.
    Documents share their vocabulary, so the job knows more word pairs than any one document
    (hunalign's bootstrapping, made corpus-wide)."""
    if settings.job_lexicon not in ("ibm1", "dice"):
        raise ConfigError(f"unknown job lexicon {settings.job_lexicon!r}: use 'ibm1' or 'dice'")

    def run(
        doc: JobDocument, lexicon: Lexicon | None, *, pairs: bool = False, report: bool = True
    ) -> tuple[list[Link], list[tuple[frozenset[str], frozenset[str]]]]:
        return _align(
            doc.source,
            doc.target,
            source_lang=source_lang,
            target_lang=target_lang,
            source_anchors=doc.source_anchors,
            target_anchors=doc.target_anchors,
            dictionary=dictionary,
            source_roles=doc.source_roles,
            target_roles=doc.target_roles,
            lexicon=lexicon,
            encode=encode,
            settings=settings,
            pairs=pairs,
            report=report,
        )

    # A first pass's links are kept only by a job too small to learn from; once the documents
    # so far have given enough confident links, the rest skip their reported scores.
    first: list[tuple[list[Link], list[tuple[frozenset[str], frozenset[str]]]]] = []
    confident: list[tuple[frozenset[str], frozenset[str]]] = []
    for doc in documents:
        first.append(run(doc, None, pairs=True, report=len(confident) < settings.job_min_pairs))
        confident.extend(first[-1][1])
    if len(confident) < settings.job_min_pairs:
        # Too few links to learn from: a small job's lexicon is noise (on Bible dev, James'
        # 5 chapters, 58 confident links, lost 5 points of F1 with it; Esther's 87 gained 2),
        # so each document keeps its own pass.
        return [links for links, _ in first]
    if settings.job_lexicon == "ibm1":
        lexicon = learn_ibm1(
            confident, min_count=settings.job_min_count, min_prob=settings.job_min_prob
        )
    else:
        lexicon = learn_lexicon(
            confident, min_count=settings.job_min_count, min_dice=settings.job_min_dice, limit=20000
        )
    settings = replace(
        settings,
        lexical_weight=settings.job_lexical_weight,
        learned_weight=settings.job_learned_weight,
    )
    return [run(doc, lexicon)[0] for doc in documents]
