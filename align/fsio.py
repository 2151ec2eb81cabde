"""Atomic file writes: a temporary file in the same folder, then a rename.

A reader never sees a partial file, and an existing output is replaced only when the caller
says ``overwrite=True`` (the CLI's ``--overwrite``).
"""

from __future__ import annotations

import contextlib
import contextvars
import errno
import hashlib
import logging
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
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
    if _special(path):
        return check_special(path)  # a device or pipe holds nothing to overwrite
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


def within(path: str | os.PathLike[str], folder: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is ``folder`` or inside it, once links and ``..`` are resolved: an
    output there would be read back as input by the next command given the folder."""
    where, root = Path(path).resolve(), Path(folder).resolve()
    return where == root or root in where.parents


def _special(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` names an existing file that is not a regular file or a folder."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def check_special(path: str | os.PathLike[str]) -> Path:
    """``path``, a character device or a named pipe, to be written to directly (there is
    nothing to overwrite, and nothing to make atomic); a socket or block device is refused."""
    mode = os.stat(path).st_mode
    if not (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
        raise ExportError(
            "output is a socket or block device",
            path=os.fspath(path),
            hint="write to a file, a pipe or /dev/stdout",
        )
    return Path(path)


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


def name_too_long(error: BaseException) -> ExportError | None:
    """The one-line error for a path the system refuses as too long (a name over 255 bytes,
    a path over 4096), else ``None``. Only a path the user gave, or one made from it, can be
    too long, and Python's ``Path.exists`` raises it where it ignores a missing file."""
    if isinstance(error, OSError) and error.errno == errno.ENAMETOOLONG:
        name = error.filename
        return ExportError(
            "file name too long",
            path=os.fsdecode(name) if isinstance(name, bytes | str) else None,
            hint="the system takes 255 bytes per file or folder name: give a shorter path",
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


# The output folder a command holds the lock of (``folder_lock``): the folders it makes inside
# are its own layout (``out/<pair>``, ``out/corpus``), not folders the user's path lacked.
_LOCKED_FOLDER: contextvars.ContextVar[Path | None] = contextvars.ContextVar(
    "align_locked_folder", default=None
)


def make_folder(folder: Path) -> None:
    """Create ``folder`` and its missing parents, as every writer here does for its output
    (``-o new/dir/r.html`` as ``-o out``), saying which folder was created (one log line).

    Only folders of the path the user gave are news: one a command makes inside the output
    folder it has locked (``align run``'s folder per pair) is created without a word, so
    ``run`` on ten pairs says ``created folder out`` once, not eleven times."""
    if folder.is_dir():
        return
    refuse_file_on_the_way(folder)
    top = folder
    while not top.parent.exists() and top.parent != top:
        top = top.parent
    folder.mkdir(parents=True, exist_ok=True)
    if any(part.startswith(".") and part not in (".", "..") for part in top.parts):
        return  # our hidden work folders are not the user's news
    locked = _LOCKED_FOLDER.get()
    if locked is not None and locked in Path(os.path.abspath(top)).parents:
        return
    LOG.info("created folder %s", top)


def refuse_file_on_the_way(folder: Path) -> None:
    """Refuse a ``folder`` to create when a file stands where one of its folders must be
    (``-o notes.txt/out``): mkdir would say only "File exists" or "Not a directory"."""
    for step in (*reversed(folder.parents), folder):
        if step.exists() and not step.is_dir():
            raise ExportError(
                "is a file, not a folder",
                path=str(step),
                hint="the output path needs a folder there: choose another path",
            )


@contextlib.contextmanager
def utf8_paths(*paths: str | os.PathLike[str]) -> Iterator[list[str]]:
    """``paths`` as libraries that take a path as UTF-8 text (polars, sentencepiece) can open
    them: a path under a folder whose name is not UTF-8 (a surrogate-escaped ``str``, PEP 383)
    becomes ``/proc/self/fd/N/name`` through a descriptor of that folder (Linux), held for the
    ``with`` block; elsewhere, a one-line error."""
    names: list[str] = []
    with contextlib.ExitStack() as stack:
        folders: dict[str, str] = {}
        for path in paths:
            text = os.fspath(path)
            if not _undecodable(text):
                names.append(text)
                continue
            folder, name = os.path.split(text)
            if folder not in folders:
                if _undecodable(name) or not os.path.isdir("/proc/self/fd"):
                    raise ExportError(
                        "cannot read or write this file under a name that is not UTF-8 here",
                        path=text,
                        hint="rename the folder",
                    )
                handle = os.open(folder or ".", os.O_RDONLY | os.O_DIRECTORY)
                stack.callback(os.close, handle)
                folders[folder] = f"/proc/self/fd/{handle}"
            names.append(f"{folders[folder]}/{name}")
        yield names


def _undecodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


FOLDER_LOCK = ".align.lock"
"""The lock file a command writing a whole output folder holds there (``run``, ``corpus
build``)."""


def _lock_handle(lock_path: Path, *, wait: bool) -> int:
    """An open descriptor of ``lock_path`` holding its exclusive ``flock`` (POSIX).

    Whoever releases the lock removes the file, so a process that then gets a lock on the
    removed file notices (the inode changed) and locks again: two holders never coexist. With
    ``wait`` false, a lock held elsewhere raises :class:`BlockingIOError`, the descriptor
    closed."""
    import fcntl

    while True:
        try:
            make_folder(lock_path.parent)  # the first write into a new -o folder: say so
            handle = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        except FileNotFoundError:
            continue  # a failed command removed the empty folder it had made: make it again
        except OSError as error:
            raise ExportError(
                f"cannot create the lock file: {error.strerror}",
                path=str(lock_path),
                hint="check the folder is writable",
            ) from error
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            same = os.path.samestat(os.fstat(handle), os.stat(lock_path))
        except FileNotFoundError:
            same = False
        except BaseException:
            os.close(handle)
            raise
        if same:
            return handle
        os.close(handle)


@contextlib.contextmanager
def file_lock(lock_path: Path) -> Iterator[None]:
    """Hold ``lock_path``'s exclusive lock for the ``with`` block, waiting for it (a
    read-modify-write of one file, as ``glossary add`` does); the file is removed on release."""
    handle = _lock_handle(lock_path, wait=True)
    try:
        yield
    finally:
        _release(lock_path, handle)


@contextlib.contextmanager
def folder_lock(folder: str | os.PathLike[str], command: str) -> Iterator[None]:
    """Hold ``folder``'s exclusive lock while ``command`` writes into it; refuse at once (an
    :class:`ExportError`) when another process holds it.

    The lock is POSIX ``flock`` on ``FOLDER/.align.lock``, which holds the owner's pid and
    command: the kernel releases it when its process ends however it ends, so a lock file left
    by a killed process (its pid gone) is stale and is simply taken over; the file is removed
    on release. Two concurrent runs into one folder would interleave their files and each
    other's ``--overwrite``.

    A command that fails leaves no trace: the folders the lock created (``-o new/out``) are
    removed again when they are still empty (an input error found once the lock is held).
    """
    where = Path(folder)
    lock_path = where / FOLDER_LOCK
    created = _missing_folders(where)
    try:
        handle = _lock_handle(lock_path, wait=False)
    except OSError as error:
        if error.errno not in (errno.EWOULDBLOCK, errno.EACCES):
            raise ExportError(
                f"cannot lock the folder: {error.strerror}",
                path=str(where),
                hint="write to a local folder",
            ) from error
        try:
            with open(lock_path, encoding="utf-8", errors="replace") as stream:
                owner = stream.read(200).strip().split(" ", 1)
        except OSError:
            owner = []
        holder = f"align {owner[1]} (pid {owner[0]})" if len(owner) >= 2 else "another align"
        raise ExportError(
            f"{holder} is writing to this folder",
            path=str(where),
            hint="wait for it to finish, or write elsewhere; two runs into one folder "
            "would mix their files",
        ) from error
    token = _LOCKED_FOLDER.set(Path(os.path.abspath(where)))
    try:
        os.ftruncate(handle, 0)
        os.write(handle, f"{os.getpid()} {command}\n".encode())
        yield
    except BaseException:
        _release(lock_path, handle)
        _remove_empty(created)
        raise
    finally:
        _LOCKED_FOLDER.reset(token)
    _release(lock_path, handle)


def _missing_folders(folder: Path) -> list[Path]:
    """``folder`` and its ancestors that do not exist yet, deepest first."""
    missing = []
    step = folder
    while not step.exists() and step.parent != step:
        missing.append(step)
        step = step.parent
    return missing


def _remove_empty(folders: Sequence[Path]) -> None:
    """Remove ``folders`` (deepest first) while they are empty, saying so as their creation was;
    a folder someone has written into since stays, and so do its parents."""
    removed = None
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            break
        removed = folder
    if removed is not None:
        LOG.info("removed folder %s (nothing was written)", removed)


def _release(lock_path: Path, handle: int) -> None:
    """Give up a lock taken by :func:`_lock_handle`: the file is removed while still held, then
    closed, which releases the lock; a waiter that then gets the removed file sees it is gone
    and locks the path again."""
    with contextlib.suppress(OSError):
        os.unlink(lock_path)
    os.close(handle)


@contextlib.contextmanager
def atomic_path(
    path: str | os.PathLike[str],
    *,
    overwrite: bool = False,
    in_place: bool = False,
    before_replace: Callable[[], None] | None = None,
) -> Iterator[Path]:
    """Yield a temporary path next to ``path``, renamed to ``path`` on success.

    For writers that want a file name (a streaming Parquet sink, a sentencepiece trainer). On an
    exception the temporary file is removed and ``path`` is left as it was. ``before_replace``
    runs just before the rename, once the temporary file is on disk; it may raise to cancel it.
    An ``in_place`` rewrite of a user's file goes to the file a symbolic link names: the link
    stays a link.
    """
    if in_place:
        path = os.path.realpath(path)
    if _special(path):
        # A device or pipe (-o /dev/null, -o /dev/stdout, a FIFO) is written to, never renamed
        # over: a rename would replace the device with a regular file.
        yield check_special(path)
        return
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
        if before_replace is not None:
            before_replace()
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


# --- rewriting a file the user owns (lint --fix) -------------------------------------------------


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A file as a command read it, so that it is rewritten only while it is still that file.

    ``path`` is what the user named; ``target`` the file it resolves to through symbolic links
    (the file that is rewritten); the rest identifies the content read: its inode, size,
    modification time in nanoseconds and SHA-256.
    """

    path: str
    target: Path
    device: int
    inode: int
    size: int
    mtime_ns: int
    digest: str


def snapshot(path: str, data: bytes) -> Snapshot:
    """The :class:`Snapshot` of ``path`` whose content was read as ``data`` (call it just after
    the read: a change in between shows as another digest or time, and the rewrite refuses)."""
    target = Path(os.path.realpath(path))
    try:
        status = os.stat(target)
    except OSError as error:
        raise ExportError(
            f"cannot stat: {error.strerror}", path=path, hint="check the file still exists"
        ) from error
    return Snapshot(
        path,
        target,
        status.st_dev,
        status.st_ino,
        status.st_size,
        status.st_mtime_ns,
        hashlib.sha256(data).hexdigest(),
    )


def rewrite(read: Snapshot, data: bytes) -> None:
    """Replace the content of the file ``read`` describes with ``data``, atomically.

    The file a symbolic link points to is rewritten (the link stays a link) with its mode kept.
    A file with several hard links is refused: a rename gives only this name the new content,
    and rewriting the shared inode in place is not atomic (a kill would leave it half-written).
    Just before the rename, the file must still be what was read (same inode, size,
    modification time and SHA-256); an edit made meanwhile is never overwritten.
    """
    _check_unchanged(read, os.stat(read.target) if read.target.exists() else None)
    with atomic_path(
        read.target,
        overwrite=True,
        in_place=True,
        before_replace=lambda: _check_unchanged(read, _stat(read.target), content=True),
    ) as temporary:
        temporary.write_bytes(data)


def _stat(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def _check_unchanged(
    read: Snapshot, status: os.stat_result | None, *, content: bool = False
) -> None:
    if status is not None and status.st_nlink > 1:
        raise ExportError(
            f"not rewritten: the file has {status.st_nlink} hard links and a rewrite would "
            "fix only this name",
            path=read.path,
            hint="see the change with 'align lint --diff' and apply it with your editor",
        )
    same = (
        status is not None
        and (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)
        == (read.device, read.inode, read.size, read.mtime_ns)
        and (not content or _digest(read.target) == read.digest)
    )
    if not same:
        raise ExportError(
            "not rewritten: the file changed while align was working on it",
            path=read.path,
            hint="nothing was written; run the command again on the saved file",
        )


def _digest(path: Path) -> str | None:
    try:
        with open(path, "rb") as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest()
    except OSError:
        return None
