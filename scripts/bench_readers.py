"""Throughput of the readers: plain text in MB/s (UTF-8 and CP949) and saved pages per second.

Usage: .venv/bin/python scripts/bench_readers.py [--mb 20]
The input is the embedded seed pair repeated to the requested size, written to a temporary folder.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from align.read.readers import read_article

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "hani-2024-03-26-us-japan-alliance"


def _time(path: Path, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        read_article(str(path))
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=20.0, help="size of each text input in MB")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for lang, encoding in (("en", "utf-8"), ("ko", "utf-8"), ("ko", "cp949")):
            seed = (CORPUS / f"{lang}.txt").read_text(encoding="utf-8") + "\n\n"
            data = (seed * int(args.mb * 1e6 / len(seed.encode(encoding)) + 1)).encode(encoding)
            path = Path(folder) / f"{lang}-{encoding}.txt"
            path.write_bytes(data)
            seconds = _time(path)
            print(
                f"text {lang} {encoding}: {len(data) / 1e6:.1f} MB in {seconds:.2f} s = "
                f"{len(data) / 1e6 / seconds:.1f} MB/s"
            )
        for lang in ("en", "ko"):
            page = CORPUS / "html" / f"{lang}.html"
            seconds = _time(page, repeat=20)
            print(
                f"html {lang}: {page.stat().st_size / 1e3:.0f} kB page in {seconds * 1e3:.1f} ms "
                f"= {1 / seconds:.0f} pages/s"
            )


if __name__ == "__main__":
    main()
