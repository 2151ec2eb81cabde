"""``align pair``: pair the documents of two folders one to one."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from align import fsio
from align.errors import ConfigError, InputError
from align.jobs.documents import (
    check_folder_language,
    check_languages,
    content_sketch,
    document_count_line,
    document_files,
)
from align.models import Article
from align.read import readers
from align.shown import shown
from align.text.encoder import load_encoder

PAIR_OUTPUT_SUFFIXES = (".tsv", ".parquet")
LOG = logging.getLogger("align")


@dataclass(frozen=True, slots=True)
class PairReport:
    """What ``align pair`` made: the TSV text when no output file was named, the messages of
    the documents it skipped as unreadable (source folder first), and the counts its closing
    line gives, worded as ``corpus build``'s."""

    text: str | None
    unreadable: tuple[str, ...] = ()
    source_documents: int = 0
    target_documents: int = 0
    pairs: int = 0

    @property
    def counts(self) -> str:
        """``documents: 5 source, 3 target, 3 pairs, 1 unreadable``, as ``corpus build``."""
        return document_count_line(
            self.source_documents, self.target_documents, self.pairs, len(self.unreadable)
        )


def _read_readable(files: Sequence[Path], skipped: list[str]) -> list[Article]:
    """The articles of ``files`` that can be read; each one that cannot is skipped with a
    warning naming it and why (as ``corpus build`` lists it), so one broken page of a crawl
    does not stop the pairing of the rest (issue 17)."""
    articles = []
    for path in files:
        try:
            articles.append(readers.read_article(str(path)))
        except InputError as error:
            skipped.append(str(error))
            where = shown(error.path or str(path))
            if error.line:
                where += f":{error.line}" + (f":{error.column}" if error.column else "")
            why = " ".join((error.message + (f" ({error.hint})" if error.hint else "")).split())
            # The column and the remedy too, as corpus build lists the document.
            LOG.warning("%s: warning: skipped, unreadable: %s", where, why)
    return articles


def pair_folders(
    source_dir: str,
    target_dir: str,
    *,
    source_lang: str = "ko",
    target_lang: str = "en",
    output: str | None = None,
    overwrite: bool = False,
    encoder: str | None = None,
) -> PairReport:
    """``align pair``: pair the documents of two folders one to one; documents left without
    explicit evidence are paired by content, their meaning from ``encoder`` included.
    Unreadable documents are skipped, each with a warning, and listed in the report.

    Writes ``output`` (``.tsv`` or ``.parquet``) atomically, or returns the TSV text in the
    report when ``output`` is ``None``.
    """
    # Imported here so that scipy and polars load only for the commands that need them.
    from align import tables
    from align.pair import pairing
    from align.pair.explicit import DocumentRef
    from align.pair.sketch import ContentSketch, FeatureVocabulary

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
    skipped: list[str] = []
    sources = _read_readable(source_files, skipped)
    targets = _read_readable(target_files, skipped)
    vocabulary = FeatureVocabulary()

    def sketcher(articles: list[Article], lang: str, other: str) -> Callable[[int], ContentSketch]:
        def sketch(index: int) -> ContentSketch:
            return content_sketch(articles[index], lang, other, vocabulary, sentence_encoder)

        return sketch

    pairs = pairing.pair_refs(
        [DocumentRef(a.path, a.original_url) for a in sources],
        [DocumentRef(a.path, a.original_url) for a in targets],
        source_sketch=sketcher(sources, source_lang, target_lang),
        target_sketch=sketcher(targets, target_lang, source_lang),
        vocabulary=vocabulary,
    )
    report = PairReport(
        None,
        tuple(skipped),
        len(source_files),
        len(target_files),
        sum(pair.source is not None and pair.target is not None for pair in pairs),
    )
    if output is None:
        return replace(report, text=tables.pairs_tsv(pairs))
    if Path(output).suffix.lower() == ".parquet":
        tables.write_parquet(output, tables.pairs_frame(pairs), overwrite=overwrite)
    else:
        fsio.write_text(output, tables.pairs_tsv(pairs), overwrite=overwrite)
    return report
