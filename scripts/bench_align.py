"""Time ``align sentences --presplit`` as whole commands (start-up included) and its peak memory.

Inputs are synthesised from the NTREX Korean–English dev set (``../shared``): its documents'
sentences are concatenated, repeated until the wanted length, and every 25th sentence of each
side is dropped at different places so the aligner has 1-0/0-1 work to do. Baseline: nltk's
Gale–Church (ratio set to the pair's character ratio) on the 1,000-sentence pair, timed in a
separate Python process the same way.

Usage: ``python scripts/bench_align.py [--sizes 1000,20000] [--skip-nltk]``
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NTREX = ROOT.parent / "shared" / "data" / "ko-en-news-ntrex128" / "docs"

NLTK_SNIPPET = """
import sys
from nltk.translate import gale_church
src = [max(1, len(l)) for l in open(sys.argv[1], encoding='utf-8').read().split('\\n')[:-1]]
tgt = [max(1, len(l)) for l in open(sys.argv[2], encoding='utf-8').read().split('\\n')[:-1]]
gale_church.MAX_ALIGN_BLOCKS = 10 ** 7
class P(gale_church.LanguageIndependent):
    AVERAGE_CHARACTERS = sum(tgt) / sum(src)
gale_church.align_blocks(src, tgt, P)
"""


def synthesise(size: int, folder: Path) -> tuple[Path, Path]:
    ko: list[str] = []
    en: list[str] = []
    docs = sorted(NTREX.iterdir())
    while len(ko) < size:
        for doc in docs:
            ko.extend((doc / "ko.txt").read_text(encoding="utf-8").splitlines())
            en.extend((doc / "en.txt").read_text(encoding="utf-8").splitlines())
    ko, en = ko[:size], en[:size]
    ko = [s for k, s in enumerate(ko) if k % 25 != 3]
    en = [s for k, s in enumerate(en) if k % 25 != 17]
    src, tgt = folder / f"ko.{size}.txt", folder / f"en.{size}.txt"
    src.write_text("\n".join(ko) + "\n", encoding="utf-8")
    tgt.write_text("\n".join(en) + "\n", encoding="utf-8")
    return src, tgt


def timed(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,20000")
    parser.add_argument("--skip-nltk", action="store_true")
    args = parser.parse_args()
    align_cmd = [sys.executable, "-m", "align", "sentences", "--presplit"]
    print("| input | command | seconds | peak RSS (MB) |")
    print("|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            src, tgt = synthesise(size, Path(tmp))
            seconds, peak = timed([*align_cmd, str(src), str(tgt)])
            print(
                f"| {size} sentences | align sentences --presplit | {seconds:.2f} | {peak:.0f} |",
                flush=True,
            )
            if size <= 2000 and not args.skip_nltk:
                seconds, peak = timed([sys.executable, "-c", NLTK_SNIPPET, str(src), str(tgt)])
                print(
                    f"| {size} sentences | nltk gale_church | {seconds:.2f} | {peak:.0f} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
