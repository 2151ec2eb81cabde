"""Bytes on disk → ``Article``: encoding detection, binary refusal, and the blocks of plain text.

Encodings are detected as the WHATWG Encoding Standard's "BOM sniffing" step does (a UTF-8,
UTF-16 or UTF-32 byte-order mark wins), then strict UTF-8, then CP949 (the Windows superset of
EUC-KR that Korean files commonly use) when the result reads as Korean text. Anything else
is an error that suggests saving as UTF-8 (or ``align split --encoding``). The BOM is removed;
plain text is otherwise kept exactly as decoded (no NFC, no newline conversion), because every
sentence span and every ``path:line:col`` a finding reports indexes it. HTML pages go to
``align.read.extract``.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from align import limits
from align.charsets import text_codec
from align.errors import ConfigError, ExportError, InputError
from align.models import Article, Block, Role
from align.read import extract, roles
from align.text.normalize import LineIndex, detect_lang, display_text

#: Default ``max_bytes``: far above any article, far below what exhausts memory.
DEFAULT_MAX_BYTES = limits.DEFAULT_MAX_BYTES

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Magic numbers of formats people drop into a folder of articles by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or .docx/.xlsx/.epub)"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x28\xb5\x2f\xfd", "a zstd archive"),
    (b"\x7fELF", "a program"),
    (b"MZ\x90\x00", "a Windows program"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"PAR1", "a Parquet file"),
    (b"RIFF", "a RIFF media file"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"),
    (b"\x00\x00\x00", "a binary file"),
)

_CONTROL = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_HTML_SNIFF = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html)",
    re.IGNORECASE | re.DOTALL,
)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


def read_article(
    path: str, *, encoding: str | None = None, max_bytes: int | None = None
) -> Article:
    """Read a plain-text or HTML article; every problem is a one-line ``InputError``.

    ``encoding`` overrides detection; ``max_bytes`` (default: ``--max-bytes``, see
    :mod:`align.limits`) refuses larger files.
    """
    data = read_bytes(path, limits.max_bytes() if max_bytes is None else max_bytes)
    return article_from_bytes(data, path, encoding=encoding)


def article_from_bytes(data: bytes, path: str, *, encoding: str | None = None) -> Article:
    """The article that ``data``, the content of ``path``, holds (see :func:`read_article`):
    for a caller that must know exactly which bytes it read (``lint --fix``)."""
    text, used, is_html = text_from_bytes(data, path, encoding=encoding)
    if is_html:
        return extract.extract_html(text, path, encoding=used)
    return parse_text(text, path, encoding=used)


def read_text(
    path: str, *, encoding: str | None = None, max_bytes: int | None = None
) -> tuple[str, str, bool]:
    """The decoded text of ``path`` (BOM removed), the encoding used, and whether it is HTML.

    The first half of :func:`read_article`, for callers that want the lines as they are
    (``--presplit``) without role blocks.
    """
    data = read_bytes(path, limits.max_bytes() if max_bytes is None else max_bytes)
    return text_from_bytes(data, path, encoding=encoding)


def text_from_bytes(
    data: bytes, path: str, *, encoding: str | None = None
) -> tuple[str, str, bool]:
    """:func:`read_text` of bytes already read from ``path``."""
    is_html = Path(path).suffix.lower() in HTML_SUFFIXES or bool(_HTML_SNIFF.match(data[:4096]))
    declared = _declared_charset(data) if encoding is None and is_html else None
    text, used = (
        _decode_declared(data, path, declared)
        if declared
        else decode(data, path, encoding=encoding)
    )
    # A UTF-16 page is only recognisable once decoded.
    is_html = is_html or bool(_HTML_SNIFF.match(text[:4096].encode("utf-8", "replace")))
    return text, used, is_html


def read_bytes(path: str, max_bytes: int) -> bytes:
    """The bytes of ``path`` within ``max_bytes``; a missing, unreadable or too large file is a
    one-line ``InputError``."""
    if max_bytes <= 0:
        raise ConfigError(f"--max-bytes must be positive, not {max_bytes}")
    with _reading(path):
        # At most one byte past the limit, allocating what the file holds, not the limit.
        return limits.read_limited(path, max_bytes)


def read_head(path: str, size: int) -> bytes:
    """The first ``size`` bytes of ``path``, to tell its format, with the errors of
    :func:`read_bytes`: whichever reads a file first, the user reads one wording."""
    with _reading(path), open(path, "rb") as stream:
        return stream.read(size)


@contextlib.contextmanager
def _reading(path: str) -> Iterator[None]:
    """Turn the ways opening ``path`` fails into one-line ``InputError``s."""
    try:
        if os.path.isdir(path):
            raise InputError("is a folder, not a file", path=path, hint="give a file")
        yield
    except FileNotFoundError as error:
        raise InputError("no such file", path=path, hint="check the path") from error
    except PermissionError as error:
        raise InputError(
            "permission denied", path=path, hint="check the file is readable"
        ) from error
    except OSError as error:
        raise InputError(
            f"cannot read: {error.strerror or error}",
            path=path,
            hint="check the path names a readable file",
        ) from error


def files_under(folder: Path) -> list[Path]:
    """Everything under ``folder``, recursively, in name order; a folder that cannot be read
    while it is walked (a network share gone, a folder removed meanwhile) is a one-line
    ``InputError`` naming it, as an unreadable file is."""
    try:
        return sorted(folder.rglob("*"))
    except OSError as error:
        where = error.filename if isinstance(error.filename, str) else str(folder)
        raise InputError(
            f"cannot read the folder: {error.strerror or error}",
            path=where,
            hint="check the folder is readable and not changing while align reads it",
        ) from error


def _declared_charset(data: bytes) -> str | None:
    """The ``<meta charset>`` of an HTML page, when a BOM does not already decide it."""
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return None
    match = _META_CHARSET.search(data[:8192])
    if not match:
        return None
    codec = text_codec(match.group(1).decode("ascii", "replace"))
    if codec is None:
        return None
    # Pages label CP949 content "euc-kr" (WHATWG maps the label to the superset); UTF-16 labels
    # inside an ASCII-readable page are wrong by construction.
    if codec in ("euc_kr", "cp949"):
        return "cp949"
    return None if codec.startswith("utf-16") or codec.startswith("utf-32") else codec


def _decode_declared(data: bytes, path: str, declared: str) -> tuple[str, str]:
    """Decode as the page's ``<meta charset>`` says; crawled pages often lie, so detect then."""
    try:
        return decode(data, path, encoding=declared)
    except InputError as error:
        if "binary" in error.message:
            raise
        return decode(data, path)


