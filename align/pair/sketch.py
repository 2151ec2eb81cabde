"""What content pairing keeps of one document instead of its text: interned feature ids, their
positions, its length, and (with an encoder) its document vector and first sentence vectors.

Apart so that a corpus job can sketch each file as it reads it and drop the text: memory grows
with the features kept, not with the corpus.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from align.models import Article
from align.pair.features import content_length, document_features

VERIFIED_SENTENCES = 32
"""Sentence vectors a sketch keeps (the first ones of the document) to verify candidates."""
BYTE_SCALE = 127.0


class FeatureVocabulary:
    """Feature names (``n:6200``, ``s:TLMP``) interned to integer ids, one per distinct name.

    Every sketch of one pairing goes through the same vocabulary, so a sketch stores its
    features as small integers and each distinct name is held once for the whole collection.
    """

    __slots__ = ("_ids", "_names")

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}
        self._names: list[str] = []

    def __len__(self) -> int:
        return len(self._names)

    def intern(self, names: Iterable[str]) -> npt.NDArray[np.int32]:
        """The ids of ``names``, in order; a name not seen before gets the next free id."""
        found: list[int] = []
        for name in names:
            index = self._ids.get(name)
            if index is None:
                index = self._ids[name] = len(self._names)
                self._names.append(name)
            found.append(index)
        return np.array(found, dtype=np.int32)

    def name(self, feature: int) -> str:
        """The feature name behind id ``feature``."""
        return self._names[feature]


@dataclass(frozen=True, slots=True, eq=False)
class ContentSketch:
    """What content pairing needs of one document, without its text.

    About 12 bytes a feature, and with an encoder 2 KB for the document vector and 512 bytes
    for each of its first :data:`VERIFIED_SENTENCES` sentence vectors (16 KB in all).

    ``features`` are the ids (in a ``FeatureVocabulary``) of its comparable features (see
    ``document_features``) in the order they were found, ``positions`` where each first occurs
    (0 = start, 1 = end), ``content_length`` its number of non-space characters.
    """

    features: npt.NDArray[np.int32]
    positions: npt.NDArray[np.float64]
    content_length: int
    #: The document's meaning: the unit-length mean of its sentence vectors (2 KB), when an
    #: encoder gave them (``None`` otherwise).
    vector: npt.NDArray[np.float32] | None = None
    #: Its first :data:`VERIFIED_SENTENCES` sentence vectors, each component stored as a
    #: signed byte (x 127, 512 bytes a sentence), which verify a candidate partner sentence by
    #: sentence (``None`` without an encoder).
    sentences: npt.NDArray[np.int8] | None = None


def sketch(
    article: Article,
    lang: str,
    *,
    other_lang: str,
    vocabulary: FeatureVocabulary,
    concepts: Collection[str] = (),
    sentence_vectors: npt.NDArray[np.float32] | None = None,
) -> ContentSketch:
    """The content sketch of ``article`` written in ``lang``, paired with ``other_lang`` ones.

    Its feature names are interned in ``vocabulary``, which every sketch of one pairing shares.
    ``concepts`` are the glossary concept ids found in the document, if any;
    ``sentence_vectors`` (one row per sentence, from a multilingual encoder) give its meaning.
    """
    features = document_features(article, lang, other_lang=other_lang, concepts=concepts)
    return ContentSketch(
        vocabulary.intern(features),
        np.fromiter(features.values(), dtype=np.float64, count=len(features)),
        content_length(article.text),
        document_vector(sentence_vectors),
        _quantised(sentence_vectors),
    )


def _quantised(vectors: npt.NDArray[np.float32] | None) -> npt.NDArray[np.int8] | None:
    """Unit vectors as signed bytes (cosines change by well under 0.01)."""
    if vectors is None or not len(vectors):
        return None
    kept = vectors[:VERIFIED_SENTENCES].astype(np.float32)
    out: npt.NDArray[np.int8] = np.clip(np.rint(kept * BYTE_SCALE), -127, 127).astype(np.int8)
    return out


def document_vector(
    sentence_vectors: npt.NDArray[np.float32] | None,
) -> npt.NDArray[np.float32] | None:
    """The unit-length mean of a document's sentence vectors (``None`` without any)."""
    if sentence_vectors is None or not len(sentence_vectors):
        return None
    mean = sentence_vectors.astype(np.float64).mean(axis=0)
    norm = float(np.linalg.norm(mean))
    if norm < 1e-9:
        return None
    out: npt.NDArray[np.float32] = (mean / norm).astype(np.float32)
    return out
