"""Benchmark: a 10,000-concept glossary over 10 MB of Korean news text, on one core.

The glossary is synthetic: the project's defence glossary plus Korean terms (two syllables or
more) from ../shared/data/ko-en-glossary (Wiktionary, MUSE, KOSTAT place names, countries),
one concept each, every fifth one with a deprecated spacing-free variant. The text is the
Korean side of ../shared/data/ko-en-news-park and ko-en-news-ntrex128, repeated to 10 MB
(UTF-8). Prints the time to compile the glossary, to scan the text, the number of matches and
the number of words the morphological analyser judged. Also scans one unrepeated copy with a
fresh matcher, where the per-word cache helps least.

    .venv/bin/python scripts/bench_lint.py [--megabytes 10] [--concepts 10000] [--morph kiwi]
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from align.models import Concept, Glossary, Term  # noqa: E402
from align.terms.glossary import read_glossary  # noqa: E402
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=10.0)
    parser.add_argument("--concepts", type=int, default=10_000)
    parser.add_argument("--morph", choices=list(ANALYSERS), default=next(iter(ANALYSERS)))
    args = parser.parse_args()
    if not SHARED.exists():
        sys.exit("../shared/data is not present")
    started = time.perf_counter()
    analyser(args.morph).analyse(["시작"])
    print(f"{args.morph} load: {time.perf_counter() - started:.2f} s (not counted below)")

    terms_glossary = glossary(args.concepts)
    n_terms = sum(len(c.terms_in("ko")) for c in terms_glossary.concepts)
    unit = news_text()
    unit_bytes = len(unit.encode("utf-8"))
    copies = max(1, round(args.megabytes * 1_000_000 / unit_bytes))
    text = "\n\n".join([unit] * copies)
    size = len(text.encode("utf-8"))
    print(f"glossary: {len(terms_glossary.concepts)} concepts, {n_terms} Korean terms")
    print(
        f"text: {size / 1e6:.1f} MB UTF-8 ({len(text):,} characters; {copies} copies of "
        f"{unit_bytes / 1e3:.0f} kB of news)"
    )

    started = time.perf_counter()
    matcher = build_matcher(terms_glossary, "ko", args.morph)
    compiled = time.perf_counter() - started
    started = time.perf_counter()
    matches = find_terms_with(text, matcher)
    scanned = time.perf_counter() - started
    print(
        f"compile: {compiled:.2f} s; scan: {scanned:.2f} s "
        f"({size / 1e6 / scanned:.1f} MB/s); total {compiled + scanned:.2f} s"
    )
    print(f"matches: {len(matches):,}; words analysed: {len(matcher.verdicts):,}")

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
