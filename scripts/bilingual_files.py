"""Segments → real XLIFF 1.2, XLIFF 2.1, TMX and PO files, for the evaluation scripts.

The project reads these formats but never writes them; ``scripts/eval_qa.py`` and
``scripts/bench_check.py`` need files a CAT tool could have written, with the inline codes of
each format as real elements: XLIFF 1.2 ``<g id>`` around a well-nested pair, ``<x id/>`` or
``<ph id>`` for a standalone code and ``<bx rid/>``/``<ex rid/>`` for an unpaired or crossing
one; XLIFF 2 ``<pc id>``, ``<ph id/>``, ``<sc id/>``/``<ec startRef/>``; TMX ``<bpt i>``,
``<ept i>`` and ``<ph x>``, with the native code as content. PO has no inline codes: a segment
with codes cannot be written as PO (``ValueError``).

Every unit is built with :mod:`align.xmlio` (escaping by lxml) and serialised alone, so the
writer knows where in the file each segment is: :func:`write_bilingual` returns the character
span of each segment's unit, for checking that a finding's ``line:column`` falls inside it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from align import xmlio
from align.models import InlineCode, Segment, SegmentText

FORMATS = ("xliff12", "xliff2", "tmx", "po")
SUFFIXES = {"xliff12": ".xlf", "xliff2": ".xlf", "tmx": ".tmx", "po": ".po"}

Spans = dict[str, tuple[int, int]]


def nested_pairs(codes: Sequence[InlineCode]) -> set[int]:
    """Indices of the codes that open or close a well-nested pair (the others are written as
    isolated markers): a close pairs with the innermost open code of the same id."""
    paired: set[int] = set()
    stack: list[int] = []
    for index, code in enumerate(codes):
        if code.kind == "open":
            stack.append(index)
        elif code.kind == "close" and stack and codes[stack[-1]].id == code.id:
            paired.update((stack.pop(), index))
    return paired


CodeWriter = Callable[[xmlio.Element, InlineCode, bool, int], xmlio.Element | None]


def _xliff12_code(
    parent: xmlio.Element, code: InlineCode, paired: bool, variant: int
) -> xmlio.Element | None:
    if code.kind == "standalone":
        if variant % 2:
            return xmlio.sub(parent, "ph", {"id": code.id}, text=code.content)
        return xmlio.sub(parent, "x", {"id": code.id})
    if paired:
        return xmlio.sub(parent, "g", {"id": code.id}) if code.kind == "open" else None
    tag = "bx" if code.kind == "open" else "ex"
    return xmlio.sub(parent, tag, {"id": f"{tag}{code.id}", "rid": code.id})


def _xliff2_code(
    parent: xmlio.Element, code: InlineCode, paired: bool, variant: int
) -> xmlio.Element | None:
    if code.kind == "standalone":
        return xmlio.sub(parent, "ph", {"id": code.id})
    if paired:
        return xmlio.sub(parent, "pc", {"id": code.id}) if code.kind == "open" else None
    if code.kind == "open":
        return xmlio.sub(parent, "sc", {"id": code.id})
    return xmlio.sub(parent, "ec", {"startRef": code.id})


def _tmx_code(
    parent: xmlio.Element, code: InlineCode, paired: bool, variant: int
) -> xmlio.Element | None:
    tag = {"open": "bpt", "close": "ept", "standalone": "ph"}[code.kind]
    key = "x" if code.kind == "standalone" else "i"
    xmlio.sub(parent, tag, {key: code.id}, text=code.content)
    return None


def _append(node: xmlio.Element, text: str) -> None:
    if not text:
        return
    text = xmlio.xml_text(text)
    if len(node):
        node[-1].tail = (node[-1].tail or "") + text
    else:
        node.text = (node.text or "") + text


def fill(
    node: xmlio.Element, content: SegmentText, write: CodeWriter, variant: int, *, wraps: bool
) -> None:
    """Put ``content``'s text into ``node`` with its codes as elements; where the format
    ``wraps`` (``<g>``, ``<pc>``), a paired code's element holds the text up to its close."""
    codes = sorted(content.codes, key=lambda code: code.offset)
    paired = nested_pairs(codes)
    stack = [node]
    at = 0
    for index, code in enumerate(codes):
        _append(stack[-1], content.text[at : code.offset])
        at = code.offset
        if wraps and index in paired and code.kind == "close":
            stack.pop()
            continue
        opened = write(stack[-1], code, index in paired, variant)
        if opened is not None and index in paired and code.kind == "open":
            stack.append(opened)
    _append(stack[-1], content.text[at:])


def _unit_xliff12(segment: Segment, variant: int) -> xmlio.Element:
    unit = xmlio.element("trans-unit", {"id": segment.id})
    unit.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    fill(xmlio.sub(unit, "source"), segment.source, _xliff12_code, variant, wraps=True)
    if segment.target is not None:
        fill(xmlio.sub(unit, "target"), segment.target, _xliff12_code, variant, wraps=True)
    return unit


