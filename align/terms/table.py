"""Glossaries as TSV/CSV tables, the canonical, git-friendly form: one term per row.

A row names its concept, language and term, and optionally status, note, part of speech,
domain, match mode and case (:data:`COLUMNS`). This module reads and writes that table, and
holds the one check that turns a row's cells into a :class:`~align.models.Term`, which the TBX
reader (:mod:`align.terms.tbx`) and adding a term (:mod:`align.terms.edit`) reuse so that every
way in refuses a bad term with the same message. It is apart from TBX because the two formats
share the model, not the syntax.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Sequence

from align.errors import GlossaryError
from align.models import MATCH_MODES, STATUSES, Concept, Glossary, MatchMode, Status, Term
from align.text.languages import canonical
from align.text.normalize import nfc

COLUMNS = ("concept", "lang", "term", "status", "note", "pos", "domain", "match", "case")
REQUIRED_COLUMNS = ("concept", "lang", "term")
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")


# --- reading -----------------------------------------------------------------------------------


def decode(data: bytes, path: str) -> str:
    """A table file's text (UTF-8, a BOM allowed); other bytes are refused at their line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise GlossaryError(
            "not UTF-8", path=path, line=line, hint="save the glossary as UTF-8"
        ) from error


def _header_hint(cell: str, columns: Sequence[str], delimiter: str) -> str:
    """The remedy for a header ``cell`` that names no column: the other delimiter (a CSV saved
    as ``.tsv``: the extension decides how a row is cut), a misspelt or lengthened name
    (``trem``, ``language``), or a first row of data; else the list of columns."""
    known = ", ".join(COLUMNS)
    other, suffix = (",", ".csv") if delimiter == "\t" else ("\t", ".tsv")
    given, wanted = ("commas", "tabs") if other == "," else ("tabs", "commas")
    if all(part.strip() in COLUMNS for part in delimiter.join(columns).split(other)):
        return f"the header is separated by {given}: name the file {suffix}, or use {wanted}"
    close = [name for name in COLUMNS if cell.startswith(name)]
    close = close or difflib.get_close_matches(cell, COLUMNS, n=1, cutoff=0.7)
    if close:
        return f"did you mean '{close[0]}'? columns are {known}"
    if not any(column in COLUMNS for column in columns):
        return f"the first line must name the columns, separated by {wanted}: {known}"
    return f"columns are {known}"


def parse_table(text: str, path: str, *, delimiter: str = "\t") -> Glossary:
    """Parse TSV (``delimiter='\\t'``) or CSV text with a header row into a glossary."""
    if "\x00" in text:
        raise GlossaryError(
            "binary data (NUL byte) in glossary", path=path, hint="give a UTF-8 text file"
        )
    # strict: a stray quote is an error, not a cell that runs on and swallows the rows after it
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise _quoting_error(error, path, 1) from error
    if header is None or not any(cell.strip() for cell in header):
        raise GlossaryError(
            "empty glossary: a header row is required",
            path=path,
            line=1,
            hint="first line: " + delimiter.join(COLUMNS[:4]),
        )
    columns = [cell.strip().lower() for cell in header]
    for cell in columns:
        if cell not in COLUMNS:
            raise GlossaryError(
                f"unknown column '{cell}'",
                path=path,
                line=1,
                hint=_header_hint(cell, columns, delimiter),
            )
    if len(set(columns)) != len(columns):
        raise GlossaryError("a column is named twice in the header", path=path, line=1)
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise GlossaryError(
            f"header lacks column(s) {', '.join(missing)}",
            path=path,
            line=1,
            hint="first line: " + delimiter.join(COLUMNS[:4]),
        )
    terms: list[Term] = []
    start = reader.line_num + 1  # a quoted cell may span lines: a row is named by its first
    try:
        for row in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if [cell.strip().lower() for cell in row] == columns:  # two files pasted together
                raise GlossaryError(
                    "the header row is repeated",
                    path=path,
                    line=line,
                    hint="delete this line",
                )
            if len(row) > len(columns):
                raise GlossaryError(
                    f"{len(row)} cells but {len(columns)} columns",
                    path=path,
                    line=line,
                    hint="check for a stray delimiter in this row",
                )
            cells = dict(zip(columns, row, strict=False))
            terms.append(term_from_cells(cells, path, line))
    except csv.Error as error:
        raise _quoting_error(error, path, start) from error
    return Glossary(group_terms(terms), path=path)


