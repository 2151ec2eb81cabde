"""XLIFF 1.2 and 2.x files → segments, with the Trados (SDLXLIFF) and memoQ (MQXLIFF) dialects.

XLIFF 1.2 (OASIS, 2008): every ``<file>`` holds ``<trans-unit>`` elements (in ``<group>`` at any
depth) with a ``<source>`` and an optional ``<target>``. Where a unit has a ``<seg-source>``
whose ``<mrk mtype="seg">`` elements cut the source into segments (as Trados and memoQ write),
each marker pair is one segment with the id ``unit-id#mid`` (``mid`` is the segment number the
CAT tool shows); otherwise, or when the ``<target>`` is not cut into the same markers (a tool
that wrote it whole), the unit is one segment with the unit's id. A unit is skipped when it,
or the nearest enclosing group that says so, has ``translate="no"``.

XLIFF 2.0/2.1 (OASIS, 2014/2018): ``<file>`` > ``<group>``\\* > ``<unit>`` > ``<segment>``; a unit
of one segment is named by its id, a unit of several by ``unit-id#segment-id`` (``unit-id#@2``
for the second segment when it has no id). ``<ignorable>`` parts (white space between segments)
are not segments.

Segment ids are unambiguous (:func:`segment_id`, as in every format:
:mod:`align.read.segmentids`): in each part (file, unit, segment) the
characters ``%``, ``#``, ``/`` and ``@`` are percent-encoded (a trans-unit ``a#1`` is ``a%231``,
never the segment ``1`` of unit ``a``). Unit ids need be unique only within their ``<file>``:
when two ``<file>`` elements share one, every id starts with its file's id (XLIFF 2) or
``original`` (1.2), ``file/unit#segment``. A unit without id, or with the id of an earlier unit
of its ``<file>`` (which both versions forbid, but merged exports hold), is named by its
position among the file's units, ``@7``, and the reader warns once per ``<file>``.

Fuzzy: a segment is fuzzy when its target holds text and its state says the translation still
needs work. XLIFF 1.2: ``state`` ``new`` or ``needs-*`` (``needs-review-translation``...); no
state, ``translated``, ``signed-off`` and ``final`` are not fuzzy. XLIFF 2: ``state="initial"``
written out (the default, left unwritten, is not taken as a verdict). Trados keeps its own
confirmation per segment (``sdl:seg/@conf``): anything but ``Translated``,
``ApprovedTranslation`` and ``ApprovedSignOff`` is fuzzy, and text a reviewer deleted with
tracked changes on (``<mrk mtype="x-sdl-deleted">``) is not part of the segment, as when the
changes are accepted; inserted text (``x-sdl-added``) is. memoQ keeps it per unit
(``mq:status``): a status other than a confirmed one (``ManuallyConfirmed``,
``Reviewer1Confirmed``, ``Reviewer2Confirmed``, ``Proofread``) is fuzzy. ``Segment.state`` is the
word the file used.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from align import xmlio
from align.errors import InputError
from align.models import BilingualFile, Segment, SegmentText
from align.read import segmentids
from align.read.xmltext import CodeRule, InlineSyntax, Layout, inline_text

if TYPE_CHECKING:  # xmlio.Element loads lxml: for the type checker only
    #: Reads one unit (element, name, namespace, layout, inline syntax, path) into segments.
    _UnitReader = Callable[
        [xmlio.Element, str, str | None, Layout, InlineSyntax, str], Iterable[Segment]
    ]

SDL_NS = "http://sdl.com/FileTypes/SdlXliff/1.0"
MQ_NS = "MQXliff"

XLIFF12_CODES = {
    "g": CodeRule("wrap", None, ("id",)),
    "mrk": CodeRule("wrap", None, ("mid",), annotation=True),
    "x": CodeRule("empty", "standalone", ("id",)),
    "bx": CodeRule("empty", "open", ("rid", "id")),
    "ex": CodeRule("empty", "close", ("rid", "id")),
    "ph": CodeRule("native", "standalone", ("id",)),
    "bpt": CodeRule("native", "open", ("rid", "id")),
    "ept": CodeRule("native", "close", ("rid", "id")),
    "it": CodeRule("native", None, ("rid", "id")),
}
XLIFF2_CODES = {
    "ph": CodeRule("empty", "standalone", ("id",)),
    "pc": CodeRule("wrap", None, ("id",)),
    "sc": CodeRule("empty", "open", ("id",)),
    "ec": CodeRule("empty", "close", ("startRef", "id")),
    "mrk": CodeRule("wrap", None, ("id",), annotation=True),
    "sm": CodeRule("empty", "open", ("id",), annotation=True),
    "em": CodeRule("empty", "close", ("startRef",), annotation=True),
}

_FINAL_12 = frozenset({"translated", "signed-off", "final"})
_CONFIRMED_SDL = frozenset({"Translated", "ApprovedTranslation", "ApprovedSignOff"})
_CONFIRMED_MQ = frozenset(
    {"ManuallyConfirmed", "Reviewer1Confirmed", "Reviewer2Confirmed", "Proofread"}
)


def read_xliff12(
    root: xmlio.Element,
    layout: Layout,
    path: str,
    source_lang: str | None,
    target_lang: str | None,
) -> BilingualFile:
    """An XLIFF 1.2 document (parsed and laid out) as a ``BilingualFile``."""
    ns = xmlio.namespace(root)
    files = [child for child in root if _is(child, ns, "file")]
    source = source_lang or _file_language(files, "source-language", "--src-lang", path)
    target = target_lang or _file_language(files, "target-language", "--tgt-lang", path)
    segments = _file_segments(root, layout, path, _XLIFF12)
    declared = (
        (files[0].get("source-language"), files[0].get("target-language"))
        if files
        else (None, None)
    )
    return BilingualFile(path, "xliff12", source, target, segments, declared=declared)


def read_xliff2(
    root: xmlio.Element,
    layout: Layout,
    path: str,
    source_lang: str | None,
    target_lang: str | None,
) -> BilingualFile:
    """An XLIFF 2.x document (parsed and laid out) as a ``BilingualFile``."""
    source = source_lang or _required(root, "srcLang", "--src-lang", layout, path)
    target = target_lang or _required(root, "trgLang", "--tgt-lang", layout, path)
    segments = _file_segments(root, layout, path, _XLIFF2)
    declared = (root.get("srcLang"), root.get("trgLang"))
    return BilingualFile(path, "xliff2", source, target, segments, declared=declared)


@dataclass(frozen=True, slots=True)
class _Version:
    """What XLIFF 1.2 and 2.x name differently around their units: the unit element, the
    inline codes, the ``<file>`` attribute that names a file, and the unit reader."""

    unit: str
    codes: Mapping[str, CodeRule]
    file_name: str
    read_unit: _UnitReader
    deleted: frozenset[tuple[str, str, str]] = frozenset()
    protected: frozenset[tuple[str, str, str]] = frozenset()


def _file_segments(
    root: xmlio.Element, layout: Layout, path: str, version: _Version
) -> tuple[Segment, ...]:
    """The segments of each ``<file>``'s translatable units, in document order, their ids
    made unique across files (:func:`_one_namespace`)."""
    ns = xmlio.namespace(root)
    syntax = InlineSyntax(ns, version.codes, version.deleted, version.protected)
    files = [child for child in root if _is(child, ns, "file")]
    per_file = [
        [
            segment
            for unit, name in _named_units(file, _tag(ns, version.unit), version.unit, path)
            if _translatable(unit)
            for segment in version.read_unit(unit, name, ns, layout, syntax, path)
        ]
        for file in files
    ]
    return tuple(_one_namespace(per_file, [file.get(version.file_name) or "" for file in files]))


def segment_id(name: str, segment: str | None = None) -> str:
    """A segment's id in its ``<file>``: the unit's ``name`` (already escaped, or a position)
    or ``name#segment``, the segment id with ``%#/@`` percent-encoded
    (:mod:`align.read.segmentids`) so that no two segments share an id; a ``segment`` ``@2``
    is a position, not an id."""
    if segment is None:
        return name
    position = segment.startswith("@") and segment[1:].isdigit()
    return segmentids.part(name, segment if position else segmentids.escape(segment))


def _named_units(
    file: xmlio.Element, tag: str, what: str, path: str
) -> list[tuple[xmlio.Element, str]]:
    """The units of one ``<file>`` with their names: the id, or the position ``@N`` among the
    file's units of a unit without id or with the id of an earlier one (warned about once)."""
    units = list(file.iter(tag))
    ids = [unit.get("id") for unit in units]
    names, repeats = segmentids.first_names(ids)
    segmentids.warn_repeats(path, what, ids, repeats, [unit.sourceline or 0 for unit in units])
    return list(zip(units, names, strict=True))


