"""Tables the toolkit writes: polars schemas, the one place column names are spelled, Parquet I/O.

Parquet files are written through :mod:`align.fsio` (a temporary file in the same folder, then a
rename), so a reader never sees a partial file.
"""

from __future__ import annotations

import io
import os
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import polars as pl

from align import fsio
from align.errors import InputError
from align.models import DocumentPair
from align.shown import shown, unshown

# --- document pairs (``align pair``) ------------------------------------------------------------

PAIR_SOURCE = "src_path"
PAIR_TARGET = "tgt_path"
PAIR_SCORE = "score"
PAIR_METHOD = "method"
PAIR_SCHEMA = pl.Schema(
    {PAIR_SOURCE: pl.String, PAIR_TARGET: pl.String, PAIR_SCORE: pl.Float64, PAIR_METHOD: pl.String}
)
"""One row per document pair; an unpaired document has a null (Parquet) or empty (TSV) side."""


def pairs_frame(pairs: Sequence[DocumentPair]) -> pl.DataFrame:
    """The pairs as a frame with :data:`PAIR_SCHEMA`; paths as :func:`align.shown.shown` prints
    them (a Parquet string is UTF-8; :func:`paired_paths` reads them back)."""
    return pl.DataFrame(
        {
            PAIR_SOURCE: [None if p.source is None else shown(p.source) for p in pairs],
            PAIR_TARGET: [None if p.target is None else shown(p.target) for p in pairs],
            PAIR_SCORE: [p.score for p in pairs],
            PAIR_METHOD: [p.method for p in pairs],
        },
        schema=PAIR_SCHEMA,
    )


def pairs_tsv(pairs: Sequence[DocumentPair]) -> str:
    """The pairs as tab-separated text with a header line; a missing side is an empty field."""
    buffer = io.StringIO()
    pairs_frame(pairs).write_csv(buffer, separator="\t", null_value="", float_precision=6)
    return buffer.getvalue()


# --- Parquet ------------------------------------------------------------------------------------


def write_parquet(
    path: str | os.PathLike[str], frame: pl.DataFrame, *, overwrite: bool = False
) -> None:
    """Write ``frame`` to ``path`` atomically (refusing to replace it unless ``overwrite``)."""
    with fsio.atomic_open(path, "wb", overwrite=overwrite) as stream:
        frame.write_parquet(stream)  # type: ignore[arg-type]


def read_parquet(path: str | os.PathLike[str], schema: pl.Schema) -> pl.DataFrame:
    """Read a Parquet file the toolkit wrote, checking its columns against ``schema``."""
    try:
        with fsio.utf8_paths(path) as (name,):
            frame = pl.read_parquet(name)
    except (OSError, pl.exceptions.PolarsError) as error:
        raise InputError(
            f"cannot read Parquet: {error}",
            path=str(path),
            hint="give a Parquet file written by align",
        ) from error
    missing = [name for name in schema.names() if name not in frame.columns]
    if missing:
        raise InputError(
            f"missing columns {', '.join(missing)}",
            path=str(path),
            hint="give a Parquet file written by align",
        )
    return frame.select(schema.names()).cast(schema)


# --- corpus (``align corpus build``) ------------------------------------------------------------

DOC_SOURCE = "src_path"
DOC_TARGET = "tgt_path"
DOC_PAIR_SCORE = "pair_score"
DOC_PAIR_METHOD = "pair_method"
DOC_LINKS = "n_links"
DOC_MEANING = "meaning"
DOCUMENT_SCHEMA = pl.Schema(
    {
        DOC_SOURCE: pl.String,
        DOC_TARGET: pl.String,
        DOC_PAIR_SCORE: pl.Float64,
        DOC_PAIR_METHOD: pl.String,
        DOC_LINKS: pl.Int64,
        DOC_MEANING: pl.Boolean,
    }
)
"""``documents.parquet``: one row per document pair (and per unpaired document); ``meaning``
says whether the encoder's sentence vectors aligned the pair (null for an unpaired document, or
a pair aligned by a version that did not record it)."""

