"""Aligning two split documents as every command does: the evidence the aligner is given
(glossary and dictionary anchors, sentence roles, the encoder's vectors where they carry
meaning), one pair or many as one job, and ``align sentences`` on two files.

The stages never import one another; these functions pass the aligner what the reader, the
splitter and the glossary give.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from align import config
from align.errors import ConfigError
from align.export import formats
from align.jobs.documents import (
    SplitDocument,
    check_languages,
    engine_choice,
    presplit_pair,
    split_document,
    warn_presplit_engine,
)
from align.models import Glossary, Link, Sentence

if TYPE_CHECKING:
    from align.aligner.agreement import Agreement
    from align.aligner.search import Encode
    from align.text.encoder import Encoder

LOG = logging.getLogger("align")

ALIGNMENT_FORMATS = ("links", "jsonl", "tsv", "tmx")
"""The formats of the ``alignment.*`` files ``align run`` writes for each pair."""


def alignment_roles(sentences: Sequence[Sentence]) -> list[str]:
    """Each sentence's role as the aligner should see it: its own role, except that a
    sentence repeating one of the three before it word for word (a page printing a photo
    caption twice) is boilerplate, so it stays unaligned instead of taking a partner."""
    out: list[str] = []
    for k, sentence in enumerate(sentences):
        key = " ".join(sentence.text.split())
        echo = len(key) >= 10 and any(
            " ".join(sentences[p].text.split()) == key for p in range(max(0, k - 3), k)
        )
        out.append("boilerplate" if echo else sentence.role)
    return out


def concept_sets(
    sentences: Sequence[Sentence], glossary: Glossary, lang: str, morph: str | None = None
) -> list[frozenset[str]]:
    """Ids of the glossary concepts found in each sentence (anchors for the aligner); Korean
    terms are confirmed by the analyser ``morph``, once for all the sentences."""
    from align.terms import matching

    found = matching.find_terms_many(
        [s.text for s in sentences], matching.matcher_for(glossary, lang, morph)
    )
    return [frozenset(match.term.concept for match in matches) for matches in found]


def sentence_meaning(
    encoder: Encoder | None,
    source_lang: str,
    target_lang: str,
    evidence: Agreement | None = None,
) -> tuple[Encode | None, tuple[str, ...]]:
    """The encoder's ``encode`` when it knows both languages, else the note that says why its
    vectors are used or not: for a language it was not trained on, they are used when
    ``evidence`` (:func:`meaning_evidence`, measured on one document) shows that they agree
    with the document's lexical links; without evidence, or without agreement, the lexical
    model aligns alone. The one place that decides."""
    if encoder is None:
        return None, ()
    missing = [lang for lang in (source_lang, target_lang) if not encoder.covers(lang)]
    if not missing:
        return encoder.encode, ()
    from align.aligner import ALIGNER_DEFAULTS

    threshold = ALIGNER_DEFAULTS.agreement_z
    unknown = f"{', '.join(missing)}: not among {encoder.name}'s languages"
    fallback = "aligned by lengths and anchors alone (--encoder none says so explicitly)"
    if evidence is None:
        return None, (
            f"{unknown}, and its vectors are checked only on one document of at most "
            f"{ALIGNER_DEFAULTS.semantic_all_limit:,} sentences a side: {fallback}",
        )
    if not evidence.links:  # one sentence a side, or no confident link: no test was made
        return None, (
            f"{unknown}, and this document has no confident lexical link to check its vectors "
            f"on: {fallback}",
        )
    if evidence.z >= threshold:
        return encoder.encode, (
            f"{unknown}; its vectors agree with this document's lexical links "
            f"({evidence.describe()} >= {threshold}), so meaning is used",
        )
    return None, (
        f"{unknown}, and its vectors do not agree enough with this document's lexical links "
        f"({evidence.describe()} < {threshold}): {fallback}",
    )


def meaning_evidence(
    encoder: Encoder,
    source: Sequence[str],
    target: Sequence[str],
    lexical: Sequence[Link],
) -> Agreement | None:
    """How well the ``encoder``'s vectors of ``source`` and ``target`` agree with the links
    ``lexical`` the lexical model gave them (:mod:`align.aligner.agreement`), for a pair in a
    language the encoder was not trained on (its callers ask only when :func:`sentence_meaning`
    gave no ``encode``), in a document short enough to encode whole (``None`` for a longer
    one, which would encode every sentence for the check alone)."""
    from align.aligner import ALIGNER_DEFAULTS
    from align.aligner.agreement import Agreement, agreement, confident_pairs

    longest = max(len(source), len(target))
    if not (source and target) or longest > ALIGNER_DEFAULTS.semantic_all_limit:
        return None
    pairs = confident_pairs(lexical, ALIGNER_DEFAULTS.agreement_links)
    if not pairs:  # nothing to check the vectors on: none are encoded
        return Agreement(0, 0.5, 0.0)
    return agreement(encoder.encode(source), encoder.encode(target), pairs)


Anchors = tuple[Sequence[frozenset[str]] | None, Sequence[frozenset[str]] | None]
"""The glossary concepts of each sentence of the source and the target side (``None``: no
glossary)."""


def pair_anchors(
    source: Sequence[Sentence],
    target: Sequence[Sentence],
    langs: tuple[str, str],
    glossary: Glossary | None,
    morph: str | None = None,
) -> Anchors:
    """The glossary concepts of each side's sentences (:func:`concept_sets`), or no anchors
    without a glossary."""
    if glossary is None:
        return None, None
    return (
        concept_sets(source, glossary, langs[0], morph),
        concept_sets(target, glossary, langs[1], morph),
    )


def link_sentences(
    source: Sequence[Sentence],
    target: Sequence[Sentence],
    langs: tuple[str, str],
    *,
    anchors: Anchors = (None, None),
    dictionary: Sequence[tuple[str, str]] = (),
    encode: Encode | None = None,
) -> list[Link]:
    """The aligner's links between two documents' sentences, with the evidence every command
    gives it: glossary concepts and dictionary pairs as anchors, the sentence vectors of
    ``encode``, and each sentence's role (:func:`alignment_roles`), which keeps boilerplate
    (datelines, bylines, credits, a caption printed twice) unaligned.

    ``align sentences``, ``check``, ``run`` and a corpus build's workers all align through
    this one call, so a pair gets the same links from each.
    """
    from align import aligner

    return aligner.align(
        [s.text for s in source],
        [s.text for s in target],
        source_lang=langs[0],
        target_lang=langs[1],
        source_anchors=anchors[0],
        target_anchors=anchors[1],
        dictionary=dictionary,
        source_roles=alignment_roles(source),
        target_roles=alignment_roles(target),
        encode=encode,
    )


def link_with_meaning(
    source: Sequence[Sentence],
    target: Sequence[Sentence],
    langs: tuple[str, str],
    *,
    anchors: Anchors = (None, None),
    dictionary: Sequence[tuple[str, str]] = (),
    encoder: Encoder | None = None,
) -> tuple[list[Link], Encode | None, tuple[str, ...]]:
    """:func:`link_sentences` with the ``encoder``'s vectors where they carry meaning
    (:func:`sentence_meaning`): the links, the ``encode`` used (``None``: none) and the notes.
    For a language the encoder was not trained on, the lexical model aligns first, and its
    links decide whether the pair is aligned again with the vectors."""

    def linked(encode: Encode | None) -> list[Link]:
        return link_sentences(
            source, target, langs, anchors=anchors, dictionary=dictionary, encode=encode
        )

    encode, notes = sentence_meaning(encoder, *langs)
    if encode is not None or encoder is None:
        return linked(encode), encode, notes
    lexical = linked(None)
    evidence = meaning_evidence(
        encoder, [s.text for s in source], [s.text for s in target], lexical
    )
    encode, notes = sentence_meaning(encoder, *langs, evidence)
    return (lexical if encode is None else linked(encode)), encode, notes


def align_sentences(
    source: SplitDocument,
    target: SplitDocument,
    *,
    glossary: Glossary | None = None,
    dictionary: Sequence[tuple[str, str]] = (),
    encoder: Encoder | None = None,
    morph: str | None = None,
) -> formats.AlignedPair:
    """Align two split documents (:func:`link_sentences`); glossary concepts (Korean confirmed
    by the analyser ``morph``) and dictionary pairs are anchors, and the ``encoder``'s sentence
    vectors give the semantic term."""
    src, tgt = _aligned_side(source), _aligned_side(target)
    langs = (src.lang, tgt.lang)
    links, _, notes = link_with_meaning(
        src.sentences,
        tgt.sentences,
        langs,
        anchors=pair_anchors(src.sentences, tgt.sentences, langs, glossary, morph),
        dictionary=dictionary,
        encoder=encoder,
    )
    return formats.AlignedPair(src, tgt, tuple(links), notes)


def _aligned_side(document: SplitDocument) -> formats.AlignedSide:
    """A split document as one side of an aligned pair (what the exports and checks read)."""
    return formats.AlignedSide(
        document.article.path, document.lang, document.article.text, document.sentences
    )


def align_job(
    pairs: Sequence[tuple[SplitDocument, SplitDocument]],
    *,
    dictionary: Sequence[tuple[str, str]] = (),
    encoder: Encoder | None = None,
) -> list[formats.AlignedPair]:
    """Align many document pairs as one job: a word lexicon learned over the confident links of
    all of them is used to align each again (:func:`align.aligner.align_job`). Every pair must
    have the same two languages."""
    from align import aligner

    if not pairs:
        return []
    source_lang, target_lang = pairs[0][0].lang, pairs[0][1].lang
    for source, target in pairs:
        if (source.lang, target.lang) != (source_lang, target_lang):
            raise ConfigError(
                f"a job holds one language pair; {source.article.path} is "
                f"{source.lang}-{target.lang}, not {source_lang}-{target_lang}",
                hint="align each language pair as its own job",
            )
    documents = [
        aligner.JobDocument(
            tuple(s.text for s in source.sentences),
            tuple(s.text for s in target.sentences),
            tuple(alignment_roles(source.sentences)),
            tuple(alignment_roles(target.sentences)),
        )
        for source, target in pairs
    ]
    encode, notes = sentence_meaning(encoder, source_lang, target_lang)
    results = aligner.align_job(
        documents,
        source_lang=source_lang,
        target_lang=target_lang,
        dictionary=dictionary,
        encode=encode,
    )
    return [
        formats.AlignedPair(_aligned_side(source), _aligned_side(target), tuple(links), notes)
        for (source, target), links in zip(pairs, results, strict=True)
    ]


def align_files(
    source_path: str,
    target_path: str,
    *,
    source_lang: str = "ko",
    target_lang: str = "en",
    presplit: bool = False,
    glossary_path: str | None = None,
    dictionary_path: str | None = None,
    encoder: str | Encoder | None = None,
    engine: str | None = None,
) -> formats.AlignedPair:
    """``align sentences``: read (and split, unless ``presplit``) two files and align them;
    ``encoder`` is a sentence encoder or its name (:func:`align.text.encoder.parse_encoder`;
    ``None`` is the default encoder); ``engine`` is the splitter where a language has it
    (default: ``[tool.align] engine``, else each language's)."""
    from align.read import dictionary

    source_lang, target_lang = check_languages(source_lang, target_lang)
    if presplit:
        warn_presplit_engine(engine)
    engine = engine_choice(engine, config.load_settings())
    from align.text.encoder import Encoder, load_encoder

    sentence_encoder = (
        encoder if isinstance(encoder, Encoder) else load_encoder(encoder, exact=False)
    )
    glossary = None
    if glossary_path is not None:
        from align.terms.formats import read_glossary

        glossary = read_glossary(glossary_path)
    pairs = dictionary.read_dictionary(dictionary_path).pairs if dictionary_path else ()
    if presplit:
        source, target = presplit_pair((source_path, source_lang), (target_path, target_lang))
    else:
        source, target = (
            split_document(path, lang=lang, engine=engine, where_known=True)
            for path, lang in ((source_path, source_lang), (target_path, target_lang))
        )
    return align_sentences(
        source, target, glossary=glossary, dictionary=pairs, encoder=sentence_encoder
    )


def write_alignment(
    pair: formats.AlignedPair, fmt: str, output: str | None, *, overwrite: bool = False
) -> tuple[str | None, list[str]]:
    """Render ``pair`` as ``fmt``: ``(text, [])`` without ``output``, else ``(None, files)``."""
    if output is None:
        return formats.render(fmt, pair), []
    return None, formats.write(fmt, pair, output, overwrite=overwrite)