def _unit_xliff2(segment: Segment, variant: int) -> xmlio.Element:
    unit = xmlio.element("unit", {"id": segment.id})
    part = xmlio.sub(unit, "segment")
    part.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    fill(xmlio.sub(part, "source"), segment.source, _xliff2_code, variant, wraps=True)
    if segment.target is not None:
        fill(xmlio.sub(part, "target"), segment.target, _xliff2_code, variant, wraps=True)
    return unit


def _tmx_unit(source_lang: str, target_lang: str) -> Callable[[Segment, int], xmlio.Element]:
    def unit(segment: Segment, variant: int) -> xmlio.Element:
        tu = xmlio.element("tu", {"tuid": segment.id})
        for lang, side in ((source_lang, segment.source), (target_lang, segment.target)):
            if side is not None:
                tuv = xmlio.sub(tu, "tuv", {xmlio.XML_LANG: lang})
                fill(xmlio.sub(tuv, "seg"), side, _tmx_code, variant, wraps=False)
        return tu

    return unit


def _frame(fmt: str, source_lang: str, target_lang: str) -> tuple[str, str]:
    """The text before the first unit and after the last."""
    declaration = '<?xml version="1.0" encoding="UTF-8"?>\n'
    if fmt == "xliff12":
        return (
            declaration
            + '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
            + f'<file original="planted" datatype="plaintext" source-language="{source_lang}"'
            + f' target-language="{target_lang}">\n<body>\n',
            "</body>\n</file>\n</xliff>\n",
        )
    if fmt == "xliff2":
        return (
            declaration
            + '<xliff version="2.1" xmlns="urn:oasis:names:tc:xliff:document:2.0"'
            + f' srcLang="{source_lang}" trgLang="{target_lang}">\n<file id="f1">\n',
            "</file>\n</xliff>\n",
        )
    if fmt == "tmx":
        return (
            declaration
            + '<tmx version="1.4">\n<header creationtool="align-eval" creationtoolversion="1"'
            + ' segtype="sentence" o-tmf="align" adminlang="en"'
            + f' srclang="{source_lang}" datatype="plaintext"/>\n<body>\n',
            "</body>\n</tmx>\n",
        )
    raise ValueError(f"unknown format {fmt}")


_PO_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def po_string(text: str) -> str:
    """``text`` as a quoted PO string (C escapes)."""
    escaped = "".join(
        _PO_ESCAPES.get(char, f"\\{ord(char):03o}" if ord(char) < 32 else char) for char in text
    )
    return f'"{escaped}"'


def render(
    segments: Sequence[Segment], fmt: str, source_lang: str = "en", target_lang: str = "ko"
) -> tuple[str, Spans]:
    """The text of a ``fmt`` file holding ``segments`` and each segment's span in it."""
    parts: list[str] = []
    spans: Spans = {}
    if fmt == "po":
        header = (
            'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
            f'"Language: {target_lang}\\n"\n"X-Source-Language: {source_lang}\\n"\n\n'
        )
        parts.append(header)
        offset = len(header)
        for segment in segments:
            if segment.source.codes or (segment.target and segment.target.codes):
                raise ValueError(f"segment {segment.id} has inline codes; PO has none")
            target = segment.target.text if segment.target is not None else ""
            entry = (
                f"msgctxt {po_string(segment.id)}\nmsgid {po_string(segment.source.text)}\n"
                f"msgstr {po_string(target)}\n"
            )
            spans[segment.id] = (offset, offset + len(entry))
            parts.append(entry + "\n")
            offset += len(entry) + 1
        return "".join(parts), spans
    make = {"xliff12": _unit_xliff12, "xliff2": _unit_xliff2}.get(fmt) or _tmx_unit(
        source_lang, target_lang
    )
    head, tail = _frame(fmt, source_lang, target_lang)
    parts.append(head)
    offset = len(head)
    for variant, segment in enumerate(segments):
        unit = xmlio.to_bytes(make(segment, variant), declaration=False, pretty=False)
        text = unit.decode("utf-8")
        spans[segment.id] = (offset, offset + len(text))
        parts.append(text + "\n")
        offset += len(text) + 1
    parts.append(tail)
    return "".join(parts), spans


def write_bilingual(
    segments: Sequence[Segment],
    fmt: str,
    path: Path,
    source_lang: str = "en",
    target_lang: str = "ko",
) -> Spans:
    """Write ``segments`` as a ``fmt`` file at ``path``; each segment's character span."""
    text, spans = render(segments, fmt, source_lang, target_lang)
    path.write_text(text, encoding="utf-8", newline="\n")
    return spans
