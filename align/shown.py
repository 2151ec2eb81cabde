"""File names as text a person or a UTF-8 format can hold: the one conversion every output uses.

On POSIX a file name is bytes; Python reads the bytes that are not UTF-8 as lone surrogates
(PEP 383, "surrogateescape"), so a ``str`` path opens the right file but cannot be written to a
UTF-8 report, JSON, Parquet, XML or a terminal. Paths stay in that lossless form inside align
and become text only here, at the edge: an undecodable byte is shown as ``\\xNN`` and a control
character (which would break a one-line message or drive a terminal) as ``\\x1b`` or
``\\u2028``. :func:`unshown` reverses it, for the paths align reads back from its own tables.
"""

from __future__ import annotations

import codecs
import os
import re
from urllib.parse import quote

# C0 and C1 controls, line and paragraph separators, and the invisible characters that reorder
# or hide what a terminal draws (bidi marks, overrides, isolates; zero-width characters).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    # \xNN above \x7f is kept for undecodable bytes, so a C1 control is shown as \u0080-\u009f.
    return f"\\x{code:02x}" if code < 0x80 else f"\\u{code:04x}"


def escape_undecodable(text: str) -> str:
    """``text`` with only the undecodable bytes of file names (surrogate escapes) as ``\\xNN``."""
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that no file name decodes to: show it escaped
        raw = text.encode("utf-8", "backslashreplace")
    return raw.decode("utf-8", "backslashreplace")


def shown(path: str | os.PathLike[str] | bytes) -> str:
    """``path`` as printable UTF-8 text: ``b'caf\\xe9.txt'`` (Latin-1 bytes) → ``caf\\xe9.txt``.

    A valid UTF-8 name (Hangul, emoji, NFD) is returned unchanged, so the display form of an
    ordinary path is the path itself.
    """
    return _CONTROL.sub(_escape, escape_undecodable(os.fsdecode(path)))


def uri_path(path: str | os.PathLike[str]) -> str:
    """``path``'s exact bytes percent-encoded for a URI (RFC 3986 §2.1): ``\\xff`` → ``%FF``."""
    return quote(os.fsencode(path))


_ESCAPE = re.compile(r"\\x([0-9a-f]{2})|\\u([0-9a-f]{4})")


def _unescape(match: re.Match[str]) -> str:
    code = int(match.group(1) or match.group(2), 16)
    # \x80-\xff stood for an undecodable byte (its surrogate escape); the rest were controls.
    return chr(0xDC00 + code) if match.group(1) and code >= 0x80 else chr(code)


def unshown(text: str) -> str:
    """The path that :func:`shown` turned into ``text``, so a pairs table align wrote opens
    its files again: ``text`` itself when a file has that name, else ``text`` unescaped."""
    if "\\" not in text or os.path.lexists(text):
        return text
    return _ESCAPE.sub(_unescape, text)


def _escape_undecodable(error: UnicodeError) -> tuple[str, int]:
    """A codec error handler: a file name's undecodable byte (a surrogate escape) as ``\\xNN``,
    any other unencodable character as Python's ``\\uNNNN``."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    bad = error.object[error.start : error.end]
    return "".join(
        f"\\x{ord(c) - 0xDC00:02x}" if 0xDC80 <= ord(c) <= 0xDCFF else f"\\u{ord(c):04x}"
        for c in bad
    ), error.end


STREAM_ERRORS = "align-shown"
"""The error handler :func:`escape_streams` installs on the console streams."""


def escape_streams(*streams: object) -> None:
    """Make ``streams`` (``sys.stdout``, ``sys.stderr``) print every character they cannot
    encode, above all a file name's undecodable bytes, escaped rather than raise or emit raw
    bytes, so no message that names a file can crash or garble the console."""
    codecs.register_error(STREAM_ERRORS, _escape_undecodable)
    for stream in streams:
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors=STREAM_ERRORS)
