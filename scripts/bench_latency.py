"""Benchmark: wall time and peak memory of the commands an editor runs often, per analyser.

Runs each command as a child process (``python -m align``) five times and prints the median
wall time, CPU time (user + system) and peak RSS (``/usr/bin/time -v``'s "Maximum resident set
size", read from ``wait4``): ``align --version``, ``align lint`` on the embedded Korean
article, and ``align check``, ``align score`` and ``align report`` on the embedded pair with
``--encoder none``, each with ``--morph mecab`` and ``--morph kiwi``; then check, score and
report with the default encoder (use-m3) and MeCab. The last column is the wall time over
that of ``align --version``. Targets (issue 18): lint under 1 s, 200 MB and 4x ``--version``;
check, score and report under 2 s with the default encoder. On a shared machine the CPU time
says more than the wall time.

    .venv/bin/python scripts/bench_latency.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAIR = ROOT / "corpora" / "hani-2024-03-26-us-japan-alliance"
GLOSSARY = str(ROOT / "glossaries" / "defence-diplomacy.tsv")
# The report goes to a temporary file (not os.devnull: an atomic write renames over its target).
REPORT = str(Path(tempfile.gettempdir()) / "align-bench-latency-report.html")


def commands(morph: str, encoder: str) -> dict[str, list[str]]:
    """The commands measured with analyser ``morph`` and sentence encoder ``encoder``."""
    pair = [str(PAIR / "ko.txt"), str(PAIR / "en.txt"), "--glossary", GLOSSARY]
    options = ["--morph", morph, "--encoder", encoder]
    found: dict[str, list[str]] = {}
    if encoder == "none":  # lint aligns nothing: no encoder
        found["lint ko.txt"] = ["lint", str(PAIR / "ko.txt"), "--glossary", GLOSSARY]
        found["lint ko.txt"] += ["--morph", morph]
    found["check"] = ["check", *pair, *options]
    found["score"] = ["score", *pair, *options]
    found["report"] = ["report", *pair, *options, "-o", REPORT, "--overwrite"]
    return found


def run_once(args: list[str]) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak RSS in MB) of one ``python -m align ARGS``."""
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
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rows = [("--version", "-", "-", ["--version"])]
    for morph in ("mecab", "kiwi"):
        rows.extend((name, morph, "none", argv) for name, argv in commands(morph, "none").items())
    rows.extend(
        (name, "mecab", "use-m3", argv) for name, argv in commands("mecab", "use-m3").items()
    )
    print(
        f"{'command':<12} {'morph':<6} {'encoder':<7} {'wall s':>7} {'CPU s':>6} {'peak MB':>8} "
        f"{'x version':>9}  (median of {args.runs})"
    )
    version_wall = 0.0
    for name, morph, encoder, argv in rows:
        runs = [run_once(argv) for _ in range(args.runs)]
        wall, cpu, peak = (statistics.median(r[k] for r in runs) for k in range(3))
        version_wall = version_wall or wall
        print(
            f"{name:<12} {morph:<6} {encoder:<7} {wall:>7.2f} {cpu:>6.2f} {peak:>8.0f} "
            f"{wall / version_wall:>9.1f}"
        )


if __name__ == "__main__":
    main()