LINK_SOURCE = "src_path"
LINK_TARGET = "tgt_path"
LINK_INDEX = "link"
LINK_SOURCE_TEXT = "src_text"
LINK_TARGET_TEXT = "tgt_text"
LINK_SCORE = "score"
LINK_SOURCE_SENTENCES = "src_sentences"
LINK_TARGET_SENTENCES = "tgt_sentences"
LINK_SOURCE_START = "src_start"
LINK_SOURCE_END = "src_end"
LINK_TARGET_START = "tgt_start"
LINK_TARGET_END = "tgt_end"
LINK_SOURCE_ROLES = "src_roles"
LINK_TARGET_ROLES = "tgt_roles"
LINK_SOURCE_CONCEPTS = "src_concepts"
LINK_TARGET_CONCEPTS = "tgt_concepts"
LINK_SIMILARITY = "similarity"
LINK_EXPORTED = "exported"
LINK_FILTER = "filter"
LINK_SCHEMA = pl.Schema(
    {
        LINK_SOURCE: pl.String(),
        LINK_TARGET: pl.String(),
        LINK_INDEX: pl.Int32(),
        LINK_SOURCE_TEXT: pl.String(),
        LINK_TARGET_TEXT: pl.String(),
        LINK_SCORE: pl.Float64(),
        LINK_SOURCE_SENTENCES: pl.List(pl.Int32),
        LINK_TARGET_SENTENCES: pl.List(pl.Int32),
        LINK_SOURCE_START: pl.Int64(),
        LINK_SOURCE_END: pl.Int64(),
        LINK_TARGET_START: pl.Int64(),
        LINK_TARGET_END: pl.Int64(),
        LINK_SOURCE_ROLES: pl.List(pl.String),
        LINK_TARGET_ROLES: pl.List(pl.String),
        LINK_SOURCE_CONCEPTS: pl.List(pl.String),
        LINK_TARGET_CONCEPTS: pl.List(pl.String),
        LINK_SIMILARITY: pl.Float64(),
    }
)
"""The links of a batch: one row per alignment link, in document then link order. Texts are the
linked sentences joined by a space; sentence indices are 0-based; ``*_start``/``*_end`` are the
code-point span (end exclusive) from the first to the last linked sentence in the document's
text (null on an empty side); roles are the sentences' roles (title, body...); concepts are the
ids of the glossary concepts found on each side; ``similarity`` is the margin of the two sides'
meanings (cosine over the mean cosine of their nearest neighbours; null on an empty side or
without an encoder)."""

DECISION_SCHEMA = pl.Schema({LINK_EXPORTED: pl.Boolean(), LINK_FILTER: pl.String()})
"""What export decided of each link: ``exported``, and the first ``filter`` that dropped it."""
EXPORT_SCHEMA = pl.Schema({**LINK_SCHEMA, **DECISION_SCHEMA})
"""``links.parquet``: the links with what export decided of each."""


def link_parquet(rows: Mapping[str, Sequence[Any]]) -> tuple[bytes, int]:
    """A batch of links (columns of :data:`LINK_SCHEMA`) as Parquet bytes, and its row count."""
    frame = pl.DataFrame(rows, schema=LINK_SCHEMA)
    buffer = io.BytesIO()
    frame.write_parquet(buffer)
    return buffer.getvalue(), frame.height


def merge_links(parts: Sequence[Path], path: Path, *, row_group: int) -> None:
    """Concatenate the link parts into ``path`` atomically, ``row_group`` links per Parquet row
    group (streamed: one group is held, not the table)."""
    with fsio.atomic_path(path, overwrite=True) as temporary:
        if parts:
            with fsio.utf8_paths(*parts, temporary) as names:
                pl.scan_parquet(names[:-1], schema=LINK_SCHEMA).sink_parquet(
                    names[-1], row_group_size=row_group
                )
        else:
            with open(temporary, "wb") as stream:
                pl.DataFrame(schema=LINK_SCHEMA).write_parquet(stream)


