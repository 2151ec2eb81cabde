"""Glossaries as TBX (ISO 30042), the exchange format of terminology tools: read and written.

The model is TBX's: a concept has terms per language, each with an administrative status.
TBX v2 (``martif``, TBX-Basic) and TBX v3 (``tbx``, namespaces ``urn:iso:std:iso:30042:ed-2``
and ``urn:iso:std:iso:30042:ed:3.0``, DCA or DCT style) are read; TBX-Basic v1.2.1 (TBX v3,
DCA style, valid against the TBX-Core RNG and the TBX-Basic DCA Schematron) or TBX-Basic v2 is
written. XML is parsed only through :mod:`align.xmlio` (no entities, no DTD, no network). Each
term read is checked by the table's row check (:func:`align.terms.table.term_from_cells`); this
module is apart from the table because its dialects, picklists and the note that carries what
TBX-Basic cannot say are XML matters the TSV/CSV reader has no part in.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal, get_args

from align import xmlio
from align.errors import ExportError, GlossaryError, InputError
from align.models import Finding, Glossary, Status, Term
from align.read.xmltext import Layout, layout
from align.terms.table import group_terms, term_from_cells

TbxVersion = Literal["2", "3"]
TBX_VERSIONS: tuple[TbxVersion, ...] = get_args(TbxVersion)


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
NCNAME = re.compile(r"^[^\W\d][\w.\-]*$")


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


def parse_tbx(data: bytes, path: str, *, columns: bool = False) -> Glossary:
    """Parse TBX v2 (martif) or v3 (tbx, DCA or DCT style) bytes into a glossary, safely.

    A status value outside the ISO 12620 picklist is read with its nearest meaning (or as
    admitted) and recorded as a warning at its line, in :attr:`Glossary.warnings`.
    """
    places = None
    try:
        if columns:  # the tree of the decoded text, to map each term onto its line and column
            text = xmlio.decode_xml(data, path)
            root = xmlio.parse_xml_text(text, path)
            places = layout(text, root, path)
        else:
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
                    terms.append(
                        _tbx_term(group, concept, lang, concept_domain, path, warnings, places)
                    )
    return Glossary(group_terms(terms), path=path, warnings=tuple(warnings))


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
    places: Layout | None,
) -> Term:
    cells = {"concept": concept, "lang": lang, "domain": domain}
    line, column, end_column = _text_place(places, group)
    notes: list[str] = []
    fields: dict[str, str] = {}
    odd: list[tuple[str, str, tuple[int | None, int | None, int | None]]] = []
    for child in _data_elements(group):
        category = _category(child)
        value = "".join(child.itertext())
        if _is_core(child, "term") and "term" not in cells:
            cells["term"] = value
            line, column, end_column = _text_place(places, child)
        elif category in _STATUS_CATEGORIES:
            status, standard = _tbx_status(value)
            if not standard:
                odd.append((category, value.strip(), _text_place(places, child)))
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
    term = replace(term_from_cells(cells, path, line), column=column, end_column=end_column)
    for category, value, (where, start, end) in odd:
        at = where or line or 1
        warnings.append(
            Finding(
                rule="unknown-tbx-value",
                severity="warning",
                path=path,
                line=at,
                column=start or 1,
                end_line=at,
                end_column=end or 1,
                message=f"unknown {category} '{value}' for '{term.text}': read as {term.status}",
                concept=term.concept,
                found=value,
                suggestion="use preferredTerm-admn-sts, admittedTerm-admn-sts, "
                "deprecatedTerm-admn-sts or supersededTerm-admn-sts",
            )
        )
    return term


def _text_place(
    places: Layout | None, element: xmlio.Element
) -> tuple[int | None, int | None, int | None]:
    """The line of ``element``'s text, its column and the column just past it: the text's own
    span when it ends on its line, else the start tag's (a finding then marks the tag); without
    ``places``, lxml's line alone."""
    if places is None:
        return element.sourceline, None, None
    number = places.index[element]
    line, column = places.line_col(places.open_ends[number])
    end_line, end_column = places.line_col(places.text_ends[number])
    if end_line != line or end_column == column:
        line, column = places.position(element)
        end_line, end_column = places.line_col(places.open_ends[number])
    return line, column, end_column if end_line == line else column


def _entry_ids(glossary: Glossary) -> dict[str, str]:
    """A TBX id (an XML NCName, unique) for each concept; its own id when it is one."""
    taken = {concept.id for concept in glossary.concepts if NCNAME.match(concept.id)}
    ids: dict[str, str] = {}
    serial = 0
    for concept in glossary.concepts:
        if NCNAME.match(concept.id):
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
            _tbx_termgroup_terms(sub(lang_group, dialect.term_group), term, shared_domain, sub)
    try:
        return xmlio.to_bytes(root, doctype=dialect.doctype, instructions=dialect.instructions)
    except ValueError as error:  # control characters have no XML form
        raise ExportError(
            f"cannot write TBX: {error}",
            path=glossary.path,
            hint="remove control characters from the glossary",
        ) from error


def _tbx_termgroup_terms(
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
