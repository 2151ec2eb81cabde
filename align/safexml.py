"""The one safe lxml configuration for every untrusted HTML or XML file the toolkit reads.

Follows the OWASP XML External Entity Prevention Cheat Sheet: entities are never resolved,
DTDs are never loaded, nothing is fetched from the network, XInclude is never processed, and
libxml2's resource limits stay on (``huge_tree=False``: at most 256 levels of nesting and
10 MB per text node). XML that declares entities at all is refused, as defusedxml does, so an
expansion bomb is an error rather than a hang.
"""

from __future__ import annotations

from lxml import etree

from align.errors import InputError


def safe_html_parser(encoding: str | None = None) -> etree.HTMLParser:
    """A new HTML parser: no network, no huge trees, comments and processing instructions dropped.

    ``encoding`` overrides any ``<meta charset>`` in the page (give it when you decoded it).

    libxml2's HTML parser knows only the HTML named character references; a ``<!DOCTYPE [...]>``
    internal subset is not interpreted, so ``&xxe;`` stays literal text.
    """
    return etree.HTMLParser(no_network=True, huge_tree=False, remove_comments=True,
                            remove_pis=True, recover=True, default_doctype=False,
                            encoding=encoding)


def safe_xml_parser() -> etree.XMLParser:
    """A new XML parser: entities unresolved, no DTD loading or validation, no network."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, attribute_defaults=False, huge_tree=False,
                           remove_comments=True, remove_pis=True, collect_ids=False)


def parse_xml(data: bytes, path: str) -> etree._Element:
    """Parse untrusted XML bytes; any problem is an ``InputError`` naming ``path`` and the line."""
    parser = safe_xml_parser()
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        line = error.lineno if error.lineno and error.lineno > 0 else None
        raise InputError(f"not well-formed XML: {error.msg}", path=path, line=line,
                         hint="check the file is complete and valid XML") from error
    if root is None:
        raise InputError("empty XML document", path=path, hint="check the file is complete")
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise InputError("XML entity declarations are not allowed", path=path,
                         hint="remove the <!ENTITY ...> declarations from the DOCTYPE")
    return root


def parse_html(text: str, path: str) -> etree._Element | None:
    """Parse an untrusted HTML page (already decoded); ``None`` when it holds no elements."""
    if not text.strip():
        return None
    # Bytes with an explicit parser encoding: lxml refuses str input that declares an encoding,
    # and the page's own <meta charset> must not override how the reader decoded it.
    try:
        root = etree.fromstring(text.encode("utf-8"), safe_html_parser("utf-8"))
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as error:
        raise InputError(f"cannot parse HTML: {error}", path=path,
                         hint="check the file is a saved web page") from error
    return root