def _one_namespace(per_file: list[list[Segment]], names: list[str]) -> list[Segment]:
    """The segments of all ``<file>`` elements; when two files use one id, every id is put
    after its file's name, ``file/unit#segment`` (the position ``@N`` for a file whose name
    is missing or shared)."""
    ids = [id_ for segments in per_file for id_ in {segment.id for segment in segments}]
    if len(ids) == len(set(ids)):
        return [segment for segments in per_file for segment in segments]
    prefixes = [name + "/" for name in segmentids.unique_names(names)]
    return [
        replace(segment, id=prefix + segment.id)
        for segments, prefix in zip(per_file, prefixes, strict=True)
        for segment in segments
    ]


# --- XLIFF 1.2 -----------------------------------------------------------------------------------


def _unit12(
    unit: xmlio.Element,
    unit_id: str,
    ns: str | None,
    layout: Layout,
    syntax: InlineSyntax,
    path: str,
) -> Iterator[Segment]:
    source = _source(unit, ns, path)
    target = _child(unit, ns, "target")
    note = _notes(unit, ns)
    marks = _segment_marks(_child(unit, ns, "seg-source"), ns)
    target_marks = _segment_marks(target, ns)
    whole = None if target is None else inline_text(layout, target, syntax)
    # A translation not cut into the markers is read with the unit's whole source; an empty
    # <target/> leaves the segments as seg-source cuts them, as a unit without one does.
    if not marks or (_has_text(whole) and not target_marks):
        target_text = whole
        state = "" if target is None else target.get("state", "")
        fuzzy = _has_text(target_text) and _unit_fuzzy(unit, state)
        yield Segment(
            segment_id(unit_id),
            inline_text(layout, source, syntax),
            target_text,
            fuzzy,
            unit.get(f"{{{MQ_NS}}}status") or state,
            note,
            _layout_space(source, target),
        )
        return
    targets = {mark.get("mid"): mark for mark in target_marks}
    confirmations = _sdl_confirmations(unit)
    for mark in marks:
        mid = mark.get("mid", "")
        target_mark = targets.get(mid)
        target_text = None if target_mark is None else inline_text(layout, target_mark, syntax)
        if mid in confirmations:
            state = confirmations[mid]
            fuzzy = state not in _CONFIRMED_SDL
        else:
            state = "" if target is None else target.get("state", "")
            fuzzy = _unit_fuzzy(unit, state)
            state = unit.get(f"{{{MQ_NS}}}status") or state
        yield Segment(
            segment_id(unit_id, mid),
            inline_text(layout, mark, syntax),
            target_text,
            _has_text(target_text) and fuzzy,
            state,
            note,
            _layout_space(mark, target_mark),
        )


