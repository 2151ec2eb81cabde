"""Bilingual files of the translation trade (XLIFF 1.2 and 2.x, TMX, gettext PO) → segments.

A CAT tool's export holds each source text next to its translation; reading it as a
:class:`~align.models.BilingualFile` lets the checks run on pairs that need no alignment, and
report ``file:line:column`` in the file the translator has open. The format is told by content,
not by the file name (``.xlf``, ``.sdlxliff``, ``.mqxliff`` and ``.txt`` exports all occur): the
XML root element (``<xliff version="1.x">``, ``<xliff version="2.x">``, ``<tmx>``) or a PO entry
(``msgid "..."`` after optional comments). Every XML file goes through the one safe parser of
:mod:`align.xmlio` (no entities, no DTDs, no network); :mod:`align.read.xmltext` maps lxml's tree
onto the decoded text for positions. The formats themselves are read in
:mod:`align.read.xliff`, :mod:`align.read.tmx` and :mod:`align.read.po`, whose docstrings give
the rules for ids, languages and the fuzzy flag.
"""

from __future__ import annotations

import codecs
import logging
import os
import re
from collections.abc import Callable
from dataclasses import replace

from align import limits, xmlio
from align.errors import InputError
from align.models import BilingualFile, BilingualFormat
from align.read import po, readers, tmx, xliff, xmltext
from align.shown import shown
from align.text import languages

LOG = logging.getLogger("align")

#: How much of a file :func:`detect_bilingual` reads.
HEAD_BYTES = 16384

XmlReader = Callable[["xmlio.Element", xmltext.Layout, str, str | None, str | None], BilingualFile]
XML_READERS: dict[BilingualFormat, XmlReader] = {
    "xliff12": xliff.read_xliff12,
    "xliff2": xliff.read_xliff2,
    "tmx": tmx.read_tmx,
}

