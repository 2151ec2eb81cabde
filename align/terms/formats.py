"""A glossary file by its extension: which format a path names, and reading, writing and
converting it whole.

The formats themselves are :mod:`align.terms.table` (.tsv, .csv) and :mod:`align.terms.tbx`
(.tbx); this module is the one place that maps an extension to one of them, so a command, a
job or adding a term never repeats the choice.
"""

from __future__ import annotations

from pathlib import Path

from align import fsio, limits
from align.errors import ExportError, GlossaryError
from align.models import Glossary
from align.terms.table import decode, parse_table, table_text
from align.terms.tbx import TbxVersion, parse_tbx, tbx_bytes

SUFFIXES = (".tsv", ".csv", ".tbx")


def read_glossary(path: str, *, columns: bool = False) -> Glossary:
    """Read a glossary file; the format comes from the extension (.tsv, .csv or .tbx).

    With ``columns``, each TBX term also gets the column of its text (for ``glossary
    validate``'s findings): a scan of every tag, which doubles the time a large TBX takes to
    read, so the commands that only match terms go without."""
    if Path(path).is_dir():
        raise GlossaryError("is a folder, not a glossary", path=path, hint=_glossaries_in(path))
    suffix = glossary_suffix(path)
    try:
        data = limits.read_limited(path)
    except FileNotFoundError as error:
        raise GlossaryError(
            "no such glossary",
            path=path,
            hint="check the path, or create it with 'align glossary add'",
        ) from error
    except OSError as error:
        raise GlossaryError(f"cannot read glossary: {error.strerror}", path=path) from error
    if suffix == ".tbx":
        return parse_tbx(data, path, columns=columns)
    return parse_table(decode(data, path), path, delimiter="\t" if suffix == ".tsv" else ",")


def _glossaries_in(folder: str) -> str:
    """The remedy for a folder given as a glossary (``--glossary glossaries``): the glossary
    files it holds, so the one meant can be copied."""
    found = sorted(
        str(Path(folder) / entry.name)
        for entry in Path(folder).iterdir()
        if entry.suffix.lower() in SUFFIXES and entry.is_file()
    )
    if not found:
        return "give a .tsv, .csv or .tbx file"
    more = f" and {len(found) - 3} more" if len(found) > 3 else ""
    return "give one of its glossaries: " + ", ".join(found[:3]) + more


def glossary_suffix(path: str) -> str:
    """``path``'s format as its lower-case extension; an unknown one is refused."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise GlossaryError(
            f"unknown glossary format '{suffix or path}'",
            path=path,
            hint="use a .tsv, .csv or .tbx file",
        )
    return suffix


def glossary_bytes(glossary: Glossary, path: str, *, tbx_version: TbxVersion = "3") -> bytes:
    """``glossary`` serialised in the format that ``path``'s extension names."""
    suffix = Path(path).suffix.lower()
    if suffix == ".tbx":
        return tbx_bytes(glossary, version=tbx_version)
    if suffix in (".tsv", ".csv"):
        return table_text(glossary, delimiter="\t" if suffix == ".tsv" else ",").encode("utf-8")
    raise ExportError(
        f"unknown glossary format '{suffix or path}'",
        path=path,
        hint="use a .tsv, .csv or .tbx file",
    )


def write_glossary(
    glossary: Glossary, path: str, *, overwrite: bool = False, tbx_version: TbxVersion = "3"
) -> None:
    """Write ``glossary`` atomically, in the format that ``path``'s extension names."""
    fsio.write_bytes(
        path, glossary_bytes(glossary, path, tbx_version=tbx_version), overwrite=overwrite
    )


def convert_glossary(
    source: str, target: str, *, overwrite: bool = False, tbx_version: TbxVersion = "3"
) -> Glossary:
    """Read ``source`` and write it to ``target`` (formats from the extensions)."""
    glossary = read_glossary(source)
    write_glossary(glossary, target, overwrite=overwrite, tbx_version=tbx_version)
    return glossary
