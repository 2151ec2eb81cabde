"""``align pair``: pair the documents of two folders one to one."""

from __future__ import annotations

from pathlib import Path

from align import fsio
from align.errors import ConfigError
from align.jobs.documents import document_files
from align.read import readers

PAIR_OUTPUT_SUFFIXES = (".tsv", ".parquet")


def pair_folders(
    source_dir: str,
    target_dir: str,
    *,
    source_lang: str = "ko",
    target_lang: str = "en",
    output: str | None = None,
    overwrite: bool = False,
) -> str | None:
    """``align pair``: pair the documents of two folders one to one.

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
    for lang in (source_lang, target_lang):
        if not lang.isalpha() or not 2 <= len(lang) <= 3:
            raise ConfigError(
                f"language code {lang!r} is not valid", hint="give an ISO 639 code such as ko or en"
            )
    sources = [readers.read_article(str(path)) for path in document_files(source_dir)]
    targets = [readers.read_article(str(path)) for path in document_files(target_dir)]
    pairs = pairing.pair_documents(
        sources, targets, source_lang=source_lang, target_lang=target_lang
    )
    if output is None:
        return tables.pairs_tsv(pairs)
    if Path(output).suffix.lower() == ".parquet":
        tables.write_parquet(output, tables.pairs_frame(pairs), overwrite=overwrite)
    else:
        fsio.write_text(output, tables.pairs_tsv(pairs), overwrite=overwrite)
    return None
