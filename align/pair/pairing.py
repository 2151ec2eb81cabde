"""Document pairing: which source article is the translation of which target article.

Explicit evidence first: the translated page's link to its original (``Article.original_url``)
and article ids shared by file names. The rest are paired by content, the "rare shared features"
approach of bilingual document alignment (Buck & Koehn 2016, "Findings of the WMT 2016 Bilingual
Document Alignment Shared Task"): numbers normalised across scripts, dates and weekdays,
Latin-script tokens, transliterated names (a Hangul word and an English name with the same
consonant skeleton), optional glossary concepts, each weighted by tf-idf and compared by cosine,
then tempered by a length prior (Gale & Church 1993: translation lengths are proportional).
With sentence vectors, document meaning joins as a margin (Artetxe & Schwenk 2019), and each
document's few best candidates are verified sentence by sentence: a translation aligns
monotonically along its whole length, a document on the same topic does not.
Finally a global one-to-one assignment (Jonker & Volgenant 1987, LAPJVsp through SciPy) maximises
the total evidence over all pairs, with a "no match" option for every document, so distractors
stay unpaired instead of being forced onto a partner.

This module composes those steps and holds the public :func:`pair_documents` and
:func:`pair_refs`. Each kind of evidence lives apart: :mod:`~align.pair.explicit` (links and
ids), :mod:`~align.pair.features` (a text's comparable features), :mod:`~align.pair.sketch`
(what is kept of a document: features, positions, vectors), :mod:`~align.pair.candidates`
(tf-idf cosine, candidate partners, order and length), :mod:`~align.pair.vectors` (document
meaning and sentence-by-sentence verification) and :mod:`~align.pair.assignment` (the one-to-one
choice).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Sequence

import numpy as np
import numpy.typing as npt

from align.errors import ConfigError
from align.models import Article, DocumentPair
from align.pair.assignment import Scored, assign
from align.pair.candidates import (
    Candidates,
    feature_columns,
    feature_matrix,
    idf_weights,
    in_order,
    top_candidates,
    union_of,
    with_length,
)
from align.pair.explicit import DocumentRef, explicit_pairs
from align.pair.sketch import ContentSketch, FeatureVocabulary, sketch
from align.pair.vectors import (
    meaning_candidates,
    meaning_evidence,
    meaning_vectors,
    pair_cosines,
    sentence_evidence,
)

DEFAULT_THRESHOLD = 0.13
"""Content pairs scoring below this stay unpaired (tuned on NTREX-128 dev with distractors)."""
# Share of the content score that comes from the documents' meaning, when they have vectors.
_MEANING_WEIGHT = 0.5


def pair_documents(
    sources: Sequence[Article],
    targets: Sequence[Article],
    *,
    source_lang: str = "ko",
    target_lang: str = "en",
    threshold: float = DEFAULT_THRESHOLD,
    explicit: bool = True,
    source_concepts: Sequence[Collection[str]] | None = None,
    target_concepts: Sequence[Collection[str]] | None = None,
    source_vectors: Sequence[npt.NDArray[np.float32]] | None = None,
    target_vectors: Sequence[npt.NDArray[np.float32]] | None = None,
) -> list[DocumentPair]:
    """Pair ``sources`` with ``targets`` one to one; every document appears exactly once.

    With ``explicit`` (the default), a target whose ``original_url`` names a source, or a source
    and a target whose file names share an article id found in no other file, are paired first
    (methods ``link`` and ``id``, score 1.0). The others are paired by content (method
    ``content``, score in [0, 1]) when their score reaches ``threshold``; the rest are returned
    unpaired (method ``unpaired``, the other side ``None``). ``source_concepts`` and
    ``target_concepts``, when given, hold the glossary concept ids found in each document;
    ``source_vectors`` and ``target_vectors`` its sentence vectors (see :func:`sketch`).

    The result lists the pairs in source order, then unpaired sources, then unpaired targets.
    """
    for name, concepts, docs in (
        ("source", source_concepts, sources),
        ("target", target_concepts, targets),
    ):
        if concepts is not None and len(concepts) != len(docs):
            raise ConfigError(
                f"{len(concepts)} {name} concept sets for {len(docs)} documents",
                hint="give one concept set per document, in the same order",
            )
    vocabulary = FeatureVocabulary()
    return pair_refs(
        [DocumentRef(a.path, a.original_url) for a in sources],
        [DocumentRef(a.path, a.original_url) for a in targets],
        source_sketch=lambda i: sketch(
            sources[i],
            source_lang,
            other_lang=target_lang,
            vocabulary=vocabulary,
            concepts=source_concepts[i] if source_concepts else (),
            sentence_vectors=source_vectors[i] if source_vectors else None,
        ),
        target_sketch=lambda j: sketch(
            targets[j],
            target_lang,
            other_lang=source_lang,
            vocabulary=vocabulary,
            concepts=target_concepts[j] if target_concepts else (),
            sentence_vectors=target_vectors[j] if target_vectors else None,
        ),
        vocabulary=vocabulary,
        threshold=threshold,
        explicit=explicit,
    )


def pair_refs(
    sources: Sequence[DocumentRef],
    targets: Sequence[DocumentRef],
    *,
    source_sketch: Callable[[int], ContentSketch],
    target_sketch: Callable[[int], ContentSketch],
    vocabulary: FeatureVocabulary,
    threshold: float = DEFAULT_THRESHOLD,
    explicit: bool = True,
) -> list[DocumentPair]:
    """``pair_documents`` without holding the texts: the same pairs, scores and methods.

    Explicit evidence needs only ``sources`` and ``targets``; ``source_sketch(i)`` and
    ``target_sketch(j)`` are then called once for each document it leaves unpaired (in order),
    so a caller can read a file, sketch it (with ``sketch``, through ``vocabulary``) and drop its
    text. Memory grows with the features of the documents paired by content (their sketches and
    about 20 candidate partners each, all in flat arrays), not with the corpus's texts.
    """
    if not 0.0 < threshold < 1.0:
        raise ConfigError(
            f"pairing threshold {threshold} is out of range",
            hint="give a value between 0 and 1 (exclusive)",
        )
    fixed: list[DocumentPair] = []
    pair_of_source: dict[int, DocumentPair] = {}
    paired_targets: set[int] = set()
    if explicit:
        for i, j, method in explicit_pairs(sources, targets):
            pair = DocumentPair(sources[i].path, targets[j].path, 1.0, method)
            pair_of_source[i] = pair
            paired_targets.add(j)
            fixed.append(pair)
    rest_sources = [i for i in range(len(sources)) if i not in pair_of_source]
    rest_targets = [j for j in range(len(targets)) if j not in paired_targets]
    # Both sides are needed for content pairing: sketch nothing when either side is empty.
    rest_both = bool(rest_sources) and bool(rest_targets)
    matched = _content_pairs(
        [source_sketch(i) for i in rest_sources] if rest_both else [],
        [target_sketch(j) for j in rest_targets] if rest_both else [],
        vocabulary,
        threshold=threshold,
    )
    for found in matched:
        i, j = rest_sources[found.source], rest_targets[found.target]
        pair_of_source[i] = DocumentPair(
            sources[i].path, targets[j].path, round(found.score, 6), "content"
        )
        paired_targets.add(j)
    result = [pair_of_source[i] for i in range(len(sources)) if i in pair_of_source]
    result += [
        DocumentPair(sources[i].path, None, 0.0, "unpaired")
        for i in range(len(sources))
        if i not in pair_of_source
    ]
    result += [
        DocumentPair(None, targets[j].path, 0.0, "unpaired")
        for j in range(len(targets))
        if j not in paired_targets
    ]
    return result


def _content_pairs(
    sources: Sequence[ContentSketch],
    targets: Sequence[ContentSketch],
    vocabulary: FeatureVocabulary,
    *,
    threshold: float,
) -> list[Scored]:
    """The content pairs among the documents explicit evidence left: candidates by shared
    features (and meaning), scored by features in order, meaning and length, then assigned."""
    if not sources or not targets:
        return []
    weights = idf_weights(sources, targets, vocabulary)
    columns, width = feature_columns(weights, vocabulary)
    found = top_candidates(
        feature_matrix(sources, columns, width, weights),
        feature_matrix(targets, columns, width, weights),
    )
    meaning = meaning_vectors(sources, targets)
    if meaning is not None:
        found = union_of(found, meaning_candidates(*meaning))
    found = in_order(found, sources, targets, weights)
    if meaning is not None:
        cosine = pair_cosines(found, *meaning)
        evidence = meaning_evidence(found, cosine, *meaning)
        verified = sentence_evidence(found, cosine, sources, targets)
        if verified is not None:
            evidence = np.maximum(evidence, verified)
        blended = (1.0 - _MEANING_WEIGHT) * found.scores + _MEANING_WEIGHT * evidence
        found = Candidates(found.sources, found.targets, blended)
    source_lengths = np.array([math.log(d.content_length) for d in sources])
    target_lengths = np.array([math.log(d.content_length) for d in targets])
    scored = with_length(found, source_lengths, target_lengths)
    return assign(scored, len(sources), len(targets), threshold)
