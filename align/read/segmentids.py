"""Segment ids of bilingual files, one scheme for XLIFF, TMX and PO, so that no two segments
of a file share an id and an id reads the same way whatever the format.

- Each part of an id (an XLIFF file, unit or segment id, a TMX ``tuid`` or language, a PO
  ``msgctxt`` or ``msgid``) has ``%``, ``#``, ``/`` and ``@`` percent-encoded, as RFC 3986
  encodes the delimiters of a URI's parts: ``a#1`` is ``a%231``.
- ``/`` separates a name space from what it holds: an XLIFF ``<file>`` from its unit
  (``f1/u1``, where two files share unit ids), a PO context from its ``msgid`` (``menu/Open``,
  where the context alone names several entries).
- ``#`` names a part of a unit: an XLIFF segment (``u2#s1``), a further TMX target variant
  (``7#en-GB``), a PO plural form (``One article#1``).
- ``@N`` is a position, 1-based, where there is no id to use: an XLIFF segment without id
  (``u2#@2``), a TMX unit without ``tuid`` or with one that another unit has (``@3``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

RESERVED = "%#/@"


def escape(part: str) -> str:
    """``part`` with the characters that delimit an id's parts percent-encoded."""
    return "".join(f"%{ord(char):02X}" if char in RESERVED else char for char in part)


def position(number: int) -> str:
    """The id of the ``number``-th item (1-based) that has no id of its own."""
    return f"@{number}"


def part(name: str, inner: str) -> str:
    """The id of part ``inner`` (already an id part) of the unit ``name``."""
    return f"{name}#{inner}"


def unique_names(names: Sequence[str | None]) -> list[str]:
    """Each item's name escaped, or its position where it has none or shares it."""
    counts = Counter(name for name in names if name)
    return [
        escape(name) if name and counts[name] == 1 else position(number)
        for number, name in enumerate(names, start=1)
    ]
