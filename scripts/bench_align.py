"""Time ``align sentences --presplit`` as whole commands (start-up included) and its peak memory.

Inputs are synthesised from the NTREX Korean–English dev set (``../shared``): its documents'
sentences are concatenated, repeated until the wanted length, and every 25th sentence of each
side is dropped at different places so the aligner has 1-0/0-1 work to do. Baseline: nltk's
Gale–Church (ratio set to the pair's character ratio) on the 1,000-sentence pair, timed in a
separate Python process the same way.

``--drift N`` adds a harder long pair with gold: N copies of the NTREX dev set, each copy perturbed
with its own seed as ``scripts/eval_alignment.py`` perturbs it (merges and drops on each side),
concatenated, and each side cut after 20,000 lines. The sides drift apart by a few hundred
sentences and the last ~2% of one side has no counterpart, so the path leaves the diagonal;
strict F1 against the perturbed gold is printed with the time.

Usage: ``python scripts/bench_align.py [--sizes 1000,20000] [--skip-nltk] [--drift 20]
[--encoder use-m3|none]``
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

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


def timed(command: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MB) of a child process.

    CPU time says what wall time cannot on a shared machine: whether the work itself grew, or
    only the wait for a core (and how much a command on several threads spends beyond one)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return seconds, cpu, max(after.ru_maxrss, before.ru_maxrss) / 1024.0


def drifting(copies: int, folder: Path, cut: int = 20_000) -> tuple[Path, Path, list[Any]]:
    """The drifting pair (see the module docstring) and its gold links."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import eval_alignment as ev

    docs = ev.one_to_one(NTREX.parent)
    source: list[str] = []
    target: list[str] = []
    gold: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    for copy in range(copies):
        for doc in docs:
            hard = ev.perturb(doc, seed=1000 + copy)
            s0, t0 = len(source), len(target)
            source.extend(hard.source)
            target.extend(hard.target)
            gold.extend(
                (tuple(s0 + i for i in src), tuple(t0 + j for j in tgt)) for src, tgt in hard.gold
            )
    source, target = source[:cut], target[:cut]
    kept = []
    for src, tgt in gold:
        src = tuple(i for i in src if i < cut)
        tgt = tuple(j for j in tgt if j < cut)
        if src or tgt:
            kept.append((src, tgt))
    src_path, tgt_path = folder / "ko.drift.txt", folder / "en.drift.txt"
    src_path.write_text("\n".join(source) + "\n", encoding="utf-8")
    tgt_path.write_text("\n".join(target) + "\n", encoding="utf-8")
    return src_path, tgt_path, kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,20000")
    parser.add_argument("--skip-nltk", action="store_true")
    parser.add_argument("--drift", type=int, default=0, metavar="COPIES")
    parser.add_argument("--encoder", default="use-m3")
    args = parser.parse_args()
    align_cmd = [
        sys.executable,
        "-m",
        "align",
        "sentences",
        "--presplit",
        "--encoder",
        args.encoder,
    ]
    print("| input | command | seconds | CPU seconds | peak RSS (MB) |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            src, tgt = synthesise(size, Path(tmp))
            seconds, cpu, peak = timed([*align_cmd, str(src), str(tgt)])
            print(
                f"| {size} sentences | align sentences --presplit | {seconds:.2f} | {cpu:.2f} "
                f"| {peak:.0f} |",
                flush=True,
            )
            if size <= 2000 and not args.skip_nltk:
                seconds, cpu, peak = timed([sys.executable, "-c", NLTK_SNIPPET, str(src), str(tgt)])
                print(
                    f"| {size} sentences | nltk gale_church | {seconds:.2f} | {cpu:.2f} "
                    f"| {peak:.0f} |",
                    flush=True,
                )
        if args.drift:
            from align.jobs.documents import read_presplit  # noqa: F401 (package importable)
            from align.review.scoring import prf

            src, tgt, gold = drifting(args.drift, Path(tmp))
            out = Path(tmp) / "drift.links"
            seconds, cpu, peak = timed([*align_cmd, str(src), str(tgt), "-o", str(out)])
            from align.export.formats import parse_links

            links = parse_links(out.read_text(encoding="utf-8"))
            score = prf([gold], [[(link.source, link.target) for link in links]])
            print(
                f"| drifting pair ({args.drift} copies, 20,000 lines) | align sentences "
                f"--presplit --encoder {args.encoder} | {seconds:.2f} | {cpu:.2f} | {peak:.0f} | "
                f"strict F1 {score['strict_f1']:.3f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
