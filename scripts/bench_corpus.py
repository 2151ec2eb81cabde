"""Time ``align corpus build`` end to end at 100, 1,000 and 10,000 document pairs.

Documents are synthesised by repeating the NTREX-128 dev documents
(``../shared/data/ko-en-news-ntrex128``), with the Korean rule splitter on ``--workers``
processes. ``--names`` decides what pairs them:

- ``id`` (default): each pair shares a running number in its file names, so every pair is found
  by explicit evidence (a shared article id);
- ``content``: every file gets its own random letters-only name (no shared id, no digits) and
  the files are shuffled, so pairing is by content alone (each document's text, headline
  included, is kept as in the dev data).

The pairs found are checked against the known truth: a pair is correct when both files are
copies of the same dev document. Copies of one dev document are identical, so a pair with any
copy of the right document counts as correct (which copy is paired with which is arbitrary).
Each size runs in a fresh process, so the peak memory reported (the largest resident set of
the build and its workers) is that build's own. Timings on a shared machine are noisy. Skips
cleanly when ../shared is absent.

    .venv/bin/python scripts/bench_corpus.py                        # 100 and 1,000
    .venv/bin/python scripts/bench_corpus.py --names content        # paired by content
    .venv/bin/python scripts/bench_corpus.py --sizes 10000          # once, it takes a while
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT.parent / "shared" / "data" / "ko-en-news-ntrex128" / "docs"
NAMINGS = ("id", "content")


def _random_name(rng: random.Random, taken: set[str]) -> str:
    while True:
        name = "".join(rng.choice(string.ascii_lowercase) for _ in range(16)) + ".txt"
        if name not in taken:
            taken.add(name)
            return name


def synthesise(folder: Path, count: int, names: str = "id") -> tuple[Path, Path, dict[str, str]]:
    """``count`` document pairs: the dev documents in turn, each under a new name.

    Returns the two folders and the truth: each file's name → the dev document it copies.
    """
    sources = sorted(DOCS.iterdir())
    source, target = folder / "ko", folder / "en"
    source.mkdir(parents=True)
    target.mkdir(parents=True)
    rng = random.Random(count)
    taken: set[str] = set()
    truth: dict[str, str] = {}
    for number in range(count):
        doc = sources[number % len(sources)]
        if names == "id":
            ko_name = en_name = f"{number:06d}-{doc.name}.txt"
        else:
            ko_name, en_name = _random_name(rng, taken), _random_name(rng, taken)
        truth[f"ko/{ko_name}"] = truth[f"en/{en_name}"] = doc.name
        shutil.copyfile(doc / "ko.doc.txt", source / ko_name)
        shutil.copyfile(doc / "en.doc.txt", target / en_name)
    return source, target, truth


def pairing_accuracy(documents: Path, truth: dict[str, str]) -> tuple[int, int, int]:
    """(correct pairs, pairs found, true pairs) of a build's ``documents.parquet``."""
    import polars as pl

    table = pl.read_parquet(documents).filter(pl.col("pair_method") != "unpaired")
    correct = 0
    for src, tgt in table.select("src_path", "tgt_path").iter_rows():
        ko, en = (f"{side}/{Path(path).name}" for side, path in (("ko", src), ("en", tgt)))
        correct += truth.get(ko) is not None and truth.get(ko) == truth.get(en)
    return correct, table.height, len(truth) // 2


def run(count: int, workers: int, names: str) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-corpus-") as tmp:
        source, target, truth = synthesise(Path(tmp), count, names)
        out = Path(tmp) / "out"
        command = [
            sys.executable,
            "-m",
            "align",
            "corpus",
            "build",
            str(source),
            str(target),
            "-o",
            str(out),
            "--workers",
            str(workers),
            "--engine",
            "rules",
        ]
        log = Path(tmp) / "stderr.txt"
        started = time.perf_counter()
        with open(log, "wb") as stderr:
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr)
            # wait4 gives this build's own peak (itself and its workers), not the largest of
            # every build this script has run.
            _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        peak = usage.ru_maxrss
        output = log.read_text(encoding="utf-8", errors="replace")
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"build of {count} pairs failed:\n{output}")
        links = next(line for line in output.splitlines() if line.startswith("links:"))
        correct, found, true = pairing_accuracy(out / "documents.parquet", truth)
        print(
            f"{count:>6} pairs ({names} names)  {elapsed:8.1f} s  "
            f"{elapsed / count * 1000:7.1f} ms/pair  peak RSS {peak / 1024:5.0f} MB"
            f"  pairing {correct}/{true} correct of {found} found  {links}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sizes",
        default="100,1000",
        help="comma-separated numbers of document pairs (default 100,1000)",
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--names",
        choices=NAMINGS,
        default="id",
        help="id: pairs share a number in their names; content: random names, "
        "paired by content alone",
    )
    args = parser.parse_args()
    if not DOCS.is_dir():
        print(f"skipped: {DOCS} is not present")
        return
    for size in (int(s) for s in args.sizes.split(",")):
        run(size, args.workers, args.names)


if __name__ == "__main__":
    main()
