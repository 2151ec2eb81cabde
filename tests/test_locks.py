"""Two commands writing one output folder at once are refused (issue 17, "Done when"): ``run``
and ``corpus build`` hold ``OUT/.align.lock`` while they write; a lock left by a process that
is gone does not block anyone."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from align import fsio
from align.errors import ExportError

_HOLD = (
    "import sys\n"
    "from align import fsio\n"
    "lock = fsio.folder_lock(sys.argv[1], sys.argv[2])\n"
    "lock.__enter__()\n"
    "print('held', flush=True)\n"
    "sys.stdin.read()\n"
)


@contextmanager
def _held(folder: Path, command: str) -> Iterator[subprocess.Popen[str]]:
    """Another process holding ``folder``'s lock as ``command`` until the block ends."""
    with subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(folder), command],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as holder:
        try:
            assert holder.stdout is not None and holder.stdout.readline() == "held\n"
            yield holder
        finally:
            holder.kill()


def _align(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "align", *args], capture_output=True, text=True, timeout=300
    )


def test_a_second_run_into_the_same_folder_is_refused(tmp_path: Path, corpus_dir: Path) -> None:
    out = tmp_path / "out"
    with _held(out, "run") as holder:
        done = _align("run", str(corpus_dir), "-o", str(out), "--encoder", "none")
        assert done.returncode == 2, done.stderr
        assert done.stderr == (
            f"align: error: {out}: align run (pid {holder.pid}) is writing to this folder "
            "(wait for it to finish, or write elsewhere; two runs into one folder would mix "
            "their files)\n"
        )
        assert sorted(p.name for p in out.iterdir()) == [fsio.FOLDER_LOCK]  # nothing written


def test_a_second_corpus_build_into_the_same_folder_is_refused(
    tmp_path: Path, corpus_dir: Path
) -> None:
    (tmp_path / "ko").mkdir()
    (tmp_path / "en").mkdir()
    out = tmp_path / "corpus"
    with _held(out, "corpus build") as holder:
        done = _align("corpus", "build", str(tmp_path / "ko"), str(tmp_path / "en"), "-o", str(out))
        assert done.returncode == 2, done.stderr
        assert f"align corpus build (pid {holder.pid}) is writing to this folder" in done.stderr
        assert not (out / ".align-work").exists()


def test_a_lock_left_by_a_killed_process_is_taken_over(tmp_path: Path) -> None:
    with _held(tmp_path, "run") as holder:
        with (
            pytest.raises(ExportError, match=f"pid {holder.pid}"),
            fsio.folder_lock(tmp_path, "run"),
        ):
            pass
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
    assert (tmp_path / fsio.FOLDER_LOCK).read_text().startswith(f"{holder.pid} ")  # left behind
    with fsio.folder_lock(tmp_path, "run"):
        assert (tmp_path / fsio.FOLDER_LOCK).read_text() == f"{os.getpid()} run\n"
    assert not (tmp_path / fsio.FOLDER_LOCK).exists()  # released and removed


@pytest.mark.slow
def test_a_run_leaves_no_lock_and_reruns(tmp_path: Path, corpus_dir: Path) -> None:
    out = tmp_path / "out"
    (out).mkdir()
    (out / fsio.FOLDER_LOCK).write_text("999999999 run\n")  # a dead pid's stale lock
    first = _align("run", str(corpus_dir), "-o", str(out), "--encoder", "none")
    assert first.returncode == 0, first.stderr
    assert not (out / fsio.FOLDER_LOCK).exists()
    again = _align("run", str(corpus_dir), "-o", str(out), "--encoder", "none", "--overwrite")
    assert again.returncode == 0, again.stderr
