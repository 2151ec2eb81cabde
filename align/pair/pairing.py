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
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TypeAlias, cast
from urllib.parse import unquote, urlsplit

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from align.errors import ConfigError
from align.models import Article, DocumentPair, PairMethod
from align.text import numbers
from align.text.calendar import (
    EN_MONTH_ABBREVIATIONS,
    EN_MONTH_NAMES,
    EN_WEEKDAY_NAMES,
    KO_WEEKDAY_NAMES,
    KO_WEEKDAYS,
    MONTH_NUMBERS,
    WEEKDAYS,
)
from align.text.languages import primary_language
from align.text.translit import MIN_SKELETON, hangul_skeleton, latin_skeleton

DEFAULT_THRESHOLD = 0.13
"""Content pairs scoring below this stay unpaired (tuned on NTREX-128 dev with distractors)."""

# Candidates kept per document before the assignment: the true partner of a document is almost
# always among its few best-scoring ones, and the sparse assignment stays linear in practice.
_CANDIDATES = 20
# Score-matrix cells computed at once when looking for candidates (bounds the memory used).
_DENSE_LIMIT = 500_000
# Candidate pairs whose document vectors are compared at once (4 MB a side).
_COSINE_BLOCK = 1024
# Feature families and their weight in the cosine; names are fuzzier than numbers or acronyms.
_CHANNEL_WEIGHT = {"n": 1.0, "d": 1.0, "m": 0.5, "w": 0.5, "l": 1.0, "s": 0.6, "c": 1.0}
# Share of the content score that comes from the documents' meaning, when they have vectors.
_MEANING_WEIGHT = 0.5
# Nearest neighbours in the margin, and the scale that maps a margin to [0, 1] evidence.
_MARGIN_NEIGHBOURS = 4
_MARGIN_SCALE = 4.0
_MARGIN_FLOOR = 0.06
_NOT_MUTUAL = 0.5
# Sentence-level verification: candidates aligned per document, the neighbours in its margin,
# the cosine a sentence has with an unrelated one, and the margin's floor and scale.
_VERIFIED = 6
VERIFIED_SENTENCES = 32
"""Sentence vectors a sketch keeps (the first ones of the document) to verify candidates."""
_BYTE_SCALE = 127.0
_VERIFY_NEIGHBOURS = 3
_CHANCE_COSINE = 0.1
_VERIFY_FLOOR = 0.0
_VERIFY_SCALE = 10.0
# A verified pair's similarity as a share of the collection's typical translation: none below
# the low share, full from the high one.
_TYPICAL_LOW = 0.25
_TYPICAL_HIGH = 0.5
# Log-ratio spread of translation lengths around the collection's typical ratio.
_LENGTH_SIGMA = 0.35
# Spread of a shared feature's relative position between a document and its translation.
_POSITION_SIGMA = 0.12

_LATIN_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:['’&.-][A-Za-z0-9]+)*")
_CAPITALISED = re.compile(r"\b[A-Z][A-Za-z]+(?:['’-][A-Za-z]+)*")
_HANGUL_RUN = re.compile(r"[\uac00-\ud7a3]+")
_ID_TOKEN = re.compile(r"[0-9A-Za-z]+")
_DIGITS = re.compile(r"\d{4,}")

_EN_MONTH = rf"({EN_MONTH_NAMES}|{EN_MONTH_ABBREVIATIONS})\.?"
_EN_DATE_MD = re.compile(_EN_MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?\b")
_EN_DATE_DM = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _EN_MONTH)
_EN_MONTH_ONLY = re.compile(r"\b" + _EN_MONTH + r"(?![a-z])")
_KO_DATE = re.compile(r"(\d{1,2})\s?월\s?(\d{1,2})\s?일")
_KO_MONTH = re.compile(r"(\d{1,2})\s?월(?![요])")
_EN_WEEKDAY = re.compile(rf"\b({EN_WEEKDAY_NAMES})\b")
_KO_WEEKDAY = re.compile(KO_WEEKDAY_NAMES)

# Name skeletons (트럼프 and Trump → TLMP) live in align.text.translit, shared with the aligner.
_MIN_SKELETON = MIN_SKELETON


@dataclass(frozen=True, slots=True)
class _Scored:
    source: int
    target: int
    score: float


@dataclass(frozen=True, slots=True)
class DocumentRef:
    """What explicit pairing needs of one document: its path and its link to an original."""

    path: str
    original_url: str | None = None


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
        _content_length(article.text),
        document_vector(sentence_vectors),
        _quantised(sentence_vectors),
    )


