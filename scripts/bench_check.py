"""Benchmark: ``align check`` on a 10 MB XLIFF 1.2 file with a 10,000-concept glossary.

The XLIFF holds the sentence pairs of ../shared/data/ko-en-news-ntrex128 (English source,
Korean target), repeated under new ids until the file is ``--megabytes`` long (UTF-8), written
by ``scripts/bilingual_files.py``. The glossary is the synthetic one of ``scripts/bench_lint.py``
(the defence glossary plus Korean terms of ../shared/data/ko-en-glossary), written as TSV. The
check runs through :func:`align.jobs.checkrun.check_bilingual`, as ``align check FILE
--glossary G`` does: reader, number and term rules, QA rules. Prints seconds per stage, the
number of findings and the process's peak RSS.

    .venv/bin/python scripts/bench_check.py [--megabytes 10] [--concepts 10000]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import bench_lint
import bilingual_files
import eval_qa

from align.jobs.checkrun import check_bilingual
from align.models import Segment
from align.terms.formats import write_glossary


def segments(megabytes: float) -> list[Segment]:
    """The data set's pairs repeated (ids ``n/seg_id``) to about ``megabytes`` of XLIFF."""
    pairs = [eval_qa._segment(pair) for pair in eval_qa.load_pairs()]
    one = len(bilingual_files.render(pairs, "xliff12")[0].encode("utf-8"))
    copies = max(1, round(megabytes * 1_000_000 / one))
    return [replace(s, id=f"{n}/{s.id}") for n in range(copies) for s in pairs]


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=10.0)
    parser.add_argument("--concepts", type=int, default=10_000)
    args = parser.parse_args()
    if not (eval_qa.DATA / "pairs.tsv").is_file():
        print(f"bench_check: {eval_qa.DATA} not found (needs ../shared/data)")
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-check-") as name:
        folder = Path(name)
        started = time.perf_counter()
        xliff = folder / "big.xlf"
        units = segments(args.megabytes)
        bilingual_files.write_bilingual(units, "xliff12", xliff)
        terms = folder / "glossary.tsv"
        write_glossary(bench_lint.glossary(args.concepts), str(terms))
        size = xliff.stat().st_size / 1e6
        print(
            f"wrote {size:.1f} MB XLIFF ({len(units)} segments):",
            f"{time.perf_counter() - started:.1f} s",
        )
        started = time.perf_counter()
        checked = check_bilingual(str(xliff), str(terms), start=folder)
        seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"align check: {seconds:.1f} s, {len(checked.findings)} findings, peak RSS {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
