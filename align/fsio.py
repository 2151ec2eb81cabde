"""Atomic file writes: a temporary file in the same folder, then a rename.

A reader never sees a partial file, and an existing output is replaced only when the caller
says ``overwrite=True`` (the CLI's ``--overwrite``).
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import re
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from align import limits
from align.errors import ExportError

LOG = logging.getLogger("align")


def check_writable(
    path: str | os.PathLike[str], *, overwrite: bool, in_place: bool = False
) -> Path:
    """Refuse to replace an existing file unless ``overwrite``, and to replace a file the
    command has read (an input named as an output) unless the write is ``in_place`` by design
    (``lint --fix``, ``glossary add``); return the path."""
    target = Path(path)
    if target.exists() and not overwrite:
        raise ExportError(
            "output exists",
            path=str(target),
            hint="pass --overwrite to replace it, or choose another path",
        )
    if not in_place and limits.is_input(target):
        raise ExportError(
            "output is one of this command's input files",
            path=str(target),
            hint="write the output to another path; the input was left as it was",
        )
    if target.is_dir():
        raise ExportError("output is a folder", path=str(target), hint="give a file path")
    return target


# A temporary file of ours: ``.<target name>.<pid>-<random>.tmp`` beside the target.
_TEMPORARY = re.compile(r"\.(?P<name>.+)\.(?P<pid>\d+)-[A-Za-z0-9_]+\.tmp")
# A temporary file older than this is stale even when its pid is alive (pids are reused, and a
# folder shared over a network holds other machines' pids).
_STALE_AFTER = 24 * 3600.0
#: Errors that mean the disk (or the user's quota) is full: the user's condition, not a bug.
DISK_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})


def disk_full(error: BaseException, path: str | os.PathLike[str]) -> ExportError | None:
    """The one-line error for a write that failed because the disk is full, else ``None``."""
    if isinstance(error, OSError) and error.errno in DISK_FULL:
        return ExportError(
            f"no space left on device writing {os.fspath(path)}",
            hint="free some space or write elsewhere; nothing partial was left",
        )
    return None


def remove_stale_temporaries(folder: Path, name: str) -> list[Path]:
    """Remove the temporary files an interrupted write of ``name`` left in ``folder`` (a
    SIGKILL gives no chance to clean up): ours by their name, stale because the process that
    made them is gone or they are over a day old. Returns what was removed."""
    removed: list[Path] = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            found = _TEMPORARY.fullmatch(entry.name)
            if found is None or found.group("name") != name or not entry.is_file():
                continue
            with contextlib.suppress(OSError):
                age = time.time() - entry.stat().st_mtime
                if age > _STALE_AFTER or not _alive(int(found.group("pid"))):
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # someone else's process, or not a pid we can ask about: leave it
    return True


def make_folder(folder: Path) -> None:
    """Create ``folder`` and its missing parents, as every writer here does for its output
    (``-o new/dir/r.html`` as ``-o out``), saying which folder was created (one log line)."""
    if folder.is_dir():
        return
    top = folder
    while not top.parent.exists() and top.parent != top:
        top = top.parent
    folder.mkdir(parents=True, exist_ok=True)
    LOG.info("created folder %s", top)


@contextlib.contextmanager
def atomic_path(
    path: str | os.PathLike[str], *, overwrite: bool = False, in_place: bool = False
) -> Iterator[Path]:
    """Yield a temporary path next to ``path``, renamed to ``path`` on success.

    For writers that want a file name (a streaming Parquet sink, a sentencepiece trainer). On an
    exception the temporary file is removed and ``path`` is left as it was.
    """
    target = check_writable(path, overwrite=overwrite, in_place=in_place)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        make_folder(folder)
        remove_stale_temporaries(folder, target.name)
        handle, tmp_name = tempfile.mkstemp(
            prefix=f".{target.name}.{os.getpid()}-", suffix=".tmp", dir=folder
        )
        os.close(handle)
    except OSError as error:
        full = disk_full(error, target)
        if full is not None:
            raise full from error
        raise ExportError(
            f"cannot write: {error.strerror}",
            path=str(target),
            hint="check the folder exists and is writable",
        ) from error
    try:
        yield Path(tmp_name)
        with open(tmp_name, "rb") as written:
            os.fsync(written.fileno())
        if not overwrite and target.exists():
            # Another writer got there first; never clobber what it wrote.
            raise ExportError(
                "output appeared while writing",
                path=str(target),
                hint="pass --overwrite to replace it",
            )
        # mkstemp creates the file owner-only: give it the mode the file had, or the umask's.
        os.chmod(tmp_name, _mode_for(target))
        os.replace(tmp_name, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        full = disk_full(error, target)
        if full is not None:
            raise full from error
        raise


@contextlib.contextmanager
def atomic_open(
    path: str | os.PathLike[str],
    mode: str = "w",
    *,
    overwrite: bool = False,
    encoding: str = "utf-8",
    newline: str | None = "\n",
    in_place: bool = False,
) -> Iterator[IO[str]]:
    """Open ``path`` for writing through a temporary file renamed into place on success.

    On an exception the temporary file is removed and ``path`` is left as it was.
    """
    with atomic_path(path, overwrite=overwrite, in_place=in_place) as temporary:
        if "b" in mode:
            stream: IO[str] = open(temporary, "wb")  # type: ignore[assignment]
        else:
            stream = open(temporary, "w", encoding=encoding, newline=newline)
        with stream:
            yield stream


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_text(path: str | os.PathLike[str], text: str, *, overwrite: bool = False) -> None:
    """Write ``text`` (UTF-8, LF) atomically."""
    with atomic_open(path, "w", overwrite=overwrite) as stream:
        stream.write(text)


def write_bytes(
    path: str | os.PathLike[str], data: bytes, *, overwrite: bool = False, in_place: bool = False
) -> None:
    """Write ``data`` atomically (``in_place``: the file is an input rewritten by design)."""
    with atomic_open(path, "wb", overwrite=overwrite, in_place=in_place) as stream:
        stream.write(data)  # type: ignore[arg-type]
