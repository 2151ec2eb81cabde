"""Run ``align`` in a child process and measure what it cost (CPU seconds, peak RSS).

The hostile-input tests use this to hold every command to the safety limits of issue 7: a clean
result or a one-line error within 5 CPU seconds and 500 MB. The wall-clock timeout is only a
hang guard (the machine is shared), so a slow machine cannot make the tests flaky.

The data-safety tests use ``run_to_point`` to SIGKILL a command at a chosen step of its writes
(``stop_at.py``): the kill lands at a state of the process, not at a time.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

HANG_GUARD_SECONDS = 120.0
BATCH = Path(__file__).with_name("align_batch.py")
CPU_LIMIT_SECONDS = 5.0
RSS_LIMIT_MB = 500.0


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one ``align`` run did."""

    args: tuple[str, ...]
    code: int
    stdout: str
    stderr: str
    cpu_seconds: float
    rss_mb: float

    def describe(self) -> str:
        return (
            f"align {' '.join(self.args)} -> exit {self.code}, {self.cpu_seconds:.2f} s CPU, "
            f"{self.rss_mb:.0f} MB\nstdout: {self.stdout[:500]!r}\n"
            f"stderr: {self.stderr[:2000]!r}"
        )


def run_align(args: list[str], cwd: Path, *, timeout: float = HANG_GUARD_SECONDS) -> Outcome:
    """Run one ``align`` command line in a child process in ``cwd``; fail when it hangs.

    It goes through ``align_batch.py``, which measures the command's own peak memory.
    """
    return run_batch([args], cwd, timeout=timeout)[0]


def run_batch(
    commands: list[list[str]], cwd: Path, *, timeout: float = HANG_GUARD_SECONDS
) -> list[Outcome]:
    """Run several ``align`` command lines in one child process (see ``align_batch.py``)."""
    spec, results = cwd / ".align-batch-in.json", cwd / ".align-batch-out.json"
    spec.write_text(json.dumps(commands), encoding="utf-8")
    process = _run([sys.executable, str(BATCH), str(spec), str(results)], ["<batch>"], cwd, timeout)
    assert process.code == 0, process.describe()
    outcomes = [
        Outcome(
            tuple(r["args"]), r["code"], r["stdout"], r["stderr"], r["cpu_seconds"], r["rss_mb"]
        )
        for r in json.loads(results.read_text(encoding="utf-8"))
    ]
    spec.unlink()
    results.unlink()
    return outcomes


def _run(argv: list[str], args: list[str], cwd: Path, timeout: float) -> Outcome:
    out_path, err_path = cwd / ".align-stdout", cwd / ".align-stderr"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        process = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            process.send_signal(signal.SIGKILL)
            os.wait4(process.pid, 0)
            raise AssertionError(f"align {' '.join(args)} hung for {timeout:.0f} s")
        time.sleep(0.02)
    process.returncode = os.waitstatus_to_exitcode(status)  # Popen must not wait again
    stdout = out_path.read_bytes().decode("utf-8", "replace")
    stderr = err_path.read_bytes().decode("utf-8", "replace")
    out_path.unlink()
    err_path.unlink()
    return Outcome(
        tuple(args),
        process.returncode,
        stdout,
        stderr,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss / 1024,
    )


# --- a child frozen at a step of its writes, to be killed there -----------------------------------

STOP_AT = Path(__file__).with_name("stop_at.py")


@dataclass
class Frozen:
    """A child run by ``run_to_point``: stopped at ``point`` (``path`` is where), or ended.

    Used as a context manager, it SIGKILLs a stopped child on leaving the block, whatever
    happened in it: no frozen process outlives a failed test.
    """

    process: subprocess.Popen[bytes]
    point: str | None
    path: Path | None
    stderr: str

    @property
    def stopped(self) -> bool:
        return self.point is not None

    def kill(self) -> None:
        """SIGKILL the stopped child where it stands, and reap it."""
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()

    def __enter__(self) -> Frozen:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.kill()

    def describe(self) -> str:
        where = (
            f"stopped at {self.point} on {self.path}"
            if self.stopped
            else (f"ended with exit {self.process.returncode}")
        )
        return f"{where}\nstderr: {self.stderr[-2000:]!r}"


def run_to_point(
    point: str,
    nth: int,
    folder: Path,
    python_args: list[str],
    *,
    timeout: float = HANG_GUARD_SECONDS,
) -> Frozen:
    """Run ``python PYTHON_ARGS`` until it reaches the ``nth`` ``point`` on a path under
    ``folder`` and freezes there (see ``stop_at.py``), or until it ends; fail when it hangs."""
    read_end, write_end = os.pipe()
    try:
        with tempfile.TemporaryFile() as errors:
            process = subprocess.Popen(
                [
                    sys.executable,
                    str(STOP_AT),
                    point,
                    str(nth),
                    str(folder),
                    str(write_end),
                    *python_args,
                ],
                pass_fds=(write_end,),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=errors,
            )
            os.close(write_end)
            write_end = -1
            # Blocks until the child stops or ends; the timer only guards against a hang.
            guard = threading.Timer(timeout, process.send_signal, (signal.SIGKILL,))
            guard.start()
            try:
                _pid, status = os.waitpid(process.pid, os.WUNTRACED)
            finally:
                guard.cancel()
            if not os.WIFSTOPPED(status):
                process.returncode = os.waitstatus_to_exitcode(status)  # reaped here
                if process.returncode == -signal.SIGKILL:
                    raise AssertionError(f"python {' '.join(python_args)} hung for {timeout:.0f} s")
            os.set_blocking(read_end, False)
            try:
                report = os.read(read_end, 1 << 16).decode()
            except BlockingIOError:
                report = ""
            errors.seek(0)
            stderr = errors.read().decode("utf-8", "replace")
    finally:
        os.close(read_end)
        if write_end >= 0:
            os.close(write_end)
    if not os.WIFSTOPPED(status):
        return Frozen(process, None, None, stderr)
    reached, _, path = report.rstrip("\n").partition("\t")
    frozen = Frozen(process, point, Path(path), stderr)
    if reached != point:
        frozen.kill()
        raise AssertionError(f"stopped, but not at {point}: {report!r}\n{frozen.describe()}")
    return frozen
