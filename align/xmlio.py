"""XML and HTML through lxml, the one module that imports it: the safe configuration for every
untrusted file the toolkit reads, and the small element API its writers build with.

Reading
-------

Follows the OWASP XML External Entity Prevention Cheat Sheet: entities are never resolved,
DTDs are never loaded, nothing is fetched from the network, XInclude is never processed, and
libxml2's resource limits stay on (``huge_tree=False``: at most 256 levels of nesting and
10 MB per text node). XML that declares entities at all is refused, as defusedxml does, so an
expansion bomb is an error rather than a hang.

libxml2 (2.14) opens a DOCTYPE's external subset and external parameter entities even when DTD
loading is off, so both are dealt with before libxml2 sees the bytes: ``<!ENTITY`` anywhere is
refused, and the external identifier of the DOCTYPE (``SYSTEM "..."``/``PUBLIC "..." "..."``) is
blanked out (TBX v2 files name ``TBXcoreStructV02.dtd`` there; the DTD is never needed).

Writing
-------
Writers (TMX, TBX, the HTML report) build trees with :func:`element` and :func:`sub`, serialise
them with :func:`to_bytes`, or stream units with :func:`stream_writer`. :func:`xml_text` replaces
the characters XML 1.0 cannot hold.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any, TypeAlias

from align.charsets import text_codec
from align.errors import InputError
from align.shown import shown

if TYPE_CHECKING:
    from lxml import etree

    Element: TypeAlias = etree._Element
    """An element of a parsed or built tree."""


def __getattr__(name: str) -> Any:
    # lxml loads on first use (each function imports it), not with this module: reading a
    # plain text file, as ``align lint`` mostly does, needs no XML (PEP 562 module attribute).
    if name == "Element":
        from lxml import etree

        return etree._Element
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
"""The ``xml:lang`` attribute's qualified name."""

# Characters XML 1.0 cannot hold (C0 controls but tab, LF, CR; non-characters; surrogates).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def safe_html_parser(encoding: str | None = None) -> etree.HTMLParser:
    """A new HTML parser: no network, no huge trees, comments and processing instructions dropped.

    ``encoding`` overrides any ``<meta charset>`` in the page (give it when you decoded it).

    libxml2's HTML parser knows only the HTML named character references; a ``<!DOCTYPE [...]>``
    internal subset is not interpreted, so ``&xxe;`` stays literal text.
    """
    from lxml import etree

    return etree.HTMLParser(
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        recover=True,
        default_doctype=False,
        encoding=encoding,
    )


def safe_xml_parser(encoding: str | None = None) -> etree.XMLParser:
    """A new XML parser: entities unresolved, no DTD loading or validation, no network.

    ``encoding`` overrides the document's XML declaration (give it when you re-encoded it).
    """
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        attribute_defaults=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
        encoding=encoding,
    )


_QUOTED = rb"(?:\"[^\"]*\"|'[^']*')"
_EXTERNAL_ID = re.compile(
    rb"<!DOCTYPE\s+[^\s\[>]+(\s+(?:SYSTEM\s*"
    + _QUOTED
    + rb"|PUBLIC\s*"
    + _QUOTED
    + rb"\s*"
    + _QUOTED
    + rb"))"
)
# XML 1.0 appendix F: byte-order marks and BOM-less starts of UTF-16/UTF-32 documents.
_WIDE_STARTS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00", "utf-16-le"),
    (b"\x00<", "utf-16-be"),
)


def _as_utf8(data: bytes, path: str) -> tuple[bytes, str | None]:
    """UTF-16/32 documents re-encoded as UTF-8 (so the checks below see ASCII markup), with the
    encoding the parser must then assume; other documents unchanged."""
    for start, codec in _WIDE_STARTS:
        if data.startswith(start):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as error:
                raise InputError(
                    f"not well-formed XML: invalid {codec}",
                    path=path,
                    hint="check the file is complete and valid XML",
                ) from error
            return text.removeprefix("\ufeff").encode("utf-8"), "utf-8"
    return data, None


