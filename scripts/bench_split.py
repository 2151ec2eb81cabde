"""Throughput of each sentence splitter, in MB/s of UTF-8 input, through the public API.

Usage: python scripts/bench_split.py [--shared ../shared] [--mb 3] [--kiwi-mb 0.05] [--repeat 5]

Each corpus is read the way a user's files are (``readers.read_article``: blocks with roles),
then split with ``segment.split_article``; only the splitting is timed. Corpora:

* ``news``: the NTREX-128 dev articles (``*.doc.txt``: headline, blank line, body) and the
  Park dev sentence stream joined six lines to a paragraph (``ko-en-news-park``);
* ``bible``: the KRV/KJV dev chapters (``ko-en-bible-krv-kjv``; the Korean has almost no
  punctuation, so the rule engine takes its archaic-ending path there);
* ``wiki``, ``informal``, ``quotes`` (and the English kinds): the hand-made sets of
  ``tests/data/split/`` and ``tests/data/split/blind/`` (``<lang>-<kind>.txt``: gold sentences
  one per line, each paragraph joined with spaces as ``eval_split.py --kinds`` does), each file
  one article. These ship with the project, so they run without ../shared.

Each corpus is repeated until it reaches ``--mb`` megabytes (10^6 bytes of UTF-8) per language;
Kiwi is far slower, so it gets ``--kiwi-mb`` and its one-off model load is timed apart. Every
engine runs ``--repeat`` times; the table shows the median CPU time (this process, all threads:
the steadier figure on a shared machine) and the median wall-clock time, as MB/s, in Markdown
ready for the README. Without ../shared the news and Bible corpora are replaced by the seed
article pair.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

from align.models import Article
from align.read import readers
from align.split import segment

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpora" / "hani-2024-03-26-us-japan-alliance"
SETS = ROOT / "tests" / "data" / "split"
PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")
RUNS = (("en", "rules"), ("ko", "rules"), ("ko", "mecab"), ("ko", "kiwi"))
PARK_PARAGRAPH = 6  # Park lines per paragraph (the stream has no paragraph breaks of its own)


def _corpora(shared: Path, lang: str) -> dict[str, list[Article]]:
    """The benchmark corpora for ``lang``, by name (the seed pair when ../shared is absent)."""
    data = shared / "data"
    corpora: dict[str, list[Article]] = {}
    ntrex = data / "ko-en-news-ntrex128" / "docs"
    park = data / "ko-en-news-park" / "docs" / "park-dev-stream" / f"{lang}.txt"
    if ntrex.is_dir() and park.is_file():
        news = [
            readers.read_article(str(doc / f"{lang}.doc.txt")) for doc in sorted(ntrex.iterdir())
        ]
        lines = park.read_text(encoding="utf-8").splitlines()
        text = "\n\n".join(
            " ".join(lines[i : i + PARK_PARAGRAPH]) for i in range(0, len(lines), PARK_PARAGRAPH)
        )
        news.append(readers.parse_text(text, str(park)))
        corpora["news"] = news
    bible = data / "ko-en-bible-krv-kjv" / "docs"
    if bible.is_dir():
        corpora["bible"] = [
            readers.read_article(str(doc / f"{lang}.doc.txt")) for doc in sorted(bible.iterdir())
        ]
    if not corpora:
        corpora["seed"] = [readers.read_article(str(SEED / f"{lang}.txt"))]
    for path in sorted([*SETS.glob(f"{lang}-*.txt"), *SETS.glob(f"blind/{lang}-*.txt")]):
        kind = path.stem.split("-", 1)[1]
        corpora.setdefault(kind, []).append(readers.parse_text(_set_text(path), str(path)))
    return corpora


def _set_text(path: Path) -> str:
    """A hand-made set's text: its paragraphs' gold sentences joined with spaces (comments
    dropped), paragraphs apart by a blank line."""
    lines = [
        line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")
    ]
    paragraphs = PARAGRAPH_BREAK.split("\n".join(lines))
    return "\n\n".join(" ".join(p.split("\n")) for p in paragraphs if p.strip())


def _repeat(articles: list[Article], megabytes: float) -> tuple[list[Article], int]:
    """Articles cycled until their text reaches ``megabytes``; the list and its size in bytes."""
    chosen: list[Article] = []
    size = 0
    while size < megabytes * 1e6:
        for article in articles:
            chosen.append(article)
            size += len(article.text.encode("utf-8"))
            if size >= megabytes * 1e6:
                break
    return chosen, size


def _measure(
    articles: list[Article], lang: str, engine: str, repeat: int
) -> tuple[int, float, float]:
    """Sentences, median CPU seconds and median wall seconds of ``repeat`` runs."""
    cpu: list[float] = []
    wall: list[float] = []
    count = 0
    for _ in range(repeat):
        began, began_cpu = time.perf_counter(), time.process_time()
        count = sum(len(segment.split_article(a, lang, engine=engine)) for a in articles)
        wall.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
    return count, statistics.median(cpu), statistics.median(wall)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--mb", type=float, default=3.0, help="corpus size for rule engines")
    parser.add_argument("--kiwi-mb", type=float, default=0.05, help="corpus size for Kiwi")
    parser.add_argument("--repeat", type=int, default=5, help="runs per engine (median kept)")
    parser.add_argument(
        "--engines",
        default=",".join(sorted({engine for _, engine in RUNS})),
        help="comma-separated engines to run (default: all)",
    )
    args = parser.parse_args()
    shared = Path(args.shared)
    if not (shared / "data").is_dir():
        print(f"bench_split: {shared / 'data'} not found; using the seed article pair only\n")
    notes: list[str] = []
    print("| lang | engine | corpus | MB | sentences | CPU MB/s | wall MB/s |")
    print("|---|---|---|---:|---:|---:|---:|")
    chosen = set(args.engines.split(","))
    for lang, engine in RUNS:
        if engine not in chosen:
            continue
        if engine in ("kiwi", "mecab"):  # a model loads on first use: timed apart
            began = time.perf_counter()
            segment.split_text("모델을 불러온다 정말 좋다ㅎㅎ 그렇죠", lang, engine=engine)
            notes.append(
                f"{engine} model load and first call: {time.perf_counter() - began:.2f} s "
                "(not in the table)."
            )
        for name, corpus in _corpora(shared, lang).items():
            articles, size = _repeat(corpus, args.kiwi_mb if engine == "kiwi" else args.mb)
            count, cpu, wall = _measure(articles, lang, engine, args.repeat)
            megabytes = size / 1e6
            print(
                f"| {lang} | {engine} | {name} | {megabytes:.2f} | {count} | "
                f"{megabytes / cpu:.2f} | {megabytes / wall:.2f} |"
            )
    print(
        f"\nMedian of {args.repeat} runs each; MB = 10^6 bytes of UTF-8 input; "
        "`segment.split_article` on articles read with `readers.read_article`."
    )
    for note in notes:
        print(note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
