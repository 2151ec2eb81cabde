"""Run a Python command line that freezes itself at a chosen step of its file writes.

``python tests/stop_at.py POINT NTH FOLDER FD -m align glossary add ...`` (or ``-c CODE ARG...``)
runs the command as ``python -m``/``-c`` would. At the NTH time the process reaches POINT on a
path under FOLDER, it writes ``POINT<TAB>PATH`` to file descriptor FD and stops itself
(SIGSTOP). The test then sees the folder exactly as a kill at that step would leave it, checks
it, and SIGKILLs the process there: where a kill lands depends on what the process has done,
never on how fast the machine is. A run that never reaches the point simply runs to its end.

The points are the steps of an atomic write (``align.fsio``) and of the glossary lock:

- ``lock-opened``: the lock file is open, not yet locked (before ``fcntl.flock``);
- ``locked``: the lock is held (after ``fcntl.flock``);
- ``temp-created``: an empty hidden temporary file exists (after ``tempfile.mkstemp``);
- ``temp-written``: the temporary file is written and closed, not yet synced (before
  ``os.fsync``);
- ``replaced``: a file was just renamed into place (after ``os.replace``; PATH is the target);
- ``removed``: a file was just deleted (after ``os.unlink``).
"""

from __future__ import annotations

import fcntl
import functools
import os
import runpy
import signal
import sys
import tempfile
from collections.abc import Callable
from typing import Any

_Where = Callable[[tuple[Any, ...], dict[str, Any], Any], str | None]


def _fd_path(fd: object) -> str | None:
    try:
        return os.readlink(f"/proc/self/fd/{fd}") if isinstance(fd, int) else None
    except OSError:
        return None


def _path(path: object, dir_fd: object = None) -> str | None:
    if isinstance(path, int):
        return _fd_path(path)
    if not isinstance(path, str | bytes | os.PathLike):
        return None
    name = os.fsdecode(path)
    folder = _fd_path(dir_fd) if dir_fd is not None else None
    return os.path.realpath(os.path.join(folder, name) if folder else name)


# point: (module, function, stop after the call (else before), where it happens)
POINTS: dict[str, tuple[Any, str, bool, _Where]] = {
    "lock-opened": (
        fcntl,
        "flock",
        False,
        lambda a, k, r: _fd_path(a[0]) if a[1] & fcntl.LOCK_EX else None,
    ),
    "locked": (
        fcntl,
        "flock",
        True,
        lambda a, k, r: _fd_path(a[0]) if a[1] & fcntl.LOCK_EX else None,
    ),
    "temp-created": (tempfile, "mkstemp", True, lambda a, k, r: _path(r[1])),
    "temp-written": (os, "fsync", False, lambda a, k, r: _fd_path(a[0])),
    "replaced": (os, "replace", True, lambda a, k, r: _path(a[1], k.get("dst_dir_fd"))),
    "removed": (os, "unlink", True, lambda a, k, r: _path(a[0], k.get("dir_fd"))),
}


def install(point: str, nth: int, folder: str, report_fd: int) -> None:
    """Make the process stop at the ``nth`` ``point`` on a path under ``folder``."""
    module, name, after, where = POINTS[point]
    original = getattr(module, name)
    root = os.path.realpath(folder)
    seen = 0

    def reached(args: tuple[Any, ...], kwargs: dict[str, Any], result: Any) -> None:
        nonlocal seen
        path = where(args, kwargs, result)
        if path is None or not (path == root or path.startswith(root + os.sep)):
            return
        seen += 1
        if seen == nth:
            os.write(report_fd, f"{point}\t{path}\n".encode())
            os.kill(os.getpid(), signal.SIGSTOP)

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not after:
            reached(args, kwargs, None)
        result = original(*args, **kwargs)
        if after:
            reached(args, kwargs, result)
        return result

    setattr(module, name, wrapper)


def main() -> None:
    point, nth, folder, report_fd, mode, target, *args = sys.argv[1:]
    install(point, int(nth), folder, int(report_fd))
    if mode == "-m":
        sys.argv = [target, *args]
        runpy.run_module(target, run_name="__main__", alter_sys=True)
    elif mode == "-c":
        sys.argv = ["-c", *args]
        exec(compile(target, "<string>", "exec"), {"__name__": "__main__"})
    else:
        raise SystemExit(f"stop_at.py: give -m MODULE or -c CODE, not {mode}")


if __name__ == "__main__":
    main()
