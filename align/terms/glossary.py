"""Glossaries as code: TSV/CSV (the canonical, git-friendly form) and TBX in and out.

The model is TBX's (ISO 30042): a concept has terms per language, each with an
administrative status. TBX v2 (``martif``, TBX-Basic) and TBX v3 (``tbx``, namespaces
``urn:iso:std:iso:30042:ed-2`` and ``urn:iso:std:iso:30042:ed:3.0``, DCA or DCT style) are read;
TBX-Basic v1.2.1 (TBX v3, DCA style, valid against the TBX-Core RNG and the TBX-Basic DCA
Schematron) or TBX-Basic v2 is written. XML is parsed only through :mod:`align.xmlio` (no
entities, no DTD, no network).
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal, get_args

from align import fsio, limits, xmlio
from align.errors import ExportError, GlossaryError, InputError
from align.models import STATUSES, Concept, Finding, Glossary, MatchMode, Status, Term
from align.text.languages import canonical
from align.text.normalize import fold_quotes, hidden_characters, nfc, split_lines, visible

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
            terms.append(_term_from_cells(cells, path, line))
    except csv.Error as error:
        raise _quoting_error(error, path, start) from error
    return Glossary(_group(terms), path=path)


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


def _term_from_cells(cells: dict[str, str], path: str, line: int | None) -> Term:
    """One table row as a term. Empty status, match and case cells take their defaults
    (preferred, morph, insensitive); every other cell is checked here, so a bad row is refused
    at its line when the glossary is read, instead of a term that silently matches nothing."""
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
    """Element names and prolog of one TBX version (the format described as data)."""

    root: str
    header: str
    entry: str
    lang_group: str
    term_group: str
    namespace: str | None
    attributes: tuple[tuple[str, str], ...]
    doctype: str | None
    instructions: tuple[tuple[str, str], ...]


_XML_MODEL = 'href="{href}" type="application/xml" schematypens="{schema}"'
TBX_CORE_RNG = (
    "https://raw.githubusercontent.com/LTAC-Global/TBX_Core_RNG/master/TBXcoreStructV03.rng"
)
TBX_BASIC_DCA_SCH = (
    "https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/TBX-Basic_DCA.sch"
)
# TBX-Basic v2 (LISA 2009): martif with the TBX-Basic core-structure DTD and XCS.
TBX2 = _TbxDialect(
    "martif",
    "martifHeader",
    "termEntry",
    "langSet",
    "tig",
    None,
    (("type", "TBX-Basic"),),
    '<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">',
    (),
)
# TBX-Basic v1.2.1 dialect of TBX v3 (ISO 30042:2019), DCA style, with the xml-model
# instructions its example files carry: the TBX-Core RNG and the TBX-Basic DCA Schematron.
TBX3 = _TbxDialect(
    "tbx",
    "tbxHeader",
    "conceptEntry",
    "langSec",
    "termSec",
    "urn:iso:std:iso:30042:ed-2",
    (("type", "TBX-Basic"), ("style", "dca")),
    None,
    (
        (
            "xml-model",
            _XML_MODEL.format(href=TBX_CORE_RNG, schema="http://relaxng.org/ns/structure/1.0"),
        ),
        (
            "xml-model",
            _XML_MODEL.format(
                href=TBX_BASIC_DCA_SCH, schema="http://purl.oclc.org/dsdl/schematron"
            ),
        ),
    ),
)
TBX3_NAMESPACES = ("urn:iso:std:iso:30042:ed-2", "urn:iso:std:iso:30042:ed:3.0")
_CORE_NAMESPACES = (None, *TBX3_NAMESPACES)
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
_STATUS_CATEGORIES = ("administrativeStatus", "normativeAuthorization")
# TBX-Basic picklists (TBX-Basic_DCA.sch, module.min.termNote).
_STATUS_TBX: dict[Status, str] = {
    "preferred": "preferredTerm-admn-sts",
    "admitted": "admittedTerm-admn-sts",
    "deprecated": "deprecatedTerm-admn-sts",
    "forbidden": "deprecatedTerm-admn-sts",  # TBX-Basic has no forbidden; the note keeps it
}
_PARTS_OF_SPEECH = ("adjective", "noun", "other", "verb", "adverb")
# What TBX-Basic cannot say (match mode, case, forbidden, a part of speech off its picklist, a
# subject field of one term) rides in a <note> that starts with this prefix and holds a JSON
# object, so that TSV → TBX → TSV loses nothing and the file stays valid TBX-Basic.
_FIELDS_PREFIX = "align: "
_FIELD_KEYS = frozenset({"concept", "status", "match", "case", "pos", "domain"})
# Written by earlier versions as termNotes outside TBX-Basic; still read.
_X_STATUS, _X_MATCH, _X_CASE = "x-align-status", "x-align-match", "x-align-case"
# Approximates XML's NCName, which TBX ids must be (the RNG's xsd:ID).
_NCNAME = re.compile(r"^[^\W\d][\w.\-]*$")


def _local(element: xmlio.Element) -> str:
    return xmlio.local_name(element)


def _category(element: xmlio.Element) -> str:
    """The data category an element holds: ``type`` of a DCA ``termNote``/``descrip``/``admin``,
    or the name of a DCT element (``<min:administrativeStatus>``, ``<basic:subjectField>``)."""
    if xmlio.namespace(element) not in _CORE_NAMESPACES:
        return _local(element)
    if _local(element) in ("termNote", "descrip", "admin"):
        return str(element.get("type", ""))
    return ""


def _is_core(element: xmlio.Element, name: str) -> bool:
    return _local(element) == name and xmlio.namespace(element) in _CORE_NAMESPACES


def _fields(element: xmlio.Element) -> dict[str, str] | None:
    """Our fields from a ``<note>`` we wrote, or ``None`` for any other note."""
    text = "".join(element.itertext())
    if not text.startswith(_FIELDS_PREFIX):
        return None
    try:
        fields = json.loads(text[len(_FIELDS_PREFIX) :])
    except ValueError:
        return None
    if (
        not isinstance(fields, dict)
        or not set(fields) <= _FIELD_KEYS
        or not all(isinstance(value, str) for value in fields.values())
    ):
        return None
    return fields


def parse_tbx(data: bytes, path: str) -> Glossary:
    """Parse TBX v2 (martif) or v3 (tbx, DCA or DCT style) bytes into a glossary, safely.

    A status value outside the ISO 12620 picklist is read with its nearest meaning (or as
    admitted) and recorded as a warning at its line, in :attr:`Glossary.warnings`.
    """
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
    warnings: list[Finding] = []
    index = 0
    for entry in root.iter():
        if not (_is_core(entry, "termEntry") or _is_core(entry, "conceptEntry")):
            continue
        index += 1
        concept = (entry.get("id") or "").strip() or f"tbx-{index}"
        concept_domain = ""
        for child in entry:
            if _category(child) == "subjectField" and not concept_domain:
                concept_domain = "".join(child.itertext()).strip()
            elif _is_core(child, "note"):
                concept = (_fields(child) or {}).get("concept", concept)
        for lang_group in entry:
            if not (_is_core(lang_group, "langSet") or _is_core(lang_group, "langSec")):
                continue
            lang = lang_group.get(_XML_LANG) or lang_group.get("lang") or default_lang
            for group in lang_group:
                if any(_is_core(group, kind) for kind in ("tig", "ntig", "termSec")):
                    terms.append(_tbx_term(group, concept, lang, concept_domain, path, warnings))
    return Glossary(_group(terms), path=path, warnings=tuple(warnings))


_READ_CATEGORIES = frozenset(
    {*_STATUS_CATEGORIES, _X_STATUS, _X_MATCH, _X_CASE, "partOfSpeech", "subjectField"}
)


def _data_elements(group: xmlio.Element) -> Iterator[xmlio.Element]:
    """The elements below a term group whose text is read (the term, notes, data categories),
    in document order, without descending into them: the text of an element includes its
    descendants', so reading nested ones too would be quadratic (250 nested notes of 2 MB took
    6.3 s and 2.4 GB); each character is joined once."""
    stack = list(reversed(group))
    while stack:
        element = stack.pop()
        if not isinstance(element.tag, str):
            continue  # comments and processing instructions
        if (
            _is_core(element, "term")
            or _is_core(element, "note")
            or _category(element) in _READ_CATEGORIES
        ):
            yield element
        else:
            stack.extend(reversed(element))


def _tbx_status(value: str) -> tuple[Status, bool]:
    """Our status for a TBX status value, and whether the value is a standard one."""
    key = value.strip().casefold()
    for suffix in ("-admn-sts", "-nrm-auth"):
        key = key.removesuffix(suffix)
    if key in _TBX_STATUS:
        return _TBX_STATUS[key], True
    word = re.sub(r"[^a-z]", "", key).removesuffix("term")
    return _TBX_STATUS.get(word + "term", "admitted"), False


def _tbx_term(
    group: xmlio.Element,
    concept: str,
    lang: str,
    domain: str,
    path: str,
    warnings: list[Finding],
) -> Term:
    cells = {"concept": concept, "lang": lang, "domain": domain}
    line = group.sourceline
    notes: list[str] = []
    fields: dict[str, str] = {}
    odd: list[tuple[str, str, int | None]] = []
    for child in _data_elements(group):
        category = _category(child)
        value = "".join(child.itertext())
        if _is_core(child, "term") and "term" not in cells:
            cells["term"] = value
            line = child.sourceline
        elif category in _STATUS_CATEGORIES:
            status, standard = _tbx_status(value)
            if not standard:
                odd.append((category, value.strip(), child.sourceline))
            cells.setdefault("status", status)
        elif category == _X_STATUS:
            cells["status"] = value.strip()
        elif category == "partOfSpeech":
            cells["pos"] = value.strip()
        elif category == _X_MATCH:
            cells["match"] = value.strip()
        elif category == _X_CASE:
            cells["case"] = value.strip()
        elif category == "subjectField":
            cells["domain"] = value.strip()
        elif _is_core(child, "note"):
            own = _fields(child)
            if own is None:
                notes.append(value)
            else:
                fields.update(own)
    cells["note"] = "\n".join(notes)
    cells.update((key, value) for key, value in fields.items() if key != "concept")
    term = _term_from_cells(cells, path, line)
    for category, value, where in odd:
        at = where or line or 1
        warnings.append(
            Finding(
                rule="unknown-tbx-value",
                severity="warning",
                path=path,
                line=at,
                column=1,
                end_line=at,
                end_column=1,
                message=f"unknown {category} '{value}' for '{term.text}': read as {term.status}",
                concept=term.concept,
                found=value,
                suggestion="use preferredTerm-admn-sts, admittedTerm-admn-sts, "
                "deprecatedTerm-admn-sts or supersededTerm-admn-sts",
            )
        )
    return term


def _entry_ids(glossary: Glossary) -> dict[str, str]:
    """A TBX id (an XML NCName, unique) for each concept; its own id when it is one."""
    taken = {concept.id for concept in glossary.concepts if _NCNAME.match(concept.id)}
    ids: dict[str, str] = {}
    serial = 0
    for concept in glossary.concepts:
        if _NCNAME.match(concept.id):
            ids[concept.id] = concept.id
            continue
        serial += 1
        while f"_{serial}" in taken:
            serial += 1
        ids[concept.id] = f"_{serial}"
        taken.add(ids[concept.id])
    return ids


def _fields_note(fields: dict[str, str]) -> str:
    return _FIELDS_PREFIX + json.dumps(fields, ensure_ascii=False)


def tbx_bytes(glossary: Glossary, *, version: TbxVersion = "3") -> bytes:
    """Serialise ``glossary`` as TBX-Basic: v3 (``<tbx>``, ISO 30042:2019, TBX-Basic v1.2.1 in
    DCA style) or v2 (``<martif>``, TBX-Basic 2009).

    Only TBX-Basic data categories and picklist values are written; what TBX-Basic cannot say
    goes into a ``<note>`` (see ``_FIELDS_PREFIX``), so the file validates and reads back whole.
    """
    dialect = TBX3 if version == "3" else TBX2
    ns = f"{{{dialect.namespace}}}" if dialect.namespace else ""
    nsmap: dict[str | None, str] | None = {None: dialect.namespace} if dialect.namespace else None

    def sub(
        parent: xmlio.Element, name: str, text: str | None = None, **attributes: str
    ) -> xmlio.Element:
        return xmlio.sub(parent, ns + name, attributes, text=text)

    root = xmlio.element(ns + dialect.root, nsmap=nsmap)
    for key, value in dialect.attributes:
        root.set(key, value)
    root.set(_XML_LANG, "en")
    header = sub(root, dialect.header)
    description = sub(header, "fileDesc")
    source = sub(description, "sourceDesc")
    sub(
        source,
        "p",
        "Exported by align" + (f" from {Path(glossary.path).name}" if glossary.path else ""),
    )
    if version == "2":
        sub(sub(header, "encodingDesc"), "p", "TBXBasicXCSV02.xcs", type="XCSURI")
    text = sub(root, "text")
    body = sub(text, "body") if glossary.concepts else text  # a body needs an entry
    ids = _entry_ids(glossary)
    for concept in glossary.concepts:
        entry = sub(body, dialect.entry, id=ids[concept.id])
        domains = {term.domain for term in concept.terms}
        shared_domain = domains.pop() if len(domains) == 1 else ""
        if shared_domain:
            sub(entry, "descrip", shared_domain, type="subjectField")
        if ids[concept.id] != concept.id:
            sub(entry, "note", _fields_note({"concept": concept.id}))
        langs: dict[str, xmlio.Element] = {}
        for term in concept.terms:
            lang_group = langs.get(term.lang)
            if lang_group is None:
                lang_group = langs[term.lang] = sub(entry, dialect.lang_group)
                lang_group.set(_XML_LANG, term.lang)
            _tbx_term_group(sub(lang_group, dialect.term_group), term, shared_domain, sub)
    try:
        return xmlio.to_bytes(root, doctype=dialect.doctype, instructions=dialect.instructions)
    except ValueError as error:  # control characters have no XML form
        raise ExportError(
            f"cannot write TBX: {error}",
            path=glossary.path,
            hint="remove control characters from the glossary",
        ) from error


def _tbx_term_group(
    group: xmlio.Element, term: Term, shared_domain: str, sub: Callable[..., xmlio.Element]
) -> None:
    """A term's ``tig``/``termSec``: the term, its TBX-Basic termNotes, then its notes."""
    fields: dict[str, str] = {}
    sub(group, "term", term.text)
    sub(group, "termNote", _STATUS_TBX[term.status], type="administrativeStatus")
    if term.status == "forbidden":
        fields["status"] = term.status
    if term.pos:
        pos = term.pos.lower() if term.pos.lower() in _PARTS_OF_SPEECH else "other"
        sub(group, "termNote", pos, type="partOfSpeech")
        if pos != term.pos:
            fields["pos"] = term.pos
    if term.match != "morph":
        fields["match"] = term.match
    if term.case_sensitive:
        fields["case"] = "sensitive"
    if term.domain != shared_domain:
        fields["domain"] = term.domain  # TBX-Basic allows subjectField on the concept only
    if term.note:
        sub(group, "note", term.note)
    if fields:
        sub(group, "note", _fields_note(fields))


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


