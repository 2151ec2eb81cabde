"""The glossary API that ``align glossary`` calls, gathered under the name it has always had.

Glossaries as code are six modules, one job each: :mod:`~align.terms.table` (TSV/CSV and the
row check every term passes), :mod:`~align.terms.tbx` (TBX v2/v3 in and out),
:mod:`~align.terms.formats` (a file by its extension: read, write, convert),
:mod:`~align.terms.validate` (warnings about a readable glossary), :mod:`~align.terms.edit`
(adding a term in place) and :mod:`~align.terms.show` (the printed listing). Code in the package
imports those; this module holds no code, only the names the CLI imports and every public name
``align.terms.glossary`` held before the split, so code that imports them keeps working.
"""

from __future__ import annotations

from align.models import MATCH_MODES
from align.terms.edit import add_term, suggest_concept_id
from align.terms.formats import (
    SUFFIXES,
    convert_glossary,
    glossary_bytes,
    read_glossary,
    write_glossary,
)
from align.terms.show import show_lines, size_of
from align.terms.table import COLUMNS, REQUIRED_COLUMNS, parse_table, table_text
from align.terms.tbx import (
    TBX2,
    TBX3,
    TBX3_NAMESPACES,
    TBX_BASIC_DCA_SCH,
    TBX_CORE_RNG,
    TBX_VERSIONS,
    TbxVersion,
    parse_tbx,
    tbx_bytes,
)
from align.terms.validate import VALIDATE_RULES, term_key, validate_glossary

__all__ = [
    "COLUMNS",
    "MATCH_MODES",
    "REQUIRED_COLUMNS",
    "SUFFIXES",
    "TBX2",
    "TBX3",
    "TBX3_NAMESPACES",
    "TBX_BASIC_DCA_SCH",
    "TBX_CORE_RNG",
    "TBX_VERSIONS",
    "TbxVersion",
    "VALIDATE_RULES",
    "add_term",
    "convert_glossary",
    "glossary_bytes",
    "parse_table",
    "parse_tbx",
    "read_glossary",
    "show_lines",
    "size_of",
    "suggest_concept_id",
    "table_text",
    "tbx_bytes",
    "term_key",
    "validate_glossary",
    "write_glossary",
]
