"""Input size limit (``--max-bytes``): a larger input file is a clear error, not exhausted memory.

The limit belongs to one invocation, like a resource limit: the CLI sets it around the command
with :func:`limited`, and every reader of user files (articles, glossaries, dictionaries) reads
through :func:`read_limited`, which reads at most one byte past the limit (so a growing file or
a device such as ``/dev/zero`` cannot exhaust memory either). Passing the limit as an argument
through every stage would change every signature for a value no stage decides on.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from collections.abc import Iterator
from contextvars import ContextVar

from align.errors import ConfigError, InputError

#: The default: far above any article or glossary, far below what exhausts memory.
DEFAULT_MAX_BYTES = 200 * 1024 * 1024

_CHUNK = 1 << 20
_MAX_BYTES: ContextVar[int] = ContextVar("align_max_bytes", default=DEFAULT_MAX_BYTES)
# The files (device, inode) one command has read, when the command keeps track (the CLI does).
_INPUTS: ContextVar[set[tuple[int, int]] | None] = ContextVar("align_inputs", default=None)
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b?)\s*$", re.IGNORECASE)
_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4}


def max_bytes() -> int:
    """The limit in force (``DEFAULT_MAX_BYTES`` unless a caller set one with :func:`limited`)."""
    return _MAX_BYTES.get()


@contextlib.contextmanager
def limited(limit: int) -> Iterator[None]:
    """Apply ``limit`` (bytes per input file) to every read inside the ``with`` block."""
    if limit <= 0:
        raise ConfigError(f"--max-bytes must be positive, not {limit}")
    token = _MAX_BYTES.set(limit)
    try:
        yield
    finally:
        _MAX_BYTES.reset(token)


@contextlib.contextmanager
def tracking_inputs() -> Iterator[None]:
    """Remember every file read inside the ``with`` block, so that a write can refuse to
    replace one of them (:func:`is_input`); the CLI wraps each command in it."""
    token = _INPUTS.set(set())
    try:
        yield
    finally:
        _INPUTS.reset(token)


def is_input(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is (by device and inode: through links too) a file read so far."""
    inputs = _INPUTS.get()
    if not inputs:
        return False
    try:
        status = os.stat(path)
    except OSError:
        return False
    return (status.st_dev, status.st_ino) in inputs


def parse_size(text: str) -> int:
    """``"200M"``, ``"1.5G"``, ``"64KiB"`` or ``"5000"`` as a number of bytes (binary units)."""
    match = _SIZE.match(text)
    if match is None:
        raise ConfigError(
            f"size {text!r} is not valid", hint="give bytes, or a number with K, M or G, e.g. 200M"
        )
    value = int(float(match.group(1)) * _UNITS[match.group(2).lower()])
    if value <= 0:
        raise ConfigError(f"size {text!r} must be positive", hint="e.g. --max-bytes 200M")
    return value


def read_limited(path: str, limit: int | None = None) -> bytes:
    """The bytes of ``path``, or ``InputError`` when it holds more than the limit.

    ``OSError`` (missing file, permission, a folder) propagates for the caller to word.
    """
    limit = max_bytes() if limit is None else limit
    with open(path, "rb") as stream:
        # Ask for what the file holds, not for the limit: read(n) allocates n bytes up front,
        # which would reserve 200 MB for every small file. Devices and pipes report size 0 and
        # growing files outgrow their size: both are read on in bounded chunks.
        status = os.fstat(stream.fileno())
        inputs = _INPUTS.get()
        if inputs is not None:
            inputs.add((status.st_dev, status.st_ino))
        regular = stat.S_ISREG(status.st_mode)
        want = min(status.st_size, limit) + 1
        parts: list[bytes] = []
        total = 0
        while total <= limit:
            part = stream.read(want)
            parts.append(part)
            total += len(part)
            # The end: an empty read, or a short one from a regular file (a pipe may return
            # less than asked before its end).
            if not part or (regular and len(part) < want):
                break
            want = min(_CHUNK, limit + 1 - total)
    data = parts[0] if len(parts) == 1 else b"".join(parts)
    if len(data) > limit:
        raise InputError(
            f"larger than the {limit:,}-byte limit",
            path=path,
            hint="pass a larger --max-bytes, or split the file",
        )
    return data
