"""Tables the toolkit writes: polars schemas, the one place column names are spelled, Parquet I/O.

Parquet files are written through :mod:`align.fsio` (a temporary file in the same folder, then a
rename), so a reader never sees a partial file.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from pathlib import Path

import polars as pl

from align import fsio
from align.errors import InputError
from align.models import DocumentPair

# --- document pairs (``align pair``) ------------------------------------------------------------

PAIR_SOURCE = "src_path"
PAIR_TARGET = "tgt_path"
PAIR_SCORE = "score"
PAIR_METHOD = "method"
PAIR_SCHEMA = pl.Schema({PAIR_SOURCE: pl.String, PAIR_TARGET: pl.String,
                         PAIR_SCORE: pl.Float64, PAIR_METHOD: pl.String})
"""One row per document pair; an unpaired document has a null (Parquet) or empty (TSV) side."""


def pairs_frame(pairs: Sequence[DocumentPair]) -> pl.DataFrame:
    """The pairs as a frame with :data:`PAIR_SCHEMA`."""
    return pl.DataFrame({PAIR_SOURCE: [p.source for p in pairs],
                         PAIR_TARGET: [p.target for p in pairs],
                         PAIR_SCORE: [p.score for p in pairs],
                         PAIR_METHOD: [p.method for p in pairs]}, schema=PAIR_SCHEMA)


def pairs_tsv(pairs: Sequence[DocumentPair]) -> str:
    """The pairs as tab-separated text with a header line; a missing side is an empty field."""
    buffer = io.StringIO()
    pairs_frame(pairs).write_csv(buffer, separator="\t", null_value="", float_precision=6)
    return buffer.getvalue()


# --- Parquet ------------------------------------------------------------------------------------


def write_parquet(path: str | os.PathLike[str], frame: pl.DataFrame, *,
                  overwrite: bool = False) -> None:
    """Write ``frame`` to ``path`` atomically (refusing to replace it unless ``overwrite``)."""
    with fsio.atomic_open(path, "wb", overwrite=overwrite) as stream:
        frame.write_parquet(stream)  # type: ignore[arg-type]


def read_parquet(path: str | os.PathLike[str], schema: pl.Schema) -> pl.DataFrame:
    """Read a Parquet file the toolkit wrote, checking its columns against ``schema``."""
    try:
        frame = pl.read_parquet(Path(path))
    except (OSError, pl.exceptions.PolarsError) as error:
        raise InputError(f"cannot read Parquet: {error}", path=str(path),
                         hint="give a Parquet file written by align") from error
    missing = [name for name in schema.names() if name not in frame.columns]
    if missing:
        raise InputError(f"missing columns {', '.join(missing)}", path=str(path),
                         hint="give a Parquet file written by align")
    return frame.select(schema.names()).cast(schema)


# --- corpus (``align corpus build``) ------------------------------------------------------------

DOC_SOURCE = "src_path"
DOC_TARGET = "tgt_path"
DOC_PAIR_SCORE = "pair_score"
DOC_PAIR_METHOD = "pair_method"
DOC_LINKS = "n_links"
DOCUMENT_SCHEMA = pl.Schema({DOC_SOURCE: pl.String, DOC_TARGET: pl.String,
                             DOC_PAIR_SCORE: pl.Float64, DOC_PAIR_METHOD: pl.String,
                             DOC_LINKS: pl.Int64})
"""``documents.parquet``: one row per document pair (and per unpaired document)."""

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
LINK_SCHEMA = pl.Schema({
    LINK_SOURCE: pl.String(), LINK_TARGET: pl.String(), LINK_INDEX: pl.Int32(),
    LINK_SOURCE_TEXT: pl.String(), LINK_TARGET_TEXT: pl.String(), LINK_SCORE: pl.Float64(),
    LINK_SOURCE_SENTENCES: pl.List(pl.Int32), LINK_TARGET_SENTENCES: pl.List(pl.Int32),
    LINK_SOURCE_START: pl.Int64(), LINK_SOURCE_END: pl.Int64(),
    LINK_TARGET_START: pl.Int64(), LINK_TARGET_END: pl.Int64(),
    LINK_SOURCE_ROLES: pl.List(pl.String), LINK_TARGET_ROLES: pl.List(pl.String),
    LINK_SOURCE_CONCEPTS: pl.List(pl.String), LINK_TARGET_CONCEPTS: pl.List(pl.String)})
"""``links.parquet``: one row per alignment link, in document then link order. Texts are the
linked sentences joined by a space; sentence indices are 0-based; ``*_start``/``*_end`` are the
code-point span (end exclusive) from the first to the last linked sentence in the document's
text (null on an empty side); roles are the sentences' roles (title, body...); concepts are the
ids of the glossary concepts found on each side."""
