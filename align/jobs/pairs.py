"""``align pair``: pair the documents of two folders one to one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from align import fsio
from align.errors import ConfigError
from align.jobs.documents import (
    check_folder_language,
    check_languages,
    content_sketch,
    document_files,
)
from align.models import Article
from align.read import readers
from align.text.encoder import load_encoder

PAIR_OUTPUT_SUFFIXES = (".tsv", ".parquet")


def pair_folders(
    source_dir: str,
    target_dir: str,
    *,
    source_lang: str = "ko",
    target_lang: str = "en",
    output: str | None = None,
    overwrite: bool = False,
    encoder: str | None = None,
) -> str | None:
    """``align pair``: pair the documents of two folders one to one; documents left without
    explicit evidence are paired by content, their meaning from ``encoder`` included.

    Writes ``output`` (``.tsv`` or ``.parquet``) atomically and returns ``None``, or returns the
    TSV text when ``output`` is ``None``.
    """
    # Imported here so that scipy and polars load only for the commands that need them.
    from align import tables
    from align.pair import pairing

    if output is not None and Path(output).suffix.lower() not in PAIR_OUTPUT_SUFFIXES:
        raise ConfigError(
            "unknown output format", path=output, hint="name the output file *.tsv or *.parquet"
        )
    if output is not None:
        fsio.check_writable(output, overwrite=overwrite)
    source_lang, target_lang = check_languages(source_lang, target_lang)
    source_files, target_files = document_files(source_dir), document_files(target_dir)
    check_folder_language(source_files, source_lang, source_dir)
    check_folder_language(target_files, target_lang, target_dir)
    sentence_encoder = load_encoder(encoder)
    sources = [readers.read_article(str(path)) for path in source_files]
    targets = [readers.read_article(str(path)) for path in target_files]
    vocabulary = pairing.FeatureVocabulary()

    def sketcher(
        articles: list[Article], lang: str, other: str
    ) -> Callable[[int], pairing.ContentSketch]:
        def sketch(index: int) -> pairing.ContentSketch:
            return content_sketch(articles[index], lang, other, vocabulary, sentence_encoder)

        return sketch

    pairs = pairing.pair_refs(
        [pairing.DocumentRef(a.path, a.original_url) for a in sources],
        [pairing.DocumentRef(a.path, a.original_url) for a in targets],
        source_sketch=sketcher(sources, source_lang, target_lang),
        target_sketch=sketcher(targets, target_lang, source_lang),
        vocabulary=vocabulary,
    )
    if output is None:
        return tables.pairs_tsv(pairs)
    if Path(output).suffix.lower() == ".parquet":
        tables.write_parquet(output, tables.pairs_frame(pairs), overwrite=overwrite)
    else:
        fsio.write_text(output, tables.pairs_tsv(pairs), overwrite=overwrite)
    return None
