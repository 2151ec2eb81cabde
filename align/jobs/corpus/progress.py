"""Progress of a build's steps, as the caller shows it (``align corpus build`` draws bars)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Protocol


class Bar(Protocol):
    """A progress bar (``click.progressbar`` is one): told how many more items are done."""

    def update(self, n_steps: int) -> None: ...


Progress = Callable[[str, int], AbstractContextManager[Bar]]
"""Opens a bar for a step: ``progress(label, total)``."""


class _NoBar:
    def update(self, n_steps: int) -> None:
        return None


@contextlib.contextmanager
def no_progress(label: str, total: int) -> Iterator[Bar]:
    """A step that shows nothing."""
    yield _NoBar()