def _unit_fuzzy(unit: xmlio.Element, state: str) -> bool:
    """Whether a unit's state (memoQ's status first) says its translation needs work."""
    status = unit.get(f"{{{MQ_NS}}}status")
    if status is not None:
        return status not in _CONFIRMED_MQ
    return state == "new" or state.startswith("needs-")


def _segment_marks(element: xmlio.Element | None, ns: str | None) -> list[xmlio.Element]:
    if element is None:
        return []
    return [mark for mark in element.iter(_tag(ns, "mrk")) if mark.get("mtype") == "seg"]


def _sdl_confirmations(unit: xmlio.Element) -> dict[str, str]:
    """Trados's confirmation level of each segment (``sdl:seg-defs/sdl:seg/@conf``)."""
    return {
        seg.get("id", ""): seg.get("conf", "")
        for seg in unit.iter(f"{{{SDL_NS}}}seg")
        if seg.get("conf") is not None
    }


def _file_language(files: list[xmlio.Element], attribute: str, flag: str, path: str) -> str:
    """The language every ``<file>`` declares; missing or mixed languages are errors."""
    if not files:
        raise InputError(
            "the XLIFF has no <file>", path=path, hint="export the XLIFF again from your CAT tool"
        )
    first = files[0].get(attribute)
    for file in files:
        value = file.get(attribute)
        if not value:
            raise InputError(
                f"<file> has no {attribute}",
                path=path,
                line=file.sourceline,
                hint=f'add {attribute}="..." to it, or pass {flag}',
            )
        if value.lower() != (first or "").lower():
            raise InputError(
                f'<file> has {attribute} "{value}" but the first <file> "{first}"',
                path=path,
                line=file.sourceline,
                hint="give one language pair per XLIFF file",
            )
    return first or ""