def _quantised(vectors: npt.NDArray[np.float32] | None) -> npt.NDArray[np.int8] | None:
    """Unit vectors as signed bytes (cosines change by well under 0.01)."""
    if vectors is None or not len(vectors):
        return None
    kept = vectors[:VERIFIED_SENTENCES].astype(np.float32)
    out: npt.NDArray[np.int8] = np.clip(np.rint(kept * _BYTE_SCALE), -127, 127).astype(np.int8)
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
        for i, j, method in _explicit_pairs(sources, targets):
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


# --- explicit evidence ---------------------------------------------------------------------------


def _name_ids(path: str) -> set[str]:
    """Ids in a file name: the part before its first dot (``1133000`` of ``1133000.ko.txt``),
    and the tokens that carry a digit and the digit runs of the whole name less its extension,
    so an id after a dot counts too (``bbc.381646.txt``, as NTREX-128 names its documents)."""
    name = PurePosixPath(path.replace("\\", "/")).name.lower()
    stem = name.split(".")[0]
    ids = {stem} if stem else set()
    whole = name.rsplit(".", 1)[0] if "." in name[1:] else name
    ids.update(
        token
        for token in _ID_TOKEN.findall(whole)
        if len(token) >= 3 and any(ch.isdigit() for ch in token)
    )
    ids.update(_DIGITS.findall(whole))
    return ids


def _url_ids(url: str) -> set[str]:
    """Ids in a URL: its last path segment's stem, and its digit-bearing tokens."""
    parts = urlsplit(url.strip())
    path = unquote(parts.path).rstrip("/")
    last = path.rsplit("/", 1)[-1]
    ids = _name_ids(last) if last else set()
    for token in _ID_TOKEN.findall(path + " " + unquote(parts.query)):
        if len(token) >= 3 and any(ch.isdigit() for ch in token):
            ids.add(token.lower())
    return ids


def _unique_index(id_sets: Sequence[set[str]]) -> dict[str, int]:
    """Id → document, for ids that occur in exactly one document's name."""
    counts = Counter(key for ids in id_sets for key in ids)
    return {key: index for index, ids in enumerate(id_sets) for key in ids if counts[key] == 1}


def _explicit_pairs(
    sources: Sequence[DocumentRef], targets: Sequence[DocumentRef]
) -> list[tuple[int, int, PairMethod]]:
    """Pairs proven by a link to the original, then by an id unique to one name on each side."""
    source_ids = _unique_index([_name_ids(a.path) for a in sources])
    found: list[tuple[int, int, PairMethod]] = []
    used_sources: set[int] = set()
    used_targets: set[int] = set()
    for j, article in enumerate(targets):
        if not article.original_url:
            continue
        hits = {source_ids[key] for key in _url_ids(article.original_url) if key in source_ids}
        if len(hits) == 1:
            (i,) = hits
            if i not in used_sources:
                found.append((i, j, "link"))
                used_sources.add(i)
                used_targets.add(j)
    target_ids = _unique_index([_name_ids(a.path) for a in targets])
    for key, j in sorted(target_ids.items(), key=lambda item: item[1]):
        source = source_ids.get(key)
        if source is not None and source not in used_sources and j not in used_targets:
            found.append((source, j, "id"))
            used_sources.add(source)
            used_targets.add(j)
    return found


# --- content features ----------------------------------------------------------------------------


Features = dict[str, float]
"""A document's comparable features, each mapped to where it first occurs (0 = start, 1 = end)."""


def _add(features: Features, key: str, start: int, size: int) -> None:
    if key not in features:
        features[key] = start / size


def _number_features(text: str, features: Features) -> None:
    size = max(1, len(text))
    for number in numbers.find_numbers(text):
        _add(features, "n:" + number.key, number.start, size)


def _korean_features(text: str) -> Features:
    features: Features = {}
    size = max(1, len(text))
    _number_features(text, features)
    for match in _KO_DATE.finditer(text):
        _add(features, f"d:{int(match[1])}-{int(match[2])}", match.start(), size)
    for match in _KO_MONTH.finditer(text):
        if 1 <= int(match[1]) <= 12:
            _add(features, f"m:{int(match[1])}", match.start(), size)
    for match in _KO_WEEKDAY.finditer(text):
        _add(features, f"w:{WEEKDAYS.index(KO_WEEKDAYS[match[0]])}", match.start(), size)
    for match in _LATIN_TOKEN.finditer(text):
        if len(match[0]) >= 2:
            _add(features, "l:" + match[0].lower(), match.start(), size)
    for match in _HANGUL_RUN.finditer(text):
        skeleton = hangul_skeleton(match[0])
        # A Korean word may end in a particle (트럼프는, 트럼프에게): try the word's prefixes.
        for length in range(max(_MIN_SKELETON, len(skeleton) - 2), len(skeleton) + 1):
            _add(features, "s:" + skeleton[:length], match.start(), size)
    return features


