"""GNU gettext PO files → segments (the PO format of the gettext manual, section 3).

An entry is optional comments, an optional ``msgctxt``, a ``msgid`` and a ``msgstr`` (or, for
plural forms, ``msgid_plural`` and ``msgstr[0]``, ``msgstr[1]``...); each string may continue on
the following lines as further ``"..."`` strings, with C escapes (``\\n``, ``\\t``, ``\\"``,
``\\\\``, octal and hex); a NUL in a string, written or escaped, is an error (gettext cuts the
message there), another control character written as is a warning. Every plural form is a segment:
form 0 translates ``msgid``, the others ``msgid_plural``; they are named ``id#n``. A segment's id
is its ``msgctxt`` when it has one, else its ``msgid``, ``%#/@`` percent-encoded; a context that
names several entries (or is another entry's ``msgid``) is followed by the ``msgid``,
``menu/Open``, as gettext tells entries apart by both (the scheme of :mod:`align.read.segmentids`).
``#, fuzzy`` marks the segment fuzzy (its state is then ``fuzzy``); an empty ``msgstr`` is an empty
(untranslated) target. Obsolete entries (``#~``) are skipped; the header (the entry with an empty
``msgid``) is not a segment but gives the languages: the target from ``Language:``, the source from
``X-Source-Language:`` (when the header names none: English, or Korean when Hangul dominates
the msgids' letters, said on stderr, as an app written in Korean has Korean msgids and gettext
keeps no source language). Translator (``# ``) and extracted
(``#.``) comments become the segment's note.

The file is decoded as the header's ``Content-Type: ...; charset=`` says (UTF-8 when it names
none, or the template's ``CHARSET``). Positions point into the quoted strings: the character
after the opening ``"``, through escapes and continued lines.
"""

from __future__ import annotations

import codecs
import logging
import re
from collections import Counter
from dataclasses import dataclass, field

from align.charsets import text_codec
from align.errors import InputError
from align.models import BilingualFile, Segment, SegmentText
from align.read import segmentids
from align.read.anchored import TextBuilder
from align.shown import shown
from align.text.normalize import detect_lang

LOG = logging.getLogger("align")

_CHARSET = re.compile(rb'"Content-Type:[^"\n]*?charset=([-\w.:]+)', re.IGNORECASE)
_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)[ \t]*(?=\")")
_LINE_END = re.compile(r"\r\n|\r|\n")
_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    '"': '"',
    "\\": "\\",
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "v": "\v",
    "?": "?",
    "'": "'",
}
_OCTAL = re.compile(r"[0-7]{1,3}")
_HEX = re.compile(r"x([0-9A-Fa-f]+)")
#: Control characters a string may hold as written: C0 (tab aside; line breaks end the line),
#: DEL and C1 (U+0080-U+009F, ISO/IEC 6429), which Unicode also gives category Cc.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass(frozen=True, slots=True)
class _Piece:
    """One quoted string as written: its content (escapes undecoded) and where it starts."""

    raw: str
    line: int
    column: int


@dataclass(slots=True)
class _Entry:
    """An entry while it is read: its fields (``msgid``, ``msgstr[1]``...) as pieces."""

    line: int
    fields: dict[str, list[_Piece]] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)
    obsolete: bool = False
    current: str | None = None


def decode_po(data: bytes, path: str) -> str:
    """The text of a PO file in the charset its header declares (byte-order mark removed)."""
    match = _CHARSET.search(data)
    label = match.group(1).decode("ascii") if match else "utf-8"
    if data.startswith(codecs.BOM_UTF8) or label.upper() == "CHARSET":
        label = "utf-8"
    codec = text_codec(label)
    if codec is None:
        raise InputError(
            f"the PO header names an unknown charset {label!r}",
            path=path,
            line=data.count(b"\n", 0, match.start()) + 1 if match else None,
            hint="set Content-Type: text/plain; charset=UTF-8 and save the file as UTF-8",
        )
    try:
        return data.decode(codec).removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        raise InputError(
            f"cannot decode as {codec}: invalid byte 0x{data[error.start]:02x}",
            path=path,
            line=data.count(b"\n", 0, error.start) + 1,
            hint="the header's charset is wrong: fix its Content-Type or re-save the file",
        ) from error