#: The rules of :func:`validate_glossary` and what each finds (SARIF's rule descriptions).
VALIDATE_RULES = {
    "duplicate-term": "A term is in two concepts, or twice in one.",
    "no-preferred-term": "A language of a concept has no preferred term.",
    "conflicting-status": "One term is both approved and deprecated or forbidden.",
    "equal-after-normalisation": "Two terms of a concept differ only in case, spacing or "
    "hyphens, which the matcher cannot tell apart.",
    "disguised-term": "A term holds invisible, bidi or look-alike characters.",
    "unknown-tbx-value": "A TBX value is outside its picklist; the term is read as nearest.",
}


def validate_glossary(glossary: Glossary) -> list[Finding]:
    """Warnings about a readable glossary, each at the file and line of the term concerned.

    Rules: ``duplicate-term`` (one term in two concepts, or twice in one),
    ``no-preferred-term`` (a language of a concept without a preferred term),
    ``conflicting-status`` (one term both approved and deprecated/forbidden),
    ``equal-after-normalisation`` (two terms of a concept that differ only in case, spacing or
    hyphens, which the matcher cannot tell apart), ``disguised-term`` (a term holding invisible
    or bidi characters, combining marks, mathematical letters or Cyrillic and Greek look-alikes
    among Latin letters, which the matcher reads as plain letters and a reader cannot see), and
    what the reader warned about (``unknown-tbx-value``: a TBX status outside the picklist).
    """
    path = glossary.path or "<glossary>"
    findings: list[Finding] = list(glossary.warnings)

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
            hidden = hidden_characters(term.text)
            if hidden:
                warn(
                    "disguised-term",
                    term,
                    f"'{visible(term.text)}' is written with {' and '.join(hidden)}",
                    "type the term in plain letters",
                )
            key = (term.lang, term_key(term.text))
            first = seen.get(key)
            if first is None:
                seen[key] = term
            elif first.text == term.text:
                kinds = {first.status, term.status}
                if kinds & {"preferred", "admitted"} and kinds & {"deprecated", "forbidden"}:
                    warn(
                        "conflicting-status",
                        term,
                        f"'{term.text}' is both {first.status} (line {first.line}) and "
                        f"{term.status} in concept {concept.id}",
                        "keep one status",
                    )
                else:
                    warn(
                        "duplicate-term",
                        term,
                        f"'{term.text}' ({term.lang}, {term.status}) repeats line {first.line} "
                        f"({first.status}) in concept {concept.id}",
                        "delete one of the rows",
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


def suggest_concept_id(text: str) -> str:
    """An XML NCName close to ``text``: lower case, runs of other characters as one '-', and
    '_' in front of a first character that cannot start a name (XML Namespaces 1.0, NCName)."""
    name = re.sub(r"[^\w.\-]+", "-", text.strip().lower()).strip("-") or "concept"
    return name if _NCNAME.match(name) else "_" + name


def _refuse_new_term(term: Term, path: str) -> None:
    """Refuse an empty concept id or term, or a regex term that does not compile, naming the
    option to change: the reader's messages for these speak of a row ("fill in the term or
    delete the row"), and an added term has no row yet."""
    if not term.concept.strip():
        raise GlossaryError(
            "empty concept id", path=path, hint="give --concept, a new or existing concept id"
        )
    if not _clean_term(term.text):
        raise GlossaryError("empty term", path=path, hint="give the term's text with --term")
    if term.match == "regex":
        try:
            re.compile(_clean_term(term.text))
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
    suffix = _suffix(path)
    _refuse_new_term(term, path)
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
        path,
        None,
    )
    target = Path(path)
    with fsio.file_lock(target.with_name(f".{target.name}.lock")):
        if not _NCNAME.match(checked.concept) and (
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
    text = _decode(data, path)
    bom = "\ufeff" if data.startswith(b"\xef\xbb\xbf") else ""
    lines = split_lines(text, keepends=True)
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
            ids = [concept.id for concept in glossary.concepts]
            near = [i for i in ids if concept_id.casefold() in i.casefold()]
            near = near or difflib.get_close_matches(concept_id, ids, n=3)
            raise GlossaryError(
                f"no concept '{concept_id}'",
                path=glossary.path,
                hint=(f"did you mean {', '.join(near[:3])}? " if near else "")
                + "run 'align glossary show FILE' to list the concepts",
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
    langs = sorted({term.lang for concept in concepts for term in concept.terms})
    yield f"{size_of(concepts)}, languages: {', '.join(langs) or '-'}"


def size_of(concepts: Sequence[Concept]) -> str:
    """``69 concepts, 214 terms`` (``1 concept, 1 term``): one wording for every command
    that counts a glossary (``show``, ``convert``)."""
    terms = sum(len(concept.terms) for concept in concepts)
    return f"{len(concepts)} concept{'s' * (len(concepts) != 1)}, {terms} term{'s' * (terms != 1)}"
