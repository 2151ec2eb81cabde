"""Writers of aligned text (links, TSV, JSONL, TMX, Moses, Parquet), corpus filters, subwords."""
