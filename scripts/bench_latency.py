"""Benchmark: wall time and peak memory of the commands an editor runs often, per analyser.

Runs each command as a child process (``python -m align``) five times and prints the median
wall time and the median peak RSS (``/usr/bin/time -v``'s "Maximum resident set size", read
from ``wait4``): ``align --version``, ``align lint`` on the embedded Korean article, and
``align check`` and ``align score`` on the embedded pair with ``--encoder none``, each with
``--morph mecab`` and ``--morph kiwi``. Target: lint under 1 s and 200 MB.

    .venv/bin/python scripts/bench_latency.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAIR = ROOT / "corpora" / "hani-2024-03-26-us-japan-alliance"
GLOSSARY = str(ROOT / "glossaries" / "defence-diplomacy.tsv")


def commands(morph: str) -> dict[str, list[str]]:
    pair = [str(PAIR / "ko.txt"), str(PAIR / "en.txt"), "--glossary", GLOSSARY]
    return {
        "lint ko.txt": ["lint", str(PAIR / "ko.txt"), "--glossary", GLOSSARY, "--morph", morph],
        "check": ["check", *pair, "--encoder", "none", "--morph", morph],
        "score": ["score", *pair, "--encoder", "none", "--morph", morph],
    }


def run_once(args: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of one ``python -m align ARGS``."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "align", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise SystemExit(f"align {' '.join(args)} exited {process.returncode}")
    return wall, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rows = [("--version", "-", ["--version"])]
    for morph in ("mecab", "kiwi"):
        rows.extend((name, morph, argv) for name, argv in commands(morph).items())
    print(f"{'command':<12} {'morph':<6} {'wall s':>7} {'peak MB':>8}  (median of {args.runs})")
    for name, morph, argv in rows:
        runs = [run_once(argv) for _ in range(args.runs)]
        wall = statistics.median(r[0] for r in runs)
        peak = statistics.median(r[1] for r in runs)
        print(f"{name:<12} {morph:<6} {wall:>7.2f} {peak:>8.0f}")


if __name__ == "__main__":
    main()
