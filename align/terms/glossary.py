"""The glossary API that ``align glossary`` calls, gathered under the name it has always had.

Glossaries as code are six modules, one job each: :mod:`~align.terms.table` (TSV/CSV and the
row check every term passes), :mod:`~align.terms.tbx` (TBX v2/v3 in and out),
:mod:`~align.terms.formats` (a file by its extension: read, write, convert),
:mod:`~align.terms.validate` (warnings about a readable glossary), :mod:`~align.terms.edit`
(adding a term in place) and :mod:`~align.terms.show` (the printed listing). Code in the package
imports those; this module holds no code, only the names the CLI and users import from
``align.terms.glossary``, so that path keeps working.
"""

from __future__ import annotations

from align.terms.edit import add_term
from align.terms.formats import convert_glossary, read_glossary
from align.terms.show import show_lines, size_of
from align.terms.tbx import TBX_VERSIONS, TbxVersion

__all__ = [
    "TBX_VERSIONS",
    "TbxVersion",
    "add_term",
    "convert_glossary",
    "read_glossary",
    "show_lines",
    "size_of",
]
