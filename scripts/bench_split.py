"""Throughput of each sentence splitter, in MB/s of UTF-8 input, through the public API.

Usage: python scripts/bench_split.py [--shared ../shared] [--mb 4] [--kiwi-mb 0.5] [--repeat 3]

The text is realistic: the NTREX-128 dev articles (headline, blank line, body) and the KRV/KJV
Bible dev chapters, each split as one ``Article`` with ``segment.split_article``, repeated until
the corpus reaches ``--mb`` megabytes (10^6 bytes of UTF-8) per language. Kiwi is slower, so it
gets ``--kiwi-mb``; its one-off model load is timed apart. The best of ``--repeat`` runs is kept.
Both wall-clock and CPU time (this process, all threads) are reported: on a shared machine the
CPU figure is the steadier one for the single-threaded rule engines.
Without ../shared the seed article pair is used instead.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from align import segment
from align.models import Article

ROOT = Path(__file__).resolve().parents[1]
RUNS = (("en", "rules"), ("ko", "rules"), ("ko", "kiwi"))


def _texts(shared: Path, lang: str) -> list[str]:
    texts: list[str] = []
    for name in ("ko-en-news-ntrex128", "ko-en-bible-krv-kjv"):
        docs = shared / "data" / name / "docs"
        if docs.is_dir():
            texts.extend((doc / f"{lang}.doc.txt").read_text(encoding="utf-8")
                         for doc in sorted(docs.iterdir()))
    if not texts:
        seed = ROOT / "corpora" / "hani-2024-03-26-us-japan-alliance" / f"{lang}.txt"
        texts.append(seed.read_text(encoding="utf-8"))
    return texts


def _corpus(texts: list[str], megabytes: float) -> tuple[list[Article], int]:
    articles: list[Article] = []
    size = 0
    while size < megabytes * 1e6:
        for text in texts:
            articles.append(Article(path=f"doc{len(articles)}", text=text, blocks=()))
            size += len(text.encode("utf-8"))
            if size >= megabytes * 1e6:
                break
    return articles, size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--mb", type=float, default=4.0, help="corpus size for rule engines")
    parser.add_argument("--kiwi-mb", type=float, default=0.5, help="corpus size for Kiwi")
    parser.add_argument("--repeat", type=int, default=3, help="runs per engine (best kept)")
    args = parser.parse_args()
    shared = Path(args.shared)
    if not (shared / "data").is_dir():
        print(f"bench_split: {shared / 'data'} not found; using the seed article only")
    print(f"{'lang':4} {'engine':6} {'MB':>6} {'articles':>8} {'sentences':>9} {'wall s':>7} "
          f"{'MB/s':>7} {'cpu s':>7} {'cpu MB/s':>8}")
    for lang, engine in RUNS:
        if engine == "kiwi":
            began = time.perf_counter()
            segment.split_text("모델을 불러온다.", lang, engine=engine)
            print(f"     (Kiwi model load and first call: {time.perf_counter() - began:.2f} s)")
        articles, size = _corpus(_texts(shared, lang), args.kiwi_mb if engine == "kiwi"
                                 else args.mb)
        best = best_cpu = float("inf")
        count = 0
        for _ in range(args.repeat):
            began, began_cpu = time.perf_counter(), time.process_time()
            count = sum(len(segment.split_article(a, lang, engine=engine)) for a in articles)
            best = min(best, time.perf_counter() - began)
            best_cpu = min(best_cpu, time.process_time() - began_cpu)
        print(f"{lang:4} {engine:6} {size / 1e6:6.2f} {len(articles):8d} {count:9d} "
              f"{best:7.3f} {size / 1e6 / best:7.2f} {best_cpu:7.3f} {size / 1e6 / best_cpu:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
