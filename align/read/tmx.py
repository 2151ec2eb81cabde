"""TMX 1.4b (LISA, 2004; 1.1 to 1.3 read alike) → segments: each ``<tu>`` one segment per
target variant.

Languages are BCP 47 tags compared without case and by prefix, as RFC 4647 "basic filtering"
does: ``ko`` matches ``ko-KR`` and ``KO``, ``en`` matches ``EN-us``; ``en-US`` does not match
``en-GB``. A ``<tuv>``'s language is its ``xml:lang`` (``lang`` in TMX 1.1).

The source language is ``source_lang`` when given, else the header's ``srclang``; a header
``srclang="*all*"`` (any variant may be the source) means the language of the first ``<tuv>`` of
the file. A unit's first variant in the source language is its source; a unit without one is
skipped (a ``source_lang`` that no unit carries is a warning naming the ones they do, an error
when ``target_lang`` is not given). Its targets are its variants in ``target_lang`` when given,
else in every other language of the units read (which must then be one language, or the reader
asks for ``--tgt-lang``); a ``target_lang`` that no unit carries besides its source is a
warning (the header declares no target to compare it with, so the units' variants are the
file's word). Every target variant is kept: a unit with ``en-US`` and ``en-GB``
targets gives two segments, the first named by the unit's id and the next ones by ``id#lang``
(``7#en-GB``). A unit's id is its ``tuid`` (``%#/@`` percent-encoded), else, or when an earlier
unit has the same ``tuid``, its 1-based position among the units, ``@3`` (the scheme of
:mod:`align.read.segmentids`; the reader warns once per file of a repeated ``tuid``); a unit with
no target is one segment with no target.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from align import xmlio
from align.errors import InputError
from align.models import BilingualFile, Segment
from align.read import segmentids
from align.read.xmltext import CodeRule, InlineSyntax, Layout, inline_text
from align.shown import shown
from align.text.languages import canonical, primary_language

LOG = logging.getLogger("align")

TMX_CODES = {
    "bpt": CodeRule("native", "open", ("i", "x")),
    "ept": CodeRule("native", "close", ("i",)),
    "ph": CodeRule("native", "standalone", ("x",)),
    "it": CodeRule("native", None, ("x",)),
    "ut": CodeRule("native", "standalone", ("x",)),
    "hi": CodeRule("wrap", None, ("x",), annotation=True),
}
_SYNTAX = InlineSyntax(None, TMX_CODES)


@dataclass(frozen=True, slots=True)
class _Unit:
    id: str
    variants: tuple[tuple[str, xmlio.Element], ...]  # (language, <seg>)
    note: str


@dataclass(frozen=True, slots=True)
class _ReadUnit:
    """A unit with a source variant: that ``<seg>``, and its variants in other languages (the
    candidate targets)."""

    unit: _Unit
    source: xmlio.Element
    others: tuple[tuple[str, xmlio.Element], ...]


def lang_matches(tag: str, wanted: str) -> bool:
    """Whether language tags ``tag`` and ``wanted`` name the same language, one perhaps more
    narrowly (``ko`` and ``ko-KR``), case and ``_``/``-`` ignored."""
    one, other = _key(tag), _key(wanted)
    return one == other or one.startswith(other + "-") or other.startswith(one + "-")


def read_tmx(
    root: xmlio.Element,
    layout: Layout,
    path: str,
    source_lang: str | None,
    target_lang: str | None,
) -> BilingualFile:
    """A TMX document (parsed and laid out) as a ``BilingualFile``."""
    elements = list(root.iter("tu"))
    tuids = [tu.get("tuid") for tu in elements]
    names, repeats = segmentids.first_names(tuids)
    segmentids.warn_repeats(path, "tu", tuids, repeats, [tu.sourceline or 0 for tu in elements])
    units = [_unit(tu, name, path) for tu, name in zip(elements, names, strict=True)]
    source = source_lang or _source_language(root, units, layout, path)
    read = _read_units(units, source)
    header = root.find("header")
    srclang = None if header is None else header.get("srclang")
    declared = None if srclang is None or srclang.lower() == "*all*" else str(srclang)
    if source_lang is not None and units and not read:
        if target_lang is None:  # no unit read tells the target: say why, not "--tgt-lang"
            raise _unmatched_source(units, source_lang, path)
        _warn_unmatched_source(units, source_lang, declared, path)
    # Only the units read tell the target: a skipped unit's variants, the source's own other
    # regions among them, are not candidates.
    candidates = [lang for each in read for lang, _ in each.others]
    if target_lang is not None:
        _warn_unmatched_target(candidates, target_lang, path)
    target = target_lang or _target_language(candidates, source, path)
    segments = _segments(read, layout, target_lang)
    # A TMX declares its source language alone (header srclang); its other languages are its
    # variants', from which --tgt-lang chooses (warned of above when it chooses none).
    return BilingualFile(path, "tmx", source, target, tuple(segments), declared=(declared, None))


def _unit(tu: xmlio.Element, name: str, path: str) -> _Unit:
    variants: list[tuple[str, xmlio.Element]] = []
    for tuv in tu.iter("tuv"):
        lang = tuv.get(xmlio.XML_LANG) or tuv.get("lang")
        if not lang:
            raise InputError(
                "<tuv> has no xml:lang",
                path=path,
                line=tuv.sourceline,
                hint='add xml:lang="..." with the language of its text',
            )
        seg = tuv.find("seg")
        if seg is None:
            raise InputError(
                "<tuv> has no <seg>",
                path=path,
                line=tuv.sourceline,
                hint="export the TMX again, or remove the empty variant",
            )
        variants.append((lang, seg))
    # A note inside a note is read with the outer one (joining each would be quadratic).
    notes = (n for n in tu.iter("note") if xmlio.local_name(n.getparent()) != "note")
    note = "\n".join("".join(n.itertext()).strip() for n in notes)
    return _Unit(name, tuple(variants), note)


def _first(unit: _Unit, source: str) -> xmlio.Element | None:
    return next((seg for lang, seg in unit.variants if lang_matches(lang, source)), None)


def _read_units(units: list[_Unit], source: str) -> list[_ReadUnit]:
    """The units with a variant in ``source``, each with its first such variant and its
    variants in other languages (the candidate targets); a unit without one is skipped."""
    read: list[_ReadUnit] = []
    for unit in units:
        first = _first(unit, source)
        if first is not None:
            others = tuple(
                (lang, seg) for lang, seg in unit.variants if not lang_matches(lang, source)
            )
            read.append(_ReadUnit(unit, first, others))
    return read


def _segments(read: list[_ReadUnit], layout: Layout, target_lang: str | None) -> list[Segment]:
    """One segment per target variant of each unit read (its variants in ``target_lang`` when
    given, else all its others), the first named by the unit's id, the next by ``id#lang``."""
    segments: list[Segment] = []
    for each in read:
        unit = each.unit
        source_text = inline_text(layout, each.source, _SYNTAX)
        targets = [
            (lang, seg)
            for lang, seg in each.others
            if target_lang is None or lang_matches(lang, target_lang)
        ]
        if not targets:
            segments.append(Segment(unit.id, source_text, None, note=unit.note))
        for number, (lang, seg) in enumerate(targets):
            name = unit.id if number == 0 else segmentids.part(unit.id, segmentids.escape(lang))
            target_text = inline_text(layout, seg, _SYNTAX)
            segments.append(Segment(name, source_text, target_text, note=unit.note))
    return segments


