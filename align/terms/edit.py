"""Adding a term to a glossary file in place (``align glossary add``), safe when many run.

A lock is held while the file is read, checked and rewritten, and the new content replaces the
old by an atomic rename. A TSV/CSV file keeps every other line byte for byte (the row goes
after its concept's last row); a TBX file is written anew. Editing is apart from the readers and
writers because it is the one operation that changes a user's file rather than producing one.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from pathlib import Path

from align import fsio
from align.errors import GlossaryError
from align.models import Concept, Glossary, Term
from align.terms.formats import glossary_bytes, glossary_suffix, read_glossary
from align.terms.table import COLUMNS, cell_text, clean_term, decode, table_text, term_from_cells
from align.terms.tbx import NCNAME, tbx_bytes
from align.text.languages import foreign_script
from align.text.normalize import split_lines


def suggest_concept_id(text: str) -> str:
    """An XML NCName close to ``text``: lower case, runs of other characters as one '-', and
    '_' in front of a first character that cannot start a name (XML Namespaces 1.0, NCName)."""
    name = re.sub(r"[^\w.\-]+", "-", text.strip().lower()).strip("-") or "concept"
    return name if NCNAME.match(name) else "_" + name


def _refuse_new_term(term: Term, path: str) -> None:
    """Refuse an empty concept id or term, a term in a script its language is not written in
    (Hangul under ``--lang kr``), or a regex term that does not compile, naming the
    option to change: the reader's messages for these speak of a row ("fill in the term or
    delete the row"), and an added term has no row yet."""
    if not term.concept.strip():
        raise GlossaryError(
            "empty concept id", path=path, hint="give --concept, a new or existing concept id"
        )
    if not clean_term(term.text):
        raise GlossaryError("empty term", path=path, hint="give the term's text with --term")
    foreign = foreign_script(term.text, term.lang)
    if foreign is not None:  # glossary validate's wrong-language, refused before it is written
        script, home = foreign
        raise GlossaryError(
            f"--term '{term.text}' is in {script}, the script of {home} alone, but --lang is "
            f"{term.lang}: no {term.lang} text could match it",
            path=path,
            hint=f"give --lang {home}",
        )
    if term.match == "regex":
        try:
            re.compile(clean_term(term.text))
        except re.error as error:
            raise GlossaryError(
                f"--term is not a regular expression: {error}",
                path=path,
                hint="fix the pattern, or match the term with --match morph or exact",
            ) from error


def add_term(path: str, term: Term) -> Term:
    """Add ``term`` to the glossary at ``path`` (created if missing), safely against parallel adds.

    Holds a lock while it reads, checks and rewrites the file; the new content replaces the old
    by an atomic rename, so readers never see a partial file and concurrent adds never lose an
    entry. In TSV/CSV the row goes after the concept's last row (or at the end) and every other
    line is kept byte for byte.
    """
    suffix = glossary_suffix(path)
    _refuse_new_term(term, path)
    checked = term_from_cells(
        {
            "concept": term.concept,
            "lang": term.lang,
            "term": term.text,
            "status": term.status,
            "note": term.note,
            "pos": term.pos,
            "domain": term.domain,
            "match": term.match,
            "case": "sensitive" if term.case_sensitive else "",
        },
        path,
        None,
    )
    target = Path(path)
    with fsio.file_lock(target.with_name(f".{target.name}.lock")):
        if not NCNAME.match(checked.concept) and (
            not target.exists() or read_glossary(path).concept(checked.concept) is None
        ):
            raise GlossaryError(
                f"concept id '{checked.concept}' is not an XML NCName, which TBX ids must be "
                "(a letter or _ first, then letters, digits, '.', '-' or '_'; no spaces or ':')",
                path=path,
                hint=f"use --concept '{suggest_concept_id(checked.concept)}'",
            )
        if not target.exists():
            glossary = Glossary((Concept(checked.concept, (checked,)),), path=path)
            fsio.write_bytes(path, glossary_bytes(glossary, path), overwrite=False)
            return replace(checked, line=2)
        glossary = read_glossary(path)
        existing = glossary.concept(checked.concept)
        for old in existing.terms if existing else ():
            if old.lang == checked.lang and old.text == checked.text:
                raise GlossaryError(
                    f"'{checked.text}' ({checked.lang}) is already in concept {checked.concept}",
                    path=path,
                    line=old.line,
                    hint="edit that row to change its status",
                )
        if suffix == ".tbx":
            data = tbx_bytes(_with_term(glossary, checked))
            added = checked
        else:
            text, added = _insert_row(
                target.read_bytes(),
                glossary,
                checked,
                path,
                delimiter="\t" if suffix == ".tsv" else ",",
            )
            data = text.encode("utf-8")
        fsio.write_bytes(path, data, overwrite=True, in_place=True)
        return added


def _with_term(glossary: Glossary, term: Term) -> Glossary:
    concepts = list(glossary.concepts)
    for i, concept in enumerate(concepts):
        if concept.id == term.concept:
            concepts[i] = Concept(concept.id, (*concept.terms, term))
            break
    else:
        concepts.append(Concept(term.concept, (term,)))
    return Glossary(tuple(concepts), path=glossary.path)


def _insert_row(
    data: bytes, glossary: Glossary, term: Term, path: str, *, delimiter: str
) -> tuple[str, Term]:
    text = decode(data, path)
    bom = "\ufeff" if data.startswith(b"\xef\xbb\xbf") else ""
    lines = split_lines(text, keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    header = next(csv.reader([lines[0]], delimiter=delimiter))
    columns = [cell.strip().lower() for cell in header]
    needed = [name for name in COLUMNS if cell_text(term, name)]
    if any(name not in columns for name in needed if name != "status"):
        # The row needs a column the file lacks: rewrite the file in canonical form.
        updated = _with_term(glossary, term)
        rewritten = table_text(updated, delimiter=delimiter)
        line = rewritten.count("\n")
        return rewritten, replace(term, line=line)
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=newline).writerow(
        [cell_text(term, name) if name in COLUMNS else "" for name in columns]
    )
    row = buffer.getvalue()
    concept = glossary.concept(term.concept)
    after = max((t.line or 0) for t in concept.terms) if concept else len(lines)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    lines.insert(after, row)
    return bom + "".join(lines), replace(term, line=after + 1)
