"""Pairs proven without reading the texts: a translated page's link to its original, and an
article id that one file name on each side holds and no other does.

Apart from content pairing because it needs only paths and links (:class:`DocumentRef`), and
its pairs are certain (score 1.0, methods ``link`` and ``id``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from align.models import PairMethod

_ID_TOKEN = re.compile(r"[0-9A-Za-z]+")
_DIGITS = re.compile(r"\d{4,}")


@dataclass(frozen=True, slots=True)
class DocumentRef:
    """What explicit pairing needs of one document: its path and its link to an original."""

    path: str
    original_url: str | None = None


# --- explicit evidence ---------------------------------------------------------------------------


def _name_ids(path: str) -> set[str]:
    """Ids in a file name: the part before its first dot (``1133000`` of ``1133000.ko.txt``),
    and the tokens that carry a digit and the digit runs of the whole name less its extension,
    so an id after a dot counts too (``bbc.381646.txt``, as NTREX-128 names its documents)."""
    name = PurePosixPath(path.replace("\\", "/")).name.lower()
    stem = name.split(".")[0]
    ids = {stem} if stem else set()
    whole = name.rsplit(".", 1)[0] if "." in name[1:] else name
    ids.update(
        token
        for token in _ID_TOKEN.findall(whole)
        if len(token) >= 3 and any(ch.isdigit() for ch in token)
    )
    ids.update(_DIGITS.findall(whole))
    return ids


def _url_ids(url: str) -> set[str]:
    """Ids in a URL: its last path segment's stem, and its digit-bearing tokens."""
    parts = urlsplit(url.strip())
    path = unquote(parts.path).rstrip("/")
    last = path.rsplit("/", 1)[-1]
    ids = _name_ids(last) if last else set()
    for token in _ID_TOKEN.findall(path + " " + unquote(parts.query)):
        if len(token) >= 3 and any(ch.isdigit() for ch in token):
            ids.add(token.lower())
    return ids


def _unique_index(id_sets: Sequence[set[str]]) -> dict[str, int]:
    """Id → document, for ids that occur in exactly one document's name."""
    counts = Counter(key for ids in id_sets for key in ids)
    return {key: index for index, ids in enumerate(id_sets) for key in ids if counts[key] == 1}


def explicit_pairs(
    sources: Sequence[DocumentRef], targets: Sequence[DocumentRef]
) -> list[tuple[int, int, PairMethod]]:
    """Pairs proven by a link to the original, then by an id unique to one name on each side."""
    source_ids = _unique_index([_name_ids(a.path) for a in sources])
    found: list[tuple[int, int, PairMethod]] = []
    used_sources: set[int] = set()
    used_targets: set[int] = set()
    for j, article in enumerate(targets):
        if not article.original_url:
            continue
        hits = {source_ids[key] for key in _url_ids(article.original_url) if key in source_ids}
        if len(hits) == 1:
            (i,) = hits
            if i not in used_sources:
                found.append((i, j, "link"))
                used_sources.add(i)
                used_targets.add(j)
    target_ids = _unique_index([_name_ids(a.path) for a in targets])
    for key, j in sorted(target_ids.items(), key=lambda item: item[1]):
        source = source_ids.get(key)
        if source is not None and source not in used_sources and j not in used_targets:
            found.append((source, j, "id"))
            used_sources.add(source)
            used_targets.add(j)
    return found