# --- XLIFF 2 -------------------------------------------------------------------------------------


def _unit2(
    unit: xmlio.Element,
    unit_id: str,
    ns: str | None,
    layout: Layout,
    syntax: InlineSyntax,
    path: str,
) -> Iterator[Segment]:
    data = {
        item.get("id", ""): "".join(item.itertext())
        for original in unit
        if _is(original, ns, "originalData")
        for item in original
        if _is(item, ns, "data")
    }
    notes = _child(unit, ns, "notes")
    note = "" if notes is None else _notes(notes, ns)
    segments = [child for child in unit if _is(child, ns, "segment")]
    for number, segment in enumerate(segments, start=1):
        source = _source(segment, ns, path)
        target = _child(segment, ns, "target")
        target_text = None if target is None else inline_text(layout, target, syntax, data)
        state = segment.get("state", "")
        name = (
            segment_id(unit_id)
            if len(segments) == 1
            else segment_id(unit_id, segment.get("id") or f"@{number}")
        )
        yield Segment(
            name,
            inline_text(layout, source, syntax, data),
            target_text,
            _has_text(target_text) and state == "initial",
            state,
            note,
            _layout_space(source, target),
        )


def _required(root: xmlio.Element, attribute: str, flag: str, layout: Layout, path: str) -> str:
    value: str | None = root.get(attribute)
    if not value:
        raise InputError(
            f"<xliff> has no {attribute}",
            path=path,
            line=layout.position(root)[0],
            hint=f'add {attribute}="..." to it, or pass {flag}',
        )
    return value


# --- both ----------------------------------------------------------------------------------------


def _tag(ns: str | None, name: str) -> str:
    return name if ns is None else f"{{{ns}}}{name}"


def _is(element: xmlio.Element, ns: str | None, name: str) -> bool:
    return bool(element.tag == _tag(ns, name))


def _child(element: xmlio.Element | None, ns: str | None, name: str) -> xmlio.Element | None:
    if element is None:
        return None
    found: xmlio.Element | None = element.find(_tag(ns, name))
    return found


def _source(element: xmlio.Element, ns: str | None, path: str) -> xmlio.Element:
    source = _child(element, ns, "source")
    if source is None:
        name = xmlio.local_name(element)
        ident = element.get("id")  # optional on an XLIFF 2 <segment>: not shown as id=""
        tag = f'<{name} id="{ident}">' if ident is not None else f"<{name}>"
        raise InputError(
            f"{tag} has no <source>",
            path=path,
            line=element.sourceline,
            hint="export the XLIFF again from your CAT tool",
        )
    return source


#: Trados's tracked deletions (XLIFF 2 keeps revisions apart from the content, in its Change
#: Tracking module, so its segments hold the current text alone).
SDL_DELETED = frozenset({("mrk", "mtype", "x-sdl-deleted")})

#: Markers of text that must stay as written (a product name, a code sample): the target must
#: keep them, so they are compared as codes, not left out as annotations.
PROTECTED_12 = frozenset({("mrk", "mtype", "protected")})
PROTECTED_2 = frozenset({("mrk", "translate", "no"), ("sm", "translate", "no")})

_XLIFF12 = _Version("trans-unit", XLIFF12_CODES, "original", _unit12, SDL_DELETED, PROTECTED_12)
_XLIFF2 = _Version("unit", XLIFF2_CODES, "id", _unit2, protected=PROTECTED_2)


def _translatable(unit: xmlio.Element) -> bool:
    """``translate`` of the unit, else of the nearest enclosing element that sets it."""
    for element in (unit, *unit.iterancestors()):
        flag = element.get("translate")
        if flag is not None:
            return bool(flag != "no")
    return True


_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _layout_space(*elements: xmlio.Element | None) -> bool:
    """Whether a segment's line breaks are layout: neither side (nor an element around it)
    says ``xml:space="preserve"`` (XML 1.0, 2.10; XLIFF's default is ``default``, which lets
    a writer wrap and indent the text)."""
    for element in elements:
        if element is None:
            continue
        for scope in (element, *element.iterancestors()):
            value = scope.get(_XML_SPACE)
            if value is not None:
                if value == "preserve":
                    return False
                break
    return True


def _notes(element: xmlio.Element, ns: str | None) -> str:
    return "\n".join("".join(note.itertext()).strip() for note in element if _is(note, ns, "note"))


def _has_text(text: SegmentText | None) -> bool:
    return text is not None and bool(text.text.strip())