def _latin_features(text: str, *, names: bool) -> Features:
    features: Features = {}
    size = max(1, len(text))
    _number_features(text, features)
    for match in _EN_DATE_MD.finditer(text):
        _add(features, f"d:{MONTH_NUMBERS[match[1].lower()]}-{int(match[2])}", match.start(), size)
    for match in _EN_DATE_DM.finditer(text):
        _add(features, f"d:{MONTH_NUMBERS[match[2].lower()]}-{int(match[1])}", match.start(), size)
    for match in _EN_MONTH_ONLY.finditer(text):
        _add(features, f"m:{MONTH_NUMBERS[match[1].lower()]}", match.start(), size)
    for match in _EN_WEEKDAY.finditer(text):
        _add(features, f"w:{WEEKDAYS.index(match[1].lower())}", match.start(), size)
    for match in _LATIN_TOKEN.finditer(text):
        if len(match[0]) >= 2:
            _add(features, "l:" + match[0].lower(), match.start(), size)
    if names:
        previous: re.Match[str] | None = None
        for match in _CAPITALISED.finditer(text):
            skeleton = latin_skeleton(match[0])
            if len(skeleton) >= _MIN_SKELETON:
                _add(features, "s:" + skeleton, match.start(), size)
            # Korean writes a two-word name as one word (West Virginia → 웨스트버지니아).
            if previous is not None and text[previous.end() : match.start()] == " ":
                joined = latin_skeleton(previous[0] + match[0])
                if len(joined) >= _MIN_SKELETON:
                    _add(features, "s:" + joined, previous.start(), size)
            previous = match
    return features


def document_features(
    article: Article, lang: str, *, other_lang: str, concepts: Collection[str] = ()
) -> Features:
    """The comparable features of one document, each prefixed by its family (``n:6200``).

    Each feature maps to its first position in the text as a fraction of the length: a
    translation keeps the order of its source, so shared features sit at similar positions.
    Glossary concepts have no position (0.5, which never penalises them much).
    """
    text = article.text
    if primary_language(lang) == "ko":
        features = _korean_features(text)
    else:
        features = _latin_features(text, names=primary_language(other_lang) == "ko")
    for concept in concepts:
        features.setdefault("c:" + concept, 0.5)
    return features


def _content_length(text: str) -> int:
    return max(1, sum(1 for char in text if not char.isspace()))


# --- content scores and assignment ---------------------------------------------------------------

IdArray = npt.NDArray[np.int64]
"""Document or feature indices, one per candidate pair or per feature."""
FloatArray = npt.NDArray[np.float64]
Rows: TypeAlias = sparse.csr_matrix | FloatArray
"""One row per document: sparse feature weights, or dense meaning vectors."""


@dataclass(frozen=True, slots=True, eq=False)
class _Candidates:
    """Candidate pairs as parallel arrays: ``sources[k]`` with ``targets[k]`` scores
    ``scores[k]``, in the order they were found (which decides ties downstream)."""

    sources: IdArray
    targets: IdArray
    scores: FloatArray


def _content_pairs(
    sources: Sequence[ContentSketch],
    targets: Sequence[ContentSketch],
    vocabulary: FeatureVocabulary,
    *,
    threshold: float,
) -> list[_Scored]:
    if not sources or not targets:
        return []
    weights = _idf_weights(sources, targets, vocabulary)
    columns, width = _columns(weights, vocabulary)
    found = _candidates(
        _matrix(sources, columns, width, weights), _matrix(targets, columns, width, weights)
    )
    meaning = _meaning_vectors(sources, targets)
    if meaning is not None:
        found = _union(found, _meaning_candidates(*meaning))
    found = _in_order(found, sources, targets, weights)
    if meaning is not None:
        cosine = _pair_cosines(found, *meaning)
        evidence = _meaning_evidence(found, cosine, *meaning)
        verified = _sentence_evidence(found, cosine, sources, targets)
        if verified is not None:
            evidence = np.maximum(evidence, verified)
        blended = (1.0 - _MEANING_WEIGHT) * found.scores + _MEANING_WEIGHT * evidence
        found = _Candidates(found.sources, found.targets, blended)
    source_lengths = np.array([math.log(d.content_length) for d in sources])
    target_lengths = np.array([math.log(d.content_length) for d in targets])
    scored = _with_length(found, source_lengths, target_lengths)
    return _assign(scored, len(sources), len(targets), threshold)


