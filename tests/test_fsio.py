"""Writes are atomic and never replace an existing file without overwrite."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from align import fsio
from align.errors import ExportError


def test_refuses_to_overwrite_without_flag(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("keep me", encoding="utf-8")
    with pytest.raises(ExportError, match="--overwrite"):
        fsio.write_text(target, "new")
    assert target.read_text(encoding="utf-8") == "keep me"
    fsio.write_text(target, "new", overwrite=True)
    assert target.read_text(encoding="utf-8") == "new"


def test_failure_midway_leaves_nothing_behind(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    with pytest.raises(RuntimeError), fsio.atomic_open(target) as stream:
        stream.write("partial")
        raise RuntimeError("crash while writing")
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_creates_missing_folders(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "out.bin"
    fsio.write_bytes(target, b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"


def test_error_message_is_one_line_with_path() -> None:
    error = ExportError("output exists", path="out/x.tsv", hint="pass --overwrite")
    assert str(error) == "out/x.tsv: output exists (pass --overwrite)"


def test_new_files_follow_the_umask_and_replaced_files_keep_their_mode(tmp_path: Path) -> None:
    import os

    fresh = tmp_path / "fresh.txt"
    fsio.write_text(fresh, "x")
    umask = os.umask(0)
    os.umask(umask)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~umask
    kept = tmp_path / "kept.sh"
    kept.write_text("old", encoding="utf-8")
    kept.chmod(0o750)
    fsio.write_text(kept, "new", overwrite=True)
    assert kept.stat().st_mode & 0o777 == 0o750


def test_a_full_disk_is_a_user_error_and_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.txt"
    target.write_text("keep me", encoding="utf-8")

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(ExportError, match=r"no space left on device writing .*out\.txt"):
        fsio.write_text(target, "new", overwrite=True)
    assert target.read_text(encoding="utf-8") == "keep me"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_temporaries_left_by_a_killed_writer_are_removed_on_the_next_write(
    tmp_path: Path,
) -> None:
    dead = tmp_path / ".out.txt.4194305-abc123.tmp"  # above Linux's largest pid: never alive
    live = tmp_path / f".out.txt.{os.getpid()}-xyz789.tmp"  # a write in progress
    other = tmp_path / ".notes.txt.4194305-abc123.tmp"  # another file's: not this write's
    mine = tmp_path / ".out.txt.tmp"  # not our naming pattern: the user's
    for path in (dead, live, other, mine):
        path.write_text("x", encoding="utf-8")
    fsio.write_text(tmp_path / "out.txt", "new")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["out.txt", live.name, other.name, mine.name]
    )


def test_a_named_pipe_output_is_written_to_not_replaced(tmp_path: Path) -> None:
    """``-o /dev/null`` or a FIFO: a rename would replace the device with a regular file (it
    did, for /dev/null). A FIFO stands in for the device here: a test must never risk that."""
    import stat
    import threading

    from click.testing import CliRunner

    from align.cli import cli

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    source = tmp_path / "ko.txt"
    source.write_text("첫 문장이다. 둘째 문장이다.\n", encoding="utf-8")
    target = tmp_path / "en.txt"
    target.write_text("The first sentence. The second sentence.\n", encoding="utf-8")
    args = ["sentences", str(source), str(target), "--encoder", "none", "-o", str(pipe)]
    result = CliRunner().invoke(cli, args)  # no --overwrite: a pipe holds nothing to lose
    reader.join(timeout=60)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert received and b"[0]:[0]" in received[0]


def test_a_socket_output_is_refused(tmp_path: Path) -> None:
    import socket

    path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        with pytest.raises(ExportError, match="socket"):
            fsio.write_text(path, "x", overwrite=True)
