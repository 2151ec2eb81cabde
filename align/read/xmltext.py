"""Where an XML element's text is in its file, and a segment's text between inline codes.

lxml (through :mod:`align.xmlio`) checks the document and gives its structure, but it knows
only the line of each element, not the column of each character. :func:`layout` therefore
scans the decoded text once for the tags (the document is already known to be well-formed,
so a tag is ``<`` outside comments, CDATA sections, processing instructions and the DOCTYPE)
and pairs the n-th tag it finds with lxml's n-th element in document order. The character
data between two tags is decoded here as XML 1.0 decodes it: references (section 4.1, ``&amp;``,
``&#xAC00;``), CDATA sections (2.7) and line ends (2.11: CRLF and CR read as LF), so every
character of a text keeps its 1-based line and code-point column.

:func:`inline_text` reads a ``<source>``, ``<target>``, ``<seg>``... into a
:class:`~align.models.SegmentText`, with each format's inline elements described as data
(:class:`CodeRule`): a *wrapping* element (XLIFF ``g``, ``mrk``, ``pc``, TMX ``hi``) marks text
that stays text and becomes an opening and a closing code; a *native* element (``bpt``, ``ept``,
``ph``, ``it``) holds the original format's code (``<b>``), kept as the code's content; an
*empty* element (``x``, ``sc``, ``ec``...) is a code with no content. ``sub`` elements (text
inside a native code, such as a link's title) are not part of the segment: their text is left
out of both the segment and the code's content.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from align import xmlio
from align.errors import InputError
from align.models import CodeKind, SegmentText
from align.read.anchored import TextBuilder

Handling = Literal["wrap", "native", "empty"]


@dataclass(frozen=True, slots=True)
class CodeRule:
    """How one inline element reads: ``kind`` (``None``: from its ``pos`` attribute, as for
    ``it``), how its content reads, the attributes that give its id (first found wins), and
    whether it is an ``annotation``'s marker rather than a code (:class:`InlineCode`)."""

    handling: Handling
    kind: CodeKind | None
    ids: tuple[str, ...]
    annotation: bool = False


@dataclass(frozen=True, slots=True)
class Layout:
    """Offsets into the decoded ``text`` of every element, by its document-order index.

    An element's text runs from ``open_ends[i]`` to ``text_ends[i]`` and its tail from
    ``close_ends[i]`` to ``tail_ends[i]``; ``starts[i]`` is its ``<``.
    """

    text: str
    line_starts: tuple[int, ...]
    index: Mapping[xmlio.Element, int]
    starts: tuple[int, ...]
    open_ends: tuple[int, ...]
    text_ends: tuple[int, ...]
    close_ends: tuple[int, ...]
    tail_ends: tuple[int, ...]

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and code-point column of ``offset`` (lines end at LF, CR or CRLF)."""
        line = bisect.bisect_right(self.line_starts, offset) - 1
        return line + 1, offset - self.line_starts[line] + 1

    def position(self, element: xmlio.Element) -> tuple[int, int]:
        """Line and column of the element's ``<``."""
        return self.line_col(self.starts[self.index[element]])


_TAG = re.compile(r"<(/?)([^\s/>]+)(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")
_BREAK = re.compile(r"\r\n?|\n")
_SPECIAL = re.compile(r"[&<]")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def declaration_end(text: str, start: int) -> int:
    """Just past the ``<!DOCTYPE ...>`` at ``start``, internal subset included (the end of
    ``text`` when it is cut short)."""
    depth = 0
    position = start + 2
    while position < len(text):
        char = text[position]
        if char in "\"'":
            position = _past(text, char, position + 1)
            continue
        if text.startswith("<!--", position):
            position = _past(text, "-->", position)
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif char == ">" and depth == 0:
            return position + 1
        position += 1
    return len(text)


