"""Measure ``align pair`` on shared data: content-only accuracy, precision with distractors.

Data (read from ../shared/data, never copied):
- ko-en-news-ntrex128 dev: 41 news articles (``*.doc.txt``, headline kept), Korean = source,
  English = target, file names replaced by random seeded names so only content can pair them.
- Distractors, two kinds, 50% extra unpaired documents on each side:
  (a) NTREX split: 20 articles keep both sides; of the other 21, 10 keep only the Korean side and
      11 only the English side (their partners withheld); 10 seeded splits, micro-averaged.
  (b) Park windows: all 41 NTREX pairs plus 20 Korean windows (lines 1-500 of ko-en-news-park
      dev, 25 lines each) and 20 English windows (lines 501-1000), so no window has a partner.
- ko-en-bible-krv-kjv: 133 chapters (same style, few numbers): an extra, harder number; and
  with distractors: 67 chapters keep both sides, 33 only the Korean and 33 only the English
  (5 seeded splits, micro-averaged), where a chapter of the same book is always near.

Usage: .venv/bin/python scripts/eval_pairing.py [--encoder use-m3|none] [--vector-cache DIR]
Exits 0 with a note when ../shared is absent.
"""

from __future__ import annotations

import random
import string
import sys
import time
from pathlib import Path
from typing import Any

from align.jobs.documents import document_sentence_vectors
from align.models import Article
from align.pair.pairing import DEFAULT_THRESHOLD, pair_documents
from align.text.encoder import load_encoder

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
SPLITS = 10
BIBLE_SPLITS = 5
#: The sentence encoder whose document vectors join the content features (``--encoder``).
ENCODER: list[Any] = [None]


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(12)) + ".txt"


def _article(path: str, text: str) -> Article:
    return Article(path=path, text=text, blocks=())


def _load_docs(name: str) -> list[tuple[str, str, str]]:
    """(doc id, Korean text, English text) for every document of a shared data set."""
    docs = []
    for folder in sorted((DATA / name / "docs").iterdir()):
        ko = (folder / "ko.doc.txt").read_text(encoding="utf-8")
        en = (folder / "en.doc.txt").read_text(encoding="utf-8")
        docs.append((folder.name, ko, en))
    return docs


def _park_windows(size: int = 25) -> tuple[list[str], list[str]]:
    folder = DATA / "ko-en-news-park" / "docs" / "park-dev-stream"
    ko = (folder / "ko.txt").read_text(encoding="utf-8").splitlines()
    en = (folder / "en.txt").read_text(encoding="utf-8").splitlines()
    ko_windows = [" ".join(ko[k : k + size]) for k in range(0, 500, size)]
    en_windows = [" ".join(en[k : k + size]) for k in range(500, 1000, size)]
    return ko_windows, en_windows


def evaluate(
    pairs_ko: list[tuple[str, str]], pairs_en: list[tuple[str, str]], seed: int
) -> tuple[int, int, int]:
    """(correct pairs, predicted pairs, gold pairs) for documents given as (doc id, text).

    A document id shared by a Korean and an English document marks a gold pair; ids are hidden
    behind random file names.
    """
    rng = random.Random(seed)
    sources = [(doc_id, _article(_name(rng), text)) for doc_id, text in pairs_ko]
    targets = [(doc_id, _article(_name(rng), text)) for doc_id, text in pairs_en]
    rng.shuffle(sources)
    rng.shuffle(targets)
    id_of = {a.path: doc_id for doc_id, a in sources + targets}
    gold = len({d for d, _ in pairs_ko} & {d for d, _ in pairs_en})
    source_articles = [a for _, a in sources]
    target_articles = [a for _, a in targets]
    vectors: dict[str, Any] = {}
    if ENCODER[0] is not None:
        vectors = {
            "source_vectors": [
                document_sentence_vectors(a, "ko", ENCODER[0]) for a in source_articles
            ],
            "target_vectors": [
                document_sentence_vectors(a, "en", ENCODER[0]) for a in target_articles
            ],
        }
    result = pair_documents(source_articles, target_articles, explicit=False, **vectors)
    predicted = [p for p in result if p.method != "unpaired"]
    correct = sum(
        1 for p in predicted if p.source and p.target and id_of[p.source] == id_of[p.target]
    )
    return correct, len(predicted), gold


