"""Run several ``align`` command lines in one process (``python tests/align_batch.py IN OUT``).

IN is a JSON list of argument lists; OUT receives, for each, the exit code, stdout, stderr, the
CPU seconds it used and the process's peak RSS while it ran.

The peak comes from ``/proc/self/status`` (``VmHWM``), reset before each command through
``/proc/self/clear_refs``. ``getrusage``'s ``ru_maxrss`` cannot be used: Linux carries the parent's
high-water mark into a child across fork/exec, so a test process that has loaded Kiwi would make
every command it starts look 600 MB large.

One process per hostile file keeps the attack-corpus tests fast: Python, click, lxml, polars and
scipy load once instead of once per command.
"""

from __future__ import annotations

import io
import json
import resource
import sys
import traceback


def _reset_peak() -> None:
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as stream:
            stream.write("5")  # 5: reset the peak resident set size to the current one
    except OSError:
        pass


def _peak_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as stream:
            for line in stream:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _run(argv: list[str]) -> dict[str, object]:
    from align.cli import main

    _reset_peak()

    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdout, sys.stderr
    before = resource.getrusage(resource.RUSAGE_SELF)
    sys.stdout, sys.stderr = out, err
    try:
        main(argv)
        code = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    except BaseException:  # noqa: BLE001 - report it: main() must never let one through
        err.write(traceback.format_exc())
        code = -1
    finally:
        sys.stdout, sys.stderr = saved
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return {
        "args": argv,
        "code": code,
        "stdout": out.getvalue(),
        "stderr": err.getvalue(),
        "cpu_seconds": cpu,
        "rss_mb": _peak_mb(),
    }


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as stream:
        commands = json.load(stream)
    results = [_run(argv) for argv in commands]
    with open(sys.argv[2], "w", encoding="utf-8") as stream:
        json.dump(results, stream)


if __name__ == "__main__":
    main()
