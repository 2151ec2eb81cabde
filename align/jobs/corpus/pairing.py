"""The pairing step of a corpus build: read every document once for its explicit evidence,
sketch only those left without it, and pair them one to one (:mod:`align.pair.pairing`)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

from align import fsio, tables
from align.errors import InputError
from align.jobs.corpus.plan import CorpusSettings
from align.jobs.corpus.progress import Bar, Progress
from align.jobs.documents import content_sketch, document_files
from align.models import DocumentPair
from align.pair import pairing
from align.pair.explicit import DocumentRef
from align.pair.sketch import ContentSketch, FeatureVocabulary
from align.read import readers
from align.text.encoder import Encoder, load_encoder

INPUTS = "inputs.json"
PAIRS = "pairs.parquet"


def _read_refs(
    files: Sequence[Path], bar: Bar, errors: list[str]
) -> tuple[list[Path], list[DocumentRef]]:
    """The readable files and their refs (path, link to an original); texts are dropped."""
    readable: list[Path] = []
    refs: list[DocumentRef] = []
    for path in files:
        try:
            article = readers.read_article(str(path))
        except InputError as error:
            errors.append(str(error))
        else:
            readable.append(path)
            refs.append(DocumentRef(article.path, article.original_url))
        bar.update(1)
    return readable, refs


def _sketcher(
    files: Sequence[Path],
    lang: str,
    other_lang: str,
    vocabulary: FeatureVocabulary,
    encoder: Encoder | None,
) -> Callable[[int], ContentSketch]:
    """Reads file ``i`` again and keeps only its content sketch, one text at a time.

    Feature names are interned in ``vocabulary`` (shared by both sides): a sketch, the only
    per-document state of content pairing, is two small arrays of feature ids and positions,
    about 2 KB per document on NTREX news instead of an 11 KB dict of names.
    """

    def sketch(index: int) -> ContentSketch:
        article = readers.read_article(str(files[index]))
        return content_sketch(article, lang, other_lang, vocabulary, encoder)

    return sketch


def pair_step(
    source_dir: str,
    target_dir: str,
    settings: CorpusSettings,
    work: Path,
    progress: Progress,
    given: Sequence[tuple[str, str]] | None,
) -> None:
    """Write ``work/pairs.parquet`` (the document pairs) and ``work/inputs.json`` (counts and
    unreadable documents); ``given`` pairs are taken as they are."""
    if given is not None:
        fsio.write_text(
            work / INPUTS,
            json.dumps(
                {"source_documents": len(given), "target_documents": len(given), "unreadable": []}
            ),
            overwrite=True,
        )
        tables.write_parquet(
            work / PAIRS,
            tables.pairs_frame([DocumentPair(src, tgt, 1.0, "id") for src, tgt in given]),
            overwrite=True,
        )
        return
    sources, targets = document_files(source_dir), document_files(target_dir)
    errors: list[str] = []
    with progress("read", len(sources) + len(targets)) as bar:
        source_files, source_refs = _read_refs(sources, bar, errors)
        target_files, target_refs = _read_refs(targets, bar, errors)
    # Only documents without explicit evidence are read again, for their content features
    # and meaning (vectors cached in the work folder, where the alignment step finds them).
    vocabulary = FeatureVocabulary()
    # Each document is encoded once here: its vectors go to disk for the alignment step, and
    # memory keeps only a few (a document vector, 2 KB, is what the sketch keeps). No worker
    # runs yet, so the encoding has every core (up to the encoder's default threads).
    encoder = load_encoder(settings.encoder, cache_dir=work / "vectors", memory_vectors=1000)
    pairs = pairing.pair_refs(
        source_refs,
        target_refs,
        source_sketch=_sketcher(
            source_files, settings.source_lang, settings.target_lang, vocabulary, encoder
        ),
        target_sketch=_sketcher(
            target_files, settings.target_lang, settings.source_lang, vocabulary, encoder
        ),
        vocabulary=vocabulary,
    )
    if encoder is not None:
        encoder.flush()
    fsio.write_text(
        work / INPUTS,
        json.dumps(
            {
                "source_documents": len(sources),
                "target_documents": len(targets),
                "unreadable": errors,
            },
            ensure_ascii=False,
            indent=1,
        ),
        overwrite=True,
    )
    tables.write_parquet(work / PAIRS, tables.pairs_frame(pairs), overwrite=True)


def paired(work: Path) -> list[tuple[str, str]]:
    """The document pairs the step found (unpaired documents left out)."""
    return tables.paired_paths(work / PAIRS)