def _withheld(
    docs: list[tuple[str, str, str]], splits: int, cuts: tuple[int, int], seed_base: int, label: str
) -> None:
    """Pair ``docs`` with some translations withheld, over ``splits`` seeded shuffles: the
    first ``cuts[0]`` keep both sides, up to ``cuts[1]`` only the Korean, the rest only the
    English; one line of precision and recall summed over the splits."""
    totals = [0, 0, 0]
    start = time.perf_counter()
    for seed in range(splits):
        order = docs[:]
        random.Random(seed_base + seed).shuffle(order)
        paired, ko_only, en_only = order[: cuts[0]], order[cuts[0] : cuts[1]], order[cuts[1] :]
        found = evaluate(
            [(d, ko) for d, ko, _ in paired + ko_only],
            [(d, en) for d, _, en in paired + en_only],
            seed=seed,
        )
        totals = [t + f for t, f in zip(totals, found, strict=True)]
    correct, predicted, gold = totals
    _report(f"{label}, {splits} splits", correct, predicted, gold, time.perf_counter() - start)


def _report(label: str, correct: int, predicted: int, gold: int, seconds: float) -> None:
    precision = correct / predicted if predicted else 0.0
    recall = correct / gold if gold else 0.0
    print(
        f"{label}: precision {precision:.3f} ({correct}/{predicted}), "
        f"recall {recall:.3f} ({correct}/{gold}), {seconds:.2f} s"
    )


def main() -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--encoder", default="use-m3", help="use-m3 (default), none, st:PATH")
    parser.add_argument("--vector-cache", default=None, metavar="DIR")
    args = parser.parse_args()
    ENCODER[0] = load_encoder(
        args.encoder, cache_dir=Path(args.vector_cache) if args.vector_cache else None
    )
    if not (DATA / "ko-en-news-ntrex128").is_dir():
        print("../shared/data/ko-en-news-ntrex128 is absent: nothing to measure")
        return 0
    print(f"threshold {DEFAULT_THRESHOLD}")
    ntrex = _load_docs("ko-en-news-ntrex128")
    start = time.perf_counter()
    correct, predicted, gold = evaluate(
        [(d, ko) for d, ko, _ in ntrex], [(d, en) for d, _, en in ntrex], seed=0
    )
    _report(
        f"NTREX dev, {len(ntrex)} pairs, shuffled names (accuracy = recall)",
        correct,
        predicted,
        gold,
        time.perf_counter() - start,
    )

    _withheld(ntrex, SPLITS, (20, 30), 1000, "NTREX 20 pairs + 10 ko-only + 11 en-only distractors")

    if (DATA / "ko-en-news-park").is_dir():
        ko_windows, en_windows = _park_windows()
        start = time.perf_counter()
        ko_docs = [(d, ko) for d, ko, _ in ntrex]
        ko_docs += [(f"park-ko-{k}", text) for k, text in enumerate(ko_windows)]
        en_docs = [(d, en) for d, _, en in ntrex]
        en_docs += [(f"park-en-{k}", text) for k, text in enumerate(en_windows)]
        found = evaluate(ko_docs, en_docs, seed=1)
        _report(
            f"NTREX {len(ntrex)} pairs + {len(ko_windows)}/{len(en_windows)} Park windows "
            "as distractors",
            *found,
            time.perf_counter() - start,
        )

    if (DATA / "ko-en-bible-krv-kjv").is_dir():
        bible = _load_docs("ko-en-bible-krv-kjv")
        start = time.perf_counter()
        found = evaluate([(d, ko) for d, ko, _ in bible], [(d, en) for d, _, en in bible], seed=2)
        _report(
            f"Bible, {len(bible)} chapters, shuffled names (extra)",
            *found,
            time.perf_counter() - start,
        )
        _withheld(
            bible,
            BIBLE_SPLITS,
            (67, 100),
            500,
            "Bible 67 pairs + 33 ko-only + 33 en-only distractors",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