def _meaning_vectors(
    sources: Sequence[ContentSketch], targets: Sequence[ContentSketch]
) -> tuple[FloatArray, FloatArray] | None:
    """Document vectors of both sides, each side centred on its own mean (which holds what all
    its documents share: language, genre) and made unit length again; ``None`` unless every
    document has one."""
    if any(d.vector is None for d in (*sources, *targets)) or min(len(sources), len(targets)) < 2:
        return None
    out = []
    for side in (sources, targets):
        vectors = np.stack([d.vector for d in side if d.vector is not None]).astype(np.float64)
        vectors -= vectors.mean(axis=0)
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
        out.append(vectors)
    return out[0], out[1]


def _meaning_candidates(sources: FloatArray, targets: FloatArray) -> _Candidates:
    """Each document's nearest documents on the other side by meaning.

    The vectors are dense, so their products are dense matrix products (:func:`_products`).
    """
    return _candidates(sources, targets)


def _union(first: _Candidates, second: _Candidates) -> _Candidates:
    """Both sets of candidate pairs, each pair once, in the order found."""
    sources = np.concatenate((first.sources, second.sources))
    targets = np.concatenate((first.targets, second.targets))
    width = int(targets.max(initial=0)) + 1
    _, keep = np.unique(sources * width + targets, return_index=True)
    keep.sort()
    return _Candidates(sources[keep], targets[keep], np.zeros(len(keep)))