def layout(text: str, root: xmlio.Element, path: str) -> Layout:
    """Map lxml's tree of ``text`` (parsed by :func:`align.xmlio.parse_xml_text`) onto it."""
    names: list[str] = []
    starts: list[int] = []
    open_ends: list[int] = []
    text_ends: list[int] = []
    close_ends: list[int] = []
    tail_ends: list[int] = []
    stack: list[int] = []
    pending: tuple[list[int], int] | None = None  # the text or tail the next tag ends
    position = text.find("<")
    while position >= 0:
        if text.startswith("<!--", position):
            position = _past(text, "-->", position)
        elif text.startswith("<![CDATA[", position):
            position = _past(text, "]]>", position)
        elif text.startswith("<?", position):
            position = _past(text, "?>", position)
        elif text.startswith("<!", position):
            position = declaration_end(text, position)
        else:
            match = _TAG.match(text, position)
            if match is None:  # not reached: lxml accepted the document
                raise _lost(path, text, position)
            if pending is not None:
                pending[0][pending[1]] = position
            if match.group(1):  # an end tag
                number = stack.pop()
                close_ends[number] = match.end()
                pending = (tail_ends, number)
            else:
                number = len(names)
                names.append(match.group(2).rpartition(":")[2])
                starts.append(position)
                open_ends.append(match.end())
                text_ends.append(match.end())
                close_ends.append(match.end())
                tail_ends.append(len(text))
                if match.group(0).endswith("/>"):
                    pending = (tail_ends, number)
                else:
                    stack.append(number)
                    pending = (text_ends, number)
            position = match.end()
        position = text.find("<", position)
    elements = list(root.iter())
    if [xmlio.local_name(element) for element in elements] != names:
        raise _lost(path, text, 0)
    return Layout(
        text=text,
        line_starts=(0, *(match.end() for match in _BREAK.finditer(text))),
        index={element: number for number, element in enumerate(elements)},
        starts=tuple(starts),
        open_ends=tuple(open_ends),
        text_ends=tuple(text_ends),
        close_ends=tuple(close_ends),
        tail_ends=tuple(tail_ends),
    )


def _past(text: str, marker: str, position: int) -> int:
    """Just past the next ``marker`` (the end of the text if there is none)."""
    found = text.find(marker, position)
    return len(text) if found < 0 else found + len(marker)


def _lost(path: str, text: str, position: int) -> InputError:
    line = text.count("\n", 0, position) + 1
    return InputError(
        "cannot map the XML elements onto the file's lines",
        path=path,
        line=line,
        hint="please report this file; re-saving it from your CAT tool may help",
    )


# --- character data ------------------------------------------------------------------------------


def add_text(layout: Layout, element: xmlio.Element, builder: TextBuilder) -> None:
    """Append the element's own text (before its first child) to ``builder``."""
    number = layout.index[element]
    _add_data(layout, layout.open_ends[number], layout.text_ends[number], builder)


def add_tail(layout: Layout, element: xmlio.Element, builder: TextBuilder) -> None:
    """Append the text after the element's end (before its next sibling) to ``builder``."""
    number = layout.index[element]
    _add_data(layout, layout.close_ends[number], layout.tail_ends[number], builder)


def _add_data(layout: Layout, start: int, end: int, builder: TextBuilder) -> None:
    """Character data between two tags: references decoded, CDATA unwrapped, comments and
    processing instructions left out, line ends read as LF."""
    text = layout.text
    builder.mark(*layout.line_col(start))
    position = start
    while position < end:
        match = _SPECIAL.search(text, position, end)
        special = end if match is None else match.start()
        _add_raw(layout, position, special, builder)
        if special >= end:
            return
        if text[special] == "&":
            close = text.index(";", special)
            position = close + 1
            builder.written(
                _reference(text[special + 1 : close]),
                layout.line_col(special),
                layout.line_col(position),
            )
        elif text.startswith("<![CDATA[", special):
            close = text.index("]]>", special)
            _add_raw(layout, special + 9, close, builder)
            position = close + 3
        else:  # a comment or processing instruction
            position = _past(text, "-->" if text.startswith("<!--", special) else "?>", special)
        builder.mark(*layout.line_col(position))


def _add_raw(layout: Layout, start: int, end: int, builder: TextBuilder) -> None:
    """Literal characters, each line end one LF at the position of its first character."""
    position = start
    for match in _BREAK.finditer(layout.text, start, end):
        builder.add(layout.text[position : match.start()], *layout.line_col(position))
        builder.add("\n", *layout.line_col(match.start()))
        position = match.end()
    builder.add(layout.text[position:end], *layout.line_col(position))


def _reference(name: str) -> str:
    """The character of an entity or character reference (without ``&`` and ``;``)."""
    if name.startswith("#x"):
        return chr(int(name[2:], 16))
    if name.startswith("#"):
        return chr(int(name[1:]))
    return _NAMED[name]