def read_po(
    text: str, path: str, source_lang: str | None, target_lang: str | None
) -> BilingualFile:
    """A decoded PO file as a ``BilingualFile``."""
    entries = [entry for entry in _entries(text, path) if not entry.obsolete]
    _warn_controls(entries, path)
    header: dict[str, str] = {}
    if entries and _is_header(entries[0]):
        header = _header(_decoded(entries.pop(0).fields["msgstr"], path).text)
    target = target_lang or header.get("language")
    if not target:
        raise InputError(
            "the PO header has no Language:",
            path=path,
            line=1,
            hint="add a Language: line to the header, or pass --tgt-lang",
        )
    names = _names(entries, path)
    segments = [
        segment
        for entry, name in zip(entries, names, strict=True)
        for segment in _segments(entry, name, path)
    ]
    source = source_lang or header.get("x-source-language") or _msgid_language(segments, path)
    declared = (header.get("x-source-language"), header.get("language"))
    return BilingualFile(path, "po", source, target, tuple(segments), declared=declared)


def _msgid_language(segments: list[Segment], path: str) -> str:
    """The source language of a PO file whose header names none: English (gettext's usual
    msgids), unless Hangul dominates the msgids' letters; then Korean, said once on stderr,
    since read as English their glossary terms would silently go unmatched."""
    sample = "\n".join(segment.source.text for segment in segments[:2000])
    if detect_lang(sample) != "ko":
        return "en"
    LOG.warning(
        "%s: warning: the PO header names no source language (X-Source-Language) and its "
        "msgids are Korean: read as ko (pass --src-lang to say otherwise)",
        shown(path),
    )
    return "ko"


def _names(entries: list[_Entry], path: str) -> list[str]:
    """Each entry's id: its ``msgctxt``, else its ``msgid`` (``%#/@`` percent-encoded); a
    context that is also another entry's id is followed by its ``msgid``, ``menu/Open``; an
    entry that repeats an earlier one's ``msgctxt`` and ``msgid`` (which ``msgfmt`` refuses) is
    named by its position, ``@4``, and said once on stderr; the first keeps the id."""
    keys = [
        (
            _decoded(entry.fields["msgctxt"], path).text if "msgctxt" in entry.fields else None,
            _decoded(entry.fields["msgid"], path).text,
        )
        for entry in entries
    ]
    short = [segmentids.escape(msgid if context is None else context) for context, msgid in keys]
    counts = Counter(short)
    names = [
        name if counts[name] == 1 or context is None else f"{name}/{segmentids.escape(msgid)}"
        for name, (context, msgid) in zip(short, keys, strict=True)
    ]
    unique, repeats = segmentids.first_names(names, shown=str)
    segmentids.warn_repeats(path, "entry", names, repeats, [entry.line for entry in entries])
    return unique


# --- entries -------------------------------------------------------------------------------------


