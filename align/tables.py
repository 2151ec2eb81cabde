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
