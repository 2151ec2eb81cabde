"""Time ``align corpus build`` end to end at 100, 1,000 and 10,000 document pairs.

Documents are synthesised by repeating the NTREX-128 dev documents
(``../shared/data/ko-en-news-ntrex128``) under new file names (a shared running number pairs
them), with the Korean rule splitter on ``--workers`` processes. Each size runs in a fresh
process, so the peak memory reported (the largest resident set of the build and its workers) is
that build's own. Skips cleanly when ../shared is absent.

    .venv/bin/python scripts/bench_corpus.py                 # 100 and 1,000
    .venv/bin/python scripts/bench_corpus.py --sizes 10000   # once, it takes a while
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT.parent / "shared" / "data" / "ko-en-news-ntrex128" / "docs"


def synthesise(folder: Path, count: int) -> tuple[Path, Path]:
    """``count`` document pairs: the dev documents in turn, each under a new numbered name."""
    sources = sorted(DOCS.iterdir())
    source, target = folder / "ko", folder / "en"
    source.mkdir(parents=True)
    target.mkdir(parents=True)
    for number in range(count):
        doc = sources[number % len(sources)]
        name = f"{number:06d}-{doc.name}.txt"
        shutil.copyfile(doc / "ko.doc.txt", source / name)
        shutil.copyfile(doc / "en.doc.txt", target / name)
    return source, target


def run(count: int, workers: int) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-corpus-") as tmp:
        source, target = synthesise(Path(tmp), count)
        out = Path(tmp) / "out"
        command = [sys.executable, "-m", "align", "corpus", "build", str(source), str(target),
                   "-o", str(out), "--workers", str(workers), "--engine", "rules"]
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        started = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        if result.returncode != 0:
            sys.exit(f"build of {count} pairs failed:\n{result.stderr}")
        links = next(line for line in result.stderr.splitlines() if line.startswith("links:"))
        print(f"{count:>6} pairs  {elapsed:8.1f} s  {elapsed / count * 1000:7.1f} ms/pair  "
              f"peak RSS {max(peak, before) / 1024:7.0f} MB  {links}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,1000",
                        help="comma-separated numbers of document pairs (default 100,1000)")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if not DOCS.is_dir():
        print(f"skipped: {DOCS} is not present")
        return
    for size in (int(s) for s in args.sizes.split(",")):
        run(size, args.workers)


if __name__ == "__main__":
    main()
