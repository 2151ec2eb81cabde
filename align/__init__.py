"""align: English–Korean translation alignment (pair, split, align, check terms, export).

``align.__version__`` is the installed version, read from the package metadata (its one source
is ``pyproject.toml``) when first asked for, so that importing the package stays cheap.
"""

from __future__ import annotations

import functools


@functools.cache
def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("align")
    except PackageNotFoundError:  # a source tree that was never installed
        return "0+unknown"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return _version()
    raise AttributeError(f"module 'align' has no attribute {name!r}")
