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
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from align.aligner.costs import BeadModel, estimate_variance, score_lattice
from align.aligner.features import (
    NON_LATIN_LANGS,
    SideFeatures,
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

_T = TypeVar("_T")

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


@dataclass(frozen=True, slots=True)
class _Task:
    """One document pair to align, with what every step of :func:`_align` reads: its
    languages, the dictionary, the encoder and the settings those languages call for."""

    document: JobDocument
    source_lang: str
    target_lang: str
    dictionary: Sequence[tuple[str, str]]
    encode: Encode | None
    settings: AlignerSettings

    @classmethod
    def of(
        cls,
        document: JobDocument,
        source_lang: str,
        target_lang: str,
        dictionary: Sequence[tuple[str, str]],
        encode: Encode | None,
        settings: AlignerSettings,
    ) -> _Task:
        # The features key on the language alone: ko-KR and kor are Korean, en-US is English.
        source_lang, target_lang = primary_language(source_lang), primary_language(target_lang)
        if source_lang not in NON_LATIN_LANGS and target_lang not in NON_LATIN_LANGS:
            # Between two Latin-script languages most words have no identical partner, so only
            # numbers are negative evidence; a Latin word inside Korean is kept by the English.
            settings = replace(settings, missing_classes=settings.missing_classes.replace("w", ""))
        return cls(document, source_lang, target_lang, dictionary, encode, settings)

    @property
    def encoded_later(self) -> bool:
        """Whether the pair is too long to encode whole: only the sentences of its least
        certain links are encoded, once the lexical searches have found them."""
        longest = max(len(self.document.source), len(self.document.target))
        return self.encode is not None and longest > self.settings.semantic_all_limit

    @property
    def refined_by_meaning(self) -> bool:
        """Whether a last search adds meaning where the lexical ones are least certain: the
        vectors of a long pair's uncertain sentences, or a short pair's bead vectors."""
        return self.encode is not None and (
            self.encoded_later or bool(self.settings.bead_vector_weight)
        )


#: The lexicon tokens of both sentences of confident 1-1 links (what job lexicons learn from).
TokenPairs = list[tuple[frozenset[str], frozenset[str]]]


def _search(
    model: BeadModel, settings: AlignerSettings, around: list[Bead] | None = None
) -> tuple[Lattice, list[Bead]]:
    """The best path over the whole lattice (short documents) or over a band: around the
    diagonal, or ``around`` a known path, widened while the path touches its edge."""
    src, tgt = model.source, model.target
    n, m = len(src.lengths), len(tgt.lengths)
    if src.vectors is not None and tgt.vectors is not None:
        settings = replace(settings, beads=(*settings.beads, *settings.semantic_beads))
    if m + 1 <= settings.full_limit:
        lattice = score_lattice(model, full_band(n, m), settings)
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
        lattice = score_lattice(model, band, settings)
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
    document = JobDocument(
        tuple(source),
        tuple(target),
        _as_tuple(source_roles),
        _as_tuple(target_roles),
        _as_tuple(source_anchors),
        _as_tuple(target_anchors),
    )
    task = _Task.of(document, source_lang, target_lang, dictionary, encode, settings)
    return _align(task, lexicon)[0]


def _as_tuple(items: Sequence[_T] | None) -> tuple[_T, ...] | None:
    return None if items is None else tuple(items)


def _align(
    task: _Task, lexicon: Lexicon | None, *, pairs: bool = False, report: bool = True
) -> tuple[list[Link], TokenPairs]:
    """:func:`align` in its steps: features, a first search, word pairs learned from its links,
    a second search, a last one with meaning where the second is least certain, the scores,
    and the crosswise links. With ``pairs``, also the lexicon tokens of its 1-1 links scored at
    least 0.9 at the decision temperature (for job lexicons), else none. Without ``report``
    (the caller only wants the pairs) the links carry the decision-temperature posteriors,
    which saves the reported scores' forward–backward pass."""
    n, m = len(task.document.source), len(task.document.target)
    if n == 0 or m == 0:
        return _one_sided(n, m), []
    settings = task.settings
    src, tgt = _sides(task)
    ratio = (sum(tgt.lengths) + 1.0) / (sum(src.lengths) + 1.0)
    model = BeadModel.of(src, tgt, ratio, settings.variance, settings)
    tokens = _lexicon_tokens(task)
    first_path = _search(model, settings)[1]
    model = _relearned(model, (src, tgt), tokens, first_path, lexicon, settings)
    # The second search keeps its lattice for the posteriors (the first one's was not kept, so
    # only one lattice is in memory at a time).
    lattice, path = _search(model, settings)
    # Posteriors at the decision temperature of the path they were computed for: which links
    # are uncertain enough to search again. Reported scores use their own temperature.
    decided = posteriors(lattice, path, settings.temperature) if task.refined_by_meaning else None
    wanted = _meaning_wanted(task, model, path, decided) if decided is not None else None
    if task.encode is not None and wanted is not None:
        del lattice  # not kept while encoding and searching again
        model = wanted.added(model, task.encode, task.document)
        around = path if task.encoded_later else None
        (lattice, path), decided = _search(model, settings, around), None
    scores, confident = _scored(lattice, path, decided, tokens, settings, pairs, report)
    return crosswise(_links(path, scores), model.source, model.target, settings), confident


def _sides(task: _Task) -> tuple[SideFeatures, SideFeatures]:
    """The features of both sides, and the vectors of every sentence when the pair is short
    enough to encode whole."""
    document = task.document
    src, tgt = prepare_sides(
        document.source,
        document.target,
        source_lang=task.source_lang,
        target_lang=task.target_lang,
        source_anchors=document.source_anchors,
        target_anchors=document.target_anchors,
        dictionary=task.dictionary,
        source_roles=document.source_roles,
        target_roles=document.target_roles,
    )
    if task.encode is None or task.encoded_later:
        return src, tgt
    everything = range(len(document.source)), range(len(document.target))
    return _with_vectors(src, tgt, task.encode, document.source, document.target, *everything)


def _lexicon_tokens(task: _Task) -> tuple[list[frozenset[str]], list[frozenset[str]]]:
    """The tokens of each sentence that lexicons pair (see :func:`lexicon_tokens`)."""
    return (
        [lexicon_tokens(text, task.source_lang) for text in task.document.source],
        [lexicon_tokens(text, task.target_lang) for text in task.document.target],
    )


def _relearned(
    model: BeadModel,
    sides: tuple[SideFeatures, SideFeatures],
    tokens: tuple[list[frozenset[str]], list[frozenset[str]]],
    path: list[Bead],
    lexicon: Lexicon | None,
    settings: AlignerSettings,
) -> BeadModel:
    """The model of the second search: the length variance of ``path``'s 1-1 links, and as
    features added to ``sides`` (in place), the word pairs learned from those links (when there
    are enough of them, ``settings.bootstrap``) and those of ``lexicon`` (learned elsewhere)."""
    variance = estimate_variance(*sides, model.ratio, path, settings.variance)
    learned = []
    first_pass = confident_pairs(path, None, *tokens)
    if settings.bootstrap and len(first_pass) >= 8:
        bootstrapped = learn_lexicon(
            first_pass, min_count=settings.bootstrap_min_count, min_dice=settings.bootstrap_min_dice
        )
        if bootstrapped.pairs:
            learned.append((bootstrapped, "b:"))
    if lexicon is not None and lexicon.pairs:
        learned.append((lexicon, "l:"))
    if not learned:
        return replace(model, variance=variance)
    # Added to the sides' own feature dictionaries, which no later step reads as they were:
    # copies of a 20,000-sentence pair's would add 9 MB to the peak memory.
    for words, prefix in learned:
        add_lexicon(list(sides[0].features), list(sides[1].features), *tokens, words, prefix)
    return BeadModel.of(*sides, model.ratio, variance, settings)


@dataclass(frozen=True, slots=True)
class _SentenceVectors:
    """The sentences a long document encodes for its last search: those of its least certain
    links (``rows`` of each side)."""

    source_rows: list[int]
    target_rows: list[int]

    def added(self, model: BeadModel, encode: Encode, document: JobDocument) -> BeadModel:
        """``model`` with the vectors of those sentences."""
        source, target = _with_vectors(
            model.source,
            model.target,
            encode,
            document.source,
            document.target,
            self.source_rows,
            self.target_rows,
        )
        return replace(model, source=source, target=target)


@dataclass(frozen=True, slots=True)
class _BeadVectors:
    """The runs of sentences a document encoded whole encodes for its last search, each as one
    text (bead vectors): those its least certain links may join (``spans`` of each side), with
    the sentence vectors they are centred like."""

    source: SideVectors
    target: SideVectors
    source_spans: list[tuple[int, int]]
    target_spans: list[tuple[int, int]]

    def added(self, model: BeadModel, encode: Encode, document: JobDocument) -> BeadModel:
        """``model`` with the vectors of those runs."""
        source = _with_runs(self.source, encode, document.source, self.source_spans)
        target = _with_runs(self.target, encode, document.target, self.target_spans)
        return replace(
            model,
            source=replace(model.source, vectors=source),
            target=replace(model.target, vectors=target),
        )


def _meaning_wanted(
    task: _Task, model: BeadModel, path: list[Bead], decided: Sequence[float]
) -> _SentenceVectors | _BeadVectors | None:
    """What a last search encodes where ``path``'s links are least certain (``decided``: their
    posteriors at the decision temperature); ``None`` when there is nothing to add."""
    n, m = len(task.document.source), len(task.document.target)
    if task.encoded_later:
        src_rows, tgt_rows = _uncertain(path, decided, n, m, task.settings)
        return _SentenceVectors(src_rows, tgt_rows) if src_rows and tgt_rows else None
    src_spans, tgt_spans = _uncertain_runs(path, decided, n, m, task.settings)
    src_vectors, tgt_vectors = model.source.vectors, model.target.vectors
    if not (src_spans or tgt_spans) or src_vectors is None or tgt_vectors is None:
        return None
    return _BeadVectors(src_vectors, tgt_vectors, src_spans, tgt_spans)


def _scored(
    lattice: Lattice,
    path: list[Bead],
    decided: list[float] | None,
    tokens: tuple[list[frozenset[str]], list[frozenset[str]]],
    settings: AlignerSettings,
    pairs: bool,
    report: bool,
) -> tuple[list[float], TokenPairs]:
    """The scores of ``path``'s links, and with ``pairs`` the tokens of its confident 1-1 links
    (see :func:`_align`)."""
    if not pairs:
        return _reported(lattice, path, decided, settings), []
    if decided is None:
        decided = posteriors(lattice, path, settings.temperature)
    confident = confident_pairs(path, decided, *tokens, 0.9)
    return (_reported(lattice, path, decided, settings) if report else decided), confident


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
    vectors: SideVectors, encode: Encode, texts: Sequence[str], spans: Sequence[tuple[int, int]]
) -> SideVectors:
    """``vectors`` with the runs ``spans`` of ``texts`` encoded as one text each (the sentences
    joined by a space)."""
    if not spans:
        return vectors
    found = encode([" ".join(texts[start:stop]) for start, stop in spans])
    return with_runs(vectors, spans, found)


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
        doc: JobDocument,
        lexicon: Lexicon | None,
        *,
        pairs: bool = False,
        report: bool = True,
    ) -> tuple[list[Link], TokenPairs]:
        task = _Task.of(doc, source_lang, target_lang, dictionary, encode, settings)
        return _align(task, lexicon, pairs=pairs, report=report)

    # A first pass's links are kept only by a job too small to learn from; once the documents
    # so far have given enough confident links, the rest skip their reported scores.
    first: list[tuple[list[Link], TokenPairs]] = []
    confident: TokenPairs = []
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