def _neighbourhood(rows: FloatArray, columns: FloatArray) -> tuple[FloatArray, IdArray]:
    """Each row's mean cosine with its :data:`_MARGIN_NEIGHBOURS` nearest columns, and its
    nearest column."""
    keep = min(_MARGIN_NEIGHBOURS, columns.shape[0])
    chunk = max(1, _DENSE_LIMIT // max(1, columns.shape[0]))
    near = np.zeros(rows.shape[0])
    best = np.zeros(rows.shape[0], dtype=np.int64)
    for start in range(0, rows.shape[0], chunk):
        block = rows[start : start + chunk] @ columns.T
        top = -np.partition(-block, keep - 1, axis=1)[:, :keep]
        near[start : start + len(block)] = top.mean(axis=1)
        best[start : start + len(block)] = block.argmax(axis=1)
    return near, best


def _pair_cosines(candidates: _Candidates, sources: FloatArray, targets: FloatArray) -> FloatArray:
    """The cosine of each candidate pair's (centred, unit) document vectors, a block of pairs
    at a time.

    Gathering the vectors of every candidate at once costs 8 KB a candidate, about 40 of them a
    document: 3.2 GB at 10,000 pairs, most of a build's memory. A block of
    :data:`_COSINE_BLOCK` pairs bounds that to a few MB, with the same sums.
    """
    out = np.empty(len(candidates.sources))
    for start in range(0, len(out), _COSINE_BLOCK):
        block = slice(start, start + _COSINE_BLOCK)
        out[block] = np.einsum(
            "ij,ij->i", sources[candidates.sources[block]], targets[candidates.targets[block]]
        )
    return out


def _meaning_evidence(
    candidates: _Candidates, cosine: FloatArray, sources: FloatArray, targets: FloatArray
) -> FloatArray:
    """Evidence in [0, 1] from the documents' meaning: the margin of their centred cosine
    (``cosine``, one per candidate) over the mean cosine of each one's nearest neighbours on the
    other side (Artetxe & Schwenk 2019, "Margin-based Parallel Corpus Mining with Multilingual
    Sentence Embeddings"). A translation stands out from its neighbours; an article on the same
    topic does not. Meaning pairs documents that share no rare name or number (chapters of one
    book), and features keep two reports of one event apart.

    Identical documents (a crawl that saved one article several times) have identical vectors
    and count once among the neighbours: copies of a partner are not its competitors.
    """
    unique_sources, source_group = np.unique(sources, axis=0, return_inverse=True)
    unique_targets, target_group = np.unique(targets, axis=0, return_inverse=True)
    source_group, target_group = source_group.ravel(), target_group.ravel()
    source_near, source_best = _neighbourhood(unique_sources, unique_targets)
    target_near, target_best = _neighbourhood(unique_targets, unique_sources)
    src_groups = source_group[candidates.sources]
    tgt_groups = target_group[candidates.targets]
    margin = cosine - (source_near[src_groups] + target_near[tgt_groups]) / 2.0
    evidence = np.clip((margin - _MARGIN_FLOOR) * _MARGIN_SCALE, 0.0, 1.0)
    # A mutual nearest pair counts fully: a document whose translation is missing has a nearest
    # neighbour too, but that neighbour's own nearest is its real partner.
    mutual = (source_best[src_groups] == tgt_groups) & (target_best[tgt_groups] == src_groups)
    out: FloatArray = np.where(mutual, evidence, evidence * _NOT_MUTUAL)
    return out


def _sentence_evidence(
    candidates: _Candidates,
    cosine: FloatArray,
    sources: Sequence[ContentSketch],
    targets: Sequence[ContentSketch],
) -> FloatArray | None:
    """Evidence in [0, 1] that a candidate is a translation, sentence by sentence: each
    document's :data:`_VERIFIED` best candidates (by features and document meaning) are aligned
    monotonically over their sentence vectors (:func:`_monotone_similarity`); the best are
    chosen by shared features and, apart, by document vectors (``cosine``, centred). A pair counts
    by the margin of that similarity over the mean of each one's :data:`_VERIFY_NEIGHBOURS`
    best verified partners (Artetxe & Schwenk 2019), fully only when mutual best, and only
    when the similarity itself comes near the collection's typical translation pair's.

    A translation follows its original along its whole length; an article on the same topic,
    or the next chapter of one book, has similar sentences but not in the same order. This is
    what pairs chapters of one book, whose document vectors are too close for a margin; the
    other candidates get 0. ``None`` when a document has no sentence vectors.
    """
    if any(d.sentences is None for d in (*sources, *targets)) or not len(candidates.sources):
        return None
    chosen = np.union1d(_top_each(candidates, candidates.scores), _top_each(candidates, cosine))
    source_mean, target_mean = _mean_sentence(sources), _mean_sentence(targets)
    similarity = np.zeros(len(candidates.sources))
    current, source = -1, np.zeros((0, 0), dtype=np.float32)
    # Grouped by source, so each source's vectors are centred once.
    for k in chosen[np.argsort(candidates.sources[chosen], kind="stable")].tolist():
        if int(candidates.sources[k]) != current:
            current = int(candidates.sources[k])
            source = _centred(sources[current], source_mean)
        similarity[k] = _monotone_similarity(
            source, _centred(targets[int(candidates.targets[k])], target_mean)
        )
    source_near, source_best = _verified_neighbourhood(candidates.sources, chosen, similarity)
    target_near, target_best = _verified_neighbourhood(candidates.targets, chosen, similarity)
    out = np.zeros(len(candidates.sources))
    at_source, at_target = candidates.sources[chosen], candidates.targets[chosen]
    margin = similarity[chosen] - (source_near[at_source] + target_near[at_target]) / 2.0
    found = np.clip((margin - _VERIFY_FLOOR) * _VERIFY_SCALE, 0.0, 1.0)
    mutual = (source_best[at_source] == chosen) & (target_best[at_target] == chosen)
    found = np.where(mutual, found, found * _NOT_MUTUAL)
    # The collection's translations share a level of similarity (set by the languages, the
    # style and the encoder): the median of its mutual best pairs. A pair far below it is two
    # documents on one topic, however much it stands out from its neighbours.
    if np.count_nonzero(mutual) >= 3:
        share = similarity[chosen] / max(1e-9, float(np.median(similarity[chosen][mutual])))
        found *= np.clip((share - _TYPICAL_LOW) / (_TYPICAL_HIGH - _TYPICAL_LOW), 0.0, 1.0)
    out[chosen] = found
    return out


def _top_each(candidates: _Candidates, scores: FloatArray) -> IdArray:
    """The candidates among each document's :data:`_VERIFIED` best by ``scores``, on either
    side (scores of 0 never count)."""
    keep = np.zeros(len(scores), dtype=bool)
    for side in (candidates.sources, candidates.targets):
        order = np.lexsort((-scores, side))
        ranks = np.arange(len(order))
        starts = np.flatnonzero(np.r_[True, side[order][1:] != side[order][:-1]])
        first = np.repeat(starts, np.diff(np.r_[starts, len(order)]))
        keep[order[ranks - first < _VERIFIED]] = True
    return np.flatnonzero(keep & (scores > 0.0))


def _verified_neighbourhood(
    side: IdArray, chosen: IdArray, similarity: FloatArray
) -> tuple[FloatArray, IdArray]:
    """Per document: the mean similarity of its best verified candidates, and its best one."""
    size = int(side.max(initial=0)) + 1
    near = np.zeros(size)
    best = np.full(size, -1, dtype=np.int64)
    order = chosen[np.lexsort((-similarity[chosen], side[chosen]))]
    documents = side[order]
    starts = np.flatnonzero(np.r_[True, documents[1:] != documents[:-1]])
    for start, stop in zip(starts, np.r_[starts[1:], len(order)], strict=True):
        group = order[start : min(stop, start + _VERIFY_NEIGHBOURS)]
        near[documents[start]] = similarity[group].mean()
        best[documents[start]] = order[start]
    return near, best


def _mean_sentence(side: Sequence[ContentSketch]) -> FloatArray:
    """The mean sentence vector of one side: what all its sentences share (language, genre)."""
    total = np.zeros(side[0].sentences.shape[1] if side[0].sentences is not None else 0)
    count = 0
    for document in side:
        if document.sentences is not None:
            total += document.sentences.sum(axis=0, dtype=np.float64) / _BYTE_SCALE
            count += len(document.sentences)
    return total / max(1, count)


def _centred(document: ContentSketch, mean: FloatArray) -> npt.NDArray[np.float32]:
    """A document's sentence vectors less its side's mean, unit length again."""
    if document.sentences is None:
        return np.zeros((0, len(mean)), dtype=np.float32)
    vectors = document.sentences.astype(np.float32) / np.float32(_BYTE_SCALE)
    vectors -= mean.astype(np.float32)
    norms = np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), np.float32(1e-6))
    out: npt.NDArray[np.float32] = vectors / norms
    return out