def decode(data: bytes, path: str, *, encoding: str | None = None) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding used)``; the BOM is removed.

    Refuses binary content (by magic number, NUL bytes or control characters).
    """
    if not data:
        return "", encoding or "utf-8"
    kind = _binary_kind(data)
    if kind is not None:
        raise InputError(
            f"looks like a binary file ({kind})",
            path=path,
            hint="give a plain-text or HTML article",
        )
    if encoding is not None:
        text, used = _decode_as(data, path, encoding), _codec_name(encoding)
    else:
        text, used = _detect(data, path)
    if text.startswith("\ufeff"):
        text = text[1:]
    _refuse_binary_text(text, path)
    return text, used


def encode_like(text: str, path: str, encoding: str, original: bytes) -> bytes:
    """``text`` in the encoding ``original`` (the bytes of ``path``) was decoded with, with the
    byte-order mark it started with, so a rewrite (``lint --fix``) keeps the file's form.

    A character the encoding cannot hold (a CP949 file given a term outside KS X 1001 and its
    Unified Hangul extension) is an ``ExportError`` at the character's line and column.
    """
    name = encoding.replace("_", "-").lower()
    bom = next((mark for mark, bom_name in _BOMS if bom_name == name), b"")
    if not original.startswith(bom):
        bom = b""  # a BOM-less UTF-16 file stays BOM-less
    codec = "utf-8" if name == "utf-8-sig" else name
    try:
        return bom + text.encode(codec)
    except UnicodeEncodeError as error:
        char = text[error.start]
        line, column = LineIndex(text).line_col(error.start)
        raise ExportError(
            f"not rewritten: the fix needs '{char}' (U+{ord(char):04X}), which the file's "
            f"encoding {encoding} cannot hold",
            path=path,
            line=line,
            column=column,
            hint="save the file as UTF-8 and run again, or make this change by hand",
        ) from error


def _binary_kind(data: bytes) -> str | None:
    """What a file with a known magic number is, unless its start is text after all."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            head = data[:4096]
            try:
                codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
            except UnicodeDecodeError:
                return kind
            return kind if b"\x00" in head else None
    return None


