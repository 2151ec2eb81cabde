"""Glossaries as code: TSV/CSV (the canonical, git-friendly form) and TBX in and out.

The model is TBX's (ISO 30042): a concept has terms per language, each with an
administrative status. TBX v2 (``martif``, TBX-Basic) and TBX v3 (``tbx``, namespaces
``urn:iso:std:iso:30042:ed-2`` and ``urn:iso:std:iso:30042:ed:3.0``) are read; TBX v3 or v2 is
written. XML is parsed only through :mod:`align.xmlio` (no entities, no DTD, no network).
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal, get_args

from align import fsio, limits, xmlio
from align.errors import ExportError, GlossaryError, InputError
from align.models import STATUSES, Concept, Finding, Glossary, MatchMode, Status, Term
from align.text.normalize import fold_quotes, nfc

COLUMNS = ("concept", "lang", "term", "status", "note", "pos", "domain", "match", "case")
REQUIRED_COLUMNS = ("concept", "lang", "term")
MATCH_MODES: tuple[MatchMode, ...] = ("morph", "exact", "regex")
SUFFIXES = (".tsv", ".csv", ".tbx")
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")

TbxVersion = Literal["2", "3"]
TBX_VERSIONS: tuple[TbxVersion, ...] = get_args(TbxVersion)


# --- reading -----------------------------------------------------------------------------------


def read_glossary(path: str) -> Glossary:
    """Read a glossary file; the format comes from the extension (.tsv, .csv or .tbx)."""
    suffix = _suffix(path)
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
        return parse_tbx(data, path)
    return parse_table(_decode(data, path), path, delimiter="\t" if suffix == ".tsv" else ",")


def _suffix(path: str) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise GlossaryError(
            f"unknown glossary format '{suffix or path}'",
            path=path,
            hint="use a .tsv, .csv or .tbx file",
        )
    return suffix


def _decode(data: bytes, path: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise GlossaryError(
            "not UTF-8", path=path, line=line, hint="save the glossary as UTF-8"
        ) from error


def parse_table(text: str, path: str, *, delimiter: str = "\t") -> Glossary:
    """Parse TSV (``delimiter='\\t'``) or CSV text with a header row into a glossary."""
    if "\x00" in text:
        raise GlossaryError(
            "binary data (NUL byte) in glossary", path=path, hint="give a UTF-8 text file"
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise GlossaryError(f"malformed header: {error}", path=path, line=1) from error
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
                hint="columns are " + ", ".join(COLUMNS),
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
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(columns):
                raise GlossaryError(
                    f"{len(row)} cells but {len(columns)} columns",
                    path=path,
                    line=line,
                    hint="check for a stray delimiter in this row",
                )
            cells = dict(zip(columns, row, strict=False))
            terms.append(_term_from_cells(cells, path, line))
    except csv.Error as error:
        raise GlossaryError(f"malformed row: {error}", path=path, line=reader.line_num) from error
    return Glossary(_group(terms), path=path)


def _term_from_cells(cells: dict[str, str], path: str, line: int | None) -> Term:
    concept = cells.get("concept", "").strip()
    lang = cells.get("lang", "").strip()
    text = _clean_term(cells.get("term", ""))
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
        lang=lang.lower().replace("_", "-"),
        text=text,
        status=status_value,
        note=cells.get("note", ""),
        pos=cells.get("pos", "").strip(),
        domain=cells.get("domain", "").strip(),
        match=match_value,
        case_sensitive=case == "sensitive",
        line=line,
    )


def _clean_term(text: str) -> str:
    return " ".join(nfc(text).split())


def _group(terms: Sequence[Term]) -> tuple[Concept, ...]:
    order: dict[str, list[Term]] = {}
    for term in terms:
        order.setdefault(term.concept, []).append(term)
    return tuple(Concept(concept_id, tuple(group)) for concept_id, group in order.items())


# --- TBX ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _TbxDialect:
    """Element names of one TBX version (the format described as data)."""

    root: str
    header: str
    entry: str
    lang_group: str
    term_group: str
    namespace: str | None


TBX2 = _TbxDialect("martif", "martifHeader", "termEntry", "langSet", "tig", None)
TBX3 = _TbxDialect(
    "tbx", "tbxHeader", "conceptEntry", "langSec", "termSec", "urn:iso:std:iso:30042:ed-2"
)
TBX3_NAMESPACES = ("urn:iso:std:iso:30042:ed-2", "urn:iso:std:iso:30042:ed:3.0")
_XML_LANG = xmlio.XML_LANG

# administrativeStatus / normativeAuthorization values (ISO 12620, TBX-Basic) → our statuses.
_TBX_STATUS: dict[str, Status] = {
    "preferredterm": "preferred",
    "standardizedterm": "preferred",
    "admittedterm": "admitted",
    "legalterm": "admitted",
    "regulatedterm": "admitted",
    "deprecatedterm": "deprecated",
    "supersededterm": "deprecated",
    "notrecommendedterm": "deprecated",
    "obsoleteterm": "deprecated",
    "forbiddenterm": "forbidden",
}
_STATUS_TBX: dict[Status, str] = {
    "preferred": "preferredTerm-admn-sts",
    "admitted": "admittedTerm-admn-sts",
    "deprecated": "deprecatedTerm-admn-sts",
    "forbidden": "deprecatedTerm-admn-sts",
}
# Our extensions, so that TSV → TBX → TSV loses nothing; other tools ignore unknown termNotes
# and still see a forbidden term as deprecated.
_X_STATUS, _X_MATCH, _X_CASE = "x-align-status", "x-align-match", "x-align-case"


def _local(element: xmlio.Element) -> str:
    return xmlio.local_name(element)


def parse_tbx(data: bytes, path: str) -> Glossary:
    """Parse TBX v2 (martif) or v3 (tbx) bytes into a glossary, safely."""
    try:
        root = xmlio.parse_xml(data, path)
    except InputError as error:
        raise GlossaryError(error.message, path=path, line=error.line, hint=error.hint) from error
    name = _local(root)
    namespace = xmlio.namespace(root)
    if name not in ("martif", "tbx"):
        raise GlossaryError(
            f"not a TBX file (root element <{name}>)",
            path=path,
            line=root.sourceline,
            hint="expected <martif> or <tbx>",
        )
    if name == "tbx" and namespace not in (None, *TBX3_NAMESPACES):
        raise GlossaryError(
            f"unknown TBX namespace '{namespace}'",
            path=path,
            line=root.sourceline,
            hint="expected " + " or ".join(TBX3_NAMESPACES),
        )
    default_lang = root.get(_XML_LANG) or ""
    terms: list[Term] = []
    index = 0
    for entry in root.iter():
        if _local(entry) not in ("termEntry", "conceptEntry"):
            continue
        index += 1
        concept = (entry.get("id") or "").strip() or f"tbx-{index}"
        concept_domain = _descrip(entry, "subjectField", own_only=True)
        for lang_group in entry:
            if _local(lang_group) not in ("langSet", "langSec"):
                continue
            lang = lang_group.get(_XML_LANG) or lang_group.get("lang") or default_lang
            for group in lang_group:
                if _local(group) in ("tig", "ntig", "termSec"):
                    terms.append(_tbx_term(group, concept, lang, concept_domain, path))
    return Glossary(_group(terms), path=path)


def _descrip(element: xmlio.Element, kind: str, *, own_only: bool) -> str:
    children = element if own_only else element.iter()
    for child in children:
        if _local(child) == "descrip" and child.get("type") == kind:
            return "".join(child.itertext()).strip()
    return ""


def _tbx_term(group: xmlio.Element, concept: str, lang: str, domain: str, path: str) -> Term:
    cells = {"concept": concept, "lang": lang, "domain": domain}
    line = group.sourceline
    notes: list[str] = []
    for child in group.iter():
        kind = _local(child)
        value = "".join(child.itertext())
        if kind == "term" and "term" not in cells:
            cells["term"] = value
            line = child.sourceline
        elif kind == "termNote":
            note_type = child.get("type", "")
            if note_type in ("administrativeStatus", "normativeAuthorization"):
                key = value.strip().lower().removesuffix("-admn-sts")
                if key not in _TBX_STATUS:
                    raise GlossaryError(
                        f"unknown {note_type} '{value.strip()}'",
                        path=path,
                        line=child.sourceline,
                        hint="use preferredTerm-admn-sts, admittedTerm-admn-sts "
                        "or deprecatedTerm-admn-sts",
                    )
                cells.setdefault("status", _TBX_STATUS[key])
            elif note_type == _X_STATUS:
                cells["status"] = value.strip()
            elif note_type == "partOfSpeech":
                cells["pos"] = value.strip()
            elif note_type == _X_MATCH:
                cells["match"] = value.strip()
            elif note_type == _X_CASE:
                cells["case"] = value.strip()
        elif kind == "descrip" and child.get("type") == "subjectField":
            cells["domain"] = value.strip()
        elif kind == "note":
            notes.append(value)
    cells["note"] = "\n".join(notes)
    return _term_from_cells(cells, path, line)


def tbx_bytes(glossary: Glossary, *, version: TbxVersion = "3") -> bytes:
    """Serialise ``glossary`` as TBX-Basic: v3 (``<tbx>``, ISO 30042:2019) or v2 (``<martif>``)."""
    dialect = TBX3 if version == "3" else TBX2
    ns = f"{{{dialect.namespace}}}" if dialect.namespace else ""
    nsmap: dict[str | None, str] | None = {None: dialect.namespace} if dialect.namespace else None

    def sub(
        parent: xmlio.Element, name: str, text: str | None = None, **attributes: str
    ) -> xmlio.Element:
        return xmlio.sub(parent, ns + name, attributes, text=text)

    root = xmlio.element(ns + dialect.root, nsmap=nsmap)
    root.set("type", "TBX-Basic")
    if version == "3":
        root.set("style", "dca")
    root.set(_XML_LANG, "en")
    header = sub(root, dialect.header)
    description = sub(header, "fileDesc")
    source = sub(description, "sourceDesc")
    sub(
        source,
        "p",
        "Exported by align" + (f" from {Path(glossary.path).name}" if glossary.path else ""),
    )
    body = sub(sub(root, "text"), "body")
    for concept in glossary.concepts:
        entry = sub(body, dialect.entry, id=concept.id)
        domains = {term.domain for term in concept.terms}
        shared_domain = domains.pop() if len(domains) == 1 else ""
        if shared_domain:
            sub(entry, "descrip", shared_domain, type="subjectField")
        langs: dict[str, xmlio.Element] = {}
        for term in concept.terms:
            lang_group = langs.get(term.lang)
            if lang_group is None:
                lang_group = langs[term.lang] = sub(entry, dialect.lang_group)
                lang_group.set(_XML_LANG, term.lang)
            group = sub(lang_group, dialect.term_group)
            sub(group, "term", term.text)
            sub(group, "termNote", _STATUS_TBX[term.status], type="administrativeStatus")
            if term.status == "forbidden":
                sub(group, "termNote", "forbidden", type=_X_STATUS)
            if term.pos:
                sub(group, "termNote", term.pos, type="partOfSpeech")
            if term.match != "morph":
                sub(group, "termNote", term.match, type=_X_MATCH)
            if term.case_sensitive:
                sub(group, "termNote", "sensitive", type=_X_CASE)
            if term.domain and not shared_domain:
                sub(group, "descrip", term.domain, type="subjectField")
            if term.note:
                sub(group, "note", term.note)
    try:
        return xmlio.to_bytes(root)
    except ValueError as error:  # control characters have no XML form
        raise ExportError(
            f"cannot write TBX: {error}",
            path=glossary.path,
            hint="remove control characters from the glossary",
        ) from error


# --- writing -----------------------------------------------------------------------------------


def table_text(glossary: Glossary, *, delimiter: str = "\t") -> str:
    """The canonical TSV/CSV form: a header, then one term per row, concepts in order.

    Optional columns are written only when some term uses them.
    """
    terms = [term for concept in glossary.concepts for term in concept.terms]
    columns = [
        name
        for name in COLUMNS
        if name in ("concept", "lang", "term", "status") or any(_cell(term, name) for term in terms)
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(columns)
    for term in terms:
        writer.writerow([_cell(term, name) for name in columns])
    return buffer.getvalue()


def _cell(term: Term, column: str) -> str:
    if column == "case":
        return "sensitive" if term.case_sensitive else ""
    if column == "match":
        return "" if term.match == "morph" else term.match
    value = getattr(term, "text" if column == "term" else column)
    return str(value)


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


# --- validation --------------------------------------------------------------------------------


def term_key(text: str) -> str:
    """The form two terms share when they differ only in case, spacing, hyphens or quotes."""
    folded = fold_quotes(nfc(text)).casefold()
    return re.sub(r"[\s\-\u2010\u2011\u00b7\u30fb\u2027]+", "", folded)


def validate_glossary(glossary: Glossary) -> list[Finding]:
    """Warnings about a readable glossary, each at the file and line of the term concerned.

    Rules: ``duplicate-term`` (one term in two concepts), ``no-preferred-term`` (a language of a
    concept without a preferred term), ``conflicting-status`` (one term both approved and
    deprecated/forbidden), ``equal-after-normalisation`` (two terms of a concept that differ only
    in case, spacing or hyphens, which the matcher cannot tell apart).
    """
    path = glossary.path or "<glossary>"
    findings: list[Finding] = []

    def warn(rule: str, term: Term, message: str, suggestion: str = "") -> None:
        line = term.line or 1
        findings.append(
            Finding(
                rule=rule,
                severity="warning",
                path=path,
                line=line,
                column=1,
                end_line=line,
                end_column=1,
                message=message,
                concept=term.concept,
                found=term.text,
                suggestion=suggestion,
            )
        )

    owners: dict[tuple[str, str], Term] = {}
    for concept in glossary.concepts:
        seen: dict[tuple[str, str], Term] = {}
        for term in concept.terms:
            key = (term.lang, term_key(term.text))
            first = seen.get(key)
            if first is None:
                seen[key] = term
            elif first.text == term.text and first.status != term.status:
                kinds = {first.status, term.status}
                if kinds & {"preferred", "admitted"} and kinds & {"deprecated", "forbidden"}:
                    warn(
                        "conflicting-status",
                        term,
                        f"'{term.text}' is both {first.status} (line {first.line}) and "
                        f"{term.status} in concept {concept.id}",
                        "keep one status",
                    )
            elif first.text != term.text:
                warn(
                    "equal-after-normalisation",
                    term,
                    f"'{term.text}' equals '{first.text}' (line {first.line}) after "
                    "normalising case, spacing and hyphens; the matcher treats them as one",
                    "keep one spelling",
                )
            owner = owners.get(key)
            if owner is None:
                owners[key] = term
            elif owner.concept != concept.id:
                warn(
                    "duplicate-term",
                    term,
                    f"'{term.text}' ({term.lang}) is also in concept {owner.concept} "
                    f"(line {owner.line})",
                    "give each term one concept",
                )
        for lang in dict.fromkeys(term.lang for term in concept.terms):
            if concept.preferred(lang) is None:
                first_term = concept.terms_in(lang)[0]
                warn(
                    "no-preferred-term",
                    first_term,
                    f"concept {concept.id} has no preferred {lang} term",
                    "mark one term status=preferred",
                )
    findings.sort(key=lambda finding: finding.line)
    return findings


# --- adding ------------------------------------------------------------------------------------


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock on ``path``'s sidecar ``.NAME.lock`` (POSIX ``flock``).

    The lock file is removed on release; a waiter that then holds a lock on the removed file
    notices (the inode changed) and locks again, so two writers never both hold it.
    """
    import fcntl

    lock_path = path.with_name(f".{path.name}.lock")
    while True:
        try:
            handle = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise ExportError(
                f"cannot create lock file: {error.strerror}",
                path=str(lock_path),
                hint="check the folder is writable",
            ) from error
        try:
            fcntl.flock(handle, fcntl.LOCK_EX)
            same = os.path.samestat(os.fstat(handle), os.stat(lock_path))
        except FileNotFoundError:
            same = False
        except BaseException:
            os.close(handle)
            raise
        if same:
            break
        os.close(handle)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(lock_path)
        os.close(handle)