def _defuse(data: bytes, path: str) -> bytes:
    """Refuse entity declarations; blank out the DOCTYPE's external identifier."""
    where = data.find(b"<!ENTITY")
    if where >= 0:
        raise InputError(
            "XML entity declarations are not allowed",
            path=path,
            line=data.count(b"\n", 0, where) + 1,
            hint="remove the <!ENTITY ...> declarations from the DOCTYPE",
        )
    match = _EXTERNAL_ID.match(data, _prolog_end(data))
    if match is None:
        return data
    blank = re.sub(rb"[^\n]", b" ", match.group(1))  # same length and lines: positions hold
    return data[: match.start(1)] + blank + data[match.end(1) :]


def _prolog_end(data: bytes) -> int:
    """Where the DOCTYPE may start: past a BOM, the XML declaration, comments, PIs and space.

    A scan rather than a regular expression: nested repetition over comments and white space
    backtracks exponentially on a long prolog that holds no DOCTYPE.
    """
    position = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    while True:
        while position < len(data) and data[position] in b" \t\r\n":
            position += 1
        for start, end in ((b"<?", b"?>"), (b"<!--", b"-->")):
            if data.startswith(start, position):
                close = data.find(end, position + len(start))
                if close < 0:
                    return position
                position = close + len(end)
                break
        else:
            return position


def parse_xml(data: bytes, path: str) -> etree._Element:
    """Parse untrusted XML bytes; any problem is an ``InputError`` naming ``path`` and the line."""
    data, encoding = _as_utf8(data, path)
    return _parse(_defuse(data, path), path, encoding)


def parse_xml_text(text: str, path: str) -> etree._Element:
    """Parse untrusted XML already decoded (by :func:`decode_xml`), with the checks of
    :func:`parse_xml`; the tree's characters and lines are those of ``text``, whatever encoding
    its declaration names, so a reader can map the tree back onto ``text``."""
    return _parse(_defuse(text.encode("utf-8"), path), path, "utf-8")


def _parse(data: bytes, path: str, encoding: str | None) -> etree._Element:
    from lxml import etree

    parser = safe_xml_parser(encoding)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        line = error.lineno if error.lineno and error.lineno > 0 else None
        raise InputError(
            f"not well-formed XML: {error.msg}",
            path=path,
            line=line,
            hint="check the file is complete and valid XML",
        ) from error
    if root is None:
        raise InputError("empty XML document", path=path, hint="check the file is complete")
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise InputError(
            "XML entity declarations are not allowed",
            path=path,
            hint="remove the <!ENTITY ...> declarations from the DOCTYPE",
        )
    return root


_DECLARED = re.compile(rb"<\?xml[^>]*?\sencoding\s*=\s*[\"']([A-Za-z][\w.:-]*)[\"']")


