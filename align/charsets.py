"""Which names are text encodings: the one check every decoder of a user's file goes through.

A file's own label (an HTML ``<meta charset>``, an XML declaration, a PO header's
``Content-Type``) or ``--encoding`` may name anything in Python's codec registry, which also
holds bytes-to-bytes codecs (``base64``, ``zlib``, ``hex``, ``uu``) and str-to-str ones
(``rot13``) that cannot decode a file into text.
"""

from __future__ import annotations

import codecs

# Text codecs that no file is written in: the domain-name codecs, and "undefined".
_NOT_FILE_ENCODINGS = frozenset({"punycode", "idna", "undefined"})


def text_codec(name: str) -> str | None:
    """Python's name of the *text* encoding ``name`` (``euc-kr`` → ``euc_kr``), or ``None``
    when ``name`` is no codec or not one a file of text can be decoded with."""
    try:
        info = codecs.lookup(name)
    except (LookupError, TypeError, ValueError):
        return None
    # CodecInfo marks the codecs that str.encode/bytes.decode accept (Python 3.4+).
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_FILE_ENCODINGS:
        return None
    return info.name
