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
  (``u2#@2``), an XLIFF unit or TMX unit without id, or with the id of an earlier unit of its
  ``<file>`` (``@3``). XLIFF 1.2 and 2 require unit ids unique within a ``<file>``, but tools
  that concatenate exports break the rule; the first unit keeps its id, so a finding or an
  accepted finding keyed by it still names the unit it named before the copy was added.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

LOG = logging.getLogger("align")

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


@dataclass(frozen=True, slots=True)
class Repeat:
    """A unit whose id an earlier unit of its name space has: its 1-based position, and the
    position of the unit that keeps the id."""

    position: int
    first: int


def first_names(
    names: Sequence[str | None], shown: Callable[[str], str] = escape
) -> tuple[list[str], list[Repeat]]:
    """Each unit's name: its id as ``shown`` makes it (escaped, unless the ids are already
    id parts), or its position where it has none or an earlier unit has it; and the units
    that repeat an earlier id."""
    first: dict[str, int] = {}
    result: list[str] = []
    repeats: list[Repeat] = []
    for number, name in enumerate(names, start=1):
        if not name:
            result.append(position(number))
        elif name in first:
            result.append(position(number))
            repeats.append(Repeat(number, first[name]))
        else:
            first[name] = number
            result.append(shown(name))
    return result, repeats


def warn_repeats(
    path: str,
    what: str,
    names: Sequence[str | None],
    repeats: Sequence[Repeat],
    lines: Sequence[int],
) -> None:
    """Say once per name space on stderr (the ``align`` logger) that units share an id, where
    the first repeat is and how it is reported. ``lines[k]`` is the line of unit ``k + 1``."""
    if not repeats:
        return
    first = repeats[0]
    name = names[first.position - 1]
    more = len(repeats) - 1
    others = {0: "", 1: " (and 1 more unit repeats an id)"}.get(
        more, f" (and {more} more units repeat an id)"
    )
    LOG.warning(
        '%s:%d: warning: %s id "%s" was already used at line %d%s; findings name the repeat '
        'by its position, "%s"; give each unit its own id',
        path,
        lines[first.position - 1],
        what,
        name,
        lines[first.first - 1],
        others,
        position(first.position),
    )