def _monotone_similarity(source: npt.NDArray[np.float32], target: npt.NDArray[np.float32]) -> float:
    """The best monotone one-to-one alignment of two documents' sentences, each link counting
    its cosine less :data:`_CHANCE_COSINE` (skips cost nothing), per sentence of the shorter
    document: a dynamic programme over the cosine matrix, as in sentence alignment (Gale &
    Church 1993) with meaning for lengths (Thompson & Koehn 2019, Vecalign)."""
    gain = (source @ target.T).astype(np.float64) - _CHANCE_COSINE
    best = np.zeros(gain.shape[1] + 1)
    for row in gain:
        current = np.empty_like(best)
        current[0] = 0.0
        current[1:] = np.maximum(best[1:], best[:-1] + row)
        best = np.maximum.accumulate(current)
    return float(best[-1]) / math.sqrt(gain.shape[0] * gain.shape[1])


def _document_frequency(sketches: Sequence[ContentSketch], size: int) -> IdArray:
    counts = np.zeros(size, dtype=np.int64)
    for document in sketches:
        counts[document.features] += 1  # a document lists each feature once
    return counts


def _idf_weights(
    sources: Sequence[ContentSketch],
    targets: Sequence[ContentSketch],
    vocabulary: FeatureVocabulary,
) -> FloatArray:
    """Feature id → idf × family weight; 0 for the features both sides cannot share."""
    source_df = _document_frequency(sources, len(vocabulary))
    target_df = _document_frequency(targets, len(vocabulary))
    both = source_df + target_df
    total = len(sources) + len(targets)
    # A feature seen on one side only can never match; one in most documents tells none apart.
    common_limit = max(4, int(0.3 * total))
    weights = np.zeros(len(vocabulary))
    usable = np.flatnonzero((source_df > 0) & (target_df > 0) & (both <= common_limit))
    for feature in usable.tolist():
        idf = math.log(1.0 + total / int(both[feature]))
        weights[feature] = idf * _CHANNEL_WEIGHT[vocabulary.name(feature)[0]]
    return weights


def _columns(weights: FloatArray, vocabulary: FeatureVocabulary) -> tuple[IdArray, int]:
    """Feature id → matrix column (-1 when unweighted), columns in feature-name order."""
    usable = sorted(np.flatnonzero(weights > 0.0).tolist(), key=vocabulary.name)
    columns = np.full(len(weights), -1, dtype=np.int64)
    columns[usable] = np.arange(len(usable))
    return columns, len(usable)


def _weighted(document: ContentSketch, weights: FloatArray) -> tuple[IdArray, FloatArray]:
    """The ids and weights of a document's weighted features, in the document's order."""
    found = weights[document.features]
    kept = found > 0.0
    return document.features[kept].astype(np.int64), found[kept]


def _norms(rows: Sequence[ContentSketch], weights: FloatArray) -> list[float]:
    return [
        math.sqrt(sum(w**2 for w in _weighted(features, weights)[1].tolist())) or 1.0
        for features in rows
    ]