def _entries(text: str, path: str) -> list[_Entry]:
    entries: list[_Entry] = []
    entry = _Entry(1)
    for number, line in enumerate(_LINE_END.split(text), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            if "msgid" in entry.fields or (entry.obsolete and not stripped.startswith("#~")):
                entries.append(_finished(entry, path))
                entry = _Entry(number)
            _comment(entry, stripped)
            continue
        keyword = _KEYWORD.match(line, len(line) - len(line.lstrip()))
        if keyword is not None:
            name = keyword.group(1)
            if name in ("msgctxt", "msgid") and (
                "msgid" in entry.fields or name in entry.fields or entry.obsolete
            ):
                entries.append(_finished(entry, path))
                entry = _Entry(number)
            if name not in ("msgctxt", "msgid") and "msgid" not in entry.fields:
                raise _syntax(path, number, f"{name} before its msgid")
            if name in entry.fields:
                raise _syntax(path, number, f"a second {name} in one entry")
            if not entry.fields:
                entry.line = number
            entry.current = name
            entry.fields[name] = [_string(line, keyword.end(), number, path)]
        elif stripped.startswith('"') and entry.current is not None:
            entry.fields[entry.current].append(
                _string(line, len(line) - len(line.lstrip()), number, path)
            )
        else:
            raise _syntax(path, number, f"cannot read {stripped[:40]!r}")
    entries.append(_finished(entry, path))
    return [entry for entry in entries if "msgid" in entry.fields or entry.obsolete]


def _comment(entry: _Entry, comment: str) -> None:
    if comment.startswith("#~"):
        entry.obsolete = True
    elif comment.startswith("#,"):
        entry.flags.update(flag.strip() for flag in comment[2:].split(","))
    elif comment.startswith("#.") or comment == "#" or comment.startswith("# "):
        entry.notes.append(comment[2:].strip())


def _finished(entry: _Entry, path: str) -> _Entry:
    """``entry`` once its fields are checked: a msgstr for a msgid, plural forms for a plural."""
    fields = entry.fields
    if entry.obsolete:
        return entry
    if "msgid" not in fields:
        if fields:
            raise _syntax(path, entry.line, "msgctxt without msgid")
        return entry
    plural = "msgid_plural" in fields
    forms = [name for name in fields if name.startswith("msgstr[")]
    if plural and ("msgstr" in fields or not forms):
        raise _syntax(path, entry.line, "msgid_plural needs msgstr[0], msgstr[1]... not msgstr")
    if not plural and forms:
        raise _syntax(path, entry.line, "msgstr[n] without msgid_plural")
    if not plural and "msgstr" not in fields:
        raise _syntax(path, entry.line, "msgid without msgstr")
    _check_form_numbers(forms, fields, path)
    return entry


def _check_form_numbers(forms: list[str], fields: dict[str, list[_Piece]], path: str) -> None:
    """Plural forms are ``msgstr[0]``, ``msgstr[1]``... without a gap, as msgfmt requires: a
    gap (``msgstr[5]`` after ``msgstr[0]``) is a typo that would name a segment ``id#5``."""
    numbered = sorted((int(name[len("msgstr[") : -1]), name) for name in forms)
    for expected, (number, name) in enumerate(numbered):
        if number != expected:
            raise _syntax(
                path,
                fields[name][0].line,
                f"msgstr[{number}] where msgstr[{expected}] comes next (plural forms are "
                "numbered from 0 without a gap)",
            )


def _string(line: str, start: int, number: int, path: str) -> _Piece:
    """The quoted string at ``line[start]``; nothing but space may follow it."""
    position = start + 1
    while position < len(line):
        char = line[position]
        if char == "\\":
            position += 2
            continue
        if char == '"':
            if line[position + 1 :].strip():
                raise _syntax(path, number, "text after the closing quote")
            piece = _Piece(line[start + 1 : position], number, start + 2)
            nul = piece.raw.find("\0")
            if nul >= 0:
                raise _nul(path, number, piece.column + nul)
            return piece
        position += 1
    raise _syntax(path, number, "the string has no closing quote")


def _is_header(entry: _Entry) -> bool:
    return "msgctxt" not in entry.fields and not _raw(entry.fields["msgid"])


def _header(text: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in text.split("\n"):
        name, colon, value = line.partition(":")
        if colon:
            fields[name.strip().lower()] = value.strip()
    return fields


def _raw(pieces: list[_Piece]) -> str:
    return "".join(piece.raw for piece in pieces)


# --- segments ------------------------------------------------------------------------------------


def _segments(entry: _Entry, name: str, path: str) -> list[Segment]:
    fields = entry.fields
    msgid = _decoded(fields["msgid"], path)
    fuzzy = "fuzzy" in entry.flags
    state = "fuzzy" if fuzzy else ""
    note = "\n".join(entry.notes)
    if "msgid_plural" not in fields:
        target = _decoded(fields["msgstr"], path)
        return [Segment(name, msgid, target, fuzzy, state, note)]
    plural = _decoded(fields["msgid_plural"], path)
    forms = sorted(
        (int(key[len("msgstr[") : -1]), pieces)
        for key, pieces in fields.items()
        if key.startswith("msgstr[")
    )
    return [
        Segment(
            segmentids.part(name, str(form)),
            msgid if form == 0 else plural,
            _decoded(pieces, path),
            fuzzy,
            state,
            note,
        )
        for form, pieces in forms
    ]


def _decoded(pieces: list[_Piece], path: str) -> SegmentText:
    """The strings' text, escapes decoded, with an anchor for each string and each escape."""
    builder = TextBuilder()
    for piece in pieces:
        builder.mark(piece.line, piece.column)
        raw = piece.raw
        position = 0
        while position < len(raw):
            escape = raw.find("\\", position)
            end = len(raw) if escape < 0 else escape
            builder.add(raw[position:end], piece.line, piece.column + position)
            if escape < 0:
                break
            char, position = _escape(raw, escape, piece, path)
            builder.written(
                char, (piece.line, piece.column + escape), (piece.line, piece.column + position)
            )
        builder.mark(piece.line, piece.column + len(raw))
    return builder.build()


def _escape(raw: str, start: int, piece: _Piece, path: str) -> tuple[str, int]:
    """The character of the escape at ``raw[start]`` and the index just past it."""
    letter = raw[start + 1 : start + 2]
    if letter in _ESCAPES:
        return _ESCAPES[letter], start + 2
    octal = _OCTAL.match(raw, start + 1)
    hexadecimal = _HEX.match(raw, start + 1)
    if octal is not None:
        code, end = int(octal.group(), 8), octal.end()
    elif hexadecimal is not None and int(hexadecimal.group(1), 16) <= 0x10FFFF:
        code, end = int(hexadecimal.group(1), 16), hexadecimal.end()
    else:
        raise InputError(
            f"unknown escape \\{letter} in a string",
            path=path,
            line=piece.line,
            column=piece.column + start,
            hint='write a backslash as \\\\ and a quote as \\"',
        )
    if code == 0:
        raise _nul(path, piece.line, piece.column + start)
    return chr(code), end


def _nul(path: str, line: int, column: int) -> InputError:
    """A NUL in a string, as written or escaped: gettext's lexer ends the string there, and a
    compiled catalog (the MO format of the gettext manual, section 10.3) stores messages
    NUL-terminated with plural forms NUL-separated, so the rest would be lost or misread."""
    return InputError(
        "a NUL character in a string (gettext cuts the message there)",
        path=path,
        line=line,
        column=column,
        hint="remove it: a gettext message cannot hold a NUL",
    )


def _warn_controls(entries: list[_Entry], path: str) -> None:
    """One warning for the control characters written as is in the strings (tab aside).

    gettext reads them (its writer escapes them, and warns of control escapes other than
    ``\\n`` and ``\\t`` in messages), so they are kept; but one written raw in a translation
    is nearly always a paste or a conversion gone wrong (a terminal colour code, a form feed),
    and invisible in most editors, so the first is named with its place and the rest counted."""
    found = [
        (piece, match)
        for entry in entries
        for pieces in entry.fields.values()
        for piece in pieces
        for match in _CONTROL.finditer(piece.raw)
    ]
    if not found:
        return
    piece, match = found[0]
    more = f"and {len(found) - 1} more in the file; " if len(found) > 1 else ""
    LOG.warning(
        "%s:%d:%d: warning: control character U+%04X in a string, read as is (%s%s)",
        shown(path),
        piece.line,
        piece.column + match.start(),
        ord(match.group()),
        more,
        _control_remedy(match.group()),
    )


def _control_remedy(char: str) -> str:
    """What to do about a control character ``char`` written in a string. A C1 one is nearly
    always a Windows-1252 character decoded as Latin-1 somewhere upstream (U+0092 for ’), and
    gettext has no escape for it (``\\x92`` is the byte, not UTF-8), so the character meant is
    named instead."""
    code = ord(char)
    if code < 0x80:
        return f"remove it, or write it as an escape such as \\x{code:02x} if it is meant"
    try:
        meant = bytes([code]).decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: no Windows-1252 character
        return "remove it"
    return f"most likely a Windows-1252 {meant!r} misread as Latin-1: write {meant!r}, or remove it"


def _syntax(path: str, line: int, what: str) -> InputError:
    return InputError(
        f"not a valid PO file: {what}",
        path=path,
        line=line,
        hint="check the entry against the gettext PO format, e.g. with msgfmt --check",
    )