_PO_START = re.compile(rb"(?:[ \t]*(?:#[^\n]*)?\r?\n)*[ \t]*(?:msgctxt|msgid)[ \t]*\"")
_ROOT = re.compile(r"<([^\s/>!?]+)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_ATTRIBUTE = re.compile(r"([^\s=]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")


def detect_bilingual(path: str) -> BilingualFormat | None:
    """The bilingual format of ``path`` from its first bytes, or ``None`` (an article, HTML,
    any other XML, an XLIFF of a version we do not read). A file that cannot be opened is an
    ``InputError``."""
    return _detect(path)[0]


def looks_bilingual(path: str) -> bool:
    """Whether ``path`` is meant as a bilingual file: a PO file, or XML whose root is ``<xliff>``
    or ``<tmx>`` in any version (:func:`read_bilingual` then says what is wrong with it), so
    that no command reads an unsupported XLIFF as an article."""
    return _detect(path)[1]


def _detect(path: str) -> tuple[BilingualFormat | None, bool]:
    head = readers.read_head(path, HEAD_BYTES)
    if _is_po(head) or _is_utf16_po(head):
        return "po", True
    root = _root_start(_decoded_head(head, path))
    if root is None:
        return None, False
    name, attributes, _ = root
    prefix = name.rpartition(":")[0]
    namespace = attributes.get(f"xmlns:{prefix}" if prefix else "xmlns")
    local = name.rpartition(":")[2]
    return _xml_format(local, attributes.get("version"), namespace), local in ("xliff", "tmx")


#: The extensions CAT tools give bilingual files, and the format each names.
NAMED_FORMATS = {
    ".xlf": "XLIFF",
    ".xliff": "XLIFF",
    ".sdlxliff": "XLIFF",
    ".mqxliff": "XLIFF",
    ".tmx": "TMX",
    ".po": "PO",
    ".pot": "PO",
}


def refuse_as_article(
    path: str,
    *,
    expected: str = "an article",
    hint: str = "give it alone: 'align check FILE' checks its segment pairs",
) -> None:
    """Refuse a bilingual file given where an article (or what else is ``expected``) is read:
    its markup would be split and aligned as sentences, or scored as lines. The ``hint`` says
    how to use it instead."""
    if looks_bilingual(path):
        raise InputError(
            f"is a bilingual file (XLIFF, TMX or PO), not {expected}", path=path, hint=hint
        )


def warn_misnamed(path: str) -> None:
    """Warn that ``path``, named as a bilingual file but (as the caller found) not one, is read
    as an article. Formats are told by content, by design (exports named ``.txt`` occur); but
    an export that broke, or an article saved under the wrong name, would otherwise give an
    article's results without a word where the user expects segment pairs."""
    suffix = os.path.splitext(path)[1].lower()
    named = NAMED_FORMATS.get(suffix)
    if named is not None:
        LOG.warning(
            "%s: warning: named %s, but its content is not %s; read as an article (export it "
            "again from your CAT tool, or rename it)",
            shown(path),
            suffix,
            named,
        )


def expect_article(path: str) -> None:
    """Check ``path`` before it is read as an article: refused when it is a bilingual file,
    a warning when only its name says so (:func:`refuse_as_article`, :func:`warn_misnamed`)."""
    refuse_as_article(path)
    warn_misnamed(path)


def read_bilingual(
    path: str, *, source_lang: str | None = None, target_lang: str | None = None
) -> BilingualFile:
    """Read an XLIFF, TMX or PO file; every problem is a one-line ``InputError``.

    ``source_lang``/``target_lang`` replace the languages the file declares (and choose the
    variants of a TMX unit). Files larger than ``--max-bytes`` are refused (:mod:`align.limits`).
    """
    data = readers.read_bytes(path, limits.max_bytes())
    if _is_utf16_po(data[:HEAD_BYTES]):
        raise InputError(
            "a PO file in UTF-16",
            path=path,
            hint="save it as UTF-8: gettext reads PO files in UTF-8 or another ASCII-based charset",
        )
    if _is_po(data[:HEAD_BYTES]):
        text = po.decode_po(data, path)
        return _warn_empty(
            _warn_overridden(replace(po.read_po(text, path, source_lang, target_lang), text=text))
        )
    root_start = _root_start(_decoded_head(data[:HEAD_BYTES], path))
    if root_start is None:
        raise InputError("not an XLIFF, TMX or PO file", path=path, hint=_GIVE_FILE_OR_PAIR)
    name, _, line = root_start
    if name.rpartition(":")[2] not in ("xliff", "tmx"):  # an HTML page, a TBX glossary...
        raise _not_bilingual(name, line, path)
    text = xmlio.decode_xml(data, path)
    root = xmlio.parse_xml_text(text, path)
    layout = xmltext.layout(text, root, path)
    name = xmlio.local_name(root)
    found = _xml_format(name, root.get("version"), xmlio.namespace(root))
    if found is None:
        raise _unsupported(root, layout, path)
    document = XML_READERS[found](root, layout, path, source_lang, target_lang)
    chosen = found == "tmx" and bool(source_lang or target_lang)
    return _warn_empty(_warn_overridden(replace(document, text=text)), chosen=chosen)


def _warn_empty(document: BilingualFile, *, chosen: bool = False) -> BilingualFile:
    """``document``, after a warning when it holds no segment with source text: an export
    of the wrong scope (every unit locked or ``translate="no"``, an empty template) would
    otherwise read as a clean file, ``no findings``. Not when the language options ``chosen``
    the segments (a TMX's variants: the reader says what the options missed)."""
    if not chosen and not any(segment.source.text.strip() for segment in document.segments):
        LOG.warning(
            "%s: warning: no segment with source text to check (%s); export it again from "
            "your CAT tool",
            shown(document.path),
            f"{len(document.segments)} without text"
            if document.segments
            else "no translatable unit or entry",
        )
    return document


def _warn_overridden(document: BilingualFile) -> BilingualFile:
    """``document``, after a warning for each language the file declares that the option
    replaced with another (``ko`` and ``ko-KR`` agree: the primary languages are compared, as
    matching does): a CAT tool's export usually knows its languages, so a disagreement is
    more often a mistyped option than a wrong file, and the user should see which one won."""
    for declared, used, option in (
        (document.declared[0], document.source_lang, "--src-lang"),
        (document.declared[1], document.target_lang, "--tgt-lang"),
    ):
        if declared and languages.primary_language(declared) != languages.primary_language(used):
            LOG.warning(
                "%s: warning: the file declares %s %s, %s gives %s; %s wins",
                shown(document.path),
                "source language" if option == "--src-lang" else "target language",
                declared,
                option,
                used,
                option,
            )
    return document


def _xml_format(name: str, version: str | None, namespace: str | None) -> BilingualFormat | None:
    """The format of an XML document by its root's local name, ``version`` and namespace."""
    if name == "tmx":
        return "tmx"
    if name != "xliff":
        return None
    if version is None and namespace:
        version = namespace.rpartition(":")[2]  # urn:oasis:names:tc:xliff:document:2.0
    if version is not None and version.startswith("1."):
        return "xliff12"
    if version is not None and version.startswith("2."):
        return "xliff2"
    return None


def _unsupported(root: xmlio.Element, layout: xmltext.Layout, path: str) -> InputError:
    line = layout.position(root)[0]
    name = xmlio.local_name(root)
    if name == "xliff":
        return InputError(
            f'<xliff version="{root.get("version", "")}"> is not XLIFF 1.2 or 2.x',
            path=path,
            line=line,
            hint="export XLIFF 1.2 or 2.1 from your CAT tool",
        )
    return _not_bilingual(name, line, path)


_GIVE_FILE = "give an XLIFF 1.2 or 2.x, TMX or gettext PO file"
_GIVE_FILE_OR_PAIR = _GIVE_FILE + ", or an article with its translation: SRC TGT"
"""An article (text or saved page) given alone most likely lacks its translation: the
commands that take one bilingual FILE (check, score, report) take SRC TGT as well."""


def _not_bilingual(name: str, line: int, path: str) -> InputError:
    return InputError(
        f"the root element <{name}> is not <xliff> or <tmx>",
        path=path,
        line=line,
        hint=_GIVE_FILE_OR_PAIR if name.lower() == "html" else _GIVE_FILE,
    )


def _is_po(head: bytes) -> bool:
    return bool(_PO_START.match(head.removeprefix(codecs.BOM_UTF8)))


def _is_utf16_po(head: bytes) -> bool:
    """Whether ``head`` starts a PO file saved as UTF-16 with its byte-order mark (Windows
    editors' "Unicode"), which no gettext tool reads: told apart so that it is refused as
    such, not called "not an XLIFF, TMX or PO file" or linted as an article."""
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            text = head[len(bom) :].decode(codec, errors="replace")
            return _is_po(text.encode("utf-8"))
    return False


def _decoded_head(head: bytes, path: str) -> str:
    """The first characters of an XML file in its encoding (a cut character dropped)."""
    try:
        codec = xmlio.xml_encoding(head, path)
    except InputError:
        codec = "utf-8"
    decoder = codecs.getincrementaldecoder(codec)(errors="replace")
    return decoder.decode(head).removeprefix("\ufeff")


def _root_start(head: str) -> tuple[str, dict[str, str], int] | None:
    """The root element's name, attributes and line, past the prolog; ``None`` if the head
    is not the start of an XML document."""
    position = 0
    while True:
        while position < len(head) and head[position] in " \t\r\n":
            position += 1
        if head.startswith("<?", position) or head.startswith("<!--", position):
            marker = "?>" if head.startswith("<?", position) else "-->"
            end = head.find(marker, position)
            if end < 0:
                return None
            position = end + len(marker)
        elif head.startswith("<!", position):
            position = xmltext.declaration_end(head, position)
        else:
            match = _ROOT.match(head, position)
            if match is None:
                return None
            attributes = {
                found.group(1): found.group(2) if found.group(2) is not None else found.group(3)
                for found in _ATTRIBUTE.finditer(match.group(2))
            }
            return match.group(1), attributes, head.count("\n", 0, position) + 1