def _quoting_error(error: csv.Error, path: str, line: int) -> GlossaryError:
    """A row the csv module cannot read, named by the line it starts on: mostly a quote."""
    message = str(error)
    if message == "unexpected end of data":
        return GlossaryError(
            "a quoted cell starting in this row is never closed",
            path=path,
            line=line,
            hint='close the quote, or write a quote inside a cell as "" in a quoted cell',
        )
    if message.endswith("expected after '\"'"):
        return GlossaryError(
            "text after a quoted cell's closing quote",
            path=path,
            line=line,
            hint='quote the whole cell and write a quote inside it as ""',
        )
    if message.startswith("field larger than field limit"):
        return GlossaryError(
            f"a cell is longer than {csv.field_size_limit()} characters",
            path=path,
            line=line,
            hint="check the row for a missing line break",
        )
    return GlossaryError(f"malformed row: {message}", path=path, line=line)


def term_from_cells(cells: dict[str, str], path: str, line: int | None) -> Term:
    """One table row as a term. Empty status, match and case cells take their defaults
    (preferred, morph, insensitive); every other cell is checked here, so a bad row is refused
    at its line when the glossary is read, instead of a term that silently matches nothing."""
    concept = cells.get("concept", "").strip()
    lang = cells.get("lang", "").strip()
    text = clean_term(cells.get("term", ""))
    status = cells.get("status", "").strip().lower() or "preferred"
    match = cells.get("match", "").strip().lower() or "morph"
    case = cells.get("case", "").strip().lower() or "insensitive"
    if not concept:
        raise GlossaryError(
            "empty concept id", path=path, line=line, hint="every row names its concept"
        )
    if not _LANG.match(lang):
        raise GlossaryError(
            f"bad language code '{lang}'",
            path=path,
            line=line,
            hint="use an ISO 639 code such as ko or en",
        )
    if not text:
        raise GlossaryError(
            "empty term", path=path, line=line, hint="fill in the term or delete the row"
        )
    if status not in STATUSES:
        raise GlossaryError(
            f"unknown status '{status}'", path=path, line=line, hint="use " + ", ".join(STATUSES)
        )
    if match not in MATCH_MODES:
        raise GlossaryError(
            f"unknown match mode '{match}'",
            path=path,
            line=line,
            hint="use " + ", ".join(MATCH_MODES),
        )
    if case not in ("sensitive", "insensitive"):
        raise GlossaryError(
            f"unknown case '{case}'", path=path, line=line, hint="use sensitive or insensitive"
        )
    if match == "regex":
        try:
            re.compile(text)
        except re.error as error:
            raise GlossaryError(
                f"bad regular expression: {error}",
                path=path,
                line=line,
                hint="fix the pattern or use match=morph",
            ) from error
    status_value: Status = status
    match_value: MatchMode = match
    return Term(
        concept=concept,
        lang=canonical(lang),
        text=text,
        status=status_value,
        note=cells.get("note", ""),
        pos=cells.get("pos", "").strip(),
        domain=cells.get("domain", "").strip(),
        match=match_value,
        case_sensitive=case == "sensitive",
        line=line,
    )


def clean_term(text: str) -> str:
    """A term as matched and stored: NFC, runs of white space as one space."""
    return " ".join(nfc(text).split())


def group_terms(terms: Sequence[Term]) -> tuple[Concept, ...]:
    """Terms gathered into concepts, in the order each concept first appears."""
    order: dict[str, list[Term]] = {}
    for term in terms:
        order.setdefault(term.concept, []).append(term)
    return tuple(Concept(concept_id, tuple(group)) for concept_id, group in order.items())


# --- writing -----------------------------------------------------------------------------------


def table_text(glossary: Glossary, *, delimiter: str = "\t") -> str:
    """The canonical TSV/CSV form: a header, then one term per row, concepts in order.

    Optional columns are written only when some term uses them.
    """
    terms = [term for concept in glossary.concepts for term in concept.terms]
    columns = [
        name
        for name in COLUMNS
        if name in ("concept", "lang", "term", "status")
        or any(cell_text(term, name) for term in terms)
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(columns)
    for term in terms:
        writer.writerow([cell_text(term, name) for name in columns])
    return buffer.getvalue()


def cell_text(term: Term, column: str) -> str:
    """What ``term`` writes in ``column``: empty for a default (morph, case-insensitive)."""
    if column == "case":
        return "sensitive" if term.case_sensitive else ""
    if column == "match":
        return "" if term.match == "morph" else term.match
    value = getattr(term, "text" if column == "term" else column)
    return str(value)
