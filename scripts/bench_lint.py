"""Benchmark: a 10,000-concept glossary over 10 MB of Korean text, on one core.

The glossary is synthetic: the project's defence glossary plus Korean terms (two syllables or
more) from ../shared/data/ko-en-glossary (Wiktionary, MUSE, KOSTAT place names, countries),
one concept each, every fifth one with a deprecated spacing-free variant.

The text, by default, is the Korean side of ../shared/data/ko-en-news-park and
ko-en-news-ntrex128, repeated to 10 MB (UTF-8); the analyser's per-word cache is then warm
after the first copy. With ``--unique`` it never repeats: the Korean of the NTREX documents,
the Park news sentences and the Bible chapters (ko-en-bible-krv-kjv), each paragraph once, up
to ``--megabytes`` (the dev data hold about 0.8 MB; the time per MB is what to compare).

Prints the time to compile the glossary, to scan the text (CPU and wall), the peak memory of
the process, the number of matches and of words the morphological analyser judged. Without
``--unique``, also scans one unrepeated copy with a fresh matcher.

    .venv/bin/python scripts/bench_lint.py [--megabytes 10] [--concepts 10000] [--morph kiwi]
    .venv/bin/python scripts/bench_lint.py --unique [--morph kiwi]
"""

from __future__ import annotations

import argparse
import csv
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from align.models import Concept, Glossary, Term  # noqa: E402
from align.terms.formats import read_glossary  # noqa: E402
from align.terms.matching import build_matcher, find_terms_with  # noqa: E402
from align.text.morph import ANALYSERS, analyser  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"


def korean_terms() -> list[str]:
    found: dict[str, None] = {}
    folder = SHARED / "ko-en-glossary"
    for name in (
        "countries_ko_en.tsv",
        "places_kostat2018_ko_en.dev.tsv",
        "wiktionary_ko_en.dev.tsv",
        "muse_ko_en.dev.tsv",
    ):
        with open(folder / name, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                term = " ".join(row["ko"].split())
                if len(term.replace(" ", "")) >= 2 and all(
                    "\uac00" <= c <= "\ud7a3" or c == " " for c in term
                ):
                    found[term] = None
    return list(found)


def glossary(size: int) -> Glossary:
    base = read_glossary(str(ROOT / "glossaries" / "defence-diplomacy.tsv"))
    concepts = list(base.concepts)
    for index, term in enumerate(korean_terms()):
        if len(concepts) >= size:
            break
        cid = f"synthetic-{index}"
        terms = [Term(cid, "ko", term), Term(cid, "en", f"term {index}")]
        if index % 5 == 0 and len(term) >= 3:
            terms.append(Term(cid, "ko", term[:2] + " " + term[2:], "deprecated"))
        concepts.append(Concept(cid, tuple(terms)))
    return Glossary(tuple(concepts), path="synthetic")


def news_text() -> str:
    pieces = [
        (SHARED / "ko-en-news-park" / "docs" / "park-dev-stream" / "ko.txt").read_text(
            encoding="utf-8"
        )
    ]
    for doc in sorted((SHARED / "ko-en-news-ntrex128" / "docs").iterdir()):
        pieces.append((doc / "ko.txt").read_text(encoding="utf-8"))
    return "\n\n".join(pieces)


def unique_text(megabytes: float) -> str:
    """Korean paragraphs of the news and Bible dev sets, each once, up to ``megabytes``."""
    files = [SHARED / "ko-en-news-park" / "docs" / "park-dev-stream" / "ko.txt"]
    for corpus in ("ko-en-news-ntrex128", "ko-en-bible-krv-kjv"):
        files.extend(sorted((SHARED / corpus / "docs").glob("*/ko.txt")))
    seen: dict[str, None] = {}
    size, limit = 0, megabytes * 1_000_000
    for path in files:
        for paragraph in path.read_text(encoding="utf-8").splitlines():
            paragraph = paragraph.strip()
            if not paragraph or paragraph in seen:
                continue
            seen[paragraph] = None
            size += len(paragraph.encode("utf-8")) + 2
            if size >= limit:
                return "\n\n".join(seen)
    return "\n\n".join(seen)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=10.0)
    parser.add_argument("--concepts", type=int, default=10_000)
    parser.add_argument("--morph", choices=list(ANALYSERS), default=next(iter(ANALYSERS)))
    parser.add_argument(
        "--unique", action="store_true", help="text that never repeats (news and Bible dev)"
    )
    args = parser.parse_args()
    if not SHARED.exists():
        sys.exit("../shared/data is not present")
    started = time.perf_counter()
    analyser(args.morph).analyse(["시작"])
    print(f"{args.morph} load: {time.perf_counter() - started:.2f} s (not counted below)")

    terms_glossary = glossary(args.concepts)
    n_terms = sum(len(c.terms_in("ko")) for c in terms_glossary.concepts)
    print(f"glossary: {len(terms_glossary.concepts)} concepts, {n_terms} Korean terms")
    if args.unique:
        unit = text = unique_text(args.megabytes)
        size = unit_bytes = len(text.encode("utf-8"))
        print(
            f"text: {size / 1e6:.2f} MB UTF-8 ({len(text):,} characters; news and Bible dev, "
            "each paragraph once)"
        )
    else:
        unit = news_text()
        unit_bytes = len(unit.encode("utf-8"))
        copies = max(1, round(args.megabytes * 1_000_000 / unit_bytes))
        text = "\n\n".join([unit] * copies)
        size = len(text.encode("utf-8"))
        print(
            f"text: {size / 1e6:.1f} MB UTF-8 ({len(text):,} characters; {copies} copies of "
            f"{unit_bytes / 1e3:.0f} kB of news)"
        )

    started = time.perf_counter()
    matcher = build_matcher(terms_glossary, "ko", args.morph)
    compiled = time.perf_counter() - started
    started, cpu = time.perf_counter(), time.process_time()
    matches = find_terms_with(text, matcher)
    scanned, scan_cpu = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"compile: {compiled:.2f} s; scan: {scanned:.2f} s wall, {scan_cpu:.2f} s CPU "
        f"({size / 1e6 / scan_cpu:.2f} MB/s CPU, {scan_cpu * 1e7 / size:.1f} s CPU per 10 MB); "
        f"total {compiled + scanned:.2f} s; peak RSS {_peak_mb():.0f} MB"
    )
    print(f"matches: {len(matches):,}; words analysed: {len(matcher.verdicts):,}")
    if args.unique:
        return

    fresh = build_matcher(terms_glossary, "ko", args.morph)
    started = time.perf_counter()
    once = find_terms_with(unit, fresh)
    single = time.perf_counter() - started
    print(
        f"one unrepeated copy ({unit_bytes / 1e3:.0f} kB), fresh cache: {single:.2f} s, "
        f"{len(once):,} matches, {len(fresh.verdicts):,} words analysed "
        f"(≈ {single * 1e6 / unit_bytes * 10:.1f} s per 10 MB of all-new text)"
    )


if __name__ == "__main__":
    main()