def _matrix(
    rows: Sequence[ContentSketch], columns: IdArray, width: int, weights: FloatArray
) -> sparse.csr_matrix:
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    indices: list[npt.NDArray[np.int32]] = []
    data: list[FloatArray] = []
    for number, document in enumerate(rows):
        features, row = _weighted(document, weights)
        norm = math.sqrt(sum(w * w for w in row.tolist())) or 1.0
        kept = columns[features]
        order = np.argsort(kept)
        indices.append(kept[order].astype(np.int32))
        data.append(row[order] / norm)
        indptr[number + 1] = indptr[number] + len(order)
    return sparse.csr_matrix(
        (
            np.concatenate(data) if data else np.zeros(0),
            np.concatenate(indices) if indices else np.zeros(0, np.int32),
            indptr,
        ),
        shape=(len(rows), max(1, width)),
    )


def _candidates(source_matrix: Rows, target_matrix: Rows) -> _Candidates:
    """Each document with its best-scoring documents on the other side (cosine > 0), from
    one row of unit-length weights (sparse features or dense vectors) per document.

    Pairs come in the order found (sources' candidates first), each pair once.
    """
    n_sources, n_targets = source_matrix.shape[0], target_matrix.shape[0]
    source_rows, target_columns = _top_rows(
        _products(source_matrix, target_matrix), n_sources, n_targets
    )
    target_rows, source_columns = _top_rows(
        _products(target_matrix, source_matrix), n_targets, n_sources
    )
    sources = np.concatenate((source_rows, source_columns))
    targets = np.concatenate((target_columns, target_rows))
    _, first = np.unique(sources * n_targets + targets, return_index=True)
    first.sort()
    return _Candidates(sources[first], targets[first], np.zeros(len(first)))


Products = Callable[[slice], FloatArray]
"""A block of rows → their scores against every column, as a dense array."""


def _products(rows: Rows, columns: Rows) -> Products:
    """Row-by-column scores a block of rows at a time: sparse features by sparse products,
    dense vectors by dense (BLAS) ones, 5 times as fast as sparse (3.3 s against 18 s of CPU
    for 4,000 pairs, and it grows with the square).

    A BLAS product may round a cell differently by its place in the matrix, and identical
    documents (copies of one article) must score identically for their ties to be spread
    (:func:`_spread_ties`), as a sparse product does; so each distinct vector is multiplied
    once and its scores copied to its duplicates.
    """
    if not isinstance(rows, np.ndarray) or not isinstance(columns, np.ndarray):
        return lambda block: np.asarray(cast(sparse.csr_matrix, rows[block] @ columns.T).toarray())
    unique_rows, row_of = np.unique(rows, axis=0, return_inverse=True)
    unique_columns, column_of = np.unique(columns, axis=0, return_inverse=True)
    row_of, column_of = row_of.ravel(), column_of.ravel()

    def products(block: slice) -> FloatArray:
        wanted, back = np.unique(row_of[block], return_inverse=True)
        scores: FloatArray = (unique_rows[wanted] @ unique_columns.T)[back.ravel()]
        return scores[:, column_of]

    return products