def xml_encoding(data: bytes, path: str) -> str:
    """The codec an XML processor reads ``data`` with (XML 1.0 appendix F): a byte-order mark
    or a UTF-16/32 start decides, else the XML declaration's ``encoding``, else UTF-8.

    An EUC-KR label means CP949, its Windows superset, as the WHATWG Encoding Standard maps it;
    a UTF-16/32 label on a document that starts in ASCII is wrong by construction (UTF-8)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    for start, codec in _WIDE_STARTS:
        if data.startswith(start):
            return codec
    match = _DECLARED.match(data, 0, 1024)
    if match is None:
        return "utf-8"
    label = match.group(1).decode("ascii")
    declared = text_codec(label)
    if declared is None:
        raise InputError(
            f"unknown encoding {label!r} in the XML declaration",
            path=path,
            hint="re-save the file as UTF-8",
        )
    if declared in ("euc_kr", "cp949"):
        return "cp949"
    return "utf-8" if declared.startswith(("utf_16", "utf_32", "utf-16", "utf-32")) else declared


def decode_xml(data: bytes, path: str) -> str:
    """The characters of an XML document as its parser sees them (byte-order mark removed);
    bytes its encoding cannot decode are an ``InputError`` naming the line."""
    codec = xml_encoding(data, path)
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError(
            f"cannot decode as {codec}: invalid byte 0x{data[error.start]:02x}",
            path=path,
            line=line,
            hint="fix the encoding in the XML declaration, or re-save the file as UTF-8",
        ) from error
    return text.removeprefix("\ufeff")


def parse_html(text: str, path: str) -> etree._Element | None:
    """Parse an untrusted HTML page (already decoded); ``None`` when it holds no elements."""
    from lxml import etree

    if not text.strip():
        return None
    # Bytes with an explicit parser encoding: lxml refuses str input that declares an encoding,
    # and the page's own <meta charset> must not override how the reader decoded it.
    try:
        root = etree.fromstring(text.encode("utf-8"), safe_html_parser("utf-8"))
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as error:
        raise InputError(
            f"cannot parse HTML: {error}", path=path, hint="check the file is a saved web page"
        ) from error
    return root


# --- building and writing ------------------------------------------------------------------------


def _not_xml(match: re.Match[str]) -> str:
    # A surrogate escape is a file name's undecodable byte: shown as \xNN, as everywhere.
    return shown(match.group()) if "\udc80" <= match.group() <= "\udcff" else "\ufffd"


def xml_text(text: str) -> str:
    """``text`` with every character XML 1.0 cannot hold replaced by U+FFFD (the undecodable
    bytes of a file name by ``\\xNN``, see :func:`align.shown.shown`)."""
    return _NOT_XML.sub(_not_xml, text)


def element(
    tag: str,
    attributes: Mapping[str, str] | None = None,
    *,
    nsmap: Mapping[str | None, str] | None = None,
    text: str | None = None,
) -> Element:
    """A new root element (text and attribute values made XML-safe with :func:`xml_text`)."""
    from lxml import etree

    built = etree.Element(tag, _safe_attributes(attributes), nsmap=nsmap)
    if text is not None:
        built.text = xml_text(text)
    return built


def _safe_attributes(attributes: Mapping[str, str] | None) -> dict[str, str]:
    return {name: xml_text(value) for name, value in (attributes or {}).items()}


def sub(
    parent: Element,
    tag: str,
    attributes: Mapping[str, str] | None = None,
    *,
    text: str | None = None,
) -> Element:
    """A new last child of ``parent`` (text and attribute values made XML-safe: a control
    character in an article or a glossary note must not stop a report or a TBX export)."""
    from lxml import etree

    child = etree.SubElement(parent, tag, _safe_attributes(attributes))
    if text is not None:
        child.text = xml_text(text)
    return child


def local_name(node: Element) -> str:
    """The tag without its namespace (``""`` for comments and processing instructions)."""
    tag = node.tag  # "{namespace}local" or "local"; not a string for comments
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def namespace(node: Element) -> str | None:
    """The namespace URI of ``node``'s tag, if it has one."""
    tag = node.tag
    if isinstance(tag, str) and tag.startswith("{"):
        return tag[1 : tag.index("}")]
    return None


def to_bytes(
    root: Element,
    *,
    method: str = "xml",
    declaration: bool = True,
    pretty: bool = True,
    doctype: str | None = None,
    instructions: Sequence[tuple[str, str]] = (),
) -> bytes:
    """``root`` serialised as UTF-8: XML (with its declaration) or HTML.

    ``doctype`` is written verbatim before the root (``<!DOCTYPE martif SYSTEM "...">``), and
    each ``(target, text)`` of ``instructions`` as a processing instruction before it, in order
    (``<?xml-model href="..."?>``). ``root`` is a tree being written: the instructions are added
    to it.
    """
    from lxml import etree

    if method == "html":
        data: bytes = etree.tostring(root, method="html", encoding="utf-8")
        return data
    if doctype is None and not instructions:
        data = etree.tostring(
            root, encoding="UTF-8", xml_declaration=declaration, pretty_print=pretty
        )
        return data
    for target, text in instructions:
        root.addprevious(etree.ProcessingInstruction(target, text))
    data = etree.tostring(
        root.getroottree(),
        encoding="UTF-8",
        xml_declaration=declaration,
        pretty_print=pretty,
        doctype=doctype,
    )
    return data


@contextmanager
def stream_writer(stream: IO[Any]) -> Iterator[Any]:
    """An incremental UTF-8 XML writer on ``stream`` (lxml's ``xmlfile``): ``element(tag)``
    opens an element as a context, ``write(element_or_text, pretty_print=...)`` appends."""
    from lxml import etree

    with etree.xmlfile(stream, encoding="UTF-8") as writer:
        writer.write_declaration()
        yield writer
