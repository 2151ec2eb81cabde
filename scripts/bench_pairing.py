"""Time ``pair_documents`` as the collection grows (thousands of documents per side).

Documents: Bible verses from ../shared/data/ko-en-bible-krv-kjv (``pairs.tsv``), each verse a
short "document", Korean = source, English = target, in shuffled order. Verses are far shorter
and more alike than news articles, so the accuracy printed alongside is a stress number, not a
pairing-quality claim. Prints documents per side, seconds, and the share paired correctly.

Usage: .venv/bin/python scripts/bench_pairing.py [N ...]   (default: 500 1000 2000 4000)
Exits 0 with a note when ../shared is absent.
"""

from __future__ import annotations

import csv
import random
import sys
import time
from pathlib import Path

from align.models import Article
from align.pair.pairing import pair_documents

SHARED = Path(__file__).resolve().parents[2] / "shared"
PAIRS = SHARED / "data" / "ko-en-bible-krv-kjv" / "pairs.tsv"


def main(argv: list[str]) -> int:
    if not PAIRS.is_file():
        print("../shared/data/ko-en-bible-krv-kjv is absent: nothing to measure")
        return 0
    sizes = [int(arg) for arg in argv] or [500, 1000, 2000, 4000]
    with PAIRS.open(encoding="utf-8", newline="") as stream:
        rows = [
            (row["seg_id"], row["ko"], row["en"])
            for row in csv.DictReader(stream, delimiter="\t", quoting=csv.QUOTE_NONE)
        ]
    for size in sizes:
        chosen = random.Random(size).sample(rows, min(size, len(rows)))
        sources = [Article(f"ko/{seg}.txt", ko, ()) for seg, ko, _ in chosen]
        targets = [Article(f"en/{k}.txt", en, ()) for k, (_, _, en) in enumerate(chosen)]
        random.Random(0).shuffle(targets)
        truth = {f"ko/{seg}.txt": f"en/{k}.txt" for k, (seg, _, _) in enumerate(chosen)}
        start = time.perf_counter()
        pairs = pair_documents(sources, targets, explicit=False)
        seconds = time.perf_counter() - start
        correct = sum(1 for p in pairs if p.source and truth[p.source] == p.target)
        print(
            f"{len(chosen)} documents per side: {seconds:.2f} s, "
            f"{correct / len(chosen):.3f} paired correctly"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