# --- segments ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InlineSyntax:
    """A format's inline elements: rules by local name, for elements in ``namespace``.

    Elements of other namespaces, and unknown ones, wrap text (their text is kept).
    ``deleted`` names the elements, by local name, attribute and value, that hold text a
    reviewer deleted under tracked changes: the text is not part of the segment, and neither
    is its marker (Trados keeps a deletion in the target as ``<mrk mtype="x-sdl-deleted">``
    until it is accepted or rejected).
    """

    namespace: str | None
    rules: Mapping[str, CodeRule]
    deleted: frozenset[tuple[str, str, str]] = frozenset()
    #: Markers (by local name, attribute and value) of text that must stay as it is (XLIFF
    #: 1.2 ``mtype="protected"``, XLIFF 2 ``translate="no"``): read as codes, which the
    #: target must keep, not as annotations it need not repeat.
    protected: frozenset[tuple[str, str, str]] = frozenset()


_WRAP = CodeRule("wrap", None, ())


def inline_text(
    layout: Layout,
    element: xmlio.Element,
    syntax: InlineSyntax,
    data: Mapping[str, str] | None = None,
) -> SegmentText:
    """The text of ``element`` between its inline codes, with anchors into the file.

    ``data`` maps XLIFF 2 ``originalData`` ids to the native codes they hold, which become the
    content of codes that reference them (``dataRef``, ``dataRefStart``, ``dataRefEnd``).
    """
    builder = TextBuilder()
    _add_content(layout, element, syntax, data or {}, builder)
    return builder.build()


def _add_content(
    layout: Layout,
    element: xmlio.Element,
    syntax: InlineSyntax,
    data: Mapping[str, str],
    builder: TextBuilder,
) -> None:
    add_text(layout, element, builder)
    for child in element:
        _add_code(layout, child, syntax, data, builder)
        add_tail(layout, child, builder)


def _add_code(
    layout: Layout,
    element: xmlio.Element,
    syntax: InlineSyntax,
    data: Mapping[str, str],
    builder: TextBuilder,
) -> None:
    name = xmlio.local_name(element)
    ours = xmlio.namespace(element) == syntax.namespace
    rule = syntax.rules.get(name, _WRAP) if ours else _WRAP
    code_id = next((element.get(key) for key in rule.ids if element.get(key) is not None), "")
    if ours and (name == "sub" or _named(element, name, syntax.deleted)):
        return
    if ours and name == "cp":  # XLIFF 2: a character XML cannot hold, written as its number
        past = layout.close_ends[layout.index[element]]
        builder.written(
            chr(int(element.get("hex", "0"), 16)), layout.position(element), layout.line_col(past)
        )
        return
    marker = rule.annotation and not _named(element, name, syntax.protected)
    if rule.handling == "wrap":
        start = data.get(element.get("dataRefStart", ""), "")
        builder.code(name, "open", code_id, start, annotation=marker)
        _add_content(layout, element, syntax, data, builder)
        end = data.get(element.get("dataRefEnd", ""), "")
        builder.code(name, "close", code_id, end, annotation=marker)
        return
    kind = rule.kind or _position_kind(element.get("pos", ""))
    if rule.handling == "native":
        content = _native(element)
    else:
        content = data.get(element.get("dataRef", ""), element.get("equiv", ""))
    builder.code(name, kind, code_id, content, annotation=marker)


def _named(element: xmlio.Element, name: str, specs: frozenset[tuple[str, str, str]]) -> bool:
    """Whether ``element`` (local ``name``) is one of ``specs``: (local name, attribute,
    value), such as :attr:`InlineSyntax.deleted`."""
    return any(
        name == local and element.get(attribute) == value for local, attribute, value in specs
    )


def _position_kind(pos: str) -> CodeKind:
    """An isolated code's kind from its ``pos`` (TMX, XLIFF 1.2 ``it``)."""
    if pos in ("begin", "open"):
        return "open"
    if pos in ("end", "close"):
        return "close"
    return "standalone"


def _native(element: xmlio.Element) -> str:
    """A native code's own text: its children's text left out for ``sub``, kept otherwise."""
    parts = [element.text or ""]
    for child in element:
        if xmlio.local_name(child) != "sub":
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return "".join(parts)
