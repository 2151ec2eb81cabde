"""The only module that imports kiwipiepy: one Kiwi analyser, created on first use."""

from __future__ import annotations

import functools
from typing import Any


@functools.cache
def kiwi() -> Any:
    """The shared Kiwi instance (its model ships inside the kiwipiepy package; no download)."""
    from kiwipiepy import Kiwi

    return Kiwi()