def _top_rows(products: Products, n_rows: int, n_columns: int) -> tuple[IdArray, IdArray]:
    """(row, column) of each row's best-scoring columns with a positive score, row by row."""
    chunk = max(1, _DENSE_LIMIT // max(1, n_columns))
    keep = min(_CANDIDATES, n_columns)
    found_rows: list[IdArray] = []
    found_columns: list[IdArray] = []
    for start in range(0, n_rows, chunk):
        block = products(slice(start, start + chunk))
        best = np.argpartition(-block, keep - 1, axis=1)[:, :keep]
        for offset, row_best in enumerate(best):
            row_best = _spread_ties(block[offset], row_best, start + offset)
            row_best = row_best[block[offset, row_best] > 0.0].astype(np.int64)
            found_rows.append(np.full(len(row_best), start + offset, dtype=np.int64))
            found_columns.append(row_best)
    return np.concatenate(found_rows), np.concatenate(found_columns)


def _spread_ties(scores: FloatArray, best: IdArray, row: int) -> IdArray:
    """``best`` (the indices of the top ``len(best)`` scores) with a tie at its lowest score
    broken by rotation: the tied columns from ``row`` on (modulo the row length) are kept.

    Identical documents (a crawl that saved one article several times) score identically, and
    without this every copy would keep the same few partners, leaving the others unmatched in
    the one-to-one assignment. Without such a tie ``best`` is returned as it is.
    """
    lowest = scores[best].min()
    if lowest <= 0.0:
        return best
    tied = np.flatnonzero(scores == lowest)
    above = int(np.count_nonzero(scores > lowest))
    if above + tied.size <= best.size:
        return best
    rotated = tied[np.argsort((tied - row) % scores.size, kind="stable")]
    return np.concatenate((np.flatnonzero(scores > lowest), rotated[: best.size - above]))


def _positions(document: ContentSketch, weights: FloatArray) -> dict[int, tuple[float, float]]:
    """Weighted feature id → (position, weight), in the document's order."""
    found = weights[document.features]
    kept = found > 0.0
    return dict(
        zip(
            document.features[kept].tolist(),
            zip(document.positions[kept].tolist(), found[kept].tolist(), strict=True),
            strict=True,
        )
    )


def _in_order(
    candidates: _Candidates,
    sources: Sequence[ContentSketch],
    targets: Sequence[ContentSketch],
    weights: FloatArray,
) -> _Candidates:
    """The cosine again, each shared feature discounted when its positions disagree.

    Two articles on the same event share names and numbers; a translation also keeps them in
    the same order, so each shared feature counts by how close its relative positions are.
    """
    source_norms = _norms(sources, weights)
    target_norms = _norms(targets, weights)
    scores = np.zeros(len(candidates.sources))
    current, source = -1, {}
    # Grouped by source, so each source's features are looked up once.
    for k in np.argsort(candidates.sources, kind="stable").tolist():
        i, j = int(candidates.sources[k]), int(candidates.targets[k])
        if i != current:
            current, source = i, _positions(sources[i], weights)
        target = _positions(targets[j], weights)
        # Walk the document with fewer features, in its own order (the sum's order).
        if len(sources[i].features) > len(targets[j].features):
            pairs = [
                (source[f][0], at, weight) for f, (at, weight) in target.items() if f in source
            ]
        else:
            pairs = [
                (at, target[f][0], weight) for f, (at, weight) in source.items() if f in target
            ]
        total = 0.0
        for source_at, target_at, weight in pairs:
            gap = (source_at - target_at) / _POSITION_SIGMA
            total += weight**2 * math.exp(-0.5 * gap * gap)
        scores[k] = total / (source_norms[i] * target_norms[j])
    return _Candidates(candidates.sources, candidates.targets, scores)


def _with_length(
    candidates: _Candidates, source_lengths: FloatArray, target_lengths: FloatArray
) -> _Candidates:
    """Cosine tempered by how well the two lengths fit the collection's typical length ratio."""
    typical = _typical_log_ratio(candidates, source_lengths, target_lengths)
    positive = candidates.scores > 0.0
    sources, targets = candidates.sources[positive], candidates.targets[positive]
    deviation = (source_lengths[sources] - target_lengths[targets] - typical) / _LENGTH_SIGMA
    fit = np.array([math.exp(-0.5 * d * d) for d in deviation.tolist()])
    return _Candidates(sources, targets, candidates.scores[positive] * (0.5 + 0.5 * fit))


def _best_partner(sides: IdArray, others: IdArray, scores: FloatArray, size: int) -> IdArray:
    """Each document's partner with the highest positive score (the first found on a tie),
    or -1."""
    best = np.full(size, -1, dtype=np.int64)
    positive = np.flatnonzero(scores > 0.0)
    order = positive[np.lexsort((positive, -scores[positive], sides[positive]))]
    head = np.ones(len(order), dtype=bool)
    head[1:] = sides[order][1:] != sides[order][:-1]
    best[sides[order][head]] = others[order][head]
    return best


def _typical_log_ratio(
    candidates: _Candidates, source_lengths: FloatArray, target_lengths: FloatArray
) -> float:
    """Median log length ratio of mutual best pairs (the ratio of totals when too few)."""
    sources, targets, scores = candidates.sources, candidates.targets, candidates.scores
    best_of_source = _best_partner(sources, targets, scores, len(source_lengths))
    best_of_target = _best_partner(targets, sources, scores, len(target_lengths))
    paired = np.flatnonzero(best_of_source >= 0)
    mutual = paired[best_of_target[best_of_source[paired]] == paired]
    if len(mutual) >= 3:
        return float(np.median(source_lengths[mutual] - target_lengths[best_of_source[mutual]]))
    return float(math.log(np.exp(source_lengths).sum() / np.exp(target_lengths).sum()))


def _assign(scored: _Candidates, n_sources: int, n_targets: int, threshold: float) -> list[_Scored]:
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
    matched = [_Scored(int(sources[k]), int(targets[k]), float(scores[k])) for k in found.tolist()]
    return sorted(matched, key=lambda s: s.source)