def _codec_name(encoding: str) -> str:
    codec = text_codec(encoding)
    if codec is None:
        raise ConfigError(
            f"unknown encoding {encoding!r} (or not a text encoding)",
            hint="use a Python codec name such as utf-8, cp949 or utf-16",
        )
    return codec.replace("_", "-")


def _decode_as(data: bytes, path: str, encoding: str, *, told_by: str = "") -> str:
    """Decode ``data`` as ``encoding``: given with --encoding, or ``told_by`` the file itself
    (its byte-order mark, its NUL bytes), when the remedy is to repair or re-save the file:
    only ``align split`` takes --encoding."""
    name = _codec_name(encoding)
    try:
        return data.decode(name)
    except UnicodeDecodeError as error:
        # utf-8-sig reports offsets past the BOM it skipped: count them in the file's bytes.
        at = error.start + (3 if name == "utf-8-sig" and data.startswith(codecs.BOM_UTF8) else 0)
        line, column = _position(data, at)
        what = f"invalid byte 0x{data[at]:02x}"
        if name.startswith("utf-16"):  # a code unit, not a byte, is what is wrong
            what = _utf16_problem(data[at : at + 2], name, error.reason)
        hint = "the file is in another encoding; try another --encoding"
        if told_by:
            hint = (
                f"{told_by} {name}, but the file is damaged or mixes encodings; re-save it as UTF-8"
            )
        raise InputError(
            f"cannot decode as {name}: {what}", path=path, line=line, column=column, hint=hint
        ) from error


def _utf16_problem(unit: bytes, name: str, reason: str) -> str:
    """What is wrong with the UTF-16 code unit ``unit`` (RFC 2781: a surrogate comes in a high
    and low pair), in words that name it, where Python says "illegal encoding"."""
    if len(unit) < 2:
        return f"an odd final byte 0x{unit.hex()} (truncated?)"
    value = int.from_bytes(unit, "big" if name.endswith("be") else "little")
    if 0xD800 <= value <= 0xDBFF:
        return f"lone surrogate U+{value:04X} (a high half without the low half after it)"
    if 0xDC00 <= value <= 0xDFFF:
        return f"lone surrogate U+{value:04X} (a low half without the high half before it)"
    return reason