def write_documents(
    pairs_path: Path,
    links_path: Path,
    path: Path,
    meaning: Mapping[tuple[str, str], bool] | None = None,
) -> None:
    """``documents.parquet``: the document pairs of ``pairs_path`` with their link counts and
    whether ``meaning`` (keyed by source and target path) aligned them."""
    pairs = read_parquet(pairs_path, PAIR_SCHEMA)
    used = meaning or {}
    with fsio.utf8_paths(links_path) as (links,):
        counts = (
            pl.scan_parquet(links)
            .group_by(LINK_SOURCE, LINK_TARGET)
            .agg(pl.len().alias(DOC_LINKS))
            .collect()
        )
    documents = (
        pairs.rename(
            {
                PAIR_SOURCE: DOC_SOURCE,
                PAIR_TARGET: DOC_TARGET,
                PAIR_SCORE: DOC_PAIR_SCORE,
                PAIR_METHOD: DOC_PAIR_METHOD,
            }
        )
        .join(
            counts.rename({LINK_SOURCE: DOC_SOURCE, LINK_TARGET: DOC_TARGET}),
            on=[DOC_SOURCE, DOC_TARGET],
            how="left",
            maintain_order="left",
        )
        .with_columns(
            pl.col(DOC_LINKS).fill_null(0),
            pl.Series(
                DOC_MEANING,
                [
                    used.get((src, tgt))
                    for src, tgt in zip(
                        pairs.get_column(PAIR_SOURCE), pairs.get_column(PAIR_TARGET), strict=True
                    )
                ],
                dtype=pl.Boolean,
            ),
        )
        .select(DOCUMENT_SCHEMA.names())
        .cast(DOCUMENT_SCHEMA)
    )
    write_parquet(path, documents, overwrite=True)


def link_texts(links_path: Path, *, min_score: float, limit: int) -> list[tuple[str, str]]:
    """The first ``limit`` (source text, target text) of links scoring at least ``min_score``."""
    with fsio.utf8_paths(links_path) as (links,):
        sample = (
            pl.scan_parquet(links)
            .filter(pl.col(LINK_SCORE) >= min_score)
            .select(LINK_SOURCE_TEXT, LINK_TARGET_TEXT)
            .head(limit)
            .collect()
        )
    return list(sample.iter_rows())


def count_rows(path: Path) -> int:
    """How many rows the Parquet file at ``path`` holds."""
    with fsio.utf8_paths(path) as (name,):
        count: int = pl.scan_parquet(name).select(pl.len()).collect().item()
    return count


def link_row_batches(path: Path, columns: Sequence[str]) -> Iterator[list[tuple[Any, ...]]]:
    """The ``columns`` of ``links.parquet``, row tuples in file order, a batch at a time."""
    with fsio.utf8_paths(path) as (name,):
        for batch in pl.scan_parquet(name).select(list(columns)).collect_batches():
            yield list(batch.iter_rows())


def document_counts(path: Path) -> tuple[Counter[str], int]:
    """From ``documents.parquet``: documents per pair method, and the links in all."""
    with fsio.utf8_paths(path) as (name,):
        documents = pl.read_parquet(name)
    methods = Counter(documents.get_column(DOC_PAIR_METHOD).to_list())
    return methods, int(documents.get_column(DOC_LINKS).sum())


def paired_paths(path: Path) -> list[tuple[str, str]]:
    """The (source, target) paths of the pairs in a pairs table, unpaired documents left out."""
    table = read_parquet(path, PAIR_SCHEMA)
    return [
        (unshown(src), unshown(tgt))
        for src, tgt in table.select(PAIR_SOURCE, PAIR_TARGET).iter_rows()
        if src is not None and tgt is not None
    ]


def add_decisions(path: Path, reasons: Sequence[str | None], *, row_group: int) -> None:
    """Rewrite ``links.parquet`` with the export decision of each link (``reasons[k]``: the
    filter that dropped link ``k``, ``None`` when it was exported), streamed atomically."""
    decisions = pl.DataFrame(
        {LINK_EXPORTED: [reason is None for reason in reasons], LINK_FILTER: list(reasons)},
        schema=DECISION_SCHEMA,
    )
    with (
        fsio.atomic_path(path, overwrite=True) as temporary,
        fsio.utf8_paths(path, temporary) as names,
    ):
        pl.concat([pl.scan_parquet(names[0]), decisions.lazy()], how="horizontal").sink_parquet(
            names[1], row_group_size=row_group
        )