def _languages(langs: Iterable[str]) -> list[str]:
    """The languages ``langs`` name, each once as first written, in name order."""
    seen: dict[str, str] = {}
    for lang in langs:
        seen.setdefault(lang.lower(), lang)
    return sorted(seen.values(), key=str.lower)


def _unit_languages(units: list[_Unit]) -> list[str]:
    return _languages(lang for unit in units for lang, _ in unit.variants)


def _warn_unmatched_source(
    units: list[_Unit], source: str, declared: str | None, path: str
) -> None:
    """Warn when no unit has a variant in the ``--src-lang`` given: every unit is skipped, so
    the file reads as empty. When the header declares another primary language the reader of
    bilingual files already says the option overrode it, so this says it only where that does
    not (``ko-KP`` against ``ko-KR`` variants under ``srclang="ko"``, or no ``srclang``)."""
    if not units or (declared and primary_language(declared) != primary_language(source)):
        return
    LOG.warning(
        "%s: warning: the file's units carry %s, --src-lang gives %s; --src-lang wins, so no "
        "segment is read",
        shown(path),
        ", ".join(_unit_languages(units)),
        source,
    )


def _unmatched_source(units: list[_Unit], source: str, path: str) -> InputError:
    """The error for a ``--src-lang`` no unit carries when the target must be told from the
    units read: there are none, and asking for ``--tgt-lang`` would not help."""
    return InputError(
        f"no unit has a variant in --src-lang {source}; the units carry "
        f"{', '.join(_unit_languages(units))}",
        path=path,
        hint="pass --src-lang as one of the languages the units carry",
    )


def _warn_unmatched_target(candidates: list[str], target: str, path: str) -> None:
    """Warn when none of the ``candidates`` (the languages of the target variants of the units
    read) is ``target`` although there are some.

    A TMX header declares the source language alone, so the languages its units carry are the
    file's own word on the target; an option that matches none of them (by the prefix rule
    that chooses the variants, so ``en-GB`` misses ``en-US``) leaves every segment without a
    target, which the checks would otherwise pass over in silence."""
    if not candidates or any(lang_matches(lang, target) for lang in candidates):
        return
    carried = _languages(candidates)
    LOG.warning(
        "%s: warning: the file's units carry target language%s %s, --tgt-lang gives %s; "
        "--tgt-lang wins, so no segment has a target",
        shown(path),
        "s" if len(carried) > 1 else "",
        ", ".join(carried),
        target,
    )


def _source_language(root: xmlio.Element, units: list[_Unit], layout: Layout, path: str) -> str:
    header = root.find("header")
    declared = None if header is None else header.get("srclang")
    if declared and declared.lower() != "*all*":
        return str(declared)
    first = next((lang for unit in units for lang, _ in unit.variants), None)
    if declared and first:
        return first
    raise InputError(
        "the TMX header has no srclang",
        path=path,
        line=layout.position(root if header is None else header)[0],
        hint='add srclang="..." to <header>, or pass --src-lang',
    )


def _target_language(langs: list[str], source: str, path: str) -> str:
    """The one target language: as written when all variants agree, else their common
    primary language (``en`` for ``en-US`` and ``en-GB``)."""
    written = {lang.lower(): lang for lang in langs}
    primaries = sorted({_key(lang).split("-")[0] for lang in langs})
    if len(written) == 1:
        return next(iter(written.values()))
    if len(primaries) == 1:
        return primaries[0]
    if not primaries:
        raise InputError(
            f"the TMX has no variant in a language other than {source}",
            path=path,
            hint="pass --src-lang and --tgt-lang to choose the languages",
        )
    raise InputError(
        f"cannot tell the target language of the TMX (source {source}; "
        f"others: {', '.join(primaries)})",
        path=path,
        hint="pass --tgt-lang",
    )


def _key(tag: str) -> str:
    return canonical(tag).lower()