def add_term(path: str, term: Term) -> Term:
    """Add ``term`` to the glossary at ``path`` (created if missing), safely against parallel adds.

    Holds a lock while it reads, checks and rewrites the file; the new content replaces the old
    by an atomic rename, so readers never see a partial file and concurrent adds never lose an
    entry. In TSV/CSV the row goes after the concept's last row (or at the end) and every other
    line is kept byte for byte.
    """
    suffix = _suffix(path)
    checked = _term_from_cells(
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
        "<new term>",
        None,
    )
    target = Path(path)
    with _locked(target):
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
    text = _decode(data, path)
    bom = "\ufeff" if data.startswith(b"\xef\xbb\xbf") else ""
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    header = next(csv.reader([lines[0]], delimiter=delimiter))
    columns = [cell.strip().lower() for cell in header]
    needed = [name for name in COLUMNS if _cell(term, name)]
    if any(name not in columns for name in needed if name != "status"):
        # The row needs a column the file lacks: rewrite the file in canonical form.
        updated = _with_term(glossary, term)
        rewritten = table_text(updated, delimiter=delimiter)
        line = rewritten.count("\n")
        return rewritten, replace(term, line=line)
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=newline).writerow(
        [_cell(term, name) if name in COLUMNS else "" for name in columns]
    )
    row = buffer.getvalue()
    concept = glossary.concept(term.concept)
    after = max((t.line or 0) for t in concept.terms) if concept else len(lines)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    lines.insert(after, row)
    return bom + "".join(lines), replace(term, line=after + 1)