def _detect(data: bytes, path: str) -> tuple[str, str]:
    """The text of an undeclared file and the encoding it was read in: a byte-order mark
    decides, then NUL bytes (UTF-16 without a mark, else binary), then UTF-8, then CP949 when
    the result reads as Korean. Korean news sites still serve EUC-KR, and a wrong guess would
    pass garbled text on in silence, so anything else is an error that says where it failed."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _decode_as(data, path, name, told_by="its byte-order mark says"), name
    if b"\x00" in data:
        guess = _bomless_utf16(data)
        if guess is None:
            raise InputError(
                "looks like a binary file (it contains NUL bytes)",
                path=path,
                line=_position(data, data.index(b"\x00"))[0],
                hint="give a plain-text or HTML article",
            )
        return _decode_as(data, path, guess, told_by="its NUL bytes suggest"), guess
    if data.isascii() and _ISO_2022_KR in data[:4096]:
        _refuse_other_korean(data, path, "ISO-2022-KR", "iso2022_kr")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        utf8_error = error
    prefix = data[: utf8_error.start]
    line, column = _position(data, utf8_error.start)
    if not prefix.isascii() and utf8_error.reason == "unexpected end of data":
        raise InputError(
            "the file ends in the middle of a UTF-8 character (truncated?)",
            path=path,
            line=line,
            column=column,
            hint="restore the complete file, or name its encoding (align split --encoding)",
        ) from utf8_error
    try:
        text = data.decode("cp949")
    except UnicodeDecodeError:
        text = ""
    if text and _plausible_korean(text):
        return text, "cp949"
    _refuse_other_korean(data, path, "JOHAB", "johab")
    byte = data[utf8_error.start]
    if not prefix.isascii():
        # Valid UTF-8 with non-ASCII text up to here: a damaged file or mixed encodings.
        raise InputError(
            f"invalid UTF-8 (byte 0x{byte:02x}) in a UTF-8 file",
            path=path,
            line=line,
            column=column,
            hint="the file mixes encodings or is damaged; re-save this line as UTF-8",
        ) from utf8_error
    raise InputError(
        f"cannot tell the encoding: invalid UTF-8 (byte 0x{byte:02x}) and not Korean CP949/EUC-KR",
        path=path,
        line=line,
        column=column,
        # Only align split takes --encoding: the other commands read a file as saved.
        hint="save it as UTF-8 (align split reads it with --encoding, e.g. latin-1)",
    ) from utf8_error


_ISO_2022_KR = b"\x1b$)C"
"""ISO-2022-KR's designator (RFC 1557): it heads the text, and shift-out bytes (0x0E) then
switch to KS X 1001 in 7-bit bytes."""


def _refuse_other_korean(data: bytes, path: str, name: str, codec: str) -> None:
    """Refuse a file that decodes as Korean text in ``codec``, an encoding align does not
    guess (Johab, ISO-2022-KR: rare, and either would pass for another guess's garbage), with
    the conversion to run. Otherwise return: the caller's own message follows.

    ISO-2022-KR is all ASCII, so it decoded as UTF-8 and was called binary (its shift bytes
    are control characters); Johab was "invalid UTF-8". Only the error path pays for this."""
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return
    if _plausible_korean(text):
        raise InputError(
            f"looks like Korean in {name}, an encoding align does not detect",
            path=path,
            hint=f"convert it to UTF-8: iconv -f {name} -t UTF-8 FILE > NEW_FILE; "
            f"align split also reads it with --encoding {codec}",
        )


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: mostly-ASCII text has NUL in every other byte."""
    if len(data) < 4 or len(data) % 2:
        return None
    even_nuls = data[0::2].count(0) / (len(data) // 2)
    odd_nuls = data[1::2].count(0) / (len(data) // 2)
    if odd_nuls > 0.3 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.3 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


_MARKUP = re.compile(r"<[^<>]{0,2000}>")


def _plausible_korean(text: str) -> bool:
    """CP949-decoded text reads as Korean: Hangul is at least the share of its letters that
    makes ``detect_lang`` call a text Korean, and most non-ASCII characters are Hangul
    syllables or CJK punctuation.

    CP949 holds only Korean beside ASCII, so a guess of CP949 must give Korean text: a few bad
    bytes in an English file (overlong UTF-8 ``C0 AF`` reads as 유) must not pass for it.
    """
    # Markup is not text: a page's tag and attribute names would outweigh its Hangul.
    if detect_lang(_MARKUP.sub(" ", text[:100_000])) != "ko":
        return False
    non_ascii = [char for char in text[:100_000] if ord(char) > 0x7F]
    if not non_ascii:
        return True
    hangul = sum(
        1
        for char in non_ascii
        if "\uac00" <= char <= "\ud7a3"
        or "\u3000" <= char <= "\u303f"
        or "\u2010" <= char <= "\u2027"
        or "\u3130" <= char <= "\u318f"
        or "\u00b7" == char
    )
    return hangul / len(non_ascii) >= 0.6


def _refuse_binary_text(text: str, path: str) -> None:
    """NUL anywhere, or many control characters near the start, mean the file is not text."""
    where = text.find("\x00")
    if where < 0:
        sample = text[:65536]
        controls = [match.start() for match in _CONTROL.finditer(sample)]
        if len(controls) > max(8, len(sample) // 100):
            where = controls[0]
    if where >= 0:
        raise InputError(
            "looks like a binary file (it contains control characters)",
            path=path,
            line=text.count("\n", 0, where) + 1,
            hint="give a plain-text or HTML article",
        )


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and byte column of ``offset`` in ``data``."""
    line_start = max(data.rfind(b"\n", 0, offset), data.rfind(b"\r", 0, offset)) + 1
    return data.count(b"\n", 0, offset) + 1, offset - line_start + 1


# --- plain text ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Line:
    start: int  # first non-space character
    end: int  # just past the last non-space character
    text: str  # the stripped line
    blank_before: bool  # a blank line (or the start of the file) precedes it


def _raw_lines(text: str) -> Iterator[tuple[int, str]]:
    """(offset, line without its end) for each line; LF, CR and CRLF end lines (``LineIndex``)."""
    if "\r" not in text:
        offset = 0
        for raw in text.split("\n"):
            yield offset, raw
            offset += len(raw) + 1
        return
    for match in _LINE.finditer(text):
        yield match.start(), match.group().rstrip("\r\n")
        if match.end() >= len(text):
            break


def _lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    blank = True
    for offset, raw in _raw_lines(text):
        stripped = raw.strip()
        if not stripped:
            blank = True
        else:
            start = offset + (len(raw) - len(raw.lstrip()))
            lines.append(_Line(start, start + len(stripped), stripped, blank))
            blank = False
    return lines


def classify_lines(lines: list[str]) -> list[Role]:
    """The role of each non-empty line of a plain-text article, read as a news page.

    The first line is the title when it reads like a headline; the headline-like lines after
    it (past any date line) are the deck (subtitle); ``roles.LINE_RULES`` recognise bylines,
    captions and page furniture; a line printed twice verbatim is a photo caption (saved pages
    repeat the caption as the image's alt text); everything else is body.
    """
    result: list[Role] = []
    in_head = True  # only the title, the deck and date lines so far
    has_title = False
    for index, line in enumerate(lines):
        rule_role = roles.role_of_line(line)
        role: Role
        if rule_role == "boilerplate":
            role = "boilerplate"
        elif index == 0 and len(lines) > 1 and roles.is_headline_like(line):
            role = "title"
        elif rule_role is not None:
            role = rule_role
        elif len(line) <= 400 and _next_to_twin(lines, index):
            role = "caption"
        elif (
            in_head
            and has_title
            and roles.is_headline_like(line, max_length=300)
            and not _continued(lines, index)
        ):
            role = "subtitle"
        else:
            role = "body"
        # The deck follows the title and date lines directly; anything else ends the head.
        in_head = in_head and role in ("title", "subtitle", "boilerplate")
        has_title = has_title or role == "title"
        result.append(role)
    return result


def _continued(lines: list[str], index: int) -> bool:
    """The next line carries on this one's sentence (a hard-wrapped paragraph)."""
    following = lines[index + 1] if index + 1 < len(lines) else ""
    return following[:1].islower()


def _next_to_twin(lines: list[str], index: int) -> bool:
    """A caption repeated as the image's alt text sits right next to its twin."""
    line = lines[index]
    return (index > 0 and lines[index - 1] == line) or (
        index + 1 < len(lines) and lines[index + 1] == line
    )


def parse_text(text: str, path: str, *, encoding: str = "utf-8") -> Article:
    """Split decoded plain text into role blocks and fill the article's title, date, byline...

    A block is one line, except that consecutive body lines (a hard-wrapped paragraph) form one
    block. Spans exclude surrounding white space (including trailing no-break spaces).
    """
    lines = _lines(text)
    line_roles = classify_lines([line.text for line in lines])
    blocks: list[Block] = []
    for line, role in zip(lines, line_roles, strict=True):
        previous = blocks[-1] if blocks else None
        if (
            role == "body"
            and previous is not None
            and previous.role == "body"
            and not line.blank_before
        ):
            blocks[-1] = Block("body", previous.start, line.end)
        else:
            blocks.append(Block(role, line.start, line.end))
    return Article(
        path=path,
        text=text,
        blocks=tuple(blocks),
        encoding=encoding,
        format="text",
        title=_first(text, blocks, "title"),
        subtitle=_first(text, blocks, "subtitle"),
        date=_date(text, blocks),
        byline=_first(text, blocks, "byline"),
        captions=_captions(text, blocks),
    )


def _first(text: str, blocks: list[Block], role: Role) -> str | None:
    for block in blocks:
        if block.role == role:
            return display_text(text[block.start : block.end])
    return None


def _captions(text: str, blocks: list[Block]) -> tuple[str, ...]:
    """Each caption once (saved pages repeat a caption as the image's alt text)."""
    captions: list[str] = []
    for block in blocks:
        if block.role == "caption":
            caption = display_text(text[block.start : block.end])
            if caption not in captions:
                captions.append(caption)
    return tuple(captions)


def _date(text: str, blocks: list[Block]) -> str | None:
    """The date of the first date line ("Posted on : 2024-03-26 16:46", "등록 : ...")."""
    for block in blocks:
        if block.role == "boilerplate":
            date = roles.find_date(text[block.start : block.end])
            if date:
                return date
    return None
