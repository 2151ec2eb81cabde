"""Bilingual dictionaries for the aligner: ``--dictionary`` files of term pairs.

A dictionary is a TSV file, one ``source term<TAB>target term`` pair per line (UTF-8, BOM
allowed). A first line naming the columns (``ko<TAB>en``, ``source<TAB>target``) is a header and
skipped; blank lines and lines starting with ``#`` are ignored. Several lines may share a term
(synonyms). The aligner turns the pairs into shared anchors (see :mod:`align.aligner`); the
lexicon it learns from its own confident links lives there too, since it is part of one run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from align import limits
from align.errors import InputError
from align.text.normalize import nfc, split_lines

_HEADER_WORDS = frozenset({"source", "target", "src", "tgt", "term", "translation"})
#: The columns every glossary table names (``align.terms.table.REQUIRED_COLUMNS``, which this
#: layer below the stages cannot import): such a header given as ``--dictionary`` is a glossary.
_GLOSSARY_HEADER = frozenset({"concept", "lang", "term"})
_LANG_CODE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})?$")


@dataclass(frozen=True, slots=True)
class Dictionary:
    """Term pairs (source, target) in file order, and the file they came from."""

    pairs: tuple[tuple[str, str], ...]
    path: str | None = None


def _is_header(cells: list[str]) -> bool:
    return all(c.strip().lower() in _HEADER_WORDS or _LANG_CODE.match(c.strip()) for c in cells)


def parse_dictionary(text: str, path: str) -> Dictionary:
    """Parse dictionary text; a bad row is an ``InputError`` naming ``path`` and its line."""
    pairs: list[tuple[str, str]] = []
    for number, raw in enumerate(split_lines(text), start=1):
        line = raw.lstrip("\ufeff") if number == 1 else raw
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = line.split("\t")
        if number == 1 and len(cells) == 2 and _is_header(cells):
            continue
        if len(cells) != 2:
            glossary = number == 1 and _GLOSSARY_HEADER <= {c.strip().lower() for c in cells}
            raise InputError(
                f"expected 2 tab-separated columns, found {len(cells)}",
                path=path,
                line=number,
                hint="this is a glossary: give it as --glossary, whose terms anchor the "
                "alignment too"
                if glossary
                else "write one 'source term<TAB>target term' pair per line",
            )
        source, target = (" ".join(nfc(cell).split()) for cell in cells)
        if not source or not target:
            raise InputError(
                "empty term",
                path=path,
                line=number,
                hint="both columns need a term; delete the line or fill it in",
            )
        pairs.append((source, target))
    return Dictionary(tuple(pairs), path)


def read_dictionary(path: str) -> Dictionary:
    """Read a ``--dictionary`` TSV file (see the module docstring for the format)."""
    try:
        data = limits.read_limited(path)
    except OSError as error:
        raise InputError(
            f"cannot read dictionary: {error.strerror}", path=path, hint="check the path"
        ) from error
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(
            "dictionary is not UTF-8", path=path, line=line, hint="save the file as UTF-8"
        ) from error
    return parse_dictionary(text, path)