# --- showing -----------------------------------------------------------------------------------


def show_lines(glossary: Glossary, concept_id: str | None = None) -> Iterator[str]:
    """What ``align glossary show`` prints: each concept and its terms, then a summary."""
    concepts = glossary.concepts
    if concept_id is not None:
        found = glossary.concept(concept_id)
        if found is None:
            raise GlossaryError(
                f"no concept '{concept_id}'",
                path=glossary.path,
                hint="run 'align glossary show FILE' to list the concepts",
            )
        concepts = (found,)
    for concept in concepts:
        domains = sorted({term.domain for term in concept.terms if term.domain})
        yield concept.id + (f"  [{', '.join(domains)}]" if domains else "")
        for term in concept.terms:
            flags = [
                flag
                for flag in (
                    term.pos,
                    "" if term.match == "morph" else f"match={term.match}",
                    "case-sensitive" if term.case_sensitive else "",
                )
                if flag
            ]
            extra = f"  ({', '.join(flags)})" if flags else ""
            note = f"  # {' '.join(term.note.split())}" if term.note else ""
            yield f"  {term.lang:<3} {term.status:<10} {term.text}{extra}{note}"
    terms = sum(len(concept.terms) for concept in concepts)
    langs = sorted({term.lang for concept in concepts for term in concept.terms})
    yield f"{len(concepts)} concept(s), {terms} term(s), languages: {', '.join(langs) or '-'}"
